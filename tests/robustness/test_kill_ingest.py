"""SIGKILL a real ``mnpia ingest`` in the middle of its run, then look at the store it left.

The store must open, every assessment graph in it must be whole (quad for quad the graph of its
source ingested alone into a fresh store), no document the command reported as done may be lost,
and running the ingest again must complete and give the store an uninterrupted run gives.

The command's progress bar (forced on for a pipe by rich's ``TTY_COMPATIBLE`` and
``TTY_INTERACTIVE``) says how many documents are done, so each kill lands after a chosen
number of documents were written: the store itself cannot be watched, its writer locks it.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from robustness_helpers import (
    EXIT_OK,
    MNPIA,
    REPO,
    Snapshot,
    graph_nquads,
    leftover_graphs,
    mnpia_env,
    progress_counts,
    run_mnpia,
    snapshot,
)

from graph.ingestion import ingest_file
from graph.store import open_store

DOCUMENTS = 16
"""Enough synthetic texts that an ingest runs for a few seconds."""


@dataclass(frozen=True, slots=True)
class Corpus:
    """The texts, and the store an uninterrupted run makes of them."""

    folder: Path
    complete: Path
    reference: Snapshot
    graphs: dict[str, bytes]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, synthetic_corpus: list[Path]) -> Corpus:
    root = tmp_path_factory.mktemp("kill")
    folder = root / "texts"
    folder.mkdir()
    for text in synthetic_corpus[:DOCUMENTS]:
        shutil.copyfile(text, folder / text.name)
    complete = root / "complete"
    done = run_mnpia("ingest", folder, store=complete)
    assert done.returncode == EXIT_OK, done.stderr
    reference = snapshot(complete)
    assert len(reference.documents) == DOCUMENTS
    return Corpus(folder, complete, reference, graph_nquads(complete))


@pytest.fixture(scope="module")
def alone(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each source ingested alone into a fresh store: its graph, by graph name."""
    root = tmp_path_factory.mktemp("alone")
    graphs: dict[str, bytes] = {}
    for number, text in enumerate(sorted(corpus.folder.glob("*.txt"))):
        store_path = root / f"store-{number}"
        with open_store(store_path) as store:
            assert ingest_file(store, text).ok
        (name, quads), *more = graph_nquads(store_path).items()
        assert not more
        graphs[name] = quads
    return graphs


class Watched:
    """A subprocess whose standard error is read as it comes, for its progress counter."""

    def __init__(self, command: list[str], total: int) -> None:
        env = mnpia_env(TTY_COMPATIBLE="1", TTY_INTERACTIVE="1")
        self.process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self.total = total
        self.done = 0
        self.seen = False
        self._tail = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream = self.process.stderr
        assert stream is not None
        while chunk := stream.read1(4096):
            self._tail = (self._tail + chunk.decode("utf-8", "replace"))[-4096:]
            counts = progress_counts(self._tail, self.total)
            if counts:
                self.done = max(self.done, *counts)
                self.seen = True

    def wait_for(self, documents: int, timeout: float = 120) -> None:
        """Until the progress bar says ``documents`` are done (0: until it shows at all)."""
        deadline = time.monotonic() + timeout
        while self.done < documents or not self.seen:
            assert self.process.poll() is None, f"the ingest ended before {documents} documents"
            assert time.monotonic() < deadline, f"no progress to {documents} in {timeout} s"
            time.sleep(0.005)

    def kill(self) -> int:
        """SIGKILL the process; the number of documents it had reported done."""
        assert self.process.poll() is None, "the ingest finished before it could be killed"
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._reader.join(timeout=10)
        assert self.process.returncode == -signal.SIGKILL
        return self.done


MOMENTS = {
    "loading-the-ontology": (0, 0.0),
    "after-1-document": (1, 0.0),
    "mid-run-after-a-quarter": (DOCUMENTS // 4, 0.07),
}
"""When to kill: once the progress bar says this many documents are done (0: as soon as it shows,
when the store is open and the ontology is being loaded), then this many seconds later. New
documents are written in batches of 1, 2, 4, 8 …, so the bar moves to 1, 3, 7, 15, 16: a quarter
(reported at 7) leaves a batch of 8 in the making, which the kill interrupts."""


def _assert_whole(store: Path, alone: dict[str, bytes], at_least: int) -> Snapshot:
    """The store opens; each of its assessment graphs is whole; it holds at least ``at_least``
    documents. (Staging graphs a kill may leave are :func:`test_kill_between_stage_and_swap`'s.)"""
    held = snapshot(store)  # read-only: what a reader would see, before any writer tidies up
    graphs = graph_nquads(store)
    assert len(graphs) >= at_least, "documents reported done are lost"
    for name, quads in graphs.items():
        assert quads == alone[name], f"{name} is not whole"
    with open_store(store):  # and it opens for writing
        pass
    return held


def _same_documents(held: Snapshot, reference: Snapshot) -> bool:
    return (held.documents, held.nquads) == (reference.documents, reference.nquads)


@pytest.mark.slow
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_kill_during_first_ingest(
    moment: str, corpus: Corpus, alone: dict[str, bytes], tmp_path: Path
) -> None:
    documents, delay = MOMENTS[moment]
    store = tmp_path / "store"
    watched = Watched([*MNPIA, "--store", str(store), "ingest", str(corpus.folder)], DOCUMENTS)
    watched.wait_for(documents)
    time.sleep(delay)
    reported = watched.kill()
    if store.exists():
        held = _assert_whole(store, alone, reported)
        assert len(held.documents) < DOCUMENTS, "killed too late: the run had finished"
    rerun = run_mnpia("ingest", corpus.folder, store=store)
    assert rerun.returncode == EXIT_OK, rerun.stderr
    assert snapshot(store) == corpus.reference


@pytest.mark.slow
def test_kill_during_re_ingest_keeps_every_document(
    corpus: Corpus, alone: dict[str, bytes], tmp_path: Path
) -> None:
    """Re-ingesting replaces graphs that are there: a kill must lose none of them, and a reader
    must see none twice."""
    store = tmp_path / "store"
    shutil.copytree(corpus.complete, store)
    watched = Watched([*MNPIA, "--store", str(store), "ingest", str(corpus.folder)], DOCUMENTS)
    watched.wait_for(DOCUMENTS // 2)
    time.sleep(0.05)
    watched.kill()
    assert _same_documents(_assert_whole(store, alone, DOCUMENTS), corpus.reference)


_KILLED_AT_SWAP = """
import os, signal, sys
from graph.store import Store

def apply(self, update):
    os.kill(os.getpid(), signal.SIGKILL)  # prepared, not yet written: the last moment before

Store._apply = apply
from api.cli import main
sys.argv = ["mnpia", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("start", ["fresh-store", "complete-store"])
def test_kill_between_stage_and_swap(
    start: str, corpus: Corpus, alone: dict[str, bytes], tmp_path: Path
) -> None:
    """The real command, killed by SIGKILL just before the one transaction that replaces a
    graph (the ontology in a fresh store, an assessment in a complete one): nothing is half
    done, and no reader sees a staging graph or a graph twice."""
    store = tmp_path / "store"
    if start == "complete-store":
        shutil.copytree(corpus.complete, store)
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_AT_SWAP, "--store", str(store), "ingest", corpus.folder],
        cwd=REPO, env=mnpia_env(), capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    seen = _triples_a_reader_sees(store)  # before a writer opens the store and tidies up
    held = _assert_whole(store, alone, DOCUMENTS if start == "complete-store" else 0)
    if start == "complete-store":
        assert _same_documents(held, corpus.reference)
    assert killed.returncode == -signal.SIGKILL, "no replacement was started"
    if start == "complete-store":
        assert seen == _triples_a_reader_sees(corpus.complete), "a reader sees triples twice"
    assert leftover_graphs(held) == [], "a reader sees a staging graph"


def _triples_a_reader_sees(store_path: Path) -> int:
    """The triples of the union default graph, as a read-only store's queries see them."""
    with open_store(store_path, read_only=True) as store:
        answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return sum(int(row["n"].value) for row in answer)  # type: ignore[union-attr]


_KILLED_IN_BATCH = """
import os, signal, sys, threading
from graph.store import Store

original = Store.add_new_documents
calls = []

def add_new_documents(self, documents):
    calls.append(len(documents))
    if len(documents) > 1:  # the first batch of several: killed while Oxigraph writes it
        delay = float(os.environ["KILL_AFTER_S"])
        threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL)).start()
    original(self, documents)
    if len(documents) > 1:
        threading.Event().wait(5)  # written before the timer fired: die before the next one

Store.add_new_documents = add_new_documents
from api.cli import main
sys.argv = ["mnpia", *sys.argv[1:]]
main()
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay_ms", [0, 5, 20, 50])
def test_kill_while_a_batch_is_written(
    delay_ms: int, corpus: Corpus, alone: dict[str, bytes], tmp_path: Path
) -> None:
    """New documents are written in batches, each in one step: a process killed while a batch
    is being written (at several moments into it) leaves the documents before the batch, and
    the batch whole or not at all."""
    store = tmp_path / "store"
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_IN_BATCH, "--store", str(store), "ingest", corpus.folder],
        cwd=REPO, env=mnpia_env(KILL_AFTER_S=str(delay_ms / 1000)), capture_output=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    held = _assert_whole(store, alone, 1)  # the batch of one document before it
    assert len(held.documents) in (1, 3), "the batch of two is half written"
    rerun = run_mnpia("ingest", corpus.folder, store=store)
    assert rerun.returncode == EXIT_OK, rerun.stderr
    assert snapshot(store) == corpus.reference
