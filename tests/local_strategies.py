"""Test-local Hypothesis strategies for valid model objects.

Valid by construction: states and domains are drawn first, then what refers
to them. The public strategies (``coalitions.strategies``) will replace these.
"""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import strategies as st

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

START = dt.date(1815, 1, 1)
END = dt.date(2030, 12, 31)

codes = st.text(string.ascii_uppercase, min_size=3, max_size=3)
names = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x24F, exclude_categories=("Cs",)),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() != "")
ids = st.from_regex(r"[A-Z][A-Za-z0-9]{0,6}(-[A-Z0-9]{1,4})?", fullmatch=True)
slugs = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5})?", fullmatch=True)
obligation_sets = st.frozensets(st.sampled_from(Obligation))
_optional_obligations = st.none() | obligation_sets
_some_obligations = obligation_sets.filter(bool)
_sources = st.lists(names, max_size=2)


# Strategies are built once, at import: building new ones inside a draw (say
# st.dates with other bounds) makes Hypothesis validate each of them again.
_fraction = st.integers(0, 1 << 16)
_precision = st.sampled_from(Precision)
_role = st.sampled_from(Role)
_small = st.integers(0, 3)
_bool = st.booleans()
_index = st.integers(0, 1 << 16)
_count = st.integers(0, 8)


def pick(draw: st.DrawFn, items: list[str]) -> str:
    return items[draw(_index) % len(items)]


def dated(draw: st.DrawFn, low: dt.date, high: dt.date) -> tuple[dt.date, Precision]:
    """A date in ``[low, high]`` with a precision, stored as the first day of its period."""
    span = (high - low).days
    day = low + dt.timedelta(days=span * draw(_fraction) >> 16)
    precision = draw(_precision)
    truncated = precision.truncate(day)
    if truncated < low:
        return day, Precision.DAY
    return truncated, precision


def states(min_size: int = 3, max_size: int = 8) -> st.SearchStrategy[list[State]]:
    state = st.builds(
        State,
        code=codes,
        name=names,
        cow_code=st.none() | st.integers(1, 999),
        region=st.none() | st.sampled_from(["Europe", "Asia", "Africa", "Americas", "Oceania"]),
    )
    return st.lists(state, min_size=min_size, max_size=max_size, unique_by=lambda s: s.code)


@st.composite
def domain_lists(draw: st.DrawFn) -> list[Domain]:
    keys = draw(st.lists(slugs, max_size=5, unique=True))
    result: list[Domain] = []
    for index, key in enumerate(keys):
        parent = pick(draw, keys[:index]) if index and draw(_bool) else None
        result.append(Domain(key=key, name=draw(names), parent=parent))
    return result


def spells(
    draw: st.DrawFn,
    state_codes: list[str],
    start: dt.date,
    end: dt.date | None,
    min_states: int,
) -> list[Membership]:
    """Non-overlapping spells inside ``[start, end)`` for at least ``min_states`` states."""
    pool = list(state_codes)
    chosen = [pool.pop(draw(_index) % len(pool)) for _ in range(min_states)]
    chosen += [pool.pop(draw(_index) % len(pool)) for _ in range(draw(_index) % (len(pool) + 1))]
    horizon = end or END
    result: list[Membership] = []
    for position, code in enumerate(chosen):
        cursor = start
        for number in range(1 + draw(_small) % 3):
            if cursor >= horizon - dt.timedelta(days=2):
                break
            since, since_p = dated(draw, cursor, horizon - dt.timedelta(days=2))
            # The first spell of the first few states is a MEMBER spell so the minimum holds.
            role = (
                Role.MEMBER
                if number == 0 and position < min_states
                else draw(st.sampled_from(Role))
            )
            obligations = draw(_optional_obligations)
            close = end is not None or draw(_bool)
            if close:
                until, until_p = dated(draw, since + dt.timedelta(days=1), horizon)
                if until <= since:
                    until, until_p = since + dt.timedelta(days=1), Precision.DAY
            else:
                until, until_p = None, Precision.DAY
            result.append(
                Membership(
                    state=code,
                    since=since,
                    until=until,
                    role=role,
                    obligations=obligations,
                    since_precision=since_p,
                    until_precision=until_p,
                )
            )
            if until is None:
                break
            cursor = until
    return result


def lifetimes(draw: st.DrawFn) -> tuple[dt.date, Precision, dt.date | None, Precision]:
    start, start_p = dated(draw, START, dt.date(2020, 1, 1))
    if draw(_bool):
        end, end_p = dated(draw, start + dt.timedelta(days=30), END)
        if end <= start + dt.timedelta(days=3):
            end, end_p = start + dt.timedelta(days=30), Precision.DAY
        return start, start_p, end, end_p
    return start, start_p, None, Precision.DAY


_states = states()
_domain_lists = domain_lists()


@st.composite
def landscapes(draw: st.DrawFn, max_groupings: int = 4) -> Landscape:
    state_list = draw(_states)
    codes_ = [s.code for s in state_list]
    domain_list = draw(_domain_lists)
    keys = [d.key for d in domain_list]
    used_ids: set[str] = set()

    def fresh_id() -> str:
        identifier = draw(ids)
        while identifier in used_ids:  # rare: make it unique instead of discarding the draw
            identifier += "x"
        return identifier

    def some_domains() -> frozenset[str]:
        return frozenset(pick(draw, keys) for _ in range(draw(_small))) if keys else frozenset()

    sources = _sources

    agreements: list[Agreement] = []
    for _ in range(draw(_count) % (max_groupings + 1)):
        signed, signed_p, ended, ended_p = lifetimes(draw)
        in_force: dt.date | None = None
        if draw(_bool):
            in_force = ended or signed
        identifier = fresh_id()
        used_ids.add(identifier)
        agreements.append(
            Agreement(
                id=identifier,
                name=draw(names),
                kind=draw(st.sampled_from(AgreementKind)),
                parties=spells(draw, codes_, signed, ended, 2),
                signed=signed,
                signed_precision=signed_p,
                in_force=in_force,
                in_force_precision=Precision.DAY
                if in_force is None
                else ended_p
                if in_force is ended
                else signed_p,
                ended=ended,
                ended_precision=ended_p,
                obligations=draw(obligation_sets),
                domains=some_domains(),
                sources=draw(sources),
            )
        )
    alliances: list[Alliance] = []
    for _ in range(draw(_count) % (max_groupings + 1)):
        founded, founded_p, dissolved, dissolved_p = lifetimes(draw)
        identifier = fresh_id()
        used_ids.add(identifier)
        alliances.append(
            Alliance(
                id=identifier,
                name=draw(names),
                founded=founded,
                founded_precision=founded_p,
                dissolved=dissolved,
                dissolved_precision=dissolved_p,
                members=spells(draw, codes_, founded, dissolved, 2),
                obligations=draw(_some_obligations),
                domains=some_domains(),
                agreements=draw(
                    st.frozensets(st.sampled_from([a.id for a in agreements]), max_size=2)
                )
                if agreements
                else frozenset(),
                sources=draw(sources),
            )
        )
    minilaterals: list[Minilateral] = []
    for _ in range(draw(_count) % (max_groupings + 1)):
        founded, founded_p, dissolved, dissolved_p = lifetimes(draw)
        identifier = fresh_id()
        used_ids.add(identifier)
        minilaterals.append(
            Minilateral(
                id=identifier,
                name=draw(names),
                founded=founded,
                founded_precision=founded_p,
                dissolved=dissolved,
                dissolved_precision=dissolved_p,
                members=spells(draw, codes_, founded, dissolved, 3),
                mission=draw(names),
                formality=draw(st.sampled_from(Formality)),
                domains=some_domains(),
                sources=draw(sources),
            )
        )
    return Landscape(
        states=state_list,
        domains=domain_list,
        agreements=agreements,
        alliances=alliances,
        minilaterals=minilaterals,
    )
