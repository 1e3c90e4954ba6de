"""The ``plot`` command: ``coalitions plot network|timeline ID|alignment|trends --output FILE``.

Private: the command line itself is :mod:`coalitions.cli`; the pictures are
:mod:`coalitions.plot`.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from coalitions._cli_common import (
    AT_HELP,
    JSON_OPTION,
    _Context,
    _day_end,
    _json,
    _Parser,
    _UsageError,
)
from coalitions.errors import CoalitionsError
from coalitions.ties import Strength

__all__: list[str] = []

#: The file types ``plot --output`` writes, by suffix.
FORMATS = {".png": "png", ".svg": "svg"}


def _strength(text: str) -> Strength:
    try:
        return Strength[text.upper().replace("-", "_")]
    except KeyError:
        names = ", ".join(s.name.lower() for s in Strength)
        raise argparse.ArgumentTypeError(f"{text!r} is not a strength ({names})") from None


def _add_plot_command(commands: Any) -> None:
    """Add ``plot network|timeline|alignment|trends`` to the parser."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--file", metavar="PATH", help="a landscape JSON file (default: the reference landscape)"
    )
    common.add_argument("--json", **JSON_OPTION)
    common.add_argument("--at", type=_day_end, metavar="DATE", help=AT_HELP)
    common.add_argument(
        "--output",
        metavar="PATH",
        required=True,
        help="the picture to write: a .png or .svg file",
    )
    common.add_argument("--title", metavar="TEXT", help="a title instead of the default one")
    plot = commands.add_parser(
        "plot",
        help="draw a picture: the tie network, a timeline, alignment or trends (needs matplotlib)",
        description="Draw a picture of the landscape into a PNG or SVG file. Needs matplotlib:"
        " pip install 'coalitions[plot]'.",
    )
    kinds = plot.add_subparsers(dest="picture", metavar="PICTURE", parser_class=_Parser)
    kinds.required = True

    def add(name: str, help: str) -> Any:
        return kinds.add_parser(name, help=help, description=help, parents=[common])

    network = add("network", "states as nodes, ties as edges by strength, coloured by bloc")
    network.add_argument(
        "--min-strength",
        metavar="LEVEL",
        type=_strength,
        default=Strength.PARTNER,
        help="only ties at least this strong (default: partner)",
    )
    timeline = add(
        "timeline",
        "the membership spells of a grouping or agreement, or every grouping of a state",
    )
    timeline.add_argument("id", metavar="ID", help="a grouping or agreement id, or a state")
    timeline.add_argument(
        "--agreements", action="store_true", help="for a state: its agreements too"
    )
    alignment = add("alignment", "a heatmap of pairwise alignment, ordered so blocs show")
    alignment.add_argument(
        "--measure",
        choices=("s_score", "s", "kappa", "pi", "tau_b"),
        default="s_score",
        help="the similarity measure (default: s_score)",
    )
    alignment.add_argument(
        "--system",
        choices=("cow", "gw", "landscape"),
        help="the state system (default: cow where its lists reach the date, else landscape)",
    )
    alignment.add_argument(
        "--scale", choices=("atop", "strength"), default="atop", help="the tie scale"
    )
    alignment.add_argument(
        "--states", metavar="CODES", help="the states to compare, separated by commas"
    )
    trends = add("trends", "groupings and agreements active each year, by kind and formality")
    trends.add_argument("--start", type=int, metavar="YEAR", help="from this year (included)")
    trends.add_argument(
        "--end", type=int, metavar="YEAR", help="up to this year (default: --at's year)"
    )


def _target(path: str) -> tuple[Path, str]:
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise _UsageError(
            f"coalitions plot: --output {path!r}: the file name must end in .png or .svg"
        )
    return Path(path), kind


def _plot(ctx: _Context) -> None:
    args = ctx.args
    target, kind = _target(args.output)
    try:
        from coalitions import plot
        from coalitions.plot import _matplotlib

        _matplotlib()
    except ImportError as exc:
        raise CoalitionsError(str(exc)) from None
    world = ctx.world
    at = ctx.day("at")
    options: dict[str, Any] = {"title": args.title}
    if args.picture == "network":
        figure = plot.network(world, at, min_strength=args.min_strength, **options)
    elif args.picture == "timeline":
        figure = plot.timeline(world, args.id, at=at, agreements=args.agreements, **options)
    elif args.picture == "alignment":
        states = None
        if args.states:
            states = [code.strip() for code in args.states.split(",") if code.strip()]
        figure = plot.alignment(
            world,
            at,
            states,
            args.measure,
            system=args.system,
            scale=args.scale,
            **options,
        )
    else:
        end = args.end
        if end is None and at is not None:
            end = at.year
        figure = plot.trends(world, start=args.start, end=end, **options)
    _save(figure, target, kind)
    if args.json:
        _json(ctx.out, {"output": str(target), "picture": args.picture, "format": kind})
    else:
        ctx.period_notes()
        ctx.out.write(f"{target}: {args.picture} ({kind})\n")


def _save(figure: Any, target: Path, kind: str) -> None:
    """Write the picture next to ``target`` and move it into place, so that a
    failed write leaves no half-written file."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, staged = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        raise CoalitionsError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        # mkstemp's files are private (0600); a picture gets a new file's usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as stream:
            figure.savefig(stream, format=kind, dpi=150 if kind == "png" else "figure")
        os.replace(staged, target)
    except OSError as exc:
        raise CoalitionsError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        if os.path.exists(staged):
            os.unlink(staged)
