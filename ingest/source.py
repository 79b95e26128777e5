"""Reading a source text from disk: size limit, binary sniffing, encoding detection.

The decode order is strict and deterministic: a byte-order mark decides first (UTF-8,
UTF-16), then a NUL-byte pattern (BOM-less UTF-16), then ISO-2022-JP when its escape sequences
are present, then strict UTF-8, then strict CP932 (the Windows superset of Shift_JIS that
Japanese PDF tools emit). Only when all of these fail is charset-normalizer asked for a guess
(EUC-JP, say), and its guess is accepted only when it decodes the bytes into Japanese text
without control characters. Anything else is a :class:`SourceError`.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "a.txt"
...     _ = path.write_bytes("評価書番号\\n".encode("cp932"))
...     doc = read_source(path)
>>> (doc.id, doc.encoding, doc.text)
('a.txt', 'cp932', '評価書番号\\n')
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.errors import SourceError
from ingest.records import SourceDocument

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""Largest source accepted by default (32 MiB): real assessment texts are well under 2 MiB."""

_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)
"""Leading bytes of binary formats users mistake for text, and what to call them."""

_MAX_CONTROL_RATIO = 0.01
"""Share of C0 control characters above which decoded bytes are called binary."""


def read_source(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """Read one assessment text and decode it.

    Args:
        path: The file to read.
        max_bytes: Files larger than this are refused before being read.

    Returns:
        The decoded text with its identity (file name, SHA-256 of the raw bytes, encoding).

    Raises:
        SourceError: The file is missing, a directory, empty or only white space, too large,
            binary, or not decodable; the message is one line naming the file.
    """
    if not path.exists():
        raise SourceError(path, "no such file")
    if path.is_dir():
        raise SourceError(path, "is a directory, not a text file")
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(path, f"file is {size} bytes, over the limit of {max_bytes} bytes")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot be read ({error.strerror or error})") from error
    if not raw:
        raise SourceError(path, "empty file")
    text, encoding = bytes_to_text(raw, path=path)
    if not text.strip():
        raise SourceError(path, "contains only white space")
    return SourceDocument(
        id=path.name,
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=encoding,
        text=text,
    )


def bytes_to_text(raw: bytes, *, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a source text; return the text and the encoding used.

    A leading BOM is dropped from the text.

    >>> bytes_to_text("公表日".encode("utf-16"))
    ('公表日', 'utf-16')
    >>> bytes_to_text(b"\\xef\\xbb\\xbf" + "公表日".encode())
    ('公表日', 'utf-8-sig')
    >>> bytes_to_text(b"%PDF-1.7 ...")
    Traceback (most recent call last):
    ...
    ingest.errors.SourceError: <bytes>: looks like a PDF file, not text
    """
    for magic, name in _MAGIC_NUMBERS:
        if raw.startswith(magic):
            raise SourceError(path, f"looks like {name}, not text")
    if raw.startswith(b"\xef\xbb\xbf"):
        return _strict(raw, "utf-8-sig", path), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(raw, "utf-16", path), "utf-16"
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        return _strict(raw, utf16, path), utf16
    if b"\x00" in raw:
        raise SourceError(path, "contains NUL bytes: looks like binary data, not text")
    if b"\x1b$B" in raw or b"\x1b$@" in raw:  # the escape sequences of ISO-2022-JP
        return _strict(raw, "iso2022_jp", path), "iso2022_jp"
    for encoding in ("utf-8", "cp932"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        _refuse_control_characters(text, path)
        return text, encoding
    guessed = _charset_normalizer_guess(raw)
    if guessed is not None:
        text, encoding = guessed
        _refuse_control_characters(text, path)
        return text, encoding
    raise SourceError(path, "cannot be decoded as UTF-8, UTF-16 or CP932 (Shift_JIS)")


def _strict(raw: bytes, encoding: str, path: Path | str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise SourceError(
            path, f"invalid {encoding} bytes at offset {error.start}: cannot be decoded"
        ) from error
    _refuse_control_characters(text, path)
    return text


def _utf16_without_bom(raw: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by its NUL pattern: ASCII characters leave NULs in one lane."""
    sample = raw[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    # In UTF-16 text of this domain most code units are CJK (no NUL byte) or ASCII (one NUL);
    # the NULs always sit in the same lane, which binary data does not do.
    if odd_nuls >= half * 0.2 and even_nuls <= half * 0.02:
        return "utf-16-le"
    if even_nuls >= half * 0.2 and odd_nuls <= half * 0.02:
        return "utf-16-be"
    return None


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _refuse_control_characters(text: str, path: Path | str) -> None:
    controls = len(_CONTROL.findall(text))
    if controls and controls > len(text) * _MAX_CONTROL_RATIO:
        raise SourceError(path, "contains control characters: looks like binary data, not text")


_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff]")
_MIN_JAPANESE_SHARE = 0.05
"""A guessed decoding must read as Japanese: at least this share of kana and kanji."""


def _charset_normalizer_guess(raw: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return None
    encoding = str(best.encoding)
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    # charset-normalizer always names some encoding; an assessment decodes to Japanese text,
    # not to a run of Latin letters or replacement characters.
    visible = [char for char in text if not char.isspace()]
    japanese = len(_JAPANESE.findall(text))
    if "\ufffd" in text or not visible or japanese < len(visible) * _MIN_JAPANESE_SHARE:
        return None
    return text, encoding
