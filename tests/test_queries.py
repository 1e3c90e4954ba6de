"""Queries over time.

Each query has a deliberately simple reference implementation here, a scan over
every object, and property tests check that the indexed implementation agrees
with it on many generated landscapes, at dates chosen to fall exactly on spell
boundaries, the day before them, and anywhere else.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitions import (
    Agreement,
    Alliance,
    Domain,
    ForceStatus,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Role,
    State,
    UnknownEntityError,
    ValidationError,
)
from coalitions.history import EventKind
from coalitions.strategies import landscapes

D = dt.date
Entity = Agreement | Alliance | Minilateral
PARTICIPANTS = {Role.MEMBER, Role.PARTNER}


# --- the reference implementations: scans, no indexes


def entities(world: Landscape) -> Iterator[Entity]:
    yield from world.agreements
    yield from world.alliances
    yield from world.minilaterals


def spells(entity: Entity) -> tuple[Membership, ...]:
    return entity.parties if isinstance(entity, Agreement) else entity.members


def ids(found: tuple[Entity, ...]) -> list[str]:
    return [e.id for e in found]


def alive(entity: Entity, day: dt.date) -> bool:
    return entity.start <= day and (entity.end is None or day < entity.end)


def ref_members(
    world: Landscape, id: str, day: dt.date, role: Role | None = Role.MEMBER
) -> frozenset[str]:
    entity = next(e for e in entities(world) if e.id == id)
    return frozenset(
        s.state for s in spells(entity) if s.active_on(day) and (role is None or s.role is role)
    )


def ref_holds(entity: Entity, code: str, day: dt.date, roles: set[Role]) -> bool:
    return any(s.state == code and s.active_on(day) and s.role in roles for s in spells(entity))


def ref_groupings_of(world: Landscape, code: str, day: dt.date) -> list[str]:
    return sorted(
        g.id
        for g in (*world.alliances, *world.minilaterals)
        if ref_holds(g, code, day, {Role.MEMBER})
    )


def ref_agreements_of(world: Landscape, code: str, day: dt.date) -> list[str]:
    return sorted(a.id for a in world.agreements if ref_holds(a, code, day, {Role.MEMBER}))


def ref_subtree(world: Landscape, key: str) -> set[str]:
    found = {key}
    changed = True
    while changed:
        changed = False
        for domain in world.domains:
            if domain.parent in found and domain.key not in found:
                found.add(domain.key)
                changed = True
    return found


def ref_partners(
    world: Landscape, code: str, day: dt.date, domain: str | None = None
) -> frozenset[str]:
    wanted = None if domain is None else ref_subtree(world, domain)
    found: set[str] = set()
    for entity in entities(world):
        if wanted is not None and not (entity.domains & wanted):
            continue
        if ref_holds(entity, code, day, PARTICIPANTS):
            found |= {
                s.state for s in spells(entity) if s.active_on(day) and s.role in PARTICIPANTS
            }
    found.discard(code)
    return frozenset(found)


def ref_owes(entity: Entity, own: Membership, other: Membership, day: dt.date) -> set[Obligation]:
    """What ``own``'s state owes ``other``'s through ``entity`` on ``day``, by the
    rules written out plainly: members only; nothing while a status spell of
    either covers the other (or everyone); a commitment toward the other decides;
    else the member's own obligations, else the grouping's; agreements bind from
    entry into force, and count when it is not established (unless strict)."""
    if own.role is not Role.MEMBER or other.role is not Role.MEMBER:
        return set()
    for a, b in ((own, other), (other, own)):
        for status in a.statuses:
            if status.active_on(day) and (status.toward is None or b.state in status.toward):
                return set()
    if isinstance(entity, Agreement):
        dated = entity.in_force is not None and entity.in_force <= day
        unknown = entity.in_force is None and entity.in_force_status is ForceStatus.NOT_ESTABLISHED
        if not (dated or unknown):
            return set()
    for commitment in own.toward:
        if commitment.toward == other.state:
            return set(commitment.obligations)
    if own.obligations is not None:
        return set(own.obligations)
    return set() if isinstance(entity, Minilateral) else set(entity.obligations)


def ref_allies(
    world: Landscape, code: str, day: dt.date, direction: str = "either", strict: bool = False
) -> frozenset[str]:
    found: set[str] = set()
    for entity in entities(world):
        if strict and isinstance(entity, Agreement) and entity.in_force is None:
            continue
        active = [s for s in spells(entity) if s.active_on(day)]
        for own in (s for s in active if s.state == code):
            for other in active:
                if other.state == code:
                    continue
                owes = Obligation.DEFENSE in ref_owes(entity, own, other, day)
                owed = Obligation.DEFENSE in ref_owes(entity, other, own, day)
                if {
                    "either": owes or owed,
                    "owes": owes,
                    "owed": owed,
                    "both": owes and owed,
                }[direction]:
                    found.add(other.state)
    return frozenset(found)


def ref_shared(world: Landscape, a: str, b: str, day: dt.date) -> list[str]:
    return sorted(
        e.id
        for e in entities(world)
        if ref_holds(e, a, day, PARTICIPANTS) and ref_holds(e, b, day, PARTICIPANTS)
    )


def ref_covering(world: Landscape, key: str, day: dt.date) -> list[str]:
    wanted = ref_subtree(world, key)
    return sorted(e.id for e in entities(world) if alive(e, day) and e.domains & wanted)


def ref_brokers(
    world: Landscape, side_a: set[str], side_b: set[str], day: dt.date
) -> frozenset[str]:
    near_a = set().union(*(ref_partners(world, c, day) for c in side_a)) if side_a else set()
    near_b = set().union(*(ref_partners(world, c, day) for c in side_b)) if side_b else set()
    return frozenset((near_a & near_b) - side_a - side_b)


# --- strategies: a landscape and days that matter to it


def boundaries(world: Landscape) -> list[dt.date]:
    days: set[dt.date] = set()
    for entity in entities(world):
        days.add(entity.start)
        if entity.end is not None:
            days.add(entity.end)
        if isinstance(entity, Agreement) and entity.in_force is not None:
            days.add(entity.in_force)
        for spell in spells(entity):
            days.add(spell.since)
            if spell.until is not None:
                days.add(spell.until)
            for status in spell.statuses:
                days.add(status.since)
                if status.until is not None:
                    days.add(status.until)
    return sorted(days)


@st.composite
def days_for(draw: st.DrawFn, world: Landscape) -> dt.date:
    edges = boundaries(world)
    if edges and draw(st.integers(0, 3)):
        edge = draw(st.sampled_from(edges))
        return edge + dt.timedelta(days=draw(st.sampled_from([0, 0, -1, 1])))
    return draw(st.dates(D(1800, 1, 1), D(2040, 1, 1)))


worlds = landscapes(min_states=1)


@st.composite
def world_and_day(draw: st.DrawFn) -> tuple[Landscape, dt.date]:
    world = draw(worlds)
    return world, draw(days_for(world))


# --- agreement with the reference


@given(world_and_day(), st.sampled_from([Role.MEMBER, Role.PARTNER, Role.OBSERVER, None]))
def test_members_agrees_with_scan(case: tuple[Landscape, dt.date], role: Role | None) -> None:
    world, day = case
    for entity in entities(world):
        assert world.members(entity.id, at=day, role=role) == ref_members(
            world, entity.id, day, role
        )


@given(world_and_day())
def test_per_state_queries_agree_with_scan(case: tuple[Landscape, dt.date]) -> None:
    world, day = case
    for state in world.states:
        code = state.code
        assert [g.id for g in world.groupings_of(code, at=day)] == ref_groupings_of(
            world, code, day
        )
        assert [a.id for a in world.agreements_of(code, at=day)] == ref_agreements_of(
            world, code, day
        )
        assert world.partners(code, at=day) == ref_partners(world, code, day)
        assert world.allies(code, at=day) == ref_allies(world, code, day)
        for direction in ("owes", "owed", "both"):
            assert world.allies(code, at=day, direction=direction) == ref_allies(
                world, code, day, direction
            )
        assert world.allies(code, at=day, strict=True) == ref_allies(world, code, day, strict=True)
        for domain in world.domains:
            assert world.partners(code, at=day, domain=domain.key) == ref_partners(
                world, code, day, domain.key
            )


@given(world_and_day(), st.data())
def test_pair_queries_agree_with_scan(case: tuple[Landscape, dt.date], data: st.DataObject) -> None:
    world, day = case
    codes = [s.code for s in world.states]
    a, b = data.draw(st.sampled_from(codes)), data.draw(st.sampled_from(codes))
    assert [e.id for e in world.shared(a, b, at=day)] == ref_shared(world, a, b, day)
    side_a = set(data.draw(st.lists(st.sampled_from(codes), max_size=3)))
    side_b = set(data.draw(st.lists(st.sampled_from(codes), max_size=3)))
    assert world.brokers(side_a, side_b, at=day) == ref_brokers(world, side_a, side_b, day)


@given(world_and_day())
def test_covering_agrees_with_scan(case: tuple[Landscape, dt.date]) -> None:
    world, day = case
    for domain in world.domains:
        assert [e.id for e in world.covering(domain.key, at=day)] == ref_covering(
            world, domain.key, day
        )


# --- laws


@given(world_and_day())
def test_overlap_is_intersection_of_members(case: tuple[Landscape, dt.date]) -> None:
    world, day = case
    ids = [e.id for e in entities(world)]
    for a in ids:
        for b in ids:
            assert world.overlap(a, b, at=day) == world.members(a, at=day) & world.members(
                b, at=day
            )


@given(world_and_day())
def test_partners_and_allies_are_symmetric(case: tuple[Landscape, dt.date]) -> None:
    world, day = case
    for state in world.states:
        for other in world.partners(state.code, at=day):
            assert state.code in world.partners(other, at=day)
        for other in world.allies(state.code, at=day):
            assert state.code in world.allies(other, at=day)
            # an ally is always a partner: a defence tie is a shared grouping
            assert other in world.partners(state.code, at=day)


@given(world_and_day())
def test_partners_are_exactly_the_states_shared_with(case: tuple[Landscape, dt.date]) -> None:
    world, day = case
    for state in world.states:
        expected = {
            o.code for o in world.states if o != state and world.shared(state.code, o.code, at=day)
        }
        assert world.partners(state.code, at=day) == expected


@settings(max_examples=50)
@given(world_and_day())
def test_snapshot_answers_as_the_landscape_does(case: tuple[Landscape, dt.date]) -> None:
    world, day = case
    snapshot = world.at(day)
    for entity in (*snapshot.agreements, *snapshot.alliances, *snapshot.minilaterals):
        assert alive(entity, day)
        assert snapshot.members(entity.id, at=day, role=None) == world.members(
            entity.id, at=day, role=None
        )
    for entity in entities(world):
        if not alive(entity, day):
            with pytest.raises(UnknownEntityError):
                snapshot.members(entity.id, at=day)
    for state in world.states:
        code = state.code
        assert ids(snapshot.groupings_of(code, at=day)) == ids(world.groupings_of(code, at=day))
        assert ids(snapshot.agreements_of(code, at=day)) == ids(world.agreements_of(code, at=day))
        assert snapshot.partners(code, at=day) == world.partners(code, at=day)
        assert snapshot.allies(code, at=day) == world.allies(code, at=day)
    for domain in world.domains:
        assert ids(snapshot.covering(domain.key, at=day)) == ids(world.covering(domain.key, at=day))


@given(world_and_day())
def test_replaying_events_rebuilds_every_membership(case: tuple[Landscape, dt.date]) -> None:
    world, day = case
    holding: dict[tuple[str, str], Role] = {}
    for event in world.events(end=day):
        if event.kind is EventKind.JOINED:
            assert (event.subject, event.state) not in holding
            holding[event.subject, event.state] = event.role  # type: ignore[index, assignment]
        elif event.kind is EventKind.LEFT:
            assert holding.pop((event.subject, event.state)) is event.role  # type: ignore[arg-type]
    for entity in entities(world):
        for role in Role:
            replayed = {
                state
                for (subject, state), r in holding.items()
                if subject == entity.id and r is role
            }
            assert replayed == world.members(entity.id, at=day, role=role)


@given(world_and_day())
def test_replaying_events_rebuilds_every_status(case: tuple[Landscape, dt.date]) -> None:
    world, day = case
    standing: dict[tuple[str, str], EventKind] = {}  # (entity, state): SUSPENDED or FROZEN
    members: set[tuple[str, str]] = set()
    for event in world.events(end=day):
        key = (event.subject, event.state or "")
        if event.kind is EventKind.JOINED:
            members.add(key)
        elif event.kind is EventKind.LEFT:
            members.discard(key)
            standing.pop(key, None)  # a status ends with its membership
        elif event.kind in (EventKind.SUSPENDED, EventKind.FROZEN):
            assert key in members
            assert key not in standing
            standing[key] = event.kind
        elif event.kind is EventKind.REINSTATED:
            assert standing.pop(key) is not None
    expected = {}
    for entity in entities(world):
        for spell in spells(entity):
            status = spell.status_on(day) if spell.active_on(day) else None
            if status is not None and status.toward is None:
                expected[entity.id, spell.state] = EventKind(status.status.value)
    assert standing == expected


@given(world_and_day(), st.data())
def test_events_are_chronological_and_windowed(
    case: tuple[Landscape, dt.date], data: st.DataObject
) -> None:
    world, start = case
    end = data.draw(days_for(world))
    every = world.events()
    assert list(every) == sorted(every, key=lambda e: e.sort_key())
    window = world.events(start, end)
    assert window == tuple(e for e in every if start <= e.date <= end)


@given(world_and_day(), st.data())
def test_diff_applied_to_start_gives_end(
    case: tuple[Landscape, dt.date], data: st.DataObject
) -> None:
    world, start = case
    end = max(start, data.draw(days_for(world)))
    change = world.diff(start, end)
    for entity in entities(world):
        members = set(world.members(entity.id, at=start, role=None))
        for event in change.events():
            if event.subject == entity.id and event.kind is EventKind.LEFT:
                members.discard(event.state)  # type: ignore[arg-type]
            elif event.subject == entity.id and event.kind is EventKind.JOINED:
                members.add(event.state)  # type: ignore[arg-type]
        assert members == world.members(entity.id, at=end, role=None)
    founded_ids = {e.subject for e in change.founded}
    for grouping in (*world.alliances, *world.minilaterals):
        assert (grouping.id in founded_ids) == (start < grouping.founded <= end)


# --- examples on a small real-world landscape


def world() -> Landscape:
    nato_day = D(1949, 8, 24)
    day = D(1960, 1, 19)
    return Landscape(
        states=[
            State(code=c, name=c) for c in ("FIN", "JPN", "NOR", "SWE", "USA", "BEL", "GBR", "FRA")
        ],
        domains=[
            Domain(key="defence", name="Defence"),
            Domain(key="collective-defence", name="Collective defence", parent="defence"),
            Domain(key="cyber-defence", name="Cyber defence"),
        ],
        agreements=[
            Agreement(
                id="US-JPN-MST",
                name="Treaty of Mutual Cooperation and Security",
                signed=day,
                in_force=D(1960, 6, 23),
                parties=[Membership(state="USA", since=day), Membership(state="JPN", since=day)],
                obligations=[Obligation.DEFENSE],
                domains=["collective-defence"],
            )
        ],
        alliances=[
            Alliance(
                id="NATO",
                name="NATO",
                founded=nato_day,
                members=[
                    Membership(state="USA", since=nato_day),
                    Membership(state="NOR", since=nato_day),
                    Membership(state="FIN", since=D(2023, 4, 4)),
                    Membership(state="SWE", since=D(2024, 3, 7)),
                    Membership(state="JPN", since=D(2014, 5, 6), role=Role.PARTNER),
                ],
                obligations=[Obligation.DEFENSE],
                domains=["collective-defence"],
            ),
            Alliance(
                id="LONDON-1839",
                name="Treaty of London",
                founded=D(1839, 4, 19),
                dissolved=D(1914, 8, 4),
                members=[
                    Membership(state="GBR", since=D(1839, 4, 19), until=D(1914, 8, 4)),
                    Membership(state="FRA", since=D(1839, 4, 19), until=D(1914, 8, 4)),
                    Membership(
                        state="BEL", since=D(1839, 4, 19), until=D(1914, 8, 4), obligations=[]
                    ),
                ],
                obligations=[Obligation.DEFENSE],
            ),
        ],
        minilaterals=[
            Minilateral(
                id="NORDEFCO",
                name="Nordic Defence Cooperation",
                founded=D(2009, 11, 4),
                members=[Membership(state=c, since=D(2009, 11, 4)) for c in ("FIN", "NOR", "SWE")],
                mission="Nordic defence cooperation",
                domains=["cyber-defence"],
            )
        ],
    )


def test_half_open_spells_at_the_boundary() -> None:
    w = world()
    assert "FIN" not in w.members("NATO", at=D(2023, 4, 3))
    assert "FIN" in w.members("NATO", at=D(2023, 4, 4))
    assert w.members("LONDON-1839", at=D(1914, 8, 3)) == {"GBR", "FRA", "BEL"}
    assert w.members("LONDON-1839", at=D(1914, 8, 4)) == frozenset()


def test_allies_respect_member_obligations_and_entry_into_force() -> None:
    w = world()
    # Belgium promised nothing, but was guaranteed: it is the guarantors' ally, and they are its.
    assert w.allies("BEL", at=D(1900, 1, 1)) == {"GBR", "FRA"}
    # A partner is not an ally; a treaty binds only once in force.
    assert "JPN" not in w.allies("NOR", at=D(2020, 1, 1))
    assert "JPN" in w.partners("NOR", at=D(2020, 1, 1))
    assert "JPN" in w.allies("USA", at=D(1960, 6, 23))
    assert "JPN" not in w.allies("USA", at=D(1960, 6, 22))
    assert "JPN" in w.partners("USA", at=D(1960, 6, 22))


def test_partners_by_domain_include_sub_domains() -> None:
    w = world()
    day = D(2024, 6, 1)
    assert w.partners("NOR", at=day, domain="defence") == {"USA", "FIN", "SWE", "JPN"}
    assert w.partners("NOR", at=day, domain="cyber-defence") == {"FIN", "SWE"}
    assert [e.id for e in w.covering("defence", at=day)] == ["NATO", "US-JPN-MST"]


def test_brokers_accept_grouping_ids() -> None:
    w = world()
    day = D(2020, 1, 1)
    # NATO's members are USA and NOR; NORDEFCO's FIN, NOR, SWE. Japan, outside both,
    # is the US's treaty ally and Norway's partner through NATO's partnership.
    assert w.brokers(["NATO"], ["NORDEFCO"], at=day) == {"JPN"}
    assert w.brokers(["USA"], ["SWE"], at=day) == {"NOR"}
    with pytest.raises(UnknownEntityError):
        w.brokers(["NATO"], ["XYZ"], at=day)
    with pytest.raises(TypeError):
        w.brokers("NATO", ["SWE"], at=day)


def test_unknown_names_raise_with_suggestions() -> None:
    w = world()
    with pytest.raises(UnknownEntityError, match="did you mean 'NATO'"):
        w.members("NAT0")
    with pytest.raises(UnknownEntityError, match="unknown state 'SVE'"):
        w.partners("SVE")
    with pytest.raises(UnknownEntityError, match="unknown domain"):
        w.covering("cyber")
    with pytest.raises(UnknownEntityError, match="unknown grouping 'US-JPN-MST'"):
        w.grouping("US-JPN-MST")  # an agreement, not a grouping
    with pytest.raises(UnknownEntityError, match="unknown agreement 'NATO'"):
        w.agreement("NATO")
    with pytest.raises(KeyError):
        w.state("XXX")


def test_at_defaults_to_today_and_must_be_a_date() -> None:
    w = world()
    assert w.members("NATO") == w.members("NATO", at=dt.date.today())
    with pytest.raises(ValidationError, match=r"at: expected a datetime\.date"):
        w.members("NATO", at="2024-01-01")  # type: ignore[arg-type]
    # A datetime (a pandas Timestamp is one) stands for its date.
    assert w.members("NATO", at=dt.datetime(2024, 1, 1, 23, 59)) == w.members(
        "NATO", at=D(2024, 1, 1)
    )


def test_events_and_diff_on_real_dates() -> None:
    w = world()
    lines = [e.describe() for e in w.events(D(2023, 1, 1), D(2024, 12, 31))]
    assert lines == ["2023-04-04  FIN joined NATO", "2024-03-07  SWE joined NATO"]
    change = w.diff(D(1914, 1, 1), D(1914, 12, 31))
    assert [e.subject for e in change.dissolved] == ["LONDON-1839"]
    assert {e.state for e in change.left} == {"GBR", "FRA", "BEL"}
    assert w.diff(D(2000, 1, 1), D(2000, 1, 1)).is_empty()
    with pytest.raises(ValueError, match="before start"):
        w.diff(D(2001, 1, 1), D(2000, 1, 1))


def test_index_is_not_part_of_the_value() -> None:
    w = world()
    w.members("NATO", at=D(2024, 1, 1))  # builds the index
    assert w == world()
    assert hash(w) == hash(world())
    again = pickle.loads(pickle.dumps(w))
    assert again == w
    assert again.members("NATO", at=D(2024, 1, 1)) == w.members("NATO", at=D(2024, 1, 1))


def test_history_windows_reach_the_ends_of_the_calendar() -> None:
    w = world()
    assert w.events(start=dt.date.min, end=dt.date.max) == w.events()
    assert w.diff(dt.date.max, dt.date.max).is_empty()
    assert w.diff(dt.date.min, dt.date.max).events() == w.events()
    assert Landscape().events(end=dt.date.max) == ()


def test_identical_snapshots_are_stored_once() -> None:
    day = D(1950, 1, 1)
    states = [State(code=c, name=c) for c in ("AAA", "BBB", "CCC")]
    twins = [
        Alliance(
            id=f"PACT-{n}",
            name=f"Pact {n}",
            founded=day,
            obligations=[Obligation.DEFENSE],
            members=[Membership(state=c, since=day) for c in ("AAA", "BBB")],
        )
        for n in (1, 2)
    ]
    w = Landscape(states=states, alliances=twins)
    first, second = w.members("PACT-1", at=day), w.members("PACT-2", at=day)
    assert first == second == {"AAA", "BBB"}
    assert first is second  # one snapshot, shared by both timelines
    assert w.groupings_of("AAA", at=day) is w.groupings_of("BBB", at=day)
    assert [g.id for g in w.groupings_of("AAA", at=day)] == ["PACT-1", "PACT-2"]
    assert w.groupings_of("CCC", at=day) == ()


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 60), st.integers(1, 30) | st.none()),
        max_size=80,
    ),
    st.integers(-1, 100),
)
def test_timeline_agrees_with_scan(raw: list[tuple[int, int, int | None]], offset: int) -> None:
    # Many items at once, so that some days are replayed rather than snapshotted.
    from coalitions._index import at, sorted_tuple, timeline

    base = D(2000, 1, 1)
    seen: set[int] = set()
    items = []
    for item, start, length in raw:
        if item in seen:  # an item must not overlap itself: one lifetime each
            continue
        seen.add(item)
        end = None if length is None else base + dt.timedelta(days=start + length)
        items.append((item, base + dt.timedelta(days=start), end))
    day = base + dt.timedelta(days=offset)
    expected = {i for i, s, e in items if s <= day and (e is None or day < e)}
    assert at(timeline(items), day) == expected
    assert at(timeline(items, sorted_tuple), day) == tuple(sorted(expected))
