"""法令上の根拠 → RDF: citations per assessment, legal resources shared across assessments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from graph import iri
from graph.context import MappingContext
from graph.law import citation_resources, law_short_name
from graph.mapping import records_to_graph
from ingest.citation import Citation
from ontology.lexicon import law_by_name
from ontology.namespace import MNPIA

if TYPE_CHECKING:
    from conftest import Builders

KEY = "千葉市/40"
BANGO = "425AC0000000027"
MEIREI = iri.law_iri("bango-ho-19-8-meirei")


def concept(name: str) -> URIRef:
    law = law_by_name(name)
    assert law is not None
    return URIRef(law.iri)


def test_citations_are_numbered_in_form_order(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    a = iri.assessment_iri(KEY)
    c = [iri.citation_iri(KEY, n) for n in range(1, 8)]
    assert set(g.objects(a, MNPIA.numberUseBasis)) == {c[0], c[1]}  # Ⅰ 5
    assert set(g.objects(a, MNPIA.linkageBasis)) == {c[2]}  # Ⅰ 6 ②
    assert g.value(iri.provision_iri(KEY, 1, 1), MNPIA.hasLegalBasis) == c[3]  # 提供先1
    assert g.value(iri.transfer_iri(KEY, 1, 1), MNPIA.hasLegalBasis) == c[4]  # 移転先1
    assert g.value(iri.annex_provision_iri(KEY, 1), MNPIA.hasLegalBasis) == c[5]  # 別紙
    assert g.value(iri.requester_iri(KEY, 1), MNPIA.hasLegalBasis) == c[6]  # 条例 requester
    assert (iri.citation_iri(KEY, 8), None, None) not in g


def test_citation_node_keeps_text_numbers_and_short_label(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    node = iri.citation_iri(KEY, 1)
    assert (node, RDF.type, MNPIA.LegalCitation) in g
    assert g.value(node, MNPIA.citationText) == Literal("番号法第9条第1項 別表24の項")
    assert g.value(node, RDFS.label) == Literal("番号法9条1項 別表24項")  # citation_key
    assert g.value(node, MNPIA.law) == concept("番号法")
    assert g.value(node, MNPIA.lawName) == Literal("番号法")
    assert g.value(node, MNPIA.articleNo) == Literal("9")
    assert g.value(node, MNPIA.paragraphNo) == Literal(1)
    assert g.value(node, MNPIA.tableNo) == Literal("別表")
    assert g.value(node, MNPIA.rowNo) == Literal("24")
    assert g.value(node, MNPIA.sourceLine) == Literal(50)
    # It cites the paragraph and the row of the 別表 (a table without number in the 2024 law).
    assert set(g.objects(node, MNPIA.cites)) == {
        iri.article_iri(BANGO, 9, paragraph=1),
        iri.appendix_table_row_iri(BANGO, None, 24),
    }


def test_legal_resources_are_typed_labelled_and_nested(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    law = iri.law_iri(BANGO)
    article = iri.article_iri(BANGO, 19)
    item = iri.article_iri(BANGO, 19, item=8)
    expected = {
        law: (MNPIA.Law, "番号法", None),
        article: (MNPIA.Article, "番号法19条", law),
        item: (MNPIA.Item, "番号法19条8号", article),
        iri.article_iri(BANGO, 9, paragraph=1): (
            MNPIA.Paragraph, "番号法9条1項", iri.article_iri(BANGO, 9),
        ),
        iri.appendix_table_row_iri(BANGO, None, 24): (
            MNPIA.AppendedTableRow, "番号法別表24項", law,
        ),
    }  # fmt: skip
    for node, (kind, label, parent) in expected.items():
        assert (node, RDF.type, kind) in g, node
        assert g.value(node, RDFS.label) == Literal(label), node
        assert g.value(node, DCTERMS.isPartOf) == parent, node
        assert g.value(node, MNPIA.law) == concept("番号法"), node
        assert g.value(node, DCTERMS.source) == iri.law_source_iri(BANGO), node
    assert g.value(law, MNPIA.lawId) == Literal(BANGO)


def test_rows_of_the_ministerial_ordinance_table_belong_to_the_ordinance(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    node = iri.citation_iri(KEY, 3)  # 番号法第19条第8号に基づく主務省令第2条の表3の項
    row = iri.table_row_iri(MEIREI, 3, article=2)
    assert set(g.objects(node, MNPIA.cites)) == {iri.article_iri(BANGO, 19, item=8), row}
    assert (row, RDF.type, MNPIA.AppendedTableRow) in g
    assert g.value(row, RDFS.label) == Literal("主務省令2条表3項")
    assert g.value(row, MNPIA.law) == concept("主務省令")
    table_article = iri.legal_part_iri(MEIREI, 2)
    assert g.value(row, DCTERMS.isPartOf) == table_article
    assert g.value(table_article, RDFS.label) == Literal("主務省令2条")
    assert g.value(table_article, DCTERMS.isPartOf) == MEIREI
    assert (MEIREI, RDF.type, MNPIA.Law) in g
    # No verified 法令ID: no e-Gov page is claimed for the 主務省令 or its parts.
    assert (MEIREI, DCTERMS.source, None) not in g
    assert (row, DCTERMS.source, None) not in g


def test_the_same_article_in_two_assessments_is_one_node(build: Builders) -> None:
    first = records_to_graph(build.full()).graph
    second = records_to_graph(build.other_city()).graph
    row = iri.table_row_iri(MEIREI, 48, article=2)
    item = iri.article_iri(BANGO, 19, item=8)
    paragraph = iri.article_iri(BANGO, 9, paragraph=1)
    for node in (row, item, paragraph):
        cited_first = set(first.subjects(MNPIA.cites, node))
        cited_second = set(second.subjects(MNPIA.cites, node))
        assert cited_first, node
        assert cited_second, node
        assert cited_first.isdisjoint(cited_second)  # the citations are per assessment
        # Both graphs say the same of the shared node (its label, law, parent).
        facts = {MNPIA.law, RDFS.label, DCTERMS.isPartOf, RDF.type}
        about_first = {(p, o) for p, o in first.predicate_objects(node) if p in facts}
        about_second = {(p, o) for p, o in second.predicate_objects(node) if p in facts}
        assert about_first == about_second, node


def test_a_local_ordinance_is_minted_per_municipality(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    node = iri.citation_iri(KEY, 7)
    ordinance = iri.ordinance_iri("千葉市個人情報保護条例", municipality="千葉市", key=KEY)
    article = iri.legal_part_iri(ordinance, 4)
    assert (ordinance, RDF.type, MNPIA.Ordinance) in g
    assert g.value(ordinance, RDFS.label) == Literal("千葉市個人情報保護条例")
    assert g.value(node, MNPIA.law) == ordinance
    assert g.value(node, MNPIA.cites) == article
    assert g.value(article, RDFS.label) == Literal("千葉市個人情報保護条例4条")
    assert g.value(article, MNPIA.law) == ordinance
    assert g.value(article, DCTERMS.isPartOf) == ordinance


def test_a_law_the_vocabulary_does_not_know_gets_no_iri(build: Builders) -> None:
    g = records_to_graph(build.full()).graph
    node = iri.citation_iri(KEY, 2)  # 政令第22条
    assert g.value(node, MNPIA.lawName) == Literal("政令")
    assert g.value(node, MNPIA.articleNo) == Literal("22")
    assert (node, MNPIA.law, None) not in g
    assert (node, MNPIA.cites, None) not in g


def _resources(build: Builders, citation: Citation) -> list[str]:
    ctx = MappingContext.of(build.full())
    _law, cited, _all = citation_resources(ctx, citation)
    return [str(r.iri).removeprefix(iri.ID_BASE) for r in cited]


def test_branch_numbers_supplementary_provisions_and_numbered_tables(build: Builders) -> None:
    juki = law_by_name("住基法")
    tax = law_by_name("地方税法")
    assert juki is not None
    assert tax is not None
    branch = Citation(text="住民基本台帳法第30条の9", law=juki.pref_label, article="30の9")
    assert _resources(build, branch) == ["law/342AC0000000081/article/30_9"]
    supplementary = Citation(
        text="地方税法附則第3条の2", law=tax.pref_label, article="3の2", supplementary=True
    )
    assert _resources(build, supplementary) == ["law/325AC0000000226/supplementary/article/3_2"]
    old_table = Citation(
        text="番号法別表第1の16の項", law=concept_title("番号法"), table="別表第1", rows=("16",)
    )
    assert _resources(build, old_table) == [f"law/{BANGO}/appendix-table/1/row/16"]
    direct = Citation(
        text="主務省令第2条の表48の項", law=concept_title("主務省令"), article="2",
        table="2", rows=("48", "49"),
    )  # fmt: skip
    assert _resources(build, direct) == [
        "law/bango-ho-19-8-meirei/article/2",
        "law/bango-ho-19-8-meirei/article/2/table/row/48",
        "law/bango-ho-19-8-meirei/article/2/table/row/49",
    ]


def test_unreadable_numbers_leave_the_part_out(build: Builders) -> None:
    damaged = Citation(text="番号法第十十条", law=concept_title("番号法"), article="十十")
    assert _resources(build, damaged) == [f"law/{BANGO}"]


def concept_title(name: str) -> str:
    law = law_by_name(name)
    assert law is not None
    return law.pref_label


def test_short_names_are_stable() -> None:
    for name, short in (
        ("番号法", "番号法"),
        ("提供省令", "主務省令"),
        ("住民基本台帳法", "住基法"),
    ):
        law = law_by_name(name)
        assert law is not None
        assert law_short_name(law) == short
