"""Tests of ingest.citation: legal citations (法令上の根拠) parsed into structured fields."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.citation import (
    Citation,
    CitationParse,
    citation_key,
    kanji_to_int,
    parse_citation_lines,
    parse_citations,
    resolve_law,
    text_to_citations,
)
from ingest.normalize import normalize_line
from ingest.pipeline import extract_file

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
FIXTURE = ROOT / "tests" / "data" / "citations" / "corpus_citations.tsv"

BANGO = "行政手続における特定の個人を識別するための番号の利用等に関する法律"
BANGO_ID = "425AC0000000027"
MEIREI = BANGO + "第十九条第八号に基づく利用特定個人情報の提供に関する命令"


def only(text: str) -> Citation:
    """The one citation of ``text`` (fails when there are more or none, or a fragment is left)."""
    result = parse_citations(text)
    assert result.unparsed == ()
    assert len(result.citations) == 1, result.citations
    return result.citations[0]


def keys(text: str) -> list[str]:
    return [citation_key(c) for c in text_to_citations(text)]


# ---------------------------------------------------------------------------------------------
# The hand-verified corpus table
# ---------------------------------------------------------------------------------------------


def _unescape(value: str) -> str:
    return re.sub(r"\\([tn\\])", lambda m: {"t": "\t", "n": "\n", "\\": "\\"}[m.group(1)], value)


@dataclass(frozen=True)
class Case:
    case: str
    file: str
    line: int
    input: str
    rows: tuple[dict[str, str], ...]


def _cases() -> list[Case]:
    lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]
    records = list(csv.DictReader((ln for ln in lines if not ln.startswith("#")), delimiter="\t"))
    cases: dict[str, Case] = {}
    for record in records:
        name = record["case"]
        if name not in cases:
            cases[name] = Case(
                case=name,
                file=record["file"],
                line=int(record["line"]),
                input=_unescape(record["input"]),
                rows=(),
            )
        known = cases[name]
        cases[name] = Case(
            case=known.case,
            file=known.file,
            line=known.line,
            input=known.input,
            rows=(*known.rows, record),
        )
    return list(cases.values())


CASES = _cases()


def test_fixture_covers_every_corpus_text() -> None:
    assert {case.file for case in CASES} == {p.name for p in CORPUS.glob("*.txt")}
    assert len(CASES) == 86


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.case)
def test_fixture_input_is_in_the_corpus_at_its_line(case: Case) -> None:
    text = (CORPUS / case.file).read_text(encoding="utf-8")
    start_of_line = sum(len(line) + 1 for line in text.split("\n")[: case.line - 1])
    end_of_line = text.index("\n", start_of_line)
    found = text.find(case.input, start_of_line)
    assert start_of_line <= found <= end_of_line, f"{case.case}: not on line {case.line}"


def _expected_citation(row: dict[str, str]) -> dict[str, object]:
    return {
        "text": row["text"],
        "law_abbrev": row["law_abbrev"] or None,
        "article": row["article"] or None,
        "paragraph": row["paragraph"] or None,
        "item": row["item"] or None,
        "table": row["table"] or None,
        "rows": tuple(row["rows"].split(",")) if row["rows"] else (),
        "local": row["local"] == "1",
        "supplementary": row["supplementary"] == "1",
        "law_number": row["law_number"] or None,
    }


def _structure(citation: Citation) -> dict[str, object]:
    return {key: getattr(citation, key) for key in _expected_citation(dict.fromkeys(_COLUMNS, ""))}


_COLUMNS = ("text", "law_abbrev", "article", "paragraph", "item", "table", "rows", "local",
            "supplementary", "law_number")  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.case)
def test_corpus_citation(case: Case) -> None:
    result = parse_citations(case.input, line=case.line)
    expected_cites = [r for r in case.rows if r["kind"] == "cite"]
    expected_unparsed = [r["text"] for r in case.rows if r["kind"] == "unparsed"]
    assert [_structure(c) for c in result.citations] == [
        _expected_citation(r) for r in expected_cites
    ]
    assert [u.text for u in result.unparsed] == expected_unparsed
    for citation, row in zip(result.citations, expected_cites, strict=True):
        for column in ("law", "law_id", "table_law"):
            want = row[column]
            if want:
                got = getattr(citation, column)
                assert got == (None if want == "-" else want), f"{case.case} {column}"
        assert citation.line is not None
        assert case.line <= citation.line <= case.line + case.input.count("\n")


# ---------------------------------------------------------------------------------------------
# Whole corpus texts: counts pinned, text as written
# ---------------------------------------------------------------------------------------------

CORPUS_COUNTS = {
    "000_e0f87fd749ae3f00.txt": (145, 2),
    "001_36f852d2897e428a.txt": (33, 2),
    "002_cc86eefa057d2f96.txt": (410, 2),
    "003_7e3c8c24cfb8176d.txt": (33, 0),
    "004_2e642bc68f73afa2.txt": (15, 0),
}


@pytest.fixture(scope="module")
def corpus_parses() -> dict[str, tuple[str, CitationParse]]:
    parses = {}
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parses[path.name] = (text, parse_citations(text, line=1))
    return parses


def test_corpus_counts(corpus_parses: dict[str, tuple[str, CitationParse]]) -> None:
    counts = {name: (len(p.citations), len(p.unparsed)) for name, (_t, p) in corpus_parses.items()}
    assert counts == CORPUS_COUNTS


def test_corpus_unparsed_fragments(corpus_parses: dict[str, tuple[str, CitationParse]]) -> None:
    found = {(name, u.line, u.text) for name, (_t, p) in corpus_parses.items() for u in p.unparsed}
    assert found == {
        ("000_e0f87fd749ae3f00.txt", 32, "番号法第19号第1号"),  # 第19号 for 第19条, twice
        ("001_36f852d2897e428a.txt", 2240, "第１項"),  # 条例第12条第1項第1項
        ("001_36f852d2897e428a.txt", 4002, "第１項"),
        ("002_cc86eefa057d2f96.txt", 484, "表39の項"),  # a row torn from its citation
        ("002_cc86eefa057d2f96.txt", 1105, "第6条"),  # 第6条において同じ: no law
    }


def test_corpus_citation_text_is_as_written(
    corpus_parses: dict[str, tuple[str, CitationParse]],
) -> None:
    for name, (text, parse) in corpus_parses.items():
        lines = text.split("\n")
        for citation in parse.citations:
            assert citation.line is not None
            window = "".join(lines[citation.line - 1 : citation.line + 6])
            flat = re.sub(r"\s+", "", re.sub(r"<[^<>]*>", "", window))
            assert re.sub(r"\s+", "", citation.text) in flat, (name, citation.text)
            assert citation.text == citation.text.strip()
            assert "  " not in citation.text
            assert "\n" not in citation.text


def test_corpus_bango_ho_citations_resolve(
    corpus_parses: dict[str, tuple[str, CitationParse]],
) -> None:
    """Every citation written with 番号法 (abbreviation, title or OCR-damaged title) resolves."""
    for _name, (_text, parse) in corpus_parses.items():
        for citation in parse.citations:
            abbrev = citation.law_abbrev or ""
            if abbrev == "番号法" or (abbrev.startswith("行政手続") and abbrev.endswith("法律")):
                assert citation.law_id == BANGO_ID, citation


# ---------------------------------------------------------------------------------------------
# Numerals and character widths
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十九", 19),
        ("二十", 20),
        ("百", 100),
        ("百二", 102),
        ("二百九十四", 294),
        ("千", 1000),
        ("三千二十一", 3021),
        ("〇", 0),
        ("二〇二四", 2024),
        ("48", 48),
        ("４８", 48),
    ],
)
def test_kanji_to_int(numeral: str, value: int) -> None:
    assert kanji_to_int(numeral) == value


@pytest.mark.parametrize("numeral", ["", "十十", "百千", "二三十", "番", "①", "1十"])
def test_kanji_to_int_rejects_malformed_numerals(numeral: str) -> None:
    with pytest.raises(ValueError, match="not a numeral"):
        kanji_to_int(numeral)


def test_kanji_numerals_in_articles() -> None:
    cited = only("地方税法第二百九十四条第三項")
    assert (cited.article, cited.paragraph, cited.law_id) == ("294", "3", "325AC0000000226")
    cited = only("番号法第十九条第八号")
    assert (cited.article, cited.item) == ("19", "8")


def test_full_width_digits_are_read_and_text_keeps_them() -> None:
    cited = only("番号法第１９条第８号に基づく主務省令第２条の表４８の項")
    assert (cited.article, cited.item, cited.table, cited.rows) == ("19", "8", "2", ("48",))
    assert cited.text == "番号法第１９条第８号に基づく主務省令第２条の表４８の項"


def test_branch_numbers() -> None:
    assert only("住民基本台帳法第30条の9").article == "30の9"
    assert only("住民基本台帳法第三十条の九").article == "30の9"
    assert only("番号法第19条第8号の2").item == "8の2"
    assert only("番号法第19条第8号 別表第2の102の2の項").rows == ("102の2",)


# ---------------------------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------------------------


def test_bango_ho_article_9_with_table_row() -> None:
    for text in (
        "番号法第9条第1項 別表24の項",
        "番号法第9条第1項 別表の24の項",
        "行政手続における特定の個人を識別するための番号の利用等に関する法律第9条第1項 別表の24の項",
    ):
        cited = only(text)
        assert (cited.law, cited.law_id) == (BANGO, BANGO_ID)
        assert (cited.article, cited.paragraph, cited.table, cited.rows) == (
            "9",
            "1",
            "別表",
            ("24",),
        )
    assert only("番号法第9条第1項 別表の111の項").rows == ("111",)


def test_article_19_item_8_ordinance_table() -> None:
    cited = only("番号法第19条第8号に基づく主務省令第2条の表5の項")
    assert (cited.law_id, cited.article, cited.item) == (BANGO_ID, "19", "8")
    assert (cited.table, cited.rows, cited.table_law) == ("2", ("5",), MEIREI)
    assert citation_key(cited) == "番号法19条8号 表5項"


def test_rows_as_lists_and_ranges() -> None:
    base = "番号法第19条第8号に基づく主務省令第2条の表"
    assert only(base + "(第1、2、3の項)").rows == ("1", "2", "3")
    assert only(base + "1、2、5の項").rows == ("1", "2", "5")
    assert only(base + "(第1～5の項)").rows == ("1", "2", "3", "4", "5")
    assert only(base + "(第1〜3、7の項)").rows == ("1", "2", "3", "7")
    assert only(base + "1~3の項").rows == ("1", "2", "3")
    assert only("番号法第9条第1項 別表46項、116項、128項").rows == ("46", "116", "128")


def test_ordinance_cited_alone() -> None:
    cited = only("提供省令第2条の表の第1項")
    assert (cited.law, cited.article, cited.table, cited.rows) == (MEIREI, "2", "2", ("1",))
    assert cited.table_law is None


def test_other_laws_and_enforcement_orders() -> None:
    cited = only("番号法施行令第21条")
    assert (cited.law_id, cited.article) == ("426CO0000000155", "21")
    cited = only("地方税法第294条第3項")
    assert (cited.law_id, cited.article, cited.paragraph) == ("325AC0000000226", "294", "3")
    cited = only("番号法別表の主務省令で定める事務を定める命令第54条")
    assert cited.law == BANGO + "別表の主務省令で定める事務を定める命令"
    assert cited.article == "54"


def test_items_of_article_19() -> None:
    assert [(c.article, c.item) for c in text_to_citations(
        "番号法第19条第8号、第19条第9号、第15号"
    )] == [("19", "8"), ("19", "9")]  # fmt: skip
    assert keys("番号法第19条第16号") == ["番号法19条16号"]


def test_local_ordinance_names_are_data() -> None:
    for municipality in ("千葉市", "つくば市", "岡山市", "架空町"):
        cited = only(f"{municipality}個人番号の利用及び特定個人情報の提供に関する条例第4条")
        assert cited.local
        assert cited.law_abbrev == f"{municipality}個人番号の利用及び特定個人情報の提供に関する条例"
        assert (cited.law, cited.law_id, cited.article) == (None, None, "4")
    assert only("架空市個人情報の保護に関する法律施行細則第9条").local
    assert not only("番号法施行規則第2条第4項").local
    assert not only("都市再生特別措置法施行規則第1条").local


def test_same_law_and_same_article() -> None:
    cites = text_to_citations("公営住宅法による公営住宅（同法第二条第二号に規定する公営住宅）")
    assert [(c.law_abbrev, c.article, c.item, c.text) for c in cites] == [
        ("公営住宅法", "2", "2", "同法第二条第二号")
    ]
    cites = text_to_citations("地域優良賃貸住宅制度要綱第二条第九号又は同条第十六号に規定する")
    assert [(c.article, c.item) for c in cites] == [("2", "9"), ("2", "16")]
    assert cites[1].law_abbrev == "地域優良賃貸住宅制度要綱"
    assert [(c.law_abbrev, c.article, c.line) for c in text_to_citations(
        "架空市某規則第1条\n市長\t同第2条", line=10
    )] == [("架空市某規則", "1", 10), ("架空市某規則", "2", 11)]  # fmt: skip
    assert parse_citations("同法第3条").unparsed[0].text == "同法第3条"


def test_bare_ho_refers_to_the_law_named_before() -> None:
    cites = text_to_citations(
        "なお、番号法においては、法第19条第8号に基づく主務省令第2条の表に基づいて"
    )
    assert [(c.law_id, c.text) for c in cites] == [
        (BANGO_ID, "法第19条第8号に基づく主務省令第2条の表")
    ]


def test_supplementary_provisions_and_law_numbers() -> None:
    cited = only("平成八年法律第八十二号附則第十六条第三項")
    assert cited.supplementary
    assert cited.law_number == "平成八年法律第八十二号"
    assert (cited.article, cited.paragraph) == ("16", "3")
    cited = only("個人情報の保護に関する法律(平成15年法律第57号)第77条第1項")
    assert (cited.law_id, cited.law_number) == ("415AC0000000057", "平成15年法律第57号")


# ---------------------------------------------------------------------------------------------
# Several citations, noise, damage
# ---------------------------------------------------------------------------------------------


def test_several_citations_in_one_cell() -> None:
    assert keys("番号法第9条、地方税法第331条、第373条、国税徴収法第141条等") == [
        "番号法9条",
        "地方税法331条",
        "地方税法373条",
        "国税徴収法141条",
    ]
    assert keys(
        "・番号法第9条第1項 別表24の項 ・番号法第9条第4項 ・架空市個人番号の利用に関する条例第5条"
    ) == ["番号法9条1項 別表24項", "番号法9条4項", "架空市個人番号の利用に関する条例5条"]


def test_noise_around_citations() -> None:
    assert keys('<ul style="x"> <li>・番号法第9条第1項 別表の24の項</li> </ul>') == [
        "番号法9条1項 別表24項"
    ]
    assert only("<p>【情報照会】 番号法第19条第8号</p>").text == "番号法第19条第8号"
    assert keys("&lt;番号法第19条第8号&gt;") == ["番号法19条8号"]
    assert keys("- 番号法第9条第4項 ・番号法第14条") == ["番号法9条4項", "番号法14条"]


def test_ocr_spacing_and_line_breaks() -> None:
    assert only("番号法第 19条第8号").text == "番号法第 19条第8号"
    cited = only("・庁内連携を通じた入手を行うことは番号法第\n14条第1項の規定により")
    assert (cited.text, cited.article, cited.paragraph) == ("番号法第14条第1項", "14", "1")
    assert only("番号法第9条第1項　別表46項、116\n項、128項").rows == ("46", "116", "128")
    cited = only("番号法第19条第8号に基づく主務省令第2条の\t表37の項")
    assert cited.rows == ("37",)
    cited = only("番号法第19条第8号 別表第二 (別表第二の根拠): (第1, 2, 3 0, 11 6項)")
    assert cited.rows == ("1", "2", "30", "116")


def test_ocr_confusions() -> None:
    assert only("番号法第19条第8号に基づく主務省合第2条の表1の項").table_law == MEIREI
    assert only("番号法第9条第1項 別表第-の16の項").table == "別表第1"
    cited = only("行政手続における特定の個人を識別するため番号の利用等に関する法律第9条第1項")
    assert cited.law_id == BANGO_ID


def test_known_name_after_a_particle_is_not_glued_to_it() -> None:
    """Regression: 「…福祉に関する法律に番号法第19条」 was read as one law name."""
    cited = text_to_citations("精神保健及び精神障害者福祉に関する法律に番号法第19条第8号")[0]
    assert cited.law_abbrev == "番号法"


def test_recipient_before_a_law_is_not_part_of_its_name() -> None:
    """Regression: 「厚生労働大臣 番号法…」 was read as the law 厚生労働大臣番号法."""
    assert only("厚生労働大臣 番号法第19条第8号").law_abbrev == "番号法"


def test_ocr_space_inside_an_unknown_name_is_joined() -> None:
    """Regression: 「…提供に関 する条例第4条」 gave the law する条例."""
    cited = only("架空市個人番号の利用に関 する条例第4条")
    assert cited.law_abbrev == "架空市個人番号の利用に関する条例"
    assert only("架空市移動支援費支給要 綱第5条第1項").law_abbrev == "架空市移動支援費支給要綱"


def test_unreadable_citations_are_returned_not_dropped() -> None:
    result = parse_citations("番号法第19条10号、番号法第19号第1号、政令22条")
    assert [u.text for u in result.unparsed] == ["番号法第19号第1号"]
    result = parse_citations("架空市個人情報保護条例第12条第1項第1項の規定", line=5)
    assert [(c.article, c.paragraph) for c in result.citations] == [("12", "1")]
    assert [(u.text, u.line) for u in result.unparsed] == [("第1項", 5)]
    assert [u.text for u in parse_citations("知事\t\t表39の項\ti").unparsed] == ["表39の項"]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("番号法第9条\n地方税法第331条", [10, 11]),
        ("番号法第9条、\n地方税法第331条", [10, 11]),
        ("番号法第19条第8号\n主務省令第2条の表\n39の項", [10, 11]),
        ("番号法\n第9条第1項 別表24の項\n地方税法第331条", [10, 12]),
        ("住民基本台帳法第30条の9\n番号法第19条第8号及び\n同法別表第2の27の項", [10, 11, 12]),
        ("前文\n\n番号法第9条", [12]),
    ],
)
def test_a_citation_on_a_continuation_line_carries_that_line(text: str, lines: list[int]) -> None:
    """Regression: a citation right after a line break was given the line before it (its span
    started at the break)."""
    assert [c.line for c in parse_citations(text, line=10).citations] == lines


def test_citations_of_a_value_printed_over_several_lines() -> None:
    pieces = [
        "番号法第19条第8号に基づく主務省令第2条の表",
        "1の項、地方税法",
        "第22条 番号法第20条",
    ]
    parsed = parse_citation_lines(pieces, [31, 33, 34])
    assert [(c.text, c.line) for c in parsed.citations] == [
        ("番号法第19条第8号に基づく主務省令第2条の表1の項", 31),
        ("地方税法第22条", 33),
        ("番号法第20条", 34),
    ]
    pieces = ["番号法第19条10号、", "番号法第19号第1号、政令22条"]
    unparsed = parse_citation_lines(pieces, [7, 9]).unparsed
    assert [(u.text, u.line) for u in unparsed] == [("番号法第19号第1号", 9)]


def test_every_citation_of_the_corpus_records_carries_the_line_where_it_is_written(
    corpus_file: Path,
) -> None:
    result = extract_file(corpus_file)
    raw = corpus_file.read_text(encoding="utf-8").split("\n")
    citations = [*result.mynumber_use_basis, *result.network_linkage.basis]
    for information_file in result.files:
        for flow in (*information_file.provisions, *information_file.transfers):
            citations += flow.basis
    for flow in result.annex_provisions:
        citations += flow.basis
    for requester in result.requesters:
        citations += requester.basis
    for citation in citations:
        assert citation.line is not None, citation.text
        written = "".join(normalize_line(raw[citation.line - 1]).split())
        assert "".join(citation.text.split())[:4] in written, (citation.line, citation.text)


def test_no_citations_in_ordinary_text() -> None:
    for text in (
        "国民年金第１号被保険者の異動情報",
        "〒260-8722　千葉市中央区千葉港1番1号",
        "提供方法：電子記録媒体",
        "④記録される項目 [ 50項目以上100項目未満",
        "令和6年11月15日 別紙2 No.1 別表項番\t16\t24",
        "",
    ):
        assert parse_citations(text) == CitationParse(), text


def test_table_reference_without_article() -> None:
    cited = only("番号法別表の左欄に掲げる者")
    assert (cited.law_id, cited.article, cited.table, cited.rows) == (BANGO_ID, None, "別表", ())
    assert citation_key(cited) == "番号法別表"


# ---------------------------------------------------------------------------------------------
# Resolution and keys
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "law_id"),
    [
        ("番号法", BANGO_ID),
        (BANGO, BANGO_ID),
        ("地方税法", "325AC0000000226"),
        ("住民基本台帳法", "342AC0000000081"),
        ("住基法", "342AC0000000081"),
        ("番号法施行令", "426CO0000000155"),
    ],
)
def test_resolve_law_known_ids(name: str, law_id: str) -> None:
    assert resolve_law(name)[1] == law_id


def test_resolve_law_never_mistakes_an_enforcement_order_for_its_law() -> None:
    assert resolve_law(BANGO + "施行令")[1] == "426CO0000000155"
    assert resolve_law("特定障害者に対する特別障害給付金の支給に関する法律施行令") == (None, None)
    assert resolve_law("架空市個人情報保護条例") == (None, None)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("番号法第19条第8号に基づく主務省令第2条の表5の項", "番号法19条8号 表5項"),
        ("番号法第9条第1項 別表24の項", "番号法9条1項 別表24項"),
        ("番号法第19条第8号 別表第二 27の項", "番号法19条8号 別表第2の27項"),
        ("住民基本台帳法第30条の9", "住基法30条の9"),
        ("平成八年法律第八十二号附則第十六条第三項", "平成八年法律第八十二号附則16条3項"),
        ("利用特定個人情報提供省令第2条の表", "主務省令2条 2条の表"),
    ],
)
def test_citation_key(text: str, key: str) -> None:
    assert citation_key(only(text)) == key


def test_citation_is_frozen_and_keyword_only() -> None:
    cited = only("番号法第9条")
    with pytest.raises(AttributeError):
        cited.article = "10"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Citation("番号法第9条")  # type: ignore[call-arg]


# ---------------------------------------------------------------------------------------------
# Robustness
# ---------------------------------------------------------------------------------------------

_CITATION_ALPHABET = (
    "第条項号の表別同法令省規則例附十百千一二三四五六七八九〇0123456789０１２"
    "、・,()（）「」以下番号地方税主務に基づく及び又は市 \t\n<>/li~～-"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_CITATION_ALPHABET, max_size=80))
def test_parsing_never_raises_on_citation_like_text(text: str) -> None:
    result = parse_citations(text, line=1)
    for citation in result.citations:
        assert citation.line is not None
        assert citation.line >= 1
        assert "\n" not in citation.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_parsing_never_raises_on_arbitrary_text(text: str) -> None:
    assert isinstance(parse_citations(text), CitationParse)


def _kanji(number: int) -> str:
    """Counting-form kanji numeral of 1..9999 (test helper, the inverse of kanji_to_int)."""
    digits = "〇一二三四五六七八九"
    out = ""
    for unit, mark in ((1000, "千"), (100, "百"), (10, "十")):
        count, number = divmod(number, unit)
        if count:
            out += ("" if count == 1 else digits[count]) + mark
    return out + (digits[number] if number else "")


_GENERATED_LAWS = ("番号法", "地方税法", "住民基本台帳法", "番号法施行令",
                   "架空市個人番号の利用に関する条例", "架空町税条例施行規則")  # fmt: skip
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _full_width(number: int) -> str:
    return str(number).translate(_FULL_WIDTH)


_RENDER: dict[str, Callable[[int], str]] = {
    "ascii": str,
    "full": _full_width,
    "kanji": _kanji,
}


@st.composite
def _written_provision(draw: st.DrawFn) -> tuple[str, str, str, str | None, str | None]:
    law = draw(st.sampled_from(_GENERATED_LAWS))
    render = _RENDER[draw(st.sampled_from(sorted(_RENDER)))]
    article = draw(st.integers(1, 400))
    branch = draw(st.none() | st.integers(2, 9))
    paragraph = draw(st.none() | st.integers(1, 9))
    item = draw(st.none() | st.integers(1, 30))
    text = f"{law}第{render(article)}条"
    if branch:
        text += f"の{render(branch)}"
    if paragraph:
        text += f"第{render(paragraph)}項"
    if item:
        text += f"第{render(item)}号"
    prefix = draw(st.sampled_from(["", "・", "<li>", "【情報照会】 ", "x\t", "なお、", "- "]))
    suffix = draw(st.sampled_from(["", "に基づき", "</li>", "。", "\t事後", " 等"]))
    number = f"{article}の{branch}" if branch else str(article)
    return (
        prefix + text + suffix,
        law,
        number,
        str(paragraph) if paragraph else None,
        str(item) if item else None,
    )


@settings(max_examples=300, deadline=None)
@given(_written_provision())
def test_written_provisions_are_read_back(
    written: tuple[str, str, str, str | None, str | None],
) -> None:
    text, law, article, paragraph, item = written
    cited = only(text)
    assert (cited.law_abbrev, cited.article, cited.paragraph, cited.item) == (
        law,
        article,
        paragraph,
        item,
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 180), min_size=1, max_size=12, unique=True),
    st.sampled_from(["、", ",", ", ", "、 "]),
    st.booleans(),
)
def test_row_lists_are_read_back(rows: list[int], separator: str, paren: bool) -> None:
    listed = separator.join(str(r) for r in rows)
    table = f"(第{listed}の項)" if paren else f"{listed}の項"
    cited = only(f"番号法第19条第8号に基づく主務省令第2条の表{table}")
    assert cited.rows == tuple(str(r) for r in rows)


def test_malformed_law_number_does_not_raise() -> None:
    """Regression: 平成十十年法律第三号 raised ValueError while looking the number up."""
    cited = only("平成十十年法律第三号附則第2条")
    assert (cited.law_number, cited.supplementary, cited.law_id) == (
        "平成十十年法律第三号",
        True,
        None,
    )


def test_rows_too_many_to_expand_are_reported() -> None:
    result = parse_citations("番号法第19条第8号に基づく主務省令第2条の表(第1~600の項)")
    assert [c.rows for c in result.citations] == [()]
    assert [u.text for u in result.unparsed] == ["(第1~600の項)"]


@pytest.mark.parametrize(
    ("text", "table", "rows"),
    [
        ("番号法第9条第1項 別\n表の24の項", "別表", ("24",)),
        ("番号法第9条第1項 別表の2\n4の項", "別表", ("24",)),
        ("番号法第19条第8号に基づく主務省\n令第2条の表120の項", "2", ("120",)),
        ("番号法第19条第8号に基\nづく主務省令第2条の表1\n20の項", "2", ("120",)),
    ],
)
def test_a_line_break_inside_a_word_or_a_number_is_joined(
    text: str, table: str, rows: tuple[str, ...]
) -> None:
    cited = only(text)
    assert (cited.table, cited.rows, cited.line) == (table, rows, None)
    assert "\n" not in cited.text


def test_a_list_number_on_the_next_line_is_no_wrapped_number() -> None:
    found = text_to_citations("番号法第9条第1項 別表の16の項\n2. 地方税法第294条", line=7)
    assert [(c.rows, c.article, c.line) for c in found] == [(("16",), "9", 7), ((), "294", 8)]
