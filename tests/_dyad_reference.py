"""The per-year way of working out dyad-years (the tables before issue 14 grouped years
into runs), kept as a reference for tests: slow, plain, one cell per pair and year."""

from __future__ import annotations

import datetime as dt

from coalitions.landscape import Landscape
from coalitions.model import Alliance, Membership, Obligation, Role
from coalitions.tables import (
    Progress,
    _alliances,
    _asymmetric,
    _changes,
    _last_year,
    _mask,
)
from coalitions.ties import obligations_toward, tie

# What A shares with B in one alliance: (first year, last year, alliance id, since
# of A's spell, what A owes B as a mask, or -1 when statuses make it vary by day,
# then the alliance and the two spells).
_Shared = tuple[int, int, str, dt.date, int, Alliance, Membership, Membership]
# (directed) dyad-year -> (A's mask toward B, number, ids, transyr, bilatno, asymm)
_Cell = tuple[int, int, tuple[str, ...], bool, int, bool]


def _owed_on(entry: _Shared, year: int) -> int:
    """What A owes B through one alliance in ``year``, on the last day they share in it."""
    _, _, _, _, mask, alliance, mine, theirs = entry
    if mask >= 0:
        return mask
    day = dt.date(year, 12, 31)
    for until in (mine.until, theirs.until):
        if until is not None and until <= day:
            day = until - dt.timedelta(days=1)
    return _mask(tie(alliance, mine, theirs, day).owes)


def reference_cells(
    landscape: Landscape, low: int, high: int, nna: bool, progress: Progress | None
) -> dict[tuple[str, str, int], _Cell]:
    open_end = _last_year(landscape)
    alliances = _alliances(landscape, nna)
    changes = _changes(landscape, alliances)
    bilateral: set[str] = set()
    asymmetric: set[str] = set()
    # state a -> state b -> what they share, alliance by alliance
    shared: dict[str, dict[str, list[_Shared]]] = {}
    masks: dict[frozenset[Obligation], int] = {}
    for done, alliance in enumerate(alliances, 1):
        aid = alliance.id
        spells = [s for s in alliance.members if s.role is Role.MEMBER]
        if len({s.state for s in spells}) == 2:
            bilateral.add(aid)
        if _asymmetric(alliance):
            asymmetric.add(aid)
        for mine in spells:
            a = mine.state
            first_a = mine.since.year
            last_a = open_end if mine.until is None else mine.until.year
            by_b = shared.get(a)
            if by_b is None:
                by_b = shared[a] = {}
            for theirs in spells:
                b = theirs.state
                if a == b:
                    continue
                # Overlapping by at least one day: [max since, min until) is not empty.
                if mine.until is not None and theirs.since >= mine.until:
                    continue
                if theirs.until is not None and mine.since >= theirs.until:
                    continue
                last_b = open_end if theirs.until is None else theirs.until.year
                first = max(first_a, theirs.since.year, low)
                last = min(last_a, last_b, high)
                if first > last:
                    continue
                if mine.statuses or theirs.statuses:
                    mask = -1
                else:
                    owes = obligations_toward(alliance, mine, theirs)
                    found_mask = masks.get(owes)
                    if found_mask is None:
                        found_mask = masks[owes] = _mask(owes)
                    mask = found_mask
                entry = (first, last, aid, mine.since, mask, alliance, mine, theirs)
                held = by_b.get(b)
                if held is None:
                    by_b[b] = [entry]
                else:
                    held.append(entry)
        if progress is not None:
            progress(done, len(alliances))
    cells: dict[tuple[str, str, int], _Cell] = {}
    for a, by_b in shared.items():
        for b, entries in by_b.items():
            if len(entries) == 1 and entries[0][4] >= 0:
                # The common case: one spell each in one alliance, the same every year.
                first, last, aid, _, mask, *_ = entries[0]
                ids: tuple[str, ...] = (aid,)
                moments = changes.get((a, aid), set()) | changes.get((b, aid), set())
                bilat = 1 if aid in bilateral else 0
                asymm = aid in asymmetric
                for year in range(first, last + 1):
                    cells[a, b, year] = (mask, 1, ids, year in moments, bilat, asymm)
                continue
            years: dict[int, dict[str, tuple[dt.date, _Shared]]] = {}
            for entry in entries:
                since = entry[3]
                for year in range(entry[0], entry[1] + 1):
                    cell = years.get(year)
                    if cell is None:
                        years[year] = {entry[2]: (since, entry)}
                        continue
                    held_entry = cell.get(entry[2])
                    if held_entry is None or since > held_entry[0]:
                        cell[entry[2]] = (since, entry)
            for year, cell in years.items():
                mask = 0
                for _, entry in cell.values():
                    mask |= _owed_on(entry, year)
                ids = tuple(sorted(cell))
                transyr = any(
                    year in changes.get((a, aid), ()) or year in changes.get((b, aid), ())
                    for aid in ids
                )
                cells[a, b, year] = (
                    mask,
                    len(ids),
                    ids,
                    transyr,
                    sum(aid in bilateral for aid in ids),
                    any(aid in asymmetric for aid in ids),
                )
    return cells
