"""Benchmark: the lineage, impact and path answers, pyoxigraph against rdflib, corpus and synthetic.

Run with ``.venv/bin/python benchmarks/bench_lineage.py`` (``--quick`` for 50 synthetic
assessments instead of 1,000, ``--n`` for another number). Prints figures; asserts nothing
(speed is measured, not tested).

Two graphs are measured: the corpus (the five texts) and ``N`` synthetic assessments derived from
it (:mod:`synthetic`: the corpus records renamed to synthetic municipalities and renumbered). Each
is loaded twice, with the same quads: into an on-disk pyoxigraph store in a temporary folder (the
project's own :func:`graph.store.open_store`, ``replace_document`` per assessment and
``ensure_ontology``; above ``--replace-max`` assessments the assessment graphs are written with
pyoxigraph's ``bulk_extend`` instead, which the output says, because ``replace_document`` costs
about 0.3 s per assessment), and into an in-memory :class:`rdflib.Dataset` whose default graph is
the union of its named graphs, as the store's is.

What is timed is what ``mnpia lineage``, ``mnpia impact`` and ``mnpia path`` run
(``api/lineage_cli.py``). ``lineage`` and ``path`` walk the store a frontier at a time
(:mod:`queries.neighbourhood`: small indexed queries, timed end to end on both engines, rdflib
through an adapter that hands the walk pyoxigraph-shaped answers); the whole projection below is
what ``mnpia hubs`` and ``blast`` and the HTTP API build:

- ``impact`` runs the named query ``legal_basis_impact`` for the provision the CLI resolves
  番号法第19条第8号 to;
- ``lineage`` and ``path`` project the store onto networkx (``store_to_networkx``: the named
  queries ``lineage_nodes`` and ``lineage_edges``) and then walk the graph in networkx
  (``queries.analytics.lineage``, ``path_between``). The SPARQL is timed on both engines; the
  networkx part, which is the same whichever engine fed it, is timed once, on the projection
  built from pyoxigraph's answers;
- the named queries ``downstream_lineage`` and ``upstream_lineage``, the SPARQL form of the same
  lineage answer (``mnpia query``), are timed on both engines too.

Every query is the text the CLI runs: the named query with its parameters bound as a VALUES
block (:func:`queries.catalog.bind_params`, :func:`queries.catalog.bound_text`); pyoxigraph answers
through :meth:`graph.store.Store.query` and its rows are materialised as the CLI does
(:func:`queries.table.solutions_to_table`), rdflib through ``Dataset.query`` with its rows
materialised as strings. A run that exceeds ``--timeout`` is stopped (pyoxigraph runs in a worker
process that is killed; rdflib is interrupted by a timer signal) and reported as ``>…``; after the
first run, more runs (up to ``--reps``) are made only while the query's time stays within
``--budget``, and the number of runs is printed when it is fewer. The first run is a warm-up and
is not counted when it is shorter than 0.5 s. The pyoxigraph worker is also stopped when it holds
more than ``--max-worker-gib`` of memory (reported as ``>8 GiB``), and a query that failed on an
engine on the corpus is not run on it again on the synthetic graph. The defaults (5 runs, 30 s
timeout, 15 s budget) keep the default run (1,000 assessments) near ten minutes on two cores;
the rdflib graph of 1,000 assessments takes about 5 GiB.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import resource
import shutil
import signal
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, URIRef
from synthetic import corpus_results, synthetic_results

from graph import iri
from graph.mapping import DocumentGraph, records_to_graph
from graph.store import Store, open_store
from graph.term import graph_to_quads
from ingest.records import ExtractionResult
from queries.analytics import lineage, path_between
from queries.catalog import bind_params, bound_text, load_query
from queries.entity import find_entity
from queries.legal import text_to_provisions
from queries.neighbourhood import store_lineage, store_path
from queries.projection import node_data, tables_to_networkx
from queries.table import QueryableStore, QueryTable, solutions_to_table

WARM_UP = 0.5
"""A first run shorter than this (seconds) is a warm-up and is not counted."""

VOCAB = "https://w3id.org/mnpia/vocab/"
DATA_SUBJECT = "本人又は本人の代理人"
"""Start of the downstream lineage: the 入手元 category of the residents themselves (in every
template with a Ⅱ 3; no system has a downstream in most templates)."""
GOVERNMENT_CLOUD = "ガバメントクラウド"
"""Start of the upstream lineage and end of the path: the national system every template with a
cover stores its files at (the coverless fragment of the corpus does not name it)."""
PROVISION = "番号法第19条第8号"
DEPTH = "3"
"""The default depth of ``mnpia lineage`` and of the lineage queries."""


# ---------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Timing:
    """The runs of one query on one engine: seconds per counted run, rows, or why it stopped."""

    seconds: list[float] = field(default_factory=list)
    rows: int | None = None
    timed_out: float | None = None
    """The timeout a run exceeded, when one did."""
    error: str | None = None
    skipped: str | None = None
    """Why the query was not run on this engine."""
    too_big: float | None = None
    """The memory limit (GiB) the pyoxigraph worker passed, when it did."""
    table: QueryTable | None = None

    @property
    def ok(self) -> bool:
        stopped = (self.timed_out, self.too_big, self.error, self.skipped)
        return bool(self.seconds) and all(reason is None for reason in stopped)

    @property
    def failed(self) -> bool:
        """Whether the query failed on this engine (an error, or a skip after one)."""
        return self.error is not None or self.skipped is not None

    def p(self, q: float) -> float:
        """The ``q`` quantile (nearest rank) of the counted runs."""
        ordered = sorted(self.seconds)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def measure(
    run: Callable[[], QueryTable], *, reps: int, budget: float, keep_table: bool = False
) -> Timing:
    """Run ``run`` once, then again up to ``reps`` counted runs while within ``budget`` seconds."""
    timing = Timing()
    start = time.perf_counter()
    table = run()
    first = time.perf_counter() - start
    timing.rows = len(table.rows)
    if first >= WARM_UP:
        timing.seconds.append(first)
    spent = first
    while len(timing.seconds) < reps:
        last = timing.seconds[-1] if timing.seconds else first
        if timing.seconds and spent + last > budget:
            break
        start = time.perf_counter()
        run()
        elapsed = time.perf_counter() - start
        timing.seconds.append(elapsed)
        spent += elapsed
    if keep_table:
        timing.table = table
    return timing


class RunTimeoutError(Exception):
    """A run of an rdflib query took longer than the timeout."""


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`RunTimeoutError` in this (main) thread after ``seconds``."""

    def ring(_signum: int, _frame: FrameType | None) -> None:
        raise RunTimeoutError

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def rdflib_table(ds: Dataset, text: str) -> QueryTable:
    """An rdflib answer materialised as the CLI materialises pyoxigraph's: cells as strings."""
    result = ds.query(text)
    columns = tuple(str(v) for v in result.vars or ())
    rows = tuple(
        tuple(None if cell is None else str(cell) for cell in row)  # type: ignore[union-attr]
        for row in result
    )
    return QueryTable(columns=columns, rows=rows)


def time_stopped(
    call: Callable[[], QueryTable], *, reps: int, budget: float, timeout: float
) -> Timing:
    """Time ``call`` in this process, each run stopped after ``timeout`` seconds."""

    def run() -> QueryTable:
        with alarm(timeout):
            return call()

    try:
        return measure(run, reps=reps, budget=budget)
    except RunTimeoutError:
        return Timing(timed_out=timeout)
    except Exception as error:
        return Timing(error=f"{type(error).__name__}: {error}")


def time_rdflib(ds: Dataset, text: str, *, reps: int, budget: float, timeout: float) -> Timing:
    """Time one query on rdflib, each run stopped after ``timeout`` seconds."""
    return time_stopped(partial(rdflib_table, ds, text), reps=reps, budget=budget, timeout=timeout)


def oxigraph_table(store: Store, text: str) -> QueryTable:
    """A pyoxigraph answer materialised as the CLI does it (:func:`queries.table.run_query`)."""
    answer = store.query(text)
    if not isinstance(answer, ox.QuerySolutions):
        msg = "not a SELECT query"
        raise TypeError(msg)
    return solutions_to_table(answer)


def _oxigraph_worker(path: str, conn: Connection) -> None:
    """Answer timing jobs ``(text, reps, budget, keep_table)`` on the store at ``path``."""
    store = open_store(Path(path), read_only=True)
    while True:
        job = conn.recv()
        if job is None:
            break
        text, reps, budget, keep = job
        try:
            timing = measure(
                lambda text=text: oxigraph_table(store, text),  # type: ignore[misc]
                reps=reps,
                budget=budget,
                keep_table=keep,
            )
        except Exception as error:
            timing = Timing(error=f"{type(error).__name__}: {error}")
        conn.send(timing)
    store.close()


def resident_gib(pid: int) -> float:
    """The resident memory of process ``pid`` in GiB (0 when it cannot be read)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * resource.getpagesize() / 2**30


class OxigraphTimer:
    """Times queries on a closed on-disk store in a worker process, killed when a run is too
    long (pyoxigraph does not return to Python while it evaluates, so no signal can stop it)."""

    def __init__(self, path: Path, *, max_gib: float) -> None:
        self._path = path
        self._max_gib = max_gib
        self._ctx = mp.get_context("spawn")
        self._proc: Any = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._conn is None:
            parent, child = self._ctx.Pipe()
            self._proc = self._ctx.Process(
                target=_oxigraph_worker, args=(str(self._path), child), daemon=True
            )
            self._proc.start()
            child.close()
            self._conn = parent
        return self._conn

    def time(
        self, text: str, *, reps: int, budget: float, timeout: float, keep_table: bool = False
    ) -> Timing:
        conn = self._start()
        conn.send((text, reps, budget, keep_table))
        deadline = time.monotonic() + timeout + budget + 10
        while time.monotonic() < deadline:
            if conn.poll(0.5):
                timing: Timing = conn.recv()
                return timing
            if resident_gib(self._proc.pid) > self._max_gib:
                self._stop(kill=True)
                return Timing(too_big=self._max_gib)
        self._stop(kill=True)
        return Timing(timed_out=timeout)

    def _stop(self, *, kill: bool) -> None:
        if self._conn is not None:
            if not kill:
                self._conn.send(None)
            self._conn.close()
        if self._proc is not None:
            if kill:
                self._proc.kill()
            self._proc.join(timeout=30)
        self._proc, self._conn = None, None

    def close(self) -> None:
        self._stop(kill=False)


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Loaded:
    """The two stores of one graph and what loading them cost."""

    label: str
    assessments: int
    store_path: Path
    dataset: Dataset
    build_s: float = 0.0
    oxigraph_s: float = 0.0
    rdflib_s: float = 0.0
    oxigraph_quads: int = 0
    rdflib_quads: int = 0
    replaced: bool = True
    """Whether every assessment was written with ``replace_document`` (else ``bulk_extend``)."""


def load(label: str, results: Iterable[ExtractionResult], folder: Path, *, replace: bool) -> Loaded:
    """Build each assessment's graph and write it to both stores, one at a time."""
    dataset = Dataset()
    dataset.default_union = True
    loaded = Loaded(
        label=label, assessments=0, store_path=folder / "store", dataset=dataset, replaced=replace
    )
    bulk: ox.Store | None = None if replace else ox.Store(str(loaded.store_path))
    store: Store | None = open_store(loaded.store_path) if replace else None
    for result in results:
        start = time.perf_counter()
        doc = records_to_graph(result)
        loaded.build_s += time.perf_counter() - start
        start = time.perf_counter()
        if store is not None:
            store.replace_document(doc)
        elif bulk is not None:
            bulk.bulk_extend(graph_to_quads(doc.graph, ox.NamedNode(str(doc.graph_name))))
        loaded.oxigraph_s += time.perf_counter() - start
        start = time.perf_counter()
        add_to_dataset(dataset, doc)
        loaded.rdflib_s += time.perf_counter() - start
        loaded.assessments += 1
    start = time.perf_counter()
    if bulk is not None:
        bulk.flush()
        del bulk
        store = open_store(loaded.store_path)
    assert store is not None
    store.ensure_ontology()
    loaded.oxigraph_quads = store.triple_count()
    ontology = store.document_graph(iri.ONTOLOGY_GRAPH)
    store.close()
    loaded.oxigraph_s += time.perf_counter() - start
    start = time.perf_counter()
    context = dataset.graph(URIRef(str(iri.ONTOLOGY_GRAPH)))
    for triple in ontology:
        context.add(triple)
    loaded.rdflib_s += time.perf_counter() - start
    loaded.rdflib_quads = sum(len(g) for g in dataset.graphs())
    return loaded


def add_to_dataset(dataset: Dataset, doc: DocumentGraph) -> None:
    """The triples of one assessment as the named graph of the same name."""
    context = dataset.graph(doc.graph_name)
    for triple in doc.graph:
        context.add(triple)


# ---------------------------------------------------------------------------------------------
# The questions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A named query as the CLI runs it, and the answer it feeds."""

    key: str
    query: str
    params: dict[str, str]
    feeds: str

    def text(self) -> str:
        named = load_query(self.query)
        return bound_text(named, bind_params(named, self.params))


def questions() -> list[Question]:
    """The SPARQL behind ``mnpia lineage``, ``impact`` and ``path``, and the lineage queries."""
    provisions = text_to_provisions(PROVISION)
    return [
        Question(key="nodes", query="lineage_nodes", params={}, feeds="lineage, path (projection)"),
        Question(key="edges", query="lineage_edges", params={}, feeds="lineage, path (projection)"),
        *(
            Question(
                key="impact",
                query="legal_basis_impact",
                params={"provision": p.iri},
                feeds=f"impact {PROVISION}",
            )
            for p in provisions
        ),
        Question(
            key="down",
            query="downstream_lineage",
            params={"start": VOCAB + "source-categories/data-subject", "depth": DEPTH},
            feeds=f"query: ↓ of {DATA_SUBJECT}",
        ),
        Question(
            key="up",
            query="upstream_lineage",
            params={"start": VOCAB + "national-systems/government-cloud", "depth": DEPTH},
            feeds=f"query: ↑ of {GOVERNMENT_CLOUD}",
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    """A duration, to three significant figures.

    >>> fmt_s(0.01234), fmt_s(2.5), fmt_s(0.000042)
    ('12.3 ms', '2.50 s', '0.042 ms')
    """
    if seconds >= 1:
        return f"{seconds:.2f} s"
    ms = seconds * 1000
    if ms >= 1:
        return f"{ms:.3g} ms" if ms < 100 else f"{ms:.0f} ms"
    return f"{ms:.2g} ms" if ms >= 0.1 else f"{ms:.3f} ms"


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (wide Japanese characters count two).

    >>> pad("番号法", 8) + "|", pad("ab", 4, right=True)
    ('番号法  |', '  ab')
    """
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    fill = " " * max(0, width - shown)
    return fill + text if right else text + fill


def cell(timing: Timing, q: float) -> str:
    if timing.skipped is not None:
        return "skipped"
    if timing.timed_out is not None:
        return f">{timing.timed_out:.0f} s"
    if timing.too_big is not None:
        return f">{timing.too_big:g} GiB"
    if timing.error is not None:
        return "error"
    return fmt_s(timing.p(q))


def runs(timing: Timing, reps: int) -> str:
    return str(len(timing.seconds)) if timing.ok and len(timing.seconds) < reps else ""


def ratio(ox_timing: Timing, rdf_timing: Timing) -> str:
    if not ox_timing.ok:
        return "n/a"
    if rdf_timing.timed_out is not None:
        return f">{rdf_timing.timed_out / ox_timing.p(0.5):.0f}×"
    if not rdf_timing.ok:
        return "n/a"
    return f"{rdf_timing.p(0.5) / ox_timing.p(0.5):.1f}×"


def print_load(loaded: Loaded) -> None:
    how = "replace_document" if loaded.replaced else "bulk_extend (not replace_document)"
    per = max(1, loaded.assessments)
    for what, seconds, quads, note in (
        ("records_to_graph", loaded.build_s, None, ""),
        ("pyoxigraph load", loaded.oxigraph_s, loaded.oxigraph_quads, f"{how} + ensure_ontology"),
        ("rdflib load", loaded.rdflib_s, loaded.rdflib_quads, "Dataset in memory"),
    ):
        count = "" if quads is None else f"{quads:>10,} quads  ({note})"
        print(f"  {what:<18} {fmt_s(seconds):>9}  {fmt_s(seconds / per):>9}/assessment  {count}")
    if loaded.oxigraph_quads != loaded.rdflib_quads:
        print(
            f"  WARNING: quad counts differ: pyoxigraph {loaded.oxigraph_quads:,}, "
            f"rdflib {loaded.rdflib_quads:,}"
        )


def print_queries(
    asked: Sequence[Question], timings: dict[str, tuple[Timing, Timing]], reps: int
) -> None:
    head = (
        f"  {'query':<20} {'answer it feeds':<32} {'rows':>6} │ {'oxi p50':>9} {'p95':>9} {'n':>2}"
        f" │ {'rdflib p50':>10} {'p95':>9} {'n':>2} │ {'rdflib/oxi':>10}"
    )
    print(head)
    print("  " + "─" * (len(head) - 2))
    for question in asked:
        oxt, rdt = timings[question.key]
        rows = oxt.rows if oxt.rows is not None else rdt.rows
        print(
            f"  {question.query:<20} {pad(question.feeds, 32)} {'' if rows is None else rows:>6} │ "
            f"{cell(oxt, 0.5):>9} {cell(oxt, 0.95):>9} {runs(oxt, reps):>2} │ "
            f"{cell(rdt, 0.5):>10} {cell(rdt, 0.95):>9} {runs(rdt, reps):>2} │ "
            f"{ratio(oxt, rdt):>10}"
        )
    for question in asked:
        oxt, rdt = timings[question.key]
        for engine, timing in (("pyoxigraph", oxt), ("rdflib", rdt)):
            if timing.error is not None:
                print(f"  {question.query} on {engine}: {timing.error[:160]}")
            elif timing.skipped is not None:
                print(f"  {question.query} on {engine}: skipped, {timing.skipped}")
            elif timing.too_big is not None:
                print(
                    f"  {question.query} on {engine}: stopped when its worker passed "
                    f"{timing.too_big:g} GiB of memory"
                )
        if oxt.rows is not None and rdt.rows is not None and oxt.rows != rdt.rows:
            print(
                f"  WARNING: {question.query}: pyoxigraph {oxt.rows} rows, rdflib {rdt.rows} rows"
            )


# ---------------------------------------------------------------------------------------------
# networkx
# ---------------------------------------------------------------------------------------------


def time_call(call: Callable[[], object], reps: int) -> Timing:
    call()
    timing = Timing()
    for _ in range(reps):
        start = time.perf_counter()
        call()
        timing.seconds.append(time.perf_counter() - start)
    return timing


def file_pair(graph: nx.MultiDiGraph) -> tuple[str, str] | None:
    """Two files of assessments of different municipalities (the first and last by IRI)."""
    files = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "file")
    if not files:
        return None
    first = files[0]
    where = set(node_data(graph, first).municipalities)
    for other in reversed(files):
        there = set(node_data(graph, other).municipalities)
        if there and where and not there & where:
            return first, other
    return None


def networkx_steps(
    nodes: QueryTable, edges: QueryTable, reps: int
) -> list[tuple[str, str, Timing]]:
    """Time the networkx side of ``mnpia lineage`` and ``mnpia path`` on a projection."""
    steps: list[tuple[str, str, Timing]] = []
    build = time_call(lambda: tables_to_networkx(nodes, edges), reps)
    steps.append(("build projection", "tables_to_networkx", build))
    graph = tables_to_networkx(nodes, edges)
    described = bool(nodes.rows)
    starts = (DATA_SUBJECT, GOVERNMENT_CLOUD)
    if described:
        steps.append(
            (
                "find_entity ×2",
                f"{DATA_SUBJECT}, {GOVERNMENT_CLOUD}",
                time_call(lambda: [find_entity(graph, n) for n in starts], reps),
            )
        )
        subject, cloud = find_entity(graph, DATA_SUBJECT), find_entity(graph, GOVERNMENT_CLOUD)
    else:
        subject = VOCAB + "source-categories/data-subject"
        cloud = VOCAB + "national-systems/government-cloud"
    depth = int(DEPTH)
    if subject in graph:
        down = lineage(graph, subject, direction="down", depth=depth)
        steps.append(
            (
                "lineage ↓",
                f"{len(down.nodes)} nodes, {len(down.edges)} edges",
                time_call(lambda: lineage(graph, subject, direction="down", depth=depth), reps),
            )
        )
    if cloud in graph:
        up = lineage(graph, cloud, direction="up", depth=depth)
        steps.append(
            (
                "lineage ↑",
                f"{len(up.nodes)} nodes, {len(up.edges)} edges",
                time_call(lambda: lineage(graph, cloud, direction="up", depth=depth), reps),
            )
        )
    if subject in graph and cloud in graph:
        found = path_between(graph, subject, cloud)
        hops = "no path" if found is None else f"{len(found.hops)} hops, directed={found.directed}"
        timing = time_call(lambda: path_between(graph, subject, cloud), reps)
        steps.append(("path subject→cloud", hops, timing))
    pair = file_pair(graph) if described else None
    if pair is not None:
        a, b = pair
        found = path_between(graph, a, b)
        hops = "no path" if found is None else f"{len(found.hops)} hops, directed={found.directed}"
        steps.append(("path file→file", hops, time_call(lambda: path_between(graph, a, b), reps)))
    return steps


def print_networkx(
    steps: list[tuple[str, str, Timing]],
    timings: dict[str, tuple[Timing, Timing]],
    *,
    nodes_missing: bool,
) -> None:
    print(
        "  networkx side of `mnpia lineage` / `mnpia path` (same whichever engine fed it; "
        "timed on pyoxigraph's projection)"
    )
    if nodes_missing:
        print(
            "  (lineage_nodes did not finish on pyoxigraph: the projection is built from "
            "lineage_edges alone, nodes unlabelled; find_entity and file→file path skipped)"
        )
    for name, what, timing in steps:
        p50, p95 = fmt_s(timing.p(0.5)), fmt_s(timing.p(0.95))
        print(f"    {name:<20} {pad(what, 44)} p50 {p50:>9}  p95 {p95:>9}")
    by_name = {name: timing for name, _what, timing in steps}
    print(
        "  answers through the whole projection (sum of p50s; how `mnpia hubs` and `blast` and the"
        " HTTP API get their graph; `lineage` and `path` walk instead, above):"
    )
    for answer, parts in (
        ("mnpia lineage ↓", ("build projection", "find_entity ×2", "lineage ↓")),
        ("mnpia lineage ↑", ("build projection", "find_entity ×2", "lineage ↑")),
        ("mnpia path", ("build projection", "find_entity ×2", "path subject→cloud")),
    ):
        local = sum(by_name[p].p(0.5) for p in parts if p in by_name)
        sums: list[str] = []
        totals: list[float | None] = []
        for engine in (0, 1):
            sparql = [timings["nodes"][engine], timings["edges"][engine]]
            if all(t.ok for t in sparql):
                total = local + sum(t.p(0.5) for t in sparql)
                totals.append(total)
                sums.append(fmt_s(total))
            else:
                totals.append(None)
                bad = next(t for t in sparql if not t.ok)
                sums.append("n/a" if bad.failed else cell(bad, 0.5))
        oxi_total, rdf_total = totals
        shown = f"{rdf_total / oxi_total:.1f}×" if oxi_total and rdf_total is not None else "n/a"
        print(
            f"    {answer:<20} pyoxigraph {sums[0]:>9}   rdflib {sums[1]:>9}   rdflib/oxi {shown}"
        )
    impact = timings.get("impact")
    if impact is not None:
        print(
            f"    {'mnpia impact':<20} pyoxigraph {cell(impact[0], 0.5):>9}   rdflib "
            f"{cell(impact[1], 0.5):>9}   rdflib/oxi {ratio(*impact)}"
        )


# ---------------------------------------------------------------------------------------------
# The walk in the store (what `mnpia lineage` and `mnpia path` run)
# ---------------------------------------------------------------------------------------------


FIRST_FILE = """
SELECT ?f WHERE {
  GRAPH ?g { ?f a ?class FILTER(?class = <https://w3id.org/mnpia/ontology#InformationFile>) }
}
ORDER BY ?f LIMIT 1
"""


class RdflibQueryable:
    """An rdflib Dataset answering as pyoxigraph does (SPARQL JSON results parsed back), so the
    walk of :mod:`queries.neighbourhood` runs on it unchanged."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def query(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        data = self.dataset.query(sparql).serialize(format="json")
        assert isinstance(data, bytes)
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)


def time_walk(call: Callable[[], object], *, reps: int, budget: float, timeout: float) -> Timing:
    """Time ``call`` (a walk), each run stopped after ``timeout`` seconds."""

    def run() -> QueryTable:
        call()
        return QueryTable(columns=(), rows=())

    return time_stopped(run, reps=reps, budget=budget, timeout=timeout)


def walked_answers(
    loaded: Loaded, args: argparse.Namespace
) -> list[tuple[str, str, Timing, Timing]]:
    """Time ``store_lineage`` and ``store_path`` on pyoxigraph and on rdflib, same walk."""
    rows: list[tuple[str, str, Timing, Timing]] = []
    with open_store(loaded.store_path, read_only=True) as store:
        engines: tuple[QueryableStore, QueryableStore] = (store, RdflibQueryable(loaded.dataset))
        subject = VOCAB + "source-categories/data-subject"
        cloud = VOCAB + "national-systems/government-cloud"
        answer = store.query(FIRST_FILE)
        files = [row["f"].value for row in answer] if isinstance(answer, ox.QuerySolutions) else []
        depth = int(DEPTH)
        cases: list[tuple[str, Callable[[QueryableStore], object], Callable[[object], str]]] = []
        if files:
            first = files[0]
            cases.append(
                ("lineage ↓ of a file", lambda s: store_lineage(s, first, depth=depth), _nodes)
            )
            cases.append(
                (
                    "lineage ↑ of a file",
                    lambda s: store_lineage(s, first, direction="up", depth=depth),
                    _nodes,
                )
            )
            cases.append(("path file → cloud", lambda s: store_path(s, first, cloud), _hops))
        cases.append(
            (f"lineage ↓ {DATA_SUBJECT}", lambda s: store_lineage(s, subject, depth=depth), _nodes)
        )
        cases.append(
            (
                f"lineage ↑ {GOVERNMENT_CLOUD}",
                lambda s: store_lineage(s, cloud, direction="up", depth=depth),
                _nodes,
            )
        )
        cases.append(("path subject → cloud", lambda s: store_path(s, subject, cloud), _hops))
        for name, call, what in cases:
            try:
                shown = what(call(store))
            except Exception as error:  # an unknown start on a small graph
                shown = f"{type(error).__name__}"
            timings = [
                time_walk(
                    partial(call, engine), reps=args.reps, budget=args.budget, timeout=args.timeout
                )
                for engine in engines
            ]
            rows.append((name, shown, timings[0], timings[1]))
    return rows


def _nodes(walked: object) -> str:
    answer = getattr(walked, "answer", None)
    if answer is None:
        return "—"
    cut = answer.truncation
    more = f", {cut.left_out} left out" if cut.truncated else ""
    return f"{len(answer.nodes)} nodes, {len(answer.edges)} edges{more}"


def _hops(walked: object) -> str:
    answer = getattr(walked, "answer", None)
    return "no path" if answer is None else f"{len(answer.hops)} hops, directed={answer.directed}"


def print_walked(rows: list[tuple[str, str, Timing, Timing]], reps: int) -> None:
    print(
        "  walked in the store (queries.neighbourhood: what `mnpia lineage` and `mnpia path` run; "
        "p50 / p95 of the whole answer)"
    )
    for name, what, oxt, rdt in rows:
        print(
            f"    {pad(name, 26)} {pad(what, 34)} pyoxigraph {cell(oxt, 0.5):>9} / "
            f"{cell(oxt, 0.95):>9}"
            f"   rdflib {cell(rdt, 0.5):>9} / {cell(rdt, 0.95):>9}   rdflib/oxi {ratio(oxt, rdt)}"
        )


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def bench(
    label: str,
    results: Iterable[ExtractionResult],
    args: argparse.Namespace,
    *,
    replace: bool,
    before: dict[str, tuple[Timing, Timing]] | None = None,
) -> dict[str, tuple[Timing, Timing]]:
    """Load, time and print one graph; a query that failed on an engine ``before`` (on a
    smaller graph) is not run on it again. Returns the timings."""
    print()
    print(f"== {label} ==")
    folder = Path(tempfile.mkdtemp(prefix="mnpia-bench-", dir=args.tmp))
    try:
        loaded = load(label, results, folder, replace=replace)
        print_load(loaded)
        asked = questions()
        timings: dict[str, tuple[Timing, Timing]] = {}
        timer = OxigraphTimer(loaded.store_path, max_gib=args.max_worker_gib)
        try:
            for question in asked:
                text = question.text()
                failed = [t.failed for t in (before or {}).get(question.key, (Timing(), Timing()))]
                why = "it failed on the smaller graph"
                oxt = (
                    Timing(skipped=why)
                    if failed[0]
                    else timer.time(
                        text,
                        reps=args.reps,
                        budget=args.budget,
                        timeout=args.timeout,
                        keep_table=question.key in ("nodes", "edges"),
                    )
                )
                rdt = (
                    Timing(skipped=why)
                    if failed[1]
                    else time_rdflib(
                        loaded.dataset,
                        text,
                        reps=args.reps,
                        budget=args.budget,
                        timeout=args.timeout,
                    )
                )
                timings[question.key] = (oxt, rdt)
        finally:
            timer.close()
        print(
            f"  SPARQL: p50 and p95 (nearest rank) of {args.reps} runs, n when fewer fitted in "
            f"{args.budget:g} s; a run is stopped after {args.timeout:g} s"
        )
        print_queries(asked, timings, args.reps)
        print_walked(walked_answers(loaded, args), args.reps)
        loaded.dataset = Dataset()  # free the rdflib graph before the networkx part
        nodes, edges = timings["nodes"][0].table, timings["edges"][0].table
        if edges is None:
            print("  networkx: lineage_edges did not finish on pyoxigraph, nothing to project")
            return timings
        missing = nodes is None
        if nodes is None:
            nodes = QueryTable(columns=edges.columns, rows=())
        steps = networkx_steps(nodes, edges, args.reps)
        print_networkx(steps, timings, nodes_missing=missing)
        return timings
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1000, help="synthetic assessments (1000)")
    parser.add_argument("--quick", action="store_true", help="50 synthetic assessments")
    parser.add_argument("--reps", type=int, default=5, help="counted runs per query (5)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus (0)")
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="stop a single run after this many s (30)"
    )
    parser.add_argument(
        "--budget", type=float, default=15.0, help="more runs only while within this many s (15)"
    )
    parser.add_argument(
        "--max-worker-gib",
        type=float,
        default=8.0,
        help="stop the pyoxigraph worker when it holds more memory than this (8 GiB)",
    )
    parser.add_argument(
        "--replace-max",
        type=int,
        default=200,
        help="write with replace_document up to this many assessments, bulk_extend above (200)",
    )
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the temporary stores")
    args = parser.parse_args(argv)
    if args.quick:
        args.n = 50
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    start = time.perf_counter()
    templates = corpus_results()
    extract_s = time.perf_counter() - start
    print(
        f"lineage / impact / path: pyoxigraph (on disk) against rdflib (in memory); "
        f"corpus extracted once in {fmt_s(extract_s)}"
    )
    print(
        f"lineage ↓ from {DATA_SUBJECT}, ↑ from {GOVERNMENT_CLOUD}, depth {DEPTH}; "
        f"impact of {PROVISION}; path {DATA_SUBJECT} → {GOVERNMENT_CLOUD}"
    )
    corpus = bench(
        f"corpus: {len(templates)} assessments",
        templates,
        args,
        replace=True,
    )
    bench(
        f"synthetic: {args.n:,} assessments from the {len(templates)} corpus texts "
        f"(seed {args.seed})",
        synthetic_results(templates, args.n, seed=args.seed),
        args,
        replace=args.n <= args.replace_max,
        before=corpus,
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print()
    print(
        f"total {fmt_s(time.perf_counter() - began)}; peak memory {peak:,.0f} MiB "
        f"(pyoxigraph workers {workers:,.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
