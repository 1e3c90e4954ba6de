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
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from coalitions import _checks as _c
from coalitions import _quick
from coalitions._quick import (
    DOMAIN_KEY,
    ENTITY_ID,
    STATE_CODE,
    _agreement_holds,
    _agreement_types_ok,
    _alliance_holds,
    _alliance_types_ok,
    _commitment_holds,
    _commitment_types_ok,
    _domain_holds,
    _domain_types_ok,
    _membership_holds,
    _membership_types_ok,
    _minilateral_holds,
    _minilateral_types_ok,
    _share_a_day,
    _state_holds,
    _state_types_ok,
    _status_spell_holds,
    _status_spell_types_ok,
)
from coalitions.enums import (
    AgreementKind,
    ForceStatus,
    Formality,
    Obligation,
    Precision,
    Role,
    Status,
)
from coalitions.errors import Problem

if TYPE_CHECKING:
    from coalitions.display import Printer

__all__ = [
    "Agreement",
    "AgreementKind",
    "Alliance",
    "Commitment",
    "Domain",
    "ExternalIds",
    "ForceStatus",
    "Formality",
    "Grouping",
    "Membership",
    "Minilateral",
    "Obligation",
    "Precision",
    "Role",
    "State",
    "Status",
    "StatusSpell",
]


class ExternalIds(Mapping[str, str]):
    """Identifiers of a record in research datasets: dataset name to identifier.

    An immutable, hashable mapping, so that the records holding it stay values.
    Keys are dataset names as lower-case slugs (``"atop"``, ``"cow"``); values
    are the dataset's identifier for the record, as text. Give any mapping
    where a record takes one: it is converted.

    >>> ids = ExternalIds({"atop": "3180"})
    >>> ids["atop"], dict(ids), ids == {"atop": "3180"}
    ('3180', {'atop': '3180'}, True)
    >>> ExternalIds({"atop": "3180"}) == ExternalIds(atop="3180"), len({ids, ExternalIds(atop="3180")})
    (True, 1)
    """

    __slots__ = ("_data", "_hash")

    def __init__(
        self, data: Mapping[str, str] | Iterable[tuple[str, str]] = (), **ids: str
    ) -> None:
        self._data: dict[str, str] = dict(data, **ids)
        self._hash: int | None = None

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"ExternalIds({self._data!r})"

    def __reduce__(self) -> tuple[type[ExternalIds], tuple[dict[str, str]]]:
        return (ExternalIds, (self._data,))


def _external_ids(value: Mapping[str, str] | None) -> ExternalIds:
    if type(value) is ExternalIds:
        return value
    if isinstance(value, Mapping):
        try:
            return ExternalIds(value)
        except (TypeError, ValueError):  # reported by the checks
            return value  # type: ignore[return-value]
    return value  # type: ignore[return-value]


_NO_IDS = ExternalIds()


def _check_external_ids(problems: list[Problem], value: object) -> None:
    if type(value) is not ExternalIds:
        problems.append(
            Problem(
                "external_ids",
                f"expected a mapping of dataset names to ids, got {_c.type_name(value)} {value!r}",
            )
        )
        return
    for key, ident in sorted(value.items(), key=repr):
        path = f"external_ids[{key!r}]"
        if (
            not isinstance(key, str)
            or len(key) > _c.MAX_ID_LENGTH
            or DOMAIN_KEY.fullmatch(key) is None
        ):
            problems.append(
                Problem(path, f"{key!r} is not a dataset name (a lower-case slug, like 'atop')")
            )
        if not isinstance(ident, str) or not _c.text_ok(ident) or len(ident) > _c.MAX_ID_LENGTH:
            problems.append(
                Problem(
                    path,
                    f"expected an identifier (non-blank text, at most {_c.MAX_ID_LENGTH} characters), got {ident!r}",
                )
            )


def _str_set(value: Iterable[str]) -> frozenset[str]:
    return _c.freeze(value, frozenset)


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return _c.freeze(value, tuple)


def _obligation_set(value: Iterable[Obligation]) -> frozenset[Obligation]:
    return _c.freeze(value, frozenset)


def _optional_str_set(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else _str_set(value)


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


def _commitment_item(problems: list[Problem], path: str, value: object) -> bool:
    if type(value) is not Commitment:
        problems.append(Problem(path, f"expected a Commitment, got {_c.type_name(value)}"))
        return False
    return True


def _status_item(problems: list[Problem], path: str, value: object) -> bool:
    if type(value) is not StatusSpell:
        problems.append(Problem(path, f"expected a StatusSpell, got {_c.type_name(value)}"))
        return False
    return True


class _Displayed:
    """Notebook displays, shared by the values an analyst looks at: ``_repr_html_``
    for Jupyter and ``_repr_pretty_`` for IPython, both drawn by
    :mod:`coalitions.display` (imported on first use, so ``import coalitions``
    pays nothing for it).

    >>> "<table>" in State(code="FIN", name="Finland")._repr_html_()
    True
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        from coalitions import display

        return display.html(self)

    def _repr_pretty_(self, p: Printer, cycle: bool) -> None:
        from coalitions import display

        display.pretty(self, p, cycle)


# --- the model


@attrs.frozen(repr=False, kw_only=True)
class State(_Displayed):
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
class Commitment:
    """What one member owes one other member, where it differs from what it owes the rest.

    A member's obligations are owed to every other member unless its spell lists
    a commitment ``toward`` a state: toward that state they are exactly
    ``obligations`` (an empty set: nothing). This is how ATOP's asymmetric
    alliances are coded, pair by pair: a guarantor defends the guaranteed, not
    its fellow guarantors.

    >>> Commitment(toward="GBR", obligations=[Obligation.CONSULTATION])
    Commitment(toward='GBR', obligations=frozenset({<Obligation.CONSULTATION: 'consultation'>}))
    >>> Commitment(toward="gb")
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: toward: 'gb' is not a state code (three upper-case letters, like 'USA')
    """

    toward: str
    obligations: frozenset[Obligation] = attrs.field(default=frozenset(), converter=_obligation_set)

    def __attrs_post_init__(self) -> None:
        if not (_commitment_types_ok(self) and _commitment_holds(self)):
            _c.raise_if(self._problems())

    def _problems(self) -> list[Problem]:
        """Every problem with this object, each with its path."""
        problems: list[Problem] = []
        _check_state_code(problems, "toward", self.toward)
        _c.check_collection(problems, "obligations", self.obligations, frozenset, _obligation_item)
        return problems

    __repr__ = _c.compact_repr


@attrs.frozen(repr=False, kw_only=True)
class StatusSpell:
    """A stretch of a membership during which it is suspended or frozen: ``[since, until)``.

    With ``toward`` left as ``None`` the whole participation is affected: the
    member stays listed but binds no one and is bound by no one. With a set of
    state codes, only the obligations between this member and those states are
    suspended, both ways (the United States suspended its ANZUS obligations
    toward New Zealand in 1986; Australia's to both stood).

    >>> freeze = StatusSpell(status=Status.FROZEN, since=dt.date(2024, 2, 22))
    >>> freeze.active_on(dt.date(2025, 1, 1))
    True
    >>> StatusSpell(status=Status.SUSPENDED, since=dt.date(2021, 6, 1), until=dt.date(2021, 6, 1))
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: until: must be after since (2021-06-01)
    """

    status: Status
    since: dt.date
    until: dt.date | None = None
    toward: frozenset[str] | None = attrs.field(default=None, converter=_optional_str_set)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    since_precision: Precision = Precision.DAY
    until_precision: Precision = Precision.DAY

    def __attrs_post_init__(self) -> None:
        if not (_status_spell_types_ok(self) and _status_spell_holds(self)):
            _c.raise_if(self._problems())

    def _problems(self) -> list[Problem]:
        """Every problem with this object, each with its path."""
        problems: list[Problem] = []
        _c.check_enum(problems, "status", self.status, Status)
        since_ok = _check_date(
            problems, "since", self.since, self.since_precision, "since_precision"
        )
        until_ok = _check_optional_date(
            problems, "until", self.until, self.until_precision, "until_precision"
        )
        if since_ok and until_ok and self.until is not None and self.until <= self.since:
            problems.append(Problem("until", f"must be after since ({self.since.isoformat()})"))
        if self.toward is not None:
            ok = _c.check_collection(problems, "toward", self.toward, frozenset, _check_state_code)
            if ok and not self.toward:
                problems.append(
                    Problem("toward", "must name at least one state (leave it out for everyone)")
                )
        _c.check_collection(problems, "sources", self.sources, tuple, _c.check_text)
        return problems

    def active_on(self, day: dt.date) -> bool:
        """Whether the status holds on ``day`` (``since <= day < until``)."""
        return self.since <= day and (self.until is None or day < self.until)

    def covers(self, other: str) -> bool:
        """Whether the status applies between its member and ``other``.

        >>> StatusSpell(status=Status.SUSPENDED, since=dt.date(1986, 8, 11), toward=["NZL"]).covers("AUS")
        False
        """
        return self.toward is None or other in self.toward

    __repr__ = _c.compact_repr


def _commitment_tuple(value: Iterable[Commitment]) -> tuple[Commitment, ...]:
    return _c.freeze(value, tuple)


def _status_tuple(value: Iterable[StatusSpell]) -> tuple[StatusSpell, ...]:
    return _c.freeze(value, tuple)


@attrs.frozen(repr=False, kw_only=True)
class Membership(_Displayed):
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
    toward: tuple[Commitment, ...] = attrs.field(default=(), converter=_commitment_tuple)
    statuses: tuple[StatusSpell, ...] = attrs.field(default=(), converter=_status_tuple)

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
        self._check_toward(problems)
        self._check_statuses(problems, since_ok, until_ok)
        return problems

    def _check_toward(self, problems: list[Problem]) -> None:
        if not _c.check_collection(problems, "toward", self.toward, tuple, _commitment_item):
            return
        seen: dict[str, int] = {}
        for index, commitment in enumerate(self.toward):
            if commitment.toward == self.state:
                problems.append(
                    Problem(f"toward[{index}].toward", f"{self.state} cannot owe itself")
                )
            elif commitment.toward in seen:
                problems.append(
                    Problem(
                        f"toward[{index}].toward",
                        f"{commitment.toward} is already listed at toward[{seen[commitment.toward]}]",
                    )
                )
            else:
                seen[commitment.toward] = index

    def _check_statuses(self, problems: list[Problem], since_ok: bool, until_ok: bool) -> None:
        if not _c.check_collection(problems, "statuses", self.statuses, tuple, _status_item):
            return
        for index, status in enumerate(self.statuses):
            where = f"statuses[{index}]"
            if since_ok and status.since < self.since:
                problems.append(
                    Problem(
                        f"{where}.since",
                        f"is before the membership began ({self.since.isoformat()})",
                    )
                )
            if until_ok and self.until is not None:
                if status.until is None:
                    problems.append(
                        Problem(
                            f"{where}.until",
                            f"is open, but the membership ended on {self.until.isoformat()};"
                            " give an until date",
                        )
                    )
                elif status.until > self.until:
                    problems.append(
                        Problem(
                            f"{where}.until",
                            f"is after the membership ended ({self.until.isoformat()})",
                        )
                    )
            if status.toward is not None and self.state in status.toward:
                problems.append(
                    Problem(f"{where}.toward", f"names the member itself ({self.state})")
                )
        for (i, first), (j, second) in itertools.combinations(enumerate(self.statuses), 2):
            scopes_meet = (
                first.toward is None
                or second.toward is None
                or not first.toward.isdisjoint(second.toward)
            )
            if scopes_meet and _share_a_day(first.since, first.until, second.since, second.until):
                problems.append(
                    Problem(
                        f"statuses[{j}]",
                        f"overlaps statuses[{i}] (from {first.since.isoformat()});"
                        " status spells of one member must not share a day",
                    )
                )

    def status_on(self, day: dt.date, other: str | None = None) -> StatusSpell | None:
        """The status spell in effect on ``day`` (for the whole membership, or,
        with ``other``, between this member and that state), if any.

        >>> spell = Membership(state="ARM", since=dt.date(1994, 4, 20), statuses=[
        ...     StatusSpell(status=Status.FROZEN, since=dt.date(2024, 2, 22))])
        >>> spell.status_on(dt.date(2024, 1, 1)) is None, spell.status_on(dt.date(2024, 3, 1)).status
        (True, <Status.FROZEN: 'frozen'>)
        """
        for status in self.statuses:
            if status.active_on(day) and (
                status.toward is None or (other is not None and other in status.toward)
            ):
                return status
        return None

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
    _check_references(problems, path, spells, owner, set(by_state))
    return spells


def _check_references(
    problems: list[Problem], path: str, spells: tuple[Any, ...], owner: str, states: set[str]
) -> None:
    """Commitments and status spells may name only states that hold a spell here."""
    for index, spell in enumerate(spells):
        if not isinstance(spell, Membership):
            continue
        if isinstance(spell.toward, tuple):
            for number, commitment in enumerate(spell.toward):
                if isinstance(commitment, Commitment) and commitment.toward not in states:
                    problems.append(
                        Problem(
                            f"{path}[{index}].toward[{number}].toward",
                            f"{commitment.toward} is not a member of this {owner}",
                        )
                    )
        if isinstance(spell.statuses, tuple):
            for number, status in enumerate(spell.statuses):
                if not isinstance(status, StatusSpell) or status.toward is None:
                    continue
                for code in sorted(status.toward - states):
                    problems.append(
                        Problem(
                            f"{path}[{index}].statuses[{number}].toward[{code!r}]",
                            f"{code} is not a member of this {owner}",
                        )
                    )


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
    _check_external_ids(problems, obj.external_ids)


def _obligations_of(
    membership: Membership, default: frozenset[Obligation]
) -> frozenset[Obligation]:
    if membership.obligations is not None:
        return membership.obligations
    return default if membership.role is Role.MEMBER else frozenset()


@attrs.frozen(repr=False, kw_only=True)
class Agreement(_Displayed):
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
    #: What the sources establish about entry into force; ``None``: inferred
    #: from ``in_force`` (a date: established; none: pending). See :attr:`force_status`.
    in_force_status: ForceStatus | None = None
    #: Its identifiers in research datasets, such as ``{"atop": "3180"}``.
    external_ids: ExternalIds = attrs.field(default=_NO_IDS, converter=_external_ids)

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
        if self.in_force_status is not None and _c.check_enum(
            problems, "in_force_status", self.in_force_status, ForceStatus
        ):
            status = self.in_force_status
            if status is ForceStatus.ESTABLISHED and self.in_force is None:
                problems.append(
                    Problem("in_force", "is not given, but in_force_status is 'established'")
                )
            elif status is not ForceStatus.ESTABLISHED and self.in_force is not None:
                problems.append(
                    Problem(
                        "in_force_status",
                        f"is {status.value!r}, but in_force gives a date"
                        f" ({self.in_force.isoformat()}); a dated entry into force is established",
                    )
                )
            if status is ForceStatus.NON_BINDING:
                self._check_binds_nothing(problems)
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

    def _check_binds_nothing(self, problems: list[Problem]) -> None:
        message = "a non-binding declaration carries no obligations"
        if self.obligations:
            problems.append(Problem("obligations", message))
        if not isinstance(self.parties, tuple):
            return
        for index, spell in enumerate(self.parties):
            if not isinstance(spell, Membership):
                continue
            if spell.obligations:
                problems.append(Problem(f"parties[{index}].obligations", message))
            for number, commitment in enumerate(spell.toward):
                if isinstance(commitment, Commitment) and commitment.obligations:
                    problems.append(
                        Problem(f"parties[{index}].toward[{number}].obligations", message)
                    )

    @property
    def start(self) -> dt.date:
        """When the agreement's life begins: its signature."""
        return self.signed

    @property
    def end(self) -> dt.date | None:
        """When it ended, or ``None`` while it lasts."""
        return self.ended

    @property
    def force_status(self) -> ForceStatus:
        """What is established about entry into force: ``in_force_status`` if
        given, else ``ESTABLISHED`` with a date and ``PENDING`` without.

        >>> day = dt.date(2025, 9, 17)
        >>> pact = Agreement(
        ...     id="SAU-PAK-SMDA", name="Strategic Mutual Defence Agreement", signed=day,
        ...     parties=[Membership(state=c, since=day) for c in ("SAU", "PAK")],
        ...     in_force_status=ForceStatus.NOT_ESTABLISHED,
        ... )
        >>> pact.force_status.describe()
        'entry into force not established'
        """
        if self.in_force_status is not None:
            return self.in_force_status
        return ForceStatus.PENDING if self.in_force is None else ForceStatus.ESTABLISHED

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the agreement is known to be in force on ``day`` (entered into force, not ended)."""
        return (
            self.in_force is not None
            and self.in_force <= day
            and (self.ended is None or day < self.ended)
        )

    def force_on(self, day: dt.date) -> ForceStatus | None:
        """Where entry into force stands on ``day``: ``ESTABLISHED`` once in force,
        ``PENDING`` while signed but not yet in force, ``NOT_ESTABLISHED`` where the
        sources do not say; ``None`` before signature or once ended.

        >>> day = dt.date(2024, 6, 19)
        >>> pact = Agreement(
        ...     id="RUS-PRK-2024", name="Treaty on Comprehensive Strategic Partnership",
        ...     parties=[Membership(state=c, since=day) for c in ("RUS", "PRK")],
        ...     signed=day, in_force=dt.date(2024, 12, 4), obligations=[Obligation.DEFENSE],
        ... )
        >>> pact.force_on(dt.date(2024, 7, 1)), pact.force_on(dt.date(2024, 12, 4))
        (<ForceStatus.PENDING: 'pending'>, <ForceStatus.ESTABLISHED: 'established'>)
        """
        if day < self.signed or (self.ended is not None and day >= self.ended):
            return None
        if self.in_force is not None:
            return ForceStatus.ESTABLISHED if self.in_force <= day else ForceStatus.PENDING
        return self.force_status

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

    def __repr__(self) -> str:
        from coalitions import display

        return display.summary(self)


class Grouping(_Displayed):
    """What :class:`Alliance` and :class:`Minilateral` have in common: a named
    grouping of states with a lifetime, ``[founded, dissolved)``, and members.

    It is never made itself: ``isinstance(x, Grouping)`` tells the two apart from
    an :class:`Agreement`, and :meth:`Landscape.grouping
    <coalitions.Landscape.grouping>` returns one.

    >>> issubclass(Alliance, Grouping), issubclass(Minilateral, Grouping)
    (True, True)
    """

    __slots__ = ()

    if TYPE_CHECKING:  # the fields both subclasses declare, for the type checker
        id: str
        name: str
        founded: dt.date
        members: tuple[Membership, ...]
        dissolved: dt.date | None
        domains: frozenset[str]
        sources: tuple[str, ...]
        founded_precision: Precision
        dissolved_precision: Precision
        roster_complete: bool
        external_ids: ExternalIds

        def obligations_of(self, membership: Membership) -> frozenset[Obligation]: ...

    def __repr__(self) -> str:
        from coalitions import display

        return display.summary(self)

    @property
    def start(self) -> dt.date:
        """When the grouping's life begins: its founding."""
        return self.founded

    @property
    def end(self) -> dt.date | None:
        """When it was dissolved, or ``None`` while it lasts."""
        return self.dissolved


@attrs.frozen(repr=False, kw_only=True)
class Alliance(Grouping):
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
    #: False where the sources list only some members: counts are then lower bounds.
    roster_complete: bool = True
    #: Its identifiers in research datasets, such as ``{"atop": "3180"}``.
    external_ids: ExternalIds = attrs.field(default=_NO_IDS, converter=_external_ids)

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


def _check_lifetime(problems: list[Problem], obj: Alliance | Minilateral) -> tuple[bool, bool]:
    if type(obj.roster_complete) is not bool:
        problems.append(
            Problem(
                "roster_complete",
                f"expected True or False, got {_c.type_name(obj.roster_complete)}"
                f" {obj.roster_complete!r}",
            )
        )
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
class Minilateral(Grouping):
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
    #: False where the sources list only some members: counts are then lower bounds.
    roster_complete: bool = True
    #: Its identifiers in research datasets, such as ``{"atop": "3180"}``.
    external_ids: ExternalIds = attrs.field(default=_NO_IDS, converter=_external_ids)

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



#: Constructors for the JSON loader, which proves the type of every value
#: itself: they skip the converters and type checks but keep every rule
#: (see :func:`coalitions._checks.trusted_builder`).
_TRUSTED: dict[type, Callable[..., Any]] = {}
_quick.bind_classes(
    Commitment=Commitment, ExternalIds=ExternalIds, Membership=Membership, StatusSpell=StatusSpell
)

_RULES: list[tuple[type[Any], Callable[[Any], bool]]] = [
    (State, _state_holds),
    (Domain, _domain_holds),
    (Commitment, _commitment_holds),
    (StatusSpell, _status_spell_holds),
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
