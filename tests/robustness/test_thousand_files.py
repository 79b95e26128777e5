"""A folder of 1,000 texts, 964 of them bad, through the real ``mnpia ingest``.

The 36 good ones are synthetic assessments (``mnpia synth``) spread over subfolders; the bad
ones are cheap to make and cheap to refuse (copies and mutations of a few kinds), which keeps
the test to seconds: each bad file costs the command milliseconds, each good one an extraction.
"""

from __future__ import annotations

import gzip
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from robustness_helpers import (
    EXIT_INPUT,
    completed_to_run,
    leftover_graphs,
    run_mnpia,
    snapshot,
)
from robustness_inputs import (
    ENGLISH,
    HTML_404,
    NOVEL,
    README_JA,
    docx_bytes,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
)

from ingest.errors import path_to_text

FILES = 1000
NAMED = re.compile(r"error: (.*?\.txt): ")
GOOD = 36


def _bad_kinds(good: bytes) -> list[tuple[str, Callable[[int], bytes]]]:
    """Kinds of bad text, each a function of the file's number (so no two are the same)."""
    png, jpeg, pdf, docx = png_bytes(), jpeg_bytes(), pdf_bytes(), docx_bytes()
    return [
        ("empty", lambda n: b""),
        ("blank", lambda n: b" \r\n" * (n % 7) + "\u3000\n".encode()),
        ("random", lambda n: random.Random(n).randbytes(512)),
        ("png", lambda n: png + n.to_bytes(4, "big")),
        ("jpeg", lambda n: jpeg + n.to_bytes(4, "big")),
        ("pdf", lambda n: pdf + b"%" + str(n).encode()),
        ("docx", lambda n: docx + n.to_bytes(4, "big")),
        ("gzip", lambda n: gzip.compress(good[: 2000 + n], mtime=0)),
        ("novel", lambda n: f"{NOVEL}{n}\n".encode()),
        ("readme", lambda n: f"{README_JA}{n}\n".encode("utf-16")),
        ("english", lambda n: f"{ENGLISH}{n}\n".encode()),
        ("html", lambda n: f"{HTML_404}<!-- {n} -->\n".encode("cp932")),
        ("nul", lambda n: good[:1000] + b"\x00" * (1 + n % 5) + good[1000:3000]),
        ("damaged", lambda n: good[:4000] + b"\xff\xfe" + good[4000:]),
    ]


@pytest.fixture(scope="module")
def thousand(
    tmp_path_factory: pytest.TempPathFactory, synthetic_corpus: list[Path]
) -> tuple[Path, list[Path], list[Path]]:
    """The folder, its good texts and its bad texts."""
    folder = tmp_path_factory.mktemp("thousand") / "texts"
    good_texts: list[Path] = []
    for number, source in enumerate(synthetic_corpus[:GOOD]):
        target = folder / f"sub-{number % 10:02d}" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        good_texts.append(target)
    # A good text in UTF-8 (the synthetic corpus mixes encodings) for the mutations.
    good = next(p.read_bytes() for p in good_texts if p.read_bytes()[:3] != b"\xef\xbb\xbf")
    good.decode("utf-8")
    kinds = _bad_kinds(good)
    bad_texts: list[Path] = []
    for number in range(FILES - GOOD):
        name, make = kinds[number % len(kinds)]
        target = folder / f"sub-{number % 10:02d}" / f"bad-{number:04d}-{name}.txt"
        target.write_bytes(make(number))
        bad_texts.append(target)
    (folder / "README.md").write_text("not a *.txt: not read", encoding="utf-8")
    (folder / "sub-00" / "scan.pdf").write_bytes(pdf_bytes())
    assert len(list(folder.rglob("*.txt"))) == FILES
    return folder, good_texts, bad_texts


@pytest.mark.slow
def test_thousand_files_some_bad(
    thousand: tuple[Path, list[Path], list[Path]], tmp_path: Path
) -> None:
    folder, good_texts, bad_texts = thousand
    store = tmp_path / "store"
    first = completed_to_run(run_mnpia("ingest", folder, store=store))
    assert first.exit_code == EXIT_INPUT, first.stderr[-2000:]
    assert "Traceback" not in first.stderr

    # One line per bad file, naming it; none for a good one.
    named: dict[str, str] = {}
    for line in first.errors:
        match = NAMED.match(line)
        assert match, line
        assert match[1] not in named, f"{match[1]} named twice"
        named[match[1]] = line
    assert set(named) == {path_to_text(p) for p in bad_texts}
    assert len(first.errors) == len(bad_texts)

    # The good ones are in the store, nothing else is.
    held = snapshot(store)
    assert held.sources == {p.name for p in good_texts}
    assert len(held.documents) == GOOD
    assert leftover_graphs(held) == []
    for bad in bad_texts[:: len(bad_texts) // 20]:
        assert bad.name.encode() not in held.nquads

    # Again, in two worker processes: the same lines, in the same order, and the same store.
    second = completed_to_run(run_mnpia("ingest", "--jobs", "2", folder, store=store))
    assert (second.exit_code, second.errors) == (first.exit_code, first.errors)
    assert snapshot(store) == held
