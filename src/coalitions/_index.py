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
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from coalitions.history import Event, entity_events
from coalitions.model import Agreement, Grouping, Membership, Role

if TYPE_CHECKING:
    from coalitions.landscape import Landscape

__all__ = ["Entity", "LandscapeIndex", "Timeline", "gc_paused", "sorted_tuple"]

T = TypeVar("T", bound=Hashable)
V = TypeVar("V", bound=Hashable)

Entity = Agreement | Grouping


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


class Timeline(Generic[T, V]):
    """Items with half-open lifetimes ``[start, end)``, queryable by day.

    It keeps the sorted days on which anything starts or ends and what changes
    on each. A snapshot of the active set is stored once the changes since the
    last snapshot are at least as many as the items it would hold, so storage
    stays proportional to the number of changes, and a query replays fewer
    changes than its answer holds: a bisection plus the size of the answer.
    Items must not overlap themselves (one state's spells in one grouping never
    do); an item may end and start again on the same day.

    Snapshots are made by ``make`` from the active set (a frozenset by default;
    :func:`sorted_tuple` is the compact choice where a query only iterates) and
    interned in ``shared``, so that identical snapshots, within one timeline or
    across all that share the dict, are stored once.

    >>> d = dt.date
    >>> line = Timeline([("a", d(2000, 1, 1), d(2010, 1, 1)), ("b", d(2005, 1, 1), None)])
    >>> sorted(line.at(d(2004, 12, 31))), sorted(line.at(d(2005, 1, 1))), sorted(line.at(d(2010, 1, 1)))
    (['a'], ['a', 'b'], ['b'])
    >>> line.at(d(1999, 1, 1))
    frozenset()
    >>> Timeline([(2, d(2000, 1, 1), None), (1, d(2001, 1, 1), None)], sorted_tuple).at(d(2002, 1, 1))
    (1, 2)
    """

    __slots__ = ("_added", "_base", "_days", "_make", "_removed", "_snapshots")

    def __init__(
        self,
        items: Iterable[tuple[T, dt.date, dt.date | None]],
        make: Callable[[set[T]], V] = frozenset,  # type: ignore[assignment]
        shared: dict[Any, Any] | None = None,
    ) -> None:
        changes: list[tuple[dt.date, int, T]] = []
        for item, start, end in items:
            changes.append((start, 1, item))
            if end is not None:
                changes.append((end, 0, item))  # on one day, ends come before starts
        changes.sort(key=_DAY_AND_KIND)
        if shared is None:
            shared = {}
        self._make = make
        days: list[dt.date] = []
        removed_by_day: list[tuple[T, ...]] = []
        added_by_day: list[tuple[T, ...]] = []
        snapshots: list[V | None] = []
        bases: list[int] = []  # per day: the day of the latest snapshot at or before it
        active: set[T] = set()
        pending = 0
        index = 0
        count = len(changes)
        while index < count:
            day = changes[index][0]
            removed: list[T] = []
            added: list[T] = []
            while index < count and changes[index][0] == day:
                _, starts, item = changes[index]
                (added if starts else removed).append(item)
                index += 1
            active.difference_update(removed)
            active.update(added)
            pending += len(removed) + len(added)
            days.append(day)
            removed_by_day.append(tuple(removed))
            added_by_day.append(tuple(added))
            # Small sets are cheap to keep: a snapshot makes the query a plain look-up.
            if pending >= len(active) or len(active) <= _ALWAYS_KEEP:
                snapshot = make(active)
                snapshots.append(shared.setdefault(snapshot, snapshot))
                bases.append(len(days) - 1)
                pending = 0
            else:
                snapshots.append(None)
                bases.append(bases[-1])
        # Tuples, interned too: many timelines share their days (all joined on one day).
        frozen_days = tuple(days)
        self._days: tuple[dt.date, ...] = shared.setdefault(frozen_days, frozen_days)
        frozen = tuple(snapshots)
        self._snapshots: tuple[V | None, ...] = shared.setdefault(frozen, frozen)
        if all(snapshot is not None for snapshot in snapshots):
            # Nothing to replay: keep only what queries read (less memory, fewer cache misses).
            self._removed = self._added = _NO_CHANGES
            self._base = _NO_BASES
        else:
            self._removed, self._added, self._base = removed_by_day, added_by_day, bases

    def at(self, day: dt.date) -> V:
        """The items active on ``day``."""
        position = bisect.bisect_right(self._days, day) - 1
        if position < 0:
            return self._make(set())
        snapshot = self._snapshots[position]
        if snapshot is not None:
            return snapshot
        base = self._base[position]
        active: set[T] = set(self._snapshots[base])  # type: ignore[call-overload]
        for step in range(base + 1, position + 1):
            active.difference_update(self._removed[step])
            active.update(self._added[step])
        return self._make(active)


def sorted_tuple(items: set[T]) -> tuple[T, ...]:
    """The items, sorted, as a tuple: the most compact snapshot of ints or strings.

    >>> sorted_tuple({3, 1, 2})
    (1, 2, 3)
    """
    return tuple(sorted(items))  # type: ignore[type-var]


_NO_CHANGES: list[Any] = []
_NO_BASES: list[int] = []


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
        # Every snapshot of every timeline, interned: identical ones are stored once.
        self._shared: dict[Any, Any] = {}
        self._spells: dict[str, Timeline[int, tuple[int, ...]]] = {}
        # Members by role: the MEMBER table is the hot path and is keyed by id alone
        # (hashing an Enum runs Python code); other roles by (id, role value).
        self.member_lines: dict[str, Timeline[str, frozenset[str]]] = {}
        self._other_lines: dict[tuple[str, str | None], Timeline[str, frozenset[str]]] = {}
        # Spells grouped by state in one pass; each state's timeline built on first use.
        self._state_spells: dict[str, list[int]] | None = None
        self._by_state: dict[str, Timeline[int, tuple[int, ...]]] = {}
        # groupings_of and agreements_of with the default role: per (state, agreements?),
        # the ranks by id of what it is a member of, and each distinct answer made once.
        self._of_lines: dict[tuple[str, bool], Timeline[int, tuple[int, ...]]] = {}
        self._answers: dict[tuple[int, ...], tuple[Entity, ...]] = {}
        self._by_rank: list[Entity] | None = None
        self._rank: list[int] = []
        self._by_domain: dict[str, list[Entity]] | None = None
        self._descendants: dict[str, frozenset[str]] | None = None
        self._events: list[Event] | None = None

    def members_at(self, entity_id: str, day: dt.date, role: Role | None) -> frozenset[str]:
        """Codes of the states holding a spell with ``role`` (any, for ``None``) on ``day``."""
        return self.member_line(entity_id, role).at(day)

    def member_line(self, entity_id: str, role: Role | None) -> Timeline[str, frozenset[str]]:
        """The timeline of one grouping's or agreement's states with ``role``."""
        if role is Role.MEMBER:
            timeline = self.member_lines.get(entity_id)
        else:
            key = (entity_id, None if role is None else role.value)
            timeline = self._other_lines.get(key)
        if timeline is None:
            timeline = Timeline(
                (
                    (spell.state, spell.since, spell.until)
                    for spell in spells_of(self.entities[entity_id])
                    if role is None or spell.role is role
                ),
                frozenset,
                self._shared,
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
            timeline = Timeline(
                ((i, spell.since, spell.until) for i, spell in enumerate(spells)),
                sorted_tuple,
                self._shared,
            )
            self._spells[entity_id] = timeline
        return [spells[i] for i in timeline.at(day)]

    def holdings_at(self, code: str, day: dt.date) -> list[tuple[Entity, Membership]]:
        """``(grouping or agreement, spell)`` for every spell the state holds on ``day``."""
        timeline = self._by_state.get(code)
        if timeline is None:
            spells = self.state_spells().get(code)
            if spells is None:
                return []
            timeline = self._by_state[code] = Timeline(
                self._lifetimes(spells), sorted_tuple, self._shared
            )
        entities = self._entity_list
        found = []
        for key in timeline.at(day):
            entity = entities[key >> _SHIFT]
            found.append((entity, spells_of(entity)[key & _MASK]))
        return found

    def state_spells(self) -> dict[str, list[int]]:
        """Every spell by state, each as one int: the entity's position, then the spell's."""
        if self._state_spells is None:
            items: defaultdict[str, list[int]] = defaultdict(list)
            with gc_paused():  # an int per spell, none in a cycle
                for position, entity in enumerate(self._entity_list):
                    for number, spell in enumerate(spells_of(entity)):
                        items[spell.state].append(position << _SHIFT | number)
            self._state_spells = dict(items)
        return self._state_spells

    def _lifetimes(self, keys: Iterable[int]) -> Iterator[tuple[int, dt.date, dt.date | None]]:
        entities = self._entity_list
        for key in keys:
            spell = spells_of(entities[key >> _SHIFT])[key & _MASK]
            yield key, spell.since, spell.until

    def member_of(self, code: str, day: dt.date, agreements: bool) -> tuple[Entity, ...]:
        """The agreements (or groupings) ``code`` is a member of on ``day``, by id."""
        timeline = self._of_lines.get((code, agreements))
        if timeline is None:
            timeline = self.member_of_line(code, agreements)
        ranks = timeline.at(day)
        found = self._answers.get(ranks)
        if found is None:
            by_rank = self._by_rank
            assert by_rank is not None
            found = self._answers[ranks] = tuple([by_rank[rank] for rank in ranks])
        return found

    def member_of_line(self, code: str, agreements: bool) -> Timeline[int, tuple[int, ...]]:
        """The timeline behind :meth:`member_of`: entities' ranks by id."""
        if self._by_rank is None:
            order = sorted(range(len(self._entity_list)), key=lambda i: self._entity_list[i].id)
            self._rank = [0] * len(order)
            for rank, position in enumerate(order):
                self._rank[position] = rank
            self._by_rank = [self._entity_list[position] for position in order]
        entities, ranks, member = self._entity_list, self._rank, Role.MEMBER
        items = []
        for key in self.state_spells().get(code, ()):
            entity = entities[key >> _SHIFT]
            spell = spells_of(entity)[key & _MASK]
            if isinstance(entity, Agreement) is agreements and spell.role is member:
                items.append((ranks[key >> _SHIFT], spell.since, spell.until))
        timeline = self._of_lines[code, agreements] = Timeline(items, sorted_tuple, self._shared)
        return timeline

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
