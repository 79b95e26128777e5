"""Hand-made extraction results for the diagram tests.

They are written by hand from the corpus texts (the step texts of 別添1 are copied from
corpus/000 and corpus/001, the actors and data are what a careful reader names), so that the
views are tested independently of the extraction code. See tests/data/golden/diagrams/README.md.
"""

from __future__ import annotations

from pathlib import Path

from ingest.citation import text_to_citations
from ingest.records import (
    Affair,
    Delegation,
    Document,
    ExtractionResult,
    FlowStep,
    InformationFile,
    Provision,
    SourceDocument,
    Storage,
    System,
)

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
GOLDEN = REPO / "tests" / "data" / "golden" / "diagrams"


def _source(name: str) -> SourceDocument:
    return SourceDocument(id=name, path=name, sha256="0" * 64, encoding="utf-8", text="")


def _step(no: int, text: str, actors: tuple[str, ...], data: tuple[str, ...]) -> FlowStep:
    return FlowStep(no=no, text=text, actors=actors, data=data, line=10 + no)


def collection_result() -> ExtractionResult:
    """別添1 of a tax collection process (steps ①–⑦ of corpus/000), a fragment without cover."""
    steps = (
        _step(
            1,
            "個人市民税システムから連携された賦課決定・更正情報を取りこむ。",
            ("個人市民税システム",),
            ("賦課決定・更正情報",),
        ),
        _step(
            2,
            "電子納付を可能とするため、マルチペイメントネットワーク (MPN)及び"
            "地方税共通納税システムに"
            "納付用情報を連携する。",
            ("マルチペイメントネットワーク", "地方税共通納税システム"),
            ("納付用情報",),
        ),
        _step(
            3,
            "収納消込業務受託者から、住民・特別徴収事業所が納付・納入した収納情報を入手し、"
            "収納システムに取り込む。",
            ("収納消込業務受託者", "住民", "特別徴収事業所", "収納システム"),
            ("収納情報",),
        ),
        _step(
            4,
            "過納付もしくは誤納付が生じた場合、還付、充当通知書を出し、住民等に通知する。"
            "住民等から取得した還付金請求書をシステムに登録し、金融機関経由で還付金を振り込む。",
            ("住民", "金融機関"),
            ("還付・充当通知書", "還付金"),
        ),
        _step(5, "申請に応じて、納税証明書を発行する。", (), ("納税証明書",)),
        _step(
            6,
            "地方税法に基づき、納期限までに完納しない住民等の未納税額等の情報を督促用データファイルに"
            "出力し、帳票加工委託業者に提供し、督促状の印刷及び帳票加工を行い、住民等に督促状を送付する。",
            ("帳票加工委託業者", "住民"),
            ("督促用データ",),
        ),
        _step(
            7,
            "滞納整理事務を行うため、業務共通システム経由で、滞納管理システムと賦課・収納・滞納情報を"
            "連携する。",
            ("業務共通システム", "滞納管理システム"),
            ("賦課・収納・滞納情報",),
        ),
    )
    return ExtractionResult(source=_source("handmade_collection.txt"), flow_steps=steps)


def pension_result() -> ExtractionResult:
    """別添1 of a national pension process (steps 1–8 of corpus/001), with its cover."""
    steps = (
        _step(
            1,
            "届出 ・第1号被保険者及び任意加入被保険者の資格取得・喪失などに関する届出を受理する。"
            "・法定免除に関する届出を受理する。",
            ("被保険者",),
            ("届出",),
        ),
        _step(2, "申出 ・付加保険料の納付に関する申出などを受理する。", ("被保険者",), ("申出",)),
        _step(
            3, "申請 ・国民年金保険料免除、納付猶予などの申請を受理する。", ("被保険者",), ("申請",)
        ),
        _step(4, "請求 ・各種基礎年金の裁定請求書などを受理する。", ("受給者",), ("請求",)),
        _step(
            5, "報告 ・受理した各種届などを日本年金機構へ送付する。", ("日本年金機構",), ("報告",)
        ),
        _step(
            6,
            "通知 ・免除結果や裁定請求結果などを日本年金機構が本人へ通知する。",
            ("日本年金機構", "本人"),
            ("通知",),
        ),
        _step(
            7,
            "送付 ・被保険者や受給者情報を日本年金機構から千葉市へ送付する。",
            ("日本年金機構", "千葉市"),
            ("被保険者・受給者情報",),
        ),
        _step(
            8,
            "照会・回答 ・日本年金機構からの貸与端末を使用し、年金加入記録等の確認を行う。"
            "本業務においては情報の閲覧のみを行う。",
            ("日本年金機構", "年金相談用可搬型窓口装置"),
            ("年金加入記録",),
        ),
    )
    systems = (
        System(no=1, name="国民年金システム", line=100),
        System(no=2, name="業務共通システム(庁内連携システム/統合宛名システム)", line=120),
        System(no=3, name="年金相談用可搬型窓口装置", line=140),
    )
    return ExtractionResult(
        source=_source("handmade_pension.txt"),
        document=Document(
            kind="全項目評価書",
            org="千葉市長",
            municipality="千葉市",
            number="27",
            title="国民年金に関する事務 全項目評価書",
            published="令和7年3月31日",
            line=1,
        ),
        affair=Affair(name="国民年金に関する事務", department="健康保険課", line=30),
        systems=systems,
        flow_steps=steps,
    )


def _provision(no: int, recipient: str, basis: str, method: str, *, line: int) -> Provision:
    return Provision(
        no=no,
        recipient=recipient,
        basis=tuple(text_to_citations(basis)),
        basis_text=basis,
        info="個人番号、基本4情報、地方税関係情報",
        methods=(method,),
        line=line,
    )


def tax_records_result() -> ExtractionResult:
    """Ⅰ 2 and Ⅱ of a resident tax assessment without 別添1 steps (modelled on corpus/002)."""
    systems = (
        System(
            no=1, name="住民税システム", connections=("宛名システム等", "税務システム"), line=50
        ),
        System(no=2, name="統合宛名システム", connections=("宛名システム等",), line=60),
        System(no=3, name="中間サーバー", connections=("情報提供ネットワークシステム",), line=70),
        System(no=4, name="eLTAX", connections=("税務システム",), line=80),
        System(no=5, name="国税連携システム", line=90),
    )
    delegations = (
        Delegation(
            no=1,
            name="住民税システムの運用保守",
            contractor="株式会社サンプル計算センター",
            subcontract=True,
            subcontractors=("サンプルソフト株式会社",),
            line=300,
        ),
        Delegation(
            no=2,
            name="申告書のパンチ入力",
            contractor="(株)パンチデータ",
            subcontract=False,
            line=320,
        ),
        Delegation(
            no=3, name="納税通知書の印刷・封入封緘", contractor=None, subcontract=True, line=340
        ),
    )
    provisions = (
        _provision(
            1,
            "市町村長",
            "番号法第19条第8号に基づく主務省令第2条の表5の項",
            "情報提供ネットワークシステム",
            line=400,
        ),
        _provision(
            2,
            "日本年金機構",
            "番号法第19条第8号に基づく主務省令第2条の表48の項",
            "情報提供ネットワークシステム",
            line=410,
        ),
        _provision(3, "税務署長", "地方税法第294条第3項", "その他（国税連携システム）", line=420),
        _provision(
            4,
            "都道府県知事",
            "番号法第19条第8号に基づく主務省令第2条の表(第1、2、5～7の項)",
            "情報提供ネットワークシステム",
            line=430,
        ),
    )
    transfers = (
        Provision(
            no=1,
            recipient="国民健康保険課",
            basis=tuple(text_to_citations("番号法第9条第1項 別表44の項")),
            basis_text="番号法第9条第1項 別表44の項",
            methods=("庁内連携システム",),
            line=450,
        ),
        Provision(
            no=2,
            recipient="介護保険課",
            basis=tuple(text_to_citations("番号法第9条第1項 別表68の項")),
            basis_text="番号法第9条第1項 別表68の項",
            methods=("庁内連携システム",),
            line=460,
        ),
    )
    file = InformationFile(
        no=1,
        name="個人住民税ファイル",
        sources=(
            "本人又は本人の代理人",
            "評価実施機関内の他部署",
            "評価実施機関内の他部署: 市民課",
            "行政機関・独立行政法人等",
            "行政機関・独立行政法人等: 国税庁",
            "地方公共団体・地方独立行政法人",
            "民間事業者",
            "民間事業者: 給与支払者",
        ),
        acquisition_methods=("紙", "専用線", "その他（eLTAX）"),
        delegations=delegations,
        delegation_count=3,
        provisions=provisions,
        provision_count=4,
        transfers=transfers,
        transfer_count=2,
        storage=Storage(places=("中間サーバー・プラットフォーム", "サーバ室"), line=500),
        line=200,
    )
    return ExtractionResult(
        source=_source("handmade_tax.txt"),
        document=Document(
            kind="全項目評価書",
            org="○○市長",
            municipality="○○市",
            number="2",
            title="個人住民税の賦課に関する事務 全項目評価書",
            published="令和7年5月1日",
            line=1,
        ),
        affair=Affair(name="個人住民税の賦課に関する事務", department="市民税課", line=20),
        systems=systems,
        files=(file,),
    )


def empty_result() -> ExtractionResult:
    """An assessment with a cover and nothing else: no steps, no systems, no files."""
    return ExtractionResult(
        source=_source("handmade_empty.txt"),
        document=Document(municipality="○○市", title="空の評価書", line=1),
    )
