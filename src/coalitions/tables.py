"""Research tables: state-years and dyad-years of alliance ties, as ATOP builds them.

:func:`state_years` gives one :class:`StateYear` per state and year in which
the state belongs to at least one alliance; :func:`dyad_years` one
:class:`DyadYear` per pair of states and year in which they share one. Both
carry ATOP's columns: any alliance (``atopally``), the five obligation flags,
the number of alliances and their ids, and for dyads ATOP's ``shareob``,
``transyr``, ``bilatno``, ``multino`` and ``asymm``. Built from
:func:`coalitions.atop.read`, :func:`state_years` reproduces ATOP's own
state-year file (``atop5_1sy.csv``) row for row, and :func:`dyad_years`, given
ATOP's directed dyad-year file (``atop.read(..., dyads=...)``), its directed
dyad-year file; see ``docs/atop.md``.

With ``complete=True`` the tables are panels of a whole state system
(``system="cow"``, COW v2024, or ``"gw"``, Gleditsch and Ward): a row for every
member in every year, and for every pair of members that share at least one day
in the system that year (:mod:`coalitions.systems`). The alliance columns are 0
or 1 inside the landscape's coverage (its ``start`` to its ``as_of``) and
missing (``None``) outside it, never zero. ``relevant=True`` keeps the
politically relevant dyads (contiguous, or either state a major power).

The rows are typed records (:class:`typing.NamedTuple`). Write them with
:func:`write_csv`; with the extras installed, turn them into a pandas
DataFrame (:func:`to_pandas`, ``coalitions[pandas]``), an Arrow table
(:func:`to_arrow`) or a Parquet file (:func:`write_parquet`, both
``coalitions[arrow]``).

Those three live in :mod:`coalitions.frames` and take the library's other
collections too (:data:`Record`), one kind to a frame: events (:class:`~coalitions.Event`), membership spells
(:class:`~coalitions.Membership`), ties (:class:`~coalitions.ties.Tie`) and
states (:class:`~coalitions.State`, or the registry's
:class:`~coalitions.registry.StateRecord`). Every field is a typed column:
text ``string``; numbers ``int64``, ``Int64`` where they may be missing; flags
``bool``, ``boolean`` where they may be missing; dates ``datetime64[s]`` in
pandas and ``date32`` in Arrow; enums their values (pandas ``category``);
sets and tuples of strings Arrow-backed lists in pandas (sets sorted) and
``list<string>`` in Arrow. See ``docs/research.md``.

:func:`iter_dyad_years` works out the years two states share an alliance as
runs of years and fills the table's columns a run at a time: written with
:func:`write_parquet` or taken by :func:`to_arrow`, its rows never exist as
Python objects, and memory stays bounded by one row group.

How years are counted, following ATOP:

* only :class:`~coalitions.Alliance` spells with the ``MEMBER`` role count
  (agreements, such as the phase agreements :mod:`coalitions.atop` makes, and
  minilaterals do not; neither do partners and observers);
* a spell counts in every calendar year from the year of ``since`` to the year
  of ``until``, both included: ATOP counts a year in which a state left as one
  it was allied in. An open spell lasts to the year of the landscape's
  ``as_of`` (to this year if it has none); ``start`` and ``end`` only clip;
* a state's obligations in an alliance in a year are those of its latest spell
  that year, as in ATOP's state-year file; across alliances they add up;
* a dyad shares an alliance in a year when the two states' spells in it
  overlap by at least one day, and counts the years of that overlap. What A owes
  B there in a year is what the tie machinery (:func:`coalitions.ties.tie`)
  says A owes B on the last day of that year the two share (the day they
  stopped sharing, for a year counted as the year of exit): A's commitment
  toward B if it has one, else its own obligations, and nothing while a
  suspension or freeze between the two is in force. So a table never disagrees
  with :meth:`Landscape.ties <coalitions.Landscape.ties>`.

>>> import datetime as dt
>>> from coalitions import Alliance, Landscape, Membership, Obligation, State
>>> day = dt.date(1949, 4, 4)
>>> world = Landscape(
...     states=[State(code="USA", name="United States", cow_code=2),
...             State(code="GBR", name="United Kingdom", cow_code=200)],
...     alliances=[Alliance(id="ATOP-3180", name="NATO", founded=day,
...                         members=[Membership(state=c, since=day) for c in ("USA", "GBR")],
...                         obligations=[Obligation.DEFENSE])],
...     as_of=dt.date(1950, 12, 31),
... )
>>> for row in state_years(world):
...     print(row.state, row.year, row.defense, row.number, row.alliances)
USA 1949 True 1 ('ATOP-3180',)
USA 1950 True 1 ('ATOP-3180',)
GBR 1949 True 1 ('ATOP-3180',)
GBR 1950 True 1 ('ATOP-3180',)
>>> len(dyad_years(world)), [(r.cow_code_a, r.cow_code_b) for r in dyad_years(world, directed=False)]
(4, [(2, 200), (2, 200)])
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from coalitions import frames, systems
from coalitions._index import gc_paused
from coalitions.errors import Problem, ValidationError

# Frames were first defined here: the names stay reachable as tables.to_pandas etc.
from coalitions.frames import ROW_GROUP, Record, to_arrow, to_pandas, write_parquet
from coalitions.landscape import Landscape
from coalitions.model import (
    Alliance,
    Membership,
    Obligation,
    Role,
)
from coalitions.ties import binding, obligations_toward

__all__ = [
    "ROW_GROUP",
    "DyadYear",
    "Progress",
    "Record",
    "StateYear",
    "dyad_years",
    "iter_dyad_years",
    "iter_state_years",
    "state_years",
    "to_arrow",
    "to_pandas",
    "write_csv",
    "write_parquet",
]

Progress = Callable[[int, int], None]
"""A callback told ``(done, total)`` as a table is built, for a progress bar."""


class StateYear(NamedTuple):
    """One state in one year, with the alliances it belongs to (ATOP's state-year columns).

    The alliance columns are ``None`` (missing) for a year outside the
    landscape's coverage, in a complete panel; otherwise 0 or 1 and counts.
    """

    state: str
    """The state's registry code."""
    cow_code: int | None
    """Its COW state number, if it has one (ATOP's ``state``)."""
    gw_code: int | None
    """Its Gleditsch-Ward number that year, if it is in the G-W system then."""
    year: int
    atopally: bool | None
    """Whether the state belongs to any alliance."""
    defense: bool | None
    offense: bool | None
    neutral: bool | None
    nonagg: bool | None
    consul: bool | None
    number: int | None
    """How many alliances."""
    transyr: bool | None
    """Whether any of its alliance spells begins or ends this year (a phase change counts)."""
    alliances: tuple[str, ...] | None
    """The alliance ids, sorted."""


class DyadYear(NamedTuple):
    """Two states in one year, with the alliances they share (ATOP's dyad-year columns).

    In a directed table the flags are what ``state_a`` owes ``state_b`` (ATOP's
    directed dyad-year file); in an undirected one, what either owes the other,
    and ``state_a`` is the state with the lower number in the system (COW's by
    default), as in ATOP's dyad-year file. The alliance columns are ``None``
    (missing) for a year outside the landscape's coverage, in a complete panel.
    """

    state_a: str
    state_b: str
    cow_code_a: int | None
    cow_code_b: int | None
    gw_code_a: int | None
    gw_code_b: int | None
    year: int
    atopally: bool | None
    """Whether the two share any alliance."""
    defense: bool | None
    offense: bool | None
    neutral: bool | None
    nonagg: bool | None
    consul: bool | None
    shareob: bool | None
    """True where the two share an alliance but neither owes the other any of the five
    obligations (ATOP leaves it blank where it is not 1; here it is then false)."""
    transyr: bool | None
    """Whether a spell of either state in a shared alliance (or in one of its phases)
    begins or ends this year."""
    bilatno: int | None
    """How many of the shared alliances are bilateral (two member states in all)."""
    multino: int | None
    """How many are multilateral."""
    number: int | None
    """How many alliances the two share."""
    asymm: bool | None
    """Whether any shared alliance has asymmetric obligations: members' obligations
    differ, or a member has commitments toward particular members."""
    alliances: tuple[str, ...] | None
    """The ids of the shared alliances, sorted."""


Row = StateYear | DyadYear

# One bit per obligation, in ATOP's column order.
_BITS = {
    Obligation.DEFENSE: 1,
    Obligation.OFFENSE: 2,
    Obligation.NEUTRALITY: 4,
    Obligation.NON_AGGRESSION: 8,
    Obligation.CONSULTATION: 16,
}
_Flags = tuple[bool, bool, bool, bool, bool]
_FLAGS: tuple[_Flags, ...] = tuple(
    (bool(mask & 1), bool(mask & 2), bool(mask & 4), bool(mask & 8), bool(mask & 16))
    for mask in range(32)
)
_NO_FLAGS = (None, None, None, None, None)
_ONLY_NONAGGRESSION = frozenset({Obligation.NON_AGGRESSION})


def _mask(obligations: Iterable[Obligation]) -> int:
    mask = 0
    for obligation in obligations:
        mask |= _BITS[obligation]
    return mask


def _last_year(landscape: Landscape) -> int:
    """The year open spells run to: that of ``as_of``, else this year."""
    return (landscape.as_of or dt.date.today()).year


def _coverage(landscape: Landscape) -> tuple[int, int]:
    """The years the landscape speaks for: from ``start`` (if it says) to ``as_of``."""
    first = landscape.start.year if landscape.start is not None else -1
    return first, _last_year(landscape)


def _alliances(landscape: Landscape, nna: bool) -> list[Alliance]:
    """The alliances a table counts: all, or with ``nna`` all but pure non-aggression pacts."""
    if not nna:
        return list(landscape.alliances)
    return [a for a in landscape.alliances if not a.obligations <= _ONLY_NONAGGRESSION]


def _asymmetric(alliance: Alliance) -> bool:
    spells = [s for s in alliance.members if s.role is Role.MEMBER]
    if any(s.toward for s in spells):
        return True
    return len({alliance.obligations_of(s) for s in spells}) > 1


def _changes(landscape: Landscape, alliances: list[Alliance]) -> dict[tuple[str, str], set[int]]:
    """(state, alliance id) -> the years a spell of the state in the alliance, or in
    one of the agreements it rests on (ATOP's phases), begins or ends."""
    changes: dict[tuple[str, str], set[int]] = {}
    for alliance in alliances:
        spells = list(alliance.members)
        for agreement_id in alliance.agreements:
            spells.extend(landscape.agreement(agreement_id).parties)
        for member in spells:
            if member.role is Role.MEMBER:
                changed = changes.setdefault((member.state, alliance.id), set())
                changed.add(member.since.year)
                if member.until is not None:
                    changed.add(member.until.year)
    return changes


def _wholly_suspended(spell: Membership, year: int) -> bool:
    """Whether a status for the whole membership holds on the spell's last day in ``year``."""
    day = dt.date(year, 12, 31)
    if spell.until is not None and spell.until <= day:
        day = spell.until - dt.timedelta(days=1)
    return any(s.toward is None and s.active_on(day) for s in spell.statuses)


def _years(
    system: str,
    start: int | None,
    end: int | None,
    complete: bool,
    relevant: bool,
) -> tuple[int, int]:
    """The years a table covers, checked: ``(low, high)``."""
    systems.check_system(system)
    problems = []
    first, last = systems.year_range(system)
    if relevant:
        last = min(last, systems.RELEVANCE_END)
    if complete or relevant:
        what = (
            "COW's major-power and contiguity data"
            if relevant and last == systems.RELEVANCE_END
            else f"the {system} system"
        )
        for name, value in (("start", start), ("end", end)):
            if value is not None and not first <= value <= last:
                problems.append(
                    Problem(name, f"{value} is outside the years of {what} ({first}-{last})")
                )
    low = start if start is not None else (first if complete else -1)
    high = end if end is not None else (last if complete or relevant else 10_000)
    if start is not None and end is not None and end < start:
        problems.append(Problem("end", f"{end} is before start ({start})"))
    if problems:
        raise ValidationError(problems)
    return low, high


def _order(code: int | None, state: str) -> tuple[bool, int, str]:
    return (code is None, code or 0, state)


# --- state-years


def state_years(
    landscape: Landscape,
    start: int | None = None,
    end: int | None = None,
    *,
    complete: bool = False,
    system: str = "cow",
    nna: bool = False,
    progress: Progress | None = None,
) -> list[StateYear]:
    """One row per state and year (``start`` to ``end``, both included) in which
    the state belongs to at least one alliance, by the system's number and year.

    ``complete=True`` gives a row for every member of the state system
    (``system``: ``"cow"`` or ``"gw"``) in every year, from ``start`` to ``end``
    (by default all the system's years): the alliance columns are 0 or 1 inside
    the landscape's coverage and ``None`` outside it. ``nna=True`` leaves out
    alliances that are pure non-aggression pacts, as ATOP's NNA files do.
    ``progress``, if given, is called with ``(done, total)`` states.

    >>> import datetime as dt
    >>> from coalitions import Alliance, Landscape, Membership, Obligation, State
    >>> day = dt.date(2017, 1, 1)
    >>> world = Landscape(
    ...     states=[State(code="AND", name="Andorra", cow_code=232),
    ...             State(code="MCO", name="Monaco", cow_code=221)],
    ...     alliances=[Alliance(id="X", name="X", founded=day, obligations=[Obligation.CONSULTATION],
    ...                         members=[Membership(state=c, since=day) for c in ("AND", "MCO")])],
    ...     start=dt.date(2015, 1, 1), as_of=dt.date(2018, 12, 31))
    >>> panel = state_years(world, 2016, 2019, complete=True)
    >>> [(r.year, r.consul) for r in panel if r.state == "AND"]
    [(2016, False), (2017, True), (2018, True), (2019, None)]
    >>> len(panel) == sum(len(systems.members("cow", y)) for y in range(2016, 2020))
    True
    """
    with gc_paused():
        return list(
            iter_state_years(
                landscape, start, end, complete=complete, system=system, nna=nna, progress=progress
            )
        )


def iter_state_years(
    landscape: Landscape,
    start: int | None = None,
    end: int | None = None,
    *,
    complete: bool = False,
    system: str = "cow",
    nna: bool = False,
    progress: Progress | None = None,
) -> Iterator[StateYear]:
    """The rows of :func:`state_years`, in the same order, made one at a time.

    The arguments are checked, and the alliance years gathered, when it is
    called; the rows, complete panels' included, are made as they are taken,
    so :func:`write_parquet` and :func:`write_csv` write them with bounded memory.

    >>> import datetime as dt
    >>> from coalitions import Alliance, Landscape, Membership, Obligation, State
    >>> day = dt.date(2017, 1, 1)
    >>> world = Landscape(
    ...     states=[State(code="AND", name="Andorra", cow_code=232),
    ...             State(code="MCO", name="Monaco", cow_code=221)],
    ...     alliances=[Alliance(id="X", name="X", founded=day, obligations=[Obligation.CONSULTATION],
    ...                         members=[Membership(state=c, since=day) for c in ("AND", "MCO")])],
    ...     as_of=dt.date(2018, 12, 31))
    >>> rows = iter_state_years(world, complete=True)
    >>> next(rows).year
    1816
    >>> list(iter_state_years(world, complete=True)) == state_years(world, complete=True)
    True
    """
    low, high = _years(system, start, end, complete, False)
    with gc_paused():
        found = _state_years(landscape, low, high, nna, progress)
    return _state_rows(landscape, found, low, high, complete, system)


def _identities(
    system: str, low: int, high: int
) -> list[tuple[tuple[bool, int, str], dict[int, systems.SystemMember]]]:
    """The system's members from ``low`` to ``high`` grouped by (number, state), in the
    tables' order: each with its members by year."""
    by_gw = system == "gw"
    found: dict[tuple[bool, int, str], dict[int, systems.SystemMember]] = {}
    for year in range(low, high + 1):
        for member in systems.members(system, year):
            key = _order(member.gw_code if by_gw else member.cow_code, member.state)
            found.setdefault(key, {})[year] = member
    return sorted(found.items())


def _state_rows(
    landscape: Landscape,
    found: dict[tuple[str, int], tuple[int, int, bool, tuple[str, ...]]],
    low: int,
    high: int,
    complete: bool,
    system: str,
) -> Iterator[StateYear]:
    new = tuple.__new__
    if not complete:
        gw = systems.gw_code_in_year
        cow = {s.code: s.cow_code for s in landscape.states}
        keyed = [
            (
                _order(gw(code, year) if system == "gw" else cow.get(code), code),
                year,
            )
            for code, year in found
        ]
        keyed.sort()
        for (_, _, code), year in keyed:
            mask, number, transyr, ids = found[code, year]
            yield new(
                StateYear,
                (
                    code,
                    cow.get(code),
                    gw(code, year),
                    year,
                    True,
                    *_FLAGS[mask],
                    number,
                    transyr,
                    ids,
                ),
            )
        return
    covered_low, covered_high = _coverage(landscape)
    for _, by_year in _identities(system, low, high):
        for year, member in sorted(by_year.items()):
            codes = (member.state, member.cow_code, member.gw_code, year)
            cell = found.get((member.state, year))
            if cell is not None:
                mask, number, transyr, ids = cell
                yield new(StateYear, (*codes, True, *_FLAGS[mask], number, transyr, ids))
            elif covered_low <= year <= covered_high:
                yield new(StateYear, (*codes, False, *_FLAGS[0], 0, False, ()))
            else:
                yield new(StateYear, (*codes, None, *_NO_FLAGS, None, None, None))


def _state_years(
    landscape: Landscape, low: int, high: int, nna: bool, progress: Progress | None
) -> dict[tuple[str, int], tuple[int, int, bool, tuple[str, ...]]]:
    """(state, year) -> (obligation mask, number of alliances, transyr, alliance ids)."""
    open_end = _last_year(landscape)
    alliances = _alliances(landscape, nna)
    by_state: dict[str, list[tuple[str, Membership, int]]] = {}
    masks: dict[frozenset[Obligation], int] = {}
    for alliance in alliances:
        for spell in alliance.members:
            if spell.role is not Role.MEMBER:
                continue
            obligations = alliance.obligations_of(spell)
            mask = masks.get(obligations)
            if mask is None:
                mask = masks[obligations] = _mask(obligations)
            by_state.setdefault(spell.state, []).append((alliance.id, spell, mask))
    changes = _changes(landscape, alliances)
    found: dict[tuple[str, int], tuple[int, int, bool, tuple[str, ...]]] = {}
    states = sorted(by_state)
    for done, code in enumerate(states, 1):
        # year -> alliance id -> (since of the latest spell, its mask)
        years: dict[int, dict[str, tuple[dt.date, int]]] = {}
        for aid, spell, mask in by_state[code]:
            last = open_end if spell.until is None else spell.until.year
            for year in range(max(spell.since.year, low), min(last, high) + 1):
                bits = 0 if spell.statuses and _wholly_suspended(spell, year) else mask
                cell = years.get(year)
                if cell is None:
                    years[year] = {aid: (spell.since, bits)}
                    continue
                held = cell.get(aid)
                if held is None or spell.since > held[0]:
                    cell[aid] = (spell.since, bits)
        for year, cell in years.items():
            mask = 0
            for _, bits in cell.values():
                mask |= bits
            transyr = any(year in changes.get((code, aid), ()) for aid in cell)
            found[code, year] = (mask, len(cell), transyr, tuple(sorted(cell)))
        if progress is not None:
            progress(done, len(states))
    return found


# --- dyad-years


def dyad_years(
    landscape: Landscape,
    directed: bool = True,
    start: int | None = None,
    end: int | None = None,
    *,
    complete: bool = False,
    system: str = "cow",
    relevant: bool = False,
    nna: bool = False,
    progress: Progress | None = None,
) -> list[DyadYear]:
    """One row per pair of states and year (``start`` to ``end``, both included)
    in which they share at least one alliance, by the system's numbers and year.

    ``directed=True`` gives both (A, B) and (B, A), each with what A owes B;
    ``directed=False`` gives each pair once, the state with the lower number in
    the system first (COW's by default, as in ATOP's dyad-year file; the
    registry code decides where either has none), with what either owes the other.

    ``complete=True`` gives every pair of states that were both in the state
    system (``system``: ``"cow"`` or ``"gw"``) on at least one common day of the
    year, from ``start`` to ``end`` (by default all the system's years): the
    alliance columns are 0 or 1 inside the landscape's coverage and ``None``
    outside it. ``relevant=True`` keeps the politically relevant dyads only
    (contiguous or either a major power that year, :func:`coalitions.systems.relevant`);
    their data end in 2016, so the years stop there. ``nna=True`` leaves out
    alliances that are pure non-aggression pacts (ATOP's NNA files).
    ``progress``, if given, is called with ``(done, total)`` alliances.

    >>> import datetime as dt
    >>> from coalitions import Alliance, Landscape, Membership, Obligation, State
    >>> day = dt.date(1949, 4, 4)
    >>> world = Landscape(
    ...     states=[State(code="USA", name="United States", cow_code=2),
    ...             State(code="CAN", name="Canada", cow_code=20)],
    ...     alliances=[Alliance(id="ATOP-3180", name="NATO", founded=day, obligations=[Obligation.DEFENSE],
    ...                         members=[Membership(state=c, since=day) for c in ("USA", "CAN")])],
    ...     start=dt.date(1815, 1, 1), as_of=dt.date(2018, 12, 31))
    >>> [(r.state_a, r.state_b, r.defense) for r in dyad_years(world, False, 2000, 2000)]
    [('USA', 'CAN', True)]
    >>> panel = dyad_years(world, False, 2018, 2019, complete=True)
    >>> [(r.year, r.defense) for r in panel if (r.state_a, r.state_b) == ("USA", "CAN")]
    [(2018, True), (2019, None)]
    >>> [(r.year, r.defense) for r in panel if (r.state_a, r.state_b) == ("USA", "MEX")]
    [(2018, False), (2019, None)]
    """
    rows = iter_dyad_years(
        landscape,
        directed,
        start,
        end,
        complete=complete,
        system=system,
        relevant=relevant,
        nna=nna,
        progress=progress,
    )
    with gc_paused():
        return rows._rest()


def iter_dyad_years(
    landscape: Landscape,
    directed: bool = True,
    start: int | None = None,
    end: int | None = None,
    *,
    complete: bool = False,
    system: str = "cow",
    relevant: bool = False,
    nna: bool = False,
    progress: Progress | None = None,
) -> frames.ColumnStream[DyadYear]:
    """The rows of :func:`dyad_years`, in the same order, made one at a time.

    The arguments are checked, and the shared alliance years gathered, when it
    is called; the rows are made as they are taken. A complete COW directed
    panel is 2.2 million rows: :func:`write_parquet` writes it from here in row
    groups, with bounded memory.

    >>> import datetime as dt
    >>> from coalitions import Alliance, Landscape, Membership, Obligation, State
    >>> day = dt.date(1949, 4, 4)
    >>> world = Landscape(
    ...     states=[State(code="USA", name="United States", cow_code=2),
    ...             State(code="CAN", name="Canada", cow_code=20)],
    ...     alliances=[Alliance(id="ATOP-3180", name="NATO", founded=day, obligations=[Obligation.DEFENSE],
    ...                         members=[Membership(state=c, since=day) for c in ("USA", "CAN")])],
    ...     as_of=dt.date(2018, 12, 31))
    >>> rows = iter_dyad_years(world, complete=True)
    >>> row = next(rows)
    >>> row.state_a, row.state_b, row.year, row.atopally
    ('USA', 'CAN', 1920, False)
    >>> list(iter_dyad_years(world, False, 1990, 2000)) == dyad_years(world, False, 1990, 2000)
    True
    """
    low, high = _years(system, start, end, complete, relevant)
    with gc_paused():
        runs = _dyad_runs(landscape, low, high, nna, progress)
    batches = _dyad_batches(
        landscape, runs, directed, low, high, complete, system, relevant, frames.ROW_GROUP
    )
    return frames.ColumnStream(DyadYear, batches)


# What A and B share in one alliance: (first year, last year, alliance id, since of
# A's spell, since of B's, what A owes B as a mask, what B owes A, or -1 for both
# when statuses make it vary by day, then the alliance and the two spells).
_Shared = tuple[int, int, str, dt.date, dt.date, int, int, Alliance, Membership, Membership]
# What a run's owes and owed hold: one mask for every year, or a mask per year.
_Masks = int | tuple[int, ...]


class _Run(NamedTuple):
    """Years in which what A shares with B stays the same (but for ``transyr``)."""

    first: int
    last: int
    owes: _Masks
    """What A owes B."""
    owed: _Masks
    """What B owes A."""
    ids: tuple[str, ...]
    moments: frozenset[int]
    """The years in which a spell of either state in one of the alliances begins or ends."""
    bilateral: int
    asymmetric: bool


_NO_YEARS: frozenset[int] = frozenset()


def _owed_on(entry: _Shared, year: int, back: bool) -> int:
    """What A owes B (``back``: B owes A) through one alliance in ``year``, on the last
    day they share in it."""
    mask = entry[6] if back else entry[5]
    if mask >= 0:
        return mask
    alliance, mine, theirs = entry[7], entry[8], entry[9]
    day = dt.date(year, 12, 31)
    for until in (mine.until, theirs.until):
        if until is not None and until <= day:
            day = until - dt.timedelta(days=1)
    if back:
        mine, theirs = theirs, mine
    return _mask(binding(alliance, mine, theirs, day)[0])


def _dyad_runs(
    landscape: Landscape, low: int, high: int, nna: bool, progress: Progress | None
) -> dict[tuple[str, str], list[_Run]]:
    """(A, B) -> the runs of years, in order, in which the two share an alliance.

    Each unordered pair is worked out once, for both directions; years are
    grouped into runs wherever the alliances and spells they share stay the
    same, so that the table can be written run by run, not row by row.
    """
    open_end = _last_year(landscape)
    alliances = _alliances(landscape, nna)
    changes = _changes(landscape, alliances)
    bilateral: set[str] = set()
    asymmetric: set[str] = set()
    # (A, B) with A < B -> what they share, alliance by alliance
    shared: dict[tuple[str, str], list[_Shared]] = {}
    masks: dict[frozenset[Obligation], int] = {}

    def mask_of(owes: frozenset[Obligation]) -> int:
        found = masks.get(owes)
        if found is None:
            found = masks[owes] = _mask(owes)
        return found

    for done, alliance in enumerate(alliances, 1):
        aid = alliance.id
        spells = [s for s in alliance.members if s.role is Role.MEMBER]
        if len({s.state for s in spells}) == 2:
            bilateral.add(aid)
        if _asymmetric(alliance):
            asymmetric.add(aid)
        for i, mine in enumerate(spells):
            a = mine.state
            first_a = max(mine.since.year, low)
            last_a = min(open_end if mine.until is None else mine.until.year, high)
            for theirs in spells[i + 1 :]:
                b = theirs.state
                if a == b:
                    continue
                # Overlapping by at least one day: [max since, min until) is not empty.
                if mine.until is not None and theirs.since >= mine.until:
                    continue
                if theirs.until is not None and mine.since >= theirs.until:
                    continue
                first = max(first_a, theirs.since.year)
                last = min(last_a, open_end if theirs.until is None else theirs.until.year)
                if first > last:
                    continue
                if mine.statuses or theirs.statuses:
                    owes = owed = -1
                else:
                    owes = mask_of(obligations_toward(alliance, mine, theirs))
                    owed = mask_of(obligations_toward(alliance, theirs, mine))
                if a < b:
                    key = (a, b)
                    entry = (
                        first,
                        last,
                        aid,
                        mine.since,
                        theirs.since,
                        owes,
                        owed,
                        alliance,
                        mine,
                        theirs,
                    )
                else:
                    key = (b, a)
                    entry = (
                        first,
                        last,
                        aid,
                        theirs.since,
                        mine.since,
                        owed,
                        owes,
                        alliance,
                        theirs,
                        mine,
                    )
                held = shared.get(key)
                if held is None:
                    shared[key] = [entry]
                else:
                    held.append(entry)
        if progress is not None:
            progress(done, len(alliances))
    runs: dict[tuple[str, str], list[_Run]] = {}
    for (a, b), entries in shared.items():
        forward: list[_Run] = []
        backward: list[_Run] = []
        if len(entries) == 1 and entries[0][5] >= 0:
            # The common case: one spell each in one alliance, the same every year.
            first, last, aid, _, _, owes, owed, *_ = entries[0]
            moments = frozenset(changes.get((a, aid), _NO_YEARS) | changes.get((b, aid), _NO_YEARS))
            ids: tuple[str, ...] = (aid,)
            bilat = 1 if aid in bilateral else 0
            asymm = aid in asymmetric
            forward.append(_Run(first, last, owes, owed, ids, moments, bilat, asymm))
            backward.append(_Run(first, last, owed, owes, ids, moments, bilat, asymm))
        else:
            bounds = sorted({e[0] for e in entries} | {e[1] + 1 for e in entries})
            for start, stop in itertools.pairwise(bounds):
                end = stop - 1
                # Each alliance's spell of A that began latest, for what A owes B;
                # of B, for what B owes A (the first found on a tie, as ATOP does).
                latest_a: dict[str, _Shared] = {}
                latest_b: dict[str, _Shared] = {}
                for entry in entries:
                    if entry[0] > start or entry[1] < end:
                        continue
                    aid = entry[2]
                    held_a = latest_a.get(aid)
                    if held_a is None or entry[3] > held_a[3]:
                        latest_a[aid] = entry
                    held_b = latest_b.get(aid)
                    if held_b is None or entry[4] > held_b[4]:
                        latest_b[aid] = entry
                if not latest_a:
                    continue
                ids = tuple(sorted(latest_a))
                owes_run = _run_masks(latest_a.values(), start, end, back=False)
                owed_run = _run_masks(latest_b.values(), start, end, back=True)
                moments = frozenset().union(
                    *(changes.get((a, aid), _NO_YEARS) for aid in ids),
                    *(changes.get((b, aid), _NO_YEARS) for aid in ids),
                )
                bilat = sum(aid in bilateral for aid in ids)
                asymm = any(aid in asymmetric for aid in ids)
                forward.append(_Run(start, end, owes_run, owed_run, ids, moments, bilat, asymm))
                backward.append(_Run(start, end, owed_run, owes_run, ids, moments, bilat, asymm))
        if forward:
            runs[a, b] = forward
            runs[b, a] = backward
    return runs


def _run_masks(entries: Iterable[_Shared], start: int, end: int, back: bool) -> _Masks:
    """What one side owes the other through ``entries`` from ``start`` to ``end``: one
    mask, or a mask per year where statuses make it vary."""
    chosen = list(entries)
    fixed = [entry[6] if back else entry[5] for entry in chosen]
    if min(fixed) >= 0:
        mask = 0
        for bits in fixed:
            mask |= bits
        return mask
    by_year = []
    for year in range(start, end + 1):
        mask = 0
        for entry in chosen:
            mask |= _owed_on(entry, year, back)
        by_year.append(mask)
    return tuple(by_year)


# The columns of a dyad-year table, in DyadYear's order, as plain lists.
_YEAR = DyadYear._fields.index("year")


class _DyadColumns:
    """Dyad-year columns filled a run of years at a time, cut into batches of rows."""

    def __init__(self, directed: bool) -> None:
        self.directed = directed
        # state_a ... year, then transyr: plain lists
        self.lists: list[list[Any]] = [[] for _ in range(8)]
        # The other alliance columns repeat a few combinations ("kinds"): a code a row.
        self.codes: list[int] = []
        self.kinds: list[tuple[Any, ...]] = []
        self._kind_codes: dict[tuple[Any, ...], int] = {}

    def __len__(self) -> int:
        return len(self.lists[_YEAR])

    def cut(self, size: int) -> frames.Columns:
        """Take the first ``size`` rows (or all there are) out, as a batch."""
        taken = [values[:size] for values in self.lists]
        for values in self.lists:
            del values[:size]
        codes = self.codes[:size]
        del self.codes[:size]
        kinds = self.kinds
        coded = [frames.Coded(codes, [kind[i] for kind in kinds]) for i in range(12)]
        return [*taken[:7], *coded[:7], taken[7], *coded[7:]]

    def _code(self, kind: tuple[Any, ...]) -> int:
        code = self._kind_codes.get(kind)
        if code is None:
            code = self._kind_codes[kind] = len(self.kinds)
            self.kinds.append(kind)
        return code

    def codes_of(
        self,
        a: str,
        b: str,
        cow_a: list[int | None],
        cow_b: list[int | None],
        gw_a: list[int | None],
        gw_b: list[int | None],
        years: Sequence[int],
    ) -> int:
        """Fill the first seven columns (states, numbers, year); return how many rows."""
        n = len(years)
        lists = self.lists
        lists[0] += [a] * n
        lists[1] += [b] * n
        lists[2] += cow_a
        lists[3] += cow_b
        lists[4] += gw_a
        lists[5] += gw_b
        lists[6] += years
        return n

    def allied(self, run: _Run, years: Sequence[int]) -> None:
        """Fill the alliance columns for ``years`` (all within ``run``)."""
        n = len(years)
        owes, owed = run.owes, run.owed
        number = len(run.ids)
        # atopally, the five flags and shareob come from the masks; then the rest
        rest = (run.bilateral, number - run.bilateral, number, run.asymmetric, run.ids)
        if type(owes) is int and type(owed) is int:
            flags = _FLAGS[owes if self.directed else owes | owed]
            self.codes += [self._code((True, *flags, (owes | owed) == 0, *rest))] * n
        else:
            first = run.first
            for year in years:
                ours = _mask_in(owes, year - first)
                both = ours | _mask_in(owed, year - first)
                flags = _FLAGS[ours if self.directed else both]
                self.codes.append(self._code((True, *flags, both == 0, *rest)))
        moments = run.moments
        self.lists[7] += [y in moments for y in years] if moments else [False] * n

    def unallied(self, n: int, covered: bool) -> None:
        """Fill the alliance columns of ``n`` rows sharing none: 0, or missing if not ``covered``."""
        if covered:
            self.codes += [self._code(_UNALLIED)] * n
            self.lists[7] += [False] * n
        else:
            self.codes += [self._code(_MISSING)] * n
            self.lists[7] += [None] * n


# atopally, five flags, shareob, bilatno, multino, number, asymm, alliances
_UNALLIED = (False, False, False, False, False, False, False, 0, 0, 0, False, ())
_MISSING = (None,) * 12



def _mask_in(masks: _Masks, offset: int) -> int:
    return masks if isinstance(masks, int) else masks[offset]


def _dyad_batches(
    landscape: Landscape,
    runs: dict[tuple[str, str], list[_Run]],
    directed: bool,
    low: int,
    high: int,
    complete: bool,
    system: str,
    relevant: bool,
    size: int,
) -> Iterator[frames.Columns]:
    """The table's columns, by the system's numbers and year, ``size`` rows at a time.

    Rows are written run by run: a stretch of years of one pair fills each
    column with one list operation, and no row exists as an object.
    """
    cow = {s.code: s.cow_code for s in landscape.states}
    gw_of = systems._gw_by_state_year().get
    columns = _DyadColumns(directed)
    if complete:
        filled = _complete_columns(landscape, runs, columns, low, high, system, relevant)
    elif system == "gw":
        filled = _gw_ordered_columns(runs, columns, cow, gw_of, relevant)
    else:
        filled = _cow_ordered_columns(runs, columns, cow, gw_of, relevant)
    for _ in filled:
        while len(columns) >= size:
            yield columns.cut(size)
    if len(columns):
        yield columns.cut(len(columns))


def _cow_ordered_columns(
    runs: dict[tuple[str, str], list[_Run]],
    columns: _DyadColumns,
    cow: dict[str, int | None],
    gw_of: Callable[[tuple[str, int]], int | None],
    relevant: bool,
) -> Iterator[None]:
    """Fill the columns pair by pair, in COW order (a state's number does not change)."""
    order = {code: _order(cow.get(code), code) for pair in runs for code in pair}
    pairs = sorted(runs, key=lambda pair: (order[pair[0]], order[pair[1]]))
    if not pairs:
        return
    # Each state's G-W number year by year, as a list to slice for a run of years.
    low = min(run.first for pair_runs in runs.values() for run in pair_runs)
    high = max(run.last for pair_runs in runs.values() for run in pair_runs)
    gw_years: dict[str, list[int | None]] = {}
    for code in order:
        gw_years[code] = [gw_of((code, year)) for year in range(low, high + 1)]
    for a, b in pairs:
        if not columns.directed and order[b] < order[a]:
            continue
        cow_a, cow_b = cow.get(a), cow.get(b)
        gw_a, gw_b = gw_years[a], gw_years[b]
        for run in runs[a, b]:
            if relevant:
                years: Sequence[int] = [
                    y for y in range(run.first, run.last + 1) if systems.relevant(cow_a, cow_b, y)
                ]
                if not years:
                    continue
                codes_a = [gw_a[y - low] for y in years]
                codes_b = [gw_b[y - low] for y in years]
            else:
                years = range(run.first, run.last + 1)
                codes_a = gw_a[run.first - low : run.last - low + 1]
                codes_b = gw_b[run.first - low : run.last - low + 1]
            n = len(years)
            columns.codes_of(a, b, [cow_a] * n, [cow_b] * n, codes_a, codes_b, years)
            columns.allied(run, years)
        yield


def _gw_ordered_columns(
    runs: dict[tuple[str, str], list[_Run]],
    columns: _DyadColumns,
    cow: dict[str, int | None],
    gw_of: Callable[[tuple[str, int]], int | None],
    relevant: bool,
) -> Iterator[None]:
    """Fill the columns in G-W order, which may change with the year (a state's number
    may): the rows' keys are sorted, then consecutive years of one run go together."""
    keys = []
    for (a, b), pair_runs in runs.items():
        for index, run in enumerate(pair_runs):
            for year in range(run.first, run.last + 1):
                key_a, key_b = _order(gw_of((a, year)), a), _order(gw_of((b, year)), b)
                if not columns.directed and key_b < key_a:
                    continue
                if relevant and not systems.relevant(cow.get(a), cow.get(b), year):
                    continue
                keys.append((key_a, key_b, year, index))
    keys.sort()
    for (a, b, index), group in itertools.groupby(keys, lambda k: (k[0][2], k[1][2], k[3])):
        years = [key[2] for key in group]
        n = len(years)
        columns.codes_of(
            a,
            b,
            [cow.get(a)] * n,
            [cow.get(b)] * n,
            [gw_of((a, y)) for y in years],
            [gw_of((b, y)) for y in years],
            years,
        )
        columns.allied(runs[a, b][index], years)
        yield


def _complete_columns(
    landscape: Landscape,
    runs: dict[tuple[str, str], list[_Run]],
    columns: _DyadColumns,
    low: int,
    high: int,
    system: str,
    relevant: bool,
) -> Iterator[None]:
    """Fill the columns of a complete panel: pair of (number, state) by pair, year by year."""
    covered_low, covered_high = _coverage(landscape)
    directed = columns.directed
    # A state's place in each year's members: an undirected pair puts the earlier first.
    place: dict[tuple[str, int], int] = {}
    if not directed:
        for year in range(low, high + 1):
            for i, member in enumerate(systems.members(system, year)):
                place[member.state, year] = i
    identities = _identities(system, low, high)
    # The years each is in the system for only part of the year: only there may
    # two members not share a day (checking every year was half the time).
    partial = [
        {year for year, member in by_year.items() if member.days != _whole_year(year)}
        for _, by_year in identities
    ]
    for i, (key_a, mine) in enumerate(identities):
        years_a = mine.keys()
        a = key_a[2]
        for j, (key_b, theirs) in enumerate(identities):
            b = key_b[2]
            if i == j or a == b:
                continue
            # Undirected: the lower number first; under one number, the earlier that year.
            if not directed and key_b[:2] < key_a[:2]:
                continue
            common = years_a & theirs.keys()
            doubtful = common & (partial[i] | partial[j])
            if doubtful:
                common -= {y for y in doubtful if not mine[y].shares_a_day(theirs[y])}
            years = sorted(common)
            if not directed and key_b[:2] == key_a[:2]:
                years = [y for y in years if place[a, y] < place[b, y]]
            if relevant:
                years = [
                    y for y in years if systems.relevant(mine[y].cow_code, theirs[y].cow_code, y)
                ]
            if not years:
                continue
            columns.codes_of(
                a,
                b,
                [mine[y].cow_code for y in years],
                [theirs[y].cow_code for y in years],
                [mine[y].gw_code for y in years],
                [theirs[y].gw_code for y in years],
                years,
            )
            pair_runs = runs.get((a, b))
            if pair_runs is None:
                # Years before, inside and after the landscape's coverage, in order.
                inside = bisect.bisect_left(years, covered_low)
                after = bisect.bisect_right(years, covered_high)
                columns.unallied(inside, covered=False)
                columns.unallied(after - inside, covered=True)
                columns.unallied(len(years) - after, covered=False)
            else:
                _fill_complete_pair(columns, pair_runs, years, covered_low, covered_high)
            yield


@functools.cache
def _whole_year(year: int) -> tuple[tuple[dt.date, dt.date]]:
    """A member's days when it is in the system all year."""
    return ((dt.date(year, 1, 1), dt.date(year + 1, 1, 1)),)


def _fill_complete_pair(
    columns: _DyadColumns, pair_runs: list[_Run], years: list[int], low: int, high: int
) -> None:
    """The alliance columns of one pair with alliances, in a complete panel: each year
    in its run, or sharing none (inside the coverage, ``low`` to ``high``) or missing."""
    position = 0
    count = len(pair_runs)

    def part(year: int) -> _Run | bool:
        nonlocal position
        while position < count and pair_runs[position].last < year:
            position += 1
        if position < count and pair_runs[position].first <= year:
            return pair_runs[position]
        return low <= year <= high

    for found, group in itertools.groupby(years, part):
        stretch = list(group)
        if isinstance(found, _Run):
            columns.allied(found, stretch)
        else:
            columns.unallied(len(stretch), covered=found)


# --- output


def _fields(rows: Sequence[Row], record: type[Row] | None) -> tuple[str, ...]:
    if rows:
        return type(rows[0])._fields
    if record is None:
        raise ValueError("no rows, and no record type to take the columns from: pass record=")
    return record._fields


def _cell(value: object) -> object:
    if value is True:
        return 1
    if value is False:
        return 0
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    return value


def write_csv(
    rows: Iterable[Row], path: str | os.PathLike[str], *, record: type[Row] | None = None
) -> int:
    """Write rows to a CSV file, one column per field; return how many rows.

    ``rows`` may be any iterable, such as :func:`iter_dyad_years`: it is written
    as it is taken.

    Flags are written 1 or 0 and a missing value (a COW number a state lacks, an
    alliance column outside the landscape's coverage) as an empty cell, as in
    ATOP's files; the alliance ids are one cell, joined by ``;``. ``record``
    (:class:`StateYear` or :class:`DyadYear`) gives the header when there are no rows.
    """
    iterator = iter(rows)
    first = next(iterator, None)
    fields = _fields([] if first is None else [first], record)
    count = 0
    with gc_paused(), open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        if first is not None:
            writer.writerow([_cell(value) for value in first])
            count = 1
        for row in iterator:
            writer.writerow([_cell(value) for value in row])
            count += 1
    return count


# --- frames (coalitions.frames): the rows' columns


_STRINGS = frozenset({"state", "state_a", "state_b"})
_COUNTS = frozenset({"number", "bilatno", "multino"})


def _kind(name: str) -> str:
    """What a table row's column holds: ``"string"``, ``"year"``, ``"code"`` or ``"count"``
    (nullable integers), ``"ids"`` or ``"flag"`` (nullable booleans)."""
    if name in _STRINGS:
        return "string"
    if name == "year":
        return "year"
    if name.startswith(("cow_code", "gw_code")):
        return "code"
    if name in _COUNTS:
        return "count"
    if name == "alliances":
        return "ids"
    return "flag"


def _row_column(name: str) -> frames._Column:
    """A column of :class:`StateYear` or :class:`DyadYear`."""
    kind = _kind(name)
    if kind == "string":
        return frames._Column(name, "string")
    if kind == "year":
        return frames._Column(name, "int")
    if kind in ("code", "count"):
        return frames._Column(name, "int", nullable=True)
    if kind == "ids":
        return frames._Column(name, "strings", nullable=True)
    return frames._Column(name, "bool", nullable=True)


for _row_type in (StateYear, DyadYear):
    frames._register(_row_type, tuple(_row_column(name) for name in _row_type._fields))
