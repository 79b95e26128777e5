"""Ingestion: source files → records → graph → store, one document at a time.

This is the one pipeline that the CLI (``mnpia ingest``) and the HTTP API share. It owns the
outcome of each document; it never prints. A document that cannot be read, or is not an
assessment at all, is reported as failed and nothing of it reaches the store; a damaged but
readable one is ingested with its issues.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.mapping import records_to_graph
from graph.store import Store
from ingest.errors import IngestError, not_an_assessment
from ingest.pipeline import extract_file
from ingest.records import ExtractionResult, Status

TEXT_SUFFIXES = (".txt",)
"""Suffixes of the files a folder contributes; files named explicitly are read whatever theirs."""


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOutcome:
    """What happened to one source file."""

    path: Path
    result: ExtractionResult | None = None
    """The extraction, when the file could be read."""
    triples: int = 0
    """Triples written to the store for this document (0 when it failed)."""
    error: str | None = None
    """One line naming the file and the problem, when the document was not ingested."""

    @property
    def ok(self) -> bool:
        """True when the document is in the store."""
        return self.error is None


def paths_to_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their text files (sorted, recursive); keep files as given.

    A path that does not exist is kept, so that reading it reports the problem in its outcome.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)
            )
        else:
            files.append(path)
    return files


def ingest_file(store: Store, path: Path) -> IngestOutcome:
    """Extract one file and replace its assessment's named graph in ``store``."""
    try:
        result = extract_file(path)
    except IngestError as error:
        return IngestOutcome(path=path, error=str(error))
    if result.status is Status.FAILURE:
        return IngestOutcome(
            path=path,
            result=result,
            error=not_an_assessment(path),
        )
    document = records_to_graph(result)
    triples = store.replace_document(document)
    return IngestOutcome(path=path, result=result, triples=triples)


def ingest_paths(store: Store, paths: Iterable[Path]) -> Iterator[IngestOutcome]:
    """Ingest every file of ``paths`` (folders expanded), yielding one outcome per file.

    The ontology and vocabularies are (re)loaded into their own named graph first, so that
    queries can read the labels of national systems, laws and other concepts.
    """
    store.ensure_ontology()
    for path in paths_to_files(paths):
        yield ingest_file(store, path)
