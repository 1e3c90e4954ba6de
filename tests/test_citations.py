"""coalitions.cite: the library and every data set, as text or BibTeX."""

from __future__ import annotations

import pytest

import coalitions
from coalitions import UnknownEntityError, atop, cite, registry, systems


def test_citations_match_the_modules_constants() -> None:
    assert cite("atop") == atop.ATOP_CITATION
    assert cite("cow") == registry.COW_CITATION
    assert cite("gw") == registry.GW_CITATION
    assert cite("majors") == systems.MAJORS_CITATION
    assert cite("contiguity") == systems.CONTIGUITY_CITATION
    assert coalitions.__version__ in cite()


@pytest.mark.parametrize("what", [None, "atop", "cow", "gw", "contiguity", "majors"])
def test_bibtex_entries_are_balanced(what: str | None) -> None:
    entry = cite(what, bibtex=True)
    assert entry.startswith("@")
    assert entry.count("{") == entry.count("}")
    assert "year" in entry or "version" in entry


def test_all_and_unknown() -> None:
    assert cite("all").count("\n\n") == 5
    with pytest.raises(UnknownEntityError, match="did you mean 'majors'"):
        cite("major")
