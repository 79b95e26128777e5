"""records_to_graph: the facts of one assessment, with provenance, deterministic."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from graph import iri
from graph.mapping import (
    TRIPLE_MAPPERS,
    MappingContext,
    Triple,
    records_to_graph,
)
from ontology.lexicon import connection_kind, document_kind, national_system
from ontology.namespace import DPV, MNPIA

if TYPE_CHECKING:
    from conftest import Builders


def national(label: str) -> URIRef:
    concept = national_system(label)
    assert concept is not None
    return URIRef(concept.iri)


CHUKAN = national("中間サーバー・プラットフォーム")
NETWORK = national("情報提供ネットワークシステム")


def test_cover_maps_to_assessment_and_controller(build: Builders) -> None:
    doc = records_to_graph(build.pension())
    g, a = doc.graph, doc.assessment
    assert a == iri.assessment_iri("千葉市/27")
    assert doc.graph_name == iri.assessment_graph_iri("千葉市/27")
    assert {MNPIA.Assessment, DPV.DPIA} <= set(g.objects(a, RDF.type))
    assert g.value(a, MNPIA.assessmentNumber) == Literal("27")
    assert g.value(a, DCTERMS.title) == Literal("国民年金に関する事務 全項目評価書")
    kind = document_kind("全項目評価書")
    assert kind is not None
    assert g.value(a, MNPIA.documentKind) == URIRef(kind.iri)
    assert g.value(a, MNPIA.formVersion) == Literal("平成30年5月 様式4")
    assert g.value(a, MNPIA.publishedText) == Literal("令和7年11月26日")
    assert g.value(a, DCTERMS.issued) == Literal("2025-11-26", datatype=XSD.date)
    assert g.value(a, MNPIA.extractionStatus) == Literal("partial")
    org = iri.organisation_iri("千葉市長")
    assert g.value(a, DPV.hasDataController) == org
    assert (org, RDF.type, DPV.DataController) in g
    assert g.value(org, MNPIA.municipality) == iri.municipality_iri("千葉市")


def test_no_published_date_means_no_dct_issued(build: Builders) -> None:
    g = records_to_graph(build.tax()).graph
    assert not list(g.triples((None, DCTERMS.issued, None)))


def test_affair_maps_to_process(build: Builders) -> None:
    doc = records_to_graph(build.pension())
    g, p = doc.graph, iri.process_iri("千葉市/27")
    assert (doc.assessment, MNPIA.assesses, p) in g
    assert g.value(p, RDFS.label) == Literal("国民年金に関する事務")
    assert g.value(p, MNPIA.population) == Literal("30万人以上")
    assert g.value(p, MNPIA.department) == Literal("市民局 国民年金課")
    assert g.value(p, MNPIA.headTitle) == Literal("国民年金課長")
    assert g.value(p, MNPIA.otherAssessor) == Literal("日本年金機構")
    assert g.value(p, MNPIA.sourceLine) == Literal(80)


def test_systems_local_and_national(build: Builders) -> None:
    g = records_to_graph(build.pension()).graph
    p = iri.process_iri("千葉市/27")
    local = iri.local_system_iri("国民年金システム", municipality="千葉市", key="千葉市/27")
    assert set(g.objects(p, MNPIA.usesSystem)) == {local, CHUKAN}
    assert (local, RDF.type, MNPIA.LocalSystem) in g
    assert g.value(local, MNPIA.ownedBy) == iri.municipality_iri("千葉市")
    assert g.value(local, MNPIA.systemNo) == Literal(1)
    assert g.value(local, MNPIA.functions) == Literal("資格管理、保険料免除")
    assert (CHUKAN, RDF.type, MNPIA.NationalSystem) in g
    assert g.value(CHUKAN, RDFS.label) == Literal("中間サーバー・プラットフォーム")
    assert g.value(CHUKAN, MNPIA.systemNo) == Literal(2)


def test_connections_ticked_and_other(build: Builders) -> None:
    g = records_to_graph(build.pension()).graph
    key = "千葉市/27"
    local = iri.local_system_iri("国民年金システム", municipality="千葉市", key=key)
    atena = iri.local_system_iri("宛名システム等", municipality="千葉市", key=key)
    kizon = iri.local_system_iri("既存住民基本台帳システム", municipality="千葉市", key=key)
    # その他 is skipped; the name inside その他（…） is the third connection.
    expected = {
        1: ("宛名システム等", atena),
        2: ("既存住民基本台帳システム", kizon),
        3: ("中間サーバー", CHUKAN),
    }
    for n, (label, target) in expected.items():
        connection = iri.connection_iri(key, 1, n)
        assert (local, MNPIA.hasConnection, connection) in g
        assert (connection, RDF.type, MNPIA.SystemConnection) in g
        assert g.value(connection, MNPIA.connectionLabel) == Literal(label)
        assert g.value(connection, MNPIA.connectionTarget) == target
        assert (local, MNPIA.connectsTo, target) in g
    assert (iri.connection_iri(key, 1, 4), None, None) not in g
    other = connection_kind("その他")
    assert other is not None
    assert g.value(iri.connection_iri(key, 1, 3), MNPIA.connectionKind) == URIRef(other.iri)
    # A ticked national label is the national concept, not a local system of that name.
    assert (CHUKAN, MNPIA.connectsTo, NETWORK) in g
    assert (NETWORK, RDF.type, MNPIA.NationalSystem) in g
    assert not list(g.subjects(RDFS.label, Literal("その他")))


def test_every_fact_node_has_provenance(build: Builders) -> None:
    doc = records_to_graph(build.pension())
    g = doc.graph
    src = iri.source_iri(build.pension().source.sha256)
    assert g.value(src, MNPIA.sha256) == Literal(build.pension().source.sha256)
    assert g.value(src, MNPIA.fileName) == Literal("pension.txt")
    assert g.value(src, MNPIA.encoding) == Literal("utf-8")
    subjects = {s for s in g.subjects() if isinstance(s, URIRef)} - {src, doc.graph_name}
    for node in subjects:
        assert g.value(node, PROV.wasDerivedFrom) == src, node
        assert isinstance(g.value(node, MNPIA.sourceLine), Literal), node


def test_first_line_wins_for_a_system_named_twice(build: Builders) -> None:
    g = records_to_graph(build.pension()).graph
    # 中間サーバー is named in システム1's その他 (line 100) and listed as システム2 (line 120).
    assert list(g.objects(CHUKAN, MNPIA.sourceLine)) == [Literal(120)]


def test_issues_become_nodes(build: Builders) -> None:
    doc = records_to_graph(build.pension())
    issue = iri.issue_iri("千葉市/27", 1)
    assert (doc.assessment, MNPIA.hasIssue, issue) in doc.graph
    assert doc.graph.value(issue, MNPIA.issueCode) == Literal("COUNT_MISMATCH")
    assert doc.graph.value(issue, MNPIA.formRef) == Literal("Ⅰ 2")
    assert doc.graph.value(issue, MNPIA.sourceLine) == Literal(95)


def test_one_national_node_for_two_spellings_in_two_assessments(build: Builders) -> None:
    first = records_to_graph(build.pension(national_spelling="中間サーバー")).graph
    second = records_to_graph(build.tax()).graph  # writes 中間サーバー・プラットフォーム
    targets_first = set(first.objects(None, MNPIA.connectionTarget))
    targets_second = set(second.objects(None, MNPIA.connectionTarget))
    assert CHUKAN in targets_first
    assert CHUKAN in targets_second


def test_two_assessments_of_one_municipality_share_local_systems(build: Builders) -> None:
    first = records_to_graph(build.pension())
    second = records_to_graph(build.tax())
    assert first.assessment != second.assessment
    local = MNPIA.LocalSystem
    shared = set(first.graph.subjects(RDF.type, local)) & set(
        second.graph.subjects(RDF.type, local)
    )
    assert iri.local_system_iri("国民年金システム", municipality="千葉市", key="x") in shared
    assert iri.local_system_iri("宛名システム等", municipality="千葉市", key="x") in shared


def test_fragment_is_keyed_by_source_hash(build: Builders) -> None:
    result = build.fragment()
    doc = records_to_graph(result)
    key = f"source/{result.source.sha256[:16]}"
    assert doc.assessment == iri.assessment_iri(key)
    system = iri.local_system_iri("住民記録システム", municipality=None, key=key)
    assert (system, MNPIA.systemNo, Literal(14)) in doc.graph
    assert (system, MNPIA.ownedBy, None) not in doc.graph
    assert (doc.assessment, MNPIA.sourceLine, None) not in doc.graph  # no cover line
    assert (doc.assessment, PROV.wasDerivedFrom, None) in doc.graph


def test_output_is_deterministic_and_clock_free(build: Builders) -> None:
    first = records_to_graph(build.pension()).graph
    second = records_to_graph(build.pension()).graph
    assert set(first) == set(second)
    assert isomorphic(first, second)
    assert not list(first.triples((None, PROV.generatedAtTime, None)))
    assert not [t for t in first if any(type(x).__name__ == "BNode" for x in t)]


def test_generated_at_only_when_passed(build: Builders) -> None:
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    doc = records_to_graph(build.pension(), generated_at=when)
    value = doc.graph.value(doc.graph_name, PROV.generatedAtTime)
    assert isinstance(value, Literal)
    assert value.datatype == XSD.dateTime


def test_registry_takes_new_mappers(build: Builders) -> None:
    def note_to_triples(ctx: MappingContext) -> Iterator[Triple]:
        ctx.mention(ctx.assessment, 1)
        yield ctx.assessment, RDFS.comment, Literal("added by a later issue")

    doc = records_to_graph(build.pension(), mappers=(*TRIPLE_MAPPERS, note_to_triples))
    assert doc.graph.value(doc.assessment, RDFS.comment) == Literal("added by a later issue")
    base = records_to_graph(build.pension())
    assert len(doc.graph) == len(base.graph) + 1


def test_every_family_is_deterministic_and_clock_free(build: Builders) -> None:
    first = records_to_graph(build.full()).graph
    second = records_to_graph(build.full()).graph
    assert set(first) == set(second)
    assert not [t for t in first if any(type(x).__name__ == "BNode" for x in t)]
    assert not list(first.triples((None, PROV.generatedAtTime, None)))


def test_every_node_of_every_family_has_provenance(build: Builders) -> None:
    result = build.full()
    doc = records_to_graph(result)
    g = doc.graph
    src = iri.source_iri(result.source.sha256)
    lineless = {iri.file_iri("千葉市/40", 2)}  # a file only Ⅰ 3 names: no line
    subjects = {s for s in g.subjects() if isinstance(s, URIRef)} - {src, doc.graph_name}
    assert len(subjects) > 70
    for node in subjects:
        assert g.value(node, PROV.wasDerivedFrom) == src, node
        if node not in lineless:
            assert isinstance(g.value(node, MNPIA.sourceLine), Literal), node


def test_the_registry_covers_every_record_family() -> None:
    names = {mapper.__name__ for mapper in TRIPLE_MAPPERS}
    assert names >= {
        "files_to_triples",
        "data_items_to_triples",
        "inbound_flows_to_triples",
        "delegations_to_triples",
        "outbound_flows_to_triples",
        "storage_to_triples",
        "use_basis_to_triples",
        "linkage_to_triples",
        "flow_steps_to_triples",
        "risks_to_triples",
        "changes_to_triples",
        "annex_provisions_to_triples",
        "requesters_to_triples",
        "incidents_to_triples",
    }


def test_mappers_give_the_same_iris_whatever_subset_runs(build: Builders) -> None:
    # Citation and file numbers come from the context, not from the order mappers run in.
    from graph.file import outbound_flows_to_triples

    alone = records_to_graph(build.full(), mappers=(outbound_flows_to_triples,)).graph
    full = records_to_graph(build.full()).graph
    # Shared nodes keep the first line that *runs*: only mnpia:sourceLine may differ.
    assert {t for t in alone if t[1] != MNPIA.sourceLine} <= set(full)


def test_network_linkage_status(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    assert g.value(iri.assessment_iri("千葉市/40"), MNPIA.networkLinkage) == Literal("実施する")
