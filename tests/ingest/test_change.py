"""Tests of the 別添3 変更箇所 extractor: tab rows, PDF layout, continuation and page breaks."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from pathlib import Path

from ingest_expected import load_part, record_mismatches
from ingest_helpers import extract_text

from ingest.extractors.change import changes_to_systems, is_change_header
from ingest.pipeline import extract_file
from ingest.record_json import result_to_json
from ingest.records import ChangeRecord
from ingest.wareki import wareki_to_date

HEADER = "変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明\n"
FLOW = "(別添1) 事務の内容\n①受付する。\n"


def _changes(body: str, heading: str = "(別添3) 変更箇所\n") -> tuple[ChangeRecord, ...]:
    return extract_text(FLOW + heading + body).changes


def test_tab_rows_are_read_cell_by_cell() -> None:
    (row,) = _changes(HEADER + "令和7年8月1日\tⅠ 7 ②所属長\t課長 甲\t課長 乙\t事後\t人事異動\n")
    assert row.date == date(2025, 8, 1)
    assert row.date_text == "令和7年8月1日"
    assert (row.item, row.before, row.after) == ("Ⅰ 7 ②所属長", "課長 甲", "課長 乙")
    assert (row.timing, row.reason) == ("事後", "人事異動")
    assert row.line == 5


def test_an_empty_cell_keeps_its_column() -> None:
    # Normalisation folds two tabs into one; the raw line still tells 変更前 from 変更後.
    first, second = _changes(
        HEADER
        + "令和7年12月8日\tⅥ 1 ①実施日\t平成31年1月4日\t\t事後\t③その他\n"
        + "令和7年12月8日\tⅣ 1 ②監査\t\t【千葉市における措置】\t事後\t①\n"
    )
    assert (first.before, first.after) == ("平成31年1月4日", None)
    assert (second.before, second.after) == (None, "【千葉市における措置】")


def test_dash_and_no_entry_mean_no_value() -> None:
    (row,) = _changes(HEADER + "令和7年12月8日\tⅠ 2 システム14\t-\tXポータル\t事前\t③\n")
    assert (row.before, row.after) == (None, "Xポータル")
    (row,) = _changes(HEADER + "令和6年11月15日\tⅡ 5 提供先67\t(記載なし)\t市町村長\t事後\t\n")
    assert (row.before, row.after, row.reason) == (None, "市町村長", None)


def test_page_break_headers_are_dropped_and_html_is_flattened() -> None:
    rows = _changes(
        HEADER + "令和7年8月1日\t<p>Ⅲ リスク対策</p> <p>6 接続</p>\t<p>【措置】</p> <p>③旧</p>\t"
        "<ul><li>・新</li></ul>\t事後\t③\n\n"
        + HEADER
        + "令和7年8月1日\tⅣ 1 監査\t旧\t新\t事後\t①\n"
    )
    assert [row.item for row in rows] == ["Ⅲ リスク対策 6 接続", "Ⅳ 1 監査"]
    assert (rows[0].before, rows[0].after) == ("【措置】 ③旧", "・新")


def test_continuation_rows_are_merged_into_the_row_above() -> None:
    rows = _changes(
        HEADER
        + "令和7年8月1日\tⅣ 1 ②監査\t\t【市の措置】\t事後\t①重要な変更にあたらない\n"
        + "令和7年8月1日\t※ 上記の続き\t【中間サーバーの措置】①\t"
        "【中間サーバーの措置】①②\t事後\t③\n"
        + "\t\t続きの前\t続きの後\t\t\n"
        + "令和7年3月27日\t上記継続\t\t【ガバメントクラウド】\t事後\t\n"
    )
    (row,) = rows
    assert row.item == "Ⅳ 1 ②監査"
    assert row.before == "【中間サーバーの措置】① 続きの前"
    assert row.after == "【市の措置】 【中間サーバーの措置】①② 続きの後 【ガバメントクラウド】"
    assert row.reason == "①重要な変更にあたらない ③"


def test_a_row_under_a_merged_date_cell_inherits_the_date() -> None:
    first, second = _changes(
        HEADER
        + "令和7年12月9日\tⅥ 3 ①実施日\t令和4年11月16日\t令和7年10月24日\t事前\t再実施\n"
        + "\tⅡ 4 ⑥委託先名\tA共同企業体\tB共同企業体\t事前\t委託先の変更\n"
    )
    assert second.date_text == first.date_text == "令和7年12月9日"
    assert (second.item, second.after) == ("Ⅱ 4 ⑥委託先名", "B共同企業体")


def test_a_row_split_over_two_lines_is_joined() -> None:
    (row,) = _changes(
        HEADER
        + "令和6年11月15日\tⅡ 特定個人情報ファイルの 概要 5.\t\t\t\t\n"
        + "π\t提供先74 ⑦時期・頻度\t(記載なし)\t照会を受けたら都度\t事後\t\n"
    )
    assert row.item == "Ⅱ 特定個人情報ファイルの 概要 5. 提供先74 ⑦時期・頻度"
    assert (row.after, row.timing) == ("照会を受けたら都度", "事後")


def test_staircase_rows_collapse_to_the_fullest() -> None:
    (row,) = _changes(
        HEADER
        + "令和6年3月26日\tⅤ ④公表\t\t\t\t\n"
        + "令和6年3月26日\tⅤ ④公表\t行っていない\t\t\t\n"
        + "令和6年3月26日\tⅤ ④公表\t行っていない\t行っている\t事後\t\n"
    )
    assert (row.before, row.after, row.timing) == ("行っていない", "行っている", "事後")


def test_debris_and_a_duplicated_timing_are_not_values() -> None:
    rows = _changes(
        HEADER
        + "<u> </u>\tin in\tI .\tl\t\tI .\n"
        + "令和6年3月26日\tⅤ ②請求方法\t[開示請求] 条例第15条\t事後\t事後\t\n"
    )
    (row,) = rows
    assert (row.before, row.after, row.timing) == ("[開示請求] 条例第15条", None, "事後")


def test_another_table_ends_the_change_table() -> None:
    rows = _changes(
        HEADER
        + "令和7年12月8日\tⅥ 3 ①実施日\t令和6年11月7日\t令和7年10月1日\t事後\t③\n\n"
        + "提供先\t法令上の根拠\t提供先における用途\n"
        + "厚生労働大臣\t提供省令第2条の表の第1項\t健康保険に関する事務\n"
    )
    assert [row.item for row in rows] == ["Ⅵ 3 ①実施日"]


LAYOUT = """(別添3)変更箇所
提出時期に係る説明変更日 項目 変更前の記載 変更後の記載 提出時期

③その他の項目の変更であり
事前の提出・公表が義務付け
られない。

平成29年2月22日

Ⅰ.基本情報 7 .評価実施
機関における担当部署②所属
長

高齢福祉課長　甲　一 高齢福祉課長　乙　二 事後

平成30年8月2日

Ⅱ.特定個人情報ファイルの
概要 2.基本情報 ⑥事務担
当部署

高齢福祉課、各区役所保険年金課

健康保険課、各区役所市民総合窓口課

事後 ①組織改正に伴う名称の変更

令和2年12月18日
Ⅱ.概要 4.委託事項
3

（記載なし）
データ入力及び資格に係る業務

事後
①重要な変更

前記継続

・続きの記載

・続きの記載（改）

事後

Ⅳ リスク対策(その他) 3. その他のリスク対策

（記載なし）

【ガバメントクラウドにおける措置】

事前
重要な変更
"""


def test_pdf_layout_rows() -> None:
    rows = _changes(LAYOUT, heading="")
    assert [row.date_text for row in rows] == [
        "平成29年2月22日",
        "平成30年8月2日",
        "令和2年12月18日",
        "令和2年12月18日",
        "令和2年12月18日",
    ]
    first, second, third, continued, dateless = rows
    assert first.item == "Ⅰ.基本情報 7 .評価実施機関における担当部署②所属長"
    assert (first.before, first.after, first.timing) == (
        "高齢福祉課長 甲 一",
        "高齢福祉課長 乙 二",
        "事後",
    )
    assert first.reason == "③その他の項目の変更であり事前の提出・公表が義務付けられない。"
    assert first.line == 10  # after the two lines of 別添1
    assert second.before == "高齢福祉課、各区役所保険年金課"
    assert second.after == "健康保険課、各区役所市民総合窓口課"
    assert second.reason == "①組織改正に伴う名称の変更"
    assert (third.before, third.after) == (None, "データ入力及び資格に係る業務")
    assert continued.item == "前記継続"
    assert (continued.before, continued.after) == ("・続きの記載", "・続きの記載(改)")
    assert dateless.item == "Ⅳ リスク対策(その他) 3. その他のリスク対策"
    assert (dateless.before, dateless.after, dateless.timing) == (
        None,
        "【ガバメントクラウドにおける措置】",
        "事前",
    )


def test_header_line_with_titles_run_together() -> None:
    assert is_change_header("提出時期に係る説明変更日 項目 変更前の記載 変更後の記載 提出時期")
    assert not is_change_header("令和7年8月1日 項目 変更前の記載 変更後の記載 提出時期")


def test_systems_named_by_the_history_latest_row_wins() -> None:
    rows = (
        ChangeRecord(
            date=date(2025, 8, 1),
            item="Ⅰ 基本情報 2. 使用するシステム システム3 ①システムの名称",
            after="旧システム",
            line=10,
        ),
        ChangeRecord(
            date=date(2025, 12, 8),
            item="Ⅰ 基本情報 2. 使用するシステム システム3 ①システムの名称",
            after="新システム",
            line=20,
        ),
        ChangeRecord(
            date=date(2025, 12, 8),
            item="Ⅰ 基本情報 2. 使用するシステム システム3 ③他のシステムとの接続",
            after="[○] 庁内連携システム [ ] 税務システム",
            line=21,
        ),
    )
    (system,) = changes_to_systems(rows)
    assert (system.no, system.name, system.form_ref, system.line) == (3, "新システム", "別添3", 10)
    assert system.connections == ("庁内連携システム",)


def test_corpus_change_rows(corpus_file: Path) -> None:
    expected = load_part("changes", corpus_file)
    got = result_to_json(extract_file(corpus_file))["changes"]
    problems = record_mismatches(got, expected["rows"])
    assert not problems, "\n".join(problems[:40])
    for row in got:
        if row["date_text"] is not None:
            assert row["date"] == wareki_to_date(row["date_text"]).isoformat()


_PARTS = ("changes", "flow_steps", "annex_provisions", "requesters", "incidents")
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _parts(path: Path) -> str:
    records = result_to_json(extract_file(path))
    return json.dumps({key: records[key] for key in _PARTS}, ensure_ascii=False)


def test_the_same_records_whatever_the_encoding_widths_and_names(
    corpus_file: Path, tmp_path: Path
) -> None:
    text = corpus_file.read_text(encoding="utf-8")
    expected = _parts(corpus_file)
    variants = {
        "bom_crlf.txt": ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"),
        "full_width.txt": text.translate(_FULL_WIDTH_DIGITS).encode("utf-8"),
    }
    with contextlib.suppress(UnicodeEncodeError):  # unless the text holds what CP932 lacks
        variants["cp932_crlf.txt"] = text.replace("\n", "\r\n").encode("cp932")
    for name, data in variants.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert _parts(path) == expected, name
    # Other names for the municipality and its places: the same records, renamed.
    renamed = tmp_path / "renamed.txt"
    renamed.write_text(text.replace("千葉", "坂東"), encoding="utf-8")
    # (a name the text wraps over two lines stays unrenamed: compare modulo the name)
    assert _parts(renamed).replace("千葉", "坂東") == expected.replace("千葉", "坂東")
