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


# -- every record family ---------------------------------------------------------------------

FULL_KEY = "千葉市/40"


@pytest.mark.parametrize("which", ["full", "other_city"])
def test_graphs_of_every_family_conform(build: Builders, which: str) -> None:
    result = getattr(build, which)()
    report = validate_graph(records_to_graph(result).graph)
    assert report.conforms, report.text
    assert report.results == ()


def _remove_subject_predicate(node: URIRef, predicate: URIRef) -> Callable[[Graph], None]:
    def breaker(g: Graph) -> None:
        g.remove((node, predicate, None))

    return breaker


def _remove_all(predicate: URIRef) -> Callable[[Graph], None]:
    def breaker(g: Graph) -> None:
        g.remove((None, predicate, None))

    return breaker


def _set(node: URIRef, predicate: URIRef, value: Literal) -> Callable[[Graph], None]:
    def breaker(g: Graph) -> None:
        g.set((node, predicate, value))

    return breaker


def _risk_without_stage(g: Graph) -> None:
    risk = iri.risk_iri(FULL_KEY, "acquisition", 1)
    g.remove((risk, MNPIA.stage, None))
    g.remove((risk, MNPIA.stageText, None))


def _change_without_date(g: Graph) -> None:
    change = iri.change_iri(FULL_KEY, 1)
    g.remove((change, MNPIA.changeDate, None))
    g.remove((change, MNPIA.changeDateText, None))


def _inbound_without_source(g: Graph) -> None:
    g.remove((iri.inbound_flow_iri(FULL_KEY, 1, 1), MNPIA.source, None))


def _measure_without_text_or_platform(g: Graph) -> None:
    measure = iri.measure_iri(iri.risk_iri(FULL_KEY, "acquisition", 1), 1)
    g.remove((measure, RDFS.comment, None))


FILE1 = iri.file_iri(FULL_KEY, 1)
PROVISION1 = iri.provision_iri(FULL_KEY, 1, 1)
CITATION1 = iri.citation_iri(FULL_KEY, 1)
ITEM_19_8 = iri.article_iri("425AC0000000027", 19, item=8)

# name: (breaker, a path the report must name, or a message substring for node-level rules)
FAMILY_BREAKERS: dict[str, tuple[Callable[[Graph], None], str]] = {
    "file without label": (_remove_subject_predicate(FILE1, RDFS.label), str(RDFS.label)),
    "holding start not a date": (
        _set(FILE1, MNPIA.holdingStart, Literal("平成27年10月5日")),
        str(MNPIA.holdingStart),
    ),
    "count not an integer": (
        _set(FILE1, MNPIA.provisionCount, Literal("2")),
        str(MNPIA.provisionCount),
    ),
    "provision without recipient": (
        _remove_subject_predicate(PROVISION1, MNPIA.recipient),
        str(MNPIA.recipient),
    ),
    "inbound flow without source": (_inbound_without_source, str(MNPIA.source)),
    "flow without owner": (_remove_all(MNPIA.hasFlow), "belongs to exactly one file"),
    "citation without text": (
        _remove_subject_predicate(CITATION1, MNPIA.citationText),
        str(MNPIA.citationText),
    ),
    "legal resource without parent": (
        _remove_subject_predicate(ITEM_19_8, DCTERMS.isPartOf),
        str(DCTERMS.isPartOf),
    ),
    "legal resource without law": (
        _remove_subject_predicate(ITEM_19_8, MNPIA.law),
        str(MNPIA.law),
    ),
    "risk without stage": (_risk_without_stage, "a risk has a stage"),
    "measure without text or platform": (
        _measure_without_text_or_platform,
        "a measure has its text",
    ),
    "change without date": (_change_without_date, "a change record has a date"),
    "change date not a date": (
        _set(iri.change_iri(FULL_KEY, 1), MNPIA.changeDate, Literal("令和6年4月1日")),
        str(MNPIA.changeDate),
    ),
    "sub-delegate not acting for the delegate": (
        _remove_all(PROV.actedOnBehalfOf),
        "actedOnBehalfOf",
    ),
    "step without number": (_remove_all(MNPIA.stepNo), str(MNPIA.stepNo)),
    "delegate without label": (
        _remove_subject_predicate(iri.organisation_iri("株式会社ミナト情報"), RDFS.label),
        str(RDFS.label),
    ),
    "data item without file": (_remove_all(MNPIA.hasDataItem), "data item belongs"),
    "record node without line": (
        _remove_subject_predicate(PROVISION1, MNPIA.sourceLine),
        str(MNPIA.sourceLine),
    ),
}


@pytest.mark.parametrize("name", sorted(FAMILY_BREAKERS))
def test_a_graph_missing_a_required_part_does_not_conform(build: Builders, name: str) -> None:
    breaker, expected = FAMILY_BREAKERS[name]
    doc = records_to_graph(build.full())
    breaker(doc.graph)
    report = validate_graph(doc.graph)
    assert not report.conforms
    found = {r.path for r in report.results} | {r.message for r in report.results}
    assert any(expected in (text or "") for text in found), report.text
    assert all(r.severity == "Violation" for r in report.results)
