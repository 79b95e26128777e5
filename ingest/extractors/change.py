"""別添3 変更箇所: the change history, one :class:`~ingest.records.ChangeRecord` per row.

The table has six columns (変更日, 項目, 変更前の記載, 変更後の記載, 提出時期, 提出時期に係る説明)
and reaches us in two shapes:

- **tab rows** (Markdown, HTML, OCR tables): one line per row, cells read from the raw line so
  that empty cells keep their column (:mod:`ingest.table`), HTML inside a cell flattened.
  Header rows repeated at page breaks are dropped, and so are rows without any Japanese text
  (rule lines, OCR debris). A row whose 項目 says ``※ 上記の続き`` / ``上記継続`` / ``前記継続``,
  or whose 変更日 and 項目 are both empty, continues the row above (its cells are appended; a
  cell printed again identically is kept once); a row that only completes a row left without
  cells (OCR split one row over two lines) is merged into it; a row under a merged 変更日 cell
  (empty, or holding OCR fragments of the 項目, but with its own cells) inherits the date above;
  a "staircase" row that repeats the row above and adds cells replaces it. ``-`` and
  ``(記載なし)`` cells are no value. A 変更後 cell that only repeats the 提出時期 (OCR printed it
  twice) is no value. A header row of another table ends the change table (an annex table
  whose heading was lost: :mod:`ingest.extractors.annex` reads it).
- **PDF layout** (pdfminer-like): a row starts at the line holding its 変更日 (alone, or glued
  after its 説明), its 項目 is the next box (a run of lines between blank lines), and 変更前 and
  変更後 are the boxes before the one holding the 提出時期 (事前/事後); two one-line cells may
  share a line (split at a plain space outside brackets, where the halves agree best), a line
  ``（記載なし）`` is a cell of its own, and 変更後 starts at the box that restates the first
  line of 変更前. The 説明 follows the 提出時期; a 説明 printed above the first date belongs to
  the first row; a second 提出時期 box in a row belongs to the next row that lacks one. A box
  naming a form item (``Ⅲ …``) after a row's cells starts a row whose 変更日 is not printed (it
  inherits the date above). A ``前記継続`` row is kept as a record of its own (項目 ``前記継続``):
  the layout's text order does not say which row it continues.

The systems of Ⅰ 2 that the history names are recovered by :func:`changes_to_systems` (the
pipeline uses them when Ⅰ 2 itself is missing; see :mod:`ingest.second_source`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from ingest.checkbox import line_to_tokens, tokens_to_grid
from ingest.extractors.base import Extraction, ExtractionContext
from ingest.field import flatten
from ingest.label import LABELS_BY_KEY
from ingest.normalize import normalize_line
from ingest.records import ChangeRecord, System
from ingest.section import Section
from ingest.table import Column, Row, header_columns, section_rows, squeeze
from ingest.wareki import WAREKI_PATTERN, wareki_to_date

FORM_REF = "別添3"

CHANGE_COLUMNS: tuple[Column, ...] = (
    Column.DATE,
    Column.ITEM,
    Column.BEFORE,
    Column.AFTER,
    Column.TIMING,
    Column.REASON,
)
"""The columns of the change table in form order (used when a header is lost)."""

TIMINGS = ("事前", "事後")
"""The values of 提出時期."""

_CONTINUATION = re.compile(r"^[※＊*]?\s*(?:上記|前記)\s*(?:の)?\s*(?:続き|継続)")
_NO_VALUE = frozenset({"", "-", "－", "ー", "―", "—", "‐", "(記載なし)", "記載なし", "(なし)"})
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_TIMING_IN_LINE = re.compile(r"(?:^|(?<=\s))(?P<timing>事前|事後)(?=\s|$|[令平昭])")
_OPENERS = "[(（「【〔<〈《［"
_CLOSERS = "])）」】〕>〉》］"
_MIN_HEADER_TITLES = 4
_ITEM_SYSTEM = re.compile(
    r"(?:使用する\s*システム|基本情報).*?システム\s*(\d{1,2})(?!\d)(?P<rest>.*)$"
)
_FIELD = re.compile(r"[①②③]\s*(?P<label>\S+)")
_MAX_NAME_LENGTH = 40


@dataclass(slots=True)
class _Draft:
    """A change row being assembled from one or more lines."""

    line: int
    date: date | None = None
    date_text: str | None = None
    item: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    timing: str | None = None
    reason: list[str] = field(default_factory=list)
    values: dict[Column, str] = field(default_factory=dict)
    """The cells of the row's first line (for recognising a staircase)."""

    @property
    def is_bare(self) -> bool:
        """True when the row has neither 変更前/変更後 nor 提出時期 (it awaits its cells)."""
        return not (self.before or self.after or self.timing)

    def add(self, values: dict[Column, str], *, with_item: bool) -> None:
        if with_item and values.get(Column.ITEM):
            self.item.append(values[Column.ITEM])
        for column, target in (
            (Column.BEFORE, self.before),
            (Column.AFTER, self.after),
            (Column.REASON, self.reason),
        ):
            value = values.get(column)
            if value and value not in target:  # a repeated cell is printed again, not added
                target.append(value)
        if self.timing is None and values.get(Column.TIMING):
            self.timing = values[Column.TIMING]

    def to_record(self) -> ChangeRecord:
        return ChangeRecord(
            date=self.date,
            date_text=self.date_text,
            item=_joined(self.item),
            before=_value(self.before),
            after=_value(self.after),
            timing=self.timing,
            reason=_joined(self.reason),
            line=self.line,
        )


def _joined(pieces: Sequence[str]) -> str | None:
    text = " ".join(piece for piece in pieces if piece)
    return text or None


def _value(pieces: Sequence[str]) -> str | None:
    kept = [piece for piece in pieces if piece not in _NO_VALUE]
    return _joined(kept)


def _date_in(text: str) -> tuple[str, date | None] | None:
    found = WAREKI_PATTERN.search(text)
    if found is None:
        return None
    try:
        return found.group(0), wareki_to_date(found.group(0))
    except ValueError:
        return found.group(0), None


def _timing_and_rest(text: str) -> tuple[str | None, str]:
    """The 提出時期 a cell starts with, and what follows it (a misplaced 説明)."""
    stripped = text.strip()
    for timing in TIMINGS:
        if stripped == timing:
            return timing, ""
        if stripped.startswith(timing + " "):
            return timing, stripped[len(timing) :].strip()
    return None, stripped


def newest_first(changes: Sequence[ChangeRecord]) -> list[int]:
    """The positions of the dated change rows, newest first (text order breaks ties: later rows
    win). A second source counts only the newest row restating a value."""
    dated = [(change.date, index) for index, change in enumerate(changes) if change.date]
    return [index for _date, index in sorted(dated, reverse=True)]


_Target = TypeVar("_Target", bound=Hashable)


def newest_rows(
    changes: Sequence[ChangeRecord], target_of: Callable[[ChangeRecord], _Target | None]
) -> dict[_Target, ChangeRecord]:
    """The newest row naming each target (``target_of`` a row's target, or None), newest target
    first: what a second source fills a value from, whatever that row's 変更後 says."""
    rows: dict[_Target, ChangeRecord] = {}
    for position in newest_first(changes):
        target = target_of(changes[position])
        if target is not None and target not in rows:
            rows[target] = changes[position]
    return rows


_NOT_WHOLE = re.compile(
    r"^[\s\-－―—ー‐]*$|^[(（]?\s*記載なし|^[(（]?\s*削除\s*[)）]?$|^\s*(?:以下[をに]?)?追記"
    r"|[≪《<＜(（]\s*略\s*[≫》>＞)）]|以下略|省略"
)


def whole_value(after: str | None) -> str | None:
    """A 変更後の記載 as a whole value (spaces squeezed), or None when it states none (``-``,
    ``(記載なし)``, ``削除``) or only part of one (``≪略≫``, ``(以下省略)``, ``以下を追記 …``).

    >>> whole_value(" 課長  乙 "), whole_value("(記載なし)"), whole_value("以下を追記 <X> …")
    ('課長 乙', None, None)
    """
    text = " ".join((after or "").split())
    return None if _NOT_WHOLE.search(text) else text


def is_change_header(text: str) -> bool:
    """True for a header line of the change table, however its titles are run together.

    >>> is_change_header("提出時期に係る説明変更日 項目 変更前の記載 変更後の記載 提出時期")
    True
    >>> is_change_header("変更日 項目")
    False
    """
    key = squeeze(text)
    titles = ("変更日", "項目", "変更前の記載", "変更後の記載", "提出時期")
    return sum(
        title in key for title in titles
    ) >= _MIN_HEADER_TITLES and not WAREKI_PATTERN.search(text)


# ---------------------------------------------------------------------------------------------
# Tab rows
# ---------------------------------------------------------------------------------------------


def _assign(cells: Sequence[str], columns: Sequence[Column | None]) -> dict[Column, str]:
    """Cells → columns: by position when the row is as wide as the header, else by content."""
    if len(cells) == len(columns):
        return {
            column: cell for cell, column in zip(cells, columns, strict=True) if column and cell
        }
    values: dict[Column, str] = {}
    rest = [cell for cell in cells if cell]
    if rest and _date_in(rest[0]):
        values[Column.DATE] = rest.pop(0)
    timing_at = next((i for i, cell in enumerate(rest) if _timing_and_rest(cell)[0]), None)
    body = rest if timing_at is None else rest[:timing_at]
    if timing_at is not None:
        values[Column.TIMING] = rest[timing_at]
        if rest[timing_at + 1 :]:
            values[Column.REASON] = " ".join(rest[timing_at + 1 :])
    if body:
        values[Column.ITEM] = body.pop(0)
    if len(body) >= 2:
        values[Column.BEFORE], values[Column.AFTER] = body[0], " ".join(body[1:])
    elif body:
        values[Column.AFTER] = body[0]
    return values


def _clean_values(values: dict[Column, str]) -> dict[Column, str]:
    """Split a misplaced 説明 off the 提出時期 cell; drop a 変更後 that only repeats it."""
    cleaned = dict(values)
    if Column.TIMING in cleaned:
        timing, rest = _timing_and_rest(cleaned[Column.TIMING])
        if timing is None:
            cleaned.pop(Column.TIMING)
            cleaned[Column.REASON] = " ".join(filter(None, (rest, cleaned.get(Column.REASON))))
        else:
            cleaned[Column.TIMING] = timing
            if rest:
                cleaned[Column.REASON] = " ".join(filter(None, (rest, cleaned.get(Column.REASON))))
    after = cleaned.get(Column.AFTER)
    if after in TIMINGS and cleaned.get(Column.TIMING):
        # OCR printed the 提出時期 twice (in 変更後 too): the 変更後 cell was lost.
        cleaned.pop(Column.AFTER)
    return cleaned


def _extends(first: dict[Column, str], second: dict[Column, str]) -> bool:
    """True when ``second`` repeats every cell of ``first`` (or its start) and adds to it."""
    if not first or first.keys() - second.keys():
        return False
    if not all(second[column].startswith(value) for column, value in first.items()):
        return False
    return sum(map(len, second.values())) > sum(map(len, first.values()))


def _tab_drafts(rows: Sequence[Row]) -> list[_Draft]:
    """The change rows of tab-separated lines.

    A header row of another table ends the change table (an annex table whose heading was
    lost: the annex reader takes its rows); a change header row starts it again.
    """
    columns: Sequence[Column | None] = CHANGE_COLUMNS
    drafts: list[_Draft] = []
    in_other_table = False
    for row in rows:
        header = header_columns(row.cells)
        if header is not None:
            in_other_table = Column.DATE not in header or not (
                {Column.BEFORE, Column.AFTER} & set(header)
            )
            if not in_other_table:
                columns = header
            continue
        if in_other_table:
            continue
        if len(row.cells) < 2 and not drafts:
            continue
        values = _clean_values(_assign(row.cells, columns))
        if not any(_JAPANESE.search(value) for value in values.values()):
            continue  # a rule line or OCR debris
        _take_row(drafts, row, values)
    return drafts


def _take_row(drafts: list[_Draft], row: Row, values: dict[Column, str]) -> None:
    found = _date_in(values.get(Column.DATE, ""))
    previous = drafts[-1] if drafts else None
    item = values.get(Column.ITEM, "")
    if previous is not None:
        continuation = bool(_CONTINUATION.match(item)) or (not values.get(Column.DATE) and not item)
        if continuation:
            previous.add(values, with_item=False)
            return
        if found is None and previous.is_bare:
            previous.add(values, with_item=True)
            return
        if (
            found is not None
            and found[0] == previous.date_text
            and _extends(previous.values, values)
        ):
            drafts.pop()
            previous = drafts[-1] if drafts else None
    if found is None and previous is None:
        return
    draft = _Draft(line=row.line, values=values)
    if found is not None:
        draft.date_text, draft.date = found
    elif previous is not None:
        # Under a merged 変更日 cell: the date of the row above.
        draft.date_text, draft.date = previous.date_text, previous.date
    draft.add(values, with_item=True)
    drafts.append(draft)


# ---------------------------------------------------------------------------------------------
# PDF layout
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    line: int
    raw: str
    text: str


def _boxes(lines: Sequence[_Line]) -> list[list[_Line]]:
    """Groups of lines separated by blank lines (gaps in the raw line numbers)."""
    boxes: list[list[_Line]] = []
    for line in lines:
        if boxes and line.line == boxes[-1][-1].line + 1:
            boxes[-1].append(line)
        else:
            boxes.append([line])
    return boxes


def _split_points(raw: str) -> list[int]:
    """Positions of plain spaces outside brackets: where two cells may meet on one line."""
    depth = 0
    points = []
    for position, char in enumerate(raw):
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
        elif char == " " and depth == 0 and 0 < position < len(raw) - 1:
            points.append(position)
    return points


def _common_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def _split_pair(raw: str) -> tuple[str, str]:
    """Two cells printed on one line (変更前 and 変更後): split where the halves agree best."""
    points = _split_points(raw.strip())
    stripped = raw.strip()
    if not points:
        return stripped, ""
    best = max(
        points,
        key=lambda p: (
            _common_prefix(squeeze(stripped[:p]), squeeze(stripped[p + 1 :])),
            -abs(len(stripped) / 2 - p),
        ),
    )
    return stripped[:best].strip(), stripped[best + 1 :].strip()


def _timing_in(raw: str) -> tuple[str, str, str] | None:
    """(text before, 提出時期, text after) when a layout line holds the 提出時期 as a word."""
    found = _TIMING_IN_LINE.search(raw)
    if found is None:
        return None
    return raw[: found.start()].strip(), found.group("timing"), raw[found.end() :].strip()


def _norm(raw: str) -> str:
    return " ".join(normalize_line(raw).split())


def _box_text(box: Sequence[_Line]) -> str:
    return flatten([line.text for line in box])


def _cells(boxes: list[list[_Line]]) -> list[list[_Line]]:
    """Boxes split after a line that is a whole cell by itself (``（記載なし）``, ``-``)."""
    cells: list[list[_Line]] = []
    for box in boxes:
        current: list[_Line] = []
        for line in box:
            if line.text.strip() in _NO_VALUE and current:
                cells.append(current)
                current = []
            current.append(line)
            if line.text.strip() in _NO_VALUE:
                cells.append(current)
                current = []
        if current:
            cells.append(current)
    return cells


def _split_material(boxes: list[list[_Line]], head: str) -> tuple[list[str], list[str]]:
    """変更前 and 変更後 from the boxes before the 提出時期 and the text before it on its line."""
    cells = _cells(boxes)
    texts = [_box_text(cell) for cell in cells]
    if head:
        if texts:
            return texts, [_norm(head)]
        before, after = _split_pair(head)
        return [_norm(before)], [_norm(after)] if after else []
    if len(texts) >= 2:
        # 変更後 restates the start of 変更前: it begins at the cell with a line most like the
        # first line of the first cell (the middle cell when none is).
        first = squeeze(cells[0][0].text)
        cut = max(
            range(1, len(texts)),
            key=lambda i: (
                max(_common_prefix(first, squeeze(line.text)) for line in cells[i]),
                -abs(len(texts) / 2 - i),
            ),
        )
        return texts[:cut], texts[cut:]
    if len(cells) == 1 and len(cells[0]) > 1:
        lines = [line.text for line in cells[0]]
        first = squeeze(lines[0])
        cut = max(
            range(1, len(lines)),
            key=lambda i: (_common_prefix(first, squeeze(lines[i])), -i),
        )
        if _common_prefix(first, squeeze(lines[cut])) >= len(first) // 2:
            return [flatten(lines[:cut])], [flatten(lines[cut:])]
    return texts, []


def _timing_box(box: Sequence[_Line]) -> tuple[int, tuple[str, str, str]] | None:
    """Where a box holds the 提出時期: (line index, (text before, timing, text after))."""
    for index, line in enumerate(box):
        parts = _timing_in(line.raw)
        if parts is not None:
            return index, parts
    return None


@dataclass(slots=True)
class _Segment:
    """The lines of one row of PDF-layout text, from the line that holds its 変更日."""

    lines: list[_Line]
    date_text: str | None
    date: date | None
    head_text: str
    """What the first line holds besides the date (a 説明 glued before it, 前記継続)."""
    continuation: bool = False
    dated: bool = True
    """False for a row that starts at its 項目 (its 変更日 cell is merged with the row above)."""


def _layout_row(
    segment: _Segment, orphan: list[str], carried: list[list[_Line]]
) -> tuple[_Draft, list[list[_Line]]]:
    """One change row of PDF-layout text, and the 提出時期 boxes it holds for the next row."""
    head_line, *rest = segment.lines
    draft = _Draft(line=head_line.line, date=segment.date, date_text=segment.date_text)
    boxes = _boxes(rest if segment.dated else segment.lines)
    marker = _CONTINUATION.match(segment.head_text) if segment.continuation else None
    if marker is not None:
        draft.item = [marker.group(0)]
        beside = segment.head_text[marker.end() :].strip()
        if beside:  # the first cell printed on the marker's line (``前記継続 －``)
            boxes.insert(0, [_Line(line=head_line.line, raw=beside, text=beside)])
    elif boxes:
        draft.item = [_box_text(boxes.pop(0))]
    material: list[list[_Line]] = []
    tail: list[list[_Line]] = []
    leftover: list[list[_Line]] = []
    timing_head = ""
    timing_tail = ""
    for box in boxes:
        hit = _timing_box(box)
        if draft.timing is not None:
            (leftover if hit is not None else tail).append(box)
            continue
        if hit is None:
            material.append(box)
            continue
        at, (head, timing, after) = hit
        draft.timing = timing
        if box[:at]:
            material.append(box[:at])
        timing_head, timing_tail = head, after
        if box[at + 1 :]:
            tail.append(box[at + 1 :])
    if draft.timing is None and carried:
        box = carried.pop(0)
        at, (head, timing, after) = _timing_box(box) or (0, ("", "", ""))
        draft.timing = timing or None
        if not material or head:
            material += [box[:at]] if box[:at] else []
            timing_head, timing_tail = head, after
    before, after_texts = _split_material(material, timing_head)
    draft.before, draft.after = before, after_texts
    reason = [_norm(timing_tail)] if timing_tail else []
    for box in tail:
        text = _box_text(box)
        if text not in reason:  # a 説明 printed again beside the next row
            reason.append(text)
    glued = segment.head_text if not segment.continuation else ""
    draft.reason = [text for text in reason if text] or ([glued] if glued else orphan)
    return draft, leftover + carried


_DATE_AT_END = re.compile(rf"(?P<head>.*?)\s*(?P<date>{WAREKI_PATTERN.pattern})\s*(?P<tail>.*)$")


def _segment_start(line: _Line) -> _Segment | None:
    """A row starts at a line holding its 変更日 alone, after a glued 説明, or before 前記継続."""
    text = line.text.strip()
    found = _DATE_AT_END.fullmatch(text)
    if found is not None:
        head, tail = found.group("head").strip(), found.group("tail").strip()
        continuation = bool(_CONTINUATION.match(tail))
        if tail and not continuation:
            return None
        if head and (_CONTINUATION.match(head) or len(head) > _MAX_NAME_LENGTH):
            return None
        date_text = found.group("date")
        parsed = _date_in(date_text)
        return _Segment(
            lines=[line],
            date_text=date_text,
            date=parsed[1] if parsed else None,
            head_text=tail if continuation else head,
            continuation=continuation,
        )
    if _CONTINUATION.match(text):
        return _Segment(lines=[line], date_text=None, date=None, head_text=text, continuation=True)
    return None


_ITEM_START = re.compile(r"^[「(（]?\s*(?:[ⅠⅡⅢⅣⅤⅥ]|(?:III|II|IV|VI|I|V)(?=[\s.．、]))")


def _starts_item_row(segment: _Segment, line: _Line) -> bool:
    """True when ``line`` opens a box that names a form item after the row's own cells: a row
    whose 変更日 cell is merged with the row above."""
    previous = segment.lines[-1]
    if line.line == previous.line + 1 or not _ITEM_START.match(line.text):
        return False
    if segment.continuation:  # its 項目 is the marker: any cell after it completes it
        return bool(segment.lines[1:])
    boxes = _boxes(segment.lines[1:] if segment.dated else segment.lines)
    return len(boxes) >= 2


def _layout_drafts(section: Section, context: ExtractionContext) -> list[_Draft]:
    """The change rows of PDF-layout text (see the module docstring).

    A ``前記継続`` row is kept as a row of its own (項目 ``前記継続``, the date of the row above):
    the layout's text order does not say which row it continues.
    """
    raw_lines = context.raw_lines
    segments: list[_Segment] = []
    preamble: list[_Line] = []
    for index, text in enumerate(section.lines):
        number = section.raw_line(index)
        raw = raw_lines[number - 1] if 0 < number <= len(raw_lines) else text
        line = _Line(line=number, raw=raw.strip(), text=text)
        if index == 0 or is_change_header(text):
            continue
        start = _segment_start(line)
        if start is None and segments and _starts_item_row(segments[-1], line):
            start = _Segment(lines=[line], date_text=None, date=None, head_text="", dated=False)
        if start is not None:
            segments.append(start)
        elif segments:
            segments[-1].lines.append(line)
        else:
            preamble.append(line)
    orphan = [_box_text(box) for box in _boxes(preamble)]
    drafts: list[_Draft] = []
    carried: list[list[_Line]] = []
    for number, segment in enumerate(segments):
        if segment.date_text is None and drafts:
            segment.date_text, segment.date = drafts[-1].date_text, drafts[-1].date
        draft, carried = _layout_row(segment, orphan if number == 0 else [], carried)
        drafts.append(draft)
    return drafts


def _is_layout(rows: Sequence[Row]) -> bool:
    """True when the table is PDF-layout text: rows start with a line holding only a date."""
    tabbed = sum(1 for row in rows if len(row.cells) > 2 and _date_in(row.cells[0]))
    dated = sum(1 for row in rows if len(row.cells) == 1 and WAREKI_PATTERN.fullmatch(row.text))
    return dated > tabbed


# ---------------------------------------------------------------------------------------------
# The extractor
# ---------------------------------------------------------------------------------------------


def extract_changes(section: Section, context: ExtractionContext) -> Extraction:
    """Every row of the change history, continuation rows merged (see the module docstring)."""
    rows = section_rows(section, context)
    drafts = _layout_drafts(section, context) if _is_layout(rows) else _tab_drafts(rows)
    return Extraction(changes=tuple(draft.to_record() for draft in drafts))


# ---------------------------------------------------------------------------------------------
# Systems named by the change history
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    name: str | None = None
    functions: str | None = None
    connections: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    line: int = 0


def _is_name(text: str | None) -> bool:
    return (
        text is not None
        and 0 < len(text) <= _MAX_NAME_LENGTH
        and not any(mark in text for mark in "。【】「」")
        and text not in _NO_VALUE
    )


def changes_to_systems(changes: Sequence[ChangeRecord]) -> tuple[System, ...]:
    """The systems of Ⅰ 2 that change rows name (later rows override earlier ones).

    A row whose 項目 reads ``… 使用するシステム システムN …`` either carries the name in that cell
    (``システム11 住民基本台帳ネットワークシステム ②システムの機能``) or adds the system, with the
    name as its 変更後の記載 (``システム14 ⇥ - ⇥ 個人住民税申告ポータル``). The systems carry
    ``form_ref`` ``別添3``: their connections are unknown, not none.
    """
    found: dict[int, _Found] = {}
    for change in changes:
        if change.date is None or not change.item:
            continue
        item = _ITEM_SYSTEM.search(change.item)
        if not item:
            continue
        number = int(item.group(1))
        rest = item.group("rest").strip()
        field_match = _FIELD.search(rest)
        label = field_match.group("label") if field_match else ""
        name_part = rest[: field_match.start()].strip() if field_match else rest
        after = change.after
        entry = found.setdefault(number, _Found(line=change.line))
        if _is_name(name_part):
            entry.name = name_part
        if (not label or label == LABELS_BY_KEY["system.name"].text) and _is_name(after):
            entry.name = after
        elif label == LABELS_BY_KEY["system.functions"].text and after:
            entry.functions = flatten([after])
        elif label == LABELS_BY_KEY["system.connections"].text and after:
            grid = tokens_to_grid(line_to_tokens(after, line=0))
            entry.connections, entry.other = grid.ticked, grid.other_names
    return tuple(
        System(
            no=number,
            name=entry.name,
            functions=entry.functions,
            connections=entry.connections,
            connections_other=entry.other,
            line=entry.line,
            form_ref=FORM_REF,
        )
        for number, entry in sorted(found.items())
        if entry.name
    )
