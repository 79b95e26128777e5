"""The assessment texts the server can read: found in ``MNPIA_SOURCES`` by their SHA-256.

The store keeps the facts of an assessment, not its text; the flow (別添1) and data-flow views
are drawn from the text (:func:`viz.view.result_to_diagram`), as ``mnpia diagram FILE`` draws
them. :class:`SourceIndex` finds the text whose raw bytes have the SHA-256 the store recorded
for the assessment (``mnpia:sha256`` of its source document), extracts it once and keeps the
records for the next requests.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = (Path(tmp) / "a.txt").write_bytes(b"hello")
...     index = SourceIndex((Path(tmp),))
...     index.path_of(hashlib.sha256(b"hello").hexdigest()).name
'a.txt'
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from graph.ingestion import paths_to_files
from ingest.pipeline import extract_file
from ingest.records import ExtractionResult

RESCAN_AFTER_S: Final = 30.0
"""A SHA-256 not found rescans the folders, at most this often (new files are picked up)."""
KEPT_RESULTS: Final = 16
"""Extractions kept in memory (the most recently used)."""


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, hex (what :func:`ingest.source.read_source` records)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class SourceIndex:
    """The texts of some folders, by the SHA-256 of their bytes (thread-safe).

    Args:
        folders: where the texts are (searched recursively for ``*.txt``, as ``mnpia ingest``
            reads a folder).
    """

    def __init__(self, folders: Sequence[Path]) -> None:
        self._folders = tuple(folders)
        self._lock = threading.Lock()
        self._paths: dict[str, Path] = {}
        self._scanned_at: float | None = None
        self._results: OrderedDict[str, ExtractionResult] = OrderedDict()

    @property
    def folders(self) -> tuple[Path, ...]:
        """The folders searched."""
        return self._folders

    def _scan(self) -> None:
        paths: dict[str, Path] = {}
        for path in paths_to_files(f for f in self._folders if f.is_dir()):
            try:
                paths.setdefault(file_sha256(path), path)
            except OSError:
                continue  # unreadable files are simply not found
        self._paths = paths
        self._scanned_at = time.monotonic()

    def path_of(self, sha256: str) -> Path | None:
        """The file whose bytes have ``sha256``, or None."""
        with self._lock:
            found = self._paths.get(sha256)
            if found is not None and found.is_file():
                return found
            stale = self._scanned_at is None or time.monotonic() - self._scanned_at > RESCAN_AFTER_S
            if found is not None or stale:
                self._scan()
            return self._paths.get(sha256)

    def add(self, sha256: str, path: Path) -> None:
        """Record a text just written (by ingestion through the API)."""
        with self._lock:
            self._paths[sha256] = path

    def result_of(self, sha256: str) -> ExtractionResult | None:
        """The records of the text with ``sha256`` (extracted once), or None when not found.

        Raises:
            ingest.errors.IngestError: the file is there but cannot be read as a text.
        """
        with self._lock:
            kept = self._results.get(sha256)
            if kept is not None:
                self._results.move_to_end(sha256)
                return kept
        path = self.path_of(sha256)
        if path is None:
            return None
        result = extract_file(path)
        if result.source.sha256 != sha256:  # changed since it was indexed
            return None
        with self._lock:
            self._results[sha256] = result
            while len(self._results) > KEPT_RESULTS:
                self._results.popitem(last=False)
        return result
