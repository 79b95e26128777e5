"""The store as a networkx graph: typed nodes, and typed edges oriented the way data moves.

:func:`store_to_networkx` runs the two named queries ``lineage_nodes`` and ``lineage_edges`` (read
them for the exact patterns) and builds a :class:`networkx.MultiDiGraph`:

- a node per entity — process, file, system, source, recipient, delegate, sub-delegate, flow step
  or actor — keyed by its IRI, with the attributes of :class:`NodeData` (``label``, ``kind``,
  ``assessments``, ``municipalities``, ``alt_labels``, ``owner``, ``data_items``);
- an edge per statement that moves data or ties an entity into a process, keyed by its kind and
  the IRI of the node that states it (a flow, a delegation, a connection …), with the attributes
  of :class:`EdgeData`: every edge carries its provenance (the assessment and the source line of
  the fact) and, for flows, its legal basis.

Edge kinds and their direction (:data:`EDGE_KINDS`): a source feeds a file (``inbound``), a file
goes to its storage system (``storage``), recipients (``provision``, ``transfer``) and delegates
(``delegation``), a delegate to its sub-delegates (``sub-delegation``), a system to the systems it
connects to (``connection``), a process to its systems, files and flow steps (``uses``,
``has-file``, ``has-step``) and a flow step to its actors (``actor``).

Node and edge kinds are spelled as the attribute contract of :mod:`viz.lineage` spells them
(``local-system``, ``sub-delegation`` …), so the projection can be drawn as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

import networkx as nx

from queries.table import Cell, QueryableStore, QueryTable, run_query

NodeKind = Literal[
    "national-system",
    "local-system",
    "file",
    "process",
    "step",
    "delegate",
    "sub-delegate",
    "department",
    "organisation",
    "source-category",
    "other",
]

_ONTOLOGY: Final = "https://w3id.org/mnpia/ontology#"

KIND_OF_CLASS: Final[tuple[tuple[str, NodeKind], ...]] = (
    ("NationalSystem", "national-system"),
    ("LocalSystem", "local-system"),
    ("System", "local-system"),
    ("StorageLocation", "local-system"),
    ("InformationFile", "file"),
    ("Process", "process"),
    ("FlowStep", "step"),
    ("Delegate", "delegate"),
    ("SubDelegate", "sub-delegate"),
    ("Department", "department"),
    ("Organisation", "organisation"),
    ("Municipality", "organisation"),
    ("SourceCategory", "source-category"),
)
"""mnpia classes and the kind of node they make, the first that a node has winning (a company that
is a delegate in one assessment and a sub-delegate in another is a delegate)."""

SYSTEM_KINDS: Final[frozenset[NodeKind]] = frozenset({"national-system", "local-system"})
DELEGATE_KINDS: Final[frozenset[NodeKind]] = frozenset({"delegate", "sub-delegate"})

EDGE_KINDS: Final[tuple[str, ...]] = (
    "uses",
    "has-file",
    "storage",
    "connection",
    "inbound",
    "provision",
    "transfer",
    "delegation",
    "sub-delegation",
    "has-step",
    "actor",
)
"""The kinds of edge of the projection, as the ``lineage_edges`` query names them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NodeData:
    """The attributes of a node of the projection (``graph.nodes[iri]``)."""

    label: str
    kind: NodeKind
    assessments: tuple[str, ...]
    """IRIs of the assessments that name the node, sorted."""
    municipalities: tuple[str, ...]
    """Names of the municipalities of those assessments, sorted."""
    alt_labels: tuple[str, ...] = ()
    """Other names (the spellings a national system goes by)."""
    owner: str | None = None
    """The municipality that owns a local system."""
    data_items: tuple[str, ...] = ()
    """The recorded data items of a file (Ⅱ 2 ④, 別添2)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EdgeData:
    """The attributes of an edge of the projection (``graph.edges[source, target, key]``)."""

    kind: str
    assessment: str
    """The assessment whose graph states the edge."""
    fact: str
    """The node whose statement the edge is (a flow, delegation, connection, file …); the key."""
    line: int | None
    """The source line where the assessment states the fact."""
    label: str | None = None
    """The purpose of a flow, the name of a delegated task, the label of a connection."""
    information: str | None = None
    """The information a flow provides (③提供する情報), or the data of a flow step."""
    basis: tuple[str, ...] = ()
    """The legal bases of a flow, as written."""
    cites: tuple[str, ...] = ()
    """The legal resources those bases cite (IRIs)."""
    methods: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    """Systems the flow passes through (IRIs)."""
    parent: str | None = None
    """For a sub-delegation, the delegation (委託事項) it continues."""


def classes_to_kind(classes: set[str]) -> NodeKind:
    """The kind of a node with the given class IRIs (see :data:`KIND_OF_CLASS`).

    >>> classes_to_kind({"https://w3id.org/mnpia/ontology#SubDelegate", "https://w3id.org/dpv#X"})
    'sub-delegate'
    >>> classes_to_kind(set())
    'other'
    """
    for local, kind in KIND_OF_CLASS:
        if _ONTOLOGY + local in classes:
            return kind
    return "other"


def _split(cell: Cell, separator: str) -> tuple[str, ...]:
    """A GROUP_CONCAT cell as a sorted tuple of its distinct, non-empty parts."""
    if not cell:
        return ()
    return tuple(sorted({part.strip() for part in cell.split(separator) if part.strip()}))


def _line(cell: Cell) -> int | None:
    if cell is None:
        return None
    try:
        return int(cell)
    except ValueError:
        return None


def row_to_node_data(row: Mapping[str, Cell]) -> NodeData:
    """A row of the ``lineage_nodes`` query as :class:`NodeData`."""
    node = row["node"] or ""
    return NodeData(
        label=row["label"] or node,
        kind=classes_to_kind(set(_split(row["types"], " "))),
        assessments=_split(row["assessments"], " "),
        municipalities=_split(row["municipalities"], " | "),
        alt_labels=_split(row["alt_labels"], " | "),
        owner=row["owner"] or None,
        data_items=_split(row["data_items"], " | "),
    )


def row_to_edge_data(row: Mapping[str, Cell]) -> EdgeData:
    """A row of the ``lineage_edges`` query as :class:`EdgeData`."""
    return EdgeData(
        kind=row["kind"] or "",
        assessment=row["assessment"] or "",
        fact=row["fact"] or "",
        line=_line(row["line"]),
        label=row["label"] or None,
        information=", ".join(_split(row["information"], ", ")) or None,
        basis=_split(row["basis"], " | "),
        cites=_split(row["cites"], " "),
        methods=_split(row["methods"], ", "),
        via=_split(row["via"], " "),
        parent=row["parent"] or None,
    )


def tables_to_networkx(nodes: QueryTable, edges: QueryTable) -> nx.MultiDiGraph:
    """The projection from the answers of ``lineage_nodes`` and ``lineage_edges``.

    Node attributes are the fields of :class:`NodeData`, edge attributes those of
    :class:`EdgeData`; an edge between nodes the node query did not describe still gets both
    ends, labelled by their IRI.
    """
    graph = nx.MultiDiGraph()
    for record in nodes.records():
        if record["node"]:
            graph.add_node(record["node"], **data_fields(row_to_node_data(record)))
    for record in edges.records():
        source, target = record["source"], record["target"]
        if not source or not target:
            continue
        data = row_to_edge_data(record)
        for end in (source, target):
            if end not in graph:
                graph.add_node(end, **data_fields(_unknown_node(end, data.assessment)))
        graph.add_edge(source, target, key=f"{data.kind} {data.fact}", **data_fields(data))
    return graph


def _unknown_node(iri: str, assessment: str) -> NodeData:
    return NodeData(label=iri, kind="other", assessments=(assessment,), municipalities=())


def data_fields(data: NodeData | EdgeData) -> dict[str, object]:
    """The attributes networkx keeps for a node or an edge: the fields of ``data``."""
    return {name: getattr(data, name) for name in data.__slots__}


def store_to_networkx(store: QueryableStore) -> nx.MultiDiGraph:
    """Project the store (every assessment) onto a typed networkx multigraph.

    >>> import pyoxigraph as ox
    >>> class Empty:
    ...     def query(self, sparql): return ox.Store().query(sparql)
    >>> store_to_networkx(Empty()).number_of_nodes()
    0
    """
    return tables_to_networkx(run_query(store, "lineage_nodes"), run_query(store, "lineage_edges"))


def node_data(graph: nx.MultiDiGraph, node: str) -> NodeData:
    """The attributes of ``node`` as a :class:`NodeData`."""
    attrs = graph.nodes[node]
    return NodeData(**{name: attrs[name] for name in NodeData.__slots__})


def edge_data(attrs: Mapping[str, object]) -> EdgeData:
    """Edge attributes (``graph.edges[u, v, k]``) as an :class:`EdgeData`."""
    return EdgeData(**{name: attrs[name] for name in EdgeData.__slots__})  # type: ignore[arg-type]


__all__ = [
    "DELEGATE_KINDS",
    "EDGE_KINDS",
    "KIND_OF_CLASS",
    "SYSTEM_KINDS",
    "EdgeData",
    "NodeData",
    "NodeKind",
    "classes_to_kind",
    "data_fields",
    "edge_data",
    "node_data",
    "row_to_edge_data",
    "row_to_node_data",
    "store_to_networkx",
    "tables_to_networkx",
]
