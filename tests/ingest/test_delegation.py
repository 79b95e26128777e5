"""Ⅱ 4 委託 (ingest/extractors/delegation.py): synthetic blocks and the five corpus texts."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from ingest_blocks import block_of, empty_block, record_mismatches, text_block, text_to_block
from ingest_testdata import CORPUS, DATA

from ingest.extractors.base import ExtractionContext
from ingest.extractors.delegation import DelegationBlock, extract_delegations
from ingest.normalize import normalize_text
from ingest.records import IssueCode
from ingest.section import text_to_sections
from ingest.source import read_source

EXPECTED = DATA / "expected" / "delegations"


def read(text: str) -> DelegationBlock:
    return extract_delegations(text_block(text), ExtractionContext())


def codes(result: DelegationBlock) -> list[IssueCode]:
    return [found.code for found in result.issues]


ROWS = """4. 特定個人情報ファイルの取扱いの委託
委託の有無 ※\t[ 委託する ] <選択肢> 1) 委託する 2) 委託しない ( 2 ) 件
委託事項1\t帳票の印刷
①委託内容\t納税通知書の印刷及び封入封緘
②取扱いを委託する特定個人情報ファイルの範囲\t[ 特定個人情報ファイルの一部 ] <選択肢>
\t対象となる本人の数\t[ 10万人以上100万人未満 ] <選択肢> 1) 1万人未満 2) 1万人以上10万人未満
\t対象となる本人の範囲 ※\t納税義務者
\tその妥当性\t大量の印刷を短期間に行うため。
③委託先における取扱者数\t[ 10人以上50人未満 ] <選択肢> 1) 10人未満 2) 10人以上50人未満
④委託先への特定個人情報ファイルの提供方法\t[ ] 専用線 [ ] 電子メール [○] 電子記録媒体
\t[ ] フラッシュメモリ [○] 紙 [ ] その他 ( )
⑤委託先名の確認方法\t問合せがあれば回答する。
⑥委託先名\t(株)みなと印刷
再委託\t⑦再委託の有無 ※\t[ 再委託する ] <選択肢> 1) 再委託する 2) 再委託しない
\t⑧再委託の許諾方法\t書面による承諾
\t⑨再委託事項\t封入封緘作業
委託事項2～5
委託事項2\tシステムの保守
①委託内容\t税務システムの保守
⑥委託先名\tＸＹＺシステムズ株式会社
⑦再委託の有無 ※\t[ 再委託しない ] <選択肢> 1) 再委託する 2) 再委託しない
⑧再委託の許諾方法
⑨再委託事項
委託事項6～10
"""


def test_a_table_of_rows_gives_every_field() -> None:
    result = read(ROWS)
    assert (result.present, result.count) == (True, 2)
    first, second = result.delegations
    assert asdict(first) == {
        "no": 1,
        "name": "帳票の印刷",
        "content": "納税通知書の印刷及び封入封緘",
        "subjects": "特定個人情報ファイルの一部",
        "subject_count": "10万人以上100万人未満",
        "subject_scope": "納税義務者",
        "scope_reason": "大量の印刷を短期間に行うため。",
        "handlers": "10人以上50人未満",
        "methods": ("電子記録媒体（フラッシュメモリを除く。）", "紙"),
        "contractor": "株式会社みなと印刷",
        "contractor_confirmation": "問合せがあれば回答する。",
        "subcontract": True,
        "subcontract_method": "書面による承諾",
        "subcontract_content": "封入封緘作業",
        "subcontractors": (),
        "line": 3,
    }
    assert (second.no, second.name, second.contractor) == (
        2,
        "システムの保守",
        "XYZシステムズ株式会社",
    )
    assert (second.subcontract, second.subcontract_method, second.line) == (False, None, 18)
    assert result.issues == ()


def test_labels_split_and_damaged_by_ocr_are_recognised() -> None:
    text = """委託の有無 ※\t[ 委託する ] ( 3) 件
委託事\t項1\t帳票の印刷
①委託内容\t納税通知書の印刷
吸いを委託する特定個 プアイルの範囲\t<選択肢> [ 特定個人情報ファイルの全体 ]
③委託先\tこにおける取扱者数\t<選択肢> 10人未満 10人未満 2)10人以上50人未満
⑥委 詞\t托先名\t(株)みなと印刷
重\t⑦再委託の有無 ※\t[ 再委託しない ] 1)再委託する 2)再委託しない
委託\t事項2\tシステムの保守
①委訂\t托内容\t税務システムの保守
⑥委託先名\t株式会社みなと印刷
9再委託事項\t保守作業の一部
委託\t事項3\t窓口業務
①委託内\t]容\t窓口での受付
"""
    first, second, third = read(text).delegations
    assert (first.name, first.content, first.subjects) == (
        "帳票の印刷",
        "納税通知書の印刷",
        "特定個人情報ファイルの全体",
    )
    assert (first.handlers, first.contractor, first.subcontract) == (
        "10人未満",
        "株式会社みなと印刷",
        False,
    )
    assert (second.content, second.contractor, second.subcontract_content) == (
        "税務システムの保守",
        "株式会社みなと印刷",
        "保守作業の一部",
    )
    assert (third.name, third.content) == ("窓口業務", "窓口での受付")


def test_page_text_with_labels_cut_at_line_ends() -> None:
    text = """4. 特定個人情報ファイルの取扱いの委託
委託の有無 ※
[ 委託する
( 1 ) 件
委託事項1 窓口業務
①委託内容 窓口での受付及び
入力業務
②取扱いを委託する特定個
人情報ファイルの範囲
[ 特定個人情報ファイルの全体
対象となる本人の
数
[ 1万人以上10万人未満
対象となる本人の
範囲 ※
特定個人情報ファイルの範囲と同様
⑥委託先名 株式会社 ひかり人材
再
委
託
⑦再委託の有無 ※ [ 再委託しない
"""
    result = read(text)
    (only,) = result.delegations
    assert (result.present, result.count, only.name) == (True, 1, "窓口業務")
    assert only.content == "窓口での受付及び入力業務"
    assert (only.subjects, only.subject_count) == (
        "特定個人情報ファイルの全体",
        "1万人以上10万人未満",
    )
    assert only.subject_scope == "特定個人情報ファイルの範囲と同様"
    assert (only.contractor, only.subcontract) == ("株式会社ひかり人材", False)


def test_the_focused_form_numbers_its_fields_differently() -> None:
    text = """委託の有無 ※\t[委託する] <選択肢> 1) 委託する 2) 委託しない (1) 件
委託事項1\t検診システムの運用保守
①委託内容\t検診システムの運用保守
②委託先における取扱者数\t[10人未満] <選択肢> 1) 10人未満 2) 10人以上50人未満
③委託先名\tみなと株式会社
再委託\t④再委託の有無 ※\t[再委託しない] <選択肢> 1) 再委託する 2) 再委託しない
\t⑤再委託の許諾方法
\t⑥再委託事項
"""
    (only,) = read(text).delegations
    assert (only.handlers, only.contractor, only.subcontract) == (
        "10人未満",
        "みなと株式会社",
        False,
    )


def test_not_delegating_with_an_empty_template() -> None:
    text = """委託の有無 ※\t[ 委託しない ] <選択肢> 1) 委託する 2) 委託しない ( ) 件
委託事項1
①委託内容
⑥委託先名
⑦再委託の有無 ※\t<選択肢> 1) 再委託する 2) 再委託しない
"""
    result = read(text)
    assert (result.present, result.count, result.delegations) == (False, None, ())
    assert codes(result) == [IssueCode.EMPTY_TEMPLATE]


def test_a_declared_count_that_differs_from_the_items() -> None:
    text = ROWS.replace("( 2 ) 件", "( 5 ) 件")
    result = read(text)
    assert codes(result) == [IssueCode.COUNT_MISMATCH]
    assert "( 5 ) 件" in result.issues[0].message
    assert result.issues[0].form_ref == "Ⅱ 4"


def test_an_item_printed_twice_keeps_the_first() -> None:
    text = ROWS.replace("委託事項6～10", "委託事項2\tシステムの保守\n①委託内容\t別の内容")
    result = read(text)
    assert [d.content for d in result.delegations] == [
        "納税通知書の印刷及び封入封緘",
        "税務システムの保守",
    ]
    assert IssueCode.DUPLICATE_ITEM in codes(result)


def test_a_choice_without_a_selection_is_reported() -> None:
    text = ROWS.replace("[ 10人以上50人未満 ] <選択肢>", "<選択肢>")
    result = read(text)
    assert result.delegations[0].handlers is None
    assert codes(result) == [IssueCode.NO_SELECTION]


def test_fields_printed_away_from_their_items_are_not_guessed() -> None:
    text = """委託の有無 ※
[ 委託する
⑥委託先名 みなと株式会社
⑤委託先名の確認方法 公表している。
委託事項2
①委託内容 システムの保守
⑥委託先名 ひかり株式会社
委託事項1 帳票の印刷
⑥委託先名 そら株式会社
"""
    result = read(text)
    assert [(d.no, d.name, d.contractor) for d in result.delegations] == [
        (1, "帳票の印刷", None),
        (2, None, None),
    ]
    (layout,) = [found for found in result.issues if found.code is IssueCode.FIELD_MISSING]
    assert "みなと株式会社" in layout.message
    assert "そら株式会社" in layout.message


def test_named_subcontractors_are_kept() -> None:
    named = "\t⑨再委託事項\t封入封緘作業。再委託先：㈱そら封入"
    text = ROWS.replace("\t⑨再委託事項\t封入封緘作業", named)
    assert read(text).delegations[0].subcontractors == ("株式会社そら封入",)


def test_an_empty_block_is_a_missing_section() -> None:
    result = extract_delegations(text_block(""), ExtractionContext())
    assert (result.present, result.delegations) == (None, ())
    assert [(i.code, i.form_ref) for i in result.issues] == [(IssueCode.SECTION_MISSING, "Ⅱ 4")]


# --- the corpus ---------------------------------------------------------------------------------


def _expected(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXPECTED / f"{path.stem}.json").read_text("utf-8"))
    return loaded


def _context(text: str) -> ExtractionContext:
    """The document context the pipeline passes (its sections: the change history)."""
    normalized = normalize_text(text)
    return ExtractionContext(
        text="\n".join(normalized.lines),
        source_text=text,
        normalized=normalized,
        sections=tuple(text_to_sections(normalized)),
    )


def _extract(path: Path) -> DelegationBlock:
    found = block_of(path, 4)
    return extract_delegations(
        found if found is not None else empty_block(path), _context(read_source(path).text)
    )


def _as_json(result: DelegationBlock) -> list[dict[str, Any]]:
    return [json.loads(json.dumps(asdict(d), ensure_ascii=False)) for d in result.delegations]


def test_every_corpus_text_has_expected_delegations(corpus_file: Path) -> None:
    assert (EXPECTED / f"{corpus_file.stem}.json").is_file()


def test_corpus_block_presence_and_count(corpus_file: Path) -> None:
    expected, result = _expected(corpus_file), _extract(corpus_file)
    assert (block_of(corpus_file, 4) is not None) == (expected["block"] == "present")
    assert (result.present, result.count) == (expected["present"], expected["count"])


def test_corpus_delegations_field_by_field(corpus_file: Path) -> None:
    expected, result = _expected(corpus_file), _extract(corpus_file)
    got = _as_json(result)
    assert [d["no"] for d in got] == [d["no"] for d in expected["delegations"]]
    problems = []
    for record, wanted in zip(got, expected["delegations"], strict=True):
        gaps = expected["_known_gaps"].get(str(wanted["no"]), [])
        problems += [f"委託事項{wanted['no']} {p}" for p in record_mismatches(record, wanted, gaps)]
    assert problems == []


def test_corpus_issue_codes(corpus_file: Path) -> None:
    expected, result = _expected(corpus_file), _extract(corpus_file)
    assert sorted({found.code.value for found in result.issues}) == expected["issue_codes"]
    assert all(found.form_ref == "Ⅱ 4" for found in result.issues)


def test_page_text_printed_bottom_up_is_put_back_in_order() -> None:
    path = next(CORPUS.glob("001_*.txt"))
    result = _extract(path)
    wanted = _expected(path)["scatter_contractors"]
    assert sorted(d.contractor or "" for d in result.delegations) == sorted(wanted)
    (order,) = [i for i in result.issues if "out of form order" in i.message]
    assert order.code is IssueCode.REPAIRED_TEXT
    missing = [i for i in result.issues if i.code is IssueCode.FIELD_MISSING]
    assert missing
    assert all("提供方法" in i.message for i in missing)


BOTTOM_UP = """対象となる本人の
範囲 ※

特定個人情報ファイルの範囲と同様

その妥当性 保守のため。

②取扱いを委託する特定個
人情報ファイルの範囲

[ 特定個人情報ファイルの全体

委託事項2

①委託内容 システムの保守

⑧再委託の許諾方法
書面により承諾を得る。

⑨再委託事項 印刷の一部

⑤委託先名の確認方法 公表している。

⑥委託先名 そら株式会社

⑦再委託の有無 ※ [ 再委託する

③委託先における取扱者数 [ 10人未満

①委託内容 帳票の印刷

委託事項1 帳票印刷業務

4. 特定個人情報ファイルの取扱いの委託

委託の有無 ※
[ 委託する
( 2 ) 件

⑦再委託の有無 ※ [ 再委託しない

⑥委託先名 みなと株式会社

⑧再委託の許諾方法

印刷業務

③委託先における取扱者数 [ 10人以上50人未満
"""


def test_bands_printed_bottom_up_are_read_in_form_order() -> None:
    result = read(BOTTOM_UP)
    first, second = result.delegations
    assert (first.name, first.content, first.handlers, first.contractor) == (
        "帳票印刷業務",
        "帳票の印刷",
        "10人未満",
        "そら株式会社",
    )
    assert (first.contractor_confirmation, first.subcontract) == ("公表している。", True)
    assert (first.subcontract_method, first.subcontract_content) == (
        "書面により承諾を得る。",
        "印刷の一部",
    )
    # Its name is the lone text printed after 委託事項2's ⑧ (the only nameless heading and the
    # only lone name-like text: see test_lone_names_pair_only_when_certain).
    assert (second.name, second.content, second.subjects) == (
        "印刷業務",
        "システムの保守",
        "特定個人情報ファイルの全体",
    )
    assert (second.subject_scope, second.scope_reason) == (
        "特定個人情報ファイルの範囲と同様",
        "保守のため。",
    )
    # The fields after the block's own ones complete the one item that lacks them; ⑧ of an
    # item that does not subcontract takes no box printed after it.
    assert (second.handlers, second.contractor, second.subcontract) == (
        "10人以上50人未満",
        "みなと株式会社",
        False,
    )
    assert second.subcontract_method is None
    assert codes(result) == [IssueCode.REPAIRED_TEXT] * 2
    assert "委託事項2 委託先名" in result.issues[0].message
    assert "lone text" in result.issues[1].message
    assert result.issues[1].line == BOTTOM_UP.splitlines().index("印刷業務") + 1


TWO_NAMELESS = BOTTOM_UP.replace("委託事項1 帳票印刷業務", "委託事項1").replace(
    "⑦再委託の有無 ※ [ 再委託する\n", "⑦再委託の有無 ※ [ 再委託する\n\n帳票印刷業務\n"
)
"""BOTTOM_UP with both headings nameless and two lone name-like texts (after 委託事項1's ⑦ and
委託事項2's ⑧): print order alone cannot say whose name is whose."""

HISTORY = (
    "(別添3) 変更箇所\n変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明\n"
    "令和5年4月1日\tⅡ 特定個人情報ファイルの概要 4.特定個人情報ファイルの取扱いの委託 委託事項1"
    "\t帳票の印刷\t帳票　印刷業務\t事後\t\n"
)
"""A change history restating 委託事項1's name (spelled with a full-width space)."""


def test_lone_names_pair_only_when_certain() -> None:
    # Two nameless headings, two lone texts and no second source: nothing is guessed.
    alone = read(TWO_NAMELESS)
    assert [(d.no, d.name) for d in alone.delegations] == [(1, None), (2, None)]
    assert not any("lone text" in i.message for i in alone.issues)
    # The change history restates 委託事項1's name: the lone text equal to it is 委託事項1's,
    # and the one left pairs with the one nameless heading left.
    result = extract_delegations(text_block(TWO_NAMELESS), _context(HISTORY))
    assert [(d.no, d.name) for d in result.delegations] == [(1, "帳票印刷業務"), (2, "印刷業務")]
    first, second = [i for i in result.issues if "lone text" in i.message]
    assert (first.code, second.code) == (IssueCode.REPAIRED_TEXT, IssueCode.REPAIRED_TEXT)
    lines = TWO_NAMELESS.splitlines()
    assert (first.line, second.line) == (
        lines.index("帳票印刷業務") + 1,
        lines.index("印刷業務") + 1,
    )
    assert "change history restates (別添3 line 3)" in first.message
    assert "left once the change history matched 委託事項1" in second.message


def test_a_restated_name_printed_by_no_lone_text_pairs_nothing() -> None:
    other = HISTORY.replace("帳票　印刷業務", "窓口業務")
    result = extract_delegations(text_block(TWO_NAMELESS), _context(other))
    assert [(d.no, d.name) for d in result.delegations] == [(1, None), (2, None)]


def test_a_field_that_several_items_lack_is_left_out() -> None:
    text = BOTTOM_UP.replace("( 2 ) 件", "( 3 ) 件").replace(
        "委託事項1 帳票印刷業務\n",
        "委託事項1 帳票印刷業務\n\n委託事項3 窓口業務\n\n①委託内容 受付\n",
    )
    result = read(text)
    assert [(d.no, d.content) for d in result.delegations] == [
        (1, "帳票の印刷"),
        (2, "システムの保守"),
        (3, "受付"),
    ]
    assert [(d.contractor, d.handlers) for d in result.delegations[1:]] == [(None, None)] * 2
    (left,) = [i for i in result.issues if "left out" in i.message]
    assert left.code is IssueCode.FIELD_MISSING
    assert "委託先名" in left.message


def test_one_pair_of_labels_printed_the_other_way_round_is_no_evidence() -> None:
    text = """委託の有無 ※
[ 委託する
⑥委託先名 みなと株式会社
⑤委託先名の確認方法 公表している。
委託事項1 帳票の印刷
①委託内容 印刷
委託事項2
①委託内容 保守
"""
    result = read(text)
    assert [(d.no, d.content, d.contractor) for d in result.delegations] == [
        (1, None, None),
        (2, None, None),
    ]
    assert not any("out of form order" in i.message for i in result.issues)


def test_a_layout_with_more_copies_of_a_field_than_items_is_not_reordered() -> None:
    text = BOTTOM_UP.replace(
        "⑥委託先名 みなと株式会社", "⑥委託先名 みなと株式会社\n\n⑥委託先名 ひかり株式会社"
    )
    result = read(text)
    assert all(d.contractor is None for d in result.delegations)
    assert not any("out of form order" in i.message for i in result.issues)


# --- the same records whatever the encoding, digits or names ---------------------------------


def _text(path: Path) -> str:
    return read_source(path).text


@pytest.fixture(scope="module")
def ocr_text() -> tuple[Path, str]:
    path = next(CORPUS.glob("002_*.txt"))
    return path, _text(path)


def _from_text(text: str) -> DelegationBlock:
    found = text_to_block(text, 4)
    assert found is not None
    return extract_delegations(found, _context(text))


def test_same_records_from_a_bom_and_crlf_file(tmp_path: Path, ocr_text: tuple[Path, str]) -> None:
    path, text = ocr_text
    saved = tmp_path / path.name
    saved.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert _from_text(read_source(saved).text) == _extract(path)


@pytest.mark.parametrize("stem", ["001", "004"])
def test_same_records_from_a_cp932_file(tmp_path: Path, stem: str) -> None:
    path = next(CORPUS.glob(f"{stem}_*.txt"))  # the texts whose characters CP932 has
    saved = tmp_path / path.name
    saved.write_bytes(_text(path).encode("cp932"))
    assert _from_text(read_source(saved).text) == _extract(path)


def test_same_page_text_records_from_a_cp932_crlf_file(tmp_path: Path) -> None:
    path = next(CORPUS.glob("001_*.txt"))
    saved = tmp_path / path.name
    saved.write_bytes(_text(path).replace("\n", "\r\n").encode("cp932"))
    assert _from_text(read_source(saved).text) == _extract(path)


@pytest.mark.parametrize("stem", ["001", "002"])
def test_same_records_with_full_width_digits_everywhere(stem: str) -> None:
    path = next(CORPUS.glob(f"{stem}_*.txt"))
    wide = _text(path).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert _from_text(wide) == _extract(path)


def test_same_page_text_records_with_other_names() -> None:
    path = next(CORPUS.glob("001_*.txt"))
    names = {"富士通Japan": "北斗データ", "パソナ": "みなと人材", "千葉": "みどり"}
    renamed = _text(path)
    for old, new in names.items():
        renamed = renamed.replace(old, new)
    swapped = json.dumps(_as_json(_extract(path)), ensure_ascii=False)
    for old, new in names.items():
        swapped = swapped.replace(old, new)
    assert _as_json(_from_text(renamed)) == json.loads(swapped)


def test_same_records_with_full_width_digits(ocr_text: tuple[Path, str]) -> None:
    path, text = ocr_text
    wide = text.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert _from_text(wide) == _extract(path)


def test_same_records_with_other_names(ocr_text: tuple[Path, str]) -> None:
    path, text = ocr_text
    renamed = text.replace("茨城計算センター", "北斗データサービス").replace("つくば市", "みどり市")
    original = _extract(path)
    result = _from_text(renamed)
    assert len(result.delegations) == len(original.delegations)
    swapped = json.dumps(_as_json(original), ensure_ascii=False)
    swapped = swapped.replace("茨城計算センター", "北斗データサービス").replace(
        "つくば市", "みどり市"
    )
    assert _as_json(result) == json.loads(swapped)


def test_a_lost_item_heading_is_inferred_where_the_fields_start_again() -> None:
    result = read(ROWS.replace("委託事項2\tシステムの保守\n", ""))
    assert [(d.no, d.name, d.content) for d in result.delegations] == [
        (1, "帳票の印刷", "納税通知書の印刷及び封入封緘"),
        (2, None, "税務システムの保守"),
    ]
    assert result.delegations[1].contractor == "XYZシステムズ株式会社"
    (lost,) = [i for i in result.issues if "heading is not in the text" in i.message]
    assert lost.code is IssueCode.FIELD_MISSING
    assert "委託事項2" in lost.message
    assert not any(i.code is IssueCode.COUNT_MISMATCH for i in result.issues)


def test_a_wrapped_content_cell_goes_on_on_the_next_line() -> None:
    text = ROWS.replace(
        "①委託内容\t納税通知書の印刷及び封入封緘\n", "①委託内容\t納税通知書の印刷及\nび封入封緘\n"
    )
    assert read(text).delegations[0].content == "納税通知書の印刷及び封入封緘"
