"""The form's labels as a closed vocabulary, recognised fuzzily.

The printed form has a fixed set of labels (``①システムの名称``, ``評価書番号`` …). OCR and PDF
tools damage them (``①システムの名秋``, a label cut by a tab ``委託事⇥項1``), but because the set
is closed, a damaged label is still far closer to its own entry than to any other. Matching
compares the start of a line, with spaces and tabs squeezed out, against each label by
normalised Levenshtein similarity (rapidfuzz, 0–100: one wrong character in eight scores
87.5); short labels must match exactly, longer ones need a score of :data:`FUZZY_THRESHOLD`.

>>> match = match_label("①システムの名秋\\t個人住民税システム", LABELS)
>>> (match.label.key, match.value, round(match.score))
('system.name', '個人住民税システム', 86)
>>> match_label("委託事\\t項1", LABELS) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from rapidfuzz.distance import Levenshtein

from ingest.form import FULL, SectionKind, form_ref

FUZZY_THRESHOLD = 80.0
"""Least similarity (0–100) for a label of :data:`MIN_FUZZY_LENGTH` or more characters.

One wrong, missing or extra character in five still passes; two in eight do not."""
MIN_FUZZY_LENGTH = 5
"""Labels shorter than this (``公表日``, ``部署``) must match exactly."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Label:
    """One label of the printed form."""

    key: str
    """Stable identifier, e.g. ``"system.name"``."""
    text: str
    """The wording without its item numeral, e.g. ``"システムの名称"``."""
    number: int | None = None
    """The circled numeral the form prints before it (① → 1), if any."""
    section: SectionKind
    """The form item the label belongs to."""
    heading: bool = False
    """True for the heading of an item (``1. 特定個人情報ファイルを取り扱う事務``)."""

    @property
    def form_ref(self) -> str:
        """The form item of the label in 全項目評価書 numbering, e.g. ``"Ⅰ 2"``.

        >>> LABELS_BY_KEY["system.name"].form_ref
        'Ⅰ 2'
        """
        return form_ref(self.section, FULL)


def _label(
    key: str, text: str, section: SectionKind, number: int | None = None, *, heading: bool = False
) -> Label:
    return Label(key=key, text=text, number=number, section=section, heading=heading)


_S = SectionKind
LABELS: tuple[Label, ...] = (
    _label("cover.title", "特定個人情報保護評価書", _S.COVER),
    _label("cover.number", "評価書番号", _S.COVER),
    _label("cover.name", "評価書名", _S.COVER),
    _label("cover.declaration", "個人のプライバシー等の権利利益の保護の宣言", _S.COVER),
    _label("cover.remarks", "特記事項", _S.COVER),
    _label("cover.org", "評価実施機関名", _S.COVER),
    _label("cover.approval", "個人情報保護委員会承認日", _S.COVER),
    _label("cover.published", "公表日", _S.COVER),
    _label("contents", "項目一覧", _S.CONTENTS),
    _label("affair", "特定個人情報ファイルを取り扱う事務", _S.AFFAIR, heading=True),
    _label("affair.name", "事務の名称", _S.AFFAIR, 1),
    _label("affair.summary", "事務の内容", _S.AFFAIR, 2),
    _label("affair.population", "対象人数", _S.AFFAIR, 3),
    _label(
        "systems",
        "特定個人情報ファイルを取り扱う事務において使用するシステム",
        _S.SYSTEMS,
        heading=True,
    ),
    _label("system.name", "システムの名称", _S.SYSTEMS, 1),
    _label("system.functions", "システムの機能", _S.SYSTEMS, 2),
    _label("system.connections", "他のシステムとの接続", _S.SYSTEMS, 3),
    _label("file_name", "特定個人情報ファイル名", _S.FILE_NAME, heading=True),
    _label("reason", "特定個人情報ファイルを取り扱う理由", _S.REASON, heading=True),
    _label("reason.necessity", "事務実施上の必要性", _S.REASON, 1),
    _label("reason.merit", "実現が期待されるメリット", _S.REASON, 2),
    _label("number_use", "個人番号の利用", _S.NUMBER_USE, heading=True),
    _label("number_use.basis", "法令上の根拠", _S.NUMBER_USE),
    _label(
        "linkage", "情報提供ネットワークシステムによる情報連携", _S.NETWORK_LINKAGE, heading=True
    ),
    _label("linkage.status", "実施の有無", _S.NETWORK_LINKAGE, 1),
    _label("linkage.basis", "法令上の根拠", _S.NETWORK_LINKAGE, 2),
    _label("department", "評価実施機関における担当部署", _S.DEPARTMENT, heading=True),
    _label("department.name", "部署", _S.DEPARTMENT, 1),
    _label("department.head_title", "所属長の役職名", _S.DEPARTMENT, 2),
    _label("other_assessors", "他の評価実施機関", _S.OTHER_ASSESSORS, heading=True),
    _label("legend", "凡例", _S.BASIC_INFO),
)
"""Every label the extraction anchors on, with the form item it belongs to."""

LABELS_BY_KEY = MappingProxyType({label.key: label for label in LABELS})
COVER_LABELS = tuple(label for label in LABELS if label.section is _S.COVER)
BASIC_INFO_LABELS = tuple(label for label in LABELS if label.section not in (_S.COVER, _S.CONTENTS))
ITEM_HEADINGS = tuple(label for label in LABELS if label.heading)
ITEM_TITLES = MappingProxyType({label.section: label.text for label in ITEM_HEADINGS})
"""The heading wording of each item of Ⅰ (derived from :data:`LABELS`)."""


# --- connection options of Ⅰ 2 ③ -----------------------------------------------------------


OTHER_OPTION = "その他"
CONNECTION_OPTIONS: tuple[str, ...] = (
    "情報提供ネットワークシステム",
    "庁内連携システム",
    "住民基本台帳ネットワークシステム",
    "既存住民基本台帳システム",
    "宛名システム等",
    "税務システム",
    OTHER_OPTION,
)
"""The boxes of ③他のシステムとの接続, in form order."""

ROW_PARTNER = MappingProxyType(
    {
        "情報提供ネットワークシステム": "庁内連携システム",
        "住民基本台帳ネットワークシステム": "既存住民基本台帳システム",
        "宛名システム等": "税務システム",
    }
)
"""The printed grid has two boxes a row; a box opened at the end of a row is its partner's."""


# --- parts and their headings -----------------------------------------------------------------


PART_TITLES: tuple[tuple[SectionKind, str], ...] = (
    (_S.BASIC_INFO, "基本情報"),
    (_S.FILE_OVERVIEW, "特定個人情報ファイルの概要"),
    (_S.RISK_MEASURES, "特定個人情報ファイルの取扱いプロセスにおけるリスク対策"),
    (_S.RISK_MEASURES, "リスク対策"),
    (_S.OTHER_MEASURES, "その他のリスク対策"),
    (_S.DISCLOSURE, "開示請求、問合せ"),
    (_S.DISCLOSURE, "開示請求、問い合わせ"),
    (_S.PROCEDURE, "評価実施手続"),
)
"""Titles of the numbered parts Ⅰ–Ⅵ (a kind may have several wordings)."""

ANNEX_TITLES: tuple[tuple[SectionKind, str], ...] = (
    (_S.FLOW, "事務の内容"),
    (_S.RECORD_ITEMS, "特定個人情報ファイル記録項目"),
    (_S.CHANGES, "変更箇所"),
)
"""Titles of the 別添 annexes."""

ROMAN = MappingProxyType(
    {
        "Ⅰ": 1, "I": 1, "Ι": 1, "l": 1, "i": 1,
        "Ⅱ": 2, "II": 2, "п": 2, "П": 2, "ii": 2,
        "Ⅲ": 3, "III": 3, "ш": 3, "Ш": 3, "皿": 3, "iii": 3,
        "Ⅳ": 4, "IV": 4, "iv": 4,
        "Ⅴ": 5, "V": 5, "v": 5,
        "Ⅵ": 6, "VI": 6, "vi": 6,
    }
)  # fmt: skip
"""Roman numerals as the tools print them (Latin, Greek iota, OCR'd Cyrillic п/ш, 皿)."""

_ROMAN_ALTERNATIVES = "|".join(sorted(map(re.escape, ROMAN), key=len, reverse=True))
_PART_NUMERAL = re.compile(
    rf"^(?P<numeral>{_ROMAN_ALTERNATIVES})(?:\s*[.．、]\s*|\s+|(?=[^\x00-\x7f]))"
)
_ANNEX = re.compile(r"^[(（]?\s*別\s*添\s*(?P<number>\d)\s*[)）]?\s*")
_SHEET = re.compile(r"^別\s*紙\s*(?P<number>\d{1,2})?(?=$|[\s(（:：])")
_CHANGE_TABLE_HEADER = re.compile(r"^変更日\s+項目\s+変更前")


@dataclass(frozen=True, slots=True, kw_only=True)
class PartHeading:
    """A heading of a top-level part (Ⅰ–Ⅵ, 別添N, 別紙N) found at the start of a line."""

    kind: SectionKind
    numeral: int | None
    """The Roman numeral (1–6) of Ⅰ–Ⅵ, or the number of 別添N / 別紙N, as printed."""
    rest: str
    """What follows the title on the same line."""


def match_part_heading(line: str) -> PartHeading | None:
    """Recognise the heading of a top-level part at the start of a line.

    >>> match_part_heading("п\\tⅡ 特定個人情報ファイルの概要")
    PartHeading(kind=<SectionKind.FILE_OVERVIEW: 'file_overview'>, numeral=2, rest='')
    >>> match_part_heading("(\\t別添1)事務の内容").kind
    <SectionKind.FLOW: 'flow'>
    >>> match_part_heading("Vendor support") is None
    True
    """
    annex = _ANNEX.match(line)
    if annex:
        number = int(annex.group("number"))
        found = _best_title(line[annex.end() :], ANNEX_TITLES)
        if found is None:
            return PartHeading(kind=_annex_by_number(number), numeral=number, rest="")
        kind, rest = found
        return PartHeading(kind=kind, numeral=number, rest=rest)
    sheet = _SHEET.match(line)
    if sheet:
        number_text = sheet.group("number")
        return PartHeading(
            kind=_S.ANNEX,
            numeral=int(number_text) if number_text else None,
            rest=line[sheet.end() :].strip(),
        )
    if _CHANGE_TABLE_HEADER.match(line):
        return PartHeading(kind=_S.CHANGES, numeral=None, rest=line)
    numeral: int | None = None
    rest = line
    for _ in range(2):  # ``п\tⅡ 特定…``: the numeral may be printed twice
        found_numeral = _PART_NUMERAL.match(rest)
        if not found_numeral:
            break
        numeral = numeral or ROMAN[found_numeral.group("numeral")]
        rest = rest[found_numeral.end() :]
    found = _best_title(rest, PART_TITLES)
    if found is None:
        return None
    kind, after = found
    title = next(text for k, text in PART_TITLES if k is kind)
    # A short title at the start of prose is not a heading unless a numeral introduces it.
    if numeral is None and len(title) < 8:
        return None
    return PartHeading(kind=kind, numeral=numeral, rest=after)


def _annex_by_number(number: int) -> SectionKind:
    return {1: _S.FLOW, 2: _S.RECORD_ITEMS}.get(number, _S.CHANGES)


def _best_title(
    text: str, titles: Sequence[tuple[SectionKind, str]]
) -> tuple[SectionKind, str] | None:
    best: tuple[float, int, SectionKind, str] | None = None
    for kind, title in titles:
        found = _prefix_match(text, title)
        if found is None:
            continue
        score, end = found
        if best is None or (score, len(title)) > (best[0], best[1]):
            best = (score, len(title), kind, text[end:].strip(" \t※"))
    if best is None:
        return None
    return best[2], best[3]


# --- field labels -----------------------------------------------------------------------------

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)} | {
    chr(0x3251 + i): i + 21 for i in range(15)
}
_SQUEEZE = re.compile(r"[ \t]")
_VALUE_EDGE = " \t:：※*＊"


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelMatch:
    """A label recognised at the start of a line, and the rest of the line as its value."""

    label: Label
    score: float
    value: str
    """The text after the label on the same line (separators and ※ stripped)."""


def circled_number(text: str) -> int | None:
    """The value of a circled numeral ①–㉟, else None.

    >>> circled_number("⑫"), circled_number("1")
    (12, None)
    """
    return _CIRCLED.get(text)


def split_numeral(line: str) -> tuple[int | None, str]:
    """Split a leading circled numeral off a line (after leading markup).

    >>> split_numeral("①部署 保健福祉局")
    (1, '部署 保健福祉局')
    """
    stripped = line.lstrip(" \t")
    if stripped and stripped[0] in _CIRCLED:
        return _CIRCLED[stripped[0]], stripped[1:].lstrip(" \t")
    return None, stripped


_HEAD_LIMIT = 72
"""Characters of a line compared with labels (longer than the longest label and its slack)."""


@lru_cache(maxsize=4096)
def _squeeze(text: str, limit: int = _HEAD_LIMIT) -> tuple[str, tuple[int, ...]]:
    """Drop spaces and tabs from the first ``limit`` kept characters; map back to offsets."""
    kept: list[str] = []
    offsets: list[int] = []
    for offset, char in enumerate(text):
        if char in " \t":
            continue
        kept.append(char)
        offsets.append(offset)
        if len(kept) >= limit:
            break
    return "".join(kept), tuple(offsets)


class HeadIndex:
    """Which of some targets can match at the start of a text, found by its first two characters.

    :func:`_prefix_match` (and the cut-label match of options) never accepts a target unless the
    text's first or second character (spaces and tabs dropped) equals the target's: this index
    returns exactly those targets, in their given order, without trying the others.

    >>> HeadIndex(["宛名システム等", "税務システム", "名寄せ"]).candidates(" 空名システム等")
    (0,)
    """

    __slots__ = ("_first", "_second")

    def __init__(self, targets: Iterable[str]) -> None:
        first: dict[str, list[int]] = {}
        second: dict[str, list[int]] = {}
        for index, target in enumerate(targets):
            first.setdefault(target[:1], []).append(index)
            second.setdefault(target[1:2], []).append(index)
        self._first = {key: frozenset(value) for key, value in first.items()}
        self._second = {key: frozenset(value) for key, value in second.items()}

    def candidates(self, text: str) -> tuple[int, ...]:
        """The indexes (ascending) of the targets that may match at the start of ``text``."""
        head = _squeeze(text[: _HEAD_LIMIT * 2])[0]
        if not head:
            return ()
        found = self._first.get(head[0], frozenset()) | self._second.get(head[1:2], frozenset())
        return tuple(sorted(found))


@lru_cache(maxsize=64)
def head_index(targets: tuple[str, ...]) -> HeadIndex:
    """The (cached) :class:`HeadIndex` of ``targets``."""
    return HeadIndex(targets)


def _prefix_match(text: str, target: str) -> tuple[float, int] | None:
    """Score how well the start of ``text`` reads as ``target``; return score and end offset.

    Spaces and tabs inside the compared span are ignored (split labels). The span may be one
    character shorter or longer than the target (a dropped or an inserted character).
    """
    length = len(target)
    head, offsets = _squeeze(text[: _HEAD_LIMIT * 2])
    if not head:
        return None
    if length < MIN_FUZZY_LENGTH:
        if head.startswith(target):
            return 100.0, offsets[length - 1] + 1
        return None
    if head[0] != target[0] and head[1:2] != target[1:2]:
        return None  # neither of the first two characters agrees: no label starts here
    best_score = -1.0
    best_span = 0
    for span in (length, length - 1, length + 1):
        if span < 1 or span > len(head):
            continue
        score = Levenshtein.normalized_similarity(target, head[:span]) * 100.0
        if score > best_score:
            best_score, best_span = score, span
    if best_score < FUZZY_THRESHOLD:
        return None
    return best_score, offsets[best_span - 1] + 1


def match_label(line: str, labels: Iterable[Label]) -> LabelMatch | None:
    """Recognise one of ``labels`` at the start of ``line``.

    A circled numeral on the line must agree with the label's; a label printed without one in
    the text still matches (the numeral is often lost), but a numeral on a line never matches a
    label the form prints without one.

    Args:
        line: A normalised line.
        labels: The candidate labels (e.g. :data:`BASIC_INFO_LABELS`).

    Returns:
        The best match, or None when no label reaches its threshold.
    """
    numeral, text = split_numeral(line)
    best: LabelMatch | None = None
    best_key: tuple[float, int] = (-1.0, -1)
    for label in labels:
        if numeral is not None and label.number != numeral:
            continue
        found = _prefix_match(text, label.text)
        if found is None:
            continue
        score, end = found
        if numeral is None and label.number is not None:
            score -= 5.0  # the numeral was lost: still a match, but a weaker one
            if len(label.text) < MIN_FUZZY_LENGTH or score < FUZZY_THRESHOLD:
                continue
        key = (score, len(label.text))
        if key > best_key:
            best_key = key
            best = LabelMatch(
                label=label, score=score, value=text[end:].lstrip(_VALUE_EDGE).rstrip()
            )
    return best


def match_heading(line: str, headings: Iterable[Label] = ITEM_HEADINGS) -> LabelMatch | None:
    """Recognise an item heading of Ⅰ (``2. 特定個人情報ファイル⇥を取り扱う事務において…``).

    The heading must fill the line (after its number; ``※`` and up to three stray characters
    may follow), which keeps ``1. 特定個人情報ファイルを取り扱う事務`` apart from the longer
    heading of item 2 that starts with the same words.

    >>> match_heading("6. 情報提供ネットワークシ\\tノステムによる情報連携 ※").label.key
    'linkage'
    """
    text = _ITEM_NUMBER.sub("", line, count=1)
    best: LabelMatch | None = None
    for heading in headings:
        found = _prefix_match(text, heading.text)
        if found is None:
            continue
        score, end = found
        rest = text[end:].strip(_VALUE_EDGE)
        if len(rest) > 3:
            continue
        if best is None or score > best.score:
            best = LabelMatch(label=heading, score=score, value=rest)
    return best


_ITEM_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.．、]?\s*")


# --- options ---------------------------------------------------------------------------------

MIN_OPTION_PREFIX = 4
"""An option label cut short (``庁内連携シス``) is recognised from this many characters on."""


def match_option(text: str, options: Sequence[str] = CONNECTION_OPTIONS) -> tuple[str, int] | None:
    """Recognise a checkbox option label at the start of ``text``; return it and its end.

    Cut-off labels (``既存住民基本``) match the option they start; OCR-damaged ones
    (``空名システム等``) match fuzzily.

    >>> match_option("空名システム等 [○] 税務システム")
    ('宛名システム等', 7)
    >>> match_option("庁内連携シス")
    ('庁内連携システム', 6)
    """
    stripped = text.lstrip(" \t")
    offset = len(text) - len(stripped)
    best: tuple[float, int, str, int] | None = None
    options = tuple(options)
    for index in head_index(options).candidates(stripped):
        option = options[index]
        found = _prefix_match(stripped, option)
        if found is None:
            found = _truncated_match(stripped, option)
        if found is None:
            continue
        score, end = found
        if best is None or (score, len(option)) > (best[0], best[1]):
            best = (score, len(option), option, end)
    if best is None:
        return None
    return best[2], offset + best[3]


def _truncated_match(text: str, option: str) -> tuple[float, int] | None:
    head, offsets = _squeeze(text[: _HEAD_LIMIT * 2])
    # The cut label ends where the cell ends: at a box, a tab or the end of the text.
    cell = re.split(r"[\[\]\t(]", text, maxsplit=1)[0].strip()
    squeezed_cell = _SQUEEZE.sub("", cell)
    if len(squeezed_cell) < MIN_OPTION_PREFIX or len(squeezed_cell) >= len(option):
        return None
    if not option.startswith(squeezed_cell) or not head.startswith(squeezed_cell):
        return None
    return 90.0, offsets[len(squeezed_cell) - 1] + 1
