"""Diagrams of what the store holds, for ``mnpia diagram`` and the HTTP API alike.

The flow and data-flow views are drawn from an assessment's text by :mod:`viz.view`; the
lineage views are drawn from the store's networkx projection (:mod:`queries.projection`) by
:func:`viz.lineage.networkx_to_diagram`. This module only chooses the part of the projection
to draw: the edges one assessment states, or the edges of one entity's lineage.
"""

from __future__ import annotations

from typing import Final

import networkx as nx

from graph.store import DocumentInfo
from queries.analytics import Lineage
from viz.diagram import Diagram
from viz.lineage import DEFAULT_DEPTH, networkx_to_diagram

__all__ = ["assessment_subgraph", "lineage_to_diagram", "store_lineage_diagram"]

_DIRECTIONS: Final = {"up": "上流", "down": "下流", "both": "上流・下流"}


def assessment_subgraph(graph: nx.MultiDiGraph, assessment: str) -> nx.MultiDiGraph:
    """The edges of the projection that ``assessment`` (an IRI) states, and their ends."""
    own = [(u, v, k) for u, v, k, a in graph.edges(keys=True, data="assessment") if a == assessment]
    subgraph: nx.MultiDiGraph = graph.edge_subgraph(own).copy()
    return subgraph


def store_lineage_diagram(
    graph: nx.MultiDiGraph,
    doc: DocumentInfo,
    *,
    entity: str | None = None,
    depth: int = DEFAULT_DEPTH,
) -> Diagram:
    """The lineage view of one assessment of the store: around ``entity`` or all of it.

    Args:
        graph: the projection of the whole store.
        doc: the assessment (from :meth:`graph.store.Store.documents`).
        entity: a node id or name to centre on; None draws every edge the assessment states.
        depth: hops around ``entity``.

    Raises:
        viz.errors.UnknownEntityError: ``entity`` names no node of the assessment, or several.
        viz.errors.EmptyViewError: nothing to draw.
    """
    return networkx_to_diagram(
        assessment_subgraph(graph, str(doc.assessment)),
        focus=entity,
        depth=depth,
        title=doc.title,
        box_label=doc.municipality,
        name=f"lineage/{doc.source or 'store'}",
    )


def lineage_to_diagram(graph: nx.MultiDiGraph, answer: Lineage) -> Diagram:
    """The diagram of a lineage answer (:func:`queries.analytics.lineage`) over the store.

    Only the nodes and edges of the answer are drawn, so ``up`` and ``down`` keep their
    direction; the start is highlighted.

    Raises:
        viz.errors.EmptyViewError: the lineage has no edge (depth 0, or an isolated entity).
    """
    keys = {
        (e.source, e.target, key)
        for e in answer.edges
        for key, attrs in graph[e.source][e.target].items()
        if attrs.get("kind") == e.data.kind and attrs.get("fact") == e.data.fact
    }
    subgraph: nx.MultiDiGraph = graph.edge_subgraph(keys).copy()
    if answer.start not in subgraph:
        subgraph.add_node(answer.start, **graph.nodes[answer.start])
    return networkx_to_diagram(
        subgraph,
        focus=answer.start,
        depth=max(answer.depth, 1),
        caption=f"系譜: {answer.start_label}（{_DIRECTIONS[answer.direction]}、{answer.depth} 段）",
        name=f"lineage/{answer.direction}",
    )
