"""What the bad inputs hold: images, PDF and Office bytes, texts that are not assessments."""

from __future__ import annotations

import random
import struct
import tempfile
import zipfile
import zlib


def png_bytes() -> bytes:
    """A valid 1×1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """The head of a JFIF image, some scan data and its end marker."""
    head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return head + random.Random(2).randbytes(2048) + b"\xff\xd9"


def pdf_bytes() -> bytes:
    """A small but complete PDF whose one page says 特定個人情報保護評価書 (in a content stream)."""
    stream = b"BT /F1 12 Tf 72 720 Td <FEFF727959DA500B4EBA60C55831> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def docx_bytes() -> bytes:
    """A Word document (a ZIP archive) someone saved with the wrong extension."""
    with tempfile.SpooledTemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document>特定個人情報保護評価書</w:document>")
        handle.seek(0)
        return handle.read()


NOVEL = (
    "吾輩は猫である。名前はまだ無い。\n"
    "どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは"
    "記憶している。吾輩はここで始めて人間というものを見た。\n"
) * 40
README_JA = (
    "# かんたん家計簿\n\n## 概要\n\nこのツールは毎月の収入と支出を記録し、グラフで表示します。\n\n"
    "## インストール\n\n```\npip install kakeibo\n```\n\n## 使い方\n\n1. `kakeibo add 食費 1200`\n"
    "2. `kakeibo report --month 2024-05`\n\n## ライセンス\n\nMIT ライセンスです。\n"
)
ENGLISH = (
    "Minutes of the garden club. The committee met on Tuesday and agreed to plant tulips along "
    "the north fence. The treasurer reported that the seed budget is nearly spent.\n"
) * 30
HTML_404 = (
    "<!DOCTYPE html>\n<html lang='ja'><head><title>404 Not Found</title></head>\n"
    "<body><h1>ページが見つかりません</h1><p>お探しのページは移動または削除されました。</p>"
    "</body></html>\n"
)
