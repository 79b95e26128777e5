"""Golden Record JSON of the excerpts (tests/data/golden/records).

Regenerate on purpose only:
``MNPIA_UPDATE_GOLDENS=1 .venv/bin/pytest tests/ingest/test_golden_records.py``
and review ``git diff tests/data/golden/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from ingest_testdata import DATA

from ingest.pipeline import extract_file
from ingest.record_json import result_to_json

GOLDEN = DATA / "golden" / "records"
UPDATE = os.environ.get("MNPIA_UPDATE_GOLDENS") == "1"


def _differences(expected: Any, got: Any, path: str = "") -> list[str]:
    """A readable list of the places where two JSON values differ."""
    if isinstance(expected, dict) and isinstance(got, dict):
        found: list[str] = []
        for key in sorted(set(expected) | set(got)):
            if key not in got:
                found.append(f"{path}/{key}: missing (expected {expected[key]!r})")
            elif key not in expected:
                found.append(f"{path}/{key}: unexpected {got[key]!r}")
            else:
                found += _differences(expected[key], got[key], f"{path}/{key}")
        return found
    if isinstance(expected, list) and isinstance(got, list):
        found = (
            [f"{path}: {len(got)} items, expected {len(expected)}"]
            if len(got) != len(expected)
            else []
        )
        for index, (a, b) in enumerate(zip(expected, got, strict=False)):
            found += _differences(a, b, f"{path}[{index}]")
        return found
    return [] if expected == got else [f"{path}: {got!r}, expected {expected!r}"]


def test_golden_records(excerpt_file: Path) -> None:
    records = result_to_json(extract_file(excerpt_file))
    golden = GOLDEN / f"{excerpt_file.stem}.json"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_text(
            json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    if not golden.is_file():
        pytest.fail(f"no golden file {golden}; run with MNPIA_UPDATE_GOLDENS=1 to create it")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    differences = _differences(expected, records)
    assert not differences, "records differ from the golden file:\n" + "\n".join(differences)


def test_every_excerpt_has_a_golden_file(excerpt_file: Path) -> None:
    assert (GOLDEN / f"{excerpt_file.stem}.json").is_file()
