"""The ``coalitions`` command line (also ``python -m coalitions``).

Every subcommand works on the embedded reference landscape unless ``--file``
names a landscape JSON. Exit status: 0 on success, 1 when the data is invalid,
a name is unknown or a file cannot be written, 2 on a usage error. Errors go to
standard error as one readable block, or with ``--json`` (before or after the
command) as one JSON object: ``{"error": ..., "problems": [{"path": ...,
"message": ...}]}``. Output the stream's encoding cannot hold is escaped, never
a crash; a failed write to standard output is one line and exit status 1.

The shared plumbing is in :mod:`coalitions._cli_common`, the research commands
(``atop``, ``tables``, ``similarity``) in :mod:`coalitions._cli_research`, the
``plot`` command in :mod:`coalitions._cli_plot`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from coalitions._cli_common import (
    AT_HELP,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    JSON_OPTION,
    PERIOD_HELP,
    _ascii_json,
    _clip,
    _Context,
    _day_end,
    _day_start,
    _json,
    _Output,
    _output_target,
    _OutputError,
    _Parser,
    _table,
    _UsageError,
)
from coalitions._cli_plot import _add_plot_command, _plot
from coalitions._cli_research import _add_research_commands, _atop, _similarity, _tables
from coalitions._index import spells_of
from coalitions.errors import CoalitionsError, CoverageWarning, UnknownEntityError, ValidationError
from coalitions.history import Event
from coalitions.landscape import Landscape
from coalitions.model import Agreement, Alliance, ForceStatus, Grouping, Membership, Minilateral
from coalitions.serialization import dump, dumps, load
from coalitions.ties import Strength, Tie

__all__ = ["main"]


def _strength(text: str) -> Strength:
    try:
        return Strength[text.upper().replace("-", "_")]
    except KeyError:
        names = ", ".join(s.name.lower() for s in Strength)
        raise argparse.ArgumentTypeError(f"{text!r} is not a strength ({names})") from None


def _build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--file", metavar="PATH", help="a landscape JSON file (default: the reference landscape)"
    )
    common.add_argument("--json", **JSON_OPTION)

    dated = _Parser(add_help=False)
    dated.add_argument("--at", type=_day_end, metavar="DATE", help=AT_HELP)

    parser = _Parser(
        prog="coalitions",
        description="Ask questions of a defence-cooperation landscape: who is with whom, in what, since when.",
        epilog="States may be given by ISO code, COW number or abbreviation, or name ('Türkiye', 'TUR', 640).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument(
        "--json",
        action="store_true",
        help="machine-readable JSON output, errors included (also after the command)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def add(name: str, help: str, parents: list[_Parser]) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, description=help, parents=parents)

    add(
        "summary",
        "what the landscape holds: counts, groupings, the most connected states, recent changes",
        [common, dated],
    )
    validate = add("validate", "check a landscape JSON file and list every problem", [common])
    validate.add_argument("path", metavar="PATH", help="the landscape JSON file to check")
    members = add("members", "the members of a grouping or agreement", [common, dated])
    members.add_argument("id", metavar="ID", help="a grouping or agreement id, such as NATO")
    groupings = add("groupings", "the groupings and agreements a state belongs to", [common, dated])
    groupings.add_argument("state", metavar="STATE")
    partners = add(
        "partners", "the states sharing a grouping or agreement with a state", [common, dated]
    )
    partners.add_argument("state", metavar="STATE")
    partners.add_argument(
        "--domain", metavar="KEY", help="only through groupings covering this domain"
    )
    allies = add(
        "allies",
        "the states bound to a state by a defence obligation, and what binds them",
        [common, dated],
    )
    allies.add_argument("state", metavar="STATE")
    allies.add_argument(
        "--direction",
        choices=("either", "owes", "owed", "both"),
        default="either",
        help="owes: states it must defend; owed: states bound to defend it;"
        " both: mutual; either (default)",
    )
    allies.add_argument(
        "--strict",
        action="store_true",
        help="leave out agreements whose entry into force is not established",
    )
    ties = add(
        "ties",
        "every tie of a state: with whom, through what, what is owed each way, how strongly",
        [common, dated],
    )
    ties.add_argument("state", metavar="STATE")
    ties.add_argument(
        "--min-strength",
        type=_strength,
        metavar="LEVEL",
        help=f"only ties at least this strong: {', '.join(s.name.lower() for s in Strength)}",
    )
    events = add(
        "events",
        "the history: foundings, accessions, exits, signatures, in chronological order",
        [common],
    )
    events.add_argument(
        "--since",
        type=_day_start,
        metavar="DATE",
        help="from this date (included); a year or month means its first day",
    )
    events.add_argument(
        "--until",
        type=_day_end,
        metavar="DATE",
        help="up to this date (included); a year or month means its last day",
    )
    diff = add("diff", "what changed after START and up to END", [common])
    diff.add_argument(
        "start",
        type=_day_end,
        metavar="START",
        help=f"a date ({PERIOD_HELP}); a year or month means its last day",
    )
    diff.add_argument(
        "end",
        type=_day_end,
        metavar="END",
        help=f"a date ({PERIOD_HELP}); a year or month means its last day",
    )
    export = add("export", "the landscape as JSON", [common, dated])
    export.add_argument(
        "--output",
        metavar="PATH",
        help="write to this .json file (atomically) instead of standard output; - for"
        " standard output",
    )
    _add_research_commands(commands)
    _add_plot_command(commands)
    completion = commands.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish; needs shtab)",
        description="Print a completion script for a shell; see docs/cli.md for where to put"
        " it. Needs shtab: pip install 'coalitions[completion]'.",
    )
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help=", ".join(SHELLS))
    return parser


def _version() -> str:
    from coalitions import __version__

    return __version__


def _kind(entity: Agreement | Grouping) -> str:
    return type(entity).__name__.lower()


# --- the commands


def _count(entity: Agreement | Grouping, number: int) -> str:
    """A member count, marked ``+`` where the sources list only some members."""
    return f"{number}+" if _partial(entity) else str(number)


def _partial(entity: Agreement | Grouping) -> bool:
    return not isinstance(entity, Agreement) and not entity.roster_complete


PARTIAL_NOTE = "+ partial roster: the sources list only some members, so the count is a lower bound"


def _scores(world: Landscape, at: dt.date) -> dict[str, tuple[int, int, int]]:
    """Per state: (strength-weighted score, states tied, defence allies).

    The score adds, for each other state, the strength of the strongest tie
    between the two (1 observer ... 10 defence; see Strength), so a state tied
    to another through several groupings counts that state once.
    """
    found: dict[str, tuple[int, int, int]] = {}
    for state in world.states:
        strongest: dict[str, Tie] = {}
        for link in world.ties(state.code, at=at):
            held = strongest.get(link.other)
            if held is None or link.strength > held.strength:
                strongest[link.other] = link
        allies = world.allies(state.code, at=at)
        found[state.code] = (
            sum(t.strength for t in strongest.values()),
            len(strongest),
            len(allies),
        )
    return found


SCORE_NOTE = (
    "score: for each other state, the strength of its strongest tie"
    " (1 observer, 2 partner, 3 dialogue, 4 industrial, 5 framework, 6 access,"
    " 7 operational, 8 non-aggression, 9 consultation, 10 defence), added up"
)


def _summary(ctx: _Context) -> None:
    world, at = ctx.world, ctx.at
    snapshot = world.at(at)  # what is alive on the day
    alive: list[Alliance | Minilateral] = [*snapshot.alliances, *snapshot.minilaterals]
    agreements = snapshot.agreements
    scores = _scores(world, at)
    connected = sorted(world.states, key=lambda s: (-scores[s.code][0], s.code))[:10]
    partial = [g.id for g in alive if not g.roster_complete]
    recent = world.events(start=_years_before(at, 3), end=at)[-10:]
    if ctx.args.json:
        _json(
            ctx.out,
            {
                "at": at.isoformat(),
                "as_of": None if world.as_of is None else world.as_of.isoformat(),
                "counts": {
                    "states": len(world.states),
                    "domains": len(world.domains),
                    "agreements": len(world.agreements),
                    "alliances": len(world.alliances),
                    "minilaterals": len(world.minilaterals),
                },
                "groupings": [
                    {
                        "id": g.id,
                        "name": g.name,
                        "kind": _kind(g),
                        "members": len(world.members(g.id, at=at)),
                        "roster_complete": g.roster_complete,
                        "domains": sorted(g.domains),
                    }
                    for g in alive
                ],
                "agreements": [
                    {
                        "id": a.id,
                        "name": a.name,
                        "kind": a.kind.value,
                        "status": _force_text(a, at),
                        "in_force": a.in_force_on(at),
                    }
                    for a in agreements
                ],
                "most_connected": [
                    {
                        "state": s.code,
                        "name": s.name,
                        "score": scores[s.code][0],
                        "states_tied": scores[s.code][1],
                        "defence_allies": scores[s.code][2],
                    }
                    for s in connected
                ],
                "ranking": SCORE_NOTE,
                "partial_rosters": [
                    {"id": g.id, "name": g.name, "kind": _kind(g)}
                    for g in alive
                    if not g.roster_complete
                ],
                "recent_changes": [_event_data(e) for e in recent],
            },
        )
        return
    out = ctx.out
    ctx.period_notes()
    out.write(
        f"Landscape on {at.isoformat()}: {len(world.states)} states, {len(world.domains)} domains, "
        f"{len(world.alliances)} alliances, {len(world.minilaterals)} minilaterals, "
        f"{len(world.agreements)} agreements\n"
    )
    if world.as_of is not None:
        note = " (later changes are not in the data)" if at > world.as_of else ""
        out.write(f"Data current to {world.as_of.isoformat()}{note}\n")
    out.write("\n")
    for label, kind in (("Alliances", Alliance), ("Minilaterals", Minilateral)):
        rows = [
            [
                g.id,
                _count(g, len(world.members(g.id, at=at))),
                _clip(", ".join(sorted(g.domains))),
                _clip(g.name, 60),
            ]
            for g in alive
            if isinstance(g, kind)
        ]
        out.write(f"{label} ({len(rows)} active)\n")
        _table(out, rows, ["id", "members", "domains", "name"])
        out.write("\n")
    if partial:
        out.write(f"{PARTIAL_NOTE}\n\n")
    rows = [
        [a.id, a.kind.value.replace("_", " "), _force_text(a, at), _clip(a.name, 60)]
        for a in agreements
    ]
    out.write(f"Agreements ({len(rows)} signed and not ended)\n")
    _table(out, rows, ["id", "kind", "status", "name"])
    out.write("\nMost connected states, by strength-weighted ties\n")
    _table(
        out,
        [
            [s.code, str(scores[s.code][0]), str(scores[s.code][1]), str(scores[s.code][2]), s.name]
            for s in connected
        ],
        ["state", "score", "states tied", "defence allies", "name"],
    )
    out.write(f"({SCORE_NOTE}")
    out.write("; partial rosters undercount)\n" if partial else ")\n")
    out.write("\nRecent changes (three years up to the date)\n")
    for event in recent:
        out.write(f"  {event.describe()}\n")


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for 29 February), clipped at year 1."""
    year = max(day.year - years, dt.MINYEAR)
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def _force_text(agreement: Agreement, at: dt.date) -> str:
    """Where an agreement stands on ``at``: ``in force``, ``signed`` (pending) or unknown."""
    status = agreement.force_on(at)
    if status is ForceStatus.ESTABLISHED:
        return "in force"
    if status is ForceStatus.NOT_ESTABLISHED:
        return "signed; entry into force not established"
    if status is ForceStatus.NON_BINDING:
        return "signed; political declaration (non-binding)"
    return "signed; not yet in force"


def _event_data(event: Event) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": event.date.isoformat(),
        "kind": event.kind.value,
        "subject": event.subject,
    }
    if event.state is not None:
        data["state"] = event.state
    if event.role is not None:
        data["role"] = event.role.value
    if event.precision.value != "day":
        data["precision"] = event.precision.value
    return data


def _validate(ctx: _Context) -> None:
    world = load(ctx.args.path, Landscape)
    if ctx.args.json:
        _json(
            ctx.out,
            {
                "valid": True,
                "path": ctx.args.path,
                "counts": {
                    "states": len(world.states),
                    "agreements": len(world.agreements),
                    "alliances": len(world.alliances),
                    "minilaterals": len(world.minilaterals),
                },
            },
        )
    else:
        ctx.out.write(f"{ctx.args.path}: valid ({world!r})\n")


def _status_text(spell: Membership, at: dt.date) -> str:
    """A member's status on ``at``: ``''`` when it takes part fully."""
    parts = []
    for status in spell.statuses:
        if status.active_on(at):
            when = status.since_precision.describe(status.since)
            whom = "" if status.toward is None else f" toward {', '.join(sorted(status.toward))}"
            parts.append(f"{status.status.value}{whom} since {when}")
    return "; ".join(parts)


def _lifetime_note(entity: Agreement | Grouping, at: dt.date) -> str | None:
    """Why a grouping or agreement has no one on ``at``: not yet founded, or over."""
    what = "signed" if isinstance(entity, Agreement) else "founded"
    if at < entity.start:
        return f"{entity.id} was {what} on {entity.start.isoformat()}: it did not exist on {at.isoformat()}"
    if entity.end is not None and at >= entity.end:
        ended = "ended" if isinstance(entity, Agreement) else "dissolved"
        return f"{entity.id} {ended} on {entity.end.isoformat()}: it no longer existed on {at.isoformat()}"
    return None


def _members(ctx: _Context) -> None:
    world, at = ctx.world, ctx.at
    # An unknown id raises here, with suggestions.
    codes = sorted(world.members(ctx.args.id, at=at, role=None))
    entity: Agreement | Grouping
    try:
        entity = world.grouping(ctx.args.id)
    except UnknownEntityError:
        entity = world.agreement(ctx.args.id)
    spells = {s.state: s for s in spells_of(entity) if s.active_on(at)}
    note = _lifetime_note(entity, at)
    if ctx.args.json:
        _json(
            ctx.out,
            {
                "id": ctx.args.id,
                "at": at.isoformat(),
                "exists": note is None,
                "roster_complete": not _partial(entity),
                "members": [
                    {
                        "state": c,
                        "name": ctx.name(c),
                        "role": spells[c].role.value,
                        "since": spells[c].since_precision.describe(spells[c].since),
                        "status": _status_text(spells[c], at) or None,
                    }
                    for c in codes
                ],
            },
        )
        return
    ctx.coverage_note()
    if note is not None:
        ctx.out.write(f"{entity.name}: {note}\n")
        return
    ctx.out.write(
        f"{entity.name} ({ctx.args.id}) on {at.isoformat()}: {_count(entity, len(codes))} states\n"
    )
    rows = [
        [
            c,
            spells[c].role.value,
            spells[c].since_precision.describe(spells[c].since),
            _status_text(spells[c], at),
            ctx.name(c),
        ]
        for c in codes
    ]
    if any(row[3] for row in rows):
        _table(ctx.out, rows, ["state", "role", "since", "status", "name"])
    else:
        _table(
            ctx.out, [[r[0], r[1], r[2], r[4]] for r in rows], ["state", "role", "since", "name"]
        )
    if _partial(entity):
        ctx.out.write(f"{PARTIAL_NOTE}\n")


def _groupings(ctx: _Context) -> None:
    world, at = ctx.world, ctx.at
    code = ctx.state(ctx.args.state)
    found: list[Agreement | Grouping] = [
        *world.groupings_of(code, at=at, role=None),
        *world.agreements_of(code, at=at, role=None),
    ]
    rows = []
    for entity in found:
        spell = next(s for s in spells_of(entity) if s.state == code and s.active_on(at))
        rows.append((entity, spell))
    if ctx.args.json:
        _json(
            ctx.out,
            {
                "state": code,
                "at": at.isoformat(),
                "groupings": [
                    {
                        "id": e.id,
                        "kind": _kind(e),
                        "role": s.role.value,
                        "since": s.since_precision.describe(s.since),
                        "status": _status_text(s, at) or None,
                        "name": e.name,
                    }
                    for e, s in rows
                ],
            },
        )
        return
    ctx.coverage_note()
    ctx.out.write(
        f"{ctx.name(code)} ({code}) on {at.isoformat()}: {len(rows)} groupings and agreements\n"
    )
    _table(
        ctx.out,
        [
            [
                e.id,
                _kind(e),
                s.role.value + (f" ({_status_text(s, at)})" if _status_text(s, at) else ""),
                s.since_precision.describe(s.since),
                e.name,
            ]
            for e, s in rows
        ],
        ["id", "kind", "role", "since", "name"],
    )


def _states_result(
    ctx: _Context, code: str, codes: frozenset[str], what: str, extra: dict[str, Any]
) -> None:
    ordered = sorted(codes)
    if ctx.args.json:
        _json(
            ctx.out,
            {
                "state": code,
                "at": ctx.at.isoformat(),
                **extra,
                what: [{"state": c, "name": ctx.name(c)} for c in ordered],
            },
        )
        return
    ctx.coverage_note()
    ctx.out.write(
        f"{what.capitalize()} of {ctx.name(code)} ({code}) on {ctx.at.isoformat()}: {len(ordered)}\n"
    )
    _table(ctx.out, [[c, ctx.name(c)] for c in ordered])


def _partners(ctx: _Context) -> None:
    code = ctx.state(ctx.args.state)
    found = ctx.world.partners(code, at=ctx.at, domain=ctx.args.domain)
    _states_result(
        ctx, code, found, "partners", {"domain": ctx.args.domain} if ctx.args.domain else {}
    )


def _link_status(ctx: _Context, link: Tie) -> str:
    """What a tie's link is on the day: membership, or an agreement's standing."""
    entity = ctx.world.grouping(link.via) if link.kind.value != "agreement" else None
    if entity is None:
        agreement = ctx.world.agreement(link.via)
        text = f"signed {agreement.signed_precision.describe(agreement.signed)}; "
        status = agreement.force_on(ctx.at)
        if status is ForceStatus.ESTABLISHED and agreement.in_force is not None:
            text += f"in force since {agreement.in_force_precision.describe(agreement.in_force)}"
        else:
            text += status.describe() if status is not None else "not in effect"
    else:
        text = "member" if link.role.value == "member" else link.role.value
    if link.suspended:
        text += "; " + link.flags()[-1]  # suspended, or frozen
    return text


def _allies(ctx: _Context) -> None:
    world, at = ctx.world, ctx.at
    code = ctx.state(ctx.args.state)
    direction, strict = ctx.args.direction, ctx.args.strict
    # Each ally with the ties that make it one: those allies() counts, as it counts them.
    reasons: dict[str, list[Tie]] = {}
    for link in world.ties(code, at=at):
        if link.defends(direction) and not (strict and link.unconfirmed):
            reasons.setdefault(link.other, []).append(link)
    ordered = sorted(reasons)
    if ctx.args.json:
        _json(
            ctx.out,
            {
                "state": code,
                "at": at.isoformat(),
                "direction": direction,
                "strict": strict,
                "allies": [
                    {
                        "state": c,
                        "name": ctx.name(c),
                        "via": [
                            {
                                "id": t.via,
                                "owes": sorted(_values(t.owes)),
                                "owed": sorted(_values(t.owed)),
                                "status": _link_status(ctx, t),
                                "unconfirmed": t.unconfirmed,
                            }
                            for t in reasons[c]
                        ],
                    }
                    for c in ordered
                ],
            },
        )
        return
    ctx.coverage_note()
    label = {"either": "", "owes": " (it must defend)", "owed": " (bound to defend it)",
             "both": " (mutual)"}[direction]  # fmt: skip
    ctx.out.write(
        f"Allies of {ctx.name(code)} ({code}){label} on {at.isoformat()}: {len(ordered)}\n"
    )
    rows = []
    for c in ordered:
        for number, link in enumerate(reasons[c]):
            first = number == 0
            rows.append(
                [
                    c if first else "",
                    link.via,
                    _link_status(ctx, link),
                    ctx.name(c) if first else "",
                ]
            )
    _table(ctx.out, rows, ["state", "via", "status", "name"])
    if not strict and any(t.unconfirmed for ts in reasons.values() for t in ts):
        ctx.out.write(
            "Entry into force not established: counted, but --strict leaves such agreements out.\n"
        )


def _values(obligations: frozenset[Any]) -> set[str]:
    return {o.value for o in obligations}


def _ties(ctx: _Context) -> None:
    world, at = ctx.world, ctx.at
    code = ctx.state(ctx.args.state)
    floor = ctx.args.min_strength
    found = [t for t in world.ties(code, at=at) if floor is None or t.strength >= floor]
    if ctx.args.json:
        _json(
            ctx.out,
            {
                "state": code,
                "at": at.isoformat(),
                "ties": [
                    {
                        "other": t.other,
                        "name": ctx.name(t.other),
                        "via": t.via,
                        "kind": t.kind.value,
                        "strength": t.strength.name.lower(),
                        "strength_value": int(t.strength),
                        "role": t.role.value,
                        "other_role": t.other_role.value,
                        "owes": sorted(_values(t.owes)),
                        "owed": sorted(_values(t.owed)),
                        "unconfirmed": t.unconfirmed,
                        "pending": t.pending,
                        "suspended": t.suspended,
                        "suspension": None if t.suspension is None else t.suspension.value,
                    }
                    for t in found
                ],
            },
        )
        return
    ctx.coverage_note()
    others = {t.other for t in found}
    ctx.out.write(
        f"Ties of {ctx.name(code)} ({code}) on {at.isoformat()}: {len(found)} ties"
        f" with {len(others)} states\n"
    )
    _table(
        ctx.out,
        [
            [
                t.other,
                t.strength.name.lower().replace("_", "-"),
                t.via,
                t.obligations_text(),
                "; ".join(t.flags()),
            ]
            for t in found
        ],
        ["state", "strength", "via", "obligations", "flags"],
    )


def _events(ctx: _Context) -> None:
    since, until = ctx.day("since"), ctx.day("until")
    found = ctx.world.events(since, until)
    if ctx.args.json:
        _json(
            ctx.out,
            {
                "since": None if since is None else since.isoformat(),
                "until": None if until is None else until.isoformat(),
                "events": [_event_data(e) for e in found],
            },
        )
        return
    ctx.period_notes()
    for event in found:
        ctx.out.write(event.describe() + "\n")


def _diff(ctx: _Context) -> None:
    start, end = ctx.args.start.day, ctx.args.end.day
    if end < start:
        raise _UsageError(f"coalitions diff: END ({end}) is before START ({start})")
    change = ctx.world.diff(start, end)
    sections = [
        ("joined", change.joined),
        ("left", change.left),
        ("founded", change.founded),
        ("dissolved", change.dissolved),
        ("signed", change.signed),
        ("entered into force", change.entered_into_force),
        ("ended", change.ended),
        ("suspended", change.suspended),
        ("frozen", change.frozen),
        ("reinstated", change.reinstated),
    ]
    if ctx.args.json:
        _json(
            ctx.out,
            {
                "start": start.isoformat(),
                "end": end.isoformat(),
                **{
                    name.replace(" ", "_"): [_event_data(e) for e in events]
                    for name, events in sections
                },
            },
        )
        return
    ctx.out.write(f"Changes after {start.isoformat()} up to {end.isoformat()}\n")
    if change.is_empty():
        ctx.out.write("  none\n")
    for name, events in sections:
        if events:
            ctx.out.write(f"\n{name.capitalize()} ({len(events)})\n")
            for event in events:
                ctx.out.write(f"  {event.describe()}\n")


def _export(ctx: _Context) -> None:
    target = None
    if ctx.args.output is not None:
        target = _output_target("export", ctx.args.output, (".json",))
    at = ctx.day("at")
    world = ctx.world if at is None else ctx.world.at(at)
    # Standard output is the landscape itself: the note goes to standard error.
    ctx.period_notes(ctx.err)
    if target is None:
        text = dumps(world, indent=2)
        ctx.out.write((text if ctx.out.unicode else _ascii_json(text)) + "\n")
        return
    try:
        dump(world, target)
    except OSError as exc:
        raise CoalitionsError(f"cannot write {target}: {exc.strerror or exc}") from exc


SHELLS = ("bash", "zsh", "fish")


def _completion(ctx: _Context) -> None:
    """Print the completion script for a shell, made by shtab from the parser."""
    try:
        import shtab
    except ImportError:
        raise CoalitionsError(
            "shell completion needs shtab, which is not installed:"
            " pip install 'coalitions[completion]'"
        ) from None
    parser = _build_parser()
    _complete_paths(parser, shtab.FILE)
    ctx.out.write(shtab.complete(parser, shell=ctx.args.shell))


def _complete_paths(parser: argparse.ArgumentParser, files: Any) -> None:
    """Mark the arguments that name files, in every subcommand, for completion as paths."""
    for action in parser._actions:
        if action.metavar in {"PATH", "CSV", "MEMBER_CSV"}:
            action.complete = files  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _complete_paths(sub, files)


_COMMANDS: dict[str, Callable[[_Context], None]] = {
    "summary": _summary,
    "validate": _validate,
    "members": _members,
    "groupings": _groupings,
    "partners": _partners,
    "allies": _allies,
    "ties": _ties,
    "events": _events,
    "diff": _diff,
    "export": _export,
    "atop": _atop,
    "tables": _tables,
    "similarity": _similarity,
    "plot": _plot,
    "completion": _completion,
}


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Errors go to standard error: one readable block, or under ``--json`` one
    JSON object, ``{"error": ..., "problems": [{"path": ..., "message": ...}]}``.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    out = _Output(stdout or sys.stdout)
    err = _Output(stderr or sys.stderr)
    # Before the arguments are parsed (a usage error), --json anywhere asks for JSON errors.
    as_json = "--json" in arguments[: arguments.index("--") if "--" in arguments else None]
    try:
        args = _build_parser().parse_args(arguments)
        as_json = args.json
        with warnings.catch_warnings():
            # The commands say it themselves, in a note on standard output.
            warnings.simplefilter("ignore", CoverageWarning)
            _COMMANDS[args.command](_Context(args, out, err))
        out.flush()
    except _UsageError as exc:
        return _fail(err, as_json, EXIT_USAGE, str(exc))
    except ValidationError as exc:
        return _fail(err, as_json, EXIT_INVALID, "the data is invalid", exc)
    except CoalitionsError as exc:  # UnknownEntityError among them
        return _fail(err, as_json, EXIT_INVALID, str(exc))
    except SystemExit:  # --help or --version: argparse has written to sys.stdout
        try:
            sys.stdout.flush()
        except OSError as error:
            _quiet(_Output(sys.stdout))
            if isinstance(error, BrokenPipeError):
                return EXIT_OK
            reason = error.strerror or str(error)
            return _fail(err, as_json, EXIT_INVALID, f"cannot write to standard output: {reason}")
        raise
    except _OutputError as exc:
        _quiet(out)
        if isinstance(exc.error, BrokenPipeError):  # e.g. piped into `head`: it has read enough
            return EXIT_OK
        reason = exc.error.strerror or str(exc.error)
        return _fail(err, as_json, EXIT_INVALID, f"cannot write to standard output: {reason}")
    return EXIT_OK


def _fail(
    err: _Output, as_json: bool, status: int, message: str, invalid: ValidationError | None = None
) -> int:
    """Report an error on standard error, as text or as JSON; return the exit status."""
    try:
        if as_json:
            problems = [] if invalid is None else invalid.problems
            _json(
                err,
                {
                    "error": message.partition("\nTry '")[0],
                    "problems": [{"path": p.path, "message": p.message} for p in problems],
                },
            )
        elif invalid is not None:
            err.write(f"error: {message}.\n{invalid}\n")
        elif status == EXIT_USAGE:
            err.write(f"{message}\n")
        else:
            err.write(f"error: {message}\n")
        err.flush()
    except _OutputError:
        pass  # nowhere left to say it: the exit status does
    return status


def _quiet(out: _Output) -> None:
    """After a failed write to standard output, point it at the null device, so that
    Python's own flush at exit has nowhere to fail ("Exception ignored ...")."""
    if out.stream is not sys.stdout and out.stream is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
