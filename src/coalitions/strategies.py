"""Hypothesis strategies for every model class, valid by construction.

Property-test code that takes states, alliances or whole landscapes with these:
every value drawn passes every check the model makes, and shrinks towards few
states, one grouping and short spells. Install the extra first::

    pip install coalitions[hypothesis]

Each function takes keyword arguments only and returns a strategy. Sizes and
dates can be bounded (``min_states``, ``max_groupings``, ``start``, ``end``);
pools (``states=``, ``domains=``, ``agreements=``) fix what generated objects
refer to, and strategy arguments (``codes=``, ``names=``, ``landscapes(states=...)``)
replace the default way of drawing a part. Bad arguments raise
:class:`hypothesis.errors.InvalidArgument` as soon as the function is called.

Standalone objects (from :func:`alliances`, :func:`memberships`, ...) refer to
random state codes, domain keys and agreement ids unless given pools; those in
a :func:`landscapes` refer only to what the landscape holds.

>>> from hypothesis import given
>>> @given(landscapes(max_states=4))
... def test_every_grouping_has_members(world):
...     for grouping in (*world.alliances, *world.minilaterals):
...         assert grouping.members
>>> test_every_grouping_has_members()

With Hypothesis installed, ``st.from_type(Alliance)`` and friends use these
strategies too: the package registers them through Hypothesis's entry point.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import string
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - tested in a subprocess
    raise ImportError(
        "coalitions.strategies needs Hypothesis, which is not installed; "
        "install it with: pip install coalitions[hypothesis]"
    ) from exc

from coalitions._checks import text_ok
from coalitions.history import Diff, Event, EventKind
from coalitions.landscape import Landscape
from coalitions.model import (
    Agreement,
    AgreementKind,
    Alliance,
    Commitment,
    Domain,
    ExternalIds,
    ForceStatus,
    Formality,
    Membership,
    Minilateral,
    Obligation,
    Precision,
    Role,
    State,
    Status,
    StatusSpell,
)
from coalitions.ties import Tie

__all__ = [
    "DEFAULT_END",
    "DEFAULT_START",
    "DEFECTS",
    "History",
    "agreements",
    "alliances",
    "commitments",
    "diffs",
    "domains",
    "events",
    "external_ids",
    "groupings",
    "histories",
    "invalid_documents",
    "landscapes",
    "memberships",
    "minilaterals",
    "states",
    "status_spells",
    "ties",
]

#: The earliest date drawn unless ``start=`` says otherwise: the Congress of Vienna era.
DEFAULT_START = dt.date(1815, 1, 1)
#: The latest date drawn unless ``end=`` says otherwise.
DEFAULT_END = dt.date(2030, 12, 31)

T = TypeVar("T")
StatePool = Sequence[State | str] | st.SearchStrategy[Sequence[State | str]]
DomainPool = Sequence[Domain | str] | st.SearchStrategy[Sequence[Domain | str]]
AgreementPool = Sequence[Agreement | str] | st.SearchStrategy[Sequence[Agreement | str]]

# --- module-level building blocks
#
# A value is drawn in two steps. First a *plan*: plain tuples and lists of
# small integers, booleans, enum members and text, drawn from strategies built
# once (here, or when a public function is called) and never inside a draw:
# Hypothesis validates every new strategy object, and building them per draw
# (st.dates with new bounds, st.sampled_from a new list) made an earlier
# version three times slower. Then the plan is read into model objects by
# plain Python that makes it valid: a choice among items known only during the
# draw takes a drawn integer modulo their number, dates are cut from one
# sorted timeline per grouping, and repeated ids get a suffix. Plans are lists
# that Hypothesis shrinks by deleting items and integers that shrink to 0, so
# failing examples shrink to few states, one grouping and short spells.

_UPPER = string.ascii_uppercase
_ALNUM = string.digits + string.ascii_letters
_SLUG = string.ascii_lowercase + string.digits

_bool = st.booleans()
_pick = st.integers(0, 1023)
_picks = st.lists(_pick, max_size=3)
_seed = st.integers(0, 255)
_role = st.sampled_from(Role)
_kind = st.sampled_from(AgreementKind)
_formality = st.sampled_from(Formality)
_obligation = st.sampled_from(Obligation)


def _optional_obligation_set(code: int) -> frozenset[Obligation] | None:
    return None if code == 0 else _OBLIGATION_SETS[code - 1]


def _optional_cow_code(number: int) -> int | None:
    return number or None


# Every set of obligations, by bit mask: 0 is the empty set, 31 all five.
_OBLIGATION_SETS = tuple(
    frozenset(o for bit, o in enumerate(Obligation) if mask >> bit & 1) for mask in range(32)
)
_obligations = st.integers(0, 31).map(_OBLIGATION_SETS.__getitem__)
_some_obligations = st.integers(1, 31).map(_OBLIGATION_SETS.__getitem__)
_optional_obligations = st.integers(0, 32).map(_optional_obligation_set)
_cow_codes = st.integers(0, 999).map(_optional_cow_code)


def _non_blank(text: str) -> str:
    # Text with nothing visible is not a name; mend it rather than discard the draw.
    return text if text_ok(text) else text + "x"


def _optional_text(text: str) -> str | None:
    # The empty string (the shrink target) stands for None.
    return _non_blank(text) if text else None


def _code(number: int) -> str:
    return _UPPER[number // 676] + _UPPER[number // 26 % 26] + _UPPER[number % 26]


def _mend(text: str, separators: str) -> str:
    """``text`` with separators only between two other characters, never two in a row."""
    out: list[str] = []
    for char in text:
        if char in separators and (not out or out[-1] in separators):
            continue
        out.append(char)
    while out and out[-1] in separators:
        out.pop()
    return "".join(out)


def _as_id(text: str) -> str:
    return _mend(text, "-_.") or "0"


def _as_key(text: str) -> str:
    key = _mend(text, "-")
    return key if key[:1].isalpha() else "k" + key


_texts = st.text(min_size=1, max_size=16).map(_non_blank)
_regions = st.text(max_size=16).map(_optional_text)
_sources = st.lists(_texts, max_size=2)
_codes = st.integers(0, 26**3 - 1).map(_code)
# Ids and keys are one text each, mended into shape (one choice shrinks faster than many).
_ids = st.text(_ALNUM + "-_.", min_size=1, max_size=40).map(_as_id)
_keys = st.text(string.ascii_lowercase + "-" + string.digits, min_size=1, max_size=24).map(_as_key)

_ROLES = tuple(Role)
_PRECISIONS = tuple(Precision)


def _spell_plan(code: int) -> tuple[int, bool, int, Role, frozenset[Obligation] | None]:
    """One spell of one state, packed into one integer (0 is the simplest spell): how
    many dates after the previous spell it begins (0: the day that spell ended),
    whether it is closed, how many dates it lasts beyond the first, its role and
    the obligations of its own."""
    code, obligations = divmod(code, 33)
    code, role = divmod(code, 3)
    code, length = divmod(code, 3)
    gap, close = divmod(code, 2)
    return gap, bool(close), length, _ROLES[role], _optional_obligation_set(obligations)


_SPELL_PLANS = 3 * 2 * 3 * 3 * 33
# One state in a grouping: which state (an index into the pool) and its spells.
_MemberPlan = tuple[int, list[int]]
_member_spells = st.lists(st.integers(0, _SPELL_PLANS - 1), min_size=1, max_size=3)


def _unique(text: str, used: set[str]) -> str:
    """``text``, or ``text`` with a suffix that no earlier identifier has."""
    result, n = text, 1
    while result in used:  # make it unique rather than discard the draw
        result, n = f"{text[:56]}-{n}", n + 1
    used.add(result)
    return result


def _choose(items: Sequence[T], picks: Sequence[int]) -> list[T]:
    """Distinct items, one per pick (while items last), each pick an index modulo the rest."""
    rest = list(items)
    return [rest.pop(pick % len(rest)) for pick in picks[: len(rest)]]


def _shuffled(items: list[T], seed: int) -> list[T]:
    """``items`` in an order given by ``seed``; seed 0 (the shrink target) keeps their order."""
    if seed and len(items) > 1:
        random.Random(seed).shuffle(items)
    return items


# --- dates


class _Window:
    """The dates a strategy may use, ``[start, end]``, and strategies of points in them."""

    __slots__ = ("end", "first", "points", "span", "start")

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start = start
        self.end = end
        self.first = start.toordinal()
        self.span = end.toordinal() - self.first
        # A point is an offset into the window and a precision, packed in one integer.
        self.points = st.lists(st.integers(0, 3 * self.span + 2), min_size=1, max_size=8)

    def timeline(self, points: list[int], min_points: int = 1) -> list[tuple[dt.date, Precision]]:
        """Strictly increasing dates in the window, each with a precision.

        The lifetime and the spells of one grouping are cut from the same few
        dates, so spells often begin on the day another ends. A reduced-precision
        date is stored as the first day of its period; where that would fall
        before the window or on an earlier date, the day is kept instead.
        """
        precisions: dict[int, Precision] = {}
        for point in points:
            offset, which = divmod(point, 3)
            precisions.setdefault(offset, _PRECISIONS[which])
        offsets = sorted(precisions)
        while len(offsets) < min_points:  # the window was checked to be wide enough
            if offsets[-1] < self.span:
                offsets.append(offsets[-1] + 1)
            else:
                offsets.insert(0, offsets[0] - 1)
        line: list[tuple[dt.date, Precision]] = []
        for offset in offsets:
            day = dt.date.fromordinal(self.first + offset)
            precision = precisions.get(offset, Precision.DAY)
            stored = precision.truncate(day)
            if stored < self.start or (line and stored <= line[-1][0]):
                stored, precision = day, Precision.DAY
            line.append((stored, precision))
        return line


def _spells(
    codes: Sequence[str],
    plans: list[_MemberPlan],
    line: list[tuple[dt.date, Precision]],
    closed: bool,
    min_members: int,
    seed: int,
) -> list[Membership]:
    """Spells cut from ``line`` for some of ``codes``: several per state, never
    overlapping, sometimes rejoining the day they ended, and the first spell of
    each of the first ``min_members`` states a ``MEMBER`` one; all closed by the
    last date if ``closed``."""
    last = len(line) - 1
    latest_since = last - 1 if closed else last
    chosen = _choose(codes, [pick for pick, _ in plans])
    result: list[Membership] = []
    for position, (code, (_, spells)) in enumerate(zip(chosen, plans, strict=False)):
        cursor = 0
        for number, spell in enumerate(spells):
            gap, close, length, role, obligations = _spell_plan(spell)
            if cursor > latest_since:
                break
            since = min(cursor + gap, latest_since)
            until: int | None = None
            if since < last and (closed or close):
                until = min(since + 1 + length, last)
            result.append(
                Membership(
                    state=code,
                    since=line[since][0],
                    since_precision=line[since][1],
                    until=None if until is None else line[until][0],
                    until_precision=Precision.DAY if until is None else line[until][1],
                    role=Role.MEMBER if number == 0 and position < min_members else role,
                    obligations=obligations,
                )
            )
            if until is None:
                break
            cursor = until
    return _shuffled(result, seed)


# An ATOP-style identifier, or none (0, the shrink target).
_external = st.integers(0, 9999)


def _external_ids(number: int) -> dict[str, str]:
    return {"atop": str(number)} if number else {}


_STATUSES = tuple(Status)
_LAST_DAY = dt.date.max.toordinal()
# Decorations of an entity's spells (all zeros is the simplest): which spell,
# what to add (a commitment, a status spell for the whole membership, one toward
# another state), which state, the obligations, and the status spell's start
# (days into the spell), length, whether it stays open and which status. An
# empty list (the shrink target) decorates nothing.
_Decoration = tuple[int, int, int, int, int, int, bool, int]
_decorations = st.lists(
    st.tuples(
        _pick,
        st.integers(0, 2),
        st.integers(0, 7),
        st.integers(0, 31),
        st.integers(0, 4000),
        st.integers(0, 63),
        _bool,
        st.integers(0, len(Status) - 1),
    ),
    max_size=3,
)


def _decorate(
    spells: list[Membership], plans: list[_Decoration], *, binding: bool = True
) -> list[Membership]:
    """``spells`` with commitments and status spells that are valid by construction:
    each names another state holding a spell here, fits inside its spell, and a
    spell gets at most one status spell (so none overlap). Spells of something
    that is not ``binding`` (a non-binding declaration) carry no obligations."""
    others = sorted({spell.state for spell in spells})
    if binding:
        result = list(spells)
    else:
        result = [attrs.evolve(spell, obligations=None) for spell in spells]
    for which, action, target, obligations, offset, length, stays_open, status in plans:
        which %= len(result)
        spell = result[which]
        targets = [code for code in others if code != spell.state]
        if action == 0:  # a commitment toward another state
            taken = {c.toward for c in spell.toward}
            free = [code for code in targets if code not in taken]
            if free:
                commitment = Commitment(
                    toward=free[target % len(free)],
                    obligations=_OBLIGATION_SETS[obligations if binding else 0],
                )
                result[which] = attrs.evolve(spell, toward=(*spell.toward, commitment))
            continue
        if spell.statuses or (action == 2 and not targets):
            continue
        # A status spell inside [since, until): it starts on or after the spell,
        # ends no later (it stays open only where the spell is open).
        first = spell.since.toordinal()
        if spell.until is not None:
            offset %= spell.until.toordinal() - first
        first = min(first + offset, _LAST_DAY)
        last = first + 1 + length
        until: dt.date | None
        if spell.until is not None:
            until = dt.date.fromordinal(min(last, spell.until.toordinal()))
        else:
            until = None if stays_open or last > _LAST_DAY else dt.date.fromordinal(last)
        result[which] = attrs.evolve(
            spell,
            statuses=(
                StatusSpell(
                    status=_STATUSES[status],
                    since=dt.date.fromordinal(first),
                    until=until,
                    toward=None if action == 1 else [targets[target % len(targets)]],
                ),
            ),
        )
    return result


# --- plans of whole entities, and reading them against pools of what they refer to


def _members(min_members: int, max_members: int) -> st.SearchStrategy[list[_MemberPlan]]:
    return st.lists(st.tuples(_pick, _member_spells), min_size=min_members, max_size=max_members)


def _agreement_plans(window: _Window, min_parties: int, max_parties: int) -> st.SearchStrategy[Any]:
    return st.tuples(
        _ids,
        _texts,
        window.points,
        _bool,  # ended
        _members(min_parties, max_parties),
        _seed,
        st.one_of(st.just(0), st.integers(1, 8)),  # in force: 0 for not yet, or which date
        _kind,
        _obligations,
        _picks,  # domains
        _sources,
        _decorations,
        st.integers(0, 3),  # entry into force: as dated, or pending, unknown, non-binding
        _external,
    )


def _read_agreement(
    plan: Any, ident: str, codes: Sequence[str], keys: Sequence[str], window: _Window, least: int
) -> Agreement:
    (
        _, name, points, ends, members, seed, in_force_pick, kind, obligations, domains, sources,
        decorations, status_pick, external,
    ) = plan  # fmt: skip
    line = window.timeline(points)
    ended = ends and len(line) > 1
    in_force, in_force_precision = (
        line[(in_force_pick - 1) % len(line)] if in_force_pick else (None, Precision.DAY)
    )
    status: ForceStatus | None = None
    non_binding = False
    if in_force is not None:
        status = ForceStatus.ESTABLISHED if status_pick == 1 else None
    elif status_pick:
        status = (ForceStatus.PENDING, ForceStatus.NOT_ESTABLISHED, ForceStatus.NON_BINDING)[
            status_pick - 1
        ]
        non_binding = status is ForceStatus.NON_BINDING
        if non_binding:
            obligations = frozenset()
    return Agreement(
        id=ident,
        name=name,
        kind=kind,
        in_force_status=status,
        external_ids=_external_ids(external),
        parties=_decorate(
            _spells(codes, members, line, ended, least, seed), decorations, binding=not non_binding
        ),
        signed=line[0][0],
        signed_precision=line[0][1],
        in_force=in_force,
        in_force_precision=in_force_precision,
        ended=line[-1][0] if ended else None,
        ended_precision=line[-1][1] if ended else Precision.DAY,
        obligations=obligations,
        domains=_choose(keys, domains),
        sources=sources,
    )


def _grouping_plans(
    window: _Window, min_members: int, max_members: int, extra: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    return st.tuples(
        _ids,
        _texts,
        window.points,
        _bool,  # dissolved
        _members(min_members, max_members),
        _seed,
        _picks,  # domains
        _sources,
        extra,
        _decorations,
        _bool,  # the roster is partial
        _external,
    )


_alliance_extra = st.tuples(_some_obligations, st.lists(_pick, max_size=2))
_minilateral_extra = st.tuples(_texts, _formality)


def _read_grouping(
    plan: Any,
    ident: str,
    codes: Sequence[str],
    keys: Sequence[str],
    agreement_ids: Sequence[str] | None,
    window: _Window,
    least: int,
) -> Alliance | Minilateral:
    """An alliance if ``agreement_ids`` is given (a list, even empty), else a minilateral."""
    (
        _, name, points, dissolves, members, seed, domains, sources, extra, decorations, partial,
        external,
    ) = plan  # fmt: skip
    line = window.timeline(points)
    dissolved = dissolves and len(line) > 1
    spells = _decorate(_spells(codes, members, line, dissolved, least, seed), decorations)
    common: dict[str, Any] = {
        "id": ident,
        "name": name,
        "founded": line[0][0],
        "founded_precision": line[0][1],
        "dissolved": line[-1][0] if dissolved else None,
        "dissolved_precision": line[-1][1] if dissolved else Precision.DAY,
        "members": spells,
        "domains": _choose(keys, domains),
        "sources": sources,
        "roster_complete": not partial,
        "external_ids": _external_ids(external),
    }
    if agreement_ids is not None:
        obligations, agreements = extra
        return Alliance(
            obligations=obligations, agreements=_choose(agreement_ids, agreements), **common
        )
    mission, formality = extra
    return Minilateral(mission=mission, formality=formality, **common)


# --- argument checks: eager, with a message that says what to pass instead


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_strategy(func: str, name: str, value: object, what: str, instead: str) -> None:
    if not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(
            f"{func}({name}=...) expects a strategy of {what}, got {type(value).__name__}"
            f" {_short(value)}; {instead}"
        )


def _check_count(func: str, name: str, value: object, minimum: int = 0) -> int:
    if type(value) is not int:
        raise InvalidArgument(
            f"{func}({name}=...) expects an int, got {type(value).__name__} {_short(value)}"
        )
    if value < minimum:
        raise InvalidArgument(f"{func}({name}={value}) must be at least {minimum}")
    return value


def _check_range(func: str, low_name: str, low: int, high_name: str, high: int) -> None:
    if low > high:
        raise InvalidArgument(
            f"{func}({low_name}={low}, {high_name}={high}): {low_name} is greater than {high_name}"
        )


def _check_window(
    func: str, start: dt.date | None, end: dt.date | None, min_days: int = 0
) -> _Window:
    for name, value in (("start", start), ("end", end)):
        if value is not None and type(value) is not dt.date:
            raise InvalidArgument(
                f"{func}({name}=...) expects a datetime.date or None, got"
                f" {type(value).__name__} {value!r}"
            )
    low = DEFAULT_START if start is None else start
    high = DEFAULT_END if end is None else end
    default_span = DEFAULT_END - DEFAULT_START
    if start is not None and end is None and high < low:  # a window as wide as the default
        high = low + min(default_span, dt.date.max - low)
    if end is not None and start is None and high < low:
        low = high - min(default_span, high - dt.date.min)
    if low > high:
        raise InvalidArgument(f"{func}(start={low}, end={high}): start is after end")
    if (high - low).days < min_days:
        raise InvalidArgument(
            f"{func}(start={low}, end={high}): the window must span at least {min_days} day(s)"
            " to hold a closed spell"
        )
    return _Window(low, high)


_PoolDraw = Callable[[st.DrawFn], list[str]]


def _key_of(item: object) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, State):
        return item.code
    if isinstance(item, Domain):
        return item.key
    if isinstance(item, Agreement):
        return item.id
    return None


def _pool_keys(
    func: str, name: str, items: object, kind: type, least: int, when: str = ""
) -> list[str]:
    what = f"{kind.__name__} objects or their {_KEY_NAMES[kind]}"
    if isinstance(items, (str, bytes)) or not isinstance(items, (list, tuple)):
        hint = f"[{items!r}]" if isinstance(items, str) else "a list"
        raise InvalidArgument(
            f"{func}({name}=...) expects a list of {what}, or a strategy of such lists;"
            f" got {type(items).__name__} {_short(items)}{when}. Pass {hint} instead"
            " (sorted(...) for a set)."
        )
    keys: list[str] = []
    for item in items:
        key = _key_of(item)
        if key is None or not (isinstance(item, (str, kind))):
            raise InvalidArgument(
                f"{func}({name}=...) expects a list of {what}; it holds"
                f" {type(item).__name__} {_short(item)}{when}"
            )
        if key not in keys:
            keys.append(key)
    if len(keys) < least:
        raise InvalidArgument(
            f"{func}({name}=...) needs at least {least} distinct {_KEY_NAMES[kind]} to draw from,"
            f" got {len(keys)}{when}"
        )
    return keys


_KEY_NAMES: dict[type, str] = {State: "codes", Domain: "keys", Agreement: "ids"}


def _pool(
    func: str, name: str, value: object, kind: type, least: int, default: _PoolDraw
) -> _PoolDraw:
    """A function drawing the list of keys to refer to, from a fixed pool or a strategy."""
    if value is None:
        return default
    if isinstance(value, st.SearchStrategy):
        strategy: st.SearchStrategy[Any] = value

        def from_strategy(draw: st.DrawFn) -> list[str]:
            return _pool_keys(func, name, draw(strategy), kind, least, " (as drawn)")

        return from_strategy
    keys = _pool_keys(func, name, value, kind, least)
    return lambda _draw: keys


def _random_pool(strategy: st.SearchStrategy[list[str]]) -> _PoolDraw:
    return lambda draw: draw(strategy)


# --- the public strategies


def states(
    *,
    codes: st.SearchStrategy[str] | None = None,
    names: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[State]:
    """Valid :class:`~coalitions.State` values.

    ``codes`` and ``names`` replace the default strategies for those fields
    (any three upper-case letters; any non-blank text).

    >>> from hypothesis import find, strategies as st
    >>> find(states(), lambda state: True)
    State(code='AAA', name='0')
    >>> find(states(codes=st.sampled_from(["FIN", "SWE"])), lambda s: s.code == "SWE").code
    'SWE'
    """
    if codes is not None:
        _check_strategy(
            "states",
            "codes",
            codes,
            "str",
            "to choose among fixed codes pass st.sampled_from([...])",
        )
    if names is not None:
        _check_strategy("states", "names", names, "str", "for a fixed name pass st.just(...)")
    return st.builds(
        State,
        code=_codes if codes is None else codes,
        name=_texts if names is None else names,
        cow_code=_cow_codes,
        region=_regions,
    )


def domains(
    *,
    keys: st.SearchStrategy[str] | None = None,
    names: st.SearchStrategy[str] | None = None,
    parents: DomainPool | None = None,
) -> st.SearchStrategy[Domain]:
    """Valid :class:`~coalitions.Domain` values.

    ``parents`` is a pool (a list of keys or :class:`~coalitions.Domain` objects, or
    a strategy of such lists) that each parent is drawn from; a domain may also
    have none. Without it, parents are random keys.

    >>> from hypothesis import find
    >>> find(domains(parents=["maritime"]), lambda d: d.parent is not None)
    Domain(key='k0', name='0', parent='maritime')
    """
    func = "domains"
    if keys is not None:
        _check_strategy(func, "keys", keys, "str", "for a fixed key pass st.just(...)")
    if names is not None:
        _check_strategy(func, "names", names, "str", "for a fixed name pass st.just(...)")
    key_strategy = _keys if keys is None else keys
    name_strategy = _texts if names is None else names
    parent_pool = _pool(
        func, "parents", parents, Domain, 0, _random_pool(st.lists(_keys, max_size=1))
    )

    @st.composite
    def draw_domain(draw: st.DrawFn) -> Domain:
        key = draw(key_strategy)
        candidates = [p for p in parent_pool(draw) if p != key]
        parent = None
        if candidates:
            parent = _choose(candidates, [draw(_pick)])[0] if draw(_bool) else None
        return Domain(key=key, name=draw(name_strategy), parent=parent)

    return draw_domain()


def memberships(
    *,
    states: StatePool | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    allow_open: bool = True,
) -> st.SearchStrategy[Membership]:
    """Valid :class:`~coalitions.Membership` spells with every date in ``[start, end]``.

    ``states`` is the pool the spell's state is drawn from: a list of codes or
    :class:`~coalitions.State` objects, or a strategy of such lists. With
    ``allow_open=False`` every spell has an ``until``.

    >>> import datetime as dt
    >>> from hypothesis import given
    >>> @given(memberships(states=["FIN", "SWE"], start=dt.date(2023, 1, 1),
    ...                    end=dt.date(2024, 12, 31), allow_open=False))
    ... def test_spells_stay_in_the_window(spell):
    ...     assert spell.state in {"FIN", "SWE"}
    ...     assert dt.date(2023, 1, 1) <= spell.since < spell.until <= dt.date(2024, 12, 31)
    >>> test_spells_stay_in_the_window()
    """
    func = "memberships"
    if type(allow_open) is not bool:
        raise InvalidArgument(f"{func}(allow_open=...) expects a bool, got {allow_open!r}")
    window = _check_window(func, start, end, 0 if allow_open else 1)
    pool = _pool(
        func, "states", states, State, 1, _random_pool(st.lists(_codes, min_size=1, max_size=1))
    )
    plans = st.tuples(
        _pick, window.points, _pick, _bool, _pick, _role, _optional_obligations, _decorations
    )

    @st.composite
    def draw_membership(draw: st.DrawFn) -> Membership:
        codes = pool(draw)
        pick, points, since_pick, close, until_pick, role, obligations, decorations = draw(plans)
        line = window.timeline(points, 1 if allow_open else 2)
        since = since_pick % (len(line) - (0 if allow_open else 1))
        until: int | None = None
        if since < len(line) - 1 and (close or not allow_open):
            until = since + 1 + until_pick % (len(line) - since - 1)
        spell = Membership(
            state=codes[pick % len(codes)],
            since=line[since][0],
            since_precision=line[since][1],
            until=None if until is None else line[until][0],
            until_precision=Precision.DAY if until is None else line[until][1],
            role=role,
            obligations=obligations,
        )
        # Alone, a spell can only carry status spells for the whole membership.
        return _decorate([spell], decorations)[0]

    return draw_membership()


def _entity_pools(
    func: str,
    states: StatePool | None,
    domains: DomainPool | None,
    min_members: int,
    max_members: int,
) -> tuple[_PoolDraw, _PoolDraw]:
    random_codes = st.lists(_codes, min_size=min_members, max_size=max_members, unique=True)
    state_pool = _pool(func, "states", states, State, min_members, _random_pool(random_codes))
    domain_pool = _pool(
        func, "domains", domains, Domain, 0, _random_pool(st.lists(_keys, max_size=3, unique=True))
    )
    return state_pool, domain_pool


def _member_bounds(
    func: str, low_name: str, low: object, high_name: str, high: object, least: int
) -> tuple[int, int]:
    low_value = _check_count(func, low_name, low, least)
    high_value = _check_count(func, high_name, high, least)
    _check_range(func, low_name, low_value, high_name, high_value)
    return low_value, high_value


def agreements(
    *,
    states: StatePool | None = None,
    domains: DomainPool | None = None,
    min_parties: int = 2,
    max_parties: int = 6,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> st.SearchStrategy[Agreement]:
    """Valid :class:`~coalitions.Agreement` values with every date in ``[start, end]``.

    Parties are drawn from the ``states`` pool and covered domains from the
    ``domains`` pool (lists, or strategies of lists, of identifiers or objects).
    Some agreements are in force, some not yet, some ended; parties accede and
    withdraw.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(agreements(states=["PHL", "USA"], domains=[]))
    ... def test_in_force_only_once_signed(pact):
    ...     assert {p.state for p in pact.parties} == {"PHL", "USA"}
    ...     assert pact.in_force is None or pact.signed <= pact.in_force
    >>> test_in_force_only_once_signed()
    """
    func = "agreements"
    low, high = _member_bounds(func, "min_parties", min_parties, "max_parties", max_parties, 2)
    window = _check_window(func, start, end)
    state_pool, domain_pool = _entity_pools(func, states, domains, low, high)
    plans = _agreement_plans(window, low, high)

    @st.composite
    def draw_agreement(draw: st.DrawFn) -> Agreement:
        codes, keys, plan = state_pool(draw), domain_pool(draw), draw(plans)
        return _read_agreement(plan, plan[0], codes, keys, window, low)

    return draw_agreement()


def alliances(
    *,
    states: StatePool | None = None,
    domains: DomainPool | None = None,
    agreements: AgreementPool | None = None,
    min_members: int = 2,
    max_members: int = 6,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> st.SearchStrategy[Alliance]:
    """Valid :class:`~coalitions.Alliance` values with every date in ``[start, end]``.

    Members are drawn from the ``states`` pool, domains from ``domains`` and the
    agreements an alliance rests on from ``agreements`` (each a list of
    identifiers or objects, or a strategy of such lists).

    >>> from hypothesis import given
    >>> @given(alliances(states=["AUS", "NZL", "USA"], agreements=["ANZUS-1951"]))
    ... def test_alliances_refer_to_the_pools(alliance):
    ...     assert {m.state for m in alliance.members} <= {"AUS", "NZL", "USA"}
    ...     assert alliance.agreements <= {"ANZUS-1951"}
    >>> test_alliances_refer_to_the_pools()
    """
    func = "alliances"
    low, high = _member_bounds(func, "min_members", min_members, "max_members", max_members, 2)
    window = _check_window(func, start, end)
    state_pool, domain_pool = _entity_pools(func, states, domains, low, high)
    agreement_pool = _pool(
        func,
        "agreements",
        agreements,
        Agreement,
        0,
        _random_pool(st.lists(_ids, max_size=2, unique=True)),
    )
    plans = _grouping_plans(window, low, high, _alliance_extra)

    @st.composite
    def draw_alliance(draw: st.DrawFn) -> Alliance:
        codes, keys, ids = state_pool(draw), domain_pool(draw), agreement_pool(draw)
        plan = draw(plans)
        alliance = _read_grouping(plan, plan[0], codes, keys, ids, window, low)
        assert isinstance(alliance, Alliance)
        return alliance

    return draw_alliance()


def minilaterals(
    *,
    states: StatePool | None = None,
    domains: DomainPool | None = None,
    min_members: int = 3,
    max_members: int = 6,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> st.SearchStrategy[Minilateral]:
    """Valid :class:`~coalitions.Minilateral` values with every date in ``[start, end]``.

    Members are drawn from the ``states`` pool and domains from ``domains``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(minilaterals(states=["AUS", "IND", "JPN", "USA"]))
    ... def test_at_least_three_of_the_four(group):
    ...     assert 3 <= len({s.state for s in group.members}) <= 4
    >>> test_at_least_three_of_the_four()
    """
    func = "minilaterals"
    low, high = _member_bounds(func, "min_members", min_members, "max_members", max_members, 3)
    window = _check_window(func, start, end)
    state_pool, domain_pool = _entity_pools(func, states, domains, low, high)
    plans = _grouping_plans(window, low, high, _minilateral_extra)

    @st.composite
    def draw_minilateral(draw: st.DrawFn) -> Minilateral:
        codes, keys, plan = state_pool(draw), domain_pool(draw), draw(plans)
        minilateral = _read_grouping(plan, plan[0], codes, keys, None, window, low)
        assert isinstance(minilateral, Minilateral)
        return minilateral

    return draw_minilateral()


def _domain_lists(max_domains: int) -> st.SearchStrategy[list[Domain]]:
    plans = st.tuples(st.lists(st.tuples(_keys, _texts, _bool, _pick), max_size=max_domains), _seed)

    def read(plan: tuple[list[tuple[str, str, bool, int]], int]) -> list[Domain]:
        entries, seed = plan
        used: set[str] = set()
        keys = [_unique(key, used) for key, *_ in entries]
        result = []
        for position, (key, (_, name, has_parent, pick)) in enumerate(
            zip(keys, entries, strict=True)
        ):
            # Parents come from earlier keys, so the hierarchy never has a cycle.
            parent = keys[pick % position] if position and has_parent else None
            result.append(Domain(key=key, name=name, parent=parent))
        return _shuffled(result, seed)

    return plans.map(read)


def _tagged(is_alliance: bool) -> Callable[[Any], tuple[bool, Any]]:
    return lambda plan: (is_alliance, plan)


def _state_code(state: State) -> str:
    return state.code


def landscapes(
    *,
    states: st.SearchStrategy[Sequence[State]] | None = None,
    domains: st.SearchStrategy[Sequence[Domain]] | None = None,
    min_states: int | None = None,
    max_states: int | None = None,
    max_domains: int = 4,
    max_groupings: int = 4,
    max_agreements: int = 3,
    max_members: int = 6,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> st.SearchStrategy[Landscape]:
    """Valid :class:`~coalitions.Landscape` values.

    States (``min_states`` to ``max_states``, 0 to 8 unless told) and domains (up to
    ``max_domains``) are drawn first, then agreements (up to ``max_agreements``)
    and groupings (alliances and minilaterals, up to ``max_groupings``, each with
    up to ``max_members`` member states) that refer only to them, every date in
    ``[start, end]``. ``states`` and ``domains`` replace the drawing of those
    lists: pass ``st.just([...])`` to fix them.

    What the landscapes hold: several spells per state, states leaving and
    rejoining (on the very day they left, too), partners and observers, members
    whose obligations differ from their grouping's (an empty set as well as
    ``None``), commitments toward some members only, suspended and frozen
    spells (for the whole membership or toward one state), open and closed
    spells, dates known only to the month or year, dissolved groupings, partial
    rosters, agreements in force, pending, of unknown status or non-binding,
    ended or not, alliances resting on agreements, and collections in no
    particular order.

    >>> import datetime as dt
    >>> from hypothesis import given, settings, strategies as st
    >>> from coalitions import State
    >>> nordics = [State(code=c, name=c) for c in ("DNK", "FIN", "ISL", "NOR", "SWE")]
    >>> @settings(max_examples=20)
    ... @given(landscapes(states=st.just(nordics), start=dt.date(1949, 1, 1)))
    ... def test_nordic_worlds_since_1949(world):
    ...     assert world.states == tuple(nordics)
    ...     for grouping in (*world.alliances, *world.minilaterals):
    ...         assert grouping.founded >= dt.date(1949, 1, 1)
    >>> test_nordic_worlds_since_1949()
    """
    func = "landscapes"
    if states is not None:
        _check_strategy(
            func,
            "states",
            states,
            "lists of State",
            "to fix the states pass st.just([...]); to bound their number use min_states and max_states",
        )
        if min_states is not None or max_states is not None:
            raise InvalidArgument(
                f"{func}(states=..., min_states=..., max_states=...): the number of states is"
                " bounded only when they are not given; bound them in the states strategy instead"
            )
    if domains is not None:
        _check_strategy(
            func,
            "domains",
            domains,
            "lists of Domain",
            "to fix the domains pass st.just([...]); to bound their number use max_domains",
        )
    low = _check_count(func, "min_states", 0 if min_states is None else min_states)
    high = _check_count(func, "max_states", 8 if max_states is None else max_states)
    _check_range(func, "min_states", low, "max_states", high)
    domain_count = _check_count(func, "max_domains", max_domains)
    grouping_count = _check_count(func, "max_groupings", max_groupings)
    agreement_count = _check_count(func, "max_agreements", max_agreements)
    member_count = _check_count(func, "max_members", max_members, 3)
    window = _check_window(func, start, end)
    state_lists: st.SearchStrategy[Sequence[State]] = (
        st.lists(_default_states, min_size=low, max_size=high, unique_by=_state_code)
        if states is None
        else states
    )
    domain_lists: st.SearchStrategy[Sequence[Domain]] = (
        _domain_lists(domain_count) if domains is None else domains
    )
    agreement_plans = st.lists(_agreement_plans(window, 2, member_count), max_size=agreement_count)
    alliance_plans = _grouping_plans(window, 2, member_count, _alliance_extra).map(_tagged(True))
    minilateral_plans = _grouping_plans(window, 3, member_count, _minilateral_extra).map(
        _tagged(False)
    )
    grouping_plans = st.lists(st.one_of(alliance_plans, minilateral_plans), max_size=grouping_count)

    @st.composite
    def draw_landscape(draw: st.DrawFn) -> Landscape:
        state_list = list(draw(state_lists))
        if not all(isinstance(s, State) for s in state_list):
            raise InvalidArgument(f"{func}(states=...) drew something other than State objects")
        codes = [s.code for s in state_list]
        if len(set(codes)) != len(codes):
            raise InvalidArgument(f"{func}(states=...) drew states with repeated codes: {codes}")
        domain_list = list(draw(domain_lists))
        if not all(isinstance(d, Domain) for d in domain_list):
            raise InvalidArgument(f"{func}(domains=...) drew something other than Domain objects")
        keys = [d.key for d in domain_list]
        used: set[str] = set()
        agreement_list: list[Agreement] = []
        alliance_list: list[Alliance] = []
        minilateral_list: list[Minilateral] = []
        if len(codes) >= 2:
            agreement_list = [
                _read_agreement(plan, _unique(plan[0], used), codes, keys, window, 2)
                for plan in draw(agreement_plans)
            ]
            agreement_ids = [a.id for a in agreement_list]
            # The same plans are drawn whatever the number of states (a minilateral
            # among two states is left out), so that deleting a state while
            # shrinking leaves the rest of the plan as it was.
            for is_alliance, plan in draw(grouping_plans):
                if not is_alliance and len(codes) < 3:
                    continue
                ident = _unique(plan[0], used)
                if is_alliance:
                    alliance = _read_grouping(plan, ident, codes, keys, agreement_ids, window, 2)
                    alliance_list.append(alliance)  # type: ignore[arg-type]
                else:
                    minilateral = _read_grouping(plan, ident, codes, keys, None, window, 3)
                    minilateral_list.append(minilateral)  # type: ignore[arg-type]
        return Landscape(
            states=state_list,
            domains=domain_list,
            agreements=agreement_list,
            alliances=alliance_list,
            minilaterals=minilateral_list,
        )

    return draw_landscape()


_default_states = states()


# --- the smaller values: commitments, status spells, external ids


def commitments(*, states: StatePool | None = None) -> st.SearchStrategy[Commitment]:
    """Valid :class:`~coalitions.Commitment` values toward a state of the ``states`` pool.

    >>> from hypothesis import find
    >>> find(commitments(states=["NZL"]), lambda c: True)
    Commitment(toward='NZL')
    """
    pool = _pool(
        "commitments",
        "states",
        states,
        State,
        1,
        _random_pool(st.lists(_codes, min_size=1, max_size=1)),
    )
    plans = st.tuples(_pick, _obligations)

    @st.composite
    def draw_commitment(draw: st.DrawFn) -> Commitment:
        codes = pool(draw)
        pick, obligations = draw(plans)
        return Commitment(toward=codes[pick % len(codes)], obligations=obligations)

    return draw_commitment()


def status_spells(
    *,
    states: StatePool | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> st.SearchStrategy[StatusSpell]:
    """Valid :class:`~coalitions.StatusSpell` values with every date in ``[start, end]``.

    A spell covers the whole membership (``toward=None``) or only the ties toward
    some states of the ``states`` pool.

    >>> import datetime as dt
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(status_spells(states=["NZL"], start=dt.date(1986, 1, 1)))
    ... def test_toward_the_pool(spell):
    ...     assert spell.toward in (None, frozenset({"NZL"}))
    ...     assert spell.since >= dt.date(1986, 1, 1)
    >>> test_toward_the_pool()
    """
    func = "status_spells"
    window = _check_window(func, start, end)
    pool = _pool(
        func, "states", states, State, 1, _random_pool(st.lists(_codes, min_size=1, max_size=3))
    )
    plans = st.tuples(
        st.sampled_from(Status), window.points, _bool, _picks, st.lists(_texts, max_size=1)
    )

    @st.composite
    def draw_status_spell(draw: st.DrawFn) -> StatusSpell:
        codes = pool(draw)
        status, points, closed, toward, sources = draw(plans)
        line = window.timeline(points)
        until = line[-1] if closed and len(line) > 1 else None
        return StatusSpell(
            status=status,
            since=line[0][0],
            since_precision=line[0][1],
            until=None if until is None else until[0],
            until_precision=Precision.DAY if until is None else until[1],
            toward=_choose(codes, toward) or None,
            sources=sources,
        )

    return draw_status_spell()


def external_ids() -> st.SearchStrategy[ExternalIds]:
    """Valid :class:`~coalitions.ExternalIds`: dataset names (slugs) to identifiers.

    >>> from hypothesis import find
    >>> find(external_ids(), lambda ids: len(ids) > 0)
    ExternalIds({'k0': '0'})
    """
    return st.dictionaries(_keys, _ids, max_size=3).map(ExternalIds)


# --- values read from a drawn landscape: events, diffs, ties, histories


def _check_worlds(func: str, worlds: object) -> st.SearchStrategy[Landscape]:
    if worlds is None:
        return _rich_worlds
    _check_strategy(
        func, "worlds", worlds, "Landscape", "pass landscapes(...) or st.just(a_landscape)"
    )
    assert isinstance(worlds, st.SearchStrategy)
    return worlds


def _with_an_alliance(world: Landscape) -> Landscape:
    """``world`` itself if anything in it has members, else with one alliance of its
    first two states (landscapes drawn with ``min_states=2`` have them)."""
    if world.alliances or world.minilaterals or world.agreements:
        return world
    day = DEFAULT_START
    first, second = world.states[0].code, world.states[1].code
    return attrs.evolve(
        world,
        alliances=[
            Alliance(
                id="ALLIANCE",
                name="Alliance",
                founded=day,
                obligations=[Obligation.DEFENSE],
                members=[Membership(state=first, since=day), Membership(state=second, since=day)],
            )
        ],
    )


# The worlds events, diffs and ties are read from unless told: small, and never empty.
_rich_worlds = st.deferred(
    lambda: landscapes(min_states=2, max_states=5, max_groupings=3, max_agreements=2).map(
        _with_an_alliance
    )
)


def _event_date(event: Event) -> dt.date:
    return event.date


def events(*, worlds: st.SearchStrategy[Landscape] | None = None) -> st.SearchStrategy[Event]:
    """Valid :class:`~coalitions.Event` values: each is one of the events of a
    landscape drawn from ``worlds`` (by default small landscapes with at least one
    grouping), so its date, subject, state and role are real. A drawn landscape
    without events is rejected.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(events())
    ... def test_states_join_and_leave(event):
    ...     assert (event.state is None) == (event.kind in {EventKind.FOUNDED, EventKind.DISSOLVED,
    ...         EventKind.SIGNED, EventKind.ENTERED_INTO_FORCE, EventKind.ENDED})
    >>> test_states_join_and_leave()
    """
    source = _check_worlds("events", worlds)

    @st.composite
    def draw_event(draw: st.DrawFn) -> Event:
        every = draw(source).events()
        assume(every)
        return every[draw(_pick) % len(every)]

    return draw_event()


def _days_of(world: Landscape, draw: st.DrawFn) -> dt.date:
    """A day when something happens in ``world`` (or the day before or after), or any day."""
    dates = sorted({e.date for e in world.events()})
    how = draw(st.integers(0, 3))
    if dates and how:
        day = dates[draw(_pick) % len(dates)].toordinal() + (0, 0, -1, 1)[how]
        return dt.date.fromordinal(min(max(day, 1), _LAST_DAY))
    return draw(_any_day)


_any_day = st.dates(DEFAULT_START, DEFAULT_END)


def diffs(*, worlds: st.SearchStrategy[Landscape] | None = None) -> st.SearchStrategy[Diff]:
    """Valid :class:`~coalitions.Diff` values: ``world.diff(start, end)`` of a
    landscape drawn from ``worlds`` between two drawn days (often days when
    something changed), so its events are real and in their lists.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(diffs())
    ... def test_within_the_window(change):
    ...     assert all(change.start < e.date <= change.end for e in change.events())
    >>> test_within_the_window()
    """
    source = _check_worlds("diffs", worlds)

    @st.composite
    def draw_diff(draw: st.DrawFn) -> Diff:
        world = draw(source)
        first, second = _days_of(world, draw), _days_of(world, draw)
        return world.diff(min(first, second), max(first, second))

    return draw_diff()


def ties(*, worlds: st.SearchStrategy[Landscape] | None = None) -> st.SearchStrategy[Tie]:
    """Valid :class:`~coalitions.Tie` values: one of ``world.ties(state, at=day)``
    for a landscape drawn from ``worlds``, a state of it and a day when the state
    has ties. A drawn landscape without any tie is rejected.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(ties())
    ... def test_never_with_itself(tie):
    ...     assert tie.state != tie.other
    >>> test_never_with_itself()
    """
    source = _check_worlds("ties", worlds)

    @st.composite
    def draw_tie(draw: st.DrawFn) -> Tie:
        world = draw(source)
        joins = sorted({e.date for e in world.events() if e.kind is EventKind.JOINED})
        assume(joins)
        offset = draw(_pick)
        for step in range(len(joins)):  # the first day from a drawn one that has ties
            day = joins[(offset + step) % len(joins)]
            found = [t for s in world.states for t in world.ties(s.code, at=day)]
            if found:
                return found[draw(_pick) % len(found)]
        assume(False)
        raise AssertionError("unreachable")  # pragma: no cover

    return draw_tie()


@attrs.frozen(kw_only=True, repr=False)
class History:
    """A chronological sequence of events and the valid landscape they replay into.

    ``events`` is ``landscape.events()``: foundings, accessions, exits,
    suspensions, freezes and reinstatements, signatures, entries into force,
    endings and dissolutions, in the order :meth:`Event.sort_key
    <coalitions.Event.sort_key>` gives.

    >>> from coalitions import Landscape
    >>> History(events=(), landscape=Landscape())
    <History: 0 events of <Landscape: 0 states, 0 domains, 0 agreements, 0 alliances, 0 minilaterals>>
    """

    events: tuple[Event, ...]
    landscape: Landscape

    def __repr__(self) -> str:
        return f"<History: {len(self.events)} events of {self.landscape!r}>"

    def __len__(self) -> int:
        return len(self.events)


def histories(*, worlds: st.SearchStrategy[Landscape] | None = None) -> st.SearchStrategy[History]:
    """Valid :class:`History` values: the events of a landscape drawn from
    ``worlds`` (``landscapes()`` unless told), with that landscape.

    Replaying the events in order rebuilds the landscape's memberships and
    whole-membership statuses on every day; a failing test shrinks to a short
    history, as the landscape shrinks to few groupings and spells.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(histories())
    ... def test_nothing_joins_before_it_exists(history):
    ...     founded = {}
    ...     for event in history.events:
    ...         if event.kind in (EventKind.FOUNDED, EventKind.SIGNED):
    ...             founded[event.subject] = event.date
    ...         elif event.kind is EventKind.JOINED:
    ...             assert founded[event.subject] <= event.date
    >>> test_nothing_joins_before_it_exists()
    """
    source = landscapes() if worlds is None else _check_worlds("histories", worlds)

    def read(world: Landscape) -> History:
        return History(events=world.events(), landscape=world)

    return source.map(read)


# --- documents with known defects

#: Every defect :func:`invalid_documents` can put in a document. The first seven
#: are defects of one object, found as each object is read; the others are
#: defects between objects, found once every object is valid.
DEFECTS = (
    "bad_date",
    "wrong_type",
    "dates_out_of_order",
    "overlapping_spells",
    "status_outside_spell",
    "commitment_to_non_member",
    "bad_code",
    "unknown_state",
    "unknown_domain",
    "unknown_agreement",
    "unknown_parent",
    "duplicate_id",
)
_OBJECT_DEFECTS = frozenset(DEFECTS[:7])
_ENTITY_KINDS = ("agreements", "alliances", "minilaterals")


def _spells_key(kind: str) -> str:
    return "parties" if kind == "agreements" else "members"


class _Document:
    """A landscape's JSON document being broken, and the problem paths expected."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.doc = document
        self.claimed: set[tuple[str, object]] = set()
        self.object_paths: set[str] = set()
        self.reference_paths: set[str] = set()
        self.removed_codes: set[str] = set()
        self.serial = 0

    def fresh(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}{self.serial}"

    def entities(self) -> list[tuple[str, int, dict[str, Any]]]:
        return [
            (kind, index, entity)
            for kind in _ENTITY_KINDS
            for index, entity in enumerate(self.doc.get(kind, []))
            if (kind, entity["id"]) not in self.claimed
        ]

    def states(self) -> list[tuple[int, dict[str, Any]]]:
        return [
            (index, state)
            for index, state in enumerate(self.doc.get("states", []))
            if ("state", state["code"]) not in self.claimed
        ]

    def referenced_codes(self) -> set[str]:
        return {
            spell["state"]
            for kind in _ENTITY_KINDS
            for entity in self.doc.get(kind, [])
            for spell in entity[_spells_key(kind)]
        }

    def entity(self, pick: int) -> tuple[str, int, dict[str, Any]] | None:
        found = self.entities()
        if not found:
            return None
        kind, index, entity = found[pick % len(found)]
        self.claimed.add((kind, entity["id"]))
        return kind, index, entity


def _day_before(text: str) -> str | None:
    day = dt.date.fromisoformat(text)
    return None if day == dt.date.min else (day - dt.timedelta(days=1)).isoformat()


def _spell_of(
    found: tuple[str, int, dict[str, Any]], pick: int
) -> tuple[str, list[dict[str, Any]], int, dict[str, Any]]:
    kind, index, entity = found
    field = _spells_key(kind)
    spells = entity[field]
    number = pick // 7 % len(spells)
    return f"$.{kind}[{index}].{field}", spells, number, spells[number]


def _break(document: _Document, defect: str, pick: int) -> None:
    """Put one ``defect`` into the document, where ``pick`` says among the places
    left; record the paths it makes ``loads`` report. No place left: nothing."""
    doc = document.doc
    if defect == "bad_code":
        states = document.states()
        if states:
            index, state = states[pick % len(states)]
            document.claimed.add(("state", state["code"]))
            state["code"] = state["code"].lower()
            document.object_paths.add(f"$.states[{index}].code")
        return
    if defect == "unknown_state":
        codes = sorted(document.referenced_codes() - {c for _, c in document.claimed})
        if codes:
            code = codes[pick % len(codes)]
            document.claimed.add(("state", code))
            doc["states"] = [s for s in doc["states"] if s["code"] != code]
            document.removed_codes.add(code)
        return
    if defect == "unknown_parent":
        domains = [
            d for d in doc.get("domains", []) if ("domain", d["key"]) not in document.claimed
        ]
        if domains:
            domain = domains[pick % len(domains)]
            document.claimed.add(("domain", domain["key"]))
            domain["parent"] = document.fresh("missing-domain-")
            document.reference_paths.add(f"$.domains[{domain['key']}].parent")
        return
    if defect == "duplicate_id":
        _duplicate(document, pick)
        return
    if defect == "unknown_agreement":
        alliances = [e for e in document.entities() if e[0] == "alliances"]
        if alliances:
            _, _, alliance = alliances[pick % len(alliances)]
            document.claimed.add(("alliances", alliance["id"]))
            ident = document.fresh("NO-SUCH-AGREEMENT-")
            alliance["agreements"] = [*alliance.get("agreements", []), ident]
            document.reference_paths.add(f"$.alliances[{alliance['id']}].agreements[{ident!r}]")
        return
    found = document.entity(pick)
    if found is None:
        return
    kind, index, entity = found
    where, spells, number, spell = _spell_of(found, pick)
    if defect == "unknown_domain":
        key = document.fresh("missing-domain-")
        entity["domains"] = [*entity.get("domains", []), key]
        document.reference_paths.add(f"$.{kind}[{entity['id']}].domains[{key!r}]")
    elif defect == "bad_date":
        # The 30th of February of the year it had: never a calendar date.
        if pick % 2:
            holder, key, path = (
                entity,
                "signed" if kind == "agreements" else "founded",
                f"$.{kind}[{index}]",
            )
        else:
            holder, key, path = spell, "since", f"{where}[{number}]"
        holder[key] = holder[key][:4] + "-02-30"
        document.object_paths.add(f"{path}.{key}")
    elif defect == "wrong_type":
        if pick % 2:
            entity["name"] = 3.5
            document.object_paths.add(f"$.{kind}[{index}].name")
        else:
            spell["state"] = 7
            document.object_paths.add(f"{where}[{number}].state")
    elif defect == "dates_out_of_order":
        spell["until"] = spell["since"]
        spell.pop("until_precision", None)
        spell.pop("statuses", None)
        document.object_paths.add(f"{where}[{number}].until")
    elif defect == "overlapping_spells":
        spells.append(dict(spell))
        document.object_paths.add(f"{where}[{len(spells) - 1}]")
    elif defect == "status_outside_spell":
        before = _day_before(spell["since"])
        if before is None:
            return
        spell["statuses"] = [{"status": "suspended", "since": before, "until": spell["since"]}]
        document.object_paths.add(f"{where}[{number}].statuses[0].since")
    elif defect == "commitment_to_non_member":
        held = {s["state"] for s in spells}
        outsider = next(code for n in range(26**3 - 1, -1, -1) if (code := _code(n)) not in held)
        toward = spell.setdefault("toward", [])
        toward.append({"toward": outsider})
        document.object_paths.add(f"{where}[{number}].toward[{len(toward) - 1}].toward")


def _duplicate(document: _Document, pick: int) -> None:
    """Append a copy of a state, a domain or an entity: the copy's identifier is refused."""
    doc = document.doc
    choices: list[tuple[str, dict[str, Any]]] = [("states", s) for _, s in document.states()]
    choices += [
        ("domains", d)
        for d in doc.get("domains", [])
        if ("domain", d["key"]) not in document.claimed
    ]
    choices += [(kind, e) for kind, _, e in document.entities()]
    if not choices:
        return
    kind, original = choices[pick % len(choices)]
    items = doc[kind]
    items.append(json.loads(json.dumps(original)))
    field = {"states": "code", "domains": "key"}.get(kind, "id")
    claim = {"states": "state", "domains": "domain"}.get(kind, kind)
    document.claimed.add((claim, original[field]))
    document.reference_paths.add(f"$.{kind}[{len(items) - 1}].{field}")


def invalid_documents(
    *,
    worlds: st.SearchStrategy[Landscape] | None = None,
    min_defects: int = 1,
    max_defects: int = 3,
    defects: Sequence[str] | None = None,
) -> st.SearchStrategy[tuple[str, frozenset[str]]]:
    """Pairs ``(json_text, expected_paths)``: the JSON of a landscape drawn from
    ``worlds`` with ``min_defects`` to ``max_defects`` known defects put in, and the
    problem paths :func:`coalitions.loads` reports for them, exactly.

    ``defects`` limits the kinds of defect to some of :data:`DEFECTS`: dates that
    are not calendar dates, values of the wrong type, a spell that ends when it
    begins, overlapping spells of one state, a status spell that begins before
    its membership, a commitment toward a state that is not a member, a state
    code that is not one, states that are referred to but not listed, unknown
    domains, agreements and parent domains, and duplicated identifiers.

    One rule decides the paths: the first seven kinds are defects of one
    object, and ``loads`` checks the relations between objects (references,
    unique identifiers) only once every object is valid. So when a document has
    defects of both tiers, ``expected_paths`` holds those of the objects alone;
    loading the document after fixing them reports the others. Each defect is
    put in a different object, so no defect hides another of its tier. Where a
    drawn defect has no place to go (an empty landscape has no spells), another
    is put in instead: a new state with a code that is not one.

    >>> import coalitions
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(invalid_documents())
    ... def test_loads_names_every_defect(case):
    ...     text, expected = case
    ...     try:
    ...         coalitions.loads(text)
    ...     except coalitions.ValidationError as error:
    ...         assert {problem.path for problem in error.problems} == expected
    ...     else:
    ...         raise AssertionError("loaded a broken document")
    >>> test_loads_names_every_defect()
    """
    func = "invalid_documents"
    low, high = _member_bounds(func, "min_defects", min_defects, "max_defects", max_defects, 1)
    chosen: tuple[str, ...]
    if defects is None:
        chosen = DEFECTS
    else:
        if isinstance(defects, str) or not isinstance(defects, (list, tuple, set, frozenset)):
            raise InvalidArgument(
                f"{func}(defects=...) expects a list of names from DEFECTS, got"
                f" {type(defects).__name__} {_short(defects)}"
            )
        unknown = [d for d in defects if d not in DEFECTS]
        if unknown or not defects:
            raise InvalidArgument(
                f"{func}(defects=...) takes names from DEFECTS ({', '.join(DEFECTS)}); got"
                f" {_short(sorted(map(str, unknown)) or defects)}"
            )
        chosen = tuple(d for d in DEFECTS if d in defects)
    source = landscapes() if worlds is None else _check_worlds(func, worlds)
    plans = st.lists(
        st.tuples(st.sampled_from(chosen), st.integers(0, 4095)), min_size=low, max_size=high
    )

    @st.composite
    def draw_invalid_document(draw: st.DrawFn) -> tuple[str, frozenset[str]]:
        from coalitions.serialization import dumps

        document = _Document(json.loads(dumps(draw(source))))
        plan = draw(plans)
        # Removals first, then what appends, then what changes objects in place,
        # so that every index in a path is the one in the final document.
        order = {"unknown_state": 0, "duplicate_id": 1}
        for defect, pick in sorted(plan, key=lambda step: order.get(step[0], 2)):
            _break(document, defect, pick)
        doc = document.doc
        for kind in _ENTITY_KINDS:
            for entity in doc.get(kind, []):
                field = _spells_key(kind)
                for number, spell in enumerate(entity[field]):
                    if spell["state"] in document.removed_codes:
                        document.reference_paths.add(
                            f"$.{kind}[{entity['id']}].{field}[{number}].state"
                        )
        if not document.object_paths and not document.reference_paths:
            states = doc.setdefault("states", [])
            states.append({"code": "xx", "name": "A state with a code that is not one"})
            document.object_paths.add(f"$.states[{len(states) - 1}].code")
        expected = document.object_paths or document.reference_paths
        return json.dumps(doc, ensure_ascii=False), frozenset(expected)

    return draw_invalid_document()


def groupings(
    *,
    states: StatePool | None = None,
    domains: DomainPool | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> st.SearchStrategy[Alliance | Minilateral]:
    """Valid :class:`~coalitions.Grouping` values: alliances and minilaterals
    (see :func:`alliances` and :func:`minilaterals` for the arguments).

    >>> from hypothesis import find
    >>> from coalitions import Minilateral
    >>> type(find(groupings(), lambda g: isinstance(g, Minilateral))).__name__
    'Minilateral'
    """
    return st.one_of(
        alliances(states=states, domains=domains, start=start, end=end),
        minilaterals(states=states, domains=domains, start=start, end=end),
    )
