"""Ties: directed obligations, statuses, entry into force, strength, coverage.

The rules themselves are checked against a plain scan in ``test_queries.py``
(``ref_allies``); here: the laws that tie ``ties``, ``allies`` and ``partners``
together, the facts of the reference landscape they must reproduce, and the
errors bad input gets.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalitions
from coalitions import (
    Agreement,
    AgreementKind,
    Alliance,
    Commitment,
    CoverageWarning,
    ForceStatus,
    Formality,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Role,
    State,
    Status,
    StatusSpell,
    Strength,
    Tie,
    ValidationError,
    reference_landscape,
)
from coalitions.strategies import landscapes
from test_queries import days_for

D = dt.date
PREVIOUS_RELEASE = Path(__file__).parent / "data" / "reference-0.1.0.json"


@st.composite
def world_and_day(draw: st.DrawFn) -> tuple[Landscape, dt.date]:
    world = draw(landscapes(min_states=1))
    return world, draw(days_for(world))


# --- laws


@given(world_and_day())
def test_ties_come_in_mirrored_pairs(case: tuple[Landscape, dt.date]) -> None:
    world, day = case
    seen: dict[tuple[str, str, str], Tie] = {}
    for state in world.states:
        for tie in world.ties(state.code, at=day):
            assert tie.state == state.code != tie.other
            seen[(tie.state, tie.other, tie.via)] = tie
    for (a, b, via), tie in seen.items():
        mirror = seen[(b, a, via)]
        assert (mirror.owes, mirror.owed) == (tie.owes, tie.owed)[::-1]
        assert mirror.strength == tie.strength
        assert (mirror.role, mirror.other_role) == (tie.other_role, tie.role)
        assert (mirror.unconfirmed, mirror.pending, mirror.suspended) == (
            tie.unconfirmed,
            tie.pending,
            tie.suspended,
        )


@given(world_and_day(), st.sampled_from([None, *Strength]))
def test_partners_are_the_ties_at_least_that_strong(
    case: tuple[Landscape, dt.date], floor: Strength | None
) -> None:
    world, day = case
    for state in world.states:
        ties = world.ties(state.code, at=day)
        wanted = Strength.PARTNER if floor is None else floor
        assert world.partners(state.code, at=day, min_strength=floor) == {
            t.other for t in ties if t.strength >= wanted
        }
        for domain in world.domains:
            subtree = {domain.key} | {
                d.key for d in world.domains if _descends(world, d.key, domain.key)
            }
            expected = {
                t.other
                for t in ties
                if t.strength >= wanted and _entity(world, t.via).domains & subtree
            }
            assert (
                world.partners(state.code, at=day, domain=domain.key, min_strength=floor)
                == expected
            )


def _entity(world: Landscape, id: str) -> Agreement | Alliance | Minilateral:
    return next(e for e in (*world.agreements, *world.alliances, *world.minilaterals) if e.id == id)


def _descends(world: Landscape, key: str, ancestor: str) -> bool:
    parents = {d.key: d.parent for d in world.domains}
    seen = set()
    while key is not None and key not in seen:
        seen.add(key)
        if parents.get(key) == ancestor:
            return True
        key = parents.get(key)  # type: ignore[assignment]
    return False


@given(world_and_day())
def test_allies_are_the_ties_with_defence(case: tuple[Landscape, dt.date]) -> None:
    world, day = case
    for state in world.states:
        ties = world.ties(state.code, at=day)
        assert world.allies(state.code, at=day, direction="both") == {
            t.other for t in ties if t.mutual(Obligation.DEFENSE)
        }
        for tie in ties:
            if tie.pending or tie.suspended:
                assert not tie.owes
                assert not tie.owed
            if tie.owes or tie.owed:
                assert tie.strength >= Strength.NON_AGGRESSION
            if Role.OBSERVER in (tie.role, tie.other_role):
                assert tie.strength is Strength.OBSERVER


def test_strength_ranks_as_documented() -> None:
    assert list(Strength) == sorted(Strength)
    assert Strength.of_obligations(frozenset({Obligation.OFFENSE})) is Strength.DEFENSE
    assert Strength.of_obligations(frozenset({Obligation.NEUTRALITY})) is Strength.CONSULTATION
    assert Strength.of_obligations(frozenset()) is None
    world = reference_landscape()
    day = world.as_of

    def strongest(a: str, b: str) -> Strength:
        return max(t.strength for t in world.ties(a, at=day) if t.other == b)

    # A NATO member tie ranks above an SCO co-membership, which ranks above a partnership.
    assert strongest("USA", "GBR") is Strength.DEFENSE
    assert strongest("IND", "CHN") is Strength.FRAMEWORK
    assert strongest("USA", "JPN") > strongest("IND", "CHN")
    assert strongest("GBR", "JPN") > Strength.PARTNER  # the Reciprocal Access Agreement


# --- the reference landscape's facts, as the ties issue states them


def test_reference_allies_of_saudi_arabia_count_unconfirmed_agreements() -> None:
    world = reference_landscape()
    day = D(2025, 10, 1)
    assert "PAK" in world.allies("SAU", at=day)
    assert "PAK" not in world.allies("SAU", at=day, strict=True)
    assert "PAK" not in world.allies("SAU", at=D(2025, 9, 16))
    (tie,) = [t for t in world.ties("SAU", at=day) if t.via == "SAU-PAK-SMDA"]
    assert tie.unconfirmed
    assert tie.strength is Strength.DEFENSE


def test_reference_anzus_suspension_runs_between_the_us_and_new_zealand_only() -> None:
    world = reference_landscape()
    before, after = D(1986, 8, 10), D(1990, 1, 1)
    assert "NZL" in world.allies("USA", at=before)
    assert "NZL" not in world.allies("USA", at=after)
    assert "USA" not in world.allies("NZL", at=after)
    assert world.allies("AUS", at=after, direction="both") >= {"NZL", "USA"}
    (tie,) = [t for t in world.ties("USA", at=after) if t.other == "NZL" and t.via == "ANZUS"]
    assert tie.suspended


def test_reference_statuses_bind_no_one_while_they_last() -> None:
    world = reference_landscape()
    assert "ARM" in world.members("CSTO", at=D(2025, 1, 1))
    assert world.allies("ARM", at=D(2025, 1, 1)) == frozenset()
    assert "RUS" in world.allies("ARM", at=D(2024, 2, 21))
    (tie,) = [
        t for t in world.ties("ARM", at=D(2025, 1, 1)) if t.other == "RUS" and t.via == "CSTO"
    ]
    assert tie.suspended
    assert tie.suspension is Status.FROZEN
    assert tie.flags() == ["frozen"]
    assert "MLI" in world.members("AU", at=D(2022, 1, 1))
    au = world.grouping("AU")
    mali = next(s for s in au.members if s.state == "MLI")
    assert mali.status_on(D(2022, 1, 1)) is not None
    assert mali.status_on(D(2020, 12, 1)) is None  # lifted on 2020-10-09


def test_reference_entry_into_force() -> None:
    world = reference_landscape()
    assert "PRK" not in world.allies("RUS", at=D(2024, 7, 1))
    assert "PRK" in world.allies("RUS", at=D(2024, 12, 4))
    assert world.allies("AZE", at=D(2025, 1, 1)) == {"TUR"}
    declaration = world.agreement("ABRAHAM-ACCORDS-DECL")
    assert declaration.force_status is ForceStatus.NON_BINDING
    for agreement in world.agreements:  # dated, or says what is known of its entry into force
        assert agreement.in_force is not None or agreement.in_force_status is not None, agreement.id


def test_reference_partial_rosters_are_marked() -> None:
    world = reference_landscape()
    partial = {g.id for g in (*world.alliances, *world.minilaterals) if not g.roster_complete}
    assert {"CMF", "CTF-151", "OPG", "EUNAVFOR-ASPIDES", "EUNAVFOR-ATALANTA"} <= partial
    assert "NATO" not in partial


# --- coverage


def test_default_day_is_as_of_and_later_days_warn() -> None:
    world = reference_landscape()
    assert world.as_of is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert world.members("NATO") == world.members("NATO", at=world.as_of)
        world.allies("USA", at=world.as_of)
    later = world.as_of + dt.timedelta(days=1)
    for query in (
        lambda: world.members("NATO", at=later),
        lambda: world.allies("USA", at=later),
        lambda: world.ties("USA", at=later),
        lambda: world.partners("USA", at=later),
        lambda: world.at(later),
    ):
        with pytest.warns(CoverageWarning, match="after the data ends"):
            query()
    assert issubclass(CoverageWarning, UserWarning)


def test_without_as_of_nothing_warns() -> None:
    world = Landscape(states=[State(code="AAA", name="A")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert world.partners("AAA", at=D(9999, 1, 1)) == frozenset()


def test_bad_direction_is_refused() -> None:
    with pytest.raises(ValueError, match="direction must be one of"):
        reference_landscape().allies("USA", direction="mutual")  # type: ignore[arg-type]


# --- old documents and bad input


def test_documents_of_the_previous_release_load_unchanged() -> None:
    text = PREVIOUS_RELEASE.read_text(encoding="utf-8")
    world = coalitions.loads(text)
    assert coalitions.dumps(world, indent=2) + "\n" == text
    assert all(g.roster_complete for g in (*world.alliances, *world.minilaterals))
    assert all(a.in_force_status is None for a in world.agreements)


DAY = D(2000, 1, 1)


def _alliance(*members: Membership) -> Alliance:
    return Alliance(
        id="A", name="A", founded=DAY, obligations=[Obligation.DEFENSE], members=list(members)
    )


def test_commitment_to_a_non_member_is_refused_with_its_path() -> None:
    with pytest.raises(ValidationError) as caught:
        _alliance(
            Membership(state="AAA", since=DAY, toward=[Commitment(toward="CCC")]),
            Membership(state="BBB", since=DAY),
        )
    assert str(caught.value) == "members[0].toward[0].toward: CCC is not a member of this alliance"


def test_status_outside_its_spell_and_overlapping_statuses_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Membership(
            state="AAA",
            since=DAY,
            until=D(2010, 1, 1),
            statuses=[
                StatusSpell(status=Status.SUSPENDED, since=D(1999, 1, 1), until=D(2001, 1, 1)),
                StatusSpell(status=Status.FROZEN, since=D(2000, 6, 1)),
            ],
        )
    assert [p.path for p in caught.value.problems] == [
        "statuses[0].since",
        "statuses[1].until",
        "statuses[1]",
    ]
    # Spells toward different states may overlap; toward everyone, they may not.
    Membership(
        state="AAA",
        since=DAY,
        statuses=[
            StatusSpell(status=Status.SUSPENDED, since=DAY, toward=["BBB"]),
            StatusSpell(status=Status.SUSPENDED, since=DAY, toward=["CCC"]),
        ],
    )


def test_a_status_toward_a_non_member_is_refused_in_a_landscape_with_its_path() -> None:
    spell = Membership(
        state="AAA",
        since=DAY,
        statuses=[StatusSpell(status=Status.SUSPENDED, since=DAY, toward=["ZZZ"])],
    )
    with pytest.raises(ValidationError) as caught:
        _alliance(spell, Membership(state="BBB", since=DAY))
    assert [p.path for p in caught.value.problems] == ["members[0].statuses[0].toward['ZZZ']"]


def test_entry_into_force_statuses_are_checked() -> None:
    base = {
        "id": "T",
        "name": "T",
        "signed": DAY,
        "parties": [Membership(state=c, since=DAY) for c in ("AAA", "BBB")],
    }
    with pytest.raises(ValidationError, match="in_force: is before signed"):
        Agreement(**base, in_force=D(1999, 1, 1))
    with pytest.raises(ValidationError, match="in_force: is not given"):
        Agreement(**base, in_force_status=ForceStatus.ESTABLISHED)
    with pytest.raises(ValidationError, match="a dated entry into force is established"):
        Agreement(**base, in_force=DAY, in_force_status=ForceStatus.PENDING)
    with pytest.raises(ValidationError, match="a non-binding declaration carries no obligations"):
        Agreement(
            **base,
            kind=AgreementKind.JOINT_DECLARATION,
            in_force_status=ForceStatus.NON_BINDING,
            obligations=[Obligation.CONSULTATION],
        )
    with pytest.raises(ValidationError) as caught:
        Agreement(
            id="T",
            name="T",
            signed=DAY,
            in_force_status=ForceStatus.NON_BINDING,
            parties=[
                Membership(state="AAA", since=DAY, obligations=[Obligation.DEFENSE]),
                Membership(
                    state="BBB",
                    since=DAY,
                    toward=[Commitment(toward="AAA", obligations=[Obligation.CONSULTATION])],
                ),
            ],
        )
    assert [p.path for p in caught.value.problems] == [
        "parties[0].obligations",
        "parties[1].toward[0].obligations",
    ]


def test_bad_json_for_the_new_fields_names_its_path() -> None:
    document = {
        "states": [{"code": c, "name": c} for c in ("AAA", "BBB", "CCC")],
        "minilaterals": [
            {
                "id": "M",
                "name": "M",
                "founded": "2000-01-01",
                "mission": "m",
                "roster_complete": "no",
                "members": [
                    {"state": "AAA", "since": "2000-01-01",
                     "statuses": [{"status": "paused", "since": "2000-01-01"}]},
                    {"state": "BBB", "since": "2000-01-01", "toward": [{"toward": 3}]},
                    {"state": "CCC", "since": "2000-01-01"},
                ],
            }
        ],
    }  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        coalitions.loads(json.dumps(document))
    assert [p.path for p in caught.value.problems] == [
        "$.minilaterals[0].members[0].statuses[0].status",
        "$.minilaterals[0].members[1].toward[0].toward",
        "$.minilaterals[0].roster_complete",
    ]


def test_tie_reads_well() -> None:
    day = D(2002, 1, 1)
    world = Landscape(
        states=[State(code=c, name=c) for c in ("AAA", "BBB", "CCC", "DDD")],
        minilaterals=[
            Minilateral(
                id="OPS",
                name="Operation",
                founded=day,
                mission="Patrols",
                formality=Formality.OPERATIONAL_COALITION,
                members=[
                    Membership(state="AAA", since=day),
                    Membership(state="BBB", since=day),
                    Membership(state="CCC", since=day, role=Role.OBSERVER),
                    Membership(state="DDD", since=day),
                ],
            )
        ],
    )
    first, second, _ = world.ties("AAA", at=day)
    assert repr(first) == "<Tie AAA-BBB via OPS: OPERATIONAL>"
    assert (
        second.describe()
        == "CCC via OPS (operational coalition, member with observer): no obligations"
    )
    assert second.strength is Strength.OBSERVER
