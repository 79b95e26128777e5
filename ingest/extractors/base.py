"""What every extractor takes and returns.

An extractor reads one kind of section (:class:`~ingest.form.SectionKind`) and returns an
:class:`Extraction`: the records it read and the problems it found. Extractors are pure
functions of their section and an :class:`ExtractionContext`; the pipeline merges their
extractions and owns the document status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from ingest.citation import Citation
from ingest.form import SectionKind
from ingest.normalize import RULES, NormalizedText
from ingest.records import (
    Affair,
    ChangeRecord,
    DataItem,
    Document,
    FlowStep,
    Incident,
    InformationFile,
    Issue,
    IssueCode,
    NetworkLinkage,
    Provision,
    Requester,
    Risk,
    System,
)
from ingest.section import Section


@dataclass(frozen=True, kw_only=True)
class ExtractionContext:
    """Facts about the whole document that a section's extractor may consult."""

    document_kind: str | None = None
    """全項目評価書, 重点項目評価書 or 基礎項目評価書, when the cover says so."""
    text: str = ""
    """The whole normalised text, for repairs that look for the document's own spelling."""
    source_text: str = ""
    """The text as decoded from the source, for table cells that normalisation folds (an empty
    cell between two tabs); see :attr:`raw_lines`."""
    normalized: NormalizedText | None = None
    """The whole normalised text with its line map, for a part whose content the layout
    printed before its heading (inside the part before it)."""
    sections: tuple[Section, ...] = ()
    """Every section of the document (empty when an extractor is called on its own)."""
    _extractions: dict[tuple[object, ...], Extraction] = field(
        default_factory=dict, repr=False, compare=False
    )

    def extraction_of(self, section: Section, extract: ExtractFunction) -> Extraction:
        """What ``extract`` reads from ``section``, read once per document: the pipeline and an
        extractor that consults another section's records (別添1 the change history) share it.
        """
        key = (extract, section.kind, section.form_ref, section.start, section.end)
        found = self._extractions.get(key)
        if found is None:
            found = extract(section, self)
            self._extractions[key] = found
        return found

    @cached_property
    def squeezed_text(self) -> str:
        """:attr:`text` without spaces, tabs and line ends (for counting spellings)."""
        return "".join(self.text.split())

    @cached_property
    def raw_lines(self) -> tuple[str, ...]:
        """:attr:`source_text` cut into lines as normalisation numbers them (1-based line ``n``
        is ``raw_lines[n - 1]``); empty when the source text was not given."""
        if not self.source_text:
            return ()
        text = self.source_text
        for rule in RULES:
            if rule.whole_text:
                text = rule.fn(text)
        return tuple(text.split("\n"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """The records read from one section and the problems found in it.

    Its fields mirror :class:`~ingest.records.ExtractionResult` (less ``source`` and
    ``status``): the pipeline merges extractions field by field, concatenating tuples and
    filling the empty fields of single records, so an extractor only sets what it read.
    """

    document: Document | None = None
    affair: Affair | None = None
    systems: tuple[System, ...] = ()
    file_names: tuple[str, ...] = ()
    mynumber_use_basis: tuple[Citation, ...] = ()
    network_linkage: NetworkLinkage | None = None
    files: tuple[InformationFile, ...] = ()
    flow_steps: tuple[FlowStep, ...] = ()
    data_items: tuple[DataItem, ...] = ()
    risks: tuple[Risk, ...] = ()
    changes: tuple[ChangeRecord, ...] = ()
    annex_provisions: tuple[Provision, ...] = ()
    requesters: tuple[Requester, ...] = ()
    incidents: tuple[Incident, ...] = ()
    issues: tuple[Issue, ...] = ()


ExtractFunction = Callable[[Section, ExtractionContext], Extraction]


@dataclass(frozen=True, slots=True, kw_only=True)
class Extractor:
    """One entry of the extractor registry."""

    kind: SectionKind
    """The kind of section the extractor reads."""
    form_ref: str
    """The form item it reads, in 全項目評価書 numbering (e.g. ``"Ⅰ 2"``)."""
    extract: ExtractFunction
    required: bool = False
    """True when every assessment must have this section (else SECTION_MISSING / NO_COVER)."""
    fallback_for: SectionKind | None = None
    """When set, the extractor is a second source: its records are used only when that
    section is missing from the text."""
    required_in: tuple[str, ...] = ()
    """Document kinds (全項目評価書 …) whose form has this section: a text of such a kind, or of
    an unknown kind when 全項目評価書 is listed, that lacks it gets SECTION_MISSING."""


def issue(code: IssueCode, message: str, section: Section, index: int | None = None) -> Issue:
    """An issue located at ``section.lines[index]`` (or the section start)."""
    line = section.raw_line(index if index is not None else 0) if section.lines else None
    return Issue(code=code, message=message, line=line, form_ref=section.form_ref)
