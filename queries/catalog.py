"""Named SPARQL queries: one ``.rq`` file per question, loaded by name, run with bound parameters.

Each file starts with a header of ``#`` comment lines that is its contract::

    # Systems of each assessment and the systems they connect to.
    #
    # param assessment: iri, optional — restrict to one assessment
    # columns: assessment, title, system_no, system, system_label
    # example: mnpia query systems_of_assessment

Parameters are SPARQL variables of the query. They are bound through pyoxigraph ``substitutions``
(SEP-0007), never pasted into the query text, so a hostile value such as ``"} ; DROP ALL #`` can
only ever be matched as the literal or IRI it is. An optional parameter left unset leaves its
variable free, which is how a query answers for every assessment or for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

QUERY_DIR = Path(__file__).resolve().parent

ParamKind = Literal["iri", "string", "integer"]
_PARAM_KINDS: tuple[ParamKind, ...] = ("iri", "string", "integer")

_PARAM = re.compile(
    r"^#\s*param\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<kind>\w+)"
    r"(?P<optional>\s*,\s*optional)?\s*(?:[—–-]+\s*(?P<doc>.*))?$"
)
_COLUMNS = re.compile(r"^#\s*columns\s*:\s*(?P<cols>.+)$")
_EXAMPLE = re.compile(r"^#\s*example\s*:\s*(?P<ex>.+)$")
# An absolute IRI: a scheme, then no characters that IRIs forbid.
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI (a scheme, then no characters IRIs forbid).

    >>> is_iri("https://w3id.org/mnpia/id/x"), is_iri("中間サーバー"), is_iri("a b:c")
    (True, False, False)
    """
    return _IRI.match(text) is not None


class QueryError(Exception):
    """A named query is unknown or was given parameters it cannot take. One-line message."""


@dataclass(frozen=True, slots=True, kw_only=True)
class QueryParam:
    """A parameter of a named query: a variable of the query that a caller may bind."""

    name: str
    kind: ParamKind
    optional: bool
    doc: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NamedQuery:
    """A SPARQL query file of ``queries/`` with the contract read from its header."""

    name: str
    description: str
    params: tuple[QueryParam, ...]
    columns: tuple[str, ...]
    example: str | None
    text: str

    def param(self, name: str) -> QueryParam:
        """The parameter called ``name``; :class:`QueryError` naming the known ones otherwise."""
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        msg = f"query {self.name!r} has no parameter {name!r} (parameters: {known})"
        raise QueryError(msg)


def text_to_named_query(name: str, text: str) -> NamedQuery:
    """Read the header contract of a query file.

    >>> q = text_to_named_query("demo", '''# Things and their labels.
    ... #
    ... # param thing: iri, optional — one thing
    ... # columns: thing, label
    ... PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    ... SELECT ?thing ?label WHERE { ?thing rdfs:label ?label }''')
    >>> (q.description, q.params[0].name, q.params[0].optional, q.columns)
    ('Things and their labels.', 'thing', True, ('thing', 'label'))
    """
    description: list[str] = []
    params: list[QueryParam] = []
    columns: tuple[str, ...] = ()
    example: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        if match := _PARAM.match(stripped):
            kind = match["kind"]
            if kind not in _PARAM_KINDS:
                msg = f"{name}.rq: parameter {match['name']!r} has unknown kind {kind!r}"
                raise QueryError(msg)
            params.append(
                QueryParam(
                    name=match["name"],
                    kind=kind,
                    optional=bool(match["optional"]),
                    doc=(match["doc"] or "").strip(),
                )
            )
        elif match := _COLUMNS.match(stripped):
            columns = tuple(c.strip() for c in match["cols"].split(",") if c.strip())
        elif match := _EXAMPLE.match(stripped):
            example = match["ex"].strip()
        elif not params and not columns:
            body = stripped.lstrip("#").strip()
            if body:
                description.append(body)
    return NamedQuery(
        name=name,
        description=" ".join(description),
        params=tuple(params),
        columns=columns,
        example=example,
        text=text,
    )


@cache
def named_queries() -> Mapping[str, NamedQuery]:
    """Every named query, keyed by file stem: the registry is the folder, nothing kept by hand."""
    return {
        path.stem: text_to_named_query(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(QUERY_DIR.glob("*.rq"))
    }


def load_query(name: str) -> NamedQuery:
    """The named query ``name``, or :class:`QueryError` listing the known names."""
    try:
        return named_queries()[name]
    except KeyError:
        known = ", ".join(named_queries())
        msg = f"no named query {name!r}; known queries: {known}"
        raise QueryError(msg) from None


def value_to_term(param: QueryParam, value: str) -> ox.NamedNode | ox.Literal:
    """Turn a parameter value as typed by a user into the RDF term bound to its variable.

    >>> p = QueryParam(name="n", kind="integer", optional=False, doc="")
    >>> value_to_term(p, "12")
    <Literal value=12 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    >>> value_to_term(QueryParam(name="s", kind="string", optional=False, doc=""), '"} #')
    <Literal value="} # datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    """
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            msg = f"parameter {param.name!r} takes an integer, not {value!r}"
            raise QueryError(msg)
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD_INTEGER))
    if param.kind == "iri":
        if not is_iri(value):
            msg = f"parameter {param.name!r} takes an absolute IRI, not {value!r}"
            raise QueryError(msg)
        return ox.NamedNode(value)
    return ox.Literal(value)


_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

BoundTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
"""What pyoxigraph accepts as a substitution for a variable."""


def bind_params(query: NamedQuery, values: Mapping[str, str]) -> dict[str, BoundTerm]:
    """Check ``values`` against the query's parameters and turn them into typed RDF terms."""
    bindings: dict[str, BoundTerm] = {}
    for name, value in values.items():
        param = query.param(name)
        bindings[name] = value_to_term(param, value)
    missing = [p.name for p in query.params if not p.optional and p.name not in values]
    if missing:
        msg = f"query {query.name!r} needs parameter(s): {', '.join(missing)}"
        raise QueryError(msg)
    return bindings


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bound_text(query: NamedQuery, bindings: Mapping[str, BoundTerm]) -> str:
    """The query text with ``bindings`` as a typed ``VALUES`` block opening its WHERE clause.

    The block is written by pyoxigraph's own term serialiser from validated terms, so a value can
    only ever be the one literal or IRI it is, whatever characters it holds; and plain SPARQL 1.1
    VALUES works on every endpoint, embedded or remote. Parameters left unset stay free variables.

    >>> q = text_to_named_query("q", "# A query.\\nSELECT ?s WHERE { ?s ?p ?o }")
    >>> print(bound_text(q, {"o": ox.Literal('"} DROP ALL #')}))
    # A query.
    SELECT ?s WHERE {
      VALUES (?o) { ("\\"} DROP ALL #") }
     ?s ?p ?o }
    """
    if not bindings:
        return query.text
    return values_text(query, tuple(bindings), [tuple(bindings.values())])


def values_text(
    query: NamedQuery, names: Sequence[str], rows: Iterable[Sequence[BoundTerm]]
) -> str:
    """The query text with a ``VALUES`` block of several rows opening its WHERE clause.

    How :mod:`queries.neighbourhood` binds a whole frontier of nodes at once; every term is
    written by pyoxigraph's serialiser, as in :func:`bound_text`.

    >>> q = text_to_named_query("q", "SELECT ?s WHERE { ?s ?p ?o }")
    >>> print(values_text(q, ["s"], [[ox.NamedNode("http://a")], [ox.NamedNode("http://b")]]))
    SELECT ?s WHERE {
      VALUES (?s) { (<http://a>) (<http://b>) }
     ?s ?p ?o }
    """
    offset = 0
    for line in query.text.splitlines(keepends=True):
        if not line.lstrip().startswith("#") and (match := _WHERE.search(line)):
            at = offset + match.end()
            break
        offset += len(line)
    else:
        msg = f"query {query.name!r} has no WHERE clause to bind parameters in"
        raise QueryError(msg)
    variables = " ".join(f"?{name}" for name in names)
    block = " ".join("(" + " ".join(str(term) for term in row) + ")" for row in rows)
    return f"{query.text[:at]}\n  VALUES ({variables}) {{ {block} }}\n{query.text[at:]}"
