"""Canonical organisation names: one spelling for one company, whoever wrote it.

Assessments name the same contractor in many ways: ``(株)みなと計算センター``,
``㈱みなと計算センター``, ``（株）みなと計算センター``, ``株式会社 みなと計算センター``,
with full-width letters (``ＸＹＺ``), half-width katakana, or spaces an OCR or PDF tool
inserted. The graph needs one name per company, so :func:`canonical_organisation` applies an
ordered table of small named rules (:data:`ORGANISATION_RULES`), each with an example its test
replays:

1. widths: full-width ASCII letters, digits and brackets become ASCII; half-width katakana
   becomes full-width (nothing else: ① and Ⅲ stay);
2. middle dots ``· • ∙ ･`` become ``・``;
3. abbreviated legal forms are spelled out where they stand: ``(株)`` / ``㈱`` / ``（株）`` /
   ``㍿`` → ``株式会社``, ``(有)`` → ``有限会社``, ``(一社)`` → ``一般社団法人`` … (before the
   name for a 前株 company, after it for a 後株 one: the position is part of the name, so
   ``株式会社X`` and ``X株式会社`` stay different names);
4. white space: spaces next to a Japanese character are dropped (``株式会社 ひかり人材``,
   ``例示 Japan``), other runs become one space, and the ends are stripped.

>>> canonical_organisation("(株)みなと計算センター")
'株式会社みなと計算センター'
>>> spellings = ("㈱ みなと計算センター", "（株）みなと計算センター", "株式会社 みなと計算センター")
>>> len({canonical_organisation(name) for name in spellings})
1
>>> canonical_organisation("ＸＹＺサービス株式会社　東支社")
'XYZサービス株式会社東支社'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["LEGAL_FORMS", "ORGANISATION_RULES", "OrganisationRule", "canonical_organisation"]


@dataclass(frozen=True, slots=True, kw_only=True)
class OrganisationRule:
    """One named step of :func:`canonical_organisation`, with an example that is its test."""

    name: str
    description: str
    example_in: str
    example_out: str
    fn: Callable[[str], str]


# --- widths -----------------------------------------------------------------------------------

_FULLWIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_RUN = re.compile("[\uff01-\uff5e]+")
_HALFWIDTH_KATAKANA = re.compile("[\uff61-\uff9f]+")


def _widths(name: str) -> str:
    name = _FULLWIDTH_RUN.sub(lambda m: m.group(0).translate(_FULLWIDTH_ASCII), name)
    return _HALFWIDTH_KATAKANA.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), name)


# --- middle dots ------------------------------------------------------------------------------

_MIDDLE_DOTS = re.compile("[·•∙‧⋅･]")


def _middle_dots(name: str) -> str:
    return _MIDDLE_DOTS.sub("・", name)


# --- legal forms ------------------------------------------------------------------------------

LEGAL_FORMS: tuple[tuple[str, str], ...] = (
    ("株", "株式会社"),
    ("有", "有限会社"),
    ("合", "合同会社"),
    ("名", "合名会社"),
    ("資", "合資会社"),
    ("一社", "一般社団法人"),
    ("一財", "一般財団法人"),
    ("公社", "公益社団法人"),
    ("公財", "公益財団法人"),
    ("社", "社団法人"),
    ("財", "財団法人"),
    ("独", "独立行政法人"),
    ("特非", "特定非営利活動法人"),
    ("医", "医療法人"),
    ("福", "社会福祉法人"),
)
"""Abbreviations written in parentheses, ``(株)``, and the legal form they stand for."""

_ENCLOSED_FORMS = {
    "\u3231": "株式会社",  # ㈱
    "\u3232": "有限会社",  # ㈲
    "\u3233": "社団法人",  # ㈳
    "\u3236": "財団法人",  # ㈶
    "\u337f": "株式会社",  # ㍿
}
"""Single characters that print an abbreviated legal form (``㈱``)."""

_ABBREVIATION = re.compile(
    r"[(（]\s*("
    + "|".join(sorted((short for short, _ in LEGAL_FORMS), key=len, reverse=True))
    + r")\s*[)）]"
)
_EXPANSION = dict(LEGAL_FORMS)


def _legal_forms(name: str) -> str:
    for char, form in _ENCLOSED_FORMS.items():
        name = name.replace(char, form)
    return _ABBREVIATION.sub(lambda m: _EXPANSION[m.group(1)], name)


# --- white space ------------------------------------------------------------------------------

_JAPANESE = r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
_SPACE_BY_JAPANESE = re.compile(rf"\s+(?={_JAPANESE})|(?<={_JAPANESE})\s+")
_SPACES = re.compile(r"\s+")


def _white_space(name: str) -> str:
    name = name.replace("\u3000", " ")
    name = _SPACE_BY_JAPANESE.sub("", name)
    return _SPACES.sub(" ", name).strip()


ORGANISATION_RULES: tuple[OrganisationRule, ...] = (
    OrganisationRule(
        name="widths",
        description="full-width ASCII becomes ASCII, half-width katakana full-width",
        example_in="ＸＹＺｻｰﾋﾞｽ（株）",
        example_out="XYZサービス(株)",
        fn=_widths,
    ),
    OrganisationRule(
        name="middle_dots",
        description="the middle-dot family · • ∙ ‧ ⋅ ･ becomes ・",
        example_in="例示Japan·ABC",
        example_out="例示Japan・ABC",
        fn=_middle_dots,
    ),
    OrganisationRule(
        name="legal_forms",
        description="(株) ㈱ ㍿ → 株式会社, (有) → 有限会社, (一社) → 一般社団法人 … in place",
        example_in="㈱さくらシステム (有)山田商店",
        example_out="株式会社さくらシステム 有限会社山田商店",
        fn=_legal_forms,
    ),
    OrganisationRule(
        name="white_space",
        description="spaces next to a Japanese character go, other runs become one space",
        example_in=" 株式会社　ひかり人材  東支社 Example  Branch ",
        example_out="株式会社ひかり人材東支社Example Branch",
        fn=_white_space,
    ),
)
"""The rules of :func:`canonical_organisation`, in the order they run."""


def canonical_organisation(name: str) -> str:
    """The canonical spelling of an organisation name (see the module docstring).

    Args:
        name: The name as written (after text normalisation or raw).

    Returns:
        The name with widths, dots, abbreviated legal forms and spaces made canonical. The
        function is idempotent.

    >>> canonical_organisation("株式会社 さくらシステム")
    '株式会社さくらシステム'
    >>> canonical_organisation(canonical_organisation("（有） ﾔﾏﾀﾞ")) == "有限会社ヤマダ"
    True
    """
    for rule in ORGANISATION_RULES:
        name = rule.fn(name)
    return name
