"""A synthetic corpus: assessments written in the form's layout, with the records they state.

:func:`generate_assessment` writes one 特定個人情報保護評価書 (全項目評価書) of a fictional
municipality as the real texts show the form (corpus/): the cover with its header row, the
項目一覧, Ⅰ 基本情報 with its systems and ③他のシステムとの接続 grids, 別添1 steps, Ⅱ per file
with 委託事項N / 提供先N / 移転先N blocks and their ``[ 値 ] <選択肢> …`` choices, 別添2 items,
Ⅲ risks and ratings, Ⅳ, Ⅴ, Ⅵ and the 別添3 change table. Municipalities, 事務, local and
national systems, delegates, recipients, legal bases and change rows vary from document to
document. While writing, the generator records what it wrote as the records of
:mod:`ingest.records` with the line each starts on, so extraction can be measured against it
(:func:`accuracy`). The text is then damaged by the families of :mod:`ingest.damage` at a chosen
level, and the records are moved to the lines where the damaged text holds them.

Everything is drawn from a :class:`random.Random` seeded by ``(seed, index)``: the same seed and
index give the same bytes, on every machine and Python run.

>>> made = generate_assessment(7, 3)
>>> made.name, made.expected.document.kind
('synthetic-000003.txt', '全項目評価書')
>>> generate_assessment(7, 3).to_bytes() == made.to_bytes()
True
>>> made.expected.systems[0].no
1
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date, timedelta
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, Final

from ingest.citation import Citation
from ingest.damage import PROFILES, AppliedDamage, DamageLevel, lines_to_damaged
from ingest.form import FULL
from ingest.record_json import result_to_json
from ingest.records import (
    Affair,
    ChangeRecord,
    DataItem,
    Delegation,
    Document,
    ExtractionResult,
    FlowStep,
    InformationFile,
    NetworkLinkage,
    Provision,
    Risk,
    SourceDocument,
    Storage,
    System,
)
from ontology.lexicon import law_by_name, rating

__all__ = [
    "ENCODINGS",
    "MANIFEST_NAME",
    "PER_MUNICIPALITY",
    "AccuracyReport",
    "CorpusManifest",
    "FamilyScore",
    "FieldScore",
    "SyntheticAssessment",
    "accuracy",
    "assessment_to_manifest",
    "generate_assessment",
    "json_accuracy",
    "municipality_name",
    "read_manifest",
    "write_corpus",
]

MANIFEST_NAME: Final = "manifest.jsonl"
"""The manifest of a written corpus: one JSON object per text, in index order."""
ENCODINGS: Final = ("utf-8", "utf-8-sig", "cp932", "mixed")
"""How texts are saved: one encoding for all, or ``mixed`` (drawn per text, with CRLF or LF)."""
_MIXED_ENCODINGS: Final = (
    ("utf-8", "\n"),
    ("utf-8", "\n"),
    ("utf-8", "\r\n"),
    ("utf-8-sig", "\r\n"),
    ("cp932", "\r\n"),
    ("cp932", "\n"),
)

# =================================================================================================
# Pools: what varies from one assessment to the next
# =================================================================================================

PREFECTURES: Final = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "栃木県", "群馬県",
    "埼玉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県",
    "和歌山県", "鳥取県", "島根県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県",
    "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip
"""Prefectures printed before a municipality (those of the real corpus left out)."""

_NAME_HEADS: Final = (
    "北南東西大小高新若青白杉桜梅竹石岩浜島林朝星鶴亀鷹福吉宮水泉緑光旭明美豊丸広春秋金玉花"
    "菊藤柳桃栗"
)
_NAME_TAILS: Final = "川山田野原沢崎谷瀬浦津里根森丘台井木城江尾倉坂松見賀和平沼間部戸代生園"
_NAME_SUFFIXES: Final = "市町村"
_NAME_STRIDE: Final = 7919
"""A prime that walks every (head, tail, suffix) combination once before repeating (the two
pools share no character, so every combination is a different name)."""


_NAME_MIDDLES: Final = "ヶ之上中下本"
"""A third character for the names of the municipalities after the two-character ones."""


def municipality_name(number: int, seed: int = 0) -> str:
    """The name of the ``number``-th fictional municipality of a corpus.

    Two kanji and 市/町/村 (``北川市``) for the first 5,040 municipalities of a seed, then with a
    middle character (``北ヶ川市``, as in real names); every name is different up to 35,280.

    >>> municipality_name(0), municipality_name(1), municipality_name(1, seed=2)
    ('北川市', '栗見町', '明森市')
    >>> municipality_name(5040)
    '北ヶ川市'
    >>> len({municipality_name(n) for n in range(12_000)})
    12000
    """
    heads, tails = len(_NAME_HEADS), len(_NAME_TAILS)
    total = heads * tails * len(_NAME_SUFFIXES)
    cycle, place = divmod(number, total)
    code = (place * _NAME_STRIDE + seed * 104_729) % total
    head = _NAME_HEADS[code % heads]
    tail = _NAME_TAILS[(code // heads) % tails]
    suffix = _NAME_SUFFIXES[code // (heads * tails)]
    middle = _NAME_MIDDLES[(cycle - 1) % len(_NAME_MIDDLES)] if cycle else ""
    return f"{head}{middle}{tail}{suffix}"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Recipient:
    """A 提供先 through the national network: the organisation, the row of 主務省令第2条の表
    and its use."""

    name: str
    row: int
    purpose: str


def _recipient(name: str, row: int, use: str) -> _Recipient:
    return _Recipient(name=name, row=row, purpose=f"{use}に関する事務であって主務省令で定めるもの")


_RECIPIENTS: Final = (
    _recipient("厚生労働大臣", 1, "健康保険法第5条第2項の規定による健康保険"),
    _recipient("全国健康保険協会", 2, "健康保険法による保険給付の支給"),
    _recipient("健康保険組合", 3, "健康保険法による保険給付の支給"),
    _recipient("厚生労働大臣", 5, "船員保険法第4条第2項の規定による船員保険"),
    _recipient("都道府県知事", 11, "児童福祉法による養育里親の登録又は里親の認定"),
    _recipient("都道府県知事", 13, "児童福祉法による小児慢性特定疾病医療費の支給"),
    _recipient("市町村長", 15, "児童福祉法による障害児通所給付費の支給"),
    _recipient("都道府県知事又は市町村長", 20, "児童福祉法による負担能力の認定又は費用の徴収"),
    _recipient("市町村長", 28, "予防接種法による給付の支給又は実費の徴収"),
    _recipient("都道府県知事", 33, "身体障害者福祉法による身体障害者手帳の交付"),
    _recipient("日本年金機構", 39, "国民年金法による年金である給付の支給"),
    _recipient("国民健康保険組合", 44, "国民健康保険法による保険給付の支給又は保険料の徴収"),
    _recipient("市町村長", 57, "介護保険法による保険給付の支給又は保険料の徴収"),
    _recipient("都道府県知事", 63, "生活保護法による保護の決定及び実施"),
    _recipient("市町村長", 74, "児童手当法による児童手当又は特例給付の支給"),
    _recipient("都道府県知事", 81, "児童扶養手当法による児童扶養手当の支給"),
    _recipient("独立行政法人日本学生支援機構", 106, "日本学生支援機構法による学資の貸与"),
    _recipient(
        "市町村長",
        120,
        "障害者の日常生活及び社会生活を総合的に支援するための法律による自立支援給付の支給",
    ),
    _recipient(
        "後期高齢者医療広域連合", 87, "高齢者の医療の確保に関する法律による後期高齢者医療給付の支給"
    ),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class _AffairSpec:
    """One 事務 a municipality assesses, with what its assessment names."""

    name: str
    """①事務の名称."""
    short: str
    """The word its files and systems are named with (``個人住民税``)."""
    row: int
    """The row of 番号法 別表 that allows it to use the number."""
    order_article: int
    """The article of 番号法別表の主務省令で定める事務を定める命令 for it."""
    query_rows: tuple[int, ...]
    """Rows of 主務省令第2条の表 it queries the network under."""
    bureau: str
    """The 局/部 of a city's department."""
    section: str
    """The 課 that handles it."""
    subjects: str
    """対象となる本人の範囲 (after the municipality's name)."""
    info: str
    """What it provides (提供する情報)."""
    national: tuple[str, ...]
    """National systems it connects to (named in その他 and 保管場所)."""
    systems: tuple[str, ...]
    """Its own business systems."""
    files: tuple[str, ...]
    """Its 特定個人情報ファイル."""
    main_items: tuple[str, ...]
    """The 業務関係情報 boxes of 主な記録項目 it ticks."""
    sentences: tuple[str, ...]
    """Sentences of ②事務の内容."""
    steps: tuple[str, ...]
    """Steps of 別添1 (``{system}`` is one of its systems)."""
    items: tuple[str, ...]
    """Business data items of 別添2."""


_AFFAIRS: Final = (
    _AffairSpec(
        name="個人住民税の賦課に関する事務", short="個人住民税", row=24, order_article=16,
        query_rows=(48, 49), bureau="財政局税務部", section="市民税課",
        subjects="の個人住民税の納税義務者及びその扶養親族", info="地方税関係情報",
        national=("eLTAX", "国税連携システム"),
        systems=("個人住民税システム", "課税資料イメージ管理システム"),
        files=("個人住民税ファイル", "課税資料ファイル"),
        main_items=("地方税関係情報", "国税関係情報"),
        sentences=(
            "地方税法その他の地方税に関する法律及びこれらの法律に基づく条例に基づき、個人住民税の賦課を行う。",
            "給与支払報告書、公的年金等支払報告書及び確定申告書等の課税資料を収集し、税額を算定する。",
            "算定した税額に基づき、納税通知書及び特別徴収税額決定通知書を発送する。",
            "課税証明書等の各種証明書を発行する。",
        ),
        steps=(
            "給与支払者から給与支払報告書をeLTAX経由で受け付け、{system}に取り込む。",
            "国税連携システムを通じて確定申告書等の情報を入手する。",
            "{system}で税額を算定し、納税通知書を納税義務者に送付する。",
            "特別徴収義務者に特別徴収税額決定通知書を送付する。",
            "申請に基づき課税証明書を交付する。",
        ),
        items=("課税年度", "所得金額", "所得控除額", "税額控除額", "特別徴収義務者番号", "均等割額",
               "所得割額"),
    ),
    _AffairSpec(
        name="国民健康保険に関する事務", short="国民健康保険", row=44, order_article=24,
        query_rows=(31, 32, 33), bureau="保健福祉局健康部", section="保険年金課",
        subjects="の国民健康保険の被保険者及び世帯主", info="医療保険給付関係情報",
        national=("中間サーバー", "マイナポータル"),
        systems=("国民健康保険システム", "国保資格管理システム"),
        files=("国民健康保険ファイル",),
        main_items=("医療保険関係情報", "地方税関係情報"),
        sentences=(
            "国民健康保険法に基づき、被保険者の資格の取得及び喪失の管理を行う。",
            "保険給付の支給及び保険料の賦課徴収を行う。",
            "高額療養費の支給申請を受け付け、審査の上支給する。",
        ),
        steps=(
            "住民から資格取得届を受け付け、{system}に登録する。",
            "情報提供ネットワークシステムを通じて他の保険者の資格情報を照会する。",
            "保険料を算定し、納入通知書を世帯主に送付する。",
            "療養費の支給申請を受け付け、支給決定通知書を送付する。",
        ),
        items=("被保険者番号", "資格取得日", "資格喪失日", "保険料額", "給付区分", "世帯主番号"),
    ),
    _AffairSpec(
        name="介護保険に関する事務", short="介護保険", row=68, order_article=50,
        query_rows=(93, 94), bureau="保健福祉局高齢障害部", section="介護保険課",
        subjects="の介護保険の第1号被保険者及び第2号被保険者", info="介護保険給付等関係情報",
        national=("中間サーバー", "国保連合会"),
        systems=("介護保険システム", "要介護認定支援システム"),
        files=("介護保険ファイル", "要介護認定ファイル"),
        main_items=("介護・高齢者福祉関係情報", "地方税関係情報"),
        sentences=(
            "介護保険法に基づき、被保険者の資格管理、要介護認定及び保険給付を行う。",
            "第1号被保険者の保険料の賦課及び徴収を行う。",
            "要介護認定の申請を受け付け、認定調査及び介護認定審査会の審査を経て認定する。",
        ),
        steps=(
            "住民から要介護認定の申請を受け付け、{system}に登録する。",
            "主治医意見書及び認定調査票を入手する。",
            "認定結果を被保険者に通知する。",
            "国保連合会から給付実績を受け取り、{system}に取り込む。",
        ),
        items=("被保険者番号", "要介護度", "認定有効期間", "保険料段階", "給付実績", "負担割合"),
    ),
    _AffairSpec(
        name="児童手当に関する事務", short="児童手当", row=56, order_article=44,
        query_rows=(74, 75), bureau="こども未来局こども家庭部", section="こども家庭課",
        subjects="に住所を有し児童を養育する者及びその児童", info="児童手当関係情報",
        national=("中間サーバー", "マイナポータル"),
        systems=("児童手当システム",),
        files=("児童手当ファイル",),
        main_items=("児童福祉・子育て関係情報", "地方税関係情報"),
        sentences=(
            "児童手当法に基づき、児童を養育する者に児童手当を支給する。",
            "認定請求書を受け付け、受給資格を審査して認定する。",
            "毎年度、受給者の現況を確認する。",
        ),
        steps=(
            "受給者から認定請求書を受け付け、{system}に登録する。",
            "情報提供ネットワークシステムを通じて所得情報を照会する。",
            "認定通知書を受給者に送付し、指定口座に手当を振り込む。",
        ),
        items=("受給者番号", "児童氏名", "支給月額", "認定日", "所得額", "口座情報"),
    ),
    _AffairSpec(
        name="国民年金に関する事務", short="国民年金", row=31, order_article=23,
        query_rows=(39,), bureau="市民局市民生活部", section="国民年金課",
        subjects="の国民年金の第1号被保険者", info="年金給付関係情報",
        national=("中間サーバー", "住民基本台帳ネットワークシステム"),
        systems=("国民年金システム",),
        files=("国民年金ファイル",),
        main_items=("年金関係情報",),
        sentences=(
            "国民年金法に基づき、第1号被保険者の資格取得及び喪失の届出を受理する。",
            "保険料の免除及び納付猶予の申請を受理し、日本年金機構に進達する。",
            "年金給付の裁定請求を受け付ける。",
        ),
        steps=(
            "住民から資格取得届を受け付け、{system}に登録する。",
            "受理した届書の情報を日本年金機構に送付する。",
            "免除申請の審査結果を本人に通知する。",
        ),
        items=("基礎年金番号", "資格取得年月日", "免除区分", "納付状況"),
    ),
    _AffairSpec(
        name="収納及び滞納整理に関する事務", short="収納滞納", row=24, order_article=16,
        query_rows=(48,), bureau="財政局税務部", section="納税課",
        subjects="の市税の納税義務者のうち個人番号を有する者", info="地方税関係情報",
        national=("eLTAX", "地方税共通納税システム", "マルチペイメントネットワーク"),
        systems=("収納システム", "滞納管理システム"),
        files=("収納滞納ファイル",),
        main_items=("地方税関係情報",),
        sentences=(
            "市税の収納管理及び滞納整理を行う。",
            "納付書、口座振替及び電子納付による入金を消し込み、完納、未納及び過誤納を判定する。",
            "納期限までに完納しない者に督促状を送付し、滞納処分を行う。",
        ),
        steps=(
            "{system}で納付情報を消し込む。",
            "地方税共通納税システムから電子納付の情報を入手する。",
            "過誤納金を還付し、還付通知書を送付する。",
            "滞納者に督促状及び催告書を送付する。",
            "金融機関等に財産調査を行う。",
        ),
        items=("調定額", "収入額", "納期限", "督促日", "滞納額", "差押情報"),
    ),
    _AffairSpec(
        name="健康増進法による検診に関する事務", short="検診", row=111, order_article=54,
        query_rows=(139,), bureau="保健福祉局健康福祉部", section="健康支援課",
        subjects="の健康増進法に基づく検診受診者", info="検診関係情報",
        national=("中間サーバー", "マイナポータル"),
        systems=("健康管理システム",),
        files=("検診情報ファイル",),
        main_items=("健康・医療関係情報",),
        sentences=(
            "健康増進法に基づき、がん検診等の各種検診を実施する。",
            "検診の受診結果を記録し、要精密検査者に受診勧奨を行う。",
        ),
        steps=(
            "協力医療機関から検診結果を入手し、{system}に登録する。",
            "受診者に検診結果を通知する。",
            "転入者の検診履歴を情報提供ネットワークシステムを通じて照会する。",
        ),
        items=("受診日", "検診種別", "判定結果", "医療機関名", "精密検査結果"),
    ),
    _AffairSpec(
        name="生活保護に関する事務", short="生活保護", row=15, order_article=15,
        query_rows=(26, 27), bureau="保健福祉局福祉部", section="保護課",
        subjects="の生活保護の申請者及び被保護者", info="生活保護関係情報",
        national=("中間サーバー",),
        systems=("生活保護システム",),
        files=("生活保護ファイル",),
        main_items=("生活保護・社会福祉関係情報", "地方税関係情報", "年金関係情報"),
        sentences=(
            "生活保護法に基づき、保護の決定及び実施を行う。",
            "申請者の資産及び収入を調査し、保護の要否を判定する。",
            "保護費を算定し、支給する。",
        ),
        steps=(
            "申請者から保護申請書を受け付け、{system}に登録する。",
            "金融機関及び年金保険者に資産調査を行う。",
            "保護決定通知書を申請者に送付する。",
        ),
        items=("ケース番号", "保護開始日", "扶助種別", "収入認定額", "保護費"),
    ),
    _AffairSpec(
        name="障害福祉サービスに関する事務", short="障害福祉", row=108, order_article=51,
        query_rows=(120,), bureau="保健福祉局高齢障害部", section="障害福祉課",
        subjects="の障害福祉サービスの支給申請者及びその世帯員", info="障害者福祉関係情報",
        national=("中間サーバー", "国保連合会"),
        systems=("障害者福祉システム",),
        files=("障害福祉サービスファイル",),
        main_items=("障害者福祉関係情報", "地方税関係情報"),
        sentences=(
            "障害者の日常生活及び社会生活を総合的に支援するための法律に基づき、自立支援給付を行う。",
            "支給申請を受け付け、障害支援区分を認定し、支給を決定する。",
        ),
        steps=(
            "申請者から支給申請書を受け付け、{system}に登録する。",
            "国保連合会から請求情報を受け取り、審査する。",
            "支給決定通知書及び受給者証を申請者に送付する。",
        ),
        items=("受給者証番号", "障害支援区分", "支給量", "利用者負担上限額"),
    ),
)  # fmt: skip
"""The 事務 a municipality assesses; each municipality assesses several."""

_SHARED_SYSTEMS: Final = (
    "住民記録システム",
    "団体内統合宛名システム",
    "庁内連携基盤システム",
    "統合宛名管理システム",
    "文書管理システム",
)
"""Systems that every process of a municipality shares."""

_COMPANY_HEADS: Final = (
    "みなと", "あおば", "ひかり", "北斗", "東洋", "中央", "大和", "朝日", "さくら", "アルファ",
    "ミライ", "ネクスト", "テクノ", "ユニオン", "エース", "セントラル", "コスモ", "サンライズ",
    "ほくりく", "しなの", "せとうち", "西日本", "東日本", "オリオン", "フォレスト", "ブルー",
)  # fmt: skip
_COMPANY_TAILS: Final = (
    "情報システム", "計算センター", "データサービス", "ソリューションズ", "電算", "印刷",
    "ビジネスサービス", "システムズ", "情報処理センター", "コンピュータサービス",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class _Company:
    """A delegate: its canonical name and the spellings a text may use."""

    body: str
    before: bool
    """True for a 前株 company (``株式会社X``)."""

    @property
    def canonical(self) -> str:
        return f"株式会社{self.body}" if self.before else f"{self.body}株式会社"

    def written(self, rng: random.Random) -> str:
        form = rng.choice(("株式会社", "株式会社", "(株)", "㈱", "（株）"))
        if self.before:
            return f"{form}{self.body}" if rng.random() < 0.8 else f"{form} {self.body}"
        return f"{self.body}{form}"


_DELEGATION_TASKS: Final = (
    ("{system}の運用保守業務", "{system}の運用保守、障害対応及び制度改正に伴う改修を行う。"),
    ("{short}に係る帳票印刷及び封入封緘業務", "通知書等の帳票の印刷、封入封緘及び発送準備を行う。"),
    ("{short}申請書等のデータ入力業務", "申請書等の記載内容をデータ入力し、入力結果を検証する。"),
    ("ガバメントクラウド運用管理補助業務",
     "ガバメントクラウド上に構築した{system}の運用管理を補助する。"),
    ("{short}に係る窓口受付業務", "窓口における申請書等の受付、内容確認及び交付を行う。"),
    ("{short}に係るコールセンター業務", "電話による問合せへの対応を行う。"),
    ("{system}の標準化対応業務",
     "{system}を標準準拠システムに移行するための設計、構築及びデータ移行を行う。"),
)  # fmt: skip

_TRANSFER_SECTIONS: Final = (
    "保険年金課", "介護保険課", "こども家庭課", "障害福祉課", "納税課", "市民税課", "健康支援課",
    "保護課", "住宅政策課", "教育委員会学事課",
)  # fmt: skip

_MEASURES: Final = (
    "申請等の窓口において、届出内容や本人確認書類の確認を厳格に行い、対象者以外の情報の入手を"
    "防止する。",
    "システムへの入力は、権限を付与された職員に限定し、二重チェックを行う。",
    "ユーザIDとパスワードによる認証を行い、権限のない者によるアクセスを防止する。",
    "アクセスログを取得し、定期的に不正な操作がないか確認する。",
    "職員に対し、特定個人情報の取扱いに関する研修を年1回以上実施する。",
    "端末の画面は来庁者から見えない位置に設置し、一定時間操作がない場合は画面をロックする。",
    "外部記憶媒体への書き出しは原則として禁止し、必要な場合は所属長の承認を得る。",
    "委託契約書に特定個人情報の適正な取扱いに関する条項を定め、定期的に履行状況を確認する。",
    "特定個人情報を含む書類は施錠できる書庫に保管する。",
    "保管期間を経過した特定個人情報は、システム上で一括して消去する。",
    "情報提供ネットワークシステムとの通信は暗号化し、通信回線を団体ごとに分離する。",
)  # fmt: skip

_PLATFORM_MEASURES: Final = (
    ("中間サーバー・プラットフォーム",
     "中間サーバー・プラットフォームはデータセンターに設置し、入退室管理を行う。"),
    ("ガバメントクラウド",
     "ガバメントクラウドはISMAPのリストに登録されたクラウドサービスから調達する。"),
)  # fmt: skip

_ERASURES: Final = (
    "システム上で保管期間を経過したデータを一括して消去する。",
    "紙媒体は溶解処理し、電子データはシステムにより完全に消去する。",
    "記録媒体を廃棄する際は、物理的に破壊した上で廃棄する。",
)
"""③消去方法 (none starts with a label's wording: see the report on ``保管期間を…``)."""

_CHANGE_REASONS: Final = (
    "組織改正に伴う変更",
    "人事異動",
    "記載の明確化",
    "システム更改に伴う変更",
    "法令改正に伴う変更",
    "委託先の変更",
    "再実施に伴う記載の整理",
)

_RISK_CHOICES: Final = ("特に力を入れている", "十分である", "課題が残されている")
_UNRATED: Final = (
    "リスクへの対策は十分か\t[ ] <選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている"
)
"""The rating row of a risk the stage does not carry out (an empty template)."""
_ACQUISITION_TITLE: Final = "特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)"
_AUDIT_CHOICES: Final = ("特に力を入れて行っている", "十分に行っている", "十分に行っていない")
_POPULATION_CHOICES: Final = (
    "1,000人未満",
    "1,000人以上1万人未満",
    "1万人以上10万人未満",
    "10万人以上30万人未満",
    "30万人以上",
)
_SUBJECT_CHOICES: Final = (
    "1万人未満",
    "1万人以上10万人未満",
    "10万人以上100万人未満",
    "100万人以上1,000万人未満",
    "1,000万人以上",
)
_ITEM_CHOICES: Final = (
    "10項目未満",
    "10項目以上50項目未満",
    "50項目以上100項目未満",
    "100項目以上",
)
_HANDLER_CHOICES: Final = (
    "10人未満",
    "10人以上50人未満",
    "50人以上100人未満",
    "100人以上500人未満",
    "500人以上1,000人未満",
    "1,000人以上",
)
_RETENTION_CHOICES: Final = (
    "1年未満", "1年", "2年", "3年", "4年", "5年", "6年以上10年未満", "10年以上20年未満",
    "20年以上", "定められていない",
)  # fmt: skip
_TYPE_CHOICES: Final = ("システム用ファイル", "その他の電子ファイル(表計算ファイル等)")

_CONNECTION_ROWS: Final = (
    ("情報提供ネットワークシステム", "庁内連携システム"),
    ("住民基本台帳ネットワークシステム", "既存住民基本台帳システム"),
    ("宛名システム等", "税務システム"),
)
"""③他のシステムとの接続 as the form prints it, two boxes a row, then その他 (…)."""
_IDENTITY_ITEMS: Final = ("個人番号", "個人番号対応符号", "その他識別情報(内部番号)")
_CONTACT_ITEMS: Final = (
    "5情報(氏名、氏名の振り仮名、性別、生年月日、住所)",
    "連絡先(電話番号等)",
    "その他住民票関係情報",
)
_BUSINESS_ITEMS: Final = (
    "国税関係情報", "地方税関係情報", "健康・医療関係情報", "医療保険関係情報",
    "児童福祉・子育て関係情報", "障害者福祉関係情報", "生活保護・社会福祉関係情報",
    "介護・高齢者福祉関係情報", "雇用・労働関係情報", "年金関係情報", "学校・教育関係情報",
    "災害関係情報",
)  # fmt: skip
_SOURCE_BOXES: Final = (
    "本人又は本人の代理人",
    "評価実施機関内の他部署",
    "行政機関・独立行政法人等",
    "地方公共団体・地方独立行政法人",
    "民間事業者",
    "その他",
)
_SOURCE_NAMES: Final = {
    "評価実施機関内の他部署": ("市民課", "住民課", "課税課", "福祉総務課", "区政推進課"),
    "行政機関・独立行政法人等": ("国税庁", "日本年金機構", "デジタル庁", "法務局"),
    "地方公共団体・地方独立行政法人": ("都道府県", "他市区町村", "地方公共団体情報システム機構"),
    "民間事業者": ("金融機関", "給与等支払者", "医療機関"),
    "その他": ("国保連合会", "裁判所"),
}
_METHOD_ROWS: Final = (
    ("紙", "電子記録媒体(フラッシュメモリを除く。)", "フラッシュメモリ"),
    ("電子メール", "専用線", "庁内連携システム"),
    ("情報提供ネットワークシステム",),
)
_METHOD_CANONICAL: Final = {
    "電子記録媒体(フラッシュメモリを除く。)": "電子記録媒体（フラッシュメモリを除く。）"
}
"""Box labels whose canonical label (the lexicon's) differs from the printed one."""
_DELEGATION_METHODS: Final = (
    "専用線", "電子メール", "電子記録媒体(フラッシュメモリを除く。)", "フラッシュメモリ", "紙",
)  # fmt: skip
_PROVISION_METHODS: Final = (
    ("情報提供ネットワークシステム", "専用線"),
    ("電子メール", "電子記録媒体(フラッシュメモリを除く。)"),
    ("フラッシュメモリ", "紙"),
)
_TRANSFER_METHODS: Final = (
    ("庁内連携システム", "専用線"),
    ("電子メール", "電子記録媒体(フラッシュメモリを除く。)"),
    ("フラッシュメモリ", "紙"),
)


# =================================================================================================
# Records of a generated assessment
# =================================================================================================


@dataclass(frozen=True, slots=True, kw_only=True)
class SyntheticAssessment:
    """One generated assessment: its text, how it is saved, and the records it states."""

    name: str
    """The file name, ``synthetic-NNNNNN.txt``."""
    seed: int
    index: int
    text: str
    """The text as saved (damage applied; what decoding the saved bytes gives)."""
    encoding: str
    """``utf-8``, ``utf-8-sig`` or ``cp932``."""
    newline: str
    """``\\n`` or ``\\r\\n``."""
    expected: ExtractionResult
    """The records the text states, each with the line it starts on in :attr:`text`."""
    damage: tuple[AppliedDamage, ...] = ()
    """The damage applied, in order."""

    def to_bytes(self) -> bytes:
        """The bytes of the file: :attr:`text` with :attr:`newline` line ends, encoded."""
        text = self.text.replace("\n", self.newline) if self.newline != "\n" else self.text
        return text.encode(self.encoding)


_CP932_FOLDS: Final = (("—", "―"), ("〜", "～"), ("−", "－"), ("‖", "∥"))
"""What a Windows tool writes for characters CP932 spells with another code point."""


def _for_encoding(text: str, encoding: str) -> tuple[str, int]:
    """``text`` as it reads after saving in ``encoding``; how many characters became ``?``."""
    if encoding != "cp932":
        return text, 0
    folded = text
    for unicode_point, windows_point in _CP932_FOLDS:
        if unicode_point in folded:
            folded = folded.replace(unicode_point, windows_point)
    saved = folded.encode("cp932", errors="replace").decode("cp932")
    return saved, saved.count("?") - folded.count("?")


_ITEM_HEADING: Final = re.compile(r"^\d\. \S+$")


def _html_line(line: str) -> str:
    """A line as an HTML table converter writes it (line count and meaning unchanged).

    >>> _html_line("①部署\\t総務課")
    '①部署\\t<p>総務課</p>'
    >>> _html_line("3. 特定個人情報ファイル名")
    '<b>3. 特定個人情報ファイル名</b>\\t'
    """
    if _ITEM_HEADING.match(line):
        return f"<b>{line}</b>\t"
    if "\t" not in line:
        return line
    cells = line.split("\t")
    for position in range(1, len(cells)):
        cell = cells[position]
        if not cell or "[" in cell or "<" in cell.replace("<選択肢>", ""):
            continue
        cells[position] = f"<p>{cell}</p>"
    return "\t".join(cells)


class _Writer:
    """The lines of a text being written; :meth:`add` says which line a record starts on."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.html = False
        """Write cells as an HTML converter does (see :func:`_html_line`)."""

    def add(self, *lines: str) -> int:
        """Append lines; return the 1-based number of the first."""
        first = len(self.lines) + 1
        if self.html:
            lines = tuple(_html_line(line) for line in lines)
        self.lines.extend(lines)
        return first

    def blank(self) -> None:
        self.lines.append("")

    def line_after(self) -> int:
        """The 1-based number the next line added will have."""
        return len(self.lines) + 1


def _seeded(seed: int, *parts: object) -> random.Random:
    """A generator seeded by ``seed`` and ``parts``, the same on every run and machine."""
    key = "/".join(str(part) for part in (seed, *parts)).encode()
    return random.Random(int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big"))


# --- numerals and dates ------------------------------------------------------------------------

_KANJI_DIGITS: Final = "〇一二三四五六七八九"


def _kanji(number: int) -> str:
    """``number`` (1–9999) in kanji counting form.

    >>> _kanji(24), _kanji(19), _kanji(110), _kanji(2)
    ('二十四', '十九', '百十', '二')
    """
    parts: list[str] = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, number = divmod(number, value)
        if digit:
            parts.append(("" if digit == 1 else _KANJI_DIGITS[digit]) + unit)
    if number:
        parts.append(_KANJI_DIGITS[number])
    return "".join(parts)


def _wareki(day: date) -> str:
    """A date as the form writes it.

    >>> _wareki(date(2023, 4, 1)), _wareki(date(2016, 1, 1)), _wareki(date(2019, 5, 7))
    ('令和5年4月1日', '平成28年1月1日', '令和元年5月7日')
    """
    era, year = ("令和", day.year - 2018) if day >= date(2019, 5, 1) else ("平成", day.year - 1988)
    return f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


# --- citations ---------------------------------------------------------------------------------

_BANGO: Final = "行政手続における特定の個人を識別するための番号の利用等に関する法律"
_ORDER_19: Final = (
    "行政手続における特定の個人を識別するための番号の利用等に関する法律第十九条第八号に基づく"
    "利用特定個人情報の提供に関する命令"
)
_BEPPYO_ORDER: Final = "番号法別表の主務省令で定める事務を定める命令"
_TAX_ROW: Final = 24
"""The row of 番号法 別表 of the local taxes (the 事務 whose transfers may cite 地方税法)."""


@cache
def _law(name: str) -> tuple[str | None, str | None]:
    concept = law_by_name(name)
    if concept is None:
        return None, None
    return concept.pref_label, concept.law_id


def _cite(
    text: str,
    abbrev: str,
    *,
    article: str | None = None,
    paragraph: str | None = None,
    item: str | None = None,
    table: str | None = None,
    rows: tuple[str, ...] = (),
    local: bool = False,
    table_law: str | None = None,
    line: int | None = None,
) -> Citation:
    law, law_id = (None, None) if local else _law(abbrev)
    table_law_id = _law(table_law)[1] if table_law else None
    return Citation(
        text=text,
        law=law,
        law_abbrev=abbrev,
        law_id=law_id,
        article=article,
        paragraph=paragraph,
        item=item,
        table=table,
        rows=rows,
        local=local,
        table_law=_law(table_law)[0] if table_law else None,
        table_law_id=table_law_id,
        line=line,
    )


def _number_use_citation(rng: random.Random, row: int) -> tuple[str, Citation]:
    """番号法第9条第1項 別表N の項, as one of the spellings the texts use."""
    style = rng.random()
    if style < 0.15:
        text = f"番号法第九条第一項 別表の{_kanji(row)}の項"
    elif style < 0.3:
        text = f"{_BANGO}第9条第1項 別表の{row}の項"
        return text, _cite(text, _BANGO, article="9", paragraph="1", table="別表", rows=(str(row),))
    elif style < 0.6:
        text = f"番号法第9条第1項 別表{row}の項"
    else:
        text = f"番号法第9条第1項 別表の{row}の項"
    return text, _cite(text, "番号法", article="9", paragraph="1", table="別表", rows=(str(row),))


def _rows_text(rows: Sequence[int], rng: random.Random) -> str:
    if len(rows) == 1:
        return f"{rows[0]}の項"
    if rng.random() < 0.5:
        return "、".join(str(row) for row in rows) + "の項"
    return (
        "(" + "、".join(f"第{row}" if i == 0 else str(row) for i, row in enumerate(rows)) + "の項)"
    )


def _linkage_citation(rng: random.Random, rows: Sequence[int]) -> tuple[str, Citation]:
    """番号法第19条第8号に基づく主務省令第2条の表N の項."""
    text = f"番号法第19条第8号に基づく主務省令第2条の表{_rows_text(rows, rng)}"
    return text, _cite(
        text,
        "番号法",
        article="19",
        item="8",
        table="2",
        rows=tuple(str(row) for row in rows),
        table_law=_ORDER_19,
    )


# --- layout helpers ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class _Style:
    """How one document prints the form (all shapes the corpus shows, none of them damage)."""

    markdown: bool
    """Part headings with ``#`` marks."""
    tick: str
    """The ticked box (``[○]`` or ``[ ○ ]``)."""
    none_mark: str
    """What an empty free-text field says (``—``, ``-``)."""
    bullets: bool
    """別添1 steps as Markdown list items."""
    html: bool = False
    """Cells as an HTML table converter writes them (``<p>`` around values, ``<b>`` item
    headings, ``&lt;選択肢&gt;``), from Ⅰ on."""
    merged_dates: bool = False
    """A change row under the same 変更日 as the row above leaves its date cell empty."""


def _choice(selected: str, choices: Sequence[str]) -> str:
    listed = " ".join(f"{number}) {choice}" for number, choice in enumerate(choices, start=1))
    return f"[ {selected} ] <選択肢> {listed}"


def _boxes(style: _Style, labels: Sequence[str], ticked: Iterable[str]) -> str:
    marked = set(ticked)
    return " ".join(f"{style.tick if label in marked else '[ ]'} {label}" for label in labels)


# =================================================================================================
# The generator
# =================================================================================================


@dataclass(frozen=True, slots=True, kw_only=True)
class _Municipality:
    number: int
    name: str
    prefecture: str
    city: bool


def _municipality(seed: int, number: int) -> _Municipality:
    rng = _seeded(seed, "municipality", number)
    name = municipality_name(number, seed)
    return _Municipality(
        number=number, name=name, prefecture=rng.choice(PREFECTURES), city=name.endswith("市")
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _File:
    """What the generator decided about one file before writing Ⅱ and Ⅲ."""

    name: str
    delegations: int
    provisions: int
    transfers: int


class _Generator:
    """Writes one assessment and records what it wrote."""

    def __init__(self, seed: int, index: int, per_municipality: int) -> None:
        self.seed = seed
        self.index = index
        self.rng = _seeded(seed, "assessment", index)
        self.municipality = _municipality(seed, index // per_municipality)
        slot = index % per_municipality
        offset = _seeded(seed, "offset", self.municipality.number).randrange(len(_AFFAIRS))
        self.affair = _AFFAIRS[(slot + offset) % len(_AFFAIRS)]
        self.number = str(slot + 1 + _seeded(seed, "base", self.municipality.number).randrange(40))
        rng = self.rng
        self.style = _Style(
            markdown=rng.random() < 0.5,
            tick=rng.choice(("[○]", "[ ○ ]", "[○]")),
            none_mark=rng.choice(("—", "—", "-")),
            bullets=rng.random() < 0.5,
            html=rng.random() < 0.3,
            merged_dates=rng.random() < 0.5,
        )
        self.w = _Writer()
        muni = self.municipality
        self.department = self._department(self.affair.section)
        self.head_title = rng.choice(("課長", f"{self.affair.section}長", "部長"))
        self.systems = self._system_names()
        count = 1 if rng.random() < 0.75 else 2
        self.files = [
            _File(
                name=self.affair.files[i % len(self.affair.files)]
                if i < len(self.affair.files)
                else f"{self.affair.short}関連ファイル",
                delegations=rng.choice((0, 1, 1, 2, 2, 3)),
                provisions=rng.choice((0, 1, 2, 3, 4)),
                transfers=rng.choice((0, 0, 1, 2)),
            )
            for i in range(count)
        ]
        self.linkage = rng.random() < 0.9
        self.provides = self.linkage and rng.random() < 0.6
        self.prefix = f"{muni.prefecture}{muni.name}" if rng.random() < 0.3 else muni.name

    # --- helpers ----------------------------------------------------------------------------

    def _department(self, section: str) -> str:
        if self.municipality.city:
            return f"{self.affair.bureau}{section}"
        return section

    def _system_names(self) -> list[str]:
        rng = self.rng
        own = list(self.affair.systems)
        shared = rng.sample(_SHARED_SYSTEMS, rng.randint(1, 3))
        names = own + shared
        if rng.random() < 0.3:
            names.append("中間サーバー")
        if "eLTAX" in self.affair.national and rng.random() < 0.5:
            names.append("eLTAX")
        return names

    def _none(self) -> str:
        return self.style.none_mark

    def _sentences(self, pool: Sequence[str], low: int, high: int) -> str:
        rng = self.rng
        chosen = rng.sample(list(pool), min(len(pool), rng.randint(low, high)))
        return "".join(chosen)

    def _heading(self, text: str, level: int = 1) -> int:
        if self.style.markdown:
            return self.w.add("#" * level + " " + text)
        return self.w.add(text)

    # --- the document -------------------------------------------------------------------------

    def generate(self) -> ExtractionResult:
        document = self._cover()
        self._contents()
        affair, systems, file_names, basis, linkage = self._basic_info()
        steps = self._flow()
        files = [self._file(plan, position) for position, plan in enumerate(self.files, 1)]
        items = self._record_items(files)
        risks = self._risks(files)
        risks += self._other_measures()
        self._disclosure_and_procedure()
        changes = self._changes(files, basis)
        source = SourceDocument(id="", path="", sha256="", encoding="utf-8", text="")
        return ExtractionResult(
            source=source,
            document=document,
            affair=affair,
            systems=tuple(systems),
            file_names=tuple(file_names),
            mynumber_use_basis=tuple(basis),
            network_linkage=linkage,
            files=tuple(files),
            flow_steps=tuple(steps),
            data_items=tuple(items),
            risks=tuple(risks),
            changes=tuple(changes),
        )

    def _cover(self) -> Document:
        rng, w, muni = self.rng, self.w, self.municipality
        first = self._heading("特定個人情報保護評価書(全項目評価書)")
        w.blank()
        if rng.random() < 0.5:
            title = f"{self.affair.name} 全項目評価書"
        else:
            title = f"{muni.name} {self.affair.name}"
        w.add("評価書番号\t評価書名", f"{self.number}\t{title}")
        w.blank()
        self._heading("個人のプライバシー等の権利利益の保護の宣言", 2)
        w.blank()
        w.add(
            f"{muni.name}は、{self.affair.name}における特定個人情報ファイルの取扱いに当たり、特定個人"
            "情報ファイルの取扱いが個人のプライバシー等の権利利益に影響を及ぼしかねないことを認識し、"
            "特定個人情報の漏えいその他の事態を発生させるリスクを軽減させるために適切な措置を講じ、"
            "もって個人のプライバシー等の権利利益の保護に取り組んでいることを宣言する。"
        )
        w.blank()
        self._heading("特記事項", 3)
        w.blank()
        w.add(self._none())
        w.blank()
        self._heading("評価実施機関名", 2)
        w.blank()
        org = f"{self.prefix}長"
        w.add(org)
        w.blank()
        self._heading("個人情報保護委員会 承認日【行政機関等のみ】", 2)
        w.blank()
        self._heading("公表日", 2)
        w.blank()
        form = None
        if rng.random() < 0.6:
            form = rng.choice(("令和7年5月 様式4", "令和6年4月 様式4"))
            w.add(f"[{form}]")
        published_date = _random_date(rng, date(2023, 4, 1), date(2025, 12, 26))
        published = _wareki(published_date)
        w.add(published)
        w.blank()
        return Document(
            kind=FULL,
            org=org,
            municipality=muni.name,
            number=self.number,
            title=title,
            form=form,
            published=published,
            published_date=published_date,
            line=first,
        )

    def _contents(self) -> None:
        w = self.w
        self._heading("項目一覧", 2)
        w.blank()
        w.add(
            "Ⅰ 基本情報",
            "(別添1) 事務の内容",
            "Ⅱ 特定個人情報ファイルの概要",
            "(別添2) 特定個人情報ファイル記録項目",
            "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策",
            "Ⅳ その他のリスク対策",
            "Ⅴ 開示請求、問合せ",
            "Ⅵ 評価実施手続",
            "(別添3) 変更箇所",
        )
        w.blank()

    def _basic_info(
        self,
    ) -> tuple[Affair, list[System], list[str], list[Citation], NetworkLinkage]:
        rng, w, affair = self.rng, self.w, self.affair
        self._heading("Ⅰ 基本情報")
        w.blank()
        w.html = self.style.html
        affair_line = w.add("1. 特定個人情報ファイルを取り扱う事務")
        w.add(f"①事務の名称\t{affair.name}")
        summary = self._sentences(affair.sentences, 2, len(affair.sentences))
        summary += "(具体的な特定個人情報の流れについては別添1に記載。)"
        w.add(f"②事務の内容 ※\t{summary}")
        population = rng.choice(_POPULATION_CHOICES[1:])
        w.add(f"③対象人数\t{_choice(population, _POPULATION_CHOICES)}")
        w.blank()

        w.add("2. 特定個人情報ファイルを取り扱う事務において使用するシステム")
        systems: list[System] = []
        for no, name in enumerate(self.systems, start=1):
            systems.append(self._system(no, name))
        w.blank()

        w.add("3. 特定個人情報ファイル名")
        names = [plan.name for plan in self.files]
        if len(names) == 1:
            w.add(names[0])
        else:
            for number, name in enumerate(names, start=1):
                w.add(f"({number}) {name}")
        w.add("4. 特定個人情報ファイルを取り扱う理由")
        w.add(
            f"①事務実施上の必要性\t{affair.short}の事務を正確かつ効率的に行うため、"
            "個人番号により対象者を特定する必要がある。"
        )
        w.add("②実現が期待されるメリット\t添付書類の省略により、住民の負担が軽減される。")

        w.add("5. 個人番号の利用 ※")
        text, citation = _number_use_citation(rng, affair.row)
        basis_line = w.line_after()
        basis = [replace(citation, line=basis_line)]
        if rng.random() < 0.5:
            order = f"{_BEPPYO_ORDER}第{affair.order_article}条"
            text += f" {order}"
            basis.append(
                replace(
                    _cite(order, _BEPPYO_ORDER, article=str(affair.order_article)),
                    line=basis_line,
                )
            )
        w.add(f"法令上の根拠\t{text}")

        w.add("6. 情報提供ネットワークシステムによる情報連携 ※")
        status = "実施する" if self.linkage else rng.choice(("実施しない", "未定"))
        status_line = w.add(f"①実施の有無\t{_choice(status, ('実施する', '実施しない', '未定'))}")
        linkage_basis: list[Citation] = []
        if self.linkage:
            query_text, query = _linkage_citation(rng, affair.query_rows)
            pieces = [f"【情報照会】 {query_text}"]
            line = w.line_after()
            linkage_basis.append(replace(query, line=line))
            if self.provides:
                rows = sorted(rng.sample([r.row for r in _RECIPIENTS], rng.randint(1, 3)))
                provide_text, provide = _linkage_citation(rng, rows)
                pieces.append(f"【情報提供】 {provide_text}")
                linkage_basis.append(replace(provide, line=line))
            else:
                pieces.append("【情報提供】 しない")
            basis_text: str | None = " ".join(pieces)
            w.add(f"②法令上の根拠\t{basis_text}")
        else:
            basis_text = None
            w.add(f"②法令上の根拠\t{self._none()}")
        linkage = NetworkLinkage(
            status=status, basis=tuple(linkage_basis), basis_text=basis_text, line=status_line
        )

        w.add("7. 評価実施機関における担当部署")
        w.add(f"①部署\t{self.department}", f"②所属長の役職名\t{self.head_title}")
        w.add("8. 他の評価実施機関")
        w.blank()
        record = Affair(
            name=affair.name,
            summary=summary,
            population=population,
            department=self.department,
            head_title=self.head_title,
            other_assessors=(),
            line=affair_line,
        )
        return record, systems, names, basis, linkage

    def _system(self, no: int, name: str) -> System:
        rng, w, style = self.rng, self.w, self.style
        total = len(self.systems)
        if no > 1 and (no - 2) % 4 == 0 and no + 3 <= total:
            w.add(f"システム{no}～{no + 3}")
        first = w.add(f"システム{no}")
        w.add(f"①システムの名称\t{name}")
        functions = f"{name}は、{self.affair.short}の事務に必要な情報を管理する。" + rng.choice(
            (
                "申請の受付、審査及び決定の結果を登録する。",
                "宛名情報を照会し、個人番号により対象者を特定する。",
                "他の業務システムとの間でデータを連携する。",
                "通知書等の帳票を作成する。",
            )
        )
        w.add(f"②システムの機能\t{functions}")
        options = [label for row in _CONNECTION_ROWS for label in row]
        ticked = [label for label in options if rng.random() < 0.4]
        others: list[str] = []
        if rng.random() < 0.4:
            pool = [s for s in (*self.systems, *self.affair.national) if s != name]
            others = rng.sample(pool, min(len(pool), rng.randint(1, 2)))
        other_box = f"{style.tick if others else '[ ]'} その他 ( {'、'.join(others)} )"
        rows = [_boxes(style, row, ticked) for row in _CONNECTION_ROWS]
        if rng.random() < 0.5:
            w.add(f"③他のシステムとの接続\t{rows[0]}")
            for row in rows[1:]:
                w.add(f"\t{row}")
            w.add(f"\t{other_box}")
        else:
            w.add(f"③他のシステムとの接続\t{' '.join(rows)} {other_box}")
        connections = [label for label in options if label in ticked]
        order = {label: position for position, label in enumerate(_CONNECTION_ORDER)}
        connections.sort(key=order.__getitem__)
        if others:
            connections.append("その他")
        return System(
            no=no,
            name=name,
            functions=functions,
            connections=tuple(connections),
            connections_other=tuple(others),
            line=first,
        )

    def _flow(self) -> list[FlowStep]:
        rng, w = self.rng, self.w
        w.add("(別添1) 事務の内容")
        w.blank()
        w.add("(備考)")
        w.blank()
        steps: list[FlowStep] = []
        templates = list(self.affair.steps)
        count = rng.randint(max(2, len(templates) - 1), len(templates))
        for no, template in enumerate(templates[:count], start=1):
            text = template.format(system=rng.choice(self.affair.systems))
            marker = chr(0x2460 + no - 1)
            line = w.add(f"- {marker}{text}" if self.style.bullets else f"{marker}{text}")
            steps.append(FlowStep(no=no, text=text, line=line))
        w.blank()
        return steps

    # --- Ⅱ -------------------------------------------------------------------------------------

    def _file(self, plan: _File, position: int) -> InformationFile:
        rng, w, affair, muni = self.rng, self.w, self.affair, self.municipality
        if position == 1:
            self._heading("Ⅱ 特定個人情報ファイルの概要")
            w.blank()
        first = w.add("1. 特定個人情報ファイル名")
        w.add(plan.name)
        w.add("2. 基本情報")
        file_type = _TYPE_CHOICES[0] if rng.random() < 0.9 else _TYPE_CHOICES[1]
        w.add(f"①ファイルの種類 ※\t{_choice(file_type, _TYPE_CHOICES)}")
        subjects = rng.choice(_SUBJECT_CHOICES[:4])
        w.add(f"②対象となる本人の数\t{_choice(subjects, _SUBJECT_CHOICES)}")
        scope = f"{muni.name}{affair.subjects}"
        w.add(f"③対象となる本人の範囲 ※\t{scope}")
        w.add(f"その必要性\t{affair.short}の事務を行うため、対象者全員の情報を保有する必要がある。")
        items = rng.choice(_ITEM_CHOICES[1:])
        w.add(f"④記録される項目\t{_choice(items, _ITEM_CHOICES)}")
        main = self._main_items()
        w.add(f"主な記録項目 ※\t{main[1]}")
        w.add("その妥当性\t本人確認及び事務の遂行に必要な項目に限り記録している。")
        w.add("全ての記録項目\t別添2を参照。")
        holding = _random_date(rng, date(2015, 10, 5), date(2024, 4, 1))
        w.add(f"⑤保有開始日\t{_wareki(holding)}")
        w.add(f"⑥事務担当部署\t{self.department}")
        w.blank()

        w.add("3. 特定個人情報の入手・使用")
        sources_line, sources = self._sources()
        w.add(f"①入手元 ※\t{sources_line}")
        methods_line, methods = self._acquisition_methods()
        w.add(f"②入手方法\t{methods_line}")
        w.add("③入手の時期・頻度\t申請及び届出を受け付けた都度。")
        w.add(f"④入手に係る妥当性\t{affair.short}の事務を行うために必要な情報に限り入手する。")
        w.add("⑤本人への明示\t申請書等の様式に個人番号の利用目的を明示している。")
        w.add(f"⑥使用目的 ※\t{affair.short}の事務において対象者を正確に特定するため。")
        w.add(f"変更の妥当性\t{self._none()}")
        users = [self.department]
        if rng.random() < 0.5:
            users.append(rng.choice(("各区役所区民課", "各支所", "各出張所")))
        w.add(f"⑦使用の主体\t使用部署 ※\t{'、'.join(users)}")
        handler = rng.choice(_HANDLER_CHOICES[:4])
        w.add(f"\t使用者数\t{_choice(handler, _HANDLER_CHOICES)}")
        w.add(f"⑧使用方法 ※\t{affair.short}の事務において、個人番号により対象者を特定する。")
        w.add("\t情報の突合 ※\t個人番号と宛名番号を紐付けて使用する。")
        w.add("\t情報の統計分析 ※\t特定の個人を判別し得るような統計分析は行わない。")
        w.add(f"\t権利利益に影響を与え得る決定 ※\t{affair.short}に係る決定")
        w.add(f"⑨使用開始日\t{_wareki(holding)}")
        w.blank()

        delegations = self._delegations(plan)
        provisions, transfers = self._provisions(plan)
        storage = self._storage()
        w.add("7. 備考")
        w.add(self._none())
        w.blank()
        return InformationFile(
            no=position,
            name=plan.name,
            type=file_type,
            subjects=subjects,
            subject_scope=scope,
            items=items,
            main_items=main[0],
            holding_start=_wareki(holding),
            holding_start_date=holding,
            department=self.department,
            sources=sources,
            acquisition_methods=methods,
            users=tuple(users),
            delegation_present=plan.delegations > 0,
            delegation_count=plan.delegations,
            delegations=delegations,
            provision_count=plan.provisions,
            transfer_count=plan.transfers,
            provisions=provisions,
            transfers=transfers,
            storage=storage,
            line=first,
        )

    def _main_items(self) -> tuple[tuple[str, ...], str]:
        rng, style = self.rng, self.style
        ticked = {"個人番号", "その他識別情報(内部番号)", _CONTACT_ITEMS[0]}
        if rng.random() < 0.5:
            ticked.add("個人番号対応符号")
        if rng.random() < 0.5:
            ticked.add("連絡先(電話番号等)")
        if rng.random() < 0.5:
            ticked.add("その他住民票関係情報")
        ticked.update(self.affair.main_items)
        line = (
            f"・識別情報 {_boxes(style, _IDENTITY_ITEMS, ticked)} "
            f"・連絡先等情報 {_boxes(style, _CONTACT_ITEMS, ticked)} "
            f"・業務関係情報 {_boxes(style, _BUSINESS_ITEMS, ticked)} [ ] その他 ( )"
        )
        order = (*_IDENTITY_ITEMS, *_CONTACT_ITEMS, *_BUSINESS_ITEMS)
        return tuple(item for item in order if item in ticked), line

    def _sources(self) -> tuple[str, tuple[str, ...]]:
        rng, style = self.rng, self.style
        parts: list[str] = []
        entries: list[str] = []
        for box in _SOURCE_BOXES:
            names: list[str] = []
            ticked = box == _SOURCE_BOXES[0] or rng.random() < 0.5
            if ticked and box in _SOURCE_NAMES:
                pool = _SOURCE_NAMES[box]
                names = rng.sample(pool, rng.randint(1, min(2, len(pool))))
            mark = style.tick if ticked else "[ ]"
            if box == _SOURCE_BOXES[0]:
                parts.append(f"{mark} {box}")
            else:
                parts.append(f"{mark} {box} ( {'、'.join(names)} )")
            if ticked:
                entries.append(box)
                entries += [f"{box}: {name}" for name in names]
        return " ".join(parts), tuple(entries)

    def _acquisition_methods(self) -> tuple[str, tuple[str, ...]]:
        rng, style = self.rng, self.style
        labels = [label for row in _METHOD_ROWS for label in row]
        ticked = [label for label in labels if rng.random() < 0.35] or ["紙"]
        if self.linkage and "情報提供ネットワークシステム" not in ticked:
            ticked.append("情報提供ネットワークシステム")
        others: list[str] = []
        if rng.random() < 0.3:
            others = rng.sample(["住民基本台帳ネットワークシステム", "eLTAX", "マイナポータル"], 1)
        line = _boxes(style, labels, ticked)
        line += f" {style.tick if others else '[ ]'} その他 ( {'、'.join(others)} )"
        methods = [_METHOD_CANONICAL.get(label, label) for label in labels if label in ticked]
        if others:
            methods += ["その他", *others]
        return line, tuple(methods)

    def _delegations(self, plan: _File) -> tuple[Delegation, ...]:
        rng, w, style, affair, muni = self.rng, self.w, self.style, self.affair, self.municipality
        w.add("4. 特定個人情報ファイルの取扱いの委託")
        if plan.delegations == 0:
            w.add(f"委託の有無 ※\t{_choice('委託しない', ('委託する', '委託しない'))}")
            w.blank()
            return ()
        w.add(
            f"委託の有無 ※\t{_choice('委託する', ('委託する', '委託しない'))} "
            f"( {plan.delegations} ) 件"
        )
        records: list[Delegation] = []
        tasks = rng.sample(_DELEGATION_TASKS, plan.delegations)
        for no, (task, content) in enumerate(tasks, start=1):
            system = rng.choice(affair.systems)
            name = task.format(system=system, short=affair.short)
            content = content.format(system=system, short=affair.short)
            company = _Company(
                body=rng.choice(_COMPANY_HEADS) + rng.choice(_COMPANY_TAILS),
                before=rng.random() < 0.6,
            )
            first = w.add(f"委託事項{no}\t{name}")
            w.add(f"①委託内容\t{content}")
            whole = rng.random() < 0.7
            scope_choice = "特定個人情報ファイルの全体" if whole else "特定個人情報ファイルの一部"
            w.add(
                "②取扱いを委託する特定個人情報ファイルの範囲\t"
                + _choice(
                    scope_choice, ("特定個人情報ファイルの全体", "特定個人情報ファイルの一部")
                )
            )
            count = rng.choice(_SUBJECT_CHOICES[:4])
            w.add(f"\t対象となる本人の数\t{_choice(count, _SUBJECT_CHOICES)}")
            scope = f"{muni.name}{affair.subjects}"
            w.add(f"\t対象となる本人の範囲 ※\t{scope}")
            reason = "委託業務の遂行に必要な範囲に限り取り扱わせる。"
            w.add(f"\tその妥当性\t{reason}")
            handlers = rng.choice(_HANDLER_CHOICES[:3])
            w.add(f"③委託先における取扱者数\t{_choice(handlers, _HANDLER_CHOICES)}")
            methods = [rng.choice(_DELEGATION_METHODS)]
            w.add(
                "④委託先への特定個人情報ファイルの提供方法\t"
                + _boxes(style, _DELEGATION_METHODS, methods)
                + " [ ] その他 ( )"
            )
            confirmation = rng.choice(
                ("契約締結後、市ホームページにて公表している。", "問合せがあれば対応する。")
            )
            w.add(f"⑤委託先名の確認方法\t{confirmation}")
            w.add(f"⑥委託先名\t{company.written(rng)}")
            subcontract = rng.random() < 0.4
            w.add(
                "再委託\t⑦再委託の有無 ※\t"
                + _choice(
                    "再委託する" if subcontract else "再委託しない", ("再委託する", "再委託しない")
                )
            )
            permission = "書面による事前の申請に基づき承諾する。" if subcontract else None
            content_sub = "システムの保守作業の一部" if subcontract else None
            w.add(f"\t⑧再委託の許諾方法\t{permission or ''}".rstrip("\t"))
            w.add(f"\t⑨再委託事項\t{content_sub or ''}".rstrip("\t"))
            records.append(
                Delegation(
                    no=no,
                    name=name,
                    content=content,
                    subjects=scope_choice,
                    subject_count=count,
                    subject_scope=scope,
                    scope_reason=reason,
                    handlers=handlers,
                    methods=tuple(_METHOD_CANONICAL.get(m, m) for m in methods),
                    contractor=company.canonical,
                    contractor_confirmation=confirmation,
                    subcontract=subcontract,
                    subcontract_method=permission,
                    subcontract_content=content_sub,
                    line=first,
                )
            )
        w.blank()
        return tuple(records)

    def _provisions(self, plan: _File) -> tuple[tuple[Provision, ...], tuple[Provision, ...]]:
        rng, w, style = self.rng, self.w, self.style
        w.add("5. 特定個人情報の提供・移転(委託に伴うものを除く。)")
        status = (
            f"{style.tick if plan.provisions else '[ ]'} 提供を行っている ( {plan.provisions} ) 件 "
            f"{style.tick if plan.transfers else '[ ]'} 移転を行っている ( {plan.transfers} ) 件 "
            f"{'[ ]' if plan.provisions or plan.transfers else style.tick} 行っていない"
        )
        w.add(f"提供・移転の有無\t{status}")
        provisions: list[Provision] = []
        for no, recipient in enumerate(rng.sample(_RECIPIENTS, plan.provisions), start=1):
            provisions.append(self._provision(no, recipient))
        transfers: list[Provision] = []
        sections = rng.sample(_TRANSFER_SECTIONS, plan.transfers)
        for no, section in enumerate(sections, start=1):
            transfers.append(self._transfer(no, section))
        w.blank()
        return tuple(provisions), tuple(transfers)

    def _flow_fields(
        self, word: str, methods_rows: Sequence[Sequence[str]], default: str
    ) -> tuple[str, str, str, tuple[str, ...], str]:
        rng, w, style, affair, muni = self.rng, self.w, self.style, self.affair, self.municipality
        info = rng.choice((affair.info, f"個人番号、5情報、{affair.info}"))
        w.add(f"③{word}する情報\t{info}")
        count = rng.choice(_SUBJECT_CHOICES[:4])
        w.add(f"④{word}する情報の対象となる本人の数\t{_choice(count, _SUBJECT_CHOICES)}")
        scope = f"{muni.name}{affair.subjects}のうち、照会のあった者"
        w.add(f"⑤{word}する情報の対象となる本人の範囲\t{scope}")
        methods = [default]
        if rng.random() < 0.2:
            methods.append(rng.choice(("電子メール", "紙")))
        labels = [label for row in methods_rows for label in row]
        w.add(f"⑥{word}方法\t{_boxes(style, labels, methods)} [ ] その他 ( )")
        timing = rng.choice(("照会を受けた都度", "随時", "毎月1回", "年1回(6月)"))
        w.add(f"⑦時期・頻度\t{timing}")
        ordered = tuple(_METHOD_CANONICAL.get(label, label) for label in labels if label in methods)
        return info, count, scope, ordered, timing

    def _provision(self, no: int, recipient: _Recipient) -> Provision:
        rng, w = self.rng, self.w
        first = w.add(f"提供先{no}\t{recipient.name}")
        basis_line = w.line_after()
        if rng.random() < 0.2:
            # Written without に基づく, the article of the Act and the order's table are two
            # citations, as a reader takes them.
            order = f"主務省令第2条の表{recipient.row}の項"
            text = f"番号法第19条第8号 {order}"
            citations = [
                _cite("番号法第19条第8号", "番号法", article="19", item="8"),
                _cite(order, "主務省令", article="2", table="2", rows=(str(recipient.row),)),
            ]
        else:
            text, citation = _linkage_citation(rng, (recipient.row,))
            citations = [citation]
        w.add(f"①法令上の根拠\t{text}")
        w.add(f"②提供先における用途\t{recipient.purpose}")
        info, count, scope, methods, timing = self._flow_fields(
            "提供", _PROVISION_METHODS, "情報提供ネットワークシステム"
        )
        return Provision(
            no=no,
            recipient=recipient.name,
            basis=tuple(replace(citation, line=basis_line) for citation in citations),
            basis_text=text,
            purpose=recipient.purpose,
            info=info,
            count=count,
            scope=scope,
            methods=methods,
            timing=timing,
            source_form_ref="Ⅱ 5",
            line=first,
        )

    def _transfer(self, no: int, section: str) -> Provision:
        rng, w, muni = self.rng, self.w, self.municipality
        recipient = self._department(section) if rng.random() < 0.5 else section
        first = w.add(f"移転先{no}\t{recipient}")
        row = rng.choice([affair.row for affair in _AFFAIRS])
        shape = rng.random()
        if shape < 0.45:
            text, citation = _number_use_citation(rng, row)
            citations = [citation]
        elif shape < 0.6 and self.affair.row == _TAX_ROW:
            tax = "地方税法第294条第1項"
            text = f"{tax}、第317条の6"
            citations = [
                _cite(tax, "地方税法", article="294", paragraph="1"),
                _cite("第317条の6", "地方税法", article="317の6"),
            ]
        else:
            ordinance = f"{muni.name}個人番号の利用及び特定個人情報の提供に関する条例"
            article = rng.randint(3, 5)
            clause = f"{ordinance}第{article}条第2項"
            local = _cite(clause, ordinance, article=str(article), paragraph="2", local=True)
            if rng.random() < 0.5:
                text = f"番号法第9条第2項に基づく{clause}"
                citations = [_cite("番号法第9条第2項", "番号法", article="9", paragraph="2"), local]
            else:
                text, citations = clause, [local]
        basis_line = w.add(f"①法令上の根拠\t{text}")
        purpose = f"{section}が所管する事務における対象者の資格確認"
        w.add(f"②移転先における用途\t{purpose}")
        info, count, scope, methods, timing = self._flow_fields(
            "移転", _TRANSFER_METHODS, "庁内連携システム"
        )
        return Provision(
            no=no,
            recipient=recipient,
            basis=tuple(replace(citation, line=basis_line) for citation in citations),
            basis_text=text,
            purpose=purpose,
            info=info,
            count=count,
            scope=scope,
            methods=methods,
            timing=timing,
            source_form_ref="Ⅱ 5",
            line=first,
        )

    def _storage(self) -> Storage:
        rng, w, muni = self.rng, self.w, self.municipality
        first = w.add("6. 特定個人情報の保管・消去")
        places = ["中間サーバー・プラットフォーム"] if self.linkage else []
        if rng.random() < 0.6:
            places.insert(0, "ガバメントクラウド")
        own = rng.choice(self.affair.systems)
        places.insert(0, own)
        texts = [
            f"<{place}における措置> "
            + (
                dict(_PLATFORM_MEASURES).get(place)
                or f"{place}のサーバーは{muni.name}が管理するデータセンターに設置する。"
            )
            for place in places
        ]
        places_text = " ".join(texts)
        w.add(f"①保管場所 ※\t{places_text}")
        retention = rng.choice(_RETENTION_CHOICES[3:9])
        w.add(f"②保管期間\t期間\t{_choice(retention, _RETENTION_CHOICES)}")
        reason = "法令に定める保存期間に合わせて保管する。"
        w.add(f"\tその妥当性\t{reason}")
        erasure = self.rng.choice(_ERASURES)
        w.add(f"③消去方法\t{erasure}")
        return Storage(
            places=tuple(places),
            places_text=places_text,
            retention=retention,
            retention_reason=reason,
            erasure=erasure,
            line=first,
        )

    # --- 別添2 -----------------------------------------------------------------------------------

    def _record_items(self, files: Sequence[InformationFile]) -> list[DataItem]:
        """別添2 as a list (file headings, ``<group>`` headings, items separated by spaces).

        No two lines of the list end at the same greatest width: a reader (and the extractor)
        takes lines that do for lines cut at the page edge, whose last item runs on.
        """
        w, rng = self.w, self.rng
        w.add("(別添2) 特定個人情報ファイル記録項目")
        w.blank()
        common = ("宛名番号", "個人番号", "氏名", "氏名の振り仮名", "生年月日", "性別", "住所")
        plan: list[tuple[str | None, str, list[str]]] = []
        for information_file in files:
            for group, items in (("宛名情報", common), ("業務情報", self.affair.items)):
                chosen = [item for item in items if rng.random() < 0.85] or [items[0]]
                plan.append((information_file.name, group, chosen))
        _ragged(plan)
        records: list[DataItem] = []
        current: str | None = None
        for position, (name, group, chosen) in enumerate(plan):
            if len(files) > 1 and name != current:
                w.add(f"({position // 2 + 1}) {name}")
            current = name
            w.add(f"<{group}>")
            line = w.add(" ".join(chosen))
            file_name = name if len(files) > 1 else None
            records += [
                DataItem(name=item, file=file_name, group=group, line=line) for item in chosen
            ]
        w.blank()
        return records

    # --- Ⅲ and Ⅳ --------------------------------------------------------------------------------

    def _rating(self) -> str:
        return self.rng.choices(_RISK_CHOICES, weights=(2, 10, 1))[0]

    def _rated(self, w: _Writer, value: str) -> None:
        w.add(f"リスクへの対策は十分か\t{_choice(value, _RISK_CHOICES)}")

    def _measure(self) -> str:
        return self._sentences(_MEASURES, 1, 2)

    def _risks(self, files: Sequence[InformationFile]) -> list[Risk]:
        w = self.w
        self._heading(
            "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策 ※(7. リスク1⑨を除く。)"
        )
        w.blank()
        w.add("1. 特定個人情報ファイル名")
        if len(files) == 1:
            w.add(files[0].name)
        else:
            for number, information_file in enumerate(files, start=1):
                w.add(f"({number}) {information_file.name}")
        risks = self._stage_acquisition()
        risks += self._stage_use()
        risks += self._stage_delegation(any(f.delegations for f in files))
        risks += self._stage_provision(any(f.provisions or f.transfers for f in files))
        risks += self._stage_network()
        risks += self._stage_storage()
        w.blank()
        return risks

    def _other_row(self, stage: str, label: str, ref: str) -> list[Risk]:
        w = self.w
        line = w.add(f"{label}におけるその他のリスク及びそのリスクに対する措置")
        if self.rng.random() < 0.3:
            w.add(self._measure())
            return [Risk(section=stage, no=None, name="その他のリスク", form_ref=ref, line=line)]
        w.add(self._none())
        return []

    def _numbered(self, stage: str, ref: str, no: int, name: str, labels: Sequence[str]) -> Risk:
        w = self.w
        line = w.add(f"リスク{no}: {name}")
        for label in labels:
            w.add(f"{label}\t{self._measure()}")
        value = self._rating()
        self._rated(w, value)
        return Risk(section=stage, no=no, name=name, rating=value, form_ref=ref, line=line)

    def _stage_acquisition(self) -> list[Risk]:
        w, ref, stage = self.w, "Ⅲ 2", "入手"
        w.add("2. 特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)")
        return [
            self._numbered(stage, ref, 1, "目的外の入手が行われるリスク", (
                "対象者以外の情報の入手を防止するための措置の内容",
                "必要な情報以外を入手することを防止するための措置の内容",
            )),
            self._numbered(stage, ref, 2, "不適切な方法で入手が行われるリスク",
                           ("リスクに対する措置の内容",)),
            self._numbered(stage, ref, 3, "入手した特定個人情報が不正確であるリスク", (
                "入手の際の本人確認の措置の内容",
                "個人番号の真正性確認の措置の内容",
                "特定個人情報の正確性確保の措置の内容",
            )),
            self._numbered(stage, ref, 4, "入手の際に特定個人情報が漏えい・紛失するリスク",
                           ("リスクに対する措置の内容",)),
            *self._other_row(stage, _ACQUISITION_TITLE, ref),
        ]  # fmt: skip

    def _stage_use(self) -> list[Risk]:
        w, ref, stage = self.w, "Ⅲ 3", "使用"
        w.add("3. 特定個人情報の使用")
        return [
            self._numbered(stage, ref, 1,
                           "目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスク", (
                "宛名システム等における措置の内容",
                "事務で使用するその他のシステムにおける措置の内容",
            )),
            self._numbered(stage, ref, 2,
                           "権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスク",
                           ("具体的な管理方法",)),
            self._numbered(stage, ref, 3, "従業者が事務外で使用するリスク",
                           ("リスクに対する措置の内容",)),
            self._numbered(stage, ref, 4, "特定個人情報ファイルが不正に複製されるリスク",
                           ("リスクに対する措置の内容",)),
            *self._other_row(stage, "特定個人情報の使用", ref),
        ]  # fmt: skip

    def _stage_delegation(self, delegates: bool) -> list[Risk]:
        w, ref, stage, style = self.w, "Ⅲ 4", "委託", self.style
        names = (
            "委託先による特定個人情報の不正入手・不正な使用に関するリスク",
            "委託先による特定個人情報の不正な提供に関するリスク",
            "委託先による特定個人情報の保管・消去に関するリスク",
            "委託契約終了後の不正な使用等のリスク",
            "再委託に関するリスク",
        )
        w.add(
            "4. 特定個人情報ファイルの取扱いの委託\t"
            f"{'[ ]' if delegates else style.tick} 委託しない"
        )
        line = w.add(" ".join(names))
        if not delegates:
            w.add("情報保護管理体制の確認\t")
            w.add(_UNRATED)
            return []
        w.add(f"情報保護管理体制の確認\t{self._measure()}")
        w.add(
            "特定個人情報ファイルの閲覧者・更新者の制限\t"
            + _choice("制限している", ("制限している", "制限していない"))
        )
        w.add(f"具体的な制限方法\t{self._measure()}")
        w.add(f"その他の措置の内容\t{self._none()}")
        value = self._rating()
        self._rated(w, value)
        risks = [
            Risk(section=stage, no=None, name=name, rating=value, form_ref=ref, line=line)
            for name in names
        ]
        return risks + self._other_row(stage, "特定個人情報ファイルの取扱いの委託", ref)

    def _stage_provision(self, flows: bool) -> list[Risk]:
        w, ref, stage, style = self.w, "Ⅲ 5", "提供・移転", self.style
        w.add(
            "5. 特定個人情報の提供・移転(委託や情報提供ネットワークシステムを通じた提供を除く。)"
            f"\t{'[ ]' if flows else style.tick} 提供・移転しない"
        )
        names = (
            (1, "不正な提供・移転が行われるリスク"),
            (2, "不適切な方法で提供・移転が行われるリスク"),
            (3, "誤った情報を提供・移転してしまうリスク、誤った相手に提供・移転してしまうリスク"),
        )
        if not flows:
            for no, name in names:
                w.add(f"リスク{no}: {name}")
                w.add("リスクに対する措置の内容\t")
                w.add(_UNRATED)
            return []
        risks = [
            self._numbered(stage, ref, no, name, ("リスクに対する措置の内容",))
            for no, name in names
        ]
        label = "特定個人情報の提供・移転(委託や情報提供ネットワークシステムを通じた提供を除く。)"
        return risks + self._other_row(stage, label, ref)

    def _stage_network(self) -> list[Risk]:
        w, ref, stage, style = self.w, "Ⅲ 6", "情報提供ネットワークシステムとの接続", self.style
        query = self.linkage
        provide = self.provides
        w.add(
            "6. 情報提供ネットワークシステムとの接続\t"
            f"{'[ ]' if query else style.tick} 接続しない(入手) "
            f"{'[ ]' if provide else style.tick} 接続しない(提供)"
        )
        names = (
            (1, "目的外の入手が行われるリスク"),
            (2, "安全が保たれない方法によって入手が行われるリスク"),
            (3, "入手した特定個人情報が不正確であるリスク"),
            (4, "入手の際に特定個人情報が漏えい・紛失するリスク"),
            (5, "不正な提供が行われるリスク"),
            (6, "不適切な方法で提供されるリスク"),
            (7, "誤った情報を提供してしまうリスク、誤った相手に提供してしまうリスク"),
        )
        risks: list[Risk] = []
        for no, name in names:
            if query if no <= 4 else provide:
                risks.append(self._numbered(stage, ref, no, name, ("リスクに対する措置の内容",)))
            else:
                w.add(f"リスク{no}: {name}")
                w.add("リスクに対する措置の内容\t")
                w.add(_UNRATED)
        if query or provide:
            risks += self._other_row(stage, "情報提供ネットワークシステムとの接続に伴う", ref)
        return risks

    def _stage_storage(self) -> list[Risk]:
        w, ref, stage = self.w, "Ⅲ 7", "保管・消去"
        w.add("7. 特定個人情報の保管・消去")
        line = w.add("リスク1: 特定個人情報の漏えい・滅失・毀損リスク")
        w.add(
            "①NISC政府機関統一基準群\t"
            + _choice(
                "政府機関ではない",
                (
                    "特に力を入れて遵守している",
                    "十分に遵守している",
                    "十分に遵守していない",
                    "政府機関ではない",
                ),
            )
        )
        for label, verb in (
            ("②安全管理体制", "整備"),
            ("③安全管理規程", "整備"),
            ("④安全管理体制・規程の職員への周知", "周知"),
        ):
            w.add(
                f"{label}\t"
                + _choice(
                    f"十分に{verb}している",
                    (
                        f"特に力を入れて{verb}している",
                        f"十分に{verb}している",
                        f"十分に{verb}していない",
                    ),
                )
            )
        for label in ("⑤物理的対策", "⑥技術的対策"):
            w.add(f"{label}\t{_choice('十分に行っている', _AUDIT_CHOICES)}")
            w.add(f"具体的な対策の内容\t{self._measure()}")
        for label in ("⑦バックアップ", "⑧事故発生時手順の策定・周知"):
            w.add(f"{label}\t{_choice('十分に行っている', _AUDIT_CHOICES)}")
        w.add(
            "⑨過去3年以内に、評価実施機関において、個人情報に関する重大事故が発生したか\t"
            + _choice("発生なし", ("発生あり", "発生なし"))
        )
        w.add(f"その内容\t{self._none()}", f"再発防止策の内容\t{self._none()}")
        w.add(f"⑩死者の個人番号\t{_choice('保管している', ('保管している', '保管していない'))}")
        w.add("具体的な保管方法\t生存者の個人番号と同様の方法で保管する。")
        w.add(f"その他の措置の内容\t{self._none()}")
        value = self._rating()
        self._rated(w, value)
        risks = [
            Risk(
                section=stage,
                no=1,
                name="特定個人情報の漏えい・滅失・毀損リスク",
                rating=value,
                form_ref=ref,
                line=line,
            )
        ]
        risks.append(
            self._numbered(
                stage,
                ref,
                2,
                "特定個人情報が古い情報のまま保管され続けるリスク",
                ("リスクに対する措置の内容",),
            )
        )
        line3 = w.add("リスク3: 特定個人情報が消去されずいつまでも存在するリスク")
        w.add(f"消去手順\t{_choice('定めている', ('定めている', '定めていない'))}")
        w.add(f"手順の内容\t{self._measure()}")
        w.add(f"その他の措置の内容\t{self._none()}")
        value3 = self._rating()
        self._rated(w, value3)
        risks.append(
            Risk(
                section=stage,
                no=3,
                name="特定個人情報が消去されずいつまでも存在するリスク",
                rating=value3,
                form_ref=ref,
                line=line3,
            )
        )
        return risks + self._other_row(stage, "特定個人情報の保管・消去", ref)

    def _audit_rating(self) -> tuple[str, str]:
        written = self.rng.choices(_AUDIT_CHOICES, weights=(2, 10, 1))[0]
        concept = rating(written)
        return written, concept.pref_label if concept is not None else written

    def _other_measures(self) -> list[Risk]:
        w = self.w
        self._heading("Ⅳ その他のリスク対策 ※")
        w.blank()
        w.add("1. 監査")
        risks: list[Risk] = []
        for no, name, label in (
            (1, "自己点検", "具体的なチェック方法"),
            (2, "監査", "具体的な内容"),
        ):
            written, value = self._audit_rating()
            line = w.add(f"{chr(0x2460 + no - 1)}{name}\t{_choice(written, _AUDIT_CHOICES)}")
            w.add(f"{label}\t{self._measure()}")
            risks.append(Risk(section="監査", no=no, name=name, rating=value, form_ref="Ⅳ 1",
                              line=line))  # fmt: skip
        w.add("2. 従業者に対する教育・啓発")
        written, value = self._audit_rating()
        name = "従業者に対する教育・啓発"
        line = w.add(f"{name}\t{_choice(written, _AUDIT_CHOICES)}")
        w.add(f"具体的な方法\t{self._measure()}")
        risks.append(
            Risk(section=name, no=None, name=name, rating=value, form_ref="Ⅳ 2", line=line)
        )
        line = w.add("3. その他のリスク対策")
        if self.rng.random() < 0.5:
            w.add(self._measure())
            risks.append(Risk(section="その他のリスク対策", form_ref="Ⅳ 3", line=line))
        else:
            w.add(self._none())
        w.blank()
        return risks

    def _disclosure_and_procedure(self) -> None:
        w, muni, rng = self.w, self.municipality, self.rng
        self._heading("Ⅴ 開示請求、問合せ")
        w.blank()
        w.add("1. 特定個人情報の開示・訂正・利用停止請求")
        w.add(f"①請求先\t{muni.name}総務課 情報公開担当")
        w.add("②請求方法\t指定様式による書面の提出により受け付ける。")
        w.add(f"③手数料等\t{_choice('無料', ('有料', '無料'))}")
        w.add("2. 特定個人情報ファイルの取扱いに関する問合せ")
        w.add(f"①連絡先\t{self.department}")
        w.add("②対応方法\t問合せの受付時に対応記録を残す。")
        w.blank()
        self._heading("Ⅵ 評価実施手続")
        w.blank()
        w.add("1. 基礎項目評価")
        day = _random_date(rng, date(2023, 1, 10), date(2025, 6, 30))
        w.add(f"①実施日\t{_wareki(day)}")
        w.add("2. 国民・住民等からの意見の聴取")
        w.add("①方法\t市ホームページ及び窓口での閲覧によるパブリックコメント")
        w.add("3. 第三者点検")
        w.add(f"①方法\t{muni.name}個人情報保護審議会による点検")
        w.blank()

    # --- 別添3 -----------------------------------------------------------------------------------

    def _changes(
        self, files: Sequence[InformationFile], basis: Sequence[Citation]
    ) -> list[ChangeRecord]:
        rng, w = self.rng, self.w
        candidates: list[tuple[str, str, str]] = [
            ("Ⅰ 基本情報 7. 評価実施機関における担当部署 ①部署",
             self._department(rng.choice(_TRANSFER_SECTIONS)), self.department),
            ("Ⅰ 基本情報 7. 評価実施機関における担当部署 ②所属長の役職名", "課長", self.head_title),
            ("Ⅰ 基本情報 5. 個人番号の利用 法令上の根拠",
             f"番号法第9条第1項 別表第一の{rng.randint(2, 90)}の項", basis[0].text),
        ]  # fmt: skip
        for system_no, name in enumerate(self.systems, start=1):
            candidates.append(
                (
                    "Ⅰ 基本情報 2. 特定個人情報ファイルを取り扱う事務において使用するシステム "
                    f"システム{system_no} ①システムの名称",
                    f"旧{name}",
                    name,
                )
            )
        for information_file in files:
            for delegation in information_file.delegations:
                candidates.append(
                    (
                        "Ⅱ 特定個人情報ファイルの概要 4. 特定個人情報ファイルの取扱いの委託 "
                        f"委託事項{delegation.no} ⑥委託先名",
                        f"{rng.choice(_COMPANY_HEADS)}{rng.choice(_COMPANY_TAILS)}株式会社",
                        delegation.contractor or "",
                    )
                )
            for provision in information_file.provisions:
                candidates.append(
                    (
                        "Ⅱ 特定個人情報ファイルの概要 5. 特定個人情報の提供・移転(委託に伴うものを"
                        f"除く。) 提供先{provision.no} ③提供する情報",
                        (provision.info or "").replace("5情報", "4情報") + "(変更前)",
                        provision.info or "",
                    )
                )
        count = rng.randint(2, min(8, len(candidates)))
        chosen = rng.sample(candidates, count)
        day = _random_date(rng, date(2016, 4, 1), date(2019, 3, 31))
        w.add("(別添3) 変更箇所")
        w.blank()
        w.add("変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明")
        records: list[ChangeRecord] = []
        for position, (item, before, after) in enumerate(chosen):
            if position == 0 or rng.random() < 0.5:
                day = _random_date(rng, day, day + timedelta(days=730))
            timing = rng.choice(("事前", "事後", "事後"))
            reason = rng.choice(_CHANGE_REASONS)
            written = _wareki(day)
            if self.style.merged_dates and records and records[-1].date == day:
                written = ""
            line = w.add(f"{written}\t{item}\t{before}\t{after}\t{timing}\t{reason}")
            records.append(
                ChangeRecord(
                    date=day,
                    date_text=_wareki(day),
                    item=item,
                    before=before,
                    after=after,
                    timing=timing,
                    reason=reason,
                    line=line,
                )
            )
        return records


def _ragged(plan: list[tuple[str | None, str, list[str]]]) -> None:
    """Drop items from the widest item lines of a 別添2 list until one line alone is widest."""

    def width(items: Sequence[str]) -> int:
        return sum(2 if ord(c) > 0x2E7F else 1 for c in " ".join(items))

    while True:
        widths = [width(items) for _f, _g, items in plan]
        edge = max(widths)
        widest = [i for i, value in enumerate(widths) if value >= edge - 2]
        if len(widest) < 2:
            return
        items = plan[widest[-1]][2]
        if len(items) == 1:
            return
        items.pop()


_CONNECTION_ORDER: Final = (
    "情報提供ネットワークシステム",
    "庁内連携システム",
    "住民基本台帳ネットワークシステム",
    "既存住民基本台帳システム",
    "宛名システム等",
    "税務システム",
    "その他",
)
"""③他のシステムとの接続 in form order (the order records list ticked boxes in)."""


# =================================================================================================
# One assessment, a corpus, and its manifest
# =================================================================================================

PER_MUNICIPALITY: Final = 8
"""Assessments per municipality: a city publishes one per 事務, so consecutive indices share a
municipality (and its shared systems, departments and prefecture)."""


@cache
def _line_fields(kind: type) -> tuple[tuple[str, bool], ...]:
    """The fields of a record class that hold a line (True) or may hold records (False)."""
    found: list[tuple[str, bool]] = []
    for item in fields(kind):
        annotation = str(item.type)
        if item.name == "line":
            found.append((item.name, True))
        elif item.name != "source" and (
            annotation.startswith("tuple[") or annotation in _RECORD_NAMES
        ):
            found.append((item.name, False))
    return tuple(found)


_RECORD_NAMES: Final = frozenset(
    {"Document", "Affair", "NetworkLinkage", "Storage", "InformationFile"}
)


def _relined(value: Any, line_of: Callable[[int], int]) -> Any:
    """``value`` with every ``line`` field of every record in it moved by ``line_of``."""
    if isinstance(value, tuple):
        if not value or not is_dataclass(value[0]):
            return value
        return tuple(_relined(item, line_of) for item in value)
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for name, is_line in _line_fields(type(value)):
        current = getattr(value, name)
        if is_line:
            if isinstance(current, int):
                changes[name] = line_of(current)
        elif current is not None:
            changes[name] = _relined(current, line_of)
    return replace(value, **changes) if changes else value


def generate_assessment(
    seed: int,
    index: int,
    *,
    damage: DamageLevel | str = DamageLevel.CORPUS,
    encoding: str | None = None,
    per_municipality: int = PER_MUNICIPALITY,
) -> SyntheticAssessment:
    """Write the ``index``-th assessment of the corpus of ``seed``.

    Args:
        seed: The corpus seed; the same seed and index give the same bytes.
        index: The position of the assessment in the corpus (0-based).
        damage: How damaged the text is (:class:`~ingest.damage.DamageLevel`).
        encoding: ``utf-8``, ``utf-8-sig``, ``cp932``, or ``mixed`` (drawn per text, with CRLF
            or LF line ends); by default ``utf-8`` for clean text and ``mixed`` otherwise.
        per_municipality: Consecutive assessments that share a municipality.

    Returns:
        The text, how it is saved, the damage applied and the records it states.

    Raises:
        ValueError: for an unknown damage level or encoding.
    """
    made, line_of = _assessment(seed, index, damage, encoding, per_municipality)
    if line_of is None:
        return made
    return replace(made, expected=_relined(made.expected, line_of))


def _assessment(
    seed: int, index: int, damage: DamageLevel | str, encoding: str | None, per_municipality: int
) -> tuple[SyntheticAssessment, Callable[[int], int] | None]:
    """The assessment with the records at their *clean* lines, and the map to the damaged
    lines (None when damage moved no line)."""
    level = DamageLevel(damage)
    chosen = encoding or ("utf-8" if level is DamageLevel.NONE else "mixed")
    if chosen not in ENCODINGS:
        msg = f"unknown encoding {chosen!r}; choose one of {', '.join(ENCODINGS)}"
        raise ValueError(msg)
    generator = _Generator(seed, index, max(1, per_municipality))
    expected = generator.generate()
    damaged = lines_to_damaged(
        generator.w.lines, _seeded(seed, "damage", index), profile=PROFILES[level]
    )
    applied = list(damaged.applied)
    newline = "\n"
    if chosen == "mixed":
        chosen, newline = _seeded(seed, "encoding", index).choice(_MIXED_ENCODINGS)
    text, lost = _for_encoding("\n".join(damaged.lines) + "\n", chosen)
    if lost:
        detail = f"{lost} characters CP932 cannot hold written as ?"
        applied.append(AppliedDamage(family="encoding", line=1, detail=detail))
    name = f"synthetic-{index:06d}.txt"
    made = SyntheticAssessment(
        name=name,
        seed=seed,
        index=index,
        text=text,
        encoding=chosen,
        newline=newline,
        expected=expected,
        damage=tuple(applied),
    )
    digest = hashlib.sha256(made.to_bytes()).hexdigest()
    source = SourceDocument(id=name, path=name, sha256=digest, encoding=chosen, text="")
    made = replace(made, expected=replace(expected, source=source))
    moved = damaged.origins != tuple(range(1, len(damaged.origins) + 1))
    return made, damaged.line_map() if moved else None


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(item.name for item in fields(kind))


def _json(value: Any, line_of: Callable[[int], int] | None) -> Any:
    """The Record JSON of a value, as :mod:`ingest.record_json` writes it, with every ``line``
    moved by ``line_of`` on the way (one pass, for writing large corpora)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, tuple | list):
        return [_json(item, line_of) for item in value]
    if isinstance(value, Enum):
        return _json(value.value, line_of)
    if isinstance(value, date):
        return value.isoformat()
    kind: type = type(value)
    return {
        name: (
            line_of(item)
            if name == "line" and line_of is not None and isinstance(item, int)
            else _json(item, line_of)
        )
        for name in _field_names(kind)
        for item in (getattr(value, name),)
    }


def _result_json(result: ExtractionResult, line_of: Callable[[int], int] | None) -> dict[str, Any]:
    """:func:`ingest.record_json.result_to_json` of ``result`` relined by ``line_of``."""
    records = {
        name: _json(getattr(result, name), line_of)
        for name in _field_names(ExtractionResult)
        if name not in {"source", "status", "issues"}
    }
    return {
        "source": {
            "id": result.source.id,
            "sha256": result.source.sha256,
            "encoding": result.source.encoding,
        },
        "status": result.status.value,
        **records,
        "issues": _json(result.issues, None),
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CorpusManifest:
    """What :func:`write_corpus` wrote."""

    directory: Path
    manifest: Path
    """The JSON lines manifest (:data:`MANIFEST_NAME`)."""
    count: int
    seed: int
    damage: DamageLevel
    bytes: int
    """Total size of the texts."""
    damage_counts: Mapping[str, int] = field(default_factory=dict)
    """Damage family → how many places it struck, over the corpus."""
    encodings: Mapping[str, int] = field(default_factory=dict)
    """Encoding (with ``+crlf``) → how many texts were saved so."""


def assessment_to_manifest(
    made: SyntheticAssessment, line_of: Callable[[int], int] | None = None
) -> dict[str, Any]:
    """The manifest entry of one assessment: where it is, how it is saved, the damage applied
    and its records in the Record JSON of :mod:`ingest.record_json` (lines moved by ``line_of``
    when the records are still at their clean lines)."""
    return {
        "file": made.name,
        "seed": made.seed,
        "index": made.index,
        "encoding": made.encoding,
        "newline": "crlf" if made.newline == "\r\n" else "lf",
        "sha256": made.expected.source.sha256,
        "damage": [{"family": d.family, "line": d.line, "detail": d.detail} for d in made.damage],
        "records": _result_json(made.expected, line_of),
    }


def write_corpus(
    out_dir: Path,
    count: int,
    seed: int,
    *,
    damage: DamageLevel | str = DamageLevel.CORPUS,
    encoding: str | None = None,
    per_municipality: int = PER_MUNICIPALITY,
    progress: Callable[[int], None] | None = None,
) -> CorpusManifest:
    """Write ``count`` assessments and their manifest into ``out_dir``, one at a time.

    Memory stays constant: each text is written, its manifest line appended, and both are
    dropped before the next is generated.

    Args:
        out_dir: The folder (created if missing); texts are ``synthetic-NNNNNN.txt``.
        count: How many assessments to write.
        seed: The corpus seed.
        damage: The damage level.
        encoding: See :func:`generate_assessment`.
        per_municipality: See :func:`generate_assessment`.
        progress: Called with the number of texts written so far after each text.

    Returns:
        What was written.
    """
    level = DamageLevel(damage)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / MANIFEST_NAME
    total = 0
    damage_counts: Counter[str] = Counter()
    encodings: Counter[str] = Counter()
    with manifest.open("w", encoding="utf-8") as out:
        for index in range(count):
            made, line_of = _assessment(seed, index, level, encoding, per_municipality)
            data = made.to_bytes()
            (out_dir / made.name).write_bytes(data)
            total += len(data)
            damage_counts.update(d.family for d in made.damage)
            encodings[made.encoding + ("+crlf" if made.newline == "\r\n" else "")] += 1
            entry = assessment_to_manifest(made, line_of)
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            if progress is not None:
                progress(index + 1)
    return CorpusManifest(
        directory=out_dir,
        manifest=manifest,
        count=count,
        seed=seed,
        damage=level,
        bytes=total,
        damage_counts=dict(sorted(damage_counts.items())),
        encodings=dict(sorted(encodings.items())),
    )


def read_manifest(out_dir: Path) -> Iterator[dict[str, Any]]:
    """The entries of the manifest of a corpus written by :func:`write_corpus`, one at a time.

    Raises:
        FileNotFoundError: when ``out_dir`` has no manifest.
    """
    with (out_dir / MANIFEST_NAME).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


# =================================================================================================
# Accuracy: extraction measured against the generator's records
# =================================================================================================


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldScore:
    """How often one field of matched records was extracted as written."""

    name: str
    compared: int
    correct: int

    @property
    def accuracy(self) -> float:
        """Share of matched records whose field is right (1.0 when none was compared)."""
        return self.correct / self.compared if self.compared else 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class FamilyScore:
    """Record-level precision and recall of one record family, and its field accuracy."""

    name: str
    expected: int
    """Records the generator wrote."""
    extracted: int
    """Records extraction read."""
    matched: int
    """Records of both with the same key fields."""
    fields: tuple[FieldScore, ...] = ()

    @property
    def precision(self) -> float:
        """Matched / extracted (1.0 when nothing was extracted and nothing expected)."""
        if not self.extracted:
            return 1.0 if not self.expected else 0.0
        return self.matched / self.extracted

    @property
    def recall(self) -> float:
        """Matched / expected (1.0 when nothing was expected)."""
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall.

        >>> round(FamilyScore(name="x", expected=4, extracted=2, matched=2).f1, 3)
        0.667
        """
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def field_accuracy(self) -> float:
        """Share of compared fields of matched records that are right."""
        compared = sum(score.compared for score in self.fields)
        correct = sum(score.correct for score in self.fields)
        return correct / compared if compared else 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class AccuracyReport:
    """Extraction accuracy over one or more documents, by record family.

    Reports add up (``a + b``), so a corpus report is the sum of its documents'.
    """

    families: tuple[FamilyScore, ...] = ()
    documents: int = 0
    exact: int = 0
    """Documents whose every family was recovered with every field right."""

    def family(self, name: str) -> FamilyScore:
        """The score of one family.

        Raises:
            KeyError: when the report has no such family.
        """
        for score in self.families:
            if score.name == name:
                return score
        raise KeyError(name)

    def __add__(self, other: AccuracyReport) -> AccuracyReport:
        mine = {score.name: score for score in self.families}
        order = [score.name for score in self.families]
        order += [score.name for score in other.families if score.name not in mine]
        theirs = {score.name: score for score in other.families}
        merged = []
        for name in order:
            a, b = mine.get(name), theirs.get(name)
            if a is None or b is None:
                merged.append(a or b)
                continue
            merged.append(_merge_family(a, b))
        return AccuracyReport(
            families=tuple(score for score in merged if score is not None),
            documents=self.documents + other.documents,
            exact=self.exact + other.exact,
        )

    def to_json(self) -> dict[str, Any]:
        """The report as plain data (``mnpia accuracy --format json``)."""
        return {
            "documents": self.documents,
            "exact_documents": self.exact,
            "families": [
                {
                    "family": score.name,
                    "expected": score.expected,
                    "extracted": score.extracted,
                    "matched": score.matched,
                    "precision": round(score.precision, 4),
                    "recall": round(score.recall, 4),
                    "f1": round(score.f1, 4),
                    "field_accuracy": round(score.field_accuracy, 4),
                    "fields": {
                        f.name: {
                            "compared": f.compared,
                            "correct": f.correct,
                            "accuracy": round(f.accuracy, 4),
                        }
                        for f in score.fields
                    },
                }
                for score in self.families
            ],
        }

    def table(self, *, worst_fields: int = 3) -> str:
        """The report as a fixed-width text table, with each family's weakest fields.

        >>> print(AccuracyReport(families=(FamilyScore(name="systems", expected=2,
        ...     extracted=2, matched=2),), documents=1, exact=1).table())
        family             expected  extracted  matched  precision  recall     F1  fields
        systems                   2          2        2      1.000   1.000  1.000   1.000
        documents: 1, every record and field right: 1 (100.0%)
        """
        header = (
            f"{'family':<18}{'expected':>9}{'extracted':>11}{'matched':>9}"
            f"{'precision':>11}{'recall':>8}{'F1':>7}{'fields':>8}"
        )
        rows = [header]
        for score in self.families:
            row = (
                f"{score.name:<18}{score.expected:>9}{score.extracted:>11}{score.matched:>9}"
                f"{score.precision:>11.3f}{score.recall:>8.3f}{score.f1:>7.3f}"
                f"{score.field_accuracy:>8.3f}"
            )
            weak = sorted((f for f in score.fields if f.accuracy < 1.0), key=lambda f: f.accuracy)[
                :worst_fields
            ]
            if weak:
                row += "  " + ", ".join(f"{f.name} {f.accuracy:.3f}" for f in weak)
            rows.append(row)
        share = 100.0 * self.exact / self.documents if self.documents else 0.0
        rows.append(
            f"documents: {self.documents}, every record and field right: {self.exact} "
            f"({share:.1f}%)"
        )
        return "\n".join(rows)


def _merge_family(a: FamilyScore, b: FamilyScore) -> FamilyScore:
    counts: dict[str, list[int]] = {}
    for score in (*a.fields, *b.fields):
        entry = counts.setdefault(score.name, [0, 0])
        entry[0] += score.compared
        entry[1] += score.correct
    return FamilyScore(
        name=a.name,
        expected=a.expected + b.expected,
        extracted=a.extracted + b.extracted,
        matched=a.matched + b.matched,
        fields=tuple(
            FieldScore(name=name, compared=compared, correct=correct)
            for name, (compared, correct) in counts.items()
        ),
    )


_Records = Callable[[Mapping[str, Any]], list[dict[str, Any]]]


@dataclass(frozen=True, slots=True, kw_only=True)
class _FamilySpec:
    name: str
    records: _Records
    key: tuple[str, ...]
    fields: tuple[str, ...]


def _single(name: str) -> _Records:
    def records(result: Mapping[str, Any]) -> list[dict[str, Any]]:
        record = result.get(name) or {}
        stated = any(v not in (None, [], "") for k, v in record.items() if k != "line")
        return [dict(record)] if stated else []

    return records


def _listed(name: str) -> _Records:
    def records(result: Mapping[str, Any]) -> list[dict[str, Any]]:
        return [dict(record) for record in result.get(name) or ()]

    return records


def _file_names(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"name": name} for name in result.get("file_names") or ()]


def _files(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    records = []
    for record in result.get("files") or ():
        storage = record.get("storage") or {}
        flat = {k: v for k, v in record.items() if k not in ("storage",)}
        flat.update({f"storage.{k}": v for k, v in storage.items()})
        records.append(flat)
    return records


def _in_files(name: str) -> _Records:
    def records(result: Mapping[str, Any]) -> list[dict[str, Any]]:
        return [
            {"file": record.get("name"), **item}
            for record in result.get("files") or ()
            for item in record.get(name) or ()
        ]

    return records


def _sources(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"file": record.get("name"), "source": source}
        for record in result.get("files") or ()
        for source in record.get("sources") or ()
    ]


def _citations(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = [{"where": "Ⅰ 5", **c} for c in result.get("mynumber_use_basis") or ()]
    linkage = result.get("network_linkage") or {}
    found += [{"where": "Ⅰ 6", **c} for c in linkage.get("basis") or ()]
    for record in result.get("files") or ():
        for kind, word in (("provisions", "提供先"), ("transfers", "移転先")):
            for flow in record.get(kind) or ():
                where = f"{record.get('name')} {word}{flow.get('no')}"
                found += [{"where": where, **c} for c in flow.get("basis") or ()]
    return found


_FLOW_FIELDS: Final = (
    "recipient", "basis_text", "purpose", "info", "count", "scope", "methods", "timing", "line",
)  # fmt: skip

FAMILIES: Final = (
    _FamilySpec(
        name="document", records=_single("document"), key=(),
        fields=("kind", "org", "municipality", "number", "title", "form", "published",
                "published_date", "line"),
    ),
    _FamilySpec(
        name="affair", records=_single("affair"), key=(),
        fields=("name", "summary", "population", "department", "head_title", "other_assessors",
                "line"),
    ),
    _FamilySpec(
        name="systems", records=_listed("systems"), key=("no",),
        fields=("name", "functions", "connections", "connections_other", "line"),
    ),
    _FamilySpec(name="file_names", records=_file_names, key=("name",), fields=()),
    _FamilySpec(
        name="network_linkage", records=_single("network_linkage"), key=(),
        fields=("status", "basis_text", "line"),
    ),
    _FamilySpec(
        name="citations", records=_citations,
        key=("where", "law_id", "article", "paragraph", "item", "table", "rows", "local"),
        fields=("text", "law", "law_abbrev", "table_law", "table_law_id", "line"),
    ),
    _FamilySpec(
        name="files", records=_files, key=("name",),
        fields=("type", "subjects", "subject_scope", "items", "main_items", "holding_start",
                "holding_start_date", "department", "acquisition_methods", "users",
                "delegation_present", "delegation_count", "provision_count", "transfer_count",
                "storage.places", "storage.retention", "storage.retention_reason",
                "storage.erasure", "line"),
    ),
    _FamilySpec(name="sources", records=_sources, key=("file", "source"), fields=()),
    _FamilySpec(
        name="delegations", records=_in_files("delegations"), key=("file", "no"),
        fields=("name", "content", "subjects", "subject_count", "subject_scope",
                "scope_reason", "handlers", "methods", "contractor", "contractor_confirmation",
                "subcontract", "subcontract_method", "subcontract_content", "line"),
    ),
    _FamilySpec(
        name="provisions", records=_in_files("provisions"), key=("file", "no"),
        fields=_FLOW_FIELDS,
    ),
    _FamilySpec(
        name="transfers", records=_in_files("transfers"), key=("file", "no"),
        fields=_FLOW_FIELDS,
    ),
    _FamilySpec(name="flow_steps", records=_listed("flow_steps"), key=("no",),
                fields=("text", "line")),
    _FamilySpec(
        name="data_items", records=_listed("data_items"), key=("file", "group", "name"),
        fields=("line",),
    ),
    _FamilySpec(
        name="risks", records=_listed("risks"), key=("form_ref", "section", "no", "name"),
        fields=("rating", "line"),
    ),
    _FamilySpec(
        name="changes", records=_listed("changes"), key=("date_text", "item"),
        fields=("date", "before", "after", "timing", "reason", "line"),
    ),
)  # fmt: skip
"""The record families compared, each with the fields that identify a record (its key) and
the fields compared once two records are matched. Fields the generator does not decide (a
flow step's actors, a citation's promulgation number) are not compared."""

_WHITE_SPACE: Final = re.compile(r"\s+")


def _normal(value: Any) -> Any:
    """A value as compared: strings without white space, lists as tuples."""
    if isinstance(value, str):
        return _WHITE_SPACE.sub("", value)
    if isinstance(value, list | tuple):
        return tuple(_normal(item) for item in value)
    return value


def json_accuracy(expected: Mapping[str, Any], extracted: Mapping[str, Any]) -> AccuracyReport:
    """Compare the Record JSON of an extraction with the Record JSON the generator wrote.

    Records of a family are matched by their key fields (white space ignored; records with the
    same key are paired in order); precision is matched / extracted, recall matched /
    expected. Fields of matched records are compared with white space removed.

    >>> expected = {"systems": [{"no": 1, "name": "住民記録システム", "line": 40},
    ...                         {"no": 2, "name": "宛名システム", "line": 45}]}
    >>> extracted = {"systems": [{"no": 1, "name": "住民記録 システム", "line": 40}]}
    >>> score = json_accuracy(expected, extracted).family("systems")
    >>> (score.expected, score.extracted, score.matched, score.precision, score.recall)
    (2, 1, 1, 1.0, 0.5)
    """
    families = []
    exact = True
    for spec in FAMILIES:
        want = spec.records(expected)
        got = spec.records(extracted)
        by_key: dict[Any, list[dict[str, Any]]] = {}
        for record in got:
            by_key.setdefault(_normal([record.get(k) for k in spec.key]), []).append(record)
        matched = 0
        counts = {name: [0, 0] for name in spec.fields}
        for record in want:
            candidates = by_key.get(_normal([record.get(k) for k in spec.key]))
            if not candidates:
                continue
            other = candidates.pop(0)
            matched += 1
            for name in spec.fields:
                counts[name][0] += 1
                if _normal(record.get(name)) == _normal(other.get(name)):
                    counts[name][1] += 1
        score = FamilyScore(
            name=spec.name,
            expected=len(want),
            extracted=len(got),
            matched=matched,
            fields=tuple(
                FieldScore(name=name, compared=compared, correct=correct)
                for name, (compared, correct) in counts.items()
            ),
        )
        exact = exact and score.matched == score.expected == score.extracted
        exact = exact and score.field_accuracy == 1.0
        families.append(score)
    return AccuracyReport(families=tuple(families), documents=1, exact=int(exact))


def accuracy(expected: ExtractionResult, extracted: ExtractionResult) -> AccuracyReport:
    """Compare an extraction with the records the generator wrote (see :func:`json_accuracy`).

    >>> made = generate_assessment(1, 0, damage="none")
    >>> accuracy(made.expected, made.expected).exact
    1
    """
    return json_accuracy(result_to_json(expected), result_to_json(extracted))
