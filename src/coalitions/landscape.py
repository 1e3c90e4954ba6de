"""The aggregate root: a :class:`Landscape` owns every entity and checks the
rules that span several of them.

Each entity already checked itself on construction; what is left here is what
no single object can see: that every state code, domain key and agreement id it
refers to exists, that ids are unique, and that the domain hierarchy has no
cycle. All problems are collected and raised together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from coalitions.errors import Problem, ValidationError
from coalitions.model import Agreement, Alliance, Domain, Membership, Minilateral, State

__all__ = ["Landscape"]


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    # A str is iterable too, but never a collection of entities: leave it for the checks.
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]
    return tuple(value)


def _states(value: Iterable[State]) -> tuple[State, ...]:
    return _tuple(value)


def _domains(value: Iterable[Domain]) -> tuple[Domain, ...]:
    return _tuple(value)


def _agreements(value: Iterable[Agreement]) -> tuple[Agreement, ...]:
    return _tuple(value)


def _alliances(value: Iterable[Alliance]) -> tuple[Alliance, ...]:
    return _tuple(value)


def _minilaterals(value: Iterable[Minilateral]) -> tuple[Minilateral, ...]:
    return _tuple(value)


@attrs.frozen(kw_only=True, repr=False, cache_hash=True)
class Landscape:
    """Every state, domain, agreement, alliance and minilateral of one world.

    >>> import datetime as dt
    >>> from coalitions import Alliance, Membership, Obligation, State
    >>> day = dt.date(1952, 4, 29)
    >>> world = Landscape(
    ...     states=[State(code="AUS", name="Australia"), State(code="NZL", name="New Zealand"),
    ...             State(code="USA", name="United States")],
    ...     alliances=[Alliance(id="ANZUS", name="ANZUS Treaty", founded=day,
    ...                         members=[Membership(state=c, since=day) for c in ("AUS", "NZL", "USA")],
    ...                         obligations=[Obligation.DEFENSE])],
    ... )
    >>> world
    <Landscape: 3 states, 0 domains, 0 agreements, 1 alliance, 0 minilaterals>
    >>> Landscape(alliances=world.alliances)
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: 3 problems:
      alliances[ANZUS].members[0].state: unknown state 'AUS'
      alliances[ANZUS].members[1].state: unknown state 'NZL'
      alliances[ANZUS].members[2].state: unknown state 'USA'
    """

    states: tuple[State, ...] = attrs.field(default=(), converter=_states)
    domains: tuple[Domain, ...] = attrs.field(default=(), converter=_domains)
    agreements: tuple[Agreement, ...] = attrs.field(default=(), converter=_agreements)
    alliances: tuple[Alliance, ...] = attrs.field(default=(), converter=_alliances)
    minilaterals: tuple[Minilateral, ...] = attrs.field(default=(), converter=_minilaterals)

    def __attrs_post_init__(self) -> None:
        problems = _Checker(self).run()
        if problems:
            raise ValidationError(problems)

    def __repr__(self) -> str:
        counts = [
            (len(self.states), "state", "states"),
            (len(self.domains), "domain", "domains"),
            (len(self.agreements), "agreement", "agreements"),
            (len(self.alliances), "alliance", "alliances"),
            (len(self.minilaterals), "minilateral", "minilaterals"),
        ]
        text = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)
        return f"<Landscape: {text}>"


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
                path = f"{name}[{entity.id}]"
                self._check_spells(path, entity)
                self._check_domains(path, entity.domains)
                if isinstance(entity, Alliance):
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
        first_state: dict[str, int] = {}
        for index, state in enumerate(self.landscape.states):
            if state.code in first_state:
                self.problems.append(
                    Problem(
                        f"states[{index}].code",
                        f"duplicate state code {state.code!r} (also states[{first_state[state.code]}])",
                    )
                )
            first_state.setdefault(state.code, index)
        self.state_codes = set(first_state)

        first_domain: dict[str, int] = {}
        for index, domain in enumerate(self.landscape.domains):
            if domain.key in first_domain:
                self.problems.append(
                    Problem(
                        f"domains[{index}].key",
                        f"duplicate domain key {domain.key!r} (also domains[{first_domain[domain.key]}])",
                    )
                )
            first_domain.setdefault(domain.key, index)
        self.domain_keys = set(first_domain)

        # Ids are unique across all three kinds: a query names a grouping or
        # agreement by id alone.
        first_id: dict[str, str] = {}
        for name, entities in self._entities():
            for index, entity in enumerate(entities):
                where = f"{name}[{index}]"
                if entity.id in first_id:
                    self.problems.append(
                        Problem(
                            f"{where}.id",
                            f"duplicate id {entity.id!r} (also {first_id[entity.id]})",
                        )
                    )
                else:
                    first_id[entity.id] = where
        self.agreement_ids = {a.id for a in self.landscape.agreements}

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

    def _check_spells(self, path: str, entity: Agreement | Alliance | Minilateral) -> None:
        spells: tuple[Membership, ...]
        if isinstance(entity, Agreement):
            spells, field = entity.parties, "parties"
        else:
            spells, field = entity.members, "members"
        for index, spell in enumerate(spells):
            if spell.state not in self.state_codes:
                self.problems.append(
                    Problem(f"{path}.{field}[{index}].state", f"unknown state {spell.state!r}")
                )

    def _check_domains(self, path: str, keys: frozenset[str]) -> None:
        for key in sorted(keys):
            if key not in self.domain_keys:
                self.problems.append(Problem(f"{path}.domains[{key!r}]", f"unknown domain {key!r}"))
