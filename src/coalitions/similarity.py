"""Alignment measures: how alike two states' tie portfolios are (S, kappa, pi, tau-b).

The **portfolio** of a state on a day is its valued tie to every member of the
state system that day (``system="cow"`` by default, or ``"gw"``; or
``"landscape"``: every state of the landscape, for dates the system lists do
not reach, such as today's reference landscape), itself included, read from the tie machinery (:meth:`Landscape.ties
<coalitions.Landscape.ties>`), so it never disagrees with ``ties`` or the tables.
On the ATOP scale (``scale="atop"``, the valued alliance scale used with Häge's
FPSIM data) a tie is worth

* 3 for a defence or offence obligation in either direction,
* 2 for neutrality or consultation, 1 for non-aggression, 0 for none,

and a state's tie to itself 3. On the ``"strength"`` scale a tie is worth its
:class:`~coalitions.Strength` (1 to 10; 0 for none; 10 to itself), so the same
measures compare every tie, not only alliances: dialogue forums, frameworks,
access agreements, coalitions, partnerships.

With ``x`` and ``y`` the two portfolios over the same ``n`` states and ``k`` the
scale's top value (its bottom is 0), and ``|.|`` absolute distance:

* Signorino and Ritter's S (unweighted): ``S = 1 - 2 d / d_max``, ``d = sum |x_i - y_i|``,
  ``d_max = n k``. From -1 to 1.
* Cohen's kappa and Scott's pi as Häge (2011) defines them for similarity:
  ``1 - D_o / D_e``, ``D_o = sum |x_i - y_i| / n`` the observed disagreement and
  ``D_e`` the disagreement expected by chance: ``sum_a sum_b p(a) q(b) |a - b|`` with
  ``p`` and ``q`` each state's own distribution of values (kappa), or with both the
  pooled distribution of the two (pi). ``nan`` where ``D_e`` is 0 (both
  portfolios one and the same constant: there is no chance disagreement to beat).
* Kendall's tau-b between the two portfolios: ``(C - D) / sqrt((P - T_x)(P - T_y))``
  over the ``P = n(n-1)/2`` pairs of states, ``C`` and ``D`` the concordant and
  discordant pairs, ``T_x`` and ``T_y`` the pairs tied in ``x`` and in ``y``;
  ``nan`` where either portfolio is constant.

References: Signorino, Curtis S. and Jeffrey M. Ritter. 1999. "Tau-b or Not
Tau-b: Measuring the Similarity of Foreign Policy Positions." International
Studies Quarterly 43(1): 115-44. Häge, Frank M. 2011. "Choice or Circumstance?
Adjusting Measures of Foreign Policy Similarity for Chance Agreement."
Political Analysis 19(3): 287-305. Bueno de Mesquita, Bruce. 1975. "Measuring
Systemic Polarity." Journal of Conflict Resolution 19(2): 187-216 (tau-b).

>>> import datetime as dt
>>> from coalitions import Alliance, Landscape, Membership, Obligation, State
>>> day = dt.date(2000, 1, 1)
>>> world = Landscape(
...     states=[State(code="USA", name="United States", cow_code=2),
...             State(code="CAN", name="Canada", cow_code=20),
...             State(code="MEX", name="Mexico", cow_code=70)],
...     alliances=[
...         Alliance(id="A", name="A", founded=day, obligations=[Obligation.DEFENSE],
...                  members=[Membership(state=c, since=day) for c in ("USA", "CAN")]),
...         Alliance(id="B", name="B", founded=day, obligations=[Obligation.NON_AGGRESSION],
...                  members=[Membership(state=c, since=day) for c in ("USA", "MEX")])])
>>> on = dt.date(2000, 6, 1)
>>> n = len(portfolio(world, "USA", at=on))  # the COW system's members that day
>>> s_score(world, "USA", "CAN", at=on) == 1 - 2 * 1 / (n * 3)  # they differ on Mexico only
True
>>> s_score(world, "USA", "USA", at=on), round(tau_b(world, "USA", "CAN", at=on), 3)
(1.0, 0.817)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

from coalitions import systems
from coalitions.errors import Problem, ValidationError
from coalitions.landscape import Landscape
from coalitions.model import Obligation
from coalitions.tables import DyadYear
from coalitions.ties import Strength

__all__ = [
    "MEASURES",
    "Measure",
    "Scale",
    "against_all",
    "compare",
    "kappa",
    "panel",
    "pi",
    "portfolio",
    "portfolios",
    "s_score",
    "tau_b",
]

Measure = Literal["s", "kappa", "pi", "tau_b"]
Scale = Literal["atop", "strength"]
MEASURES: tuple[str, ...] = ("s", "kappa", "pi", "tau_b")
"""The measures by name, as :func:`compare`, :func:`against_all` and :func:`panel` take them."""

_TOP = {"atop": 3, "strength": int(max(Strength))}
_DEFENCE = frozenset({Obligation.DEFENSE, Obligation.OFFENSE})
_MIDDLE = frozenset({Obligation.NEUTRALITY, Obligation.CONSULTATION})


def _atop_value(obligations: frozenset[Obligation]) -> int:
    if obligations & _DEFENCE:
        return 3
    if obligations & _MIDDLE:
        return 2
    return 1 if Obligation.NON_AGGRESSION in obligations else 0


def _check(scale: str, system: str) -> int:
    problems = []
    if scale not in _TOP:
        problems.append(Problem("scale", f"unknown scale {scale!r}; expected 'atop' or 'strength'"))
    if system not in systems.SYSTEMS and system != LANDSCAPE:
        problems.append(
            Problem(
                "system",
                f"unknown state system {system!r}; expected 'cow', 'gw' or 'landscape'",
            )
        )
    if problems:
        raise ValidationError(problems)
    return _TOP[scale]


def _day(landscape: Landscape, at: dt.date | None) -> dt.date:
    if at is None:
        return landscape.as_of or dt.date.today()
    return at


#: The ``system`` that takes every state of the landscape as the system.
LANDSCAPE = "landscape"


def _system_on(system: str, day: dt.date, landscape: Landscape) -> list[str]:
    """The registry codes of the system's members on ``day``, in the system's order."""
    if system == LANDSCAPE:
        return [state.code for state in landscape.states]
    try:
        found = systems.members(system, day.year)
    except ValidationError as exc:
        raise ValidationError(
            [
                Problem(
                    p.path,
                    f"{p.message}; for such dates, system='landscape' compares over the"
                    " landscape's own states",
                )
                for p in exc.problems
            ]
        ) from None
    return [m.state for m in found if any(low <= day < high for low, high in m.days)]


def _values(
    landscape: Landscape, code: str, day: dt.date, scale: str, known: frozenset[str]
) -> dict[str, int]:
    """``code``'s valued ties on ``day``, by other state (only those above 0)."""
    if code not in known:
        return {}
    found: dict[str, int] = {}
    for link in landscape.ties(code, at=day):
        value = _atop_value(link.owes | link.owed) if scale == "atop" else int(link.strength)
        if value > found.get(link.other, 0):
            found[link.other] = value
    return found


def portfolios(
    landscape: Landscape,
    codes: Iterable[str],
    *,
    at: dt.date | None = None,
    system: str = "cow",
    scale: str = "atop",
) -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """The system's members on ``at`` (``as_of`` by default) and each of ``codes``'s
    portfolio over them, in that order.

    A state asked for must be in the system that day (else a
    :class:`~coalitions.ValidationError`): a portfolio is over the system's members.
    """
    top = _check(scale, system)
    day = _day(landscape, at)
    members = _system_on(system, day, landscape)
    inside = frozenset(members)
    known = frozenset(s.code for s in landscape.states)
    wanted = list(dict.fromkeys(codes))
    problems = [
        Problem("state", f"{code} is not in the {system} system on {day.isoformat()}")
        for code in wanted
        if code not in inside
    ]
    if problems:
        raise ValidationError(problems)
    found = {}
    for code in wanted:
        values = _values(landscape, code, day, scale, known)
        values[code] = top
        found[code] = tuple(values.get(other, 0) for other in members)
    return tuple(members), found


def portfolio(
    landscape: Landscape,
    code: str,
    *,
    at: dt.date | None = None,
    system: str = "cow",
    scale: str = "atop",
) -> dict[str, int]:
    """``code``'s portfolio on ``at``: its value toward every member of the system.

    >>> import datetime as dt
    >>> from coalitions import Alliance, Landscape, Membership, Obligation, State
    >>> day = dt.date(1900, 1, 1)
    >>> world = Landscape(
    ...     states=[State(code="GBR", name="United Kingdom", cow_code=200),
    ...             State(code="PRT", name="Portugal", cow_code=235)],
    ...     alliances=[Alliance(id="A", name="A", founded=day, obligations=[Obligation.NEUTRALITY],
    ...                         members=[Membership(state=c, since=day) for c in ("GBR", "PRT")])])
    >>> values = portfolio(world, "GBR", at=dt.date(1900, 6, 1))
    >>> values["GBR"], values["PRT"], values["FRA"]
    (3, 2, 0)
    """
    members, found = portfolios(landscape, [code], at=at, system=system, scale=scale)
    return dict(zip(members, found[code], strict=True))


# --- the measures, on two portfolios


def _counts(x: Sequence[int], y: Sequence[int]) -> tuple[dict[int, int], dict[int, int]]:
    cx: dict[int, int] = {}
    cy: dict[int, int] = {}
    for value in x:
        cx[value] = cx.get(value, 0) + 1
    for value in y:
        cy[value] = cy.get(value, 0) + 1
    return cx, cy


def _expected(p: dict[int, int], q: dict[int, int], total: int) -> float:
    return sum(a * b * abs(u - v) for u, a in p.items() for v, b in q.items()) / total


def s_of(x: Sequence[int], y: Sequence[int], top: int) -> float:
    """Signorino and Ritter's S (unweighted, absolute distance) of two portfolios
    on a scale from 0 to ``top``.

    >>> s_of([3, 3, 0, 1], [3, 0, 0, 1], 3)
    0.5
    """
    distance = sum(abs(a - b) for a, b in zip(x, y, strict=True))
    return 1 - 2 * distance / (len(x) * top)


def kappa_of(x: Sequence[int], y: Sequence[int]) -> float:
    """Cohen's kappa as Häge defines it: 1 - observed / expected disagreement, each
    state's own distribution giving the expected.

    >>> kappa_of([3, 3, 0, 1], [3, 0, 0, 1])  # 1 - (3/4) / (24/16)
    0.5
    """
    n = len(x)
    observed = sum(abs(a - b) for a, b in zip(x, y, strict=True)) / n
    cx, cy = _counts(x, y)
    expected = _expected(cx, cy, n * n)
    return math.nan if expected == 0 else 1 - observed / expected


def pi_of(x: Sequence[int], y: Sequence[int]) -> float:
    """Scott's pi as Häge defines it: 1 - observed / expected disagreement, the
    pooled distribution of both giving the expected.

    >>> round(pi_of([3, 3, 0, 1], [3, 0, 0, 1]), 6)  # 1 - (3/4) / (90/64)
    0.466667
    """
    n = len(x)
    observed = sum(abs(a - b) for a, b in zip(x, y, strict=True)) / n
    cx, cy = _counts(x, y)
    pooled = {v: cx.get(v, 0) + cy.get(v, 0) for v in cx.keys() | cy.keys()}
    expected = _expected(pooled, pooled, 4 * n * n)
    return math.nan if expected == 0 else 1 - observed / expected


def tau_b_of(x: Sequence[int], y: Sequence[int]) -> float:
    """Kendall's tau-b of two portfolios, counted from their joint table of values.

    >>> tau_b_of([3, 3, 0, 1], [3, 0, 0, 1])  # (3 - 1) / sqrt((6 - 1) (6 - 1))
    0.4
    """
    joint: dict[tuple[int, int], int] = {}
    for a, b in zip(x, y, strict=True):
        joint[a, b] = joint.get((a, b), 0) + 1
    cx, cy = _counts(x, y)
    n = len(x)
    pairs = n * (n - 1) // 2
    tied_x = sum(c * (c - 1) // 2 for c in cx.values())
    tied_y = sum(c * (c - 1) // 2 for c in cy.values())
    concordant = discordant = 0
    cells = list(joint.items())
    for i, ((a, b), m) in enumerate(cells):
        for (c, d), k in cells[i + 1 :]:
            sign = (a - c) * (b - d)
            if sign > 0:
                concordant += m * k
            elif sign < 0:
                discordant += m * k
    denominator = math.sqrt((pairs - tied_x) * (pairs - tied_y))
    return math.nan if denominator == 0 else (concordant - discordant) / denominator


def _measure(measure: str, top: int) -> Callable[[Sequence[int], Sequence[int]], float]:
    if measure == "s":
        return lambda x, y: s_of(x, y, top)
    if measure == "kappa":
        return kappa_of
    if measure == "pi":
        return pi_of
    if measure == "tau_b":
        return tau_b_of
    raise ValidationError(
        [Problem("measure", f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")]
    )


# --- the API


def compare(
    landscape: Landscape,
    a: str,
    b: str,
    *,
    at: dt.date | None = None,
    measure: str = "s",
    system: str = "cow",
    scale: str = "atop",
) -> float:
    """``measure`` (``"s"``, ``"kappa"``, ``"pi"`` or ``"tau_b"``) between the
    portfolios of ``a`` and ``b`` on ``at`` (``as_of`` by default)."""
    top = _check(scale, system)
    function = _measure(measure, top)
    _, found = portfolios(landscape, [a, b], at=at, system=system, scale=scale)
    return function(found[a], found[b])


def s_score(
    landscape: Landscape,
    a: str,
    b: str,
    *,
    at: dt.date | None = None,
    system: str = "cow",
    scale: str = "atop",
) -> float:
    """Signorino and Ritter's S between ``a``'s and ``b``'s portfolios on ``at``.

    >>> import datetime as dt
    >>> from coalitions import reference_landscape
    >>> world = reference_landscape()
    >>> s_score(world, "FRA", "DEU", at=dt.date(2020, 1, 1)) > s_score(world, "FRA", "RUS", at=dt.date(2020, 1, 1))
    True
    """
    return compare(landscape, a, b, at=at, measure="s", system=system, scale=scale)


def kappa(
    landscape: Landscape,
    a: str,
    b: str,
    *,
    at: dt.date | None = None,
    system: str = "cow",
    scale: str = "atop",
) -> float:
    """Cohen's kappa (Häge 2011) between ``a``'s and ``b``'s portfolios on ``at``."""
    return compare(landscape, a, b, at=at, measure="kappa", system=system, scale=scale)


def pi(
    landscape: Landscape,
    a: str,
    b: str,
    *,
    at: dt.date | None = None,
    system: str = "cow",
    scale: str = "atop",
) -> float:
    """Scott's pi (Häge 2011) between ``a``'s and ``b``'s portfolios on ``at``."""
    return compare(landscape, a, b, at=at, measure="pi", system=system, scale=scale)


def tau_b(
    landscape: Landscape,
    a: str,
    b: str,
    *,
    at: dt.date | None = None,
    system: str = "cow",
    scale: str = "atop",
) -> float:
    """Kendall's tau-b between ``a``'s and ``b``'s portfolios on ``at``."""
    return compare(landscape, a, b, at=at, measure="tau_b", system=system, scale=scale)


def against_all(
    landscape: Landscape,
    a: str,
    *,
    at: dt.date | None = None,
    measure: str = "s",
    system: str = "cow",
    scale: str = "atop",
) -> dict[str, float]:
    """``measure`` between ``a`` and every member of the system on ``at``, by code
    (``a`` itself included), from the portfolios made once.

    >>> import datetime as dt
    >>> from coalitions import reference_landscape
    >>> scores = against_all(reference_landscape(), "FRA", at=dt.date(2020, 1, 1))
    >>> scores["FRA"], scores["DEU"] == s_score(reference_landscape(), "FRA", "DEU", at=dt.date(2020, 1, 1))
    (1.0, True)
    """
    top = _check(scale, system)
    function = _measure(measure, top)
    day = _day(landscape, at)
    members = _system_on(system, day, landscape)
    _, found = portfolios(landscape, [a, *members], at=day, system=system, scale=scale)
    mine = found[a]
    return {code: function(mine, found[code]) for code in members}


def panel(
    landscape: Landscape,
    rows: Iterable[DyadYear],
    *,
    measure: str = "s",
    system: str = "cow",
    scale: str = "atop",
) -> list[float | None]:
    """A column for a dyad-year table: ``measure`` between each row's two states on
    the last day of its year (the landscape's ``as_of`` in that year), ``None``
    where the year is outside the landscape's coverage or a state is not in the
    system that day.

    >>> import datetime as dt
    >>> from coalitions import Alliance, Landscape, Membership, Obligation, State, tables
    >>> day = dt.date(2000, 1, 1)
    >>> world = Landscape(
    ...     states=[State(code="USA", name="United States", cow_code=2),
    ...             State(code="CAN", name="Canada", cow_code=20)],
    ...     alliances=[Alliance(id="A", name="A", founded=day, obligations=[Obligation.DEFENSE],
    ...                         members=[Membership(state=c, since=day) for c in ("USA", "CAN")])],
    ...     start=day, as_of=dt.date(2001, 12, 31))
    >>> rows = tables.dyad_years(world, directed=False, start=1999, end=2002, complete=True)
    >>> usa_can = [r for r in rows if (r.state_a, r.state_b) == ("USA", "CAN")]
    >>> panel(world, usa_can)  # identical portfolios in 2000-2001; outside coverage, missing
    [None, 1.0, 1.0, None]
    """
    top = _check(scale, system)
    function = _measure(measure, top)
    rows = list(rows)
    first = landscape.start.year if landscape.start is not None else -1
    last = (landscape.as_of or dt.date.today()).year
    by_year: dict[int, list[int]] = {}
    for index, row in enumerate(rows):
        by_year.setdefault(row.year, []).append(index)
    result: list[float | None] = [None] * len(rows)
    for year, indexes in sorted(by_year.items()):
        if not first <= year <= last:
            continue
        day = dt.date(year, 12, 31)
        if landscape.as_of is not None and landscape.as_of < day:
            day = landscape.as_of
        inside = frozenset(_system_on(system, day, landscape))
        wanted = {
            code for i in indexes for code in (rows[i].state_a, rows[i].state_b) if code in inside
        }
        _, found = portfolios(landscape, wanted, at=day, system=system, scale=scale)
        for i in indexes:
            x, y = found.get(rows[i].state_a), found.get(rows[i].state_b)
            if x is not None and y is not None:
                result[i] = function(x, y)
    return result
