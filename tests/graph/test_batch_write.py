"""New documents are written in batches, each in one atomic step; replacements alone.

The batches start at one document and double (so that the first documents are in the store at
once), outcomes keep the order of the files whatever is batched, and a batch never holds a
graph the store or the batch already has.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from graph.ingestion import ingest_paths, prepare_file
from graph.store import GraphStore, Store, StoreError, open_store
from ingest.synthetic import write_corpus


class RecordingStore(Store):
    """Records the size of each batch and each replacement."""

    def __init__(self, path: Path) -> None:
        super().__init__(ox.Store(str(path)), path=path, read_only=False)
        self.batches: list[int] = []
        self.replaced: list[str] = []

    def add_new_documents(self, documents: Sequence[tuple[str, bytes]]) -> None:
        self.batches.append(len(documents))
        super().add_new_documents(documents)

    def write_nquads(
        self, graph_name: URIRef | str, data: bytes, *, keep_history: bool = False
    ) -> int:
        self.replaced.append(str(graph_name))
        return super().write_nquads(graph_name, data, keep_history=keep_history)


def _quads(store: GraphStore) -> list[str]:
    buffer = io.BytesIO()
    store.export(buffer, fmt="nquads")
    return sorted(buffer.getvalue().decode().splitlines())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve texts (ten synthetic assessments) with two bad files among them."""
    made = tmp_path_factory.mktemp("synthetic")
    write_corpus(made, 10, seed=3)
    root = tmp_path_factory.mktemp("batch-texts")
    for number, text in enumerate(sorted(made.glob("*.txt"))):
        shutil.copyfile(text, root / f"{number:02d}.txt")
    (root / "03a-empty.txt").write_bytes(b"")
    (root / "07a-novel.txt").write_text("吾輩は猫である。名前はまだ無い。\n" * 20, encoding="utf-8")
    return root


def test_batches_double_and_outcomes_keep_file_order(folder: Path, tmp_path: Path) -> None:
    store = RecordingStore(tmp_path / "store")
    outcomes = list(ingest_paths(store, [folder]))
    assert [o.path.name for o in outcomes] == sorted(p.name for p in folder.iterdir())
    assert [o.ok for o in outcomes] == [o.path.name[2:3] != "a" for o in outcomes]
    assert store.batches == [1, 2, 4, 3]  # 10 new documents: the last batch is what is left
    assert store.replaced == []
    assert len(store.documents()) == 10
    assert all(o.triples > 0 for o in outcomes if o.ok)
    store.close()


def test_a_batch_writes_what_one_document_at_a_time_writes(folder: Path, tmp_path: Path) -> None:
    batched = RecordingStore(tmp_path / "batched")
    list(ingest_paths(batched, [folder]))
    alone = RecordingStore(tmp_path / "alone")
    alone.ensure_ontology()
    for text in sorted(folder.glob("*.txt")):
        prepared = prepare_file(text)
        if prepared.graph_name is not None:
            alone.write_nquads(prepared.graph_name, prepared.nquads)
    assert _quads(batched) == _quads(alone)
    batched.close()
    alone.close()


def test_documents_already_held_are_replaced_one_by_one(folder: Path, tmp_path: Path) -> None:
    store = RecordingStore(tmp_path / "store")
    list(ingest_paths(store, [folder]))
    before = _quads(store)
    store.batches.clear()
    outcomes = list(ingest_paths(store, [folder]))
    assert store.batches == []
    assert len(store.replaced) == 10 == sum(o.ok for o in outcomes)
    assert _quads(store) == before
    store.close()


def test_the_same_text_twice_in_one_run_is_written_then_replaced(
    folder: Path, tmp_path: Path
) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    first = sorted(folder.glob("0*.txt"))[0]
    shutil.copyfile(first, texts / "a.txt")
    shutil.copyfile(first, texts / "b.txt")
    store = RecordingStore(tmp_path / "store")
    outcomes = list(ingest_paths(store, [texts]))
    assert [o.ok for o in outcomes] == [True, True]
    assert store.batches == [1]
    assert len(store.replaced) == 1
    assert len(store.documents()) == 1
    store.close()


def test_a_batch_naming_a_held_graph_writes_nothing(folder: Path, tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store:
        texts = sorted(folder.glob("0*.txt"))[:2]
        held, new = (prepare_file(text) for text in texts)
        assert held.graph_name is not None
        assert new.graph_name is not None
        store.add_new_documents([(held.graph_name, held.nquads)])
        before = _quads(store)
        with pytest.raises(StoreError, match="already in the store"):
            store.add_new_documents([(new.graph_name, new.nquads), (held.graph_name, held.nquads)])
        assert _quads(store) == before
