"""The domain catalogue: a standard hierarchy of the fields of defence cooperation.

:data:`CATALOGUE` is a tuple of :class:`~coalitions.model.Domain` values, parents
before children, whose keys are stable: data sets tag groupings and agreements
with them, so a key, once published, is never renamed or removed.

>>> from coalitions import domains
>>> domains.domain("nuclear-powered-submarines")
Domain(key='nuclear-powered-submarines', name='Nuclear-powered submarines', parent='undersea-capabilities')
>>> [d.key for d in domains.ancestors("nuclear-powered-submarines")]
['undersea-capabilities', 'maritime-security']
>>> [d.key for d in domains.descendants("defence-industry")]
['arms-transfers', 'joint-production', 'supply-chain-resilience']

A landscape takes the catalogue as it is, or extended with domains of your own
(:func:`extend` checks them first):

>>> from coalitions import Domain, Landscape
>>> mine = domains.extend([Domain(key="mine-countermeasures", name="Mine countermeasures",
...                               parent="maritime-security")])
>>> Landscape(domains=mine)
<Landscape: 0 states, 24 domains, 0 agreements, 0 alliances, 0 minilaterals>
"""

from __future__ import annotations

from collections.abc import Iterable

from coalitions.errors import Problem, UnknownEntityError, ValidationError
from coalitions.model import Domain

__all__ = ["CATALOGUE", "ancestors", "children", "descendants", "domain", "extend"]


def _d(key: str, name: str, parent: str | None = None) -> Domain:
    return Domain(key=key, name=name, parent=parent)


CATALOGUE: tuple[Domain, ...] = (
    _d("collective-defence", "Collective defence"),
    _d("maritime-security", "Maritime security"),
    _d("anti-piracy", "Anti-piracy", "maritime-security"),
    _d("undersea-capabilities", "Undersea capabilities", "maritime-security"),
    _d("nuclear-powered-submarines", "Nuclear-powered submarines", "undersea-capabilities"),
    _d("cyber-defence", "Cyber defence"),
    _d("space-security", "Space security"),
    _d("advanced-capabilities", "Advanced capabilities"),
    _d("artificial-intelligence", "Artificial intelligence", "advanced-capabilities"),
    _d("hypersonics", "Hypersonics", "advanced-capabilities"),
    _d("quantum-technologies", "Quantum technologies", "advanced-capabilities"),
    _d("electronic-warfare", "Electronic warfare", "advanced-capabilities"),
    _d("uncrewed-systems", "Drones and uncrewed systems", "advanced-capabilities"),
    _d("missile-defence", "Missile defence"),
    _d("intelligence-sharing", "Intelligence sharing"),
    _d("satellite-intelligence", "Satellite intelligence", "intelligence-sharing"),
    _d("counterterrorism", "Counterterrorism"),
    _d("defence-industry", "Defence industry"),
    _d("arms-transfers", "Arms transfers", "defence-industry"),
    _d("joint-production", "Joint production", "defence-industry"),
    _d("supply-chain-resilience", "Supply-chain resilience", "defence-industry"),
    _d("training-exercises", "Training and exercises"),
    _d("crisis-management", "Crisis management"),
)
"""The standard domains, parents before children. ``collective-defence`` covers
territorial defence; ``crisis-management`` covers peace-support and
crisis-management operations."""


def _index(catalogue: Iterable[Domain]) -> dict[str, Domain]:
    return {d.key: d for d in catalogue}


def domain(key: str, catalogue: Iterable[Domain] = CATALOGUE) -> Domain:
    """The domain with ``key``.

    >>> domain("hypersonics").parent
    'advanced-capabilities'
    >>> domain("cyber-defense")
    Traceback (most recent call last):
    ...
    coalitions.errors.UnknownEntityError: unknown domain 'cyber-defense'; did you mean 'cyber-defence'?
    """
    index = _index(catalogue)
    try:
        return index[key]
    except KeyError:
        raise UnknownEntityError("domain", key, index) from None


def children(key: str, catalogue: Iterable[Domain] = CATALOGUE) -> tuple[Domain, ...]:
    """The domains directly under ``key``, in catalogue order.

    >>> [d.key for d in children("maritime-security")]
    ['anti-piracy', 'undersea-capabilities']
    """
    items = tuple(catalogue)
    domain(key, items)
    return tuple(d for d in items if d.parent == key)


def descendants(key: str, catalogue: Iterable[Domain] = CATALOGUE) -> tuple[Domain, ...]:
    """Every domain below ``key`` (not ``key`` itself), depth first, in catalogue order.

    >>> [d.key for d in descendants("maritime-security")]
    ['anti-piracy', 'undersea-capabilities', 'nuclear-powered-submarines']
    >>> descendants("counterterrorism")
    ()
    """
    items = tuple(catalogue)
    domain(key, items)
    found: list[Domain] = []
    seen = {key}

    def walk(parent: str) -> None:
        for d in items:
            if d.parent == parent and d.key not in seen:
                seen.add(d.key)
                found.append(d)
                walk(d.key)

    walk(key)
    return tuple(found)


def ancestors(key: str, catalogue: Iterable[Domain] = CATALOGUE) -> tuple[Domain, ...]:
    """The domains above ``key``, nearest first.

    >>> [d.key for d in ancestors("satellite-intelligence")]
    ['intelligence-sharing']
    >>> ancestors("space-security")
    ()
    """
    index = _index(catalogue)
    current = domain(key, index.values())
    found: list[Domain] = []
    seen = {key}
    while current.parent is not None and current.parent not in seen:
        seen.add(current.parent)
        current = domain(current.parent, index.values())
        found.append(current)
    return tuple(found)


def extend(extra: Iterable[Domain], catalogue: Iterable[Domain] = CATALOGUE) -> tuple[Domain, ...]:
    """``catalogue`` followed by ``extra``, checked: new keys are unique, parents
    exist and the hierarchy has no cycle. Raises
    :class:`~coalitions.errors.ValidationError` listing every problem.

    >>> len(extend([Domain(key="cbrn-defence", name="CBRN defence")]))
    24
    >>> extend([Domain(key="cyber-defence", name="Cyber"),
    ...         Domain(key="drone-swarms", name="Drone swarms", parent="uncrewed")])
    Traceback (most recent call last):
    ...
    coalitions.errors.ValidationError: 2 problems:
      extra[0].key: 'cyber-defence' is already in the catalogue
      extra[1].parent: unknown domain 'uncrewed'; did you mean 'uncrewed-systems'?
    """
    base = tuple(catalogue)
    added = tuple(extra)
    problems: list[Problem] = []
    keys = {d.key for d in base}
    for index, d in enumerate(added):
        if not isinstance(d, Domain):
            problems.append(Problem(f"extra[{index}]", f"expected a Domain, got {d!r}"))
        elif d.key in keys:
            where = "in the catalogue" if any(b.key == d.key for b in base) else "given twice"
            problems.append(Problem(f"extra[{index}].key", f"{d.key!r} is already {where}"))
        else:
            keys.add(d.key)
    good = [d for d in added if isinstance(d, Domain)]
    for index, d in enumerate(added):
        if isinstance(d, Domain) and d.parent is not None and d.parent not in keys:
            error = UnknownEntityError("domain", d.parent, sorted(keys))
            problems.append(Problem(f"extra[{index}].parent", str(error)))
    if not problems:
        problems.extend(_cycles((*base, *good), len(base)))
    if problems:
        raise ValidationError(problems)
    return (*base, *good)


def _cycles(domains: tuple[Domain, ...], offset: int) -> list[Problem]:
    parents = {d.key: d.parent for d in domains}
    problems: list[Problem] = []
    reported: set[str] = set()
    for index, d in enumerate(domains[offset:]):
        path = [d.key]
        parent = d.parent
        while parent is not None and parent not in path:
            path.append(parent)
            parent = parents.get(parent)
        if parent == d.key and d.key not in reported:  # d is on a cycle
            cycle = [*path, d.key]
            reported.update(path)
            problems.append(
                Problem(
                    f"extra[{index}].parent", "the hierarchy has a cycle: " + " -> ".join(cycle)
                )
            )
    return problems
