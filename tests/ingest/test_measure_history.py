"""Tests of the change history as a second source for Ⅳ's measures (ingest.measure_history)."""

from __future__ import annotations

from ingest_helpers import extract_text

from ingest.measure_history import measure_item
from ingest.records import IssueCode, Risk

HEADER = "変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明\n"
SELF_CHECK = "<X市における措置> 年1回チェックリストを用いて自己点検を実施する。"
EDUCATION = "<X市における措置> 職員に対し研修を年1回実施する。"
OTHER = "<Yクラウドにおける措置> 障害の対応は契約に基づき事業者が行う。"


def _text(self_check: str, rows: str, *, other: str = "") -> str:
    """Ⅳ with ②監査 stating nothing under its rating, then a change history of ``rows``."""
    return (
        "Ⅳ その他のリスク対策\n1. 監査\n①自己点検\t[ 十分に行っている ]\n"
        f"具体的なチェック方法\t{self_check}\n"
        "②監査\t[ 十分に行っている ]\n"
        "2. 従業者に対する教育・啓発\n従業者に対する教育・啓発\t[ 十分に行っている ]\n"
        f"具体的な方法\t{EDUCATION}\n"
        f"3. その他のリスク対策\n{other}\n"
        "(別添3) 変更箇所\n" + HEADER + rows
    )


def _row(date: str, item: str, before: str, after: str) -> str:
    return f"{date}\t{item}\t{before}\t{after}\t事前\t\n"


def _by_ref(risks: tuple[Risk, ...]) -> dict[tuple[str | None, int | None], Risk]:
    return {(r.form_ref, r.no): r for r in risks}


def test_an_item_without_measures_is_filled_from_the_newest_row_and_says_so() -> None:
    rows = _row(
        "令和5年4月1日", "Ⅳ その他のリスク対策 1. 監査 ②監査 具体的な内容", "旧", "古い記載。"
    ) + _row(
        "令和6年9月13日",
        "Ⅳ リスク対策(その他) 1. 監査 ②監査 具体的な内容",
        "古い記載。",
        "<X市における措置> 内部監査を毎年実施する。",
    )
    result = extract_text(_text(SELF_CHECK, rows))
    audit = _by_ref(result.risks)[("Ⅳ 1", 2)]
    assert audit.measures == "<X市における措置> 内部監査を毎年実施する。"
    repaired = [i for i in result.issues if i.code is IssueCode.REPAIRED_TEXT]
    assert [(i.form_ref, i.line) for i in repaired] == [("Ⅳ 1", 14)]
    assert "②監査" in repaired[0].message
    assert "令和6年9月13日" in repaired[0].message


def test_a_missing_other_measures_is_added_at_its_change_row() -> None:
    rows = _row("令和6年9月13日", "Ⅳ リスク対策(その他) 3. その他のリスク対策", "(記載なし)", OTHER)
    result = extract_text(_text(SELF_CHECK, rows))
    other = _by_ref(result.risks)[("Ⅳ 3", None)]
    assert (other.section, other.measures, other.rating, other.line) == (
        "その他のリスク対策",
        OTHER,
        None,
        13,
    )


def test_measures_the_body_states_are_kept() -> None:
    body_other = "<X市における措置> 端末は退庁時に施錠保管する。"
    rows = _row("令和6年9月13日", "Ⅳ その他のリスク対策 3. その他のリスク対策", "旧", OTHER) + _row(
        "令和6年9月13日", "Ⅳ その他のリスク対策 1. 監査 ①自己点検", "旧", "新しい記載。"
    )
    result = extract_text(_text(SELF_CHECK, rows, other=body_other))
    risks = _by_ref(result.risks)
    assert risks[("Ⅳ 3", None)].measures == body_other
    assert risks[("Ⅳ 1", 1)].measures == SELF_CHECK
    assert IssueCode.REPAIRED_TEXT not in {i.code for i in result.issues}


def test_a_row_that_adds_to_or_elides_the_text_fills_nothing() -> None:
    for after in ("以下を追記 " + OTHER, "≪略≫ " + OTHER, "(記載なし)", "-"):
        rows = _row("令和6年9月13日", "Ⅳ その他のリスク対策 3. その他のリスク対策", "旧", after)
        result = extract_text(_text(SELF_CHECK, rows))
        assert ("Ⅳ 3", None) not in _by_ref(result.risks), after


def test_only_the_newest_row_counts() -> None:
    rows = _row(
        "令和7年1月1日", "Ⅳ その他のリスク対策 3. その他のリスク対策", OTHER, "以下を追記 …"
    ) + _row("令和5年1月1日", "Ⅳ その他のリスク対策 3. その他のリスク対策", "旧", OTHER)
    result = extract_text(_text(SELF_CHECK, rows))
    assert ("Ⅳ 3", None) not in _by_ref(result.risks)


def test_a_paragraph_printed_under_another_item_moves_to_the_item_the_history_names() -> None:
    """PDF text printed その他のリスク対策's paragraph under ①自己点検: the row that states it as
    その他のリスク対策's whole text takes it out of ①自己点検."""
    rows = _row("令和6年9月13日", "Ⅳ リスク対策(その他) 3. その他のリスク対策", "(記載なし)", OTHER)
    result = extract_text(_text(OTHER + "\n" + SELF_CHECK, rows))
    risks = _by_ref(result.risks)
    assert risks[("Ⅳ 1", 1)].measures == SELF_CHECK
    assert risks[("Ⅳ 3", None)].measures == OTHER
    (repaired,) = [i for i in result.issues if i.code is IssueCode.REPAIRED_TEXT]
    assert "printed under Ⅳ 1 自己点検 is taken from it" in repaired.message


def test_item_names() -> None:
    assert measure_item("Ⅳ その他 1. 監査 ②監査") == ("Ⅳ", "監査", 2)
    assert measure_item("Ⅳ リスク対策(その他) 1. -②監査、-具体的な内容") == ("Ⅳ", "監査", 2)
    assert measure_item("IV その他のリスク対策 2. 従業員に対する教育・啓発 具体的な方法") == (
        "Ⅳ",
        "従業者に対する教育・啓発",
        None,
    )
    assert measure_item("III リスク対策 10. その他のリスク対策") == (
        "Ⅲ",
        "その他のリスク対策",
        None,
    )
    assert measure_item("Ⅳ その他のリスク対策 1. 監査") is None  # which of ① and ②?
    assert measure_item("Ⅲ リスク対策 2. 特定個人情報の入手") is None
    assert measure_item("IV 開示請求、問合せ 1. 特定個人情報の開示・訂正") is None
