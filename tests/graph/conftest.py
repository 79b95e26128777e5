"""Small hand-built extraction results for the graph tests (no ingest code runs here)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from graph.store import Store, open_store
from ingest.citation import Citation
from ingest.records import (
    Affair,
    ChangeRecord,
    DataItem,
    Delegation,
    Document,
    ExtractionResult,
    FlowStep,
    Incident,
    InformationFile,
    Issue,
    IssueCode,
    NetworkLinkage,
    Provision,
    Requester,
    Risk,
    SourceDocument,
    Status,
    Storage,
    System,
)
from ontology.lexicon import law_by_name


def sha_of(name: str) -> str:
    """A stable fake SHA-256 for a fake source file."""
    return hashlib.sha256(name.encode()).hexdigest()


def source(name: str = "a.txt") -> SourceDocument:
    return SourceDocument(
        id=name, path=f"/nowhere/{name}", sha256=sha_of(name), encoding="utf-8", text=""
    )


def pension_result(
    *,
    file_name: str = "pension.txt",
    municipality: str | None = "千葉市",
    org: str | None = "千葉市長",
    number: str | None = "27",
    national_spelling: str = "中間サーバー",
) -> ExtractionResult:
    """A full assessment: cover, Ⅰ 1, two systems with ticked and その他 connections, an issue."""
    return ExtractionResult(
        source=source(file_name),
        document=Document(
            kind="全項目評価書",
            org=org,
            municipality=municipality,
            number=number,
            title="国民年金に関する事務 全項目評価書",
            form="平成30年5月 様式4",
            published="令和7年11月26日",
            published_date=date(2025, 11, 26),
            line=2,
        ),
        affair=Affair(
            name="国民年金に関する事務",
            summary="資格の取得及び喪失に関する届出の受理",
            population="30万人以上",
            department="市民局 国民年金課",
            head_title="国民年金課長",
            other_assessors=("日本年金機構",),
            line=80,
        ),
        systems=(
            System(
                no=1,
                name="国民年金システム",
                functions="資格管理、保険料免除",
                connections=("宛名システム等", "既存住民基本台帳システム", "その他"),
                connections_other=(national_spelling,),
                line=100,
            ),
            System(
                no=2,
                name="中間サーバー・プラットフォーム",
                functions="情報照会",
                connections=("情報提供ネットワークシステム",),
                line=120,
            ),
        ),
        issues=(
            Issue(
                code=IssueCode.COUNT_MISMATCH,
                message="システム2～5 declares 4 systems, 1 listed",
                line=95,
                form_ref="Ⅰ 2",
            ),
        ),
        status=Status.PARTIAL,
    )


def tax_result() -> ExtractionResult:
    """A second assessment of the same municipality, naming the national system differently."""
    return ExtractionResult(
        source=source("tax.txt"),
        document=Document(
            kind="全項目評価書",
            org="千葉市長",
            municipality="千葉市",
            number="31",
            title="個人市民税に関する事務 全項目評価書",
            line=3,
        ),
        affair=Affair(name="個人市民税に関する事務", line=60),
        systems=(
            System(
                no=1,
                name="税務システム",
                connections=("宛名システム等",),
                connections_other=("中間サーバー・プラットフォーム",),
                line=70,
            ),
            System(no=2, name="国民年金システム", line=75),
        ),
    )


def fragment_result() -> ExtractionResult:
    """A fragment without a cover (like corpus file 000): no municipality, no number."""
    return ExtractionResult(
        source=source("fragment.txt"),
        systems=(
            System(no=14, name="住民記録システム", connections=("庁内連携システム",), line=40),
        ),
        issues=(Issue(code=IssueCode.NO_COVER, message="no cover page", form_ref="cover"),),
        status=Status.PARTIAL,
    )


def _title(abbrev: str) -> str:
    law = law_by_name(abbrev)
    assert law is not None, abbrev
    return law.pref_label


BANGO = "425AC0000000027"
"""e-Gov 法令ID of 番号法 (in vocab/laws)."""


def bango_citation(
    text: str,
    *,
    article: str,
    paragraph: str | None = None,
    item: str | None = None,
    table: str | None = None,
    rows: tuple[str, ...] = (),
    chain: bool = False,
    line: int | None = None,
) -> Citation:
    """A citation of 番号法, as ingest.citation parses it (``chain``: rows of the 主務省令の表)."""
    return Citation(
        text=text,
        law=_title("番号法"),
        law_abbrev="番号法",
        law_id=BANGO,
        article=article,
        paragraph=paragraph,
        item=item,
        table=table,
        rows=rows,
        table_law=_title("主務省令") if chain else None,
        line=line,
    )


def provision_basis(row: str, *, line: int | None = None) -> Citation:
    """番号法第19条第8号に基づく主務省令第2条の表{row}の項."""
    return bango_citation(
        f"番号法第19条第8号に基づく主務省令第2条の表{row}の項",
        article="19",
        item="8",
        table="2",
        rows=(row,),
        chain=True,
        line=line,
    )


def ordinance_citation(name: str, article: str, *, line: int | None = None) -> Citation:
    """An article of a local ordinance (条例): unknown to the vocabulary, ``local``."""
    return Citation(
        text=f"{name}第{article}条", law_abbrev=name, article=article, local=True, line=line
    )


def full_result(
    *,
    file_name: str = "full.txt",
    municipality: str | None = "千葉市",
    org: str | None = "千葉市長",
    number: str | None = "40",
    company: str = "株式会社ミナト情報",
    sub_company: str = "ミナト保守㈱",
    actor_company: str = "㈱ミナト情報",
) -> ExtractionResult:
    """An assessment with every record family: files and their flows, delegations, storage,
    citations of Ⅰ 5 / Ⅰ 6 / Ⅱ 5 / 別紙, 別添1 steps, 別添2 items, risks, changes, incidents."""
    first_file = InformationFile(
        no=1,
        name="住民基本台帳ファイル",
        type="システム用ファイル",
        subjects="10万人以上100万人未満",
        subject_scope="市内に住民登録をしている者",
        items="50項目以上100項目未満",
        main_items=("識別情報", "連絡先等情報"),
        holding_start="平成27年10月5日",
        holding_start_date=date(2015, 10, 5),
        department="市民局 区政推進課",
        sources=(
            "本人又は本人の代理人",
            "行政機関・独立行政法人等",
            "行政機関・独立行政法人等: 地方公共団体情報システム機構、日本年金機構",
            "評価実施機関内の他部署",
            "評価実施機関内の他部署: 市民税課",
            "その他: 住基ネット",
        ),
        acquisition_methods=(
            "紙",
            "情報提供ネットワークシステム",
            "その他",
            "住民基本台帳ネットワークシステム",
        ),
        users=("区政推進課",),
        delegation_present=True,
        delegation_count=2,
        delegations=(
            Delegation(
                no=1,
                name="住民記録システムの運用保守",
                content="住民記録システムの運用及び保守",
                subjects="特定個人情報ファイルの全体",
                handlers="10人以上50人未満",
                methods=("専用線",),
                contractor=company,
                subcontract=True,
                subcontract_method="書面による事前承認",
                subcontract_content="障害対応",
                subcontractors=(sub_company,),
                line=300,
            ),
            Delegation(
                no=2,
                name="通知書の印刷",
                content="通知書の印刷及び封入",
                contractor="（株）ミナト印刷",
                subcontract=True,
                subcontract_content="封入封緘",
                line=320,
            ),
        ),
        provision_count=2,
        provisions=(
            Provision(
                no=1,
                recipient="日本年金機構",
                basis=(provision_basis("48", line=401),),
                basis_text="番号法第19条第8号に基づく主務省令第2条の表48の項",
                purpose="年金給付の支給",
                info="住民票関係情報",
                count="10万人以上100万人未満",
                scope="年金受給者",
                methods=("情報提供ネットワークシステム",),
                timing="照会の都度",
                line=400,
            ),
            Provision(no=2, recipient="（記載なし）", line=420),
        ),
        transfer_count=1,
        transfers=(
            Provision(
                no=1,
                recipient="保険年金課",
                basis=(bango_citation("番号法第9条第1項", article="9", paragraph="1", line=451),),
                purpose="国民健康保険の資格管理",
                methods=("庁内連携システム",),
                line=450,
            ),
        ),
        storage=Storage(
            places=("中間サーバー・プラットフォーム", "住民記録システム", "課内"),
            places_text="中間サーバー・プラットフォーム、住民記録システム及び課内の書庫",
            retention="20年以上",
            retention_reason="住民基本台帳法施行令に定める期間",
            erasure="磁気消去の上で廃棄する",
            line=500,
        ),
        line=200,
    )
    return ExtractionResult(
        source=source(file_name),
        document=Document(
            kind="全項目評価書",
            org=org,
            municipality=municipality,
            number=number,
            title="住民基本台帳に関する事務 全項目評価書",
            line=2,
        ),
        affair=Affair(name="住民基本台帳に関する事務", line=20),
        systems=(
            System(no=1, name="住民記録システム", connections=("宛名システム等",), line=30),
            System(no=2, name="中間サーバー", line=40),
        ),
        file_names=("住民基本台帳ファイル", "戸籍の附票ファイル"),
        mynumber_use_basis=(
            bango_citation(
                "番号法第9条第1項 別表24の項",
                article="9",
                paragraph="1",
                table="別表",
                rows=("24",),
                line=50,
            ),
            Citation(text="政令第22条", law_abbrev="政令", article="22", line=51),
        ),
        network_linkage=NetworkLinkage(
            status="実施する",
            basis=(provision_basis("3"),),
            basis_text="番号法第19条第8号に基づく主務省令第2条の表3の項",
            line=60,
        ),
        files=(first_file,),
        flow_steps=(
            FlowStep(
                no=1,
                text="住民が転入届を提出する",
                actors=("住民", "区政推進課"),
                data=("転入届",),
                line=600,
            ),
            FlowStep(
                no=2,
                text="住民記録システムから中間サーバーへ副本を登録する",
                actors=("住民記録システム", "中間サーバー", "市民税課"),
                data=("副本",),
                line=605,
            ),
            FlowStep(no=3, text="委託先が通知書を印刷する", actors=(actor_company,), line=610),
        ),
        data_items=(
            DataItem(no=1, name="個人番号", file="住民基本台帳ファイル", line=700),
            DataItem(no=2, name="氏名", file="住民基本台帳ファイル", line=701),
            DataItem(no=1, name="住所", file="戸籍の附票ファイル", line=710),
            DataItem(name="備考", line=720),
        ),
        risks=(
            Risk(
                section="入手",
                no=1,
                name="目的外の入手が行われるリスク",
                rating="十分である",
                measures=(
                    "届出書の様式を定める。<中間サーバー・プラットフォームにおける措置>"
                    "通信を暗号化する。＜千葉市における措置＞書庫を施錠する。"
                ),
                platforms=("中間サーバー・プラットフォーム", "千葉市"),
                form_ref="Ⅲ 2",
                line=800,
            ),
            Risk(
                section="入手",
                no=1,
                name="目的外の入手が行われるリスク",
                rating="十分である",
                measures="届出書を確認する。",
                line=900,
            ),
            Risk(
                section="従業者に対する教育・啓発",
                rating="十分に行っている",
                measures="年1回の研修を行う。",
                form_ref="Ⅳ 2",
                line=950,
            ),
        ),
        changes=(
            ChangeRecord(
                date=date(2024, 4, 1),
                date_text="令和6年4月1日",
                item="Ⅰ 2 システム1",
                before="住民記録システム",
                after="住民記録システム（標準準拠）",
                timing="事前",
                reason="標準化対応のため",
                line=1000,
            ),
            ChangeRecord(date_text="令和6年度", item="Ⅱ 6", line=1005),
            ChangeRecord(item="（続き）", after="続きの記載", line=1010),
        ),
        annex_provisions=(
            Provision(
                no=1,
                recipient="厚生労働大臣",
                basis=(provision_basis("48", line=1101),),
                methods=("電子記録媒体",),
                source_form_ref="別紙",
                line=1100,
            ),
        ),
        requesters=(
            Requester(
                name="教育委員会学務課",
                basis=(ordinance_citation("千葉市個人情報保護条例", "4", line=1201),),
                basis_text="千葉市個人情報保護条例第4条",
                purpose="就学援助の審査",
                info="住民票関係情報",
                line=1200,
            ),
        ),
        incidents=(
            Incident(
                year="令和5年度",
                summary="通知書の誤送付",
                type="漏えい",
                measures="発送前の二重確認",
                line=1300,
            ),
        ),
    )


def other_city_result(
    *, company: str = "(株)ミナト情報", sub_company: str = "ミナト保守株式会社"
) -> ExtractionResult:
    """A second municipality's assessment naming the same companies and the same law rows."""
    return ExtractionResult(
        source=source("other.txt"),
        document=Document(
            kind="全項目評価書",
            org="みなと市長",
            municipality="みなと市",
            number="5",
            title="個人住民税に関する事務 全項目評価書",
            line=1,
        ),
        affair=Affair(name="個人住民税に関する事務", line=10),
        files=(
            InformationFile(
                no=1,
                name="個人住民税ファイル",
                delegations=(
                    Delegation(
                        no=1,
                        name="税務システムの運用",
                        contractor=company,
                        subcontract=True,
                        subcontractors=(sub_company,),
                        line=30,
                    ),
                ),
                provisions=(
                    Provision(
                        no=1,
                        recipient="日本年金機構",
                        basis=(provision_basis("48", line=41),),
                        methods=("情報提供ネットワークシステム",),
                        line=40,
                    ),
                ),
                transfers=(Provision(no=1, recipient="市民税課", line=45),),
                line=20,
            ),
        ),
        mynumber_use_basis=(
            bango_citation(
                "番号法第9条第1項 別表24の項",
                article="9",
                paragraph="1",
                table="別表",
                rows=("24",),
                line=15,
            ),
        ),
    )


@dataclass(frozen=True)
class Builders:
    """The builders of this module, handed to tests as the ``build`` fixture."""

    pension: Callable[..., ExtractionResult] = pension_result
    tax: Callable[[], ExtractionResult] = tax_result
    fragment: Callable[[], ExtractionResult] = fragment_result
    full: Callable[..., ExtractionResult] = full_result
    other_city: Callable[..., ExtractionResult] = other_city_result
    source: Callable[..., SourceDocument] = source


@pytest.fixture
def build() -> Builders:
    """Builders of hand-made extraction results (tests cannot import conftest)."""
    return Builders()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "store") as opened:
        yield opened
