"""The SPARQL 1.1 Protocol endpoint ``/sparql`` of the real server (``mnpia serve``), over HTTP."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

ProblemCheck = Callable[[httpx.Response, int], dict[str, Any]]

MAX_ROWS = 50
MAX_BYTES = 2000
SELECT = (
    "PREFIX mnpia: <https://w3id.org/mnpia/ontology#> "
    "SELECT ?a ?n WHERE { ?a a mnpia:Assessment ; mnpia:assessmentNumber ?n } ORDER BY ?n"
)
ASK = "PREFIX mnpia: <https://w3id.org/mnpia/ontology#> ASK { ?a a mnpia:Assessment }"
CONSTRUCT = (
    "PREFIX mnpia: <https://w3id.org/mnpia/ontology#> "
    "CONSTRUCT { ?a mnpia:assessmentNumber ?n } WHERE { ?a mnpia:assessmentNumber ?n }"
)
CHIBA_27 = "https://w3id.org/mnpia/graph/assessment/千葉市/27"


@pytest.fixture(scope="module")
def base(serve: Callable[..., str]) -> str:
    return serve(MNPIA_SPARQL_MAX_ROWS=str(MAX_ROWS), MNPIA_SPARQL_MAX_QUERY_BYTES=str(MAX_BYTES))


def numbers(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    body = response.json()
    return [b["n"]["value"] for b in body["results"]["bindings"]]


def test_get_post_form_and_post_query_give_the_same_answer(base: str) -> None:
    get = httpx.get(base + "/sparql", params={"query": SELECT})
    form = httpx.post(base + "/sparql", data={"query": SELECT})
    direct = httpx.post(
        base + "/sparql",
        content=SELECT.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert numbers(get) == numbers(form) == numbers(direct) == ["2", "27", "4", "45"]
    assert get.headers["content-type"].startswith("application/sparql-results+json")


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_results_by_content_negotiation(base: str, accept: str, media: str) -> None:
    response = httpx.get(base + "/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["a", "n"]
        assert [r[1] for r in rows[1:]] == ["2", "27", "4", "45"]
    elif media == "text/tab-separated-values":
        lines = response.text.splitlines()
        assert lines[0] == "?a\t?n"
        assert len(lines) == 5
    else:
        fmt = ox.QueryResultsFormat.from_media_type(media)
        assert fmt is not None
        parsed = ox.parse_query_results(response.content, format=fmt)
        assert isinstance(parsed, ox.QuerySolutions)
        assert sorted(str(s["n"].value) for s in parsed) == ["2", "27", "4", "45"]


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
)
def test_ask_in_every_format(base: str, fmt: str, media: str) -> None:
    response = httpx.get(base + "/sparql", params={"query": ASK, "format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    if fmt == "json":
        assert response.json() == {"head": {}, "boolean": True}
    else:
        assert "true" in response.text


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
    ],
)
def test_construct_by_content_negotiation(base: str, accept: str, media: str) -> None:
    response = httpx.get(base + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    fmt = ox.RdfFormat.from_media_type(media)
    assert fmt is not None
    triples = list(ox.parse(response.content, format=fmt))
    assert sorted(t.object.value for t in triples) == ["2", "27", "4", "45"]


def test_format_override_wins_over_accept(base: str) -> None:
    response = httpx.get(
        base + "/sparql",
        params={"query": CONSTRUCT, "format": "ntriples"},
        headers={"Accept": "text/turtle"},
    )
    assert response.headers["content-type"].startswith("application/n-triples")
    assert len(response.text.strip().splitlines()) == 4
    as_jsonld = httpx.get(base + "/sparql", params={"query": CONSTRUCT, "format": "json"})
    assert as_jsonld.headers["content-type"].startswith("application/ld+json")
    assert isinstance(json.loads(as_jsonld.text), list)


def test_unoffered_format_is_406(base: str, problem: ProblemCheck) -> None:
    response = httpx.get(
        base + "/sparql", params={"query": SELECT}, headers={"Accept": "image/png"}
    )
    problem(response, 406)
    problem(httpx.get(base + "/sparql", params={"query": SELECT, "format": "turtle"}), 406)


def test_default_graph_uri_limits_the_dataset(base: str) -> None:
    response = httpx.get(base + "/sparql", params={"query": SELECT, "default-graph-uri": CHIBA_27})
    assert numbers(response) == ["27"]
    named = httpx.post(
        base + "/sparql",
        data={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": CHIBA_27,
        },
    )
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [CHIBA_27]


def test_default_graph_is_the_union_of_the_named_graphs(base: str) -> None:
    count = httpx.get(
        base + "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
    )
    assert int(count.json()["results"]["bindings"][0]["n"]["value"]) > 10_000


def test_row_limit_truncates_and_says_so(base: str) -> None:
    response = httpx.get(base + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.headers["x-mnpia-truncated"] == "true"
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    graph = httpx.get(base + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                      headers={"Accept": "application/n-triples"})  # fmt: skip
    assert graph.headers["x-mnpia-truncated"] == "true"
    assert len(graph.text.strip().splitlines()) == MAX_ROWS
    small = httpx.get(base + "/sparql", params={"query": SELECT})
    assert small.headers["x-mnpia-truncated"] == "false"


def test_service_description_without_a_query(base: str) -> None:
    response = httpx.get(base + "/sparql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    services = [t.subject for t in triples if t.object == ox.NamedNode(sd + "Service")]
    assert services == [ox.NamedNode(base + "/sparql")]
    names = {t.object.value for t in triples if t.predicate == ox.NamedNode(sd + "name")}
    assert CHIBA_27 in names


# -- refusals: each a 4xx problem+json -------------------------------------------------------

UPDATE = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"


def test_update_is_refused_every_way(base: str, problem: ProblemCheck) -> None:
    attempts = [
        httpx.post(base + "/sparql", content=UPDATE.encode(),
                   headers={"Content-Type": "application/sparql-query"}),
        httpx.post(base + "/sparql", content=UPDATE.encode(),
                   headers={"Content-Type": "application/sparql-update"}),
        httpx.post(base + "/sparql", data={"update": UPDATE}),
        httpx.post(base + "/sparql", data={"query": "DELETE WHERE { ?s ?p ?o }"}),
        httpx.get(base + "/sparql", params={"update": UPDATE}),
        httpx.get(base + "/sparql", params={"query": "DROP ALL"}),
    ]  # fmt: skip
    for response in attempts:
        body = problem(response, 400)
        assert "update" in str(body["detail"]).lower()
    still = httpx.get(base + "/sparql", params={"query": ASK.replace("Assessment", "Nothing")})
    assert still.json()["boolean"] is False
    assert numbers(httpx.get(base + "/sparql", params={"query": SELECT})) == ["2", "27", "4", "45"]


def test_service_is_refused(base: str, problem: ProblemCheck) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    body = problem(httpx.get(base + "/sparql", params={"query": query}), 400)
    assert "SERVICE" in str(body["detail"])
    lower = "select * { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    problem(httpx.post(base + "/sparql", data={"query": lower}), 400)


def test_service_in_a_string_iri_or_comment_is_not_refused(base: str) -> None:
    query = (
        "PREFIX ex: <http://example.org/SERVICE/>\n"
        "# SERVICE <http://example.org/sparql>\n"
        'SELECT ?service WHERE { BIND("SERVICE <http://x> { }" AS ?service) '
        "OPTIONAL { ?service ex:service ?o } }"
    )
    response = httpx.get(base + "/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["service"]["value"].startswith("SERVICE")


def test_over_long_query_is_refused(base: str, problem: ProblemCheck) -> None:
    query = SELECT + " #" + "x" * MAX_BYTES
    problem(httpx.post(base + "/sparql", data={"query": query}), 413)
    problem(httpx.get(base + "/sparql", params={"query": query}), 413)
    problem(
        httpx.post(base + "/sparql", content=query.encode(),
                   headers={"Content-Type": "application/sparql-query"}),
        413,
    )  # fmt: skip


def test_malformed_query_gives_the_parser_message(base: str, problem: ProblemCheck) -> None:
    body = problem(httpx.get(base + "/sparql", params={"query": "SELECT ?s WHERE { ?s ?p"}), 400)
    assert "error at" in str(body["detail"])
    assert body["type"] == "https://w3id.org/mnpia/problem/malformed-query"


def test_bad_requests_are_problems(base: str, problem: ProblemCheck) -> None:
    problem(httpx.post(base + "/sparql", content=b"x", headers={"Content-Type": "text/plain"}), 415)
    problem(httpx.post(base + "/sparql", data={"format": "json"}), 400)
    problem(
        httpx.get(base + "/sparql", params={"query": SELECT, "default-graph-uri": "not an iri"}),
        400,
    )
