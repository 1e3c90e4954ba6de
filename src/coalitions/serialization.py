"""JSON in and out, kept apart from the model.

One cattrs configuration does all of it: ISO dates, enums by value, sets as
sorted lists, default values left out on output, unknown keys refused on
input. It is built twice, in a fast mode for good input and a detailed mode
that runs only after a failure, to name the path of every problem at once.

>>> import datetime as dt
>>> from coalitions import Membership, Precision
>>> m = Membership(state="TUR", since=dt.date(1952, 2, 1), since_precision=Precision.MONTH)
>>> dumps(m)
'{"state":"TUR","since":"1952-02-01","since_precision":"month"}'
>>> loads(dumps(m), cls=Membership) == m
True
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from coalitions.errors import CoalitionsError, Problem, ValidationError
from coalitions.landscape import Landscape
from coalitions.model import Agreement, Alliance, Domain, Membership, Minilateral, State

__all__ = ["dump", "dumps", "load", "loads"]

T = TypeVar("T")

#: The classes that can be written and read on their own.
MODEL_CLASSES: tuple[type, ...] = (
    State,
    Domain,
    Membership,
    Agreement,
    Alliance,
    Minilateral,
    Landscape,
)

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _BadValue(ValueError):
    """A leaf value of the wrong type or form; its message is shown as is."""


def _describe(value: object) -> str:
    text = repr(value)
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
    if type(value) is not int:
        raise _BadValue(f"expected an integer, got {_describe(value)}")
    return value


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is not str or _ISO_DAY.fullmatch(value) is None:
        raise _BadValue(f"expected a date as 'YYYY-MM-DD', got {_describe(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _BadValue(f"{value!r} is not a calendar date") from None


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
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
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
        generated: Any = make_dict_structure_fn(cls, converter)
        known = frozenset(f.name for f in attrs.fields(cls) if f.init)
        hook = _detailed_object_hook if detailed else _fast_object_hook
        converter.register_structure_hook(cls, functools.partial(hook, generated, known))
        converter.register_unstructure_hook(
            cls, make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True)
        )
    return converter


def _fast_object_hook(generated: Any, known: frozenset[str], value: object, kind: type) -> Any:
    if type(value) is not dict:
        raise _BadValue(f"expected an object, got {_describe(value)}")
    return generated(value, kind)


def _detailed_object_hook(generated: Any, known: frozenset[str], value: object, kind: type) -> Any:
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
    return [Problem(path, f"invalid value ({type(exc).__name__}: {exc})")]


_FAST = _build(detailed=False)
_DETAILED = _build(detailed=True)


def structure(data: object, cls: type[T]) -> T:
    """Build ``cls`` from already-parsed JSON data, raising :class:`ValidationError`."""
    if cls not in MODEL_CLASSES:
        raise TypeError(f"cls must be one of {', '.join(c.__name__ for c in MODEL_CLASSES)}")
    try:
        return _FAST.structure(data, cls)
    except Exception:  # any failure at all: redo slowly to say exactly where and what
        pass
    try:
        result = _DETAILED.structure(data, cls)
    except Exception as exc:
        raise ValidationError(_problems(exc, "$")) from None
    return result  # pragma: no cover - the fast path failed for a reason the detailed one missed


def unstructure(obj: object) -> Any:
    """``obj`` as plain JSON-ready data (dicts, lists, strings, numbers)."""
    if type(obj) not in MODEL_CLASSES:
        raise TypeError(
            f"cannot serialize {type(obj).__name__}; expected a coalitions model object"
        )
    return _FAST.unstructure(obj)


def dumps(obj: object, *, indent: int | None = None) -> str:
    """Serialize a model object (a :class:`Landscape`, :class:`Alliance`, ...) to JSON text.

    Keys at their default value are left out; sets are written sorted.

    >>> from coalitions import State
    >>> dumps(State(code="JPN", name="Japan", cow_code=740))
    '{"code":"JPN","name":"Japan","cow_code":740}'
    """
    data = unstructure(obj)
    if indent is None:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(data, ensure_ascii=False, indent=indent)


def loads(text: str | bytes, cls: type[T] = Landscape) -> T:  # type: ignore[assignment]
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
    try:
        data = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise ValidationError([Problem("$", f"not valid JSON: {exc}")]) from None
    return structure(data, cls)


def dump(obj: object, path: str | os.PathLike[str], *, indent: int | None = 2) -> None:
    """Write ``obj`` as JSON to ``path``, replacing the file atomically.

    The text goes to a temporary file in the same folder first, which then
    replaces the target in one step: a crash leaves the old file or the new one,
    never half of either.
    """
    text = dumps(obj, indent=indent)
    target = Path(path)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(path: str | os.PathLike[str], cls: type[T] = Landscape) -> T:  # type: ignore[assignment]
    """Read a model object of type ``cls`` from the JSON file at ``path``.

    A file that cannot be read raises :class:`CoalitionsError` naming it;
    bad content raises :class:`ValidationError` with the file name in each path.
    """
    try:
        text = Path(path).read_bytes()
    except OSError as exc:
        raise CoalitionsError(f"cannot read {os.fspath(path)!r}: {exc.strerror}") from None
    try:
        return loads(text, cls)
    except ValidationError as exc:
        raise ValidationError(
            Problem(f"{os.fspath(path)}: {p.path}", p.message) for p in exc.problems
        ) from None
