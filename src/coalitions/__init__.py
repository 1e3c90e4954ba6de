"""coalitions: typed, immutable models of the world's defence cooperation.

>>> import coalitions
>>> coalitions.Obligation.DEFENSE.value
'defense'
"""

from coalitions import domains, registry
from coalitions.errors import CoalitionsError, Problem, UnknownEntityError, ValidationError
from coalitions.history import Diff, Event, EventKind
from coalitions.landscape import Landscape
from coalitions.model import (
    Agreement,
    AgreementKind,
    Alliance,
    Domain,
    Formality,
    Grouping,
    Membership,
    Minilateral,
    Obligation,
    Precision,
    Role,
    State,
)
from coalitions.reference import reference_landscape
from coalitions.schema import json_schema
from coalitions.serialization import dump, dumps, load, loads

__all__ = [
    "Agreement",
    "AgreementKind",
    "Alliance",
    "CoalitionsError",
    "Diff",
    "Domain",
    "Event",
    "EventKind",
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
    "UnknownEntityError",
    "ValidationError",
    "domains",
    "dump",
    "dumps",
    "json_schema",
    "load",
    "loads",
    "reference_landscape",
    "registry",
]

__version__ = "0.1.0.dev0"
