"""Parametrisation shared by the ingest tests."""

from __future__ import annotations

import pytest
from ingest_testdata import CORPUS_FILES, EXCERPTS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``corpus_file`` over the corpus and ``excerpt_file`` over the excerpts."""
    if "corpus_file" in metafunc.fixturenames:
        metafunc.parametrize("corpus_file", CORPUS_FILES, ids=[p.stem[:3] for p in CORPUS_FILES])
    if "excerpt_file" in metafunc.fixturenames:
        metafunc.parametrize("excerpt_file", EXCERPTS, ids=[p.stem[:3] for p in EXCERPTS])
