"""``mnpia serve --store http://…``: the HTTP API answering from a SPARQL server.

A real Oxigraph server holds the corpus (ingested through the remote store); ``mnpia serve`` is
started twice, on the server's URL and on an embedded store with the same texts, and both must
answer the same. With a token, ``POST /assessments`` writes into the server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))  # remote_server
from remote_server import OxigraphServer, free_port, start_oxigraph

from graph.ingestion import ingest_paths
from graph.store import open_store

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
CHIBA_45 = CORPUS / "004_2e642bc68f73afa2.txt"
CHUKAN = "https://w3id.org/mnpia/vocab/national-systems/chukan-server-platform"
TOKEN = "remote-token-0123456789abcdef"
SELECT = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class"


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    running = start_oxigraph(tmp_path_factory.mktemp("api-oxigraph") / "db")
    try:
        with open_store(running.url) as store:
            assert all(o.ok for o in ingest_paths(store, [CORPUS]))
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def apis(
    oxigraph: OxigraphServer,
    tmp_path_factory: pytest.TempPathFactory,
    serve_store: Callable[..., str],
) -> tuple[str, str]:
    """``mnpia serve`` on the Oxigraph server, and on an embedded store of the same texts."""
    path = tmp_path_factory.mktemp("api-embedded") / "store"
    with open_store(path) as store:
        assert all(o.ok for o in ingest_paths(store, [CORPUS]))
    return serve_store(oxigraph.url), serve_store(path)


def get(base: str, path: str, **params: Any) -> Any:
    response = httpx.get(base + path, params=params, timeout=120,
                         headers={"Accept": "application/json"})  # fmt: skip
    assert response.status_code == 200, response.text
    return response.json()


def test_health_names_the_server(apis: tuple[str, str], oxigraph: OxigraphServer) -> None:
    remote, embedded = apis
    ours, theirs = get(remote, "/health"), get(embedded, "/health")
    assert ours["store"] == oxigraph.url
    assert (ours["documents"], ours["triples"]) == (theirs["documents"], theirs["triples"])
    assert ours["documents"] == 5


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/assessments", {}),
        ("/assessments/" + quote("千葉市/27", safe=""), {}),
        ("/lineage/" + quote(CHUKAN, safe=""), {"direction": "both", "depth": 2}),
        ("/queries/systems_of_assessment", {}),
        ("/entities", {"q": "中間サーバー"}),
        ("/impact", {"article": "番号法19条8号"}),
    ],
)
def test_the_api_answers_as_on_the_embedded_store(
    apis: tuple[str, str], path: str, params: dict[str, Any]
) -> None:
    remote, embedded = apis
    assert get(remote, path, **params) == get(embedded, path, **params)


def test_sparql_answers_as_on_the_embedded_store(apis: tuple[str, str]) -> None:
    remote, embedded = apis
    ours = get(remote, "/sparql", query=SELECT)["results"]["bindings"]
    assert ours == get(embedded, "/sparql", query=SELECT)["results"]["bindings"]
    assert len(ours) > 10
    # A dataset named by the request is read through the remote store too.
    graph = "https://w3id.org/mnpia/graph/assessment/千葉市/27"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    named = {"query": count, "default-graph-uri": graph}
    assert get(remote, "/sparql", **named) == get(embedded, "/sparql", **named)


def test_ingestion_through_the_api_writes_into_the_server(
    tmp_path: Path, serve_store: Callable[..., str]
) -> None:
    server = start_oxigraph(tmp_path / "db")
    try:
        base = serve_store(server.url, MNPIA_INGEST_TOKEN=TOKEN)
        response = httpx.post(
            base + "/assessments",
            content=CHIBA_45.read_bytes(),
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"},
            timeout=120,
        )
        assert response.status_code == 201, response.text
        assert [a["id"] for a in get(base, "/assessments")["items"]] == ["千葉市/45"]
        with open_store(server.url, read_only=True) as store:
            assert [str(d.graph_name).rsplit("/", 2)[1:] for d in store.documents()] == [
                ["千葉市", "45"]
            ]
    finally:
        server.stop()


def test_serve_on_a_server_that_is_down_is_exit_4_and_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = subprocess.run(
        [sys.executable, "-m", "api", "serve", "--store", url, "--port", str(free_port())],
        capture_output=True, text=True, timeout=120, cwd=REPO,
        env={**os.environ, "COLUMNS": "300", "NO_COLOR": "1"},
    )  # fmt: skip
    assert result.returncode == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert url in lines[0]
    assert "cannot connect" in lines[0]
