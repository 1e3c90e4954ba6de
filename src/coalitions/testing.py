"""A reusable Hypothesis state machine for testing code built on ``coalitions``.

:class:`LandscapeMachine` evolves a landscape through valid changes, one rule
per kind of change: groupings are founded and dissolved, states join and
leave, memberships are suspended, frozen and reinstated, agreements are
signed, enter into force and end. After every step its invariants check the
library's promises on the current value, ``self.landscape``: it is valid, it
survives JSON, its queries agree with a plain scan, and replaying its events
rebuilds every membership. Subclass it and add your own rules and invariants,
as zarr's store machines are used::

    from hypothesis.stateful import invariant
    from coalitions.testing import LandscapeMachine

    class MyMachine(LandscapeMachine):
        @invariant()
        def my_index_agrees(self):
            assert MyIndex(self.landscape).members(...) == ...

    TestMyMachine = MyMachine.TestCase

Install the extra first: ``pip install coalitions[hypothesis]``.

>>> from hypothesis import settings
>>> from hypothesis.stateful import run_state_machine_as_test
>>> run_state_machine_as_test(LandscapeMachine, settings=settings(max_examples=5))
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

try:
    from hypothesis import strategies as st
    from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
except ImportError as exc:  # pragma: no cover - tested in a subprocess
    raise ImportError(
        "coalitions.testing needs Hypothesis, which is not installed; "
        "install it with: pip install coalitions[hypothesis]"
    ) from exc

from coalitions.history import Event, EventKind
from coalitions.landscape import Landscape
from coalitions.model import (
    Agreement,
    AgreementKind,
    Alliance,
    Formality,
    Membership,
    Minilateral,
    Obligation,
    Role,
    State,
    Status,
    StatusSpell,
)
from coalitions.serialization import dumps, loads

__all__ = ["LandscapeMachine", "replay"]

Entity = Agreement | Alliance | Minilateral

#: The first day of a machine's history, unless a subclass says otherwise.
START = dt.date(2000, 1, 1)

_STATES = tuple(
    State(code=code, name=name)
    for code, name in (
        ("AUS", "Australia"),
        ("FRA", "France"),
        ("GBR", "United Kingdom"),
        ("JPN", "Japan"),
        ("NZL", "New Zealand"),
        ("USA", "United States"),
    )
)

_days = st.integers(0, 400)
_choice = st.integers(0, 1 << 16)
_obligations = st.sets(st.sampled_from(Obligation), min_size=1, max_size=2)


def replay(
    events: tuple[Event, ...] | list[Event],
) -> dict[tuple[str, str], tuple[Role, Status | None]]:
    """Replay ``events`` in order: for each (subject, state) that holds a spell at
    the end, its role and whole-membership status (``None``: in good standing).

    >>> import datetime as dt
    >>> day = dt.date(2024, 2, 22)
    >>> replay([Event(date=day, kind=EventKind.JOINED, subject="CSTO", state="ARM", role=Role.MEMBER),
    ...         Event(date=day, kind=EventKind.FROZEN, subject="CSTO", state="ARM", role=Role.MEMBER)])
    {('CSTO', 'ARM'): (<Role.MEMBER: 'member'>, <Status.FROZEN: 'frozen'>)}
    """
    held: dict[tuple[str, str], tuple[Role, Status | None]] = {}
    for event in events:
        if event.state is None:
            continue
        key = (event.subject, event.state)
        if event.kind is EventKind.JOINED:
            assert key not in held, f"{event.describe()}: already there"
            assert event.role is not None
            held[key] = (event.role, None)
        elif event.kind is EventKind.LEFT:
            assert key in held, f"{event.describe()}: was not there"
            del held[key]
        elif event.kind in (EventKind.SUSPENDED, EventKind.FROZEN):
            role, status = held[key]
            assert status is None, f"{event.describe()}: already {status}"
            held[key] = (role, Status(event.kind.value))
        elif event.kind is EventKind.REINSTATED:
            role, status = held[key]
            assert status is not None, f"{event.describe()}: was not suspended"
            held[key] = (role, None)
    return held


def _spells(entity: Entity) -> tuple[Membership, ...]:
    return entity.parties if isinstance(entity, Agreement) else entity.members


def _with_spells(entity: Entity, spells: list[Membership]) -> Entity:
    if isinstance(entity, Agreement):
        return attrs.evolve(entity, parties=spells)
    return attrs.evolve(entity, members=spells)


def _close(spell: Membership, day: dt.date) -> Membership:
    """``spell`` ended on ``day``, with any open status spell ended too."""
    statuses = [s if s.until is not None else attrs.evolve(s, until=day) for s in spell.statuses]
    return attrs.evolve(spell, until=day, statuses=statuses)


def _alive(entity: Entity, day: dt.date) -> bool:
    return entity.start <= day and entity.end is None


def _closable(spell: Membership, day: dt.date) -> bool:
    """Whether ``spell`` is open and can end on ``day`` (it and any open status began before)."""
    return (
        spell.until is None
        and spell.since < day
        and all(s.until is not None or s.since < day for s in spell.statuses)
    )


class LandscapeMachine(RuleBasedStateMachine):
    """A :class:`~hypothesis.stateful.RuleBasedStateMachine` over a landscape.

    ``self.landscape`` is the current value and ``self.today`` the day of the
    latest change; each rule moves the day on by 0 to 400 days (0: another
    change on the same day) and makes one valid change on it. The rules:
    ``found`` (an alliance or a minilateral), ``dissolve``, ``join`` (as
    member, partner or observer), ``leave``, ``suspend`` (suspended or frozen,
    for the whole membership or toward some members), ``reinstate``, ``sign``
    (an agreement), ``bring_into_force`` and ``end_agreement``. The built-in
    invariants: ``landscape_is_valid``, ``json_round_trips``,
    ``queries_agree_with_a_scan`` and ``events_replay_into_the_landscape``.

    Start from other states by overriding :meth:`initial_landscape`. Subclass to
    add your own rules and invariants; ``MyMachine.TestCase`` is a unittest
    test case pytest collects.

    A false invariant fails within a few dozen steps (shrinking is left out here
    only to keep the example quick):

    >>> from hypothesis import Phase, settings
    >>> from hypothesis.stateful import invariant, run_state_machine_as_test
    >>> class NoOneEverLeaves(LandscapeMachine):
    ...     @invariant()
    ...     def no_one_left(self):
    ...         assert not any(e.kind is EventKind.LEFT for e in self.landscape.events())
    >>> run_state_machine_as_test(NoOneEverLeaves, settings=settings(
    ...     database=None, derandomize=True, phases=[Phase.generate]))
    Traceback (most recent call last):
    ...
    AssertionError...
    """

    def __init__(self) -> None:
        super().__init__()
        self.landscape: Landscape = self.initial_landscape()
        self.today: dt.date = START
        self._serial = 0

    def initial_landscape(self) -> Landscape:
        """The landscape the machine starts from: six states, nothing else."""
        return Landscape(states=_STATES)

    # --- helpers for rules, subclasses' too

    def advance(self, days: int) -> dt.date:
        """Move ``self.today`` on by ``days`` and return it."""
        self.today = dt.date.fromordinal(
            min(self.today.toordinal() + days, dt.date.max.toordinal())
        )
        return self.today

    def entities(self) -> list[Entity]:
        """Every agreement, alliance and minilateral of the current landscape."""
        world = self.landscape
        return [*world.agreements, *world.alliances, *world.minilaterals]

    def replace(self, entity: Entity) -> None:
        """Put ``entity`` in the landscape in place of the one with its id, or add it."""
        world = self.landscape
        fields: dict[str, Any] = {}
        for name, cls in (
            ("agreements", Agreement),
            ("alliances", Alliance),
            ("minilaterals", Minilateral),
        ):
            items = list(getattr(world, name))
            if isinstance(entity, cls):
                ids = [item.id for item in items]
                if entity.id in ids:
                    items[ids.index(entity.id)] = entity
                else:
                    items.append(entity)
            fields[name] = items
        self.landscape = attrs.evolve(world, **fields)

    def fresh_id(self, prefix: str) -> str:
        self._serial += 1
        return f"{prefix}-{self._serial}"

    def _codes(self, data: st.DataObject, least: int) -> list[str]:
        codes = [s.code for s in self.landscape.states]
        return data.draw(
            st.lists(st.sampled_from(codes), min_size=least, max_size=len(codes), unique=True),
            label="states",
        )

    # --- rules

    @precondition(lambda self: len(self.landscape.states) >= 2)
    @rule(data=st.data(), days=_days, is_alliance=st.booleans())
    def found(self, data: st.DataObject, days: int, is_alliance: bool) -> None:
        if not is_alliance and len(self.landscape.states) < 3:
            is_alliance = True
        day = self.advance(days)
        members = [
            Membership(state=c, since=day) for c in self._codes(data, 2 if is_alliance else 3)
        ]
        grouping: Entity
        if is_alliance:
            grouping = Alliance(
                id=self.fresh_id("ALLIANCE"),
                name="An alliance",
                founded=day,
                members=members,
                obligations=data.draw(_obligations, label="obligations"),
            )
        else:
            grouping = Minilateral(
                id=self.fresh_id("MINILATERAL"),
                name="A minilateral",
                founded=day,
                members=members,
                mission="A mission",
                formality=data.draw(st.sampled_from(Formality), label="formality"),
            )
        self.replace(grouping)

    @precondition(lambda self: len(self.landscape.states) >= 2)
    @rule(data=st.data(), days=_days)
    def sign(self, data: st.DataObject, days: int) -> None:
        day = self.advance(days)
        parties = [Membership(state=c, since=day) for c in self._codes(data, 2)]
        self.replace(
            Agreement(
                id=self.fresh_id("AGREEMENT"),
                name="An agreement",
                kind=data.draw(st.sampled_from(AgreementKind), label="kind"),
                signed=day,
                parties=parties,
                obligations=data.draw(_obligations, label="obligations"),
            )
        )

    def _pick(self, data: st.DataObject, items: list[Any], label: str) -> Any:
        return items[data.draw(_choice, label=label) % len(items)]

    @precondition(lambda self: bool(self.landscape.alliances or self.landscape.minilaterals))
    @rule(data=st.data(), days=st.integers(1, 400))
    def dissolve(self, data: st.DataObject, days: int) -> None:
        day = self.advance(days)
        groupings: list[Alliance | Minilateral] = [
            *self.landscape.alliances,
            *self.landscape.minilaterals,
        ]
        candidates = [
            g
            for g in groupings
            if _alive(g, day)
            and g.founded < day
            and all(_closable(s, day) or s.until is not None for s in g.members)
        ]
        if candidates:
            grouping: Alliance | Minilateral = self._pick(data, candidates, "grouping")
            spells = [s if s.until is not None else _close(s, day) for s in grouping.members]
            self.replace(attrs.evolve(grouping, members=spells, dissolved=day))

    @precondition(lambda self: bool(self.entities()))
    @rule(data=st.data(), days=_days, role=st.sampled_from(Role))
    def join(self, data: st.DataObject, days: int, role: Role) -> None:
        day = self.advance(days)
        choices = []
        for entity in self.entities():
            if not _alive(entity, day):
                continue
            spells = _spells(entity)
            for state in self.landscape.states:
                mine = [s for s in spells if s.state == state.code]
                if all(s.until is not None and s.until <= day for s in mine):
                    choices.append((entity, state.code))
        if choices:
            entity, code = self._pick(data, choices, "entity and state")
            spell = Membership(state=code, since=day, role=role)
            self.replace(_with_spells(entity, [*_spells(entity), spell]))

    def _open_spells(self, day: dt.date, usable: Any) -> list[tuple[Entity, int, Membership]]:
        return [
            (entity, number, spell)
            for entity in self.entities()
            if entity.end is None
            for number, spell in enumerate(_spells(entity))
            if spell.until is None and usable(spell)
        ]

    @precondition(lambda self: bool(self.entities()))
    @rule(data=st.data(), days=st.integers(1, 400))
    def leave(self, data: st.DataObject, days: int) -> None:
        day = self.advance(days)
        choices = self._open_spells(day, lambda s: _closable(s, day))
        if choices:
            entity, number, spell = self._pick(data, choices, "spell")
            spells = list(_spells(entity))
            spells[number] = _close(spell, day)
            self.replace(_with_spells(entity, spells))

    @precondition(lambda self: bool(self.entities()))
    @rule(data=st.data(), days=_days, status=st.sampled_from(Status), whole=st.booleans())
    def suspend(self, data: st.DataObject, days: int, status: Status, whole: bool) -> None:
        day = self.advance(days)
        choices = self._open_spells(
            day,
            lambda s: (
                s.since <= day and all(x.until is not None and x.until <= day for x in s.statuses)
            ),
        )
        if choices:
            entity, number, spell = self._pick(data, choices, "spell")
            others = sorted({s.state for s in _spells(entity)} - {spell.state})
            toward = None
            if not whole and others:
                toward = data.draw(
                    st.lists(st.sampled_from(others), min_size=1, unique=True), label="toward"
                )
            spells = list(_spells(entity))
            suspension = StatusSpell(status=status, since=day, toward=toward)
            spells[number] = attrs.evolve(spell, statuses=[*spell.statuses, suspension])
            self.replace(_with_spells(entity, spells))

    @precondition(lambda self: bool(self.entities()))
    @rule(data=st.data(), days=st.integers(1, 400))
    def reinstate(self, data: st.DataObject, days: int) -> None:
        day = self.advance(days)
        choices = self._open_spells(
            day, lambda s: any(x.until is None and x.since < day for x in s.statuses)
        )
        if choices:
            entity, number, spell = self._pick(data, choices, "spell")
            statuses = [
                attrs.evolve(x, until=day) if x.until is None else x for x in spell.statuses
            ]
            spells = list(_spells(entity))
            spells[number] = attrs.evolve(spell, statuses=statuses)
            self.replace(_with_spells(entity, spells))

    @precondition(lambda self: bool(self.landscape.agreements))
    @rule(data=st.data(), days=_days)
    def bring_into_force(self, data: st.DataObject, days: int) -> None:
        day = self.advance(days)
        choices = [a for a in self.landscape.agreements if a.in_force is None and a.ended is None]
        if choices:
            agreement: Agreement = self._pick(data, choices, "agreement")
            self.replace(attrs.evolve(agreement, in_force=day))

    @precondition(lambda self: bool(self.landscape.agreements))
    @rule(data=st.data(), days=st.integers(1, 400))
    def end_agreement(self, data: st.DataObject, days: int) -> None:
        day = self.advance(days)
        choices = [
            a
            for a in self.landscape.agreements
            if a.ended is None
            and a.in_force is not None
            and all(_closable(s, day) or s.until is not None for s in a.parties)
        ]
        if choices:
            agreement: Agreement = self._pick(data, choices, "agreement")
            spells = [s if s.until is not None else _close(s, day) for s in agreement.parties]
            self.replace(attrs.evolve(agreement, parties=spells, ended=day))

    # --- invariants: the library's promises, after every step

    @invariant()
    def landscape_is_valid(self) -> None:
        """Rebuilding the landscape from its parts runs every check again."""
        assert attrs.evolve(self.landscape) == self.landscape

    @invariant()
    def json_round_trips(self) -> None:
        """``loads(dumps(x)) == x``, and the text is canonical."""
        text = dumps(self.landscape)
        again = loads(text)
        assert again == self.landscape
        assert dumps(again) == text

    def _days_to_ask(self) -> list[dt.date]:
        one = dt.timedelta(days=1)
        days = {self.today, self.today - one}
        for event in self.landscape.events()[-4:]:
            days.update((event.date - one, event.date))
        return sorted(days)

    @invariant()
    def queries_agree_with_a_scan(self) -> None:
        """``members``, ``groupings_of`` and ``agreements_of`` agree with a plain scan."""
        world = self.landscape
        for day in self._days_to_ask():
            for entity in self.entities():
                for role in Role:
                    expected = {
                        s.state for s in _spells(entity) if s.role is role and s.active_on(day)
                    }
                    assert world.members(entity.id, at=day, role=role) == expected
            for state in world.states:
                held = sorted(
                    e.id
                    for e in self.entities()
                    for s in _spells(e)
                    if s.state == state.code and s.role is Role.MEMBER and s.active_on(day)
                )
                found = [
                    *(g.id for g in world.groupings_of(state.code, at=day)),
                    *(a.id for a in world.agreements_of(state.code, at=day)),
                ]
                assert sorted(found) == held

    @invariant()
    def events_replay_into_the_landscape(self) -> None:
        """Replaying the events up to each day rebuilds every membership and
        whole-membership status on that day."""
        world = self.landscape
        for day in self._days_to_ask():
            replayed = replay(world.events(end=day))
            expected: dict[tuple[str, str], tuple[Role, Status | None]] = {}
            for entity in self.entities():
                for spell in _spells(entity):
                    if spell.active_on(day):
                        status = spell.status_on(day)
                        expected[entity.id, spell.state] = (
                            spell.role,
                            None if status is None else status.status,
                        )
            assert replayed == expected
