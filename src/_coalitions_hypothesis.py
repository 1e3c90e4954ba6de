"""Registers a Hypothesis strategy for each public ``coalitions`` model class, lazily.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported, through
the ``hypothesis`` entry point in ``pyproject.toml``. Importing Hypothesis must
stay cheap for everyone who has ``coalitions`` installed, so this module lives
outside the package (importing ``coalitions._anything`` would run the package's
``__init__`` and import the model) and the hook imports nothing of
``coalitions``: it registers only if the model is already imported.
Otherwise ``import coalitions`` registers, seeing Hypothesis already imported
(:func:`register_if_hypothesis`). Either order ends with the strategies
registered once; they are built only when a type is first resolved.
"""

from __future__ import annotations

import sys
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
    ("coalitions.model", "Grouping", "groupings"),
    ("coalitions.model", "Commitment", "commitments"),
    ("coalitions.model", "StatusSpell", "status_spells"),
    ("coalitions.model", "ExternalIds", "external_ids"),
    ("coalitions.history", "Event", "events"),
    ("coalitions.history", "Diff", "diffs"),
    ("coalitions.ties", "Tie", "ties"),
    ("coalitions.landscape", "Landscape", "landscapes"),
)
# The enums (Role, Obligation, Status, EventKind, TieKind, Strength, ...) need
# nothing: Hypothesis draws any enum's members by itself.

_registered = False


def _deferred(name: str) -> Callable[[type], Any]:
    def resolve(_type: type) -> Any:
        from coalitions import strategies

        return getattr(strategies, name)()

    return resolve


def _register() -> None:
    global _registered
    if _registered:
        return
    from hypothesis import strategies as st

    for module, cls_name, strategy_name in _REGISTRATIONS:
        cls = getattr(sys.modules[module], cls_name)
        st.register_type_strategy(cls, _deferred(strategy_name))
    _registered = True


def _hypothesis_setup_hook() -> None:
    """Called by Hypothesis on import: register now if ``coalitions`` is loaded, else
    leave it to ``import coalitions``."""
    if all(module in sys.modules for module, _, _ in _REGISTRATIONS):
        _register()


def register_if_hypothesis() -> None:
    """Called at the end of ``import coalitions``: register if Hypothesis is loaded."""
    if "hypothesis.strategies" in sys.modules:
        _register()
