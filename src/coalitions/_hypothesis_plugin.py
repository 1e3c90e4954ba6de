"""Registers a Hypothesis strategy for each public model class.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported, through
the ``hypothesis`` entry point in ``pyproject.toml``; ``import coalitions``
never imports this module or Hypothesis. The strategies themselves are built
only when a type is first resolved, so importing Hypothesis stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__: list[str] = []

#: Each model class, by module and name, and the strategy in coalitions.strategies for it.
_REGISTRATIONS = (
    ("coalitions.model", "State", "states"),
    ("coalitions.model", "Domain", "domains"),
    ("coalitions.model", "Membership", "memberships"),
    ("coalitions.model", "Agreement", "agreements"),
    ("coalitions.model", "Alliance", "alliances"),
    ("coalitions.model", "Minilateral", "minilaterals"),
    ("coalitions.landscape", "Landscape", "landscapes"),
)


def _deferred(name: str) -> Callable[[type], Any]:
    def resolve(_type: type) -> Any:
        from coalitions import strategies

        return getattr(strategies, name)()

    return resolve


def _hypothesis_setup_hook() -> None:
    """Called by Hypothesis on import: register ``coalitions.strategies`` for ``st.from_type``."""
    import importlib

    from hypothesis import strategies as st

    for module, cls_name, strategy_name in _REGISTRATIONS:
        cls = getattr(importlib.import_module(module), cls_name)
        st.register_type_strategy(cls, _deferred(strategy_name))
