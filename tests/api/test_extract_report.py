"""``mnpia extract --report`` and the totals of ``mnpia ingest``: the real command in a subprocess.

The figures asserted were checked by reading the corpus texts (line numbers below are raw lines).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
TAX = CORPUS / "002_cc86eefa057d2f96.txt"
"""つくば市 個人住民税: 委託の有無 ( 7) 件 (line 209) with 委託事項1–10 listed; 提供を行っている
( 65 ) 件 and 移転を行っている ( 27 ) 件 (line 364) with 提供先1–20 (13's heading is lost;
its rows are read) and 移転先1 listed."""
SCREENING = CORPUS / "004_2e642bc68f73afa2.txt"
"""千葉市 検診 (重点項目評価書): 委託の有無 (1) 件 (line 71) with 委託事項1; no Ⅲ 4 and Ⅲ 5."""


def mnpia(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m api`` (the ``mnpia`` command), 200 columns wide, without colour."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("MNPIA_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "api", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
        check=False,
    )


def cells(table: str, first: str) -> list[list[str]]:
    """The text lines of the table row that starts with ``first``, split into cells (the row
    and its continuation lines until the next rule)."""
    rows: list[list[str]] = []
    inside = False
    for line in table.splitlines():
        if not line.startswith("│"):
            if inside:
                break
            continue
        parts = [cell.strip() for cell in line.strip("│").split("│")]
        if parts[0] == first:
            inside = True
        if inside:
            rows.append(parts)
    return rows


def test_report_table_of_a_text_with_counts_that_disagree() -> None:
    result = mnpia("extract", TAX, "--report")
    assert result.returncode == 0, result.stderr
    table = result.stdout
    assert not table.lstrip().startswith("{")  # the table, not the records
    assert "002_cc86eefa057d2f96.txt: 全項目評価書, partial" in table
    file_rows = cells(table, "Ⅱ")
    assert file_rows[0][1] == "1 住民税賦課情報ファイル"
    found_declared = [(row[3], row[4]) for row in file_rows]
    assert found_declared == [
        ("1 特定個人情報ファイル", ""),
        ("10 委託事項", "7"),
        ("20 提供先", "65"),
        ("1 移転先", "27"),
    ]
    assert "COUNT_MISMATCH 3" in [row[5] for row in file_rows]
    basic = cells(table, "Ⅰ")
    assert "17 システム" in [row[3] for row in basic]
    assert "COUNT_MISMATCH 1" in [row[5] for row in basic]  # システム16~20 heads 16 and 17 only
    assert re.search(r"^\d+ records, \d+ issues$", table, re.MULTILINE)


def test_report_table_of_a_focused_assessment() -> None:
    result = mnpia("extract", SCREENING, "--report")
    assert result.returncode == 0, result.stderr
    assert [row[3:5] for row in cells(result.stdout, "Ⅱ")][1] == ["1 委託事項", "1"]
    (entrusting,) = cells(result.stdout, "Ⅲ 4")
    assert entrusting[1:] == ["委託", "", "0 リスク", "", "SECTION_MISSING 1"]
    assert cells(result.stdout, "別添1")[0][1] == "特定個人情報ファイル記録項目"


def test_report_as_json_and_records_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "records.json"
    result = mnpia("extract", TAX, "--report", "--format", "json", "--out", out)
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stderr
    report = json.loads(result.stdout)
    records = json.loads(out.read_text(encoding="utf-8"))
    assert records == json.loads(mnpia("extract", TAX).stdout)
    assert report["source"] == records["source"]["id"] == TAX.name
    assert sum(part["found"] for part in report["parts"]) == sum(report["records"].values())
    assert report["records"]["systems"] == len(records["systems"]) == 17
    assert sum(report["issues"].values()) == len(records["issues"])
    (file_part,) = (part for part in report["parts"] if part["form_ref"] == "Ⅱ")
    tallies = {t["family"]: (t["found"], t["declared"]) for t in file_part["tallies"]}
    assert tallies["delegations"] == (10, 7)
    assert tallies["provisions"] == (20, 65)
    assert tallies["transfers"] == (1, 27)
    assert file_part["issue_counts"]["COUNT_MISMATCH"] == 3


def test_records_to_a_file_without_report_print_nothing(tmp_path: Path) -> None:
    out = tmp_path / "records.json"
    result = mnpia("extract", SCREENING, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["document"]["number"] == "45"
    assert not list(tmp_path.glob("*.partial"))


def test_format_without_report_is_a_usage_error() -> None:
    result = mnpia("extract", SCREENING, "--format", "json")
    assert result.returncode == 2
    assert "--format is an option of --report" in result.stderr


def test_report_of_a_text_that_is_not_an_assessment(tmp_path: Path) -> None:
    memo = tmp_path / "memo.txt"
    memo.write_text("会議のメモ\n明日は晴れ。\n", encoding="utf-8")
    result = mnpia("extract", memo, "--report", "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["issues"] == {"SECTION_MISSING": 1}
    assert "not a 特定個人情報保護評価書" in result.stderr


def test_ingest_prints_totals_per_family_and_code(tmp_path: Path) -> None:
    result = mnpia("--store", tmp_path / "store", "ingest", TAX, SCREENING)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Records per family (2 documents)" in text
    assert "Issues per code" in text
    totals: dict[str, int] = {}
    alls: list[int] = []
    for line in text.splitlines():
        for name, count in re.findall(r"│ (\w+)\s+│(?: [^│]*│)? +(\d+) │", line):
            if name == "all":
                alls.append(int(count))
            totals[name] = int(count)
    # 委託事項: 10 in 002 and 1 in 004; 提供先 20 (002 only); システム 17 (004 has no Ⅰ 2).
    assert (totals["delegations"], totals["provisions"], totals["systems"]) == (11, 20, 17)
    # COUNT_MISMATCH: システム16~20, 委託 ( 7) 件, 提供 ( 65 ) 件, 移転 ( 27 ) 件 of 002.
    assert totals["COUNT_MISMATCH"] == 4
    summary = re.search(r"2/2 documents\s*│ 2 partial\s*│\s*│\s*(\d+) │\s*(\d+) │", text)
    assert summary is not None
    records, issues = map(int, summary.groups())
    assert sorted(alls) == sorted([records, issues])
    assert text.index("Records per family") > text.index("2/2 documents")
