"""Build ``src/coalitions/data/reference.json``, the embedded reference landscape.

The researched records live in ``tools/reference/*.json`` (each a landscape of
its own, with the states and domains it uses). This tool merges them, replaces
their states with the registry's records and their domains with the standard
catalogue, checks that every grouping and agreement cites a source and names a
domain, validates the result and writes it. ``--check`` only compares.

    python tools/build_reference.py          # write
    python tools/build_reference.py --check  # exit 1 if the shipped file is stale
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import coalitions
from coalitions import Landscape, registry
from coalitions.domains import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
PARTS = sorted((ROOT / "tools" / "reference").glob("*.json"))
TARGET = ROOT / "src" / "coalitions" / "data" / "reference.json"

#: The day up to which the records were checked: later events are not in the data.
AS_OF = dt.date(2025, 12, 31)


def build() -> Landscape:
    parts = [coalitions.load(path) for path in PARTS]
    problems: list[str] = []
    codes: set[str] = set()
    for path, part in zip(PARTS, parts, strict=True):
        for state in part.states:
            known = registry.get(state.code)
            if known is None:
                problems.append(f"{path.name}: state {state.code} is not in the registry")
            elif state.cow_code is not None and state.cow_code != known.cow_code:
                problems.append(
                    f"{path.name}: {state.code} has COW {state.cow_code}, registry {known.cow_code}"
                )
            codes.add(state.code)
        for entity in (*part.agreements, *part.alliances, *part.minilaterals):
            if not entity.sources:
                problems.append(f"{path.name}: {entity.id} cites no source")
            if not entity.domains:
                problems.append(f"{path.name}: {entity.id} names no domain")
    if problems:
        raise SystemExit("\n".join(problems))
    return Landscape(
        states=sorted((registry.lookup(code) for code in codes), key=lambda s: s.code),
        domains=CATALOGUE,
        agreements=[a for part in parts for a in part.agreements],
        alliances=[a for part in parts for a in part.alliances],
        minilaterals=[m for part in parts for m in part.minilaterals],
        as_of=AS_OF,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="compare with the shipped file; write nothing"
    )
    args = parser.parse_args()
    text = coalitions.dumps(build(), indent=2) + "\n"
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is stale: run python tools/build_reference.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
