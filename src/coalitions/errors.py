"""The exceptions `coalitions` raises for bad input.

Everything the library raises because of the data it was given is a
:class:`CoalitionsError`. Validation failures carry every problem found, each
with a *path* that says where (``alliances[NATO].members[3].until`` for a
model object, ``$.alliances[2].members[0].since`` for a JSON document) and a
*message* that says what.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "CoalitionsError",
    "CoverageWarning",
    "Problem",
    "UnknownEntityError",
    "ValidationError",
]


class CoalitionsError(Exception):
    """Base class of every error `coalitions` raises for bad input.

    >>> issubclass(ValidationError, CoalitionsError)
    True
    """


class CoverageWarning(UserWarning):
    """A question about a date the data does not speak for: after the
    landscape's ``as_of``, later changes are not in it.

    >>> import datetime as dt, warnings
    >>> from coalitions import Landscape
    >>> world = Landscape(as_of=dt.date(2025, 12, 31))
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = world.events()  # no date asked: no warning
    ...     _ = world.at(dt.date(2026, 6, 1))
    >>> [str(w.message) for w in caught]
    ['2026-06-01 is after the data ends (as of 2025-12-31): later changes are not in it']
    """


def clip(text: object, limit: int) -> str:
    """``text`` as a string of at most about ``limit`` characters: a report must
    stay readable even when the input embeds a value of megabytes.

    >>> clip("x" * 30, 10)
    'xxxxxxxxxx… (20 more characters)'
    """
    if not isinstance(text, str):
        raise ValidationError([Problem("", f"expected a string, got {type(text).__name__}")])
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def _clip_path(text: object) -> str:
    return clip(text, 500)


def _clip_message(text: object) -> str:
    return clip(text, 1000)


@attrs.frozen
class Problem:
    """One thing wrong with the input: where it is and what is wrong.

    Both are strings; a very long one is clipped (see :func:`clip`).

    >>> Problem(path="members[0].until", message="must be after since (2020-01-01)")
    Problem(path='members[0].until', message='must be after since (2020-01-01)')
    >>> str(Problem(path="code", message="must be three upper-case letters"))
    'code: must be three upper-case letters'
    """

    path: str = attrs.field(converter=_clip_path)
    message: str = attrs.field(converter=_clip_message)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def under(self, prefix: str) -> Problem:
        """This problem, with its path placed under ``prefix``.

        >>> Problem(path="until", message="bad").under("members[3]").path
        'members[3].until'
        >>> Problem(path="[0]", message="bad").under("$.states").path
        '$.states[0]'
        """
        if not prefix:
            return self
        if not self.path:
            return Problem(path=prefix, message=self.message)
        sep = "" if self.path.startswith("[") else "."
        return Problem(path=f"{prefix}{sep}{self.path}", message=self.message)


class ValidationError(CoalitionsError, ValueError):
    """Input that breaks one or more of the model's rules.

    ``problems`` lists all of them; ``str()`` shows one per line.

    >>> err = ValidationError([Problem("a", "first"), Problem("b", "second")])
    >>> print(err)
    2 problems:
      a: first
      b: second
    >>> [p.path for p in err.problems]
    ['a', 'b']
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("a ValidationError needs at least one problem")
        super().__init__(self._render())

    def _render(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))


class UnknownEntityError(CoalitionsError, KeyError):
    """A state code, grouping id, agreement id or domain key that is not there.

    It is a :class:`KeyError` too, so ``except KeyError`` keeps working.
    ``suggestions`` holds close matches, best first.

    >>> err = UnknownEntityError("grouping", "NATOO", ["NATO", "CSTO", "SCO"])
    >>> print(err)
    unknown grouping 'NATOO'; did you mean 'NATO'?
    >>> isinstance(err, KeyError)
    True
    """

    kind: str
    key: object
    suggestions: tuple[str, ...]

    def __init__(self, kind: str, key: object, known: Iterable[object] = ()) -> None:
        self.kind = str(kind)
        self.key = key
        # Anything may be asked for, and anything may be known: compare their texts.
        self.suggestions = tuple(close_matches(clip(str(key), 200), [str(k) for k in known]))
        super().__init__(key)

    def __str__(self) -> str:
        text = f"unknown {self.kind} {clip(repr(self.key), 200)}"
        if self.suggestions:
            text += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        return text

    def __reduce__(self) -> tuple[type[UnknownEntityError], tuple[str, object, tuple[str, ...]]]:
        return (type(self), (self.kind, self.key, self.suggestions))


def close_matches(word: str, candidates: Sequence[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` candidates that look like ``word``, best first, ignoring case.

    >>> close_matches("aukis", ["AUKUS", "Quad", "NATO"])
    ['AUKUS']
    """
    by_folded: dict[str, str] = {}
    for candidate in candidates:
        by_folded.setdefault(candidate.casefold(), candidate)
    folded = difflib.get_close_matches(word.casefold(), list(by_folded), n=limit, cutoff=0.6)
    return [by_folded[f] for f in folded]
