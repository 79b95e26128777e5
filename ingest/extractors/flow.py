"""別添1 事務の内容: the numbered steps of the flow, as :class:`~ingest.records.FlowStep` records.

The 備考 of 別添1 lists the steps of the diagram: ``①…㉑``, ``1.…8.`` or ``(1)…``, each a
sentence or a title followed by ``・`` sentences. A step runs from its marker to the next
marker, a blank line, or a line that is no prose (a vertical diagram label). Numbers must rise
within the marker style the list started with, so a diagram edge label printed later
(``3.申請``) never opens a step again.

PDF-layout text prints the diagram's labels too, scattered, vertical ones one character per line
(``日 / 本 / 年 / 金 / 機 / 構``). They are read but never turned into steps:
:func:`diagram_labels` joins vertical runs and words broken at a line end, the node labels join
the vocabulary of actors, and a node printed on the same line as an edge label
(``…装置8.照会・回答``) is an actor of that step.

Each step names its actors, canonical: residents (住民, 市民, 本人, 納税者 … → ``住民等``),
businesses (特別徴収事業所, 金融機関 …), agencies (日本年金機構, 国税庁, 市区町村 …), systems
(the document's own Ⅰ 2 names, then the national systems of the lexicon, then any ``…システム``
the step names) and delegates (``…受託者``, ``…委託業者``). Its data are the noun phrases that the
step moves: the object before ``を取り込む / を連携 / を入手 / を提供 / を送付 …`` and before
``の授受``.

Whether a step is a flow of 特定個人情報 (:attr:`~ingest.records.FlowStep.personal_number`, the
solid arrows of the diagram) is read from what the text says, the most explicit source first
(:func:`steps_personal_number`):

1. a legend in 別添1 that lists steps under a kind (``【個人番号を含む情報の流れ】 ①②⑤``), or a
   bracketed kind heading (``【個人番号を含まない情報の流れ】``) over the steps that follow it;
2. the change history (別添3) as a second source: rows on 別添1 whose 変更後の記載 list steps
   under a kind (``【個人番号を含まない情報の流れ】として記載 ・⑤各種申請【窓口・電話】``), oldest
   first so that a newer row wins. A listed number is trusted when its label fits the step's
   text; when the label names another step (the diagram was renumbered since), that step is
   meant. A step listed with several media (``【紙】``, ``【電子】``) carries 特定個人情報 when
   one of them does;
3. the step's own words: ``個人番号を含まない`` / ``特定個人情報以外`` (False); 個人番号,
   特定個人情報 or マイナンバー named as what it handles, or an actor that exists only to carry
   My Number data (:data:`MY_NUMBER_SYSTEMS`: 情報提供ネットワークシステム, 中間サーバー,
   住基ネット) (True).

A step none of them speaks of keeps ``None``: the text does not say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from ingest.extractors.base import Extraction, ExtractionContext, issue
from ingest.extractors.change import extract_changes
from ingest.field import flatten
from ingest.form import SectionKind
from ingest.label import circled_number
from ingest.records import ChangeRecord, FlowStep, IssueCode
from ingest.section import Section, text_to_sections
from ingest.table import squeeze
from ontology.lexicon import mentions, national_system

FORM_REF = "別添1"

RESIDENT = "住民等"
"""The canonical actor for the persons the process is about (住民, 市民, 本人, 納税者 …)."""

_DOTTED = re.compile(r"^(?P<no>\d{1,2})\s*[.．、]\s*(?P<rest>\S.*)$")
_PARENTHESISED = re.compile(r"^[(（](?P<no>\d{1,2})[)）]\s*(?P<rest>\S.*)$")
_EDGE_LABEL = re.compile(r"(?P<no>\d{1,2})\s*[.．]\s*(?P<title>[^\s\d.．]{1,12})")
_MAX_VERTICAL = 2
"""A diagram line this short is one character (or two) of a vertical label."""
_MAX_LABEL = 24
_LEGEND = re.compile(r"流れ$")
_FORM_CONTENT = re.compile(r"[\[\]<>]|選択肢|^[①-⑳]")
_KATAKANA = re.compile(r"[\u30a0-\u30ff]")

_RESIDENT_TERMS = (
    "住民等",
    "住民",
    "市民",
    "区民",
    "町民",
    "村民",
    "県民",
    "本人",
    "納税義務者",
    "納税者",
    "被保険者",
    "受給者",
    "滞納者",
    "申請者",
    "申告者",
    "対象者",
)
_WORD = r"[\u4e00-\u9fff\u30a1-\u30fa\u30fcA-Za-z0-9]"
"""A character of a word: kanji, katakana (not the middle dot ・), ASCII letters and digits."""
_BUSINESS = re.compile(
    rf"(?:特別徴収義務者|給与支払者|年金保険者|金融機関|医療機関|{_WORD}*事業(?:所|者))"
)
_AGENCY = re.compile(
    rf"(?:地方公共団体情報システム機構|日本年金機構|{_WORD}*(?:機構|庁|税務署|法務局|年金事務所|省)"
    r"|他?市区町村|都道府県|市町村|他機関|他団体|会計部門|(?<![\u4e00-\u9fff])県(?![\u4e00-\u9fff]))"
)
_DELEGATE = re.compile(rf"{_WORD}+(?:受託者|受託事業者|委託業者|委託事業者|委託先)")
_SYSTEM = re.compile(rf"{_WORD}+システム")
_DETERMINERS = ("各", "当該", "同", "本", "他", "全")
_AFTER_ACTOR = re.compile(r"(?:$|[等・、。,()（）がにへをからのはとよりもでや])")

_MOVES = (
    "取り込",
    "取りこ",
    "取込",
    "連携",
    "入手",
    "提供",
    "送付",
    "通知",
    "出力",
    "出し",
    "受領",
    "受取",
    "受け取",
    "送信",
    "照会",
    "発行",
    "登録",
    "発送",
    "報告",
    "提示",
    "交付",
    "受理",
    "回答",
    "作成",
    "調査",
    "利用",
    "確認",
)
_OBJECT = re.compile(r"を(?!含)(?P<gap>[^、。を]{0,14}?)(?:" + "|".join(_MOVES) + ")")
_NOUN_OF = re.compile(r"の(?:授受|連携|提供|送付|受渡し|確認|検索)")
_BOUNDARY = re.compile(
    r"[、。,]|\s・|また|なお|さらに|から|より|まで|へ|において|にて|に対し(?:て)?|で(?!き)"
    r"|(?:(?<=システム)|(?<=[機構者庁署]))と|が|は|も|の(?=ため)"
    r"|に(?!関す|係る|係わ|よ|おけ|対す|基づ|つい)|を(?!含)|された|した|して|(?<![関対])する"
    r"|しない|ない|行い|行う|れる|られ|ため"
)
_VERB_ENDINGS = frozenset({"された", "した", "して", "する", "しない", "ない", "行い", "行う"})
_PURE = re.compile(r"^[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・()（）]+$")
_MAX_DATA = 40


@dataclass(slots=True)
class _Step:
    no: int
    index: int
    pieces: list[str] = field(default_factory=list)


def step_marker(line: str) -> tuple[str, int, str] | None:
    """The marker style, number and text of a step line, or None.

    >>> step_marker("①個人市民税システムから取りこむ。")
    ('circled', 1, '個人市民税システムから取りこむ。')
    >>> step_marker("8. 照会・回答")
    ('dotted', 8, '照会・回答')
    >>> step_marker("2024/3/28") is None
    True
    """
    stripped = line.strip()
    if not stripped:
        return None
    number = circled_number(stripped[0])
    if number is not None:
        return "circled", number, stripped[1:].strip()
    for style, pattern in (("dotted", _DOTTED), ("parenthesised", _PARENTHESISED)):
        found = pattern.match(stripped)
        if found:
            return style, int(found.group("no")), found.group("rest").strip()
    return None


def _is_prose_continuation(text: str) -> bool:
    return len(text) > _MAX_VERTICAL and not _FORM_CONTENT.search(text)


def _steps(section: Section) -> tuple[list[_Step], int]:
    """The steps of the 備考 list, and the index of the first line after them."""
    steps: list[_Step] = []
    style: str | None = None
    current: _Step | None = None
    end = 0
    for index, line in enumerate(section.lines):
        marker = step_marker(line)
        gap = index > 0 and section.raw_line(index) > section.raw_line(index - 1) + 1
        if marker is not None:
            kind, number, rest = marker
            if (style is None or kind == style) and (not steps or number > steps[-1].no):
                style = kind
                current = _Step(no=number, index=index, pieces=[rest] if rest else [])
                steps.append(current)
                end = index + 1
                continue
        if current is not None and not gap and marker is None and _is_prose_continuation(line):
            current.pieces.append(line)
            end = index + 1
            continue
        if steps:
            current = None
    return steps, end


def _is_vertical_piece(text: str) -> bool:
    """One character of a vertical label (with a bracket or dot printed beside it: ``(被``)."""
    return len(text) == 1 or (
        len(text) == _MAX_VERTICAL and any(not re.match(_WORD, char) for char in text)
    )


def diagram_labels(lines: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """The labels of a diagram printed as PDF-layout lines: (raw line, text) → (line, label).

    Runs of one-character lines (vertical labels, blank lines between allowed) are joined, and a
    line ending in the middle of a katakana word is joined with the short line that completes it.

    >>> diagram_labels([(1, "日"), (2, "本"), (4, "年"), (5, "金"),
    ...                 (9, "業務共通シ"), (11, "ステム")])
    [(1, '日本年金'), (9, '業務共通システム')]
    """
    labels: list[tuple[int, str]] = []
    run: list[tuple[int, str]] = []

    def flush() -> None:
        if run:
            labels.append((run[0][0], "".join(text for _line, text in run)))
            run.clear()

    previous_line = -10
    for line, text in lines:
        text = text.strip()
        if _is_vertical_piece(text):
            if run and line > previous_line + 2:
                flush()
            run.append((line, text))
            previous_line = line
            continue
        flush()
        if (
            labels
            and _KATAKANA.match(labels[-1][1][-1])
            and _KATAKANA.match(text[0])
            and len(text) <= len(labels[-1][1])
        ):
            labels[-1] = (labels[-1][0], labels[-1][1] + text)
        else:
            labels.append((line, text))
        previous_line = line
    flush()
    return labels


@dataclass(frozen=True, slots=True)
class _Diagram:
    nodes: tuple[str, ...] = ()
    """Node labels (actors)."""
    step_nodes: dict[int, tuple[str, ...]] = field(default_factory=dict)
    """Step number → node labels printed with its edge label."""


def _diagram(section: Section, start: int) -> _Diagram:
    """The node and edge labels of the diagram printed after the step list."""
    lines: list[tuple[int, str]] = []
    for index in range(start, len(section.lines)):
        text = section.lines[index].strip()
        if _FORM_CONTENT.search(text):
            break  # the next part's content, printed out of place
        lines.append((section.raw_line(index), text))
    nodes: list[str] = []
    step_nodes: dict[int, tuple[str, ...]] = {}
    for _line, label in diagram_labels(lines):
        if _LEGEND.search(label) or len(label) > _MAX_LABEL or "。" in label:
            continue
        edges = list(_EDGE_LABEL.finditer(label))
        node = label[: edges[0].start()].strip() if edges else label
        if node and not node[0].isdigit():
            nodes.append(node)
            for edge in edges:
                number = int(edge.group("no"))
                step_nodes[number] = (*step_nodes.get(number, ()), node)
    return _Diagram(nodes=tuple(dict.fromkeys(nodes)), step_nodes=step_nodes)


_SYSTEM_NAME = re.compile(r"^①\s*システムの名称\s*[:：]?\s*(?P<name>\S.*)$")


def document_system_names(text: str) -> tuple[str, ...]:
    """The Ⅰ 2 ①システムの名称 values of the document (each line ``①システムの名称 名前``).

    >>> document_system_names("①システムの名称\\t収納システム\\n②システムの機能\\tX")
    ('収納システム',)
    """
    names = []
    for line in text.splitlines():
        found = _SYSTEM_NAME.match(line.strip())
        if found:
            names.append(found.group("name").split("\t")[0].strip())
    return tuple(dict.fromkeys(name for name in names if name))


def _base_name(name: str) -> str:
    """A system name without its parenthesised note.

    >>> _base_name("宛名システム(税務システムの一部)")
    '宛名システム'
    """
    return re.split(r"[(（]", name, maxsplit=1)[0].strip() or name


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """The names a step's actors are recognised by: (squeezed spelling, canonical name)."""

    names: tuple[tuple[str, str], ...]


def _vocabulary(system_names: Iterable[str], nodes: Iterable[str]) -> _Vocabulary:
    pairs: list[tuple[str, str]] = []
    for name in system_names:
        pairs.append((squeeze(name), name))
        pairs.append((squeeze(_base_name(name)), name))
    for node in nodes:
        canonical = _canonical_actor(node)
        pairs.append((squeeze(node), canonical))
        pairs.append((squeeze(_base_name(node)), canonical))
    unique = {spelling: canonical for spelling, canonical in pairs if len(spelling) >= 2}
    return _Vocabulary(names=tuple(sorted(unique.items(), key=lambda p: -len(p[0]))))


def _canonical_actor(name: str) -> str:
    base = _base_name(name)
    if any(base.startswith(term) for term in _RESIDENT_TERMS):
        return RESIDENT
    concept = national_system(name)
    return concept.pref_label if concept is not None else name


def _is_bounded(text: str, end: int) -> bool:
    return bool(_AFTER_ACTOR.match(text, end))


def step_actors(text: str, vocabulary: _Vocabulary) -> tuple[str, ...]:
    """The actors a step names, canonical, in order of first mention."""
    found: list[tuple[int, str]] = []
    taken = [False] * len(text)

    def take(start: int, end: int, name: str) -> None:
        if start < end and not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            found.append((start, name))

    squeezed, positions = _squeeze_with_positions(text)
    for spelling, canonical in vocabulary.names:
        for hit in re.finditer(re.escape(spelling), squeezed):
            take(positions[hit.start()], positions[hit.end() - 1] + 1, canonical)
    for concept in mentions("national-systems", text):
        for label in sorted(concept.labels, key=len, reverse=True):
            position = text.find(label)
            if position >= 0:
                take(position, position + len(label), concept.pref_label)
                break
    for pattern in (_DELEGATE, _AGENCY, _BUSINESS):
        for hit in pattern.finditer(text):
            take(hit.start(), hit.end(), hit.group(0))
    for hit in _SYSTEM.finditer(text):
        name = hit.group(0)
        start = hit.start()
        for determiner in _DETERMINERS:
            if name.startswith(determiner):
                name, start = name[len(determiner) :], start + len(determiner)
                break
        if len(name) > len("システム"):
            national = national_system(name)
            take(start, hit.end(), national.pref_label if national is not None else name)
    for term in _RESIDENT_TERMS:
        for hit in re.finditer(re.escape(term), text):
            if _is_bounded(text, hit.end()):
                take(hit.start(), hit.end(), RESIDENT)
    ordered = [name for _start, name in sorted(found)]
    return tuple(dict.fromkeys(ordered))


def _squeeze_with_positions(text: str) -> tuple[str, list[int]]:
    kept = [(i, c) for i, c in enumerate(text) if not c.isspace() and c not in "・･·"]
    return "".join(c for _i, c in kept), [i for i, _c in kept]


def _noun_phrase(text: str, end: int) -> str | None:
    """The noun phrase that ends at ``end`` (the object of a verb), enumerations included."""
    head = text[:end]
    cuts = [cut for cut in _BOUNDARY.finditer(head) if not _in_parentheses(head, cut.start())]
    start = cuts[-1].end() if cuts else 0
    phrase = head[start:].strip()
    # An enumeration (当初調定、異動分調定データ) continues over a comma before a plain noun.
    while cuts and cuts[-1].group(0) == "、":
        previous_end = cuts[-1].start()
        earlier = [cut for cut in cuts[:-1] if cut.end() <= previous_end]
        segment_start = earlier[-1].end() if earlier else 0
        segment = head[segment_start:previous_end].strip()
        before_segment = earlier[-1].group(0) if earlier else ""
        if (
            len(segment) < 2
            or before_segment in _VERB_ENDINGS
            or not _PURE.match(segment.replace("の", "").replace("など", ""))
        ):
            break
        phrase = f"{segment}、{phrase}"
        cuts = earlier
        if not cuts or cuts[-1].group(0) != "、":
            break
    phrase = re.sub(r"など$", "", phrase).strip()
    if not phrase or len(phrase) > _MAX_DATA or phrase in _RESIDENT_TERMS:
        return None
    return phrase


def _in_parentheses(text: str, position: int) -> bool:
    depth = 0
    for char in text[:position]:
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(0, depth - 1)
    return depth > 0


def step_data(text: str) -> tuple[str, ...]:
    """The data a step moves: objects of moving verbs and nouns before ``の授受``.

    >>> step_data("個人市民税システムから連携された賦課決定・更正情報を取りこむ。")
    ('賦課決定・更正情報',)
    >>> step_data("課税システムより当初調定、異動分調定データを受取る。")
    ('当初調定、異動分調定データ',)
    """
    found: list[tuple[int, str]] = []
    for hit in _OBJECT.finditer(text):
        phrase = _noun_phrase(text, hit.start())
        if phrase:
            found.append((hit.start(), phrase))
    for hit in _NOUN_OF.finditer(text):
        phrase = _noun_phrase(text, hit.start())
        if phrase:
            found.append((hit.start(), phrase))
    return tuple(dict.fromkeys(phrase for _start, phrase in sorted(found)))


# --- 特定個人情報の流れ or not ------------------------------------------------------------------

MY_NUMBER_SYSTEMS: Final = frozenset(
    {
        "johoteikyo-network",
        "chukan-server-platform",
        "chukan-server-software",
        "juki-net",
        "juki-national-server",
        "juki-prefectural-server",
    }
)
"""Keys of the national systems that exist to carry My Number data (情報提供ネットワークシステム,
中間サーバー, 住基ネット and its servers): a step through one is a flow of 特定個人情報. eLTAX,
国税連携, マイナポータル, the payment networks and LGWAN carry other data too."""

_NOT_PERSONAL_NUMBER: Final = re.compile(
    r"(?:個人番号|特定個人情報|マイナンバー)(?:を|は|が)?(?:含ま|含め|含まれ)(?:ない|ず)"
    r"|特定個人情報以外|個人番号(?:なし|無し)"
)
_PERSONAL_NUMBER: Final = re.compile(r"個人番号|特定個人情報|マイナンバー")
_C: Final = "\u2460-\u2473\u3251-\u325f"
"""Circled numerals ①–㉟ (as a character class body)."""
_KIND_HEADING: Final = re.compile(
    r"(?P<no>(?:個人番号|特定個人情報|マイナンバー)を?含まない[^\n】」』>＞]{0,8}?流れ"
    r"|特定個人情報以外の[^\n】」』>＞]{0,6}?流れ)"
    r"|(?P<yes>(?:個人番号|特定個人情報|マイナンバー)を?含む[^\n】」』>＞]{0,8}?流れ"
    r"|特定個人情報の流れ)"
)
"""A kind of flow as a legend or a heading names it (``【個人番号を含む情報の流れ】``,
``特定個人情報以外の流れ``)."""
_LISTED: Final = re.compile(
    rf"(?P<first>[{_C}])(?:\s*[～~〜]\s*(?P<last>[{_C}]))?(?P<label>[^{_C}]*)"
)
_MEDIUM: Final = re.compile(r"[【\[]([^】\]]{1,12})[】\]]\s*$")
_BRACKETED: Final = re.compile(r"^\s*[-・]?\s*[【\[<＜《〈■●◆]")


@dataclass(frozen=True, slots=True)
class ListedStep:
    """A step a legend or a change row lists under a kind of flow."""

    personal_number: bool
    no: int
    label: str = ""
    """The words after the number, without the medium (``各種申請・問い合わせ``)."""
    medium: str = ""
    """The medium in brackets after the label (``紙``, ``電子``, ``窓口・電話``)."""


def step_personal_number(
    text: str, data: Sequence[str] = (), actors: Sequence[str] = ()
) -> bool | None:
    """Whether a step's own words say it is a flow of 特定個人情報 (None: they do not say).

    >>> step_personal_number("個人番号を含む住民データの授受。")
    True
    >>> step_personal_number("申請書(個人番号を含まない)を受け付ける。")
    False
    >>> step_personal_number("符号を取得する。", actors=("情報提供ネットワークシステム",))
    True
    >>> step_personal_number("督促状を発送する。", actors=("住民等",)) is None
    True
    """
    words = " ".join((text, *data))
    if _NOT_PERSONAL_NUMBER.search(words):
        return False
    if _PERSONAL_NUMBER.search(words):
        return True
    for actor in actors:
        concept = national_system(actor)
        if concept is not None and concept.key in MY_NUMBER_SYSTEMS:
            return True
    return None


def listed_steps(text: str) -> list[ListedStep]:
    """The steps a text lists under kinds of flow (a legend, a change row's 変更後の記載).

    Each kind heading lists the circled numbers that follow it, up to the next heading; a
    number may be followed by a label and a medium in brackets, or be a range (``①～③``).

    >>> row = "【個人番号を含まない情報の流れ】として記載 ・⑤各種申請【窓口・電話】 ・⑧県民税"
    >>> [(s.personal_number, s.no, s.label, s.medium) for s in listed_steps(row)]
    [(False, 5, '各種申請', '窓口・電話'), (False, 8, '県民税', '')]
    >>> legend = "特定個人情報の流れ ①～③ 特定個人情報以外の流れ ④"
    >>> [(s.personal_number, s.no) for s in listed_steps(legend)]
    [(True, 1), (True, 2), (True, 3), (False, 4)]
    """
    headings = list(_KIND_HEADING.finditer(text))
    listed: list[ListedStep] = []
    for position, heading in enumerate(headings):
        kind = heading.group("yes") is not None
        end = headings[position + 1].start() if position + 1 < len(headings) else len(text)
        for item in _LISTED.finditer(text, heading.end(), end):
            first = circled_number(item.group("first"))
            last = circled_number(item.group("last")) if item.group("last") else first
            if first is None or last is None:
                continue
            label = item.group("label").strip(" \u3000・、,，-")
            medium = _MEDIUM.search(label)
            if medium:
                label = label[: medium.start()].strip(" \u3000・、,，-")
            if first == last:
                listed.append(
                    ListedStep(kind, first, label, medium.group(1).strip() if medium else "")
                )
            else:
                listed.extend(ListedStep(kind, n) for n in range(first, last + 1))
    return listed


def _bigrams(text: str) -> set[str]:
    squeezed = squeeze(text)
    return {squeezed[i : i + 2] for i in range(len(squeezed) - 1)}


def listed_step_number(listed: ListedStep, steps: Sequence[FlowStep]) -> int | None:
    """The step a listed number and label mean (the number, unless the label names another).

    The number is trusted when its step's text contains the label, or when no other step fits
    the label better (shared character pairs of label and medium); a label found in the text
    of one other step only, or fitting one other step best, names that step (the diagram was
    renumbered after the row was written). A label that fits no step names none.

    >>> steps = (FlowStep(no=10, text="各システム間で連携を行う。", line=1),
    ...          FlowStep(no=12, text="滞納者の実態調査を行う。", line=2))
    >>> listed_step_number(ListedStep(True, 10, "滞納者の実態調査", "紙"), steps)
    12
    >>> listed_step_number(ListedStep(True, 10), steps)
    10
    """
    numbers = [step.no for step in steps]
    label = squeeze(listed.label)
    if not label:
        return listed.no if listed.no in numbers else None
    containing = [step.no for step in steps if label in squeeze(step.text)]
    if listed.no in containing:
        return listed.no
    if len(containing) == 1:
        return containing[0]
    wanted = _bigrams(listed.label + listed.medium)
    scores = {step.no: len(wanted & _bigrams(step.text)) for step in steps}
    best = max(scores.values(), default=0)
    if best == 0:
        return None
    if scores.get(listed.no) == best:
        return listed.no
    leaders = [no for no, score in scores.items() if score == best]
    return leaders[0] if len(leaders) == 1 else None


def _body_kinds(section: Section, steps: Sequence[_Step]) -> dict[int, bool]:
    """Kinds the 別添1 itself gives: legend lines listing steps, bracketed headings over steps."""
    kinds: dict[int, bool] = {}
    starts = [step.index for step in steps]
    records = [FlowStep(no=step.no, text=flatten(step.pieces), line=0) for step in steps]
    for index, line in enumerate(section.lines):
        if index in starts:
            continue
        heading = _KIND_HEADING.search(line)
        if heading is None:
            continue
        listed = listed_steps(line)
        if listed:
            for item in listed:
                number = listed_step_number(item, records)
                if number is not None:
                    kinds[number] = item.personal_number
            continue
        if not _BRACKETED.match(line):
            continue  # a legend label of the drawing, not a heading over steps
        kind = heading.group("yes") is not None
        following = [step for step in steps if step.index > index]
        if not following or following[0].index != _next_content(section, index):
            continue
        for step in following:
            if any(_KIND_HEADING.search(section.lines[i]) for i in range(index + 1, step.index)):
                break
            kinds[step.no] = kind
    return kinds


def _next_content(section: Section, index: int) -> int:
    """The index of the first non-blank line after ``index``."""
    for following in range(index + 1, len(section.lines)):
        if section.lines[following].strip():
            return following
    return len(section.lines)


def changes_to_step_kinds(
    changes: Sequence[ChangeRecord], steps: Sequence[FlowStep], *, form_ref: str = "別添1"
) -> dict[int, bool]:
    """The kinds of flow that the change history gives steps (see the module docstring).

    Rows whose 項目 names ``form_ref`` are read oldest first; each step keeps one kind per
    medium (a newer row replaces an older one), and is a flow of 特定個人情報 when one of its
    media is.

    >>> steps = (FlowStep(no=5, text="窓口対応などで個人番号を利用する。", line=1),)
    >>> row = ChangeRecord(item="(別添1) 事務内容", line=9,
    ...                    before="【個人番号を含む情報の流れ】として記載 ・⑤窓口【電話】",
    ...                    after="【個人番号を含まない情報の流れ】として記載 ・⑤窓口【電話】")
    >>> changes_to_step_kinds([row], steps)
    {5: False}
    """
    wanted = squeeze(form_ref)
    rows = [c for c in changes if c.after and wanted in squeeze(c.item or "")]
    rows.sort(key=lambda c: (c.date is None, c.date.isoformat() if c.date else "", c.line))
    media: dict[int, dict[str, bool]] = {}
    for row in rows:
        for item in listed_steps(row.after or ""):
            number = listed_step_number(item, steps)
            if number is not None:
                media.setdefault(number, {})[item.medium] = item.personal_number
    return {number: any(kinds.values()) for number, kinds in media.items()}


def _document_changes(context: ExtractionContext) -> tuple[ChangeRecord, ...]:
    """The change history of the document, when it may list steps under kinds of flow.

    Needed only when the text names a kind of flow that a circled number follows. The flow
    extractor runs before the pipeline merges the change records: the change sections are read
    through :meth:`ExtractionContext.extraction_of`, which the pipeline's own reading of them
    then reuses (the document's sections come from the context, cut again only when an
    extractor is called on its own).
    """
    if not any(
        re.search(rf"[{_C}]", context.text[m.end() : m.end() + 80])
        for m in _KIND_HEADING.finditer(context.text)
    ):
        return ()
    sections = context.sections
    if not sections and context.normalized is not None:
        sections = tuple(text_to_sections(context.normalized))
    changes: list[ChangeRecord] = []
    for section in sections:
        if section.kind is SectionKind.CHANGES:
            changes.extend(context.extraction_of(section, extract_changes).changes)
    return tuple(changes)


def steps_personal_number(
    steps: Sequence[FlowStep],
    *,
    body: dict[int, bool] | None = None,
    changes: Sequence[ChangeRecord] = (),
    form_ref: str = "別添1",
) -> tuple[FlowStep, ...]:
    """``steps`` with :attr:`~ingest.records.FlowStep.personal_number` set from the sources of
    the module docstring: the 別添1's own legend (``body``: step number → kind), else the
    change history, else the step's own words."""
    from_changes = changes_to_step_kinds(changes, steps, form_ref=form_ref)
    body = body or {}
    completed = []
    for step in steps:
        kind = body.get(step.no)
        if kind is None:
            kind = from_changes.get(step.no)
        if kind is None:
            kind = step_personal_number(step.text, step.data, step.actors)
        completed.append(replace(step, personal_number=kind))
    return tuple(completed)


def extract_flow(section: Section, context: ExtractionContext) -> Extraction:
    """The numbered steps of 別添1 with their actors and data (see the module docstring)."""
    steps, end = _steps(section)
    diagram = _diagram(section, end)
    vocabulary = _vocabulary(document_system_names(context.text), diagram.nodes)
    records = []
    for step in steps:
        text = flatten(step.pieces)
        actors = list(step_actors(text, vocabulary))
        for node in diagram.step_nodes.get(step.no, ()):
            canonical = _canonical_actor(node)
            if canonical not in actors:
                actors.append(canonical)
        records.append(
            FlowStep(
                no=step.no,
                text=text,
                actors=tuple(actors),
                data=step_data(text),
                line=section.raw_line(step.index),
            )
        )
    if not records:
        message = f"{section.form_ref} 事務の内容 lists no numbered step"
        return Extraction(issues=(issue(IssueCode.FIELD_MISSING, message, section),))
    completed = steps_personal_number(
        records,
        body=_body_kinds(section, steps),
        changes=_document_changes(context),
        form_ref=section.form_ref,
    )
    return Extraction(flow_steps=completed)
