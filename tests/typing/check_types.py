"""Checked by ``mypy --strict`` in CI (not run by pytest): what users' type checkers see.

Each ``assert_type`` fails the type check if the library's signatures regress;
a name the type checker cannot infer (``Never``) fails it too.
"""

from __future__ import annotations

from hypothesis import strategies as st
from typing_extensions import assert_type

import coalitions
from coalitions import Alliance, Grouping, Landscape, Minilateral, State


def check(text: str) -> None:
    world = coalitions.loads(text)
    assert_type(world, Landscape)
    assert_type(coalitions.loads(text, State), State)
    assert_type(coalitions.load("world.json"), Landscape)
    assert_type(coalitions.load("state.json", cls=State), State)
    assert_type(world.groupings, tuple[Grouping, ...])
    assert_type(world.alliance("NATO"), Alliance)
    assert_type(world.minilateral("QUAD"), Minilateral)
    assert_type(world.grouping("nato").founded.year, int)
    assert_type(st.from_type(Grouping), st.SearchStrategy[Grouping])
