"""別添2 特定個人情報ファイル記録項目 (別添1 of the 重点項目評価書): every recorded data item.

The annex is printed in one of two ways, and both are read:

* a **list**: optional file headings (``(1) 記録ファイル``), group headings (``<宛名>``) and
  lines of items separated by spaces, tabs or ``、`` (``宛名番号 個人番号 氏名情報``). PDF text
  wraps a long line at the page edge in the middle of an item (``… 年`` / ``少扶養数 …``); a
  line is taken as wrapped only when at least two lines reach the same, greatest width (the
  page edge), so a list that never wraps is never glued together;
* a **grid** of several tables side by side (tab-separated rows; a column is ``N⇥item`` or
  ``N item``, a cell without a number heads a new table in its column). Normalisation folds
  the empty cells that keep the columns apart, so the grid is read from the raw source cells
  (:attr:`ExtractionContext.raw_lines`), column by column.

An annex that only points elsewhere (``別紙3に記載``) is read from that 別紙 when the text has it;
otherwise FIELD_MISSING says where the items are. Content of Ⅲ printed before Ⅲ's heading
(PDF layout) ends the list (:func:`ingest.extractors.risk.risk_material_start`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.extractors.base import Extraction, ExtractionContext, issue
from ingest.extractors.risk import risk_material_start
from ingest.form import SectionKind
from ingest.label import match_part_heading
from ingest.normalize import normalize_text
from ingest.records import DataItem, Issue, IssueCode
from ingest.section import Section

_FILE_HEADING = re.compile(r"^[(（]\s*(\d{1,2})\s*[)）]\s*(\S.*)$")
_GROUP_HEADING = re.compile(r"^[<＜〈《【\[]\s*([^<>＜＞〈〉《》【】\[\]]{1,40}?)\s*[>＞〉》】\]]$")
_NUMBERED = re.compile(r"^(\d{1,3})\s*[.．、)）]?\s+(\S.*)$")
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_REFERENCE = re.compile(r"(別紙|別添)\s*(\d{1,2})?\s*(?:に記載|のとおり|を参照|参照)")
_NOTE = re.compile(r"(?:のとおり|に記載|を参照|参照)。?$")
_ITEM_SEPARATOR = re.compile(r"[\t、,，]|\s+")
_BULLET = re.compile(r"^[・\-*]\s*")
_MIN_GRID_ROWS = 3
_MIN_GRID_CELLS = 3
_WRAP_SLACK = 1
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def extract_record_items(section: Section, context: ExtractionContext) -> Extraction:
    """Read 別添2 特定個人情報ファイル記録項目: the recorded items, in order, each once."""
    lines = list(section.lines[1:]) if _is_heading(section.lines[0]) else list(section.lines)
    offset = len(section.lines) - len(lines)
    stop = risk_material_start(lines, context.document_kind)
    if stop is not None:
        lines = lines[:stop]
    indices = list(range(offset, offset + len(lines)))
    issues: list[Issue] = []
    items = _grid_items(section, indices, context)
    if items is None:
        items = _list_items(section, indices)
    if not items:
        reference = _reference(lines)
        if reference is not None:
            found = _annex_items(reference, context, section)
            if found is not None:
                return Extraction(data_items=tuple(found))
            message = f"{section.form_ref} lists the items in {reference}, which is not in the text"
            issues.append(issue(IssueCode.FIELD_MISSING, message, section))
        else:
            message = f"{section.form_ref} 特定個人情報ファイル記録項目 lists no item"
            issues.append(issue(IssueCode.FIELD_MISSING, message, section))
        return Extraction(issues=tuple(issues))
    items, duplicates = _without_duplicates(items, section)
    return Extraction(data_items=tuple(items), issues=tuple(issues + duplicates))


def _is_heading(line: str) -> bool:
    found = match_part_heading(line)
    return found is not None and found.kind is SectionKind.RECORD_ITEMS


def _reference(lines: Sequence[str]) -> str | None:
    for line in lines:
        found = _REFERENCE.search(line)
        if found is not None:
            return f"{found.group(1)}{found.group(2) or ''}"
    return None


# --- lists ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cursor:
    file: str | None = None
    group: str | None = None


def _list_items(section: Section, indices: Sequence[int]) -> list[DataItem]:
    """The items of a list (file headings, group headings, lines of items)."""
    lines = [section.lines[i] for i in indices]
    wrapped = _wrapped(lines)
    items: list[DataItem] = []
    cursor = _Cursor()
    carry = ""
    carry_index: int | None = None
    for position, (index, line) in enumerate(zip(indices, lines, strict=True)):
        text = line.strip()
        heading = _FILE_HEADING.match(text)
        if heading is not None and not carry:
            cursor.file, cursor.group = heading.group(2).strip(), None
            continue
        group = _GROUP_HEADING.match(text)
        if group is not None and not carry:
            cursor.group = group.group(1).strip()
            continue
        if _NOTE.search(text) or not _JAPANESE.search(text):
            continue  # a note (以下のとおり) or OCR noise with no Japanese in it
        names = [(name, index) for name in _split_items(text)]
        if carry and names:
            # The item cut at the end of the line before goes on here; it starts there.
            names[0] = (carry + names[0][0], carry_index if carry_index is not None else index)
        carry, carry_index = "", None
        if position in wrapped and names:
            # The last item runs on at the start of the next line.
            carry, carry_index = names.pop()
        for name, start in names:
            items.append(_item(name, cursor, section.raw_line(start)))
    if carry:
        items.append(_item(carry, cursor, section.raw_line(carry_index or 0)))
    return items


def _wrapped(lines: Sequence[str]) -> set[int]:
    """Positions of lines cut at the page edge, whose last item runs on on the next line.

    The edge is the greatest width, and it is a page edge only when two or more different
    lines reach it (a line printed twice is one line) and it is as wide as a page's text
    (:data:`_MIN_EDGE_WIDTH`); a line cut there goes on only into a line of items, not into a
    heading or a note.

    >>> _wrapped(["<宛名>", "宛名番号 氏名 住所", "宛名番号 氏名 住所", "<業務>", "受給者番号"])
    set()
    """
    widths = [_width(line) for line in lines]
    if not widths:
        return set()
    edge = max(widths)
    if edge < _MIN_EDGE_WIDTH:
        return set()
    at_edge = {
        i
        for i, width in enumerate(widths)
        if width >= edge - _WRAP_SLACK and not (i and lines[i].strip() == lines[i - 1].strip())
    }
    if len(at_edge) < 2:
        return set()
    return {i for i in at_edge if i + 1 < len(lines) and _is_item_line(lines[i + 1])}


_MIN_EDGE_WIDTH = 60
"""Display width (a wide character counts two) below which no line reaches a page edge: a
page's text column holds 40 or more full-width characters, so a list whose longest lines are
shorter never wrapped."""


def _is_item_line(line: str) -> bool:
    text = line.strip()
    return bool(
        text
        and _JAPANESE.search(text)
        and not _FILE_HEADING.match(text)
        and not _GROUP_HEADING.match(text)
        and not _NOTE.search(text)
    )


def _width(line: str) -> int:
    """Display width of a line (a wide character counts two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line.strip())


def _split_items(text: str) -> list[str]:
    """The items of a line: split at spaces, tabs and 、; ``(…)`` stays with the item before."""
    names: list[str] = []
    number = ""
    for token in _ITEM_SEPARATOR.split(text):
        token = _BULLET.sub("", token.strip())
        if not token:
            continue
        if _BARE_NUMBER.match(token) and not number:
            number = token  # ``1 年度``: the number of the item that follows
            continue
        if (
            names
            and not number
            and (token[0] in "(（" or names[-1].count("(") > names[-1].count(")"))
        ):
            names[-1] = f"{names[-1]} {token}"
            continue
        names.append(f"{number} {token}" if number else token)
        number = ""
    return names


def _item(text: str, cursor: _Cursor, line: int) -> DataItem:
    numbered = _NUMBERED.match(text)
    if numbered is not None:
        return DataItem(
            no=int(numbered.group(1)),
            name=numbered.group(2).strip(),
            file=cursor.file,
            group=cursor.group,
            line=line,
        )
    return DataItem(name=text, file=cursor.file, group=cursor.group, line=line)


# --- grids ------------------------------------------------------------------------------------


def _cells(raw: str) -> list[str]:
    """The cells of a raw row, each normalised on its own (empty cells kept)."""
    cells = [" ".join(normalize_text(cell).lines) for cell in raw.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _grid_items(
    section: Section, indices: Sequence[int], context: ExtractionContext
) -> list[DataItem] | None:
    """The items of a grid of tables, column by column; None when the annex is no grid."""
    raw_lines = context.raw_lines
    if not raw_lines:
        return None
    rows: list[tuple[int, list[str]]] = []
    for index in indices:
        number = section.raw_line(index)
        if 0 < number <= len(raw_lines):
            rows.append((index, _cells(raw_lines[number - 1])))
    wide = [cells for _index, cells in rows if len(cells) >= _MIN_GRID_CELLS]
    if len(wide) < _MIN_GRID_ROWS:
        return None
    widths = _column_widths([cells for _index, cells in rows if cells])
    columns: list[list[tuple[int, int | None, str]]] = [[] for _ in widths]
    for index, cells in rows:
        if len(cells) < 2:
            continue
        position = 0
        for column, width in enumerate(widths):
            chunk = [c for c in cells[position : position + width] if c]
            position += width
            entry = _grid_entry(chunk)
            if entry is not None:
                columns[column].append((index, *entry))
    items: list[DataItem] = []
    for entries in columns:
        group: str | None = None
        for index, no, text in entries:
            if no is None:
                group = text
                continue
            items.append(DataItem(no=no, name=text, group=group, line=section.raw_line(index)))
    return items


def _column_widths(rows: Sequence[list[str]]) -> list[int]:
    """How many cells each column takes: 2 where a bare number cell precedes its item cell."""
    count = max(len(cells) for cells in rows)
    numbered = [0] * count
    for cells in rows:
        for position in range(len(cells) - 1):
            if _BARE_NUMBER.match(cells[position]) and cells[position + 1]:
                numbered[position] += 1
    item_rows = sum(1 for cells in rows if any(_BARE_NUMBER.match(c) for c in cells))
    widths: list[int] = []
    position = 0
    while position < count:
        if item_rows and numbered[position] * 2 >= item_rows and position + 1 < count:
            widths.append(2)
            position += 2
        else:
            widths.append(1)
            position += 1
    return widths


def _grid_entry(chunk: Sequence[str]) -> tuple[int | None, str] | None:
    """A column's cells of one row as (number, item), (None, table heading) or None (empty)."""
    if not chunk:
        return None
    if len(chunk) == 2 and _BARE_NUMBER.match(chunk[0]):
        return int(chunk[0]), chunk[1].strip()
    text = " ".join(chunk).strip()
    numbered = _NUMBERED.match(text)
    if numbered is not None:
        return int(numbered.group(1)), numbered.group(2).strip()
    if _BARE_NUMBER.match(text):
        return None
    return None, text


# --- annexes and duplicates -------------------------------------------------------------------


def _annex_items(
    reference: str, context: ExtractionContext, section: Section
) -> list[DataItem] | None:
    """The items of the 別紙 the annex points to, when the text has it."""
    text = context.normalized
    number = re.sub(r"\D", "", reference)
    if text is None or not reference.startswith("別紙") or not number:
        return None
    start: int | None = None
    for index, line in enumerate(text.lines):
        found = match_part_heading(line)
        if found is None:
            continue
        if start is not None:
            end = index
            break
        if found.kind is SectionKind.ANNEX and found.numeral == int(number):
            start = index
    else:
        end = len(text.lines)
    if start is None:
        return None
    annex = Section(
        kind=SectionKind.ANNEX,
        form_ref=reference,
        start=start,
        end=end,
        lines=text.lines[start:end],
        line_map=text.line_map[start:end],
        document_kind=section.document_kind,
    )
    found_items = _list_items(annex, range(1, len(annex.lines)))
    return found_items or None


def _without_duplicates(
    items: Sequence[DataItem], section: Section
) -> tuple[list[DataItem], list[Issue]]:
    """Each item once: a repeat of the same item under the same heading (a layout repetition)
    is dropped and reported."""
    kept: list[DataItem] = []
    issues: list[Issue] = []
    seen: set[tuple[str | None, str | None, int | None, str]] = set()
    for item in items:
        key = (item.file, item.group, item.no, item.name)
        if key in seen:
            message = (
                f"{section.form_ref} item {item.name!r} is listed twice under the same heading"
            )
            issues.append(
                Issue(
                    code=IssueCode.DUPLICATE_ITEM,
                    message=message,
                    line=item.line,
                    form_ref=section.form_ref,
                )
            )
            continue
        seen.add(key)
        kept.append(item)
    return kept, issues
