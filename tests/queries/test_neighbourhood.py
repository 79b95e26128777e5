"""Lineage and paths walked in the store give the answers of the whole projection.

The walk (:mod:`queries.neighbourhood`) and the projection (:func:`store_to_networkx`) read the
store with different queries; these tests hold them equal on the hand-made golden dataset (every
node, every direction, depths 0–4, which includes its cycle) and on the five corpus texts (a
seeded sample), and check the walk's own behaviour: the limit, unknown nodes, bad depths.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.store import Store
from queries.analytics import AnalyticsError, lineage, path_between
from queries.entity import AmbiguousEntityError, EntityNotFoundError, find_entity_in_store
from queries.neighbourhood import describe_nodes, store_lineage, store_path, walk
from queries.projection import node_data, store_to_networkx


def _path_shape(graph: nx.MultiDiGraph, source: str, target: str) -> tuple[int, bool] | None:
    found = path_between(graph, source, target)
    return None if found is None else (len(found.hops), found.directed)


def test_lineage_walked_equals_projection_on_golden_data(
    golden_store: Store, golden_graph: nx.MultiDiGraph
) -> None:
    for node in sorted(golden_graph.nodes):
        for direction in ("up", "down", "both"):
            for depth in range(5):
                expected = lineage(golden_graph, node, direction=direction, depth=depth)
                walked = store_lineage(golden_store, node, direction=direction, depth=depth)
                assert walked.answer == expected, (node, direction, depth)


def test_lineage_walked_equals_projection_on_the_corpus(corpus_store: Store) -> None:
    graph = store_to_networkx(corpus_store)
    rng = random.Random(7)
    for node in rng.sample(sorted(graph.nodes), 40):
        for direction in ("up", "down", "both"):
            for depth in (1, 3):
                expected = lineage(graph, node, direction=direction, depth=depth)
                walked = store_lineage(corpus_store, node, direction=direction, depth=depth)
                assert walked.answer == expected, (node, direction, depth)
                for found in walked.answer.nodes:
                    assert node_data(walked.graph, found.node) == node_data(graph, found.node)


def test_paths_walked_have_the_projections_length(corpus_store: Store) -> None:
    graph = store_to_networkx(corpus_store)
    rng = random.Random(11)
    nodes = sorted(graph.nodes)
    for _ in range(40):
        source, target = rng.sample(nodes, 2)
        walked = store_path(corpus_store, source, target)
        expected = _path_shape(graph, source, target)
        got = None if walked.answer is None else (len(walked.answer.hops), walked.answer.directed)
        assert got == expected, (source, target)
        if walked.answer is not None:
            for hop in walked.answer.hops:
                assert hop.edges, "every hop names the edges it follows"
                assert hop.source_label == node_data(graph, hop.source).label


def test_path_on_golden_data_carries_legal_bases(
    golden_store: Store, golden_graph: nx.MultiDiGraph
) -> None:
    nodes = sorted(golden_graph.nodes)
    pairs = random.Random(3).sample([(a, b) for a in nodes for b in nodes], 200)
    for source, target in pairs:
        expected = path_between(golden_graph, source, target)
        walked = store_path(golden_store, source, target).answer
        if expected is None:
            assert walked is None
            continue
        assert walked is not None
        assert (len(walked.hops), walked.directed) == (len(expected.hops), expected.directed)
        if len(expected.hops) == 1:
            assert walked == expected


def test_walk_stops_at_its_limit_and_says_so(corpus_store: Store) -> None:
    graph = store_to_networkx(corpus_store)
    hub = max(graph.nodes, key=lambda n: graph.in_degree(n))
    free = walk(corpus_store, hub, "up")
    assert free.complete
    assert len(free.hops) > 3
    capped = walk(corpus_store, hub, "up", limit=2)
    assert not capped.complete
    answer = store_lineage(corpus_store, hub, direction="up", depth=0, limit=2).answer
    assert not answer.truncation.complete
    assert answer.truncation.left_out >= 1


def test_unknown_node_and_negative_depth_are_refused(golden_store: Store) -> None:
    with pytest.raises(AnalyticsError, match="not a node"):
        store_lineage(golden_store, "https://example.org/nothing")
    node = next(iter(describe_nodes(golden_store, _some_nodes(golden_store))))
    with pytest.raises(AnalyticsError, match="depth"):
        store_lineage(golden_store, node, depth=-1)
    with pytest.raises(AnalyticsError, match="not a node"):
        store_path(golden_store, node, "https://example.org/nothing")


def _some_nodes(store: Store) -> list[str]:
    return sorted(store_to_networkx(store).nodes)


def test_entities_are_found_in_the_store_as_in_the_projection(
    golden_store: Store, golden_graph: nx.MultiDiGraph
) -> None:
    for node in sorted(golden_graph.nodes):
        data = node_data(golden_graph, node)
        assert find_entity_in_store(golden_store, node, kinds=[data.kind]) == node
    label = node_data(golden_graph, sorted(golden_graph.nodes)[0]).label
    assert find_entity_in_store(golden_store, f" {label} ") in golden_graph
    with pytest.raises(EntityNotFoundError):
        find_entity_in_store(golden_store, "まったく存在しない名前の組織")


def test_ambiguous_exact_label_lists_the_candidates(corpus_store: Store) -> None:
    graph = store_to_networkx(corpus_store)
    by_label: dict[str, list[str]] = {}
    for node in graph.nodes:
        data = node_data(graph, node)
        if data.kind in ("local-system", "file"):
            by_label.setdefault(data.label, []).append(node)
    shared = sorted(label for label, nodes in by_label.items() if len(nodes) > 1)
    assert shared, "the corpus has a name that two entities share"
    with pytest.raises(AmbiguousEntityError) as caught:
        find_entity_in_store(corpus_store, shared[0])
    assert len(caught.value.candidates) >= 2
