"""JSON in and out: lossless round trips, precise errors, atomic writes."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import os
import random
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import coalitions
from coalitions import (
    Agreement,
    Alliance,
    CoalitionsError,
    Commitment,
    Domain,
    ExternalIds,
    ForceStatus,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Precision,
    Role,
    State,
    Status,
    StatusSpell,
    ValidationError,
)
from coalitions import serialization as ser
from coalitions._checks import Rejected
from coalitions.strategies import landscapes

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
            '{"states": [{"code": "USA", "name": "US", "cow_code": 2.5}]}',
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
    with pytest.raises(CoalitionsError, match="disk full"):
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


# --- the fast paths: orjson, generated readers and writers, trusted constructors

# Values that each break some rule or other when put in the wrong (or right) place.
_SAMPLES: list[Any] = [
    None, True, 0, 1, 999, 1000, 2.0, "", " ", "\x1c", "x", "USA", "usa", "GBR", "AAAA",
    "1950-01-01", "1950-02-01", "1950-01-15", "1949-12-31", "2030-01-01", "1800-01-01",
    "1950-02-30", "19500101", "day", "month", "year", "member", "partner", "observer",
    "MEMBER", "defense", "consultation", "treaty", "dialogue", "cyber", "a" * 65, "A" * 64,
    "ID 1", "ID-1\n", [], ["defense"], ["defense", "defense"], ["cyber", "cyber"], ["x"],
    {}, {"x": 1}, [1],
]  # fmt: skip
_KEYS = [
    "state", "since", "until", "role", "obligations", "since_precision", "until_precision",
    "id", "name", "founded", "members", "dissolved", "domains", "agreements", "sources",
    "parties", "signed", "in_force", "ended", "code", "cow_code", "region", "key", "parent",
    "mission", "formality", "kind", "joined",
]  # fmt: skip


def _spots(node: Any, found: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a JSON document."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, child in items:
        found.append((node, key))
        if isinstance(child, (dict, list)):
            _spots(child, found)
    return found


@given(landscapes(), st.data())
def test_fast_readers_take_nothing_the_detailed_checks_refuse(
    world: Landscape, data: st.DataObject
) -> None:
    # Whatever the fast path builds, the detailed path builds equal; what it
    # refuses, loads reports through the detailed path (the tests above).
    document = json.loads(coalitions.dumps(world))
    pieces: list[tuple[type, Any]] = [(Landscape, document)]
    for key, cls in [("alliances", Alliance), ("agreements", Agreement), ("states", State)]:
        pieces += [(cls, item) for item in document.get(key, [])]
    pieces += [(Membership, m) for a in document.get("alliances", []) for m in a["members"]]
    cls, piece = data.draw(st.sampled_from(pieces))
    for _ in range(data.draw(st.integers(1, 3))):
        spots = _spots(piece, [])
        if not spots:
            break
        parent, key = data.draw(st.sampled_from(spots))
        action = data.draw(st.sampled_from(["replace", "copy", "delete", "add", "repeat"]))
        sample = json.loads(json.dumps(data.draw(st.sampled_from(_SAMPLES))))  # a fresh copy
        if action == "replace":
            parent[key] = sample
        elif action == "copy":
            other, other_key = data.draw(st.sampled_from(spots))
            parent[key] = json.loads(json.dumps(other[other_key]))
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.sampled_from(_KEYS))] = sample
        elif isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[key])))
    try:
        fast = ser._READERS[cls](piece, {})
    except Exception:
        event("the fast reader refuses it")
        return
    event("the fast reader takes it")
    assert ser._structure_in_detail(piece, cls) == fast


@given(landscapes())
def test_fast_readers_take_every_valid_document(world: Landscape) -> None:
    assert ser._READERS[Landscape](json.loads(coalitions.dumps(world)), {}) == world


_MODEL = [State, Domain, Commitment, StatusSpell, Membership, Agreement, Alliance, Minilateral]
_DAYS = [D(1950, 1, 1), D(1950, 2, 1), D(1950, 1, 15), D(1949, 12, 31), D(1960, 1, 1)]
_SPELLS = [
    Membership(state=code, since=since, until=until, role=role, since_precision=precision)
    for code in ("USA", "GBR", "FRA", "DEU")
    for since, until in [
        (D(1950, 1, 1), None),
        (D(1950, 1, 1), D(1960, 1, 1)),
        (D(1955, 1, 1), None),
    ]
    for role in (Role.MEMBER, Role.MEMBER, Role.PARTNER)
    for precision in (Precision.DAY, Precision.YEAR)
] + [
    # Spells naming other states: valid only where those states hold spells too.
    Membership(state="USA", since=D(1950, 1, 1), toward=[Commitment(toward="GBR")]),
    Membership(
        state="FRA",
        since=D(1950, 1, 1),
        statuses=[StatusSpell(status=Status.SUSPENDED, since=D(1952, 1, 1), toward=["DEU"])],
    ),
    Membership(
        state="GBR",
        since=D(1950, 1, 1),
        statuses=[StatusSpell(status=Status.FROZEN, since=D(1952, 1, 1))],
    ),
    # Obligations of its own: refused in a non-binding declaration.
    Membership(state="DEU", since=D(1950, 1, 1), obligations=[Obligation.CONSULTATION]),
    Membership(
        state="FRA",
        since=D(1950, 1, 1),
        toward=[Commitment(toward="USA", obligations=[Obligation.DEFENSE])],
    ),
]
_STATUS = StatusSpell(status=Status.SUSPENDED, since=D(1950, 6, 1), until=D(1951, 1, 1))


def _state(spell: Membership) -> str:
    return spell.state


# For each kind of field: good values, values of the right type that break a
# rule (alone or with another field), and values of a wrong type.
_FIELD_VALUES: dict[str, tuple[list[Any], list[Any], list[Any]]] = {
    "date": ([D(1950, 1, 1)], _DAYS, [dt.datetime(1950, 1, 1), "1950-01-01"]),
    "optional date": ([None], _DAYS, [dt.datetime(1960, 1, 1)]),
    "precision": ([Precision.DAY], list(Precision), ["day"]),
    "text": (["Name"], ["", " ", "\x1c"], [5, None]),
    "optional text": ([None, "Region"], [""], [5]),
    "code": (["USA", "GBR"], ["usa", "US"], [5]),
    "id": (["NATO", "A" * 64], ["A" * 65, "NA TO", ""], [1]),
    "key": (["cyber", "space"], ["Cyber", "a" * 65], [3]),
    "optional key": ([None, "cyber", "space"], ["Cyber"], [3]),
    "keys": ([frozenset(), frozenset({"cyber"})], [frozenset({"Cyber"})], [("cyber",), {3}]),
    "ids": ([frozenset(), frozenset({"NATO"})], [frozenset({"NA TO"})], [["NATO"], {1}]),
    "texts": ([(), ("a",)], [(" ",)], [["a"], (5,)]),
    "obligations": (
        [frozenset({Obligation.DEFENSE}), frozenset(Obligation)],
        [frozenset()],
        [frozenset({"defense"}), [Obligation.DEFENSE]],
    ),
    "optional obligations": ([None, frozenset(), frozenset(Obligation)], [], [["x"], {"x"}]),
    "spells": ([], [], [["x"], [_SPELLS[0]], ("x",)]),  # drawn by _spells
    "cow code": ([None, 1, 999], [0, 1000], [True, 2.0]),
    "role": ([Role.MEMBER], list(Role), ["member"]),
    "kind": (list(coalitions.AgreementKind), [], ["treaty"]),
    "formality": (list(coalitions.Formality), [], ["dialogue"]),
    "commitments": (
        [
            (),
            (Commitment(toward="GBR"),),
            (Commitment(toward="FRA", obligations=[Obligation.DEFENSE]),),
        ],
        [(Commitment(toward="USA"),), (Commitment(toward="FRA"), Commitment(toward="FRA"))],
        [["x"], ("x",), [Commitment(toward="GBR")]],
    ),
    "statuses": (
        [(), (_STATUS,), (StatusSpell(status=Status.FROZEN, since=D(1955, 1, 1)),)],
        [
            (StatusSpell(status=Status.FROZEN, since=D(1940, 1, 1)),),
            (_STATUS, StatusSpell(status=Status.FROZEN, since=D(1950, 12, 1))),
            (_STATUS, attrs.evolve(_STATUS, toward=["GBR"])),
            (StatusSpell(status=Status.FROZEN, since=D(1955, 1, 1), toward=["USA"]),),
        ],
        [["x"], ("x",), [_STATUS]],
    ),
    "force status": ([None, *ForceStatus], [], ["pending", 1]),
    "flag": ([True, False], [], [1, None, "true"]),
    "commitment obligations": (
        [frozenset(), frozenset({Obligation.DEFENSE})],
        [],
        [frozenset({"defense"}), [Obligation.DEFENSE]],
    ),
    "status": (list(Status), [], ["frozen"]),
    "external ids": (
        [ExternalIds(), ExternalIds(atop="3180"), ExternalIds(atop="3180", cow="1")],
        [ExternalIds(ATOP="1"), ExternalIds(atop=" "), ExternalIds(atop="1" * 65)],
        [{"atop": "3180"}, None, ExternalIds(atop=3180)],  # type: ignore[arg-type]
    ),
    "optional codes": (
        [None, frozenset({"GBR"}), frozenset({"GBR", "FRA"})],
        [frozenset(), frozenset({"gbr"})],
        [["GBR"], frozenset({5})],
    ),
}


def _draw_field(rnd: random.Random, kind: str, wrong_type: bool) -> Any:
    good, breaking, wrong = _FIELD_VALUES[kind]
    if wrong_type:
        return rnd.choice(wrong)
    if kind == "spells":  # mostly distinct states, which cannot overlap
        spells = rnd.sample(_SPELLS, rnd.choice([0, 1, 2, 3, 4, 5, 6, 6, 6, 6]))
        if rnd.random() < 0.8:
            spells = list({spell.state: spell for spell in spells}.values())
        return tuple(spells)
    return rnd.choice(breaking if breaking and rnd.random() < 0.1 else good)


_FIELDS: dict[type, dict[str, str]] = {
    State: {"code": "code", "name": "text", "cow_code": "cow code", "region": "optional text"},
    Domain: {"key": "key", "name": "text", "parent": "optional key"},
    Commitment: {"toward": "code", "obligations": "commitment obligations"},
    StatusSpell: {
        "status": "status", "since": "date", "until": "optional date", "toward": "optional codes",
        "sources": "texts", "since_precision": "precision", "until_precision": "precision",
    },
    Membership: {
        "state": "code", "since": "date", "until": "optional date", "role": "role",
        "obligations": "optional obligations", "since_precision": "precision",
        "until_precision": "precision", "toward": "commitments", "statuses": "statuses",
    },
    Agreement: {
        "id": "id", "name": "text", "parties": "spells", "signed": "date", "kind": "kind",
        "in_force": "optional date", "ended": "optional date", "obligations": "obligations",
        "domains": "keys", "sources": "texts", "signed_precision": "precision",
        "in_force_precision": "precision", "ended_precision": "precision",
        "in_force_status": "force status", "external_ids": "external ids",
    },
    Alliance: {
        "id": "id", "name": "text", "founded": "date", "members": "spells",
        "dissolved": "optional date", "obligations": "obligations", "domains": "keys",
        "agreements": "ids", "sources": "texts", "founded_precision": "precision",
        "dissolved_precision": "precision", "roster_complete": "flag",
        "external_ids": "external ids",
    },
    Minilateral: {
        "id": "id", "name": "text", "founded": "date", "members": "spells", "mission": "text",
        "dissolved": "optional date", "formality": "formality", "domains": "keys",
        "sources": "texts", "founded_precision": "precision", "dissolved_precision": "precision",
        "roster_complete": "flag", "external_ids": "external ids",
    },
}  # fmt: skip


@settings(max_examples=600)
@given(st.sampled_from(_MODEL), st.data())
def test_quick_checks_pass_nothing_the_detailed_checks_refuse(
    cls: type, data: st.DataObject
) -> None:
    from coalitions import model

    fields = _FIELDS[cls]
    assert set(fields) == {f.name for f in attrs.fields(cls)}
    rnd = data.draw(st.randoms(use_true_random=True))
    wrong = set(rnd.sample(sorted(fields), rnd.choice([0, 0, 0, 1, 2])))
    values = {name: _draw_field(rnd, kind, name in wrong) for name, kind in fields.items()}
    obj = object.__new__(cls)  # unchecked: only the checks below look at it
    for name, value in values.items():
        object.__setattr__(obj, name, value)
    prefix = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()  # StatusSpell: status_spell
    types_ok = getattr(model, f"_{prefix}_types_ok")(obj)
    if types_ok and getattr(model, f"_{prefix}_holds")(obj):
        event(f"{cls.__name__} passes the quick checks")
        assert obj._problems() == []
        assert ser._TRUSTED[cls](*values.values()) == cls(**values)
    elif types_ok:
        with pytest.raises(Rejected):  # the loader's constructor refuses it too
            ser._TRUSTED[cls](*values.values())


def test_trusted_constructors_refuse_broken_rules() -> None:
    day, build = D(2000, 1, 1), ser._TRUSTED
    spell = build[Membership](
        "USA", day, None, Role.MEMBER, None, Precision.DAY, Precision.DAY, (), ()
    )
    assert spell == Membership(state="USA", since=day)
    with pytest.raises(Rejected):  # until not after since
        build[Membership]("USA", day, day, Role.MEMBER, None, Precision.DAY, Precision.DAY, (), ())
    with pytest.raises(Rejected):  # not the first of its month
        build[Membership](
            "USA", D(2000, 1, 2), None, Role.MEMBER, None, Precision.MONTH, Precision.DAY, (), ()
        )
    with pytest.raises(Rejected):  # a commitment toward itself
        build[Membership](
            "USA", day, None, Role.MEMBER, None, Precision.DAY, Precision.DAY,
            (Commitment(toward="USA"),), (),
        )  # fmt: skip
    with pytest.raises(Rejected):  # overlapping spells of one state
        build[Alliance](
            "A", "A", day, (spell, spell, attrs.evolve(spell, state="GBR")), None,
            frozenset({Obligation.DEFENSE}), frozenset(), frozenset(), (), Precision.DAY, Precision.DAY,
            True, ExternalIds(),
        )  # fmt: skip
    with pytest.raises(Rejected):  # blank name
        build[State]("USA", " ", None, None)


def test_sets_read_fast_iterate_as_sets_built_from_the_list() -> None:
    # Reading a set from a table of every order gives the same set, built the same way.
    for size in range(len(Obligation) + 1):
        for order in itertools.permutations(Obligation, size):
            text = json.dumps(
                {"state": "USA", "since": "2000-01-01", "obligations": [o.value for o in order]}
            )
            assert list(coalitions.loads(text, cls=Membership).obligations or ()) == list(
                frozenset(order)
            )


@given(landscapes())
def test_dumps_writes_what_the_standard_json_module_writes(world: Landscape) -> None:
    for obj in [world, *world.states, *world.agreements, *world.alliances, *world.minilaterals]:
        data = ser.unstructure(obj)
        assert coalitions.dumps(obj) == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        assert coalitions.dumps(obj, indent=2) == json.dumps(data, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("chunk", [1, 2, 3, 32])
def test_dumps_writes_long_lists_in_chunks_to_the_same_text(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = D(1950, 1, 1)
    codes = ["USA", "GBR", "FRA"]
    world = Landscape(
        states=[State(code=code, name=code) for code in codes],
        alliances=[
            Alliance(
                id=f"A{i}",
                name=f"Alliance {i}",
                founded=day,
                members=[Membership(state=code, since=day) for code in codes[: 2 + i % 2]],
                obligations=[Obligation.DEFENSE],
            )
            for i in range(70)
        ],
    )
    monkeypatch.setattr(ser, "_CHUNK", chunk)
    expected = json.dumps(ser.unstructure(world), ensure_ascii=False, separators=(",", ":"))
    assert coalitions.dumps(world) == expected


@pytest.mark.parametrize("indent", [None, 2, 0, 1, 4, "\t"])
def test_dumps_escapes_and_indents_as_before(indent: Any) -> None:
    text = (
        "".join(map(chr, range(1, 0x20))) + '"\\/\x7f\x80\u2028\u2029\ufeff\u00e9\u20ac\U0001f600'
    )
    world = Landscape(
        states=[State(code="USA", name="N" + text, region=text), State(code="GBR", name="\x00G")],
        domains=[Domain(key="cyber", name="Cyber")],
    )
    data = ser.unstructure(world)
    separators = (",", ":") if indent is None else None
    expected = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    assert coalitions.dumps(world, indent=indent) == expected
    assert coalitions.loads(expected) == world


def test_text_with_lone_surrogates_is_refused_on_both_paths() -> None:
    # orjson refuses such text; the standard json module reads it, and the model
    # refuses it there, with its path: text that could not be written is not taken.
    with pytest.raises(ValidationError, match="surrogate"):
        State(code="USA", name="\ud800")
    for text in ('{"code": "USA", "name": "\\udc00"}', '{"code": "USA", "name": "a\\ud800b"}'):
        assert problems_of(text, State).keys() == {"$.name"}


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        (  # orjson would read the number as a float
            '{"code": "USA", "name": "US", "cow_code": 123456789012345678901234567890}',
            "$.cow_code",
            "expected a COW state number from 1 to 999, got 123456789012345678901234567890",
        ),
        ('{"code": "USA", "name": "US", "cow_code": NaN}', "$.cow_code", "expected an integer, got number nan"),
        ('{"code": "USA", "name": "US", "cow_code": 1e400}', "$.cow_code", "expected an integer, got number inf"),
        ("{", "$", "not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    ],
)  # fmt: skip
def test_what_orjson_reads_otherwise_is_reported_as_before(
    text: str, path: str, message: str
) -> None:
    found = problems_of(text, State)
    assert found == {path: message}


def test_loads_reads_as_the_standard_json_module_would() -> None:
    assert coalitions.loads(b'\xef\xbb\xbf{"code": "USA", "name": "US"}', cls=State).code == "USA"
    assert coalitions.loads(bytearray(b'{"code": "USA", "name": "US"}'), cls=State).code == "USA"
    with pytest.raises(ValidationError, match="must be str, bytes or bytearray, not memoryview"):
        coalitions.loads(memoryview(b"{}"))  # type: ignore[arg-type]


def test_dump_keeps_the_targets_permissions(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.json"
    coalitions.dump(Landscape(), fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    shared = tmp_path / "shared.json"
    shared.write_text("{}")
    shared.chmod(0o640)
    coalitions.dump(Landscape(), shared)
    assert shared.stat().st_mode & 0o777 == 0o640
