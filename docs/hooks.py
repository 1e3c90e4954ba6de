"""The documentation site's build hook (``hooks:`` in mkdocs.yml): draw the pictures.

Every picture the pages show is drawn from the reference landscape while the
site builds, into a temporary folder that the build adds to the site's files, so
no image is kept in git and none can go stale. Needs the ``docs`` extra
(``pip install -e '.[docs]'``), which brings matplotlib.

>>> sorted(PICTURES)[:2]
['img/alignment-today.png', 'img/network-1990.png']
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

#: The pictures, by path in the site: (function, arguments) of coalitions.plot.
PICTURES: dict[str, tuple[str, dict[str, Any]]] = {
    "img/network-today.png": ("network", {}),
    "img/network-1990.png": ("network", {"at": dt.date(1990, 12, 31)}),
    "img/timeline-nato.png": ("timeline", {"id_or_code": "NATO"}),
    "img/timeline-armenia.svg": ("timeline", {"id_or_code": "ARM"}),
    "img/alignment-today.png": ("alignment", {}),
    "img/trends.svg": ("trends", {"start": 1945}),
}


def render(folder: Path) -> list[Path]:
    """Draw every picture of :data:`PICTURES` into ``folder``; return their paths."""
    from coalitions import plot, reference_landscape

    world = reference_landscape()
    written = []
    for name, (function, arguments) in PICTURES.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        figure = getattr(plot, function)(world, **arguments)
        figure.savefig(target, dpi=110)
        written.append(target)
    return written


_FOLDERS: list[Path] = []


def on_files(files: Any, config: Any) -> Any:
    """mkdocs: add the freshly drawn pictures to the site's files."""
    from mkdocs.structure.files import File

    folder = Path(tempfile.mkdtemp(prefix="coalitions-site-pictures-"))
    _FOLDERS.append(folder)
    for path in render(folder):
        files.append(
            File(
                path.relative_to(folder).as_posix(),
                src_dir=str(folder),
                dest_dir=config["site_dir"],
                use_directory_urls=config["use_directory_urls"],
            )
        )
    return files


def on_post_build(config: Any) -> None:
    """mkdocs: the pictures are in the site now; remove the temporary folder."""
    while _FOLDERS:
        shutil.rmtree(_FOLDERS.pop(), ignore_errors=True)


def fence_doctests(text: str) -> str:
    """Wrap each doctest in a docstring (``>>>`` lines and their output, up to a
    blank line) in a ``pycon`` fence, so that the API reference shows it as code
    rather than reading its output as Markdown.

    >>> fence_doctests("Add.\\n>>> 1 + 1\\n2\\n\\nDone.").splitlines()
    ['Add.', '```pycon', '>>> 1 + 1', '2', '```', '', 'Done.']
    """
    out: list[str] = []
    indent: str | None = None  # the fence's indentation while inside one
    for line in text.splitlines():
        stripped = line.lstrip()
        if indent is None and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}```pycon")
        elif indent is not None and not stripped:
            out.append(f"{indent}```")
            indent = None
        out.append(line)
    if indent is not None:
        out.append(f"{indent}```")
    return "\n".join(out)


try:  # griffe comes with the docs extra; the test suite imports this file without it
    import griffe
except ImportError:  # pragma: no cover
    griffe = None

if griffe is not None:

    class DoctestFences(griffe.Extension):  # type: ignore[misc]
        """A griffe extension (``extensions:`` in mkdocs.yml): doctests shown as code."""

        def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
            if obj.docstring is not None:
                obj.docstring.value = fence_doctests(obj.docstring.value)
