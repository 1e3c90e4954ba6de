"""State systems and politically relevant dyads: who is in the system each year, who is a
major power, who borders whom.

Two systems are known, by name:

* ``"cow"``: the Correlates of War State System Membership List, v2024
  (:mod:`coalitions.registry`), 1816-2024;
* ``"gw"``: Gleditsch and Ward's list of independent states, microstates
  included and flagged (:func:`coalitions.registry.gw_spells`), 1816-2020.

A state is in the system in a year if it is a member on at least one day of
that year; two states form a dyad of the system in a year if they are both
members on at least one common day of it (:func:`members`).

Relevance, for politically relevant dyads (Maoz and Russett's rule, as
peacesciencer applies it): two states that are contiguous in a year (any of
COW's five direct-contiguity types, :func:`contiguity`) or of which either is a
COW major power in that year (:func:`majors`). Both data sets end in 2016
(:data:`RELEVANCE_END`), and use COW numbers: states without one (the states
only G-W lists) are neither majors nor contiguous to anyone.

>>> [m.state for m in members("cow", 1816)][:3]
['USA', 'GBR', 'NLD']
>>> is_major(2, 1945), is_major(2, 1897), contiguity_type(2, 20, 2000)
(True, False, 1)
>>> relevant(2, 700, 2001), relevant(20, 700, 2001)
(True, False)

Data: COW major powers v2016 and COW Direct Contiguity v3.2 (citations in
:data:`MAJORS_CITATION`, :data:`CONTIGUITY_CITATION`; see :func:`coalitions.cite`),
shipped in ``coalitions/data/systems.json``, built by ``tools/build_registry.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from importlib import resources
from typing import Any, Literal, NamedTuple

from coalitions import registry
from coalitions.errors import Problem, ValidationError

__all__ = [
    "CONTIGUITY_CITATION",
    "MAJORS_CITATION",
    "RELEVANCE_END",
    "SYSTEMS",
    "Contiguity",
    "MajorPower",
    "System",
    "SystemMember",
    "check_system",
    "contiguity",
    "contiguity_type",
    "gw_code_in_year",
    "is_major",
    "majors",
    "members",
    "relevant",
    "year_range",
]

System = Literal["cow", "gw"]
"""The name of a state system: ``"cow"`` or ``"gw"``."""

SYSTEMS: tuple[str, ...] = ("cow", "gw")
"""The state systems known here."""

RELEVANCE_END = 2016
"""The last year of COW's major-power and direct-contiguity data."""

MAJORS_CITATION = (
    'Correlates of War Project. 2017. "State System Membership List, v2016." Online,'
    " http://correlatesofwar.org"
)
"""The citation COW asks for its major-power list (part of the state system data, v2016)."""

CONTIGUITY_CITATION = (
    "Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl, and Charles Gochman."
    ' 2002. "The Correlates of War Project Direct Contiguity Data, Version 3." Conflict'
    " Management and Peace Science 19(2): 58-66."
)
"""The article of record of COW's direct contiguity data."""

_FIRST_YEAR = 1816
_LAST_YEAR = {"cow": registry.COW_DATA_END.year, "gw": registry.GW_DATA_END.year}


class SystemMember(NamedTuple):
    """A state in a system in one year, with its days in the system that year.

    ``days`` are half-open ``[since, until)`` intervals clipped to the year.
    """

    state: str
    cow_code: int | None
    gw_code: int | None
    microstate: bool
    days: tuple[tuple[dt.date, dt.date], ...]

    def shares_a_day(self, other: SystemMember) -> bool:
        """Whether the two are in the system on at least one common day of the year."""
        return any(max(a, c) < min(b, d) for a, b in self.days for c, d in other.days)


class MajorPower(NamedTuple):
    """A spell of a state as a COW major power: ``[since, until)``."""

    state: str
    cow_code: int
    since: dt.date
    until: dt.date


class Contiguity(NamedTuple):
    """A spell of direct contiguity between two states, by COW number (``cow_code_a <
    cow_code_b``), from the first day of ``since``'s month to the last of ``until``'s.

    ``type`` is COW's: 1 a land or river border; 2, 3, 4, 5 separated by at most
    12, 24, 150 or 400 miles of water.
    """

    cow_code_a: int
    cow_code_b: int
    type: int
    since: dt.date
    until: dt.date


def check_system(system: object, path: str = "system") -> str:
    """``system`` if it names a known system, else a :class:`~coalitions.ValidationError`.

    >>> check_system("gw")
    'gw'
    >>> check_system("polity")
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: system: unknown state system 'polity'; expected 'cow' or 'gw'
    """
    if system not in SYSTEMS:
        raise ValidationError(
            [Problem(path, f"unknown state system {system!r}; expected 'cow' or 'gw'")]
        )
    return str(system)


def year_range(system: str) -> tuple[int, int]:
    """The first and last years the system's data cover.

    >>> year_range("cow"), year_range("gw")
    ((1816, 2024), (1816, 2020))
    """
    return _FIRST_YEAR, _LAST_YEAR[check_system(system)]


@functools.cache
def _document() -> dict[str, Any]:
    text = (resources.files("coalitions") / "data" / "systems.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def _clip(since: dt.date, until: dt.date | None, year: int) -> tuple[dt.date, dt.date] | None:
    low = max(since, dt.date(year, 1, 1))
    high = dt.date(year + 1, 1, 1) if until is None else min(until, dt.date(year + 1, 1, 1))
    return (low, high) if low < high else None


@functools.cache
def _by_year(system: str) -> dict[int, tuple[SystemMember, ...]]:
    first, last = year_range(system)
    found: dict[int, dict[str, list[tuple[dt.date, dt.date]]]] = defaultdict(dict)
    codes: dict[tuple[str, int], tuple[int | None, int | None, bool]] = {}
    if system == "cow":
        for record in registry.records():
            for spell in record.system_spells:
                end = last if spell.until is None else spell.until.year
                for year in range(max(spell.since.year, first), min(end, last) + 1):
                    days = _clip(spell.since, spell.until, year)
                    if days is not None:
                        found[year].setdefault(record.code, []).append(days)
                        codes[record.code, year] = (record.state.cow_code, None, False)
        for (code, year), (cow, _, micro) in list(codes.items()):
            codes[code, year] = (cow, gw_code_in_year(code, year), micro)
    else:
        cow_of = {r.code: r.state.cow_code for r in registry.records()}
        for gw in registry.gw_spells():
            end = last if gw.until is None else gw.until.year
            for year in range(max(gw.since.year, first), min(end, last) + 1):
                days = _clip(gw.since, gw.until, year)
                if days is not None:
                    found[year].setdefault(gw.state, []).append(days)
                    codes[gw.state, year] = (cow_of.get(gw.state), gw.gw_code, gw.microstate)
    result = {}
    for year, states in found.items():
        members_ = [
            SystemMember(code, *codes[code, year], tuple(sorted(days)))
            for code, days in states.items()
        ]
        result[year] = tuple(sorted(members_, key=_cow_order if system == "cow" else _gw_order))
    return result


def _cow_order(m: SystemMember) -> tuple[bool, int, dt.date, str]:
    return (m.cow_code is None, m.cow_code or 0, m.days[0][0], m.state)


def _gw_order(m: SystemMember) -> tuple[bool, int, dt.date, str]:
    return (m.gw_code is None, m.gw_code or 0, m.days[0][0], m.state)


@functools.cache
def _gw_by_state_year() -> dict[tuple[str, int], int]:
    found: dict[tuple[str, int], tuple[dt.date, int]] = {}
    for spell in registry.gw_spells():
        end = registry.GW_DATA_END.year if spell.until is None else spell.until.year
        for year in range(spell.since.year, end + 1):
            if _clip(spell.since, spell.until, year) is None:
                continue
            held = found.get((spell.state, year))
            if held is None or spell.since > held[0]:
                found[spell.state, year] = (spell.since, spell.gw_code)
    return {key: value[1] for key, value in found.items()}


def gw_code_in_year(state: str, year: int) -> int | None:
    """The G-W number the registry state ``state`` holds in ``year`` (that of its
    latest G-W spell that year), or ``None`` if it is not in the G-W system then.

    >>> gw_code_in_year("DEU", 1900), gw_code_in_year("DEU", 1991), gw_code_in_year("DEU", 1947)
    (255, 260, None)
    """
    return _gw_by_state_year().get((state, year))


def members(system: str, year: int) -> tuple[SystemMember, ...]:
    """The states in ``system`` on at least one day of ``year``, by the system's number.

    >>> [(m.state, m.gw_code) for m in members("gw", 1990) if m.gw_code in (260, 265)]
    [('XGF', 260), ('DEU', 260), ('DDR', 265)]
    >>> members("cow", 2030)
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: year: 2030 is outside the cow system's years (1816-2024)
    """
    first, last = year_range(system)
    if not first <= year <= last:
        raise ValidationError(
            [Problem("year", f"{year} is outside the {system} system's years ({first}-{last})")]
        )
    return _by_year(system).get(year, ())


@functools.cache
def majors() -> tuple[MajorPower, ...]:
    """COW's major-power spells (v2016), as registry states.

    >>> [(m.state, m.since.year, m.until.year) for m in majors() if m.cow_code == 255]
    [('DEU', 1816, 1918), ('DEU', 1925, 1945), ('DEU', 1991, 2017)]
    """
    found = []
    for raw in _document()["majors"]["spells"]:
        since = dt.date.fromisoformat(raw["since"])
        state = registry.by_cow(raw["cow_code"], on=since)
        found.append(
            MajorPower(state.code, raw["cow_code"], since, dt.date.fromisoformat(raw["until"]))
        )
    return tuple(found)


@functools.cache
def _major_years() -> frozenset[tuple[int, int]]:
    return frozenset(
        (m.cow_code, year)
        for m in majors()
        for year in range(m.since.year, (m.until - dt.timedelta(days=1)).year + 1)
    )


def is_major(cow_code: int | None, year: int) -> bool:
    """Whether the state with COW number ``cow_code`` is a major power on any day of ``year``."""
    return (cow_code, year) in _major_years() if cow_code is not None else False


def _month(text: str, last: bool) -> dt.date:
    year, month = int(text[:4]), int(text[5:7])
    if not last:
        return dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@functools.cache
def contiguity() -> tuple[Contiguity, ...]:
    """COW's direct-contiguity spells (v3.2), each pair once.

    >>> [c for c in contiguity() if (c.cow_code_a, c.cow_code_b) == (2, 20)]
    [Contiguity(cow_code_a=2, cow_code_b=20, type=1, since=datetime.date(1920, 1, 1), until=datetime.date(2016, 12, 31))]
    """
    found = []
    for a, b, kind, since, until in _document()["contiguity"]["spells"]:
        low, high = (a, b) if a < b else (b, a)
        found.append(Contiguity(low, high, kind, _month(since, False), _month(until, True)))
    return tuple(found)


@functools.cache
def _contiguous_years() -> dict[tuple[int, int, int], int]:
    found: dict[tuple[int, int, int], int] = {}
    for c in contiguity():
        for year in range(c.since.year, c.until.year + 1):
            key = (c.cow_code_a, c.cow_code_b, year)
            found[key] = min(found.get(key, 9), c.type)
    return found


def contiguity_type(cow_a: int | None, cow_b: int | None, year: int) -> int | None:
    """The closest COW contiguity type between two states in ``year`` (1 closest), or ``None``."""
    if cow_a is None or cow_b is None:
        return None
    key = (cow_a, cow_b, year) if cow_a < cow_b else (cow_b, cow_a, year)
    return _contiguous_years().get(key)


def relevant(cow_a: int | None, cow_b: int | None, year: int) -> bool:
    """Whether the dyad is politically relevant in ``year``: contiguous (any type) or
    either state a major power."""
    return (
        is_major(cow_a, year)
        or is_major(cow_b, year)
        or contiguity_type(cow_a, cow_b, year) is not None
    )
