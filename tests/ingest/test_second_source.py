"""Tests of the second sources: the change history fills what the body lost; the table of
contents and cross references show the parts a text lacks."""

from __future__ import annotations

from ingest_helpers import extract_text

from ingest.records import IssueCode
from ingest.second_source import change_field

HEADER = "変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明\n"
FLOW = "(別添1) 事務の内容\n①受付する。\n"


def _fragment(rows: str) -> str:
    return FLOW + "(別添3) 変更箇所\n" + HEADER + rows


def test_the_newest_row_fills_an_empty_field_and_says_so() -> None:
    result = extract_text(
        _fragment(
            "平成28年4月1日\tI-7-②所属長\t課長 甲\t課長 乙\t事後\t人事異動\n"
            "平成30年5月1日\tI-7-②所属長\t課長 乙\t課長\t事後\t様式変更\n"
            "平成29年4月1日\tI-7-②所属長\t課長 乙\t課長 丙\t事後\t人事異動\n"
            "令和7年8月1日\t1 基本情報 5. 個人番号の利用 法令上の根拠\t旧\t"
            "番号法第9条第1項 別表24の項\t事後\t①\n"
        )
    )
    assert result.affair.head_title == "課長"
    assert [c.article for c in result.mynumber_use_basis] == ["9"]
    repaired = [i for i in result.issues if i.code is IssueCode.REPAIRED_TEXT]
    assert [(i.form_ref, i.line) for i in repaired] == [("Ⅰ 5", 8), ("Ⅰ 7", 6)]
    assert "change history" in repaired[1].message


def test_a_row_that_empties_a_field_fills_nothing() -> None:
    result = extract_text(
        _fragment(
            "平成28年4月1日\tI-7-②所属長\t課長 甲\t課長 乙\t事後\t\n"
            "令和7年12月8日\tI-7-②所属長\t課長 乙\t-\t事後\t\n"
        )
    )
    assert result.affair.head_title is None


def test_the_body_value_is_kept() -> None:
    text = (
        "評価書番号\n9\n評価書名\nX事務 全項目評価書\n評価実施機関名\nX市長\n"
        "公表日\n令和7年1月6日\n"
        "項目一覧\nⅠ 基本情報\nⅡ 特定個人情報ファイルの概要\nⅠ 基本情報\n"
        "1. 特定個人情報ファイルを取り扱う事務\n①事務の名称\tX事務\n"
        "7. 評価実施機関における担当部署\n①部署\tX課\n②所属長の役職名\tX課長\n"
        "Ⅱ 特定個人情報ファイルの概要\n(別添3) 変更箇所\n" + HEADER
        + "令和7年8月1日\tⅠ 7 ②所属長の役職名\tY課長\tZ課長\t事後\t\n"
    )  # fmt: skip
    result = extract_text(text)
    assert result.affair.head_title == "X課長"
    assert IssueCode.REPAIRED_TEXT not in {i.code for i in result.issues}


def test_an_item_must_name_its_field() -> None:
    assert change_field("I-7-②所属長", None) is not None
    assert change_field("Ⅰ 7 評価実施機関における担当部署", None) is None  # which field?
    assert change_field("I 基本情報 2. 特定個人情報ファイルを取", None) is None
    assert change_field("II 特定個人情報ファイルの概要 6. ①保管場所", None) is None
    # 重点項目評価書 numbers its items differently: Ⅰ 4 is 個人番号の利用.
    assert change_field("I 基本情報 4. 個人番号の利用", "重点項目評価書") is not None
    assert change_field("I 基本情報 4. 個人番号の利用", "全項目評価書") is None


def test_systems_of_a_lost_basic_info_come_from_the_history() -> None:
    result = extract_text(
        _fragment(
            "令和7年12月8日\t1 基本情報 2. 特定個人情報ファイルを取り扱う事務において使用する"
            "システム システム14\t-\tXポータル\t事前\t③\n"
        )
    )
    assert [(s.no, s.name, s.form_ref) for s in result.systems] == [(14, "Xポータル", "別添3")]
    missing = next(i for i in result.issues if i.form_ref == "Ⅰ 2")
    assert "別添3" in missing.message


def test_parts_the_table_of_contents_lists_but_the_text_lacks() -> None:
    text = (
        "評価書番号\n9\n評価書名\nX事務 全項目評価書\n評価実施機関名\nX市長\n"
        "公表日\n令和7年1月6日\n"
        "項目一覧\nⅠ 基本情報\n(別添1) 事務の内容\nⅡ 特定個人情報ファイルの概要\n"
        "Ⅰ 基本情報\n1. 特定個人情報ファイルを取り扱う事務\n①事務の名称\tX事務\n"
        "Ⅱ 特定個人情報ファイルの概要\n提供先1から27は別紙2を参照\n"
    )  # fmt: skip
    result = extract_text(text)
    missing = {(i.form_ref, i.line) for i in result.issues if i.code is IssueCode.SECTION_MISSING}
    assert ("別添1", 11) in missing
    assert ("別紙2", 17) in missing
