"""Fixtures of the query tests: the hand-made golden dataset and the five corpus texts, each in
a real on-disk store built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from lineage_golden import build_golden_store

from graph.ingestion import ingest_paths
from graph.store import Store, open_store
from queries.projection import store_to_networkx

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="session")
def golden_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store on disk holding the ontology and the three golden assessments (built once)."""
    return build_golden_store(tmp_path_factory.mktemp("lineage") / "store")


@pytest.fixture
def golden_store(golden_store_path: Path) -> Iterator[Store]:
    """The golden store, opened read-only."""
    with open_store(golden_store_path, read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def golden_graph(golden_store_path: Path) -> nx.MultiDiGraph:
    """The networkx projection of the golden store."""
    with open_store(golden_store_path, read_only=True) as store:
        return store_to_networkx(store)


@pytest.fixture(scope="session")
def corpus_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store on disk holding the five corpus texts (built once)."""
    path = tmp_path_factory.mktemp("query-corpus") / "store"
    with open_store(path) as store:
        assert all(outcome.ok for outcome in ingest_paths(store, [CORPUS]))
    return path


@pytest.fixture
def corpus_store(corpus_store_path: Path) -> Iterator[Store]:
    """The corpus store, opened read-only."""
    with open_store(corpus_store_path, read_only=True) as store:
        yield store
