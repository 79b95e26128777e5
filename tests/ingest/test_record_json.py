"""Tests of ingest.record_json: the Record JSON shape of DESIGN.md."""

from __future__ import annotations

import json
from pathlib import Path

from ingest_helpers import extract_text

from ingest.pipeline import extract_file
from ingest.record_json import result_to_json


def test_keys_and_types(corpus_file: Path) -> None:
    records = result_to_json(extract_file(corpus_file))
    design_keys = {
        "document", "affair", "systems", "mynumber_use_basis", "network_linkage", "files",
        "flow_steps", "risks", "changes", "incidents", "issues",
    }  # fmt: skip
    extra_keys = {"source", "status", "file_names", "data_items", "annex_provisions", "requesters"}
    assert set(records) == design_keys | extra_keys
    assert set(records["source"]) == {"id", "sha256", "encoding"}
    assert set(records["document"]) >= {
        "kind", "org", "municipality", "number", "title", "form", "published", "line",
    }  # fmt: skip
    assert set(records["affair"]) >= {
        "name", "population", "department", "head_title", "other_assessors", "line",
    }  # fmt: skip
    for system in records["systems"]:
        assert set(system) >= {
            "no",
            "name",
            "functions",
            "connections",
            "connections_other",
            "line",
        }
        assert isinstance(system["connections"], list)
        assert isinstance(system["line"], int)
    for issue in records["issues"]:
        assert set(issue) == {"code", "message", "line", "form_ref"}
    assert json.loads(json.dumps(records, ensure_ascii=False)) == records


def test_dates_are_iso_strings() -> None:
    result = extract_text(
        "評価書番号\n1\n評価書名\nX\n公表日\n令和7年11月26日\n"
        "項目一覧\nⅠ 基本情報\nⅡ 特定個人情報ファイルの概要\n"
    )
    records = result_to_json(result)
    assert records["document"]["published_date"] == "2025-11-26"
    assert records["status"] == "partial"
    assert records["issues"][0]["code"] == "SECTION_MISSING"
