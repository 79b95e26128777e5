"""Running the extractors of some kinds of section on a text, without the rest of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ingest.citation import Citation
from ingest.extractors import BY_KIND, ExtractionContext
from ingest.form import SectionKind
from ingest.normalize import normalize_text
from ingest.records import DataItem, Issue, NetworkLinkage, Risk, SourceDocument
from ingest.section import text_to_sections
from ingest.source import read_source


@dataclass(frozen=True, slots=True)
class PartRecords:
    """What the extractors of some kinds read from their sections of one text."""

    file_names: tuple[str, ...] = ()
    mynumber_use_basis: tuple[Citation, ...] = ()
    network_linkage: NetworkLinkage | None = None
    risks: tuple[Risk, ...] = ()
    data_items: tuple[DataItem, ...] = ()
    issues: tuple[Issue, ...] = field(default=())


def source_records(source: SourceDocument, *kinds: SectionKind) -> PartRecords:
    """Run the registered extractors of ``kinds`` on their sections of ``source``, with the
    context the pipeline gives them."""
    text = normalize_text(source.text)
    sections = text_to_sections(text)
    document_kind = next((s.document_kind for s in sections if s.document_kind), None)
    context = ExtractionContext(
        document_kind=document_kind,
        text="\n".join(text.lines),
        source_text=source.text,
        normalized=text,
    )
    records: dict[str, object] = {"issues": ()}
    for kind in kinds:
        for section in sections:
            if section.kind is not kind:
                continue
            extraction = BY_KIND[kind].extract(section, context)
            for name in ("file_names", "mynumber_use_basis", "risks", "data_items", "issues"):
                value = getattr(extraction, name)
                records[name] = tuple(records.get(name, ())) + tuple(value)  # type: ignore[arg-type]
            if extraction.network_linkage is not None:
                records["network_linkage"] = extraction.network_linkage
    return PartRecords(**records)  # type: ignore[arg-type]


@cache
def file_records(path: Path, *kinds: SectionKind) -> PartRecords:
    """:func:`source_records` of a file."""
    return source_records(read_source(path), *kinds)
