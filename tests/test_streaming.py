"""Streaming tables (issue 14): iter_state_years / iter_dyad_years, and writers taking iterables."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _dyad_reference import reference_cells
from coalitions import Alliance, Landscape, Membership, Obligation, State, frames, systems, tables
from coalitions.errors import ValidationError
from coalitions.strategies import landscapes
from coalitions.tables import DyadYear, StateYear

D = dt.date


def world() -> Landscape:
    """NATO's founders and a later joiner, plus a German-led pact that ends, over G-W changes."""
    nato = Alliance(
        id="NATO",
        name="NATO",
        founded=D(1949, 4, 4),
        obligations=[Obligation.DEFENSE, Obligation.CONSULTATION],
        members=[Membership(state=c, since=D(1949, 4, 4)) for c in ("USA", "CAN", "GBR", "FRA")]
        + [Membership(state="DEU", since=D(1955, 5, 6))],
    )
    pact = Alliance(
        id="WP",
        name="Warsaw Pact",
        founded=D(1955, 5, 14),
        dissolved=D(1991, 7, 1),
        obligations=[Obligation.DEFENSE],
        members=[
            Membership(state=c, since=D(1955, 5, 14), until=D(1991, 7, 1))
            for c in ("RUS", "POL", "DDR")
        ],
    )
    states = [
        State(code=c, name=c, cow_code=n)
        for c, n in (
            ("USA", 2), ("CAN", 20), ("GBR", 200), ("FRA", 220),
            ("DEU", 255), ("DDR", 265), ("POL", 290), ("RUS", 365),
        )
    ]  # fmt: skip
    return Landscape(
        states=states, alliances=[nato, pact], start=D(1950, 1, 1), as_of=D(1995, 12, 31)
    )


def sort_key(system: str):  # type: ignore[no-untyped-def]
    def code(row: DyadYear, side: str) -> tuple[bool, int, str]:
        number = getattr(row, f"{system}_code_{side}")
        return (number is None, number or 0, getattr(row, f"state_{side}"))

    return lambda row: (code(row, "a"), code(row, "b"), row.year)


@pytest.mark.parametrize("system", ["cow", "gw"])
@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("complete", [False, True])
def test_iter_dyad_years_is_the_list_in_order(system: str, directed: bool, complete: bool) -> None:
    landscape = world()
    rows = tables.iter_dyad_years(landscape, directed, 1989, 1991, complete=complete, system=system)
    assert iter(rows) is rows  # an iterator, made lazily: not a list
    assert not isinstance(rows, Sequence)
    taken = list(rows)
    listed = tables.dyad_years(landscape, directed, 1989, 1991, complete=complete, system=system)
    assert taken == listed
    assert taken == sorted(taken, key=sort_key(system))
    assert len({(r.state_a, r.state_b, r.year) for r in taken}) == len(taken)
    if complete:
        # every pair of system members sharing a day, once (undirected) or twice (directed)
        pairs = 0
        for year in range(1989, 1992):
            members = systems.members(system, year)
            pairs += sum(
                one.shares_a_day(other)
                for i, one in enumerate(members)
                for other in members[i + 1 :]
            )
        assert len(taken) == pairs * (2 if directed else 1)
        assert {r.atopally for r in taken if r.year > 1995} <= {None}
    else:
        assert all(r.atopally for r in taken)


@pytest.mark.parametrize("system", ["cow", "gw"])
@pytest.mark.parametrize("complete", [False, True])
def test_iter_state_years_is_the_list_in_order(system: str, complete: bool) -> None:
    landscape = world()
    taken = list(tables.iter_state_years(landscape, 1940, 2000, complete=complete, system=system))
    assert taken == tables.state_years(landscape, 1940, 2000, complete=complete, system=system)
    if complete:
        assert len(taken) == sum(len(systems.members(system, y)) for y in range(1940, 2001))
        assert [r.atopally for r in taken if r.state == "USA" and r.year in (1948, 1949)] == [
            None,
            True,
        ]


def test_relevant_panel_streams_the_same_rows() -> None:
    landscape = world()
    taken = list(tables.iter_dyad_years(landscape, False, 1988, 1992, complete=True, relevant=True))
    assert taken == tables.dyad_years(landscape, False, 1988, 1992, complete=True, relevant=True)
    assert all(systems.relevant(r.cow_code_a, r.cow_code_b, r.year) for r in taken)


def test_arguments_are_checked_when_called_not_when_taken() -> None:
    with pytest.raises(ValidationError, match="end"):
        tables.iter_dyad_years(world(), True, 1990, 1980)
    with pytest.raises(ValidationError, match="start"):
        tables.iter_state_years(world(), 1700, complete=True)


def test_write_parquet_streams_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr(frames, "ROW_GROUP", 7)
    landscape = world()
    expected = tables.dyad_years(landscape, True, 1950, 1995)
    path = tmp_path / "panel.parquet"
    written = tables.write_parquet(tables.iter_dyad_years(landscape, True, 1950, 1995), path)
    assert written == len(expected)
    assert pq.ParquetFile(path).num_row_groups == math.ceil(len(expected) / 7)
    table = pq.read_table(path)
    assert table.equals(tables.to_arrow(expected))
    assert table.schema == tables.to_arrow([], record=DyadYear).schema
    assert tables.to_arrow(iter(expected)).equals(table)


def test_write_parquet_of_nothing_has_the_columns(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "empty.parquet"
    assert tables.write_parquet(iter(()), path, record=StateYear) == 0
    assert pq.read_table(path).column_names == list(StateYear._fields)


def test_a_stray_record_past_the_first_batch_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    monkeypatch.setattr(frames, "ROW_GROUP", 3)
    rows: list[object] = list(tables.state_years(world(), 1960, 1960))
    rows.insert(4, tables.dyad_years(world(), True, 1960, 1960)[0])
    with pytest.raises(ValidationError, match=r"\[4\]: is a DyadYear, but \[0\] is a StateYear"):
        tables.write_parquet(iter(rows), tmp_path / "mixed.parquet")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"\[4\]"):
        tables.to_arrow(rows)  # type: ignore[arg-type]


def test_write_csv_streams_and_counts(tmp_path: Path) -> None:
    landscape = world()
    listed = tables.dyad_years(landscape, False, 1990, 1991, complete=True)
    one, two = tmp_path / "list.csv", tmp_path / "iter.csv"
    assert tables.write_csv(listed, one) == len(listed)
    streamed = tables.iter_dyad_years(landscape, False, 1990, 1991, complete=True)
    assert tables.write_csv(streamed, two) == len(listed)
    assert one.read_bytes() == two.read_bytes()
    assert len(one.read_text().splitlines()) == len(listed) + 1


# --- the runs against the per-year reference, and the column path against the rows


@settings(max_examples=150, deadline=None)
@given(landscapes(max_states=6, max_groupings=4, max_members=6), st.booleans())
def test_dyad_years_equal_the_per_year_reference(world: Landscape, nna: bool) -> None:
    """Rows made run by run carry, cell for cell, what the per-year reference works out
    (commitments, statuses, several spells and alliances per pair included)."""
    cells = reference_cells(world, -1, 10_000, nna, None)
    rows = tables.dyad_years(world, True, nna=nna, system="cow")
    assert len(rows) == len(cells)
    for row in rows:
        mask, number, ids, transyr, bilat, asymm = cells[row.state_a, row.state_b, row.year]
        back = cells[row.state_b, row.state_a, row.year][0]
        flags = (row.defense, row.offense, row.neutral, row.nonagg, row.consul)
        assert flags == tuple(bool(mask & bit) for bit in (1, 2, 4, 8, 16))
        assert (row.number, row.alliances, row.transyr) == (number, ids, transyr)
        assert (row.bilatno, row.asymm, row.shareob) == (bilat, asymm, (mask | back) == 0)
    undirected = tables.dyad_years(world, False, nna=nna)
    assert len(undirected) * 2 == len(rows)
    for row in undirected:
        mask = cells[row.state_a, row.state_b, row.year][0]
        mask |= cells[row.state_b, row.state_a, row.year][0]
        flags = (row.defense, row.offense, row.neutral, row.nonagg, row.consul)
        assert flags == tuple(bool(mask & bit) for bit in (1, 2, 4, 8, 16))


def _stream_to_arrow(
    world: Landscape, row_group: int, taken: int, **kwargs: Any
) -> tuple[list[DyadYear], list[DyadYear], Any]:
    """(all rows, the first ``taken`` of a stream, the Arrow table of the rest of it)."""
    rows = tables.dyad_years(world, **kwargs)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frames, "ROW_GROUP", row_group)
        stream = tables.iter_dyad_years(world, **kwargs)
        first = list(itertools.islice(stream, taken))
        table = tables.to_arrow(stream, record=DyadYear)
    return rows, first, table


@settings(max_examples=60, deadline=None)
@given(
    landscapes(max_states=6, max_groupings=3, max_members=5),
    st.booleans(),
    st.sampled_from(["cow", "gw"]),
    st.integers(1, 7),
    st.integers(0, 9),
)
def test_arrow_from_the_columns_equals_arrow_from_the_rows(
    world: Landscape, directed: bool, system: str, row_group: int, taken: int
) -> None:
    """``to_arrow`` takes a stream's column batches whole (cut at every row-group size,
    after some rows were taken one by one): the same table as from the rows."""
    pytest.importorskip("pyarrow")
    rows, first, table = _stream_to_arrow(world, row_group, taken, directed=directed, system=system)
    assert first == rows[: len(first)]
    rest = rows[len(first) :]
    assert table.to_pylist() == tables.to_arrow(rest, record=DyadYear).to_pylist()
    assert table.to_pylist() == [row._asdict() | {"alliances": _ids(row)} for row in rest]


@pytest.mark.parametrize("directed", [True, False])
def test_a_complete_panel_from_the_columns_equals_the_rows(directed: bool) -> None:
    """The same for a complete panel: allied, unallied and uncovered years, cut in batches."""
    pytest.importorskip("pyarrow")
    span = {"start": 1949, "end": 1951, "complete": True, "directed": directed}
    rows, first, table = _stream_to_arrow(world(), 1_000, 2_500, **span)
    rest = rows[len(first) :]
    assert {row.atopally for row in rest} == {None, True, False}  # 1949: before coverage
    assert first == rows[:2_500]
    assert table.to_pylist() == [row._asdict() | {"alliances": _ids(row)} for row in rest]


def _ids(row: DyadYear) -> list[str] | None:
    return None if row.alliances is None else list(row.alliances)
