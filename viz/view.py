"""The views of an assessment, by name, and writing all of them at once.

``flow`` is the 別添1 view (:mod:`viz.flow`), ``dataflow`` the view of Part Ⅱ's records
(:mod:`viz.dataflow`), ``lineage`` the view around one entity (:mod:`viz.lineage`), drawn here
from the assessment's own records (:func:`viz.dataflow.records_to_networkx`).

>>> View("flow").caption
'別添1 事務の内容'
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

import graphviz

from ingest.records import ExtractionResult
from viz.dataflow import records_to_diagram, records_to_networkx
from viz.diagram import Diagram
from viz.errors import EmptyViewError
from viz.flow import flow_steps_to_diagram, result_to_flow_context
from viz.lineage import DEFAULT_DEPTH, networkx_to_diagram
from viz.render import OutputFormat, diagram_to_dot, write_dot

__all__ = [
    "View",
    "assessment_views",
    "diagram_path",
    "result_to_diagram",
    "result_to_dot",
    "write_all_diagrams",
]


class View(StrEnum):
    """The views ``mnpia diagram --view`` draws."""

    flow = "flow"
    dataflow = "dataflow"
    lineage = "lineage"

    @property
    def caption(self) -> str:
        """What the view shows, in the words of the form."""
        return {
            View.flow: "別添1 事務の内容",
            View.dataflow: "入手・委託・提供・移転",
            View.lineage: "系譜",
        }[self]


def result_to_diagram(
    result: ExtractionResult,
    view: View,
    *,
    entity: str | None = None,
    depth: int = DEFAULT_DEPTH,
) -> Diagram:
    """One view of an extracted assessment.

    Args:
        result: the assessment's records.
        view: which view.
        entity: for the lineage view, the entity to centre on (a node id such as
            ``agency/日本年金機構`` or a name such as ``日本年金機構``).
        depth: for the lineage view, how many hops around the entity.

    Raises:
        EmptyViewError: when the view would be empty.
        UnknownEntityError: when ``entity`` names nothing in the assessment.
        ValueError: when the lineage view is asked for without an entity.
    """
    if view is View.flow:
        return flow_steps_to_diagram(result.flow_steps, context=result_to_flow_context(result))
    if view is View.dataflow:
        return records_to_diagram(result)
    if not entity:
        raise ValueError("the lineage view needs an entity")
    document = result.document
    return networkx_to_diagram(
        records_to_networkx(result),
        focus=entity,
        depth=depth,
        title=document.title or result.source.id,
        box_label=document.municipality or document.org,
        name=f"lineage/{result.source.id}",
    )


def result_to_dot(
    result: ExtractionResult,
    view: View,
    *,
    entity: str | None = None,
    depth: int = DEFAULT_DEPTH,
) -> graphviz.Digraph:
    """One view of an extracted assessment, as Graphviz (see :func:`result_to_diagram`)."""
    return diagram_to_dot(result_to_diagram(result, view, entity=entity, depth=depth))


def assessment_views(result: ExtractionResult) -> list[View]:
    """The views worth drawing for an assessment: ``flow`` when it has 別添1 steps, and
    ``dataflow`` when its records name files, systems or recipients."""
    views = [View.flow] if result.flow_steps else []
    if result.files or result.systems or result.annex_provisions or result.requesters:
        views.append(View.dataflow)
    return views


def diagram_path(
    result: ExtractionResult, view: View, out_dir: Path, fmt: OutputFormat = OutputFormat.svg
) -> Path:
    """Where :func:`write_all_diagrams` writes a view: ``<source stem>-<view>.<format>``."""
    return out_dir / f"{Path(result.source.id).stem}-{view.value}.{fmt.value}"


def write_all_diagrams(
    results: Iterable[ExtractionResult],
    out_dir: Path,
    *,
    formats: Iterable[OutputFormat | str] = (OutputFormat.svg,),
) -> list[Path]:
    """Write every view of every assessment into ``out_dir`` (created when missing).

    An assessment gets its flow view when it has 別添1 steps and its data-flow view when its
    records have anything to draw; an assessment with neither gets no file.

    Returns:
        The paths written, in input order.

    Raises:
        RenderError: when Graphviz fails (files written before stay).
    """
    chosen = tuple(OutputFormat(fmt) for fmt in formats)
    written: list[Path] = []
    for result in results:
        for view in assessment_views(result):
            try:
                graph = result_to_dot(result, view)
            except EmptyViewError:
                continue
            for fmt in chosen:
                written.append(write_dot(graph, diagram_path(result, view, out_dir, fmt), fmt))
    return written
