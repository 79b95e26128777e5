"""The ``mnpia`` commands with ``--store http://…``: a real Oxigraph server, the same answers.

The corpus is ingested by the real command (a subprocess) into an Oxigraph server and into an
embedded store; the other commands run in-process (typer's CliRunner) on both and must print the
same. ``mnpia history`` lists and rebuilds earlier versions on both stores. A server that is down
is exit code 4 and one line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))  # remote_server
from remote_server import OxigraphServer, free_port, start_oxigraph

from api.cli import EXIT_INPUT, EXIT_OK, EXIT_STORE, EXIT_USAGE, app
from graph.mapping import records_to_graph
from ingest.pipeline import extract_file

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
PENSION = CORPUS / "001_36f852d2897e428a.txt"
ENV = {"COLUMNS": "250", "NO_COLOR": "1"}


def mnpia_process(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real ``mnpia`` command in a subprocess."""
    environ = {**os.environ, **ENV, **(env or {})}
    if env is None or "MNPIA_STORE" not in env:
        environ.pop("MNPIA_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "api", *args],
        capture_output=True, text=True, cwd=REPO, env=environ, timeout=600, check=False,
    )  # fmt: skip


def mnpia(store: str, *args: str) -> Any:
    """The ``mnpia`` app in-process; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(app, ["--store", store, *args], env=ENV)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(server URL, embedded folder), both filled by ``mnpia ingest corpus/``."""
    server = start_oxigraph(tmp_path_factory.mktemp("cli-oxigraph") / "db")
    embedded = str(tmp_path_factory.mktemp("cli-embedded") / "store")
    try:
        for store in (server.url, embedded):
            result = mnpia_process("--store", store, "ingest", str(CORPUS))
            assert result.returncode == EXIT_OK, result.stderr
            assert "store now holds" in result.stdout or "5" in result.stdout
        yield server.url, embedded
    finally:
        server.stop()


@pytest.mark.parametrize(
    "args",
    [
        ("query", "systems_of_assessment", "--format", "json"),
        ("query", "shared_national_systems", "--param", "min_assessments=2", "-f", "csv"),
        ("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "json"),
        ("query", "CONSTRUCT { ?a ?p ?o } WHERE { ?a a <https://w3id.org/mnpia/ontology#Assessment>"
         " ; <https://w3id.org/mnpia/ontology#assessmentNumber> ?o ; ?p ?o }"),
        ("lineage", "中間サーバー・プラットフォーム", "-d", "both", "-n", "1", "-f", "json"),
        ("impact", "番号法19条8号", "-f", "json"),
        ("hubs", "--top", "5", "-f", "json"),
        ("export", "--format", "nquads"),
        ("export", "--format", "trig"),
        ("stats",),
    ],
)  # fmt: skip
def test_commands_print_the_same_on_both_stores(
    stores: tuple[str, str], args: tuple[str, ...]
) -> None:
    remote, embedded = stores
    ours, theirs = mnpia(remote, *args), mnpia(embedded, *args)
    assert ours.exit_code == EXIT_OK, ours.stderr
    assert theirs.exit_code == EXIT_OK, theirs.stderr
    assert ours.stdout.strip()
    if args[-1].startswith("CONSTRUCT"):  # triples in no particular order
        assert sorted(ours.stdout.splitlines()) == sorted(theirs.stdout.splitlines())
    else:
        assert ours.stdout == theirs.stdout


def test_diagram_of_an_assessment_in_the_server(stores: tuple[str, str], tmp_path: Path) -> None:
    remote, embedded = stores
    iri = "https://w3id.org/mnpia/id/assessment/千葉市/27"
    drawn = []
    for n, store in enumerate((remote, embedded)):
        target = tmp_path / f"{n}.svg"
        result = mnpia(store, "diagram", iri, "--view", "lineage", "--entity",
                       "国民年金システム", "--out", str(target))  # fmt: skip
        assert result.exit_code == EXIT_OK, result.stderr
        drawn.append(target.read_bytes())
    assert drawn[0].lstrip().startswith((b"<?xml", b"<svg"))
    assert drawn[0] == drawn[1]


def test_malformed_sparql_on_the_server_is_a_usage_error(stores: tuple[str, str]) -> None:
    result = mnpia(stores[0], "query", "SELECT WHERE {")
    assert result.exit_code == EXIT_USAGE
    assert "malformed SPARQL" in result.stderr


def test_a_server_that_is_down_is_exit_4_and_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = mnpia_process("stats", env={"MNPIA_STORE": url})  # the URL from the environment
    assert result.returncode == EXIT_STORE
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert url in lines[0]
    assert "cannot connect" in lines[0]


def test_a_server_without_the_union_default_graph_is_exit_4(tmp_path: Path) -> None:
    plain = start_oxigraph(tmp_path / "db", union=False)
    try:
        result = mnpia(plain.url, "ingest", str(PENSION))
        assert result.exit_code == EXIT_STORE
        assert "--union-default-graph" in result.stderr
    finally:
        plain.stop()


def test_the_store_timeout_must_be_positive() -> None:
    result = mnpia_process("--store", "http://127.0.0.1:1", "--store-timeout", "0", "stats")
    assert result.returncode == EXIT_USAGE
    bad = mnpia_process("stats", env={"MNPIA_STORE": "http://127.0.0.1:1",
                                      "MNPIA_STORE_TIMEOUT_S": "soon"})  # fmt: skip
    assert bad.returncode == EXIT_USAGE
    assert "MNPIA_STORE_TIMEOUT_S" in bad.stderr


# -- mnpia history -----------------------------------------------------------------------------


@pytest.fixture
def history_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store of the kind asked for: a folder, or a fresh Oxigraph server's URL."""
    if request.param == "embedded":
        yield str(tmp_path / "store")
        return
    server: OxigraphServer = start_oxigraph(tmp_path / "db")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.mark.parametrize("history_store", ["embedded", "remote"], indirect=True)
def test_history_lists_and_rebuilds_earlier_versions(history_store: str, tmp_path: Path) -> None:
    v2 = tmp_path / "v2" / PENSION.name
    v2.parent.mkdir()
    v2.write_text(
        PENSION.read_text(encoding="utf-8").replace("国民年金システム", "国民年金新システム"),
        encoding="utf-8",
    )
    for text in (PENSION, v2):
        ingested = mnpia(history_store, "ingest", "--keep-history", str(text))
        assert ingested.exit_code == EXIT_OK, ingested.stderr
    listed = mnpia(history_store, "history", "千葉市/27", "-f", "json")
    assert listed.exit_code == EXIT_OK, listed.stderr
    answer = json.loads(listed.stdout)
    assert answer["current"]["source"] == PENSION.name
    [kept] = answer["revisions"]
    assert kept["triples"] > 1000
    table = mnpia(history_store, "history", "https://w3id.org/mnpia/id/assessment/千葉市/27")
    assert kept["sha256"][:12] in table.stdout
    rebuilt = mnpia(history_store, "history", "千葉市/27", "--revision", kept["sha256"][:8])
    assert rebuilt.exit_code == EXIT_OK, rebuilt.stderr
    dataset = Dataset()
    dataset.parse(data=rebuilt.stdout, format="trig")
    graph = dataset.graph(answer["current"]["graph"])
    assert isomorphic(graph, records_to_graph(extract_file(PENSION)).graph)
    out = tmp_path / "v1.nq"
    written = mnpia(history_store, "history", "千葉市/27", "-r", kept["revision"], "-f", "nquads",
                    "-o", str(out))  # fmt: skip
    assert written.exit_code == EXIT_OK, written.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == kept["triples"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("history", "千葉市/99"), EXIT_INPUT),
        (("history", "千葉市/27", "--revision", "0123456789"), EXIT_INPUT),
        (("history", "千葉市/27", "-f", "trig"), EXIT_USAGE),
        (("history", "千葉市/27", "-r", "abcdef", "-f", "json"), EXIT_USAGE),
    ],
)
def test_history_errors(stores: tuple[str, str], args: tuple[str, ...], code: int) -> None:
    for store in stores:
        result = mnpia(store, *args)
        assert result.exit_code == code, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
