"""Analytics on the projection of :mod:`queries.projection`: lineage to a depth, paths, hubs,
delegate blast radius, single points of failure.

Every function takes the :class:`networkx.MultiDiGraph` that :func:`store_to_networkx` builds and
returns frozen records, so that the CLI, the HTTP API and the diagrams show the same answer.

- :func:`lineage`: the nodes upstream (what feeds the start), downstream (where its data can go)
  or both, each at its least number of hops, up to a depth, with a :class:`Truncation` that says
  how many nodes the depth left out (cycles are walked once: a node is reported at its least
  distance and never again).
- :func:`path_between`: a shortest path between two entities, following the data where it can
  (directed) and any link otherwise, with every hop's edges and their legal bases.
- :func:`hubs`: systems (or other nodes) ranked by how many distinct neighbours they have, with
  their betweenness centrality and whether they are a single point of failure.
- :func:`blast_radius`: the files, assessments, municipalities and data categories a delegate or
  sub-delegate handles — what a breach of that company would touch.
- :func:`single_points_of_failure`: articulation points, with how many nodes each one cuts off.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Final, Literal

import networkx as nx

from queries.projection import (
    DELEGATE_KINDS,
    SYSTEM_KINDS,
    EdgeData,
    NodeKind,
    edge_data,
    node_data,
)

Direction = Literal["up", "down", "both"]
DIRECTIONS: Final[tuple[Direction, ...]] = ("up", "down", "both")
HubMeasure = Literal["degree", "betweenness"]


class AnalyticsError(ValueError):
    """An analysis was asked something the graph cannot answer (unknown node, wrong kind)."""


# ---------------------------------------------------------------------------------------------
# Lineage
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class LineageNode:
    """A node reached from the start of a lineage, at its least number of hops."""

    node: str
    label: str
    kind: NodeKind
    hops: int
    direction: Literal["up", "down", "both"]
    """Which side of the start it is on (``both`` when it is as near upstream as downstream)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Truncation:
    """What a depth cut left out of a lineage."""

    depth: int
    left_out: int
    """Nodes reachable in the same direction but more than ``depth`` hops away."""
    left_out_by_hops: tuple[tuple[int, int], ...]
    """``(hops, nodes)`` for every distance beyond the depth."""
    frontier: tuple[str, ...]
    """Nodes at exactly ``depth`` hops whose neighbours were left out: where to look further."""
    complete: bool = True
    """False when the walk beyond the depth stopped at its limit: ``left_out`` is then a lower
    bound (:mod:`queries.neighbourhood`)."""

    @property
    def truncated(self) -> bool:
        """Whether the depth cut anything."""
        return self.left_out > 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Lineage:
    """The answer of :func:`lineage`."""

    start: str
    start_label: str
    direction: Direction
    depth: int
    nodes: tuple[LineageNode, ...]
    """Sorted by hops, then label."""
    edges: tuple[EdgeView, ...]
    """The edges between the start and the nodes found, in the direction asked."""
    truncation: Truncation


@dataclass(frozen=True, slots=True, kw_only=True)
class EdgeView:
    """One edge as analyses report it: its ends, and the edge's own attributes."""

    source: str
    target: str
    data: EdgeData


def _neighbours(graph: nx.MultiDiGraph, node: str, side: Literal["up", "down"]) -> Iterator[str]:
    return iter(graph.predecessors(node) if side == "up" else graph.successors(node))


def hops_from(graph: nx.MultiDiGraph, start: str, side: Literal["up", "down"]) -> dict[str, int]:
    """Least number of hops from ``start`` to every node upstream or downstream of it (BFS).

    The start itself is left out, even when a cycle leads back to it.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> hops_from(g, "a", "down")
    {'b': 1, 'c': 2, 'd': 3}
    >>> hops_from(g, "a", "up")
    {'c': 1, 'b': 2}
    """
    seen = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for other in _neighbours(graph, node, side):
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    del seen[start]
    return seen


def _require(graph: nx.MultiDiGraph, node: str) -> None:
    if node not in graph:
        msg = f"{node} is not a node of the lineage graph"
        raise AnalyticsError(msg)


def lineage(
    graph: nx.MultiDiGraph, start: str, *, direction: Direction = "down", depth: int = 3
) -> Lineage:
    """The nodes within ``depth`` hops of ``start`` in ``direction``, and what the depth left out.

    ``up`` follows edges backwards (what feeds the start), ``down`` forwards (where its data can
    go), ``both`` is the union of the two, each node at its least distance on either side. A node
    on a cycle is reported once, at its least distance.

    Raises:
        AnalyticsError: ``start`` is not in the graph, or ``depth`` is negative.
    """
    _require(graph, start)
    if depth < 0:
        msg = f"depth must be 0 or more, not {depth}"
        raise AnalyticsError(msg)
    sides: tuple[Literal["up", "down"], ...] = (
        ("up", "down") if direction == "both" else (direction,)
    )
    found: dict[str, tuple[int, Literal["up", "down", "both"]]] = {}
    for side in sides:
        for node, hops in hops_from(graph, start, side).items():
            known = found.get(node)
            if known is None or hops < known[0]:
                found[node] = (hops, side)
            elif hops == known[0] and known[1] != side:
                found[node] = (hops, "both")
    kept = {node: hops_side for node, hops_side in found.items() if hops_side[0] <= depth}
    nodes = tuple(
        sorted(
            (
                LineageNode(
                    node=node,
                    label=node_data(graph, node).label,
                    kind=node_data(graph, node).kind,
                    hops=hops,
                    direction=side,
                )
                for node, (hops, side) in kept.items()
            ),
            key=lambda n: (n.hops, n.label, n.node),
        )
    )
    beyond = Counter(hops for hops, _side in found.values() if hops > depth)
    frontier = sorted(
        node
        for node, (hops, side) in kept.items()
        if hops == depth and _has_beyond(graph, node, side, found, depth)
    )
    members = {start, *kept}
    edges = tuple(
        EdgeView(source=u, target=v, data=edge_data(attrs))
        for u, v, attrs in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["fact"]))
        if u in members and v in members and _along(u, v, kept, start, sides)
    )
    return Lineage(
        start=start,
        start_label=node_data(graph, start).label,
        direction=direction,
        depth=depth,
        nodes=nodes,
        edges=edges,
        truncation=Truncation(
            depth=depth,
            left_out=sum(beyond.values()),
            left_out_by_hops=tuple(sorted(beyond.items())),
            frontier=tuple(frontier),
        ),
    )


def _has_beyond(
    graph: nx.MultiDiGraph,
    node: str,
    side: Literal["up", "down", "both"],
    found: Mapping[str, tuple[int, str]],
    depth: int,
) -> bool:
    sides: tuple[Literal["up", "down"], ...] = ("up", "down") if side == "both" else (side,)
    return any(
        found.get(other, (0, ""))[0] > depth
        for one in sides
        for other in _neighbours(graph, node, one)
    )


def _along(
    source: str,
    target: str,
    kept: Mapping[str, tuple[int, str]],
    start: str,
    sides: tuple[Literal["up", "down"], ...],
) -> bool:
    """Whether edge source → target runs one hop outward from the start on an asked side."""

    def hops(node: str) -> int:
        return 0 if node == start else kept[node][0]

    if "down" in sides and hops(target) == hops(source) + 1:
        return True
    return "up" in sides and hops(source) == hops(target) + 1


# ---------------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PathHop:
    """One hop of a path: from ``source`` to ``target`` in path order, and the edges that link
    them (``forward`` when the edges run that way, i.e. the data moves along the path)."""

    source: str
    source_label: str
    target: str
    target_label: str
    forward: bool
    edges: tuple[EdgeData, ...]

    @property
    def bases(self) -> tuple[str, ...]:
        """The legal bases of the hop's edges, as written (empty when none is stated)."""
        return tuple(sorted({basis for edge in self.edges for basis in edge.basis}))


@dataclass(frozen=True, slots=True, kw_only=True)
class Path:
    """The answer of :func:`path_between`."""

    source: str
    target: str
    directed: bool
    """True when the data can flow from source to target along every hop."""
    hops: tuple[PathHop, ...]


def _edges_between(graph: nx.MultiDiGraph, u: str, v: str) -> tuple[EdgeData, ...]:
    found = graph.get_edge_data(u, v) or {}
    return tuple(edge_data(found[key]) for key in sorted(found))


def path_between(graph: nx.MultiDiGraph, source: str, target: str) -> Path | None:
    """A shortest path from ``source`` to ``target``, with the edges and legal bases of each hop.

    A path along the data (every edge forward) is preferred; when there is none, a shortest path
    over links in either direction is returned with ``directed`` False. None when the two are not
    connected at all.

    Raises:
        AnalyticsError: either node is not in the graph.
    """
    _require(graph, source)
    _require(graph, target)
    directed = True
    try:
        nodes = nx.shortest_path(graph, source, target)
    except nx.NetworkXNoPath:
        directed = False
        try:
            nodes = nx.shortest_path(graph.to_undirected(as_view=True), source, target)
        except nx.NetworkXNoPath:
            return None
    hops: list[PathHop] = []
    for u, v in pairwise(nodes):
        forward = graph.has_edge(u, v)
        edges = _edges_between(graph, u, v) if forward else _edges_between(graph, v, u)
        hops.append(
            PathHop(
                source=u,
                source_label=node_data(graph, u).label,
                target=v,
                target_label=node_data(graph, v).label,
                forward=forward,
                edges=edges,
            )
        )
    return Path(source=source, target=target, directed=directed, hops=tuple(hops))


# ---------------------------------------------------------------------------------------------
# Hubs and single points of failure
# ---------------------------------------------------------------------------------------------


def simple_undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """The projection as a simple undirected graph: one link per pair of linked nodes."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return simple


@dataclass(frozen=True, slots=True, kw_only=True)
class Hub:
    """A node ranked by :func:`hubs`."""

    rank: int
    node: str
    label: str
    kind: NodeKind
    degree: int
    """Distinct neighbours, in either direction."""
    betweenness: float
    """Normalised betweenness centrality on the undirected graph (0 to 1)."""
    assessments: int
    municipalities: int
    cut_vertex: bool
    """Whether removing the node disconnects the graph (a single point of failure)."""


def hubs(
    graph: nx.MultiDiGraph,
    *,
    kinds: Iterable[NodeKind] | None = SYSTEM_KINDS,
    by: HubMeasure = "degree",
    top: int | None = 10,
) -> list[Hub]:
    """Nodes of ``kinds`` (systems by default; None for every node) ranked by centrality.

    ``by="degree"`` ranks by distinct neighbours, ``by="betweenness"`` by how many shortest paths
    run through the node; ties go to the node named by more assessments, then to its label.
    """
    simple = simple_undirected(graph)
    betweenness = nx.betweenness_centrality(simple, normalized=True) if len(simple) else {}
    cut = set(nx.articulation_points(simple))
    wanted = None if kinds is None else frozenset(kinds)
    found: list[Hub] = []
    for node in simple.nodes:
        data = node_data(graph, node)
        if wanted is not None and data.kind not in wanted:
            continue
        found.append(
            Hub(
                rank=0,
                node=node,
                label=data.label,
                kind=data.kind,
                degree=simple.degree(node),
                betweenness=round(float(betweenness.get(node, 0.0)), 6),
                assessments=len(data.assessments),
                municipalities=len(data.municipalities),
                cut_vertex=node in cut,
            )
        )
    primary: Callable[[Hub], float] = (
        (lambda h: float(h.degree)) if by == "degree" else (lambda h: h.betweenness)
    )
    found.sort(key=lambda h: (-primary(h), -h.assessments, h.label, h.node))
    chosen = found if top is None else found[:top]
    return [
        Hub(**{**{name: getattr(hub, name) for name in Hub.__slots__}, "rank": i})
        for i, hub in enumerate(chosen, start=1)
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class CutVertex:
    """An articulation point: removing it splits the graph."""

    node: str
    label: str
    kind: NodeKind
    separated: int
    """Nodes cut off from the largest remaining part of its component."""
    parts: int
    """Pieces its component falls into without it."""


def single_points_of_failure(
    graph: nx.MultiDiGraph, *, kinds: Iterable[NodeKind] | None = None
) -> list[CutVertex]:
    """Articulation points of the undirected projection, most nodes cut off first.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> for n in g: g.nodes[n].update(label=n, kind="other", assessments=(), municipalities=(),
    ...                               alt_labels=(), owner=None, data_items=())
    >>> [(c.node, c.separated, c.parts) for c in single_points_of_failure(g)]
    [('b', 1, 2)]
    """
    simple = simple_undirected(graph)
    wanted = None if kinds is None else frozenset(kinds)
    found: list[CutVertex] = []
    for node in nx.articulation_points(simple):
        data = node_data(graph, node)
        if wanted is not None and data.kind not in wanted:
            continue
        component = nx.node_connected_component(simple, node) - {node}
        rest = simple.subgraph(component)
        sizes = sorted((len(part) for part in nx.connected_components(rest)), reverse=True)
        found.append(
            CutVertex(
                node=node,
                label=data.label,
                kind=data.kind,
                separated=sum(sizes[1:]),
                parts=len(sizes),
            )
        )
    found.sort(key=lambda c: (-c.separated, c.label, c.node))
    return found


# ---------------------------------------------------------------------------------------------
# Delegate blast radius
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Handled:
    """A file a company handles, and the task (委託事項) through which it does."""

    file: str
    file_label: str
    task: str
    """The delegated task's name (委託事項), or the sub-delegated work (再委託事項)."""
    assessment: str
    line: int | None
    via: str | None
    """For a sub-delegate: the delegate it works for."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BlastRadius:
    """What a breach of a delegate or sub-delegate would touch."""

    company: str
    label: str
    kind: NodeKind
    handled: tuple[Handled, ...]
    files: tuple[str, ...]
    assessments: tuple[str, ...]
    municipalities: tuple[str, ...]
    data_items: tuple[str, ...]
    """The recorded data items (記録項目) of the files it handles."""
    sub_delegates: tuple[str, ...]
    """Companies it passes the work on to (再委託), who handle the same files."""


def _in_edges(graph: nx.MultiDiGraph, node: str, kind: str) -> Iterator[tuple[str, EdgeData]]:
    for u, _v, attrs in graph.in_edges(node, data=True):
        data = edge_data(attrs)
        if data.kind == kind:
            yield u, data


def _delegations_by_fact(graph: nx.MultiDiGraph) -> dict[str, tuple[str, EdgeData]]:
    """Every delegation edge, keyed by its delegation (委託事項) IRI: (file, edge)."""
    found: dict[str, tuple[str, EdgeData]] = {}
    for u, _v, attrs in graph.edges(data=True):
        data = edge_data(attrs)
        if data.kind == "delegation":
            found[data.fact] = (u, data)
    return found


def blast_radius(graph: nx.MultiDiGraph, company: str) -> BlastRadius:
    """The files, assessments, municipalities and data a delegate or sub-delegate handles.

    A delegate handles the files that delegate a task to it (委託); a sub-delegate handles the
    files of the delegation it continues (再委託), and only those.

    Raises:
        AnalyticsError: ``company`` is not in the graph or is not a delegate or sub-delegate.
    """
    _require(graph, company)
    data = node_data(graph, company)
    if data.kind not in DELEGATE_KINDS:
        msg = f"{data.label} is not a delegate or sub-delegate (it is a {data.kind})"
        raise AnalyticsError(msg)
    handled: list[Handled] = []
    for file, edge in _in_edges(graph, company, "delegation"):
        handled.append(_handled(graph, file, edge.label or edge.fact, edge, None))
    delegations = _delegations_by_fact(graph)
    for delegate, edge in _in_edges(graph, company, "sub-delegation"):
        if edge.parent is not None and edge.parent in delegations:
            file, _parent = delegations[edge.parent]
            handled.append(_handled(graph, file, edge.label or edge.fact, edge, delegate))
    handled.sort(key=lambda h: (h.assessment, h.file, h.task))
    files = sorted({h.file for h in handled})
    subs = sorted(
        {
            v
            for _u, v, attrs in graph.out_edges(company, data=True)
            if attrs["kind"] == "sub-delegation"
        }
    )
    return BlastRadius(
        company=company,
        label=data.label,
        kind=data.kind,
        handled=tuple(handled),
        files=tuple(files),
        assessments=tuple(sorted({h.assessment for h in handled})),
        municipalities=tuple(
            sorted({m for f in files for m in node_data(graph, f).municipalities})
        ),
        data_items=tuple(sorted({i for f in files for i in node_data(graph, f).data_items})),
        sub_delegates=tuple(subs),
    )


def _handled(
    graph: nx.MultiDiGraph, file: str, task: str, edge: EdgeData, via: str | None
) -> Handled:
    return Handled(
        file=file,
        file_label=node_data(graph, file).label,
        task=task,
        assessment=edge.assessment,
        line=edge.line,
        via=via,
    )


def records_of(items: Iterable[Any]) -> list[dict[str, Any]]:
    """Frozen records as JSON-ready dictionaries (nested records and tuples included)."""
    return [_plain(item) for item in items]


def _plain(value: Any) -> Any:
    if hasattr(value, "__slots__") and hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


__all__ = [
    "DIRECTIONS",
    "AnalyticsError",
    "BlastRadius",
    "CutVertex",
    "Direction",
    "EdgeView",
    "Handled",
    "Hub",
    "HubMeasure",
    "Lineage",
    "LineageNode",
    "Path",
    "PathHop",
    "Truncation",
    "blast_radius",
    "hops_from",
    "hubs",
    "lineage",
    "path_between",
    "records_of",
    "simple_undirected",
    "single_points_of_failure",
]
