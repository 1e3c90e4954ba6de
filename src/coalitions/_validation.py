"""Cross-object validation: the rules only a whole landscape can check.

Each entity already checked itself on construction; what is left is what no
single object can see: that every state code, domain key and agreement id it
refers to exists, that ids are unique, and that the domain hierarchy has no
cycle. Every problem is collected before anything is raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from coalitions.errors import Problem
from coalitions.model import Agreement, Alliance, Domain, Membership, Minilateral, State

if TYPE_CHECKING:
    from coalitions.landscape import Landscape

__all__ = ["check_landscape"]


def check_landscape(landscape: Landscape) -> list[Problem]:
    """Every cross-object problem in ``landscape``, in a stable order."""
    return _Checker(landscape).run()


_COLLECTIONS: tuple[tuple[str, type], ...] = (
    ("states", State),
    ("domains", Domain),
    ("agreements", Agreement),
    ("alliances", Alliance),
    ("minilaterals", Minilateral),
)


class _Checker:
    """Runs every cross-object rule over one landscape and collects the problems."""

    def __init__(self, landscape: Landscape) -> None:
        self.landscape = landscape
        self.problems: list[Problem] = []
        self.state_codes: set[str] = set()
        self.domain_keys: set[str] = set()
        self.agreement_ids: set[str] = set()

    def run(self) -> list[Problem]:
        if not self._check_types():
            return self.problems
        self._check_unique()
        self._check_domain_tree()
        for name, entities in self._entities():
            for entity in entities:
                self._check_spells(name, entity)
                # Subsets first: the usual answer, found without sorting anything.
                if not entity.domains <= self.domain_keys:
                    self._check_domains(f"{name}[{entity.id}]", entity.domains)
                if isinstance(entity, Alliance) and not entity.agreements <= self.agreement_ids:
                    path = f"{name}[{entity.id}]"
                    for agreement_id in sorted(entity.agreements):
                        if agreement_id not in self.agreement_ids:
                            self.problems.append(
                                Problem(
                                    f"{path}.agreements[{agreement_id!r}]",
                                    f"unknown agreement {agreement_id!r}",
                                )
                            )
        return self.problems

    def _entities(self) -> Iterator[tuple[str, tuple[Agreement | Alliance | Minilateral, ...]]]:
        yield "agreements", self.landscape.agreements
        yield "alliances", self.landscape.alliances
        yield "minilaterals", self.landscape.minilaterals

    def _check_types(self) -> bool:
        count = len(self.problems)
        for name, kind in _COLLECTIONS:
            value = getattr(self.landscape, name)
            if not isinstance(value, tuple):
                self.problems.append(
                    Problem(name, f"expected a list of {kind.__name__}, got {type(value).__name__}")
                )
                continue
            for index, item in enumerate(value):
                if not isinstance(item, kind):
                    self.problems.append(
                        Problem(
                            f"{name}[{index}]",
                            f"expected a {kind.__name__}, got {type(item).__name__}",
                        )
                    )
        return len(self.problems) == count

    def _check_unique(self) -> None:
        landscape = self.landscape
        self.state_codes = self._unique(
            (("states", i, s.code) for i, s in enumerate(landscape.states)), "code", "state code"
        )
        self.domain_keys = self._unique(
            (("domains", i, d.key) for i, d in enumerate(landscape.domains)), "key", "domain key"
        )
        # Ids are unique across all three kinds: a query names a grouping or
        # agreement by id alone.
        self._unique(
            (
                (name, i, entity.id)
                for name, entities in self._entities()
                for i, entity in enumerate(entities)
            ),
            "id",
            "id",
        )
        self.agreement_ids = {a.id for a in landscape.agreements}

    def _unique(self, places: Iterable[tuple[str, int, str]], field: str, what: str) -> set[str]:
        """Report every key seen before, naming where it was first; return the keys."""
        first: dict[str, tuple[str, int]] = {}
        for collection, index, key in places:
            if key in first:
                seen, at = first[key]
                self.problems.append(
                    Problem(
                        f"{collection}[{index}].{field}",
                        f"duplicate {what} {key!r} (also {seen}[{at}])",
                    )
                )
            else:
                first[key] = (collection, index)
        return set(first)

    def _check_domain_tree(self) -> None:
        parents = {d.key: d.parent for d in self.landscape.domains}
        for domain in self.landscape.domains:
            if domain.parent is not None and domain.parent not in parents:
                self.problems.append(
                    Problem(f"domains[{domain.key}].parent", f"unknown domain {domain.parent!r}")
                )
        # Follow each chain of parents; a chain that comes back on itself is a cycle.
        settled: set[str] = set()
        for start in parents:
            chain: list[str] = []
            key: str | None = start
            while key is not None and key in parents and key not in settled:
                if key in chain:
                    cycle = [*chain[chain.index(key) :], key]
                    self.problems.append(
                        Problem(
                            f"domains[{key}].parent",
                            "the domain hierarchy has a cycle: " + " -> ".join(cycle),
                        )
                    )
                    break
                chain.append(key)
                key = parents[key]
            settled.update(chain)

    def _check_spells(self, name: str, entity: Agreement | Alliance | Minilateral) -> None:
        spells: tuple[Membership, ...]
        if isinstance(entity, Agreement):
            spells, field = entity.parties, "parties"
        else:
            spells, field = entity.members, "members"
        codes = self.state_codes
        for index, spell in enumerate(spells):
            if spell.state not in codes:
                self.problems.append(
                    Problem(
                        f"{name}[{entity.id}].{field}[{index}].state",
                        f"unknown state {spell.state!r}",
                    )
                )

    def _check_domains(self, path: str, keys: frozenset[str]) -> None:
        for key in sorted(keys):
            if key not in self.domain_keys:
                self.problems.append(Problem(f"{path}.domains[{key!r}]", f"unknown domain {key!r}"))
