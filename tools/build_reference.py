"""Build ``src/coalitions/data/reference.json``, the embedded reference landscape.

The researched records live in ``tools/reference/*.json`` (each a landscape of
its own, with the states and domains it uses), and the sources of their dates
in ``tools/reference/facts/*.json`` (one per part: for each record, each key
date with the page that states it and a quote). This tool merges the parts,
replaces their states with the registry's records and their domains with the
standard catalogue, checks that every grouping and agreement cites a source,
names a domain and has a stated source for each key date (founded or signed,
in force, dissolved or ended), validates the result and writes it, with the
fact table in ``docs/reference-data.md``. ``--check`` only compares.

    python tools/build_reference.py          # write
    python tools/build_reference.py --check  # exit 1 if the shipped file is stale
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import coalitions
from coalitions import Landscape, registry
from coalitions.domains import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
PARTS = sorted((ROOT / "tools" / "reference").glob("*.json"))
FACTS = ROOT / "tools" / "reference" / "facts"
TARGET = ROOT / "src" / "coalitions" / "data" / "reference.json"
DOCS = ROOT / "docs" / "reference-data.md"
TABLE_START = "<!-- fact table: written by tools/build_reference.py -->"
TABLE_END = "<!-- end of the fact table -->"
HOLDS_START = "<!-- records: written by tools/build_reference.py -->"
HOLDS_END = "<!-- end of the records -->"

#: The day up to which the records were checked: later events are not in the data.
#: Stored news was found reasonably complete to this day (2026-11-30 check).
AS_OF = dt.date(2026, 4, 30)


def key_dates(entity: object) -> list[tuple[str, dt.date]]:
    """The key dates of a grouping or agreement: the fields the fact table must source."""
    found = []
    for field in ("founded", "signed", "in_force", "dissolved", "ended"):
        day = getattr(entity, field, None)
        if day is not None:
            found.append((field, day))
    return found


def facts_of(path: Path) -> dict[str, Any]:
    """The facts sidecar of one part (an empty one if it has none)."""
    sidecar = FACTS / path.name
    if not sidecar.exists():
        return {}
    records: dict[str, Any] = json.loads(sidecar.read_text(encoding="utf-8"))["records"]
    return records


def check_facts(path: Path, part: Landscape, problems: list[str]) -> None:
    facts = facts_of(path)
    for entity in (*part.agreements, *part.alliances, *part.minilaterals):
        entries = facts.get(entity.id, {}).get("dates", [])
        for field, day in key_dates(entity):
            stated = [e for e in entries if e.get("field") == field and e.get("source")]
            if not stated:
                problems.append(f"{path.name}: {entity.id}.{field} has no stated source in facts/")
            elif not any(e.get("date") == day.isoformat() for e in stated):
                dates = ", ".join(sorted({str(e.get("date")) for e in stated}))
                problems.append(
                    f"{path.name}: {entity.id}.{field} is {day.isoformat()}, facts/ say {dates}"
                )


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
        check_facts(path, part, problems)
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


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def fact_table() -> str:
    """The fact table: for every record, each key date and the source that states it."""
    lines = [
        TABLE_START,
        "",
        "| record | date | value | source | quote and notes |",
        "|---|---|---|---|---|",
    ]
    for path in PARTS:
        part = coalitions.load(path)
        facts = facts_of(path)
        for entity in sorted(
            (*part.agreements, *part.alliances, *part.minilaterals), key=lambda e: e.id
        ):
            entries = [e for e in facts.get(entity.id, {}).get("dates", []) if e.get("date")]
            entries.sort(key=lambda e: (str(e.get("field")), str(e.get("date"))))
            for entry in entries:
                source = entry.get("source") or "(none found)"
                link = f"<{source}>" if str(source).startswith("http") else _cell(source)
                quote = _cell(entry.get("quote") or "")
                note = _cell(entry.get("note") or "")
                text = f"“{quote}”" if quote else ""
                if note:
                    text += f" Note: {note}" if text else note
                lines.append(
                    f"| `{entity.id}` | {_cell(entry.get('field'))} | {_cell(entry.get('date'))}"
                    f" | {link} | {text} |"
                )
    lines += ["", TABLE_END]
    return "\n".join(lines)


def holdings(world: Landscape) -> str:
    """What the landscape holds: counts, then one row per grouping and agreement."""
    groupings = (*world.alliances, *world.minilaterals)
    lines = [
        HOLDS_START,
        "",
        f"{len(world.states)} states (the registry's records for every state that appears),"
        f" the {len(world.domains)} domains of the standard catalogue,"
        f" {len(groupings)} groupings ({len(world.alliances)} alliances,"
        f" {len(world.minilaterals)} minilaterals) and {len(world.agreements)} agreements:",
        "",
        "| id | name | kind | from | member states (ever) | ATOP |",
        "|---|---|---|---|---|---|",
    ]
    for entity in (
        *sorted(world.agreements, key=lambda e: e.id),
        *sorted(groupings, key=lambda e: e.id),
    ):
        if isinstance(entity, coalitions.Agreement):
            kind = f"agreement ({entity.kind.value.replace('_', ' ')})"
            spells, start, precision = entity.parties, entity.signed, entity.signed_precision
        else:
            kind = "alliance" if isinstance(entity, coalitions.Alliance) else (
                f"minilateral ({entity.formality.value.replace('_', ' ')})"
            )
            spells, start, precision = entity.members, entity.founded, entity.founded_precision
        members = len({s.state for s in spells if s.role is coalitions.Role.MEMBER})
        if not getattr(entity, "roster_complete", True):
            members_text = f"{members}+"
        else:
            members_text = str(members)
        lines.append(
            f"| `{entity.id}` | {_cell(entity.name)} | {kind} | {precision.describe(start)}"
            f" | {members_text} | {entity.external_ids.get('atop', '')} |"
        )
    lines += ["", HOLDS_END]
    return "\n".join(lines)


def docs_with_table(world: Landscape) -> str:
    text = DOCS.read_text(encoding="utf-8")
    for start_mark, end_mark, body in (
        (HOLDS_START, HOLDS_END, holdings(world)),
        (TABLE_START, TABLE_END, fact_table()),
    ):
        start, end = text.index(start_mark), text.index(end_mark) + len(end_mark)
        text = text[:start] + body + text[end:]
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="compare with the shipped file; write nothing"
    )
    args = parser.parse_args()
    world = build()
    text = coalitions.dumps(world, indent=2) + "\n"
    docs = docs_with_table(world)
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        stale = [
            name
            for name, path, wanted in ((TARGET.name, TARGET, text), (DOCS.name, DOCS, docs))
            if (path.read_text(encoding="utf-8") if path.exists() else "") != wanted
        ]
        if stale:
            print(f"{', '.join(stale)} stale: run python tools/build_reference.py", file=sys.stderr)
            return 1
        del current
        return 0
    TARGET.write_text(text, encoding="utf-8")
    DOCS.write_text(docs, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} and the fact table in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
