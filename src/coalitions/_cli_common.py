"""What the command line's commands share: the parser class, dates, output and the context.

Private: the command line itself is :mod:`coalitions.cli`.
"""

from __future__ import annotations

import argparse
import calendar
import codecs
import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import Any, NamedTuple, NoReturn, TextIO

from coalitions.landscape import Landscape
from coalitions.serialization import load

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    """Bad arguments: reported with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}\nTry '{self.prog} --help'.")


# --- dates: a day, a month or a year


class _Day(NamedTuple):
    """A day given on the command line, as a full date or as a year or month."""

    day: dt.date
    given: str
    period: str | None  # "year" or "month" when the day stands for one; None for a full date
    end: bool  # a period taken as its last day (else its first)

    def note(self, option: str) -> str | None:
        """What a year or month was taken to mean, for a note line; None for a full date.

        >>> _day_end("2024").note("--at")
        '(--at 2024 taken as 2024-12-31, the last day of the year)'
        >>> _day_start("2024-02").note("--since")
        '(--since 2024-02 taken as 2024-02-01, the first day of the month)'
        >>> _day_end("2024-02-03").note("--at") is None
        True
        """
        if self.period is None:
            return None
        return (
            f"({option} {self.given} taken as {self.day.isoformat()},"
            f" the {'last' if self.end else 'first'} day of the {self.period})"
        )


_PERIOD = re.compile(r"(\d{4})(?:-(\d{2}))?")
PERIOD_HELP = "YYYY-MM-DD, or YYYY-MM or YYYY"
AT_HELP = (
    f"the date to ask about ({PERIOD_HELP}; a year or month means its last day, the state"
    " at the end of the period; default: the day the data is current to, else today)"
)
# A subcommand's --json adds to the one before the command, never resets it.
JSON_OPTION: dict[str, Any] = {
    "action": "store_true",
    "default": argparse.SUPPRESS,
    "help": "machine-readable JSON output, errors included (also before the command)",
}


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _parse_day(text: str, *, end: bool) -> _Day:
    """A full date, or a year or month taken as its first (``end=False``) or last day."""
    try:
        found = _PERIOD.fullmatch(text)
        if found is None:
            return _Day(dt.date.fromisoformat(text), text, None, end)
        year = int(found.group(1))
        if found.group(2) is None:
            return _Day(dt.date(year, 12, 31) if end else dt.date(year, 1, 1), text, "year", end)
        first = dt.date(year, int(found.group(2)), 1)
        return _Day(_month_end(first) if end else first, text, "month", end)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date ({PERIOD_HELP})") from None


def _day_end(text: str) -> _Day:
    """For ``--at``, ``--until`` and a diff's days: a year or month means its last day,
    the state at the end of the period."""
    return _parse_day(text, end=True)


def _day_start(text: str) -> _Day:
    """For ``--since``: a year or month means its first day."""
    return _parse_day(text, end=False)


# --- output


class _OutputError(Exception):
    """Writing to standard output failed (a full disk, a closed pipe)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class _Output:
    """A text stream the commands write to.

    Characters the stream's encoding cannot hold (``PYTHONIOENCODING=ascii``, a
    latin-1 terminal) are written as backslash escapes rather than failing;
    ``unicode`` says whether the stream holds every character, so that JSON can
    be written with ``\\uXXXX`` escapes when it does not. A failed write raises
    :class:`_OutputError`.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.encoding: str | None = getattr(stream, "encoding", None)
        self.unicode = _holds_unicode(self.encoding)

    def write(self, text: str) -> None:
        try:
            if not self.unicode:
                text = self._escaped(text)
            try:
                self.stream.write(text)
            except UnicodeEncodeError:  # a lone surrogate, say: nothing was written
                self.stream.write(self._escaped(text))
        except OSError as exc:
            raise _OutputError(exc) from exc

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise _OutputError(exc) from exc

    def isatty(self) -> bool:
        try:
            return self.stream.isatty()
        except (AttributeError, ValueError, OSError):
            return False

    def _escaped(self, text: str) -> str:
        encoding = self.encoding or "utf-8"
        return text.encode(encoding, "backslashreplace").decode(encoding)


def _holds_unicode(encoding: str | None) -> bool:
    """Whether a stream in ``encoding`` can hold every character (None: a str stream)."""
    if encoding is None:
        return True
    try:
        return codecs.lookup(encoding).name in {
            "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
            "utf-32", "utf-32-le", "utf-32-be", "gb18030",
        }  # fmt: skip
    except LookupError:
        return False


def _ascii_json(text: str) -> str:
    """JSON text with every non-ASCII character as a ``\\uXXXX`` escape: the same
    document, for a stream that cannot hold the characters themselves.

    Outside strings JSON is ASCII, so every such character is inside a string.

    >>> _ascii_json('{"name": "Türkiye", "x": "🛡"}')
    '{"name": "T\\\\u00fcrkiye", "x": "\\\\ud83d\\\\udee1"}'
    """
    return _NON_ASCII.sub(_escape_char, text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _escape_char(found: re.Match[str]) -> str:
    return json.dumps(found.group(0))[1:-1]


def _table(
    out: _Output, rows: Sequence[Sequence[str]], header: Sequence[str] | None = None
) -> None:
    """Columns aligned to their widest cell; the last column is not padded."""
    if not rows:  # a count of 0 says it; no empty table under it
        return
    every = [list(header)] if header else []
    every += [list(r) for r in rows]
    widths = [max(len(r[i]) for r in every) for i in range(len(every[0]) - 1)]
    for index, row in enumerate(every):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)] + [row[-1]]
        out.write("  ".join(cells).rstrip() + "\n")
        if header and index == 0:
            out.write("  ".join("-" * w for w in [*widths, len(row[-1])]) + "\n")


def _clip(text: str, width: int = 44) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _json(out: _Output, data: Any) -> None:
    """``data`` as indented JSON; with ``\\uXXXX`` escapes where the stream needs them."""
    out.write(json.dumps(data, ensure_ascii=not out.unicode, indent=2) + "\n")


def _output_target(command: str, path: str, suffixes: Sequence[str], hint: str = "") -> str | None:
    """An ``--output`` path, checked against the file types the command writes;
    None for ``-``, standard output."""
    if path == "-":
        return None
    if not path.lower().endswith(tuple(suffixes)):
        accepted = " or ".join(suffixes)
        raise _UsageError(
            f"coalitions {command}: --output {path!r}: the file name must end in {accepted}"
            f"{hint} (or give - for standard output)"
        )
    return path


# --- the context a command runs in


class _Context:
    """The parsed arguments, the output streams and the landscape, loaded once."""

    def __init__(self, args: argparse.Namespace, out: _Output, err: _Output) -> None:
        self.args = args
        self.out = out
        self.err = err
        self._world: Landscape | None = None

    @property
    def world(self) -> Landscape:
        if self._world is None:
            if self.args.file:
                self._world = load(self.args.file, Landscape)
            else:
                from coalitions.reference import reference_landscape

                self._world = reference_landscape()
        return self._world

    def day(self, name: str) -> dt.date | None:
        """The day an option (``at``, ``since``, ...) gives, or None when it was not given."""
        given: _Day | None = getattr(self.args, name, None)
        return None if given is None else given.day

    @property
    def at(self) -> dt.date:
        """The day asked about: ``--at``, else the day the data is current to, else today."""
        return self.day("at") or self.world.as_of or dt.date.today()

    def period_notes(self, stream: _Output | None = None) -> None:
        """Say which day a year or month given for a date was taken as (text output only)."""
        if self.args.json:
            return
        for name in ("at", "since", "until"):
            given: _Day | None = getattr(self.args, name, None)
            note = None if given is None else given.note(f"--{name}")
            if note is not None:
                (stream or self.out).write(note + "\n")

    def coverage_note(self) -> None:
        """The notes before a text answer: what a year or month was taken as, and
        whether the day asked about is after the data ends."""
        self.period_notes()
        as_of = self.world.as_of
        if as_of is not None and self.at > as_of and not self.args.json:
            self.out.write(
                f"Note: the data is current to {as_of.isoformat()}; later changes are not in it.\n"
            )

    def state(self, query: str) -> str:
        """A state given in any form the landscape's look-ups take, as its code."""
        return self.world.state(query).code

    def name(self, code: str) -> str:
        return self.world.state(code).name
