"""Japanese era dates (和暦) as calendar dates.

>>> wareki_to_date("令和7年8月1日")
datetime.date(2025, 8, 1)
>>> wareki_to_date("平成３１年４月３０日")
datetime.date(2019, 4, 30)
>>> wareki_to_date("令和元年5月1日")
datetime.date(2019, 5, 1)
>>> wareki_to_date("令和七年十一月二十六日")
datetime.date(2025, 11, 26)
>>> wareki_to_date("昭和64年1月7日")
datetime.date(1989, 1, 7)
>>> wareki_to_date("令和7年5月")
Traceback (most recent call last):
...
ValueError: not a wareki date: '令和7年5月'
"""

from __future__ import annotations

import re
from datetime import date

ERAS: dict[str, tuple[date, date | None]] = {
    "令和": (date(2019, 5, 1), None),
    "平成": (date(1989, 1, 8), date(2019, 4, 30)),
    "昭和": (date(1926, 12, 25), date(1989, 1, 7)),
}
"""Era name → (first day, last day). Year 1 of an era is the Gregorian year of its first day."""

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                 "八": 8, "九": 9}  # fmt: skip
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMBER = r"[0-9０-９]{1,4}|[〇零一二三四五六七八九十]{1,4}|元"
WAREKI_PATTERN = re.compile(
    rf"(?P<era>{'|'.join(ERAS)})\s*(?P<year>{_NUMBER})\s*年\s*(?P<month>{_NUMBER})\s*月"
    rf"\s*(?P<day>{_NUMBER})\s*日"
)
"""A full era date in running text (era, year, month and day)."""


def _number(text: str) -> int:
    """Read an ASCII, full-width or kanji number (up to 99), or 元 (1).

    >>> _number("二十六"), _number("３１"), _number("元"), _number("十")
    (26, 31, 1, 10)
    """
    if text == "元":
        return 1
    ascii_text = text.translate(_FULL_WIDTH_DIGITS)
    if ascii_text.isdigit():
        return int(ascii_text)
    if "十" in text:
        tens_text, _, units_text = text.partition("十")
        tens = _KANJI_DIGITS[tens_text] if tens_text else 1
        units = _KANJI_DIGITS[units_text] if units_text else 0
        return tens * 10 + units
    value = 0
    for char in text:
        value = value * 10 + _KANJI_DIGITS[char]
    return value


def wareki_to_date(text: str) -> date:
    """Read a Japanese era date (令和/平成/昭和, 元年, full-width or kanji digits).

    Args:
        text: A date such as ``令和7年8月1日``; surrounding white space is ignored.

    Returns:
        The calendar date.

    Raises:
        ValueError: The text is not an era date, or names a day that does not exist or lies
            outside its era.
    """
    found = WAREKI_PATTERN.fullmatch(text.strip())
    if not found:
        raise ValueError(f"not a wareki date: {text!r}")
    return _match_to_date(found)


def find_wareki_date(text: str) -> tuple[str, date] | None:
    """The first era date in running text, as written and as a date; None if there is none
    (or the first one is not a real day).

    >>> find_wareki_date("公表日 令和7年11月26日 (予定)")
    ('令和7年11月26日', datetime.date(2025, 11, 26))
    """
    found = WAREKI_PATTERN.search(text)
    if not found:
        return None
    try:
        return found.group(0), _match_to_date(found)
    except ValueError:
        return None


def _match_to_date(found: re.Match[str]) -> date:
    first, last = ERAS[found.group("era")]
    year = first.year + _number(found.group("year")) - 1
    result = date(year, _number(found.group("month")), _number(found.group("day")))
    if result < first or (last is not None and result > last):
        raise ValueError(f"{found.group(0)!r} lies outside the {found.group('era')} era")
    return result
