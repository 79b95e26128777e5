"""A remote store: the graph on a SPARQL 1.1 server, spoken to over HTTP.

:class:`RemoteStore` offers what :class:`graph.store.Store` offers (the
:class:`graph.store.GraphStore` interface), so every command and the HTTP API work on it unchanged:

* **queries** go to the server's query endpoint (SPARQL 1.1 Protocol, form-encoded POST) and
  come back as pyoxigraph objects: SELECT and ASK answers are parsed with
  :func:`pyoxigraph.parse_query_results`, CONSTRUCT and DESCRIBE answers (N-Triples) are read into
  an in-memory store and handed back as its ``QueryTriples``. Values are bound as a typed
  ``VALUES`` block opening the WHERE clause, each term written by pyoxigraph's serialiser, never
  pasted (the query is first checked locally, with the same substitutions, on an empty
  in-memory store: a malformed query or an unprojected variable fails as it does embedded);
* **writes** of one document are **one SPARQL Update request** (``DROP SILENT GRAPH`` then
  ``INSERT DATA``, with the revision graph when history is kept), which the server applies as one
  transaction. A Graph Store Protocol ``PUT`` is not used to write: Oxigraph server applies it
  as a clear then a load, and a reader could see the graph empty in between;
* **whole graphs** are read (and removed) with the SPARQL 1.1 Graph Store HTTP Protocol:
  ``GET``/``DELETE`` on ``{gsp}?graph={name}``.

mnpia's queries read the default graph as the union of the named graphs, so the server must be
configured that way; :func:`open_remote` checks it (a one-triple probe) and refuses a server that
is not. Every failure is a one-line :class:`graph.errors.StoreError` naming the URL and the
problem (connection refused, a timeout, an HTTP error with the server's message).

The URL forms :func:`url_to_endpoints` accepts::

    http://host:7878                      Oxigraph server: /query, /update, /store
    oxigraph+http://host:7878             the same, said explicitly
    fuseki+http://host:3030/mnpia         Fuseki dataset: /mnpia/query, /mnpia/update, /mnpia/data
    graphdb+http://host:7200/repositories/mnpia
                                          GraphDB (RDF4J): the repository, /statements,
                                          /rdf-graphs/service
    virtuoso+http://host:8890             Virtuoso: /sparql, /sparql, /sparql-graph-crud
    http://host/x#query=q&update=u&gsp=g  any server: endpoints named in the fragment (absolute
                                          URLs, or paths under the URL)

``https`` works the same; ``user:password@`` in the URL is sent as HTTP Basic credentials (and
never shown in messages).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from graph import iri
from graph.errors import StoreError
from graph.mapping import PREFIXES
from graph.revision import (
    REVISIONS_QUERY,
    RevisionInfo,
    RevisionPlan,
    assessment_of,
    revision_graph_name,
    solutions_to_revisions,
)
from graph.store import (
    DEFAULT_TIMEOUT_S,
    ClosedOnExit,
    DocumentInfo,
    ExportFormat,
    NewGraph,
    QueryResult,
    QuerySyntaxError,
    Substitutions,
    assessment_graph_name,
    assessment_to_info,
    class_counts,
    document_to_new_graph,
    files_hash,
    nquads_to_new_graph,
    ontology_files,
    replacement_update,
    revision_plan,
    revision_to_graph,
    substitutions_to_terms,
)
from graph.term import OxSubject, OxTerm, graph_to_quads, quads_to_graph
from ontology import ONTOLOGY_DIR
from ontology.namespace import MNPIA

if TYPE_CHECKING:
    from graph.mapping import DocumentGraph

PROFILES: Final[dict[str, tuple[str, str, str]]] = {
    "oxigraph": ("query", "update", "store"),
    "fuseki": ("query", "update", "data"),
    "graphdb": ("", "statements", "rdf-graphs/service"),
    "virtuoso": ("sparql", "sparql", "sparql-graph-crud"),
}
"""Endpoint paths (query, update, graph store) under the URL, per server kind."""

RESULTS_ACCEPT: Final = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.8, text/turtle;q=0.5"
)
_RESULT_FORMATS: Final[dict[str, ox.QueryResultsFormat]] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS: Final[dict[str, ox.RdfFormat]] = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
_EXPORT_FORMATS: Final[dict[str, ox.RdfFormat]] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
}
_ASSESSMENT_GRAPH_BASE: Final = str(iri.assessment_graph_iri(""))
_MAX_MESSAGE: Final = 300
UNION_HELP: Final = (
    "mnpia reads the default graph as the union of the named graphs: start Oxigraph with "
    "`oxigraph serve --union-default-graph`; in Fuseki set `tdb2:unionDefaultGraph true` on the "
    "TDB2 dataset; GraphDB and Virtuoso query every graph by default (do not restrict the "
    "repository's default graph)"
)

_TOKEN: Final = re.compile(
    r"""(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                  |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<comment>\#[^\n]*)
      | (?P<var>[?$][^\s(){}.,;]+)
      | (?P<pname>(?:[A-Za-z_][\w.-]*)?:[^\s(){},;]*)
      | (?P<word>[A-Za-z]+)
      | (?P<punct>[{}()])""",
    re.VERBOSE | re.DOTALL,
)
_FORMS: Final = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
_EMPTY: Final = ox.Store()
"""An empty in-memory store: queries are checked on it before they are sent."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Endpoints:
    """The three URLs of a SPARQL server, and how to show and authenticate to it."""

    query: str
    update: str
    gsp: str
    """The Graph Store Protocol endpoint (``?graph=…`` is added)."""
    location: str
    """The URL as given, without credentials: how messages name the store."""
    username: str | None = None
    password: str | None = None


def _join(base: str, path: str) -> str:
    if "://" in path:
        return path
    if not path:
        return base
    return base.rstrip("/") + "/" + path.lstrip("/")


def url_to_endpoints(url: str) -> Endpoints:
    """The endpoints a store URL names (see the module docstring for the forms).

    >>> e = url_to_endpoints("http://127.0.0.1:7878")
    >>> e.query, e.update, e.gsp
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
    >>> e = url_to_endpoints("fuseki+https://me:secret@h:3030/mnpia")
    >>> e.gsp, e.location, e.username
    ('https://h:3030/mnpia/data', 'fuseki+https://h:3030/mnpia', 'me')
    >>> url_to_endpoints("http://h/repo#query=sparql&update=http://w/update&gsp=data").update
    'http://w/update'

    Raises:
        StoreError: an unknown server kind, a scheme other than http(s), a query string, or an
            unknown key in the fragment.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        msg = f"{url}: not a URL"
        raise StoreError(msg)
    kind, plus, transport = scheme.lower().rpartition("+")
    if not plus:
        kind = "oxigraph"
    if transport not in ("http", "https"):
        msg = f"{url}: a remote store is reached over http or https, not {transport}"
        raise StoreError(msg)
    if kind not in PROFILES:
        msg = f"{url}: unknown server kind {kind!r} (known: {', '.join(PROFILES)})"
        raise StoreError(msg)
    parts = urlsplit(f"{transport}://{rest}")
    if parts.query:
        msg = f"{url}: no query string in a store URL (name endpoints in the fragment: #query=…)"
        raise StoreError(msg)
    host = parts.hostname or ""
    if not host:
        msg = f"{url}: no host in the URL"
        raise StoreError(msg)
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    base = urlunsplit((transport, netloc, parts.path.rstrip("/"), "", ""))
    paths = dict(zip(("query", "update", "gsp"), PROFILES[kind], strict=True))
    for key, value in parse_qsl(parts.fragment.replace(";", "&"), keep_blank_values=True):
        if key not in paths:
            msg = f"{url}: unknown endpoint {key!r} in the fragment (query, update, gsp)"
            raise StoreError(msg)
        paths[key] = value
    shown = base if not plus else f"{kind}+{base}"
    if parts.fragment:
        shown += "#" + parts.fragment
    return Endpoints(
        query=_join(base, paths["query"]),
        update=_join(base, paths["update"]),
        gsp=_join(base, paths["gsp"]),
        location=shown,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def term_to_sparql(term: OxTerm) -> str:
    """A term in SPARQL syntax, as pyoxigraph serialises it (a triple term as ``<<( … )>>``).

    >>> term_to_sparql(ox.Literal('a "b"', language="ja"))
    '"a \\\\"b\\\\""@ja'
    >>> s, p = ox.NamedNode("http://s"), ox.NamedNode("http://p")
    >>> term_to_sparql(ox.Triple(s, p, ox.Literal("o")))
    '<<( <http://s> <http://p> "o" )>>'

    Raises:
        StoreError: a blank node (a VALUES block cannot hold one).
    """
    if isinstance(term, ox.Triple):
        parts = (term_to_sparql(term.subject), term_to_sparql(term.predicate))
        return f"<<( {parts[0]} {parts[1]} {term_to_sparql(term.object)} )>>"
    if isinstance(term, ox.BlankNode):
        msg = f"cannot bind the blank node {term} on a remote store"
        raise StoreError(msg)
    return str(term)


def _where_offset(sparql: str) -> int | None:
    """Where the WHERE group of a query opens (just after its ``{``); None for the CONSTRUCT
    WHERE short form, whose group is also its template."""
    form: str | None = None
    depth = 0
    skip_template = False
    tokens = _TOKEN.finditer(sparql)
    for match in tokens:
        kind = match.lastgroup
        text = match.group()
        if form is None:
            if kind == "word" and text.upper() in _FORMS:
                form = text.upper()
                skip_template = form == "CONSTRUCT"
            continue
        if kind == "punct" and text == "(":
            depth += 1
        elif kind == "punct" and text == ")":
            depth -= 1
        elif kind == "word" and text.upper() == "WHERE" and skip_template:
            return None  # CONSTRUCT WHERE { … }: no room for VALUES inside
        elif kind == "punct" and text == "{" and depth == 0:
            if not skip_template:
                return match.end()
            skip_template = False
            _skip_group(tokens)
    return None


def _skip_group(tokens: Iterator[re.Match[str]]) -> None:
    depth = 1
    for match in tokens:
        if match.lastgroup == "punct" and match.group() == "{":
            depth += 1
        elif match.lastgroup == "punct" and match.group() == "}":
            depth -= 1
            if depth == 0:
                return


def bind_values(sparql: str, bound: Mapping[ox.Variable, OxTerm]) -> str:
    """The query with ``bound`` as a ``VALUES`` block opening its WHERE clause.

    The block joins the rest of the WHERE group, which answers as the substitution does for
    the queries mnpia binds (a variable used in that group, not only in a sub-select). The CONSTRUCT
    WHERE short form gets a trailing VALUES clause instead.

    >>> print(bind_values("SELECT ?s WHERE { ?s ?p ?o }", {ox.Variable("o"): ox.Literal("} #")}))
    SELECT ?s WHERE {
      VALUES (?o) { ("} #") }
     ?s ?p ?o }
    """
    if not bound:
        return sparql
    variables = " ".join(f"?{variable.value}" for variable in bound)
    row = " ".join(term_to_sparql(term) for term in bound.values())
    block = f"VALUES ({variables}) {{ ({row}) }}"
    at = _where_offset(sparql)
    if at is None:
        return f"{sparql}\n{block}\n"
    return f"{sparql[:at]}\n  {block}\n{sparql[at:]}"


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _MAX_MESSAGE else line[: _MAX_MESSAGE - 1] + "…"


def _media(response: httpx.Response) -> str:
    media: str = response.headers.get("content-type", "")
    return media.split(";")[0].strip().lower()


class RemoteStore(ClosedOnExit):
    """A store on a SPARQL 1.1 server. Use :func:`open_remote` (or :func:`graph.store.open_store`
    with a URL); close it (or use ``with``) to release its connections."""

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        read_only: bool,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        auth = (
            httpx.BasicAuth(endpoints.username, endpoints.password or "")
            if endpoints.username is not None
            else None
        )
        self._endpoints = endpoints
        self._read_only = read_only
        self._timeout_s = timeout_s
        self._client: httpx.Client | None = httpx.Client(
            auth=auth,
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
            headers={"User-Agent": "mnpia"},
            transport=transport,
        )

    # -- life cycle -------------------------------------------------------------------------

    @property
    def location(self) -> str:
        """The URL of the server, without credentials."""
        return self._endpoints.location

    @property
    def endpoints(self) -> Endpoints:
        """The query, update and graph store URLs."""
        return self._endpoints

    @property
    def read_only(self) -> bool:
        """Whether the store refuses writes (mnpia's side: the server may refuse them too)."""
        return self._read_only

    def flush(self) -> None:
        """Nothing to do: every update request is written when it returns."""

    def close(self) -> None:
        """Close the HTTP connections."""
        client, self._client = self._client, None
        if client is not None:
            client.close()

    # -- HTTP -------------------------------------------------------------------------------

    def _request(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """One HTTP request; transport failures as one-line :class:`StoreError`."""
        client = self._client
        if client is None:
            msg = f"{self.location}: the store is closed"
            raise StoreError(msg)
        try:
            return client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException as error:
            msg = (
                f"{url}: no answer within {self._timeout_s:g} s (timed out; raise "
                "MNPIA_STORE_TIMEOUT_S or --store-timeout)"
            )
            raise StoreError(msg) from error
        except httpx.ConnectError as error:
            msg = f"{url}: cannot connect ({_one_line(str(error))}); is the SPARQL server running?"
            raise StoreError(msg) from error
        except httpx.HTTPError as error:
            msg = f"{url}: {type(error).__name__}: {_one_line(str(error))}"
            raise StoreError(msg) from error

    def _failed(self, url: str, response: httpx.Response) -> StoreError:
        code = response.status_code
        said = _one_line(response.text) if response.content else response.reason_phrase
        if code in (401, 403):
            return StoreError(
                f"{url}: HTTP {code} {response.reason_phrase}: the server refused the request "
                f"({said}); give credentials in the store URL (http://user:password@host/…)"
            )
        if code == 404:
            return StoreError(f"{url}: HTTP 404: no such endpoint ({said}); check the store URL")
        return StoreError(f"{url}: HTTP {code} {response.reason_phrase}: {said}")

    def _writable(self) -> None:
        if self._read_only:
            msg = f"{self.location}: the store is opened read-only"
            raise StoreError(msg)

    def _update(self, update: str) -> None:
        """One SPARQL Update request: the server applies it as one transaction."""
        self._writable()
        url = self._endpoints.update
        response = self._request(
            "POST",
            url,
            content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
        if response.status_code >= 300:
            raise self._failed(url, response)

    def _graph_url(self, name: ox.NamedNode) -> tuple[str, dict[str, str]]:
        return self._endpoints.gsp, {"graph": name.value}

    def _graph_triples(self, name: ox.NamedNode) -> list[ox.Triple] | None:
        """The triples of a named graph (Graph Store Protocol GET); None when it is absent."""
        url, params = self._graph_url(name)
        response = self._request(
            "GET", url, params=params, headers={"Accept": "application/n-triples"}
        )
        if response.status_code == 404:
            return None
        if response.status_code >= 300:
            raise self._failed(url, response)
        fmt = _GRAPH_FORMATS.get(_media(response), ox.RdfFormat.N_TRIPLES)
        try:
            parsed = ox.parse(input=response.content, format=fmt)
            return [ox.Triple(q.subject, q.predicate, q.object) for q in parsed]
        except (SyntaxError, ValueError) as error:
            msg = f"{url}: the graph {name.value} does not parse ({_one_line(str(error))})"
            raise StoreError(msg) from error

    # -- reading ----------------------------------------------------------------------------

    def query(self, sparql: str, *, substitutions: Substitutions | None = None) -> QueryResult:
        """Run a SPARQL query on the server (its default graph: the union of the named graphs).

        Args:
            sparql: the query text (a query, not an update).
            substitutions: values for variables, as :meth:`graph.store.Store.query` takes them
                (a substituted variable must be projected); sent as a ``VALUES`` block.

        Raises:
            QuerySyntaxError: the query does not parse (here, or on the server: HTTP 400).
            StoreError: the server cannot answer it, or cannot be reached.
        """
        if substitutions:
            bound = substitutions_to_terms(substitutions)
            try:
                _EMPTY.query(sparql, substitutions=bound)
            except SyntaxError as error:
                raise QuerySyntaxError(f"malformed SPARQL: {_one_line(str(error))}") from error
            except (OSError, RuntimeError, ValueError, TypeError) as error:
                msg = f"query failed: {_one_line(str(error))}"
                raise StoreError(msg) from error
            sparql = bind_values(sparql, bound)
        url = self._endpoints.query
        response = self._request(
            "POST", url, data={"query": sparql}, headers={"Accept": RESULTS_ACCEPT}
        )
        if response.status_code == 400:
            raise QuerySyntaxError(f"malformed SPARQL: {_one_line(response.text)}")
        if response.status_code >= 300:
            raise self._failed(url, response)
        return self._answer(url, response)

    def _answer(self, url: str, response: httpx.Response) -> QueryResult:
        media = _media(response)
        try:
            if media in _RESULT_FORMATS:
                return ox.parse_query_results(response.content, format=_RESULT_FORMATS[media])
            if media in _GRAPH_FORMATS:
                # The CONSTRUCT triples, handed back as pyoxigraph's own QueryTriples.
                memory = ox.Store()
                memory.extend(
                    ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                    for q in ox.parse(input=response.content, format=_GRAPH_FORMATS[media])
                )
                return memory.query("CONSTRUCT WHERE { ?s ?p ?o }")
        except (SyntaxError, ValueError) as error:
            msg = f"{url}: the answer does not parse ({_one_line(str(error))})"
            raise StoreError(msg) from error
        msg = f"{url}: the server answered {media or 'without a content type'}, not SPARQL results"
        raise StoreError(msg)

    def _select(self, sparql: str, **bound: OxTerm) -> ox.QuerySolutions:
        answer = self.query(sparql, substitutions=bound or None)
        if not isinstance(answer, ox.QuerySolutions):
            msg = f"{self.location}: expected a SELECT answer"
            raise StoreError(msg)
        return answer

    def _ask(self, sparql: str) -> bool:
        answer = self.query(sparql)
        if not isinstance(answer, ox.QueryBoolean):
            msg = f"{self.location}: expected an ASK answer"
            raise StoreError(msg)
        return bool(answer)

    def _contains_graph(self, name: ox.NamedNode) -> bool:
        return self._ask(f"ASK {{ GRAPH {name} {{ ?s ?p ?o }} }}")

    def triple_count(self, graph_name: URIRef | str | None = None) -> int:
        """Quads in the named graphs of the server, or in one graph."""
        if graph_name is None:
            text = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_named(graph_name)} {{ ?s ?p ?o }} }}"
        return sum(_int(row["n"]) for row in self._select(text))

    def _graphs_under(self, base: str) -> list[URIRef]:
        answer = self._select(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { } "
            f"FILTER(STRSTARTS(STR(?g), {ox.Literal(base)})) }}"
        )
        return sorted(
            URIRef(row["g"].value) for row in answer if isinstance(row["g"], ox.NamedNode)
        )

    def graph_names(self) -> list[URIRef]:
        """Names of the assessment graphs, sorted."""
        return self._graphs_under(_ASSESSMENT_GRAPH_BASE)

    def document_graph(self, graph_name: URIRef | str) -> Graph:
        """The triples of one named graph as an rdflib graph (empty when absent)."""
        name = _named(graph_name)
        graph = Graph(identifier=URIRef(name.value))
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        triples = self._graph_triples(name) or []
        try:
            return quads_to_graph(
                (ox.Quad(t.subject, t.predicate, t.object) for t in triples), graph
            )
        except TypeError as error:
            msg = f"{name.value}: {_one_line(str(error))}"
            raise StoreError(msg) from error

    def documents(self) -> list[DocumentInfo]:
        """Every assessment on the server, sorted by graph name (two queries in all)."""
        base = ox.Literal(_ASSESSMENT_GRAPH_BASE)
        counts = {
            row["g"].value: _int(row["n"])
            for row in self._select(
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                f"FILTER(STRSTARTS(STR(?g), {base})) }} GROUP BY ?g"
            )
            if isinstance(row["g"], ox.NamedNode)
        }
        facts: dict[str, dict[tuple[str, str], list[OxTerm]]] = {}
        assessments: dict[str, list[OxSubject]] = {}
        for row in self._select(_documents_query(base)):
            g, s, p, o = row["g"], row["s"], row["p"], row["o"]
            if not isinstance(g, ox.NamedNode) or not isinstance(p, ox.NamedNode):
                continue
            if s is None or o is None or isinstance(s, ox.Literal):
                continue
            facts.setdefault(g.value, {}).setdefault((str(s), p.value), []).append(o)
            if p == _ox(RDF.type) and o == _ox(MNPIA.Assessment):
                assessments.setdefault(g.value, []).append(s)
        infos: list[DocumentInfo] = []
        # Graphs both reads saw: one written or removed in between is left for the next call.
        for graph_name in sorted(URIRef(g) for g in assessments if g in counts):
            index = facts[str(graph_name)]

            def objects(
                subject: OxSubject,
                predicate: URIRef,
                index: dict[tuple[str, str], list[OxTerm]] = index,
            ) -> list[OxTerm]:
                return list(dict.fromkeys(index.get((str(subject), str(predicate)), [])))

            for a in sorted(dict.fromkeys(assessments[str(graph_name)]), key=str):
                infos.append(
                    assessment_to_info(
                        a,
                        graph_name=graph_name,
                        triples=counts.get(str(graph_name), 0),
                        objects=objects,
                    )
                )
        return infos

    def stats(self) -> dict[str, int]:
        """Instances per class in the assessment graphs (distinct nodes), keyed by short name."""
        answer = self._select(
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } "
            f"FILTER(STRSTARTS(STR(?g), {ox.Literal(_ASSESSMENT_GRAPH_BASE)})) }} GROUP BY ?class"
        )
        return class_counts(answer)

    def export(
        self,
        out: BinaryIO,
        *,
        fmt: ExportFormat,
        include_ontology: bool = False,
        include_revisions: bool = False,
    ) -> None:
        """Write the assessment graphs to ``out``, as :meth:`graph.store.Store.export` does
        (the same bytes for the same graphs, blank node labels aside)."""
        if fmt not in _EXPORT_FORMATS:
            msg = f"unknown export format {fmt!r} (trig, nquads, turtle)"
            raise StoreError(msg)
        names = [_named(g) for g in self.graph_names()]
        ontology = _named(iri.ONTOLOGY_GRAPH)
        if include_ontology and self._contains_graph(ontology):
            names.insert(0, ontology)
        if include_revisions:
            names.extend(_named(g) for g in self._graphs_under(iri.REVISION_GRAPH_BASE))
        if not names:
            return
        try:
            if fmt == "turtle":
                graphs = " ".join(str(name) for name in names)
                answer = self._select(
                    "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                    f"VALUES ?g {{ {graphs} }} }} ORDER BY ?s ?p ?o"
                )
                triples = (ox.Triple(row["s"], row["p"], row["o"]) for row in answer)
                ox.serialize(triples, out, _EXPORT_FORMATS[fmt], prefixes=PREFIXES)
                return
            for name in names:
                quads = sorted(
                    (
                        ox.Quad(t.subject, t.predicate, t.object, name)
                        for t in self._graph_triples(name) or []
                    ),
                    key=str,
                )
                ox.serialize(
                    quads, out, _EXPORT_FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None
                )
        except OSError as error:
            msg = f"export failed: {_one_line(str(error))}"
            raise StoreError(msg) from error

    def revisions(self, assessment: URIRef | str) -> list[RevisionInfo]:
        """The earlier versions kept of an assessment (IRI, graph name or key), oldest first."""
        return solutions_to_revisions(
            self._select(REVISIONS_QUERY, assessment=assessment_of(assessment))
        )

    def revision_graph(self, revision: URIRef | str) -> Graph:
        """What an earlier version stated, rebuilt as its assessment graph (named as it was)."""
        name, graph_name = revision_graph_name(revision)
        return revision_to_graph(revision, self._graph_triples(name) or [], graph_name)

    # -- writing ----------------------------------------------------------------------------

    def replace_document(self, doc: DocumentGraph, *, keep_history: bool = False) -> int:
        """Write ``doc`` as its named graph, replacing it, in one update request (atomic).

        With ``keep_history``, the version it replaces (when read from another text) is kept
        as a revision in the same request. Returns the number of triples written.
        """
        new = document_to_new_graph(doc, lambda graph: graph_to_quads(doc.graph, graph))
        return self._write(new, keep_history=keep_history)

    def write_nquads(
        self, graph_name: URIRef | str, data: bytes, *, keep_history: bool = False
    ) -> int:
        """Replace one assessment graph by the N-Quads (or N-Triples) of ``data``, as
        :meth:`replace_document` does (one update request)."""
        return self._write(nquads_to_new_graph(graph_name, data), keep_history=keep_history)

    def add_new_documents(self, documents: Sequence[tuple[str, bytes]]) -> None:
        """Add assessments the server does not hold yet: one update request each, so that a
        failure leaves whole documents (a SPARQL 1.1 server has no multi-request transaction)."""
        for name, nquads in documents:
            if self.holds_graph(name):
                msg = f"{self.location}: {name} is already in the store: not a new document"
                raise StoreError(msg)
            self.write_nquads(name, nquads)

    def holds_graph(self, graph_name: URIRef | str) -> bool:
        """True when the server holds the named graph of this assessment."""
        return self._contains_graph(assessment_graph_name(graph_name))

    def _write(self, new: NewGraph, *, keep_history: bool) -> int:
        self._writable()
        target = new.target
        try:
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in new.quads(target)]
        except (ValueError, TypeError) as error:
            msg = f"{self.location}: could not write {target.value}: {_one_line(str(error))}"
            raise StoreError(msg) from error
        if not triples:
            msg = f"nothing to write into {target.value}: the graph is empty"
            raise StoreError(msg)
        graphs: list[tuple[ox.NamedNode, Iterable[ox.Triple]]] = [(target, triples)]
        plan = self._revision_plan(new) if keep_history else None
        if plan is not None:
            graphs.append((plan.graph_name, plan.triples))
        self._update(replacement_update(graphs))
        return new.count

    def _revision_plan(self, new: NewGraph) -> RevisionPlan | None:
        return revision_plan(self, new, self._graph_triples(new.target) or [])

    def remove_document(self, ref: URIRef | str) -> int:
        """Remove an assessment, named by its IRI or its graph name (GSP ``DELETE``). Atomic.

        Returns:
            The number of triples removed (0 when the server did not hold it).
        """
        self._writable()
        name = _assessment_graph_of(ref)
        count = self.triple_count(name.value)
        if count == 0:
            return 0
        url, params = self._graph_url(name)
        response = self._request("DELETE", url, params=params)
        if response.status_code == 404:
            return 0
        if response.status_code >= 300:
            raise self._failed(url, response)
        return count

    def ensure_ontology(self) -> bool:
        """Load the ontology and vocabularies into their graph unless it is already current
        (one update request when it is not). Returns True when the graph was (re)loaded."""
        files = ontology_files()
        try:
            digest = "sha256:" + files_hash(files, ONTOLOGY_DIR)
        except OSError as error:
            msg = f"cannot read the ontology files ({_one_line(str(error))})"
            raise StoreError(msg) from error
        target = _named(iri.ONTOLOGY_GRAPH)
        marker = _ox(DCTERMS.identifier)
        current = {
            row["d"].value
            for row in self._select(
                f"SELECT ?d WHERE {{ GRAPH {target} {{ {target} {marker} ?d }} }}"
            )
            if isinstance(row["d"], ox.Literal)
        }
        if current == {digest}:
            return False
        triples = chain([ox.Triple(target, marker, ox.Literal(digest))], _ontology_triples(files))
        self._update(replacement_update([(target, triples)]))
        return True

    # -- the union default graph ------------------------------------------------------------

    def check_union_default_graph(self) -> None:
        """Refuse a server whose default graph is not the union of its named graphs.

        One triple of some named graph must be in the default graph. A server holding no named
        graph is probed, when writable, with a one-triple graph written and dropped again.

        Raises:
            StoreError: the server is not configured so (with how to configure it), or cannot
                be reached.
        """
        answer = self._select(
            "SELECT ?seen WHERE { { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 } "
            "BIND(EXISTS { ?s ?p ?o } AS ?seen) }"
        )
        rows = [row["seen"] for row in answer]
        if rows:
            union = any(isinstance(seen, ox.Literal) and seen.value == "true" for seen in rows)
        elif self._read_only:
            return  # nothing to read yet, and nothing mnpia may write to find out
        else:
            union = self._probe_union()
        if not union:
            msg = (
                f"{self.location}: the server's default graph is not the union of its named "
                f"graphs; {UNION_HELP}"
            )
            raise StoreError(msg)

    def _probe_union(self) -> bool:
        probe = _named(iri.staging_graph_iri("probe-" + uuid.uuid4().hex))
        self._update(replacement_update([(probe, [ox.Triple(probe, probe, ox.Literal("probe"))])]))
        try:
            return self._ask(f"ASK {{ {probe} {probe} ?o }}")
        finally:
            self._update(f"DROP SILENT GRAPH {probe}")


def _ontology_triples(files: Iterable[Path]) -> Iterator[ox.Triple]:
    for path in files:
        try:
            for quad in ox.parse(path=path, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True):
                yield ox.Triple(quad.subject, quad.predicate, quad.object)
        except SyntaxError as error:
            msg = f"{path.name}: {_one_line(str(error))}"
            raise StoreError(msg) from error


def _documents_query(base: ox.Literal) -> str:
    """Every fact :func:`graph.store.assessment_to_info` reads, for every assessment graph."""
    return f"""\
PREFIX mnpia: <{MNPIA}>
PREFIX dct: <{DCTERMS}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
SELECT ?g ?s ?p ?o WHERE {{
  GRAPH ?g {{
    {{ ?a a mnpia:Assessment . BIND(?a AS ?s) BIND(rdf:type AS ?p) BIND(mnpia:Assessment AS ?o) }}
    UNION {{ ?a ?p ?o . BIND(?a AS ?s)
             VALUES ?p {{ dct:title mnpia:assessmentNumber mnpia:extractionStatus dct:publisher
                          prov:wasDerivedFrom }} }}
    UNION {{ ?a dct:publisher ?s . ?s ?p ?o .
             VALUES ?p {{ rdf:type rdfs:label mnpia:municipality }} }}
    UNION {{ ?a dct:publisher/mnpia:municipality ?s . ?s rdfs:label ?o . BIND(rdfs:label AS ?p) }}
    UNION {{ ?a prov:wasDerivedFrom ?s . ?s mnpia:fileName ?o . BIND(mnpia:fileName AS ?p) }}
  }}
  FILTER(STRSTARTS(STR(?g), {base}))
}}
"""


def _named(term: URIRef | str) -> ox.NamedNode:
    try:
        return ox.NamedNode(str(term))
    except ValueError as error:
        msg = f"not a valid IRI: {str(term)!r} ({_one_line(str(error))})"
        raise StoreError(msg) from error


def _assessment_graph_of(ref: URIRef | str) -> ox.NamedNode:
    text = str(ref)
    if text.startswith(_ASSESSMENT_GRAPH_BASE):
        return assessment_graph_name(text)
    key = iri.assessment_iri_to_key(text)
    if key is None:
        msg = f"not an assessment IRI or graph name: {text}"
        raise StoreError(msg)
    return _named(iri.assessment_graph_iri(key))


def _ox(term: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _int(term: object) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else 0


def _short(value: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if value.startswith(namespace):
            return f"{prefix}:{value[len(namespace) :]}"
    return value


def open_remote(
    url: str, *, read_only: bool = False, timeout_s: float = DEFAULT_TIMEOUT_S
) -> RemoteStore:
    """Open the store on the SPARQL server at ``url`` and check it can serve mnpia.

    Raises:
        StoreError: one line naming the URL and the problem: a URL mnpia cannot read, a server
            that does not answer (refused, timed out), an HTTP error, or a default graph that is
            not the union of the named graphs.
    """
    if timeout_s <= 0:
        msg = f"{url}: the timeout must be greater than 0 s, not {timeout_s:g}"
        raise StoreError(msg)
    store = RemoteStore(url_to_endpoints(url), read_only=read_only, timeout_s=timeout_s)
    try:
        store.check_union_default_graph()
    except BaseException:
        store.close()
        raise
    return store


__all__ = [
    "PROFILES",
    "UNION_HELP",
    "Endpoints",
    "RemoteStore",
    "bind_values",
    "open_remote",
    "term_to_sparql",
    "url_to_endpoints",
]
