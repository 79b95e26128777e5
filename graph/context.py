"""What every mapper of one assessment shares: its records, its IRIs, its mentions, its nodes.

:class:`MappingContext` is built once per assessment (:meth:`MappingContext.of`) and handed to
each mapper of :data:`graph.mapping.TRIPLE_MAPPERS`. Besides the IRIs of ontology/NAMING.md it
holds what must not depend on which mappers run or in which order: the numbers of the files
(Ⅱ and Ⅰ 3 together), the numbers of the legal citations (form order), and the bodies the
assessment names (delegates, recipients, sources), so that a 別添1 actor called like a delegate
is that delegate's node.

It also resolves names to nodes, in one place, so that every part of the form meets at the same
node: :meth:`MappingContext.system_node` (national concept or local system),
:meth:`MappingContext.named_system` (only when a name is a system), and
:meth:`MappingContext.party` (a system, the data subjects, the municipality, a department or an
organisation — the 別添1 actors and the named 入手元).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final, TypeAlias

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from graph import iri
from graph.entity import (
    canonical_organisation_name,
    is_department_name,
    is_placeholder,
    is_resident_word,
    is_system_name,
    split_names,
)
from ingest.records import ExtractionResult, InformationFile
from ontology import lexicon
from ontology.lexicon import Concept, label_key, national_system, source_category
from ontology.namespace import DPV, MNPIA

Triple: TypeAlias = tuple[Node, Node, Node]

DATA_SUBJECT_CATEGORY: Final = "data-subject"
"""``skos:notation`` of the 入手元 category 本人又は本人の代理人: the node of the data subjects."""
INTERNAL_DEPARTMENT_CATEGORY: Final = "internal-department"
"""``skos:notation`` of the 入手元 category 評価実施機関内の他部署: its names are departments."""


def text(value: str | None) -> str | None:
    """``value`` stripped, or None when it is missing or blank.

    >>> text("  国民年金課 "), text("　"), text(None)
    ('国民年金課', None, None)
    """
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


def literal(value: str | None) -> Literal | None:
    """``value`` stripped as a plain literal, or None when it is missing or blank."""
    stripped = text(value)
    return None if stripped is None else Literal(stripped)


def optional_iri(mint: Callable[[str], URIRef], name: str | None) -> URIRef | None:
    """``mint(name)`` when ``name`` holds something, else None."""
    stripped = text(name)
    return None if stripped is None else mint(stripped)


@dataclass(frozen=True, slots=True)
class _Span:
    line: int | None
    end_line: int | None


@dataclass(frozen=True, slots=True)
class SystemNode:
    """A system as the graph names it: its IRI, whether it is national, the label it gets."""

    iri: URIRef
    national: bool
    label: str


class BodyKind(StrEnum):
    """What kind of node a body's name becomes."""

    ORGANISATION = "organisation"
    DEPARTMENT = "department"
    DELEGATE = "delegate"
    SUB_DELEGATE = "sub-delegate"


@dataclass(frozen=True, slots=True, kw_only=True)
class FileEntry:
    """One file of the assessment: its number n, its name, its Ⅱ record (None: Ⅰ 3 only)."""

    n: int
    name: str | None
    record: InformationFile | None
    iri: URIRef


@dataclass(frozen=True, slots=True)
class Party:
    """A node that a name resolved to, with the triples that type and label it."""

    iri: URIRef
    triples: tuple[Triple, ...]


CitationPath: TypeAlias = tuple[str | int, ...]
"""Where a citation sits in the records: ``("provision", file_index, no_index, i)`` …"""


@dataclass(slots=True, kw_only=True)
class MappingContext:
    """What every mapper of one assessment shares: its records, its IRIs, its mentions."""

    result: ExtractionResult
    key: str
    assessment: URIRef
    graph_name: URIRef
    process: URIRef
    source: URIRef
    municipality: URIRef | None
    organisation: URIRef | None
    files: tuple[FileEntry, ...] = ()
    """Every file, Ⅱ records first (numbered by ``no``), then names only Ⅰ 3 gives."""
    citation_numbers: dict[CitationPath, int] = field(default_factory=dict)
    bodies: dict[str, BodyKind] = field(default_factory=dict)
    """Canonical names of the bodies the records name, with the kind of node each became."""
    _spans: dict[URIRef, _Span] = field(default_factory=dict)
    _claims: dict[URIRef, int] = field(default_factory=dict)

    @classmethod
    def of(cls, result: ExtractionResult) -> MappingContext:
        """The context of ``result``, with the IRIs of ontology/NAMING.md."""
        doc = result.document
        key = iri.assessment_key(
            municipality=doc.municipality,
            org=doc.org,
            number=doc.number,
            sha256=result.source.sha256,
        )
        return cls(
            result=result,
            key=key,
            assessment=iri.assessment_iri(key),
            graph_name=iri.assessment_graph_iri(key),
            process=iri.process_iri(key),
            source=iri.source_iri(result.source.sha256),
            municipality=optional_iri(iri.municipality_iri, doc.municipality),
            organisation=optional_iri(iri.organisation_iri, doc.org),
            files=_file_entries(result, key),
            citation_numbers=_citation_numbers(result),
            bodies=_bodies(result),
        )

    # -- provenance ---------------------------------------------------------------------------

    def mention(self, node: URIRef, line: int | None, end_line: int | None = None) -> None:
        """Record that this assessment states facts about ``node``, first at ``line``.

        The first known line wins, so a system listed under Ⅰ 2 keeps its own line even when
        an earlier connection names it.
        """
        known = self._spans.get(node)
        if known is None or (known.line is None and line is not None):
            self._spans[node] = _Span(line, end_line)

    def mentioned(self) -> list[tuple[URIRef, int | None, int | None]]:
        """Every mentioned node with its span, sorted by IRI."""
        return [(node, s.line, s.end_line) for node, s in sorted(self._spans.items())]

    def claim(self, node: URIRef) -> URIRef:
        """``node``, or its repeat IRI (:func:`graph.iri.repeat_iri`) when it is taken already.

        Numbered items that the text states twice (the same 提供先N, Ⅲ repeated per file) stay
        two nodes: the first keeps its IRI, the k-th repeat gets ``-k``.
        """
        count = self._claims.get(node, 0) + 1
        self._claims[node] = count
        if count == 1:
            return node
        repeat = iri.repeat_iri(node, count)
        while repeat in self._claims:
            count += 1
            self._claims[node] = count
            repeat = iri.repeat_iri(node, count)
        self._claims[repeat] = 1
        return repeat

    def citation_no(self, *path: str | int) -> int:
        """The number n of the citation at ``path`` (see :func:`_citation_numbers`)."""
        return self.citation_numbers[path]

    # -- systems ------------------------------------------------------------------------------

    def system_node(self, name: str, *, national: Concept | None = None) -> SystemNode:
        """The node of the system called ``name`` (``national``: the concept, when known)."""
        concept = national or national_system(name)
        if concept is not None:
            return SystemNode(URIRef(concept.iri), national=True, label=concept.pref_label)
        owner = self.result.document.municipality
        node = iri.local_system_iri(name, municipality=owner, key=self.key)
        return SystemNode(node, national=False, label=name)

    def listed_system(self, name: str) -> SystemNode | None:
        """The system of Ⅰ 2 whose name is ``name`` (compared by :func:`label_key`), if any."""
        wanted = label_key(name)
        for system in self.result.systems:
            listed = text(system.name)
            if listed is not None and label_key(listed) == wanted:
                return self.system_node(listed)
        return None

    def named_system(self, name: str) -> SystemNode | None:
        """The system ``name`` names, or None when it names none.

        A national system the lexicon knows (also when a parenthetical follows its name:
        ガバメントクラウド（次期業務共通システム）); else a system of Ⅰ 2 of that name;
        else, when the name reads as a system (:func:`graph.entity.is_system_name`), the
        municipality's local system of that name.
        """
        concept = national_system(name) or national_system(_without_parenthetical(name))
        if concept is not None:
            return self.system_node(name, national=concept)
        listed = self.listed_system(name)
        if listed is not None:
            return listed
        return self.system_node(name) if is_system_name(name) else None

    def system_triples(self, system: SystemNode, line: int | None) -> list[Triple]:
        """Type and label of a system, mentioned at ``line``."""
        self.mention(system.iri, line)
        triples: list[Triple] = [(system.iri, RDFS.label, Literal(system.label))]
        if system.national:
            triples.append((system.iri, RDF.type, MNPIA.NationalSystem))
        else:
            triples.append((system.iri, RDF.type, MNPIA.LocalSystem))
            if self.municipality is not None:
                triples.append((system.iri, MNPIA.ownedBy, self.municipality))
        return triples

    # -- bodies -------------------------------------------------------------------------------

    def organisation_node(self, name: str, line: int | None) -> Party:
        """An organisation (recipient, named source …): ``id/organisation/{canonical name}``."""
        canonical = canonical_organisation_name(name)
        node = iri.organisation_iri(canonical)
        self.mention(node, line)
        return Party(
            node, ((node, RDF.type, MNPIA.Organisation), (node, RDFS.label, Literal(canonical)))
        )

    def department_node(self, name: str, line: int | None) -> Party:
        """A department of the assessing body, minted per municipality."""
        canonical = canonical_organisation_name(name)
        owner = self.result.document.municipality
        node = iri.department_iri(canonical, municipality=owner, key=self.key)
        self.mention(node, line)
        triples: list[Triple] = [
            (node, RDF.type, MNPIA.Department),
            (node, RDFS.label, Literal(canonical)),
        ]
        if self.municipality is not None:
            triples.append((node, MNPIA.municipality, self.municipality))
        return Party(node, tuple(triples))

    def delegate_node(self, name: str, line: int | None, *, sub: bool = False) -> Party:
        """A delegate (委託先), or a sub-delegate (再委託先) when ``sub``: an organisation node."""
        canonical = canonical_organisation_name(name)
        node = iri.organisation_iri(canonical)
        self.mention(node, line)
        kinds = (MNPIA.SubDelegate, DPV.DataSubProcessor) if sub else (
            MNPIA.Delegate, DPV.DataProcessor
        )  # fmt: skip
        return Party(
            node,
            (
                (node, RDF.type, kinds[0]),
                (node, RDF.type, kinds[1]),
                (node, RDFS.label, Literal(canonical)),
            ),
        )

    def body_node(self, name: str, line: int | None, kind: BodyKind) -> Party:
        """The node of a body of ``kind``."""
        if kind is BodyKind.DEPARTMENT:
            return self.department_node(name, line)
        if kind is BodyKind.DELEGATE:
            return self.delegate_node(name, line)
        if kind is BodyKind.SUB_DELEGATE:
            return self.delegate_node(name, line, sub=True)
        return self.organisation_node(name, line)

    def recipient_kind(self, name: str) -> BodyKind:
        """A department when ``name`` reads as one (市民税課), else an organisation."""
        return BodyKind.DEPARTMENT if is_department_name(name) else BodyKind.ORGANISATION

    def party(
        self, name: str, line: int | None, *, category: Concept | None = None
    ) -> Party | None:
        """The node a 別添1 actor or a named 入手元 resolves to; None for a placeholder.

        In order: a national system; the data subjects (住民, 本人 …: the data-subject concept
        of vocab/source-categories, shared with the 入手元 category); a system of Ⅰ 2; the
        municipality or the assessing organisation; a body the records name (a delegate, a
        recipient …: the same node); a name that reads as a system (the municipality's local
        system); a department (by ``category`` 評価実施機関内の他部署 or by its suffix); else an
        organisation.
        """
        stripped = text(name)
        if stripped is None or is_placeholder(stripped):
            return None
        concept = national_system(stripped)
        if concept is not None:
            system = self.system_node(stripped, national=concept)
            return Party(system.iri, tuple(self.system_triples(system, line)))
        subjects = source_category(stripped)
        if is_resident_word(stripped) or (
            subjects is not None and subjects.key == DATA_SUBJECT_CATEGORY
        ):
            return Party(_data_subjects(), ())
        listed = self.listed_system(stripped)
        if listed is not None:
            return Party(listed.iri, tuple(self.system_triples(listed, line)))
        canonical = canonical_organisation_name(stripped)
        doc = self.result.document
        for node, own in ((self.municipality, doc.municipality), (self.organisation, doc.org)):
            if (
                node is not None
                and own is not None
                and canonical_organisation_name(own) == canonical
            ):
                return Party(node, ())
        known = self.bodies.get(canonical)
        if known is not None:
            return self.body_node(stripped, line, known)
        if is_system_name(stripped):
            system = self.system_node(stripped)
            return Party(system.iri, tuple(self.system_triples(system, line)))
        if category is not None and category.key == INTERNAL_DEPARTMENT_CATEGORY:
            return self.department_node(stripped, line)
        return self.body_node(stripped, line, self.recipient_kind(stripped))


def national_by_iri(concept_iri: str) -> Concept | None:
    """The national system whose concept IRI is ``concept_iri`` (a skos:exactMatch target)."""
    for candidate in lexicon.concepts(lexicon.NATIONAL_SYSTEMS):
        if candidate.iri == concept_iri:
            return candidate
    return None


TripleMapper: TypeAlias = Callable[[MappingContext], Iterator[Triple]]
"""A mapper of one part of the form: yields triples, mentions the nodes it describes."""


_TRAILING_PARENTHETICAL: Final = re.compile(r"[（(].*[）)]\s*$")


def _without_parenthetical(name: str) -> str:
    """``name`` without a parenthetical at its end.

    >>> _without_parenthetical("ガバメントクラウド（次期業務共通システム（庁内連携システム））")
    'ガバメントクラウド'
    """
    return _TRAILING_PARENTHETICAL.sub("", name).strip() or name


def _data_subjects() -> URIRef:
    concept = lexicon.concept_by_key(lexicon.SOURCE_CATEGORIES, DATA_SUBJECT_CATEGORY)
    if concept is None:  # pragma: no cover - the vocabulary is tested to hold it
        msg = f"vocab/source-categories has no {DATA_SUBJECT_CATEGORY!r} concept"
        raise LookupError(msg)
    return URIRef(concept.iri)


def _file_entries(result: ExtractionResult, key: str) -> tuple[FileEntry, ...]:
    """Files of Ⅱ numbered by ``no`` (a repeated number takes the next free one), then the
    names of Ⅰ 3 that no Ⅱ file has, at their Ⅰ 3 position when free, else the next free one."""
    taken: set[int] = set()
    entries: list[FileEntry] = []

    def free(wanted: int) -> int:
        n = wanted if wanted >= 1 and wanted not in taken else max(taken, default=0) + 1
        taken.add(n)
        return n

    for record in result.files:
        n = free(record.no)
        name = text(record.name)
        if name is None and 1 <= record.no <= len(result.file_names):
            name = text(result.file_names[record.no - 1])  # Ⅱ lost the name Ⅰ 3 gives
        entries.append(FileEntry(n=n, name=name, record=record, iri=iri.file_iri(key, n)))
    known = {label_key(e.name) for e in entries if e.name is not None}
    for position, raw in enumerate(result.file_names, start=1):
        name = text(raw)
        if name is None or label_key(name) in known:
            continue
        known.add(label_key(name))
        n = free(position)
        entries.append(FileEntry(n=n, name=name, record=None, iri=iri.file_iri(key, n)))
    return tuple(entries)


def recipient_name(name: str | None) -> str | None:
    """The recipient of a flow, or None when it names nobody (blank, 未定 …).

    A flow without a recipient is not mapped (every flow has a recipient or a source), and its
    citations take no number.

    >>> recipient_name(" 日本年金機構 "), recipient_name("（記載なし）")
    ('日本年金機構', None)
    """
    stripped = text(name)
    return None if stripped is None or is_placeholder(stripped) else stripped


def _citation_numbers(result: ExtractionResult) -> dict[CitationPath, int]:
    """Every citation's number n, in form order: Ⅰ 5, Ⅰ 6 ②, each file's 提供先 then 移転先,
    the 別紙 provisions, the 別紙 requesters (flows without a recipient are not mapped)."""
    paths: list[CitationPath] = [("use", i) for i in range(len(result.mynumber_use_basis))]
    paths += [("linkage", i) for i in range(len(result.network_linkage.basis))]
    for f, record in enumerate(result.files):
        for family, flows in (("provision", record.provisions), ("transfer", record.transfers)):
            for p, flow in enumerate(flows):
                if recipient_name(flow.recipient) is not None:
                    paths += [(family, f, p, i) for i in range(len(flow.basis))]
    for a, flow in enumerate(result.annex_provisions):
        if recipient_name(flow.recipient) is not None:
            paths += [("annex", a, i) for i in range(len(flow.basis))]
    for r, requester in enumerate(result.requesters):
        if recipient_name(requester.name) is not None:
            paths += [("requester", r, i) for i in range(len(requester.basis))]
    return {path: n for n, path in enumerate(paths, start=1)}


def _bodies(result: ExtractionResult) -> dict[str, BodyKind]:
    """The bodies the records name, by canonical name (the first kind stated wins, in form
    order: delegates, sub-delegates, recipients, departments of 移転先, named sources,
    別紙 recipients and requesters)."""
    found: dict[str, BodyKind] = {}

    def note(name: str | None, kind: BodyKind) -> None:
        stripped = text(name)
        if stripped is not None and not is_placeholder(stripped):
            found.setdefault(canonical_organisation_name(stripped), kind)

    for record in result.files:
        for delegation in record.delegations:
            note(delegation.contractor, BodyKind.DELEGATE)
            for sub in delegation.subcontractors:
                note(sub, BodyKind.SUB_DELEGATE)
        for provision in record.provisions:
            note(provision.recipient, BodyKind.ORGANISATION)
        for transfer in record.transfers:
            note(transfer.recipient, BodyKind.DEPARTMENT)
        for category, name in named_sources(record):
            if national_system(name) is None and not is_system_name(name):
                internal = category is not None and category.key == INTERNAL_DEPARTMENT_CATEGORY
                note(name, BodyKind.DEPARTMENT if internal else BodyKind.ORGANISATION)
    for written in [a.recipient for a in result.annex_provisions] + [
        r.name for r in result.requesters
    ]:
        if (stripped := text(written)) is not None:
            department = is_department_name(stripped)
            note(stripped, BodyKind.DEPARTMENT if department else BodyKind.ORGANISATION)
    return found


_CATEGORY_SEPARATORS: Final = (": ", "：", ":")


def source_entry(entry: str) -> tuple[Concept | None, str | None]:
    """One entry of ``InformationFile.sources``: its 入手元 category and the name it gives.

    ``"category"`` is a ticked box; ``"category: name"`` a name written in its parentheses; an
    entry that is no category is a name without one.

    >>> category, name = source_entry("行政機関・独立行政法人等: 日本年金機構")
    >>> category.key, name
    ('national-agency', '日本年金機構')
    >>> source_entry("本人又は本人の代理人")[0].key
    'data-subject'
    """
    stripped = entry.strip()
    category = source_category(stripped)
    if category is not None:
        return category, None
    for separator in _CATEGORY_SEPARATORS:
        head, found, tail = stripped.partition(separator)
        if found and (category := source_category(head.strip())) is not None:
            return category, text(tail)
    return None, text(stripped)


def named_sources(record: InformationFile) -> list[tuple[Concept | None, str]]:
    """The names of a file's 入手元 with their category, one per name (a cell may list several)."""
    found: list[tuple[Concept | None, str]] = []
    for entry in record.sources:
        category, names = source_entry(entry)
        if names is not None:
            found += [(category, name) for name in split_names(names)]
    return found
