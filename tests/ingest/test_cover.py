"""Tests of the cover extractor (表紙)."""

from __future__ import annotations

from datetime import date

import pytest
from ingest_helpers import codes, extract_text

from ingest.extractors.cover import looks_like_org, org_to_municipality
from ingest.records import IssueCode

CONTENTS = "項目一覧\nⅠ 基本情報\nⅡ 特定個人情報ファイルの概要\n"


def test_values_after_their_labels() -> None:
    result = extract_text(
        "特定個人情報保護評価書(重点項目評価書)\n評価書番号\t評価書名\n45\t千葉市 X事務\n"
        "評価実施機関名\n千葉市長\n公表日\n令和7年11月26日\n" + CONTENTS
    )
    document = result.document
    assert document.kind == "重点項目評価書"
    assert (document.number, document.title) == ("45", "千葉市 X事務")
    assert (document.org, document.municipality) == ("千葉市長", "千葉市")
    assert document.published == "令和7年11月26日"
    assert document.published_date == date(2025, 11, 26)
    assert document.form is None
    assert document.line == 1
    assert IssueCode.FORM_MARKER_NOT_DATE not in codes(result)


def test_header_row_with_the_title_split_over_cells() -> None:
    result = extract_text(
        "評価書番号\t評価書名\t\n2\tX税の賦課に関する事務\t全項目評価書\n" + CONTENTS
    )
    assert result.document.number == "2"
    assert result.document.title == "X税の賦課に関する事務 全項目評価書"
    assert result.document.kind == "全項目評価書"


def test_form_marker_under_published_is_not_a_date() -> None:
    result = extract_text(
        "評価書番号\n3\n評価書名\nX事務\n公表日\n「令和7年5月 様式4]\n" + CONTENTS
    )
    assert result.document.form == "令和7年5月 様式4"
    assert result.document.published is None
    assert result.document.published_date is None
    issue = next(i for i in result.issues if i.code is IssueCode.FORM_MARKER_NOT_DATE)
    assert (issue.line, issue.form_ref) == (6, "cover")


def test_values_away_from_their_labels_are_found_by_type() -> None:
    # PDF-layout order: the organisation under 公表日, nothing after 評価実施機関名.
    result = extract_text(
        "特定個人情報保護評価書（全項目評価書）\n 公表日\n千葉市長\n特記事項\n"
        "[平成30年５月　様式４]\n"
        " 評価書名\n千葉市　X事務　全項目評価書\n評価書番号\n２７\n 評価実施機関名\n" + CONTENTS
    )
    document = result.document
    assert (document.org, document.municipality) == ("千葉市長", "千葉市")
    assert (document.number, document.title) == ("27", "千葉市 X事務 全項目評価書")
    assert document.form == "平成30年5月 様式4"
    assert document.published is None
    assert IssueCode.FORM_MARKER_NOT_DATE in codes(result)


def test_unparsed_date() -> None:
    result = extract_text("評価書番号\n3\n評価書名\nX事務\n公表日\n令和7年2月30日\n" + CONTENTS)
    assert result.document.published == "令和7年2月30日"
    assert result.document.published_date is None
    assert IssueCode.UNPARSED_DATE in codes(result)


def test_missing_values_are_issues() -> None:
    result = extract_text("評価書番号\n評価書名\n" + CONTENTS)
    messages = [i.message for i in result.issues if i.code is IssueCode.FIELD_MISSING]
    assert any("評価書番号" in m for m in messages)
    assert any("公表日" in m for m in messages)


@pytest.mark.parametrize(
    ("org", "municipality"),
    [
        ("千葉市長", "千葉市"),
        ("岡山県岡山市長", "岡山市"),
        ("つくば市長", "つくば市"),
        ("神奈川県横浜市長", "横浜市"),
        ("四日市市長", "四日市市"),
        ("市川市長", "市川市"),
        ("大和郡山市長", "大和郡山市"),
        ("山田郡山田町長", "山田町"),
        ("千代田区長", "千代田区"),
        ("東京都知事", "東京都"),
        ("京都府知事", "京都府"),
        ("北海道知事", "北海道"),
        ("千葉市教育委員会", "千葉市"),
        ("岡山市水道事業管理者", "岡山市"),
        ("国税庁長官", "国税庁"),
        ("厚生労働大臣", "厚生労働省"),
    ],
)
def test_org_to_municipality(org: str, municipality: str) -> None:
    assert org_to_municipality(org) == municipality


@pytest.mark.parametrize(
    ("text", "is_org"),
    [("千葉市長", True), ("岡山県岡山市長", True), ("公表日", False),
     ("千葉市は、国民年金に関する事務における…を宣言する。", False), ("27", False)],
)  # fmt: skip
def test_looks_like_org(text: str, is_org: bool) -> None:
    assert looks_like_org(text) is is_org


def test_city_whose_name_looks_like_a_prefecture() -> None:
    assert org_to_municipality("太宰府市長") == "太宰府市"
    assert org_to_municipality("鹿児島県鹿児島市長") == "鹿児島市"
    assert org_to_municipality("和歌山県知事") == "和歌山県"


def test_title_away_from_its_label_is_found_but_prose_is_not_a_title() -> None:
    text = (
        "評価書名\n評価書番号\n5\nA市は、X事務における特定個人情報の保護に取り組んでいることを宣言する。\n"
        "A市 X事務 全項目評価書\n評価実施機関名\nA市長\n" + CONTENTS
    )
    assert extract_text(text).document.title == "A市 X事務 全項目評価書"
    prose_only = "評価書名\n評価書番号\n5\nA市は、X事務に取り組むことを宣言する。\n" + CONTENTS
    assert extract_text(prose_only).document.title is None
