"""The embedded reference landscape: today's alliances, groupings and agreements.

It ships with the package as JSON, is read on first use, and is validated like
any other landscape. What it holds, what it leaves out and how each record
cites its sources are described in ``docs/reference-data.md``.
"""

from __future__ import annotations

import functools
from importlib import resources

from coalitions.landscape import Landscape
from coalitions.serialization import loads

__all__ = ["reference_landscape"]

_RESOURCE = "reference.json"


@functools.cache
def reference_landscape() -> Landscape:
    """The reference landscape, loaded and validated on the first call.

    The same (immutable) object is returned on every later call. Its ``as_of``
    says the date up to which it is current.

    >>> import datetime as dt
    >>> world = reference_landscape()
    >>> world.as_of is not None
    True
    >>> len(world.members("NATO", at=dt.date(2024, 3, 7)))
    32
    """
    text = (resources.files("coalitions") / "data" / _RESOURCE).read_bytes()
    return loads(text, cls=Landscape)
