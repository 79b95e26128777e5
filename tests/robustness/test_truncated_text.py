"""A truncated assessment (its bytes cut at 30 %, often inside a character) is ingested as a
partial result whose issues say what is missing, not refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from robustness_helpers import CORPUS_TEXTS, EXIT_OK, invoke, leftover_graphs, snapshot

SHARE = 0.3


def _cut_inside_a_character(raw: bytes, encoding: str) -> bytes:
    """``raw`` cut at the first place from 30 % on that splits a character in two."""
    start = int(len(raw) * SHARE)
    if encoding == "utf-8":
        cut = next(i for i in range(start, len(raw)) if 0x80 <= raw[i] <= 0xBF)  # continuation
        return raw[:cut]
    if encoding == "cp932":
        text = raw.decode("cp932")
        offset = len(text[: int(len(text) * SHARE)].encode("cp932"))
        while raw[offset] < 0x81:  # find a double-byte character; cut after its lead byte
            offset += 1
        return raw[: offset + 1]
    assert encoding == "utf-16-le"
    return raw[: start | 1]  # an odd length: half a code unit


CASES = [(path, "utf-8") for path in CORPUS_TEXTS] + [
    (CORPUS_TEXTS[4], "cp932"),
    (CORPUS_TEXTS[1], "utf-16-le"),
]


@pytest.mark.parametrize(
    ("text", "encoding"), CASES, ids=[f"{p.name[:3]}-{enc}" for p, enc in CASES]
)
def test_truncated_text_is_ingested_as_partial(text: Path, encoding: str, tmp_path: Path) -> None:
    raw = text.read_text(encoding="utf-8").encode(encoding)
    cut = tmp_path / f"cut-{text.name}"
    cut.write_bytes(_cut_inside_a_character(raw, encoding))
    with pytest.raises(UnicodeDecodeError):
        cut.read_bytes().decode(encoding)  # the cut does split a character

    extracted = invoke("extract", cut)
    assert extracted.exit_code == EXIT_OK, extracted.stderr
    records = json.loads(extracted.stdout)
    assert records["status"] == "partial"
    assert records["issues"], "the issues say what the cut removed"
    assert records["source"]["encoding"] == encoding

    store = tmp_path / "store"
    ingested = invoke("ingest", cut, store=store)
    assert ingested.exit_code == EXIT_OK, ingested.stderr
    assert ingested.errors == []
    held = snapshot(store)
    assert [(source, status) for source, status, _ in held.documents] == [(cut.name, "partial")]
    assert leftover_graphs(held) == []
