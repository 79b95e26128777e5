"""The lineage commands of ``mnpia``: ``lineage``, ``impact``, ``path``, ``hubs``, ``blast``.

They answer analysts' questions from the whole store: where data comes from and goes to, which
flows rest on a legal provision, how two entities are linked and on what legal basis, which
systems are hubs or single points of failure, and what a breach of a delegate would touch.
Entities are named as users type them (see :mod:`queries.entity`), provisions as assessments
write them (see :mod:`queries.legal`). Each command prints a table, or JSON with ``--format
json``. Exit codes are those of :mod:`api.cli`: a name that matches nothing or several entities,
or a provision that cannot be read, is a usage error (2), and the candidates are listed.

This module registers its commands on :data:`api.cli.app` when imported; ``api/cli.py``
imports it at its end.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any, NoReturn, TypeVar

import networkx as nx
import typer
from rich.table import Table

from api.cli import EXIT_STORE, EXIT_USAGE, app, fail, opened_store, out
from graph.errors import GraphError
from graph.store import GraphStore
from queries.analytics import (
    AnalyticsError,
    BlastRadius,
    Direction,
    HubMeasure,
    Lineage,
    Path,
    blast_radius,
    hubs,
    records_of,
    single_points_of_failure,
)
from queries.entity import EntityError, find_entity, find_entity_in_store
from queries.legal import Impact, ProvisionError, provision_impact
from queries.neighbourhood import (
    Scope,
    assessment_titles,
    lineage_scope,
    path_scope,
    store_lineage,
    store_path,
)
from queries.projection import DELEGATE_KINDS, SYSTEM_KINDS, NodeKind, node_data, store_to_networkx


class ViewFormat(StrEnum):
    """How the lineage commands print their answer."""

    table = "table"
    json = "json"


class DirectionChoice(StrEnum):
    """``--direction`` of ``lineage``."""

    up = "up"
    down = "down"
    both = "both"


class ScopeChoice(StrEnum):
    """``--scope`` of ``lineage`` and ``path``."""

    auto = "auto"
    all = "all"


ScopeOption = Annotated[
    ScopeChoice,
    typer.Option(
        "--scope",
        help="auto: when one municipality's assessments name the start, follow only their "
        "flows (through national systems too); all: follow every assessment's flows.",
    ),
]


class HubMeasureChoice(StrEnum):
    """``--by`` of ``hubs``."""

    degree = "degree"
    betweenness = "betweenness"


_T = TypeVar("_T")

_DIRECTION: dict[DirectionChoice, Direction] = {
    DirectionChoice.up: "up",
    DirectionChoice.down: "down",
    DirectionChoice.both: "both",
}
_MEASURE: dict[HubMeasureChoice, HubMeasure] = {
    HubMeasureChoice.degree: "degree",
    HubMeasureChoice.betweenness: "betweenness",
}

FormatOption = Annotated[ViewFormat, typer.Option("--format", "-f", help="table or json.")]


@contextmanager
def projected() -> Iterator[tuple[GraphStore, nx.MultiDiGraph]]:
    """The store (read-only) and its networkx projection; exit 4 when it cannot be read."""
    with opened_store(read_only=True) as store:
        try:
            graph = store_to_networkx(store)
        except GraphError as error:
            fail(str(error), EXIT_STORE)
        yield store, graph


def usage_error(message: str) -> NoReturn:
    """A usage error (exit 2) whose message is printed as it is (names may hold ``[``)."""
    fail(message, EXIT_USAGE)


def resolve(graph: nx.MultiDiGraph, name: str, kinds: Iterable[NodeKind] | None = None) -> str:
    """The node ``name`` denotes; exit 2 with the candidates or suggestions otherwise."""
    try:
        return find_entity(graph, name, kinds=kinds)
    except EntityError as error:
        usage_error(str(error))


def resolve_in_store(store: GraphStore, name: str, kinds: Iterable[NodeKind] | None = None) -> str:
    """The node ``name`` denotes, looked up in the store; exit 2 with candidates otherwise."""
    try:
        return find_entity_in_store(store, name, kinds=kinds)
    except EntityError as error:
        usage_error(str(error))
    except GraphError as error:
        fail(str(error), EXIT_STORE)


def walk_or_fail(run: Callable[[], _T]) -> _T:
    """``run()``; exit 2 when the analysis cannot answer, 4 when the store cannot be read."""
    try:
        return run()
    except AnalyticsError as error:
        usage_error(str(error))
    except GraphError as error:
        fail(str(error), EXIT_STORE)


def plural(count: int, noun: str) -> str:
    """``1 file``, ``2 files`` (English nouns that take an s).

    >>> plural(1, "hop"), plural(3, "municipality")
    ('1 hop', '3 municipalities')
    """
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


def titles(store: GraphStore) -> dict[str, str]:
    """Assessment IRI → its title, led by its municipality unless the title names it already."""
    names: dict[str, str] = {}
    for doc in store.documents():
        title = doc.title or str(doc.assessment)
        muni = doc.municipality
        names[str(doc.assessment)] = (
            title if not muni or title.startswith(muni) else f"{muni} {title}"
        )
    return names


def print_json(value: Any) -> None:
    """JSON on standard output, Japanese kept readable."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def where(graph: nx.MultiDiGraph, node: str) -> str:
    """The municipalities of a node, for a table cell."""
    return ", ".join(node_data(graph, node).municipalities)


# ---------------------------------------------------------------------------------------------
# lineage
# ---------------------------------------------------------------------------------------------


def lineage_to_json(graph: nx.MultiDiGraph, answer: Lineage) -> dict[str, Any]:
    """The JSON of ``mnpia lineage``."""
    return {
        "start": {
            "node": answer.start,
            "label": answer.start_label,
            "kind": node_data(graph, answer.start).kind,
        },
        "direction": answer.direction,
        "depth": answer.depth,
        "nodes": [
            {**record, "municipalities": list(node_data(graph, record["node"]).municipalities)}
            for record in records_of(answer.nodes)
        ],
        "edges": [
            {"source": e.source, "target": e.target, **records_of([e.data])[0]}
            for e in answer.edges
        ],
        "truncation": {
            **records_of([answer.truncation])[0],
            "truncated": answer.truncation.truncated,
        },
    }


def print_lineage(graph: nx.MultiDiGraph, answer: Lineage) -> None:
    """The table of ``mnpia lineage`` and what the depth left out."""
    side = {"up": "Upstream of", "down": "Downstream of", "both": "Lineage of"}[answer.direction]
    start_kind = node_data(graph, answer.start).kind
    table = Table(
        "hops",
        "name",
        "kind",
        *(["side"] if answer.direction == "both" else []),
        "municipalities",
        "node",
        title=f"{side} {answer.start_label} ({start_kind}), within {plural(answer.depth, 'hop')}",
        title_justify="left",
    )
    for found in answer.nodes:
        table.add_row(
            str(found.hops),
            found.label,
            found.kind,
            *([found.direction] if answer.direction == "both" else []),
            where(graph, found.node),
            found.node,
        )
    out.print(table)
    cut = answer.truncation
    if not cut.truncated:
        out.print(f"{plural(len(answer.nodes), 'node')}; nothing lies further", highlight=False)
        return
    beyond = ", ".join(f"{count} at {plural(hops, 'hop')}" for hops, count in cut.left_out_by_hops)
    frontier = ", ".join(node_data(graph, n).label for n in cut.frontier)
    out.print(
        f"{plural(len(answer.nodes), 'node')}; the depth left out {cut.left_out} more ({beyond}); "
        f"continue from: {frontier}",
        highlight=False,
    )


@app.command("lineage")
def lineage_command(
    entity: Annotated[str, typer.Argument(help="A file, system or organisation, by name or IRI.")],
    direction: Annotated[
        DirectionChoice,
        typer.Option("--direction", "-d", help="up: what feeds it; down: where it goes; both."),
    ] = DirectionChoice.down,
    depth: Annotated[int, typer.Option("--depth", "-n", min=0, help="Most hops to follow.")] = 3,
    scope: ScopeOption = ScopeChoice.auto,
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """Upstream or downstream lineage of an entity to a depth, with what the depth left out."""
    with opened_store(read_only=True) as store:
        node = resolve_in_store(store, entity)
        walked = walk_or_fail(
            lambda: store_lineage(
                store,
                node,
                direction=_DIRECTION[direction],
                depth=depth,
                scope=lineage_scope(store, node) if scope is ScopeChoice.auto else None,
            )
        )
    graph, answer = walked.graph, walked.answer
    if fmt is ViewFormat.json:
        print_json({**lineage_to_json(graph, answer), "scope": scope_to_json(walked.scope)})
    else:
        print_lineage(graph, answer)
        print_scope(walked.scope)


# ---------------------------------------------------------------------------------------------
# impact
# ---------------------------------------------------------------------------------------------

_IMPACT_COLUMNS = ("title", "kind", "file_label", "counterpart", "citation", "purpose")


def impact_to_json(impact: Impact) -> dict[str, Any]:
    """The JSON of ``mnpia impact``: provisions, then the flows grouped by municipality."""
    groups = impact.by_municipality()
    return {
        "text": impact.text,
        "provisions": records_of(impact.provisions),
        "flows": len(impact.table.rows),
        "municipalities": [
            {
                "municipality": municipality,
                "assessments": len({r["assessment"] for r in rows}),
                "flows": rows,
            }
            for municipality, rows in groups.items()
        ],
    }


def print_impact(impact: Impact) -> None:
    """The tables of ``mnpia impact``: one per municipality."""
    for provision in impact.provisions:
        out.print(f"{provision.label}  {provision.iri}", highlight=False)
    groups = impact.by_municipality()
    if not groups:
        out.print("no flow in the store rests on it")
        return
    for municipality, rows in groups.items():
        assessments = len({r["assessment"] for r in rows})
        table = Table(
            *_IMPACT_COLUMNS,
            title=f"{municipality}: {plural(len(rows), 'flow')} in "
            f"{plural(assessments, 'assessment')}",
            title_justify="left",
        )
        for row in rows:
            table.add_row(*(row[c] or "" for c in _IMPACT_COLUMNS))
        out.print(table)
    out.print(
        f"{plural(len(impact.table.rows), 'flow')} in {plural(len(groups), 'municipality')}",
        highlight=False,
    )


@app.command("impact")
def impact_command(
    article: Annotated[
        str,
        typer.Argument(
            help="A legal provision as assessments write it (番号法第19条第8号, 番号法19条8号, "
            "主務省令第2条の表48の項) or a legal resource IRI."
        ),
    ],
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """Every flow, in every assessment, that rests on a legal provision, by municipality."""
    with opened_store(read_only=True) as store:
        try:
            impact = provision_impact(store, article)
        except ProvisionError as error:
            usage_error(str(error))
    if fmt is ViewFormat.json:
        print_json(impact_to_json(impact))
    else:
        print_impact(impact)


# ---------------------------------------------------------------------------------------------
# path
# ---------------------------------------------------------------------------------------------


def scope_to_json(scope: Scope | None) -> dict[str, Any] | None:
    """The ``scope`` of the JSON of ``lineage`` and ``path`` (null: every assessment)."""
    if scope is None:
        return None
    return {"municipality": scope.municipality, "assessments": list(scope.assessments)}


def print_scope(scope: Scope | None) -> None:
    """One line saying whose flows the walk followed."""
    if scope is None:
        out.print("followed the flows of every assessment", highlight=False)
        return
    out.print(
        f"followed the flows of {scope.municipality}'s "
        f"{plural(len(scope.assessments), 'assessment')} (--scope all: every municipality's)",
        highlight=False,
    )


def path_to_json(path: Path | None, source: str, target: str) -> dict[str, Any]:
    """The JSON of ``mnpia path`` (``hops`` is empty and ``connected`` false without a path)."""
    if path is None:
        return {"source": source, "target": target, "connected": False, "hops": []}
    return {
        "source": source,
        "target": target,
        "connected": True,
        "directed": path.directed,
        "hops": [{**records_of([hop])[0], "bases": list(hop.bases)} for hop in path.hops],
    }


def print_path(path: Path | None, names: dict[str, str], source: str, target: str) -> None:
    """The hop table of ``mnpia path``."""
    if path is None:
        out.print(f"{source} and {target} are not linked in the store", highlight=False)
        return
    table = Table(
        "#", "from", "", "to", "edge", "legal basis", "assessment", "line",
        title="Path along the data" if path.directed else "Path (against the data on ← hops)",
        title_justify="left",
    )  # fmt: skip
    for i, hop in enumerate(path.hops, start=1):
        table.add_row(
            str(i),
            hop.source_label,
            "→" if hop.forward else "←",
            hop.target_label,
            ", ".join(sorted({e.kind for e in hop.edges})),
            " | ".join(hop.bases) or "—",
            ", ".join(sorted({names.get(e.assessment, e.assessment) for e in hop.edges})),
            ", ".join(sorted({str(e.line) for e in hop.edges if e.line is not None})),
        )
    out.print(table)


@app.command("path")
def path_command(
    source: Annotated[str, typer.Argument(metavar="FROM", help="An entity, by name or IRI.")],
    target: Annotated[str, typer.Argument(metavar="TO", help="An entity, by name or IRI.")],
    scope: ScopeOption = ScopeChoice.auto,
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """The shortest path between two entities, with the legal basis of every hop."""
    with opened_store(read_only=True) as store:
        start = resolve_in_store(store, source)
        end = resolve_in_store(store, target)
        walked = walk_or_fail(
            lambda: store_path(
                store,
                start,
                end,
                scope=path_scope(store, start, end) if scope is ScopeChoice.auto else None,
            )
        )
        graph, path = walked.graph, walked.answer
        stating = {e.assessment for hop in path.hops for e in hop.edges} if path else set()
        names = walk_or_fail(lambda: assessment_titles(store, stating))
    if fmt is ViewFormat.json:
        print_json({**path_to_json(path, start, end), "scope": scope_to_json(walked.scope)})
    else:
        print_path(path, names, node_data(graph, start).label, node_data(graph, end).label)
        print_scope(walked.scope)


# ---------------------------------------------------------------------------------------------
# hubs
# ---------------------------------------------------------------------------------------------


@app.command("hubs")
def hubs_command(
    top: Annotated[int, typer.Option("--top", "-t", min=1, help="How many to list.")] = 10,
    by: Annotated[
        HubMeasureChoice, typer.Option("--by", help="Rank by distinct neighbours or betweenness.")
    ] = HubMeasureChoice.degree,
    every_kind: Annotated[
        bool, typer.Option("--all", help="Rank every kind of node, not only systems.")
    ] = False,
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """Hub systems (centrality) and the single points of failure (articulation points)."""
    kinds: Sequence[NodeKind] | None = None if every_kind else sorted(SYSTEM_KINDS)
    with projected() as (_store, graph):
        ranked = hubs(graph, kinds=kinds, by=_MEASURE[by], top=top)
        cuts = single_points_of_failure(graph)[:top]
    if fmt is ViewFormat.json:
        print_json({"hubs": records_of(ranked), "single_points_of_failure": records_of(cuts)})
        return
    table = Table(
        "rank", "name", "kind", "neighbours", "betweenness", "assessments", "municipalities",
        "cut vertex",
        title=f"Hubs by {by.value}", title_justify="left",
    )  # fmt: skip
    for hub in ranked:
        table.add_row(
            str(hub.rank),
            hub.label,
            hub.kind,
            str(hub.degree),
            f"{hub.betweenness:.3f}",
            str(hub.assessments),
            str(hub.municipalities),
            "yes" if hub.cut_vertex else "",
        )
    out.print(table)
    spof = Table(
        "name", "kind", "cuts off", "parts", "node",
        title="Single points of failure (removing one disconnects the graph)",
        title_justify="left",
    )  # fmt: skip
    for cut in cuts:
        spof.add_row(cut.label, cut.kind, str(cut.separated), str(cut.parts), cut.node)
    out.print(spof)


# ---------------------------------------------------------------------------------------------
# blast
# ---------------------------------------------------------------------------------------------


def blast_to_json(graph: nx.MultiDiGraph, radius: BlastRadius, names: dict[str, str]) -> Any:
    """The JSON of ``mnpia blast``."""
    record = records_of([radius])[0]
    record["assessment_titles"] = [names.get(a, a) for a in radius.assessments]
    record["sub_delegate_labels"] = [node_data(graph, s).label for s in radius.sub_delegates]
    return record


def print_blast(graph: nx.MultiDiGraph, radius: BlastRadius, names: dict[str, str]) -> None:
    """The summary and the table of ``mnpia blast``."""
    out.print(
        f"If {radius.label} ({radius.kind}) is breached, it touches "
        f"{plural(len(radius.files), 'file')} in {plural(len(radius.assessments), 'assessment')} "
        f"of {plural(len(radius.municipalities), 'municipality')} "
        f"({', '.join(radius.municipalities) or '—'}).",
        highlight=False,
    )
    table = Table("assessment", "file", "task", "for", "line", title_justify="left")
    for handled in radius.handled:
        table.add_row(
            names.get(handled.assessment, handled.assessment),
            handled.file_label,
            handled.task,
            node_data(graph, handled.via).label if handled.via else "",
            "" if handled.line is None else str(handled.line),
        )
    out.print(table)
    out.print(f"data items: {', '.join(radius.data_items) or '—'}", highlight=False)
    if radius.sub_delegates:
        labels = ", ".join(node_data(graph, s).label for s in radius.sub_delegates)
        out.print(f"passed on (再委託) to: {labels}", highlight=False)


@app.command("blast")
def blast_command(
    delegate: Annotated[
        str, typer.Argument(help="A delegate or sub-delegate company, by name or IRI.")
    ],
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """What a breach of a delegate would touch: files, assessments, municipalities, data."""
    with projected() as (store, graph):
        company = resolve(graph, delegate, kinds=DELEGATE_KINDS)
        try:
            radius = blast_radius(graph, company)
        except AnalyticsError as error:
            usage_error(str(error))
        names = titles(store)
    if fmt is ViewFormat.json:
        print_json(blast_to_json(graph, radius, names))
    else:
        print_blast(graph, radius, names)
