"""The extraction pipeline: source file → normalised text → sections → records.

Each arrow is one small pure function; this module composes them and owns the outcome of a
document: :attr:`~ingest.records.Status.SUCCESS` when every required section was read without
issues, :attr:`~ingest.records.Status.PARTIAL` when something was read but issues say what was
damaged or missing, :attr:`~ingest.records.Status.FAILURE` when the text is not an assessment
at all (no section of the form was recognised).

>>> from ingest.records import SourceDocument
>>> source = SourceDocument(id="memo.txt", path="memo.txt", sha256="0", encoding="utf-8",
...                         text="Shopping list: eggs, milk.")
>>> extract_source(source).status
<Status.FAILURE: 'failure'>
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from ingest.extractors import EXTRACTORS, REQUIRED, Extraction, ExtractionContext, required_for
from ingest.form import PART_RANK, SectionKind, form_ref
from ingest.label import ANNEX_TITLES, ITEM_TITLES, PART_TITLES, match_part_heading
from ingest.normalize import NormalizedText, normalize_text
from ingest.records import (
    Affair,
    Document,
    ExtractionResult,
    Issue,
    IssueCode,
    NetworkLinkage,
    SourceDocument,
    Status,
)
from ingest.second_source import result_to_completed
from ingest.section import Section, text_to_sections
from ingest.source import DEFAULT_MAX_BYTES, read_source

_R = TypeVar("_R", Document, Affair, NetworkLinkage)

_STRUCTURE_KINDS = frozenset(
    {SectionKind.COVER, SectionKind.CONTENTS, SectionKind.BASIC_INFO, *REQUIRED}
)
_MIN_PARTS_WITHOUT_STRUCTURE = 2
"""A text without cover or Ⅰ must show this many different parts to count as an assessment."""


def is_assessment(sections: Sequence[Section]) -> bool:
    """True when the sections show the form: a cover, Ⅰ, or several distinct parts."""
    kinds = {section.kind for section in sections}
    return bool(kinds & _STRUCTURE_KINDS) or len(kinds) >= _MIN_PARTS_WITHOUT_STRUCTURE


def sections_to_records(
    sections: Sequence[Section],
    *,
    source: SourceDocument,
    text: NormalizedText | None = None,
) -> ExtractionResult:
    """Run the registered extractors over the sections and collect records and issues.

    Args:
        sections: The sections of one text, from :func:`ingest.section.text_to_sections`.
        source: The source document the sections were cut from.
        text: The normalised text the sections were cut from (normalised again from
            ``source`` when not given); repairs look up the document's own spellings in it.

    Returns:
        The records, the issues and the status of the document.
    """
    if not is_assessment(sections):
        message = "no section of the assessment form was recognised: not an assessment text"
        failure = Issue(code=IssueCode.SECTION_MISSING, message=message)
        return ExtractionResult(source=source, issues=(failure,), status=Status.FAILURE)
    document_kind = next((s.document_kind for s in sections if s.document_kind), None)
    if text is None:
        text = normalize_text(source.text)
    context = ExtractionContext(
        document_kind=document_kind,
        text="\n".join(text.lines),
        source_text=source.text,
        normalized=text,
        sections=tuple(sections),
    )
    merged: dict[str, object] = {}
    found: list[Issue] = []
    present = {section.kind for section in sections}
    recovered_from: dict[SectionKind, list[str]] = {}
    read_elsewhere: dict[str, list[str]] = {}
    """Part → the sections whose text held records of that part (its heading lost)."""
    for extractor in EXTRACTORS:
        if extractor.fallback_for is not None and extractor.fallback_for in present:
            continue
        for section in sections:
            if section.kind is not extractor.kind:
                continue
            extraction: Extraction = context.extraction_of(section, extractor.extract)
            if extractor.fallback_for is not None and _has_records(extraction):
                recovered_from.setdefault(extractor.fallback_for, []).append(section.form_ref)
            for part in _other_parts_read(extraction, section):
                read_elsewhere.setdefault(part, []).append(section.form_ref)
            _merge_extraction(merged, extraction)
            found += extraction.issues
    # The keys of ``merged`` are fields of Extraction, which mirror ExtractionResult's.
    extracted = ExtractionResult(source=source, **merged)  # type: ignore[arg-type]
    # Second sources (the change history, the table of contents) complete what the body lost.
    completed = result_to_completed(extracted, sections)
    for kind, references in completed.recovered.items():
        recovered_from.setdefault(kind, []).extend(references)
    issues = [
        _missing_issue(
            kind,
            document_kind,
            recovered_from.get(kind, []) + read_elsewhere.get(form_ref(kind, document_kind), []),
        )
        for kind in _expected_kinds(sections, document_kind)
        if kind not in present
    ]
    issues += found
    issues += completed.issues
    status = Status.PARTIAL if issues else Status.SUCCESS
    return replace(completed.result, issues=tuple(issues), status=status)


_TITLES = MappingProxyType(dict(reversed((*PART_TITLES, *ANNEX_TITLES))) | dict(ITEM_TITLES))
"""The title of each kind of section (the first wording of a part, the heading of an item)."""


def _expected_kinds(
    sections: Sequence[Section], document_kind: str | None
) -> tuple[SectionKind, ...]:
    """The kinds of section the text must have: those its document kind requires, less the
    parts (Ⅱ, Ⅲ, 別添2 …) that its own table of contents (項目一覧), when it has one, does not
    list."""
    kinds = required_for(document_kind)
    contents = next((s for s in sections if s.kind is SectionKind.CONTENTS), None)
    if contents is None:
        return kinds
    listed = {part.kind for line in contents.lines if (part := match_part_heading(line))}
    if not listed:
        return kinds
    return tuple(
        kind
        for kind in kinds
        if kind not in PART_RANK or kind is SectionKind.BASIC_INFO or kind in listed
    )


def _missing_issue(kind: SectionKind, document_kind: str | None, recovered: list[str]) -> Issue:
    if kind is SectionKind.COVER:
        return Issue(
            code=IssueCode.NO_COVER,
            message="the text has no cover (評価書番号, 評価書名, 評価実施機関名 …): a fragment",
            form_ref="cover",
        )
    reference = form_ref(kind, document_kind)
    message = f"{reference} {_TITLES.get(kind, kind.value)} is not in the text"
    if recovered:
        message += f"; what {', '.join(recovered)} states about it is used instead"
    return Issue(code=IssueCode.SECTION_MISSING, message=message, form_ref=reference)


def _other_parts_read(extraction: Extraction, section: Section) -> set[str]:
    """The parts (Ⅳ …) whose risks a section of another part gave: the text lost their heading,
    and the extractor read their items where they follow (Ⅳ's after Ⅲ)."""
    own = section.form_ref.split(" ")[0]
    parts = {risk.form_ref.split(" ")[0] for risk in extraction.risks if risk.form_ref}
    return parts - {own}


def _has_records(extraction: Extraction) -> bool:
    """True when an extraction read any record (issues aside)."""
    return any(
        getattr(extraction, f.name) not in (None, ())
        for f in fields(extraction)
        if f.name != "issues"
    )


def _merge_extraction(merged: dict[str, object], extraction: Extraction) -> None:
    """Merge one extraction into ``merged`` (ExtractionResult keyword arguments), in place.

    Tuples of records are concatenated in extractor order; a single record (document,
    affair, network linkage) keeps what earlier extractions read and gains only the fields
    they lacked.
    """
    for f in fields(extraction):
        if f.name == "issues":
            continue
        value = getattr(extraction, f.name)
        if value is None or value == ():
            continue
        current = merged.get(f.name)
        if isinstance(value, tuple):
            merged[f.name] = (current if isinstance(current, tuple) else ()) + value
        elif current is None:
            merged[f.name] = value
        else:
            merged[f.name] = _merge(current, value)


def _merge(current: _R, update: _R) -> _R:
    """``current`` with the fields ``update`` has and ``current`` lacks."""
    changes = {
        f.name: getattr(update, f.name)
        for f in fields(update)
        if getattr(update, f.name) not in (None, ()) and getattr(current, f.name) in (None, ())
    }
    return replace(current, **changes) if changes else current


def extract_source(source: SourceDocument) -> ExtractionResult:
    """Extract the records of a source document already read."""
    text = normalize_text(source.text)
    return sections_to_records(text_to_sections(text), source=source, text=text)


def extract_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ExtractionResult:
    """Read, normalise, section and extract one assessment text file.

    Raises:
        SourceError: The file cannot be read as a text (see :func:`ingest.source.read_source`).
    """
    return extract_source(read_source(path, max_bytes=max_bytes))
