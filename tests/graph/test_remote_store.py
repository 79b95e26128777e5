"""The remote store against a real Oxigraph server: the same answers as the embedded store.

The five corpus texts are ingested into an embedded store and, through :class:`RemoteStore`,
into ``oxigraph serve --union-default-graph``; every named query (with the parameters of its
documented example), the documents, counts, exports and the lineage projection must then agree.
Failures (server down, timeouts, HTTP errors, a server without the union default graph) are one
line naming the URL.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import shlex
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from remote_server import OxigraphServer, free_port, start_oxigraph

from graph import iri
from graph.errors import StoreError
from graph.ingestion import ingest_paths
from graph.mapping import records_to_graph
from graph.remote import RemoteStore, bind_values, open_remote, url_to_endpoints
from graph.store import GraphStore, QuerySyntaxError, Store, open_store
from ontology.namespace import MNPIA
from queries import named_queries, run_query, run_sparql
from queries.catalog import NamedQuery
from queries.projection import store_to_networkx

if TYPE_CHECKING:
    from conftest import Builders

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def example_params(query: NamedQuery) -> dict[str, str]:
    """The ``--param`` values of a named query's documented example."""
    words = shlex.split(query.example or "")
    params: dict[str, str] = {}
    for flag, value in itertools.pairwise(words):
        if flag in ("--param", "-p"):
            name, _, text = value.partition("=")
            params[name] = text
    return params


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """An Oxigraph server holding the corpus (ingested through the remote store)."""
    running = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "db")
    try:
        with open_store(running.url) as store:
            outcomes = list(ingest_paths(store, [CORPUS]))
        assert outcomes
        assert all(o.ok for o in outcomes)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def embedded_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the corpus."""
    path = tmp_path_factory.mktemp("embedded") / "store"
    with open_store(path) as store:
        outcomes = list(ingest_paths(store, [CORPUS]))
    assert outcomes
    assert all(o.ok for o in outcomes)
    return path


@pytest.fixture
def both(server: OxigraphServer, embedded_path: Path) -> Iterator[tuple[Store, GraphStore]]:
    """The embedded store and the remote store, both holding the corpus (read-only)."""
    with (
        open_store(embedded_path, read_only=True) as embedded,
        open_store(server.url, read_only=True) as remote,
    ):
        assert isinstance(remote, RemoteStore)
        yield embedded, remote


@pytest.fixture(scope="module")
def scratch_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A second server for the tests that write (emptied before each of them)."""
    running = start_oxigraph(tmp_path_factory.mktemp("scratch") / "db")
    yield running
    running.stop()


@pytest.fixture
def scratch(scratch_server: OxigraphServer) -> Iterator[GraphStore]:
    """The remote store on the emptied scratch server, writable."""
    scratch_server.clear()
    with open_store(scratch_server.url) as store:
        yield store


# -- the same answers --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_answers_the_same(both: tuple[Store, GraphStore], name: str) -> None:
    embedded, remote = both
    params = example_params(named_queries()[name])
    ours, theirs = run_query(embedded, name, params), run_query(remote, name, params)
    assert ours.columns == theirs.columns
    assert sorted(ours.rows, key=repr) == sorted(theirs.rows, key=repr)


def test_the_examples_answer_something(both: tuple[Store, GraphStore]) -> None:
    # The comparison above is only worth something if the examples find data in the corpus.
    embedded, _ = both
    answered = [
        name
        for name, query in named_queries().items()
        if run_query(embedded, name, example_params(query)).rows
    ]
    assert len(answered) >= len(named_queries()) * 2 // 3, answered


def test_documents_counts_and_stats_agree(both: tuple[Store, GraphStore]) -> None:
    embedded, remote = both
    assert remote.graph_names() == embedded.graph_names()
    assert remote.documents() == embedded.documents()
    assert remote.stats() == embedded.stats()
    assert remote.triple_count() == embedded.triple_count()
    for name in embedded.graph_names():
        assert remote.triple_count(name) == embedded.triple_count(name)
        assert isomorphic(remote.document_graph(name), embedded.document_graph(name))


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle"])
def test_exports_are_the_same_bytes(both: tuple[Store, GraphStore], fmt: str) -> None:
    embedded, remote = both
    ours, theirs = io.BytesIO(), io.BytesIO()
    embedded.export(ours, fmt=fmt)  # type: ignore[arg-type]
    remote.export(theirs, fmt=fmt)  # type: ignore[arg-type]
    assert ours.getvalue() == theirs.getvalue()
    assert len(ours.getvalue()) > 100_000


def test_the_lineage_projection_is_the_same(both: tuple[Store, GraphStore]) -> None:
    embedded, remote = both
    ours, theirs = store_to_networkx(embedded), store_to_networkx(remote)
    assert ours.number_of_nodes() > 100
    assert nx.utils.nodes_equal(ours.nodes(data=True), theirs.nodes(data=True))
    assert sorted(map(repr, ours.edges(keys=True, data=True))) == sorted(
        map(repr, theirs.edges(keys=True, data=True))
    )


def test_ask_and_construct_come_back_as_pyoxigraph_answers(
    both: tuple[Store, GraphStore],
) -> None:
    embedded, remote = both
    ask = f"ASK {{ ?a a <{MNPIA.Assessment}> }}"
    assert isinstance(remote.query(ask), ox.QueryBoolean)
    assert run_sparql(remote, ask) is True
    construct = (
        f"CONSTRUCT {{ ?a <{MNPIA.assessmentNumber}> ?n }} "
        f"WHERE {{ ?a <{MNPIA.assessmentNumber}> ?n }}"
    )
    assert isinstance(remote.query(construct), ox.QueryTriples)
    ours, theirs = run_sparql(embedded, construct), run_sparql(remote, construct)
    assert sorted(ours.ntriples) == sorted(theirs.ntriples)  # type: ignore[union-attr]
    assert theirs.ntriples  # type: ignore[union-attr]


def test_substitutions_answer_as_embedded(both: tuple[Store, GraphStore]) -> None:
    embedded, remote = both
    sparql = f"SELECT ?a ?n WHERE {{ ?a <{MNPIA.assessmentNumber}> ?n }}"
    for store in both:
        rows = list(store.query(sparql, substitutions={"n": Literal("27")}))  # type: ignore[arg-type]
        assert [row["a"].value for row in rows] == [str(iri.assessment_iri("千葉市/27"))]
    graph = ox.NamedNode(str(embedded.graph_names()[0]))
    quads = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert len(list(remote.query(quads, substitutions={"g": graph}))) == embedded.triple_count(  # type: ignore[arg-type]
        graph.value
    )


def test_an_unprojected_substitution_fails_as_embedded(both: tuple[Store, GraphStore]) -> None:
    for store in both:
        with pytest.raises(StoreError, match="projection"):
            store.query("SELECT ?s WHERE { ?s ?p ?o }", substitutions={"o": Literal("x")})


def test_malformed_sparql_is_a_syntax_error(both: tuple[Store, GraphStore]) -> None:
    _, remote = both
    with pytest.raises(QuerySyntaxError) as caught:
        remote.query("SELECT WHERE {")
    assert isinstance(caught.value, SyntaxError)
    assert "\n" not in str(caught.value)


# -- writing -----------------------------------------------------------------------------------


HOSTILE = ["quote \" and ' quote", "brace } . ?s ?p ?o {", "hash # comment", "new\nline",
           '"} ; DROP ALL ; #', "<http://x> }"]  # fmt: skip


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_matched_literally(
    scratch: GraphStore, build: Builders, value: str
) -> None:
    scratch.replace_document(records_to_graph(build.pension(national_spelling=value)))
    sparql = f"SELECT ?c ?label WHERE {{ ?c <{MNPIA.connectionLabel}> ?label }}"
    rows = list(scratch.query(sparql, substitutions={"label": Literal(value)}))  # type: ignore[arg-type]
    assert len(rows) == 1
    assert rows[0]["label"].value == value
    assert list(scratch.query(sparql, substitutions={"?label": Literal(value + "x")})) == []  # type: ignore[arg-type]
    assert scratch.triple_count() > 0


def test_replace_remove_and_read_only(
    scratch: GraphStore, build: Builders, scratch_server: OxigraphServer
) -> None:
    doc = records_to_graph(build.pension())
    written = scratch.replace_document(doc)
    assert written == len(doc.graph) == scratch.triple_count(doc.graph_name)
    assert scratch.replace_document(doc) == written
    assert scratch.triple_count() == written
    assert set(scratch.document_graph(doc.graph_name)) == set(doc.graph)
    scratch.replace_document(records_to_graph(build.tax()))
    with open_store(scratch_server.url, read_only=True) as reader:
        assert [d.number for d in reader.documents()] == ["27", "31"]
        with pytest.raises(StoreError, match="read-only"):
            reader.replace_document(doc)
    assert scratch.remove_document(doc.assessment) == written
    assert scratch.remove_document(doc.graph_name) == 0
    assert [d.number for d in scratch.documents()] == ["31"]


def test_write_nquads_is_replace_document(scratch: GraphStore, build: Builders) -> None:
    doc = records_to_graph(build.pension())
    data = b"".join(
        f"{s.n3()} {p.n3()} {o.n3()} .\n".encode() for s, p, o in doc.graph
    )  # N-Triples: all in the graph named
    assert scratch.write_nquads(doc.graph_name, data + data) == len(doc.graph)
    assert set(scratch.document_graph(doc.graph_name)) == set(doc.graph)
    with pytest.raises(StoreError, match="another graph"):
        scratch.write_nquads(doc.graph_name, b"<http://a> <http://b> <http://c> <http://g> .\n")
    with pytest.raises(StoreError, match="do not parse"):
        scratch.write_nquads(doc.graph_name, b"<http://a> <http://b> .\n")
    with pytest.raises(StoreError, match="empty"):
        scratch.write_nquads(doc.graph_name, b"")
    assert set(scratch.document_graph(doc.graph_name)) == set(doc.graph)


def test_a_bad_term_sends_nothing(scratch: GraphStore, build: Builders) -> None:
    doc = records_to_graph(build.pension())
    scratch.replace_document(doc)
    bad = doc.graph.__class__(identifier=doc.graph_name)
    bad += doc.graph
    bad.add((doc.assessment, URIRef("http://x/p"), URIRef("not an IRI")))
    with pytest.raises(StoreError, match="could not write"):
        scratch.replace_document(type(doc)(assessment=doc.assessment, graph_name=doc.graph_name,
                                           graph=bad))  # fmt: skip
    assert set(scratch.document_graph(doc.graph_name)) == set(doc.graph)


def test_a_failed_update_request_changes_nothing(
    scratch: GraphStore, build: Builders, scratch_server: OxigraphServer
) -> None:
    # Atomic writes rest on the server applying one update request as one transaction: an
    # update that fails at its last operation leaves the graph its first one dropped.
    doc = records_to_graph(build.pension())
    scratch.replace_document(doc)
    response = httpx.post(
        scratch_server.url + "/update",
        content=f"DROP SILENT GRAPH <{doc.graph_name}> ; LOAD <http://127.0.0.1:{free_port()}/x>",
        headers={"Content-Type": "application/sparql-update"},
        timeout=30,
    )
    assert response.status_code >= 400
    assert scratch.triple_count(doc.graph_name) == len(doc.graph)


def test_ensure_ontology_loads_once(scratch: GraphStore) -> None:
    assert scratch.ensure_ontology() is True
    loaded = scratch.triple_count(iri.ONTOLOGY_GRAPH)
    assert loaded > 100
    assert scratch.ensure_ontology() is False
    assert scratch.triple_count(iri.ONTOLOGY_GRAPH) == loaded
    assert scratch.documents() == []


# -- failures ----------------------------------------------------------------------------------


def test_a_server_that_is_down_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert url in message
    assert "cannot connect" in message
    assert "\n" not in message


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        accepted: list[socket.socket] = []

        def accept() -> None:
            with contextlib.suppress(OSError):
                accepted.append(listener.accept()[0])  # and never answer

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(StoreError, match=r"no answer within 0\.5 s") as caught:
            open_store(url, timeout_s=0.5)
        assert url in str(caught.value)
        for connection in accepted:
            connection.close()


def test_a_server_without_the_union_default_graph_is_refused(tmp_path: Path) -> None:
    plain = start_oxigraph(tmp_path / "db", union=False)
    try:
        # Empty and read-only: nothing to read, nothing mnpia may write to find out.
        open_store(plain.url, read_only=True).close()
        # Empty and writable: a one-triple probe finds out.
        with pytest.raises(StoreError, match="union-default-graph") as caught:
            open_store(plain.url)
        assert "\n" not in str(caught.value)
        assert plain.url in str(caught.value)
        httpx.post(
            plain.url + "/update",
            content=b"INSERT DATA { GRAPH <http://g> { <http://s> <http://p> <http://o> } }",
            headers={"Content-Type": "application/sparql-update"},
            timeout=30,
        ).raise_for_status()
        with pytest.raises(StoreError, match="not the union of its named graphs"):
            open_store(plain.url, read_only=True)
        # The probe left nothing behind.
        answer = httpx.get(
            plain.url + "/query",
            params={"query": "SELECT * { GRAPH ?g {} }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert [b["g"]["value"] for b in answer.json()["results"]["bindings"]] == ["http://g"]
    finally:
        plain.stop()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (500, "HTTP 500 Internal Server Error: disk on fire"),
        (401, "give credentials in the store URL"),
        (404, "no such endpoint"),
    ],
)
def test_http_errors_are_one_line(status: int, expected: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, text="disk\non fire")

    endpoints = url_to_endpoints("http://user:secret@sparql.example:7878")
    store = RemoteStore(endpoints, read_only=True, transport=httpx.MockTransport(handler))
    with pytest.raises(StoreError) as caught:
        store.graph_names()
    message = str(caught.value)
    assert expected in message
    assert "http://sparql.example:7878/query" in message
    assert "secret" not in message
    assert "\n" not in message


def test_credentials_are_sent_and_never_shown() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization", ""))
        return httpx.Response(
            200,
            json={"head": {"vars": ["g"]}, "results": {"bindings": []}},
            headers={"Content-Type": "application/sparql-results+json"},
        )

    store = RemoteStore(url_to_endpoints("https://me:s%40cret@h/x#query=sparql"),
                        read_only=True, transport=httpx.MockTransport(handler))  # fmt: skip
    assert store.graph_names() == []
    assert seen == ["Basic bWU6c0BjcmV0"]  # me:s@cret
    assert store.location == "https://h/x#query=sparql"


# -- URLs and VALUES ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "query", "update", "gsp"),
    [
        ("http://h:7878/", "http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
        ("oxigraph+https://h", "https://h/query", "https://h/update", "https://h/store"),
        ("fuseki+http://h:3030/mnpia", "http://h:3030/mnpia/query", "http://h:3030/mnpia/update",
         "http://h:3030/mnpia/data"),
        ("graphdb+http://h:7200/repositories/m", "http://h:7200/repositories/m",
         "http://h:7200/repositories/m/statements",
         "http://h:7200/repositories/m/rdf-graphs/service"),
        ("virtuoso+http://h:8890", "http://h:8890/sparql", "http://h:8890/sparql",
         "http://h:8890/sparql-graph-crud"),
        ("http://h/ds#query=sparql;update=http://w/u", "http://h/ds/sparql", "http://w/u",
         "http://h/ds/store"),
    ],
)  # fmt: skip
def test_store_urls_name_three_endpoints(url: str, query: str, update: str, gsp: str) -> None:
    endpoints = url_to_endpoints(url)
    assert (endpoints.query, endpoints.update, endpoints.gsp) == (query, update, gsp)


@pytest.mark.parametrize(
    "url", ["ftp://h/x", "stardog+http://h", "http://h/x?default-graph-uri=a", "http://h#store=x"]
)
def test_store_urls_mnpia_cannot_read_are_refused(url: str) -> None:
    with pytest.raises(StoreError):
        open_remote(url)


VALUES_CASES = [
    ("SELECT ?s WHERE { ?s ?p ?o }", "SELECT ?s WHERE {\n  VALUES"),
    ("select * { ?s ?p ?o }", "select * {\n  VALUES"),
    ("PREFIX x: <http://x/ns#where> SELECT ?s # WHERE {\nWHERE { ?s x:p ?o }",
     "# WHERE {\nWHERE {\n  VALUES"),
    ('SELECT ?s (EXISTS { ?s ?p "{" } AS ?e) WHERE { ?s ?p ?o }', "AS ?e) WHERE {\n  VALUES"),
    ("SELECT ?where WHERE { ?where ?p ?o }", "SELECT ?where WHERE {\n  VALUES"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE {\n  VALUES"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }\nVALUES"),
]  # fmt: skip


@pytest.mark.parametrize(("sparql", "expected"), VALUES_CASES)
def test_values_open_the_where_clause(sparql: str, expected: str) -> None:
    bound = {ox.Variable("o"): ox.Literal("x")}
    text = bind_values(sparql, bound)
    assert expected in text
    ox.Store().query(text)  # still a query


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?s ?o WHERE { ?s ?p ?o }",
        "select * { ?s ?p ?o }",
        'SELECT ?s ?o (EXISTS { ?s ?p "{" } AS ?e) WHERE { ?s ?p ?o }',
        "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?o",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_bound_queries_answer_like_substitutions(sparql: str) -> None:
    memory = ox.Store()
    s, p = ox.NamedNode("http://s"), ox.NamedNode("http://p")
    memory.extend(ox.Quad(s, p, ox.Literal(v)) for v in ["a", "b", '"} #'])
    for value in ["a", '"} #', "zzz"]:
        bound = {ox.Variable("o"): ox.Literal(value)}
        if sparql.startswith("CONSTRUCT"):
            ours = [t for t in memory.query(sparql) if t.object == ox.Literal(value)]  # type: ignore[union-attr]
        else:
            ours = list(memory.query(sparql, substitutions=bound))  # type: ignore[arg-type]
        theirs = list(memory.query(bind_values(sparql, bound)))  # type: ignore[arg-type]
        assert sorted(map(str, ours)) == sorted(map(str, theirs))
