"""``mnpia ingest --jobs N``: workers extract, map and serialise; this process writes.

The store a parallel run leaves is the store a run in one process leaves, quad for quad; the
outcomes come in the order of the files, failed files included, and carry the same summaries.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.ingestion import IngestOutcome, ingest_paths
from graph.store import Store, open_store

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parallel-texts")
    for path in sorted(CORPUS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "novel.txt").write_text("吾輩は猫である。名前はまだ無い。\n" * 20, encoding="utf-8")
    return folder


def _quads(store_path: Path) -> list[str]:
    with open_store(store_path, read_only=True) as store:
        buffer = io.BytesIO()
        store.export(buffer, fmt="nquads")
    return sorted(buffer.getvalue().decode().splitlines())


def _run(texts: Path, store_path: Path, jobs: int) -> list[IngestOutcome]:
    with open_store(store_path) as store:
        return list(ingest_paths(store, [texts], jobs=jobs, keep_results=True))


def test_parallel_ingest_writes_what_one_process_writes(texts: Path, tmp_path: Path) -> None:
    one = _run(texts, tmp_path / "one", jobs=1)
    two = _run(texts, tmp_path / "two", jobs=2)
    assert [o.path for o in two] == [o.path for o in one]
    assert [(o.ok, o.error, o.triples, o.summary) for o in two] == [
        (o.ok, o.error, o.triples, o.summary) for o in one
    ]
    assert sum(o.ok for o in two) == 5
    assert _quads(tmp_path / "two") == _quads(tmp_path / "one")
    kept = [o.result for o in two if o.ok]
    assert all(result is not None for result in kept)


def test_parallel_ingest_sends_summaries_not_records_unless_asked(
    texts: Path, tmp_path: Path
) -> None:
    with open_store(tmp_path / "store") as store:
        outcomes = list(ingest_paths(store, [texts], jobs=2, keep_results=False))
    assert all(o.result is None for o in outcomes)
    ingested = [o for o in outcomes if o.ok]
    assert len(ingested) == 5
    assert all(o.summary is not None and o.summary.records > 0 for o in ingested)


def test_jobs_must_be_positive(texts: Path, tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store, pytest.raises(ValueError, match="jobs"):
        list(ingest_paths(store, [texts], jobs=0))


def test_cli_ingest_with_jobs_reports_failures_and_exit_code(texts: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--store", str(tmp_path / "store"), "ingest", "--jobs", "2", str(texts)]
    )
    assert result.exit_code == 1, result.output
    assert "5/8 documents" in result.stdout
    assert "3 failed" in result.stdout
    for name in ("empty.txt", "picture.txt", "novel.txt"):
        assert name in result.stderr
    with open_store(tmp_path / "store", read_only=True) as store:
        assert len(store.documents()) == 5


class CountingFlushes(Store):
    """Counts the flushes of a long ingest."""

    flushes = 0

    def flush(self) -> None:
        type(self).flushes += 1
        super().flush()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_long_ingest_flushes_the_write_buffers(
    texts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr("graph.ingestion.FLUSH_EVERY", 2)
    CountingFlushes.flushes = 0
    db = ox.Store(str(tmp_path / "store"))
    store = CountingFlushes(db, path=tmp_path / "store", read_only=False)
    outcomes = list(ingest_paths(store, [texts], jobs=jobs))
    assert sum(o.ok for o in outcomes) == 5
    assert CountingFlushes.flushes == 2  # after the 2nd and the 4th document written
    store.close()
