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
(['NZL', 'USA'], 'ANZUS')
>>> graph.nodes["FRA"]["name"], graph.degree("FRA")
('France', 0)

Every attribute is a plain string or number, so the graph goes as it is to
Gephi and to JSON (``networkx.write_graphml``, ``networkx.write_gexf``,
``json.dumps(networkx.node_link_data(graph))``). The encoding:

======================  =======================================================
attribute               value
======================  =======================================================
graph ``at``            the day, ISO 8601 text (``'2000-01-01'``)
node ``name``           the state's name
node ``cow_code``       its COW number (int); left out where the state has none
node ``region``         its region; left out where the state has none
edge ``ids``            the groupings and agreements shared, sorted, joined by ``;``
edge ``obligations``    JSON text: each shared id to the sorted list of
                        obligations that bind the pair there (``json.loads`` it)
edge ``strength``       the strongest tie, an int (:class:`~coalitions.Strength`)
edge ``weight``         how many ids the pair shares, an int
======================  =======================================================

>>> import json
>>> graph.graph["at"], json.loads(graph.edges["AUS", "USA"]["obligations"])
('2000-01-01', {'ANZUS': ['defense']})
>>> "cow_code" in graph.nodes["FRA"]
False
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from typing import TYPE_CHECKING, Any, Literal, overload

from coalitions.landscape import Landscape
from coalitions.model import Obligation
from coalitions.ties import Strength, TieKind

if TYPE_CHECKING:
    import networkx

__all__ = ["to_networkx", "to_networkx_allies"]


def _networkx() -> Any:
    try:
        return importlib.import_module("networkx")
    except ImportError as exc:
        raise ImportError(
            "to_networkx needs networkx, which is not installed: pip install 'coalitions[graph]'"
        ) from exc


@overload
def to_networkx(
    landscape: Landscape,
    at: dt.date | None = None,
    *,
    defence_only: bool = False,
    directed: Literal[False] = False,
    agreements: bool = True,
) -> networkx.Graph[str]: ...


@overload
def to_networkx(
    landscape: Landscape,
    at: dt.date | None = None,
    *,
    defence_only: bool = False,
    directed: Literal[True],
    agreements: bool = True,
) -> networkx.DiGraph[str]: ...


@overload
def to_networkx(
    landscape: Landscape,
    at: dt.date | None = None,
    *,
    defence_only: bool = False,
    directed: bool,
    agreements: bool = True,
) -> networkx.Graph[str]: ...


def to_networkx(
    landscape: Landscape,
    at: dt.date | None = None,
    *,
    defence_only: bool = False,
    directed: bool = False,
    agreements: bool = True,
) -> networkx.Graph[str]:
    """The ties between states on ``at`` as a networkx graph (default: the
    landscape's ``as_of``, else today).

    Nodes are state codes, each with the state's ``name``, ``cow_code`` and
    ``region`` (the last two left out where the state has none). An edge joins two states that take part (as members or
    partners) in one grouping or agreement on ``at``: the ties of
    :meth:`Landscape.ties <coalitions.Landscape.ties>` of strength ``PARTNER``
    or more, as :meth:`Landscape.partners <coalitions.Landscape.partners>`
    finds them. It carries

    * ``ids``: the groupings and agreements they share, sorted and joined by
      ``;`` (``'NATO;SCO'``; ``ids.split(";")`` gives them back);
    * ``obligations``: JSON text mapping each of those ids to the obligations
      that bind the pair there, a sorted list of values (``'defense'``, ...):
      those owed either way, or with ``directed=True`` those the edge's source
      owes (``json.loads`` gives the mapping back);
    * ``strength``: the strongest of the ties, as an int (:class:`~coalitions.Strength`);
    * ``weight``: how many they share.

    ``defence_only=True`` keeps only defence ties, as
    :meth:`Landscape.allies <coalitions.Landscape.allies>` finds them (with
    ``directed=True``: where the source owes defence). ``directed=True`` gives a
    :class:`networkx.DiGraph` with an edge each way. ``agreements=False``
    leaves agreements out, keeping alliances and minilaterals. The graph's
    ``at`` attribute holds the day as ISO 8601 text.

    Every attribute is a string or a number, never ``None``, a date or a
    tuple, so ``networkx.write_graphml``, ``networkx.write_gexf`` and
    ``json.dumps(networkx.node_link_data(graph))`` take the graph as it is.

    Typed for mypy and pyright (with ``types-networkx``): a ``networkx.Graph[str]``
    of state codes, a ``networkx.DiGraph[str]`` for ``directed=True``.
    """
    nx = _networkx()
    day = at if at is not None else (landscape.as_of or dt.date.today())
    graph: networkx.Graph[str] = nx.DiGraph() if directed else nx.Graph()
    graph.graph["at"] = day.isoformat()
    for state in landscape.states:
        node: dict[str, str | int] = {"name": state.name}
        if state.cow_code is not None:
            node["cow_code"] = state.cow_code
        if state.region is not None:
            node["region"] = state.region
        graph.add_node(state.code, **node)
    # (a, b) -> entity id -> (obligations, strength)
    edges: dict[tuple[str, str], dict[str, tuple[frozenset[Obligation], Strength]]] = {}
    for state in landscape.states:
        for link in landscape.ties(state.code, at=day):
            if link.strength < Strength.PARTNER:
                continue  # an observer's tie
            if not agreements and link.kind is TieKind.AGREEMENT:
                continue
            binding = link.owes if directed else link.owes | link.owed
            if defence_only and Obligation.DEFENSE not in binding:
                continue
            if not directed and link.other < link.state:
                continue  # each pair once
            edges.setdefault((link.state, link.other), {})[link.via] = (binding, link.strength)
    for (a, b), shared in edges.items():
        graph.add_edge(
            a,
            b,
            ids=";".join(sorted(shared)),
            obligations=json.dumps(
                {
                    id: sorted(obligation.value for obligation in obligations)
                    for id, (obligations, _) in sorted(shared.items())
                }
            ),
            strength=int(max(strength for _, strength in shared.values())),
            weight=len(shared),
        )
    return graph


@overload
def to_networkx_allies(
    landscape: Landscape, at: dt.date | None = None, *, directed: Literal[False] = False
) -> networkx.Graph[str]: ...


@overload
def to_networkx_allies(
    landscape: Landscape, at: dt.date | None = None, *, directed: Literal[True]
) -> networkx.DiGraph[str]: ...


@overload
def to_networkx_allies(
    landscape: Landscape, at: dt.date | None = None, *, directed: bool
) -> networkx.Graph[str]: ...


def to_networkx_allies(
    landscape: Landscape, at: dt.date | None = None, *, directed: bool = False
) -> networkx.Graph[str]:
    """The defence ties on ``at``: ``to_networkx(landscape, at, defence_only=True)``."""
    return to_networkx(landscape, at, defence_only=True, directed=directed)
