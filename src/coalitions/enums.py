"""The enumerations of the model: closed vocabularies, each written as its value in JSON.

They live apart from the classes that use them so that the quick checks
(:mod:`coalitions._quick`) and the classes (:mod:`coalitions.model`) can both
read them without importing each other. Everything here is re-exported by
:mod:`coalitions.model` and :mod:`coalitions`.

>>> from coalitions.enums import Status
>>> Status("frozen")
<Status.FROZEN: 'frozen'>
"""

from __future__ import annotations

import datetime as dt
import enum

__all__ = [
    "AgreementKind",
    "ForceStatus",
    "Formality",
    "Obligation",
    "Precision",
    "Role",
    "Status",
]


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


class Status(enum.Enum):
    """How a member's participation stands while a :class:`~coalitions.StatusSpell` lasts.

    A ``SUSPENDED`` member was suspended by the grouping (the African Union and
    ECOWAS after coups) or suspended its own obligations; a ``FROZEN`` member
    stopped taking part on its own initiative without leaving (Armenia in the
    CSTO from 2024). Either way it stays listed as a member, but binds no one
    and is bound by no one while the spell lasts.

    >>> [s.value for s in Status]
    ['suspended', 'frozen']
    """

    SUSPENDED = "suspended"
    FROZEN = "frozen"


class ForceStatus(enum.Enum):
    """What the sources establish about an :class:`~coalitions.Agreement`'s entry into force.

    - ``ESTABLISHED``: the date is known (``in_force``); the agreement binds from then.
    - ``PENDING``: signed and known not to be in force yet; it binds no one.
    - ``NOT_ESTABLISHED``: signed; the sources do not say whether it is in force.
      Queries count it, and mark what they count (``strict=True`` leaves it out).
    - ``NON_BINDING``: a political declaration, which never enters into force: it
      takes effect on signature and carries no obligations.

    >>> ForceStatus("not_established").describe()
    'entry into force not established'
    """

    ESTABLISHED = "established"
    PENDING = "pending"
    NOT_ESTABLISHED = "not_established"
    NON_BINDING = "non_binding"

    def describe(self) -> str:
        """A short phrase for reports."""
        return {
            "established": "in force",
            "pending": "not yet in force",
            "not_established": "entry into force not established",
            "non_binding": "political declaration (non-binding)",
        }[self.value]
