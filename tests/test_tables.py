"""State-year and dyad-year tables: ATOP's rules, ATOP's own state-year file, the outputs."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import importlib
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import attrs
import pytest

from coalitions import (
    Agreement,
    Alliance,
    Commitment,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Role,
    State,
    Status,
    StatusSpell,
    ValidationError,
    atop,
    tables,
)
from coalitions.tables import DyadYear, StateYear

D = dt.date
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
MEMBERS = SHARED / "atop5_1m.csv"
STATE_YEARS = SHARED / "atop5_1sy.csv"
needs_atop = pytest.mark.skipif(
    not (MEMBERS.exists() and STATE_YEARS.exists()),
    reason=f"the ATOP 5.1 files are not in {SHARED}; ATOP is not redistributable, so the"
    " package ships no copy (see docs/atop.md)",
)
DEF, OFF, NEU, NON, CON = (
    Obligation.DEFENSE,
    Obligation.OFFENSE,
    Obligation.NEUTRALITY,
    Obligation.NON_AGGRESSION,
    Obligation.CONSULTATION,
)


def small_world() -> Landscape:
    """Three states, one alliance with a phase change and a late joiner, one exit."""
    return Landscape(
        states=[
            State(code="AAA", name="A", cow_code=1),
            State(code="BBB", name="B", cow_code=2),
            State(code="CCC", name="C"),
        ],
        alliances=[
            Alliance(
                id="X",
                name="X",
                founded=D(1900, 3, 1),
                obligations=[DEF, NEU],
                members=[
                    # A promises neutrality, then from mid-1902 defence instead.
                    Membership(
                        state="AAA", since=D(1900, 3, 1), until=D(1902, 6, 1), obligations=[NEU]
                    ),
                    Membership(state="AAA", since=D(1902, 6, 1), obligations=[DEF]),
                    Membership(
                        state="BBB", since=D(1900, 3, 1), until=D(1903, 1, 1), obligations=[]
                    ),
                    Membership(state="CCC", since=D(1903, 1, 1)),
                ],
            ),
            Alliance(
                id="Y",
                name="Y",
                founded=D(1901, 1, 1),
                dissolved=D(1902, 1, 1),
                obligations=[CON],
                members=[
                    Membership(state="AAA", since=D(1901, 1, 1), until=D(1902, 1, 1)),
                    Membership(state="BBB", since=D(1901, 1, 1), until=D(1902, 1, 1)),
                    Membership(
                        state="CCC", since=D(1901, 1, 1), until=D(1902, 1, 1), role=Role.OBSERVER
                    ),
                ],
            ),
        ],
        minilaterals=[
            Minilateral(
                id="M",
                name="M",
                founded=D(1900, 1, 1),
                mission="Talk",
                members=[Membership(state=c, since=D(1900, 1, 1)) for c in ("AAA", "BBB", "CCC")],
            )
        ],
        agreements=[
            Agreement(
                id="T",
                name="T",
                signed=D(1900, 1, 1),
                obligations=[OFF],
                parties=[Membership(state=c, since=D(1900, 1, 1)) for c in ("AAA", "BBB")],
            )
        ],
        as_of=D(1904, 6, 30),
    )


def flags(row: StateYear | DyadYear) -> str:
    return "".join(
        letter if value else "-"
        for letter, value in zip(
            "DONAC", (row.defense, row.offense, row.neutral, row.nonagg, row.consul), strict=True
        )
    )


def test_state_years_follow_atops_rules() -> None:
    rows = tables.state_years(small_world())
    got = [(r.state, r.year, flags(r), r.number, r.transyr, r.alliances) for r in rows]
    assert got == [
        ("AAA", 1900, "--N--", 1, True, ("X",)),
        ("AAA", 1901, "--N-C", 2, True, ("X", "Y")),
        # a phase change: the latest spell of the year decides
        ("AAA", 1902, "D---C", 2, True, ("X", "Y")),
        ("AAA", 1903, "D----", 1, False, ("X",)),
        ("AAA", 1904, "D----", 1, False, ("X",)),
        ("BBB", 1900, "-----", 1, True, ("X",)),
        ("BBB", 1901, "----C", 2, True, ("X", "Y")),
        # Y ended on 1 January 1902, yet 1902 counts: ATOP counts the year of exit
        ("BBB", 1902, "----C", 2, True, ("X", "Y")),
        ("BBB", 1903, "-----", 1, True, ("X",)),
        # C's spell has no obligations of its own: the alliance's apply
        ("CCC", 1903, "D-N--", 1, True, ("X",)),
        ("CCC", 1904, "D-N--", 1, False, ("X",)),
    ]
    assert all(r.atopally for r in rows)
    assert [r.cow_code for r in rows if r.state == "CCC"] == [None, None]


def test_state_years_between_years() -> None:
    rows = tables.state_years(small_world(), start=1902, end=1903)
    assert {r.year for r in rows} == {1902, 1903}
    assert tables.state_years(small_world(), start=1950) == []


def test_open_spells_run_to_the_landscape_as_of() -> None:
    world = small_world()
    assert max(r.year for r in tables.state_years(world, end=2100)) == 1904
    undated = Landscape(states=world.states, alliances=world.alliances)
    assert max(r.year for r in tables.state_years(undated)) == dt.date.today().year


def test_directed_dyad_years_carry_the_first_states_obligations() -> None:
    rows = tables.dyad_years(small_world())
    got = [(r.state_a, r.state_b, r.year, flags(r), r.number, r.alliances) for r in rows]
    assert got == [
        ("AAA", "BBB", 1900, "--N--", 1, ("X",)),
        ("AAA", "BBB", 1901, "--N-C", 2, ("X", "Y")),
        ("AAA", "BBB", 1902, "D---C", 2, ("X", "Y")),
        ("AAA", "BBB", 1903, "D----", 1, ("X",)),
        # C joins X the day B leaves: no common day, so no B-C row
        ("AAA", "CCC", 1903, "D----", 1, ("X",)),
        ("AAA", "CCC", 1904, "D----", 1, ("X",)),
        ("BBB", "AAA", 1900, "-----", 1, ("X",)),
        ("BBB", "AAA", 1901, "----C", 2, ("X", "Y")),
        ("BBB", "AAA", 1902, "----C", 2, ("X", "Y")),
        ("BBB", "AAA", 1903, "-----", 1, ("X",)),
        ("CCC", "AAA", 1903, "D-N--", 1, ("X",)),
        ("CCC", "AAA", 1904, "D-N--", 1, ("X",)),
    ]
    assert [(r.cow_code_a, r.cow_code_b) for r in rows[4:6]] == [(1, None), (1, None)]


def test_undirected_dyad_years_join_both_directions() -> None:
    world = small_world()
    directed = {(r.state_a, r.state_b, r.year): r for r in tables.dyad_years(world)}
    undirected = tables.dyad_years(world, directed=False)
    assert len(undirected) * 2 == len(directed)
    for r in undirected:
        assert r.state_a < r.state_b
        there = directed[r.state_a, r.state_b, r.year]
        back = directed[r.state_b, r.state_a, r.year]
        assert r.alliances == there.alliances == back.alliances
        assert flags(r) == "".join(
            x if x != "-" else y for x, y in zip(flags(there), flags(back), strict=True)
        )
    assert [r.year for r in tables.dyad_years(world, start=1903, end=1903)] == [1903] * 4


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int]] = []
    tables.state_years(small_world(), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    calls.clear()
    tables.dyad_years(small_world(), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


# --- output


def test_write_csv(tmp_path: Path) -> None:
    rows = tables.state_years(small_world())
    tables.write_csv(rows, tmp_path / "sy.csv")
    with open(tmp_path / "sy.csv", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == list(StateYear._fields)
    # AAA has COW number 1, which no G-W state has: an empty gw_code cell.
    assert written[2] == ["AAA", "1", "", "1901", "1", "0", "0", "1", "0", "1", "2", "1", "X;Y"]
    assert written[-1] == ["CCC", "", "", "1904", "1", "1", "0", "1", "0", "0", "1", "0", "X"]
    tables.write_csv([], tmp_path / "empty.csv", record=DyadYear)
    assert (tmp_path / "empty.csv").read_text().strip() == ",".join(DyadYear._fields)
    with pytest.raises(ValueError, match="record="):
        tables.write_csv([], tmp_path / "empty.csv")


def test_to_pandas() -> None:
    pytest.importorskip("pandas")
    frame = tables.to_pandas(tables.dyad_years(small_world()))
    assert list(frame.columns) == list(DyadYear._fields)
    assert len(frame) == 12
    assert str(frame["defense"].dtype) == "boolean"
    assert str(frame["cow_code_b"].dtype) == "Int64"
    assert str(frame["bilatno"].dtype) == "Int64"
    assert frame["cow_code_b"].isna().sum() == 2
    # through Arrow: a list of strings, Arrow-backed (no Python object per row)
    assert str(frame["alliances"].dtype) == "list<item: string>[pyarrow]"
    assert frame.loc[1, "alliances"] == ["X", "Y"]
    empty = tables.to_pandas([], record=StateYear)
    assert list(empty.columns) == list(StateYear._fields)
    assert len(empty) == 0


def test_to_arrow_and_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    rows = tables.state_years(small_world())
    table = tables.to_arrow(rows)
    assert table.num_rows == len(rows)
    assert table.schema.field("alliances").type == pa.list_(pa.string())
    assert table.schema.field("defense").type == pa.bool_()
    assert table.column("cow_code").null_count == 2
    tables.write_parquet(rows, tmp_path / "sy.parquet")
    back = parquet.read_table(tmp_path / "sy.parquet")
    assert back.equals(table)
    assert [
        StateYear(**{**r, "alliances": tuple(r["alliances"])}) for r in back.to_pylist()
    ] == rows
    assert tables.to_arrow([], record=DyadYear).num_rows == 0


@pytest.mark.parametrize(
    ("function", "module", "extra"),
    [
        ("to_pandas", "pandas", "pandas"),
        ("to_arrow", "pyarrow", "arrow"),
        ("write_parquet", "pyarrow.parquet", "arrow"),
    ],
)
def test_a_missing_extra_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, function: str, module: str, extra: str
) -> None:
    real = importlib.import_module

    def refuse(name: str, package: str | None = None) -> Any:
        if name.split(".")[0] == module.split(".")[0]:
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", refuse)
    rows = tables.state_years(small_world())
    args: tuple[Any, ...] = (rows, tmp_path / "x") if function == "write_parquet" else (rows,)
    with pytest.raises(ImportError, match=rf"pip install 'coalitions\[{extra}\]'"):
        getattr(tables, function)(*args)


def test_importing_coalitions_imports_no_optional_dependency() -> None:
    code = (
        "import sys, coalitions, coalitions.atop, coalitions.tables, coalitions.graph\n"
        "loaded = {'pandas', 'pyarrow', 'networkx', 'numpy'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- ATOP's own tables


@pytest.fixture(scope="module")
def atop51() -> Landscape:
    return atop.read(MEMBERS)


def _atop_state_years() -> dict[tuple[int, int], tuple[Any, ...]]:
    with open(STATE_YEARS, newline="") as handle:
        found = {}
        for r in csv.DictReader(handle):
            ids = sorted(int(r[f"atopid{i}"]) for i in range(1, 60) if r[f"atopid{i}"])
            found[int(r["state"]), int(r["year"])] = (
                *(int(r[c]) for c in ("atopally", "defense", "offense", "neutral", "nonagg")),
                *(int(r[c]) for c in ("consul", "number", "transyr")),
                tuple(ids),
            )
        return found


@needs_atop
def test_state_years_reproduce_atops_state_year_file(atop51: Landscape) -> None:
    expected = _atop_state_years()
    assert len(expected) == 11923
    rows = tables.state_years(atop51)
    inside = [r for r in rows if r.cow_code is not None]
    ours = {
        (r.cow_code, r.year): (
            *(int(v) for v in (r.atopally, r.defense, r.offense, r.neutral, r.nonagg)),
            *(int(v) for v in (r.consul, r.number, r.transyr)),
            tuple(sorted(atop.atopid(a) for a in r.alliances)),
        )
        for r in inside
    }
    assert len(ours) == len(inside) == 11923
    # Every row, every column, for every state in the COW system.
    assert ours == expected
    # The only rows ATOP's file lacks: Annam (ATOP code 8152), outside the COW system.
    outside = [r for r in rows if r.cow_code is None]
    assert {r.state for r in outside} == {"XAN"}
    assert [r.year for r in outside] == list(range(1874, 1884))


def _reference_dyad_years() -> dict[tuple[int, int, int], tuple[int, tuple[int, ...]]]:
    """Directed dyad-years straight from the member rows, by brute force.

    Two rows of one alliance share it in every year of their common days (at
    least one); in a year, A's obligations in an alliance are those of its
    latest row there (parallel rows entering on the same day add up).
    """

    def day(year: str, month: str, day: str) -> dt.date | None:
        if year == "0":
            return None
        return dt.date(int(year), int(month or 1), int(day or 1))

    by_alliance: defaultdict[int, list[tuple[int, dt.date, dt.date | None, int]]] = defaultdict(
        list
    )
    with open(MEMBERS, newline="") as handle:
        for r in csv.DictReader(handle):
            since = day(r["yrent"], r["moent"], r["dayent"])
            assert since is not None
            mask = sum(
                1 << i
                for i, column in enumerate(("defense", "offense", "neutral", "nonagg", "consul"))
                if r[column] == "1"
            )
            by_alliance[int(r["atopid"])].append(
                (int(r["member"]), since, day(r["yrexit"], r["moexit"], r["dayexit"]), mask)
            )
    cells: dict[tuple[int, int, int], dict[int, tuple[dt.date, int]]] = defaultdict(dict)
    for number, rows in by_alliance.items():
        for a, since_a, until_a, mask_a in rows:
            for b, since_b, until_b, _ in rows:
                lo = max(since_a, since_b)
                hi = min(until_a or dt.date.max, until_b or dt.date.max)
                if a == b or lo >= hi:
                    continue
                for year in range(lo.year, min(hi.year, 2018) + 1):
                    cell = cells[a, b, year]
                    held = cell.get(number)
                    if held is None or since_a > held[0]:
                        cell[number] = (since_a, mask_a)
                    elif since_a == held[0]:
                        cell[number] = (since_a, mask_a | held[1])
    found = {}
    for key, cell in cells.items():
        mask = 0
        for _, bits in cell.values():
            mask |= bits
        found[key] = (mask, tuple(sorted(cell)))
    return found


@needs_atop
def test_dyad_years_agree_with_a_brute_force_count_from_the_rows(atop51: Landscape) -> None:
    gc.disable()  # hundreds of thousands of small objects, no cycles: collections only slow it
    try:
        expected = _reference_dyad_years()
    finally:
        gc.enable()
    number = {s.code: s.cow_code or 8152 for s in atop51.states}
    rows = tables.dyad_years(atop51)
    assert len(rows) == len(expected) == 273316
    ours = {
        (number[r.state_a], number[r.state_b], r.year): (
            sum(
                1 << i
                for i, v in enumerate((r.defense, r.offense, r.neutral, r.nonagg, r.consul))
                if v
            ),
            tuple(sorted(atop.atopid(a) or 0 for a in r.alliances)),
        )
        for r in rows
    }
    assert ours == expected
    # 273,296 between states of the COW system: the row count of ATOP's own
    # directed dyad-year file (atop5_1ddyr.csv), which is not among the files here.
    assert sum(r.cow_code_a is not None and r.cow_code_b is not None for r in rows) == 273296
    undirected = tables.dyad_years(atop51, directed=False)
    assert len(undirected) == 136658


# --- issue 10: ATOP's dyad files, complete panels, relevance

DYADS = SHARED / "atop5_1ddyr_obligations.csv"
STATE_LISTS = {"cow": SHARED / "statelist2024.csv", "gw": SHARED / "gwstates.csv"}
needs_dyads = pytest.mark.skipif(
    not (MEMBERS.exists() and DYADS.exists()),
    reason=f"ATOP 5.1's member file and directed dyad-year file are not in {SHARED}",
)
needs_lists = pytest.mark.skipif(
    not all(path.exists() for path in STATE_LISTS.values()),
    reason=f"the COW and G-W state lists are not in {SHARED}",
)
FLAG_NAMES = ("defense", "offense", "neutral", "nonagg", "consul")


def _atop_dyads() -> dict[tuple[int, int, int], tuple[int, ...]]:
    with open(DYADS, newline="") as handle:
        return {
            (int(r["stateA"]), int(r["stateB"]), int(r["year"])): tuple(
                int(r[c]) for c in FLAG_NAMES
            )
            for r in csv.DictReader(handle)
        }


def _ours(rows: list[DyadYear]) -> dict[tuple[int, int, int], tuple[int, ...]]:
    return {
        (r.cow_code_a, r.cow_code_b, r.year): tuple(int(bool(getattr(r, c))) for c in FLAG_NAMES)
        for r in rows
        if r.cow_code_a is not None and r.cow_code_b is not None
    }


@pytest.fixture(scope="module")
def atop51_dyads() -> Landscape:
    return atop.read(MEMBERS, dyads=DYADS)


@needs_dyads
def test_directed_dyad_years_equal_atops_directed_file(
    atop51: Landscape, atop51_dyads: Landscape
) -> None:
    expected = _atop_dyads()
    assert len(expected) == 273296
    # From the member file alone: the same rows, and the flags of the asymmetric
    # alliances' pairs too generous on a few hundred of them.
    alone = _ours(tables.dyad_years(atop51))
    assert alone.keys() == expected.keys()
    differ = [key for key in expected if alone[key] != expected[key]]
    assert len(differ) == 346
    assert all(
        all(o >= e for o, e in zip(alone[key], expected[key], strict=True)) for key in differ
    )
    # With the dyad file, every row and every flag.
    ours = _ours(tables.dyad_years(atop51_dyads))
    assert ours == expected


@needs_dyads
def test_the_tables_agree_with_the_ties(atop51_dyads: Landscape) -> None:
    """The tables read the tie machinery: on the last day of a year, A's flags
    toward B are what Landscape.ties says A owes B through their alliances."""
    column = {obligation: name for name, obligation in atop.OBLIGATION_COLUMNS}
    day = D(1855, 12, 31)
    checked = 0
    for row in tables.dyad_years(atop51_dyads, start=1855, end=1855):
        links = [
            link
            for link in atop51_dyads.ties(row.state_a, at=day)
            if link.other == row.state_b and link.via in (row.alliances or ())
        ]
        if not links:  # they shared an alliance only earlier that year
            continue
        owed = frozenset().union(*(link.owes for link in links))
        assert {column[o] for o in owed} == {name for name in FLAG_NAMES if getattr(row, name)}
        checked += 1
    assert checked > 100


@needs_dyads
def test_state_years_still_match_atop_with_the_dyad_file(atop51_dyads: Landscape) -> None:
    expected = _atop_state_years()
    rows = [r for r in tables.state_years(atop51_dyads) if r.cow_code is not None]
    assert {
        (r.cow_code, r.year): (
            *(int(bool(v)) for v in (r.atopally, r.defense, r.offense, r.neutral, r.nonagg)),
            *(int(v or 0) for v in (r.consul, r.number, r.transyr)),
            tuple(sorted(atop.atopid(a) or 0 for a in (r.alliances or ()))),
        )
        for r in rows
    } == expected


@needs_atop
def test_undirected_rows_put_the_lower_cow_number_first(atop51: Landscape) -> None:
    rows = tables.dyad_years(atop51, directed=False)
    usa_can = [r for r in rows if r.year == 2000 and {r.state_a, r.state_b} == {"USA", "CAN"}]
    assert [(r.state_a, r.cow_code_a, r.cow_code_b) for r in usa_can] == [("USA", 2, 20)]
    assert all(
        r.cow_code_a < r.cow_code_b
        for r in rows
        if r.cow_code_a is not None and r.cow_code_b is not None
    )
    # Every allied COW dyad-year of 2000 can be found by (ccode1 < ccode2, year).
    directed = {
        (r.cow_code_a, r.cow_code_b) for r in tables.dyad_years(atop51, start=2000, end=2000)
    }
    undirected = {(r.cow_code_a, r.cow_code_b) for r in rows if r.year == 2000}
    assert undirected == {(a, b) for a, b in directed if a is not None and b is not None and a < b}
    assert len(undirected) == 2999


@needs_atop
def test_atops_dyad_columns(atop51: Landscape) -> None:
    rows = tables.dyad_years(atop51, directed=False)
    bilateral = {}
    with open(SHARED / "atop5_1a.csv", newline="") as handle:
        for r in csv.DictReader(handle):
            bilateral[atop.alliance_id(int(r["atopid"]))] = r["bilat"] == "1"
    ours = {a.id: len({m.state for m in a.members}) == 2 for a in atop51.alliances}
    # The model counts an alliance's member states over its whole life; ATOP codes
    # some by phase (SEATO's second phase, the Czechoslovak successor treaties).
    assert sum(ours[a] != bilateral[a] for a in ours) == 15
    for r in rows[:: len(rows) // 5000]:
        assert r.number == len(r.alliances or ()) == (r.bilatno or 0) + (r.multino or 0)
        assert r.bilatno == sum(ours[a] for a in r.alliances or ())
        assert r.shareob == (not any(getattr(r, c) for c in FLAG_NAMES))


def test_shareob_transyr_bilat_and_asymm_on_a_small_world() -> None:
    world = small_world()
    rows = {(r.state_a, r.state_b, r.year): r for r in tables.dyad_years(world)}
    # B owes A nothing in X in 1900, but A owes B neutrality: not shareob either way
    assert rows["BBB", "AAA", 1900].shareob is False
    assert rows["AAA", "BBB", 1901].bilatno == 1  # Y has two member states (C only observes)
    assert rows["AAA", "BBB", 1901].multino == 1
    assert rows["AAA", "BBB", 1900].asymm is True  # X's members owe different things
    assert rows["AAA", "BBB", 1903].transyr is True  # B leaves X on 1 January 1903
    assert rows["AAA", "CCC", 1904].transyr is False


def test_commitments_and_statuses_reach_the_tables() -> None:
    day = D(1950, 1, 1)
    world = Landscape(
        states=[
            State(code=c, name=c, cow_code=n) for c, n in (("AAA", 2), ("BBB", 20), ("CCC", 70))
        ],
        alliances=[
            Alliance(
                id="G",
                name="Guarantee",
                founded=day,
                obligations=[DEF, CON],
                members=[
                    Membership(
                        state="AAA",
                        since=day,
                        toward=[Commitment(toward="BBB", obligations=[CON])],
                    ),
                    Membership(
                        state="BBB",
                        since=day,
                        statuses=[
                            StatusSpell(
                                status=Status.SUSPENDED, since=D(1952, 3, 1), until=D(1953, 6, 1)
                            )
                        ],
                    ),
                    Membership(state="CCC", since=day),
                ],
            )
        ],
        as_of=D(1954, 12, 31),
    )
    rows = {(r.state_a, r.state_b, r.year): r for r in tables.dyad_years(world)}
    assert flags(rows["AAA", "BBB", 1950]) == "----C"  # the commitment toward B
    assert flags(rows["AAA", "CCC", 1950]) == "D---C"
    # B's whole membership is suspended on 31 December 1952: nothing owed either way
    assert flags(rows["BBB", "CCC", 1952]) == "-----"
    assert rows["BBB", "CCC", 1952].shareob is True
    assert flags(rows["CCC", "BBB", 1952]) == "-----"
    assert flags(rows["BBB", "CCC", 1953]) == "D---C"
    assert flags(rows["AAA", "CCC", 1952]) == "D---C"
    state = {(r.state, r.year): r for r in tables.state_years(world)}
    assert flags(state["BBB", 1952]) == "-----"
    assert flags(state["BBB", 1953]) == "D---C"
    # the same answer as the ties on the same day
    owes = {t.other: t.owes for t in world.ties("BBB", at=D(1952, 12, 31))}
    assert owes == {"AAA": frozenset(), "CCC": frozenset()}


def test_nna_leaves_out_pure_non_aggression_pacts() -> None:
    day = D(1939, 8, 23)
    world = Landscape(
        states=[
            State(code="DEU", name="Germany", cow_code=255),
            State(code="RUS", name="Russia", cow_code=365),
        ],
        alliances=[
            Alliance(
                id="MR",
                name="Molotov-Ribbentrop",
                founded=day,
                obligations=[NON, CON],
                members=[
                    Membership(state=c, since=day, until=D(1941, 6, 22)) for c in ("DEU", "RUS")
                ],
            ),
            Alliance(
                id="NA",
                name="Pure pact",
                founded=day,
                obligations=[NON],
                members=[
                    Membership(state=c, since=day, until=D(1941, 6, 22)) for c in ("DEU", "RUS")
                ],
            ),
        ],
        as_of=D(1945, 1, 1),
    )
    assert {r.number for r in tables.dyad_years(world)} == {2}
    assert {r.alliances for r in tables.dyad_years(world, nna=True)} == {("MR",)}
    assert {r.alliances for r in tables.state_years(world, nna=True)} == {("MR",)}


def _system_years(system: str) -> dict[int, list[tuple[int, dt.date, dt.date]]]:
    """An independent construction from the state list itself: year -> (number, first
    day in the system that year, day after the last)."""
    found: dict[int, list[tuple[int, dt.date, dt.date]]] = defaultdict(list)
    last_year = 2024 if system == "cow" else 2020
    with open(STATE_LISTS[system], newline="") as handle:
        for r in csv.DictReader(handle):
            if system == "cow":
                number = int(r["ccode"])
                since = dt.date(int(r["styear"]), int(r["stmonth"]), int(r["stday"]))
                last = dt.date(int(r["endyear"]), int(r["endmonth"]), int(r["endday"]))
            else:
                number = int(r["gwcode"])
                since = dt.date.fromisoformat(r["start"])
                last = dt.date.fromisoformat(r["end"])
            for year in range(since.year, min(last.year, last_year) + 1):
                low = max(since, dt.date(year, 1, 1))
                high = min(last, dt.date(year, 12, 31)) + dt.timedelta(days=1)
                found[year].append((number, low, high))
    return found


@needs_lists
@pytest.mark.parametrize("system", ["cow", "gw"])
def test_complete_panels_match_the_state_lists(system: str) -> None:
    world = small_world()
    by_year = _system_years(system)
    code = "cow_code" if system == "cow" else "gw_code"
    # State-years: the (number, year) pairs of the list, all of them, for every year.
    panel = tables.state_years(world, complete=True, system=system)
    assert {(getattr(r, code), r.year) for r in panel} == {
        (number, year) for year, spells in by_year.items() for number, _, _ in spells
    }
    assert min(r.year for r in panel) == 1816
    assert max(r.year for r in panel) == (2024 if system == "cow" else 2020)
    # Dyad-years: every pair of numbers sharing a day in the year, here over 1938-1992
    # (world wars, decolonisation and the end of the Cold War: many entries and exits).
    dyads = tables.dyad_years(
        world, directed=False, start=1938, end=1992, complete=True, system=system
    )
    ours = {
        (
            min(getattr(r, f"{code}_a"), getattr(r, f"{code}_b")),
            max(getattr(r, f"{code}_a"), getattr(r, f"{code}_b")),
            r.year,
        )
        for r in dyads
    }
    expected = set()
    for year in range(1938, 1993):
        spells = by_year[year]
        for i, (a, lo_a, hi_a) in enumerate(spells):
            for b, lo_b, hi_b in spells[i + 1 :]:
                if a != b and max(lo_a, lo_b) < min(hi_a, hi_b):
                    expected.add((min(a, b), max(a, b), year))
    assert ours == expected
    # undirected: the lower number first
    assert all(getattr(r, f"{code}_a") < getattr(r, f"{code}_b") for r in dyads)


def test_coverage_is_missing_not_zero() -> None:
    world = attrs.evolve(small_world(), start=D(1900, 1, 1))
    rows = tables.dyad_years(world, directed=False, start=1899, end=1906, complete=True)
    by_year = defaultdict(list)
    for r in rows:
        by_year[r.year].append(r)
    for year in (1899, 1905, 1906):  # before start, after as_of (1904)
        assert all(
            r.atopally is None and r.defense is None and r.number is None for r in by_year[year]
        )
    for year in range(1900, 1905):
        assert all(r.atopally is not None and r.number is not None for r in by_year[year])
        assert any(r.atopally is False and r.number == 0 for r in by_year[year])
    states = tables.state_years(world, start=1899, end=1906, complete=True)
    assert {r.defense for r in states if r.year == 1906} == {None}
    assert {r.defense for r in states if r.year == 1903} == {
        False
    }  # A, B, C have no COW membership
    pytest.importorskip("pandas")
    frame = tables.to_pandas(rows)
    assert frame.loc[frame.year == 1906, "defense"].isna().all()
    assert not frame.loc[frame.year == 1903, "defense"].isna().any()


def test_relevant_dyads() -> None:
    rows = tables.dyad_years(
        small_world(), directed=False, start=2000, end=2000, complete=True, relevant=True
    )
    everyone = tables.dyad_years(small_world(), directed=False, start=2000, end=2000, complete=True)
    assert 0 < len(rows) < len(everyone)
    pairs = {(r.cow_code_a, r.cow_code_b) for r in rows}
    assert (2, 20) in pairs  # contiguous, and the United States a major power
    assert (2, 700) in pairs  # a major power with anyone
    assert (20, 700) not in pairs  # Canada and Afghanistan: neither
    assert (2, 200) in pairs
    # Contiguous non-majors: Canada is contiguous (by land) with the United States only.
    canada = {b for a, b in pairs if a == 20} | {a for a, b in pairs if b == 20}
    majors = {r.cow_code for r in tables.state_years(small_world(), 2000, 2000, complete=True)} & {
        2,
        200,
        220,
        255,
        365,
        710,
        740,
    }
    assert canada == {2} | majors


@needs_lists
def test_relevance_matches_the_cow_files() -> None:
    year = 1990
    majors = set()
    with open(SHARED / "majors2016.csv", newline="") as handle:
        for r in csv.DictReader(handle):
            if int(r["styear"]) <= year <= int(r["endyear"]):
                majors.add(int(r["ccode"]))
    contiguous = set()
    with open(SHARED / "contdir.csv", newline="") as handle:
        for r in csv.DictReader(handle):
            if int(r["stdate"][:4]) <= year <= int(r["enddate"][:4]):
                a, b = int(r["ccode1"]), int(r["ccode2"])
                contiguous.add((min(a, b), max(a, b)))
    rows = tables.dyad_years(small_world(), directed=False, start=year, end=year, complete=True)
    expected = {
        (r.cow_code_a, r.cow_code_b)
        for r in rows
        if r.cow_code_a in majors
        or r.cow_code_b in majors
        or (r.cow_code_a, r.cow_code_b) in contiguous
    }
    relevant = tables.dyad_years(
        small_world(), directed=False, start=year, end=year, complete=True, relevant=True
    )
    assert {(r.cow_code_a, r.cow_code_b) for r in relevant} == expected


@pytest.mark.parametrize(
    ("kwargs", "path", "message"),
    [
        ({"system": "polity"}, "system", "unknown state system 'polity'"),
        (
            {"complete": True, "start": 1700},
            "start",
            "outside the years of the cow system (1816-2024)",
        ),
        (
            {"complete": True, "system": "gw", "end": 2023},
            "end",
            "outside the years of the gw system (1816-2020)",
        ),
        ({"relevant": True, "end": 2018}, "end", "major-power and contiguity data (1816-2016)"),
        ({"complete": True, "start": 1950, "end": 1940}, "end", "before start"),
    ],
)
def test_bad_table_arguments(kwargs: dict[str, Any], path: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        tables.dyad_years(small_world(), **kwargs)
    assert [p.path for p in caught.value.problems] == [path]
    assert message in caught.value.problems[0].message
    if "relevant" not in kwargs:
        with pytest.raises(ValidationError):
            tables.state_years(small_world(), **kwargs)


def test_a_landscape_states_its_coverage() -> None:
    import pickle

    world = attrs.evolve(small_world(), start=D(1900, 1, 1))
    assert repr(world).endswith("from 1900-01-01, as of 1904-06-30>")
    assert pickle.loads(pickle.dumps(world)) == world
    assert world.at(D(1902, 1, 1)).start == D(1900, 1, 1)
    with pytest.raises(ValidationError, match="start: 1905-01-01 is after as_of"):
        attrs.evolve(small_world(), start=D(1905, 1, 1))
    with pytest.raises(ValidationError, match=r"start: expected a datetime\.date"):
        attrs.evolve(small_world(), start="1900")
