"""Generation speed: ``coalitions.strategies.landscapes()`` against ``st.builds`` of plain classes.

The baseline is the cheapest way Hypothesis can make a tree of the same shape:
``st.builds`` of plain attrs classes mirroring ``State``, ``Membership``,
``Alliance`` and ``Landscape`` (the same fields, with no validation and no
cross-references), with list sizes chosen so that a baseline tree holds about
as many states, groupings and spells as a landscape drawn with default sizes.
Both run in the same process, in alternating rounds, through ``@given`` with
only the generate phase; the script prints the mean sizes of both and the
median time per generated example.

Target: ``landscapes()`` at most 5x the baseline per example.

Run with ``python benchmarks/bench_strategies.py [--examples N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

import attrs
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from coalitions import Landscape, Obligation, Precision, Role
from coalitions.strategies import landscapes

TARGET = 5.0

# --- the baseline: plain attrs classes, no checks, built field by field by st.builds


@attrs.define
class PlainState:
    code: str
    name: str
    cow_code: int | None = None
    region: str | None = None


@attrs.define
class PlainMembership:
    state: str
    since: dt.date
    until: dt.date | None
    role: Role
    obligations: frozenset[Obligation] | None
    since_precision: Precision
    until_precision: Precision


@attrs.define
class PlainAlliance:
    id: str
    name: str
    founded: dt.date
    dissolved: dt.date | None
    members: list[PlainMembership]
    obligations: frozenset[Obligation]
    domains: frozenset[str]
    agreements: frozenset[str]
    sources: list[str]
    founded_precision: Precision
    dissolved_precision: Precision


@attrs.define
class PlainLandscape:
    states: list[PlainState]
    alliances: list[PlainAlliance]


for _cls in (PlainState, PlainMembership, PlainAlliance, PlainLandscape):
    attrs.resolve_types(_cls)  # st.builds infers strategies from the resolved field types


def baseline(max_groupings: int, max_spells: int) -> st.SearchStrategy[PlainLandscape]:
    """``st.builds`` all the way down; types inferred except for the list sizes."""
    names = st.text(min_size=1, max_size=16)
    return st.builds(
        PlainLandscape,
        states=st.lists(st.builds(PlainState, code=st.text(min_size=3, max_size=3)), max_size=8),
        alliances=st.lists(
            st.builds(
                PlainAlliance,
                name=names,
                members=st.lists(st.builds(PlainMembership), min_size=2, max_size=max_spells),
                domains=st.frozensets(st.text(max_size=10), max_size=3),
                agreements=st.frozensets(st.text(max_size=10), max_size=2),
                sources=st.lists(names, max_size=2),
            ),
            max_size=max_groupings,
        ),
    )


# --- measuring


def landscape_sizes(world: Landscape) -> tuple[int, int, int]:
    entities = (*world.agreements, *world.alliances, *world.minilaterals)
    spells = sum(len(getattr(e, "members", getattr(e, "parties", ()))) for e in entities)
    return len(world.states), len(entities), spells


def plain_sizes(world: PlainLandscape) -> tuple[int, int, int]:
    return len(world.states), len(world.alliances), sum(len(a.members) for a in world.alliances)


def time_per_example(
    strategy: st.SearchStrategy[Any],
    sizes_of: Callable[[Any], tuple[int, int, int]],
    examples: int,
    seen: list[tuple[int, int, int]],
) -> float:
    count = 0

    @settings(max_examples=examples, phases=[Phase.generate], database=None, deadline=None)
    @given(strategy)
    def run(value: Any) -> None:
        nonlocal count
        count += 1
        seen.append(sizes_of(value))

    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) / count


def describe(seen: list[tuple[int, int, int]]) -> str:
    states, groupings, spells = (statistics.mean(s[i] for s in seen) for i in range(3))
    return f"{states:.1f} states, {groupings:.1f} groupings, {spells:.1f} spells"


def main(argv: Sequence[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="examples per round")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds of each")
    args = parser.parse_args(argv)

    ours = landscapes()
    theirs = baseline(max_groupings=5, max_spells=8)
    our_times, their_times = [], []
    our_sizes: list[tuple[int, int, int]] = []
    their_sizes: list[tuple[int, int, int]] = []
    for _ in range(args.rounds):
        our_times.append(time_per_example(ours, landscape_sizes, args.examples, our_sizes))
        their_times.append(time_per_example(theirs, plain_sizes, args.examples, their_sizes))
    our = statistics.median(our_times)
    their = statistics.median(their_times)
    ratio = our / their
    print(f"landscapes():        {our * 1e3:6.2f} ms per example  (mean {describe(our_sizes)})")
    print(f"st.builds baseline:  {their * 1e3:6.2f} ms per example  (mean {describe(their_sizes)})")
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"ratio: {ratio:.2f}x ({verdict} the {TARGET:g}x target)")
    return ratio


if __name__ == "__main__":
    main()
