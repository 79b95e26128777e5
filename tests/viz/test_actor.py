"""Where an actor goes: the rules of viz.actor, each replaying its example."""

from __future__ import annotations

import pytest

from viz.actor import (
    ACTOR_RULES,
    ActorContext,
    ActorRule,
    Group,
    NodeKind,
    actor_kind,
    group_of,
    is_own_body,
)

CONTEXT = ActorContext(
    municipality="○○市",
    organisation="○○市長",
    systems=("業務共通システム",),
    delegates=("株式会社サンプル",),
)


@pytest.mark.parametrize("rule", ACTOR_RULES, ids=[r.name for r in ACTOR_RULES])
def test_every_rule_answers_its_example(rule: ActorRule) -> None:
    assert rule.fn(rule.example, CONTEXT) is rule.expected
    assert actor_kind(rule.example, CONTEXT) is rule.expected


def test_rule_names_are_unique() -> None:
    names = [rule.name for rule in ACTOR_RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("日本年金機構", NodeKind.AGENCY),
        ("地方公共団体情報システム機構", NodeKind.AGENCY),
        ("税務署長", NodeKind.AGENCY),
        ("都道府県知事", NodeKind.AGENCY),
        ("法務局", NodeKind.AGENCY),
        ("県", NodeKind.AGENCY),
        ("△△市", NodeKind.AGENCY),
        ("○○市", NodeKind.PROCESS),
        ("市長", NodeKind.PROCESS),
        ("本市", NodeKind.PROCESS),
        ("中間サーバー", NodeKind.NATIONAL_SYSTEM),
        ("住基ネット", NodeKind.NATIONAL_SYSTEM),
        ("eLTAX", NodeKind.NATIONAL_SYSTEM),
        ("収納システム", NodeKind.LOCAL_SYSTEM),
        ("年金相談用可搬型窓口装置", NodeKind.LOCAL_SYSTEM),
        ("会計部門", NodeKind.DEPARTMENT),
        ("保健福祉局 医療衛生部 健康保険課", NodeKind.DEPARTMENT),
        ("住民等", NodeKind.RESIDENT),
        ("被保険者", NodeKind.RESIDENT),
        ("本人又は本人の代理人", NodeKind.RESIDENT),
        ("特別徴収事業所", NodeKind.BUSINESS),
        ("生命保険等の事業者", NodeKind.BUSINESS),
        ("金融機関", NodeKind.BUSINESS),
        ("収納消込業務受託者", NodeKind.DELEGATE),
        ("帳票加工委託業者", NodeKind.DELEGATE),
        ("株式会社サンプル", NodeKind.DELEGATE),
        ("なにか", NodeKind.OTHER),
    ],
)
def test_actor_kinds(name: str, kind: NodeKind) -> None:
    assert actor_kind(name, CONTEXT) is kind


def test_a_company_that_is_not_a_contractor_is_a_business() -> None:
    assert actor_kind("株式会社ほか", CONTEXT) is NodeKind.BUSINESS


def test_own_body_without_a_known_municipality() -> None:
    assert is_own_body("当市", ActorContext())
    assert not is_own_body("△△市", ActorContext())


def test_groups_follow_the_layout_of_the_diagrams() -> None:
    assert group_of(NodeKind.LOCAL_SYSTEM) is Group.MUNICIPALITY
    assert group_of(NodeKind.FILE) is Group.MUNICIPALITY
    assert group_of(NodeKind.NATIONAL_SYSTEM) is Group.NATIONAL
    assert group_of(NodeKind.RESIDENT) is Group.PEOPLE
    assert group_of(NodeKind.DELEGATE) is Group.DELEGATE
