"""JSON in and out, kept apart from the model.

One cattrs configuration does all of it: ISO dates, enums by value, sets as
sorted lists, default values left out on output, unknown keys refused on
input. It is built twice, in a fast mode for good input and a detailed mode
that runs only after a failure, to name the path of every problem at once.

The fast mode's hooks for the model classes are generated from the attrs
fields: in one pass, with no message built, they check the JSON type of every
value, then build each object with the model's trusted constructor, which
skips the type checks just done but keeps every rule. Anything they do not
take as it stands sends the input to the detailed mode, which reports exactly
what is wrong. ``dumps`` writes with orjson, from the same kind of generated
code, and falls back to the stdlib ``json`` for what orjson cannot write the
same way.

>>> import datetime as dt
>>> from coalitions import Membership, Precision
>>> m = Membership(state="TUR", since=dt.date(1952, 2, 1), since_precision=Precision.MONTH)
>>> dumps(m)
'{"state":"TUR","since":"1952-02-01","since_precision":"month"}'
>>> loads(dumps(m), cls=Membership) == m
True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import errno
import functools
import itertools
import json
import os
import re
import reprlib
import secrets
import stat
import types
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, overload

import attrs
import orjson

if TYPE_CHECKING:
    import cattrs

from coalitions._checks import Rejected
from coalitions._index import gc_paused
from coalitions.errors import CoalitionsError, Problem, ValidationError
from coalitions.landscape import Landscape
from coalitions.model import (
    _TRUSTED,
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

__all__ = ["dump", "dumps", "load", "loads", "make_converter"]

T = TypeVar("T")

#: The classes that can be written and read on their own.
MODEL_CLASSES: tuple[type, ...] = (
    State,
    Domain,
    Commitment,
    StatusSpell,
    Membership,
    Agreement,
    Alliance,
    Minilateral,
    Landscape,
)

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _BadValue(ValueError):
    """A leaf value of the wrong type or form; its message is shown as is."""


_SHORT = reprlib.Repr()
_SHORT.maxlevel = 2  # a value nested deep or long is shown in outline
_SHORT.maxstring = _SHORT.maxother = 50


def _describe(value: object) -> str:
    text = _SHORT.repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{_json_type(value)} {text}"


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    if type(value) in names:
        return names[type(value)]
    return "number" if isinstance(value, (int, float)) else type(value).__name__


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise _BadValue(f"expected a string, got {_describe(value)}")
    return value


def _structure_int(value: object, _: type) -> int:
    # JSON has one kind of number: 2.0 is the integer 2 (as JSON Schema says too).
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is not int:
        raise _BadValue(f"expected an integer, got {_describe(value)}")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise _BadValue(f"expected true or false, got {_describe(value)}")
    return value


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is not str or _ISO_DAY.fullmatch(value) is None:
        raise _BadValue(f"expected a date as 'YYYY-MM-DD', got {_describe(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _BadValue(f"{value!r} is not a calendar date") from None


class _BadEntries(ValueError):
    """Values of the wrong type in a JSON object read as a mapping, by key."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        super().__init__(entries)
        self.entries = entries


def _structure_ids(value: object, _: type) -> ExternalIds:
    if type(value) is not dict:
        raise _BadValue(f"expected an object of dataset names to ids, got {_describe(value)}")
    bad = [
        (key, f"expected a string, got {_describe(ident)}")
        for key, ident in value.items()
        if type(ident) is not str
    ]
    if bad:
        raise _BadEntries(bad)
    return ExternalIds(value)


def _unstructure_ids(ids: ExternalIds) -> dict[str, str]:
    return dict(sorted(ids.items()))  # sorted, so that equal values give equal text


def _make_enum_hook(kind: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    by_value = {member.value: member for member in kind}
    allowed = ", ".join(repr(v) for v in by_value)

    def structure_enum(value: object, _: type) -> enum.Enum:
        try:
            return by_value[value]
        except (KeyError, TypeError):
            raise _BadValue(f"expected one of {allowed}, got {_describe(value)}") from None

    return structure_enum


def _is_collection(kind: Any) -> bool:
    return get_origin(kind) in (tuple, frozenset)


def _build(detailed: bool) -> cattrs.Converter:
    # cattrs is imported here, not with the module: loads and dumps do not need
    # it for good input, and a program that never fails should not pay for it.
    import cattrs
    from cattrs.errors import IterableValidationError, IterableValidationNote
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

    _READERS.ensure()
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(ExternalIds, _structure_ids)
    converter.register_unstructure_hook(ExternalIds, _unstructure_ids)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook_factory(
        lambda kind: isinstance(kind, type) and issubclass(kind, enum.Enum), _make_enum_hook
    )
    converter.register_unstructure_hook_factory(
        lambda kind: isinstance(kind, type) and issubclass(kind, enum.Enum),
        lambda _kind: lambda member: member.value,
    )

    def collection_structure(kind: Any) -> Callable[[object, type], Any]:
        into = get_origin(kind)
        item_type = get_args(kind)[0]
        item_hook = converter.get_structure_hook(item_type)

        def structure_collection(value: object, _: type) -> Any:
            if type(value) is not list:
                raise _BadValue(f"expected an array, got {_describe(value)}")
            if not detailed:
                result = into(item_hook(item, item_type) for item in value)
                if len(result) != len(value):
                    raise _BadValue("items repeat; a set lists each item once")
                return result
            items, errors = [], []
            for index, item in enumerate(value):
                try:
                    items.append(item_hook(item, item_type))
                except Exception as exc:
                    exc.__notes__ = [  # type: ignore[attr-defined]
                        *getattr(exc, "__notes__", []),
                        IterableValidationNote(f"index {index}", index, item_type),
                    ]
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"while structuring {kind}", errors, kind)
            result = into(items)
            if len(result) != len(value):
                raise _BadValue("items repeat; a set lists each item once")
            return result

        return structure_collection

    def collection_unstructure(kind: Any) -> Callable[[Any], list[Any]]:
        item_type = get_args(kind)[0]
        item_hook = converter.get_unstructure_hook(item_type)
        if get_origin(kind) is frozenset:
            # Sets are written sorted, so that equal values give equal text.
            return lambda value: sorted(item_hook(item) for item in value)
        return lambda value: [item_hook(item) for item in value]

    converter.register_structure_hook_factory(_is_collection, collection_structure)
    converter.register_unstructure_hook_factory(_is_collection, collection_unstructure)

    for cls in MODEL_CLASSES:
        attrs.resolve_types(cls)
        if detailed or cls not in _READERS:
            generated: Any = make_dict_structure_fn(cls, converter)
            known = frozenset(f.name for f in attrs.fields(cls) if f.init)
            hook = _detailed_object_hook if detailed else _fast_object_hook
            converter.register_structure_hook(cls, functools.partial(hook, generated, known))
        else:
            converter.register_structure_hook(cls, _fast_hook(_READERS[cls]))
        converter.register_unstructure_hook(
            cls, make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True)
        )
    return converter


def _fast_hook(reader: _Reader) -> Callable[[object, type], Any]:
    return lambda value, _: reader(value, {})


def _fast_object_hook(generated: Any, known: frozenset[str], value: object, kind: type) -> Any:
    # For a class with a field the generated readers do not know (see _READERS).
    if type(value) is not dict:
        raise _BadValue(f"expected an object, got {_describe(value)}")
    return generated(value, kind)


def _detailed_object_hook(generated: Any, known: frozenset[str], value: object, kind: type) -> Any:
    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

    if type(value) is not dict:
        raise _BadValue(f"expected an object, got {_describe(value)}")
    extra = value.keys() - known
    if not extra:
        return generated(value, kind)
    # Report the unknown keys *and* whatever else is wrong with the known ones.
    errors: list[Exception] = [ForbiddenExtraKeysError("", kind, set(extra))]
    try:
        generated({k: v for k, v in value.items() if k in known}, kind)
    except Exception as exc:
        errors.append(exc)
    raise ClassValidationError(f"while structuring {kind.__name__}", errors, kind)


def _problems(exc: BaseException, path: str) -> list[Problem]:
    """Every problem inside a (detailed) cattrs failure, with JSON paths."""
    from cattrs.errors import (
        ClassValidationError,
        ForbiddenExtraKeysError,
        IterableValidationError,
    )

    if isinstance(exc, ClassValidationError):
        named, unplaced = exc.group_exceptions()
        found = [p for sub, note in named for p in _problems(sub, f"{path}.{note.name}")]
        return found + [p for sub in unplaced for p in _problems(sub, path)]
    if isinstance(exc, IterableValidationError):
        indexed, unplaced = exc.group_exceptions()
        found = [p for sub, note in indexed for p in _problems(sub, f"{path}[{note.index}]")]
        return found + [p for sub in unplaced for p in _problems(sub, path)]
    if isinstance(exc, ForbiddenExtraKeysError):
        return [Problem(f"{path}.{key}", "unknown key") for key in sorted(exc.extra_fields)]
    if isinstance(exc, ValidationError):
        return [problem.under(path) for problem in exc.problems]
    if isinstance(exc, KeyError):
        return [Problem(path, "required key missing")]
    if isinstance(exc, _BadValue):
        return [Problem(path, str(exc))]
    if isinstance(exc, _BadEntries):
        return [Problem(f"{path}.{key}", message) for key, message in exc.entries]
    return [Problem(path, f"invalid value ({type(exc).__name__}: {exc})")]


# --- generated fast readers and writers
#
# Both are generated from the attrs fields and types of the model classes, so
# the JSON shape has one source: the same field names, types and defaults as
# the cattrs hooks above (the tests hold them to identical results).


def _optional_inner(kind: Any) -> Any | None:
    """``X`` for ``X | None``, else None."""
    args = get_args(kind)
    if get_origin(kind) in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return args[0] if args[1] is type(None) else args[1]
    return None


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


class _Source:
    """Python source of one generated function and the names it refers to."""

    def __init__(self, name: str, namespace: dict[str, Any]) -> None:
        self.name = name
        self.namespace = dict(namespace)
        self.lines: list[str] = []

    def constant(self, value: Any) -> str:
        name = f"_c{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def compile(self) -> Any:
        exec("\n".join(self.lines), self.namespace)  # built from attrs fields
        return self.namespace[self.name]


#: A generated reader: JSON data and a dict of the dates read so far in this
#: call (by their text, so that each is parsed once per document) to an object.
_Reader = Callable[[object, dict[str, dt.date]], Any]


def _fields_of(cls: type) -> list[Any]:
    return [f for f in attrs.fields(cls) if f.init]


def _is_leaf(cls: type, classes: dict[type, Any]) -> bool:
    """Whether ``cls`` holds none of ``classes``: its objects are read and written inline."""

    def mentions(kind: Any) -> bool:
        return kind in classes or any(mentions(arg) for arg in get_args(kind))

    return not any(mentions(f.type) for f in _fields_of(cls))


def _is_leaf_type(kind: Any, classes: dict[type, Any]) -> bool:
    """Whether the type ``kind`` mentions none of ``classes``."""
    return kind not in classes and all(_is_leaf_type(arg, classes) for arg in get_args(kind))


def _inlinable(cls: Any, depth: int = 0) -> bool:
    """Whether objects of ``cls`` are read in place: a class with a trusted
    constructor that holds, at most two levels down, only such classes."""
    if cls not in _TRUSTED or depth > 2 or _trusted_parts(cls) is None:
        return False

    def classes_in(kind: Any) -> list[Any]:
        found = [kind] if isinstance(kind, type) and attrs.has(kind) else []
        return found + [c for arg in get_args(kind) for c in classes_in(arg)]

    return all(
        _inlinable(inner, depth + 1) for f in _fields_of(cls) for inner in classes_in(f.type)
    )


@functools.cache
def _trusted_parts(cls: type) -> dict[str, Any] | None:
    """The slot setters (by field name) and the rule check (``holds``) of
    ``cls``'s trusted constructor, for readers that build its objects in place."""
    namespace = getattr(_TRUSTED.get(cls), "__globals__", {})
    names = [f.name for f in attrs.fields(cls)]
    if namespace.get("cls") is not cls or not all(f"set_{n}" in namespace for n in names):
        return None  # pragma: no cover - every trusted constructor is made the same way
    parts = {name: namespace[f"set_{name}"] for name in names}
    parts["holds"] = namespace["holds"]
    return parts


def _make_reader(cls: type, readers: dict[type, _Reader]) -> _Reader:
    """A fast structure function for ``cls``: JSON data in, a checked object out.

    It checks the JSON type of every value as the cattrs hooks do, and raises
    (:class:`Rejected`, ``KeyError``, ``ValueError`` ...) instead of reporting.
    Objects are built with the model's trusted constructors, which check every
    rule but not the types just checked here. Objects of a class that holds no
    other (spells, states, domains) are read inline, in a loop.
    """
    src = _Source(
        f"read_{cls.__name__}",
        {
            "Rejected": Rejected,
            "iso_day": _ISO_DAY.fullmatch,
            "from_iso": dt.date.fromisoformat,
            "new": object.__new__,
        },
    )
    lines = src.lines

    def check(var: str, kind: Any, pad: str, depth: int) -> None:
        """Statements that check ``var``'s JSON value and turn it into a ``kind``."""
        inner = _optional_inner(kind)
        if inner is not None:
            lines.append(f"{pad}if {var} is not None:")
            check(var, inner, pad + "    ", depth)
        elif kind is str or kind is int or kind is bool:
            lines.append(f"{pad}if type({var}) is not {kind.__name__}:")
            lines.append(f"{pad}    raise Rejected")
        elif kind is dt.date:
            lines.append(f"{pad}if type({var}) is not str:")
            lines.append(f"{pad}    raise Rejected")
            lines.append(f"{pad}day = days.get({var})")
            lines.append(f"{pad}if day is None:")
            lines.append(f"{pad}    if iso_day({var}) is None:")
            lines.append(f"{pad}        raise Rejected")
            lines.append(f"{pad}    day = days[{var}] = from_iso({var})")
            lines.append(f"{pad}{var} = day")
        elif _is_enum(kind):
            by_value = src.constant({member.value: member for member in kind})
            lines.append(f"{pad}{var} = {by_value}[{var}]")
        elif kind is ExternalIds:
            lines.append(f"{pad}if type({var}) is not dict:")
            lines.append(f"{pad}    raise Rejected")
            lines.append(f"{pad}for item in {var}.values():")
            lines.append(f"{pad}    if type(item) is not str:")
            lines.append(f"{pad}        raise Rejected")
            lines.append(f"{pad}{var} = {src.constant(ExternalIds)}({var})")
        elif kind in readers:
            lines.append(f"{pad}{var} = {src.constant(readers[kind])}({var}, days)")
        elif get_origin(kind) in (tuple, frozenset):
            into, item = get_origin(kind), get_args(kind)[0]
            lines.append(f"{pad}if type({var}) is not list:")
            lines.append(f"{pad}    raise Rejected")
            if item is str:
                lines.append(f"{pad}for item in {var}:")
                lines.append(f"{pad}    if type(item) is not str:")
                lines.append(f"{pad}        raise Rejected")
                items = var
            elif into is frozenset and _is_enum(item) and len(item) <= 6:
                # Each list of distinct values, in any order, is a key of this
                # table; a repeated or unknown value is not.
                table = src.constant(_sets_by_values(item))
                lines.append(f"{pad}{var} = {table}.get(tuple({var}))")
                lines.append(f"{pad}if {var} is None:")
                lines.append(f"{pad}    raise Rejected")
                return
            elif _is_enum(item):
                by_value = src.constant({member.value: member for member in item})
                items = f"[{by_value}[item] for item in {var}]"
            elif _inlinable(item):
                # Read in place, in a loop: spells, and inside them (when present)
                # their commitments and status spells, with no call per object.
                items = f"items{depth}"
                lines.append(f"{pad}{items} = []")
                lines.append(f"{pad}for item{depth} in {var}:")
                body(f"item{depth}", f"obj{depth + 1}", item, pad + "    ", depth + 1)
                lines.append(f"{pad}    {items}.append(obj{depth + 1})")
            elif item in readers:
                items = f"[{src.constant(readers[item])}(item, days) for item in {var}]"
            else:
                raise TypeError(f"no fast reader for {kind!r}")
            lines.append(f"{pad}{var}_ = {into.__name__}({items})")
            if into is frozenset:
                lines.append(f"{pad}if len({var}_) != len({var}):")
                lines.append(f"{pad}    raise Rejected")
            lines.append(f"{pad}{var} = {var}_")
        else:
            raise TypeError(f"no fast reader for {kind!r}")

    def body(data: str, result: str, kind: type, pad: str, depth: int) -> None:
        """Statements that set ``result`` to the ``kind`` read from ``data``."""
        fields = _fields_of(kind)
        known = src.constant(frozenset(f.name for f in fields))
        lines.append(f"{pad}if type({data}) is not dict or not {data}.keys() <= {known}:")
        lines.append(f"{pad}    raise Rejected")
        for field in fields:
            name, var = field.name, f"{field.name}_{depth}"
            if field.default is attrs.NOTHING:
                lines.append(f"{pad}{var} = {data}[{name!r}]")
                check(var, field.type, pad, depth)
                continue
            default = _default_of(kind, field)
            if default is None:
                if _optional_inner(field.type) is None:
                    raise TypeError(f"no fast reader for {kind.__name__}.{name}")
                lines.append(f"{pad}{var} = {data}.get({name!r})")
                check(var, field.type, pad, depth)
            else:
                lines.append(f"{pad}if {name!r} in {data}:")
                lines.append(f"{pad}    {var} = {data}[{name!r}]")
                check(var, field.type, pad + "    ", depth)
                lines.append(f"{pad}else:")
                lines.append(f"{pad}    {var} = {src.constant(default)}")
        if depth and _inlinable(kind):
            # The trusted constructor, written out: set each slot through its
            # descriptor, then run every rule of the class on the new object.
            parts = _trusted_parts(kind)
            assert parts is not None  # _inlinable says so
            lines.append(f"{pad}{result} = new({src.constant(kind)})")
            for field in fields:
                setter = src.constant(parts[field.name])
                lines.append(f"{pad}{setter}({result}, {field.name}_{depth})")
            lines.append(f"{pad}if not {src.constant(parts['holds'])}({result}):")
            lines.append(f"{pad}    raise Rejected")
            return
        if kind in _TRUSTED:  # positionally, as the trusted constructors take them
            arguments = ", ".join(f"{f.name}_{depth}" for f in fields)
        else:
            arguments = ", ".join(f"{f.name}={f.name}_{depth}" for f in fields)
        build = src.constant(_TRUSTED.get(kind, kind))
        lines.append(f"{pad}{result} = {build}({arguments})")

    lines.append(f"def read_{cls.__name__}(data, days):")
    body("data", "obj", cls, "    ", 0)
    lines.append("    return obj")
    reader: _Reader = src.compile()
    return reader


def _default_of(cls: type, field: Any) -> Any:
    """``field``'s default as ``__init__`` would store it."""
    default, converter = field.default, field.converter
    # attrs.Converter (attrs 24.1 on) may take the instance: not a plain function.
    if isinstance(default, attrs.Factory) or type(converter).__name__ == "Converter":  # type: ignore[arg-type]
        raise TypeError(f"no fast reader or writer for {cls.__name__}.{field.name}'s default")
    return default if converter is None else converter(default)


@functools.cache  # one table per enum, shared by the generated functions
def _sets_by_values(kind: type[enum.Enum]) -> dict[tuple[Any, ...], frozenset[Any]]:
    """Every set of ``kind``'s members, under each order of its values.

    Reading a set from this table is faster than building it from the list,
    which hashes each member (an enum's ``__hash__`` is written in Python). It
    depends only on the enum, never on what is read; the sets are immutable.
    """
    members = list(kind)
    orders = itertools.chain.from_iterable(
        itertools.permutations(members, size) for size in range(len(members) + 1)
    )
    return {tuple(m.value for m in order): frozenset(order) for order in orders}


@functools.cache  # one table per enum, shared by the generated functions
def _sorted_values(kind: type[enum.Enum]) -> dict[frozenset[Any], tuple[Any, ...]]:
    """Every set of ``kind``'s members, with its values as they are written: sorted.

    A table of the few possible sets is faster than sorting each set as it is
    written; it depends only on the enum, never on what is written.
    """
    members = list(kind)
    subsets = itertools.chain.from_iterable(
        itertools.combinations(members, size) for size in range(len(members) + 1)
    )
    return {frozenset(subset): tuple(sorted(m.value for m in subset)) for subset in subsets}


def _make_writer(
    cls: type, writers: dict[type, Callable[[Any], dict[str, Any]]], *, compact: bool = False
) -> Callable[[Any], dict[str, Any]]:
    """A fast unstructure function for ``cls``, for orjson to write.

    The data is what the cattrs hooks give, but with dates and tuples left as
    they are: orjson writes those itself, the same way. Keys come in the same
    order: the fields without a default first, then the others, each left out
    while equal to its default. The objects of a class that holds no other
    (spells) are written inline, in a loop, rather than by a call each.

    ``compact``: for output without indentation, long lists of objects that
    hold others (groupings) come as orjson fragments, a few dozen objects each
    (see :func:`_in_chunks`).
    """
    src = _Source(f"write_{cls.__name__}", {"in_chunks": _in_chunks})
    lines = src.lines

    def is_leaf(kind: Any) -> bool:
        """Whether ``kind``'s objects are written in place, in a loop: it holds no
        other objects, or holds them only in collections that default to empty
        (a spell's commitments and status spells, written when it has some)."""
        if kind not in writers:
            return False
        for field in _fields_of(kind):
            if _is_leaf_type(field.type, writers):
                continue
            if field.default is attrs.NOTHING or _default_of(kind, field) != ():
                return False
        return True

    def expression(var: str, kind: Any) -> str:
        if kind is str or kind is int or kind is bool or kind is dt.date:
            return var
        if kind is ExternalIds:
            return f"{src.constant(_unstructure_ids)}({var})"
        if _is_enum(kind):  # what orjson would write, but not through .value, a slow property
            return f"{var}._value_"
        if kind in writers:
            return f"{src.constant(writers[kind])}({var})"
        inner = _optional_inner(kind)
        if inner is not None:
            return f"(None if {var} is None else {expression(var, inner)})"
        origin = get_origin(kind)
        if origin in (tuple, frozenset):
            item = get_args(kind)[0]
            if origin is frozenset:  # written sorted, so that equal values give equal text
                if _is_enum(item) and len(item) <= 8:
                    return f"{src.constant(_sorted_values(item))}[{var}]"
                if _is_enum(item):  # pragma: no cover - no such set in the model
                    return f"sorted([item.value for item in {var}])"
                if item is str:
                    return f"sorted({var})"
            elif item is str or item is dt.date:
                return var  # a tuple, written as an array
            elif item in writers:
                return f"[{src.constant(writers[item])}(item) for item in {var}]"
        raise TypeError(f"no fast writer for {kind!r}")

    def assign(target: str, var: str, kind: Any, pad: str, depth: int) -> None:
        """Statements that set ``target`` to the data of ``var``, of type ``kind``."""
        item = get_args(kind)[0] if get_origin(kind) is tuple else None
        if compact and item in writers and not is_leaf(item):
            lines.append(f"{pad}{target} = in_chunks({var}, {src.constant(writers[item])})")
            return
        if item is None or not is_leaf(item):
            lines.append(f"{pad}{target} = {expression(var, kind)}")
            return
        # A tuple of spells: a loop that writes each in place.
        items, each, written = f"items{depth}", f"item{depth}", f"out{depth + 1}"
        lines.append(f"{pad}{items} = []")
        lines.append(f"{pad}for {each} in {var}:")
        body(each, written, item, pad + "    ", depth + 1)
        lines.append(f"{pad}    {items}.append({written})")
        lines.append(f"{pad}{target} = {items}")

    def body(obj: str, out: str, kind: type, pad: str, depth: int) -> None:
        """Statements that set ``out`` to the data of ``obj``, a ``kind``."""
        fields = _fields_of(kind)
        entries = []
        for field in fields:
            if field.default is attrs.NOTHING:
                value = f"{obj}.{field.name}"
                if get_origin(field.type) is tuple and is_leaf(get_args(field.type)[0]):
                    assign(f"r{depth}_{field.name}", value, field.type, pad, depth)
                    value = f"r{depth}_{field.name}"
                else:
                    value = expression(value, field.type)
                entries.append(f"{field.name!r}: {value}")
        lines.append(f"{pad}{out} = {{{', '.join(entries)}}}")
        value = f"value{depth}"
        for field in fields:
            if field.default is attrs.NOTHING:
                continue
            default = _default_of(kind, field)
            lines.append(f"{pad}{value} = {obj}.{field.name}")
            field_type = field.type
            if default is None:
                lines.append(f"{pad}if {value} is not None:")
                field_type = _optional_inner(field_type) or field_type
            elif isinstance(default, enum.Enum):
                lines.append(f"{pad}if {value} is not {src.constant(default)}:")
            elif type(default) in (tuple, frozenset, ExternalIds) and not default:
                lines.append(f"{pad}if {value}:")  # not empty (it is a {type(default).__name__})
            else:
                lines.append(f"{pad}if {value} != {src.constant(default)}:")
            assign(f"{out}[{field.name!r}]", value, field_type, pad + "    ", depth)

    lines.append(f"def write_{cls.__name__}(obj):")
    body("obj", "out", cls, "    ", 0)
    lines.append("    return out")
    writer: Callable[[Any], dict[str, Any]] = src.compile()
    return writer


#: How many objects :func:`_in_chunks` writes at a time.
_CHUNK = 32


def _in_chunks(items: tuple[Any, ...], write: Callable[[Any], Any]) -> list[orjson.Fragment]:
    """``items`` as JSON fragments, for a list of them: ``_CHUNK`` objects at a time.

    The data of each chunk is written and dropped before the next is made, so it
    stays small enough to be in the CPU cache (and the garbage collector seldom
    wakes up), instead of the data of the whole list at once. orjson writes a
    list of fragments as the list of their items, the same text to the byte.
    """
    return [
        orjson.Fragment(orjson.dumps([write(item) for item in items[i : i + _CHUNK]])[1:-1])
        for i in range(0, len(items), _CHUNK)
    ]


class _Generated(dict[type, Any]):
    """Generated readers or writers by class, made on first use, not at import,
    so that importing the package stays cheap: readers by the first read,
    writers by the first write (:meth:`ensure`, or any look-up of a missing class)."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.ready = False

    def ensure(self) -> None:
        if not self.ready:
            _generate(self.kind)

    def __missing__(self, cls: type) -> Any:
        if not self.ready:
            self.ensure()
            return self[cls]
        raise KeyError(cls)


_READERS = _Generated("readers")
_WRITERS = _Generated("writers")
_COMPACT_WRITERS = _Generated("writers")


def _generate(kind: str) -> None:
    """Generate the fast readers (``kind="readers"``) or writers, once."""
    for cls in MODEL_CLASSES:  # each class after the classes it holds
        # A class with a field of a type the generators do not know (nor any class
        # that holds it) gets none: cattrs and the json module read and write it.
        attrs.resolve_types(cls)
        with contextlib.suppress(TypeError):
            if kind == "readers":
                dict.__setitem__(_READERS, cls, _make_reader(cls, _READERS))
            else:
                dict.__setitem__(_WRITERS, cls, _make_writer(cls, _WRITERS))
                dict.__setitem__(_COMPACT_WRITERS, cls, _make_writer(cls, _WRITERS, compact=True))
    if kind == "readers":
        _READERS.ready = True
    else:
        _WRITERS.ready = _COMPACT_WRITERS.ready = True


@functools.cache
def _fast() -> cattrs.Converter:
    """The fast converter, for the classes without a generated reader and for
    ``unstructure``: built on first use."""
    return _build(detailed=False)


if TYPE_CHECKING:
    _FAST: cattrs.Converter


def __getattr__(name: str) -> Any:
    if name == "_FAST":  # the fast converter, under its old name
        return _fast()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _detailed() -> cattrs.Converter:
    """The detailed converter, built the first time some input fails."""
    return _build(detailed=True)


def make_converter() -> cattrs.Converter:
    """A new :class:`cattrs.Converter` that reads and writes the model classes as
    :func:`loads` and :func:`dumps` do: for your own attrs classes that hold ours.

    It is yours to configure (register hooks for your own types); the library's
    own converters are not affected. ``coalitions.converter`` is one, made on
    first use. Bad input raises cattrs' detailed errors
    (:class:`cattrs.errors.ClassValidationError`); a model object that breaks a
    rule raises :class:`ValidationError` inside them.

    >>> import attrs, datetime as dt
    >>> from coalitions import Membership
    >>> @attrs.frozen
    ... class Note:
    ...     text: str
    ...     spell: Membership
    >>> converter = make_converter()
    >>> data = converter.unstructure(Note("joined", Membership(state="FIN", since=dt.date(2023, 4, 4))))
    >>> data
    {'text': 'joined', 'spell': {'state': 'FIN', 'since': '2023-04-04'}}
    >>> converter.structure(data, Note).spell.since
    datetime.date(2023, 4, 4)
    """
    return _build(detailed=True)


def structure(data: object, cls: type[T]) -> T:
    """Build ``cls`` from already-parsed JSON data, raising :class:`ValidationError`."""
    if cls not in MODEL_CLASSES:
        raise TypeError(f"cls must be one of {', '.join(c.__name__ for c in MODEL_CLASSES)}")
    _READERS.ensure()
    reader = _READERS.get(cls)
    try:
        with gc_paused():
            result: T = _fast().structure(data, cls) if reader is None else reader(data, {})
    except Exception:  # any failure at all: redo slowly to say exactly where and what
        pass
    else:
        return result
    return _structure_in_detail(data, cls)


def _structure_in_detail(data: object, cls: type[T]) -> T:
    """The detailed mode: the object, or a :class:`ValidationError` naming every problem."""
    try:
        result = _detailed().structure(data, cls)
    except RecursionError:
        raise ValidationError(
            [Problem("$", "arrays or objects nested too deeply for a landscape")]
        ) from None
    except Exception as exc:
        raise ValidationError(_problems(exc, "$")) from None
    return result  # pragma: no cover - the fast path failed for a reason the detailed one missed


def unstructure(obj: object) -> Any:
    """``obj`` as plain JSON-ready data (dicts, lists, strings, numbers)."""
    if type(obj) not in MODEL_CLASSES:
        raise TypeError(
            f"cannot serialize {type(obj).__name__}; expected a coalitions model object"
        )
    return _fast().unstructure(obj)


def dumps(obj: object, *, indent: int | None = None) -> str:
    """Serialize a model object (a :class:`Landscape`, :class:`Alliance`, ...) to JSON text.

    Keys at their default value are left out; sets are written sorted.

    >>> from coalitions import State
    >>> dumps(State(code="JPN", name="Japan", cow_code=740))
    '{"code":"JPN","name":"Japan","cow_code":740}'
    """
    _COMPACT_WRITERS.ensure()
    _WRITERS.ensure()
    writers = _COMPACT_WRITERS if indent is None else _WRITERS
    writer = writers.get(type(obj)) if type(obj) in MODEL_CLASSES else None
    if writer is not None and (indent is None or (type(indent) is int and indent == 2)):
        # orjson writes what json.dumps(ensure_ascii=False) writes, with the same
        # separators and, at OPT_INDENT_2, the same layout as indent=2. What it
        # refuses (text with lone surrogates) the stdlib writes, as ever.
        try:
            return orjson.dumps(writer(obj), option=_ORJSON_INDENT[indent]).decode()
        except Exception:
            pass
    data = unstructure(obj)
    if indent is None:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(data, ensure_ascii=False, indent=indent)


_ORJSON_INDENT: dict[int | None, int] = {None: 0, 2: orjson.OPT_INDENT_2}


@overload
def loads(text: str | bytes) -> Landscape: ...
@overload
def loads(text: str | bytes, cls: type[T]) -> T: ...
def loads(text: str | bytes, cls: type[Any] = Landscape) -> Any:
    """Read a model object of type ``cls`` (a :class:`Landscape` unless told) from JSON text.

    Bad input raises :class:`ValidationError` naming every problem with its JSON path.

    >>> from coalitions import State
    >>> loads('{"code": "KOR", "name": "South Korea"}', cls=State)
    State(code='KOR', name='South Korea')
    >>> loads('{"code": "KOR", "name": "South Korea", "capital": "Seoul"}', cls=State)
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: $.capital: unknown key
    """
    with gc_paused():  # tens of thousands of objects, none in a reference cycle
        return _loads(text, cls)


def _loads(text: str | bytes, cls: type[Any]) -> Any:
    if type(text) is str and text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark, as it is skipped in bytes
    _READERS.ensure()
    reader = _READERS.get(cls) if type(cls) is type else None
    if reader is not None and type(text) in (str, bytes):
        # The fast way: orjson and the generated readers. Whatever they do not take
        # goes the standard way, to be reported as ever: orjson reads big integers
        # as floats, refuses NaN and lone surrogates, and words its errors its own way.
        try:
            result = reader(orjson.loads(text), {})
        except Exception:
            pass
        else:
            return result
    try:
        data = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise ValidationError([Problem("$", f"not valid JSON: {exc}")]) from None
    except RecursionError:
        raise ValidationError(
            [Problem("$", "not valid JSON for a landscape: arrays or objects nested too deeply")]
        ) from None
    return structure(data, cls)


def dump(obj: object, path: str | os.PathLike[str], *, indent: int | None = 2) -> None:
    """Write ``obj`` as JSON to ``path``, replacing the file atomically.

    The text goes to a temporary file in the same folder first, which then
    replaces the target in one step, and the folder is synced: a crash leaves
    the old file or the new one, never half of either. A temporary file left by
    a writer that was killed is removed by the next ``dump`` to the same target.
    A symbolic link is followed: the file it points to is replaced, the link
    stays. Any failure to write raises :class:`CoalitionsError` naming the target.

    >>> import tempfile, pathlib
    >>> from coalitions import State
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = pathlib.Path(folder) / "japan.json"
    ...     dump(State(code="JPN", name="Japan"), target)
    ...     print(target.read_text(encoding="utf-8"), end="")
    {
      "code": "JPN",
      "name": "Japan"
    }
    """
    text = dumps(obj, indent=indent)
    try:
        target = Path(os.path.realpath(os.fspath(path)))  # through any symbolic link
    except (TypeError, ValueError) as exc:  # a NUL in the path, say
        raise CoalitionsError(f"cannot write {path!r}: {exc}") from None
    try:
        _write_atomically(target, text + "\n")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CoalitionsError(f"cannot write {os.fspath(path)!r}: {reason}") from None


def _write_atomically(target: Path, text: str) -> None:
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory")
    folder = target.parent
    _remove_leftovers(folder, target.name)
    # Not mkstemp: its files are private (0600). Created like this, the file gets
    # the permissions of any new file (the umask applies), or the target's own.
    temporary = folder / _temporary_name(target.name)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if target.exists():
            os.chmod(fd, target.stat().st_mode & 0o7777)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


# A temporary file is named for its target (shortened so that the name fits in
# the 255 bytes a file name may have) and for the process writing it, so that
# the next writer can tell a dead writer's leftovers from a live writer's file.
_LEFTOVER = re.compile(r"\.(?P<stem>.*)~(?P<pid>[0-9]+)~[0-9a-f]{16}\.tmp")


def _stem(name: str) -> str:
    return name.encode("utf-8")[:200].decode("utf-8", "ignore")


def _temporary_name(name: str) -> str:
    return f".{_stem(name)}~{os.getpid()}~{secrets.token_hex(8)}.tmp"


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove the temporary files of writers to ``name`` that no longer run."""
    stem = _stem(name)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # the write itself will say what is wrong with the folder
    for entry in entries:
        found = _LEFTOVER.fullmatch(entry.name)
        if found is None or found["stem"] != stem or _running(int(found["pid"])):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # someone else's live process, or cannot tell: leave it
    return True


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; elsewhere there is nothing to do)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@overload
def load(path: str | os.PathLike[str]) -> Landscape: ...
@overload
def load(path: str | os.PathLike[str], cls: type[T]) -> T: ...
def load(path: str | os.PathLike[str], cls: type[Any] = Landscape) -> Any:
    """Read a model object of type ``cls`` from the JSON file at ``path``.

    A file that cannot be read (missing, a folder, a device such as
    ``/dev/zero``) raises :class:`CoalitionsError` naming it; bad content raises
    :class:`ValidationError` with the file name in each path.
    """
    try:
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise CoalitionsError(f"cannot read {os.fspath(path)!r}: not a regular file")
            text = handle.read()
    except OSError as exc:
        raise CoalitionsError(f"cannot read {os.fspath(path)!r}: {exc.strerror or exc}") from None
    except (TypeError, ValueError) as exc:
        raise CoalitionsError(f"cannot read {path!r}: {exc}") from None
    try:
        return loads(text, cls)
    except ValidationError as exc:
        raise ValidationError(
            Problem(f"{os.fspath(path)}: {p.path}", p.message) for p in exc.problems
        ) from None
