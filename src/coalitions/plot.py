"""Pictures of a landscape: networks, timelines, alignment and trends (extra ``coalitions[plot]``).

Each function draws with matplotlib and returns a :class:`matplotlib.figure.Figure`;
given ``ax=``, it draws on that axes instead and returns the axes' figure. No
window is ever opened: the figures are made without pyplot, so they are saved
with ``figure.savefig(...)`` or shown by a notebook as the value of a cell.

* :func:`network`: states as nodes, their ties as edges styled by
  :class:`~coalitions.Strength`, coloured by bloc (:func:`blocs`, label
  propagation over the tie graph), placed by :func:`layout`, which is computed
  once over every state and tie the landscape ever holds, so that two dates
  compare.
* :func:`timeline`: the membership spells of a grouping or agreement, or every
  grouping of a state, as bars over time; dates known only to the month or year
  hatched over the period they may fall in, suspensions and freezes marked,
  partial rosters said.
* :func:`alignment`: a heatmap of pairwise alignment (:mod:`coalitions.similarity`),
  ordered by average-linkage clustering so that blocs show as squares.
* :func:`trends`: the alliances, minilaterals (by formality) and agreements (by
  kind) active in each year, stacked (:func:`trend_counts` gives the numbers).

>>> import pytest; _ = pytest.importorskip("matplotlib")
>>> import datetime as dt
>>> from coalitions import reference_landscape
>>> world = reference_landscape()
>>> figure = network(world, at=dt.date(2024, 1, 1))
>>> type(figure).__name__
'Figure'
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from coalitions import similarity, systems
from coalitions.enums import AgreementKind, Formality, Precision, Role, Status
from coalitions.errors import Problem, UnknownEntityError, ValidationError
from coalitions.landscape import Landscape
from coalitions.model import Agreement, Alliance, Grouping, Membership, Minilateral, Obligation
from coalitions.ties import Strength, Tie

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "MEASURES",
    "SERIES",
    "alignment",
    "blocs",
    "layout",
    "network",
    "timeline",
    "trend_counts",
    "trends",
]

MEASURES: tuple[str, ...] = ("s_score", "s", "kappa", "pi", "tau_b")
"""The measures :func:`alignment` takes (``"s_score"`` and ``"s"`` are the same: Signorino and Ritter's S)."""

_BLOC_COLOURS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
_LONE = "#c7c7c7"
_ROLE_COLOURS = {Role.MEMBER: "#1f77b4", Role.PARTNER: "#9ecae1", Role.OBSERVER: "#deebf7"}
_STATUS_COLOURS = {Status.SUSPENDED: "#d62728", Status.FROZEN: "#9467bd"}


# --- plumbing


def _matplotlib() -> Any:
    """matplotlib's Figure class, or an ImportError that says how to install it."""
    try:
        return importlib.import_module("matplotlib.figure")
    except ImportError as exc:
        raise ImportError(
            "coalitions.plot needs matplotlib, which is not installed:"
            " pip install 'coalitions[plot]'"
        ) from exc


def _canvas(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """A new figure with one axes (no pyplot, so no window), or ``ax``'s figure."""
    module = _matplotlib()
    if ax is not None:
        figure = ax.get_figure()
        if figure is None:  # pragma: no cover - an axes always has a figure
            raise ValidationError([Problem("ax", "the axes belongs to no figure")])
        return figure, ax  # type: ignore[return-value]
    figure = module.Figure(figsize=size, layout="constrained")
    return figure, figure.add_subplot()


def _check_landscape(landscape: object) -> Landscape:
    if not isinstance(landscape, Landscape):
        raise ValidationError(
            [Problem("landscape", f"expected a Landscape, got {type(landscape).__name__}")]
        )
    return landscape


def _day(landscape: Landscape, at: object, name: str = "at") -> dt.date:
    if at is None:
        return landscape.as_of or dt.date.today()
    if type(at) is not dt.date:
        raise ValidationError([Problem(name, f"expected a datetime.date, got {at!r}")])
    return at


def _year(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError([Problem(name, f"expected a year (an int), got {value!r}")])
    return value


def _strength(value: object, name: str = "min_strength") -> Strength:
    if isinstance(value, Strength):
        return value
    if isinstance(value, str) and value.upper().replace("-", "_") in Strength.__members__:
        return Strength[value.upper().replace("-", "_")]
    names = ", ".join(s.name.lower() for s in Strength)
    raise ValidationError([Problem(name, f"expected a Strength ({names}), got {value!r}")])


def _codes(landscape: Landscape, states: Iterable[str] | None, name: str) -> list[str] | None:
    if states is None:
        return None
    if isinstance(states, str):
        raise ValidationError(
            [Problem(name, "expected a list of states, not one string: wrap it in a list")]
        )
    return list(dict.fromkeys(landscape.state(code).code for code in states))


# --- the stable layout


def _entities(landscape: Landscape) -> list[Agreement | Grouping]:
    return [*landscape.alliances, *landscape.minilaterals, *landscape.agreements]


def _spells(entity: Agreement | Grouping) -> tuple[Membership, ...]:
    return entity.parties if isinstance(entity, Agreement) else entity.members


def _union_weights(landscape: Landscape) -> dict[tuple[str, str], float]:
    """How closely each pair of states is bound over the landscape's whole history:
    every grouping or agreement they ever shared, a defence pact counting most, a
    large grouping's pairs least (each member's share spread over the others)."""
    weights: dict[tuple[str, str], float] = {}
    for entity in _entities(landscape):
        spells = _spells(entity)
        codes = sorted({spell.state for spell in spells})
        if len(codes) < 2:
            continue
        if isinstance(entity, Agreement):
            base = 1.0
        elif isinstance(entity, Alliance):
            base = 3.0 if Obligation.DEFENSE in entity.obligations else 2.0
        else:
            base = 1.5
        roles: dict[str, Role] = {}
        for spell in spells:  # a state's closest role in the entity
            if roles.get(spell.state) is not Role.MEMBER:
                roles[spell.state] = spell.role
        share = base / (len(codes) - 1)
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                factor = 1.0 if roles[a] is Role.MEMBER and roles[b] is Role.MEMBER else 0.25
                weights[a, b] = weights.get((a, b), 0.0) + share * factor
    return weights


@functools.lru_cache(maxsize=8)
def _cached_layout(landscape: Landscape, seed: int) -> dict[str, tuple[float, float]]:
    import numpy as np

    codes = sorted(state.code for state in landscape.states)
    if not codes:
        return {}
    position = {code: i for i, code in enumerate(codes)}
    n = len(codes)
    weight = np.zeros((n, n))
    for (a, b), value in _union_weights(landscape).items():
        weight[position[a], position[b]] = weight[position[b], position[a]] = value
    if weight.max() > 0:
        weight = weight / weight.max()
    random = np.random.default_rng(seed)
    xy = random.uniform(-1.0, 1.0, size=(n, 2))
    # Fruchterman-Reingold: every pair repels, ties attract in proportion to their weight.
    k = 1.0 / math.sqrt(n)
    temperature = 0.2
    for _ in range(250):
        delta = xy[:, None, :] - xy[None, :, :]
        distance = np.sqrt((delta**2).sum(axis=-1)) + 1e-9
        force = k * k / distance**2 - weight * distance / k
        np.fill_diagonal(force, 0.0)
        move = (delta * force[:, :, None]).sum(axis=1)
        # a weak pull to the centre keeps states without ties on the picture
        move -= 0.05 * xy / k
        length = np.sqrt((move**2).sum(axis=1)) + 1e-9
        xy += move / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.985
    xy -= xy.mean(axis=0)
    scale = np.abs(xy).max() or 1.0
    xy /= scale
    return {code: (float(xy[i, 0]), float(xy[i, 1])) for code, i in position.items()}


def layout(landscape: Landscape, *, seed: int = 0) -> dict[str, tuple[float, float]]:
    """A position in ``[-1, 1]²`` for every state of the landscape, the same for
    every date: a seeded force-directed layout of every tie the landscape ever
    holds (states that shared more, and stronger, groupings sit closer).

    :func:`network` places its nodes with it, so two years of one landscape
    compare: a state stays where it was, and only the edges and colours change.

    >>> import pytest; _ = pytest.importorskip("matplotlib")
    >>> from coalitions import reference_landscape
    >>> world = reference_landscape()
    >>> where = layout(world)
    >>> len(where) == len(world.states), where == layout(world)
    (True, True)
    >>> all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in where.values())
    True
    """
    _check_landscape(landscape)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValidationError([Problem("seed", f"expected an int, got {seed!r}")])
    _matplotlib()  # numpy comes with it
    return dict(_cached_layout(landscape, seed))


# --- blocs


def _pair_ties(
    landscape: Landscape, day: dt.date, min_strength: Strength, codes: Sequence[str] | None
) -> dict[tuple[str, str], Tie]:
    """The strongest tie of each pair of states on ``day`` (at least ``min_strength``)."""
    wanted = None if codes is None else frozenset(codes)
    found: dict[tuple[str, str], Tie] = {}
    for state in landscape.states:
        if wanted is not None and state.code not in wanted:
            continue
        for link in landscape.ties(state.code, at=day):
            if link.other < link.state or link.strength < min_strength:
                continue
            if wanted is not None and link.other not in wanted:
                continue
            pair = (link.state, link.other)
            best = found.get(pair)
            if best is None or _rank(link) > _rank(best):
                found[pair] = link
    return found


def _rank(link: Tie) -> tuple[bool, int]:
    return (not (link.pending or link.suspended), int(link.strength))


def _propagate(weights: dict[tuple[str, str], float]) -> list[frozenset[str]]:
    neighbours: dict[str, dict[str, float]] = {}
    for (a, b), weight in weights.items():
        neighbours.setdefault(a, {})[b] = weight
        neighbours.setdefault(b, {})[a] = weight
    label = {code: code for code in neighbours}
    order = sorted(neighbours)
    for _ in range(50):
        changed = False
        for code in order:
            score: dict[str, float] = {}
            for other, weight in neighbours[code].items():
                score[label[other]] = score.get(label[other], 0.0) + weight
            best = max(score.values())
            choices = sorted(lab for lab, value in score.items() if value == best)
            new = label[code] if label[code] in choices else choices[0]
            if new != label[code]:
                label[code], changed = new, True
        if not changed:
            break
    groups: dict[str, set[str]] = {}
    for code, lab in label.items():
        groups.setdefault(lab, set()).add(code)
    return sorted((frozenset(g) for g in groups.values()), key=lambda g: (-len(g), sorted(g)))


def blocs(
    landscape: Landscape,
    at: dt.date | None = None,
    *,
    min_strength: Strength = Strength.PARTNER,
) -> list[frozenset[str]]:
    """The blocs on ``at`` (``as_of`` by default): groups of states found by
    label propagation over the tie graph, largest first, each pair weighted by
    its strongest live tie (squared, so that defence pacts outweigh forums).
    Deterministic: states are visited in code order and ties between labels go
    to the smallest. A state with no tie of ``min_strength`` or more is in no bloc.

    >>> import datetime as dt
    >>> from coalitions import reference_landscape
    >>> world = reference_landscape()
    >>> found = blocs(world, at=dt.date(2024, 1, 1), min_strength=Strength.CONSULTATION)
    >>> [bloc for bloc in found if "USA" in bloc][0] >= {"DEU", "FRA", "GBR", "POL"}
    True
    >>> any({"RUS", "FRA"} <= bloc for bloc in found)
    False
    """
    _check_landscape(landscape)
    day = _day(landscape, at)
    floor = _strength(min_strength)
    weights = {
        pair: 0.0 if link.pending or link.suspended else float(link.strength) ** 2
        for pair, link in _pair_ties(landscape, day, floor, None).items()
    }
    return _propagate({pair: w for pair, w in weights.items() if w > 0})


# --- network


_STRENGTH_STYLE: dict[Strength, tuple[str, float, Any]] = {
    # colour, width, line style
    Strength.DEFENSE: ("#08306b", 1.6, "-"),
    Strength.CONSULTATION: ("#2171b5", 1.2, "-"),
    Strength.NON_AGGRESSION: ("#4292c6", 1.0, "-"),
    Strength.OPERATIONAL: ("#238b45", 0.9, "-"),
    Strength.ACCESS: ("#6a51a3", 0.9, "-"),
    Strength.FRAMEWORK: ("#969696", 0.6, "-"),
    Strength.INDUSTRIAL: ("#fd8d3c", 0.6, "--"),
    Strength.DIALOGUE: ("#bdbdbd", 0.5, "--"),
    Strength.PARTNER: ("#d9d9d9", 0.4, ":"),
    Strength.OBSERVER: ("#eeeeee", 0.3, ":"),
}


def network(
    landscape: Landscape,
    at: dt.date | None = None,
    *,
    states: Iterable[str] | None = None,
    min_strength: Strength = Strength.PARTNER,
    seed: int = 0,
    labels: bool = True,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The ties between states on ``at`` (``as_of`` by default) as a network.

    Nodes are the states with at least one tie of ``min_strength`` or more that
    day (or ``states``, if given), placed by :func:`layout` so that two dates
    compare, and coloured by :func:`blocs` (grey: in no bloc of three or more).
    Each pair's strongest tie is one edge, its colour, width and line style by
    :class:`~coalitions.Strength` (darkest and widest: defence); ties suspended,
    frozen or not yet in force are drawn dotted. The legend names the strengths
    drawn.

    >>> import pytest; _ = pytest.importorskip("matplotlib")
    >>> import datetime as dt
    >>> from coalitions import Strength, reference_landscape
    >>> world = reference_landscape()
    >>> figure = network(world, at=dt.date(1990, 1, 1), min_strength=Strength.CONSULTATION)
    >>> figure.axes[0].get_title()
    'Ties on 1990-01-01 (consultation and stronger)'
    >>> network(world, states=["USA", "XYZ"])
    Traceback (most recent call last):
    ...
    coalitions.errors.UnknownEntityError: unknown state 'XYZ'...
    """
    _check_landscape(landscape)
    day = _day(landscape, at)
    floor = _strength(min_strength)
    codes = _codes(landscape, states, "states")
    where = layout(landscape, seed=seed)
    pairs = _pair_ties(landscape, day, floor, codes)
    shown = sorted(codes if codes is not None else {c for pair in pairs for c in pair})
    figure, axes = _canvas(ax, (11.0, 9.0))
    # edges, weakest first so that the strongest are drawn on top
    from matplotlib.collections import LineCollection

    groups: dict[tuple[Strength, bool], list[list[tuple[float, float]]]] = {}
    for (a, b), link in pairs.items():
        dotted = link.pending or link.suspended
        groups.setdefault((link.strength, dotted), []).append([where[a], where[b]])
    for (strength, dotted), segments in sorted(groups.items()):
        colour, width, style = _STRENGTH_STYLE[strength]
        axes.add_collection(
            LineCollection(
                segments,
                colors=colour,
                linewidths=width,
                linestyles=":" if dotted else style,
                alpha=0.6,
                zorder=1,
            )
        )
    drawn = {strength for strength, _ in groups}
    colour_of = _bloc_colours(landscape, day, floor, shown)
    axes.scatter(
        [where[c][0] for c in shown],
        [where[c][1] for c in shown],
        s=60,
        c=[colour_of.get(c, _LONE) for c in shown],
        edgecolors="white",
        linewidths=0.6,
        zorder=2,
    )
    if labels:
        for code in shown:
            x, y = where[code]
            axes.annotate(
                code, (x, y), xytext=(3, 3), textcoords="offset points", fontsize=6, zorder=3
            )
    _strength_legend(axes, drawn)
    label = floor.name.lower().replace("_", "-")
    axes.set_title(title or f"Ties on {day.isoformat()} ({label} and stronger)")
    axes.set_xlim(-1.1, 1.1)
    axes.set_ylim(-1.1, 1.1)
    axes.set_aspect("equal")
    axes.set_axis_off()
    return figure


def _bloc_colours(
    landscape: Landscape, day: dt.date, floor: Strength, shown: Sequence[str]
) -> dict[str, str]:
    wanted = frozenset(shown)
    found = blocs(landscape, day, min_strength=floor)
    colours: dict[str, str] = {}
    for index, bloc in enumerate(b for b in found if len(b & wanted) >= 3):
        if index >= len(_BLOC_COLOURS):
            break
        for code in bloc:
            colours[code] = _BLOC_COLOURS[index]
    return colours


def _strength_legend(axes: Axes, drawn: set[Strength]) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            color=_STRENGTH_STYLE[s][0],
            linewidth=_STRENGTH_STYLE[s][1] * 1.5,
            linestyle=_STRENGTH_STYLE[s][2],
            label=s.name.lower().replace("_", "-"),
        )
        for s in sorted(drawn, reverse=True)
    ]
    if handles:
        axes.legend(handles=handles, loc="lower left", fontsize=7, frameon=False, title="tie")


# --- timeline


def _resolve(landscape: Landscape, id_or_code: str) -> Agreement | Grouping | str:
    """The grouping or agreement ``id_or_code`` names, else the state's code."""
    if not isinstance(id_or_code, str):
        raise UnknownEntityError("grouping, agreement or state", id_or_code)
    for look_up in (landscape.grouping, landscape.agreement):
        try:
            return look_up(id_or_code)
        except UnknownEntityError:
            pass
    try:
        return landscape.state(id_or_code).code
    except UnknownEntityError:
        known = [e.id for e in _entities(landscape)] + [s.code for s in landscape.states]
        raise UnknownEntityError("grouping, agreement or state", id_or_code, known) from None


def _period_end(day: dt.date, precision: Precision) -> dt.date:
    """The first day after the period a reduced-precision date stands for."""
    if precision is Precision.YEAR:
        return dt.date(day.year + 1, 1, 1)
    if precision is Precision.MONTH:
        return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return day


def timeline(
    landscape: Landscape,
    id_or_code: str,
    *,
    roles: Iterable[Role] | None = None,
    agreements: bool = False,
    at: dt.date | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The membership spells of a grouping or agreement (one row per state), or of
    a state (one row per grouping it was ever in; ``agreements=True`` adds its
    agreements), as horizontal bars over time.

    Members are dark, partners lighter, observers lightest (``roles`` keeps only
    some). A date known only to the month or year is hatched over the month or
    year it may fall in; a suspension or freeze is a red (suspended) or purple (frozen) band over
    its spell; an open spell runs to the landscape's ``as_of`` (else today). A
    grouping whose roster is partial says so in the title (for a state, its
    rows are marked ``*``). ``at`` draws a vertical line on that day.

    >>> import pytest; _ = pytest.importorskip("matplotlib")
    >>> from coalitions import reference_landscape
    >>> world = reference_landscape()
    >>> timeline(world, "CSTO").axes[0].get_title()
    'Collective Security Treaty Organization (Collective Security Treaty) (CSTO): membership'
    >>> timeline(world, "CMF").axes[0].get_title()
    'Combined Maritime Forces (CMF): membership (partial roster)'
    >>> timeline(world, "Armenia").axes[0].get_title()
    'Armenia (ARM): groupings'
    >>> timeline(world, "NAT0")
    Traceback (most recent call last):
    ...
    coalitions.errors.UnknownEntityError: unknown grouping, agreement or state 'NAT0'; did you mean 'NATO'?
    """
    _matplotlib()
    mdates: Any = importlib.import_module("matplotlib.dates")
    _check_landscape(landscape)
    found = _resolve(landscape, id_or_code)
    mark = None if at is None else _day(landscape, at)
    keep = None if roles is None else frozenset(roles)
    if keep is not None and not all(isinstance(r, Role) for r in keep):
        raise ValidationError(
            [Problem("roles", f"expected Role values, got {sorted(map(repr, keep))}")]
        )
    end = landscape.as_of or dt.date.today()
    rows: list[tuple[str, list[Membership]]] = []
    partial = False
    if isinstance(found, str):
        code = found
        entities: list[Agreement | Grouping] = list(landscape.groupings)
        if agreements:
            entities += list(landscape.agreements)
        for entity in entities:
            spells = [s for s in _spells(entity) if s.state == code]
            if keep is not None:
                spells = [s for s in spells if s.role in keep]
            if spells:
                incomplete = not isinstance(entity, Agreement) and not entity.roster_complete
                partial = partial or incomplete
                rows.append((entity.id + (" *" if incomplete else ""), spells))
        rows.sort(key=lambda row: (min(s.since for s in row[1]), row[0]))
        name = landscape.state(code).name
        heading = f"{name} ({code}): {'groupings and agreements' if agreements else 'groupings'}"
        if partial:
            heading += " (* partial roster)"
    else:
        by_state: dict[str, list[Membership]] = {}
        for spell in _spells(found):
            if keep is None or spell.role in keep:
                by_state.setdefault(spell.state, []).append(spell)
        rows = sorted(by_state.items(), key=lambda row: (min(s.since for s in row[1]), row[0]))
        partial = not isinstance(found, Agreement) and not found.roster_complete
        what = "parties" if isinstance(found, Agreement) else "membership"
        heading = f"{found.name} ({found.id}): {what}" + (" (partial roster)" if partial else "")
    height = max(2.5, 0.22 * len(rows) + 1.4)
    figure, axes = _canvas(ax, (10.0, min(height, 40.0)))
    used_roles: set[Role] = set()
    used_statuses: set[Status] = set()
    reduced = False
    for y, (_, spells) in enumerate(rows):
        for spell in spells:
            reduced |= _draw_spell(axes, y, spell, end, mdates)
            used_roles.add(spell.role)
            for status in spell.statuses:
                until = status.until or spell.until or end
                start = mdates.date2num(status.since)
                axes.broken_barh(
                    [(start, mdates.date2num(until) - start)],
                    (y - 0.15, 0.3),
                    facecolors=_STATUS_COLOURS[status.status],
                    zorder=3,
                )
                used_statuses.add(status.status)
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels([label for label, _ in rows], fontsize=7 if len(rows) > 30 else 9)
    axes.set_ylim(max(len(rows), 1) - 0.5, -0.5)  # no rows: still a valid range
    axes.xaxis_date()
    if mark is not None:
        axes.axvline(mdates.date2num(mark), color="black", linewidth=0.8, linestyle="--")
    axes.set_title(title or heading)
    axes.grid(axis="x", linewidth=0.3)
    _timeline_legend(axes, used_roles, used_statuses, reduced)
    return figure


def _draw_spell(axes: Axes, y: int, spell: Membership, end: dt.date, mdates: Any) -> bool:
    """One spell's bar; return whether a date of it is known to the month or year only."""
    colour = _ROLE_COLOURS[spell.role]
    since, until = spell.since, spell.until or end
    solid_from, solid_to = since, until
    reduced = False
    if spell.since_precision is not Precision.DAY:
        solid_from = min(_period_end(since, spell.since_precision), until)
        reduced = True
    if spell.until is not None and spell.until_precision is not Precision.DAY:
        solid_to = max(spell.until, solid_from)
        until = max(_period_end(spell.until, spell.until_precision), solid_to)
        reduced = True

    def bar(a: dt.date, b: dt.date, **style: Any) -> None:
        if b > a:
            start = mdates.date2num(a)
            axes.broken_barh([(start, mdates.date2num(b) - start)], (y - 0.35, 0.7), **style)

    bar(solid_from, solid_to, facecolors=colour, zorder=2)
    hatched = {"facecolors": "none", "edgecolors": colour, "hatch": "////", "zorder": 2}
    if solid_from > since:
        bar(since, solid_from, **hatched)
    if until > solid_to:
        bar(solid_to, until, **hatched)
    return reduced


def _timeline_legend(axes: Axes, roles: set[Role], statuses: set[Status], reduced: bool) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=_ROLE_COLOURS[r], label=r.value) for r in Role if r in roles]
    handles += [Patch(facecolor=_STATUS_COLOURS[s], label=s.value) for s in Status if s in statuses]
    if reduced:
        handles.append(
            Patch(
                facecolor="none",
                edgecolor="#1f77b4",
                hatch="////",
                label="date known to month/year",
            )
        )
    if handles:
        axes.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False
        )


# --- alignment


def _measure_function(measure: str, top: int) -> Any:
    if measure in ("s_score", "s"):
        return lambda x, y: similarity.s_of(x, y, top)
    functions = {"kappa": similarity.kappa_of, "pi": similarity.pi_of, "tau_b": similarity.tau_b_of}
    if measure in functions:
        return functions[measure]
    raise ValidationError(
        [Problem("measure", f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")]
    )


def _order(matrix: Any) -> list[int]:
    """The leaf order of an average-linkage clustering of ``1 - matrix``, so that
    states that align sit together."""
    import numpy as np

    n = matrix.shape[0]
    if n <= 2:
        return list(range(n))
    distance = 1.0 - np.nan_to_num(matrix, nan=-1.0)
    distance = (distance + distance.T) / 2
    np.fill_diagonal(distance, np.inf)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    alive = np.ones(n, dtype=bool)
    for _ in range(n - 1):
        masked = np.where(alive[:, None] & alive[None, :], distance, np.inf)
        i, j = divmod(int(np.argmin(masked)), n)
        if i > j:
            i, j = j, i
        size_i, size_j = len(members[i]), len(members[j])
        merged = (distance[i] * size_i + distance[j] * size_j) / (size_i + size_j)
        distance[i, :] = merged
        distance[:, i] = merged
        distance[i, i] = np.inf
        alive[j] = False
        members[i] = members[i] + members.pop(j)
    (leaves,) = members.values()
    return leaves


def alignment(
    landscape: Landscape,
    at: dt.date | None = None,
    states: Iterable[str] | None = None,
    measure: str = "s_score",
    *,
    system: str | None = None,
    scale: str = "atop",
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """A heatmap of how alike the states' tie portfolios are on ``at`` (``as_of``
    by default), by ``measure``: ``"s_score"`` (Signorino and Ritter's S, also
    ``"s"``), ``"kappa"``, ``"pi"`` or ``"tau_b"`` (see :mod:`coalitions.similarity`).

    ``states`` defaults to every state of the system that has a tie of at least
    ``CONSULTATION`` on the day on the ``"atop"`` scale, or of any strength on
    the ``"strength"`` scale. Rows and columns are in the leaf order of an
    average-linkage clustering, so blocs show as squares along the diagonal.
    ``system`` is the state system the portfolios run over (``"cow"``, ``"gw"``
    or ``"landscape"``): by default COW where its lists reach the day and hold
    every state compared, else ``"landscape"``, the landscape's own states
    (today's reference landscape is past the COW lists).

    >>> import pytest; _ = pytest.importorskip("matplotlib")
    >>> import datetime as dt
    >>> from coalitions import reference_landscape
    >>> world = reference_landscape()
    >>> figure = alignment(world, states=["USA", "GBR", "FRA", "RUS", "BLR", "CHN"])
    >>> figure.axes[0].get_title()
    "Alignment on 2026-04-30: Signorino and Ritter's S, atop scale, landscape system"
    >>> [label.get_text() for label in figure.axes[0].get_xticklabels()]  # blocs together
    ['USA', 'GBR', 'FRA', 'RUS', 'BLR', 'CHN']
    >>> alignment(world, measure="cosine")
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: measure: unknown measure 'cosine'; expected one of s_score, s, kappa, pi, tau_b
    """
    import numpy as np

    _check_landscape(landscape)
    day = _day(landscape, at)
    top = {"atop": 3, "strength": int(max(Strength))}.get(scale)
    if top is None:
        raise ValidationError(
            [Problem("scale", f"unknown scale {scale!r}; expected 'atop' or 'strength'")]
        )
    function = _measure_function(measure, top)
    given = _codes(landscape, states, "states")
    if system is not None:
        choices = [system]
    elif day.year <= systems.year_range("cow")[1]:
        choices = ["cow", "landscape"]
    else:
        choices = ["landscape"]
    codes: list[str] = []
    for index, system in enumerate(choices):
        codes = given or []
        if given is None:
            floor = Strength.CONSULTATION if scale == "atop" else Strength.OBSERVER
            linked = {c for pair in _pair_ties(landscape, day, floor, None) for c in pair}
            members, _ = similarity.portfolios(landscape, [], at=day, system=system, scale=scale)
            codes = [c for c in members if c in linked]
        try:
            if not codes:
                raise ValidationError(
                    [Problem("states", f"no states to compare on {day.isoformat()}")]
                )
            _, found = similarity.portfolios(landscape, codes, at=day, system=system, scale=scale)
            break
        except ValidationError:
            # by default, COW where every state compared is in it, else the landscape's own
            if index == len(choices) - 1:
                raise
    n = len(codes)
    matrix = np.full((n, n), np.nan)
    for i in range(n):
        matrix[i, i] = function(found[codes[i]], found[codes[i]])
        for j in range(i + 1, n):
            matrix[i, j] = matrix[j, i] = function(found[codes[i]], found[codes[j]])
    order = _order(matrix)
    matrix = matrix[np.ix_(order, order)]
    labels = [codes[i] for i in order]
    side = min(max(4.0, 0.16 * n + 2.5), 30.0)
    figure, axes = _canvas(ax, (side + 1.2, side))
    image = axes.imshow(matrix, cmap="RdBu", vmin=-1.0, vmax=1.0, interpolation="nearest")
    size = 8 if n <= 40 else max(3, int(8 - n / 25))
    axes.set_xticks(range(n))
    axes.set_xticklabels(labels, rotation=90, fontsize=size)
    axes.set_yticks(range(n))
    axes.set_yticklabels(labels, fontsize=size)
    names = {"s_score": "Signorino and Ritter's S", "s": "Signorino and Ritter's S"}
    figure.colorbar(image, ax=axes, shrink=0.7, label=measure)
    axes.set_title(
        title
        or f"Alignment on {day.isoformat()}: {names.get(measure, measure)}, {scale} scale,"
        f" {system} system"
    )
    return figure


# --- trends


#: The series :func:`trend_counts` and :func:`trends` count, in drawing order.
SERIES: tuple[str, ...] = (
    "alliance",
    *(f"minilateral: {f.value.replace('_', ' ')}" for f in Formality),
    *(f"agreement: {k.value.replace('_', ' ')}" for k in AgreementKind),
)


def _series(entity: Agreement | Grouping) -> str:
    if isinstance(entity, Agreement):
        return f"agreement: {entity.kind.value.replace('_', ' ')}"
    if isinstance(entity, Minilateral):
        return f"minilateral: {entity.formality.value.replace('_', ' ')}"
    return "alliance"


def trend_counts(
    landscape: Landscape, *, start: int | None = None, end: int | None = None
) -> tuple[list[int], dict[str, list[int]]]:
    """The years ``start`` to ``end`` and, for each of :data:`SERIES`, how many
    alliances, minilaterals (by formality) or agreements (by kind) were active on
    the last day of each year (the landscape's ``as_of`` in its last year).

    An alliance or minilateral is active from its founding to its dissolution,
    an agreement from its signature (or entry into force, if it has no
    signature date) to its end. ``start`` defaults to the landscape's ``start``
    year, else the first founding or signature; ``end`` to the ``as_of`` year,
    else this year.

    >>> from coalitions import reference_landscape
    >>> years, counts = trend_counts(reference_landscape(), start=2000, end=2025)
    >>> years[0], years[-1], counts["alliance"][-1] >= counts["alliance"][0]
    (2000, 2025, True)
    >>> counts["minilateral: framework"][-1] > counts["minilateral: framework"][0]
    True
    """
    _check_landscape(landscape)
    first, last = _year(start, "start"), _year(end, "end")
    entities = _entities(landscape)
    if first is None:
        if landscape.start is not None:
            first = landscape.start.year
        else:
            first = min((e.start.year for e in entities), default=dt.date.today().year)
    if last is None:
        last = (landscape.as_of or dt.date.today()).year
    if last < first:
        raise ValidationError([Problem("end", f"{last} is before start {first}")])
    years = list(range(first, last + 1))
    counts = {name: [0] * len(years) for name in SERIES}
    for entity in entities:
        row = counts[_series(entity)]
        since, until = entity.start, entity.end
        for index, year in enumerate(years):
            day = dt.date(year, 12, 31)
            if landscape.as_of is not None and landscape.as_of < day:
                day = landscape.as_of
            if since <= day and (until is None or day < until):
                row[index] += 1
    return years, counts


_SERIES_COLOURS = {
    "alliance": "#08306b",
    "minilateral: dialogue": "#a1d99b",
    "minilateral: framework": "#41ab5d",
    "minilateral: operational coalition": "#006d2c",
    "agreement: treaty": "#fdd0a2",
    "agreement: executive agreement": "#fdae6b",
    "agreement: memorandum": "#fd8d3c",
    "agreement: access agreement": "#e6550d",
    "agreement: joint declaration": "#bcbddc",
    "agreement: arms deal": "#9e9ac8",
    "agreement: technology deal": "#6a51a3",
}


def trends(
    landscape: Landscape,
    *,
    start: int | None = None,
    end: int | None = None,
    stacked: bool = True,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The alliances, minilaterals by formality and agreements by kind active in
    each year (:func:`trend_counts`), as a stacked area (``stacked=False``: lines).
    Series that are zero throughout are left out.

    >>> import pytest; _ = pytest.importorskip("matplotlib")
    >>> from coalitions import reference_landscape
    >>> figure = trends(reference_landscape(), start=1945)
    >>> figure.axes[0].get_title()
    'Groupings and agreements active each year, 1945-2026'
    >>> trends(reference_landscape(), start=2030, end=2020)
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: end: 2020 is before start 2030
    """
    years, counts = trend_counts(landscape, start=start, end=end)
    present = [name for name in SERIES if any(counts[name])]
    figure, axes = _canvas(ax, (10.0, 5.5))
    colours = [_SERIES_COLOURS[name] for name in present]
    if stacked and present:
        axes.stackplot(years, [counts[n] for n in present], labels=present, colors=colours)
    else:
        for name, colour in zip(present, colours, strict=True):
            axes.plot(years, counts[name], label=name, color=colour)
    axes.set_xlim(years[0], years[-1])
    axes.set_ylabel("active on the last day of the year")
    axes.set_title(title or f"Groupings and agreements active each year, {years[0]}-{years[-1]}")
    if present:
        axes.legend(loc="upper left", fontsize=7, ncols=2, frameon=False)
    axes.grid(linewidth=0.3)
    return figure
