"""The structure of the assessment form (特定個人情報保護評価書) as data.

The three document kinds share their parts but number them differently (重点項目評価書 has no
Ⅰ 4 理由 and no 別添 事務の内容, so its later items and parts shift). Sections are therefore
identified by a stable :class:`SectionKind` and get their ``form_ref`` (the numbering printed in
the document) from the tables here.

>>> form_ref(SectionKind.DEPARTMENT, FULL)
'Ⅰ 7'
>>> form_ref(SectionKind.DEPARTMENT, FOCUSED)
'Ⅰ 6'
>>> form_ref(SectionKind.DISCLOSURE, FOCUSED)
'Ⅳ'
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

FULL = "全項目評価書"
FOCUSED = "重点項目評価書"
BASIC = "基礎項目評価書"
DOCUMENT_KINDS = (FULL, FOCUSED, BASIC)
"""The document kinds, as the cover names them."""


class SectionKind(StrEnum):
    """What a section of the text is, independent of the number the form gives it."""

    COVER = "cover"
    """表紙: 評価書番号, 評価書名, 評価実施機関名, 公表日 …"""
    CONTENTS = "contents"
    """項目一覧: the table of contents (headings without content)."""
    BASIC_INFO = "basic_info"
    """Ⅰ 基本情報."""
    AFFAIR = "affair"
    """Ⅰ 1 特定個人情報ファイルを取り扱う事務."""
    SYSTEMS = "systems"
    """Ⅰ 2 特定個人情報ファイルを取り扱う事務において使用するシステム."""
    FILE_NAME = "file_name"
    """Ⅰ 3 特定個人情報ファイル名."""
    REASON = "reason"
    """Ⅰ 4 特定個人情報ファイルを取り扱う理由 (全項目評価書 only)."""
    NUMBER_USE = "number_use"
    """Ⅰ 5 個人番号の利用."""
    NETWORK_LINKAGE = "network_linkage"
    """Ⅰ 6 情報提供ネットワークシステムによる情報連携."""
    DEPARTMENT = "department"
    """Ⅰ 7 評価実施機関における担当部署."""
    OTHER_ASSESSORS = "other_assessors"
    """Ⅰ 8 他の評価実施機関."""
    FILE_OVERVIEW = "file_overview"
    """Ⅱ 特定個人情報ファイルの概要."""
    RISK_MEASURES = "risk_measures"
    """Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策."""
    OTHER_MEASURES = "other_measures"
    """Ⅳ その他のリスク対策 (全項目評価書)."""
    DISCLOSURE = "disclosure"
    """Ⅴ 開示請求、問合せ."""
    PROCEDURE = "procedure"
    """Ⅵ 評価実施手続."""
    FLOW = "flow"
    """別添1 事務の内容 (the flow diagram and its steps)."""
    RECORD_ITEMS = "record_items"
    """別添2 特定個人情報ファイル記録項目."""
    CHANGES = "changes"
    """別添3 変更箇所 (the change history)."""
    ANNEX = "annex"
    """別紙: annex tables."""


BASIC_INFO_ITEMS: tuple[SectionKind, ...] = (
    SectionKind.AFFAIR,
    SectionKind.SYSTEMS,
    SectionKind.FILE_NAME,
    SectionKind.REASON,
    SectionKind.NUMBER_USE,
    SectionKind.NETWORK_LINKAGE,
    SectionKind.DEPARTMENT,
    SectionKind.OTHER_ASSESSORS,
)
"""The items of Ⅰ 基本情報 in form order."""

PART_ORDER: tuple[SectionKind, ...] = (
    SectionKind.BASIC_INFO,
    SectionKind.FLOW,
    SectionKind.FILE_OVERVIEW,
    SectionKind.RECORD_ITEMS,
    SectionKind.RISK_MEASURES,
    SectionKind.OTHER_MEASURES,
    SectionKind.DISCLOSURE,
    SectionKind.PROCEDURE,
    SectionKind.CHANGES,
    SectionKind.ANNEX,
)
"""Top-level parts in the order every document kind prints them (absent parts are skipped)."""

PART_RANK = MappingProxyType({kind: rank for rank, kind in enumerate(PART_ORDER)})

_ITEM_NUMBERS = MappingProxyType(
    {
        FULL: {kind: number for number, kind in enumerate(BASIC_INFO_ITEMS, start=1)},
        FOCUSED: {
            SectionKind.AFFAIR: 1,
            SectionKind.SYSTEMS: 2,
            SectionKind.FILE_NAME: 3,
            SectionKind.NUMBER_USE: 4,
            SectionKind.NETWORK_LINKAGE: 5,
            SectionKind.DEPARTMENT: 6,
            SectionKind.OTHER_ASSESSORS: 7,
        },
    }
)

_PART_REFS = MappingProxyType(
    {
        FULL: {
            SectionKind.BASIC_INFO: "Ⅰ",
            SectionKind.FILE_OVERVIEW: "Ⅱ",
            SectionKind.RISK_MEASURES: "Ⅲ",
            SectionKind.OTHER_MEASURES: "Ⅳ",
            SectionKind.DISCLOSURE: "Ⅴ",
            SectionKind.PROCEDURE: "Ⅵ",
            SectionKind.FLOW: "別添1",
            SectionKind.RECORD_ITEMS: "別添2",
            SectionKind.CHANGES: "別添3",
            SectionKind.ANNEX: "別紙",
        },
        FOCUSED: {
            SectionKind.BASIC_INFO: "Ⅰ",
            SectionKind.FILE_OVERVIEW: "Ⅱ",
            SectionKind.RISK_MEASURES: "Ⅲ",
            SectionKind.DISCLOSURE: "Ⅳ",
            SectionKind.PROCEDURE: "Ⅴ",
            SectionKind.RECORD_ITEMS: "別添1",
            SectionKind.CHANGES: "別添2",
            SectionKind.ANNEX: "別紙",
        },
    }
)

_SPECIAL_REFS = MappingProxyType({SectionKind.COVER: "cover", SectionKind.CONTENTS: "項目一覧"})


def form_ref(kind: SectionKind, document_kind: str | None) -> str:
    """The item reference the form prints for a section, e.g. ``"Ⅰ 2"`` or ``"別添3"``.

    Unknown document kinds use the numbering of the 全項目評価書 (the most common kind).
    """
    if kind in _SPECIAL_REFS:
        return _SPECIAL_REFS[kind]
    table = FULL
    if document_kind is not None and document_kind in _ITEM_NUMBERS:
        table = document_kind
    items = _ITEM_NUMBERS[table]
    if kind in items:
        return f"Ⅰ {items[kind]}"
    if kind in BASIC_INFO_ITEMS:
        return f"Ⅰ {_ITEM_NUMBERS[FULL][kind]}"
    return _PART_REFS[table].get(kind) or _PART_REFS[FULL][kind]


ROMAN_NUMERALS = ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ")
