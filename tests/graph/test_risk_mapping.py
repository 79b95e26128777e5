"""Ⅲ and Ⅳ → RDF: risks with a stage and rating, measures per platform."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph import iri
from graph.mapping import records_to_graph
from graph.risk import measures_by_platform
from ontology.lexicon import concept_by_key, national_system
from ontology.namespace import MNPIA

if TYPE_CHECKING:
    from conftest import Builders

KEY = "千葉市/40"


def vocab(scheme: str, key: str) -> URIRef:
    concept = concept_by_key(scheme, key)
    assert concept is not None
    return URIRef(concept.iri)


def test_risk_with_stage_rating_and_number(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    risk = iri.risk_iri(KEY, "acquisition", 1)
    assert (iri.assessment_iri(KEY), MNPIA.hasRisk, risk) in g
    assert (risk, RDF.type, MNPIA.Risk) in g
    assert g.value(risk, MNPIA.stage) == vocab("handling-stages", "acquisition")
    assert g.value(risk, MNPIA.stageText) == Literal("入手")
    assert g.value(risk, MNPIA.rating) == vocab("risk-ratings", "sufficient")
    assert g.value(risk, MNPIA.riskNo) == Literal(1)
    assert g.value(risk, RDFS.label) == Literal("目的外の入手が行われるリスク")
    assert g.value(risk, MNPIA.formRef) == Literal("Ⅲ 2")
    assert g.value(risk, MNPIA.sourceLine) == Literal(800)


def test_measures_per_platform(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    risk = iri.risk_iri(KEY, "acquisition", 1)
    general, chukan, city = (iri.measure_iri(risk, m) for m in (1, 2, 3))
    assert set(g.objects(risk, MNPIA.hasMeasure)) == {general, chukan, city}
    assert g.value(general, RDFS.comment) == Literal("届出書の様式を定める。")
    assert (general, MNPIA.platform, None) not in g
    concept = national_system("中間サーバー・プラットフォーム")
    assert concept is not None
    assert g.value(chukan, MNPIA.platform) == URIRef(concept.iri)
    assert g.value(chukan, MNPIA.platformName) == Literal("中間サーバー・プラットフォーム")
    assert g.value(chukan, RDFS.comment) == Literal("通信を暗号化する。")
    # 千葉市 is no system: the block keeps its name, without a platform link.
    assert g.value(city, MNPIA.platformName) == Literal("千葉市")
    assert (city, MNPIA.platform, None) not in g
    assert g.value(city, RDFS.comment) == Literal("書庫を施錠する。")


def test_a_repeated_risk_number_stays_a_second_node(build: Builders) -> None:
    # Ⅲ is repeated per file, so リスク1 of 入手 can be stated twice.
    g = records_to_graph(build.full()).graph
    first = iri.risk_iri(KEY, "acquisition", 1)
    repeat = iri.repeat_iri(first, 2)
    assert str(repeat).endswith("/risk/acquisition/1-2")
    assert g.value(first, MNPIA.sourceLine) == Literal(800)
    assert g.value(repeat, MNPIA.sourceLine) == Literal(900)
    assert g.value(iri.measure_iri(repeat, 1), RDFS.comment) == Literal("届出書を確認する。")


def test_an_item_of_section_4_keeps_its_section_as_written(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    risk = iri.risk_iri(KEY, "従業者に対する教育・啓発")
    assert (risk, RDF.type, MNPIA.Risk) in g
    assert (risk, MNPIA.stage, None) not in g
    assert g.value(risk, MNPIA.stageText) == Literal("従業者に対する教育・啓発")
    assert (risk, MNPIA.riskNo, None) not in g
    # Ⅳ wording 十分に行っている is the rating 十分である.
    assert g.value(risk, MNPIA.rating) == vocab("risk-ratings", "sufficient")


@pytest.mark.parametrize(
    ("text", "platforms", "expected"),
    [
        (
            "【ガバメントクラウド（次期業務共通システム）における措置】施錠する。",
            ["ガバメントクラウド"],
            [(("ガバメントクラウド",), "施錠する。")],
        ),
        (
            "く課内における措置> 施錠する。 <住民税システムにおける措置> 認証する。",
            ["課内", "住民税システム"],
            [(("課内",), "施錠する。"), (("住民税システム",), "認証する。")],
        ),
        (
            "<中間サーバー・ プラットフォームにおける措置>暗号化する。",
            ["中間サーバー・プラットフォーム"],
            [(("中間サーバー・プラットフォーム",), "暗号化する。")],
        ),
        # A platform whose marker is missing: the whole text, linked to every platform.
        ("暗号化する。", ["中間サーバー", "課内"], [(("中間サーバー", "課内"), "暗号化する。")]),
        (None, ["課内"], [(("課内",), None)]),
        (None, [], []),
    ],
)
def test_measures_by_platform(
    text: str | None, platforms: list[str], expected: list[tuple[tuple[str, ...], str | None]]
) -> None:
    assert measures_by_platform(text, platforms) == expected


def test_a_platform_with_a_parenthetical_is_the_national_system(build: Builders) -> None:
    from graph.context import MappingContext

    ctx = MappingContext.of(build.full())
    system = ctx.named_system("ガバメントクラウド（次期業務共通システム（庁内連携システム））")
    concept = national_system("ガバメントクラウド")
    assert system is not None
    assert concept is not None
    assert system.iri == URIRef(concept.iri)


def test_a_risk_of_a_per_file_part_is_the_file_s_risk_too(build: Builders) -> None:
    """Ⅲ repeated per file: each risk ``mnpia:concernsFile`` its file (the assessment alone
    ``mnpia:hasRisk`` them); the second file's risk of the same stage and number keeps a node of
    its own."""
    from dataclasses import replace

    from graph.validation import validate_graph

    result = build.full()
    first, second = result.file_names[:2]  # Ⅱ's file, and a file only Ⅰ 3 names
    risks = (
        replace(result.risks[0], file=first),
        replace(result.risks[0], file=f" {second}", line=880),  # spacing is no difference
        replace(result.risks[2], file="どこにもないファイル"),  # names no file: no link
    )
    graph = records_to_graph(replace(result, risks=risks)).graph
    risk = iri.risk_iri(KEY, "acquisition", 1)
    repeat = iri.repeat_iri(risk, 2)
    first_file, second_file = iri.file_iri(KEY, 1), iri.file_iri(KEY, 2)
    assert set(graph.objects(risk, MNPIA.concernsFile)) == {first_file}
    assert set(graph.objects(repeat, MNPIA.concernsFile)) == {second_file}
    assert (iri.assessment_iri(KEY), MNPIA.hasRisk, repeat) in graph
    education = iri.risk_iri(KEY, "従業者に対する教育・啓発")
    assert (iri.assessment_iri(KEY), MNPIA.hasRisk, education) in graph
    assert (education, MNPIA.concernsFile, None) not in graph
    report = validate_graph(graph)
    assert report.conforms, report.text
