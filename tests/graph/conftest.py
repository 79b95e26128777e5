"""Small hand-built extraction results for the graph tests (no ingest code runs here)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from graph.store import Store, open_store
from ingest.records import (
    Affair,
    Document,
    ExtractionResult,
    Issue,
    IssueCode,
    SourceDocument,
    Status,
    System,
)


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


@dataclass(frozen=True)
class Builders:
    """The builders of this module, handed to tests as the ``build`` fixture."""

    pension: Callable[..., ExtractionResult] = pension_result
    tax: Callable[[], ExtractionResult] = tax_result
    fragment: Callable[[], ExtractionResult] = fragment_result
    source: Callable[..., SourceDocument] = source


@pytest.fixture
def build() -> Builders:
    """Builders of hand-made extraction results (tests cannot import conftest)."""
    return Builders()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "store") as opened:
        yield opened
