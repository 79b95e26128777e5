"""``mnpia history``: the earlier versions the store keeps of an assessment, and any one rebuilt.

``mnpia ingest --keep-history`` keeps the version a changed text replaces as a revision
(:mod:`graph.revision`). ``mnpia history 千葉市/27`` lists them (oldest replacement first) under
the current version; ``--revision IRI`` prints what that version stated, rebuilt as the
assessment graph it was (TriG by default, N-Quads or Turtle). Works on the embedded store and on a
SPARQL server alike. An unknown assessment or revision is exit code 1; a bad combination of
options is 2; a store that cannot be read is 4.

This module registers its command on :data:`api.cli.app` when imported; ``api/cli.py`` imports
it at its end.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import pyoxigraph as ox
import typer
from rdflib import Graph
from rich.table import Table

from api.cli import EXIT_INPUT, EXIT_USAGE, app, err, fail, opened_store, out
from graph.errors import StoreError
from graph.mapping import PREFIXES
from graph.revision import RevisionInfo, assessment_of
from graph.store import DocumentInfo, GraphStore
from graph.term import graph_to_quads

__all__ = [
    "HistoryFormat",
    "choose_revision",
    "history_command",
    "history_to_json",
    "revision_to_rdf",
]


class HistoryFormat(StrEnum):
    """``--format`` of ``history``: the list (table, json) or a rebuilt version (trig …)."""

    table = "table"
    json = "json"
    trig = "trig"
    nquads = "nquads"
    turtle = "turtle"


_LIST_FORMATS = (HistoryFormat.table, HistoryFormat.json)
_RDF_FORMATS = {
    HistoryFormat.trig: ox.RdfFormat.TRIG,
    HistoryFormat.nquads: ox.RdfFormat.N_QUADS,
    HistoryFormat.turtle: ox.RdfFormat.TURTLE,
}


def revision_to_json(info: RevisionInfo) -> dict[str, Any]:
    """One revision as JSON."""
    return {
        "revision": str(info.revision),
        "graph": str(info.graph_name),
        "sha256": info.sha256,
        "source": info.source,
        "generated_at": info.generated_at,
        "superseded_at": info.superseded_at,
        "previous": str(info.previous) if info.previous else None,
        "triples": info.statements,
    }


def history_to_json(
    assessment: str, current: DocumentInfo | None, revisions: list[RevisionInfo]
) -> dict[str, Any]:
    """The JSON of ``history``: the assessment, its current version (null when the store no
    longer holds it) and its revisions, oldest replacement first."""
    return {
        "assessment": assessment,
        "current": None
        if current is None
        else {
            "graph": str(current.graph_name),
            "source": current.source,
            "title": current.title,
            "triples": current.triples,
        },
        "revisions": [revision_to_json(info) for info in revisions],
    }


def revision_to_rdf(graph: Graph, target: BinaryIO, fmt: HistoryFormat) -> None:
    """Write a rebuilt version: sorted quads in its assessment graph (TriG, N-Quads), or its
    triples (Turtle), with the usual prefixes."""
    rdf_format = _RDF_FORMATS[fmt]
    name = ox.NamedNode(str(graph.identifier))
    if rdf_format is ox.RdfFormat.TURTLE:
        items: list[ox.Quad] | list[ox.Triple] = sorted(
            (ox.Triple(q.subject, q.predicate, q.object) for q in graph_to_quads(graph, name)),
            key=str,
        )
    else:
        items = sorted(graph_to_quads(graph, name), key=str)
    prefixes = None if rdf_format is ox.RdfFormat.N_QUADS else PREFIXES
    ox.serialize(items, target, rdf_format, prefixes=prefixes)


MIN_PREFIX = 6
"""Shortest SHA-256 prefix ``--revision`` takes."""


def choose_revision(revisions: list[RevisionInfo], wanted: str) -> RevisionInfo | None:
    """The revision ``wanted`` names: by IRI, or by a unique SHA-256 prefix (6 digits at least).

    >>> from rdflib import URIRef
    >>> info = RevisionInfo(revision=URIRef("http://r/1"), graph_name=URIRef("http://g"),
    ...     assessment=URIRef("http://a"), sha256="abcdef12", source=None, generated_at=None,
    ...     superseded_at=None, previous=None, statements=1)
    >>> choose_revision([info], "abcdef") is info, choose_revision([info], "abc")
    (True, None)
    """
    text = wanted.strip()
    by_iri = [info for info in revisions if str(info.revision) == text]
    if by_iri:
        return by_iri[0]
    if len(text) < MIN_PREFIX:
        return None
    found = [info for info in revisions if (info.sha256 or "").startswith(text.lower())]
    return found[0] if len(found) == 1 else None


def _current(store: GraphStore, assessment: str) -> DocumentInfo | None:
    return next((d for d in store.documents() if str(d.assessment) == assessment), None)


def print_history(
    assessment: str, current: DocumentInfo | None, revisions: list[RevisionInfo]
) -> None:
    """The current version, then the revisions as a table."""
    if current is None:
        out.print(f"{assessment}: not in the store now", highlight=False)
    else:
        out.print(
            f"{current.title or assessment}: current version from {current.source or '—'} "
            f"({current.triples} triples)",
            highlight=False,
        )
    if not revisions:
        out.print("no earlier version kept (ingest with --keep-history to keep them)")
        return
    table = Table(title="Earlier versions (oldest replacement first)", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("revision (sha256)", no_wrap=True)
    table.add_column("source", overflow="fold")
    table.add_column("superseded at", no_wrap=True)
    table.add_column("triples", justify="right")
    for n, info in enumerate(revisions, 1):
        table.add_row(
            str(n),
            (info.sha256 or str(info.revision).rsplit("/", 1)[-1])[:12],
            info.source or "—",
            (info.superseded_at or "—")[:19],
            str(info.statements),
        )
    out.print(table)
    out.print("rebuild one with: mnpia history ASSESSMENT --revision SHA256-PREFIX", style="dim")


@app.command("history")
def history_command(
    assessment: Annotated[
        str,
        typer.Argument(help="An assessment: its key (千葉市/27), its IRI or its graph name."),
    ],
    revision: Annotated[
        str | None,
        typer.Option(
            "--revision",
            "-r",
            help="Print this earlier version as RDF: its IRI, or the start of its SHA-256 "
            "(as the list shows it).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        HistoryFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="The list: table (default) or json; a --revision: trig (default), nquads, turtle.",
            show_default=False,
        ),
    ] = None,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the rebuilt version to this file."),
    ] = None,
) -> None:
    """List the earlier versions kept of an assessment, or rebuild one of them as RDF."""
    if revision is None and (fmt in _RDF_FORMATS or out_file is not None):
        fail("--format trig/nquads/turtle and --out are for a --revision", EXIT_USAGE)
    if revision is not None and fmt in _LIST_FORMATS:
        fail("a --revision is printed as trig, nquads or turtle", EXIT_USAGE)
    try:
        wanted = assessment_of(assessment).value
    except StoreError as error:
        fail(str(error), EXIT_USAGE)
    with opened_store(read_only=True) as store:
        revisions = store.revisions(wanted)
        current = _current(store, wanted)
        if current is None and not revisions:
            fail(f"{wanted}: no such assessment in the store (nor earlier versions)", EXIT_INPUT)
        if revision is None:
            if fmt is HistoryFormat.json:
                print(json.dumps(history_to_json(wanted, current, revisions), ensure_ascii=False,
                                 indent=2))  # fmt: skip
            else:
                print_history(wanted, current, revisions)
            return
        chosen = choose_revision(revisions, revision)
        if chosen is None:
            fail(f"{revision}: not one revision kept of {wanted} (see mnpia history)", EXIT_INPUT)
        graph = store.revision_graph(chosen.revision)
    rdf_format = fmt or HistoryFormat.trig
    if out_file is None:
        revision_to_rdf(graph, sys.stdout.buffer, rdf_format)
        return
    # Write beside the target, then rename: an interrupted write never leaves half a file.
    tmp = out_file.with_name(out_file.name + ".partial")
    try:
        with tmp.open("wb") as handle:
            revision_to_rdf(graph, handle, rdf_format)
        tmp.replace(out_file)
    except OSError as error:
        fail(f"{out_file}: cannot write ({error.strerror})", EXIT_INPUT)
    err.print(f"wrote {out_file}", highlight=False)
