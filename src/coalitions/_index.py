"""Interval indexes behind the landscape's queries.

A :class:`Timeline` answers "which items are active on this day?" with one
bisection: it keeps the sorted days on which anything starts or ends and, for
each stretch between two of them, the set of items active throughout it. Cost
per query is logarithmic in the length of the history, and it does not depend
on how much else the landscape holds.

:class:`LandscapeIndex` builds timelines lazily: one per grouping or agreement
(and role), and one per state, each the first time it is asked about. The
first state query also sorts every spell by state, in one pass.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import operator
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Generic, TypeVar

from coalitions.history import Event, entity_events
from coalitions.model import Agreement, Grouping, Membership, Role

if TYPE_CHECKING:
    from coalitions.landscape import Landscape

__all__ = ["Entity", "LandscapeIndex", "Timeline", "gc_paused"]

T = TypeVar("T", bound=Hashable)

Entity = Agreement | Grouping

_EMPTY: frozenset[object] = frozenset()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a block that builds many objects.

    Loading a landscape, reading ATOP and building indexes allocate tens of
    thousands of containers, none of them in a reference cycle (the values are
    immutable and refer to each other by id), and each batch of allocations
    would set off a collection that walks them all again: collection time
    would grow with the square of the document. The previous state is
    restored on the way out, whatever happens (a nested pause leaves it off).

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Timeline(Generic[T]):
    """Items with half-open lifetimes ``[start, end)``, queryable by day.

    It keeps the sorted days on which anything starts or ends and what changes
    on each. A snapshot of the active set is stored once the changes since the
    last snapshot are at least as many as the items it would hold, so storage
    stays proportional to the number of changes, and a query replays fewer
    changes than its answer holds: a bisection plus the size of the answer.
    Items must not overlap themselves (one state's spells in one grouping never
    do); an item may end and start again on the same day.

    >>> d = dt.date
    >>> line = Timeline([("a", d(2000, 1, 1), d(2010, 1, 1)), ("b", d(2005, 1, 1), None)])
    >>> sorted(line.at(d(2004, 12, 31))), sorted(line.at(d(2005, 1, 1))), sorted(line.at(d(2010, 1, 1)))
    (['a'], ['a', 'b'], ['b'])
    >>> line.at(d(1999, 1, 1))
    frozenset()
    """

    __slots__ = ("_added", "_base", "_days", "_removed", "_snapshots")

    def __init__(self, items: Iterable[tuple[T, dt.date, dt.date | None]]) -> None:
        changes: list[tuple[dt.date, int, T]] = []
        for item, start, end in items:
            changes.append((start, 1, item))
            if end is not None:
                changes.append((end, 0, item))  # on one day, ends come before starts
        changes.sort(key=_DAY_AND_KIND)
        self._days: list[dt.date] = []
        self._removed: list[tuple[T, ...]] = []
        self._added: list[tuple[T, ...]] = []
        self._snapshots: list[frozenset[T] | None] = []
        self._base: list[int] = []  # per day: the day of the latest snapshot at or before it
        active: set[T] = set()
        pending = 0
        index = 0
        while index < len(changes):
            day = changes[index][0]
            removed: list[T] = []
            added: list[T] = []
            while index < len(changes) and changes[index][0] == day:
                _, starts, item = changes[index]
                (added if starts else removed).append(item)
                index += 1
            active.difference_update(removed)
            active.update(added)
            pending += len(removed) + len(added)
            self._days.append(day)
            self._removed.append(tuple(removed))
            self._added.append(tuple(added))
            # Small sets are cheap to keep: a snapshot makes the query a plain look-up.
            if pending >= len(active) or len(active) <= _ALWAYS_KEEP:
                self._snapshots.append(frozenset(active))
                self._base.append(len(self._days) - 1)
                pending = 0
            else:
                self._snapshots.append(None)
                self._base.append(self._base[-1])
        if all(snapshot is not None for snapshot in self._snapshots):
            # Nothing to replay: keep only what queries read (less memory, fewer cache misses).
            self._removed = self._added = []
            self._base = []

    def at(self, day: dt.date) -> frozenset[T]:
        """The items active on ``day``."""
        position = bisect.bisect_right(self._days, day) - 1
        if position < 0:
            return _EMPTY  # type: ignore[return-value]
        snapshot = self._snapshots[position]
        if snapshot is not None:
            return snapshot
        base = self._base[position]
        active = set(self._snapshots[base])  # type: ignore[arg-type]
        for step in range(base + 1, position + 1):
            active.difference_update(self._removed[step])
            active.update(self._added[step])
        return frozenset(active)


_ALWAYS_KEEP = 16


_DAY_AND_KIND = operator.itemgetter(0, 1)


def spells_of(entity: Entity) -> tuple[Membership, ...]:
    """An entity's spells: an agreement's parties, a grouping's members."""
    return entity.parties if isinstance(entity, Agreement) else entity.members


class LandscapeIndex:
    """Lookup tables and lazily built timelines over one landscape.

    Spells are indexed by position (an int) rather than by value: hashing a
    Membership hashes every field, and the timelines hash their items often.
    """

    def __init__(self, landscape: Landscape) -> None:
        self.states = {s.code: s for s in landscape.states}
        self.domains = {d.key: d for d in landscape.domains}
        self.entities: dict[str, Entity] = {}
        for collection in (landscape.agreements, landscape.alliances, landscape.minilaterals):
            for entity in collection:
                self.entities[entity.id] = entity
        self._entity_list = list(self.entities.values())
        self._spells: dict[str, Timeline[int]] = {}
        # Members by role: the MEMBER table is the hot path and is keyed by id alone
        # (hashing an Enum runs Python code); other roles by (id, role value).
        self.member_lines: dict[str, Timeline[str]] = {}
        self._other_lines: dict[tuple[str, str | None], Timeline[str]] = {}
        # Spells grouped by state in one pass; each state's timeline built on first use.
        self._state_spells: dict[str, list[tuple[int, dt.date, dt.date | None]]] | None = None
        self._by_state: dict[str, Timeline[int]] = {}
        self._by_domain: dict[str, list[Entity]] | None = None
        self._descendants: dict[str, frozenset[str]] | None = None
        self._events: list[Event] | None = None

    def members_at(self, entity_id: str, day: dt.date, role: Role | None) -> frozenset[str]:
        """Codes of the states holding a spell with ``role`` (any, for ``None``) on ``day``."""
        return self.member_line(entity_id, role).at(day)

    def member_line(self, entity_id: str, role: Role | None) -> Timeline[str]:
        """The timeline of one grouping's or agreement's states with ``role``."""
        if role is Role.MEMBER:
            timeline = self.member_lines.get(entity_id)
        else:
            key = (entity_id, None if role is None else role.value)
            timeline = self._other_lines.get(key)
        if timeline is None:
            timeline = Timeline(
                (spell.state, spell.since, spell.until)
                for spell in spells_of(self.entities[entity_id])
                if role is None or spell.role is role
            )
            if role is Role.MEMBER:
                self.member_lines[entity_id] = timeline
            else:
                self._other_lines[key] = timeline
        return timeline

    def spells_at(self, entity_id: str, day: dt.date) -> list[Membership]:
        """The spells of one grouping or agreement active on ``day``."""
        spells = spells_of(self.entities[entity_id])
        timeline = self._spells.get(entity_id)
        if timeline is None:
            timeline = Timeline((i, spell.since, spell.until) for i, spell in enumerate(spells))
            self._spells[entity_id] = timeline
        return [spells[i] for i in timeline.at(day)]

    def holdings_at(self, code: str, day: dt.date) -> list[tuple[Entity, Membership]]:
        """``(grouping or agreement, spell)`` for every spell the state holds on ``day``."""
        timeline = self._by_state.get(code)
        if timeline is None:
            if self._state_spells is None:
                items: defaultdict[str, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(
                    list
                )
                with gc_paused():  # a tuple per spell, none in a cycle
                    for position, entity in enumerate(self._entity_list):
                        for number, spell in enumerate(spells_of(entity)):
                            items[spell.state].append(
                                (position << _SHIFT | number, spell.since, spell.until)
                            )
                self._state_spells = dict(items)
            spells = self._state_spells.get(code)
            if spells is None:
                return []
            timeline = self._by_state[code] = Timeline(spells)
        found = []
        for key in timeline.at(day):
            entity = self._entity_list[key >> _SHIFT]
            found.append((entity, spells_of(entity)[key & _MASK]))
        return found

    def alive_at(self, day: dt.date, among: Iterable[Entity] | None = None) -> list[Entity]:
        """The groupings and agreements (of ``among``, or all) alive on ``day``."""
        return [
            e
            for e in (self._entity_list if among is None else among)
            if e.start <= day and (e.end is None or day < e.end)
        ]

    def covering(self, key: str) -> list[Entity]:
        """Every grouping and agreement covering the domain or a sub-domain, at any time."""
        if self._by_domain is None:
            by_domain: defaultdict[str, list[Entity]] = defaultdict(list)
            for entity in self._entity_list:
                for domain in entity.domains:
                    by_domain[domain].append(entity)
            self._by_domain = by_domain
        found: dict[str, Entity] = {}
        for domain in self.subtree(key):
            for entity in self._by_domain.get(domain, ()):
                found[entity.id] = entity
        return list(found.values())

    def subtree(self, key: str) -> frozenset[str]:
        """A domain's key and the keys of all its descendants."""
        if self._descendants is None:
            children: defaultdict[str, list[str]] = defaultdict(list)
            for domain in self.domains.values():
                if domain.parent is not None:
                    children[domain.parent].append(domain.key)
            descendants: dict[str, frozenset[str]] = {}
            for root in self.domains:
                seen, stack = {root}, [root]
                while stack:  # the landscape has already refused cycles
                    for child in children[stack.pop()]:
                        if child not in seen:
                            seen.add(child)
                            stack.append(child)
                descendants[root] = frozenset(seen)
            self._descendants = descendants
        return self._descendants[key]

    def events(self) -> list[Event]:
        """Every event of every grouping and agreement, in order."""
        if self._events is None:
            with gc_paused():  # an Event per change, none in a cycle
                every = [e for entity in self._entity_list for e in entity_events(entity)]
                every.sort(key=Event.sort_key)
            self._events = every
        return self._events


# A state's spells are keyed by one int: the entity's position, then the spell's.
_SHIFT = 24
_MASK = (1 << _SHIFT) - 1
