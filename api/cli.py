"""The ``mnpia`` command: a thin layer over the library that turns outcomes into exit codes.

Exit codes (stable, documented in the README):

====  ==============================================================================
0     success (a damaged document ingested with issues is still a success)
1     some input could not be read or is not an assessment (the others were processed)
2     usage error: a bad option, an unknown named query or parameter, malformed SPARQL
3     ``validate``: the graph does not conform to the SHACL shapes
4     the store cannot be opened or read
====  ==============================================================================
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.report_table import report_to_table, totals_to_tables
from api.settings import store_path_from_env
from graph.errors import GraphError
from graph.ingestion import IngestOutcome, ingest_paths, paths_to_files
from graph.store import Store, open_store
from graph.validation import validate_store
from ingest.errors import IngestError, not_an_assessment
from ingest.pipeline import extract_file
from ingest.record_json import result_to_json
from ingest.records import Status
from ingest.report import report_to_json, result_to_report, results_to_totals
from queries import QueryError, QueryTable, QueryTriples, named_queries, run_query, run_sparql
from viz.errors import VizError
from viz.view import write_all_diagrams

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_STORE = 4

REPO_CORPUS = Path(__file__).resolve().parents[1] / "corpus"
"""The sample corpus bundled with the source tree."""

app = typer.Typer(
    name="mnpia",
    help="A knowledge graph of the systems, data flows and legal bases in My Number PIAs "
    "(特定個人情報保護評価書).",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    """How ``query`` prints its answer."""

    table = "table"
    json = "json"
    csv = "csv"


class ReportFormat(StrEnum):
    """How ``extract --report`` prints its report."""

    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    """RDF serialisations of ``export``."""

    trig = "trig"
    nquads = "nquads"
    turtle = "turtle"


class _State:
    store_path: Path = store_path_from_env()


state = _State()


def fail(message: str, code: int) -> NoReturn:
    """Print a one-line error to stderr and exit with ``code``."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def opened_store(*, read_only: bool = False) -> Iterator[Store]:
    """The store of ``--store``, or a one-line error and exit code 4."""
    try:
        store = open_store(state.store_path, read_only=read_only)
    except GraphError as error:
        fail(str(error), EXIT_STORE)
    with store:
        yield store


@app.callback()
def main_options(
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            "-s",
            help="Path of the embedded store "
            "(env MNPIA_STORE; default ~/.local/share/mnpia/store).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Turn assessment texts into a knowledge graph and ask it questions."""
    if store is not None:
        state.store_path = store


def outcome_row(outcome: IngestOutcome) -> tuple[str, ...]:
    """One row of the ingest summary table."""
    if outcome.result is None or not outcome.ok:
        return (outcome.path.name, "[red]failed[/]", "", "", "", "")
    result = outcome.result
    document = result.document
    who = " ".join(part for part in (document.municipality, document.number) if part) or "—"
    status = "[green]ok[/]" if result.status is Status.SUCCESS else "[yellow]partial[/]"
    return (
        outcome.path.name,
        status,
        who,
        str(result.record_count()),
        str(len(result.issues)),
        str(outcome.triples),
    )


def run_ingest(store: Store, paths: list[Path], *, totals: bool = False) -> list[IngestOutcome]:
    """Ingest with a progress bar and print the summary table (and, with ``totals``, the records
    per family and issues per code over all documents); return the outcomes."""
    files = paths_to_files(paths)
    outcomes: list[IngestOutcome] = []
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    )
    with progress:
        task = progress.add_task("", total=len(files))
        for outcome in ingest_paths(store, files):
            progress.update(task, description=outcome.path.name)
            if outcome.error:
                err.print(f"[bold red]error:[/] {outcome.error}", highlight=False)
            outcomes.append(outcome)
            progress.advance(task)
    table = Table(title=f"Ingested into {state.store_path}", title_justify="left")
    table.add_column("file", no_wrap=True, overflow="ellipsis", max_width=28)
    for column in ("status", "assessment"):
        table.add_column(column, no_wrap=True)
    for column in ("records", "issues", "triples"):
        table.add_column(column, justify="right")
    for outcome in outcomes:
        table.add_row(*outcome_row(outcome))
    ok = [o for o in outcomes if o.ok]
    table.add_section()
    table.add_row(
        f"{len(ok)}/{len(outcomes)} documents",
        "",
        "",
        str(sum(o.result.record_count() for o in ok if o.result)),
        str(sum(len(o.result.issues) for o in ok if o.result)),
        str(sum(o.triples for o in ok)),
    )
    out.print(table)
    if totals:
        results = [o.result for o in ok if o.result is not None]
        families, codes = results_to_totals(results)
        out.print(totals_to_tables(families, codes, documents=len(results)))
    documents = len(store.documents())
    out.print(f"store now holds {store.triple_count()} triples in {documents} documents")
    return outcomes


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Assessment text files, or folders of *.txt files.")
    ],
) -> None:
    """Extract assessment texts and replace their graphs in the store (one named graph each)."""
    with opened_store() as store:
        outcomes = run_ingest(store, paths, totals=True)
    if not outcomes:
        fail("no text files found in " + ", ".join(map(str, paths)), EXIT_INPUT)
    if any(not o.ok for o in outcomes):
        raise typer.Exit(EXIT_INPUT)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="One assessment text.")],
    report: Annotated[
        bool,
        typer.Option(
            "--report",
            help="Print, instead of the records, a table of the form's parts: records found, "
            "counts the document declares, issues by code.",
        ),
    ] = False,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="How --report prints: table (default) or json."),
    ] = None,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the record JSON to this file (not to stdout)."),
    ] = None,
) -> None:
    """Print the records of one assessment as JSON (the record JSON of DESIGN.md), or a report."""
    if fmt is not None and not report:
        fail("--format is an option of --report (the records are always JSON)", EXIT_USAGE)
    try:
        result = extract_file(file)
    except IngestError as error:
        fail(str(error), EXIT_INPUT)
    records = json.dumps(result_to_json(result), ensure_ascii=False, indent=2)
    if out_file is not None:
        # Write beside the target, then rename: an interrupted write never leaves half a file.
        tmp = out_file.with_name(out_file.name + ".partial")
        try:
            tmp.write_text(records + "\n", encoding="utf-8")
            tmp.replace(out_file)
        except OSError as error:
            fail(f"{out_file}: cannot write ({error.strerror})", EXIT_USAGE)
        err.print(f"wrote {out_file}", highlight=False)
    elif not report:
        print(records)
    if report:
        summary = result_to_report(result)
        if fmt is ReportFormat.json:
            print(json.dumps(report_to_json(summary), ensure_ascii=False, indent=2))
        else:
            out.print(report_to_table(summary))
    if result.status is Status.FAILURE:
        fail(not_an_assessment(file), EXIT_INPUT)


def print_table(table: QueryTable, fmt: OutputFormat) -> None:
    """Print a result table in the chosen format."""
    if fmt is OutputFormat.json:
        print(table.to_json())
    elif fmt is OutputFormat.csv:
        print(table.to_csv(), end="")
    else:
        rich_table = Table(*table.columns, show_lines=False)
        for row in table.rows:
            rich_table.add_row(*("" if cell is None else cell for cell in row))
        out.print(rich_table)
        out.print(f"{len(table.rows)} rows", style="dim")


def parse_params(params: list[str]) -> dict[str, str]:
    """``k=v`` strings into a mapping; exit 2 on a malformed one."""
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            fail(f"--param takes NAME=VALUE, not {item!r}", EXIT_USAGE)
        values[key.strip()] = value
    return values


@app.command()
def query(
    sparql: Annotated[
        str | None,
        typer.Argument(
            help="A named query (see --list), a SPARQL query, @FILE.rq, or - for standard input.",
            show_default=False,
        ),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for a named query (repeatable)."),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
) -> None:
    """Run a named query or raw SPARQL (read-only) against the store."""
    if list_ or sparql is None:
        catalog = Table("name", "parameters", "description", show_lines=True)
        for named in named_queries().values():
            params = ", ".join(
                f"{p.name}{'?' if p.optional else ''}:{p.kind}" for p in named.params
            )
            catalog.add_row(named.name, params, named.description)
        out.print(catalog)
        return
    values = parse_params(param or [])
    if sparql == "-":
        text = sys.stdin.read()
    elif sparql.startswith("@"):
        try:
            text = Path(sparql[1:]).read_text(encoding="utf-8")
        except OSError as error:
            fail(f"{sparql[1:]}: cannot read query file ({error.strerror})", EXIT_USAGE)
    else:
        text = sparql
    with opened_store(read_only=True) as store:
        try:
            if text in named_queries():
                answer: QueryTable | bool | QueryTriples = run_query(store, text, values)
            else:
                if values:
                    fail("--param is only for named queries", EXIT_USAGE)
                answer = run_sparql(store, text)
        except QueryError as error:
            fail(str(error), EXIT_USAGE)
        except SyntaxError as error:
            fail(f"malformed SPARQL: {error}", EXIT_USAGE)
    if isinstance(answer, bool):
        print(json.dumps({"boolean": answer}) if fmt is OutputFormat.json else str(answer).lower())
    elif isinstance(answer, QueryTriples):
        print("\n".join(answer.ntriples))
    else:
        print_table(answer, fmt)


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.trig,
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    with_ontology: Annotated[
        bool,
        typer.Option(
            "--with-ontology",
            help="Also export the ontology and vocabularies (labels of concepts).",
        ),
    ] = False,
) -> None:
    """Export the assessment graphs: TriG or N-Quads keep the named graphs, Turtle merges them."""
    with opened_store(read_only=True) as store:
        if out_file is None:
            store.export(sys.stdout.buffer, fmt=fmt.value, include_ontology=with_ontology)
            return
        # Write beside the target, then rename: an interrupted export never leaves half a file.
        tmp = out_file.with_name(out_file.name + ".partial")
        with tmp.open("wb") as handle:
            store.export(handle, fmt=fmt.value, include_ontology=with_ontology)
        tmp.replace(out_file)
    err.print(f"wrote {out_file}")


@app.command()
def validate() -> None:
    """Check every assessment graph in the store against the SHACL shapes."""
    with opened_store(read_only=True) as store:
        reports = validate_store(store)
    failing = {name: report for name, report in reports.items() if not report.conforms}
    table = Table("graph", "conforms", "violations")
    for name, report in sorted(reports.items()):
        table.add_row(name, "yes" if report.conforms else "[red]no[/]", str(len(report.results)))
    out.print(table)
    for name, report in sorted(failing.items()):
        for result in report.results:
            where = f"{result.focus} {result.path or ''}".strip()
            err.print(f"{name}: {where}: {result.message}", highlight=False)
    if failing:
        raise typer.Exit(EXIT_INVALID)
    out.print(f"all {len(reports)} assessment graphs conform to the shapes")


@app.command()
def stats() -> None:
    """What the store holds: documents, triples, systems."""
    with opened_store(read_only=True) as store:
        print_stats(store)


def print_stats(store: Store) -> None:
    """Print the documents table and the counts per class."""
    documents = store.documents()
    table = Table(title="Assessments", title_justify="left")
    table.add_column("source", no_wrap=True, overflow="ellipsis", max_width=28)
    table.add_column("assessment", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("triples", justify="right")
    table.add_column("title")
    for doc in sorted(documents, key=lambda d: d.source or ""):
        who = " ".join(part for part in (doc.municipality, doc.number) if part) or "—"
        table.add_row(doc.source or "—", who, doc.status or "—", str(doc.triples), doc.title or "—")
    out.print(table)
    counts = Counter(store.stats())
    summary = Table("class", "instances", title="Instances per class", title_justify="left")
    for name, count in sorted(counts.items()):
        summary.add_row(name, str(count))
    out.print(summary)
    out.print(f"{len(documents)} documents, {store.triple_count()} triples")


def print_systems_overview(table: QueryTable) -> None:
    """The systems_of_assessment answer as a short outline: one block per assessment."""
    current: str | None = None
    for row in table.records():
        title = row["title"] or "—"
        if title != current:
            out.print(f"\n[bold]{title}[/]", highlight=False)
            current = title
        kind = "[cyan]national[/]" if row["kind"] == "national" else "local"
        line = f"  {row['system_no']:>2}. {row['system_label']} ({kind})"
        if row["connects_to"]:
            line += f" → {row['connects_to']}"
        out.print(line, highlight=False)
    out.print()


def print_shared_systems(table: QueryTable) -> None:
    """The shared_national_systems answer as one line per system."""
    for row in table.records():
        count = int(row["assessments"] or 0)
        noun = "assessment" if count == 1 else "assessments"
        out.print(
            f"[bold]{row['system_label']}[/]: {count} {noun} — {row['titles']}", highlight=False
        )


@app.command()
def demo(
    corpus: Annotated[
        Path, typer.Option(help="Folder of assessment texts to ingest.")
    ] = REPO_CORPUS,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the demo's output files.")
    ] = Path("out"),
) -> None:
    """Ingest the bundled corpus and show what the graph says: what `make demo` runs."""
    if not corpus.is_dir():
        fail(f"{corpus}: corpus folder not found", EXIT_INPUT)
    with opened_store() as store:
        outcomes = run_ingest(store, [corpus])
        out.rule("Systems of each assessment")
        print_systems_overview(run_query(store, "systems_of_assessment"))
        out.rule("National systems shared across assessments")
        print_shared_systems(run_query(store, "shared_national_systems"))
        out_dir.mkdir(parents=True, exist_ok=True)
        trig = out_dir / "mnpia.trig"
        with trig.open("wb") as handle:
            store.export(handle, fmt="trig")
    results = [o.result for o in outcomes if o.ok and o.result is not None]
    try:
        diagrams = write_all_diagrams(results, out_dir / "diagrams")
    except VizError as error:
        fail(f"drawing the diagrams failed: {error}", EXIT_INPUT)
    out.rule("Output")
    out.print(f"graph exported to {trig}")
    for path in diagrams:
        out.print(f"diagram {path}", highlight=False)
    if any(not o.ok for o in outcomes):
        raise typer.Exit(EXIT_INPUT)


def main() -> None:
    """Console-script entry point."""
    app()


# Command modules add their commands to ``app`` when imported; they import ``app`` from here,
# so they are imported last: diagram; lineage, impact, path, hubs, blast; serve.
import api.diagram_cli  # noqa: E402
import api.lineage_cli  # noqa: E402
import api.serve_cli  # noqa: E402
import api.synth_cli  # noqa: E402, F401
