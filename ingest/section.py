"""Cutting a normalised text into the sections of the form.

The text is cut in three steps:

1. the table of contents (項目一覧) is found and skipped: it lists the part headings without
   content, and everything before it is the cover;
2. the headings of the top-level parts (Ⅰ–Ⅵ, 別添1–3, 別紙) are found at line starts, in the
   order every document kind prints them, so a heading quoted later (a 変更箇所 row that
   starts with ``Ⅰ 基本情報``) does not open a part again;
3. inside Ⅰ 基本情報 each item (Ⅰ 1 事務, Ⅰ 2 システム …) spans from its first to its last
   piece of evidence: its heading and the labels, ``システムN`` headings and checkbox grids only it
   has. PDF-layout text prints a grid before its heading or one item's block under another's, so
   item sections may overlap; their extractors read only their own labels.

Lines before the first part heading belong to Ⅰ (its heading may be lost, as in texts that
start at Ⅰ 3).

>>> from ingest.normalize import normalize_text
>>> text = normalize_text("評価書番号\\n27\\n公表日\\n令和7年11月26日\\n項目一覧\\nⅠ 基本情報\\n"
...     "Ⅱ 特定個人情報ファイルの概要\\nⅠ 基本情報\\n1. 特定個人情報ファイルを取り扱う事務\\n"
...     "①事務の名称 国民年金に関する事務\\nⅡ 特定個人情報ファイルの概要")
>>> [(s.kind.value, s.form_ref, s.start, s.end) for s in text_to_sections(text)]
[('cover', 'cover', 0, 4), ('contents', '項目一覧', 4, 7), ('basic_info', 'Ⅰ', 7, 10), \
('affair', 'Ⅰ 1', 8, 10), ('file_overview', 'Ⅱ', 10, 11)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ingest.field import ClassifiedLine, LineKind, classify_lines
from ingest.form import BASIC_INFO_ITEMS, DOCUMENT_KINDS, PART_RANK, SectionKind, form_ref
from ingest.label import (
    COVER_LABELS,
    LABELS_BY_KEY,
    match_heading,
    match_label,
    match_part_heading,
)
from ingest.normalize import NormalizedText

_COVER_SCAN_LINES = 80
"""The cover is looked for in this many lines at most (it is one page)."""
_MIN_COVER_LABELS = 2
_JUNK = re.compile(r"^[()（）\[\]「」【】|｜\-・]{1,2}$")
_PART_START = re.compile(r"^(?:[ⅠⅡⅢⅣⅤⅥIVΙlпПшШ皿iv(（]|別|変更日)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """A section of the text: one part or item of the form."""

    kind: SectionKind
    form_ref: str
    """The form item as the document numbers it, e.g. ``"Ⅰ 2"`` or ``"別添3"``."""
    start: int
    """First normalised line (0-based, inclusive)."""
    end: int
    """Normalised line after the last one (exclusive)."""
    lines: tuple[str, ...]
    """The normalised lines ``start:end``."""
    line_map: tuple[int, ...]
    """1-based raw source line of each of :attr:`lines`."""
    document_kind: str | None = None
    """The document kind (全項目評価書 …) the section was numbered for, if known."""

    def raw_line(self, index: int) -> int:
        """The 1-based raw source line of ``lines[index]``."""
        return self.line_map[index]

    def part(self, start: int, end: int, form_ref: str | None = None) -> Section:
        """The lines ``start:end`` (0-based, relative to this section) as a section of their
        own, numbered ``form_ref`` (default: this section's)."""
        return replace(
            self,
            form_ref=self.form_ref if form_ref is None else form_ref,
            start=self.start + start,
            end=self.start + end,
            lines=self.lines[start:end],
            line_map=self.line_map[start:end],
        )


def detect_document_kind(lines: Sequence[str]) -> str | None:
    """The document kind the cover names (全項目評価書, 重点項目評価書, 基礎項目評価書).

    >>> detect_document_kind(["特定個人情報保護評価書（重点項目評価書）"])
    '重点項目評価書'
    """
    for line in lines[:_COVER_SCAN_LINES]:
        for kind in DOCUMENT_KINDS:
            if kind in line:
                return kind
    return None


def text_to_sections(text: NormalizedText) -> list[Section]:
    """Find the form's sections in a normalised text.

    Args:
        text: The normalised text.

    Returns:
        The sections found, ordered by their first line: the cover, the table of contents,
        Ⅰ and its items, and the later parts as coarse sections.
    """
    lines = text.lines
    document_kind = detect_document_kind(lines)
    builder = _Builder(text, document_kind)

    contents = _find_contents(lines)
    body_start = contents[1] if contents else 0
    parts = _find_parts(lines, body_start)
    first_part = parts[0][0] if parts else len(lines)
    cover_end = contents[0] if contents else _first_item_heading(lines, first_part)
    if _looks_like_cover(lines[: min(cover_end, _COVER_SCAN_LINES)]):
        builder.add(SectionKind.COVER, 0, cover_end)
        body_start = max(body_start, cover_end)
    if contents:
        builder.add(SectionKind.CONTENTS, contents[0], contents[1])

    basic_end = next(
        (start for start, kind, _ in parts if kind is not SectionKind.BASIC_INFO), len(lines)
    )
    if basic_end > body_start:
        _add_basic_info(builder, body_start, basic_end)
    for position, (start, kind, _numeral) in enumerate(parts):
        if kind is SectionKind.BASIC_INFO:
            continue
        end = parts[position + 1][0] if position + 1 < len(parts) else len(lines)
        builder.add(kind, start, end, ref_suffix=_annex_suffix(kind, _numeral))
    return sorted(builder.sections, key=lambda s: (s.start, -s.end))


class _Builder:
    def __init__(self, text: NormalizedText, document_kind: str | None) -> None:
        self.text = text
        self.document_kind = document_kind
        self.sections: list[Section] = []

    @property
    def has_cover(self) -> bool:
        return any(section.kind is SectionKind.COVER for section in self.sections)

    def add(self, kind: SectionKind, start: int, end: int, *, ref_suffix: str = "") -> None:
        reference = form_ref(kind, self.document_kind)
        if ref_suffix:
            reference = f"{reference}{ref_suffix}"
        self.sections.append(
            Section(
                kind=kind,
                form_ref=reference,
                start=start,
                end=end,
                lines=self.text.lines[start:end],
                line_map=self.text.line_map[start:end],
                document_kind=self.document_kind,
            )
        )


def _annex_suffix(kind: SectionKind, numeral: int | None) -> str:
    if kind is SectionKind.ANNEX and numeral is not None:
        return str(numeral)
    return ""


def _find_contents(lines: Sequence[str]) -> tuple[int, int] | None:
    """The span of the table of contents: the 項目一覧 line and the part headings after it."""
    contents_label = LABELS_BY_KEY["contents"]
    for index, line in enumerate(lines):
        found = match_label(line, (contents_label,))
        if found is None or found.value:
            continue
        seen: set[SectionKind] = set()
        previous: tuple[SectionKind, int | None] | None = None
        end = index + 1
        while end < len(lines):
            part = match_part_heading(lines[end]) if _PART_START.match(lines[end]) else None
            if part is not None and part.kind not in seen:
                seen.add(part.kind)
                previous = (part.kind, part.numeral)
            elif (
                part is not None
                and (part.kind, part.numeral) == previous
                and _part_follows(lines, end + 1)
            ):
                pass  # the entry above printed twice (a duplicated line): the contents go on
            elif not _JUNK.match(lines[end]):
                break
            end += 1
        if len(seen) >= 2:
            return index, end
    return None


def _part_follows(lines: Sequence[str], start: int) -> bool:
    """Whether the first line from ``start`` that is not layout junk heads a part."""
    for line in lines[start:]:
        if _JUNK.match(line):
            continue
        return bool(_PART_START.match(line)) and match_part_heading(line) is not None
    return False


def _find_parts(lines: Sequence[str], start: int) -> list[tuple[int, SectionKind, int | None]]:
    """Headings of top-level parts in print order; returns (line, kind, numeral)."""
    found: list[tuple[int, SectionKind, int | None]] = []
    rank = -1
    annex_number: int | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if not _PART_START.match(line):
            continue
        part = match_part_heading(line)
        if part is None:
            continue
        part_rank = PART_RANK[part.kind]
        if part.kind is SectionKind.ANNEX and rank == part_rank:
            # 別紙 N: a new number opens a new annex; the same number repeats a page header.
            if part.numeral is None or part.numeral == annex_number:
                continue
        elif part_rank <= rank:
            continue
        rank = part_rank
        annex_number = part.numeral if part.kind is SectionKind.ANNEX else None
        found.append((index, part.kind, part.numeral))
    return found


def _first_item_heading(lines: Sequence[str], end: int) -> int:
    """The first line before ``end`` that heads an item of Ⅰ (the cover ends there)."""
    for index in range(min(end, len(lines))):
        if match_heading(lines[index]) is not None:
            return index
    return end


def _looks_like_cover(lines: Sequence[str]) -> bool:
    found = {
        match.label.key
        for line in lines
        for cell in line.split("\t")
        if (match := match_label(cell, COVER_LABELS)) is not None
    }
    return len(found) >= _MIN_COVER_LABELS


def _add_basic_info(builder: _Builder, start: int, end: int) -> None:
    """Add Ⅰ and the sections of its items, from the evidence each item leaves."""
    region = builder.text.lines[start:end]
    classified = classify_lines(region)
    evidence = _item_evidence(classified)
    if not evidence and not any(line.kind is LineKind.PART for line in classified):
        return
    builder.add(SectionKind.BASIC_INFO, start, end)
    owners = {index: kind for kind, indices in evidence.items() for index in indices}
    for kind in BASIC_INFO_ITEMS:
        indices = evidence.get(kind)
        if not indices:
            continue
        first, last = min(indices), max(indices)
        stop = next(
            (i for i in range(last + 1, len(region)) if owners.get(i, kind) is not kind),
            len(region),
        )
        builder.add(kind, start + first, start + stop)


def _item_evidence(classified: Sequence[ClassifiedLine]) -> dict[SectionKind, list[int]]:
    """Which lines of Ⅰ belong to which item: headings, labels, system headings and grids."""
    evidence: dict[SectionKind, list[int]] = {}
    for line in classified:
        owner: SectionKind | None = None
        if line.kind in (LineKind.HEADING, LineKind.LABEL) and line.label is not None:
            owner = line.label.section
        elif line.kind in (LineKind.SYSTEM, LineKind.SYSTEM_RANGE, LineKind.GRID):
            owner = SectionKind.SYSTEMS
        if owner is not None and owner in BASIC_INFO_ITEMS:
            evidence.setdefault(owner, []).append(line.index)
    return evidence
