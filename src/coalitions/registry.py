"""The state registry: every state since 1816, found by code, COW number or name.

The registry holds every state in the Correlates of War State System Membership
List, v2024, and every other sovereign state with an ISO 3166-1 code. Each is a
:class:`~coalitions.model.State` with its code, name, COW number (where it has
one) and region; :class:`StateRecord` adds what the registry knows besides:
COW's abbreviation, the ISO alpha-2 code, the state's spells in the COW state
system, and the other names it goes by.

>>> from coalitions import registry
>>> registry.lookup("Turkey")
State(code='TUR', name='Türkiye', cow_code=640, region='Asia')
>>> [registry.lookup(q).code for q in ("türkiye", "TUR", 640, "640", "tr")]
['TUR', 'TUR', 'TUR', 'TUR', 'TUR']
>>> registry.get("Atlantis") is None
True

**Codes.** A state that exists today has its ISO 3166-1 alpha-3 code; Kosovo,
which has none, has ``XKX``, the user-assigned code that the European
Commission, the World Bank and others use. A state that no longer exists has
its ISO 3166-3 alpha-3 code where ISO 3166-3 has an entry for exactly that
state (``CSK`` Czechoslovakia, ``DDR`` East Germany, ``YUG`` Yugoslavia, ``YMD``
South Yemen) and otherwise a code in ``XAA``-``XZZ``, the range ISO 3166-1
leaves to users and never assigns
(``XBV`` Bavaria, ``XAH`` Austria-Hungary, ``XGF`` West Germany, ...). So a
historical code never collides with a current ISO code. COW's own abbreviations
would: COW's ``AUS`` is Austria, ISO's ``AUS`` Australia.

**COW states.** Each COW state number is one registry state, as in COW: Germany
(255, from Prussia in 1816) is ``DEU``, while West Germany (260) and East
Germany (265) are states of their own; Yemen (679, from 1990) is ``YEM``, North
Yemen (678) and South Yemen (680) are not; Vietnam (816, from 1954) is ``VNM``,
South Vietnam (817) is not; Russia (365) is ``RUS`` throughout, the Soviet Union
included. The one exception is 345, which COW v2024 names Yugoslavia until
2006-06-03 and Serbia after: the registry has both, ``YUG`` and ``SRB``.

**Names** are the common English short name, following a state's own current
preference where it has asked for a change (Türkiye, Czechia, Eswatini, Cabo
Verde, Côte d'Ivoire, Timor-Leste, North Macedonia), without formal prefixes
except to tell the two Congos apart. **Regions** are the five UN M49 regions:
Africa, Americas, Asia, Europe, Oceania.

**Spells** are half-open, ``[since, until)``, like every spell in the model. COW
gives the last day in the system, so ``until`` is the day after it; a state
still in the system at the end of the COW data (2024-12-31) has an open spell.

Data: Correlates of War Project. 2025. "State System Membership, v2024."
Online, https://correlatesofwar.org. The registry is built from it by
``tools/build_registry.py`` and ships as ``coalitions/data/states.json``,
read on first use.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from typing import Any, NamedTuple

import attrs

from coalitions.errors import UnknownEntityError
from coalitions.model import State

__all__ = [
    "COW_CITATION",
    "COW_DATA_END",
    "GW_CITATION",
    "GW_DATA_END",
    "GwSpell",
    "Spell",
    "StateRecord",
    "by_cow",
    "by_gw",
    "cow_to_gw",
    "fold",
    "get",
    "gw_code",
    "gw_spells",
    "gw_to_cow",
    "lookup",
    "record",
    "records",
    "search",
    "states",
    "system_spells",
]

COW_CITATION = (
    'Correlates of War Project. 2025. "State System Membership, v2024." '
    "Online, https://correlatesofwar.org"
)
"""The citation the COW project asks for; cite it wherever the registry's COW data is used."""

COW_DATA_END = dt.date(2024, 12, 31)
"""The last day the COW v2024 list covers: a spell still running then is left open."""


GW_CITATION = (
    'Gleditsch, Kristian S. and Michael D. Ward. 1999. "Interstate System Membership: A Revised'
    ' List of the Independent States since 1816." International Interactions 25: 393-413.'
)
"""The article of record of the Gleditsch-Ward list of independent states."""

GW_DATA_END = dt.date(2020, 12, 31)
"""The last day the shipped G-W list is known to be current: its maintainers checked it to
the end of 2020 (states still in the system have no end)."""


class Spell(NamedTuple):
    """One spell of a state in the COW state system: ``[since, until)``.

    ``until=None`` means the state was still a member at the end of the data.

    >>> spell = Spell(dt.date(1955, 7, 27), None)
    >>> spell.active_on(dt.date(1955, 7, 27)), spell.active_on(dt.date(1955, 7, 26))
    (True, False)
    """

    since: dt.date
    until: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        """Whether this spell covers ``day`` (``since <= day < until``)."""
        return self.since <= day and (self.until is None or day < self.until)


@attrs.frozen(kw_only=True)
class StateRecord:
    """A registry entry: the :class:`~coalitions.model.State` and what else is known of it.

    >>> austria = record("Austria")
    >>> austria.state.code, austria.cow_abbreviation, austria.iso_alpha2, austria.current
    ('AUT', 'AUS', 'AT', True)
    >>> [(s.since.isoformat(), s.until and s.until.isoformat()) for s in austria.system_spells]
    [('1919-09-10', '1938-03-14'), ('1955-07-27', None)]
    >>> austria.in_system_on(dt.date(1945, 1, 1))
    False
    """

    state: State
    """The state itself, as the model knows it."""
    current: bool
    """Whether the state exists today."""
    iso_alpha2: str | None = None
    """ISO 3166-1 alpha-2 code of a current state (``XK`` for Kosovo), else ``None``."""
    cow_abbreviation: str | None = None
    """COW's three-letter abbreviation, for a state in the COW list."""
    system_spells: tuple[Spell, ...] = ()
    """The state's spells in the COW state system, in order; empty if it was never a member."""
    nonsystem_codes: tuple[int, ...] = ()
    """Numbers that data sets built on COW (ATOP) give the state while outside the system."""
    aliases: tuple[str, ...] = ()
    """Other names the state goes by, COW's name among them; all work with :func:`lookup`."""

    @property
    def code(self) -> str:
        """The registry code (``state.code``)."""
        return self.state.code

    @property
    def name(self) -> str:
        """The name (``state.name``)."""
        return self.state.name

    def in_system_on(self, day: dt.date) -> bool:
        """Whether the state was a member of the COW state system on ``day``."""
        return any(spell.active_on(day) for spell in self.system_spells)


# --- folding: how names are compared

_LETTERS = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "\u0131": "i", "ß": "ss"}
)


def fold(text: str) -> str:
    """``text`` reduced for comparison, as names are matched: no case, accents,
    punctuation, spaces or 'the'.

    >>> fold("Côte d'Ivoire"), fold("St. Kitts & Nevis"), fold("The Gambia")
    ('cotedivoire', 'saintkittsandnevis', 'gambia')
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.translate(_LETTERS).replace("&", " and ").replace("'", "").replace("\u2019", "")
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in text).split()
    return "".join("saint" if w == "st" else w for w in words if w != "the")


# --- the loaded registry


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _record(raw: dict[str, Any]) -> StateRecord:
    spells = []
    for since, until in raw["system_spells"]:
        start = _date(since)
        assert start is not None
        spells.append(Spell(start, _date(until)))
    return StateRecord(
        state=State(
            code=raw["code"], name=raw["name"], cow_code=raw["cow_code"], region=raw["region"]
        ),
        current=raw["current"],
        iso_alpha2=raw["iso_alpha2"],
        cow_abbreviation=raw["cow_abbreviation"],
        system_spells=tuple(spells),
        nonsystem_codes=tuple(raw["nonsystem_codes"]),
        aliases=tuple(raw["aliases"]),
    )


class _Registry:
    """The loaded data and its indexes."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.records: tuple[StateRecord, ...] = tuple(
            sorted((_record(raw) for raw in document["states"]), key=lambda r: r.code)
        )
        self.territories: frozenset[str] = frozenset(document["iso_territories"])
        self.by_code = {r.code: r for r in self.records}
        self.by_alpha2 = {r.iso_alpha2: r for r in self.records if r.iso_alpha2}
        # a COW abbreviation counts only where it is no ISO 3166-1 code: ISO's AUS wins
        self.by_cow_abbreviation = {
            r.cow_abbreviation: r
            for r in self.records
            if r.cow_abbreviation
            and r.cow_abbreviation not in self.by_code
            and r.cow_abbreviation not in self.territories
        }
        numbers: defaultdict[int, list[StateRecord]] = defaultdict(list)
        for r in self.records:
            for number in (r.state.cow_code, *r.nonsystem_codes):
                if number is not None:
                    numbers[number].append(r)
        self.by_number = {
            number: tuple(sorted(holders, key=_first_day)) for number, holders in numbers.items()
        }
        names: defaultdict[str, list[StateRecord]] = defaultdict(list)
        aliases: defaultdict[str, list[StateRecord]] = defaultdict(list)
        # (folded key, record, score of an exact match or None for a name)
        self.keys: list[tuple[str, StateRecord, float | None]] = []
        for r in self.records:
            names[fold(r.name)].append(r)
            for alias in r.aliases:
                aliases[fold(alias)].append(r)
            self.keys.extend((fold(text), r, None) for text in (r.name, *r.aliases))
            self.keys.extend((code.casefold(), r, 3.2) for code in (r.code, r.iso_alpha2) if code)
            if r.cow_abbreviation:
                self.keys.append((r.cow_abbreviation.casefold(), r, 3.0))
        self.names = {key: tuple(found) for key, found in names.items()}
        self.aliases = {key: tuple(found) for key, found in aliases.items()}

    def find(self, query: str | int) -> StateRecord | tuple[StateRecord, ...]:
        """The one record ``query`` names, or the candidates (none, or several)."""
        if isinstance(query, bool) or not isinstance(query, (str, int)):
            raise TypeError(
                f"a state query is a code, a COW number or a name, not {type(query).__name__}"
            )
        if isinstance(query, int):
            holders = self.by_number.get(query, ())
            return holders[-1] if holders else ()
        text = query.strip()
        if text.isascii() and text.isdecimal():
            return self.find(int(text))
        upper = text.upper()
        if len(upper) == 3 and upper.isascii() and upper.isalpha():
            if upper in self.by_code:
                return self.by_code[upper]
            if upper in self.by_cow_abbreviation:
                return self.by_cow_abbreviation[upper]
        if len(upper) == 2 and upper in self.by_alpha2:
            return self.by_alpha2[upper]
        key = fold(text)
        found = self.names.get(key) or self.aliases.get(key, ())
        return found[0] if len(found) == 1 else found

    def rank(self, text: str, limit: int, cutoff: float = 0.7) -> list[StateRecord]:
        query = fold(text)
        if not query or limit <= 0:
            return []
        best: dict[str, tuple[float, StateRecord]] = {}
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(query)
        for key, r, exact in self.keys:
            if exact is not None:  # codes match exactly or not at all; ISO codes first
                if key != query:
                    continue
                score = exact
            elif key == query:
                score = 3.1
            elif len(query) >= 3 and key.startswith(query):
                score = 2.0 + len(query) / len(key)
            elif len(query) >= 3 and query in key:
                score = 1.0 + len(query) / len(key)
            else:
                matcher.set_seq1(key)
                if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
                    continue
                score = matcher.ratio()
                if score < cutoff:
                    continue
            if score > best.get(r.code, (0.0, r))[0]:
                best[r.code] = (score, r)
        ranked = sorted(best.values(), key=lambda pair: (-pair[0], pair[1].name))
        return [r for _, r in ranked[:limit]]


def _first_day(r: StateRecord) -> dt.date:
    return r.system_spells[0].since if r.system_spells else dt.date.min


@functools.cache
def _registry() -> _Registry:
    text = (resources.files("coalitions") / "data" / "states.json").read_text("utf-8")
    return _Registry(json.loads(text))


def _miss(query: str | int, candidates: Iterable[StateRecord] = ()) -> UnknownEntityError:
    """An error for a query that names no state, or several."""
    error = UnknownEntityError("state", query)
    names = sorted(r.name for r in candidates)
    if not names and isinstance(query, str):
        names = [r.name for r in _registry().rank(query, 3, cutoff=0.6)]
    error.suggestions = tuple(names)
    return error


# --- the API


def states() -> tuple[State, ...]:
    """Every state in the registry, by code.

    >>> all_states = states()
    >>> len(all_states) > 200, all_states[0].code
    (True, 'AFG')
    """
    return tuple(r.state for r in _registry().records)


def records() -> tuple[StateRecord, ...]:
    """Every registry record, by code.

    >>> [r.code for r in records() if not r.current][:4]
    ['CSK', 'DDR', 'XAH', 'XAN']
    """
    return _registry().records


def record(query: str | int) -> StateRecord:
    """The registry record for ``query``; see :func:`lookup` for what a query can be.

    >>> record("Czechoslovakia").system_spells[0]
    Spell(since=datetime.date(1918, 10, 28), until=datetime.date(1939, 3, 16))
    """
    found = _registry().find(query)
    if isinstance(found, StateRecord):
        return found
    raise _miss(query, found)


def lookup(query: str | int) -> State:
    """The state ``query`` names, ignoring case, accents and punctuation.

    ``query`` can be

    * a registry code (ISO 3166-1 alpha-3 for current states): ``"TUR"``;
    * an ISO 3166-1 alpha-2 code: ``"TR"``;
    * a COW state number, as an int or a string of digits: ``640``, ``"640"``;
      where COW has given one number to two states (345, Yugoslavia and then
      Serbia) the later one answers: use :func:`by_cow` with a date for the other;
    * a COW abbreviation, where it is not also an ISO 3166-1 code: ``"SPN"`` is
      Spain, but ``"AUS"`` is Australia (ISO), never Austria (COW);
    * a name, current or former, short or formal: ``"Türkiye"``, ``"Turkey"``,
      ``"Republic of Türkiye"``, ``"Ottoman Empire"``.

    A query that names no state, or more than one ("Korea"), raises
    :class:`~coalitions.errors.UnknownEntityError` with suggestions.

    >>> lookup("Ivory Coast").name
    "Côte d'Ivoire"
    >>> lookup("AUS").name, lookup("Austria").code, lookup(305).code
    ('Australia', 'AUT', 'AUT')
    >>> lookup("Bavaria")
    State(code='XBV', name='Bavaria', cow_code=245, region='Europe')
    >>> lookup("Turky")
    Traceback (most recent call last):
    ...
    coalitions.errors.UnknownEntityError: unknown state 'Turky'; did you mean 'Türkiye'?
    >>> lookup("Korea")
    Traceback (most recent call last):
    ...
    coalitions.errors.UnknownEntityError: unknown state 'Korea'; did you mean 'Korea (Joseon)' or 'North Korea' or 'South Korea'?
    """
    return record(query).state


def get(query: str | int) -> State | None:
    """Like :func:`lookup`, but ``None`` where ``query`` names no one state.

    It never raises for a miss; a query that is neither a string nor an int is
    a :class:`TypeError`, as for :func:`lookup`.

    >>> get("UK")
    State(code='GBR', name='United Kingdom', cow_code=200, region='Europe')
    >>> get("Narnia") is None, get(999) is None
    (True, True)
    """
    found = _registry().find(query)
    return found.state if isinstance(found, StateRecord) else None


def search(text: str, limit: int = 10) -> list[State]:
    """States whose names, aliases or codes look like ``text``, best match first.

    An exact match ranks first, then names that begin with ``text``, then names
    that contain it, then names that are merely similar.

    >>> [s.name for s in search("guinea")]
    ['Guinea', 'Guinea-Bissau', 'Papua New Guinea', 'Equatorial Guinea']
    >>> [s.code for s in search("swizerland", limit=1)]
    ['CHE']
    """
    return [r.state for r in _registry().rank(text, limit)]


def by_cow(number: int, on: dt.date | None = None) -> State:
    """The state with COW number ``number``.

    Where COW gave one number to two states in turn (345: Yugoslavia until
    2006-06-03, Serbia after), ``on`` picks the one that held it that day, and
    without ``on`` the later one answers. The numbers ATOP gives states outside
    the COW system (8152) work too.

    >>> by_cow(345).name, by_cow(345, on=dt.date(1999, 1, 1)).name
    ('Serbia', 'Yugoslavia')
    >>> by_cow(8152).name
    'Annam'
    """
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"a COW state number is an int, not {type(number).__name__}")
    holders = _registry().by_number.get(number, ())
    if not holders:
        raise UnknownEntityError("COW state number", number)
    if on is None:
        return holders[-1].state
    started = [r for r in holders if _first_day(r) <= on]
    return (started[-1] if started else holders[0]).state


def system_spells(query: str | int) -> tuple[Spell, ...]:
    """The COW state-system spells of the state ``query`` names (see :func:`lookup`).

    >>> [(s.since.year, s.until and s.until.year) for s in system_spells("DEU")]
    [(1816, 1945), (1990, None)]
    >>> system_spells("Holy See")
    ()
    """
    return record(query).system_spells


# --- the Gleditsch-Ward system


class GwSpell(NamedTuple):
    """One spell of a state in the Gleditsch-Ward system: ``[since, until)``.

    ``state`` is the registry code. Where the registry tells apart what G-W
    continues under one number, the G-W spell is split: 260 is West Germany
    (``XGF``) until 1990-10-03 and Germany (``DEU``) from then; 678 is North
    Yemen (``XYA``) and then Yemen (``YEM``) from 1990-05-22; 340 (Serbia,
    1878-1915) is COW's 345, ``YUG``.

    >>> [(s.state, s.since.isoformat()) for s in gw_spells() if s.gw_code == 260]
    [('XGF', '1949-09-21'), ('DEU', '1990-10-03')]
    """

    gw_code: int
    state: str
    since: dt.date
    until: dt.date | None
    microstate: bool
    gw_abbreviation: str
    gw_name: str

    def active_on(self, day: dt.date) -> bool:
        """Whether this spell covers ``day`` (``since <= day < until``)."""
        return self.since <= day and (self.until is None or day < self.until)


class _Systems:
    """systems.json, loaded: the G-W spells and the states only G-W lists."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        gw = document["gw"]
        self.gw_states = {
            raw["code"]: State(code=raw["code"], name=raw["name"], region=raw["region"])
            for raw in gw["states"]
        }
        self.gw_spells = tuple(
            GwSpell(
                raw["gw_code"],
                raw["state"],
                dt.date.fromisoformat(raw["since"]),
                _date(raw["until"]),
                raw["microstate"],
                raw["gw_abbreviation"],
                raw["gw_name"],
            )
            for raw in gw["spells"]
        )
        by_number: defaultdict[int, list[GwSpell]] = defaultdict(list)
        by_state: defaultdict[str, list[GwSpell]] = defaultdict(list)
        for spell in self.gw_spells:
            by_number[spell.gw_code].append(spell)
            by_state[spell.state].append(spell)
        self.by_number = {k: tuple(sorted(v, key=lambda s: s.since)) for k, v in by_number.items()}
        self.by_state = {k: tuple(sorted(v, key=lambda s: s.since)) for k, v in by_state.items()}


@functools.cache
def _systems() -> _Systems:
    text = (resources.files("coalitions") / "data" / "systems.json").read_text("utf-8")
    return _Systems(json.loads(text))


def gw_spells() -> tuple[GwSpell, ...]:
    """Every spell of the Gleditsch-Ward list (microstates included, flagged), in its order.

    Data: Gleditsch and Ward (1999) (:data:`GW_CITATION`), from ksgleditsch.com's
    ``iisystem.dat`` and ``microstatessystem.dat`` as the R package ``states``
    exports them; shipped in ``coalitions/data/systems.json``.

    >>> spells = gw_spells()
    >>> len({s.gw_code for s in spells}), sum(s.microstate for s in spells)
    (225, 23)
    """
    return _systems().gw_spells


def _pick(spells: tuple[GwSpell, ...], on: dt.date | None) -> GwSpell:
    if on is None:
        return spells[-1]
    for spell in spells:
        if spell.active_on(on):
            return spell
    started = [spell for spell in spells if spell.since <= on]
    return started[-1] if started else spells[0]


def by_gw(number: int, on: dt.date | None = None) -> State:
    """The registry state that holds G-W number ``number`` on ``on`` (the latest without ``on``).

    States only the G-W list has (Tibet, Transvaal, ...) are answered with
    their own ``X..`` codes.

    >>> by_gw(260, on=dt.date(1980, 1, 1)).code, by_gw(260).code, by_gw(711).name
    ('XGF', 'DEU', 'Tibet')
    >>> by_gw(1)
    Traceback (most recent call last):
    ...
    coalitions.errors.UnknownEntityError: unknown G-W state number 1
    """
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"a G-W state number is an int, not {type(number).__name__}")
    systems = _systems()
    spells = systems.by_number.get(number)
    if not spells:
        raise UnknownEntityError("G-W state number", number)
    code = _pick(spells, on).state
    found = systems.gw_states.get(code)
    return found if found is not None else _registry().by_code[code].state


def gw_code(query: str | int, on: dt.date | None = None) -> int | None:
    """The G-W number of the state ``query`` names (see :func:`lookup`; a registry
    code of a G-W-only state works too), on ``on`` or its latest; ``None`` if it has none.

    >>> gw_code("DEU", on=dt.date(1900, 1, 1)), gw_code("DEU"), gw_code("XTB")
    (255, 260, 711)
    >>> gw_code("Holy See") is None
    True
    """
    systems = _systems()
    code = query if isinstance(query, str) and query in systems.gw_states else record(query).code
    spells = systems.by_state.get(code)
    if not spells:
        return None
    return _pick(spells, on).gw_code


def cow_to_gw(number: int, on: dt.date | None = None) -> int | None:
    """The G-W number of the state with COW number ``number`` on ``on``.

    >>> cow_to_gw(255, on=dt.date(1995, 1, 1)), cow_to_gw(946), cow_to_gw(679)
    (260, 970, 678)
    """
    return gw_code(by_cow(number, on=on).code, on=on)


def gw_to_cow(number: int, on: dt.date | None = None) -> int | None:
    """The COW number of the state with G-W number ``number`` on ``on`` (``None`` if it has none).

    >>> gw_to_cow(260, on=dt.date(1995, 1, 1)), gw_to_cow(970), gw_to_cow(711) is None
    (255, 946, True)
    """
    return by_gw(number, on=on).cow_code
