"""The 別添1 flow view: an assessment's numbered steps as arrows between its actors.

An assessment's 別添1 (事務の内容) is a diagram of who sends what to whom, with numbered arrows
①②③ explained in its 備考. Extraction gives each step as a :class:`~ingest.records.FlowStep`
(its text, the actors it names, the data it moves); this module draws them back.

**Nodes and clusters.** Every actor becomes one node, placed by :func:`viz.actor.actor_kind`:
the municipality (and the department doing the process, drawn as the *process node*) with its own
systems inside a box named for the municipality; national systems beside it; other agencies;
residents and businesses; contractors.

**Which way a step goes** (:func:`step_arrows`) is read clause by clause: the step text is cut
at sentence ends and at the commas after a verb's continuative form (``入手し、`` ``行い、``),
and in each clause from the particle that follows each actor, after skipping ``等``/``など``
and a parenthesis:

====================================  =====================================================
``Xから`` ``Xより`` ``Xにて``         X is a source (``にて``: the data is read from X)
``Xに`` ``Xへ`` ``Xに対し`` ``Xと``   X is a target; in a clause that asks for data (照会,
                                      調査 and no verb of sending) X is *asked*: the arrow
                                      runs to X with two heads (the answer comes back)
``X経由`` ``Xを介して`` ``Xを通じて`` X is a relay: arrows run source → X → target
``Xが`` ``Xは``                       X is the subject: a source, or, when the step also names
                                      a ``から`` source, the one who sent to that source
``X及び`` ``X、`` ``X・`` ``Xや``     X shares the role of the actor after it
====================================  =====================================================

An actor whose role the clause does not show is a source when no source is named (or a target
when no target is named); when the clause shows no role at all, the verb decides (受理, 入手,
取得, 取り込む, 照会 … bring data *in*: the actors are sources; otherwise they are targets).
The process node fills an end the text leaves open, so a clause naming one actor is an arrow
between that actor and the municipality's process node, in the direction the text says. Then:

- a clause that only takes in (``Xから…を入手し、``) and the next one that only passes on
  without an object of its own (``Yに取り込む``) make one arrow X → Y;
- a clause that sends back (``…を逆連携する``) reverses the arrows of the clause before it;
- a relay that no later clause completes leads back to the actor the clause before it dealt
  with (``住民等から取得した…を登録し、金融機関経由で還付金を振り込む``: → 金融機関 → 住民等);
- ``Xより、Yの情報を照会する``: the information of agency Y comes through X (Y → X);
- a clause of exchange (授受, やり取り, 照会・回答) draws its arrows with two heads.

A step naming no actor at all deals with the residents when it receives applications (受理,
受付, 受領 …: residents → process; two-way when it also answers: ``受領し、結果を通知する``) or
issues documents (発行, 交付, 通知, 送付 …: process → residents), and is otherwise work inside
the municipality (消込, 各システム間で連携, 各種データの授受): it is drawn as a task node in the
municipality's box, labelled with the step, and an arrow numbered like every step runs to it
from the process node. Each (source, target) pair of a step is one arrow; every arrow carries
the step's number and, once per step, the data of its clause.

**Solid, dashed or dotted** (:func:`carries_specific_information`): a step is a flow of
特定個人情報 (solid) or not (dashed) as :attr:`~ingest.records.FlowStep.personal_number` says —
extraction reads it from a 別添1 legend, the change history and the step's own words
(:func:`ingest.extractors.flow.step_personal_number`: 個人番号を含む / を含まない, a system of
:data:`MY_NUMBER_SYSTEMS`). A step the text says nothing about is drawn dotted grey, and the
legend then has a third line, ``特定個人情報か記載なし``.

>>> steps = (FlowStep(no=1, text="届出を受理する。", actors=("住民",), line=1),
...          FlowStep(no=2, text="個人番号を含む届書を日本年金機構へ送付する。",
...                   actors=("日本年金機構",), data=("届書",), line=2),
...          FlowStep(no=3, text="督促状を発送する。", personal_number=False, line=3))
>>> d = flow_steps_to_diagram(steps, context=FlowContext(municipality="○○市", department="○○課"))
>>> for e in d.edges:
...     print(d.node(e.tail).label, d.node(e.head).label, e.label, e.kind)
住民 ○○課 ① 届出 unknown
○○課 日本年金機構 ② 届書 specific
○○課 住民 ③ 督促状 other
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import pairwise
from typing import Final

import graphviz

from ingest.extractors.flow import MY_NUMBER_SYSTEMS, step_personal_number
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
from viz.diagram import (
    DEFAULT_CLUSTER_CAP,
    Diagram,
    DiagramEdge,
    DiagramNode,
    LegendEntry,
    cap_diagram,
    dot_id,
)
from viz.errors import EmptyViewError
from viz.render import diagram_to_dot
from viz.style import EDGE_KIND_LABELS, circled_number, shorten

__all__ = [
    "FLOW_KINDS",
    "MY_NUMBER_SYSTEMS",
    "TASK_LABEL_LIMIT",
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
    "task_label",
]

PROCESS_ID: Final = "process"
"""Node id of the municipality's process node."""


class Role(StrEnum):
    """The part an actor plays in a step, read from the particle after it."""

    SOURCE = "source"
    TARGET = "target"
    VIA = "via"
    SUBJECT = "subject"
    ASKED = "asked"
    """Asked for data (``Xに照会する``, ``Xに対し調査を行う``): the question goes to X and
    the answer comes back, a two-way arrow to X."""
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
                return Role.ASKED, start + len(particle)  # Xに照会する: asked, X answers
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
_DEFINITE: Final = frozenset({Role.SOURCE, Role.TARGET, Role.VIA, Role.SUBJECT, Role.ASKED})


def actor_roles(text: str, actors: Sequence[str]) -> dict[str, Role]:
    """The role of each actor in a step text (see the module docstring for the rules).

    An actor named several times takes the role of its first occurrence that has one; an
    actor the text does not spell out has :attr:`Role.NONE`, one that only qualifies nouns
    (``Xの情報``) :attr:`Role.MODIFIER`. Longer actors win where two overlap
    (``住民記録システム`` is not also ``住民``). In a sentence that asks for data (照会,
    調査 and no verb of sending), ``Xに`` makes X :attr:`Role.ASKED`: the question goes to X
    and its answer comes back.

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
    """One arrow of a step, between actor names (``None`` is the process node).

    Attributes:
        tail: where the data leaves (``None``: the process node).
        head: where it goes (``None``: the process node).
        both: a two-way exchange (``Xに照会する``, 授受, 照会・回答): drawn with two heads.
        data: what the arrow carries, as the clause of the step that draws it names it (the
            data the step moves there, else the object of its verb); empty when not said.
    """

    tail: str | None
    head: str | None
    both: bool = False
    data: str = ""


_CLAUSE_BREAK: Final = re.compile(r"。|(?:(?<=[しいきちみびえけせてれ後])|(?<=[^よ]り))、")
"""Where a step divides into clauses: a sentence end, or a comma after the continuative form
of a verb (``入手し、`` ``行い、`` ``基づき、``) or after ``後`` (not after the particle
``より、``)."""
_TWO_WAY: Final = re.compile(r"授受|やり取り|やりとり|送受信|照会・回答|照会及び回答|相互")
"""Words of an exchange both ways: the clause's arrows get two heads."""
_REVERSE: Final = re.compile(r"逆連携|逆送|返送|返却")
"""A clause that sends back what the clause before it sent (``口座情報を逆連携する``)."""
_ORIGIN_DATA: Final = re.compile(r"[^、。をにへ]{0,8}?(?:情報|データ|ファイル)")
"""The data of ``Xの情報`` right after ``の``: X is where the information comes from."""
_OBJECT_END: Final = re.compile(
    r"[、。]|した|された|する|される|ない|ている|った|じた|ける|に対し(?:て)?|について|などの"
    r"|経由で|から|より|にて|へ|で(?!き)|に(?!関|係|よ|対|つ|お|基|応)"
)


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    sentence: int
    arrows: list[StepArrow] = field(default_factory=list)


def _clauses(text: str) -> list[_Clause]:
    """The clauses of a step text (see :data:`_CLAUSE_BREAK`), with their sentence."""
    clauses: list[_Clause] = []
    start, sentence = 0, 0
    for match in _CLAUSE_BREAK.finditer(text):
        if text[start : match.end()].strip(" 、。"):
            clauses.append(_Clause(start, match.end(), sentence))
        if match.group(0) == "。":
            sentence += 1
        start = match.end()
    if text[start:].strip(" 、。"):
        clauses.append(_Clause(start, len(text), sentence))
    return clauses


def _object_phrase(text: str) -> str:
    """The object of the first verb of a clause: the words before ``を`` (not ``を含む``).

    >>> _object_phrase("滞納者の実態調査を国税庁・市区町村等に対し")
    '滞納者の実態調査'
    >>> _object_phrase("OCR、地方税共通納税などの消込処理を行う。")
    '消込処理'
    """
    found = re.search(r"を(?!含)", text)
    if found is None:
        return ""
    phrase = text[: found.start()]
    boundaries = list(_OBJECT_END.finditer(phrase))
    if boundaries:
        phrase = phrase[boundaries[-1].end() :]
    return phrase.strip(" 、・")


def _clause_arrows(
    text: str,
    names: Sequence[str],
    context: FlowContext,
    *,
    unseen: Sequence[str] = (),
    promote: bool = False,
    last_in_sentence: bool = True,
    partner: str | None = None,
) -> list[StepArrow] | None:
    """The arrows of one clause between the actors it names (see the module docstring).

    Args:
        text: the clause.
        names: the step's actors (those the clause does not spell are left out).
        context: the assessment's own body, systems and contractors.
        unseen: actors of the step its text does not spell (a drawing's labels): they take
            part without a role.
        promote: let actors that only qualify nouns (``Xの情報``) be ends, when nothing else
            in the step is.
        last_in_sentence: whether a later clause of the sentence could complete this one.
        partner: the actor the clause before it in the sentence dealt with: where a relay
            that no later clause completes leads (``Xから取得した…を登録し、Y経由で振り込む``:
            through Y back to X).

    Returns:
        The arrows (empty when the clause names no end), or None when the clause names only
        a relay (``X経由で、``) that the next clause of its sentence completes.
    """
    actor_context = context.actors
    present = [name for name in names if _occurrences(text, name)]
    roles = actor_roles(text, present)

    def end(name: str) -> str | None:
        return None if is_own_body(name, actor_context) else name

    by_role: dict[Role, list[str | None]] = {role: [] for role in Role}
    for name in present:
        by_role[roles[name]].append(end(name))
    sources, targets, asked = by_role[Role.SOURCE], by_role[Role.TARGET], by_role[Role.ASKED]
    vias, subjects = by_role[Role.VIA], by_role[Role.SUBJECT]
    loose = by_role[Role.NONE] + [end(name) for name in unseen]
    if vias and not (sources or targets or asked or subjects or loose):
        if not last_in_sentence:
            return None
        if partner is not None:
            targets = [end(partner)]  # …を登録し、X経由で振り込む: back to the one it came from
        else:
            targets, vias = vias, []  # X経由で送る: the clause ends at the relay
    if promote and not (sources or targets or asked or vias or subjects or loose):
        loose = by_role[Role.MODIFIER]  # only qualifiers: they are all the step names
    if not (sources or targets or asked or vias or subjects or loose):
        return []
    upstream: list[str | None] = []
    if subjects:
        if sources:
            upstream = subjects
        else:
            sources = subjects
    if not sources and not targets and not asked and loose:
        if _INBOUND_VERB.search(text):
            sources, loose = loose, []
        else:
            targets, loose = loose, []
    process: list[str | None] = [None]
    if not sources:
        sources, loose = (loose, []) if loose else (process, loose)
    if not targets and not asked:
        targets, loose = (loose, []) if loose else (process, loose)
    ends = [(target, False) for target in targets] + [(target, True) for target in asked]
    pairs: list[tuple[str | None, str | None, bool]] = []
    for source in sources:
        for target, both in ends:
            path = [source, *vias, target]
            segments = [(a, b) for a, b in pairwise(path) if a != b]
            if not segments and source == target:
                segments = [(source, target)]
            pairs.extend((a, b, both) for a, b in segments)
    pairs.extend((u, s, False) for u in upstream for s in sources if u != s)
    # Xより、Yの情報を照会する: the information of Y comes through X.
    relays = [s for s in sources if s is not None]
    for name in present:
        if roles[name] is not Role.MODIFIER or actor_kind(name, actor_context) in (
            NodeKind.RESIDENT,
            NodeKind.PROCESS,
        ):
            continue
        if any(
            text.startswith("の", stop) and _ORIGIN_DATA.match(text, stop + 1)
            for _start, stop in _occurrences(text, name)
        ):
            pairs.extend((end(name), relay, False) for relay in relays if relay != end(name))
    two_way = bool(_TWO_WAY.search(text))
    return [
        StepArrow(tail=tail, head=head, both=both or two_way)
        for tail, head, both in dict.fromkeys(pairs)
    ]


def _actorless_arrow(step: FlowStep, residents: str) -> StepArrow:
    """The arrow of a step that names no actor (see the module docstring)."""
    two_way = bool(_TWO_WAY.search(step.text))
    issues = bool(_ISSUE_VERB.search(step.text))
    if _RECEIVE_VERB.search(step.text):
        return StepArrow(tail=residents, head=None, both=issues or two_way)
    if issues:
        return StepArrow(tail=None, head=residents, both=two_way)
    return StepArrow(tail=None, head=None, both=two_way)


def _named_data(span: str, data: Sequence[str]) -> list[str]:
    """The step's data that a clause names, in the order it names them (``還付金`` is not named
    inside ``還付金請求書``)."""
    found: list[tuple[int, str]] = []
    for phrase in data:
        for match in re.finditer(re.escape(phrase), span) if phrase else ():
            if not _NOUN_GOES_ON.match(span, match.end()):
                found.append((match.start(), phrase))
                break
    return [phrase for _position, phrase in sorted(found)]


def _clauses_to_arrows(step: FlowStep, clauses: list[_Clause]) -> list[StepArrow]:
    """The arrows of a step from its clauses: joined, sent back, labelled with their data.

    A clause that only takes in (``Xから…入手し、``) and the clause after it that only passes
    on without an object of its own (``Yに取り込む``) make one arrow X → Y; a clause that sends
    back (``逆連携``) reverses the arrows of the clause before it. Each arrow carries the data
    its clause names (else the object of its verb), else the data of the clauses before it in the
    sentence that drew no arrow (``決算資料を確認し、会計部門へ提示する``).
    """
    text = step.text
    waiting: list[str] = []
    sentence = -1
    drawn: list[StepArrow] = []
    previous: _Clause | None = None
    for clause in clauses:
        if clause.sentence != sentence:
            waiting, sentence, previous = [], clause.sentence, None
        span = text[clause.start : clause.end]
        own = _named_data(span, step.data)
        said = "・".join(own) or _object_phrase(span)  # what the clause itself names
        arrows = clause.arrows
        if not arrows and previous is not None and _REVERSE.search(span):
            arrows = [StepArrow(tail=a.head, head=a.tail) for a in previous.arrows]
        if not arrows:
            if said:
                waiting.append(said)
            continue
        data = said or "・".join(waiting)
        waiting = []
        if (
            previous is not None
            and "を" not in span
            and all(a.tail is None and not a.both for a in arrows)
            and any(a.head is None and not a.both for a in previous.arrows)
        ):
            # Xから入手し、Yに取り込む: one arrow X → Y.
            joined = [
                StepArrow(tail=a.tail, head=b.head, data=a.data)
                for a in previous.arrows
                if a.head is None and not a.both
                for b in arrows
            ]
            first = drawn.index(next(a for a in previous.arrows if a in drawn))
            kept = [a for a in previous.arrows if not (a.head is None and not a.both)]
            drawn[first : first + len(previous.arrows)] = [*joined, *kept]
            previous = _Clause(clause.start, clause.end, clause.sentence, [*joined, *kept])
            continue
        arrows = [replace(a, data=data if not a.data else a.data) for a in arrows]
        drawn.extend(arrows)
        previous = _Clause(clause.start, clause.end, clause.sentence, arrows)
    unique: dict[tuple[str | None, str | None], StepArrow] = {}
    for arrow in drawn:
        key = (arrow.tail, arrow.head)
        if key in unique:
            unique[key] = replace(unique[key], both=unique[key].both or arrow.both)
        else:
            unique[key] = arrow
    return list(unique.values())


def step_arrows(
    step: FlowStep, context: FlowContext | None = None, *, residents: str = "住民"
) -> list[StepArrow]:
    """The arrows of one step, between its actors and the process node (``None``).

    The step is read clause by clause (see the module docstring); actors that denote the
    assessing body itself (its municipality, ``本市``) are the process node.

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
    >>> ask = FlowStep(no=12, text="実態調査を国税庁に対し行う。", actors=("国税庁",), line=4)
    >>> [(a.tail, a.head, a.both) for a in step_arrows(ask)]
    [(None, '国税庁', True)]
    """
    context = context or FlowContext()
    names = [a for a in dict.fromkeys(step.actors) if a.strip()]
    if not names:
        return [_actorless_arrow(step, residents)]
    spelled = [name for name in names if _occurrences(step.text, name)]
    unseen = [name for name in names if name not in spelled]
    clauses = _clauses(step.text) or [_Clause(0, len(step.text), 0)]
    host = next(
        (
            i
            for i, c in enumerate(clauses)
            if any(_occurrences(step.text[c.start : c.end], name) for name in spelled)
        ),
        0,
    )
    for promote in (False, True):
        read: list[_Clause] = []
        pending: int | None = None
        extra: Sequence[str] = ()
        for index, clause in enumerate(clauses):
            start = clause.start if pending is None else pending
            if index == host:
                extra = unseen
            following = clauses[index + 1] if index + 1 < len(clauses) else None
            before = next((c for c in reversed(read) if c.arrows), None)
            partner = None
            if before is not None and before.sentence == clause.sentence:
                first = before.arrows[0]
                partner = first.tail if first.tail is not None else first.head
            arrows = _clause_arrows(
                step.text[start : clause.end],
                spelled,
                context,
                unseen=extra,
                promote=promote,
                last_in_sentence=following is None or following.sentence != clause.sentence,
                partner=partner,
            )
            if arrows is None:
                pending = start
                continue
            if arrows:
                extra = ()
            pending = None
            read.append(_Clause(start, clause.end, clause.sentence, arrows))
        if any(clause.arrows for clause in read):
            arrows = _clauses_to_arrows(step, read)
            if not any(a.data for a in arrows) and step.data:
                arrows[0] = replace(arrows[0], data="・".join(step.data))
            return arrows
    return [StepArrow(tail=None, head=None)]


def carries_specific_information(step: FlowStep) -> bool | None:
    """Whether a step is a flow of 特定個人情報: solid (True), dashed (False), or unknown (None).

    :attr:`~ingest.records.FlowStep.personal_number` when extraction set it; else what the
    step's own words say (:func:`ingest.extractors.flow.step_personal_number`); else None.

    >>> carries_specific_information(FlowStep(no=1, text="個人番号を含むデータを送る。", line=1))
    True
    >>> carries_specific_information(FlowStep(no=2, text="申請(個人番号を含まない)", line=1))
    False
    >>> carries_specific_information(FlowStep(no=3, text="符号を取得する。", line=1,
    ...                                       actors=("情報提供ネットワークシステム",)))
    True
    >>> carries_specific_information(FlowStep(no=4, text="督促状を送付する。", line=1)) is None
    True
    >>> carries_specific_information(FlowStep(no=5, text="督促状", personal_number=False, line=1))
    False
    """
    if step.personal_number is not None:
        return step.personal_number
    return step_personal_number(step.text, step.data, step.actors)


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


TASK_LABEL_LIMIT: Final = 36
"""Characters of a step's first sentence shown in its task node (at most four wrapped lines)."""
_LEADING_CLAUSE: Final = re.compile(r"[^。]*?(?:ため|場合は|場合|際は|際)、")
"""A clause of purpose or condition that a task label too long for its node drops."""


def task_label(step: FlowStep, *, limit: int = TASK_LABEL_LIMIT) -> str:
    """The label of a task node: the step's number and what it does (its heading, or its first
    sentence cut to ``limit`` characters).

    >>> task_label(FlowStep(no=10, text="収納事務において、各システム間で連携を行う。", line=1))
    '⑩ 収納事務において、各システム間で連携を行う'
    >>> task_label(FlowStep(no=20, text="各種データの授受。", line=1))
    '⑳ 各種データの授受'
    >>> task_label(FlowStep(no=9, text="収納・滞納事務において個人番号の検索、画面表示などを"
    ...                                 "行うため、各システム間で連携を行う。", line=1))
    '⑨ 各システム間で連携を行う'
    """
    text = _STEP_MARK.sub("", step.text).strip()
    heading = _HEADING.match(text)
    if heading:
        return f"{circled_number(step.no)} {heading.group(1)}"
    first = text.split("。", 1)[0].strip()
    while len(first) > limit and (lead := _LEADING_CLAUSE.match(first)):
        first = first[lead.end() :]  # …を行うため、各システム間で連携を行う: the action stays
    return f"{circled_number(step.no)} {shorten(first, limit)}" if first else step_label(step)


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


FLOW_KINDS: Final = {True: "specific", False: "other", None: "unknown"}
"""The line style key of a step (:data:`viz.style.EDGE_KIND_ATTRS`) by
:func:`carries_specific_information`: solid, dashed, dotted grey."""


def _arrow_labels(step: FlowStep, arrows: Sequence[StepArrow]) -> list[str]:
    """The labels of a step's arrows: each names its data once; the first arrow at least the
    step (its heading, or :func:`step_label`), the others at least its number."""
    number = circled_number(step.no)
    heading = _HEADING.match(_STEP_MARK.sub("", step.text).strip())
    labels: list[str] = []
    seen: set[str] = set()
    for i, arrow in enumerate(arrows):
        if heading:
            labels.append(f"{number} {heading.group(1)}" if i == 0 else number)
            continue
        data = arrow.data.strip()
        if data and data not in seen:
            seen.add(data)
            labels.append(f"{number} {shorten(data, 20)}")
        elif i == 0:
            labels.append(step_label(step))
        else:
            labels.append(number)
    return labels


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
    steps: Sequence[FlowStep],
    *,
    context: FlowContext | None = None,
    per_cluster: int = DEFAULT_CLUSTER_CAP,
) -> Diagram:
    """The 別添1 flow view of ``steps`` as a :class:`~viz.diagram.Diagram`.

    Args:
        steps: the 別添1 steps of one assessment, in any order (drawn by number).
        context: the assessment's municipality, department, systems, contractors and title.
        per_cluster: the most nodes a cluster shows; a flow that names more actors of one
            kind than that (never seen in a real 別添1) folds the least connected into a note
            ``ほか N 件`` (:func:`viz.diagram.cap_diagram`).

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
    kinds: set[str] = set()
    for position, step in enumerate(ordered):
        kind = FLOW_KINDS[carries_specific_information(step)]
        kinds.add(kind)
        number = circled_number(step.no)
        if [(a.tail, a.head) for a in arrows[position]] == [(None, None)]:
            # Work inside the process (消込, 庁内の連携, 授受 with systems the text does not
            # name): an arrow to a task node beside the process node rather than a loop, whose
            # labels would pile up on each other.
            task = DiagramNode(
                id=f"step/{step.no}/{position}",
                label=task_label(step),
                kind=NodeKind.NOTE,
                group=Group.MUNICIPALITY,
                tooltip=step.text,
            )
            internal.append(task)
            edges.append(
                DiagramEdge(
                    tail=PROCESS_ID,
                    head=task.id,
                    label=number,
                    kind=kind,
                    both=arrows[position][0].both,
                    order=(step.no, position, 0),
                    tooltip=step.text,
                )
            )
            continue
        for i, (arrow, label) in enumerate(
            zip(arrows[position], _arrow_labels(step, arrows[position]), strict=True)
        ):
            edges.append(
                DiagramEdge(
                    tail=nodes[arrow.tail].id,
                    head=nodes[arrow.head].id,
                    label=label,
                    kind=kind,
                    both=arrow.both,
                    order=(step.no, position, i),
                    tooltip=step.text,
                )
            )
    drawn = {node.id: node for node in (*nodes.values(), *internal)}
    shown = ("specific", "other", *(["unknown"] if "unknown" in kinds else []))
    legend = tuple(LegendEntry(kind=k, text=EDGE_KIND_LABELS[k]) for k in shown)
    name = "flow" + (f"/{context.source_id}" if context.source_id else "")
    diagram = Diagram(
        name=name,
        caption=flow_caption(context),
        nodes=tuple(drawn.values()),
        edges=tuple(edges),
        cluster_labels=((Group.MUNICIPALITY, context.box_label),),
        legend=legend,
    )
    return cap_diagram(diagram, per_cluster=per_cluster)


def flow_steps_to_dot(
    steps: Sequence[FlowStep], *, context: FlowContext | None = None
) -> graphviz.Digraph:
    """The 別添1 flow view of ``steps``, as Graphviz (see :func:`flow_steps_to_diagram`).

    Raises:
        EmptyViewError: when there are no steps.
    """
    return diagram_to_dot(flow_steps_to_diagram(steps, context=context))
