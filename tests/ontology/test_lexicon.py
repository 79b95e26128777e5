"""ontology.lexicon: spellings found in the real corpus resolve to the right concepts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from ontology import lexicon
from ontology.lexicon import (
    Concept,
    LawConcept,
    LexiconError,
    concept,
    concepts,
    connection_kind,
    handling_stage,
    label_key,
    law_by_id,
    law_by_name,
    load_lexicon,
    mentions,
    national_system,
    rating,
    scheme_labels,
    scheme_names,
    source_category,
    transfer_method,
)

REPO: Final = Path(__file__).resolve().parents[2]
CORPUS: Final = REPO / "corpus"

# (spelling exactly as it occurs in the corpus texts, expected notation)
NATIONAL_SYSTEM_VARIANTS: Final = [
    ("中間サーバー・プラットフォーム", "chukan-server-platform"),
    ("中間サーバープラットフォーム", "chukan-server-platform"),
    ("中間サーバー・ブラットフォーム", "chukan-server-platform"),  # OCR damage
    ("中間サーバー", "chukan-server-platform"),
    ("中間サーバ", "chukan-server-platform"),
    ("中間サーバーシステム", "chukan-server-platform"),
    ("中間サーバー・ソフトウェア", "chukan-server-software"),
    ("中間サーバ・ソフトウェア", "chukan-server-software"),
    ("情報提供ネットワークシステム", "johoteikyo-network"),
    ("情報提供ネットワーク", "johoteikyo-network"),
    ("情報提供 ネットワークシステム", "johoteikyo-network"),
    ("情報提供ネットワークシ ステム", "johoteikyo-network"),
    ("住民基本台帳ネットワークシステム", "juki-net"),
    ("住民基本台帳ネットワーク", "juki-net"),
    ("住民基本台 帳ネットワーク", "juki-net"),
    ("住基ネット", "juki-net"),
    ("全国サーバ", "juki-national-server"),
    ("都道府県サーバ", "juki-prefectural-server"),
    ("eLTAX", "eltax"),
    ("eLTAx", "eltax"),
    ("eLTAXシステム", "eltax"),
    ("eLTAX審査システム", "eltax"),
    ("地方税共通納税システム", "kyotsu-nozei"),
    ("共通納税システム", "kyotsu-nozei"),
    ("国税連携システム", "kokuzei-renkei"),
    ("マイナポータル", "mynaportal"),
    ("マイナポータル申請管理", "mynaportal-application-management"),
    ("ガバメントクラウド", "government-cloud"),
    ("総合行政ネットワーク", "lgwan"),
    ("LGWAN", "lgwan"),
    ("LGWAN回線", "lgwan"),
    ("マルチペイメントネットワーク", "multi-payment-network"),
    ("MPN", "multi-payment-network"),
    ("コンビニ交付システム", "convenience-store-issuance"),
]
LAW_VARIANTS: Final = [
    ("番号法", "bango-ho"),
    ("行政手続における特定の個人を識別するための番号の利用等に関する法律", "bango-ho"),
    ("番号法施行令", "bango-ho-shikorei"),
    ("番号法施行規則", "bango-ho-shikokisoku"),
    ("主務省令", "bango-ho-19-8-meirei"),
    ("提供省令", "bango-ho-19-8-meirei"),
    ("利用特定個人情報提供省令", "bango-ho-19-8-meirei"),
    ("番号法第19条第8号に基づく主務省令", "bango-ho-19-8-meirei"),
    ("住民基本台帳法", "juki-ho"),
    ("地方税法", "chihozei-ho"),
    ("個人情報の保護に関する法律", "kojin-joho-hogo-ho"),
    ("個人情報保護法", "kojin-joho-hogo-ho"),
    ("国民年金法", "kokumin-nenkin-ho"),
    ("国年法", "kokumin-nenkin-ho"),
    ("国年法施行令", "kokumin-nenkin-ho-shikorei"),
    ("国民年金施行令", "kokumin-nenkin-ho-shikorei"),
    ("健康増進法", "kenko-zoshin-ho"),
    ("国税徴収法", "kokuzei-choshu-ho"),
    ("船員保険法", "senin-hoken-ho"),
    ("児童福祉法", "jido-fukushi-ho"),
    ("障害者総合支援法", "shogaisha-sogo-shien-ho"),
    ("介護保険法", "kaigo-hoken-ho"),
    ("母子保健法", "boshi-hoken-ho"),
    ("生活保護法", "seikatsu-hogo-ho"),
    ("母子及び父子並びに寡婦福祉法", "boshi-fushi-kafu-fukushi-ho"),
]
CHECKBOX_VARIANTS: Final = [
    ("connection-kinds", "宛名システム等", "atena"),
    ("connection-kinds", "空名システム等", "atena"),  # OCR damage
    ("connection-kinds", "死名システム等", "atena"),  # OCR damage
    ("connection-kinds", "既存住民基本台帳システム", "kizon-juki"),
    ("connection-kinds", "庁内連携システム", "chonai-renkei"),
    ("connection-kinds", "税務システム", "zeimu"),
    ("methods", "電子記録媒体(フラッシュメモリを除く。)", "electronic-media"),
    ("methods", "電子記録媒体（フラッシュメモリを除く。）", "electronic-media"),
    ("methods", "フラッシュメモリ", "flash-memory"),
    ("methods", "コラッシュメモリ", "flash-memory"),  # OCR damage
    ("methods", "専用線", "dedicated-line"),
    ("methods", "電子メール", "email"),
    ("source-categories", "本人又は本人の代理人", "data-subject"),
    ("source-categories", "評価実施機関内の他部署", "internal-department"),
    ("source-categories", "行政機関・独立行政法人等", "national-agency"),
    ("source-categories", "地方公共団体・地方独立行政法人", "local-government"),
    ("source-categories", "民間事業者", "private-business"),
    ("risk-ratings", "特に力を入れている", "special-effort"),
    ("risk-ratings", "特に力を入れて行っている", "special-effort"),
    ("risk-ratings", "特に力を入れて周知している", "special-effort"),
    ("risk-ratings", "十分である", "sufficient"),
    ("risk-ratings", "十分に整備している", "sufficient"),
    ("risk-ratings", "課題が残されている", "issues-remain"),
    ("risk-ratings", "十分に行っていない", "issues-remain"),
    ("handling-stages", "特定個人情報の提供・移転", "provision-transfer"),
    ("handling-stages", "情報提供ネットワークシステムとの接続", "network-connection"),
    ("handling-stages", "特定個人情報の保管・消去", "storage-erasure"),
    ("handling-stages", "特定個人情報ファイルの取扱いの委託", "delegation"),
    ("document-kinds", "全項目評価書", "full"),
    ("document-kinds", "重点項目評価書", "focused"),
]


@pytest.fixture(scope="module")
def corpus_text() -> str:
    paths = sorted(CORPUS.glob("*.txt"))
    assert len(paths) == 5
    return "\n".join(p.read_text(encoding="utf-8") for p in paths)


@pytest.mark.parametrize(("spelling", "key"), NATIONAL_SYSTEM_VARIANTS)
def test_national_system_spellings_from_the_corpus(
    corpus_text: str, spelling: str, key: str
) -> None:
    assert spelling in corpus_text  # the variant is real, not invented
    found = national_system(spelling)
    assert found is not None, spelling
    assert found.key == key


@pytest.mark.parametrize(("spelling", "key"), LAW_VARIANTS)
def test_law_names_from_the_corpus(corpus_text: str, spelling: str, key: str) -> None:
    assert spelling in corpus_text
    found = law_by_name(spelling)
    assert isinstance(found, LawConcept), spelling
    assert found.key == key


@pytest.mark.parametrize(("scheme", "spelling", "key"), CHECKBOX_VARIANTS)
def test_checkbox_labels_from_the_corpus(
    corpus_text: str, scheme: str, spelling: str, key: str
) -> None:
    assert spelling in corpus_text
    found = concept(scheme, spelling)
    assert found is not None, spelling
    assert found.key == key


def test_local_systems_are_not_national() -> None:
    for name in ("住民記録システム", "統合宛名システム", "税務システム", "庁内連携システム"):
        assert national_system(name) is None, name


def test_law_lookup_gives_id_title_and_source() -> None:
    law = law_by_name("番号法")
    assert law is not None
    assert law.law_id == "425AC0000000027"
    assert law.pref_label == "行政手続における特定の個人を識別するための番号の利用等に関する法律"
    assert law.source == "https://laws.e-gov.go.jp/law/425AC0000000027"
    assert law.law_number == "平成二十五年法律第二十七号"
    assert law_by_id("425AC0000000027") is law
    assert law_by_id("999AC0000000000") is None


def test_unverified_laws_have_no_id() -> None:
    law = law_by_name("主務省令")
    assert law is not None
    assert law.law_id is None
    assert law.source is None


def test_connection_kinds_link_to_national_systems() -> None:
    for kind in concepts("connection-kinds"):
        assert kind.national is not None, kind.key
        if kind.national:
            (match,) = kind.exact_match
            system = national_system(kind.pref_label)
            assert system is not None
            assert system.iri == match
    atena = connection_kind("宛名システム等")
    assert atena is not None
    assert atena.national is False


def test_wrappers_use_their_schemes() -> None:
    assert transfer_method("紙") == concept("methods", "紙")
    assert source_category("民間事業者") == concept("source-categories", "民間事業者")
    assert rating("十分である") == concept("risk-ratings", "十分である")
    assert handling_stage("使用") == concept("handling-stages", "使用")


def test_unknown_scheme_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no vocabulary"):
        concept("colours", "赤")


def test_scheme_names_and_labels() -> None:
    assert scheme_names() == sorted(p.stem for p in (REPO / "ontology" / "vocab").glob("*.ttl"))
    labels = scheme_labels("national-systems")
    assert "中間サーバー・ブラットフォーム" in labels  # hidden labels too
    assert labels == sorted(set(labels))


def test_mentions_finds_systems_in_running_text() -> None:
    text = "特定個人情報は、中間サーバー・プラットフォーム及びガバメントクラウドに保管する。"
    assert [c.key for c in mentions("national-systems", text)] == [
        "chukan-server-platform",
        "government-cloud",
    ]
    assert mentions("national-systems", "サーバー室に保管する。") == []


def test_concepts_are_frozen() -> None:
    system = national_system("中間サーバー")
    assert isinstance(system, Concept)
    with pytest.raises(AttributeError):
        system.key = "x"  # type: ignore[misc]


def test_the_lexicon_is_loaded_once() -> None:
    assert lexicon._lexicon() is lexicon._lexicon()


@pytest.mark.parametrize(
    ("rule", "before", "after"),
    [
        (lexicon.fold_ascii_width, "ＬＧＷＡＮ１", "LGWAN1"),
        (lexicon.fold_ascii_width, "①Ⅲ", "①Ⅲ"),
        (lexicon.fold_ascii_case, "eLTAx", "eltax"),
        (lexicon.remove_spaces, "住民基本台 帳\u3000ネット", "住民基本台帳ネット"),
        (lexicon.remove_middle_dots, "A・B･C·D•E∙F", "ABCDEF"),
        (lexicon.remove_long_vowels, "サーバー", "サバ"),
        (lexicon.remove_long_vowels, "データ−ベース", "デタベス"),
        (lexicon.remove_long_vowels, "LGWAN-ASP", "LGWAN-ASP"),
        (lexicon.fold_brackets, "（除く。）", "(除く。)"),
    ],
)
def test_key_rules(rule: object, before: str, after: str) -> None:
    assert callable(rule)
    assert rule(before) == after


def test_label_key_keeps_circled_and_roman_numerals() -> None:
    assert label_key("Ⅲ 7 ⑨") == "Ⅲ7⑨"


def test_a_label_shared_by_two_concepts_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    record = {"iri": "urn:a", "key": "a", "pref_label": "中間サーバー", "alt_labels": []}
    other = {"iri": "urn:b", "key": "b", "pref_label": "中間サーバ", "alt_labels": []}
    path.write_text(
        json.dumps({"schemes": {"s": {"concepts": [record, other]}}}, ensure_ascii=False),
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match="names both a and b"):
        load_lexicon(path)


def test_an_unreadable_lexicon_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(LexiconError):
        load_lexicon(path)
    with pytest.raises(LexiconError):
        load_lexicon(tmp_path / "missing.json")


def test_lexicon_does_not_import_rdflib() -> None:
    code = (
        "import sys, ontology, ontology.lexicon as lx; lx.national_system('中間サーバー'); "
        "assert 'rdflib' not in sys.modules, 'rdflib imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
