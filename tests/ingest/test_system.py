"""Tests of the Ⅰ 2 システム extractor and of the change-history fallback."""

from __future__ import annotations

from ingest_helpers import codes, extract_text

from ingest.records import IssueCode

COVER = (
    "評価書番号\n9\n評価書名\nX事務 全項目評価書\n評価実施機関名\nX市長\n公表日\n令和7年1月6日\n"
)
CONTENTS = "項目一覧\nⅠ 基本情報\nⅡ 特定個人情報ファイルの概要\n"
HEADING = "2. 特定個人情報ファイルを取り扱う事務において使用するシステム\n"
GRID_NONE = (
    "③他のシステムとの接続\t[ ] 情報提供ネットワークシステム [ ] 庁内連携システム "
    "[ ] 住民基本台帳ネットワークシステム [ ] 既存住民基本台帳システム [ ] 宛名システム等 "
    "[ ] 税務システム [ ] その他 ( )\n"
)


def _basic(body: str) -> str:
    return (
        COVER
        + CONTENTS
        + "Ⅰ 基本情報\n"
        + HEADING
        + body
        + "3. 特定個人情報ファイル名\nXファイル\n"
    )


def test_tab_rows() -> None:
    result = extract_text(
        _basic(
            "システム1\n①システムの名称\tX税システム\n②システムの機能\t1. 課税機能\n続きの行\n"
            "③他のシステムとの接続\t[ ] 情報提供ネットワークシステム [ O ] 庁内連携システム "
            "[ ] その他 ( )\n"
            "システム2~5\nシステム2\n①システムの名称\t空名システム\n" + GRID_NONE
        )
    )
    first, second = result.systems
    assert (first.no, first.name, first.functions) == (1, "X税システム", "1. 課税機能続きの行")
    assert first.connections == ("庁内連携システム",)
    assert first.line == 14
    assert (second.no, second.name, second.connections) == (2, "宛名システム", ())
    assert IssueCode.REPAIRED_TEXT in codes(result)
    mismatch = next(i for i in result.issues if i.code is IssueCode.COUNT_MISMATCH)
    assert "システム3, システム4, システム5" in mismatch.message


def test_name_printed_before_its_heading_and_grid_before_the_next() -> None:
    # PDF layout: システム1's name above its heading; システム3's grid before its heading.
    result = extract_text(
        _basic(
            "[ ○ ] 宛名システム等 [ ] 税務システム\n"
            "①システムの名称 A システム\n②システムの機能\nAの機能\nシステム1\n"
            "[ ] 宛名システム等 [ ] 税務システム\n"
            "システム3\n①システムの名称 Cシステム\n②システムの機能\nCの機能\n"
            "○\n[ ○ ] その他 ( D、E )\n] 税務システム\n"
            "システム2\n①システムの名称 Bシステム\n②システムの機能\nBの機能\n"
        )
    )
    systems = {system.no: system for system in result.systems}
    assert systems[1].name == "A システム"
    assert systems[1].connections == ("宛名システム等",)
    assert systems[3].connections == ()
    assert systems[2].connections == ("税務システム", "その他")
    assert systems[2].connections_other == ("D", "E")
    assert [s.no for s in result.systems] == [1, 2, 3]


def test_duplicate_numbers() -> None:
    result = extract_text(
        _basic(
            "システム1\n①システムの名称 A\n"
            + GRID_NONE
            + "システム1\n①システムの名称 B\n"
            + GRID_NONE
        )
    )
    assert [s.name for s in result.systems] == ["A"]
    assert IssueCode.DUPLICATE_ITEM in codes(result)


def test_numbering_gap() -> None:
    result = extract_text(
        _basic(
            "システム1\n①システムの名称 A\n"
            + GRID_NONE
            + "システム3\n①システムの名称 C\n"
            + GRID_NONE
        )
    )
    gap = next(i for i in result.issues if i.code is IssueCode.COUNT_MISMATCH)
    assert "システム2" in gap.message


def test_system_without_grid() -> None:
    result = extract_text(_basic("システム1\n①システムの名称 A\n②システムの機能 Aの機能\n"))
    assert result.systems[0].connections == ()
    missing = [i for i in result.issues if i.code is IssueCode.FIELD_MISSING]
    assert any("③他のシステムとの接続" in i.message for i in missing)


def test_known_ocr_damage_of_a_national_system_name() -> None:
    result = extract_text(
        _basic("システム1\n①システムの名称 中間サーバー・ブラットフォーム\n" + GRID_NONE)
    )
    assert result.systems[0].name == "中間サーバー・プラットフォーム"


def test_systems_from_the_change_history_when_basic_info_lost_them() -> None:
    text = (
        "(別添1) 事務の内容\n①受付\n"
        "変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明\n"
        "令和7年8月1日\t1 基本情報 2. 特定個人情報ファイルを取り扱う事務において使用するシステム "
        "システム11 住民基本台帳ネットワークシステム ②システムの機能\t旧\t新しい機能\t事後\t-\n"
        "令和7年12月8日\t1 基本情報 2. 特定個人情報ファイルを取り扱う事務において使用するシステム "
        "システム14\t-\tXポータル\t事前\t-\n"
    )
    result = extract_text(text)
    assert [(s.no, s.name, s.form_ref) for s in result.systems] == [
        (11, "住民基本台帳ネットワークシステム", "別添3"),
        (14, "Xポータル", "別添3"),
    ]
    assert result.systems[0].functions == "新しい機能"
    assert (result.systems[0].line, result.systems[1].line) == (4, 5)
    missing = next(i for i in result.issues if i.form_ref == "Ⅰ 2")
    assert "別添3" in missing.message


def test_change_history_is_not_used_when_basic_info_has_systems() -> None:
    text = _basic("システム1\n①システムの名称 A\n" + GRID_NONE) + (
        "(別添3) 変更箇所\n変更日\t項目\t変更前の記載\t変更後の記載\n"
        "令和7年12月8日\t1 基本情報 2. 使用するシステム システム14\t-\tXポータル\n"
    )
    assert [s.name for s in extract_text(text).systems] == ["A"]


def test_a_lost_heading_is_numbered_by_the_sequence_not_shifted() -> None:
    # システム2's heading is lost: B is システム2 (not 3), C stays システム3, with an issue.
    result = extract_text(
        _basic(
            "システム1\n①システムの名称 A\n"
            + GRID_NONE
            + "①システムの名称 B\n"
            + GRID_NONE
            + "システム3\n①システムの名称 C\n"
            + GRID_NONE
        )
    )
    assert [(s.no, s.name) for s in result.systems] == [(1, "A"), (2, "B"), (3, "C")]
    lost = [i for i in result.issues if "heading is not in the text" in i.message]
    assert [i.code for i in lost] == [IssueCode.FIELD_MISSING]
    assert "システム2" in lost[0].message
    assert not any(i.code is IssueCode.COUNT_MISMATCH for i in result.issues)


def test_a_lost_last_heading_takes_the_next_number() -> None:
    result = extract_text(
        _basic("システム1\n①システムの名称 A\n" + GRID_NONE + "①システムの名称 B\n" + GRID_NONE)
    )
    assert [(s.no, s.name) for s in result.systems] == [(1, "A"), (2, "B")]


def test_generated_systems_keep_their_numbers_when_a_heading_is_lost() -> None:
    from ingest_synth import drop_line, generated_with

    made = generated_with(lambda m: len(m.expected.systems) >= 3)
    for lost in range(1, len(made.expected.systems) + 1):
        result = extract_text(drop_line(made.text, rf"システム{lost}$"))
        assert [(s.no, s.name) for s in result.systems] == [
            (s.no, s.name) for s in made.expected.systems
        ], lost
        assert any(f"システム{lost}: its heading" in i.message for i in result.issues)


def test_a_name_line_printed_twice_is_one_system() -> None:
    result = extract_text(
        _basic(
            "システム1\n①システムの名称\tA\n①システムの名称\tA\n②システムの機能\tAの機能\n"
            + GRID_NONE
            + "システム2\n①システムの名称\tB\n"
            + GRID_NONE
        )
    )
    assert [(s.no, s.name, s.functions) for s in result.systems] == [
        (1, "A", "Aの機能"),
        (2, "B", None),
    ]
    assert not any("heading is not in the text" in i.message for i in result.issues)
