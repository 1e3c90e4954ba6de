"""Alignment measures: hand-computed cases, brute-force cross-checks, ATOP."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coalitions import (
    Alliance,
    Landscape,
    Membership,
    Obligation,
    State,
    ValidationError,
    atop,
    reference_landscape,
    similarity,
    tables,
)

D = dt.date
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
MEMBERS = SHARED / "atop5_1m.csv"
DYADS = SHARED / "atop5_1ddyr_obligations.csv"

X, Y = [3, 3, 0, 1], [3, 0, 0, 1]


def test_hand_computed_case() -> None:
    # d = 3 over n = 4 states on a 0-3 scale
    assert similarity.s_of(X, Y, 3) == 1 - 2 * 3 / (4 * 3)
    # observed 3/4; expected from each own distribution 24/16; from the pooled 90/64
    assert similarity.kappa_of(X, Y) == pytest.approx(1 - 0.75 / 1.5)
    assert similarity.pi_of(X, Y) == pytest.approx(1 - 0.75 / (90 / 64))
    # concordant 3, discordant 1, one tie in each of x and y among 6 pairs
    assert similarity.tau_b_of(X, Y) == pytest.approx(2 / 5)
    assert math.isnan(similarity.kappa_of([1, 1], [1, 1]))
    assert math.isnan(similarity.tau_b_of([1, 1, 1], [0, 1, 2]))


def brute_tau_b(x: list[int], y: list[int]) -> float:
    c = d = tx = ty = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        a, b = x[i] - x[j], y[i] - y[j]
        tx += a == 0
        ty += b == 0
        c += a * b > 0
        d += a * b < 0
    pairs = len(x) * (len(x) - 1) // 2
    denominator = math.sqrt((pairs - tx) * (pairs - ty))
    return math.nan if denominator == 0 else (c - d) / denominator


def brute_kappa(x: list[int], y: list[int], pooled: bool) -> float:
    n = len(x)
    observed = sum(abs(a - b) for a, b in zip(x, y, strict=True)) / n
    if pooled:
        both = x + y
        expected = sum(abs(a - b) for a in both for b in both) / (2 * n) ** 2
    else:
        expected = sum(abs(a - b) for a in x for b in y) / n**2
    return math.nan if expected == 0 else 1 - observed / expected


portfolios = st.integers(2, 30).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 3), min_size=n, max_size=n),
        st.lists(st.integers(0, 3), min_size=n, max_size=n),
    )
)


@given(portfolios)
def test_measures_against_their_definitions(pair: tuple[list[int], list[int]]) -> None:
    x, y = pair
    for ours, theirs in (
        (similarity.tau_b_of(x, y), brute_tau_b(x, y)),
        (similarity.kappa_of(x, y), brute_kappa(x, y, pooled=False)),
        (similarity.pi_of(x, y), brute_kappa(x, y, pooled=True)),
    ):
        assert (math.isnan(ours) and math.isnan(theirs)) or ours == pytest.approx(theirs)
    s = similarity.s_of(x, y, 3)
    assert -1 <= s <= 1
    assert s == similarity.s_of(y, x, 3)
    assert similarity.s_of(x, x, 3) == 1


def small() -> Landscape:
    day = D(2000, 1, 1)
    return Landscape(
        states=[
            State(code=c, name=c, cow_code=n) for c, n in (("USA", 2), ("CAN", 20), ("MEX", 70))
        ],
        alliances=[
            Alliance(
                id="A",
                name="A",
                founded=day,
                obligations=[Obligation.DEFENSE],
                members=[Membership(state=c, since=day) for c in ("USA", "CAN")],
            ),
            Alliance(
                id="B",
                name="B",
                founded=day,
                obligations=[Obligation.NON_AGGRESSION],
                members=[Membership(state=c, since=day) for c in ("USA", "MEX")],
            ),
        ],
        start=day,
        as_of=D(2001, 12, 31),
    )


def test_portfolios_and_the_functions() -> None:
    world = small()
    on = D(2000, 6, 1)
    usa = similarity.portfolio(world, "USA", at=on)
    assert (usa["USA"], usa["CAN"], usa["MEX"], usa["GBR"]) == (3, 3, 1, 0)
    strength = similarity.portfolio(world, "USA", at=on, scale="strength")
    assert (strength["USA"], strength["CAN"], strength["MEX"]) == (10, 10, 8)
    n = len(usa)
    assert similarity.s_score(world, "USA", "CAN", at=on) == 1 - 2 / (3 * n)
    members, found = similarity.portfolios(world, ["USA", "CAN"], at=on)
    assert similarity.kappa(world, "USA", "CAN", at=on) == similarity.kappa_of(
        found["USA"], found["CAN"]
    )
    assert similarity.pi(world, "USA", "CAN", at=on) == similarity.pi_of(found["USA"], found["CAN"])
    assert similarity.tau_b(world, "USA", "CAN", at=on) == pytest.approx(
        brute_tau_b(list(found["USA"]), list(found["CAN"]))
    )
    scores = similarity.against_all(world, "USA", at=on, measure="kappa")
    assert set(scores) == set(members)
    assert scores["CAN"] == similarity.kappa(world, "USA", "CAN", at=on)


def test_bad_arguments() -> None:
    with pytest.raises(ValidationError, match="measure: unknown measure 'r'"):
        similarity.compare(small(), "USA", "CAN", at=D(2000, 6, 1), measure="r")
    with pytest.raises(ValidationError, match="scale: unknown scale"):
        similarity.s_score(small(), "USA", "CAN", at=D(2000, 6, 1), scale="votes")
    with pytest.raises(ValidationError, match="XGF is not in the cow system on 2000-06-01"):
        similarity.s_score(small(), "USA", "XGF", at=D(2000, 6, 1))


@pytest.mark.skipif(
    not (MEMBERS.exists() and DYADS.exists()), reason=f"ATOP 5.1 is not in {SHARED}"
)
def test_on_atop() -> None:
    world = atop.read(MEMBERS, dyads=DYADS)
    on = D(1985, 12, 31)
    assert similarity.s_score(world, "USA", "GBR", at=on) > similarity.s_score(
        world, "USA", "RUS", at=on
    )
    assert similarity.kappa(world, "RUS", "POL", at=on) > similarity.kappa(
        world, "RUS", "FRA", at=on
    )
    # the panel column equals the pairwise functions on each year's last day
    rows = tables.dyad_years(world, directed=False, start=1985, end=1985)
    sample = rows[:: max(1, len(rows) // 50)]
    column = similarity.panel(world, sample, measure="pi")
    compared = 0
    for row, value in zip(sample, column, strict=True):
        if value is None:  # a state outside the COW system that day (San Marino in 1985)
            continue
        expected = similarity.pi(world, row.state_a, row.state_b, at=on)
        assert value == expected or (math.isnan(value) and math.isnan(expected))
        compared += 1
    assert compared > 40
    # portfolios read the ties: an ATOP 3 exactly where the dyad-year table has defence or
    # offence that year and the tie still stands on the day
    usa = similarity.portfolio(world, "USA", at=on)
    allied = {
        r.state_b
        for r in tables.dyad_years(world, start=1985, end=1985)
        if r.state_a == "USA" and (r.defense or r.offense)
    }
    assert {code for code, v in usa.items() if v == 3} - {"USA"} <= allied


def test_the_landscape_as_the_system_reaches_past_the_state_lists() -> None:
    world = reference_landscape()
    day = D(2025, 6, 1)
    with pytest.raises(ValidationError, match="system='landscape'"):
        similarity.s_score(world, "USA", "GBR", at=day)
    members, found = similarity.portfolios(world, ["USA", "GBR"], at=day, system="landscape")
    assert members == tuple(s.code for s in world.states)
    usa, gbr = found["USA"], found["GBR"]
    distance = sum(abs(x - y) for x, y in zip(usa, gbr, strict=True))
    expected = 1 - 2 * distance / (len(members) * 3)
    assert similarity.s_score(world, "USA", "GBR", at=day, system="landscape") == pytest.approx(
        expected
    )
