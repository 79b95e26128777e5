"""The per-query time limit of ``/sparql``: past it, a 422 problem+json (the client's to narrow
the query, not a server error) and the server goes on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_query_past_the_time_limit_is_abandoned(
    serve: Callable[..., str], problem: Callable[[httpx.Response, int], dict[str, Any]]
) -> None:
    base = serve(MNPIA_SPARQL_TIMEOUT_S="0.5")
    response = httpx.get(base + "/sparql", params={"query": SLOW}, timeout=30)
    body = problem(response, 422)
    assert body["type"] == "https://w3id.org/mnpia/problem/query-timeout"
    assert "0.5 s" in str(body["detail"])
    assert httpx.get(base + "/health").status_code == 200
    quick = httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert quick.json()["boolean"] is True
