"""``/lineage``, ``/impact`` and ``/path``: the answers of ``mnpia lineage``, ``impact`` and
``path``, from the same functions of :mod:`queries.analytics` and :mod:`queries.legal`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from api.cache import kept_answer
from api.deps import StoreDep
from api.models import (
    EdgePublic,
    ImpactGroupPublic,
    ImpactPublic,
    LineageNodePublic,
    LineagePublic,
    PathHopPublic,
    PathPublic,
    ProvisionPublic,
    ScopePublic,
    StartPublic,
    TruncationPublic,
)
from api.problem import ProblemError
from api.routes.entities import resolve_entity_in_store
from graph.store import GraphStore
from queries.analytics import AnalyticsError, Path, records_of
from queries.legal import ProvisionError, provision_impact
from queries.neighbourhood import Scope, lineage_scope, path_scope, store_lineage, store_path
from queries.projection import EdgeData, node_data

router = APIRouter(tags=["lineage"])

MAX_DEPTH = 50
_UNKNOWN: dict[int | str, dict[str, Any]] = {
    400: {"description": "Ambiguous entity: the candidates are listed (problem+json)"},
    404: {"description": "Unknown entity (problem+json)"},
}


def edge_to_public(source: str, target: str, data: EdgeData) -> EdgePublic:
    """The JSON of one edge."""
    return EdgePublic.model_validate({"source": source, "target": target, **records_of([data])[0]})


def _analysis_error(error: AnalyticsError) -> ProblemError:
    return ProblemError(400, "Cannot answer", str(error), kind="analysis")


ScopeQuery = Annotated[
    Literal["auto", "all"],
    Query(
        description="auto: when one municipality's assessments name the start, follow only "
        "their flows (through national systems too); all: every assessment's flows.",
    ),
]


def scope_to_public(scope: Scope | None) -> ScopePublic | None:
    """The JSON of a walk's scope."""
    if scope is None:
        return None
    return ScopePublic(municipality=scope.municipality, assessments=list(scope.assessments))


@router.get(
    "/lineage/{entity_id:path}",
    summary="Upstream or downstream lineage of an entity",
    responses=_UNKNOWN,
)
def get_lineage(
    request: Request,
    entity_id: str,
    store: StoreDep,
    direction: Annotated[
        Literal["up", "down", "both"],
        Query(description="up: what feeds it; down: where it goes; both."),
    ] = "down",
    depth: Annotated[int, Query(ge=0, le=MAX_DEPTH, description="Most hops to follow.")] = 3,
    scope: ScopeQuery = "auto",
) -> LineagePublic:
    """The nodes within ``depth`` hops, the edges between them, and what the depth left out,
    walked in the store as ``mnpia lineage`` walks it."""
    key = ("lineage", entity_id, direction, depth, scope)
    return kept_answer(
        request.app.state,
        "answers",
        key,
        lambda: _lineage(store, entity_id, direction, depth, scope),
    )


def _lineage(
    store: GraphStore,
    entity_id: str,
    direction: Literal["up", "down", "both"],
    depth: int,
    scope: Literal["auto", "all"],
) -> LineagePublic:
    node = resolve_entity_in_store(store, entity_id)
    try:
        walked = store_lineage(
            store,
            node,
            direction=direction,
            depth=depth,
            scope=lineage_scope(store, node) if scope == "auto" else None,
        )
    except AnalyticsError as error:
        raise _analysis_error(error) from error
    graph, answer = walked.graph, walked.answer
    cut = answer.truncation
    return LineagePublic(
        start=StartPublic(
            node=answer.start, label=answer.start_label, kind=node_data(graph, answer.start).kind
        ),
        direction=answer.direction,
        depth=answer.depth,
        nodes=[
            LineageNodePublic(
                node=n.node,
                label=n.label,
                kind=n.kind,
                hops=n.hops,
                direction=n.direction,
                municipalities=list(node_data(graph, n.node).municipalities),
            )
            for n in answer.nodes
        ],
        edges=[edge_to_public(e.source, e.target, e.data) for e in answer.edges],
        truncation=TruncationPublic(
            depth=cut.depth,
            left_out=cut.left_out,
            left_out_by_hops=list(cut.left_out_by_hops),
            frontier=list(cut.frontier),
            truncated=cut.truncated,
        ),
        scope=scope_to_public(walked.scope),
    )


@router.get(
    "/impact",
    summary="Every flow that rests on a legal provision, by municipality",
    responses={400: {"description": "Not a provision of a known law (problem+json)"}},
)
def get_impact(
    request: Request,
    store: StoreDep,
    article: Annotated[
        str,
        Query(
            min_length=1,
            description="A provision as assessments write it (番号法第19条第8号, 番号法19条8号) "
            "or a legal resource IRI.",
        ),
    ],
) -> ImpactPublic:
    """The flows of every assessment that cite the provision."""
    return kept_answer(
        request.app.state, "answers", ("impact", article), lambda: _impact(store, article)
    )


def _impact(store: GraphStore, article: str) -> ImpactPublic:
    try:
        impact = provision_impact(store, article)
    except ProvisionError as error:
        raise ProblemError(
            400, "Unknown provision", str(error), kind="unknown-provision"
        ) from error
    groups = impact.by_municipality()
    return ImpactPublic(
        text=impact.text,
        provisions=[ProvisionPublic(iri=p.iri, label=p.label) for p in impact.provisions],
        flows=len(impact.table.rows),
        municipalities=[
            ImpactGroupPublic(
                municipality=municipality,
                assessments=len({r["assessment"] for r in rows}),
                flows=rows,
            )
            for municipality, rows in groups.items()
        ],
    )


def _path(store: GraphStore, start: str, end: str, scope: Literal["auto", "all"]) -> PathPublic:
    try:
        walked = store_path(
            store,
            start,
            end,
            scope=path_scope(store, start, end) if scope == "auto" else None,
        )
    except AnalyticsError as error:
        raise _analysis_error(error) from error
    return path_to_public(walked.answer, start, end, walked.scope)


def path_to_public(path: Path | None, start: str, end: str, scope: Scope | None) -> PathPublic:
    """The JSON of a path (``connected`` false and no hops when there is none)."""
    if path is None:
        return PathPublic(
            source=start,
            target=end,
            connected=False,
            directed=None,
            hops=[],
            scope=scope_to_public(scope),
        )
    return PathPublic(
        source=start,
        target=end,
        connected=True,
        directed=path.directed,
        scope=scope_to_public(scope),
        hops=[
            PathHopPublic(
                source=hop.source,
                source_label=hop.source_label,
                target=hop.target,
                target_label=hop.target_label,
                forward=hop.forward,
                bases=list(hop.bases),
                edges=[
                    edge_to_public(
                        *((hop.source, hop.target) if hop.forward else (hop.target, hop.source)), e
                    )
                    for e in hop.edges
                ],
            )
            for hop in path.hops
        ],
    )


@router.get("/path", summary="The shortest path between two entities", responses=_UNKNOWN)
def get_path(
    request: Request,
    store: StoreDep,
    source: Annotated[
        str, Query(alias="from", min_length=1, description="An entity, by name or IRI.")
    ],
    target: Annotated[
        str, Query(alias="to", min_length=1, description="An entity, by name or IRI.")
    ],
    scope: ScopeQuery = "auto",
) -> PathPublic:
    """A shortest path along the data if there is one, else over links either way, walked in
    the store as ``mnpia path`` walks it."""

    def compute() -> PathPublic:
        start = resolve_entity_in_store(store, source, "from")
        end = resolve_entity_in_store(store, target, "to")
        return _path(store, start, end, scope)

    return kept_answer(request.app.state, "answers", ("path", source, target, scope), compute)
