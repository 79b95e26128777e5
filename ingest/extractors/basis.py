"""Ⅰ 3 特定個人情報ファイル名, Ⅰ 5 個人番号の利用, Ⅰ 6 情報提供ネットワークシステムによる情報連携.

The three items name the files of the process and the legal bases for using the number and for
linking through the national network. Each extractor reads only its own labels, so the order
damage of PDF-layout text (Ⅰ 6 ②法令上の根拠 printed above the heading of Ⅰ 5) does not matter.
Legal bases are parsed by :func:`ingest.citation.parse_citations`; a fragment that looks like a
citation but cannot be read is an ``UNPARSED_CITATION`` issue, never dropped in silence.

The 重点項目評価書 numbers these items Ⅰ 3, Ⅰ 4 and Ⅰ 5; the sections carry the numbering their
document prints (:func:`ingest.form.form_ref`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.citation import Citation, parse_citation_lines
from ingest.extractors.base import Extraction, ExtractionContext, issue
from ingest.field import (
    ClassifiedLine,
    LineKind,
    classify_lines,
    drop_choice_list,
    field_lines,
    flatten,
    selected_choice,
)
from ingest.records import Issue, IssueCode, NetworkLinkage
from ingest.section import Section

LINKAGE_CHOICES: tuple[str, ...] = ("実施する", "実施しない", "未定")
"""The choices of Ⅰ 6 ①実施の有無."""

NO_VALUE = re.compile(r"^[\s\-－―—ー‐・]*$|^(?:なし|無し|該当なし|該当無し)$")
"""A value that states nothing: empty, a dash, なし."""

_FILE_NUMBER = re.compile(r"[(（]\s*\d{1,2}\s*[)）]|^\s*\d{1,2}\s*[.．]\s*")
_FILE_SEPARATOR = re.compile(r"[、,，\t]|\s{2,}")


def extract_file_names(section: Section, context: ExtractionContext) -> Extraction:
    """Read Ⅰ 3 特定個人情報ファイル名: the names of the files, in the order printed.

    >>> from ingest.normalize import normalize_text
    >>> from ingest.section import text_to_sections
    >>> text = normalize_text("Ⅰ 基本情報\\n3. 特定個人情報ファイル名\\n(1) 住民税ファイル\\n"
    ...                       "(2) 宛名ファイル\\n5. 個人番号の利用 ※")
    >>> section = next(s for s in text_to_sections(text) if s.kind.value == "file_name")
    >>> extract_file_names(section, ExtractionContext()).file_names
    ('住民税ファイル', '宛名ファイル')
    """
    del context
    lines = classify_lines(section.lines)
    heading = next((line for line in lines if _is(line, "file_name", LineKind.HEADING)), None)
    if heading is None:
        return Extraction(
            issues=(
                issue(
                    IssueCode.FIELD_MISSING, "特定個人情報ファイル名 is not in the text", section
                ),
            )
        )
    pieces = [heading.value] if heading.value else []
    pieces += [line.text for line in field_lines(lines, heading.index)]
    names: list[str] = []
    for piece in pieces:
        for part in _FILE_NUMBER.split(piece):
            for name in _FILE_SEPARATOR.split(part):
                name = name.strip(" ・")
                if name and not NO_VALUE.match(name) and name not in names:
                    names.append(name)
    if not names:
        message = "特定個人情報ファイル名 has no value"
        return Extraction(issues=(issue(IssueCode.FIELD_MISSING, message, section, heading.index),))
    return Extraction(file_names=tuple(names))


def extract_number_use(section: Section, context: ExtractionContext) -> Extraction:
    """Read Ⅰ 5 個人番号の利用 法令上の根拠 as citations."""
    del context
    lines = classify_lines(section.lines)
    label = next((line for line in lines if _is(line, "number_use.basis")), None)
    if label is None:
        message = "個人番号の利用 法令上の根拠 is not in the text"
        return Extraction(issues=(issue(IssueCode.FIELD_MISSING, message, section),))
    pieces, indices = _field(lines, label)
    if not pieces:
        message = "個人番号の利用 法令上の根拠 has no value"
        return Extraction(issues=(issue(IssueCode.FIELD_MISSING, message, section, label.index),))
    citations, issues = citations_of(pieces, indices, section, "個人番号の利用 法令上の根拠")
    if not citations:
        written = flatten(pieces)
        message = f"個人番号の利用 法令上の根拠 cites no provision that could be read: {written!r}"
        issues.append(issue(IssueCode.UNPARSED_CITATION, message, section, label.index))
    return Extraction(mynumber_use_basis=tuple(citations), issues=tuple(issues))


def extract_network_linkage(section: Section, context: ExtractionContext) -> Extraction:
    """Read Ⅰ 6 情報提供ネットワークシステムによる情報連携: ①実施の有無 and ②法令上の根拠."""
    del context
    lines = classify_lines(section.lines)
    issues: list[Issue] = []
    status_line = next((line for line in lines if _is(line, "linkage.status")), None)
    status: str | None = None
    if status_line is None:
        issues.append(issue(IssueCode.FIELD_MISSING, "①実施の有無 is not in the text", section))
    else:
        texts = [status_line.value]
        for line in lines[status_line.index + 1 :]:
            if line.kind not in (LineKind.TEXT, LineKind.CHOICE, LineKind.NEUTRAL):
                break
            texts.append(line.text)
        status = selected_choice(texts, LINKAGE_CHOICES)
        if status is None:
            message = "①実施の有無 has no selected choice"
            issues.append(issue(IssueCode.NO_SELECTION, message, section, status_line.index))

    basis_line = next((line for line in lines if _is(line, "linkage.basis")), None)
    basis: tuple[Citation, ...] = ()
    basis_text: str | None = None
    if basis_line is not None:
        pieces, indices = _field(lines, basis_line)
        if pieces:
            basis_text = flatten(pieces)
            found, problems = citations_of(pieces, indices, section, "②法令上の根拠")
            basis = tuple(found)
            issues += problems
    if status == LINKAGE_CHOICES[0] and not basis:
        where = basis_line.index if basis_line is not None else None
        message = "情報連携を実施する but ②法令上の根拠 states no provision"
        issues.append(issue(IssueCode.FIELD_MISSING, message, section, where))
    first = status_line or basis_line
    linkage = NetworkLinkage(
        status=status,
        basis=basis,
        basis_text=basis_text,
        line=section.raw_line(first.index if first is not None else 0),
    )
    return Extraction(network_linkage=linkage, issues=tuple(issues))


def citations_of(
    pieces: Sequence[str], indices: Sequence[int], section: Section, what: str
) -> tuple[list[Citation], list[Issue]]:
    """The citations in a field whose lines ``pieces`` are ``section.lines[i]`` for ``i`` in
    ``indices``.

    Each citation gets the raw line where it starts (a citation may run over a line end), and
    each fragment that could not be read becomes an ``UNPARSED_CITATION`` issue.
    """
    parsed = parse_citation_lines(pieces, [section.raw_line(i) for i in indices])
    citations = list(parsed.citations)
    issues = [
        Issue(
            code=IssueCode.UNPARSED_CITATION,
            message=f"{what}: {fragment.text!r} could not be read as a citation",
            line=fragment.line,
            form_ref=section.form_ref,
        )
        for fragment in parsed.unparsed
    ]
    return citations, issues


def _is(line: ClassifiedLine, key: str, kind: LineKind = LineKind.LABEL) -> bool:
    return line.kind is kind and line.label is not None and line.label.key == key


def _field(lines: Sequence[ClassifiedLine], label: ClassifiedLine) -> tuple[list[str], list[int]]:
    """The value of a labelled field, one piece per line of the text, and their indices (both
    empty when the field states nothing)."""
    pieces: list[str] = []
    indices: list[int] = []
    if label.value:
        pieces.append(label.value)
        indices.append(label.index)
    for line in field_lines(lines, label.index):
        pieces.append(line.text)
        indices.append(line.index)
    pieces = [drop_choice_list(piece) for piece in pieces]
    if NO_VALUE.match(flatten(pieces)):
        return [], []
    return pieces, indices
