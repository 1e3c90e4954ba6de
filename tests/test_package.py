"""The package's public face: exports, typing marker, optional imports, the demo."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import coalitions
from coalitions.__main__ import demo_landscape, main


def test_all_names_exist_and_are_documented() -> None:
    for name in coalitions.__all__:
        obj = getattr(coalitions, name)
        assert obj.__doc__, f"{name} has no docstring"


def test_all_is_sorted_and_complete() -> None:
    assert coalitions.__all__ == sorted(coalitions.__all__)
    public = {n for n in vars(coalitions) if not n.startswith("_")}
    modules = {"errors", "model", "landscape", "serialization", "schema", "history"}
    assert public - modules - {"annotations"} <= set(coalitions.__all__)


def test_py_typed_marker_ships() -> None:
    assert (Path(coalitions.__file__).parent / "py.typed").exists()


def test_import_pulls_in_no_optional_dependencies() -> None:
    code = (
        "import sys, coalitions; "
        "bad = [m for m in ('hypothesis', 'pandas', 'pyarrow', 'networkx', 'numpy', 'pytest') if m in sys.modules]; "
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coalitions"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "ANZUS (alliance, since 1952-04-29)" in result.stdout
    assert "AUKUS (minilateral, since 2021-09-15)" in result.stdout
    json_part = result.stdout.split("As JSON:\n", 1)[1]
    assert coalitions.loads(json_part) == demo_landscape()


def test_main_returns_zero(capsys: object) -> None:
    assert main([]) == 0
