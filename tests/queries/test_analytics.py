"""Analytics on the projection of the golden dataset; answers worked out by hand (see README.md)."""

from __future__ import annotations

import networkx as nx
import pytest
from lineage_golden import (
    A1,
    A2,
    A3,
    ABC,
    CH,
    DATA,
    DATA_SUBJECT,
    EL,
    F11,
    F21,
    F31,
    GC,
    INTERNAL_DEPT,
    JLIS,
    JN,
    KOKUZEI,
    MA,
    MIRAI,
    MJ,
    MZ,
    NENKIN,
    P1,
    P2,
    S11,
    S12,
    S21,
    SAKURA,
    SHIMINZEI,
    YA,
    YZ,
)

from queries.analytics import (
    AnalyticsError,
    blast_radius,
    hops_from,
    hubs,
    lineage,
    path_between,
    records_of,
    single_points_of_failure,
)

# The same hand-made answers as the SPARQL lineage tests: the projection and the queries agree.
DOWN_FROM_MJ = {MA: 1, JN: 1, CH: 2, MZ: 2, EL: 3}
UP_TO_MJ = {
    P1: 1, F11: 1, MZ: 1, S11: 1, S12: 1,
    DATA_SUBJECT: 2, JLIS: 2, P2: 2, F21: 2, MA: 2, S21: 2,
    KOKUZEI: 3, INTERNAL_DEPT: 3,
}  # fmt: skip


def found(answer_nodes: object) -> dict[str, int]:
    return {n.node: n.hops for n in answer_nodes}  # type: ignore[attr-defined]


@pytest.mark.parametrize("depth", [0, 1, 2, 3, 4])
def test_downstream_lineage_at_depth_n_on_a_cycle(
    golden_graph: nx.MultiDiGraph, depth: int
) -> None:
    answer = lineage(golden_graph, MJ, direction="down", depth=depth)
    within = {n: h for n, h in DOWN_FROM_MJ.items() if h <= depth}
    assert found(answer.nodes) == within
    cut = answer.truncation
    assert cut.left_out == len(DOWN_FROM_MJ) - len(within)
    assert cut.truncated is (depth < 3)


def test_a_depth_cut_says_how_much_it_left_out(golden_graph: nx.MultiDiGraph) -> None:
    answer = lineage(golden_graph, MJ, direction="up", depth=1)
    assert found(answer.nodes) == {n: h for n, h in UP_TO_MJ.items() if h <= 1}
    assert answer.truncation.left_out == 8
    assert answer.truncation.left_out_by_hops == ((2, 6), (3, 2))
    # Beyond depth 1 the walk continues from the file (to its sources) and 税務システム.
    assert answer.truncation.frontier == tuple(sorted({F11, MZ}))


def test_depth_two_on_the_cycle_stops_before_eltax(golden_graph: nx.MultiDiGraph) -> None:
    answer = lineage(golden_graph, MJ, direction="down", depth=2)
    assert found(answer.nodes) == {MA: 1, JN: 1, CH: 2, MZ: 2}
    assert answer.truncation.left_out == 1
    assert answer.truncation.left_out_by_hops == ((3, 1),)
    assert answer.truncation.frontier == (MZ,)
    # Edges of the answer run one hop outward; 税務システム → 住民記録システム (back to the start)
    # closes the cycle and is not one.
    assert {(e.source, e.target) for e in answer.edges} == {
        (MJ, MA), (MJ, JN), (MA, CH), (MA, MZ),
    }  # fmt: skip


def test_full_upstream_lineage_matches_the_hand_answer(golden_graph: nx.MultiDiGraph) -> None:
    answer = lineage(golden_graph, MJ, direction="up", depth=10)
    assert found(answer.nodes) == UP_TO_MJ
    assert not answer.truncation.truncated


def test_both_directions_take_the_nearer_side(golden_graph: nx.MultiDiGraph) -> None:
    answer = lineage(golden_graph, MJ, direction="both", depth=1)
    sides = {n.node: n.direction for n in answer.nodes}
    assert sides == {MA: "down", JN: "down", P1: "up", F11: "up", MZ: "up", S11: "up", S12: "up"}
    # 統合宛名システム is 1 hop down and 2 hops up: reported once, at 1 hop.
    assert found(answer.nodes)[MA] == 1


def test_lineage_of_an_unknown_node_is_an_error(golden_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(AnalyticsError, match="not a node"):
        lineage(golden_graph, "http://x/nowhere")
    with pytest.raises(AnalyticsError, match="depth"):
        lineage(golden_graph, MJ, depth=-1)


def test_hops_from_walks_each_node_once_on_a_cycle() -> None:
    ring = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    assert hops_from(ring, "a", "down") == {"b": 1, "c": 2, "d": 3}
    assert hops_from(ring, "b", "up") == {"a": 1, "c": 2}


# ---------------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------------


def test_path_along_the_data_has_the_legal_basis_of_each_hop(golden_graph: nx.MultiDiGraph) -> None:
    path = path_between(golden_graph, KOKUZEI, NENKIN)
    assert path is not None
    assert path.directed
    assert len(path.hops) == 2
    first, second = path.hops
    assert (first.source, first.forward) == (KOKUZEI, True)
    assert [e.kind for e in first.edges] == ["inbound"]
    assert first.bases == ()  # an inbound flow states no legal basis
    assert [e.kind for e in second.edges] == ["provision"]
    assert second.target == NENKIN
    # Through 個人住民税ファイル (A2) or 住民税課税ファイル (A3): both provide on 表49の項.
    assert first.target in {F21, F31}
    assert second.bases == ("番号法第19条第8号 主務省令第2条の表49の項",)


def test_a_directed_path_is_preferred_to_a_shorter_undirected_one(
    golden_graph: nx.MultiDiGraph,
) -> None:
    path = path_between(golden_graph, MJ, EL)
    assert path is not None
    assert path.directed
    # 住民記録システム → 統合宛名システム → 税務システム → eLTAX, along the connections; the
    # undirected path through 税務システム (which connects *to* 住民記録システム) is shorter.
    assert [h.target for h in path.hops] == [MA, MZ, EL]
    assert all(h.forward for h in path.hops)
    assert all([e.kind for e in h.edges] == ["connection"] for h in path.hops)


def test_a_path_against_the_data_marks_its_backward_hops(golden_graph: nx.MultiDiGraph) -> None:
    path = path_between(golden_graph, ABC, NENKIN)
    assert path is not None
    assert not path.directed
    assert [h.forward for h in path.hops] == [False, True]
    assert path.hops[0].target in {F11, F21}
    assert [e.kind for e in path.hops[0].edges] == ["delegation"]


def test_no_path_between_unlinked_nodes() -> None:
    graph = nx.MultiDiGraph()
    for node in "ab":
        graph.add_node(node, label=node, kind="other", assessments=(), municipalities=(),
                       alt_labels=(), owner=None, data_items=())  # fmt: skip
    assert path_between(graph, "a", "b") is None


# ---------------------------------------------------------------------------------------------
# Hubs and single points of failure
# ---------------------------------------------------------------------------------------------


def test_hub_systems_by_distinct_neighbours(golden_graph: nx.MultiDiGraph) -> None:
    ranked = hubs(golden_graph, top=None)
    # Neighbours counted by hand from README.md; ties go to more assessments, then the label.
    assert [(h.node, h.degree) for h in ranked] == [
        (MJ, 7), (EL, 6), (MA, 6), (MZ, 6), (CH, 5), (YZ, 4), (YA, 3), (JN, 2), (GC, 1),
    ]  # fmt: skip
    assert [h.rank for h in ranked] == list(range(1, 10))
    chukan = next(h for h in ranked if h.node == CH)
    assert (chukan.assessments, chukan.municipalities, chukan.cut_vertex) == (3, 2, False)
    assert len(hubs(golden_graph, top=3)) == 3


def test_hubs_by_betweenness_on_a_star_and_a_path() -> None:
    star = nx.MultiDiGraph([("hub", leaf) for leaf in "abcd"] + [("x", "y")])
    for node in star:
        star.nodes[node].update(label=node, kind="local-system", assessments=(), municipalities=(),
                                alt_labels=(), owner=None, data_items=())  # fmt: skip
    ranked = hubs(star, by="betweenness", top=None)
    # The hub lies on the shortest paths of the 6 pairs of its 4 leaves, out of the C(7-1, 2) = 15
    # pairs of other nodes of the 7-node graph: 6 / 15 = 0.4.
    assert (ranked[0].node, ranked[0].betweenness, ranked[0].cut_vertex) == ("hub", 0.4, True)
    assert all(h.betweenness == 0.0 for h in ranked[1:])


def test_single_points_of_failure_of_the_golden_graph(golden_graph: nx.MultiDiGraph) -> None:
    cuts = single_points_of_failure(golden_graph)
    # Each file holds two leaves (a recipient, a source or a storage place that nothing else
    # names) and ABC holds its two sub-delegates; nothing else splits the graph.
    assert {(c.node, c.separated, c.parts) for c in cuts} == {
        (F11, 2, 3), (F21, 2, 3), (F31, 2, 3), (ABC, 2, 3),
    }  # fmt: skip
    assert [c.node for c in single_points_of_failure(golden_graph, kinds={"delegate"})] == [ABC]


# ---------------------------------------------------------------------------------------------
# Blast radius
# ---------------------------------------------------------------------------------------------


def test_blast_radius_of_a_delegate(golden_graph: nx.MultiDiGraph) -> None:
    radius = blast_radius(golden_graph, ABC)
    assert radius.files == (F11, F21)
    assert radius.assessments == (A1, A2)
    assert radius.municipalities == ("みなと市",)
    assert set(radius.data_items) == {"個人番号", "基本4情報", "地方税関係情報（所得・課税情報）"}
    assert [h.task for h in radius.handled] == [
        "住民記録システムの運用保守",
        "税務システムの運用保守",
    ]
    assert radius.sub_delegates == tuple(sorted({MIRAI, SAKURA}))


def test_blast_radius_of_a_sub_delegate_is_only_the_delegation_it_continues(
    golden_graph: nx.MultiDiGraph,
) -> None:
    radius = blast_radius(golden_graph, SAKURA)
    # さくらソフト works for ABC on the tax file only, not on ABC's resident-register work.
    assert radius.files == (F21,)
    assert radius.assessments == (A2,)
    assert [(h.task, h.via) for h in radius.handled] == [("プログラム改修", ABC)]
    assert radius.sub_delegates == ()


def test_blast_radius_across_municipalities(golden_graph: nx.MultiDiGraph) -> None:
    radius = blast_radius(golden_graph, DATA)
    assert radius.files == (F11, F31)
    assert radius.assessments == (A1, A3)
    assert radius.municipalities == ("みなと市", "やまなみ町")


def test_blast_radius_of_something_that_is_not_a_delegate(golden_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(AnalyticsError, match="not a delegate"):
        blast_radius(golden_graph, NENKIN)
    with pytest.raises(AnalyticsError, match="not a node"):
        blast_radius(golden_graph, SHIMINZEI + "/nope")


def test_records_of_turns_answers_into_plain_json(golden_graph: nx.MultiDiGraph) -> None:
    record = records_of([blast_radius(golden_graph, SAKURA)])[0]
    assert record["files"] == [F21]
    assert record["handled"][0]["via"] == ABC
