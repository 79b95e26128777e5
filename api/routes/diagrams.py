"""``/assessments/{id}/diagram`` and ``/lineage/{id}/diagram``: the drawings of ``mnpia diagram``.

The flow (別添1) and data-flow views are drawn from the assessment's text, which the server finds
in ``MNPIA_SOURCES`` (:mod:`api.source`); the lineage views are drawn from the store
(:mod:`api.diagram`). Rendering runs Graphviz, so answers are kept (a small cache per app,
emptied when an ingestion changes the store).

These routes must be registered before ``/assessments/{id:path}`` and ``/lineage/{id:path}``,
whose ``path`` parameters would otherwise swallow the ``/diagram`` suffix.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from enum import StrEnum
from typing import Annotated, Any, Final, Literal

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response

from api.cache import kept_answer
from api.deps import StoreDep, get_graph
from api.diagram import lineage_to_diagram, store_lineage_diagram
from api.problem import ProblemError
from api.routes.assessments import find_document
from api.routes.entities import resolve_entity
from api.routes.lineage import MAX_DEPTH
from api.source import SourceIndex
from graph.store import DocumentInfo, GraphStore
from ingest.errors import IngestError
from queries.analytics import AnalyticsError, lineage
from viz.diagram import Diagram
from viz.errors import EmptyViewError, RenderError, UnknownEntityError
from viz.lineage import DEFAULT_DEPTH
from viz.render import OutputFormat, diagram_to_dot, dot_to_bytes
from viz.view import View, result_to_diagram

router = APIRouter(tags=["diagrams"])


class DiagramFormat(StrEnum):
    """The formats the API draws in."""

    svg = "svg"
    png = "png"


MEDIA_TYPES: Final = {DiagramFormat.svg: "image/svg+xml", DiagramFormat.png: "image/png"}
KEPT_DIAGRAMS: Final = 48
"""Rendered diagrams kept per app (the most recently used)."""

_SOURCE_SHA256: Final = """
PREFIX mnpia: <https://w3id.org/mnpia/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?a ?sha WHERE { ?a prov:wasDerivedFrom ?source . ?source mnpia:sha256 ?sha }
"""

_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    200: {
        "description": "The diagram",
        "content": {"image/svg+xml": {}, "image/png": {}},
    },
    400: {"description": "Ambiguous entity, or an entity for a view without one (problem+json)"},
    404: {
        "description": "Unknown assessment or entity, a view with nothing to draw, or an "
        "assessment whose text the server does not have (problem+json)"
    },
}

FormatQuery = Annotated[
    DiagramFormat, Query(alias="format", description="svg (inline in a page) or png.")
]


def _sources(request: Request) -> SourceIndex:
    index: SourceIndex = request.app.state.sources
    return index


def _render(diagram: Diagram, fmt: DiagramFormat) -> bytes:
    try:
        return dot_to_bytes(diagram_to_dot(diagram), OutputFormat(fmt.value))
    except RenderError as error:
        raise ProblemError(500, "Rendering failed", str(error), kind="render-failed") from error


def _answer(
    request: Request, key: Hashable, fmt: DiagramFormat, draw: Callable[[], Diagram]
) -> Response:
    data = kept_answer(request.app.state, "diagrams", (key, fmt), lambda: _render(draw(), fmt))
    return Response(
        data,
        media_type=MEDIA_TYPES[fmt] + ("; charset=utf-8" if fmt is DiagramFormat.svg else ""),
        headers={"Cache-Control": "no-cache"},
    )


def _empty(error: EmptyViewError, view: str) -> ProblemError:
    return ProblemError(
        404, "Nothing to draw", f"nothing to draw in the {view}: {error}", kind="empty-view"
    )


def source_sha256(store: GraphStore, doc: DocumentInfo) -> str | None:
    """The SHA-256 of the text an assessment was extracted from, as the store recorded it."""
    result = store.query(_SOURCE_SHA256, substitutions={"a": doc.assessment})
    assert isinstance(result, ox.QuerySolutions)
    for row in result:
        sha = row["sha"]
        if isinstance(sha, ox.Literal):
            return sha.value
    return None


def _text_view(request: Request, store: GraphStore, doc: DocumentInfo, view: View) -> Diagram:
    name = doc.title or doc.source or str(doc.assessment)
    sha = source_sha256(store, doc)
    sources = _sources(request)
    try:
        result = sources.result_of(sha) if sha else None
    except IngestError as error:
        raise ProblemError(
            404, "Source text unreadable", str(error), kind="source-unavailable"
        ) from error
    if result is None:
        where = (
            ", ".join(str(f) for f in sources.folders)
            if sources.folders
            else "no folder (MNPIA_SOURCES is not set)"
        )
        raise ProblemError(
            404,
            "Source text unavailable",
            f"the {view.value} view is drawn from the assessment's text, and the server does not "
            f"have the text of {name} ({doc.source or 'unknown file'}; searched: {where}); "
            "set MNPIA_SOURCES to the folder of the texts, or ask for view=lineage",
            kind="source-unavailable",
            extensions={"view": view.value, "sha256": sha},
        )
    try:
        return result_to_diagram(result, view)
    except EmptyViewError as error:
        raise _empty(error, f"{view.value} view") from error


@router.get(
    "/assessments/{assessment_id:path}/diagram",
    summary="An assessment's 別添1 flow, data flows or lineage, as SVG or PNG",
    response_class=Response,
    responses=_RESPONSES,
)
def assessment_diagram(
    assessment_id: str,
    request: Request,
    store: StoreDep,
    view: Annotated[
        View,
        Query(
            description="flow: 別添1 (from the text); dataflow: Part Ⅱ's flows with legal bases "
            "(from the text); lineage: what the store holds of the assessment, around `entity` "
            "or all of it."
        ),
    ] = View.flow,
    fmt: FormatQuery = DiagramFormat.svg,
    entity: Annotated[
        str | None,
        Query(min_length=1, description="lineage view: the entity (name or IRI) to centre on."),
    ] = None,
    depth: Annotated[
        int, Query(ge=1, le=MAX_DEPTH, description="lineage view: hops around the entity.")
    ] = DEFAULT_DEPTH,
) -> Response:
    """The drawing of ``mnpia diagram`` for an assessment of the store."""
    doc = find_document(store, assessment_id)
    if view is not View.lineage and entity:
        raise ProblemError(
            400,
            "Entity not used",
            f"entity is only for the lineage view, not the {view.value} view",
            kind="invalid-parameter",
            extensions={"parameter": "entity"},
        )

    def draw() -> Diagram:
        if view is not View.lineage:
            return _text_view(request, store, doc, view)
        graph = get_graph(request, store)
        try:
            return store_lineage_diagram(graph, doc, entity=entity, depth=depth)
        except UnknownEntityError as error:
            raise ProblemError(
                404, "Unknown entity", str(error), kind="unknown-entity",
                extensions={"parameter": "entity"},
            ) from error  # fmt: skip
        except EmptyViewError as error:
            raise _empty(error, "lineage view") from error

    key = ("assessment", str(doc.assessment), view.value, entity, depth)
    return _answer(request, key, fmt, draw)


@router.get(
    "/lineage/{entity_id:path}/diagram",
    summary="The lineage of an entity across the store, as SVG or PNG",
    response_class=Response,
    responses=_RESPONSES,
)
def lineage_diagram(
    entity_id: str,
    request: Request,
    store: StoreDep,
    direction: Annotated[
        Literal["up", "down", "both"],
        Query(description="up: what feeds it; down: where it goes; both."),
    ] = "both",
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH, description="Most hops to follow.")] = 2,
    fmt: FormatQuery = DiagramFormat.svg,
) -> Response:
    """The nodes and edges of ``/lineage/{id}``, drawn with the entity highlighted."""
    graph = get_graph(request, store)
    node = resolve_entity(graph, entity_id)

    def draw() -> Diagram:
        try:
            answer = lineage(graph, node, direction=direction, depth=depth)
        except AnalyticsError as error:
            raise ProblemError(400, "Cannot answer", str(error), kind="analysis") from error
        try:
            return lineage_to_diagram(graph, answer)
        except EmptyViewError as error:
            raise _empty(error, f"{direction} lineage") from error

    return _answer(request, ("lineage", node, direction, depth), fmt, draw)
