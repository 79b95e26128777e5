"""The same records come out when a text's municipality and company names are replaced by others.

For each corpus text, ``tests/data/names/replacements.json`` lists the names it states (as the
raw text writes them) with fictional replacements of the same length. The table is applied to
the raw text; the extraction must equal the original's with the same replacements applied to
every string of every record and issue, and none of the original names may be left in it: the
names come from the text, never from the extraction code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from ingest_helpers import source_of
from ingest_testdata import DATA

from ingest.normalize import normalize_line
from ingest.pipeline import extract_source
from ingest.records import ExtractionResult

TABLE: dict[str, Any] = json.loads(
    (DATA / "names" / "replacements.json").read_text(encoding="utf-8")
)
LONGER = "新"
"""Appended to every replacement by the test of names of another length."""


def _replacer(mapping: Mapping[str, str]) -> Callable[[str], str]:
    """A function replacing every name of ``mapping`` at once, longest first; a name written
    with full-width letters is also replaced in its normalised form (extracted values)."""
    pairs = dict(mapping)
    for name, other in mapping.items():
        pairs.setdefault(normalize_line(name), normalize_line(other))
    pattern = re.compile("|".join(map(re.escape, sorted(pairs, key=len, reverse=True))))
    return lambda text: pattern.sub(lambda found: pairs[found.group(0)], text)


def _deep(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` with ``change`` applied to every string inside it (records, tuples)."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, tuple):
        return tuple(_deep(item, change) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: _deep(getattr(value, f.name), change) for f in fields(value) if f.init}
        return replace(value, **changed)
    return value


def _records(result: ExtractionResult) -> dict[str, Any]:
    """Every field of the result but its source (whose text and hash differ by construction)."""
    return {f.name: getattr(result, f.name) for f in fields(result) if f.name != "source"}


def _differences(want: Any, got: Any, path: str) -> Iterator[str]:
    """Where two records differ, as readable paths (``files[0].delegations[2].contractor``)."""
    if want == got:
        return
    if is_dataclass(want) and is_dataclass(got) and type(want) is type(got):
        for f in fields(want):
            yield from _differences(getattr(want, f.name), getattr(got, f.name), f"{path}.{f.name}")
    elif isinstance(want, tuple) and isinstance(got, tuple) and len(want) == len(got):
        for index, (w, g) in enumerate(zip(want, got, strict=True)):
            yield from _differences(w, g, f"{path}[{index}]")
    else:
        yield f"{path}: want {want!r:.150} got {got!r:.150}"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _strings(getattr(value, f.name))


@cache
def _original(path: Path) -> ExtractionResult:
    return extract_source(source_of(path.read_text(encoding="utf-8"), path.name))


def _names(corpus_file: Path) -> dict[str, str]:
    names: dict[str, str] = TABLE[corpus_file.stem]
    return names


def test_every_corpus_text_has_a_table_of_same_length_names(corpus_file: Path) -> None:
    names = _names(corpus_file)
    text = corpus_file.read_text(encoding="utf-8")
    assert names
    for name, other in names.items():
        assert name in text, f"{name!r} is not in {corpus_file.name}"
        assert len(other) == len(name), (name, other)
        assert other not in text, f"{other!r} is already in {corpus_file.name}"


def test_replaced_names_give_the_same_records(corpus_file: Path) -> None:
    change = _replacer(_names(corpus_file))
    text = corpus_file.read_text(encoding="utf-8")
    replaced = extract_source(source_of(change(text), corpus_file.name))
    want = _records(_deep(_original(corpus_file), change))
    got = _records(replaced)
    problems = [p for key in want for p in _differences(want[key], got[key], key)]
    assert not problems, "\n".join(problems[:20])
    left = {
        name
        for value in _strings(tuple(got.values()))
        for name in _names(corpus_file)
        if "\n" not in name and (name in value or normalize_line(name) in value)
    }
    assert not left, f"original names left in the records: {sorted(left)}"


def _squeezed(value: Any) -> Any:
    return _deep(value, lambda text: "".join(text.split()))


def test_names_of_another_length_give_the_same_records_but_for_spacing(
    corpus_file: Path,
) -> None:
    # A longer name lengthens its line; where a value wraps over lines the extraction reads line
    # lengths to tell a wrapped line (joined without a space) from a paragraph end (a space), so
    # only white space may differ.
    change = _replacer({name: other + LONGER for name, other in _names(corpus_file).items()})
    text = corpus_file.read_text(encoding="utf-8")
    replaced = extract_source(source_of(change(text), corpus_file.name))
    want = _records(_squeezed(_deep(_original(corpus_file), change)))
    got = _records(_squeezed(replaced))
    problems = [p for key in want for p in _differences(want[key], got[key], key)]
    assert not problems, "\n".join(problems[:20])
