"""Tests of ingest.extractors.basis: Ⅰ 3 ファイル名, Ⅰ 5 個人番号の利用, Ⅰ 6 情報連携."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ingest_helpers import codes, extract_text, source_of
from ingest_sections import file_records, source_records
from ingest_testdata import DATA

from ingest.citation import Citation
from ingest.form import SectionKind, form_ref
from ingest.pipeline import extract_file
from ingest.records import IssueCode

KINDS = (SectionKind.FILE_NAME, SectionKind.NUMBER_USE, SectionKind.NETWORK_LINKAGE)
CITATION_KEYS = ("law_id", "article", "paragraph", "item", "table", "rows", "local", "line")


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (DATA / "expected" / "basis" / f"{path.stem}.json").read_text(encoding="utf-8")
    )
    return data


def _citation(citation: Citation) -> dict[str, Any]:
    fields = {key: getattr(citation, key) for key in CITATION_KEYS}
    fields["rows"] = list(citation.rows)
    return fields


@cache
def _own_issues(path: Path) -> list[tuple[str, str | None, int | None]]:
    """The issues of Ⅰ 3/5/6: the extractors' own, and SECTION_MISSING from the pipeline."""
    result = extract_file(path)
    kind = result.document.kind
    references = {form_ref(k, kind) for k in KINDS}
    missing = [
        (i.code.value, i.form_ref, i.line)
        for i in result.issues
        if i.code is IssueCode.SECTION_MISSING and i.form_ref in references
    ]
    own = [(i.code.value, i.form_ref, i.line) for i in file_records(path, *KINDS).issues]
    return sorted(missing + own, key=str)


def test_every_corpus_text_has_expected_basis(corpus_file: Path) -> None:
    assert (DATA / "expected" / "basis" / f"{corpus_file.stem}.json").is_file()


def test_file_names(corpus_file: Path) -> None:
    got = file_records(corpus_file, *KINDS).file_names
    assert list(got) == _expected(corpus_file)["file_names"]


def test_mynumber_use_basis(corpus_file: Path) -> None:
    got = file_records(corpus_file, *KINDS).mynumber_use_basis
    assert [_citation(c) for c in got] == _expected(corpus_file)["mynumber_use_basis"]


def test_network_linkage(corpus_file: Path) -> None:
    got = file_records(corpus_file, *KINDS).network_linkage
    want = _expected(corpus_file)["network_linkage"]
    if want is None:
        assert got is None
        return
    assert got is not None
    assert (got.status, got.line) == (want["status"], want["line"])
    assert [_citation(c) for c in got.basis] == want["basis"]
    if "basis_text" in want:
        assert got.basis_text == want["basis_text"]
    else:
        assert got.basis_text is not None
        assert got.basis_text.startswith(want["basis_text_startswith"])
        assert got.basis_text.endswith(want["basis_text_endswith"])


def test_issues(corpus_file: Path) -> None:
    want = sorted(
        ((i["code"], i["form_ref"], i["line"]) for i in _expected(corpus_file)["issues"]), key=str
    )
    assert _own_issues(corpus_file) == want


def test_the_pipeline_keeps_what_the_body_states(corpus_file: Path) -> None:
    result = extract_file(corpus_file)
    own = file_records(corpus_file, *KINDS)
    assert result.file_names[: len(own.file_names)] == own.file_names
    if own.mynumber_use_basis:
        assert result.mynumber_use_basis[: len(own.mynumber_use_basis)] == own.mynumber_use_basis
    if own.network_linkage is not None:
        assert result.network_linkage.status == own.network_linkage.status
        assert result.network_linkage.basis == own.network_linkage.basis


# --- small texts -------------------------------------------------------------------------------

HEAD = "Ⅰ 基本情報\n"


def _records(body: str) -> Any:
    return source_records(source_of(HEAD + body), *KINDS)


def test_several_files_are_listed_in_order() -> None:
    got = _records(
        "3. 特定個人情報ファイル名\n(1) 住民税ファイル\n(2) 宛名ファイル、 課税台帳ファイル\n"
    )
    assert got.file_names == ("住民税ファイル", "宛名ファイル", "課税台帳ファイル")


def test_a_file_name_heading_without_a_name_is_field_missing() -> None:
    got = _records(
        "3. 特定個人情報ファイル名\n5. 個人番号の利用 ※\n法令上の根拠 番号法第9条第1項 別表24の項\n"
    )
    assert [i.code for i in got.issues] == [IssueCode.FIELD_MISSING]
    assert got.mynumber_use_basis[0].rows == ("24",)


def test_a_citation_that_cannot_be_read_is_unparsed_citation() -> None:
    got = _records("5. 個人番号の利用 ※\n法令上の根拠 番号法第9条第1項、番号法第19号第1号\n")
    assert [c.article for c in got.mynumber_use_basis] == ["9"]
    assert [i.code for i in got.issues] == [IssueCode.UNPARSED_CITATION]
    assert "番号法第19号第1号" in got.issues[0].message


def test_a_basis_over_two_lines_keeps_the_line_where_each_citation_starts() -> None:
    got = _records(
        "5. 個人番号の利用 ※\n法令上の根拠 番号法第9条第1項 別表24の項\n地方税法第294条第3項\n"
    )
    assert [(c.law_abbrev, c.line) for c in got.mynumber_use_basis] == [
        ("番号法", 3),
        ("地方税法", 4),
    ]


def test_linkage_without_a_selected_choice_is_no_selection() -> None:
    got = _records(
        "6. 情報提供ネットワークシステムによる情報連携 ※\n"
        "①実施の有無 <選択肢> 1) 実施する 2) 実施しない 3) 未定\n②法令上の根拠 -\n"
    )
    assert got.network_linkage.status is None
    assert [i.code for i in got.issues] == [IssueCode.NO_SELECTION]


def test_linkage_carried_out_without_a_basis_is_field_missing() -> None:
    got = _records(
        "6. 情報提供ネットワークシステムによる情報連携 ※\n①実施の有無 [ 実施する ]\n"
        "②法令上の根拠 -\n"
    )
    assert got.network_linkage.status == "実施する"
    assert [i.code for i in got.issues] == [IssueCode.FIELD_MISSING]


def test_the_linkage_basis_printed_above_number_use_belongs_to_linkage() -> None:
    """PDF layout: ②法令上の根拠 of Ⅰ 6 printed above the heading of Ⅰ 5 (regression, 001)."""
    got = _records(
        "②法令上の根拠 -\n5. 個人番号の利用 ※\n法令上の根拠 番号法第9条第1項 別表46項\n"
        "6. 情報提供ネットワークシステムによる情報連携 ※\n①実施の有無 [ 実施しない\n"
    )
    assert [c.rows for c in got.mynumber_use_basis] == [("46",)]
    assert got.network_linkage.status == "実施しない"
    assert got.network_linkage.basis == ()


def test_a_text_without_the_items_reports_them_missing() -> None:
    result = extract_text("(別添1) 事務の内容\n①受付\n変更日\t項目\t変更前の記載\t変更後の記載\n")
    missing = {i.form_ref for i in result.issues if i.code is IssueCode.SECTION_MISSING}
    assert {"Ⅰ 3", "Ⅰ 5", "Ⅰ 6"} <= missing
    assert IssueCode.NO_COVER in codes(result)
