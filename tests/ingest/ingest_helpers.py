"""Helpers of the ingest tests: extraction of an in-memory text."""

from __future__ import annotations

import hashlib

from ingest.pipeline import extract_source
from ingest.records import ExtractionResult, IssueCode, SourceDocument


def source_of(text: str, name: str = "memo.txt") -> SourceDocument:
    """A source document holding ``text``, as if read from a UTF-8 file."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return SourceDocument(id=name, path=name, sha256=digest, encoding="utf-8", text=text)


def extract_text(text: str) -> ExtractionResult:
    """Extract the records of an in-memory text."""
    return extract_source(source_of(text))


def codes(result: ExtractionResult) -> list[IssueCode]:
    """The issue codes of a result, in order."""
    return [issue.code for issue in result.issues]
