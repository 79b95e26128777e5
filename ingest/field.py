"""Classifying the lines of a form region and reading labelled field values.

Each line of a region is classified once (:func:`classify_lines`): a part or item heading, a
field label with the value that follows it on the line, a ``システムN`` heading, checkbox-grid
material, a choice list, stray brackets, or plain text. A field's value is the rest of its
label line plus the plain-text lines that follow it, up to the next line of any other class,
so values never swallow another item's label even when the layout has shuffled the items.

>>> lines = classify_lines(
...     ["①事務の名称 国民年金に関する事務", "②事務の内容 ※", "本市では、", "事務を行う。"]
... )
>>> [line.kind.value for line in lines]
['label', 'label', 'text', 'text']
>>> field_text(lines, 1)
'本市では、事務を行う。'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import Levenshtein

from ingest.checkbox import Token, is_grid_line, line_to_tokens
from ingest.label import (
    BASIC_INFO_LABELS,
    FUZZY_THRESHOLD,
    Label,
    PartHeading,
    match_heading,
    match_label,
    match_part_heading,
)
from ingest.normalize import CHOICE_MARKER, TICK


class LineKind(StrEnum):
    """The class of one line of a form region."""

    PART = "part"
    HEADING = "heading"
    LABEL = "label"
    SYSTEM = "system"
    """``システムN``: the heading of one system block."""
    SYSTEM_RANGE = "system_range"
    """``システム2～5``: the heading of a block of systems."""
    GRID = "grid"
    CHOICE = "choice"
    NEUTRAL = "neutral"
    """Stray brackets and parentheses left by the layout."""
    TEXT = "text"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassifiedLine:
    """One line of a region with what it was recognised as."""

    index: int
    """Position in the sequence that was classified."""
    text: str
    kind: LineKind
    label: Label | None = None
    """For LABEL and HEADING lines (and SYSTEM lines that go on with a label)."""
    value: str = ""
    """For LABEL lines: the text after the label on the same line."""
    number: int | None = None
    """For SYSTEM lines: N of システムN."""
    number_range: tuple[int, int] | None = None
    """For SYSTEM_RANGE lines: the declared range."""
    part: PartHeading | None = None
    tokens: tuple[Token, ...] = ()
    """Checkbox tokens of GRID lines and of LABEL lines that carry a grid."""

    @property
    def has_grid(self) -> bool:
        """True when the line carries checkbox-grid material."""
        return self.kind is LineKind.GRID or (
            self.kind is LineKind.LABEL and is_grid_line(self.tokens)
        )


_PART_START = re.compile(r"^(?:[ⅠⅡⅢⅣⅤⅥIVΙlпПшШ皿iv(（]|別|変更日)")
_SYSTEM = re.compile(r"^システム\s*(\d{1,2})(?![\d~～〜\-－])\s*(?P<rest>.*)$")
_SYSTEM_RANGE = re.compile(r"^システム\s*(\d{1,2})\s*[~～〜\-－ー]\s*(\d{1,2})")
_CHOICE_LINE = re.compile(rf"^(?:{re.escape(CHOICE_MARKER)}|\d\s*[)）]\s*\S)")
_NEUTRAL = re.compile(r"^[()（）\[\]「」【】|｜\-ー・.,、。]{1,3}$")
_BOX_OR_MARK = re.compile(r"[\[\]" + TICK + "]")


def classify_lines(
    lines: Sequence[str], labels: Sequence[Label] = BASIC_INFO_LABELS
) -> list[ClassifiedLine]:
    """Classify every line of a region.

    Args:
        lines: Normalised lines.
        labels: The field labels to recognise (item headings are always recognised).
    """
    return [classify_line(index, line, labels) for index, line in enumerate(lines)]


def classify_line(
    index: int, line: str, labels: Sequence[Label] = BASIC_INFO_LABELS
) -> ClassifiedLine:
    """Classify one line (see :func:`classify_lines`)."""
    if _PART_START.match(line):
        part = match_part_heading(line)
        if part is not None:
            return ClassifiedLine(index=index, text=line, kind=LineKind.PART, part=part)
    heading = match_heading(line)
    if heading is not None:
        return ClassifiedLine(
            index=index, text=line, kind=LineKind.HEADING, label=heading.label, value=heading.value
        )
    if line.startswith("システム"):
        found_range = _SYSTEM_RANGE.match(line)
        if found_range:
            low, high = int(found_range.group(1)), int(found_range.group(2))
            return ClassifiedLine(
                index=index, text=line, kind=LineKind.SYSTEM_RANGE, number_range=(low, high)
            )
        system = _SYSTEM.match(line)
        if system:
            rest = system.group("rest")
            rest_label = match_label(rest, labels) if rest else None
            if rest_label is not None or len(rest) <= 3:
                return ClassifiedLine(
                    index=index,
                    text=line,
                    kind=LineKind.SYSTEM,
                    number=int(system.group(1)),
                    label=rest_label.label if rest_label else None,
                    value=rest_label.value if rest_label else "",
                )
    found = match_label(line, labels)
    tokens: tuple[Token, ...] = ()
    if _BOX_OR_MARK.search(line):
        tokens = tuple(line_to_tokens(line, line=index))
    if found is not None:
        return ClassifiedLine(
            index=index,
            text=line,
            kind=LineKind.LABEL,
            label=found.label,
            value=found.value,
            tokens=tokens,
        )
    if tokens and is_grid_line(tokens):
        return ClassifiedLine(index=index, text=line, kind=LineKind.GRID, tokens=tokens)
    if _CHOICE_LINE.match(line):
        return ClassifiedLine(index=index, text=line, kind=LineKind.CHOICE)
    if _NEUTRAL.match(line):
        return ClassifiedLine(index=index, text=line, kind=LineKind.NEUTRAL)
    return ClassifiedLine(index=index, text=line, kind=LineKind.TEXT)


def field_lines(lines: Sequence[ClassifiedLine], index: int) -> list[ClassifiedLine]:
    """The plain-text lines that continue the field whose label is at ``index``."""
    continuation: list[ClassifiedLine] = []
    for line in lines[index + 1 :]:
        if line.kind is not LineKind.TEXT:
            break
        continuation.append(line)
    return continuation


def field_text(
    lines: Sequence[ClassifiedLine], index: int, *, first_line_only: bool = False
) -> str:
    """The value of the field labelled at ``index``, flattened to one paragraph.

    The choice-list furniture (``<選択肢>`` and what follows it) is dropped.
    """
    start = lines[index]
    pieces = [start.value] if start.value else []
    if not (first_line_only and pieces):
        for line in field_lines(lines, index):
            pieces.append(line.text)
            if first_line_only:
                break
    return drop_choice_list(flatten(pieces))


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef「」『』（）、。・]")


_PARAGRAPH_END = "。．.:：)）」』"
_SHORT_LINE = 0.6
_BULLET = "・"
"""A line shorter than this share of the longest line of a value ends its paragraph."""


def flatten(pieces: Sequence[str]) -> str:
    """Join wrapped lines and cells into one paragraph.

    Japanese text wraps anywhere, so a line that runs to the page edge continues on the next
    without a space. A line that ends a sentence or stops short (a heading such as
    ``1.資格管理機能``) ends its paragraph, and a space separates it from the next; so does
    anything that is not Japanese on both sides. Tabs (cell breaks) become spaces.

    >>> flatten(["特別障害給付金の支給に関する法律の", "規定による", "APPLIC", "が定める"])
    '特別障害給付金の支給に関する法律の規定による APPLIC が定める'
    >>> flatten(["1.資格管理機能", "被保険者の情報を入力し管理する。", "2.保険料情報管理機能"])
    '1.資格管理機能 被保険者の情報を入力し管理する。 2.保険料情報管理機能'

    A line that opens with a bullet after a line that opened with one is the next item of
    a list, however long the line before it:

    >>> flatten(["・サーバ及びデータセンター機能の提供", "・バックアップデータの保管"])
    '・サーバ及びデータセンター機能の提供 ・バックアップデータの保管'
    """
    cleaned = [re.sub(r"[ \t]+", " ", piece).strip() for piece in pieces]
    cleaned = [piece for piece in cleaned if piece]
    longest = max((len(piece) for piece in cleaned), default=0)
    result = ""
    previous = ""
    for piece in cleaned:
        if not result:
            result = piece
        elif (
            _CJK.match(previous[-1])
            and _CJK.match(piece[0])
            and previous[-1] not in _PARAGRAPH_END
            and len(previous) >= longest * _SHORT_LINE
            and not (piece[0] == previous[0] == _BULLET)
        ):
            result += piece
        else:
            result += " " + piece
        previous = piece
    return result


def drop_choice_list(text: str) -> str:
    """Remove ``<選択肢>`` and the list of choices after it from a free-text value.

    >>> drop_choice_list("更正するものもあります。 <選択肢>")
    '更正するものもあります。'
    """
    position = text.find(CHOICE_MARKER)
    if position < 0:
        return text
    return text[:position].strip()


_SELECTED = re.compile(r"\[\s*([^\[\]" + TICK + r"<>]+?)\s*(?:\]|$)")


def selected_choice(texts: Sequence[str], choices: Sequence[str] = ()) -> str | None:
    """The value selected in a choice field: the text in ``[ … ]`` (the closer may be lost).

    With ``choices`` given, a selection close to one of them (OCR) is returned in its canonical
    wording.

    >>> selected_choice(["<選択肢> [ 30万人以上 ] 1) 1,000人未満"])
    '30万人以上'
    >>> selected_choice(["[ 3O万人以上"], ["10万人以上30万人未満", "30万人以上"])
    '30万人以上'
    """
    for text in texts:
        for found in _SELECTED.finditer(text):
            value = found.group(1).strip()
            if not value or re.fullmatch(r"[\s○]*", value):
                continue
            return canonical_choice(value, choices)
    return None


def canonical_choice(value: str, choices: Sequence[str]) -> str:
    """``value``, or the choice it is an OCR-damaged spelling of."""
    if not choices or value in choices:
        return value
    best = max(choices, key=lambda choice: Levenshtein.normalized_similarity(value, choice))
    if Levenshtein.normalized_similarity(value, best) * 100.0 >= FUZZY_THRESHOLD:
        return best
    return value
