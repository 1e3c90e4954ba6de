"""``python -m coalitions`` (and the ``coalitions`` command): a short demonstration.

It builds a small landscape in code, validates it, and prints it with its JSON.
A later release replaces it with the full command line.
"""

from __future__ import annotations

import datetime as dt
import sys

from coalitions import (
    Alliance,
    Domain,
    Formality,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    State,
    dumps,
)

__all__ = ["demo_landscape", "main"]


def demo_landscape() -> Landscape:
    """Three states, two domains, ANZUS and AUKUS, as they were founded.

    >>> world = demo_landscape()
    >>> [g.id for g in (*world.alliances, *world.minilaterals)]
    ['ANZUS', 'AUKUS']
    """
    anzus_day = dt.date(1952, 4, 29)  # ANZUS Treaty entered into force
    aukus_day = dt.date(2021, 9, 15)  # AUKUS announced
    return Landscape(
        states=[
            State(code="AUS", name="Australia", cow_code=900, region="Oceania"),
            State(code="GBR", name="United Kingdom", cow_code=200, region="Europe"),
            State(code="NZL", name="New Zealand", cow_code=920, region="Oceania"),
            State(code="USA", name="United States of America", cow_code=2, region="Americas"),
        ],
        domains=[
            Domain(key="collective-defence", name="Collective defence"),
            Domain(key="nuclear-powered-submarines", name="Nuclear-powered submarines"),
        ],
        alliances=[
            Alliance(
                id="ANZUS",
                name="Security Treaty between Australia, New Zealand and the United States",
                founded=anzus_day,
                members=[Membership(state=c, since=anzus_day) for c in ("AUS", "NZL", "USA")],
                obligations=[Obligation.DEFENSE, Obligation.CONSULTATION],
                domains=["collective-defence"],
                sources=["https://www.dfat.gov.au/geo/united-states-of-america/anzus"],
            )
        ],
        minilaterals=[
            Minilateral(
                id="AUKUS",
                name="AUKUS",
                founded=aukus_day,
                members=[Membership(state=c, since=aukus_day) for c in ("AUS", "GBR", "USA")],
                mission="Nuclear-powered submarines and advanced capabilities",
                formality=Formality.FRAMEWORK,
                domains=["nuclear-powered-submarines"],
                sources=["https://www.defence.gov.au/about/taskforces/aukus"],
            )
        ],
    )


def main(argv: list[str] | None = None) -> int:
    """Print the demonstration landscape and its JSON; return the exit status."""
    world = demo_landscape()
    out = sys.stdout
    out.write(f"{world!r}\n\n")
    names = {s.code: s.name for s in world.states}
    groupings: list[Alliance | Minilateral] = [*world.alliances, *world.minilaterals]
    for grouping in groupings:
        kind = type(grouping).__name__.lower()
        out.write(f"{grouping.id} ({kind}, since {grouping.founded.isoformat()})\n")
        for spell in grouping.members:
            out.write(f"  {spell.state}  {names[spell.state]}\n")
    out.write("\nAs JSON:\n")
    out.write(dumps(world, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
