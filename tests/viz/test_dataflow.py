"""The data-flow view from hand-made records: every system, contractor and recipient drawn."""

from __future__ import annotations

from dataclasses import replace

import pytest
from viz_testdata import empty_result, tax_records_result

from ingest.records import Provision, Requester
from viz.actor import Group, NodeKind
from viz.dataflow import records_to_diagram, records_to_dot, records_to_networkx
from viz.errors import EmptyViewError


def _edges(kind: str) -> list[tuple[str, str, str]]:
    graph = records_to_networkx(tax_records_result())
    return sorted(
        (graph.nodes[a]["label"], graph.nodes[b]["label"], " ".join(data.get("basis", [])))
        for a, b, data in graph.edges(data=True)
        if data["kind"] == kind
    )


def test_every_system_is_a_node() -> None:
    diagram = records_to_diagram(tax_records_result())
    labels = {n.label: n for n in diagram.nodes}
    for name in ("住民税システム", "統合宛名システム", "eLTAX", "国税連携システム"):
        assert name in labels
    assert labels["中間サーバー・プラットフォーム"].kind is NodeKind.NATIONAL_SYSTEM
    assert labels["住民税システム"].cluster is Group.MUNICIPALITY


def test_sources_feed_the_file() -> None:
    assert sorted(tail for tail, _, _ in _edges("inbound")) == sorted(
        ["地方公共団体・地方独立行政法人", "国税庁", "市民課", "本人又は本人の代理人", "給与支払者"]
    )


def test_delegates_and_sub_delegates() -> None:
    assert [head for _, head, _ in _edges("delegation")] == [
        "(株)パンチデータ",
        "株式会社サンプル計算センター",
        "納税通知書の印刷・封入封緘 の委託先",
    ]
    assert [(tail, head) for tail, head, _ in _edges("sub-delegation")] == [
        ("株式会社サンプル計算センター", "サンプルソフト株式会社"),
        ("納税通知書の印刷・封入封緘 の委託先", "再委託先"),
    ]


def test_outbound_edges_carry_the_legal_basis_in_short_form() -> None:
    assert _edges("provision") == [
        ("個人住民税ファイル", "市町村長", "番号法19条8号 表5項"),
        ("個人住民税ファイル", "日本年金機構", "番号法19条8号 表48項"),
        ("個人住民税ファイル", "税務署長", "地方税法294条3項"),
        ("個人住民税ファイル", "都道府県知事", "番号法19条8号 表1,2…7(5)項"),
    ]
    assert _edges("transfer") == [
        ("個人住民税ファイル", "介護保険課", "番号法9条1項 別表68項"),
        ("個人住民税ファイル", "国民健康保険課", "番号法9条1項 別表44項"),
    ]
    source = records_to_dot(tax_records_result()).source
    assert 'label="番号法19条8号 表48項"' in source


def test_transfer_recipients_stay_inside_the_box() -> None:
    diagram = records_to_diagram(tax_records_result())
    assert {n.label: n.cluster for n in diagram.nodes}["国民健康保険課"] is Group.MUNICIPALITY


def test_connections_and_storage() -> None:
    assert [(a, b) for a, b, _ in _edges("connection")] == [
        ("中間サーバー・プラットフォーム", "情報提供ネットワークシステム"),
        ("住民税システム", "統合宛名システム"),
    ]
    assert [b for _, b, _ in _edges("storage")] == ["サーバ室", "中間サーバー・プラットフォーム"]


def test_annex_rows_and_requesters_without_a_file_hang_from_the_process() -> None:
    result = replace(
        empty_result(),
        annex_provisions=(
            Provision(
                no=1,
                recipient="厚生労働大臣",
                basis_text="提供省令第2条の表の第1項",
                direction="提供",
                line=3,
            ),
            Provision(
                no=2,
                recipient="○○市長",
                basis_text="提供省令第2条の表の第2項",
                direction="提供",
                line=4,
            ),
            Provision(
                no=3,
                recipient="保健福祉課",
                basis_text="提供省令第2条の表の第3項",
                direction="移転",
                line=5,
            ),
        ),
        requesters=(Requester(name="市長", basis_text="条例第2条", line=9),),
    )
    diagram = records_to_diagram(result)
    kinds = {diagram.node(e.head).label: e.kind for e in diagram.edges}
    assert kinds == {
        "厚生労働大臣": "provision",
        "○○市長": "provision",
        "保健福祉課": "transfer",
        "市長": "provision",
    }
    # A flow to the body itself goes to a node of its own inside the box, not to a loop.
    assert all(e.tail == "process" and e.head != "process" for e in diagram.edges)
    assert {n.label: n.cluster for n in diagram.nodes}["○○市長"] is Group.MUNICIPALITY


def test_many_recipients_are_capped_with_a_note() -> None:
    provisions = tuple(
        Provision(no=i, recipient=f"第{i}機構", basis_text=f"番号法第19条第{i}号", line=i)
        for i in range(1, 41)
    )
    result = tax_records_result()
    result = replace(result, files=(replace(result.files[0], provisions=provisions),))
    diagram = records_to_diagram(result, per_cluster=20)
    agencies = [n for n in diagram.nodes if n.cluster is Group.AGENCY]
    assert len(agencies) == 20
    assert any(n.kind is NodeKind.NOTE and n.label.startswith("ほか") for n in agencies)


def test_records_without_anything_to_draw() -> None:
    with pytest.raises(EmptyViewError, match="空の評価書"):
        records_to_diagram(empty_result())


def test_dot_is_deterministic() -> None:
    assert (
        records_to_dot(tax_records_result()).source == records_to_dot(tax_records_result()).source
    )
