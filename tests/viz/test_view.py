"""Views by name, and every diagram of a set of assessments written at once."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from viz_testdata import collection_result, empty_result, pension_result, tax_records_result

from ingest.records import System
from viz.errors import EmptyViewError
from viz.render import OutputFormat
from viz.view import View, assessment_views, result_to_diagram, write_all_diagrams


def test_views_worth_drawing() -> None:
    assert assessment_views(pension_result()) == [View.flow, View.dataflow]
    assert assessment_views(collection_result()) == [View.flow]
    assert assessment_views(tax_records_result()) == [View.dataflow]
    assert assessment_views(empty_result()) == []


def test_lineage_needs_an_entity() -> None:
    with pytest.raises(ValueError, match="needs an entity"):
        result_to_diagram(tax_records_result(), View.lineage)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_write_all_diagrams(tmp_path: Path) -> None:
    results = [pension_result(), collection_result(), tax_records_result(), empty_result()]
    paths = write_all_diagrams(results, tmp_path / "out", formats=(OutputFormat.svg, "dot"))
    names = [p.name for p in paths]
    assert names == [
        "handmade_pension-flow.svg",
        "handmade_pension-flow.dot",
        "handmade_pension-dataflow.svg",
        "handmade_pension-dataflow.dot",
        "handmade_collection-flow.svg",
        "handmade_collection-flow.dot",
        "handmade_tax-dataflow.svg",
        "handmade_tax-dataflow.dot",
    ]
    assert all(p.stat().st_size > 500 for p in paths)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)


def test_an_entity_with_nothing_around_it_is_a_clear_message() -> None:
    result = tax_records_result()
    lonely = System(no=9, name="孤立システム", line=1)
    result = replace(result, systems=(*result.systems, lonely))
    with pytest.raises(EmptyViewError, match="'孤立システム' has nothing around it"):
        result_to_diagram(result, View.lineage, entity="孤立システム")
