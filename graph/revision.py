"""Revisions: earlier versions of an assessment, kept queryable without polluting the answers.

Re-ingesting a changed text replaces the assessment's named graph. Asked to keep history
(``keep_history=True``), a store first turns the graph it is about to replace into a *revision*:
a named graph of its own, ``graph/revision/{key}/{sha256}``, named after the assessment key and
the SHA-256 of the source text that version was read from. Queries run over the union of all named
graphs, so a plain copy of the old triples would answer every query twice (once for each
version); a revision therefore holds what the old version stated as RDF 1.2 *triple terms*, which
a graph can talk about without asserting them::

    <…/assessment/千葉市/27/revision/{sha256}> a mnpia:Revision ;
        prov:specializationOf <…/assessment/千葉市/27> ;
        prov:wasDerivedFrom <…/source/{sha256}> ;          # the old source text
        prov:invalidatedAtTime "…"^^xsd:dateTime ;          # when a newer text replaced it
        prov:wasRevisionOf <…/revision/{older sha256}> ;   # the revision before it, if any
        mnpia:statement <<( s p o )>> , … .                 # what it stated, one per triple
    <…/assessment/千葉市/27> prov:wasRevisionOf <…/revision/{sha256}> .
    <…/source/{sha256}> a mnpia:SourceDocument ; mnpia:sha256 "…" ; mnpia:fileName "…" .

``mnpia:statement`` is a sub-property of RDF 1.2's ``rdf:reifies``: the revision is a reifier of
each proposition its version stated (RDF 1.2 Concepts: a triple term denotes a proposition and does
not assert it). ``prov:wasRevisionOf`` goes from the newer entity to the older one (PROV-O: "a
revised version of some original"); ``prov:specializationOf`` says the revision is one version of
the assessment. The assessment graph itself is never touched by history: it holds exactly what the
current text states. The only plain triples a revision adds are about the revision and the old
source text, which no named query reaches, so the union answers stay the same with and without
revisions (``tests/graph/test_revision.py`` runs every named query to check it).

A text with the same SHA-256 as the version in the store makes no revision. A version that comes
back (A, then B, then A again) is the same revision as before (content-addressed), its times those
of the latest replacement.

This module is pure: it builds and reads revision triples; :mod:`graph.store` and
:mod:`graph.remote` write and query them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import PROV, RDF, XSD

from graph import iri
from graph.errors import StoreError
from ontology.namespace import MNPIA

_STATEMENT: Final = ox.NamedNode(str(MNPIA.statement))
_REVISION: Final = ox.NamedNode(str(MNPIA.Revision))
_SHA256: Final = ox.NamedNode(str(MNPIA.sha256))
_TYPE: Final = ox.NamedNode(str(RDF.type))
_DERIVED_FROM: Final = ox.NamedNode(str(PROV.wasDerivedFrom))
_SPECIALIZATION_OF: Final = ox.NamedNode(str(PROV.specializationOf))
_REVISION_OF: Final = ox.NamedNode(str(PROV.wasRevisionOf))
_GENERATED: Final = ox.NamedNode(str(PROV.generatedAtTime))
_INVALIDATED: Final = ox.NamedNode(str(PROV.invalidatedAtTime))
_DATE_TIME: Final = ox.NamedNode(str(XSD.dateTime))
_ASSESSMENT_GRAPH_BASE: Final = str(iri.assessment_graph_iri(""))
_REVISION_IRI: Final = re.compile(
    re.escape(str(iri.assessment_iri(""))) + r"(?P<key>.+)/revision/(?P<sha>[0-9a-f]{64})"
)

REVISIONS_QUERY: Final = f"""\
PREFIX mnpia: <{MNPIA}>
PREFIX prov: <{PROV}>
SELECT ?assessment ?revision ?g (SAMPLE(?sha_) AS ?sha) (SAMPLE(?file_) AS ?file)
       (SAMPLE(?generated_) AS ?generated) (SAMPLE(?superseded_) AS ?superseded)
       (SAMPLE(?previous_) AS ?previous) (COUNT(?statement) AS ?statements)
WHERE {{
  GRAPH ?g {{
    ?revision a mnpia:Revision ;
              prov:specializationOf ?assessment ;
              mnpia:statement ?statement .
    OPTIONAL {{
      ?revision prov:wasDerivedFrom ?source .
      OPTIONAL {{ ?source mnpia:sha256 ?sha_ }}
      OPTIONAL {{ ?source mnpia:fileName ?file_ }}
    }}
    OPTIONAL {{ ?revision prov:generatedAtTime ?generated_ }}
    OPTIONAL {{ ?revision prov:invalidatedAtTime ?superseded_ }}
    OPTIONAL {{ ?revision prov:wasRevisionOf ?previous_ }}
  }}
}}
GROUP BY ?assessment ?revision ?g
ORDER BY ?superseded ?revision
"""
"""The revisions of ``?assessment`` (bind it), oldest replacement first."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RevisionInfo:
    """旧版: one earlier version of an assessment, as ``GraphStore.revisions`` lists it."""

    revision: URIRef
    graph_name: URIRef
    assessment: URIRef
    sha256: str | None
    """SHA-256 of the source text of that version."""
    source: str | None
    """File name of that source text."""
    generated_at: str | None
    """When that version's graph was made, when its graph said so (``prov:generatedAtTime``)."""
    superseded_at: str | None
    """When a newer text replaced it (``prov:invalidatedAtTime``)."""
    previous: URIRef | None
    """The revision before this one."""
    statements: int
    """Triples that version held."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RevisionPlan:
    """What keeping the version about to be replaced writes: one new named graph."""

    revision: ox.NamedNode
    graph_name: ox.NamedNode
    triples: tuple[ox.Triple, ...]


def graph_key(graph_name: ox.NamedNode | URIRef | str) -> str:
    """The assessment key of an assessment graph name.

    >>> graph_key("https://w3id.org/mnpia/graph/assessment/千葉市/27")
    '千葉市/27'

    Raises:
        StoreError: the name is not an assessment graph's.
    """
    value = graph_name.value if isinstance(graph_name, ox.NamedNode) else str(graph_name)
    key = value.removeprefix(_ASSESSMENT_GRAPH_BASE)
    if key == value or not key:
        msg = f"not an assessment graph name: {value}"
        raise StoreError(msg)
    return key


def source_sha256(triples: Iterable[ox.Triple], graph_name: ox.NamedNode) -> str | None:
    """The SHA-256 of the source text a graph says it was derived from (None if it says none).

    >>> g = ox.NamedNode("https://w3id.org/mnpia/graph/assessment/a/1")
    >>> src = ox.NamedNode("https://w3id.org/mnpia/id/source/x")
    >>> triples = [ox.Triple(g, _DERIVED_FROM, src), ox.Triple(src, _SHA256, ox.Literal("ab"))]
    >>> source_sha256(triples, g)
    'ab'
    """
    items = list(triples)
    sources = {t.object for t in items if t.subject == graph_name and t.predicate == _DERIVED_FROM}
    shas = sorted(
        t.object.value
        for t in items
        if t.subject in sources and t.predicate == _SHA256 and isinstance(t.object, ox.Literal)
    )
    return shas[0] if shas else None


def content_sha256(triples: Iterable[ox.Triple]) -> str:
    """A SHA-256 of the triples themselves (sorted N-Triples): the id of a version with no source.

    >>> t = ox.Triple(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"))
    >>> content_sha256([t, t]) == content_sha256([t])
    True
    """
    digest = hashlib.sha256()
    for line in sorted({_nt(t) for t in triples}):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def _nt(triple: ox.Triple) -> str:
    return (ox.serialize([triple], format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def version_sha256(triples: Iterable[ox.Triple], graph_name: ox.NamedNode) -> str:
    """The id of one version of an assessment graph: its source's SHA-256, else its content's."""
    items = list(triples)
    return source_sha256(items, graph_name) or content_sha256(items)


def plan_revision(
    *,
    graph_name: ox.NamedNode,
    old: Iterable[ox.Triple],
    new_sha256: str,
    superseded_at: datetime,
    kept: Sequence[URIRef] = (),
) -> RevisionPlan | None:
    """The revision that keeps ``old`` (the triples of ``graph_name`` about to be replaced).

    Args:
        graph_name: the assessment graph.
        old: its triples now.
        new_sha256: the :func:`version_sha256` of what replaces them.
        superseded_at: now (a timezone-aware time).
        kept: the revisions the store already keeps of this assessment, oldest first: the
            latest other than the one made here becomes its ``prov:wasRevisionOf``.

    Returns:
        None when the new version is the same text (same SHA-256): no revision is made.
    """
    items = list(dict.fromkeys(old))
    if not items:
        return None
    old_sha = version_sha256(items, graph_name)
    if old_sha == new_sha256:
        return None
    key = graph_key(graph_name)
    revision = ox.NamedNode(str(iri.revision_iri(key, old_sha)))
    assessment = ox.NamedNode(str(iri.assessment_iri(key)))
    triples = [
        ox.Triple(revision, _TYPE, _REVISION),
        ox.Triple(revision, _SPECIALIZATION_OF, assessment),
        ox.Triple(assessment, _REVISION_OF, revision),
        ox.Triple(
            revision,
            _INVALIDATED,
            ox.Literal(superseded_at.isoformat(timespec="microseconds"), datatype=_DATE_TIME),
        ),
    ]
    previous = [r for r in kept if str(r) != revision.value]
    if previous:
        triples.append(ox.Triple(revision, _REVISION_OF, ox.NamedNode(str(previous[-1]))))
    sources = {t.object for t in items if t.subject == graph_name and t.predicate == _DERIVED_FROM}
    for source in sorted(sources, key=str):
        triples.append(ox.Triple(revision, _DERIVED_FROM, source))
    for t in items:
        if t.subject == graph_name and t.predicate == _GENERATED:
            triples.append(ox.Triple(revision, _GENERATED, t.object))
        elif t.subject in sources:
            # The old source text, described plainly: a fact that stays true.
            triples.append(t)
    triples.extend(ox.Triple(revision, _STATEMENT, t) for t in items)
    return RevisionPlan(
        revision=revision,
        graph_name=ox.NamedNode(str(iri.revision_graph_iri(key, old_sha))),
        triples=tuple(dict.fromkeys(triples)),
    )


def revision_graph_name(revision: URIRef | str) -> tuple[ox.NamedNode, URIRef]:
    """The named graph that keeps a revision, and the assessment graph that version was.

    >>> kept, was = revision_graph_name(
    ...     "https://w3id.org/mnpia/id/assessment/千葉市/27/revision/" + "0" * 64)
    >>> kept.value.removeprefix(iri.REVISION_GRAPH_BASE)[:12], str(was).rsplit("/", 2)[1:]
    ('千葉市/27/00000', ['千葉市', '27'])

    Raises:
        StoreError: ``revision`` is not a revision IRI.
    """
    match = _REVISION_IRI.fullmatch(str(revision))
    if match is None:
        msg = f"not a revision IRI: {revision}"
        raise StoreError(msg)
    kept = ox.NamedNode(str(iri.revision_graph_iri(match["key"], match["sha"])))
    return kept, iri.assessment_graph_iri(match["key"])


def revision_to_triples(revision: URIRef | str, triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """What a version stated: the triple terms a revision graph holds for ``revision``."""
    subject = ox.NamedNode(str(revision))
    return [
        t.object
        for t in triples
        if t.subject == subject and t.predicate == _STATEMENT and isinstance(t.object, ox.Triple)
    ]


def _value(term: object) -> str | None:
    return term.value if isinstance(term, ox.Literal | ox.NamedNode) else None


def solutions_to_revisions(solutions: Iterable[ox.QuerySolution]) -> list[RevisionInfo]:
    """The answer of :data:`REVISIONS_QUERY` as records."""
    infos: list[RevisionInfo] = []
    for row in solutions:
        revision, graph_name, assessment = row["revision"], row["g"], row["assessment"]
        if not (
            isinstance(revision, ox.NamedNode)
            and isinstance(graph_name, ox.NamedNode)
            and isinstance(assessment, ox.NamedNode)
        ):
            continue
        previous = row["previous"]
        infos.append(
            RevisionInfo(
                revision=URIRef(revision.value),
                graph_name=URIRef(graph_name.value),
                assessment=URIRef(assessment.value),
                sha256=_value(row["sha"]),
                source=_value(row["file"]),
                generated_at=_value(row["generated"]),
                superseded_at=_value(row["superseded"]),
                previous=URIRef(previous.value) if isinstance(previous, ox.NamedNode) else None,
                statements=int(_value(row["statements"]) or 0),
            )
        )
    return infos


def assessment_of(ref: URIRef | str) -> ox.NamedNode:
    """The assessment IRI of an assessment IRI, an assessment graph name or a key (``市/27``).

    >>> assessment_of("千葉市/27").value
    'https://w3id.org/mnpia/id/assessment/千葉市/27'
    """
    text = str(ref).strip()
    if text.startswith(_ASSESSMENT_GRAPH_BASE):
        return ox.NamedNode(str(iri.assessment_iri(graph_key(text))))
    if "://" in text:
        if iri.assessment_iri_to_key(text) is None:
            msg = f"not an assessment IRI: {text}"
            raise StoreError(msg)
        return ox.NamedNode(text)
    return ox.NamedNode(str(iri.assessment_iri(text.strip("/"))))


__all__ = [
    "REVISIONS_QUERY",
    "RevisionInfo",
    "RevisionPlan",
    "assessment_of",
    "content_sha256",
    "graph_key",
    "plan_revision",
    "revision_graph_name",
    "revision_to_triples",
    "solutions_to_revisions",
    "source_sha256",
    "version_sha256",
]
