"""The aggregate root: a :class:`Landscape` owns every entity, checks the rules
that span several of them, and answers questions about them at any date.

Queries take ``at=`` (a :class:`datetime.date`, or a datetime or anything
with a ``.date()`` method, such as a pandas Timestamp; ``None`` means the
landscape's ``as_of`` if it has one, else today) and are answered from interval
indexes built lazily, once per landscape, so a query costs about the logarithm
of the history's length rather than a scan. A date after ``as_of`` is answered
as the data stands, with a :class:`~coalitions.CoverageWarning`.

Who counts: ``members`` and ``overlap`` look at one role (``MEMBER`` unless
told). ``groupings_of`` and ``agreements_of`` likewise. ``ties`` lists every
link, with what is owed each way and how strongly (:mod:`coalitions.ties`);
``partners``, ``shared`` and ``brokers`` look at *participants*: members and
partners, not observers. ``allies`` looks at members bound by a defence
obligation, read from the ties.
"""

from __future__ import annotations

import bisect
import datetime as dt
import warnings
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from coalitions._index import Entity, LandscapeIndex
from coalitions._index import at as _at_day
from coalitions._index import replay as _replay
from coalitions._validation import check_landscape
from coalitions.errors import CoverageWarning, Problem, UnknownEntityError, ValidationError
from coalitions.history import Diff, Event, EventKind
from coalitions.model import (
    Agreement,
    Alliance,
    Domain,
    Grouping,
    Minilateral,
    Role,
    State,
    _Displayed,
)
from coalitions.ties import Strength, Tie, binding, defends, tie, tie_order

#: Which defence obligations make an ally: see :meth:`Landscape.allies`.
Direction = Literal["owes", "owed", "either", "both"]
_DIRECTIONS = ("owes", "owed", "either", "both")

__all__ = ["Landscape"]

#: Roles that make a state a participant (for partners, shared and brokers).
PARTICIPANT_ROLES = frozenset({Role.MEMBER, Role.PARTNER})
_MEMBER = Role.MEMBER
_OBSERVER = Role.OBSERVER
_DATE = dt.date
_bisect_right = bisect.bisect_right


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    # A str is iterable too, but never a collection of entities: leave it for the checks.
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]
    return tuple(value)


def _states(value: Iterable[State]) -> tuple[State, ...]:
    return _tuple(value)


def _domains(value: Iterable[Domain]) -> tuple[Domain, ...]:
    return _tuple(value)


def _agreements(value: Iterable[Agreement]) -> tuple[Agreement, ...]:
    return _tuple(value)


def _alliances(value: Iterable[Alliance]) -> tuple[Alliance, ...]:
    return _tuple(value)


def _minilaterals(value: Iterable[Minilateral]) -> tuple[Minilateral, ...]:
    return _tuple(value)


def _by_id(entities: Iterable[Entity]) -> tuple[Any, ...]:
    return tuple(sorted(entities, key=lambda e: e.id))


@attrs.frozen(kw_only=True, repr=False, cache_hash=True)
class Landscape(_Displayed):
    """Every state, domain, agreement, alliance and minilateral of one world.

    >>> import datetime as dt
    >>> from coalitions import Alliance, Membership, Obligation, State
    >>> day = dt.date(1952, 4, 29)
    >>> world = Landscape(
    ...     states=[State(code="AUS", name="Australia"), State(code="NZL", name="New Zealand"),
    ...             State(code="USA", name="United States")],
    ...     alliances=[Alliance(id="ANZUS", name="ANZUS Treaty", founded=day,
    ...                         members=[Membership(state=c, since=day) for c in ("AUS", "NZL", "USA")],
    ...                         obligations=[Obligation.DEFENSE])],
    ... )
    >>> world
    <Landscape: 3 states, 0 domains, 0 agreements, 1 alliance, 0 minilaterals>
    >>> Landscape(alliances=world.alliances)
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: 3 problems:
      alliances[ANZUS].members[0].state: unknown state 'AUS'
      alliances[ANZUS].members[1].state: unknown state 'NZL'
      alliances[ANZUS].members[2].state: unknown state 'USA'
    """

    states: tuple[State, ...] = attrs.field(default=(), converter=_states)
    domains: tuple[Domain, ...] = attrs.field(default=(), converter=_domains)
    agreements: tuple[Agreement, ...] = attrs.field(default=(), converter=_agreements)
    alliances: tuple[Alliance, ...] = attrs.field(default=(), converter=_alliances)
    minilaterals: tuple[Minilateral, ...] = attrs.field(default=(), converter=_minilaterals)
    #: The date up to which the landscape is known to be current, if it says.
    as_of: dt.date | None = None
    #: The first day the landscape speaks for, if it says: with ``as_of``, its
    #: coverage (ATOP's: 1815-01-01 to 2018-12-31). Research tables leave the
    #: alliance columns missing outside it, never zero.
    start: dt.date | None = None
    # Built on first use; not part of the value.
    _cached_index: LandscapeIndex | None = attrs.field(
        init=False, default=None, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        problems = check_landscape(self)
        if self.as_of is not None and type(self.as_of) is not dt.date:
            problems.append(
                Problem(
                    "as_of",
                    f"expected a datetime.date, got {type(self.as_of).__name__} {self.as_of!r}",
                )
            )
        if self.start is not None:
            if type(self.start) is not dt.date:
                problems.append(
                    Problem(
                        "start",
                        f"expected a datetime.date, got {type(self.start).__name__} {self.start!r}",
                    )
                )
            elif type(self.as_of) is dt.date and self.start > self.as_of:
                problems.append(
                    Problem(
                        "start",
                        f"{self.start.isoformat()} is after as_of ({self.as_of.isoformat()})",
                    )
                )
        if problems:
            raise ValidationError(problems)

    def __repr__(self) -> str:
        counts = [
            (len(self.states), "state", "states"),
            (len(self.domains), "domain", "domains"),
            (len(self.agreements), "agreement", "agreements"),
            (len(self.alliances), "alliance", "alliances"),
            (len(self.minilaterals), "minilateral", "minilaterals"),
        ]
        text = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)
        if self.start is not None:
            text += f", from {self.start.isoformat()}"
        if self.as_of is not None:
            text += f", as of {self.as_of.isoformat()}"
        return f"<Landscape: {text}>"

    def __getstate__(self) -> dict[str, Any]:
        # Pickle the value, not the index.
        return {f.name: getattr(self, f.name) for f in attrs.fields(Landscape) if f.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_cached_index", None)
        # attrs keeps the hash in a slot of its own (cache_hash=True): start it empty,
        # as __init__ does, so that a copy hashes (and compares) as the original.
        object.__setattr__(self, "_attrs_cached_hash", None)

    @property
    def _index(self) -> LandscapeIndex:
        index = self._cached_index
        if index is None:
            index = LandscapeIndex(self)
            object.__setattr__(self, "_cached_index", index)
        return index

    def _when(self, at: dt.date | None) -> dt.date:
        """The day a query asks about: ``at``, or by default the day the data
        speaks for (``as_of``, else today); a day past ``as_of`` is answered
        with a :class:`CoverageWarning`."""
        if at is None:
            return dt.date.today() if self.as_of is None else self.as_of
        day = _day(at)
        if self.as_of is not None and day > self.as_of:
            warnings.warn(
                f"{day.isoformat()} is after the data ends (as of {self.as_of.isoformat()}):"
                " later changes are not in it",
                CoverageWarning,
                stacklevel=3,
            )
        return day

    # --- look-ups

    @property
    def groupings(self) -> tuple[Grouping, ...]:
        """Every alliance and minilateral, alliances first.

        >>> Landscape().groupings
        ()
        """
        return (*self.alliances, *self.minilaterals)

    def state(self, code: str | int) -> State:
        """The state ``code`` names: its code, or as the command line takes it, a
        COW number or abbreviation or a name (the registry's or the landscape's
        own), ignoring case and accents.

        >>> from coalitions import State
        >>> world = Landscape(states=[State(code="JPN", name="Japan", cow_code=740),
        ...                           State(code="TUR", name="Türkiye", cow_code=640)])
        >>> world.state("JPN").name, world.state(740).name, world.state("turkey").code
        ('Japan', 'Japan', 'TUR')
        >>> world.state("JAP")
        Traceback (most recent call last):
        ...
        coalitions.errors.UnknownEntityError: unknown state 'JAP'; did you mean 'Japan' or 'JPN'?
        """
        states = self._index.states
        found = states.get(code) if type(code) is str else None
        return found if found is not None else states[self._resolve_state(code)]

    def _resolve_state(self, query: object) -> str:
        states = self._index.states
        if type(query) is str and query in states:
            return query
        known = [*states, *(s.name for s in states.values())]
        if isinstance(query, bool) or not isinstance(query, (str, int)):
            raise UnknownEntityError("state", query, known)
        text = str(query).strip()
        if text.isascii() and text.isdecimal():
            number = int(text)
            candidates = {s.code for s in states.values() if s.cow_code == number}
        else:
            from coalitions import registry  # on first use: its data files are not cheap

            folded = registry.fold(text)
            candidates = {
                s.code
                for s in states.values()
                if s.code == text.upper() or registry.fold(s.name) == folded
            }
        if not candidates:
            from coalitions import registry

            found = registry.get(query)
            if found is not None and found.code in states:
                return found.code
        if len(candidates) == 1:
            return candidates.pop()
        error = UnknownEntityError("state", query, known)
        if candidates:  # more than one: say which
            error.suggestions = tuple(sorted(candidates))
        raise error

    def _entity(self, id: str, kinds: tuple[type, ...] = (), what: str = "") -> Any:
        """The grouping or agreement ``id`` names (of ``kinds`` if given), its case ignored."""
        entities = self._index.entities
        found = entities.get(id) if type(id) is str else None
        if found is not None and (not kinds or isinstance(found, kinds)):
            return found
        known = [i for i, e in entities.items() if not kinds or isinstance(e, kinds)]
        what = what or "grouping or agreement"
        if type(id) is not str:
            raise UnknownEntityError(what, id, known)
        folded = id.strip().casefold()
        matches = [i for i in known if i.casefold() == folded]
        if len(matches) == 1:
            return entities[matches[0]]
        error = UnknownEntityError(what, id, known)
        if matches:
            error.suggestions = tuple(matches)
        raise error

    def grouping(self, id: str) -> Grouping:
        """The alliance or minilateral with this id (its case ignored).

        >>> import datetime as dt
        >>> from coalitions import Membership, Minilateral, State
        >>> day = dt.date(2021, 9, 15)
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("AUS", "GBR", "USA")],
        ...     minilaterals=[Minilateral(id="AUKUS", name="AUKUS", founded=day, mission="Submarines",
        ...                   members=[Membership(state=c, since=day) for c in ("AUS", "GBR", "USA")])],
        ... )
        >>> world.grouping("AUKUS").name, world.grouping("aukus").id
        ('AUKUS', 'AUKUS')
        >>> world.grouping("AUKIS")
        Traceback (most recent call last):
        ...
        coalitions.errors.UnknownEntityError: unknown grouping 'AUKIS'; did you mean 'AUKUS'?
        """
        found: Grouping = self._entity(id, (Alliance, Minilateral), "grouping")
        return found

    def alliance(self, id: str) -> Alliance:
        """The alliance with this id (its case ignored).

        >>> import datetime as dt
        >>> from coalitions import Alliance, Membership, Obligation, State
        >>> day = dt.date(1952, 4, 29)
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("AUS", "NZL", "USA")],
        ...     alliances=[Alliance(id="ANZUS", name="ANZUS Treaty", founded=day,
        ...                         obligations=[Obligation.DEFENSE],
        ...                         members=[Membership(state=c, since=day) for c in ("AUS", "NZL", "USA")])],
        ... )
        >>> sorted(o.value for o in world.alliance("anzus").obligations)
        ['defense']
        """
        found: Alliance = self._entity(id, (Alliance,), "alliance")
        return found

    def minilateral(self, id: str) -> Minilateral:
        """The minilateral with this id (its case ignored).

        >>> import datetime as dt
        >>> from coalitions import Membership, Minilateral, State
        >>> day = dt.date(2021, 9, 15)
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("AUS", "GBR", "USA")],
        ...     minilaterals=[Minilateral(id="AUKUS", name="AUKUS", founded=day, mission="Submarines",
        ...                   members=[Membership(state=c, since=day) for c in ("AUS", "GBR", "USA")])],
        ... )
        >>> world.minilateral("AUKUS").mission
        'Submarines'
        """
        found: Minilateral = self._entity(id, (Minilateral,), "minilateral")
        return found

    def agreement(self, id: str) -> Agreement:
        """The agreement with this id (its case ignored).

        >>> import datetime as dt
        >>> from coalitions import Agreement, Membership, State
        >>> day = dt.date(1951, 8, 30)
        >>> world = Landscape(
        ...     states=[State(code="PHL", name="Philippines"), State(code="USA", name="United States")],
        ...     agreements=[Agreement(id="US-PHL-MDT", name="Mutual Defense Treaty", signed=day,
        ...                           parties=[Membership(state=c, since=day) for c in ("PHL", "USA")])],
        ... )
        >>> world.agreement("US-PHL-MDT").signed
        datetime.date(1951, 8, 30)
        """
        found: Agreement = self._entity(id, (Agreement,), "agreement")
        return found

    def _state_code(self, code: str) -> str:
        if type(code) is str and code in self._index.states:
            return code
        return self._resolve_state(code)

    def _domain_key(self, key: str) -> str:
        domains = self._index.domains
        if type(key) is not str or key not in domains:
            raise UnknownEntityError("domain", key, domains)
        return key

    # --- queries at a date

    def members(
        self, id: str, at: dt.date | None = None, role: Role | None = Role.MEMBER
    ) -> frozenset[str]:
        """Codes of the states in a grouping or agreement on ``at`` with ``role``
        (``role=None``: any role).

        >>> import datetime as dt
        >>> from coalitions import Alliance, Membership, Obligation, Role, State
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("FIN", "JPN", "NOR", "USA")],
        ...     alliances=[Alliance(
        ...         id="NATO", name="North Atlantic Treaty Organization", founded=d(1949, 8, 24),
        ...         obligations=[Obligation.DEFENSE],
        ...         members=[Membership(state="USA", since=d(1949, 8, 24)),
        ...                  Membership(state="NOR", since=d(1949, 8, 24)),
        ...                  Membership(state="FIN", since=d(2023, 4, 4)),
        ...                  Membership(state="JPN", since=d(2014, 5, 6), role=Role.PARTNER)])],
        ... )
        >>> sorted(world.members("NATO", at=d(2023, 4, 3)))
        ['NOR', 'USA']
        >>> sorted(world.members("NATO", at=d(2023, 4, 4)))
        ['FIN', 'NOR', 'USA']
        >>> sorted(world.members("NATO", at=d(2023, 4, 4), role=Role.PARTNER))
        ['JPN']
        >>> sorted(world.members("NATO", at=d(2023, 4, 4), role=None))
        ['FIN', 'JPN', 'NOR', 'USA']
        """
        index = self._cached_index
        if index is not None and role is _MEMBER and at.__class__ is _DATE and at <= index.until:
            # The hot path, inlined: one dict look-up, one bisection, one tuple index
            # (and, on a day without a snapshot, a replay of a few changes).
            try:
                timeline = index.member_lines.get(id)
            except TypeError:  # unhashable: the slow path says what is wrong
                timeline = None
            if timeline is not None:
                n = timeline[0]
                k = _bisect_right(timeline, at, 1, n + 1)
                snapshot: frozenset[str] | None = timeline[n + k]
                if snapshot is not None:
                    return snapshot
                replayed: frozenset[str] = _replay(timeline, k - 2)
                return replayed
        index = self._index
        if type(id) is not str or id not in index.entities:
            id = self._entity(id).id  # its case ignored; raises, with suggestions
        members: frozenset[str] = _at_day(index.member_line(id, role), self._when(at))
        return members

    def groupings_of(
        self, code: str, at: dt.date | None = None, role: Role | None = Role.MEMBER
    ) -> tuple[Grouping, ...]:
        """The alliances and minilaterals ``code`` belongs to on ``at``, by id.

        >>> import datetime as dt
        >>> from coalitions import (Agreement, Alliance, Domain, Membership, Minilateral,
        ...                         Obligation, State)
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("FIN", "NOR", "SWE", "USA")],
        ...     domains=[Domain(key="defence", name="Defence"),
        ...              Domain(key="collective-defence", name="Collective defence", parent="defence"),
        ...              Domain(key="training", name="Training and exercises", parent="defence")],
        ...     alliances=[Alliance(
        ...         id="NATO", name="NATO", founded=d(1949, 8, 24), obligations=[Obligation.DEFENSE],
        ...         domains=["collective-defence"],
        ...         members=[Membership(state="USA", since=d(1949, 8, 24)),
        ...                  Membership(state="NOR", since=d(1949, 8, 24)),
        ...                  Membership(state="FIN", since=d(2023, 4, 4)),
        ...                  Membership(state="SWE", since=d(2024, 3, 7))])],
        ...     minilaterals=[Minilateral(
        ...         id="NORDEFCO", name="Nordic Defence Cooperation", founded=d(2009, 11, 4),
        ...         mission="Nordic defence cooperation", domains=["training"],
        ...         members=[Membership(state=c, since=d(2009, 11, 4)) for c in ("FIN", "NOR", "SWE")])],
        ...     agreements=[Agreement(
        ...         id="US-SWE-DCA", name="US-Sweden Defense Cooperation Agreement",
        ...         signed=d(2023, 12, 5), in_force=d(2024, 7, 29), domains=["training"],
        ...         parties=[Membership(state=c, since=d(2023, 12, 5)) for c in ("SWE", "USA")])],
        ... )
        >>> [g.id for g in world.groupings_of("NOR", at=d(2024, 1, 1))]
        ['NATO', 'NORDEFCO']
        >>> [g.id for g in world.groupings_of("SWE", at=d(2024, 1, 1))]
        ['NORDEFCO']
        """
        index = self._cached_index
        if index is not None and role is _MEMBER and at.__class__ is _DATE and at <= index.until:
            found: tuple[Grouping, ...] | None = _read_line(index.groupings_lines, code, at)
            if found is not None:
                return found
        return self._entities_of(code, at, role, agreements=False)

    def agreements_of(
        self, code: str, at: dt.date | None = None, role: Role | None = Role.MEMBER
    ) -> tuple[Agreement, ...]:
        """The agreements ``code`` is party to on ``at``, by id.

        >>> import datetime as dt
        >>> from coalitions import (Agreement, Alliance, Domain, Membership, Minilateral,
        ...                         Obligation, State)
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("FIN", "NOR", "SWE", "USA")],
        ...     domains=[Domain(key="defence", name="Defence"),
        ...              Domain(key="collective-defence", name="Collective defence", parent="defence"),
        ...              Domain(key="training", name="Training and exercises", parent="defence")],
        ...     alliances=[Alliance(
        ...         id="NATO", name="NATO", founded=d(1949, 8, 24), obligations=[Obligation.DEFENSE],
        ...         domains=["collective-defence"],
        ...         members=[Membership(state="USA", since=d(1949, 8, 24)),
        ...                  Membership(state="NOR", since=d(1949, 8, 24)),
        ...                  Membership(state="FIN", since=d(2023, 4, 4)),
        ...                  Membership(state="SWE", since=d(2024, 3, 7))])],
        ...     minilaterals=[Minilateral(
        ...         id="NORDEFCO", name="Nordic Defence Cooperation", founded=d(2009, 11, 4),
        ...         mission="Nordic defence cooperation", domains=["training"],
        ...         members=[Membership(state=c, since=d(2009, 11, 4)) for c in ("FIN", "NOR", "SWE")])],
        ...     agreements=[Agreement(
        ...         id="US-SWE-DCA", name="US-Sweden Defense Cooperation Agreement",
        ...         signed=d(2023, 12, 5), in_force=d(2024, 7, 29), domains=["training"],
        ...         parties=[Membership(state=c, since=d(2023, 12, 5)) for c in ("SWE", "USA")])],
        ... )
        >>> [a.id for a in world.agreements_of("SWE", at=d(2024, 1, 1))]
        ['US-SWE-DCA']
        >>> world.agreements_of("SWE", at=d(2023, 12, 4))
        ()
        """
        index = self._cached_index
        if index is not None and role is _MEMBER and at.__class__ is _DATE and at <= index.until:
            found: tuple[Agreement, ...] | None = _read_line(index.agreements_lines, code, at)
            if found is not None:
                return found
        return self._entities_of(code, at, role, agreements=True)

    def _entities_of(
        self, code: str, at: dt.date | None, role: Role | None, *, agreements: bool
    ) -> tuple[Any, ...]:
        index = self._index
        code = self._state_code(code)
        day = self._when(at)
        if role is Role.MEMBER:
            return index.member_of(code, day, agreements)
        found = {
            entity.id: entity
            for entity, spell in index.holdings_at(code, day)
            if (role is None or spell.role is role) and isinstance(entity, Agreement) is agreements
        }
        return _by_id(found.values())

    def _participations(self, code: str, day: dt.date) -> dict[str, Entity]:
        return {
            entity.id: entity
            for entity, spell in self._index.holdings_at(code, day)
            if spell.role in PARTICIPANT_ROLES
        }

    def partners(
        self,
        code: str,
        at: dt.date | None = None,
        domain: str | None = None,
        *,
        min_strength: Strength | None = None,
    ) -> frozenset[str]:
        """Codes of the states that share at least one grouping or agreement with
        ``code`` on ``at`` (as members or partners); with ``domain``, only through
        those that cover the domain or one of its sub-domains.

        >>> import datetime as dt
        >>> from coalitions import (Agreement, Alliance, Domain, Membership, Minilateral,
        ...                         Obligation, State)
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("FIN", "NOR", "SWE", "USA")],
        ...     domains=[Domain(key="defence", name="Defence"),
        ...              Domain(key="collective-defence", name="Collective defence", parent="defence"),
        ...              Domain(key="training", name="Training and exercises", parent="defence")],
        ...     alliances=[Alliance(
        ...         id="NATO", name="NATO", founded=d(1949, 8, 24), obligations=[Obligation.DEFENSE],
        ...         domains=["collective-defence"],
        ...         members=[Membership(state="USA", since=d(1949, 8, 24)),
        ...                  Membership(state="NOR", since=d(1949, 8, 24)),
        ...                  Membership(state="FIN", since=d(2023, 4, 4)),
        ...                  Membership(state="SWE", since=d(2024, 3, 7))])],
        ...     minilaterals=[Minilateral(
        ...         id="NORDEFCO", name="Nordic Defence Cooperation", founded=d(2009, 11, 4),
        ...         mission="Nordic defence cooperation", domains=["training"],
        ...         members=[Membership(state=c, since=d(2009, 11, 4)) for c in ("FIN", "NOR", "SWE")])],
        ...     agreements=[Agreement(
        ...         id="US-SWE-DCA", name="US-Sweden Defense Cooperation Agreement",
        ...         signed=d(2023, 12, 5), in_force=d(2024, 7, 29), domains=["training"],
        ...         parties=[Membership(state=c, since=d(2023, 12, 5)) for c in ("SWE", "USA")])],
        ... )
        >>> sorted(world.partners("SWE", at=d(2024, 1, 1)))
        ['FIN', 'NOR', 'USA']
        >>> sorted(world.partners("USA", at=d(2024, 1, 1), domain="collective-defence"))
        ['FIN', 'NOR']
        >>> sorted(world.partners("USA", at=d(2024, 1, 1), domain="defence"))
        ['FIN', 'NOR', 'SWE']
        >>> from coalitions import Strength
        >>> sorted(world.partners("SWE", at=d(2024, 1, 1), min_strength=Strength.DEFENSE))
        []
        >>> sorted(world.partners("SWE", at=d(2024, 3, 7), min_strength=Strength.DEFENSE))
        ['FIN', 'NOR', 'USA']
        """
        code = self._state_code(code)
        day = self._when(at)
        index = self._index
        wanted = None if domain is None else index.subtree(self._domain_key(domain))
        if min_strength is not None and min_strength > Strength.PARTNER:
            return frozenset(
                link.other
                for link in self._ties(code, day)
                if link.strength >= min_strength
                and (wanted is None or not index.entities[link.via].domains.isdisjoint(wanted))
            )
        # Every tie between two participants (members or partners) is at least
        # PARTNER strong, and every other tie is OBSERVER: the answer is read
        # from the membership timelines without making the ties.
        observers = min_strength is not None and min_strength <= Strength.OBSERVER
        member_lines, partner_lines = index.member_lines, index.partner_lines()
        found: set[str] = set()
        for entity, spell in index.holdings_at(code, day):
            if not observers and spell.role is _OBSERVER:
                continue
            if wanted is not None and entity.domains.isdisjoint(wanted):
                continue
            entity_id = entity.id
            line = member_lines.get(entity_id) or index.member_line(entity_id, _MEMBER)
            found |= _at_day(line, day)
            partner_line = partner_lines.get(entity_id)
            if partner_line is not None:  # most have never had a partner
                found |= _at_day(partner_line, day)
            if observers:
                found |= index.members_at(entity_id, day, _OBSERVER)
        found.discard(code)
        return frozenset(found)

    def ties(self, code: str, at: dt.date | None = None) -> tuple[Tie, ...]:
        """Every tie of ``code`` on ``at``: one :class:`Tie` per other state and
        grouping or agreement they share (any role), listed by the other state,
        strongest first.

        >>> import datetime as dt
        >>> from coalitions import (Agreement, Alliance, ForceStatus, Membership,
        ...                         Obligation, State, Status, StatusSpell)
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("AUS", "NZL", "USA", "SAU", "PAK")],
        ...     alliances=[Alliance(
        ...         id="ANZUS", name="ANZUS Treaty", founded=d(1952, 4, 29),
        ...         obligations=[Obligation.DEFENSE, Obligation.CONSULTATION],
        ...         members=[Membership(state="AUS", since=d(1952, 4, 29)),
        ...                  Membership(state="NZL", since=d(1952, 4, 29)),
        ...                  Membership(state="USA", since=d(1952, 4, 29), statuses=[
        ...                      StatusSpell(status=Status.SUSPENDED, since=d(1986, 8, 11),
        ...                                  toward=["NZL"])])])],
        ...     agreements=[Agreement(
        ...         id="SAU-PAK-SMDA", name="Strategic Mutual Defence Agreement",
        ...         signed=d(2025, 9, 17), in_force_status=ForceStatus.NOT_ESTABLISHED,
        ...         obligations=[Obligation.DEFENSE],
        ...         parties=[Membership(state=c, since=d(2025, 9, 17)) for c in ("SAU", "PAK")])],
        ... )
        >>> for t in world.ties("USA", at=d(1990, 1, 1)):
        ...     print(t.describe(), "|", t.strength.name)
        AUS via ANZUS (alliance): consultation and defense both ways | DEFENSE
        NZL via ANZUS (alliance): no obligations; suspended | FRAMEWORK
        >>> world.ties("SAU", at=d(2025, 10, 1))
        (<Tie SAU-PAK via SAU-PAK-SMDA: DEFENSE, owes defense, owed defense, entry into force not established>,)
        """
        code = self._state_code(code)
        return tuple(self._ties(code, self._when(at)))

    def _ties(self, code: str, day: dt.date) -> list[Tie]:
        index = self._index
        found = [
            tie(entity, own, other, day)
            for entity, own in index.holdings_at(code, day)
            for other in index.spells_at(entity.id, day)
            if other.state != code
        ]
        found.sort(key=tie_order)
        return found

    def allies(
        self,
        code: str,
        at: dt.date | None = None,
        *,
        direction: Direction = "either",
        strict: bool = False,
    ) -> frozenset[str]:
        """Codes of the states bound to ``code`` by a defence obligation on ``at``.

        ``direction`` says which way the obligation must run: ``"owes"`` (the
        states ``code`` must defend), ``"owed"`` (the states bound to defend
        ``code``), ``"either"`` (the default) or ``"both"`` (mutual). Obligations
        are read from :meth:`ties`: each member's own, toward each other member
        (its commitments where it has some), not while a suspension or freeze
        stops them, and from an agreement's entry into force. Agreements whose
        entry into force the sources do not establish count too, unless
        ``strict=True``. Partners and observers are not bound.

        >>> import datetime as dt
        >>> from coalitions import Alliance, Membership, Obligation, State
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("FIN", "NOR", "SWE", "USA")],
        ...     alliances=[Alliance(
        ...         id="NATO", name="NATO", founded=d(1949, 8, 24), obligations=[Obligation.DEFENSE],
        ...         members=[Membership(state="USA", since=d(1949, 8, 24)),
        ...                  Membership(state="NOR", since=d(1949, 8, 24)),
        ...                  Membership(state="FIN", since=d(2023, 4, 4)),
        ...                  Membership(state="SWE", since=d(2024, 3, 7))])],
        ... )
        >>> sorted(world.allies("NOR", at=d(2024, 1, 1)))
        ['FIN', 'USA']
        >>> sorted(world.allies("NOR", at=d(2024, 3, 7)))
        ['FIN', 'SWE', 'USA']

        Member-level obligations run one way where only one side pledged:

        >>> day = d(1900, 1, 1)
        >>> guarantee = Landscape(
        ...     states=[State(code="AAA", name="Guarantor"), State(code="BBB", name="Guaranteed")],
        ...     alliances=[Alliance(
        ...         id="G", name="Guarantee", founded=day, obligations=[Obligation.DEFENSE],
        ...         members=[Membership(state="AAA", since=day),
        ...                  Membership(state="BBB", since=day, obligations=[])])],
        ... )
        >>> [sorted(guarantee.allies(c, day, direction=w)) for c in ("AAA", "BBB") for w in ("owes", "owed")]
        [['BBB'], [], [], ['AAA']]
        >>> sorted(guarantee.allies("AAA", day, direction="both"))
        []
        """
        if direction not in _DIRECTIONS:
            raise ValueError(
                f"direction must be one of {', '.join(map(repr, _DIRECTIONS))}, got {direction!r}"
            )
        code = self._state_code(code)
        day = self._when(at)
        index = self._index
        found = set()
        # What ties() would say of each pair, without making the Tie: only members
        # can be bound, and only through an entity where someone may owe defence.
        for entity, own in index.holdings_at(code, day):
            if own.role is not Role.MEMBER or not index.may_defend(entity):
                continue
            for other in index.spells_at(entity.id, day):
                if other.role is not Role.MEMBER or other.state == own.state:
                    continue
                owes, owed, _, unconfirmed, _ = binding(entity, own, other, day)
                if defends(owes, owed, direction) and not (strict and unconfirmed):
                    found.add(other.state)
        return frozenset(found)

    def shared(
        self, code_a: str, code_b: str, at: dt.date | None = None
    ) -> tuple[Grouping | Agreement, ...]:
        """The groupings and agreements both states take part in on ``at`` (as
        members or partners), by id.

        >>> import datetime as dt
        >>> from coalitions import (Agreement, Alliance, Domain, Membership, Minilateral,
        ...                         Obligation, State)
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("FIN", "NOR", "SWE", "USA")],
        ...     domains=[Domain(key="defence", name="Defence"),
        ...              Domain(key="collective-defence", name="Collective defence", parent="defence"),
        ...              Domain(key="training", name="Training and exercises", parent="defence")],
        ...     alliances=[Alliance(
        ...         id="NATO", name="NATO", founded=d(1949, 8, 24), obligations=[Obligation.DEFENSE],
        ...         domains=["collective-defence"],
        ...         members=[Membership(state="USA", since=d(1949, 8, 24)),
        ...                  Membership(state="NOR", since=d(1949, 8, 24)),
        ...                  Membership(state="FIN", since=d(2023, 4, 4)),
        ...                  Membership(state="SWE", since=d(2024, 3, 7))])],
        ...     minilaterals=[Minilateral(
        ...         id="NORDEFCO", name="Nordic Defence Cooperation", founded=d(2009, 11, 4),
        ...         mission="Nordic defence cooperation", domains=["training"],
        ...         members=[Membership(state=c, since=d(2009, 11, 4)) for c in ("FIN", "NOR", "SWE")])],
        ...     agreements=[Agreement(
        ...         id="US-SWE-DCA", name="US-Sweden Defense Cooperation Agreement",
        ...         signed=d(2023, 12, 5), in_force=d(2024, 7, 29), domains=["training"],
        ...         parties=[Membership(state=c, since=d(2023, 12, 5)) for c in ("SWE", "USA")])],
        ... )
        >>> [e.id for e in world.shared("SWE", "USA", at=d(2024, 1, 1))]
        ['US-SWE-DCA']
        >>> [e.id for e in world.shared("SWE", "USA", at=d(2024, 3, 7))]
        ['NATO', 'US-SWE-DCA']
        """
        code_a = self._state_code(code_a)
        code_b = self._state_code(code_b)
        day = self._when(at)
        mine = self._participations(code_a, day)
        theirs = self._participations(code_b, day)
        return _by_id(entity for entity_id, entity in mine.items() if entity_id in theirs)

    def overlap(self, id_a: str, id_b: str, at: dt.date | None = None) -> frozenset[str]:
        """Codes of the states that are members of both groupings (or agreements) on ``at``.

        >>> import datetime as dt
        >>> from coalitions import (Agreement, Alliance, Domain, Membership, Minilateral,
        ...                         Obligation, State)
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("FIN", "NOR", "SWE", "USA")],
        ...     domains=[Domain(key="defence", name="Defence"),
        ...              Domain(key="collective-defence", name="Collective defence", parent="defence"),
        ...              Domain(key="training", name="Training and exercises", parent="defence")],
        ...     alliances=[Alliance(
        ...         id="NATO", name="NATO", founded=d(1949, 8, 24), obligations=[Obligation.DEFENSE],
        ...         domains=["collective-defence"],
        ...         members=[Membership(state="USA", since=d(1949, 8, 24)),
        ...                  Membership(state="NOR", since=d(1949, 8, 24)),
        ...                  Membership(state="FIN", since=d(2023, 4, 4)),
        ...                  Membership(state="SWE", since=d(2024, 3, 7))])],
        ...     minilaterals=[Minilateral(
        ...         id="NORDEFCO", name="Nordic Defence Cooperation", founded=d(2009, 11, 4),
        ...         mission="Nordic defence cooperation", domains=["training"],
        ...         members=[Membership(state=c, since=d(2009, 11, 4)) for c in ("FIN", "NOR", "SWE")])],
        ...     agreements=[Agreement(
        ...         id="US-SWE-DCA", name="US-Sweden Defense Cooperation Agreement",
        ...         signed=d(2023, 12, 5), in_force=d(2024, 7, 29), domains=["training"],
        ...         parties=[Membership(state=c, since=d(2023, 12, 5)) for c in ("SWE", "USA")])],
        ... )
        >>> sorted(world.overlap("NATO", "NORDEFCO", at=d(2024, 1, 1)))
        ['FIN', 'NOR']
        >>> sorted(world.overlap("NATO", "NORDEFCO", at=d(2024, 3, 7)))
        ['FIN', 'NOR', 'SWE']
        """
        return self.members(id_a, at) & self.members(id_b, at)

    def covering(self, domain: str, at: dt.date | None = None) -> tuple[Grouping | Agreement, ...]:
        """The groupings and agreements alive on ``at`` that cover ``domain`` or one
        of its sub-domains, by id.

        >>> import datetime as dt
        >>> from coalitions import (Agreement, Alliance, Domain, Membership, Minilateral,
        ...                         Obligation, State)
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("FIN", "NOR", "SWE", "USA")],
        ...     domains=[Domain(key="defence", name="Defence"),
        ...              Domain(key="collective-defence", name="Collective defence", parent="defence"),
        ...              Domain(key="training", name="Training and exercises", parent="defence")],
        ...     alliances=[Alliance(
        ...         id="NATO", name="NATO", founded=d(1949, 8, 24), obligations=[Obligation.DEFENSE],
        ...         domains=["collective-defence"],
        ...         members=[Membership(state="USA", since=d(1949, 8, 24)),
        ...                  Membership(state="NOR", since=d(1949, 8, 24)),
        ...                  Membership(state="FIN", since=d(2023, 4, 4)),
        ...                  Membership(state="SWE", since=d(2024, 3, 7))])],
        ...     minilaterals=[Minilateral(
        ...         id="NORDEFCO", name="Nordic Defence Cooperation", founded=d(2009, 11, 4),
        ...         mission="Nordic defence cooperation", domains=["training"],
        ...         members=[Membership(state=c, since=d(2009, 11, 4)) for c in ("FIN", "NOR", "SWE")])],
        ...     agreements=[Agreement(
        ...         id="US-SWE-DCA", name="US-Sweden Defense Cooperation Agreement",
        ...         signed=d(2023, 12, 5), in_force=d(2024, 7, 29), domains=["training"],
        ...         parties=[Membership(state=c, since=d(2023, 12, 5)) for c in ("SWE", "USA")])],
        ... )
        >>> [e.id for e in world.covering("defence", at=d(2024, 1, 1))]
        ['NATO', 'NORDEFCO', 'US-SWE-DCA']
        >>> [e.id for e in world.covering("collective-defence", at=d(2024, 1, 1))]
        ['NATO']
        """
        index = self._index
        return _by_id(index.alive_at(self._when(at), index.covering(self._domain_key(domain))))

    def brokers(
        self, side_a: Iterable[str], side_b: Iterable[str], at: dt.date | None = None
    ) -> frozenset[str]:
        """States outside both sides that are partners of at least one state on
        each: the middle powers that balance between blocs.

        A side is an iterable of state codes and grouping or agreement ids (a
        grouping stands for its members on ``at``).

        >>> import datetime as dt
        >>> from coalitions import (Agreement, Alliance, Domain, Membership, Minilateral,
        ...                         Obligation, State)
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("FIN", "NOR", "SWE", "USA")],
        ...     domains=[Domain(key="defence", name="Defence"),
        ...              Domain(key="collective-defence", name="Collective defence", parent="defence"),
        ...              Domain(key="training", name="Training and exercises", parent="defence")],
        ...     alliances=[Alliance(
        ...         id="NATO", name="NATO", founded=d(1949, 8, 24), obligations=[Obligation.DEFENSE],
        ...         domains=["collective-defence"],
        ...         members=[Membership(state="USA", since=d(1949, 8, 24)),
        ...                  Membership(state="NOR", since=d(1949, 8, 24)),
        ...                  Membership(state="FIN", since=d(2023, 4, 4)),
        ...                  Membership(state="SWE", since=d(2024, 3, 7))])],
        ...     minilaterals=[Minilateral(
        ...         id="NORDEFCO", name="Nordic Defence Cooperation", founded=d(2009, 11, 4),
        ...         mission="Nordic defence cooperation", domains=["training"],
        ...         members=[Membership(state=c, since=d(2009, 11, 4)) for c in ("FIN", "NOR", "SWE")])],
        ...     agreements=[Agreement(
        ...         id="US-SWE-DCA", name="US-Sweden Defense Cooperation Agreement",
        ...         signed=d(2023, 12, 5), in_force=d(2024, 7, 29), domains=["training"],
        ...         parties=[Membership(state=c, since=d(2023, 12, 5)) for c in ("SWE", "USA")])],
        ... )
        >>> sorted(world.brokers(["USA"], ["SWE"], at=d(2023, 1, 1)))
        ['NOR']
        >>> sorted(world.brokers(["USA"], ["SWE"], at=d(2023, 6, 1)))
        ['FIN', 'NOR']
        >>> sorted(world.brokers(["NATO"], ["SWE"], at=d(2023, 6, 1)))  # all Sweden's partners are in NATO
        []
        """
        day = self._when(at)
        a = self._expand(side_a, day)
        b = self._expand(side_b, day)
        near_a: set[str] = set()
        for code in a:
            near_a |= self.partners(code, day)
        near_b: set[str] = set()
        for code in b:
            near_b |= self.partners(code, day)
        return frozenset((near_a & near_b) - a - b)

    def _expand(self, side: Iterable[str], day: dt.date) -> set[str]:
        if isinstance(side, str):
            raise TypeError(
                "a side is an iterable of codes or ids, not one string; wrap it in a list"
            )
        codes: set[str] = set()
        for name in side:
            if name in self._index.states:
                codes.add(name)
            elif name in self._index.entities:
                codes |= self.members(name, day)
            else:
                raise UnknownEntityError(
                    "state, grouping or agreement",
                    name,
                    [*self._index.states, *self._index.entities],
                )
        return codes

    # --- history

    def events(self, start: dt.date | None = None, end: dt.date | None = None) -> tuple[Event, ...]:
        """Every change from ``start`` to ``end`` (both included; ``None``: no bound),
        in chronological order.

        >>> import datetime as dt
        >>> from coalitions import (Agreement, Alliance, Domain, Membership, Minilateral,
        ...                         Obligation, State)
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("FIN", "NOR", "SWE", "USA")],
        ...     domains=[Domain(key="defence", name="Defence"),
        ...              Domain(key="collective-defence", name="Collective defence", parent="defence"),
        ...              Domain(key="training", name="Training and exercises", parent="defence")],
        ...     alliances=[Alliance(
        ...         id="NATO", name="NATO", founded=d(1949, 8, 24), obligations=[Obligation.DEFENSE],
        ...         domains=["collective-defence"],
        ...         members=[Membership(state="USA", since=d(1949, 8, 24)),
        ...                  Membership(state="NOR", since=d(1949, 8, 24)),
        ...                  Membership(state="FIN", since=d(2023, 4, 4)),
        ...                  Membership(state="SWE", since=d(2024, 3, 7))])],
        ...     minilaterals=[Minilateral(
        ...         id="NORDEFCO", name="Nordic Defence Cooperation", founded=d(2009, 11, 4),
        ...         mission="Nordic defence cooperation", domains=["training"],
        ...         members=[Membership(state=c, since=d(2009, 11, 4)) for c in ("FIN", "NOR", "SWE")])],
        ...     agreements=[Agreement(
        ...         id="US-SWE-DCA", name="US-Sweden Defense Cooperation Agreement",
        ...         signed=d(2023, 12, 5), in_force=d(2024, 7, 29), domains=["training"],
        ...         parties=[Membership(state=c, since=d(2023, 12, 5)) for c in ("SWE", "USA")])],
        ... )
        >>> for event in world.events(start=d(2023, 1, 1)):
        ...     print(event.describe())
        2023-04-04  FIN joined NATO
        2023-12-05  US-SWE-DCA signed
        2023-12-05  SWE joined US-SWE-DCA
        2023-12-05  USA joined US-SWE-DCA
        2024-03-07  SWE joined NATO
        2024-07-29  US-SWE-DCA entered into force
        """
        every = self._index.events()
        low = 0 if start is None else bisect.bisect_left(every, _day(start), key=_event_date)
        high = len(every) if end is None else bisect.bisect_right(every, _day(end), key=_event_date)
        return tuple(every[low:high])

    def diff(self, start: dt.date, end: dt.date) -> Diff:
        """What changed after ``start`` and up to ``end``: the membership on ``end``
        is the membership on ``start`` with these changes applied.

        >>> import datetime as dt
        >>> from coalitions import (Agreement, Alliance, Domain, Membership, Minilateral,
        ...                         Obligation, State)
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("FIN", "NOR", "SWE", "USA")],
        ...     domains=[Domain(key="defence", name="Defence"),
        ...              Domain(key="collective-defence", name="Collective defence", parent="defence"),
        ...              Domain(key="training", name="Training and exercises", parent="defence")],
        ...     alliances=[Alliance(
        ...         id="NATO", name="NATO", founded=d(1949, 8, 24), obligations=[Obligation.DEFENSE],
        ...         domains=["collective-defence"],
        ...         members=[Membership(state="USA", since=d(1949, 8, 24)),
        ...                  Membership(state="NOR", since=d(1949, 8, 24)),
        ...                  Membership(state="FIN", since=d(2023, 4, 4)),
        ...                  Membership(state="SWE", since=d(2024, 3, 7))])],
        ...     minilaterals=[Minilateral(
        ...         id="NORDEFCO", name="Nordic Defence Cooperation", founded=d(2009, 11, 4),
        ...         mission="Nordic defence cooperation", domains=["training"],
        ...         members=[Membership(state=c, since=d(2009, 11, 4)) for c in ("FIN", "NOR", "SWE")])],
        ...     agreements=[Agreement(
        ...         id="US-SWE-DCA", name="US-Sweden Defense Cooperation Agreement",
        ...         signed=d(2023, 12, 5), in_force=d(2024, 7, 29), domains=["training"],
        ...         parties=[Membership(state=c, since=d(2023, 12, 5)) for c in ("SWE", "USA")])],
        ... )
        >>> change = world.diff(d(2023, 1, 1), d(2024, 12, 31))
        >>> [(e.state, e.subject) for e in change.joined]
        [('FIN', 'NATO'), ('SWE', 'US-SWE-DCA'), ('USA', 'US-SWE-DCA'), ('SWE', 'NATO')]
        >>> [e.subject for e in change.signed], [e.subject for e in change.entered_into_force]
        (['US-SWE-DCA'], ['US-SWE-DCA'])
        """
        start, end = _day(start), _day(end)
        if end < start:
            raise ValidationError(
                [Problem("end", f"{end.isoformat()} is before start ({start.isoformat()})")]
            )
        every = self._index.events()
        low = bisect.bisect_right(every, start, key=_event_date)  # after start: no day is added,
        high = bisect.bisect_right(every, end, key=_event_date)  # so date.max works too
        window = every[low:high]
        by_kind: dict[EventKind, list[Event]] = {kind: [] for kind in EventKind}
        for event in window:
            by_kind[event.kind].append(event)
        return Diff(
            start=start,
            end=end,
            joined=tuple(by_kind[EventKind.JOINED]),
            left=tuple(by_kind[EventKind.LEFT]),
            founded=tuple(by_kind[EventKind.FOUNDED]),
            dissolved=tuple(by_kind[EventKind.DISSOLVED]),
            signed=tuple(by_kind[EventKind.SIGNED]),
            entered_into_force=tuple(by_kind[EventKind.ENTERED_INTO_FORCE]),
            ended=tuple(by_kind[EventKind.ENDED]),
            suspended=tuple(by_kind[EventKind.SUSPENDED]),
            frozen=tuple(by_kind[EventKind.FROZEN]),
            reinstated=tuple(by_kind[EventKind.REINSTATED]),
        )

    def at(self, date: dt.date) -> Landscape:
        """A snapshot: the same states and domains, and only the groupings and
        agreements alive on ``date``.

        Each keeps its whole history (its spells), so that it stays a valid
        object, and every query on the snapshot at ``date`` answers as the full
        landscape does. An alliance's references to agreements not alive on
        ``date`` are dropped with them.

        >>> import datetime as dt
        >>> from coalitions import Alliance, Membership, Obligation, State
        >>> d = dt.date
        >>> world = Landscape(
        ...     states=[State(code=c, name=c) for c in ("GBR", "FRA", "BEL")],
        ...     alliances=[Alliance(id="LONDON-1839", name="Treaty of London", founded=d(1839, 4, 19),
        ...                         dissolved=d(1914, 8, 4), obligations=[Obligation.DEFENSE],
        ...                         members=[Membership(state=c, since=d(1839, 4, 19), until=d(1914, 8, 4))
        ...                                  for c in ("GBR", "FRA", "BEL")])],
        ... )
        >>> world.at(d(1900, 1, 1)).alliances[0].id, len(world.at(d(1914, 8, 4)).alliances)
        ('LONDON-1839', 0)
        """
        date = self._when(date)
        alive = {entity.id for entity in self._index.alive_at(date)}
        alliances = []
        for alliance in self.alliances:
            if alliance.id in alive:
                if not alliance.agreements <= alive:
                    alliance = attrs.evolve(alliance, agreements=alliance.agreements & alive)
                alliances.append(alliance)
        return Landscape(
            states=self.states,
            domains=self.domains,
            agreements=[a for a in self.agreements if a.id in alive],
            alliances=alliances,
            minilaterals=[m for m in self.minilaterals if m.id in alive],
            as_of=self.as_of,
            start=self.start,
        )


def _day(at: object) -> dt.date:
    """``at`` as a plain date: a date as it is, a datetime (or pandas Timestamp) by its
    date, anything else with a ``.date()`` method by what that returns."""
    if type(at) is dt.date:
        return at
    day: object = at
    if not isinstance(at, dt.date):
        method = getattr(at, "date", None)
        try:
            day = method() if callable(method) else None
        except Exception:  # a NaT, say: not a day
            day = None
    if isinstance(day, dt.date):
        try:  # a subclass (a datetime, a pandas Timestamp), made a plain date
            return dt.date(day.year, day.month, day.day)
        except (TypeError, ValueError):  # pandas' NaT is a datetime with no day
            pass
    raise ValidationError(
        [
            Problem(
                "at",
                f"expected a datetime.date, a datetime or an object with a .date() method,"
                f" got {type(at).__name__} {at!r}",
            )
        ]
    )


def _event_date(event: Event) -> dt.date:
    return event.date


def _read_line(lines: dict[str, Any], code: str, day: dt.date) -> Any:
    """The answer a per-state timeline of prebuilt answers holds for ``day``, or
    ``None`` where the state has no timeline (or ``code`` is not hashable: the
    slow path says what is wrong). Inline in spirit: one bisection and one index,
    or a short replay."""
    try:
        timeline = lines.get(code)
    except TypeError:
        return None
    if timeline is None:
        return None
    n = timeline[0]
    k = _bisect_right(timeline, day, 1, n + 1)
    found = timeline[n + k]
    return found if found is not None else _replay(timeline, k - 2)
