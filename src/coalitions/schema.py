"""A JSON Schema for the JSON format, generated from the model itself.

:func:`json_schema` walks the attrs fields and type hints of a model class and
the classes it contains, so the schema follows the model as it changes. It
describes what :func:`~coalitions.loads` accepts and :func:`~coalitions.dumps`
writes, key by key: types, required keys, enum values, date forms, the
patterns of codes, keys and ids, and how a date must agree with its
``*_precision`` sibling. It cannot see the rules that compare values or
objects (``until`` after ``since``, spells that overlap, references that
resolve, ids that repeat): a document that passes the schema can still be
refused by :func:`~coalitions.loads`. Sets are arrays with ``uniqueItems``:
both the schema and loads refuse one that repeats an item.

Patterns are ECMA-262 regular expressions, as JSON Schema asks, written to
mean the same under Python's :mod:`re`. One difference remains: in validators
built on :mod:`re` (``jsonschema`` among them) ``$`` also matches before a
final newline, so they accept ``"USA\\n"`` as a state code, which the model
refuses.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import functools
import inspect
import re
import types
import unicodedata
from typing import Any, Union, get_args, get_origin

import attrs

from coalitions import _checks, _quick
from coalitions.landscape import Landscape
from coalitions.model import (
    Agreement,
    Alliance,
    Commitment,
    Domain,
    ExternalIds,
    Membership,
    Minilateral,
    Precision,
    State,
    StatusSpell,
)
from coalitions.serialization import _FAST, MODEL_CLASSES

__all__ = ["json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_ROLE = re.compile(r":[a-z]+:`~?([^`]*)`")

# A calendar date, year 0001 to 9999, as loads reads it: months of 30 and 31
# days, and 29 February only in a leap year (every fourth year, but of the
# century years only those divisible by 400). A pattern, not only the "date"
# format, so that a validator without a format checker refuses 2023-02-30 too.
_YEAR = "(?!0000)[0-9]{4}"
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_DATE_PATTERN = (
    "^(?:"
    f"{_YEAR}-(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    f"|{_YEAR}-(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    f"|{_YEAR}-02-(?:0[1-9]|1[0-9]|2[0-8])"
    f"|{_LEAP_YEAR}-02-29"
    ")(?!\n)$"
)
_DATE: dict[str, Any] = {
    "type": "string",
    "format": "date",
    "pattern": _DATE_PATTERN,
}

# What a date must look like when its precision is reduced: the first day of its period.
_FIRST_DAY: dict[Precision, str] = {
    Precision.MONTH: "^[0-9]{4}-[0-9]{2}-01$",
    Precision.YEAR: "^[0-9]{4}-01-01$",
}


def _character_class(chars: list[str]) -> str:
    """The characters as a regex class body, consecutive code points as ranges."""
    parts: list[str] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        parts.append(chars[i] if i == j else f"{chars[i]}-{chars[j]}")
        i = j + 1
    return "".join(parts)


# Exactly the characters the model counts as invisible (whitespace, control
# and format characters, in the Basic Multilingual Plane), written literally
# rather than as \s, whose meaning differs between Python and ECMA-262: "not
# blank" means the same to every validator as to the model.
@functools.cache
def _text() -> dict[str, Any]:
    """Non-blank text. Built on first use: finding the blanks scans 65,536 code points."""
    invisible = _character_class(
        [chr(c) for c in range(0x10000) if _is_invisible(chr(c)) and not 0xD800 <= c <= 0xDFFF]
    )
    return {
        "type": "string",
        "minLength": 1,
        "pattern": f"[^{invisible}\ud800-\udfff]",
        "description": "Text with at least one visible character: not only whitespace,"
        " control or format characters.",
    }


def _is_invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in _checks.INVISIBLE


def _identifier(pattern: str, description: str) -> dict[str, Any]:
    # The model matches the whole string (re.fullmatch) and caps the length. In
    # Python's re (which Python validators use), "$" also matches before a final
    # newline; "(?!\n)" makes "USA\n" fail there as in ECMA-262.
    return {
        "type": "string",
        "pattern": f"^(?:{pattern})(?!\n)$",
        "maxLength": _checks.MAX_ID_LENGTH,
        "description": description,
    }


_STATE_CODE = _identifier(_quick.STATE_CODE.pattern, "A state code: three upper-case letters.")
_DOMAIN_KEY = _identifier(
    _quick.DOMAIN_KEY.pattern, "A domain key: a lower-case slug like 'maritime-security'."
)
_ENTITY_ID = _identifier(
    _quick.ENTITY_ID.pattern,
    "An id: letters and digits joined by '-', '_' or '.'"
    f", at most {_checks.MAX_ID_LENGTH} characters.",
)

# The constrained scalar of each field: it applies to the field's value, or to
# its items for a set or list. A str field not listed here is non-blank text.
_SCALARS: dict[tuple[type, str], dict[str, Any]] = {
    (State, "code"): _STATE_CODE,
    (State, "cow_code"): {
        "type": "integer",
        "minimum": 1,
        "maximum": 999,
        "description": "The Correlates of War state number.",
    },
    (Domain, "key"): _DOMAIN_KEY,
    (Domain, "parent"): _DOMAIN_KEY,
    (Membership, "state"): _STATE_CODE,
    (Commitment, "toward"): _STATE_CODE,
    (StatusSpell, "toward"): _STATE_CODE,
    (Agreement, "id"): _ENTITY_ID,
    (Agreement, "domains"): _DOMAIN_KEY,
    (Alliance, "id"): _ENTITY_ID,
    (Alliance, "domains"): _DOMAIN_KEY,
    (Alliance, "agreements"): _ENTITY_ID,
    (Minilateral, "id"): _ENTITY_ID,
    (Minilateral, "domains"): _DOMAIN_KEY,
}


def json_schema(cls: type = Landscape) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for the JSON form of ``cls``, a :class:`Landscape` unless told.

    The document refers to ``#/$defs/<cls name>`` and holds a definition for
    each model class and enum it uses. Each call returns a new dict.

    >>> from coalitions import Membership, json_schema
    >>> schema = json_schema(Membership)
    >>> schema["$ref"], sorted(schema["$defs"])
    ('#/$defs/Membership', ['Commitment', 'Membership', 'Obligation', 'Precision', 'Role', 'Status', 'StatusSpell'])
    >>> membership = schema["$defs"]["Membership"]
    >>> membership["required"], membership["additionalProperties"]
    (['state', 'since'], False)
    >>> membership["properties"]["state"]["pattern"]
    '^(?:[A-Z]{3})(?!\\n)$'
    >>> schema["$defs"]["Role"]["enum"]
    ['member', 'partner', 'observer']
    >>> membership["properties"]["role"]
    {'$ref': '#/$defs/Role', 'default': 'member'}
    """
    if cls not in MODEL_CLASSES:
        names = ", ".join(c.__name__ for c in MODEL_CLASSES)
        raise TypeError(f"cls must be one of {names}, got {cls!r}")
    defs: dict[str, Any] = {}
    _define(cls, defs)
    return {
        "$schema": DIALECT,
        "title": f"coalitions {cls.__name__}",
        "description": _first_line(cls),
        "$ref": f"#/$defs/{cls.__name__}",
        "$defs": defs,
    }


def _first_line(obj: object) -> str:
    """The first paragraph of a docstring, as plain text (no reST roles or backquotes)."""
    doc = inspect.getdoc(obj) or ""
    text = " ".join(doc.split("\n\n", 1)[0].split())
    return _ROLE.sub(r"\1", text).replace("``", "")


def _define(kind: type, defs: dict[str, Any]) -> str:
    """Add ``kind`` (and everything it uses) to ``defs``; return a reference to it."""
    ref = f"#/$defs/{kind.__name__}"
    if kind.__name__ in defs:
        return ref
    if issubclass(kind, enum.Enum):
        defs[kind.__name__] = {
            "title": kind.__name__,
            "description": _first_line(kind),
            "enum": [member.value for member in kind],
        }
        return ref
    defs[kind.__name__] = {}  # claimed first, in case a class ever contains itself
    defs[kind.__name__] = _object_schema(kind, defs)
    return ref


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    attrs.resolve_types(cls)
    # Fields outside __init__ (caches) are not part of the value; the converter skips them too.
    fields = [field for field in attrs.fields(cls) if field.init]
    names = {field.name for field in fields}
    unknown = sorted(name for owner, name in _SCALARS if owner is cls and name not in names)
    if unknown:  # the table above has drifted from the model
        raise RuntimeError(f"{cls.__name__} has no field {', '.join(unknown)}")

    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in fields:
        scalar = _SCALARS.get((cls, field.name))
        prop = _type_schema(field.type, scalar, defs)
        if field.default is attrs.NOTHING:
            required.append(field.name)
        else:
            # Written as dumps would write it; dumps leaves such a key out.
            prop["default"] = _FAST.unstructure(field.default, unstructure_as=field.type)
        properties[field.name] = prop

    schema: dict[str, Any] = {
        "title": cls.__name__,
        "description": _first_line(cls),
        "type": "object",
        "properties": properties,
    }
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    rules = _precision_rules(fields)
    if rules:
        schema["allOf"] = rules
    return schema


def _precision_rules(fields: list[attrs.Attribute[Any]]) -> list[dict[str, Any]]:
    """A date with reduced precision is the first day of its period, and is given."""
    types_by_name = {field.name: field.type for field in fields}
    rules: list[dict[str, Any]] = []
    for name, kind in types_by_name.items():
        marker = f"{name}_precision"
        if types_by_name.get(marker) is not Precision:
            continue
        if dt.date not in (kind, *get_args(kind)):
            raise TypeError(f"{marker} qualifies {name}, which is not a date")
        for precision in Precision:
            if precision is Precision.DAY:
                continue
            rules.append(
                {
                    "if": {
                        "properties": {marker: {"const": precision.value}},
                        "required": [marker],
                    },
                    "then": {
                        "properties": {name: {"type": "string", "pattern": _FIRST_DAY[precision]}},
                        "required": [name],
                    },
                }
            )
    return rules


def _type_schema(kind: Any, scalar: dict[str, Any] | None, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of a value of type ``kind``, ``scalar`` standing for its str or int leaves."""
    origin = get_origin(kind)
    args = get_args(kind)
    if origin is Union or origin is types.UnionType:
        others = [arg for arg in args if arg is not type(None)]
        if len(others) != 1 or len(args) != 2:
            raise TypeError(f"no JSON Schema for {kind!r}: only X | None unions are supported")
        # The converter reads null as None; dumps leaves None (the default) out.
        return {"anyOf": [_type_schema(others[0], scalar, defs), {"type": "null"}]}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {"type": "array", "items": _type_schema(args[0], scalar, defs)}
    if origin is frozenset and len(args) == 1:
        return {"type": "array", "items": _type_schema(args[0], scalar, defs), "uniqueItems": True}
    if kind is str:
        return copy.deepcopy(scalar if scalar is not None else _text())
    if kind is int:
        return copy.deepcopy(scalar if scalar is not None else {"type": "integer"})
    if kind is bool:
        return {"type": "boolean"}
    if kind is ExternalIds:
        return {
            "type": "object",
            "propertyNames": {
                **copy.deepcopy(_DOMAIN_KEY),
                "description": "A dataset name: a lower-case slug like 'atop'.",
            },
            "additionalProperties": {**_text(), "maxLength": _checks.MAX_ID_LENGTH},
            "description": "Identifiers in research datasets: dataset name to id.",
        }
    if kind is dt.date:
        return copy.deepcopy(_DATE)
    if isinstance(kind, type) and (issubclass(kind, enum.Enum) or kind in MODEL_CLASSES):
        return {"$ref": _define(kind, defs)}
    raise TypeError(f"no JSON Schema for {kind!r}")
