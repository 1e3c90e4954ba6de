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
    Landscape,
    Membership,
    Minilateral,
    Obligation,
    Role,
    State,
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
        assert json.loads(result.stdout)["allies"] == ["AZE", "FIN", "NOR", "USA"]


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
