"""Tests of ingest.pipeline: statuses, bad input, encoding round trips and robustness."""

from __future__ import annotations

import random
import re
from dataclasses import fields, replace
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import codes, extract_text, source_of
from ingest_testdata import CORPUS_FILES

from ingest.errors import SourceError
from ingest.normalize import normalize_line
from ingest.pipeline import extract_file, extract_source, is_assessment
from ingest.records import ExtractionResult, IssueCode, Status

MINIMAL = (
    "特定個人情報保護評価書(全項目評価書)\n評価書番号\n1\n評価書名\nX事務 全項目評価書\n"
    "評価実施機関名\nX市長\n公表日\n令和7年1月6日\n"
    "項目一覧\nⅠ 基本情報\nⅡ 特定個人情報ファイルの概要\n"
    "Ⅰ 基本情報\n1. 特定個人情報ファイルを取り扱う事務\n①事務の名称 X事務\n②事務の内容 Xを行う。\n"
    "③対象人数 [ 30万人以上 ]\n2. 特定個人情報ファイルを取り扱う事務において使用するシステム\n"
    "システム1\n①システムの名称 Xシステム\n②システムの機能 Xを管理する。\n"
    "③他のシステムとの接続 [ ] 情報提供ネットワークシステム [○] 庁内連携システム "
    "[ ] 住民基本台帳ネットワークシステム [ ] 既存住民基本台帳システム [○] 宛名システム等 "
    "[ ] 税務システム [ ] その他 ( )\n"
    "3. 特定個人情報ファイル名\nX情報ファイル\n"
    "5. 個人番号の利用 ※\n法令上の根拠 番号法第9条第1項 別表24の項\n"
    "6. 情報提供ネットワークシステムによる情報連携 ※\n①実施の有無 [ 実施しない ]\n"
    "②法令上の根拠 -\n"
    "Ⅱ 特定個人情報ファイルの概要\n"
)
"""A minimal assessment: a cover, a table of contents listing Ⅰ and Ⅱ, Ⅰ 1–3, 5, 6 and Ⅱ."""
SYSTEMS_BLOCK = MINIMAL[MINIMAL.index("2. 特定個人情報ファイルを") : MINIMAL.index("3. 特定個人")]


def test_success_when_nothing_is_wrong() -> None:
    result = extract_text(MINIMAL)
    assert result.issues == ()
    assert result.status is Status.SUCCESS
    assert result.systems[0].connections == ("庁内連携システム", "宛名システム等")


def test_partial_when_a_required_section_is_missing() -> None:
    text = MINIMAL.replace(SYSTEMS_BLOCK, "")
    result = extract_text(text)
    assert result.status is Status.PARTIAL
    assert codes(result) == [IssueCode.SECTION_MISSING]
    assert result.issues[0].form_ref == "Ⅰ 2"


def test_fragment_without_cover() -> None:
    text = "(別添1) 事務の内容\n①受付\n変更日\t項目\t変更前の記載\t変更後の記載\n"
    result = extract_text(text)
    assert result.status is Status.PARTIAL
    assert codes(result)[0] is IssueCode.NO_COVER


@pytest.mark.parametrize(
    "text",
    ["Shopping list: eggs, milk.", "議事録\n本日の議題は予算である。\n", "別紙1\n表\n", "x" * 1000],
)
def test_not_an_assessment_is_a_failure(text: str) -> None:
    result = extract_text(text)
    assert result.status is Status.FAILURE
    assert result.systems == ()
    assert codes(result) == [IssueCode.SECTION_MISSING]


def test_not_an_assessment_file(tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("会議のメモ\n明日は晴れ。\n", encoding="utf-8")
    assert extract_file(path).status is Status.FAILURE


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"%PDF-1.5\n", "PDF"), (b"\x00\x01\x02binary" * 10, "binary")],
)
def test_bad_files_raise_source_error(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=reason):
        extract_file(path)


def test_oversize_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(MINIMAL * 20, encoding="utf-8")
    with pytest.raises(SourceError, match="over the limit"):
        extract_file(path, max_bytes=1000)


# --- same records whatever the encoding --------------------------------------------------


def _records(result: ExtractionResult) -> dict[str, object]:
    """Every record, issue and the status: all of the result but its source."""
    return {f.name: getattr(result, f.name) for f in fields(result) if f.name != "source"}


@cache
def _extracted(path: Path) -> ExtractionResult:
    return extract_file(path)


def _cp932_safe(text: str) -> str:
    """``text`` with every character CP932 lacks replaced by its normalised form or 〓."""

    def substitute(char: str) -> str:
        for candidate in (char, normalize_line(char)):
            try:
                candidate.encode("cp932")
            except UnicodeEncodeError:
                continue
            return candidate
        return "〓"

    return "".join(substitute(char) if ord(char) > 0x7F else char for char in text)


def test_utf8_bom_with_crlf_gives_the_same_records(tmp_path: Path, corpus_file: Path) -> None:
    text = corpus_file.read_text(encoding="utf-8")
    path = tmp_path / corpus_file.name
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = extract_file(path)
    assert result.source.encoding == "utf-8-sig"
    assert _records(result) == _records(_extracted(corpus_file))


def test_cp932_gives_the_same_records(tmp_path: Path, corpus_file: Path) -> None:
    text = _cp932_safe(corpus_file.read_text(encoding="utf-8"))
    utf8 = tmp_path / "utf8.txt"
    utf8.write_bytes(text.encode("utf-8"))
    cp932 = tmp_path / "cp932.txt"
    cp932.write_bytes(text.encode("cp932"))
    result = extract_file(cp932)
    assert result.source.encoding == "cp932"
    assert _records(result) == _records(extract_file(utf8))


_MARKUP = re.compile(r"<[^<>\n]*>|&#?\w+;")


def _full_width_digits(text: str) -> str:
    """ASCII digits made full-width, except inside markup (``<h1>``, ``&#39;``)."""
    pieces = _MARKUP.split(text)
    markup = _MARKUP.findall(text)
    widened = [
        piece.translate(str.maketrans("0123456789", "０１２３４５６７８９")) for piece in pieces
    ]
    return "".join(w + m for w, m in zip(widened, [*markup, ""], strict=True))


def test_full_width_digits_give_the_same_records(corpus_file: Path) -> None:
    text = corpus_file.read_text(encoding="utf-8")
    widened = replace(source_of(_full_width_digits(text), corpus_file.name))
    original = source_of(text, corpus_file.name)
    assert _records(extract_source(widened)) == _records(extract_source(original))


# --- robustness --------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_extraction_never_raises_on_arbitrary_text(text: str) -> None:
    result = extract_text(text)
    assert result.status in set(Status)


@cache
def _corpus_lines(index: int) -> tuple[str, ...]:
    return tuple(CORPUS_FILES[index].read_text(encoding="utf-8").split("\n"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=0, max_value=len(CORPUS_FILES) - 1),
    st.integers(min_value=0, max_value=2**32),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_extraction_never_raises_on_shuffled_or_truncated_corpus(
    index: int, seed: int, keep: float
) -> None:
    lines = list(_corpus_lines(index))
    rng = random.Random(seed)
    lines = lines[: max(1, int(len(lines) * keep))]
    if seed % 2:
        rng.shuffle(lines)
    else:  # shuffle only a window: order damage rather than noise
        start = rng.randrange(len(lines))
        window = lines[start : start + 40]
        rng.shuffle(window)
        lines[start : start + 40] = window
    result = extract_text("\n".join(lines))
    assert result.status in set(Status)
    for system in result.systems:
        assert system.name
        assert system.line >= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=0, max_value=len(CORPUS_FILES) - 1),
    st.integers(min_value=0, max_value=2**32),
    st.floats(min_value=0.0, max_value=0.5),
)
def test_extraction_never_raises_on_a_corpus_text_with_random_lines_deleted(
    index: int, seed: int, share: float
) -> None:
    lines = list(_corpus_lines(index))
    rng = random.Random(seed)
    deleted = set(rng.sample(range(len(lines)), int(len(lines) * share)))
    kept = [line for number, line in enumerate(lines) if number not in deleted]
    result = extract_text("\n".join(kept))
    assert result.status in set(Status)
    for record in (*result.systems, *result.files, *result.risks, *result.changes):
        assert 1 <= record.line <= len(kept)
    for found in result.issues:
        assert found.line is None or 1 <= found.line <= len(kept)


def test_every_issue_and_record_points_at_a_raw_line(corpus_file: Path) -> None:
    result = _extracted(corpus_file)
    total = len(corpus_file.read_text(encoding="utf-8").split("\n"))
    lines = [system.line for system in result.systems]
    lines += [issue.line for issue in result.issues if issue.line is not None]
    if result.document.line is not None:
        lines.append(result.document.line)
    if result.affair.line is not None:
        lines.append(result.affair.line)
    assert all(1 <= line <= total for line in lines)


def test_is_assessment() -> None:
    assert not is_assessment([])


MARKDOWN_TABLES = """# 特定個人情報保護評価書（全項目評価書）

| 評価書番号 | 評価書名 |
|---|---|
| １２ | Ａ市 介護保険に関する事務 全項目評価書 |

| 評価実施機関名 | Ａ市長 |
|---|---|
| 公表日 | 令和６年３月１日 |

## 項目一覧
- Ⅰ 基本情報
- Ⅱ 特定個人情報ファイルの概要

## Ⅰ 基本情報
### １．特定個人情報ファイルを取り扱う事務
| ①事務の名称 | 介護保険に関する事務 |
|---|---|
| ②事務の内容 ※ | 介護保険法に基づく事務を行う。 |
| ③対象人数 | ［ １０万人以上３０万人未満 ］ ＜選択肢＞ １）1,000人未満 |

### ２．特定個人情報ファイルを取り扱う事務において使用するシステム
**システム１**
| ①システムの名称 | 介護保険システム |
|---|---|
| ②システムの機能 | 資格管理 |
| ③他のシステムとの接続 | ［ ○ ］ 庁内連携システム　［　］ 税務システム　［ ○ ］ 宛名システム等　\
［ ○ ］ その他 （ 国保システム、後期高齢システム ） |

### ３．特定個人情報ファイル名
介護保険情報ファイル

### ５．個人番号の利用 ※
| 法令上の根拠 | 番号法第９条第１項 別表第一の６８の項 |
|---|---|

### ６．情報提供ネットワークシステムによる情報連携 ※
| ①実施の有無 | ［ 実施する ］ ＜選択肢＞ １）実施する ２）実施しない ３）未定 |
|---|---|
| ②法令上の根拠 | 番号法第１９条第８号に基づく主務省令第２条の表９５の項 |

## Ⅱ 特定個人情報ファイルの概要
"""


def test_markdown_tables_of_another_tool() -> None:
    result = extract_text(MARKDOWN_TABLES)
    assert result.status is Status.SUCCESS
    document = result.document
    assert (document.number, document.org, document.municipality) == ("12", "A市長", "A市")
    assert document.published_date is not None
    assert result.affair.population == "10万人以上30万人未満"
    (system,) = result.systems
    assert system.name == "介護保険システム"
    assert system.connections == ("庁内連携システム", "宛名システム等", "その他")
    assert system.connections_other == ("国保システム", "後期高齢システム")
