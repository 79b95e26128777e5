"""Synthetic assessments for benchmarks: the corpus records, renamed and renumbered.

The five corpus texts are extracted once; each synthetic assessment is one of them (the
template, drawn with a seeded :class:`random.Random`) whose records are copied with
:func:`dataclasses.replace`, the template's municipality name replaced by a synthetic one
(``合成0001市``, so ``…市長`` and ``…市`` still read as they do in real texts) in every string of
the records, and a synthetic 評価書番号 and source identity (file name, SHA-256). The graphs built
from them are as realistic as the corpus: the same systems, files, flows, delegates and legal
bases, with local systems, departments and organisations minted per synthetic municipality and
national systems, source categories and laws shared, as they are between real assessments.

Several assessments share a municipality (``per_municipality`` on average), as a real city
publishes an assessment per process. Keys (municipality / number) are unique, so no assessment
replaces another in a store.

>>> from ingest.records import Document, ExtractionResult, SourceDocument
>>> source = SourceDocument(id="a.txt", path="a.txt", sha256="0" * 64, encoding="utf-8", text="")
>>> template = ExtractionResult(
...     source=source,
...     document=Document(municipality="千葉市", org="千葉市長", number="27", title="千葉市 年金"),
... )
>>> made = result_to_synthetic(template, index=7, municipality="合成0003市", seed=1)
>>> (made.document.municipality, made.document.org, made.document.number, made.document.title)
('合成0003市', '合成0003市長', '900007', '合成0003市 年金')
>>> made.source.id, made.source.sha256 == template.source.sha256
('synthetic-0007.txt', False)
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ingest.pipeline import extract_file
from ingest.records import ExtractionResult, SourceDocument

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

NUMBER_BASE = 900_000
"""Synthetic 評価書番号 are ``NUMBER_BASE + index``: unique, and unlike any real number."""

_T = TypeVar("_T")


def corpus_results(corpus: Path = CORPUS) -> list[ExtractionResult]:
    """The records of every text of ``corpus``, extracted once, in file-name order."""
    return [extract_file(path) for path in sorted(corpus.glob("*.txt"))]


def synthetic_municipality(n: int) -> str:
    """The name of the n-th synthetic municipality.

    >>> synthetic_municipality(12)
    '合成0012市'
    """
    return f"合成{n:04d}市"


def replace_strings(value: _T, old: str, new: str) -> _T:
    """``value`` with ``old`` replaced by ``new`` in every string it holds.

    Walks dataclasses (rebuilt with :func:`dataclasses.replace`, only when something changed),
    tuples and plain strings; enumerations (``Status``, ``IssueCode``), dates and numbers are
    left as they are, and so is a :class:`SourceDocument` (its text is not mapped to the graph).

    >>> from ingest.records import System
    >>> replace_strings((System(no=1, name="千葉市住民記録", line=3), "x"), "千葉市", "合成0001市")
    (System(no=1, name='合成0001市住民記録', functions=None, connections=(), connections_other=(), line=3, form_ref='Ⅰ 2'), 'x')
    """  # noqa: E501
    return _replaced(value, old, new)  # type: ignore[no-any-return]


def _replaced(value: Any, old: str, new: str) -> Any:
    if type(value) is str:
        return value.replace(old, new) if old in value else value
    if isinstance(value, tuple):
        items = tuple(_replaced(item, old, new) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type | SourceDocument):
        changes = {}
        for field in dataclasses.fields(value):
            current = getattr(value, field.name)
            updated = _replaced(current, old, new)
            if updated is not current:
                changes[field.name] = updated
        return dataclasses.replace(value, **changes) if changes else value
    return value


def result_to_synthetic(
    template: ExtractionResult, *, index: int, municipality: str, seed: int
) -> ExtractionResult:
    """The ``index``-th synthetic assessment: ``template`` renamed to ``municipality``.

    The template's municipality name is replaced everywhere in the records; a template without
    one (a text without its cover) gets the synthetic municipality, its head (``…長``) as the
    assessing organisation and the synthetic number, so that every synthetic assessment has a
    key of its own.
    """
    number = str(NUMBER_BASE + index)
    old = template.document.municipality
    result = replace_strings(template, old, municipality) if old else template
    org = result.document.org if old and result.document.org else f"{municipality}長"
    document = dataclasses.replace(
        result.document, municipality=municipality, org=org, number=number
    )
    digest = hashlib.sha256(f"mnpia-synthetic {seed} {index}".encode()).hexdigest()
    name = f"synthetic-{index:04d}.txt"
    source = dataclasses.replace(result.source, id=name, path=name, sha256=digest)
    return dataclasses.replace(result, document=document, source=source)


def synthetic_results(
    templates: Sequence[ExtractionResult],
    n: int,
    *,
    seed: int = 0,
    per_municipality: int = 4,
) -> Iterator[ExtractionResult]:
    """``n`` synthetic assessments drawn from ``templates`` (lazily, one at a time).

    The template and the municipality of each are drawn from ``random.Random(seed)``: the same
    seed gives the same assessments. There are ``ceil(n / per_municipality)`` municipalities.
    """
    if not templates:
        msg = "no templates to derive synthetic assessments from"
        raise ValueError(msg)
    rng = random.Random(seed)
    municipalities = max(1, -(-n // max(1, per_municipality)))
    for index in range(n):
        template = rng.choice(templates)
        municipality = synthetic_municipality(rng.randrange(municipalities) + 1)
        yield result_to_synthetic(template, index=index, municipality=municipality, seed=seed)


__all__ = [
    "CORPUS",
    "NUMBER_BASE",
    "corpus_results",
    "replace_strings",
    "result_to_synthetic",
    "synthetic_municipality",
    "synthetic_results",
]
