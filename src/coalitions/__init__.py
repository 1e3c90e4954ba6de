"""coalitions: typed, immutable models of the world's defence cooperation.

>>> import coalitions
>>> coalitions.Obligation.DEFENSE.value
'defense'
"""

from coalitions import domains, registry
from coalitions.citations import cite
from coalitions.errors import (
    CoalitionsError,
    CoverageWarning,
    Problem,
    UnknownEntityError,
    ValidationError,
)
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
    Grouping,
    Membership,
    Minilateral,
    Obligation,
    Precision,
    Role,
    State,
    Status,
    StatusSpell,
)
from coalitions.reference import reference_landscape
from coalitions.schema import json_schema
from coalitions.serialization import dump, dumps, load, loads
from coalitions.ties import Strength, Tie, TieKind

__all__ = [
    "Agreement",
    "AgreementKind",
    "Alliance",
    "CoalitionsError",
    "Commitment",
    "CoverageWarning",
    "Diff",
    "Domain",
    "Event",
    "EventKind",
    "ExternalIds",
    "ForceStatus",
    "Formality",
    "Grouping",
    "Landscape",
    "Membership",
    "Minilateral",
    "Obligation",
    "Precision",
    "Problem",
    "Role",
    "State",
    "Status",
    "StatusSpell",
    "Strength",
    "Tie",
    "TieKind",
    "UnknownEntityError",
    "ValidationError",
    "cite",
    "domains",
    "dump",
    "dumps",
    "json_schema",
    "load",
    "loads",
    "reference_landscape",
    "registry",
]

__version__ = "0.2.0.dev0"
