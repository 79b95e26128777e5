"""The drawing-neutral model of a diagram, and what every view does to it before drawing.

Each view builds a :class:`Diagram` (nodes, edges, clusters, legend, caption) from its input;
:func:`viz.render.diagram_to_dot` turns it into Graphviz DOT. Keeping this model in between
makes the views testable by meaning ("step ③ goes from the contractor to the collection
system") and the DOT deterministic: :func:`viz.render.diagram_to_dot` emits everything in a
sorted order with stable ids, whatever order the view produced it in.

Crowded views are made legible by :func:`cap_diagram`, which keeps the best connected nodes of
each cluster and draws one note node for the rest.

>>> d = Diagram(name="x", nodes=(DiagramNode(id="a", label="A", kind=NodeKind.AGENCY),))
>>> d.node("a").label
'A'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from viz.actor import Group, NodeKind, group_of

__all__ = [
    "DEFAULT_CLUSTER_CAP",
    "Diagram",
    "DiagramEdge",
    "DiagramNode",
    "LegendEntry",
    "cap_diagram",
    "dot_id",
    "merge_labels",
    "merge_parallel_edges",
]

DEFAULT_CLUSTER_CAP: Final = 24
"""Default maximum number of nodes drawn in one cluster before :func:`cap_diagram` folds the
rest into a note."""


def dot_id(*parts: str) -> str:
    """A stable, readable node id: the parts joined by ``/``, with ``:`` escaped.

    Graphviz reads ``a:b`` in an edge statement as node ``a``, port ``b``, so colons (of IRIs)
    are written ``%3A``; everything else stays readable in the DOT file.

    >>> dot_id("system", "住民記録システム"), dot_id("https://w3id.org/x")
    ('system/住民記録システム', 'https%3A//w3id.org/x')
    """
    return "/".join(part.replace("%", "%25").replace(":", "%3A") for part in parts)


@dataclass(frozen=True, kw_only=True)
class DiagramNode:
    """One node: an actor, a system, a file, an organisation.

    Attributes:
        id: stable id (see :func:`dot_id`), unique in the diagram.
        label: the text drawn (wrapped when drawn).
        kind: what the node stands for; decides the shape and, unless ``group`` is set,
            the cluster.
        group: the cluster to draw the node in; ``None`` takes :func:`viz.actor.group_of` of
            the kind. Use :attr:`Diagram.ungrouped` to keep a node out of every cluster.
        focus: the focus of a lineage view (drawn highlighted).
        tooltip: extra text for SVG viewers (not drawn).
        rank: nodes with the same non-empty ``rank`` are drawn side by side (``rank=same``).
    """

    id: str
    label: str
    kind: NodeKind = NodeKind.OTHER
    group: Group | None = None
    focus: bool = False
    tooltip: str = ""
    rank: str = ""

    @property
    def cluster(self) -> Group | None:
        """The cluster the node is drawn in."""
        return self.group if self.group is not None else group_of(self.kind)


@dataclass(frozen=True, kw_only=True)
class DiagramEdge:
    """One arrow.

    Attributes:
        tail: id of the node the arrow leaves.
        head: id of the node the arrow enters.
        label: the text on the arrow (wrapped when drawn).
        kind: the line style key (:data:`viz.style.EDGE_KIND_ATTRS`): ``specific``/``other`` for
            flow steps, ``inbound``, ``delegation``, ``provision`` … for data flows.
        order: sort key of the arrow (step number, then document order); arrows are emitted in
            this order, which is also the order Graphviz lays them out.
        tooltip: extra text for SVG viewers (the step text, the legal basis as written).
        arrow: draw an arrowhead (a line without one ties two nodes that exchange nothing).
        both: a two-way exchange (照会・回答, 授受): drawn with heads at both ends.
    """

    tail: str
    head: str
    label: str = ""
    kind: str = "other"
    order: tuple[int, ...] = ()
    tooltip: str = ""
    arrow: bool = True
    both: bool = False


@dataclass(frozen=True, kw_only=True)
class LegendEntry:
    """One line of the legend: an edge kind and what it means."""

    kind: str
    text: str


@dataclass(frozen=True, kw_only=True)
class Diagram:
    """A whole view, ready to draw.

    Attributes:
        name: the graph name (an ASCII-safe id of the view, e.g. ``flow/000_e0f8``).
        caption: drawn under the diagram: the assessment's title and date.
        nodes: the nodes; ids are unique.
        edges: the arrows, between ids of ``nodes``.
        cluster_labels: captions of the clusters that differ from
            :data:`viz.actor.GROUP_LABELS` (the municipality's box is named for it).
        legend: the legend lines, drawn in a row under the caption.
        ungrouped: ids of nodes drawn outside every cluster even though their kind has one.
        concentrate: let Graphviz merge arrows that run side by side (``concentrate=true``):
            legible fan-outs in data-flow views; off for 別添1 views, whose numbered arrows
            between the same actors must stay apart.
        stagger: when one node has more than :data:`viz.render.STAGGER_MIN` arrows going
            out, every other one is drawn one column further, so that their ends stand in two
            columns instead of one tall one.
    """

    name: str
    caption: str = ""
    nodes: tuple[DiagramNode, ...] = ()
    edges: tuple[DiagramEdge, ...] = ()
    cluster_labels: tuple[tuple[Group, str], ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    ungrouped: frozenset[str] = field(default_factory=frozenset)
    concentrate: bool = False
    stagger: bool = False

    def node(self, node_id: str) -> DiagramNode:
        """The node with id ``node_id``.

        Raises:
            KeyError: when there is none.
        """
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def edges_between(self, tail_label: str, head_label: str) -> list[DiagramEdge]:
        """The arrows from the node labelled ``tail_label`` to the one labelled ``head_label``."""
        labels = {n.id: n.label for n in self.nodes}
        return [
            e for e in self.edges if labels[e.tail] == tail_label and labels[e.head] == head_label
        ]


def _degree(edges: Iterable[DiagramEdge]) -> Counter[str]:
    degree: Counter[str] = Counter()
    for edge in edges:
        degree[edge.tail] += 1
        degree[edge.head] += 1
    return degree


def cap_diagram(diagram: Diagram, *, per_cluster: int = DEFAULT_CLUSTER_CAP) -> Diagram:
    """Fold the nodes of crowded clusters into one note node per cluster.

    In each cluster with more than ``per_cluster`` nodes, the ``per_cluster - 1`` nodes with
    the most arrows (ties: label order) stay, and the others are replaced by a note node
    ``ほか N 件（…）`` that takes over their arrows (parallel arrows of one kind into the note
    become one, labelled with how many they are). Focus nodes always stay; nodes outside
    clusters are never folded.

    Args:
        diagram: the view.
        per_cluster: the most nodes a cluster may show (at least 2).

    Returns:
        The view, unchanged when no cluster is crowded.

    >>> agency = NodeKind.AGENCY
    >>> nodes = tuple(DiagramNode(id=f"r{i}", label=f"R{i}", kind=agency) for i in range(5))
    >>> hub = DiagramNode(id="f", label="F", kind=NodeKind.FILE)
    >>> edges = tuple(DiagramEdge(tail="f", head=n.id, kind="provision") for n in nodes)
    >>> capped = cap_diagram(Diagram(name="d", nodes=(hub, *nodes), edges=edges), per_cluster=3)
    >>> sorted(n.label for n in capped.nodes)
    ['F', 'R0', 'R1', 'ほか 3 件']
    >>> [e.label for e in capped.edges if e.head.startswith("note/")]
    ['3 件']
    """
    per_cluster = max(per_cluster, 2)
    degree = _degree(diagram.edges)
    members: dict[Group, list[DiagramNode]] = {}
    for node in diagram.nodes:
        cluster = node.cluster
        if cluster is not None and node.id not in diagram.ungrouped:
            members.setdefault(cluster, []).append(node)
    folded: dict[str, str] = {}
    notes: list[DiagramNode] = []
    for cluster, nodes in sorted(members.items()):
        if len(nodes) <= per_cluster:
            continue
        ranked = sorted(nodes, key=lambda n: (not n.focus, -degree[n.id], n.label, n.id))
        dropped = [n for n in ranked[per_cluster - 1 :] if not n.focus]
        if not dropped:
            continue
        note_id = dot_id("note", cluster.value)
        names = "、".join(n.label for n in sorted(dropped, key=lambda n: n.label)[:3])
        notes.append(
            DiagramNode(
                id=note_id,
                label=f"ほか {len(dropped)} 件",
                kind=NodeKind.NOTE,
                group=cluster,
                tooltip=f"{names} …" if len(dropped) > 3 else names,
            )
        )
        folded.update({n.id: note_id for n in dropped})
    if not folded:
        return diagram
    edges: list[DiagramEdge] = []
    merged: dict[tuple[str, str, str], list[DiagramEdge]] = {}
    for edge in diagram.edges:
        tail, head = folded.get(edge.tail, edge.tail), folded.get(edge.head, edge.head)
        if tail == edge.tail and head == edge.head:
            edges.append(edge)
        else:
            merged.setdefault((tail, head, edge.kind), []).append(edge)
    for (tail, head, kind), group in merged.items():
        first = min(group, key=lambda e: e.order)
        label = first.label if len(group) == 1 else f"{len(group)} 件"
        edges.append(replace(first, tail=tail, head=head, kind=kind, label=label))
    kept = tuple(n for n in diagram.nodes if n.id not in folded)
    return replace(diagram, nodes=kept + tuple(notes), edges=tuple(edges))


_NUMBERED: Final = re.compile(r"^(?P<head>.*?)(?P<number>\d+(?:の\d+)?)(?P<unit>項|条|号)$")
MERGED_SHOWN: Final = 4
"""Numbers shown of a merged label before ``…``."""
MERGED_PART: Final = 12
"""Characters shown of each plain label of a merged label."""


def merge_labels(labels: Sequence[str]) -> str:
    """One label for several parallel arrows: numbered labels of one law share their head.

    >>> merge_labels(["提供省令2条 表15項", "提供省令2条 表28項", "提供省令2条 表37項"])
    '提供省令2条 表15,28,37項（3件）'
    >>> merge_labels(["番号法9条1項 別表24項", "地方税法294条3項"])
    '番号法9条1項 別表24項、地方税法294条3項（2件）'
    >>> merge_labels(["a", "a"])
    'a（2件）'
    """
    groups: dict[tuple[str, str], list[str]] = {}
    plain: list[str] = []
    for label in labels:
        match = _NUMBERED.match(label)
        if match:
            numbers = groups.setdefault((match["head"], match["unit"]), [])
            if match["number"] not in numbers:
                numbers.append(match["number"])
        elif label and label not in plain:
            plain.append(label)
    plain = [text if len(text) <= MERGED_PART else text[: MERGED_PART - 1] + "…" for text in plain]
    parts = []
    for (head, unit), numbers in groups.items():
        shown = ",".join(numbers[:MERGED_SHOWN]) + ("…" if len(numbers) > MERGED_SHOWN else "")
        parts.append(f"{head}{shown}{unit}")
    parts.extend(plain)
    if len(parts) > 2:
        parts = [*parts[:2], f"ほか{len(parts) - 2}"]
    text = "、".join(parts)
    return f"{text}（{len(labels)}件）" if len(labels) > 1 else text


def merge_parallel_edges(edges: Sequence[DiagramEdge]) -> tuple[DiagramEdge, ...]:
    """Arrows of one kind between the same two nodes made one, labelled by :func:`merge_labels`.

    The first arrow (by order) keeps its place; the tooltips are joined.

    >>> a = DiagramEdge(tail="f", head="r", label="表5項", kind="provision", order=(1,))
    >>> b = DiagramEdge(tail="f", head="r", label="表7項", kind="provision", order=(2,))
    >>> [e.label for e in merge_parallel_edges([a, b])]
    ['表5,7項（2件）']
    """
    groups: dict[tuple[str, str, str, bool], list[DiagramEdge]] = {}
    for edge in edges:
        groups.setdefault((edge.tail, edge.head, edge.kind, edge.arrow), []).append(edge)
    merged: list[DiagramEdge] = []
    for group in groups.values():
        if len(group) == 1:
            merged.append(group[0])
            continue
        group.sort(key=lambda e: e.order)
        tooltip = " / ".join(dict.fromkeys(e.tooltip for e in group if e.tooltip))
        label = merge_labels([e.label for e in group])
        merged.append(replace(group[0], label=label, tooltip=tooltip))
    return tuple(merged)
