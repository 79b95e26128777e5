"""``mnpia synth`` and ``mnpia accuracy``: a synthetic corpus, and extraction measured on it.

``synth`` writes assessments of fictional municipalities in the form's layout, damaged like the
real corpus, with a manifest of the records each text states (:mod:`ingest.synthetic`).
``accuracy`` extracts every text of such a folder and compares the records with the manifest.

Exit codes are those of :mod:`api.cli`: 1 when the folder holds no manifest or a text of it
cannot be read, 2 for a bad option.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.cli import EXIT_INPUT, EXIT_USAGE, app, err, fail, out
from ingest.damage import DamageLevel
from ingest.errors import IngestError
from ingest.pipeline import extract_file
from ingest.record_json import result_to_json
from ingest.synthetic import (
    ENCODINGS,
    MANIFEST_NAME,
    PER_MUNICIPALITY,
    AccuracyReport,
    json_accuracy,
    read_manifest,
    write_corpus,
)

__all__ = ["accuracy", "corpus_accuracy", "synth"]

_BATCH = 64
"""Texts handed to the worker processes at a time (memory stays bounded)."""


class Damage(StrEnum):
    """``--damage`` of ``synth``."""

    none = "none"
    corpus = "corpus"
    heavy = "heavy"


class AccuracyFormat(StrEnum):
    """``--format`` of ``accuracy``."""

    table = "table"
    json = "json"


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


@app.command()
def synth(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the texts and manifest into.")],
    count: Annotated[int, typer.Option("--count", "-n", min=1, help="How many assessments.")] = 100,
    seed: Annotated[
        int, typer.Option("--seed", help="The corpus seed (same seed, same bytes).")
    ] = 0,
    damage: Annotated[
        Damage, typer.Option("--damage", help="none, corpus (like the real texts) or heavy.")
    ] = Damage.corpus,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="utf-8, utf-8-sig, cp932 or mixed (per text, CRLF or LF); "
            "default utf-8 for --damage none, mixed otherwise.",
            show_default=False,
        ),
    ] = None,
    per_municipality: Annotated[
        int,
        typer.Option("--per-municipality", min=1, help="Consecutive assessments per municipality."),
    ] = PER_MUNICIPALITY,
) -> None:
    """Write a synthetic corpus: assessment texts and a manifest of the records they state."""
    if encoding is not None and encoding not in ENCODINGS:
        fail(f"--encoding must be one of {', '.join(ENCODINGS)}, not {encoding!r}", EXIT_USAGE)
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"{out_dir}: exists and is not a folder", EXIT_USAGE)
    started = time.perf_counter()
    with _progress() as progress:
        task = progress.add_task("writing", total=count)
        try:
            written = write_corpus(
                out_dir,
                count,
                seed,
                damage=DamageLevel(damage.value),
                encoding=encoding,
                per_municipality=per_municipality,
                progress=lambda done: progress.update(task, completed=done),
            )
        except OSError as error:
            fail(f"{out_dir}: cannot write ({error.strerror or error})", EXIT_INPUT)
    elapsed = time.perf_counter() - started
    out.print(
        f"wrote {written.count} assessments ({written.bytes / 1_048_576:.1f} MiB) to "
        f"{written.directory} in {elapsed:.1f} s ({written.count / elapsed:.0f} documents/s)",
        highlight=False,
    )
    out.print(f"manifest {written.manifest}", highlight=False)
    out.print(
        "encodings: " + ", ".join(f"{k} {v}" for k, v in written.encodings.items()),
        highlight=False,
    )
    if written.damage_counts:
        out.print(
            "damage applied: " + ", ".join(f"{k} {v}" for k, v in written.damage_counts.items()),
            highlight=False,
        )


def _entry_accuracy(directory: str, entry: dict[str, Any]) -> AccuracyReport | str:
    """Extract one text of the corpus and compare it with its manifest entry (a worker task);
    a text that cannot be read gives the one-line error instead."""
    try:
        result = extract_file(Path(directory) / entry["file"])
    except IngestError as error:
        return str(error)
    return json_accuracy(entry["records"], result_to_json(result))


def _batches(entries: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    while batch := list(islice(entries, size)):
        yield batch


def corpus_accuracy(
    out_dir: Path, *, jobs: int = 1, limit: int | None = None, progress: Progress | None = None
) -> tuple[AccuracyReport, list[str]]:
    """Extract every text of a corpus written by ``synth`` and compare it with the manifest.

    Returns:
        The report summed over the texts, and the errors of texts that could not be read.
    """
    entries: Iterator[dict[str, Any]] = read_manifest(out_dir)
    if limit is not None:
        entries = islice(entries, limit)
    total = AccuracyReport()
    errors: list[str] = []
    task = None
    if progress is not None:
        with (out_dir / MANIFEST_NAME).open("rb") as manifest:
            listed = sum(1 for line in manifest if line.strip())
        task = progress.add_task("extracting", total=min(listed, limit or listed))
    done = 0

    def add(outcomes: Sequence[AccuracyReport | str]) -> None:
        nonlocal total, done
        for outcome in outcomes:
            if isinstance(outcome, str):
                errors.append(outcome)
            else:
                total = total + outcome
        done += len(outcomes)
        if progress is not None and task is not None:
            progress.update(task, completed=done)

    directory = str(out_dir)
    if jobs <= 1:
        for batch in _batches(entries, _BATCH):
            add([_entry_accuracy(directory, entry) for entry in batch])
        return total, errors
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch in _batches(entries, _BATCH * jobs):
            add(list(pool.map(_entry_accuracy, [directory] * len(batch), batch, chunksize=8)))
    return total, errors


@app.command()
def accuracy(
    out_dir: Annotated[Path, typer.Argument(help="A folder written by mnpia synth.")],
    fmt: Annotated[
        AccuracyFormat, typer.Option("--format", "-f", help="table or json.")
    ] = AccuracyFormat.table,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the first N texts.")
    ] = None,
) -> None:
    """Extract every text of a synthetic corpus and print extraction accuracy by record family."""
    if not (out_dir / MANIFEST_NAME).is_file():
        fail(f"{out_dir}: no {MANIFEST_NAME} (write the corpus with mnpia synth)", EXIT_INPUT)
    started = time.perf_counter()
    with _progress() as progress:
        try:
            report, errors = corpus_accuracy(out_dir, jobs=jobs, limit=limit, progress=progress)
        except (OSError, ValueError, KeyError) as error:
            fail(f"{out_dir / MANIFEST_NAME}: cannot be read ({error})", EXIT_INPUT)
    elapsed = time.perf_counter() - started
    if fmt is AccuracyFormat.json:
        data = report.to_json()
        data["seconds"] = round(elapsed, 2)
        data["errors"] = errors
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        out.print(report.table(), highlight=False)
        rate = report.documents / elapsed if elapsed else 0.0
        out.print(
            f"extracted in {elapsed:.1f} s ({rate:.1f} documents/s, {jobs} job(s))",
            highlight=False,
        )
    for message in errors:
        err.print(f"[bold red]error:[/] {message}", highlight=False)
    if errors:
        raise typer.Exit(EXIT_INPUT)
