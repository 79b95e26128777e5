"""Tests of 別添2 特定個人情報ファイル記録項目 (ingest.extractors.record_item)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ingest_helpers import source_of
from ingest_sections import file_records, source_records
from ingest_testdata import DATA

from ingest.form import SectionKind
from ingest.pipeline import extract_file
from ingest.records import DataItem, IssueCode
from ingest.source import read_source

KIND = SectionKind.RECORD_ITEMS


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (DATA / "expected" / "record_items" / f"{path.stem}.json").read_text(encoding="utf-8")
    )
    return data


def _expected_items(path: Path) -> list[tuple[Any, ...]]:
    """(no, name, group, file, line) of every expected item, in order."""
    want = _expected(path)
    items: list[tuple[Any, ...]] = []
    for entry in want.get("lines", []):
        items += [
            (None, name, entry["group"], entry["file"], entry["line"])
            for name in entry["items"].split(" ")
        ]
    for table in want.get("tables", []):
        items += [(no, name, table["group"], None, line) for no, name, line in table["items"]]
    return items


def _item(item: DataItem) -> tuple[Any, ...]:
    return (item.no, item.name, item.group, item.file, item.line)


def test_every_corpus_text_has_expected_items(corpus_file: Path) -> None:
    assert (DATA / "expected" / "record_items" / f"{corpus_file.stem}.json").is_file()


def test_every_item_is_read_once_in_order(corpus_file: Path) -> None:
    got = [_item(item) for item in file_records(corpus_file, KIND).data_items]
    assert len(got) == _expected(corpus_file)["count"]
    assert got == _expected_items(corpus_file)


def test_issues(corpus_file: Path) -> None:
    result = extract_file(corpus_file)
    reference = "別添1" if result.document.kind == "重点項目評価書" else "別添2"
    missing = [
        (i.code.value, i.form_ref, i.line)
        for i in result.issues
        if i.code is IssueCode.SECTION_MISSING and i.form_ref == reference
    ]
    own = [(i.code.value, i.form_ref, i.line) for i in file_records(corpus_file, KIND).issues]
    want = [(i["code"], i["form_ref"], i["line"]) for i in _expected(corpus_file)["issues"]]
    assert sorted(missing + own, key=str) == sorted(want, key=str)


def test_the_pipeline_keeps_the_items(corpus_file: Path) -> None:
    assert extract_file(corpus_file).data_items == file_records(corpus_file, KIND).data_items


def test_full_width_digits_and_crlf_give_the_same_items(corpus_file: Path) -> None:
    text = read_source(corpus_file).text
    wide = text.translate({code: code + 0xFEE0 for code in range(0x30, 0x3A)})
    got = source_records(source_of(wide.replace("\n", "\r\n")), KIND).data_items
    assert got == file_records(corpus_file, KIND).data_items


# --- small texts -------------------------------------------------------------------------------

HEADING = "(別添2) 特定個人情報ファイル記録項目\n"


def _items(body: str) -> Any:
    return source_records(source_of(HEADING + body), KIND)


def test_a_list_that_reaches_no_page_edge_is_never_glued() -> None:
    got = _items("<宛名>\n宛名番号 個人番号 氏名情報 世帯番号 生年月日 性別 続柄 住所\n住民区分\n")
    assert [i.name for i in got.data_items][-2:] == ["住所", "住民区分"]


def test_items_cut_at_the_page_edge_are_joined() -> None:
    """001: '… 特別障害者扶養数 年' / '少扶養数 …' at the page width."""
    got = _items(
        "<所得情報>\n"
        "宛名番号 賦課年度 相当年度 一般扶養数 老人扶養数 障害者扶養数 年\n"
        "少扶養数 障害者区分 寡婦区分 公的年金収入 所得金額 純損失 雑損控\n"
        "除 均等割額\n"
    )
    names = [i.name for i in got.data_items]
    assert "年少扶養数" in names
    assert "雑損控除" in names
    assert [i.line for i in got.data_items if i.name in ("年少扶養数", "雑損控除")] == [3, 4]


def test_numbered_items_keep_their_numbers_and_parentheses() -> None:
    got = _items("1 氏名\n2 検診種別 (個別・集団)\n・3 住所\n")
    assert [(i.no, i.name) for i in got.data_items] == [
        (1, "氏名"),
        (2, "検診種別 (個別・集団)"),
        (3, "住所"),
    ]


def test_file_and_group_headings() -> None:
    got = _items("(1) 住民税ファイル\n<宛名>\n氏名、住所\n(2) 収納ファイル\n<収納>\n納付額\n")
    assert [(i.file, i.group, i.name) for i in got.data_items] == [
        ("住民税ファイル", "宛名", "氏名"),
        ("住民税ファイル", "宛名", "住所"),
        ("収納ファイル", "収納", "納付額"),
    ]


def test_a_grid_is_read_column_by_column_from_its_raw_cells() -> None:
    """004: leading empty cells keep a row's cells in their columns."""
    got = _items(
        "\tA検診\tB検診\n"
        "1\t年度\t1 年度\n"
        "2\t受診日\tC検診\n"
        "\t\t1 年度\n"
        "\tD検診\t2 受診日\n"
        "1\t年齢\t\n"
    )
    assert [(i.group, i.no, i.name, i.line) for i in got.data_items] == [
        ("A検診", 1, "年度", 3),
        ("A検診", 2, "受診日", 4),
        ("D検診", 1, "年齢", 7),
        ("B検診", 1, "年度", 3),
        ("C検診", 1, "年度", 5),
        ("C検診", 2, "受診日", 6),
    ]


def test_ocr_noise_and_notes_are_no_items() -> None:
    got = _items("以下のとおり\n氏名 住所\nMinxOIC nL nX\n")
    assert [i.name for i in got.data_items] == ["氏名", "住所"]


def test_a_pointer_to_an_annex_the_text_has_reads_it() -> None:
    text = (
        HEADING
        + "別紙3に記載\n"
        + "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策\n"
        + "別紙3\n<宛名>\n氏名 住所\n"
    )
    got = source_records(source_of(text), KIND)
    assert [(i.name, i.line) for i in got.data_items] == [("氏名", 6), ("住所", 6)]


def test_a_pointer_to_a_missing_annex_is_field_missing() -> None:
    got = _items("別紙3に記載\n")
    assert got.data_items == ()
    assert [i.code for i in got.issues] == [IssueCode.FIELD_MISSING]
    assert "別紙3" in got.issues[0].message


def test_an_item_listed_twice_under_one_heading_is_kept_once() -> None:
    got = _items("<宛名>\n氏名 住所\n氏名\n")
    assert [i.name for i in got.data_items] == ["氏名", "住所"]
    assert [i.code for i in got.issues] == [IssueCode.DUPLICATE_ITEM]


def test_a_line_printed_twice_at_the_greatest_width_is_no_page_edge() -> None:
    got = _items(
        "<宛名情報>\n宛名番号 氏名 氏名の振り仮名 生年月日 性別 住所 世帯番号 続柄 住民区分\n"
        "宛名番号 氏名 氏名の振り仮名 生年月日 性別 住所 世帯番号 続柄 住民区分\n"
        "<業務情報>\n受給者番号 児童氏名\n"
    )
    names = [(i.group, i.name) for i in got.data_items]
    assert ("宛名情報", "住民区分") in names
    assert ("業務情報", "受給者番号") in names
    assert not any("<" in name or "区分受給者" in name for _group, name in names)


def test_short_lines_of_equal_width_are_no_page_edge() -> None:
    got = _items("<宛名>\n宛名番号 氏名 住所\n個人番号 性別 続柄\n")
    assert [i.name for i in got.data_items] == [
        "宛名番号",
        "氏名",
        "住所",
        "個人番号",
        "性別",
        "続柄",
    ]
