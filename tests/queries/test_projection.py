"""store_to_networkx on the golden dataset: typed nodes, typed edges with basis and provenance."""

from __future__ import annotations

import networkx as nx
from lineage_golden import (
    A1,
    A2,
    A3,
    ABC,
    CH,
    DATA_SUBJECT,
    F11,
    F21,
    FUKUSHI,
    ITEM_19_8,
    MA,
    MIRAI,
    MJ,
    NENKIN,
    P1,
    ROW_49,
    S11,
)

from queries.projection import (
    EDGE_KINDS,
    EdgeData,
    classes_to_kind,
    edge_data,
    node_data,
    tables_to_networkx,
)
from queries.table import QueryTable


def test_every_node_and_edge_of_the_golden_data_is_projected(golden_graph: nx.MultiDiGraph) -> None:
    # 3 processes, 3 files, 4 steps, 9 systems, 10 bodies, 2 入手元 categories (see README.md).
    assert golden_graph.number_of_nodes() == 31
    assert golden_graph.number_of_edges() == 59
    assert {attrs["kind"] for _u, _v, attrs in golden_graph.edges(data=True)} == set(EDGE_KINDS)


def test_nodes_are_typed_and_know_their_assessments(golden_graph: nx.MultiDiGraph) -> None:
    kinds = {node: node_data(golden_graph, node).kind for node in golden_graph}
    assert kinds[CH] == "national-system"
    assert kinds[MJ] == "local-system"
    assert kinds[F11] == "file"
    assert kinds[P1] == "process"
    assert kinds[S11] == "step"
    assert kinds[ABC] == "delegate"
    assert kinds[MIRAI] == "sub-delegate"
    assert kinds[FUKUSHI] == "department"
    assert kinds[NENKIN] == "organisation"
    assert kinds[DATA_SUBJECT] == "source-category"
    chukan = node_data(golden_graph, CH)
    assert chukan.assessments == (A1, A2, A3)
    assert chukan.municipalities == ("みなと市", "やまなみ町")
    assert "中間サーバー" in chukan.alt_labels
    assert node_data(golden_graph, MA).owner == "みなと市"
    assert node_data(golden_graph, F11).data_items == ("個人番号", "基本4情報")


def test_edges_carry_legal_basis_and_provenance(golden_graph: nx.MultiDiGraph) -> None:
    edges = golden_graph.get_edge_data(F21, NENKIN)
    assert len(edges) == 1
    data = edge_data(next(iter(edges.values())))
    assert data.kind == "provision"
    assert data.assessment == A2
    assert data.fact == F21 + "/provision/1"
    assert data.line == 160
    assert data.basis == ("番号法第19条第8号 主務省令第2条の表49の項",)
    assert set(data.cites) == {ITEM_19_8, ROW_49}
    assert data.methods == ("情報提供ネットワークシステム",)
    assert data.via == ("https://w3id.org/mnpia/vocab/national-systems/johoteikyo-network",)
    assert data.label == "年金給付の支給要件の確認"


def test_a_link_stated_by_two_assessments_is_two_edges(golden_graph: nx.MultiDiGraph) -> None:
    edges = golden_graph.get_edge_data(MA, CH)
    assert sorted(edge_data(e).assessment for e in edges.values()) == [A1, A2]
    assert {edge_data(e).kind for e in edges.values()} == {"connection"}


def test_sub_delegation_edges_know_the_delegation_they_continue(
    golden_graph: nx.MultiDiGraph,
) -> None:
    data = edge_data(next(iter(golden_graph.get_edge_data(ABC, MIRAI).values())))
    assert data.parent == F11 + "/delegation/1"


def test_classes_to_kind_prefers_the_most_specific_role() -> None:
    mnpia = "https://w3id.org/mnpia/ontology#"
    assert classes_to_kind({mnpia + "Delegate", mnpia + "SubDelegate"}) == "delegate"
    assert classes_to_kind({mnpia + "NationalSystem", mnpia + "System"}) == "national-system"


def test_an_edge_to_an_undescribed_node_still_gets_both_ends() -> None:
    nodes = QueryTable(
        columns=("node", "label", "types", "assessments", "municipalities", "alt_labels", "owner",
                 "data_items"),
        rows=(),
    )  # fmt: skip
    columns = ("source", "target", "kind", "assessment", "fact", "line", "label", "information",
               "basis", "cites", "methods", "via", "parent")  # fmt: skip
    row = ("http://x/a", "http://x/b", "uses", "http://x/A", "http://x/b", "7") + (None,) * 7
    graph = tables_to_networkx(nodes, QueryTable(columns=columns, rows=(row,)))
    assert node_data(graph, "http://x/b").kind == "other"
    assert edge_data(graph.edges["http://x/a", "http://x/b", "uses http://x/b"]) == EdgeData(
        kind="uses", assessment="http://x/A", fact="http://x/b", line=7
    )
