"""``/assessments``: the assessments held by the store, with their systems and issues."""

from __future__ import annotations

from typing import Annotated, Final

import pyoxigraph as ox
from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.models import (
    AssessmentDetailPublic,
    AssessmentPublic,
    IssuePublic,
    PagePublic,
    SystemPublic,
)
from api.problem import ProblemError
from graph import iri
from graph.store import DocumentInfo, Store
from queries import run_query

router = APIRouter(tags=["assessments"])

LimitQuery = Annotated[int, Query(ge=1, le=1000, description="Most items to return.")]
OffsetQuery = Annotated[int, Query(ge=0, description="Items to skip.")]

_ISSUES: Final = """
PREFIX mnpia: <https://w3id.org/mnpia/ontology#>
SELECT ?a ?code ?message ?form ?line WHERE {
  ?a mnpia:hasIssue ?issue .
  OPTIONAL { ?issue mnpia:issueCode ?code }
  OPTIONAL { ?issue mnpia:issueMessage ?message }
  OPTIONAL { ?issue mnpia:formRef ?form }
  OPTIONAL { ?issue mnpia:sourceLine ?line }
} ORDER BY ?line ?code ?message
"""


def document_to_public(doc: DocumentInfo) -> AssessmentPublic:
    """The JSON of one assessment of :meth:`graph.store.Store.documents`."""
    return AssessmentPublic(
        id=iri.assessment_iri_to_key(str(doc.assessment)) or str(doc.assessment),
        iri=str(doc.assessment),
        graph=str(doc.graph_name),
        title=doc.title,
        municipality=doc.municipality,
        number=doc.number,
        status=doc.status,
        triples=doc.triples,
        source=doc.source,
    )


def find_document(store: Store, ref: str) -> DocumentInfo:
    """The assessment of a key (``千葉市/27``) or IRI; 404 problem when the store lacks it."""
    text = ref.strip()
    key = iri.assessment_iri_to_key(text) if "://" in text else text.strip("/")
    wanted = str(iri.assessment_iri(key)) if key else None
    for doc in store.documents():
        if str(doc.assessment) == wanted or str(doc.graph_name) == text:
            return doc
    raise ProblemError(
        404,
        "Unknown assessment",
        f"the store holds no assessment {ref!r} (give its key, like 市/27, or its IRI)",
        kind="unknown-assessment",
    )


def _value(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else None


def issues_of(store: Store, doc: DocumentInfo) -> list[IssuePublic]:
    """The extraction issues of an assessment, in source order."""
    result = store.query(_ISSUES, substitutions={"a": doc.assessment})
    assert isinstance(result, ox.QuerySolutions)
    issues = []
    for row in result:
        line = _value(row["line"])
        issues.append(
            IssuePublic(
                code=_value(row["code"]),
                message=_value(row["message"]),
                form_ref=_value(row["form"]),
                line=int(line) if line and line.isdigit() else None,
            )
        )
    return issues


@router.get("/assessments", summary="The assessments in the store")
def list_assessments(
    store: StoreDep, limit: LimitQuery = 100, offset: OffsetQuery = 0
) -> PagePublic[AssessmentPublic]:
    """Every assessment, sorted by graph name, one page at a time."""
    docs = store.documents()
    return PagePublic[AssessmentPublic](
        total=len(docs),
        limit=limit,
        offset=offset,
        items=[document_to_public(d) for d in docs[offset : offset + limit]],
    )


@router.get(
    "/assessments/{assessment_id:path}",
    summary="One assessment: its systems and extraction issues",
    responses={404: {"description": "Unknown assessment (problem+json)"}},
)
def get_assessment(assessment_id: str, store: StoreDep) -> AssessmentDetailPublic:
    """An assessment by key (``千葉市/27``, URL-encoded or not) or IRI."""
    doc = find_document(store, assessment_id)
    systems = run_query(store, "systems_of_assessment", {"assessment": str(doc.assessment)})
    return AssessmentDetailPublic(
        **document_to_public(doc).model_dump(),
        systems=[
            SystemPublic(
                system=r.get("system"),
                system_no=r.get("system_no"),
                label=r.get("system_label"),
                kind=r.get("kind"),
                connects_to=r.get("connects_to"),
            )
            for r in systems.records()
        ],
        issues=issues_of(store, doc),
    )
