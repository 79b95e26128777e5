"""The extractor registry: one extractor per kind of section, each naming the form item it reads.

The pipeline looks extractors up here and nowhere else; lookups by kind and the list of
required sections are derived from :data:`EXTRACTORS`, never kept by hand. Extending the
extraction to another part of the form means adding one module and one line below.

>>> [(e.kind.value, e.form_ref) for e in EXTRACTORS][:3]
[('cover', 'cover'), ('affair', 'Ⅰ 1'), ('systems', 'Ⅰ 2')]
"""

from __future__ import annotations

from types import MappingProxyType

from ingest.extractors.affair import extract_affair, extract_department, extract_other_assessors
from ingest.extractors.annex import extract_annex
from ingest.extractors.base import Extraction, ExtractionContext, Extractor
from ingest.extractors.basis import extract_file_names, extract_network_linkage, extract_number_use
from ingest.extractors.change import extract_changes
from ingest.extractors.cover import extract_cover
from ingest.extractors.file import extract_files
from ingest.extractors.flow import extract_flow
from ingest.extractors.measure import extract_other_measures
from ingest.extractors.record_item import extract_record_items
from ingest.extractors.risk import extract_risks
from ingest.extractors.system import extract_systems
from ingest.form import DOCUMENT_KINDS, FOCUSED, FULL, SectionKind

__all__ = [
    "BY_KIND",
    "EXTRACTORS",
    "REQUIRED",
    "Extraction",
    "ExtractionContext",
    "Extractor",
    "required_for",
]

EXTRACTORS: tuple[Extractor, ...] = (
    Extractor(kind=SectionKind.COVER, form_ref="cover", extract=extract_cover, required=True),
    Extractor(kind=SectionKind.AFFAIR, form_ref="Ⅰ 1", extract=extract_affair, required=True),
    Extractor(kind=SectionKind.SYSTEMS, form_ref="Ⅰ 2", extract=extract_systems, required=True),
    Extractor(kind=SectionKind.DEPARTMENT, form_ref="Ⅰ 7", extract=extract_department),
    Extractor(kind=SectionKind.OTHER_ASSESSORS, form_ref="Ⅰ 8", extract=extract_other_assessors),
    Extractor(
        kind=SectionKind.FILE_NAME,
        form_ref="Ⅰ 3",
        extract=extract_file_names,
        required_in=DOCUMENT_KINDS,
    ),
    Extractor(
        kind=SectionKind.NUMBER_USE,
        form_ref="Ⅰ 5",
        extract=extract_number_use,
        required_in=DOCUMENT_KINDS,
    ),
    Extractor(
        kind=SectionKind.NETWORK_LINKAGE,
        form_ref="Ⅰ 6",
        extract=extract_network_linkage,
        required_in=DOCUMENT_KINDS,
    ),
    Extractor(kind=SectionKind.FLOW, form_ref="別添1", extract=extract_flow),
    Extractor(
        kind=SectionKind.FILE_OVERVIEW,
        form_ref="Ⅱ",
        extract=extract_files,
        required_in=DOCUMENT_KINDS,
    ),
    Extractor(
        kind=SectionKind.RECORD_ITEMS,
        form_ref="別添2",
        extract=extract_record_items,
        required_in=(FULL, FOCUSED),
    ),
    Extractor(
        kind=SectionKind.RISK_MEASURES,
        form_ref="Ⅲ",
        extract=extract_risks,
        required_in=(FULL, FOCUSED),
    ),
    Extractor(
        kind=SectionKind.OTHER_MEASURES,
        form_ref="Ⅳ",
        extract=extract_other_measures,
        required_in=(FULL,),
    ),
    Extractor(kind=SectionKind.CHANGES, form_ref="別添3", extract=extract_changes),
    Extractor(kind=SectionKind.ANNEX, form_ref="別紙", extract=extract_annex),
)
"""Every extractor, in the order the pipeline runs them."""

BY_KIND = MappingProxyType({extractor.kind: extractor for extractor in EXTRACTORS})
"""Extractor by the kind of section it reads (derived from :data:`EXTRACTORS`)."""

REQUIRED = tuple(extractor.kind for extractor in EXTRACTORS if extractor.required)
"""Kinds of section every assessment must have (derived from :data:`EXTRACTORS`)."""


def required_for(document_kind: str | None) -> tuple[SectionKind, ...]:
    """Kinds of section an assessment of ``document_kind`` must have: :data:`REQUIRED` and those
    whose extractor lists the kind in ``required_in`` (an unknown kind counts as 全項目評価書).

    >>> required_for("全項目評価書")[:3] == REQUIRED
    True
    """
    kind = document_kind if document_kind in DOCUMENT_KINDS else FULL
    return REQUIRED + tuple(e.kind for e in EXTRACTORS if not e.required and kind in e.required_in)
