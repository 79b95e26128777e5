"""Helpers of the robustness tests: the real ``mnpia`` command, and what a store holds.

The command runs either as a subprocess (``python -m api``, exactly what a user runs: its own
process, exit code, standard error, memory) or in-process through typer's runner where a
subprocess adds nothing but start-up time.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from typer.testing import CliRunner

from api.cli import app
from graph import iri
from graph.store import open_store

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
CORPUS_TEXTS = sorted(CORPUS.glob("*.txt"))
GOOD_TEXT = CORPUS / "004_2e642bc68f73afa2.txt"
"""The good text the catalogue ingests beside each bad one (the smallest corpus text)."""

MNPIA = (sys.executable, "-m", "api")
ENV = {"COLUMNS": "200", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8:strict"}
"""Wide lines and no colour: one error is one line, free of escape codes; output encoded as in
a UTF-8 terminal (this container's C locale would quietly pass undecodable bytes through)."""

EXIT_OK = 0
EXIT_INPUT = 1


def mnpia_env(**extra: str) -> dict[str, str]:
    """The environment of a ``mnpia`` subprocess: this one's, without ``MNPIA_*`` settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MNPIA_")}
    return {**env, **ENV, **extra}


def run_mnpia(
    *args: str | Path, store: Path | None = None, timeout: float = 300, **popen: Any
) -> subprocess.CompletedProcess[str]:
    """Run the real ``mnpia`` command in a subprocess and capture its output."""
    command = [*MNPIA, *(["--store", str(store)] if store is not None else [])]
    return subprocess.run(
        [*command, *map(str, args)],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        cwd=REPO,
        env=popen.pop("env", None) or mnpia_env(),
        timeout=timeout,
        check=False,
        **popen,
    )


@dataclass(frozen=True, slots=True)
class Run:
    """The outcome of one ``mnpia`` run, in-process or not."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        """The lines of standard error that say something (blank lines left out)."""
        return [line for line in self.stderr.splitlines() if line.strip()]


def invoke(*args: str | Path, store: Path | None = None) -> Run:
    """Run the ``mnpia`` app in-process (typer's runner): same code, no start-up time."""
    command = [*(["--store", str(store)] if store is not None else []), *map(str, args)]
    result = CliRunner().invoke(app, command, env=ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def completed_to_run(done: subprocess.CompletedProcess[str]) -> Run:
    """A subprocess's outcome as a :class:`Run`."""
    return Run(done.returncode, done.stdout, done.stderr)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a store holds, compared whole: its named graphs, documents and every quad."""

    graphs: tuple[str, ...]
    """Every named graph (assessments, ontology, anything left behind)."""
    documents: tuple[tuple[str, str, int], ...]
    """(source file, status, triples) of each assessment."""
    triples: int
    """Quads in the store, the ontology's included."""
    nquads: bytes
    """The sorted N-Quads export of the assessment graphs."""

    @property
    def sources(self) -> set[str]:
        """The file names the store's assessments were read from."""
        return {source for source, _status, _triples in self.documents}


def snapshot(store_path: Path) -> Snapshot:
    """Open the store read-only and take in all it holds."""
    with open_store(store_path, read_only=True) as store:
        out = io.BytesIO()
        store.export(out, fmt="nquads")
        documents = sorted(
            (doc.source or "", doc.status or "", doc.triples) for doc in store.documents()
        )
        triples = store.triple_count()
    names = sorted(str(graph.value) for graph in _database(store_path).named_graphs())
    return Snapshot(tuple(names), tuple(documents), triples, out.getvalue())


def _database(store_path: Path) -> ox.Store:
    """The database itself, read-only: every graph, staging ones included."""
    return ox.Store.read_only(str(store_path))


def graph_nquads(store_path: Path) -> dict[str, bytes]:
    """The sorted N-Quads of each assessment graph of a store, by graph name."""
    database = _database(store_path)
    base = str(iri.assessment_graph_iri(""))
    graphs: dict[str, bytes] = {}
    for graph in database.named_graphs():
        if isinstance(graph, ox.NamedNode) and graph.value.startswith(base):
            quads = database.quads_for_pattern(None, None, None, graph)
            graphs[graph.value] = "\n".join(sorted(f"{quad} ." for quad in quads)).encode()
    return graphs


ONTOLOGY_GRAPH = str(iri.ONTOLOGY_GRAPH)


def leftover_graphs(snap: Snapshot) -> list[str]:
    """Named graphs that are neither an assessment's, a revision's nor the ontology's (staging
    leftovers)."""
    kept = (str(iri.assessment_graph_iri("")), iri.REVISION_GRAPH_BASE)
    return [g for g in snap.graphs if not g.startswith(kept) and g != ONTOLOGY_GRAPH]


_COUNTER = re.compile(r"(\d+)/(\d+)")


def progress_counts(text: str, total: int) -> list[int]:
    """The ``done/total`` counters of a rich progress bar found in ``text``."""
    return [int(done) for done, of in _COUNTER.findall(text) if int(of) == total]


def names_in(lines: Sequence[str], name: str) -> list[str]:
    """The lines that name ``name``."""
    return [line for line in lines if name in line]
