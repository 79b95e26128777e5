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

from ingest.citation import Citation


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
class NetworkLinkage:
    """情報提供ネットワークシステムによる情報連携 (Ⅰ 6): whether, and on what basis, it links."""

    status: str | None = None
    """①実施の有無: the selected choice as written (``実施する``, ``実施しない``, ``未定``)."""
    basis: tuple[Citation, ...] = ()
    """②法令上の根拠."""
    basis_text: str | None = None
    """②法令上の根拠 as written, flattened."""
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Delegation:
    """委託事項N (Ⅱ 4): one processing task delegated to a contractor."""

    no: int
    name: str | None = None
    """委託事項N の名称 (the task)."""
    content: str | None = None
    """①委託内容."""
    subjects: str | None = None
    """②取扱いを委託する特定個人情報ファイルの範囲 (対象となる本人の数/範囲), as written."""
    subject_count: str | None = None
    """② 対象となる本人の数: the selected choice as written."""
    subject_scope: str | None = None
    """② 対象となる本人の範囲, flattened."""
    scope_reason: str | None = None
    """② その妥当性, flattened."""
    handlers: str | None = None
    """③委託先における取扱者数: the selected choice as written."""
    methods: tuple[str, ...] = ()
    """④委託先への特定個人情報ファイルの提供方法: ticked options (canonical labels)."""
    contractor: str | None = None
    """⑤委託先名, canonical (株式会社 spelled out, spacing and width repaired)."""
    contractor_confirmation: str | None = None
    """委託先名の確認方法 (⑤ of the 全項目評価書 since 令和), flattened."""
    subcontract: bool | None = None
    """⑦再委託の有無: True for 再委託する, False for 再委託しない, None when unknown."""
    subcontract_method: str | None = None
    """⑧再委託の許諾方法."""
    subcontract_content: str | None = None
    """⑨再委託事項."""
    subcontractors: tuple[str, ...] = ()
    """再委託先 names, when the text states them."""
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Provision:
    """提供先N / 移転先N (Ⅱ 5): one outbound flow of a file, with its legal basis."""

    no: int
    recipient: str | None = None
    """提供先N / 移転先N: the receiving organisation or department."""
    basis: tuple[Citation, ...] = ()
    """①法令上の根拠, parsed."""
    basis_text: str | None = None
    """①法令上の根拠 as written, flattened."""
    purpose: str | None = None
    """②提供先における用途 / 移転先における用途."""
    info: str | None = None
    """③提供する情報 / 移転する情報."""
    count: str | None = None
    """④提供する情報の対象となる本人の数: the selected choice as written."""
    scope: str | None = None
    """⑤…の対象となる本人の範囲."""
    methods: tuple[str, ...] = ()
    """⑥提供方法 / 移転方法: ticked options (canonical labels) and names inside その他（…）."""
    timing: str | None = None
    """⑦時期・頻度."""
    source_form_ref: str | None = None
    """Where the flow was read: ``"Ⅱ 5"`` for the body, ``"別紙"`` for an annex table."""
    direction: str | None = None
    """``"提供"`` or ``"移転"``: which list an annex table row belongs to (the body keeps the two
    in :attr:`InformationFile.provisions` and :attr:`InformationFile.transfers`)."""
    annex: str | None = None
    """The 別紙 the body refers to for this flow's recipients (``別紙2`` for
    ``移転先1から27は別紙2を参照``), when it does."""
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Storage:
    """保管・消去 (Ⅱ 6): where a file is kept, for how long, and how it is erased."""

    places: tuple[str, ...] = ()
    """①保管場所: the platforms and places named (each 〈…における措置〉 block, canonical)."""
    places_text: str | None = None
    """①保管場所 as written, flattened."""
    retention: str | None = None
    """②保管期間: the selected choice as written (e.g. ``20年以上``, ``定められていない``)."""
    retention_reason: str | None = None
    """②保管期間 その妥当性."""
    erasure: str | None = None
    """③消去方法, flattened."""
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class InformationFile:
    """特定個人情報ファイル (Ⅱ): one file of specific personal information and its flows."""

    no: int = 1
    """Order of the file in the text (Ⅱ repeats for each file)."""
    name: str
    """1. 特定個人情報ファイル名."""
    type: str | None = None
    """2 ①ファイルの種類: the selected choice (システム用ファイル, その他の電子ファイル …)."""
    subjects: str | None = None
    """2 ②対象となる本人の数: the selected choice as written."""
    subject_scope: str | None = None
    """2 ③対象となる本人の範囲."""
    items: str | None = None
    """2 ④記録される項目: the selected choice (e.g. ``50項目以上100項目未満``)."""
    main_items: tuple[str, ...] = ()
    """2 ④主な記録項目: the ticked categories (識別情報, 連絡先等情報, 業務関係情報 …)."""
    holding_start: str | None = None
    """2 ⑥保有開始日 as written."""
    holding_start_date: date | None = None
    """2 ⑥保有開始日 as a date."""
    department: str | None = None
    """2 ⑦事務担当部署."""
    sources: tuple[str, ...] = ()
    """3 ①入手元: ticked categories (canonical labels) with the names in parentheses as
    ``"category: name"`` entries appended after the category."""
    acquisition_methods: tuple[str, ...] = ()
    """3 ②入手方法: ticked options (canonical labels) and names inside その他（…）."""
    users: tuple[str, ...] = ()
    """3 ⑤使用部署 / 使用者."""
    delegation_present: bool | None = None
    """4 委託の有無: True for 委託する."""
    delegation_count: int | None = None
    """4 委託の有無 ( N ) 件: the declared count."""
    delegations: tuple[Delegation, ...] = ()
    provision_count: int | None = None
    """5 提供・移転の有無 提供を行っている ( N ) 件: the declared count."""
    transfer_count: int | None = None
    """5 提供・移転の有無 移転を行っている ( N ) 件: the declared count."""
    provisions: tuple[Provision, ...] = ()
    transfers: tuple[Provision, ...] = ()
    storage: Storage = field(default_factory=Storage)
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowStep:
    """別添1 事務の内容: one numbered step of the flow (①…㉑, 1.…)."""

    no: int
    text: str
    actors: tuple[str, ...] = ()
    """The actors the step names, canonical: residents (住民), agencies, systems, delegates."""
    data: tuple[str, ...] = ()
    """The data the step moves (e.g. 賦課決定・更正情報, 収納情報)."""
    personal_number: bool | None = None
    """Whether the step is a flow of 特定個人情報 (個人番号を含む情報の流れ, drawn solid): True
    or False as the text says (a marker in the step, a legend listing it, the change history);
    None when the text does not say."""
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DataItem:
    """別添2 特定個人情報ファイル記録項目: one recorded data item of a file."""

    no: int | None = None
    name: str
    file: str | None = None
    """The file the item belongs to, when the text says."""
    group: str | None = None
    """The heading the item is listed under (``<宛名>``, a table of a grid such as
    ``胃がん (エックス線)``), when the list has headings."""
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Risk:
    """Ⅲ (and Ⅳ): one risk of one handling stage, with its rating."""

    section: str
    """The handling stage (canonical label of handling-stages: 入手, 使用, 委託,
    提供・移転, 情報提供ネットワークシステムとの接続, 保管・消去) or the Ⅳ item
    (監査, 従業者に対する教育・啓発 …)."""
    no: int | None = None
    """リスクN."""
    name: str | None = None
    """The risk as the form names it."""
    rating: str | None = None
    """リスクへの対策は十分か: the canonical rating label
    (特に力を入れている, 十分である, 課題が残されている)."""
    measures: str | None = None
    """リスクに対する措置の内容, flattened."""
    platforms: tuple[str, ...] = ()
    """The platforms whose measures the risk lists
    (〈中間サーバー・プラットフォームにおける措置〉 …)."""
    form_ref: str | None = None
    """The form item, e.g. ``"Ⅲ 2"``, ``"Ⅳ 1"``."""
    line: int
    file: str | None = None
    """The 特定個人情報ファイル whose Ⅲ states the risk, as Ⅲ 1 names it, when the document
    repeats Ⅲ per file; None when one Ⅲ covers every file (and for Ⅳ)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeRecord:
    """別添3 変更箇所: one row of the change history."""

    date: date | None = None
    """変更日 as a date."""
    date_text: str | None = None
    """変更日 as written (a row under a merged 変更日 cell has the date of the row above)."""
    item: str | None = None
    """項目: the form item changed."""
    before: str | None = None
    """変更前の記載."""
    after: str | None = None
    """変更後の記載."""
    timing: str | None = None
    """提出時期 (事前, 事後)."""
    reason: str | None = None
    """提出時期に係る説明."""
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Requester:
    """別紙: an ordinance-based requester (条例 provision table row)."""

    name: str
    """The requesting organisation or department."""
    basis: tuple[Citation, ...] = ()
    basis_text: str | None = None
    purpose: str | None = None
    info: str | None = None
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    """別紙 重大事故: one serious incident reported with the assessment."""

    year: str | None = None
    """The year or date as written (e.g. 令和6年度)."""
    summary: str | None = None
    type: str | None = None
    """The kind of incident (漏えい, 滅失, 毀損 …) as written."""
    measures: str | None = None
    """再発防止策."""
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractionResult:
    """Everything extracted from one source text, with the problems found on the way."""

    source: SourceDocument
    document: Document = field(default_factory=Document)
    affair: Affair = field(default_factory=Affair)
    systems: tuple[System, ...] = ()
    file_names: tuple[str, ...] = ()
    """Ⅰ 3 特定個人情報ファイル名 (the files of Ⅱ are in :attr:`files`)."""
    mynumber_use_basis: tuple[Citation, ...] = ()
    """Ⅰ 5 個人番号の利用 法令上の根拠."""
    network_linkage: NetworkLinkage = field(default_factory=NetworkLinkage)
    files: tuple[InformationFile, ...] = ()
    flow_steps: tuple[FlowStep, ...] = ()
    data_items: tuple[DataItem, ...] = ()
    risks: tuple[Risk, ...] = ()
    changes: tuple[ChangeRecord, ...] = ()
    annex_provisions: tuple[Provision, ...] = ()
    """別紙 provision and transfer recipient lists not tied to one 提供先N of the body."""
    requesters: tuple[Requester, ...] = ()
    incidents: tuple[Incident, ...] = ()
    issues: tuple[Issue, ...] = ()
    status: Status = Status.SUCCESS

    def record_count(self) -> int:
        """How many records were read: every record of every family, nested ones included.

        The cover, Ⅰ 1 and Ⅰ 6 count once each when anything of them was read.

        >>> source = SourceDocument(id="a", path="a", sha256="0", encoding="utf-8", text="")
        >>> result = ExtractionResult(source=source, systems=(System(no=1, name="X", line=1),))
        >>> result.record_count()
        1
        """
        singles = (self.document != Document(), self.affair != Affair())
        linkage = self.network_linkage != NetworkLinkage()
        nested = sum(len(f.delegations) + len(f.provisions) + len(f.transfers) for f in self.files)
        families = (
            self.systems, self.file_names, self.mynumber_use_basis, self.files, self.flow_steps,
            self.data_items, self.risks, self.changes, self.annex_provisions, self.requesters,
            self.incidents,
        )  # fmt: skip
        return sum(singles) + linkage + nested + sum(len(family) for family in families)
