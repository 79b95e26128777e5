"""Ⅰ 2 システム: every システムN with ①名称, ②機能 and the ③他のシステムとの接続 grid.

Reading goes by evidence rather than position, because PDF-layout text prints a system's grid
before its heading, its name above its ``システムN`` line, or two systems' grids interleaved:

1. each ①システムの名称 is given a number: the ``システムN`` heading just before it (with no
   other name between), else the one just after it, else the next free number;
2. each ②システムの機能 belongs to the system named last before it;
3. lines of checkbox material are grouped into clusters. A cluster on the ③ label line itself
   (a tab or HTML row) belongs to the system whose block holds it. Any other cluster goes to
   the system named just before it or the one named just after it, whichever it fits without
   reading an option twice (every system has exactly one grid).

Problems are issues: a declared range (``システム2～5``) that the text does not fill
(COUNT_MISMATCH), a number used twice (DUPLICATE_ITEM), a repaired name or label or a mark
placed by inference (REPAIRED_TEXT), a system without its grid (FIELD_MISSING).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from ingest.checkbox import Grid, Token, TokenKind, tokens_to_grid
from ingest.extractors.base import Extraction, ExtractionContext, issue
from ingest.field import ClassifiedLine, LineKind, classify_lines, field_text
from ingest.label import CONNECTION_OPTIONS, OTHER_OPTION
from ingest.records import Issue, IssueCode, System
from ingest.repair import repair_by_consensus, repair_by_vocabulary
from ingest.section import Section
from ontology.lexicon import concepts, connection_kind, label_key, national_system

VOCABULARY_SCHEMES = ("national-systems", "connection-kinds")
"""Lexicon schemes whose spellings a system name is checked against."""


@dataclass(slots=True)
class _Block:
    number: int
    name: str | None = None
    name_index: int | None = None
    heading_index: int | None = None
    function_index: int | None = None
    cluster_lines: list[int] = field(default_factory=list)

    @property
    def anchors(self) -> list[int]:
        found = (self.heading_index, self.name_index, self.function_index)
        return [index for index in found if index is not None]

    @property
    def start(self) -> int:
        return min(self.anchors)


def extract_systems(section: Section, context: ExtractionContext) -> Extraction:
    """Read every システムN of Ⅰ 2."""
    lines = classify_lines(section.lines)
    issues: list[Issue] = []
    blocks, duplicates = _blocks(lines, section, issues)
    if not blocks:
        issues.append(issue(IssueCode.FIELD_MISSING, "Ⅰ 2 names no system", section))
        return Extraction(issues=tuple(issues))
    _assign_functions(lines, blocks)
    _assign_grids(lines, blocks)

    systems: list[System] = []
    for block in sorted(blocks, key=lambda b: b.number):
        if block.name is None or block.name_index is None:
            continue
        name, repairs = _canonical_name(block.name, context)
        for message in repairs:
            issues.append(issue(IssueCode.REPAIRED_TEXT, message, section, block.name_index))
        functions = (
            field_text(lines, block.function_index) or None
            if block.function_index is not None
            else None
        )
        grid = _grid(lines, block)
        issues += _grid_issues(grid, block, section)
        systems.append(
            System(
                no=block.number,
                name=name,
                functions=functions,
                connections=grid.ticked if grid else (),
                connections_other=grid.other_names if grid else (),
                line=section.raw_line(block.start),
            )
        )
    issues += duplicates
    issues += _count_issues(lines, {s.no for s in systems}, section)
    return Extraction(systems=tuple(systems), issues=tuple(issues))


# --- blocks: names and numbers ------------------------------------------------------------


def _is_label(line: ClassifiedLine, key: str) -> bool:
    return (
        line.label is not None
        and line.label.key == key
        and line.kind
        in (
            LineKind.LABEL,
            LineKind.SYSTEM,
        )
    )


def _blocks(
    lines: Sequence[ClassifiedLine], section: Section, issues: list[Issue]
) -> tuple[list[_Block], list[Issue]]:
    headings = [line for line in lines if line.kind is LineKind.SYSTEM and line.number]
    # A name line right under the same line is that line printed twice, no system of its own.
    names = [
        line
        for line in lines
        if _is_label(line, "system.name")
        and not (line.index and lines[line.index - 1].text.strip() == line.text.strip())
    ]
    claimed: set[int] = set()
    blocks: list[_Block] = []
    duplicates: list[Issue] = []
    by_number: dict[int, _Block] = {}
    name_indices = [line.index for line in names]

    def between(a: int, b: int) -> bool:
        low, high = min(a, b), max(a, b)
        return any(low < i < high for i in name_indices)

    def nearest_before(name_line: ClassifiedLine) -> ClassifiedLine | None:
        found = [
            h
            for h in headings
            if h.index < name_line.index and not between(h.index, name_line.index)
        ]
        return found[-1] if found else None

    # A heading before its name (``システム3`` ⇥ ``①システムの名称``) is the usual layout; a
    # heading after a name is taken only when it is not the heading right before a later name.
    heading_of = {
        line.index: found.index
        for line in names
        if line.kind is not LineKind.SYSTEM and (found := nearest_before(line)) is not None
    }
    printed = {
        line.number
        for line in (*headings, *names)
        if line.kind is LineKind.SYSTEM and line.number is not None
    }
    previous_number = 0
    for name_line in names:
        number: int | None = None
        heading_index: int | None = None
        inferred = False
        if name_line.kind is LineKind.SYSTEM:
            number, heading_index = name_line.number, name_line.index
        else:
            before = [
                h for h in headings
                if h.index < name_line.index and h.index not in claimed
                and not between(h.index, name_line.index)
            ]  # fmt: skip
            after = [
                h for h in headings
                if h.index > name_line.index and h.index not in claimed
                and not between(h.index, name_line.index)
                and h.index not in heading_of.values()
            ]  # fmt: skip
            chosen = before[-1] if before else (after[0] if after else None)
            if chosen is not None:
                number, heading_index = chosen.number, chosen.index
        if heading_index is not None:
            claimed.add(heading_index)
        if number is None:
            # The heading is lost: the number the sequence leaves free after the system before.
            inferred = True
            number = previous_number + 1
            if number in by_number or number in printed:
                number = max([*by_number, *printed, 0]) + 1
        previous_number = number
        name = field_text(lines, name_line.index, first_line_only=True).strip()
        if not name:
            issues.append(
                issue(
                    IssueCode.FIELD_MISSING,
                    f"システム{number} ①システムの名称 has no value",
                    section,
                    name_line.index,
                )
            )
            continue
        block = _Block(number, name, name_line.index, heading_index)
        if number in by_number:
            duplicates.append(
                issue(
                    IssueCode.DUPLICATE_ITEM,
                    f"システム{number} appears twice ({by_number[number].name} and {name}); "
                    "the first was kept",
                    section,
                    name_line.index,
                )
            )
            continue
        by_number[number] = block
        blocks.append(block)
        if inferred:
            issues.append(
                issue(
                    IssueCode.FIELD_MISSING,
                    f"システム{number}: its heading is not in the text; {name} is numbered "
                    f"{number} by the sequence of the systems around it",
                    section,
                    name_line.index,
                )
            )
    for heading in headings:
        if heading.index not in claimed and heading.number not in by_number:
            issues.append(
                issue(
                    IssueCode.FIELD_MISSING,
                    f"システム{heading.number} has no ①システムの名称",
                    section,
                    heading.index,
                )
            )
    return blocks, duplicates


def _assign_functions(lines: Sequence[ClassifiedLine], blocks: list[_Block]) -> None:
    named = sorted((b for b in blocks if b.name_index is not None), key=lambda b: b.name_index or 0)
    for line in lines:
        if not _is_label(line, "system.functions"):
            continue
        before = [b for b in named if (b.name_index or 0) < line.index]
        target = before[-1] if before else (named[0] if named else None)
        if target is not None and target.function_index is None:
            target.function_index = line.index


# --- grids --------------------------------------------------------------------------------


def _clusters(lines: Sequence[ClassifiedLine]) -> list[list[int]]:
    """Runs of lines holding checkbox material (choice lists and stray brackets may sit in
    between); a run without any option label or mark is no grid."""
    clusters: list[list[int]] = []
    current: list[int] = []
    for line in lines:
        material = (
            line.has_grid
            or line.kind in (LineKind.CHOICE, LineKind.NEUTRAL)
            or (_is_label(line, "system.connections"))
        )
        if material:
            current.append(line.index)
            continue
        if current:
            clusters.append(current)
        current = []
    if current:
        clusters.append(current)
    return [cluster for cluster in clusters if any(lines[i].has_grid for i in cluster)]


def _options_in(lines: Sequence[ClassifiedLine], indices: Sequence[int]) -> set[str]:
    return {
        token.option
        for index in indices
        for token in lines[index].tokens
        if token.kind is TokenKind.OPTION and token.option
    }


def _assign_grids(lines: Sequence[ClassifiedLine], blocks: list[_Block]) -> None:
    anchors = sorted((index, block) for block in blocks for index in block.anchors)

    def owner_before(index: int) -> _Block | None:
        found = [block for anchor, block in anchors if anchor <= index]
        return found[-1] if found else None

    def owner_after(index: int) -> _Block | None:
        return next((block for anchor, block in anchors if anchor > index), None)

    clusters = _clusters(lines)
    pending: list[list[int]] = []
    for cluster in clusters:
        inline = any(
            _is_label(lines[i], "system.connections") and lines[i].has_grid for i in cluster
        )
        owner = owner_before(cluster[0]) if inline else None
        if owner is None:
            pending.append(cluster)
        else:
            owner.cluster_lines += cluster
    for cluster in pending:
        previous, following = owner_before(cluster[0]), owner_after(cluster[-1])
        candidates = [block for block in (previous, following) if block is not None]
        if not candidates:
            continue
        options = _options_in(lines, cluster)

        def clashes(block: _Block, options: set[str] = options) -> int:
            return len(options & _options_in(lines, block.cluster_lines))

        # Fewest options read twice wins; on a tie the system named before the cluster.
        chosen = min(candidates, key=lambda block: (clashes(block), block is not previous))
        chosen.cluster_lines += cluster


def _grid(lines: Sequence[ClassifiedLine], block: _Block) -> Grid | None:
    if not block.cluster_lines:
        return None
    tokens: list[Token] = []
    for index in sorted(set(block.cluster_lines)):
        tokens += lines[index].tokens
    return tokens_to_grid(tokens, options=CONNECTION_OPTIONS)


def _grid_issues(grid: Grid | None, block: _Block, section: Section) -> list[Issue]:
    where = block.name_index if block.name_index is not None else block.start
    if grid is None:
        return [
            issue(
                IssueCode.FIELD_MISSING,
                f"システム{block.number} ③他のシステムとの接続 is not in the text",
                section,
                where,
            )
        ]
    found: list[Issue] = []
    for repair in grid.repairs:
        found.append(
            issue(
                IssueCode.REPAIRED_TEXT,
                f"システム{block.number} ③ option label {repair.reason}",
                section,
                repair.line,
            )
        )
    for placement in grid.placements:
        found.append(
            issue(
                IssueCode.REPAIRED_TEXT,
                f"システム{block.number} ③ a mark without its box ({placement.reason}) "
                f"was read as ticking {placement.option}",
                section,
                placement.line,
            )
        )
    for option in grid.conflicts:
        found.append(
            issue(
                IssueCode.DUPLICATE_ITEM,
                f"システム{block.number} ③ {option} is printed twice, ticked and unticked; "
                "read as ticked",
                section,
                where,
            )
        )
    return found


# --- names --------------------------------------------------------------------------------


@cache
def _vocabulary() -> tuple[str, ...]:
    """Correct spellings only: hidden labels (recorded OCR damage) are no repair target."""
    lexicon = tuple(
        label
        for scheme in VOCABULARY_SCHEMES
        for concept in concepts(scheme)
        for label in (concept.pref_label, *concept.alt_labels)
        if not label.isascii()
    )
    form = tuple(option for option in CONNECTION_OPTIONS if option != OTHER_OPTION)
    return tuple(dict.fromkeys(form + lexicon))


def _canonical_name(name: str, context: ExtractionContext) -> tuple[str, list[str]]:
    """The system name with OCR damage repaired, and messages for each repair."""
    concept = national_system(name) or connection_kind(name)
    if concept is not None:
        key = label_key(name)
        if any(label_key(hidden) == key for hidden in concept.hidden_labels):
            fixed = concept.pref_label
            return fixed, [f"①システムの名称 {name!r} repaired to {fixed!r} (known OCR damage)"]
        return name, []
    fixed_name = repair_by_vocabulary(name, _vocabulary())
    if fixed_name is not None:
        return fixed_name, [
            f"①システムの名称 {name!r} repaired to {fixed_name!r} (form vocabulary)"
        ]
    fixed_name = repair_by_consensus(name, context.squeezed_text)
    if fixed_name is not None:
        return fixed_name, [
            f"①システムの名称 {name!r} repaired to {fixed_name!r} (the text spells it so elsewhere)"
        ]
    return name, []


# --- counts -------------------------------------------------------------------------------


def _count_issues(
    lines: Sequence[ClassifiedLine], numbers: set[int], section: Section
) -> list[Issue]:
    found: list[Issue] = []
    reported: set[int] = set()
    for line in lines:
        if line.kind is not LineKind.SYSTEM_RANGE or line.number_range is None:
            continue
        low, high = line.number_range
        declared = set(range(low, high + 1))
        missing = sorted(declared - numbers)
        if missing and declared & numbers != declared:
            present = sorted(declared & numbers)
            reported.update(missing)
            found.append(
                issue(
                    IssueCode.COUNT_MISMATCH,
                    f"システム{low}～{high} heads {len(declared)} systems; the text has "
                    f"{len(present)} ({_numbers(present)}), missing {_numbers(missing)}",
                    section,
                    line.index,
                )
            )
    if numbers:
        gaps = sorted(set(range(1, max(numbers))) - numbers - reported)
        if gaps:
            found.append(
                issue(
                    IssueCode.COUNT_MISMATCH,
                    f"the systems are numbered up to {max(numbers)} but {_numbers(gaps)} "
                    "are not in the text",
                    section,
                )
            )
    return found


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(f"システム{number}" for number in numbers) or "none"
