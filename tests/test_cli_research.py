"""The research commands: ``coalitions atop import`` and ``coalitions tables``."""

from __future__ import annotations

import csv
import importlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coalitions import Landscape, atop, load, tables
from coalitions._cli_research import _ProgressBar
from coalitions.cli import main

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
MEMBERS = SHARED / "atop5_1m.csv"
ALLIANCES = SHARED / "atop5_1a.csv"

HEADER = ",".join(c for c in atop.MEMBER_COLUMNS if c != "ineffect")
SMALL = (
    f"{HEADER}\n"
    "3180,2,1949,4,4,1951,6,19,1,2,1,0,0,1,1\n"
    "3180,200,1949,4,4,1951,6,19,1,2,1,0,0,1,1\n"
    "3180,2,1951,6,19,0,0,0,2,2,1,0,0,1,1\n"
    "3180,200,1951,6,19,0,0,0,2,2,1,0,0,1,1\n"
    "3180,640,1952,2,18,0,0,0,2,2,1,0,0,1,1\n"
    "1165,200,1839,4,19,1914,8,4,0,0,1,0,0,0,0\n"
    "1165,211,1839,4,19,1914,8,4,0,0,0,0,0,0,0\n"
)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def small_csv(tmp_path: Path) -> Path:
    path = tmp_path / "members.csv"
    path.write_text(SMALL)
    return path


@pytest.fixture
def small_json(tmp_path: Path, small_csv: Path) -> Path:
    target = tmp_path / "atop.json"
    status, _, err = run("atop", "import", str(small_csv), "--output", str(target))
    assert status == 0, err
    return target


def test_atop_import_writes_the_landscape(tmp_path: Path, small_csv: Path) -> None:
    target = tmp_path / "atop.json"
    status, out, err = run("atop", "import", str(small_csv), "--output", str(target))
    assert (status, err) == (0, "")
    assert "2 ATOP alliances (2 phase agreements), 7 member rows, 4 states" in out
    assert "Cite ATOP: Leeds" in out
    assert load(target, Landscape) == atop.read(small_csv)


def test_atop_import_lists_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{HEADER}\n3180,2,1949,4,31,0,0,0,0,0,1,0,0,1,1\n3180,999,1949,4,4,0,0,0,0,0,1,0,0,1,x\n"
    )
    target = tmp_path / "atop.json"
    status, out, err = run("atop", "import", str(bad), "--output", str(target))
    assert status == 1
    assert out == ""
    assert "bad.csv:2:dayent: 1949-04-31 is not a date" in err
    assert "bad.csv:3:member" in err
    assert "bad.csv:3:consul" in err
    assert not target.exists()


def test_atop_import_of_a_missing_file(tmp_path: Path) -> None:
    status, _, err = run("atop", "import", str(tmp_path / "nope.csv"), "--output", "x.json")
    assert status == 1
    assert "nope.csv" in err
    assert "No such file" in err


def test_atop_import_needs_an_output(small_csv: Path) -> None:
    status, _, err = run("atop", "import", str(small_csv))
    assert status == 2
    assert "--output" in err
    status, _, err = run("atop")
    assert status == 2


def test_state_years_as_csv(tmp_path: Path, small_json: Path) -> None:
    target = tmp_path / "sy.csv"
    status, out, err = run(
        "tables", "state-years", "--file", str(small_json), "--output", str(target)
    )
    assert (status, err) == (0, "")
    assert out == f"{target}: 359 state-years (csv)\n"
    with open(target, newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = tables.state_years(load(small_json, Landscape))
    assert len(rows) == len(expected) == 359
    # by COW number, then year: the United States (2) comes first
    assert (rows[0]["state"], rows[0]["year"]) == ("USA", "1949")
    assert next(r for r in rows if r["state"] == "BEL") == {
        "state": "BEL",
        "cow_code": "211",
        "gw_code": "211",
        "year": "1839",
        "atopally": "1",
        "defense": "0",
        "offense": "0",
        "neutral": "0",
        "nonagg": "0",
        "consul": "0",
        "number": "1",
        "transyr": "1",
        "alliances": "ATOP-1165",
    }


def test_dyad_years_between_years_and_undirected(tmp_path: Path, small_json: Path) -> None:
    target = tmp_path / "dy.csv"
    status, out, _ = run(
        "tables",
        "dyad-years",
        "--file",
        str(small_json),
        "--output",
        str(target),
        "--start",
        "1950",
        "--end",
        "1952",
        "--undirected",
    )
    assert status == 0
    assert out == f"{target}: 5 dyad-years (csv)\n"
    with open(target, newline="") as handle:
        rows = [(r["state_a"], r["state_b"], r["year"]) for r in csv.DictReader(handle)]
    # the lower COW number first, as in ATOP's dyad-year file: USA 2, GBR 200, TUR 640
    assert rows == [
        ("USA", "GBR", "1950"),
        ("USA", "GBR", "1951"),
        ("USA", "GBR", "1952"),
        ("USA", "TUR", "1952"),
        ("GBR", "TUR", "1952"),
    ]


def test_tables_as_parquet(tmp_path: Path, small_json: Path) -> None:
    parquet = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "dy.parquet"
    status, out, _ = run("tables", "dyad-years", "--file", str(small_json), "--output", str(target))
    assert status == 0
    assert out.endswith("dyad-years (parquet)\n")
    table = parquet.read_table(target)
    assert table.num_rows == len(tables.dyad_years(load(small_json, Landscape)))
    forced = tmp_path / "sy.data"
    status, _, _ = run(
        "tables", "state-years", "--file", str(small_json), "--output", str(forced),
        "--format", "parquet",
    )  # fmt: skip
    assert status == 0
    assert parquet.read_table(forced).num_rows == 359


def test_tables_of_the_reference_landscape(tmp_path: Path) -> None:
    target = tmp_path / "sy.csv"
    status, _, _ = run("tables", "state-years", "--output", str(target))
    assert status == 0
    with open(target, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert any(r["state"] == "USA" and "NATO" in r["alliances"].split(";") for r in rows)


def test_tables_usage_errors(tmp_path: Path) -> None:
    status, _, err = run("tables", "state-years", "--output", str(tmp_path / "x.csv"),
                         "--start", "2000", "--end", "1990")  # fmt: skip
    assert status == 2
    assert "before --start" in err
    status, _, _ = run("tables", "region-years", "--output", "x.csv")
    assert status == 2
    status, _, _ = run("tables", "state-years", "--output", "x.csv", "--format", "xlsx")
    assert status == 2


def test_parquet_without_pyarrow_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, small_json: Path
) -> None:
    real = importlib.import_module

    def refuse(name: str, package: str | None = None) -> Any:
        if name.startswith("pyarrow"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", refuse)
    target = tmp_path / "sy.parquet"
    status, _, err = run(
        "tables", "state-years", "--file", str(small_json), "--output", str(target)
    )
    assert status == 1
    assert "pip install 'coalitions[arrow]'" in err


def test_the_progress_bar_waits_a_second_then_draws_on_stderr() -> None:
    now = [0.0]
    stream = io.StringIO()
    bar = _ProgressBar("dyad-years", stream, tty=True, clock=lambda: now[0], width=10)
    bar(1, 4)
    assert stream.getvalue() == ""  # quick work shows nothing
    now[0] = 1.5
    bar(2, 4)
    bar(2, 4)  # no change, no redraw
    bar(4, 4)
    bar.close()
    assert stream.getvalue() == (
        "\rdyad-years [#####-----]  50% (2/4)\rdyad-years [##########] 100% (4/4)\n"
    )
    quiet = io.StringIO()
    silent = _ProgressBar("x", quiet, tty=True, clock=lambda: 0.0)
    silent(1, 1)
    silent.close()
    assert quiet.getvalue() == ""


@pytest.mark.skipif(not MEMBERS.exists(), reason="the ATOP 5.1 files are not here")
def test_atop_import_of_the_real_files_as_a_user_runs_it(tmp_path: Path) -> None:
    target = tmp_path / "atop.json"
    done = subprocess.run(
        [sys.executable, "-m", "coalitions", "atop", "import", str(MEMBERS),
         "--alliances", str(ALLIANCES), "--output", str(target)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "789 ATOP alliances (107 phase agreements), 2510 member rows, 208 states" in done.stdout
    sy = tmp_path / "sy.csv"
    assert run("tables", "state-years", "--file", str(target), "--output", str(sy))[0] == 0
    with open(sy, newline="") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == 11933


# --- issue 10: similarity, complete panels, the dyad file


def test_similarity_command(small_json: Path) -> None:
    status, out, err = run(
        "similarity", "USA", "GBR", "--file", str(small_json), "--at", "1960-01-01"
    )
    assert (status, err) == (0, "")
    assert out.startswith("United States and United Kingdom on 1960-01-01: atop scale over the")
    assert "s        1.0000" in out
    status, out, _ = run(
        "similarity",
        "USA",
        "Canada",
        "--file",
        str(small_json),
        "--at",
        "1960-01-01",
        "--measure",
        "kappa",
        "--json",
    )
    assert status == 0
    data = json.loads(out)
    assert (data["a"], data["b"], set(data) - {"a", "b", "at", "system", "scale", "states"}) == (
        "USA",
        "CAN",
        {"kappa"},
    )
    status, _, err = run("similarity", "USA", "Atlantis", "--file", str(small_json))
    assert status == 1
    assert "unknown state 'Atlantis'" in err


def test_complete_tables(tmp_path: Path, small_json: Path) -> None:
    target = tmp_path / "panel.csv"
    status, _, err = run(
        "tables",
        "dyad-years",
        "--file",
        str(small_json),
        "--output",
        str(target),
        "--undirected",
        "--complete",
        "--start",
        "2018",
        "--end",
        "2019",
    )
    assert (status, err) == (0, "")
    with open(target, newline="") as handle:
        rows = {(r["state_a"], r["state_b"], r["year"]): r for r in csv.DictReader(handle)}
    assert rows["USA", "GBR", "2018"]["defense"] == "1"
    assert rows["USA", "GBR", "2019"]["defense"] == ""  # after ATOP's coverage: missing
    assert rows["USA", "CAN", "2018"]["defense"] == "0"
    status, _, err = run(
        "tables",
        "state-years",
        "--file",
        str(small_json),
        "--output",
        str(target),
        "--complete",
        "--system",
        "gw",
        "--end",
        "2024",
    )
    assert status == 1
    assert "end: 2024 is outside the years of the gw system (1816-2020)" in err


def test_atop_import_with_dyads(tmp_path: Path, small_csv: Path) -> None:
    dyads = tmp_path / "dyads.csv"
    lines = ["stateA,stateB,year,defense,offense,neutral,nonagg,consul"]
    for year in range(1949, 2019):
        pairs = [(2, 200)] + ([(2, 640), (200, 640)] if year >= 1952 else [])
        for a, b in pairs:
            lines += [f"{a},{b},{year},1,0,0,1,1", f"{b},{a},{year},1,0,0,1,1"]
    for year in range(1839, 1915):
        lines += [f"200,211,{year},1,0,0,0,0", f"211,200,{year},0,0,0,0,0"]
    dyads.write_text("\n".join(lines) + "\n")
    target = tmp_path / "atop.json"
    status, out, err = run(
        "atop", "import", str(small_csv), "--dyads", str(dyads), "--output", str(target)
    )
    assert (status, err) == (0, "")
    assert "0 member spells with pairwise commitments" in out
    dyads.write_text("\n".join(lines[:-1]) + "\n")
    status, _, err = run(
        "atop", "import", str(small_csv), "--dyads", str(dyads), "--output", str(target)
    )
    assert status == 1
    assert "dyads.csv: has no row for 211-200 in 1914" in err
