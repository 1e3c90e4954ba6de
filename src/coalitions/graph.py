"""The landscape on one day as a networkx graph (extra ``coalitions[graph]``).

:func:`to_networkx` makes every state of the landscape a node, with its
attributes, and joins two states by an edge when they share a grouping or an
agreement on the day: the same ties :meth:`Landscape.partners
<coalitions.Landscape.partners>` finds. With ``defence_only=True`` it keeps
only the ties of :meth:`Landscape.allies <coalitions.Landscape.allies>`: two
members of one alliance (or parties to one agreement in force) of whom at
least one owes the other defence.

>>> import datetime as dt
>>> from coalitions import Alliance, Landscape, Membership, Obligation, State
>>> day = dt.date(1952, 4, 29)
>>> world = Landscape(
...     states=[State(code="AUS", name="Australia"), State(code="NZL", name="New Zealand"),
...             State(code="USA", name="United States"), State(code="FRA", name="France")],
...     alliances=[Alliance(id="ANZUS", name="ANZUS Treaty", founded=day,
...                         members=[Membership(state=c, since=day) for c in ("AUS", "NZL", "USA")],
...                         obligations=[Obligation.DEFENSE])],
... )
>>> import pytest; _ = pytest.importorskip("networkx")
>>> graph = to_networkx(world, at=dt.date(2000, 1, 1))
>>> sorted(graph.neighbors("AUS")), graph.edges["AUS", "USA"]["ids"]
(['NZL', 'USA'], ('ANZUS',))
>>> graph.nodes["FRA"]["name"], graph.degree("FRA")
('France', 0)
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from coalitions.landscape import PARTICIPANT_ROLES, Landscape
from coalitions.model import Agreement, Alliance, Membership, Minilateral, Obligation, Role

__all__ = ["to_networkx", "to_networkx_allies"]

Entity = Agreement | Alliance | Minilateral


def _networkx() -> Any:
    try:
        return importlib.import_module("networkx")
    except ImportError as exc:
        raise ImportError(
            "to_networkx needs networkx, which is not installed: pip install 'coalitions[graph]'"
        ) from exc


def _spells(entity: Entity) -> tuple[Membership, ...]:
    return entity.parties if isinstance(entity, Agreement) else entity.members


def to_networkx(
    landscape: Landscape,
    at: dt.date | None = None,
    *,
    defence_only: bool = False,
    directed: bool = False,
    agreements: bool = True,
) -> Any:
    """The ties between states on ``at`` (default today) as a networkx graph.

    Nodes are state codes, each with the state's ``name``, ``cow_code`` and
    ``region``. An edge joins two states that take part (as members or
    partners) in one grouping or agreement on ``at``; it carries

    * ``ids``: the groupings and agreements they share, sorted;
    * ``obligations``: for each of those ids, the obligations that bind the
      pair there, as a sorted tuple of values (``'defense'``, ...): those of
      either state, or with ``directed=True`` those of the edge's source;
    * ``weight``: how many they share.

    ``defence_only=True`` keeps only defence ties, as
    :meth:`Landscape.allies <coalitions.Landscape.allies>` finds them:
    between members (not partners) of a grouping, or of an agreement in
    force, where at least one of the two (with ``directed=True``: the source)
    owes defence. ``directed=True`` gives a :class:`networkx.DiGraph` with an
    edge each way. ``agreements=False`` leaves agreements out, keeping
    alliances and minilaterals. The graph's ``at`` attribute holds the day.
    """
    nx = _networkx()
    day = at if at is not None else dt.date.today()
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.graph["at"] = day
    for state in landscape.states:
        graph.add_node(state.code, name=state.name, cow_code=state.cow_code, region=state.region)
    entities: list[Entity] = [*landscape.alliances, *landscape.minilaterals]
    if agreements:
        entities.extend(landscape.agreements)
    # (a, b) -> entity id -> obligations
    ties: dict[tuple[str, str], dict[str, frozenset[Obligation]]] = {}
    for entity in entities:
        if defence_only:
            if isinstance(entity, Agreement) and not entity.in_force_on(day):
                continue
            codes = landscape.members(entity.id, at=day, role=Role.MEMBER)
        else:
            codes = landscape.members(entity.id, at=day, role=None)
        if len(codes) < 2:
            continue
        active = {
            spell.state: spell
            for spell in _spells(entity)
            if spell.state in codes
            and spell.active_on(day)
            and (spell.role is Role.MEMBER if defence_only else spell.role in PARTICIPANT_ROLES)
        }
        owed = {code: entity.obligations_of(spell) for code, spell in active.items()}
        ordered = sorted(active)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs = ((a, b), (b, a)) if directed else ((a, b),)
                for source, target in pairs:
                    binding = owed[source] if directed else owed[source] | owed[target]
                    if defence_only and Obligation.DEFENSE not in binding:
                        continue
                    ties.setdefault((source, target), {})[entity.id] = binding
    for (a, b), shared in ties.items():
        graph.add_edge(
            a,
            b,
            ids=tuple(sorted(shared)),
            obligations={
                id: tuple(sorted(obligation.value for obligation in obligations))
                for id, obligations in sorted(shared.items())
            },
            weight=len(shared),
        )
    return graph


def to_networkx_allies(
    landscape: Landscape, at: dt.date | None = None, *, directed: bool = False
) -> Any:
    """The defence ties on ``at``: ``to_networkx(landscape, at, defence_only=True)``."""
    return to_networkx(landscape, at, defence_only=True, directed=directed)
