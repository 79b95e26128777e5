"""Entity resolution: one canonical spelling per body, and the closed word lists of graph.entity."""

from __future__ import annotations

import pytest

from graph import iri
from graph.entity import (
    canonical_organisation_name,
    is_department_name,
    is_organisation_name,
    is_placeholder,
    is_resident_word,
    is_system_name,
    split_names,
)


@pytest.mark.parametrize(
    "written",
    [
        "株式会社ミナト情報",
        "(株)ミナト情報",
        "（株）ミナト情報",
        "㈱ミナト情報",
        "㈱ ミナト　情報",
        "( 株 )ミナト情報",
    ],
)
def test_company_spellings_meet(written: str) -> None:
    assert canonical_organisation_name(written) == "株式会社ミナト情報"
    assert iri.organisation_iri(written) == iri.organisation_iri("株式会社ミナト情報")


def test_position_of_the_entity_type_is_kept() -> None:
    # 前株 and 後株 are different registered names: never move the entity type.
    assert canonical_organisation_name("ミナト情報(株)") == "ミナト情報株式会社"
    assert iri.organisation_iri("ミナト情報㈱") != iri.organisation_iri("㈱ミナト情報")


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("ＮＥＣフィールディング株式会社　千葉支社", "NECフィールディング株式会社千葉支社"),
        ("㈲ミナト商会", "有限会社ミナト商会"),
        ("(一財)ミナト協会", "一般財団法人ミナト協会"),
        ("（公財）ミナト財団", "公益財団法人ミナト財団"),
        ("日本年金機構", "日本年金機構"),
        # No NFKC: ① stays; half-width kana is folded to full width by its own named rule,
        # so ｶﾅ商事 and カナ商事 are one company.
        ("ｶﾅ①商事", "カナ①商事"),
    ],
)
def test_canonical_names(written: str, canonical: str) -> None:
    assert canonical_organisation_name(written) == canonical


def test_canonicalisation_is_idempotent() -> None:
    for name in ["（株）ＮＴＴ データ", "ミナト情報(株)", "日本年金機構"]:
        once = canonical_organisation_name(name)
        assert canonical_organisation_name(once) == once


@pytest.mark.parametrize(
    "value", ["", " ", "未定", "（記載なし）", "[記載なし]", "-", "―", "該当なし"]
)
def test_placeholders_name_nobody(value: str) -> None:
    assert is_placeholder(value)


def test_names_are_not_placeholders() -> None:
    assert not is_placeholder("日本年金機構")
    assert not is_placeholder("なしの木園")


def test_split_names_on_enumeration_commas_only() -> None:
    assert split_names("地方公共団体情報システム機構、日本年金機構") == [
        "地方公共団体情報システム機構",
        "日本年金機構",
    ]
    assert split_names("中間サーバー・プラットフォーム") == ["中間サーバー・プラットフォーム"]
    assert split_names("未定") == []


def test_word_lists() -> None:
    assert is_resident_word("住民")
    assert is_resident_word("本人等")
    assert is_resident_word("申請者")
    assert not is_resident_word("住民記録システム")
    assert is_department_name("市民税課")
    assert is_department_name("情報システム部")
    assert not is_department_name("日本年金機構")
    assert is_organisation_name("地方公共団体情報システム機構")
    assert is_organisation_name("株式会社ミナトシステム")
    assert is_system_name("統合宛名システム")
    assert is_system_name("基幹系ファイルサーバ")
    assert not is_system_name("地方公共団体情報システム機構")
    assert not is_system_name("株式会社ミナトシステム")
