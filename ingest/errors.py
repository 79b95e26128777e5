"""Exceptions of the ingest layer: for unreadable input and defects only.

Recoverable problems in a readable text are :class:`ingest.records.Issue` data, not exceptions.
"""

from __future__ import annotations

import re
from pathlib import Path

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
"""Characters a file name may hold that would break a one-line message: control characters,
line and paragraph separators, and the lone surrogates that stand for undecodable bytes."""


def path_to_text(path: Path | str) -> str:
    """A path as one printable line: control characters and undecodable bytes escaped.

    >>> path_to_text("corpus/評価書 1.txt")
    'corpus/評価書 1.txt'
    >>> path_to_text("a\\nb\\udcff.txt")
    'a\\\\nb\\\\udcff.txt'
    """
    return _UNPRINTABLE.sub(
        lambda match: match[0].encode("unicode_escape").decode("ascii"), str(path)
    )


class IngestError(Exception):
    """Base class of the errors the ingest layer raises."""


class SourceError(IngestError):
    """A source file cannot be read as an assessment text.

    ``str(error)`` is one line naming the file and what is wrong, ready for the CLI to print;
    ``path`` keeps the path as given.

    >>> str(SourceError(Path("corpus/a.txt"), "empty file"))
    'corpus/a.txt: empty file'
    >>> str(SourceError("new\\nline.txt", "empty file"))
    'new\\\\nline.txt: empty file'
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path_to_text(path)}: {' '.join(reason.split())}")


def not_an_assessment(path: Path | str) -> str:
    """The one-line message for a readable text in which no part of the assessment form was found.

    >>> not_an_assessment("notes.txt")
    'notes.txt: not a 特定個人情報保護評価書 (no part of the assessment form found)'
    """
    return (
        f"{path_to_text(path)}: not a 特定個人情報保護評価書 (no part of the assessment form found)"
    )
