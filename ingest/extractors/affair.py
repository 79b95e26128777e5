"""Ⅰ 1 事務 (name, content, number of people), Ⅰ 7 担当部署 and Ⅰ 8 他の評価実施機関.

All three fill the :class:`~ingest.records.Affair` record; each reads only its own labels, so
it does not matter that PDF-layout text prints them out of order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.extractors.base import Extraction, ExtractionContext, issue
from ingest.field import (
    ClassifiedLine,
    LineKind,
    classify_lines,
    field_lines,
    field_text,
    selected_choice,
)
from ingest.records import Affair, Issue, IssueCode
from ingest.repair import repair_by_consensus
from ingest.section import Section

POPULATION_CHOICES: tuple[str, ...] = (
    "1,000人未満",
    "1,000人以上1万人未満",
    "1万人以上10万人未満",
    "10万人以上30万人未満",
    "30万人以上",
)
"""The choices of ③対象人数 (Ⅰ 1)."""

NONE_VALUES = frozenset({"なし", "無し", "ない", "該当なし", "該当無し", "-", "－", "―", "—", "ー"})
"""Values that state there is nothing (他の評価実施機関: なし)."""


def _first(lines: Sequence[ClassifiedLine], key: str) -> ClassifiedLine | None:
    return next((line for line in lines if line.label is not None and line.label.key == key), None)


def repaired(
    value: str, context: ExtractionContext, section: Section, index: int, what: str
) -> tuple[str, list[Issue]]:
    """``value`` repaired against the document's own spelling, with the issue saying so."""
    fixed = repair_by_consensus(value, context.squeezed_text)
    if fixed is None:
        return value, []
    message = f"{what} {value!r} repaired to {fixed!r} (the text spells it so elsewhere)"
    return fixed, [issue(IssueCode.REPAIRED_TEXT, message, section, index)]


def extract_affair(section: Section, context: ExtractionContext) -> Extraction:
    """Read Ⅰ 1: ①事務の名称, ②事務の内容, ③対象人数."""
    lines = classify_lines(section.lines)
    issues: list[Issue] = []
    name: str | None = None
    name_line = _first(lines, "affair.name")
    if name_line is not None:
        name = field_text(lines, name_line.index, first_line_only=True) or None
        if name:
            name, found = repaired(name, context, section, name_line.index, "事務の名称")
            issues += found
    if name is None:
        issues.append(issue(IssueCode.FIELD_MISSING, "①事務の名称 has no value", section))

    summary: str | None = None
    summary_line = _first(lines, "affair.summary")
    if summary_line is not None:
        summary = field_text(lines, summary_line.index) or None
    if summary is None:
        issues.append(issue(IssueCode.FIELD_MISSING, "②事務の内容 has no value", section))

    population: str | None = None
    population_line = _first(lines, "affair.population")
    if population_line is None:
        issues.append(issue(IssueCode.FIELD_MISSING, "③対象人数 is not in the text", section))
    else:
        texts = [population_line.value]
        for line in lines[population_line.index + 1 :]:
            if line.kind not in (LineKind.TEXT, LineKind.CHOICE, LineKind.NEUTRAL):
                break
            texts.append(line.text)
        population = selected_choice(texts, POPULATION_CHOICES)
        if population is None:
            issues.append(
                issue(
                    IssueCode.NO_SELECTION,
                    "③対象人数 has no selected choice",
                    section,
                    population_line.index,
                )
            )
    affair = Affair(name=name, summary=summary, population=population, line=section.raw_line(0))
    return Extraction(affair=affair, issues=tuple(issues))


def extract_department(section: Section, context: ExtractionContext) -> Extraction:
    """Read Ⅰ 7 評価実施機関における担当部署: ①部署, ②所属長の役職名."""
    lines = classify_lines(section.lines)
    issues: list[Issue] = []
    values: dict[str, str | None] = {}
    for key, label in (("department.name", "①部署"), ("department.head_title", "②所属長の役職名")):
        found = _first(lines, key)
        value = field_text(lines, found.index) if found is not None else ""
        if value and found is not None:
            value, repairs = repaired(value, context, section, found.index, label)
            issues += repairs
        values[key] = value or None
        if not value:
            issues.append(issue(IssueCode.FIELD_MISSING, f"{label} has no value", section))
    affair = Affair(
        department=values["department.name"],
        head_title=values["department.head_title"],
        line=section.raw_line(0),
    )
    return Extraction(affair=affair, issues=tuple(issues))


_LIST_SEPARATORS = re.compile(r"[、,，\t]|\s{2,}")


def extract_other_assessors(section: Section, context: ExtractionContext) -> Extraction:
    """Read Ⅰ 8 他の評価実施機関: the other bodies assessing the same process (often none)."""
    del context
    lines = classify_lines(section.lines)
    heading = next((line for line in lines if line.kind is LineKind.HEADING), None)
    start = heading.index if heading is not None else -1
    pieces = [heading.value] if heading is not None and heading.value else []
    if start >= 0:
        pieces += [line.text for line in field_lines(lines, start)]
    names: list[str] = []
    for piece in pieces:
        for name in _LIST_SEPARATORS.split(piece):
            name = name.strip(" ・")
            if name and name not in NONE_VALUES and name not in names:
                names.append(name)
    return Extraction(affair=Affair(other_assessors=tuple(names)))
