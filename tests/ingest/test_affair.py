"""Tests of the Ⅰ 1 事務, Ⅰ 7 担当部署 and Ⅰ 8 他の評価実施機関 extractors."""

from __future__ import annotations

from ingest_helpers import codes, extract_text

from ingest.records import IssueCode

COVER = (
    "評価書番号\n9\n評価書名\nX事務 全項目評価書\n評価実施機関名\nX市長\n公表日\n令和7年1月6日\n"
)
CONTENTS = "項目一覧\nⅠ 基本情報\nⅡ 特定個人情報ファイルの概要\n"


def _basic(body: str) -> str:
    return COVER + CONTENTS + "Ⅰ 基本情報\n" + body + "Ⅱ 特定個人情報ファイルの概要\n"


def test_tab_rows() -> None:
    result = extract_text(
        _basic(
            "1. 特定個人情報ファイル\tを取り扱う事務\n①事務の名称\tX税の賦課に関する事務\n"
            "②事務の内容 ※\t目的:X税を賦課する。\n\t*2:申告書があります。 <選択肢>\n"
            "③対象人数\tく選択限プ [ 30万人以上 ] 1)1,000人未満 5)30万人以上\n"
            "7. 評価実施機関における担当部署\n①部署\t財務部X税課\n②所属長の役職名\tX税課長\n"
            "8. 他の評価実施機関\nなし\n"
        )
    )
    affair = result.affair
    assert affair.name == "X税の賦課に関する事務"
    assert affair.summary == "目的:X税を賦課する。 *2:申告書があります。"
    assert affair.population == "30万人以上"
    assert (affair.department, affair.head_title) == ("財務部X税課", "X税課長")
    assert affair.other_assessors == ()
    assert affair.line == 13


def test_wrapped_pdf_layout_paragraphs_are_joined() -> None:
    result = extract_text(
        _basic(
            " １．特定個人情報ファイルを取り扱う事務\n ①事務の名称 X年金に関する事務\n"
            " ②事務の内容　※\n本市では、「X年金法」に基づき、特定個人情報を以下の法定\n"
            "受託事務で取り扱う。\n凡例：「※」重要事項\n ③対象人数 [ 30万人以上\n"
        )
    )
    assert (
        result.affair.summary
        == "本市では、「X年金法」に基づき、特定個人情報を以下の法定受託事務で取り扱う。"
    )
    assert result.affair.population == "30万人以上"


def test_population_is_canonical_choice() -> None:
    result = extract_text(
        _basic(
            "1. 特定個人情報ファイルを取り扱う事務\n①事務の名称 X事務\n③対象人数 [ 3O万人以上 ]\n"
        )
    )
    assert result.affair.population == "30万人以上"


def test_no_selection() -> None:
    result = extract_text(
        _basic(
            "1. 特定個人情報ファイルを取り扱う事務\n①事務の名称 X事務\n"
            "③対象人数 <選択肢> 1) 1,000人未満\n"
        )
    )
    assert result.affair.population is None
    assert IssueCode.NO_SELECTION in codes(result)


def test_missing_fields() -> None:
    result = extract_text(
        _basic("1. 特定個人情報ファイルを取り扱う事務\n③対象人数 [ 30万人以上 ]\n")
    )
    messages = [i.message for i in result.issues if i.code is IssueCode.FIELD_MISSING]
    assert any("事務の名称" in m for m in messages)
    assert any("事務の内容" in m for m in messages)


def test_other_assessors_listed() -> None:
    result = extract_text(_basic("8. 他の評価実施機関\nA県知事、B市長\n"))
    assert result.affair.other_assessors == ("A県知事", "B市長")


def test_name_repaired_by_the_documents_own_spelling() -> None:
    body = "1. 特定個人情報ファイルを取り扱う事務\n①事務の名称\t取滞納事務\n"
    text = _basic(body) + "収滞納の事務。" * 5
    result = extract_text(text)
    assert result.affair.name == "収滞納事務"
    repair = next(i for i in result.issues if i.code is IssueCode.REPAIRED_TEXT)
    assert "取滞納事務" in repair.message
    assert repair.line == 14
