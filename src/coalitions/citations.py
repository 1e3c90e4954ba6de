"""Citations for the library and every data set it reads or ships, so that a paper can
cite everything it used: :func:`cite` (also ``coalitions.cite``).

>>> from coalitions import cite
>>> print(cite("gw"))
Gleditsch, Kristian S. and Michael D. Ward. 1999. "Interstate System Membership: A Revised List of the Independent States since 1816." International Interactions 25: 393-413.
>>> print(cite("majors", bibtex=True).splitlines()[0])
@misc{cow_majors_2016,
"""

from __future__ import annotations

from typing import NamedTuple

from coalitions.errors import UnknownEntityError

__all__ = ["CITATIONS", "Citation", "cite"]


class Citation(NamedTuple):
    """One work to cite: its text in author-date style and as a BibTeX entry."""

    text: str
    bibtex: str


def _version() -> str:
    from coalitions import __version__

    return __version__


CITATIONS: dict[str, Citation] = {
    "atop": Citation(
        "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long."
        ' 2002. "Alliance Treaty Obligations and Provisions, 1815-1944." International'
        " Interactions 28: 237-60.",
        "@article{leeds_atop_2002,\n"
        "  author = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin"
        " and Long, Andrew G.},\n"
        "  title = {Alliance Treaty Obligations and Provisions, 1815-1944},\n"
        "  journal = {International Interactions},\n"
        "  volume = {28},\n"
        "  pages = {237--260},\n"
        "  year = {2002}\n"
        "}",
    ),
    "cow": Citation(
        'Correlates of War Project. 2025. "State System Membership, v2024." Online,'
        " https://correlatesofwar.org",
        "@misc{cow_states_2024,\n"
        "  author = {{Correlates of War Project}},\n"
        "  title = {State System Membership, v2024},\n"
        "  year = {2025},\n"
        "  howpublished = {\\url{https://correlatesofwar.org}}\n"
        "}",
    ),
    "gw": Citation(
        'Gleditsch, Kristian S. and Michael D. Ward. 1999. "Interstate System Membership: A'
        ' Revised List of the Independent States since 1816." International Interactions 25:'
        " 393-413.",
        "@article{gleditsch_ward_1999,\n"
        "  author = {Gleditsch, Kristian S. and Ward, Michael D.},\n"
        "  title = {Interstate System Membership: A Revised List of the Independent States"
        " since 1816},\n"
        "  journal = {International Interactions},\n"
        "  volume = {25},\n"
        "  number = {4},\n"
        "  pages = {393--413},\n"
        "  year = {1999}\n"
        "}",
    ),
    "contiguity": Citation(
        "Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl, and Charles"
        ' Gochman. 2002. "The Correlates of War Project Direct Contiguity Data, Version 3."'
        " Conflict Management and Peace Science 19(2): 58-66.",
        "@article{stinnett_contiguity_2002,\n"
        "  author = {Stinnett, Douglas M. and Tir, Jaroslav and Schafer, Philip and Diehl,"
        " Paul F. and Gochman, Charles},\n"
        "  title = {The Correlates of War Project Direct Contiguity Data, Version 3},\n"
        "  journal = {Conflict Management and Peace Science},\n"
        "  volume = {19},\n"
        "  number = {2},\n"
        "  pages = {58--66},\n"
        "  year = {2002}\n"
        "}",
    ),
    "majors": Citation(
        'Correlates of War Project. 2017. "State System Membership List, v2016." Online,'
        " http://correlatesofwar.org",
        "@misc{cow_majors_2016,\n"
        "  author = {{Correlates of War Project}},\n"
        "  title = {State System Membership List, v2016 (major powers)},\n"
        "  year = {2017},\n"
        "  howpublished = {\\url{http://correlatesofwar.org}}\n"
        "}",
    ),
}
"""The data sets :func:`cite` knows, by key."""


def _library() -> Citation:
    version = _version()
    return Citation(
        f"The coalitions developers. coalitions: typed, immutable models of the world's"
        f" defence cooperation. Python package, version {version}.",
        "@software{coalitions,\n"
        "  author = {{The coalitions developers}},\n"
        "  title = {coalitions: typed, immutable models of the world's defence cooperation},\n"
        f"  version = {{{version}}}\n"
        "}",
    )


def cite(what: str | None = None, *, bibtex: bool = False) -> str:
    """The citation for ``what``: the library itself (``None``), ``"atop"``,
    ``"cow"`` (the state system and registry), ``"gw"`` (Gleditsch-Ward),
    ``"contiguity"``, ``"majors"``, or ``"all"`` (every one, a blank line apart).
    ``bibtex=True`` gives BibTeX entries instead of author-date text.

    >>> cite().startswith("The coalitions developers. coalitions:")
    True
    >>> print(cite("atop"))
    Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. "Alliance Treaty Obligations and Provisions, 1815-1944." International Interactions 28: 237-60.
    >>> cite("all", bibtex=True).count("@")
    6
    >>> cite("atp")
    Traceback (most recent call last):
    ...
    coalitions.errors.UnknownEntityError: unknown citation 'atp'; did you mean 'atop'?
    """
    if what == "all":
        every = [_library(), *CITATIONS.values()]
        return "\n\n".join(c.bibtex if bibtex else c.text for c in every)
    if what is None:
        found = _library()
    else:
        known = CITATIONS.get(what)
        if known is None:
            raise UnknownEntityError("citation", what, [*CITATIONS, "all"])
        found = known
    return found.bibtex if bibtex else found.text
