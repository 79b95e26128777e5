"""``mnpia diagram``: files written, one-line errors and exit codes, nothing written on failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner
from viz_testdata import CORPUS

from api.cli import app
from graph.store import open_store

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")

WITH_STEPS = CORPUS / "001_36f852d2897e428a.txt"
WITHOUT_STEPS = CORPUS / "004_2e642bc68f73afa2.txt"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output  # standard output and error, as a user sees them


def test_flow_view_as_svg(tmp_path: Path) -> None:
    out = tmp_path / "flow.svg"
    code, output = run("diagram", WITH_STEPS, "--out", out)
    assert code == 0, output
    assert f"wrote {out}" in output
    svg = out.read_text(encoding="utf-8")
    assert "</svg>" in svg
    assert "日本年金機構" in svg


def test_dataflow_view_as_png_with_the_default_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("diagram", WITHOUT_STEPS, "--view", "dataflow", "--format", "png")
    assert code == 0, output
    data = (tmp_path / f"{WITHOUT_STEPS.stem}-dataflow.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")


def test_dot_format(tmp_path: Path) -> None:
    out = tmp_path / "v.dot"
    code, _ = run("diagram", WITH_STEPS, "-f", "dot", "-o", out)
    assert code == 0
    assert out.read_text(encoding="utf-8").startswith('digraph "flow/')


def test_lineage_view(tmp_path: Path) -> None:
    out = tmp_path / "lineage.pdf"
    code, output = run(
        "diagram",
        WITH_STEPS,
        "--view",
        "lineage",
        "--entity",
        "日本年金機構",
        "--depth",
        "1",
        "--format",
        "pdf",
        "--out",
        out,
    )
    assert code == 0, output
    assert out.read_bytes().startswith(b"%PDF-")


def test_no_steps_is_a_clear_error_and_no_file(tmp_path: Path) -> None:
    out = tmp_path / "flow.svg"
    code, output = run("diagram", WITHOUT_STEPS, "--out", out)
    assert code == 1
    assert "has no 別添1 flow steps" in output
    assert len(output.strip().splitlines()) == 1
    assert not out.exists()


def test_unknown_entity(tmp_path: Path) -> None:
    out = tmp_path / "l.svg"
    code, output = run(
        "diagram", WITH_STEPS, "--view", "lineage", "--entity", "架空の機関", "--out", out
    )
    assert code == 1
    assert "no entity named '架空の機関'" in output
    assert not out.exists()


def test_unknown_assessment(tmp_path: Path) -> None:
    code, output = run("diagram", tmp_path / "missing.txt", "--out", tmp_path / "x.svg")
    assert code == 1
    assert "no such file" in output


def test_not_an_assessment(tmp_path: Path) -> None:
    memo = tmp_path / "memo.txt"
    memo.write_text("買い物: 卵、牛乳\n", encoding="utf-8")
    code, output = run("diagram", memo, "--out", tmp_path / "x.svg")
    assert code == 1
    assert "not a 特定個人情報保護評価書" in output
    assert not (tmp_path / "x.svg").exists()


def test_unknown_assessment_iri(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with open_store(store):
        pass
    code, output = run(
        "--store",
        store,
        "diagram",
        "https://w3id.org/mnpia/id/assessment/none",
        "--view",
        "lineage",
        "--entity",
        "x",
        "--out",
        tmp_path / "x.svg",
    )
    assert code == 1
    assert "no such assessment in the store" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--view", "lineage"), "needs --entity"),
        (("--entity", "日本年金機構"), "only for the lineage view"),
    ],
)
def test_usage_errors(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    code, output = run("diagram", WITH_STEPS, *args, "--out", tmp_path / "x.svg")
    assert code == 2
    assert message in output


def test_lineage_of_an_assessment_in_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, output = run("--store", store, "ingest", WITH_STEPS)
    assert code == 0, output
    with open_store(store, read_only=True) as opened:
        (document,) = opened.documents()
    out = tmp_path / "lineage.dot"
    code, output = run(
        "--store",
        store,
        "diagram",
        str(document.assessment),
        "--view",
        "lineage",
        "--entity",
        "日本年金機構",
        "--format",
        "dot",
        "--out",
        out,
    )
    assert code == 0, output
    source = out.read_text(encoding="utf-8")
    assert "系譜: 日本年金機構" in source
    assert "penwidth=3" in source  # the focus
    code, output = run("--store", store, "diagram", str(document.assessment), "--out", out)
    assert code == 2
    assert "drawn from the assessment's text file" in output
