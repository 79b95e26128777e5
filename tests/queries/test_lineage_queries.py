"""Every named lineage query against the hand-made golden dataset (tests/data/lineage/).

The expected answers were worked out by hand from golden.trig; README.md next to it draws the
graph. Cells that GROUP_CONCAT several values are compared as sets, since their order is not
defined by SPARQL.
"""

from __future__ import annotations

import pytest
from lineage_golden import (
    A1,
    A2,
    A3,
    ABC,
    BANGO,
    CH,
    DATA,
    DATA_SUBJECT,
    EL,
    F11,
    F21,
    F31,
    FUKUSHI,
    INTERNAL_DEPT,
    ITEM_19_8,
    JLIS,
    JN,
    KOKUZEI,
    MA,
    MIRAI,
    MJ,
    MZ,
    NENKIN,
    P1,
    P2,
    PREF,
    ROW_48,
    ROW_49,
    S11,
    S12,
    S21,
    SAKURA,
    SHIMINZEI,
    YA,
    YZ,
)

from graph.store import Store
from queries import QueryTable, run_query


def column(table: QueryTable, name: str) -> list[str | None]:
    """One column of a table, in row order."""
    i = table.columns.index(name)
    return [row[i] for row in table.rows]


def pairs(table: QueryTable, *names: str) -> set[tuple[str | None, ...]]:
    """The given columns of every row, as a set of tuples."""
    return {tuple(record[n] for n in names) for record in table.records()}


def parts(cell: str | None, separator: str) -> set[str]:
    """A GROUP_CONCAT cell as a set."""
    return {p for p in (cell or "").split(separator) if p}


# ---------------------------------------------------------------------------------------------
# systems_of_assessment and shared_national_systems (existing queries, on the golden data)
# ---------------------------------------------------------------------------------------------


def test_systems_of_assessment_lists_the_systems_of_one_assessment(golden_store: Store) -> None:
    table = run_query(golden_store, "systems_of_assessment", {"assessment": A2})
    assert pairs(table, "system_no", "system") == {("1", MZ), ("2", MA), ("3", EL), ("4", CH)}
    # 統合宛名システム connects to 税務システム and 中間サーバー in A2 (only to 中間サーバー in A1).
    record = next(r for r in table.records() if r["system"] == MA)
    assert parts(record["connects_to"], ", ") == {"税務システム", "中間サーバー・プラットフォーム"}


def test_shared_national_systems_counts_assessments_and_municipalities(
    golden_store: Store,
) -> None:
    table = run_query(golden_store, "shared_national_systems")
    # 中間サーバー: A1, A2, A3 (みなと市, やまなみ町); eLTAX: A2, A3; 住基ネット: A1 only.
    assert pairs(table, "system", "assessments", "municipalities") == {
        (CH, "3", "2"),
        (EL, "2", "2"),
        (JN, "1", "1"),
    }
    shared = run_query(golden_store, "shared_national_systems", {"min_assessments": "2"})
    assert column(shared, "system") == [CH, EL]


# ---------------------------------------------------------------------------------------------
# upstream_lineage and downstream_lineage: depth on a graph with cycles
# ---------------------------------------------------------------------------------------------

# 住民記録システム → 統合宛名システム → 税務システム → 住民記録システム is a cycle of connections
# (A1 states the first link, A2 the other two); 住民基本台帳ファイル ⇄ 地方公共団体情報システム機構
# is another (inbound and provision).
DOWN_FROM_MJ = {MA: 1, JN: 1, CH: 2, MZ: 2, EL: 3}
UP_TO_MJ = {
    P1: 1,
    F11: 1,
    MZ: 1,
    S11: 1,
    S12: 1,
    DATA_SUBJECT: 2,
    JLIS: 2,
    P2: 2,
    F21: 2,
    MA: 2,
    S21: 2,
    KOKUZEI: 3,
    INTERNAL_DEPT: 3,
}
DOWN_FROM_F11 = {
    MJ: 1,
    ABC: 1,
    DATA: 1,
    NENKIN: 1,
    JLIS: 1,
    SHIMINZEI: 1,
    MA: 2,
    JN: 2,
    MIRAI: 2,
    SAKURA: 2,
    CH: 3,
    MZ: 3,
    EL: 4,
}


def hops(table: QueryTable) -> dict[str, int]:
    return {r["node"] or "": int(r["hops"] or 0) for r in table.records()}


@pytest.mark.parametrize("depth", [1, 2, 3, 4, 5, 6])
def test_downstream_lineage_returns_exactly_the_nodes_within_depth_on_a_cycle(
    golden_store: Store, depth: int
) -> None:
    table = run_query(golden_store, "downstream_lineage", {"start": MJ, "depth": str(depth)})
    expected = {node: h for node, h in DOWN_FROM_MJ.items() if h <= depth}
    assert hops(table) == expected
    assert MJ not in hops(table)  # the cycle leads back to the start, which is not listed


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
def test_upstream_lineage_returns_exactly_the_nodes_within_depth(
    golden_store: Store, depth: int
) -> None:
    table = run_query(golden_store, "upstream_lineage", {"start": MJ, "depth": str(depth)})
    assert hops(table) == {node: h for node, h in UP_TO_MJ.items() if h <= depth}


def test_downstream_lineage_of_a_file_reaches_systems_delegates_and_recipients(
    golden_store: Store,
) -> None:
    table = run_query(golden_store, "downstream_lineage", {"start": F11, "depth": "6"})
    assert hops(table) == DOWN_FROM_F11
    kinds = {r["node"]: r["kind"] for r in table.records()}
    assert kinds[ABC] == "delegate"
    assert kinds[MIRAI] == "sub-delegate"
    assert kinds[SHIMINZEI] == "department"
    assert kinds[CH] == "national-system"


def test_lineage_depth_defaults_to_three(golden_store: Store) -> None:
    table = run_query(golden_store, "downstream_lineage", {"start": F11})
    assert hops(table) == {node: h for node, h in DOWN_FROM_F11.items() if h <= 3}


def test_lineage_labels_come_from_the_vocabulary_when_the_graph_has_none(
    golden_store: Store,
) -> None:
    table = run_query(golden_store, "upstream_lineage", {"start": F11, "depth": "1"})
    labels = {r["node"]: r["label"] for r in table.records()}
    assert labels[DATA_SUBJECT] == "本人又は本人の代理人"


# ---------------------------------------------------------------------------------------------
# file_recipients
# ---------------------------------------------------------------------------------------------


def test_file_recipients_give_basis_purpose_information_and_method(golden_store: Store) -> None:
    table = run_query(golden_store, "file_recipients", {"file": F11})
    records = {r["recipient"]: r for r in table.records()}
    assert set(records) == {NENKIN, JLIS, SHIMINZEI}
    nenkin = records[NENKIN]
    assert nenkin["kind"] == "provision"
    assert nenkin["basis"] == "番号法第19条第8号 主務省令第2条の表48の項"
    assert parts(nenkin["cites"], " ") == {ITEM_19_8, ROW_48}
    assert nenkin["purpose"] == "国民年金の資格管理"
    assert nenkin["information"] == "住民票関係情報（基本4情報）"
    assert nenkin["methods"] == "情報提供ネットワークシステム"
    assert nenkin["via"] == "情報提供ネットワークシステム"
    assert records[JLIS]["basis"] == "住民基本台帳法第30条の6"
    assert records[JLIS]["methods"] == "専用線"
    transfer = records[SHIMINZEI]
    assert (transfer["kind"], transfer["recipient_label"]) == ("transfer", "市民税課")
    assert not transfer["basis"]
    assert transfer["methods"] == "庁内連携システム"


def test_file_recipients_of_every_file(golden_store: Store) -> None:
    table = run_query(golden_store, "file_recipients")
    assert len(table.rows) == 7  # A1: 3, A2: 2, A3: 2
    record = next(r for r in table.records() if r["recipient"] == PREF)
    assert record["basis"] == "政令第5条"  # a basis as written that cites no known law
    assert not record["cites"]


# ---------------------------------------------------------------------------------------------
# legal_basis_impact
# ---------------------------------------------------------------------------------------------


def impact(store: Store, provision: str) -> set[tuple[str | None, ...]]:
    return pairs(
        run_query(store, "legal_basis_impact", {"provision": provision}),
        "municipality",
        "assessment",
        "kind",
        "counterpart",
    )


def test_impact_of_an_item_finds_flows_and_linkage_bases(golden_store: Store) -> None:
    assert impact(golden_store, ITEM_19_8) == {
        ("みなと市", A1, "linkage (Ⅰ 6)", ""),
        ("みなと市", A1, "provision", "日本年金機構"),
        ("みなと市", A2, "linkage (Ⅰ 6)", ""),
        ("みなと市", A2, "provision", "日本年金機構"),
        ("やまなみ町", A3, "linkage (Ⅰ 6)", ""),
        ("やまなみ町", A3, "provision", "日本年金機構"),
    }


def test_impact_of_an_article_includes_its_items(golden_store: Store) -> None:
    assert impact(golden_store, BANGO + "/article/19") == impact(golden_store, ITEM_19_8)


def test_impact_of_a_table_row_is_that_row_only(golden_store: Store) -> None:
    assert impact(golden_store, ROW_49) == {
        ("みなと市", A2, "provision", "日本年金機構"),
        ("やまなみ町", A3, "provision", "日本年金機構"),
    }
    assert impact(golden_store, ROW_48) == {("みなと市", A1, "provision", "日本年金機構")}


def test_impact_of_a_law_covers_every_citation_of_it(golden_store: Store) -> None:
    found = impact(golden_store, BANGO)
    # Per assessment: the linkage basis, the number-use basis and every flow citing 番号法.
    assert len(found) == 10
    assert ("やまなみ町", A3, "transfer", "福祉課") in found
    assert not any(row[3] == "地方公共団体情報システム機構" for row in found)  # 住基法 only


def test_impact_rows_are_grouped_by_municipality(golden_store: Store) -> None:
    table = run_query(golden_store, "legal_basis_impact", {"provision": BANGO})
    municipalities = column(table, "municipality")
    assert municipalities == sorted(municipalities, key=["みなと市", "やまなみ町"].index)


def test_impact_of_an_uncited_provision_is_empty(golden_store: Store) -> None:
    assert impact(golden_store, BANGO + "/article/2") == set()


# ---------------------------------------------------------------------------------------------
# flows_without_legal_basis, delegation_chains
# ---------------------------------------------------------------------------------------------


def test_flows_without_legal_basis_find_missing_and_unparsed_bases(golden_store: Store) -> None:
    table = run_query(golden_store, "flows_without_legal_basis")
    assert pairs(table, "kind", "recipient_label", "basis_as_written") == {
        ("transfer", "市民税課", None),
        ("provision", "都道府県知事", "政令第5条"),
    }
    assert run_query(golden_store, "flows_without_legal_basis", {"assessment": A3}).rows == ()


def test_delegation_chains_list_every_sub_delegation(golden_store: Store) -> None:
    table = run_query(golden_store, "delegation_chains")
    assert pairs(table, "delegate_label", "subdelegate_label", "sub_content") == {
        ("ABCシステムズ株式会社", "みらいデータサービス株式会社", "運用保守の一部（障害対応）"),
        ("ABCシステムズ株式会社", "さくらソフト株式会社", "プログラム改修"),
        ("株式会社データ入力センター", "(not named)", "データ入力の一部"),
    }


def test_delegation_chains_of_one_company(golden_store: Store) -> None:
    as_sub = run_query(golden_store, "delegation_chains", {"company": SAKURA})
    assert column(as_sub, "file_label") == ["個人住民税ファイル"]
    as_delegate = run_query(golden_store, "delegation_chains", {"company": ABC})
    assert len(as_delegate.rows) == 2


# ---------------------------------------------------------------------------------------------
# unresolved_risks, change_history
# ---------------------------------------------------------------------------------------------


def test_unresolved_risks_exclude_sufficient_and_group_measures_by_platform(
    golden_store: Store,
) -> None:
    table = run_query(golden_store, "unresolved_risks")
    leak = "特定個人情報の漏えい・滅失・毀損リスク"
    remains, effort = "課題が残されている", "特に力を入れている"
    assert pairs(table, "municipality", "risk", "rating", "platform") == {
        ("みなと市", leak, remains, "(no platform)"),
        ("みなと市", leak, remains, "中間サーバー・プラットフォーム"),
        ("みなと市", "委託先における不正な使用のリスク", remains, "(no platform)"),
        ("みなと市", "不正な提供が行われるリスク", effort, "情報提供ネットワークシステム"),
        ("やまなみ町", leak, remains, "ガバメントクラウド"),
        ("やまなみ町", leak, remains, "中間サーバー・プラットフォーム"),
    }
    assert column(table, "rating")[-1] == "特に力を入れている"  # 課題が残されている first
    record = next(r for r in table.records() if r["platform"] == "ガバメントクラウド")
    assert record["measures"] == "ガバメントクラウド運用管理補助者が不正アクセスを監視する"


def test_change_history_is_ordered_by_date_with_undated_rows_last(golden_store: Store) -> None:
    table = run_query(golden_store, "change_history", {"assessment": A3})
    assert column(table, "date") == ["2023-10-01", "2023-10-01", None]
    assert column(table, "date_text")[-1] == "令和5年度"
    assert column(table, "item") == ["Ⅱ 6 保管場所", "Ⅰ 2 システム2", "Ⅱ 4 委託事項1"]
    everything = run_query(golden_store, "change_history")
    assert len(everything.rows) == 6


# ---------------------------------------------------------------------------------------------
# data_category_flows
# ---------------------------------------------------------------------------------------------


def test_data_category_flows_find_provisions_steps_and_data_items(golden_store: Store) -> None:
    table = run_query(golden_store, "data_category_flows", {"category": "地方税関係情報"})
    assert pairs(table, "municipality", "found_in", "node") == {
        ("みなと市", "data item", F21 + "/item/2"),
        ("みなと市", "flow step", S21),
        ("みなと市", "provision", F21 + "/provision/1"),
        ("みなと市", "provision", F21 + "/provision/2"),
        ("やまなみ町", "data item", F31 + "/item/2"),
        ("やまなみ町", "provision", F31 + "/provision/1"),
        ("やまなみ町", "transfer", F31 + "/transfer/1"),
    }
    step = next(r for r in table.records() if r["node"] == S21)
    assert parts(step["counterpart"], ", ") == {"税務システム", "eLTAX"}
    transfer = next(r for r in table.records() if r["found_in"] == "transfer")
    assert (transfer["counterpart"], transfer["basis"]) == ("福祉課", "番号法第9条第2項")


def test_data_category_matches_a_part_of_the_name_ignoring_ascii_case(
    golden_store: Store,
) -> None:
    table = run_query(golden_store, "data_category_flows", {"category": "基本4情報"})
    found = {(r["found_in"], frozenset(parts(r["counterpart"], ", "))) for r in table.records()}
    assert found == {
        ("data item", frozenset()),
        ("flow step", frozenset({"住民記録システム", "統合宛名システム"})),
        ("provision", frozenset({"日本年金機構"})),
        ("provision", frozenset({"地方公共団体情報システム機構"})),
    }
    assert S12 in column(table, "node")
    eltax = run_query(golden_store, "data_category_flows", {"category": "ELTAX"})
    assert eltax.rows == ()  # no data category mentions eLTAX (a system, not data)


# ---------------------------------------------------------------------------------------------
# assessment_differences
# ---------------------------------------------------------------------------------------------


def test_assessment_differences_between_two_municipalities(golden_store: Store) -> None:
    table = run_query(golden_store, "assessment_differences", {"a": A2, "b": A3})
    assert pairs(table, "aspect", "change", "item") == {
        ("system", "removed", MZ),
        ("system", "removed", MA),
        ("system", "added", YZ),
        ("system", "added", YA),
        ("delegate", "removed", ABC),
        ("delegate", "added", DATA),
        ("sub-delegate", "removed", SAKURA),
        ("recipient", "removed", PREF),
        ("recipient", "added", FUKUSHI),
        ("legal basis", "added", BANGO + "/article/9/paragraph/2"),
    }


def test_assessment_differences_are_symmetric(golden_store: Store) -> None:
    forward = run_query(golden_store, "assessment_differences", {"a": A2, "b": A3})
    backward = run_query(golden_store, "assessment_differences", {"a": A3, "b": A2})
    flip = {"added": "removed", "removed": "added"}
    assert {(a, flip[c], i) for a, c, i in pairs(forward, "aspect", "change", "item")} == pairs(
        backward, "aspect", "change", "item"
    )


def test_an_assessment_does_not_differ_from_itself(golden_store: Store) -> None:
    assert run_query(golden_store, "assessment_differences", {"a": A1, "b": A1}).rows == ()


# ---------------------------------------------------------------------------------------------
# lineage_nodes and lineage_edges (what the projection reads)
# ---------------------------------------------------------------------------------------------


def test_lineage_edges_count_every_statement(golden_store: Store) -> None:
    table = run_query(golden_store, "lineage_edges")
    counts: dict[str, int] = {}
    for kind in column(table, "kind"):
        counts[kind or ""] = counts.get(kind or "", 0) + 1
    assert counts == {
        "uses": 12,
        "has-file": 3,
        "storage": 3,
        "connection": 10,
        "inbound": 6,
        "provision": 5,
        "transfer": 2,
        "delegation": 4,
        "sub-delegation": 2,
        "has-step": 4,
        "actor": 8,
    }
    only = run_query(golden_store, "lineage_edges", {"kind": "sub-delegation"})
    assert pairs(only, "source", "target") == {(ABC, MIRAI), (ABC, SAKURA)}


def test_lineage_edges_carry_provenance(golden_store: Store) -> None:
    table = run_query(golden_store, "lineage_edges", {"kind": "provision"})
    record = next(r for r in table.records() if r["fact"] == F21 + "/provision/1")
    assert (record["source"], record["target"], record["assessment"]) == (F21, NENKIN, A2)
    assert record["line"] == "160"


def test_lineage_nodes_describe_every_node(golden_store: Store) -> None:
    table = run_query(golden_store, "lineage_nodes")
    assert len(table.rows) == 31
    chukan = next(r for r in table.records() if r["node"] == CH)
    assert parts(chukan["assessments"], " ") == {A1, A2, A3}
    assert parts(chukan["municipalities"], " | ") == {"みなと市", "やまなみ町"}
    assert "中間サーバー" in parts(chukan["alt_labels"], " | ")
