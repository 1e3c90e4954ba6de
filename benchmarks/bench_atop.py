"""ATOP speed: importing the member file, and the full directed dyad-year table.

Run with ``python benchmarks/bench_atop.py`` (``--data DIR`` for another folder
holding ``atop5_1m.csv``; default ``../shared/data`` beside the repository).
It needs pandas (``pip install -e '.[bench,pandas]'``). ATOP is not shipped
with the package: the benchmark runs on your own copy of ATOP 5.1.

In one run, each measured as the median of ``--repeat`` runs:

1. ``coalitions.atop.read`` (parse, check every cell, map states, build and
   validate the landscape) against parsing the same file with the ``csv``
   module and nothing else. Target: at most 10x.
2. ``coalitions.tables.dyad_years`` for 1815-2018, directed, from the imported
   landscape, against a straightforward pandas implementation from the member
   file already in a DataFrame: self-join the rows by alliance, keep pairs
   with at least one common day, expand them to years, keep each alliance's
   latest row of the first state per dyad-year, and aggregate to one row per
   dyad-year with the five flags, the number of alliances and their ids.
   Target: ratio at most 1.0. Both tables are checked to be equal, and the row
   count is printed. For transparency the pandas time without the list of ids
   (the costly part for pandas) is printed too, as is each side end to end
   (reading the file included).
"""

from __future__ import annotations

import argparse
import csv
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coalitions import Landscape, atop, tables

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FLAGS = ("defense", "offense", "neutral", "nonagg", "consul")


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def plain_csv(path: Path) -> list[list[str]]:
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


# --- the pandas baseline


def pandas_dyad_years(members: Any, ids: bool = True) -> Any:
    import numpy as np

    df = members[["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit"]]
    df = df.assign(
        since=df.yrent * 10000 + df.moent * 100 + df.dayent.fillna(1).astype("int64"),
        until=np.where(
            df.yrexit == 0,
            99_999_999,
            df.yrexit * 10000 + df.moexit * 100 + df.dayexit.fillna(1).astype("int64"),
        ),
        last=np.where(df.yrexit == 0, 2018, df.yrexit),
        **{flag: members[flag] for flag in FLAGS},
    )
    pairs = df.merge(df, on="atopid", suffixes=("_a", "_b"))
    pairs = pairs[pairs.member_a != pairs.member_b]
    common = np.maximum(pairs.since_a, pairs.since_b) < np.minimum(pairs.until_a, pairs.until_b)
    pairs = pairs[common]
    first = np.maximum(pairs.yrent_a, pairs.yrent_b).to_numpy()
    last = np.minimum(pairs.last_a, pairs.last_b).to_numpy()
    count = last - first + 1
    years = pairs.loc[pairs.index.repeat(count)].reset_index(drop=True)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    years["year"] = np.repeat(first, count) + offsets
    years = years.sort_values("since_a", kind="stable").drop_duplicates(
        ["member_a", "member_b", "year", "atopid"], keep="last"
    )
    grouped = years.groupby(["member_a", "member_b", "year"])
    columns: dict[str, Any] = {flag: (f"{flag}_a", "max") for flag in FLAGS}
    columns["number"] = ("atopid", "size")
    if ids:
        columns["alliances"] = ("atopid", lambda s: tuple(sorted(s)))
    return grouped.agg(**columns).reset_index()


def _same(rows: list[tables.DyadYear], frame: Any, world: Landscape) -> bool:
    number = {s.code: s.cow_code or 8152 for s in world.states}
    ours = {
        (number[r.state_a], number[r.state_b], r.year): (
            r.defense,
            r.offense,
            r.neutral,
            r.nonagg,
            r.consul,
            r.number,
            tuple(sorted(atop.atopid(a) for a in r.alliances)),
        )
        for r in rows
    }
    theirs = {
        (int(t.member_a), int(t.member_b), int(t.year)): (
            *(bool(getattr(t, flag)) for flag in FLAGS),
            int(t.number),
            tuple(int(a) for a in t.alliances),
        )
        for t in frame.itertuples(index=False)
    }
    return ours == theirs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with atop5_1m.csv")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    args = parser.parse_args(argv)
    members = args.data / "atop5_1m.csv"
    if not members.exists():
        print(f"skipped: {members} not found (ATOP is not shipped; use your own copy)")
        return 0
    import pandas as pd

    print(f"ATOP member file: {members} ({members.stat().st_size:,} bytes)")
    print(f"python {sys.version.split()[0]}, pandas {pd.__version__}; median of {args.repeat}\n")

    # 1. import
    parse = median_seconds(lambda: plain_csv(members), args.repeat)
    read = median_seconds(lambda: atop.read(members), args.repeat)
    print("1. import the member file")
    print(f"   csv.reader only         {parse * 1e3:8.1f} ms")
    print(f"   coalitions.atop.read    {read * 1e3:8.1f} ms")
    print(f"   ratio                   {read / parse:8.1f}x   (target <= 10x)\n")

    # 2. directed dyad-years, 1815-2018
    world = atop.read(members)
    frame = pd.read_csv(members)
    ours = median_seconds(lambda: tables.dyad_years(world, start=1815, end=2018), args.repeat)
    theirs = median_seconds(lambda: pandas_dyad_years(frame), args.repeat)
    no_ids = median_seconds(lambda: pandas_dyad_years(frame, ids=False), args.repeat)
    rows = tables.dyad_years(world, start=1815, end=2018)
    reference = pandas_dyad_years(frame)
    end_to_end_ours = median_seconds(
        lambda: tables.dyad_years(atop.read(members), start=1815, end=2018), args.repeat
    )
    end_to_end_theirs = median_seconds(lambda: pandas_dyad_years(pd.read_csv(members)), args.repeat)
    print("2. directed dyad-years 1815-2018")
    print(f"   rows                    {len(rows):8,}   (pandas: {len(reference):,})")
    print(f"   identical tables        {_same(rows, reference, world)!s:>8}")
    print(f"   coalitions.dyad_years   {ours * 1e3:8.1f} ms")
    print(f"   pandas                  {theirs * 1e3:8.1f} ms")
    print(f"   ratio                   {ours / theirs:8.2f}    (target <= 1.0)")
    print(f"   pandas without the ids  {no_ids * 1e3:8.1f} ms   (ratio {ours / no_ids:.2f})")
    print(
        f"   end to end (read too)   {end_to_end_ours * 1e3:8.1f} ms against"
        f" {end_to_end_theirs * 1e3:.1f} ms (ratio {end_to_end_ours / end_to_end_theirs:.2f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
