"""Encodings and line ends: every variant of a text gives the records of its UTF-8 LF original.

The records are compared as ``mnpia extract`` prints them (the record JSON), all but the
``source`` block, which names the encoding and the hash of the bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from robustness_helpers import CORPUS_TEXTS, EXIT_OK, invoke


def _mixed_line_ends(text: str) -> str:
    """LF, CRLF and CR in turn (a CR never directly before an LF that ends the next line)."""
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines[:-1]):
        end = ("\n", "\r\n", "\r")[number % 3]
        if end == "\r" and lines[number + 1] == "":
            end = "\r\n"
        out.append(line + end)
    return "".join(out) + lines[-1]


TEXTS = [CORPUS_TEXTS[0], CORPUS_TEXTS[1], CORPUS_TEXTS[4]]
"""Three corpus texts of three extraction styles (tab rows, PDF layout, Markdown), all of which
CP932 can encode."""

VARIANTS: dict[str, Callable[[str], bytes]] = {
    "cp932": lambda text: text.encode("cp932"),
    "utf-16-le-bom": lambda text: b"\xff\xfe" + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
    "utf-16-le": lambda text: text.encode("utf-16-le"),
    "utf-16-be": lambda text: text.encode("utf-16-be"),
    "utf-8-bom": lambda text: b"\xef\xbb\xbf" + text.encode(),
    "crlf": lambda text: text.replace("\n", "\r\n").encode(),
    "cr": lambda text: text.replace("\n", "\r").encode(),
    "mixed-line-ends": lambda text: _mixed_line_ends(text).encode(),
    "cp932-crlf": lambda text: text.replace("\n", "\r\n").encode("cp932"),
    "utf-16-le-mixed-line-ends": lambda text: _mixed_line_ends(text).encode("utf-16-le"),
}


def _records(path: Path) -> dict[str, Any]:
    done = invoke("extract", path)
    assert done.exit_code == EXIT_OK, done.stderr
    records: dict[str, Any] = json.loads(done.stdout)
    records.pop("source")
    return records


@cache
def _original(text: Path, folder: Path) -> str:
    original = folder / f"lf-{text.name}"
    original.write_bytes(text.read_text(encoding="utf-8").replace("\r\n", "\n").encode())
    return json.dumps(_records(original), ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the UTF-8 LF originals (their records are computed once per text)."""
    return tmp_path_factory.mktemp("originals")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("text", TEXTS, ids=[p.name[:3] for p in TEXTS])
def test_variant_gives_the_records_of_the_original(
    text: Path, variant: str, originals: Path, tmp_path: Path
) -> None:
    content = text.read_text(encoding="utf-8").replace("\r\n", "\n")
    path = tmp_path / f"{variant} {text.name}"  # a space in the name, too
    path.write_bytes(VARIANTS[variant](content))
    got = json.dumps(_records(path), ensure_ascii=False, sort_keys=True)
    assert got == _original(text, originals)


def test_bom_less_utf16_is_told_from_binary(tmp_path: Path) -> None:
    """The NUL bytes of BOM-less UTF-16 make it look binary; it is read, and noise is not."""
    text = CORPUS_TEXTS[0].read_text(encoding="utf-8")
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(text.encode("utf-16-be"))
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(256)) * 64)
    assert invoke("extract", utf16).exit_code == EXIT_OK
    refused = invoke("extract", noise)
    assert refused.exit_code == 1
    assert "binary" in refused.stderr
