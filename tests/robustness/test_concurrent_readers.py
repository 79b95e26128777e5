"""Readers keep answering while a writer ingests: a real ``mnpia serve`` on loopback, one thread
POSTing assessments one by one, four threads reading all the while.

Every read answers 200; the number of documents a reader sees never goes down; and every
document a reader sees is whole: its triple count is already the count it ends with.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from robustness_helpers import MNPIA, REPO, invoke, mnpia_env
from servers import free_port, stop_process, wait_until_up

TOKEN = "robustness-token-0123456789"
POSTS = 20
LINEAGE_OF = "https://w3id.org/mnpia/vocab/national-systems/johoteikyo-network"
PER_GRAPH = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
    "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/mnpia/graph/assessment/')) } GROUP BY ?g"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, synthetic_corpus: list[Path]) -> Iterator[str]:
    """``mnpia serve`` with ingestion on, over a store that holds one assessment already."""
    store = tmp_path_factory.mktemp("readers") / "store"
    seeded = invoke("ingest", synthetic_corpus[0], store=store)
    assert seeded.exit_code == 0, seeded.stderr
    port = free_port()
    process = subprocess.Popen(
        [*MNPIA, "serve", "--store", str(store), "--port", str(port)],
        cwd=REPO, env=mnpia_env(MNPIA_INGEST_TOKEN=TOKEN), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, base + "/health", "mnpia serve")
        yield base
    finally:
        stop_process(process)


@dataclass
class Seen:
    """What the readers saw."""

    reads: int = 0
    failures: list[str] = field(default_factory=list)
    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    """Document counts, in the order each reader saw them."""
    triples: dict[str, set[tuple[str, int]]] = field(default_factory=lambda: defaultdict(set))
    """(reader, triple count) seen per assessment graph."""
    lock: threading.Lock = field(default_factory=threading.Lock)


def _reader(
    name: str, base: str, seen: Seen, stop: threading.Event, read: Callable[[httpx.Client], None]
) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            try:
                read(client)
            except (AssertionError, httpx.HTTPError) as error:
                with seen.lock:
                    seen.failures.append(f"{name}: {type(error).__name__}: {error}")
            with seen.lock:
                seen.reads += 1


def _ok(response: httpx.Response) -> httpx.Response:
    assert response.status_code == 200, f"{response.request.url} {response.status_code}"
    return response


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the writer wrote and the readers saw."""

    seen: Seen
    final: dict[str, int]
    """The triple count each assessment graph ends with."""
    total: int
    elapsed: float


@pytest.fixture(scope="module")
def outcome(server: str, synthetic_corpus: list[Path]) -> Outcome:
    """Post the assessments one by one while four readers read; what happened."""
    seen = Seen()
    stop = threading.Event()

    def documents(client: httpx.Client) -> None:
        body = _ok(client.get("/assessments", params={"limit": 1000})).json()
        with seen.lock:
            seen.counts["documents"].append(body["total"])
            for item in body["items"]:
                seen.triples[item["graph"]].add(("documents", item["triples"]))

    def sparql(client: httpx.Client) -> None:
        body = _ok(client.get("/sparql", params={"query": PER_GRAPH})).json()
        rows = body["results"]["bindings"]
        with seen.lock:
            seen.counts["sparql"].append(len(rows))
            for row in rows:
                seen.triples[row["g"]["value"]].add(("sparql", int(row["n"]["value"])))

    def lineage(client: httpx.Client) -> None:
        body = _ok(client.get(f"/lineage/{quote(LINEAGE_OF, safe='')}")).json()
        with seen.lock:
            seen.counts["lineage"].append(len(body["nodes"]))

    def detail(client: httpx.Client) -> None:
        items = _ok(client.get("/assessments", params={"limit": 1000})).json()["items"]
        latest = items[-1]
        body = _ok(client.get(f"/assessments/{quote(latest['id'], safe='/')}")).json()
        with seen.lock:
            seen.triples[body["graph"]].add(("detail", body["triples"]))

    readers = [
        threading.Thread(target=_reader, args=(name, server, seen, stop, read), daemon=True)
        for name, read in [
            ("documents", documents),
            ("sparql", sparql),
            ("lineage", lineage),
            ("detail", detail),
        ]
    ]
    for thread in readers:
        thread.start()

    final: dict[str, int] = {}
    started = time.monotonic()
    try:
        with httpx.Client(base_url=server, timeout=120) as writer:
            for text in synthetic_corpus[1 : POSTS + 1]:
                response = writer.post(
                    "/assessments",
                    content=text.read_bytes(),
                    params={"name": text.name},
                    headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"},
                )
                assert response.status_code == 201, response.text
                body = response.json()
                final[body["graph"]] = body["triples"]
    finally:
        stop.set()
        for thread in readers:
            thread.join(timeout=120)
    elapsed = time.monotonic() - started

    with httpx.Client(base_url=server, timeout=60) as client:
        for item in _ok(client.get("/assessments", params={"limit": 1000})).json()["items"]:
            final.setdefault(item["graph"], item["triples"])  # the seeded one
        total = _ok(client.get("/assessments")).json()["total"]
    return Outcome(seen, final, total, elapsed)


def _not_whole(outcome: Outcome, readers: set[str]) -> dict[str, list[tuple[str, int]]]:
    """The graphs ``readers`` saw with a triple count other than their final one."""
    final = outcome.final
    return {
        graph: sorted((reader, n) for reader, n in found if n != final.get(graph))
        for graph, found in outcome.seen.triples.items()
        if any(reader in readers and n != final.get(graph) for reader, n in found)
    }


@pytest.mark.slow
def test_every_read_answers_and_counts_never_go_down(outcome: Outcome) -> None:
    seen = outcome.seen
    assert outcome.total == POSTS + 1
    assert seen.failures == [], seen.failures[:5]
    assert seen.reads >= 4 * 3, f"only {seen.reads} reads in {outcome.elapsed:.1f} s"
    for reader, counts in seen.counts.items():
        assert counts == sorted(counts), f"{reader}: the count went down: {counts}"
    assert len(set(seen.counts["documents"])) > 2, "the reads did not overlap the writes"


@pytest.mark.slow
def test_every_document_a_query_sees_is_whole(outcome: Outcome) -> None:
    """A SPARQL query counts each graph's triples in one read: never part of a document."""
    assert _not_whole(outcome, {"sparql"}) == {}


@pytest.mark.slow
def test_every_document_the_listing_shows_is_whole(outcome: Outcome) -> None:
    """GET /assessments and GET /assessments/{id} report triples from Store.documents, which
    must take them and the list of graphs from one read (a graph written between two reads
    was once listed with 0 triples)."""
    assert _not_whole(outcome, {"documents", "detail"}) == {}
