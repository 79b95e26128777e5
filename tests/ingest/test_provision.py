"""Ⅱ 5 提供・移転 (ingest/extractors/provision.py): synthetic blocks and the corpus texts."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from ingest_blocks import block_of, empty_block, record_mismatches, text_block, text_to_block
from ingest_testdata import CORPUS, DATA

from ingest.extractors.base import ExtractionContext
from ingest.extractors.provision import ProvisionBlock, extract_provisions
from ingest.records import IssueCode
from ingest.source import read_source

EXPECTED = DATA / "expected" / "provisions"


def read(text: str) -> ProvisionBlock:
    return extract_provisions(text_block(text), ExtractionContext())


def codes(result: ProvisionBlock) -> list[IssueCode]:
    return [found.code for found in result.issues]


ROWS = """5. 特定個人情報の提供・移転(委託に伴うものを除く。)
提供・移転の有無\t[○] 提供を行っている ( 1 ) 件 [○] 移転を行っている ( 1 ) 件 [ ] 行っていない
提供先1\t厚生労働大臣
①法令上の根拠\t番号法第19条第8号に基づく主務省令第2条の表1の項
②提供先における用途\t健康保険に関する事務であって主務省令で定めるもの
③提供する情報\t地方税関係情報
④提供する情報の対象となる本人の数\t[ 10万人以上100万人未満 ] <選択肢> 1) 1万人未満
⑤提供する情報の対象となる本人の範囲\t申告者とその扶養親族
⑥提供方法\t[○] 情報提供ネットワークシステム [ ] 専用線
\t[ ] 電子メール [ ] 電子記録媒体(フラッシュメモリを除く。)
\t[ ] フラッシュメモリ [ ] 紙 [ ] その他 ( )
⑦時期・頻度\t照会を受けたら都度
提供先2～5
移転先1\t福祉部福祉課
①法令上の根拠\t番号法第9条第1項 別表の24の項
②移転先における用途\t児童手当の支給に関する事務
③移転する情報\t地方税関係情報
④移転する情報の対象となる本人の数\t[ 1万人以上10万人未満 ]
⑤移転する情報の対象となる本人の範囲\t受給者
⑥移転方法\t[○] 庁内連携システム [ ] 専用線 [○] その他 (LGWAN回線、電子申請 )
⑦時期・頻度\t随時
移転先2～5
"""


def test_a_table_of_rows_gives_every_field() -> None:
    result = read(ROWS)
    assert (result.provision_count, result.transfer_count) == (1, 1)
    (provision,) = result.provisions
    (transfer,) = result.transfers
    assert (provision.no, provision.recipient, provision.line) == (1, "厚生労働大臣", 3)
    (basis,) = provision.basis
    assert (basis.law_abbrev, basis.article, basis.item, basis.table, basis.rows) == (
        "番号法",
        "19",
        "8",
        "2",
        ("1",),
    )
    assert basis.line == 4
    assert provision.basis_text == "番号法第19条第8号に基づく主務省令第2条の表1の項"
    assert (provision.info, provision.count, provision.scope) == (
        "地方税関係情報",
        "10万人以上100万人未満",
        "申告者とその扶養親族",
    )
    assert provision.methods == ("情報提供ネットワークシステム",)
    assert (provision.timing, provision.direction, provision.source_form_ref) == (
        "照会を受けたら都度",
        "提供",
        "Ⅱ 5",
    )
    assert (transfer.recipient, transfer.purpose, transfer.direction) == (
        "福祉部福祉課",
        "児童手当の支給に関する事務",
        "移転",
    )
    assert transfer.methods == ("庁内連携システム", "その他", "LGWAN回線", "電子申請")
    assert [(c.article, c.paragraph) for c in transfer.basis] == [("9", "1")]
    assert result.issues == ()


def test_not_providing_with_an_empty_template() -> None:
    text = """5. 特定個人情報の提供・移転(委託に伴うものを除く。)
提供・移転の有無\t[ ] 提供を行っている ( ) 件 [ ] 移転を行っている ( ) 件 [○] 行っていない
提供先1
①法令上の根拠
②提供先における用途
④提供する情報の対象となる本人の数\t<選択肢> 1) 1万人未満 2) 1万人以上10万人未満
⑥提供方法\t[ ] 情報提供ネットワークシステム [ ] 専用線 [ ] その他 ( )
⑦時期・頻度
移転先1
①法令上の根拠
"""
    result = read(text)
    assert (result.provision_count, result.transfer_count) == (None, None)
    assert (result.provisions, result.transfers) == ((), ())
    assert codes(result) == [IssueCode.EMPTY_TEMPLATE]
    assert "行っていない" in result.issues[0].message


def test_counts_that_differ_from_the_flows_and_an_annex() -> None:
    text = ROWS.replace("( 1 ) 件 [ ] 行っていない", "( 27 ) 件 [ ] 行っていない").replace(
        "移転先1\t福祉部福祉課", "移転先1\t別表の左欄に掲げる者(移転先1から27は別紙2を参照)"
    )
    result = read(text)
    (transfer,) = result.transfers
    assert transfer.annex == "別紙2"
    (mismatch,) = result.issues
    assert mismatch.code is IssueCode.COUNT_MISMATCH
    assert "( 27 ) 件" in mismatch.message
    assert "別紙2" in mismatch.message
    assert mismatch.form_ref == "Ⅱ 5"


def test_a_citation_that_does_not_parse() -> None:
    text = ROWS.replace("番号法第9条第1項 別表の24の項", "番号法第19号第1号")
    result = read(text)
    assert result.transfers[0].basis == ()
    assert codes(result) == [IssueCode.UNPARSED_CITATION]


PAGE_TEXT_BASIS = """5. 特定個人情報の提供・移転(委託に伴うものを除く。)
提供・移転の有無\t[○] 提供を行っている ( 1 ) 件 [ ] 移転を行っている ( ) 件 [ ] 行っていない
提供先1\t厚生労働大臣
①法令上の根拠
番号法第19条第8号に基づく主務省令第2条の表
1の項、地方税法
第22条及び番号法第19条第9号
②提供先における用途\t健康保険に関する事務
③提供する情報\t地方税関係情報
⑦時期・頻度\t照会を受けたら都度
"""


def test_citations_of_a_basis_printed_over_lines_carry_their_own_lines() -> None:
    """Regression: every citation of ①法令上の根拠 had the line of the label."""
    (provision,) = read(PAGE_TEXT_BASIS).provisions
    assert [(c.text, c.line) for c in provision.basis] == [
        ("番号法第19条第8号に基づく主務省令第2条の表1の項", 5),
        ("地方税法第22条", 6),
        ("番号法第19条第9号", 7),
    ]
    text = PAGE_TEXT_BASIS.replace("第22条及び番号法第19条第9号", "第22条及び番号法第19号第1号")
    result = read(text)
    (fragment,) = (found for found in result.issues if found.code is IssueCode.UNPARSED_CITATION)
    assert fragment.line == 7


def test_a_staircase_is_split_by_the_values_it_repeats() -> None:
    basis = "番号法第19条第8号に基づく主務省令第2条の表5の項"
    labels = "①法令上の根拠 ②提供先における用途"
    text = f"""提供・移転の有無\t[○] 提供を行っている ( 2 ) 件
提供先1\t厚生労働大臣
提供先1 ①法令上の根拠\t厚生労働大臣 {basis}
{labels}\t{basis} 船員保険に関する事務
{labels} ③提供する情報 ④提供する情報の対象とな\t{basis} 船員保険に関する事務 地方税関係情報 <選択肢>
⑦時期・頻度\t照会を受けたら都度
⑦時期・頻度 提供先2\t照会を受けたら都度 都道府県知事
①法令上の根拠\t番号法第19条第8号に基づく主務省令第2条の表11の項
⑥提供方法 ⑦時期・頻度\t[○] 情報提供ネットワークシステム [ ] その他 ( ) 随時
"""
    first, second = read(text).provisions
    assert (first.recipient, first.basis_text, first.purpose, first.info) == (
        "厚生労働大臣",
        "番号法第19条第8号に基づく主務省令第2条の表5の項",
        "船員保険に関する事務",
        "地方税関係情報",
    )
    assert first.timing == "照会を受けたら都度"
    assert (second.recipient, second.methods, second.timing) == (
        "都道府県知事",
        ("情報提供ネットワークシステム",),
        "随時",
    )


def test_an_empty_block_is_a_missing_section() -> None:
    result = extract_provisions(text_block(""), ExtractionContext())
    assert (result.provisions, result.transfers) == ((), ())
    assert [(i.code, i.form_ref) for i in result.issues] == [(IssueCode.SECTION_MISSING, "Ⅱ 5")]


# --- the corpus ---------------------------------------------------------------------------------


def _expected(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXPECTED / f"{path.stem}.json").read_text("utf-8"))
    return loaded


def _extract(path: Path) -> ProvisionBlock:
    found = block_of(path, 5)
    return extract_provisions(
        found if found is not None else empty_block(path), ExtractionContext()
    )


def _as_json(records: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [json.loads(json.dumps(asdict(r), ensure_ascii=False, default=str)) for r in records]


def test_every_corpus_text_has_expected_provisions(corpus_file: Path) -> None:
    assert (EXPECTED / f"{corpus_file.stem}.json").is_file()


def test_corpus_block_and_counts(corpus_file: Path) -> None:
    expected, result = _expected(corpus_file), _extract(corpus_file)
    assert (block_of(corpus_file, 5) is not None) == (expected["block"] == "present")
    assert (result.provision_count, result.transfer_count) == (
        expected["provision_count"],
        expected["transfer_count"],
    )


@pytest.mark.parametrize("kind", ["provisions", "transfers"])
def test_corpus_flows_field_by_field(corpus_file: Path, kind: str) -> None:
    expected, result = _expected(corpus_file), _extract(corpus_file)
    got = _as_json(getattr(result, kind))
    assert [f["no"] for f in got] == [f["no"] for f in expected[kind]]
    word = "提供先" if kind == "provisions" else "移転先"
    gaps = expected["_known_gaps"] if kind == "provisions" else {}
    problems = []
    for record, wanted in zip(got, expected[kind], strict=True):
        missing = gaps.get(str(wanted["no"]), [])
        problems += [
            f"{word}{wanted['no']} {p}" for p in record_mismatches(record, wanted, missing)
        ]
    assert problems == []


def test_corpus_issue_codes(corpus_file: Path) -> None:
    expected, result = _expected(corpus_file), _extract(corpus_file)
    assert sorted({found.code.value for found in result.issues}) == expected["issue_codes"]
    assert all(found.form_ref == "Ⅱ 5" for found in result.issues)


# --- the same records whatever the encoding, digits or names ---------------------------------


@pytest.fixture(scope="module")
def ocr_text() -> tuple[Path, str]:
    path = next(CORPUS.glob("002_*.txt"))
    return path, read_source(path).text


def _from_text(text: str) -> ProvisionBlock:
    found = text_to_block(text, 5)
    assert found is not None
    return extract_provisions(found, ExtractionContext())


def test_same_records_from_a_bom_and_crlf_file(tmp_path: Path, ocr_text: tuple[Path, str]) -> None:
    path, text = ocr_text
    saved = tmp_path / path.name
    saved.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert _from_text(read_source(saved).text) == _extract(path)


def test_same_records_from_a_cp932_file(tmp_path: Path) -> None:
    path = next(CORPUS.glob("001_*.txt"))  # a text whose characters CP932 has
    saved = tmp_path / path.name
    saved.write_bytes(read_source(path).text.encode("cp932"))
    assert _from_text(read_source(saved).text) == _extract(path)


def test_same_records_with_full_width_digits(ocr_text: tuple[Path, str]) -> None:
    path, text = ocr_text
    wide = text.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert _from_text(wide) == _extract(path)


def test_same_records_with_other_names(ocr_text: tuple[Path, str]) -> None:
    path, text = ocr_text
    renamed = text.replace("つくば市", "みどり市").replace("厚生労働大臣", "福祉大臣")
    original, result = _extract(path), _from_text(renamed)
    swapped = json.dumps(_as_json(original.provisions + original.transfers), ensure_ascii=False)
    swapped = swapped.replace("つくば市", "みどり市").replace("厚生労働大臣", "福祉大臣")
    assert _as_json(result.provisions + result.transfers) == json.loads(swapped)


# --- lost headings, wrapped cells, values the staircase hides --------------------------------

TWO = ROWS.replace(
    "提供先2～5\n",
    "提供先2\t市町村長\n"
    "①法令上の根拠\t番号法第19条第8号に基づく主務省令第2条の表120の項\n"
    "②提供先における用途\t自立支援給付の支給に関する事務\n"
    "③提供する情報\t地方税関係情報\n"
    "⑦時期・頻度\t随時\n"
    "提供先3\t都道府県知事\n"
    "①法令上の根拠\t番号法第19条第8号に基づく主務省令第2条の表63の項\n"
    "⑦時期・頻度\t月1回\n",
).replace("( 1 ) 件 [○] 移転", "( 3 ) 件 [○] 移転")


def test_a_lost_heading_between_two_flows_is_inferred_from_the_restart() -> None:
    result = read(TWO.replace("提供先2\t市町村長\n", ""))
    assert [(p.no, p.recipient) for p in result.provisions] == [
        (1, "厚生労働大臣"),
        (2, None),
        (3, "都道府県知事"),
    ]
    second = result.provisions[1]
    assert second.basis_text == "番号法第19条第8号に基づく主務省令第2条の表120の項"
    assert (second.purpose, second.timing) == ("自立支援給付の支給に関する事務", "随時")
    assert second.line == 13  # where its fields start: the ① row after the lost heading
    assert result.provisions[0].timing == "照会を受けたら都度"  # not overwritten by 2's
    (lost,) = [i for i in result.issues if "heading is not in the text" in i.message]
    assert lost.code is IssueCode.FIELD_MISSING
    assert "提供先2" in lost.message
    assert "between 提供先1 and 提供先3" in lost.message
    assert not any(i.code is IssueCode.COUNT_MISMATCH for i in result.issues)


def test_a_lost_first_heading_is_numbered_before_the_next() -> None:
    result = read(TWO.replace("提供先1\t厚生労働大臣\n", ""))
    assert [(p.no, p.recipient) for p in result.provisions] == [
        (1, None),
        (2, "市町村長"),
        (3, "都道府県知事"),
    ]
    assert result.provisions[0].basis_text == "番号法第19条第8号に基づく主務省令第2条の表1の項"


def test_a_lost_transfer_heading_after_the_provisions_is_a_transfer() -> None:
    text = ROWS.replace("移転先2～5\n", "") + (
        "移転先2\t住宅課\n①法令上の根拠\t番号法第9条第1項 別表の111の項\n"
        "②移転先における用途\t公営住宅の管理に関する事務\n"
    )
    result = read(text.replace("移転先1\t福祉部福祉課\n", ""))
    assert [p.no for p in result.provisions] == [1]
    assert [(p.no, p.recipient) for p in result.transfers] == [(1, None), (2, "住宅課")]
    assert result.transfers[0].purpose == "児童手当の支給に関する事務"


def test_a_line_printed_twice_is_no_lost_heading() -> None:
    text = TWO.replace("⑦時期・頻度\t随時\n", "⑦時期・頻度\t随時\n⑦時期・頻度\t随時\n")
    assert [p.no for p in read(text).provisions] == [1, 2, 3]


def test_a_wrapped_value_cell_goes_on_on_the_next_line() -> None:
    text = TWO.replace(
        "②提供先における用途\t自立支援給付の支給に関する事務\n",
        "②提供先における用途\t障害者の日常生活及び社会生活を総合的に支援するための法律によ\n"
        "る自立支援給付の支給に関する事務\n",
    ).replace(
        "⑤提供する情報の対象となる本人の範囲\t申告者とその扶養親族\n",
        "⑤提供する情報の対象となる本人の範囲\t申告者と\nその扶養親族\n",
    )
    result = read(text)
    assert result.provisions[1].purpose == (
        "障害者の日常生活及び社会生活を総合的に支援するための法律による自立支援給付の支給に関する事務"
    )
    assert result.provisions[0].scope == "申告者とその扶養親族"
    # A grid row after a text field is no continuation of it.
    assert result.provisions[0].methods == ("情報提供ネットワークシステム",)


def test_a_staircase_cell_holding_a_value_the_other_flows_state_gives_it() -> None:
    # 提供先3's ②③ only inside a row that repeats its cells and cannot be split (its ① is not
    # stated): ③ is the value 提供先1 and 2 state, word for word in the cell.
    text = TWO.replace(
        "提供先3\t都道府県知事\n①法令上の根拠\t番号法第19条第8号に基づく主務省令第2条の表63の項\n",
        "提供先3\t都道府県知事\n"
        "提供先3 ①法令上の根拠 ②提供先における用途 ③提供する情報\t都道府県知事 番号法第19条の "
        "生活保護に関する 事務 地方税関係情報\n",
    )
    third = read(text).provisions[2]
    assert (third.no, third.recipient, third.info) == (3, "都道府県知事", "地方税関係情報")
    assert third.purpose is None


def test_generated_flows_survive_a_lost_heading() -> None:
    from ingest_helpers import extract_text
    from ingest_synth import drop_line, generated_with

    made = generated_with(
        lambda m: any(len(f.provisions) >= 3 and f.transfers for f in m.expected.files)
    )
    (information_file,) = [f for f in made.expected.files if len(f.provisions) >= 3][:1]
    for word, flows in (
        ("提供先", information_file.provisions),
        ("移転先", information_file.transfers),
    ):
        for flow in flows:
            text = drop_line(made.text, rf"{word}{flow.no}\t")
            (got,) = [f for f in extract_text(text).files if f.name == information_file.name]
            found = got.provisions if word == "提供先" else got.transfers
            assert [p.no for p in found] == [p.no for p in flows], (word, flow.no)
            lost = next(p for p in found if p.no == flow.no)
            assert lost.recipient is None
            assert (lost.basis_text, lost.purpose, lost.timing) == (
                flow.basis_text,
                flow.purpose,
                flow.timing,
            )


_STAIR_LABELS = (
    "提供先2 ①法令上の根拠 ②提供先における用途 ③提供する情報 ④提供する情報の対象となる本人の数"
    " ⑤提供する情報の対象となる本人の数 ⑥提供方法"
)
_STAIR_CELL = (
    "知事 番号法第19条第8号に基づく主務省令第2条の表2の項 福祉に関する事務 地方税関係情報"
    " [ 10万人以上100万人未満 ] 2)17 3)10 申告者とその扶 [○] 情報提供ネットワークシステム"
    " [ ] その他 ( 照会を受けたら都度 知事等\t人人 養親族"
)
_STAIR_FIRST = (
    "提供先2 ①法令上の根拠 ②提供先における用途\t知事 番号法第19条第8号に基づく主務省令第2条の"
    "表2の項 福祉に関する事務"
)
STAIRCASE = (
    """5. 特定個人情報の提供・移転(委託に伴うものを除く。)
提供・移転の有無\t[○] 提供を行っている ( 3 ) 件 [ ] 移転を行っている ( ) 件 [ ] 行っていない
提供先1\t厚生労働大臣
①法令上の根拠\t番号法第19条第8号に基づく主務省令第2条の表1の項
②提供先における用途\t健康保険に関する事務
③提供する情報\t地方税関係情報
⑤提供する情報の対象となる本人の範囲\t申告者とその扶養親族
⑥提供方法\t[○] 情報提供ネットワークシステム [ ] その他 ( )
⑦時期・頻度\t照会を受けたら都度
提供先2\t知事
"""
    + f"{_STAIR_FIRST}\n{_STAIR_LABELS}\t{_STAIR_CELL}\n"
    + """④提供する情報の対象となる本人の数\t<選択肢>
⑤提供する情報の対象となる本人の範囲\t申告者とその扶養親族
⑥提供方法\t[○] 情報提供ネットワークシステム [ ] その他 ( )
⑦時期・頻度\t照会を受けたら都度
提供先4\t市町村長
"""
)


def test_a_staircase_cell_read_by_the_shape_of_its_shares() -> None:
    result = read(STAIRCASE)
    by_no = {flow.no: flow for flow in result.provisions}
    second, third = by_no[2], by_no[3]
    assert (second.scope, second.timing) == ("申告者とその扶養親族", "照会を受けたら都度")
    assert third.recipient == "知事等"


_WRAPPED_FIRST = (
    "提供先2 ①法令上の根拠 ②提供先における用途\t知事 番号法第19条第8号に基づく主務省令第2条の"
    "表2の項 児童福祉法に 番号法第19条第8号に基づく主務省令で定める 地方税関係情報"
    "\tよる費用の もの\t徴収に関する事務であって"
)
_WRAPPED_CELL = (
    "知事 番号法第19条第8号に基づく主務省令第2条の表2の項児童福祉法に番号法第19条第8号に基づく"
    "主務省令で定める地方税関係情報 [ 10万人以上100万人未満 ] 2)17 3)10 申告者とその扶 [○] "
    "情報提供ネットワークシステム [ ] その他 ( 照会を受けたら都度 知事等"
    "\tよる費用の もの 人人 養親族\t徴収に関する事務であって 0万人未満"
)
WRAPPED = STAIRCASE.replace(
    f"{_STAIR_FIRST}\n{_STAIR_LABELS}\t{_STAIR_CELL}\n",
    f"{_WRAPPED_FIRST}\n{_STAIR_LABELS}\t{_WRAPPED_CELL}\n",
)


def test_a_purpose_wrapped_into_later_ocr_columns_is_rejoined_line_by_line() -> None:
    """002 提供先12: ②'s two lines are in the value cell, what each goes on with in the cells
    after it (column 2: よる費用の, もの; column 3: 徴収に関する事務であって)."""
    second = {flow.no: flow for flow in read(WRAPPED).provisions}[2]
    assert second.purpose == (
        "児童福祉法による費用の徴収に関する事務であって番号法第19条第8号に基づく主務省令で定めるもの"
    )
    assert (second.info, second.scope) == ("地方税関係情報", "申告者とその扶養親族")


def test_a_wrapped_purpose_is_not_guessed_when_the_columns_disagree() -> None:
    disagreeing = WRAPPED.replace("\tよる費用の もの\t", "\tよる負担の もの\t", 1)
    assert {flow.no: flow for flow in read(disagreeing).provisions}[2].purpose is None


def test_a_wrapped_purpose_is_not_read_when_a_column_has_more_pieces_than_its_lines() -> None:
    more = WRAPPED.replace("\tよる費用の もの\t", "\tよる費用の もの 追加の\t", 1).replace(
        "\tよる費用の もの 人人 養親族", "\tよる費用の もの 追加の 養親族", 1
    )
    assert {flow.no: flow for flow in read(more).provisions}[2].purpose is None


def test_a_wrapped_purpose_needs_a_citation_line_before_it() -> None:
    no_basis = WRAPPED.replace("主務省令第2条の表2の項 児童福祉法に", "児童福祉法に")
    assert {flow.no: flow for flow in read(no_basis).provisions}[2].purpose is None


def test_a_wrapped_purpose_is_not_read_when_the_citation_goes_on_in_the_columns() -> None:
    cut_basis = (
        WRAPPED.replace("第2条の表2の項 児童福祉法に", "第2条の 児童福祉法に")
        .replace("第2条の表2の項児童福祉法に", "第2条の児童福祉法に")
        .replace("\tよる費用の もの", "\t表2の項 よる費用の もの")
    )
    assert {flow.no: flow for flow in read(cut_basis).provisions}[2].purpose is None


def test_a_staircase_share_no_other_item_confirms_stays_empty() -> None:
    text = STAIRCASE.replace("申告者とその扶 [", "本人のみの扶 [").replace(
        "( 照会を受けたら都度 知事等", "( 毎月 知事等"
    )
    by_no = {flow.no: flow for flow in read(text).provisions}
    assert (by_no[2].scope, by_no[2].timing, by_no[3].recipient) == (None, None, None)
