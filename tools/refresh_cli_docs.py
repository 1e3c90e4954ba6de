"""Re-run every command shown in ``docs/cli.md`` and write its real output back.

Each ```console block on the page starts with ``$ coalitions ...``; the output
below it is replaced with what the command prints now (its standard error if it
fails). A block ending in ``...`` keeps only as many lines as it showed; a new
block may show just ``<full>`` to be filled with the whole output.
``tests/test_cli.py`` checks the page against the same runs.

    python tools/refresh_cli_docs.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "cli.md"


def run(args: list[str]) -> str:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "coalitions", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=ROOT,
    )
    return (result.stdout if result.returncode == 0 else result.stderr).rstrip("\n")


def main() -> int:
    text = PAGE.read_text(encoding="utf-8")
    head, *blocks = text.split("```console\n")
    out = [head]
    for block in blocks:
        body, sep, rest = block.partition("\n```")
        command, _, shown = body.partition("\n")
        actual = run(command.removeprefix("$ coalitions ").split(" "))
        if shown != "<full>" and (shown.endswith("\n...") or shown == "..."):
            keep = len(shown.removesuffix("...").splitlines())
            actual = "\n".join(actual.splitlines()[:keep]) + "\n..."
        out.append(f"{command}\n{actual}{sep}{rest}")
    PAGE.write_text("```console\n".join(out), encoding="utf-8")
    print(f"refreshed {len(blocks)} commands in {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
