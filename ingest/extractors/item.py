"""Numbered items of Ⅱ 4 and Ⅱ 5 (委託事項N, 提供先N, 移転先N): rows, labels, values.

Ⅱ 4 and Ⅱ 5 repeat one small form per item: a heading (``委託事項3 ⇥ 税務システムの改修…``,
``提供先1 ⇥ 厚生労働大臣``) and a closed set of labelled fields (``①委託内容``, ``⑥委託先名``,
``①法令上の根拠`` …). The texts damage them in every way the corpus knows, so reading goes in
three steps:

1. every line becomes a :class:`Row`: the headings and labels it starts with (fuzzy, against
   the closed vocabulary; a label cut by a tab or a line end, ``委託事 ⇥ 項1``,
   ``②取扱いを委託する特定個`` + ``人情報ファイルの範囲``, is joined) and the value after them.
   A row whose label cell OCR damaged beyond fuzzy matching (``⑥委 詞 ⇥ 托先名``,
   ``吸いを委託する特定個 プアイルの範囲``) is recognised by the circled numeral the document
   itself gives that label elsewhere (:func:`learn_numerals`) or by how much of the damaged cell
   a label explains;
2. rows are assigned to items in print order (:func:`rows_to_block`): a heading opens an item,
   a label fills a slot of the current item. A row that repeats earlier cells (a "staircase",
   ``①法令上の根拠 ②提供先における用途 ⇥ <both values>``) is split by removing the values
   already known from the front of its value cell;
3. values are read per field kind: free text (flattened), a selected choice
   (:func:`read_choice`), a checkbox grid of transfer methods (:func:`read_methods`).

Text laid out as a PDF page (values before labels, one item's fields printed under the next
item's heading) cannot be assigned by print order; :attr:`BlockReading.scattered` says so and
the extractors then report instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from rapidfuzz.distance import Indel, Levenshtein

from ingest.checkbox import Token, TokenKind, is_grid_line, line_to_tokens, tokens_to_grid
from ingest.field import flatten
from ingest.form import SectionKind
from ingest.label import FUZZY_THRESHOLD, Label, circled_number, match_label
from ingest.normalize import CHOICE_MARKER, TICK
from ingest.records import Issue
from ontology.lexicon import transfer_method

# --- vocabulary --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemVocabulary:
    """The closed vocabulary of one numbered-item block (Ⅱ 4 or Ⅱ 5)."""

    headings: tuple[str, ...]
    """The item headings without their number, e.g. ``("提供先", "移転先")``."""
    labels: tuple[Label, ...]
    """The field labels (several wordings may share one key)."""
    block_keys: frozenset[str] = frozenset()
    """Keys of fields that belong to the block, not to an item (委託の有無)."""
    choice_keys: frozenset[str] = frozenset()
    """Keys of ``<選択肢>`` fields."""
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """The options of a ``<選択肢>`` field by key, where a staircase row needs them to tell
    where its printed list ends."""
    grid_keys: frozenset[str] = frozenset()
    """Keys of checkbox-grid fields (the transfer methods)."""
    title_words: tuple[str, ...] = ()
    """Words of the block's own heading (``4. 特定個人情報ファイルの取扱いの委託``): a line
    that starts with an item number and holds one of them is the heading, not a field."""


def field_labels(*entries: tuple[str, str]) -> tuple[Label, ...]:
    """Labels of Ⅱ from ``(key, wording)`` pairs (no numeral: the form versions number them
    differently, so a numeral on a line is evidence, not a requirement)."""
    return tuple(
        Label(key=key, text=text, section=SectionKind.FILE_OVERVIEW) for key, text in entries
    )


# --- headings ----------------------------------------------------------------------------------

_RANGE_DASH = r"[~～〜\-－ー―]"


@cache
def _heading_pattern(headings: tuple[str, ...]) -> re.Pattern[str]:
    spelled = "|".join(r"\s*".join(map(re.escape, word)) for word in headings)
    return re.compile(
        rf"(?P<word>{spelled})\s*(?P<number>\d{{1,3}})(?:\s*{_RANGE_DASH}\s*(?P<last>\d{{1,3}}))?"
        r"(?![\d万人件年])"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    """``委託事項N`` / ``提供先N`` / ``移転先N`` (or a range ``委託事項2～5``)."""

    word: str
    """The heading word without spaces (``委託事項``, ``提供先``, ``移転先``)."""
    number: int
    last: int | None = None
    """For a range heading (``提供先6～10``): its last number."""


# --- rows --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Hit:
    """One heading or field label recognised on a row."""

    key: str | None = None
    """The field key; None for a heading or a cut label that fits several fields."""
    heading: Heading | None = None
    numeral: int | None = None
    """The circled numeral written before the label, if any."""
    how: str = "label"
    """How it was recognised: ``label``, ``cut`` (a label cut short), ``numeral`` (a damaged
    label identified by its numeral), ``cell`` (by how much of the cell it explains)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One normalised line of the block, read as headings/labels and a value."""

    index: int
    text: str
    hits: tuple[Hit, ...] = ()
    value: str = ""
    """The text after the labels (the value cell), as written."""
    cells_after: tuple[str, ...] = ()
    """Further cells after the value cell (OCR column debris, kept for grids)."""
    joined_next: bool = False
    """The label was completed by the next line (which is then consumed)."""
    title: bool = False
    """The heading of the block itself (``5. 特定個人情報の提供・移転…``)."""

    @property
    def merged(self) -> bool:
        """True when the row carries several labels (a staircase or merged row)."""
        return len(self.hits) > 1


_CIRCLED_LEAD = re.compile(r"^[\s\[\]○*＊・.,:：]*(?P<numeral>[\u2460-\u2473\u3251-\u325f])\s*")
_DIGIT_NUMERAL = re.compile(
    r"^(?P<numeral>[1-9]|1[0-9]|20)(?=[\u3040-\u30ff\u4e00-\u9fff])(?![万人件年月日項号条])"
)
_LEAD_JUNK = re.compile(r"^[\s\[\]○()（）<>*＊※・.,:：]+")
_CUT_MIN = 5
"""A label cut short by a tab or a line end is recognised from this many characters on."""
_CUT_SHARE = 0.4
_SQUEEZE_OUT = re.compile(r"[\s\[\]()（）<>*＊※・.,:：|｜\-–—―_]")
_CELL_MIN_SHARE = 0.8
_CELL_MIN_CHARS = 4
_NUMERAL_MIN_SHARE = 0.3
_MAX_JUNK_CELL = 3
"""Cells of this many characters before a label are group labels or debris (再委託, 重, O 1)."""


def _squeezed(text: str) -> str:
    return _SQUEEZE_OUT.sub("", text)


def _lead_numeral(text: str) -> tuple[int | None, str]:
    found = _CIRCLED_LEAD.match(text)
    if found:
        return circled_number(found.group("numeral")), text[found.end() :]
    stripped = _LEAD_JUNK.sub("", text)
    digit = _DIGIT_NUMERAL.match(stripped)
    if digit:
        return int(digit.group("numeral")), stripped[digit.end() :]
    return None, stripped


def _value_offset(text: str, value: str) -> int:
    """Where ``value`` (a stripped suffix of ``text``) starts in ``text``."""
    trimmed = text.rstrip()
    if not value:
        return len(trimmed)
    position = trimmed.rfind(value)
    return position if position >= 0 else len(trimmed)


def _cut_candidates(segment: str, labels: Sequence[Label]) -> list[Label]:
    """Labels that ``segment`` (a whole cell or line end) is the beginning of."""
    squeezed = _squeezed(segment)
    if len(squeezed) < _CUT_MIN:
        return []
    found: list[Label] = []
    for label in labels:
        target = _squeezed(label.text)
        if len(squeezed) >= len(target) or len(squeezed) < _CUT_SHARE * len(target):
            continue
        head = target[: len(squeezed)]
        if Levenshtein.normalized_similarity(head, squeezed) * 100.0 >= FUZZY_THRESHOLD:
            found.append(label)
    return found


def _cell_end(text: str, position: int) -> int:
    tab = text.find("\t", position)
    return len(text) if tab < 0 else tab


def _parse_labels(
    text: str, vocabulary: ItemVocabulary, learned: dict[int, str]
) -> tuple[list[Hit], int, bool]:
    """Headings and labels at the start of ``text``; returns them, the value offset and whether
    the last one is a label cut at the end of the text (to be completed by the next line)."""
    heading_re = _heading_pattern(vocabulary.headings)
    hits: list[Hit] = []
    ends: list[tuple[int, bool]] = []
    position = 0
    cut_at_end = False
    last_start = 0
    while True:
        ends.append((position, cut_at_end))
        if hits and "\t" in text[last_start:position]:
            break  # the last label ended its cell: what follows is the value
        rest = text[position:]
        lead = len(rest) - len(rest.lstrip(" ※\t" if not hits else " ※"))
        if hits and rest[:lead].count("\t"):
            break
        start = position + lead
        last_start = start
        heading = heading_re.match(text, start)
        if heading:
            word = re.sub(r"\s", "", heading.group("word"))
            last = heading.group("last")
            hits.append(
                Hit(
                    heading=Heading(
                        word=word,
                        number=int(heading.group("number")),
                        last=int(last) if last else None,
                    )
                )
            )
            position = heading.end()
            continue
        numeral, after = _lead_numeral(text[start:])
        offset = start + (len(text[start:]) - len(after))
        found = match_label(after, vocabulary.labels)
        if found is not None:
            key = found.label.key
            longer = _longer_cut(after, found.label, vocabulary.labels)
            if longer:
                # The cell is a longer label cut short that starts with this one
                # (``④提供する情報の対象とな`` is no ③提供する情報): its numeral, as the
                # document numbers labels elsewhere, tells which, else it stays unknown.
                keys = {label.key for label in longer}
                chosen = next(iter(keys)) if len(keys) == 1 else learned.get(numeral or 0)
                hits.append(Hit(key=chosen if chosen in keys else None, numeral=numeral, how="cut"))
                position = offset + _cell_end(after, 0)
                continue
            hits.append(Hit(key=key, numeral=numeral))
            position = offset + _value_offset(after, found.value)
            continue
        cell = _cell_text(after)
        candidates = _cut_candidates(cell, vocabulary.labels)
        keys = {label.key for label in candidates}
        if candidates:
            key_found: str | None = None
            if len(keys) == 1:
                key_found = next(iter(keys))
            elif numeral is not None and learned.get(numeral) in keys:
                key_found = learned[numeral]
            hits.append(Hit(key=key_found, numeral=numeral, how="cut"))
            position = offset + len(cell)
            cut_at_end = _cell_end(after, 0) >= len(after.rstrip())
            continue
        break
    cell_ended = "\t" in text[last_start:position] or not text[
        position : _cell_end(text, position)
    ].strip(" ※")
    if len(hits) > 1 and not cell_ended:
        # Several labels in one cell only where the cell holds nothing else (a staircase
        # row: ``①法令上の根拠 ②提供先における用途 ⇥ …``); in a line of running text the
        # words after the first label are its value (``⑨再委託事項 委託事項1と同様``).
        position, cut_at_end = ends[1]
        hits = hits[:1]
    return hits, position, cut_at_end


def _longer_cut(text: str, label: Label, labels: Sequence[Label]) -> list[Label]:
    """Longer labels that the cell starting ``text`` is a cut-short beginning of, when the
    cell holds nothing but that beginning (a value would follow a tab)."""
    cell = _cell_text(text)
    if "\t" not in text or len(_squeezed(cell)) <= len(_squeezed(label.text)):
        return []
    return [
        other
        for other in _cut_candidates(cell, labels)
        if len(other.text) > len(label.text) and other.text.startswith(label.text)
    ]


def _cell_text(text: str) -> str:
    return text[: _cell_end(text, 0)]


def _damaged_zone(
    cells: Sequence[str], vocabulary: ItemVocabulary, learned: dict[int, str]
) -> Hit | None:
    """A label cell OCR damaged beyond fuzzy matching: identified by its numeral (as the
    document numbers that label elsewhere) or by how much of the cell one label explains."""
    zone_cells = [cell for cell in cells if _squeezed(cell)]
    if not zone_cells or _ITEM_NUMBER.match(zone_cells[0]):
        return None
    numeral: int | None = None
    first_numeral, first_rest = _lead_numeral(zone_cells[0])
    if first_numeral is not None:
        numeral = first_numeral
        zone_cells[0] = first_rest
    zone = "".join(_squeezed(cell) for cell in zone_cells)
    if not zone:
        return None
    if numeral is not None and numeral in learned:
        key = learned[numeral]
        texts = [label.text for label in vocabulary.labels if label.key == key]
        share = max(_explained(zone, _squeezed(text)) for text in texts)
        if share >= _NUMERAL_MIN_SHARE:
            return Hit(key=key, numeral=numeral, how="numeral")
    if len(zone) < _CELL_MIN_CHARS:
        return None
    best: tuple[float, float, str] | None = None
    for label in vocabulary.labels:
        target = _squeezed(label.text)
        common = _common(zone, target)
        share, recall = common / len(zone), common / len(target)
        if best is None or (share, recall) > best[:2]:
            best = (share, recall, label.key)
    if best is None or best[0] < _CELL_MIN_SHARE:
        return None
    return Hit(key=best[2], numeral=numeral, how="cell")


def _common(a: str, b: str) -> int:
    """Length of the longest common subsequence of ``a`` and ``b``."""
    return (len(a) + len(b) - Indel.distance(a, b)) // 2


def _explained(zone: str, target: str) -> float:
    return _common(zone, target) / len(zone) if zone else 0.0


def _split_value(text: str) -> tuple[str, tuple[str, ...]]:
    cells = [cell.strip() for cell in text.split("\t")]
    cells = [cell for cell in cells if cell]
    if not cells:
        return "", ()
    return cells[0], tuple(cells[1:])


def parse_row(
    index: int, line: str, vocabulary: ItemVocabulary, learned: dict[int, str] | None = None
) -> tuple[Row, bool]:
    """Read one line; returns the row and whether its last label is cut at the line end."""
    known = learned or {}
    cells = line.split("\t")
    offset = 0
    for start in range(min(len(cells), _MAX_JUNK_CELL)):
        if start and len(_squeezed(cells[start - 1])) > _MAX_JUNK_CELL:
            break
        text = line[offset:]
        hits, position, cut = _parse_labels(text, vocabulary, known)
        if hits:
            value, after = _split_value(text[position:])
            return Row(
                index=index, text=line, hits=tuple(hits), value=value, cells_after=after
            ), cut
        offset += len(cells[start]) + 1
    if len(cells) >= 2:
        non_empty = [cell for cell in cells if cell.strip()]
        if len(non_empty) >= 2 and not _has_box(non_empty[0]):
            hit = _damaged_zone(non_empty[:-1], vocabulary, known)
            if hit is not None:
                return Row(index=index, text=line, hits=(hit,), value=non_empty[-1].strip()), False
    return Row(index=index, text=line), False


def _has_box(text: str) -> bool:
    return "[" in text or TICK in text or CHOICE_MARKER in text


def learn_numerals(lines: Sequence[str], vocabulary: ItemVocabulary) -> dict[int, str]:
    """The circled numeral the document gives each label, from labels it prints intact.

    The form versions number the fields differently (⑤委託先名 or ⑥委託先名), but one document
    is consistent, so a label whose words OCR destroyed is still known by its numeral.
    """
    votes: dict[int, dict[str, int]] = {}
    for index, line in enumerate(lines):
        row, _cut = parse_row(index, line, vocabulary)
        for hit in row.hits:
            if hit.key is None or hit.numeral is None or hit.how != "label":
                continue
            counts = votes.setdefault(hit.numeral, {})
            counts[hit.key] = counts.get(hit.key, 0) + 1
    return {numeral: max(counts, key=lambda key: counts[key]) for numeral, counts in votes.items()}


_ITEM_NUMBER = re.compile(r"^\s*\d\s*[.．、]")


def lines_to_rows(lines: Sequence[str], vocabulary: ItemVocabulary) -> list[Row]:
    """Read every line of a block into rows, joining labels cut at a line end."""
    learned = learn_numerals(lines, vocabulary)
    rows: list[Row] = []
    skip = False
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        if _ITEM_NUMBER.match(line) and (
            index == 0 or any(word in line for word in vocabulary.title_words)
        ):
            rows.append(Row(index=index, text=line, title=True))
            continue
        row, cut = parse_row(index, line, vocabulary, learned)
        if index + 1 < len(lines) and _may_continue(row, cut):
            following = lines[index + 1].strip()
            joined, _ = parse_row(index, line + following, vocabulary, learned)
            last = joined.hits[-1] if joined.hits else None
            if (
                last is not None
                and last.how == "label"
                and len(joined.hits) == len(row.hits)
                and joined.value != following
                and following.endswith(joined.value)
                and (cut or not row.value or last.key != row.hits[-1].key)
            ):
                rows.append(replace(joined, text=line, joined_next=True))
                skip = True
                continue
        rows.append(row)
    return rows


_SHORT_VALUE = 8
"""A label followed by this few characters may be a shorter label matched inside a longer
one that the line end cut (``⑤移転する情報の対象となる`` + ``本人の範囲``)."""


def _may_continue(row: Row, cut: bool) -> bool:
    """Whether the row's last label may go on on the next line (cut, or matched short)."""
    if cut:
        return True
    if not row.hits or row.cells_after or "\t" in row.text:
        return False
    last = row.hits[-1]
    return last.heading is None and last.key is not None and len(row.value) <= _SHORT_VALUE


# --- assignment --------------------------------------------------------------------------------


@dataclass(slots=True)
class FieldReading:
    """The text of one field of one item: its value pieces and where it starts."""

    key: str
    index: int
    pieces: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    """Indices of the lines the value was read from."""
    piece_lines: list[int] = field(default_factory=list)
    """Index of the line of each piece (a label row without a value has no piece)."""
    merged: bool = False
    """Read from a row that carries several labels (split by difference)."""


@dataclass(slots=True)
class ItemReading:
    """One item (委託事項N, 提供先N, 移転先N) as read from its rows."""

    word: str
    number: int
    index: int
    """Index of the heading line."""
    name: str | None = None
    fields: dict[str, FieldReading] = field(default_factory=dict)
    grid_lines: list[int] = field(default_factory=list)
    """Lines inside the item that hold checkbox material (the transfer-method grid)."""
    staircase: bool = False
    """Some of its rows repeat earlier cells (values split by difference)."""
    unsplit: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    """Merged rows whose value cell could not be split between their labels."""
    inferred: bool = False
    """The heading is not in the text: the item was opened where its fields start again
    (a label its predecessor already has, numbered ① … again), its number inferred from the
    headings around it."""
    last_numeral: int | None = None
    """The highest circled numeral of the labels read into the item so far."""


@dataclass(slots=True)
class BlockReading:
    """Everything read from one Ⅱ 4 or Ⅱ 5 block."""

    rows: list[Row]
    items: list[ItemReading] = field(default_factory=list)
    block_fields: dict[str, FieldReading] = field(default_factory=dict)
    ranges: list[tuple[int, Heading]] = field(default_factory=list)
    """Range headings (``委託事項2～5``): page furniture of the printed form."""
    loose: list[FieldReading] = field(default_factory=list)
    """Fields that could not be given to an item (printed before any heading, or repeated)."""
    scattered: bool = False
    """True when the layout prints fields away from their items (PDF page text): the fields
    of several items cannot be told apart by print order."""
    duplicates: list[tuple[int, Heading]] = field(default_factory=list)
    """Headings of an item that was already complete (the item printed twice)."""


_MIN_LOOSE = 2
"""Fields out of item order from which a block counts as scattered (one may be a stray)."""


def rows_to_block(rows: Sequence[Row], vocabulary: ItemVocabulary) -> BlockReading:
    """Assign rows to items in print order (see the module docstring)."""
    block = BlockReading(rows=list(rows))
    headings = [
        (row.index, hit.heading)
        for row in rows
        for hit in row.hits
        if hit.heading is not None and hit.heading.last is None
    ]
    current: ItemReading | None = None
    last_field: FieldReading | None = None
    wrapped: FieldReading | None = None
    for row in rows:
        if row.title:
            last_field = wrapped = None
            continue
        if not row.hits:
            if _is_grid_material(row.text):
                if current is not None:
                    current.grid_lines.append(row.index)
                last_field = wrapped = None
                continue
            if last_field is None and wrapped is not None and _wraps(row.text):
                last_field = wrapped
            wrapped = None
            if last_field is not None and len(_squeezed(row.text)) > 1:
                # (a line of one character is vertical text: a group label of the layout)
                last_field.pieces.append(row.text)
                last_field.piece_lines.append(row.index)
                last_field.lines.append(row.index)
            continue
        if current is None or _restarts(row, current, block, vocabulary):
            current = _inferred_item(row, current, block, headings, vocabulary) or current
        targets = _targets(row, current, block)
        for hit, item in targets:
            if hit.heading is not None and hit.heading.last is None and item is not None:
                current = item
        values = _split_merged(row, targets, block, vocabulary)
        last_field = wrapped = None
        for (hit, item), value in zip(targets, values, strict=True):
            if hit.heading is not None:
                if item is not None and value and item.name is None:
                    item.name = value
                continue
            if hit.key is None:
                continue
            reading = FieldReading(key=hit.key, index=row.index, merged=row.merged)
            if value is not None:
                reading.pieces.append(value)
                reading.piece_lines.append(row.index)
            reading.lines.append(row.index)
            placed = _place(reading, item, row, block, vocabulary)
            if item is not None and hit.numeral is not None:
                item.last_numeral = max(item.last_numeral or 0, hit.numeral)
            # A table row holds its whole value in its cell; only a label printed alone on
            # its line (PDF page text) goes on with the plain lines after it.
            last_field = placed if placed is not None and _continues(row, vocabulary) else None
            if placed is not None and last_field is None and _wrapped_cell(row, vocabulary):
                wrapped = placed
        if current is not None and (
            _is_grid_material(row.value) or _is_grid_material(" ".join(row.cells_after))
        ):
            current.grid_lines.append(row.index)
    if block.scattered:
        # Print order is not item order: an item inferred from it is a guess, not a reading.
        block.items = [item for item in block.items if not item.inferred]
    else:
        _fill_from_siblings(block, vocabulary)
    return block


_MIN_SIBLING_VALUE = 4
"""Characters (spaces aside) a value needs before it is looked for in another item's cell."""


def _fill_from_siblings(block: BlockReading, vocabulary: ItemVocabulary) -> None:
    """Text fields left empty by a merged row whose cell could not be split: when the cell holds,
    word for word, the value another item of the block states for the same field (``住民税関係
    情報`` of ③提供する情報), that is the field's value (read from the merged cell)."""
    rows = {row.index: row for row in block.rows}
    for item in block.items:
        for index, keys in item.unsplit:
            row = rows.get(index)
            if row is None:
                continue
            cell = _loose_key(row.value)
            for key in keys:
                if key in vocabulary.choice_keys or key in vocabulary.grid_keys:
                    continue
                existing = item.fields.get(key)
                if existing is not None and _has_text(existing):
                    continue
                found = _sibling_value(block, item, key, cell)
                if found is not None:
                    item.fields[key] = FieldReading(
                        key=key,
                        index=index,
                        pieces=[found],
                        lines=[index],
                        piece_lines=[index],
                        merged=True,
                    )


def _sibling_value(block: BlockReading, item: ItemReading, key: str, cell: str) -> str | None:
    values = {
        " ".join(reading.pieces)
        for other in block.items
        if other is not item
        and (reading := other.fields.get(key)) is not None
        and not reading.merged
        and _has_text(reading)
    }
    found = [
        value
        for value in values
        if len(_loose_key(value)) >= _MIN_SIBLING_VALUE and _loose_key(value) in cell
    ]
    return max(found, key=lambda value: len(_loose_key(value))) if found else None


def _restarts(
    row: Row, current: ItemReading, block: BlockReading, vocabulary: ItemVocabulary
) -> bool:
    """Whether a row without a heading starts the fields of a new item: a label the current
    item already has with another value, numbered no higher than the labels read so far
    (``①法令上の根拠`` after ⑦: the heading of the next item was lost)."""
    if block.scattered or row.merged or not row.hits:
        return False
    first = row.hits[0]
    if first.heading is not None or first.key is None or first.key in vocabulary.block_keys:
        return False
    existing = current.fields.get(first.key)
    if existing is None:
        return False
    last = current.last_numeral
    if first.numeral is not None and last is not None and first.numeral > last:
        return False
    value = FieldReading(key=first.key, index=row.index, pieces=[row.value])
    return _differs(existing, value)


def _inferred_item(
    row: Row,
    current: ItemReading | None,
    block: BlockReading,
    headings: Sequence[tuple[int, Heading]],
    vocabulary: ItemVocabulary,
) -> ItemReading | None:
    """The item whose lost heading the fields of ``row`` start, numbered from its neighbours:
    the item after ``current`` when that number is printed nowhere, else the item before the
    next heading (``提供先3`` when ``提供先2`` was lost and ``提供先3`` follows; ``移転先1``
    when the next heading is ``移転先2`` and the current item a 提供先). None when the
    neighbours do not tell, or the row holds no field."""
    first = row.hits[0] if row.hits else None
    if block.scattered or first is None or first.heading is not None:
        return None
    if first.key is None or first.key in vocabulary.block_keys:
        return None
    printed = {(heading.word, heading.number) for _index, heading in headings}
    known = printed | {(item.word, item.number) for item in block.items}
    following = next((heading for index, heading in headings if index > row.index), None)
    candidates: list[tuple[str, int]] = []
    if current is not None:
        candidates.append((current.word, current.number + 1))
    if following is not None and following.number > 1:
        before_following = (following.word, following.number - 1)
        if current is not None and following.word != current.word:
            # The items of one word end before the next word's start: 移転先1 lost after
            # 提供先4, with 移転先2 next.
            candidates.insert(0, before_following)
        else:
            candidates.append(before_following)
    for word, number in candidates:
        if (word, number) in known:
            continue
        if following is not None and following.word == word and following.number <= number:
            continue  # the next heading says the numbers do not go on this way
        item = ItemReading(word=word, number=number, index=row.index, inferred=True)
        block.items.append(item)
        return item
    return None


def inferred_message(item: ItemReading, items: Sequence[ItemReading]) -> str:
    """The issue message of an item whose heading is not in the text.

    >>> items = [ItemReading(word="提供先", number=n, index=n) for n in (1, 3)]
    >>> lost = ItemReading(word="提供先", number=2, index=2, inferred=True)
    >>> inferred_message(lost, items).split("; ")[1]
    'the item is read from where its fields start again, numbered between 提供先1 and 提供先3'
    """
    numbers = sorted(i.number for i in items if i.word == item.word and not i.inferred)
    before = [n for n in numbers if n < item.number]
    after = [n for n in numbers if n > item.number]
    around = [f"{item.word}{n}" for n in (before[-1:] + after[:1])]
    where = f", numbered {'between' if len(around) == 2 else 'next to'} {' and '.join(around)}"
    return (
        f"{item.word}{item.number}: its heading is not in the text; the item is read from where "
        f"its fields start again{where if around else ''}"
    )


def _wrapped_cell(row: Row, vocabulary: ItemVocabulary) -> bool:
    """Whether a table row's value cell may go on on the next line: one text label and one
    value cell (a wrapped cell whose converter lost the tab indent of the next line,
    ``…法律によ`` + ``る自立支援給付の…``)."""
    if row.merged or row.cells_after or not row.value:
        return False
    last = row.hits[-1]
    if last.key is None or last.key in vocabulary.grid_keys or last.key in vocabulary.choice_keys:
        return False
    return not looks_like_choice_list(row.value)


def _wraps(text: str) -> bool:
    """Whether a plain line may be the rest of a wrapped value cell: one cell of running text,
    not a choice list or a grid."""
    stripped = text.strip()
    return (
        "\t" not in stripped
        and len(_squeezed(stripped)) > 1
        and not _has_box(stripped)
        and not looks_like_choice_list(stripped)
    )


def _continues(row: Row, vocabulary: ItemVocabulary) -> bool:
    if "\t" in row.text or row.merged:
        return False
    last = row.hits[-1]
    return last.key is not None and last.key not in vocabulary.grid_keys


def _place(
    reading: FieldReading,
    item: ItemReading | None,
    row: Row,
    block: BlockReading,
    vocabulary: ItemVocabulary,
) -> FieldReading | None:
    """Put a field reading in its slot; returns the reading continuation lines extend."""
    if reading.key in vocabulary.block_keys:
        return block.block_fields.setdefault(reading.key, reading)
    if item is None:
        # A field before any item heading: PDF page text prints values away from items.
        block.loose.append(reading)
        block.scattered = len(block.loose) >= _MIN_LOOSE
        return reading
    existing = item.fields.get(reading.key)
    if existing is None or (not _has_text(existing) and _has_text(reading)):
        item.fields[reading.key] = reading
        return reading
    if not row.merged and not item.staircase and _differs(existing, reading):
        # The same label twice in one item with another value: print order is not item order.
        block.loose.append(reading)
        block.scattered = len(block.loose) >= _MIN_LOOSE
    return None


def _targets(
    row: Row, current: ItemReading | None, block: BlockReading
) -> list[tuple[Hit, ItemReading | None]]:
    """The item each hit of a row belongs to (a heading switches to its item)."""
    targets: list[tuple[Hit, ItemReading | None]] = []
    item = current
    for hit in row.hits:
        heading = hit.heading
        if heading is None:
            targets.append((hit, item))
            continue
        if heading.last is not None:
            block.ranges.append((row.index, heading))
            targets.append((hit, None))
            continue
        existing = next(
            (i for i in block.items if i.word == heading.word and i.number == heading.number),
            None,
        )
        if existing is None:
            existing = ItemReading(word=heading.word, number=heading.number, index=row.index)
            block.items.append(existing)
        elif existing.fields and not row.merged:
            # The item printed again: its second copy is read into a reading nobody keeps.
            block.duplicates.append((row.index, heading))
            existing = ItemReading(word=heading.word, number=heading.number, index=row.index)
        item = existing
        targets.append((hit, item))
    if row.merged:
        for _hit, target in targets:
            if target is not None:
                target.staircase = True
    return targets


def _known_value(hit: Hit, item: ItemReading | None, block: BlockReading) -> str | None:
    if hit.heading is not None:
        return item.name if item is not None else ""
    if hit.key is None:
        return None
    readings = block.block_fields if item is None else item.fields
    reading = readings.get(hit.key)
    if reading is None or not reading.pieces:
        return None
    return " ".join(reading.pieces)


def _loose_key(text: str) -> str:
    return re.sub(r"\s", "", text)


def _strip_known(value: str, known: str) -> str | None:
    """``value`` without ``known`` at its front (spaces ignored), or None if it is not there."""
    target = _loose_key(known)
    consumed = 0
    position = 0
    while position < len(value) and consumed < len(target):
        char = value[position]
        position += 1
        if char.isspace():
            continue
        if char != target[consumed]:
            return None
        consumed += 1
    if consumed < len(target):
        return None
    return value[position:].strip()


def _split_merged(
    row: Row,
    targets: Sequence[tuple[Hit, ItemReading | None]],
    block: BlockReading,
    vocabulary: ItemVocabulary,
) -> list[str | None]:
    """The value of each hit of a row.

    A single label takes the whole value. For a merged row the values already known for its
    first labels are removed from the front of the value cell; the rest goes to the one label
    left, or is cut between two (a text and a choice at the choice marker, a grid and a text
    after the grid).
    """
    if len(targets) == 1:
        return [_joined_value(row, targets[0][0], vocabulary)]
    values: list[str | None] = [None] * len(targets)
    rest = row.value
    first_unknown = len(targets)
    for position, (hit, item) in enumerate(targets):
        # Choice lists and grids are furniture that OCR cuts anywhere: never a boundary.
        known = None if _is_furniture(hit, vocabulary) else _known_value(hit, item, block)
        stripped = _strip_known(rest, known) if known is not None else None
        if stripped is None:
            first_unknown = position
            break
        rest = stripped
    unknown = [i for i in range(first_unknown, len(targets)) if _wants_value(targets[i][0])]
    if not rest or not unknown:
        return values
    if len(unknown) > 2:
        # A staircase row that joins several texts and, last, a choice: the choice starts at
        # its box or list whatever the texts before it are (they stay unsplit).
        last = targets[unknown[-1]][0]
        choice_at = _choice_start(rest) if last.key in vocabulary.choice_keys else None
        if choice_at is not None and not any(
            targets[i][0].key in vocabulary.choice_keys for i in unknown[:-1]
        ):
            values[unknown[-1]] = _plausible(rest[choice_at:].strip(), last, vocabulary)
            unknown = unknown[:-1]
    if len(unknown) == 1:
        values[unknown[0]] = _plausible(rest, targets[unknown[0]][0], vocabulary)
        return values
    if len(unknown) == 2:
        first, second = (targets[i][0] for i in unknown)
        cut = _cut_between(rest, first.key, second.key, vocabulary)
        if cut is not None:
            values[unknown[0]] = _plausible(cut[0], first, vocabulary)
            values[unknown[1]] = _plausible(cut[1], second, vocabulary)
            return values
    owner = targets[unknown[0]][1]
    if owner is not None:
        owner.unsplit.append((row.index, tuple(targets[i][0].key or "?" for i in unknown)))
    return values


_GRID_END = re.compile(r"その他\s*[(（][^()（）]*[)）](?:\s*[)）])*")


def _cut_between(
    text: str, first: str | None, second: str | None, vocabulary: ItemVocabulary
) -> tuple[str, str] | None:
    """Cut one value cell between two fields by what each kind of field looks like."""
    if first is None or second is None:
        return None
    if second in vocabulary.choice_keys and first not in vocabulary.choice_keys:
        start = _choice_start(text)
        if start is not None:
            return text[:start].strip(" -"), text[start:].strip()
    if first in vocabulary.choice_keys and second not in vocabulary.choice_keys:
        end = _choice_list_end(text, dict(vocabulary.choices).get(first, ()))
        if end is not None:
            # The row may go on into the next column: a grid's boxes end the text.
            rest = text[end:]
            if vocabulary.grid_keys and (box := _FIRST_BOX.search(rest)) and box.start() > 0:
                rest = rest[: box.start()]
            return text[:end].strip(), rest.strip()
    if first in vocabulary.grid_keys and second not in vocabulary.grid_keys:
        ends = list(_GRID_END.finditer(text))
        if ends and ends[-1].end() < len(text):
            return text[: ends[-1].end()].strip(), text[ends[-1].end() :].strip()
    return None


_CHOICE_START = re.compile(rf"{re.escape(CHOICE_MARKER)}|[\[「【]")


def _choice_start(text: str) -> int | None:
    """Where a choice starts in a cell that holds text before it: its ``<選択肢>`` list or its
    box (None when the cell starts with it, or has none)."""
    found = _CHOICE_START.search(text)
    return found.start() if found and found.start() > 0 else None


def _choice_list_end(text: str, choices: Sequence[str]) -> int | None:
    """Where a printed ``<選択肢>`` list ends in a cell that holds text after it: after its last
    numbered option that is one of ``choices`` (None when no text follows the list).

    >>> text = "<選択肢> 1) 1万人未満 2) 1万人以上10万人未満 申告者とその扶養親族"
    >>> text[_choice_list_end(text, ("1万人未満", "1万人以上10万人未満")):]
    ' 申告者とその扶養親族'
    """
    if not choices:
        return None
    options = "|".join(
        r"\s*".join(map(re.escape, choice)) for choice in sorted(choices, key=len, reverse=True)
    )
    ends = [m.end() for m in re.finditer(rf"\d\s*[)）]\s*(?:{options})", text)]
    if not ends or not text[ends[-1] :].strip():
        return None
    return ends[-1]


def _joined_value(row: Row, hit: Hit, vocabulary: ItemVocabulary) -> str:
    """A single label's value; OCR may split a wide value cell into columns
    (``番号法…主務省令第2条の ⇥ 表37の項``), so the cells after it continue a text field."""
    if hit.key is None or hit.key in vocabulary.grid_keys or hit.key in vocabulary.choice_keys:
        return row.value
    pieces = [row.value]
    for cell in row.cells_after:
        if _is_debris(cell) or _is_grid_material(cell):
            continue
        pieces.append(cell)
    return "".join(pieces) if len(pieces) > 1 else row.value


def _is_debris(cell: str) -> bool:
    """A cell of one Latin letter, digit or mark: column debris of the layout."""
    squeezed = _squeezed(cell)
    return len(squeezed) <= 1 and (not squeezed or squeezed.isascii())


def _is_furniture(hit: Hit, vocabulary: ItemVocabulary) -> bool:
    return hit.key in vocabulary.choice_keys or hit.key in vocabulary.grid_keys


_OPTION_NUMBER = re.compile(r"(?<!\d)\d\s*[)）]")
_BOXED_CHOICE = re.compile(r"[\[【「]\s*[\d,]+\s*(?:万人|人|項目|年)")


def looks_like_choice_list(text: str) -> bool:
    """True for ``<選択肢>`` furniture: a boxed count or several numbered options.

    >>> looks_like_choice_list("(選打 1) 17 [ 10万人以上100万人未満 ] 2) 17 3) 10")
    True
    >>> looks_like_choice_list("健康保険法による保険給付の支給に関する事務")
    False
    """
    return bool(_BOXED_CHOICE.search(text)) or len(_OPTION_NUMBER.findall(text)) >= 2


def _plausible(value: str, hit: Hit, vocabulary: ItemVocabulary) -> str | None:
    """A share of a merged row for a text field, unless it is choice-list furniture."""
    if _is_furniture(hit, vocabulary) or hit.key is None:
        return value
    return None if looks_like_choice_list(value) else value


def _wants_value(hit: Hit) -> bool:
    return hit.key is not None or (hit.heading is not None and hit.heading.last is None)


def _has_text(reading: FieldReading) -> bool:
    return any(piece.strip() for piece in reading.pieces)


def _differs(existing: FieldReading, reading: FieldReading) -> bool:
    if not _has_text(reading):
        return False
    return _loose_key(" ".join(existing.pieces)) != _loose_key(" ".join(reading.pieces))


METHOD_OPTIONS: tuple[str, ...] = (
    "情報提供ネットワークシステム",
    "庁内連携システム",
    "専用線",
    "電子メール",
    "電子記録媒体(フラッシュメモリを除く。)",
    "フラッシュメモリ",
    "紙",
    "その他",
)
"""The boxes of 提供方法 / 移転方法 / 委託先への提供方法, as normalised text writes them."""


_FIRST_BOX = re.compile(
    r"[\[【「][^\[\]【】「」]{0,4}[\]】」]\s*(?:"
    + "|".join(re.escape(option) for option in METHOD_OPTIONS)
    + ")"
)
"""A box of the transfer-method grid with its label (``[○] 情報提供ネットワークシステム``)."""


def _is_grid_material(text: str) -> bool:
    if "[" not in text and "]" not in text and TICK not in text:
        return False
    tokens = line_to_tokens(text, line=0, options=METHOD_OPTIONS)
    return is_grid_line(tokens)


# --- values ------------------------------------------------------------------------------------

NONE_VALUES = frozenset({"", "-", "－", "―", "—", "ー", "‐", "なし", "無し", "該当なし"})
"""Values that state nothing."""


def text_value(reading: FieldReading | None) -> str | None:
    """A free-text field flattened to one paragraph (choice-list furniture dropped)."""
    if reading is None:
        return None
    pieces = []
    for piece in reading.pieces:
        cut = piece.find(CHOICE_MARKER)
        pieces.append(piece[:cut] if cut >= 0 else piece)
    value = flatten([piece.replace("\t", " ") for piece in pieces]).strip(" ※")
    return None if value in NONE_VALUES else value


_OPENERS = "[「【〔［"
_CLOSERS = "]」】〕］"
_NUMBERED = re.compile(r"(?:\(?\d{1,2}\s*[)）]|[\u2460-\u2473])\s*$")


def read_choice(texts: Iterable[str], choices: Sequence[str]) -> str | None:
    """The selected choice of a ``<選択肢>`` field.

    A value in a box (``[ 10人未満 ]``, ``[10人未満``, ``「10人未満」``, ``【 10人未満``) is the
    selection. OCR sometimes drops the box but repeats its value: a choice written at least
    twice without an option number before it, or three times in all, is the selection too.

    >>> choices = ("10人未満", "10人以上50人未満")
    >>> read_choice(["<選択肢> [ 10人未満 ] 1) 10人未満 2) 10人以上50人未満"], choices)
    '10人未満'
    >>> read_choice(["<選択肢> 10人未満 10人未満 2)10人以上50人未満"], choices)
    '10人未満'
    >>> read_choice(["<選択肢> 1) 10人未満 2) 10人以上50人未満"], choices) is None
    True
    """
    text = " ".join(texts)
    for position, char in enumerate(text):
        if char not in _OPENERS:
            continue
        found = _choice_at(text, position + 1, choices)
        if found is not None:
            return found
    counts: dict[str, int] = {}
    bare: dict[str, int] = {}
    for choice in choices:
        for occurrence in re.finditer(rf"(?<![\d,]){re.escape(choice)}", text):
            counts[choice] = counts.get(choice, 0) + 1
            if not _NUMBERED.search(text[: occurrence.start()]):
                bare[choice] = bare.get(choice, 0) + 1
    winners = {c for c, n in bare.items() if n >= 2} | {c for c, n in counts.items() if n >= 3}
    if len(winners) == 1:
        return next(iter(winners))
    return None


def _choice_at(text: str, start: int, choices: Sequence[str]) -> str | None:
    rest = text[start:].lstrip(" ")
    if not rest or rest[0] in _CLOSERS or rest[0] == TICK:
        return None
    best: tuple[int, str] | None = None
    for choice in choices:
        head = rest[: len(choice)]
        if head == choice:
            score = len(choice) * 2
        elif Levenshtein.normalized_similarity(head, choice) * 100.0 >= FUZZY_THRESHOLD:
            score = len(choice)
        else:
            continue
        after = rest[len(choice) : len(choice) + 1]
        if after and (after.isdigit() or after in "万人以上未満"):
            continue  # a longer choice goes on here
        if best is None or score > best[0]:
            best = (score, choice)
    return best[1] if best else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Methods:
    """The reading of a transfer-method grid."""

    ticked: tuple[str, ...] = ()
    """Ticked options, canonical labels (the methods vocabulary), in form order."""
    other: tuple[str, ...] = ()
    """What その他（…） names, when その他 is ticked."""
    seen: bool = False
    """True when the grid was in the text at all."""


def read_methods(lines: Sequence[str]) -> Methods:
    """Read a grid of transfer-method boxes spread over ``lines``.

    >>> read_methods(["[ ] 専用線 [ ] 電子メール [○] その他 (LGWAN回線 )"]).other
    ('LGWAN回線',)
    """
    tokens: list[Token] = []
    for number, line in enumerate(lines):
        tokens += line_to_tokens(line, line=number, options=METHOD_OPTIONS)
    if not any(token.kind is TokenKind.OPTION for token in tokens):
        return Methods()
    grid = tokens_to_grid(tokens, options=METHOD_OPTIONS)
    ticked = tuple(_canonical_method(option) for option in grid.ticked)
    other: tuple[str, ...] = ()
    if "その他" in grid.ticked:
        other = _other_text(lines) or grid.other_names
    return Methods(ticked=ticked, other=other, seen=True)


def _canonical_method(option: str) -> str:
    concept = transfer_method(option)
    return concept.pref_label if concept is not None else option


_OTHER_BOX = re.compile(
    r"\[○\]\s*その他\s*[(（](?P<inside>[^()（）\t]*)(?:[)）](?P<after>[^\t\[\]]*))?"
)
_NAME_SPLIT = re.compile(r"[、,，;；]")
_MAX_NAME = 25


def _other_text(lines: Sequence[str]) -> tuple[str, ...]:
    """What the ticked その他（…） box names. When the converter put the box inside the
    wrapped text of its own parentheses (``…による基幹 [○]その他 (システム内の…で提) 供する。``),
    the text before the box in its cell and after the parenthesis belong to it."""
    for line in lines:
        found = _OTHER_BOX.search(line)
        if not found:
            continue
        inside = found.group("inside").strip()
        after = (found.group("after") or "").strip()
        cell_start = line.rfind("\t", 0, found.start()) + 1
        before = line[cell_start : found.start()].strip()
        if before and ("[" in before or "]" in before):
            before = ""
        if before or after:
            whole = flatten([before + inside + after])
            return (whole,) if whole else ()
        if not inside:
            return ()
        parts = [part.strip() for part in _NAME_SPLIT.split(inside) if part.strip()]
        if all(len(part) <= _MAX_NAME and "。" not in part for part in parts):
            return tuple(parts)
        return (inside,)
    return ()


_COUNT = re.compile(r"[(（]\s*(?P<count>\d{1,4})?\s*[)）]\s*件")


def declared_count(text: str) -> tuple[bool, int | None]:
    """Whether ``text`` has a ``( N ) 件`` count, and N if it is filled in.

    >>> declared_count("1) 委託する 2) 委託しない ( 7) 件"), declared_count("( ) 件")
    ((True, 7), (True, None))
    """
    found = _COUNT.search(text)
    if not found:
        return False, None
    count = found.group("count")
    return True, int(count) if count else None


def block_form_ref(section_ref: str, number: int) -> str:
    """The form item of a block of Ⅱ: ``"Ⅱ 4"`` from the section's ``"Ⅱ"`` (kept when the
    caller already named the item).

    >>> block_form_ref("Ⅱ", 4), block_form_ref("Ⅱ 5", 5)
    ('Ⅱ 4', 'Ⅱ 5')
    """
    if section_ref.endswith(f" {number}"):
        return section_ref
    return f"{section_ref} {number}"


def with_form_ref(issues: Iterable[Issue], form_ref: str) -> tuple[Issue, ...]:
    """``issues`` placed in the form item ``form_ref``."""
    return tuple(replace(found, form_ref=form_ref) for found in issues)


def numbers_text(numbers: Sequence[int], word: str) -> str:
    """``提供先1–4, 6`` style summary of item numbers.

    >>> numbers_text([1, 2, 3, 5], "提供先")
    '提供先1–3, 5'
    """
    if not numbers:
        return "none"
    ordered = sorted(set(numbers))
    spans: list[str] = []
    start = previous = ordered[0]
    for number in [*ordered[1:], -1]:
        if number == previous + 1:
            previous = number
            continue
        spans.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = number
    return word + ", ".join(spans)
