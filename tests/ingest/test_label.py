"""Tests of ingest.label: the closed vocabulary and its fuzzy matching thresholds."""

from __future__ import annotations

import pytest

from ingest.form import BASIC_INFO_ITEMS, SectionKind
from ingest.label import (
    BASIC_INFO_LABELS,
    CONNECTION_OPTIONS,
    COVER_LABELS,
    FUZZY_THRESHOLD,
    ITEM_HEADINGS,
    LABELS,
    MIN_FUZZY_LENGTH,
    ROW_PARTNER,
    match_heading,
    match_label,
    match_option,
    match_part_heading,
)


def test_label_keys_are_unique() -> None:
    keys = [label.key for label in LABELS]
    assert len(keys) == len(set(keys))


def test_every_item_of_basic_info_has_a_heading() -> None:
    assert {label.section for label in ITEM_HEADINGS} == set(BASIC_INFO_ITEMS)


def test_thresholds() -> None:
    assert FUZZY_THRESHOLD == 80.0
    assert MIN_FUZZY_LENGTH == 5


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        ("①システムの名称\t個人住民税システム", "system.name", "個人住民税システム"),
        ("①システムの名秋 国民年金システム", "system.name", "国民年金システム"),  # OCR
        ("①システム\tの名称\tX", "system.name", "X"),  # label split by a tab
        ("②事務の内容 ※\t目的:", "affair.summary", "目的:"),
        ("③対象人数 [ 30万人以上", "affair.population", "[ 30万人以上"),
        ("①部署 保健福祉局", "department.name", "保健福祉局"),
        ("②所属長の役職名\t課長", "department.head_title", "課長"),
        ("②法令上の根拠 －", "linkage.basis", "－"),
        ("法令上の根拠 番号法第9条", "number_use.basis", "番号法第9条"),
        ("システムの名称 X", "system.name", "X"),  # the numeral was lost
    ],
)
def test_labels_are_recognised(line: str, key: str, value: str) -> None:
    found = match_label(line, BASIC_INFO_LABELS)
    assert found is not None
    assert (found.label.key, found.value) == (key, value)


@pytest.mark.parametrize(
    "line",
    [
        "①部暑 保健福祉局",  # short labels must match exactly
        "②部署 保健福祉局",  # the numeral disagrees
        "①システム 国民年金",  # too little of the label
        "本市では、国民年金法に基づき",
        "③他のシステム",
    ],
)
def test_non_labels_are_refused(line: str) -> None:
    assert match_label(line, BASIC_INFO_LABELS) is None


def test_two_damaged_characters_in_a_short_label_are_refused() -> None:
    assert match_label("①システ厶の名秋", BASIC_INFO_LABELS) is None


@pytest.mark.parametrize(
    ("line", "key"),
    [("評価書番号", "cover.number"), ("評価書名", "cover.name"), ("公表日", "cover.published"),
     ("個人情報保護委員会 承認日 【行政機関等のみ】", "cover.approval"),
     ("特定個人情報保護評価書(全項目評価書)", "cover.title")],
)  # fmt: skip
def test_cover_labels(line: str, key: str) -> None:
    found = match_label(line, COVER_LABELS)
    assert found is not None
    assert found.label.key == key


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("1. 特定個人情報ファイルを取り扱う事務", SectionKind.AFFAIR),
        ("2. 特定個人情報ファイル\tを取り扱う事務において使用するシステム", SectionKind.SYSTEMS),
        ("１．特定個人情報ファイルを取り扱う事務", SectionKind.AFFAIR),
        ("4. 特定個人情報ファイルを取り扱う理由", SectionKind.REASON),
        ("6. 情報提供ネットワークシ\tノステムによる情報連携 ※", SectionKind.NETWORK_LINKAGE),
        ("6. 評価実施機関における担当部署", SectionKind.DEPARTMENT),
        ("8. 他の評価実施機関\tなし", SectionKind.OTHER_ASSESSORS),
    ],
)
def test_item_headings(line: str, section: SectionKind) -> None:
    found = match_heading(line)
    assert found is not None
    assert found.label.section is section


def test_item_heading_must_fill_the_line() -> None:
    assert match_heading("特定個人情報ファイルを取り扱う事務において、次の措置を講じる。") is None


@pytest.mark.parametrize(
    ("line", "kind", "numeral"),
    [
        ("Ⅰ 基本情報", SectionKind.BASIC_INFO, 1),
        ("I 基本情報", SectionKind.BASIC_INFO, 1),
        ("Ι\t基本情報", SectionKind.BASIC_INFO, 1),
        ("п\tⅡ 特定個人情報ファイルの概要", SectionKind.FILE_OVERVIEW, 2),
        ("ш\t特定個人情報ファイルの取扱いプロセスにおけるリスク対策", SectionKind.RISK_MEASURES, 3),
        ("Ⅲ リスク対策 ※(7. ②を除く。)", SectionKind.RISK_MEASURES, 3),
        ("IVその他のリスク対策", SectionKind.OTHER_MEASURES, 4),
        ("v\t開示請求、問合せ", SectionKind.DISCLOSURE, 5),
        ("IV 開示請求、問合せ", SectionKind.DISCLOSURE, 4),
        ("VI 評価実施手続", SectionKind.PROCEDURE, 6),
        ("(別添1) 事務の内容", SectionKind.FLOW, 1),
        ("(\t別添2)特定個人情報ファイル記録項目", SectionKind.RECORD_ITEMS, 2),
        ("(別添2) 変更箇所", SectionKind.CHANGES, 2),
        ("別紙4 個人情報に関する重大事故の内容等", SectionKind.ANNEX, 4),
        ("変更日\t項目\t変更前の記載\t変更後の記載", SectionKind.CHANGES, None),
    ],
)
def test_part_headings(line: str, kind: SectionKind, numeral: int | None) -> None:
    found = match_part_heading(line)
    assert found is not None
    assert (found.kind, found.numeral) == (kind, numeral)


@pytest.mark.parametrize(
    "line", ["基本情報を確認する。", "別紙3に記載", "VPN装置を設置する", "Ⅴ 用不謂水、问"]
)
def test_non_headings(line: str) -> None:
    assert match_part_heading(line) is None


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("宛名システム等", "宛名システム等"),
        ("空名システム等", "宛名システム等"),
        ("死名システム等", "宛名システム等"),
        ("庁内連携シス", "庁内連携システム"),
        ("既存住民基本", "既存住民基本台帳システム"),
        ("その他 (中間サーバー", "その他"),
        ("住民基本台帳ネットワークシステム [○]", "住民基本台帳ネットワークシステム"),
    ],
)
def test_options(text: str, option: str) -> None:
    found = match_option(text)
    assert found is not None
    assert found[0] == option


@pytest.mark.parametrize("text", ["台帳システム", "税務シ", "収納システム", "中間サーバー"])
def test_non_options(text: str) -> None:
    assert match_option(text) is None


def test_row_partners_are_options() -> None:
    assert set(ROW_PARTNER) | set(ROW_PARTNER.values()) <= set(CONNECTION_OPTIONS)


def test_every_label_names_its_form_item() -> None:
    refs = {label.key: label.form_ref for label in LABELS}
    assert refs["cover.number"] == "cover"
    assert refs["affair.name"] == "Ⅰ 1"
    assert refs["system.connections"] == "Ⅰ 2"
    assert refs["department.head_title"] == "Ⅰ 7"
    assert all(ref for ref in refs.values())
