"""Tests of ingest.report: the per-part report of an extraction (``mnpia extract --report``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ingest_helpers import extract_text, source_of
from ingest_testdata import CORPUS

from ingest.form import PART_ORDER, SectionKind, form_ref
from ingest.pipeline import extract_file
from ingest.records import ExtractionResult, InformationFile, Issue, IssueCode
from ingest.report import (
    FAMILIES,
    ExtractionReport,
    PartReport,
    report_to_json,
    result_to_family_counts,
    result_to_report,
    results_to_totals,
)


@cache
def _extracted(name: str) -> ExtractionResult:
    return extract_file(next(CORPUS.glob(f"{name}_*.txt")))


def _part(report: ExtractionReport, reference: str, title: str | None = None) -> PartReport:
    (part,) = (p for p in report.parts if p.form_ref == reference and title in (None, p.title))
    return part


def _tallies(part: PartReport) -> dict[str, tuple[int, int | None]]:
    return {tally.family: (tally.found, tally.declared) for tally in part.tallies}


def test_every_record_and_every_issue_is_in_exactly_one_part(corpus_file: Path) -> None:
    result = _extracted(corpus_file.name[:3])
    report = result_to_report(result)
    assert sum(part.found for part in report.parts) == result.record_count() == report.records
    assert dict(report.families) == dict(result_to_family_counts(result))
    reported = [found for part in report.parts for found in part.issues]
    assert sorted(map(id, reported)) == sorted(map(id, result.issues))


def test_parts_are_in_the_order_of_the_form(corpus_file: Path) -> None:
    result = _extracted(corpus_file.name[:3])
    kind = result.document.kind
    ranks = {form_ref(k, kind): rank for rank, k in enumerate(PART_ORDER)}
    references = [part.form_ref for part in result_to_report(result).parts]
    assert references[0] == "cover"
    order = [ranks[reference.split()[0]] for reference in references[1:]]
    assert order == sorted(order)


def test_declared_counts_of_a_text_that_lists_fewer_or_more_than_it_declares() -> None:
    # 002 line 209: 委託の有無 … ( 7) 件, yet 委託事項1–10 follow; line 364: 提供を行っている
    # ( 65 ) 件 and 移転を行っている ( 27 ) 件, yet the body lists 提供先1–20 (13 without its
    # heading) and 移転先1 (the rest is in 別紙2, which the text lacks).
    report = result_to_report(_extracted("002"))
    (file_part,) = (part for part in report.parts if part.form_ref == "Ⅱ")
    assert file_part.title == "1 住民税賦課情報ファイル"
    assert _tallies(file_part) == {
        "files": (1, None),
        "delegations": (10, 7),
        "provisions": (20, 65),
        "transfers": (1, 27),
    }
    assert dict(file_part.issue_counts)[IssueCode.COUNT_MISMATCH] == 3
    assert file_part.line == 168


def test_basic_information_and_its_issues() -> None:
    # 002 Ⅰ 2 lists システム1–17; the block heading システム16~20 (line 137) is followed by
    # システム16 and 17 only.
    basic = _part(result_to_report(_extracted("002")), "Ⅰ")
    assert _tallies(basic)["systems"] == (17, None)
    assert dict(basic.issue_counts)[IssueCode.COUNT_MISMATCH] == 1


def test_a_part_the_text_lacks_is_a_row_with_nothing_found() -> None:
    # 004 is a 重点項目評価書 without Ⅲ 4 委託 and Ⅲ 5 提供・移転; its 監査 (Ⅲ 8) has no ticked
    # box; its 別添1 is the 記録項目 list and 別添2 the change history.
    report = result_to_report(_extracted("004"))
    entrusting = _part(report, "Ⅲ 4")
    assert (entrusting.title, entrusting.found) == ("委託", 0)
    assert [code for code, _n in entrusting.issue_counts] == [IssueCode.SECTION_MISSING]
    audit = _part(report, "Ⅲ 8")
    assert (audit.title, audit.found) == ("監査", 0)
    assert audit.issue_counts == ((IssueCode.NO_SELECTION, 1),)
    assert _part(report, "別添1").title == "特定個人情報ファイル記録項目"
    assert _part(report, "別添2").title == "変更箇所"


def test_annex_tables_and_missing_sheets() -> None:
    # 000 is a fragment: no cover, no Ⅱ; its 別紙 tables list 提供先/移転先, 条例 requesters and
    # 重大事故 incidents. 002 refers to 別紙2 and 別紙3, which it lacks.
    fragment = result_to_report(_extracted("000"))
    assert _part(fragment, "cover").issue_counts == ((IssueCode.NO_COVER, 1),)
    sheets = _part(fragment, "別紙")
    assert all(found for found, _declared in _tallies(sheets).values())
    missing = _part(result_to_report(_extracted("002")), "別紙")
    assert missing.found == 0
    assert missing.issue_counts == ((IssueCode.SECTION_MISSING, 2),)


def test_issues_of_two_files_go_to_the_file_they_are_in() -> None:
    files = (
        InformationFile(no=1, name="A情報ファイル", delegation_count=2, line=10),
        InformationFile(no=2, name="B情報ファイル", delegation_count=1, line=50),
    )
    issues = (
        Issue(code=IssueCode.COUNT_MISMATCH, message="…", line=12, form_ref="Ⅱ 4"),
        Issue(code=IssueCode.NO_SELECTION, message="…", line=55, form_ref="Ⅱ 2"),
        Issue(code=IssueCode.FIELD_MISSING, message="…", line=None, form_ref="Ⅱ 5"),
        Issue(code=IssueCode.SECTION_MISSING, message="…", line=None, form_ref="Ⅲ 4"),
    )
    result = ExtractionResult(source=source_of(""), files=files, issues=issues)
    first, second, entrusting = result_to_report(result).parts
    assert (first.form_ref, first.title, first.line) == ("Ⅱ", "1 A情報ファイル", 10)
    assert [i.line for i in first.issues] == [12, None]
    assert (second.title, [i.line for i in second.issues]) == ("2 B情報ファイル", [55])
    assert _tallies(second)["delegations"] == (0, 1)
    assert (entrusting.form_ref, entrusting.title, entrusting.found) == ("Ⅲ 4", "委託", 0)


def test_totals_add_up_over_documents() -> None:
    results = [_extracted(name) for name in ("000", "001", "002", "003", "004")]
    families, codes = results_to_totals(results)
    assert [family for family, _n in families] == [family for family, _label in FAMILIES]
    assert sum(n for _f, n in families) == sum(r.record_count() for r in results)
    assert sum(n for _c, n in codes) == sum(len(r.issues) for r in results)
    # Delegations: 001 委託事項1–3, 002 委託事項1–10, 003 and 004 委託事項1 (000 has no Ⅱ).
    assert dict(families)["delegations"] == 15


def test_report_json_keeps_the_figures() -> None:
    report = result_to_report(_extracted("002"))
    data = report_to_json(report)
    assert data["status"] == "partial"
    assert data["records"] == dict(report.families)
    assert sum(part["found"] for part in data["parts"]) == report.records
    (file_part,) = (part for part in data["parts"] if part["form_ref"] == "Ⅱ")
    delegations = next(t for t in file_part["tallies"] if t["family"] == "delegations")
    assert (delegations["found"], delegations["declared"]) == (10, 7)
    assert delegations["label"] == "委託事項"
    assert {i["code"] for i in file_part["issues"]} >= {"COUNT_MISMATCH", "NO_SELECTION"}


def test_report_of_a_text_that_is_not_an_assessment() -> None:
    report = result_to_report(extract_text("Shopping list: eggs, milk."))
    assert [(part.form_ref, part.found) for part in report.parts] == [("—", 0)]
    assert report.issue_counts == ((IssueCode.SECTION_MISSING, 1),)


def test_risk_parts_are_titled_by_their_stage() -> None:
    report = result_to_report(_extracted("003"))
    titles = {part.form_ref: part.title for part in report.parts if part.form_ref[0] in "ⅢⅣ"}
    assert titles == {
        "Ⅲ 2": "入手",
        "Ⅲ 3": "使用",
        "Ⅲ 4": "委託",
        "Ⅲ 5": "提供・移転",
        "Ⅲ 6": "情報提供ネットワークシステムとの接続",
        "Ⅲ 7": "保管・消去",
        "Ⅳ 1": "監査",
        "Ⅳ 2": "従業者に対する教育・啓発",
        "Ⅳ 3": "その他のリスク対策",
    }
    assert form_ref(SectionKind.RISK_MEASURES, report.document_kind) == "Ⅲ"
