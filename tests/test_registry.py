"""The state registry: codes, look-ups, COW spells, and the shipped data file."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import itertools
import json
import subprocess
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coalitions import State, UnknownEntityError, registry
from coalitions.registry import Spell

D = dt.date
REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).parents[2] / "shared" / "data"
COW_CSV = SHARED / "statelist2024.csv"
ATOP_MEMBERS = SHARED / "atop5_1m.csv"
PARTS = Path(__file__).resolve().parents[1] / "tools" / "reference"  # the researched sources

needs_cow = pytest.mark.skipif(
    not COW_CSV.exists(), reason=f"the COW state list is not at {COW_CSV} (../shared/data)"
)
needs_atop = pytest.mark.skipif(
    not ATOP_MEMBERS.exists(), reason=f"the ATOP member file is not at {ATOP_MEMBERS}"
)

# Every ISO 3166-1 alpha-3 code in use (249, as of 2024), states and territories alike.
_ISO_ALPHA3_TEXT = """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD
    BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR
    COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH
    ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL
    GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR
    JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR
    MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL
    NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY
    PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP
    SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
    UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
"""
ISO_ALPHA3 = frozenset(_ISO_ALPHA3_TEXT.split())
# Sovereign states with an ISO code that are not UN members, and are in the registry.
NON_UN_ISO_STATES = frozenset({"VAT", "PSE", "TWN", "ESH", "COK", "NIU"})
ISO_3166_3 = frozenset({"CSK", "DDR", "YUG", "YMD"})


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_registry", REPO / "tools" / "build_registry.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_registry"] = module
    spec.loader.exec_module(module)
    return module


def shipped() -> dict[str, Any]:
    text = (resources.files("coalitions") / "data" / "states.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def cow_rows() -> list[dict[str, str]]:
    with COW_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- look-ups


@pytest.mark.parametrize(
    ("query", "code"),
    [
        # codes, numbers, abbreviations
        ("TUR", "TUR"),
        ("tur", "TUR"),
        (" TUR ", "TUR"),
        ("TR", "TUR"),
        (640, "TUR"),
        ("640", "TUR"),
        ("SPN", "ESP"),
        ("GMY", "DEU"),
        ("UKG", "GBR"),
        ("FRN", "FRA"),
        ("ROK", "KOR"),
        ("UAE", "ARE"),
        ("KOS", "XKX"),
        ("MON", "MNG"),
        ("BAV", "XBV"),
        ("AUH", "XAH"),
        ("GFR", "XGF"),
        ("GDR", "DDR"),
        ("XKX", "XKX"),
        ("XK", "XKX"),
        ("US", "USA"),
        ("gb", "GBR"),
        # names, current and former, short and formal
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("turkiye", "TUR"),
        ("TÜRKIYE", "TUR"),
        ("Republic of Türkiye", "TUR"),
        ("Ottoman Empire", "TUR"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("cote divoire", "CIV"),
        ("Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("South Korea", "KOR"),
        ("Republic of Korea", "KOR"),
        ("Korea, Republic of", "KOR"),
        ("North Korea", "PRK"),
        ("DPRK", "PRK"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("USA", "USA"),
        ("United States", "USA"),
        ("United States of America", "USA"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Soviet Union", "RUS"),
        ("Iran", "IRN"),
        ("Persia", "IRN"),
        ("Syria", "SYR"),
        ("Syrian Arab Republic", "SYR"),
        ("Laos", "LAO"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Vietnam", "VNM"),
        ("Viet Nam", "VNM"),
        ("Swaziland", "SWZ"),
        ("Eswatini", "SWZ"),
        ("North Macedonia", "MKD"),
        ("Macedonia", "MKD"),
        ("Cape Verde", "CPV"),
        ("Cabo Verde", "CPV"),
        ("East Timor", "TLS"),
        ("Timor-Leste", "TLS"),
        ("timor leste", "TLS"),
        ("DR Congo", "COD"),
        ("Congo-Kinshasa", "COD"),
        ("Democratic Republic of Congo", "COD"),
        ("Zaire", "COD"),
        ("Congo", "COG"),
        ("Congo-Brazzaville", "COG"),
        ("Gambia", "GMB"),
        ("The Gambia", "GMB"),
        ("St. Lucia", "LCA"),
        ("St Kitts & Nevis", "KNA"),
        ("Sao Tome and Principe", "STP"),
        ("Holy See", "VAT"),
        ("Vatican City", "VAT"),
        ("Palestine", "PSE"),
        ("State of Palestine", "PSE"),
        ("Taiwan", "TWN"),
        ("Kosovo", "XKX"),
        ("Western Sahara", "ESH"),
        ("Sahrawi Arab Democratic Republic", "ESH"),
        ("Cook Islands", "COK"),
        ("Niue", "NIU"),
        ("Prussia", "DEU"),
        ("West Germany", "XGF"),
        ("German Federal Republic", "XGF"),
        ("East Germany", "DDR"),
        ("German Democratic Republic", "DDR"),
        ("Bavaria", "XBV"),
        ("Württemberg", "XWT"),
        ("Wuerttemburg", "XWT"),
        ("Papal States", "XPS"),
        ("Two Sicilies", "XTS"),
        ("Austria-Hungary", "XAH"),
        ("Czechoslovakia", "CSK"),
        ("Yugoslavia", "YUG"),
        ("Serbia and Montenegro", "YUG"),
        ("Serbia", "SRB"),
        ("Yemen Arab Republic", "XYA"),
        ("Yemen People's Republic", "YMD"),
        ("South Yemen", "YMD"),
        ("Yemen", "YEM"),
        ("Republic of Vietnam", "XRV"),
        ("South Vietnam", "XRV"),
        ("Annam", "XAN"),
        ("Zanzibar", "XZN"),
        ("Korean Empire", "XKR"),
    ],
)
def test_lookup_forms(query: str | int, code: str) -> None:
    assert registry.lookup(query).code == code
    assert registry.get(query) == registry.lookup(query)
    assert registry.record(query).state == registry.lookup(query)


def test_lookup_returns_model_states() -> None:
    assert registry.lookup("Turkey") == State(
        code="TUR", name="Türkiye", cow_code=640, region="Asia"
    )
    assert registry.lookup("Holy See") == State(code="VAT", name="Holy See", region="Europe")


@pytest.mark.parametrize(
    ("query", "code"),
    [("AUS", "AUS"), ("SWZ", "SWZ"), ("SLV", "SLV"), ("MNG", "MNG"), ("CZE", "CZE")],
)
def test_iso_codes_win_over_cow_abbreviations(query: str, code: str) -> None:
    # COW's AUS is Austria, SWZ Switzerland, SLV Slovenia, MNG Montenegro, CZE Czechoslovakia
    assert registry.lookup(query).code == code
    cow_meaning = {r.cow_abbreviation: r for r in registry.records()}[query]
    assert cow_meaning.code != code


def test_an_iso_territory_code_is_never_read_as_a_cow_abbreviation() -> None:
    # COW's MAC is North Macedonia; ISO's MAC is Macao, which is no state
    assert registry.record("North Macedonia").cow_abbreviation == "MAC"
    assert registry.get("MAC") is None
    with pytest.raises(UnknownEntityError):
        registry.lookup("MAC")
    assert registry.get("HKG") is None


def test_a_miss_raises_with_suggestions() -> None:
    with pytest.raises(UnknownEntityError) as caught:
        registry.lookup("Turky")
    assert caught.value.suggestions[0] == "Türkiye"
    assert isinstance(caught.value, KeyError)
    assert caught.value.key == "Turky"
    with pytest.raises(UnknownEntityError) as caught:
        registry.lookup("Phillipines")
    assert caught.value.suggestions == ("Philippines",)
    with pytest.raises(UnknownEntityError) as caught:
        registry.lookup("Swizerland")
    assert caught.value.suggestions[0] == "Switzerland"


def test_a_miss_with_nothing_close_has_no_suggestions() -> None:
    with pytest.raises(UnknownEntityError) as caught:
        registry.lookup("Qwertyuiop")
    assert caught.value.suggestions == ()
    assert str(caught.value) == "unknown state 'Qwertyuiop'"


def test_an_ambiguous_name_raises_with_every_candidate() -> None:
    with pytest.raises(UnknownEntityError) as caught:
        registry.lookup("Korea")
    assert caught.value.suggestions == ("Korea (Joseon)", "North Korea", "South Korea")
    assert registry.get("Korea") is None
    with pytest.raises(UnknownEntityError) as caught:
        registry.lookup("Hesse")
    assert set(caught.value.suggestions) == {"Hesse-Kassel", "Hesse-Darmstadt"}


@pytest.mark.parametrize("query", ["Narnia", "", "   ", "ZZZ", "Q", 0, -1, 999, 1000, "000"])
def test_get_returns_none_on_a_miss(query: str | int) -> None:
    assert registry.get(query) is None
    with pytest.raises(UnknownEntityError):
        registry.lookup(query)


@pytest.mark.parametrize("query", [None, 3.0, True, b"TUR", ["TUR"]])
def test_a_query_of_the_wrong_type_is_a_type_error(query: Any) -> None:
    with pytest.raises(TypeError):
        registry.get(query)
    with pytest.raises(TypeError):
        registry.lookup(query)


@given(st.text(max_size=40))
def test_get_never_raises_for_any_text(text: str) -> None:
    found = registry.get(text)
    assert found is None or isinstance(found, State)


@given(st.integers())
def test_get_never_raises_for_any_number(number: int) -> None:
    found = registry.get(number)
    assert found is None or found.cow_code == number or number == 8152


def test_every_name_alias_and_code_finds_its_own_state() -> None:
    ambiguous = {"Korea"}
    for r in registry.records():
        for query in (r.code, r.name, r.name.upper(), r.name.casefold(), *r.aliases):
            if query in ambiguous:
                continue
            assert registry.lookup(query) == r.state, query
        if r.iso_alpha2:
            assert registry.lookup(r.iso_alpha2) == r.state


# --- search


def test_search_ranks_exact_then_prefix_then_substring() -> None:
    assert [s.name for s in registry.search("guinea")] == [
        "Guinea",
        "Guinea-Bissau",
        "Papua New Guinea",
        "Equatorial Guinea",
    ]
    assert [s.code for s in registry.search("korea")] == ["XKR", "PRK", "KOR"]
    assert registry.search("germany")[0].code == "DEU"
    assert {s.code for s in registry.search("germany")} >= {"DEU", "XGF", "DDR"}


def test_search_forgives_typos_and_accents() -> None:
    assert registry.search("Swizerland")[0].code == "CHE"
    assert registry.search("TURKIYE")[0].code == "TUR"
    assert registry.search("Colombie")[0].code == "COL"
    assert registry.search("Sao Tome")[0].code == "STP"


def test_search_finds_codes_exactly_only() -> None:
    assert [s.code for s in registry.search("AUS")][:2] == ["AUS", "AUT"]  # ISO, then COW
    assert [s.code for s in registry.search("KOR")][:2] == ["KOR", "XKR"]
    assert registry.search("ury")[0].code == "URY"
    assert "URY" not in {s.code for s in registry.search("turky")}


def test_search_limit_and_nothing() -> None:
    assert len(registry.search("a", limit=3)) <= 3
    assert len(registry.search("island", limit=2)) == 2
    assert registry.search("guinea", limit=0) == []
    assert registry.search("") == []
    assert registry.search("!!!") == []
    assert registry.search("xqzjw") == []


# --- codes


def test_registry_codes_are_unique_and_model_valid() -> None:
    codes = [s.code for s in registry.states()]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    assert all(isinstance(s, State) for s in registry.states())


def test_current_states_are_the_iso_sovereign_states_and_kosovo() -> None:
    current = {r.code for r in registry.records() if r.current}
    assert current - {"XKX"} <= ISO_ALPHA3
    assert "XKX" in current
    assert len(current) == 193 + len(NON_UN_ISO_STATES) + 1  # UN members, others, Kosovo
    assert current >= NON_UN_ISO_STATES


def test_the_iso_list_splits_into_registry_states_and_territories() -> None:
    territories = set(shipped()["iso_territories"])
    current = {r.code for r in registry.records() if r.current} - {"XKX"}
    assert territories.isdisjoint(current)
    assert territories | current == ISO_ALPHA3


def test_historical_codes_never_collide_with_iso_codes() -> None:
    former = [r.code for r in registry.records() if not r.current]
    assert len(former) == len(set(former))
    for code in former:
        assert code not in ISO_ALPHA3, code
        assert code in ISO_3166_3 or (code.startswith("X") and code != "XKX"), code
    assert set(former) >= ISO_3166_3


def test_alpha2_codes() -> None:
    alpha2 = [r.iso_alpha2 for r in registry.records() if r.current]
    assert all(a is not None and len(a) == 2 and a.isupper() for a in alpha2)
    assert len(alpha2) == len(set(alpha2))
    assert all(r.iso_alpha2 is None for r in registry.records() if not r.current)
    assert registry.record("USA").iso_alpha2 == "US"
    assert registry.record("Kosovo").iso_alpha2 == "XK"


def test_regions_are_the_m49_regions() -> None:
    assert {s.region for s in registry.states()} == {
        "Africa",
        "Americas",
        "Asia",
        "Europe",
        "Oceania",
    }
    assert registry.lookup("Egypt").region == "Africa"
    assert registry.lookup("Türkiye").region == "Asia"
    assert registry.lookup("Russia").region == "Europe"


# --- COW numbers and spells

SPOT_CHECKS = {
    2: "USA",
    20: "CAN",
    31: "BHS",
    40: "CUB",
    70: "MEX",
    140: "BRA",
    160: "ARG",
    200: "GBR",
    205: "IRL",
    210: "NLD",
    220: "FRA",
    225: "CHE",
    230: "ESP",
    235: "PRT",
    255: "DEU",
    260: "XGF",
    265: "DDR",
    290: "POL",
    300: "XAH",
    305: "AUT",
    315: "CSK",
    316: "CZE",
    317: "SVK",
    343: "MKD",
    345: "SRB",
    347: "XKX",
    365: "RUS",
    369: "UKR",
    402: "CPV",
    437: "CIV",
    484: "COG",
    490: "COD",
    572: "SWZ",
    626: "SSD",
    640: "TUR",
    651: "EGY",
    666: "ISR",
    678: "XYA",
    679: "YEM",
    680: "YMD",
    710: "CHN",
    713: "TWN",
    730: "XKR",
    731: "PRK",
    732: "KOR",
    740: "JPN",
    750: "IND",
    770: "PAK",
    775: "MMR",
    816: "VNM",
    817: "XRV",
    860: "TLS",
    900: "AUS",
    920: "NZL",
    983: "MHL",
    990: "WSM",
}


@pytest.mark.parametrize(("number", "code"), sorted(SPOT_CHECKS.items()))
def test_cow_numbers_by_hand(number: int, code: str) -> None:
    assert registry.by_cow(number).code == code
    assert registry.lookup(number).code == code
    assert registry.lookup(str(number)).code == code


def test_by_cow_picks_the_holder_on_a_day() -> None:
    assert registry.by_cow(345).code == "SRB"
    assert registry.by_cow(345, on=D(1900, 1, 1)).code == "YUG"
    assert registry.by_cow(345, on=D(2006, 6, 2)).code == "YUG"
    assert registry.by_cow(345, on=D(2006, 6, 3)).code == "SRB"
    assert registry.by_cow(345, on=D(1800, 1, 1)).code == "YUG"
    assert registry.by_cow(255, on=D(1970, 1, 1)).code == "DEU"  # one holder: always it
    assert registry.by_cow(8152).code == "XAN"
    assert registry.lookup(8152).code == "XAN"


def test_by_cow_misses_and_types() -> None:
    with pytest.raises(UnknownEntityError) as caught:
        registry.by_cow(999)
    assert str(caught.value) == "unknown COW state number 999"
    with pytest.raises(TypeError):
        registry.by_cow("345")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        registry.by_cow(True)


def spells(code: str) -> list[tuple[dt.date, dt.date | None]]:
    return [(s.since, s.until) for s in registry.system_spells(code)]


def test_spells_of_states_with_several() -> None:
    assert spells("AUT") == [(D(1919, 9, 10), D(1938, 3, 14)), (D(1955, 7, 27), None)]
    assert spells("XAH") == [(D(1816, 1, 1), D(1918, 11, 13))]
    assert spells("DEU") == [(D(1816, 1, 1), D(1945, 5, 9)), (D(1990, 10, 3), None)]
    assert spells("XGF") == [(D(1955, 5, 5), D(1990, 10, 3))]
    assert spells("DDR") == [(D(1954, 3, 25), D(1990, 10, 3))]
    assert spells("POL") == [(D(1918, 11, 3), D(1939, 9, 28)), (D(1945, 6, 28), None)]
    assert spells("CSK") == [(D(1918, 10, 28), D(1939, 3, 16)), (D(1945, 5, 10), D(1993, 1, 1))]
    assert spells("CZE") == [(D(1993, 1, 1), None)]
    # COW's last Yugoslav day and first Serbian day are both 2006-06-03: Serbia takes it
    assert spells("YUG") == [(D(1878, 7, 13), D(1941, 4, 21)), (D(1944, 10, 20), D(2006, 6, 3))]
    assert spells("SRB") == [(D(2006, 6, 3), None)]
    assert spells("XYA") == [(D(1926, 9, 2), D(1990, 5, 22))]
    assert spells("YEM") == [(D(1990, 5, 22), None)]


def test_spells_of_states_outside_the_system() -> None:
    for query in ("Holy See", "Palestine", "Western Sahara", "Cook Islands", "Niue", "Annam"):
        assert registry.system_spells(query) == ()
        assert registry.lookup(query).cow_code is None
    assert registry.record("Annam").nonsystem_codes == (8152,)


def test_spell_helpers() -> None:
    austria = registry.record("AUT")
    assert austria.in_system_on(D(1930, 1, 1))
    assert not austria.in_system_on(D(1938, 3, 14))
    assert austria.in_system_on(D(1938, 3, 13))
    assert austria.in_system_on(D(2100, 1, 1))
    assert not austria.in_system_on(D(1919, 9, 9))
    assert Spell(D(2000, 1, 1), None).active_on(D(3000, 1, 1))
    assert austria.code == "AUT"
    assert austria.name == "Austria"


def test_spells_are_ordered_and_do_not_overlap() -> None:
    for r in registry.records():
        for spell in r.system_spells:
            assert spell.until is None or spell.since < spell.until
        for earlier, later in itertools.pairwise(r.system_spells):
            assert earlier.until is not None
            assert earlier.until < later.since
        if r.system_spells and r.system_spells[-1].until is None:
            assert r.current, r.code


def test_one_state_per_cow_number_on_every_day() -> None:
    by_number: defaultdict[int, list[Spell]] = defaultdict(list)
    for r in registry.records():
        if r.state.cow_code is not None:
            by_number[r.state.cow_code].extend(r.system_spells)
    for number, all_spells in by_number.items():
        ordered = sorted(all_spells)
        for earlier, later in itertools.pairwise(ordered):
            assert earlier.until is not None
            assert earlier.until <= later.since, number


@needs_cow
def test_every_cow_state_is_in_the_registry_with_its_spells() -> None:
    rows = cow_rows()
    assert len(rows) == 244
    by_abbreviation: defaultdict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_abbreviation[row["stateabb"]].append(row)
    records = {r.cow_abbreviation: r for r in registry.records() if r.cow_abbreviation}
    assert set(records) == set(by_abbreviation)
    for abbreviation, own in by_abbreviation.items():
        r = records[abbreviation]
        assert r.state.cow_code == int(own[0]["ccode"])
        expected = []
        for row in own:
            since = D(int(row["styear"]), int(row["stmonth"]), int(row["stday"]))
            end = D(int(row["endyear"]), int(row["endmonth"]), int(row["endday"]))
            expected.append((since, None if end == D(2024, 12, 31) else end + dt.timedelta(1)))
        if abbreviation == "YUG":  # the one documented correction
            expected[-1] = (expected[-1][0], D(2006, 6, 3))
        assert spells(r.code) == expected, abbreviation
        if own[0]["statenme"] != "Korea":  # ambiguous on purpose
            assert registry.lookup(own[0]["statenme"]) == r.state


@needs_cow
def test_every_current_cow_state_maps_to_an_iso_code() -> None:
    current = {int(row["ccode"]) for row in cow_rows() if row["endyear"] == "2024"}
    assert len(current) == 195
    for number in current:
        state = registry.by_cow(number)
        assert state.code in ISO_ALPHA3 or state.code == "XKX", number
        assert registry.record(state.code).current


@needs_atop
def test_every_atop_member_code_resolves() -> None:
    with ATOP_MEMBERS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    numbers = {int(row["member"]) for row in rows}
    for number in numbers:
        state = registry.by_cow(number)
        assert state == registry.lookup(number)
        assert state.cow_code == number or number in registry.record(state.code).nonsystem_codes
    # each member on the day it signed: Serbia's 1878-2006 alliances are Yugoslavia's
    for row in rows:
        if row["member"] == "345":
            signed = D(int(row["yrent"]), int(row["moent"]), int(row["dayent"] or 1))
            expected = "YUG" if signed < D(2006, 6, 3) else "SRB"
            assert registry.by_cow(345, on=signed).code == expected


# --- the data file


def test_the_data_file_validates() -> None:
    document = shipped()
    assert document["source"]["citation"] == registry.COW_CITATION
    assert document["source"]["data_end"] == registry.COW_DATA_END.isoformat()
    fields = {
        "code",
        "name",
        "cow_code",
        "region",
        "current",
        "iso_alpha2",
        "cow_abbreviation",
        "system_spells",
        "nonsystem_codes",
        "aliases",
    }
    for raw in document["states"]:
        assert set(raw) == fields
        state = State(
            code=raw["code"], name=raw["name"], cow_code=raw["cow_code"], region=raw["region"]
        )
        assert registry.lookup(raw["code"]) == state
    assert len(document["states"]) == len(registry.states())


@needs_cow
def test_the_data_file_is_what_the_tool_builds() -> None:
    tool = load_tool()
    expected = tool.render(tool.build(tool.read_cow(COW_CSV)))
    actual = (resources.files("coalitions") / "data" / "states.json").read_text("utf-8")
    assert actual == expected, "states.json is stale: run tools/build_registry.py"


def test_the_tool_folds_names_as_the_registry_does() -> None:
    tool = load_tool()
    for r in registry.records():
        for text in (r.name, *r.aliases):
            assert tool.fold(text) == registry.fold(text)


def test_the_registry_loads_lazily_and_reads_nothing_outside_the_package() -> None:
    code = (
        "import coalitions.registry as r; "
        "assert r._registry.cache_info().currsize == 0; "
        "r.lookup('FIN'); "
        "assert r._registry.cache_info().currsize == 1"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    source = Path(registry.__file__).read_text(encoding="utf-8")
    assert "shared" not in source


def test_submodules_import_from_the_package() -> None:
    code = "from coalitions import registry, domains; print(registry.lookup(2).code)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "USA"


def test_the_reference_data_agrees_with_the_registry() -> None:
    assert sorted(PARTS.glob("*.json")), f"no reference sources in {PARTS}"
    for path in sorted(PARTS.glob("*.json")):
        for raw in json.loads(path.read_text(encoding="utf-8")).get("states", []):
            state = registry.lookup(raw["code"])
            assert state.name == raw["name"], (path.name, raw)
            assert state.cow_code == raw.get("cow_code"), (path.name, raw)
