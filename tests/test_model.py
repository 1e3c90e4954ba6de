"""Per-object invariants: every rule a model class checks on construction.

Each test builds an object that breaks exactly one rule and asserts the problem
is reported at the right path, so removing any check makes a test fail.
"""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import pytest

from coalitions import (
    Agreement,
    AgreementKind,
    Alliance,
    CoalitionsError,
    Domain,
    Formality,
    Membership,
    Minilateral,
    Obligation,
    Precision,
    Role,
    State,
    ValidationError,
)

D = dt.date


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {p.path: p.message for p in exc.value.problems}


def spell(state: str, since: dt.date, until: dt.date | None = None, **kw: Any) -> Membership:
    return Membership(state=state, since=since, until=until, **kw)


def alliance(**overrides: Any) -> Alliance:
    fields: dict[str, Any] = {
        "id": "NATO",
        "name": "North Atlantic Treaty Organization",
        "founded": D(1949, 8, 24),
        "members": [spell("USA", D(1949, 8, 24)), spell("GBR", D(1949, 8, 24))],
        "obligations": [Obligation.DEFENSE],
    }
    fields.update(overrides)
    return Alliance(**fields)


def minilateral(**overrides: Any) -> Minilateral:
    fields: dict[str, Any] = {
        "id": "QUAD",
        "name": "Quad",
        "founded": D(2017, 11, 12),
        "members": [spell(c, D(2017, 11, 12)) for c in ("AUS", "IND", "JPN", "USA")],
        "mission": "A free and open Indo-Pacific",
    }
    fields.update(overrides)
    return Minilateral(**fields)


def agreement(**overrides: Any) -> Agreement:
    fields: dict[str, Any] = {
        "id": "US-JPN-1960",
        "name": "Treaty of Mutual Cooperation and Security",
        "parties": [spell("USA", D(1960, 1, 19)), spell("JPN", D(1960, 1, 19))],
        "signed": D(1960, 1, 19),
        "in_force": D(1960, 6, 23),
        "obligations": [Obligation.DEFENSE],
    }
    fields.update(overrides)
    return Agreement(**fields)


# --- values: frozen, hashable, equal by value, lists frozen


def test_values_are_frozen_hashable_and_equal_by_value() -> None:
    a, b = alliance(), alliance()
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.name = "x"  # type: ignore[misc]


def test_lists_are_frozen_into_tuples_and_frozensets() -> None:
    a = alliance(domains=["cyber", "cyber"], sources=["a", "b"], agreements=["X"])
    assert a.members == tuple(a.members)
    assert isinstance(a.members, tuple)
    assert a.domains == frozenset({"cyber"})
    assert a.sources == ("a", "b")
    assert a.agreements == frozenset({"X"})
    assert a.obligations == frozenset({Obligation.DEFENSE})


def test_collection_fields_default_to_empty() -> None:
    a = alliance()
    m = minilateral()
    g = agreement()
    assert a.domains == frozenset()
    assert a.sources == ()
    assert a.agreements == frozenset()
    assert m.domains == frozenset()
    assert m.sources == ()
    assert g.domains == frozenset()
    assert g.sources == ()
    assert agreement(obligations=[]).obligations == frozenset()


def test_evolve_revalidates() -> None:
    with pytest.raises(ValidationError) as exc:
        attrs.evolve(alliance(), founded=D(1950, 1, 1))
    assert "members[0].since" in problems(exc)


def test_objects_pickle() -> None:
    a = alliance()
    assert pickle.loads(pickle.dumps(a)) == a


def test_validation_error_is_value_error_and_coalitions_error() -> None:
    with pytest.raises(ValidationError) as exc:
        State(code="usa", name="United States")
    assert isinstance(exc.value, ValueError)
    assert isinstance(exc.value, CoalitionsError)


# --- State


@pytest.mark.parametrize("code", ["US", "USAA", "usa", "U1A", "ÜSA", ""])
def test_state_code_must_be_three_upper_case_letters(code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        State(code=code, name="Somewhere")
    assert "code" in problems(exc)


@pytest.mark.parametrize("name", ["", "   "])
def test_state_name_must_not_be_empty(name: str) -> None:
    with pytest.raises(ValidationError) as exc:
        State(code="USA", name=name)
    assert problems(exc) == {"name": "must not be empty"}


@pytest.mark.parametrize("cow", [0, 1000, -2, True, 2.0, "2"])
def test_state_cow_code_must_be_a_cow_number(cow: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        State(code="USA", name="United States", cow_code=cow)
    assert "cow_code" in problems(exc)


def test_state_region_must_not_be_blank() -> None:
    with pytest.raises(ValidationError) as exc:
        State(code="USA", name="United States", region=" ")
    assert "region" in problems(exc)


def test_state_reports_every_problem_at_once() -> None:
    with pytest.raises(ValidationError) as exc:
        State(code=5, name=None, cow_code="x", region=3)  # type: ignore[arg-type]
    assert set(problems(exc)) == {"code", "name", "cow_code", "region"}
    assert str(exc.value).startswith("4 problems:")


# --- Domain


@pytest.mark.parametrize("key", ["Cyber", "cyber defence", "-cyber", "cyber-", "a--b", "1ai", ""])
def test_domain_key_must_be_a_slug(key: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Domain(key=key, name="Something")
    assert "key" in problems(exc)


def test_domain_parent_must_be_a_slug_and_not_itself() -> None:
    with pytest.raises(ValidationError) as exc:
        Domain(key="cyber", name="Cyber", parent="Cyber Stuff")
    assert "parent" in problems(exc)
    with pytest.raises(ValidationError) as exc:
        Domain(key="cyber", name="Cyber", parent="cyber")
    assert problems(exc) == {"parent": "a domain cannot be its own parent"}


def test_domain_name_must_not_be_empty() -> None:
    with pytest.raises(ValidationError) as exc:
        Domain(key="cyber", name="")
    assert "name" in problems(exc)


# --- Membership and dates


def test_membership_until_must_be_after_since() -> None:
    with pytest.raises(ValidationError) as exc:
        spell("USA", D(2000, 1, 2), D(2000, 1, 1))
    assert problems(exc) == {"until": "must be after since (2000-01-02)"}
    with pytest.raises(ValidationError):
        spell("USA", D(2000, 1, 1), D(2000, 1, 1))
    assert spell("USA", D(2000, 1, 1), D(2000, 1, 2)).until == D(2000, 1, 2)


def test_membership_is_half_open() -> None:
    m = spell("USA", D(2000, 1, 1), D(2001, 1, 1))
    assert m.active_on(D(2000, 1, 1))
    assert m.active_on(D(2000, 12, 31))
    assert not m.active_on(D(2001, 1, 1))
    assert not m.active_on(D(1999, 12, 31))
    assert spell("USA", D(2000, 1, 1)).active_on(D(9999, 12, 31))


def test_membership_state_code_checked() -> None:
    with pytest.raises(ValidationError) as exc:
        spell("usa", D(2000, 1, 1))
    assert "state" in problems(exc)


@pytest.mark.parametrize("bad", ["2000-01-01", dt.datetime(2000, 1, 1), 2000, None])
def test_dates_must_be_dates(bad: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        Membership(state="USA", since=bad)
    assert "since" in problems(exc)


def test_role_and_obligations_types_checked() -> None:
    with pytest.raises(ValidationError) as exc:
        Membership(state="USA", since=D(2000, 1, 1), role="partner")  # type: ignore[arg-type]
    assert "Role.PARTNER" in problems(exc)["role"]
    with pytest.raises(ValidationError) as exc:
        Membership(state="USA", since=D(2000, 1, 1), obligations=["defense"])  # type: ignore[list-item]
    assert "obligations['defense']" in problems(exc)


def test_reduced_precision_dates_are_first_of_their_period() -> None:
    ok = Membership(state="USA", since=D(1952, 2, 1), since_precision=Precision.MONTH)
    assert ok.since_precision is Precision.MONTH
    with pytest.raises(ValidationError) as exc:
        Membership(state="USA", since=D(1952, 2, 18), since_precision=Precision.MONTH)
    assert "first day of its month" in problems(exc)["since"]
    with pytest.raises(ValidationError) as exc:
        Membership(state="USA", since=D(1952, 2, 1), since_precision=Precision.YEAR)
    assert "first day of its year" in problems(exc)["since"]
    assert Membership(state="USA", since=D(1952, 1, 1), since_precision=Precision.YEAR)


def test_precision_without_a_date_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        Membership(state="USA", since=D(2000, 1, 1), until_precision=Precision.YEAR)
    assert "until_precision" in problems(exc)


def test_precision_helpers() -> None:
    day = D(1949, 8, 24)
    assert Precision.DAY.truncate(day) == day
    assert Precision.MONTH.truncate(day) == D(1949, 8, 1)
    assert Precision.YEAR.truncate(day) == D(1949, 1, 1)
    assert Precision.DAY.describe(day) == "1949-08-24"
    assert Precision.MONTH.describe(day) == "1949-08"


# --- obligations that differ by member


def test_member_obligations_default_to_the_groupings() -> None:
    a = alliance(
        obligations=[Obligation.DEFENSE, Obligation.CONSULTATION],
        members=[
            spell("USA", D(1949, 8, 24)),
            spell("GBR", D(1949, 8, 24), obligations=[]),
            spell("FRA", D(1949, 8, 24), obligations=[Obligation.NEUTRALITY]),
            spell("JPN", D(1949, 8, 24), role=Role.PARTNER),
        ],
    )
    usa, gbr, fra, jpn = a.members
    assert a.obligations_of(usa) == {Obligation.DEFENSE, Obligation.CONSULTATION}
    assert a.obligations_of(gbr) == frozenset()
    assert a.obligations_of(fra) == {Obligation.NEUTRALITY}
    assert a.obligations_of(jpn) == frozenset()


def test_minilateral_binds_only_by_members_own_obligations() -> None:
    m = minilateral()
    assert m.obligations_of(m.members[0]) == frozenset()
    own = spell("AUS", D(2018, 1, 1), obligations=[Obligation.CONSULTATION])
    assert m.obligations_of(own) == {Obligation.CONSULTATION}


# --- groupings


def test_alliance_needs_two_distinct_member_states() -> None:
    with pytest.raises(ValidationError) as exc:
        alliance(members=[spell("USA", D(1950, 1, 1), D(1951, 1, 1)), spell("USA", D(1952, 1, 1))])
    assert problems(exc) == {"members": "an alliance needs at least two distinct member states"}


def test_partners_do_not_count_towards_minimum_membership() -> None:
    with pytest.raises(ValidationError) as exc:
        alliance(
            members=[spell("USA", D(1950, 1, 1)), spell("JPN", D(1950, 1, 1), role=Role.PARTNER)]
        )
    assert "members" in problems(exc)


def test_alliance_needs_an_obligation() -> None:
    with pytest.raises(ValidationError) as exc:
        alliance(obligations=[])
    assert problems(exc) == {"obligations": "an alliance needs at least one obligation"}


def test_minilateral_needs_three_distinct_member_states() -> None:
    three = [spell(c, D(2021, 9, 15)) for c in ("AUS", "GBR", "USA")]
    assert minilateral(members=three, founded=D(2021, 9, 15))
    with pytest.raises(ValidationError) as exc:
        minilateral(members=three[:2], founded=D(2021, 9, 15))
    assert problems(exc) == {"members": "a minilateral needs at least three distinct member states"}


def test_minilateral_mission_and_formality_checked() -> None:
    with pytest.raises(ValidationError) as exc:
        minilateral(mission="", formality="dialogue")
    assert set(problems(exc)) == {"mission", "formality"}
    assert minilateral(formality=Formality.OPERATIONAL_COALITION).formality.value == (
        "operational_coalition"
    )


def test_agreement_needs_two_distinct_parties() -> None:
    with pytest.raises(ValidationError) as exc:
        agreement(parties=[spell("USA", D(1960, 1, 19))])
    assert problems(exc) == {"parties": "an agreement needs at least two distinct parties"}


def closed_parties(until: dt.date) -> list[Membership]:
    return [spell("USA", D(1960, 1, 19), until), spell("JPN", D(1960, 1, 19), until)]


def test_agreement_dates_in_order() -> None:
    with pytest.raises(ValidationError) as exc:
        agreement(in_force=D(1959, 1, 1))
    assert problems(exc) == {"in_force": "is before signed (1960-01-19)"}
    with pytest.raises(ValidationError) as exc:
        agreement(ended=D(1960, 3, 1), parties=closed_parties(D(1960, 3, 1)))
    assert problems(exc) == {"ended": "is before in_force (1960-06-23)"}
    with pytest.raises(ValidationError) as exc:
        agreement(in_force=None, ended=D(1959, 3, 1))
    assert problems(exc)["ended"] == "is before signed (1960-01-19)"
    # equal dates are allowed: signed <= in_force <= ended
    same = agreement(
        in_force=D(1960, 1, 19), ended=D(1970, 1, 1), parties=closed_parties(D(1970, 1, 1))
    )
    assert same.in_force == same.signed


def test_agreement_in_force_on() -> None:
    g = agreement(ended=D(1970, 1, 1), parties=closed_parties(D(1970, 1, 1)))
    assert not g.in_force_on(D(1960, 6, 22))
    assert g.in_force_on(D(1960, 6, 23))
    assert not g.in_force_on(D(1970, 1, 1))
    assert not agreement(in_force=None).in_force_on(D(2000, 1, 1))


def test_agreement_kind_checked() -> None:
    assert agreement().kind is AgreementKind.TREATY
    with pytest.raises(ValidationError) as exc:
        agreement(kind="treaty")
    assert "kind" in problems(exc)


@pytest.mark.parametrize("bad_id", ["", "has space", "NATO!", "x" * 65, "-NATO", "a[0]"])
def test_ids_well_formed(bad_id: str) -> None:
    with pytest.raises(ValidationError) as exc:
        alliance(id=bad_id)
    assert "id" in problems(exc)


def test_grouping_name_must_not_be_empty() -> None:
    with pytest.raises(ValidationError) as exc:
        alliance(name="")
    assert "name" in problems(exc)


def test_dissolved_after_founded() -> None:
    with pytest.raises(ValidationError) as exc:
        alliance(dissolved=D(1949, 8, 24))
    assert problems(exc)["dissolved"] == "must be after founded (1949-08-24)"


def test_spells_of_one_state_must_not_overlap() -> None:
    members = [
        spell("USA", D(1950, 1, 1), D(1960, 1, 1)),
        spell("GBR", D(1950, 1, 1)),
        spell("USA", D(1959, 12, 31)),
    ]
    with pytest.raises(ValidationError) as exc:
        alliance(members=members)
    assert "members[2]" in problems(exc)
    assert "overlaps" in problems(exc)["members[2]"]


def test_an_open_spell_overlaps_any_later_one() -> None:
    with pytest.raises(ValidationError) as exc:
        alliance(
            members=[
                spell("USA", D(1950, 1, 1)),
                spell("GBR", D(1950, 1, 1)),
                spell("USA", D(1990, 1, 1)),
            ]
        )
    assert "members[2]" in problems(exc)


def test_spell_may_begin_the_day_the_previous_one_ends() -> None:
    a = alliance(
        members=[
            spell("USA", D(1950, 1, 1), D(1960, 1, 1)),
            spell("USA", D(1960, 1, 1), role=Role.PARTNER),
            spell("GBR", D(1950, 1, 1)),
        ]
    )
    assert len(a.members) == 3


def test_spells_must_lie_within_the_lifetime() -> None:
    with pytest.raises(ValidationError) as exc:
        alliance(members=[spell("USA", D(1949, 8, 23)), spell("GBR", D(1949, 8, 24))])
    assert problems(exc) == {"members[0].since": "is before the alliance began (1949-08-24)"}

    dissolved = D(1990, 1, 1)
    with pytest.raises(ValidationError) as exc:
        alliance(
            dissolved=dissolved,
            members=[spell("USA", D(1950, 1, 1), D(1991, 1, 1)), spell("GBR", D(1950, 1, 1))],
        )
    assert set(problems(exc)) == {"members[0].until", "members[1].until"}
    assert "is open" in problems(exc)["members[1].until"]

    with pytest.raises(ValidationError) as exc:
        agreement(parties=[spell("USA", D(1960, 1, 18)), spell("JPN", D(1960, 1, 19))])
    assert "parties[0].since" in problems(exc)


def test_wrong_container_types_are_reported_not_raised() -> None:
    with pytest.raises(ValidationError) as exc:
        alliance(members="USA,GBR", domains="cyber", sources="http://x", obligations=5)
    assert set(problems(exc)) == {"members", "domains", "sources", "obligations"}
    with pytest.raises(ValidationError) as exc:
        alliance(domains=[["cyber"]])  # unhashable item: cannot be frozen
    assert "domains" in problems(exc)
    with pytest.raises(ValidationError) as exc:
        alliance(members=[{"state": "USA"}, spell("GBR", D(1950, 1, 1))])
    assert "members[0]" in problems(exc)


def test_sources_and_domains_items_checked() -> None:
    with pytest.raises(ValidationError) as exc:
        alliance(sources=["https://www.nato.int", ""], domains=["Not A Slug"])
    assert set(problems(exc)) == {"sources[1]", "domains['Not A Slug']"}


def test_repr_is_compact_and_evaluable() -> None:
    m = spell("USA", D(1949, 8, 24))
    assert repr(m) == "Membership(state='USA', since=datetime.date(1949, 8, 24))"
    namespace = {"datetime": dt, "Membership": Membership, "Role": Role}
    partner = spell("JPN", D(2000, 1, 1), role=Role.PARTNER)
    assert "role=<Role.PARTNER" in repr(partner)
    assert eval(repr(m), namespace) == m
