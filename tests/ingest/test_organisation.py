"""Canonical organisation names (ingest/organisation.py)."""

from __future__ import annotations

import pytest

from ingest.organisation import (
    LEGAL_FORMS,
    ORGANISATION_RULES,
    OrganisationRule,
    canonical_organisation,
)


@pytest.mark.parametrize("rule", ORGANISATION_RULES, ids=lambda rule: rule.name)
def test_every_rule_does_what_its_example_says(rule: OrganisationRule) -> None:
    assert rule.fn(rule.example_in) == rule.example_out


@pytest.mark.parametrize(
    "spelling",
    [
        "(株)みなと計算センター",
        "（株）みなと計算センター",
        "㈱みなと計算センター",
        "㍿みなと計算センター",
        "( 株 )みなと計算センター",
        "株式会社 みなと計算センター",
        "株式会社　みなと計算センター",
        "株式会社みなと計算センター ",
        "株式会社ﾐﾅﾄ計算センター".replace("ﾐﾅﾄ", "みなと"),
    ],
)
def test_spellings_of_one_company_are_one_name(spelling: str) -> None:
    assert canonical_organisation(spelling) == "株式会社みなと計算センター"


def test_widths_and_spaces_of_latin_names() -> None:
    assert canonical_organisation("ＸＹＺサービス株式会社　東支社") == "XYZサービス株式会社東支社"
    assert canonical_organisation("例示 Japan 株式会社") == "例示Japan株式会社"
    assert canonical_organisation("Example  Systems  Co.,Ltd.") == "Example Systems Co.,Ltd."
    assert canonical_organisation("ｻｰﾋﾞｽ(株)") == "サービス株式会社"


def test_the_position_of_the_legal_form_is_part_of_the_name() -> None:
    before, after = canonical_organisation("(株)みなと"), canonical_organisation("みなと(株)")
    assert (before, after) == ("株式会社みなと", "みなと株式会社")


@pytest.mark.parametrize(("short", "full"), LEGAL_FORMS)
def test_every_abbreviated_legal_form_is_spelled_out(short: str, full: str) -> None:
    assert canonical_organisation(f"({short})みなと") == f"{full}みなと"


def test_words_in_brackets_that_are_no_legal_form_stay() -> None:
    assert canonical_organisation("みなと(東京)株式会社") == "みなと(東京)株式会社"


def test_circled_numerals_and_roman_numerals_are_not_folded() -> None:
    assert canonical_organisation("第①工区Ⅲ共同企業体") == "第①工区Ⅲ共同企業体"


@pytest.mark.parametrize(
    "name", ["(株)みなと計算センター", "ＸＹＺ ｻｰﾋﾞｽ （有）", "  a  b  ", "例示Japan・ABC共同企業体"]
)
def test_canonical_names_are_idempotent(name: str) -> None:
    once = canonical_organisation(name)
    assert canonical_organisation(once) == once
