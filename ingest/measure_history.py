"""The change history as a second source for the free-text items of Ⅳ その他のリスク対策.

A row of 別添3 変更箇所 whose 項目 names an item of Ⅳ (``Ⅳ リスク対策(その他) 3. その他のリスク
対策``, ``IV その他のリスク対策 1. 監査 ②監査 具体的な内容``; Ⅲ 8–10 of a 重点項目評価書)
restates that item's measures in its 変更後の記載. PDF page text prints Ⅳ's free text away from
its labels (a detail label before the part heading, the その他のリスク対策 paragraph under
①自己点検), so the body may hold the item with no measures, or the heading of その他のリスク対策
with nothing under it. Then the newest row naming the item fills the measures:

- the item is named by its part (Ⅳ, or Ⅲ with items 8–10), the part's title (``その他``,
  ``リスク対策``: a 重点項目評価書's Ⅳ is 開示請求), the item number and title, and for 監査
  exactly one of ①自己点検 and ②監査;
- only the newest row per item counts; a row that empties the item (``(記載なし)``, ``-``) or
  quotes it in part (``≪略≫``, ``以下を追記``: an addition, not the whole text) fills nothing;
- measures the body states are never replaced; a missing その他のリスク対策 (it has no rating)
  is added, at the line of the change row; a missing rated item is not (its rating is unknown);
- every item filled gets a REPAIRED_TEXT issue naming the change row: the provenance.

>>> measure_item("Ⅳ リスク対策(その他) 3. その他のリスク対策")
('Ⅳ', 'その他のリスク対策', None)
>>> measure_item("IVその他のリスク対策 1. 監査 ②監査 具体的な内容")
('Ⅳ', '監査', 2)
>>> measure_item("IV 開示請求、問合せ 1. 特定個人情報の開示・訂正") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from ingest.extractors.change import FORM_REF as CHANGES_REF
from ingest.extractors.change import newest_rows, whole_value
from ingest.extractors.measure import (
    AUDIT,
    FOCUSED_ITEM_NUMBERS,
    ITEM_NUMBERS,
    OTHER,
    SELF_CHECK,
    item_heading,
    platforms_in,
)
from ingest.records import ExtractionResult, Issue, IssueCode, Risk

_PART = re.compile(
    r"^\s*(?P<part>Ⅳ|IV|Ⅲ|III)\s*[.．、\-ー]?\s*(?P<title>[^\d０-９]*?)\s*"
    r"(?P<no>\d{1,2})\s*[.．、]\s*(?P<rest>.*)$"
)
_PART_NUMBERS: Mapping[str, Mapping[str, int]] = {
    "Ⅳ": ITEM_NUMBERS,
    "IV": ITEM_NUMBERS,
    "Ⅲ": FOCUSED_ITEM_NUMBERS,
    "III": FOCUSED_ITEM_NUMBERS,
}
_PART_WORDS = ("その他", "リスク対策")
_AUDIT_NUMBERS = {"①": 1, "②": 2}


def measure_item(item: str) -> tuple[str, str, int | None] | None:
    """The item of Ⅳ a change row's 項目 names, as (part, item title, 監査 number), or None.

    The part is ``Ⅳ``, or ``Ⅲ`` for the items 8–10 of a 重点項目評価書; the number is 1 for
    ①自己点検 and 2 for ②監査 (None for the other items).
    """
    found = _PART.match(item)
    if found is None:
        return None
    part = "Ⅳ" if found.group("part") in ("Ⅳ", "IV") else "Ⅲ"
    numbers = _PART_NUMBERS[found.group("part")]
    if not any(word in found.group("title") for word in _PART_WORDS) and part == "Ⅳ":
        return None
    title = item_heading(f"{found.group('no')}. {found.group('rest')}", numbers)
    if title is None:
        return None
    if title != AUDIT:
        return part, title, None
    circled = {_AUDIT_NUMBERS[c] for c in found.group("rest") if c in _AUDIT_NUMBERS}
    if len(circled) != 1 or part != "Ⅳ":
        return None  # 監査 as a whole, or a 重点項目評価書's checkbox list: no free text
    return part, title, circled.pop()


def _reference(part: str, title: str) -> str:
    return f"{part} {_PART_NUMBERS[part][title]}"


def _key(risk: Risk) -> tuple[str, str, int | None] | None:
    if risk.form_ref is None or " " not in risk.form_ref:
        return None
    part = risk.form_ref.split(" ")[0]
    if risk.section == AUDIT:
        return part, AUDIT, risk.no
    return part, risk.section, None


def _move_out(risks: list[Risk], text: str, *, keep: int, part: str) -> list[Risk]:
    """Cut ``text`` out of the measures of the other Ⅳ items that hold it whole (PDF text
    printed one item's paragraph under another's label); returns the items as they were."""
    pattern = re.compile(r"\s*".join(map(re.escape, "".join(text.split()))))
    moved: list[Risk] = []
    for position, risk in enumerate(risks):
        key = _key(risk)
        if position == keep or risk.measures is None or key is None or key[0] != part:
            continue
        found = pattern.search(risk.measures) if key[1] in _PART_NUMBERS[part] else None
        if found is None:
            continue
        rest = " ".join(f"{risk.measures[: found.start()]} {risk.measures[found.end() :]}".split())
        risks[position] = replace(risk, measures=rest or None, platforms=platforms_in(rest))
        moved.append(risk)
    return moved


def result_to_filled_measures(
    result: ExtractionResult,
) -> tuple[ExtractionResult, tuple[Issue, ...]]:
    """``result`` with the measures of Ⅳ items that the body lost filled from the newest change
    row restating them, and one REPAIRED_TEXT issue per item filled."""
    if not result.changes:
        return result, ()
    fills = {
        named: (change, text)
        for named, change in newest_rows(
            result.changes, lambda row: measure_item(row.item or "")
        ).items()
        if (text := whole_value(change.after)) is not None
    }
    if not fills:
        return result, ()
    held = {key: risk for risk in result.risks if (key := _key(risk)) is not None}
    parts = {key[0] for key in held}
    risks = list(result.risks)
    issues: list[Issue] = []
    for (part, title, number), (change, text) in fills.items():
        target = held.get((part, title, number))
        reference = _reference(part, title)
        name = f"①{SELF_CHECK}" if number == 1 else f"②{AUDIT}" if number == 2 else title
        if target is not None:
            if target.measures is not None:
                continue
            keep = risks.index(target)
            risks[keep] = replace(target, measures=text, platforms=platforms_in(text))
        elif title == OTHER and part in parts:
            risks.append(
                Risk(
                    section=OTHER,
                    measures=text,
                    platforms=platforms_in(text),
                    form_ref=reference,
                    line=change.line,
                )
            )
            keep = len(risks) - 1
        else:
            continue
        moved = _move_out(risks, text, keep=keep, part=part)
        where = "".join(
            f"; the same text printed under {_reference(*key[:2])} {risk.name or risk.section} "
            "is taken from it"
            for risk in moved
            if (key := _key(risk)) is not None
        )
        issues.append(
            Issue(
                code=IssueCode.REPAIRED_TEXT,
                message=(
                    f"{reference} {name} states no measures in the body; filled from the change "
                    f"history ({CHANGES_REF} row of {change.date_text}){where}"
                ),
                line=change.line,
                form_ref=reference,
            )
        )
    if not issues:
        return result, ()
    return replace(result, risks=tuple(risks)), tuple(issues)
