"""The domain catalogue: keys, hierarchy, look-ups and extension."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from coalitions import (
    Domain,
    Landscape,
    Membership,
    Minilateral,
    State,
    UnknownEntityError,
    ValidationError,
    domains,
)
from coalitions.domains import CATALOGUE

PARTS = Path(__file__).resolve().parents[1] / "tools" / "reference"  # the researched sources

# The published keys and their parents. Keys are stable: this table only ever grows.
EXPECTED: dict[str, str | None] = {
    "collective-defence": None,
    "maritime-security": None,
    "anti-piracy": "maritime-security",
    "undersea-capabilities": "maritime-security",
    "nuclear-powered-submarines": "undersea-capabilities",
    "cyber-defence": None,
    "space-security": None,
    "advanced-capabilities": None,
    "artificial-intelligence": "advanced-capabilities",
    "hypersonics": "advanced-capabilities",
    "quantum-technologies": "advanced-capabilities",
    "electronic-warfare": "advanced-capabilities",
    "uncrewed-systems": "advanced-capabilities",
    "missile-defence": None,
    "intelligence-sharing": None,
    "satellite-intelligence": "intelligence-sharing",
    "counterterrorism": None,
    "defence-industry": None,
    "arms-transfers": "defence-industry",
    "joint-production": "defence-industry",
    "supply-chain-resilience": "defence-industry",
    "training-exercises": None,
    "crisis-management": None,
}


def test_the_key_set_is_pinned() -> None:
    assert {d.key: d.parent for d in CATALOGUE} == EXPECTED
    assert len(CATALOGUE) == len(EXPECTED)


def test_the_catalogue_is_a_valid_hierarchy() -> None:
    world = Landscape(domains=CATALOGUE)
    assert len(world.domains) == len(CATALOGUE)


def test_parents_come_before_children_and_names_are_distinct() -> None:
    seen: set[str] = set()
    for d in CATALOGUE:
        assert d.parent is None or d.parent in seen, d.key
        seen.add(d.key)
    names = [d.name for d in CATALOGUE]
    assert len(set(names)) == len(names)
    assert all(name[0].isupper() for name in names)


def test_domain_finds_and_misses() -> None:
    assert domains.domain("uncrewed-systems") == Domain(
        key="uncrewed-systems", name="Drones and uncrewed systems", parent="advanced-capabilities"
    )
    with pytest.raises(UnknownEntityError) as caught:
        domains.domain("cyber-defense")
    assert caught.value.suggestions == ("cyber-defence",)
    assert caught.value.kind == "domain"
    with pytest.raises(UnknownEntityError):
        domains.domain("nope")


def test_descendants_children_ancestors() -> None:
    def keys(found: tuple[Domain, ...]) -> list[str]:
        return [d.key for d in found]

    assert keys(domains.descendants("maritime-security")) == [
        "anti-piracy",
        "undersea-capabilities",
        "nuclear-powered-submarines",
    ]
    assert keys(domains.descendants("advanced-capabilities")) == [
        "artificial-intelligence",
        "hypersonics",
        "quantum-technologies",
        "electronic-warfare",
        "uncrewed-systems",
    ]
    assert domains.descendants("nuclear-powered-submarines") == ()
    assert keys(domains.children("maritime-security")) == ["anti-piracy", "undersea-capabilities"]
    assert keys(domains.ancestors("nuclear-powered-submarines")) == [
        "undersea-capabilities",
        "maritime-security",
    ]
    assert domains.ancestors("collective-defence") == ()
    for function in (domains.descendants, domains.children, domains.ancestors):
        with pytest.raises(UnknownEntityError):
            function("nope")


def test_descendants_agree_with_the_landscape() -> None:
    day = dt.date(2020, 1, 1)
    states = [State(code=code, name=code) for code in ("AAA", "BBB", "CCC")]
    world = Landscape(
        states=states,
        domains=CATALOGUE,
        minilaterals=[
            Minilateral(
                id=d.key,
                name=d.name,
                founded=day,
                mission=d.name,
                members=[Membership(state=s.code, since=day) for s in states],
                domains=[d.key],
            )
            for d in CATALOGUE
        ],
    )
    for d in CATALOGUE:
        below = {x.key for x in domains.descendants(d.key)}
        assert {g.id for g in world.covering(d.key, at=day)} == {d.key} | below


def test_extend_adds_checked_domains() -> None:
    extra = [
        Domain(key="mine-countermeasures", name="Mine countermeasures", parent="maritime-security"),
        Domain(key="cbrn-defence", name="CBRN defence"),
        Domain(key="biodefence", name="Biodefence", parent="cbrn-defence"),
    ]
    extended = domains.extend(extra)
    assert extended == (*CATALOGUE, *extra)
    Landscape(domains=extended)
    assert [d.key for d in domains.descendants("cbrn-defence", extended)] == ["biodefence"]
    assert domains.domain("biodefence", extended).parent == "cbrn-defence"
    assert domains.extend([]) == CATALOGUE


def test_extend_on_another_base() -> None:
    base = [Domain(key="defence", name="Defence")]
    assert domains.extend([Domain(key="air", name="Air", parent="defence")], base)[0].key == (
        "defence"
    )
    with pytest.raises(ValidationError):
        domains.extend([Domain(key="air", name="Air", parent="maritime-security")], base)


@pytest.mark.parametrize(
    ("extra", "messages"),
    [
        (
            [Domain(key="cyber-defence", name="Cyber")],
            ["extra[0].key: 'cyber-defence' is already in the catalogue"],
        ),
        (
            [Domain(key="space-traffic", name="A"), Domain(key="space-traffic", name="B")],
            ["extra[1].key: 'space-traffic' is already given twice"],
        ),
        (
            [Domain(key="swarms", name="Swarms", parent="uncrewed")],
            ["extra[0].parent: unknown domain 'uncrewed'; did you mean 'uncrewed-systems'?"],
        ),
        (
            [
                Domain(key="a", name="A", parent="b"),
                Domain(key="b", name="B", parent="a"),
                Domain(key="c", name="C", parent="a"),
            ],
            ["extra[0].parent: the hierarchy has a cycle: a -> b -> a"],
        ),
        (["cyber"], ["extra[0]: expected a Domain, got 'cyber'"]),
    ],
)
def test_extend_refuses_bad_domains(extra: list[Any], messages: list[str]) -> None:
    with pytest.raises(ValidationError) as caught:
        domains.extend(extra)
    assert [str(p) for p in caught.value.problems] == messages


def test_the_reference_data_uses_catalogue_keys() -> None:
    assert sorted(PARTS.glob("*.json")), f"no reference sources in {PARTS}"
    for path in sorted(PARTS.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        for raw in document.get("domains", []):
            assert raw["key"] in EXPECTED, (path.name, raw)
            assert raw.get("parent") in (None, EXPECTED[raw["key"]]), (path.name, raw)
