"""The OWL ontology ontology/mnpia.ttl: it parses, every term is documented, terms.md is covered."""

from __future__ import annotations

from typing import Final

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from ontology import ONTOLOGY_TTL
from ontology.namespace import DPV, MNPIA

NS: Final = "https://w3id.org/mnpia/ontology#"
DPV_NS: Final = "https://w3id.org/dpv#"
ONTOLOGY_IRI: Final = URIRef("https://w3id.org/mnpia/ontology")
TERM_TYPES: Final = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

# The names agreed in the term list the graph helper codes against (.briefs/terms.md).
REQUIRED_CLASSES: Final = [
    "Assessment",
    "Organisation",
    "Municipality",
    "Process",
    "System",
    "NationalSystem",
    "LocalSystem",
    "SystemConnection",
    "InformationFile",
    "DataItem",
    "Delegation",
    "SubDelegation",
    "Delegate",
    "SubDelegate",
    "Flow",
    "InboundFlow",
    "Provision",
    "Transfer",
    "FlowStep",
    "LegalCitation",
    "Law",
    "Article",
    "Paragraph",
    "Item",
    "AppendedTableRow",
    "Risk",
    "Measure",
    "TechnicalMeasure",
    "OrganisationalMeasure",
    "Rating",
    "StorageLocation",
    "ChangeRecord",
    "Incident",
    "SourceDocument",
    "ExtractionIssue",
]
REQUIRED_PROPERTIES: Final = [
    "assessmentNumber",
    "documentKind",
    "formVersion",
    "publishedText",
    "municipality",
    "assesses",
    "population",
    "department",
    "headTitle",
    "otherAssessor",
    "usesSystem",
    "ownedBy",
    "systemNo",
    "functions",
    "hasConnection",
    "connectionTarget",
    "connectionLabel",
    "connectsTo",
    "sourceLine",
    "sourceEndLine",
    "sha256",
    "encoding",
    "fileName",
    "extractionStatus",
    "hasIssue",
    "issueCode",
    "issueMessage",
    "formRef",
    "hasFile",
    "hasDataItem",
    "hasDelegation",
    "delegate",
    "subDelegation",
    "recipient",
    "source",
    "hasLegalBasis",
    "citationText",
    "cites",
    "law",
    "articleNo",
    "paragraphNo",
    "itemNo",
    "tableNo",
    "rowNo",
    "lawId",
    "purpose",
    "providedInformation",
    "method",
    "timing",
    "scope",
    "storedAt",
    "retention",
    "hasRisk",
    "stage",
    "rating",
    "hasMeasure",
    "hasStep",
    "stepNo",
    "actor",
    "data",
    "hasChange",
    "changeDate",
    "changeDateText",
    "item",
    "before",
    "after",
    "submissionTiming",
    "reason",
    "hasIncident",
    "year",
    "incidentType",
    "summary",
]

# (class, superclass) pairs that terms.md requires.
REQUIRED_ALIGNMENTS: Final = [
    ("Assessment", DPV.DPIA),
    ("Assessment", URIRef("http://www.w3.org/ns/prov#Entity")),
    ("Organisation", DPV.Organisation),
    ("Municipality", DPV.Organisation),
    ("Process", DPV.Process),
    ("System", URIRef("http://www.w3.org/ns/prov#SoftwareAgent")),
    ("NationalSystem", MNPIA.System),
    ("LocalSystem", MNPIA.System),
    ("SystemConnection", URIRef("http://www.w3.org/ns/prov#Activity")),
    ("InformationFile", URIRef("http://www.w3.org/ns/prov#Entity")),
    ("Delegation", URIRef("http://www.w3.org/ns/prov#Activity")),
    ("SubDelegation", MNPIA.Delegation),
    ("Delegate", DPV.DataProcessor),
    ("SubDelegate", DPV.DataSubProcessor),
    ("Flow", URIRef("http://www.w3.org/ns/prov#Activity")),
    ("InboundFlow", MNPIA.Flow),
    ("Provision", MNPIA.Flow),
    ("Transfer", MNPIA.Flow),
    ("FlowStep", URIRef("http://www.w3.org/ns/prov#Activity")),
    ("LegalCitation", DPV.LegalBasis),
    ("Risk", DPV.Risk),
    ("TechnicalMeasure", DPV.TechnicalMeasure),
    ("OrganisationalMeasure", DPV.OrganisationalMeasure),
    ("StorageLocation", DPV.StorageLocation),
    ("ChangeRecord", URIRef("http://www.w3.org/ns/prov#Activity")),
    ("SourceDocument", URIRef("http://www.w3.org/ns/prov#Entity")),
]

# DPV 2.x terms checked to exist (w3c/dpv 2.1/dpv/dpv.csv); a new one needs the same check.
VERIFIED_DPV_TERMS: Final = {
    "DPIA", "DataController", "DataProcessor", "DataSubProcessor", "Law", "LegalBasis",
    "Organisation", "OrganisationalMeasure", "PersonalData", "Process", "Risk", "StorageLocation",
    "TechnicalMeasure", "TechnicalOrganisationalMeasure", "hasDataController", "hasDataProcessor",
    "hasLegalBasis", "hasPersonalData", "hasProcess", "hasRecipient", "hasRisk",
    "hasStorageCondition", "hasTechnicalOrganisationalMeasure",
}  # fmt: skip


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


def _terms(graph: Graph) -> set[URIRef]:
    return {
        s
        for t in TERM_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(NS)
    }


def _langs(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def test_ontology_header_has_version_title_and_description(graph: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) is not None
    assert {"ja", "en"} <= _langs(graph, ONTOLOGY_IRI, DCTERMS.title)
    assert {"ja", "en"} <= _langs(graph, ONTOLOGY_IRI, DCTERMS.description)


def test_every_term_has_ja_and_en_labels_and_a_comment(graph: Graph) -> None:
    terms = _terms(graph)
    assert len(terms) > 100
    for term in terms:
        assert {"ja", "en"} <= _langs(graph, term, RDFS.label), term
        assert graph.value(term, RDFS.comment) is not None, term
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in graph, term


def test_every_term_has_one_label_per_language(graph: Graph) -> None:
    for term in _terms(graph):
        labels = [o for o in graph.objects(term, RDFS.label) if isinstance(o, Literal)]
        assert len(labels) == len({o.language for o in labels}), term


@pytest.mark.parametrize("name", REQUIRED_CLASSES)
def test_terms_md_class_exists(graph: Graph, name: str) -> None:
    assert (URIRef(NS + name), RDF.type, OWL.Class) in graph


@pytest.mark.parametrize("name", REQUIRED_PROPERTIES)
def test_terms_md_property_exists(graph: Graph, name: str) -> None:
    term = URIRef(NS + name)
    kinds = set(graph.objects(term, RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


@pytest.mark.parametrize(("name", "parent"), REQUIRED_ALIGNMENTS)
def test_terms_md_alignment(graph: Graph, name: str, parent: URIRef) -> None:
    assert (URIRef(NS + name), RDFS.subClassOf, parent) in graph


def test_required_property_alignments(graph: Graph) -> None:
    assert (MNPIA.recipient, RDFS.subPropertyOf, DPV.hasRecipient) in graph
    assert (MNPIA.hasLegalBasis, RDFS.subPropertyOf, DPV.hasLegalBasis) in graph
    assert graph.value(MNPIA.changeDate, RDFS.range) == URIRef(
        "http://www.w3.org/2001/XMLSchema#date"
    )


def test_every_dpv_term_used_is_declared_and_verified(graph: Graph) -> None:
    used = {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(DPV_NS)
    }
    declared = {
        s for s in graph.subjects(RDFS.isDefinedBy, URIRef("https://w3id.org/dpv")) if s in used
    }
    assert used == declared
    assert {str(u)[len(DPV_NS) :] for u in used} == VERIFIED_DPV_TERMS


def test_every_referenced_mnpia_term_is_declared(graph: Graph) -> None:
    declared = _terms(graph)
    referenced = {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(NS)
    }
    assert referenced <= declared


def test_domains_and_ranges_are_declared_classes_or_datatypes(graph: Graph) -> None:
    classes = set(graph.subjects(RDF.type, OWL.Class))
    for prop in _terms(graph) - classes:
        for predicate in (RDFS.domain, RDFS.range):
            for target in graph.objects(prop, predicate):
                if isinstance(target, URIRef) and str(target).startswith(NS):
                    assert target in classes, (prop, predicate, target)


def test_property_chain_of_connects_to(graph: Graph) -> None:
    chain = graph.value(MNPIA.connectsTo, OWL.propertyChainAxiom)
    assert chain is not None
    assert list(graph.items(chain)) == [MNPIA.hasConnection, MNPIA.connectionTarget]
