"""Ⅱ 5 特定個人情報の提供・移転(委託に伴うものを除く。): the outbound flows of one file.

The Ⅱ extractor calls :func:`extract_provisions` with the Ⅱ 5 block of one file. The block
states 提供・移転の有無 (``[○] 提供を行っている ( 65 ) 件 [○] 移転を行っている ( 27 ) 件
[ ] 行っていない``) and lists 提供先N (to other organisations) and 移転先N (to other
departments of the same organisation). Each becomes a :class:`~ingest.records.Provision`:
the recipient, ①法令上の根拠 (parsed into citations, and as written), ②用途, ③提供する情報,
④本人の数 (the selected choice), ⑤本人の範囲, ⑥提供方法 (ticked boxes as canonical method
labels, then what その他（…） names) and ⑦時期・頻度.

Problems are issues: declared counts that differ from the flows listed (COUNT_MISMATCH; the
message says when the body sends the reader to a 別紙, and :attr:`Provision.annex` names it),
提供・移転 not done with an empty template (EMPTY_TEMPLATE), a citation that does not parse
(UNPARSED_CITATION), a choice without a selection (NO_SELECTION), a flow without recipient or
basis (FIELD_MISSING), a flow printed twice (DUPLICATE_ITEM), fields printed away from their
flows in PDF page text (FIELD_MISSING, nothing assigned).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ingest.citation import Citation, CitationParse, parse_citation_lines, text_to_citations
from ingest.extractors.base import ExtractionContext, issue
from ingest.extractors.item import (
    METHOD_OPTIONS,
    BlockReading,
    FieldReading,
    ItemReading,
    ItemVocabulary,
    Row,
    block_form_ref,
    field_labels,
    inferred_message,
    lines_to_rows,
    numbers_text,
    read_choice,
    read_methods,
    rows_to_block,
    text_value,
    with_form_ref,
)
from ingest.normalize import CHOICE_MARKER
from ingest.records import Issue, IssueCode, Provision
from ingest.section import Section

FORM_REF = "Ⅱ 5"
ITEM_NUMBER = 5
"""The item of Ⅱ this module reads (5 in every document kind)."""
PROVISION = "提供先"
TRANSFER = "移転先"
DIRECTIONS = {PROVISION: "提供", TRANSFER: "移転"}

COUNT_CHOICES = (
    "1万人未満",
    "1万人以上10万人未満",
    "10万人以上100万人未満",
    "100万人以上1,000万人未満",
    "1,000万人以上",
)
"""The choices of ④提供する情報の対象となる本人の数."""

VOCABULARY = ItemVocabulary(
    headings=(PROVISION, TRANSFER),
    labels=field_labels(
        ("presence", "提供・移転の有無"),
        ("basis", "法令上の根拠"),
        ("purpose", "提供先における用途"),
        ("purpose", "移転先における用途"),
        ("info", "提供する情報"),
        ("info", "移転する情報"),
        ("count", "提供する情報の対象となる本人の数"),
        ("count", "移転する情報の対象となる本人の数"),
        ("scope", "提供する情報の対象となる本人の範囲"),
        ("scope", "移転する情報の対象となる本人の範囲"),
        ("methods", "提供方法"),
        ("methods", "移転方法"),
        ("timing", "時期・頻度"),
    ),
    block_keys=frozenset({"presence"}),
    choice_keys=frozenset({"count"}),
    choices=(("count", COUNT_CHOICES),),
    grid_keys=frozenset({"methods"}),
    title_words=("提供", "移転"),
)
"""The closed label vocabulary of Ⅱ 5 (both wordings: 提供… and 移転…)."""

FIELD_NAMES = {
    "basis": "①法令上の根拠",
    "purpose": "②用途",
    "info": "③提供する情報",
    "count": "④本人の数",
    "scope": "⑤本人の範囲",
    "methods": "⑥提供方法",
    "timing": "⑦時期・頻度",
}

_STATUS = {
    PROVISION: re.compile(r"提供を\s*行って\s*いる\s*[(（]\s*(?P<count>\d{0,4})\s*[)）]\s*件"),
    TRANSFER: re.compile(r"移転を\s*行って\s*いる\s*[(（]\s*(?P<count>\d{0,4})\s*[)）]\s*件"),
}
_NOT_DONE = re.compile(r"\[○\]\s*行って\s*いない")
_ANNEX = re.compile(r"別\s*紙\s*(?P<number>\d{1,2})\s*(?:を|に)?\s*(?:参照|記載|のとおり)")


@dataclass(frozen=True, slots=True, kw_only=True)
class ProvisionBlock:
    """Ⅱ 5 of one file: declared counts and the 提供先 and 移転先 flows."""

    provision_count: int | None
    """提供を行っている ( N ) 件, when filled in."""
    transfer_count: int | None
    """移転を行っている ( N ) 件, when filled in."""
    provisions: tuple[Provision, ...]
    transfers: tuple[Provision, ...]
    issues: tuple[Issue, ...]


def extract_provisions(section: Section, ctx: ExtractionContext) -> ProvisionBlock:
    """Read the Ⅱ 5 block of one file.

    Args:
        section: A sub-section covering only the Ⅱ 5 block of one file.
        ctx: The document context (unused today; kept for the extractor signature).

    Returns:
        The block: declared counts, the 提供先 and 移転先 records and the issues found.
    """
    del ctx
    form_ref = block_form_ref(section.form_ref, ITEM_NUMBER)
    issues: list[Issue] = []
    if not section.lines:
        issues.append(
            issue(IssueCode.SECTION_MISSING, "Ⅱ 5 提供・移転 is not in the text", section)
        )
        return ProvisionBlock(
            provision_count=None,
            transfer_count=None,
            provisions=(),
            transfers=(),
            issues=with_form_ref(issues, form_ref),
        )
    rows = lines_to_rows(section.lines, VOCABULARY)
    block = rows_to_block(rows, VOCABULARY)
    counts = _declared_counts(block, section)
    not_done = _not_done(block, section)
    if "presence" not in block.block_fields and not any(
        _STATUS[word].search(line) for word in _STATUS for line in section.lines
    ):
        issues.append(
            issue(IssueCode.FIELD_MISSING, "提供・移転の有無 is not in the text", section)
        )

    flows: dict[str, list[Provision]] = {PROVISION: [], TRANSFER: []}
    if block.scattered and block.items and _has_values(block):
        issues.append(_scatter_issue(block, section))
    elif not block.scattered:
        read_staircase_cells(block)
        for item in sorted(block.items, key=lambda i: (i.word, i.number)):
            flow = _provision(item, block, section, issues)
            if flow is not None:
                flows[item.word].append(flow)
    if block.items and not any(flows.values()) and not _has_values(block):
        state = "行っていない is ticked and " if not_done else ""
        issues.append(
            issue(
                IssueCode.EMPTY_TEMPLATE,
                f"提供・移転: {state}the 提供先/移転先 template has labels but no values",
                section,
                min(item.index for item in block.items),
            )
        )
    issues += [
        issue(
            IssueCode.DUPLICATE_ITEM,
            f"{heading.word}{heading.number} is printed twice; the first was kept",
            section,
            index,
        )
        for index, heading in block.duplicates
    ]
    for word in (PROVISION, TRANSFER):
        issues += _count_issues(word, counts[word], flows[word], block, section)
    return ProvisionBlock(
        provision_count=counts[PROVISION],
        transfer_count=counts[TRANSFER],
        provisions=tuple(flows[PROVISION]),
        transfers=tuple(flows[TRANSFER]),
        issues=with_form_ref(issues, form_ref),
    )


# --- 提供・移転の有無 ----------------------------------------------------------------------------


def _presence_texts(block: BlockReading, section: Section) -> list[str]:
    reading = block.block_fields.get("presence")
    own = [section.lines[i] for i in reading.lines] if reading is not None else []
    return own + list(section.lines)


def _declared_counts(block: BlockReading, section: Section) -> dict[str, int | None]:
    """The numbers in ( N ) 件 after 提供を行っている and 移転を行っている (the presence row
    first, else anywhere in the block: PDF page text prints the row apart from its label)."""
    counts: dict[str, int | None] = {}
    texts = _presence_texts(block, section)
    for word, pattern in _STATUS.items():
        counts[word] = None
        for text in texts:
            found = pattern.search(text)
            if found:
                number = found.group("count")
                counts[word] = int(number) if number else None
                break
    return counts


def _not_done(block: BlockReading, section: Section) -> bool:
    return any(_NOT_DONE.search(text) for text in _presence_texts(block, section))


def _has_values(block: BlockReading) -> bool:
    """Whether any flow field of the block (assigned or not) has a value."""
    readings = list(block.loose)
    for item in block.items:
        readings += item.fields.values()
        if item.name:
            return True
    for reading in readings:
        if reading.key == "methods":
            if read_methods(reading.pieces).ticked:
                return True
            continue
        if reading.key == "count":
            if read_choice(reading.pieces, COUNT_CHOICES):
                return True
            continue
        if text_value(reading):
            return True
    return False


# --- 提供先N / 移転先N -------------------------------------------------------------------------


def _provision(
    item: ItemReading, block: BlockReading, section: Section, issues: list[Issue]
) -> Provision | None:
    fields = item.fields
    label = f"{item.word}{item.number}"
    recipient = _flattened(item.name)
    basis_reading = fields.get("basis")
    basis_text = text_value(basis_reading)
    citations: tuple[Citation, ...] = ()
    if basis_text is not None and basis_reading is not None:
        # Parsed line by line, so that a citation on a continuation line carries its own line.
        lines = [section.raw_line(i) for i in basis_reading.piece_lines or [basis_reading.index]]
        parsed = parse_citation_lines(_written(basis_reading.pieces), lines)
        citations = parsed.citations
        if basis_reading.merged and _citation_share(basis_text, citations) < _MIN_CITATION_SHARE:
            # A share of a staircase row that is mostly not citations holds other cells too.
            basis_text, citations = None, ()
            parsed = CitationParse()
        for fragment in parsed.unparsed:
            issues.append(
                Issue(
                    code=IssueCode.UNPARSED_CITATION,
                    message=(
                        f"{label} ①法令上の根拠: {fragment.text!r} could not be read as a citation"
                    ),
                    line=fragment.line,
                    form_ref=section.form_ref,
                )
            )
    count_reading = fields.get("count")
    count = None
    if count_reading is not None:
        count = read_choice(_choice_texts(count_reading, section), COUNT_CHOICES)
    method_lines = sorted(set(item.grid_lines) | set(_lines(fields.get("methods"))))
    methods = read_methods([section.lines[i] for i in method_lines])
    provision = Provision(
        no=item.number,
        recipient=recipient,
        basis=tuple(citations),
        basis_text=basis_text,
        purpose=text_value(fields.get("purpose")),
        info=text_value(fields.get("info")),
        count=count,
        scope=text_value(fields.get("scope")),
        methods=methods.ticked + methods.other,
        timing=text_value(fields.get("timing")),
        source_form_ref=FORM_REF,
        direction=DIRECTIONS[item.word],
        annex=_annex(recipient, *(text_value(r) for r in fields.values())),
        line=section.raw_line(item.index),
    )
    if not _has_content(provision):
        return None
    if count_reading is not None and count is None:
        issues.append(
            issue(
                IssueCode.NO_SELECTION,
                f"{label} ④本人の数 has no selected choice",
                section,
                count_reading.index,
            )
        )
    values = {
        "basis": provision.basis_text,
        "purpose": provision.purpose,
        "info": provision.info,
        "scope": provision.scope,
        "timing": provision.timing,
    }
    repaired = [
        FIELD_NAMES[key]
        for key, value in values.items()
        if value is not None and key in fields and fields[key].merged
    ]
    if item.inferred:
        issues.append(
            issue(IssueCode.FIELD_MISSING, inferred_message(item, block.items), section, item.index)
        )
    for what, value in (("recipient", recipient), ("①法令上の根拠", basis_text)):
        if value is None and not (what == "recipient" and item.inferred):
            issues.append(
                issue(IssueCode.FIELD_MISSING, f"{label} {what} has no value", section, item.index)
            )
    if repaired:
        issues.append(
            issue(
                IssueCode.REPAIRED_TEXT,
                f"{label}: a row carries several labels (a staircase or merged cells); "
                f"{', '.join(repaired)} split from its value cell",
                section,
                item.index,
            )
        )
    # A field another row of the staircase gave a value is not lost.
    lost = [
        (index, kept)
        for index, keys in item.unsplit
        if (kept := tuple(key for key in keys if _empty(provision, key)))
    ]
    if lost:
        index, keys = lost[0]
        names = ", ".join(FIELD_NAMES.get(key, key) for key in keys)
        issues.append(
            issue(
                IssueCode.FIELD_MISSING,
                f"{label}: a row repeating earlier cells holds {names} in a cell that could "
                "not be split",
                section,
                index,
            )
        )
    return provision


_MIN_CITATION_SHARE = 0.6


_ATTRIBUTES = {"basis": "basis_text"}
"""Provision attributes named otherwise than their label key."""


def _empty(provision: Provision, key: str) -> bool:
    """True when the field of label ``key`` has no value in ``provision``."""
    return getattr(provision, _ATTRIBUTES.get(key, key), None) in (None, ())


def _written(pieces: Sequence[str]) -> list[str]:
    """The pieces of a free-text field as :func:`text_value` reads them (choice lists cut off,
    tabs made spaces), one per line."""
    written = []
    for piece in pieces:
        cut = piece.find(CHOICE_MARKER)
        written.append((piece[:cut] if cut >= 0 else piece).replace("\t", " "))
    return written


def _citation_share(text: str, citations: Sequence[Citation]) -> float:
    return sum(len(citation.text) for citation in citations) / max(len(text), 1)


def _flattened(name: str | None) -> str | None:
    if name is None:
        return None
    return text_value(FieldReading(key="recipient", index=0, pieces=[name]))


def _lines(reading: FieldReading | None) -> list[int]:
    return list(reading.lines) if reading is not None else []


def _choice_texts(reading: FieldReading, section: Section) -> list[str]:
    if reading.merged:
        return reading.pieces
    return [section.lines[i] for i in reading.lines]


def _annex(*texts: str | None) -> str | None:
    for text in texts:
        if text is None:
            continue
        found = _ANNEX.search(text)
        if found:
            return f"別紙{found.group('number')}"
    return None


def _has_content(provision: Provision) -> bool:
    return any(
        (
            provision.recipient,
            provision.basis_text,
            provision.purpose,
            provision.info,
            provision.count,
            provision.scope,
            provision.methods,
            provision.timing,
        )
    )


# --- staircase cells ---------------------------------------------------------------------------

_BOX = r"[\[【「][^\[\]【】「」]{0,4}[\]】」]"
_GRID_START = re.compile(
    _BOX + r"\s*(?:" + "|".join(re.escape(option) for option in METHOD_OPTIONS) + ")"
)
_OTHER_OPEN = re.compile(_BOX + r"\s*その他\s*[(（]")
_COUNT_BOX = re.compile(
    r"[\[【「]\s*(?:"
    + "|".join(r"\s*".join(map(re.escape, c)) for c in sorted(COUNT_CHOICES, key=len, reverse=True))
    + r")\s*[\]】」]?"
)
_OPTION_DEBRIS = re.compile(r"^(?:\s*[(（]?\s*\d\s*[)）]\s*[\d,.]*)+\s*")
_MAX_RECIPIENT = 20
"""Characters of a staircase cell's tail that may be the next item's recipient."""


def read_staircase_cells(block: BlockReading) -> None:
    """Fields a staircase left empty, read from the item's longest staircase cell by shape.

    A staircase row repeats the earlier value cells and adds one, so the last, longest cell
    holds the item's values in the form's label order, whatever its labels say (OCR numbers
    them wrong, ``⑤…本人の数`` twice). The shares that have a shape of their own are read
    from it: ⑤本人の範囲 between ④'s box (``[ 10万人以上100万人未満 ]`` and option debris) and
    ⑥'s first grid box, ⑦時期・頻度 after the grid's ``その他 (``. A share counts only when
    another item of the block states the same field with the share's words at its start and
    the rest of them in a later cell of the staircase rows (a value wrapped into the next OCR
    column); a
    timing share may end with the next item's recipient, taken when that item's heading is
    lost (as a label cell ending with ``提供先N`` gives N's recipient). Anything else stays
    empty: a value is left out rather than guessed.
    """
    starts = sorted(item.index for item in block.items)
    for item in block.items:
        if not item.staircase:
            continue
        end = next((start for start in starts if start > item.index), None)
        rows = [
            row
            for row in block.rows
            if row.merged and row.index >= item.index and (end is None or row.index < end)
        ]
        if not rows:
            continue
        row = max(rows, key=lambda r: (len(r.value), r.index))
        others = " ".join(cell for other in rows for cell in other.cells_after)
        grid = _GRID_START.search(row.value)
        if grid is None:
            continue
        if "scope" not in item.fields or not _filled(item, "scope"):
            box = _last(_COUNT_BOX.finditer(row.value, 0, grid.start()))
            if box is not None:
                share = _OPTION_DEBRIS.sub("", row.value[box.end() : grid.start()]).strip()
                value = _completed(block, item, "scope", share, others)
                if value is not None:
                    _set(item, "scope", value, row.index)
        if not _filled(item, "purpose"):
            purpose = _wrapped_purpose(item, rows)
            if purpose is not None:
                _set(item, "purpose", purpose, row.index)
        if _filled(item, "timing"):
            continue
        opened = _last(_OTHER_OPEN.finditer(row.value, grid.start()))
        if opened is None:
            continue
        tail = row.value[opened.end() :].strip(" )）")
        timing, rest = _sibling_prefix(block, item, "timing", tail)
        if timing is None:
            continue
        _set(item, "timing", timing, row.index)
        following = next(
            (i for i in block.items if i.word == item.word and i.number == item.number + 1), None
        )
        if (
            following is not None
            and following.inferred
            and following.name is None
            and rest
            and len(rest) <= _MAX_RECIPIENT
            and not re.search(r"[\[\]【】「」()（）\d]", rest)
        ):
            following.name = rest


_PROSE_PIECE = re.compile(r"^[^\d０-９\[\]【】「」()（）<>＜＞〈〉{}|｜]{2,}$")
"""A piece of a later OCR column that may continue a wrapped line: words, no option debris."""


def _wrapped_purpose(item: ItemReading, rows: Sequence[Row]) -> str | None:
    """②用途 of a staircase item whose value wrapped into later OCR columns, or None.

    The value cell of a staircase row holds each value's first visual line, the lines
    separated by spaces (``都道府県知事 番号法…第2条の 精神保健…法律に 番号法…で定める
    住民税関係情報``); what a wrapped line goes on with is in the cells after it, one OCR column
    each, top to bottom (``よる入院 もの``, then ``措置又は…であって``). Between the recipient
    and ③提供する情報, ①'s lines are the citations and ②'s lines start at the first line that
    is none; each of ②'s lines then takes, column by column, the next piece of words each later
    column starts with (the pieces most rows agree on). Read only when it is unambiguous: ①
    has a line, ② starts with words, every column starts with words (not ``表39の項``, which
    would complete ①'s citation, nor option debris), no column holds more pieces than ② has
    lines, and most rows agree on each piece.
    """
    recipient = _loose(item.name or "")
    info = text_value(item.fields["info"]) if "info" in item.fields else None
    if not recipient or info is None:
        return None
    lines: list[str] | None = None
    for row in rows:  # the row that keeps the most visual lines apart
        cut = row.value.find(info)
        tokens = row.value[:cut].split() if cut > 0 else []
        if (
            len(tokens) >= 3
            and _loose(tokens[0]) == recipient
            and (lines is None or len(tokens) > len(lines))
        ):
            lines = tokens
    if lines is None:
        return None
    first = 1
    while first < len(lines) and text_to_citations(lines[first]):
        first += 1
    own = lines[first:]
    if first == 1 or not own:
        return None
    columns: list[tuple[str, ...]] = []
    for column in range(max(len(row.cells_after) for row in rows)):
        cells = [
            row.cells_after[column].split()
            for row in rows
            if len(row.cells_after) > column and row.cells_after[column].strip()
        ]
        if not cells:
            continue
        heads = Counter(cell[0] for cell in cells).most_common(1)[0][0]
        if not _PROSE_PIECE.match(heads) or (
            column == 0 and _continues_citation(lines[first - 1], heads)
        ):
            return None  # the column starts with something else: ②'s pieces cannot be told
        pieces = _agreed_pieces([_leading_prose(cell) for cell in cells])
        if pieces is None or len(pieces) > len(own):
            return None
        columns.append(pieces)
    return "".join(
        line + "".join(pieces[index] for pieces in columns if index < len(pieces))
        for index, line in enumerate(own)
    )


def _continues_citation(line: str, piece: str) -> bool:
    """Whether ``piece`` completes the citation ``line`` ends with (``…第2条の`` + ``表39の項``)."""
    alone = sum(len(c.rows) for c in text_to_citations(line))
    return sum(len(c.rows) for c in text_to_citations(line + piece)) > alone


def _agreed_pieces(readings: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The pieces most of a column's readings agree on, position by position; None when most
    readings have a piece at a position but no piece has a majority there.

    >>> _agreed_pieces([("よる入院", "もの"), ("よる入院", "もの", "人人"), ("よる入院打", "もの")])
    ('よる入院', 'もの')
    >>> _agreed_pieces([("よる入院",), ("による",)]) is None
    True
    """
    agreed: list[str] = []
    for position in range(max((len(r) for r in readings), default=0)):
        here = Counter(reading[position] for reading in readings if len(reading) > position)
        piece, count = here.most_common(1)[0]
        if 2 * count > len(readings):
            agreed.append(piece)
        elif 2 * sum(here.values()) > len(readings):
            return None
        else:
            break
    return tuple(agreed)


def _leading_prose(cell: Sequence[str]) -> tuple[str, ...]:
    pieces: list[str] = []
    for piece in cell:
        if not _PROSE_PIECE.match(piece):
            break
        pieces.append(piece)
    return tuple(pieces)


def _last(found: Iterator[re.Match[str]]) -> re.Match[str] | None:
    last = None
    for last in found:  # noqa: B007 - the last match is wanted
        pass
    return last


def _filled(item: ItemReading, key: str) -> bool:
    reading = item.fields.get(key)
    return reading is not None and text_value(reading) is not None


def _set(item: ItemReading, key: str, value: str, index: int) -> None:
    item.fields[key] = FieldReading(
        key=key, index=index, pieces=[value], lines=[index], piece_lines=[index], merged=True
    )


def _siblings(block: BlockReading, item: ItemReading, key: str) -> set[str]:
    return {
        value
        for other in block.items
        if other is not item
        and (reading := other.fields.get(key)) is not None
        and not reading.merged
        and (value := text_value(reading)) is not None
    }


def _loose(text: str) -> str:
    return re.sub(r"\s", "", text)


def _completed(
    block: BlockReading, item: ItemReading, key: str, share: str, others: str
) -> str | None:
    """The value another item states for ``key`` that starts with ``share`` and whose rest is
    in ``others`` (the later cells of the staircase rows), or None."""
    share_key = _loose(share)
    if len(share_key) < 4:
        return None
    found = {
        value
        for value in _siblings(block, item, key)
        if (whole := _loose(value)).startswith(share_key)
        and (whole == share_key or whole[len(share_key) :] in _loose(others))
    }
    return next(iter(found)) if len(found) == 1 else None


def _sibling_prefix(
    block: BlockReading, item: ItemReading, key: str, text: str
) -> tuple[str | None, str]:
    """The value another item states for ``key`` that ``text`` starts with, and the rest."""
    loose = _loose(text)
    found = sorted(
        (v for v in _siblings(block, item, key) if loose.startswith(_loose(v))),
        key=lambda v: len(_loose(v)),
        reverse=True,
    )
    if not found:
        return None, ""
    value = found[0]
    consumed, position = 0, 0
    target = _loose(value)
    while position < len(text) and consumed < len(target):
        if not text[position].isspace():
            consumed += 1
        position += 1
    return value, text[position:].strip()


# --- counts and layout -------------------------------------------------------------------------


def _count_issues(
    word: str,
    count: int | None,
    flows: Sequence[Provision],
    block: BlockReading,
    section: Section,
) -> list[Issue]:
    if count is None or count == len(flows):
        return []
    listed = [flow.no for flow in flows]
    annexes = sorted({flow.annex for flow in flows if flow.annex})
    annex = f"; the text refers to {', '.join(annexes)} for the list" if annexes else ""
    option = "提供を行っている" if word == PROVISION else "移転を行っている"
    where = block.block_fields["presence"].index if "presence" in block.block_fields else None
    return [
        issue(
            IssueCode.COUNT_MISMATCH,
            f"{option} ( {count} ) 件 is declared; the body lists {len(listed)} "
            f"({numbers_text(listed, word)}){annex}",
            section,
            where,
        )
    ]


def _scatter_issue(block: BlockReading, section: Section) -> Issue:
    numbers = sorted({f"{item.word}{item.number}" for item in block.items})
    return issue(
        IssueCode.FIELD_MISSING,
        f"Ⅱ 5: the layout prints the fields of {', '.join(numbers)} away from their headings "
        "(PDF page order), so their values were not assigned to flows",
        section,
        min(item.index for item in block.items),
    )
