"""Issue 12, the command line: dates at the ends of the calendar, output encodings
and write errors, ``--json`` anywhere and for errors, consistent JSON shapes,
``--output -`` and file types, years and months for dates, progress bars only on
a terminal, shell completion, and unwritable targets."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import coalitions
from coalitions._cli_research import _ProgressBar
from coalitions.cli import main
from test_cli import small_world


def run(*args: str, stdout: Any = None) -> tuple[int, str, str]:
    out, err = stdout or io.StringIO(), io.StringIO()
    status = main(list(args), stdout=out, stderr=err)
    return status, out.getvalue() if stdout is None else "", err.getvalue()


def run_process(
    *args: str, encoding: str = "utf-8", buffered: bool | None = None, **options: Any
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    if buffered is not None:  # else as this environment has it
        env.pop("PYTHONUNBUFFERED", None)
        if not buffered:
            env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "coalitions", *args],
        capture_output="stdout" not in options,
        env=env,
        check=False,
        **options,
    )


@pytest.fixture(scope="module")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hardening") / "world.json"
    coalitions.dump(small_world(), path)
    return path


# --- defect 6: the first and last days Python knows


DATED = [
    ["summary"],
    ["members", "NATO"],
    ["groupings", "TUR"],
    ["partners", "TUR"],
    ["allies", "TUR"],
    ["ties", "TUR"],
    ["export"],
    ["similarity", "USA", "NOR", "--system", "landscape"],
]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "0001", "9999"])
@pytest.mark.parametrize("command", DATED, ids=lambda c: c[0])
def test_every_dated_command_answers_at_the_ends_of_the_calendar(
    world_file: Path, command: list[str], day: str
) -> None:
    for as_json in ([], ["--json"]):
        status, out, err = run(*command, "--file", str(world_file), "--at", day, *as_json)
        assert status == 0, (command, day, as_json, err)
        assert err == "" or (command == ["export"] and err.startswith("(--at "))
        assert out


def test_summary_on_the_first_day(world_file: Path) -> None:
    status, out, err = run("summary", "--file", str(world_file), "--at", "0001-01-01")
    assert (status, err) == (0, "")
    assert out.startswith("Landscape on 0001-01-01")


def test_events_and_diff_over_the_whole_calendar(world_file: Path) -> None:
    status, out, _ = run(
        "events", "--file", str(world_file), "--since", "0001-01-01", "--until", "9999-12-31"
    )
    assert status == 0
    assert len(out.splitlines()) == len(small_world().events()) == 15
    status, out, _ = run("diff", "0001-01-01", "9999-12-31", "--file", str(world_file), "--json")
    assert status == 0
    assert len(json.loads(out)["joined"]) == 11
    assert run("diff", "9999", "9999", "--file", str(world_file))[0] == 0


# --- defect 10: output encodings that cannot hold every character; write errors


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_text_degrades_under_a_narrow_encoding(world_file: Path, encoding: str) -> None:
    result = run_process("groupings", "Türkiye", "--file", str(world_file), encoding=encoding)
    assert result.returncode == 0, result.stderr
    first = result.stdout.decode(encoding).splitlines()[0]
    shown = "Türkiye" if encoding == "latin-1" else "T\\xfcrkiye"
    assert first == f"{shown} (TUR) on 2025-01-01: 2 groupings and agreements"
    summary = run_process("summary", encoding=encoding)  # the reference: clipped names, "…"
    assert summary.returncode == 0, summary.stderr
    assert "\\u2026" in summary.stdout.decode(encoding)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_json_stays_valid_under_a_narrow_encoding(world_file: Path, encoding: str) -> None:
    result = run_process("--json", "groupings", "TUR", "--file", str(world_file), encoding=encoding)
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    assert json.loads(result.stdout)["groupings"][0]["id"] == "NATO"
    exported = run_process("export", "--file", str(world_file), encoding=encoding)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.isascii()
    assert coalitions.loads(exported.stdout) == small_world()
    unknown = run_process(
        "--json", "allies", "Türkiy", "--file", str(world_file), encoding=encoding
    )
    assert unknown.returncode == 1
    assert json.loads(unknown.stderr)["error"].startswith("unknown state 'Türkiy'")


def test_a_stream_without_the_characters_in_process(world_file: Path) -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    status, _, err = run("groupings", "TUR", "--file", str(world_file), stdout=stream)
    stream.flush()
    assert (status, err) == (0, "")
    assert raw.getvalue().decode("ascii").startswith("T\\xfcrkiye (TUR)")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "args", [["events"], ["--json", "events"], ["export"], ["summary"]], ids=" ".join
)
def test_a_full_disk_is_one_line_and_exit_1(args: list[str], buffered: bool) -> None:
    with open("/dev/full", "wb") as full:
        result = run_process(*args, buffered=buffered, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "Exception ignored" not in stderr
    assert "Traceback" not in stderr
    if args[0] == "--json":
        assert json.loads(stderr) == {
            "error": "cannot write to standard output: No space left on device",
            "problems": [],
        }
    else:
        assert stderr == "error: cannot write to standard output: No space left on device\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_help_to_a_full_disk() -> None:
    # Buffered: argparse's write succeeds into the buffer, and the flush fails.
    with open("/dev/full", "wb") as full:
        result = run_process("--help", buffered=True, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr == b"error: cannot write to standard output: No space left on device\n"


def test_a_closed_pipe_ends_quietly() -> None:
    # Two megabytes of CSV: far more than a pipe holds, so the write meets the closed end.
    process = subprocess.Popen(
        [sys.executable, "-m", "coalitions", "tables", "dyad-years", "--output", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.read(10) == b"state_a,st"
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait() == 0
    assert stderr == ""


def test_a_broken_pipe_in_process() -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    status, _, err = run("events", stdout=Closed())
    assert (status, err) == (0, "")


# --- --json before or after the command, errors as JSON


COMMANDS = [
    ["summary"],
    ["validate", "WORLD"],
    ["members", "NATO"],
    ["groupings", "SWE"],
    ["partners", "SWE"],
    ["allies", "SWE"],
    ["ties", "SWE"],
    ["events"],
    ["diff", "2020-01-01", "2024-12-31"],
    ["similarity", "USA", "NOR", "--system", "landscape"],
]


def _args(command: list[str], world_file: Path) -> list[str]:
    args = [str(world_file) if a == "WORLD" else a for a in command]
    return args if command[0] == "validate" else [*args, "--file", str(world_file)]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_json_before_or_after_the_command(world_file: Path, command: list[str]) -> None:
    args = _args(command, world_file)
    status, before, _ = run("--json", *args)
    assert status == 0
    status, after, _ = run(*args, "--json")
    assert status == 0
    assert json.loads(before) == json.loads(after)


def _lists(data: Any, key: str = "") -> Iterator[tuple[str, list[Any]]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _lists(v, k)
    elif isinstance(data, list):
        yield key, data
        for item in data:
            yield from _lists(item, key)


# Lists of plain values: enumerations and domain keys, never states, groupings or agreements.
VALUE_LISTS = {"domains", "owes", "owed"}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_json_shapes_are_objects_and_lists_of_objects(world_file: Path, command: list[str]) -> None:
    status, out, _ = run("--json", *_args(command, world_file), "--at", "2024-06-01")
    if status == 2:  # validate, events and diff take no --at
        status, out, _ = run("--json", *_args(command, world_file))
    assert status == 0
    data = json.loads(out)
    assert isinstance(data, dict)
    for key, items in _lists(data):
        if key not in VALUE_LISTS:
            assert all(isinstance(item, dict) for item in items), (key, items)
        else:
            assert all(isinstance(item, str) for item in items), (key, items)


def test_summary_json_says_which_agreements_are_in_force(world_file: Path) -> None:
    status, out, _ = run("summary", "--file", str(world_file), "--json", "--at", "2024-06-01")
    assert status == 0
    data = json.loads(out)
    assert "agreements_in_force" not in data
    assert data["agreements"] == [
        {
            "id": "SHUSHA",
            "name": "Shusha Declaration",
            "kind": "treaty",
            "status": "in force",
            "in_force": True,
        }
    ]
    assert data["most_connected"][0]["name"]


@pytest.mark.parametrize("where", ["before", "after"])
def test_errors_under_json_are_json_with_the_same_status(world_file: Path, where: str) -> None:
    def failing(*args: str) -> tuple[int, dict[str, Any]]:
        full = ["--json", *args] if where == "before" else [*args, "--json"]
        status, out, err = run(*full)
        assert out == ""
        return status, json.loads(err)

    status, data = failing("members", "NAT0", "--file", str(world_file))
    assert status == 1
    assert data == {
        "error": "unknown grouping or agreement 'NAT0'; did you mean 'NATO'?",
        "problems": [],
    }
    status, data = failing("members", "NATO", "--at", "yesterday")
    assert status == 2
    assert data["error"] == (
        "coalitions members: argument --at: 'yesterday' is not a date (YYYY-MM-DD, or YYYY-MM or YYYY)"
    )
    assert data["problems"] == []
    status, data = failing("frobnicate")
    assert status == 2
    assert "invalid choice: 'frobnicate'" in data["error"]
    broken = Path(__file__).resolve().parents[1] / "docs" / "examples" / "broken.json"
    status, data = failing("validate", str(broken))
    assert status == 1
    assert data["error"] == "the data is invalid"
    assert len(data["problems"]) == 5
    assert data["problems"][0] == {"path": f"{broken}: $.colour", "message": "unknown key"}


def test_errors_without_json_stay_text(world_file: Path) -> None:
    status, _, err = run("members", "NAT0", "--file", str(world_file))
    assert status == 1
    assert err == "error: unknown grouping or agreement 'NAT0'; did you mean 'NATO'?\n"


# --- --output -, file types


def test_export_to_standard_output_with_a_dash(world_file: Path) -> None:
    status, out, _ = run("export", "--file", str(world_file), "--output", "-")
    assert status == 0
    assert coalitions.loads(out) == small_world()


def test_tables_to_standard_output_with_a_dash(world_file: Path, tmp_path: Path) -> None:
    status, out, err = run(
        "tables", "state-years", "--file", str(world_file), "--output", "-", "--start", "2024"
    )
    assert (status, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["state"] for r in rows} == {"USA", "NOR", "FIN", "SWE", "TUR"}
    target = tmp_path / "sy.csv"
    assert run("tables", "state-years", "--file", str(world_file), "--output", str(target),
               "--start", "2024")[0] == 0  # fmt: skip
    assert target.read_text(encoding="utf-8") == out
    status, out, err = run("tables", "state-years", "--output", "-", "--format", "parquet")
    assert status == 2
    assert "cannot go to standard output" in err


def test_atop_import_to_standard_output(tmp_path: Path) -> None:
    from test_cli_research import SMALL

    members = tmp_path / "m.csv"
    members.write_text(SMALL)
    status, out, err = run("atop", "import", str(members), "--output", "-")
    assert status == 0
    assert coalitions.loads(out) == coalitions.atop.read(members)
    assert "Cite ATOP" in err  # the summary, out of the landscape's way


@pytest.mark.parametrize(
    ("args", "accepted"),
    [
        (["export", "--output", "out.txt"], "must end in .json"),
        (["export", "--output", "out"], "must end in .json"),
        (["tables", "state-years", "--output", "sy.xlsx"], "must end in .csv or .parquet"),
        (["atop", "import", "m.csv", "--output", "out.yaml"], "must end in .json"),
    ],
)
def test_unknown_output_extensions_are_refused(
    args: list[str], accepted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run(*args)
    assert (status, out) == (2, "")
    assert accepted in err
    assert "- for standard output" in err
    assert list(tmp_path.iterdir()) == []


def test_known_extensions_in_any_case(world_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "OUT.JSON"
    assert run("export", "--file", str(world_file), "--output", str(target))[0] == 0
    assert coalitions.load(target) == small_world()


# --- years and months for dates


def test_at_takes_a_year_or_a_month_as_its_last_day(world_file: Path) -> None:
    status, out, _ = run("members", "NATO", "--file", str(world_file), "--at", "2023")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "(--at 2023 taken as 2023-12-31, the last day of the year)"
    assert lines[1] == "North Atlantic Treaty Organization (NATO) on 2023-12-31: 5 states"
    status, out, _ = run("members", "NATO", "--file", str(world_file), "--at", "2024-02", "--json")
    data = json.loads(out)
    assert data["at"] == "2024-02-29"
    assert "SWE" not in [m["state"] for m in data["members"]]  # joined on 7 March
    status, out, _ = run("members", "NATO", "--file", str(world_file), "--at", "2024-03", "--json")
    assert "SWE" in [m["state"] for m in json.loads(out)["members"]]
    status, out, _ = run("members", "NATO", "--file", str(world_file), "--at", "2024-03-01")
    assert out.splitlines()[0].startswith("North Atlantic")  # a full date needs no note


def test_since_takes_the_first_day_and_diff_the_last(world_file: Path) -> None:
    status, out, _ = run(
        "events", "--file", str(world_file), "--since", "2024", "--until", "2024-03"
    )
    assert status == 0
    assert out.splitlines() == [
        "(--since 2024 taken as 2024-01-01, the first day of the year)",
        "(--until 2024-03 taken as 2024-03-31, the last day of the month)",
        "2024-03-07  SWE joined NATO",
    ]
    status, out, _ = run("diff", "2022", "2023", "--file", str(world_file))
    assert out.splitlines()[0] == "Changes after 2022-12-31 up to 2023-12-31"


def test_export_notes_the_day_on_standard_error(world_file: Path) -> None:
    status, out, err = run("export", "--file", str(world_file), "--at", "2009")
    assert status == 0
    assert err == "(--at 2009 taken as 2009-12-31, the last day of the year)\n"
    assert [m.id for m in coalitions.loads(out).minilaterals] == ["NORDEFCO"]  # since 4 Nov
    status, out, _ = run("export", "--file", str(world_file), "--at", "2008")
    assert coalitions.loads(out).minilaterals == ()


@pytest.mark.parametrize("bad", ["2024-13", "2024-02-30", "24", "0000", "2024-1"])
def test_bad_dates_are_usage_errors(bad: str) -> None:
    status, _, err = run("summary", "--at", bad)
    assert status == 2
    assert f"{bad!r} is not a date (YYYY-MM-DD, or YYYY-MM or YYYY)" in err


def test_help_says_what_a_year_means() -> None:
    result = run_process("members", "--help")
    assert result.returncode == 0
    assert "a year or month means its last day" in " ".join(result.stdout.decode().split())


# --- progress bars only on a terminal


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_only_on_a_terminal() -> None:
    now = [0.0]
    piped = io.StringIO()
    bar = _ProgressBar("dyad-years", piped, clock=lambda: now[0], width=10)
    now[0] = 5.0
    bar(2, 4)
    bar.close()
    assert piped.getvalue() == ""
    terminal = _Terminal()
    bar = _ProgressBar("dyad-years", terminal, clock=lambda: now[0], width=10)
    now[0] = 10.0
    bar(2, 4)
    bar.close()
    assert terminal.getvalue() == "\rdyad-years [#####-----]  50% (2/4)\n"


# --- shell completion


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str) -> None:
    pytest.importorskip("shtab", reason="shell completion needs the completion extra")
    status, out, err = run("completion", shell)
    assert (status, err) == (0, "")
    assert "coalitions" in out
    for command in ("members", "similarity", "dyad-years"):
        assert command in out, (shell, command)


def test_completion_completes_files() -> None:
    pytest.importorskip("shtab", reason="shell completion needs the completion extra")
    _, out, _ = run("completion", "zsh")
    assert "_files" in out


def test_completion_without_shtab(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "shtab", None)  # import shtab raises ImportError
    status, out, err = run("completion", "bash")
    assert (status, out) == (1, "")
    assert err == (
        "error: shell completion needs shtab, which is not installed:"
        " pip install 'coalitions[completion]'\n"
    )


def test_completion_of_an_unknown_shell() -> None:
    assert run("completion", "tcsh")[0] == 2


def test_importing_coalitions_does_not_import_shtab() -> None:
    code = "import sys, coalitions, coalitions.cli; print('shtab' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "False\n"


# --- defect 8: unwritable targets


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--output", "/nonexistent/x.json"],
        ["tables", "state-years", "--output", "/nonexistent/x.csv"],
    ],
    ids=lambda a: a[0],
)
def test_an_unwritable_target_is_one_line_and_exit_1(args: list[str]) -> None:
    result = run_process(*args)
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert stderr.count("\n") == 1
    assert stderr.startswith(
        ("error: cannot write /nonexistent/x.", "error: cannot write '/nonexistent/x.")
    )
    assert "No such file or directory" in stderr
    assert result.stdout == b""


def test_an_unwritable_atop_target(tmp_path: Path) -> None:
    from test_cli_research import SMALL

    members = tmp_path / "m.csv"
    members.write_text(SMALL)
    status, out, err = run("atop", "import", str(members), "--output", "/nonexistent/x.json")
    assert (status, out) == (1, "")
    assert err.startswith(
        ("error: cannot write /nonexistent/x.json", "error: cannot write '/nonexistent/x.json'")
    )
    assert err.count("\n") == 1
