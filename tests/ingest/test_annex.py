"""Tests of the 別紙 annex extractor: provision lists, requesters, incidents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest_expected import load_part, record_mismatches
from ingest_helpers import codes, extract_text

from ingest.pipeline import extract_file
from ingest.record_json import result_to_json
from ingest.records import IssueCode

FLOW = "(別添1) 事務の内容\n①受付する。\n"
CHANGES = (
    "(別添3) 変更箇所\n変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明\n"
    "令和7年8月1日\tⅥ 3 ①実施日\t令和6年11月7日\t令和7年10月1日\t事後\t③\n\n"
)


def test_provision_list_across_page_breaks() -> None:
    result = extract_text(
        FLOW
        + CHANGES
        + "提供先\t法令上の根拠\t提供先における用途\n"
        + "厚生労働大臣\t提供省令第2条の表の第1項\t健康保険に関する事務\n\n"
        + "## 別紙 1\n\n提供先\t法令上の根拠\t提供先における用途\n"
        + "全国健康保険協会\t提供省令第2条の表の第2項\t保険給付の支給に関する事務\n\n"
        + "## 別紙 1\n\n提供先\t法令上の根拠\t提供先における用途\n"
        + "市町村長\t提供省令第2条の表の第15項\t障害児通所給付費の支給に関する事務\n"
    )
    provisions = result.annex_provisions
    assert [(p.no, p.recipient) for p in provisions] == [
        (1, "厚生労働大臣"),
        (2, "全国健康保険協会"),
        (3, "市町村長"),
    ]
    first = provisions[0]
    assert (first.source_form_ref, first.direction) == ("別紙", "提供")
    assert first.purpose == "健康保険に関する事務"
    assert first.basis_text == "提供省令第2条の表の第1項"
    (citation,) = first.basis
    assert (citation.table, citation.rows) == ("2", ("1",))
    assert first.line == 8
    assert result.changes[0].item == "Ⅵ 3 ①実施日"


def test_transfer_table_with_numbers_methods_and_timing() -> None:
    result = extract_text(
        FLOW
        + CHANGES
        + "## 別紙 1\n\n提供先\t法令上の根拠\t提供先における用途\n"
        + "市町村長\t提供省令第2条の表の第48項\t地方税の賦課徴収に関する事務\n\n"
        + "(別紙2) 利用特定個人情報提供省令第2条の表に定める事務\n\n"
        + "番号\t法令上の根拠\t移転先\t移転先における用途\t移転方法\t時期・頻度\n"
        + "6\t提供省令第2条の表第42項\t保護課\t生活保護の事務\t庁内連携システム、紙\t6月、11月\n"
        + "11\t提供省令第2条の表第81項\t健全育成課\t児童扶養手当の事務\t"
        "電子記録媒体（フラッシュメモリを除く。）\t随時\n"
    )
    transfers = [p for p in result.annex_provisions if p.direction == "移転"]
    assert [(p.no, p.recipient, p.timing) for p in transfers] == [
        (6, "保護課", "6月、11月"),
        (11, "健全育成課", "随時"),
    ]
    assert transfers[0].methods == ("庁内連携システム", "紙")
    assert transfers[1].methods == ("電子記録媒体（フラッシュメモリを除く。）",)


def test_requesters_read_back_references_with_the_basis_above() -> None:
    result = extract_text(
        FLOW
        + CHANGES
        + "## 別紙3 個人番号の利用に関する条例に定める情報照会者\n\n"
        + "機関\t移転先における用途\t法令上の根拠\n"
        + "市長\t生活に困窮する外国人に対する保護の事務\tX市番号利用条例施行規則第1条\n"
        + "市長\t子どもの医療費の助成に関する事務\t同第2条\n"
    )
    first, second = result.requesters
    assert (first.name, first.purpose) == ("市長", "生活に困窮する外国人に対する保護の事務")
    assert [c.article for c in first.basis] == ["1"]
    assert second.basis_text == "同第2条"
    assert [(c.article, c.line) for c in second.basis] == [("2", second.line)]
    assert IssueCode.UNPARSED_CITATION not in codes(result)


def test_incidents_with_a_continuation_row() -> None:
    result = extract_text(
        FLOW
        + CHANGES
        + "別紙4 個人情報に関する重大事故の内容等\n\n"
        + "年度\t事案の内容\t類型\t再発防止策\n"
        + "R4\t証明書を誤って同封した。\t要配慮\tマニュアルを作成した。\n\n"
        + "R5\t委託業者の従業者が情報を持ち出した。\t100人以上\tは、接続できないようにした。\n"
        + "\t\t不正目的\t引き続き調査を継続する。\n"
    )
    first, second = result.incidents
    assert (first.year, first.type, first.measures) == ("R4", "要配慮", "マニュアルを作成した。")
    assert second.type == "100人以上 不正目的"
    assert second.measures == "は、接続できないようにした。 引き続き調査を継続する。"


def test_an_annex_without_a_table_is_an_empty_template() -> None:
    result = extract_text(FLOW + CHANGES + "別紙1\n(なし)\n")
    assert IssueCode.EMPTY_TEMPLATE in codes(result)


def _annex_records(records: dict[str, Any]) -> list[dict[str, Any]]:
    got: list[dict[str, Any]] = []
    for p in records["annex_provisions"]:
        got.append(
            {
                "kind": "provision",
                "line": p["line"],
                "no": p["no"],
                "direction": p["direction"],
                "recipient": p["recipient"],
                "basis_text": p["basis_text"],
                "basis_rows": [row for c in p["basis"] for row in c["rows"]],
                "purpose": p["purpose"],
                "methods": p["methods"],
                "timing": p["timing"],
                "source_form_ref": p["source_form_ref"],
            }
        )
    for r in records["requesters"]:
        got.append(
            {
                "kind": "requester",
                "line": r["line"],
                "name": r["name"],
                "purpose": r["purpose"],
                "basis_text": r["basis_text"],
                "basis_articles": [c["article"] for c in r["basis"]],
            }
        )
    got += [{"kind": "incident", **incident} for incident in records["incidents"]]
    return got


def test_corpus_annex_records(corpus_file: Path) -> None:
    expected = load_part("annex", corpus_file)
    records = result_to_json(extract_file(corpus_file))
    assert len(records["annex_provisions"]) == expected["provisions_count"]
    assert len(records["requesters"]) == expected["requesters_count"]
    assert len(records["incidents"]) == expected["incidents_count"]
    problems = record_mismatches(_annex_records(records), expected["records"])
    assert not problems, "\n".join(problems[:40])
    assert all(p["source_form_ref"] == "別紙" for p in records["annex_provisions"])


def test_corpus_annex_findings(corpus_file: Path) -> None:
    expected = load_part("annex", corpus_file)
    issues = result_to_json(extract_file(corpus_file))["issues"]
    found = [
        {"code": i["code"], "form_ref": i["form_ref"], "line": i["line"]}
        for i in issues
        if (i["form_ref"] or "").startswith("別紙") and i["code"] == "SECTION_MISSING"
    ]
    assert found == expected["issues"]
