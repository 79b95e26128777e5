"""Reading a source text from disk: size limit, binary sniffing, encoding detection.

The decode order is strict and deterministic: a byte-order mark decides first (UTF-8,
UTF-16), then NUL bytes that decode as UTF-16 text (BOM-less UTF-16, either byte order), then
ISO-2022-JP when its escape sequences are present, then strict UTF-8, then strict CP932 (the
Windows superset of Shift_JIS that Japanese PDF tools emit). Only when all of these fail is
charset-normalizer asked for a guess (EUC-JP, say), and its guess is accepted only when it
decodes the bytes into Japanese text without control characters. Anything else is a
:class:`SourceError`.

Decoding is strict except at the very end: a text cut off inside its last character (a
truncated download or copy) loses that partial character and is read, since the form's
sections tell what the cut removed. Invalid bytes anywhere else refuse the text.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "a.txt"
...     _ = path.write_bytes("評価書番号\\n".encode("cp932"))
...     doc = read_source(path)
>>> (doc.id, doc.encoding, doc.text)
('a.txt', 'cp932', '評価書番号\\n')
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import re
import stat
from pathlib import Path

from ingest.errors import SourceError, path_to_text
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

    The file is checked (it exists, is a regular file, is within ``max_bytes``) before any of
    it is read, and never more than ``max_bytes`` of it is read, so a huge or endless file
    costs no memory.

    Args:
        path: The file to read.
        max_bytes: Files larger than this are refused before being read.

    Returns:
        The decoded text with its identity (file name, SHA-256 of the raw bytes, encoding).

    Raises:
        SourceError: The file is missing, a directory, a broken or looping symbolic link, not a
            regular file, unreadable, empty or only white space, too large, binary, or not
            decodable; the message is one line naming the file.
    """
    try:
        info = path.stat()
    except OSError as error:
        raise SourceError(path, _stat_problem(path, error)) from error
    if stat.S_ISDIR(info.st_mode):
        raise SourceError(path, "is a directory, not a text file")
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(path, "is not a regular file (a device, pipe or socket), not a text file")
    if info.st_size > max_bytes:
        raise SourceError(
            path, f"file is {info.st_size} bytes, over the limit of {max_bytes} bytes"
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise SourceError(path, f"cannot be read ({error.strerror or error})") from error
    if len(raw) > max_bytes:  # it grew after it was measured
        raise SourceError(path, f"file is over the limit of {max_bytes} bytes")
    if not raw:
        raise SourceError(path, "empty file")
    text, encoding = bytes_to_text(raw, path=path)
    if not text.strip():
        raise SourceError(path, "contains only white space")
    return SourceDocument(
        id=path_to_text(path.name),  # a name with undecodable bytes is escaped, as printed
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=encoding,
        text=text,
    )


def _stat_problem(path: Path, error: OSError) -> str:
    """What a failed ``stat`` of ``path`` means, in words."""
    if error.errno == errno.ELOOP:
        return "symbolic link loop: the link never reaches a file"
    if error.errno == errno.ENOENT and path.is_symlink():
        return "broken symbolic link: the file it points to does not exist"
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return "no such file"
    if error.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return f"cannot be read ({error.strerror or error})"


def bytes_to_text(raw: bytes, *, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a source text; return the text and the encoding used.

    A leading BOM is dropped from the text; so is a character cut off by the end of the bytes.

    >>> bytes_to_text("公表日".encode("utf-16"))
    ('公表日', 'utf-16')
    >>> bytes_to_text(b"\\xef\\xbb\\xbf" + "公表日".encode())
    ('公表日', 'utf-8-sig')
    >>> bytes_to_text("評価書\\n公表日".encode("utf-16-be"))
    ('評価書\\n公表日', 'utf-16-be')
    >>> bytes_to_text("公表日".encode()[:-1])  # cut inside 日
    ('公表', 'utf-8')
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
    if b"\x00" in raw:
        utf16 = _utf16_without_bom(raw)
        if utf16 is not None:
            return _strict(raw, utf16, path), utf16
        raise SourceError(path, "contains NUL bytes: looks like binary data, not text")
    if b"\x1b$B" in raw or b"\x1b$@" in raw:  # the escape sequences of ISO-2022-JP
        return _strict(raw, "iso2022_jp", path), "iso2022_jp"
    utf8_error: UnicodeDecodeError | None = None
    for encoding in ("utf-8", "cp932"):
        try:
            text = _decode(raw, encoding)
        except UnicodeDecodeError as error:
            utf8_error = utf8_error or error
            continue
        _refuse_control_characters(text, path)
        return text, encoding
    guessed = _charset_normalizer_guess(raw)
    if guessed is not None:
        text, encoding = guessed
        _refuse_control_characters(text, path)
        return text, encoding
    where = f" (invalid UTF-8 at byte {utf8_error.start})" if utf8_error else ""
    raise SourceError(path, f"cannot be decoded as UTF-8{where}, UTF-16 or CP932 (Shift_JIS)")


def _decode(raw: bytes, encoding: str) -> str:
    """Decode strictly, except that a character cut off by the end of ``raw`` is dropped.

    >>> _decode("宛名".encode("cp932")[:-1], "cp932")
    '宛'
    """
    return codecs.getincrementaldecoder(encoding)("strict").decode(raw, final=False)


def _strict(raw: bytes, encoding: str, path: Path | str) -> str:
    try:
        text = _decode(raw, encoding)
    except UnicodeDecodeError as error:
        raise SourceError(
            path, f"invalid {encoding} bytes at offset {error.start}: cannot be decoded"
        ) from error
    _refuse_control_characters(text, path)
    return text


_UTF16_SAMPLE = 1 << 16
"""Bytes of a BOM-less text that decide whether it is UTF-16, and in which byte order."""

_TEXT_LIKE = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u23ff\u2460-\u27bf"
    "\u3000-\u30ff\u3200-\u33ff\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
"""Characters of this domain's texts: ASCII, Latin-1, punctuation and symbols, number forms
(Ⅰ Ⅲ), circled numbers (①), box drawing, CJK punctuation, kana, kanji, full-width forms. Bytes
decoded in the wrong byte order give mostly other characters (ASCII ``\\n`` becomes U+0A00)."""

_MIN_TEXT_LIKE_SHARE = 0.9
_MIN_NUL_SHARE = 0.005
"""UTF-16 text of this domain has NUL bytes in at least this share of its code units (every
line break, digit and ASCII letter has one)."""
_BASIC = re.compile("[\t\n\r\x20-\x7e\u3040-\u30ff]")


def _utf16_without_bom(raw: bytes) -> str | None:
    """Recognise BOM-less UTF-16 text and its byte order; None when the bytes are not that.

    Both byte orders are tried on a sample; the one that decodes into characters of this domain
    (:data:`_TEXT_LIKE`) wins, if nearly all of its characters are such. Random binary data,
    which has NUL bytes too, decodes into neither.
    """
    sample = raw[:_UTF16_SAMPLE]
    if sample.count(0) < len(sample) // 2 * _MIN_NUL_SHARE:
        return None  # a stray NUL or two in an 8-bit text, not the NULs of UTF-16's ASCII
    best: tuple[float, int, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, errors="replace")
        if not text:
            continue
        # Ties (lower-case ASCII reads as kanji the wrong way round) go to the byte order that
        # reads more ASCII and kana.
        score = (len(_TEXT_LIKE.findall(text)) / len(text), len(_BASIC.findall(text)), encoding)
        if best is None or score > best:
            best = score
    if best is None or best[0] < _MIN_TEXT_LIKE_SHARE:
        return None
    return best[2]


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
