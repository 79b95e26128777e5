"""Tests of ingest.section: cover, table of contents, parts and the items of Ⅰ."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_testdata import CORPUS_FILES

from ingest.form import FOCUSED, FULL, SectionKind
from ingest.normalize import normalize_text
from ingest.section import Section, detect_document_kind, text_to_sections

K = SectionKind


def _sections(text: str) -> list[Section]:
    return text_to_sections(normalize_text(text))


def _kinds(sections: list[Section]) -> list[SectionKind]:
    return [section.kind for section in sections]


def _corpus_sections(stem: str) -> list[Section]:
    path = next(p for p in CORPUS_FILES if p.stem.startswith(stem))
    return _sections(path.read_text(encoding="utf-8"))


def _by_kind(sections: list[Section], kind: SectionKind) -> Section:
    return next(section for section in sections if section.kind is kind)


COVER = "特定個人情報保護評価書(全項目評価書)\n評価書番号\n27\n評価書名\nX事務 全項目評価書\n"
CONTENTS = "項目一覧\nⅠ 基本情報\nⅡ 特定個人情報ファイルの概要\nⅢ リスク対策\n"


def test_contents_is_skipped_and_cover_ends_there() -> None:
    sections = _sections(COVER + CONTENTS + "Ⅰ 基本情報\n1. 特定個人情報ファイルを取り扱う事務\n")
    assert _kinds(sections) == [K.COVER, K.CONTENTS, K.BASIC_INFO, K.AFFAIR]
    assert _by_kind(sections, K.CONTENTS).lines[0] == "項目一覧"
    # The Ⅱ listed in the table of contents opens no part.
    assert K.FILE_OVERVIEW not in _kinds(sections)


def test_quoted_headings_do_not_reopen_parts() -> None:
    text = (
        COVER + "Ⅰ 基本情報\n1. 特定個人情報ファイルを取り扱う事務\n"
        "Ⅱ 特定個人情報ファイルの概要\n(別添3) 変更箇所\n"
        "Ⅰ 基本情報 2. 特定個人情報ファイルを取り扱う事務において使用するシステム\n"
        "Ⅱ 特定個人情報ファイルの概要 4.\n"
    )
    sections = _sections(text)
    assert _kinds(sections).count(K.BASIC_INFO) == 1
    assert _kinds(sections).count(K.FILE_OVERVIEW) == 1
    assert _by_kind(sections, K.CHANGES).end == len(normalize_text(text).lines)


def test_prose_that_mentions_an_annex_is_no_heading() -> None:
    sections = _sections(COVER + "Ⅱ 特定個人情報ファイルの概要\n別紙3に記載\nⅢ リスク対策\n")
    assert _kinds(sections) == [K.COVER, K.FILE_OVERVIEW, K.RISK_MEASURES]


def test_text_without_cover_or_basic_info() -> None:
    sections = _sections("(別添1) 事務の内容\n①受付\n変更日\t項目\t変更前の記載\t変更後の記載\n")
    assert _kinds(sections) == [K.FLOW, K.CHANGES]


def test_items_without_the_heading_of_basic_info() -> None:
    text = COVER + "3. 特定個人情報ファイル名\nX情報ファイル\nⅡ 特定個人情報ファイルの概要\n"
    sections = _sections(text)
    assert _kinds(sections) == [K.COVER, K.BASIC_INFO, K.FILE_NAME, K.FILE_OVERVIEW]


def test_grid_printed_before_its_heading_belongs_to_the_systems() -> None:
    text = COVER + (
        "Ⅰ 基本情報\n○\n[○] 宛名システム等 [\n] 税務システム\n"
        "1. 特定個人情報ファイルを取り扱う事務\n①事務の名称 X事務\n"
        "2. 特定個人情報ファイルを取り扱う事務において使用するシステム\nシステム1\n"
        "①システムの名称 Xシステム\n3. 特定個人情報ファイル名\nXファイル\n"
    )
    sections = _sections(text)
    systems = _by_kind(sections, K.SYSTEMS)
    assert systems.lines[0] == "○"
    assert systems.lines[-1] == "①システムの名称 Xシステム"
    affair = _by_kind(sections, K.AFFAIR)
    assert affair.lines == ("1. 特定個人情報ファイルを取り扱う事務", "①事務の名称 X事務")


def test_section_lines_map_to_raw_lines() -> None:
    sections = _sections("\n\n" + COVER.replace("\n", "\n\n") + CONTENTS)
    cover = _by_kind(sections, K.COVER)
    assert cover.raw_line(0) == 3
    assert cover.lines[0].startswith("特定個人情報保護評価書")


def test_document_kind() -> None:
    assert detect_document_kind(["特定個人情報保護評価書(全項目評価書)"]) == FULL
    assert detect_document_kind(["x", "特定個人情報保護評価書(重点項目評価書)"]) == FOCUSED
    assert detect_document_kind(["x"]) is None


EXPECTED_PARTS = {
    "000": [K.FLOW, K.CHANGES, K.ANNEX],
    "001": [K.COVER, K.CONTENTS, K.BASIC_INFO, K.FLOW, K.FILE_OVERVIEW, K.RECORD_ITEMS,
            K.RISK_MEASURES, K.OTHER_MEASURES, K.DISCLOSURE, K.PROCEDURE, K.CHANGES],
    "002": [K.COVER, K.CONTENTS, K.BASIC_INFO, K.FILE_OVERVIEW, K.RECORD_ITEMS,
            K.RISK_MEASURES, K.OTHER_MEASURES, K.DISCLOSURE, K.PROCEDURE, K.CHANGES],
    "003": [K.COVER, K.CONTENTS, K.BASIC_INFO, K.FLOW, K.FILE_OVERVIEW, K.RISK_MEASURES,
            K.OTHER_MEASURES, K.DISCLOSURE, K.PROCEDURE, K.CHANGES],
    "004": [K.COVER, K.CONTENTS, K.BASIC_INFO, K.FILE_OVERVIEW, K.RECORD_ITEMS,
            K.RISK_MEASURES, K.DISCLOSURE, K.PROCEDURE, K.CHANGES],
}  # fmt: skip


@pytest.mark.parametrize("stem", sorted(EXPECTED_PARTS))
def test_corpus_parts(stem: str) -> None:
    items = {K.AFFAIR, K.SYSTEMS, K.FILE_NAME, K.REASON, K.NUMBER_USE, K.NETWORK_LINKAGE,
             K.DEPARTMENT, K.OTHER_ASSESSORS}  # fmt: skip
    kinds = [k for k in _kinds(_corpus_sections(stem)) if k not in items]
    assert list(dict.fromkeys(kinds)) == EXPECTED_PARTS[stem]


def test_corpus_focused_numbering() -> None:
    sections = _corpus_sections("004")
    refs = {section.kind: section.form_ref for section in sections}
    assert refs[K.DEPARTMENT] == "Ⅰ 6"
    assert refs[K.DISCLOSURE] == "Ⅳ"
    assert refs[K.CHANGES] == "別添2"
    assert K.AFFAIR not in refs
    assert K.SYSTEMS not in refs


def test_corpus_pdf_layout_systems_span_their_scattered_evidence() -> None:
    sections = _corpus_sections("001")
    systems = _by_kind(sections, K.SYSTEMS)
    # From the lone mark of the grid printed before Ⅰ to the last grid line of システム2.
    assert (systems.raw_line(0), systems.raw_line(len(systems.lines) - 1)) == (56, 261)
    affair = _by_kind(sections, K.AFFAIR)
    assert affair.raw_line(0) == 85


def test_sections_are_ordered_and_within_the_text(corpus_file: Path) -> None:
    text = normalize_text(corpus_file.read_text(encoding="utf-8"))
    sections = text_to_sections(text)
    assert [s.start for s in sections] == sorted(s.start for s in sections)
    for section in sections:
        assert 0 <= section.start < section.end <= len(text.lines)
        assert section.lines == text.lines[section.start : section.end]
        assert section.line_map == text.line_map[section.start : section.end]


def test_a_contents_line_printed_twice_keeps_the_parts() -> None:
    contents = "項目一覧\nⅠ 基本情報\nⅡ 特定個人情報ファイルの概要\nⅡ 特定個人情報ファイルの概要\n"
    body = "Ⅰ 基本情報\n1. 特定個人情報ファイルを取り扱う事務\nⅡ 特定個人情報ファイルの概要\n"
    sections = _sections(COVER + contents + body)
    assert _kinds(sections) == [K.COVER, K.CONTENTS, K.BASIC_INFO, K.AFFAIR, K.FILE_OVERVIEW]
    assert _by_kind(sections, K.CONTENTS).lines[-1] == "Ⅱ 特定個人情報ファイルの概要"


def test_a_body_that_starts_with_the_last_contents_entry_is_the_body() -> None:
    # The contents list Ⅰ last; the body's Ⅰ right after it is no repeat of that entry.
    contents = "項目一覧\nⅡ 特定個人情報ファイルの概要\nⅠ 基本情報\n"
    body = "Ⅰ 基本情報\n1. 特定個人情報ファイルを取り扱う事務\nⅡ 特定個人情報ファイルの概要\n"
    sections = _sections(COVER + contents + body)
    assert _kinds(sections) == [K.COVER, K.CONTENTS, K.BASIC_INFO, K.AFFAIR, K.FILE_OVERVIEW]


def test_a_generated_text_with_a_repeated_contents_line_keeps_every_part() -> None:
    from ingest_synth import generated_with

    made = generated_with(lambda m: True)
    lines = made.text.split("\n")
    contents = next(n for n, line in enumerate(lines) if line.endswith("項目一覧"))
    for entry in range(contents + 2, contents + 6):  # each of the first entries, one at a time
        repeated = [*lines[: entry + 1], *lines[entry:]]
        damaged = [s.kind for s in _sections("\n".join(repeated))]
        assert damaged == [s.kind for s in _sections(made.text)], lines[entry]
