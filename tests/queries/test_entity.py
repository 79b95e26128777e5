"""Entities found by name as users type them, on the golden dataset."""

from __future__ import annotations

import networkx as nx
import pytest
from lineage_golden import ABC, CH, DATA, JN, MJ, MZ, NENKIN, SAKURA, YA, YZ

from queries import QueryError
from queries.entity import AmbiguousEntityError, EntityNotFoundError, find_entity, name_key


@pytest.mark.parametrize(
    ("typed", "node"),
    [
        ("住民記録システム", MJ),  # exact
        ("住民記録 システム", MJ),  # spacing
        ("住民記緑システム", MJ),  # a typo (緑 for 録): fuzzy
        ("ＡＢＣシステムズ", ABC),  # full-width letters, no 株式会社
        ("(株)ABCシステムズ", ABC),  # (株) before the name
        ("abc", ABC),  # part of the name, any case
        ("株式会社データ入力センター", DATA),
        ("データ入力センター（株）", DATA),  # 後株 spelling of the same name still finds it
        ("中間サーバー", CH),  # part of 中間サーバー・プラットフォーム
        ("中間サーバ プラットフォーム", CH),  # long vowel and middle dot dropped
        ("住基ネット", JN),  # another name of a national system (skos:altLabel)
        ("宛名システム", YA),  # exact label wins over 統合宛名システム, which contains it
        ("みなと市 税務システム", MZ),  # qualified by municipality
        ("やまなみ町税務システム", YZ),
        ("年金機構", NENKIN),
        (MJ, MJ),  # an IRI
    ],
)
def test_names_as_users_type_them(golden_graph: nx.MultiDiGraph, typed: str, node: str) -> None:
    assert find_entity(golden_graph, typed) == node


def test_an_ambiguous_name_lists_the_candidates(golden_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(AmbiguousEntityError) as caught:
        find_entity(golden_graph, "税務システム")
    assert {c.node for c in caught.value.candidates} == {MZ, YZ}
    message = str(caught.value)
    assert "matches 2 entities" in message
    assert "みなと市" in message
    assert "やまなみ町" in message
    assert MZ in message
    assert YZ in message


def test_a_name_that_matches_nothing_is_a_clear_error(golden_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(EntityNotFoundError, match="no entity matches '存在しない会社'"):
        find_entity(golden_graph, "存在しない会社")
    with pytest.raises(EntityNotFoundError):
        find_entity(golden_graph, "   ")


def test_entity_errors_are_query_errors(golden_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(QueryError):
        find_entity(golden_graph, "税務システム")


def test_kinds_restrict_the_search(golden_graph: nx.MultiDiGraph) -> None:
    assert find_entity(golden_graph, "さくら", kinds={"delegate", "sub-delegate"}) == SAKURA
    with pytest.raises(EntityNotFoundError):
        find_entity(golden_graph, "日本年金機構", kinds={"delegate", "sub-delegate"})
    with pytest.raises(EntityNotFoundError):
        find_entity(golden_graph, NENKIN, kinds={"delegate"})


@pytest.mark.parametrize(
    "hostile", ['" } ; DROP ALL #', "}\nSERVICE <http://example.org/sparql> {}", "# x"]
)
def test_hostile_names_are_only_names(golden_graph: nx.MultiDiGraph, hostile: str) -> None:
    with pytest.raises((EntityNotFoundError, AmbiguousEntityError)):
        find_entity(golden_graph, hostile)


def test_name_key_folds_what_users_vary() -> None:
    assert name_key("（株） ＡＢＣ システムズ") == name_key("ABCシステムズ株式会社")
    assert name_key("eLTAX") == name_key("ＥＬＴＡＸ")
    assert name_key("システム①") != name_key("システム1")  # ① is not folded (no NFKC)
