"""Fixtures of the robustness tests: a synthetic corpus, written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from robustness_helpers import invoke

SYNTHETIC_COUNT = 60
SYNTHETIC_SEED = 7


@pytest.fixture(scope="session")
def synthetic_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Sixty synthetic assessment texts (damaged like the corpus, mixed encodings), sorted."""
    folder = tmp_path_factory.mktemp("synthetic") / "texts"
    made = invoke("synth", folder, "--count", str(SYNTHETIC_COUNT), "--seed", str(SYNTHETIC_SEED))
    assert made.exit_code == 0, made.stderr
    texts = sorted(folder.glob("*.txt"))
    assert len(texts) == SYNTHETIC_COUNT
    return texts
