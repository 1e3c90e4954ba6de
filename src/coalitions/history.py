"""History as a sequence of events: what happened, to what, to whom, and when.

:meth:`Landscape.events <coalitions.Landscape.events>` lists them in order;
:meth:`Landscape.diff <coalitions.Landscape.diff>` groups those between two
dates. Replaying events up to a day rebuilds every membership on that day.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs

from coalitions.errors import Problem, ValidationError
from coalitions.model import Agreement, Grouping, Membership, Precision, Role, Status, _Displayed

__all__ = ["Diff", "Event", "EventKind"]


class EventKind(enum.Enum):
    """What an :class:`Event` records.

    On one day, events sort in this order, so that a state leaving and rejoining
    on the same day replays correctly, nothing joins a grouping before it exists,
    and a membership is suspended only once it has begun.

    ``SUSPENDED``, ``FROZEN`` and ``REINSTATED`` come from status spells that
    cover a whole membership (``StatusSpell.toward`` left as ``None``): the
    spell begins and ends. A status that ends because the membership ends
    gives no ``REINSTATED`` event, only ``LEFT``. Suspensions toward particular
    states change ties, not memberships: :meth:`Landscape.ties
    <coalitions.Landscape.ties>` shows them, events do not.

    >>> [k.value for k in EventKind]
    ['founded', 'signed', 'entered_into_force', 'reinstated', 'left', 'joined', 'suspended', 'frozen', 'ended', 'dissolved']
    """

    FOUNDED = "founded"
    SIGNED = "signed"
    ENTERED_INTO_FORCE = "entered_into_force"
    REINSTATED = "reinstated"
    LEFT = "left"
    JOINED = "joined"
    SUSPENDED = "suspended"
    FROZEN = "frozen"
    ENDED = "ended"
    DISSOLVED = "dissolved"


_ORDER = {kind: position for position, kind in enumerate(EventKind)}
#: The kinds that say how a membership stands, not whether it exists.
_STATUS_KINDS = frozenset({EventKind.SUSPENDED, EventKind.FROZEN, EventKind.REINSTATED})
_STATUS_EVENT = {Status.SUSPENDED: EventKind.SUSPENDED, Status.FROZEN: EventKind.FROZEN}


@attrs.frozen(kw_only=True)
class Event(_Displayed):
    """One change: a grouping founded or dissolved, an agreement signed, entering
    into force or ended, or a state joining, leaving, being suspended, frozen or
    reinstated (``state`` and ``role`` set).

    >>> e = Event(date=dt.date(2024, 3, 7), kind=EventKind.JOINED, subject="NATO", state="SWE",
    ...           role=Role.MEMBER)
    >>> e.describe()
    '2024-03-07  SWE joined NATO'
    >>> Event(date=dt.date(2024, 2, 22), kind=EventKind.FROZEN, subject="CSTO",
    ...       state="ARM").describe()
    '2024-02-22  ARM frozen in CSTO'
    """

    date: dt.date
    kind: EventKind
    subject: str
    state: str | None = None
    role: Role | None = None
    precision: Precision = Precision.DAY

    def __attrs_post_init__(self) -> None:
        if not (
            type(self.date) is dt.date
            and type(self.kind) is EventKind
            and type(self.subject) is str
            and (self.state is None or type(self.state) is str)
            and (self.role is None or type(self.role) is Role)
            and type(self.precision) is Precision
        ):
            _raise_for_types(
                self,
                date=dt.date,
                kind=EventKind,
                subject=str,
                state=(str, None),
                role=(Role, None),
                precision=Precision,
            )

    def describe(self) -> str:
        """One readable line: the date (as precise as known) and what happened."""
        when = self.precision.describe(self.date)
        if self.state is None:
            return f"{when}  {self.subject} {self.kind.value.replace('_', ' ')}"
        role = "" if self.role is None or self.role is Role.MEMBER else f" as {self.role.value}"
        verb = f"{self.kind.value} in" if self.kind in _STATUS_KINDS else self.kind.value
        return f"{when}  {self.state} {verb} {self.subject}{role}"

    def sort_key(self) -> tuple[dt.date, int, str, str]:
        """Chronological, then by kind (see :class:`EventKind`), subject and state.

        >>> day = dt.date(2020, 1, 31)
        >>> left = Event(date=day, kind=EventKind.LEFT, subject="EU-42-7", state="GBR")
        >>> joined = Event(date=day, kind=EventKind.JOINED, subject="X", state="AAA")
        >>> [e.kind.value for e in sorted([joined, left], key=Event.sort_key)]
        ['left', 'joined']
        """
        return (self.date, _ORDER[self.kind], self.subject, self.state or "")


def _raise_for_types(obj: object, **wanted: type | tuple[type | None, ...]) -> None:
    """Raise a :class:`ValidationError` naming each field of ``obj`` of the wrong type."""
    problems = []
    for name, kinds in wanted.items():
        value = getattr(obj, name)
        allowed = kinds if isinstance(kinds, tuple) else (kinds,)
        if not any(value is None if k is None else type(value) is k for k in allowed):
            names = " or ".join("None" if k is None else k.__name__ for k in allowed)
            problems.append(
                Problem(name, f"expected {names}, got {type(value).__name__} {value!r}")
            )
    raise ValidationError(problems)


def entity_events(entity: Agreement | Grouping) -> Iterator[Event]:
    """Every event in the life of one grouping or agreement, unordered."""
    if isinstance(entity, Agreement):
        yield Event(
            date=entity.signed,
            kind=EventKind.SIGNED,
            subject=entity.id,
            precision=entity.signed_precision,
        )
        if entity.in_force is not None:
            yield Event(
                date=entity.in_force,
                kind=EventKind.ENTERED_INTO_FORCE,
                subject=entity.id,
                precision=entity.in_force_precision,
            )
        if entity.ended is not None:
            yield Event(
                date=entity.ended,
                kind=EventKind.ENDED,
                subject=entity.id,
                precision=entity.ended_precision,
            )
        spells: tuple[Membership, ...] = entity.parties
    else:
        yield Event(
            date=entity.founded,
            kind=EventKind.FOUNDED,
            subject=entity.id,
            precision=entity.founded_precision,
        )
        if entity.dissolved is not None:
            yield Event(
                date=entity.dissolved,
                kind=EventKind.DISSOLVED,
                subject=entity.id,
                precision=entity.dissolved_precision,
            )
        spells = entity.members
    for spell in spells:
        yield Event(
            date=spell.since,
            kind=EventKind.JOINED,
            subject=entity.id,
            state=spell.state,
            role=spell.role,
            precision=spell.since_precision,
        )
        if spell.until is not None:
            yield Event(
                date=spell.until,
                kind=EventKind.LEFT,
                subject=entity.id,
                state=spell.state,
                role=spell.role,
                precision=spell.until_precision,
            )
        for status in spell.statuses:
            if status.toward is not None:  # a change to some ties, not to the membership
                continue
            yield Event(
                date=status.since,
                kind=_STATUS_EVENT[status.status],
                subject=entity.id,
                state=spell.state,
                role=spell.role,
                precision=status.since_precision,
            )
            if status.until is not None and status.until != spell.until:
                yield Event(
                    date=status.until,
                    kind=EventKind.REINSTATED,
                    subject=entity.id,
                    state=spell.state,
                    role=spell.role,
                    precision=status.until_precision,
                )


@attrs.frozen(kw_only=True, repr=False)
class Diff(_Displayed):
    """What changed after ``start`` and up to and including ``end``, by kind of change.

    Each field is a chronological tuple of :class:`Event`.

    >>> Diff(start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31)).is_empty()
    True
    """

    start: dt.date
    end: dt.date
    joined: tuple[Event, ...] = ()
    left: tuple[Event, ...] = ()
    founded: tuple[Event, ...] = ()
    dissolved: tuple[Event, ...] = ()
    signed: tuple[Event, ...] = ()
    entered_into_force: tuple[Event, ...] = ()
    ended: tuple[Event, ...] = ()
    suspended: tuple[Event, ...] = ()
    frozen: tuple[Event, ...] = ()
    reinstated: tuple[Event, ...] = ()

    def __attrs_post_init__(self) -> None:
        problems = []
        for name in ("start", "end"):
            value = getattr(self, name)
            if type(value) is not dt.date:
                problems.append(
                    Problem(name, f"expected a datetime.date, got {type(value).__name__} {value!r}")
                )
        for field in attrs.fields(Diff)[2:]:
            value = getattr(self, field.name)
            if not isinstance(value, tuple) or not all(type(e) is Event for e in value):
                problems.append(
                    Problem(field.name, f"expected a tuple of Event, got {type(value).__name__}")
                )
        if not problems and self.end < self.start:
            problems.append(Problem("end", f"is before start ({self.start.isoformat()})"))
        if problems:
            raise ValidationError(problems)

    def __repr__(self) -> str:
        from coalitions import display

        return display.summary(self)

    def is_empty(self) -> bool:
        """Whether nothing changed.

        >>> e = Event(date=dt.date(2024, 3, 7), kind=EventKind.JOINED, subject="NATO", state="SWE")
        >>> Diff(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), joined=(e,)).is_empty()
        False
        """
        return not any(self.events())

    def events(self) -> tuple[Event, ...]:
        """All the changes together, in chronological order.

        >>> d = dt.date
        >>> a = Event(date=d(2023, 4, 4), kind=EventKind.JOINED, subject="NATO", state="FIN")
        >>> b = Event(date=d(2024, 3, 7), kind=EventKind.JOINED, subject="NATO", state="SWE")
        >>> [e.state for e in Diff(start=d(2023, 1, 1), end=d(2024, 12, 31), joined=(b, a)).events()]
        ['FIN', 'SWE']
        """
        every = (
            *self.joined,
            *self.left,
            *self.founded,
            *self.dissolved,
            *self.signed,
            *self.entered_into_force,
            *self.ended,
            *self.suspended,
            *self.frozen,
            *self.reinstated,
        )
        return tuple(sorted(every, key=Event.sort_key))
