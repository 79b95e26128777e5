"""The 別添1 flow view of every corpus text with steps, read step by step against the text.

Each expected arrow below was checked by reading the step in the corpus text: who sends, who
receives, whether the exchange runs both ways (照会・回答, 授受, an inquiry that is answered).
``P`` is the municipality's process node (the department), ``T`` a task node (a step that names
no actor: work inside the municipality). The line style of each step is what the text says
(別添1 legend, the change history, the step's words): solid, dashed, or dotted (not said).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.pipeline import extract_file
from ingest.records import ExtractionResult
from viz.actor import NodeKind
from viz.diagram import Diagram
from viz.view import View, result_to_diagram

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

Arrow = tuple[str, str, int, bool]
"""(tail, head, step number, two-way)."""

EXPECTED: dict[str, list[Arrow]] = {
    "000_e0f87fd749ae3f00": [
        ("個人市民税システム", "P", 1, False),
        ("P", "マルチペイメントネットワーク", 2, False),
        ("P", "地方税共通納税システム", 2, False),
        ("収納消込業務受託者", "収納システム", 3, False),
        ("住民等", "収納消込業務受託者", 3, False),
        ("特別徴収事業所", "収納消込業務受託者", 3, False),
        ("P", "住民等", 4, False),  # 還付、充当通知書を出し、住民等に通知する
        ("住民等", "P", 4, False),  # 住民等から取得した還付金請求書をシステムに登録し
        ("P", "金融機関", 4, False),  # 金融機関経由で還付金を振り込む (to 住民等)
        ("金融機関", "住民等", 4, False),
        ("P", "住民等", 5, False),  # 納税証明書を発行する
        ("P", "帳票加工委託業者", 6, False),
        ("P", "住民等", 6, False),
        ("P", "業務共通システム", 7, False),  # 業務共通システム経由で、滞納管理システムと
        ("業務共通システム", "滞納管理システム", 7, False),
    ],
    "001_36f852d2897e428a": [
        ("住民等", "P", 1, False),  # 届出を受理する
        ("住民等", "P", 2, False),
        ("住民等", "P", 3, False),
        ("住民等", "P", 4, False),
        ("P", "日本年金機構", 5, False),  # 日本年金機構へ送付する
        ("日本年金機構", "住民等", 6, False),  # 日本年金機構が本人へ通知する
        ("日本年金機構", "P", 7, False),  # 日本年金機構から千葉市へ送付する
        ("日本年金機構", "年金相談用可搬型窓口装置", 8, True),  # 照会・回答
    ],
    "003_7e3c8c24cfb8176d": [
        ("地方税共通納税システム", "P", 1, False),  # 地方税共通納税などの消込処理
        ("P", "T", 2, False),  # 振替依頼データを作成し、振替結果を受領 (no actor named)
        ("P", "住民等", 3, False),  # 還付充当通知書を対象者へ送付する
        ("P", "住民等", 4, False),  # 納税者に対し、督促状を発送
        ("P", "T", 5, False),  # 窓口対応などで個人番号を利用する
        ("P", "住民等", 6, False),  # 証明書を発行する
        ("住民基本台帳ネットワークシステム", "P", 7, False),  # 端末にて…を調査する
        ("P", "会計部門", 8, False),  # 会計部門へ提示する
        ("P", "県", 8, False),  # 県に対し…を報告する
        ("課税システム", "P", 9, False),  # 課税システムより…を受取る
        ("P", "T", 10, False),  # 各システム間で連携を行う
        ("P", "住民等", 11, False),  # 滞納者に対して催告書を発送する
        ("P", "国税庁", 12, True),  # 実態調査を国税庁・市区町村等に対し (inquiry, answered)
        ("P", "市区町村", 12, True),
        ("P", "金融機関", 12, True),  # 財産調査を金融機関等に対し行う
        ("P", "住民等", 13, False),  # 滞納者等に通知する
        ("P", "住民等", 14, False),  # 配当計算書・充当通知書を滞納者に発送する
        ("住民等", "P", 15, True),  # 申請書を受領し、結果と通知する
        ("P", "収納システム", 16, False),
        ("宛名システム(税務システムの一部)", "口座振替管理システム", 17, False),
        ("口座振替管理システム", "宛名システム(税務システムの一部)", 17, False),  # 逆連携
        ("P", "イメージ管理システム", 18, False),
        ("情報提供ネットワークシステム", "P", 19, False),  # …より、他機関の情報を照会する
        ("他機関", "情報提供ネットワークシステム", 19, False),
        ("P", "T", 20, True),  # 各種データの授受
        ("P", "T", 21, True),  # 個人番号を含む住民データの授受
    ],
}

KINDS: dict[str, dict[int, str]] = {
    # Neither text says which steps carry 特定個人情報 (001's legend lost its lines).
    "000_e0f87fd749ae3f00": dict.fromkeys(range(1, 8), "unknown"),
    "001_36f852d2897e428a": dict.fromkeys(range(1, 9), "unknown"),
    "003_7e3c8c24cfb8176d": dict.fromkeys(range(1, 22), "unknown")
    | dict.fromkeys((7, 10, 12, 18, 19, 21), "specific")
    | dict.fromkeys((5, 8), "other"),
}


@cache
def _result(stem: str) -> ExtractionResult:
    return extract_file(CORPUS / f"{stem}.txt")


def _diagram(stem: str) -> Diagram:
    return result_to_diagram(_result(stem), View.flow)


def _end(diagram: Diagram, node_id: str) -> str:
    node = diagram.node(node_id)
    if node.kind is NodeKind.PROCESS:
        return "P"
    if node.id.startswith("step/"):
        return "T"
    return node.label


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_every_step_is_an_arrow_between_the_right_actors(stem: str) -> None:
    diagram = _diagram(stem)
    got = [
        (_end(diagram, e.tail), _end(diagram, e.head), e.order[0], e.both) for e in diagram.edges
    ]
    assert got == EXPECTED[stem]
    assert all(e.arrow for e in diagram.edges)
    assert {no for _t, _h, no, _b in got} == {s.no for s in _result(stem).flow_steps}


@pytest.mark.parametrize("stem", sorted(KINDS))
def test_line_style_is_what_the_text_says(stem: str) -> None:
    diagram = _diagram(stem)
    kinds = {e.order[0]: e.kind for e in diagram.edges}
    assert kinds == KINDS[stem]
    legend = [e.kind for e in diagram.legend]
    assert legend == ["specific", "other", "unknown"]


def test_every_arrow_is_numbered_and_each_step_names_its_data_once() -> None:
    diagram = _diagram("003_7e3c8c24cfb8176d")
    labels = {(e.order[0], diagram.node(e.head).label): e.label for e in diagram.edges}
    assert all(e.label.startswith(("①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪",
                                   "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳", "㉑"))
               for e in diagram.edges)  # fmt: skip
    # One sentence, one clause each: each arrow names the data of its own clause.
    assert labels[(8, "会計部門")] == "⑧ 決算資料(月次・年次)"
    assert labels[(8, "県")] == "⑧ 県民税収納状況"
    assert labels[(17, "口座振替管理システム")] == "⑰ 宛名情報"
    assert labels[(17, "宛名システム(税務システムの一部)")] == "⑰ 口座情報"
    assert labels[(12, "国税庁")] == "⑫ 滞納者の実態調査"
    assert labels[(12, "金融機関")] == "⑫ 財産調査"
