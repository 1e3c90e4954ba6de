"""State systems: the G-W list and its codes, COW's majors and contiguity, as shipped."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from coalitions import ValidationError, registry, systems

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
REPO = Path(__file__).resolve().parents[1]


def test_gw_codes_and_conversions() -> None:
    assert registry.by_gw(2).code == "USA"
    assert registry.by_gw(260, on=dt.date(1970, 1, 1)).code == "XGF"
    assert registry.by_gw(260, on=dt.date(1991, 1, 1)).code == "DEU"
    assert registry.cow_to_gw(255, on=dt.date(2000, 1, 1)) == 260
    assert registry.cow_to_gw(255, on=dt.date(1900, 1, 1)) == 255
    assert registry.gw_to_cow(678, on=dt.date(1995, 1, 1)) == 679  # Yemen
    assert registry.gw_to_cow(678, on=dt.date(1980, 1, 1)) == 678  # North Yemen
    assert registry.gw_to_cow(970) == 946  # G-W's 970 is Kiribati, COW's Nauru
    assert registry.gw_code("Nauru") == 971
    assert registry.gw_to_cow(711) is None  # Tibet: G-W only
    assert registry.by_gw(711).name == "Tibet"


@pytest.mark.skipif(
    not (SHARED / "gwstates.csv").exists(), reason=f"gwstates.csv is not in {SHARED}"
)
def test_every_gw_spell_is_shipped() -> None:
    with open(SHARED / "gwstates.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    shipped = registry.gw_spells()
    # each row once, except the two the registry splits (260 and 678) and Serbia's (340)
    assert {(int(r["gwcode"]), r["start"]) for r in rows} <= {
        (s.gw_code, s.since.isoformat()) for s in shipped
    }
    assert len(shipped) == len(rows) + 2
    assert {s.microstate for s in shipped if s.gw_code in (221, 232, 331)} == {True}


@pytest.mark.skipif(
    not (SHARED / "majors2016.csv").exists(), reason=f"the COW files are not in {SHARED}"
)
def test_majors_and_contiguity_match_cows_files() -> None:
    with open(SHARED / "majors2016.csv", newline="") as handle:
        majors = [
            (int(r["ccode"]), int(r["styear"]), int(r["endyear"])) for r in csv.DictReader(handle)
        ]
    assert [
        (m.cow_code, m.since.year, (m.until - dt.timedelta(days=1)).year) for m in systems.majors()
    ] == majors
    with open(SHARED / "contdir.csv", newline="") as handle:
        spells = {
            (
                min(int(r["ccode1"]), int(r["ccode2"])),
                max(int(r["ccode1"]), int(r["ccode2"])),
                int(r["conttype"]),
                r["stdate"][:7],
            )
            for r in csv.DictReader(handle)
        }
    assert {
        (c.cow_code_a, c.cow_code_b, c.type, c.since.isoformat()[:7]) for c in systems.contiguity()
    } == spells


def test_relevance() -> None:
    assert systems.is_major(365, 1950)
    assert not systems.is_major(365, 1920)  # Russia was not a major power 1918-1921
    assert systems.contiguity_type(2, 70, 1990) == 1
    assert systems.contiguity_type(200, 220, 1990) == 3  # up to 24 miles of water
    assert systems.relevant(20, 2, 2010)
    assert not systems.relevant(20, 700, 2010)
    assert not systems.relevant(None, 20, 2010)


def test_system_years_and_names() -> None:
    assert systems.year_range("gw") == (1816, 2020)
    with pytest.raises(ValidationError, match="unknown state system 'iso'"):
        systems.members("iso", 2000)
    with pytest.raises(ValidationError, match="1815 is outside"):
        systems.members("cow", 1815)


@pytest.mark.skipif(
    not (SHARED / "statelist2024.csv").exists(), reason=f"the source lists are not in {SHARED}"
)
def test_the_shipped_data_is_current() -> None:
    status = subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_registry.py"), "--check"], check=False
    ).returncode
    assert status == 0
