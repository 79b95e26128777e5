"""Tests of ingest.source: reading, size limit, binary sniffing and encoding detection."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from ingest.errors import SourceError
from ingest.source import DEFAULT_MAX_BYTES, bytes_to_text, read_source

TEXT = "特定個人情報保護評価書（全項目評価書）\n評価書番号\n２７\n公表日 令和7年11月26日\n"


def _write(tmp_path: Path, data: bytes, name: str = "a.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp932"), "cp932"),
        (TEXT.encode("shift_jis"), "cp932"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom-le", "utf-16-bom-be", "utf-16-le", "utf-16-be",
         "cp932", "shift_jis"],
)  # fmt: skip
def test_encodings_are_detected(tmp_path: Path, data: bytes, encoding: str) -> None:
    document = read_source(_write(tmp_path, data))
    assert document.text == TEXT
    assert document.encoding == encoding


def test_identity_is_file_name_and_hash_of_raw_bytes(tmp_path: Path) -> None:
    data = TEXT.encode("cp932")
    document = read_source(_write(tmp_path, data, "評価書.txt"))
    assert document.id == "評価書.txt"
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.path.endswith("評価書.txt")


def test_decode_order_is_deterministic() -> None:
    # Bytes that are valid UTF-8 are read as UTF-8 even though CP932 could decode them too.
    data = "宛名システム".encode()
    assert bytes_to_text(data) == ("宛名システム", "utf-8")
    assert bytes_to_text(data) == bytes_to_text(data)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file") as error:
        read_source(tmp_path / "none.txt")
    assert "none.txt" in str(error.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="is a directory"):
        read_source(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="empty file"):
        read_source(_write(tmp_path, b""))


@pytest.mark.parametrize("data", [b" \n\t\r\n", "　\n".encode(), b"\xef\xbb\xbf\n"])
def test_only_white_space(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(SourceError, match="only white space"):
        read_source(_write(tmp_path, data))


def test_over_size_limit_says_size_and_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, TEXT.encode() * 10)
    size = path.stat().st_size
    with pytest.raises(SourceError) as error:
        read_source(path, max_bytes=100)
    assert f"{size} bytes" in str(error.value)
    assert "limit of 100 bytes" in str(error.value)
    assert DEFAULT_MAX_BYTES > 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "looks like a PDF file, not text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a PNG image, not text"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "looks like a JPEG image, not text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "looks like a ZIP archive"),
    ],
    ids=["pdf", "png", "jpeg", "zip"],
)
def test_binary_formats_are_named(tmp_path: Path, data: bytes, what: str) -> None:
    with pytest.raises(SourceError, match=what):
        read_source(_write(tmp_path, data))


def test_nul_bytes_in_non_utf16_text(tmp_path: Path) -> None:
    data = bytes(random.Random(1).randrange(256) for _ in range(4000)) + b"\x00" * 3
    with pytest.raises(SourceError, match="binary"):
        read_source(_write(tmp_path, data))


def test_control_characters_are_binary(tmp_path: Path) -> None:
    data = bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17]) * 50 + "評価書".encode()
    with pytest.raises(SourceError, match="binary"):
        read_source(_write(tmp_path, data))


def test_undecodable_bytes(tmp_path: Path) -> None:
    # Invalid UTF-8, invalid CP932 (a lead byte followed by a control byte), no magic number.
    data = bytes([0x81, 0x01]) * 400
    with pytest.raises(SourceError) as error:
        read_source(_write(tmp_path, data))
    assert "a.txt" in str(error.value)


def test_error_message_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as error:
        read_source(_write(tmp_path, b"%PDF-1.4"))
    assert "\n" not in str(error.value)
    assert str(error.value).startswith(str(tmp_path))


def test_iso_2022_jp_and_euc_jp(tmp_path: Path) -> None:
    assert read_source(_write(tmp_path, TEXT.encode("iso2022_jp"))).text == TEXT
    euc = read_source(_write(tmp_path, (TEXT * 5).encode("euc_jp"), "b.txt"))
    assert euc.text == TEXT * 5


@pytest.mark.parametrize("data", [bytes([0x81, 0x7F]) * 400, bytes(range(0x80, 0x100)) * 20])
def test_garbage_guesses_are_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(SourceError):
        read_source(_write(tmp_path, data))
