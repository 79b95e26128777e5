"""Records → RDF: one assessment's :class:`~ingest.records.ExtractionResult` as a named graph.

The graph is built by the mappers of :data:`TRIPLE_MAPPERS`, one per part of the form, each a
``<part>_to_triples(ctx)`` function that yields triples and tells the context which nodes it
states facts about (:meth:`MappingContext.mention`). Provenance is added last, for every node
mentioned: ``prov:wasDerivedFrom`` the source document and ``mnpia:sourceLine`` (the first line
where the assessment states it). The cover, Ⅰ 1 and Ⅰ 2 are mapped here; the other parts of the
form have their own modules, whose mappers are registered below: :mod:`graph.law` (Ⅰ 5, Ⅰ 6 and
every legal citation), :mod:`graph.file` (Ⅰ 3, Ⅱ: files, data items, inbound flows, delegations,
provisions and transfers, storage), :mod:`graph.risk` (Ⅲ, Ⅳ) and :mod:`graph.annex` (別添1 steps,
別添3 changes, 別紙 provisions, requesters, incidents). Names resolve to nodes in one place,
:class:`graph.context.MappingContext`; bodies are canonicalised by :mod:`graph.entity`.

Modelling decisions (see ontology/NAMING.md for the IRIs):

- Systems are shared nodes (a national concept, or a municipality's local system), so what one
  assessment says about a system — its ``mnpia:systemNo`` and ``mnpia:functions`` — is stated on
  that node *inside the assessment's named graph*. Read them with ``GRAPH ?g { … }``; the union
  default graph merges what all assessments say.
- Connections are per assessment (``…/system/{no}/connection/{n}``): a ticked ③ box or a name
  inside その他（…）; 'その他' itself is not a system. A label that the lexicon knows as a
  national system becomes that concept; any other label (宛名システム等, 税務システム …) becomes the
  municipality's local system of that name.
- A national system is labelled with its preferred label; a local system with its name.
- Output is deterministic: no blank nodes, no clock unless ``generated_at`` is passed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from graph import iri
from graph.annex import (
    annex_provisions_to_triples,
    changes_to_triples,
    flow_steps_to_triples,
    incidents_to_triples,
    requesters_to_triples,
)
from graph.context import (
    MappingContext,
    SystemNode,
    Triple,
    TripleMapper,
    national_by_iri,
)
from graph.context import (
    literal as _literal,
)
from graph.context import (
    text as _text,
)
from graph.file import (
    data_items_to_triples,
    delegations_to_triples,
    files_to_triples,
    inbound_flows_to_triples,
    outbound_flows_to_triples,
    storage_to_triples,
)
from graph.law import linkage_to_triples, use_basis_to_triples
from graph.risk import risks_to_triples
from ingest.records import ExtractionResult, System
from ontology import lexicon
from ontology.lexicon import Concept, connection_kind, document_kind
from ontology.namespace import DPV, MNPIA

__all__ = [
    "PREFIXES",
    "TRIPLE_MAPPERS",
    "DocumentGraph",
    "MappingContext",
    "SystemNode",
    "Triple",
    "TripleMapper",
    "records_to_graph",
]

OTHER_CONNECTION_KIND: Final = "other"
"""``skos:notation`` of the ③ checkbox その他（…）: its names are systems, the box is not."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentGraph:
    """One assessment as RDF: its node, the name of its graph in a store, and the triples."""

    assessment: URIRef
    graph_name: URIRef
    graph: Graph


def source_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """The source text (not a form item): its SHA-256, encoding and file name."""
    source = ctx.result.source
    yield ctx.source, RDF.type, MNPIA.SourceDocument
    yield ctx.source, MNPIA.sha256, Literal(source.sha256)
    yield ctx.source, MNPIA.encoding, Literal(source.encoding)
    yield ctx.source, MNPIA.fileName, Literal(source.id)


def document_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """表紙 (cover): the assessment, its kind and dates, the organisation that publishes it."""
    doc = ctx.result.document
    a = ctx.assessment
    ctx.mention(a, doc.line)
    yield a, RDF.type, MNPIA.Assessment
    yield a, RDF.type, DPV.DPIA
    yield a, MNPIA.extractionStatus, Literal(ctx.result.status.value)
    if (number := _literal(doc.number)) is not None:
        yield a, MNPIA.assessmentNumber, number
    if (title := _literal(doc.title)) is not None:
        yield a, DCTERMS.title, title
        yield a, RDFS.label, title
    if (kind := _text(doc.kind)) is not None and (concept := document_kind(kind)) is not None:
        yield a, MNPIA.documentKind, URIRef(concept.iri)
    if (form := _literal(doc.form)) is not None:
        yield a, MNPIA.formVersion, form
    if (published := _literal(doc.published)) is not None:
        yield a, MNPIA.publishedText, published
    if doc.published_date is not None:
        yield a, DCTERMS.issued, Literal(doc.published_date.isoformat(), datatype=XSD.date)
    if ctx.municipality is not None:
        ctx.mention(ctx.municipality, doc.line)
        yield ctx.municipality, RDF.type, MNPIA.Municipality
        yield ctx.municipality, RDFS.label, Literal(_text(doc.municipality))
    if ctx.organisation is not None:
        org = ctx.organisation
        ctx.mention(org, doc.line)
        yield org, RDF.type, MNPIA.Organisation
        yield org, RDF.type, DPV.DataController
        yield org, RDFS.label, Literal(_text(doc.org))
        yield a, DPV.hasDataController, org
        yield a, DCTERMS.publisher, org
        if ctx.municipality is not None:
            yield org, MNPIA.municipality, ctx.municipality
    elif ctx.municipality is not None:
        # No 評価実施機関名 was read: the municipality is all we know of the publisher.
        yield a, DCTERMS.publisher, ctx.municipality


def affair_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """Ⅰ 1 事務 (with Ⅰ 7 担当部署 and Ⅰ 8 他の評価実施機関): the process assessed."""
    affair = ctx.result.affair
    p = ctx.process
    ctx.mention(p, affair.line)
    yield p, RDF.type, MNPIA.Process
    yield ctx.assessment, MNPIA.assesses, p
    if (name := _literal(affair.name)) is not None:
        yield p, DCTERMS.title, name
        yield p, RDFS.label, name
    if (summary := _literal(affair.summary)) is not None:
        yield p, DCTERMS.description, summary
    if (population := _literal(affair.population)) is not None:
        yield p, MNPIA.population, population
    if (department := _literal(affair.department)) is not None:
        yield p, MNPIA.department, department
    if (head := _literal(affair.head_title)) is not None:
        yield p, MNPIA.headTitle, head
    for other in affair.other_assessors:
        if (assessor := _literal(other)) is not None:
            yield p, MNPIA.otherAssessor, assessor


@dataclass(frozen=True, slots=True)
class _Connection:
    """One target of システムN ③: the label as written, its checkbox kind, the target system."""

    label: str
    kind: Concept | None
    target: SystemNode


def _ticked_target(ctx: MappingContext, label: str, kind: Concept | None) -> SystemNode:
    """The system a ticked ③ box names: its national system, or the municipality's category."""
    if kind is None:
        return ctx.system_node(label)
    national = next(
        (found for m in kind.exact_match if (found := national_by_iri(m)) is not None), None
    )
    if national is not None or kind.national:
        return ctx.system_node(kind.pref_label, national=national)
    # A category of local systems (宛名システム等 …): one node per municipality, named as the form.
    return ctx.system_node(kind.pref_label)


def _connections(ctx: MappingContext, system: System) -> list[_Connection]:
    """The targets of システムN ③ in form order: ticked boxes, then names inside その他（…）."""
    found: list[_Connection] = []
    for raw in system.connections:
        if (label := _text(raw)) is None:
            continue
        kind = connection_kind(label)
        if kind is not None and kind.key == OTHER_CONNECTION_KIND:
            continue
        found.append(_Connection(label, kind, _ticked_target(ctx, label, kind)))
    other = lexicon.concept_by_key(lexicon.CONNECTION_KINDS, OTHER_CONNECTION_KIND)
    for raw in system.connections_other:
        if (label := _text(raw)) is not None:
            found.append(_Connection(label, other, ctx.system_node(label)))
    return found


def systems_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """Ⅰ 2 システムN: the systems the process uses and their ③ connections."""
    listed: list[tuple[System, URIRef]] = []
    for system in ctx.result.systems:
        if (name := _text(system.name)) is None:
            continue
        node = ctx.system_node(name)
        listed.append((system, node.iri))
        yield from ctx.system_triples(node, system.line)
        yield ctx.process, MNPIA.usesSystem, node.iri
        yield node.iri, MNPIA.systemNo, Literal(system.no)
        if (functions := _literal(system.functions)) is not None:
            yield node.iri, MNPIA.functions, functions
    # Connections after every listed system, so that a listed system keeps its own line.
    for system, source in listed:
        for n, found in enumerate(_connections(ctx, system), start=1):
            connection = iri.connection_iri(ctx.key, system.no, n)
            ctx.mention(connection, system.line)
            yield from ctx.system_triples(found.target, system.line)
            yield connection, RDF.type, MNPIA.SystemConnection
            yield connection, MNPIA.connectionLabel, Literal(found.label)
            yield connection, MNPIA.connectionTarget, found.target.iri
            if found.kind is not None:
                yield connection, MNPIA.connectionKind, URIRef(found.kind.iri)
            yield source, MNPIA.hasConnection, connection
            yield source, MNPIA.connectsTo, found.target.iri


def issues_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """The extraction status's reasons: each Issue, in report order."""
    for n, issue in enumerate(ctx.result.issues, start=1):
        node = iri.issue_iri(ctx.key, n)
        ctx.mention(node, issue.line)
        yield node, RDF.type, MNPIA.ExtractionIssue
        yield node, MNPIA.issueCode, Literal(issue.code.value)
        yield node, MNPIA.issueMessage, Literal(issue.message)
        if (form_ref := _literal(issue.form_ref)) is not None:
            yield node, MNPIA.formRef, form_ref
        yield ctx.assessment, MNPIA.hasIssue, node


TRIPLE_MAPPERS: Final[tuple[TripleMapper, ...]] = (
    source_to_triples,
    document_to_triples,
    affair_to_triples,
    systems_to_triples,
    use_basis_to_triples,
    linkage_to_triples,
    files_to_triples,
    data_items_to_triples,
    inbound_flows_to_triples,
    delegations_to_triples,
    outbound_flows_to_triples,
    storage_to_triples,
    risks_to_triples,
    flow_steps_to_triples,
    changes_to_triples,
    annex_provisions_to_triples,
    requesters_to_triples,
    incidents_to_triples,
    issues_to_triples,
)
"""The mappers of the form's parts, in the order they run (the order fixes first mentions)."""


def provenance_to_triples(
    ctx: MappingContext, *, generated_at: datetime | None = None
) -> Iterator[Triple]:
    """Where each mentioned node comes from; when the graph was made, only if asked."""
    for node, line, end_line in ctx.mentioned():
        yield node, PROV.wasDerivedFrom, ctx.source
        if line is not None:
            yield node, MNPIA.sourceLine, Literal(line)
        if end_line is not None:
            yield node, MNPIA.sourceEndLine, Literal(end_line)
    yield ctx.graph_name, PROV.wasDerivedFrom, ctx.source
    if generated_at is not None:
        yield ctx.graph_name, PROV.generatedAtTime, Literal(generated_at)


PREFIXES: Final[dict[str, str]] = {
    "mnpia": str(MNPIA),
    "dpv": str(DPV),
    "prov": str(PROV),
    "dct": str(DCTERMS),
    "skos": str(SKOS),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
"""Prefixes bound in every document graph (and used by exports)."""


def records_to_graph(
    result: ExtractionResult,
    *,
    generated_at: datetime | None = None,
    mappers: tuple[TripleMapper, ...] = TRIPLE_MAPPERS,
) -> DocumentGraph:
    """The named graph of one assessment: facts of every mapper, then their provenance.

    Args:
        result: the records of one source text.
        generated_at: stated as ``prov:generatedAtTime`` of the graph when given; leave it out
            for deterministic output (tests, goldens).
        mappers: the registry to run (tests may pass a subset).
    """
    ctx = MappingContext.of(result)
    graph = Graph(identifier=ctx.graph_name)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for mapper in mappers:
        for triple in mapper(ctx):
            graph.add(triple)
    for triple in provenance_to_triples(ctx, generated_at=generated_at):
        graph.add(triple)
    return DocumentGraph(assessment=ctx.assessment, graph_name=ctx.graph_name, graph=graph)
