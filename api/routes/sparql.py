"""The SPARQL 1.1 Protocol endpoint ``/sparql`` (read-only).

* ``GET /sparql?query=…``, ``POST`` form-encoded (``query=…``) and ``POST`` with
  ``Content-Type: application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri`` choose
  the dataset (without them the default graph is the union of the named graphs, as in
  :meth:`graph.store.GraphStore.query`).
* Results by content negotiation, or ``format=`` (``json``, ``xml``, ``csv``, ``tsv``,
  ``turtle``, ``ntriples``, ``jsonld`` or a media type) for browsers.
* Refused with ``application/problem+json``: updates (400), ``SERVICE`` (400), a query longer
  than ``MNPIA_SPARQL_MAX_QUERY_BYTES`` (413), a malformed query (400, with the parser's
  message), a query past ``MNPIA_SPARQL_TIMEOUT_S`` (422: asking again would not help, so it
  is the client's to narrow the query, not a server error).
* At most ``MNPIA_SPARQL_MAX_ROWS`` solutions or triples; when more exist the answer is cut and
  ``X-MNPIA-Truncated: true`` says so.
* ``GET /sparql`` without a query: the service description (Turtle, ``sd:Service``).

Time limit: pyoxigraph cannot cancel a query, so each query runs in a worker thread; past the
limit the request answers 422 and the thread finishes in the background (its result is
dropped). At most :data:`MAX_RUNNING` queries run at once (503 beyond, with ``Retry-After``),
so abandoned queries cannot pile up without bound.

Datasets: the store answers over the union of its named graphs. When a request names its
dataset (``default-graph-uri``, ``named-graph-uri``) or the query does (``FROM``,
``FROM NAMED``), the graphs named are read through :meth:`graph.store.GraphStore.query` into an
in-memory store (kept for the next requests) and the query runs there with exactly that
dataset: the protocol's parameters win over the query's clauses, a default graph not named
is empty, and only the named graphs given can be reached with ``GRAPH``.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep
from api.problem import ProblemError
from graph.errors import StoreError
from graph.mapping import PREFIXES
from graph.store import GraphStore, QuerySyntaxError

router = APIRouter(tags=["sparql"])

MAX_RUNNING: Final = 8
"""Most queries running at once (abandoned ones included)."""
KEPT_DATASETS: Final = 4
"""In-memory copies of the graphs of explicit datasets kept per app."""
MAX_DATASET_GRAPHS: Final = 100
"""Most graphs a dataset may name (each is copied into memory)."""
TRUNCATED_HEADER: Final = "X-MNPIA-Truncated"

_running = threading.BoundedSemaphore(MAX_RUNNING)

_SKIPPED: Final = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*"
    r"|[?$]\w+"
    r"|(?:[^\W\d][\w.\-]*)?:[\w.\-:%\\]*",
    re.DOTALL,
)
"""What cannot hold a keyword: strings, IRIs, comments, variables, prefixed names."""
_SERVICE: Final = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_FROM: Final = re.compile(r"\bFROM\b", re.IGNORECASE)
_UPDATE: Final = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", re.IGNORECASE
)

RESULT_FORMATS: Final[dict[str, ox.QueryResultsFormat]] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: Final[dict[str, ox.RdfFormat]] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
FORMAT_NAMES: Final[dict[str, str]] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "n3": "text/turtle",
}
"""Short names accepted by ``format=`` (``json`` means JSON-LD for CONSTRUCT/DESCRIBE; ``n3``
is answered in Turtle, which is N3)."""


def query_to_keywords(query: str) -> str:
    """The query with strings, IRIs, comments, variables and prefixed names blanked out.

    >>> query_to_keywords('SELECT ?service WHERE { ?s ex:service "SERVICE" } # SERVICE').split()
    ['SELECT', 'WHERE', '{', '}']
    """
    return _SKIPPED.sub(" ", query)


def uses_service(query: str) -> bool:
    """Whether ``query`` has a ``SERVICE`` clause (outside strings, IRIs and comments).

    >>> uses_service("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT * { ?s ?p "SERVICE <http://x>" } # service')
    False
    """
    return _SERVICE.search(query_to_keywords(query)) is not None


def looks_like_update(query: str) -> bool:
    """Whether text that failed to parse as a query is an update (INSERT, DELETE, LOAD …).

    >>> looks_like_update("INSERT DATA { <http://a> <http://b> 'delete' }")
    True
    >>> looks_like_update("SELECT ?insert WHERE { ?s ex:drop ?o")
    False
    """
    return _UPDATE.search(query_to_keywords(query)) is not None


# ---------------------------------------------------------------------------------------------
# running a query
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """A query result, materialised up to the row limit."""

    variables: tuple[ox.Variable, ...] | None = None
    solutions: tuple[ox.QuerySolution, ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] | None = None
    truncated: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Dataset:
    """The RDF dataset of a request (``default-graph-uri`` / ``named-graph-uri``)."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        """Whether the request chose the dataset."""
        return bool(self.default_graphs or self.named_graphs)


def _iri(value: str, param: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as error:
        msg = f"{param}: not an IRI: {value!r}"
        raise ProblemError(400, "Invalid dataset", msg, kind="invalid-dataset") from error


def _graph_iris(iris: Sequence[str], param: str) -> list[ox.NamedNode]:
    if len(iris) > MAX_DATASET_GRAPHS:
        msg = f"{param} names {len(iris)} graphs; a dataset may name at most {MAX_DATASET_GRAPHS}"
        raise ProblemError(400, "Invalid dataset", msg, kind="invalid-dataset")
    return [_iri(value, param) for value in iris]


def query_dataset(query: str) -> Dataset | None:
    """The dataset a query's ``FROM`` / ``FROM NAMED`` clauses describe, None without them.

    >>> query_dataset("PREFIX g: <http://g/> SELECT * FROM g:a FROM NAMED <http://g/b> { }")
    Dataset(default_graphs=('http://g/a',), named_graphs=('http://g/b',))
    >>> query_dataset("SELECT * WHERE { ?s <http://x/from> ?o }") is None
    True

    Raises:
        ProblemError: the query has ``FROM`` but its clauses cannot be read (400).
    """
    if _FROM.search(query_to_keywords(query)) is None:
        return None
    try:
        clauses = translateQuery(parseQuery(query)).algebra.get("datasetClause") or []
    except Exception as error:  # rdflib's parser raises many kinds
        try:
            ox.Store().query(query)
        except SyntaxError as syntax:
            message = " ".join(str(syntax).split())
            raise ProblemError(400, "Malformed query", message, kind="malformed-query") from syntax
        raise ProblemError(
            400,
            "Unreadable dataset",
            "the FROM clauses of this query cannot be read; name the graphs with "
            f"default-graph-uri / named-graph-uri instead ({' '.join(str(error).split())})",
            kind="invalid-dataset",
        ) from error
    defaults = tuple(str(c["default"]) for c in clauses if "default" in c)
    named = tuple(str(c["named"]) for c in clauses if "named" in c)
    return Dataset(default_graphs=defaults, named_graphs=named) if defaults or named else None


_GRAPH_QUADS: Final = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def graphs_to_memory(store: GraphStore, graphs: Iterable[ox.NamedNode]) -> ox.Store:
    """An in-memory store holding these named graphs of ``store`` (absent ones are empty)."""
    copy = ox.Store()
    for graph in sorted(set(graphs), key=str):
        result = store.query(_GRAPH_QUADS, substitutions={"g": graph})
        assert isinstance(result, ox.QuerySolutions)
        copy.extend(ox.Quad(row["s"], row["p"], row["o"], graph) for row in result)
    return copy


class DatasetCache:
    """In-memory copies of the graphs datasets name, the most recently used kept."""

    def __init__(self, size: int = KEPT_DATASETS) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, ox.Store] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store: GraphStore, graphs: frozenset[ox.NamedNode], generation: int) -> ox.Store:
        """The copy of ``graphs`` (made on first use)."""
        key = (generation, graphs)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        copy = graphs_to_memory(store, graphs)
        with self._lock:
            self._items[key] = copy
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return copy

    def clear(self) -> None:
        """Forget every copy (the store changed)."""
        with self._lock:
            self._items.clear()


def _datasets(request: Request) -> DatasetCache:
    cache: DatasetCache | None = getattr(request.app.state, "datasets", None)
    if cache is None:
        cache = request.app.state.datasets = DatasetCache()
    return cache


def _materialise(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, limit: int
) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        return Answer(boolean=bool(result))
    rows: list[Any] = []
    truncated = False
    for item in result:
        if len(rows) == limit:
            truncated = True
            break
        rows.append(item)
    if isinstance(result, ox.QuerySolutions):
        return Answer(variables=tuple(result.variables), solutions=tuple(rows), truncated=truncated)
    return Answer(triples=tuple(rows), truncated=truncated)


def run_with_timeout(work: Callable[[], Answer], timeout_s: float) -> Answer:
    """Run ``work`` in a worker thread; 422 when it takes longer than ``timeout_s``.

    The thread is not stopped (pyoxigraph has no cancellation): it finishes in the background
    and its result is dropped.
    """
    if not _running.acquire(blocking=False):
        raise ProblemError(
            503,
            "Too many queries",
            f"{MAX_RUNNING} queries are running already; try again later",
            kind="busy",
            headers={"Retry-After": "5"},
        )
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["answer"] = work()
        except BaseException as error:  # handed to the request thread
            outcome["error"] = error
        finally:
            _running.release()

    thread = threading.Thread(target=target, name="mnpia-sparql", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        raise ProblemError(
            422,
            "Query time limit exceeded",
            f"the query ran longer than {timeout_s:g} s and was abandoned; narrow it (fewer "
            "patterns, a LIMIT, bound values) to answer within the limit",
            kind="query-timeout",
        )
    if "error" in outcome:
        raise outcome["error"]
    answer: Answer = outcome["answer"]
    return answer


def evaluate(
    request: Request, store: GraphStore, query: str, dataset: Dataset, limit: int
) -> Callable[[], Answer]:
    """The work of one query: parse, evaluate, materialise (errors as problems).

    ``dataset`` is the request's (``default-graph-uri`` / ``named-graph-uri``); without one,
    the query's own ``FROM`` clauses choose, and without those the default graph is the union
    of the named graphs.
    """
    defaults = _graph_iris(dataset.default_graphs, "default-graph-uri")
    named = _graph_iris(dataset.named_graphs, "named-graph-uri")
    generation: int = getattr(request.app.state, "generation", 0)
    cache = _datasets(request)

    def work() -> Answer:
        # Reading the FROM clauses parses the query again: under the time limit too.
        own = None if dataset.given else query_dataset(query)
        try:
            if dataset.given:
                copy = cache.get(store, frozenset(defaults + named), generation)
                result = copy.query(
                    query,
                    default_graph=list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph](defaults)
                    or [ox.DefaultGraph()],
                    named_graphs=list[ox.NamedNode | ox.BlankNode](named),
                )
            elif own is not None:
                graphs = _graph_iris(own.default_graphs, "FROM") + _graph_iris(
                    own.named_graphs, "FROM NAMED"
                )
                copy = cache.get(store, frozenset(graphs), generation)
                result = copy.query(query)  # its FROM clauses choose the dataset
            else:
                result = store.query(query)
            return _materialise(result, limit)
        except (QuerySyntaxError, SyntaxError) as error:
            if looks_like_update(query):
                raise _update_refused() from error
            message = " ".join(str(error).removeprefix("malformed SPARQL: ").split())
            raise ProblemError(400, "Malformed query", message, kind="malformed-query") from error
        except (StoreError, OSError, RuntimeError, ValueError, TypeError) as error:
            raise ProblemError(
                500, "Query failed", " ".join(str(error).split()), kind="query-failed"
            ) from error

    return work


def _update_refused() -> ProblemError:
    return ProblemError(
        400,
        "Updates are refused",
        "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR …) are refused",
        kind="update-refused",
    )


# ---------------------------------------------------------------------------------------------
# serialising an answer
# ---------------------------------------------------------------------------------------------


def term_to_json(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, Any]:
    """A term as SPARQL 1.1 Query Results JSON (with the ``triple`` type of SPARQL 1.2).

    >>> term_to_json(ox.Literal("x", language="ja"))
    {'type': 'literal', 'value': 'x', 'xml:lang': 'ja'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_to_json(term.subject),
                "predicate": term_to_json(term.predicate),
                "object": term_to_json(term.object),
            },
        }
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def answer_to_results_json(answer: Answer) -> bytes:
    """SPARQL results JSON of a SELECT or ASK answer."""
    if answer.boolean is not None:
        return json.dumps({"head": {}, "boolean": answer.boolean}).encode()
    variables = answer.variables or ()
    bindings = []
    for solution in answer.solutions:
        row = {}
        for variable in variables:
            term = solution[variable]
            if term is not None:
                row[variable.value] = term_to_json(term)
        bindings.append(row)
    body = {"head": {"vars": [v.value for v in variables]}, "results": {"bindings": bindings}}
    return json.dumps(body, ensure_ascii=False).encode()


def _accepted(accept: str) -> list[str]:
    """Media types of an Accept header, best first (q=0 dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, media.lower()))
    return [media for _q, _p, media in sorted(ranked)]


def choose(
    accept: str, formats: Sequence[str], offered: Sequence[str], default: str, *, graph: bool
) -> str:
    """The media type to answer with: ``format=`` first, then the Accept header.

    Clients such as SPARQLWrapper send ``format`` more than once (``format=tsv`` and
    ``format=text/tab-separated-values``, or an empty one): the first value offered wins,
    empty values are ignored.

    >>> choose("text/csv;q=0.5, application/sparql-results+xml", (), list(RESULT_FORMATS),
    ...        "application/sparql-results+json", graph=False)
    'application/sparql-results+xml'
    >>> choose("*/*", ("json-ld", ""), list(GRAPH_FORMATS), "text/turtle", graph=True)
    'application/ld+json'
    """
    given = [f.strip().lower() for f in formats if f.strip()]
    for fmt in given:
        wanted = "jsonld" if graph and fmt == "json" else fmt
        wanted = FORMAT_NAMES.get(wanted, wanted)
        if wanted in offered:
            return wanted
    if given:
        shown = ", ".join(repr(f) for f in given)
        raise _not_acceptable(f"format={shown} is not offered for this query", offered)
    accepted = _accepted(accept) or ["*/*"]
    for media in accepted:
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            major = media.split("/")[0]
            if major == "*" or default.startswith(major + "/"):
                return default
            return next((o for o in offered if o.startswith(major + "/")), default)
    raise _not_acceptable(f"none of the accepted media types ({accept}) is offered", offered)


def _not_acceptable(detail: str, offered: Sequence[str]) -> ProblemError:
    return ProblemError(
        406, "Not acceptable", detail, kind="not-acceptable", extensions={"offered": list(offered)}
    )


def answer_to_response(answer: Answer, accept: str, formats: Sequence[str]) -> Response:
    """Serialise ``answer`` in the negotiated format."""
    headers = {"Vary": "Accept", TRUNCATED_HEADER: "true" if answer.truncated else "false"}
    if answer.triples is not None:
        media = choose(accept, formats, list(GRAPH_FORMATS), "text/turtle", graph=True)
        rdf_format = GRAPH_FORMATS[media]
        body = ox.serialize(
            list(answer.triples),
            format=rdf_format,
            prefixes=dict(PREFIXES) if rdf_format is ox.RdfFormat.TURTLE else None,
        )
        charset = "" if media == "application/ld+json" else "; charset=utf-8"
        return Response(body or b"", media_type=media + charset, headers=headers)
    media = choose(
        accept, formats, list(RESULT_FORMATS), "application/sparql-results+json", graph=False
    )
    results_json = answer_to_results_json(answer)
    results_format = RESULT_FORMATS[media]
    if results_format is ox.QueryResultsFormat.JSON:
        body = results_json
    else:
        parsed = ox.parse_query_results(results_json, format=ox.QueryResultsFormat.JSON)
        body = parsed.serialize(format=results_format) or b""
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return Response(body, media_type=media + charset, headers=headers)


# ---------------------------------------------------------------------------------------------
# the protocol
# ---------------------------------------------------------------------------------------------


def service_description(endpoint: str, store: GraphStore) -> str:
    """The SPARQL service description of the endpoint, in Turtle."""
    graphs = "".join(
        f"        sd:namedGraph [ a sd:NamedGraph ; sd:name <{name}> ] ;\n"
        for name in store.graph_names()
    )
    formats = " , ".join(
        f"<http://www.w3.org/ns/formats/{name}>"
        for name in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "JSON-LD",
        )
    )
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix dct: <http://purl.org/dc/terms/> .\n\n"
        f"<{endpoint}> a sd:Service ;\n"
        f"    sd:endpoint <{endpoint}> ;\n"
        "    sd:supportedLanguage sd:SPARQL11Query ;\n"
        "    sd:feature sd:UnionDefaultGraph ;\n"
        f"    sd:resultFormat {formats} ;\n"
        '    dct:description "mnpia: My Number PIAs as a knowledge graph (read-only)" ;\n'
        "    sd:defaultDataset [\n"
        "        a sd:Dataset ;\n"
        f"{graphs}"
        "        sd:defaultGraph [ a sd:Graph ]\n"
        "    ] .\n"
    )


def _size_check(query: str, limit: int) -> None:
    size = len(query.encode("utf-8"))
    if size > limit:
        raise ProblemError(
            413,
            "Query too long",
            f"the query is {size} bytes; this endpoint takes at most {limit}",
            kind="query-too-long",
        )


def _answer(
    request: Request,
    store: GraphStore,
    settings: SettingsDep,
    query: str,
    dataset: Dataset,
    formats: Sequence[str],
) -> Response:
    _size_check(query, settings.sparql_max_query_bytes)
    if uses_service(query):
        raise ProblemError(
            400,
            "SERVICE is refused",
            "federated queries (SERVICE) are not allowed on this endpoint",
            kind="service-refused",
        )
    work = evaluate(request, store, query, dataset, settings.sparql_max_rows)
    answer = run_with_timeout(work, settings.sparql_timeout_s)
    return answer_to_response(answer, request.headers.get("accept", ""), formats)


def _dataset(params: dict[str, list[str]]) -> Dataset:
    return Dataset(
        default_graphs=tuple(params.get("default-graph-uri", [])),
        named_graphs=tuple(params.get("named-graph-uri", [])),
    )


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise ProblemError(
            400, "Invalid request", f"{name} is given {len(values)} times", kind="invalid-request"
        )
    return values[0] if values else None


_DOC_PARAMS: Final[list[dict[str, Any]]] = [
    {"name": "query", "in": "query", "schema": {"type": "string"}, "required": False},
    {"name": "default-graph-uri", "in": "query", "schema": {"type": "string"}},
    {"name": "named-graph-uri", "in": "query", "schema": {"type": "string"}},
    {"name": "format", "in": "query", "schema": {"type": "string"}},
]
_DOC_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    200: {
        "description": "Query results, or the service description without a query",
        "content": {m: {} for m in [*RESULT_FORMATS, *GRAPH_FORMATS]},
    },
    400: {"description": "Malformed query, update, or SERVICE (problem+json)"},
    406: {"description": "No offered format is acceptable"},
    413: {"description": "Query too long"},
    415: {"description": "Unsupported request media type (POST)"},
    422: {"description": "Query time limit exceeded"},
    503: {"description": "Too many queries running; try again (Retry-After)"},
}


@router.get(
    "/sparql",
    summary="SPARQL 1.1 query (GET), or the service description without a query",
    openapi_extra={"parameters": _DOC_PARAMS},
    responses=_DOC_RESPONSES,
    response_class=Response,
)
def sparql_get(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Run ``query`` (SPARQL 1.1 Protocol, query via GET)."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if "update" in params:
        raise _update_refused()
    query = _one(params, "query")
    if query is None:
        endpoint = str(request.url.replace(query=""))
        body = service_description(endpoint.rstrip("?"), store)
        return Response(body, media_type="text/turtle; charset=utf-8")
    return _answer(request, store, settings, query, _dataset(params), params.get("format", []))


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query (POST form-encoded, or application/sparql-query)",
    openapi_extra={
        "parameters": _DOC_PARAMS[1:],
        "requestBody": {
            "content": {
                "application/sparql-query": {"schema": {"type": "string"}},
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string"},
                            "default-graph-uri": {"type": "string"},
                            "named-graph-uri": {"type": "string"},
                            "format": {"type": "string"},
                        },
                    }
                },
            }
        },
    },
    responses=_DOC_RESPONSES,
    response_class=Response,
)
async def sparql_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Run a query sent in the body."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url_params = parse_qs(request.url.query, keep_blank_values=True)
    if media == "application/sparql-update" or "update" in url_params:
        raise _update_refused()
    body = await request.body()
    if len(body) > settings.sparql_max_query_bytes * 4 + 4096:
        _size_check(body.decode("utf-8", "replace"), settings.sparql_max_query_bytes)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProblemError(
            400, "Invalid request", "the body is not UTF-8", kind="invalid-request"
        ) from error
    if media == "application/sparql-query":
        params = url_params
        query: str | None = text
    elif media == "application/x-www-form-urlencoded":
        params = {**url_params}
        for key, values in parse_qs(text, keep_blank_values=True).items():
            params[key] = params.get(key, []) + values
        if "update" in params:
            raise _update_refused()
        query = _one(params, "query")
    else:
        raise ProblemError(
            415,
            "Unsupported media type",
            f"POST takes application/sparql-query or application/x-www-form-urlencoded, "
            f"not {media or 'no content type'}",
            kind="unsupported-media-type",
        )
    if not query:
        raise ProblemError(400, "Missing query", "no query was given", kind="missing-query")
    formats = params.get("format", [])
    dataset = _dataset(params)
    return await run_in_threadpool(_answer, request, store, settings, query, dataset, formats)
