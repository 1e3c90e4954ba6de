"""The landscape as a networkx graph: the same ties as partners() and allies()."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.metadata
import io
import json
from pathlib import Path
from typing import Any

import pytest

from coalitions import (
    Agreement,
    Alliance,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Role,
    State,
    atop,
    graph,
    reference_landscape,
)

nx = pytest.importorskip("networkx")

D = dt.date
MEMBERS = Path(__file__).resolve().parents[2] / "shared" / "data" / "atop5_1m.csv"


def small_world() -> Landscape:
    day = D(2000, 1, 1)
    return Landscape(
        states=[
            State(code="AAA", name="A", cow_code=1, region="Europe"),
            State(code="BBB", name="B"),
            State(code="CCC", name="C"),
            State(code="DDD", name="D"),
            State(code="EEE", name="E"),
        ],
        alliances=[
            Alliance(
                id="G",
                name="Guarantee",
                founded=day,
                obligations=[Obligation.DEFENSE],
                members=[
                    Membership(state="AAA", since=day),
                    Membership(state="BBB", since=day, obligations=[Obligation.CONSULTATION]),
                    Membership(state="CCC", since=day, obligations=[]),
                    Membership(state="DDD", since=day, role=Role.PARTNER),
                    Membership(state="EEE", since=day, until=D(2001, 1, 1)),
                ],
            )
        ],
        minilaterals=[
            Minilateral(
                id="M",
                name="Talks",
                founded=day,
                mission="Talk",
                members=[Membership(state=c, since=day) for c in ("BBB", "CCC", "DDD")],
            )
        ],
        agreements=[
            Agreement(
                id="T",
                name="Treaty",
                signed=day,
                in_force=D(2010, 1, 1),
                obligations=[Obligation.DEFENSE],
                parties=[Membership(state=c, since=day) for c in ("BBB", "CCC")],
            )
        ],
    )


def obligations(g: Any, a: str, b: str) -> dict[str, list[str]]:
    decoded: dict[str, list[str]] = json.loads(g.edges[a, b]["obligations"])
    return decoded


def test_nodes_are_every_state_with_its_attributes() -> None:
    g = graph.to_networkx(small_world(), at=D(2005, 1, 1))
    assert sorted(g.nodes) == ["AAA", "BBB", "CCC", "DDD", "EEE"]
    assert g.nodes["AAA"] == {"name": "A", "cow_code": 1, "region": "Europe"}
    assert g.nodes["BBB"] == {"name": "B"}  # no None: what the state lacks is left out
    assert g.graph["at"] == "2005-01-01"
    assert g.degree("EEE") == 0  # E left G in 2001


def test_edges_carry_what_is_shared_and_its_obligations() -> None:
    g = graph.to_networkx(small_world(), at=D(2005, 1, 1))
    assert isinstance(g, nx.Graph)
    assert not g.is_directed()
    edge = g.edges["BBB", "CCC"]
    assert edge["ids"] == "G;M;T"
    assert edge["weight"] == 3
    # T is signed but not in force until 2010: it binds no one yet.
    assert obligations(g, "BBB", "CCC") == {"G": ["consultation"], "M": [], "T": []}
    later = graph.to_networkx(small_world(), at=D(2010, 1, 1))
    assert obligations(later, "BBB", "CCC")["T"] == ["defense"]
    # A partner is tied to the members, but owes nothing and is owed nothing.
    assert obligations(g, "AAA", "DDD") == {"G": []}
    assert g.edges["AAA", "DDD"]["strength"] == 2  # Strength.PARTNER
    assert obligations(g, "AAA", "CCC") == {"G": ["defense"]}
    without = graph.to_networkx(small_world(), at=D(2005, 1, 1), agreements=False)
    assert without.edges["BBB", "CCC"]["ids"].split(";") == ["G", "M"]


def test_directed_edges_carry_the_sources_obligations() -> None:
    g = graph.to_networkx(small_world(), at=D(2005, 1, 1), directed=True)
    assert g.is_directed()
    assert obligations(g, "AAA", "CCC") == {"G": ["defense"]}
    assert obligations(g, "CCC", "AAA") == {"G": []}


def test_defence_only_keeps_the_allies() -> None:
    world = small_world()
    before = graph.to_networkx_allies(world, at=D(2005, 1, 1))
    # A owes defence to all; B and C owe none in G; T is not yet in force; D is a partner.
    assert sorted(tuple(sorted(e)) for e in before.edges) == [("AAA", "BBB"), ("AAA", "CCC")]
    after = graph.to_networkx(world, at=D(2010, 1, 1), defence_only=True)
    assert after.edges["BBB", "CCC"]["ids"] == "T"
    directed = graph.to_networkx(world, at=D(2005, 1, 1), defence_only=True, directed=True)
    assert sorted(directed.edges) == [("AAA", "BBB"), ("AAA", "CCC")]


def _same_as_queries(world: Landscape, day: dt.date) -> None:
    ties = graph.to_networkx(world, at=day)
    defence = graph.to_networkx_allies(world, at=day)
    for state in world.states:
        assert set(ties.neighbors(state.code)) == world.partners(state.code, at=day), state.code
        assert set(defence.neighbors(state.code)) == world.allies(state.code, at=day), state.code


@pytest.mark.parametrize("day", [D(2000, 1, 1), D(2024, 6, 1), D(2025, 12, 31)])
def test_the_reference_landscape_graph_agrees_with_partners_and_allies(day: dt.date) -> None:
    _same_as_queries(reference_landscape(), day)


@pytest.mark.skipif(not MEMBERS.exists(), reason="the ATOP 5.1 member file is not here")
@pytest.mark.parametrize("day", [D(1914, 7, 1), D(1960, 1, 1), D(2018, 12, 31)])
def test_the_atop_graph_agrees_with_partners_and_allies(day: dt.date) -> None:
    _same_as_queries(atop.read(MEMBERS), day)


def test_a_missing_networkx_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def refuse(name: str, package: str | None = None) -> Any:
        if name == "networkx":
            raise ModuleNotFoundError("No module named 'networkx'")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", refuse)
    with pytest.raises(ImportError, match=r"pip install 'coalitions\[graph\]'"):
        graph.to_networkx(small_world())


def test_graphs_are_typed(tmp_path: Path) -> None:
    """mypy sees a Graph of state codes, a DiGraph with directed=True: not Any."""
    api = pytest.importorskip("mypy.api")
    try:
        importlib.metadata.version("types-networkx")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("types-networkx is not installed (the lint extra has it)")
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from coalitions import Landscape, graph\n"
        "world = Landscape()\n"
        "reveal_type(graph.to_networkx(world))\n"
        "reveal_type(graph.to_networkx(world, directed=True))\n"
        "reveal_type(graph.to_networkx_allies(world))\n"
        "reveal_type(graph.to_networkx_allies(world, directed=True))\n"
        "flag: bool = bool(world.states)\n"
        "reveal_type(graph.to_networkx(world, directed=flag))\n"
    )
    out, _, _ = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(snippet)]
    )
    revealed = [
        line.split("Revealed type is ")[1] for line in out.splitlines() if "Revealed" in line
    ]
    assert [kind.split("[")[0].strip('"') for kind in revealed] == [
        "networkx.classes.graph.Graph",
        "networkx.classes.digraph.DiGraph",
        "networkx.classes.graph.Graph",
        "networkx.classes.digraph.DiGraph",
        "networkx.classes.graph.Graph",
    ]
    assert all(
        kind.startswith(
            ('"networkx.classes.graph.Graph[str', '"networkx.classes.digraph.DiGraph[str')
        )
        for kind in revealed
    )


def _xml_can_hold(g: Any) -> bool:
    """Whether every text of ``g`` is one XML 1.0 holds as it is (no control
    characters but tab and newline: the model allows them in names)."""
    texts = [str(v) for _, d in g.nodes(data=True) for v in d.values()]
    return all(
        c in "\t\n" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c > "\uffff"
        for text in texts
        for c in text
    )


def _exported(g: Any) -> None:
    """The graph goes to GraphML, GEXF and JSON as it is, and GraphML and JSON
    give back the very same attributes."""
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer)
    gexf = io.BytesIO()
    nx.write_gexf(g, gexf)
    assert gexf.getvalue().count(b"<edge ") == g.number_of_edges()
    data = json.loads(json.dumps(nx.node_link_data(g, edges="edges")))
    rebuilt = nx.node_link_graph(data, edges="edges")
    assert dict(rebuilt.nodes(data=True)) == dict(g.nodes(data=True))
    assert sorted(rebuilt.edges(data=True), key=repr) == sorted(g.edges(data=True), key=repr)
    assert rebuilt.graph == g.graph
    if not _xml_can_hold(g):
        return
    back = nx.read_graphml(io.BytesIO(buffer.getvalue()))
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    assert sorted(back.edges(data=True), key=repr) == sorted(g.edges(data=True), key=repr) or (
        not g.is_directed()  # an undirected edge may come back the other way round
        and {frozenset((a, b)): d for a, b, d in back.edges(data=True)}
        == {frozenset((a, b)): d for a, b, d in g.edges(data=True)}
    )
    assert back.graph["at"] == g.graph["at"]


@pytest.mark.parametrize("directed", [False, True])
def test_the_reference_graph_exports_to_graphml_gexf_and_json(directed: bool) -> None:
    g = graph.to_networkx(reference_landscape(), at=D(2025, 1, 1), directed=directed)
    assert g.number_of_edges() > 100
    _exported(g)
    # what the ties say survives the encoding
    world = reference_landscape()
    for a, b, data in g.edges(data=True):
        assert data["ids"].split(";") == sorted(json.loads(data["obligations"]))
        vias = {t.via for t in world.ties(a, at=D(2025, 1, 1)) if t.other == b}
        assert set(data["ids"].split(";")) <= vias


hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402

from coalitions import strategies  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(world=strategies.landscapes(), directed=hypothesis.strategies.booleans())
def test_generated_graphs_export(world: Landscape, directed: bool) -> None:
    day = world.as_of or D(2000, 1, 1)
    g = graph.to_networkx(world, at=day, directed=directed)
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, (str, int)) for v in data.values())
    for _, _, data in g.edges(data=True):
        assert all(isinstance(v, (str, int)) for v in data.values())
    _exported(g)
