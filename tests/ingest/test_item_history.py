"""The change history (別添3) fills what the body lost of 委託事項N, 提供先N and 移転先N."""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ingest_blocks import record_mismatches
from ingest_helpers import extract_text
from ingest_testdata import DATA

from ingest.item_history import change_target
from ingest.pipeline import extract_file
from ingest.records import ExtractionResult, IssueCode

HEADER = "変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明\n"
BODY = (
    "評価書番号\n9\n評価書名\nX事務 全項目評価書\n評価実施機関名\nX市長\n公表日\n令和7年1月6日\n"
    "Ⅰ 基本情報\n1. 特定個人情報ファイルを取り扱う事務\n①事務の名称\tX事務\n"
    "Ⅱ 特定個人情報ファイルの概要\n1. 特定個人情報ファイル名\nX情報ファイル\n"
    "4. 特定個人情報ファイルの取扱いの委託\n"
    "委託の有無 ※\t[ 委託する ] <選択肢> 1) 委託する 2) 委託しない ( 2 ) 件\n"
    "委託事項1\t帳票の印刷\n①委託内容\t通知書の印刷\n⑥委託先名\t\n"
    "⑦再委託の有無 ※\t[ 再委託しない ]\n"
    "委託事項2\tシステムの保守\n①委託内容\t\n⑥委託先名\tY株式会社\n"
    "(別添3) 変更箇所\n" + HEADER
)  # fmt: skip
"""Ⅱ 4 with 委託事項1 lacking its ⑥委託先名 and 委託事項2 its ①委託内容 (line 26 is the first
change row)."""
FILE_PART = "Ⅱ 特定個人情報ファイルの概要 4.特定個人情報ファイルの取扱いの委託"


@pytest.mark.parametrize(
    ("item", "want"),
    [
        (f"{FILE_PART} 委託事項 1 ⑤委託先名", ("委託事項", 1, "contractor")),
        (f"{FILE_PART} 委託事項 2 ⑤委託先名の確認方法", ("委託事項", 2, "contractor_confirmation")),
        (f"{FILE_PART} 委託事項 3", ("委託事項", 3, "name")),
        (
            f"{FILE_PART} 委託事項 3 ②取扱いを委託する特定個人情報ファイルの範囲 その妥当性",
            ("委託事項", 3, "scope_reason"),
        ),
        (f"{FILE_PART} 委託事項 3 再委託 ⑦再委託の有無", ("委託事項", 3, "subcontract")),
        (
            "II 特定個人情報ファイルの 概要 5. 特定個人情報の提 供・移転(委託に伴うものを除 く。) "
            "提供先11 ②提供先 における用途",
            ("提供先", 11, "purpose"),
        ),
        ("く。) 提供先12 ①法令上 の根拠", ("提供先", 12, "basis")),
        (
            "「Ⅱ特定個人情報ファイルの概要」「5.特定個人情報の提供・移転」「提供先1」",
            ("提供先", 1, "recipient"),
        ),
        ("II 特定個人情報ファイルの概要-4-委託事項1", ("委託事項", 1, "name")),
    ],
)
def test_a_row_names_an_item_and_its_field(item: str, want: tuple[str, int, str]) -> None:
    target = change_target(item)
    assert target is not None
    assert (target.heading, target.number, target.field.attribute) == want


@pytest.mark.parametrize(
    "item",
    [
        "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策 4. 委託 委託事項1 ⑥委託先名",
        f"{FILE_PART} 委託事項2～5",
        f"{FILE_PART} 委託の有無",
        "II 特定個人情報ファイルの概要 4. (4)委託先への特定個人情報ファイルの提供方法",
        f"{FILE_PART} 委託事項 1 ⑩その他",
    ],
)
def test_a_row_that_names_no_item_field_is_not_used(item: str) -> None:
    assert change_target(item) is None


def test_the_newest_row_fills_what_the_body_lost_and_says_so() -> None:
    result = extract_text(
        BODY
        + "令和2年4月1日\tⅡ 4. 委託事項1 ⑥委託先名\t-\t(株)旧印刷\t事後\t\n"
        + f"令和5年4月1日\t{FILE_PART} 委託事項1 ⑥委託先名\t(株)旧印刷\t(株)みなと印刷\t事後\t\n"
        + f"令和5年4月1日\t{FILE_PART} 委託事項2 ①委託内容\t-\t(略)\t事後\t\n"
        + f"令和5年4月1日\t{FILE_PART} 委託事項2 ⑥委託先名\tX株式会社\tZ株式会社\t事後\t\n"
    )
    first, second = result.files[0].delegations
    assert (first.contractor, first.subcontract) == ("株式会社みなと印刷", False)
    assert second.content is None  # a row that quotes in part fills nothing
    assert second.contractor == "Y株式会社"  # the body's value is kept
    (repaired,) = [i for i in result.issues if i.code is IssueCode.REPAIRED_TEXT]
    assert (repaired.form_ref, repaired.line) == ("Ⅱ 4", 27)
    assert "委託事項1" in repaired.message
    assert "change history" in repaired.message


def test_a_row_that_empties_a_field_fills_nothing() -> None:
    result = extract_text(
        BODY
        + f"令和2年4月1日\t{FILE_PART} 委託事項1 ⑥委託先名\t-\t(株)旧印刷\t事後\t\n"
        + f"令和5年4月1日\t{FILE_PART} 委託事項1 ⑥委託先名\t(株)旧印刷\t(記載なし)\t事後\t\n"
    )
    assert result.files[0].delegations[0].contractor is None
    assert IssueCode.REPAIRED_TEXT not in {i.code for i in result.issues}


def test_items_the_body_does_not_list_are_not_made_up() -> None:
    result = extract_text(
        BODY + f"令和5年4月1日\t{FILE_PART} 委託事項3 ⑥委託先名\t-\tZ株式会社\t事後\t\n"
    )
    assert [d.no for d in result.files[0].delegations] == [1, 2]


# --- the corpus --------------------------------------------------------------------------------


@cache
def _extracted(path: Path) -> ExtractionResult:
    return extract_file(path)


def _expected(part: str, path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (DATA / "expected" / part / f"{path.stem}.json").read_text("utf-8")
    )
    return loaded


def _records(result: ExtractionResult, key: str) -> list[dict[str, Any]]:
    records = [record for f in result.files for record in getattr(f, key)]
    return [json.loads(json.dumps(asdict(r), ensure_ascii=False, default=str)) for r in records]


@pytest.mark.parametrize(
    ("part", "keys"),
    [("delegations", ("delegations",)), ("provisions", ("provisions", "transfers"))],
)
def test_the_pipeline_fills_what_the_history_restates(
    corpus_file: Path, part: str, keys: tuple[str, ...]
) -> None:
    """Each item field that a 別添3 row restates where the body lost it (``from_change_history``
    of the hand-verified file) is stated, with the value read in the text; every other field of
    a known gap stays empty or right."""
    expected = _expected(part, corpus_file)
    recovered: dict[str, list[str]] = expected.get("from_change_history", {})
    problems = []
    for key in keys:
        wanted_records = expected.get(key, [])
        got_records = _records(_extracted(corpus_file), key)
        assert [r["no"] for r in got_records] == [r["no"] for r in wanted_records]
        for got, wanted in zip(got_records, wanted_records, strict=True):
            number = str(wanted["no"])
            filled = recovered.get(number, []) if key != "transfers" else []
            gaps = [f for f in expected.get("_known_gaps", {}).get(number, []) if f not in filled]
            problems += [f"{key} {number} {p}" for p in record_mismatches(got, wanted, gaps)]
            problems += [
                f"{key} {number} {field}: not filled"
                for field in filled
                if got[field] in (None, [])
            ]
    assert problems == []


def test_corpus_fills_and_their_issues() -> None:
    # 001: 委託事項3 (added by the rows of 令和2年12月18日) is filled from 別添3 (its ④, row
    # 2956); 委託事項1 and 2, whose fields the body prints out of order, are read in the body
    # since it is put back in form order (print_order.py); the names of 委託事項3 and 2 are the
    # lone texts at 878 (equal to the name row 2844 restates) and 694 (the one left); 002:
    # ①法令上の根拠 of 提供先5 (row 1020, its 項目 cut: numbered by the rows around it), 12
    # (row 1031) and 13 (row 1032, heading lost).
    issues = {
        name: [
            (i.form_ref, i.line)
            for i in _extracted(next(DATA.parents[1].glob(f"corpus/{name}_*.txt"))).issues
            if i.code is IssueCode.REPAIRED_TEXT and "change history" in i.message
            and (i.form_ref or "").startswith("Ⅱ")
        ]
        for name in ("001", "002")
    }  # fmt: skip
    assert issues == {
        "001": [("Ⅱ 4", 878), ("Ⅱ 4", 694), ("Ⅱ 4", 2956)],
        "002": [("Ⅱ 5", 1020), ("Ⅱ 5", 1031), ("Ⅱ 5", 1032)],
    }


THREE = BODY.replace(
    "委託事項1\t帳票の印刷\n①委託内容\t通知書の印刷\n⑥委託先名\t\n",
    "委託事項1\t帳票の印刷\n①委託内容\t通知書の印刷\n⑥委託先名\tA株式会社\n",
).replace(
    "委託事項2\tシステムの保守\n①委託内容\t\n⑥委託先名\tY株式会社\n",
    "委託事項2\tシステムの保守\n①委託内容\t保守\n⑥委託先名\t\n"
    "委託事項3\t窓口\n①委託内容\t受付\n⑥委託先名\tC株式会社\n",
)
CUT = "Ⅱ 特定個人情報ファイルの 概要 4. 特定個人情報ファイルの取"


def test_rows_whose_item_is_cut_are_numbered_by_the_rows_around_them() -> None:
    result = extract_text(
        THREE
        + f"令和5年4月1日\t{FILE_PART} 委託事項1 ⑥委託先名\t-\tA株式会社\t事後\t\n"
        + f"令和5年4月1日\t{CUT}\t-\tB株式会社\t事後\t\n"
        + f"令和5年4月1日\t{FILE_PART} 委託事項3 ⑥委託先名\t-\tC株式会社\t事後\t\n"
    )
    assert [d.contractor for d in result.files[0].delegations] == [
        "A株式会社",
        "B株式会社",
        "C株式会社",
    ]
    (repaired,) = [i for i in result.issues if i.code is IssueCode.REPAIRED_TEXT]
    assert "委託事項2" in repaired.message
    assert "numbered by the rows around it" in repaired.message


@pytest.mark.parametrize(
    "rows",
    [
        # two cut rows between items 1 and 3: the count does not fit, no row is numbered
        f"令和5年4月1日\t{CUT}\t-\tB株式会社\t事後\t\n" * 2,
        # another date: not one run of the table
        f"令和4年4月1日\t{CUT}\t-\tB株式会社\t事後\t\n",
    ],
)
def test_cut_rows_that_do_not_fit_their_neighbours_fill_nothing(rows: str) -> None:
    result = extract_text(
        THREE
        + f"令和5年4月1日\t{FILE_PART} 委託事項1 ⑥委託先名\t-\tA株式会社\t事後\t\n"
        + rows
        + f"令和5年4月1日\t{FILE_PART} 委託事項3 ⑥委託先名\t-\tC株式会社\t事後\t\n"
    )
    assert result.files[0].delegations[1].contractor is None


def test_cut_rows_that_contradict_the_body_fill_nothing() -> None:
    # The run numbers the rows 2 and 3; 3's value differs from the body's: the order is not
    # what the run assumes, so 2 is not filled either.
    four = THREE.replace(
        "⑥委託先名\tC株式会社\n",
        "⑥委託先名\tC株式会社\n委託事項4\t発送\n①委託内容\t発送\n⑥委託先名\tD株式会社\n",
    )
    result = extract_text(
        four
        + f"令和5年4月1日\t{FILE_PART} 委託事項1 ⑥委託先名\t-\tA株式会社\t事後\t\n"
        + f"令和5年4月1日\t{CUT}\t-\tB株式会社\t事後\t\n"
        + f"令和5年4月1日\t{CUT}\t-\tQ株式会社\t事後\t\n"
        + f"令和5年4月1日\t{FILE_PART} 委託事項4 ⑥委託先名\t-\tD株式会社\t事後\t\n"
    )
    assert [d.contractor for d in result.files[0].delegations] == [
        "A株式会社",
        None,
        "C株式会社",
        "D株式会社",
    ]
