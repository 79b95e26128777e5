"""What one extraction found, part by part of the form: the figures of ``mnpia extract --report``.

:func:`result_to_report` is a pure function of an :class:`~ingest.records.ExtractionResult`: it
counts the records of each part of the form (Ⅰ, Ⅱ per file, Ⅲ per handling stage, Ⅳ per item,
the 別添 annexes, the 別紙 tables), sets beside them the counts the document itself declares
(委託の有無 ( 7 ) 件, 提供を行っている ( 65 ) 件 …) and gathers the issues of each part by their
``form_ref``. The record counts of all parts add up to
:meth:`~ingest.records.ExtractionResult.record_count`, family by family
(:func:`result_to_family_counts`), so that a report and an ingest summary never disagree.

>>> from ingest.records import (Delegation, ExtractionResult, InformationFile, Issue, IssueCode,
...                             SourceDocument)
>>> source = SourceDocument(id="a.txt", path="a.txt", sha256="0", encoding="utf-8", text="")
>>> file = InformationFile(name="X情報ファイル", delegation_count=2, line=40,
...                        delegations=(Delegation(no=1, line=42),))
>>> mismatch = Issue(code=IssueCode.COUNT_MISMATCH, message="…", line=41, form_ref="Ⅱ 4")
>>> report = result_to_report(ExtractionResult(source=source, files=(file,), issues=(mismatch,)))
>>> [(part.form_ref, part.title) for part in report.parts]
[('Ⅱ', '1 X情報ファイル')]
>>> [(t.label, t.found, t.declared) for t in report.parts[0].tallies if t.found or t.declared]
[('特定個人情報ファイル', 1, None), ('委託事項', 1, 2)]
>>> report.parts[0].issue_counts
((<IssueCode.COUNT_MISMATCH: 'COUNT_MISMATCH'>, 1),)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.extractors.measure import FOCUSED_ITEM_NUMBERS, ITEM_NUMBERS
from ingest.extractors.risk import stages_for
from ingest.form import FOCUSED, PART_ORDER, SectionKind, form_ref
from ingest.label import ANNEX_TITLES, ITEM_TITLES, PART_TITLES
from ingest.records import (
    Affair,
    ChangeRecord,
    DataItem,
    Document,
    ExtractionResult,
    FlowStep,
    Incident,
    InformationFile,
    Issue,
    IssueCode,
    NetworkLinkage,
    Provision,
    Requester,
    Risk,
    Status,
)

FAMILIES: tuple[tuple[str, str], ...] = (
    ("document", "表紙"),
    ("affair", "事務"),
    ("systems", "システム"),
    ("file_names", "ファイル名"),
    ("mynumber_use_basis", "個人番号の利用の根拠"),
    ("network_linkage", "情報連携"),
    ("files", "特定個人情報ファイル"),
    ("delegations", "委託事項"),
    ("provisions", "提供先"),
    ("transfers", "移転先"),
    ("flow_steps", "事務の流れ"),
    ("data_items", "記録項目"),
    ("risks", "リスク"),
    ("changes", "変更箇所"),
    ("annex_provisions", "別紙の提供先・移転先"),
    ("requesters", "条例による提供先"),
    ("incidents", "重大事故"),
)
"""The record families, keyed as in the record JSON, with the form's term for each: the units
of :meth:`~ingest.records.ExtractionResult.record_count`."""

_LABELS = dict(FAMILIES)
_WHOLE = "—"
"""The part of an issue that names no form item (a text that is not an assessment)."""
_SHEETS = "別紙"
_SHEETS_TITLE = "別紙の表"


@dataclass(frozen=True, slots=True, kw_only=True)
class Tally:
    """The records of one family that one part of the form yielded."""

    family: str
    """The record family (a key of :data:`FAMILIES`), e.g. ``delegations``."""
    label: str
    """The form's term for the family, e.g. ``委託事項``."""
    found: int
    """How many records were read."""
    declared: int | None = None
    """How many the document says there are, where it says (``( 7 ) 件``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PartReport:
    """One row of the report: a part of the form, what was read of it and what is wrong."""

    form_ref: str
    """The part as the document numbers it: ``cover``, ``Ⅰ``, ``Ⅱ``, ``Ⅲ 2``, ``別添3``, ``別紙``
    (``—`` for issues that name no part)."""
    title: str
    """What the part is (a file's number and name for ``Ⅱ``, the stage for ``Ⅲ N``)."""
    tallies: tuple[Tally, ...] = ()
    issues: tuple[Issue, ...] = ()
    line: int | None = None
    """The raw source line where the part's first record starts, when one was read."""

    @property
    def found(self) -> int:
        """Records read in the part, all families together."""
        return sum(tally.found for tally in self.tallies)

    @property
    def issue_counts(self) -> tuple[tuple[IssueCode, int], ...]:
        """How many issues of each code the part has, codes in the order of :class:`IssueCode`."""
        return _count_codes(self.issues)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractionReport:
    """The report of one extraction: its parts in form order, and totals."""

    source: str
    """The source document's id (its file name)."""
    document_kind: str | None
    status: Status
    parts: tuple[PartReport, ...]
    families: tuple[tuple[str, int], ...]
    """Records per family (:data:`FAMILIES` order): the same as :func:`result_to_family_counts`."""
    issue_counts: tuple[tuple[IssueCode, int], ...]
    """Issues per code over the whole document."""

    @property
    def records(self) -> int:
        """Records read in the whole document."""
        return sum(count for _family, count in self.families)


def result_to_family_counts(result: ExtractionResult) -> tuple[tuple[str, int], ...]:
    """How many records of each family (:data:`FAMILIES`) one extraction read.

    The counts add up to :meth:`~ingest.records.ExtractionResult.record_count`.

    >>> from ingest.records import SourceDocument, System
    >>> source = SourceDocument(id="a", path="a", sha256="0", encoding="utf-8", text="")
    >>> counts = dict(result_to_family_counts(
    ...     ExtractionResult(source=source, systems=(System(no=1, name="X", line=3),))))
    >>> counts["systems"], counts["document"], sum(counts.values())
    (1, 0, 1)
    """
    counts: Counter[str] = Counter()
    for part in _record_parts(result):
        for tally in part.tallies:
            counts[tally.family] += tally.found
    return tuple((family, counts[family]) for family, _label in FAMILIES)


def results_to_totals(
    results: Iterable[ExtractionResult],
) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[IssueCode, int], ...]]:
    """Records per family and issues per code over several extractions (``mnpia ingest``).

    >>> from ingest.records import SourceDocument
    >>> source = SourceDocument(id="a", path="a", sha256="0", encoding="utf-8", text="")
    >>> families, codes = results_to_totals([ExtractionResult(source=source)] * 2)
    >>> sum(n for _f, n in families), codes
    (0, ())
    """
    families: Counter[str] = Counter()
    issues: list[Issue] = []
    for result in results:
        families.update(dict(result_to_family_counts(result)))
        issues += result.issues
    return tuple((family, families[family]) for family, _label in FAMILIES), _count_codes(issues)


def result_to_report(result: ExtractionResult) -> ExtractionReport:
    """The per-part report of one extraction: records found, counts declared, issues.

    Args:
        result: One document's extraction.

    Returns:
        The parts that have records or issues, in the order the form prints them, and the
        document's totals.
    """
    kind = result.document.kind
    parts = {part.form_ref: part for part in _record_parts(result)}
    file_keys = [key for key in parts if key.startswith("Ⅱ#")]
    file_lines = [parts[key].line or 0 for key in file_keys]
    for found in result.issues:
        key = _issue_key(found, parts, file_keys, file_lines)
        if key not in parts:
            parts[key] = _empty_part(key, kind)
        parts[key].issues.append(found)
    ordered = sorted(parts.values(), key=lambda part: _order(part.form_ref, kind))
    return ExtractionReport(
        source=result.source.id,
        document_kind=kind,
        status=result.status,
        parts=tuple(part.freeze() for part in ordered),
        families=result_to_family_counts(result),
        issue_counts=_count_codes(result.issues),
    )


def report_to_json(report: ExtractionReport) -> dict[str, Any]:
    """The report as plain dicts and lists (``mnpia extract --report --format json``).

    >>> from ingest.records import SourceDocument
    >>> source = SourceDocument(id="a.txt", path="a.txt", sha256="0", encoding="utf-8", text="")
    >>> sorted(report_to_json(result_to_report(ExtractionResult(source=source))))
    ['document_kind', 'issues', 'parts', 'records', 'source', 'status']
    """
    return {
        "source": report.source,
        "document_kind": report.document_kind,
        "status": report.status.value,
        "parts": [
            {
                "form_ref": part.form_ref,
                "title": part.title,
                "line": part.line,
                "found": part.found,
                "tallies": [
                    {
                        "family": tally.family,
                        "label": tally.label,
                        "found": tally.found,
                        "declared": tally.declared,
                    }
                    for tally in part.tallies
                ],
                "issue_counts": {code.value: count for code, count in part.issue_counts},
                "issues": [
                    {
                        "code": found.code.value,
                        "message": found.message,
                        "line": found.line,
                        "form_ref": found.form_ref,
                    }
                    for found in part.issues
                ],
            }
            for part in report.parts
        ],
        "records": dict(report.families),
        "issues": {code.value: count for code, count in report.issue_counts},
    }


# --- parts and their records -------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class _Part:
    form_ref: str
    """The part's key: its form_ref, or ``Ⅱ#N`` for the Ⅱ of file N."""
    title: str
    tallies: tuple[Tally, ...] = ()
    line: int | None = None
    issues: list[Issue] = field(default_factory=list)

    def freeze(self) -> PartReport:
        return PartReport(
            form_ref=self.form_ref.partition("#")[0],
            title=self.title,
            tallies=self.tallies,
            issues=tuple(self.issues),
            line=self.line,
        )


def _tally(family: str, found: int, declared: int | None = None) -> Tally:
    return Tally(family=family, label=_LABELS[family], found=found, declared=declared)


def _first_line(lines: Iterable[int | None]) -> int | None:
    return min((line for line in lines if line is not None), default=None)


def _record_parts(result: ExtractionResult) -> list[_Part]:
    """The parts that have records (keyed ``Ⅱ#N`` for file N), with their tallies.

    Every record of the result is counted in exactly one part, as
    :meth:`~ingest.records.ExtractionResult.record_count` counts it.
    """
    kind = result.document.kind
    parts: list[_Part] = []
    if result.document != Document():
        parts.append(
            _Part(
                form_ref="cover",
                title="表紙",
                tallies=(_tally("document", 1),),
                line=result.document.line,
            )
        )
    basic = (
        _tally("affair", int(result.affair != Affair())),
        _tally("systems", len(result.systems)),
        _tally("file_names", len(result.file_names)),
        _tally("mynumber_use_basis", len(result.mynumber_use_basis)),
        _tally("network_linkage", int(result.network_linkage != NetworkLinkage())),
    )
    if any(tally.found for tally in basic):
        lines = (result.affair.line, result.network_linkage.line, *(s.line for s in result.systems))
        parts.append(
            _Part(
                form_ref="Ⅰ",
                title=_part_title(SectionKind.BASIC_INFO),
                tallies=basic,
                line=_first_line(lines),
            )
        )
    for file in sorted(result.files, key=lambda f: f.line):
        parts.append(
            _Part(
                form_ref=f"Ⅱ#{file.no}",
                title=f"{file.no} {file.name}",
                tallies=_file_tallies(file),
                line=file.line,
            )
        )
    risks: dict[str, list[Risk]] = {}
    for risk in result.risks:
        risks.setdefault(risk.form_ref or form_ref(SectionKind.RISK_MEASURES, kind), []).append(
            risk
        )
    for key, items in risks.items():
        parts.append(
            _Part(
                form_ref=key,
                title=items[0].section,
                tallies=(_tally("risks", len(items)),),
                line=min(risk.line for risk in items),
            )
        )
    annexes: tuple[tuple[SectionKind, str, Sequence[FlowStep | DataItem | ChangeRecord]], ...] = (
        (SectionKind.FLOW, "flow_steps", result.flow_steps),
        (SectionKind.RECORD_ITEMS, "data_items", result.data_items),
        (SectionKind.CHANGES, "changes", result.changes),
    )
    for annex_kind, family, records in annexes:
        if records:
            parts.append(
                _Part(
                    form_ref=form_ref(annex_kind, kind),
                    title=_part_title(annex_kind),
                    tallies=(_tally(family, len(records)),),
                    line=min(record.line for record in records),
                )
            )
    tables = (
        _tally("annex_provisions", len(result.annex_provisions)),
        _tally("requesters", len(result.requesters)),
        _tally("incidents", len(result.incidents)),
    )
    if any(tally.found for tally in tables):
        rows: tuple[Provision | Requester | Incident, ...] = (
            *result.annex_provisions,
            *result.requesters,
            *result.incidents,
        )
        parts.append(
            _Part(
                form_ref=_SHEETS,
                title=_SHEETS_TITLE,
                tallies=tables,
                line=_first_line(row.line for row in rows),
            )
        )
    return parts


def _file_tallies(file: InformationFile) -> tuple[Tally, ...]:
    return (
        _tally("files", 1),
        _tally("delegations", len(file.delegations), file.delegation_count),
        _tally("provisions", len(file.provisions), file.provision_count),
        _tally("transfers", len(file.transfers), file.transfer_count),
    )


# --- issues to parts ---------------------------------------------------------------------------

_ITEM = re.compile(r"^(?P<part>\S+)\s+(?P<item>\d{1,2})$")
_SHEET = re.compile(r"^別紙\s*\d*$")


def _item_number(key: str) -> int | None:
    found = _ITEM.match(key)
    return int(found.group("item")) if found else None


def _issue_key(
    found: Issue, parts: dict[str, _Part], file_keys: Sequence[str], file_lines: Sequence[int]
) -> str:
    """The part an issue belongs to.

    Ⅰ gathers its items; an issue of Ⅱ goes to the file whose block it is in (by line); Ⅲ and Ⅳ
    are reported item by item; the 別紙 tables together.
    """
    reference = found.form_ref
    if reference is None:
        return _WHOLE
    if reference in parts:
        return reference
    part = reference.split()[0]
    if part == "Ⅰ":
        return "Ⅰ"
    if part == "Ⅱ":
        if not file_keys:
            return "Ⅱ"
        index = bisect_right(file_lines, found.line) - 1 if found.line is not None else 0
        return file_keys[max(index, 0)]
    if _SHEET.match(reference):
        return _SHEETS
    return reference


_PART_FAMILIES: dict[SectionKind, tuple[str, ...]] = {
    SectionKind.COVER: ("document",),
    SectionKind.BASIC_INFO: (
        "affair", "systems", "file_names", "mynumber_use_basis", "network_linkage",
    ),
    SectionKind.FILE_OVERVIEW: ("files", "delegations", "provisions", "transfers"),
    SectionKind.RISK_MEASURES: ("risks",),
    SectionKind.OTHER_MEASURES: ("risks",),
    SectionKind.FLOW: ("flow_steps",),
    SectionKind.RECORD_ITEMS: ("data_items",),
    SectionKind.CHANGES: ("changes",),
    SectionKind.ANNEX: ("annex_provisions", "requesters", "incidents"),
}  # fmt: skip
"""The record families each part of the form yields (a part without records shows them as 0)."""


def _empty_part(key: str, document_kind: str | None) -> _Part:
    """A part that has issues but no records: its title, and its families counted 0."""
    if key == _WHOLE:
        return _Part(form_ref=key, title="(the whole text)")
    part_kind = _part_kind(key, document_kind)
    title = _part_title(part_kind) if part_kind is not None else ""
    number = _item_number(key)
    if number is not None and part_kind is SectionKind.RISK_MEASURES:
        stage = next((s.label for s in stages_for(document_kind) if s.number == number), None)
        items = FOCUSED_ITEM_NUMBERS if document_kind == FOCUSED else {}
        title = stage or next((t for t, n in items.items() if n == number), title)
    elif number is not None and part_kind is SectionKind.OTHER_MEASURES:
        title = next((t for t, n in ITEM_NUMBERS.items() if n == number), title)
    families = _PART_FAMILIES.get(part_kind, ()) if part_kind is not None else ()
    return _Part(form_ref=key, title=title, tallies=tuple(_tally(f, 0) for f in families))


def _part_kind(key: str, document_kind: str | None) -> SectionKind | None:
    """The part of the form a report key is in (``Ⅲ 4`` is in Ⅲ, ``別紙`` in the annex tables)."""
    if key == "cover":
        return SectionKind.COVER
    part = key.partition("#")[0].split()[0]
    if _SHEET.match(part):
        return SectionKind.ANNEX
    by_ref = {form_ref(kind, document_kind): kind for kind in PART_ORDER}
    return by_ref.get(part)


def _part_title(kind: SectionKind) -> str:
    if kind is SectionKind.COVER:
        return "表紙"
    if kind is SectionKind.ANNEX:
        return _SHEETS_TITLE
    titles = dict(reversed((*PART_TITLES, *ANNEX_TITLES))) | dict(ITEM_TITLES)
    return titles.get(kind, kind.value)


def _order(key: str, document_kind: str | None) -> tuple[int, int, str]:
    """Sort key of a part: the form's order of parts, then item (or file) numbers."""
    if key == _WHOLE:
        return (-2, 0, key)
    if key == "cover":
        return (-1, 0, key)
    base, _hash, file_no = key.partition("#")
    part_kind = _part_kind(key, document_kind)
    rank = PART_ORDER.index(part_kind) if part_kind in PART_ORDER else len(PART_ORDER)
    item = int(file_no) if file_no else (_item_number(base) or 0)
    return (rank, item, base)


def _count_codes(issues: Iterable[Issue]) -> tuple[tuple[IssueCode, int], ...]:
    counts = Counter(found.code for found in issues)
    return tuple((code, counts[code]) for code in IssueCode if counts[code])
