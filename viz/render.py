"""Draw a :class:`~viz.diagram.Diagram` with Graphviz: DOT text, then SVG, PNG or PDF.

:func:`diagram_to_dot` writes the DOT in a fixed order — clusters in layout order, nodes sorted
by kind and label, arrows by step number — so that the same records always give the same DOT
text, byte for byte, and golden files can pin it. :func:`dot_to_bytes` runs the real ``dot``
program (Graphviz must be installed) and :func:`write_dot` writes a file atomically, so that a
failed rendering never leaves an empty or broken file behind.

>>> from viz.diagram import Diagram, DiagramEdge, DiagramNode
>>> from viz.actor import NodeKind
>>> d = Diagram(name="t", nodes=(DiagramNode(id="a", label="住民", kind=NodeKind.RESIDENT),
...                               DiagramNode(id="b", label="○○市", kind=NodeKind.PROCESS)),
...             edges=(DiagramEdge(tail="a", head="b", label="① 届出", kind="specific"),))
>>> source = diagram_to_dot(d).source
>>> 'a -> b [label="① 届出"' in source
True
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Final

import graphviz

from viz.actor import GROUP_LABELS, Group, NodeKind
from viz.diagram import Diagram, DiagramEdge, DiagramNode
from viz.errors import RenderError
from viz.style import (
    CLUSTER_ATTRS,
    EDGE_ATTRS,
    EDGE_KIND_ATTRS,
    FOCUS_ATTRS,
    GRAPH_ATTRS,
    NODE_ATTRS,
    NODE_KIND_ATTRS,
    label_lines,
    wrap_label,
)

__all__ = [
    "EDGE_LABEL_WIDTH",
    "NODE_LABEL_WIDTH",
    "OutputFormat",
    "diagram_to_dot",
    "dot_to_bytes",
    "write_dot",
]

NODE_LABEL_WIDTH: Final = 11
"""Node labels wrap at this many full-width characters."""
EDGE_LABEL_WIDTH: Final = 12
"""Arrow labels wrap at this many full-width characters."""
CAPTION_WIDTH: Final = 48
"""The caption wraps at this many full-width characters."""
GRID_MIN: Final = 6
"""A cluster with more systems than this lays them out in rows (see :func:`diagram_to_dot`)."""
_GRID_KINDS: Final = frozenset({NodeKind.LOCAL_SYSTEM, NodeKind.NATIONAL_SYSTEM, NodeKind.STORAGE})
GRID_MAX_COLUMNS: Final = 4
"""At most this many nodes in a row of a crowded cluster."""
STAGGER_MIN: Final = 16
"""A node with more arrows going out than this has their ends drawn in two columns."""
PNG_DPI: Final = "110"
"""Resolution of PNG output (SVG and PDF are vector)."""

_GROUP_ORDER: Final = (
    Group.PEOPLE,
    Group.MUNICIPALITY,
    Group.NATIONAL,
    Group.AGENCY,
    Group.DELEGATE,
)
_KIND_ORDER: Final = {kind: i for i, kind in enumerate(NodeKind)}
_COLUMNS: Final[Mapping[Group | None, int]] = {
    Group.PEOPLE: 0,
    Group.MUNICIPALITY: 1,
    Group.DELEGATE: 2,
    Group.NATIONAL: 2,
    None: 2,
    Group.AGENCY: 3,
}
"""Left-to-right place of each cluster: residents, the municipality, national systems and
contractors, other agencies. An arrow that runs right to left is written the other way round
with ``dir=back``, so that Graphviz keeps the clusters in this order whichever way data flows."""


class OutputFormat(StrEnum):
    """The files a diagram can be written as."""

    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"


def _text(text: str, width: float, max_lines: int | None = None) -> str:
    return label_lines(wrap_label(text, width, max_lines=max_lines))


def _node_attrs(node: DiagramNode) -> dict[str, str]:
    attrs = dict(NODE_KIND_ATTRS.get(node.kind, NODE_KIND_ATTRS[NodeKind.OTHER]))
    attrs["label"] = _text(node.label, NODE_LABEL_WIDTH, max_lines=4) or " "
    if node.tooltip:
        attrs["tooltip"] = node.tooltip.replace("\\", "＼")
    if node.focus:
        attrs.update(FOCUS_ATTRS)
    return attrs


def _edge_attrs(edge: DiagramEdge) -> dict[str, str]:
    attrs = dict(EDGE_KIND_ATTRS.get(edge.kind, EDGE_KIND_ATTRS["other"]))
    if edge.label:
        attrs["label"] = _text(edge.label, EDGE_LABEL_WIDTH, max_lines=4)
    if edge.tooltip:
        attrs["tooltip"] = edge.tooltip.replace("\\", "＼")
    if not edge.arrow:
        attrs["dir"] = "none"
    elif edge.both:
        attrs["dir"] = "both"
    return attrs


def _node_sort_key(node: DiagramNode) -> tuple[int, str, str, str]:
    return (_KIND_ORDER.get(node.kind, len(_KIND_ORDER)), node.rank, node.label, node.id)


def _edge_sort_key(edge: DiagramEdge) -> tuple[tuple[int, ...], str, str, str, str]:
    return (edge.order, edge.tail, edge.head, edge.kind, edge.label)


def _quoted(attrs: Mapping[str, str]) -> dict[str, str]:
    """Attribute values as plain strings (never read as HTML labels)."""
    return {key: graphviz.nohtml(value) for key, value in sorted(attrs.items())}


def _add_nodes(graph: graphviz.Digraph, nodes: list[DiagramNode], *, grid: bool = False) -> None:
    ordered = sorted(nodes, key=_node_sort_key)
    for node in ordered:
        graph.node(node.id, **_quoted(_node_attrs(node)))
    systems = [node for node in ordered if node.kind in _GRID_KINDS]
    if grid and len(systems) > GRID_MIN:
        # Many systems would be one tall column (they share a rank): lay them out in rows,
        # each row a chain of invisible edges. Flow ends are left alone: a grid of recipients
        # would scatter the labels of the arrows that reach them.
        columns = min(GRID_MAX_COLUMNS, math.ceil(math.sqrt(len(systems))))
        for start in range(0, len(systems), columns):
            row = systems[start : start + columns]
            for left, right in itertools.pairwise(row):
                graph.edge(left.id, right.id, style="invis")
    ranks: dict[str, list[str]] = {}
    for node in nodes:
        if node.rank:
            ranks.setdefault(node.rank, []).append(node.id)
    for rank, ids in sorted(ranks.items()):
        if len(ids) > 1:
            with graph.subgraph(name=f"rank_{rank}") as same:
                same.attr(rank="same")
                for node_id in sorted(ids):
                    same.node(node_id)


def _legend_line(kind: str) -> tuple[str, str]:
    """The glyphs that draw an edge kind's line in the legend, and their colour."""
    attrs = EDGE_KIND_ATTRS.get(kind, EDGE_KIND_ATTRS["other"])
    style = attrs.get("style", "solid")
    if style == "dashed":
        line = "┄┄┄┄"
    elif style == "dotted":
        line = "‥‥‥‥"
    else:
        line = "━━━━" if float(attrs.get("penwidth", "1")) >= 1.4 else "────"
    direction = attrs.get("dir", "forward")
    if direction == "both":
        line = f"◀{line}▶"
    elif direction != "none":
        line += "▶"
    return line, attrs.get("color", EDGE_ATTRS["color"])


def _caption_label(diagram: Diagram) -> str:
    """The graph label: the caption, and under it the legend, as one HTML-like table."""
    rows: list[str] = []
    columns = max(2 * len(diagram.legend), 1)
    lines = wrap_label(diagram.caption, CAPTION_WIDTH, max_lines=3)
    if lines:
        text = "<BR/>".join(html.escape(line) for line in lines)
        rows.append(f'<TR><TD COLSPAN="{columns}"><FONT POINT-SIZE="14">{text}</FONT></TD></TR>')
    if diagram.legend:
        cells: list[str] = []
        for entry in diagram.legend:
            line, color = _legend_line(entry.kind)
            cells.append(f'<TD ALIGN="RIGHT"><FONT COLOR="{color}">{line}</FONT></TD>')
            cells.append(f'<TD ALIGN="LEFT">{html.escape(entry.text)}　</TD>')
        rows.append(f"<TR>{''.join(cells)}</TR>")
    if not rows:
        return ""
    table = '<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">' + "".join(rows) + "</TABLE>"
    return f"<{table}>"


def diagram_to_dot(diagram: Diagram) -> graphviz.Digraph:
    """The Graphviz graph of ``diagram``, in a deterministic order.

    Clusters come in layout order (residents and businesses, the municipality, national
    systems, other agencies, contractors), their nodes sorted by kind then label; arrows are
    sorted by :attr:`~viz.diagram.DiagramEdge.order` then ids. The systems of a cluster with
    more than :data:`GRID_MIN` of them are laid out in rows of up to :data:`GRID_MAX_COLUMNS`
    (invisible edges chain the nodes of a row), so that they do not become one tall column.
    Labels are wrapped by :func:`viz.style.wrap_label`; the caption is drawn under the diagram
    and the legend in a table under the caption.

    Raises:
        KeyError: when an arrow names a node the diagram does not have (a defect of the view).
    """
    ids = {node.id for node in diagram.nodes}
    for edge in diagram.edges:
        for end in (edge.tail, edge.head):
            if end not in ids:
                raise KeyError(f"arrow to unknown node {end!r} in {diagram.name}")
    graph = graphviz.Digraph(name=diagram.name, strict=False)
    graph.attr("graph", **_quoted(GRAPH_ATTRS))
    if diagram.concentrate:
        graph.attr("graph", concentrate="true")
    caption = _caption_label(diagram)
    if caption:
        graph.attr("graph", label=caption)
    graph.attr("node", **_quoted(NODE_ATTRS))
    graph.attr("edge", **_quoted(EDGE_ATTRS))
    labels = dict(GROUP_LABELS) | dict(diagram.cluster_labels)
    members: dict[Group | None, list[DiagramNode]] = {}
    for node in diagram.nodes:
        cluster = None if node.id in diagram.ungrouped else node.cluster
        members.setdefault(cluster, []).append(node)
    for group in _GROUP_ORDER:
        nodes = members.get(group)
        if not nodes:
            continue
        with graph.subgraph(name=f"cluster_{group.value}") as sub:
            attrs = dict(CLUSTER_ATTRS[group])
            attrs["label"] = _text(labels[group], 24, max_lines=2)
            attrs["fontsize"] = "12"
            attrs["labelloc"] = "t"
            sub.attr(**_quoted(attrs))
            _add_nodes(sub, nodes, grid=True)
    _add_nodes(graph, members.get(None, []))
    column = {
        node.id: _COLUMNS[None if node.id in diagram.ungrouped else node.cluster]
        for node in diagram.nodes
    }
    cluster_of = {node.id: node.cluster for node in diagram.nodes}
    fan_out: dict[tuple[str, Group | None], int] = {}
    for edge in diagram.edges:
        key = (edge.tail, cluster_of[edge.head])
        fan_out[key] = fan_out.get(key, 0) + 1
    seen: dict[tuple[str, Group | None], int] = {}
    for edge in sorted(diagram.edges, key=_edge_sort_key):
        attrs = _edge_attrs(edge)
        key = (edge.tail, cluster_of[edge.head])
        if diagram.stagger and fan_out[key] > STAGGER_MIN:
            seen[key] = seen.get(key, 0) + 1
            if seen[key] % 2 == 0:
                attrs["minlen"] = "3"
        if column[edge.tail] > column[edge.head]:
            if attrs.get("dir") not in ("both", "none"):
                attrs["dir"] = "back"
            graph.edge(edge.head, edge.tail, **_quoted(attrs))
        else:
            graph.edge(edge.tail, edge.head, **_quoted(attrs))
    return graph


def dot_to_bytes(graph: graphviz.Digraph, fmt: OutputFormat | str = OutputFormat.svg) -> bytes:
    """Render ``graph`` with the ``dot`` program (DOT output is the source text itself).

    Raises:
        RenderError: when Graphviz is not installed or fails.
    """
    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.dot:
        source: str = graph.source
        return source.encode("utf-8")
    if fmt is OutputFormat.png:
        graph = graph.copy()
        graph.attr("graph", dpi=PNG_DPI)
    try:
        return _pipe(graph, fmt)
    except RenderError:
        if "concentrate=true" not in graph.source:
            raise
    # Graphviz's edge concentration fails on some cluster layouts: draw the arrows apart.
    return _pipe(graph.copy(), fmt, concentrate=False)


def _pipe(graph: graphviz.Digraph, fmt: OutputFormat, *, concentrate: bool = True) -> bytes:
    if not concentrate:
        graph.attr("graph", concentrate="false")
    renderer = "cairo" if fmt in (OutputFormat.png, OutputFormat.pdf) else None
    try:
        data: bytes = graph.pipe(format=fmt.value, renderer=renderer, engine="dot", quiet=True)
    except graphviz.ExecutableNotFound as error:
        raise RenderError("Graphviz is not installed: the `dot` program was not found") from error
    except graphviz.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"Graphviz failed: {detail[-1] if detail else error}") from error
    if not data:
        raise RenderError(f"Graphviz produced no {fmt.value} output")
    return data


def write_dot(
    graph: graphviz.Digraph, path: Path, fmt: OutputFormat | str = OutputFormat.svg
) -> Path:
    """Render ``graph`` and write it to ``path`` atomically (a temporary file, then a rename).

    Returns:
        ``path``.

    Raises:
        RenderError: when rendering fails (nothing is written then).
        OSError: when the file cannot be written.
    """
    data = dot_to_bytes(graph, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
