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

import pytest

from coalitions import (
    Agreement,
    Alliance,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Role,
    State,
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
    assert frame.loc[1, "alliances"] == ("X", "Y")
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
