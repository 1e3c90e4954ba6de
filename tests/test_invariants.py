"""The invariant suite: what every generated value satisfies, and what every
corruption of a valid document breaks, with the path of what was corrupted.

docs/invariants.md lists every invariant the library promises and the test
that checks it; the ones checked here are those about generated values as a
whole and about single-field corruptions of their JSON.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalitions
from coalitions import CoalitionsError, Landscape, ValidationError
from coalitions._validation import check_landscape
from coalitions.strategies import (
    agreements,
    alliances,
    domains,
    landscapes,
    memberships,
    minilaterals,
    states,
)

ONE_DAY = dt.timedelta(days=1)
ENTITY_KINDS = ("agreements", "alliances", "minilaterals")

STRATEGIES = {
    "states": states(),
    "domains": domains(),
    "memberships": memberships(),
    "agreements": agreements(),
    "alliances": alliances(),
    "minilaterals": minilaterals(),
    "landscapes": landscapes(),
}


# --- every generated value is valid, and survives JSON


@pytest.mark.parametrize("strategy", STRATEGIES.values(), ids=list(STRATEGIES))
@given(data=st.data())
def test_every_generated_value_round_trips_through_json(
    strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    value = data.draw(strategy)
    text = coalitions.dumps(value)
    again = coalitions.loads(text, cls=type(value))
    assert again == value
    assert coalitions.dumps(again) == text


@pytest.mark.parametrize("strategy", STRATEGIES.values(), ids=list(STRATEGIES))
@given(data=st.data())
def test_every_generated_value_passes_validation_again(
    strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    value = data.draw(strategy)
    assert attrs.evolve(value) == value  # evolve runs every check again
    if isinstance(value, Landscape):
        assert check_landscape(value) == []


# --- single-field corruptions of a valid document, each refused where it was made


def problem_paths(document: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        coalitions.loads(json.dumps(document))
    return {p.path: p.message for p in raised.value.problems}


def entities_in(document: dict[str, Any]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for kind in ENTITY_KINDS:
        for index, entity in enumerate(document.get(kind, [])):
            yield kind, index, entity


def spells_field(kind: str) -> str:
    return "parties" if kind == "agreements" else "members"


def day_before(text: str) -> str:
    return (dt.date.fromisoformat(text) - ONE_DAY).isoformat()


def dated_fields(document: dict[str, Any]) -> list[tuple[str, dict[str, Any], str, str]]:
    """Every date that must not come before another: (path, holder, key, what it follows)."""
    found = []
    for kind, index, entity in entities_in(document):
        where = f"$.{kind}[{index}]"
        start = entity["signed"] if kind == "agreements" else entity["founded"]
        for key in ("in_force", "ended", "dissolved"):
            if key in entity:
                found.append((f"{where}.{key}", entity, key, start))
        field = spells_field(kind)
        for number, spell in enumerate(entity[field]):
            found.append((f"{where}.{field}[{number}].since", spell, "since", start))
            if "until" in spell:
                found.append((f"{where}.{field}[{number}].until", spell, "until", spell["since"]))
    return found


@given(landscapes(start=dt.date(1900, 1, 1)), st.data())
def test_a_date_moved_before_its_start_is_refused_at_that_date(
    world: Landscape, data: st.DataObject
) -> None:
    document = json.loads(coalitions.dumps(world))
    candidates = dated_fields(document)
    if not candidates:
        return
    path, holder, key, start = data.draw(st.sampled_from(candidates))
    holder[key] = day_before(start)
    assert path in problem_paths(document)


@given(landscapes(), st.data())
def test_a_code_removed_from_the_states_is_refused_at_every_reference(
    world: Landscape, data: st.DataObject
) -> None:
    document = json.loads(coalitions.dumps(world))
    referring: dict[str, list[str]] = {}
    for kind, _, entity in entities_in(document):
        field = spells_field(kind)
        for number, spell in enumerate(entity[field]):
            where = f"$.{kind}[{entity['id']}].{field}[{number}].state"
            referring.setdefault(spell["state"], []).append(where)
    if not referring:
        return
    code = data.draw(st.sampled_from(sorted(referring)))
    document["states"] = [s for s in document["states"] if s["code"] != code]
    found = problem_paths(document)
    assert set(found) == set(referring[code])
    assert all(message == f"unknown state {code!r}" for message in found.values())


@given(landscapes(), st.data())
def test_a_duplicated_identifier_is_refused_at_the_copy(
    world: Landscape, data: st.DataObject
) -> None:
    document = json.loads(coalitions.dumps(world))
    # Every identifier's position, in the order the landscape checks them.
    slots: list[tuple[str, dict[str, Any], str]] = []
    for index, state in enumerate(document.get("states", [])):
        slots.append((f"$.states[{index}].code", state, "code"))
    domain_slots = [
        (f"$.domains[{index}].key", domain, "key")
        for index, domain in enumerate(document.get("domains", []))
    ]
    entity_slots = [(f"$.{k}[{i}].id", e, "id") for k, i, e in entities_in(document)]
    groups = [g for g in (slots, domain_slots, entity_slots) if len(g) >= 2]
    if not groups:
        return
    group = data.draw(st.sampled_from(groups))
    first = data.draw(st.integers(0, len(group) - 2))
    second = data.draw(st.integers(first + 1, len(group) - 1))
    path, holder, key = group[second]
    holder[key] = group[first][1][key]
    found = problem_paths(document)
    if holder.get("parent") == holder[key]:
        # A domain whose key now equals its parent's is refused on its own, first.
        assert found == {path.replace(".key", ".parent"): "a domain cannot be its own parent"}
        return
    assert path in found
    assert found[path].startswith("duplicate")


def leaves(node: Any, path: str = "$") -> Iterator[tuple[str, Any, Any]]:
    """(path, container, key) of every value that is not an object or an array."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, child in items:
        where = f"{path}.{key}" if isinstance(node, dict) else f"{path}[{key}]"
        if isinstance(child, (dict, list)):
            yield from leaves(child, where)
        else:
            yield where, node, key


@given(landscapes(), st.data())
def test_a_value_of_the_wrong_type_is_refused_at_that_field(
    world: Landscape, data: st.DataObject
) -> None:
    document = json.loads(coalitions.dumps(world))
    found_leaves = list(leaves(document))
    if not found_leaves:
        return
    path, container, key = data.draw(st.sampled_from(found_leaves))
    # Every leaf is a string, an integer or (roster_complete) a boolean; null is a
    # valid spelling of an optional default, so only values the field cannot take.
    wrong = (
        ["yes", 3.5, {"x": 1}, [1, 2]]
        if type(container[key]) is bool
        else [3.5, True, {"x": 1}, [1, 2]]
    )
    container[key] = data.draw(st.sampled_from(wrong))
    assert path in problem_paths(document)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


def nodes(node: Any) -> Iterator[tuple[Any, Any]]:
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, child in items:
        yield node, key
        if isinstance(child, (dict, list)):
            yield from nodes(child)


@given(landscapes(), st.data())
def test_any_json_spliced_into_a_valid_document_loads_or_raises_coalitions_error(
    world: Landscape, data: st.DataObject
) -> None:
    document = json.loads(coalitions.dumps(world))
    places = list(nodes(document))
    if places:
        container, key = data.draw(st.sampled_from(places))
        container[key] = data.draw(json_values)
    with contextlib.suppress(CoalitionsError):
        coalitions.loads(json.dumps(document))


# --- the list of invariants names only tests that exist


def test_every_test_named_in_the_invariants_document_exists() -> None:
    root = Path(__file__).parent.parent
    text = (root / "docs" / "invariants.md").read_text(encoding="utf-8")
    links = re.findall(r"`(tests/\w+\.py)::(\w+)`", text)
    assert len(links) > 50
    for file, name in links:
        source = (root / file).read_text(encoding="utf-8")
        assert re.search(rf"^def {name}\(", source, re.MULTILINE), f"{file}::{name} is not a test"
