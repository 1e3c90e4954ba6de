"""What the command line's commands share: the parser class, dates, output and the context.

Private: the command line itself is :mod:`coalitions.cli`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from coalitions import registry
from coalitions.errors import UnknownEntityError
from coalitions.landscape import Landscape
from coalitions.model import Agreement, Alliance, Minilateral
from coalitions.serialization import load

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    """Bad arguments: reported with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}\nTry '{self.prog} --help'.")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


# --- output helpers


def _table(out: TextIO, rows: Sequence[Sequence[str]], header: Sequence[str] | None = None) -> None:
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


def _json(out: TextIO, data: Any) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _kind(entity: Agreement | Alliance | Minilateral) -> str:
    return type(entity).__name__.lower()


# --- the commands


class _Context:
    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out
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

    @property
    def at(self) -> dt.date:
        """The day asked about: ``--at``, else the day the data is current to, else today."""
        return getattr(self.args, "at", None) or self.world.as_of or dt.date.today()

    def coverage_note(self) -> None:
        """Say so when the day asked about is after the data ends."""
        as_of = self.world.as_of
        if as_of is not None and self.at > as_of and not self.args.json:
            self.out.write(
                f"Note: the data is current to {as_of.isoformat()}; later changes are not in it.\n"
            )

    def state(self, query: str) -> str:
        """A state given in any form the registry knows, as a code in this landscape."""
        world = self.world
        known = {s.code for s in world.states}
        if query in known:
            return query
        found = registry.get(query)
        if found is not None and found.code in known:
            return found.code
        by_name = {s.name.casefold(): s.code for s in world.states}
        if query.casefold() in by_name:
            return by_name[query.casefold()]
        names = [s.name for s in world.states] + sorted(known)
        raise UnknownEntityError("state", query, names)

    def name(self, code: str) -> str:
        return self.world.state(code).name
