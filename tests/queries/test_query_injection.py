"""Injection attempts in every parameter of every named query are matched literally or rejected.

Parameters are bound as a typed VALUES block (queries.catalog.bound_text), never pasted: an IRI
or integer parameter that is not one is rejected with a QueryError naming the parameter, and a
string parameter is only ever the literal it is. The store here is writable, so that a test can
also prove that nothing was changed.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from lineage_golden import A1, GOLDEN_TRIG, P1

from ontology import ONTOLOGY_TTL, vocabulary_files
from queries import QueryError, named_queries, run_query
from queries.catalog import NamedQuery

HOSTILE = [
    '" } ; DROP ALL #',
    "x' . ?s ?p ?o #",
    "}\nSERVICE <http://example.org/sparql> { ?s ?p ?o }",
    "SERVICE <http://evil.example/sparql> { }",
    "# a comment",
    "line one\nline two",
    "<http://x/> } INSERT DATA { <http://a/> <http://b/> <http://c/> } #",
    "\\u0022 } #",
]

STEP = "https://w3id.org/mnpia/id/assessment/みなと市/1/step/99"
MNPIA = "https://w3id.org/mnpia/ontology#"


class MemoryStore:
    """The golden data in a writable in-memory store, queried over the union of its graphs."""

    def __init__(self) -> None:
        self.db = ox.Store()
        ontology = ox.NamedNode("https://w3id.org/mnpia/graph/ontology")
        for path in [ONTOLOGY_TTL, *vocabulary_files()]:
            self.db.load(path=Path(path), format=ox.RdfFormat.TURTLE, to_graph=ontology)
        self.db.load(path=GOLDEN_TRIG, format=ox.RdfFormat.TRIG)

    def query(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        return self.db.query(sparql, use_default_graph_as_union=True)


@pytest.fixture(scope="module")
def memory_store() -> MemoryStore:
    store = MemoryStore()
    graph = ox.NamedNode("https://w3id.org/mnpia/graph/assessment/みなと市/1")
    step = ox.NamedNode(STEP)
    # A flow step whose data holds every hostile string: each must find this step and no other.
    store.db.add(ox.Quad(ox.NamedNode(P1), ox.NamedNode(MNPIA + "hasStep"), step, graph))
    store.db.add(ox.Quad(step, ox.NamedNode(MNPIA + "stepNo"), ox.Literal("99"), graph))
    for text in HOSTILE:
        store.db.add(ox.Quad(step, ox.NamedNode(MNPIA + "data"), ox.Literal(text), graph))
    return store


def parameters() -> list[tuple[NamedQuery, str, str]]:
    """(query, parameter, kind) for every parameter of every named query."""
    return [(q, p.name, p.kind) for q in named_queries().values() for p in q.params]


def valid_values(query: NamedQuery) -> dict[str, str]:
    samples = {"iri": A1, "string": "x", "integer": "2"}
    return {p.name: samples[p.kind] for p in query.params if not p.optional}


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize(
    ("query", "name", "kind"), parameters(), ids=[f"{q.name}.{n}" for q, n, _ in parameters()]
)
def test_every_parameter_matches_hostile_text_literally_or_rejects_it(
    memory_store: MemoryStore, query: NamedQuery, name: str, kind: str, hostile: str
) -> None:
    before = len(memory_store.db)
    values = {**valid_values(query), name: hostile}
    if kind in {"iri", "integer"}:
        with pytest.raises(QueryError, match=name):
            run_query(memory_store, query.name, values)
    else:
        table = run_query(memory_store, query.name, values)
        # A hostile string never matches more than the one literal that holds it.
        if query.name == "data_category_flows":
            assert {r["node"] for r in table.records()} == {STEP}
            assert {r["text"] for r in table.records()} >= {hostile}
        else:
            assert table.rows == ()
    assert len(memory_store.db) == before  # nothing was added, dropped or fetched


def test_the_injection_matrix_covers_every_parameter_kind() -> None:
    """Each new query has parameters of known kinds, so the matrix above covers them all."""
    assert {kind for _q, _n, kind in parameters()} <= {"iri", "string", "integer"}
    assert len(parameters()) >= 14


@pytest.mark.parametrize("iri", ["http://x/#SERVICE", "urn:x:DROP-ALL", "http://x/?q=1&r=%22"])
def test_an_odd_but_valid_iri_is_bound_as_that_iri(memory_store: MemoryStore, iri: str) -> None:
    assert run_query(memory_store, "downstream_lineage", {"start": iri}).rows == ()
    assert run_query(memory_store, "legal_basis_impact", {"provision": iri}).rows == ()


def test_rejection_names_the_parameter_and_what_it_takes(memory_store: MemoryStore) -> None:
    with pytest.raises(QueryError, match=r"parameter 'start' takes an absolute IRI"):
        run_query(memory_store, "upstream_lineage", {"start": '"} ; DROP ALL #'})
    with pytest.raises(QueryError, match=r"parameter 'depth' takes an integer"):
        run_query(memory_store, "upstream_lineage", {"start": A1, "depth": "2 } #"})
