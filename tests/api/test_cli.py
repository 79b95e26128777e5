"""End to end: the real ``mnpia`` command in a subprocess, against a real on-disk store."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
TEXTS = sorted(CORPUS.glob("*.txt"))


def mnpia(
    *args: str | Path, store: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m api`` (the ``mnpia`` command) and capture its output."""
    command = [sys.executable, "-m", "api"]
    if store is not None:
        command += ["--store", str(store)]
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("MNPIA_STORE", None)
    return subprocess.run(
        [*command, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        input=stdin,
        timeout=300,
        check=False,
    )


ONTOLOGY_GRAPH = "https://w3id.org/mnpia/graph/ontology"


def count_triples(store: Path) -> int:
    """Triples in the assessment graphs (the ontology's own graph left out)."""
    result = mnpia(
        "query",
        "SELECT (COUNT(*) AS ?n) "
        f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }}",
        "--format",
        "json",
        store=store,
    )
    assert result.returncode == 0, result.stderr
    return int(json.loads(result.stdout)[0]["n"])


def document_files(store: Path) -> list[str]:
    query = (
        "PREFIX mnpia: <https://w3id.org/mnpia/ontology#> "
        "SELECT ?name WHERE { GRAPH ?g { ?s a mnpia:SourceDocument ; mnpia:fileName ?name } } "
        "ORDER BY ?name"
    )
    result = mnpia("query", query, "--format", "json", store=store)
    assert result.returncode == 0, result.stderr
    return [row["name"] for row in json.loads(result.stdout)]


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the whole bundled corpus, ingested once for the module."""
    store = tmp_path_factory.mktemp("corpus") / "store"
    result = mnpia("ingest", CORPUS, store=store)
    assert result.returncode == 0, result.stderr
    return store


@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.name[:3])
def test_extract_prints_record_json_with_every_system(text: Path) -> None:
    result = mnpia("extract", text)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert records["source"]["id"] == text.name
    cover = {"kind", "org", "municipality", "number", "title", "published"}
    assert cover <= set(records["document"])
    expected = json.loads((REPO / "tests/data/expected" / f"{text.stem}.json").read_text("utf-8"))
    names = [system["name"] for system in records["systems"]]
    assert names == [system["name"] for system in expected["systems"]]
    for system in records["systems"]:
        assert isinstance(system["line"], int)
        assert system["line"] >= 1


def test_extract_of_a_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    result = mnpia("extract", tmp_path / "nothing.txt")
    assert result.returncode == 1
    assert "nothing.txt" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_ingest_summary_and_stats(corpus_store: Path) -> None:
    result = mnpia("stats", store=corpus_store)
    assert result.returncode == 0, result.stderr
    assert "5 documents" in result.stdout
    assert "国民年金に関する事務" in result.stdout
    assert sorted(document_files(corpus_store)) == [p.name for p in TEXTS]


def test_ingesting_twice_gives_the_same_triples(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert mnpia("ingest", CORPUS, store=store).returncode == 0
    first = count_triples(store)
    assert mnpia("ingest", CORPUS, store=store).returncode == 0
    assert count_triples(store) == first
    assert first > 500


def test_corpus_graph_conforms_to_the_shapes(corpus_store: Path) -> None:
    result = mnpia("validate", store=corpus_store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conform" in result.stdout


def test_a_national_system_named_by_two_assessments_is_one_node(corpus_store: Path) -> None:
    result = mnpia(
        "query", "shared_national_systems", "--param", "min_assessments=2", "--format", "json",
        store=corpus_store,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    shared = {row["system_label"]: int(row["assessments"]) for row in json.loads(result.stdout)}
    # 002 and 003 both name eLTAX (as システム5 / among システム2's connections).
    assert shared.get("eLTAX") == 2


def test_bad_inputs_fail_clearly_and_leave_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (folder / "memo.txt").write_text("買い物リスト: 卵、牛乳。\n", encoding="utf-8")
    good = folder / "good.txt"
    good.write_bytes(TEXTS[4].read_bytes())
    store = tmp_path / "store"
    result = mnpia("ingest", folder, store=store)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4, result.stderr
    for name, words in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("scan.txt", "PDF"),
        ("memo.txt", "not a 特定個人情報保護評価書"),
    ]:
        line = next(line for line in errors if name in line)
        assert words in line, line
    assert document_files(store) == ["good.txt"]


def test_explicit_bad_file_beside_a_good_one(tmp_path: Path) -> None:
    bad = tmp_path / "空のファイル.txt"
    bad.write_text("  \n", encoding="utf-8")
    store = tmp_path / "store"
    result = mnpia("ingest", TEXTS[2], bad, store=store)
    assert result.returncode == 1
    assert "空のファイル.txt" in result.stderr
    assert document_files(store) == [TEXTS[2].name]


def test_query_formats(corpus_store: Path) -> None:
    as_json = mnpia("query", "systems_of_assessment", "--format", "json", store=corpus_store)
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert {"assessment", "system_label", "system_no", "kind"} <= set(rows[0])
    as_csv = mnpia("query", "systems_of_assessment", "--format", "csv", store=corpus_store)
    assert as_csv.returncode == 0
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == len(rows)
    table = mnpia("query", "systems_of_assessment", store=corpus_store)
    assert f"{len(rows)} rows" in table.stdout
    listing = mnpia("query", "--list", store=corpus_store)
    assert "systems_of_assessment" in listing.stdout


def test_query_from_stdin_and_ask(corpus_store: Path) -> None:
    result = mnpia("query", "-", store=corpus_store, stdin="ASK { ?s ?p ?o }")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "true"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "SELECT ?s WHERE { ?s ?p "), "malformed SPARQL"),
        (("query", "DELETE WHERE { ?s ?p ?o }"), "malformed SPARQL"),
        (("query", "no_such_query_or_sparql", "--param", "a=b"), "--param"),
        (("query", "systems_of_assessment", "--param", "assessment=not an iri"), "IRI"),
        (("query", "systems_of_assessment", "--param", "nope=1"), "no parameter"),
        (("query", "systems_of_assessment", "--param", "assessment"), "NAME=VALUE"),
    ],
)
def test_query_usage_errors_exit_2(corpus_store: Path, args: tuple[str, ...], message: str) -> None:
    result = mnpia(*args, store=corpus_store)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr


def test_export_round_trips(corpus_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.trig"
    result = mnpia("export", "--format", "trig", "--out", out, store=corpus_store)
    assert result.returncode == 0, result.stderr
    dataset = rdflib.Dataset()
    dataset.parse(out, format="trig")
    quads = sum(1 for _ in dataset.quads((None, None, None, None)))
    assert quads == count_triples(corpus_store)
    nquads = mnpia("export", "--format", "nquads", store=corpus_store)
    assert len(nquads.stdout.splitlines()) == quads
    with_ontology = mnpia("export", "--format", "nquads", "--with-ontology", store=corpus_store)
    lines = with_ontology.stdout.splitlines()
    assert len(lines) > quads
    assert any(line.endswith(f"<{ONTOLOGY_GRAPH}> .") for line in lines)


def test_a_store_path_that_is_a_file_is_exit_4(tmp_path: Path) -> None:
    not_a_store = tmp_path / "file"
    not_a_store.write_text("x", encoding="utf-8")
    result = mnpia("stats", store=not_a_store)
    assert result.returncode == 4
    assert str(not_a_store) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_demo_ingests_the_corpus_and_answers(tmp_path: Path) -> None:
    store = tmp_path / "store"
    out = tmp_path / "out"
    result = mnpia("demo", "--out", out, store=store)
    assert result.returncode == 0, result.stderr
    assert "Systems of each assessment" in result.stdout
    assert "National systems shared across assessments" in result.stdout
    assert "eLTAX" in result.stdout
    assert (out / "mnpia.trig").stat().st_size > 0
    diagrams = sorted((out / "diagrams").glob("*.svg"))
    # Every assessment with 別添1 steps or records to draw has a diagram, listed in the output.
    assert len(diagrams) >= len(TEXTS)
    for diagram in diagrams:
        assert diagram.read_bytes().lstrip().startswith((b"<?xml", b"<svg"))
        assert str(diagram.name) in result.stdout
