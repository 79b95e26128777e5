"""Golden graphs: each corpus excerpt, extracted and mapped, is isomorphic to its golden Turtle.

``tests/data/golden/graph/<stem>.ttl`` is ``records_to_graph(extract_file(excerpt)).graph``.
The comparison is semantic (rdflib graph isomorphism); a failure prints the triples that only one
side has. Regenerate on purpose only, then review the diff::

    MNPIA_UPDATE_GOLDENS=1 .venv/bin/pytest tests/graph/test_golden_graph.py
    git diff tests/data/golden/graph/
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from graph.mapping import PREFIXES, records_to_graph
from graph.validation import validate_graph

pipeline = pytest.importorskip("ingest.pipeline", reason="ingest.pipeline is not written yet")

DATA = Path(__file__).resolve().parents[1] / "data"
EXCERPTS = sorted((DATA / "excerpts").glob("*.txt"))
GOLDEN = DATA / "golden" / "graph"
UPDATE = os.environ.get("MNPIA_UPDATE_GOLDENS") == "1"


def excerpt_to_graph(path: Path) -> Graph:
    return records_to_graph(pipeline.extract_file(path)).graph


def _lines(graph: Graph) -> list[str]:
    return sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph)


def readable_diff(expected: Graph, actual: Graph) -> str:
    """The triples only one side has, as sorted N-Triples lines."""
    _both, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    parts = [
        "only in golden:",
        *_lines(only_expected),
        "only in actual:",
        *_lines(only_actual),
        "(if the change is intended: MNPIA_UPDATE_GOLDENS=1, then review git diff)",
    ]
    return "\n".join(parts)


def test_there_are_excerpts() -> None:
    assert EXCERPTS, f"no excerpts in {DATA / 'excerpts'}"


@pytest.mark.parametrize("excerpt", EXCERPTS, ids=[p.stem for p in EXCERPTS])
def test_golden_graph(excerpt: Path) -> None:
    actual = excerpt_to_graph(excerpt)
    golden = GOLDEN / f"{excerpt.stem}.ttl"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for prefix, namespace in PREFIXES.items():
            actual.bind(prefix, namespace)
        golden.write_text(actual.serialize(format="turtle"), encoding="utf-8")
    assert golden.exists(), f"missing {golden}; run with MNPIA_UPDATE_GOLDENS=1 to create it"
    expected = Graph().parse(golden, format="turtle")
    if to_isomorphic(expected) != to_isomorphic(actual):
        pytest.fail(
            f"{excerpt.name}: graph differs from {golden.name}\n" + readable_diff(expected, actual)
        )


@pytest.mark.parametrize("excerpt", EXCERPTS, ids=[p.stem for p in EXCERPTS])
def test_excerpt_graph_conforms(excerpt: Path) -> None:
    report = validate_graph(excerpt_to_graph(excerpt))
    assert report.conforms, report.text
