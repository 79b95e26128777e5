"""The lineage view: an entity and everything within a few hops of it, from a networkx graph.

The view reads any :class:`networkx.MultiDiGraph` (a :class:`networkx.DiGraph` works too) that
follows this **attribute contract**, which both projections of the project write —
:func:`viz.dataflow.records_to_networkx` from one assessment's records, and the store projection
of the queries layer from the whole graph:

Node attributes
    ``label`` (str)
        The name drawn; the node id when missing.
    ``kind`` (str)
        What the node is, a :class:`viz.actor.NodeKind` value: ``process``, ``department``,
        ``local-system``, ``national-system``, ``file``, ``storage``, ``agency``, ``resident``,
        ``business``, ``delegate``, ``sub-delegate``, ``other``. It chooses the shape and the
        cluster. The kinds of :mod:`queries.projection` (``national_system``,
        ``local_system``, ``subdelegate``, ``organisation``, ``source_category``, ``step`` …)
        and the class names of the ontology (``LocalSystem``, ``InformationFile`` …) are
        understood too (:data:`KIND_ALIASES`); for the generic ones (``organisation``,
        ``source_category``, ``other``) the label decides, through
        :func:`viz.actor.actor_kind`. Anything else is drawn as ``other``, outside the clusters.
    ``tooltip`` (str, optional)
        Extra text for SVG viewers; by default the node id.

Edge attributes
    ``kind`` (str)
        The flow the edge draws, a key of :data:`viz.style.EDGE_KIND_ATTRS`: ``inbound``
        (入手), ``delegation`` (委託), ``sub-delegation`` (再委託), ``provision`` (提供),
        ``transfer`` (移転), ``connection`` (system to system), ``storage`` (保管), ``uses``;
        ``specific``/``other`` for 別添1 steps. The projection's kinds (``connects_to``,
        ``stored_at``, ``sub_delegation``, ``uses_system``, ``has_file`` …) are understood
        (:data:`EDGE_KIND_ALIASES`); other kinds are drawn as plain dashed lines.
    ``label`` (str, optional)
        The text on the arrow (a 委託事項, the purpose of a flow), cut to 20 characters.
    ``basis`` (str or sequence of str, optional)
        The legal bases of the flow, in short form (``番号法19条8号 表5項``, from
        :func:`ingest.citation.citation_key`) or as written (then shortened by parsing them
        with :func:`ingest.citation.text_to_citations`); drawn on the arrow after ``label``.
    ``order`` (int or tuple of int, optional)
        Document order of the edge; arrows are written in this order.
    ``tooltip`` (str, optional)
        Extra text for SVG viewers; by default the edge's ``assessment`` and ``line``
        attributes when it has them (the provenance of the projection).

Node ids may be any hashable (IRIs, ``file/1``); they become stable DOT ids through
:func:`viz.diagram.dot_id`.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("f", label="住民税ファイル", kind="file")
>>> g.add_node("o", label="日本年金機構", kind="agency")
>>> g.add_node("x", label="無関係", kind="agency")
>>> g.add_edge("f", "o", kind="provision", basis=["番号法19条8号 表48項"])
0
>>> d = networkx_to_diagram(g, focus="日本年金機構", depth=1)
>>> sorted(n.label for n in d.nodes), [e.label for e in d.edges]
(['住民税ファイル', '日本年金機構'], ['番号法19条8号 表48項'])
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Final

import graphviz
import networkx as nx

from ingest.citation import citation_key, text_to_citations
from ontology.lexicon import label_key, source_category
from viz.actor import GROUP_LABELS, Group, NodeKind, actor_kind, source_category_kind
from viz.diagram import (
    DEFAULT_CLUSTER_CAP,
    Diagram,
    DiagramEdge,
    DiagramNode,
    LegendEntry,
    cap_diagram,
    dot_id,
    merge_parallel_edges,
)
from viz.errors import EmptyViewError, UnknownEntityError
from viz.render import diagram_to_dot
from viz.style import EDGE_KIND_ATTRS, EDGE_KIND_LABELS, shorten

__all__ = [
    "DEFAULT_DEPTH",
    "EDGE_KIND_ALIASES",
    "KIND_ALIASES",
    "find_entity",
    "lineage_subgraph",
    "networkx_to_diagram",
    "networkx_to_dot",
    "node_kind",
]

DEFAULT_DEPTH: Final = 2
"""Hops from the focus entity drawn by default."""

KIND_ALIASES: Final[Mapping[str, NodeKind]] = {
    "process": NodeKind.PROCESS,
    "municipality": NodeKind.PROCESS,
    "organisation": NodeKind.AGENCY,
    "organization": NodeKind.AGENCY,
    "system": NodeKind.LOCAL_SYSTEM,
    "localsystem": NodeKind.LOCAL_SYSTEM,
    "nationalsystem": NodeKind.NATIONAL_SYSTEM,
    "informationfile": NodeKind.FILE,
    "storagelocation": NodeKind.STORAGE,
    "delegate": NodeKind.DELEGATE,
    "subdelegate": NodeKind.SUB_DELEGATE,
    "dataprocessor": NodeKind.DELEGATE,
    "datasubprocessor": NodeKind.SUB_DELEGATE,
    "resident": NodeKind.RESIDENT,
    "datasubject": NodeKind.RESIDENT,
    "department": NodeKind.DEPARTMENT,
}
"""Ontology class names and the projection's kinds understood as node kinds, by lower-cased
key without ``-``/``_``."""

_GENERIC_KINDS: Final = frozenset(
    {"organisation", "organization", "sourcecategory", "other", "agent", "actor"}
)
"""Kinds that say too little: the label decides (:func:`viz.actor.actor_kind`)."""

EDGE_KIND_ALIASES: Final[Mapping[str, str]] = {
    "connects_to": "connection",
    "connectsto": "connection",
    "stored_at": "storage",
    "storedat": "storage",
    "sub_delegation": "sub-delegation",
    "subdelegation": "sub-delegation",
    "uses_system": "uses",
    "has_file": "uses",
    "has_step": "uses",
    "actor": "uses",
}
"""Edge kinds of the projection and their line style key."""


def node_kind(value: object, label: str = "") -> NodeKind:
    """The :class:`~viz.actor.NodeKind` of a node's ``kind`` attribute (see the contract).

    >>> [node_kind(k).value for k in ("national-system", "local_system", "LocalSystem", "Risk")]
    ['national-system', 'local-system', 'local-system', 'other']
    >>> node_kind("organisation", "日本年金機構").value
    'agency'
    >>> node_kind("source_category", "本人又は本人の代理人").value
    'resident'
    """
    text = value if isinstance(value, str) else ""
    key = text.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower().replace("-", "").replace("_", "")
    if key in _GENERIC_KINDS or not key:
        category = source_category(label) if label else None
        if category is not None:
            return source_category_kind(category.key)
        found = actor_kind(label) if label else NodeKind.OTHER
        if found is NodeKind.PROCESS:  # 市 alone: without a context, a public body
            return NodeKind.AGENCY
        if found is not NodeKind.OTHER or key == "other" or not key:
            return found
        return NodeKind.AGENCY  # an organisation no rule recognises
    try:
        return NodeKind(text)
    except ValueError:
        return KIND_ALIASES.get(key, NodeKind.OTHER)


def _label(graph: nx.MultiDiGraph, node: Hashable) -> str:
    value = graph.nodes[node].get("label")
    return value if isinstance(value, str) and value else str(node)


def find_entity(graph: nx.MultiDiGraph, entity: str) -> Hashable:
    """The node that ``entity`` names: its id, its label, or its label's matching key.

    Raises:
        UnknownEntityError: when no node matches, or several do (the message lists them).
    """
    if entity in graph:
        return entity
    for matcher in (
        lambda label: label == entity,
        lambda label: label_key(label) == label_key(entity),
    ):
        found: list[Hashable] = sorted(
            (n for n in graph.nodes if matcher(_label(graph, n))), key=str
        )
        if len(found) == 1:
            return found[0]
        if found:
            names = ", ".join(str(n) for n in found[:5])
            raise UnknownEntityError(f"{entity!r} names {len(found)} entities: {names}")
    raise UnknownEntityError(f"no entity named {entity!r} in the graph")


def lineage_subgraph(graph: nx.MultiDiGraph, focus: Hashable, depth: int) -> nx.MultiDiGraph:
    """The nodes within ``depth`` hops of ``focus`` (either direction) and the edges among them."""
    if focus not in graph:
        raise UnknownEntityError(f"no entity {focus!r} in the graph")
    reach = nx.single_source_shortest_path_length(
        graph.to_undirected(as_view=True), focus, cutoff=max(depth, 0)
    )
    return graph.subgraph(reach).copy()


_SHORT_BASIS: Final = 24
"""A basis this short is taken as a short form already."""


def _basis(value: object) -> list[str]:
    texts: list[str] = []
    if isinstance(value, str):
        texts = [value] if value else []
    elif isinstance(value, Sequence):
        texts = [str(v) for v in value if v]
    keys: list[str] = []
    for text in texts:
        if len(text) <= _SHORT_BASIS:
            keys.append(text)
            continue
        parsed = [key for key in (citation_key(c) for c in text_to_citations(text)) if key]
        keys.extend(parsed or [shorten(text, _SHORT_BASIS)])
    return list(dict.fromkeys(keys))


def _edge_label(data: Mapping[str, Any]) -> str:
    parts = []
    label = data.get("label")
    if isinstance(label, str) and label:
        parts.append(shorten(label, 20))
    bases = _basis(data.get("basis"))
    if bases:
        shown = "、".join(bases[:2])
        parts.append(shown + (f" ほか{len(bases) - 2}件" if len(bases) > 2 else ""))
    return " ".join(parts)


def _edge_kind(value: object) -> str:
    if not isinstance(value, str) or not value:
        return "other"
    if value in EDGE_KIND_ATTRS:
        return value
    return EDGE_KIND_ALIASES.get(value, EDGE_KIND_ALIASES.get(value.lower(), value))


def _edge_tooltip(data: Mapping[str, Any]) -> str:
    tooltip = data.get("tooltip")
    if isinstance(tooltip, str) and tooltip:
        return tooltip
    where = [str(data[key]) for key in ("assessment", "line") if data.get(key)]
    return " line ".join(where)


def _order(value: object) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value,)
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return value
    return ()


def networkx_to_diagram(
    graph: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = DEFAULT_DEPTH,
    caption: str | None = None,
    title: str | None = None,
    box_label: str | None = None,
    name: str = "lineage",
    per_cluster: int = DEFAULT_CLUSTER_CAP,
) -> Diagram:
    """A :class:`~viz.diagram.Diagram` of ``graph``, or of the part around ``focus``.

    Args:
        graph: a graph that follows the attribute contract of this module.
        focus: an entity (node id or label); only the nodes within ``depth`` hops of it are
            drawn, and it is highlighted. ``None`` draws the whole graph.
        depth: hops around ``focus``.
        caption: drawn under the diagram (default: ``<title> 系譜: <focus>（<depth> 段）``).
        title: the assessment the graph comes from, for the default caption.
        box_label: the caption of the municipality's box.
        name: the graph name.
        per_cluster: the most nodes a cluster shows (see :func:`viz.diagram.cap_diagram`).

    Raises:
        UnknownEntityError: when ``focus`` names no node or several.
        EmptyViewError: when there is nothing to draw (an empty graph, or a focus without
            neighbours within ``depth``).
    """
    focus_node: Hashable | None = None
    if focus is not None:
        focus_node = find_entity(graph, focus)
        graph = lineage_subgraph(graph, focus_node, depth)
        if graph.number_of_edges() == 0:
            raise EmptyViewError(
                f"{_label(graph, focus_node)!r} has nothing around it within {depth} hops"
            )
    if graph.number_of_nodes() == 0:
        raise EmptyViewError("the graph is empty: nothing to draw")
    ids = {node: dot_id(str(node)) for node in graph.nodes}
    nodes = tuple(
        DiagramNode(
            id=ids[node],
            label=_label(graph, node),
            kind=node_kind(data.get("kind"), _label(graph, node)),
            focus=node == focus_node,
            tooltip=str(data.get("tooltip") or node),
        )
        for node, data in graph.nodes(data=True)
    )
    edges: list[DiagramEdge] = []
    for position, (tail, head, data) in enumerate(
        sorted(
            graph.edges(data=True),
            key=lambda e: (_order(e[2].get("order")), str(e[0]), str(e[1]), _edge_label(e[2])),
        )
    ):
        edges.append(
            DiagramEdge(
                tail=ids[tail],
                head=ids[head],
                label=_edge_label(data),
                kind=_edge_kind(data.get("kind")),
                order=(*_order(data.get("order")), position),
                tooltip=_edge_tooltip(data),
            )
        )
    kinds = sorted(
        {e.kind for e in edges if e.kind in EDGE_KIND_LABELS}, key=list(EDGE_KIND_ATTRS).index
    )
    legend = tuple(LegendEntry(kind=k, text=EDGE_KIND_LABELS[k]) for k in kinds)
    if caption is None and focus_node is not None:
        caption = f"系譜: {_label(graph, focus_node)}（{depth} 段）"
        caption = f"{title} {caption}" if title else caption
    diagram = Diagram(
        name=name,
        caption=caption or title or "",
        nodes=nodes,
        edges=merge_parallel_edges(edges),
        cluster_labels=((Group.MUNICIPALITY, box_label or GROUP_LABELS[Group.MUNICIPALITY]),),
        legend=legend,
        concentrate=True,
        stagger=True,
    )
    return cap_diagram(diagram, per_cluster=per_cluster)


def networkx_to_dot(
    graph: nx.MultiDiGraph,
    entity: str,
    *,
    depth: int = DEFAULT_DEPTH,
    caption: str | None = None,
) -> graphviz.Digraph:
    """The lineage view of ``entity`` to ``depth`` hops, as Graphviz, the entity highlighted.

    Raises:
        UnknownEntityError: when ``entity`` names no node or several.
        EmptyViewError: when the entity has nothing around it.
    """
    diagram = networkx_to_diagram(
        graph, focus=entity, depth=depth, caption=caption, name=f"lineage/{shorten(entity, 40)}"
    )
    return diagram_to_dot(diagram)
