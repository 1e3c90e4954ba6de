"""The defects a hostile test pass found, each pinned by a test that failed before its fix."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

import attrs
import jsonschema
import pytest

import coalitions
from coalitions import (
    CoalitionsError,
    Diff,
    Event,
    EventKind,
    Landscape,
    Membership,
    Problem,
    State,
    UnknownEntityError,
    ValidationError,
    json_schema,
    reference_landscape,
)
from coalitions import serialization as ser

D = dt.date


# --- 1. deep nesting


@pytest.mark.parametrize(
    "text", ["[" * 100_000, '{"states": ' + "[" * 3_000 + "]" * 3_000 + "}", "{" * 50_000]
)
def test_deeply_nested_input_is_a_validation_error(text: str) -> None:
    # Whether the parser gets through depends on the recursion limit in force;
    # either way the answer is a ValidationError, never a RecursionError.
    with pytest.raises(
        ValidationError, match=r"nested too deeply|not valid JSON|expected an object"
    ):
        coalitions.loads(text)


def test_validate_of_a_deep_file_reports_instead_of_crashing(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    result = subprocess.run(
        [sys.executable, "-m", "coalitions", "validate", str(deep)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "nested too deeply" in result.stderr


# --- 2. copies hash


@pytest.mark.parametrize(
    "make_copy",
    [lambda w: pickle.loads(pickle.dumps(w)), copy.copy, copy.deepcopy],
    ids=["pickle", "copy", "deepcopy"],
)
@pytest.mark.parametrize("world", [Landscape(), reference_landscape()], ids=["empty", "reference"])
def test_copies_hash_and_compare_equal(make_copy: object, world: Landscape) -> None:
    duplicate = make_copy(world)  # type: ignore[operator]
    assert duplicate == world
    assert hash(duplicate) == hash(world)
    if world.alliances:  # the copy answers queries, with an index of its own
        assert duplicate.members("NATO", at=D(2000, 1, 1)) == world.members(
            "NATO", at=D(2000, 1, 1)
        )


# --- 3 and 13: text that could not be written, invisible names, clipped messages


def test_lone_surrogates_are_refused_on_input_with_a_path() -> None:
    with pytest.raises(ValidationError) as caught:
        coalitions.loads('{"code":"USA","name":"\\ud800"}', State)
    assert [p.path for p in caught.value.problems] == ["$.name"]
    assert "surrogate" in caught.value.problems[0].message
    with pytest.raises(ValidationError, match="surrogate"):
        State(code="USA", name="United\ud800States")


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200d\u2060", "\ufeff", " \u200b "])
def test_names_of_invisible_characters_only_are_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="no visible character"):
        State(code="USA", name=name)
    assert State(code="USA", name=f"US{name}A").name == f"US{name}A"  # visible around them


def test_every_accepted_text_can_be_written(tmp_path: Path) -> None:
    # The reverse of the surrogate defect: what loads takes, dump writes.
    state = coalitions.loads(
        '{"code":"TUR","name":"T\\u00fcrkiye \\ud83c\\uddf9\\ud83c\\uddf7"}', State
    )
    coalitions.dump(state, tmp_path / "t.json")
    assert coalitions.load(tmp_path / "t.json", State) == state


def test_a_huge_value_is_clipped_in_messages() -> None:
    huge = "x" * 5_000_000
    with pytest.raises(ValidationError) as caught:
        State(code=huge, name="A")
    text = str(caught.value)
    assert len(text) < 2_000
    assert "more characters" in text
    with pytest.raises(UnknownEntityError) as missing:
        Landscape().state(huge)
    assert len(str(missing.value)) < 1_000


def test_a_byte_order_mark_is_skipped_in_text_as_in_bytes() -> None:
    text = '\ufeff{"code":"USA","name":"U"}'
    assert coalitions.loads(text, State) == coalitions.loads(text.encode("utf-8"), State)


def test_duplicate_keys_last_wins_as_documented() -> None:
    # Decided: as Python's json module, orjson and msgspec do (docs/json-format.md).
    world = coalitions.loads('{"as_of": "2020-01-01", "as_of": "2021-01-01"}')
    assert world.as_of == D(2021, 1, 1)


def test_load_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(CoalitionsError, match="not a regular file"):
        coalitions.load("/dev/zero")
    with pytest.raises(CoalitionsError, match="cannot read"):
        coalitions.load(tmp_path)


# --- 7, 8, 12: dump


def test_dump_takes_the_longest_file_names(tmp_path: Path) -> None:
    for length in (233, 250, 255):
        target = tmp_path / ("n" * (length - 5) + ".json")
        coalitions.dump(State(code="USA", name="U"), target)
        assert coalitions.load(target, State).code == "USA"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_dump_failures_are_coalitions_errors_naming_the_target(tmp_path: Path) -> None:
    state = State(code="USA", name="U")
    cases = {
        tmp_path / "missing" / "x.json": "No such file",
        tmp_path: "is a directory",
        str(tmp_path / "nul\0.json"): "cannot write",
    }
    for target, reason in cases.items():
        with pytest.raises(CoalitionsError, match=reason) as caught:
            coalitions.dump(state, target)
        assert str(os.fspath(target))[:20] in str(caught.value)
        assert ".tmp" not in str(caught.value)
    # Nothing written beside the directory given as a target.
    assert (
        sorted(p.name for p in tmp_path.parent.iterdir() if p.name.startswith(f".{tmp_path.name}"))
        == []
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_dump_into_a_read_only_folder(tmp_path: Path) -> None:  # pragma: no cover - CI runs as root
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(CoalitionsError, match="Permission denied"):
            coalitions.dump(State(code="USA", name="U"), tmp_path / "x.json")
    finally:
        tmp_path.chmod(0o700)


def test_dump_follows_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    link = tmp_path / "link.json"
    coalitions.dump(State(code="USA", name="U"), real)
    link.symlink_to(real)
    coalitions.dump(State(code="GBR", name="G"), link)
    assert link.is_symlink()
    assert coalitions.load(real, State).code == "GBR"


def test_dump_removes_what_a_killed_writer_left(tmp_path: Path) -> None:
    target = tmp_path / "world.json"
    script = (
        "import os, signal, coalitions\n"
        "from coalitions import serialization as ser\n"
        "def die(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "ser.os.replace = die\n"
        f"coalitions.dump(coalitions.Landscape(), {str(target)!r})\n"
    )
    result = subprocess.run([sys.executable, "-c", script], check=False)
    assert result.returncode == -signal.SIGKILL
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1  # the killed writer's temporary file
    coalitions.dump(Landscape(), target)
    assert [p.name for p in tmp_path.iterdir()] == ["world.json"]


def test_a_live_writers_temporary_file_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "world.json"
    mine = tmp_path / ser._temporary_name("world.json")  # this process is alive
    mine.write_text("{}")
    coalitions.dump(Landscape(), target)
    assert mine.exists()


def test_dump_syncs_the_folder_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(ser.os, "fsync", fsync)
    opened: list[str] = []
    real_open = os.open

    def record_open(path: object, flags: int, *args: object) -> int:
        opened.append(os.fspath(path))  # type: ignore[call-overload]
        return real_open(path, flags, *args)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(ser.os, "open", record_open)
    coalitions.dump(Landscape(), tmp_path / "world.json")
    assert str(tmp_path) in opened  # the folder itself was opened ...
    assert len(synced) == 2  # ... and synced, after the file


# --- 9: the schema agrees with loads


@pytest.mark.parametrize(
    ("document", "valid"),
    [
        ({"code": "USA", "name": "U", "cow_code": 2.0}, True),
        ({"code": "USA", "name": "U", "cow_code": 2.5}, False),
        ({"code": "USA\n", "name": "U"}, False),
        ({"code": "USA", "name": "\u200b"}, False),
    ],
)
def test_schema_and_loads_agree_on_states(document: dict[str, object], valid: bool) -> None:
    schema_ok = jsonschema.Draft202012Validator(json_schema(State)).is_valid(document)
    try:
        coalitions.loads(json.dumps(document), State)
    except ValidationError:
        loads_ok = False
    else:
        loads_ok = True
    assert schema_ok == loads_ok == valid


@pytest.mark.parametrize(
    ("day", "valid"),
    [
        ("2023-02-30", False),
        ("2023-02-29", False),
        ("1900-02-29", False),
        ("2000-02-29", True),
        ("2024-02-29", True),
        ("2023-04-31", False),
        ("2023-12-31", True),
        ("0000-01-01", False),
        ("2023-12-31\n", False),
    ],
)
def test_schema_refuses_impossible_dates_without_a_format_checker(day: str, valid: bool) -> None:
    document = {"state": "USA", "since": day}
    schema_ok = jsonschema.Draft202012Validator(json_schema(Membership)).is_valid(document)
    try:
        coalitions.loads(json.dumps(document), Membership)
    except ValidationError:
        loads_ok = False
    else:
        loads_ok = True
    assert schema_ok == loads_ok == valid


# --- 11: escapes


def test_diff_with_end_before_start_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="before start"):
        reference_landscape().diff(D(2024, 1, 1), D(2023, 1, 1))


def test_event_diff_and_problem_refuse_wrong_types() -> None:
    with pytest.raises(ValidationError) as caught:
        Event(date="x", kind=1, subject=None)  # type: ignore[arg-type]
    assert [p.path for p in caught.value.problems] == ["date", "kind", "subject"]
    with pytest.raises(ValidationError, match="end: is before start"):
        Diff(start=D(2024, 1, 1), end=D(2023, 1, 1))
    with pytest.raises(ValidationError, match="joined"):
        Diff(start=D(2024, 1, 1), end=D(2025, 1, 1), joined=["x"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Problem(1, "x")  # type: ignore[arg-type]
    event = Event(date=D(2024, 3, 7), kind=EventKind.JOINED, subject="NATO", state="SWE")
    assert event.describe() == "2024-03-07  SWE joined NATO"


def test_look_ups_with_unhashable_or_odd_keys_are_unknown_entity_errors() -> None:
    world = reference_landscape()
    for query in (["USA"], {"USA": 1}, None, 2.5, True):
        with pytest.raises(UnknownEntityError):
            world.state(query)  # type: ignore[arg-type]
    with pytest.raises(UnknownEntityError):
        world.grouping(["NATO"])  # type: ignore[arg-type]
    with pytest.raises(UnknownEntityError):
        world.members({"NATO"})  # type: ignore[arg-type]
    assert str(UnknownEntityError("state", "X", [1, 2])) == "unknown state 'X'"


# --- a Python API as forgiving as the command line


def test_states_by_name_number_and_abbreviation() -> None:
    world = reference_landscape()
    for query in ("Turkey", 640, "640", "türkiye", "TURKIYE", "TUR", "Republic of Türkiye"):
        assert world.state(query).code == "TUR", query
    assert sorted(world.allies("Turkey")) == sorted(world.allies("TUR"))
    assert world.grouping("nato").id == "NATO"
    assert world.agreement("sau-pak-smda").id == "SAU-PAK-SMDA"
    assert world.members("nato") == world.members("NATO")


def test_an_ambiguous_state_lists_the_candidates() -> None:
    world = Landscape(
        states=[
            State(code="KOR", name="South Korea", cow_code=732),
            State(code="PRK", name="North Korea", cow_code=731),
        ]
    )
    with pytest.raises(UnknownEntityError) as caught:
        world.state("Korea")
    assert set(caught.value.suggestions) >= {"South Korea", "North Korea"} or set(
        caught.value.suggestions
    ) >= {"KOR", "PRK"}


def test_case_insensitive_ids_that_collide_are_ambiguous() -> None:
    day = D(2000, 1, 1)
    pact = coalitions.Agreement(
        id="Pact",
        name="P",
        signed=day,
        parties=[Membership(state=c, since=day) for c in ("AAA", "BBB")],
    )
    world = Landscape(
        states=[State(code=c, name=c) for c in ("AAA", "BBB")],
        agreements=[pact, attrs.evolve(pact, id="PACT")],
    )
    assert world.agreement("Pact").id == "Pact"  # exact first
    with pytest.raises(UnknownEntityError) as caught:
        world.agreement("pact")
    assert set(caught.value.suggestions) == {"Pact", "PACT"}


class _Stamp:
    """Like a pandas Timestamp: has a .date() method."""

    def date(self) -> dt.date:
        return D(2024, 3, 7)


def test_at_takes_dates_datetimes_and_objects_with_a_date_method() -> None:
    world = reference_landscape()
    expected = world.members("NATO", at=D(2024, 3, 7))
    assert world.members("NATO", at=dt.datetime(2024, 3, 7, 12)) == expected
    assert world.members("NATO", at=_Stamp()) == expected  # type: ignore[arg-type]
    assert world.partners("SWE", at=dt.datetime(2024, 3, 7)) == world.partners(
        "SWE", at=D(2024, 3, 7)
    )
    pandas = pytest.importorskip("pandas")
    assert world.members("NATO", at=pandas.Timestamp("2024-03-07")) == expected
    with pytest.raises(ValidationError, match="at: "):
        world.members("NATO", at=pandas.NaT)
    with pytest.raises(ValidationError, match="at: "):
        world.members("NATO", at="2024-03-07")  # type: ignore[arg-type]


def test_groupings_and_typed_look_ups() -> None:
    world = reference_landscape()
    assert world.groupings == (*world.alliances, *world.minilaterals)
    assert all(isinstance(g, coalitions.Grouping) for g in world.groupings)
    assert isinstance(world.alliance("nato"), coalitions.Alliance)
    assert isinstance(world.minilateral("QUAD"), coalitions.Minilateral)
    with pytest.raises(UnknownEntityError, match="unknown alliance 'QUAD'"):
        world.alliance("QUAD")


def test_the_public_converter_handles_classes_that_hold_ours() -> None:
    @attrs.frozen
    class Briefing:
        title: str
        landscape: Landscape

    world = Landscape(states=[State(code="USA", name="U")], as_of=D(2025, 12, 31))
    data = coalitions.converter.unstructure(Briefing("today", world))
    assert data == {"title": "today", "landscape": json.loads(coalitions.dumps(world))}
    assert coalitions.converter.structure(data, Briefing) == Briefing("today", world)
    assert coalitions.converter is coalitions.converter  # made once
