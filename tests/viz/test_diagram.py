"""The diagram model: stable ids, folding crowded clusters, merging parallel arrows."""

from __future__ import annotations

from viz.actor import NodeKind
from viz.diagram import (
    Diagram,
    DiagramEdge,
    DiagramNode,
    cap_diagram,
    dot_id,
    merge_labels,
    merge_parallel_edges,
)


def _fan(count: int, *, focus: int | None = None) -> Diagram:
    hub = DiagramNode(id="file/1", label="ファイル", kind=NodeKind.FILE)
    leaves = tuple(
        DiagramNode(
            id=f"agency/{i:02}", label=f"機関{i:02}", kind=NodeKind.AGENCY, focus=i == focus
        )
        for i in range(count)
    )
    edges = tuple(
        DiagramEdge(tail=hub.id, head=leaf.id, label=f"表{i}項", kind="provision", order=(i,))
        for i, leaf in enumerate(leaves)
    )
    return Diagram(name="fan", nodes=(hub, *leaves), edges=edges)


def test_ids_escape_colons_of_iris() -> None:
    assert ":" not in dot_id("https://w3id.org/mnpia/id/x")
    assert dot_id("a", "b") == "a/b"


def test_a_small_cluster_is_left_alone() -> None:
    diagram = _fan(5)
    assert cap_diagram(diagram, per_cluster=10) is diagram


def test_a_crowded_cluster_is_folded_into_a_note() -> None:
    capped = cap_diagram(_fan(30), per_cluster=10)
    agencies = [n for n in capped.nodes if n.kind is NodeKind.AGENCY]
    notes = [n for n in capped.nodes if n.kind is NodeKind.NOTE]
    assert len(agencies) == 9
    assert [n.label for n in notes] == ["ほか 21 件"]
    into_note = [e for e in capped.edges if e.head == notes[0].id]
    assert [e.label for e in into_note] == ["21 件"]
    ids = {n.id for n in capped.nodes}
    assert all(e.tail in ids and e.head in ids for e in capped.edges)


def test_the_focus_is_never_folded() -> None:
    capped = cap_diagram(_fan(30, focus=29), per_cluster=10)
    assert any(n.focus and n.label == "機関29" for n in capped.nodes)


def test_parallel_arrows_become_one() -> None:
    edges = [
        DiagramEdge(tail="f", head="r", label=f"提供省令2条 表{n}項", kind="provision", order=(n,))
        for n in (48, 15, 28, 37, 75, 86)
    ]
    merged = merge_parallel_edges(edges)
    assert len(merged) == 1
    assert merged[0].label == "提供省令2条 表15,28,37,48…項（6件）"


def test_arrows_of_different_kinds_stay_apart() -> None:
    edges = [
        DiagramEdge(tail="f", head="r", kind="provision"),
        DiagramEdge(tail="f", head="r", kind="transfer"),
    ]
    assert len(merge_parallel_edges(edges)) == 2


def test_merged_plain_labels_are_counted() -> None:
    assert merge_labels(["保守", "運用", "印刷"]) == "保守、運用、ほか1（3件）"
