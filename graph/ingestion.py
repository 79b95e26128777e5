"""Ingestion: source files → records → graph → store, one document at a time.

This is the one pipeline that the CLI (``mnpia ingest``) and the HTTP API share. It owns the
outcome of each document; it never prints. A document that cannot be read, or is not an
assessment at all, is reported as failed and nothing of it reaches the store; a damaged but
readable one is ingested with its issues.

With ``jobs`` above 1, :func:`ingest_paths` extracts, maps and serialises documents in worker
processes while this process stays the single writer: each document is still written in one
transaction, in the order the files were given. At most a few documents per worker are in flight,
and an outcome keeps a small :class:`DocumentSummary` rather than the records, so memory stays
flat however many documents a run holds.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pyoxigraph as ox

from graph.mapping import DocumentGraph, records_to_graph
from graph.store import GraphStore
from graph.term import graph_to_quads
from ingest.errors import IngestError, not_an_assessment
from ingest.pipeline import extract_file
from ingest.records import ExtractionResult, IssueCode, Status
from ingest.report import result_to_family_counts

TEXT_SUFFIXES = (".txt",)
"""Suffixes of the files a folder contributes; files named explicitly are read whatever theirs."""

FLUSH_EVERY: Final = 250
"""Documents written between two flushes of the store's write buffers. New documents bypass the
buffers (batches are bulk-loaded); replacements fill them, and without flushes a long re-ingest
lets RocksDB's buffers reach about 2 GiB."""

BATCH_DOCUMENTS: Final = 32
"""Most new documents written in one atomic step (a batch starts at one document and doubles,
so that the first documents are in the store, and reported, at once)."""

BATCH_SECONDS: Final = 2.0
"""A batch waiting this long is written when the next document arrives, however small it is."""

BATCH_QUADS: Final = 400_000
"""Most quads (N-Quads lines) in one batch: well under the million quads Oxigraph's bulk loader
writes in one step, so that a batch is never split."""

IN_FLIGHT_PER_JOB: Final = 4
"""Documents handed to each worker ahead of the writer: enough to keep workers busy, few
enough that memory does not grow with the run."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentSummary:
    """What the ingest report needs of one extraction, without its records."""

    status: Status
    municipality: str | None
    number: str | None
    records: int
    issues: int
    families: tuple[tuple[str, int], ...]
    """Records per family (:data:`ingest.report.FAMILIES` order)."""
    codes: tuple[tuple[IssueCode, int], ...]
    """Issues per code."""


def result_to_summary(result: ExtractionResult) -> DocumentSummary:
    """The summary of one extraction."""
    codes = Counter(found.code for found in result.issues)
    return DocumentSummary(
        status=result.status,
        municipality=result.document.municipality,
        number=result.document.number,
        records=result.record_count(),
        issues=len(result.issues),
        families=result_to_family_counts(result),
        codes=tuple((code, codes[code]) for code in IssueCode if codes[code]),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOutcome:
    """What happened to one source file."""

    path: Path
    result: ExtractionResult | None = None
    """The extraction, when the file could be read (with ``jobs`` above 1, only when asked)."""
    summary: DocumentSummary | None = None
    """The extraction's counts, when the file could be read."""
    triples: int = 0
    """Triples written to the store for this document (0 when it failed)."""
    error: str | None = None
    """One line naming the file and the problem, when the document was not ingested."""

    @property
    def ok(self) -> bool:
        """True when the document is in the store."""
        return self.error is None


@dataclass(frozen=True, slots=True, kw_only=True)
class PreparedDocument:
    """One file made ready for the writer by a worker: the outcome so far and its N-Quads."""

    outcome: IngestOutcome
    graph_name: str | None = None
    nquads: bytes = b""


def paths_to_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their text files (sorted, recursive); keep files as given.

    A path that does not exist is kept, so that reading it reports the problem in its outcome;
    so is a folder that holds no text file.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Broken or looping links are kept (reading them reports the problem); a folder
            # with no text at all is kept too, so that it is reported rather than skipped.
            found = sorted(
                p for p in path.rglob("*") if p.suffix in TEXT_SUFFIXES and not p.is_dir()
            )
            files.extend(found or [path])
        else:
            files.append(path)
    return files


def _extract(path: Path) -> tuple[IngestOutcome, DocumentGraph | None]:
    """Read, extract and map one file: its outcome so far and, when it is ingestible, its graph."""
    try:
        result = extract_file(path)
    except IngestError as error:
        return IngestOutcome(path=path, error=str(error)), None
    except Exception as error:  # a defect must not end a run of thousands
        return IngestOutcome(path=path, error=internal_error(path, error)), None
    summary = result_to_summary(result)
    if result.status is Status.FAILURE:
        failed = IngestOutcome(
            path=path, result=result, summary=summary, error=not_an_assessment(path)
        )
        return failed, None
    try:
        document = records_to_graph(result)
    except Exception as error:  # as above
        failed = IngestOutcome(
            path=path, result=result, summary=summary, error=internal_error(path, error)
        )
        return failed, None
    return IngestOutcome(path=path, result=result, summary=summary), document


def internal_error(path: Path, error: BaseException) -> str:
    """The one line for a document that hit a defect of mnpia (not of the document)."""
    detail = " ".join(str(error).split()) or type(error).__name__
    return f"{path}: internal error ({type(error).__name__}: {detail}); please report it"


def ingest_file(store: GraphStore, path: Path, *, keep_history: bool = False) -> IngestOutcome:
    """Extract one file and replace its assessment's named graph in ``store``.

    With ``keep_history``, the version it replaces stays in the store as a revision.
    """
    outcome, document = _extract(path)
    if document is None:
        return outcome
    triples = store.replace_document(document, keep_history=keep_history)
    return IngestOutcome(path=path, result=outcome.result, summary=outcome.summary, triples=triples)


def prepare_file(path: Path, *, keep_result: bool = False) -> PreparedDocument:
    """Extract, map and serialise one file: a worker's whole share of the work."""
    outcome, document = _extract(path)
    kept = outcome.result if keep_result else None
    if document is None:
        return PreparedDocument(
            outcome=IngestOutcome(
                path=path, result=kept, summary=outcome.summary, error=outcome.error
            )
        )
    graph_name = ox.NamedNode(str(document.graph_name))
    nquads = ox.serialize(graph_to_quads(document.graph, graph_name), format=ox.RdfFormat.N_QUADS)
    return PreparedDocument(
        outcome=IngestOutcome(
            path=path, result=kept, summary=outcome.summary, triples=len(document.graph)
        ),
        graph_name=graph_name.value,
        nquads=nquads or b"",
    )


def _write_prepared(
    store: GraphStore, prepared: PreparedDocument, *, keep_history: bool
) -> IngestOutcome:
    outcome = prepared.outcome
    if not outcome.ok or prepared.graph_name is None:
        return outcome
    triples = store.write_nquads(prepared.graph_name, prepared.nquads, keep_history=keep_history)
    return IngestOutcome(
        path=outcome.path, result=outcome.result, summary=outcome.summary, triples=triples
    )


def _prepared_in_workers(
    files: list[Path], *, jobs: int, keep_results: bool
) -> Iterator[PreparedDocument]:
    """Prepare ``files`` in ``jobs`` worker processes, yielding them in order, few at a time."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    window = jobs * IN_FLIGHT_PER_JOB
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: deque[Future[PreparedDocument]] = deque()
        queue = iter(files)
        try:
            for path in queue:
                pending.append(pool.submit(prepare_file, path, keep_result=keep_results))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def ingest_paths(
    store: GraphStore,
    paths: Iterable[Path],
    *,
    jobs: int = 1,
    keep_history: bool = False,
    keep_results: bool = True,
) -> Iterator[IngestOutcome]:
    """Ingest every file of ``paths`` (folders expanded), yielding one outcome per file, in order.

    The ontology and vocabularies are (re)loaded into their own named graph first, so that
    queries can read the labels of national systems, laws and other concepts.

    Args:
        store: Where the documents go; this process is its only writer.
        paths: Files and folders.
        jobs: Worker processes that extract, map and serialise (1: all in this process).
        keep_history: Keep the version each document replaces as a revision.
        keep_results: With ``jobs`` above 1, send each extraction's records back in its
            outcome (they cost memory and time; the summary always comes back).
    """
    if jobs < 1:
        msg = f"jobs must be at least 1, not {jobs}"
        raise ValueError(msg)
    store.ensure_ontology()
    files = paths_to_files(paths)
    prepared: Iterable[PreparedDocument]
    if jobs == 1 or len(files) < 2:
        prepared = (prepare_file(path, keep_result=True) for path in files)
    else:
        prepared = _prepared_in_workers(files, jobs=jobs, keep_results=keep_results)
    written = 0
    for outcome in _write_all(store, prepared, keep_history=keep_history):
        yield outcome
        written += outcome.ok
        if outcome.ok and written % FLUSH_EVERY == 0:
            store.flush()


def _write_all(
    store: GraphStore, documents: Iterable[PreparedDocument], *, keep_history: bool
) -> Iterator[IngestOutcome]:
    """Write prepared documents in order, yielding each outcome once the store holds it.

    Documents the store does not hold yet are gathered into batches written in one atomic step
    (:meth:`GraphStore.add_new_documents`); a document that replaces a graph is written alone,
    after the batch before it. Outcomes keep the order of ``documents``.
    """
    batch = _Batch()
    for document in documents:
        outcome = document.outcome
        if not outcome.ok or document.graph_name is None:
            batch.held.append(outcome)  # a failure: reported in its place, after the batch
            if not batch.documents:
                yield from batch.drain()
            continue
        target = document.graph_name
        if target in batch.names or store.holds_graph(target):
            yield from batch.write(store)
            yield _write_prepared(store, document, keep_history=keep_history)
            continue
        batch.add(document)
        if batch.full():
            yield from batch.write(store)
    yield from batch.write(store)


class _Batch:
    """New documents waiting to be written together, and the outcomes held behind them."""

    def __init__(self) -> None:
        self.documents: list[PreparedDocument] = []
        self.names: set[str] = set()
        self.held: list[IngestOutcome] = []
        self.limit = 1
        self.quads = 0
        self.started = 0.0

    def add(self, document: PreparedDocument) -> None:
        if not self.documents:
            self.started = time.monotonic()
        self.documents.append(document)
        self.names.add(str(document.graph_name))
        self.held.append(document.outcome)
        self.quads += document.nquads.count(b"\n")

    def full(self) -> bool:
        return (
            len(self.documents) >= self.limit
            or self.quads >= BATCH_QUADS
            or time.monotonic() - self.started >= BATCH_SECONDS
        )

    def write(self, store: GraphStore) -> Iterator[IngestOutcome]:
        if self.documents:
            store.add_new_documents([(str(d.graph_name), d.nquads) for d in self.documents])
            self.limit = min(self.limit * 2, BATCH_DOCUMENTS)
            self.documents, self.names, self.quads = [], set(), 0
        return self.drain()

    def drain(self) -> Iterator[IngestOutcome]:
        held, self.held = self.held, []
        return iter(held)
