"""coalitions: typed, immutable models of the world's defence cooperation.

>>> import coalitions
>>> coalitions.Obligation.DEFENSE.value
'defense'
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

import _coalitions_hypothesis
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
from coalitions.ties import Strength, Tie, TieKind

if _TYPE_CHECKING:
    from coalitions import domains, registry
    from coalitions.citations import cite
    from coalitions.reference import reference_landscape
    from coalitions.schema import json_schema
    from coalitions.serialization import dump, dumps, load, loads, make_converter

# Imported on first use (PEP 562), so that ``import coalitions`` does not pay
# for JSON (orjson, cattrs), the registry's data files, the reference landscape
# or the schema until they are asked for: name -> (module, attribute or None
# for the module itself).
_LAZY: dict[str, tuple[str, str | None]] = {
    "domains": ("coalitions.domains", None),
    "registry": ("coalitions.registry", None),
    "cite": ("coalitions.citations", "cite"),
    "reference_landscape": ("coalitions.reference", "reference_landscape"),
    "json_schema": ("coalitions.schema", "json_schema"),
    "dump": ("coalitions.serialization", "dump"),
    "dumps": ("coalitions.serialization", "dumps"),
    "load": ("coalitions.serialization", "load"),
    "loads": ("coalitions.serialization", "loads"),
    "make_converter": ("coalitions.serialization", "make_converter"),
}

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
        value = __getattr__("make_converter")()
        globals()["converter"] = value
        return value
    if name in _LAZY:
        module_name, attribute = _LAZY[name]
        module = _importlib.import_module(module_name)
        value = module if attribute is None else getattr(module, attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'coalitions' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


# With Hypothesis already imported, register the strategies now (it does not
# import coalitions itself, to stay cheap: see _coalitions_hypothesis).
_coalitions_hypothesis.register_if_hypothesis()
