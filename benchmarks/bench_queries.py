"""Query speed: indexed as-of queries against a naive scan, at 1x, 10x and 100x ATOP.

Run with ``python benchmarks/bench_queries.py`` (``--scales 1 10`` for a
quicker run). For each scale it builds a seeded synthetic landscape (more
groupings and longer histories as the scale grows, not larger groupings), then
times, in the same process, the median cost of one call of ``members``,
``groupings_of``, ``partners`` and ``allies`` at random dates against a naive
implementation that scans every grouping and agreement. It also times the
first build of every index against constructing the landscape.

Targets: at 1x every indexed query at least 50x faster than the scan; from 1x
to 100x the per-query cost of ``members`` and ``groupings_of`` grows by at
most 3x; building the indexes at 1x costs less than constructing the landscape.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import json
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from synthetic import synthetic_landscape

from coalitions import (
    Agreement,
    Alliance,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Role,
    serialization,
)

Entity = Agreement | Alliance | Minilateral
QUERIES = ("members", "groupings_of", "partners", "allies")


# --- the baseline: scans over every object, as a first implementation would be


def _entities(world: Landscape) -> Iterator[Entity]:
    yield from world.agreements
    yield from world.alliances
    yield from world.minilaterals


def _spells(entity: Entity) -> tuple[Membership, ...]:
    return entity.parties if isinstance(entity, Agreement) else entity.members


def naive_members(world: Landscape, id: str, day: dt.date) -> frozenset[str]:
    for entity in _entities(world):
        if entity.id == id:
            return frozenset(
                s.state for s in _spells(entity) if s.role is Role.MEMBER and s.active_on(day)
            )
    raise KeyError(id)


def naive_groupings_of(world: Landscape, code: str, day: dt.date) -> list[str]:
    return sorted(
        g.id
        for g in (*world.alliances, *world.minilaterals)
        if any(s.state == code and s.role is Role.MEMBER and s.active_on(day) for s in g.members)
    )


def naive_partners(world: Landscape, code: str, day: dt.date) -> frozenset[str]:
    found: set[str] = set()
    for entity in _entities(world):
        active = [s for s in _spells(entity) if s.active_on(day) and s.role is not Role.OBSERVER]
        if any(s.state == code for s in active):
            found.update(s.state for s in active)
    found.discard(code)
    return frozenset(found)


def naive_allies(world: Landscape, code: str, day: dt.date) -> frozenset[str]:
    found: set[str] = set()
    for entity in _entities(world):
        if isinstance(entity, Agreement) and not entity.in_force_on(day):
            continue
        active = [s for s in _spells(entity) if s.active_on(day) and s.role is Role.MEMBER]
        for own in (s for s in active if s.state == code):
            for other in active:
                if Obligation.DEFENSE in entity.obligations_of(own) or (
                    Obligation.DEFENSE in entity.obligations_of(other)
                ):
                    found.add(other.state)
    found.discard(code)
    return frozenset(found)


def tight_scans(world: Landscape) -> dict[str, Callable[..., object]]:
    """The issue's peer: one list comprehension per query over prebuilt lists,
    the activity test inlined (no method calls), same answers as the queries."""
    groupings = [*world.alliances, *world.minilaterals]
    pairs = [(e, _spells(e)) for e in _entities(world)]
    member = Role.MEMBER
    participant = (Role.MEMBER, Role.PARTNER)

    def members(id: str, day: dt.date) -> frozenset[str]:
        spells = next(ss for e, ss in pairs if e.id == id)
        return frozenset(
            s.state
            for s in spells
            if s.role is member and s.since <= day and (s.until is None or day < s.until)
        )

    def groupings_of(code: str, day: dt.date) -> list[Entity]:
        return [
            g
            for g in groupings
            if any(
                s.state == code
                and s.role is member
                and s.since <= day
                and (s.until is None or day < s.until)
                for s in g.members
            )
        ]

    def partners(code: str, day: dt.date) -> frozenset[str]:
        found = {
            s.state
            for _, ss in pairs
            if any(
                s.state == code
                and s.role in participant
                and s.since <= day
                and (s.until is None or day < s.until)
                for s in ss
            )
            for s in ss
            if s.role in participant and s.since <= day and (s.until is None or day < s.until)
        }
        found.discard(code)
        return frozenset(found)

    return {"members": members, "groupings_of": groupings_of, "partners": partners}


def index_memory(load: Callable[[], Landscape]) -> tuple[float, float]:
    """Bytes allocated by loading a landscape, and by building every index after it."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        world = load()
        loaded = tracemalloc.get_traced_memory()[0]
        world._index  # noqa: B018 - the lookup tables, not counted as an index
        built = tracemalloc.get_traced_memory()[0]
        _build_all_indexes(world)
        return loaded - before, tracemalloc.get_traced_memory()[0] - built
    finally:
        tracemalloc.stop()


# --- measuring


def _batch_ns(call: Callable[..., object], cases: list[tuple[str, dt.date]]) -> float:
    """The mean cost of one call over a batch of every case.

    Timing each call alone would add the timer's own cost (about 0.1 µs) to a
    sub-microsecond query; a batch spreads it out.
    """
    start = time.perf_counter_ns()
    for subject, day in cases:
        call(subject, day)
    return (time.perf_counter_ns() - start) / len(cases)


def _cases(
    world: Landscape, rng: random.Random, count: int
) -> dict[str, list[tuple[str, dt.date]]]:
    ids = [e.id for e in _entities(world)]
    codes = [s.code for s in world.states]
    days = [e.date for e in world.events()]
    low, high = days[0], days[-1]
    span = (high - low).days

    def day() -> dt.date:
        return low + dt.timedelta(days=rng.randrange(span + 1))

    return {
        "members": [(rng.choice(ids), day()) for _ in range(count)],
        "groupings_of": [(rng.choice(codes), day()) for _ in range(count)],
        "partners": [(rng.choice(codes), day()) for _ in range(count)],
        "allies": [(rng.choice(codes), day()) for _ in range(count)],
    }


def _build_all_indexes(world: Landscape) -> None:
    """Build every index the four benchmarked queries use, for every state and grouping."""
    index = world._index
    day = dt.date(2000, 1, 1)
    for state in world.states:  # every per-state timeline
        index.holdings_at(state.code, day)
        index.member_of(state.code, day, agreements=False)
        index.member_of(state.code, day, agreements=True)
    for entity in _entities(world):  # every per-grouping timeline
        index.members_at(entity.id, day, Role.MEMBER)
        index.members_at(entity.id, day, Role.PARTNER)
        index.spells_at(entity.id, day)


def _fresh(world: Landscape) -> Landscape:
    return Landscape(
        states=world.states,
        domains=world.domains,
        agreements=world.agreements,
        alliances=world.alliances,
        minilaterals=world.minilaterals,
    )


class Prepared:
    """One scale's landscape, its cases and its two implementations of each query."""

    def __init__(
        self,
        result: dict[str, float],
        cases: dict[str, list[tuple[str, dt.date]]],
        indexed: dict[str, Callable[..., object]],
        naive: dict[str, Callable[..., object]],
    ) -> None:
        self.result = result
        self.cases = cases
        self.indexed = indexed
        self.naive = naive


def prepare(scale: float, seed: int, count: int) -> Prepared:
    generated = synthetic_landscape(seed=seed, scale=scale)
    data = json.loads(serialization.dumps(generated))
    # Constructing the landscape, two ways: every object from parsed JSON data
    # (what loading costs, less the JSON parser), and the root alone from
    # already-built objects (its cross-object checks only).
    start = time.perf_counter()
    world = serialization.structure(data, Landscape)
    construct = time.perf_counter() - start
    start = time.perf_counter()
    world = _fresh(generated)
    construct_root = time.perf_counter() - start

    first: dict[str, float] = {}
    probe_day = dt.date(2000, 1, 1)
    first_calls: dict[str, Callable[[Landscape], object]] = {
        "members": lambda w: w.members(w.alliances[0].id, at=probe_day),
        "groupings_of": lambda w: w.groupings_of(w.states[0].code, at=probe_day),
        "partners": lambda w: w.partners(w.states[0].code, at=probe_day),
        "allies": lambda w: w.allies(w.states[0].code, at=probe_day),
    }
    for query, call in first_calls.items():
        fresh = _fresh(generated)
        gc.collect()  # so that no call pays for the garbage of the one before
        start = time.perf_counter()
        call(fresh)
        first[query] = time.perf_counter() - start

    start = time.perf_counter()
    _build_all_indexes(world)
    build = time.perf_counter() - start

    rng = random.Random(seed)
    cases = _cases(world, rng, count)
    indexed: dict[str, Callable[..., object]] = {
        "members": world.members,
        "groupings_of": world.groupings_of,
        "partners": world.partners,
        "allies": world.allies,
    }
    naive: dict[str, Callable[..., object]] = {
        "members": functools.partial(naive_members, world),
        "groupings_of": functools.partial(naive_groupings_of, world),
        "partners": functools.partial(naive_partners, world),
        "allies": functools.partial(naive_allies, world),
    }
    result: dict[str, float] = {
        "spells": sum(len(_spells(e)) for e in _entities(world)),
        "groupings": len(world.alliances) + len(world.minilaterals),
        "agreements": len(world.agreements),
        "states": len(world.states),
        "construct_s": construct,
        "construct_root_s": construct_root,
        "index_build_s": build,
        **{f"{query}_first_s": seconds for query, seconds in first.items()},
    }
    for query in QUERIES:
        # Check the two agree before timing them.
        for subject, day in cases[query][:50]:
            fast, slow = indexed[query](subject, day), naive[query](subject, day)
            fast_ids = [e.id for e in fast] if isinstance(fast, tuple) else fast
            assert fast_ids == slow, (query, subject, day)
        answers = [indexed[query](subject, day) for subject, day in cases[query]]
        result[f"{query}_size"] = statistics.mean(len(a) for a in answers)  # type: ignore[arg-type]
    return Prepared(result, cases, indexed, naive)


def time_queries(prepared: dict[float, Prepared], naive_count: int, rounds: int = 7) -> None:
    """Time every query at every scale, rounds interleaved across scales.

    The machine is shared: load comes and goes. Alternating scales within each
    round exposes them to the same conditions, so growth ratios stay honest.
    """
    for query in QUERIES:
        fast: dict[float, list[float]] = {scale: [] for scale in prepared}
        slow: dict[float, list[float]] = {scale: [] for scale in prepared}
        for round_number in range(rounds):
            for scale, p in prepared.items():
                # The first pass warms the caches the previous scale's batch evicted.
                _batch_ns(p.indexed[query], p.cases[query])
                fast[scale].append(_batch_ns(p.indexed[query], p.cases[query]))
                if round_number < 3:
                    slow[scale].append(_batch_ns(p.naive[query], p.cases[query][:naive_count]))
        for scale, p in prepared.items():
            p.result[f"{query}_ns"] = statistics.median(fast[scale])
            p.result[f"{query}_naive_ns"] = statistics.median(slow[scale])


def against_tight(label: str, load: Callable[[], Landscape], seed: int, count: int) -> None:
    """Index memory against the landscape, and each query against a tight scan, in one run."""
    landscape_bytes, index_bytes = index_memory(load)
    world = load()
    _build_all_indexes(world)
    cases = _cases(world, random.Random(seed), count)
    cases["agreements_of"] = cases["groupings_of"]
    tight = tight_scans(world)
    tight["agreements_of"] = lambda code, day: [
        a
        for a in world.agreements
        if any(
            s.state == code
            and s.role is Role.MEMBER
            and s.since <= day
            and (s.until is None or day < s.until)
            for s in a.parties
        )
    ]
    print(
        f"{label}: landscape {landscape_bytes / 1e6:.2f} MB, every index {index_bytes / 1e6:.2f} MB"
        f" ({index_bytes / landscape_bytes:.2f}x the landscape; target <= 1.0x)"
    )
    for query, scan in tight.items():
        indexed = getattr(world, query)
        for subject, day in cases[query][:50]:
            fast, slow = indexed(subject, day), scan(subject, day)
            if isinstance(fast, tuple):  # the query sorts by id, the scan keeps list order
                fast, slow = sorted(e.id for e in fast), sorted(e.id for e in slow)
            assert fast == slow, (query, subject, day)
        _batch_ns(indexed, cases[query])
        fast_ns = min(_batch_ns(indexed, cases[query]) for _ in range(7))
        slow_ns = min(_batch_ns(scan, cases[query][:60]) for _ in range(3))
        print(
            f"  {query:<13} indexed {fast_ns / 1000:7.2f}µs  tight scan {slow_ns / 1000:9.1f}µs"
            f"  {slow_ns / fast_ns:6.0f}x (target >= 50x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10, 100])
    parser.add_argument("--queries", type=int, default=2000, help="indexed calls per query kind")
    parser.add_argument("--naive", type=int, default=60, help="naive calls per query kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--atop",
        default=os.path.join(
            os.path.dirname(__file__), "..", "..", "shared", "data", "atop5_1m.csv"
        ),
        help="ATOP 5.1 member-level csv (skipped when absent)",
    )
    args = parser.parse_args()

    if os.path.exists(args.atop):
        from coalitions import atop

        against_tight("real ATOP 5.1", lambda: atop.read(args.atop), args.seed, args.queries)
    for scale in args.scales:
        against_tight(
            f"synthetic {scale:g}x",
            functools.partial(synthetic_landscape, seed=args.seed, scale=scale),
            args.seed,
            args.queries,
        )
    print()

    prepared = {scale: prepare(scale, args.seed, args.queries) for scale in args.scales}
    time_queries(prepared, args.naive)
    rows = {scale: p.result for scale, p in prepared.items()}
    base = args.scales[0]
    print("Per-query cost (median over rounds interleaved across scales), indexed vs a naive scan;")
    print("'answer' is the mean size of the answer, which any implementation must build:\n")
    header = f"{'scale':>6} {'states':>7} {'groupings':>9} {'spells':>8} {'query':<13} {'indexed':>10} {'naive':>12} {'speed-up':>9} {'vs 1x':>6} {'answer':>7}"
    print(header)
    print("-" * len(header))
    for scale, row in rows.items():
        for query in QUERIES:
            fast = row[f"{query}_ns"]
            slow = row[f"{query}_naive_ns"]
            growth = fast / rows[base][f"{query}_ns"]
            print(
                f"{scale:>6g} {int(row['states']):>7} {int(row['groupings']):>9} {int(row['spells']):>8} "
                f"{query:<13} {fast / 1000:>8.1f}µs {slow / 1000:>10.1f}µs {slow / fast:>8.0f}x {growth:>5.2f}x"
                f" {row[f'{query}_size']:>7.1f}"
            )
    print("\nIndex build against constructing the landscape (every object from parsed JSON;")
    print("in brackets, the Landscape root alone from already-built objects):\n")
    for scale, row in rows.items():
        firsts = ", ".join(f"{q} {row[f'{q}_first_s'] * 1000:.2f}" for q in QUERIES)
        print(
            f"  scale {scale:g}: construct {row['construct_s'] * 1000:.1f} ms "
            f"[{row['construct_root_s'] * 1000:.1f} ms]; first call, index included (ms): {firsts}; "
            f"every index for every state and grouping: {row['index_build_s'] * 1000:.1f} ms"
        )
    first = rows[base]
    print("\nTargets:")
    for query in QUERIES:
        ratio = first[f"{query}_naive_ns"] / first[f"{query}_ns"]
        print(
            f"  {query:<13} at {base:g}x: {ratio:.0f}x faster than the scan (target >= 50x): {'met' if ratio >= 50 else 'MISSED'}"
        )
    top = max(args.scales)
    for query in ("members", "groupings_of"):
        growth = rows[top][f"{query}_ns"] / first[f"{query}_ns"]
        print(
            f"  {query:<13} cost {base:g}x -> {top:g}x grows {growth:.2f}x (target <= 3x): {'met' if growth <= 3 else 'MISSED'}"
        )
    worst_first = max(first[f"{q}_first_s"] for q in QUERIES)
    ratio = worst_first / first["construct_s"]
    print(
        f"  slowest first query at {base:g}x (index build included) / construction: {ratio:.2f} (target < 1): {'met' if ratio < 1 else 'MISSED'}"
    )
    ratio = first["index_build_s"] / first["construct_s"]
    print(f"  every index at {base:g}x / construction: {ratio:.2f}")


if __name__ == "__main__":
    main()
