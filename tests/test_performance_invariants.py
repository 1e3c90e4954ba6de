"""Behaviour the performance work promises (issue 14): no clocks here.

The garbage collector is paused while a document is read, an ATOP file is
imported or an index is built, and its previous state comes back whatever
happens; the package imports its heavy parts only on first use; spells read
in place give the same objects as the detailed path, with and without
commitments and status spells.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import coalitions
from coalitions import (
    Alliance,
    Commitment,
    Landscape,
    Membership,
    Obligation,
    State,
    Status,
    StatusSpell,
    ValidationError,
)
from coalitions import serialization as ser
from coalitions._checks import Rejected
from coalitions._index import gc_paused

D = dt.date


@pytest.fixture
def gc_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _world() -> Landscape:
    states = [State(code=c, name=c.title()) for c in ("AUS", "NZL", "USA")]
    spells = [
        Membership(
            state="AUS",
            since=D(1952, 4, 29),
            toward=[Commitment(toward="USA", obligations=[Obligation.CONSULTATION])],
        ),
        Membership(
            state="NZL",
            since=D(1952, 4, 29),
            statuses=[
                StatusSpell(status=Status.SUSPENDED, since=D(1986, 8, 11), toward=["USA"])
            ],
        ),
        Membership(state="USA", since=D(1952, 4, 29)),
    ]
    anzus = Alliance(
        id="ANZUS",
        name="ANZUS",
        founded=D(1952, 4, 29),
        members=spells,
        obligations=[Obligation.CONSULTATION],
    )
    return Landscape(states=states, alliances=[anzus])


def _spy_on_gc(monkeypatch: pytest.MonkeyPatch, target: object, name: str) -> list[bool]:
    """Record whether the collector was on each time ``target.name`` ran."""
    seen: list[bool] = []
    original = getattr(target, name)

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, spy)
    return seen


def test_loads_pauses_the_collector_and_restores_it(
    gc_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = coalitions.dumps(_world())
    import orjson

    seen = _spy_on_gc(monkeypatch, orjson, "loads")
    assert coalitions.loads(text) == _world()
    assert seen == [False]
    assert gc.isenabled()


def test_loads_leaves_a_disabled_collector_disabled() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        coalitions.loads(coalitions.dumps(_world()))
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_the_collector_comes_back_after_a_refused_document(gc_on: None) -> None:
    data = json.loads(coalitions.dumps(_world()))
    data["alliances"][0]["members"][0]["toward"][0]["toward"] = "AUS"  # owes itself
    with pytest.raises(ValidationError):
        coalitions.loads(json.dumps(data))
    assert gc.isenabled()
    with pytest.raises(ValidationError):
        coalitions.loads("{not json")
    assert gc.isenabled()


def test_gc_paused_restores_the_state_on_error(gc_on: None) -> None:
    def fail() -> None:
        with gc_paused():
            assert not gc.isenabled()
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fail()
    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()  # an inner pause does not switch it back on early
    assert gc.isenabled()


def test_atop_read_pauses_the_collector(
    gc_on: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from coalitions import atop

    seen = _spy_on_gc(monkeypatch, atop, "_read")
    sample = tmp_path / "m.csv"
    sample.write_text(",".join(atop.MEMBER_COLUMNS) + "\n1,2,oops\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        atop.read(sample)  # a broken row: the pause must end all the same
    assert seen == [False]
    assert gc.isenabled()


def test_index_build_pauses_the_collector(gc_on: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from coalitions import _index

    seen = _spy_on_gc(monkeypatch, _index, "spells_of")
    world = _world()
    assert {g.id for g in world.groupings_of("NZL", at=D(2000, 1, 1))} == {"ANZUS"}
    assert seen[0] is False  # the one pass that sorts every spell by state
    assert gc.isenabled()


def test_spells_read_in_place_equal_the_detailed_path() -> None:
    world = _world()
    data = json.loads(coalitions.dumps(world))
    fast = ser._READERS[Landscape](data, {})
    assert fast == world
    assert ser._structure_in_detail(data, Landscape) == world
    spells = fast.alliances[0].members
    assert type(spells[0].toward[0]) is Commitment
    assert type(spells[1].statuses[0]) is StatusSpell
    assert spells[2].toward == ()
    assert spells[2].statuses == ()


def test_spells_read_in_place_keep_every_rule() -> None:
    data = json.loads(coalitions.dumps(_world()))
    spell = data["alliances"][0]["members"][1]
    spell["statuses"][0]["since"] = "1950-01-01"  # before the membership begins
    with pytest.raises(Rejected):  # the fast reader refuses, unseen
        ser._READERS[Landscape](data, {})
    with pytest.raises(ValidationError, match=r"members\[1\]\.statuses\[0\]"):
        coalitions.loads(json.dumps(data))


def _fresh(code: str) -> object:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_import_leaves_json_and_data_for_first_use() -> None:
    heavy = ["cattrs", "orjson", "coalitions.serialization", "coalitions.registry",
             "coalitions.reference", "coalitions.schema"]  # fmt: skip
    code = f"import sys, json, coalitions; print(json.dumps([m for m in {heavy!r} if m in sys.modules]))"
    assert _fresh(code) == []


def test_lazy_names_are_the_real_objects() -> None:
    from coalitions import dumps, loads, reference_landscape, registry
    from coalitions.reference import reference_landscape as real_reference
    from coalitions.serialization import dumps as real_dumps
    from coalitions.serialization import loads as real_loads

    assert (dumps, loads, reference_landscape) == (real_dumps, real_loads, real_reference)
    assert registry is sys.modules["coalitions.registry"]
    assert set(coalitions.__all__) <= set(dir(coalitions))
    with pytest.raises(AttributeError):
        getattr(coalitions, "no_such_name")  # noqa: B009


def test_generated_code_waits_for_first_use() -> None:
    code = (
        "import sys, json, coalitions\n"
        "from coalitions import serialization as s\n"
        "before = [s._READERS.ready, s._WRITERS.ready, 'cattrs' in sys.modules]\n"
        "coalitions.loads('{\"states\": [{\"code\": \"FRA\", \"name\": \"France\"}]}')\n"
        "after = [s._READERS.ready, s._WRITERS.ready, 'cattrs' in sys.modules]\n"
        "print(json.dumps(before + after))"
    )
    assert _fresh(code) == [False, False, False, True, False, False]
