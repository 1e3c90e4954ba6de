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

Those three take the library's other collections too (:data:`Record`), one
kind to a frame: events (:class:`~coalitions.Event`), membership spells
(:class:`~coalitions.Membership`), ties (:class:`~coalitions.ties.Tie`) and
states (:class:`~coalitions.State`, or the registry's
:class:`~coalitions.registry.StateRecord`). Every field is a typed column:
text ``string``; numbers ``int64``, ``Int64`` where they may be missing; flags
``bool``, ``boolean`` where they may be missing; dates ``datetime64[s]`` in
pandas and ``date32`` in Arrow; enums their values (pandas ``category``);
sets and tuples of strings tuples in pandas (sets sorted) and ``list<string>``
in Arrow. See ``docs/research.md``.

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

import contextlib
import csv
import datetime as dt
import enum
import gc
import importlib
import itertools
import operator
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from coalitions import systems
from coalitions.errors import Problem, ValidationError
from coalitions.history import Event, EventKind
from coalitions.landscape import Landscape
from coalitions.model import (
    AgreementKind,
    Alliance,
    Formality,
    Membership,
    Obligation,
    Precision,
    Role,
    State,
    Status,
)
from coalitions.registry import StateRecord
from coalitions.ties import Tie, TieKind, obligations_toward, tie

if TYPE_CHECKING:
    import pandas
    import pyarrow

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


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a table is built.

    A table allocates hundreds of thousands of tuples and dicts, none of them in
    a reference cycle, and each batch of allocations sets off a collection that
    walks them all again: more than half the time on ATOP's dyad-years.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    with _no_gc():
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
    with _no_gc():
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
    with _no_gc():
        return list(
            iter_dyad_years(
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
        )


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
) -> Iterator[DyadYear]:
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
    with _no_gc():
        found = _dyad_years(landscape, low, high, nna, progress)
    return _dyad_rows(landscape, found, directed, low, high, complete, system, relevant)


# What A shares with B in one alliance: (first year, last year, alliance id, since
# of A's spell, what A owes B as a mask, or -1 when statuses make it vary by day,
# then the alliance and the two spells).
_Shared = tuple[int, int, str, dt.date, int, Alliance, Membership, Membership]
# (directed) dyad-year -> (A's mask toward B, number, ids, transyr, bilatno, asymm)
_Cell = tuple[int, int, tuple[str, ...], bool, int, bool]


def _owed_on(entry: _Shared, year: int) -> int:
    """What A owes B through one alliance in ``year``, on the last day they share in it."""
    _, _, _, _, mask, alliance, mine, theirs = entry
    if mask >= 0:
        return mask
    day = dt.date(year, 12, 31)
    for until in (mine.until, theirs.until):
        if until is not None and until <= day:
            day = until - dt.timedelta(days=1)
    return _mask(tie(alliance, mine, theirs, day).owes)


def _dyad_years(
    landscape: Landscape, low: int, high: int, nna: bool, progress: Progress | None
) -> dict[tuple[str, str, int], _Cell]:
    open_end = _last_year(landscape)
    alliances = _alliances(landscape, nna)
    changes = _changes(landscape, alliances)
    bilateral: set[str] = set()
    asymmetric: set[str] = set()
    # state a -> state b -> what they share, alliance by alliance
    shared: dict[str, dict[str, list[_Shared]]] = {}
    masks: dict[frozenset[Obligation], int] = {}
    for done, alliance in enumerate(alliances, 1):
        aid = alliance.id
        spells = [s for s in alliance.members if s.role is Role.MEMBER]
        if len({s.state for s in spells}) == 2:
            bilateral.add(aid)
        if _asymmetric(alliance):
            asymmetric.add(aid)
        for mine in spells:
            a = mine.state
            first_a = mine.since.year
            last_a = open_end if mine.until is None else mine.until.year
            by_b = shared.get(a)
            if by_b is None:
                by_b = shared[a] = {}
            for theirs in spells:
                b = theirs.state
                if a == b:
                    continue
                # Overlapping by at least one day: [max since, min until) is not empty.
                if mine.until is not None and theirs.since >= mine.until:
                    continue
                if theirs.until is not None and mine.since >= theirs.until:
                    continue
                last_b = open_end if theirs.until is None else theirs.until.year
                first = max(first_a, theirs.since.year, low)
                last = min(last_a, last_b, high)
                if first > last:
                    continue
                if mine.statuses or theirs.statuses:
                    mask = -1
                else:
                    owes = obligations_toward(alliance, mine, theirs)
                    found_mask = masks.get(owes)
                    if found_mask is None:
                        found_mask = masks[owes] = _mask(owes)
                    mask = found_mask
                entry = (first, last, aid, mine.since, mask, alliance, mine, theirs)
                held = by_b.get(b)
                if held is None:
                    by_b[b] = [entry]
                else:
                    held.append(entry)
        if progress is not None:
            progress(done, len(alliances))
    cells: dict[tuple[str, str, int], _Cell] = {}
    for a, by_b in shared.items():
        for b, entries in by_b.items():
            if len(entries) == 1 and entries[0][4] >= 0:
                # The common case: one spell each in one alliance, the same every year.
                first, last, aid, _, mask, *_ = entries[0]
                ids: tuple[str, ...] = (aid,)
                moments = changes.get((a, aid), set()) | changes.get((b, aid), set())
                bilat = 1 if aid in bilateral else 0
                asymm = aid in asymmetric
                for year in range(first, last + 1):
                    cells[a, b, year] = (mask, 1, ids, year in moments, bilat, asymm)
                continue
            years: dict[int, dict[str, tuple[dt.date, _Shared]]] = {}
            for entry in entries:
                since = entry[3]
                for year in range(entry[0], entry[1] + 1):
                    cell = years.get(year)
                    if cell is None:
                        years[year] = {entry[2]: (since, entry)}
                        continue
                    held_entry = cell.get(entry[2])
                    if held_entry is None or since > held_entry[0]:
                        cell[entry[2]] = (since, entry)
            for year, cell in years.items():
                mask = 0
                for _, entry in cell.values():
                    mask |= _owed_on(entry, year)
                ids = tuple(sorted(cell))
                transyr = any(
                    year in changes.get((a, aid), ()) or year in changes.get((b, aid), ())
                    for aid in ids
                )
                cells[a, b, year] = (
                    mask,
                    len(ids),
                    ids,
                    transyr,
                    sum(aid in bilateral for aid in ids),
                    any(aid in asymmetric for aid in ids),
                )
    return cells


def _dyad_rows(
    landscape: Landscape,
    cells: dict[tuple[str, str, int], _Cell],
    directed: bool,
    low: int,
    high: int,
    complete: bool,
    system: str,
    relevant: bool,
) -> Iterator[DyadYear]:
    """The rows, by the system's numbers and year, made as they are taken.

    Without ``complete`` only the keys of the cells are sorted; a complete panel
    goes pair of (number, state) by pair, year by year, never holding its rows.
    """
    cow = {s.code: s.cow_code for s in landscape.states}
    by_gw = system == "gw"
    # tuple.__new__ skips the NamedTuple's Python-level __new__: twice as fast here.
    new = tuple.__new__
    if not complete:
        gw_of = systems._gw_by_state_year().get
        keyed: dict[str, tuple[bool, int, str]] = {}
        keys: list[tuple[tuple[bool, int, str], tuple[bool, int, str], int]] = []
        append = keys.append
        for a, b, year in cells:
            if by_gw:
                key_a = _order(gw_of((a, year)), a)
                key_b = _order(gw_of((b, year)), b)
            else:
                key_a = keyed.get(a) or keyed.setdefault(a, _order(cow.get(a), a))
                key_b = keyed.get(b) or keyed.setdefault(b, _order(cow.get(b), b))
            if not directed and key_b < key_a:
                continue
            if relevant and not systems.relevant(cow.get(a), cow.get(b), year):
                continue
            append((key_a, key_b, year))
        keys.sort()
        for (_, _, a), (_, _, b), year in keys:
            mask, number, ids, transyr, bilat, asymm = cells[a, b, year]
            back = cells[b, a, year][0]
            if not directed:
                mask |= back
            yield new(
                DyadYear,
                (
                    a,
                    b,
                    cow.get(a),
                    cow.get(b),
                    gw_of((a, year)),
                    gw_of((b, year)),
                    year,
                    True,
                    *_FLAGS[mask],
                    (mask | back) == 0,
                    transyr,
                    bilat,
                    number - bilat,
                    number,
                    asymm,
                    ids,
                ),
            )
        return
    covered_low, covered_high = _coverage(landscape)
    missing = (None, *_NO_FLAGS, None, None, None, None, None, None, None)
    # A state's place in each year's members: an undirected pair puts the earlier first.
    place: dict[tuple[str, int], int] = {}
    if not directed:
        for year in range(low, high + 1):
            for i, member in enumerate(systems.members(system, year)):
                place[member.state, year] = i
    identities = _identities(system, low, high)
    for _, mine in identities:
        years_a = mine.keys()
        for _, theirs in identities:
            if mine is theirs:
                continue
            for year in sorted(years_a & theirs.keys()):
                x, y = mine[year], theirs[year]
                a, b = x.state, y.state
                if a == b or not x.shares_a_day(y):
                    continue
                if not directed and place[a, year] > place[b, year]:
                    continue
                if relevant and not systems.relevant(x.cow_code, y.cow_code, year):
                    continue
                codes = (a, b, x.cow_code, y.cow_code, x.gw_code, y.gw_code, year)
                cell = cells.get((a, b, year))
                if cell is not None:
                    mask, number, ids, transyr, bilat, asymm = cell
                    back = cells[b, a, year][0]
                    if not directed:
                        mask |= back
                    yield new(
                        DyadYear,
                        (
                            *codes,
                            True,
                            *_FLAGS[mask],
                            (mask | back) == 0,
                            transyr,
                            bilat,
                            number - bilat,
                            number,
                            asymm,
                            ids,
                        ),
                    )
                elif covered_low <= year <= covered_high:
                    yield new(
                        DyadYear, (*codes, False, *_FLAGS[0], False, False, 0, 0, 0, False, ())
                    )
                else:
                    yield new(DyadYear, (*codes, *missing))


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
    with _no_gc(), open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        if first is not None:
            writer.writerow([_cell(value) for value in first])
            count = 1
        for row in iterator:
            writer.writerow([_cell(value) for value in row])
            count += 1
    return count


def _optional(module: str, extra: str, what: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{what} needs {module.split('.')[0]}, which is not installed:"
            f" pip install 'coalitions[{extra}]'"
        ) from exc


# --- frames: table rows, and the library's records


Record = StateYear | DyadYear | Event | Membership | Tie | State | StateRecord
"""What :func:`to_pandas`, :func:`to_arrow` and :func:`write_parquet` take: one kind
to a frame (a subclass counts as its class)."""


class _Column(NamedTuple):
    """One column of a frame.

    ``kind`` is ``"string"``, ``"int"``, ``"bool"``, ``"date"``, ``"enum"`` (its
    ``categories`` the enum's values, in order), ``"strings"`` or ``"ints"`` (a
    tuple, or an Arrow list) or ``"structs"`` (a tuple of dicts with ``fields``,
    each a name and one of the kinds above). ``get`` gives a record's plain value:
    an enum's value, a set's sorted values; ``None`` for table rows, whose values
    are plain already.
    """

    name: str
    kind: str
    nullable: bool = False
    get: Callable[[Any], object] | None = None
    categories: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()


def _value(member: enum.Enum | None) -> object:
    return None if member is None else member.value


def _values(members: Iterable[enum.Enum] | None) -> tuple[object, ...] | None:
    """Enum members as their values, sorted (they come from sets)."""
    return None if members is None else tuple(sorted(member.value for member in members))


def _plain(name: str, kind: str, nullable: bool = False) -> _Column:
    """A column holding the attribute ``name`` as it is."""
    return _Column(name, kind, nullable, operator.attrgetter(name))


def _enum(
    name: str, of: type[enum.Enum], nullable: bool = False, attribute: str | None = None
) -> _Column:
    """A column holding an enum's value (of attribute ``attribute``, by default ``name``)."""
    get = operator.attrgetter(attribute or name)
    return _Column(
        name, "enum", nullable, lambda record: _value(get(record)), tuple(m.value for m in of)
    )


def _enums(name: str, nullable: bool = False) -> _Column:
    """A column holding a set of enums as their values, sorted."""
    get = operator.attrgetter(name)
    return _Column(name, "strings", nullable, lambda record: _values(get(record)))


def _commitments(spell: Membership) -> tuple[dict[str, object], ...]:
    return tuple({"toward": c.toward, "obligations": _values(c.obligations)} for c in spell.toward)


def _statuses(spell: Membership) -> tuple[dict[str, object], ...]:
    return tuple(
        {
            "status": s.status.value,
            "since": s.since,
            "until": s.until,
            "toward": None if s.toward is None else tuple(sorted(s.toward)),
            "sources": s.sources,
            "since_precision": s.since_precision.value,
            "until_precision": s.until_precision.value,
        }
        for s in spell.statuses
    )


def _system_spells(record: StateRecord) -> tuple[dict[str, object], ...]:
    return tuple({"since": s.since, "until": s.until} for s in record.system_spells)


_SPECS: dict[type, tuple[_Column, ...]] = {
    Event: (
        _plain("date", "date"),
        _enum("kind", EventKind),
        _plain("subject", "string"),
        _plain("state", "string", nullable=True),
        _enum("role", Role, nullable=True),
        _enum("precision", Precision),
    ),
    Membership: (
        _plain("state", "string"),
        _plain("since", "date"),
        _plain("until", "date", nullable=True),
        _enum("role", Role),
        # None: the grouping's obligations; a set (maybe empty): the spell's own
        _enums("obligations", nullable=True),
        _enum("since_precision", Precision),
        _enum("until_precision", Precision),
        _Column(
            "toward",
            "structs",
            get=_commitments,
            fields=(("toward", "string"), ("obligations", "strings")),
        ),
        _Column(
            "statuses",
            "structs",
            get=_statuses,
            fields=(
                ("status", "string"),
                ("since", "date"),
                ("until", "date"),
                ("toward", "strings"),
                ("sources", "strings"),
                ("since_precision", "string"),
                ("until_precision", "string"),
            ),
        ),
    ),
    Tie: (
        _plain("state", "string"),
        _plain("other", "string"),
        _plain("via", "string"),
        _enum("kind", TieKind),
        # an ordered scale: its number (1 observer ... 10 defense), as in to_networkx
        _Column("strength", "int", get=lambda tie: int(tie.strength)),
        _enum("formality", Formality, nullable=True),
        _enum("agreement_kind", AgreementKind, nullable=True),
        _enum("role", Role),
        _enum("other_role", Role),
        _enums("owes"),
        _enums("owed"),
        _plain("unconfirmed", "bool"),
        _plain("pending", "bool"),
        _plain("suspended", "bool"),
        _enum("suspension", Status, nullable=True),
    ),
    State: (
        _plain("code", "string"),
        _plain("name", "string"),
        _plain("cow_code", "int", nullable=True),
        _plain("region", "string", nullable=True),
    ),
    StateRecord: (
        _plain("code", "string"),
        _plain("name", "string"),
        _Column("cow_code", "int", nullable=True, get=lambda record: record.state.cow_code),
        _Column("region", "string", nullable=True, get=lambda record: record.state.region),
        _plain("current", "bool"),
        _plain("iso_alpha2", "string", nullable=True),
        _plain("cow_abbreviation", "string", nullable=True),
        _Column(
            "system_spells",
            "structs",
            get=_system_spells,
            fields=(("since", "date"), ("until", "date")),
        ),
        _plain("nonsystem_codes", "ints"),
        _plain("aliases", "strings"),
    ),
}


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


def _row_column(name: str) -> _Column:
    """A column of :class:`StateYear` or :class:`DyadYear`."""
    kind = _kind(name)
    if kind == "string":
        return _Column(name, "string")
    if kind == "year":
        return _Column(name, "int")
    if kind in ("code", "count"):
        return _Column(name, "int", nullable=True)
    if kind == "ids":
        return _Column(name, "strings", nullable=True)
    return _Column(name, "bool", nullable=True)


for _row_type in (StateYear, DyadYear):
    _SPECS[_row_type] = tuple(_row_column(name) for name in _row_type._fields)

_EXPECTED = "StateYear, DyadYear, Event, Membership, Tie, State or registry StateRecord"


def _collect(
    rows: Iterable[Record], record: type[Record] | None
) -> tuple[tuple[_Column, ...], list[Record]]:
    """The rows as a list, and the columns of their kind."""
    rows = list(rows)
    if rows:
        kind: type = type(rows[0])
        where = "[0]"
    elif record is not None:
        kind, where = record, "record"
    else:
        raise ValueError("no rows, and no record type to take the columns from: pass record=")
    base = next((cls for cls in kind.__mro__ if cls in _SPECS), None)
    if base is None:
        raise ValidationError([Problem(where, f"is a {kind.__name__}; expected a {_EXPECTED}")])
    strays = [i for i, row in enumerate(rows) if not isinstance(row, base)]
    if strays:
        problems = [
            Problem(
                f"[{i}]",
                f"is a {type(rows[i]).__name__}, but [0] is a {base.__name__}:"
                " one kind of record to a frame",
            )
            for i in strays[:10]
        ]
        if len(strays) > 10:
            problems.append(Problem("", f"... and {len(strays) - 10} more"))
        raise ValidationError(problems)
    return _SPECS[base], rows


def _plain_columns(spec: tuple[_Column, ...], rows: Sequence[Record]) -> dict[str, list[Any]]:
    """Column by column, the plain values: strings, numbers, dates, tuples, dicts."""
    if spec[0].get is None:  # table rows: plain already
        if not rows:
            return {column.name: [] for column in spec}
        return {
            column.name: list(values)
            for column, values in zip(spec, zip(*rows, strict=True), strict=True)
        }
    return {
        column.name: [column.get(row) for row in rows] for column in spec if column.get is not None
    }


def _series(pd: Any, column: _Column, values: list[Any]) -> Any:
    kind = column.kind
    if kind == "string":
        return pd.Series(values, dtype="string")
    if kind == "int":
        return pd.Series(values, dtype="Int64" if column.nullable else "int64")
    if kind == "bool":
        return pd.Series(values, dtype="boolean" if column.nullable else "bool")
    if kind == "date":
        return pd.Series(values, dtype="datetime64[s]")
    if kind == "enum":
        return pd.Series(pd.Categorical(values, categories=list(column.categories)))
    return pd.Series(values, dtype=object)


def to_pandas(rows: Iterable[Record], *, record: type[Record] | None = None) -> pandas.DataFrame:
    """The rows or records as a :class:`pandas.DataFrame` (extra ``coalitions[pandas]``).

    ``rows`` is a sequence of one kind: table rows (:class:`StateYear`,
    :class:`DyadYear`), events (:class:`~coalitions.Event`, from
    :meth:`Landscape.events <coalitions.Landscape.events>`), membership spells
    (:class:`~coalitions.Membership`), ties (:class:`~coalitions.ties.Tie`, from
    :meth:`Landscape.ties <coalitions.Landscape.ties>`), states
    (:class:`~coalitions.State`, from :func:`coalitions.registry.states` or
    ``landscape.states``) or registry records
    (:class:`~coalitions.registry.StateRecord`, from
    :func:`coalitions.registry.records`). ``record`` gives the columns when
    there are no rows. One column per field, typed:

    * text: ``string``; numbers: ``int64``, or ``Int64`` where they may be
      missing (COW and G-W numbers, counts), so a missing one is ``<NA>``, never 0;
    * flags: ``bool``, or ``boolean`` where they may be missing (the table rows'
      alliance columns outside the landscape's coverage);
    * dates: ``datetime64[s]`` (pandas' unit nearest a day), ``NaT`` for an open end;
    * enums: ``category`` of their values, every value of the enum a category
      (in the enum's order), so frames concatenate; a tie's ``strength`` is its
      number (``1`` observer to ``10`` defense), as in :func:`coalitions.graph.to_networkx`;
    * sets and sequences of strings or numbers: tuples (sets sorted); a spell's
      ``obligations`` is ``None`` where it takes its grouping's; commitments,
      statuses and COW system spells: tuples of dicts, with the fields of
      :func:`to_arrow`'s structs.

    >>> import datetime as dt
    >>> import pytest; _ = pytest.importorskip("pandas")
    >>> from coalitions import Event, EventKind, Role
    >>> events = [Event(date=dt.date(2024, 3, 7), kind=EventKind.JOINED, subject="NATO",
    ...                 state="SWE", role=Role.MEMBER),
    ...           Event(date=dt.date(1949, 8, 24), kind=EventKind.FOUNDED, subject="NATO")]
    >>> frame = to_pandas(events)
    >>> frame.dtypes.astype(str).to_dict()
    {'date': 'datetime64[s]', 'kind': 'category', 'subject': 'string', 'state': 'string', 'role': 'category', 'precision': 'category'}
    >>> frame[["date", "kind", "state"]].to_string()
    '        date     kind state\\n0 2024-03-07   joined   SWE\\n1 1949-08-24  founded  <NA>'
    """
    pd = _optional("pandas", "pandas", "to_pandas")
    spec, records = _collect(rows, record)
    columns = _plain_columns(spec, records)
    frame: pandas.DataFrame = pd.DataFrame(
        {column.name: _series(pd, column, columns[column.name]) for column in spec}
    )
    return frame


def _arrow_type(pa: Any, kind: str, fields: tuple[tuple[str, str], ...] = ()) -> Any:
    if kind in ("string", "enum"):
        return pa.string()
    if kind == "int":
        return pa.int64()
    if kind == "bool":
        return pa.bool_()
    if kind == "date":
        return pa.date32()
    if kind == "strings":
        return pa.list_(pa.string())
    if kind == "ints":
        return pa.list_(pa.int64())
    return pa.list_(pa.struct([pa.field(name, _arrow_type(pa, of)) for name, of in fields]))


def _arrow_schema(pa: Any, spec: tuple[_Column, ...]) -> Any:
    return pa.schema(
        [
            pa.field(column.name, _arrow_type(pa, column.kind, column.fields), column.nullable)
            for column in spec
        ]
    )


def to_arrow(rows: Iterable[Record], *, record: type[Record] | None = None) -> pyarrow.Table:
    """The rows or records as a :class:`pyarrow.Table` (extra ``coalitions[arrow]``).

    Takes what :func:`to_pandas` takes. Text and enums (their values) are
    ``string``, numbers ``int64`` (a tie's ``strength`` its number), flags
    ``bool``, dates ``date32``; sets and sequences are lists (``list<string>``,
    sets sorted; ``list<int64>``), and a spell's commitments and statuses and a
    registry record's COW system spells lists of structs. A column that may
    hold a missing value is nullable, and only such a column: the table rows'
    alliance columns (missing outside the landscape's coverage), COW and G-W
    numbers, an open spell's ``until``. ``rows`` may be any iterable, such as
    :func:`iter_dyad_years`: it is taken :data:`ROW_GROUP` rows at a time.

    >>> import datetime as dt
    >>> import pytest; _ = pytest.importorskip("pyarrow")
    >>> from coalitions import Membership, Obligation
    >>> spells = [Membership(state="SWE", since=dt.date(2024, 3, 7),
    ...                      obligations={Obligation.DEFENSE, Obligation.CONSULTATION})]
    >>> table = to_arrow(spells)
    >>> str(table.schema.field("since").type), str(table.schema.field("obligations").type)
    ('date32[day]', 'list<item: string>')
    >>> table.column("obligations").to_pylist(), table.column("until").to_pylist()
    ([['consultation', 'defense']], [None])
    """
    pa = _optional("pyarrow", "arrow", "to_arrow")
    iterator = iter(rows)
    with _no_gc():
        spec, first = _collect(itertools.islice(iterator, ROW_GROUP), record)
    schema = _arrow_schema(pa, spec)
    if not first:
        empty: pyarrow.Table = pa.Table.from_pydict(_plain_columns(spec, first), schema=schema)
        return empty
    with _no_gc():
        batches = list(_batches(pa, spec, schema, first, iterator))
    table: pyarrow.Table = pa.Table.from_batches(batches, schema=schema)
    return table


ROW_GROUP = 100_000
"""Rows to a Parquet row group (and to an Arrow batch) when :func:`write_parquet` streams."""


def _batches(
    pa: Any, spec: tuple[_Column, ...], schema: Any, first: list[Record], rest: Iterator[Record]
) -> Iterator[Any]:
    """Record batches of at most :data:`ROW_GROUP` rows, one column at a time; each
    batch after the first checked to hold rows of the first's kind."""
    base = next(cls for cls, columns in _SPECS.items() if columns is spec)
    chunk, done = first, 0
    while chunk:
        if done:
            strays = [i for i, row in enumerate(chunk) if not isinstance(row, base)]
            if strays:
                i = strays[0]
                raise ValidationError(
                    [
                        Problem(
                            f"[{done + i}]",
                            f"is a {type(chunk[i]).__name__}, but [0] is a {base.__name__}:"
                            " one kind of record to a frame",
                        )
                    ]
                )
        yield pa.RecordBatch.from_pydict(_plain_columns(spec, chunk), schema=schema)
        done += len(chunk)
        chunk = list(itertools.islice(rest, ROW_GROUP))


def write_parquet(
    rows: Iterable[Record], path: str | os.PathLike[str], *, record: type[Record] | None = None
) -> int:
    """Write the rows or records to a Parquet file (extra ``coalitions[arrow]``); see
    :func:`to_arrow`. Return how many rows.

    ``rows`` may be any iterable, such as :func:`iter_dyad_years`: it is taken
    :data:`ROW_GROUP` rows at a time, each written as a row group, so memory
    stays bounded however long the table.

    >>> import pytest; pq = pytest.importorskip("pyarrow.parquet")
    >>> import datetime as dt, pathlib, tempfile
    >>> from coalitions import Alliance, Landscape, Membership, Obligation, State
    >>> day = dt.date(1949, 4, 4)
    >>> world = Landscape(
    ...     states=[State(code="USA", name="United States", cow_code=2),
    ...             State(code="CAN", name="Canada", cow_code=20)],
    ...     alliances=[Alliance(id="ATOP-3180", name="NATO", founded=day, obligations=[Obligation.DEFENSE],
    ...                         members=[Membership(state=c, since=day) for c in ("USA", "CAN")])],
    ...     as_of=dt.date(2018, 12, 31))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "panel.parquet"
    ...     written = write_parquet(iter_dyad_years(world, complete=True, end=1950), path)
    ...     table = pq.read_table(path)
    >>> written == table.num_rows == len(dyad_years(world, complete=True, end=1950))
    True
    """
    parquet = _optional("pyarrow.parquet", "arrow", "write_parquet")
    pa = _optional("pyarrow", "arrow", "write_parquet")
    iterator = iter(rows)
    with _no_gc():
        spec, first = _collect(itertools.islice(iterator, ROW_GROUP), record)
    schema = _arrow_schema(pa, spec)
    count = 0
    with _no_gc(), parquet.ParquetWriter(os.fspath(path), schema) as writer:
        if not first:
            writer.write_table(pa.Table.from_pydict(_plain_columns(spec, first), schema=schema))
        for batch in _batches(pa, spec, schema, first, iterator):
            writer.write_batch(batch, row_group_size=ROW_GROUP)
            count += batch.num_rows
    return count
