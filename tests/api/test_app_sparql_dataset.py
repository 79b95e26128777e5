"""The RDF dataset of a ``/sparql`` query: ``default-graph-uri`` / ``named-graph-uri`` and the
query's own ``FROM`` / ``FROM NAMED`` really restrict what the query sees (SPARQL 1.1 Protocol
§2.1.4 and Query §13.2), on the real server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

ProblemCheck = Callable[[httpx.Response, int], dict[str, Any]]

GRAPH = "https://w3id.org/mnpia/graph/assessment/"
CHIBA_27, CHIBA_45, OKAYAMA_4 = (GRAPH + key for key in ("千葉市/27", "千葉市/45", "岡山市/4"))
PREFIX = "PREFIX mnpia: <https://w3id.org/mnpia/ontology#>\n"
NUMBERS = "SELECT ?n {} WHERE {{ ?a a mnpia:Assessment ; mnpia:assessmentNumber ?n }} ORDER BY ?n"
GRAPHS = "SELECT DISTINCT ?g {} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?g"
COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"


@pytest.fixture(scope="module")
def base(shared_server: str) -> str:
    return shared_server


def column(base: str, query: str, name: str, **dataset: str | list[str]) -> list[str]:
    params: dict[str, Any] = {"query": PREFIX + query, **dataset}
    response = httpx.get(base + "/sparql", params=params)
    assert response.status_code == 200, response.text
    return [b[name]["value"] for b in response.json()["results"]["bindings"] if name in b]


def test_without_a_dataset_the_default_graph_is_the_union(base: str) -> None:
    assert column(base, NUMBERS.format(""), "n") == ["2", "27", "4", "45"]
    assert {CHIBA_27, CHIBA_45, OKAYAMA_4} <= set(column(base, GRAPHS.format(""), "g"))


def test_default_graph_uri_alone_hides_every_named_graph(base: str) -> None:
    assert column(base, NUMBERS.format(""), "n", **{"default-graph-uri": CHIBA_27}) == ["27"]
    assert column(base, GRAPHS.format(""), "g", **{"default-graph-uri": CHIBA_27}) == []


def test_several_default_graphs_are_merged(base: str) -> None:
    both = {"default-graph-uri": [CHIBA_27, OKAYAMA_4]}
    assert column(base, NUMBERS.format(""), "n", **both) == ["27", "4"]


def test_named_graph_uri_alone_leaves_the_default_graph_empty(base: str) -> None:
    named = {"named-graph-uri": [CHIBA_45, OKAYAMA_4]}
    assert column(base, GRAPHS.format(""), "g", **named) == [CHIBA_45, OKAYAMA_4]
    assert column(base, COUNT.format(""), "n", **named) == ["0"]


def test_an_unknown_graph_is_an_empty_graph(base: str) -> None:
    assert column(base, COUNT.format(""), "n", **{"default-graph-uri": GRAPH + "nowhere/1"}) == [
        "0"
    ]


def test_from_and_from_named_choose_the_dataset(base: str) -> None:
    assert column(base, NUMBERS.format(f"FROM <{CHIBA_45}>"), "n") == ["45"]
    prefixed = "PREFIX g: <https://w3id.org/mnpia/graph/assessment/千葉市/>\n"
    assert column(base, prefixed + NUMBERS.format("FROM g:27 FROM g:45"), "n") == ["27", "45"]
    assert column(base, GRAPHS.format(f"FROM NAMED <{OKAYAMA_4}>"), "g") == [OKAYAMA_4]
    assert column(base, COUNT.format(f"FROM NAMED <{OKAYAMA_4}>"), "n") == ["0"]


def test_the_protocol_dataset_wins_over_from(base: str) -> None:
    query = NUMBERS.format(f"FROM <{CHIBA_45}>")
    assert column(base, query, "n", **{"default-graph-uri": OKAYAMA_4}) == ["4"]


def test_dataset_in_every_request_form(base: str) -> None:
    query = PREFIX + NUMBERS.format("")
    form = httpx.post(base + "/sparql", data={"query": query, "default-graph-uri": CHIBA_45})
    direct = httpx.post(
        base + "/sparql",
        params={"default-graph-uri": CHIBA_45},
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    for response in (form, direct):
        assert response.status_code == 200, response.text
        assert [b["n"]["value"] for b in response.json()["results"]["bindings"]] == ["45"]


def test_from_in_a_string_or_iri_is_not_a_dataset(base: str) -> None:
    query = 'SELECT ?x WHERE { BIND("FROM <http://example.org/g>" AS ?x) }'
    assert column(base, query, "x") == ["FROM <http://example.org/g>"]


def test_bad_dataset_iris_are_400(base: str, problem: ProblemCheck) -> None:
    query = PREFIX + NUMBERS.format("")
    problem(httpx.get(base + "/sparql", params={"query": query, "named-graph-uri": "a b"}), 400)
    relative = PREFIX + NUMBERS.format("FROM <relative>")
    body = problem(httpx.get(base + "/sparql", params={"query": relative}), 400)
    assert "FROM" in str(body["detail"])
    malformed = "SELECT * FROM <http://example.org/g> WHERE { ?s ?p"
    body = problem(httpx.get(base + "/sparql", params={"query": malformed}), 400)
    assert body["type"] == "https://w3id.org/mnpia/problem/malformed-query"
