"""Comparison of extracted records with the hand-verified records of tests/data/expected/<part>/.

An expected value is compared with white space removed on both sides (Japanese text wraps
anywhere; spacing is not a fact of the form):

- a string must equal the extracted string;
- ``null`` must be ``None`` (or an empty list);
- ``{"startswith": …, "endswith": …}`` checks a long text by its ends;
- ``{"unattributable": true, "why": …}`` marks a cell the text itself does not attribute to one
  column or row (PDF layout printed out of order): it is not checked;
- a list must equal the extracted list item by item.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ingest_testdata import DATA


def load_part(part: str, corpus_file: Path) -> dict[str, Any]:
    """The expected records of ``part`` (flow_steps, changes, annex) for a corpus file."""
    path = DATA / "expected" / part / f"{corpus_file.stem}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _squeeze(text: str) -> str:
    return "".join(text.split())


def value_matches(got: Any, want: Any) -> bool:
    """True when an extracted value satisfies its expected value (see the module docstring)."""
    if want is None:
        return got in (None, [], ())
    if isinstance(want, dict):
        if want.get("unattributable"):
            return True
        text = _squeeze(got or "")
        return text.startswith(_squeeze(want.get("startswith", ""))) and text.endswith(
            _squeeze(want.get("endswith", ""))
        )
    if isinstance(want, list):
        return (
            isinstance(got, list | tuple)
            and len(got) == len(want)
            and all(value_matches(g, w) for g, w in zip(got, want, strict=True))
        )
    if isinstance(want, str):
        return isinstance(got, str) and _squeeze(got) == _squeeze(want)
    return bool(got == want)


def record_mismatches(
    got: list[dict[str, Any]], want: list[dict[str, Any]], label: str = "line"
) -> list[str]:
    """Readable differences between extracted and expected records, key by key."""
    problems = []
    if len(got) != len(want):
        problems.append(f"{len(got)} records, expected {len(want)}")
    for index, (record, expected) in enumerate(zip(got, want, strict=False)):
        for key, value in expected.items():
            if key.startswith("_"):
                continue
            if not value_matches(record.get(key), value):
                where = expected.get(label, index)
                problems.append(f"{label} {where} {key}: got {record.get(key)!r}, want {value!r}")
    return problems
