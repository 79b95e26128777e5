"""Benchmark: the HTTP API under load, against a raw Oxigraph server over the same data.

Run with ``make bench-api``. Prints figures; asserts nothing (speed is measured, not tested).

The bundled corpus is ingested into a fresh store; ``mnpia serve`` serves it, and
``oxigraph serve-read-only --union-default-graph`` (the ``oxigraph`` package's server) serves the
same quads, exported as N-Quads and loaded with ``oxigraph load``. Both listen on loopback.
For each workload, ``--clients`` concurrent HTTP clients (asyncio tasks sharing one httpx
client, so at most that many requests in flight) send requests back to back for
``--seconds`` seconds after a short warm-up; every answer is checked to be a 200. It prints
requests per second and the median (p50) and 95th-percentile (p95) latency of:

* a lineage look-up on ``mnpia serve``: ``GET /lineage/{中間サーバー}?direction=both&depth=2``
  (after its first ask the server keeps the answer, :mod:`api.cache`, so this is mostly the
  cost of HTTP and JSON);
* the same look-up asked for the first time: one client, 15 distinct asks (directions up, down
  and both, depths 1 to 5), each walked in the store;
* a SELECT on ``mnpia serve``: ``GET /sparql?query=…`` (SPARQL JSON results);
* the same SELECT on the Oxigraph server: ``GET /query?query=…``;

and the ratio of the two SELECTs; then the two SELECTs again with a single client, for scale.
The clients run on the same machine as the servers (they share its CPUs).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx

from graph.ingestion import ingest_paths
from graph.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))
from servers import free_port, stop_process, wait_until_up

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CHUKAN = "https://w3id.org/mnpia/vocab/national-systems/chukan-server-platform"
SELECT = (
    "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) ?class"
)
RESULTS_JSON = "application/sparql-results+json"


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """What one workload measured."""

    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: tuple[float, ...]

    @property
    def rate(self) -> float:
        """Successful requests per second."""
        return (self.requests - self.errors) / self.seconds

    def percentile(self, q: int) -> float:
        """The ``q``-th percentile latency in ms."""
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[q - 1]


def oxigraph_command() -> str:
    """The ``oxigraph`` program of this environment (the ``oxigraph`` package of the dev extras)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("no oxigraph program: install the dev extras (pip install oxigraph)")
    return found


async def load(
    name: str, url: str, headers: dict[str, str], *, clients: int, timing: tuple[float, float]
) -> Figures:
    """``clients`` concurrent requests to ``url``, back to back, for ``timing`` (seconds measured,
    seconds of warm-up before)."""
    seconds, warmup = timing
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60, headers=headers) as client:
        latencies: list[float] = []
        counts = {"requests": 0, "errors": 0}

        async def worker(until: float, record: bool) -> None:
            while time.perf_counter() < until:
                start = time.perf_counter()
                response = await client.get(url)
                elapsed = (time.perf_counter() - start) * 1000
                if not record:
                    continue
                counts["requests"] += 1
                if response.status_code != 200:
                    counts["errors"] += 1
                else:
                    latencies.append(elapsed)

        warm_until = time.perf_counter() + warmup
        await asyncio.gather(*(worker(warm_until, False) for _ in range(clients)))
        started = time.perf_counter()
        until = started + seconds
        await asyncio.gather(*(worker(until, True) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return Figures(
        name=name,
        requests=counts["requests"],
        errors=counts["errors"],
        seconds=elapsed,
        latencies_ms=tuple(latencies),
    )


def first_asks(name: str, urls: Sequence[str], headers: dict[str, str]) -> Figures:
    """One request to each of ``urls`` in turn (answers no server keeps yet)."""
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    with httpx.Client(timeout=60, headers=headers) as client:
        for url in urls:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                errors += 1
            else:
                latencies.append(elapsed)
    return Figures(
        name=name,
        requests=len(urls),
        errors=errors,
        seconds=time.perf_counter() - started,
        latencies_ms=tuple(latencies),
    )


def rows_of(url: str) -> int:
    """How many solutions a SELECT URL answers (to check both servers answer the same)."""
    response = httpx.get(url, headers={"Accept": RESULTS_JSON}, timeout=60)
    response.raise_for_status()
    return len(response.json()["results"]["bindings"])


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start a server, its output dropped."""
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per workload (10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds (2)")
    args = parser.parse_args(argv)
    texts = sorted(CORPUS.glob("*.txt"))
    if not texts:
        print(f"no texts in {CORPUS}", file=sys.stderr)
        return 1
    servers: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="mnpia-bench-api-") as tmp:
        store_path = Path(tmp) / "store"
        dump = Path(tmp) / "store.nq"
        with open_store(store_path) as store:
            outcomes = list(ingest_paths(store, texts))
            with dump.open("wb") as out:
                store.export(out, fmt="nquads", include_ontology=True)
            quads = store.triple_count()
        oxigraph = oxigraph_command()
        oxigraph_dir = Path(tmp) / "oxigraph"
        subprocess.run(
            [oxigraph, "load", "--location", str(oxigraph_dir), "--file", str(dump)],
            check=True, capture_output=True,
        )  # fmt: skip
        try:
            mnpia_port, oxigraph_port = free_port(), free_port()
            env = {**os.environ, "MNPIA_INGEST_TOKEN": "", "MNPIA_SPARQL_TIMEOUT_S": "30"}
            servers.append(
                start(
                    [sys.executable, "-m", "api", "serve", "--store", str(store_path),
                     "--host", "127.0.0.1", "--port", str(mnpia_port)],
                    env,
                )
            )  # fmt: skip
            servers.append(
                start(
                    [oxigraph, "serve-read-only", "--location", str(oxigraph_dir),
                     "--bind", f"127.0.0.1:{oxigraph_port}", "--union-default-graph"],
                    env,
                )
            )  # fmt: skip
            mnpia = f"http://127.0.0.1:{mnpia_port}"
            raw = f"http://127.0.0.1:{oxigraph_port}"
            wait_until_up(servers[0], mnpia + "/health", "mnpia serve")
            wait_until_up(servers[1], raw + "/query?query=" + quote("ASK {}"), "oxigraph serve")
            mnpia_select = f"{mnpia}/sparql?query={quote(SELECT)}"
            raw_select = f"{raw}/query?query={quote(SELECT)}"
            lineage = f"{mnpia}/lineage/{quote(CHUKAN, safe='')}?direction=both&depth=2"
            asks = [
                f"{mnpia}/lineage/{quote(CHUKAN, safe='')}?direction={direction}&depth={depth}"
                for direction in ("up", "down", "both")
                for depth in range(1, 6)
            ]
            cold = first_asks(
                "mnpia  GET /lineage/{id} first asks (1 client)",
                asks,
                {"Accept": "application/json"},
            )
            same = rows_of(mnpia_select), rows_of(raw_select)
            timing = (args.seconds, args.warmup)
            workloads = [
                ("mnpia  GET /lineage/{id} (both, depth 2)", lineage,
                 {"Accept": "application/json"}),
                ("mnpia  GET /sparql  SELECT", mnpia_select, {"Accept": RESULTS_JSON}),
                ("oxigraph GET /query SELECT", raw_select, {"Accept": RESULTS_JSON}),
            ]  # fmt: skip
            figures = [
                asyncio.run(load(name, url, headers, clients=args.clients, timing=timing))
                for name, url, headers in workloads
            ]
            # For scale: the two SELECTs with one client (no concurrency).
            alone = [
                asyncio.run(load(name + " (1 client)", url, headers, clients=1, timing=timing))
                for name, url, headers in workloads[1:]
            ]
        finally:
            for server in servers:
                stop_process(server)
    print(
        f"HTTP API under load: {len(outcomes)} corpus texts, {quads} quads; "
        f"{args.clients} concurrent clients, {args.seconds:g} s per workload after "
        f"{args.warmup:g} s warm-up; both servers on 127.0.0.1, {os.cpu_count()} CPUs"
    )
    print(f"SELECT: {SELECT}")
    print(f"  rows answered: mnpia {same[0]}, oxigraph {same[1]}")
    head = ("workload", "req/s", "p50 ms", "p95 ms", "requests", "errors")
    print(f"{head[0]:<48} {head[1]:>8} {head[2]:>8} {head[3]:>8} {head[4]:>9} {head[5]:>7}")
    for f in [*figures, cold, *alone]:
        print(
            f"{f.name:<48} {f.rate:>8.1f} {f.percentile(50):>8.2f} {f.percentile(95):>8.2f} "
            f"{f.requests:>9} {f.errors:>7}"
        )
    for what, ours, theirs in (
        (f"{args.clients} clients", figures[1], figures[2]),
        ("1 client", alone[0], alone[1]),
    ):
        print(
            f"SELECT, mnpia / oxigraph, {what}: {ours.rate / theirs.rate:.2f}x the requests "
            f"per second, {ours.percentile(50) / theirs.percentile(50):.2f}x the p50 latency, "
            f"{ours.percentile(95) / theirs.percentile(95):.2f}x the p95 latency"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
