"""The research commands: ``atop import``, ``tables state-years|dyad-years``, ``similarity``.

Private: the command line itself is :mod:`coalitions.cli`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from coalitions import registry
from coalitions._cli_common import (
    AT_HELP,
    JSON_OPTION,
    _ascii_json,
    _Context,
    _day_end,
    _json,
    _output_target,
    _Parser,
    _table,
    _UsageError,
)
from coalitions.errors import CoalitionsError, UnknownEntityError
from coalitions.serialization import dump, dumps


def _add_research_commands(commands: Any) -> None:
    """Add ``atop import`` and ``tables state-years|dyad-years`` to the parser."""
    source = _Parser(add_help=False)
    source.add_argument(
        "--file", metavar="PATH", help="a landscape JSON file (default: the reference landscape)"
    )
    atop = commands.add_parser(
        "atop",
        help="read ATOP (Alliance Treaty Obligations and Provisions) data",
        description="Read ATOP data into a landscape. ATOP is not shipped: use your own copy.",
    )
    atop_commands = atop.add_subparsers(
        dest="atop_command", metavar="COMMAND", parser_class=_Parser
    )
    atop_commands.required = True
    atop_import = atop_commands.add_parser(
        "import",
        help="turn ATOP's member-level file into a landscape JSON file",
        description="Turn ATOP's member-level file (atop5_1m.csv) into a landscape JSON file;"
        " every problem in the file is listed, with its line and column.",
    )
    atop_import.add_argument("member_csv", metavar="MEMBER_CSV", help="ATOP's member-level CSV")
    atop_import.add_argument(
        "--alliances",
        metavar="CSV",
        help="ATOP's alliance-level CSV (atop5_1a.csv), to check the member rows against",
    )
    atop_import.add_argument(
        "--dyads",
        metavar="CSV",
        help="ATOP's directed dyad-year CSV (atop5_1ddyr.csv): the pairwise obligations of"
        " asymmetric alliances",
    )
    atop_import.add_argument(
        "--output",
        metavar="PATH",
        required=True,
        help="the landscape .json file to write; - for standard output",
    )
    atop_import.add_argument("--json", **JSON_OPTION)

    tables = commands.add_parser(
        "tables",
        help="state-year and dyad-year tables of alliance ties, as ATOP builds them",
        description="Write a research table of alliance ties, in ATOP's layout.",
    )
    table_commands = tables.add_subparsers(dest="table", metavar="TABLE", parser_class=_Parser)
    table_commands.required = True
    for name, what in (
        ("state-years", "one row per state and year with at least one alliance"),
        ("dyad-years", "one row per pair of states and year sharing at least one alliance"),
    ):
        table = table_commands.add_parser(name, help=what, description=what, parents=[source])
        table.add_argument(
            "--output",
            metavar="PATH",
            required=True,
            help="the file to write (.csv or .parquet); - for CSV on standard output",
        )
        table.add_argument("--json", **JSON_OPTION)
        table.add_argument(
            "--format",
            choices=("csv", "parquet"),
            help="the file format (default: parquet for a .parquet file, else csv)",
        )
        table.add_argument("--start", type=int, metavar="YEAR", help="from this year (included)")
        table.add_argument("--end", type=int, metavar="YEAR", help="up to this year (included)")
        table.add_argument(
            "--complete",
            action="store_true",
            help="a complete panel: every member of the state system in every year; alliance"
            " columns empty outside the landscape's coverage",
        )
        table.add_argument(
            "--system",
            choices=("cow", "gw"),
            default="cow",
            help="the state system: COW v2024 (default) or Gleditsch-Ward",
        )
        table.add_argument(
            "--nna",
            action="store_true",
            help="leave out alliances that are pure non-aggression pacts (ATOP's NNA files)",
        )
        if name == "dyad-years":
            table.add_argument(
                "--undirected",
                action="store_true",
                help="each pair once, the lower COW number first, with the obligations of"
                " either (default: directed)",
            )
            table.add_argument(
                "--relevant",
                action="store_true",
                help="politically relevant dyads only: contiguous, or either a major power"
                " (to 2016)",
            )

    similarity = commands.add_parser(
        "similarity",
        help="how alike two states' alliance (or tie) portfolios are: S, kappa, pi, tau-b",
        description="Compare two states' portfolios of ties to every member of the state"
        " system on a day (see docs/research.md).",
        parents=[source],
    )
    similarity.add_argument("state_a", metavar="A", help="a state (code, COW number or name)")
    similarity.add_argument("state_b", metavar="B", help="another state")
    similarity.add_argument("--at", type=_day_end, metavar="DATE", help=AT_HELP)
    similarity.add_argument(
        "--measure",
        choices=("s", "kappa", "pi", "tau_b"),
        action="append",
        help="a measure (repeat for several; default: all four)",
    )
    similarity.add_argument(
        "--scale",
        choices=("atop", "strength"),
        default="atop",
        help="ATOP's valued alliance scale (default) or every tie's strength",
    )
    similarity.add_argument(
        "--system",
        choices=("cow", "gw", "landscape"),
        default="cow",
        help="the states compared over: a state system, or the landscape's own states",
    )
    similarity.add_argument("--json", **JSON_OPTION)


class _ProgressBar:
    """A plain-text progress bar on standard error, shown only on a terminal
    (``tty``: default, whether the stream is one) and only once work has taken
    longer than ``delay`` seconds."""

    def __init__(
        self,
        label: str,
        stream: TextIO | None = None,
        *,
        tty: bool | None = None,
        delay: float = 1.0,
        width: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.stream = stream
        self.enabled = _isatty(stream or sys.stderr) if tty is None else tty
        self.delay = delay
        self.width = width
        self.clock = clock
        self.started = clock()
        self.shown = False
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if not self.shown and self.clock() - self.started < self.delay:
            return
        percent = 100 * done // total if total else 100
        if percent == self.last:
            return
        self.last = percent
        self.shown = True
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        stream = self.stream or sys.stderr
        stream.write(f"\r{self.label} [{bar}] {percent:3d}% ({done}/{total})")
        stream.flush()

    def close(self) -> None:
        """End the bar's line, if it was shown."""
        if self.shown:
            (self.stream or sys.stderr).write("\n")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _atop(ctx: _Context) -> None:
    from coalitions import atop

    args = ctx.args
    target = _output_target("atop import", args.output, (".json",))
    try:
        world = atop.read(args.member_csv, args.alliances, dyads=args.dyads)
    except OSError as exc:
        raise CoalitionsError(
            f"cannot read {exc.filename or args.member_csv}: {exc.strerror or exc}"
        ) from exc
    if target is None:
        text = dumps(world, indent=2)
        ctx.out.write((text if ctx.out.unicode else _ascii_json(text)) + "\n")
    else:
        try:
            dump(world, target)
        except OSError as exc:
            raise CoalitionsError(f"cannot write {target}: {exc.strerror or exc}") from exc
    rows = sum(len(a.parties) for a in world.agreements) + sum(
        len(a.members) for a in world.alliances if not a.agreements
    )
    committed = sum(1 for a in world.alliances for m in a.members if m.toward)
    if args.json:
        if target is not None:  # else standard output holds the landscape
            _json(
                ctx.out,
                {
                    "output": target,
                    "alliances": len(world.alliances),
                    "agreements": len(world.agreements),
                    "member_rows": rows,
                    "states": len(world.states),
                    "as_of": None if world.as_of is None else world.as_of.isoformat(),
                    "pairwise_commitments": committed if args.dyads else None,
                    "citation": atop.ATOP_CITATION,
                },
            )
        return
    pairwise = (
        f", {committed} member spells with pairwise commitments from {args.dyads}"
        if args.dyads
        else ""
    )
    # With the landscape on standard output, the summary goes to standard error.
    (ctx.out if target is not None else ctx.err).write(
        f"{args.output}: {len(world.alliances)} ATOP alliances ({len(world.agreements)} phase"
        f" agreements), {rows} member rows, {len(world.states)} states,"
        f" as of {world.as_of.isoformat() if world.as_of else 'today'}{pairwise}\n"
        f"Cite ATOP: {atop.ATOP_CITATION}\n"
    )


def _tables(ctx: _Context) -> None:
    from coalitions import tables

    args = ctx.args
    if args.start is not None and args.end is not None and args.end < args.start:
        raise _UsageError(f"coalitions tables: --end ({args.end}) is before --start ({args.start})")
    if args.format is None:
        target = _output_target(
            f"tables {args.table}", args.output, (".csv", ".parquet"), hint=", or give --format"
        )
        kind = "parquet" if target is not None and target.lower().endswith(".parquet") else "csv"
    else:
        target = None if args.output == "-" else args.output
        kind = args.format
    if target is None and kind != "csv":
        raise _UsageError(
            f"coalitions tables {args.table}: a {kind} table cannot go to standard output;"
            " give a file, or --format csv"
        )
    world = ctx.world
    bar = _ProgressBar(f"{args.table}", ctx.err.stream)
    # The rows stream from the table to the file: a complete panel is never held.
    rows: Iterator[Any]
    try:
        options: dict[str, Any] = {
            "complete": args.complete,
            "system": args.system,
            "nna": args.nna,
            "progress": bar,
        }
        if args.table == "state-years":
            rows = tables.iter_state_years(world, args.start, args.end, **options)
            record: Any = tables.StateYear
        else:
            rows = tables.iter_dyad_years(
                world,
                not args.undirected,
                args.start,
                args.end,
                relevant=args.relevant,
                **options,
            )
            record = tables.DyadYear
    finally:
        bar.close()
    if target is None:
        with tempfile.TemporaryDirectory() as folder:
            staged = Path(folder) / "table.csv"
            tables.write_csv(rows, staged, record=record)
            ctx.out.write(staged.read_text(encoding="utf-8"))
        return
    try:
        if kind == "parquet":
            count = tables.write_parquet(rows, target, record=record)
        else:
            count = tables.write_csv(rows, target, record=record)
    except ImportError as exc:
        raise CoalitionsError(str(exc)) from exc
    except OSError as exc:
        raise CoalitionsError(f"cannot write {target}: {exc.strerror or exc}") from exc
    if args.json:
        _json(ctx.out, {"output": target, "table": args.table, "format": kind, "rows": count})
    else:
        ctx.out.write(f"{target}: {count:,} {args.table} ({kind})\n")


def _similarity(ctx: _Context) -> None:
    from coalitions import similarity

    args = ctx.args
    world = ctx.world
    codes = []
    for query in (args.state_a, args.state_b):
        try:
            codes.append(ctx.state(query))
        except UnknownEntityError:
            found = registry.get(query)
            if found is None:
                raise
            codes.append(found.code)  # in the system, with no ties in this landscape
    at = ctx.at
    measures = args.measure or list(similarity.MEASURES)
    members, _ = similarity.portfolios(world, codes, at=at, system=args.system, scale=args.scale)
    values = {}
    for measure in dict.fromkeys(measures):
        values[measure] = similarity.compare(
            world, codes[0], codes[1], at=at, measure=measure, system=args.system, scale=args.scale
        )
    if args.json:
        _json(
            ctx.out,
            {
                "a": codes[0],
                "b": codes[1],
                "at": at.isoformat(),
                "system": args.system,
                "scale": args.scale,
                "states": len(members),
                **{m: (None if v != v else v) for m, v in values.items()},
            },
        )
        return
    ctx.period_notes()
    ctx.out.write(
        f"{ctx.name(codes[0]) if codes[0] in {s.code for s in world.states} else codes[0]} and"
        f" {ctx.name(codes[1]) if codes[1] in {s.code for s in world.states} else codes[1]}"
        f" on {at.isoformat()}: {args.scale} scale over the {len(members)} states of the"
        f" {args.system} system\n"
    )
    _table(
        ctx.out,
        [[m, "n/a" if v != v else f"{v:.4f}"] for m, v in values.items()],
        ["measure", "value"],
    )
