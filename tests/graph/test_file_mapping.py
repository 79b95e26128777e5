"""Ⅰ 3 and Ⅱ → RDF: files, data items, inbound flows, delegations, provisions, storage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from graph import iri
from graph.mapping import records_to_graph
from ontology.lexicon import concept_by_key, national_system, source_category, transfer_method
from ontology.namespace import DPV, MNPIA

if TYPE_CHECKING:
    from conftest import Builders

KEY = "千葉市/40"


def national(label: str) -> URIRef:
    concept = national_system(label)
    assert concept is not None
    return URIRef(concept.iri)


def category(label: str) -> URIRef:
    concept = source_category(label)
    assert concept is not None
    return URIRef(concept.iri)


def method(label: str) -> URIRef:
    concept = transfer_method(label)
    assert concept is not None
    return URIRef(concept.iri)


NETWORK = national("情報提供ネットワークシステム")
CHUKAN = national("中間サーバー・プラットフォーム")
JUKI = national("住基ネット")
FILE1 = iri.file_iri(KEY, 1)
AGENCY = category("行政機関・独立行政法人等")


def full_graph(build: Builders) -> Graph:
    return records_to_graph(build.full()).graph


def test_files_hang_off_the_process_with_their_basics(build: Builders) -> None:
    g = full_graph(build)
    process = iri.process_iri(KEY)
    assert set(g.objects(process, MNPIA.hasFile)) == {FILE1, iri.file_iri(KEY, 2)}
    assert (FILE1, RDF.type, MNPIA.InformationFile) in g
    assert g.value(FILE1, RDFS.label) == Literal("住民基本台帳ファイル")
    assert g.value(FILE1, MNPIA.fileType) == Literal("システム用ファイル")
    assert g.value(FILE1, MNPIA.subjects) == Literal("10万人以上100万人未満")
    assert g.value(FILE1, MNPIA.scope) == Literal("市内に住民登録をしている者")
    assert g.value(FILE1, MNPIA.recordedItemCount) == Literal("50項目以上100項目未満")
    assert set(g.objects(FILE1, MNPIA.mainItemCategory)) == {
        Literal("識別情報"),
        Literal("連絡先等情報"),
    }
    assert g.value(FILE1, MNPIA.department) == Literal("市民局 区政推進課")
    assert g.value(FILE1, MNPIA.userDepartment) == Literal("区政推進課")
    assert g.value(FILE1, MNPIA.sourceLine) == Literal(200)


def test_holding_start_is_a_typed_date_and_keeps_the_text(build: Builders) -> None:
    g = full_graph(build)
    assert g.value(FILE1, MNPIA.holdingStart) == Literal("2015-10-05", datatype=XSD.date)
    assert g.value(FILE1, MNPIA.holdingStartText) == Literal("平成27年10月5日")


def test_declared_counts_are_integers(build: Builders) -> None:
    g = full_graph(build)
    for predicate, count in (
        (MNPIA.delegationCount, 2),
        (MNPIA.provisionCount, 2),
        (MNPIA.transferCount, 1),
    ):
        value = g.value(FILE1, predicate)
        assert value == Literal(count)
        assert isinstance(value, Literal)
        assert value.datatype == XSD.integer


def test_a_file_only_section_1_3_names_is_still_a_file(build: Builders) -> None:
    g = full_graph(build)
    second = iri.file_iri(KEY, 2)
    assert g.value(second, RDFS.label) == Literal("戸籍の附票ファイル")
    assert (second, MNPIA.sourceLine, None) not in g  # Ⅰ 3 names carry no line
    assert (second, PROV.wasDerivedFrom, None) in g


def test_data_items_belong_to_the_file_they_name(build: Builders) -> None:
    g = full_graph(build)
    item = iri.data_item_iri(KEY, 1, 1)
    assert (FILE1, MNPIA.hasDataItem, item) in g
    assert g.value(item, RDFS.label) == Literal("個人番号")
    assert g.value(iri.data_item_iri(KEY, 1, 2), RDFS.label) == Literal("氏名")
    # Numbered per file: the first item of the second file is item 1 of file 2.
    other = iri.data_item_iri(KEY, 2, 1)
    assert (iri.file_iri(KEY, 2), MNPIA.hasDataItem, other) in g
    # An item of no known file (two files, no name) is an item of the process.
    orphan = iri.data_item_iri(KEY, None, 1)
    assert (iri.process_iri(KEY), MNPIA.hasDataItem, orphan) in g
    assert g.value(orphan, MNPIA.sourceLine) == Literal(720)


def test_inbound_flows_one_per_category_and_per_named_source(build: Builders) -> None:
    g = full_graph(build)
    flows = {
        iri.inbound_flow_iri(KEY, 1, m): (source, cat)
        for m, (source, cat) in enumerate(
            [
                (category("本人又は本人の代理人"), category("本人又は本人の代理人")),
                (category("行政機関・独立行政法人等"), category("行政機関・独立行政法人等")),
                (iri.organisation_iri("地方公共団体情報システム機構"), AGENCY),
                (iri.organisation_iri("日本年金機構"), category("行政機関・独立行政法人等")),
                (category("評価実施機関内の他部署"), category("評価実施機関内の他部署")),
                (
                    iri.department_iri("市民税課", municipality="千葉市", key=KEY),
                    category("評価実施機関内の他部署"),
                ),
                (JUKI, category("その他")),
            ],
            start=1,
        )
    }  # fmt: skip
    assert set(g.objects(FILE1, MNPIA.hasFlow)) >= set(flows)
    assert (iri.inbound_flow_iri(KEY, 1, 8), None, None) not in g
    for flow, (source, cat) in flows.items():
        assert (flow, RDF.type, MNPIA.InboundFlow) in g
        assert g.value(flow, MNPIA.source) == source, flow
        assert g.value(flow, MNPIA.sourceCategory) == cat, flow
    jlis = iri.organisation_iri("地方公共団体情報システム機構")
    assert (jlis, RDF.type, MNPIA.Organisation) in g  # a body, though its name holds システム
    department = iri.department_iri("市民税課", municipality="千葉市", key=KEY)
    assert (department, RDF.type, MNPIA.Department) in g
    assert g.value(department, MNPIA.municipality) == iri.municipality_iri("千葉市")


def test_inbound_methods_and_the_systems_they_pass(build: Builders) -> None:
    g = full_graph(build)
    flow = iri.inbound_flow_iri(KEY, 1, 1)
    assert set(g.objects(flow, MNPIA.method)) == {
        method("紙"),
        method("情報提供ネットワークシステム"),
        method("その他"),
    }
    # The network is a ticked method; 住基ネット is a name inside その他（…）.
    assert set(g.objects(flow, MNPIA.via)) == {NETWORK, JUKI}
    assert (NETWORK, RDF.type, MNPIA.NationalSystem) in g


def test_delegation_with_delegate_and_sub_delegate(build: Builders) -> None:
    g = full_graph(build)
    delegation = iri.delegation_iri(KEY, 1, 1)
    delegate = iri.organisation_iri("株式会社ミナト情報")
    assert (FILE1, MNPIA.hasDelegation, delegation) in g
    assert (delegation, RDF.type, MNPIA.Delegation) in g
    assert g.value(delegation, RDFS.label) == Literal("住民記録システムの運用保守")
    assert g.value(delegation, MNPIA.delegationContent) == Literal("住民記録システムの運用及び保守")
    assert g.value(delegation, MNPIA.handlerCount) == Literal("10人以上50人未満")
    assert g.value(delegation, MNPIA.method) == method("専用線")
    assert (delegation, MNPIA.via, None) not in g  # a delegation is no flow
    assert g.value(delegation, MNPIA.delegate) == delegate
    assert {MNPIA.Delegate, DPV.DataProcessor} <= set(g.objects(delegate, RDF.type))
    assert (iri.assessment_iri(KEY), DPV.hasDataProcessor, delegate) in g
    sub = iri.sub_delegation_iri(delegation, 1)
    sub_delegate = iri.organisation_iri("ミナト保守株式会社")  # written ミナト保守㈱
    assert (delegation, MNPIA.subDelegation, sub) in g
    assert (sub, RDF.type, MNPIA.SubDelegation) in g
    assert g.value(sub, MNPIA.delegate) == sub_delegate
    assert g.value(sub, MNPIA.delegationContent) == Literal("障害対応")
    assert g.value(sub, MNPIA.subDelegationPermission) == Literal("書面による事前承認")
    assert {MNPIA.SubDelegate, DPV.DataSubProcessor} <= set(g.objects(sub_delegate, RDF.type))


def test_sub_delegation_gives_acted_on_behalf_of(build: Builders) -> None:
    g = full_graph(build)
    assert (
        iri.organisation_iri("ミナト保守株式会社"),
        PROV.actedOnBehalfOf,
        iri.organisation_iri("株式会社ミナト情報"),
    ) in g


def test_sub_delegation_without_a_named_sub_contractor(build: Builders) -> None:
    g = full_graph(build)
    delegation = iri.delegation_iri(KEY, 1, 2)
    sub = iri.sub_delegation_iri(delegation, 1)
    assert g.value(delegation, MNPIA.delegate) == iri.organisation_iri("株式会社ミナト印刷")
    assert (sub, RDF.type, MNPIA.SubDelegation) in g
    assert g.value(sub, MNPIA.delegationContent) == Literal("封入封緘")
    assert (sub, MNPIA.delegate, None) not in g


def test_provision_via_the_network_links_to_the_national_system(build: Builders) -> None:
    g = full_graph(build)
    provision = iri.provision_iri(KEY, 1, 1)
    assert (FILE1, MNPIA.hasFlow, provision) in g
    assert (provision, RDF.type, MNPIA.Provision) in g
    assert g.value(provision, MNPIA.method) == method("情報提供ネットワークシステム")
    assert g.value(provision, MNPIA.via) == NETWORK
    assert g.value(NETWORK, RDFS.label) == Literal("情報提供ネットワークシステム")
    recipient = iri.organisation_iri("日本年金機構")
    assert g.value(provision, MNPIA.recipient) == recipient
    assert (recipient, RDF.type, MNPIA.Organisation) in g
    for predicate, value in (
        (MNPIA.purpose, "年金給付の支給"),
        (MNPIA.providedInformation, "住民票関係情報"),
        (MNPIA.subjectCount, "10万人以上100万人未満"),
        (MNPIA.scope, "年金受給者"),
        (MNPIA.timing, "照会の都度"),
        (MNPIA.legalBasisText, "番号法第19条第8号に基づく主務省令第2条の表48の項"),
    ):
        assert g.value(provision, predicate) == Literal(value), predicate
    citation = g.value(provision, MNPIA.hasLegalBasis)
    assert citation == iri.citation_iri(KEY, 4)
    row = iri.table_row_iri(iri.law_iri("bango-ho-19-8-meirei"), 48, article=2)
    assert (citation, MNPIA.cites, row) in g


def test_provision_without_a_recipient_is_not_mapped(build: Builders) -> None:
    g = full_graph(build)
    assert (iri.provision_iri(KEY, 1, 2), None, None) not in g
    assert not list(g.subjects(RDFS.label, Literal("（記載なし）")))


def test_transfer_goes_to_a_department_via_the_local_linkage_system(build: Builders) -> None:
    g = full_graph(build)
    transfer = iri.transfer_iri(KEY, 1, 1)
    department = iri.department_iri("保険年金課", municipality="千葉市", key=KEY)
    assert (transfer, RDF.type, MNPIA.Transfer) in g
    assert g.value(transfer, MNPIA.recipient) == department
    assert (department, RDF.type, MNPIA.Department) in g
    local = iri.local_system_iri("庁内連携システム", municipality="千葉市", key=KEY)
    assert g.value(transfer, MNPIA.via) == local
    assert (local, RDF.type, MNPIA.LocalSystem) in g


def test_storage_places(build: Builders) -> None:
    g = full_graph(build)
    local = iri.local_system_iri("住民記録システム", municipality="千葉市", key=KEY)
    place = iri.local_system_iri("課内", municipality="千葉市", key=KEY)
    assert set(g.objects(FILE1, MNPIA.storedAt)) == {CHUKAN, local, place}
    assert (place, RDF.type, MNPIA.StorageLocation) in g
    assert (place, RDF.type, MNPIA.LocalSystem) not in g
    assert g.value(place, RDFS.label) == Literal("課内")
    assert g.value(FILE1, MNPIA.retention) == Literal("20年以上")
    assert g.value(FILE1, MNPIA.retentionReason) == Literal("住民基本台帳法施行令に定める期間")
    assert g.value(FILE1, MNPIA.erasure) == Literal("磁気消去の上で廃棄する")
    assert g.value(FILE1, MNPIA.storagePlaceText) is not None


def test_the_same_company_in_two_assessments_is_one_node(build: Builders) -> None:
    # 株式会社ミナト情報 (here), (株)ミナト情報 (other city), ㈱ミナト情報 (a 別添1 actor here).
    first = records_to_graph(build.full()).graph
    second = records_to_graph(build.other_city()).graph
    company = iri.organisation_iri("株式会社ミナト情報")
    sub = iri.organisation_iri("ミナト保守株式会社")
    for g in (first, second):
        assert (None, MNPIA.delegate, company) in g
        assert g.value(company, RDFS.label) == Literal("株式会社ミナト情報")
        assert (sub, PROV.actedOnBehalfOf, company) in g
    assert not [s for s in first.subjects(RDF.type, MNPIA.Delegate) if "(株)" in str(s)]
    assert not [s for s in second.subjects(RDF.type, MNPIA.Delegate) if "㈱" in str(s)]


def test_category_concepts_are_not_mentioned(build: Builders) -> None:
    # Vocabulary concepts that are only objects (categories, methods) get no provenance.
    g = full_graph(build)
    assert (category("本人又は本人の代理人"), PROV.wasDerivedFrom, None) not in g
    other = concept_by_key("methods", "other")
    assert other is not None
    assert (URIRef(other.iri), PROV.wasDerivedFrom, None) not in g


def test_repeated_and_unusable_numbers_never_merge_two_flows(build: Builders) -> None:
    from dataclasses import replace

    result = build.other_city()
    record = result.files[0]
    flows = (
        replace(record.provisions[0], no=1, recipient="日本年金機構"),
        replace(record.provisions[0], no=1, recipient="厚生労働大臣"),
        replace(record.provisions[0], no=0, recipient="地方公共団体情報システム機構"),
    )
    twice = replace(result, files=(replace(record, provisions=flows),))
    g = records_to_graph(twice).graph
    key = "みなと市/5"
    first = iri.provision_iri(key, 1, 1)
    assert g.value(first, MNPIA.recipient) == iri.organisation_iri("日本年金機構")
    repeat = iri.repeat_iri(first, 2)
    assert g.value(repeat, MNPIA.recipient) == iri.organisation_iri("厚生労働大臣")
    # No usable number: its position (3) stands in.
    third = iri.provision_iri(key, 1, 3)
    assert g.value(third, MNPIA.recipient) == iri.organisation_iri("地方公共団体情報システム機構")
