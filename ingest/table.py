"""Rows and columns of the form's tables (別添3 変更箇所, 別紙 annex tables).

Converters print a table row as one line of tab-separated cells. Normalisation folds the empty
cells of such a row (two tabs become one), which loses the column a value belongs to, so rows
are read from the raw source line when the extraction context carries it, each cell normalised
on its own and flattened (HTML paragraphs and list items inside a cell become spaces).

A table's header row names its columns (``変更日 ⇥ 項目 ⇥ 変更前の記載 …``,
``提供先 ⇥ 法令上の根拠 ⇥ 提供先における用途``); :func:`header_columns` maps each header cell to a
:class:`Column` from a small ordered table of title words, so that a header printed again at a
page break is recognised, and a table's kind follows from the columns it has.

>>> header_columns(("変更日", "項目", "変更前の記載", "変更後の記載", "提出時期",
...                 "提出時期に係る説明"))
(<Column.DATE: 'date'>, <Column.ITEM: 'item'>, <Column.BEFORE: 'before'>, \
<Column.AFTER: 'after'>, <Column.TIMING: 'timing'>, <Column.REASON: 'reason'>)
>>> header_columns(("令和7年8月1日", "1 基本情報", "旧", "新", "事後", "")) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ingest.normalize import normalize_line
from ingest.section import Section

if TYPE_CHECKING:  # the extractors import this module
    from ingest.extractors.base import ExtractionContext


class Column(StrEnum):
    """What a column of a form table holds."""

    DATE = "date"
    """変更日."""
    ITEM = "item"
    """項目."""
    BEFORE = "before"
    """変更前の記載."""
    AFTER = "after"
    """変更後の記載."""
    TIMING = "timing"
    """提出時期 (change history) or 時期・頻度 (annex provision tables)."""
    REASON = "reason"
    """提出時期に係る説明."""
    NO = "no"
    """番号 / No."""
    RECIPIENT = "recipient"
    """提供先 / 移転先 / 機関 (情報照会者)."""
    BASIS = "basis"
    """法令上の根拠."""
    PURPOSE = "purpose"
    """提供先における用途 / 移転先における用途."""
    INFO = "info"
    """提供する情報 / 移転する情報."""
    SCOPE = "scope"
    """…の対象となる本人の範囲."""
    METHODS = "methods"
    """提供方法 / 移転方法."""
    YEAR = "year"
    """年度 (重大事故)."""
    SUMMARY = "summary"
    """事案の内容 (重大事故)."""
    TYPE = "type"
    """類型 (重大事故)."""
    MEASURES = "measures"
    """再発防止策 (重大事故)."""


_TITLE_WORDS: tuple[tuple[str, Column], ...] = (
    ("提出時期に係る説明", Column.REASON),
    ("説明", Column.REASON),
    ("提出時期", Column.TIMING),
    ("変更日", Column.DATE),
    ("変更前", Column.BEFORE),
    ("変更後", Column.AFTER),
    ("における用途", Column.PURPOSE),
    ("用途", Column.PURPOSE),
    ("根拠", Column.BASIS),
    ("本人の範囲", Column.SCOPE),
    ("する情報", Column.INFO),
    ("方法", Column.METHODS),
    ("時期", Column.TIMING),
    ("頻度", Column.TIMING),
    ("提供先", Column.RECIPIENT),
    ("移転先", Column.RECIPIENT),
    ("照会者", Column.RECIPIENT),
    ("機関", Column.RECIPIENT),
    ("事案", Column.SUMMARY),
    ("類型", Column.TYPE),
    ("再発防止", Column.MEASURES),
    ("年度", Column.YEAR),
    ("項目", Column.ITEM),
    ("番号", Column.NO),
    ("項番", Column.NO),
    ("no", Column.NO),
)
"""Title word → column, first match wins (so 提供先における用途 is a purpose, not a recipient)."""

_MAX_TITLE_LENGTH = 20
"""A header cell is a short title; a longer cell is a value."""
_MIN_HEADER_COLUMNS = 2

_SPACES = re.compile(r"\s+")
_DOTS = re.compile("[・･·]")


def title_column(title: str) -> Column | None:
    """The column a header cell names, or None.

    >>> title_column("提供先における用途"), title_column("移転先"), title_column("備考")
    (<Column.PURPOSE: 'purpose'>, <Column.RECIPIENT: 'recipient'>, None)
    """
    key = _SPACES.sub("", title).lower()
    if not key or len(key) > _MAX_TITLE_LENGTH:
        return None
    for word, column in _TITLE_WORDS:
        if word in key:
            return column
    return None


def header_columns(cells: Sequence[str]) -> tuple[Column | None, ...] | None:
    """The columns a header row names, or None when the row is not a header.

    A header has at least two titled cells, and every non-empty cell is a title.
    """
    columns = tuple(title_column(cell) for cell in cells)
    titled = [column for column in columns if column is not None]
    if len(titled) < _MIN_HEADER_COLUMNS:
        return None
    if any(cell.strip() and column is None for cell, column in zip(cells, columns, strict=True)):
        return None
    return columns


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One line of a table: its cells, where it is in the section and in the source."""

    cells: tuple[str, ...]
    """The cells, each normalised and flattened to one line (empty cells kept)."""
    index: int
    """Index of the line in the section's normalised lines."""
    line: int
    """1-based raw source line."""
    raw: str
    """The raw source line (the normalised line when the source text is unknown)."""

    @property
    def text(self) -> str:
        """The non-empty cells joined by spaces."""
        return " ".join(cell for cell in self.cells if cell)


def cell_text(raw: str) -> str:
    """A raw table cell normalised and flattened to one line.

    >>> cell_text("<p>【措置】</p> <ul><li>・ａ</li><li>・ｂ</li></ul>")
    '【措置】 ・a ・b'
    """
    return _SPACES.sub(" ", normalize_line(raw).replace("\t", " ")).strip()


def section_rows(section: Section, context: ExtractionContext) -> list[Row]:
    """The section's lines as table rows, cells read from the raw source line when known."""
    rows: list[Row] = []
    raw_lines = context.raw_lines
    for index, normalised in enumerate(section.lines):
        line = section.raw_line(index)
        raw = raw_lines[line - 1] if 0 < line <= len(raw_lines) else normalised
        if "\t" in raw:
            cells = tuple(cell_text(cell) for cell in raw.split("\t"))
        else:
            raw = raw if raw_lines else normalised
            cells = tuple(cell.strip() for cell in normalised.split("\t"))
        rows.append(Row(cells=cells, index=index, line=line, raw=raw))
    return rows


def squeeze(text: str) -> str:
    """``text`` without white space and middle dots (for comparing titles and names).

    >>> squeeze("時期 ・ 頻度")
    '時期頻度'
    """
    return _DOTS.sub("", _SPACES.sub("", text))
