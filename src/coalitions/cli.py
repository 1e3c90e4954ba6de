"""The ``coalitions`` command line (also ``python -m coalitions``).

Every subcommand works on the embedded reference landscape unless ``--file``
names a landscape JSON. Exit status: 0 on success, 1 when the data is invalid
or a name is unknown, 2 on a usage error. Errors go to standard error as one
readable block.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

from coalitions import registry
from coalitions._index import spells_of
from coalitions.errors import CoalitionsError, CoverageWarning, UnknownEntityError, ValidationError
from coalitions.history import Event
from coalitions.landscape import Landscape
from coalitions.model import Agreement, Alliance, ForceStatus, Grouping, Membership, Minilateral
from coalitions.serialization import dump, dumps, load
from coalitions.ties import Strength, Tie

__all__ = ["main"]

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
    common.add_argument("--json", action="store_true", help="machine-readable JSON output")

    dated = _Parser(add_help=False)
    dated.add_argument(
        "--at",
        type=_date,
        metavar="DATE",
        help="the date to ask about (default: the day the data is current to, else today)",
    )

    parser = _Parser(
        prog="coalitions",
        description="Ask questions of a defence-cooperation landscape: who is with whom, in what, since when.",
        epilog="States may be given by ISO code, COW number or abbreviation, or name ('Türkiye', 'TUR', 640).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
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
    events.add_argument("--since", type=_date, metavar="DATE", help="from this date (included)")
    events.add_argument("--until", type=_date, metavar="DATE", help="up to this date (included)")
    diff = add("diff", "what changed after START and up to END", [common])
    diff.add_argument("start", type=_date, metavar="START")
    diff.add_argument("end", type=_date, metavar="END")
    export = add("export", "the landscape as JSON", [common, dated])
    export.add_argument(
        "--output",
        metavar="PATH",
        help="write to this file (atomically) instead of standard output",
    )
    _add_research_commands(commands)
    return parser


def _version() -> str:
    from coalitions import __version__

    return __version__


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


def _kind(entity: Agreement | Grouping) -> str:
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
                    {"id": a.id, "kind": a.kind.value, "status": _force_text(a, at)}
                    for a in agreements
                ],
                "agreements_in_force": [a.id for a in agreements if a.in_force_on(at)],
                "most_connected": [
                    {
                        "state": s.code,
                        "score": scores[s.code][0],
                        "states_tied": scores[s.code][1],
                        "defence_allies": scores[s.code][2],
                    }
                    for s in connected
                ],
                "ranking": SCORE_NOTE,
                "partial_rosters": partial,
                "recent_changes": [_event_data(e) for e in recent],
            },
        )
        return
    out = ctx.out
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
        text += "; suspended"
    return text


def _allies(ctx: _Context) -> None:
    world, at = ctx.world, ctx.at
    code = ctx.state(ctx.args.state)
    direction, strict = ctx.args.direction, ctx.args.strict
    allies = world.allies(code, at=at, direction=direction, strict=strict)
    # Why each is an ally: the ties carrying a defence obligation the right way.
    reasons: dict[str, list[Tie]] = {c: [] for c in allies}
    for link in world.ties(code, at=at):
        if link.other in reasons and (not strict or not link.unconfirmed):
            owes, owed = "defense" in _values(link.owes), "defense" in _values(link.owed)
            if (
                (direction == "either" and (owes or owed))
                or (direction == "owes" and owes)
                or (direction == "owed" and owed)
                or (direction == "both" and owes and owed)
            ):
                reasons[link.other].append(link)
    ordered = sorted(allies)
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
    found = ctx.world.events(ctx.args.since, ctx.args.until)
    if ctx.args.json:
        _json(ctx.out, [_event_data(e) for e in found])
        return
    for event in found:
        ctx.out.write(event.describe() + "\n")


def _diff(ctx: _Context) -> None:
    if ctx.args.end < ctx.args.start:
        raise _UsageError(
            f"coalitions diff: END ({ctx.args.end}) is before START ({ctx.args.start})"
        )
    change = ctx.world.diff(ctx.args.start, ctx.args.end)
    sections = [
        ("joined", change.joined),
        ("left", change.left),
        ("founded", change.founded),
        ("dissolved", change.dissolved),
        ("signed", change.signed),
        ("entered into force", change.entered_into_force),
        ("ended", change.ended),
    ]
    if ctx.args.json:
        _json(
            ctx.out,
            {
                "start": ctx.args.start.isoformat(),
                "end": ctx.args.end.isoformat(),
                **{
                    name.replace(" ", "_"): [_event_data(e) for e in events]
                    for name, events in sections
                },
            },
        )
        return
    ctx.out.write(f"Changes after {ctx.args.start.isoformat()} up to {ctx.args.end.isoformat()}\n")
    if change.is_empty():
        ctx.out.write("  none\n")
    for name, events in sections:
        if events:
            ctx.out.write(f"\n{name.capitalize()} ({len(events)})\n")
            for event in events:
                ctx.out.write(f"  {event.describe()}\n")


def _export(ctx: _Context) -> None:
    world = ctx.world if ctx.args.at is None else ctx.world.at(ctx.args.at)
    if ctx.args.output:
        dump(world, ctx.args.output)
    else:
        ctx.out.write(dumps(world, indent=2) + "\n")


# --- research commands: ATOP import and state-year and dyad-year tables


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
}


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        with warnings.catch_warnings():
            # The commands say it themselves, in a note on standard output.
            warnings.simplefilter("ignore", CoverageWarning)
            _COMMANDS[args.command](_Context(args, out))
    except _UsageError as exc:
        err.write(f"{exc}\n")
        return EXIT_USAGE
    except ValidationError as exc:
        err.write(f"error: the data is invalid.\n{exc}\n")
        return EXIT_INVALID
    except UnknownEntityError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_INVALID
    except CoalitionsError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_INVALID
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK
    return EXIT_OK
