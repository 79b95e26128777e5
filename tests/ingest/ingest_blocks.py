"""Test helper: the Ⅱ 4 and Ⅱ 5 blocks of the first file of a corpus text.

The Ⅱ extractor (another module) cuts Ⅱ into files and blocks; the delegation and provision
tests need the same blocks without it. A block is cut by evidence, not only by its title,
because PDF page text prints an item's material before its title (``4. …委託`` comes after
委託事項1 and 2 in 001): block N runs from just after the last labelled line of an earlier
item that precedes N's first evidence, to the first labelled line of a later item after it.
Evidence is an item title (``4. 特定個人情報ファイルの取扱いの委託``) or a field label of Ⅱ
(:func:`ingest.overview.match_overview_label`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from ingest.form import SectionKind
from ingest.normalize import normalize_text
from ingest.overview import match_item_title, match_overview_label
from ingest.section import Section, text_to_sections
from ingest.source import read_source


def _evidence(section: Section) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for index, line in enumerate(section.lines):
        title = match_item_title(line)
        if title is not None:
            found.append((index, title.number))
            continue
        label = match_overview_label(line)
        if label is not None and label.spec.item is not None:
            found.append((index, label.spec.item))
    return found


def cut_block(section: Section, number: int) -> Section | None:
    """The sub-section of item ``number`` of Ⅱ (4 or 5), or None when the text lacks it."""
    evidence = _evidence(section)
    own = [index for index, item in evidence if item == number]
    if not own:
        return None
    first = own[0]
    earlier = [index for index, item in evidence if item < number and index < first]
    start = earlier[-1] + 1 if earlier else 0
    later = [index for index, item in evidence if item > number and index > first]
    end = later[0] if later else len(section.lines)
    return section.part(start, end)


@cache
def overview_section(path: Path) -> Section | None:
    """The FILE_OVERVIEW section (Ⅱ) of a corpus text, or None."""
    text = normalize_text(read_source(path).text)
    found = [s for s in text_to_sections(text) if s.kind is SectionKind.FILE_OVERVIEW]
    return found[0] if found else None


@cache
def block_of(path: Path, number: int) -> Section | None:
    """Ⅱ ``number`` (4 or 5) of the first file of ``path``, or None."""
    section = overview_section(path)
    return cut_block(section, number) if section is not None else None


def empty_block(path: Path) -> Section:
    """An empty block, as the Ⅱ extractor passes when a text lacks the item."""
    section = overview_section(path)
    if section is not None:
        return replace(section, end=section.start, lines=(), line_map=())
    return Section(
        kind=SectionKind.FILE_OVERVIEW, form_ref="Ⅱ", start=0, end=0, lines=(), line_map=()
    )


def text_block(text: str) -> Section:
    """A Ⅱ section made of ``text`` alone (line numbers are the text's own)."""
    normalised = normalize_text(text)
    return Section(
        kind=SectionKind.FILE_OVERVIEW,
        form_ref="Ⅱ",
        start=0,
        end=len(normalised.lines),
        lines=normalised.lines,
        line_map=normalised.line_map,
    )


def text_to_block(text: str, number: int) -> Section | None:
    """Ⅱ ``number`` of an in-memory text (for the invariance tests)."""
    normalised = normalize_text(text)
    found = [s for s in text_to_sections(normalised) if s.kind is SectionKind.FILE_OVERVIEW]
    return cut_block(found[0], number) if found else None


def record_mismatches(
    got: dict[str, Any], expected: dict[str, Any], gaps: Sequence[str] = ()
) -> list[str]:
    """Differences between an extracted record (as JSON) and a hand-verified one.

    Every key of ``expected`` is compared (``<field>_startswith`` / ``_endswith`` compare the
    ends of long text; ``basis`` compares the structured fields of each citation). A field in
    ``gaps`` is a known gap: the extraction may leave it empty but must not state another value.
    """
    problems: list[str] = []
    for key, wanted in expected.items():
        if key.startswith("_"):
            continue
        if key.endswith(("_startswith", "_endswith")):
            field = key.rsplit("_", 1)[0]
            value = got.get(field)
            if field in gaps and value is None:
                continue
            check = str.startswith if key.endswith("_startswith") else str.endswith
            if not isinstance(value, str) or not check(value, wanted):
                problems.append(f"{field}: {value!r} does not {key.rsplit('_', 1)[1]} {wanted!r}")
            continue
        value = got.get(key)
        if key == "basis":
            value = [
                {
                    name: citation[name]
                    for name in ("law_abbrev", "article", "paragraph", "item", "table", "rows")
                }
                for citation in value or []
            ]
        if value == wanted:
            continue
        if key in gaps and value in (None, []):
            continue
        problems.append(f"{key}: got {value!r}, expected {wanted!r}")
    return problems
