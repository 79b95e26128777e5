"""The Record JSON of an extraction (the interchange format of ``mnpia extract``).

Keys follow DESIGN.md ("Record JSON"): ``source``, ``status``, then one key per field of
:class:`~ingest.records.ExtractionResult` (``document``, ``affair``, ``systems``, ``files`` …),
then ``issues``; dates are ISO strings, unknown values null, and every record
carries ``line``, the 1-based line of the source text where it starts.

>>> from ingest.records import ExtractionResult, SourceDocument
>>> source = SourceDocument(id="a.txt", path="/tmp/a.txt", sha256="ab", encoding="utf-8", text="")
>>> result_to_json(ExtractionResult(source=source))["source"]
{'id': 'a.txt', 'sha256': 'ab', 'encoding': 'utf-8'}
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

from ingest.records import ExtractionResult

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def _to_json(value: object) -> JsonValue:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return _to_json(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_to_json(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in fields(value)}
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def result_to_json(result: ExtractionResult) -> dict[str, Any]:
    """The Record JSON of one extraction result, as plain dicts and lists."""
    records = {
        f.name: _to_json(getattr(result, f.name))
        for f in fields(result)
        if f.name not in {"source", "status", "issues"}
    }
    return {
        "source": {
            "id": result.source.id,
            "sha256": result.source.sha256,
            "encoding": result.source.encoding,
        },
        "status": result.status.value,
        **records,
        "issues": _to_json(result.issues),
    }
