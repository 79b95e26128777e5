"""``/entities``: entities found by name as users type them (see :mod:`queries.entity`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Query

from api.deps import GraphDep
from api.models import CandidatePublic, EntityPublic, EntitySearchPublic
from api.problem import ProblemError
from graph.store import GraphStore
from queries.entity import (
    SEARCHABLE_KINDS,
    AmbiguousEntityError,
    Candidate,
    EntityNotFoundError,
    find_entity,
    find_entity_in_store,
)
from queries.projection import node_data

router = APIRouter(tags=["entities"])


def candidate_to_public(candidate: Candidate) -> CandidatePublic:
    """The JSON of a candidate entity."""
    return CandidatePublic(
        node=candidate.node,
        label=candidate.label,
        kind=candidate.kind,
        municipalities=list(candidate.municipalities),
        score=candidate.score,
    )


def node_to_candidate(graph: nx.MultiDiGraph, node: str) -> Candidate:
    """A node as a candidate (score 100)."""
    data = node_data(graph, node)
    return Candidate(
        node=node, label=data.label, kind=data.kind, municipalities=data.municipalities
    )


def resolve_entity(graph: nx.MultiDiGraph, name: str, param: str = "id") -> str:
    """The node ``name`` denotes: 404 problem when none, 400 with the candidates when several."""
    return _resolved(lambda: find_entity(graph, name), name, param)


def resolve_entity_in_store(store: GraphStore, name: str, param: str = "id") -> str:
    """:func:`resolve_entity`, looked up in the store (as ``mnpia lineage`` does)."""
    return _resolved(lambda: find_entity_in_store(store, name), name, param)


def _resolved(find: Callable[[], str], name: str, param: str) -> str:
    try:
        return find()
    except EntityNotFoundError as error:
        raise ProblemError(
            404,
            "Unknown entity",
            str(error),
            kind="unknown-entity",
            extensions={
                "parameter": param,
                "suggestions": [candidate_to_public(c).model_dump() for c in error.suggestions],
            },
        ) from error
    except AmbiguousEntityError as error:
        raise ProblemError(
            400,
            "Ambiguous entity",
            f"{name!r} matches {len(error.candidates)} entities; qualify the name "
            "(e.g. with the municipality) or give the IRI",
            kind="ambiguous-entity",
            extensions={
                "parameter": param,
                "candidates": [candidate_to_public(c).model_dump() for c in error.candidates],
            },
        ) from error


@router.get("/entities", summary="Search entities by name, as users type it")
def search_entities(
    graph: GraphDep,
    q: Annotated[
        str | None, Query(description="A name: Japanese, any width, whole or part.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EntitySearchPublic:
    """Without ``q``, every searchable entity by label; with ``q``, the entities it matches
    (the ranking of :func:`queries.entity.find_entity`), or the closest names."""
    match: str
    if q is None or not q.strip():
        nodes = [n for n in graph.nodes if graph.nodes[n].get("kind") in SEARCHABLE_KINDS]
        found = sorted(
            (node_to_candidate(graph, n) for n in nodes), key=lambda c: (c.label, c.node)
        )
        match = "all"
    else:
        try:
            found = [node_to_candidate(graph, find_entity(graph, q))]
            match = "exact"
        except AmbiguousEntityError as error:
            found, match = list(error.candidates), "candidates"
        except EntityNotFoundError as error:
            found, match = list(error.suggestions), "suggestions"
    return EntitySearchPublic.model_validate(
        {
            "q": q,
            "match": match,
            "total": len(found),
            "limit": limit,
            "offset": offset,
            "items": [candidate_to_public(c) for c in found[offset : offset + limit]],
        }
    )


@router.get(
    "/entities/{entity_id:path}",
    summary="One entity: a system, file, organisation … by IRI or name",
    responses={
        400: {"description": "Ambiguous entity: the candidates are listed (problem+json)"},
        404: {"description": "Unknown entity (problem+json)"},
    },
)
def get_entity(entity_id: str, graph: GraphDep) -> EntityPublic:
    """An entity of the lineage projection and how many nodes it links to."""
    node = resolve_entity(graph, entity_id)
    data = node_data(graph, node)
    return EntityPublic(
        node=node,
        label=data.label,
        kind=data.kind,
        assessments=list(data.assessments),
        municipalities=list(data.municipalities),
        alt_labels=list(data.alt_labels),
        owner=data.owner,
        data_items=list(data.data_items),
        upstream=len(set(graph.predecessors(node))),
        downstream=len(set(graph.successors(node))),
    )
