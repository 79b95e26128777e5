"""The on-disk pyoxigraph store: atomic replacement, bound queries, exports, errors."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from graph import iri
from graph.errors import StoreError
from graph.mapping import DocumentGraph, records_to_graph
from graph.store import QuerySyntaxError, Store, open_store
from ontology.namespace import MNPIA

if TYPE_CHECKING:
    from conftest import Builders


def quads(store: Store) -> set[str]:
    """Everything the store holds, as N-Quads lines."""
    buffer = io.BytesIO()
    store.export(buffer, fmt="nquads", include_ontology=True)
    return set(buffer.getvalue().decode().splitlines())


def test_open_creates_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "store"
    with open_store(path) as store:
        assert store.triple_count() == 0
        assert store.documents() == []
    assert path.is_dir()


def test_open_refuses_a_file(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("not a store")
    with pytest.raises(StoreError, match="it is a file"):
        open_store(path)


def test_open_refuses_a_locked_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "s"), pytest.raises(StoreError, match="locked"):
        open_store(tmp_path / "s")


def test_close_releases_the_lock(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s")
    store.close()
    with open_store(tmp_path / "s") as again:
        assert again.triple_count() == 0
    with pytest.raises(StoreError, match="closed"):
        store.triple_count()


def test_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        open_store(tmp_path / "missing", read_only=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with open_store(path):
        pass
    path.chmod(0)
    try:
        with pytest.raises(StoreError):
            open_store(path)
    finally:
        path.chmod(0o755)


def test_permission_denied_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads every folder, so the OS error is simulated where pyoxigraph would raise it.
    def refuse(path: str) -> ox.Store:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(ox, "Store", refuse)
    with pytest.raises(StoreError, match="permission denied"):
        open_store(tmp_path / "s")


@pytest.mark.parametrize("read_only", [False, True])
def test_corrupted_folder_is_a_store_error(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "s"
    path.mkdir()
    (path / "CURRENT").write_text("garbage\n")
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(path, read_only=read_only)


def test_error_messages_are_one_line(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert "\n" not in str(caught.value)


def test_read_only_store_refuses_writes(tmp_path: Path, build: Builders) -> None:
    with open_store(tmp_path / "s") as store:
        store.replace_document(records_to_graph(build.pension()))
    with open_store(tmp_path / "s", read_only=True) as store:
        assert len(store.documents()) == 1
        with pytest.raises(StoreError, match="read-only"):
            store.replace_document(records_to_graph(build.tax()))


def test_replace_twice_gives_the_same_count(store: Store, build: Builders) -> None:
    doc = records_to_graph(build.pension())
    written = store.replace_document(doc)
    assert written == len(doc.graph)
    count = store.triple_count()
    assert store.replace_document(doc) == written
    assert store.triple_count() == count == written


def test_replace_drops_what_the_old_version_said(store: Store, build: Builders) -> None:
    store.replace_document(records_to_graph(build.pension()))
    smaller = build.pension()
    smaller = type(smaller)(source=smaller.source, document=smaller.document)
    doc = records_to_graph(smaller)
    store.replace_document(doc)
    assert store.triple_count(doc.graph_name) == len(doc.graph)
    assert not bool(store.query(f"ASK {{ ?s <{MNPIA.systemNo}> ?o }}"))


def test_persists_across_reopen(tmp_path: Path, build: Builders) -> None:
    with open_store(tmp_path / "s") as store:
        written = store.replace_document(records_to_graph(build.pension()))
    with open_store(tmp_path / "s") as store:
        assert store.triple_count() == written


class FailingMidWrite(Store):
    """Yields part of the document, then fails: the staging extend must not commit."""

    def _document_quads(self, doc: DocumentGraph, staging: ox.NamedNode) -> Iterator[ox.Quad]:
        for n, quad in enumerate(super()._document_quads(doc, staging)):
            if n == 5:
                raise RuntimeError("disk on fire")
            yield quad


class FailingSwap(Store):
    """Prepares the whole replacement, then the one transaction that applies it fails."""

    def _apply(self, update: str) -> None:
        raise OSError("update refused")


@pytest.mark.parametrize("failing", [FailingMidWrite, FailingSwap])
def test_failed_replace_leaves_store_unchanged(
    tmp_path: Path, build: Builders, failing: type[Store]
) -> None:
    with open_store(tmp_path / "s") as store:
        store.replace_document(records_to_graph(build.pension()))
        before = quads(store)
        graphs_before = store.graph_names()
    db = ox.Store(str(tmp_path / "s"))
    plain = Store(db, path=tmp_path / "s", read_only=False)
    broken = failing(db, path=tmp_path / "s", read_only=False)
    changed = build.pension(national_spelling="中間サーバ")
    with pytest.raises((StoreError, RuntimeError)):
        broken.replace_document(records_to_graph(changed))
    assert quads(plain) == before
    assert plain.graph_names() == graphs_before
    assert not [g for g in db.named_graphs() if "staging" in str(g)]


def test_failed_first_write_leaves_nothing(tmp_path: Path, build: Builders) -> None:
    with open_store(tmp_path / "s") as store:
        store.ensure_ontology()
        before = quads(store)
    db = ox.Store(str(tmp_path / "s"))
    broken = FailingMidWrite(db, path=tmp_path / "s", read_only=False)
    with pytest.raises((StoreError, RuntimeError)):
        broken.replace_document(records_to_graph(build.pension()))
    plain = Store(db, path=tmp_path / "s", read_only=False)
    assert quads(plain) == before
    assert plain.graph_names() == []


class PeekingSwap(Store):
    """Queries the store just before the replacing transaction, as another thread could."""

    seen: list[int]

    def _apply(self, update: str) -> None:
        answer = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        self.seen = [int(row["n"].value) for row in answer]  # type: ignore[union-attr,index]
        super()._apply(update)


def test_queries_never_see_the_staging_graph(tmp_path: Path, build: Builders) -> None:
    with open_store(tmp_path / "s") as store:
        first = store.replace_document(records_to_graph(build.pension()))
    db = ox.Store(str(tmp_path / "s"))
    peeking = PeekingSwap(db, path=tmp_path / "s", read_only=False)
    peeking.replace_document(records_to_graph(build.pension()))
    assert peeking.seen == [first]  # the old graph only, not old + staged
    assert peeking.triple_count() == first


def test_bad_term_fails_cleanly(store: Store, build: Builders) -> None:
    doc = records_to_graph(build.pension())
    store.replace_document(doc)
    before = quads(store)
    bad = Graph(identifier=doc.graph_name)
    bad += doc.graph
    bad.add((doc.assessment, RDFS.seeAlso, URIRef("not an IRI with spaces")))
    with pytest.raises(StoreError, match="could not write"):
        store.replace_document(
            DocumentGraph(assessment=doc.assessment, graph_name=doc.graph_name, graph=bad)
        )
    assert quads(store) == before


def test_replace_refuses_foreign_graph_names(store: Store, build: Builders) -> None:
    doc = records_to_graph(build.pension())
    stray = DocumentGraph(assessment=doc.assessment, graph_name=iri.ONTOLOGY_GRAPH, graph=doc.graph)
    with pytest.raises(StoreError, match="not an assessment graph"):
        store.replace_document(stray)


def test_stale_staging_graphs_are_dropped_on_open(tmp_path: Path) -> None:
    db = ox.Store(str(tmp_path / "s"))
    staging = ox.NamedNode(str(iri.staging_graph_iri("dead")))
    db.add(ox.Quad(staging, staging, ox.Literal("left by a crash"), staging))
    assert len(db) == 1
    del db  # releases the lock
    with open_store(tmp_path / "s") as store:
        assert store.triple_count() == 0


HOSTILE = [
    "quote \" and ' quote",
    "brace } . ?s ?p ?o {",
    "hash # comment",
    "new\nline",
    "SERVICE <http://x> { ?s ?p ?o }",
    '"} ; DROP ALL ; #',
]


@pytest.mark.parametrize("value", HOSTILE)
def test_substitutions_are_matched_literally(store: Store, build: Builders, value: str) -> None:
    result = build.pension(national_spelling=value)
    store.replace_document(records_to_graph(result))
    sparql = f"SELECT ?c ?label WHERE {{ ?c <{MNPIA.connectionLabel}> ?label }}"
    rows = list(store.query(sparql, substitutions={"label": Literal(value)}))  # type: ignore[arg-type]
    assert len(rows) == 1
    assert rows[0]["label"].value == value
    none = list(store.query(sparql, substitutions={"?label": Literal(value + "x")}))  # type: ignore[arg-type]
    assert none == []
    assert store.triple_count() > 0  # nothing was dropped


def test_substitution_must_be_projected(store: Store) -> None:
    with pytest.raises(StoreError, match="projection"):
        store.query("SELECT ?s WHERE { ?s ?p ?o }", substitutions={"o": Literal("x")})


def test_malformed_sparql_is_a_syntax_error(store: Store) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        store.query("SELECT WHERE {")
    assert isinstance(caught.value, SyntaxError)
    assert isinstance(caught.value, StoreError)


def test_query_sees_the_union_of_graphs(store: Store, build: Builders) -> None:
    store.replace_document(records_to_graph(build.pension()))
    store.replace_document(records_to_graph(build.tax()))
    answer = store.query(f"SELECT ?a WHERE {{ ?a a <{MNPIA.Assessment}> }}")
    assert len(list(answer)) == 2  # type: ignore[arg-type]


def test_documents_describe_each_assessment(store: Store, build: Builders) -> None:
    written = store.replace_document(records_to_graph(build.pension()))
    store.replace_document(records_to_graph(build.fragment()))
    docs = {d.number: d for d in store.documents()}
    pension = docs["27"]
    assert pension.assessment == iri.assessment_iri("千葉市/27")
    assert pension.title == "国民年金に関する事務 全項目評価書"
    assert pension.municipality == "千葉市"
    assert pension.status == "partial"
    assert pension.triples == written
    assert pension.source == "pension.txt"
    fragment = docs[None]
    assert fragment.municipality is None
    assert fragment.source == "fragment.txt"


def test_remove_document(store: Store, build: Builders) -> None:
    doc = records_to_graph(build.pension())
    written = store.replace_document(doc)
    store.replace_document(records_to_graph(build.tax()))
    assert store.remove_document(doc.assessment) == written
    assert store.remove_document(doc.graph_name) == 0
    assert [d.number for d in store.documents()] == ["31"]


def test_stats_count_instances_per_class(store: Store, build: Builders) -> None:
    store.replace_document(records_to_graph(build.pension()))
    store.replace_document(records_to_graph(build.tax()))
    stats = store.stats()
    assert stats["mnpia:Assessment"] == 2
    assert stats["mnpia:NationalSystem"] == 2  # 中間サーバー・プラットフォーム, 情報提供NW
    # 国民年金システム and 宛名システム等 are shared by both assessments of 千葉市.
    assert stats["mnpia:LocalSystem"] == 4


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_export_round_trips(store: Store, build: Builders, fmt: str) -> None:
    store.replace_document(records_to_graph(build.pension()))
    store.replace_document(records_to_graph(build.tax()))
    buffer = io.BytesIO()
    store.export(buffer, fmt=fmt)  # type: ignore[arg-type]
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue(), format=fmt)
    assert len(list(dataset.quads((None, None, None, None)))) == store.triple_count()
    for name in store.graph_names():
        assert isomorphic(dataset.graph(name), store.document_graph(name))


def test_export_is_deterministic(store: Store, build: Builders) -> None:
    store.replace_document(records_to_graph(build.tax()))
    store.replace_document(records_to_graph(build.pension()))
    first, second = io.BytesIO(), io.BytesIO()
    store.export(first, fmt="trig")
    store.export(second, fmt="trig")
    assert first.getvalue() == second.getvalue()


def test_turtle_export_merges_graphs(store: Store, build: Builders) -> None:
    first = records_to_graph(build.pension())
    second = records_to_graph(build.tax())
    store.replace_document(first)
    store.replace_document(second)
    buffer = io.BytesIO()
    store.export(buffer, fmt="turtle")
    merged = Graph().parse(data=buffer.getvalue(), format="turtle")
    assert set(merged) == set(first.graph) | set(second.graph)


def test_document_graph_round_trips(store: Store, build: Builders) -> None:
    doc = records_to_graph(build.pension())
    store.replace_document(doc)
    assert set(store.document_graph(doc.graph_name)) == set(doc.graph)


def test_ensure_ontology_loads_once(store: Store, build: Builders) -> None:
    assert store.ensure_ontology() is True
    loaded = store.triple_count(iri.ONTOLOGY_GRAPH)
    assert loaded > 100
    assert store.ensure_ontology() is False
    assert store.triple_count(iri.ONTOLOGY_GRAPH) == loaded
    assert store.documents() == []  # the ontology is not a document
    assert bool(store.query(f"ASK {{ <{MNPIA.Assessment}> ?p ?o }}"))


def test_ensure_ontology_reloads_when_files_change(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.store as store_module

    ttl = tmp_path / "mnpia.ttl"
    ttl.write_text(f'<{MNPIA.Assessment}> <{RDFS.label}> "one" .\n')
    monkeypatch.setattr(store_module, "ontology_files", lambda: [ttl])
    monkeypatch.setattr(store_module, "ONTOLOGY_DIR", tmp_path)
    assert store.ensure_ontology() is True
    ttl.write_text(f'<{MNPIA.Assessment}> <{RDFS.label}> "two" .\n')
    assert store.ensure_ontology() is True
    labels = [
        row["l"].value  # type: ignore[index]
        for row in store.query(f"SELECT ?l WHERE {{ <{MNPIA.Assessment}> <{RDFS.label}> ?l }}")  # type: ignore[union-attr]
    ]
    assert labels == ["two"]
