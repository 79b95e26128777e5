"""``/lineage``, ``/impact`` and ``/path``: the answers of ``mnpia lineage``, ``impact`` and
``path``, from the same functions of :mod:`queries.analytics` and :mod:`queries.legal`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import networkx as nx
from fastapi import APIRouter, Query

from api.deps import GraphDep, StoreDep
from api.models import (
    EdgePublic,
    ImpactGroupPublic,
    ImpactPublic,
    LineageNodePublic,
    LineagePublic,
    PathHopPublic,
    PathPublic,
    ProvisionPublic,
    StartPublic,
    TruncationPublic,
)
from api.problem import ProblemError
from api.routes.entities import resolve_entity
from queries.analytics import AnalyticsError, lineage, path_between, records_of
from queries.legal import ProvisionError, provision_impact
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


@router.get(
    "/lineage/{entity_id:path}",
    summary="Upstream or downstream lineage of an entity",
    responses=_UNKNOWN,
)
def get_lineage(
    entity_id: str,
    graph: GraphDep,
    direction: Annotated[
        Literal["up", "down", "both"],
        Query(description="up: what feeds it; down: where it goes; both."),
    ] = "down",
    depth: Annotated[int, Query(ge=0, le=MAX_DEPTH, description="Most hops to follow.")] = 3,
) -> LineagePublic:
    """The nodes within ``depth`` hops, the edges between them, and what the depth left out."""
    node = resolve_entity(graph, entity_id)
    try:
        answer = lineage(graph, node, direction=direction, depth=depth)
    except AnalyticsError as error:
        raise _analysis_error(error) from error
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
    )


@router.get(
    "/impact",
    summary="Every flow that rests on a legal provision, by municipality",
    responses={400: {"description": "Not a provision of a known law (problem+json)"}},
)
def get_impact(
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


def _path(graph: nx.MultiDiGraph, start: str, end: str) -> PathPublic:
    try:
        path = path_between(graph, start, end)
    except AnalyticsError as error:
        raise _analysis_error(error) from error
    if path is None:
        return PathPublic(source=start, target=end, connected=False, directed=None, hops=[])
    return PathPublic(
        source=start,
        target=end,
        connected=True,
        directed=path.directed,
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
    graph: GraphDep,
    source: Annotated[
        str, Query(alias="from", min_length=1, description="An entity, by name or IRI.")
    ],
    target: Annotated[
        str, Query(alias="to", min_length=1, description="An entity, by name or IRI.")
    ],
) -> PathPublic:
    """A shortest path along the data if there is one, else over links either way."""
    start = resolve_entity(graph, source, "from")
    end = resolve_entity(graph, target, "to")
    return _path(graph, start, end)
