"""Labels: wrapping of Japanese text, circled numbers, widths."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from viz.style import circled_number, label_lines, text_width, wrap_label

JAPANESE = st.text(
    alphabet=st.sampled_from(
        list("住民基本台帳ネットワークシステムの情報を提供する。、・（）()ABC123 ーっ")
    ),
    max_size=80,
)


@given(JAPANESE, st.integers(min_value=4, max_value=20))
def test_wrapping_keeps_every_character(text: str, width: int) -> None:
    lines = wrap_label(text, width)
    assert "".join(lines).replace(" ", "") == "".join(text.split()).replace(" ", "")


@given(JAPANESE, st.integers(min_value=4, max_value=20))
def test_lines_are_at_most_one_character_over(text: str, width: int) -> None:
    # One character may hang over the width: a 、 or ） that may not start a line.
    for line in wrap_label(text, width):
        assert text_width(line) <= width + 1.5


def test_lines_never_start_with_a_closing_mark() -> None:
    lines = wrap_label("賦課決定・更正情報、収納情報、滞納情報（個人番号を含む。）", width=6)
    assert lines
    assert not any(line[0] in "、。）)・ー" for line in lines)


def test_katakana_words_stay_whole() -> None:
    assert wrap_label("情報提供ネットワークシステム", width=8) == [
        "情報提供",
        "ネットワーク",
        "システム",
    ]


def test_max_lines_ends_with_an_ellipsis() -> None:
    lines = wrap_label("あ" * 100, width=10, max_lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith("…")


def test_blank_text_has_no_lines() -> None:
    assert wrap_label("  \u3000 ") == []


def test_label_lines_never_form_an_escape() -> None:
    assert label_lines(["C:\\temp", "x"]) == "C:＼temp\\nx"


def test_circled_numbers_cover_the_steps_of_real_assessments() -> None:
    assert [circled_number(n) for n in (1, 10, 20, 21, 35, 36, 50)] == [
        "①",
        "⑩",
        "⑳",
        "㉑",
        "㉟",
        "㊱",
        "㊿",
    ]
