"""Benchmark: the synthetic corpus — generation rate, extraction rate and extraction accuracy.

Run with ``.venv/bin/python benchmarks/bench_synthetic.py`` (``--count`` for another number of
assessments than 1,000, ``--damage`` for one level, ``--seed`` for another corpus). Prints
figures; asserts nothing (speed is measured, not tested).

For each damage level (clean text and corpus-like damage by default), ``--count`` assessments
are generated in memory (:func:`ingest.synthetic.generate_assessment`: wall time of generating
and encoding the texts, one core), then each text is decoded from its bytes and extracted in this
process (:func:`ingest.pipeline.extract_source`: wall time, one core), and the extraction is
compared with the records the generator wrote (:func:`ingest.synthetic.accuracy`). The table
gives, per record family, the records written and extracted, those matched by their key fields,
precision, recall, F1 and the share of compared fields of matched records that are right.
"""

from __future__ import annotations

import argparse
import time

from ingest.damage import DamageLevel
from ingest.pipeline import extract_source
from ingest.records import SourceDocument
from ingest.source import bytes_to_text
from ingest.synthetic import AccuracyReport, SyntheticAssessment, accuracy, generate_assessment


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="assessments per level")
    parser.add_argument("--seed", type=int, default=0, help="the corpus seed")
    parser.add_argument(
        "--damage",
        choices=[level.value for level in DamageLevel],
        action="append",
        help="damage level (repeatable; default: none and corpus)",
    )
    return parser.parse_args()


def _measure(count: int, seed: int, level: DamageLevel) -> None:
    generate_assessment(seed + 1, 0, damage=level)  # warm-up: the lexicon is loaded once
    started = time.perf_counter()
    made: list[tuple[SyntheticAssessment, bytes]] = []
    for index in range(count):
        assessment = generate_assessment(seed, index, damage=level)
        made.append((assessment, assessment.to_bytes()))
    generated = time.perf_counter() - started
    size = sum(len(data) for _, data in made)

    report = AccuracyReport()
    extracting = 0.0
    for assessment, data in made:
        start = time.perf_counter()
        text, encoding = bytes_to_text(data)
        source = SourceDocument(
            id=assessment.name, path=assessment.name, sha256="", encoding=encoding, text=text
        )
        result = extract_source(source)
        extracting += time.perf_counter() - start
        report = report + accuracy(assessment.expected, result)

    print(f"== damage {level.value}: {count} assessments, {size / 1_048_576:.1f} MiB")
    print(
        f"generation: {count / generated:,.0f} documents/s "
        f"({generated:.1f} s; {10_000 * generated / count:.0f} s for 10,000)"
    )
    print(
        f"extraction: {count / extracting:,.1f} documents/s, 1 process "
        f"({extracting:.1f} s; {extracting / count * 1000:.0f} ms a document)"
    )
    print(report.table())
    print()


def main() -> int:
    arguments = _arguments()
    levels = [DamageLevel(v) for v in (arguments.damage or ("none", "corpus"))]
    for level in levels:
        _measure(arguments.count, arguments.seed, level)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
