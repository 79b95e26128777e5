"""The change history as a second source for the numbered items of Ⅱ (委託事項N, 提供先N, 移転先N).

A row of 別添3 変更箇所 whose 項目 names an item of Ⅱ 4 or Ⅱ 5 and one of its fields
(``Ⅱ 4 … 委託事項 3 ⑥委託先名``, ``… 提供先12 ①法令上の根拠``) restates that field's value in its
変更後の記載. Where the body lost the value (PDF page text that prints an item's fields away
from its heading, a staircase row whose cells cannot be split), the newest such row fills it:

- the field is named by the form's own label wording (the vocabularies of
  :mod:`ingest.extractors.delegation` and :mod:`ingest.extractors.provision`), after the item
  number, spaces ignored (OCR breaks labels); when several labels are written, the last one is
  the field (``②取扱いを委託する…範囲 対象となる本人の数`` is 対象となる本人の数); a row that names
  the item and no field restates the item's name (委託事項) or recipient (提供先); a run of rows
  whose 項目 the table cut before the item, between two rows naming the same field of items N
  and M with exactly M − N − 1 rows between them, restates that field of N+1 … M−1 in order
  (:func:`change_targets`), unless one of them contradicts what the body states;
- only the newest row per item and field counts, and a row that empties a field (``-``,
  ``(記載なし)``, ``削除``), quotes it in part (``(略)``) or adds to it (``以下を追記``) fills
  nothing (:func:`~ingest.extractors.change.whole_value`);
- a value the body has is never replaced, and only items the body lists are filled (the item
  number is its identity; which file it belongs to is only certain when Ⅱ has one file);
- every item filled gets one REPAIRED_TEXT issue naming the fields and the change rows (its
  line is the first row used): the provenance of the values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from ingest.citation import citation_key, text_to_citations
from ingest.extractors.change import FORM_REF as CHANGES_REF
from ingest.extractors.change import newest_first, whole_value
from ingest.extractors.delegation import CHOICES as DELEGATION_CHOICES
from ingest.extractors.delegation import HEADING as DELEGATION_HEADING
from ingest.extractors.delegation import ITEM_NUMBER as DELEGATION_ITEM
from ingest.extractors.delegation import VOCABULARY as DELEGATION_VOCABULARY
from ingest.extractors.item import ItemVocabulary, read_choice, read_methods
from ingest.extractors.provision import COUNT_CHOICES, PROVISION, TRANSFER
from ingest.extractors.provision import ITEM_NUMBER as PROVISION_ITEM
from ingest.extractors.provision import VOCABULARY as PROVISION_VOCABULARY
from ingest.form import SectionKind
from ingest.label import match_part_heading
from ingest.organisation import canonical_organisation
from ingest.records import (
    ChangeRecord,
    Delegation,
    ExtractionResult,
    InformationFile,
    Issue,
    IssueCode,
    Provision,
)

_Value = Any
"""A field value read from a change row (str, tuple of str, bool, tuple of citations)."""
_Reader = Callable[[str, int], _Value | None]
"""Reads a field value from a 変更後の記載 and the raw line of its row; None when it states none."""


def _squeeze(text: str) -> str:
    return "".join(text.split())


_QUOTES = "「」『』\"'"


def _text(value: str, _line: int) -> str | None:
    text = whole_value(value)
    if text is None:
        return None
    return text.strip(_QUOTES + " ") or None


def _choice(choices: Sequence[str]) -> _Reader:
    def read(value: str, line: int) -> str | None:
        text = _text(value, line)
        if text is None:
            return None
        squeezed = _squeeze(text)
        exact = next((choice for choice in choices if _squeeze(choice) == squeezed), None)
        return exact or read_choice([text], choices)

    return read


def _methods(value: str, _line: int) -> tuple[str, ...] | None:
    methods = read_methods([value])
    return (methods.ticked + methods.other) or None


def _organisation(value: str, line: int) -> str | None:
    text = _text(value, line)
    return canonical_organisation(text) if text is not None else None


def _subcontract(value: str, line: int) -> bool | None:
    choice = _choice(DELEGATION_CHOICES["subcontract"])(value, line)
    return None if choice is None else choice == "再委託する"


def _citations(value: str, line: int) -> tuple[Any, ...] | None:
    text = _text(value, line)
    if text is None:
        return None
    return tuple(text_to_citations(text, line=line)) or None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Field:
    """A field of an item that a change row can restate."""

    attribute: str
    """The attribute of the record (Delegation, Provision)."""
    name: str
    """The field as the form labels it (for the issue message)."""
    read: _Reader
    companion: str | None = None
    """An attribute filled with the text as written alongside (``basis_text``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class _Family:
    """The numbered items of one block of Ⅱ: their headings, vocabulary and fields."""

    headings: tuple[str, ...]
    vocabulary: ItemVocabulary
    form_ref: str
    name: _Field
    """The field a row naming the item and no field restates."""
    fields: Mapping[str, _Field]
    """By label key of :attr:`vocabulary`."""


_DELEGATIONS = _Family(
    headings=(DELEGATION_HEADING,),
    vocabulary=DELEGATION_VOCABULARY,
    form_ref=f"Ⅱ {DELEGATION_ITEM}",
    name=_Field(attribute="name", name="名称", read=_text),
    fields=MappingProxyType(
        {
            "content": _Field(attribute="content", name="①委託内容", read=_text),
            "scope": _Field(
                attribute="subjects",
                name="②取扱いを委託する特定個人情報ファイルの範囲",
                read=_choice(DELEGATION_CHOICES["scope"]),
            ),
            "subject_count": _Field(
                attribute="subject_count",
                name="②対象となる本人の数",
                read=_choice(DELEGATION_CHOICES["subject_count"]),
            ),
            "subject_scope": _Field(
                attribute="subject_scope", name="②対象となる本人の範囲", read=_text
            ),
            "scope_reason": _Field(attribute="scope_reason", name="②その妥当性", read=_text),
            "handlers": _Field(
                attribute="handlers",
                name="③委託先における取扱者数",
                read=_choice(DELEGATION_CHOICES["handlers"]),
            ),
            "methods": _Field(attribute="methods", name="④提供方法", read=_methods),
            "confirmation": _Field(
                attribute="contractor_confirmation", name="委託先名の確認方法", read=_text
            ),
            "contractor": _Field(attribute="contractor", name="委託先名", read=_organisation),
            "subcontract": _Field(attribute="subcontract", name="再委託の有無", read=_subcontract),
            "subcontract_method": _Field(
                attribute="subcontract_method", name="再委託の許諾方法", read=_text
            ),
            "subcontract_content": _Field(
                attribute="subcontract_content", name="再委託事項", read=_text
            ),
        }
    ),
)

_PROVISIONS = _Family(
    headings=(PROVISION, TRANSFER),
    vocabulary=PROVISION_VOCABULARY,
    form_ref=f"Ⅱ {PROVISION_ITEM}",
    name=_Field(attribute="recipient", name="名称", read=_text),
    fields=MappingProxyType(
        {
            "basis": _Field(
                attribute="basis", name="①法令上の根拠", read=_citations, companion="basis_text"
            ),
            "purpose": _Field(attribute="purpose", name="②用途", read=_text),
            "info": _Field(attribute="info", name="③提供する情報", read=_text),
            "count": _Field(attribute="count", name="④本人の数", read=_choice(COUNT_CHOICES)),
            "scope": _Field(attribute="scope", name="⑤本人の範囲", read=_text),
            "methods": _Field(attribute="methods", name="⑥提供方法", read=_methods),
            "timing": _Field(attribute="timing", name="⑦時期・頻度", read=_text),
        }
    ),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Target:
    """What a change row restates: a field of one numbered item."""

    family: _Family
    heading: str
    number: int
    field: _Field


def _heading_pattern(family: _Family) -> re.Pattern[str]:
    words = "|".join(r"\s*".join(map(re.escape, word)) for word in family.headings)
    return re.compile(rf"(?P<word>{words})\s*(?P<number>\d{{1,3}})(?![\d~～〜\-－])")


_MATCHERS = tuple(
    (
        family,
        _heading_pattern(family),
        tuple((label.key, _squeeze(label.text)) for label in family.vocabulary.labels),
    )
    for family in (_DELEGATIONS, _PROVISIONS)
)
"""Per family: the pattern of its item headings and its label wordings without spaces."""


def change_target(item: str) -> _Target | None:
    """The item field of Ⅱ a change row's 項目 names, or None.

    >>> target = change_target("Ⅱ.特定個人情報ファイルの概要 4.特定個人情報ファイルの取扱いの委託 "
    ...                        "委託事項 3 ②取扱いを委託する特定個人情報ファイルの範囲 "
    ...                        "対象となる本人の数")
    >>> (target.heading, target.number, target.field.attribute)
    ('委託事項', 3, 'subject_count')
    >>> change_target("く。) 提供先12 ①法令上 の根拠").field.attribute
    'basis'
    >>> change_target("Ⅲ 4. 特定個人情報ファイルの取扱いの委託 委託事項1 リスク") is None
    True
    """
    part = match_part_heading(item.strip().lstrip("「(（ "))
    if part is not None and part.kind is not SectionKind.FILE_OVERVIEW:
        return None
    found = [
        (family, m, labels) for family, pattern, labels in _MATCHERS if (m := pattern.search(item))
    ]
    if len(found) != 1:
        return None
    family, heading, labels = found[0]
    rest = _squeeze(item[heading.end() :]).strip("」「『』()（）")
    if not rest:
        field = family.name
    else:
        spans = [
            (rest.rfind(text) + len(text), len(text), key)
            for key, text in labels
            if text in rest and key in family.fields
        ]
        if not spans:
            return None
        field = family.fields[max(spans)[2]]
    return _Target(
        family=family,
        heading=_squeeze(heading.group("word")),
        number=int(heading.group("number")),
        field=field,
    )


def _is_cut_item(item: str) -> bool:
    """A 項目 that names Ⅱ and is cut before its item (``Ⅱ 特定個人情報ファイルの概要 5. 特定個人
    情報の提``): the row restates some item of Ⅱ, which its neighbours may tell."""
    part = match_part_heading(item.strip().lstrip("「(（ "))
    return part is not None and part.kind is SectionKind.FILE_OVERVIEW


def change_targets(changes: Sequence[ChangeRecord]) -> list[tuple[_Target | None, bool]]:
    """The item field each change row restates, and whether it was inferred.

    A row's 項目 names it (:func:`change_target`). A run of rows whose 項目 is cut before the
    item (:func:`_is_cut_item`) between two rows of one date naming the same field of items
    N and M of one kind, with exactly M − N − 1 rows in the run, restates that field of items
    N+1 … M−1 in order (the table lists the items in order; the cells kept nothing else).

    >>> rows = [ChangeRecord(date_text="令和6年1月1日", item=item, line=n) for n, item in
    ...     enumerate(["Ⅱ 5. 提供先4 ①法令上の根拠", "Ⅱ 特定個人情報ファイルの概要 5. 特定個",
    ...                "Ⅱ 特定個人情報ファイルの概要 5.", "Ⅱ 5. 提供先7 ①法令上の根拠"])]
    >>> [(t.number, inferred) for t, inferred in change_targets(rows) if t is not None]
    [(4, False), (5, True), (6, True), (7, False)]
    """
    targets: list[tuple[_Target | None, bool]] = [
        (change_target(change.item or ""), False) for change in changes
    ]
    last: int | None = None
    run: list[int] = []
    for index, (change, (target, _inferred)) in enumerate(zip(changes, targets, strict=True)):
        if target is None:
            if last is not None and _is_cut_item(change.item or ""):
                run.append(index)
            else:
                last, run = None, []
            continue
        if last is not None and run:
            before = targets[last][0]
            dates = {changes[i].date_text for i in (last, *run, index)}
            if (
                before is not None
                and before.family is target.family
                and before.heading == target.heading
                and before.field is target.field
                and target.number - before.number - 1 == len(run)
                and len(dates) == 1
            ):
                for offset, position in enumerate(run, start=1):
                    targets[position] = (replace(before, number=before.number + offset), True)
        last, run = index, []
    return targets


def _agrees(record: _Record, attribute: str, value: _Value) -> bool:
    """Whether the body's own value of a field (if any) is the value a change row states."""
    own = getattr(record, attribute)
    if _empty(own):
        return True
    if attribute == "basis":
        return [citation_key(c) for c in own] == [citation_key(c) for c in value]
    return bool(_squeeze(str(own)) == _squeeze(str(value)))


_Record = Delegation | Provision
_Key = tuple[str, int]


def _items(file: InformationFile) -> dict[_Key, _Record]:
    items: dict[_Key, _Record] = {}
    for delegation in file.delegations:
        items.setdefault((DELEGATION_HEADING, delegation.no), delegation)
    for heading, flows in ((PROVISION, file.provisions), (TRANSFER, file.transfers)):
        for flow in flows:
            items.setdefault((heading, flow.no), flow)
    return items


def _empty(value: object) -> bool:
    return value is None or value == ()


def result_to_filled_items(result: ExtractionResult) -> tuple[ExtractionResult, tuple[Issue, ...]]:
    """``result`` with the fields of Ⅱ 4/Ⅱ 5 items that the body lost filled from the newest
    change row restating them, and one REPAIRED_TEXT issue per item filled."""
    if len(result.files) != 1 or not result.changes:
        return result, ()
    (file,) = result.files
    items = _items(file)
    if not items:
        return result, ()
    decided: set[tuple[str, int, str]] = set()
    fills: dict[_Key, dict[str, tuple[_Value, ChangeRecord, _Field]]] = {}
    targets = _checked(change_targets(result.changes), result.changes, items)
    guessed = {result.changes[i].line for i, (_t, inferred) in enumerate(targets) if inferred}
    for position in newest_first(result.changes):
        change = result.changes[position]
        target = targets[position][0]
        if target is None:
            continue
        slot = (target.heading, target.number, target.field.attribute)
        if slot in decided:
            continue
        decided.add(slot)  # only the newest row restating a field counts
        record = items.get((target.heading, target.number))
        if record is None or not change.after:
            continue
        if not _empty(getattr(record, target.field.attribute)):
            continue
        value = target.field.read(change.after, change.line)
        if value is None:
            continue
        fills.setdefault((target.heading, target.number), {})[target.field.attribute] = (
            value,
            change,
            target.field,
        )
    if not fills:
        return result, ()
    issues: list[Issue] = []
    filled: dict[_Key, _Record] = {}
    for key, values in fills.items():
        record = items[key]
        changes: dict[str, object] = {}
        for attribute, (value, change, field) in values.items():
            changes[attribute] = value
            if field.companion is not None and _empty(getattr(record, field.companion)):
                changes[field.companion] = _text(change.after or "", change.line)
        filled[key] = replace(record, **changes)  # type: ignore[arg-type]
        issues.append(_issue(key, values, guessed))
    file = replace(
        file,
        delegations=tuple(
            filled.get((DELEGATION_HEADING, d.no), d)  # type: ignore[misc]
            for d in file.delegations
        ),
        provisions=tuple(
            filled.get((PROVISION, p.no), p)  # type: ignore[misc]
            for p in file.provisions
        ),
        transfers=tuple(
            filled.get((TRANSFER, p.no), p)  # type: ignore[misc]
            for p in file.transfers
        ),
    )
    return replace(result, files=(file,)), tuple(sorted(issues, key=lambda i: i.line or 0))


def _checked(
    targets: Sequence[tuple[_Target | None, bool]],
    changes: Sequence[ChangeRecord],
    items: Mapping[_Key, _Record],
) -> list[tuple[_Target | None, bool]]:
    """The targets of the change rows; inferred ones only when no row the inference numbered
    contradicts a value the body states for its item (then none of them is used)."""
    for position, (target, guessed) in enumerate(targets):
        if not guessed or target is None:
            continue
        record = items.get((target.heading, target.number))
        after = changes[position].after
        value = target.field.read(after, changes[position].line) if after else None
        if (
            record is not None
            and value is not None
            and not _agrees(record, target.field.attribute, value)
        ):
            return [(None, False) if inferred else (t, False) for t, inferred in targets]
    return list(targets)


def _issue(
    key: _Key, values: Mapping[str, tuple[_Value, ChangeRecord, _Field]], guessed: set[int]
) -> Issue:
    heading, number = key
    used = sorted(values.values(), key=lambda entry: entry[1].line)
    names = ", ".join(field.name for _value, _change, field in used)
    dates = sorted({change.date_text or "" for _value, change, _field in used} - {""})
    rows = ", ".join(str(change.line) for _value, change, _field in used)
    if any(change.line in guessed for _value, change, _field in used):
        rows += "; a row whose 項目 is cut, numbered by the rows around it"
    form_ref = _DELEGATIONS.form_ref if heading == DELEGATION_HEADING else _PROVISIONS.form_ref
    return Issue(
        code=IssueCode.REPAIRED_TEXT,
        message=(
            f"{heading}{number}: {names} not read in the body; taken from the change history "
            f"({CHANGES_REF} rows of {', '.join(dates)}, lines {rows})"
        ),
        line=used[0][1].line,
        form_ref=form_ref,
    )
