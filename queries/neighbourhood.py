"""Lineage and paths walked in the store a frontier at a time: cost follows the answer.

:func:`queries.projection.store_to_networkx` projects every assessment at once, which global
analyses (hubs, single points of failure, blast radius) need. A lineage or a path needs only the
neighbourhood of one or two entities, so this module walks the store itself:

1. the named queries ``downstream_neighbours`` and ``upstream_neighbours`` give the lineage edges
   out of and into a whole frontier of nodes (bound as one ``VALUES`` block), breadth first;
2. ``node_details``, ``edge_details`` and ``assessment_municipalities`` describe the nodes and
   edges of the answer, a batch at a time;
3. the walked part of the graph becomes a :class:`networkx.MultiDiGraph` with the attributes of
   :mod:`queries.projection`, and the analyses of :mod:`queries.analytics` run on it unchanged,
   so the answer is the one the whole projection gives (a test holds them equal on the corpus).

Walks stop at ``limit`` nodes. Within the depth asked a lineage is always complete; beyond it the
walk goes on only to count what the depth left out, and when it stops at the limit the count is
a lower bound (:attr:`queries.analytics.Truncation.complete` is False).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Final, Generic, Literal, TypeVar

import networkx as nx
import pyoxigraph as ox

from graph.iri import ONTOLOGY_GRAPH
from queries.analytics import (
    AnalyticsError,
    Direction,
    Lineage,
    Path,
    lineage,
    path_between,
)
from queries.catalog import load_query, values_text
from queries.projection import EdgeData, NodeData, classes_to_kind, data_fields
from queries.table import QueryableStore, QueryTable, answer_of, bound_tables

Side = Literal["up", "down"]
_Answer = TypeVar("_Answer")

DEFAULT_LIMIT: Final = 20_000
"""Most nodes a walk visits before it stops (see the module docstring)."""

_LABEL_KINDS: Final = {
    "connection": "connection-label",
    "provision": "purpose",
    "transfer": "purpose",
    "delegation": "label",
    "sub-delegation": "content",
}
_INFORMATION_KINDS: Final = {"provision": "information", "transfer": "information", "actor": "data"}


@dataclass(frozen=True, slots=True)
class Hop:
    """One lineage edge as a walk finds it, oriented the way data moves."""

    source: str
    target: str
    kind: str
    fact: str
    assessment: str

    @property
    def key(self) -> str:
        """The edge key of the projection (:func:`queries.projection.tables_to_networkx`)."""
        return f"{self.kind} {self.fact}"


def neighbour_hops(store: QueryableStore, nodes: Collection[str], side: Side) -> list[Hop]:
    """The lineage edges out of (``down``) or into (``up``) any of ``nodes``."""
    name = "downstream_neighbours" if side == "down" else "upstream_neighbours"
    tables = bound_tables(store, name, ["node"], [(node,) for node in sorted(nodes)])
    return [_record_to_hop(row, side) for table in tables for row in table.records()]


def _record_to_hop(row: Mapping[str, str | None], side: Side) -> Hop:
    """A row of ``downstream_neighbours`` / ``upstream_neighbours`` as the edge it names."""
    node, other = row["node"] or "", row["neighbour"] or ""
    source, target = (node, other) if side == "down" else (other, node)
    return Hop(
        source=source,
        target=target,
        kind=row["kind"] or "",
        fact=row["fact"] or "",
        assessment=row["assessment"] or "",
    )


Step = Callable[[Collection[str], Side], list[Hop]]
"""One step of a walk: the lineage edges out of (``down``) or into (``up``) a frontier."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """The assessments a walk follows: those of one municipality.

    A file or a local system is named by one municipality's assessments, and its lineage is the
    flows those assessments state: through a national system such as 中間サーバー the walk goes
    on along that municipality's flows, not along the flows of every municipality in the store.
    """

    municipality: str
    assessments: tuple[str, ...]
    graphs: tuple[str, ...]
    """The named graphs of those assessments."""


def municipality_scope(store: QueryableStore, municipality: str) -> Scope:
    """The assessments of ``municipality`` and their graphs (``municipality_graphs``)."""
    text = values_text(
        load_query("municipality_graphs"), ["municipality"], [(ox.Literal(municipality),)]
    )
    answer = answer_of(store.query(text))
    rows = answer.records() if isinstance(answer, QueryTable) else []
    pairs = sorted({(row["assessment"] or "", row["g"] or "") for row in rows})
    return Scope(
        municipality=municipality,
        assessments=tuple(sorted({a for a, _g in pairs if a})),
        graphs=tuple(sorted({g for _a, g in pairs if g})),
    )


def lineage_scope(store: QueryableStore, node: str) -> Scope | None:
    """The scope of a walk from ``node``: its municipality's assessments when only one
    municipality's assessments name it, else None (a shared node: every assessment)."""
    described = describe_nodes(store, [node])
    places = described[node].municipalities if node in described else ()
    if len(places) != 1:
        return None
    return municipality_scope(store, places[0])


def path_scope(store: QueryableStore, source: str, target: str) -> Scope | None:
    """The scope of a path: the municipality of either end whose assessments name both ends,
    else None (every assessment)."""
    for end in (source, target):
        scope = lineage_scope(store, end)
        if (
            scope is not None
            and {source, target} <= describe_nodes(store, {source, target}, scope).keys()
        ):
            return scope
    return None


def scope_hops(store: QueryableStore, scope: Scope) -> list[Hop]:
    """Every lineage edge the graphs of ``scope`` state (``downstream_neighbours``, by graph)."""
    tables = bound_tables(store, "downstream_neighbours", ["g"], [(g,) for g in scope.graphs])
    return [_record_to_hop(row, "down") for table in tables for row in table.records()]


def store_step(store: QueryableStore) -> Step:
    """Steps that ask the store, a frontier at a time (every assessment)."""

    def step(nodes: Collection[str], side: Side) -> list[Hop]:
        return neighbour_hops(store, nodes, side)

    return step


def memory_step(hops: Iterable[Hop]) -> Step:
    """Steps over edges already read (a scope's), without asking the store again."""
    out: dict[str, list[Hop]] = defaultdict(list)
    into: dict[str, list[Hop]] = defaultdict(list)
    for hop in set(hops):
        out[hop.source].append(hop)
        into[hop.target].append(hop)

    def step(nodes: Collection[str], side: Side) -> list[Hop]:
        index = out if side == "down" else into
        return [hop for node in nodes for hop in index.get(node, ())]

    return step


@dataclass(slots=True)
class Walk:
    """What a breadth-first walk found: each node's least hops, and every edge it crossed."""

    hops: dict[str, int]
    edges: set[Hop]
    complete: bool
    """False when the walk stopped at its limit with nodes still to visit."""


def walk(
    store: QueryableStore | Step,
    start: str,
    side: Side,
    *,
    depth: int | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Walk:
    """Walk from ``start`` along ``side`` to ``depth`` hops (None: as far as it goes).

    Every edge between two visited nodes on the walked side is kept, so the walked graph holds
    each node's least hops as networkx sees them.
    """
    step = store if callable(store) else store_step(store)
    hops = {start: 0}
    edges: set[Hop] = set()
    frontier = [start]
    level = 0
    complete = True
    while frontier and (depth is None or level < depth):
        if len(hops) >= limit:
            complete = False
            break
        level += 1
        found: list[str] = []
        for hop in step(frontier, side):
            edges.add(hop)
            other = hop.target if side == "down" else hop.source
            if other not in hops:
                hops[other] = level
                found.append(other)
        frontier = found
    return Walk(hops=hops, edges=edges, complete=complete)


def _details(
    tables: Iterable[QueryTable], key: tuple[str, ...]
) -> dict[tuple[str, ...], dict[str, set[str]]]:
    """Attribute → values per ``key``, over every table (a key's rows may be in several)."""
    found: dict[tuple[str, ...], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for table in tables:
        for row in table.records():
            value = row["value"]
            if value is not None:
                found[tuple(row[k] or "" for k in key)][row["attribute"] or ""].add(value)
    return found


def describe_nodes(
    store: QueryableStore, nodes: Collection[str], scope: Scope | None = None
) -> dict[str, NodeData]:
    """:class:`NodeData` of ``nodes``, as ``lineage_nodes`` gives it (node_details, by batch).

    With a ``scope``, only its graphs (and the vocabularies') are read: a node's assessments
    and municipalities are those of the scope.
    """
    if scope is None:
        tables = bound_tables(store, "node_details", ["node"], [(n,) for n in sorted(nodes)])
    else:
        graphs = (*scope.graphs, str(ONTOLOGY_GRAPH))
        rows = [(n, g) for n in sorted(nodes) for g in graphs]
        tables = bound_tables(store, "node_details", ["node", "g"], rows)
    facts = _details(tables, ("node",))
    assessments = {a for attrs in facts.values() for a in attrs.get("assessment", ())}
    places = municipalities(store, assessments)
    described: dict[str, NodeData] = {}
    for node in nodes:
        attrs = facts.get((node,), {})
        if not attrs.get("assessment"):
            continue
        label = min(attrs.get("label") or attrs.get("pref-label") or attrs.get("comment") or {node})
        owner = attrs.get("owner")
        described[node] = NodeData(
            label=label,
            kind=classes_to_kind(set(attrs.get("type", ()))),
            assessments=tuple(sorted(attrs["assessment"])),
            municipalities=tuple(
                sorted({m for a in attrs["assessment"] for m in places.get(a, ())})
            ),
            alt_labels=tuple(sorted(attrs.get("alt-label", ()))),
            owner=min(owner) if owner else None,
            data_items=tuple(sorted(attrs.get("data-item", ()))),
        )
    return described


def municipalities(store: QueryableStore, assessments: Collection[str]) -> dict[str, set[str]]:
    """The municipalities of ``assessments`` (``assessment_municipalities``, by batch)."""
    found: dict[str, set[str]] = defaultdict(set)
    rows = [(a,) for a in sorted(assessments)]
    for table in bound_tables(store, "assessment_municipalities", ["assessment"], rows):
        for row in table.records():
            if row["assessment"] and row["municipality"]:
                found[row["assessment"]].add(row["municipality"])
    return found


def assessment_titles(store: QueryableStore, assessments: Collection[str]) -> dict[str, str]:
    """Assessment IRI → its title, led by its municipality unless the title names it already."""
    titles: dict[str, str] = {}
    rows = [(a,) for a in sorted(assessments)]
    for table in bound_tables(store, "assessment_titles", ["assessment"], rows):
        for row in table.records():
            if row["assessment"] and row["title"]:
                titles.setdefault(row["assessment"], row["title"])
    places = municipalities(store, assessments)
    named: dict[str, str] = {}
    for assessment in assessments:
        title = titles.get(assessment, assessment)
        muni = min(places.get(assessment) or {""})
        named[assessment] = title if not muni or title.startswith(muni) else f"{muni} {title}"
    return named


def _line(values: set[str] | None) -> int | None:
    for value in sorted(values or ()):
        try:
            return int(value)
        except ValueError:
            continue
    return None


def _joined(values: set[str] | None, separator: str) -> str | None:
    return separator.join(sorted(values)) if values else None


def describe_edges(store: QueryableStore, hops: Collection[Hop]) -> dict[Hop, EdgeData]:
    """:class:`EdgeData` of ``hops``, as ``lineage_edges`` gives it (edge_details, by batch)."""
    pairs = sorted({(hop.fact, hop.assessment) for hop in hops})
    facts = _details(
        bound_tables(store, "edge_details", ["fact", "assessment"], pairs), ("fact", "assessment")
    )
    described: dict[Hop, EdgeData] = {}
    for hop in hops:
        attrs = facts.get((hop.fact, hop.assessment), {})
        label_attr = _LABEL_KINDS.get(hop.kind)
        info_attr = _INFORMATION_KINDS.get(hop.kind)
        described[hop] = EdgeData(
            kind=hop.kind,
            assessment=hop.assessment,
            fact=hop.fact,
            line=_line(attrs.get("line")),
            label=min(attrs[label_attr]) if label_attr and attrs.get(label_attr) else None,
            information=_joined(attrs.get(info_attr) if info_attr else None, ", "),
            basis=tuple(sorted(attrs.get("basis", ()))),
            cites=tuple(sorted(attrs.get("cites", ()))),
            methods=tuple(sorted(attrs.get("method", ()))),
            via=tuple(sorted(attrs.get("via", ()))),
            parent=min(attrs["parent"])
            if hop.kind == "sub-delegation" and attrs.get("parent")
            else None,
        )
    return described


def _placeholder_node(node: str) -> NodeData:
    return NodeData(label=node, kind="other", assessments=(), municipalities=())


def _placeholder_edge(hop: Hop) -> EdgeData:
    return EdgeData(kind=hop.kind, assessment=hop.assessment, fact=hop.fact, line=None)


def hops_to_networkx(
    nodes: Iterable[str],
    hops: Iterable[Hop],
    node_data: Mapping[str, NodeData],
    edge_data: Mapping[Hop, EdgeData],
) -> nx.MultiDiGraph:
    """A projection of walked nodes and edges; what was not described gets placeholders."""
    graph = nx.MultiDiGraph()
    for node in sorted(nodes):
        graph.add_node(node, **data_fields(node_data.get(node) or _placeholder_node(node)))
    for hop in sorted(hops, key=lambda h: (h.source, h.target, h.key, h.assessment)):
        for end in (hop.source, hop.target):
            if end not in graph:
                graph.add_node(end, **data_fields(node_data.get(end) or _placeholder_node(end)))
        data = edge_data.get(hop) or _placeholder_edge(hop)
        graph.add_edge(hop.source, hop.target, key=hop.key, **data_fields(data))
    return graph


def _require(store: QueryableStore, node: str, scope: Scope | None = None) -> NodeData:
    described = describe_nodes(store, [node], scope)
    if node not in described:
        where = "" if scope is None else f" of {scope.municipality}'s assessments"
        msg = f"{node} is not a node of the lineage graph{where}"
        raise AnalyticsError(msg)
    return described[node]


@dataclass(frozen=True, slots=True)
class Walked(Generic[_Answer]):
    """An answer walked in the store, with the walked graph that describes its nodes and edges
    (:func:`queries.projection.node_data` works on it as on the whole projection)."""

    graph: nx.MultiDiGraph
    answer: _Answer
    scope: Scope | None = None
    """The municipality whose assessments the walk followed (None: every assessment)."""


def store_lineage(
    store: QueryableStore,
    start: str,
    *,
    direction: Direction = "down",
    depth: int = 3,
    limit: int = DEFAULT_LIMIT,
    scope: Scope | None = None,
) -> Walked[Lineage]:
    """:func:`queries.analytics.lineage` of ``start``, walked in the store.

    With a ``scope`` (see :func:`lineage_scope`), only the edges its assessments state are
    followed: the answer is the lineage of the projection of those assessments alone.

    Raises:
        AnalyticsError: ``start`` is not a node of the lineage graph, or ``depth`` is negative.
    """
    if depth < 0:
        msg = f"depth must be 0 or more, not {depth}"
        raise AnalyticsError(msg)
    _require(store, start, scope)
    step = store_step(store) if scope is None else memory_step(scope_hops(store, scope))
    sides: tuple[Side, ...] = ("up", "down") if direction == "both" else (direction,)
    walks = [walk(step, start, side, limit=limit) for side in sides]
    near = {start} | {n for w in walks for n, hops in w.hops.items() if hops <= depth}
    walked = {hop for w in walks for hop in w.edges}
    if len(sides) == 2:
        # An edge from a node found upstream to one found downstream is on neither walk.
        walked |= {hop for hop in step(near, "down") if hop.target in near}
    kept_edges = {hop for hop in walked if hop.source in near and hop.target in near}
    with ThreadPoolExecutor(max_workers=2) as pool:  # the two look-ups at the same time
        nodes = pool.submit(describe_nodes, store, near, scope)
        edges = pool.submit(describe_edges, store, kept_edges)
        graph = hops_to_networkx(
            (n for w in walks for n in w.hops), walked, nodes.result(), edges.result()
        )
    answer = lineage(graph, start, direction=direction, depth=depth)
    if not all(w.complete for w in walks):
        answer = replace(answer, truncation=replace(answer.truncation, complete=False))
    return Walked(graph, answer, scope)


def _expand(step: Step, frontier: Collection[str], sides: Sequence[Side]) -> list[Hop]:
    return [hop for side in sides for hop in step(frontier, side)]


def _meet(
    step: Step,
    source: str,
    target: str,
    forward: Sequence[Side],
    backward: Sequence[Side],
    limit: int,
) -> set[Hop] | None:
    """Bidirectional breadth-first search; the edges crossed, or None when they never meet."""
    seen: list[set[str]] = [{source}, {target}]
    frontiers: list[list[str]] = [[source], [target]]
    directions = (forward, backward)
    edges: set[Hop] = set()
    while frontiers[0] and frontiers[1]:
        if seen[0] & seen[1]:
            return edges
        if len(seen[0]) + len(seen[1]) >= limit:
            return None
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        found: list[str] = []
        for hop in _expand(step, frontiers[side], directions[side]):
            edges.add(hop)
            for end in (hop.source, hop.target):
                if end not in seen[side]:
                    seen[side].add(end)
                    found.append(end)
        frontiers[side] = found
    return edges if seen[0] & seen[1] else None


def store_path(
    store: QueryableStore,
    source: str,
    target: str,
    *,
    limit: int = DEFAULT_LIMIT,
    scope: Scope | None = None,
) -> Walked[Path | None]:
    """:func:`queries.analytics.path_between` of two entities, walked in the store.

    A path along the data is looked for first (downstream from ``source``, upstream from
    ``target``); when there is none, a path over links in either direction. With a ``scope``,
    only the edges its assessments state are crossed.

    Raises:
        AnalyticsError: either end is not a node of the lineage graph (of the scope).
    """
    _require(store, source, scope)
    _require(store, target, scope)
    step = store_step(store) if scope is None else memory_step(scope_hops(store, scope))
    if source == target:
        edges: set[Hop] | None = set()
    else:
        edges = _meet(step, source, target, ("down",), ("up",), limit)
        if edges is None:
            edges = _meet(step, source, target, ("up", "down"), ("up", "down"), limit)
    ends_described = describe_nodes(store, {source, target}, scope)
    if edges is None:
        return Walked(hops_to_networkx({source, target}, (), ends_described, {}), None, scope)
    ends = {source, target} | {end for hop in edges for end in (hop.source, hop.target)}
    skeleton = hops_to_networkx(ends, edges, {}, {})
    found = path_between(skeleton, source, target)
    if found is None:
        return Walked(hops_to_networkx(ends, edges, ends_described, {}), None, scope)
    on_path = {source, target} | {end for hop in found.hops for end in (hop.source, hop.target)}
    hop_edges = {hop for hop in edges if hop.source in on_path and hop.target in on_path}
    graph = hops_to_networkx(
        ends, edges, describe_nodes(store, on_path, scope), describe_edges(store, hop_edges)
    )
    return Walked(graph, path_between(graph, source, target), scope)


def node_exists(store: QueryableStore, node: str) -> bool:
    """Whether some assessment names ``node`` in the lineage graph."""
    return node in describe_nodes(store, [node])


__all__ = [
    "DEFAULT_LIMIT",
    "Hop",
    "Scope",
    "Step",
    "Walk",
    "Walked",
    "assessment_titles",
    "describe_edges",
    "describe_nodes",
    "hops_to_networkx",
    "lineage_scope",
    "memory_step",
    "municipalities",
    "municipality_scope",
    "neighbour_hops",
    "node_exists",
    "path_scope",
    "scope_hops",
    "store_lineage",
    "store_path",
    "store_step",
    "walk",
]
