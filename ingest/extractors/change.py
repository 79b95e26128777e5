"""別添3 変更箇所 as a second source: the systems of Ⅰ 2 named in the change history.

When a text has lost Ⅰ 2 (a fragment), its change history still names systems: rows whose
項目 cell reads ``… 使用するシステム システムN …`` either carry the name in that cell
(``システム11 住民基本台帳ネットワークシステム ②システムの機能``) or add the system, with the name
as the 変更後の記載 (``システム14 ⇥ - ⇥ 個人住民税申告ポータル``). Later rows override earlier
ones. The registry uses these systems only when Ⅰ 2 itself is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.checkbox import line_to_tokens, tokens_to_grid
from ingest.extractors.base import Extraction, ExtractionContext
from ingest.field import flatten
from ingest.label import LABELS_BY_KEY
from ingest.records import System
from ingest.section import Section
from ingest.wareki import WAREKI_PATTERN

FORM_REF = "別添3"

_ITEM_SYSTEM = re.compile(
    r"(?:使用する\s*システム|基本情報).*?システム\s*(\d{1,2})(?!\d)(?P<rest>.*)$"
)
_FIELD = re.compile(r"[①②③]\s*(?P<label>\S+)")
_NO_VALUE = frozenset({"", "-", "－", "ー", "―", "(記載なし)", "記載なし", "なし"})
_MAX_NAME_LENGTH = 40


@dataclass(slots=True)
class _Found:
    name: str | None = None
    functions: str | None = None
    connections: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    line: int = 0


def _is_name(text: str) -> bool:
    return (
        0 < len(text) <= _MAX_NAME_LENGTH
        and not any(mark in text for mark in "。【】「」")
        and text not in _NO_VALUE
    )


def extract_change_systems(section: Section, context: ExtractionContext) -> Extraction:
    """Systems named in the rows of the change history (latest row wins)."""
    del context
    found: dict[int, _Found] = {}
    for index, line in enumerate(section.lines):
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) < 4 or not WAREKI_PATTERN.fullmatch(cells[0]):
            continue
        item = _ITEM_SYSTEM.search(cells[1])
        if not item:
            continue
        number = int(item.group(1))
        rest = item.group("rest").strip()
        field_match = _FIELD.search(rest)
        label = field_match.group("label") if field_match else ""
        name_part = rest[: field_match.start()].strip() if field_match else rest
        after = cells[3]
        entry = found.setdefault(number, _Found(line=section.raw_line(index)))
        entry.line = entry.line or section.raw_line(index)
        if _is_name(name_part):
            entry.name = name_part
        if (not label or label == LABELS_BY_KEY["system.name"].text) and _is_name(after):
            entry.name = after
        elif label == LABELS_BY_KEY["system.functions"].text and after not in _NO_VALUE:
            entry.functions = flatten([after])
        elif label == LABELS_BY_KEY["system.connections"].text:
            grid = tokens_to_grid(line_to_tokens(after, line=index))
            entry.connections, entry.other = grid.ticked, grid.other_names
    systems = tuple(
        System(
            no=number,
            name=entry.name,
            functions=entry.functions,
            connections=entry.connections,
            connections_other=entry.other,
            line=entry.line,
            form_ref=FORM_REF,
        )
        for number, entry in sorted(found.items())
        if entry.name
    )
    return Extraction(systems=systems)
