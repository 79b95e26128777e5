"""SHACL validation of assessment graphs against ontology/shapes.ttl.

Each assessment graph is validated on its own, with the *class structure* of the ontology and
vocabularies mixed in: their ``rdf:type`` and ``rdfs:subClassOf`` triples only. That is what
``sh:class`` needs (a ``mnpia:LocalSystem`` is a ``mnpia:System``; a document kind is a concept
of vocab/document-kinds) without making the ontology's own titles and labels targets of the
shapes. No inference is run: the graph must state what the shapes check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Final

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from graph.errors import ValidationError
from graph.store import ontology_files
from ontology import SHAPES_TTL

if TYPE_CHECKING:
    from graph.store import GraphStore

_CLASS_PREDICATES: Final = (RDF.type, RDFS.subClassOf)


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidationResult:
    """One SHACL result: which node broke which rule, and how badly."""

    focus: str
    """The node that does not conform (its IRI, or N3 for other terms)."""
    path: str | None
    """The property path concerned, when the rule is about one."""
    message: str
    severity: str
    """``Violation``, ``Warning`` or ``Info``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidationReport:
    """The outcome of validating one graph."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    """Sorted by focus node, path and message."""
    text: str
    """pySHACL's human-readable report."""


@cache
def _shapes() -> Graph:
    try:
        return Graph().parse(SHAPES_TTL, format="turtle")
    except (OSError, SyntaxError, ValueError) as error:
        msg = f"{SHAPES_TTL}: cannot read the shapes ({error})"
        raise ValidationError(" ".join(msg.split())) from error


@cache
def _class_structure() -> Graph:
    structure = Graph()
    for path in ontology_files():
        try:
            full = Graph().parse(path, format="turtle")
        except (OSError, SyntaxError, ValueError) as error:
            msg = f"{path}: cannot read the ontology ({error})"
            raise ValidationError(" ".join(msg.split())) from error
        for predicate in _CLASS_PREDICATES:
            for triple in full.triples((None, predicate, None)):
                structure.add(triple)
    return structure


def shapes_graph() -> Graph:
    """A copy of the SHACL shapes graph."""
    copy = Graph()
    copy += _shapes()
    return copy


def _text(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        return str(node)
    return node.n3()


def _results(report: Graph) -> tuple[ValidationResult, ...]:
    results: list[ValidationResult] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        severity = report.value(result, SH.resultSeverity)
        results.append(
            ValidationResult(
                focus=_text(report.value(result, SH.focusNode)) or "",
                path=_path_text(report, report.value(result, SH.resultPath)),
                message="; ".join(messages) or "does not conform",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    return tuple(sorted(results, key=lambda r: (r.focus, r.path or "", r.message)))


def _path_text(report: Graph, path: Node | None) -> str | None:
    if path is None or isinstance(path, URIRef):
        return _text(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_text(inverse)}"
    return _text(path)


def validate_graph(graph: Graph) -> ValidationReport:
    """Validate one assessment graph against ontology/shapes.ttl.

    Raises:
        ValidationError: when the shapes or the ontology cannot be read.
    """
    # pySHACL's own ont_graph mixing copies OWL/RDFS axioms only, not the rdf:type of vocabulary
    # concepts, so the class structure is mixed into a copy here.
    mixed = Graph()
    mixed += graph
    mixed += _class_structure()
    conforms, report_graph, text = pyshacl.validate(
        mixed,
        shacl_graph=_shapes(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    if not isinstance(report_graph, Graph):
        msg = "pySHACL returned no report graph"
        raise ValidationError(msg)
    return ValidationReport(conforms=bool(conforms), results=_results(report_graph), text=str(text))


def validate_graphs(graphs: Iterable[tuple[URIRef, Graph]]) -> dict[URIRef, ValidationReport]:
    """Validate several graphs, keyed by their names."""
    return {name: validate_graph(graph) for name, graph in graphs}


def validate_store(store: GraphStore) -> dict[URIRef, ValidationReport]:
    """Validate every assessment graph of ``store``, keyed by graph name (sorted)."""
    return validate_graphs((name, store.document_graph(name)) for name in store.graph_names())
