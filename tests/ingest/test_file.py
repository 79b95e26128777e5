"""Tests of the Ⅱ 特定個人情報ファイルの概要 extractor (ingest.extractors.file) and its helpers."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import extract_text, source_of
from ingest_testdata import DATA

from ingest.checkbox import line_to_tokens
from ingest.extractors.file_block import file_blocks, section_with_preface
from ingest.extractors.grid import read_boxes
from ingest.form import SectionKind
from ingest.normalize import normalize_line, normalize_text
from ingest.overview import MAIN_ITEM_OPTIONS, MAIN_ITEM_ROWS, SOURCE_OPTIONS, row_partners
from ingest.pipeline import extract_file, extract_source
from ingest.record_json import result_to_json
from ingest.records import ExtractionResult, IssueCode
from ingest.section import text_to_sections
from ingest.source import read_source

FILE_KEYS = (
    "no",
    "name",
    "type",
    "subjects",
    "subject_scope",
    "items",
    "main_items",
    "holding_start",
    "holding_start_date",
    "department",
    "sources",
    "acquisition_methods",
    "users",
    "delegation_present",
    "delegation_count",
    "provision_count",
    "transfer_count",
    "line",
)
OWN_REFS = frozenset({"Ⅱ", "Ⅱ 1", "Ⅱ 2", "Ⅱ 3", "Ⅱ 6"})
"""Form items whose issues this extractor alone raises (Ⅱ 4 and Ⅱ 5 are shared with the
delegation and provision readers)."""


@cache
def _records(path: Path) -> dict[str, Any]:
    return result_to_json(extract_file(path))


def _expected(path: Path) -> dict[str, Any]:
    expected_file = DATA / "expected" / "files" / f"{path.stem}.json"
    return dict(json.loads(expected_file.read_text(encoding="utf-8")))


def _own(issue: dict[str, Any]) -> bool:
    """Whether this extractor raised ``issue`` (by form item, or by its own wording in Ⅱ 5)."""
    reference = issue["form_ref"] or ""
    if reference in OWN_REFS:
        return True
    if reference in ("Ⅱ 4", "Ⅱ 5") and issue["code"] == "SECTION_MISSING":
        return issue["line"] is None and "特定個人情報の" in issue["message"]
    return reference == "Ⅱ 5" and issue["message"].startswith("提供・移転の有無")


def _issue_key(issue: dict[str, Any]) -> tuple[str, str, int | None]:
    return (issue["code"], issue["form_ref"], issue["line"])


# --- the corpus against hand-verified files ---------------------------------------------------


def test_every_corpus_text_has_expected_files(corpus_file: Path) -> None:
    assert (DATA / "expected" / "files" / f"{corpus_file.stem}.json").is_file()


def test_file_fields(corpus_file: Path) -> None:
    got, expected = _records(corpus_file)["files"], _expected(corpus_file)["files"]
    assert len(got) == len(expected)
    for record, wanted in zip(got, expected, strict=True):
        for key in FILE_KEYS:
            assert record[key] == wanted[key], key


def test_storage_fields(corpus_file: Path) -> None:
    got, expected = _records(corpus_file)["files"], _expected(corpus_file)["files"]
    for record, wanted in zip(got, expected, strict=True):
        storage, want = record["storage"], wanted["storage"]
        for key, value in want.items():
            if key.endswith("_startswith"):
                assert storage[key.removesuffix("_startswith")].startswith(value), key
            elif key.endswith("_endswith"):
                assert storage[key.removesuffix("_endswith")].endswith(value), key
            else:
                assert storage[key] == value, key


def test_issues_of_the_file_overview(corpus_file: Path) -> None:
    got = [issue for issue in _records(corpus_file)["issues"] if _own(issue)]
    expected = _expected(corpus_file)
    assert sorted(map(_issue_key, got), key=str) == sorted(
        map(_issue_key, expected["issues"]), key=str
    )
    shared = {(i["code"], i["form_ref"]) for i in _records(corpus_file)["issues"]}
    for wanted in expected["other_issues"]:
        assert (wanted["code"], wanted["form_ref"]) in shared


def test_delegations_and_provisions_come_from_their_readers() -> None:
    records = _records(DATA.parent.parent / "corpus" / "002_cc86eefa057d2f96.txt")
    [record] = records["files"]
    assert [d["no"] for d in record["delegations"]] == list(range(1, 11))
    assert record["provisions"][0]["recipient"] == "厚生労働大臣"
    assert [t["no"] for t in record["transfers"]] == [1]


# --- encodings and widths give the same files ----------------------------------------------


def _files(result: ExtractionResult) -> tuple[object, ...]:
    ours = tuple(i for i in result.issues if (i.form_ref or "") in OWN_REFS)
    return (result.files, ours)


@cache
def _cp932_char(char: str) -> str:
    for candidate in (char, normalize_line(char)):
        try:
            candidate.encode("cp932")
        except UnicodeEncodeError:
            continue
        return candidate
    return "〓"


def _cp932_safe(text: str) -> str:
    """``text`` with every character CP932 lacks replaced by its normalised form or 〓."""
    return "".join(_cp932_char(char) if ord(char) > 0x7F else char for char in text)


def test_bom_crlf_cp932_and_full_width_digits_give_the_same_files(
    tmp_path: Path, corpus_file: Path
) -> None:
    text = read_source(corpus_file).text
    reference = _files(extract_source(source_of(_cp932_safe(text))))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + _cp932_safe(text).replace("\n", "\r\n").encode("utf-8"))
    assert _files(extract_file(bom)) == reference
    cp932 = tmp_path / "cp932.txt"
    cp932.write_bytes(_cp932_safe(text).encode("cp932"))
    assert _files(extract_file(cp932)) == reference
    wide = _cp932_safe(text).translate({code: code + 0xFEE0 for code in range(0x30, 0x3A)})
    assert _files(extract_source(source_of(wide))) == reference


RENAMES = {
    "千葉": "甲野",
    "つくば": "乙野",
    "岡山": "丙野",
    "富士通": "丁通",
}
"""Names of the corpus replaced by others: the files must not change but for the names."""


def _renamed(text: str) -> str:
    for old, new in RENAMES.items():
        text = text.replace(old, new)
    return text


def test_other_names_give_the_same_files(corpus_file: Path) -> None:
    text = read_source(corpus_file).text
    got = result_to_json(extract_source(source_of(_renamed(text))))["files"]
    original = json.loads(_renamed(json.dumps(_records(corpus_file)["files"], ensure_ascii=False)))
    for record, wanted in zip(got, original, strict=True):
        assert {k: record[k] for k in FILE_KEYS} == {k: wanted[k] for k in FILE_KEYS}
        assert record["storage"] == wanted["storage"]


# --- the items of a file -----------------------------------------------------------------------


def _overview(path: Path) -> tuple[Any, Any]:
    text = normalize_text(read_source(path).text)
    section = next(s for s in text_to_sections(text) if s.kind is SectionKind.FILE_OVERVIEW)
    return section, text


def test_a_page_printed_before_the_heading_belongs_to_the_file_overview() -> None:
    section, text = _overview(DATA.parent.parent / "corpus" / "001_36f852d2897e428a.txt")
    whole = section_with_preface(section, text)
    assert section.line_map[0] == 417
    assert whole.line_map[0] == 345  # [○] 行政機関・独立行政法人等 ( 日本年金機構 )


def test_items_of_a_pdf_layout_file_are_cut_by_evidence() -> None:
    section, text = _overview(DATA.parent.parent / "corpus" / "001_36f852d2897e428a.txt")
    [blocks] = file_blocks(section_with_preface(section, text))
    spans = {n: (s.line_map[0], s.line_map[-1]) for n, s in blocks.items.items()}
    assert spans[4] == (612, 933)  # ( ) 件 … the last boxes of 委託事項3
    assert spans[5] == (935, 1032)  # ] 行っていない … 提供・移転の有無
    assert blocks.delegation is not None
    assert blocks.delegation.form_ref == "Ⅱ 4"
    assert blocks.provision is not None
    assert blocks.provision.form_ref == "Ⅱ 5"


# --- small texts ----------------------------------------------------------------------------

COVER = (
    "評価書番号\n9\n評価書名\nX事務 全項目評価書\n評価実施機関名\nX市長\n公表日\n令和7年1月6日\n"
    "項目一覧\nⅠ 基本情報\nⅡ 特定個人情報ファイルの概要\n"
)
BASIC = (
    "2. 基本情報\n"
    "①ファイルの種類 ※\t[ システム用ファイル ] <選択肢> 1) システム用ファイル\n"
    "②対象となる本人の数\t[ 10万人以上100万人未満 ] <選択肢> 1) 1万人未満\n"
    "③対象となる本人の範囲 ※\t市内の住民\n"
    "④記録される項目\t[ 50項目以上100項目未満 ] <選択肢> 1) 10項目未満\n"
    "主な記録項目 ※\t・識別情報 [○] 個人番号 [ ] 個人番号対応符号 [ ] その他 ( )\n"
    "⑤保有開始日\t令和2年4月1日\n"
    "⑥事務担当部署\tX課\n"
)
ACQUISITION = (
    "3. 特定個人情報の入手・使用\n"
    "①入手元 ※\t[○] 本人又は本人の代理人 [○] 評価実施機関内の他部署 ( A課、B課 ) "
    "[ ] 民間事業者 ( ) [ ] その他 ( )\n"
    "②入手方法\t[○] 紙 [ ] 専用線 [○] その他 ( eLTAX )\n"
    "⑦使用の主体\t使用部署 ※\tX課、各区役所\n"
)
NOT_PROVIDING = (
    "提供・移転の有無\t[ ] 提供を行っている ( ) 件 [ ] 移転を行っている ( ) 件 [○] 行っていない\n"
)
DELEGATION = "4. 特定個人情報ファイルの取扱いの委託\n委託の有無 ※\t[ 委託しない ] ( ) 件\n"
STORAGE = (
    "6. 特定個人情報の保管・消去\n"
    "①保管場所 ※\t<X課における措置> 施錠した書庫。 <中間サーバーにおける措置> 事業者が保管する。\n"
    "②保管期間\t期間 [ 20年以上 ] <選択肢> 1) 1年未満\n"
    "その妥当性\t法令の定めによる。\n"
    "③消去方法\t<X課における措置> 溶解する。\n"
)


def _text(*parts: str) -> str:
    return (
        COVER
        + "Ⅱ 特定個人情報ファイルの概要\n1. 特定個人情報ファイル名\nXファイル\n"
        + "".join(parts)
    )


def _own_codes(result: ExtractionResult) -> list[IssueCode]:
    return [i.code for i in result.issues if (i.form_ref or "").startswith("Ⅱ")]


def test_tab_rows() -> None:
    provision = "5. 特定個人情報の提供・移転(委託に伴うものを除く。)\n" + NOT_PROVIDING
    result = extract_text(_text(BASIC, ACQUISITION, DELEGATION, provision, STORAGE))
    [record] = result.files
    assert (record.name, record.type, record.subjects) == (
        "Xファイル",
        "システム用ファイル",
        "10万人以上100万人未満",
    )
    assert record.items == "50項目以上100項目未満"
    assert record.main_items == ("個人番号",)
    assert record.holding_start_date is not None
    assert record.holding_start_date.year == 2020
    assert record.sources == (
        "本人又は本人の代理人",
        "評価実施機関内の他部署",
        "評価実施機関内の他部署: A課",
        "評価実施機関内の他部署: B課",
    )
    assert record.acquisition_methods == ("紙", "その他", "eLTAX")
    assert record.users == ("X課", "各区役所")
    assert (record.delegation_present, record.delegation_count) == (False, 0)
    assert (record.provision_count, record.transfer_count) == (0, 0)
    assert record.storage.places == ("X課", "中間サーバー・プラットフォーム")
    assert (record.storage.retention, record.storage.retention_reason) == (
        "20年以上",
        "法令の定めによる。",
    )
    assert record.storage.erasure == "<X課における措置> 溶解する。"
    assert _own_codes(result) == []


def test_a_heading_without_content_gives_no_file() -> None:
    result = extract_text(COVER + "Ⅱ 特定個人情報ファイルの概要\n")
    assert result.files == ()
    assert _own_codes(result) == []


def test_missing_items_and_selections_are_reported() -> None:
    basic = BASIC.replace("[ システム用ファイル ] ", "")
    result = extract_text(_text(basic, ACQUISITION))
    [record] = result.files
    assert record.type is None
    codes = {(i.code, i.form_ref) for i in result.issues}
    assert (IssueCode.NO_SELECTION, "Ⅱ 2") in codes
    for item in ("Ⅱ 4", "Ⅱ 5", "Ⅱ 6"):
        assert (IssueCode.SECTION_MISSING, item) in codes


def test_a_template_after_not_providing_is_an_empty_template() -> None:
    provision = (
        "5. 特定個人情報の提供・移転(委託に伴うものを除く。)\n"
        + NOT_PROVIDING
        + "提供先1\t\n①法令上の根拠\t\n②提供先における用途\t\n"
    )
    result = extract_text(_text(BASIC, ACQUISITION, DELEGATION, provision, STORAGE))
    assert result.files[0].provision_count == 0
    assert IssueCode.EMPTY_TEMPLATE in {i.code for i in result.issues if i.form_ref == "Ⅱ 5"}


def test_two_files() -> None:
    second = "1. 特定個人情報ファイル名\nYファイル\n" + BASIC.replace("X課", "Y課")
    result = extract_text(_text(BASIC, ACQUISITION, DELEGATION, STORAGE, second))
    assert [(f.no, f.name, f.department) for f in result.files] == [
        (1, "Xファイル", "X課"),
        (2, "Yファイル", "Y課"),
    ]


def test_focused_form_has_no_retention_or_erasure() -> None:
    text = _text(
        BASIC,
        ACQUISITION,
        DELEGATION,
        "6. 特定個人情報の保管・消去\n保管場所 ※\n【X課における措置】\n施錠した書庫。\n",
    )
    text = text.replace("全項目評価書", "重点項目評価書")
    result = extract_text(text)
    assert result.files[0].storage.places == ("X課",)
    assert result.files[0].storage.retention is None
    assert not [i for i in result.issues if i.form_ref == "Ⅱ 6"]


def test_a_page_printed_before_the_heading() -> None:
    text = (
        COVER
        + "(別添1) 事務の内容\n①届出を受理する。\n"
        + "[○] 本人又は本人の代理人\n⑤保有開始日 令和2年4月1日\n"
        + "Ⅱ 特定個人情報ファイルの概要\n1. 特定個人情報ファイル名\nXファイル\n"
    )
    [record] = extract_text(text).files
    assert record.holding_start == "令和2年4月1日"
    assert record.sources == ("本人又は本人の代理人",)


def test_controls_written_only_for_marked_boxes() -> None:
    # The converter writes a control where the printed box holds a mark, brackets elsewhere.
    acquisition = (
        "3. 特定個人情報の入手・使用\n"
        '①入手元 ※\t<input type="checkbox"/> 本人又は本人の代理人 '
        '<input type="checkbox"/> 民間事業者 ( 金融機関 )\n'
        '②入手方法\t<input type="checkbox"/> 紙 [ ] 専用線 [ <input checked="" type="checkbox"/> ]'
        " 庁内連携システム\n"
    )
    [record] = extract_text(_text(BASIC, acquisition)).files
    assert record.sources == ("本人又は本人の代理人", "民間事業者", "民間事業者: 金融機関")
    assert record.acquisition_methods == ("紙", "庁内連携システム")


def test_controls_that_say_checked() -> None:
    acquisition = (
        "3. 特定個人情報の入手・使用\n"
        '①入手元 ※\t<input type="checkbox"/> 本人又は本人の代理人 '
        '<input checked="" type="checkbox"/> 民間事業者 ( 金融機関 )\n'
        '②入手方法\t<input checked="" type="checkbox"/> 紙 [ ] 専用線 '
        '<input type="checkbox"/> 庁内連携システム\n'
    )
    [record] = extract_text(_text(BASIC, acquisition)).files
    assert record.sources == ("民間事業者", "民間事業者: 金融機関")
    assert record.acquisition_methods == ("紙",)


# --- grids ------------------------------------------------------------------------------


def _grid(lines: list[str], options: tuple[str, ...], **options_kw: Any) -> Any:
    tokens = [(n, line_to_tokens(text, line=n, options=options)) for n, text in enumerate(lines)]
    return read_boxes(tokens, options=options, **options_kw)


def test_an_opener_after_a_label_is_the_box_right_of_it() -> None:
    reading = _grid(
        [
            "] 個人番号対応符号 [○",
            "] 個人番号 ] その他識別情報(内部番号)",
            "[ ] 雇用・労働関係情報 [○",
        ],
        MAIN_ITEM_OPTIONS,
        partners=row_partners(MAIN_ITEM_ROWS),
    )
    assert reading.ticked == ("その他識別情報(内部番号)", "年金関係情報")
    assert reading.unresolved == ("個人番号", "個人番号対応符号")
    assert reading.unplaced == 0


def test_a_box_torn_over_two_lines() -> None:
    reading = _grid(["[○", "] 本人又は本人の代理人", "[ ] 民間事業者 ( )"], SOURCE_OPTIONS)
    assert reading.ticked == ("本人又は本人の代理人",)


def test_names_on_a_line_of_their_own() -> None:
    reading = _grid(
        ["[○] 評価実施機関内の他部署", "[ ] 民間事業者", "( 区政推進課"],
        SOURCE_OPTIONS,
        named=SOURCE_OPTIONS,
    )
    assert reading.names == {"評価実施機関内の他部署": ("区政推進課",)}


def test_marks_that_fit_no_box_are_counted() -> None:
    lines = ["] 紙", "[○", "[", "○", "] 専用線 ] 電子メール"]
    reading = _grid(lines, ("紙", "電子メール", "専用線"))
    assert reading.ticked == ()
    assert reading.unplaced == 2
    assert reading.unresolved == ("紙", "電子メール", "専用線")


def test_the_only_label_left_takes_the_only_mark() -> None:
    options = ("提供を行っている", "移転を行っている", "行っていない")
    reading = _grid(
        ["] 行っていない", "] 移転を行っている ( ) 件", "[○", "[ ] 提供を行っている ( ) 件 ["],
        options,
        partners=row_partners((options,)),
        named=(),
    )
    assert reading.ticked == ("行っていない",)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("①ファイルの種類 ※\t<選択肢> 1) システム用ファイル", None),
        ("①ファイルの種類 ※ [ システム用ファイル", "システム用ファイル"),
    ],
)
def test_choice_with_and_without_selection(line: str, expected: str | None) -> None:
    basic = BASIC.replace(BASIC.splitlines()[1], line)
    [record] = extract_text(_text(basic)).files
    assert record.type == expected


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        ("③消去方法\t保管期間を経過したデータはシステムにより消去する。", "storage.erasure", None),
        ("⑦使用の主体\t使用部署 ※\t総務課", "use.departments", "総務課"),
        ("②保管期間\t[ 5年 ]", "storage.retention", "[ 5年 ]"),
    ],
)
def test_a_label_word_that_starts_a_sentence_is_no_label(
    line: str, key: str, value: str | None
) -> None:
    from ingest.overview import match_overview_label

    found = match_overview_label(line)
    assert found is not None
    assert found.spec.key == key
    assert value is None or found.value == value
    # A sentence that starts with a label word is no label of its own (a wrapped value line).
    assert match_overview_label("保管期間を経過したデータは消去する。") is None


def test_an_erasure_that_starts_with_a_label_word_is_the_erasure() -> None:
    from ingest_synth import generated_with

    made = generated_with(lambda m: any(f.storage and f.storage.erasure for f in m.expected.files))
    (first, *_rest) = [f for f in made.expected.files if f.storage and f.storage.erasure]
    assert first.storage is not None
    assert first.storage.erasure is not None
    erasure = "保管期間を経過した特定個人情報は、システムにより一括して消去する。"
    text = made.text.replace(first.storage.erasure, erasure, 1)
    (got,) = [f for f in extract_text(text).files if f.name == first.name]
    assert got.storage is not None
    assert got.storage.erasure == erasure
    assert got.storage.retention == first.storage.retention
