"""The 別添1 flow view: an assessment's numbered steps as arrows between its actors.

An assessment's 別添1 (事務の内容) is a diagram of who sends what to whom, with numbered arrows
①②③ explained in its 備考. Extraction gives each step as a :class:`~ingest.records.FlowStep`
(its text, the actors it names, the data it moves); this module draws them back.

**Nodes and clusters.** Every actor becomes one node, placed by :func:`viz.actor.actor_kind`:
the municipality (and the department doing the process, drawn as the *process node*) with its own
systems inside a box named for the municipality; national systems beside it; other agencies;
residents and businesses; contractors.

**Which way a step goes** (:func:`step_arrows`) is read from the particle that follows each
actor in the step text, after skipping ``等``/``など`` and a parenthesis:

====================================  =====================================================
``Xから`` ``Xより`` ``Xにて``         X is a source (``にて``: the data is read from X)
``Xに`` ``Xへ`` ``Xに対し`` ``Xと``   X is a target
``X経由`` ``Xを介して`` ``Xを通じて`` X is a relay: arrows run source → X → target
``Xが`` ``Xは``                       X is the subject: a source, or, when the step also names
                                      a ``から`` source, the one who sent to that source
``X及び`` ``X、`` ``X・`` ``Xや``     X shares the role of the actor after it
====================================  =====================================================

An actor whose role the text does not show is a source when no source is named (or a target
when no target is named); when the text shows no role at all, the verb decides (受理, 入手,
取得, 取り込む, 照会 … bring data *in*: the actors are sources; otherwise they are targets).
The process node fills an end the text leaves open, so a step naming one actor is an arrow
between that actor and the municipality's process node, in the direction the text says. A step
naming no actor at all deals with the residents when it receives applications (受理, 受付,
受領 …: residents → process) or issues documents (発行, 交付, 通知, 送付 …: process →
residents), and is otherwise work inside the municipality (消込, 各システム間で連携): it is
drawn as a task node, labelled with the step, tied to the process node by a line without
arrowhead (solid or dashed like an arrow). Each (source, target) pair of a
step is one arrow; every arrow of a step carries its number, the first also the data.

**Solid or dashed** (:func:`carries_specific_information`): a step is a flow of 特定個人情報
(solid) when its text or data names 個人番号, 特定個人情報 or マイナンバー, or when it runs
through a national system that exists to carry My Number data (:data:`MY_NUMBER_SYSTEMS`: 情報提供
ネットワークシステム, 中間サーバー, 住基ネット, eLTAX, 国税連携システム, マイナポータル);
a step whose text says the data does *not* contain the number (個人番号を含まない,
特定個人情報以外) is dashed whatever else it says. Every other step is dashed.

>>> steps = (FlowStep(no=1, text="届出を受理する。", actors=("住民",), line=1),
...          FlowStep(no=2, text="個人番号を含む届書を日本年金機構へ送付する。",
...                   actors=("日本年金機構",), data=("届書",), line=2))
>>> d = flow_steps_to_diagram(steps, context=FlowContext(municipality="○○市", department="○○課"))
>>> [(d.node(e.tail).label, d.node(e.head).label, e.label, e.kind) for e in d.edges]
[('住民', '○○課', '① 届出', 'other'), ('○○課', '日本年金機構', '② 届書', 'specific')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from typing import Final

import graphviz

from ingest.records import ExtractionResult, FlowStep
from ontology.lexicon import label_key, national_system
from viz.actor import (
    GROUP_LABELS,
    ActorContext,
    Group,
    NodeKind,
    actor_kind,
    group_of,
    is_own_body,
)
from viz.diagram import Diagram, DiagramEdge, DiagramNode, LegendEntry, dot_id
from viz.errors import EmptyViewError
from viz.render import diagram_to_dot
from viz.style import EDGE_KIND_LABELS, circled_number, shorten

__all__ = [
    "MY_NUMBER_SYSTEMS",
    "FlowContext",
    "Role",
    "StepArrow",
    "actor_roles",
    "carries_specific_information",
    "flow_caption",
    "flow_steps_to_diagram",
    "flow_steps_to_dot",
    "result_to_flow_context",
    "step_arrows",
    "step_label",
]

MY_NUMBER_SYSTEMS: Final = frozenset(
    {
        "johoteikyo-network",
        "chukan-server-platform",
        "chukan-server-software",
        "juki-net",
        "juki-national-server",
        "juki-prefectural-server",
        "eltax",
        "kokuzei-renkei",
        "mynaportal",
        "mynaportal-application-management",
    }
)
"""Keys of the national systems whose traffic is My Number data (a step through one is solid).
Payment networks (マルチペイメントネットワーク, 地方税共通納税システム), LGWAN and the
government cloud are not in the set: they carry other data too."""

PROCESS_ID: Final = "process"
"""Node id of the municipality's process node."""


class Role(StrEnum):
    """The part an actor plays in a step, read from the particle after it."""

    SOURCE = "source"
    TARGET = "target"
    VIA = "via"
    SUBJECT = "subject"
    COORDINATE = "coordinate"
    """Joined to the next actor (``及び``, ``、``): takes that actor's role."""
    MODIFIER = "modifier"
    """Qualifies a noun (``Xの情報``, ``Xにおいて``): not an end of an arrow."""
    NONE = "none"
    """Named without a particle that tells its part (or not found in the text)."""


_PARTICLES: Final[tuple[tuple[str, Role], ...]] = tuple(
    sorted(
        (
            ("からの", Role.SOURCE),
            ("から", Role.SOURCE),
            ("より", Role.SOURCE),
            ("にて", Role.SOURCE),
            ("を経由", Role.VIA),
            ("経由", Role.VIA),
            ("を介", Role.VIA),
            ("を通じ", Role.VIA),
            ("を通し", Role.VIA),
            ("において", Role.MODIFIER),
            ("における", Role.MODIFIER),
            ("にある", Role.MODIFIER),
            ("の", Role.MODIFIER),
            ("に対し", Role.TARGET),
            ("に", Role.TARGET),
            ("へ", Role.TARGET),
            ("宛", Role.TARGET),
            ("あて", Role.TARGET),
            ("と", Role.TARGET),
            ("が", Role.SUBJECT),
            ("は", Role.SUBJECT),
            ("及び", Role.COORDINATE),
            ("および", Role.COORDINATE),
            ("並びに", Role.COORDINATE),
            ("又は", Role.COORDINATE),
            ("または", Role.COORDINATE),
            ("もしくは", Role.COORDINATE),
            ("若しくは", Role.COORDINATE),
            ("や", Role.COORDINATE),
            ("、", Role.COORDINATE),
            ("・", Role.COORDINATE),
            (",", Role.COORDINATE),
            ("，", Role.COORDINATE),
        ),
        key=lambda pair: -len(pair[0]),
    )
)
"""Particles after an actor and the role they give it (longest first)."""

_SKIP_AFTER_ACTOR: Final = re.compile(
    r"(?:\s|等|など|ら|達|側|[)）」』】]|[(（][^()（）]{0,30}[)）])*"
)
"""What may stand between an actor and its particle: 等, など, a closing bracket, (MPN) …"""

_INBOUND_VERB: Final = re.compile(
    r"受理|受付|受け付|入手|取得|受領|受け取|受取|取り込|取込|取りこ|収集|照会|参照|検索|確認|"
    r"調査|受信|閲覧|消込|を受け"
)
"""Verbs that bring data into the process: their unmarked actors are sources."""

_RECEIVE_VERB: Final = re.compile(
    r"受理|受付|受け付|(申請|届出|申告|提出|請求)を受け|(申請|届|申出|申告|請求)[^。]*を受領"
)
"""Receiving applications: a step that names no actor receives them from residents (受領 of
other data, 振替結果を受領, is not enough: that comes from a bank)."""
_ISSUE_VERB: Final = re.compile(r"発行|交付|発送|送付|郵送|通知")
"""Verbs of issuing documents: a step that names no actor sends them to residents."""
_INQUIRY_VERB: Final = re.compile(r"照会|調査|問い?合わ?せ|確認|検索|参照|閲覧")
"""Verbs of asking: ``Xに照会する`` brings data *from* X."""
_OUTBOUND_VERB: Final = re.compile(r"送付|送信|提示|報告|提供|通知|発送|発行|連携|出力|回答|登録")
"""Verbs of sending: a sentence with one is not an inquiry."""
_SENTENCE: Final = re.compile(r"[^。]*(?:。|$)")

_NEGATIVE: Final = re.compile(
    r"(個人番号|特定個人情報|マイナンバー)(を|は)?(含ま|含め|含まれ)(ない|ず)|特定個人情報以外|個人番号なし"
)
_POSITIVE: Final = re.compile(r"個人番号|特定個人情報|マイナンバー")
_STEP_MARK: Final = re.compile(
    r"^\s*(?:[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]|[0-9０-９]+\s*[.．、)）])\s*"
)


@dataclass(frozen=True, kw_only=True)
class FlowContext:
    """What the flow view needs to know about the assessment besides its steps.

    Attributes:
        municipality: the municipality (or agency) whose box holds the process.
        organisation: the assessing body as written (``○○市長``).
        department: the department in charge; the process node is named for it.
        process_name: the name of the process (事務), used when no department is known.
        title: the assessment's title (評価書名), for the caption.
        published: the publication date as written, for the caption.
        source_id: the source file, for the caption when there is no title.
        systems: the names of the process's own systems (Ⅰ 2).
        delegates: the names of its contractors (Ⅱ 4).
    """

    municipality: str | None = None
    organisation: str | None = None
    department: str | None = None
    process_name: str | None = None
    title: str | None = None
    published: str | None = None
    source_id: str | None = None
    systems: tuple[str, ...] = ()
    delegates: tuple[str, ...] = field(default_factory=tuple)

    @property
    def actors(self) -> ActorContext:
        """The context :func:`viz.actor.actor_kind` needs."""
        return ActorContext(
            municipality=self.municipality,
            organisation=self.organisation,
            department=self.department,
            systems=self.systems,
            delegates=self.delegates,
        )

    @property
    def process_label(self) -> str:
        """The label of the process node: the department, the process, or a placeholder."""
        return self.department or self.process_name or "事務担当部署"

    @property
    def box_label(self) -> str:
        """The caption of the municipality's box."""
        if self.municipality:
            return self.municipality
        if self.organisation:
            return self.organisation
        return GROUP_LABELS[Group.MUNICIPALITY]


def result_to_flow_context(result: ExtractionResult) -> FlowContext:
    """The :class:`FlowContext` of an extracted assessment."""
    delegates: list[str] = []
    for file in result.files:
        for delegation in file.delegations:
            if delegation.contractor:
                delegates.append(delegation.contractor)
            delegates.extend(delegation.subcontractors)
    document = result.document
    return FlowContext(
        municipality=document.municipality,
        organisation=document.org,
        department=result.affair.department,
        process_name=result.affair.name,
        title=document.title,
        published=document.published,
        source_id=result.source.id,
        systems=tuple(s.name for s in result.systems),
        delegates=tuple(delegates),
    )


# --- reading a step -----------------------------------------------------------------------------


def _actor_pattern(spelling: str) -> re.Pattern[str] | None:
    """A pattern finding ``spelling`` in text despite spaces, middle dots and long vowels."""
    chars = [c for c in spelling if not c.isspace() and c not in "・･·"]
    if not chars:
        return None
    parts = []
    for char in chars:
        part = "ー?" if char in "ー－-" else re.escape(char)
        parts.append(part)
        if "\u30a0" <= char <= "\u30ff":
            parts.append("ー?")
    return re.compile(r"[\s・･·]*".join(parts))


RESIDENT_WORDS: Final = (
    "住民",
    "市民",
    "町民",
    "村民",
    "区民",
    "本人",
    "代理人",
    "納税者",
    "納税義務者",
    "被保険者",
    "受給者",
    "受給権者",
    "申請者",
    "申告者",
    "申出者",
    "届出者",
    "請求者",
    "滞納者",
    "対象者",
    "利用者",
    "受診者",
    "世帯主",
    "扶養者",
)
"""Words a step text uses for the residents an extraction names ``住民等``."""
_NOUN_GOES_ON: Final = re.compile(r"[\u3400-\u9fff\u30a1-\u30fa]")
"""A kanji or katakana right after a word: the word is part of a longer noun (本人確認)."""


def _spellings(actor: str) -> list[tuple[str, bool]]:
    """Ways the text may write ``actor``, each with whether it must end a noun.

    As is; without 等 or a trailing parenthesis; the vocabulary's labels of a national
    system; and for residents, the words of :data:`RESIDENT_WORDS` (only where they are not
    part of a longer noun: ``本人確認情報`` is data, not the resident).
    """
    spellings = [(actor, False)]
    base = re.sub(r"[(（][^()（）]*[)）]\s*$", "", actor).strip()
    for candidate in (base, base.removesuffix("等"), base.removesuffix("など")):
        if candidate and all(candidate != s for s, _ in spellings):
            spellings.append((candidate, False))
    concept = national_system(actor)
    if concept is not None:
        spellings.extend((label, False) for label in concept.labels)
    if actor_kind(actor) is NodeKind.RESIDENT:
        spellings.extend((word, True) for word in RESIDENT_WORDS)
    return spellings


def _occurrences(text: str, actor: str) -> list[tuple[int, int]]:
    """Spans of ``actor`` in ``text`` (all spellings, overlapping ones merged, in order)."""
    spans: list[tuple[int, int]] = []
    for spelling, ends_noun in _spellings(actor):
        pattern = _actor_pattern(spelling)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            after = text[match.end() : match.end() + 1]
            if ends_noun and after not in ("等", "ら") and _NOUN_GOES_ON.match(after):
                continue
            if match.end() > match.start():
                spans.append((match.start(), match.end()))
    spans.sort(key=lambda span: (span[0], -span[1]))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end))
    return merged


def _particle_role(text: str, end: int) -> tuple[Role, int]:
    """The role the particle after an actor ending at ``end`` gives, and where it ends."""
    start = end
    skip = _SKIP_AFTER_ACTOR.match(text, end)
    if skip:
        start = skip.end()
    for particle, role in _PARTICLES:
        if text.startswith(particle, start):
            if role is Role.TARGET and _is_inquiry(text, end):
                return Role.SOURCE, start + len(particle)  # Xに照会する: the answer comes from X
            return role, start + len(particle)
    return Role.NONE, start


def _is_inquiry(text: str, position: int) -> bool:
    """Whether the sentence around ``position`` asks for data (照会, 調査) and sends none."""
    for match in _SENTENCE.finditer(text):
        if match.start() <= position <= match.end():
            sentence = match.group(0)
            return bool(_INQUIRY_VERB.search(sentence)) and not _OUTBOUND_VERB.search(sentence)
    return False


_ADJACENT: Final = 2
"""Most characters between ``X及び`` and the actor it is joined to (``X及びその他のY``)."""
_DEFINITE: Final = frozenset({Role.SOURCE, Role.TARGET, Role.VIA, Role.SUBJECT})


def actor_roles(text: str, actors: Sequence[str]) -> dict[str, Role]:
    """The role of each actor in a step text (see the module docstring for the rules).

    An actor named several times takes the role of its first occurrence that has one; an
    actor the text does not spell out has :attr:`Role.NONE`, one that only qualifies nouns
    (``Xの情報``) :attr:`Role.MODIFIER`. Longer actors win where two overlap
    (``住民記録システム`` is not also ``住民``). In a sentence that asks for data (照会,
    調査 and no verb of sending), ``Xに`` makes X a source: the answer comes from X.

    >>> roles = actor_roles("業務共通システム経由で、滞納管理システムと情報を連携する。",
    ...                     ["滞納管理システム", "業務共通システム"])
    >>> roles["業務共通システム"], roles["滞納管理システム"]
    (<Role.VIA: 'via'>, <Role.TARGET: 'target'>)
    >>> actor_roles("住民・特別徴収事業所が納付した収納情報を受託者から入手する。",
    ...             ["住民", "特別徴収事業所", "受託者"])["住民"]
    <Role.SUBJECT: 'subject'>
    """
    found: list[tuple[int, int, str]] = []
    for actor in sorted(set(actors), key=len, reverse=True):
        for start, end in _occurrences(text, actor):
            if any(s < end and start < e for s, e, _ in found):
                continue
            found.append((start, end, actor))
    found.sort()
    # Coordinated actors take the role of the actor right after them (住民・事業所が).
    resolved: list[tuple[str, Role]] = []
    carried, next_start = Role.NONE, len(text) + _ADJACENT
    for start, end, actor in reversed(found):
        role, particle_end = _particle_role(text, end)
        if role is Role.COORDINATE:
            role = carried if next_start - particle_end <= _ADJACENT else Role.NONE
        resolved.append((actor, role))
        carried, next_start = role, start
    roles: dict[str, Role] = {}
    for actor in actors:
        seen = [role for name, role in reversed(resolved) if name == actor]
        definite = [role for role in seen if role in _DEFINITE]
        if definite:
            roles[actor] = definite[0]
        elif seen and all(role is Role.MODIFIER for role in seen):
            roles[actor] = Role.MODIFIER
        else:
            roles[actor] = Role.NONE
    return roles


@dataclass(frozen=True, kw_only=True)
class StepArrow:
    """One arrow of a step, between actor names (``None`` is the process node)."""

    tail: str | None
    head: str | None


def step_arrows(
    step: FlowStep, context: FlowContext | None = None, *, residents: str = "住民"
) -> list[StepArrow]:
    """The arrows of one step, between its actors and the process node (``None``).

    Actors that denote the assessing body itself (its municipality, ``本市``) are the process
    node. See the module docstring for the rules.

    Args:
        step: the step.
        context: the assessment's own body, systems and contractors.
        residents: the name of the residents' node, for steps that name no actor but receive
            applications or issue documents (those deal with the residents).

    >>> text = "受託者から、住民が納付した収納情報を入手し、収納システムに取り込む。"
    >>> step = FlowStep(no=3, line=1, text=text,
    ...                 actors=("受託者", "住民", "収納システム"))
    >>> [(a.tail, a.head) for a in step_arrows(step)]
    [('受託者', '収納システム'), ('住民', '受託者')]
    >>> [(a.tail, a.head) for a in step_arrows(FlowStep(no=5, text="証明書を発行する。", line=2))]
    [(None, '住民')]
    >>> internal = FlowStep(no=9, text="各システム間で連携する。", line=3)
    >>> [(a.tail, a.head) for a in step_arrows(internal)]
    [(None, None)]
    """
    context = context or FlowContext()
    actor_context = context.actors
    names = [a for a in dict.fromkeys(step.actors) if a.strip()]
    if not names:
        if _RECEIVE_VERB.search(step.text):
            return [StepArrow(tail=residents, head=None)]
        if _ISSUE_VERB.search(step.text):
            return [StepArrow(tail=None, head=residents)]
        return [StepArrow(tail=None, head=None)]
    roles = actor_roles(step.text, names)

    def end(name: str) -> str | None:
        return None if is_own_body(name, actor_context) else name

    by_role: dict[Role, list[str | None]] = {role: [] for role in Role}
    for name in names:
        by_role[roles[name]].append(end(name))
    sources, targets = by_role[Role.SOURCE], by_role[Role.TARGET]
    vias, loose = by_role[Role.VIA], by_role[Role.NONE]
    if not (sources or targets or vias or loose or by_role[Role.SUBJECT]):
        loose = by_role[Role.MODIFIER]  # only qualifiers: they are all the step names
    upstream: list[str | None] = []
    if by_role[Role.SUBJECT]:
        if sources:
            upstream = by_role[Role.SUBJECT]
        else:
            sources = by_role[Role.SUBJECT]
    if not sources and not targets and loose:
        if _INBOUND_VERB.search(step.text):
            sources, loose = loose, []
        else:
            targets, loose = loose, []
    process: list[str | None] = [None]
    if not sources:
        sources, loose = (loose, []) if loose else (process, loose)
    if not targets:
        targets, loose = (loose, []) if loose else (process, loose)
    pairs: list[tuple[str | None, str | None]] = []
    for source in sources:
        for target in targets:
            path = [source, *vias, target]
            segments = [(a, b) for a, b in pairwise(path) if a != b]
            if not segments and source == target:
                segments = [(source, target)]
            pairs.extend(segments)
    pairs.extend((u, s) for u in upstream for s in sources if u != s)
    unique = list(dict.fromkeys(pairs))
    return [StepArrow(tail=tail, head=head) for tail, head in unique]


def carries_specific_information(step: FlowStep) -> bool:
    """Whether a step is a flow of 特定個人情報 (drawn solid; see the module docstring).

    >>> carries_specific_information(FlowStep(no=1, text="個人番号を含むデータを送る。", line=1))
    True
    >>> carries_specific_information(FlowStep(no=2, text="申請(個人番号を含まない)", line=1))
    False
    >>> carries_specific_information(FlowStep(no=3, text="符号を取得する。", line=1,
    ...                                       actors=("情報提供ネットワークシステム",)))
    True
    """
    words = " ".join((step.text, *step.data))
    if _NEGATIVE.search(words):
        return False
    if _POSITIVE.search(words):
        return True
    for actor in step.actors:
        concept = national_system(actor)
        if concept is not None and concept.key in MY_NUMBER_SYSTEMS:
            return True
    return False


_HEADING: Final = re.compile(r"^([^\s、。]{1,10})[\s\u3000]+[・･]")
"""A short heading before the bulleted explanation of a step: ``届出 ・…``."""
_CLAUSE_END: Final = re.compile(r"[、。]|した|された|する|される|ない|ている|った|じた|ける")


def step_label(step: FlowStep, *, limit: int = 20) -> str:
    """The arrow label of a step: its circled number and a short name of its data.

    The heading the step text starts with, when it has one (``届出 ・…``: the 別添1 names its
    arrows so); else the data the step moves, when extraction found it; else the object of its
    first verb (the words before the first ``を``, from the last clause boundary on). Cut to
    ``limit`` characters.

    >>> text = "個人市民税システムから連携された賦課決定・更正情報を取りこむ。"
    >>> step_label(FlowStep(no=1, text=text, line=1))
    '① 賦課決定・更正情報'
    >>> step_label(FlowStep(no=2, text="届出 ・被保険者の届出を受理する。", data=("届出",), line=1))
    '② 届出'
    >>> step_label(FlowStep(no=8, text="照会・回答 ・端末で確認する。", line=1))
    '⑧ 照会・回答'
    >>> step_label(FlowStep(no=3, text="x", data=("収納情報", "口座情報"), line=1))
    '③ 収納情報・口座情報'
    """
    number = circled_number(step.no)
    text = _STEP_MARK.sub("", step.text).strip()
    heading = _HEADING.match(text)
    if heading:
        return f"{number} {heading.group(1)}"
    if step.data:
        return f"{number} {shorten('・'.join(step.data), limit)}"
    first = re.split(r"。", text, maxsplit=1)[0]
    if "を" in first:
        phrase = first.split("を", 1)[0]
        boundaries = list(_CLAUSE_END.finditer(phrase))
        if boundaries:
            phrase = phrase[boundaries[-1].end() :]
        phrase = phrase.strip(" 、")
        if phrase:
            return f"{number} {shorten(phrase, limit)}"
    return f"{number} {shorten(first, 12)}" if first else number


# --- the diagram --------------------------------------------------------------------------------


def _actor_node(name: str, context: FlowContext) -> DiagramNode:
    kind = actor_kind(name, context.actors)
    if kind is NodeKind.NATIONAL_SYSTEM:
        concept = national_system(name)
        if concept is not None:
            return DiagramNode(
                id=dot_id("national", concept.key),
                label=concept.pref_label,
                kind=kind,
                tooltip=name,
            )
    # Residents and businesses stand in one column on the left, other agencies in one on the
    # right, as in the hand-drawn 別添1.
    group = group_of(kind)
    rank = group.value if group in (Group.PEOPLE, Group.AGENCY) else ""
    return DiagramNode(id=dot_id(kind.value, label_key(name)), label=name, kind=kind, rank=rank)


def _nodes(names: Iterable[str | None], context: FlowContext) -> dict[str | None, DiagramNode]:
    """One node per actor name (``None``: the process node); spellings of one actor share it."""
    process = DiagramNode(
        id=PROCESS_ID,
        label=context.process_label,
        kind=NodeKind.PROCESS,
        tooltip=context.process_name or "",
    )
    nodes: dict[str | None, DiagramNode] = {None: process}
    by_id: dict[str, DiagramNode] = {PROCESS_ID: process}
    for name in names:
        if name is None or name in nodes:
            continue
        if is_own_body(name, context.actors):
            nodes[name] = process
            continue
        node = _actor_node(name, context)
        nodes[name] = by_id.setdefault(node.id, node)
    return nodes


def flow_caption(context: FlowContext) -> str:
    """The caption: title, ``(別添1) 事務の内容`` and the publication date.

    >>> flow_caption(FlowContext(title="○○に関する事務 全項目評価書", published="令和7年1月1日"))
    '○○に関する事務 全項目評価書 (別添1) 事務の内容 ― 令和7年1月1日'
    >>> flow_caption(FlowContext(source_id="x.txt"))
    'x.txt (別添1) 事務の内容'
    """
    head = context.title or context.source_id or "評価書"
    caption = f"{head} (別添1) 事務の内容"
    return f"{caption} ― {context.published}" if context.published else caption


def flow_steps_to_diagram(
    steps: Sequence[FlowStep], *, context: FlowContext | None = None
) -> Diagram:
    """The 別添1 flow view of ``steps`` as a :class:`~viz.diagram.Diagram`.

    Args:
        steps: the 別添1 steps of one assessment, in any order (drawn by number).
        context: the assessment's municipality, department, systems, contractors and title.

    Raises:
        EmptyViewError: when there are no steps.
    """
    context = context or FlowContext()
    if not steps:
        raise EmptyViewError(
            f"{context.title or context.source_id or 'the assessment'} has no 別添1 flow steps"
        )
    ordered = sorted(steps, key=lambda s: (s.no, s.line))
    residents = next(
        (
            name
            for step in ordered
            for name in step.actors
            if actor_kind(name, context.actors) is NodeKind.RESIDENT
        ),
        "住民",
    )
    arrows = [step_arrows(step, context, residents=residents) for step in ordered]
    nodes = _nodes(
        (end for a in arrows for arrow in a for end in (arrow.tail, arrow.head)), context
    )
    edges: list[DiagramEdge] = []
    internal: list[DiagramNode] = []
    for position, step in enumerate(ordered):
        kind = "specific" if carries_specific_information(step) else "other"
        label = step_label(step)
        if [(a.tail, a.head) for a in arrows[position]] == [(None, None)]:
            # Work inside the process (消込, 庁内の連携): a task node beside the process node
            # rather than a loop, whose labels would pile up on each other.
            task = DiagramNode(
                id=f"step/{step.no}/{position}",
                label=label,
                kind=NodeKind.NOTE,
                group=Group.MUNICIPALITY,
                tooltip=step.text,
            )
            internal.append(task)
            edges.append(
                DiagramEdge(
                    tail=PROCESS_ID,
                    head=task.id,
                    kind=kind,
                    arrow=False,
                    order=(step.no, position, 0),
                    tooltip=step.text,
                )
            )
            continue
        for i, arrow in enumerate(arrows[position]):
            edges.append(
                DiagramEdge(
                    tail=nodes[arrow.tail].id,
                    head=nodes[arrow.head].id,
                    label=label if i == 0 else circled_number(step.no),
                    kind=kind,
                    order=(step.no, position, i),
                    tooltip=step.text,
                )
            )
    drawn = {node.id: node for node in (*nodes.values(), *internal)}
    legend = tuple(LegendEntry(kind=k, text=EDGE_KIND_LABELS[k]) for k in ("specific", "other"))
    name = "flow" + (f"/{context.source_id}" if context.source_id else "")
    return Diagram(
        name=name,
        caption=flow_caption(context),
        nodes=tuple(drawn.values()),
        edges=tuple(edges),
        cluster_labels=((Group.MUNICIPALITY, context.box_label),),
        legend=legend,
    )


def flow_steps_to_dot(
    steps: Sequence[FlowStep], *, context: FlowContext | None = None
) -> graphviz.Digraph:
    """The 別添1 flow view of ``steps``, as Graphviz (see :func:`flow_steps_to_diagram`).

    Raises:
        EmptyViewError: when there are no steps.
    """
    return diagram_to_dot(flow_steps_to_diagram(steps, context=context))
