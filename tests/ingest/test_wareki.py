"""Tests of ingest.wareki: Japanese era dates."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.wareki import find_wareki_date, wareki_to_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和7年8月1日", date(2025, 8, 1)),
        ("令和７年１１月２６日", date(2025, 11, 26)),
        ("令和 7 年 11 月 26 日", date(2025, 11, 26)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("平成二十七年十一月十日", date(2015, 11, 10)),
        ("昭和六十四年一月七日", date(1989, 1, 7)),
        ("令和十年十二月三十一日", date(2028, 12, 31)),
    ],
)
def test_era_dates(text: str, expected: date) -> None:
    assert wareki_to_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "令和7年5月",  # the form marker has no day
        "令和7年2月30日",  # no such day
        "令和元年4月30日",  # before the era began
        "平成32年1月1日",  # after the era ended
        "2025年8月1日",
        "",
    ],
)
def test_not_dates(text: str) -> None:
    with pytest.raises(ValueError):
        wareki_to_date(text)


def test_find_in_running_text() -> None:
    assert find_wareki_date("実施日 平成27年11月10日 事後") == (
        "平成27年11月10日",
        date(2015, 11, 10),
    )
    assert find_wareki_date("[令和7年5月 様式4]") is None
    assert find_wareki_date("令和7年2月30日") is None
