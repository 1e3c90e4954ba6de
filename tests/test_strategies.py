"""The public Hypothesis strategies: arguments, coverage, shrinking, registration."""

from __future__ import annotations

import collections
import datetime as dt
import importlib.metadata
import itertools
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import Phase, find, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import coalitions
from coalitions import (
    Agreement,
    Alliance,
    Commitment,
    Diff,
    Domain,
    Event,
    EventKind,
    ExternalIds,
    Grouping,
    Landscape,
    Membership,
    Minilateral,
    Precision,
    State,
    StatusSpell,
    Tie,
    ValidationError,
)
from coalitions.strategies import (
    DEFAULT_END,
    DEFAULT_START,
    DEFECTS,
    History,
    agreements,
    alliances,
    diffs,
    domains,
    events,
    histories,
    invalid_documents,
    landscapes,
    memberships,
    minilaterals,
    states,
    ties,
)
from coalitions.testing import replay

D = dt.date
Entity = Agreement | Alliance | Minilateral
NORDICS = [State(code=c, name=c.title()) for c in ("DNK", "FIN", "ISL", "NOR", "SWE")]


def entities(world: Landscape) -> Iterator[Entity]:
    yield from world.agreements
    yield from world.alliances
    yield from world.minilaterals


def spells_of(entity: Entity) -> tuple[Membership, ...]:
    return entity.parties if isinstance(entity, Agreement) else entity.members


def dates_of(entity: Entity) -> Iterator[tuple[dt.date, Precision]]:
    if isinstance(entity, Agreement):
        yield entity.signed, entity.signed_precision
        if entity.in_force is not None:
            yield entity.in_force, entity.in_force_precision
        if entity.ended is not None:
            yield entity.ended, entity.ended_precision
    else:
        yield entity.founded, entity.founded_precision
        if entity.dissolved is not None:
            yield entity.dissolved, entity.dissolved_precision
    for spell in spells_of(entity):
        yield spell.since, spell.since_precision
        if spell.until is not None:
            yield spell.until, spell.until_precision


# --- arguments are checked when the function is called


BAD_ARGUMENTS: dict[str, tuple[Callable[[], object], str]] = {
    "landscape states as a list": (
        lambda: landscapes(states=NORDICS),  # type: ignore[arg-type]
        r"expects a strategy of lists of State, got list .*pass st\.just\(\[\.\.\.\]\)",
    ),
    "landscape domains as a list": (
        lambda: landscapes(domains=[Domain(key="cyber", name="Cyber")]),  # type: ignore[arg-type]
        r"landscapes\(domains=\.\.\.\) expects a strategy .*st\.just",
    ),
    "state codes as a list": (
        lambda: states(codes=["FIN", "SWE"]),  # type: ignore[arg-type]
        r"states\(codes=\.\.\.\) expects a strategy of str.*st\.sampled_from",
    ),
    "state names as text": (
        lambda: states(names="Finland"),  # type: ignore[arg-type]
        r"states\(names=\.\.\.\).*st\.just",
    ),
    "domain keys as text": (
        lambda: domains(keys="cyber"),  # type: ignore[arg-type]
        r"domains\(keys=\.\.\.\) expects a strategy",
    ),
    "one state code as a pool": (
        lambda: alliances(states="USA"),
        r"expects a list of State objects or their codes.*Pass \['USA'\] instead",
    ),
    "a set as a pool": (
        lambda: alliances(states={"USA", "GBR"}),  # type: ignore[arg-type]
        r"got set .*sorted",
    ),
    "a pool of the wrong things": (
        lambda: alliances(states=[1, 2]),  # type: ignore[list-item]
        r"expects a list of State objects or their codes; it holds int 1",
    ),
    "agreements given states": (
        lambda: alliances(agreements=NORDICS),  # type: ignore[arg-type]
        r"alliances\(agreements=\.\.\.\) expects a list of Agreement objects or their ids",
    ),
    "too small a pool": (
        lambda: minilaterals(states=["AUS", "GBR", "AUS"]),
        r"needs at least 3 distinct codes to draw from, got 2",
    ),
    "too few members": (
        lambda: minilaterals(min_members=2),
        r"minilaterals\(min_members=2\) must be at least 3",
    ),
    "too few parties": (
        lambda: agreements(min_parties=1),
        r"agreements\(min_parties=1\) must be at least 2",
    ),
    "min above max": (
        lambda: alliances(min_members=4, max_members=3),
        r"min_members is greater than max_members",
    ),
    "min states above max states": (
        lambda: landscapes(min_states=5, max_states=2),
        r"min_states is greater than max_states",
    ),
    "negative size": (lambda: landscapes(min_states=-1), r"must be at least 0"),
    "size not an int": (
        lambda: landscapes(max_groupings=1.5),  # type: ignore[arg-type]
        r"max_groupings=\.\.\.\) expects an int, got float",
    ),
    "start after end": (
        lambda: landscapes(start=D(2000, 1, 1), end=D(1999, 12, 31)),
        r"start=2000-01-01, end=1999-12-31\): start is after end",
    ),
    "start as text": (
        lambda: agreements(start="2000-01-01"),  # type: ignore[arg-type]
        r"agreements\(start=\.\.\.\) expects a datetime\.date or None, got str",
    ),
    "a datetime for a date": (
        lambda: memberships(end=dt.datetime(2000, 1, 1)),
        r"expects a datetime\.date or None, got datetime",
    ),
    "closed spells in a one-day window": (
        lambda: memberships(start=D(2000, 1, 1), end=D(2000, 1, 1), allow_open=False),
        r"must span at least 1 day",
    ),
    "allow_open not a bool": (
        lambda: memberships(allow_open="no"),  # type: ignore[arg-type]
        r"allow_open=\.\.\.\) expects a bool",
    ),
    "fixed states and a bound on their number": (
        lambda: landscapes(states=st.just(NORDICS), min_states=2),
        r"bounded only when they are not given",
    ),
}


@pytest.mark.parametrize(("call", "message"), BAD_ARGUMENTS.values(), ids=list(BAD_ARGUMENTS))
def test_bad_arguments_raise_invalid_argument_at_once(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(InvalidArgument, match=message):
        call()  # no draw needed: the check is eager


def test_a_pool_strategy_is_checked_as_it_is_drawn() -> None:
    @settings(database=None)
    @given(alliances(states=st.just(["USA"])))
    def test(alliance: Alliance) -> None:
        raise AssertionError("unreachable")

    with pytest.raises(InvalidArgument, match=r"at least 2 distinct codes .*got 1 \(as drawn\)"):
        test()


def test_fixed_states_that_repeat_a_code_are_refused_when_drawn() -> None:
    twice = [NORDICS[0], attrs.evolve(NORDICS[1], code=NORDICS[0].code)]

    @settings(database=None)
    @given(landscapes(states=st.just(twice)))
    def test(world: Landscape) -> None:
        raise AssertionError("unreachable")

    with pytest.raises(InvalidArgument, match="repeated codes"):
        test()


# --- what is drawn respects the arguments


@given(
    landscapes(
        min_states=2,
        max_states=3,
        max_domains=1,
        max_groupings=1,
        max_agreements=1,
        max_members=3,
        start=D(2000, 1, 1),
        end=D(2001, 6, 30),
    )
)
def test_landscape_bounds_are_respected(world: Landscape) -> None:
    assert 2 <= len(world.states) <= 3
    assert len(world.domains) <= 1
    assert len(world.alliances) + len(world.minilaterals) <= 1
    assert len(world.agreements) <= 1
    for entity in entities(world):
        assert len({s.state for s in spells_of(entity)}) <= 3
        for day, _ in dates_of(entity):
            assert D(2000, 1, 1) <= day <= D(2001, 6, 30)


@given(landscapes(states=st.just(NORDICS), domains=st.just([])))
def test_fixed_parts_are_kept(world: Landscape) -> None:
    assert list(world.states) == NORDICS
    assert world.domains == ()
    codes = {s.code for s in NORDICS}
    for entity in entities(world):
        assert {s.state for s in spells_of(entity)} <= codes
        assert not entity.domains


@given(
    agreements(states=st.sampled_from([NORDICS[:2], NORDICS[2:]]), domains=["cyber"]),
    alliances(states=NORDICS, domains=[Domain(key="cyber", name="Cyber")], agreements=["A-1"]),
    minilaterals(states=[s.code for s in NORDICS], max_members=4),
)
def test_entities_draw_from_their_pools(
    agreement: Agreement, alliance: Alliance, minilateral: Minilateral
) -> None:
    parties = {s.state for s in agreement.parties}
    assert parties == {"DNK", "FIN"} or parties <= {"ISL", "NOR", "SWE"}
    assert agreement.domains <= {"cyber"}
    assert {s.state for s in alliance.members} <= {s.code for s in NORDICS}
    assert alliance.domains <= {"cyber"}
    assert alliance.agreements <= {"A-1"}
    assert 3 <= len({s.state for s in minilateral.members}) <= 4


@given(
    memberships(states=NORDICS[:1], start=D(1990, 1, 1), end=D(1990, 12, 31)),
    domains(parents=["maritime", "cyber"]),
)
def test_spells_and_domains_draw_from_their_pools(spell: Membership, domain: Domain) -> None:
    assert spell.state == "DNK"
    assert D(1990, 1, 1) <= spell.since <= D(1990, 12, 31)
    assert spell.until is None or spell.until <= D(1990, 12, 31)
    assert domain.parent in {None, "maritime", "cyber"}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2000, 1, 1), D(2000, 1, 1)),  # one day: every spell open, nothing dissolved
        (D(2000, 1, 1), D(2000, 1, 2)),
        (dt.date.min, D(1, 3, 1)),
        (D(9999, 11, 1), dt.date.max),
        (dt.date.min, dt.date.max),
    ],
)
def test_any_window_of_dates_works(start: dt.date, end: dt.date) -> None:
    @settings(max_examples=25, database=None)
    @given(landscapes(min_states=3, start=start, end=end))
    def test(world: Landscape) -> None:
        for entity in entities(world):
            for day, _ in dates_of(entity):
                assert start <= day <= end

    test()


def test_a_start_or_end_alone_moves_the_window() -> None:
    first = settings(database=None, phases=[Phase.generate])
    late = find(alliances(start=D(2200, 1, 1)), lambda a: True, settings=first)
    assert D(2200, 1, 1) <= late.founded <= D(2200, 1, 1) + (DEFAULT_END - DEFAULT_START)
    early = find(
        alliances(end=D(1700, 1, 1)),
        lambda a: a.founded < D(1600, 1, 1),
        settings=first,
    )
    assert early.founded < D(1600, 1, 1)


# --- what the landscapes cover


def features(world: Landscape) -> set[str]:
    """The kinds of thing one landscape shows."""
    found: set[str] = set()
    for entity in entities(world):
        found.add(type(entity).__name__)
        spells = spells_of(entity)
        if list(spells) != sorted(spells, key=lambda s: s.since):
            found.add("spells listed out of date order")
        by_state: dict[str, list[Membership]] = collections.defaultdict(list)
        for spell in spells:
            by_state[spell.state].append(spell)
            found.add(f"role {spell.role.value}")
            found.add("open spell" if spell.until is None else "closed spell")
            if spell.obligations is None:
                found.add("obligations inherited (None)")
            elif not spell.obligations:
                found.add("obligations explicitly empty")
            else:
                found.add("obligations of its own")
            if spell.toward:
                found.add("commitment toward a member")
            for status in spell.statuses:
                found.add(f"{status.status.value} {'toward some' if status.toward else 'whole'}")
                found.add("status open" if status.until is None else "status closed")
        for mine in by_state.values():
            mine.sort(key=lambda s: s.since)
            if len(mine) > 1:
                found.add("several spells for one state")
            for before, after in itertools.pairwise(mine):
                same_day = before.until == after.since
                found.add("rejoined on the day it left" if same_day else "rejoined later")
        leaving = {(s.until, s.state) for s in spells if s.until is not None}
        if any(
            (s.since, s.state) not in leaving and s.since in {d for d, _ in leaving} for s in spells
        ):
            found.add("one state joins as another leaves")
        if isinstance(entity, Agreement):
            found.add("in force" if entity.in_force is not None else "not in force")
            found.add("ended" if entity.ended is not None else "not ended")
            found.add(f"entry into force {entity.force_status.value}")
        else:
            found.add("dissolved" if entity.dissolved is not None else "not dissolved")
            if not entity.roster_complete:
                found.add("partial roster")
        if isinstance(entity, Alliance) and entity.agreements:
            found.add("alliance rests on agreements")
        if entity.domains:
            found.add("covers domains")
        found |= {f"{p.value} precision" for _, p in dates_of(entity)}
    if any(d.parent for d in world.domains):
        found.add("sub-domain")
    if [s.code for s in world.states] != sorted(s.code for s in world.states):
        found.add("states listed out of code order")
    return found


EVERY_FEATURE = {
    "Agreement",
    "Alliance",
    "Minilateral",
    "spells listed out of date order",
    "role member",
    "role partner",
    "role observer",
    "open spell",
    "closed spell",
    "obligations inherited (None)",
    "obligations explicitly empty",
    "obligations of its own",
    "several spells for one state",
    "rejoined on the day it left",
    "rejoined later",
    "one state joins as another leaves",
    "in force",
    "not in force",
    "ended",
    "not ended",
    "dissolved",
    "not dissolved",
    "alliance rests on agreements",
    "covers domains",
    "day precision",
    "month precision",
    "year precision",
    "sub-domain",
    "states listed out of code order",
    "commitment toward a member",
    "suspended whole",
    "suspended toward some",
    "frozen whole",
    "frozen toward some",
    "status open",
    "status closed",
    "entry into force established",
    "entry into force pending",
    "entry into force not_established",
    "entry into force non_binding",
    "partial roster",
}


def test_landscapes_cover_every_feature() -> None:
    seen: collections.Counter[str] = collections.Counter()

    @seed(20240307)
    @settings(max_examples=150, database=None, phases=[Phase.generate])
    @given(landscapes())
    def record(world: Landscape) -> None:
        seen.update(features(world))

    record()
    assert set(seen) == EVERY_FEATURE, seen


# --- shrinking


SHRINK = settings(
    database=None, derandomize=True, max_examples=1000, phases=[Phase.generate, Phase.shrink]
)


def size(world: Landscape) -> tuple[int, int, int]:
    every = list(entities(world))
    return len(world.states), len(every), sum(len(spells_of(e)) for e in every)


def test_a_failing_property_shrinks_to_a_minimal_landscape() -> None:
    # The property "no state ever leaves a grouping" is false; the counterexample
    # Hypothesis reports is as small as a landscape refuting it can be.
    def someone_leaves(world: Landscape) -> bool:
        return any(
            spell.until is not None
            for grouping in (*world.alliances, *world.minilaterals)
            for spell in grouping.members
        )

    world = find(landscapes(), someone_leaves, settings=SHRINK)
    assert size(world) == (2, 1, 2)  # two states, one alliance, a spell each
    (alliance,) = world.alliances
    assert world.domains == world.agreements == world.minilaterals == ()
    assert not alliance.domains
    assert not alliance.agreements
    assert alliance.founded == D(1815, 1, 1)  # the earliest date
    for spell in alliance.members:
        assert spell.since == alliance.founded
        assert spell.until is None or spell.until == D(1815, 1, 2)  # as short as can be


def test_shrinking_keeps_what_the_property_needs() -> None:
    def rejoins_the_day_it_left(world: Landscape) -> bool:
        return any(
            a.state == b.state and a.until == b.since
            for entity in entities(world)
            for a in spells_of(entity)
            for b in spells_of(entity)
        )

    world = find(
        landscapes(max_states=4, max_groupings=2), rejoins_the_day_it_left, settings=SHRINK
    )
    states_, groupings, spells = size(world)
    assert (states_, groupings) == (2, 1)
    assert spells == 3  # one state's two spells, the other's one


# --- registration with Hypothesis


@pytest.mark.parametrize(
    "cls", [State, Domain, Membership, Agreement, Alliance, Minilateral, Landscape]
)
def test_from_type_uses_the_registered_strategies(cls: type) -> None:
    @settings(max_examples=10, database=None)
    @given(st.from_type(cls))
    def test(value: Any) -> None:
        assert type(value) is cls

    test()


@attrs.frozen
class Scenario:
    """A user's own class holding model values."""

    world: Landscape
    grouping: Alliance | Minilateral
    focus: State


attrs.resolve_types(
    Scenario
)  # the annotations are strings under `from __future__ import annotations`


@settings(max_examples=10)
@given(st.builds(Scenario))
def test_builds_fills_in_model_fields_of_user_classes(scenario: Scenario) -> None:
    assert isinstance(scenario.world, Landscape)
    assert isinstance(scenario.grouping, (Alliance, Minilateral))
    assert isinstance(scenario.focus, State)


def test_entry_point_is_declared() -> None:
    hooks = [e.value for e in importlib.metadata.entry_points(group="hypothesis")]
    assert "_coalitions_hypothesis:_hypothesis_setup_hook" in hooks


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_importing_hypothesis_registers_without_building_strategies() -> None:
    result = run_python(
        "import sys, hypothesis\n"
        "from hypothesis import strategies as st\n"
        "assert 'coalitions.model' not in sys.modules, 'hypothesis imported the model'\n"
        "from coalitions import Alliance, Grouping\n"
        "assert 'coalitions.strategies' not in sys.modules, 'imported eagerly'\n"
        "assert isinstance(st.from_type(Alliance).example(), Alliance)\n"
        "assert isinstance(st.from_type(Grouping).example(), Grouping)\n"
    )
    assert result.returncode == 0, result.stderr


def test_importing_coalitions_first_registers_too() -> None:
    result = run_python(
        "import sys\n"
        "from coalitions import Alliance\n"
        "assert 'hypothesis' not in sys.modules\n"
        "from hypothesis import strategies as st\n"
        "assert isinstance(st.from_type(Alliance).example(), Alliance)\n"
    )
    assert result.returncode == 0, result.stderr


BLOCK_HYPOTHESIS = """
import sys

class BlockHypothesis:
    def find_spec(self, name, path=None, target=None):
        if name == "hypothesis" or name.startswith("hypothesis."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, BlockHypothesis())
"""


def test_without_hypothesis_the_strategies_name_the_extra() -> None:
    result = run_python(
        BLOCK_HYPOTHESIS + "import coalitions, _coalitions_hypothesis\n"
        "try:\n"
        "    import coalitions.strategies\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
        "else:\n"
        "    raise SystemExit('imported without Hypothesis')\n"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pip install coalitions[hypothesis]" in result.stdout


# --- issue 15: every public type, histories and invalid documents


@pytest.mark.parametrize("cls", [Commitment, StatusSpell, ExternalIds, Event, Diff, Tie, Grouping])
def test_from_type_covers_every_public_value_type(cls: type) -> None:
    @settings(max_examples=10, database=None)
    @given(st.from_type(cls))
    def test(value: Any) -> None:
        assert isinstance(value, cls)
        if cls not in (ExternalIds, Grouping):
            assert attrs.evolve(value) == value  # every check passes again
        if isinstance(value, Event):  # read from a landscape, not made up
            assert DEFAULT_START <= value.date <= DEFAULT_END
            assert re.fullmatch(r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*", value.subject)

    test()


@settings(max_examples=30)
@given(events())
def test_drawn_events_are_events_of_a_landscape(event: Event) -> None:
    assert event.kind in EventKind
    assert re.fullmatch(r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*", event.subject)
    assert dt.date(1800, 1, 1) <= event.date <= dt.date(2031, 1, 1)


@settings(max_examples=30)
@given(diffs())
def test_drawn_diffs_are_diffs_of_a_landscape(change: Diff) -> None:
    assert all(change.start < e.date <= change.end for e in change.events())
    assert list(change.joined) == sorted(change.joined, key=Event.sort_key)


@settings(max_examples=30)
@given(ties())
def test_drawn_ties_mirror(tie: Tie) -> None:
    assert tie.state != tie.other


@settings(max_examples=50)
@given(histories())
def test_histories_replay_into_their_landscape(history: History) -> None:
    world = history.landscape
    assert history.events == world.events()
    replayed = replay(history.events)
    last = max((e.date for e in history.events), default=dt.date(2000, 1, 1))
    expected = {}
    for entity in (*world.agreements, *world.alliances, *world.minilaterals):
        spells = entity.parties if isinstance(entity, Agreement) else entity.members
        for spell in spells:
            if spell.active_on(last):
                status = spell.status_on(last)
                expected[entity.id, spell.state] = (spell.role, status and status.status)
    assert replayed == expected


FIRST = settings(database=None, derandomize=True, max_examples=300, phases=[Phase.generate])


def test_histories_cover_every_kind_of_event() -> None:
    seen: set[EventKind] = set()

    @settings(database=None, derandomize=True, max_examples=200, phases=[Phase.generate])
    @given(histories())
    def record(history: History) -> None:
        seen.update(e.kind for e in history.events)

    record()
    assert seen == set(EventKind)


@pytest.mark.parametrize("kind", [EventKind.LEFT])
def test_histories_shrink_to_short_histories(kind: EventKind) -> None:
    history = find(histories(), lambda h: any(e.kind is kind for e in h.events), settings=SHRINK)
    # One grouping or agreement of two states: its start, two accessions, the
    # event itself and at most two more (the ends of what it closes).
    assert len(history) <= 6, history.events
    assert len(history.landscape.states) == 2


@settings(max_examples=150)
@given(invalid_documents(max_defects=4))
def test_loads_reports_exactly_the_expected_paths(case: tuple[str, frozenset[str]]) -> None:
    text, expected = case
    with pytest.raises(ValidationError) as raised:
        coalitions.loads(text)
    assert {p.path for p in raised.value.problems} == expected


@pytest.mark.parametrize("defect", DEFECTS)
def test_every_defect_is_placed_and_reported(defect: str) -> None:
    text, expected = find(
        invalid_documents(defects=[defect], max_defects=1),
        lambda case: "code that is not one" not in case[0],
        settings=FIRST,
    )
    with pytest.raises(ValidationError) as raised:
        coalitions.loads(text)
    assert {p.path for p in raised.value.problems} == expected != frozenset()


def test_object_defects_hide_reference_defects_until_fixed() -> None:
    text, expected = find(
        invalid_documents(defects=["bad_code", "unknown_domain"], min_defects=2),
        # both defects drawn: an object defect (a state's code) and a reference one
        lambda case: "missing-domain" in case[0] and any(p.startswith("$.states[") for p in case[1]),
        settings=FIRST,
    )
    assert all(path.startswith("$.states[") for path in expected)
    document = json.loads(text)
    for state in document["states"]:
        state["code"] = state["code"].upper()
    with pytest.raises(ValidationError) as raised:
        coalitions.loads(json.dumps(document))
    assert all(".domains[" in p.path for p in raised.value.problems)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: invalid_documents(defects=["nope"]), "takes names from DEFECTS"),
        (lambda: invalid_documents(defects="bad_date"), "expects a list"),
        (lambda: invalid_documents(min_defects=3, max_defects=2), "greater than"),
        (lambda: events(worlds=[]), "expects a strategy of Landscape"),
        (lambda: histories(worlds=3), "expects a strategy of Landscape"),
    ],
)
def test_new_strategies_check_their_arguments(call: Any, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        call()
