"""JSON in and out: lossless round trips, precise errors, atomic writes."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalitions
from coalitions import (
    Alliance,
    CoalitionsError,
    Domain,
    Landscape,
    Membership,
    Obligation,
    Precision,
    Role,
    State,
    ValidationError,
)
from coalitions import serialization as ser
from local_strategies import landscapes

D = dt.date


def small_world() -> Landscape:
    day = D(1949, 8, 24)
    return Landscape(
        states=[
            State(code="USA", name="United States", cow_code=2),
            State(code="GBR", name="United Kingdom"),
        ],
        domains=[Domain(key="collective-defence", name="Collective defence")],
        alliances=[
            Alliance(
                id="NATO",
                name="North Atlantic Treaty Organization",
                founded=day,
                members=[
                    Membership(state="USA", since=day),
                    Membership(state="GBR", since=D(1950, 1, 1), since_precision=Precision.YEAR),
                ],
                obligations=[Obligation.DEFENSE, Obligation.CONSULTATION],
                domains=["collective-defence"],
                sources=["https://www.nato.int/cps/en/natohq/official_texts_17120.htm"],
            )
        ],
    )


def problems_of(text: str, cls: type = Landscape) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        coalitions.loads(text, cls=cls)
    return {p.path: p.message for p in exc.value.problems}


# --- round trips


@given(landscapes())
def test_round_trip_is_lossless(world: Landscape) -> None:
    text = coalitions.dumps(world)
    assert coalitions.loads(text) == world
    assert coalitions.dumps(coalitions.loads(text)) == text  # output is canonical


@given(landscapes())
def test_every_nested_object_round_trips_on_its_own(world: Landscape) -> None:
    for obj in [
        *world.states,
        *world.domains,
        *world.agreements,
        *world.alliances,
        *world.minilaterals,
    ]:
        assert coalitions.loads(coalitions.dumps(obj), cls=type(obj)) == obj
        for spell in getattr(obj, "members", getattr(obj, "parties", ())):
            assert coalitions.loads(coalitions.dumps(spell), cls=Membership) == spell


def test_format_of_a_small_landscape() -> None:
    data = json.loads(coalitions.dumps(small_world()))
    assert set(data) == {"states", "domains", "alliances"}  # empty collections left out
    nato = data["alliances"][0]
    assert nato["founded"] == "1949-08-24"
    assert nato["obligations"] == ["consultation", "defense"]  # sets sorted
    assert nato["members"][1] == {"state": "GBR", "since": "1950-01-01", "since_precision": "year"}
    assert "until" not in nato["members"][0]  # defaults left out


def test_member_with_explicitly_no_obligations_keeps_them() -> None:
    m = Membership(state="BEL", since=D(1839, 4, 19), obligations=[])
    assert json.loads(coalitions.dumps(m))["obligations"] == []
    assert coalitions.loads(coalitions.dumps(m), cls=Membership).obligations == frozenset()
    inherited = Membership(state="BEL", since=D(1839, 4, 19))
    assert coalitions.loads(coalitions.dumps(inherited), cls=Membership).obligations is None


def test_indent_and_non_ascii() -> None:
    state = State(code="TUR", name="Türkiye")
    text = coalitions.dumps(state, indent=2)
    assert "Türkiye" in text
    assert text.startswith("{\n  ")
    assert coalitions.loads(text, cls=State) == state


def test_loads_accepts_bytes() -> None:
    text = coalitions.dumps(small_world())
    assert coalitions.loads(text.encode()) == small_world()


# --- errors on input


def test_unknown_keys_refused_with_their_path() -> None:
    data = json.loads(coalitions.dumps(small_world()))
    data["alliances"][0]["members"][1]["joined"] = "1949"
    data["colour"] = "blue"
    assert problems_of(json.dumps(data)) == {
        "$.colour": "unknown key",
        "$.alliances[0].members[1].joined": "unknown key",
    }


def test_type_errors_named_with_paths() -> None:
    data = json.loads(coalitions.dumps(small_world()))
    data["states"][0]["cow_code"] = "2"
    data["states"][1]["name"] = 7
    data["alliances"][0]["members"][0]["since"] = "24/08/1949"
    data["alliances"][0]["members"][0]["role"] = "ally"
    data["alliances"][0]["obligations"] = "defense"
    found = problems_of(json.dumps(data))
    assert found == {
        "$.states[0].cow_code": "expected an integer, got string '2'",
        "$.states[1].name": "expected a string, got number 7",
        "$.alliances[0].members[0].since": "expected a date as 'YYYY-MM-DD', got string '24/08/1949'",
        "$.alliances[0].members[0].role": "expected one of 'member', 'partner', 'observer', got string 'ally'",
        "$.alliances[0].obligations": "expected an array, got string 'defense'",
    }


def test_model_rules_reported_under_json_paths() -> None:
    data = json.loads(coalitions.dumps(small_world()))
    data["alliances"][0]["members"][0]["until"] = "1940-01-01"
    assert problems_of(json.dumps(data)) == {
        "$.alliances[0].members[0].until": "must be after since (1949-08-24)"
    }


def test_cross_object_rules_reported_with_entity_paths() -> None:
    data = json.loads(coalitions.dumps(small_world()))
    data["alliances"][0]["members"][0]["state"] = "FRA"
    assert problems_of(json.dumps(data)) == {
        "$.alliances[NATO].members[0].state": "unknown state 'FRA'"
    }


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ("", "$", "not valid JSON"),
        ("{", "$", "not valid JSON"),
        ("[]", "$", "expected an object, got array []"),
        ("null", "$", "expected an object, got null None"),
        ('{"states": {}}', "$.states", "expected an array, got object {}"),
        ('{"states": [{"code": "USA"}]}', "$.states[0].name", "required key missing"),
        ('{"states": [null]}', "$.states[0]", "expected an object, got null None"),
        (
            '{"states": [{"code": "USA", "name": "US", "cow_code": true}]}',
            "$.states[0].cow_code",
            "expected an integer",
        ),
        (
            '{"states": [{"code": "USA", "name": "US", "cow_code": 2.0}]}',
            "$.states[0].cow_code",
            "expected an integer",
        ),
    ],
)
def test_malformed_documents(text: str, path: str, message: str) -> None:
    found = problems_of(text)
    assert path in found
    assert found[path].startswith(message)


def test_impossible_dates() -> None:
    found = problems_of('{"state": "USA", "since": "2023-02-29"}', Membership)
    assert found == {"$.since": "'2023-02-29' is not a calendar date"}


def test_model_classes_only() -> None:
    with pytest.raises(TypeError):
        coalitions.loads("{}", cls=dict)
    with pytest.raises(TypeError):
        coalitions.dumps({"not": "a model object"})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values, st.sampled_from(ser.MODEL_CLASSES))
def test_arbitrary_json_loads_or_raises_coalitions_error(value: Any, cls: type) -> None:
    with contextlib.suppress(CoalitionsError):
        coalitions.loads(json.dumps(value), cls=cls)


@given(landscapes(), st.data())
def test_corrupted_documents_raise_validation_errors(world: Landscape, data: st.DataObject) -> None:
    document = json.loads(coalitions.dumps(world))
    # Replace one leaf anywhere in the document with a value of another type.
    leaves: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            if isinstance(child, (dict, list)):
                walk(child)
            else:
                leaves.append((node, key))

    walk(document)
    if not leaves:
        return
    parent, key = data.draw(st.sampled_from(leaves))
    # null is a valid spelling of an optional default, so only always-wrong values are used.
    parent[key] = data.draw(st.sampled_from([3.5, {"x": 1}, [1, 2]]))
    with pytest.raises(ValidationError):
        coalitions.loads(json.dumps(document))


# --- files


def test_dump_and_load_a_file(tmp_path: Path) -> None:
    path = tmp_path / "world.json"
    coalitions.dump(small_world(), path)
    assert coalitions.load(path) == small_world()
    assert path.read_text(encoding="utf-8").endswith("\n")
    assert [p.name for p in tmp_path.iterdir()] == ["world.json"]  # no temporary files left


def test_dump_is_atomic_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "world.json"
    coalitions.dump(small_world(), path)
    before = path.read_bytes()

    def crash(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        coalitions.dump(Landscape(), path)
    assert path.read_bytes() == before  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["world.json"]


def test_dump_refuses_non_model_objects_without_touching_the_file(tmp_path: Path) -> None:
    path = tmp_path / "world.json"
    path.write_text("keep me")
    with pytest.raises(TypeError):
        coalitions.dump(object(), path)
    assert path.read_text() == "keep me"


def test_load_missing_file_raises_coalitions_error(tmp_path: Path) -> None:
    with pytest.raises(CoalitionsError, match="cannot read"):
        coalitions.load(tmp_path / "absent.json")


def test_load_bad_file_names_the_file_in_every_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"states": [{"code": "usa", "name": "US"}, 5]}')
    with pytest.raises(ValidationError) as exc:
        coalitions.load(path)
    assert [p.path for p in exc.value.problems] == [
        f"{path}: $.states[0].code",
        f"{path}: $.states[1]",
    ]


def test_role_round_trip() -> None:
    m = Membership(state="JPN", since=D(2014, 5, 6), role=Role.PARTNER)
    assert json.loads(coalitions.dumps(m))["role"] == "partner"
    assert coalitions.loads(coalitions.dumps(m), cls=Membership) == m


def test_unknown_key_does_not_hide_other_problems_in_the_same_object() -> None:
    found = problems_of('{"states": [{"code": "usa", "name": "", "capital": "DC"}], "x": 1}')
    assert found == {
        "$.x": "unknown key",
        "$.states[0].capital": "unknown key",
        "$.states[0].code": "'usa' is not a state code (three upper-case letters, like 'USA')",
        "$.states[0].name": "must not be empty",
    }
