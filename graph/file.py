"""Ⅰ 3 and Ⅱ → RDF: the files of an assessment, their data, flows, delegations and storage.

- Files (``…/file/{n}``, ``mnpia:InformationFile``): ``Process mnpia:hasFile``, labelled with
  their name, with the basics of Ⅱ 2 (type, 本人の数 and 範囲, 記録される項目, 保有開始日 as an
  ``xsd:date`` and as written, 事務担当部署, 使用部署) and the declared counts of Ⅱ 4 and Ⅱ 5.
- 別添2 data items (``…/file/{n}/item/{m}``) belong to the file the text names (or the only
  file); items of no known file are items of the process (``…/item/{m}``).
- 入手元 (Ⅱ 3 ①): one ``mnpia:InboundFlow`` per ticked category (``mnpia:source`` is the
  category concept) and one per name written in its parentheses (``mnpia:source`` is the node
  the name resolves to: an organisation, a department, a system, the data subjects); every
  inbound flow carries the file's 入手方法 (Ⅱ 3 ②).
- 委託 (Ⅱ 4): ``mnpia:Delegation`` with ``mnpia:delegate`` the contractor (``mnpia:Delegate``,
  ``dpv:DataProcessor``; the assessment ``dpv:hasDataProcessor`` it); each 再委託先 is a
  ``mnpia:SubDelegation`` whose ``mnpia:SubDelegate`` ``prov:actedOnBehalfOf`` the delegate; a
  再委託 without a named sub-contractor is a sub-delegation without a delegate.
- 提供先 / 移転先 (Ⅱ 5): ``mnpia:Provision`` to an organisation, ``mnpia:Transfer`` to a
  department of the municipality, with purpose, information, 本人の数/範囲, timing, methods,
  ``mnpia:via`` the system a method names, and their citations (``mnpia:hasLegalBasis``).
- 保管場所 (Ⅱ 6): ``mnpia:storedAt`` a national system, a system of the municipality, or a
  ``mnpia:StorageLocation`` of the municipality (``id/system/{municipality}/{name}``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Final

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from graph import iri
from graph.context import (
    FileEntry,
    MappingContext,
    Party,
    Triple,
    literal,
    national_by_iri,
    recipient_name,
    source_entry,
    text,
)
from graph.entity import is_placeholder, split_names
from graph.law import citations_to_triples
from ingest.records import InformationFile, Provision
from ontology.lexicon import connection_kind, label_key, transfer_method
from ontology.namespace import DPV, MNPIA

__all__ = [
    "data_items_to_triples",
    "delegations_to_triples",
    "files_to_triples",
    "flow_to_triples",
    "inbound_flows_to_triples",
    "method_triples",
    "outbound_flows_to_triples",
    "storage_to_triples",
]

OTHER_METHOD: Final = "other"
"""``skos:notation`` of the method checkbox その他（…）."""


def _records(ctx: MappingContext) -> Iterator[tuple[int, FileEntry, InformationFile]]:
    """Each Ⅱ file with its index in ``result.files`` and its entry (same order, see context)."""
    for index, record in enumerate(ctx.result.files):
        yield index, ctx.files[index], record


def files_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """Ⅰ 3 特定個人情報ファイル名 and Ⅱ 1–2 基本情報: the files the process handles."""
    for entry in ctx.files:
        node, record = entry.iri, entry.record
        ctx.mention(node, record.line if record is not None else None)
        yield node, RDF.type, MNPIA.InformationFile
        yield ctx.process, MNPIA.hasFile, node
        if entry.name is not None:
            yield node, RDFS.label, Literal(entry.name)
        if record is None:
            continue
        for predicate, value in (
            (MNPIA.fileType, record.type),
            (MNPIA.subjects, record.subjects),
            (MNPIA.scope, record.subject_scope),
            (MNPIA.recordedItemCount, record.items),
            (MNPIA.holdingStartText, record.holding_start),
            (MNPIA.department, record.department),
        ):
            if (found := literal(value)) is not None:
                yield node, predicate, found
        for category in record.main_items:
            if (found := literal(category)) is not None:
                yield node, MNPIA.mainItemCategory, found
        for user in record.users:
            if (found := literal(user)) is not None:
                yield node, MNPIA.userDepartment, found
        if record.holding_start_date is not None:
            yield node, MNPIA.holdingStart, _date(record.holding_start_date.isoformat())
        for predicate, count in (
            (MNPIA.delegationCount, record.delegation_count),
            (MNPIA.provisionCount, record.provision_count),
            (MNPIA.transferCount, record.transfer_count),
        ):
            if count is not None:
                yield node, predicate, Literal(count)


def _number(no: int, position: int) -> int:
    """The form's number N of an item, or its 1-based position when the number is unusable."""
    return no if no >= 1 else position


def _date(iso: str) -> Literal:
    return Literal(iso, datatype=XSD.date)


def _file_of_item(ctx: MappingContext, name: str | None) -> FileEntry | None:
    """The file a 別添2 item belongs to: the file of that name, else the only file, else None."""
    named = [entry for entry in ctx.files if entry.name is not None]
    wanted = text(name)
    if wanted is not None:
        key = label_key(wanted)
        for entry in named:
            if entry.name is not None and label_key(entry.name) == key:
                return entry
        for entry in named:
            if entry.name is not None and (
                key in label_key(entry.name) or label_key(entry.name) in key
            ):
                return entry
    return ctx.files[0] if len(ctx.files) == 1 else None


def data_items_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """別添2 特定個人情報ファイル記録項目: the recorded items, numbered per file in text order."""
    counts: Counter[int | None] = Counter()
    for item in ctx.result.data_items:
        name = text(item.name)
        if name is None:
            continue
        entry = _file_of_item(ctx, item.file)
        file_no = entry.n if entry is not None else None
        counts[file_no] += 1
        node = iri.data_item_iri(ctx.key, file_no, counts[file_no])
        ctx.mention(node, item.line)
        yield node, RDF.type, MNPIA.DataItem
        yield node, RDFS.label, Literal(name)
        yield (entry.iri if entry is not None else ctx.process), MNPIA.hasDataItem, node


def method_triples(
    ctx: MappingContext, node: URIRef, labels: Iterable[str], line: int | None, *, via: bool = True
) -> Iterator[Triple]:
    """The ticked methods of a flow or delegation (入手方法, 提供方法, 委託先への提供方法).

    A label of vocab/methods is ``mnpia:method``; when it, or a name written inside
    その他（…）, names a system (情報提供ネットワークシステム, 庁内連携システム, 住基ネット …) the
    flow also goes ``mnpia:via`` that system (``via``: only flows have one). Any other name
    inside その他（…） is kept as ``mnpia:methodName``.
    """
    for raw in labels:
        label = text(raw)
        if label is None or is_placeholder(label):
            continue
        concept = transfer_method(label)
        system = None
        if concept is not None:
            yield node, MNPIA.method, URIRef(concept.iri)
            national = next(
                (found for m in concept.exact_match if (found := national_by_iri(m)) is not None),
                None,
            )
            kind = connection_kind(concept.pref_label)
            if national is not None:
                system = ctx.system_node(national.pref_label, national=national)
            elif kind is not None and kind.key != OTHER_METHOD and not kind.national:
                system = ctx.system_node(kind.pref_label)
        else:
            system = ctx.named_system(label)
            if system is None or not via:
                yield node, MNPIA.methodName, Literal(label)
        if system is not None and via:
            yield from ctx.system_triples(system, line)
            yield node, MNPIA.via, system.iri


def inbound_flows_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """Ⅱ 3 ①入手元 and ②入手方法: one inbound flow per ticked category and per named source."""
    for _index, entry, record in _records(ctx):
        m = 0
        for raw in record.sources:
            category, names = source_entry(raw)
            sources: list[tuple[URIRef, tuple[Triple, ...]]] = []
            if names is None:
                if category is not None:
                    sources.append((URIRef(category.iri), ()))
            else:
                for name in split_names(names):
                    party = ctx.party(name, record.line, category=category)
                    if party is not None:
                        sources.append((party.iri, party.triples))
            for source, typing in sources:
                m += 1
                node = iri.inbound_flow_iri(ctx.key, entry.n, m)
                ctx.mention(node, record.line)
                yield node, RDF.type, MNPIA.InboundFlow
                yield entry.iri, MNPIA.hasFlow, node
                yield from typing
                yield node, MNPIA.source, source
                if category is not None:
                    yield node, MNPIA.sourceCategory, URIRef(category.iri)
                yield from method_triples(ctx, node, record.acquisition_methods, record.line)


def delegations_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """Ⅱ 4 委託事項N: delegations, their delegates and their 再委託."""
    for _index, entry, record in _records(ctx):
        for position, delegation in enumerate(record.delegations, start=1):
            no = _number(delegation.no, position)
            node = ctx.claim(iri.delegation_iri(ctx.key, entry.n, no))
            line = delegation.line
            ctx.mention(node, line)
            yield node, RDF.type, MNPIA.Delegation
            yield entry.iri, MNPIA.hasDelegation, node
            for predicate, value in (
                (RDFS.label, delegation.name),
                (MNPIA.delegationContent, delegation.content),
                (MNPIA.scope, delegation.subjects),
                (MNPIA.handlerCount, delegation.handlers),
            ):
                if (found := literal(value)) is not None:
                    yield node, predicate, found
            yield from method_triples(ctx, node, delegation.methods, line, via=False)
            delegates: list[Party] = [
                ctx.delegate_node(name, line) for name in split_names(delegation.contractor or "")
            ]
            for party in delegates:
                yield from party.triples
                yield node, MNPIA.delegate, party.iri
                yield ctx.assessment, DPV.hasDataProcessor, party.iri
            subs = [n for raw in delegation.subcontractors for n in split_names(raw)]
            if not subs and delegation.subcontract is not True:
                continue
            for m, name in enumerate(subs or [None], start=1):
                sub = iri.sub_delegation_iri(node, m)
                ctx.mention(sub, line)
                yield sub, RDF.type, MNPIA.SubDelegation
                yield node, MNPIA.subDelegation, sub
                for predicate, value in (
                    (MNPIA.delegationContent, delegation.subcontract_content),
                    (MNPIA.subDelegationPermission, delegation.subcontract_method),
                ):
                    if (found := literal(value)) is not None:
                        yield sub, predicate, found
                if name is None:
                    continue
                party = ctx.delegate_node(name, line, sub=True)
                yield from party.triples
                yield sub, MNPIA.delegate, party.iri
                for principal in delegates:
                    if principal.iri != party.iri:
                        yield party.iri, PROV.actedOnBehalfOf, principal.iri


def flow_to_triples(
    ctx: MappingContext,
    node: URIRef,
    flow: Provision,
    *,
    kind: URIRef,
    recipient: Party,
    path: tuple[str | int, ...],
) -> Iterator[Triple]:
    """A provision-like flow (提供先, 移転先, 別紙): recipient, details, methods, basis."""
    ctx.mention(node, flow.line)
    yield node, RDF.type, kind
    yield from recipient.triples
    yield node, MNPIA.recipient, recipient.iri
    for predicate, value in (
        (MNPIA.purpose, flow.purpose),
        (MNPIA.providedInformation, flow.info),
        (MNPIA.subjectCount, flow.count),
        (MNPIA.scope, flow.scope),
        (MNPIA.timing, flow.timing),
        (MNPIA.legalBasisText, flow.basis_text),
    ):
        if (found := literal(value)) is not None:
            yield node, predicate, found
    yield from method_triples(ctx, node, flow.methods, flow.line)
    yield from citations_to_triples(
        ctx, flow.basis, path, owner=node, predicate=MNPIA.hasLegalBasis, line=flow.line
    )


def outbound_flows_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """Ⅱ 5 提供先N (to organisations) and 移転先N (to departments of the municipality)."""
    for index, entry, record in _records(ctx):
        for p, flow in enumerate(record.provisions):
            name = recipient_name(flow.recipient)
            if name is None:
                continue
            node = ctx.claim(iri.provision_iri(ctx.key, entry.n, _number(flow.no, p + 1)))
            party = ctx.organisation_node(name, flow.line)
            yield entry.iri, MNPIA.hasFlow, node
            yield from flow_to_triples(
                ctx, node, flow, kind=MNPIA.Provision, recipient=party, path=("provision", index, p)
            )
        for p, flow in enumerate(record.transfers):
            name = recipient_name(flow.recipient)
            if name is None:
                continue
            node = ctx.claim(iri.transfer_iri(ctx.key, entry.n, _number(flow.no, p + 1)))
            party = ctx.department_node(name, flow.line)
            yield entry.iri, MNPIA.hasFlow, node
            yield from flow_to_triples(
                ctx, node, flow, kind=MNPIA.Transfer, recipient=party, path=("transfer", index, p)
            )


def storage_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """Ⅱ 6 保管・消去: where each file is kept, for how long, and how it is erased."""
    for _index, entry, record in _records(ctx):
        storage = record.storage
        line = storage.line if storage.line is not None else record.line
        for raw in storage.places:
            name = text(raw)
            if name is None or is_placeholder(name):
                continue
            system = ctx.named_system(name)
            if system is not None:
                yield from ctx.system_triples(system, line)
                place = system.iri
            else:
                owner = ctx.result.document.municipality
                place = iri.local_system_iri(name, municipality=owner, key=ctx.key)
                ctx.mention(place, line)
                yield place, RDF.type, MNPIA.StorageLocation
                yield place, RDFS.label, Literal(name)
            yield entry.iri, MNPIA.storedAt, place
        for predicate, value in (
            (MNPIA.storagePlaceText, storage.places_text),
            (MNPIA.retention, storage.retention),
            (MNPIA.retentionReason, storage.retention_reason),
            (MNPIA.erasure, storage.erasure),
        ):
            if (found := literal(value)) is not None:
                yield entry.iri, predicate, found
