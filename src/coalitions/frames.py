"""Frames: the library's records as pandas DataFrames, Arrow tables and Parquet files.

:func:`to_pandas`, :func:`to_arrow` and :func:`write_parquet` take one kind of
:data:`Record` to a frame: the research tables' rows
(:class:`~coalitions.tables.StateYear`, :class:`~coalitions.tables.DyadYear`),
events, membership spells, ties, states and registry records. Every field is a
typed column (see :func:`to_pandas` and :func:`to_arrow`). They are also
reachable as ``coalitions.tables.to_pandas`` and so on, where they were first.

A :class:`ColumnStream` (what :func:`coalitions.tables.iter_dyad_years`
returns) is taken as column batches, never as rows: the rows of a table are
then made only if they are iterated.

>>> import datetime as dt
>>> import pytest; _ = pytest.importorskip("pyarrow")
>>> from coalitions import Event, EventKind
>>> to_arrow([Event(date=dt.date(1949, 8, 24), kind=EventKind.FOUNDED, subject="NATO")]).num_rows
1
"""

from __future__ import annotations

import array
import enum
import functools
import importlib
import itertools
import operator
import os
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias, TypeVar

from coalitions._index import gc_paused
from coalitions.errors import Problem, ValidationError
from coalitions.history import Event, EventKind
from coalitions.model import (
    AgreementKind,
    Formality,
    Membership,
    Precision,
    Role,
    State,
    Status,
)
from coalitions.registry import StateRecord
from coalitions.ties import Tie, TieKind

if TYPE_CHECKING:
    import pandas
    import pyarrow

    from coalitions.tables import DyadYear, StateYear

__all__ = [
    "ROW_GROUP",
    "Coded",
    "ColumnStream",
    "Columns",
    "Record",
    "to_arrow",
    "to_pandas",
    "write_parquet",
]

R = TypeVar("R", bound=tuple[Any, ...])

class Coded(NamedTuple):
    """A column stored as codes into its distinct values: row ``i`` holds
    ``values[codes[i]]``. A table whose columns repeat a few combinations (the
    alliance columns of a dyad-year table) is built and converted to Arrow as
    codes, and expanded only where rows are made.

    >>> Coded([0, 1, 1, 0], ["defense", "consultation"]).expand()
    ['defense', 'consultation', 'consultation', 'defense']
    """

    codes: list[int]
    values: list[Any]

    def expand(self) -> list[Any]:
        """The column's values, row by row."""
        return list(map(self.values.__getitem__, self.codes))


Columns = list[list[Any] | Coded]
"""A batch of a table's rows as columns, in the record's field order: plain lists,
or :class:`Coded` columns."""


def _expanded(columns: Columns) -> list[list[Any]]:
    return [column.expand() if isinstance(column, Coded) else column for column in columns]


class ColumnStream(Iterator[R]):
    """Rows of a table (``record``, a NamedTuple) made from its column batches as they
    are taken: the form :func:`coalitions.tables.iter_dyad_years` returns.

    :func:`to_arrow` and :func:`write_parquet` take the batches whole instead
    (what is left of them), so that no row is ever made.

    >>> from typing import NamedTuple
    >>> class Pair(NamedTuple):
    ...     state: str
    ...     year: int
    >>> stream = ColumnStream(Pair, iter([[["USA", "CAN"], [1949, 1949]], [["GBR"], [1950]]]))
    >>> next(stream)
    Pair(state='USA', year=1949)
    >>> list(stream.batches())  # what is left, as columns
    [[['CAN'], [1949]], [['GBR'], [1950]]]
    """

    def __init__(self, record: type[R], batches: Iterator[Columns]) -> None:
        self.record = record
        self._batches = batches
        self._rows: Iterator[R] = iter(())

    def __iter__(self) -> ColumnStream[R]:
        return self

    def __next__(self) -> R:
        while True:
            row = next(self._rows, None)
            if row is not None:
                return row
            batch = next(self._batches)  # StopIteration ends the stream
            self._rows = map(
                functools.partial(tuple.__new__, self.record),
                zip(*_expanded(batch), strict=True),
            )

    def _rest(self) -> list[R]:
        """The rows not taken yet, as a list: what ``list(stream)`` gives, made a
        batch at a time in C rather than a row at a time through ``__next__``."""
        make = functools.partial(tuple.__new__, self.record)
        rows: list[R] = []
        for batch in self.batches():
            rows.extend(map(make, zip(*_expanded(batch), strict=True)))
        return rows

    def batches(self) -> Iterator[Columns]:
        """The rows not taken yet, as column batches."""
        rest = list(self._rows)
        self._rows = iter(())
        if rest:
            yield [list(values) for values in zip(*rest, strict=True)]
        yield from self._batches


def _optional(module: str, extra: str, what: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{what} needs {module.split('.')[0]}, which is not installed:"
            f" pip install 'coalitions[{extra}]'"
        ) from exc


Record: TypeAlias = "StateYear | DyadYear | Event | Membership | Tie | State | StateRecord"
"""What :func:`to_pandas`, :func:`to_arrow` and :func:`write_parquet` take: one kind
to a frame (a subclass counts as its class)."""


class _Column(NamedTuple):
    """One column of a frame.

    ``kind`` is ``"string"``, ``"int"``, ``"bool"``, ``"date"``, ``"enum"`` (its
    ``categories`` the enum's values, in order), ``"strings"`` or ``"ints"`` (a
    tuple, or an Arrow list) or ``"structs"`` (a tuple of dicts with ``fields``,
    each a name and one of the kinds above). ``get`` gives a record's plain value:
    an enum's value, a set's sorted values; ``None`` for table rows, whose values
    are plain already.
    """

    name: str
    kind: str
    nullable: bool = False
    get: Callable[[Any], object] | None = None
    categories: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()


def _value(member: enum.Enum | None) -> object:
    return None if member is None else member.value


def _values(members: Iterable[enum.Enum] | None) -> tuple[object, ...] | None:
    """Enum members as their values, sorted (they come from sets)."""
    return None if members is None else tuple(sorted(member.value for member in members))


def _plain(name: str, kind: str, nullable: bool = False) -> _Column:
    """A column holding the attribute ``name`` as it is."""
    return _Column(name, kind, nullable, operator.attrgetter(name))


def _enum(
    name: str, of: type[enum.Enum], nullable: bool = False, attribute: str | None = None
) -> _Column:
    """A column holding an enum's value (of attribute ``attribute``, by default ``name``)."""
    get = operator.attrgetter(attribute or name)
    return _Column(
        name, "enum", nullable, lambda record: _value(get(record)), tuple(m.value for m in of)
    )


def _enums(name: str, nullable: bool = False) -> _Column:
    """A column holding a set of enums as their values, sorted."""
    get = operator.attrgetter(name)
    return _Column(name, "strings", nullable, lambda record: _values(get(record)))


def _commitments(spell: Membership) -> tuple[dict[str, object], ...]:
    return tuple({"toward": c.toward, "obligations": _values(c.obligations)} for c in spell.toward)


def _statuses(spell: Membership) -> tuple[dict[str, object], ...]:
    return tuple(
        {
            "status": s.status.value,
            "since": s.since,
            "until": s.until,
            "toward": None if s.toward is None else tuple(sorted(s.toward)),
            "sources": s.sources,
            "since_precision": s.since_precision.value,
            "until_precision": s.until_precision.value,
        }
        for s in spell.statuses
    )


def _system_spells(record: StateRecord) -> tuple[dict[str, object], ...]:
    return tuple({"since": s.since, "until": s.until} for s in record.system_spells)


_SPECS: dict[type, tuple[_Column, ...]] = {
    Event: (
        _plain("date", "date"),
        _enum("kind", EventKind),
        _plain("subject", "string"),
        _plain("state", "string", nullable=True),
        _enum("role", Role, nullable=True),
        _enum("precision", Precision),
    ),
    Membership: (
        _plain("state", "string"),
        _plain("since", "date"),
        _plain("until", "date", nullable=True),
        _enum("role", Role),
        # None: the grouping's obligations; a set (maybe empty): the spell's own
        _enums("obligations", nullable=True),
        _enum("since_precision", Precision),
        _enum("until_precision", Precision),
        _Column(
            "toward",
            "structs",
            get=_commitments,
            fields=(("toward", "string"), ("obligations", "strings")),
        ),
        _Column(
            "statuses",
            "structs",
            get=_statuses,
            fields=(
                ("status", "string"),
                ("since", "date"),
                ("until", "date"),
                ("toward", "strings"),
                ("sources", "strings"),
                ("since_precision", "string"),
                ("until_precision", "string"),
            ),
        ),
    ),
    Tie: (
        _plain("state", "string"),
        _plain("other", "string"),
        _plain("via", "string"),
        _enum("kind", TieKind),
        # an ordered scale: its number (1 observer ... 10 defense), as in to_networkx
        _Column("strength", "int", get=lambda tie: int(tie.strength)),
        _enum("formality", Formality, nullable=True),
        _enum("agreement_kind", AgreementKind, nullable=True),
        _enum("role", Role),
        _enum("other_role", Role),
        _enums("owes"),
        _enums("owed"),
        _plain("unconfirmed", "bool"),
        _plain("pending", "bool"),
        _plain("suspended", "bool"),
        _enum("suspension", Status, nullable=True),
    ),
    State: (
        _plain("code", "string"),
        _plain("name", "string"),
        _plain("cow_code", "int", nullable=True),
        _plain("region", "string", nullable=True),
    ),
    StateRecord: (
        _plain("code", "string"),
        _plain("name", "string"),
        _Column("cow_code", "int", nullable=True, get=lambda record: record.state.cow_code),
        _Column("region", "string", nullable=True, get=lambda record: record.state.region),
        _plain("current", "bool"),
        _plain("iso_alpha2", "string", nullable=True),
        _plain("cow_abbreviation", "string", nullable=True),
        _Column(
            "system_spells",
            "structs",
            get=_system_spells,
            fields=(("since", "date"), ("until", "date")),
        ),
        _plain("nonsystem_codes", "ints"),
        _plain("aliases", "strings"),
    ),
}


_EXPECTED = "StateYear, DyadYear, Event, Membership, Tie, State or registry StateRecord"


def _collect(
    rows: Iterable[Record], record: type[Record] | None
) -> tuple[tuple[_Column, ...], list[Record]]:
    """The rows as a list, and the columns of their kind."""
    rows = list(rows)
    if rows:
        kind: type = type(rows[0])
        where = "[0]"
    elif record is not None:
        kind, where = record, "record"
    else:
        raise ValueError("no rows, and no record type to take the columns from: pass record=")
    base = next((cls for cls in kind.__mro__ if cls in _SPECS), None)
    if base is None:
        raise ValidationError([Problem(where, f"is a {kind.__name__}; expected a {_EXPECTED}")])
    strays = _strays(rows, base)
    if strays:
        problems = [
            Problem(
                f"[{i}]",
                f"is a {type(rows[i]).__name__}, but [0] is a {base.__name__}:"
                " one kind of record to a frame",
            )
            for i in strays[:10]
        ]
        if len(strays) > 10:
            problems.append(Problem("", f"... and {len(strays) - 10} more"))
        raise ValidationError(problems)
    return _SPECS[base], rows


def _strays(rows: Sequence[object], base: type) -> list[int]:
    """The indexes of rows that are not ``base`` records (a set of types first: quick)."""
    if set(map(type, rows)) <= {base}:
        return []
    return [i for i, row in enumerate(rows) if not isinstance(row, base)]


def _plain_columns(spec: tuple[_Column, ...], rows: Sequence[Record]) -> Columns:
    """Column by column, in ``spec``'s order, the plain values: strings, numbers,
    dates, tuples, dicts."""
    if spec[0].get is None:  # table rows: plain already
        if not rows:
            return [[] for _ in spec]
        return [list(values) for values in zip(*rows, strict=True)]
    return [[column.get(row) for row in rows] for column in spec if column.get is not None]


def _arrow_array(pa: Any, column: _Column, values: list[Any], kind: Any) -> Any:
    """One column as an Arrow array of type ``kind``."""
    if column.kind in ("strings", "ints"):
        # Flattened, with int32 offsets from a buffer: pyarrow converts a list of
        # tuples, and a list of Python ints to int32, an element at a time (0.5 s
        # for the ids of ATOP's 273,000 directed dyad-years; this takes 0.02 s).
        missing = column.nullable and None in values
        lengths = map(_length, values) if missing else map(len, values)
        offsets = array.array("i", itertools.accumulate(lengths, initial=0))
        flat = pa.array(list(itertools.chain.from_iterable(filter(None, values))), kind.value_type)
        mask = pa.array([value is None for value in values], pa.bool_()) if missing else None
        return pa.ListArray.from_arrays(
            pa.Array.from_buffers(pa.int32(), len(offsets), [None, pa.py_buffer(offsets)]),
            flat,
            type=kind,
            mask=mask,
        )
    return pa.array(values, kind)


def _length(value: Sized | None) -> int:
    return 0 if value is None else len(value)


def _record_batch(pa: Any, spec: tuple[_Column, ...], schema: Any, columns: Columns) -> Any:
    arrays = []
    # Coded columns sharing their codes (a dyad-year table's alliance columns) share
    # one Arrow array of them: the distinct values are converted, then taken, in C.
    codes: dict[int, Any] = {}
    for column, values, field in zip(spec, columns, schema, strict=True):
        if isinstance(values, Coded):
            taken = codes.get(id(values.codes))
            if taken is None:
                taken = codes[id(values.codes)] = pa.array(values.codes)
            arrays.append(_arrow_array(pa, column, values.values, field.type).take(taken))
        else:
            arrays.append(_arrow_array(pa, column, values, field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _series(pd: Any, pa: Any, column: _Column, values: Any) -> Any:
    """One column of a frame from its Arrow (chunked) array, with the column's dtype."""
    kind = column.kind
    if kind == "string":
        return values.to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get)
    if kind == "int":
        if column.nullable:
            return values.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
        return values.to_pandas()
    if kind == "bool":
        if column.nullable:
            return values.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get)
        return values.to_pandas()
    if kind == "date":
        return values.cast(pa.timestamp("s")).to_pandas().astype("datetime64[s]")
    if kind == "enum":
        categorical = values.dictionary_encode().to_pandas()
        return categorical.cat.set_categories(list(column.categories))
    # lists and structs: Arrow-backed, so no Python object per row
    return pd.Series(pd.arrays.ArrowExtensionArray(values))


def to_pandas(rows: Iterable[Record], *, record: type[Record] | None = None) -> pandas.DataFrame:
    """The rows or records as a :class:`pandas.DataFrame` (extra ``coalitions[pandas]``).

    ``rows`` is a sequence of one kind: table rows (:class:`~coalitions.tables.StateYear`,
    :class:`~coalitions.tables.DyadYear`), events (:class:`~coalitions.Event`, from
    :meth:`Landscape.events <coalitions.Landscape.events>`), membership spells
    (:class:`~coalitions.Membership`), ties (:class:`~coalitions.ties.Tie`, from
    :meth:`Landscape.ties <coalitions.Landscape.ties>`), states
    (:class:`~coalitions.State`, from :func:`coalitions.registry.states` or
    ``landscape.states``) or registry records
    (:class:`~coalitions.registry.StateRecord`, from
    :func:`coalitions.registry.records`). ``record`` gives the columns when
    there are no rows. One column per field, typed:

    * text: ``string``; numbers: ``int64``, or ``Int64`` where they may be
      missing (COW and G-W numbers, counts), so a missing one is ``<NA>``, never 0;
    * flags: ``bool``, or ``boolean`` where they may be missing (the table rows'
      alliance columns outside the landscape's coverage);
    * dates: ``datetime64[s]`` (pandas' unit nearest a day), ``NaT`` for an open end;
    * enums: ``category`` of their values, every value of the enum a category
      (in the enum's order), so frames concatenate; a tie's ``strength`` is its
      number (``1`` observer to ``10`` defense), as in :func:`coalitions.graph.to_networkx`;
    * sets and sequences of strings or numbers (sets sorted), and commitments,
      statuses and COW system spells: Arrow-backed lists (``list<string>``,
      ``list<int64>``, ``list<struct<...>>`` as :func:`to_arrow` gives them,
      ``pandas.ArrowDtype``), so a column of 273,000 alliance-id lists holds no
      Python object per row; an element reads as a Python list (of dicts);
      a spell's ``obligations`` is ``<NA>`` where it takes its grouping's.

    The frame is made through :func:`to_arrow` (so ``coalitions[pandas]``
    installs pyarrow too), column by column with the dtypes above.

    >>> import datetime as dt
    >>> import pytest; _ = pytest.importorskip("pandas")
    >>> from coalitions import Event, EventKind, Role
    >>> events = [Event(date=dt.date(2024, 3, 7), kind=EventKind.JOINED, subject="NATO",
    ...                 state="SWE", role=Role.MEMBER),
    ...           Event(date=dt.date(1949, 8, 24), kind=EventKind.FOUNDED, subject="NATO")]
    >>> frame = to_pandas(events)
    >>> frame.dtypes.astype(str).to_dict()
    {'date': 'datetime64[s]', 'kind': 'category', 'subject': 'string', 'state': 'string', 'role': 'category', 'precision': 'category'}
    >>> frame[["date", "kind", "state"]].to_string()
    '        date     kind state\\n0 2024-03-07   joined   SWE\\n1 1949-08-24  founded  <NA>'
    """
    pd = _optional("pandas", "pandas", "to_pandas")
    pa = _optional("pyarrow", "pandas", "to_pandas")
    spec, table = _arrow_table(pa, rows, record)
    frame: pandas.DataFrame = pd.DataFrame(
        {column.name: _series(pd, pa, column, table.column(column.name)) for column in spec}
    )
    return frame


def _arrow_type(pa: Any, kind: str, fields: tuple[tuple[str, str], ...] = ()) -> Any:
    if kind in ("string", "enum"):
        return pa.string()
    if kind == "int":
        return pa.int64()
    if kind == "bool":
        return pa.bool_()
    if kind == "date":
        return pa.date32()
    if kind == "strings":
        return pa.list_(pa.string())
    if kind == "ints":
        return pa.list_(pa.int64())
    return pa.list_(pa.struct([pa.field(name, _arrow_type(pa, of)) for name, of in fields]))


def _arrow_schema(pa: Any, spec: tuple[_Column, ...]) -> Any:
    return pa.schema(
        [
            pa.field(column.name, _arrow_type(pa, column.kind, column.fields), column.nullable)
            for column in spec
        ]
    )


def to_arrow(rows: Iterable[Record], *, record: type[Record] | None = None) -> pyarrow.Table:
    """The rows or records as a :class:`pyarrow.Table` (extra ``coalitions[arrow]``).

    Takes what :func:`to_pandas` takes. Text and enums (their values) are
    ``string``, numbers ``int64`` (a tie's ``strength`` its number), flags
    ``bool``, dates ``date32``; sets and sequences are lists (``list<string>``,
    sets sorted; ``list<int64>``), and a spell's commitments and statuses and a
    registry record's COW system spells lists of structs. A column that may
    hold a missing value is nullable, and only such a column: the table rows'
    alliance columns (missing outside the landscape's coverage), COW and G-W
    numbers, an open spell's ``until``. ``rows`` may be any iterable, such as
    :func:`~coalitions.tables.iter_dyad_years`: it is taken :data:`ROW_GROUP` rows at a time.

    >>> import datetime as dt
    >>> import pytest; _ = pytest.importorskip("pyarrow")
    >>> from coalitions import Membership, Obligation
    >>> spells = [Membership(state="SWE", since=dt.date(2024, 3, 7),
    ...                      obligations={Obligation.DEFENSE, Obligation.CONSULTATION})]
    >>> table = to_arrow(spells)
    >>> str(table.schema.field("since").type), str(table.schema.field("obligations").type)
    ('date32[day]', 'list<item: string>')
    >>> table.column("obligations").to_pylist(), table.column("until").to_pylist()
    ([['consultation', 'defense']], [None])
    """
    pa = _optional("pyarrow", "arrow", "to_arrow")
    table: pyarrow.Table = _arrow_table(pa, rows, record)[1]
    return table


def _arrow_table(
    pa: Any, rows: Iterable[Record], record: type[Record] | None
) -> tuple[tuple[_Column, ...], Any]:
    """The columns' specs and the rows as an Arrow table."""
    with gc_paused():
        spec, schema, batches = _arrow_batches(pa, rows, record)
        return spec, pa.Table.from_batches(list(batches), schema=schema)


def _arrow_batches(
    pa: Any, rows: Iterable[Record], record: type[Record] | None
) -> tuple[tuple[_Column, ...], Any, Iterator[Any]]:
    """The columns' specs, the Arrow schema, and record batches of at most
    :data:`ROW_GROUP` rows: a table's own column batches where ``rows`` is a
    stream of :func:`~coalitions.tables.iter_dyad_years` (no row is made), else the rows'."""
    if isinstance(rows, ColumnStream):
        spec = _SPECS[rows.record]
        schema = _arrow_schema(pa, spec)
        stream = (_record_batch(pa, spec, schema, columns) for columns in rows.batches())
        return spec, schema, stream
    iterator = iter(rows)
    spec, first = _collect(itertools.islice(iterator, ROW_GROUP), record)
    schema = _arrow_schema(pa, spec)
    if not first:
        return spec, schema, iter([_record_batch(pa, spec, schema, _plain_columns(spec, []))])
    return spec, schema, _batches(pa, spec, schema, first, iterator)


ROW_GROUP = 100_000
"""Rows to a Parquet row group (and to an Arrow batch) when :func:`write_parquet` streams."""


def _batches(
    pa: Any, spec: tuple[_Column, ...], schema: Any, first: list[Record], rest: Iterator[Record]
) -> Iterator[Any]:
    """Record batches of at most :data:`ROW_GROUP` rows, one column at a time; each
    batch after the first checked to hold rows of the first's kind."""
    base = next(cls for cls, columns in _SPECS.items() if columns is spec)
    chunk, done = first, 0
    while chunk:
        if done:
            strays = _strays(chunk, base)
            if strays:
                i = strays[0]
                raise ValidationError(
                    [
                        Problem(
                            f"[{done + i}]",
                            f"is a {type(chunk[i]).__name__}, but [0] is a {base.__name__}:"
                            " one kind of record to a frame",
                        )
                    ]
                )
        yield _record_batch(pa, spec, schema, _plain_columns(spec, chunk))
        done += len(chunk)
        chunk = list(itertools.islice(rest, ROW_GROUP))


def write_parquet(
    rows: Iterable[Record], path: str | os.PathLike[str], *, record: type[Record] | None = None
) -> int:
    """Write the rows or records to a Parquet file (extra ``coalitions[arrow]``); see
    :func:`to_arrow`. Return how many rows.

    ``rows`` may be any iterable, such as :func:`~coalitions.tables.iter_dyad_years`: it is taken
    :data:`ROW_GROUP` rows at a time, each written as a row group, so memory
    stays bounded however long the table.

    >>> import pytest; pq = pytest.importorskip("pyarrow.parquet")
    >>> import datetime as dt, pathlib, tempfile
    >>> from coalitions import Alliance, Landscape, Membership, Obligation, State
    >>> from coalitions.tables import dyad_years, iter_dyad_years
    >>> day = dt.date(1949, 4, 4)
    >>> world = Landscape(
    ...     states=[State(code="USA", name="United States", cow_code=2),
    ...             State(code="CAN", name="Canada", cow_code=20)],
    ...     alliances=[Alliance(id="ATOP-3180", name="NATO", founded=day, obligations=[Obligation.DEFENSE],
    ...                         members=[Membership(state=c, since=day) for c in ("USA", "CAN")])],
    ...     as_of=dt.date(2018, 12, 31))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "panel.parquet"
    ...     written = write_parquet(iter_dyad_years(world, complete=True, end=1950), path)
    ...     table = pq.read_table(path)
    >>> written == table.num_rows == len(dyad_years(world, complete=True, end=1950))
    True
    """
    parquet = _optional("pyarrow.parquet", "arrow", "write_parquet")
    pa = _optional("pyarrow", "arrow", "write_parquet")
    count = 0
    with gc_paused():
        _, schema, batches = _arrow_batches(pa, rows, record)
        with parquet.ParquetWriter(os.fspath(path), schema) as writer:
            for batch in batches:
                writer.write_batch(batch, row_group_size=ROW_GROUP)
                count += batch.num_rows
    return count


def _register(kind: type, columns: tuple[_Column, ...]) -> None:
    """Give a record type its columns (the research tables register their rows)."""
    _SPECS[kind] = columns
