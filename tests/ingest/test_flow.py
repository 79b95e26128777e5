"""Tests of the 別添1 事務の内容 extractor: numbered steps, actors, data, diagram labels."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from ingest_expected import load_part, record_mismatches
from ingest_helpers import extract_text

from ingest.extractors import EXTRACTORS, Extraction, ExtractionContext
from ingest.extractors.change import extract_changes
from ingest.extractors.flow import diagram_labels, step_data, step_marker
from ingest.pipeline import extract_file
from ingest.record_json import result_to_json
from ingest.records import FlowStep
from ingest.section import Section

CHANGES = (
    "(別添3) 変更箇所\n変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明\n"
    "令和7年8月1日\tⅥ 3 ①実施日\t令和6年11月7日\t令和7年10月1日\t事後\t③\n"
)


def _steps(body: str, before: str = "") -> tuple[FlowStep, ...]:
    return extract_text(before + "(別添1) 事務の内容\n(備考)\n" + body + CHANGES).flow_steps


def test_circled_steps_with_actors_and_data() -> None:
    steps = _steps(
        "【収納関連業務の流れ】\n"
        "- ①X税システムから連携された賦課決定・更正情報を取りこむ。\n"
        "- ②収納消込業務受託者から、住民・特別徴収事業所が納付した収納情報を入手し、"
        "収納システムに取り込む。\n"
        "- ③マルチペイメントネットワーク (MPN)に納付用情報を連携する。\n"
    )
    assert [(s.no, s.line) for s in steps] == [(1, 4), (2, 5), (3, 6)]
    first, second, third = steps
    assert first.text == "X税システムから連携された賦課決定・更正情報を取りこむ。"
    assert first.actors == ("X税システム",)
    assert first.data == ("賦課決定・更正情報",)
    assert second.actors == ("収納消込業務受託者", "住民等", "特別徴収事業所", "収納システム")
    assert second.data == ("収納情報",)
    assert third.actors == ("マルチペイメントネットワーク",)


def test_titled_steps_and_a_diagram_that_opens_no_step() -> None:
    steps = _steps(
        "1.届出\n・被保険者の資格取得に関する届出を受理する。\n"
        "2.報告\n・受理した各種届などを日本年金機構へ送付する。\n"
        "3.送付\n・受給者情報を日本年金機構からA市へ送付する。\n\n"
        "市\n\n民\n\n2.報告\n\n日\n本\n年\n金\n機\n構\n\nA市\n\n窓口端末3.送付\n"
        "特定個人情報の流れ\n"
    )
    assert [s.no for s in steps] == [1, 2, 3]
    first, second, third = steps
    assert first.text == "届出 ・被保険者の資格取得に関する届出を受理する。"
    assert first.actors == ("住民等",)
    assert first.data == ("被保険者の資格取得に関する届出",)
    assert second.actors == ("日本年金機構",)
    assert second.data == ("各種届",)
    # A市 is a node of the diagram; 窓口端末 is printed with the edge label of step 3.
    assert third.actors == ("日本年金機構", "A市", "窓口端末")


def test_document_system_names_are_canonical() -> None:
    steps = _steps(
        "①宛名システムから口座振替管理システムに宛名情報を連携する。\n",
        before="①システムの名称\t宛名システム(税務システムの一部)\n",
    )
    assert steps[0].actors == ("宛名システム(税務システムの一部)", "口座振替管理システム")


def test_step_markers() -> None:
    assert step_marker("㉑個人番号を含む住民データの授受。") == (
        "circled",
        21,
        "個人番号を含む住民データの授受。",
    )
    assert step_marker("(3) 申請") == ("parenthesised", 3, "申請")
    assert step_marker("3.申請") == ("dotted", 3, "申請")
    assert step_marker("特定個人情報の流れ") is None


def test_data_phrases() -> None:
    assert step_data("個人番号を含む住民データの授受。") == ("個人番号を含む住民データ",)
    assert step_data("イメージ管理システムへ個人番号を含むデータファイルを連携される。") == (
        "個人番号を含むデータファイル",
    )
    assert step_data("換価代金を受領した後、配当計算書・充当通知書を滞納者に発送する。") == (
        "換価代金",
        "配当計算書・充当通知書",
    )
    assert step_data("申請に応じて、納税証明書を発行する。") == ("納税証明書",)
    assert step_data("滞納者に対して催告書を発送する。") == ("催告書",)


def test_vertical_labels_and_broken_words_are_joined() -> None:
    lines = [(1, "市"), (3, "民"), (5, "(被"), (6, "保"), (7, "険"), (8, "者"), (9, ")"),
             (12, "業務共通シ"), (14, "ステム"), (16, "千葉市")]  # fmt: skip
    assert diagram_labels(lines) == [
        (1, "市民(被保険者)"),
        (12, "業務共通システム"),
        (16, "千葉市"),
    ]


def test_corpus_flow_steps(corpus_file: Path) -> None:
    expected = load_part("flow_steps", corpus_file)
    records = result_to_json(extract_file(corpus_file))
    problems = record_mismatches(records["flow_steps"], expected["steps"], label="no")
    assert not problems, "\n".join(problems)
    found = [
        {"code": i["code"], "form_ref": i["form_ref"], "line": i["line"]}
        for i in records["issues"]
        if i["form_ref"] == "別添1" and "事務の内容" in i["message"]
    ]
    assert found == expected["issues"]


def test_steps_say_whether_they_carry_personal_numbers() -> None:
    steps = _steps(
        "①個人番号を含む住民データの授受。\n"
        "②申請書(個人番号を含まない)を受け付ける。\n"
        "③督促状を発送する。\n"
        "④情報提供ネットワークシステムより照会する。\n"
    )
    assert [s.personal_number for s in steps] == [True, False, None, True]


def test_a_legend_lists_steps_under_each_kind() -> None:
    steps = _steps(
        "①Aシステムから賦課情報を取り込む。\n"
        "②申請書を受理する。\n"
        "③個人番号を検索する。\n"
        "【個人番号を含む情報の流れ】①\n"
        "【個人番号を含まない情報の流れ】②③\n"
    )
    # The legend outranks the words of a step (③ names 個人番号 but is listed as without).
    assert [s.personal_number for s in steps] == [True, False, False]


def test_a_bracketed_heading_gives_its_kind_to_the_steps_under_it() -> None:
    steps = _steps(
        "【特定個人情報の流れ】\n"
        "①Aシステムから賦課情報を取り込む。\n"
        "②Bシステムへ送付する。\n"
        "【特定個人情報以外の流れ】\n"
        "③納税証明書を発行する。\n"
    )
    assert [(s.no, s.personal_number) for s in steps] == [(1, True), (2, True), (3, False)]


def test_the_labels_of_a_drawing_give_no_kind() -> None:
    # The legend of a drawing printed as text: its lines are lost, it lists no step.
    steps = _steps(
        "1.届出\n・届出を受理する。\n2.報告\n・届書を日本年金機構へ送付する。\n\n"
        "特定個人情報の流れ\n\n特定個人情報以外の流れ\n"
    )
    assert [s.personal_number for s in steps] == [None, None]


def test_the_change_history_lists_steps_under_kinds() -> None:
    changes = (
        "(別添3) 変更箇所\n変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明\n"
        # Newest first in the table; read oldest first. ⑧ of this older row is now step ⑨
        # (its label names that step's text): a renumbered drawing.
        "令和7年12月9日\t(別添1)事務内容\t-\t下記の事務について、【個人番号を含む情報の流れ】"
        "として追加 ・⑨滞納者の実態調査【電子】\t事前\t再実施\n"
        "令和6年9月4日\t(別添1) 事務内容\t【個人番号を含む情報の流れ】として記載 ・②各種申請"
        "【窓口】 ・⑧滞納者の実態調査【紙】\t下記の事務について、【個人番号を含まない情報の流れ】"
        "として記載 ・②各種申請【窓口】 ・⑧滞納者の実態調査【紙】\t事後\t修正\n"
        "令和5年1月27日\tⅠ 2 ②事務の内容\t-\t【個人番号を含む情報の流れ】 ①\t事後\t修正\n"
    )
    text = (
        "(別添1) 事務の内容\n(備考)\n"
        "①Aシステムから賦課情報を取り込む。\n"
        "②窓口で各種申請を受け付ける。\n"
        "⑧決算資料を会計部門へ提示する。\n"
        "⑨滞納者の実態調査を国税庁に対し行う。\n" + changes
    )
    steps = extract_text(text).flow_steps
    # ① is named by a row on another item (Ⅰ 2): not a source. ② was made "without".
    # ⑨ is listed "without" on paper (as ⑧) and "with" electronically: it carries some.
    assert [(s.no, s.personal_number) for s in steps] == [
        (1, None),
        (2, False),
        (8, None),
        (9, True),
    ]


def test_the_change_history_is_read_once_for_the_flow_and_the_pipeline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """別添1 consults the change history before the pipeline reaches 別添3: both share one
    reading of it through the context (no second extraction of the table)."""
    calls: list[int] = []

    def counted(section: Section, context: ExtractionContext) -> Extraction:
        calls.append(section.start)
        return extract_changes(section, context)

    registry = tuple(
        replace(e, extract=counted) if e.extract is extract_changes else e for e in EXTRACTORS
    )
    monkeypatch.setattr("ingest.extractors.flow.extract_changes", counted)
    monkeypatch.setattr("ingest.pipeline.EXTRACTORS", registry)
    text = (
        "(別添1) 事務の内容\n(備考)\n【個人番号を含む情報の流れ】 ①\n"
        "①Aシステムから賦課情報を取り込む。\n②窓口で各種申請を受け付ける。\n" + CHANGES
    )
    result = extract_text(text)
    assert len(result.changes) == 1
    assert len(calls) == 1
