"""Cross-object invariants: what only the Landscape can check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given

from coalitions import (
    Agreement,
    Alliance,
    Domain,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    State,
    ValidationError,
)
from coalitions.strategies import landscapes

D = dt.date
DAY = D(2000, 1, 1)
STATES = [State(code=c, name=c.title()) for c in ("AAA", "BBB", "CCC", "DDD")]


def spell(code: str) -> Membership:
    return Membership(state=code, since=DAY)


def alliance(id: str = "ALL", codes: tuple[str, ...] = ("AAA", "BBB"), **kw: Any) -> Alliance:
    return Alliance(
        id=id,
        name=id,
        founded=DAY,
        members=[spell(c) for c in codes],
        obligations=[Obligation.DEFENSE],
        **kw,
    )


def agreement(id: str = "AGR", codes: tuple[str, ...] = ("AAA", "BBB"), **kw: Any) -> Agreement:
    return Agreement(id=id, name=id, signed=DAY, parties=[spell(c) for c in codes], **kw)


def minilateral(
    id: str = "MINI", codes: tuple[str, ...] = ("AAA", "BBB", "CCC"), **kw: Any
) -> Minilateral:
    return Minilateral(
        id=id, name=id, founded=DAY, members=[spell(c) for c in codes], mission="m", **kw
    )


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {p.path: p.message for p in exc.value.problems}


def test_empty_landscape_is_valid_and_collections_default_empty() -> None:
    world = Landscape()
    assert (
        world.states
        == world.domains
        == world.agreements
        == world.alliances
        == world.minilaterals
        == ()
    )


def test_lists_are_frozen_into_tuples() -> None:
    world = Landscape(states=STATES, alliances=[alliance()])
    assert isinstance(world.states, tuple)
    assert isinstance(world.alliances, tuple)
    assert hash(world) == hash(Landscape(states=tuple(STATES), alliances=(alliance(),)))


def test_unknown_state_in_every_kind_of_entity() -> None:
    with pytest.raises(ValidationError) as exc:
        Landscape(
            states=STATES[:2],
            agreements=[agreement(codes=("AAA", "ZZZ"))],
            alliances=[alliance(codes=("ZZZ", "BBB"))],
            minilaterals=[minilateral(codes=("AAA", "BBB", "CCC"))],
        )
    assert problems(exc) == {
        "agreements[AGR].parties[1].state": "unknown state 'ZZZ'",
        "alliances[ALL].members[0].state": "unknown state 'ZZZ'",
        "minilaterals[MINI].members[2].state": "unknown state 'CCC'",
    }


def test_unknown_domain_references() -> None:
    with pytest.raises(ValidationError) as exc:
        Landscape(
            states=STATES,
            domains=[Domain(key="cyber", name="Cyber"), Domain(key="ai", name="AI", parent="tech")],
            alliances=[alliance(domains=["cyber", "space"])],
            agreements=[agreement(domains=["undersea"])],
            minilaterals=[minilateral(domains=["hypersonics"])],
        )
    assert problems(exc) == {
        "domains[ai].parent": "unknown domain 'tech'",
        "alliances[ALL].domains['space']": "unknown domain 'space'",
        "agreements[AGR].domains['undersea']": "unknown domain 'undersea'",
        "minilaterals[MINI].domains['hypersonics']": "unknown domain 'hypersonics'",
    }


def test_unknown_agreement_reference() -> None:
    with pytest.raises(ValidationError) as exc:
        Landscape(
            states=STATES,
            agreements=[agreement()],
            alliances=[alliance(agreements=["AGR", "NOPE"])],
        )
    assert problems(exc) == {"alliances[ALL].agreements['NOPE']": "unknown agreement 'NOPE'"}


def test_duplicate_state_codes_and_domain_keys() -> None:
    with pytest.raises(ValidationError) as exc:
        Landscape(
            states=[*STATES, State(code="AAA", name="Again")],
            domains=[Domain(key="cyber", name="Cyber"), Domain(key="cyber", name="Cyber 2")],
        )
    assert problems(exc) == {
        "states[4].code": "duplicate state code 'AAA' (also states[0])",
        "domains[1].key": "duplicate domain key 'cyber' (also domains[0])",
    }


def test_ids_unique_across_all_three_kinds() -> None:
    with pytest.raises(ValidationError) as exc:
        Landscape(
            states=STATES,
            agreements=[agreement(id="X")],
            alliances=[alliance(id="X"), alliance(id="Y")],
            minilaterals=[minilateral(id="Y")],
        )
    assert problems(exc) == {
        "alliances[0].id": "duplicate id 'X' (also agreements[0])",
        "minilaterals[0].id": "duplicate id 'Y' (also alliances[1])",
    }


@pytest.mark.parametrize(
    ("parents", "cycle_at"),
    [
        ({"a": "b", "b": "a"}, "domains[a].parent"),
        ({"a": "b", "b": "c", "c": "a", "d": "a"}, "domains[a].parent"),
        ({"x": None, "a": "b", "b": "c", "c": "b"}, "domains[b].parent"),
    ],
)
def test_domain_hierarchy_has_no_cycle(parents: dict[str, str | None], cycle_at: str) -> None:
    domains = [Domain(key=k, name=k, parent=p) for k, p in parents.items()]
    with pytest.raises(ValidationError) as exc:
        Landscape(domains=domains)
    found = problems(exc)
    assert list(found) == [cycle_at]
    assert "cycle" in found[cycle_at]


def test_deep_acyclic_hierarchy_is_fine() -> None:
    domains = [Domain(key="d0", name="root")]
    domains += [Domain(key=f"d{i}", name=f"d{i}", parent=f"d{i - 1}") for i in range(1, 500)]
    assert len(Landscape(domains=domains).domains) == 500


def test_all_problems_collected_before_raising() -> None:
    with pytest.raises(ValidationError) as exc:
        Landscape(
            states=[*STATES, STATES[0]],
            domains=[Domain(key="a", name="a", parent="b"), Domain(key="b", name="b", parent="a")],
            alliances=[alliance(codes=("AAA", "QQQ"), domains=["zzz"])],
            agreements=[agreement(id="ALL")],
        )
    assert len(exc.value.problems) == 5
    assert str(exc.value).startswith("5 problems:")


def test_wrong_item_types_reported_with_paths() -> None:
    with pytest.raises(ValidationError) as exc:
        Landscape(states=[STATES[0], "BBB"], alliances=[agreement()])  # type: ignore[list-item]
    assert problems(exc) == {
        "states[1]": "expected a State, got str",
        "alliances[0]": "expected a Alliance, got Agreement",
    }
    with pytest.raises(ValidationError) as exc:
        Landscape(states="AAA")  # type: ignore[arg-type]
    assert "states" in problems(exc)


def test_repr_counts() -> None:
    world = Landscape(states=STATES, alliances=[alliance()])
    assert (
        repr(world) == "<Landscape: 4 states, 0 domains, 0 agreements, 1 alliance, 0 minilaterals>"
    )


@given(landscapes())
def test_generated_landscapes_are_valid_and_rebuild_equal(world: Landscape) -> None:
    rebuilt = Landscape(
        states=list(world.states),
        domains=list(world.domains),
        agreements=list(world.agreements),
        alliances=list(world.alliances),
        minilaterals=list(world.minilaterals),
    )
    assert rebuilt == world
    assert hash(rebuilt) == hash(world)


def test_as_of_is_optional_checked_and_round_trips() -> None:
    import coalitions

    world = Landscape(states=STATES, as_of=D(2025, 11, 30))
    assert repr(world).endswith(", as of 2025-11-30>")
    assert coalitions.loads(coalitions.dumps(world)) == world
    assert '"as_of":"2025-11-30"' in coalitions.dumps(world)
    assert world != Landscape(states=STATES)
    assert world.at(D(2000, 1, 1)).as_of == D(2025, 11, 30)
    with pytest.raises(ValidationError) as exc:
        Landscape(as_of="2025-11-30")  # type: ignore[arg-type]
    assert problems(exc) == {"as_of": "expected a datetime.date, got str '2025-11-30'"}
