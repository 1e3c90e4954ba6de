"""The values of the model: states, domains, memberships, agreements and groupings.

Every class here is a frozen, slotted attrs class: hashable, equal by value,
changed only through :func:`attrs.evolve`, and valid from the moment it exists.
Each checks its own invariants on construction and raises
:class:`~coalitions.errors.ValidationError` listing every problem it found.
Rules that span several objects (references resolve, ids are unique) belong to
:class:`~coalitions.landscape.Landscape`.

Time: a :class:`Membership` is a half-open spell, ``[since, until)``: the state
belongs on ``since`` and no longer on ``until``. Every date is a
:class:`datetime.date` with a sibling ``*_precision`` field. Where a source
knows only the month or the year, the date is stored as the first day of that
period and its precision says so (:class:`Precision`), so no day is ever
invented silently.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from coalitions import _checks as _c
from coalitions.errors import Problem

__all__ = [
    "Agreement",
    "AgreementKind",
    "Alliance",
    "Domain",
    "Formality",
    "Grouping",
    "Membership",
    "Minilateral",
    "Obligation",
    "Precision",
    "Role",
    "State",
]

STATE_CODE = re.compile(r"[A-Z]{3}")
DOMAIN_KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
ENTITY_ID = re.compile(r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*")


class Obligation(enum.Enum):
    """The five commitments ATOP codes for each alliance member.

    >>> Obligation("defense")
    <Obligation.DEFENSE: 'defense'>
    """

    DEFENSE = "defense"
    OFFENSE = "offense"
    NEUTRALITY = "neutrality"
    NON_AGGRESSION = "non_aggression"
    CONSULTATION = "consultation"


class Role(enum.Enum):
    """How a state takes part in a grouping or agreement.

    Only ``MEMBER`` spells count towards a grouping's minimum size and take on
    its obligations by default; partners and observers are associated, not bound.

    >>> Role.PARTNER.value
    'partner'
    """

    MEMBER = "member"
    PARTNER = "partner"
    OBSERVER = "observer"


class Precision(enum.Enum):
    """How much of a date its source knows.

    A ``MONTH`` date is stored as the first of its month, a ``YEAR`` date as
    1 January of its year.

    >>> Precision.MONTH.truncate(dt.date(1949, 8, 24))
    datetime.date(1949, 8, 1)
    >>> Precision.YEAR.describe(dt.date(1949, 1, 1))
    '1949'
    """

    DAY = "day"
    MONTH = "month"
    YEAR = "year"

    def truncate(self, day: dt.date) -> dt.date:
        """``day`` reduced to the first day of its period at this precision."""
        if self is Precision.YEAR:
            return day.replace(month=1, day=1)
        if self is Precision.MONTH:
            return day.replace(day=1)
        return day

    def describe(self, day: dt.date) -> str:
        """``day`` written in ISO 8601 with only the parts this precision knows."""
        if self is Precision.YEAR:
            return f"{day.year:04d}"
        if self is Precision.MONTH:
            return f"{day.year:04d}-{day.month:02d}"
        return day.isoformat()


class AgreementKind(enum.Enum):
    """What sort of instrument an :class:`Agreement` is.

    >>> AgreementKind("access_agreement")
    <AgreementKind.ACCESS_AGREEMENT: 'access_agreement'>
    """

    TREATY = "treaty"
    EXECUTIVE_AGREEMENT = "executive_agreement"
    MEMORANDUM = "memorandum"
    ACCESS_AGREEMENT = "access_agreement"
    JOINT_DECLARATION = "joint_declaration"
    ARMS_DEAL = "arms_deal"
    TECHNOLOGY_DEAL = "technology_deal"


class Formality(enum.Enum):
    """How formal a :class:`Minilateral` is, from talking shop to joint operations.

    >>> [f.value for f in Formality]
    ['dialogue', 'framework', 'operational_coalition']
    """

    DIALOGUE = "dialogue"
    FRAMEWORK = "framework"
    OPERATIONAL_COALITION = "operational_coalition"


def _str_set(value: Iterable[str]) -> frozenset[str]:
    return _c.freeze(value, frozenset)


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return _c.freeze(value, tuple)


def _obligation_set(value: Iterable[Obligation]) -> frozenset[Obligation]:
    return _c.freeze(value, frozenset)


def _optional_obligation_set(value: Iterable[Obligation] | None) -> frozenset[Obligation] | None:
    return None if value is None else _obligation_set(value)


def _membership_tuple(value: Iterable[Membership]) -> tuple[Membership, ...]:
    return _c.freeze(value, tuple)


def _check_state_code(problems: list[Problem], path: str, value: object) -> bool:
    return _c.check_pattern(
        problems, path, value, STATE_CODE, "a state code (three upper-case letters, like 'USA')"
    )


def _check_domain_key(problems: list[Problem], path: str, value: object) -> bool:
    return _c.check_pattern(
        problems,
        path,
        value,
        DOMAIN_KEY,
        "a domain key (a lower-case slug, like 'maritime-security')",
    )


def _check_entity_id(problems: list[Problem], path: str, value: object) -> bool:
    return _c.check_pattern(
        problems,
        path,
        value,
        ENTITY_ID,
        f"an id (letters and digits joined by '-', '_' or '.', at most {_c.MAX_ID_LENGTH} long)",
    )


def _check_date(
    problems: list[Problem], path: str, value: object, precision: object, precision_path: str
) -> bool:
    """Check a required date and its precision marker; True if both are usable."""
    if type(value) is not dt.date:  # a datetime is a date subclass, but not a day
        problems.append(
            Problem(path, f"expected a datetime.date, got {_c.type_name(value)} {value!r}")
        )
        return False
    if not _c.check_enum(problems, precision_path, precision, Precision):
        return False
    assert isinstance(precision, Precision)
    if precision.truncate(value) != value:
        problems.append(
            Problem(
                path,
                f"{value.isoformat()} has {precision.value} precision, so it must be the first day"
                f" of its {precision.value} ({precision.truncate(value).isoformat()})",
            )
        )
        return False
    return True


def _check_optional_date(
    problems: list[Problem], path: str, value: object, precision: object, precision_path: str
) -> bool:
    if value is None:
        if precision is not Precision.DAY:
            problems.append(
                Problem(
                    precision_path,
                    f"is {getattr(precision, 'value', precision)!r} but {path} is not given",
                )
            )
        return False
    return _check_date(problems, path, value, precision, precision_path)


def _obligation_item(problems: list[Problem], path: str, value: object) -> bool:
    return _c.check_enum(problems, path, value, Obligation)


# --- quick checks
#
# Each class checks itself twice over. The quick check below only answers
# whether the object is valid, in one pass that builds no message and sorts
# nothing; when it says yes, the object is valid (it asks no less than the
# detailed checks do), and when it says no, the detailed checks run and list
# every problem. It comes in two halves: ``*_types_ok`` for the type of each
# field, which the JSON loader proves on its own as it reads, and
# ``*_holds`` for the rules between values, which only the model knows and
# which every object runs however it is built.


def _all_of(items: object, container: type, item_type: type) -> bool:
    return type(items) is container and all(type(item) is item_type for item in items)  # type: ignore[attr-defined]


_MAX_ID = _c.MAX_ID_LENGTH
_is_state_code = STATE_CODE.fullmatch
_is_domain_key = DOMAIN_KEY.fullmatch
_is_entity_id = ENTITY_ID.fullmatch
# Looked up once: reading an enum member off its class is slow in a hot loop.
_DAY = Precision.DAY
_MONTH = Precision.MONTH
_MEMBER = Role.MEMBER


def _on_period_start(day: dt.date, precision: Precision) -> bool:
    """Whether ``day`` is the first day of its period at ``precision``."""
    return precision is _DAY or (day.day == 1 and (precision is _MONTH or day.month == 1))


def _optional_day_ok(day: dt.date | None, precision: Precision) -> bool:
    if day is None:
        return precision is _DAY
    return precision is _DAY or (day.day == 1 and (precision is _MONTH or day.month == 1))


def _optional_date_type_ok(day: object) -> bool:
    return day is None or type(day) is dt.date


def _any_overlap(spells: tuple[Membership, ...]) -> bool:
    by_state: defaultdict[str, list[Membership]] = defaultdict(list)
    for spell in spells:
        by_state[spell.state].append(spell)
    for own in by_state.values():
        if len(own) > 1:
            own.sort(key=_since_of)
            for earlier, later in itertools.pairwise(own):
                if earlier.until is None or later.since < earlier.until:
                    return True
    return False


def _since_of(spell: Membership) -> dt.date:
    return spell.since


def _spells_hold(
    spells: tuple[Membership, ...], start: dt.date, end: dt.date | None, minimum: int
) -> bool:
    """:func:`_check_spells` and the minimum number of member states, quickly."""
    for spell in spells:
        if spell.since < start:
            return False
        if end is not None:
            until = spell.until
            if until is None or until > end:
                return False
    members = {spell.state for spell in spells if spell.role is _MEMBER}
    if len(members) < minimum:
        return False
    # Spells can only overlap where a state has more than one.
    if len(members) < len(spells) and len({spell.state for spell in spells}) < len(spells):
        return not _any_overlap(spells)
    return True


def _state_types_ok(state: State) -> bool:
    return (
        type(state.code) is str
        and type(state.name) is str
        and (state.cow_code is None or type(state.cow_code) is int)
        and (state.region is None or type(state.region) is str)
    )


def _state_holds(state: State) -> bool:
    cow_code, region = state.cow_code, state.region
    return (
        len(state.code) <= _MAX_ID
        and _is_state_code(state.code) is not None
        and _c.text_ok(state.name)
        and (cow_code is None or 1 <= cow_code <= 999)
        and (region is None or _c.text_ok(region))
    )


def _domain_types_ok(domain: Domain) -> bool:
    return (
        type(domain.key) is str
        and type(domain.name) is str
        and (domain.parent is None or type(domain.parent) is str)
    )


def _domain_holds(domain: Domain) -> bool:
    parent = domain.parent
    return (
        _domain_key_ok(domain.key)
        and _c.text_ok(domain.name)
        and (parent is None or (_domain_key_ok(parent) and parent != domain.key))
    )


def _domain_key_ok(key: str) -> bool:
    return len(key) <= _MAX_ID and _is_domain_key(key) is not None


def _membership_types_ok(spell: Membership) -> bool:
    obligations = spell.obligations
    return (
        type(spell.state) is str
        and type(spell.since) is dt.date
        and _optional_date_type_ok(spell.until)
        and type(spell.role) is Role
        and (obligations is None or _all_of(obligations, frozenset, Obligation))
        and type(spell.since_precision) is Precision
        and type(spell.until_precision) is Precision
    )


def _membership_holds(spell: Membership) -> bool:
    # The commonest object of all, so written out in full.
    state = spell.state
    if len(state) > _MAX_ID or _is_state_code(state) is None:
        return False
    since, precision = spell.since, spell.since_precision
    if precision is not _DAY and not (since.day == 1 and (precision is _MONTH or since.month == 1)):
        return False
    until, precision = spell.until, spell.until_precision
    if until is None:
        return precision is _DAY
    if until <= since:
        return False
    return precision is _DAY or (until.day == 1 and (precision is _MONTH or until.month == 1))


def _common_types_ok(obj: Agreement | Alliance | Minilateral) -> bool:
    return (
        type(obj.id) is str
        and type(obj.name) is str
        and _all_of(obj.domains, frozenset, str)
        and _all_of(obj.sources, tuple, str)
    )


def _common_holds(obj: Agreement | Alliance | Minilateral) -> bool:
    id = obj.id
    if len(id) > _MAX_ID or _is_entity_id(id) is None or not obj.name.strip():
        return False
    for key in obj.domains:
        if len(key) > _MAX_ID or _is_domain_key(key) is None:
            return False
    for source in obj.sources:  # noqa: SIM110 - a plain loop: all() costs more on the hot path
        if not source.strip():
            return False
    return True


def _lifetime_types_ok(obj: Alliance | Minilateral) -> bool:
    return (
        type(obj.founded) is dt.date
        and _optional_date_type_ok(obj.dissolved)
        and type(obj.founded_precision) is Precision
        and type(obj.dissolved_precision) is Precision
        and _all_of(obj.members, tuple, Membership)
    )


def _lifetime_and_members_hold(obj: Alliance | Minilateral, minimum: int) -> bool:
    founded, dissolved = obj.founded, obj.dissolved
    return (
        _on_period_start(founded, obj.founded_precision)
        and _optional_day_ok(dissolved, obj.dissolved_precision)
        and (dissolved is None or dissolved > founded)
        and _spells_hold(obj.members, founded, dissolved, minimum)
    )


def _agreement_types_ok(agreement: Agreement) -> bool:
    return (
        _common_types_ok(agreement)
        and type(agreement.kind) is AgreementKind
        and type(agreement.signed) is dt.date
        and _optional_date_type_ok(agreement.in_force)
        and _optional_date_type_ok(agreement.ended)
        and _all_of(agreement.obligations, frozenset, Obligation)
        and _all_of(agreement.parties, tuple, Membership)
        and type(agreement.signed_precision) is Precision
        and type(agreement.in_force_precision) is Precision
        and type(agreement.ended_precision) is Precision
    )


def _agreement_holds(agreement: Agreement) -> bool:
    signed, in_force, ended = agreement.signed, agreement.in_force, agreement.ended
    return (
        _common_holds(agreement)
        and _on_period_start(signed, agreement.signed_precision)
        and _optional_day_ok(in_force, agreement.in_force_precision)
        and _optional_day_ok(ended, agreement.ended_precision)
        and (in_force is None or in_force >= signed)
        and (ended is None or (ended >= signed and (in_force is None or ended >= in_force)))
        and _spells_hold(agreement.parties, signed, ended, 2)
    )


def _alliance_types_ok(alliance: Alliance) -> bool:
    return (
        _common_types_ok(alliance)
        and _lifetime_types_ok(alliance)
        and _all_of(alliance.obligations, frozenset, Obligation)
        and _all_of(alliance.agreements, frozenset, str)
    )


def _alliance_holds(alliance: Alliance) -> bool:
    if not (alliance.obligations and _common_holds(alliance)):
        return False
    for agreement in alliance.agreements:
        if len(agreement) > _MAX_ID or _is_entity_id(agreement) is None:
            return False
    return _lifetime_and_members_hold(alliance, 2)


def _minilateral_types_ok(minilateral: Minilateral) -> bool:
    return (
        _common_types_ok(minilateral)
        and _lifetime_types_ok(minilateral)
        and type(minilateral.mission) is str
        and type(minilateral.formality) is Formality
    )


def _minilateral_holds(minilateral: Minilateral) -> bool:
    return (
        _common_holds(minilateral)
        and _c.text_ok(minilateral.mission)
        and _lifetime_and_members_hold(minilateral, 3)
    )


# --- the model


@attrs.frozen(repr=False, kw_only=True)
class State:
    """A sovereign state, identified by an ISO 3166-1 alpha-3 style code.

    >>> State(code="FIN", name="Finland", cow_code=375, region="Europe")
    State(code='FIN', name='Finland', cow_code=375, region='Europe')
    >>> State(code="fin", name="Finland")
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: code: 'fin' is not a state code (three upper-case letters, like 'USA')
    """

    code: str
    name: str
    cow_code: int | None = None
    region: str | None = None

    def __attrs_post_init__(self) -> None:
        if not (_state_types_ok(self) and _state_holds(self)):
            _c.raise_if(self._problems())

    def _problems(self) -> list[Problem]:
        """Every problem with this object, each with its path."""
        problems: list[Problem] = []
        _check_state_code(problems, "code", self.code)
        _c.check_text(problems, "name", self.name)
        if self.cow_code is not None and (
            type(self.cow_code) is not int or not 1 <= self.cow_code <= 999
        ):
            problems.append(
                Problem(
                    "cow_code", f"expected a COW state number from 1 to 999, got {self.cow_code!r}"
                )
            )
        _c.check_optional_text(problems, "region", self.region)
        return problems

    __repr__ = _c.compact_repr


@attrs.frozen(repr=False, kw_only=True)
class Domain:
    """A field of defence cooperation; ``parent`` places it in a hierarchy.

    >>> Domain(key="anti-piracy", name="Anti-piracy", parent="maritime-security")
    Domain(key='anti-piracy', name='Anti-piracy', parent='maritime-security')
    >>> Domain(key="cyber", name="Cyber defence", parent="cyber")
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: parent: a domain cannot be its own parent
    """

    key: str
    name: str
    parent: str | None = None

    def __attrs_post_init__(self) -> None:
        if not (_domain_types_ok(self) and _domain_holds(self)):
            _c.raise_if(self._problems())

    def _problems(self) -> list[Problem]:
        """Every problem with this object, each with its path."""
        problems: list[Problem] = []
        _check_domain_key(problems, "key", self.key)
        _c.check_text(problems, "name", self.name)
        parent_ok = self.parent is not None and _check_domain_key(problems, "parent", self.parent)
        if parent_ok and self.parent == self.key:
            problems.append(Problem("parent", "a domain cannot be its own parent"))
        return problems

    __repr__ = _c.compact_repr


@attrs.frozen(repr=False, kw_only=True)
class Membership:
    """One spell of one state in a grouping or agreement: ``[since, until)``.

    ``obligations`` is what this member itself undertakes. Left as ``None``,
    the grouping's obligations apply to a ``MEMBER`` and none to a partner or
    observer (see :meth:`Alliance.obligations_of`). Give a set, even an empty
    one, where a member's commitments differ from the grouping's, as ATOP
    codes them member by member.

    >>> m = Membership(state="SWE", since=dt.date(2024, 3, 7))
    >>> m
    Membership(state='SWE', since=datetime.date(2024, 3, 7))
    >>> m.active_on(dt.date(2024, 3, 7)), m.active_on(dt.date(2024, 3, 6))
    (True, False)
    >>> Membership(state="SWE", since=dt.date(2024, 3, 7), until=dt.date(2024, 3, 7))
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: until: must be after since (2024-03-07)
    """

    state: str
    since: dt.date
    until: dt.date | None = None
    role: Role = Role.MEMBER
    obligations: frozenset[Obligation] | None = attrs.field(
        default=None, converter=_optional_obligation_set
    )
    since_precision: Precision = Precision.DAY
    until_precision: Precision = Precision.DAY

    def __attrs_post_init__(self) -> None:
        if not (_membership_types_ok(self) and _membership_holds(self)):
            _c.raise_if(self._problems())

    def _problems(self) -> list[Problem]:
        """Every problem with this object, each with its path."""
        problems: list[Problem] = []
        _check_state_code(problems, "state", self.state)
        since_ok = _check_date(
            problems, "since", self.since, self.since_precision, "since_precision"
        )
        until_ok = _check_optional_date(
            problems, "until", self.until, self.until_precision, "until_precision"
        )
        if since_ok and until_ok and self.until is not None and self.until <= self.since:
            problems.append(Problem("until", f"must be after since ({self.since.isoformat()})"))
        _c.check_enum(problems, "role", self.role, Role)
        if self.obligations is not None:
            _c.check_collection(
                problems, "obligations", self.obligations, frozenset, _obligation_item
            )
        return problems

    def active_on(self, day: dt.date) -> bool:
        """Whether this spell covers ``day`` (``since <= day < until``).

        >>> spell = Membership(state="FIN", since=dt.date(2023, 4, 4))
        >>> spell.active_on(dt.date(2023, 4, 4)), spell.active_on(dt.date(2023, 4, 3))
        (True, False)
        """
        return self.since <= day and (self.until is None or day < self.until)

    __repr__ = _c.compact_repr


def _check_spells(
    problems: list[Problem],
    path: str,
    spells: object,
    start: dt.date | None,
    end: dt.date | None,
    owner: str,
) -> tuple[Membership, ...] | None:
    """Check a tuple of spells: types, no overlap per state, inside ``[start, end)``."""
    if not isinstance(spells, tuple):
        problems.append(Problem(path, f"expected a list of Membership, got {_c.type_name(spells)}"))
        return None
    by_state: defaultdict[str, list[tuple[int, Membership]]] = defaultdict(list)
    for index, spell in enumerate(spells):
        where = f"{path}[{index}]"
        if not isinstance(spell, Membership):
            problems.append(Problem(where, f"expected a Membership, got {_c.type_name(spell)}"))
            continue
        by_state[spell.state].append((index, spell))
        if start is not None and spell.since < start:
            problems.append(
                Problem(f"{where}.since", f"is before the {owner} began ({start.isoformat()})")
            )
        if end is not None:
            if spell.until is None:
                problems.append(
                    Problem(
                        f"{where}.until",
                        f"is open, but the {owner} ended on {end.isoformat()}; give an until date",
                    )
                )
            elif spell.until > end:
                problems.append(
                    Problem(f"{where}.until", f"is after the {owner} ended ({end.isoformat()})")
                )
    for state, indexed in by_state.items():
        indexed.sort(key=lambda pair: pair[1].since)
        for (i, earlier), (j, later) in itertools.pairwise(indexed):
            if earlier.until is None or later.since < earlier.until:
                problems.append(
                    Problem(
                        f"{path}[{j}]",
                        f"{state}'s spell from {later.since.isoformat()} overlaps its spell"
                        f" {path}[{i}] from {earlier.since.isoformat()}",
                    )
                )
    return spells


def _count_member_states(spells: tuple[Membership, ...]) -> int:
    return len({s.state for s in spells if isinstance(s, Membership) and s.role is Role.MEMBER})


def _check_common(
    problems: list[Problem],
    obj: Agreement | Alliance | Minilateral,
) -> None:
    _check_entity_id(problems, "id", obj.id)
    _c.check_text(problems, "name", obj.name)
    _c.check_collection(problems, "domains", obj.domains, frozenset, _check_domain_key)
    _c.check_collection(problems, "sources", obj.sources, tuple, _c.check_text)


def _obligations_of(
    membership: Membership, default: frozenset[Obligation]
) -> frozenset[Obligation]:
    if membership.obligations is not None:
        return membership.obligations
    return default if membership.role is Role.MEMBER else frozenset()


@attrs.frozen(repr=False, kw_only=True)
class Agreement:
    """A treaty or arrangement between states: ``[signed, ended)``.

    ``parties`` are spells, so a state can accede after signature.

    >>> jp_ph = Agreement(
    ...     id="JPN-PHL-RAA",
    ...     name="Japan-Philippines Reciprocal Access Agreement",
    ...     kind=AgreementKind.ACCESS_AGREEMENT,
    ...     parties=[Membership(state="JPN", since=dt.date(2024, 7, 8)),
    ...              Membership(state="PHL", since=dt.date(2024, 7, 8))],
    ...     signed=dt.date(2024, 7, 8),
    ...     in_force=dt.date(2025, 9, 11),
    ... )
    >>> jp_ph.in_force_on(dt.date(2025, 1, 1)), jp_ph.in_force_on(dt.date(2025, 9, 11))
    (False, True)
    """

    id: str
    name: str
    parties: tuple[Membership, ...] = attrs.field(converter=_membership_tuple)
    signed: dt.date
    kind: AgreementKind = AgreementKind.TREATY
    in_force: dt.date | None = None
    ended: dt.date | None = None
    obligations: frozenset[Obligation] = attrs.field(default=frozenset(), converter=_obligation_set)
    domains: frozenset[str] = attrs.field(default=frozenset(), converter=_str_set)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    signed_precision: Precision = Precision.DAY
    in_force_precision: Precision = Precision.DAY
    ended_precision: Precision = Precision.DAY

    def __attrs_post_init__(self) -> None:
        if not (_agreement_types_ok(self) and _agreement_holds(self)):
            _c.raise_if(self._problems())

    def _problems(self) -> list[Problem]:
        """Every problem with this object, each with its path."""
        problems: list[Problem] = []
        _check_common(problems, self)
        _c.check_enum(problems, "kind", self.kind, AgreementKind)
        signed_ok = _check_date(
            problems, "signed", self.signed, self.signed_precision, "signed_precision"
        )
        in_force_ok = _check_optional_date(
            problems, "in_force", self.in_force, self.in_force_precision, "in_force_precision"
        )
        ended_ok = _check_optional_date(
            problems, "ended", self.ended, self.ended_precision, "ended_precision"
        )
        if signed_ok and in_force_ok and self.in_force is not None and self.in_force < self.signed:
            problems.append(Problem("in_force", f"is before signed ({self.signed.isoformat()})"))
        if ended_ok and self.ended is not None:
            if in_force_ok and self.in_force is not None and self.ended < self.in_force:
                problems.append(
                    Problem("ended", f"is before in_force ({self.in_force.isoformat()})")
                )
            elif signed_ok and self.ended < self.signed:
                problems.append(Problem("ended", f"is before signed ({self.signed.isoformat()})"))
        _c.check_collection(problems, "obligations", self.obligations, frozenset, _obligation_item)
        parties = _check_spells(
            problems,
            "parties",
            self.parties,
            self.signed if signed_ok else None,
            self.ended if ended_ok else None,
            "agreement",
        )
        if parties is not None and _count_member_states(parties) < 2:
            problems.append(Problem("parties", "an agreement needs at least two distinct parties"))
        return problems

    @property
    def start(self) -> dt.date:
        """When the agreement's life begins: its signature."""
        return self.signed

    @property
    def end(self) -> dt.date | None:
        """When it ended, or ``None`` while it lasts."""
        return self.ended

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the agreement is in force on ``day`` (entered into force, not ended)."""
        return (
            self.in_force is not None
            and self.in_force <= day
            and (self.ended is None or day < self.ended)
        )

    def obligations_of(self, membership: Membership) -> frozenset[Obligation]:
        """The obligations that apply to one of this agreement's parties.

        >>> day = dt.date(2024, 6, 19)
        >>> pact = Agreement(
        ...     id="RUS-PRK-2024", name="Treaty on Comprehensive Strategic Partnership",
        ...     parties=[Membership(state="RUS", since=day), Membership(state="PRK", since=day)],
        ...     signed=day, obligations=[Obligation.DEFENSE],
        ... )
        >>> [o.value for o in pact.obligations_of(pact.parties[0])]
        ['defense']
        """
        return _obligations_of(membership, self.obligations)

    __repr__ = _c.compact_repr


@attrs.frozen(repr=False, kw_only=True)
class Alliance:
    """A formal alliance: members bound by at least one obligation, ``[founded, dissolved)``.

    >>> anzus = Alliance(
    ...     id="ANZUS",
    ...     name="ANZUS Treaty",
    ...     founded=dt.date(1952, 4, 29),
    ...     members=[
    ...         Membership(state="AUS", since=dt.date(1952, 4, 29)),
    ...         Membership(state="NZL", since=dt.date(1952, 4, 29)),
    ...         Membership(state="USA", since=dt.date(1952, 4, 29)),
    ...     ],
    ...     obligations=[Obligation.DEFENSE, Obligation.CONSULTATION],
    ... )
    >>> sorted(o.value for o in anzus.obligations_of(anzus.members[0]))
    ['consultation', 'defense']
    >>> attrs.evolve(anzus, obligations=[])
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: obligations: an alliance needs at least one obligation
    """

    id: str
    name: str
    founded: dt.date
    members: tuple[Membership, ...] = attrs.field(converter=_membership_tuple)
    dissolved: dt.date | None = None
    obligations: frozenset[Obligation] = attrs.field(default=frozenset(), converter=_obligation_set)
    domains: frozenset[str] = attrs.field(default=frozenset(), converter=_str_set)
    agreements: frozenset[str] = attrs.field(default=frozenset(), converter=_str_set)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    founded_precision: Precision = Precision.DAY
    dissolved_precision: Precision = Precision.DAY

    def __attrs_post_init__(self) -> None:
        if not (_alliance_types_ok(self) and _alliance_holds(self)):
            _c.raise_if(self._problems())

    def _problems(self) -> list[Problem]:
        """Every problem with this object, each with its path."""
        problems: list[Problem] = []
        _check_common(problems, self)
        founded_ok, dissolved_ok = _check_lifetime(problems, self)
        obligations_ok = _c.check_collection(
            problems, "obligations", self.obligations, frozenset, _obligation_item
        )
        if obligations_ok and not self.obligations:
            problems.append(Problem("obligations", "an alliance needs at least one obligation"))
        _c.check_collection(problems, "agreements", self.agreements, frozenset, _check_entity_id)
        members = _check_spells(
            problems,
            "members",
            self.members,
            self.founded if founded_ok else None,
            self.dissolved if dissolved_ok else None,
            "alliance",
        )
        if members is not None and _count_member_states(members) < 2:
            problems.append(
                Problem("members", "an alliance needs at least two distinct member states")
            )
        return problems

    @property
    def start(self) -> dt.date:
        """When the alliance's life begins: its founding."""
        return self.founded

    @property
    def end(self) -> dt.date | None:
        """When it was dissolved, or ``None`` while it lasts."""
        return self.dissolved

    def obligations_of(self, membership: Membership) -> frozenset[Obligation]:
        """The obligations that apply to one member: its own if it has them, else
        the alliance's for a ``MEMBER`` and none for a partner or observer.

        >>> day = dt.date(1949, 8, 24)
        >>> nato = Alliance(
        ...     id="NATO", name="North Atlantic Treaty Organization", founded=day,
        ...     members=[Membership(state="USA", since=day), Membership(state="GBR", since=day),
        ...              Membership(state="JPN", since=dt.date(2014, 5, 6), role=Role.PARTNER)],
        ...     obligations=[Obligation.DEFENSE],
        ... )
        >>> [sorted(o.value for o in nato.obligations_of(m)) for m in nato.members]
        [['defense'], ['defense'], []]
        """
        return _obligations_of(membership, self.obligations)

    __repr__ = _c.compact_repr


def _check_lifetime(problems: list[Problem], obj: Alliance | Minilateral) -> tuple[bool, bool]:
    founded_ok = _check_date(
        problems, "founded", obj.founded, obj.founded_precision, "founded_precision"
    )
    dissolved_ok = _check_optional_date(
        problems, "dissolved", obj.dissolved, obj.dissolved_precision, "dissolved_precision"
    )
    if founded_ok and dissolved_ok and obj.dissolved is not None and obj.dissolved <= obj.founded:
        problems.append(Problem("dissolved", f"must be after founded ({obj.founded.isoformat()})"))
        dissolved_ok = False
    return founded_ok, dissolved_ok


@attrs.frozen(repr=False, kw_only=True)
class Minilateral:
    """A small, mission-focused grouping of at least three states.

    >>> quad = Minilateral(
    ...     id="QUAD",
    ...     name="Quadrilateral Security Dialogue",
    ...     founded=dt.date(2017, 11, 12),
    ...     members=[Membership(state=code, since=dt.date(2017, 11, 12))
    ...              for code in ("AUS", "IND", "JPN", "USA")],
    ...     mission="A free and open Indo-Pacific",
    ...     formality=Formality.DIALOGUE,
    ... )
    >>> len(quad.members), quad.formality.value
    (4, 'dialogue')
    """

    id: str
    name: str
    founded: dt.date
    members: tuple[Membership, ...] = attrs.field(converter=_membership_tuple)
    mission: str
    dissolved: dt.date | None = None
    formality: Formality = Formality.DIALOGUE
    domains: frozenset[str] = attrs.field(default=frozenset(), converter=_str_set)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    founded_precision: Precision = Precision.DAY
    dissolved_precision: Precision = Precision.DAY

    def __attrs_post_init__(self) -> None:
        if not (_minilateral_types_ok(self) and _minilateral_holds(self)):
            _c.raise_if(self._problems())

    def _problems(self) -> list[Problem]:
        """Every problem with this object, each with its path."""
        problems: list[Problem] = []
        _check_common(problems, self)
        _c.check_text(problems, "mission", self.mission)
        _c.check_enum(problems, "formality", self.formality, Formality)
        founded_ok, dissolved_ok = _check_lifetime(problems, self)
        members = _check_spells(
            problems,
            "members",
            self.members,
            self.founded if founded_ok else None,
            self.dissolved if dissolved_ok else None,
            "minilateral",
        )
        if members is not None and _count_member_states(members) < 3:
            problems.append(
                Problem("members", "a minilateral needs at least three distinct member states")
            )
        return problems

    @property
    def start(self) -> dt.date:
        """When the grouping's life begins: its founding."""
        return self.founded

    @property
    def end(self) -> dt.date | None:
        """When it was dissolved, or ``None`` while it lasts."""
        return self.dissolved

    def obligations_of(self, membership: Membership) -> frozenset[Obligation]:
        """A minilateral binds no one by itself: only a member's own obligations apply.

        >>> day = dt.date(2021, 9, 15)
        >>> aukus = Minilateral(
        ...     id="AUKUS", name="AUKUS", founded=day, mission="Submarines",
        ...     members=[Membership(state=c, since=day) for c in ("AUS", "GBR", "USA")],
        ... )
        >>> aukus.obligations_of(aukus.members[0])
        frozenset()
        """
        return _obligations_of(membership, frozenset())

    __repr__ = _c.compact_repr


Grouping = Alliance | Minilateral
"""An alliance or a minilateral: what :meth:`Landscape.grouping` returns."""

#: Constructors for the JSON loader, which proves the type of every value
#: itself: they skip the converters and type checks but keep every rule
#: (see :func:`coalitions._checks.trusted_builder`).
_TRUSTED: dict[type, Callable[..., Any]] = {}
_RULES: list[tuple[type[Any], Callable[[Any], bool]]] = [
    (State, _state_holds),
    (Domain, _domain_holds),
    (Membership, _membership_holds),
    (Agreement, _agreement_holds),
    (Alliance, _alliance_holds),
    (Minilateral, _minilateral_holds),
]
for _cls, _holds in _RULES:
    _builder: Callable[..., Any] | None = _c.trusted_builder(_cls, _holds)
    if _builder is not None:
        _TRUSTED[_cls] = _builder
del _RULES, _cls, _holds, _builder
