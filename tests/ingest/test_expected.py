"""The extraction of each corpus text against its hand-verified facts (tests/data/expected)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ingest_testdata import DATA

from ingest.pipeline import extract_file
from ingest.record_json import result_to_json

DOCUMENT_KEYS = (
    "kind",
    "org",
    "municipality",
    "number",
    "title",
    "form",
    "published",
    "published_date",
)
AFFAIR_KEYS = ("name", "population", "department", "head_title", "other_assessors")


@cache
def _records(path: Path) -> dict[str, Any]:
    return result_to_json(extract_file(path))


def _expected(path: Path) -> dict[str, Any]:
    return json.loads((DATA / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))


def test_every_corpus_text_has_expected_facts(corpus_file: Path) -> None:
    assert (DATA / "expected" / f"{corpus_file.stem}.json").is_file()


def test_document_fields(corpus_file: Path) -> None:
    got, expected = _records(corpus_file)["document"], _expected(corpus_file)["document"]
    assert {key: got[key] for key in DOCUMENT_KEYS} == expected


def test_affair_fields(corpus_file: Path) -> None:
    got, expected = _records(corpus_file)["affair"], _expected(corpus_file)["affair"]
    assert {key: got[key] for key in AFFAIR_KEYS} == {key: expected[key] for key in AFFAIR_KEYS}
    if "summary_startswith" in expected:
        assert got["summary"].startswith(expected["summary_startswith"])
        assert got["summary"].endswith(expected["summary_endswith"])


def test_every_system_is_read(corpus_file: Path) -> None:
    got, expected = _records(corpus_file)["systems"], _expected(corpus_file)["systems"]
    assert [(s["no"], s["name"]) for s in got] == [(s["no"], s["name"]) for s in expected]


def test_system_connections(corpus_file: Path) -> None:
    got, expected = _records(corpus_file)["systems"], _expected(corpus_file)["systems"]
    for system, wanted in zip(got, expected, strict=True):
        assert system["form_ref"] == wanted.get("form_ref", "Ⅰ 2")
        if wanted.get("connections_known", True):
            assert system["connections"] == wanted["connections"], system["name"]
            assert system["connections_other"] == wanted["connections_other"], system["name"]
        else:
            assert system["connections"] == []
        if "functions_startswith" in wanted:
            assert system["functions"].startswith(wanted["functions_startswith"]), system["name"]


def test_issue_codes_and_status(corpus_file: Path) -> None:
    got, expected = _records(corpus_file), _expected(corpus_file)
    assert sorted({issue["code"] for issue in got["issues"]}) == expected["issue_codes"]
    assert got["status"] == expected["status"]
