"""Numbered items printed out of form order (PDF page text): put their fields back in order.

PDF layout text may print a page's text boxes bottom-up, band by band: a band's boxes come
out top-down, but the bands in reverse, so an item's fields come *before* its heading
(``⑧ ⑨ | ⑤ ⑥ ⑦ | ③ ④ | 対象となる本人の数 … その妥当性 | ① ② | 委託事項1``), the next item's
first band is printed before the previous item's last one, and a page holding the end of one
item and the start of the next mixes their fields. Print order then assigns every field to
the wrong item (:attr:`ingest.extractors.item.BlockReading.scattered`).

The fields are a closed vocabulary and every item has each at most once, which is enough to
put most of them back without guessing:

1. the rows are cut into *units*: a heading or a field label with the value rows printed
   after it up to the next label (a label printed alone in its box keeps the value box that
   follows it);
2. each heading, the last printed first, takes the labels printed just before it when they
   read as reversed bands: split into ascending runs of form order, the runs start in strictly
   descending form order (at least two of them; and before some heading of the block at least
   three, or nothing is re-ordered: one pair of labels the other way round is no evidence of a
   bottom-up page). It takes them back from the heading up to a label it already has, a label
   taken, another heading or the block's own fields. Then it takes the labels printed after it
   the same way (a heading's own band: ``委託事項2`` ①);
3. a label no heading took goes to the one item that lacks its field (the item whose field
   set it completes); when several items lack it, it stays unplaced (a known gap, reported),
   and when none does the text contradicts the reading and nothing is re-ordered.

Nothing is re-ordered either when an item is printed twice, a row holds several labels (a
staircase) or a field has more copies than there are items: the caller then reports the layout
instead of guessing. The rows keep their indices, so every value keeps its raw line.

Such a page may also print an item's *name* as a lone text box away from its heading (a
heading without a name, and a line of text that no field takes). Print order cannot say whose
name it is, so :func:`lone_names_to_items` pairs lone texts and nameless headings only when
that is certain: one nameless heading and one lone text, or a second source (the change
history) restating the name of some nameless items, whose equal texts are theirs, leaving one
text for one heading.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from itertools import pairwise

from ingest.extractors.item import ItemVocabulary, Row, looks_like_choice_list
from ingest.normalize import CHOICE_MARKER

ItemKey = tuple[str, int]
"""An item by its heading word and number (``("委託事項", 2)``)."""


class UnitKind(Enum):
    """What starts a unit of rows."""

    LEAD = "lead"
    """Rows before the first heading or label."""
    BARRIER = "barrier"
    """The block's title or a field of the block (委託の有無): no item's field runs across it."""
    HEADING = "heading"
    LABEL = "label"


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """A heading or label row and the value rows printed after it."""

    kind: UnitKind
    rows: tuple[Row, ...]
    key: str | None = None
    """The field key of a label unit."""
    item: ItemKey | None = None
    """The item of a heading unit."""

    @property
    def index(self) -> int:
        """Index of the unit's first row."""
        return self.rows[0].index


@dataclass(frozen=True, slots=True, kw_only=True)
class PrintOrder:
    """The rows of a block re-ordered item by item, and what was done."""

    rows: tuple[Row, ...]
    """The rows in form order: block rows first, then each item's heading and its fields."""
    moved: tuple[tuple[ItemKey, str, int], ...]
    """Fields put back under their item: (item, field key, index of the label row), for labels
    printed before their heading or after another item's fields."""
    completed: tuple[tuple[ItemKey, str, int], ...]
    """Of those, the ones placed because their item was the only one lacking the field."""
    unplaced: tuple[tuple[str, int], ...]
    """Labels (key, row index) that several items lack: their values are left out."""
    trailing: dict[int, tuple[Row, ...]]
    """The rows printed after each label row (by the label row's index) in its unit."""


def rows_to_print_order(rows: Sequence[Row], vocabulary: ItemVocabulary) -> PrintOrder | None:
    """Re-order the rows of a block whose page prints bands bottom-up (see the module
    docstring), or None when the text shows no reversed bands or contradicts the reading.

    >>> from ingest.extractors.item import field_labels, lines_to_rows
    >>> vocabulary = ItemVocabulary(
    ...     headings=("委託事項",),
    ...     labels=field_labels(("content", "委託内容"), ("name", "委託先名"),
    ...                         ("method", "再委託の許諾方法"), ("matter", "再委託事項")),
    ... )
    >>> lines = ["②委託先名 そら株式会社", "①委託内容 保守", "委託事項2",
    ...          "③再委託の許諾方法 書面", "④再委託事項 印刷", "②委託先名 みなと株式会社",
    ...          "①委託内容 印刷", "委託事項1"]
    >>> order = rows_to_print_order(lines_to_rows(lines, vocabulary), vocabulary)
    >>> for row in order.rows:
    ...     print(row.text)
    委託事項1
    ①委託内容 印刷
    ②委託先名 みなと株式会社
    ③再委託の許諾方法 書面
    ④再委託事項 印刷
    委託事項2
    ①委託内容 保守
    ②委託先名 そら株式会社
    """
    units = _units(rows, vocabulary)
    if units is None:
        return None
    ranks = _ranks(vocabulary)
    headings = [position for position, unit in enumerate(units) if unit.kind is UnitKind.HEADING]
    items = {units[position].item for position in headings}
    if not headings or len(items) < len(headings):
        return None  # no items, or an item printed twice: print order must tell
    counts: dict[str, int] = {}
    for unit in units:
        if unit.kind is UnitKind.LABEL and unit.key is not None:
            counts[unit.key] = counts.get(unit.key, 0) + 1
    if any(count > len(items) for count in counts.values()):
        return None  # more copies of a field than items: the reading would be a guess
    owner: dict[int, ItemKey] = {}
    held: dict[ItemKey, dict[str, int]] = {}
    bands = 0
    in_place: set[int] = set()
    for position in reversed(headings):
        item = units[position].item
        assert item is not None
        have = held.setdefault(item, {})
        before = _run(units, position, -1, have, owner)
        taken, runs = _reversed_bands(before, units, ranks)
        bands = max(bands, runs)
        for at in taken:
            _take(units, at, item, have, owner)
        for at in _run(units, position, 1, have, owner):
            _take(units, at, item, have, owner)
            in_place.add(at)
    if bands < _PAGE_BANDS:
        return None  # no page reads bottom-up for certain: print order must tell
    completed = _complete(units, owner, held)
    if completed is None:
        return None
    return _reordered(units, held, in_place, completed, ranks, vocabulary.headings)


def _units(rows: Sequence[Row], vocabulary: ItemVocabulary) -> list[Unit] | None:
    units: list[Unit] = []
    current: list[Row] = []
    kind = UnitKind.LEAD
    key: str | None = None
    item: ItemKey | None = None

    def close() -> None:
        if current:
            units.append(Unit(kind=kind, rows=tuple(current), key=key, item=item))

    for row in rows:
        headings = [hit.heading for hit in row.hits if hit.heading is not None]
        items = [heading for heading in headings if heading.last is None]
        keys = {hit.key for hit in row.hits if hit.key is not None}
        if row.title or keys & vocabulary.block_keys:
            close()
            current, kind, key, item = [row], UnitKind.BARRIER, None, None
        elif items:
            if keys or len(items) > 1:
                return None  # a heading and fields on one row: a table, not page text
            close()
            found = items[0]
            current, kind, key, item = [row], UnitKind.HEADING, None, (found.word, found.number)
        elif keys:
            if len(keys) > 1:
                return None  # a staircase row: print order must tell
            close()
            current, kind, key, item = [row], UnitKind.LABEL, next(iter(keys)), None
        else:
            current.append(row)  # a value row, a range heading (page furniture) or debris
    close()
    return units


def _ranks(vocabulary: ItemVocabulary) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for label in vocabulary.labels:
        ranks.setdefault(label.key, len(ranks))
    return ranks


def _run(
    units: Sequence[Unit], start: int, step: int, have: dict[str, int], owner: dict[int, ItemKey]
) -> list[int]:
    """The label units next to ``start`` (before it for ``step`` -1) that the item may take:
    up to a heading, a block field, a taken label or a field it (or the run) already has."""
    found: list[int] = []
    keys = set(have)
    position = start + step
    while 0 <= position < len(units):
        unit = units[position]
        if unit.kind is not UnitKind.LABEL or unit.key is None:
            break
        if position in owner or unit.key in keys:
            break
        keys.add(unit.key)
        found.append(position)
        position += step
    return found


_PAGE_BANDS = 3
"""Bands printed bottom-up before one heading from which the block counts as bottom-up page
text (two may be one pair of labels printed the other way round); the other headings then
take labels from two bands on."""


def _reversed_bands(
    before: Sequence[int], units: Sequence[Unit], ranks: dict[str, int]
) -> tuple[list[int], int]:
    """Of the labels just before a heading (nearest first), the longest run next to it that
    reads as bands printed bottom-up: ascending runs of form order whose starts descend; and
    how many bands it has.

    >>> from ingest.extractors.item import Row
    >>> units = [Unit(kind=UnitKind.LABEL, rows=(Row(index=i, text=""),), key=key)
    ...          for i, key in enumerate("efcdab")]
    >>> _reversed_bands([5, 4, 3, 2, 1, 0], units, {key: i for i, key in enumerate("abcdef")})
    ([0, 1, 2, 3, 4, 5], 3)
    """
    best: tuple[list[int], int] = ([], 0)
    for size in range(2, len(before) + 1):
        chosen = sorted(before[:size])
        order = [ranks[key] for at in chosen if (key := units[at].key) is not None]
        starts = [order[0]] + [b for a, b in pairwise(order) if b < a]
        if len(starts) >= 2 and all(a > b for a, b in pairwise(starts)):
            best = (chosen, len(starts))
    return best


def _take(
    units: Sequence[Unit], at: int, item: ItemKey, have: dict[str, int], owner: dict[int, ItemKey]
) -> None:
    key = units[at].key
    assert key is not None
    owner[at] = item
    have[key] = at


def _complete(
    units: Sequence[Unit], owner: dict[int, ItemKey], held: dict[ItemKey, dict[str, int]]
) -> list[int] | None:
    """Give each label no heading took to the one item that lacks its field; None when some
    label fits no item at all (the reading contradicts the text)."""
    completed: list[int] = []
    changed = True
    while changed:
        changed = False
        for position, unit in enumerate(units):
            if unit.kind is not UnitKind.LABEL or unit.key is None or position in owner:
                continue
            lacking = [item for item, have in held.items() if unit.key not in have]
            if not lacking:
                return None
            if len(lacking) == 1:
                _take(units, position, lacking[0], held[lacking[0]], owner)
                completed.append(position)
                changed = True
    return completed


def _reordered(
    units: Sequence[Unit],
    held: dict[ItemKey, dict[str, int]],
    in_place: set[int],
    completed: Sequence[int],
    ranks: dict[str, int],
    words: Sequence[str],
) -> PrintOrder:
    owned = {position for have in held.values() for position in have.values()}
    dropped: list[Row] = []
    front: list[Row] = []
    unplaced: list[tuple[str, int]] = []
    for position, unit in enumerate(units):
        if unit.kind in (UnitKind.LEAD, UnitKind.BARRIER):
            front += unit.rows
        elif unit.kind is UnitKind.LABEL and position not in owned:
            assert unit.key is not None
            unplaced.append((unit.key, unit.index))
            # Its rows stay in the block (a lone count, furniture) but state no field: first,
            # where no field goes on into them.
            dropped += [replace(row, hits=(), value="", cells_after=()) for row in unit.rows]
    ordered = dropped + front
    by_item = {
        unit.item: position
        for position, unit in enumerate(units)
        if unit.kind is UnitKind.HEADING and unit.item is not None
    }
    word_order = {word: number for number, word in enumerate(words)}
    for item in sorted(by_item, key=lambda found: (word_order.get(found[0], len(words)), found)):
        ordered += units[by_item[item]].rows
        for _key, position in sorted(held.get(item, {}).items(), key=lambda kv: ranks[kv[0]]):
            ordered += units[position].rows

    def placed(positions: set[int]) -> tuple[tuple[ItemKey, str, int], ...]:
        return tuple(
            (item, key, units[position].index)
            for item, have in held.items()
            for key, position in sorted(have.items(), key=lambda kv: ranks[kv[0]])
            if position in positions
        )

    return PrintOrder(
        rows=tuple(ordered),
        moved=placed(owned - in_place),
        completed=placed(set(completed)),
        unplaced=tuple(unplaced),
        trailing={unit.index: unit.rows[1:] for unit in units if unit.kind is UnitKind.LABEL},
    )


# --- lone item names --------------------------------------------------------------------------

_WIDE_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NAME_NOISE = re.compile(r"[\s()（）［］\[\]「」『』【】〔〕]")
_LETTER = re.compile(r"[^\W\d_]")
_MAX_NAME = 60
"""Characters (spaces and brackets aside) an item name has at most."""
_NOT_IN_NAMES = "[]【】「」※。"
"""Boxes, the form's notes and sentence ends: a text holding one is no item name."""
OPTION_LINE = re.compile(r"^\s*\d{1,2}\s*[)）]")
"""A numbered option of a ``<選択肢>`` list printed on a line of its own (``5) 1,000万人以上``)."""


def name_key(text: str) -> str:
    """What two spellings of one item name share: full-width ASCII folded, spaces and
    parentheses dropped.

    >>> name_key("業務（事務 センター）") == name_key("業務(事務センター)")
    True
    >>> name_key("ＡＢＣ保守") == name_key("ABC保守")
    True
    """
    return _NAME_NOISE.sub("", text.translate(_WIDE_ASCII))


def looks_like_item_name(text: str, furniture: Collection[str] = ()) -> bool:
    """Whether a line of text is shaped like an item name: a short phrase with letters, no box,
    note, sentence end or choice list, and none of the form's own words (``furniture``: the
    choices and options of the block, compared by :func:`name_key`).

    >>> looks_like_item_name("サーバの保守（データセンター）")
    True
    >>> [looks_like_item_name(text) for text in ("3", "リ", "] 紙", "保守を行う。", "範囲 ※",
    ...                                          "5) 1,000万人以上")]
    [False, False, False, False, False, False]
    >>> looks_like_item_name("専用線", furniture={"専用線"})
    False
    """
    stripped = text.strip()
    key = name_key(stripped)
    return (
        0 < len(key) <= _MAX_NAME
        and len(_LETTER.findall(key)) > 1
        and not any(mark in stripped for mark in _NOT_IN_NAMES)
        and CHOICE_MARKER not in stripped
        and not looks_like_choice_list(stripped)
        and not OPTION_LINE.match(stripped)
        and key not in {name_key(word) for word in furniture}
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class NamePairing:
    """A lone text given to a nameless heading as its name."""

    number: int
    """The item's number."""
    index: int
    """Index of the lone text's row."""
    text: str
    restated: bool
    """True when the second source restates this very name; False when the text is the only
    one left for the only nameless heading left."""


def lone_names_to_items(
    nameless: Sequence[int], lone: Sequence[tuple[int, str]], restated: Mapping[int, str]
) -> tuple[NamePairing, ...]:
    """Pair lone texts (row index, text) with nameless headings (item numbers), never by print
    order: a heading whose name ``restated`` (item number → name, from a second source) equals
    exactly one lone text (by :func:`name_key`) takes it; then, when one lone text and one
    nameless heading are left, they pair. Anything else pairs nothing more.

    >>> lone = [(10, "データ入力業務（事務センター）"), (30, "サーバの提供")]
    >>> [(p.number, p.text, p.restated) for p in lone_names_to_items(
    ...     [2, 3], lone, {3: "データ入力業務(事務センター)"})]
    [(3, 'データ入力業務（事務センター）', True), (2, 'サーバの提供', False)]
    >>> lone_names_to_items([2, 3], lone, {})
    ()
    >>> [(p.number, p.index) for p in lone_names_to_items([2], lone[1:], {})]
    [(2, 30)]
    """
    pairs: list[NamePairing] = []
    left = list(lone)
    open_items = list(nameless)
    keys = {number: name_key(name) for number, name in restated.items() if number in nameless}
    for number, key in keys.items():
        equal = [entry for entry in left if name_key(entry[1]) == key]
        if len(equal) != 1 or list(keys.values()).count(key) != 1:
            continue  # printed twice, or two items restated alike: no certainty
        (entry,) = equal
        pairs.append(NamePairing(number=number, index=entry[0], text=entry[1], restated=True))
        left.remove(entry)
        open_items.remove(number)
    if len(left) == 1 and len(open_items) == 1:
        (index, text), number = left[0], open_items[0]
        pairs.append(NamePairing(number=number, index=index, text=text, restated=False))
    return tuple(pairs)
