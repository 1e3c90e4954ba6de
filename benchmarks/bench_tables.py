"""Tables: ATOP member csv to directed dyad-year Parquet, against DuckDB, and memory.

Run with ``python benchmarks/bench_tables.py`` (``--data DIR`` for the folder
holding ``atop5_1m.csv``; default ``../shared/data`` beside the repository). It
needs pyarrow, pandas and duckdb (``pip install -e '.[bench,pandas,arrow]'``).

In one run:

1. End to end, each the median of ``--repeat`` runs: ``atop.read`` of the
   member file, the directed dyad-years 1815-2018 and ``write_parquet``
   (streamed from ``iter_dyad_years``, and from the ``dyad_years`` list),
   against DuckDB with one thread (``SET threads=1``) reading the same csv and
   building the same table in SQL: a self-join of member spells on ``atopid``
   with at least one common day, expanded to years, each alliance's latest
   spell of the first state per dyad-year, aggregated to the five flags, the
   number of alliances and their ids, and ``COPY`` to Parquet. Row counts of
   both are printed. Target: ratio at most 1.0.
2. ``to_arrow`` and ``to_pandas`` of the directed dyad-year list against
   building it (``dyad_years``). Target: well under the build. Then both
   taken straight from the stream (``iter_dyad_years``: the table built and
   converted, no list), against building the list alone.
3. Peak RSS of a subprocess writing the complete COW directed panel
   (1816-2024, 2.2 million rows) to Parquet, streamed and from the list, over
   its RSS once ATOP is read (on Linux the peak is reset after the read through
   ``/proc/self/clear_refs``): the extra memory the table takes.
   Target: at most 1 GB streamed.
4. The same for 11 million directed dyad-years (the issue's figure), from a
   synthetic landscape of 400 states in one pact for 70 years (and 100 of them
   in a second for 16): extra memory of the streamed write. Target: at most 1 GB.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from coalitions import atop, tables

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

DUCKDB_SQL = """
CREATE OR REPLACE TEMP VIEW spells AS
SELECT atopid, member,
       make_date(yrent, moent, coalesce(dayent, 1)) AS since,
       CASE WHEN yrexit = 0 THEN DATE '9999-12-31'
            ELSE make_date(yrexit, moexit, coalesce(dayexit, 1)) END AS until,
       yrent, CASE WHEN yrexit = 0 THEN 2018 ELSE yrexit END AS last,
       defense, offense, neutral, nonagg, consul
FROM read_csv_auto('{csv}', all_varchar=false);
COPY (
  WITH pairs AS (
    SELECT a.atopid, a.member AS state_a, b.member AS state_b, a.since AS since_a,
           greatest(a.yrent, b.yrent) AS first, least(a.last, b.last) AS last,
           a.defense, a.offense, a.neutral, a.nonagg, a.consul
    FROM spells a JOIN spells b
      ON a.atopid = b.atopid AND a.member <> b.member
     AND greatest(a.since, b.since) < least(a.until, b.until)
  ), years AS (
    SELECT *, unnest(generate_series(first, last)) AS year FROM pairs WHERE first <= last
  ), latest AS (
    SELECT * FROM years
    QUALIFY row_number() OVER (
      PARTITION BY state_a, state_b, year, atopid ORDER BY since_a DESC) = 1
  )
  SELECT state_a, state_b, year,
         bool_or(defense = 1) AS defense, bool_or(offense = 1) AS offense,
         bool_or(neutral = 1) AS neutral, bool_or(nonagg = 1) AS nonagg,
         bool_or(consul = 1) AS consul, count(*) AS number,
         list(CAST(atopid AS VARCHAR) ORDER BY atopid) AS alliances
  FROM latest GROUP BY state_a, state_b, year
  ORDER BY state_a, state_b, year
) TO '{out}' (FORMAT parquet);
"""

CHILD = """
import datetime as dt, itertools, resource, sys
from pathlib import Path
from coalitions import Alliance, Landscape, Membership, Obligation, State, atop, tables
mode, members, out = sys.argv[1:4]
if mode == "synthetic":
    # 400 states in one defence pact from 1949 (open), 100 of them also in a
    # consultation pact 1990-2005: 400 x 399 x 70 = 11,172,000 directed dyad-years.
    day = dt.date(1949, 1, 1)
    codes = ["".join(c) for c in itertools.product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=3)][:400]
    big = Alliance(id="BIG", name="Big", founded=day, obligations=[Obligation.DEFENSE],
                   members=[Membership(state=c, since=day) for c in codes])
    sub = Alliance(id="SUB", name="Sub", founded=dt.date(1990, 1, 1),
                   dissolved=dt.date(2005, 6, 30), obligations=[Obligation.CONSULTATION],
                   members=[Membership(state=c, since=dt.date(1990, 1, 1),
                                       until=dt.date(2005, 6, 30)) for c in codes[:100]])
    world = Landscape(states=[State(code=c, name=c, cow_code=i + 1) for i, c in enumerate(codes)],
                      alliances=[big, sub], as_of=dt.date(2018, 12, 31))
else:
    world = atop.read(members)
clear = Path("/proc/self/clear_refs")
if clear.exists():  # Linux: reset the peak, so it counts the table alone (over ATOP read)
    status = Path("/proc/self/status").read_text()
    before = int(next(l for l in status.splitlines() if l.startswith("VmRSS")).split()[1]) * 1024
    clear.write_text("5")
else:
    before = 0
if mode == "synthetic":
    tables.write_parquet(tables.iter_dyad_years(world), out)
elif mode == "stream":
    tables.write_parquet(tables.iter_dyad_years(world, complete=True), out)
elif mode == "list":
    tables.write_parquet(tables.dyad_years(world, complete=True), out)
if clear.exists():
    status = Path("/proc/self/status").read_text()
    peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) * 1024
else:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(before, peak)
"""


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss(mode: str, members: Path, out: Path) -> tuple[int, int]:
    """(RSS after atop.read, peak RSS from then on) of a subprocess writing the panel."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(members), str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    before, peak = done.stdout.split()[-2:]
    return int(before), int(peak)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-memory", action="store_true", help="skip the memory subprocesses")
    args = parser.parse_args(argv)
    members = args.data / "atop5_1m.csv"
    if not members.exists():
        print(f"no {members}: the benchmark runs on your own copy of ATOP 5.1", file=sys.stderr)
        return 1
    import duckdb
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as folder:
        ours = Path(folder) / "coalitions.parquet"
        theirs = Path(folder) / "duckdb.parquet"

        def coalitions_stream() -> None:
            world = atop.read(members)
            tables.write_parquet(tables.iter_dyad_years(world, True, 1815, 2018), ours)

        def coalitions_list() -> None:
            world = atop.read(members)
            tables.write_parquet(tables.dyad_years(world, True, 1815, 2018), ours)

        def duck() -> None:
            connection = duckdb.connect()
            connection.execute("SET threads=1")
            connection.execute(DUCKDB_SQL.format(csv=members, out=theirs))
            connection.close()

        print("1. ATOP member csv -> directed dyad-year Parquet, end to end")
        t_duck = median_seconds(duck, args.repeat)
        t_stream = median_seconds(coalitions_stream, args.repeat)
        t_list = median_seconds(coalitions_list, args.repeat)
        print(
            f"   duckdb (1 thread)          {t_duck:7.2f} s  {pq.read_metadata(theirs).num_rows:,} rows"
        )
        print(
            f"   coalitions, streamed       {t_stream:7.2f} s  {pq.read_metadata(ours).num_rows:,} rows"
            f"  ratio {t_stream / t_duck:.2f}x"
        )
        print(f"   coalitions, from the list  {t_list:7.2f} s  ratio {t_list / t_duck:.2f}x")

        print("2. to_arrow / to_pandas against building the table")
        world = atop.read(members)
        rows = tables.dyad_years(world, True, 1815, 2018)
        t_build = median_seconds(lambda: tables.dyad_years(world, True, 1815, 2018), args.repeat)
        t_arrow = median_seconds(lambda: tables.to_arrow(rows), args.repeat)
        t_pandas = median_seconds(lambda: tables.to_pandas(rows), args.repeat)
        print(f"   dyad_years (build)  {t_build:6.2f} s  {len(rows):,} rows")
        print(f"   to_arrow            {t_arrow:6.2f} s  {t_arrow / t_build:.2f}x the build")
        print(f"   to_pandas           {t_pandas:6.2f} s  {t_pandas / t_build:.2f}x the build")
        # From the stream there is no list to build: the frame is made from the columns.
        t_arrow_s = median_seconds(
            lambda: tables.to_arrow(tables.iter_dyad_years(world, True, 1815, 2018)), args.repeat
        )
        t_pandas_s = median_seconds(
            lambda: tables.to_pandas(tables.iter_dyad_years(world, True, 1815, 2018)), args.repeat
        )
        print(
            f"   to_arrow(iter_dyad_years)   {t_arrow_s:6.2f} s  {t_arrow_s / t_build:.2f}x"
            " the list's build alone"
        )
        print(
            f"   to_pandas(iter_dyad_years)  {t_pandas_s:6.2f} s  {t_pandas_s / t_build:.2f}x"
            " the list's build alone"
        )

        if not args.no_memory:
            print("3. complete COW directed panel to Parquet: peak RSS of a subprocess")
            panel = Path(folder) / "panel.parquet"
            mb = 1024 * 1024
            for mode in ("stream", "list"):
                before, peak = peak_rss(mode, members, panel)
                print(
                    f"   {mode:7} after atop.read {before / mb:6.0f} MB, peak writing {peak / mb:6.0f} MB,"
                    f" extra {(peak - before) / mb:6.0f} MB  ({pq.read_metadata(panel).num_rows:,} rows)"
                )
            print(
                "4. 11 million directed dyad-years (synthetic: 400 states, 70 years) to Parquet, streamed"
            )
            start = time.perf_counter()
            before, peak = peak_rss("synthetic", members, panel)
            print(
                f"   after building the landscape {before / mb:6.0f} MB, peak writing {peak / mb:6.0f} MB,"
                f" extra {(peak - before) / mb:6.0f} MB  ({pq.read_metadata(panel).num_rows:,} rows,"
                f" {time.perf_counter() - start:.1f} s with start-up)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
