"""Quick checks: whether a model object is valid, in one pass, with no report.

Each class of :mod:`coalitions.model` checks itself twice over. The quick
check here only answers whether the object is valid, in one pass that builds
no message and sorts nothing; when it says yes, the object is valid (it asks
no less than the detailed checks do), and when it says no, the detailed checks
run and list every problem. It comes in two halves: ``*_types_ok`` for the type
of each field, which the JSON loader proves on its own as it reads, and
``*_holds`` for the rules between values, which only the model knows and
which every object runs however it is built.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from coalitions import _checks as _c
from coalitions.enums import (
    AgreementKind,
    ForceStatus,
    Formality,
    Obligation,
    Precision,
    Role,
    Status,
)

if TYPE_CHECKING:
    from coalitions.model import (
        Agreement,
        Alliance,
        Commitment,
        Domain,
        ExternalIds,
        Membership,
        Minilateral,
        State,
        StatusSpell,
    )

STATE_CODE = re.compile(r"[A-Z]{3}")
DOMAIN_KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
ENTITY_ID = re.compile(r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*")


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
_NON_BINDING = ForceStatus.NON_BINDING


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
    if (
        len(members) < len(spells)
        and len({spell.state for spell in spells}) < len(spells)
        and _any_overlap(spells)
    ):
        return False
    return _references_hold(spells)


def _references_hold(spells: tuple[Membership, ...]) -> bool:
    """Every state a commitment or status spell names holds a spell here too."""
    named: set[str] = set()
    for spell in spells:
        if spell.toward or spell.statuses:
            named.update(c.toward for c in spell.toward)
            for status in spell.statuses:
                if status.toward is not None:
                    named |= status.toward
    return not named or named <= {spell.state for spell in spells}


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
        and _all_of(spell.toward, tuple, Commitment)
        and _all_of(spell.statuses, tuple, StatusSpell)
    )


def _commitment_types_ok(commitment: Commitment) -> bool:
    return type(commitment.toward) is str and _all_of(commitment.obligations, frozenset, Obligation)


def _commitment_holds(commitment: Commitment) -> bool:
    toward = commitment.toward
    return len(toward) <= _MAX_ID and _is_state_code(toward) is not None


def _status_spell_types_ok(spell: StatusSpell) -> bool:
    toward = spell.toward
    return (
        type(spell.status) is Status
        and type(spell.since) is dt.date
        and _optional_date_type_ok(spell.until)
        and (toward is None or _all_of(toward, frozenset, str))
        and _all_of(spell.sources, tuple, str)
        and type(spell.since_precision) is Precision
        and type(spell.until_precision) is Precision
    )


def _status_spell_holds(spell: StatusSpell) -> bool:
    since, until = spell.since, spell.until
    if not (
        _on_period_start(since, spell.since_precision)
        and _optional_day_ok(until, spell.until_precision)
        and (until is None or until > since)
    ):
        return False
    toward = spell.toward
    if toward is not None:
        if not toward:
            return False
        for code in toward:
            if len(code) > _MAX_ID or _is_state_code(code) is None:
                return False
    for source in spell.sources:  # noqa: SIM110 - a plain loop, as in _common_holds
        if not _c.text_ok(source):
            return False
    return True


def _parts_hold(spell: Membership) -> bool:
    """The rules between a spell and its commitments and status spells."""
    state, since, until = spell.state, spell.since, spell.until
    seen: set[str] = set()
    for commitment in spell.toward:
        if commitment.toward == state or commitment.toward in seen:
            return False
        seen.add(commitment.toward)
    statuses = spell.statuses
    for status in statuses:
        if status.since < since or (
            until is not None and (status.until is None or status.until > until)
        ):
            return False
        if status.toward is not None and state in status.toward:
            return False
    return len(statuses) < 2 or not _statuses_overlap(statuses)


def _statuses_overlap(statuses: tuple[StatusSpell, ...]) -> bool:
    """Whether two status spells whose scopes meet (``None``: everyone) share a day."""
    for first, second in itertools.combinations(statuses, 2):
        scopes_meet = (
            first.toward is None
            or second.toward is None
            or not first.toward.isdisjoint(second.toward)
        )
        if scopes_meet and _share_a_day(first.since, first.until, second.since, second.until):
            return True
    return False


def _share_a_day(
    since_a: dt.date, until_a: dt.date | None, since_b: dt.date, until_b: dt.date | None
) -> bool:
    return (until_b is None or since_a < until_b) and (until_a is None or since_b < until_a)


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
        return precision is _DAY and (not (spell.toward or spell.statuses) or _parts_hold(spell))
    if until <= since:
        return False
    if not (precision is _DAY or (until.day == 1 and (precision is _MONTH or until.month == 1))):
        return False
    return not (spell.toward or spell.statuses) or _parts_hold(spell)


def _common_types_ok(obj: Agreement | Alliance | Minilateral) -> bool:
    return (
        type(obj.id) is str
        and type(obj.name) is str
        and _all_of(obj.domains, frozenset, str)
        and _all_of(obj.sources, tuple, str)
        and type(obj.external_ids) is ExternalIds
    )


def _common_holds(obj: Agreement | Alliance | Minilateral) -> bool:
    id = obj.id
    if len(id) > _MAX_ID or _is_entity_id(id) is None or not _c.text_ok(obj.name):
        return False
    for key in obj.domains:
        if len(key) > _MAX_ID or _is_domain_key(key) is None:
            return False
    for source in obj.sources:
        if not _c.text_ok(source):
            return False
    return not obj.external_ids or _external_ids_hold(obj.external_ids)


def _external_ids_hold(ids: ExternalIds) -> bool:
    for key, ident in ids.items():
        if not (
            type(key) is str
            and type(ident) is str
            and _domain_key_ok(key)
            and len(ident) <= _MAX_ID
            and _c.text_ok(ident)
        ):
            return False
    return True


def _lifetime_types_ok(obj: Alliance | Minilateral) -> bool:
    return (
        type(obj.founded) is dt.date
        and _optional_date_type_ok(obj.dissolved)
        and type(obj.founded_precision) is Precision
        and type(obj.dissolved_precision) is Precision
        and _all_of(obj.members, tuple, Membership)
        and type(obj.roster_complete) is bool
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
        and (agreement.in_force_status is None or type(agreement.in_force_status) is ForceStatus)
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
        and _force_status_ok(in_force, agreement.in_force_status)
        and (agreement.in_force_status is not _NON_BINDING or _binds_nothing(agreement))
        and _spells_hold(agreement.parties, signed, ended, 2)
    )


def _binds_nothing(agreement: Agreement) -> bool:
    """No obligation anywhere: the agreement's, its parties' or their commitments'."""
    if agreement.obligations:
        return False
    for spell in agreement.parties:
        if spell.obligations:
            return False
        for commitment in spell.toward:
            if commitment.obligations:
                return False
    return True


def _force_status_ok(in_force: dt.date | None, status: ForceStatus | None) -> bool:
    """An established entry into force has a date; a pending or unknown one has none."""
    if status is None:
        return True
    return (in_force is not None) is (status is ForceStatus.ESTABLISHED)


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


def bind_classes(**classes: type) -> None:
    """Give the type checks above the model's classes, once :mod:`coalitions.model`
    has defined them (it imports this module first, so it cannot be imported here)."""
    globals().update(classes)
