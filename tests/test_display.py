"""Notebook displays and short reprs: what an analyst sees of each value."""

from __future__ import annotations

import datetime as dt
import html.parser
import re
from typing import Any

import attrs
import pytest

import coalitions
from coalitions import (
    Agreement,
    Alliance,
    Diff,
    Event,
    EventKind,
    ForceStatus,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Precision,
    Role,
    State,
    Status,
    StatusSpell,
    display,
    reference_landscape,
)

D = dt.date


class _Text(html.parser.HTMLParser):
    """The text of an HTML fragment, and whether its tags balance."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _parsed(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    assert parser.open == []
    return " ".join(parser.parts)


class _Printer:
    def __init__(self) -> None:
        self.out: list[str] = []

    def text(self, obj: str) -> None:
        self.out.append(obj)


def _every_kind() -> list[object]:
    world = reference_landscape()
    arm = world.alliance("CSTO")
    return [
        world,
        world.state("FIN"),
        world.alliance("NATO"),
        arm,
        arm.members[0],
        world.minilateral("CMF"),
        world.agreement("SAU-PAK-SMDA"),
        world.events()[0],
        world.diff(D(2023, 1, 1), D(2024, 12, 31)),
        world.ties("ARM", at=D(2025, 1, 1))[0],
    ]


@pytest.mark.parametrize("value", _every_kind(), ids=lambda v: type(v).__name__)
def test_every_value_has_balanced_html_and_pretty_text(value: object) -> None:
    fragment = value._repr_html_()  # type: ignore[attr-defined]
    assert fragment.startswith('<div class="coalitions">')
    assert _parsed(fragment)
    printer = _Printer()
    value._repr_pretty_(printer, False)  # type: ignore[attr-defined]
    assert printer.out == [display.text(value)]
    cycled = _Printer()
    value._repr_pretty_(cycled, True)  # type: ignore[attr-defined]
    assert cycled.out == [repr(value)]


def test_reprs_of_groupings_agreements_and_diffs_are_short() -> None:
    world = reference_landscape()
    for value in (*world.groupings, *world.agreements, world.diff(D(1900, 1, 1), D(2026, 1, 1))):
        text = repr(value)
        assert len(text) <= display.MAX_REPR, text
        assert text.startswith(f"<{type(value).__name__} ")
        assert text.endswith(">")
    nato = world.alliance("NATO")
    members = {m.state for m in nato.members if m.role is Role.MEMBER and m.until is None}
    assert (
        repr(nato)
        == f"<Alliance NATO: {len(members)} members since 1949-08-24, defence, consultation>"
    )
    assert repr(world.agreement("SAU-PAK-SMDA")) == (
        "<Agreement SAU-PAK-SMDA: 2 parties, signed 2025-09-17,"
        " entry into force not established, defence>"
    )
    # the full value stays reachable
    assert attrs.asdict(nato)["id"] == "NATO"


def _spell(code: str, since: D, **kw: Any) -> Membership:
    return Membership(state=code, since=since, **kw)


def test_partial_rosters_reduced_precision_and_statuses_are_shown() -> None:
    day = D(2001, 1, 1)
    group = Minilateral(
        id="OPS",
        name="Operations <&> Co",
        founded=day,
        founded_precision=Precision.YEAR,
        mission="Patrol",
        roster_complete=False,
        members=[
            _spell("AAA", day),
            _spell("BBB", D(2001, 6, 1), since_precision=Precision.MONTH),
            _spell(
                "CCC",
                day,
                statuses=[
                    StatusSpell(status=Status.SUSPENDED, since=D(2010, 1, 1), until=D(2011, 1, 1))
                ],
            ),
            _spell("DDD", day, until=D(2005, 1, 1)),
            _spell("EEE", day, role=Role.OBSERVER),
        ],
    )
    assert repr(group) == "<Minilateral OPS: 3+ members since 2001, dialogue>"
    shown = _parsed(group._repr_html_())
    assert "Operations <&> Co" in shown  # escaped in the HTML, the same text once parsed
    assert "<&>" not in group._repr_html_()
    for expected in (
        "3+",
        "2001 (year)",
        "2001-06 (month)",
        "suspended 2010-01-01 to 2011-01-01",
        "observer",
        "Partial roster",
        "2005-01-01",
    ):
        assert expected in shown, expected
        assert expected in display.text(group), expected


def test_a_dissolved_grouping_counts_those_who_stayed_to_the_end() -> None:
    day = D(1954, 9, 8)
    end = D(1977, 6, 30)
    seato = Alliance(
        id="SEATO",
        name="SEATO",
        founded=day,
        dissolved=end,
        obligations=[Obligation.DEFENSE],
        members=[_spell(c, day, until=end) for c in ("AUS", "USA", "THA")]
        + [_spell("PAK", day, until=D(1973, 11, 7))],
    )
    assert repr(seato) == "<Alliance SEATO: 3 members, 1954-09-08 to 1977-06-30, defence>"


def test_agreement_force_is_said() -> None:
    day = D(2024, 6, 19)
    parties = [_spell(c, day) for c in ("RUS", "PRK")]
    pact = Agreement(
        id="RUS-PRK-2024",
        name="Treaty",
        parties=parties,
        signed=day,
        in_force=D(2024, 12, 4),
        obligations=[Obligation.DEFENSE],
    )
    assert (
        repr(pact)
        == "<Agreement RUS-PRK-2024: 2 parties, signed 2024-06-19, in force 2024-12-04, defence>"
    )
    pending = attrs.evolve(pact, in_force=None)
    assert "not yet in force" in repr(pending)
    unknown = attrs.evolve(pact, in_force=None, in_force_status=ForceStatus.NOT_ESTABLISHED)
    assert "entry into force not established" in _parsed(unknown._repr_html_())


def test_a_diff_repr_counts_each_kind() -> None:
    e = Event(date=D(2024, 3, 7), kind=EventKind.JOINED, subject="NATO", state="SWE")
    f = Event(date=D(2023, 4, 4), kind=EventKind.JOINED, subject="NATO", state="FIN")
    g = Event(date=D(2024, 3, 7), kind=EventKind.LEFT, subject="X", state="SWE")
    diff = Diff(start=D(2023, 1, 1), end=D(2024, 12, 31), joined=(f, e), left=(g,))
    assert repr(diff) == "<Diff 2023-01-01..2024-12-31: 2 joined, 1 left>"
    assert (
        repr(Diff(start=D(2023, 1, 1), end=D(2023, 1, 1)))
        == "<Diff 2023-01-01..2023-01-01: no changes>"
    )
    shown = display.text(diff)
    assert shown.index("FIN") < shown.index("SWE")


def test_long_tables_say_what_they_leave_out() -> None:
    world = reference_landscape()
    shown = display.text(world)
    left = len(world.groupings) - display.MAX_LANDSCAPE_ROWS
    assert f"and {left} more rows" in shown
    assert f"and {left} more rows" in world._repr_html_()


def test_membership_and_state_reprs_stay_constructor_style() -> None:
    assert repr(State(code="FIN", name="Finland")) == "State(code='FIN', name='Finland')"
    assert (
        repr(_spell("SWE", D(2024, 3, 7)))
        == "Membership(state='SWE', since=datetime.date(2024, 3, 7))"
    )


def test_hypothesis_prints_values_as_code_that_rebuilds_them() -> None:
    pretty = pytest.importorskip("hypothesis.vendor.pretty")
    namespace = {**vars(coalitions), "datetime": dt, "frozenset": frozenset}
    world = reference_landscape()
    for value in (
        world.alliance("CSTO"),
        world.minilateral("CMF"),
        world.agreement("SAU-PAK-SMDA"),
        world.diff(D(2024, 1, 1), D(2024, 3, 31)),
    ):
        assert eval(pretty.pretty(value), namespace) == value


def test_display_is_not_imported_until_a_value_is_shown() -> None:
    import subprocess
    import sys

    code = (
        "import sys, coalitions; assert 'coalitions.display' not in sys.modules; "
        "repr(coalitions.reference_landscape().alliances[0]); "
        "assert 'coalitions.display' in sys.modules; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'IPython']"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_landscape_html_says_the_force_status_of_agreements() -> None:
    world = reference_landscape()
    shown = _parsed(world._repr_html_())
    count = sum(a.force_status is ForceStatus.NOT_ESTABLISHED for a in world.agreements)
    assert f"{count} entry into force not established" in shown
    assert re.search(r"\d+ with partial rosters", shown)
    assert isinstance(world, Landscape)
