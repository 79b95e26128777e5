"""Tests of ingest.normalize: the rule table, the line map and idempotence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_testdata import CORPUS_FILES

from ingest.normalize import RULES, normalize_line, normalize_text

RULE_IDS = [rule.name for rule in RULES]


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_example(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.fn(rule.example_in) == rule.example_out


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_is_documented(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.description
    assert rule.example_in != rule.example_out


def test_rule_names_are_unique_and_line_ends_come_first() -> None:
    assert len(set(RULE_IDS)) == len(RULE_IDS)
    assert [rule.name for rule in RULES if rule.whole_text] == ["line_ends"]
    assert RULES[0].name == "line_ends"


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("[ ○ ] 宛名", "[○] 宛名"),
        ("[○] 宛名", "[○] 宛名"),
        ("[ O ] 宛名", "[○] 宛名"),
        ("[ 〇 ] 宛名", "[○] 宛名"),
        ("[ <b>〇</b> ] 宛名", "[○] 宛名"),
        ('<input checked="" type="checkbox"/> 紙', "[○] 紙"),
        ('<input type="checkbox"/> 紙', "[ ] 紙"),
        ('[ <input type="radio"/> ] 庁内連携システム', "[○] 庁内連携システム"),
        ("[ ] 税務", "[ ] 税務"),
        ("[] 税務", "[ ] 税務"),
        ("【 ] その他", "[ ] その他"),
        ("〔〇〕既存", "[○]既存"),
        ("〔　〕宛名", "[ ]宛名"),
        ("[ ○", "[○"),
        ("〇", "○"),
    ],
)
def test_checkbox_encodings(raw: str, normalised: str) -> None:
    assert normalize_line(raw) == normalised


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("①②③⑳㉑ ⅠⅡⅢⅣⅤⅥ", "①②③⑳㉑ ⅠⅡⅢⅣⅤⅥ"),
        ("システム２～５", "システム2～5"),
        ("ＡＰＰＬＩＣ（１）", "APPLIC(1)"),
        ("国税庁·年金保険者∙企業•他", "国税庁・年金保険者・企業・他"),
        ("く選択肢> 1) 実施する", "<選択肢> 1) 実施する"),
        ("〈選択肢〉", "<選択肢>"),
        ("(選択肢&gt;", "<選択肢>"),
        ("&lt;選択肢&gt;", "<選択肢>"),
        ("1,000人未满", "1,000人未満"),
        ("## 公表日", "公表日"),
        ("| 評価書番号 | 評価書名 |", "評価書番号\t評価書名"),
        ("<p>a</p><p>b</p>", "a\tb"),
        ("項目\t<p>a</p> <p>b</p>", "項目\ta b"),
        ("「令和7年5月 様式4]", "「令和7年5月 様式4]"),
    ],
)
def test_named_cases(raw: str, normalised: str) -> None:
    assert normalize_line(raw) == normalised


def test_line_map_points_at_raw_lines() -> None:
    text = normalize_text("a\r\n\r\nb\rc\n\n  \n<p></p>\nd")
    assert text.lines == ("a", "b", "c", "d")
    assert text.line_map == (1, 3, 4, 8)
    assert [text.raw_line(i) for i in range(4)] == [1, 3, 4, 8]


def test_no_blanket_nfkc() -> None:
    assert normalize_line("①システムの名称 Ⅲ") == "①システムの名称 Ⅲ"


_INTERESTING = st.sampled_from(
    [*"[]【】〔〕「」○〇O <>&;#*-|\t\r\n①Ⅱ・·０９ＡｱﾞくＸ選択肢満满ブラット",
       "<p>", "</li>", "<br/>", "<b>", '<input type="radio"/>', "&lt;", "&amp;", "&#65;",
       "&#xFF10;", "## ", "- ", "**", "| a |", "く選択肢>", "[ ○ ]"]
)  # fmt: skip
_TEXTS = st.lists(st.one_of(_INTERESTING, st.text(max_size=4)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    twice = normalize_text("\n".join(once.lines))
    assert twice.lines == once.lines


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_line_map_is_increasing_and_in_range(text: str) -> None:
    normalised = normalize_text(text)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert len(normalised.lines) == len(normalised.line_map)
    assert list(normalised.line_map) == sorted(set(normalised.line_map))
    assert all(1 <= number <= len(raw_lines) for number in normalised.line_map)
    assert all("\n" not in line and line == line.strip() for line in normalised.lines)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem[:3] for p in CORPUS_FILES])
def test_corpus_normalisation_is_idempotent(path) -> None:  # type: ignore[no-untyped-def]
    once = normalize_text(path.read_text(encoding="utf-8"))
    assert normalize_text("\n".join(once.lines)).lines == once.lines
