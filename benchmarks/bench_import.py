"""Import cost: ``import coalitions`` against importing its runtime dependencies.

Each statement runs in a fresh interpreter (``sys.executable -c``), which
prints the time the statement itself took (``time.perf_counter`` around it,
interpreter start-up left out). The statements take turns, ``--repeat`` times
(15 by default), after one untimed run of each, and the script prints the
median of each and its ratio to importing ``attrs``, ``cattrs`` and
``orjson``, the three packages ``coalitions`` needs at run time.

Compiled bytecode: the untimed run writes the ``__pycache__`` files, as any
installed package has them (``pip`` compiles them on install); the
environment variable ``PYTHONDONTWRITEBYTECODE`` is cleared for the runs, or
coalitions' own modules would be compiled from source on every import, and
the dependencies' would not.

Besides the bare import, it times what a program pays on first use: the model
and ``loads`` imported, and a first ``loads`` of a small document (the
generated readers are built on first use).

Run with ``python benchmarks/bench_import.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence

SMALL = '{"states": [{"code": "FRA", "name": "France"}, {"code": "DEU", "name": "Germany"}]}'

STATEMENTS: tuple[tuple[str, str], ...] = (
    ("import attrs, cattrs, orjson", "import attrs, cattrs, orjson"),
    ("import coalitions", "import coalitions"),
    ("from coalitions import Landscape, loads", "from coalitions import Landscape, loads"),
    ("first use: import, then loads(small)", f"import coalitions; coalitions.loads({SMALL!r})"),
    ("import coalitions.atop", "import coalitions.atop"),
)

BASELINE = STATEMENTS[0][0]


def run_once(statement: str, env: dict[str, str]) -> float:
    code = (
        "import time; _t = time.perf_counter()\n"
        f"{statement}\n"
        "print(time.perf_counter() - _t)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return float(result.stdout.strip().splitlines()[-1])


def median_import_times(repeat: int) -> dict[str, float]:
    """Median seconds per statement, each in a fresh interpreter, taking turns."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _, statement in STATEMENTS:  # untimed: writes any missing bytecode
        run_once(statement, env)
    times: dict[str, list[float]] = {name: [] for name, _ in STATEMENTS}
    for _ in range(repeat):
        for name, statement in STATEMENTS:
            times[name].append(run_once(statement, env))
    return {name: statistics.median(taken) for name, taken in times.items()}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per statement")
    args = parser.parse_args(argv)
    medians = median_import_times(args.repeat)
    base = medians[BASELINE]
    print(f"Median of {args.repeat} fresh interpreters each, taking turns:\n")
    width = max(len(name) for name in medians)
    print(f"{'statement':<{width}} {'time':>10} {'vs deps':>8}")
    print("-" * (width + 20))
    for name, seconds in medians.items():
        print(f"{name:<{width}} {seconds * 1e3:>7.1f} ms {seconds / base:>7.2f}x")
    ratio = medians["import coalitions"] / base
    verdict = "met" if ratio <= 1.3 else "NOT met"
    print(f"\nimport coalitions / import attrs, cattrs, orjson: {ratio:.2f}x (target <= 1.3x: {verdict})")


if __name__ == "__main__":
    main()
