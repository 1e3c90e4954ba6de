"""A seeded generator of synthetic but realistic landscapes, for benchmarks.

``synthetic_landscape(seed, scale)`` builds a valid :class:`coalitions.Landscape`
the size of ATOP at ``scale=1``: 200 states, 800 alliances with about 2,600
membership spells between them (3.3 on average), 10 domains, 120 agreements
and 40 minilaterals. The same ``seed`` and ``scale`` always give the same
landscape (it uses only its own ``random.Random(seed)``).

Realism, roughly as ATOP codes alliances:

* most alliances are bilateral or have up to five members, a few are big
  (up to 30 founding members); great powers are picked far more often;
* members join after the founding, leave before the end, and some leave and
  rejoin (never with overlapping spells); seats left empty are sometimes
  taken by another state;
* some members have their own obligations (some an explicitly empty set);
* some dates are known only to the month or the year (stored as the first
  day of the period, with the ``*_precision`` field saying so);
* about half of the alliances are dissolved, and then every spell ends by the
  dissolution; the others have open spells;
* a few alliances and minilaterals have partners or observers, and some
  alliances name the agreement they rest on.

Scaling: ``scale`` grows the data in breadth *and* depth, not the size of one
grouping at one date. With ``r = sqrt(scale)``, the covered period (1815-2024
at scale 1) and grouping lifetimes are ``r`` times as long, while one spell
lasts as long as at scale 1, so a grouping has more spells over its longer
history (3.3 per alliance at scale 1, 4.4 at 10, 7.5 at 100); there are
``scale ** 0.8`` times as many groupings and as many times more states, so
that what one state belongs to on one date stays as at scale 1. Members of
one grouping at one date stay as many as at scale 1 (about 2.7 on average),
and the number of spells grows about linearly with ``scale``: 2,900 grouping
spells at 1, 24,600 at 10, 252,000 at 100 (``python benchmarks/synthetic.py 1
10 100`` prints the sizes). Periods end in 2024 up to ``scale`` 90 or so and
start in year 1 beyond that; ``scale`` can go up to 2,000.

Usable from benchmark scripts next to this file::

    sys.path.insert(0, os.path.dirname(__file__))
    from synthetic import synthetic_landscape
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import string
import sys
from collections.abc import Sequence

from coalitions import (
    Agreement,
    AgreementKind,
    Alliance,
    Domain,
    Formality,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Precision,
    Role,
    State,
)

__all__ = ["describe", "synthetic_landscape"]

_YEAR = 365.2425
_STATES = 200
_ALLIANCES = 800
_AGREEMENTS = 120
_MINILATERALS = 40
_SPAN_YEARS = 210.0  # 1815-2024, ATOP's period
_LAST_YEAR = 2024
# Groupings grow as scale**_BREADTH; with histories growing as sqrt(scale) too,
# the number of spells grows about linearly with scale.
_BREADTH = 0.8
_MAX_SCALE = 2000  # a period of 9,400 years: dates end in year 9999

# Founding member counts of alliances: mostly bilateral, a long thin tail.
_SIZES: tuple[tuple[int, int, float], ...] = (
    (2, 2, 0.8),
    (3, 3, 0.09),
    (4, 4, 0.04),
    (5, 5, 0.025),
    (6, 10, 0.03),
    (11, 30, 0.015),
)
_OBLIGATION_WEIGHTS: tuple[tuple[Obligation, float], ...] = (
    (Obligation.DEFENSE, 0.6),
    (Obligation.CONSULTATION, 0.55),
    (Obligation.NON_AGGRESSION, 0.4),
    (Obligation.NEUTRALITY, 0.25),
    (Obligation.OFFENSE, 0.1),
)
_DOMAINS: tuple[tuple[str, str, str | None], ...] = (
    ("collective-defence", "Collective defence", None),
    ("maritime-security", "Maritime security", None),
    ("anti-piracy", "Anti-piracy", "maritime-security"),
    ("mine-countermeasures", "Mine countermeasures", "maritime-security"),
    ("air-and-missile-defence", "Air and missile defence", "collective-defence"),
    ("nuclear-deterrence", "Nuclear deterrence", "collective-defence"),
    ("cyber", "Cyber defence", None),
    ("space", "Space", None),
    ("counter-terrorism", "Counter-terrorism", None),
    ("defence-industry", "Defence industry", None),
)
_REGIONS = ("Europe", "Asia", "Africa", "Americas", "Middle East", "Oceania")
_SYLLABLES = (
    "al", "an", "bar", "bel", "cor", "dan", "dor", "el", "fal", "gar", "hel", "is",
    "kar", "lan", "lor", "mar", "mor", "nar", "nor", "or", "pal", "ran", "sal", "sor",
    "tan", "tor", "ul", "val", "ven", "vor", "zan", "zel",
)  # fmt: skip
_SOURCES = ("ATOP 5.1", "COW Formal Alliances v4.1", "UN Treaty Series")


class _Dates:
    """Ordinal day numbers of the covered period and a random date with a precision."""

    def __init__(self, rng: random.Random, scale_root: float) -> None:
        self.rng = rng
        span_years = _SPAN_YEARS * scale_root
        last_year = max(_LAST_YEAR, math.ceil(span_years) + 1)
        self.end = dt.date(last_year, 12, 31).toordinal()
        self.start = self.end - round(span_years * _YEAR)

    def day(self, ordinal: int, floor: int) -> tuple[dt.date, Precision]:
        """The date at ``ordinal``, sometimes known only to its month or year.

        A reduced precision moves the date back to the first day of its period;
        it is used only if the result stays at or after ``floor``.
        """
        day = dt.date.fromordinal(ordinal)
        draw = self.rng.random()
        if draw < 0.9:
            return day, Precision.DAY
        precision = Precision.MONTH if draw < 0.97 else Precision.YEAR
        coarse = precision.truncate(day)
        if coarse.toordinal() < floor:
            return day, Precision.DAY
        return coarse, precision

    def years(self, mean: float) -> int:
        """An exponentially distributed duration in days, at least one."""
        return max(1, round(self.rng.expovariate(1.0 / (mean * _YEAR))))


class _Generator:
    def __init__(self, seed: int, scale: float) -> None:
        if not 0 < scale <= _MAX_SCALE:
            raise ValueError(f"scale must be positive and at most {_MAX_SCALE}, got {scale!r}")
        self.rng = random.Random(seed)
        self.root = math.sqrt(scale)  # longer periods, lifetimes and histories
        self.breadth = scale**_BREADTH  # more groupings
        self.dates = _Dates(self.rng, self.root)
        # States grow with the groupings, so that what one state belongs to on one
        # day stays as at scale 1: the world gets wider and older, not busier.
        self.states = self._states(max(6, round(_STATES * self.breadth)))
        codes = [s.code for s in self.states]
        # Preferential attachment: a few (great) powers are in many groupings.
        weights = [1.0 / (rank + 4) ** 0.9 for rank in range(len(codes))]
        self.codes = codes
        self.cum_weights = list(itertools.accumulate(weights))

    # --- names and states

    def _word(self, low: int = 2, high: int = 3) -> str:
        parts = self.rng.choices(_SYLLABLES, k=self.rng.randint(low, high))
        return "".join(parts).capitalize()

    def _states(self, count: int) -> list[State]:
        count = min(count, 26**3)
        all_codes = [a + b + c for a in string.ascii_uppercase for b in string.ascii_uppercase for c in string.ascii_uppercase]  # fmt: skip
        codes = self.rng.sample(all_codes, count)
        cow_codes = self.rng.sample(range(2, 1000), min(count, 998))
        states = []
        for index, code in enumerate(codes):
            cow = cow_codes[index] if index < len(cow_codes) and self.rng.random() < 0.9 else None
            region = self.rng.choice(_REGIONS) if self.rng.random() < 0.8 else None
            states.append(State(code=code, name=self._word(), cow_code=cow, region=region))
        return states

    def _pick_state(self, taken: set[str]) -> str:
        """A state not yet in ``taken`` (which must leave one), added to it."""
        for _ in range(50):
            code = self.rng.choices(self.codes, cum_weights=self.cum_weights)[0]
            if code not in taken:
                break
        else:  # the likely ones are all taken: any other will do
            code = self.rng.choice([c for c in self.codes if c not in taken])
        taken.add(code)
        return code

    def _obligations(self) -> frozenset[Obligation]:
        picked = {o for o, p in _OBLIGATION_WEIGHTS if self.rng.random() < p}
        return frozenset(picked) if picked else frozenset({Obligation.DEFENSE})

    def _domains(self, probability: float) -> frozenset[str]:
        if self.rng.random() >= probability:
            return frozenset()
        count = self.rng.choice((1, 1, 1, 2, 3))
        return frozenset(self.rng.sample([d[0] for d in _DOMAINS], count))

    def _sources(self) -> tuple[str, ...]:
        draw = self.rng.random()
        if draw < 0.2:
            return ()
        if draw < 0.85:
            return (_SOURCES[0],)
        return _SOURCES[:2]

    # --- spells

    def _seat(
        self,
        spells: list[Membership],
        taken: set[str],
        state: str,
        first_since: tuple[dt.date, Precision],
        horizon: int,
        dissolved: tuple[dt.date, Precision] | None,
        role: Role,
        mean_stay: float,
        refill: float,
    ) -> None:
        """Fill one seat of a grouping with successive spells until ``horizon``.

        Each spell lasts ``mean_stay`` years on average; when it ends before the
        horizon, the seat is taken again with probability ``refill`` after a
        gap, by the same state (a rejoin) or by a new one. Spells reaching the
        horizon end on ``dissolved`` or stay open.
        """
        rng, dates = self.rng, self.dates
        since, since_precision = first_since
        while True:
            stop = since.toordinal() + dates.years(mean_stay)
            until: dt.date | None
            if stop >= horizon:
                until, until_precision = dissolved if dissolved else (None, Precision.DAY)
            else:
                until, until_precision = dates.day(stop, since.toordinal() + 1)
            obligations: frozenset[Obligation] | None = None
            if rng.random() < 0.06:
                obligations = self._obligations() if rng.random() < 0.7 else frozenset()
            spells.append(
                Membership(
                    state=state,
                    since=since,
                    until=until,
                    role=role,
                    obligations=obligations,
                    since_precision=since_precision,
                    until_precision=until_precision,
                )
            )
            if until is None or until.toordinal() >= horizon or rng.random() >= refill:
                return
            start = until.toordinal() + dates.years(4.0)
            if start >= horizon:
                return
            if rng.random() >= 0.5 and len(taken) < len(self.codes):
                state = self._pick_state(taken)  # someone else takes the seat
            since, since_precision = dates.day(start, until.toordinal())

    def _lifetime(
        self, mean_years: float, p_dissolved: float, earliest: float = 0.0
    ) -> tuple[tuple[dt.date, Precision], tuple[dt.date, Precision] | None, int]:
        """Founding, dissolution (or ``None``) and the horizon its spells run to."""
        rng, dates = self.rng, self.dates
        span = dates.end - dates.start
        # Skewed towards recent times, as alliance formation has been.
        position = earliest + (1.0 - earliest) * rng.random() ** 0.45
        founded_ordinal = dates.start + min(round(span * position), span - 2)
        founded = dates.day(founded_ordinal, dates.start)
        dissolved: tuple[dt.date, Precision] | None = None
        if rng.random() < p_dissolved:
            end = founded[0].toordinal() + dates.years(mean_years * self.root)
            if end < dates.end:
                dissolved = dates.day(end, founded[0].toordinal() + 1)
        horizon = dissolved[0].toordinal() if dissolved else dates.end
        return founded, dissolved, horizon

    def _join_date(self, founded: dt.date, horizon: int) -> tuple[dt.date, Precision] | None:
        later = founded.toordinal() + self.dates.years(12.0 * self.root)
        if later >= horizon:
            return None
        return self.dates.day(later, founded.toordinal())

    def _members(
        self,
        founding: int,
        late: int,
        guests: int,
        founded: tuple[dt.date, Precision],
        dissolved: tuple[dt.date, Precision] | None,
        horizon: int,
        mean_stay: float,
        refill: float,
    ) -> list[Membership]:
        spells: list[Membership] = []
        taken: set[str] = set()
        seats = [Role.MEMBER] * (founding + late) + [
            self.rng.choice((Role.PARTNER, Role.OBSERVER)) for _ in range(guests)
        ]
        del seats[len(self.codes) :]  # each seat has states of its own
        # Each seat's first state is picked before any seat changes hands.
        first_states = [self._pick_state(taken) for _ in seats]
        for index, (role, state) in enumerate(zip(seats, first_states, strict=True)):
            since = founded if index < founding else self._join_date(founded[0], horizon)
            if since is not None:
                self._seat(spells, taken, state, since, horizon, dissolved, role, mean_stay, refill)
        # Spells in a plausible order: by start date, then state.
        spells.sort(key=lambda m: (m.since, m.state))
        return spells

    # --- entities

    def _alliance(self, index: int, agreement_ids: Sequence[str]) -> Alliance:
        rng = self.rng
        low, high, _ = rng.choices(_SIZES, weights=[w for *_, w in _SIZES])[0]
        founding = rng.randint(low, high)
        late = 0
        if rng.random() < 0.12:
            late = rng.randint(1, max(1, founding // 2))
        guests = 1 if rng.random() < 0.03 else 0
        founded, dissolved, horizon = self._lifetime(20.0, 0.65)
        members = self._members(
            founding, late, guests, founded, dissolved, horizon, mean_stay=140.0, refill=0.9
        )
        agreements: frozenset[str] = frozenset()
        if agreement_ids and rng.random() < 0.1:
            agreements = frozenset({rng.choice(agreement_ids)})
        partners = "-".join(self._word(2, 2) for _ in range(min(founding, 2)))
        kind = rng.choice(("Treaty of Alliance", "Defence Pact", "Treaty of Friendship", "Entente"))
        return Alliance(
            id=f"ATOP-{1001 + index}",
            name=f"{partners} {kind}" if founding == 2 else f"{kind} of {self._word()}",
            founded=founded[0],
            founded_precision=founded[1],
            dissolved=dissolved[0] if dissolved else None,
            dissolved_precision=dissolved[1] if dissolved else Precision.DAY,
            members=members,
            obligations=self._obligations(),
            domains=self._domains(0.3),
            agreements=agreements,
            sources=self._sources(),
        )

    def _agreement(self, index: int) -> Agreement:
        rng, dates = self.rng, self.dates
        founding = 2 if rng.random() < 0.8 else rng.randint(3, 6)
        signed, ended, horizon = self._lifetime(15.0, 0.3, earliest=0.3)
        parties = self._members(
            founding,
            1 if rng.random() < 0.1 else 0,
            0,
            signed,
            ended,
            horizon,
            mean_stay=60.0,
            refill=0.2,
        )
        in_force: tuple[dt.date, Precision] | None = None
        if rng.random() < 0.85:
            in_force_ordinal = signed[0].toordinal() + rng.randint(0, 700)
            if ended is None or in_force_ordinal <= ended[0].toordinal():
                in_force = dates.day(in_force_ordinal, signed[0].toordinal())
        if ended is not None and in_force is not None and ended[0] < in_force[0]:
            in_force = None
        kind = rng.choice(list(AgreementKind))
        return Agreement(
            id=f"AGR-{index + 1:05d}",
            name=f"{self._word()} {kind.value.replace('_', ' ').title()}",
            kind=kind,
            parties=parties,
            signed=signed[0],
            signed_precision=signed[1],
            in_force=in_force[0] if in_force else None,
            in_force_precision=in_force[1] if in_force else Precision.DAY,
            ended=ended[0] if ended else None,
            ended_precision=ended[1] if ended else Precision.DAY,
            obligations=self._obligations() if rng.random() < 0.5 else frozenset(),
            domains=self._domains(0.6),
            sources=self._sources()[:1],
        )

    def _minilateral(self, index: int) -> Minilateral:
        rng = self.rng
        founding = rng.randint(3, 6)
        founded, dissolved, horizon = self._lifetime(20.0, 0.2, earliest=0.5)
        members = self._members(
            founding,
            rng.randint(0, 2),
            rng.choice((0, 0, 1, 2)),
            founded,
            dissolved,
            horizon,
            mean_stay=30.0,
            refill=0.4,
        )
        topic = rng.choice(("maritime", "cyber", "space", "border", "air", "counter-terrorism"))
        return Minilateral(
            id=f"MINI-{index + 1:04d}",
            name=f"{self._word()} {topic.title()} Group",
            founded=founded[0],
            founded_precision=founded[1],
            dissolved=dissolved[0] if dissolved else None,
            dissolved_precision=dissolved[1] if dissolved else Precision.DAY,
            members=members,
            mission=f"Cooperation on {topic} security",
            formality=rng.choice(list(Formality)),
            domains=self._domains(0.8),
            sources=self._sources()[1:],
        )

    def landscape(self) -> Landscape:
        breadth = self.breadth
        domains = [Domain(key=k, name=n, parent=p) for k, n, p in _DOMAINS]
        agreements = [self._agreement(i) for i in range(round(_AGREEMENTS * breadth))]
        agreement_ids = [a.id for a in agreements]
        alliances = [self._alliance(i, agreement_ids) for i in range(round(_ALLIANCES * breadth))]
        minilaterals = [self._minilateral(i) for i in range(round(_MINILATERALS * breadth))]
        return Landscape(
            states=self.states,
            domains=domains,
            agreements=agreements,
            alliances=alliances,
            minilaterals=minilaterals,
        )


def synthetic_landscape(seed: int = 0, scale: float = 1.0) -> Landscape:
    """A valid, realistic landscape of ATOP's size at ``scale=1``; deterministic per seed.

    ``scale`` multiplies the number of states and groupings by ``scale ** 0.8``
    and the length of the period and of grouping histories by ``sqrt(scale)``,
    so spells grow about linearly with ``scale`` while the size of one grouping,
    and the groupings of one state, at one date do not.
    """
    return _Generator(seed, scale).landscape()


def describe(landscape: Landscape) -> str:
    """One line of sizes: entities, spells and the period covered."""
    groupings: list[Alliance | Minilateral] = [*landscape.alliances, *landscape.minilaterals]
    spells = [m for g in groupings for m in g.members]
    parties = sum(len(a.parties) for a in landscape.agreements)
    first = min((g.founded for g in groupings), default=None)
    return (
        f"{len(landscape.states)} states, {len(landscape.domains)} domains,"
        f" {len(landscape.agreements)} agreements ({parties} party spells),"
        f" {len(landscape.alliances)} alliances"
        f" ({sum(len(a.members) for a in landscape.alliances)} spells),"
        f" {len(landscape.minilaterals)} minilaterals"
        f" ({sum(len(m.members) for m in landscape.minilaterals)} spells);"
        f" {len(spells)} grouping spells in all, from {first.year if first else '-'}"
    )


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1"]:
        print(f"scale {arg}: {describe(synthetic_landscape(0, float(arg)))}")
