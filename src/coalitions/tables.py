"""Research tables: state-years and dyad-years of alliance ties, as ATOP builds them.

:func:`state_years` gives one :class:`StateYear` per state and year in which
the state belongs to at least one alliance; :func:`dyad_years` one
:class:`DyadYear` per pair of states and year in which they share one. Both
carry ATOP's columns: any alliance (``atopally``), the five obligation flags,
the number of alliances and their ids. Built from :func:`coalitions.atop.read`,
:func:`state_years` reproduces ATOP's own state-year file (``atop5_1sy.csv``)
row for row; see ``docs/atop.md``.

The rows are typed records (:class:`typing.NamedTuple`). Write them with
:func:`write_csv`; with the extras installed, turn them into a pandas
DataFrame (:func:`to_pandas`, ``coalitions[pandas]``), an Arrow table
(:func:`to_arrow`) or a Parquet file (:func:`write_parquet`, both
``coalitions[arrow]``).

How years are counted, following ATOP:

* only :class:`~coalitions.Alliance` spells with the ``MEMBER`` role count
  (agreements, such as the phase agreements :mod:`coalitions.atop` makes, and
  minilaterals do not; neither do partners and observers);
* a spell counts in every calendar year from the year of ``since`` to the year
  of ``until``, both included: ATOP counts a year in which a state left as one
  it was allied in. An open spell lasts to the year of the landscape's
  ``as_of`` (to this year if it has none); ``start`` and ``end`` only clip;
* where a state has several spells in one alliance in a year (a phase
  change), the obligations are those of its latest spell that year, as in
  ATOP's state-year file; across alliances they add up;
* a dyad shares an alliance in a year when the two states' spells in it
  overlap by at least one day, and counts the years of that overlap.

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
GBR 1949 True 1 ('ATOP-3180',)
GBR 1950 True 1 ('ATOP-3180',)
USA 1949 True 1 ('ATOP-3180',)
USA 1950 True 1 ('ATOP-3180',)
>>> len(dyad_years(world)), len(dyad_years(world, directed=False))
(4, 2)
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import importlib
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from coalitions.landscape import Landscape
from coalitions.model import Alliance, Obligation, Role

__all__ = [
    "DyadYear",
    "Progress",
    "StateYear",
    "dyad_years",
    "state_years",
    "to_arrow",
    "to_pandas",
    "write_csv",
    "write_parquet",
]

Progress = Callable[[int, int], None]
"""A callback told ``(done, total)`` as a table is built, for a progress bar."""


class StateYear(NamedTuple):
    """One state in one year, with the alliances it belongs to (ATOP's state-year columns)."""

    state: str
    """The state's code."""
    cow_code: int | None
    """Its COW state number, if it has one (ATOP's ``state``)."""
    year: int
    atopally: bool
    """Whether the state belongs to any alliance (always true: other years have no row)."""
    defense: bool
    offense: bool
    neutral: bool
    nonagg: bool
    consul: bool
    number: int
    """How many alliances."""
    transyr: bool
    """Whether any of its alliance spells begins or ends this year (a phase change counts)."""
    alliances: tuple[str, ...]
    """The alliance ids, sorted."""


class DyadYear(NamedTuple):
    """Two states in one year, with the alliances they share (ATOP's dyad-year columns).

    In a directed table the flags are ``state_a``'s obligations in the shared
    alliances (what A promised, in alliances with B); in an undirected one
    (``state_a < state_b``) those of either.
    """

    state_a: str
    state_b: str
    cow_code_a: int | None
    cow_code_b: int | None
    year: int
    atopally: bool
    defense: bool
    offense: bool
    neutral: bool
    nonagg: bool
    consul: bool
    number: int
    """How many alliances the two share."""
    alliances: tuple[str, ...]
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


# A spell, reduced to what the tables need:
# (state, alliance id, since, first year, last year, obligation mask, until year or None)
_Spell = tuple[str, str, dt.date, dt.date | None, int, int, int]


def _spells(alliance: Alliance, open_end: int) -> list[_Spell]:
    found: list[_Spell] = []
    masks: dict[frozenset[Obligation], int] = {}
    for spell in alliance.members:
        if spell.role is not Role.MEMBER:
            continue
        obligations = alliance.obligations_of(spell)
        mask = masks.get(obligations)
        if mask is None:
            mask = masks[obligations] = _mask(obligations)
        last = open_end if spell.until is None else spell.until.year
        found.append(
            (spell.state, alliance.id, spell.since, spell.until, spell.since.year, last, mask)
        )
    return found


def state_years(
    landscape: Landscape,
    start: int | None = None,
    end: int | None = None,
    *,
    progress: Progress | None = None,
) -> list[StateYear]:
    """One row per state and year (``start`` to ``end``, both included) in which
    the state belongs to at least one alliance, by state code and year.

    ``progress``, if given, is called with ``(done, total)`` states.
    """
    with _no_gc():
        return _state_years(landscape, start, end, progress)


def _state_years(
    landscape: Landscape, start: int | None, end: int | None, progress: Progress | None
) -> list[StateYear]:
    open_end = _last_year(landscape)
    by_state: dict[str, list[_Spell]] = {}
    # The years in which a state's spell in an alliance, or in one of the
    # agreements it rests on (ATOP's phases), begins or ends.
    changes: dict[str, set[int]] = {}
    for alliance in landscape.alliances:
        for spell in _spells(alliance, open_end):
            by_state.setdefault(spell[0], []).append(spell)
        spells = list(alliance.members)
        for agreement_id in alliance.agreements:
            spells.extend(landscape.agreement(agreement_id).parties)
        for member in spells:
            if member.role is Role.MEMBER:
                changed = changes.setdefault(member.state, set())
                changed.add(member.since.year)
                if member.until is not None:
                    changed.add(member.until.year)
    cow = {state.code: state.cow_code for state in landscape.states}
    low = start if start is not None else -1
    high = end if end is not None else 10_000
    rows: list[StateYear] = []
    states = sorted(by_state)
    for done, code in enumerate(states, 1):
        # year -> alliance id -> (since of the latest spell, its mask)
        years: dict[int, dict[str, tuple[dt.date, int]]] = {}
        for _, aid, since, _until, first, last, mask in by_state[code]:
            for year in range(max(first, low), min(last, high) + 1):
                cell = years.get(year)
                if cell is None:
                    years[year] = {aid: (since, mask)}
                    continue
                held = cell.get(aid)
                if held is None or since > held[0]:
                    cell[aid] = (since, mask)
        state_cow = cow.get(code)
        for year in sorted(years):
            cell = years[year]
            mask = 0
            for _, bits in cell.values():
                mask |= bits
            defense, offense, neutral, nonagg, consul = _FLAGS[mask]
            rows.append(
                StateYear(
                    code,
                    state_cow,
                    year,
                    True,
                    defense,
                    offense,
                    neutral,
                    nonagg,
                    consul,
                    len(cell),
                    year in changes.get(code, ()),
                    tuple(sorted(cell)),
                )
            )
        if progress is not None:
            progress(done, len(states))
    return rows


def dyad_years(
    landscape: Landscape,
    directed: bool = True,
    start: int | None = None,
    end: int | None = None,
    *,
    progress: Progress | None = None,
) -> list[DyadYear]:
    """One row per pair of states and year (``start`` to ``end``, both included)
    in which they share at least one alliance, by ``state_a``, ``state_b`` and year.

    ``directed=True`` gives both (A, B) and (B, A), each with A's obligations;
    ``directed=False`` gives each pair once, ``state_a < state_b``, with the
    obligations of either. ``progress``, if given, is called with
    ``(done, total)`` alliances.
    """
    with _no_gc():
        return _dyad_years(landscape, directed, start, end, progress)


# What a dyad shares in one alliance: (first year, last year, alliance id,
# since of A's spell, A's obligation mask).
_Shared = tuple[int, int, str, dt.date, int]


def _dyad_years(
    landscape: Landscape,
    directed: bool,
    start: int | None,
    end: int | None,
    progress: Progress | None,
) -> list[DyadYear]:
    open_end = _last_year(landscape)
    low = start if start is not None else -1
    high = end if end is not None else 10_000
    # state a -> state b -> what they share, alliance by alliance
    shared: dict[str, dict[str, list[_Shared]]] = {}
    alliances = landscape.alliances
    for done, alliance in enumerate(alliances, 1):
        spells = _spells(alliance, open_end)
        for a, aid, since_a, until_a, first_a, last_a, mask_a in spells:
            by_b = shared.get(a)
            if by_b is None:
                by_b = shared[a] = {}
            for b, _, since_b, until_b, first_b, last_b, _ in spells:
                if a == b:
                    continue
                # Overlapping by at least one day: [max since, min until) is not empty.
                if until_a is not None and since_b >= until_a:
                    continue
                if until_b is not None and since_a >= until_b:
                    continue
                first = max(first_a, first_b, low)
                last = min(last_a, last_b, high)
                if first > last:
                    continue
                found = by_b.get(b)
                if found is None:
                    by_b[b] = [(first, last, aid, since_a, mask_a)]
                else:
                    found.append((first, last, aid, since_a, mask_a))
        if progress is not None:
            progress(done, len(alliances))
    cow = {state.code: state.cow_code for state in landscape.states}
    rows: list[DyadYear] = []
    append = rows.append
    # tuple.__new__ skips the NamedTuple's Python-level __new__: twice as fast here.
    new = tuple.__new__
    for a in sorted(shared):
        by_b = shared[a]
        cow_a = cow.get(a)
        for b in sorted(by_b):
            if not directed and b < a:
                continue
            cow_b = cow.get(b)
            mine = by_b[b]
            theirs = None if directed else shared[b][a]
            if len(mine) == 1 and (theirs is None or len(theirs) == 1):
                # The common case: one spell each in one alliance, the same every year.
                first, last, aid, _, mask = mine[0]
                if theirs is not None:
                    mask |= theirs[0][4]
                defense, offense, neutral, nonagg, consul = _FLAGS[mask]
                ids: tuple[str, ...] = (aid,)
                for year in range(first, last + 1):
                    append(
                        new(
                            DyadYear,
                            (
                                a,
                                b,
                                cow_a,
                                cow_b,
                                year,
                                True,
                                defense,
                                offense,
                                neutral,
                                nonagg,
                                consul,
                                1,
                                ids,
                            ),
                        )
                    )
                continue
            for first, last, mask, ids in _segments(mine, theirs):
                defense, offense, neutral, nonagg, consul = _FLAGS[mask]
                number = len(ids)
                for year in range(first, last + 1):
                    append(
                        new(
                            DyadYear,
                            (
                                a,
                                b,
                                cow_a,
                                cow_b,
                                year,
                                True,
                                defense,
                                offense,
                                neutral,
                                nonagg,
                                consul,
                                number,
                                ids,
                            ),
                        )
                    )
    return rows


def _latest(found: list[_Shared], year: int) -> dict[str, tuple[dt.date, int]]:
    """Each alliance's latest spell of A in ``year``: its since and mask."""
    latest: dict[str, tuple[dt.date, int]] = {}
    for first, last, aid, since, mask in found:
        if first <= year <= last:
            held = latest.get(aid)
            if held is None or since > held[0]:
                latest[aid] = (since, mask)
    return latest


def _segments(
    mine: list[_Shared], theirs: list[_Shared] | None
) -> list[tuple[int, int, int, tuple[str, ...]]]:
    """The runs of years over which what a dyad shares stays the same:
    ``(first year, last year, mask, alliance ids)``.

    A run starts where a shared spell starts or ends, so the answer for its
    first year holds for all of it. ``theirs`` (B's side, for an undirected
    table) has the same years as ``mine``, spell pair by spell pair.
    """
    cuts = sorted({first for first, *_ in mine} | {last + 1 for _, last, *_ in mine})
    runs = []
    for low, high in itertools.pairwise(cuts):
        latest = _latest(mine, low)
        if not latest:
            continue
        mask = 0
        for _, bits in latest.values():
            mask |= bits
        if theirs is not None:
            for _, bits in _latest(theirs, low).values():
                mask |= bits
        runs.append((low, high - 1, mask, tuple(sorted(latest))))
    return runs


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
) -> None:
    """Write rows to a CSV file, one column per field.

    Flags are written 1 or 0 and a missing COW number as an empty cell, as in
    ATOP's files; the alliance ids are one cell, joined by ``;``. ``record``
    (:class:`StateYear` or :class:`DyadYear`) gives the header when there are no rows.
    """
    rows = list(rows)
    fields = _fields(rows, record)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        for row in rows:
            writer.writerow([_cell(value) for value in row])


def _optional(module: str, extra: str, what: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{what} needs {module.split('.')[0]}, which is not installed:"
            f" pip install 'coalitions[{extra}]'"
        ) from exc


def _columns(rows: Sequence[Row], fields: tuple[str, ...]) -> dict[str, list[Any]]:
    if not rows:
        return {name: [] for name in fields}
    return {
        name: list(values) for name, values in zip(fields, zip(*rows, strict=True), strict=True)
    }


def to_pandas(rows: Iterable[Row], *, record: type[Row] | None = None) -> Any:
    """The rows as a :class:`pandas.DataFrame` (extra ``coalitions[pandas]``).

    Flags are ``bool`` columns, COW numbers nullable ``Int64``, the alliance ids
    a column of tuples.
    """
    pd = _optional("pandas", "pandas", "to_pandas")
    rows = list(rows)
    fields = _fields(rows, record)
    columns = _columns(rows, fields)
    frame = pd.DataFrame(columns, columns=list(fields))
    for name in fields:
        if name.startswith("cow_code"):
            frame[name] = frame[name].astype("Int64")
        elif name in ("state", "state_a", "state_b"):
            frame[name] = frame[name].astype("string")
        elif name in ("year", "number"):
            frame[name] = frame[name].astype("int64")
        elif name != "alliances":
            frame[name] = frame[name].astype("bool")
    return frame


def _arrow_schema(pa: Any, fields: tuple[str, ...]) -> Any:
    types = []
    for name in fields:
        if name in ("state", "state_a", "state_b"):
            kind = pa.string()
        elif name.startswith("cow_code") or name in ("year", "number"):
            kind = pa.int64()
        elif name == "alliances":
            kind = pa.list_(pa.string())
        else:
            kind = pa.bool_()
        types.append(pa.field(name, kind, nullable=name.startswith("cow_code")))
    return pa.schema(types)


def to_arrow(rows: Iterable[Row], *, record: type[Row] | None = None) -> Any:
    """The rows as a :class:`pyarrow.Table` (extra ``coalitions[arrow]``).

    Flags are ``bool``, COW numbers nullable ``int64``, the alliance ids a
    ``list<string>`` column.
    """
    pa = _optional("pyarrow", "arrow", "to_arrow")
    rows = list(rows)
    fields = _fields(rows, record)
    return pa.Table.from_pydict(_columns(rows, fields), schema=_arrow_schema(pa, fields))


def write_parquet(
    rows: Iterable[Row], path: str | os.PathLike[str], *, record: type[Row] | None = None
) -> None:
    """Write the rows to a Parquet file (extra ``coalitions[arrow]``); see :func:`to_arrow`."""
    parquet = _optional("pyarrow.parquet", "arrow", "write_parquet")
    parquet.write_table(to_arrow(rows, record=record), os.fspath(path))
