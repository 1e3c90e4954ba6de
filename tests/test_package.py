"""The package's public face: exports, typing marker, optional imports, the demo."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import coalitions


def test_all_names_exist_and_are_documented() -> None:
    for name in coalitions.__all__:
        obj = getattr(coalitions, name)
        assert obj.__doc__, f"{name} has no docstring"


def test_all_is_sorted_and_complete() -> None:
    assert coalitions.__all__ == sorted(coalitions.__all__, key=lambda n: (n[0].islower(), n))
    # Submodules show up as attributes once imported; they are not exports (except the two listed).
    public = {
        n
        for n, v in vars(coalitions).items()
        if not n.startswith("_") and not isinstance(v, types.ModuleType)
    }
    assert public <= set(coalitions.__all__)
    assert {"registry", "domains"} <= set(coalitions.__all__)


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


def test_main_job_runs_on_the_reference_landscape() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coalitions", "summary"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Landscape on ")
    assert "NATO" in result.stdout
