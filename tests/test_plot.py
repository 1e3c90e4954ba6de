"""coalitions.plot and the ``plot`` command: figures that show what the landscape holds."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest

from coalitions import (
    Agreement,
    AgreementKind,
    Alliance,
    Formality,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Precision,
    Role,
    State,
    Status,
    StatusSpell,
    Strength,
    UnknownEntityError,
    ValidationError,
    reference_landscape,
    similarity,
)
from coalitions.cli import main

pytest.importorskip("matplotlib")

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure

from coalitions import plot

D = dt.date
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def small() -> Landscape:
    """Two blocs of three, a partner, a suspension, a month-precision entry, an agreement."""
    day = D(2000, 1, 1)
    codes = ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG")
    return Landscape(
        states=[State(code=c, name=f"State {c}") for c in codes],
        alliances=[
            Alliance(
                id="WEST",
                name="West",
                founded=day,
                obligations=[Obligation.DEFENSE],
                members=[
                    Membership(state="AAA", since=day),
                    Membership(state="BBB", since=day),
                    Membership(
                        state="CCC",
                        since=D(2005, 3, 1),
                        since_precision=Precision.MONTH,
                        statuses=[StatusSpell(status=Status.SUSPENDED, since=D(2010, 1, 1))],
                    ),
                    Membership(state="GGG", since=D(2001, 1, 1), role=Role.PARTNER),
                ],
            ),
            Alliance(
                id="EAST",
                name="East",
                founded=day,
                obligations=[Obligation.DEFENSE],
                members=[Membership(state=c, since=day) for c in ("DDD", "EEE", "FFF")],
                roster_complete=False,
            ),
        ],
        minilaterals=[
            Minilateral(
                id="TALK",
                name="Talk",
                founded=D(2008, 1, 1),
                mission="Talking",
                formality=Formality.DIALOGUE,
                members=[
                    Membership(state=c, since=D(2008, 1, 1), until=D(2012, 1, 1))
                    for c in ("AAA", "DDD", "GGG")
                ],
                dissolved=D(2012, 1, 1),
            )
        ],
        agreements=[
            Agreement(
                id="DEAL",
                name="Deal",
                kind=AgreementKind.ARMS_DEAL,
                signed=D(2003, 6, 1),
                parties=[Membership(state=c, since=D(2003, 6, 1)) for c in ("BBB", "EEE")],
            )
        ],
        as_of=D(2015, 12, 31),
    )


@pytest.fixture(scope="module")
def world() -> Landscape:
    return reference_landscape()


def _pairs(landscape: Landscape, day: dt.date, floor: Strength) -> set[frozenset[str]]:
    return {
        frozenset((link.state, link.other))
        for state in landscape.states
        for link in landscape.ties(state.code, at=day)
        if link.strength >= floor
    }


def _segments(figure: Figure) -> int:
    return sum(
        len(c.get_segments()) for c in figure.axes[0].collections if isinstance(c, LineCollection)
    )


def _nodes(figure: Figure) -> dict[str, tuple[float, float]]:
    axes = figure.axes[0]
    return {text.get_text(): tuple(text.xy) for text in axes.texts}  # type: ignore[attr-defined]


# --- network


def test_network_draws_one_edge_per_tied_pair() -> None:
    landscape = small()
    for day in (D(2000, 6, 1), D(2009, 1, 1), D(2013, 1, 1)):
        for floor in (Strength.PARTNER, Strength.DEFENSE):
            figure = plot.network(landscape, day, min_strength=floor)
            assert isinstance(figure, Figure)
            assert _segments(figure) == len(_pairs(landscape, day, floor))
            assert set(_nodes(figure)) == {
                c for pair in _pairs(landscape, day, floor) for c in pair
            }


def test_network_layout_is_the_same_on_every_date(world: Landscape) -> None:
    early = _nodes(plot.network(world, D(1990, 1, 1)))
    late = _nodes(plot.network(world, D(2024, 1, 1)))
    common = early.keys() & late.keys()
    assert len(common) > 20
    assert all(early[c] == late[c] for c in common)
    assert plot.layout(world) == plot.layout(world, seed=0)
    assert plot.layout(world, seed=1) != plot.layout(world, seed=0)


def test_network_colours_blocs_apart() -> None:
    figure = plot.network(small(), D(2000, 6, 1), min_strength=Strength.DEFENSE)
    nodes = list(_nodes(figure))
    (points,) = [c for c in figure.axes[0].collections if isinstance(c, PathCollection)]
    colour = {code: tuple(points.get_facecolors()[i]) for i, code in enumerate(nodes)}
    assert colour["AAA"] == colour["BBB"]
    assert colour["DDD"] == colour["EEE"] == colour["FFF"]
    assert colour["AAA"] != colour["DDD"]


def test_blocs_are_disjoint_and_follow_the_strong_ties(world: Landscape) -> None:
    found = plot.blocs(world, D(2024, 1, 1), min_strength=Strength.CONSULTATION)
    seen: set[str] = set()
    for bloc in found:
        assert not bloc & seen
        seen |= bloc
    assert seen == {c for pair in _pairs(world, D(2024, 1, 1), Strength.CONSULTATION) for c in pair}
    assert next(b for b in found if "USA" in b) >= {"CAN", "DEU", "FRA", "GBR", "POL", "TUR"}
    assert plot.blocs(small(), D(2000, 6, 1)) == [  # largest first
        frozenset({"DDD", "EEE", "FFF"}),
        frozenset({"AAA", "BBB"}),
    ]


def test_network_draws_on_a_given_axes() -> None:
    figure = Figure()
    axes: Axes = figure.add_subplot(1, 2, 2)
    assert plot.network(small(), D(2000, 6, 1), ax=axes) is figure
    assert axes.get_title().startswith("Ties on 2000-06-01")


def test_network_checks_its_arguments() -> None:
    with pytest.raises(UnknownEntityError, match="XYZ"):
        plot.network(small(), states=["AAA", "XYZ"])
    with pytest.raises(ValidationError, match="min_strength"):
        plot.network(small(), min_strength="strongest")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"at: expected a datetime\.date"):
        plot.network(small(), "2000-01-01")  # type: ignore[arg-type]


# --- timeline


def _bars(figure: Figure) -> list[Any]:
    return list(figure.axes[0].collections)


def test_timeline_of_a_grouping_has_a_row_per_state_and_shows_precision_and_status() -> None:
    figure = plot.timeline(small(), "WEST")
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["AAA", "BBB", "GGG", "CCC"]
    assert axes.get_title() == "West (WEST): membership"
    hatched = [c for c in _bars(figure) if c.get_hatch()]
    assert len(hatched) == 1  # CCC's March 2005, known to the month
    legend = [t.get_text() for t in axes.get_legend().get_texts()]
    assert legend == ["member", "partner", "suspended", "date known to month/year"]


def test_timeline_says_a_roster_is_partial() -> None:
    assert (
        plot.timeline(small(), "east").axes[0].get_title()
        == "East (EAST): membership (partial roster)"
    )
    figure = plot.timeline(small(), "DDD")
    assert figure.axes[0].get_title() == "State DDD (DDD): groupings (* partial roster)"
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == ["EAST *", "TALK"]


def test_timeline_of_a_state_lists_its_groupings_and_optionally_agreements() -> None:
    rows = plot.timeline(small(), "BBB").axes[0].get_yticklabels()
    assert [t.get_text() for t in rows] == ["WEST"]
    rows = plot.timeline(small(), "BBB", agreements=True).axes[0].get_yticklabels()
    assert [t.get_text() for t in rows] == ["WEST", "DEAL"]


def test_timeline_of_the_reference_landscape(world: Landscape) -> None:
    figure = plot.timeline(world, "NATO", roles=[Role.MEMBER])
    members = {m.state for m in world.alliance("NATO").members if m.role is Role.MEMBER}
    assert len(figure.axes[0].get_yticklabels()) == len(members)


def test_timeline_refuses_unknown_names() -> None:
    with pytest.raises(UnknownEntityError, match="unknown grouping, agreement or state 'WETS'"):
        plot.timeline(small(), "WETS")
    with pytest.raises(ValidationError, match="roles"):
        plot.timeline(small(), "WEST", roles=["member"])  # type: ignore[list-item]


# --- alignment


def test_alignment_matrix_holds_the_similarity_scores(world: Landscape) -> None:
    codes = ["USA", "RUS", "GBR", "BLR", "FRA", "CHN"]
    day = D(2010, 6, 1)
    for measure, name in (("s_score", "s"), ("kappa", "kappa"), ("tau_b", "tau_b")):
        figure = plot.alignment(world, day, codes, measure)
        axes = figure.axes[0]
        labels = [t.get_text() for t in axes.get_xticklabels()]
        assert sorted(labels) == sorted(codes)
        matrix = axes.images[0].get_array()
        for i, a in enumerate(labels):
            for j, b in enumerate(labels):
                expected = similarity.compare(world, a, b, at=day, measure=name)
                assert matrix[i, j] == pytest.approx(expected, nan_ok=True)
    assert "cow system" in axes.get_title()
    assert "landscape system" in plot.alignment(world, states=codes).axes[0].get_title()


def test_alignment_order_puts_blocs_together() -> None:
    import numpy as np

    # two blocs, interleaved: 0, 2, 4 alike and 1, 3 alike
    bloc = [0, 1, 0, 1, 0]
    matrix = np.array([[0.9 if a == b else -0.5 for b in bloc] for a in bloc])
    order = plot._order(matrix)
    assert sorted(order) == [0, 1, 2, 3, 4]
    groups = [bloc[i] for i in order]
    assert groups in ([0, 0, 0, 1, 1], [1, 1, 0, 0, 0])


def test_alignment_checks_its_arguments(world: Landscape) -> None:
    with pytest.raises(ValidationError, match="measure: unknown measure 'cosine'"):
        plot.alignment(world, measure="cosine")
    with pytest.raises(ValidationError, match="scale"):
        plot.alignment(world, scale="huge")
    with pytest.raises(UnknownEntityError):
        plot.alignment(world, states=["USA", "Atlantis"])


# --- trends


def test_trend_counts_count_what_is_active_each_year() -> None:
    landscape = small()
    years, counts = plot.trend_counts(landscape, start=1999, end=2015)
    assert years == list(range(1999, 2016))
    for index, year in enumerate(years):
        day = min(D(year, 12, 31), D(2015, 12, 31))
        alliances = sum(
            1 for a in landscape.alliances if a.start <= day and (a.end is None or day < a.end)
        )
        assert counts["alliance"][index] == alliances
    assert counts["minilateral: dialogue"] == [1 if 2008 <= y < 2012 else 0 for y in years]
    assert counts["agreement: arms deal"] == [1 if y >= 2003 else 0 for y in years]
    assert set(counts) == set(plot.SERIES)


def test_trends_draws_only_the_series_present() -> None:
    figure = plot.trends(small())
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["alliance", "minilateral: dialogue", "agreement: arms deal"]
    lines = plot.trends(small(), stacked=False).axes[0].get_lines()
    assert len(lines) == 3
    with pytest.raises(ValidationError, match="start"):
        plot.trends(small(), start="1990")  # type: ignore[arg-type]


def test_import_needs_no_matplotlib() -> None:
    code = (
        "import sys, coalitions, coalitions.plot; "
        "bad = [m for m in ('matplotlib', 'numpy') if m in sys.modules]; "
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- the command line


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def landscape_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from coalitions import dump

    path = tmp_path_factory.mktemp("plot") / "small.json"
    dump(small(), path)
    return path


@pytest.mark.parametrize(
    "picture",
    [["network"], ["timeline", "WEST"], ["timeline", "State BBB"], ["alignment"], ["trends"]],
)
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_command_writes_png_and_svg(
    picture: list[str], suffix: str, tmp_path: Path, landscape_file: Path
) -> None:
    target = tmp_path / f"picture{suffix}"
    status, out, err = run(
        "plot", *picture, "--file", str(landscape_file), "--at", "2010", "--output", str(target)
    )
    assert status == 0, err
    assert out.endswith(f"{target}: {picture[0]} ({suffix[1:]})\n")
    data = target.read_bytes()
    if suffix == ".png":
        assert data.startswith(PNG_SIGNATURE)
    else:
        root = ElementTree.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert list(tmp_path.iterdir()) == [target]  # nothing staged is left behind


def test_plot_command_on_the_reference_landscape(tmp_path: Path) -> None:
    target = tmp_path / "nato.svg"
    status, out, _ = run("plot", "timeline", "NATO", "--output", str(target), "--json")
    assert status == 0
    assert '"picture": "timeline"' in out
    assert "North Atlantic Treaty Organization" in target.read_text(encoding="utf-8")


def test_plot_command_refuses_other_extensions_and_bad_arguments(tmp_path: Path) -> None:
    for name in ("picture.pdf", "picture", "picture.png.txt"):
        status, _, err = run("plot", "trends", "--output", str(tmp_path / name))
        assert status == 2
        assert "must end in .png or .svg" in err
    status, _, err = run("plot", "network", "--min-strength", "huge", "--output", "x.png")
    assert status == 2
    assert "not a strength" in err
    status, _, err = run("plot", "timeline", "NAT0", "--output", str(tmp_path / "t.png"))
    assert status == 1
    assert "did you mean 'NATO'?" in err
    status, _, err = run("plot", "trends", "--output", str(tmp_path / "missing" / "t.png"))
    assert status == 1
    assert "cannot write" in err
    assert list(tmp_path.iterdir()) == []


def test_plot_command_says_when_matplotlib_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    status, _, err = run("plot", "trends", "--output", str(tmp_path / "t.png"))
    assert status == 1
    assert "pip install 'coalitions[plot]'" in err
    assert not (tmp_path / "t.png").exists()


def test_pictures_of_empty_landscapes() -> None:
    lone = Landscape(states=[State(code="AAA", name="Alone")])
    axes = plot.timeline(lone, "AAA").axes[0]
    assert axes.get_yticklabels() == []
    assert axes.get_ylim() == (0.5, -0.5)
    assert _segments(plot.network(lone, D(2000, 1, 1))) == 0
    assert plot.trend_counts(lone, start=2000, end=2001)[1]["alliance"] == [0, 0]
    with pytest.raises(ValidationError, match="states: no states to compare"):
        plot.alignment(lone, D(2000, 1, 1))
