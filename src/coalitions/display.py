"""How the model's values look: short reprs, notebook HTML and IPython's pretty text.

One concern, in one place: the classes' ``__repr__`` (for groupings, agreements
and diffs), ``_repr_html_`` and ``_repr_pretty_`` all delegate here, importing
this module only when a value is shown, so ``import coalitions`` pays nothing
for it. Nothing here imports IPython: :func:`pretty` writes to the printer it
is given.

Every value is first described as a neutral view (a title, labelled fields,
tables and notes), which :func:`html` and :func:`text` render the same way:

- dates are written as precisely as they are known (:meth:`Precision.describe
  <coalitions.Precision.describe>`), a reduced precision named beside them:
  ``1949 (year)``;
- rosters list role, spell, own obligations, commitments and status spells
  (suspended or frozen), and a partial roster counts as a lower bound,
  ``6+``, with a note saying so;
- an agreement's entry into force says what the sources establish;
- all text in HTML is escaped; long tables stop at a stated number of rows and
  say how many are left out (the full value stays in ``attrs.asdict(value)``).

>>> import datetime as dt
>>> from coalitions import Membership, Minilateral
>>> day = dt.date(2017, 11, 12)
>>> quad = Minilateral(id="QUAD", name="Quadrilateral Security Dialogue", founded=day,
...                    mission="A free & open Indo-Pacific",
...                    members=[Membership(state=c, since=day) for c in ("AUS", "IND", "JPN", "USA")])
>>> quad
<Minilateral QUAD: 4 members since 2017-11-12, dialogue>
>>> "A free &amp; open Indo-Pacific" in quad._repr_html_()
True
>>> print(text(quad))  # doctest: +NORMALIZE_WHITESPACE
Minilateral QUAD: Quadrilateral Security Dialogue
  Founded     2017-11-12
  Members     4
  Formality   dialogue
  Mission     A free & open Indo-Pacific
Members (4 spells)
  State  Role    Since
  AUS    member  2017-11-12
  IND    member  2017-11-12
  JPN    member  2017-11-12
  USA    member  2017-11-12
"""

from __future__ import annotations

import datetime as dt
import html as _html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from coalitions.enums import ForceStatus, Obligation, Precision, Role

if TYPE_CHECKING:
    from coalitions.history import Diff, Event
    from coalitions.landscape import Landscape
    from coalitions.model import Agreement, Grouping, Membership, State, StatusSpell
    from coalitions.ties import Tie

__all__ = ["MAX_REPR", "Printer", "html", "pretty", "summary", "text"]

#: The longest a short repr (:func:`summary`) may be.
MAX_REPR = 200
#: How many rows a roster or event table shows before it says how many more there are.
MAX_ROWS = 100
#: How many groupings or agreements a landscape's tables show.
MAX_LANDSCAPE_ROWS = 25

_WORDS = {
    Obligation.DEFENSE: "defence",
    Obligation.OFFENSE: "offence",
    Obligation.NEUTRALITY: "neutrality",
    Obligation.NON_AGGRESSION: "non-aggression",
    Obligation.CONSULTATION: "consultation",
}
_PARTIAL_NOTE = (
    "Partial roster: the sources list only some members, so the count is a lower bound ({count})."
)


class Printer(Protocol):
    """What :func:`pretty` needs of IPython's printer: a ``text`` method."""

    def text(self, obj: str) -> None:
        """Write ``obj``."""


class _Table:
    __slots__ = ("caption", "headers", "left_out", "rows")

    def __init__(
        self, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]], limit: int
    ) -> None:
        # Drop the columns empty in every row (after the first), for compactness.
        keep = [i for i in range(len(headers)) if i == 0 or any(row[i] for row in rows)]
        self.caption = caption
        self.headers = [headers[i] for i in keep]
        self.rows = [[row[i] for i in keep] for row in rows[:limit]]
        self.left_out = max(0, len(rows) - limit)


class _View:
    __slots__ = ("fields", "notes", "tables", "title")

    def __init__(self, title: str) -> None:
        self.title = title
        self.fields: list[tuple[str, str]] = []
        self.tables: list[_Table] = []
        self.notes: list[str] = []

    def field(self, label: str, value: str) -> None:
        if value:
            self.fields.append((label, value))


# --- words


def _date(day: dt.date | None, precision: Precision = Precision.DAY) -> str:
    """A date as precisely as it is known, the precision named where it is reduced."""
    if day is None:
        return ""
    written = precision.describe(day)
    return written if precision is Precision.DAY else f"{written} ({precision.value})"


def _obligations(obligations: Iterable[Obligation]) -> str:
    chosen = set(obligations)
    return ", ".join(_WORDS[o] for o in Obligation if o in chosen)


def _plural(count: int | str, one: str, many: str) -> str:
    return f"{count} {one if count in (1, '1') else many}"


def _current(spells: Sequence[Membership], end: dt.date | None, role: Role = Role.MEMBER) -> int:
    """States with a spell of ``role`` open (or, after an ``end``, lasting to it)."""
    return len(
        {
            s.state
            for s in spells
            if s.role is role and (s.until is None or (end is not None and s.until >= end))
        }
    )


def _members(grouping: Grouping) -> str:
    count = str(_current(grouping.members, grouping.dissolved))
    return count if grouping.roster_complete else f"{count}+"


def _capped(text: str) -> str:
    return text if len(text) <= MAX_REPR else text[: MAX_REPR - 4] + "...>"


def _status(spell: StatusSpell) -> str:
    when = f"from {_date(spell.since, spell.since_precision)}"
    if spell.until is not None:
        when = f"{_date(spell.since, spell.since_precision)} to {_date(spell.until, spell.until_precision)}"
    toward = "" if spell.toward is None else f" toward {', '.join(sorted(spell.toward))}"
    return f"{spell.status.value} {when}{toward}"


def _spell_row(spell: Membership) -> list[str]:
    own = "" if spell.obligations is None else (_obligations(spell.obligations) or "none")
    commitments = "; ".join(
        f"toward {c.toward}: {_obligations(c.obligations) or 'nothing'}" for c in spell.toward
    )
    return [
        spell.state,
        spell.role.value,
        _date(spell.since, spell.since_precision),
        _date(spell.until, spell.until_precision),
        own,
        commitments,
        "; ".join(_status(s) for s in spell.statuses),
    ]


_SPELL_HEADERS = ("State", "Role", "Since", "Until", "Own obligations", "Commitments", "Status")


def _roster(caption: str, spells: Sequence[Membership]) -> _Table:
    return _Table(
        f"{caption} ({_plural(len(spells), 'spell', 'spells')})",
        _SPELL_HEADERS,
        [_spell_row(s) for s in spells],
        MAX_ROWS,
    )


def _force(agreement: Agreement, *, short: bool = False) -> str:
    status = agreement.force_status
    if status is ForceStatus.ESTABLISHED and agreement.in_force is not None:
        written = (_date_short if short else _date)(
            agreement.in_force, agreement.in_force_precision
        )
        return f"in force {written}"
    return status.describe()


def _common(view: _View, entity: Agreement | Grouping) -> None:
    view.field("Domains", ", ".join(sorted(entity.domains)))
    view.field(
        "External ids", ", ".join(f"{k}: {v}" for k, v in sorted(entity.external_ids.items()))
    )
    view.field(
        "Sources", _plural(len(entity.sources), "source", "sources") if entity.sources else ""
    )


# --- short reprs


def summary(obj: object) -> str:
    """The short repr of a grouping, an agreement or a diff (at most :data:`MAX_REPR`
    characters); any other value's own ``repr``.

    A grouping counts the member states with an open ``MEMBER`` spell (for a
    dissolved one, those that stayed to the end), ``N+`` where the roster is
    partial; an agreement counts its parties the same way.

    >>> import datetime as dt
    >>> from coalitions import Agreement, ForceStatus, Membership
    >>> day = dt.date(2025, 9, 17)
    >>> summary(Agreement(
    ...     id="SAU-PAK-SMDA", name="Strategic Mutual Defence Agreement", signed=day,
    ...     parties=[Membership(state=c, since=day) for c in ("SAU", "PAK")],
    ...     in_force_status=ForceStatus.NOT_ESTABLISHED, obligations=[Obligation.DEFENSE]))
    '<Agreement SAU-PAK-SMDA: 2 parties, signed 2025-09-17, entry into force not established, defence>'
    """
    from coalitions.history import Diff
    from coalitions.model import Agreement, Alliance, Minilateral

    if isinstance(obj, (Alliance, Minilateral)):
        count = _members(obj)
        if obj.dissolved is None:
            parts = [
                f"{_plural(count, 'member', 'members')} since {_date_short(obj.founded, obj.founded_precision)}"
            ]
        else:
            parts = [
                _plural(count, "member", "members"),
                f"{_date_short(obj.founded, obj.founded_precision)}"
                f" to {_date_short(obj.dissolved, obj.dissolved_precision)}",
            ]
        if isinstance(obj, Alliance):
            parts.append(_obligations(obj.obligations))
        else:
            parts.append(obj.formality.value.replace("_", " "))
        return _capped(f"<{type(obj).__name__} {obj.id}: {', '.join(p for p in parts if p)}>")
    if isinstance(obj, Agreement):
        parties = _current(obj.parties, obj.ended)
        parts = [
            _plural(parties, "party", "parties"),
            f"signed {_date_short(obj.signed, obj.signed_precision)}",
            _force(obj, short=True),
        ]
        if obj.ended is not None:
            parts.append(f"ended {_date_short(obj.ended, obj.ended_precision)}")
        parts.append(_obligations(obj.obligations))
        return _capped(f"<Agreement {obj.id}: {', '.join(p for p in parts if p)}>")
    if isinstance(obj, Diff):
        counts = [
            f"{len(events)} {name.replace('_', ' ')}"
            for name, events in _diff_fields(obj)
            if events
        ]
        return _capped(
            f"<Diff {obj.start.isoformat()}..{obj.end.isoformat()}: "
            f"{', '.join(counts) or 'no changes'}>"
        )
    return repr(obj)


def _date_short(day: dt.date, precision: Precision) -> str:
    return precision.describe(day)


def _diff_fields(diff: Diff) -> list[tuple[str, tuple[Event, ...]]]:
    """Every kind of change a diff holds, in its fields' order (read from the class,
    so a kind added to ``Diff`` shows without a change here)."""
    return [
        (field.name, getattr(diff, field.name))
        for field in attrs.fields(type(diff))
        if field.name not in ("start", "end")
    ]


# --- views


def _view(obj: object) -> _View:
    from coalitions.history import Diff, Event
    from coalitions.landscape import Landscape
    from coalitions.model import Agreement, Alliance, Membership, Minilateral, State
    from coalitions.ties import Tie

    if isinstance(obj, (Alliance, Minilateral)):
        return _grouping_view(obj)
    if isinstance(obj, Agreement):
        return _agreement_view(obj)
    if isinstance(obj, Landscape):
        return _landscape_view(obj)
    if isinstance(obj, State):
        return _state_view(obj)
    if isinstance(obj, Membership):
        return _membership_view(obj)
    if isinstance(obj, Event):
        return _event_view(obj)
    if isinstance(obj, Diff):
        return _diff_view(obj)
    if isinstance(obj, Tie):
        return _tie_view(obj)
    view = _View(type(obj).__name__)
    view.field("Value", repr(obj))
    return view


def _grouping_view(grouping: Grouping) -> _View:
    from coalitions.model import Alliance, Minilateral

    view = _View(f"{type(grouping).__name__} {grouping.id}: {grouping.name}")
    view.field("Founded", _date(grouping.founded, grouping.founded_precision))
    view.field("Dissolved", _date(grouping.dissolved, grouping.dissolved_precision))
    members = _members(grouping)
    associated = [
        _plural(n, role.value, f"{role.value}s")
        for role in (Role.PARTNER, Role.OBSERVER)
        if (n := _current(grouping.members, grouping.dissolved, role))
    ]
    view.field("Members", ", ".join([members, *associated]))
    if isinstance(grouping, Alliance):
        view.field("Obligations", _obligations(grouping.obligations))
        view.field("Agreements", ", ".join(sorted(grouping.agreements)))
    if isinstance(grouping, Minilateral):
        view.field("Formality", grouping.formality.value.replace("_", " "))
        view.field("Mission", grouping.mission)
    _common(view, grouping)
    view.tables.append(_roster("Members", grouping.members))
    if not grouping.roster_complete:
        view.notes.append(_PARTIAL_NOTE.format(count=members))
    return view


def _agreement_view(agreement: Agreement) -> _View:
    view = _View(f"Agreement {agreement.id}: {agreement.name}")
    view.field("Kind", agreement.kind.value.replace("_", " "))
    view.field("Signed", _date(agreement.signed, agreement.signed_precision))
    view.field("Entry into force", _force(agreement))
    view.field("Ended", _date(agreement.ended, agreement.ended_precision))
    view.field("Parties", str(_current(agreement.parties, agreement.ended)))
    view.field("Obligations", _obligations(agreement.obligations))
    _common(view, agreement)
    view.tables.append(_roster("Parties", agreement.parties))
    if agreement.force_status is ForceStatus.NOT_ESTABLISHED:
        view.notes.append(
            "The sources do not establish entry into force: queries count the agreement"
            " and mark it (strict=True leaves it out)."
        )
    return view


def _landscape_view(landscape: Landscape) -> _View:
    view = _View("Landscape")
    if landscape.start is not None or landscape.as_of is not None:
        view.field(
            "Covers",
            f"{_date(landscape.start) or '...'} to {_date(landscape.as_of) or '...'}",
        )
    view.field("States", str(len(landscape.states)))
    view.field("Domains", str(len(landscape.domains)))
    partial = sum(not g.roster_complete for g in landscape.groupings)
    view.field(
        "Groupings",
        f"{_plural(len(landscape.alliances), 'alliance', 'alliances')},"
        f" {_plural(len(landscape.minilaterals), 'minilateral', 'minilaterals')}"
        + (f" ({partial} with partial rosters)" if partial else ""),
    )
    by_status: dict[ForceStatus, int] = {}
    for agreement in landscape.agreements:
        by_status[agreement.force_status] = by_status.get(agreement.force_status, 0) + 1
    detail = ", ".join(f"{by_status[s]} {s.describe()}" for s in ForceStatus if s in by_status)
    view.field("Agreements", f"{len(landscape.agreements)}" + (f" ({detail})" if detail else ""))
    groupings = landscape.groupings
    if groupings:
        view.tables.append(
            _Table(
                f"Groupings ({len(groupings)})",
                ("Id", "Kind", "Name", "Founded", "Dissolved", "Members"),
                [
                    [
                        g.id,
                        type(g).__name__.lower(),
                        g.name,
                        _date(g.founded, g.founded_precision),
                        _date(g.dissolved, g.dissolved_precision),
                        _members(g),
                    ]
                    for g in groupings
                ],
                MAX_LANDSCAPE_ROWS,
            )
        )
    if landscape.agreements:
        view.tables.append(
            _Table(
                f"Agreements ({len(landscape.agreements)})",
                ("Id", "Kind", "Name", "Signed", "Entry into force", "Ended", "Parties"),
                [
                    [
                        a.id,
                        a.kind.value.replace("_", " "),
                        a.name,
                        _date(a.signed, a.signed_precision),
                        _force(a),
                        _date(a.ended, a.ended_precision),
                        str(_current(a.parties, a.ended)),
                    ]
                    for a in landscape.agreements
                ],
                MAX_LANDSCAPE_ROWS,
            )
        )
    if partial:
        view.notes.append(
            "A count written N+ is a partial roster: the sources list only some members."
        )
    return view


def _state_view(state: State) -> _View:
    view = _View(f"State {state.code}: {state.name}")
    view.field("COW code", "" if state.cow_code is None else str(state.cow_code))
    view.field("Region", state.region or "")
    return view


def _membership_view(spell: Membership) -> _View:
    view = _View(f"Membership of {spell.state}")
    row = _spell_row(spell)
    for label, value in zip(_SPELL_HEADERS[1:], row[1:], strict=True):
        view.field(label, value)
    if spell.obligations is None:
        view.field("Own obligations", "none of its own: the grouping's apply to a member")
    return view


def _event_view(event: Event) -> _View:
    view = _View(f"Event: {event.describe()}")
    view.field("Date", _date(event.date, event.precision))
    view.field("Change", event.kind.value.replace("_", " "))
    view.field("Subject", event.subject)
    view.field("State", event.state or "")
    view.field("Role", "" if event.role is None else event.role.value)
    return view


def _diff_view(diff: Diff) -> _View:
    view = _View(f"Diff after {diff.start.isoformat()}, up to {diff.end.isoformat()}")
    for name, events in _diff_fields(diff):
        view.field(name.replace("_", " ").capitalize(), str(len(events)) if events else "")
    events = diff.events()
    if events:
        view.tables.append(
            _Table(
                f"Events ({len(events)})",
                ("Date", "Change", "Subject", "State", "Role"),
                [
                    [
                        _date(e.date, e.precision),
                        e.kind.value.replace("_", " "),
                        e.subject,
                        e.state or "",
                        "" if e.role is None else e.role.value,
                    ]
                    for e in events
                ],
                MAX_ROWS,
            )
        )
    else:
        view.notes.append("Nothing changed.")
    return view


def _tie_view(tie: Tie) -> _View:
    view = _View(f"Tie {tie.state}-{tie.other} via {tie.via}")
    link = tie.kind.value
    if tie.formality is not None:
        link += f" ({tie.formality.value.replace('_', ' ')})"
    if tie.agreement_kind is not None:
        link += f" ({tie.agreement_kind.value.replace('_', ' ')})"
    view.field("Through", link)
    view.field("Strength", f"{tie.strength.name} ({int(tie.strength)})")
    view.field("Roles", f"{tie.role.value} with {tie.other_role.value}")
    view.field("Owes", _obligations(tie.owes) or "nothing")
    view.field("Owed", _obligations(tie.owed) or "nothing")
    view.field("Status", "; ".join(tie.flags()) or "no flags (in force, not suspended)")
    return view


# --- renderers


def html(obj: object) -> str:
    """``obj`` as a compact HTML fragment for notebooks (what ``_repr_html_`` returns);
    every text is escaped.

    >>> from coalitions import State
    >>> print(html(State(code="CIV", name="Côte d'Ivoire <test>")))
    <div class="coalitions"><table><caption>State CIV: Côte d&#x27;Ivoire &lt;test&gt;</caption></table></div>
    """
    view = _view(obj)
    e = _html.escape
    parts = ['<div class="coalitions">']
    parts.append(f"<table><caption>{e(view.title)}</caption>")
    for label, value in view.fields:
        parts.append(
            f'<tr><th style="text-align:left">{e(label)}</th>'
            f'<td style="text-align:left">{e(value)}</td></tr>'
        )
    parts.append("</table>")
    for table in view.tables:
        parts.append(f"<table><caption>{e(table.caption)}</caption><thead><tr>")
        parts.extend(f'<th style="text-align:left">{e(h)}</th>' for h in table.headers)
        parts.append("</tr></thead><tbody>")
        for row in table.rows:
            parts.append(
                "<tr>"
                + "".join(f'<td style="text-align:left">{e(cell)}</td>' for cell in row)
                + "</tr>"
            )
        parts.append("</tbody></table>")
        if table.left_out:
            parts.append(f"<p><small>{e(_left_out(table))}</small></p>")
    parts.extend(f"<p><small>{e(note)}</small></p>" for note in view.notes)
    parts.append("</div>")
    return "".join(parts)


def _left_out(table: _Table) -> str:
    return f"... and {table.left_out} more rows (the full value: attrs.asdict)."


def text(obj: object) -> str:
    """``obj`` as aligned plain text, several lines (what IPython's pretty printer shows).

    >>> from coalitions import State
    >>> print(text(State(code="FIN", name="Finland", cow_code=375, region="Europe")))
    State FIN: Finland
      COW code  375
      Region    Europe
    """
    view = _view(obj)
    lines = [view.title]
    if view.fields:
        width = max(len(label) for label, _ in view.fields)
        lines.extend(f"  {label.ljust(width)}  {value}" for label, value in view.fields)
    for table in view.tables:
        lines.append(table.caption)
        widths = [
            max(len(cell) for cell in column)
            for column in zip(table.headers, *table.rows, strict=True)
        ]
        for row in [table.headers, *table.rows]:
            lines.append(
                "  "
                + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
        if table.left_out:
            lines.append(f"  {_left_out(table)}")
    lines.extend(f"Note: {note}" for note in view.notes)
    return "\n".join(lines)


def pretty(obj: object, p: Printer, cycle: bool) -> None:
    """Write ``obj`` to IPython's printer ``p`` (what ``_repr_pretty_`` does):
    the lines of :func:`text`, or the short repr inside a cycle.

    Hypothesis prints falsifying examples with a printer of the same kind: to
    it, ``obj`` is written as a constructor call (fields left at their defaults
    left out), so that a failing example can be pasted back as code.

    >>> class Collect:
    ...     def __init__(self) -> None:
    ...         self.out = []
    ...     def text(self, obj: str) -> None:
    ...         self.out.append(obj)
    >>> from coalitions import State
    >>> printer = Collect()
    >>> pretty(State(code="FIN", name="Finland"), printer, False)
    >>> printer.out
    ['State FIN: Finland']
    """
    if type(p).__module__.partition(".")[0] == "hypothesis":
        _constructor(obj, p)
        return
    p.text(repr(obj) if cycle else text(obj))


def _constructor(obj: object, p: Any) -> None:
    """``obj`` as a constructor call, through the printer's own ``pretty``."""
    from coalitions._checks import changed_fields

    name = type(obj).__name__
    with p.group(len(name) + 1, f"{name}(", ")"):
        for i, (field, value) in enumerate(changed_fields(obj)):
            if i:
                p.text(",")
                p.breakable()
            p.text(f"{field}=")
            p.pretty(value)
