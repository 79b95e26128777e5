"""Benchmark: time to draw every view of the bundled corpus (DOT building, then rendering).

Run with ``.venv/bin/python benchmarks/bench_diagrams.py`` (the lead may wire it into
``make bench``). Prints figures; asserts nothing (speed is measured, not tested). Extraction is
done once before timing (``benchmarks/bench_extract.py`` measures it). For each text it times
building the DOT of its views (the 別添1 flow view where it has steps, the data-flow view, and
the lineage view around each file), and rendering them with the real ``dot`` program to SVG and
PNG (wall time: Graphviz runs in a subprocess).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import graphviz

from ingest.pipeline import extract_file
from ingest.records import ExtractionResult
from viz.render import OutputFormat, dot_to_bytes
from viz.view import View, assessment_views, result_to_dot

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ROUNDS = 3


def views_of(result: ExtractionResult) -> list[tuple[str, graphviz.Digraph]]:
    """Every view drawn for one assessment: its flow/data-flow views and a lineage per file."""
    drawn = [(view.value, result_to_dot(result, view)) for view in assessment_views(result)]
    for file in result.files:
        drawn.append(
            (f"lineage:{file.name}", result_to_dot(result, View.lineage, entity=f"file/{file.no}"))
        )
    return drawn


def main() -> int:
    texts = sorted(CORPUS.glob("*.txt"))
    if not texts:
        print(f"no texts in {CORPUS}", file=sys.stderr)
        return 1
    results = [extract_file(text) for text in texts]
    for result in results:  # warm-up: imports, lexicon, the dot program's own start-up
        for _, graph in views_of(result):
            dot_to_bytes(graph, OutputFormat.svg)
    print(f"time to draw every view of the corpus, median of {ROUNDS} rounds after a warm-up")
    print(f"{'text':<28} {'views':>5} {'nodes':>6} {'build ms':>9} {'svg ms':>8} {'png ms':>8}")
    totals: dict[str, list[float]] = {"build": [], "svg": [], "png": []}
    for result in results:
        build: list[float] = []
        svg: list[float] = []
        png: list[float] = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            graphs = views_of(result)
            build.append(time.perf_counter() - start)
            start = time.perf_counter()
            for _, graph in graphs:
                dot_to_bytes(graph, OutputFormat.svg)
            svg.append(time.perf_counter() - start)
            start = time.perf_counter()
            for _, graph in graphs:
                dot_to_bytes(graph, OutputFormat.png)
            png.append(time.perf_counter() - start)
        nodes = sum(
            1
            for _, graph in graphs
            for line in graph.source.splitlines()
            if " [label=" in line and " -> " not in line
        )
        row = {
            "build": statistics.median(build),
            "svg": statistics.median(svg),
            "png": statistics.median(png),
        }
        for key, value in row.items():
            totals[key].append(value)
        print(
            f"{result.source.id:<28} {len(graphs):>5} {nodes:>6} {row['build'] * 1000:>9.1f}"
            f" {row['svg'] * 1000:>8.1f} {row['png'] * 1000:>8.1f}"
        )
    print(
        f"{'all ' + str(len(results)) + ' texts':<28} {'':>5} {'':>6}"
        f" {sum(totals['build']) * 1000:>9.1f} {sum(totals['svg']) * 1000:>8.1f}"
        f" {sum(totals['png']) * 1000:>8.1f}"
    )
    everything = sum(totals["build"]) + sum(totals["svg"])
    print(f"all views of the corpus as SVG (build + render): {everything:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
