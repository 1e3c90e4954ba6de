"""The embedded reference landscape: integrity, and facts pinned to their sources."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coalitions import Agreement, Role, reference_landscape, registry
from coalitions.domains import CATALOGUE

D = dt.date
ROOT = Path(__file__).resolve().parents[1]
WORLD = reference_landscape()
ENTITIES = [*WORLD.agreements, *WORLD.alliances, *WORLD.minilaterals]


def test_loads_once_and_states_its_date() -> None:
    assert reference_landscape() is WORLD
    assert WORLD.as_of == D(2026, 4, 30)


def test_every_record_cites_a_source_and_names_a_catalogue_domain() -> None:
    keys = {d.key for d in CATALOGUE}
    for entity in ENTITIES:
        assert entity.sources, entity.id
        assert all(source.strip() for source in entity.sources), entity.id
        assert entity.domains, entity.id
        assert entity.domains <= keys, entity.id


def test_states_are_the_registrys_and_all_are_used() -> None:
    used = {
        s.state for e in ENTITIES for s in (e.parties if isinstance(e, Agreement) else e.members)
    }
    assert {s.code for s in WORLD.states} == used
    for state in WORLD.states:
        assert registry.lookup(state.code) == state


def test_domains_are_the_catalogue() -> None:
    assert WORLD.domains == CATALOGUE


def test_shipped_file_is_built_from_the_sources() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_reference.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_required_records_are_present() -> None:
    ids = {e.id for e in ENTITIES}
    required = {
        "NATO", "QUAD", "AUKUS", "FIVE-EYES", "ANZUS", "CSTO", "SCO", "GCC", "ECOWAS", "AES", "AU",
        "EU-42-7", "US-JPN-MST", "US-KOR-MDT", "US-PHL-MDT", "JPN-KOR-USA-TRI", "JPN-PHL-USA-TRI",
        "JPN-AUS-RAA", "JPN-GBR-RAA", "JPN-PHL-RAA", "ABRAHAM-ACCORDS-DECL", "TUR-AZE-SHUSHA",
        "TUR-SOM-DECFA", "RUS-PRK-2024", "SAU-PAK-SMDA", "OPG", "EUNAVFOR-ASPIDES", "CMF", "CTF-151",
        "EUNAVFOR-ATALANTA", "SCS-MMCA", "GCAP",
    }  # fmt: skip
    assert required <= ids


NATO_ACCESSIONS = {
    **dict.fromkeys(["BEL", "CAN", "DNK", "FRA", "GBR", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "USA"], D(1949, 8, 24)),
    "GRC": D(1952, 2, 18), "TUR": D(1952, 2, 18), "DEU": D(1955, 5, 6), "ESP": D(1982, 5, 30),
    "CZE": D(1999, 3, 12), "HUN": D(1999, 3, 12), "POL": D(1999, 3, 12),
    **dict.fromkeys(["BGR", "EST", "LTU", "LVA", "ROU", "SVK", "SVN"], D(2004, 3, 29)),
    "ALB": D(2009, 4, 1), "HRV": D(2009, 4, 1), "MNE": D(2017, 6, 5), "MKD": D(2020, 3, 27),
    "FIN": D(2023, 4, 4), "SWE": D(2024, 3, 7),
}  # fmt: skip


def test_nato_has_its_32_members_from_their_accession_days() -> None:
    nato = WORLD.grouping("NATO")
    members = {m.state: m for m in nato.members if m.role is Role.MEMBER}
    assert {code: m.since for code, m in members.items()} == NATO_ACCESSIONS
    assert all(m.until is None for m in members.values())
    assert len(WORLD.members("NATO", at=WORLD.as_of)) == 32
    assert WORLD.members("NATO", at=D(2024, 3, 6)) == set(NATO_ACCESSIONS) - {"SWE"}
    partners = WORLD.members("NATO", at=WORLD.as_of, role=Role.PARTNER)
    assert {"AUS", "JPN", "KOR", "NZL", "AUT", "CHE", "IRL", "UKR", "ISR", "QAT", "COL"} <= partners
    assert "FIN" in WORLD.members("NATO", at=D(2023, 4, 3), role=Role.PARTNER)
    assert "FIN" not in WORLD.members("NATO", at=D(2023, 4, 4), role=Role.PARTNER)
    assert not partners & WORLD.members("NATO", at=WORLD.as_of)


def test_departures_and_accessions_to_the_day() -> None:
    assert "GBR" in WORLD.members("EU-42-7", at=D(2020, 1, 31))
    assert "GBR" not in WORLD.members("EU-42-7", at=D(2020, 2, 1))
    for code in ("MLI", "BFA", "NER"):
        assert code in WORLD.members("ECOWAS", at=D(2025, 1, 28))
        assert code not in WORLD.members("ECOWAS", at=D(2025, 1, 29))
        assert code in WORLD.members("AES", at=D(2023, 9, 16))
    assert WORLD.members("SCO", at=WORLD.as_of) >= {"IND", "PAK", "IRN", "BLR"}
    assert "IRN" not in WORLD.members("SCO", at=D(2023, 7, 3))


@pytest.mark.parametrize(
    ("code", "expected"),
    [("JPN", {"USA"}), ("KOR", {"USA"}), ("PHL", {"USA"}), ("PRK", {"RUS"})],
)
def test_bilateral_allies(code: str, expected: set[str]) -> None:
    assert WORLD.allies(code, at=D(2025, 12, 31), strict=True) >= expected


# --- the second wave (issue 11)

FACTS = ROOT / "tools" / "reference" / "facts"
SHARED = ROOT.parent / "shared" / "data"


def _key_dates(entity: object) -> dict[str, dt.date]:
    return {
        field: getattr(entity, field)
        for field in ("founded", "signed", "in_force", "dissolved", "ended")
        if getattr(entity, field, None) is not None
    }


def test_the_size_the_brief_asks_for() -> None:
    assert len(WORLD.states) >= 150
    assert len(WORLD.alliances) + len(WORLD.minilaterals) >= 40
    assert len(WORLD.agreements) >= 80


def test_every_key_date_has_a_stated_source_in_the_fact_table() -> None:
    stated: dict[str, list[dict[str, str]]] = {}
    for sidecar in FACTS.glob("*.json"):
        for record, facts in json.loads(sidecar.read_text(encoding="utf-8"))["records"].items():
            stated.setdefault(record, []).extend(facts["dates"])
    missing = []
    for entity in ENTITIES:
        for field, day in _key_dates(entity).items():
            if not any(
                f.get("field") == field and f.get("date") == day.isoformat() and f.get("source")
                for f in stated.get(entity.id, [])
            ):
                missing.append(f"{entity.id}.{field} {day}")
    assert missing == []


def test_the_brief_table_names_only_records_that_exist() -> None:
    page = (ROOT / "docs" / "reference-data.md").read_text(encoding="utf-8")
    section = page.split("## The brief, sentence by sentence", 1)[1].split("### Still missing", 1)[
        0
    ]
    named = set(re.findall(r"`([A-Z0-9][A-Z0-9.-]+)`", section))
    known = {e.id for e in ENTITIES}
    assert len(named) > 100
    assert named - known == set()


# Key dates of the second wave, each checked against the page the fact table cites.
NEW_RECORDS = {
    "CTF-153": ("founded", D(2022, 4, 17)),
    "EMASOH": ("founded", D(2020, 1, 20)),
    "DCOC-2009": ("signed", D(2009, 1, 29)),
    "DCOC-JEDDAH-2017": ("signed", D(2017, 1, 12)),
    "C-SIPA": ("founded", D(2023, 9, 13)),
    "USA-SAU-SDA-2025": ("signed", D(2025, 11, 18)),
    "USA-QAT-EO-2025": ("signed", D(2025, 9, 29)),
    "TUR-LBY-MOU-2019": ("signed", D(2019, 11, 27)),
    "BAYKAR-POL-TB2-2021": ("signed", D(2021, 5, 24)),
    "KOR-POL-ARMS-FRAMEWORK-2022": ("signed", D(2022, 7, 27)),
    "KOR-POL-K2K9-EXEC-2022": ("signed", D(2022, 8, 26)),
    "JPN-PHL-OSA-2023": ("signed", D(2023, 11, 3)),
    "JPN-KOR-USA-MWDS-2023": ("signed", D(2023, 12, 19)),
    "AUKUS-JPN-2024": ("signed", D(2024, 4, 8)),
    "QUAD-LEADERS-2021": ("signed", D(2021, 3, 12)),
    "NATO-IP4": ("founded", D(2022, 6, 29)),
    "MSP": ("founded", D(2004, 7, 20)),
    "G5-SAHEL": ("founded", D(2014, 2, 16)),
    "SAMIM": ("dissolved", D(2024, 7, 15)),
    "ATMIS": ("founded", D(2022, 4, 1)),
    "AUSSOM": ("founded", D(2025, 1, 1)),
    "RUS-CAF-MIL-2018": ("signed", D(2018, 8, 21)),
    "TURKSOM": ("signed", D(2017, 9, 30)),
    "NORDEFCO": ("founded", D(2009, 11, 4)),
    "EI2": ("founded", D(2018, 6, 25)),
    "PESCO": ("founded", D(2017, 12, 11)),
    "ESSI": ("founded", D(2022, 10, 13)),
    "FRA-GRC-SPDSC-2021": ("signed", D(2021, 9, 28)),
    "RIO-TREATY": ("founded", D(1947, 9, 2)),
    "AUS-TUV-FALEPILI": ("in_force", D(2024, 8, 28)),
    "JPN-PHL-ACSA-2026": ("signed", D(2026, 1, 15)),
}


@pytest.mark.parametrize(("record", "expected"), NEW_RECORDS.items(), ids=list(NEW_RECORDS))
def test_key_dates_of_the_second_wave(record: str, expected: tuple[str, dt.date]) -> None:
    field, day = expected
    entity = next(e for e in ENTITIES if e.id == record)
    assert getattr(entity, field) == day


def test_statuses_up_to_as_of() -> None:
    au = WORLD.grouping("AU")
    guinea = next(m for m in au.members if m.state == "GIN")
    assert guinea.status_on(D(2026, 1, 21)) is not None
    assert guinea.status_on(D(2026, 1, 22)) is None
    for grouping, state, since in (("AU", "MDG", D(2025, 10, 15)), ("AU", "GNB", D(2025, 11, 28)),
                                   ("ECOWAS", "GNB", D(2025, 11, 27))):  # fmt: skip
        spell = next(m for m in WORLD.grouping(grouping).members if m.state == state)
        assert spell.status_on(since - dt.timedelta(days=1)) is None
        assert spell.status_on(since) is not None


def test_rosters_of_the_maritime_coalitions() -> None:
    cmf = WORLD.members("CMF", at=WORLD.as_of)
    assert {"BRA", "POL", "LBN", "ALB", "IND", "USA"} <= cmf
    assert "TUR" in WORLD.members("CTF-151", at=D(2009, 12, 31))
    for grouping in ("CMF", "CTF-151", "OPG", "EUNAVFOR-ASPIDES", "EUNAVFOR-ATALANTA"):
        assert not WORLD.grouping(grouping).roster_complete


ATOP_IDS = {"RIO-TREATY": "3075", "NATO": "3180", "ANZUS": "3215", "US-JPN-MST": "3375", "US-KOR-MDT": "3240",
            "US-PHL-MDT": "3210", "GCC-JDA-2000": "4965", "TUR-AZE-SPMA-2010": "6035"}  # fmt: skip


def test_atop_ids_link_to_atop() -> None:
    for record, atopid in ATOP_IDS.items():
        entity = next(e for e in ENTITIES if e.id == record)
        assert entity.external_ids.get("atop") == atopid, record


@pytest.mark.skipif(
    not (SHARED / "atop5_1m.csv").exists(), reason="ATOP 5.1 is not in ../shared/data"
)
def test_atop_ids_name_alliances_of_the_same_states() -> None:
    members: dict[str, set[int]] = {}
    with (SHARED / "atop5_1m.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            members.setdefault(row["atopid"], set()).add(int(row["member"]))
    for entity in ENTITIES:
        atopid = entity.external_ids.get("atop")
        if atopid is None:
            continue
        assert atopid in members, entity.id
        spells = entity.parties if isinstance(entity, Agreement) else entity.members
        ours = {registry.lookup(s.state).cow_code for s in spells if s.role is Role.MEMBER}
        assert len(ours & members[atopid]) >= 2, entity.id  # the same states, at least in part
