"""ATOP import and export: the mapping, phases, dates, malformed files, the round trip."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest

from coalitions import (
    Alliance,
    Landscape,
    Membership,
    Obligation,
    Precision,
    State,
    ValidationError,
    atop,
    dumps,
    loads,
)

D = dt.date
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
MEMBERS = SHARED / "atop5_1m.csv"
ALLIANCES = SHARED / "atop5_1a.csv"
needs_atop = pytest.mark.skipif(
    not MEMBERS.exists(),
    reason=f"the ATOP 5.1 files are not in {SHARED}; ATOP is not redistributable, so the"
    " package ships no copy (see docs/atop.md)",
)

HEADER = list(atop.MEMBER_COLUMNS)
OBLIGATIONS = [column for column, _ in atop.OBLIGATION_COLUMNS]


def row(
    atopid: int,
    member: int,
    entry: tuple[object, object, object],
    exit: tuple[object, object, object] = (0, 0, 0),
    phase: int = 0,
    maxphase: int = 0,
    obligations: str = "10011",
) -> list[str]:
    """A member row in MEMBER_COLUMNS order; obligations as five 0/1 digits."""
    ineffect = "1" if exit[0] == 0 else "0"
    return [
        str(atopid),
        str(member),
        *(str(part) for part in entry),
        *(str(part) for part in exit),
        ineffect,
        str(phase),
        str(maxphase),
        *obligations,
    ]


def write(path: Path, rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {p.path: p.message for p in exc.value.problems}


# --- the mapping, on small files


NATO_ROWS = [
    row(3180, 2, (1949, 4, 4), (1951, 6, 19), 1, 2),
    row(3180, 200, (1949, 4, 4), (1951, 6, 19), 1, 2),
    row(3180, 2, (1951, 6, 19), phase=2, maxphase=2),
    row(3180, 200, (1951, 6, 19), phase=2, maxphase=2),
    row(3180, 640, (1952, 2, 18), phase=2, maxphase=2),
    row(3180, 260, (1955, 5, 5), (1990, 10, 3), 2, 2),
    row(3180, 255, (1990, 10, 3), phase=2, maxphase=2),
]


def test_an_alliance_with_its_members_obligations_and_phases(tmp_path: Path) -> None:
    world = atop.read(write(tmp_path / "m.csv", NATO_ROWS))
    nato = world.grouping("ATOP-3180")
    assert isinstance(nato, Alliance)
    assert nato.founded == D(1949, 4, 4)
    assert nato.dissolved is None
    assert nato.obligations == {
        Obligation.DEFENSE,
        Obligation.NON_AGGRESSION,
        Obligation.CONSULTATION,
    }
    assert nato.agreements == {"ATOP-3180-P1", "ATOP-3180-P2"}
    # One spell per row; a state's spells in consecutive phases meet on the boundary.
    usa = [m for m in nato.members if m.state == "USA"]
    assert [(m.since, m.until) for m in usa] == [
        (D(1949, 4, 4), D(1951, 6, 19)),
        (D(1951, 6, 19), None),
    ]
    assert all(m.obligations == nato.obligations for m in nato.members)
    # West Germany leaves the day united Germany joins: COW 260 and 255 are two states.
    assert [(m.state, m.since, m.until) for m in nato.members if m.state in ("DEU", "XGF")] == [
        ("XGF", D(1955, 5, 5), D(1990, 10, 3)),
        ("DEU", D(1990, 10, 3), None),
    ]
    phase_1, phase_2 = world.agreement("ATOP-3180-P1"), world.agreement("ATOP-3180-P2")
    assert (phase_1.signed, phase_1.ended) == (D(1949, 4, 4), D(1951, 6, 19))
    assert (phase_2.signed, phase_2.ended) == (D(1951, 6, 19), None)
    assert phase_1.parties == nato.members[:2]
    assert phase_2.parties == nato.members[2:]
    assert phase_2.in_force is None  # ATOP codes signature, not entry into force
    assert world.as_of == atop.ATOP_END
    assert sorted(s.code for s in world.states) == ["DEU", "GBR", "TUR", "USA", "XGF"]
    assert world.members("ATOP-3180", at=D(1991, 1, 1)) == {"USA", "GBR", "TUR", "DEU"}


def test_each_member_keeps_its_own_obligations_even_none(tmp_path: Path) -> None:
    # A guarantee: Britain and France promise defence; Belgium promises nothing.
    rows = [
        row(1165, 200, (1839, 4, 19), (1914, 8, 4), obligations="10000"),
        row(1165, 220, (1839, 4, 19), (1914, 8, 4), obligations="10001"),
        row(1165, 211, (1839, 4, 19), (1914, 8, 4), obligations="00000"),
    ]
    world = atop.read(write(tmp_path / "m.csv", rows))
    london = world.grouping("ATOP-1165")
    assert [m.obligations for m in london.members] == [
        {Obligation.DEFENSE},
        {Obligation.DEFENSE, Obligation.CONSULTATION},
        frozenset(),
    ]
    assert london.obligations == {Obligation.DEFENSE, Obligation.CONSULTATION}
    assert london.obligations_of(london.members[2]) == frozenset()
    assert london.dissolved == D(1914, 8, 4)
    assert world.allies("BEL", at=D(1900, 1, 1)) == {"GBR", "FRA"}


def test_cow_numbers_become_registry_states_on_the_entry_date(tmp_path: Path) -> None:
    rows = [
        row(9001, 345, (1999, 1, 1)),  # Yugoslavia until 2006-06-03
        row(9001, 2, (1999, 1, 1)),
        row(9002, 345, (2010, 1, 1)),  # Serbia after
        row(9002, 2, (2010, 1, 1)),
        row(9003, 255, (1960, 1, 1)),
        row(9003, 260, (1960, 1, 1)),
        row(9003, 265, (1960, 1, 1)),
        row(9004, 8152, (1874, 3, 15), (1884, 6, 6)),  # Annam: outside the COW system
        row(9004, 220, (1874, 3, 15), (1884, 6, 6)),
    ]
    world = atop.read(write(tmp_path / "m.csv", rows))
    assert [m.state for m in world.grouping("ATOP-9001").members] == ["YUG", "USA"]
    assert [m.state for m in world.grouping("ATOP-9002").members] == ["SRB", "USA"]
    assert [m.state for m in world.grouping("ATOP-9003").members] == ["DEU", "XGF", "DDR"]
    assert world.state("XAN").cow_code is None
    assert world.state("XAN").name == "Annam"


def test_missing_days_keep_reduced_precision(tmp_path: Path) -> None:
    rows = [
        row(1035, 200, (1815, 11, 20), (1822, 12, "")),
        row(1035, 365, (1815, 11, ""), (1822, 12, "")),
        row(1036, 200, (1815, "", ""), (1822, "", "")),
        row(1036, 365, (1815, "", ""), (1822, "", "")),
    ]
    world = atop.read(write(tmp_path / "m.csv", rows))
    first, second = world.grouping("ATOP-1035").members
    assert (first.since, first.since_precision) == (D(1815, 11, 20), Precision.DAY)
    assert (first.until, first.until_precision) == (D(1822, 12, 1), Precision.MONTH)
    assert (second.since, second.since_precision) == (D(1815, 11, 1), Precision.MONTH)
    alliance = world.grouping("ATOP-1035")
    # The earliest entry is known only to the month; so is the last exit.
    assert (alliance.founded, alliance.founded_precision) == (D(1815, 11, 1), Precision.MONTH)
    assert (alliance.dissolved, alliance.dissolved_precision) == (D(1822, 12, 1), Precision.MONTH)
    years = world.grouping("ATOP-1036")
    assert years.members[0].since_precision is Precision.YEAR
    assert years.members[0].until == D(1822, 1, 1)
    assert years.dissolved_precision is Precision.YEAR


def test_a_day_entry_on_the_first_is_earlier_than_nothing(tmp_path: Path) -> None:
    # Both entries are stored on 1 March; the day-precision one says exactly when.
    rows = [row(1, 2, (1900, 3, 1)), row(1, 200, (1900, 3, ""))]
    alliance = atop.read(write(tmp_path / "m.csv", rows)).grouping("ATOP-1")
    assert (alliance.founded, alliance.founded_precision) == (D(1900, 3, 1), Precision.DAY)


def test_a_latest_exit_of_mixed_precision_takes_the_latest_stored_date(tmp_path: Path) -> None:
    # Known limitation (docs/atop.md): the month-precision exit may fall after the 15th,
    # but the model orders stored dates, so the alliance ends on the day-precision date.
    # ATOP 5.1 has no such alliance (test_the_real_file_has_no_ambiguous_dissolution).
    rows = [row(1, 2, (1900, 3, 1), (1901, 6, 15)), row(1, 200, (1900, 3, 1), (1901, 6, ""))]
    alliance = atop.read(write(tmp_path / "m.csv", rows)).grouping("ATOP-1")
    assert (alliance.dissolved, alliance.dissolved_precision) == (D(1901, 6, 15), Precision.DAY)


def test_parallel_phases_are_one_spell_in_the_alliance_and_rows_in_the_agreements(
    tmp_path: Path,
) -> None:
    # Czechoslovakia splits: its treaty with Cambodia goes on as two parallel phases.
    rows = [
        row(3424, 315, (1960, 11, 27), (1992, 12, 31), 1, 3, "00011"),
        row(3424, 811, (1960, 11, 27), (1992, 12, 31), 1, 3, "00011"),
        row(3424, 316, (1993, 1, 1), phase=2, maxphase=3, obligations="00010"),
        row(3424, 317, (1993, 1, 1), phase=3, maxphase=3, obligations="00010"),
        row(3424, 811, (1993, 1, 1), phase=2, maxphase=3, obligations="00010"),
        row(3424, 811, (1993, 1, 1), (2001, 1, 1), 3, 3, "00001"),
    ]
    path = write(tmp_path / "m.csv", rows)
    world = atop.read(path)
    alliance = world.grouping("ATOP-3424")
    cambodia = [m for m in alliance.members if m.state == "KHM"]
    assert [(m.since, m.until, m.obligations) for m in cambodia] == [
        (D(1960, 11, 27), D(1992, 12, 31), {Obligation.NON_AGGRESSION, Obligation.CONSULTATION}),
        (D(1993, 1, 1), None, {Obligation.NON_AGGRESSION, Obligation.CONSULTATION}),
    ]
    assert [m.state for m in world.agreement("ATOP-3424-P2").parties] == ["CZE", "KHM"]
    assert [m.state for m in world.agreement("ATOP-3424-P3").parties] == ["SVK", "KHM"]
    back = atop.write_members(world, tmp_path / "back.csv")
    assert back is None
    assert (tmp_path / "back.csv").read_text() == path.read_text()


def test_the_round_trip_is_exact_on_a_small_file(tmp_path: Path) -> None:
    rows = [
        *NATO_ROWS,
        row(1035, 200, (1815, 11, 20), (1822, 12, "")),
        row(1035, 365, (1815, 11, ""), (1822, 12, "")),
        row(1165, 200, (1839, 4, 19), (1914, 8, 4), obligations="10000"),
        row(1165, 211, (1839, 4, 19), (1914, 8, 4), obligations="00000"),
        row(3015, 651, (1945, 3, 22), (1979, 3, 31), obligations="00011"),
        row(3015, 645, (1945, 3, 22), obligations="00011"),
        row(3015, 651, (1989, 5, 22), obligations="00011"),  # Egypt rejoins the Arab League
    ]
    path = write(tmp_path / "m.csv", rows)
    world = atop.read(path)
    atop.write_members(world, tmp_path / "back.csv")
    assert (tmp_path / "back.csv").read_text() == path.read_text()
    # Through JSON too: an explicit empty set of obligations survives.
    again = loads(dumps(world), Landscape)
    assert again == world
    atop.write_members(again, tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_text() == path.read_text()


def test_extra_columns_are_ignored_and_the_version_is_cited(tmp_path: Path) -> None:
    header = ["atopid", "cowid", "version", *HEADER[1:]]
    rows = [
        [r[0], "", "5.1", *r[1:]]
        for r in (row(1005, 200, (1815, 1, 3), (1815, 2, 8)), row(1005, 220, (1815, 1, 3)))
    ]
    world = atop.read(write(tmp_path / "m.csv", rows, header))
    assert world.grouping("ATOP-1005").sources == ("ATOP 5.1 member-level data, atopid 1005",)


# --- malformed files


def test_missing_columns_are_all_named(tmp_path: Path) -> None:
    header = [c for c in HEADER if c not in ("yrent", "consul")]
    path = write(tmp_path / "m.csv", [["1"] * len(header)], header)
    with pytest.raises(ValidationError) as exc:
        atop.read(path)
    assert problems(exc) == {"m.csv:1:yrent": "missing column", "m.csv:1:consul": "missing column"}


def test_every_bad_cell_is_reported_with_file_line_and_column(tmp_path: Path) -> None:
    rows = [
        row(1, 2, (1900, 1, 1)),
        row(1, 200, (1900, 1, 1)),
        row(2, "USA", (1900, 1, 1)),  # line 4: a non-numeric state code
        row(2, 200, (1900, 2, 30)),  # line 5: an impossible date
        row(2, 999, (1900, 1, 1)),  # line 6: no state has COW number 999
        row(3, 2, ("19x0", 1, 1)),  # line 7
        row(3, 200, (1900, 13, 1)),  # line 8
        row(3, 220, (1900, 1, 1), (0, 5, 0)),  # line 9: still in effect, yet a month of exit
        row(3, 230, (1900, 1, 1), phase=2, maxphase=1),  # line 10
        row(3, 235, (1900, 1, 1), obligations="10201"),  # line 11
    ]
    with pytest.raises(ValidationError) as exc:
        atop.read(write(tmp_path / "atop5_1m.csv", rows))
    found = problems(exc)
    assert set(found) == {
        "atop5_1m.csv:4:member",
        "atop5_1m.csv:5:dayent",
        "atop5_1m.csv:6:member",
        "atop5_1m.csv:7:yrent",
        "atop5_1m.csv:8:moent",
        "atop5_1m.csv:9:moexit",
        "atop5_1m.csv:10:phase",
        "atop5_1m.csv:11:neutral",
    }
    assert found["atop5_1m.csv:4:member"] == "is 'USA'; expected a whole number"
    assert found["atop5_1m.csv:5:dayent"] == "1900-02-30 is not a date"
    assert "999 is no state" in found["atop5_1m.csv:6:member"]
    assert "still in effect" in found["atop5_1m.csv:9:moexit"]


def test_a_short_row_is_reported(tmp_path: Path) -> None:
    rows = [row(1, 2, (1900, 1, 1)), row(1, 200, (1900, 1, 1))[:5]]
    with pytest.raises(ValidationError) as exc:
        atop.read(write(tmp_path / "m.csv", rows))
    # Only the bad row: not also "alliance 1 has only one member state".
    assert problems(exc) == {"m.csv:3": "has 5 fields, but the header has 16"}


def test_an_exit_in_the_entry_month_without_a_day_cannot_be_stored(tmp_path: Path) -> None:
    # [1900-05-12, 1900-05-??): the only storable exit, 1900-05-01, is before the entry.
    # Moving the exit to June would invent a day; the importer refuses instead.
    rows = [
        row(1, 2, (1900, 5, 12), (1900, 5, "")),
        row(1, 200, (1900, 5, 12), (1900, 5, "")),
        row(2, 2, (1900, 5, 12), (1900, 5, 12)),  # an empty spell
        row(2, 200, (1900, 5, 12), (1900, 4, 30)),  # exit before entry
    ]
    with pytest.raises(ValidationError) as exc:
        atop.read(write(tmp_path / "m.csv", rows))
    found = problems(exc)
    assert set(found) == {"m.csv:2:yrexit", "m.csv:3:yrexit", "m.csv:4:yrexit", "m.csv:5:yrexit"}
    assert "cannot be stored" in found["m.csv:2:yrexit"]
    assert "would invent a day" in found["m.csv:2:yrexit"]
    assert "cannot be stored" in found["m.csv:4:yrexit"]
    assert found["m.csv:5:yrexit"] == "1900-04-30 is before the entry date (1900-05-12)"


def test_rules_across_the_rows_of_an_alliance(tmp_path: Path) -> None:
    rows = [
        row(1, 2, (1900, 1, 1), obligations="00000"),  # line 2: no obligation anywhere
        row(1, 200, (1900, 1, 1), obligations="00000"),
        row(2, 2, (1900, 1, 1)),  # line 4: one member state only
        row(3, 2, (1900, 1, 1)),
        row(3, 200, (1900, 1, 1)),
        row(3, 2, (1950, 1, 1)),  # line 7: overlaps line 5
        row(4, 2, (1900, 1, 1), phase=1, maxphase=2),  # line 8: no phase 2
        row(4, 200, (1900, 1, 1), phase=1, maxphase=3),  # line 9: maxphase disagrees
        row(5, 2, (1900, 1, 1), phase=1, maxphase=3),  # line 10: no phase 3
        row(5, 200, (1900, 1, 1), phase=1, maxphase=3),
        row(5, 2, (1901, 1, 1), phase=2, maxphase=3),  # line 12: phase 2 has one state
    ]
    with pytest.raises(ValidationError) as exc:
        atop.read(write(tmp_path / "m.csv", rows))
    found = problems(exc)
    assert set(found) == {
        "m.csv:2:atopid",
        "m.csv:4:member",
        "m.csv:7:yrent",
        "m.csv:8:maxphase",
        "m.csv:9:maxphase",
        "m.csv:10:maxphase",
        "m.csv:12:phase",
    }
    assert "at least one" in found["m.csv:2:atopid"]
    assert "overlaps the one on line 5" in found["m.csv:7:yrent"]


def test_empty_and_unreadable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(ValidationError) as exc:
        atop.read(empty)
    assert problems(exc) == {"empty.csv:1": "the file is empty: no header"}
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"atopid,member\n\xff\xfe\x00\n")
    with pytest.raises(ValidationError) as exc:
        atop.read(binary)
    # where the first byte that is not UTF-8 is: line 2, in the atopid column
    assert list(problems(exc)) == ["binary.csv:2:atopid"]
    with pytest.raises(FileNotFoundError):
        atop.read(tmp_path / "absent.csv")


def test_the_alliance_file_is_checked_against_the_member_rows(tmp_path: Path) -> None:
    members = write(tmp_path / "m.csv", NATO_ROWS)
    header = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "maxphase"]
    header += ["mem1", "mem2", "mem3", "mem4", "mem5"]
    good = ["3180", "1949", "4", "4", "0", "0", "0", "2", "2", "200", "640", "260", "255"]
    alliances = write(tmp_path / "a.csv", [good], header)
    assert atop.read(members, alliances) == atop.read(members)
    bad = [
        ["3180", "1949", "4", "5", "1990", "1", "1", "3", "2", "200", "640", "260", ""],
        ["4000", "1990", "1", "1", "0", "0", "0", "0", "2", "200", "", "", ""],
    ]
    with pytest.raises(ValidationError) as exc:
        atop.read(members, write(tmp_path / "a.csv", bad, header))
    found = problems(exc)
    assert set(found) == {
        "a.csv:2:begyr",
        "a.csv:2:endyr",
        "a.csv:2:maxphase",
        "a.csv:2:mem1",
        "a.csv:3:atopid",
    }
    assert "1949-04-05" in found["a.csv:2:begyr"]
    assert "no rows in m.csv" in found["a.csv:3:atopid"]


# --- writing


def test_write_members_needs_atop_ids_and_state_numbers(tmp_path: Path) -> None:
    day = D(2000, 1, 1)
    world = Landscape(
        states=[
            State(code="USA", name="United States", cow_code=2),
            State(code="GBR", name="United Kingdom", cow_code=200),
            State(code="ZZZ", name="Nowhere"),
        ],
        alliances=[
            Alliance(
                id="ATOP-1",
                name="One",
                founded=day,
                obligations=[Obligation.DEFENSE],
                members=[Membership(state="USA", since=day), Membership(state="GBR", since=day)],
            ),
            Alliance(
                id="OTHER",
                name="Other",
                founded=day,
                obligations=[Obligation.DEFENSE],
                members=[Membership(state="USA", since=day), Membership(state="ZZZ", since=day)],
            ),
        ],
    )
    target = tmp_path / "out.csv"
    with pytest.raises(ValidationError) as exc:
        atop.write_members(world, target)
    assert list(problems(exc)) == ["alliances[OTHER].id"]
    assert not target.exists()
    atop.write_members(world, target, skip_other=True)
    # Members without obligations of their own take the alliance's.
    assert target.read_text().splitlines()[1:] == [
        "1,2,2000,1,1,0,0,0,1,0,0,1,0,0,0,0",
        "1,200,2000,1,1,0,0,0,1,0,0,1,0,0,0,0",
    ]
    renamed = attrs.evolve(world, alliances=[attrs.evolve(world.alliances[1], id="ATOP-2")])
    with pytest.raises(ValidationError) as exc:
        atop.write_members(renamed, target)
    assert problems(exc) == {
        "alliances[ATOP-2].members[1].state": "ZZZ has no COW or ATOP state number"
    }


def test_ids() -> None:
    assert atop.alliance_id(3180) == "ATOP-3180"
    assert atop.phase_id(3180, 2) == "ATOP-3180-P2"
    assert atop.atopid("ATOP-3180") == 3180
    assert atop.atopid("ATOP-3180-P2") is None
    assert atop.atopid("ATOP-0") is None


# --- the real ATOP 5.1 files


@pytest.fixture(scope="module")
def atop51() -> Landscape:
    return atop.read(MEMBERS, ALLIANCES)


@pytest.fixture(scope="module")
def member_rows() -> list[dict[str, str]]:
    with open(MEMBERS, newline="") as handle:
        return list(csv.DictReader(handle))


def _rows_of(world: Landscape) -> list[Membership]:
    """Every member row of the landscape: phase agreement parties, or alliance members."""
    found: list[Membership] = []
    for alliance in world.alliances:
        if alliance.agreements:
            for agreement_id in sorted(alliance.agreements):
                found.extend(world.agreement(agreement_id).parties)
        else:
            found.extend(alliance.members)
    return found


@needs_atop
def test_the_real_file_reads_whole(atop51: Landscape, member_rows: list[dict[str, str]]) -> None:
    assert len(member_rows) == 2510
    assert len(atop51.alliances) == 789
    phased = [a for a in atop51.alliances if a.agreements]
    assert len(phased) == 47
    assert len(atop51.agreements) == 107
    rows = _rows_of(atop51)
    assert len(rows) == 2510
    assert sum(m.until is None for m in rows) == 1146
    assert sum(m.since_precision is Precision.MONTH for m in rows) == 5
    assert sum(m.until_precision is Precision.MONTH for m in rows) == 31
    # The twelve rows with none of the five obligations keep an explicit empty set.
    assert sum(m.obligations == frozenset() for m in rows) == 12
    assert all(m.obligations is not None for m in rows)
    assert len(atop51.states) == 208
    assert atop51.as_of == D(2018, 12, 31)


@needs_atop
def test_the_real_file_maps_states_by_cow_number_on_the_entry_date(
    atop51: Landscape, member_rows: list[dict[str, str]]
) -> None:
    codes = {s.code for s in atop51.states}
    assert {"DEU", "XGF", "DDR", "YUG", "XAN"} <= codes
    assert "SRB" not in codes  # every ATOP 345 row begins before 2006-06-03
    assert sum(r["member"] == "345" for r in member_rows) == 37
    yugoslavia = [m for m in _rows_of(atop51) if m.state == "YUG"]
    assert len(yugoslavia) == 37
    # Spells of 345 still open in 2018 stay with Yugoslavia: the entry date decides.
    assert sum(m.until is None or m.until > D(2006, 6, 3) for m in yugoslavia) == 6
    nato = atop51.grouping("ATOP-3180")
    assert atop51.members("ATOP-3180", at=D(1990, 10, 2)) >= {"XGF"}
    assert "DEU" in atop51.members("ATOP-3180", at=D(1990, 10, 3))
    assert "XGF" not in atop51.members("ATOP-3180", at=D(1990, 10, 3))
    assert len(atop51.members("ATOP-3180", at=D(2018, 12, 31))) == 29
    assert nato.agreements == {"ATOP-3180-P1", "ATOP-3180-P2"}


@needs_atop
def test_the_real_file_has_parallel_phases_in_nine_alliances(atop51: Landscape) -> None:
    merged = {
        a.id
        for a in atop51.alliances
        if a.agreements
        and len(a.members) < sum(len(atop51.agreement(p).parties) for p in a.agreements)
    }
    assert merged == {f"ATOP-{n}" for n in (3424, 3433, 3610, 3625, 4070, 4075, 4100, 4185, 4195)}


@needs_atop
def test_the_real_file_has_no_ambiguous_dissolution(atop51: Landscape) -> None:
    # Where the latest exit has day precision, no month-precision exit of the same
    # alliance falls in that month: no dissolution is dated more precisely than known.
    for alliance in atop51.alliances:
        if alliance.dissolved is None or alliance.dissolved_precision is not Precision.DAY:
            continue
        last = alliance.dissolved
        for m in alliance.members:
            assert m.until is not None
            if m.until_precision is Precision.MONTH:
                assert (m.until.year, m.until.month) != (last.year, last.month)


@needs_atop
def test_the_real_file_round_trips(
    atop51: Landscape, member_rows: list[dict[str, str]], tmp_path: Path
) -> None:
    out = tmp_path / "atop5_1m.csv"
    atop.write_members(atop51, out)
    with open(out, newline="") as handle:
        written = list(csv.DictReader(handle))
    columns = atop.MEMBER_COLUMNS
    original = [tuple(r[c] for c in columns) for r in member_rows]
    back = [tuple(r[c] for c in columns) for r in written]
    # Every one of the 2,510 rows comes back, identical in all sixteen columns.
    assert Counter(back) == Counter(original)
    # And in ATOP's order, but for 10 rows in 5 alliances where ATOP lists a
    # state's parallel phases (same member, same entry date) phase 3 first:
    # the model keeps no order across agreements, so they come back in phase order.
    moved = [i for i, (a, b) in enumerate(zip(original, back, strict=True)) if a != b]
    assert len(moved) == 10
    assert {original[i][0] for i in moved} == {"3433", "3610", "3625", "4070", "4195"}
    # Through JSON, the same file again.
    again = tmp_path / "again.csv"
    atop.write_members(loads(dumps(atop51), Landscape), again)
    assert again.read_bytes() == out.read_bytes()


# --- ATOP's directed dyad-year file (issue 10)

DYADS = SHARED / "atop5_1ddyr_obligations.csv"
DYAD_HEADER = list(atop.DYAD_COLUMNS)
# Quadruple Alliance 1834 (ATOPID 1205 style): A=200, B=230, C=235; A and C promise
# defence and consultation, B consultation only; in ATOP's pairwise file B owes A only
# consultation, and C owes B nothing but consultation.
TRIAD = [
    row(1205, 200, (1834, 4, 22), (1840, 1, 1), obligations="10001"),
    row(1205, 230, (1834, 4, 22), (1840, 1, 1), obligations="10001"),
    row(1205, 235, (1834, 4, 22), (1840, 1, 1), obligations="10001"),
]


def triad_dyads(overrides: dict[tuple[int, int], str] | None = None) -> list[list[str]]:
    rows = []
    for year in range(1834, 1841):
        for a in (200, 230, 235):
            for b in (200, 230, 235):
                if a != b:
                    flags = (overrides or {}).get((a, b), "10001")
                    rows.append([str(a), str(b), str(year), *flags])
    return rows


def test_dyads_give_pairwise_commitments(tmp_path: Path) -> None:
    members = write(tmp_path / "m.csv", TRIAD)
    dyads = write(
        tmp_path / "d.csv", triad_dyads({(230, 200): "00001", (235, 230): "00001"}), DYAD_HEADER
    )
    world = atop.read(members, dyads=dyads)
    spells = {m.state: m for m in world.grouping("ATOP-1205").members}
    assert spells["ESP"].toward == (atop_commitment("GBR", Obligation.CONSULTATION),)
    assert spells["PRT"].toward == (atop_commitment("ESP", Obligation.CONSULTATION),)
    assert spells["GBR"].toward == ()
    assert world.start == atop.ATOP_START
    # the member file still comes back as it was: commitments are not in ATOP's member file
    atop.write_members(world, tmp_path / "back.csv")
    assert (tmp_path / "back.csv").read_text() == members.read_text()
    # and the ties follow
    assert world.allies("ESP", at=D(1835, 1, 1), direction="owes") == {"PRT"}


def atop_commitment(toward: str, *obligations: Obligation) -> Any:
    from coalitions import Commitment

    return Commitment(toward=toward, obligations=obligations)


def test_the_dyad_file_must_match_the_member_file(tmp_path: Path) -> None:
    members = write(tmp_path / "m.csv", TRIAD)
    rows = triad_dyads()
    rows[0] = ["200", "999", "1834", *"10001"]  # no such state
    rows[1] = ["200", "235", "1850", *"10001"]  # a year the two share nothing
    rows[2] = ["230", "200", "1834", *"01001"]  # an offence obligation nobody has
    rows.append(["235", "230", "1835", *"10001"])  # twice
    rows.append(["235", "230", "x", *"10001"])  # not a year
    dyads = write(tmp_path / "d.csv", rows, DYAD_HEADER)
    with pytest.raises(ValidationError) as caught:
        atop.read(members, dyads=dyads)
    assert [str(p) for p in caught.value.problems] == [
        "d.csv:2:stateB: 999 is no state in m.csv",
        "d.csv:3:year: 200 and 235 share no alliance in 1850 in m.csv",
        "d.csv:4:offense: is 1, but in m.csv 230 has no such obligation in the alliances it"
        " shares with 200 in 1834 (1205)",
        "d.csv:44:stateA: a second row for 235-230 in 1835",
        "d.csv:45:year: is 'x'; expected a whole number",
        # the rows replaced above are missing now: named by the file alone
        "d.csv: has no row for 200-230 in 1834, who share alliance 1205 in m.csv",
        "d.csv: has no row for 200-235 in 1834, who share alliance 1205 in m.csv",
    ]
    rows = triad_dyads()
    rows[0][2] = "1700"
    with pytest.raises(ValidationError) as caught:
        atop.read(members, dyads=write(tmp_path / "d.csv", rows, DYAD_HEADER))
    assert problems(caught)["d.csv:2:year"] == "1700 is outside the years of m.csv (1834-2018)"


def test_the_dyad_file_needs_its_columns(tmp_path: Path) -> None:
    members = write(tmp_path / "m.csv", TRIAD)
    dyads = write(tmp_path / "d.csv", [["200", "230", "1834"]], ["stateA", "stateB", "year"])
    with pytest.raises(ValidationError) as caught:
        atop.read(members, dyads=dyads)
    assert set(problems(caught)) == {f"d.csv:1:{c}" for c in OBLIGATIONS}


def test_alliance_ids_in_the_dyad_file_are_checked(tmp_path: Path) -> None:
    members = write(tmp_path / "m.csv", TRIAD)
    rows = [[*r, "1205"] for r in triad_dyads()]
    rows[5][-1] = "1206"
    dyads = write(tmp_path / "d.csv", rows, [*DYAD_HEADER, "atopid1"])
    with pytest.raises(ValidationError) as caught:
        atop.read(members, dyads=dyads)
    assert problems(caught) == {
        "d.csv:7:atopid1": "the alliances listed (1206) differ from those 235 and 230 share in"
        " 1834 in m.csv (1205)"
    }


@needs_atop
@pytest.mark.skipif(not DYADS.exists(), reason=f"{DYADS.name} is not in {SHARED}")
def test_the_real_files_round_trip_with_commitments(tmp_path: Path) -> None:
    world = atop.read(MEMBERS, dyads=DYADS)
    committed = [m for a in world.alliances for m in a.members if m.toward]
    assert len(committed) == 31
    atop.write_members(world, tmp_path / "back.csv")
    with open(MEMBERS, newline="") as handle:
        original = Counter(tuple(r[c] for c in atop.MEMBER_COLUMNS) for r in csv.DictReader(handle))
    with open(tmp_path / "back.csv", newline="") as handle:
        back = Counter(tuple(r[c] for c in atop.MEMBER_COLUMNS) for r in csv.DictReader(handle))
    assert back == original
    assert sum(back.values()) == 2510
    assert loads(dumps(world)) == world


# --- hostile files (issue 12): every problem where it is, and nothing but ValidationError

HUGE = "9" * 5000  # past Python's limit for int() on text (4,300 digits)


def pairs(count: int) -> list[list[str]]:
    """``count`` two-member alliances, on lines 2 to ``2 * count + 1``."""
    return [row(number, code, (1900, 1, 1)) for number in range(1, count + 1) for code in (2, 200)]


def write_bytes(path: Path, rows: Sequence[Sequence[str]], **swaps: bytes) -> Path:
    """Rows written as ``write`` does, then each placeholder cell swapped for raw bytes."""
    data = write(path, rows).read_bytes()
    for placeholder, raw in swaps.items():
        data = data.replace(placeholder.encode(), raw)
    path.write_bytes(data)
    return path


def test_a_number_of_5000_digits_is_a_problem_in_the_member_file(tmp_path: Path) -> None:
    rows = pairs(4)
    rows.insert(1, row(1, 220, (1900, 1, 1)))  # line 3: a third member of alliance 1 ...
    rows[1][0] = HUGE  # ... whose atopid cannot be a number
    rows[3][1] = HUGE  # line 5: member
    rows[5][2] = HUGE  # line 7: yrent
    rows[7][11] = HUGE  # line 9: defense
    with pytest.raises(ValidationError) as exc:
        atop.read(write(tmp_path / "m.csv", rows))
    assert problems(exc) == {
        "m.csv:3:atopid": "is a number of 5,000 digits; expected a whole number of at least 1",
        "m.csv:5:member": "is a number of 5,000 digits; expected a whole number of at least 1",
        "m.csv:7:yrent": "is a number of 5,000 digits; expected a whole number from 1 to 9999",
        # a long cell is shown cut short
        "m.csv:9:defense": f"is {HUGE[:40]!r}... (5,000 characters); expected 0 or 1",
    }


def test_a_number_of_5000_digits_is_a_problem_in_the_alliance_file(tmp_path: Path) -> None:
    members = write(tmp_path / "m.csv", NATO_ROWS)
    header = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "maxphase"]
    rows = [
        [HUGE, "1949", "4", "4", "0", "0", "0", "2"],
        ["3180", HUGE, "4", "4", "0", "0", "0", "2"],
    ]
    with pytest.raises(ValidationError) as exc:
        atop.read(members, write(tmp_path / "a.csv", rows, header))
    # and no "alliance 3180 has no row here": the row with the unreadable atopid may be its
    assert problems(exc) == {
        "a.csv:2:atopid": "is a number of 5,000 digits; expected a whole number of at least 1",
        "a.csv:3:begyr": "is a number of 5,000 digits; expected a whole number from 1 to 9999",
    }


def test_a_number_of_5000_digits_is_a_problem_in_the_dyad_file(tmp_path: Path) -> None:
    members = write(tmp_path / "m.csv", TRIAD)
    rows = triad_dyads()
    rows[0][2] = HUGE
    rows[1][0] = HUGE
    with pytest.raises(ValidationError) as exc:
        atop.read(members, dyads=write(tmp_path / "d.csv", rows, DYAD_HEADER))
    found = problems(exc)
    assert found["d.csv:2:year"] == (
        "is a number of 5,000 digits; expected a whole number from 1 to 9999"
    )
    assert found["d.csv:3:stateA"] == (
        "is a number of 5,000 digits; expected a whole number of at least 1"
    )


def test_a_byte_that_is_not_utf8_is_reported_where_it_is(tmp_path: Path) -> None:
    rows = pairs(25)
    rows[38][1] = "BAD"  # line 40
    path = write_bytes(tmp_path / "m.csv", rows, BAD=b"2\xff")
    with pytest.raises(ValidationError) as exc:
        atop.read(path)
    # one problem, at its line and column: not m.csv:1, and nothing else
    assert problems(exc) == {
        "m.csv:40:member": "byte 0xFF is not UTF-8: the file must be UTF-8 text,"
        " as ATOP's own files are"
    }
    # in a header name: the field is counted, since the name cannot be shown
    path = write_bytes(tmp_path / "m.csv", pairs(2), atopid=b"atop\xe9id")
    with pytest.raises(ValidationError) as exc:
        atop.read(path)
    assert problems(exc) == {
        "m.csv:1": "byte 0xE9 (field 1) is not UTF-8: the file must be UTF-8 text,"
        " as ATOP's own files are"
    }
    # many: the first ten lines, and a count of the rest
    rows = pairs(25)
    for index in range(12):
        rows[2 * index][1] = "BAD"
    with pytest.raises(ValidationError) as caught:
        atop.read(write_bytes(tmp_path / "m.csv", rows, BAD=b"\x80"))
    paths = [p.path for p in caught.value.problems]
    assert paths == [*(f"m.csv:{2 + 2 * i}:member" for i in range(10)), "m.csv"]
    assert caught.value.problems[-1].message == (
        "... and 2 more lines with bytes that are not UTF-8"
    )
    # a byte-order mark is still fine
    path = write(tmp_path / "m.csv", NATO_ROWS)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert atop.read(path) == atop.read(write(tmp_path / "plain.csv", NATO_ROWS))


def test_a_quote_left_open_is_reported_where_it_opens(tmp_path: Path) -> None:
    rows = pairs(25)
    rows[18][4] = "QUOTE"  # line 20, dayent
    with pytest.raises(ValidationError) as exc:
        atop.read(write_bytes(tmp_path / "m.csv", rows, QUOTE=b'"1'))
    assert problems(exc) == {
        "m.csv:20:dayent": "a quoted field opens here and is never closed: it runs to the end"
        " of the file (line 51)"
    }
    # on the last line
    rows = pairs(25)
    rows[-1][15] = "QUOTE"
    with pytest.raises(ValidationError) as exc:
        atop.read(write_bytes(tmp_path / "m.csv", rows, QUOTE=b'"1'))
    assert problems(exc) == {
        "m.csv:51:consul": "a quoted field opens here and is never closed: it runs to the end"
        " of the file (line 51)"
    }
    # closed ten lines on: one row of the wrong width, reported where the quote opens
    rows = pairs(25)
    rows[18][4] = "QUOTE"
    rows[28][15] = "CLOSE"  # line 30, consul
    with pytest.raises(ValidationError) as exc:
        atop.read(write_bytes(tmp_path / "m.csv", rows, QUOTE=b'"1', CLOSE=b'1"'))
    assert problems(exc) == {
        "m.csv:20:dayent": "a quoted field opens here and runs on to line 30, making 11 lines"
        " one row: is a closing quote missing?"
    }
    # left open in a file longer than the csv module's longest field
    rows = pairs(2000)
    rows[18][4] = "QUOTE"
    with pytest.raises(ValidationError) as exc:
        atop.read(write_bytes(tmp_path / "m.csv", rows, QUOTE=b'"1'))
    assert problems(exc) == {
        "m.csv:20:dayent": f"a field longer than {csv.field_size_limit():,} characters, the"
        " most the csv module reads: it opens with a quote here; is the closing quote missing?"
    }


def test_an_overlong_field_is_reported_where_it_is(tmp_path: Path) -> None:
    rows = pairs(25)
    rows[28][2] = "1" * (csv.field_size_limit() + 1)  # line 30, yrent
    with pytest.raises(ValidationError) as exc:
        atop.read(write(tmp_path / "m.csv", rows))
    assert problems(exc) == {
        "m.csv:30:yrent": f"a field longer than {csv.field_size_limit():,} characters, the"
        " most the csv module reads"
    }


def test_a_quoted_line_break_in_a_column_not_read_is_fine(tmp_path: Path) -> None:
    rows = [[*r, ""] for r in pairs(3)]
    rows[1][-1] = "two\r\nlines"  # lines 3 and 4
    rows[3][1] = "USA"  # on line 6, after the row of two lines
    with pytest.raises(ValidationError) as exc:
        atop.read(write(tmp_path / "m.csv", rows, [*HEADER, "notes"]))
    assert problems(exc) == {"m.csv:6:member": "is 'USA'; expected a whole number"}
    # in a column that is read, it is a quote left open
    rows = pairs(3)
    rows[1][2] = "19\n00"
    with pytest.raises(ValidationError) as exc:
        atop.read(write(tmp_path / "m.csv", rows))
    assert list(problems(exc)) == ["m.csv:3:yrent"]


def test_an_unreadable_alliance_file_is_not_checked_row_by_row(tmp_path: Path) -> None:
    members = write(tmp_path / "m.csv", pairs(25))
    header = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "maxphase"]
    good = [[str(n), "1900", "1", "1", "0", "0", "0", "0"] for n in range(1, 26)]
    assert atop.read(members, write(tmp_path / "a.csv", good, header)) == atop.read(members)
    # a missing column: that, not 25 alliances "with no row here"
    short = [r[:1] + r[2:] for r in good]
    with pytest.raises(ValidationError) as exc:
        atop.read(members, write(tmp_path / "a.csv", short, [header[0], *header[2:]]))
    assert problems(exc) == {"a.csv:1:begyr": "missing column"}
    # a byte that is not UTF-8: that alone
    bad = [list(r) for r in good]
    bad[9][3] = "BAD"
    alliances = write(tmp_path / "a.csv", bad, header)
    alliances.write_bytes(alliances.read_bytes().replace(b"BAD", b"\xfe"))
    with pytest.raises(ValidationError) as exc:
        atop.read(members, alliances)
    assert list(problems(exc)) == ["a.csv:11:begday"]
    # an atopid that cannot be read: its row may be any alliance's
    bad = [list(r) for r in good]
    bad[4][0] = "five"
    with pytest.raises(ValidationError) as exc:
        atop.read(members, write(tmp_path / "a.csv", bad, header))
    assert problems(exc) == {"a.csv:6:atopid": "is 'five'; expected a whole number"}


def test_repeated_column_names_are_refused(tmp_path: Path) -> None:
    rows = [[*r, "2"] for r in pairs(2)]
    with pytest.raises(ValidationError) as exc:
        atop.read(write(tmp_path / "m.csv", rows, [*HEADER, "member"]))
    assert problems(exc) == {
        "m.csv:1:member": "names 2 columns (2, 17); a column name must be unique, or which"
        " column holds the data is a guess"
    }
    # in the dyad file, names match whatever their case
    members = write(tmp_path / "m.csv", TRIAD)
    dyads = write(tmp_path / "d.csv", [[*r, r[0]] for r in triad_dyads()], [*DYAD_HEADER, "STATEA"])
    with pytest.raises(ValidationError) as exc:
        atop.read(members, dyads=dyads)
    assert list(problems(exc)) == ["d.csv:1:stateA"]
    assert problems(exc)["d.csv:1:stateA"].startswith("names 2 columns (1, 9);")
    # in the alliance file, any column, read or not
    header = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "maxphase"]
    alliance_rows = [[str(n), "1834", "4", "22", "1840", "1", "1", "0", "x", "y"] for n in [1205]]
    with pytest.raises(ValidationError) as exc:
        atop.read(members, write(tmp_path / "a.csv", alliance_rows, [*header, "note", "note"]))
    assert list(problems(exc)) == ["a.csv:1:note"]
    # unnamed columns (a trailing comma) are no one's, and fine
    rows = [[*r, "", ""] for r in pairs(2)]
    assert atop.read(write(tmp_path / "m.csv", rows, [*HEADER, "", ""])) == atop.read(
        write(tmp_path / "plain.csv", pairs(2))
    )
