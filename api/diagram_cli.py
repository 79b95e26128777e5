"""``mnpia diagram``: draw an assessment's 別添1 flow, its data flows, or the lineage of an entity.

The command is registered on the app of :mod:`api.cli` (which imports this module last). It
maps the outcomes of :mod:`viz` to the exit codes of :mod:`api.cli`: an unknown assessment or
entity, a view with nothing to draw, or a failed rendering is a one-line error and exit code 1,
and nothing is written; a bad combination of options is exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli import EXIT_INPUT, EXIT_USAGE, app, err, fail, opened_store
from api.diagram import store_lineage_diagram
from ingest.errors import IngestError, not_an_assessment
from ingest.pipeline import extract_file
from ingest.records import Status
from viz.diagram import Diagram
from viz.errors import VizError
from viz.lineage import DEFAULT_DEPTH
from viz.render import OutputFormat, diagram_to_dot, write_dot
from viz.view import View, result_to_diagram

__all__ = ["diagram", "file_diagram", "store_diagram"]


def file_diagram(path: Path, view: View, entity: str | None, depth: int) -> Diagram:
    """The view of the assessment text at ``path`` (extracted on the fly); exits on failure."""
    try:
        result = extract_file(path)
    except IngestError as error:
        fail(str(error), EXIT_INPUT)
    if result.status is Status.FAILURE:
        fail(not_an_assessment(path), EXIT_INPUT)
    try:
        return result_to_diagram(result, view, entity=entity, depth=depth)
    except VizError as error:
        fail(f"{path.name}: {error}", EXIT_INPUT)


def store_diagram(assessment: str, view: View, entity: str | None, depth: int) -> Diagram:
    """The view of an assessment of the store, by IRI; exits on failure.

    Only the lineage view is drawn from the store (the lineage projection of the queries
    layer, restricted to the edges the assessment states); the flow and data-flow views are
    drawn from the assessment's text.
    """
    from queries.projection import store_to_networkx  # the store is only needed here

    with opened_store(read_only=True) as store:
        known = {str(doc.assessment): doc for doc in store.documents()}
        if assessment not in known:
            fail(f"{assessment}: no such assessment in the store", EXIT_INPUT)
        if view is not View.lineage:
            fail(
                f"the {view.value} view is drawn from the assessment's text file: "
                "pass the file instead of the IRI",
                EXIT_USAGE,
            )
        graph = store_to_networkx(store)
    info = known[assessment]
    try:
        return store_lineage_diagram(graph, info, entity=entity, depth=depth)
    except VizError as error:
        fail(f"{info.title or assessment}: {error}", EXIT_INPUT)


@app.command()
def diagram(
    assessment: Annotated[
        str,
        typer.Argument(
            help="An assessment text file, or the IRI of an assessment in the store "
            "(lineage view).",
            show_default=False,
        ),
    ],
    view: Annotated[View, typer.Option("--view", "-v", help="What to draw.")] = View.flow,
    entity: Annotated[
        str | None,
        typer.Option("--entity", "-e", help="The entity the lineage view centres on."),
    ] = None,
    depth: Annotated[
        int, typer.Option("--depth", "-d", min=1, help="Hops around the entity (lineage).")
    ] = DEFAULT_DEPTH,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.svg,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File to write (default: <source>-<view>.<format>)."),
    ] = None,
) -> None:
    """Draw an assessment's 別添1 flow, its data flows, or the lineage of one of its entities."""
    if view is View.lineage and not entity:
        fail("the lineage view needs --entity", EXIT_USAGE)
    if view is not View.lineage and entity:
        fail("--entity is only for the lineage view", EXIT_USAGE)
    path = Path(assessment)
    if path.is_file():
        drawn = file_diagram(path, view, entity, depth)
        stem = path.stem
    elif "://" in assessment:
        drawn = store_diagram(assessment, view, entity, depth)
        stem = assessment.rstrip("/").rsplit("/", 1)[-1] or "assessment"
    else:
        fail(f"{assessment}: no such file (nor an assessment IRI)", EXIT_INPUT)
    target = out_file or Path(f"{stem}-{view.value}.{fmt.value}")
    try:
        write_dot(diagram_to_dot(drawn), target, fmt)
    except VizError as error:
        fail(str(error), EXIT_INPUT)
    except OSError as error:
        fail(f"{target}: cannot write ({error.strerror})", EXIT_INPUT)
    err.print(f"wrote {target}", highlight=False)
