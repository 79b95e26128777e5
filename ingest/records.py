"""Typed records of one assessment (特定個人情報保護評価書), as extracted from its text.

Records are frozen, keyword-only dataclasses. Every record carries ``line``: the 1-based line of
the *raw* source text where the fact starts (after the line map of normalisation has been
applied), so that every fact in the graph can be traced back to the document.

The JSON shape of these records is the interchange format of ``mnpia extract`` (see DESIGN.md,
"Record JSON"); :func:`ingest.record_json.result_to_json` produces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class IssueCode(StrEnum):
    """Stable codes of the problems extraction reports. Values never change once released."""

    NO_COVER = "NO_COVER"
    """The text has no cover page (評価書番号, 評価書名, 評価実施機関名 …): a fragment."""
    SECTION_MISSING = "SECTION_MISSING"
    """A form section that the document kind requires was not found in the text."""
    FIELD_MISSING = "FIELD_MISSING"
    """A labelled field of a found section has no value in the text."""
    FORM_MARKER_NOT_DATE = "FORM_MARKER_NOT_DATE"
    """Under 公表日 the text has only the form version marker (e.g. [令和7年5月 様式4])."""
    UNPARSED_DATE = "UNPARSED_DATE"
    """A date was stated but could not be read as a calendar date."""
    NO_SELECTION = "NO_SELECTION"
    """A choice field (<選択肢>) has no selected value."""
    COUNT_MISMATCH = "COUNT_MISMATCH"
    """A declared count (e.g. システム2～5, ( 7 ) 件) differs from the items listed."""
    DUPLICATE_ITEM = "DUPLICATE_ITEM"
    """The same numbered item appears more than once; the first complete one was kept."""
    REPAIRED_TEXT = "REPAIRED_TEXT"
    """A value was repaired (OCR confusion, split label); the message says from what."""
    EMPTY_TEMPLATE = "EMPTY_TEMPLATE"
    """A template block is present with labels but no values."""
    UNPARSED_CITATION = "UNPARSED_CITATION"
    """A legal citation could not be parsed into structured fields."""


class Status(StrEnum):
    """Outcome of extracting one document."""

    SUCCESS = "success"
    """Every section the document kind requires was found and read without issues."""
    PARTIAL = "partial"
    """Something was read, with issues saying what was skipped or damaged and where."""
    FAILURE = "failure"
    """Nothing usable was read (not an assessment)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Issue:
    """A recoverable problem found while extracting: data, not an exception."""

    code: IssueCode
    message: str
    line: int | None = None
    """1-based raw source line, when the problem has a place."""
    form_ref: str | None = None
    """The form item concerned, e.g. ``"Ⅰ 2"`` or ``"cover"``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceDocument:
    """A source text as read from disk: decoded, with its identity."""

    id: str
    """Stable identifier of the source: the file name without directories."""
    path: str
    sha256: str
    """SHA-256 of the raw bytes, hex."""
    encoding: str
    """The encoding the bytes were decoded with.

    One of ``utf-8``, ``utf-8-sig``, ``cp932``, ``utf-16`` (``utf-16-le``/``-be`` without BOM),
    or charset-normalizer's name for a rarer encoding."""
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """表紙 (cover): the assessment document itself."""

    kind: str | None = None
    """Document kind: ``全項目評価書``, ``重点項目評価書`` or ``基礎項目評価書``."""
    org: str | None = None
    """評価実施機関名 as written after repair, e.g. ``○○市長``."""
    municipality: str | None = None
    """The municipality or agency that the 評価実施機関 heads, e.g. ``○○市``."""
    number: str | None = None
    """評価書番号, ASCII digits."""
    title: str | None = None
    """評価書名."""
    form: str | None = None
    """様式 marker as written, e.g. ``令和7年5月 様式4``."""
    published: str | None = None
    """公表日 as written, e.g. ``令和7年11月26日``."""
    published_date: date | None = None
    """公表日 as a calendar date, when the text states one."""
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Affair:
    """Ⅰ 1 事務: the administrative process the assessment covers."""

    name: str | None = None
    """①事務の名称."""
    summary: str | None = None
    """②事務の内容, flattened to one paragraph."""
    population: str | None = None
    """③対象人数: the selected choice as written, e.g. ``30万人以上``."""
    department: str | None = None
    """評価実施機関における担当部署 ①部署."""
    head_title: str | None = None
    """②所属長の役職名."""
    other_assessors: tuple[str, ...] = ()
    """他の評価実施機関."""
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class System:
    """システムN (Ⅰ 2): a system used by the process."""

    no: int
    name: str
    """①システムの名称, canonical (OCR damage repaired)."""
    functions: str | None = None
    """②システムの機能, flattened."""
    connections: tuple[str, ...] = ()
    """③他のシステムとの接続: labels of the ticked boxes, in form order, e.g. ``宛名システム等``."""
    connections_other: tuple[str, ...] = ()
    """Names inside その他（…） when その他 is ticked."""
    line: int
    form_ref: str = "Ⅰ 2"
    """The form item the system was read from: ``Ⅰ 2``, or ``別添3`` when Ⅰ 2 is missing and the
    system was recovered from the change history (its connections are then unknown, not none)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractionResult:
    """Everything extracted from one source text, with the problems found on the way."""

    source: SourceDocument
    document: Document = field(default_factory=Document)
    affair: Affair = field(default_factory=Affair)
    systems: tuple[System, ...] = ()
    issues: tuple[Issue, ...] = ()
    status: Status = Status.SUCCESS
