"""Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策: every risk of every handling stage.

The form fixes the handling stages (2. 入手 … 7. 保管・消去) and, for each, the risks it asks
about, in fixed wording (``リスク1: 目的外の入手が行われるリスク`` …). Each risk has its measures
(リスクに対する措置の内容 and the other fields of its block) and one rating, リスクへの対策は十分か
(特に力を入れている / 十分である / 課題が残されている). That the wording is fixed is the lever
against the damage the texts show:

* a risk name damaged by OCR (``入手した特定個人情報 that 不正確であるリスク``) is read as the
  form's wording (a REPAIRED_TEXT issue says from what), and a wrong number (``リスク72``) is
  corrected from it;
* a risk whose stage heading was lost is placed in the stage whose wording it has, the stage
  after the one being read when two stages share a wording (入手 and 情報提供ネットワーク
  システムとの接続 both ask about ``目的外の入手``);
* ratings are paired with risks by position, not by adjacency: PDF-layout text prints a stage in
  reverse order, a risk's heading after its rating, or the rating apart from its label, so a
  rating goes to the nearest risk before it that has none, else to the nearest one after it
  (:func:`ingest.extractors.measure.pair_values`). A rating left over when the stage has lost
  a lower-numbered risk's heading belongs to that risk.

A stage whose risks have labels but no values (提供・移転しない, 接続しない) is an EMPTY_TEMPLATE,
not a list of unrated risks; a risk with measures but no selected rating is a NO_SELECTION.
The 重点項目評価書 asks fewer risks and prints the items of Ⅳ as Ⅲ 8–10
(:func:`ingest.extractors.measure.read_measure_items`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from ingest.extractors.base import Extraction, ExtractionContext
from ingest.extractors.measure import (
    FOCUSED_ITEM_NUMBERS,
    ITEM_NUMBERS,
    RISK_CHOICES,
    canonical_rating,
    is_prose,
    item_heading,
    located,
    measure_items_start,
    measure_text,
    pair_values,
    platforms_in,
    read_measure_items,
    selection_in,
    similarity,
)
from ingest.form import FOCUSED, SectionKind
from ingest.label import Label, match_label, match_part_heading, split_numeral
from ingest.normalize import CHOICE_MARKER
from ingest.records import Issue, IssueCode, Risk
from ingest.section import Section
from ontology.lexicon import concept_by_key

# --- the form: stages and the risks each asks about ---------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Stage:
    """A handling stage of Ⅲ as the form prints it."""

    key: str
    """The handling-stages concept (lexicon key)."""
    number: int
    """The item number in Ⅲ (2–7)."""
    title: str
    """The heading wording after the number (its distinctive start)."""
    risks: tuple[tuple[int | None, str], ...]
    """The risks the form asks about: (N of リスクN, wording); N is None for the unnumbered
    list of the 委託 stage of the 全項目評価書."""

    @property
    def label(self) -> str:
        """The canonical label of the stage (``入手``, ``提供・移転`` …)."""
        concept = concept_by_key("handling-stages", self.key)
        return concept.pref_label if concept is not None else self.title

    @property
    def grouped(self) -> bool:
        """True when the stage lists its risks without numbers and rates them together."""
        return any(no is None for no, _name in self.risks)


_ACQUISITION_1 = "目的外の入手が行われるリスク"
_INACCURATE = "入手した特定個人情報が不正確であるリスク"
_LEAK = "入手の際に特定個人情報が漏えい・紛失するリスク"
_LINKING = "目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスク"
_UNAUTHORISED = "権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスク"
_PROVISION_1 = "不正な提供・移転が行われるリスク"
_UNFAIR_PROVISION = "不正な提供が行われるリスク"
_STORAGE_1 = "特定個人情報の漏えい・滅失・毀損リスク"

FULL_STAGES: tuple[Stage, ...] = (
    Stage(
        key="acquisition",
        number=2,
        title="特定個人情報の入手",
        risks=(
            (1, _ACQUISITION_1),
            (2, "不適切な方法で入手が行われるリスク"),
            (3, _INACCURATE),
            (4, _LEAK),
        ),
    ),
    Stage(
        key="use",
        number=3,
        title="特定個人情報の使用",
        risks=(
            (1, _LINKING),
            (2, _UNAUTHORISED),
            (3, "従業者が事務外で使用するリスク"),
            (4, "特定個人情報ファイルが不正に複製されるリスク"),
        ),
    ),
    Stage(
        key="delegation",
        number=4,
        title="特定個人情報ファイルの取扱いの委託",
        risks=(
            (None, "委託先による特定個人情報の不正入手・不正な使用に関するリスク"),
            (None, "委託先による特定個人情報の不正な提供に関するリスク"),
            (None, "委託先による特定個人情報の保管・消去に関するリスク"),
            (None, "委託契約終了後の不正な使用等のリスク"),
            (None, "再委託に関するリスク"),
        ),
    ),
    Stage(
        key="provision-transfer",
        number=5,
        title="特定個人情報の提供・移転",
        risks=(
            (1, _PROVISION_1),
            (2, "不適切な方法で提供・移転が行われるリスク"),
            (3, "誤った情報を提供・移転してしまうリスク、誤った相手に提供・移転してしまうリスク"),
        ),
    ),
    Stage(
        key="network-connection",
        number=6,
        title="情報提供ネットワークシステムとの接続",
        risks=(
            (1, _ACQUISITION_1),
            (2, "安全が保たれない方法によって入手が行われるリスク"),
            (3, _INACCURATE),
            (4, _LEAK),
            (5, _UNFAIR_PROVISION),
            (6, "不適切な方法で提供されるリスク"),
            (7, "誤った情報を提供してしまうリスク、誤った相手に提供してしまうリスク"),
        ),
    ),
    Stage(
        key="storage-erasure",
        number=7,
        title="特定個人情報の保管・消去",
        risks=(
            (1, _STORAGE_1),
            (2, "特定個人情報が古い情報のまま保管され続けるリスク"),
            (3, "特定個人情報が消去されずいつまでも存在するリスク"),
        ),
    ),
)
"""The stages of Ⅲ of the 全項目評価書 and the risks the form asks about."""

FOCUSED_STAGES: tuple[Stage, ...] = (
    Stage(key="acquisition", number=2, title="特定個人情報の入手", risks=((1, _ACQUISITION_1),)),
    Stage(
        key="use", number=3, title="特定個人情報の使用", risks=((1, _LINKING), (2, _UNAUTHORISED))
    ),
    Stage(
        key="delegation",
        number=4,
        title="特定個人情報ファイルの取扱いの委託",
        risks=((1, "委託先における不正な使用等のリスク"),),
    ),
    Stage(
        key="provision-transfer",
        number=5,
        title="特定個人情報の提供・移転",
        risks=((1, _PROVISION_1),),
    ),
    Stage(
        key="network-connection",
        number=6,
        title="情報提供ネットワークシステムとの接続",
        risks=((1, _ACQUISITION_1), (2, _UNFAIR_PROVISION)),
    ),
    Stage(
        key="storage-erasure", number=7, title="特定個人情報の保管・消去", risks=((1, _STORAGE_1),)
    ),
)
"""The stages of Ⅲ of the 重点項目評価書 (a single risk is printed ``リスク:`` and read as 1)."""

OTHER_RISK = "その他のリスク"
"""The name given to a stage's …におけるその他のリスク及びそのリスクに対する措置 row."""

_S = SectionKind.RISK_MEASURES
RATING_LABEL = Label(key="risk.rating", text="リスクへの対策は十分か", section=_S)
GENERIC_LABEL = Label(key="risk.measures", text="リスクに対する措置の内容", section=_S)
_FIELDS: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    (
        None,
        (
            "リスクに対する措置の内容",
            "その他の措置の内容",
            "具体的な管理方法",
            "具体的な方法",
            "ルールの内容及びルール遵守の確認方法",
            "リスクへの対策は十分か",
        ),
    ),
    (
        "acquisition",
        (
            "対象者以外の情報の入手を防止するための措置の内容",
            "必要な情報以外を入手することを防止するための措置の内容",
            "入手の際の本人確認の措置の内容",
            "個人番号の真正性確認の措置の内容",
            "特定個人情報の正確性確保の措置の内容",
        ),
    ),
    (
        "use",
        (
            "宛名システム等における措置の内容",
            "事務で使用するその他のシステムにおける措置の内容",
            "ユーザ認証の管理",
            "アクセス権限の発効・失効の管理",
            "アクセス権限の管理",
            "特定個人情報の使用の記録",
        ),
    ),
    (
        "delegation",
        (
            "情報保護管理体制の確認",
            "特定個人情報ファイルの閲覧者・更新者の制限",
            "具体的な制限方法",
            "特定個人情報ファイルの取扱いの記録",
            "特定個人情報の提供ルール",
            "委託先から他者への提供に関するルールの内容及びルール遵守の確認方法",
            "委託元と委託先間の提供に関するルールの内容及びルール遵守の確認方法",
            "特定個人情報の消去ルール",
            "委託契約書中の特定個人情報ファイルの取扱いに関する規定",
            "規定の内容",
            "再委託先による特定個人情報ファイルの適切な取扱いの確保",
        ),
    ),
    (
        "provision-transfer",
        ("特定個人情報の提供・移転の記録", "特定個人情報の提供・移転に関するルール"),
    ),
    (
        "storage-erasure",
        (
            "①NISC政府機関統一基準群",
            "②安全管理体制",
            "③安全管理規程",
            "④安全管理体制・規程の職員への周知",
            "⑤物理的対策",
            "具体的な対策の内容",
            "⑥技術的対策",
            "⑦バックアップ",
            "⑧事故発生時手順の策定・周知",
            "①事故発生時手順の策定・周知",
            "⑨過去3年以内に、評価実施機関において、個人情報に関する重大事故が発生したか",
            "②過去3年以内に、評価実施機関において、個人情報に関する重大事故が発生したか",
            "その内容",
            "再発防止策の内容",
            "⑩死者の個人番号",
            "具体的な保管方法",
            "消去手順",
            "手順の内容",
        ),
    ),
)
"""The field labels inside a risk's block, by the stage that asks them (None: several do)."""
SUB_LABELS: tuple[Label, ...] = tuple(
    Label(
        key=f"risk.{stage or 'any'}.{position}",
        text=split_numeral(text)[1],
        number=split_numeral(text)[0],
        section=_S,
    )
    for stage, texts in _FIELDS
    for position, text in enumerate(texts, start=1)
)
"""The field labels inside a risk's block (they start its fields; alone they state nothing)."""
_FIELD_STAGE = {label.key: label.key.split(".")[1] for label in SUB_LABELS}


def stages_for(document_kind: str | None) -> tuple[Stage, ...]:
    """The stages of Ⅲ of a document kind (the 全項目評価書 for an unknown kind)."""
    return FOCUSED_STAGES if document_kind == FOCUSED else FULL_STAGES


# --- recognising the lines --------------------------------------------------------------------

_SQUEEZE = re.compile(r"[\s\u3000]+")
_DOTS = re.compile("[・･·]")
_ASCII_WORD = re.compile(r"(?<=[^\x00-\x7f])\s*[A-Za-z]{2,}\s*(?=[^\x00-\x7f])")
"""An English word pasted between Japanese characters by OCR (``情報 that 不正確``)."""
_RISK_HEAD = re.compile(r"リスク\s*([0-9'’`]{0,3})\s*[:：]\s*")
_STAGE_NUMBER = re.compile(r"(?:^|(?<=[^0-9]))(\d{1,2})\s*[.．]\s*")
_OTHER_ROW = re.compile(r"その他のリスク")
_OTHER_ROW_LINK = re.compile(r"に(?:おける|伴う|\S{1,2}る)$")
_NAME_THRESHOLD = 0.75
_NUMBERED_TITLE_THRESHOLD = 0.6
"""Least similarity of a stage title after its own number (``6. 情報提供ネットリーグン``)."""
_TITLE_THRESHOLD = 0.95
"""Least similarity of a stage title after another number (the number damaged)."""
_OTHER_ROW_THRESHOLD = 0.6
_CLOSING_HEAD_LIMIT = 70


def _squeeze(text: str) -> str:
    return _SQUEEZE.sub("", text)


_LOST_DOT = re.compile(r"(?<=[^\x00-\x7f])[?？](?=[^\x00-\x7f])")
"""A ``?`` between Japanese characters: a character the text's encoding could not hold, which
in the form's wordings (JIS characters all but the other middle dots) is a middle dot."""


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """A comparison key: no white space, one middle dot, ASCII parentheses.

    >>> _key("不正入手?不正な 使用（委託）")
    '不正入手・不正な使用(委託)'
    """
    key = _DOTS.sub("・", _squeeze(text))
    return _LOST_DOT.sub("・", key).replace("（", "(").replace("）", ")")


def _prefix_similarity(text: str, target: str) -> tuple[float, int]:
    """How well the start of ``text`` reads as ``target``; the score and the length read."""
    best = (0.0, 0)
    for span in range(max(1, len(target) - 3), len(target) + 4):
        if span > len(text):
            break
        score = similarity(text[:span], target)
        if score > best[0]:
            best = (score, span)
    return best


@dataclass(frozen=True, slots=True)
class _NameMatch:
    stage: Stage
    no: int | None
    name: str
    score: float
    span: int


def _match_names(written: str, stages: Sequence[Stage]) -> list[_NameMatch]:
    """The form wordings the start of ``written`` reads as (ties kept: two stages share some)."""
    text = _key(_ASCII_WORD.sub("〓", written))
    if not text:
        return []
    found: list[_NameMatch] = []
    for stage in stages:
        for no, name in stage.risks:
            score, span = _prefix_similarity(text, _key(name))
            if score >= _NAME_THRESHOLD:
                found.append(_NameMatch(stage, no, name, score, span))
    if not found:
        return []
    best = max(match.score for match in found)
    return [match for match in found if match.score >= best - 0.01]


def _stage_heading(line: str, stages: Sequence[Stage]) -> Stage | None:
    """The stage a line heads (``4. 特定個人情報ファイルの取扱いの委託``), or None."""
    if _OTHER_ROW.search(line):
        return None
    for number_match in _STAGE_NUMBER.finditer(line):
        number = int(number_match.group(1))
        rest = _key(line[number_match.end() :])
        for stage in stages:
            score, _span = _prefix_similarity(rest, _key(stage.title))
            threshold = _NUMBERED_TITLE_THRESHOLD if stage.number == number else _TITLE_THRESHOLD
            if score >= threshold:
                return stage
    return None


def _other_row(line: str, stages: Sequence[Stage]) -> Stage | None:
    """The stage whose …におけるその他のリスク及びそのリスクに対する措置 row a line is."""
    squeezed = _key(line)
    found = _OTHER_ROW.search(squeezed)
    if found is None or found.start() > _CLOSING_HEAD_LIMIT:
        return None
    head = _OTHER_ROW_LINK.sub("", squeezed[: found.start()])
    head = re.sub(r"\(.*?(?:\)|$)", "", head)
    best: tuple[float, Stage] | None = None
    for stage in stages:
        title = _key(stage.title)
        score = similarity(head[: len(title) + 1], title)
        if best is None or score > best[0]:
            best = (score, stage)
    if best is None or best[0] < _OTHER_ROW_THRESHOLD:
        return None
    return best[1]


def _is_rating_line(line: str) -> bool:
    return match_label(line, (RATING_LABEL,)) is not None


def risk_material_start(lines: Sequence[str], document_kind: str | None = None) -> int | None:
    """The first of ``lines`` that belongs to Ⅲ (a risk heading, a rating, an その他のリスク row).

    PDF-layout text may print the start of Ⅲ before its heading, inside the part before it
    (別添2); the extractor of that part stops here and Ⅲ reads from here.

    >>> risk_material_start(["宛名番号 氏名", "リスク4: 入手の際に特定個人情報が漏えい…"])
    1
    """
    stages = stages_for(document_kind)
    for index, line in enumerate(lines):
        if _RISK_HEAD.search(line) or _is_rating_line(line) or _other_row(line, stages):
            return index
    return None


# --- the lines of Ⅲ ---------------------------------------------------------------------------


def _with_leading_lines(section: Section, context: ExtractionContext) -> Section:
    """``section`` extended backwards over Ⅲ material printed before its heading."""
    text = context.normalized
    if text is None or section.start <= 0:
        return section
    previous = section.start - 1
    while previous > 0 and match_part_heading(text.lines[previous]) is None:
        previous -= 1
    start = risk_material_start(text.lines[previous + 1 : section.start], context.document_kind)
    if start is None:
        return section
    first = previous + 1 + start
    return replace(
        section,
        start=first,
        lines=text.lines[first : section.end],
        line_map=text.line_map[first : section.end],
    )


_RATING_WORDING = RATING_LABEL.text


def _split_lines(section: Section) -> Section:
    """``section`` with run-together rows cut apart: a line is cut before each ``リスクN:``,
    ``<選択肢>`` and ``リスクへの対策は十分か`` after its start (the pieces keep the raw line).

    A row that repeats its first cells (``リスク1: 特定個人情報の漏⇥リスク1: 特定個人情報の…``)
    keeps the last, complete copy.
    """
    lines: list[str] = []
    line_map: list[int] = []
    for index, line in enumerate(section.lines):
        cuts = {m.start() for m in _RISK_HEAD.finditer(line)}
        cuts |= {m.start() for m in re.finditer(re.escape(CHOICE_MARKER), line)}
        cuts |= {m.start() for m in re.finditer(_RATING_WORDING, line)}
        cuts.discard(0)
        if not cuts:
            lines.append(line)
            line_map.append(section.raw_line(index))
            continue
        bounds = [0, *sorted(cuts), len(line)]
        pieces = [line[a:b].strip() for a, b in pairwise(bounds)]
        kept: list[str] = []
        for piece in pieces:
            head = _RISK_HEAD.match(piece)
            previous = _RISK_HEAD.match(kept[-1]) if kept else None
            if head and previous and head.group(1) == previous.group(1):
                kept[-1] = piece  # a staircase row: the later copy is complete
                continue
            kept.append(piece)
        for piece in kept:
            if piece:
                lines.append(piece)
                line_map.append(section.raw_line(index))
    return replace(section, lines=tuple(lines), line_map=tuple(line_map))


# --- reading ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Head:
    """A risk heading found in the text (or recovered from a rating whose heading was lost)."""

    index: int
    written: str
    parsed_no: int | None
    matches: list[_NameMatch]
    tail: str = ""
    """Text after the name on the heading line (measures printed on the same line)."""
    stage: Stage | None = None
    no: int | None = None
    name: str = ""
    group: int | None = None
    """Heads of one grouped list (委託 of the 全項目評価書) share a group and its rating."""
    slot: int | None = None
    lost: bool = False


@dataclass(slots=True)
class _Reading:
    section: Section
    stages: tuple[Stage, ...]
    headings: dict[int, Stage] = field(default_factory=dict)
    other_rows: dict[int, Stage] = field(default_factory=dict)
    heads: list[_Head] = field(default_factory=list)
    slots: list[int] = field(default_factory=list)
    values: dict[int, str] = field(default_factory=dict)
    anchors: set[int] = field(default_factory=set)
    measures_start: int | None = None
    measures_inferred: bool = False
    """Ⅳ's items follow Ⅲ in the same section: the text lost Ⅳ's part heading."""
    issues: list[Issue] = field(default_factory=list)

    @property
    def part(self) -> str:
        return self.section.form_ref.split(" ")[0]

    def add(self, code: IssueCode, message: str, index: int | None, reference: str) -> None:
        """Report an issue at line ``index`` about the form item ``reference``."""
        self.issues.append(located(code, message, self.section, index, reference))


def extract_risks(section: Section, context: ExtractionContext) -> Extraction:
    """Read Ⅲ: every risk of every handling stage, with its rating, measures and platforms.

    A document that repeats Ⅲ per file (``1. 特定個人情報ファイル名`` and the stages again for
    each file) is read part by part, and each risk names its file (:attr:`Risk.file`).
    """
    section = _split_lines(_with_leading_lines(section, context))
    parts = _file_parts(section, stages_for(context.document_kind))
    if len(parts) < 2:
        return _extract_part(section, context)
    risks: list[Risk] = []
    issues: list[Issue] = []
    for part, name in parts:
        found = _extract_part(part, context)
        risks += [replace(risk, file=name) for risk in found.risks]
        issues += found.issues
    return Extraction(risks=tuple(risks), issues=tuple(issues))


def _file_parts(section: Section, stages: Sequence[Stage]) -> list[tuple[Section, str | None]]:
    """Ⅲ cut at each ``1. 特定個人情報ファイル名`` that a stage heading follows, with the file it
    names (None for a list of files): one part per file when Ⅲ is repeated per file, else no
    part at all. Lines before the first heading (Ⅲ's own title) belong to the first part."""
    lines = section.lines
    headings = [index for index, line in enumerate(lines) if _FILE_HEADING.match(line)]
    bounds = [*headings, len(lines)]
    starts = [
        start
        for position, start in enumerate(headings)
        if any(_stage_heading(lines[i], stages) for i in range(start + 1, bounds[position + 1]))
    ]
    if len(starts) < 2:
        return []
    ends = [*starts[1:], len(lines)]
    return [
        (
            section.part(0 if position == 0 else start, end),
            _file_named(lines, start, end, stages),
        )
        for position, (start, end) in enumerate(zip(starts, ends, strict=True))
    ]


_FILE_LIST_ENTRY = re.compile(r"^\s*[(（]\s*\d{1,2}\s*[)）]")


def _file_named(lines: Sequence[str], start: int, end: int, stages: Sequence[Stage]) -> str | None:
    """The file a ``1. 特定個人情報ファイル名`` heading names: the rest of its line, else the line
    after it; None when it lists several files (``(1) …``) or names none."""
    rest = _FILE_HEADING.sub("", lines[start]).strip(" \t※")
    candidates = [rest] if rest else []
    if start + 1 < end:
        candidates.append(lines[start + 1].strip())
    for candidate in candidates:
        if not candidate or _FILE_LIST_ENTRY.match(candidate):
            return None
        if _stage_heading(candidate, stages) or _RISK_HEAD.search(candidate):
            return None
        return candidate
    return None


def _extract_part(section: Section, context: ExtractionContext) -> Extraction:
    """Read one Ⅲ (the whole part, or the part of one file)."""
    reading = _Reading(section=section, stages=stages_for(context.document_kind))
    _classify(reading)
    _assign_stages(reading)
    slot_values = _pair_slot_values(reading)
    _pair_slots(reading)
    risks = _risks(reading, slot_values)
    risks += _other_rows(reading)
    order = {stage.label: position for position, stage in enumerate(reading.stages)}
    risks.sort(
        key=lambda r: (
            order.get(r.section, len(order)),
            r.name == OTHER_RISK,
            r.no if r.no is not None else 0,
            r.line,
        )
    )
    if reading.measures_start is not None:
        numbers, part = FOCUSED_ITEM_NUMBERS, reading.part
        if reading.measures_inferred:
            numbers, part = ITEM_NUMBERS, MEASURES_PART
            reading.add(
                IssueCode.FIELD_MISSING,
                f"{MEASURES_PART} その他のリスク対策: the part heading is not in the text; its "
                f"items (1. 監査, 2. 従業者に対する教育・啓発, 3. その他のリスク対策) are read "
                f"where they follow {reading.part}",
                reading.measures_start,
                MEASURES_PART,
            )
        measures, problems = read_measure_items(section, reading.measures_start, numbers, part)
        risks += measures
        reading.issues += problems
    return Extraction(risks=tuple(risks), issues=tuple(reading.issues))


_FILE_HEADING = re.compile(r"^\s*1\s*[.．]\s*特定個人情報ファイル名")


MEASURES_PART = "Ⅳ"
"""The part that holds the items of その他のリスク対策 in the 全項目評価書."""


def _classify(reading: _Reading) -> None:
    lines = reading.section.lines
    # Ⅳ's items inside Ⅲ (the part heading lost): they end Ⅲ once a stage has been read.
    lost_part = None if reading.stages is FOCUSED_STAGES else measure_items_start(lines)
    for index, line in enumerate(lines):
        if reading.stages is FOCUSED_STAGES and item_heading(line, FOCUSED_ITEM_NUMBERS):
            reading.measures_start = index
            reading.anchors.add(index)
            break
        if index == lost_part:
            if reading.headings:
                reading.measures_start = index
                reading.measures_inferred = True
                reading.anchors.add(index)
                break
            lost_part = measure_items_start(lines, index + 1)
        stage = _stage_heading(line, reading.stages)
        if stage is not None:
            reading.headings[index] = stage
            reading.anchors.add(index)
        elif _FILE_HEADING.match(line):
            reading.anchors.add(index)
            continue
        row = _other_row(line, reading.stages) if stage is None else None
        if row is not None:
            reading.other_rows[index] = row
            reading.anchors.add(index)
            continue
        heads = _heads(index, line, reading.stages)
        if heads and index and _squeeze(lines[index - 1]) == _squeeze(line):
            continue  # the heading above printed twice (a repeated line), not a second risk
        if heads:
            reading.heads += heads
            reading.anchors.add(index)
            continue
        if stage is not None:
            continue
        found = match_label(line, (RATING_LABEL,))
        if found is not None:
            reading.slots.append(index)
            value = selection_in(found.value, RISK_CHOICES)
            if value is not None:
                reading.values[index] = value
            continue
        value = selection_in(line, RISK_CHOICES)
        if value is not None:
            reading.values[index] = value


def _heads(index: int, line: str, stages: Sequence[Stage]) -> list[_Head]:
    """The risk headings on a line: ``リスクN: …``, or the unnumbered risks a grouped stage lists
    (``委託先による…に関するリスク``, one a line or all on one)."""
    found = _RISK_HEAD.match(line)
    if found:
        digits = re.sub(r"\D", "", found.group(1))
        written = line[found.end() :].strip()
        matches = _match_names(written, stages)
        head = _Head(index, written, int(digits) if digits else None, matches)
        if matches:
            head.tail = _after(written, matches[0].span)
            head.written = written[: len(written) - len(head.tail)].strip()
        return [head]
    squeezed = _key(line)
    heads: list[_Head] = []
    for stage in stages:
        if not stage.grouped:
            continue
        names = [(name, _key(name)) for _no, name in stage.risks]
        if not any(squeezed.startswith(key) for _name, key in names):
            continue
        for name, key in names:
            if key in squeezed:
                match = _NameMatch(stage, None, name, 1.0, len(key))
                heads.append(_Head(index, name, None, [match]))
    return heads


def _after(written: str, span: int) -> str:
    """The text of ``written`` after the first ``span`` characters a name match read (white
    space skipped, a pasted English word counted as one character, as :func:`_match_names`
    reads them).

    >>> _after("入手した特定個人情報 that 不正確であるリスク <措置>", 20)
    '<措置>'
    """
    ends: list[int] = []
    position = 0
    for word in _ASCII_WORD.finditer(written):
        ends += [i + 1 for i in range(position, word.start()) if not written[i].isspace()]
        ends.append(word.end())
        position = word.end()
    ends += [i + 1 for i in range(position, len(written)) if not written[i].isspace()]
    if span <= 0 or span > len(ends):
        return ""
    return written[ends[span - 1] :].strip()


def _assign_stages(reading: _Reading) -> None:
    """Give every risk heading its stage, number and canonical name (see the module docstring)."""
    order = {stage.key: position for position, stage in enumerate(reading.stages)}
    events: list[tuple[int, int, Stage | _Head]] = [
        (index, 0, stage)
        for index, stage in (*reading.headings.items(), *reading.other_rows.items())
    ]
    events += [(head.index, 1 + n, head) for n, head in enumerate(reading.heads)]
    events.sort(key=lambda event: (event[0], event[1]))
    current: Stage | None = None
    group = 0
    last_grouped: _Head | None = None
    for _index, _rank, item in events:
        if isinstance(item, Stage):
            current = item
            continue
        head = item
        candidates = {match.stage.key: match for match in head.matches}
        chosen: _NameMatch | None = None
        if current is not None and current.key in candidates:
            chosen = candidates[current.key]
        elif candidates:
            ranked = sorted(candidates.values(), key=lambda m: order[m.stage.key])
            if current is None:
                chosen = ranked[0]
            else:
                later = [m for m in ranked if order[m.stage.key] > order[current.key]]
                earlier = [m for m in ranked if order[m.stage.key] < order[current.key]]
                chosen = later[0] if later else earlier[-1]
        if chosen is None:
            head.stage = current
            head.name = _squeeze(head.written)
            head.no = head.parsed_no
            continue
        head.stage, head.name, head.no = chosen.stage, chosen.name, chosen.no
        current = chosen.stage
        if chosen.stage.grouped:
            if last_grouped is None or not _adjacent(reading, last_grouped, head):
                group += 1
            head.group = group
            last_grouped = head
        _report_name(reading, head)


def _adjacent(reading: _Reading, first: _Head, second: _Head) -> bool:
    """True when two heads of a grouped list are one list: same stage, nothing stated between."""
    if first.stage is not second.stage:
        return False
    lines = reading.section.lines
    return not any(
        index in reading.slots or index in reading.anchors or is_prose(lines[index], SUB_LABELS)
        for index in range(first.index + 1, second.index)
    )


def _report_name(reading: _Reading, head: _Head) -> None:
    where = f"{reading.part} {head.stage.number}" if head.stage is not None else reading.part
    if head.parsed_no is not None and head.no is not None and head.parsed_no != head.no:
        message = f"{where} リスク{head.parsed_no} is リスク{head.no} by its wording ({head.name})"
        reading.add(IssueCode.REPAIRED_TEXT, message, head.index, where)
    if _key(head.written) != _key(head.name):
        written = " ".join(head.written.split())
        message = f"{where} risk {written!r} read as the form's wording {head.name!r}"
        reading.add(IssueCode.REPAIRED_TEXT, message, head.index, where)


# --- ratings ----------------------------------------------------------------------------------


def _pair_slot_values(reading: _Reading) -> dict[int, str]:
    """Ratings by the line of their リスクへの対策は十分か label (a value printed apart from its
    label goes to the nearest label without one, never across a heading)."""
    barriers = sorted({*reading.headings, *reading.other_rows, *(h.index for h in reading.heads)})

    def blocked(low: int, high: int) -> bool:
        return any(low < barrier < high for barrier in barriers)

    with_value = [index for index in reading.slots if index in reading.values]
    floating = [index for index in reading.values if index not in reading.slots]
    empty = [index for index in reading.slots if index not in reading.values]
    paired = pair_values(empty, floating, blocked=blocked)
    result = {index: reading.values[index] for index in with_value}
    result |= {slot: reading.values[value] for slot, value in paired.items()}
    return result


def _units(reading: _Reading) -> list[list[_Head]]:
    """The rated units: one risk each, or the heads of one grouped list."""
    units: list[list[_Head]] = []
    groups: dict[int, list[_Head]] = {}
    for head in sorted(reading.heads, key=lambda h: h.index):
        if head.group is None:
            units.append([head])
        elif head.group in groups:
            groups[head.group].append(head)
        else:
            groups[head.group] = [head]
            units.append(groups[head.group])
    return units


def _pair_slots(reading: _Reading) -> None:
    """Pair each リスクへの対策は十分か with its risk.

    The rating goes to the nearest risk before it, in the stage of the risk just before it,
    that has no rating yet; else to the first risk after it without one, unless that stage has
    lost the heading of a lower-numbered risk, whose rating it then is.
    """
    units = _units(reading)
    for slot in sorted(reading.slots):
        before = [unit for unit in units if unit[0].index < slot]
        after = [unit for unit in units if unit[0].index > slot]
        target: list[_Head] | None = None
        if before:
            stage = before[-1][0].stage
            free = [u for u in before if u[0].stage is stage and u[0].slot is None]
            target = free[-1] if free else None
        if target is None and after:
            stage = after[0][0].stage
            free = [u for u in after if u[0].stage is stage and u[0].slot is None]
            # The next risk has a rating of its own after its heading: this one is the rating of
            # a risk whose heading was lost, else the next risk's, printed before its heading.
            own = bool(free) and _rated_after(reading, free[0], units)
            if own and stage is not None and _lost_below(reading, stage, free[0]):
                target = [_lost_head(reading, stage, free[0], slot)]
                units.append(target)
                units.sort(key=lambda unit: unit[0].index)
            elif free and not own:
                target = free[0]
        for head in target or ():
            head.slot = slot


def _rated_after(reading: _Reading, unit: list[_Head], units: list[list[_Head]]) -> bool:
    """True when a rating follows ``unit``'s heading before the next risk."""
    start = max(head.index for head in unit)
    end = min((u[0].index for u in units if u[0].index > start), default=len(reading.section.lines))
    return any(start < slot < end for slot in reading.slots)


def _lost_below(reading: _Reading, stage: Stage, unit: list[_Head]) -> bool:
    """True when ``stage`` has no heading of a risk numbered below ``unit``'s."""
    number = unit[0].no
    if number is None or number <= 1:
        return False
    present = {h.no for h in reading.heads if h.stage is stage}
    return any(no not in present for no in range(1, number))


def _lost_head(reading: _Reading, stage: Stage, unit: list[_Head], slot: int) -> _Head:
    """A risk whose heading was lost, recovered from its rating (the highest missing number
    below ``unit``'s)."""
    present = {h.no for h in reading.heads if h.stage is stage}
    number = max(no for no in range(1, unit[0].no or 1) if no not in present)
    name = next((n for no, n in stage.risks if no == number), "")
    previous = max((a for a in reading.anchors if a < slot), default=-1)
    start = _anchor_end(reading, previous)
    head = _Head(start, name, None, [], stage=stage, no=number, name=name, lost=True)
    reading.heads.append(head)
    message = (
        f"{reading.part} {stage.number} リスク{number}: its heading is not in the text; its "
        f"rating and measures were read, and its name is the form's wording ({name})"
    )
    reading.add(IssueCode.REPAIRED_TEXT, message, slot, f"{reading.part} {stage.number}")
    return head


# --- blocks and measures ----------------------------------------------------------------------


def _anchor_end(reading: _Reading, anchor: int) -> int:
    """The first line after an anchor that the anchor's own content does not fill (an
    その他のリスク row runs over its free text)."""
    if anchor < 0:
        return 0
    if anchor in reading.other_rows:
        return anchor + 1 + len(_row_content(reading, anchor))
    return anchor + 1


def _row_content(reading: _Reading, row: int) -> list[str]:
    """The free text of an その他のリスク row: up to the next labelled line."""
    lines = reading.section.lines
    content: list[str] = []
    for index in range(row + 1, len(lines)):
        if (
            index in reading.anchors
            or index in reading.slots
            or index == reading.measures_start
            or _is_labelled(lines[index])
        ):
            break
        content.append(lines[index])
    return content


_SELECTED_BOX = re.compile(r"[\[「]\s*[^\s\[\]「」○][^\[\]「」]{0,20}[\]」]")
"""A selected value of a field (``[ 定めている ]``), not a 【…における措置】 header."""


def _is_labelled(line: str) -> bool:
    """True for a field of a risk block: a form label, a choice list or a selected value."""
    return (
        match_label(line, SUB_LABELS) is not None
        or CHOICE_MARKER in line
        or bool(_SELECTED_BOX.search(line))
    )


def _foreign(line: str, stage: Stage | None) -> bool:
    """True for a field label that only another stage asks (the block has run into it)."""
    found = match_label(line, SUB_LABELS)
    if found is None or stage is None:
        return False
    owner = _FIELD_STAGE[found.label.key]
    return owner != "any" and owner != stage.key


def _span(reading: _Reading, start: int, end: int, stage: Stage | None) -> list[str]:
    """The lines ``start:end`` that a block may hold: ratings left out, up to a foreign field."""
    lines = reading.section.lines
    if reading.measures_start is not None:
        end = min(end, reading.measures_start)
    kept: list[str] = []
    for index in range(start, end):
        if _foreign(lines[index], stage):
            break
        if index not in reading.slots and index not in reading.values:
            kept.append(lines[index])
    return kept


def _block(reading: _Reading, head: _Head) -> list[str]:
    """The lines of a risk's block.

    After the heading up to the next anchor (or the risk's own rating); for a risk printed after
    its rating, the lines between the anchor or rating before that rating and it come first.
    """
    lines = reading.section.lines
    start = head.index if head.lost else head.index + 1
    end = min((a for a in reading.anchors if a >= start), default=len(lines))
    if head.slot is not None and start <= head.slot < end:
        end = head.slot
    after = _span(reading, start, end, head.stage)
    if head.tail:
        after = [head.tail, *after]
    if head.slot is None or head.slot > head.index or head.lost:
        return after
    previous = max((a for a in {*reading.anchors, *reading.slots} if a < head.slot), default=-1)
    before = _span(reading, _anchor_end(reading, previous), head.slot, head.stage)
    if any(is_prose(line, SUB_LABELS) for line in before):
        return [*before, *after]
    return after


# --- records and issues -----------------------------------------------------------------------


def _risks(reading: _Reading, slot_values: dict[int, str]) -> list[Risk]:
    risks: list[Risk] = []
    seen: set[tuple[str, int | None, str]] = set()
    empty: dict[str, list[_Head]] = {}
    counted: dict[str, list[_Head]] = {}
    for unit in _units(reading):
        last = max(unit, key=lambda h: h.index)
        block = _block(reading, last)
        for head in unit:
            stage = head.stage
            if stage is None:
                written = " ".join(head.written.split())
                message = f"risk {written!r} is in no handling stage of {reading.part}"
                reading.add(IssueCode.FIELD_MISSING, message, head.index, reading.part)
                continue
            value = slot_values.get(head.slot) if head.slot is not None else None
            counted.setdefault(stage.key, []).append(head)
            if value is None and not any(is_prose(line, SUB_LABELS) for line in block):
                empty.setdefault(stage.key, []).append(head)
                continue
            reference = f"{reading.part} {stage.number}"
            key = (stage.key, head.no, head.name)
            if key in seen:
                message = f"{reference} {_title(head)} appears twice; the first was kept"
                reading.add(IssueCode.DUPLICATE_ITEM, message, head.index, reference)
                continue
            seen.add(key)
            if value is None:
                message = (
                    f"{reference} {_title(head)} has no selected rating (リスクへの対策は十分か)"
                )
                where = head.slot if head.slot is not None else head.index
                reading.add(IssueCode.NO_SELECTION, message, where, reference)
            risks.append(
                Risk(
                    section=stage.label,
                    no=head.no,
                    name=head.name or None,
                    rating=canonical_rating(value),
                    measures=measure_text(block, (GENERIC_LABEL,)),
                    platforms=platforms_in(" ".join(block)),
                    form_ref=reference,
                    line=reading.section.raw_line(head.index),
                )
            )
    _stage_issues(reading, counted, empty)
    return risks


def _title(head: _Head) -> str:
    return f"リスク{head.no}" if head.no is not None else (head.name or "risk")


def _stage_issues(
    reading: _Reading, counted: dict[str, list[_Head]], empty: dict[str, list[_Head]]
) -> None:
    headed = {stage.key for stage in reading.headings.values()}
    rows = {stage.key for stage in reading.other_rows.values()}
    for stage in reading.stages:
        reference = f"{reading.part} {stage.number}"
        heads = sorted(counted.get(stage.key, []), key=lambda h: h.index)
        if not heads:
            if stage.key in headed or stage.key in rows:
                message = f"{reference} {stage.title} names no risk"
                where = next((i for i, s in reading.headings.items() if s is stage), None)
                reading.add(IssueCode.FIELD_MISSING, message, where, reference)
            else:
                message = f"{reference} {stage.title} is not in the text"
                reading.issues.append(
                    Issue(code=IssueCode.SECTION_MISSING, message=message, form_ref=reference)
                )
            continue
        blank = sorted(empty.get(stage.key, []), key=lambda h: (h.no or 0, h.index))
        if len(blank) == len(heads):
            message = (
                f"{reference} {stage.title} has the labels of its risks but no measures or "
                "ratings: an empty template (the stage is not carried out)"
            )
            heading = next((i for i, s in reading.headings.items() if s is stage), None)
            where = heading if heading is not None else heads[0].index
            reading.add(IssueCode.EMPTY_TEMPLATE, message, where, reference)
            continue
        if blank:
            names = ", ".join(_title(head) for head in blank)
            message = f"{reference} {names}: labels without measures or ratings (an empty template)"
            reading.add(IssueCode.EMPTY_TEMPLATE, message, blank[0].index, reference)
        if stage.key not in headed:
            message = (
                f"{reference} {stage.title}: the heading is not in the text; its risks were "
                "recognised by the form's wording"
            )
            reading.add(IssueCode.REPAIRED_TEXT, message, heads[0].index, reference)
        present = {head.no for head in heads}
        missing = [no for no, _name in stage.risks if no is not None and no not in present]
        if missing:
            names = ", ".join(f"リスク{no}" for no in missing)
            message = f"{reference} {names} of the form: not in the text"
            reading.add(IssueCode.FIELD_MISSING, message, heads[0].index, reference)


_ROW_LABEL_END = re.compile(r"対する\S{0,2}")


def _other_rows(reading: _Reading) -> list[Risk]:
    """The …におけるその他のリスク及びそのリスクに対する措置 rows that state something.

    A row printed twice in a row (OCR repeats a damaged label) is one row: it starts at the
    first copy and states what follows the last.
    """
    risks: list[Risk] = []
    done: set[str] = set()
    first_copy: dict[str, int] = {}
    for row, stage in sorted(reading.other_rows.items()):
        content = _row_content(reading, row)
        line = reading.section.lines[row]
        found = _OTHER_ROW.search(line)
        label_end = _ROW_LABEL_END.search(line, found.end()) if found else None
        tail = line[label_end.end() :].strip() if label_end else ""
        if tail:
            content = [tail, *content]
        start = first_copy.pop(stage.key, row)
        if stage.key in done:
            continue
        if not content and row + 1 in reading.other_rows:
            first_copy[stage.key] = start
            continue
        measures = measure_text(content)
        if not measures or not any(is_prose(text, SUB_LABELS) for text in content):
            continue
        done.add(stage.key)
        risks.append(
            Risk(
                section=stage.label,
                name=OTHER_RISK,
                measures=measures,
                platforms=platforms_in(" ".join(content)),
                form_ref=f"{reading.part} {stage.number}",
                line=reading.section.raw_line(start),
            )
        )
    return risks
