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
3. ``atop.read(..., dyads=...)`` with ATOP's directed dyad-year file
   (``atop5_1ddyr_obligations.csv``) against ``atop.read`` alone, and the
   directed dyad-years from it against those of step 2 (the commitments cost
   nothing there); the rows equal to the file are counted.
4. A complete undirected COW dyad-year panel 1816-2024 (every pair of system
   members, ATOP flags merged, missing after 2018) against a pandas
   construction from the state list: expand each state's spells to years,
   self-join by year, keep pairs sharing a day, left-merge the undirected ATOP
   flags. Both row counts are printed: pandas keys on COW numbers, so it has
   one row where COW's 345 is two registry states in one year (Yugoslavia and
   Serbia, 2006): 191 rows fewer.
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
    # 3. with ATOP's directed dyad-year file
    dyads = args.data / "atop5_1ddyr_obligations.csv"
    if not dyads.exists():
        print(f"\nskipped 3 and 4: {dyads} not found")
        return 0
    plain_read = median_seconds(lambda: atop.read(members), args.repeat)
    with_dyads = median_seconds(lambda: atop.read(members, dyads=dyads), args.repeat)
    paired = atop.read(members, dyads=dyads)
    paired_rows = median_seconds(
        lambda: tables.dyad_years(paired, start=1815, end=2018), args.repeat
    )
    with open(dyads, newline="") as handle:
        file_rows = {
            (int(r["stateA"]), int(r["stateB"]), int(r["year"])): tuple(r[f] == "1" for f in FLAGS)
            for r in csv.DictReader(handle)
        }
    equal = sum(
        file_rows.get((r.cow_code_a, r.cow_code_b, r.year))
        == tuple(bool(getattr(r, f)) for f in FLAGS)
        for r in tables.dyad_years(paired)
    )
    print("\n3. import with the directed dyad-year file")
    print(f"   atop.read               {plain_read * 1e3:8.1f} ms")
    print(
        f"   atop.read(dyads=)       {with_dyads * 1e3:8.1f} ms   (ratio {with_dyads / plain_read:.1f})"
    )
    print(
        f"   dyad_years from it      {paired_rows * 1e3:8.1f} ms   (ratio to step 2:"
        f" {paired_rows / ours:.2f})"
    )
    print(f"   rows equal to the file  {equal:8,} of {len(file_rows):,}")

    # 4. a complete panel
    world_full = paired
    ours_panel = median_seconds(
        lambda: tables.dyad_years(world_full, directed=False, complete=True), args.repeat
    )
    panel = tables.dyad_years(world_full, directed=False, complete=True)
    statelist = args.data / "statelist2024.csv"
    theirs_panel = median_seconds(
        lambda: pandas_panel(pd, statelist, panel_flags(pd, paired)), args.repeat
    )
    reference_panel = pandas_panel(pd, statelist, panel_flags(pd, paired))
    print("\n4. complete undirected COW dyad-years 1816-2024, ATOP flags merged")
    print(f"   rows                    {len(panel):8,}   (pandas: {len(reference_panel):,})")
    print(f"   coalitions              {ours_panel * 1e3:8.1f} ms")
    print(f"   pandas                  {theirs_panel * 1e3:8.1f} ms")
    print(f"   ratio                   {ours_panel / theirs_panel:8.2f}")
    return 0


def panel_flags(pd: Any, world: Landscape) -> Any:
    rows = tables.dyad_years(world, directed=False)
    return pd.DataFrame(
        {
            "ccode1": [r.cow_code_a for r in rows],
            "ccode2": [r.cow_code_b for r in rows],
            "year": [r.year for r in rows],
            "defense": [r.defense for r in rows],
        }
    ).dropna()


def pandas_panel(pd: Any, statelist: Path, flags: Any) -> Any:
    """The complete undirected panel the way a pandas user builds it."""
    import numpy as np

    states = pd.read_csv(statelist)
    states["since"] = pd.to_datetime(
        {"year": states.styear, "month": states.stmonth, "day": states.stday}
    )
    states["until"] = pd.to_datetime(
        {"year": states.endyear, "month": states.endmonth, "day": states.endday}
    ) + pd.Timedelta(days=1)
    counts = (states.endyear - states.styear + 1).to_numpy()
    years = states.loc[states.index.repeat(counts)].reset_index(drop=True)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    years["year"] = np.repeat(states.styear.to_numpy(), counts) + offsets
    years["low"] = np.maximum(
        years.since, pd.to_datetime({"year": years.year, "month": 1, "day": 1})
    )
    years["high"] = np.minimum(
        years.until, pd.to_datetime({"year": years.year + 1, "month": 1, "day": 1})
    )
    slim = years[["ccode", "year", "low", "high"]]
    pairs = slim.merge(slim, on="year", suffixes=("1", "2"))
    pairs = pairs[(pairs.ccode1 < pairs.ccode2)]
    pairs = pairs[np.maximum(pairs.low1, pairs.low2) < np.minimum(pairs.high1, pairs.high2)]
    pairs = pairs.drop_duplicates(["ccode1", "ccode2", "year"])
    merged = pairs.merge(flags, on=["ccode1", "ccode2", "year"], how="left")
    inside = merged.year <= 2018
    merged.loc[inside, "defense"] = merged.loc[inside, "defense"].fillna(False)
    return merged


if __name__ == "__main__":
    raise SystemExit(main())
