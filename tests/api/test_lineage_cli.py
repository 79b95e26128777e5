"""``mnpia lineage``, ``impact``, ``path``, ``hubs`` and ``blast`` on the golden dataset.

The store is a real on-disk store holding tests/data/lineage/golden.trig (built by the helper of
tests/queries); the answers are the hand-made ones of the query tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "queries"))

from lineage_golden import (
    A1,
    A2,
    A3,
    ABC,
    CH,
    EL,
    F11,
    F21,
    F31,
    ITEM_19_8,
    JN,
    MA,
    MJ,
    MZ,
    NENKIN,
    SAKURA,
    YZ,
    build_golden_store,
)

from api.cli import EXIT_OK, EXIT_STORE, EXIT_USAGE, app

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_golden_store(tmp_path_factory.mktemp("lineage-cli") / "store")


def mnpia(store: Path, *args: str) -> Any:
    """Run the ``mnpia`` app in-process; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(
        app, ["--store", str(store), *args], env={"COLUMNS": "250", "NO_COLOR": "1"}
    )


def as_json(result: Any) -> Any:
    assert result.exit_code == EXIT_OK, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------------------------
# lineage
# ---------------------------------------------------------------------------------------------


def test_lineage_json_lists_nodes_within_depth_and_what_was_left_out(store: Path) -> None:
    answer = as_json(mnpia(store, "lineage", "住民記録システム", "--depth", "2", "-f", "json"))
    assert answer["start"]["node"] == MJ
    assert {n["node"]: n["hops"] for n in answer["nodes"]} == {MA: 1, JN: 1, CH: 2, MZ: 2}
    truncation = answer["truncation"]
    assert (truncation["truncated"], truncation["left_out"]) == (True, 1)
    assert truncation["left_out_by_hops"] == [[3, 1]]
    assert truncation["frontier"] == [MZ]
    assert all(
        {"source", "target", "kind", "assessment", "line"} <= set(e) for e in answer["edges"]
    )


def test_lineage_table_says_what_the_depth_cut(store: Path) -> None:
    result = mnpia(store, "lineage", "住民記録システム", "--direction", "up", "--depth", "1")
    assert result.exit_code == EXIT_OK, result.stderr
    assert "Upstream of 住民記録システム (local-system), within 1 hop" in result.stdout
    assert "住民基本台帳ファイル" in result.stdout
    assert "5 nodes; the depth left out 8 more (6 at 2 hops, 2 at 3 hops)" in result.stdout


def test_lineage_without_a_cut_says_so(store: Path) -> None:
    result = mnpia(store, "lineage", "住民記録システム", "--depth", "5")
    assert result.exit_code == EXIT_OK, result.stderr
    assert "5 nodes; nothing lies further" in result.stdout


def test_lineage_both_directions(store: Path) -> None:
    answer = as_json(
        mnpia(store, "lineage", "住民記録システム", "-d", "both", "-n", "1", "-f", "json")
    )
    sides = {n["node"]: n["direction"] for n in answer["nodes"]}
    assert sides[MA] == "down"
    assert sides[F11] == "up"


def test_an_ambiguous_entity_lists_the_candidates_and_exits_2(store: Path) -> None:
    result = mnpia(store, "lineage", "税務システム")
    assert result.exit_code == EXIT_USAGE
    assert "matches 2 entities" in result.stderr
    assert MZ in result.stderr
    assert YZ in result.stderr
    assert "[local-system; みなと市]" in result.stderr  # printed as it is, not as markup


def test_an_unknown_entity_is_a_clear_error_and_exits_2(store: Path) -> None:
    result = mnpia(store, "lineage", "存在しない会社")
    assert result.exit_code == EXIT_USAGE
    assert "error: no entity matches '存在しない会社'" in result.stderr


def test_a_qualified_name_resolves_the_ambiguity(store: Path) -> None:
    answer = as_json(mnpia(store, "lineage", "みなと市 税務システム", "-n", "1", "-f", "json"))
    assert answer["start"]["node"] == MZ


def test_a_missing_store_exits_4(tmp_path: Path) -> None:
    result = mnpia(tmp_path / "nowhere", "hubs")
    assert result.exit_code == EXIT_STORE


# ---------------------------------------------------------------------------------------------
# impact
# ---------------------------------------------------------------------------------------------


def test_impact_groups_flows_by_municipality(store: Path) -> None:
    answer = as_json(mnpia(store, "impact", "番号法19条8号", "--format", "json"))
    assert [p["iri"] for p in answer["provisions"]] == [ITEM_19_8]
    assert answer["flows"] == 6
    groups = {g["municipality"]: g for g in answer["municipalities"]}
    assert list(groups) == ["みなと市", "やまなみ町"]
    assert groups["みなと市"]["assessments"] == 2
    assert {f["assessment"] for f in groups["みなと市"]["flows"]} == {A1, A2}
    assert {f["assessment"] for f in groups["やまなみ町"]["flows"]} == {A3}


def test_impact_table(store: Path) -> None:
    result = mnpia(store, "impact", "番号法第19条第8号")
    assert result.exit_code == EXIT_OK, result.stderr
    assert "みなと市: 4 flows in 2 assessments" in result.stdout
    assert "やまなみ町: 2 flows in 1 assessment" in result.stdout
    assert "6 flows in 2 municipalities" in result.stdout


def test_impact_of_an_unreadable_provision_exits_2(store: Path) -> None:
    result = mnpia(store, "impact", "なにか")
    assert result.exit_code == EXIT_USAGE
    assert "cannot read 'なにか' as a legal provision" in result.stderr


# ---------------------------------------------------------------------------------------------
# path, hubs, blast
# ---------------------------------------------------------------------------------------------


def test_path_gives_the_legal_basis_of_each_hop(store: Path) -> None:
    answer = as_json(mnpia(store, "path", "国税庁", "日本年金機構", "-f", "json"))
    assert answer["connected"]
    assert answer["directed"]
    hops = answer["hops"]
    assert [h["target"] for h in hops][-1] == NENKIN
    assert hops[0]["bases"] == []
    assert hops[1]["bases"] == ["番号法第19条第8号 主務省令第2条の表49の項"]
    assert hops[1]["edges"][0]["kind"] == "provision"


def test_path_table_marks_hops_against_the_data(store: Path) -> None:
    result = mnpia(store, "path", "ABCシステムズ", "日本年金機構")
    assert result.exit_code == EXIT_OK, result.stderr
    assert "Path (against the data on ← hops)" in result.stdout
    assert "←" in result.stdout
    assert "→" in result.stdout


def test_hubs_rank_systems_and_list_single_points_of_failure(store: Path) -> None:
    answer = as_json(mnpia(store, "hubs", "--top", "3", "-f", "json"))
    assert [(h["node"], h["degree"]) for h in answer["hubs"]] == [(MJ, 7), (EL, 6), (MA, 6)]
    # Four cut vertices each cut off 2 nodes; the first 3 by label are listed.
    assert [c["node"] for c in answer["single_points_of_failure"]] == [ABC, F11, F31]


def test_hubs_table(store: Path) -> None:
    result = mnpia(store, "hubs", "--by", "betweenness", "--all")
    assert result.exit_code == EXIT_OK, result.stderr
    assert "Hubs by betweenness" in result.stdout
    assert "Single points of failure" in result.stdout


def test_blast_of_a_delegate(store: Path) -> None:
    answer = as_json(mnpia(store, "blast", "ＡＢＣシステムズ", "-f", "json"))
    assert answer["company"] == ABC
    assert answer["files"] == [F11, F21]
    assert answer["municipalities"] == ["みなと市"]
    assert answer["sub_delegate_labels"] == ["さくらソフト株式会社", "みらいデータサービス株式会社"]


def test_blast_table_of_a_sub_delegate(store: Path) -> None:
    result = mnpia(store, "blast", "さくらソフト")
    assert result.exit_code == EXIT_OK, result.stderr
    assert (
        "If さくらソフト株式会社 (sub-delegate) is breached, it touches 1 file in 1 assessment"
        in (result.stdout)
    )
    assert "ABCシステムズ株式会社" in result.stdout  # the delegate it works for
    assert SAKURA not in result.stderr


def test_blast_only_considers_delegates(store: Path) -> None:
    result = mnpia(store, "blast", "日本年金機構")
    assert result.exit_code == EXIT_USAGE
    assert "no entity matches" in result.stderr


# ---------------------------------------------------------------------------------------------
# Injection attempts through the command line
# ---------------------------------------------------------------------------------------------

HOSTILE = ['" } ; DROP ALL #', "}\nSERVICE <http://example.org/sparql> { ?s ?p ?o }", "# x"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_entity_names_and_provisions_are_rejected_cleanly(
    store: Path, hostile: str
) -> None:
    for command in (["lineage", hostile], ["path", hostile, "国税庁"], ["blast", hostile]):
        result = mnpia(store, *command)
        assert result.exit_code == EXIT_USAGE, (command, result.stdout)
        assert "no entity matches" in result.stderr or "matches" in result.stderr
    result = mnpia(store, "impact", hostile)
    assert result.exit_code == EXIT_USAGE
    assert "cannot read" in result.stderr


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_query_parameters_are_matched_literally_or_rejected(
    store: Path, hostile: str
) -> None:
    literal = mnpia(
        store, "query", "data_category_flows", "--param", f"category={hostile}", "-f", "json"
    )
    assert as_json(literal) == []
    rejected = mnpia(store, "query", "upstream_lineage", "--param", f"start={hostile}")
    assert rejected.exit_code == EXIT_USAGE
    assert "takes an absolute IRI" in rejected.stderr
    after = as_json(mnpia(store, "query", "lineage_edges", "-f", "json"))
    assert len(after) == 59  # the store is as it was


# ---------------------------------------------------------------------------------------------
# The installed command
# ---------------------------------------------------------------------------------------------


def test_the_mnpia_command_has_the_lineage_commands(store: Path) -> None:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("MNPIA_STORE", None)
    result = subprocess.run(
        [sys.executable, "-m", "api", "--store", str(store), "blast", "データ入力", "-f", "json"],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == EXIT_OK, result.stderr
    assert json.loads(result.stdout)["assessments"] == [A1, A3]
    help_text = subprocess.run(
        [sys.executable, "-m", "api", "--help"],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=300, check=False,
    ).stdout  # fmt: skip
    for command in ("lineage", "impact", "path", "hubs", "blast"):
        assert command in help_text
