"""The research commands: ``atop import``, ``tables state-years|dyad-years``, ``similarity``.

Private: the command line itself is :mod:`coalitions.cli`.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from coalitions import registry
from coalitions._cli_common import _Context, _date, _json, _Parser, _table, _UsageError
from coalitions.errors import CoalitionsError, UnknownEntityError
from coalitions.serialization import dump


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
        "--output", metavar="PATH", required=True, help="the landscape JSON file to write"
    )

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
        table.add_argument("--output", metavar="PATH", required=True, help="the file to write")
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
    similarity.add_argument(
        "--at",
        type=_date,
        metavar="DATE",
        help="the day (default: the landscape's as_of, else today)",
    )
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
    similarity.add_argument("--json", action="store_true", help="machine-readable JSON output")


class _ProgressBar:
    """A plain-text progress bar on standard error, shown only once work has
    taken longer than ``delay`` seconds."""

    def __init__(
        self,
        label: str,
        stream: TextIO | None = None,
        *,
        delay: float = 1.0,
        width: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.stream = stream
        self.delay = delay
        self.width = width
        self.clock = clock
        self.started = clock()
        self.shown = False
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
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


def _atop(ctx: _Context) -> None:
    from coalitions import atop

    args = ctx.args
    try:
        world = atop.read(args.member_csv, args.alliances, dyads=args.dyads)
        dump(world, args.output)
    except OSError as exc:
        raise CoalitionsError(
            f"cannot read or write {exc.filename or args.member_csv}: {exc.strerror or exc}"
        ) from exc
    rows = sum(len(a.parties) for a in world.agreements) + sum(
        len(a.members) for a in world.alliances if not a.agreements
    )
    committed = sum(1 for a in world.alliances for m in a.members if m.toward)
    pairwise = (
        f", {committed} member spells with pairwise commitments from {args.dyads}"
        if args.dyads
        else ""
    )
    ctx.out.write(
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
    kind = args.format or ("parquet" if str(args.output).endswith(".parquet") else "csv")
    world = ctx.world
    bar = _ProgressBar(f"{args.table}")
    rows: list[Any]
    try:
        options: dict[str, Any] = {
            "complete": args.complete,
            "system": args.system,
            "nna": args.nna,
            "progress": bar,
        }
        if args.table == "state-years":
            rows = tables.state_years(world, args.start, args.end, **options)
            record: Any = tables.StateYear
        else:
            rows = tables.dyad_years(
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
    try:
        if kind == "parquet":
            tables.write_parquet(rows, args.output, record=record)
        else:
            tables.write_csv(rows, args.output, record=record)
    except ImportError as exc:
        raise CoalitionsError(str(exc)) from exc
    except OSError as exc:
        raise CoalitionsError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    ctx.out.write(f"{args.output}: {len(rows):,} {args.table} ({kind})\n")


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
    at = args.at or world.as_of or dt.date.today()
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
