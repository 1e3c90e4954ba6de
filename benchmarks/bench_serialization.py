"""JSON in and out: coalitions against equivalent pydantic v2 and msgspec models.

Builds the scale-1 synthetic landscape (ATOP's size), writes it with
``coalitions.dumps`` and then, in the same run, times

* loads: ``coalitions.loads(text)`` against pydantic's
  ``Landscape.model_validate_json(text)`` and
  ``msgspec.json.decode(text, type=Landscape)``;
* dumps: ``coalitions.dumps(obj)`` against pydantic's
  ``obj.model_dump_json(exclude_defaults=True)`` and ``msgspec.json.encode(obj)``.

The pydantic and msgspec models are equivalent to coalitions': the same
fields, JSON keys and defaults (left out on output), unknown keys refused, and
the same checks as the coalitions classes run on construction and as
``Landscape`` runs across objects (patterns, non-empty text, date order and
precision, spells that neither overlap nor outlive their grouping, minimum
member counts, references that resolve, unique ids, no domain cycles). Before
timing, the script checks that all three read the same text to the same data,
that coalitions reads back what pydantic and msgspec write, and that all three
refuse the same set of broken documents.

Times are wall times unless ``--clock cpu`` is given: then CPU times of the
process, which leave out the time other jobs hold the CPU of a shared machine.

Run with ``python benchmarks/bench_serialization.py [--repeat N] [--clock cpu|wall]``
after ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import functools
import gc
import itertools
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Protocol

import msgspec
import pydantic
import pydantic_core
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetPydanticSchema,
    field_validator,
    model_validator,
)
from pydantic_core import core_schema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from synthetic import describe, synthetic_landscape

import coalitions
from coalitions import (
    AgreementKind,
    ForceStatus,
    Formality,
    Obligation,
    Precision,
    Role,
    Status,
)

MAX_ID_LENGTH = 64
# coalitions' patterns (coalitions.model), which it matches in full. pydantic's
# (Rust) and msgspec's (re.search) patterns search, so they are anchored; in
# Python, $ also matches before a final newline, so msgspec's end with \Z.
STATE_CODE = r"[A-Z]{3}"
DOMAIN_KEY = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
ENTITY_ID = r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*"
ISO_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Non-empty after str.strip(): Rust's \s lacks the four separators \x1c-\x1f
# that Python counts as white space (checked over all of Unicode).
TEXT_RUST = r"[^\s\x1c-\x1f]"
TEXT_PYTHON = r"\S"


# --- checks shared by the pydantic and msgspec models, as coalitions runs them


class SpellLike(Protocol):
    @property
    def state(self) -> str: ...
    @property
    def since(self) -> dt.date: ...
    @property
    def until(self) -> dt.date | None: ...
    @property
    def role(self) -> Role: ...
    @property
    def since_precision(self) -> Precision: ...
    @property
    def until_precision(self) -> Precision: ...


class CommitmentLike(Protocol):
    @property
    def toward(self) -> str: ...
    @property
    def obligations(self) -> frozenset[Obligation]: ...


class StatusSpellLike(Protocol):
    @property
    def status(self) -> Status: ...
    @property
    def since(self) -> dt.date: ...
    @property
    def until(self) -> dt.date | None: ...
    @property
    def toward(self) -> frozenset[str] | None: ...
    @property
    def since_precision(self) -> Precision: ...
    @property
    def until_precision(self) -> Precision: ...


class PartsLike(SpellLike, Protocol):
    @property
    def obligations(self) -> frozenset[Obligation] | None: ...
    @property
    def toward(self) -> Sequence[CommitmentLike]: ...
    @property
    def statuses(self) -> Sequence[StatusSpellLike]: ...


class GroupingLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def domains(self) -> frozenset[str]: ...
    @property
    def founded(self) -> dt.date: ...
    @property
    def dissolved(self) -> dt.date | None: ...
    @property
    def members(self) -> Sequence[PartsLike]: ...


class AgreementLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def domains(self) -> frozenset[str]: ...
    @property
    def parties(self) -> Sequence[PartsLike]: ...
    @property
    def signed(self) -> dt.date: ...
    @property
    def in_force(self) -> dt.date | None: ...
    @property
    def ended(self) -> dt.date | None: ...
    @property
    def signed_precision(self) -> Precision: ...
    @property
    def in_force_precision(self) -> Precision: ...
    @property
    def ended_precision(self) -> Precision: ...
    @property
    def in_force_status(self) -> ForceStatus | None: ...
    @property
    def obligations(self) -> frozenset[Obligation]: ...


class AllianceLike(GroupingLike, Protocol):
    @property
    def agreements(self) -> frozenset[str]: ...


class StateLike(Protocol):
    @property
    def code(self) -> str: ...


class DomainLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def parent(self) -> str | None: ...


def check_day(name: str, day: dt.date, precision: Precision) -> None:
    if precision.truncate(day) != day:
        raise ValueError(f"{name}: {day} has {precision.value} precision but is not its first day")


def check_optional_day(name: str, day: dt.date | None, precision: Precision) -> None:
    if day is None:
        if precision is not Precision.DAY:
            raise ValueError(f"{name}_precision is {precision.value} but {name} is not given")
    else:
        check_day(name, day, precision)


def check_spell(spell: SpellLike) -> None:
    check_day("since", spell.since, spell.since_precision)
    check_optional_day("until", spell.until, spell.until_precision)
    if spell.until is not None and spell.until <= spell.since:
        raise ValueError(f"until: must be after since ({spell.since})")


def check_status_spell(spell: StatusSpellLike) -> None:
    check_spell(spell)  # type: ignore[arg-type]  # the same date rules
    if spell.toward is not None and not spell.toward:
        raise ValueError("toward: must name at least one state (leave it out for everyone)")


def check_parts(spell: PartsLike) -> None:
    """A member's commitments and status spells, as Membership checks them."""
    seen: set[str] = set()
    for commitment in spell.toward:
        if commitment.toward == spell.state or commitment.toward in seen:
            raise ValueError(f"toward: {commitment.toward} is the member or listed twice")
        seen.add(commitment.toward)
    for status in spell.statuses:
        if status.since < spell.since or (
            spell.until is not None and (status.until is None or status.until > spell.until)
        ):
            raise ValueError("statuses: a status spell runs outside its membership")
        if status.toward is not None and spell.state in status.toward:
            raise ValueError(f"statuses: names the member itself ({spell.state})")
    for first, second in itertools.combinations(spell.statuses, 2):
        if (
            (first.toward is None or second.toward is None or first.toward & second.toward)
            and (second.until is None or first.since < second.until)
            and (first.until is None or second.since < first.until)
        ):
            raise ValueError("statuses: two status spells overlap")


def check_lifetime(
    founded: dt.date,
    founded_precision: Precision,
    dissolved: dt.date | None,
    dissolved_precision: Precision,
) -> None:
    check_day("founded", founded, founded_precision)
    check_optional_day("dissolved", dissolved, dissolved_precision)
    if dissolved is not None and dissolved <= founded:
        raise ValueError(f"dissolved: must be after founded ({founded})")


def check_spells(
    spells: Sequence[SpellLike], start: dt.date, end: dt.date | None, minimum: int
) -> None:
    """No overlap per state, inside ``[start, end]``, at least ``minimum`` member states."""
    by_state: defaultdict[str, list[SpellLike]] = defaultdict(list)
    for spell in spells:
        by_state[spell.state].append(spell)
        if spell.since < start:
            raise ValueError(f"{spell.state}'s spell begins before its grouping ({start})")
        if end is not None and (spell.until is None or spell.until > end):
            raise ValueError(f"{spell.state}'s spell runs past the end of its grouping ({end})")
    for state, own in by_state.items():
        if len(own) > 1:
            own.sort(key=lambda spell: spell.since)
            for earlier, later in itertools.pairwise(own):
                if earlier.until is None or later.since < earlier.until:
                    raise ValueError(f"{state}'s spell from {later.since} overlaps an earlier one")
    states = by_state.keys()
    for spell in spells:
        for commitment in spell.toward:
            if commitment.toward not in states:
                raise ValueError(f"toward: {commitment.toward} is not a member")
        for status in spell.statuses:
            if status.toward is not None and not status.toward <= states:
                raise ValueError("statuses: toward names a state that is not a member")
    members = {spell.state for spell in spells if spell.role is Role.MEMBER}
    if len(members) < minimum:
        raise ValueError(f"needs at least {minimum} distinct member states")


def check_agreement(agreement: AgreementLike) -> None:
    check_day("signed", agreement.signed, agreement.signed_precision)
    check_optional_day("in_force", agreement.in_force, agreement.in_force_precision)
    check_optional_day("ended", agreement.ended, agreement.ended_precision)
    signed, in_force, ended = agreement.signed, agreement.in_force, agreement.ended
    if in_force is not None and in_force < signed:
        raise ValueError(f"in_force: is before signed ({signed})")
    if ended is not None and ended < (in_force or signed):
        raise ValueError(f"ended: is before {'in_force' if in_force else 'signed'}")
    status = agreement.in_force_status
    if status is not None and (in_force is not None) is not (status is ForceStatus.ESTABLISHED):
        raise ValueError("in_force_status: established if and only if in_force is given")
    if status is ForceStatus.NON_BINDING and (
        agreement.obligations
        or any(spell.obligations for spell in agreement.parties)
        or any(c.obligations for spell in agreement.parties for c in spell.toward)
    ):
        raise ValueError("a non-binding declaration carries no obligations")
    check_spells(agreement.parties, signed, ended, 2)


def check_period(start: dt.date | None, as_of: dt.date | None) -> None:
    if start is not None and as_of is not None and start > as_of:
        raise ValueError(f"start: {start} is after as_of ({as_of})")


def check_landscape(
    states: Sequence[StateLike],
    domains: Sequence[DomainLike],
    agreements: Sequence[AgreementLike],
    alliances: Sequence[AllianceLike],
    minilaterals: Sequence[GroupingLike],
) -> None:
    """Landscape's cross-object rules: unique keys, references resolve, no domain cycle."""
    problems: list[str] = []
    codes = {s.code for s in states}
    if len(codes) != len(states):
        problems.append("duplicate state code")
    parents = {d.key: d.parent for d in domains}
    if len(parents) != len(domains):
        problems.append("duplicate domain key")
    ids = [e.id for group in (agreements, alliances, minilaterals) for e in group]
    if len(set(ids)) != len(ids):
        problems.append("duplicate id")
    for child, parent in parents.items():
        if parent is not None and parent not in parents:
            problems.append(f"domains[{child}].parent: unknown domain {parent!r}")
    settled: set[str] = set()
    for start in parents:  # follow each chain of parents; one that comes back is a cycle
        chain: list[str] = []
        key: str | None = start
        while key is not None and key in parents and key not in settled:
            if key in chain:
                problems.append(f"the domain hierarchy has a cycle through {key!r}")
                break
            chain.append(key)
            key = parents[key]
        settled.update(chain)
    agreement_ids = {a.id for a in agreements}
    entities: list[tuple[AgreementLike | GroupingLike, Sequence[SpellLike]]] = [
        *((a, a.parties) for a in agreements),
        *((g, g.members) for g in alliances),
        *((g, g.members) for g in minilaterals),
    ]
    for entity, spells in entities:
        problems.extend(
            f"{entity.id}: unknown state {s.state!r}" for s in spells if s.state not in codes
        )
        problems.extend(
            f"{entity.id}: unknown domain {k!r}" for k in entity.domains - parents.keys()
        )
    for alliance in alliances:
        problems.extend(
            f"{alliance.id}: unknown agreement {a!r}" for a in alliance.agreements - agreement_ids
        )
    if problems:
        raise ValueError("; ".join(problems))


# --- pydantic v2


def _iso_day_schema(source: Any, handler: pydantic.GetCoreSchemaHandler) -> core_schema.CoreSchema:
    # In JSON, pydantic's date also takes Unix timestamps ("1577836800"), which
    # coalitions refuses: only 'YYYY-MM-DD' gets through, all inside pydantic-core.
    return core_schema.json_or_python_schema(
        json_schema=core_schema.chain_schema(
            [core_schema.str_schema(pattern=ISO_DAY), core_schema.date_schema(strict=False)]
        ),
        python_schema=handler(source),
    )


def _distinct(items: list[Any]) -> frozenset[Any]:
    result = frozenset(items)
    if len(result) != len(items):
        raise ValueError("items repeat; a set lists each item once")
    return result


def _listed_once(item: Any) -> GetPydanticSchema:
    """A set read from a JSON array that lists each item once, as coalitions requires
    (a frozenset alone would merge repeats). The last step, the plain frozenset
    schema, gives the field its native (Rust) serializer."""

    def schema(source: Any, handler: pydantic.GetCoreSchemaHandler) -> core_schema.CoreSchema:
        as_set = handler(source)
        return core_schema.json_or_python_schema(
            json_schema=core_schema.chain_schema(
                [
                    core_schema.list_schema(handler.generate_schema(item)),
                    core_schema.no_info_plain_validator_function(_distinct),
                    as_set,
                ]
            ),
            python_schema=as_set,
        )

    return GetPydanticSchema(schema)


PDay = Annotated[dt.date, GetPydanticSchema(_iso_day_schema)]
PStateCode = Annotated[str, Field(pattern=f"^{STATE_CODE}$")]
PDomainKey = Annotated[str, Field(pattern=f"^{DOMAIN_KEY}$", max_length=MAX_ID_LENGTH)]
PEntityId = Annotated[str, Field(pattern=f"^{ENTITY_ID}$", max_length=MAX_ID_LENGTH)]
PText = Annotated[str, Field(pattern=TEXT_RUST)]
PObligations = Annotated[frozenset[Obligation], _listed_once(Obligation)]
PStateCodes = Annotated[frozenset[PStateCode], _listed_once(PStateCode)]
PExternalIds = dict[PDomainKey, Annotated[str, Field(pattern=TEXT_RUST, max_length=MAX_ID_LENGTH)]]
PDomainKeys = Annotated[frozenset[PDomainKey], _listed_once(PDomainKey)]
PEntityIds = Annotated[frozenset[PEntityId], _listed_once(PEntityId)]


class PModel(BaseModel):
    # strict: no coercion ("5" is not 5); in JSON, enums come by value.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class PState(PModel):
    code: PStateCode
    name: PText
    cow_code: int | None = Field(default=None, ge=1, le=999)
    region: PText | None = None


class PDomain(PModel):
    key: PDomainKey
    name: PText
    parent: PDomainKey | None = None

    @model_validator(mode="after")
    def _not_own_parent(self) -> PDomain:
        if self.parent == self.key:
            raise ValueError("parent: a domain cannot be its own parent")
        return self


class PCommitment(PModel):
    toward: PStateCode
    obligations: PObligations = frozenset()


class PStatusSpell(PModel):
    status: Status
    since: PDay
    until: PDay | None = None
    toward: PStateCodes | None = None
    sources: tuple[PText, ...] = ()
    since_precision: Precision = Precision.DAY
    until_precision: Precision = Precision.DAY

    @model_validator(mode="after")
    def _dates(self) -> PStatusSpell:
        check_status_spell(self)
        return self


class PMembership(PModel):
    state: PStateCode
    since: PDay
    until: PDay | None = None
    role: Role = Role.MEMBER
    obligations: PObligations | None = None
    since_precision: Precision = Precision.DAY
    until_precision: Precision = Precision.DAY
    toward: tuple[PCommitment, ...] = ()
    statuses: tuple[PStatusSpell, ...] = ()

    @model_validator(mode="after")
    def _dates(self) -> PMembership:
        check_spell(self)
        if self.toward or self.statuses:
            check_parts(self)
        return self


class PAgreement(PModel):
    id: PEntityId
    name: PText
    parties: tuple[PMembership, ...]
    signed: PDay
    kind: AgreementKind = AgreementKind.TREATY
    in_force: PDay | None = None
    ended: PDay | None = None
    obligations: PObligations = frozenset()
    domains: PDomainKeys = frozenset()
    sources: tuple[PText, ...] = ()
    signed_precision: Precision = Precision.DAY
    in_force_precision: Precision = Precision.DAY
    ended_precision: Precision = Precision.DAY
    in_force_status: ForceStatus | None = None
    external_ids: PExternalIds = Field(default_factory=dict)

    @model_validator(mode="after")
    def _dates_and_parties(self) -> PAgreement:
        check_agreement(self)
        return self


class PAlliance(PModel):
    id: PEntityId
    name: PText
    founded: PDay
    members: tuple[PMembership, ...]
    dissolved: PDay | None = None
    # validate_default: a missing key means no obligation, which is refused too.
    obligations: PObligations = Field(default=frozenset(), validate_default=True)
    domains: PDomainKeys = frozenset()
    agreements: PEntityIds = frozenset()
    sources: tuple[PText, ...] = ()
    founded_precision: Precision = Precision.DAY
    dissolved_precision: Precision = Precision.DAY
    roster_complete: bool = True
    external_ids: PExternalIds = Field(default_factory=dict)

    @field_validator("obligations")
    @classmethod
    def _some_obligation(cls, value: frozenset[Obligation]) -> frozenset[Obligation]:
        if not value:
            raise ValueError("an alliance needs at least one obligation")
        return value

    @model_validator(mode="after")
    def _lifetime_and_members(self) -> PAlliance:
        check_lifetime(
            self.founded, self.founded_precision, self.dissolved, self.dissolved_precision
        )
        check_spells(self.members, self.founded, self.dissolved, 2)
        return self


class PMinilateral(PModel):
    id: PEntityId
    name: PText
    founded: PDay
    members: tuple[PMembership, ...]
    mission: PText
    dissolved: PDay | None = None
    formality: Formality = Formality.DIALOGUE
    domains: PDomainKeys = frozenset()
    sources: tuple[PText, ...] = ()
    founded_precision: Precision = Precision.DAY
    dissolved_precision: Precision = Precision.DAY
    roster_complete: bool = True
    external_ids: PExternalIds = Field(default_factory=dict)

    @model_validator(mode="after")
    def _lifetime_and_members(self) -> PMinilateral:
        check_lifetime(
            self.founded, self.founded_precision, self.dissolved, self.dissolved_precision
        )
        check_spells(self.members, self.founded, self.dissolved, 3)
        return self


class PLandscape(PModel):
    states: tuple[PState, ...] = ()
    domains: tuple[PDomain, ...] = ()
    agreements: tuple[PAgreement, ...] = ()
    alliances: tuple[PAlliance, ...] = ()
    minilaterals: tuple[PMinilateral, ...] = ()
    as_of: PDay | None = None
    start: PDay | None = None

    @model_validator(mode="after")
    def _cross_references(self) -> PLandscape:
        check_landscape(
            self.states, self.domains, self.agreements, self.alliances, self.minilaterals
        )
        check_period(self.start, self.as_of)
        return self


# --- msgspec

MStateCode = Annotated[str, msgspec.Meta(pattern=f"^{STATE_CODE}\\Z")]
MDomainKey = Annotated[str, msgspec.Meta(pattern=f"^{DOMAIN_KEY}\\Z", max_length=MAX_ID_LENGTH)]
MEntityId = Annotated[str, msgspec.Meta(pattern=f"^{ENTITY_ID}\\Z", max_length=MAX_ID_LENGTH)]
MText = Annotated[str, msgspec.Meta(pattern=TEXT_PYTHON)]
MExternalIds = dict[
    MDomainKey, Annotated[str, msgspec.Meta(pattern=TEXT_PYTHON, max_length=MAX_ID_LENGTH)]
]


class MStruct(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True
):
    """msgspec dates are 'YYYY-MM-DD' only, ints refuse bools and floats: as coalitions."""


class MState(MStruct, frozen=True):
    code: MStateCode
    name: MText
    cow_code: Annotated[int, msgspec.Meta(ge=1, le=999)] | None = None
    region: MText | None = None


class MDomain(MStruct, frozen=True):
    key: MDomainKey
    name: MText
    parent: MDomainKey | None = None

    def __post_init__(self) -> None:
        if self.parent == self.key:
            raise ValueError("parent: a domain cannot be its own parent")


class MCommitment(MStruct, frozen=True):
    toward: MStateCode
    obligations: frozenset[Obligation] = frozenset()


class MStatusSpell(MStruct, frozen=True):
    status: Status
    since: dt.date
    until: dt.date | None = None
    toward: frozenset[MStateCode] | None = None
    sources: tuple[MText, ...] = ()
    since_precision: Precision = Precision.DAY
    until_precision: Precision = Precision.DAY

    def __post_init__(self) -> None:
        check_status_spell(self)


class MMembership(MStruct, frozen=True):
    state: MStateCode
    since: dt.date
    until: dt.date | None = None
    role: Role = Role.MEMBER
    obligations: frozenset[Obligation] | None = None
    since_precision: Precision = Precision.DAY
    until_precision: Precision = Precision.DAY
    toward: tuple[MCommitment, ...] = ()
    statuses: tuple[MStatusSpell, ...] = ()

    def __post_init__(self) -> None:
        check_spell(self)
        if self.toward or self.statuses:
            check_parts(self)


class MAgreement(MStruct, frozen=True):
    id: MEntityId
    name: MText
    parties: tuple[MMembership, ...]
    signed: dt.date
    kind: AgreementKind = AgreementKind.TREATY
    in_force: dt.date | None = None
    ended: dt.date | None = None
    obligations: frozenset[Obligation] = frozenset()
    domains: frozenset[MDomainKey] = frozenset()
    sources: tuple[MText, ...] = ()
    signed_precision: Precision = Precision.DAY
    in_force_precision: Precision = Precision.DAY
    ended_precision: Precision = Precision.DAY
    in_force_status: ForceStatus | None = None
    external_ids: MExternalIds = {}

    def __post_init__(self) -> None:
        check_agreement(self)


class MAlliance(MStruct, frozen=True):
    id: MEntityId
    name: MText
    founded: dt.date
    members: tuple[MMembership, ...]
    dissolved: dt.date | None = None
    obligations: frozenset[Obligation] = frozenset()
    domains: frozenset[MDomainKey] = frozenset()
    agreements: frozenset[MEntityId] = frozenset()
    sources: tuple[MText, ...] = ()
    founded_precision: Precision = Precision.DAY
    dissolved_precision: Precision = Precision.DAY
    roster_complete: bool = True
    external_ids: MExternalIds = {}

    def __post_init__(self) -> None:
        if not self.obligations:
            raise ValueError("obligations: an alliance needs at least one obligation")
        check_lifetime(
            self.founded, self.founded_precision, self.dissolved, self.dissolved_precision
        )
        check_spells(self.members, self.founded, self.dissolved, 2)


class MMinilateral(MStruct, frozen=True):
    id: MEntityId
    name: MText
    founded: dt.date
    members: tuple[MMembership, ...]
    mission: MText
    dissolved: dt.date | None = None
    formality: Formality = Formality.DIALOGUE
    domains: frozenset[MDomainKey] = frozenset()
    sources: tuple[MText, ...] = ()
    founded_precision: Precision = Precision.DAY
    dissolved_precision: Precision = Precision.DAY
    roster_complete: bool = True
    external_ids: MExternalIds = {}

    def __post_init__(self) -> None:
        check_lifetime(
            self.founded, self.founded_precision, self.dissolved, self.dissolved_precision
        )
        check_spells(self.members, self.founded, self.dissolved, 3)


class MLandscape(MStruct, frozen=True):
    states: tuple[MState, ...] = ()
    domains: tuple[MDomain, ...] = ()
    agreements: tuple[MAgreement, ...] = ()
    alliances: tuple[MAlliance, ...] = ()
    minilaterals: tuple[MMinilateral, ...] = ()
    as_of: dt.date | None = None
    start: dt.date | None = None

    def __post_init__(self) -> None:
        check_landscape(
            self.states, self.domains, self.agreements, self.alliances, self.minilaterals
        )
        check_period(self.start, self.as_of)


# --- equivalence

SET_KEYS = frozenset({"obligations", "domains", "agreements", "toward"})


def normalized(data: Any) -> Any:
    """JSON data with the lists that hold sets sorted: pydantic and msgspec write sets
    in iteration order, coalitions sorted."""
    if isinstance(data, dict):
        return {
            key: sorted(value)
            if key in SET_KEYS
            and isinstance(value, list)
            and all(isinstance(v, str) for v in value)
            else normalized(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [normalized(item) for item in data]
    return data


Mutation = Callable[[dict[str, Any]], None]


def _first(
    data: dict[str, Any], kind: str, where: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    return next(item for item in data[kind] if where(item))


def _multi(data: dict[str, Any]) -> dict[str, Any]:
    return _first(data, "alliances", lambda a: len(a["members"]) >= 3)


def _set(target: dict[str, Any], key: str, value: Any) -> None:
    target[key] = value


def _overlap(data: dict[str, Any]) -> None:
    alliance = _multi(data)
    first = alliance["members"][0]
    alliance["members"].append({**first, "since": first["since"]})


def _cycle(data: dict[str, Any]) -> None:
    by_key = {d["key"]: d for d in data["domains"]}
    child = next(d for d in data["domains"] if d.get("parent"))
    by_key[child["parent"]]["parent"] = child["key"]


def _dissolved_with_open_spells(data: dict[str, Any]) -> None:
    alliance = _first(data, "alliances", lambda a: "dissolved" not in a)
    alliance["dissolved"] = "9999-12-31"


def _precision_day(data: dict[str, Any]) -> None:
    alliance = _first(data, "alliances", lambda a: not a["founded"].endswith("-01"))
    alliance["founded_precision"] = "month"


def _open_precision(data: dict[str, Any]) -> None:
    spell = _first(data, "alliances", lambda a: True)["members"][0]
    spell.pop("until", None)
    spell["until_precision"] = "year"


def _one_member(data: dict[str, Any]) -> None:
    alliance = _first(data, "alliances", lambda a: len({m["state"] for m in a["members"]}) == 2)
    alliance["members"] = [
        m for m in alliance["members"] if m["state"] == alliance["members"][0]["state"]
    ]


def _minilateral_of_two(data: dict[str, Any]) -> None:
    minilateral = data["minilaterals"][0]
    minilateral["members"] = [m for m in minilateral["members"] if "role" not in m][:2]


def _spell_after_dissolution(data: dict[str, Any]) -> None:
    alliance = _first(data, "alliances", lambda a: "dissolved" in a)
    spell = alliance["members"][0]
    spell["until"], spell["until_precision"] = "9999-12-31", "day"


def _ended_before_in_force(data: dict[str, Any]) -> None:
    agreement = _first(
        data, "agreements", lambda a: "in_force" in a and a["in_force"] > a["signed"]
    )
    agreement["ended"] = agreement["signed"]


# Rules msgspec cannot carry: it reads a JSON array into a frozenset with no hook
# in between, so repeated items are merged instead of refused.
MSGSPEC_GAPS = frozenset({"obligation listed twice", "domain listed twice"})

BROKEN: tuple[tuple[str, Mutation], ...] = (
    ("unknown key", lambda d: _set(d["states"][0], "capital", "X")),
    ("unknown top-level key", lambda d: _set(d, "version", 1)),
    ("lower-case state code", lambda d: _set(d["states"][0], "code", "usa")),
    ("blank name", lambda d: _set(d["states"][0], "name", " \t")),
    ("name with only \\x1c", lambda d: _set(d["states"][0], "name", "\x1c")),
    ("cow_code out of range", lambda d: _set(d["states"][0], "cow_code", 1000)),
    ("cow_code as boolean", lambda d: _set(d["states"][0], "cow_code", True)),
    ("cow_code as string", lambda d: _set(d["states"][0], "cow_code", "2")),
    ("id with a space", lambda d: _set(d["alliances"][0], "id", "ATOP 1")),
    ("id with trailing newline", lambda d: _set(d["alliances"][0], "id", "ATOP-1\n")),
    ("id too long", lambda d: _set(d["alliances"][0], "id", "A" * 65)),
    ("bad domain key in set", lambda d: _set(d["alliances"][0], "domains", ["Cyber"])),
    ("domain its own parent", lambda d: _set(d["domains"][2], "parent", d["domains"][2]["key"])),
    ("domain cycle", _cycle),
    ("unknown parent domain", lambda d: _set(d["domains"][0], "parent", "nowhere")),
    ("unknown domain", lambda d: _set(d["alliances"][0], "domains", ["nowhere"])),
    ("unknown state", lambda d: _set(d["alliances"][0]["members"][0], "state", "ZZZ")),
    ("unknown agreement", lambda d: _set(d["alliances"][0], "agreements", ["NOPE"])),
    ("duplicate id", lambda d: _set(d["alliances"][1], "id", d["alliances"][0]["id"])),
    ("id shared by two kinds", lambda d: _set(d["minilaterals"][0], "id", d["alliances"][0]["id"])),
    ("duplicate state", lambda d: d["states"].append(dict(d["states"][0]))),
    ("duplicate domain", lambda d: d["domains"].append(dict(d["domains"][0]))),
    ("date as timestamp string", lambda d: _set(d["alliances"][0], "founded", "1577836800")),
    ("date with time", lambda d: _set(d["alliances"][0], "founded", "1950-01-01T00:00:00")),
    ("date as number", lambda d: _set(d["alliances"][0], "founded", 19500101)),
    ("impossible date", lambda d: _set(d["alliances"][0], "founded", "1950-02-30")),
    ("date in non-ASCII digits", lambda d: _set(d["alliances"][0], "founded", "\u0661\u0669\u0665\u0660-01-01")),
    ("unknown enum value", lambda d: _set(d["alliances"][0], "obligations", ["attack"])),
    ("enum by name", lambda d: _set(d["alliances"][0]["members"][0], "role", "MEMBER")),
    ("no obligations", lambda d: d["alliances"][0].pop("obligations")),
    ("empty obligations", lambda d: _set(d["alliances"][0], "obligations", [])),
    ("obligation listed twice", lambda d: d["alliances"][0]["obligations"].append(d["alliances"][0]["obligations"][0])),
    ("domain listed twice", lambda d: _set(d["alliances"][0], "domains", ["cyber", "cyber"])),
    ("precision but not first day", _precision_day),
    ("precision of a missing date", _open_precision),
    ("until equal to since", lambda d: _set(d["alliances"][0]["members"][0], "until", d["alliances"][0]["members"][0]["since"])),
    ("spell before founding", lambda d: _set(d["alliances"][0]["members"][0], "since", "1700-01-01")),
    ("dissolved with open spells", _dissolved_with_open_spells),
    ("spell after dissolution", _spell_after_dissolution),
    ("overlapping spells", _overlap),
    ("one member state", _one_member),
    ("minilateral of two", _minilateral_of_two),
    ("in_force before signed", lambda d: _set(d["agreements"][0], "in_force", "1000-01-01")),
    ("ended before in_force", _ended_before_in_force),
    ("members missing", lambda d: d["alliances"][0].pop("members")),
    ("null name", lambda d: _set(d["states"][0], "name", None)),
    ("states not a list", lambda d: _set(d, "states", {})),
)  # fmt: skip


def check_equivalence(
    landscape: coalitions.Landscape, text: str
) -> tuple[PLandscape, MLandscape, int]:
    """Assert that the three read and write the same JSON and refuse the same; return objects."""
    expected = json.loads(text)
    p_obj = PLandscape.model_validate_json(text)
    m_obj = msgspec.json.decode(text, type=MLandscape)
    for name, written in (
        ("pydantic", p_obj.model_dump_json(exclude_defaults=True)),
        ("msgspec", msgspec.json.encode(m_obj).decode()),
    ):
        assert normalized(json.loads(written)) == expected, f"{name} writes other JSON"
        assert coalitions.loads(written) == landscape, f"coalitions reads {name}'s JSON differently"
    small = coalitions.Landscape(
        states=landscape.states,
        domains=landscape.domains,
        agreements=landscape.agreements,
        alliances=landscape.alliances[:40],
        minilaterals=landscape.minilaterals[:5],
    )
    small_text = coalitions.dumps(small)
    for read in (coalitions.loads, PLandscape.model_validate_json, MSGSPEC_READ):
        assert not _refuses(read, small_text), "the unbroken document is refused"
    for name, mutate in BROKEN:
        data = copy.deepcopy(json.loads(small_text))
        mutate(data)
        broken = json.dumps(data)
        refused = {
            "coalitions": _refuses(coalitions.loads, broken),
            "pydantic": _refuses(PLandscape.model_validate_json, broken),
            "msgspec": _refuses(MSGSPEC_READ, broken) or name in MSGSPEC_GAPS,
        }
        assert all(refused.values()), f"broken document ({name}) accepted: {refused}"
    return p_obj, m_obj, len(BROKEN)


MSGSPEC_READ: Callable[[str], object] = functools.partial(msgspec.json.decode, type=MLandscape)


def _refuses(read: Callable[[str], object], text: str) -> bool:
    try:
        read(text)
    except (coalitions.ValidationError, pydantic.ValidationError, msgspec.ValidationError):
        return True
    return False


# --- timing


CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}


def median_times(
    runs: Sequence[Callable[[], object]],
    repeat: int,
    warmup: int = 2,
    clock: Callable[[], float] = time.perf_counter,
) -> list[float]:
    """Median time of each of ``runs`` in seconds, timed in turn within each repetition.

    Taking turns spreads the noise of a shared machine evenly over the contenders,
    so that their ratios hold even when the absolute times wander. ``clock`` is
    wall time unless told; ``time.process_time`` leaves out the time other jobs
    hold the CPU (all three run on one thread, so on an idle machine the two
    agree). Garbage collection stays on, as in use; each run starts after a full
    collection, and the time to free what a run returns counts too.
    """
    for run in runs:
        for _ in range(warmup):
            run()
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, taken in zip(runs, times, strict=True):
            gc.collect()
            start = clock()
            run()
            taken.append(clock() - start)
    return [statistics.median(taken) for taken in times]


def atop_documents(folder: str) -> list[tuple[str, coalitions.Landscape]]:
    """Real ATOP 5.1 from ``folder``, as coalitions.atop.read gives it: the member
    file alone, and with the directed dyad file (pairwise commitments, ``toward``)."""
    from coalitions import atop

    member = os.path.join(folder, "atop5_1m.csv")
    if not os.path.exists(member):
        print(f"(no ATOP data in {folder}: real-data rows left out)")
        return []
    found = [("ATOP 5.1", atop.read(member))]
    dyads = os.path.join(folder, "atop5_1ddyr_obligations.csv")
    if os.path.exists(dyads):
        found.append(("ATOP 5.1 + dyads", atop.read(member, dyads=dyads)))
    return found


def check_same_reading(landscape: coalitions.Landscape, text: str) -> None:
    """pydantic and msgspec read ``text`` and write back the same data; coalitions reads it back."""
    expected = normalized(json.loads(text))
    p_obj = PLandscape.model_validate_json(text)
    m_obj = msgspec.json.decode(text, type=MLandscape)
    for name, written in (
        ("pydantic", p_obj.model_dump_json(exclude_defaults=True)),
        ("msgspec", msgspec.json.encode(m_obj).decode()),
    ):
        assert normalized(json.loads(written)) == expected, f"{name} writes other JSON"
        assert coalitions.loads(written) == landscape, f"coalitions reads {name}'s JSON differently"


def time_document(
    landscape: coalitions.Landscape, repeat: int, clock: Callable[[], float]
) -> tuple[list[float], list[float], int]:
    """Median loads and dumps times of coalitions, pydantic and msgspec; the size in bytes."""
    text = coalitions.dumps(landscape)
    size = len(text.encode())
    p_obj = PLandscape.model_validate_json(text)
    m_obj = msgspec.json.decode(text, type=MLandscape)
    repeat = max(5, int(repeat * 400_000 / max(size, 400_000)))
    loads = median_times(
        [
            lambda: coalitions.loads(text),
            lambda: PLandscape.model_validate_json(text),
            lambda: msgspec.json.decode(text, type=MLandscape),
        ],
        repeat,
        clock=clock,
    )
    dumps = median_times(
        [
            lambda: coalitions.dumps(landscape),
            lambda: p_obj.model_dump_json(exclude_defaults=True),
            lambda: msgspec.json.encode(m_obj),
        ],
        repeat,
        clock=clock,
    )
    return loads, dumps, size


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per operation at 1x")
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="wall: elapsed time (default); cpu: CPU time of this process",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic landscape")
    parser.add_argument(
        "--scales", type=float, nargs="*", default=[1.0, 10.0], help="synthetic scales"
    )
    parser.add_argument(
        "--data",
        default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data"),
        help="folder with ATOP 5.1's csv files (real-data rows)",
    )
    args = parser.parse_args(argv)
    clock = CLOCKS[args.clock]

    print(
        f"Python {platform.python_version()}, coalitions {coalitions.__version__},"
        f" pydantic {pydantic.VERSION} (core {pydantic_core.__version__}),"
        f" msgspec {msgspec.__version__}; {os.cpu_count()} CPUs"
    )
    documents = atop_documents(args.data)
    for scale in args.scales:
        documents.append((f"synthetic {scale:g}x", synthetic_landscape(seed=args.seed, scale=scale)))
    broken = 0
    for name, landscape in documents:
        text = coalitions.dumps(landscape)
        if name == "synthetic 1x":
            _, _, broken = check_equivalence(landscape, text)
        else:
            check_same_reading(landscape, text)
        print(f"{name}: {describe(landscape)}; JSON {len(text.encode()):,} bytes")
    print(
        "Equivalence: pydantic and msgspec read every document to the same data, coalitions reads"
        f" back what they write, and all three refuse {broken - len(MSGSPEC_GAPS)} broken"
        f" documents; coalitions and pydantic refuse {len(MSGSPEC_GAPS)} more."
    )
    print(
        "Checks: pydantic carries all of coalitions' checks (Field constraints, field_validator,"
        " model_validator); msgspec carries all (Meta constraints plus __post_init__) but one:"
        " it merges repeated set items instead of refusing them."
    )
    print(
        f"Median {args.clock} time after warm-up, the three taking turns"
        f" ({args.repeat} runs at 1x, fewer for bigger documents):\n"
    )
    header = (
        f"{'document':<18} {'op':<6} {'coalitions':>11} {'pydantic':>10} {'msgspec':>10}"
        f" {'/pydantic':>10} {'/msgspec':>9} {'ns/byte':>8}"
    )
    print(header)
    print("-" * len(header))
    per_byte: dict[str, float] = {}
    for name, landscape in documents:
        loads, dumps, size = time_document(landscape, args.repeat, clock)
        per_byte[name] = loads[0] / size
        for op, (ours, theirs, fastest) in (("loads", loads), ("dumps", dumps)):
            print(
                f"{name:<18} {op:<6} {ours * 1e3:>8.2f} ms {theirs * 1e3:>7.2f} ms"
                f" {fastest * 1e3:>7.2f} ms {ours / theirs:>9.2f}x {ours / fastest:>8.2f}x"
                f" {ours / size * 1e9:>8.1f}"
            )
    print()
    base = per_byte.get("synthetic 1x")
    for name, cost in per_byte.items():
        if base is not None and name.startswith("synthetic") and name != "synthetic 1x":
            print(f"loads cost per byte, {name} vs synthetic 1x: {cost / base:.2f}x")


if __name__ == "__main__":
    main()
