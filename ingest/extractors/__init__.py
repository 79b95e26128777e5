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
from ingest.extractors.base import Extraction, ExtractionContext, Extractor
from ingest.extractors.change import extract_change_systems
from ingest.extractors.cover import extract_cover
from ingest.extractors.system import extract_systems
from ingest.form import SectionKind

__all__ = ["BY_KIND", "EXTRACTORS", "REQUIRED", "Extraction", "ExtractionContext", "Extractor"]

EXTRACTORS: tuple[Extractor, ...] = (
    Extractor(kind=SectionKind.COVER, form_ref="cover", extract=extract_cover, required=True),
    Extractor(kind=SectionKind.AFFAIR, form_ref="Ⅰ 1", extract=extract_affair, required=True),
    Extractor(kind=SectionKind.SYSTEMS, form_ref="Ⅰ 2", extract=extract_systems, required=True),
    Extractor(kind=SectionKind.DEPARTMENT, form_ref="Ⅰ 7", extract=extract_department),
    Extractor(kind=SectionKind.OTHER_ASSESSORS, form_ref="Ⅰ 8", extract=extract_other_assessors),
    Extractor(
        kind=SectionKind.CHANGES,
        form_ref="別添3",
        extract=extract_change_systems,
        fallback_for=SectionKind.SYSTEMS,
    ),
)
"""Every extractor, in the order the pipeline runs them."""

BY_KIND = MappingProxyType({extractor.kind: extractor for extractor in EXTRACTORS})
"""Extractor by the kind of section it reads (derived from :data:`EXTRACTORS`)."""

REQUIRED = tuple(extractor.kind for extractor in EXTRACTORS if extractor.required)
"""Kinds of section every assessment must have (derived from :data:`EXTRACTORS`)."""
