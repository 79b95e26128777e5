"""Legal provisions typed as users write them, resolved to IRIs, and their impact."""

from __future__ import annotations

import pytest
from lineage_golden import A1, A2, A3, BANGO, ITEM_19_8, ROW_48, ROW_49

from graph import iri
from graph.store import Store
from queries.legal import ProvisionError, provision_impact, text_to_provisions


@pytest.mark.parametrize(
    "typed",
    [
        "番号法第19条第8号",
        "番号法19条8号",
        "番号法 19 条 8 号",
        "番号法第１９条第８号",
        "番号法第十九条第八号",
    ],
)
def test_an_item_as_users_write_it(typed: str) -> None:
    assert [p.iri for p in text_to_provisions(typed)] == [ITEM_19_8]
    assert text_to_provisions(typed)[0].label == "番号法19条8号"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("番号法第19条第8号に基づく主務省令第2条の表48の項", ROW_48),
        ("主務省令第2条の表49の項", ROW_49),
        ("番号法別表24の項", BANGO + "/appendix-table/row/24"),
        ("番号法別表第2の27の項", BANGO + "/appendix-table/2/row/27"),
        ("番号法第9条第1項", BANGO + "/article/9/paragraph/1"),
        ("住民基本台帳法第30条の9", str(iri.article_iri("342AC0000000081", "30_9"))),
        ("番号法", BANGO),
        (ROW_48, ROW_48),
    ],
)
def test_provisions_resolve_to_the_naming_rules(typed: str, expected: str) -> None:
    assert [p.iri for p in text_to_provisions(typed)] == [expected]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("xyz", "cannot read"),
        ('" } ; DROP ALL #', "cannot read"),
        ("政令第5条", "not in the vocabulary"),
        ("みなと市個人情報保護条例第5条", "local ordinance"),
    ],
)
def test_what_cannot_be_resolved_is_a_clear_error(typed: str, reason: str) -> None:
    with pytest.raises(ProvisionError, match=reason):
        text_to_provisions(typed)


def test_impact_merges_the_provisions_and_groups_by_municipality(golden_store: Store) -> None:
    impact = provision_impact(golden_store, "番号法第19条第8号")
    groups = impact.by_municipality()
    assert list(groups) == ["みなと市", "やまなみ町"]
    assert {r["assessment"] for r in groups["みなと市"]} == {A1, A2}
    assert [r["kind"] for r in groups["やまなみ町"]] == ["linkage (Ⅰ 6)", "provision"]
    assert {r["assessment"] for r in groups["やまなみ町"]} == {A3}


def test_impact_of_a_table_row(golden_store: Store) -> None:
    impact = provision_impact(golden_store, "番号法第19条第8号に基づく主務省令第2条の表49の項")
    assert [p.label for p in impact.provisions] == ["主務省令2条表49項"]
    assert {(r["municipality"], r["counterpart"]) for r in impact.table.records()} == {
        ("みなと市", "日本年金機構"),
        ("やまなみ町", "日本年金機構"),
    }


def test_a_citation_that_names_two_rows_counts_each_flow_once(golden_store: Store) -> None:
    impact = provision_impact(golden_store, "主務省令第2条の表48、49の項")
    assert {p.iri for p in impact.provisions} == {ROW_48, ROW_49}
    assert len(impact.table.rows) == 3


def test_impact_of_an_uncited_provision_is_empty(golden_store: Store) -> None:
    assert provision_impact(golden_store, "番号法第2条").table.rows == ()
