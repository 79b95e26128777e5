"""``/assessments``: the assessments held by the store, with their systems and issues.

``POST /assessments`` ingests a text through :func:`graph.ingestion.ingest_file`, the function
``mnpia ingest`` runs; it is on only when the server has an ingest token (``MNPIA_INGEST_TOKEN``,
then the store is opened for writing) and the request carries it as a bearer token.
"""

from __future__ import annotations

import hmac
import logging
import re
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any, Final
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep, store_changed
from api.models import (
    AssessmentDetailPublic,
    AssessmentPublic,
    IngestedPublic,
    IssuePublic,
    PagePublic,
    SystemPublic,
)
from api.problem import ProblemError
from api.settings import Settings
from api.source import SourceIndex
from graph import iri
from graph.errors import GraphError
from graph.ingestion import ingest_file
from graph.store import DocumentInfo, GraphStore
from ingest.source import DEFAULT_MAX_BYTES
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
    """The JSON of one assessment of :meth:`graph.store.GraphStore.documents`."""
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


def find_document(store: GraphStore, ref: str) -> DocumentInfo:
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


def issues_of(store: GraphStore, doc: DocumentInfo) -> list[IssuePublic]:
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
    return document_to_detail(store, find_document(store, assessment_id))


def document_to_detail(store: GraphStore, doc: DocumentInfo) -> AssessmentDetailPublic:
    """The JSON of an assessment with its systems and extraction issues."""
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


# ---------------------------------------------------------------------------------------------
# ingestion
# ---------------------------------------------------------------------------------------------

_log = logging.getLogger(__name__)
_bearer = HTTPBearer(auto_error=False, description="The server's MNPIA_INGEST_TOKEN.")
_ingesting = threading.Lock()
_FILE_NAME: Final = re.compile(r"[^/\\\x00-\x1f]{1,200}")
TEXT_MEDIA_TYPES: Final = ("text/plain", "application/octet-stream")
_BY_SOURCE: Final = """
PREFIX mnpia: <https://w3id.org/mnpia/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?a ?sha WHERE { ?a a mnpia:Assessment ; prov:wasDerivedFrom ?source .
                       ?source mnpia:sha256 ?sha }
"""


def check_token(settings: Settings, credentials: HTTPAuthorizationCredentials | None) -> None:
    """403 when ingestion is off, 401 without the right bearer token."""
    if not settings.ingest_token:
        raise ProblemError(
            403,
            "Ingestion disabled",
            "this server is read-only: ingestion through the API is enabled by starting it "
            "with MNPIA_INGEST_TOKEN set",
            kind="ingest-disabled",
        )
    challenge = 'Bearer realm="mnpia"'
    if credentials is None:
        raise ProblemError(
            401,
            "Unauthorized",
            "POST /assessments needs the header Authorization: Bearer <MNPIA_INGEST_TOKEN>",
            kind="unauthorized",
            headers={"WWW-Authenticate": challenge},
        )
    given = credentials.credentials.encode("utf-8")
    if not hmac.compare_digest(given, settings.ingest_token.encode("utf-8")):
        raise ProblemError(
            401,
            "Unauthorized",
            "the bearer token is not this server's ingest token",
            kind="unauthorized",
            headers={"WWW-Authenticate": challenge + ', error="invalid_token"'},
        )


def _file_name(name: str) -> str:
    if not _FILE_NAME.fullmatch(name) or name.strip(" .") == "":
        raise ProblemError(
            422,
            "Invalid file name",
            f"name must be a plain file name (no folders, 1 to 200 characters), not {name!r}",
            kind="invalid-parameter",
            extensions={"parameter": "name"},
        )
    return name


async def _body(request: Request, limit: int) -> bytes:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in TEXT_MEDIA_TYPES:
        raise ProblemError(
            415,
            "Unsupported media type",
            f"POST /assessments takes the text as {' or '.join(TEXT_MEDIA_TYPES)}, "
            f"not {media or 'no content type'}",
            kind="unsupported-media-type",
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProblemError(
                413,
                "Text too long",
                f"the text is over the limit of {limit} bytes",
                kind="text-too-long",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _keep_text(sources: SourceIndex, raw: bytes, name: str, sha256: str) -> bool:
    """Save an ingested text into the first sources folder (for the flow diagrams)."""
    if not sources.folders:
        return False
    folder = sources.folders[0]
    target = folder / (name if name.endswith(".txt") else name + ".txt")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if target.exists() and target.read_bytes() != raw:
            target = target.with_name(f"{target.stem}-{sha256[:12]}{target.suffix}")
        if not target.exists():
            partial = target.with_name(f".{target.name}.partial")
            partial.write_bytes(raw)
            partial.replace(target)
    except OSError as error:
        _log.warning("cannot keep the text of %s in %s: %s", name, folder, error)
        return False
    sources.add(sha256, target)
    return True


def _assessment_of(store: GraphStore, sha256: str) -> DocumentInfo | None:
    result = store.query(_BY_SOURCE, substitutions={"sha": ox.Literal(sha256)})
    assert isinstance(result, ox.QuerySolutions)
    wanted = {row["a"].value for row in result if isinstance(row["a"], ox.NamedNode)}
    return next((d for d in store.documents() if str(d.assessment) in wanted), None)


def ingest_text(
    store: GraphStore, sources: SourceIndex, raw: bytes, name: str
) -> tuple[DocumentInfo, bool, bool]:
    """Ingest one text as ``mnpia ingest`` does (:func:`graph.ingestion.ingest_file`).

    Returns:
        The assessment, whether it replaced one already there, whether its text was kept.

    Raises:
        ProblemError: 422 when the text cannot be read or is not an assessment (nothing is
            written then).
    """
    with _ingesting, tempfile.TemporaryDirectory(prefix="mnpia-ingest-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(raw)
        before = {str(d.assessment) for d in store.documents()}
        outcome = ingest_file(store, path)
        if not outcome.ok or outcome.result is None:
            detail = (outcome.error or "cannot be ingested").replace(str(path), name)
            issues = outcome.result.issues if outcome.result is not None else ()
            raise ProblemError(
                422,
                "Not an ingestible assessment text",
                detail,
                kind="unprocessable-text",
                extensions={
                    "issues": [
                        {"code": str(i.code), "message": i.message, "line": i.line}
                        for i in issues[:20]
                    ]
                },
            )
        store.ensure_ontology()  # as ingest_paths does, once a document is in
        sha256 = outcome.result.source.sha256
        doc = _assessment_of(store, sha256)
        if doc is None:  # a defect: the graph just written names no assessment of this text
            msg = f"{name}: ingested, but no assessment of it is in the store"
            raise GraphError(msg)
        kept = _keep_text(sources, raw, name, sha256)
    return doc, str(doc.assessment) in before, kept


@router.post(
    "/assessments",
    summary="Ingest an assessment text (needs the server's ingest token)",
    status_code=201,
    responses={
        200: {"description": "Ingested, replacing the previous version of the assessment"},
        401: {"description": "No or wrong bearer token (problem+json)"},
        403: {"description": "Ingestion is disabled on this server (problem+json)"},
        413: {"description": "Text too long (problem+json)"},
        415: {"description": "Not text/plain (problem+json)"},
        422: {"description": "Not a readable assessment text; nothing written (problem+json)"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "The assessment text, as extracted from its PDF (UTF-8, CP932, "
            "UTF-16 … are detected as `mnpia ingest` detects them).",
            "content": {media: {"schema": {"type": "string"}} for media in TEXT_MEDIA_TYPES},
        }
    },
)
async def post_assessment(
    request: Request,
    response: Response,
    store: StoreDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    name: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="The file name the text is known by (recorded as its source).",
        ),
    ] = "upload.txt",
) -> IngestedPublic:
    """Extract the text, map it to RDF and replace its assessment's graph in the store."""
    check_token(settings, credentials)
    file_name = _file_name(name)
    raw = await _body(request, DEFAULT_MAX_BYTES)
    sources: SourceIndex = request.app.state.sources
    doc, replaced, kept = await run_in_threadpool(ingest_text, store, sources, raw, file_name)
    store_changed(request.app.state)
    detail = await run_in_threadpool(document_to_detail, store, doc)
    response.status_code = 200 if replaced else 201
    response.headers["Location"] = "/assessments/" + quote(detail.id, safe="/")
    extra: dict[str, Any] = {"replaced": replaced, "text_kept": kept}
    return IngestedPublic(**detail.model_dump(), **extra)
