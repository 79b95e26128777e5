"""Tests of ingest.checkbox: reading checkbox grids in any damage state."""

from __future__ import annotations

from ingest.checkbox import TokenKind, line_to_tokens, tokens_to_grid
from ingest.normalize import normalize_line


def _grid(*lines: str):  # type: ignore[no-untyped-def]
    tokens = []
    for index, line in enumerate(lines):
        tokens += line_to_tokens(normalize_line(line), line=index)
    return tokens_to_grid(tokens)


def test_tokens() -> None:
    kinds = [t.kind for t in line_to_tokens("[ ] 住民基本台帳ネットワークシステム [○", line=0)]
    assert kinds == [TokenKind.BOX, TokenKind.OPTION, TokenKind.OPEN]


def test_inline_grid_in_form_order() -> None:
    grid = _grid(
        '[ ] 情報提供ネットワークシステム [ <input type="radio"/> ] 庁内連携システム '
        "[ ] 住民基本台帳ネットワークシステム [ ] 既存住民基本台帳システム "
        "[ O ] 宛名システム等 [ 〇] 税務システム [ ] その他 ( )"
    )
    assert grid.ticked == ("庁内連携システム", "宛名システム等", "税務システム")
    assert grid.other_names == ()
    assert len(grid.seen) == 7
    assert grid.placements == ()


def test_options_out_of_order_come_back_in_form_order() -> None:
    grid = _grid("[○] 税務システム [ ] 情報提供ネットワークシステム [○] 庁内連携システム")
    assert grid.ticked == ("庁内連携システム", "税務システム")


def test_other_names_and_a_list_cut_by_its_parenthesis() -> None:
    grid = _grid("[ ○ ] その他 ( A業者、Bシステム、 ) C連携\t[ ○ ] 庁内連携システム")
    assert grid.ticked == ("庁内連携システム", "その他")
    assert grid.other_names == ("A業者", "Bシステム", "C連携")


def test_other_with_names_but_a_lost_box_is_ticked() -> None:
    grid = _grid("] その他 (コンビニ交付システム、申請管理システム", "[○] 税務システム")
    assert grid.ticked == ("税務システム", "その他")
    assert grid.other_names == ("コンビニ交付システム", "申請管理システム")


def test_lone_mark_goes_to_the_next_label_without_a_box() -> None:
    grid = _grid(
        "○", "[ ○ ] 宛名システム等 [", "[ ] その他 (", "] 庁内連携システム", "] 税務システム"
    )
    assert grid.ticked == ("庁内連携システム", "宛名システム等")
    assert [(p.option, p.line) for p in grid.placements] == [("庁内連携システム", 0)]


def test_mark_opened_at_the_end_of_a_row_goes_to_the_row_partner() -> None:
    grid = _grid("[ ] 住民基本台帳ネットワークシステム [ ○", "] 既存住民基本台帳システム")
    assert grid.ticked == ("既存住民基本台帳システム",)
    assert grid.placements[0].option == "既存住民基本台帳システム"


def test_label_repeated_by_ocr_takes_the_missing_slot() -> None:
    grid = _grid(
        "[ ] 情報提供ネットワークシステム [ O ] 庁内連携シス "
        "[ O ] 住民基本台帳ネットワークシステム "
        "[ O ] 既存住民基本 [ O ] 税務システム [ O ] 税務システム [ O ] その他 (中間サーバー\t5台帳"
    )
    assert grid.ticked == (
        "庁内連携システム",
        "住民基本台帳ネットワークシステム",
        "既存住民基本台帳システム",
        "宛名システム等",
        "税務システム",
        "その他",
    )
    assert grid.other_names == ("中間サーバー",)
    assert "税務システム → 宛名システム等" in [repair.reason for repair in grid.repairs]


def test_ocr_damaged_label_is_reported() -> None:
    grid = _grid("[ O] 空名システム等 [ O] 税務システム")
    assert grid.ticked == ("宛名システム等", "税務システム")
    assert [repair.reason for repair in grid.repairs] == ["空名システム等 → 宛名システム等"]


def test_conflicting_readings() -> None:
    grid = _grid("[○] 税務システム", "[ ] 税務システム")
    assert grid.ticked == ("税務システム",)
    assert grid.conflicts == ("税務システム",)
