"""Frames for any collection: events, spells, ties and states as pandas and Arrow tables."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from pathlib import Path
from typing import Any

import attrs
import pytest

from coalitions import (
    Alliance,
    Commitment,
    Event,
    EventKind,
    Landscape,
    Membership,
    Obligation,
    Precision,
    State,
    Status,
    StatusSpell,
    ValidationError,
    registry,
    tables,
)
from coalitions.registry import StateRecord
from coalitions.ties import Strength, Tie, TieKind

D = dt.date
DEF, CON = Obligation.DEFENSE, Obligation.CONSULTATION


def world() -> Landscape:
    """Two states in an alliance since before pandas' nanosecond dates begin (1677)."""
    day = D(1648, 10, 1)
    return Landscape(
        states=[
            State(code="AAA", name="A", cow_code=1, region="Europe"),
            State(code="BBB", name="B"),
        ],
        alliances=[
            Alliance(
                id="X",
                name="X",
                founded=day,
                obligations=[DEF, CON],
                members=[
                    Membership(
                        state="AAA",
                        since=day,
                        since_precision=Precision.MONTH,
                        toward=[Commitment(toward="BBB", obligations=[CON])],
                    ),
                    Membership(
                        state="BBB",
                        since=day,
                        until=D(1700, 1, 1),
                        obligations=[DEF],
                        statuses=[
                            StatusSpell(
                                status=Status.SUSPENDED,
                                since=D(1650, 1, 1),
                                until=D(1660, 1, 1),
                                toward=["AAA"],
                                sources=["a source"],
                            )
                        ],
                    ),
                ],
            )
        ],
    )


def spells() -> list[Membership]:
    return list(world().alliances[0].members)


def ties() -> list[Tie]:
    return world().ties("AAA", at=D(1649, 1, 1))


# --- every field is a column


@pytest.mark.parametrize("kind", [Event, Membership, Tie, State])
def test_every_field_is_a_column(kind: type) -> None:
    pd = pytest.importorskip("pandas")
    frame = tables.to_pandas([], record=kind)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == [field.name for field in attrs.fields(kind)]
    pa = pytest.importorskip("pyarrow")
    table = tables.to_arrow([], record=kind)
    assert isinstance(table, pa.Table)
    assert table.schema.names == list(frame.columns)


def test_a_registry_record_is_its_state_and_the_rest() -> None:
    pytest.importorskip("pandas")
    state_fields = [field.name for field in attrs.fields(State)]
    others = [field.name for field in attrs.fields(StateRecord) if field.name != "state"]
    assert list(tables.to_pandas([], record=StateRecord).columns) == state_fields + others


# --- pandas


def test_events_in_pandas() -> None:
    pd = pytest.importorskip("pandas")
    events = world().events()
    frame = tables.to_pandas(events)
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == {
        "date": "datetime64[s]",
        "kind": "category",
        "subject": "string",
        "state": "string",
        "role": "category",
        "precision": "category",
    }
    assert len(frame) == len(events)
    # every value of the enum a category, in the enum's order: frames concatenate
    assert list(frame["kind"].cat.categories) == [k.value for k in EventKind]
    founded = frame[frame["kind"] == "founded"].iloc[0]
    assert founded["date"] == pd.Timestamp("1648-10-01")  # before 1677: no overflow
    assert founded["state"] is pd.NA
    assert pd.isna(founded["role"])
    joined = frame[(frame["kind"] == "joined") & (frame["state"] == "AAA")].iloc[0]
    assert (joined["role"], joined["precision"]) == ("member", "month")


def test_spells_in_pandas() -> None:
    pd = pytest.importorskip("pandas")
    frame = tables.to_pandas(spells())
    assert str(frame["since"].dtype) == str(frame["until"].dtype) == "datetime64[s]"
    assert pd.isna(frame.loc[0, "until"])
    assert frame.loc[1, "until"] == pd.Timestamp("1700-01-01")
    assert str(frame["role"].dtype) == "category"
    # None: the grouping's obligations; a set: the spell's own, sorted
    # lists and structs are Arrow-backed; a missing value is <NA>
    assert str(frame["obligations"].dtype) == "list<item: string>[pyarrow]"
    assert pd.isna(frame.loc[0, "obligations"])
    assert frame.loc[1, "obligations"] == ["defense"]
    assert frame.loc[0, "toward"] == [{"toward": "BBB", "obligations": ["consultation"]}]
    assert frame.loc[1, "toward"] == []
    assert frame.loc[1, "statuses"] == [
        {
            "status": "suspended",
            "since": D(1650, 1, 1),
            "until": D(1660, 1, 1),
            "toward": ["AAA"],
            "sources": ["a source"],
            "since_precision": "day",
            "until_precision": "day",
        },
    ]


def test_ties_in_pandas() -> None:
    pytest.importorskip("pandas")
    frame = tables.to_pandas(ties())
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["state"], row["other"], row["via"], row["kind"]) == ("AAA", "BBB", "X", "alliance")
    assert str(frame["strength"].dtype) == "int64"
    assert row["strength"] == int(Strength.DEFENSE)
    assert (row["owes"], row["owed"]) == (["consultation"], ["defense"])
    assert {str(frame[c].dtype) for c in ("unconfirmed", "pending", "suspended")} == {"bool"}
    assert str(frame["suspension"].dtype) == "category"
    assert list(frame["kind"].cat.categories) == [k.value for k in TieKind]


def test_states_and_registry_records_in_pandas() -> None:
    pytest.importorskip("pandas")
    frame = tables.to_pandas(registry.states())
    assert str(frame["cow_code"].dtype) == "Int64"
    assert str(frame["region"].dtype) == "string"
    assert frame["code"].tolist() == [s.code for s in registry.states()]
    records = tables.to_pandas(registry.records())
    austria = records[records["code"] == "AUT"].iloc[0]
    assert (austria["cow_code"], austria["current"], austria["iso_alpha2"]) == (305, True, "AT")
    assert austria["system_spells"] == [
        {"since": D(1919, 9, 10), "until": D(1938, 3, 14)},
        {"since": D(1955, 7, 27), "until": None},
    ]
    assert str(records["current"].dtype) == "bool"
    assert records["cow_code"].isna().sum() == sum(
        1 for r in registry.records() if r.state.cow_code is None
    )
    assert isinstance(austria["aliases"], list)
    assert str(records["aliases"].dtype) == "list<item: string>[pyarrow]"


def test_empty_frames_keep_their_types() -> None:
    pytest.importorskip("pandas")
    frame = tables.to_pandas([], record=Event)
    assert len(frame) == 0
    assert str(frame["date"].dtype) == "datetime64[s]"
    assert str(frame["kind"].dtype) == "category"


# --- Arrow


def test_every_kind_in_arrow_and_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    events = tables.to_arrow(world().events())
    assert events.schema.field("date").type == pa.date32()
    assert events.schema.field("kind").type == pa.string()
    assert not events.schema.field("date").nullable
    assert events.schema.field("state").nullable
    assert events.column("date").to_pylist()[0] == D(1648, 10, 1)
    table = tables.to_arrow(spells())
    commitment = pa.struct([("toward", pa.string()), ("obligations", pa.list_(pa.string()))])
    assert table.schema.field("toward").type == pa.list_(commitment)
    assert table.schema.field("statuses").type.value_type.field("since").type == pa.date32()
    assert table.column("toward").to_pylist()[0] == [
        {"toward": "BBB", "obligations": ["consultation"]}
    ]
    assert table.column("obligations").to_pylist() == [None, ["defense"]]
    assert table.column("until").to_pylist() == [None, D(1700, 1, 1)]
    tie_table = tables.to_arrow(ties())
    assert tie_table.schema.field("owes").type == pa.list_(pa.string())
    assert tie_table.schema.field("strength").type == pa.int64()
    assert tie_table.column("strength").to_pylist() == [10]
    records = tables.to_arrow(registry.records())
    assert records.schema.field("nonsystem_codes").type == pa.list_(pa.int64())
    assert records.schema.field("cow_code").type == pa.int64()
    assert records.num_rows == len(registry.records())
    tables.write_parquet(ties(), tmp_path / "ties.parquet")
    assert parquet.read_table(tmp_path / "ties.parquet").equals(tie_table)


def test_table_rows_are_as_before() -> None:
    pa = pytest.importorskip("pyarrow")
    table = tables.to_arrow([], record=tables.DyadYear)
    assert table.schema.field("alliances").type == pa.list_(pa.string())
    assert not table.schema.field("state_a").nullable
    assert not table.schema.field("year").nullable
    assert table.schema.field("cow_code_a").nullable
    assert table.schema.field("defense").type == pa.bool_()


# --- one kind to a frame


def test_one_kind_to_a_frame() -> None:
    pytest.importorskip("pandas")
    mixed: list[Any] = [*world().events()[:2], spells()[0]]
    with pytest.raises(ValidationError) as caught:
        tables.to_pandas(mixed)
    assert [str(p) for p in caught.value.problems] == [
        "[2]: is a Membership, but [0] is a Event: one kind of record to a frame"
    ]
    with pytest.raises(ValidationError) as caught:
        tables.to_pandas(["AAA"])  # type: ignore[list-item]
    assert [p.path for p in caught.value.problems] == ["[0]"]
    assert "is a str; expected a StateYear" in caught.value.problems[0].message
    with pytest.raises(ValueError, match="record="):
        tables.to_pandas([])


# --- types users can trust


def _reveal(tmp_path: Path, code: str) -> list[str]:
    """The types mypy reveals in ``code`` (skipped without mypy or the stubs)."""
    api = pytest.importorskip("mypy.api")
    for stubs in ("pandas-stubs", "pyarrow-stubs"):
        try:
            importlib.metadata.version(stubs)
        except importlib.metadata.PackageNotFoundError:
            pytest.skip(f"{stubs} is not installed (the lint extra has it)")
    snippet = tmp_path / "snippet.py"
    snippet.write_text(code)
    out, _, _ = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(snippet)]
    )
    return [line.split("Revealed type is ")[1] for line in out.splitlines() if "Revealed" in line]


def test_frames_are_typed(tmp_path: Path) -> None:
    revealed = _reveal(
        tmp_path,
        "from coalitions import Landscape, tables\n"
        "world = Landscape()\n"
        "reveal_type(tables.to_pandas(world.events()))\n"
        "reveal_type(tables.to_arrow(tables.state_years(world)))\n",
    )
    assert revealed == ['"pandas.core.frame.DataFrame"', '"pyarrow.__lib_pxi.table.Table"']
