"""The 別添1 flow view from hand-made steps (viz_testdata): the right arrows, styles, captions."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from viz_testdata import collection_result, pension_result

from ingest.records import FlowStep
from viz.actor import Group, NodeKind
from viz.diagram import Diagram
from viz.errors import EmptyViewError
from viz.flow import (
    FlowContext,
    Role,
    actor_roles,
    carries_specific_information,
    flow_steps_to_diagram,
    flow_steps_to_dot,
    result_to_flow_context,
    step_arrows,
    step_label,
)


def _arrows(diagram: Diagram) -> list[tuple[str, str, str]]:
    """(tail label, head label, circled number) of every arrow, in order."""
    return [
        (diagram.node(e.tail).label, diagram.node(e.head).label, e.label.split(" ")[0])
        for e in diagram.edges
    ]


def _pension() -> Diagram:
    result = pension_result()
    return flow_steps_to_diagram(result.flow_steps, context=result_to_flow_context(result))


def _collection() -> Diagram:
    result = collection_result()
    return flow_steps_to_diagram(result.flow_steps, context=result_to_flow_context(result))


def test_pension_steps_run_between_the_right_actors() -> None:
    assert _arrows(_pension()) == [
        ("被保険者", "健康保険課", "①"),
        ("被保険者", "健康保険課", "②"),
        ("被保険者", "健康保険課", "③"),
        ("受給者", "健康保険課", "④"),
        ("健康保険課", "日本年金機構", "⑤"),
        ("日本年金機構", "本人", "⑥"),
        ("日本年金機構", "健康保険課", "⑦"),
        ("日本年金機構", "年金相談用可搬型窓口装置", "⑧"),
    ]


def test_collection_steps_run_between_the_right_actors() -> None:
    assert _arrows(_collection()) == [
        ("個人市民税システム", "事務担当部署", "①"),
        ("事務担当部署", "マルチペイメントネットワーク", "②"),
        ("事務担当部署", "地方税共通納税システム", "②"),
        ("収納消込業務受託者", "収納システム", "③"),
        ("住民", "収納消込業務受託者", "③"),
        ("特別徴収事業所", "収納消込業務受託者", "③"),
        ("事務担当部署", "金融機関", "④"),
        ("金融機関", "住民", "④"),
        ("事務担当部署", "住民", "⑤"),
        ("事務担当部署", "帳票加工委託業者", "⑥"),
        ("事務担当部署", "住民", "⑥"),
        ("事務担当部署", "業務共通システム", "⑦"),
        ("業務共通システム", "滞納管理システム", "⑦"),
    ]


def test_every_step_has_an_arrow() -> None:
    for diagram, count in ((_pension(), 8), (_collection(), 7)):
        numbers = {e.order[0] for e in diagram.edges}
        assert numbers == set(range(1, count + 1))


def test_actors_are_placed_in_the_clusters_of_the_original() -> None:
    diagram = _pension()
    cluster = {n.label: n.cluster for n in diagram.nodes}
    assert cluster["健康保険課"] is Group.MUNICIPALITY
    assert cluster["年金相談用可搬型窓口装置"] is Group.MUNICIPALITY
    assert cluster["日本年金機構"] is Group.AGENCY
    assert cluster["被保険者"] is Group.PEOPLE
    assert dict(diagram.cluster_labels)[Group.MUNICIPALITY] == "千葉市"
    collection = {n.label: n.cluster for n in _collection().nodes}
    assert collection["収納消込業務受託者"] is Group.DELEGATE
    assert collection["マルチペイメントネットワーク"] is Group.NATIONAL


def test_the_first_arrow_of_a_step_names_its_data() -> None:
    labels = [e.label for e in _collection().edges if e.order[0] == 2]
    assert labels == ["② 納付用情報", "②"]


def test_caption_has_title_and_date() -> None:
    assert (
        _pension().caption
        == "国民年金に関する事務 全項目評価書 (別添1) 事務の内容 ― 令和7年3月31日"
    )
    assert _collection().caption.startswith("handmade_collection.txt")


def test_legend_names_both_line_styles() -> None:
    assert [e.text for e in _pension().legend] == ["特定個人情報の流れ", "その他の流れ"]


@pytest.mark.parametrize(
    ("text", "actors", "specific"),
    [
        ("個人番号を含む届書を送付する。", (), True),
        ("特定個人情報ファイルを連携する。", (), True),
        ("各種申請(個人番号を含まない)を受け付ける。", (), False),
        ("符号を取得する。", ("情報提供ネットワークシステム",), True),
        ("納付用情報を連携する。", ("マルチペイメントネットワーク",), False),
        ("督促状を送付する。", ("住民",), False),
    ],
)
def test_solid_when_the_step_carries_specific_personal_information(
    text: str, actors: tuple[str, ...], specific: bool
) -> None:
    step = FlowStep(no=1, text=text, actors=actors, line=1)
    assert carries_specific_information(step) is specific


def test_specific_steps_are_solid_others_dashed() -> None:
    steps = (
        FlowStep(
            no=1,
            text="個人番号を含むデータを日本年金機構へ送付する。",
            actors=("日本年金機構",),
            line=1,
        ),
        FlowStep(no=2, text="督促状を住民に送付する。", actors=("住民",), line=2),
    )
    diagram = flow_steps_to_diagram(steps)
    assert [e.kind for e in diagram.edges] == ["specific", "other"]
    source = flow_steps_to_dot(steps).source
    assert "style=solid" in source
    assert "style=dashed" in source


@pytest.mark.parametrize(
    ("text", "actors", "expected"),
    [
        (
            "日本年金機構から千葉市へ送付する。",
            ("日本年金機構", "千葉市"),
            [("日本年金機構", None)],
        ),
        ("日本年金機構が本人へ通知する。", ("日本年金機構", "本人"), [("日本年金機構", "本人")]),
        ("届出を受理する。", ("被保険者",), [("被保険者", None)]),
        ("督促状を発送する。", ("住民",), [(None, "住民")]),
        ("課税システムより調定データを受取る。", ("課税システム",), [("課税システム", None)]),
        (
            "国税庁・市区町村等に対し実態調査を行う。",
            ("国税庁", "市区町村"),
            [("国税庁", None), ("市区町村", None)],
        ),
        ("決算資料を確認し、会計部門へ提示する。", ("会計部門",), [(None, "会計部門")]),
        (
            "Aシステム経由で、Bシステムと情報を連携する。",
            ("Aシステム", "Bシステム"),
            [(None, "Aシステム"), ("Aシステム", "Bシステム")],
        ),
        ("各システム間で連携を行う。", (), [(None, None)]),
        ("申請書を受領し、結果を通知する。", (), [("住民", None)]),
    ],
)
def test_direction_rules(
    text: str, actors: tuple[str, ...], expected: list[tuple[str | None, str | None]]
) -> None:
    context = FlowContext(municipality="千葉市")
    step = FlowStep(no=1, text=text, actors=actors, line=1)
    assert [(a.tail, a.head) for a in step_arrows(step, context)] == expected


def test_coordination_reaches_only_the_next_actor() -> None:
    roles = actor_roles(
        "被保険者や受給者情報を日本年金機構から送付する。", ["住民等", "日本年金機構"]
    )
    assert roles == {"住民等": Role.NONE, "日本年金機構": Role.SOURCE}


def test_modifiers_are_not_ends() -> None:
    roles = actor_roles("住民等の未納税額等の情報を委託業者に提供する。", ["住民等", "委託業者"])
    assert roles == {"住民等": Role.MODIFIER, "委託業者": Role.TARGET}


def test_labels_prefer_the_heading_of_the_step() -> None:
    step = FlowStep(
        no=8, text="照会・回答 ・日本年金機構からの端末で確認する。", data=("記録",), line=1
    )
    assert step_label(step) == "⑧ 照会・回答"


def test_internal_steps_are_task_nodes_not_loops() -> None:
    steps = (FlowStep(no=5, text="窓口対応などで個人番号を利用する。", line=1),)
    diagram = flow_steps_to_diagram(steps)
    (edge,) = diagram.edges
    assert edge.tail != edge.head
    assert not edge.arrow
    assert diagram.node(edge.head).label == "⑤ 窓口対応などで個人番号"
    assert diagram.node(edge.head).cluster is Group.MUNICIPALITY


def test_no_steps_is_an_empty_view() -> None:
    with pytest.raises(EmptyViewError, match="no 別添1 flow steps"):
        flow_steps_to_diagram((), context=FlowContext(title="空の評価書"))


def test_dot_is_deterministic_whatever_the_order_of_the_steps() -> None:
    result = collection_result()
    context = result_to_flow_context(result)
    first = flow_steps_to_dot(result.flow_steps, context=context).source
    shuffled = list(result.flow_steps)
    random.Random(7).shuffle(shuffled)
    assert flow_steps_to_dot(shuffled, context=context).source == first
    assert flow_steps_to_dot(result.flow_steps, context=context).source == first


def test_spellings_of_one_actor_share_a_node() -> None:
    steps = (
        FlowStep(no=1, text="中間サーバーに送る。", actors=("中間サーバー",), line=1),
        FlowStep(
            no=2,
            text="中間サーバ・プラットフォームから受け取る。",
            actors=("中間サーバ・プラットフォーム",),
            line=2,
        ),
    )
    diagram = flow_steps_to_diagram(steps)
    national = [n for n in diagram.nodes if n.kind is NodeKind.NATIONAL_SYSTEM]
    assert [n.label for n in national] == ["中間サーバー・プラットフォーム"]


def test_the_process_node_is_named_for_the_department() -> None:
    result = replace(pension_result(), affair=replace(pension_result().affair, department=None))
    diagram = flow_steps_to_diagram(result.flow_steps, context=result_to_flow_context(result))
    assert diagram.node("process").label == "国民年金に関する事務"
