"""Interval indexes behind the landscape's queries.

A :func:`timeline` answers "which items are active on this day?" with one
bisection: it keeps, in one flat tuple, the sorted days on which anything
starts or ends and, for each stretch between two of them, the set of items
active throughout it, or (where storing it would cost more than replaying a
few changes) nothing, the changes being kept instead. Cost per query is
logarithmic in the length of the history plus at most twice the answer's
size, and it does not depend on how much else the landscape holds.

:class:`LandscapeIndex` builds timelines lazily: one per grouping or agreement
for its members (and for other roles where asked, partners only where there
are any), one per state for its spells and two for what it is a member of,
each the first time it is asked about. The first state query also sorts every
spell by state, in one pass.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import operator
from array import array
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from coalitions.history import Event, entity_events
from coalitions.model import Agreement, Grouping, Membership, Obligation, Role

if TYPE_CHECKING:
    from coalitions.landscape import Landscape

__all__ = [
    "Entity",
    "LandscapeIndex",
    "Timeline",
    "at",
    "days",
    "gc_paused",
    "replay",
    "sorted_tuple",
    "timeline",
]

T = TypeVar("T", bound=Hashable)

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


#: A timeline: one flat tuple (see :func:`timeline`).
Timeline = tuple[Any, ...]


def timeline(
    items: Iterable[tuple[Any, dt.date, dt.date | None]],
    make: Callable[[set[Any]], Any] = frozenset,
    shared: dict[Any, Any] | None = None,
    unmake: Callable[[Any], set[Any]] | None = None,
    factor: int = 2,
) -> Timeline:
    """Items with half-open lifetimes ``[start, end)``, as a timeline to ask
    :func:`at` which are active on a day.

    A timeline is one plain, flat tuple, so that it costs one object per
    grouping or state, and the hottest queries read it inline (a tuple
    subclass would cost a method call, and makes CPython's indexing and
    ``bisect`` some three times slower)::

        (n, day_0, ..., day_n-1, empty, snapshot_0, ..., snapshot_n-1[, replay...])

    ``day_i`` are the sorted days on which anything starts or ends and
    ``snapshot_i`` the active set from ``day_i`` up to the next day, or ``None``
    where it is not stored. With ``k = bisect_right(line, day, 1, n + 1)``,
    ``line[n + k]`` is the answer: a day before the first bisects to ``k = 1``
    and reads ``empty``.

    The first day keeps a snapshot; a later day keeps one once the changes
    since the last are at least ``factor`` (2) times the items it would
    hold. Storage stays proportional to the number of changes, and a query
    replays at most ``factor`` times as many changes as its answer holds. Where some day
    has no snapshot, what replay needs ends the tuple: how to make and unmake
    a snapshot, the ``n + 1`` offsets where each day's changes begin, and the
    changes, flat: the items each day toggles (an item that leaves and comes
    back on one day does not change). Offsets too big to be CPython's shared
    small ints are one ``array('i')``. Items must not overlap themselves (one
    state's spells in one grouping never do).

    Snapshots are made by ``make`` from the active set (a frozenset by default;
    :func:`sorted_tuple` is the compact choice where a query only iterates); if
    ``shared`` is given, they are interned in it, so that identical snapshots,
    within one timeline or across all that share the dict, are stored once.
    ``unmake`` turns a stored snapshot back into items, for replay (``set`` by
    default). A timeline with no items is one shared tuple per empty answer.

    >>> d = dt.date
    >>> line = timeline([("a", d(2000, 1, 1), d(2010, 1, 1)), ("b", d(2005, 1, 1), None)])
    >>> [sorted(at(line, day)) for day in (d(2004, 12, 31), d(2005, 1, 1), d(2010, 1, 1))]
    [['a'], ['a', 'b'], ['b']]
    >>> at(line, d(1999, 1, 1))
    frozenset()
    >>> days(line)
    (datetime.date(2000, 1, 1), datetime.date(2005, 1, 1), datetime.date(2010, 1, 1))
    >>> at(timeline([(2, d(2000, 1, 1), None), (1, d(2001, 1, 1), None)], sorted_tuple), d(2002, 1, 1))
    (1, 2)
    >>> timeline([], sorted_tuple) is timeline([], sorted_tuple)
    True
    """
    changes: list[tuple[dt.date, int, Any]] = []
    for item, start, end in items:
        changes.append((start, 1, item))
        if end is not None:
            changes.append((end, 0, item))
    empty = make(set())
    if shared is not None:
        empty = shared.setdefault(empty, empty)
    if not changes:
        line = _EMPTY_LINES.get(empty)
        if line is None:
            line = _EMPTY_LINES[empty] = (0, empty)
        return line
    changes.sort(key=_DAY)
    days: list[dt.date] = []
    snapshots: list[Any] = []
    flat: list[Any] = []  # what each day toggles, day by day
    offsets = [0]
    active: set[Any] = set()
    pending = 0
    replays = False
    index = 0
    count = len(changes)
    while index < count:
        day = changes[index][0]
        first = index
        while index < count and changes[index][0] == day:
            index += 1
        toggled = [item for _, _, item in changes[first:index]]
        if len(toggled) > 1 and len(set(toggled)) < len(toggled):
            # Left and came back on one day: no change at all.
            toggled = [item for item in dict.fromkeys(toggled) if toggled.count(item) % 2]
        for item in toggled:  # an item ends only while active, starts only while not
            if item in active:
                active.remove(item)
            else:
                active.add(item)
        flat.extend(toggled)
        offsets.append(len(flat))
        pending += len(toggled)
        days.append(day)
        if pending >= factor * len(active) or not snapshots:
            snapshot = make(active)
            if shared is not None:
                snapshot = shared.setdefault(snapshot, snapshot)
            snapshots.append(snapshot)
            pending = 0
        elif shared is not None and (known := shared.get(make(active))) is not None:
            # The same answer is stored already (here or in another timeline):
            # keeping it costs nothing, and spares a replay.
            snapshots.append(known)
            pending = 0
        else:
            snapshots.append(None)
            replays = True
    n = len(days)
    if not replays:  # nothing to replay: keep only what queries read
        return (n, *days, empty, *snapshots)
    how = (make, unmake or set)
    if offsets[-1] > _SMALL_INT:  # ints this big would be an object each: one array
        return (n, *days, empty, *snapshots, *how, array("i", offsets), *flat)
    return (n, *days, empty, *snapshots, *how, *offsets, *flat)


def days(line: Timeline) -> tuple[dt.date, ...]:
    """A timeline's days: those on which anything starts or ends, in order."""
    found: tuple[dt.date, ...] = line[1 : line[0] + 1]
    return found


def at(line: Timeline, day: dt.date) -> Any:
    """The items of a :func:`timeline` active on ``day``."""
    n = line[0]
    k = bisect.bisect_right(line, day, 1, n + 1)
    snapshot = line[n + k]
    if snapshot is not None:
        return snapshot
    return replay(line, k - 2)


def replay(line: Timeline, position: int) -> Any:
    """The items of a :func:`timeline` active from its ``position``-th day
    on, rebuilt from the last snapshot before it (for a day with none stored)."""
    n = line[0]
    first = n + 2  # where the first day's snapshot is
    base = position
    while line[first + base] is None:  # the first day has a snapshot
        base -= 1
    offsets = 2 * n + 4
    if type(line[offsets]) is array:  # offsets in an array, then the changes
        bounds: Sequence[int] = line[offsets]
        changes = offsets + 1
    else:  # offsets inline, then the changes (no copy)
        bounds = line
        changes = 3 * n + 5
        base += offsets
        position += offsets
        first -= offsets
    make = line[2 * n + 2]
    if make is frozenset and position - base <= _XOR_DAYS:
        # A few days to replay (the common case): the stored frozenset's
        # symmetric difference with each day's toggles (distinct items), in C.
        found: frozenset[Any] = line[first + base]
        for step in range(base + 1, position + 1):
            found = found.symmetric_difference(
                line[changes + bounds[step] : changes + bounds[step + 1]]
            )
        return found
    active = line[2 * n + 3](line[first + base])
    # The changes of every day since, in order: each toggles one item.
    for item in line[changes + bounds[base + 1] : changes + bounds[position + 1]]:
        if item in active:
            active.remove(item)
        else:
            active.add(item)
    return make(active)


def sorted_tuple(items: set[T]) -> tuple[T, ...]:
    """The items, sorted, as a tuple: the most compact snapshot of ints or strings.

    >>> sorted_tuple({3, 1, 2})
    (1, 2, 3)
    """
    return tuple(sorted(items))  # type: ignore[type-var]


# The one timeline with no items, per empty answer (frozenset(), ()).
_EMPTY_LINES: dict[Any, Timeline] = {}


_DAY = operator.itemgetter(0)
_timeline = timeline  # for methods with a local of that name
_EMPTY_SET_LINE = timeline([])

# Up to this many days, a frozenset is replayed by symmetric differences (a
# copy each); past it, by toggling a set (one copy, then one frozenset).
_XOR_DAYS = 3

# CPython keeps one object for each int up to this; a bigger one is an allocation.
_SMALL_INT = 256


def spells_of(entity: Entity) -> tuple[Membership, ...]:
    """An entity's spells: an agreement's parties, a grouping's members."""
    return entity.parties if isinstance(entity, Agreement) else entity.members


class LandscapeIndex:
    """Lookup tables and lazily built timelines over one landscape.

    Spells are indexed by position (an int) rather than by value: hashing a
    Membership hashes every field, and the timelines hash their items often.
    The timelines the hottest queries read (members, and the groupings and
    agreements of a state with the default role) sit in plain dicts keyed by
    id or code, so that a query is one dict look-up, one bisection and one
    tuple index.
    """

    def __init__(self, landscape: Landscape) -> None:
        self.states = {s.code: s for s in landscape.states}
        self.domains = {d.key: d for d in landscape.domains}
        self.entities: dict[str, Entity] = {}
        for collection in (landscape.agreements, landscape.alliances, landscape.minilaterals):
            for entity in collection:
                self.entities[entity.id] = entity
        self._entity_list = list(self.entities.values())
        #: The last day queries answer without a coverage warning (``as_of``, or none).
        self.until = dt.date.max if landscape.as_of is None else landscape.as_of
        # Identical member sets and spell numbers are common across timelines:
        # interned, each stored once. (Days rarely repeat: interning them would
        # cost more in the dict than it saves.)
        self._shared: dict[Any, Any] = {}
        # Members by role: MEMBER (the hot path) and PARTNER keyed by id alone
        # (hashing an Enum runs Python code); other roles by (id, role value).
        self.member_lines: dict[str, Timeline] = {}
        self._partner_lines: dict[str, Timeline] | None = None
        self._other_lines: dict[tuple[str, str | None], Timeline] = {}
        # Spells grouped by state in one pass; each state's timeline built on first use.
        self._state_spells: dict[str, array[int]] | None = None
        self._may_defend: dict[str, bool] = {}
        self._by_state: dict[str, Timeline] = {}
        # groupings_of and agreements_of with the default role: per state, the
        # groupings (agreements) it is a member of, as tuples sorted by id.
        self.groupings_lines: dict[str, Timeline] = {}
        self.agreements_lines: dict[str, Timeline] = {}
        self._answers: dict[tuple[str, ...], tuple[Entity, ...]] = {}
        self._by_domain: dict[str, list[Entity]] | None = None
        self._descendants: dict[str, frozenset[str]] | None = None
        self._events: list[Event] | None = None

    def members_at(self, entity_id: str, day: dt.date, role: Role | None) -> frozenset[str]:
        """Codes of the states holding a spell with ``role`` (any, for ``None``) on ``day``."""
        found: frozenset[str] = at(self.member_line(entity_id, role), day)
        return found

    def member_line(self, entity_id: str, role: Role | None) -> Timeline:
        """The timeline of one grouping's or agreement's states with ``role``."""
        if role is Role.MEMBER:
            timeline = self.member_lines.get(entity_id)
        elif role is Role.PARTNER:
            return self.partner_lines().get(entity_id, _EMPTY_SET_LINE)
        else:
            key = (entity_id, None if role is None else role.value)
            timeline = self._other_lines.get(key)
        if timeline is None:
            timeline = _timeline(
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

    def partner_lines(self) -> dict[str, Timeline]:
        """The timelines of partners, for the groupings and agreements that
        ever had one (most never did: one pass finds them, and the others
        cost nothing)."""
        if self._partner_lines is None:
            found: dict[str, Timeline] = {}
            partner = Role.PARTNER
            for entity in self._entity_list:
                items = [
                    (spell.state, spell.since, spell.until)
                    for spell in spells_of(entity)
                    if spell.role is partner
                ]
                if items:
                    found[entity.id] = _timeline(items, frozenset, self._shared)
            self._partner_lines = found
        return self._partner_lines

    def spells_at(self, entity_id: str, day: dt.date) -> list[Membership]:
        """The spells of one grouping or agreement active on ``day``, in order.

        A pass over the one grouping's spells, no timeline: the ties and
        allies queries ask it only of groupings the state's own timeline says
        it is in, and make a tie from every spell it returns anyway. A timeline
        of spells per grouping would cost a sixth of all the indexes' memory.
        """
        return [
            spell
            for spell in spells_of(self.entities[entity_id])
            if spell.since <= day and (spell.until is None or day < spell.until)
        ]

    def may_defend(self, entity: Entity) -> bool:
        """Whether anyone may owe defence through ``entity``: the entity, a member's
        own obligations, or a commitment toward some members (cached). The allies
        query passes over the others' spells only where this holds."""
        found = self._may_defend.get(entity.id)
        if found is None:
            defence = Obligation.DEFENSE
            found = self._may_defend[entity.id] = any(
                defence in entity.obligations_of(spell)
                or any(defence in commitment.obligations for commitment in spell.toward)
                for spell in spells_of(entity)
            )
        return found

    def state_line(self, code: str) -> Timeline:
        """The timeline of a state's spells, by their number among its own
        (``state_spells()[code]``); the shared empty one for a state with none."""
        timeline = self._by_state.get(code)
        if timeline is None:
            # Snapshots twice as often as elsewhere: partners, ties and allies
            # read a state's spells, and some states hold many at once.
            timeline = self._by_state[code] = _timeline(
                self._lifetimes(self.state_spells().get(code, ())),
                sorted_tuple,
                self._shared,
                factor=1,
            )
        return timeline

    def holdings_at(self, code: str, day: dt.date) -> list[tuple[Entity, Membership]]:
        """``(grouping or agreement, spell)`` for every spell the state holds on ``day``."""
        numbers = at(self.state_line(code), day)
        if not numbers:
            return []
        spells = self.state_spells()[code]
        entities = self._entity_list
        found = []
        for number in numbers:
            key = spells[number]
            entity = entities[key >> _SHIFT]
            found.append((entity, spells_of(entity)[key & _MASK]))
        return found

    def state_spells(self) -> dict[str, array[int]]:
        """Every spell by state, each as one int: the entity's position, then the
        spell's (in an array: a few bytes each, not an int object each)."""
        if self._state_spells is None:
            items: defaultdict[str, list[int]] = defaultdict(list)
            with gc_paused():  # an int per spell, none in a cycle
                for position, entity in enumerate(self._entity_list):
                    for number, spell in enumerate(spells_of(entity)):
                        items[spell.state].append(position << _SHIFT | number)
                self._state_spells = {code: array("q", keys) for code, keys in items.items()}
        return self._state_spells

    def _lifetimes(self, keys: Iterable[int]) -> Iterator[tuple[int, dt.date, dt.date | None]]:
        """Each spell's number among ``keys``, with its lifetime."""
        entities = self._entity_list
        for number, key in enumerate(keys):
            spell = spells_of(entities[key >> _SHIFT])[key & _MASK]
            yield number, spell.since, spell.until

    def member_of(self, code: str, day: dt.date, agreements: bool) -> tuple[Entity, ...]:
        """The agreements (or groupings) ``code`` is a member of on ``day``, by id."""
        found: tuple[Entity, ...] = at(self.member_of_line(code, agreements), day)
        return found

    def member_of_line(self, code: str, agreements: bool) -> Timeline:
        """The timeline behind :meth:`member_of`: tuples of entities sorted by id,
        each distinct tuple made once for the whole landscape."""
        lines = self.agreements_lines if agreements else self.groupings_lines
        timeline = lines.get(code)
        if timeline is not None:
            return timeline
        entities, member = self._entity_list, Role.MEMBER
        items = []
        for key in self.state_spells().get(code, ()):
            entity = entities[key >> _SHIFT]
            spell = spells_of(entity)[key & _MASK]
            if isinstance(entity, Agreement) is agreements and spell.role is member:
                items.append((entity.id, spell.since, spell.until))
        timeline = lines[code] = _timeline(items, self._answer, None, _ids)
        return timeline

    def _answer(self, ids: set[str]) -> tuple[Entity, ...]:
        """The entities with ``ids``, sorted by id: one tuple per distinct answer
        in the whole landscape (half of a state's answers are another's too)."""
        key = tuple(sorted(ids))
        found = self._answers.get(key)
        if found is None:
            by_id = self.entities
            found = self._answers[key] = tuple([by_id[i] for i in key])
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


def _ids(entities: tuple[Entity, ...]) -> set[str]:
    return {entity.id for entity in entities}


# A state's spells are keyed by one int: the entity's position, then the spell's.
_SHIFT = 24
_MASK = (1 << _SHIFT) - 1
