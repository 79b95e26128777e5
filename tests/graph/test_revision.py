"""Revisions: a changed text replaces its graph and, asked to, keeps the old version queryable.

Run on both stores (embedded, and a real Oxigraph server through the remote store). The old
version is kept as triple terms, so the union answers of every named query are the same with and
without revisions; the old version can be rebuilt exactly.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import shlex
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDFS
from remote_server import OxigraphServer, start_oxigraph

import graph.store as store_module
from graph import iri
from graph.errors import StoreError
from graph.mapping import DocumentGraph, records_to_graph
from graph.store import GraphStore, Store, open_store
from ingest.pipeline import extract_file
from ontology.namespace import MNPIA
from queries import named_queries, run_query
from queries.projection import store_to_networkx

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
PENSION = CORPUS / "001_36f852d2897e428a.txt"  # 千葉市/27
HEALTH = CORPUS / "004_2e642bc68f73afa2.txt"  # 千葉市/45
OLD_LABEL = "国民年金システム"

OpenStore = Callable[[], GraphStore]


def version(tmp_path: Path, source: Path, n: int, *changes: tuple[str, str]) -> Path:
    """Version ``n`` of a corpus text: the same file name, some words changed."""
    text = source.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    folder = tmp_path / f"v{n}"
    folder.mkdir(exist_ok=True)
    path = folder / source.name
    path.write_text(text, encoding="utf-8")
    return path


def mapped(path: Path) -> DocumentGraph:
    return records_to_graph(extract_file(path))


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DocumentGraph]:
    """Three versions of 千葉市/27 (v1 the corpus text), two of 千葉市/45, and the other corpus
    texts (``other…``)."""
    tmp = tmp_path_factory.mktemp("versions")
    v2 = ("国民年金システム", "国民年金新システム")
    docs = {
        "v1": mapped(PENSION),
        "v2": mapped(version(tmp, PENSION, 2, v2)),
        "v3": mapped(version(tmp, PENSION, 3, v2, ("宛名システム", "宛名管理システム"))),
        "health1": mapped(HEALTH),
        "health2": mapped(version(tmp, HEALTH, 2, ("業務共通システム", "業務共通基盤システム"))),
    }
    for n, text in enumerate(sorted(CORPUS.glob("*.txt"))):
        if text not in (PENSION, HEALTH):
            docs[f"other{n}"] = mapped(text)
    assert docs["v1"].graph_name == docs["v2"].graph_name == docs["v3"].graph_name
    assert docs["health1"].graph_name == docs["health2"].graph_name
    assert set(docs["health1"].graph) != set(docs["health2"].graph)
    assert set(docs["v1"].graph) != set(docs["v2"].graph)
    return docs


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    running = start_oxigraph(tmp_path_factory.mktemp("revision-server") / "db")
    yield running
    running.stop()


@pytest.fixture(params=["embedded", "remote"])
def fresh(
    request: pytest.FixtureRequest, tmp_path: Path, server: OxigraphServer
) -> Iterator[OpenStore]:
    """Opens a store that starts empty: embedded in a folder, or the (emptied) server."""
    opened: list[GraphStore] = []

    def open_one() -> GraphStore:
        if request.param == "embedded":
            store = open_store(tmp_path / f"store{len(opened)}")
        else:
            server.clear()
            store = open_store(server.url)
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        store.close()


def test_keeping_history_keeps_a_version_that_can_be_rebuilt(
    fresh: OpenStore, versions: dict[str, DocumentGraph]
) -> None:
    store = fresh()
    v1, v2 = versions["v1"], versions["v2"]
    store.replace_document(v1, keep_history=True)
    assert store.revisions(v1.assessment) == []
    assert store.replace_document(v2, keep_history=True) == len(v2.graph)
    assert set(store.document_graph(v2.graph_name)) == set(v2.graph)
    [kept] = store.revisions(v1.assessment)
    assert kept.assessment == v1.assessment
    assert kept.source == PENSION.name
    assert kept.statements == len(v1.graph)
    assert kept.previous is None
    assert kept.superseded_at
    assert str(kept.graph_name).startswith(iri.REVISION_GRAPH_BASE)
    rebuilt = store.revision_graph(kept.revision)
    assert rebuilt.identifier == v1.graph_name
    assert isomorphic(rebuilt, v1.graph)
    # Only the current version is asserted; the old one is there as triple terms.
    label = f'"{OLD_LABEL}"'
    assert list(store.query(f"SELECT ?s WHERE {{ ?s <{RDFS.label}> {label} }}")) == []  # type: ignore[arg-type]
    assert bool(store.query(f"ASK {{ ?r <{MNPIA.statement}> <<( ?s <{RDFS.label}> {label} )>> }}"))
    link = f"<{v1.assessment}> <{PROV.wasRevisionOf}> <{kept.revision}>"
    assert bool(store.query(f"ASK {{ {link} }}"))


def test_the_revision_is_named_by_the_old_source_sha256(
    fresh: OpenStore, versions: dict[str, DocumentGraph]
) -> None:
    store = fresh()
    store.replace_document(versions["v1"], keep_history=True)
    store.replace_document(versions["v2"], keep_history=True)
    [kept] = store.revisions("千葉市/27")
    sha = hashlib.sha256(PENSION.read_bytes()).hexdigest()
    assert kept.sha256 == sha
    assert kept.revision == iri.revision_iri("千葉市/27", sha)
    assert kept.graph_name == iri.revision_graph_iri("千葉市/27", sha)


def test_the_same_text_again_makes_no_revision(
    fresh: OpenStore, versions: dict[str, DocumentGraph]
) -> None:
    store = fresh()
    store.replace_document(versions["v1"], keep_history=True)
    store.replace_document(versions["v1"], keep_history=True)
    assert store.revisions(versions["v1"].assessment) == []


def test_without_history_the_old_version_is_gone(
    fresh: OpenStore, versions: dict[str, DocumentGraph]
) -> None:
    store = fresh()
    store.replace_document(versions["v1"])
    store.replace_document(versions["v2"])
    assert store.revisions(versions["v1"].assessment) == []
    assert store.triple_count() == len(versions["v2"].graph)


def test_revisions_chain_oldest_first(fresh: OpenStore, versions: dict[str, DocumentGraph]) -> None:
    store = fresh()
    for name in ("v1", "v2", "v3"):
        store.replace_document(versions[name], keep_history=True)
    first, second = store.revisions(versions["v1"].assessment)
    assert first.previous is None
    assert second.previous == first.revision
    assert first.superseded_at is not None
    assert second.superseded_at is not None
    assert first.superseded_at < second.superseded_at
    assert isomorphic(store.revision_graph(first.revision), versions["v1"].graph)
    assert isomorphic(store.revision_graph(second.revision), versions["v2"].graph)
    # History is kept per assessment.
    assert store.revisions("千葉市/45") == []


def test_a_version_that_comes_back_is_the_same_revision(
    fresh: OpenStore, versions: dict[str, DocumentGraph]
) -> None:
    store = fresh()
    for name in ("v1", "v2", "v1", "v2"):
        store.replace_document(versions[name], keep_history=True)
    kept = store.revisions("千葉市/27")
    assert len(kept) == 2
    assert {isomorphic(store.revision_graph(k.revision), versions["v1"].graph) for k in kept} == {
        True,
        False,
    }


def test_write_nquads_is_the_same_code_path(
    fresh: OpenStore, versions: dict[str, DocumentGraph]
) -> None:
    store = fresh()
    v1, v2 = versions["v1"], versions["v2"]
    store.replace_document(v1, keep_history=True)
    data = nquads(v2)
    assert store.write_nquads(v2.graph_name, data, keep_history=True) == len(v2.graph)
    assert set(store.document_graph(v2.graph_name)) == set(v2.graph)
    [kept] = store.revisions(v1.assessment)
    assert isomorphic(store.revision_graph(kept.revision), v1.graph)
    assert store.write_nquads(v2.graph_name, data, keep_history=True) == len(v2.graph)
    assert len(store.revisions(v1.assessment)) == 1  # the same text: no new revision


def nquads(doc: DocumentGraph) -> bytes:
    buffer = io.BytesIO()
    quads = store_module.graph_to_quads(doc.graph, ox.NamedNode(str(doc.graph_name)))
    ox.serialize(quads, buffer, ox.RdfFormat.N_QUADS)
    return buffer.getvalue()


def test_history_refuses_graphs_that_are_not_assessments(fresh: OpenStore) -> None:
    store = fresh()
    with pytest.raises(StoreError, match="not an assessment graph"):
        store.write_nquads(iri.ONTOLOGY_GRAPH, b"<http://a> <http://b> <http://c> .\n")
    with pytest.raises(StoreError, match="not a revision IRI"):
        store.revision_graph("https://w3id.org/mnpia/id/assessment/千葉市/27")
    with pytest.raises(StoreError, match="no revision"):
        store.revision_graph(iri.revision_iri("千葉市/27", "0" * 64))


# -- the union answers do not change -------------------------------------------------------------


def example_params(name: str) -> dict[str, str]:
    words = shlex.split(named_queries()[name].example or "")
    return {
        value.partition("=")[0]: value.partition("=")[2]
        for flag, value in itertools.pairwise(words)
        if flag in ("--param", "-p")
    }


def fill(store: GraphStore, versions: dict[str, DocumentGraph], *, history: bool) -> None:
    """The corpus, with 千葉市/27 at v3 and 千葉市/45 at health2: through every version (keeping
    history) or straight to the last."""
    store.ensure_ontology()
    for name, doc in versions.items():
        if name.startswith("other"):
            store.replace_document(doc)
    names = ["v1", "v2", "v3", "health1", "health2"] if history else ["v3", "health2"]
    for name in names:
        store.replace_document(versions[name], keep_history=history)


def test_union_answers_are_the_same_with_and_without_revisions(
    fresh: OpenStore, versions: dict[str, DocumentGraph]
) -> None:
    with_history = fresh()
    fill(with_history, versions, history=True)
    assert len(with_history.revisions("千葉市/27")) == 2
    assert len(with_history.revisions("千葉市/45")) == 1
    answers = {
        name: run_query(with_history, name, example_params(name)) for name in named_queries()
    }
    documents, stats = with_history.documents(), with_history.stats()
    projection = store_to_networkx(with_history)
    plain = fresh()  # embedded: another folder; remote: the server emptied
    fill(plain, versions, history=False)
    assert plain.revisions("千葉市/27") == []
    for name, answer in answers.items():
        again = run_query(plain, name, example_params(name))
        assert again.columns == answer.columns, name
        assert sorted(again.rows, key=repr) == sorted(answer.rows, key=repr), name
    assert plain.documents() == documents
    assert plain.stats() == stats
    other = store_to_networkx(plain)
    assert nx.utils.nodes_equal(projection.nodes(data=True), other.nodes(data=True))
    assert sorted(map(repr, projection.edges(keys=True, data=True))) == sorted(
        map(repr, other.edges(keys=True, data=True))
    )


# -- the embedded store: atomic, exportable ------------------------------------------------------


class FailingHistorySwap(Store):
    """Prepares the new graph and the revision, then the one transaction that writes both
    fails."""

    def _apply(self, update: str) -> None:
        raise OSError("swap refused")


def test_a_failed_history_write_changes_nothing(
    tmp_path: Path, versions: dict[str, DocumentGraph]
) -> None:
    with open_store(tmp_path / "s") as store:
        store.replace_document(versions["v1"], keep_history=True)
        before = export(store, include_revisions=True)
    db = ox.Store(str(tmp_path / "s"))
    broken = FailingHistorySwap(db, path=tmp_path / "s", read_only=False)
    with pytest.raises(StoreError, match="swap refused"):
        broken.replace_document(versions["v2"], keep_history=True)
    plain = Store(db, path=tmp_path / "s", read_only=False)
    assert export(plain, include_revisions=True) == before
    assert plain.revisions("千葉市/27") == []
    assert not [g for g in db.named_graphs() if "staging" in str(g)]


def export(store: GraphStore, *, include_revisions: bool) -> bytes:
    buffer = io.BytesIO()
    store.export(buffer, fmt="nquads", include_ontology=True, include_revisions=include_revisions)
    return buffer.getvalue()


def test_revisions_export_and_load_into_another_store(
    fresh: OpenStore, tmp_path: Path, versions: dict[str, DocumentGraph]
) -> None:
    store = fresh()
    store.replace_document(versions["v1"], keep_history=True)
    store.replace_document(versions["v2"], keep_history=True)
    dump = export(store, include_revisions=True)
    assert b"<<(" in dump  # triple terms, RDF 1.2 N-Quads
    assert export(store, include_revisions=False) != dump
    db = ox.Store(str(tmp_path / "copy"))
    db.load(dump, format=ox.RdfFormat.N_QUADS)
    copy = Store(db, path=tmp_path / "copy", read_only=False)
    assert copy.revisions("千葉市/27") == store.revisions("千葉市/27")
    [kept] = copy.revisions("千葉市/27")
    assert isomorphic(copy.revision_graph(kept.revision), versions["v1"].graph)
