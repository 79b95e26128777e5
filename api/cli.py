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
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.report_table import report_to_table, totals_to_tables
from api.settings import SettingsError, store_path_from_env, store_timeout_from_env
from graph.errors import GraphError, StoreError
from graph.ingestion import IngestOutcome, ingest_paths, paths_to_files
from graph.store import GraphStore, open_store, store_location
from graph.validation import validate_store
from ingest.errors import IngestError, not_an_assessment, path_to_text
from ingest.pipeline import extract_file
from ingest.record_json import result_to_json
from ingest.records import ExtractionResult, IssueCode, Status
from ingest.report import FAMILIES, report_to_json, result_to_report
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
    store_path: Path | str = store_path_from_env()
    """A folder (the embedded store) or the URL of a SPARQL server."""
    store_timeout_s: float | None = None
    """``--store-timeout``; None: ``MNPIA_STORE_TIMEOUT_S`` or its default."""


state = _State()


def fail(message: str, code: int) -> NoReturn:
    """Print a one-line error to stderr and exit with ``code`` (the message is plain text:
    brackets in file names are not markup)."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def opened_store(*, read_only: bool = False) -> Iterator[GraphStore]:
    """The store of ``--store`` (a folder or a SPARQL server's URL), or a one-line error and
    exit code 4, also when the store fails later (a server that stops answering)."""
    try:
        timeout_s = state.store_timeout_s or store_timeout_from_env()
    except SettingsError as error:
        fail(str(error), EXIT_USAGE)
    try:
        store = open_store(state.store_path, read_only=read_only, timeout_s=timeout_s)
    except GraphError as error:
        fail(str(error), EXIT_STORE)
    try:
        with store:
            yield store
    except StoreError as error:
        fail(str(error), EXIT_STORE)


@app.callback()
def main_options(
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            "-s",
            help="Path of the embedded store, or the URL of a SPARQL 1.1 server "
            "(http://host:7878 for Oxigraph; fuseki+http://…, graphdb+http://…, "
            "virtuoso+http://… for others) "
            "(env MNPIA_STORE; default ~/.local/share/mnpia/store).",
            show_default=False,
        ),
    ] = None,
    store_timeout: Annotated[
        float | None,
        typer.Option(
            "--store-timeout",
            min=0.001,
            help="Seconds a SPARQL server may take to answer one request "
            "(env MNPIA_STORE_TIMEOUT_S; default 60).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Turn assessment texts into a knowledge graph and ask it questions."""
    if store is not None:
        state.store_path = store_location(store)
    if store_timeout is not None:
        state.store_timeout_s = store_timeout


TABLE_ROWS = 50
"""Runs of up to this many files print a row per file; longer runs print the totals only."""


def outcome_row(outcome: IngestOutcome) -> tuple[str, ...]:
    """One row of the ingest summary table."""
    summary = outcome.summary
    name = escape(path_to_text(outcome.path.name))
    if summary is None or not outcome.ok:
        return (name, "[red]failed[/]", "", "", "", "")
    who = " ".join(part for part in (summary.municipality, summary.number) if part) or "—"
    status = "[green]ok[/]" if summary.status is Status.SUCCESS else "[yellow]partial[/]"
    return (
        name,
        status,
        escape(who),
        str(summary.records),
        str(summary.issues),
        str(outcome.triples),
    )


@dataclass(slots=True)
class IngestRun:
    """What a run of ``ingest`` did, kept small: counts, not records (except ``results``)."""

    files: int = 0
    ingested: int = 0
    partial: int = 0
    failed: int = 0
    records: int = 0
    issues: int = 0
    triples: int = 0
    families: Counter[str] = field(default_factory=Counter)
    codes: Counter[IssueCode] = field(default_factory=Counter)
    rows: list[tuple[str, ...]] = field(default_factory=list)
    results: list[ExtractionResult] = field(default_factory=list)
    """The extractions of ingested documents, when the caller asked to keep them."""

    def add(self, outcome: IngestOutcome, *, keep_rows: bool, keep_results: bool) -> None:
        """Count one outcome in."""
        if keep_rows:
            self.rows.append(outcome_row(outcome))
        if not outcome.ok or outcome.summary is None:
            self.failed += 1
            return
        summary = outcome.summary
        self.ingested += 1
        self.partial += summary.status is Status.PARTIAL
        self.records += summary.records
        self.issues += summary.issues
        self.triples += outcome.triples
        self.families.update(dict(summary.families))
        self.codes.update(dict(summary.codes))
        if keep_results and outcome.result is not None:
            self.results.append(outcome.result)


def run_ingest(
    store: GraphStore,
    paths: list[Path],
    *,
    totals: bool = False,
    jobs: int = 1,
    keep_history: bool = False,
    keep_results: bool = False,
) -> IngestRun:
    """Ingest with a progress bar and print the summary table (and, with ``totals``, the records
    per family and issues per code over all documents).

    Memory does not grow with the run: outcomes are counted as they come, and only runs of up
    to :data:`TABLE_ROWS` files keep a row per file.
    """
    files = paths_to_files(paths)
    run = IngestRun(files=len(files))
    keep_rows = len(files) <= TABLE_ROWS
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    )
    outcomes = ingest_paths(
        store, files, jobs=jobs, keep_history=keep_history, keep_results=keep_results
    )
    with progress:
        task = progress.add_task("", total=len(files))
        for outcome in outcomes:
            progress.update(task, description=escape(path_to_text(outcome.path.name)))
            if outcome.error:
                err.print(f"[bold red]error:[/] {escape(outcome.error)}", highlight=False)
            run.add(outcome, keep_rows=keep_rows, keep_results=keep_results)
            progress.advance(task)
    table = Table(title=f"Ingested into {state.store_path}", title_justify="left")
    table.add_column("file", no_wrap=True, overflow="ellipsis", max_width=28)
    for column in ("status", "assessment"):
        table.add_column(column, no_wrap=True)
    for column in ("records", "issues", "triples"):
        table.add_column(column, justify="right")
    for row in run.rows:
        table.add_row(*row)
    table.add_section()
    partial = f"{run.partial} partial" if run.partial else ""
    failed = f"[red]{run.failed} failed[/]" if run.failed else ""
    table.add_row(
        f"{run.ingested}/{run.files} documents",
        ", ".join(part for part in (partial, failed) if part),
        "",
        str(run.records),
        str(run.issues),
        str(run.triples),
    )
    out.print(table)
    if totals:
        families = tuple((family, run.families[family]) for family, _label in FAMILIES)
        codes = tuple((code, run.codes[code]) for code in IssueCode if run.codes[code])
        out.print(totals_to_tables(families, codes, documents=run.ingested))
    documents = len(store.documents())
    out.print(f"store now holds {store.triple_count()} triples in {documents} documents")
    return run


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Assessment text files, or folders of *.txt files.",
            readable=False,  # an unreadable file is reported in its outcome, not as usage
        ),
    ],
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes that extract and map (this process stays the one writer); "
            "0 is not allowed, use the number of cores for the fastest run.",
        ),
    ] = 1,
    keep_history: Annotated[
        bool,
        typer.Option(
            "--keep-history",
            help="Keep the version each re-ingested document replaces as a revision "
            "(prov:wasRevisionOf); see `mnpia history`.",
        ),
    ] = False,
) -> None:
    """Extract assessment texts and replace their graphs in the store (one named graph each)."""
    with opened_store() as store:
        run = run_ingest(store, paths, totals=True, jobs=jobs, keep_history=keep_history)
    if not run.files:
        fail("no text files found in " + ", ".join(map(str, paths)), EXIT_INPUT)
    if run.failed:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="One assessment text.", readable=False)],
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
    with_history: Annotated[
        bool,
        typer.Option(
            "--with-history",
            help="Also export the revision graphs that `ingest --keep-history` kept "
            "(RDF 1.2 triple terms; TriG and N-Quads).",
        ),
    ] = False,
) -> None:
    """Export the assessment graphs: TriG or N-Quads keep the named graphs, Turtle merges them."""
    if with_history and fmt is ExportFormat.turtle:
        fail("--with-history needs named graphs: use --format trig or nquads", EXIT_USAGE)
    options = {"include_ontology": with_ontology, "include_revisions": with_history}
    with opened_store(read_only=True) as store:
        if out_file is None:
            store.export(sys.stdout.buffer, fmt=fmt.value, **options)
            return
        # Write beside the target, then rename: an interrupted export never leaves half a file.
        tmp = out_file.with_name(out_file.name + ".partial")
        with tmp.open("wb") as handle:
            store.export(handle, fmt=fmt.value, **options)
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


def print_stats(store: GraphStore) -> None:
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
        run = run_ingest(store, [corpus], keep_results=True)
        out.rule("Systems of each assessment")
        print_systems_overview(run_query(store, "systems_of_assessment"))
        out.rule("National systems shared across assessments")
        print_shared_systems(run_query(store, "shared_national_systems"))
        out_dir.mkdir(parents=True, exist_ok=True)
        trig = out_dir / "mnpia.trig"
        with trig.open("wb") as handle:
            store.export(handle, fmt="trig")
    try:
        diagrams = write_all_diagrams(run.results, out_dir / "diagrams")
    except VizError as error:
        fail(f"drawing the diagrams failed: {error}", EXIT_INPUT)
    out.rule("Output")
    out.print(f"graph exported to {trig}")
    for path in diagrams:
        out.print(f"diagram {path}", highlight=False)
    if run.failed:
        raise typer.Exit(EXIT_INPUT)


def main() -> None:
    """Console-script entry point."""
    app()


# Command modules add their commands to ``app`` when imported; they import ``app`` from here,
# so they are imported last: diagram; lineage, impact, path, hubs, blast; serve.
import api.diagram_cli  # noqa: E402
import api.history_cli  # noqa: E402
import api.lineage_cli  # noqa: E402
import api.serve_cli  # noqa: E402
import api.synth_cli  # noqa: E402, F401
