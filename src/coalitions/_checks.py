"""Small, generic checks and converters the model classes are built from.

Each check appends :class:`~coalitions.errors.Problem` values to a list and
returns whether the value passed, so that one construction can report every
problem at once instead of stopping at the first.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from coalitions.errors import Problem, ValidationError

MAX_ID_LENGTH = 64

# Converters accept any list-like a caller gives and freeze it; anything else is
# left untouched so that the checks can report it with its path.

T = TypeVar("T")


def freeze(value: Any, into: Callable[[Iterable[Any]], T]) -> T | Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        try:
            return into(value)
        except TypeError:  # unhashable items: reported by the type checks
            return value
    return value


def type_name(value: object) -> str:
    return type(value).__name__


def check_text(problems: list[Problem], path: str, value: object) -> bool:
    if not isinstance(value, str):
        problems.append(Problem(path, f"expected a string, got {type_name(value)} {value!r}"))
        return False
    if not value.strip():
        problems.append(Problem(path, "must not be empty"))
        return False
    return True


def check_optional_text(problems: list[Problem], path: str, value: object) -> None:
    if value is not None:
        check_text(problems, path, value)


def check_pattern(
    problems: list[Problem], path: str, value: object, pattern: re.Pattern[str], what: str
) -> bool:
    if not isinstance(value, str):
        problems.append(Problem(path, f"expected a string, got {type_name(value)} {value!r}"))
        return False
    if len(value) > MAX_ID_LENGTH or pattern.fullmatch(value) is None:
        problems.append(Problem(path, f"{value!r} is not {what}"))
        return False
    return True


def check_enum(problems: list[Problem], path: str, value: object, kind: type[enum.Enum]) -> bool:
    if isinstance(value, kind):
        return True
    hint = ""
    if isinstance(value, str):
        matches = [m for m in kind if m.value == value or m.name == value.upper()]
        if matches:
            hint = f" (did you mean {kind.__name__}.{matches[0].name}?)"
    problems.append(
        Problem(path, f"expected a {kind.__name__}, got {type_name(value)} {value!r}{hint}")
    )
    return False


def check_collection(
    problems: list[Problem],
    path: str,
    value: Any,
    container: type,
    check_item: Callable[[list[Problem], str, object], object],
) -> bool:
    if not isinstance(value, container):
        what = "set" if container is frozenset else "list"
        problems.append(Problem(path, f"expected a {what}, got {type_name(value)} {value!r}"))
        return False
    count = len(problems)
    items: Iterable[Any] = value  # type: ignore[assignment]
    if container is frozenset:
        # Sets have no positions; name the offending item instead.
        for item in sorted(items, key=repr):
            check_item(problems, f"{path}[{item!r}]", item)
    else:
        for index, item in enumerate(items):
            check_item(problems, f"{path}[{index}]", item)
    return len(problems) == count


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise ValidationError(problems)


def compact_repr(obj: object) -> str:
    """A constructor-style repr that leaves out fields still at their defaults."""
    parts = []
    for field in attrs.fields(type(obj)):  # type: ignore[arg-type]
        if not field.init or not field.repr:
            continue
        value = getattr(obj, field.name)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        if default is not attrs.NOTHING and value == default:
            continue
        parts.append(f"{field.name}={value!r}")
    return f"{type(obj).__name__}({', '.join(parts)})"
