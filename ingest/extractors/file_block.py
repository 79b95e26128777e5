"""Cutting Ⅱ 特定個人情報ファイルの概要 into its files, and each file into its items 1–7.

Ⅱ repeats for every 特定個人情報ファイル: a file starts at its ``1. 特定個人情報ファイル名``.
Inside a file the items are found by evidence rather than position, because PDF-layout text
prints an item's boxes before its title or one item's block under another's (the Ⅰ items of
:mod:`ingest.section` are found the same way). Evidence of an item is a line that only that item
prints:

- its title (``4. 特定個人情報ファイルの取扱いの委託``) or one of its field labels
  (``⑤保有開始日`` is item 2, ``委託の有無`` item 4);
- a box of a grid only it has (``個人番号`` of 主な記録項目 is item 2, ``民間事業者`` of 入手元
  item 3, ``行っていない`` of 提供・移転の有無 item 5);
- a choice only it lists (``委託しない`` is item 4, ``定められていない`` item 6), the
  ``委託事項N`` / ``提供先N`` / ``移転先N`` headings, and the bare ``( N ) 件`` of 委託の有無.

An item spans from its first piece of evidence to the first line after its last one that is
evidence of another item, so items may overlap where the layout interleaved them; readers look up
their own labels inside the span. Lines before the first evidence of every item belong to the
file only.

A part's page may also be printed before its heading (inside the part before it):
:func:`section_with_preface` extends Ⅱ backwards over such lines.

>>> from ingest.normalize import normalize_text
>>> from ingest.section import text_to_sections
>>> text = normalize_text("Ⅱ 特定個人情報ファイルの概要\\n1. 特定個人情報ファイル名\\nXファイル\\n"
...     "2. 基本情報\\n⑤保有開始日 令和4年6月1日\\n4. 特定個人情報ファイルの取扱いの委託\\n"
...     "委託の有無 [ 委託しない ]")
>>> [blocks] = file_blocks(text_to_sections(text)[0])
>>> [(number, s.form_ref, s.start, s.end) for number, s in sorted(blocks.items.items())]
[(1, 'Ⅱ 1', 1, 3), (2, 'Ⅱ 2', 3, 5), (4, 'Ⅱ 4', 5, 7)]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType

from ingest.checkbox import Token, TokenKind, line_to_tokens
from ingest.label import BASIC_INFO_LABELS, match_heading, match_label, match_part_heading
from ingest.normalize import CHOICE_MARKER, TICK, NormalizedText
from ingest.overview import (
    ACQUISITION_ITEM,
    BASIC_ITEM,
    DELEGATION_ITEM,
    ITEM_CHOICE_SETS,
    MAIN_ITEM_OPTIONS,
    METHOD_OPTIONS,
    NAME_ITEM,
    PROVISION_ITEM,
    PROVISION_STATUS_OPTIONS,
    SOURCE_OPTIONS,
    SUBJECT_CHOICES,
    ItemTitle,
    OverviewMatch,
    match_item_title,
    match_overview_label,
)
from ingest.section import Section

GRID_OPTIONS: tuple[str, ...] = tuple(
    dict.fromkeys((*MAIN_ITEM_OPTIONS, *SOURCE_OPTIONS, *METHOD_OPTIONS, *PROVISION_STATUS_OPTIONS))
)
"""Every box label of the grids of Ⅱ that a file extractor reads."""

OPTION_ITEM = MappingProxyType(
    dict.fromkeys(("その他", *METHOD_OPTIONS), 0)
    | dict.fromkeys(MAIN_ITEM_OPTIONS[:-1], BASIC_ITEM)
    | dict.fromkeys(SOURCE_OPTIONS[:-1], ACQUISITION_ITEM)
    | dict.fromkeys(PROVISION_STATUS_OPTIONS, PROVISION_ITEM)
)
"""The item a box label is evidence of (0: several items print it)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class OverviewLine:
    """One line of Ⅱ with what it was recognised as."""

    index: int
    text: str
    title: ItemTitle | None = None
    """The item title the line starts with (also after the part heading ``Ⅱ …``)."""
    label: OverviewMatch | None = None
    tokens: tuple[Token, ...] = ()
    """Checkbox tokens (against :data:`GRID_OPTIONS`), for lines with boxes or box labels."""
    numbered_heading: tuple[str, int] | None = None
    """``("委託事項", 1)``, ``("提供先", 3)``, ``("移転先", 1)`` for the heading of one entry."""
    evidence: int | None = None
    """The item of Ⅱ only this line's content belongs to, if any."""

    @property
    def options(self) -> tuple[str, ...]:
        """The box labels on the line."""
        return tuple(t.option for t in self.tokens if t.kind is TokenKind.OPTION and t.option)

    @property
    def has_boxes(self) -> bool:
        """True when the line holds box material (boxes, bracket halves, marks, box labels)."""
        return any(t.kind is not TokenKind.TEXT for t in self.tokens)


_ENTRY = re.compile(
    r"^(?P<kind>委託事項|提供先|移転先)\s*(?P<number>\d{1,2})(?P<range>\s*[~～〜\-－]\s*\d)?"
)
_ENTRY_SQUEEZE = re.compile(r"[ \t]")
_BARE_COUNT = re.compile(r"^[(（]\s*\d*\s*[)）]\s*件$")
_BOX_HINT = re.compile(rf"[\[\]{TICK}]")
_CHOICE_HINT = re.compile(rf"{re.escape(CHOICE_MARKER)}|(?:^|\s)\d{{1,2}}\s*[)）]|\[")
_ENTRY_ITEMS = MappingProxyType(
    {"委託事項": DELEGATION_ITEM, "提供先": PROVISION_ITEM, "移転先": PROVISION_ITEM}
)


@lru_cache(maxsize=64)
def analyse_lines(lines: tuple[str, ...]) -> tuple[OverviewLine, ...]:
    """Recognise every line of (part of) Ⅱ once: titles, labels, boxes, entry headings, evidence."""
    return tuple(_analyse(index, text) for index, text in enumerate(lines))


def _analyse(index: int, text: str) -> OverviewLine:
    title = match_item_title(text)
    if title is None:
        part = match_part_heading(text)
        if part is not None and part.rest:
            title = match_item_title(part.rest)
    label = None if title is not None else match_overview_label(text)
    entry = _entry(text)
    tokens: tuple[Token, ...] = ()
    if _BOX_HINT.search(text) or any(option in text for option in PROVISION_STATUS_OPTIONS):
        tokens = tuple(line_to_tokens(text, line=index, options=GRID_OPTIONS))
    line = OverviewLine(
        index=index, text=text, title=title, label=label, tokens=tokens, numbered_heading=entry
    )
    return replace(line, evidence=_evidence(line))


def _entry(text: str) -> tuple[str, int] | None:
    found = _ENTRY.match(_ENTRY_SQUEEZE.sub("", text[:16]) + text[16:])
    if found is None:
        return None
    if found.group("range"):
        return (found.group("kind"), 0)
    return (found.group("kind"), int(found.group("number")))


def _evidence(line: OverviewLine) -> int | None:
    if line.title is not None:
        return line.title.number
    if line.label is not None and line.label.spec.item is not None:
        return line.label.spec.item
    if line.numbered_heading is not None:
        return _ENTRY_ITEMS[line.numbered_heading[0]]
    items = {OPTION_ITEM[option] for option in line.options} - {0}
    if len(items) == 1:
        return items.pop()
    if _BARE_COUNT.match(line.text):
        return DELEGATION_ITEM
    if _CHOICE_HINT.search(line.text):
        found = {
            item
            for item, choices in ITEM_CHOICE_SETS.items()
            if any(choice in line.text for choice in choices)
        }
        if len(found) == 1:
            return found.pop()
    return None


# --- files and items ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class FileBlocks:
    """One 特定個人情報ファイル of Ⅱ and the sub-sections of its items."""

    no: int
    """Order of the file in Ⅱ (1-based)."""
    section: Section
    """The whole file (form_ref ``Ⅱ``)."""
    items: Mapping[int, Section]
    """Item number (1 ファイル名 … 7 備考) → its sub-section (form_ref ``Ⅱ N``); items without
    evidence in the text are absent."""

    def item(self, number: int) -> Section | None:
        """The sub-section of item ``number``, if the text has it."""
        return self.items.get(number)

    @property
    def delegation(self) -> Section | None:
        """4 特定個人情報ファイルの取扱いの委託."""
        return self.items.get(DELEGATION_ITEM)

    @property
    def provision(self) -> Section | None:
        """5 特定個人情報の提供・移転（委託に伴うものを除く。）."""
        return self.items.get(PROVISION_ITEM)


def file_blocks(section: Section) -> list[FileBlocks]:
    """Cut a Ⅱ section into its files and each file into the sub-sections of its items.

    Args:
        section: The Ⅱ section (:data:`~ingest.form.SectionKind.FILE_OVERVIEW`), possibly
            extended by :func:`section_with_preface`.

    Returns:
        The files in text order; a section without any file title still gives one file when it
        holds evidence of an item.
    """
    lines = analyse_lines(section.lines)
    starts = [
        line.index for line in lines if line.title is not None and line.title.number == NAME_ITEM
    ]
    # What comes before the first file title (the part heading, a page printed early) is the
    # first file's.
    starts = [0, *starts[1:]] if starts else [0]
    files: list[FileBlocks] = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        if not _has_evidence(lines[start:end]):
            continue
        whole = section.part(start, end)
        items = _item_spans(lines, start, end)
        files.append(
            FileBlocks(
                no=len(files) + 1,
                section=whole,
                items=MappingProxyType(
                    {
                        number: section.part(low, high, f"{section.form_ref} {number}")
                        for number, (low, high) in sorted(items.items())
                    }
                ),
            )
        )
    return files


def _has_evidence(lines: Sequence[OverviewLine]) -> bool:
    return any(line.evidence is not None for line in lines)


def _item_spans(lines: Sequence[OverviewLine], start: int, end: int) -> dict[int, tuple[int, int]]:
    evidence: dict[int, list[int]] = {}
    for line in lines[start:end]:
        if line.evidence is not None:
            evidence.setdefault(line.evidence, []).append(line.index)
    owners = {index: item for item, indices in evidence.items() for index in indices}
    spans: dict[int, tuple[int, int]] = {}
    for item, indices in evidence.items():
        first, last = min(indices), max(indices)
        stop = next(
            (i for i in range(last + 1, end) if owners.get(i, item) != item),
            end,
        )
        spans[item] = (first, stop)
    return spans


# --- a page printed before the heading ----------------------------------------------------------

MAX_PREFACE_GAP = 6
"""Plain-text lines (a justification, a wrapped value) allowed between two lines of Ⅱ material
when looking for Ⅱ content printed before its heading."""


def section_with_preface(section: Section, text: NormalizedText | None) -> Section:
    """``section`` extended backwards over Ⅱ content the layout printed before its heading.

    PDF-layout text may print a page of Ⅱ (boxes, choice lists, labels) before the line
    ``Ⅱ 特定個人情報ファイルの概要``, inside the part before it. Going back from the heading,
    lines of Ⅱ material (its labels and titles, its boxes, its choice lists) extend the section;
    plain text is allowed in between (up to :data:`MAX_PREFACE_GAP` lines), and a part heading or a
    label of Ⅰ ends the search.

    Args:
        section: The Ⅱ section as :func:`ingest.section.text_to_sections` cut it.
        text: The whole normalised text (None: the section is returned as it is).
    """
    if text is None or section.start == 0:
        return section
    lines = text.lines
    start = section.start
    gap = 0
    for index in range(section.start - 1, -1, -1):
        line = lines[index]
        kind = _preface_kind(line)
        if kind == "stop":
            break
        if kind == "material":
            start, gap = index, 0
        elif kind == "text":
            gap += 1
            if gap > MAX_PREFACE_GAP:
                break
    if start == section.start:
        return section
    return replace(
        section,
        start=start,
        lines=lines[start : section.end],
        line_map=text.line_map[start : section.end],
    )


_NEUTRAL = re.compile(r"^[()（）\[\]「」【】|｜\-ー・.,、。※\s" + TICK + "]{1,6}$")


def _preface_kind(text: str) -> str:
    # Ⅰ and Ⅱ share wordings (②法令上の根拠 of Ⅰ 6 and ①法令上の根拠 of Ⅱ 5): a part heading, an
    # item heading or a label of Ⅰ ends the search before Ⅱ's vocabulary is tried.
    if match_part_heading(text) is not None or match_heading(text) is not None:
        return "stop"
    if match_label(text, BASIC_INFO_LABELS) is not None:
        return "stop"
    line = _analyse(0, text)
    if line.evidence is not None or line.label is not None:
        return "material"
    if any(OPTION_ITEM.get(option, 0) or option in METHOD_OPTIONS for option in line.options):
        return "material"
    if any(choice in text for choice in SUBJECT_CHOICES) and _CHOICE_HINT.search(text):
        return "material"
    if _NEUTRAL.match(text) or (
        line.tokens and all(t.kind is not TokenKind.TEXT for t in line.tokens)
    ):
        return "neutral"
    if text.startswith(CHOICE_MARKER):
        return "neutral"
    return "text"
