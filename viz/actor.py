"""Who is who in a diagram: the kind of an actor named in an assessment, and its group.

別添1 diagrams place residents and businesses on one side, the municipality and its own systems
in a box in the middle, national systems and other agencies beside it, and contractors below.
:func:`actor_kind` decides where a name goes from the name alone (plus what the assessment
itself says: its municipality, its systems, its contractors), through an ordered table of small
named rules (:data:`ACTOR_RULES`); the first rule that answers wins. No rule knows a particular
municipality or company: they read the shape of Japanese organisation names (``…機構``,
``…税務署``, ``…課``, ``…システム``, ``…株式会社``) and the national-systems vocabulary.

>>> context = ActorContext(municipality="○○市", systems=("収納システム",))
>>> actor_kind("日本年金機構", context), actor_kind("中間サーバー", context)
(<NodeKind.AGENCY: 'agency'>, <NodeKind.NATIONAL_SYSTEM: 'national-system'>)
>>> [actor_kind(name, context) for name in ("○○市", "住民等", "帳票加工委託業者")]
[<NodeKind.PROCESS: 'process'>, <NodeKind.RESIDENT: 'resident'>, <NodeKind.DELEGATE: 'delegate'>]
>>> group_of(NodeKind.LOCAL_SYSTEM)
<Group.MUNICIPALITY: 'municipality'>
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final

from ontology.lexicon import label_key, national_system

__all__ = [
    "ACTOR_RULES",
    "GROUP_LABELS",
    "ActorContext",
    "ActorRule",
    "Group",
    "NodeKind",
    "actor_kind",
    "group_of",
    "is_own_body",
    "source_category_kind",
]


class NodeKind(StrEnum):
    """What a node of a diagram stands for. Values are stable: the lineage contract uses them."""

    PROCESS = "process"
    """The assessed process (事務) as carried out by the assessing body: 別添1's "市" box."""
    DEPARTMENT = "department"
    """A department of the assessing body (…課, …部, …区役所)."""
    LOCAL_SYSTEM = "local-system"
    """A system of the municipality's own (住民記録システム, 収納システム …)."""
    NATIONAL_SYSTEM = "national-system"
    """A national shared system of the national-systems vocabulary (中間サーバー, eLTAX …)."""
    FILE = "file"
    """A 特定個人情報ファイル."""
    STORAGE = "storage"
    """A storage place that is not a national system (a server room, a cabinet)."""
    AGENCY = "agency"
    """Another public body: a ministry, an agency, another local government, 日本年金機構 …."""
    RESIDENT = "resident"
    """Residents, data subjects and their agents (住民, 本人, 納税者, 被保険者 …)."""
    BUSINESS = "business"
    """Businesses that are not contractors: employers, banks, private companies."""
    DELEGATE = "delegate"
    """A contractor of a 委託 (委託先)."""
    SUB_DELEGATE = "sub-delegate"
    """A sub-contractor of a 再委託 (再委託先)."""
    NOTE = "note"
    """A note drawn in place of nodes left out of a crowded view."""
    OTHER = "other"
    """Anything else (an organisation that no rule recognises, a node kind of a foreign graph)."""


class Group(StrEnum):
    """The clusters of a diagram, in the order they are laid out."""

    PEOPLE = "people"
    MUNICIPALITY = "municipality"
    NATIONAL = "national"
    AGENCY = "agency"
    DELEGATE = "delegate"


GROUP_LABELS: Final[dict[Group, str]] = {
    Group.PEOPLE: "住民・事業者",
    Group.MUNICIPALITY: "評価実施機関",
    Group.NATIONAL: "国・全国共通のシステム",
    Group.AGENCY: "他の行政機関等",
    Group.DELEGATE: "委託先",
}
"""Default cluster captions (the municipality's box is captioned with its name when known)."""

_GROUPS: Final[dict[NodeKind, Group]] = {
    NodeKind.PROCESS: Group.MUNICIPALITY,
    NodeKind.DEPARTMENT: Group.MUNICIPALITY,
    NodeKind.LOCAL_SYSTEM: Group.MUNICIPALITY,
    NodeKind.FILE: Group.MUNICIPALITY,
    NodeKind.STORAGE: Group.MUNICIPALITY,
    NodeKind.NATIONAL_SYSTEM: Group.NATIONAL,
    NodeKind.AGENCY: Group.AGENCY,
    NodeKind.RESIDENT: Group.PEOPLE,
    NodeKind.BUSINESS: Group.PEOPLE,
    NodeKind.DELEGATE: Group.DELEGATE,
    NodeKind.SUB_DELEGATE: Group.DELEGATE,
}


def group_of(kind: NodeKind) -> Group | None:
    """The cluster a node of ``kind`` is drawn in (``None``: outside every cluster).

    >>> group_of(NodeKind.SUB_DELEGATE), group_of(NodeKind.OTHER)
    (<Group.DELEGATE: 'delegate'>, None)
    """
    return _GROUPS.get(kind)


@dataclass(frozen=True, kw_only=True)
class ActorContext:
    """What the assessment itself says about the names it uses.

    Attributes:
        municipality: the municipality or agency the assessing body heads (``○○市``).
        organisation: the assessing body as written (``○○市長``).
        department: the department in charge of the process.
        systems: the names of the process's own systems (Ⅰ 2), which are local unless the
            national-systems vocabulary knows them.
        delegates: the names of contractors and sub-contractors (Ⅱ 4).
    """

    municipality: str | None = None
    organisation: str | None = None
    department: str | None = None
    systems: tuple[str, ...] = ()
    delegates: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ActorRule:
    """One named rule of :func:`actor_kind`, with an example that its test replays."""

    name: str
    description: str
    example: str
    expected: NodeKind
    fn: Callable[[str, ActorContext], NodeKind | None]


_OWN_BODY_WORDS: Final = frozenset(
    f"{prefix}{body}" for body in ("市", "町", "村", "区") for prefix in ("", "本", "当")
) | frozenset({"市長", "町長", "村長", "区長", "評価実施機関", "実施機関"})
"""Words an assessment uses for its own body when it does not name it."""


def is_own_body(name: str, context: ActorContext) -> bool:
    """True when ``name`` denotes the assessing body itself (its municipality, head or ``本市``).

    >>> context = ActorContext(municipality="○○市")
    >>> is_own_body("本市", context), is_own_body("○○市長", context), is_own_body("△△市", context)
    (True, True, False)
    """
    return _key(name) in _own_keys(context.municipality, context.organisation)


@lru_cache(maxsize=8192)
def _key(name: str) -> str:
    """:func:`ontology.lexicon.label_key`, remembered (a diagram asks for the same names often)."""
    return label_key(name)


@lru_cache(maxsize=256)
def _own_keys(municipality: str | None, organisation: str | None) -> frozenset[str]:
    own = {_key(word) for word in _OWN_BODY_WORDS}
    for value in (municipality, organisation):
        if value:
            own.update((_key(value), _key(value.removesuffix("長")), _key(value) + "長"))
    return frozenset(own)


def _own_body(name: str, context: ActorContext) -> NodeKind | None:
    return NodeKind.PROCESS if is_own_body(name, context) else None


def _national(name: str, _context: ActorContext) -> NodeKind | None:
    return NodeKind.NATIONAL_SYSTEM if national_system(name) is not None else None


def _known_delegate(name: str, context: ActorContext) -> NodeKind | None:
    key = _key(name)
    known = {_key(d) for d in context.delegates if d}
    return NodeKind.DELEGATE if key in known else None


def _known_system(name: str, context: ActorContext) -> NodeKind | None:
    key = _key(name)
    known = {_key(s) for s in context.systems if s}
    return NodeKind.LOCAL_SYSTEM if key in known else None


_DELEGATE = re.compile(r"委託|受託|(?<!事)業者(等)?$|請負")
_SYSTEM = re.compile(
    r"(システム|サーバー?|端末|装置|データベース|DB|ネットワーク|クラウド)(等|群)?$"
)
_DEPARTMENT = re.compile(r"(課|室|係|部|局|班|部門|センター|区役所|支所|出張所|窓口|部署)(等)?$")
_FINANCE = re.compile(
    r"(金融機関|銀行|信用金庫|信用組合|郵便局|ゆうちょ|コンビニ(エンスストア)?|収納代行)(等)?$"
)
_AGENCY = re.compile(
    r"(機構|税務署|国税局|国税庁|庁|省|府|県|都|道|市区町村|市町村|都道府県|地方公共団体|"
    r"行政機関|独立行政法人|機関|事務所|年金事務所|法務局|裁判所|委員会|協会|連合会|組合|"
    r"公共団体|警察|消防|保健所|市|町|村|区|国)(等)?$"
)
_RESIDENT = re.compile(
    r"(住民|市民|町民|村民|区民|県民|本人|代理人|納税者|納税義務者|被保険者|受給者|受給権者|"
    r"申請者|申告者|滞納者|対象者|利用者|受診者|世帯主?|扶養者|被扶養者|者)(等|ら)?$"
)
_BUSINESS = re.compile(
    r"(事業所|事業者|事業主|給与支払者|特別徴収義務者|法人|企業|会社|団体)(等)?$"
)
_COMPANY = re.compile(r"株式会社|有限会社|合同会社|合資会社|合名会社|\(株\)|（株）|㈱")


def _delegate_words(name: str, _context: ActorContext) -> NodeKind | None:
    return NodeKind.DELEGATE if _DELEGATE.search(name) else None


def _system_words(name: str, _context: ActorContext) -> NodeKind | None:
    return NodeKind.LOCAL_SYSTEM if _SYSTEM.search(name.strip()) else None


def _finance_words(name: str, _context: ActorContext) -> NodeKind | None:
    return NodeKind.BUSINESS if _FINANCE.search(name.strip()) else None


_HEAD_TITLE = re.compile(r"(の長|長|知事|大臣)$")
"""The head of a body stands for the body (市町村長, 都道府県知事, 税務署長)."""


def _body(name: str) -> str:
    stripped = name.strip()
    return _HEAD_TITLE.sub("", stripped) or stripped


_NAMED_AGENCY = re.compile(
    r"(機構|税務署|国税局|国税庁|法務局|年金事務所|裁判所|労働局|運輸局|厚生局|財務局|"
    r"整備局|警察署|消防署|保健所|庁|省)(等)?$"
)
"""Suffixes that name a public body even where a department suffix (…局, …署) would match."""


def _named_agency(name: str, _context: ActorContext) -> NodeKind | None:
    return NodeKind.AGENCY if _NAMED_AGENCY.search(_body(name)) else None


def _department_words(name: str, _context: ActorContext) -> NodeKind | None:
    return NodeKind.DEPARTMENT if _DEPARTMENT.search(_body(name)) else None


def _business_words(name: str, _context: ActorContext) -> NodeKind | None:
    stripped = name.strip()
    return NodeKind.BUSINESS if _BUSINESS.search(stripped) or _COMPANY.search(stripped) else None


def _resident_words(name: str, _context: ActorContext) -> NodeKind | None:
    return NodeKind.RESIDENT if _RESIDENT.search(name.strip()) else None


def _agency_words(name: str, _context: ActorContext) -> NodeKind | None:
    if name.strip().endswith(("知事", "大臣")):
        return NodeKind.AGENCY
    return NodeKind.AGENCY if _AGENCY.search(_body(name)) else None


ACTOR_RULES: Final[tuple[ActorRule, ...]] = (
    ActorRule(
        name="own_body",
        description="the assessing body itself (its municipality, 本市)",
        example="本市",
        expected=NodeKind.PROCESS,
        fn=_own_body,
    ),
    ActorRule(
        name="national_system",
        description="a national shared system of the vocabulary",
        example="情報提供ネットワークシステム",
        expected=NodeKind.NATIONAL_SYSTEM,
        fn=_national,
    ),
    ActorRule(
        name="known_delegate",
        description="a contractor the assessment names in Ⅱ 4",
        example="株式会社サンプル",
        expected=NodeKind.DELEGATE,
        fn=_known_delegate,
    ),
    ActorRule(
        name="known_system",
        description="a system the assessment lists in Ⅰ 2",
        example="業務共通システム",
        expected=NodeKind.LOCAL_SYSTEM,
        fn=_known_system,
    ),
    ActorRule(
        name="delegate_words",
        description="委託, 受託, …業者: a contractor",
        example="収納消込業務受託者",
        expected=NodeKind.DELEGATE,
        fn=_delegate_words,
    ),
    ActorRule(
        name="system_words",
        description="…システム, …サーバー, …端末: a local system",
        example="滞納管理システム",
        expected=NodeKind.LOCAL_SYSTEM,
        fn=_system_words,
    ),
    ActorRule(
        name="finance_words",
        description="banks and payment agents: businesses",
        example="金融機関",
        expected=NodeKind.BUSINESS,
        fn=_finance_words,
    ),
    ActorRule(
        name="named_agency",
        description="…機構, 法務局, 税務署, …庁, …省: public bodies named like departments",
        example="法務局",
        expected=NodeKind.AGENCY,
        fn=_named_agency,
    ),
    ActorRule(
        name="department_words",
        description="…課, …部, …区役所: a department",
        example="区政推進課",
        expected=NodeKind.DEPARTMENT,
        fn=_department_words,
    ),
    ActorRule(
        name="business_words",
        description="…事業所, 給与支払者, companies: businesses",
        example="特別徴収事業所",
        expected=NodeKind.BUSINESS,
        fn=_business_words,
    ),
    ActorRule(
        name="resident_words",
        description="住民, 本人, 納税者, …者: residents",
        example="被保険者",
        expected=NodeKind.RESIDENT,
        fn=_resident_words,
    ),
    ActorRule(
        name="agency_words",
        description="…機構, …署, …庁, 県, 市区町村 and their heads: public bodies",
        example="市町村長",
        expected=NodeKind.AGENCY,
        fn=_agency_words,
    ),
)
"""The rules of :func:`actor_kind`, tried in this order."""


def actor_kind(name: str, context: ActorContext | None = None) -> NodeKind:
    """The kind of the actor ``name``: the first rule of :data:`ACTOR_RULES` that answers.

    Args:
        name: the actor as the assessment names it.
        context: what the assessment says about its own body, systems and contractors.

    Returns:
        The kind; :attr:`NodeKind.OTHER` when no rule recognises the name.

    >>> actor_kind("税務署"), actor_kind("特別徴収義務者"), actor_kind("何か")
    (<NodeKind.AGENCY: 'agency'>, <NodeKind.BUSINESS: 'business'>, <NodeKind.OTHER: 'other'>)
    """
    context = context or ActorContext()
    for rule in ACTOR_RULES:
        found = rule.fn(name, context)
        if found is not None:
            return found
    return NodeKind.OTHER


_SOURCE_CATEGORY_KINDS: Final[dict[str, NodeKind]] = {
    "data-subject": NodeKind.RESIDENT,
    "internal-department": NodeKind.DEPARTMENT,
    "local-government": NodeKind.AGENCY,
    "national-agency": NodeKind.AGENCY,
    "private-business": NodeKind.BUSINESS,
    "other": NodeKind.OTHER,
}


def source_category_kind(category_key: str) -> NodeKind:
    """The node kind of a 入手元 category of the source-categories vocabulary (by its key).

    >>> source_category_kind("national-agency"), source_category_kind("unknown")
    (<NodeKind.AGENCY: 'agency'>, <NodeKind.OTHER: 'other'>)
    """
    return _SOURCE_CATEGORY_KINDS.get(category_key, NodeKind.OTHER)
