"""別紙: the annex tables of an assessment.

An annex is a heading (``別紙1``, ``(別紙2) 利用特定個人情報提供省令第2条の表に定める事務``,
``別紙4 個人情報に関する重大事故の内容等``) and a table whose header row names its columns. The
kind of table follows from its columns and its heading:

- 提供先 / 移転先 lists (提供先 ⇥ 法令上の根拠 ⇥ 提供先における用途, or 番号 ⇥ 法令上の根拠
  ⇥ 移転先 ⇥ 用途 ⇥ 移転方法 ⇥ 時期・頻度) → :class:`~ingest.records.Provision` records with
  ``source_form_ref`` ``"別紙"`` and ``direction`` 提供/移転;
- the 情報照会者 of an ordinance (機関 ⇥ 用途 ⇥ 法令上の根拠, or a heading naming 条例 and
  情報照会者) → :class:`~ingest.records.Requester` records;
- 重大事故 (年度 ⇥ 事案の内容 ⇥ 類型 ⇥ 再発防止策) → :class:`~ingest.records.Incident` records.

Header rows and annex headings repeated at page breaks continue the table; a row whose first
cell is empty continues the row above. A table may start before its heading (the converter
printed the first page's rows above the ``別紙N`` heading): rows right before the section under
the same header row belong to it. Legal bases are parsed with
:func:`ingest.citation.parse_citations`; a basis that refers back (``同第2条``) is read with the
basis above it as context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.citation import Citation, parse_citations
from ingest.extractors.base import Extraction, ExtractionContext, issue
from ingest.label import match_part_heading
from ingest.records import Incident, Issue, IssueCode, Provision, Requester
from ingest.section import Section
from ingest.table import Column, Row, cell_text, header_columns, section_rows, squeeze
from ontology.lexicon import transfer_method

FORM_REF = "別紙"

_LIST_SEPARATOR = re.compile(r"[、,，]\s*(?![^(（]*[)）])")
_REQUESTER_TITLES = ("機関", "照会者")
_REQUESTER_HEADING = ("条例", "照会者")
_INCIDENT_HEADING = ("重大事故",)
_NUMBER = re.compile(r"^(?:No\.?\s*)?(\d{1,4})$", re.IGNORECASE)


class _Kind:
    PROVISION = "provision"
    REQUESTER = "requester"
    INCIDENT = "incident"


@dataclass(slots=True)
class _Table:
    kind: str
    columns: tuple[Column | None, ...]
    direction: str | None = None
    count: int = 0


@dataclass(slots=True)
class _Draft:
    kind: str
    line: int
    values: dict[Column, list[str]] = field(default_factory=dict)
    no: int = 0
    direction: str | None = None

    def add(self, cells: dict[Column, str]) -> None:
        for column, value in cells.items():
            if value:
                self.values.setdefault(column, []).append(value)

    def get(self, column: Column) -> str | None:
        pieces = self.values.get(column)
        return " ".join(pieces) if pieces else None


def _table_kind(columns: Sequence[Column | None], titles: Sequence[str], heading: str) -> _Table:
    present = set(columns)
    if present & {Column.YEAR, Column.SUMMARY, Column.MEASURES} or any(
        word in heading for word in _INCIDENT_HEADING
    ):
        return _Table(kind=_Kind.INCIDENT, columns=tuple(columns))
    recipient_title = next(
        (squeeze(t) for t, c in zip(titles, columns, strict=True) if c is Column.RECIPIENT), ""
    )
    if any(word in recipient_title for word in _REQUESTER_TITLES) or all(
        word in heading for word in _REQUESTER_HEADING
    ):
        return _Table(kind=_Kind.REQUESTER, columns=tuple(columns))
    purpose_title = next(
        (squeeze(t) for t, c in zip(titles, columns, strict=True) if c is Column.PURPOSE), ""
    )
    words = recipient_title + purpose_title + heading
    direction = "移転" if "移転" in words and "提供先" not in recipient_title else "提供"
    return _Table(kind=_Kind.PROVISION, columns=tuple(columns), direction=direction)


def _values(row: Row, columns: Sequence[Column | None]) -> dict[Column, str]:
    if len(row.cells) == len(columns):
        return {c: v for v, c in zip(row.cells, columns, strict=True) if c is not None and v}
    cells = [cell for cell in row.cells if cell]
    named = [column for column in columns if column is not None]
    return dict(zip(named, cells, strict=False))


_KEY_COLUMNS = (Column.NO, Column.RECIPIENT, Column.YEAR, Column.SUMMARY)


def _first_key(columns: Sequence[Column | None]) -> Column | None:
    return next((column for column in columns if column in _KEY_COLUMNS), None)


def _heading_text(row: Row) -> str | None:
    """The text of an annex heading row (``別紙N …``), else None."""
    text = row.text.strip()
    match = re.match(r"^[(（]?\s*別\s*紙\s*\d{0,2}\s*[)）]?", text)
    if match is None or (len(row.cells) > 1 and any(row.cells[1:])):
        return None
    return text


def _annex_number(heading: str) -> int | None:
    part = match_part_heading(heading.lstrip("(（"))
    return part.numeral if part is not None else None


def rows_to_extraction(rows: Sequence[Row], section: Section, heading: str = "") -> Extraction:
    """The records of the annex tables in ``rows`` (headings, header rows and data rows)."""
    drafts: list[_Draft] = []
    table: _Table | None = None
    number: int | None = _annex_number(heading) if heading else None
    for row in rows:
        title = _heading_text(row)
        if title is not None:
            new_number = _annex_number(title)
            if new_number is not None and new_number != number:
                table = None
            number = new_number if new_number is not None else number
            heading = title
            continue
        columns = header_columns(row.cells)
        if columns is not None:
            kind = _table_kind(columns, row.cells, heading)
            if table is None or table.kind != kind.kind or table.columns != kind.columns:
                table = kind
            continue
        if table is None or not row.text:
            continue
        values = _values(row, table.columns)
        key = _first_key(table.columns)
        if drafts and drafts[-1].kind == table.kind and key is not None and key not in values:
            drafts[-1].add(values)
            continue
        table.count += 1
        draft = _Draft(kind=table.kind, line=row.line, direction=table.direction)
        number_text = values.get(Column.NO, "")
        numbered = _NUMBER.match(number_text)
        draft.no = int(numbered.group(1)) if numbered else table.count
        draft.add(values)
        drafts.append(draft)
    return _records(drafts, section)


def _basis(
    text: str | None, line: int, context: str | None
) -> tuple[tuple[Citation, ...], list[str]]:
    if not text:
        return (), []
    if context and text.lstrip().startswith("同"):
        parsed = parse_citations(f"{context}\n{text}", line=line - 1)
        citations = tuple(c for c in parsed.citations if c.line == line)
        unparsed = [u.text for u in parsed.unparsed if u.line == line]
    else:
        parsed = parse_citations(text, line=line)
        citations, unparsed = parsed.citations, [u.text for u in parsed.unparsed]
    return citations, unparsed


def _method_label(text: str) -> str:
    concept = transfer_method(text)
    return concept.pref_label if concept is not None else text


def _methods(text: str | None) -> tuple[str, ...]:
    """The methods of a 移転方法 cell, canonical labels where the vocabulary has them.

    >>> _methods("庁内連携システム、電子記録媒体(フラッシュメモリを除く。)")
    ('庁内連携システム', '電子記録媒体（フラッシュメモリを除く。）')
    """
    if not text:
        return ()
    parts = (part.strip() for part in _LIST_SEPARATOR.split(text))
    return tuple(_method_label(part) for part in parts if part)


def _records(drafts: Sequence[_Draft], section: Section) -> Extraction:
    provisions: list[Provision] = []
    requesters: list[Requester] = []
    incidents: list[Incident] = []
    issues: list[Issue] = []
    previous_basis: str | None = None
    for draft in drafts:
        basis_text = draft.get(Column.BASIS)
        citations, unparsed = _basis(basis_text, draft.line, previous_basis)
        if basis_text and not basis_text.lstrip().startswith("同"):
            previous_basis = basis_text
        issues += [
            issue_at(
                IssueCode.UNPARSED_CITATION, f"法令上の根拠 not read: {text}", section, draft.line
            )
            for text in unparsed
        ]
        if draft.kind == _Kind.INCIDENT:
            incidents.append(
                Incident(
                    year=draft.get(Column.YEAR),
                    summary=draft.get(Column.SUMMARY),
                    type=draft.get(Column.TYPE),
                    measures=draft.get(Column.MEASURES),
                    line=draft.line,
                )
            )
        elif draft.kind == _Kind.REQUESTER:
            requesters.append(
                Requester(
                    name=draft.get(Column.RECIPIENT) or "",
                    basis=citations,
                    basis_text=basis_text,
                    purpose=draft.get(Column.PURPOSE),
                    info=draft.get(Column.INFO),
                    line=draft.line,
                )
            )
        else:
            provisions.append(
                Provision(
                    no=draft.no,
                    recipient=draft.get(Column.RECIPIENT),
                    basis=citations,
                    basis_text=basis_text,
                    purpose=draft.get(Column.PURPOSE),
                    info=draft.get(Column.INFO),
                    scope=draft.get(Column.SCOPE),
                    methods=_methods(draft.get(Column.METHODS)),
                    timing=draft.get(Column.TIMING),
                    source_form_ref=FORM_REF,
                    direction=draft.direction,
                    line=draft.line,
                )
            )
    return Extraction(
        annex_provisions=tuple(provisions),
        requesters=tuple(requesters),
        incidents=tuple(incidents),
        issues=tuple(issues),
    )


def issue_at(code: IssueCode, message: str, section: Section, line: int) -> Issue:
    """An issue of an annex at a raw source line."""
    del section
    return Issue(code=code, message=message, line=line, form_ref=FORM_REF)


def _rows_before(section: Section, context: ExtractionContext, first: Row | None) -> list[Row]:
    """Rows right before the section that the section's first table continues.

    The converter may print an annex table's first page above its ``別紙N`` heading: the rows
    under a header row equal to the section's first header row, up to the section, belong to
    the annex.
    """
    raw_lines = context.raw_lines
    if first is None or not raw_lines or not section.lines:
        return []
    header = first.cells
    found: list[Row] = []
    number = section.raw_line(0) - 1
    while number >= 1:
        raw = raw_lines[number - 1]
        if not raw.strip():
            number -= 1
            continue
        if "\t" not in raw:
            return []
        cells = tuple(cell_text(cell) for cell in raw.split("\t"))
        if cells == header:
            return [Row(cells=cells, index=-1, line=number, raw=raw), *reversed(found)]
        if len(cells) != len(header):
            return []
        found.append(Row(cells=cells, index=-1, line=number, raw=raw))
        number -= 1
    return []


def extract_annex(section: Section, context: ExtractionContext) -> Extraction:
    """The records of one 別紙 section (provision lists, requesters, incidents)."""
    rows = section_rows(section, context)
    first_header = next((row for row in rows if header_columns(row.cells) is not None), None)
    before = _rows_before(section, context, first_header)
    heading = section.lines[0] if section.lines else ""
    body = rows
    if before:
        # The heading printed after the first page still names the table.
        heading_row = next((row for row in rows if _heading_text(row) is not None), None)
        heading = heading_row.text if heading_row is not None else heading
    extraction = rows_to_extraction([*before, *body], section, heading=heading)
    if not _has_records(extraction):
        return Extraction(
            issues=(
                issue(
                    IssueCode.EMPTY_TEMPLATE,
                    f"{section.form_ref} has no table rows that could be read",
                    section,
                ),
            )
        )
    return extraction


def _has_records(extraction: Extraction) -> bool:
    return bool(extraction.annex_provisions or extraction.requesters or extraction.incidents)
