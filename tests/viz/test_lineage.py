"""The lineage view of an entity from a networkx graph (the attribute contract of viz.lineage)."""

from __future__ import annotations

import networkx as nx
import pytest
from viz_testdata import tax_records_result

from viz.actor import NodeKind
from viz.dataflow import records_to_networkx
from viz.errors import EmptyViewError, UnknownEntityError
from viz.lineage import find_entity, networkx_to_diagram, networkx_to_dot, node_kind


def _graph() -> nx.MultiDiGraph:
    return records_to_networkx(tax_records_result())


def test_focus_is_highlighted_and_depth_limits_the_view() -> None:
    diagram = networkx_to_diagram(_graph(), focus="日本年金機構", depth=1)
    assert sorted(n.label for n in diagram.nodes) == ["個人住民税ファイル", "日本年金機構"]
    assert [n.label for n in diagram.nodes if n.focus] == ["日本年金機構"]
    deeper = networkx_to_diagram(_graph(), focus="日本年金機構", depth=2)
    assert len(deeper.nodes) > len(diagram.nodes)
    assert "penwidth=3" in networkx_to_dot(_graph(), "日本年金機構", depth=1).source


def test_entities_are_found_by_id_label_or_spelling() -> None:
    graph = _graph()
    assert find_entity(graph, "file/1") == "file/1"
    assert find_entity(graph, "個人住民税ファイル") == "file/1"
    assert find_entity(graph, "中間サーバー・プラットフォーム") == "national/chukan-server-platform"
    assert find_entity(graph, "中間サーバー･プラットフォーム") == "national/chukan-server-platform"


def test_unknown_entity() -> None:
    with pytest.raises(UnknownEntityError, match="no entity named '架空の機関'"):
        networkx_to_diagram(_graph(), focus="架空の機関")


def test_ambiguous_entity_lists_the_candidates() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="税務課", kind="department")
    graph.add_node("b", label="税務課", kind="department")
    with pytest.raises(UnknownEntityError, match="names 2 entities"):
        find_entity(graph, "税務課")


def test_entity_with_nothing_around_it() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("lonely", label="孤立システム", kind="local-system")
    with pytest.raises(EmptyViewError, match="nothing around it"):
        networkx_to_diagram(graph, focus="孤立システム")


def test_empty_graph() -> None:
    with pytest.raises(EmptyViewError):
        networkx_to_diagram(nx.MultiDiGraph())


def test_the_projection_attributes_are_understood() -> None:
    # Node and edge attributes as queries.projection writes them.
    iri = "https://w3id.org/mnpia/id/"
    graph = nx.MultiDiGraph()
    graph.add_node(iri + "file/1", label="住民税ファイル", kind="file")
    graph.add_node(iri + "org/nenkin", label="日本年金機構", kind="organisation")
    graph.add_node(iri + "sys/a", label="宛名システム", kind="local_system")
    graph.add_node(iri + "sub/1", label="再委託先A", kind="subdelegate")
    graph.add_node(iri + "del/1", label="委託先B", kind="delegate")
    graph.add_edge(
        iri + "file/1",
        iri + "org/nenkin",
        key="provision p1",
        kind="provision",
        assessment=iri + "assessment/x",
        line=120,
        label="年金給付の事務",
        basis=("番号法第19条第8号に基づく主務省令第2条の表48の項",),
    )
    graph.add_edge(
        iri + "file/1",
        iri + "sys/a",
        key="stored_at f",
        kind="stored_at",
        assessment=iri + "assessment/x",
        line=130,
        basis=(),
    )
    graph.add_edge(
        iri + "file/1",
        iri + "del/1",
        key="delegation d",
        kind="delegation",
        assessment=iri + "assessment/x",
        line=140,
        label="保守",
        basis=(),
    )
    graph.add_edge(
        iri + "del/1",
        iri + "sub/1",
        key="sub_delegation s",
        kind="sub_delegation",
        assessment=iri + "assessment/x",
        line=150,
        label=None,
        basis=(),
    )
    diagram = networkx_to_diagram(graph, focus="住民税ファイル", depth=2)
    kinds = {n.label: n.kind for n in diagram.nodes}
    assert kinds == {
        "住民税ファイル": NodeKind.FILE,
        "日本年金機構": NodeKind.AGENCY,
        "宛名システム": NodeKind.LOCAL_SYSTEM,
        "委託先B": NodeKind.DELEGATE,
        "再委託先A": NodeKind.SUB_DELEGATE,
    }
    by_head = {diagram.node(e.head).label: e for e in diagram.edges}
    assert by_head["日本年金機構"].label == "年金給付の事務 番号法19条8号 表48項"
    assert by_head["日本年金機構"].tooltip.endswith("assessment/x line 120")
    assert by_head["宛名システム"].kind == "storage"
    assert by_head["再委託先A"].kind == "sub-delegation"
    assert all(":" not in n.id for n in diagram.nodes)
    source = networkx_to_dot(graph, "住民税ファイル").source
    assert "https%3A//w3id.org/mnpia/id/file/1" in source


@pytest.mark.parametrize(
    ("kind", "label", "expected"),
    [
        ("national_system", "", NodeKind.NATIONAL_SYSTEM),
        ("NationalSystem", "", NodeKind.NATIONAL_SYSTEM),
        ("source_category", "民間事業者", NodeKind.BUSINESS),
        ("organisation", "なにかの団体", NodeKind.BUSINESS),
        ("organisation", "ふしぎ", NodeKind.AGENCY),
        ("step", "①届出", NodeKind.OTHER),
        (None, "税務署", NodeKind.AGENCY),
    ],
)
def test_node_kinds(kind: str | None, label: str, expected: NodeKind) -> None:
    assert node_kind(kind, label) is expected


def test_a_crowded_neighbourhood_is_capped_with_a_note() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("hub", label="宛名システム", kind="local-system")
    for i in range(30):
        graph.add_node(f"r{i}", label=f"提供先{i:02d}", kind="organisation")
        graph.add_edge("hub", f"r{i}", kind="provision")
    diagram = networkx_to_diagram(graph, focus="宛名システム", depth=1, per_cluster=10)
    notes = [n for n in diagram.nodes if n.kind is NodeKind.NOTE]
    assert [n.label for n in notes] == ["ほか 21 件"]
    assert any(n.focus for n in diagram.nodes)
    assert len(diagram.nodes) == 11
