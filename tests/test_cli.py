"""The command line, run end to end as a subprocess, as a user runs it."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import coalitions
from coalitions import (
    Agreement,
    Alliance,
    Domain,
    ForceStatus,
    Formality,
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Role,
    State,
    Status,
    StatusSpell,
)

D = dt.date


def small_world() -> Landscape:
    nato = D(1949, 8, 24)
    return Landscape(
        states=[
            State(code="USA", name="United States of America", cow_code=2),
            State(code="NOR", name="Norway", cow_code=385),
            State(code="FIN", name="Finland", cow_code=375),
            State(code="SWE", name="Sweden", cow_code=380),
            State(code="TUR", name="Türkiye", cow_code=640),
            State(code="AZE", name="Azerbaijan", cow_code=373),
            State(code="JPN", name="Japan", cow_code=740),
        ],
        domains=[
            Domain(key="collective-defence", name="Collective defence"),
            Domain(key="training-exercises", name="Training and exercises"),
        ],
        alliances=[
            Alliance(
                id="NATO",
                name="North Atlantic Treaty Organization",
                founded=nato,
                obligations=[Obligation.DEFENSE],
                domains=["collective-defence"],
                members=[
                    Membership(state="USA", since=nato),
                    Membership(state="NOR", since=nato),
                    Membership(state="TUR", since=D(1952, 2, 18)),
                    Membership(state="FIN", since=D(2023, 4, 4)),
                    Membership(state="SWE", since=D(2024, 3, 7)),
                    Membership(state="JPN", since=D(2014, 5, 6), role=Role.PARTNER),
                ],
            )
        ],
        minilaterals=[
            Minilateral(
                id="NORDEFCO",
                name="Nordic Defence Cooperation",
                founded=D(2009, 11, 4),
                mission="Nordic defence cooperation",
                domains=["training-exercises"],
                members=[Membership(state=c, since=D(2009, 11, 4)) for c in ("FIN", "NOR", "SWE")],
            )
        ],
        agreements=[
            Agreement(
                id="SHUSHA",
                name="Shusha Declaration",
                signed=D(2021, 6, 15),
                in_force=D(2021, 6, 15),
                obligations=[Obligation.DEFENSE],
                domains=["collective-defence"],
                parties=[Membership(state=c, since=D(2021, 6, 15)) for c in ("TUR", "AZE")],
            )
        ],
        as_of=D(2025, 1, 1),
    )


@pytest.fixture(scope="module")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "world.json"
    coalitions.dump(small_world(), path)
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "coalitions", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_help_on_every_level() -> None:
    top = run("--help")
    assert top.returncode == 0
    for command in (
        "summary",
        "validate",
        "members",
        "groupings",
        "partners",
        "allies",
        "events",
        "diff",
        "export",
    ):
        assert command in top.stdout
        sub = run(command, "--help")
        assert sub.returncode == 0, sub.stderr
        assert "usage: coalitions " + command in sub.stdout


def test_usage_errors_exit_2_on_stderr() -> None:
    for args in (["members"], ["frobnicate"], ["members", "NATO", "--at", "yesterday"], []):
        result = run(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stdout == ""
        assert "usage" in result.stderr or "Try 'coalitions" in result.stderr


def test_members(world_file: Path) -> None:
    result = run("members", "NATO", "--file", str(world_file), "--at", "2023-04-04")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "North Atlantic Treaty Organization (NATO) on 2023-04-04: 5 states"
    assert any(line.split()[:3] == ["FIN", "member", "2023-04-04"] for line in lines)
    assert any(line.split()[:2] == ["JPN", "partner"] for line in lines)
    data = json.loads(
        run("members", "NATO", "--file", str(world_file), "--at", "2023-04-03", "--json").stdout
    )
    assert [m["state"] for m in data["members"]] == ["JPN", "NOR", "TUR", "USA"]


def test_states_accepted_in_any_registry_form(world_file: Path) -> None:
    for form in ("TUR", "Türkiye", "turkiye", "Turkey", "640"):
        result = run("allies", form, "--file", str(world_file), "--at", "2024-01-01", "--json")
        assert result.returncode == 0, (form, result.stderr)
        allies = json.loads(result.stdout)["allies"]
        assert [a["state"] for a in allies] == ["AZE", "FIN", "NOR", "USA"]
        assert [v["id"] for v in allies[0]["via"]] == ["SHUSHA"]


def ties_world() -> Landscape:
    """Directions, statuses and entry into force, as the ties command shows them."""
    day = D(1952, 4, 29)
    return Landscape(
        states=[State(code=c, name=c) for c in ("AUS", "NZL", "USA", "SAU", "PAK", "ARM", "RUS")],
        alliances=[
            Alliance(
                id="ANZUS",
                name="ANZUS Treaty",
                founded=day,
                obligations=[Obligation.DEFENSE],
                members=[
                    Membership(state="AUS", since=day),
                    Membership(state="NZL", since=day),
                    Membership(
                        state="USA",
                        since=day,
                        statuses=[
                            StatusSpell(
                                status=Status.SUSPENDED, since=D(1986, 8, 11), toward=["NZL"]
                            )
                        ],
                    ),
                ],
            ),
            Alliance(
                id="CSTO",
                name="Collective Security Treaty Organization",
                founded=D(1994, 4, 20),
                obligations=[Obligation.DEFENSE],
                members=[
                    Membership(
                        state="ARM",
                        since=D(1994, 4, 20),
                        statuses=[StatusSpell(status=Status.FROZEN, since=D(2024, 2, 22))],
                    ),
                    Membership(state="RUS", since=D(1994, 4, 20)),
                ],
            ),
        ],
        minilaterals=[
            Minilateral(
                id="CMF",
                name="Combined Maritime Forces",
                founded=D(2001, 1, 1),
                mission="Maritime security",
                formality=Formality.OPERATIONAL_COALITION,
                roster_complete=False,
                members=[Membership(state=c, since=D(2002, 1, 1)) for c in ("USA", "AUS", "PAK")],
            )
        ],
        agreements=[
            Agreement(
                id="SAU-PAK-SMDA",
                name="Strategic Mutual Defence Agreement",
                signed=D(2025, 9, 17),
                in_force_status=ForceStatus.NOT_ESTABLISHED,
                obligations=[Obligation.DEFENSE],
                parties=[Membership(state=c, since=D(2025, 9, 17)) for c in ("SAU", "PAK")],
            )
        ],
        as_of=D(2025, 12, 31),
    )


@pytest.fixture(scope="module")
def ties_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ties") / "world.json"
    coalitions.dump(ties_world(), path)
    return path


def test_allies_explain_their_link_and_status(ties_file: Path) -> None:
    result = run("allies", "SAU", "--file", str(ties_file), "--at", "2025-10-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Allies of SAU (SAU) on 2025-10-01: 1"
    assert lines[3].split()[:2] == ["PAK", "SAU-PAK-SMDA"]
    assert "signed 2025-09-17; entry into force not established" in lines[3]
    strict = run("allies", "SAU", "--file", str(ties_file), "--at", "2025-10-01", "--strict")
    assert strict.stdout.splitlines() == ["Allies of SAU (SAU) on 2025-10-01: 0"]


def test_allies_direction_and_suspension(ties_file: Path) -> None:
    def allies(*args: str) -> list[str]:
        result = run("allies", *args, "--file", str(ties_file), "--json")
        assert result.returncode == 0, result.stderr
        return [a["state"] for a in json.loads(result.stdout)["allies"]]

    assert allies("USA", "--at", "1985-01-01") == ["AUS", "NZL"]
    assert allies("USA", "--at", "1990-01-01") == ["AUS"]  # the US-NZ leg is suspended
    assert allies("NZL", "--at", "1990-01-01", "--direction", "both") == ["AUS"]
    assert allies("ARM") == []  # frozen: binds no one, bound by no one
    assert allies("ARM", "--at", "2024-02-21") == ["RUS"]


def test_ties_command_lists_strength_and_flags(ties_file: Path) -> None:
    result = run("ties", "USA", "--file", str(ties_file), "--at", "2003-01-01")
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[3:]]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("AUS", "defense", "ANZUS"),
        ("AUS", "operational", "CMF"),
        ("NZL", "framework", "ANZUS"),
        ("PAK", "operational", "CMF"),
    ]
    assert rows[2][-1] == "suspended"
    data = json.loads(
        run("ties", "USA", "--file", str(ties_file), "--at", "2003-01-01", "--json", "--min-strength",
            "defense").stdout
    )  # fmt: skip
    assert [(t["other"], t["strength"]) for t in data["ties"]] == [("AUS", "defense")]


def test_coverage_partial_rosters_and_lifetimes(ties_file: Path) -> None:
    later = run("members", "CMF", "--file", str(ties_file), "--at", "2026-06-01")
    assert later.returncode == 0, later.stderr
    assert later.stderr == ""  # no Python warning, a note instead
    lines = later.stdout.splitlines()
    assert lines[0] == "Note: the data is current to 2025-12-31; later changes are not in it."
    assert lines[1].endswith(": 3+ states")
    assert lines[-1].startswith("+ partial roster")
    default = run("members", "CMF", "--file", str(ties_file))
    assert "on 2025-12-31" in default.stdout.splitlines()[0]  # the as_of day, not today
    before = run("members", "CMF", "--file", str(ties_file), "--at", "2000-01-01")
    assert before.stdout.splitlines() == [
        "Combined Maritime Forces: CMF was founded on 2001-01-01: it did not exist on 2000-01-01"
    ]
    summary = run("summary", "--file", str(ties_file), "--json")
    data = json.loads(summary.stdout)
    assert data["partial_rosters"] == [
        {"id": "CMF", "name": "Combined Maritime Forces", "kind": "minilateral"}
    ]
    cmf = next(g for g in data["groupings"] if g["id"] == "CMF")
    assert cmf["roster_complete"] is False
    scores = {s["state"]: s["score"] for s in data["most_connected"]}
    # AUS: NZL (defence, 10) + USA (defence, 10) + PAK (operational, 7)
    assert scores["AUS"] == 27


def test_groupings_partners_and_domain(world_file: Path) -> None:
    result = run("groupings", "SWE", "--file", str(world_file), "--at", "2024-03-07", "--json")
    assert [g["id"] for g in json.loads(result.stdout)["groupings"]] == ["NATO", "NORDEFCO"]
    result = run(
        "partners",
        "SWE",
        "--file",
        str(world_file),
        "--at",
        "2024-01-01",
        "--domain",
        "training-exercises",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Partners of Sweden (SWE) on 2024-01-01: 2"


def test_events_and_diff(world_file: Path) -> None:
    result = run("events", "--file", str(world_file), "--since", "2023-01-01")
    assert result.stdout.splitlines() == [
        "2023-04-04  FIN joined NATO",
        "2024-03-07  SWE joined NATO",
    ]
    result = run("diff", "2020-01-01", "2024-12-31", "--file", str(world_file), "--json")
    data = json.loads(result.stdout)
    assert [(e["state"], e["subject"]) for e in data["joined"]] == [
        ("AZE", "SHUSHA"),
        ("TUR", "SHUSHA"),
        ("FIN", "NATO"),
        ("SWE", "NATO"),
    ]
    assert run("diff", "2024-12-31", "2020-01-01", "--file", str(world_file)).returncode == 2


def test_summary(world_file: Path) -> None:
    result = run("summary", "--file", str(world_file), "--at", "2024-06-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Landscape on 2024-06-01")
    assert "NATO" in result.stdout
    assert "NORDEFCO" in result.stdout
    data = json.loads(
        run("summary", "--file", str(world_file), "--at", "2024-06-01", "--json").stdout
    )
    assert data["counts"]["alliances"] == 1
    assert data["most_connected"][0]["state"] in {"NOR", "FIN", "SWE", "TUR"}


def test_export_round_trips(world_file: Path, tmp_path: Path) -> None:
    result = run("export", "--file", str(world_file))
    assert coalitions.loads(result.stdout) == small_world()
    target = tmp_path / "out.json"
    assert run("export", "--file", str(world_file), "--output", str(target)).returncode == 0
    assert coalitions.load(target) == small_world()


def test_validate_good_and_bad(world_file: Path, tmp_path: Path) -> None:
    good = run("validate", str(world_file))
    assert good.returncode == 0
    assert "valid" in good.stdout
    bad = tmp_path / "bad.json"
    bad.write_text('{"states": [{"code": "usa", "name": ""}], "colour": 1}')
    result = run("validate", str(bad))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "$.states[0].code" in result.stderr
    assert "$.states[0].name" in result.stderr
    assert "$.colour: unknown key" in result.stderr
    missing = run("validate", str(tmp_path / "absent.json"))
    assert missing.returncode == 1
    assert "cannot read" in missing.stderr


def test_unknown_names_exit_1_with_suggestions(world_file: Path) -> None:
    result = run("members", "NAT0", "--file", str(world_file))
    assert result.returncode == 1
    assert "did you mean 'NATO'" in result.stderr
    result = run("allies", "Swedn", "--file", str(world_file))
    assert result.returncode == 1
    assert "Sweden" in result.stderr


def _documented_commands() -> list[tuple[list[str], str]]:
    page = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    found = []
    for block in page.split("```console\n")[1:]:
        body = block.split("\n```", 1)[0]
        command, _, output = body.partition("\n")
        assert command.startswith("$ coalitions ")
        found.append((command.removeprefix("$ coalitions ").split(" "), output))
    return found


@pytest.mark.parametrize(
    ("args", "shown"),
    _documented_commands(),
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_docs_show_real_output(args: list[str], shown: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "coalitions", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    actual = (result.stdout if result.returncode == 0 else result.stderr).rstrip("\n")
    if shown.endswith("\n..."):  # the page shows only the beginning
        shown = shown.removesuffix("\n...")
        actual = "\n".join(actual.splitlines()[: len(shown.splitlines())])
    assert actual == shown
