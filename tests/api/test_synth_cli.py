"""``mnpia synth`` and ``mnpia accuracy``, run in-process through the real app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from api.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, app


def mnpia(*args: str | Path) -> Any:
    """Run the ``mnpia`` app in-process; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(
        app, [str(arg) for arg in args], env={"COLUMNS": "200", "NO_COLOR": "1"}
    )


def test_synth_then_accuracy_on_clean_texts(tmp_path: Path) -> None:
    folder = tmp_path / "clean"
    made = mnpia("synth", folder, "--count", "4", "--seed", "3", "--damage", "none")
    assert made.exit_code == EXIT_OK, made.stderr
    assert "wrote 4 assessments" in made.stdout
    assert "encodings: utf-8 4" in made.stdout
    assert len(list(folder.glob("synthetic-*.txt"))) == 4
    assert len((folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()) == 4

    measured = mnpia("accuracy", folder, "--format", "json")
    assert measured.exit_code == EXIT_OK, measured.stderr
    report = json.loads(measured.stdout)
    assert report["documents"] == report["exact_documents"] == 4
    assert report["errors"] == []
    for family in report["families"]:
        assert family["precision"] == family["recall"] == family["field_accuracy"] == 1.0

    table = mnpia("accuracy", folder, "--limit", "2")
    assert table.exit_code == EXIT_OK, table.stderr
    assert "documents: 2, every record and field right: 2 (100.0%)" in table.stdout
    assert "systems" in table.stdout


def test_synth_is_reproducible_and_damaged_corpora_are_measured(tmp_path: Path) -> None:
    for name in ("a", "b"):
        done = mnpia("synth", tmp_path / name, "-n", "3", "--seed", "9", "--encoding", "cp932")
        assert done.exit_code == EXIT_OK, done.stderr
        assert "damage applied:" in done.stdout
    for text in sorted((tmp_path / "a").glob("*.txt")):
        assert text.read_bytes() == (tmp_path / "b" / text.name).read_bytes()
    measured = mnpia("accuracy", tmp_path / "a", "--jobs", "2", "--format", "json")
    assert measured.exit_code == EXIT_OK, measured.stderr
    report = json.loads(measured.stdout)
    assert report["documents"] == 3
    assert all(family["f1"] > 0.5 for family in report["families"])


def test_bad_options_and_missing_manifest_are_errors(tmp_path: Path) -> None:
    bad = mnpia("synth", tmp_path / "x", "--encoding", "latin-1")
    assert bad.exit_code == EXIT_USAGE
    assert "--encoding must be one of" in bad.stderr
    assert not (tmp_path / "x").exists()
    missing = mnpia("accuracy", tmp_path)
    assert missing.exit_code == EXIT_INPUT
    assert "no manifest.jsonl" in missing.stderr
    damage = mnpia("synth", tmp_path / "y", "--damage", "worst")
    assert damage.exit_code == EXIT_USAGE
