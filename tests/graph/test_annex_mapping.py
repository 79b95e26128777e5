"""別添1 steps, 別添3 changes, 別紙 provisions, requesters and incidents → RDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph import iri
from graph.mapping import records_to_graph
from ontology.lexicon import national_system, source_category
from ontology.namespace import MNPIA

if TYPE_CHECKING:
    from conftest import Builders

KEY = "千葉市/40"


def test_steps_with_actors_resolved_to_shared_nodes(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    process = iri.process_iri(KEY)
    steps = [iri.step_iri(KEY, no) for no in (1, 2, 3)]
    assert set(g.objects(process, MNPIA.hasStep)) == set(steps)
    first, second, third = steps
    assert g.value(first, MNPIA.stepNo) == Literal(1)
    assert g.value(first, RDFS.comment) == Literal("住民が転入届を提出する")
    assert g.value(first, MNPIA.data) == Literal("転入届")
    subjects = source_category("本人又は本人の代理人")
    assert subjects is not None
    # 住民 is the data-subject concept: the same node as the 入手元 category 本人.
    department = iri.department_iri("区政推進課", municipality="千葉市", key=KEY)
    assert set(g.objects(first, MNPIA.actor)) == {URIRef(subjects.iri), department}
    assert (iri.inbound_flow_iri(KEY, 1, 1), MNPIA.source, URIRef(subjects.iri)) in g
    chukan = national_system("中間サーバー")
    assert chukan is not None
    assert set(g.objects(second, MNPIA.actor)) == {
        iri.local_system_iri("住民記録システム", municipality="千葉市", key=KEY),  # Ⅰ 2 system
        URIRef(chukan.iri),  # national, through the lexicon
        iri.department_iri("市民税課", municipality="千葉市", key=KEY),  # named as a source
    }
    # ㈱ミナト情報 is the delegate 株式会社ミナト情報: the same node, typed as a delegate.
    delegate = iri.organisation_iri("株式会社ミナト情報")
    assert g.value(third, MNPIA.actor) == delegate
    assert (delegate, RDF.type, MNPIA.Delegate) in g


def test_change_records_have_typed_dates_and_keep_the_wareki_text(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    a = iri.assessment_iri(KEY)
    first, second = iri.change_iri(KEY, 1), iri.change_iri(KEY, 2)
    assert set(g.objects(a, MNPIA.hasChange)) == {first, second}
    assert (first, RDF.type, MNPIA.ChangeRecord) in g
    date = g.value(first, MNPIA.changeDate)
    assert date == Literal("2024-04-01", datatype=XSD.date)
    assert isinstance(date, Literal)
    assert date.datatype == XSD.date
    assert g.value(first, MNPIA.changeDateText) == Literal("令和6年4月1日")
    for predicate, value in (
        (MNPIA.item, "Ⅰ 2 システム1"),
        (MNPIA.before, "住民記録システム"),
        (MNPIA.after, "住民記録システム（標準準拠）"),
        (MNPIA.submissionTiming, "事前"),
        (MNPIA.reason, "標準化対応のため"),
    ):
        assert g.value(first, predicate) == Literal(value)
    # A date the text gives as a fiscal year only: the text, no xsd:date.
    assert g.value(second, MNPIA.changeDateText) == Literal("令和6年度")
    assert (second, MNPIA.changeDate, None) not in g
    # A row without any date is not a change record; the others keep their positions.
    assert (iri.change_iri(KEY, 3), None, None) not in g


def test_annex_provision_hangs_off_the_process_when_the_file_is_unknown(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    node = iri.annex_provision_iri(KEY, 1)
    assert (iri.process_iri(KEY), MNPIA.hasFlow, node) in g
    assert (node, RDF.type, MNPIA.Provision) in g
    assert g.value(node, MNPIA.recipient) == iri.organisation_iri("厚生労働大臣")
    assert g.value(node, MNPIA.formRef) == Literal("別紙")


def test_annex_provision_of_a_single_file_assessment_is_that_files(build: Builders) -> None:
    from dataclasses import replace

    result = build.full()
    one_file = replace(result, file_names=result.file_names[:1], data_items=())
    g = records_to_graph(one_file).graph
    node = iri.annex_provision_iri(KEY, 1)
    assert (iri.file_iri(KEY, 1), MNPIA.hasFlow, node) in g
    assert (iri.process_iri(KEY), MNPIA.hasFlow, node) not in g


def test_requester_is_a_provision_with_an_ordinance_basis(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    node = iri.requester_iri(KEY, 1)
    assert (iri.assessment_iri(KEY), MNPIA.hasRequester, node) in g
    assert (node, RDF.type, MNPIA.Provision) in g
    department = iri.department_iri("教育委員会学務課", municipality="千葉市", key=KEY)
    assert g.value(node, MNPIA.recipient) == department
    assert g.value(node, MNPIA.purpose) == Literal("就学援助の審査")
    assert g.value(node, MNPIA.providedInformation) == Literal("住民票関係情報")
    citation = g.value(node, MNPIA.hasLegalBasis)
    ordinance = iri.ordinance_iri("千葉市個人情報保護条例", municipality="千葉市", key=KEY)
    assert g.value(citation, MNPIA.law) == ordinance


def test_incident_with_its_measure(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    node = iri.incident_iri(KEY, 1)
    assert (iri.assessment_iri(KEY), MNPIA.hasIncident, node) in g
    assert g.value(node, MNPIA.year) == Literal("令和5年度")
    assert g.value(node, MNPIA.summary) == Literal("通知書の誤送付")
    assert g.value(node, MNPIA.incidentType) == Literal("漏えい")
    measure = iri.measure_iri(node, 1)
    assert g.value(node, MNPIA.hasMeasure) == measure
    assert g.value(measure, RDFS.comment) == Literal("発送前の二重確認")
