"""Ⅳ その他のリスク対策 read after Ⅲ when the text lost Ⅳ's part heading (extractors.risk)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from ingest_helpers import source_of

from ingest.form import SectionKind
from ingest.normalize import normalize_text
from ingest.pipeline import extract_source
from ingest.records import IssueCode, Risk
from ingest.section import text_to_sections
from ingest.source import read_source


def _part_heading_line(text: str) -> int | None:
    """The 1-based raw line of Ⅳ's part heading, or None when the text has no Ⅳ."""
    sections = text_to_sections(normalize_text(text))
    found = [s for s in sections if s.kind is SectionKind.OTHER_MEASURES and s.lines]
    return found[0].raw_line(0) if found else None


def _measures(risks: tuple[Risk, ...]) -> list[Risk]:
    return [risk for risk in risks if (risk.form_ref or "").startswith("Ⅳ")]


def _shifted(risk: Risk, deleted: int) -> Risk:
    """``risk`` as read from the text with raw line ``deleted`` removed."""
    return replace(risk, line=risk.line - 1 if risk.line > deleted else risk.line)


def test_the_items_of_iv_are_read_without_its_part_heading(corpus_file: Path) -> None:
    text = read_source(corpus_file).text
    heading = _part_heading_line(text)
    if heading is None:
        pytest.skip("the text has no Ⅳ")
    intact = extract_source(source_of(text))
    lines = text.split("\n")
    del lines[heading - 1]
    damaged = extract_source(source_of("\n".join(lines)))
    want = [_shifted(risk, heading) for risk in _measures(intact.risks)]
    assert want
    assert _measures(damaged.risks) == want
    others = [risk for risk in intact.risks if not (risk.form_ref or "").startswith("Ⅳ")]
    assert [r for r in damaged.risks if not (r.form_ref or "").startswith("Ⅳ")] == [
        _shifted(risk, heading) for risk in others
    ]
    inferred = [
        found
        for found in damaged.issues
        if found.code is IssueCode.FIELD_MISSING
        and found.form_ref == "Ⅳ"
        and "part heading is not in the text" in found.message
    ]
    assert len(inferred) == 1
    assert not any("part heading is not in the text" in found.message for found in intact.issues)
    missing = [
        found.message
        for found in damaged.issues
        if found.code is IssueCode.SECTION_MISSING and found.form_ref == "Ⅳ"
    ]
    assert missing == [
        "Ⅳ その他のリスク対策 is not in the text; what Ⅲ states about it is used instead"
    ]


BODY = """Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策
7. 特定個人情報の保管・消去
リスク1: 特定個人情報の漏えい・滅失・毀損リスク
リスクに対する措置の内容\t施錠できる書庫に保管する。
リスクへの対策は十分か\t[ 十分である ] <選択肢> 1) 特に力を入れている 2) 十分である
{heading}1. 監査
①自己点検\t[ 十分に行っている ] <選択肢> 1) 特に力を入れて行っている 2) 十分に行っている
具体的なチェック方法\t年に1回、チェックリストを用いて自己点検を行う。
②監査\t[ 十分に行っている ] <選択肢> 1) 特に力を入れて行っている 2) 十分に行っている
2. 従業者に対する教育・啓発
従業者に対する教育・啓発\t[ 特に力を入れて行っている ] <選択肢> 1) 特に力を入れて行っている
3. その他のリスク対策
クラウドサービス事業者の監査報告を年1回確認する。
Ⅴ 開示請求、問合せ
①連絡先\t市民課
"""


def test_a_small_text_without_the_iv_heading() -> None:
    intact = extract_source(source_of(BODY.format(heading="Ⅳ その他のリスク対策\n")))
    damaged = extract_source(source_of(BODY.format(heading="")))
    got = [(r.form_ref, r.name, r.rating, r.measures) for r in _measures(damaged.risks)]
    assert got == [(r.form_ref, r.name, r.rating, r.measures) for r in _measures(intact.risks)]
    assert [r.form_ref for r in _measures(damaged.risks)] == ["Ⅳ 1", "Ⅳ 1", "Ⅳ 2", "Ⅳ 3"]
    assert [r.name for r in damaged.risks if r.form_ref == "Ⅲ 7"] == [
        "特定個人情報の漏えい・滅失・毀損リスク"
    ]


def test_a_stray_numbered_line_in_iii_does_not_start_iv() -> None:
    text = BODY.format(heading="").split("1. 監査")[0] + (
        "1. 特定個人情報ファイル名\n①自己点検の記録\nⅤ 開示請求、問合せ\n①連絡先\t市民課\n"
    )
    result = extract_source(source_of(text))
    assert _measures(result.risks) == []
    assert not any("part heading is not in the text" in found.message for found in result.issues)
