"""The catalogue of bad inputs, each given to the real ``mnpia ingest`` beside a good text.

For every bad file: exactly one line on standard error naming the file and the problem, exit
code 1, the good text ingested, the store holding nothing of the bad file (it equals the store
of the good text alone, quad for quad), and a second run changing nothing.

Each case runs in-process (typer's runner: the real app without start-up time); one test runs
the whole catalogue through the real command in a subprocess, and the 100 MB text runs there
too, to measure the memory of the process that refuses it.
"""

from __future__ import annotations

import ctypes
import os
import random
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from robustness_helpers import (
    EXIT_INPUT,
    EXIT_OK,
    GOOD_TEXT,
    MNPIA,
    Run,
    Snapshot,
    completed_to_run,
    invoke,
    leftover_graphs,
    mnpia_env,
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

MB = 1024 * 1024


def _damaged(raw: bytes) -> bytes:
    """A UTF-8 text with one stray byte in its middle (a bad copy)."""
    middle = len(raw) // 2
    while 0x80 <= raw[middle] <= 0xBF:  # not inside a character: that would cut one in two
        middle += 1
    return raw[:middle] + b"\xff" + raw[middle:]


@dataclass(frozen=True, slots=True)
class Case:
    """One bad input: how to make it in a folder, and what its error line must say."""

    id: str
    make: Callable[[Path], Path]
    problem: str
    """A regular expression the error line matches (besides naming the file)."""
    xfail: str | None = None
    """Why the case fails today: the change it needs, in a module this suite does not own."""


def _file(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    return make


def _sparse_text(name: str, size: int) -> Callable[[Path], Path]:
    """A ``size``-byte text written in no time: a real head, then a sparse tail of spaces."""

    def make(folder: Path) -> Path:
        path = folder / name
        with path.open("wb") as handle:
            handle.write(GOOD_TEXT.read_bytes())
            handle.seek(size - 1)
            handle.write(b" ")  # the hole in between reads as NUL bytes, but is never read
        return path

    return make


def _directory(folder: Path) -> Path:
    path = folder / "評価書フォルダ.txt"
    path.mkdir()
    (path / "図.png").write_bytes(png_bytes())
    return path


def _missing(folder: Path) -> Path:
    return folder / "ない.txt"


def _symlink_loop(folder: Path) -> Path:
    first, second = folder / "loop-a.txt", folder / "loop-b.txt"
    first.symlink_to(second.name)
    second.symlink_to(first.name)
    return first


def _broken_symlink(folder: Path) -> Path:
    path = folder / "link.txt"
    path.symlink_to("moved-away.txt")
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _undecodable_name(folder: Path) -> Path:
    path = folder / os.fsdecode(b"\x95\xbe\x89\xbf\x8f\x91.txt")  # 評価書 in CP932 bytes
    path.write_bytes(b"")
    return path


CASES = [
    Case("empty", _file("empty.txt", b""), r"empty file"),
    Case("white-space-only", _file("blank.txt", " \n\t\r\n\u3000\n"), r"only white space"),
    Case("random-bytes", _file("random.txt", random.Random(1).randbytes(8192)), r"binary data"),
    Case(
        "random-bytes-without-nul",
        _file("noise.txt", bytes(b or 1 for b in random.Random(5).randbytes(8192))),
        r"binary data|cannot be decoded",
    ),
    Case("png-as-text", _file("scan.txt", png_bytes()), r"looks like a PNG image, not text"),
    Case("jpeg-as-text", _file("photo.txt", jpeg_bytes()), r"looks like a JPEG image, not text"),
    Case("pdf-as-text", _file("評価書.pdf.txt", pdf_bytes()), r"looks like a PDF file, not text"),
    Case("docx-as-text", _file("評価書.docx.txt", docx_bytes()), r"looks like a ZIP archive"),
    Case("japanese-novel", _file("wagahai.txt", NOVEL), r"not a 特定個人情報保護評価書"),
    Case("japanese-readme", _file("README.txt", README_JA), r"not a 特定個人情報保護評価書"),
    Case("english-text", _file("minutes.txt", ENGLISH), r"not a 特定個人情報保護評価書"),
    Case("html-error-page", _file("download.txt", HTML_404), r"not a 特定個人情報保護評価書"),
    Case(
        "nul-in-utf8-text",
        _file("nul.txt", "評価書番号\n".encode() + b"\x00" * 64 + "公表日\n".encode()),
        r"NUL bytes",
    ),
    Case(
        "stray-nul-in-english-text",
        _file("stray.txt", ENGLISH.encode()[:500] + b"\x00" + ENGLISH.encode()[500:]),
        r"NUL bytes",
    ),
    Case(
        "undecodable-bytes",
        _file("garbage.txt", bytes(range(0x80, 0x100)) * 20),
        r"cannot be decoded|binary data",
    ),
    Case(
        "utf8-damaged-mid-text",
        _file("damaged.txt", _damaged(GOOD_TEXT.read_bytes())),
        r"cannot be decoded as UTF-8 \(invalid UTF-8 at byte \d+\)",
    ),
    Case("100-mb-text", _sparse_text("huge.txt", 100 * MB), r"over the limit of \d+ bytes"),
    Case("name-with-spaces", _file("評価書 の 写し 2024.txt", b""), r"empty file"),
    Case("japanese-name", _file("特定個人情報保護評価書（写し）.txt", pdf_bytes()), r"PDF file"),
    Case("name-with-newline", _file("改行の\nある名前.txt", b""), r"empty file"),
    Case("name-not-utf8", _undecodable_name, r"empty file"),
    Case("name-with-brackets", _file("[bold]太字.txt", b""), r"empty file"),
    Case("missing-file", _missing, r"no such file"),
    Case(
        "directory-given-as-file",
        _directory,
        r"no text files|is a directory",
    ),
    Case("symlink-loop", _symlink_loop, r"symbolic link loop"),
    Case("broken-symlink", _broken_symlink, r"broken symbolic link"),
    Case("fifo", _fifo, r"not a regular file"),
]


def _params() -> list[object]:
    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else [],
        )
        for case in CASES
    ]


# -- the reference: the store of the good text alone --------------------------------------------


@pytest.fixture(scope="module")
def good_alone(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The store after ingesting only the good text (under its own name)."""
    root = tmp_path_factory.mktemp("good-alone")
    good = root / GOOD_TEXT.name
    shutil.copyfile(GOOD_TEXT, good)
    done = invoke("ingest", good, store=root / "store")
    assert done.exit_code == EXIT_OK, done.stderr
    return snapshot(root / "store")


def _folder_with_good(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    good = folder / GOOD_TEXT.name
    shutil.copyfile(GOOD_TEXT, good)
    return folder, good


def _assert_names_once(errors: list[str], bad: Path, problem: str) -> None:
    assert len(errors) == 1, errors
    line = errors[0]
    assert path_to_text(bad) in line, line
    assert re.search(problem, line), line
    assert line.startswith("error: "), line


def _run(case: Case, *args: str | Path, store: Path) -> Run:
    """In-process, except for a case known to fail: a crash would leave the app's consoles
    half-written for the cases after it."""
    if case.xfail:
        return completed_to_run(run_mnpia(*args, store=store))
    return invoke(*args, store=store)


# -- the catalogue ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _params())
def test_bad_input_is_one_line_and_leaves_nothing(
    case: Case, tmp_path: Path, good_alone: Snapshot
) -> None:
    folder, good = _folder_with_good(tmp_path)
    bad = case.make(folder)
    store = tmp_path / "store"
    first = _run(case, "ingest", bad, good, store=store)  # the bad one first: the run goes on
    assert first.exit_code == EXIT_INPUT, first.stdout + first.stderr
    _assert_names_once(first.errors, bad, case.problem)
    assert snapshot(store) == good_alone
    again = _run(case, "ingest", bad, good, store=store)
    assert (again.exit_code, again.errors) == (first.exit_code, first.errors)
    assert snapshot(store) == good_alone


def test_the_catalogue_through_the_real_command(tmp_path: Path, good_alone: Snapshot) -> None:
    """Every bad input in one run of the real command: one line each, in order, exit 1."""
    folder, good = _folder_with_good(tmp_path)
    bads = []
    for case in CASES:
        if case.xfail is None:
            sub = folder / case.id
            sub.mkdir()
            bads.append((case.make(sub), case.problem))
    store = tmp_path / "store"
    for _attempt in range(2):  # a second run is idempotent
        done = run_mnpia("ingest", *(path for path, _ in bads), good, store=store)
        run = completed_to_run(done)
        assert run.exit_code == EXIT_INPUT, run.stderr
        assert len(run.errors) == len(bads), run.stderr
        for line, (path, problem) in zip(run.errors, bads, strict=True):
            _assert_names_once([line], path, problem)
        assert snapshot(store) == good_alone
        assert "Traceback" not in run.stderr


def test_extract_of_a_directory_is_one_line(tmp_path: Path) -> None:
    folder = _directory(tmp_path)
    done = invoke("extract", folder)
    assert done.exit_code == EXIT_INPUT
    _assert_names_once(done.errors, folder, r"is a directory, not a text file")


def test_folder_with_an_unusable_text_reports_it(tmp_path: Path, good_alone: Snapshot) -> None:
    """A folder is read whole: a bad *.txt in it is reported, the good one is ingested."""
    folder, _good = _folder_with_good(tmp_path)
    bad = _file("壊れた.txt", png_bytes())(folder)
    (folder / "notes.md").write_text("not a text of the corpus", encoding="utf-8")
    done = invoke("ingest", folder, store=tmp_path / "store")
    assert done.exit_code == EXIT_INPUT
    _assert_names_once(done.errors, bad, r"PNG image")
    assert snapshot(tmp_path / "store") == good_alone


def test_folder_with_a_broken_link_reports_it(tmp_path: Path, good_alone: Snapshot) -> None:
    folder, _good = _folder_with_good(tmp_path)
    loop = _symlink_loop(folder)
    done = invoke("ingest", folder, store=tmp_path / "store")
    assert snapshot(tmp_path / "store") == good_alone
    assert done.exit_code == EXIT_INPUT
    assert len(done.errors) == 2  # both links of the loop
    assert any(path_to_text(loop) in line for line in done.errors)


# -- permissions --------------------------------------------------------------------------------


def _without_root_file_access() -> None:
    """In the child, before exec: drop the capabilities by which root reads any file."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2


def test_unreadable_file_is_one_line(tmp_path: Path) -> None:
    """chmod 000. Root reads such a file anyway, so as root the command runs without the
    capabilities that let it (dropped from its bounding set before exec)."""
    folder, good = _folder_with_good(tmp_path)
    bad = folder / "秘密.txt"
    bad.write_bytes(GOOD_TEXT.read_bytes())
    bad.chmod(0o000)
    store = tmp_path / "store"
    extra = {"preexec_fn": _without_root_file_access} if os.geteuid() == 0 else {}
    try:
        done = run_mnpia("ingest", bad, good, store=store, **extra)
    except subprocess.SubprocessError as error:
        pytest.skip(f"cannot drop root's file access: {error}")
    run = completed_to_run(done)
    assert run.exit_code == EXIT_INPUT, run.stderr
    _assert_names_once(run.errors, bad, r"cannot be read \(Permission denied\)")
    held = snapshot(store)
    assert held.sources == {GOOD_TEXT.name}
    assert leftover_graphs(held) == []
    bad.chmod(0o644)  # and once it can be read, it is ingested
    assert run_mnpia("ingest", bad, store=store).returncode == EXIT_OK


# -- the 100 MB text: refused without being read ------------------------------------------------


def _peak_rss_kib(command: list[str]) -> tuple[int, str, int]:
    """Run ``command``; its exit code, standard error and peak resident memory (KiB)."""
    process = subprocess.Popen(
        command, cwd=tempfile.gettempdir(), env=mnpia_env(), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    stderr = process.stderr.read().decode("utf-8", "backslashreplace")
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, stderr, usage.ru_maxrss


def test_100_mb_text_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = _sparse_text("huge.txt", 100 * MB)(tmp_path)
    small = _file("empty.txt", b"")(tmp_path)
    assert huge.stat().st_size == 100 * MB
    store = str(tmp_path / "store")
    # The same command on a tiny bad file first: the memory of the program itself.
    code, _stderr, baseline = _peak_rss_kib([*MNPIA, "--store", store, "ingest", str(small)])
    assert code == EXIT_INPUT
    code, stderr, peak = _peak_rss_kib([*MNPIA, "--store", store, "ingest", str(huge)])
    assert code == EXIT_INPUT
    errors = [line for line in stderr.splitlines() if line.strip()]
    _assert_names_once(errors, huge, rf"file is {100 * MB} bytes, over the limit of \d+ bytes")
    # Reading the file would add 100 MB (and decoding it, several times that).
    assert peak - baseline < 16 * 1024, (baseline, peak)


# -- good texts with awkward names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "xfail"),
    [
        ("評価書 の 写し 2024.txt", None),
        ("特定個人情報保護評価書（健康増進事業）.txt", None),
        ("  leading and trailing  .txt", None),
        (os.fsdecode(b"\x95\xbe\x89\xbf\x8f\x91.txt"), None),
    ],
    ids=["spaces", "japanese", "edge-spaces", "not-utf8"],
)
def test_good_text_with_an_awkward_name_is_ingested(
    tmp_path: Path, name: str, xfail: str | None
) -> None:
    text = tmp_path / name
    shutil.copyfile(GOOD_TEXT, text)
    done = _run(Case(name, _missing, "", xfail=xfail), "ingest", text, store=tmp_path / "store")
    assert done.exit_code == EXIT_OK, done.stderr
    assert done.errors == []
    held = snapshot(tmp_path / "store")
    assert held.sources == {path_to_text(name)}
