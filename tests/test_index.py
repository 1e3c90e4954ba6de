"""The flat timelines behind the queries (coalitions._index): edge cases of the layout.

A timeline is one plain tuple ``(n, days..., empty, snapshots..., [replay...])``;
these tests pin what the property test in test_queries.py reaches only by
chance: an item ending and starting on one day, a day before the first, a day
whose snapshot is not stored (replayed), and offsets too big for small ints.
"""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitions import (
    Alliance,
    CoverageWarning,
    Landscape,
    Membership,
    Obligation,
    State,
    UnknownEntityError,
)
from coalitions._index import Timeline, at, sorted_tuple, timeline
from coalitions._index import days as line_days

D = dt.date
BASE = D(2000, 1, 1)


def day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


def scan(items: list[tuple[int, dt.date, dt.date | None]], on: dt.date) -> set[int]:
    return {i for i, start, end in items if start <= on and (end is None or on < end)}


def stored(line: Timeline) -> list[object]:
    """The snapshots a timeline stores, one per day (None where it replays)."""
    n = line[0]
    return list(line[n + 2 : 2 * n + 2])


def test_same_day_end_and_start() -> None:
    # Item 1 leaves and comes back on day 10; item 2 leaves on the day item 3 joins.
    items = [
        (1, day(0), day(10)),
        (1, day(10), None),
        (2, day(0), day(10)),
        (3, day(10), day(20)),
    ]
    for make in (frozenset, sorted_tuple):
        line = timeline(items, make)
        assert line_days(line) == (day(0), day(10), day(20))  # day 10 once, with all its changes
        for offset in (-1, 0, 9, 10, 11, 19, 20, 21):
            assert set(at(line, day(offset))) == scan(items, day(offset)), (make, offset)
        assert set(at(line, day(10))) == {1, 3}


def test_before_the_first_day_is_the_shared_empty_answer() -> None:
    line = timeline([("a", day(5), None)])
    assert at(line, day(4)) == frozenset()
    assert at(line, dt.date.min) == frozenset()
    assert at(line, day(5)) == {"a"}
    # the empty answer sits just before the snapshots: a bisection to the start reads it
    n = line[0]
    assert line[n + 1] == frozenset()
    empty = timeline([], sorted_tuple)
    assert empty is timeline([], sorted_tuple)  # one per kind of empty answer
    assert at(empty, day(0)) == ()
    assert line_days(empty) == ()


def test_a_day_without_a_snapshot_is_replayed() -> None:
    # Eight items on day 0, then one change a day: a snapshot would cost eight
    # items for one change, so the next days are replayed from day 0.
    items: list[tuple[int, dt.date, dt.date | None]] = [(i, day(0), None) for i in range(8)]
    items[0] = (0, day(0), day(1))
    items.append((8, day(2), None))
    items[1] = (1, day(0), day(3))
    for make in (frozenset, sorted_tuple):
        line = timeline(items, make)
        assert None in stored(line), "the layout should replay some day"
        for offset in range(-1, 6):
            got = at(line, day(offset))
            assert set(got) == scan(items, day(offset)), (make, offset)
            assert type(got) is type(make(set()))


def test_offsets_too_big_for_small_ints_are_an_array() -> None:
    # 300 items at once, then one change a day: offsets pass 256.
    items: list[tuple[int, dt.date, dt.date | None]] = [(i, day(0), None) for i in range(300)]
    items += [(300 + k, day(k + 1), day(k + 3)) for k in range(40)]
    line = timeline(items, sorted_tuple)
    assert None in stored(line)
    for offset in range(-1, 45):
        assert set(at(line, day(offset))) == scan(items, day(offset)), offset


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(0, 30), st.integers(0, 10) | st.none()),
        min_size=1,
        max_size=60,
    ),
    st.integers(-2, 45),
)
def test_replayed_timelines_agree_with_scan(
    raw: list[tuple[int, int, int | None]], offset: int
) -> None:
    # Few distinct items, each with several back-to-back lifetimes (some ending
    # and starting on one day): many replayed days, every layout path.
    items = []
    ends: dict[int, int] = {}
    for item, gap, length in raw:
        if ends.get(item, 0) < 0:  # the item's last lifetime is open
            continue
        start = ends.get(item, 0) + gap % 3
        end = None if length is None else start + length + 1
        ends[item] = -1 if end is None else end
        items.append((item, day(start), None if end is None else day(end)))
    on = day(offset)
    assert at(timeline(items), on) == scan(items, on)
    assert at(timeline(items, sorted_tuple), on) == tuple(sorted(scan(items, on)))


def world() -> Landscape:
    """One alliance of eight founders, then one change a year: days to replay."""
    codes = [f"S{c}Z" for c in "ABCDEFGHIJ"]
    founded = D(1950, 1, 1)
    members = [Membership(state=c, since=founded) for c in codes[2:]]
    members[0] = Membership(state=codes[2], since=founded, until=D(1951, 1, 1))
    members.append(Membership(state=codes[0], since=D(1952, 1, 1)))
    members.append(Membership(state=codes[1], since=D(1953, 1, 1), until=D(1954, 1, 1)))
    return Landscape(
        states=[State(code=c, name=c) for c in codes],
        alliances=[
            Alliance(
                id="BIG",
                name="Big",
                founded=founded,
                obligations=[Obligation.DEFENSE],
                members=members,
            ),
            Alliance(
                id="PAIR",
                name="Pair",
                founded=D(1951, 6, 1),
                obligations=[Obligation.DEFENSE],
                members=[Membership(state=c, since=D(1951, 6, 1)) for c in codes[:2]],
            ),
        ],
        as_of=D(2000, 1, 1),
    )


def test_inlined_query_paths_agree_with_the_spells() -> None:
    w = world()
    big = w.alliance("BIG")
    w.members("BIG", at=D(1950, 1, 1))  # the index and BIG's timeline built
    assert None in stored(w._index.member_lines["BIG"])  # some days are replayed
    for year in range(1949, 1956):
        for month in (1, 7):
            on = D(year, month, 1)
            expected = {s.state for s in big.members if s.active_on(on)}
            assert w.members("BIG", at=on) == expected
            for code in ("SAZ", "SBZ", "SCZ", "SDZ"):
                ids = sorted(
                    g.id for g in (big, w.alliance("PAIR")) if code in w.members(g.id, at=on)
                )
                assert [g.id for g in w.groupings_of(code, at=on)] == ids
                assert w.agreements_of(code, at=on) == ()


def test_inlined_query_paths_keep_warnings_and_errors() -> None:
    w = world()
    w.members("BIG", at=D(1960, 1, 1))
    w.groupings_of("SAZ", at=D(1960, 1, 1))
    w.agreements_of("SAZ", at=D(1960, 1, 1))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        later = D(2001, 1, 1)  # past as_of
        assert w.members("BIG", at=later) == w.members("BIG", at=D(2000, 1, 1))
        w.groupings_of("SAZ", at=later)
        w.agreements_of("SAZ", at=later)
    assert [c.category for c in caught] == [CoverageWarning] * 3
    for bad in (["BIG"], {"SAZ": 1}):
        with pytest.raises(UnknownEntityError):
            w.members(bad, at=D(1960, 1, 1))  # type: ignore[arg-type]
        with pytest.raises(UnknownEntityError):
            w.groupings_of(bad, at=D(1960, 1, 1))  # type: ignore[arg-type]
        with pytest.raises(UnknownEntityError):
            w.agreements_of(bad, at=D(1960, 1, 1))  # type: ignore[arg-type]
    # a datetime takes the slow path and is read as its day
    assert w.members("BIG", at=dt.datetime(1953, 6, 1, 12)) == w.members("BIG", at=D(1953, 6, 1))
