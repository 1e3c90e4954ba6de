"""coalitions.testing: the state machine runs clean, reaches every kind of change,
and its invariants catch a broken promise."""

from __future__ import annotations

import subprocess
import sys

import attrs
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import invariant, rule, run_state_machine_as_test

from coalitions import EventKind, Role, State, ValidationError
from coalitions.testing import LandscapeMachine, replay

QUICK = settings(max_examples=15, stateful_step_count=25, deadline=None)


class CheckedLandscapeMachine(LandscapeMachine):
    """The library's own use: every built-in invariant, plus one of ours."""

    @invariant()
    def today_is_never_before_an_event(self) -> None:
        events = self.landscape.events()
        assert not events or events[-1].date <= self.today


TestLandscapeMachine = CheckedLandscapeMachine.TestCase
TestLandscapeMachine.settings = QUICK


def first_failure(machine: type[LandscapeMachine]) -> None:
    run_state_machine_as_test(
        machine,
        settings=settings(
            database=None,
            derandomize=True,
            phases=[Phase.generate],
            max_examples=100,
            suppress_health_check=[HealthCheck.too_slow],
            deadline=None,
        ),
    )


@pytest.mark.parametrize("kind", list(EventKind), ids=[k.value for k in EventKind])
def test_the_rules_reach_every_kind_of_change(kind: EventKind) -> None:
    steps: list[int] = []

    class NeverHappens(LandscapeMachine):
        @invariant()
        def no_such_event(self) -> None:
            steps.append(1)
            assert not any(e.kind is kind for e in self.landscape.events()), kind.value

    with pytest.raises(AssertionError, match=kind.value):
        first_failure(NeverHappens)
    # "Quickly": within a thousand invariant checks (measured: 4 to about 600).
    assert len(steps) < 1000


def test_a_false_invariant_about_leaving_fails() -> None:
    class NoMemberEverLeaves(LandscapeMachine):
        @invariant()
        def no_one_left(self) -> None:
            for entity in self.entities():
                spells = entity.parties if hasattr(entity, "parties") else entity.members
                assert all(s.until is None for s in spells if s.role is Role.MEMBER)

    with pytest.raises(AssertionError):
        first_failure(NoMemberEverLeaves)


class WithANewState(LandscapeMachine):
    """A subclass with a rule of its own: a state appears, and later rules use it."""

    @rule()
    def a_state_appears(self) -> None:
        code = "ZZ" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[len(self.landscape.states) % 26]
        if code not in {s.code for s in self.landscape.states}:
            state = State(code=code, name="A new state")
            self.landscape = attrs.evolve(self.landscape, states=[*self.landscape.states, state])


def test_subclasses_with_their_own_rules_run() -> None:
    run_state_machine_as_test(WithANewState, settings=QUICK)


class LosesAMember(LandscapeMachine):
    """A subclass whose own rule breaks a promise (a spell silently dropped, so the
    events no longer say the state left): the built-in invariants stay green, as the
    value is still valid, but a user's invariant on the history catches it."""

    @rule()
    def drop_a_closed_spell(self) -> None:
        for entity in self.entities():
            spells = entity.parties if hasattr(entity, "parties") else entity.members
            kept = [s for s in spells if s.until is None]
            if (
                len(kept) < len(spells)
                and len({s.state for s in kept if s.role is Role.MEMBER}) >= 3
            ):
                field = "parties" if hasattr(entity, "parties") else "members"
                try:  # a kept spell may name a dropped one (a commitment, a status)
                    smaller = attrs.evolve(entity, **{field: kept})
                except ValidationError:
                    continue
                self.replace(smaller)
                self.dropped = True
                return

    @invariant()
    def nothing_is_dropped(self) -> None:
        assert not getattr(self, "dropped", False)


def test_a_users_invariant_catches_a_users_broken_rule() -> None:
    with pytest.raises(AssertionError):
        first_failure(LosesAMember)


def test_replay_refuses_impossible_histories() -> None:
    import datetime as dt

    from coalitions import Event

    day = dt.date(2024, 3, 7)
    left = Event(date=day, kind=EventKind.LEFT, subject="NATO", state="SWE", role=Role.MEMBER)
    with pytest.raises(AssertionError, match="was not there"):
        replay([left])


def test_without_hypothesis_the_machine_names_the_extra() -> None:
    from test_strategies import BLOCK_HYPOTHESIS

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            BLOCK_HYPOTHESIS + "import coalitions\n"
            "try:\n"
            "    import coalitions.testing\n"
            "except ImportError as exc:\n"
            "    print(exc)\n"
            "else:\n"
            "    raise SystemExit('imported without Hypothesis')\n",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pip install coalitions[hypothesis]" in result.stdout
