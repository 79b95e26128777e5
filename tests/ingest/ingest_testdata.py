"""Paths of the test data of the ingest tests (imported by the test modules)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
DATA = REPO / "tests" / "data"
CORPUS_FILES = tuple(sorted(CORPUS.glob("[0-9][0-9][0-9]_*.txt")))
EXCERPTS = tuple(sorted((DATA / "excerpts").glob("*.txt")))
