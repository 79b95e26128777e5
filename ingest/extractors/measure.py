"""Ⅳ その他のリスク対策 (監査, 従業者に対する教育・啓発, その他のリスク対策), and the reading of
ratings, measures and platforms that Ⅲ shares.

Each rated item of Ⅳ becomes a :class:`~ingest.records.Risk` whose ``section`` is the Ⅳ item
(``監査``, ``従業者に対する教育・啓発``, ``その他のリスク対策``) and whose ``rating`` is the
canonical rating label of the lexicon (``十分に行っている`` → ``十分である``). The 重点項目評価書
prints the same items as Ⅲ 8–10 (its 監査 is a checkbox list of the audits done, not a
rating).

PDF-layout text prints a selected value away from its label (``十分に行っている`` on a line of
its own above the next label). Values are therefore paired with labels by position: a value on
a label's line is that label's; any other value goes to the nearest label before it that has no
value yet, else to the nearest one after it (:func:`pair_values`).

>>> selection_in("[ 十分に行っている ] <選択肢> 1) 特に力を入れて行っている 2) 十分に行っている",
...              AUDIT_CHOICES)
'十分に行っている'
>>> selection_in("1) 特に力を入れて行っている 2) 十分に行っている", AUDIT_CHOICES) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from types import MappingProxyType

from rapidfuzz.distance import Levenshtein

from ingest.checkbox import TokenKind, line_to_tokens, tokens_to_grid
from ingest.extractors.base import Extraction, ExtractionContext, issue
from ingest.field import drop_choice_list, flatten
from ingest.form import SectionKind
from ingest.label import Label, match_label, split_numeral
from ingest.normalize import CHOICE_MARKER
from ingest.records import Issue, IssueCode, Risk
from ingest.section import Section
from ontology.lexicon import concept_by_key, national_system, rating

# --- choices and selections -------------------------------------------------------------------

_RATING_KEYS = ("special-effort", "sufficient", "issues-remain")
"""The risk-rating concepts in the order the form lists them."""


@cache
def _rating_labels() -> tuple[tuple[str, ...], tuple[str, ...]]:
    risk: list[str] = []
    audit: list[str] = []
    for key in _RATING_KEYS:
        concept = concept_by_key("risk-ratings", key)
        if concept is None:  # pragma: no cover - the vocabulary is pinned by its tests
            raise LookupError(f"risk-ratings has no concept {key!r}")
        risk.append(concept.pref_label)
        audit += [
            label for label in concept.alt_labels if label.endswith(("行っている", "行っていない"))
        ]
    return tuple(risk), tuple(audit)


RISK_CHOICES: tuple[str, ...] = _rating_labels()[0]
"""The choices of リスクへの対策は十分か (Ⅲ): 特に力を入れている, 十分である, 課題が残されている."""
AUDIT_CHOICES: tuple[str, ...] = _rating_labels()[1]
"""The choices of the rated items of Ⅳ (特に力を入れて行っている, 十分に行っている,
十分に行っていない)."""

_SQUEEZE = re.compile(r"[\s\u3000]+")
_MARKERS = re.compile(r"[<＜〈《【\[(（く]?選択[肢限枝][>＞〉》】\])）プ]?")
_BRACKETS = frozenset("[]［］「」【】()（）<>＜＞〈〉")
_OPTION_REMNANT = re.compile(r"[0-9「」]?[)）][^\[\]【】「」<>]*")


def selection_in(text: str, choices: Sequence[str]) -> str | None:
    """The choice selected in ``text`` (a line or a cell), or None.

    A selection is a choice written alone or in brackets (``[ 十分である ]``, ``]十分である[``,
    a bare ``十分である`` line); a choice after an option number (``2) 十分である``) is the list of
    choices, not a selection. Text with anything else besides brackets is no selection (prose
    that happens to contain the words).

    >>> selection_in("]十分である[", RISK_CHOICES)
    '十分である'
    >>> selection_in("【選択肢> 「)特に力を入れている 2)十分である", RISK_CHOICES) is None
    True
    """
    return _selection(text, choices, "")


def _selection(text: str, choices: Sequence[str], label: str) -> str | None:
    squeezed = _SQUEEZE.sub("", text)
    if label and squeezed.startswith(label):
        squeezed = squeezed[len(label) :]
    squeezed = _MARKERS.sub("", squeezed)
    found: str | None = None
    rest = squeezed
    for choice in sorted(choices, key=len, reverse=True):
        position = rest.find(choice)
        while position >= 0:
            before = rest[position - 1] if position else ""
            is_option = bool(before) and (before in ")）" or before.isdigit())
            if not is_option and found is None:
                found = choice
            if is_option:
                # Drop the option number and the option itself.
                start = position - 1
                while start > 0 and rest[start - 1].isdigit():
                    start -= 1
                rest = rest[:start] + rest[position + len(choice) :]
                position = rest.find(choice, start)
            else:
                rest = rest[:position] + rest[position + len(choice) :]
                position = rest.find(choice, position)
    if found is None:
        return None
    # What is left of a choice list cut short (``3)課題が残されて``) is no prose either.
    rest = _OPTION_REMNANT.sub("", rest)
    if any(char not in _BRACKETS for char in rest):
        return None
    return found


def rated_selection(text: str, choices: Sequence[str], label: str = "") -> str | None:
    """Like :func:`selection_in`, after a label that starts the text (squeezed).

    >>> rated_selection("対策は十分か [ 十分である", RISK_CHOICES, "対策は十分か")
    '十分である'
    """
    return _selection(text, choices, _SQUEEZE.sub("", label))


def canonical_rating(value: str | None) -> str | None:
    """The canonical rating label (Ⅲ wording) of a selected rating.

    >>> canonical_rating("十分に行っている"), canonical_rating("課題が残されている")
    ('十分である', '課題が残されている')
    """
    if value is None:
        return None
    concept = rating(value)
    return concept.pref_label if concept is not None else value


# --- pairing values with labels ---------------------------------------------------------------


def pair_values(
    labels: Sequence[int],
    values: Sequence[int],
    *,
    blocked: Callable[[int, int], bool] | None = None,
) -> dict[int, int]:
    """Pair value lines with label lines by position; returns ``{label: value}``.

    A value on a label's own line is that label's. Any other value goes to the nearest label
    before it that has no value yet, else to the nearest one after it; ``blocked(a, b)`` forbids
    a pairing across something that lies between lines ``a`` and ``b``.

    >>> pair_values([1, 5, 9], [1, 4, 12])  # 4 goes forward to 5: the label before has one
    {1: 1, 5: 4, 9: 12}
    """
    paired: dict[int, int] = {}
    free_values = []
    for value in sorted(values):
        if value in labels and value not in paired:
            paired[value] = value
        else:
            free_values.append(value)
    for value in free_values:
        before = [x for x in labels if x < value and x not in paired]
        after = [x for x in labels if x > value and x not in paired]
        candidates = [*reversed(before), *after]
        for label in candidates:
            low, high = min(label, value), max(label, value)
            if blocked is None or not blocked(low, high):
                paired[label] = value
                break
    return paired


# --- measures and platforms -------------------------------------------------------------------

_PLATFORM_BLOCK = re.compile(
    r"[<＜〈《【\[(（く●■◆]\s*([^<>＜＞〈〉《》【】\[\]\n\t]{1,80}?)\s*における措置"
)
_PARENTHESIS = re.compile(r"\s*[(（].*$")


def platforms_in(text: str) -> tuple[str, ...]:
    """The national systems whose 〈…における措置〉 blocks ``text`` holds (canonical names).

    >>> platforms_in("<中間サーバー・ソフトウェアにおける措置> … 【ガバメントクラウド(次期業務共通"
    ...              "システム)における措置】 … <収納・滞納システムにおける措置>")
    ('中間サーバー・ソフトウェア', 'ガバメントクラウド')
    """
    found: list[str] = []
    for match in _PLATFORM_BLOCK.finditer(text):
        name = match.group(1).strip()
        concept = national_system(name) or national_system(_PARENTHESIS.sub("", name))
        if concept is not None and concept.pref_label not in found:
            found.append(concept.pref_label)
    return tuple(found)


_DASH_ONLY = re.compile(r"^[\s\-－―—ー‐]*$")
_OPTION_LINE = re.compile(r"^\s*[\d「」]{0,2}\s*[)）]\s*\S")
_JUNK_LINE = re.compile(r"^[\s\[\]［］「」【】()（）|｜\-－―—ー‐・.,、。○:：]*$")


def is_furniture(line: str) -> bool:
    """True for a line that states nothing: brackets, dashes, a choice list, an option line."""
    stripped = line.strip()
    return (
        not stripped
        or bool(_JUNK_LINE.match(stripped))
        or bool(_OPTION_LINE.match(stripped))
        or stripped.startswith(CHOICE_MARKER)
        or bool(_MARKERS.fullmatch(_SQUEEZE.sub("", stripped).strip("[]")))
    )


_PROSE_LENGTH = 15


def is_prose(line: str, labels: Iterable[Label] = ()) -> bool:
    """True for a line that states content: not furniture, not a bare label, long enough or a
    sentence."""
    text = drop_choice_list(line).strip()
    if is_furniture(text):
        return False
    found = match_label(text, labels)
    if found is not None:
        text = found.value
        if not text or is_furniture(text):
            return False
    squeezed = _SQUEEZE.sub("", text)
    return len(squeezed) >= _PROSE_LENGTH or "。" in squeezed


def measure_text(lines: Iterable[str], generic: Iterable[Label] = ()) -> str | None:
    """Flatten the lines of a measure into one paragraph.

    Furniture (brackets, choice lists, option lines, dashes) goes, and so do the generic labels
    in ``generic`` (``リスクに対する措置の内容``) and labels whose value is only a dash.
    """
    generic_labels = tuple(generic)
    pieces: list[str] = []
    for line in lines:
        text = drop_choice_list(line).strip()
        if is_furniture(text):
            continue
        found = match_label(text, generic_labels) if generic_labels else None
        if found is not None:
            text = found.value
        if not text or _DASH_ONLY.match(text) or _dash_value(text):
            continue
        pieces.append(text)
    return flatten(pieces) or None


_LABEL_LENGTH = 30


def _dash_value(text: str) -> bool:
    """``その他の措置の内容 —``: a label (short, no sentence) whose only value is a dash."""
    head, _, tail = text.rpartition("\t") if "\t" in text else text.rpartition(" ")
    return (
        bool(head)
        and bool(_DASH_ONLY.match(tail))
        and not _DASH_ONLY.match(head)
        and len(head) <= _LABEL_LENGTH
        and "。" not in head
    )


# --- Ⅳ: the items -----------------------------------------------------------------------------

AUDIT = "監査"
SELF_CHECK = "自己点検"
EDUCATION = "従業者に対する教育・啓発"
OTHER = "その他のリスク対策"
AUDIT_KINDS: tuple[str, ...] = ("自己点検", "内部監査", "外部監査")
"""The boxes of 監査 実施の有無 (重点項目評価書)."""

ITEM_NUMBERS: Mapping[str, int] = MappingProxyType({AUDIT: 1, EDUCATION: 2, OTHER: 3})
"""The item numbers of Ⅳ (全項目評価書)."""
FOCUSED_ITEM_NUMBERS: Mapping[str, int] = MappingProxyType({AUDIT: 8, EDUCATION: 9, OTHER: 10})
"""The same items in Ⅲ of the 重点項目評価書."""

_S = SectionKind.OTHER_MEASURES
_SELF_CHECK_LABEL = Label(key="measure.self_check", text=SELF_CHECK, number=1, section=_S)
_AUDIT_LABEL = Label(key="measure.audit", text=AUDIT, number=2, section=_S)
_EDUCATION_LABEL = Label(key="measure.education", text=EDUCATION, section=_S)
_DONE_LABEL = Label(key="measure.done", text="実施の有無", section=_S)
DETAIL_LABELS: tuple[Label, ...] = (
    Label(key="measure.check_method", text="具体的なチェック方法", section=_S),
    Label(key="measure.content", text="具体的な内容", section=_S),
    Label(key="measure.method", text="具体的な方法", section=_S),
)
"""The free-text fields under the rated items of Ⅳ."""
_ITEM_HEADING = re.compile(r"^\s*(\d{1,2})\s*[.．、]\s*(.*)$")
_FUZZY = 0.8
_SHORT_LABEL = 5
"""A rated label this short (``②監査``) may be read from its numeral when OCR garbled it."""


@dataclass(slots=True)
class _Item:
    title: str
    index: int


def item_heading(line: str, numbers: Mapping[str, int]) -> str | None:
    """The Ⅳ item (監査, 従業者に対する教育・啓発, その他のリスク対策) a line heads, or None.

    >>> item_heading("3. その他のリスク対策", ITEM_NUMBERS)
    'その他のリスク対策'
    >>> item_heading("10. その他のリスク対策", ITEM_NUMBERS) is None
    True
    """
    found = _ITEM_HEADING.match(line)
    if not found:
        return None
    number = int(found.group(1))
    title = next((t for t, n in numbers.items() if n == number), None)
    if title is None:
        return None
    rest = _SQUEEZE.sub("", found.group(2)).rstrip("※*")
    if not rest:
        return None
    if title == AUDIT or similarity(rest[: len(title) + 1], title) >= _FUZZY - 0.15:
        return title
    return None


_MARKER_SPAN = 60
"""Lines within which a second Ⅳ item must follow the first for a lost part heading to be
inferred (Ⅳ is one page of the form)."""


def measure_items_start(lines: Sequence[str], start: int = 0) -> int | None:
    """The first line of Ⅳ's items in ``lines[start:]``, for a text that lost Ⅳ's part heading.

    Ⅳ's items are recognised by their own wording: the item headings ``1. 監査``,
    ``2. 従業者に対する教育・啓発``, ``3. その他のリスク対策`` (the title checked, not only the
    number) and the rated labels ``①自己点検``, ``②監査``, ``従業者に対する教育・啓発``. One alone
    may be a stray line; two different ones within a page are Ⅳ, which starts at the first.

    >>> measure_items_start(["リスク1: …", "1. 監査", "①自己点検 [ 十分に行っている ]"])
    1
    >>> measure_items_start(["1. 特定個人情報ファイル名", "①自己点検"]) is None
    True
    """
    markers: list[tuple[int, str]] = []
    for index in range(start, len(lines)):
        line = lines[index]
        title = item_heading(line, ITEM_NUMBERS)
        if title is not None and _titled(line, title):
            markers.append((index, f"item:{title}"))
        elif (label := _plain_rated_label(line)) is not None:
            markers.append((index, f"rated:{label}"))
        if len(markers) >= 2:
            break
    if len(markers) < 2:
        return None
    (first, kind), (second, other) = markers
    if kind == other or second - first > _MARKER_SPAN:
        return None
    return first


def _plain_rated_label(line: str) -> str | None:
    """The rated label a line starts with, read from its words (never from a garbled one)."""
    numeral, _text = split_numeral(line)
    for number, label in ((1, _SELF_CHECK_LABEL), (2, _AUDIT_LABEL), (None, _EDUCATION_LABEL)):
        if numeral == number and not _ITEM_HEADING.match(line) and match_label(line, (label,)):
            return label.text
    return None


def _titled(line: str, title: str) -> bool:
    """Whether an item heading's words are its title (``1. 監査``, not ``1. 特定個人…``)."""
    found = _ITEM_HEADING.match(line)
    rest = _SQUEEZE.sub("", found.group(2)).rstrip("※*") if found else ""
    return similarity(rest[: len(title)], title) >= _FUZZY


def similarity(a: str, b: str) -> float:
    """Normalised Levenshtein similarity of two strings (0–1)."""
    return float(Levenshtein.normalized_similarity(a, b))


@dataclass(slots=True)
class _Rated:
    name: str
    section: str
    no: int | None
    index: int
    detail: tuple[str, ...]
    """The detail label keys whose text is this item's measures."""


def located(
    code: IssueCode, message: str, section: Section, index: int | None, reference: str
) -> Issue:
    """An issue at ``section.lines[index]`` about the form item ``reference`` (``"Ⅲ 6"``)."""
    return replace(issue(code, message, section, index), form_ref=reference)


def read_measure_items(
    section: Section, start: int, numbers: Mapping[str, int], part: str
) -> tuple[list[Risk], list[Issue]]:
    """Read the Ⅳ items in ``section.lines[start:]`` (Ⅳ, or Ⅲ 8–10 of a 重点項目評価書).

    Args:
        section: The section that holds the items.
        start: The first line of the items.
        numbers: The item numbers the form prints (:data:`ITEM_NUMBERS` or
            :data:`FOCUSED_ITEM_NUMBERS`).
        part: The part the items are numbered in (``"Ⅳ"``, ``"Ⅲ"``).
    """
    lines = section.lines
    issues: list[Issue] = []
    items: list[_Item] = []
    rated: list[_Rated] = []
    done_lines: list[int] = []
    details: dict[int, str] = {}
    for index in range(start, len(lines)):
        line = lines[index]
        title = item_heading(line, numbers)
        if title is not None:
            items.append(_Item(title=title, index=index))
            continue
        found = _rated_label(line)
        if found is not None:
            rated.append(found(index))
            continue
        if match_label(line, (_DONE_LABEL,)) is not None:
            done_lines.append(index)
            continue
        detail = match_label(line, DETAIL_LABELS)
        if detail is not None:
            details[index] = detail.label.key
    values = {
        index: value
        for index in range(start, len(lines))
        if (value := _audit_value(lines[index], rated, index)) is not None
    }
    paired = pair_values([r.index for r in rated], list(values))
    risks: list[Risk] = []
    ends = sorted({*(r.index for r in rated), *(i.index for i in items), *details, len(lines)})
    for item in rated:
        value = values.get(paired[item.index]) if item.index in paired else None
        measures_lines = _detail_lines(lines, details, item.detail, item.index, ends)
        measures = measure_text(measures_lines, DETAIL_LABELS)
        reference = f"{part} {numbers[item.section]}"
        if value is None:
            message = f"{reference} {item.name} has no selected rating"
            issues.append(located(IssueCode.NO_SELECTION, message, section, item.index, reference))
        risks.append(
            Risk(
                section=item.section,
                no=item.no,
                name=item.name,
                rating=canonical_rating(value),
                measures=measures,
                platforms=platforms_in(" ".join(measures_lines)),
                form_ref=reference,
                line=section.raw_line(item.index),
            )
        )
    for index in done_lines:
        risks_done, problems = _audits_done(section, index, numbers, part)
        risks += risks_done
        issues += problems
    other = next((item for item in items if item.title == OTHER), None)
    if other is not None:
        content = _content_after(lines, other.index)
        measures = measure_text(content)
        if measures:
            risks.append(
                Risk(
                    section=OTHER,
                    measures=measures,
                    platforms=platforms_in(" ".join(content)),
                    form_ref=f"{part} {numbers[OTHER]}",
                    line=section.raw_line(other.index),
                )
            )
    order = {AUDIT: 0, EDUCATION: 1, OTHER: 2}
    risks.sort(key=lambda r: (order.get(r.section, 3), r.no or 0, r.line))
    return risks, issues


def _rated_label(line: str) -> Callable[[int], _Rated] | None:
    numeral, text = split_numeral(line)
    squeezed = _SQUEEZE.sub("", text)
    head = squeezed.split("[", 1)[0]
    # A label garbled by OCR (②監 i 查) is still read from its numeral when a value follows it.
    garbled = "[" in squeezed and 0 < len(head) <= _SHORT_LABEL
    if numeral == 1 and (match_label(line, (_SELF_CHECK_LABEL,)) is not None or garbled):
        return lambda index: _Rated(SELF_CHECK, AUDIT, 1, index, ("measure.check_method",))
    if numeral == 2 and (match_label(line, (_AUDIT_LABEL,)) is not None or garbled):
        return lambda index: _Rated(AUDIT, AUDIT, 2, index, ("measure.content",))
    if (
        numeral is None
        and not _ITEM_HEADING.match(line)
        and match_label(line, (_EDUCATION_LABEL,)) is not None
    ):
        return lambda index: _Rated(EDUCATION, EDUCATION, None, index, ("measure.method",))
    return None


def _audit_value(line: str, rated: Sequence[_Rated], index: int) -> str | None:
    label = next((r for r in rated if r.index == index), None)
    if label is not None:
        _numeral, text = split_numeral(line)
        head = _SQUEEZE.sub("", text)
        cut = head.find("[")
        rest = head[cut:] if cut >= 0 else head[len(label.name) :]
        return selection_in(rest, AUDIT_CHOICES)
    return selection_in(line, AUDIT_CHOICES)


def _detail_lines(
    lines: Sequence[str],
    details: dict[int, str],
    keys: tuple[str, ...],
    after: int,
    ends: Sequence[int],
) -> list[str]:
    """The lines of the first detail field with one of ``keys`` after line ``after`` (the item's
    label), or of the item itself when the section holds no label with one of ``keys``."""
    start = next((i for i in sorted(details) if i > after and details[i] in keys), None)
    if start is None:
        if any(key in keys for key in details.values()):
            return []
        # The section has no such label (PDF text printed it before the part heading): the
        # item's text is what follows its own label, up to the next label or heading.
        end = next(e for e in ends if e > after)
        return [line for line in lines[after + 1 : end] if not _rated_line(line)]
    end = next(e for e in ends if e > start)
    return [line for line in lines[start:end] if not _rated_line(line)]


def _rated_line(line: str) -> bool:
    return selection_in(line, AUDIT_CHOICES) is not None


_NUMBERED_LABEL = re.compile(r"^\s*[①-⑳]\s*[^\s①-⑳]{1,8}(?:[\s\t]|$)")
"""``①連絡先 …``: a short numbered label (of a later part), not a numbered sentence."""


def _content_after(lines: Sequence[str], index: int) -> list[str]:
    """The free text after a heading, up to the next item heading or numbered label."""
    found: list[str] = []
    for line in lines[index + 1 :]:
        if _NUMBERED_LABEL.match(line) or any(
            item_heading(line, numbers) for numbers in (ITEM_NUMBERS, FOCUSED_ITEM_NUMBERS)
        ):
            break
        found.append(line)
    return found


def _audits_done(
    section: Section, index: int, numbers: Mapping[str, int], part: str
) -> tuple[list[Risk], list[Issue]]:
    """監査 実施の有無 (重点項目評価書): one record per ticked audit."""
    line = section.lines[index]
    tokens = line_to_tokens(line, line=index, options=AUDIT_KINDS)
    reference = f"{part} {numbers[AUDIT]}"
    if not any(token.kind is TokenKind.OPTION for token in tokens):
        return [], []
    grid = tokens_to_grid(tokens, options=AUDIT_KINDS)
    if not grid.ticked:
        message = f"{reference} 監査 実施の有無 has no ticked box"
        return [], [located(IssueCode.NO_SELECTION, message, section, index, reference)]
    return [
        Risk(section=AUDIT, name=name, form_ref=reference, line=section.raw_line(index))
        for name in grid.ticked
    ], []


def extract_other_measures(section: Section, context: ExtractionContext) -> Extraction:
    """Read Ⅳ その他のリスク対策: ①自己点検, ②監査, 従業者に対する教育・啓発, その他のリスク対策."""
    del context
    part = section.form_ref.split(" ")[0]
    risks, issues = read_measure_items(section, 0, ITEM_NUMBERS, part)
    if not risks and not issues:
        issues.append(issue(IssueCode.FIELD_MISSING, f"{part} states no measure", section))
    return Extraction(risks=tuple(risks), issues=tuple(issues))
