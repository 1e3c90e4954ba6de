"""coalitions: typed, immutable models of the world's defence cooperation.

>>> import coalitions
>>> coalitions.Obligation.DEFENSE.value
'defense'
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

import _coalitions_hypothesis
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
from coalitions.serialization import dump, dumps, load, loads, make_converter
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
    "converter",
    "domains",
    "dump",
    "dumps",
    "json_schema",
    "load",
    "loads",
    "make_converter",
    "reference_landscape",
    "registry",
]

__version__ = "0.2.0.dev0"

if _TYPE_CHECKING:
    import cattrs

    #: A cattrs converter for your own attrs classes that hold ours (made on first use).
    converter: cattrs.Converter


def __getattr__(name: str) -> _Any:
    # ``coalitions.converter`` is built on first use: most programs never need it.
    if name == "converter":
        value = make_converter()
        globals()["converter"] = value
        return value
    raise AttributeError(f"module 'coalitions' has no attribute {name!r}")

# With Hypothesis already imported, register the strategies now (it does not
# import coalitions itself, to stay cheap: see _coalitions_hypothesis).
_coalitions_hypothesis.register_if_hypothesis()
