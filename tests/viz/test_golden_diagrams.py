"""Golden DOT of every view (tests/data/golden/diagrams): the output is deterministic and pinned.

Hand-made records (viz_testdata) pin the views independently of extraction; the corpus goldens pin
what the views draw from the real texts: the 別添1 flow view of each text with flow steps, the
data-flow view of the others.

Regenerate on purpose only:
``MNPIA_UPDATE_GOLDENS=1 .venv/bin/pytest tests/viz/test_golden_diagrams.py``
and review ``git diff tests/data/golden/diagrams``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from viz_testdata import CORPUS, GOLDEN, collection_result, pension_result, tax_records_result

from ingest.pipeline import extract_file
from ingest.records import ExtractionResult
from ontology.lexicon import national_system
from viz.view import View, result_to_dot

UPDATE = os.environ.get("MNPIA_UPDATE_GOLDENS") == "1"

HANDMADE: dict[str, Callable[[], str]] = {
    "flow-pension": lambda: result_to_dot(pension_result(), View.flow).source,
    "flow-collection": lambda: result_to_dot(collection_result(), View.flow).source,
    "dataflow-tax": lambda: result_to_dot(tax_records_result(), View.dataflow).source,
    "dataflow-pension": lambda: result_to_dot(pension_result(), View.dataflow).source,
    "lineage-tax": lambda: (
        result_to_dot(tax_records_result(), View.lineage, entity="日本年金機構", depth=2).source
    ),
}

CORPUS_VIEWS: dict[str, View] = {
    "000_e0f87fd749ae3f00": View.flow,
    "001_36f852d2897e428a": View.flow,
    "002_cc86eefa057d2f96": View.dataflow,
    "003_7e3c8c24cfb8176d": View.flow,
    "004_2e642bc68f73afa2": View.dataflow,
}
"""The view pinned for each corpus text: the flow view where the text has 別添1 steps."""


@cache
def corpus_result(stem: str) -> ExtractionResult:
    return extract_file(CORPUS / f"{stem}.txt")


def check_golden(path: Path, got: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    if not path.is_file():
        pytest.fail(f"no golden file {path}; run with MNPIA_UPDATE_GOLDENS=1 to create it")
    expected = path.read_text(encoding="utf-8")
    if got != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), got.splitlines(), "golden", "now", lineterm="", n=1
        )
        pytest.fail(f"DOT differs from {path.name}:\n" + "\n".join(list(diff)[:80]))


@pytest.mark.parametrize("name", sorted(HANDMADE))
def test_handmade_golden(name: str) -> None:
    check_golden(GOLDEN / "handmade" / f"{name}.dot", HANDMADE[name]())


@pytest.mark.parametrize("stem", sorted(CORPUS_VIEWS))
def test_corpus_golden(stem: str) -> None:
    view = CORPUS_VIEWS[stem]
    check_golden(
        GOLDEN / "corpus" / f"{stem}-{view.value}.dot",
        result_to_dot(corpus_result(stem), view).source,
    )


@pytest.mark.parametrize("stem", sorted(CORPUS_VIEWS))
def test_flow_view_exactly_for_texts_with_steps(stem: str) -> None:
    has_steps = bool(corpus_result(stem).flow_steps)
    assert (CORPUS_VIEWS[stem] is View.flow) is has_steps


@pytest.mark.parametrize("stem", [s for s, v in CORPUS_VIEWS.items() if v is View.flow])
def test_corpus_flow_view_draws_every_step(stem: str) -> None:
    from viz.view import result_to_diagram

    result = corpus_result(stem)
    diagram = result_to_diagram(result, View.flow)
    assert {e.order[0] for e in diagram.edges} == {s.no for s in result.flow_steps}


@pytest.mark.parametrize("stem", [s for s, v in CORPUS_VIEWS.items() if v is View.dataflow])
def test_corpus_dataflow_view_draws_every_system_delegate_and_recipient(stem: str) -> None:
    from viz.view import result_to_diagram

    result = corpus_result(stem)
    diagram = result_to_diagram(result, View.dataflow)
    drawn = {" ".join(n.label.split()) for n in diagram.nodes}
    folded = any(n.label.startswith("ほか") for n in diagram.nodes)
    names = [s.name for s in result.systems]
    for file in result.files:
        names += [d.contractor for d in file.delegations if d.contractor]
        names += [p.recipient for p in (*file.provisions, *file.transfers) if p.recipient]
    # National systems are drawn under the vocabulary's name (中間サーバー → 中間サーバー・…).
    canonical = {
        (c.pref_label if (c := national_system(n)) else " ".join(n.split())) for n in names
    }
    missing = sorted(canonical - drawn)
    assert not missing or folded, f"not drawn: {missing}"
