"""SHACL: generated graphs conform to ontology/shapes.ttl, broken ones do not."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, XSD

from graph import iri
from graph.mapping import records_to_graph
from graph.store import Store
from graph.validation import validate_graph, validate_store
from ontology import SHAPES_TTL
from ontology.loader import ontology_graph
from ontology.namespace import MNPIA

if TYPE_CHECKING:
    from conftest import Builders


@pytest.mark.parametrize("which", ["pension", "tax", "fragment"])
def test_generated_graphs_conform(build: Builders, which: str) -> None:
    result = getattr(build, which)()
    report = validate_graph(records_to_graph(result).graph)
    assert report.conforms, report.text
    assert report.results == ()


def _drop(predicate: URIRef) -> Callable[[Graph, URIRef], None]:
    def breaker(g: Graph, a: URIRef) -> None:
        g.remove((None, predicate, None))

    return breaker


def _issued_as_text(g: Graph, a: URIRef) -> None:
    g.set((a, DCTERMS.issued, Literal("令和7年11月26日")))


def _second_source(g: Graph, a: URIRef) -> None:
    other = iri.source_iri("f" * 64)
    g.add((other, RDF.type, MNPIA.SourceDocument))
    g.add((other, MNPIA.sha256, Literal("f" * 64)))
    g.add((other, MNPIA.encoding, Literal("utf-8")))
    g.add((other, MNPIA.fileName, Literal("other.txt")))
    g.add((a, PROV.wasDerivedFrom, other))


def _bad_sha(g: Graph, a: URIRef) -> None:
    for source in list(g.subjects(RDF.type, MNPIA.SourceDocument)):
        g.set((source, MNPIA.sha256, Literal("not-a-digest")))


def _no_status(g: Graph, a: URIRef) -> None:
    g.remove((a, MNPIA.extractionStatus, None))


def _bad_status(g: Graph, a: URIRef) -> None:
    g.set((a, MNPIA.extractionStatus, Literal("fine")))


def _no_process(g: Graph, a: URIRef) -> None:
    g.remove((a, MNPIA.assesses, None))


def _line_zero(g: Graph, a: URIRef) -> None:
    g.set((a, MNPIA.sourceLine, Literal(0)))


def _end_before_start(g: Graph, a: URIRef) -> None:
    g.add((a, MNPIA.sourceEndLine, Literal(1)))


def _system_number_as_text(g: Graph, a: URIRef) -> None:
    for system, number in list(g.subject_objects(MNPIA.systemNo)):
        g.set((system, MNPIA.systemNo, Literal(str(number))))


def _shortcut_missing(g: Graph, a: URIRef) -> None:
    g.remove((None, MNPIA.connectsTo, None))


BREAKERS: dict[str, tuple[Callable[[Graph, URIRef], None], URIRef]] = {
    "fact without sourceLine": (_drop(MNPIA.sourceLine), MNPIA.sourceLine),
    "fact without wasDerivedFrom": (_drop(PROV.wasDerivedFrom), PROV.wasDerivedFrom),
    "dct:issued not a date": (_issued_as_text, DCTERMS.issued),
    "two source documents": (_second_source, PROV.wasDerivedFrom),
    "source without sha256": (_drop(MNPIA.sha256), MNPIA.sha256),
    "sha256 not hex": (_bad_sha, MNPIA.sha256),
    "no status": (_no_status, MNPIA.extractionStatus),
    "unknown status": (_bad_status, MNPIA.extractionStatus),
    "no process": (_no_process, MNPIA.assesses),
    "line 0": (_line_zero, MNPIA.sourceLine),
    "end line before start": (_end_before_start, MNPIA.sourceLine),
    "system without number": (_drop(MNPIA.systemNo), MNPIA.systemNo),
    "system number not an integer": (_system_number_as_text, MNPIA.systemNo),
    "connection without target": (_drop(MNPIA.connectionTarget), MNPIA.connectionTarget),
}


@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_broken_graphs_do_not_conform(build: Builders, name: str) -> None:
    breaker, path = BREAKERS[name]
    doc = records_to_graph(build.pension())
    breaker(doc.graph, doc.assessment)
    report = validate_graph(doc.graph)
    assert not report.conforms
    assert str(path) in {r.path for r in report.results}, report.text
    assert all(r.severity == "Violation" for r in report.results)


def test_missing_connectsto_shortcut_is_reported(build: Builders) -> None:
    doc = records_to_graph(build.pension())
    _shortcut_missing(doc.graph, doc.assessment)
    report = validate_graph(doc.graph)
    assert not report.conforms
    assert any("connectsTo" in r.message for r in report.results)


def test_system_without_label_is_reported(build: Builders) -> None:
    doc = records_to_graph(build.pension())
    doc.graph.remove((None, RDFS.label, None))
    report = validate_graph(doc.graph)
    assert not report.conforms
    assert any(r.message == "a system has a label" for r in report.results)


def test_results_name_focus_and_path(build: Builders) -> None:
    doc = records_to_graph(build.pension())
    doc.graph.set((doc.assessment, DCTERMS.issued, Literal("2025-11-26", datatype=XSD.string)))
    report = validate_graph(doc.graph)
    focus = {r.focus for r in report.results if r.path == str(DCTERMS.issued)}
    assert focus == {str(doc.assessment)}


def test_shapes_only_name_terms_the_ontology_defines() -> None:
    shapes = Graph().parse(SHAPES_TTL, format="turtle")
    ontology = ontology_graph()
    defined = set(ontology.subjects())
    used = {
        term
        for triple in shapes
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(MNPIA))
    }
    assert used, "the shapes use mnpia terms"
    assert used <= defined, sorted(used - defined)
    assert any(shapes.subjects(RDF.type, SH.NodeShape))


def test_validate_store_reports_every_document(store: Store, build: Builders) -> None:
    store.replace_document(records_to_graph(build.pension()))
    store.replace_document(records_to_graph(build.fragment()))
    store.ensure_ontology()
    reports = validate_store(store)
    assert sorted(reports) == store.graph_names()
    assert all(report.conforms for report in reports.values())
