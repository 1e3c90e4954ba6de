"""Read and write ATOP, the Alliance Treaty Obligations and Provisions data.

:func:`read` turns ATOP's member-level file (``atop5_1m.csv``: one row per
member per alliance phase) into a validated :class:`~coalitions.Landscape`;
:func:`write_members` writes a landscape back in that layout. For the ATOP
columns this module keeps (:data:`MEMBER_COLUMNS`) the round trip is exact.
See ``docs/atop.md`` for how ATOP's concepts map onto the model.

In short:

* every ATOP alliance becomes an :class:`~coalitions.Alliance` with id
  ``ATOP-<atopid>`` (``ATOP-3180`` is NATO);
* every member row becomes one :class:`~coalitions.Membership` spell, with the
  member's own obligations as an explicit set (possibly empty); the alliance's
  obligations are their union;
* ATOP's entry dates are *signature* dates; an exit date is the first day the
  state is no longer bound, so it is the spell's ``until`` as it stands (the
  rows of consecutive phases meet on it); a blank day keeps month precision;
  ``yrexit = 0`` (still in effect at the end of ATOP's coverage) is an open spell;
* each phase of a multi-phase alliance is also an :class:`~coalitions.Agreement`
  ``ATOP-<atopid>-P<phase>`` whose parties are that phase's spells, listed in
  the alliance's ``agreements``: that is how :func:`write_members` gives each
  row its ``phase`` back;
* members map to registry states by COW number on their entry date
  (:func:`coalitions.registry.by_cow`), including the states outside the COW
  system that ATOP codes (8152, Annam).

ATOP grants no licence to redistribute its data, so this package ships none:
point :func:`read` at your own copy. Cite ATOP (:data:`ATOP_CITATION`) and COW
(:data:`coalitions.registry.COW_CITATION`) wherever you use the result.

>>> import tempfile, pathlib
>>> scratch = tempfile.TemporaryDirectory()
>>> folder = pathlib.Path(scratch.name)
>>> _ = (folder / "m.csv").write_text(
...     "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,maxphase,"
...     "defense,offense,neutral,nonagg,consul\\n"
...     "3180,2,1949,4,4,0,0,0,0,0,1,0,0,1,1\\n"
...     "3180,200,1949,4,4,0,0,0,0,0,1,0,0,1,1\\n")
>>> world = read(folder / "m.csv")
>>> nato = world.grouping("ATOP-3180")
>>> [(m.state, m.since.isoformat(), m.until) for m in nato.members]
[('USA', '1949-04-04', None), ('GBR', '1949-04-04', None)]
>>> sorted(o.value for o in nato.obligations)
['consultation', 'defense', 'non_aggression']
>>> write_members(world, folder / "back.csv")
>>> print((folder / "back.csv").read_text().replace("\\r", ""), end="")
atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,ineffect,phase,maxphase,defense,offense,neutral,nonagg,consul
3180,2,1949,4,4,0,0,0,1,0,0,1,0,0,1,1
3180,200,1949,4,4,0,0,0,1,0,0,1,0,0,1,1
>>> scratch.cleanup()
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import operator
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import attrs

from coalitions import registry
from coalitions._index import gc_paused
from coalitions.errors import Problem, UnknownEntityError, ValidationError
from coalitions.landscape import Landscape
from coalitions.model import (
    Agreement,
    AgreementKind,
    Alliance,
    Commitment,
    Membership,
    Obligation,
    Precision,
    Role,
    State,
)

__all__ = [
    "ATOP_CITATION",
    "ATOP_CODEBOOK",
    "ATOP_END",
    "ATOP_START",
    "DYAD_COLUMNS",
    "MEMBER_COLUMNS",
    "OBLIGATION_COLUMNS",
    "alliance_id",
    "atopid",
    "phase_id",
    "read",
    "write_members",
]

ATOP_END = dt.date(2018, 12, 31)
"""The last day ATOP 5.1 covers: a row with ``yrexit = 0`` was still in effect then."""

ATOP_START = dt.date(1815, 1, 1)
"""The first day ATOP covers (its alliances from 1815): the landscape's ``start``."""

DYAD_COLUMNS: tuple[str, ...] = (
    "stateA",
    "stateB",
    "year",
    "defense",
    "offense",
    "neutral",
    "nonagg",
    "consul",
)
"""The columns :func:`read` needs in ATOP's directed dyad-year file (any others are
accepted; ``atopid1`` ... ``atopid9``, where present, are checked). Names match
whatever their case."""

ATOP_CITATION = (
    "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. "
    '"Alliance Treaty Obligations and Provisions, 1815-1944." International Interactions 28: 237-60.'
)
"""The article of record ATOP asks its users to cite."""

ATOP_CODEBOOK = (
    'Leeds, Brett Ashley. 2022. "Alliance Treaty Obligations and Provisions (ATOP) Codebook." '
    "Version 5.1, August 9, 2022. http://www.atopdata.org"
)
"""The codebook of the ATOP release this module reads (5.1)."""

OBLIGATION_COLUMNS: tuple[tuple[str, Obligation], ...] = (
    ("defense", Obligation.DEFENSE),
    ("offense", Obligation.OFFENSE),
    ("neutral", Obligation.NEUTRALITY),
    ("nonagg", Obligation.NON_AGGRESSION),
    ("consul", Obligation.CONSULTATION),
)
"""ATOP's five member-level obligation dummies and the model's names for them."""

MEMBER_COLUMNS: tuple[str, ...] = (
    "atopid",
    "member",
    "yrent",
    "moent",
    "dayent",
    "yrexit",
    "moexit",
    "dayexit",
    "ineffect",
    "phase",
    "maxphase",
    *(column for column, _ in OBLIGATION_COLUMNS),
)
"""The columns of ATOP's member-level file that :func:`write_members` writes, in ATOP's order.

``ineffect`` is derived (1 where ``yrexit`` is 0); :func:`read` needs all the others.
"""

_REQUIRED = tuple(column for column in MEMBER_COLUMNS if column != "ineffect")
_ALLIANCE_REQUIRED = ("atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "maxphase")
_ID = re.compile(r"ATOP-([1-9][0-9]*)")
_PHASE_ID = re.compile(r"ATOP-([1-9][0-9]*)-P([1-9][0-9]*)")
_FINENESS = {Precision.DAY: 0, Precision.MONTH: 1, Precision.YEAR: 2}

PathLike = str | os.PathLike[str]


def alliance_id(number: int) -> str:
    """The model id of ATOP alliance ``number``.

    >>> alliance_id(3180)
    'ATOP-3180'
    """
    return f"ATOP-{number}"


def phase_id(number: int, phase: int) -> str:
    """The id of the :class:`~coalitions.Agreement` standing for one phase of an alliance.

    >>> phase_id(3180, 2)
    'ATOP-3180-P2'
    """
    return f"ATOP-{number}-P{phase}"


def atopid(id: str) -> int | None:
    """The ATOP number in an alliance id, or ``None`` if it is no ATOP id.

    >>> atopid("ATOP-3180"), atopid("NATO")
    (3180, None)
    """
    match = _ID.fullmatch(id)
    return int(match.group(1)) if match else None


# --- reading


class _Row(NamedTuple):
    """One member row, parsed and checked."""

    line: int
    atopid: int
    member: int
    state: State
    spell: Membership
    phase: int
    maxphase: int


class _Table:
    """A CSV file read whole: its name for messages, header and rows with line numbers.

    A file that cannot be read as a table (bytes that are not UTF-8, a quote
    left open, a field too long for the csv module, repeated or missing column
    names) gets its problems recorded, each at the line (and column, where it
    can be told) where it is, and no rows: ``readable`` is false, and nothing
    is checked against it.
    """

    def __init__(
        self,
        path: PathLike,
        required: Sequence[str],
        problems: list[Problem],
        *,
        casefold: bool = False,
    ) -> None:
        self.name = Path(path).name
        self.problems = problems
        self.rows: list[tuple[int, list[str]]] = []
        self.columns: dict[str, int] = {}
        self.width = 0
        self.required: Callable[[list[str]], tuple[str, ...]] = tuple
        self.spelling: dict[str, str] = {}
        self.readable = False
        self._names: list[str] = []
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self._undecodable(data.decode("utf-8", "surrogateescape").removeprefix("\ufeff"))
            return
        text = text.removeprefix("\ufeff")
        reader = csv.reader(io.StringIO(text, newline=""))
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        spanning: list[tuple[int, int, list[str]]] = []  # records over several lines
        previous = 0  # the last line of the record before
        try:
            for row in reader:
                line = reader.line_num
                if header is None:
                    header = row
                elif row:
                    if line != previous + 1:
                        spanning.append((previous + 1, line, row))
                    rows.append((previous + 1, row))
                previous = line
        except csv.Error as exc:
            self._unparsable(text, previous + 1, reader.line_num, header or [], exc)
            return
        if header is None:
            problems.append(Problem(f"{self.name}:1", "the file is empty: no header"))
            return
        if rows and rows[-1][0] == previous and text.count('"') % 2:
            # an odd number of quotes: the last row, on one line, may end in an open one
            spanning.append((previous, previous, rows[-1][1]))
        self._names = [name.strip() for name in header]
        keys = [name.casefold() for name in self._names] if casefold else self._names
        self.columns = {key: i for i, key in enumerate(keys)}
        # the header's own spelling, for messages
        self.spelling = {name.casefold(): name for name in self._names}
        self.width = len(header)
        found = len(problems)
        self._check_header(keys, required)
        if len(problems) == found:
            self._check_spanning(text, previous, spanning, required)
        if len(problems) > found:
            return
        self.rows = rows
        self.required = operator.itemgetter(*(self.columns[column] for column in required))
        self.readable = True

    def where(self, line: int, column: str | None = None) -> str:
        if column is None:
            return f"{self.name}:{line}"
        return f"{self.name}:{line}:{self.spelling.get(column, column)}"

    def _at(self, line: int, header: Sequence[str], index: int) -> tuple[str, str]:
        """Where field ``index`` of ``line`` is: a path (with the column's name if the
        header gives it one) and words naming the field where it has none."""
        if index < len(header):
            name = header[index].strip()
            if name and not _UNDECODED.search(name):
                return f"{self.name}:{line}:{name}", ""
        return f"{self.name}:{line}", f" (field {index + 1})"

    def _undecodable(self, text: str) -> None:
        """Record where the bytes that are not UTF-8 are (``text`` decoded with
        ``surrogateescape``: each such byte is a lone surrogate)."""
        lines = io.StringIO(text, newline="").readlines()
        header: list[str] = []
        with contextlib.suppress(csv.Error):
            header = next(csv.reader(lines[:1]), [])
        bad = [
            (number, found)
            for number, line in enumerate(lines, 1)
            if (found := _UNDECODED.search(line)) is not None
        ]
        for number, found in bad[:_SHOWN]:
            path, field = self._at(number, header, _field_index(lines[number - 1], found.start()))
            self.problems.append(
                Problem(
                    path,
                    f"byte 0x{ord(found.group()) - 0xDC00:02X}{field} is not UTF-8: the file"
                    " must be UTF-8 text, as ATOP's own files are",
                )
            )
        if len(bad) > _SHOWN:
            self.problems.append(
                Problem(
                    self.name,
                    f"... and {len(bad) - _SHOWN} more lines with bytes that are not UTF-8",
                )
            )

    def _unparsable(
        self, text: str, start: int, line: int, header: Sequence[str], exc: csv.Error
    ) -> None:
        """Record why the csv module stopped in the record from line ``start``."""
        limit = csv.field_size_limit()
        if "field larger than field limit" not in str(exc):
            self.problems.append(Problem(f"{self.name}:{line}", f"cannot be read as CSV: {exc}"))
            return
        lines = io.StringIO(text, newline="").readlines()
        begins, index, quoted = _long_field(lines, start, limit)
        path, field = self._at(begins, header, index)
        message = f"a field{field} longer than {limit:,} characters, the most the csv module reads"
        if quoted:
            message += ": it opens with a quote here; is the closing quote missing?"
        self.problems.append(Problem(path, message))

    def _check_header(self, keys: list[str], required: Sequence[str]) -> None:
        positions: defaultdict[str, list[int]] = defaultdict(list)
        for index, key in enumerate(keys):
            if key:  # unnamed columns (a trailing comma) are no one's
                positions[key].append(index)
        for found in positions.values():
            if len(found) > 1:
                self.problems.append(
                    Problem(
                        f"{self.name}:1:{self._names[found[0]]}",
                        f"names {len(found)} columns"
                        f" ({', '.join(str(index + 1) for index in found)}); a column name"
                        " must be unique, or which column holds the data is a guess",
                    )
                )
        for column in required:
            if column not in self.columns:
                self.problems.append(Problem(f"{self.name}:1:{column}", "missing column"))

    def _check_spanning(
        self,
        text: str,
        last: int,
        spanning: list[tuple[int, int, list[str]]],
        required: Sequence[str],
    ) -> None:
        """Refuse a record over several lines that a quote left open made: one that
        runs to the end of the file unclosed, has the wrong number of fields, or has
        a line break in a column that is read (they hold numbers)."""
        if not spanning:
            return
        lines = io.StringIO(text, newline="").readlines()
        read = {self.columns[column] for column in required}
        for start, end, row in spanning:
            broken = [i for i, cell in enumerate(row) if "\n" in cell or "\r" in cell]
            unclosed = False
            if end == last:
                try:
                    list(csv.reader(lines[start - 1 :], strict=True))
                except csv.Error as exc:
                    unclosed = "unexpected end of data" in str(exc)
            if not (unclosed or len(row) != self.width or read.intersection(broken)):
                continue
            # a quote open to the end is in the last field; one closed later, in the first
            # field it takes a line break into
            index = len(row) - 1 if unclosed or not broken else broken[0]
            path, field = self._at(start, self._names, index)
            if unclosed:
                message = (
                    f"a quoted field{field} opens here and is never closed: it runs to the"
                    f" end of the file (line {end})"
                )
            else:
                message = (
                    f"a quoted field{field} opens here and runs on to line {end}, making"
                    f" {end - start + 1} lines one row: is a closing quote missing?"
                )
            self.problems.append(Problem(path, message))


_UNDECODED = re.compile("[\udc80-\udcff]")
_SHOWN = 10  # lines with bytes that are not UTF-8, reported one by one


def _field_index(line: str, position: int) -> int:
    """Which field of a CSV line ``position`` falls in (quotes respected)."""
    index = 0
    quoted = False
    for char in line[:position]:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            index += 1
    return index


def _long_field(lines: Sequence[str], start: int, limit: int) -> tuple[int, int, bool]:
    """Where the first field longer than ``limit`` is, reading from line ``start`` as
    the csv module does: the line it begins on, its index, whether it is quoted."""
    index = length = 0
    begins = start
    state = "start"  # of a field; or "plain", "quoted", "quote" (one read in a quoted field)
    quoted = False
    for number in range(start, len(lines) + 1):
        for char in lines[number - 1]:
            if state == "quoted":
                if char == '"':
                    state = "quote"
                    continue
            elif state == "start" and char == '"':
                state, quoted, begins = "quoted", True, number
                continue
            elif state == "quote" and char == '"':
                state = "quoted"
            elif char == ",":
                index, length, state, quoted, begins = index + 1, 0, "start", False, number
                continue
            elif char in "\r\n":
                index, length, state, quoted, begins = 0, 0, "start", False, number + 1
                continue
            else:
                if state == "start":
                    begins = number
                state = "plain"
            length += 1
            if length > limit:
                return begins, index, quoted
    return begins, index, quoted


class _Cells:
    """The values of one row by column name, each check recording its problem."""

    def __init__(self, table: _Table, line: int, row: list[str]) -> None:
        self.table = table
        self.line = line
        self.row = row
        self.ok = True

    def text(self, column: str) -> str:
        index = self.table.columns[column]
        return self.row[index].strip() if index < len(self.row) else ""

    def fail(self, column: str, message: str) -> None:
        self.table.problems.append(Problem(self.table.where(self.line, column), message))
        self.ok = False

    def integer(self, column: str, low: int = 0, high: int | None = None) -> int | None:
        text = self.text(column)
        if not (text.isascii() and text.isdigit()):
            what = "is blank" if not text else f"is {_show(text)}"
            self.fail(column, f"{what}; expected a whole number")
            return None
        bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
        digits = text.lstrip("0")
        if len(digits) > _MAX_DIGITS:
            # int() would refuse it past 4,300 digits, and no ATOP number is near this
            self.fail(
                column, f"is a number of {len(digits):,} digits; expected a whole number {bound}"
            )
            return None
        value = int(digits or "0")
        if value < low or (high is not None and value > high):
            self.fail(column, f"is {value}; expected a whole number {bound}")
            return None
        return value

    def optional(self, column: str, low: int, high: int) -> int | None:
        """A number that may be blank (``None``); -1 marks a bad value."""
        if not self.text(column):
            return None
        value = self.integer(column, low, high)
        return -1 if value is None else value

    def flag(self, column: str) -> bool | None:
        text = self.text(column)
        if text not in ("0", "1"):
            self.fail(column, f"is {_show(text)}; expected 0 or 1")
            return None
        return text == "1"


def _date(
    cells: _Cells, year_column: str, month_column: str, day_column: str, year: int
) -> tuple[dt.date, Precision] | None:
    """A date from year, month and day cells; a blank day or month lowers its precision."""
    month = cells.optional(month_column, 1, 12)
    day = cells.optional(day_column, 1, 31)
    if month == -1 or day == -1:
        return None
    if month is None:
        if day is not None:
            cells.fail(month_column, f"is blank, but {day_column} is {day}")
            return None
        return dt.date(year, 1, 1), Precision.YEAR
    if day is None:
        return dt.date(year, month, 1), Precision.MONTH
    try:
        return dt.date(year, month, day), Precision.DAY
    except ValueError:
        cells.fail(day_column, f"{year:04d}-{month:02d}-{day:02d} is not a date")
        return None


def _is_number(text: str) -> bool:
    """A short run of ASCII digits: longer ones (or none) are left to :class:`_Cells`."""
    return text.isdecimal() and text.isascii() and len(text) <= 9


_MAX_DIGITS = 18  # digits a number may have (leading zeros aside) before it is refused


def _show(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message, cut short if it is long: a cell may be megabytes."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text):,} characters)"


_OBLIGATION_SETS: dict[tuple[str, ...], frozenset[Obligation]] = {}


def _obligation_set(flags: tuple[str, ...]) -> frozenset[Obligation] | None:
    """The obligations five 0/1 cells give, or ``None`` if a cell is neither."""
    found = _OBLIGATION_SETS.get(flags)
    if found is None:
        if any(flag not in ("0", "1") for flag in flags):
            return None
        found = frozenset(
            obligation
            for flag, (_, obligation) in zip(flags, OBLIGATION_COLUMNS, strict=True)
            if flag == "1"
        )
        _OBLIGATION_SETS[flags] = found
    return found


def _quick_row(table: _Table, line: int, row: list[str]) -> _Row | None:
    """The common case, a row with nothing wrong and full dates, read fast; ``None``
    for anything else, which :func:`_parse_member_row` then reads cell by cell."""
    if len(row) != table.width:
        return None
    (number, member, yrent, moent, dayent, yrexit, moexit, dayexit, phase, maxphase, *flags) = (
        table.required(row)
    )
    if not (
        _is_number(number)
        and _is_number(member)
        and _is_number(yrent)
        and _is_number(moent)
        and _is_number(dayent)
        and _is_number(yrexit)
        and _is_number(moexit)
        and _is_number(phase)
        and _is_number(maxphase)
    ):
        return None
    obligations = _obligation_set(tuple(flags))
    if obligations is None:
        return None
    try:
        since = dt.date(int(yrent), int(moent), int(dayent))
        if yrexit == "0":
            if moexit != "0" or dayexit != "0":
                return None
            until = None
            until_precision = Precision.DAY
        elif dayexit:
            if not _is_number(dayexit):
                return None
            until = dt.date(int(yrexit), int(moexit), int(dayexit))
            until_precision = Precision.DAY
        else:
            until = dt.date(int(yrexit), int(moexit), 1)
            until_precision = Precision.MONTH
    except ValueError:
        return None
    atop_number, code, phase_number, phases = int(number), int(member), int(phase), int(maxphase)
    if (
        atop_number < 1
        or code < 1
        or (until is not None and until <= since)
        or phase_number > phases
        or (phase_number == 0) != (phases == 0)
    ):
        return None
    try:
        state = registry.by_cow(code, on=since)
    except UnknownEntityError:
        return None
    spell = Membership(
        state=state.code,
        since=since,
        until=until,
        until_precision=until_precision,
        obligations=obligations,
    )
    return _Row(line, atop_number, code, state, spell, phase_number, phases)


def _parse_member_row(table: _Table, line: int, row: list[str]) -> _Row | None:
    quick = _quick_row(table, line, row)
    if quick is not None:
        return quick
    cells = _Cells(table, line, row)
    if len(row) != table.width:
        # Its cells cannot be trusted to be in their columns: say so, once.
        table.problems.append(
            Problem(table.where(line), f"has {len(row)} fields, but the header has {table.width}")
        )
        return None
    number = cells.integer("atopid", 1)
    member = cells.integer("member", 1)
    year_in = cells.integer("yrent", 1, 9999)
    entry = None if year_in is None else _date(cells, "yrent", "moent", "dayent", year_in)
    year_out = cells.integer("yrexit", 0, 9999)
    exit: tuple[dt.date, Precision] | None = None
    if year_out == 0:
        for column in ("moexit", "dayexit"):
            if cells.text(column) != "0":
                cells.fail(
                    column, f"is {_show(cells.text(column))}, but yrexit is 0 (still in effect)"
                )
    elif year_out is not None:
        exit = _date(cells, "yrexit", "moexit", "dayexit", year_out)
    phase = cells.integer("phase", 0)
    maxphase = cells.integer("maxphase", 0)
    if phase is not None and maxphase is not None:
        if phase > maxphase:
            cells.fail("phase", f"is {phase}, after maxphase ({maxphase})")
        elif (phase == 0) != (maxphase == 0):
            cells.fail("phase", f"is {phase} with maxphase {maxphase}: both are 0 or neither")
    obligations = set()
    for column, obligation in OBLIGATION_COLUMNS:
        if cells.flag(column):
            obligations.add(obligation)
    state = None
    if member is not None and entry is not None:
        try:
            state = registry.by_cow(member, on=entry[0])
        except UnknownEntityError:
            cells.fail(
                "member",
                f"{member} is no state: not a COW state number, nor one ATOP gives a state"
                " outside the COW system",
            )
    if entry is not None and exit is not None and exit[0] <= entry[0]:
        since, until = (p.describe(d) for d, p in (entry, exit))
        if exit[0] == entry[0] or exit[1] is not Precision.DAY:
            reason = (
                f"the spell from {since} to {until} cannot be stored: its exit"
                f" ({until}, {exit[1].value} precision) is not after its entry, and a half-open"
                " spell [since, until) cannot be empty; giving it a later exit would invent a day"
            )
        else:
            reason = f"{until} is before the entry date ({since})"
        cells.fail("yrexit", reason)
    if not cells.ok or entry is None or state is None:
        return None
    assert number is not None
    assert member is not None
    assert phase is not None
    assert maxphase is not None
    spell = Membership(
        state=state.code,
        since=entry[0],
        since_precision=entry[1],
        until=None if exit is None else exit[0],
        until_precision=Precision.DAY if exit is None else exit[1],
        obligations=frozenset(obligations),
    )
    return _Row(line, number, member, state, spell, phase, maxphase)


def _earliest(spells: Sequence[Membership]) -> tuple[dt.date, Precision]:
    """The first ``since`` among ``spells``, at the finest precision any of them gives it.

    A month-precision date stored as the first of its month is no earlier than a
    day-precision date on that first of the month.
    """
    first = min(spell.since for spell in spells)
    precision = min(
        (spell.since_precision for spell in spells if spell.since == first),
        key=_FINENESS.__getitem__,
    )
    return first, precision


def _latest(spells: Sequence[Membership]) -> tuple[dt.date | None, Precision]:
    """The last ``until`` (``None`` if any spell is open), at the coarsest precision
    any spell gives that date: a month exit stored on the first may fall later in it."""
    if any(spell.until is None for spell in spells):
        return None, Precision.DAY
    last = max(spell.until for spell in spells if spell.until is not None)
    precision = max(
        (spell.until_precision for spell in spells if spell.until == last),
        key=_FINENESS.__getitem__,
    )
    return last, precision


def _check_alliance(table: _Table, rows: list[_Row]) -> None:
    """The rules that span the rows of one alliance."""
    first = rows[0]
    problems = table.problems
    for row in rows[1:]:
        if row.maxphase != first.maxphase:
            problems.append(
                Problem(
                    table.where(row.line, "maxphase"),
                    f"is {row.maxphase}, but {first.maxphase} on line {first.line} of the same"
                    f" alliance ({first.atopid})",
                )
            )
    highest = max(row.phase for row in rows)
    if first.maxphase and highest != first.maxphase:
        problems.append(
            Problem(
                table.where(first.line, "maxphase"),
                f"is {first.maxphase}, but the highest phase of alliance {first.atopid} is {highest}",
            )
        )
    if len({row.state.code for row in rows}) < 2:
        problems.append(
            Problem(
                table.where(first.line, "member"),
                f"alliance {first.atopid} has only one member state; an alliance needs two",
            )
        )
    if not any(row.spell.obligations for row in rows):
        problems.append(
            Problem(
                table.where(first.line, "atopid"),
                f"alliance {first.atopid}: no member row has any of the five obligations;"
                " an alliance needs at least one",
            )
        )
    by_phase: defaultdict[int, set[str]] = defaultdict(set)
    for row in rows:
        by_phase[row.phase].add(row.state.code)
    for phase, states in sorted(by_phase.items()):
        if phase and len(states) < 2:
            line = next(row.line for row in rows if row.phase == phase)
            problems.append(
                Problem(
                    table.where(line, "phase"),
                    f"phase {phase} of alliance {first.atopid} has only one member state",
                )
            )
    # Spells of one state may overlap across phases (parallel phases, see
    # _merge_parallel), never within one.
    by_state: defaultdict[tuple[int, str], list[_Row]] = defaultdict(list)
    for row in rows:
        by_state[row.phase, row.state.code].append(row)
    for own in by_state.values():
        own.sort(key=lambda row: row.spell.since)
        for earlier, later in itertools.pairwise(own):
            until = earlier.spell.until
            if until is None or later.spell.since < until:
                problems.append(
                    Problem(
                        table.where(later.line, "yrent"),
                        f"{later.state.code} (member {later.member}) is already in phase"
                        f" {later.phase} of alliance {later.atopid} then: this spell overlaps"
                        f" the one on line {earlier.line}",
                    )
                )


def _merge_parallel(spells: list[Membership]) -> list[Membership]:
    """The alliance's view of its phase spells: one state's overlapping spells as one.

    Phases usually follow one another, and a state's spells in consecutive
    phases meet on the boundary, as the model allows. But where a member split
    (Czechoslovakia in 1993), ATOP codes the successors' treaties as parallel
    phases, and the other party has one row in each, at the same time. The
    alliance cannot hold two overlapping spells of one state, so it holds their
    union: from the earliest entry to the latest exit, with the union of their
    obligations. The phase agreements keep every row as it was.
    """
    groups: list[list[Membership]] = []
    open_group: dict[str, list[Membership]] = {}
    for spell in sorted(spells, key=lambda spell: spell.since):
        group = open_group.get(spell.state)
        if group is not None:
            end, _ = _latest(group)
            if end is None or spell.since < end:
                group.append(spell)
                continue
        group = [spell]
        open_group[spell.state] = group
        groups.append(group)
    if len(groups) == len(spells):
        return spells
    position = {id(spell): index for index, spell in enumerate(spells)}
    merged: list[tuple[int, Membership]] = []
    for group in groups:
        first = min(position[id(spell)] for spell in group)
        if len(group) == 1:
            merged.append((first, group[0]))
            continue
        since, since_precision = _earliest(group)
        until, until_precision = _latest(group)
        merged.append(
            (
                first,
                Membership(
                    state=group[0].state,
                    since=since,
                    since_precision=since_precision,
                    until=until,
                    until_precision=until_precision,
                    obligations=frozenset().union(*(spell.obligations or () for spell in group)),
                ),
            )
        )
    merged.sort(key=lambda pair: pair[0])
    return [spell for _, spell in merged]


def _build_alliance(number: int, rows: list[_Row], source: str) -> tuple[Alliance, list[Agreement]]:
    spells = [row.spell for row in rows]
    founded, founded_precision = _earliest(spells)
    dissolved, dissolved_precision = _latest(spells)
    agreements: list[Agreement] = []
    phases = sorted({row.phase for row in rows if row.phase})
    for phase in phases:
        parties = [row.spell for row in rows if row.phase == phase]
        signed, signed_precision = _earliest(parties)
        ended, ended_precision = _latest(parties)
        obligations = frozenset().union(*(spell.obligations or () for spell in parties))
        agreements.append(
            Agreement(
                id=phase_id(number, phase),
                name=f"ATOP alliance {number}, phase {phase}",
                kind=AgreementKind.TREATY,
                parties=parties,
                signed=signed,
                signed_precision=signed_precision,
                ended=ended,
                ended_precision=ended_precision,
                obligations=obligations,
                sources=[f"{source}, atopid {number}, phase {phase}"],
            )
        )
    alliance = Alliance(
        id=alliance_id(number),
        name=f"ATOP alliance {number}",
        founded=founded,
        founded_precision=founded_precision,
        dissolved=dissolved,
        dissolved_precision=dissolved_precision,
        members=_merge_parallel(spells),
        obligations=frozenset().union(*(spell.obligations or () for spell in spells)),
        agreements=[agreement.id for agreement in agreements],
        sources=[f"{source}, atopid {number}"],
    )
    return alliance, agreements


def _check_alliance_file(
    path: PathLike,
    alliances: dict[int, Alliance],
    by_alliance: dict[int, list[_Row]],
    table_name: str,
    problems: list[Problem],
) -> None:
    """Cross-check ATOP's alliance-level file against what the member rows say."""
    table = _Table(path, _ALLIANCE_REQUIRED, problems)
    if not table.readable:
        return  # its problems are recorded; checking rows it could not give would invent more
    members = sorted(
        (column for column in table.columns if re.fullmatch(r"mem[0-9]+", column)),
        key=lambda column: int(column[3:]),
    )
    member_codes = {number: {row.member for row in rows} for number, rows in by_alliance.items()}
    maxphases = {number: rows[0].maxphase for number, rows in by_alliance.items()}
    seen: set[int] = set()
    unread = False  # a row whose atopid cannot be read: the alliance missing may be its
    for line, row in table.rows:
        cells = _Cells(table, line, row)
        number = cells.integer("atopid", 1)
        if number is None:
            unread = True
            continue
        if number in seen:
            cells.fail("atopid", f"alliance {number} appears twice")
            continue
        seen.add(number)
        alliance = alliances.get(number)
        if alliance is None:
            cells.fail("atopid", f"alliance {number} has no rows in {table_name}")
            continue
        begin_year = cells.integer("begyr", 1, 9999)
        if begin_year is not None:
            begin = _date(cells, "begyr", "begmo", "begday", begin_year)
            if begin is not None and begin != (alliance.founded, alliance.founded_precision):
                stated = begin[1].describe(begin[0])
                cells.fail(
                    "begyr",
                    f"the alliance begins {stated}, but its earliest member entry in"
                    f" {table_name} is {alliance.founded_precision.describe(alliance.founded)}",
                )
        end_year = cells.integer("endyr", 0, 9999)
        if end_year == 0:
            if alliance.dissolved is not None:
                cells.fail(
                    "endyr",
                    f"is 0 (still in effect), but every member of alliance {number} has left in"
                    f" {table_name}",
                )
        elif end_year is not None:
            end = _date(cells, "endyr", "endmo", "endday", end_year)
            ours = (
                "still in effect"
                if alliance.dissolved is None
                else alliance.dissolved_precision.describe(alliance.dissolved)
            )
            if end is not None and end != (alliance.dissolved, alliance.dissolved_precision):
                cells.fail(
                    "endyr",
                    f"the alliance ends {end[1].describe(end[0])}, but its last member exit in"
                    f" {table_name} is {ours}",
                )
        maxphase = cells.integer("maxphase", 0)
        if maxphase is not None and maxphase != maxphases[number]:
            cells.fail("maxphase", f"is {maxphase}, but {maxphases[number]} in {table_name}")
        listed = set()
        for column in members:
            text = cells.text(column)
            if text:
                code = cells.integer(column, 1)
                if code is not None:
                    listed.add(code)
        if members and listed != member_codes[number]:
            cells.fail(
                members[0],
                f"the members listed ({', '.join(map(str, sorted(listed)))}) differ from those in"
                f" {table_name} ({', '.join(map(str, sorted(member_codes[number])))})",
            )
    for number in [] if unread else sorted(set(alliances) - seen):
        problems.append(
            Problem(f"{table.name}", f"alliance {number} of {table_name} has no row here")
        )


def read(
    member_csv: PathLike,
    alliance_csv: PathLike | None = None,
    *,
    dyads: PathLike | None = None,
    as_of: dt.date = ATOP_END,
    start: dt.date = ATOP_START,
) -> Landscape:
    """A validated landscape of every alliance in ATOP's member-level file.

    ``member_csv`` is ATOP's member-level file (``atop5_1m.csv``); it needs the
    columns ``atopid``, ``member``, the entry and exit dates, ``phase``,
    ``maxphase`` and the five obligations, and may have any others (they are
    not kept). ``alliance_csv``, ATOP's alliance-level file (``atop5_1a.csv``),
    is optional: when given, every alliance's begin and end dates, phase count
    and member list there are checked against the member rows.

    The landscape holds the states the rows name (from the registry), one
    :class:`~coalitions.Alliance` per ATOP alliance and one
    :class:`~coalitions.Agreement` per phase of a multi-phase alliance; its
    coverage is ``start`` to ``as_of`` (ATOP 5.1's: 1815 to 2018 unless told).

    ``dyads``, ATOP's directed dyad-year file (``atop5_1ddyr.csv``, with all its
    columns, or just :data:`DYAD_COLUMNS`), gives the pairwise obligations the
    member-level file cannot: in an asymmetric alliance a member's ``defense =
    1`` may be owed to some members only. Where a member's spell owes another
    member less than its own obligations in some year of the file, the spell
    gets a :class:`~coalitions.Commitment` toward that member with what it does
    owe (its phase agreement's spell too), so that
    ``tables.dyad_years(landscape)`` gives back the file's rows and flags. The
    file must match the member file: one row per directed dyad-year of two
    COW-system states that share an alliance there, and no obligation the
    member rows do not give.

    A file that breaks any rule raises :class:`~coalitions.ValidationError`
    listing every problem, each at ``file:line:column``
    (``atop5_1m.csv:17:yrent``, the header being line 1); nothing is returned
    half-read. A file that cannot be read as a table (bytes that are not UTF-8,
    a quote left open, a field longer than the csv module reads, repeated or
    missing column names) is reported so, where the trouble is, and not
    checked further. A file that cannot be opened raises :class:`OSError`.
    """
    with gc_paused():  # thousands of rows and objects, none in a reference cycle
        return _read(member_csv, alliance_csv, dyads, as_of, start)


def _read(
    member_csv: PathLike,
    alliance_csv: PathLike | None,
    dyads: PathLike | None,
    as_of: dt.date,
    start: dt.date,
) -> Landscape:
    problems: list[Problem] = []
    table = _Table(member_csv, _REQUIRED, problems)
    version = "5.1"
    if "version" in table.columns and table.rows:
        found = _Cells(table, *table.rows[0]).text("version")
        version = found or version
    source = f"ATOP {version} member-level data"
    by_alliance: dict[int, list[_Row]] = {}
    incomplete: set[str] = set()
    for line, raw in table.rows:
        row = _parse_member_row(table, line, raw)
        if row is not None:
            by_alliance.setdefault(row.atopid, []).append(row)
        else:
            incomplete.add(_Cells(table, line, raw).text("atopid"))
    for number, rows in by_alliance.items():
        # An alliance missing a bad row would only raise problems of its own making.
        if str(number) not in incomplete:
            _check_alliance(table, rows)
    if problems:
        raise ValidationError(problems)
    alliances: dict[int, Alliance] = {}
    agreements: list[Agreement] = []
    states: dict[str, State] = {}
    for number, rows in by_alliance.items():
        try:
            alliance, phases = _build_alliance(number, rows, source)
        except ValidationError as exc:  # the checks above should have caught it
            where = table.where(rows[0].line, "atopid")
            problems.extend(problem.under(where) for problem in exc.problems)
            continue
        alliances[number] = alliance
        agreements.extend(phases)
        for row in rows:
            states.setdefault(row.state.code, row.state)
    if alliance_csv is not None:
        _check_alliance_file(alliance_csv, alliances, by_alliance, table.name, problems)
    if problems:
        raise ValidationError(problems)
    if dyads is not None:
        commitments = _read_dyads(dyads, alliances, states, as_of, table.name, problems)
        if problems:
            raise ValidationError(problems)
        alliances, agreements = _commit(alliances, agreements, commitments)
    return Landscape(
        states=sorted(states.values(), key=lambda state: state.code),
        alliances=alliances.values(),
        agreements=agreements,
        as_of=as_of,
        start=start,
    )


# --- ATOP's directed dyad-year file: pairwise obligations

_FLAG_COLUMNS = tuple(column for column, _ in OBLIGATION_COLUMNS)
_BIT = {obligation: 1 << i for i, (_, obligation) in enumerate(OBLIGATION_COLUMNS)}
# (spell's id, the other state) -> the obligations the spell does not owe that state
_Removed = dict[tuple[int, str], frozenset[Obligation]]


def _bits(obligations: frozenset[Obligation]) -> int:
    mask = 0
    for obligation in obligations:
        mask |= _BIT[obligation]
    return mask


def _shared_spells(
    alliances: dict[int, Alliance], open_end: int
) -> dict[tuple[str, str, int], dict[int, Membership]]:
    """(A, B, year) -> alliance number -> A's latest spell there that year that
    shares a day with one of B's: the spells the tables count."""
    found: dict[tuple[str, str, int], dict[int, Membership]] = {}
    for number, alliance in alliances.items():
        spells = [s for s in alliance.members if s.role is Role.MEMBER]
        for mine in spells:
            for theirs in spells:
                if mine.state == theirs.state:
                    continue
                if mine.until is not None and theirs.since >= mine.until:
                    continue
                if theirs.until is not None and mine.since >= theirs.until:
                    continue
                last_a = open_end if mine.until is None else mine.until.year
                last_b = open_end if theirs.until is None else theirs.until.year
                first = max(mine.since.year, theirs.since.year)
                for year in range(first, min(last_a, last_b) + 1):
                    cell = found.setdefault((mine.state, theirs.state, year), {})
                    held = cell.get(number)
                    if held is None or mine.since > held.since:
                        cell[number] = mine
    return found


def _read_dyads(
    path: PathLike,
    alliances: dict[int, Alliance],
    states: dict[str, State],
    as_of: dt.date,
    member_name: str,
    problems: list[Problem],
) -> _Removed:
    """Check ATOP's directed dyad-year file against the member rows and find, spell
    by spell and partner by partner, the obligations the spell does not owe."""
    required = tuple(column.casefold() for column in DYAD_COLUMNS)
    table = _Table(path, required, problems, casefold=True)
    if not table.readable:
        return {}
    id_columns = sorted(
        (column for column in table.columns if re.fullmatch(r"atopid[0-9]+", column)),
        key=lambda column: int(column[6:]),
    )
    by_cow: defaultdict[int, list[State]] = defaultdict(list)
    for state in states.values():
        if state.cow_code is not None:
            by_cow[state.cow_code].append(state)
    counted = _shared_spells(alliances, as_of.year)
    first_year = min((alliance.founded.year for alliance in alliances.values()), default=as_of.year)
    removed: dict[tuple[int, str], int] = {}
    seen: set[tuple[str, str, int]] = set()
    for line, row in table.rows:
        cells = _Cells(table, line, row)
        if len(row) != table.width:
            problems.append(
                Problem(
                    table.where(line), f"has {len(row)} fields, but the header has {table.width}"
                )
            )
            continue
        codes = []
        for column in ("statea", "stateb"):
            number = cells.integer(column, 1)
            if number is None:
                continue
            holders = by_cow.get(number)
            if not holders:
                cells.fail(column, f"{number} is no state in {member_name}")
                continue
            codes.append((column, number, holders))
        year = cells.integer("year", 1, 9999)
        if year is not None and not first_year <= year <= as_of.year:
            cells.fail(
                "year", f"{year} is outside the years of {member_name} ({first_year}-{as_of.year})"
            )
        mask = 0
        for bit, column in enumerate(("defense", "offense", "neutral", "nonagg", "consul")):
            if cells.flag(column):
                mask |= 1 << bit
        if not cells.ok or year is None or len(codes) != 2:
            continue
        (_, number_a, holders_a), (_, number_b, holders_b) = codes
        a = _holder(holders_a, year)
        b = _holder(holders_b, year)
        key = (a.code, b.code, year)
        if key in seen:
            cells.fail("statea", f"a second row for {number_a}-{number_b} in {year}")
            continue
        seen.add(key)
        spells = counted.get(key)
        if not spells:
            cells.fail(
                "year",
                f"{number_a} and {number_b} share no alliance in {year} in {member_name}",
            )
            continue
        if id_columns:
            listed = set()
            for column in id_columns:
                if cells.text(column):
                    value = cells.integer(column, 1)
                    if value is not None:
                        listed.add(value)
            if cells.ok and listed != set(spells):
                cells.fail(
                    id_columns[0],
                    f"the alliances listed ({', '.join(map(str, sorted(listed)))}) differ from"
                    f" those {number_a} and {number_b} share in {year} in {member_name}"
                    f" ({', '.join(map(str, sorted(spells)))})",
                )
                continue
        union = 0
        for spell in spells.values():
            union |= _bits(spell.obligations or frozenset())
        extra = mask & ~union
        if extra:
            for bit, column in enumerate(_FLAG_COLUMNS):
                if extra & (1 << bit):
                    cells.fail(
                        column,
                        f"is 1, but in {member_name} {number_a} has no such obligation in the"
                        f" alliances it shares with {number_b} in {year}"
                        f" ({', '.join(map(str, sorted(spells)))})",
                    )
            continue
        for spell in spells.values():
            lacking = _bits(spell.obligations or frozenset()) & ~mask
            if lacking:
                slot = (id(spell), b.code)
                removed[slot] = removed.get(slot, 0) | lacking
    missing = [
        key
        for key in counted
        if key not in seen
        and states[key[0]].cow_code is not None
        and states[key[1]].cow_code is not None
    ]
    for code_a, code_b, when in sorted(missing)[:10]:
        problems.append(
            Problem(
                table.name,
                f"has no row for {states[code_a].cow_code}-{states[code_b].cow_code} in {when},"
                f" who share alliance"
                f" {', '.join(map(str, sorted(counted[code_a, code_b, when])))} in {member_name}",
            )
        )
    if len(missing) > 10:
        problems.append(Problem(table.name, f"... and {len(missing) - 10} more dyad-years"))
    return {
        slot: frozenset(o for o, bit in _BIT.items() if mask & bit)
        for slot, mask in removed.items()
    }


def _holder(holders: list[State], year: int) -> State:
    """The state holding a COW number in ``year``, among the member file's states."""
    if len(holders) == 1:
        return holders[0]
    on = registry.by_cow(holders[0].cow_code or 0, on=dt.date(year, 12, 31))
    return next((state for state in holders if state.code == on.code), holders[0])


def _commit(
    alliances: dict[int, Alliance], agreements: list[Agreement], removed: _Removed
) -> tuple[dict[int, Alliance], list[Agreement]]:
    """The alliances and phase agreements with each spell's commitments toward the
    members it owes less than its own obligations."""
    if not removed:
        return alliances, agreements
    by_party: dict[int, list[Commitment]] = {}
    changed_alliances: dict[int, Alliance] = {}
    for number, alliance in alliances.items():
        members = []
        for spell in alliance.members:
            own = spell.obligations or frozenset()
            toward = [
                Commitment(toward=other, obligations=own - lacking)
                for (spell_id, other), lacking in removed.items()
                if spell_id == id(spell)
            ]
            if toward:
                toward.sort(key=lambda c: c.toward)
                by_party[id(spell)] = toward
                members.append(attrs.evolve(spell, toward=toward))
            else:
                members.append(spell)
        changed_alliances[number] = (
            attrs.evolve(alliance, members=members)
            if any(m is not s for m, s in zip(members, alliance.members, strict=True))
            else alliance
        )
    # The phase agreements keep their own spells; give them the same commitments,
    # limited to what each phase spell undertakes.
    spans = {
        alliance.id: [(s, by_party[id(s)]) for s in alliance.members if id(s) in by_party]
        for alliance in alliances.values()
    }
    changed_agreements = []
    for agreement in agreements:
        owner = agreement.id.rsplit("-P", 1)[0]
        parties = []
        for party in agreement.parties:
            found = next(
                (
                    commitments
                    for spell, commitments in spans.get(owner, ())
                    if spell.state == party.state and _within(party, spell)
                ),
                None,
            )
            if found is None:
                parties.append(party)
                continue
            own = party.obligations or frozenset()
            parties.append(
                attrs.evolve(
                    party,
                    toward=[
                        Commitment(toward=c.toward, obligations=c.obligations & own) for c in found
                    ],
                )
            )
        changed_agreements.append(
            attrs.evolve(agreement, parties=parties)
            if any(p is not q for p, q in zip(parties, agreement.parties, strict=True))
            else agreement
        )
    return changed_alliances, changed_agreements


# --- writing


def _member_code(state: State) -> int | None:
    if state.cow_code is not None:
        return state.cow_code
    known = registry.get(state.code)
    if known is not None and known.code == state.code:
        codes = registry.record(state.code).nonsystem_codes
        if len(codes) == 1:
            return codes[0]
    return None


def _date_cells(day: dt.date, precision: Precision) -> list[str]:
    return [
        str(day.year),
        "" if precision is Precision.YEAR else str(day.month),
        "" if precision is not Precision.DAY else str(day.day),
    ]


def _phase_parties(
    landscape: Landscape, alliance: Alliance, number: int
) -> tuple[int, dict[str, list[tuple[int, Membership]]]]:
    """The alliance's highest phase and, by state, the spells of its phase agreements."""
    by_state: defaultdict[str, list[tuple[int, Membership]]] = defaultdict(list)
    highest = 0
    for agreement_id in alliance.agreements:
        match = _PHASE_ID.fullmatch(agreement_id)
        if not match or int(match.group(1)) != number:
            continue
        phase = int(match.group(2))
        highest = max(highest, phase)
        for party in landscape.agreement(agreement_id).parties:
            by_state[party.state].append((phase, party))
    return highest, by_state


def _within(party: Membership, spell: Membership) -> bool:
    """Whether ``party`` lies inside ``spell``."""
    if party.since < spell.since:
        return False
    if spell.until is None:
        return True
    return party.until is not None and party.until <= spell.until


def _member_rows(
    landscape: Landscape, skip_other: bool, problems: list[Problem]
) -> Iterator[list[str]]:
    codes: dict[str, int | None] = {}
    for alliance in landscape.alliances:
        number = atopid(alliance.id)
        if number is None:
            if not skip_other:
                problems.append(
                    Problem(
                        f"alliances[{alliance.id}].id",
                        "is not an ATOP id (ATOP-<atopid>), so the alliance has no atopid;"
                        " pass skip_other=True to leave such alliances out",
                    )
                )
            continue
        maxphase, parties = _phase_parties(landscape, alliance, number)
        used: set[int] = set()
        for index, spell in enumerate(alliance.members):
            where = f"alliances[{alliance.id}].members[{index}]"
            if spell.role is not Role.MEMBER:
                problems.append(
                    Problem(f"{where}.role", f"is {spell.role.value}; ATOP has members only")
                )
                continue
            if spell.state not in codes:
                codes[spell.state] = _member_code(landscape.state(spell.state))
            code = codes[spell.state]
            if code is None:
                problems.append(
                    Problem(f"{where}.state", f"{spell.state} has no COW or ATOP state number")
                )
                continue
            if maxphase:
                # The spell's rows are the phase spells it covers: one, or several
                # parallel phases (see _merge_parallel).
                rows = sorted(
                    (
                        (phase, party)
                        for phase, party in parties.get(spell.state, ())
                        if _within(party, spell)
                    ),
                    key=lambda pair: (pair[1].since, pair[0]),
                )
                if not rows:
                    problems.append(
                        Problem(where, f"is in none of the phase agreements of {alliance.id}")
                    )
                    continue
            else:
                rows = [(0, spell)]
            for phase, party in rows:
                used.add(id(party))
                if party.until is None:
                    exit = ["0", "0", "0"]
                else:
                    exit = _date_cells(party.until, party.until_precision)
                obligations = (
                    party.obligations
                    if party.obligations is not None
                    else alliance.obligations_of(spell)
                )
                yield [
                    str(number),
                    str(code),
                    *_date_cells(party.since, party.since_precision),
                    *exit,
                    "1" if party.until is None else "0",
                    str(phase),
                    str(maxphase),
                    *(
                        "1" if obligation in obligations else "0"
                        for _, obligation in OBLIGATION_COLUMNS
                    ),
                ]
        for state, own in sorted(parties.items()):
            for phase, party in own:
                if id(party) not in used:
                    problems.append(
                        Problem(
                            f"agreements[{phase_id(number, phase)}]",
                            f"{state}'s spell from {party.since.isoformat()} lies in no member"
                            f" spell of {alliance.id}",
                        )
                    )


def write_members(landscape: Landscape, path: PathLike, *, skip_other: bool = False) -> None:
    """Write the landscape's alliances in ATOP's member-level layout (:data:`MEMBER_COLUMNS`).

    One row per member spell, alliance by alliance and spell by spell in the
    landscape's order, so a landscape from :func:`read` comes back row for row
    (where one alliance spell stands for several parallel phases, its rows
    come in phase order). CRLF line endings, as in ATOP's files.
    ``phase`` and ``maxphase`` come from the alliance's phase agreements
    (``ATOP-<atopid>-P<n>``); a spell's obligations are its own, or the
    alliance's where it has none of its own. A blank day or month stands for
    reduced precision, as in ATOP; an open spell is written ``0,0,0``.

    Every alliance needs an ATOP id (``ATOP-<atopid>``); with
    ``skip_other=True`` the others are left out instead. Any problem raises
    :class:`~coalitions.ValidationError` before the file is touched.
    """
    problems: list[Problem] = []
    rows = list(_member_rows(landscape, skip_other, problems))
    if problems:
        raise ValidationError(problems)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(MEMBER_COLUMNS)
        writer.writerows(rows)
