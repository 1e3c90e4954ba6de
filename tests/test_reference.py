"""The embedded reference landscape: integrity, and facts pinned to their sources."""

from __future__ import annotations

import datetime as dt
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
    assert WORLD.as_of == D(2025, 12, 31)


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
    assert WORLD.members("NATO", at=WORLD.as_of, role=Role.PARTNER) == {"AUS", "JPN", "KOR", "NZL"}


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
    assert WORLD.allies(code, at=D(2025, 12, 31)) == expected
