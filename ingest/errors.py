"""Exceptions of the ingest layer: for unreadable input and defects only.

Recoverable problems in a readable text are :class:`ingest.records.Issue` data, not exceptions.
"""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """Base class of the errors the ingest layer raises."""


class SourceError(IngestError):
    """A source file cannot be read as an assessment text.

    ``str(error)`` is one line naming the file and what is wrong, ready for the CLI to print.

    >>> str(SourceError(Path("corpus/a.txt"), "empty file"))
    'corpus/a.txt: empty file'
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def not_an_assessment(path: Path | str) -> str:
    """The one-line message for a readable text in which no part of the assessment form was found.

    >>> not_an_assessment("notes.txt")
    'notes.txt: not a 特定個人情報保護評価書 (no part of the assessment form found)'
    """
    return f"{path}: not a 特定個人情報保護評価書 (no part of the assessment form found)"
