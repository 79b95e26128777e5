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
        # ④ is read sentence by sentence, clause by clause: the notice goes to the residents,
        # their refund claim comes in, and the refund goes back to them through the bank.
        ("事務担当部署", "住民", "④"),
        ("住民", "事務担当部署", "④"),
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


def test_legend_names_both_line_styles_and_unknown_when_drawn() -> None:
    # The pension steps do not say whether they carry 特定個人情報: the third style is drawn.
    assert [e.text for e in _pension().legend] == [
        "特定個人情報の流れ",
        "その他の流れ",
        "特定個人情報か記載なし",
    ]
    known = (
        FlowStep(no=1, text="届書を送付する。", actors=("日本年金機構",), line=1,
                 personal_number=True),
        FlowStep(no=2, text="督促状を送付する。", actors=("住民",), line=2, personal_number=False),
    )  # fmt: skip
    legend = flow_steps_to_diagram(known).legend
    assert [(e.kind, e.text) for e in legend] == [
        ("specific", "特定個人情報の流れ"),
        ("other", "その他の流れ"),
    ]


@pytest.mark.parametrize(
    ("text", "actors", "specific"),
    [
        ("個人番号を含む届書を送付する。", (), True),
        ("特定個人情報ファイルを連携する。", (), True),
        ("各種申請(個人番号を含まない)を受け付ける。", (), False),
        ("符号を取得する。", ("情報提供ネットワークシステム",), True),
        # The text does not say: unknown (drawn dotted), not dashed.
        ("納付用情報を連携する。", ("マルチペイメントネットワーク",), None),
        ("督促状を送付する。", ("住民",), None),
    ],
)
def test_solid_when_the_step_carries_specific_personal_information(
    text: str, actors: tuple[str, ...], specific: bool | None
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
        FlowStep(
            no=2,
            text="督促状を住民に送付する。",
            actors=("住民",),
            personal_number=False,
            line=2,
        ),
        FlowStep(no=3, text="催告書を住民に送付する。", actors=("住民",), line=3),
    )
    diagram = flow_steps_to_diagram(steps)
    assert [e.kind for e in diagram.edges] == ["specific", "other", "unknown"]
    source = flow_steps_to_dot(steps).source
    assert "style=solid" in source
    assert "style=dashed" in source
    assert "style=dotted" in source


def test_the_extracted_kind_wins_over_the_words_of_the_step() -> None:
    # A change row said the flow carries no personal number, though the step names it.
    step = FlowStep(no=5, text="窓口対応などで個人番号を利用する。", personal_number=False, line=1)
    assert carries_specific_information(step) is False
    (edge,) = flow_steps_to_diagram((step,)).edges
    assert edge.kind == "other"


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
            # An inquiry goes to the agencies (に対し) and their answer comes back: the arrows
            # run to them and are two-way (test_inquiries_are_two_way).
            "国税庁・市区町村等に対し実態調査を行う。",
            ("国税庁", "市区町村"),
            [(None, "国税庁"), (None, "市区町村")],
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
    # Still an arrow, numbered like every step, from the process node to the task.
    assert edge.arrow
    assert edge.label == "⑤"
    assert diagram.node(edge.tail).kind is NodeKind.PROCESS
    assert diagram.node(edge.head).label == "⑤ 窓口対応などで個人番号を利用する"
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


def _pairs(text: str, actors: tuple[str, ...], **data: tuple[str, ...]) -> list[tuple[object, ...]]:
    step = FlowStep(no=1, text=text, actors=actors, data=data.get("data", ()), line=1)
    return [(a.tail, a.head, a.both) for a in step_arrows(step, FlowContext(municipality="A市"))]


def test_inquiries_are_two_way() -> None:
    assert _pairs("B庁に照会する。", ("B庁",)) == [(None, "B庁", True)]
    # Asking and sending in one clause is no inquiry: the data goes one way.
    assert _pairs("B庁に照会し回答を送付する。", ("B庁",)) == [(None, "B庁", False)]
    # Xより照会する: the information comes from X.
    assert _pairs("Xシステムより照会する。", ("Xシステム",)) == [("Xシステム", None, False)]


def test_exchanges_are_two_way() -> None:
    assert _pairs("Xシステムとデータの授受を行う。", ("Xシステム",)) == [(None, "Xシステム", True)]
    assert _pairs("届書を受領し、結果を通知する。", ()) == [("住民", None, True)]
    assert _pairs("各種データの授受。", ()) == [(None, None, True)]


def test_a_clause_that_sends_back_reverses_the_one_before() -> None:
    step = FlowStep(
        no=1,
        text="Xシステムから Yシステムに宛名情報を連携し、口座情報を逆連携する。",
        actors=("Xシステム", "Yシステム"),
        data=("宛名情報", "口座情報"),
        line=1,
    )
    assert [(a.tail, a.head, a.data) for a in step_arrows(step)] == [
        ("Xシステム", "Yシステム", "宛名情報"),
        ("Yシステム", "Xシステム", "口座情報"),
    ]


def test_taking_in_then_passing_on_is_one_arrow() -> None:
    text = "受託者から収納情報を入手し、収納システムに取り込む。"
    assert _pairs(text, ("受託者", "収納システム")) == [("受託者", "収納システム", False)]
    # With an object of its own, the second clause is an arrow of its own.
    text = "受託者から収納情報を入手し、収納システムに消込データを登録する。"
    assert _pairs(text, ("受託者", "収納システム")) == [
        ("受託者", None, False),
        (None, "収納システム", False),
    ]


def test_each_sentence_and_clause_is_read_on_its_own() -> None:
    text = (
        "通知書を出し、住民に通知する。住民から取得した請求書を登録し、銀行経由で還付金を振り込む。"
    )
    assert _pairs(text, ("住民", "銀行")) == [
        (None, "住民", False),
        ("住民", None, False),
        (None, "銀行", False),
        ("銀行", "住民", False),
    ]
    # A relay with nothing before it ends the clause.
    assert _pairs("銀行経由で還付金を振り込む。", ("銀行",)) == [(None, "銀行", False)]
    # 経由で、 does not end a clause: the relay joins the target after it.
    assert _pairs("Xシステム経由で、Yシステムと連携する。", ("Xシステム", "Yシステム")) == [
        (None, "Xシステム", False),
        ("Xシステム", "Yシステム", False),
    ]


def test_the_information_of_an_agency_comes_through_the_relay() -> None:
    text = "情報提供ネットワークシステムより、他機関の情報を照会する。"
    assert _pairs(text, ("情報提供ネットワークシステム", "他機関")) == [
        ("情報提供ネットワークシステム", None, False),
        ("他機関", "情報提供ネットワークシステム", False),
    ]
    # Information *about* residents does not come from them.
    assert _pairs("課税システムより住民の情報を取得する。", ("課税システム", "住民")) == [
        ("課税システム", None, False)
    ]


def test_two_way_arrows_are_drawn_with_two_heads() -> None:
    steps = (FlowStep(no=1, text="B庁に照会する。", actors=("B庁",), line=1),)
    diagram = flow_steps_to_diagram(steps)
    (edge,) = diagram.edges
    assert edge.both
    assert "dir=both" in flow_steps_to_dot(steps).source


def test_arrows_of_one_step_name_their_own_data() -> None:
    step = FlowStep(
        no=8,
        text="決算資料を確認し、会計部門へ提示する。県に対し収納状況を報告する。",
        actors=("会計部門", "県"),
        data=("決算資料", "収納状況"),
        line=1,
    )
    diagram = flow_steps_to_diagram((step,))
    assert [(diagram.node(e.head).label, e.label) for e in diagram.edges] == [
        ("会計部門", "⑧ 決算資料"),
        ("県", "⑧ 収納状況"),
    ]


def test_a_flow_with_too_many_actors_of_one_kind_is_capped_with_a_note() -> None:
    steps = tuple(
        FlowStep(no=i, text=f"第{i}機構へ通知書を送付する。", actors=(f"第{i}機構",), line=i)
        for i in range(1, 41)
    )
    diagram = flow_steps_to_diagram(steps, per_cluster=10)
    agencies = [n for n in diagram.nodes if n.cluster is Group.AGENCY]
    assert len(agencies) == 10
    (note,) = [n for n in agencies if n.kind is NodeKind.NOTE]
    assert note.label == "ほか 31 件"
    assert [e.label for e in diagram.edges if e.head == note.id] == ["31 件"]
    # Every node an arrow names is drawn, and the view still renders deterministically.
    ids = {n.id for n in diagram.nodes}
    assert all(e.tail in ids and e.head in ids for e in diagram.edges)
    assert flow_steps_to_dot(steps).source == flow_steps_to_dot(steps).source
