"""The vocabulary of Ⅱ 特定個人情報ファイルの概要: item titles, field labels, boxes and choices.

Ⅱ repeats for every 特定個人情報ファイル and has seven items (1. ファイル名, 2. 基本情報,
3. 入手・使用, 4. 委託, 5. 提供・移転, 6. 保管・消去, 7. 備考). Its labels are a closed set,
like those of Ⅰ (:mod:`ingest.label`), but the document kinds number some of them differently
(重点項目評価書 has ``③使用目的`` where 全項目評価書 has ``⑥使用目的``). Labels are therefore
matched on their wording;
the circled numeral only tells a numbered label (``②対象となる本人の数`` of item 2) from the same
wording printed without one (``対象となる本人の数`` under ②取扱いを委託する… of item 4).

>>> found = match_overview_label("③対象と\\tなる本人の範囲 ※\\t市内の住民")
>>> (found.spec.key, found.spec.item, found.value)
('file.subject_scope', 2, '市内の住民')
>>> match_overview_label("対象となる本人の数 [ 1万人未満 ]").spec.item
4
>>> match_item_title("5. 特寺定個人情報の提供・移転(委託に伴うものを除く。)").number
5
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from types import MappingProxyType

from ingest.form import SectionKind
from ingest.label import HeadIndex, Label, LabelMatch, match_label, split_numeral

# --- items ------------------------------------------------------------------------------------

ITEM_TITLES = MappingProxyType(
    {
        1: "特定個人情報ファイル名",
        2: "基本情報",
        3: "特定個人情報の入手・使用",
        4: "特定個人情報ファイルの取扱いの委託",
        5: "特定個人情報の提供・移転",
        6: "特定個人情報の保管・消去",
        7: "備考",
    }
)
"""The items of Ⅱ by number (5 goes on with ``(委託に伴うものを除く。)``)."""

NAME_ITEM = 1
BASIC_ITEM = 2
ACQUISITION_ITEM = 3
DELEGATION_ITEM = 4
PROVISION_ITEM = 5
STORAGE_ITEM = 6
REMARKS_ITEM = 7


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemTitle:
    """An item title of Ⅱ recognised in a line (``4. 特定個人情報ファイルの取扱いの委託``)."""

    number: int
    rest: str
    """What follows the title on the line (a heading that goes on with its content)."""


_ITEM_NUMBER = re.compile(r"^\s*(?P<number>[1-7])\s*[.．、]\s*")
_TITLE_EDGE = " \t※*＊:："
_MAX_TITLE_REST = 3
"""A title without its item number must fill its line (up to this many stray characters)."""


def match_item_title(line: str) -> ItemTitle | None:
    """Recognise an item title of Ⅱ at the start of ``line`` (or of one of its cells).

    With its item number (``6. 特定個人情報の保管・消去 <…における措置> …``) the title may go on
    with content; without it, it must fill the line, so that prose that starts with the same words
    is no title.

    >>> match_item_title("3. 特定\\t3. 特定個人情報の入手・使用").number
    3
    >>> match_item_title("6. 特定個人情報の保管・消去 <課内における措置> 紙").rest
    '<課内における措置> 紙'
    >>> match_item_title("特定個人情報の保管・消去におけるその他のリスク") is None
    True
    """
    for cell in _cell_starts(line):
        found = _title_at(cell)
        if found is not None:
            return found
    return None


def _title_at(text: str) -> ItemTitle | None:
    numbered = _ITEM_NUMBER.match(text)
    rest = text[numbered.end() :] if numbered else text
    best: tuple[float, ItemTitle] | None = None
    for number in ITEM_TITLES:
        if numbered and int(numbered.group("number")) != number:
            continue
        found = match_label(rest, (_title_label(number),))
        if found is None:
            continue
        after = found.value.strip(_TITLE_EDGE)
        after = re.sub(r"^[(（]?\s*委託に伴うものを除く。?\s*[)）]?", "", after).strip(_TITLE_EDGE)
        if not numbered and len(after) > _MAX_TITLE_REST:
            continue
        if best is None or found.score > best[0]:
            best = (found.score, ItemTitle(number=number, rest=after))
    return best[1] if best else None


@cache
def _title_label(number: int) -> Label:
    return Label(
        key=f"overview.item{number}",
        text=ITEM_TITLES[number],
        section=SectionKind.FILE_OVERVIEW,
        heading=True,
    )


# --- field labels ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldSpec:
    """One field label of Ⅱ."""

    key: str
    text: str
    item: int | None
    """The item of Ⅱ the label belongs to; None for wordings several items print (その妥当性)."""
    numbered: bool = True
    """Whether the form prints a circled numeral before the label."""


def _spec(key: str, text: str, item: int | None, *, numbered: bool = True) -> FieldSpec:
    return FieldSpec(key=key, text=text, item=item, numbered=numbered)


FIELD_SPECS: tuple[FieldSpec, ...] = (
    # 2. 基本情報
    _spec("file.type", "ファイルの種類", 2),
    _spec("file.subjects", "対象となる本人の数", 2),
    _spec("file.subject_scope", "対象となる本人の範囲", 2),
    _spec("file.necessity", "その必要性", 2, numbered=False),
    _spec("file.items", "記録される項目", 2),
    _spec("file.main_items", "主な記録項目", 2, numbered=False),
    _spec("file.all_items", "全ての記録項目", 2, numbered=False),
    _spec("file.holding_start", "保有開始日", 2),
    _spec("file.department", "事務担当部署", 2),
    # 3. 入手・使用
    _spec("acquisition.sources", "入手元", 3),
    _spec("acquisition.methods", "入手方法", 3),
    _spec("acquisition.timing", "入手の時期・頻度", 3),
    _spec("acquisition.validity", "入手に係る妥当性", 3),
    _spec("acquisition.notice", "本人への明示", 3),
    _spec("use.purpose", "使用目的", 3),
    _spec("use.change", "変更の妥当性", 3, numbered=False),
    _spec("use.subject", "使用の主体", 3),
    _spec("use.departments", "使用部署", 3, numbered=False),
    _spec("use.users", "使用者数", 3, numbered=False),
    _spec("use.method", "使用方法", 3),
    _spec("use.matching", "情報の突合", 3, numbered=False),
    _spec("use.statistics", "情報の統計分析", 3, numbered=False),
    _spec("use.decision", "権利利益に影響を与え得る決定", 3, numbered=False),
    _spec("use.start", "使用開始日", 3),
    # 4. 委託
    _spec("delegation.status", "委託の有無", 4, numbered=False),
    _spec("delegation.content", "委託内容", 4),
    _spec("delegation.scope", "取扱いを委託する特定個人情報ファイルの範囲", 4),
    _spec("delegation.subjects", "対象となる本人の数", 4, numbered=False),
    _spec("delegation.subject_scope", "対象となる本人の範囲", 4, numbered=False),
    _spec("delegation.handlers", "委託先における取扱者数", 4),
    _spec("delegation.methods", "委託先への特定個人情報ファイルの提供方法", 4),
    _spec("delegation.check", "委託先名の確認方法", 4),
    _spec("delegation.contractor", "委託先名", 4),
    _spec("delegation.group", "再委託", 4, numbered=False),
    _spec("delegation.subcontract", "再委託の有無", 4),
    _spec("delegation.permission", "再委託の許諾方法", 4),
    _spec("delegation.subcontract_content", "再委託事項", 4),
    # 5. 提供・移転
    _spec("provision.status", "提供・移転の有無", 5, numbered=False),
    _spec("provision.basis", "法令上の根拠", 5),
    _spec("provision.purpose", "提供先における用途", 5),
    _spec("transfer.purpose", "移転先における用途", 5),
    _spec("provision.info", "提供する情報", 5),
    _spec("transfer.info", "移転する情報", 5),
    _spec("provision.count", "提供する情報の対象となる本人の数", 5),
    _spec("transfer.count", "移転する情報の対象となる本人の数", 5),
    _spec("provision.scope", "提供する情報の対象となる本人の範囲", 5),
    _spec("transfer.scope", "移転する情報の対象となる本人の範囲", 5),
    _spec("provision.methods", "提供方法", 5),
    _spec("transfer.methods", "移転方法", 5),
    _spec("provision.timing", "時期・頻度", 5),
    # 6. 保管・消去
    _spec("storage.places", "保管場所", 6),
    _spec("storage.retention", "保管期間", 6),
    _spec("storage.period", "期間", None, numbered=False),
    _spec("storage.erasure", "消去方法", 6),
    # several items
    _spec("reason", "その妥当性", None, numbered=False),
)
"""Every field label of Ⅱ, by item, in form order."""

SPECS_BY_KEY = MappingProxyType({spec.key: spec for spec in FIELD_SPECS})


@cache
def _labels(numbered: bool) -> tuple[tuple[Label, FieldSpec], ...]:
    return tuple(
        (
            Label(key=spec.key, text=spec.text, section=SectionKind.FILE_OVERVIEW),
            spec,
        )
        for spec in FIELD_SPECS
        if spec.numbered or not numbered
    )


_NUMERAL_LOST_PENALTY = 5.0
"""Score taken off a numbered label read on a line that lost its numeral (as in label.py)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class OverviewMatch:
    """A field label of Ⅱ recognised in a line, and the text after it."""

    spec: FieldSpec
    value: str
    score: float
    numeral: int | None
    """The circled numeral printed before the label, if any."""
    cell: int = 0
    """The tab cell of the line the label starts in."""


def match_overview_label(line: str, *, max_junk: int = 3) -> OverviewMatch | None:
    """Recognise a field label of Ⅱ at the start of ``line`` or of one of its first cells.

    Cells before the label may hold junk the layout left (``0⇥使用部署⇥…``: up to ``max_junk``
    characters each) or a group label (``⑦使用の主体⇥使用部署 ※⇥…``); the innermost label wins,
    so that a group label followed by its sub-label reads as the sub-label.

    >>> match_overview_label("⑦使用の主体\\t使用部署 ※\\t総務課、各区役所").value
    '総務課、各区役所'
    >>> match_overview_label("0\\t使用部署\\t財務部").spec.key
    'use.departments'
    """
    cells = line.split("\t")
    for index in range(len(cells)):
        if index and len(cells[index - 1].strip()) > max_junk:
            break
        found = _label_at("\t".join(cells[index:]))
        if found is None:
            continue
        inner = _label_at(found.value)
        while inner is not None:
            found, inner = inner, _label_at(inner.value)
        return OverviewMatch(
            spec=found.spec, value=found.value, score=found.score, numeral=found.numeral, cell=index
        )
    return None


_LABEL_END = " \t:：※*＊[［(（<〈"
"""Characters that may end a label cell: what follows them is its value."""
_PARTICLE = re.compile(r"[\u3041-\u3096]")
"""A hiragana letter: a word followed by one goes on as a sentence (``保管期間を経過した…``)."""


def _label_at(value: str) -> OverviewMatch | None:
    """A field label at the start of ``text`` (a line's cells, or a label's value that starts
    with a sub-label: ``⑦使用の主体⇥使用部署 ※⇥…``).

    A sentence starting with a label word (``③消去方法⇥保管期間を経過したデータは…``) is no
    label: a label ends its cell, so a hiragana letter glued to the matched words says they are
    the subject of a sentence.

    >>> _label_at("保管期間を経過したデータは消去する。") is None
    True
    >>> _label_at("使用部署 ※\\t総務課").spec.key
    'use.departments'
    """
    found = _match_at(value)
    if found is None:
        return None
    after = len(value.rstrip()) - len(found.value)
    glued = value[after - 1 : after] if after > 0 else ""
    if found.value and glued not in _LABEL_END and _PARTICLE.match(found.value):
        return None
    return found


@cache
def _label_index(numbered: bool) -> HeadIndex:
    return HeadIndex(label.text for label, _ in _labels(numbered))


def _match_at(text: str) -> OverviewMatch | None:
    numeral, rest = split_numeral(text)
    best: OverviewMatch | None = None
    best_key: tuple[float, int] = (-1.0, -1)
    labels = _labels(numeral is not None)
    # match_label reads ``rest`` after its own numeral, if any: so does the index
    for index in _label_index(numeral is not None).candidates(split_numeral(rest)[1]):
        label, spec = labels[index]
        found: LabelMatch | None = match_label(rest, (label,))
        if found is None:
            continue
        score = found.score
        if numeral is None and spec.numbered:
            score -= _NUMERAL_LOST_PENALTY
        key = (score, len(spec.text))
        if key > best_key:
            best_key = key
            best = OverviewMatch(spec=spec, value=found.value, score=score, numeral=numeral)
    return best


def _cell_starts(line: str) -> list[str]:
    cells = line.split("\t")
    return ["\t".join(cells[index:]) for index in range(len(cells))]


# --- checkbox grids ------------------------------------------------------------------------------

OTHER = "その他"

MAIN_ITEM_OPTIONS: tuple[str, ...] = (
    "個人番号",
    "個人番号対応符号",
    "その他識別情報(内部番号)",
    "5情報(氏名、氏名の振り仮名、性別、生年月日、住所)",
    "4情報(氏名、性別、生年月日、住所)",
    "連絡先(電話番号等)",
    "その他住民票関係情報",
    "国税関係情報",
    "地方税関係情報",
    "健康・医療関係情報",
    "医療保険関係情報",
    "児童福祉・子育て関係情報",
    "障害者福祉関係情報",
    "生活保護・社会福祉関係情報",
    "介護・高齢者福祉関係情報",
    "雇用・労働関係情報",
    "年金関係情報",
    "学校・教育関係情報",
    "災害関係情報",
    OTHER,
)
"""The boxes of 2 ④主な記録項目 in form order (older forms print 4情報 where newer print 5情報)."""

MAIN_ITEM_ROWS: tuple[tuple[str, ...], ...] = (
    ("個人番号", "個人番号対応符号", "その他識別情報(内部番号)"),
    ("5情報(氏名、氏名の振り仮名、性別、生年月日、住所)", "連絡先(電話番号等)"),
    ("4情報(氏名、性別、生年月日、住所)", "連絡先(電話番号等)"),
    ("その他住民票関係情報",),
    ("国税関係情報", "地方税関係情報", "健康・医療関係情報"),
    ("医療保険関係情報", "児童福祉・子育て関係情報", "障害者福祉関係情報"),
    ("生活保護・社会福祉関係情報", "介護・高齢者福祉関係情報"),
    ("雇用・労働関係情報", "年金関係情報", "学校・教育関係情報"),
    ("災害関係情報",),
    (OTHER,),
)
"""The rows of boxes as the form prints 主な記録項目 (PDF layout text tears rows apart)."""

SOURCE_OPTIONS: tuple[str, ...] = (
    "本人又は本人の代理人",
    "評価実施機関内の他部署",
    "行政機関・独立行政法人等",
    "地方公共団体・地方独立行政法人",
    "民間事業者",
    OTHER,
)
"""The boxes of 3 ①入手元 in form order, one a row; each takes names in parentheses."""

METHOD_OPTIONS: tuple[str, ...] = (
    "紙",
    "電子記録媒体(フラッシュメモリを除く。)",
    "フラッシュメモリ",
    "電子メール",
    "専用線",
    "庁内連携システム",
    "情報提供ネットワークシステム",
    OTHER,
)
"""The boxes of 3 ②入手方法 in form order."""

METHOD_ROWS: tuple[tuple[str, ...], ...] = (
    ("紙", "電子記録媒体(フラッシュメモリを除く。)", "フラッシュメモリ"),
    ("電子メール", "専用線", "庁内連携システム"),
    ("情報提供ネットワークシステム",),
    (OTHER,),
)
"""The rows of boxes as the form prints 3 ②入手方法."""

PROVIDING = "提供を行っている"
TRANSFERRING = "移転を行っている"
NOT_PROVIDING = "行っていない"
PROVISION_STATUS_OPTIONS: tuple[str, ...] = (PROVIDING, TRANSFERRING, NOT_PROVIDING)
"""The boxes of 5 提供・移転の有無, one row; the first two go on with ``( N ) 件``."""


def row_partners(rows: Sequence[Sequence[str]]) -> dict[str, str]:
    """Each box → the box printed right of it in its row.

    >>> row_partners([("紙", "電子メール", "専用線")])
    {'紙': '電子メール', '電子メール': '専用線'}
    """
    partners: dict[str, str] = {}
    for row in rows:
        for left, right in pairwise(row):
            partners.setdefault(left, right)
    return partners


# --- choices ---------------------------------------------------------------------------------

TYPE_CHOICES = ("システム用ファイル", "その他の電子ファイル(表計算ファイル等)")
"""2 ①ファイルの種類."""
SUBJECT_CHOICES = (
    "1万人未満",
    "1万人以上10万人未満",
    "10万人以上100万人未満",
    "100万人以上1,000万人未満",
    "1,000万人以上",
)
"""2 ②対象となる本人の数 (and the same count of 4 and 5)."""
ITEM_CHOICES = ("10項目未満", "10項目以上50項目未満", "50項目以上100項目未満", "100項目以上")
"""2 ④記録される項目."""
DELEGATION_CHOICES = ("委託する", "委託しない")
"""4 委託の有無."""
SUBCONTRACT_CHOICES = ("再委託する", "再委託しない")
"""4 ⑦再委託の有無."""
SCOPE_CHOICES = ("特定個人情報ファイルの全体", "特定個人情報ファイルの一部")
"""4 ②取扱いを委託する特定個人情報ファイルの範囲."""
RETENTION_CHOICES = (
    "1年未満",
    "1年",
    "2年",
    "3年",
    "4年",
    "5年",
    "6年以上10年未満",
    "10年以上20年未満",
    "20年以上",
    "定められていない",
)
"""6 ②保管期間."""

ITEM_CHOICE_SETS = MappingProxyType(
    {
        2: (*TYPE_CHOICES, *ITEM_CHOICES),
        4: (*DELEGATION_CHOICES, *SUBCONTRACT_CHOICES, *SCOPE_CHOICES),
        6: tuple(choice for choice in RETENTION_CHOICES if len(choice) > 2),
    }
)
"""Choices only one item prints: a choice list holding them is evidence of that item."""
