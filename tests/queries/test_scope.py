"""Walks scoped to one municipality's assessments (``mnpia lineage`` and ``path`` by default).

A node only one municipality's assessments name (a file, a local system) has that municipality
as its scope: its lineage follows the flows those assessments state, through national systems
too, and never the flows another municipality states. These tests hold a scoped walk equal to the
lineage of the projection restricted to the scope's edges, on the five corpus texts, and check
that the scope is what keeps other municipalities out.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

from api.cli import app
from graph.store import Store, open_store
from queries.analytics import lineage, path_between
from queries.neighbourhood import (
    describe_nodes,
    lineage_scope,
    municipality_scope,
    path_scope,
    store_lineage,
    store_path,
)
from queries.projection import store_to_networkx


def _restricted(graph: nx.MultiDiGraph, assessments: set[str]) -> nx.MultiDiGraph:
    kept = nx.MultiDiGraph()
    kept.add_nodes_from(graph.nodes(data=True))
    kept.add_edges_from(
        (u, v, k, d)
        for u, v, k, d in graph.edges(keys=True, data=True)
        if d["assessment"] in assessments
    )
    return kept


def _local_nodes(store: Store, graph: nx.MultiDiGraph) -> list[str]:
    described = describe_nodes(store, sorted(graph.nodes))
    return sorted(n for n, data in described.items() if len(data.municipalities) == 1)


def test_scoped_lineage_is_the_lineage_of_the_scopes_edges(corpus_store: Store) -> None:
    graph = store_to_networkx(corpus_store)
    rng = random.Random(5)
    local = _local_nodes(corpus_store, graph)
    assert len(local) > 40
    for node in rng.sample(local, 30):
        scope = lineage_scope(corpus_store, node)
        assert scope is not None
        assert scope.graphs
        assert scope.assessments
        restricted = _restricted(graph, set(scope.assessments))
        for direction in ("up", "down", "both"):
            for depth in (1, 3):
                walked = store_lineage(
                    corpus_store, node, direction=direction, depth=depth, scope=scope
                )
                expected = lineage(restricted, node, direction=direction, depth=depth)
                assert [(n.node, n.hops, n.direction) for n in walked.answer.nodes] == [
                    (n.node, n.hops, n.direction) for n in expected.nodes
                ], (node, direction, depth)
                assert {(e.source, e.target, e.data.fact) for e in walked.answer.edges} == {
                    (e.source, e.target, e.data.fact) for e in expected.edges
                }
                assert walked.answer.truncation.left_out == expected.truncation.left_out
                assert {e.data.assessment for e in walked.answer.edges} <= set(scope.assessments)
                assert walked.scope == scope


def test_the_scope_keeps_other_municipalities_flows_out(corpus_store: Store) -> None:
    graph = store_to_networkx(corpus_store)
    widened = 0
    for node in _local_nodes(corpus_store, graph):
        scope = lineage_scope(corpus_store, node)
        assert scope is not None
        everywhere = store_lineage(corpus_store, node, depth=4).answer
        scoped = store_lineage(corpus_store, node, depth=4, scope=scope).answer
        assert {n.node for n in scoped.nodes} <= {n.node for n in everywhere.nodes}
        others = {e.data.assessment for e in everywhere.edges} - set(scope.assessments)
        widened += bool(others)
    # National systems join the five municipalities: unscoped walks cross into the others.
    assert widened > 0


def test_a_shared_node_has_no_scope(corpus_store: Store) -> None:
    graph = store_to_networkx(corpus_store)
    described = describe_nodes(corpus_store, sorted(graph.nodes))
    shared = [n for n, data in described.items() if len(data.municipalities) > 1]
    assert shared
    for node in shared[:10]:
        assert lineage_scope(corpus_store, node) is None


def test_a_municipality_without_assessments_has_an_empty_scope(corpus_store: Store) -> None:
    scope = municipality_scope(corpus_store, "存在しない市")
    assert scope.assessments == ()
    assert scope.graphs == ()


def test_scoped_paths_cross_only_the_scopes_edges(corpus_store: Store) -> None:
    graph = store_to_networkx(corpus_store)
    rng = random.Random(9)
    local = _local_nodes(corpus_store, graph)
    checked = 0
    for _ in range(40):
        source, target = rng.sample(local, 2)
        scope = path_scope(corpus_store, source, target)
        if scope is None:
            continue
        restricted = _restricted(graph, set(scope.assessments))
        found = store_path(corpus_store, source, target, scope=scope).answer
        expected = path_between(restricted, source, target)
        assert (found is None) == (expected is None)
        if found is not None and expected is not None:
            assert (len(found.hops), found.directed) == (len(expected.hops), expected.directed)
            assert {e.assessment for hop in found.hops for e in hop.edges} <= set(scope.assessments)
            checked += 1
    assert checked > 5


def test_cli_lineage_reports_its_scope(corpus_store_path: Path) -> None:
    with open_store(corpus_store_path, read_only=True) as store:
        graph = store_to_networkx(store)
        node = _local_nodes(store, graph)[0]
        scope = lineage_scope(store, node)
    assert scope is not None
    runner = CliRunner()
    scoped = runner.invoke(
        app, ["--store", str(corpus_store_path), "lineage", node, "--format", "json"]
    )
    assert scoped.exit_code == 0, scoped.output
    assert json.loads(scoped.stdout)["scope"]["municipality"] == scope.municipality
    everywhere = runner.invoke(
        app,
        ["--store", str(corpus_store_path), "lineage", node, "--scope", "all", "--format", "json"],
    )
    assert everywhere.exit_code == 0, everywhere.output
    assert json.loads(everywhere.stdout)["scope"] is None
    table = runner.invoke(app, ["--store", str(corpus_store_path), "lineage", node])
    assert f"followed the flows of {scope.municipality}'s" in table.stdout
