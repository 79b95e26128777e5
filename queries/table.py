"""Running SPARQL against a store and turning the answers into plain tables.

The store is anything with pyoxigraph's ``query`` signature: the embedded store or a SPARQL
server (both :class:`graph.store.GraphStore`, both answering with pyoxigraph objects), so this
layer does not care where the graph lives.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final, Protocol, TypeVar

import pyoxigraph as ox

from queries.catalog import bind_params, bound_text, load_query, values_text

Cell = str | None
"""A cell of a result table: the lexical value of a term (IRI, literal) or None when unbound."""


class QueryableStore(Protocol):
    """What the query layer needs of a store."""

    def query(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class QueryTable:
    """The answer of a SELECT query: column names and rows of cell values."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def records(self) -> list[dict[str, Cell]]:
        """Rows as dictionaries keyed by column, for JSON output."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_csv(self) -> str:
        """Rows as CSV text with a header line.

        >>> print(QueryTable(columns=("a", "b"), rows=(("x", None),)).to_csv(), end="")
        a,b
        x,
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(["" if cell is None else cell for cell in row] for row in self.rows)
        return buffer.getvalue()

    def to_json(self) -> str:
        """Rows as a JSON array of objects (UTF-8 text, Japanese kept readable)."""
        return json.dumps(self.records(), ensure_ascii=False, indent=2)


@dataclass(frozen=True, slots=True, kw_only=True)
class QueryTriples:
    """The answer of a CONSTRUCT or DESCRIBE query, as N-Triples lines."""

    ntriples: tuple[str, ...]


QueryAnswer = QueryTable | bool | QueryTriples


def term_to_cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Cell:
    """The display value of a term.

    >>> term_to_cell(ox.Literal("千葉市")), term_to_cell(ox.NamedNode("http://x/y"))
    ('千葉市', 'http://x/y')
    >>> term_to_cell(None) is None
    True
    """
    if term is None:
        return None
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def solutions_to_table(solutions: ox.QuerySolutions) -> QueryTable:
    """Materialise SELECT solutions as a :class:`QueryTable`."""
    variables = solutions.variables
    columns = tuple(v.value for v in variables)
    rows = tuple(tuple(term_to_cell(solution[v]) for v in variables) for solution in solutions)
    return QueryTable(columns=columns, rows=rows)


def answer_of(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryAnswer:
    """Materialise any query result."""
    if isinstance(result, ox.QuerySolutions):
        return solutions_to_table(result)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    return QueryTriples(ntriples=tuple(f"{triple} ." for triple in result))


def run_sparql(store: QueryableStore, sparql: str) -> QueryAnswer:
    """Run a raw SPARQL query (read-only: the query parser refuses updates)."""
    return answer_of(store.query(sparql))


def run_query(
    store: QueryableStore, name: str, params: Mapping[str, str] | None = None
) -> QueryTable:
    """Run the named query ``name`` with ``params`` bound as a typed VALUES block."""
    query = load_query(name)
    bindings = bind_params(query, params or {})
    answer = answer_of(store.query(bound_text(query, bindings)))
    if not isinstance(answer, QueryTable):
        msg = f"named query {name!r} is not a SELECT query"
        raise TypeError(msg)
    return answer


BATCH: Final = 400
"""IRIs or rows of IRIs bound in one query (a ``VALUES`` block)."""

QUERY_THREADS: Final = 2
"""Look-ups of one question run at the same time (pyoxigraph answers a query without holding
Python's interpreter lock, so two run on two cores)."""

_SPLIT_FROM: Final = 8
"""Rows from which a look-up is split across :data:`QUERY_THREADS`."""

_Row = TypeVar("_Row")


def split_rows(rows: Sequence[_Row], size: int = BATCH) -> list[Sequence[_Row]]:
    """``rows`` in batches of at most ``size``, and in at least :data:`QUERY_THREADS` parts when
    there are :data:`_SPLIT_FROM` or more, so that a question's look-ups share the cores.

    >>> [len(part) for part in split_rows(list(range(10)), size=4)]
    [4, 4, 2]
    >>> [len(part) for part in split_rows(list(range(9)))]
    [5, 4]
    """
    parts = QUERY_THREADS if len(rows) >= _SPLIT_FROM else 1
    size = min(size, -(-len(rows) // parts)) or 1
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def bound_table(
    store: QueryableStore, name: str, names: Sequence[str], rows: Sequence[Sequence[str]]
) -> QueryTable:
    """Named query ``name`` with the variables ``names`` bound to rows of IRIs (one ``VALUES``)."""
    text = values_text(
        load_query(name), names, [tuple(ox.NamedNode(value) for value in row) for row in rows]
    )
    answer = answer_of(store.query(text))
    if not isinstance(answer, QueryTable):  # pragma: no cover - the look-ups are SELECTs
        msg = f"named query {name!r} is not a SELECT query"
        raise TypeError(msg)
    return answer


def bound_tables(
    store: QueryableStore, name: str, names: Sequence[str], rows: Sequence[Sequence[str]]
) -> list[QueryTable]:
    """:func:`bound_table` over ``rows`` split by :func:`split_rows`, the parts at the same
    time: how the walks and ``impact`` read their small look-ups."""
    parts = split_rows(rows)
    if len(parts) < 2:
        return [bound_table(store, name, names, part) for part in parts]
    with ThreadPoolExecutor(max_workers=min(QUERY_THREADS, len(parts))) as pool:
        return list(pool.map(lambda part: bound_table(store, name, names, part), parts))
