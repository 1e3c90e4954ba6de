"""Small, generic checks and converters the model classes are built from.

Each check appends :class:`~coalitions.errors.Problem` values to a list and
returns whether the value passed, so that one construction can report every
problem at once instead of stopping at the first.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from types import MemberDescriptorType
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
    if value.isascii() and not _visible_ascii(value):
        problems.append(
            Problem(path, "has no visible character (only spaces or control characters)")
        )
        return False
    if not value.isascii():
        surrogate = _SURROGATE.search(value)
        if surrogate is not None:
            problems.append(
                Problem(
                    path,
                    f"contains a lone surrogate ({surrogate.group()!r} at {surrogate.start()}),"
                    " which cannot be written as UTF-8",
                )
            )
            return False
        if not _visible(value):
            problems.append(
                Problem(path, "has no visible character (only spaces or invisible characters)")
            )
            return False
    return True


# Lone surrogates: a str may hold them, but UTF-8 cannot encode them, so text
# holding one could be read but never written.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Whitespace, control and format characters (zero-width spaces and joiners,
# the byte-order mark): a name made only of these shows nothing.
INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def _visible(text: str) -> bool:
    return any(unicodedata.category(c) not in INVISIBLE for c in text)


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


def text_ok(value: str) -> bool:
    """:func:`check_text` for a value already known to be a ``str``, without a report."""
    if value.isascii():
        return _visible_ascii(value)
    return _SURROGATE.search(value) is None and _visible(value)


def _visible_ascii(text: str) -> bool:
    """Whether ASCII ``text`` has a character other than a space or a control one."""
    if text.isprintable():  # the usual case: no control character at all
        return bool(text) and not text.isspace()
    return any(" " < c < "\x7f" for c in text)



def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise ValidationError(problems)


def changed_fields(obj: object) -> Iterator[tuple[str, Any]]:
    """``(name, value)`` of an attrs value's constructor fields not at their
    defaults, in order (fields left out of the repr too): what a constructor
    call needs to rebuild it."""
    for field in attrs.fields(type(obj)):  # type: ignore[arg-type]
        if not field.init or not field.repr:
            continue
        value = getattr(obj, field.name)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        if default is not attrs.NOTHING and value == default:
            continue
        yield field.name, value


def compact_repr(obj: object) -> str:
    """A constructor-style repr that leaves out fields still at their defaults."""
    parts = [f"{name}={value!r}" for name, value in changed_fields(obj)]
    return f"{type(obj).__name__}({', '.join(parts)})"


class Rejected(Exception):
    """Raised by a fast path for anything it does not take as it stands.

    It carries no report: whoever catches it runs the detailed checks, which say
    what is wrong (or, rarely, find nothing wrong after all).
    """


def trusted_builder(cls: type[T], invariants_hold: Callable[[T], bool]) -> Callable[..., T] | None:
    """A constructor of ``cls`` for field values whose *types* are already proven.

    It takes every field positionally, in declaration order, and skips the attrs
    converters and type checks, but not the invariants: ``invariants_hold``
    runs on the new object, which is returned only if it passes and is dropped
    unseen (with :class:`Rejected`) if not. Only a caller that has checked the
    type of every value, as the JSON loader does, may use it.

    None if ``__init__`` would do more than set slots and run the checks
    (validators, a hash cache, a pre-init hook): such a class needs its own.
    """
    fields = attrs.fields(cls)  # type: ignore[arg-type]
    slots = getattr(cls, "__slots__", ())
    if (
        not all(
            f.init
            and f.validator is None
            and type(cls.__dict__.get(f.name)) is MemberDescriptorType
            for f in fields
        )
        or "_attrs_cached_hash" in slots
        or hasattr(cls, "__attrs_pre_init__")
    ):
        return None  # pragma: no cover - not so for any model class
    names = [f.name for f in fields]
    namespace: dict[str, Any] = {
        "new": object.__new__,
        "cls": cls,
        "holds": invariants_hold,
        "Rejected": Rejected,
    }
    lines = [f"def build_{cls.__name__}({', '.join(names)}):", "    self = new(cls)"]
    for name in names:
        # Each field is a slot: set it through its descriptor, as object.__setattr__
        # would (the class itself refuses, being frozen), without looking it up by name.
        namespace[f"set_{name}"] = cls.__dict__[name].__set__
        lines.append(f"    set_{name}(self, {name})")
    lines += ["    if holds(self):", "        return self", "    raise Rejected"]
    exec("\n".join(lines), namespace)  # source built above from field names
    build: Callable[..., T] = namespace[f"build_{cls.__name__}"]
    return build
