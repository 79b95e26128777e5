"""Benchmark: extraction time of the bundled corpus, per text and in all (CPU time after start-up).

Run with ``make bench-extract``. Prints figures; asserts nothing (speed is measured, not tested).
The target of the extraction issue is all five texts in under one second of CPU.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from ingest.pipeline import extract_file

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ROUNDS = 5


def main() -> int:
    texts = sorted(CORPUS.glob("*.txt"))
    if not texts:
        print(f"no texts in {CORPUS}", file=sys.stderr)
        return 1
    for text in texts:  # warm-up: imports, lexicon and label tables loaded once
        extract_file(text)
    per_text: dict[str, list[float]] = {text.name: [] for text in texts}
    totals: list[float] = []
    for _ in range(ROUNDS):
        round_start = time.process_time()
        for text in texts:
            start = time.process_time()
            extract_file(text)
            per_text[text.name].append(time.process_time() - start)
        totals.append(time.process_time() - round_start)
    print(f"extraction CPU time, median of {ROUNDS} rounds after a warm-up round")
    print(f"{'text':<28} {'lines':>6} {'KiB':>6} {'ms':>8}")
    for text in texts:
        raw = text.read_bytes()
        lines = raw.count(b"\n") + 1
        ms = statistics.median(per_text[text.name]) * 1000
        print(f"{text.name:<28} {lines:>6} {len(raw) / 1024:>6.0f} {ms:>8.1f}")
    total = statistics.median(totals)
    print(f"{'all ' + str(len(texts)) + ' texts':<28} {'':>6} {'':>6} {total * 1000:>8.1f}")
    print(f"target: < 1000 ms for all texts; ratio to target {total / 1.0:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
