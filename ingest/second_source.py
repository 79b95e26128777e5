"""Second sources: what other parts of a text state about the parts the body lost.

Runs once after every extractor (the pipeline calls :func:`result_to_completed`):

- **the change history** (別添3 変更箇所) restates values of the body in its 変更後の記載:
  - when Ⅰ 2 is missing, the systems its rows name stand in (``form_ref`` ``別添3``);
  - where a field of Ⅰ is empty, the newest row whose 項目 names that field unambiguously
    (item number *and* field, e.g. ``Ⅰ 7 ②所属長``, or an item with a single field such as
    ``Ⅰ 5 個人番号の利用 法令上の根拠``) fills it, and a REPAIRED_TEXT issue says so. A row that
    leaves the field empty (``-``, ``(記載なし)``) fills nothing; a full-text field (②事務の
    内容) is never filled, since rows often quote it in part (``（以下省略）``).
  - where a field of a 委託事項N, 提供先N or 移転先N of Ⅱ is empty, the newest row naming the
    item and the field fills it (:mod:`ingest.item_history`);
  - where an item of Ⅳ states no measures, or その他のリスク対策 is missing, the newest row
    naming the item fills it (:mod:`ingest.measure_history`).
- **the table of contents** (項目一覧) lists the parts the document has: a listed part that the
  body lacks is a SECTION_MISSING finding (for the parts with an extractor that the pipeline
  does not already require);
- **cross references**: a ``別紙N`` the text refers to but does not contain is a SECTION_MISSING
  finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from ingest.citation import text_to_citations
from ingest.extractors import BY_KIND, required_for
from ingest.extractors.change import FORM_REF as CHANGES_REF
from ingest.extractors.change import changes_to_systems, newest_first, newest_rows
from ingest.field import selected_choice
from ingest.form import BASIC_INFO_ITEMS, FULL, SectionKind, form_ref
from ingest.item_history import result_to_filled_items
from ingest.label import ITEM_TITLES, match_part_heading
from ingest.measure_history import result_to_filled_measures
from ingest.records import ChangeRecord, ExtractionResult, Issue, IssueCode
from ingest.section import Section

_ANNEX_REFERENCE = re.compile(r"別\s*紙\s*(\d{1,2})")
_ANNEX_HEADING = re.compile(r"^[(（]?\s*別\s*紙\s*(\d{1,2})")
_BASIC_INFO_ITEM = re.compile(
    r"^[「(（]?\s*(?:Ⅰ|I|1|l)\s*[.．、\-ー]?\s*(?:基本情報)?\s*[\-ー]?\s*(?P<no>[1-8])\s*[.．\-ー\s]"
)
_SYSTEM_NO = re.compile(r"システム\s*(\d{1,2})(?!\d)")
_CIRCLED_FIELD = re.compile(r"[①②③④⑤]")
_MAX_SHORT_VALUE = 80


@dataclass(frozen=True, slots=True, kw_only=True)
class Completion:
    """An extraction completed from second sources."""

    result: ExtractionResult
    issues: tuple[Issue, ...] = ()
    """What the second sources showed: values filled, parts the text lacks."""
    recovered: Mapping[SectionKind, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """Missing sections whose content came from elsewhere → the form items it came from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class _Field:
    """A field of Ⅰ that a change row can restate."""

    kind: SectionKind
    name: str
    """The field as the form labels it."""
    circled: str
    """Its circled number in the form (``""`` for an item with a single field)."""
    words: tuple[str, ...]
    """Words of the label, any of which names the field in a 項目 cell."""
    fill: Callable[[ExtractionResult, str, int], ExtractionResult | None]
    """The result with the field filled from a 変更後の記載 (and the raw line of its change row),
    or None when it is not empty."""


def _short(value: str) -> str | None:
    value = value.strip()
    return value if 0 < len(value) <= _MAX_SHORT_VALUE and "。" not in value else None


def _fill_affair(
    attribute: str,
) -> Callable[[ExtractionResult, str, int], ExtractionResult | None]:
    def fill(result: ExtractionResult, value: str, _line: int) -> ExtractionResult | None:
        text = _short(value)
        if text is None or getattr(result.affair, attribute):
            return None
        changes: dict[str, object] = {attribute: text}
        return replace(result, affair=replace(result.affair, **changes))  # type: ignore[arg-type]

    return fill


def _fill_population(result: ExtractionResult, value: str, _line: int) -> ExtractionResult | None:
    choice = selected_choice([value]) or _short(value)
    if choice is None or result.affair.population:
        return None
    return replace(result, affair=replace(result.affair, population=choice))


def _fill_use_basis(result: ExtractionResult, value: str, line: int) -> ExtractionResult | None:
    citations = tuple(text_to_citations(value, line=line))
    if not citations or result.mynumber_use_basis:
        return None
    return replace(result, mynumber_use_basis=citations)


def _fill_linkage_status(
    result: ExtractionResult, value: str, _line: int
) -> ExtractionResult | None:
    choice = selected_choice([value]) or _short(value)
    if choice is None or result.network_linkage.status:
        return None
    return replace(result, network_linkage=replace(result.network_linkage, status=choice))


def _fill_linkage_basis(result: ExtractionResult, value: str, line: int) -> ExtractionResult | None:
    citations = tuple(text_to_citations(value, line=line))
    if not citations or result.network_linkage.basis:
        return None
    linkage = replace(result.network_linkage, basis=citations, basis_text=value)
    return replace(result, network_linkage=linkage)


_FIELDS: tuple[_Field, ...] = (
    _Field(kind=SectionKind.AFFAIR, name="事務の名称", circled="①", words=("名称",),
           fill=_fill_affair("name")),
    _Field(kind=SectionKind.AFFAIR, name="対象人数", circled="③", words=("対象人数",),
           fill=_fill_population),
    _Field(kind=SectionKind.NUMBER_USE, name="法令上の根拠", circled="", words=("根拠",),
           fill=_fill_use_basis),
    _Field(kind=SectionKind.NETWORK_LINKAGE, name="実施の有無", circled="①",
           words=("実施の有無",), fill=_fill_linkage_status),
    _Field(kind=SectionKind.NETWORK_LINKAGE, name="法令上の根拠", circled="②", words=("根拠",),
           fill=_fill_linkage_basis),
    _Field(kind=SectionKind.DEPARTMENT, name="部署", circled="①", words=("部署",),
           fill=_fill_affair("department")),
    _Field(kind=SectionKind.DEPARTMENT, name="所属長の役職名", circled="②",
           words=("所属長",), fill=_fill_affair("head_title")),
)  # fmt: skip
"""The fields of Ⅰ the change history may fill (systems are handled by their number)."""


def _item_kind(number: int, document_kind: str | None) -> SectionKind | None:
    """The item of Ⅰ that the document kind numbers ``number``.

    An item that the document kind lacks (Ⅰ 4 理由 of a 重点項目評価書) gets the 全項目評価書
    number from :func:`~ingest.form.form_ref`; the item the kind renumbers to it wins.
    """
    reference = f"Ⅰ {number}"
    kinds = [kind for kind in BASIC_INFO_ITEMS if form_ref(kind, document_kind) == reference]
    renumbered = [kind for kind in kinds if form_ref(kind, FULL) != reference]
    chosen = renumbered or kinds
    return chosen[0] if chosen else None


def change_field(item: str, document_kind: str | None) -> tuple[SectionKind, str] | None:
    """The field of Ⅰ a change row's 項目 names unambiguously, as (section kind, field name).

    >>> change_field("I-7-②所属長", "全項目評価書")
    (<SectionKind.DEPARTMENT: 'department'>, '所属長の役職名')
    >>> change_field("1 基本情報 5. 個人番号の利用 法令上の根拠", None)
    (<SectionKind.NUMBER_USE: 'number_use'>, '法令上の根拠')
    >>> change_field("I 基本情報 2. 特定個人情報ファイルを取", None) is None
    True
    """
    found = _BASIC_INFO_ITEM.match(item.strip())
    if found is None:
        return None
    kind = _item_kind(int(found.group("no")), document_kind)
    rest = item[found.end() :]
    circled = set(_CIRCLED_FIELD.findall(rest))
    candidates = [f for f in _FIELDS if f.kind is kind]
    matches = [
        f
        for f in candidates
        if (f.circled and f.circled in circled and any(w in rest for w in f.words))
        or (not f.circled and len(candidates) == 1 and not circled)
    ]
    if len(matches) != 1 or len(circled) > 1:
        return None
    return matches[0].kind, matches[0].name


def _newest(changes: Sequence[ChangeRecord]) -> list[ChangeRecord]:
    """Change rows newest first (text order breaks ties: later rows win)."""
    return [changes[position] for position in newest_first(changes)]


def _fill_fields(
    result: ExtractionResult, document_kind: str | None
) -> tuple[ExtractionResult, list[Issue]]:
    issues: list[Issue] = []
    by_name = {(f.kind, f.name): f for f in _FIELDS}
    named = newest_rows(result.changes, lambda row: change_field(row.item or "", document_kind))
    for target, change in named.items():
        if not change.after:
            continue
        filled = by_name[target].fill(result, change.after, change.line)
        if filled is None:
            continue
        result = filled
        reference = form_ref(target[0], document_kind)
        issues.append(
            Issue(
                code=IssueCode.REPAIRED_TEXT,
                message=(
                    f"{reference} {target[1]} is empty in the body; filled from the change "
                    f"history ({CHANGES_REF} row of {change.date_text}): {change.after[:60]}"
                ),
                line=change.line,
                form_ref=reference,
            )
        )
    return result, issues


def _fill_system_functions(result: ExtractionResult) -> tuple[ExtractionResult, list[Issue]]:
    """Systems of Ⅰ 2 whose ②システムの機能 is empty, from the newest row naming it."""
    known = {system.no: system for system in result.systems}
    if not known or all(system.functions for system in result.systems):
        return result, []
    recovered = {system.no: system for system in changes_to_systems(_newest_last(result.changes))}
    systems = []
    issues: list[Issue] = []
    for system in result.systems:
        source = recovered.get(system.no)
        if system.functions or source is None or not source.functions:
            systems.append(system)
            continue
        systems.append(replace(system, functions=source.functions))
        issues.append(
            Issue(
                code=IssueCode.REPAIRED_TEXT,
                message=(
                    f"システム{system.no} ②システムの機能 is empty in the body; filled from the "
                    f"change history ({CHANGES_REF})"
                ),
                line=source.line,
                form_ref="Ⅰ 2",
            )
        )
    return replace(result, systems=tuple(systems)), issues


def _newest_last(changes: Sequence[ChangeRecord]) -> list[ChangeRecord]:
    return list(reversed(_newest(changes)))


def _listed_but_missing(sections: Sequence[Section], document_kind: str | None) -> list[Issue]:
    """Parts the table of contents lists, that have an extractor, but the body lacks."""
    present = {section.kind for section in sections}
    reported = set(required_for(document_kind))
    issues: list[Issue] = []
    for section in sections:
        if section.kind is not SectionKind.CONTENTS:
            continue
        for index, line in enumerate(section.lines):
            part = match_part_heading(line)
            if (
                part is None
                or part.kind in present
                or part.kind in reported
                or part.kind not in BY_KIND
            ):
                continue
            present.add(part.kind)  # report each part once
            reference = form_ref(part.kind, document_kind)
            title = ITEM_TITLES.get(part.kind) or line.split(")")[-1].strip()
            issues.append(
                Issue(
                    code=IssueCode.SECTION_MISSING,
                    message=f"{reference} {title} is listed in the 項目一覧 but is not in the text",
                    line=section.raw_line(index),
                    form_ref=reference,
                )
            )
    return issues


def _missing_annexes(sections: Sequence[Section]) -> list[Issue]:
    """別紙N referred to by the text but not in it."""
    present: set[int] = set()
    referred: dict[int, int] = {}
    for section in sections:
        in_annex = section.kind is SectionKind.ANNEX
        if in_annex:
            number = re.search(r"\d+", section.form_ref)
            if number:
                present.add(int(number.group(0)))
        for index, line in enumerate(section.lines):
            if in_annex and (heading := _ANNEX_HEADING.match(line)):
                present.add(int(heading.group(1)))
                continue
            for found in _ANNEX_REFERENCE.finditer(line):
                referred.setdefault(int(found.group(1)), section.raw_line(index))
    return [
        Issue(
            code=IssueCode.SECTION_MISSING,
            message=f"別紙{number} is referred to but is not in the text",
            line=line,
            form_ref=f"別紙{number}",
        )
        for number, line in sorted(referred.items())
        if number not in present
    ]


def result_to_completed(result: ExtractionResult, sections: Sequence[Section]) -> Completion:
    """``result`` with what second sources state about the parts the body lost."""
    present = {section.kind for section in sections}
    document_kind = next((s.document_kind for s in sections if s.document_kind), None)
    recovered: dict[SectionKind, tuple[str, ...]] = {}
    issues: list[Issue] = []
    if SectionKind.SYSTEMS not in present and not result.systems:
        systems = changes_to_systems(_newest_last(result.changes))
        if systems:
            result = replace(result, systems=systems)
            recovered[SectionKind.SYSTEMS] = (CHANGES_REF,)
    elif result.systems:
        result, found = _fill_system_functions(result)
        issues += found
    result, found = _fill_fields(result, document_kind)
    issues += found
    result, filled = result_to_filled_items(result)
    issues += filled
    result, filled = result_to_filled_measures(result)
    issues += filled
    issues += _listed_but_missing(sections, document_kind)
    issues += _missing_annexes(sections)
    return Completion(result=result, issues=tuple(issues), recovered=MappingProxyType(recovered))
