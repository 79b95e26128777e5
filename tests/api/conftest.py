"""Fixtures of the HTTP API tests: a store ingested from the corpus, and real servers on it.

Each server is ``mnpia serve`` in a subprocess (uvicorn) on a free loopback port, so the tests
exercise the real command, the real app and real HTTP; a module starts one server and stops it
at its end (abandoned queries of the time-limit test die with it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from servers import free_port, stop_process, wait_until_up

from graph.ingestion import ingest_paths
from graph.store import open_store

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

Serve = Callable[..., str]


@pytest.fixture(scope="session")
def api_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the five corpus texts (ingested once per session)."""
    path = tmp_path_factory.mktemp("api-store") / "store"
    with open_store(path) as store:
        outcomes = list(ingest_paths(store, [CORPUS]))
    assert outcomes
    assert all(o.ok for o in outcomes)
    return path


def start_server(
    store: Path | str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``mnpia serve`` on ``store`` (a folder or a SPARQL server's URL) and wait until
    ``/health`` answers; no ingest token unless ``env`` gives one."""
    port = free_port()
    environ = {**os.environ, "MNPIA_INGEST_TOKEN": "", **(env or {})}
    environ.pop("MNPIA_STORE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--store", str(store), "--host", "127.0.0.1",
         "--port", str(port)],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_until_up(process, base + "/health", "mnpia serve")
    return process, base


@pytest.fixture(scope="module")
def serve_store() -> Iterator[Callable[..., str]]:
    """Start servers on any store (``serve_store(path, MNPIA_X="…")``); all stop at module end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(store: Path | str, **env: str) -> str:
        process, base = start_server(store, env)
        started.append(process)
        return base

    yield start
    for process in started:
        stop_process(process)


@pytest.fixture(scope="session")
def shared_server(api_store: Path) -> Iterator[str]:
    """One server for the whole session, with the default settings, read-only, and the corpus
    as its ``MNPIA_SOURCES``: for the modules that need nothing else (saves a start each)."""
    env = {"MNPIA_SOURCES": str(CORPUS), "MNPIA_INGEST_TOKEN": ""}
    process, base = start_server(api_store, env)
    yield base
    stop_process(process)


@pytest.fixture(scope="module")
def serve(api_store: Path, serve_store: Callable[..., str]) -> Serve:
    """Start servers on the corpus store (``serve(MNPIA_X="…")``); all stop at module end."""

    def start(**env: str) -> str:
        return serve_store(api_store, **env)

    return start


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    """``response`` is an RFC 9457 problem document with ``status``; its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert str(body["type"]).startswith("https://")
    return body


@pytest.fixture
def problem() -> Callable[[httpx.Response, int], dict[str, object]]:
    """:func:`assert_problem`, for the test modules."""
    return assert_problem
