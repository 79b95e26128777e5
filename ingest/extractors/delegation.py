"""Ⅱ 4 特定個人情報ファイルの取扱いの委託: 委託の有無, ( N ) 件 and every 委託事項N.

The Ⅱ extractor cuts Ⅱ into files and each file into blocks and calls
:func:`extract_delegations` with the Ⅱ 4 block of one file. Each 委託事項N becomes a
:class:`~ingest.records.Delegation`: ①委託内容, ②取扱いを委託する特定個人情報ファイルの範囲 (with
対象となる本人の数 / 範囲 / その妥当性), ③委託先における取扱者数, ④委託先への提供方法 (ticked
boxes, canonical method labels), ⑤委託先名の確認方法, ⑥委託先名 (canonical company name,
:func:`ingest.organisation.canonical_organisation`), ⑦再委託の有無, ⑧再委託の許諾方法,
⑨再委託事項. Labels are recognised by wording, not numeral: the form versions number them
differently (重点項目評価書: ③委託先名, ④再委託の有無).

Problems are issues: a declared count that differs from the items listed (COUNT_MISMATCH),
委託しない with an empty template (EMPTY_TEMPLATE), a choice without a selection
(NO_SELECTION), an item printed twice (DUPLICATE_ITEM), a field without a value or a layout
that prints fields away from their items (FIELD_MISSING; see
:attr:`~ingest.extractors.item.BlockReading.scattered`), a repaired company name
(REPAIRED_TEXT).

PDF page text that prints its bands bottom-up (an item's fields before its heading) is first put
back in form order by :func:`ingest.extractors.print_order.rows_to_print_order` (REPAIRED_TEXT
says so; fields several items lack are left out, FIELD_MISSING). In that reading a ticked box
torn from its option label is not read, and ⑧/⑨ of an item that does not subcontract take no
box printed after their label. Such a page may print an item's name as a lone text box away from
its heading: the lone texts no field takes that are shaped like a name go to the nameless
headings only when :func:`ingest.extractors.print_order.lone_names_to_items` finds it certain
(one of each, or the change history restating some of the names: REPAIRED_TEXT names the
mechanism and the line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ingest.extractors.base import ExtractionContext, issue
from ingest.extractors.change import extract_changes
from ingest.extractors.item import (
    METHOD_OPTIONS,
    BlockReading,
    FieldReading,
    ItemReading,
    ItemVocabulary,
    Methods,
    Row,
    block_form_ref,
    declared_count,
    field_labels,
    inferred_message,
    lines_to_rows,
    looks_like_choice_list,
    numbers_text,
    read_choice,
    read_methods,
    rows_to_block,
    text_value,
    with_form_ref,
)
from ingest.extractors.print_order import (
    OPTION_LINE,
    NamePairing,
    PrintOrder,
    lone_names_to_items,
    looks_like_item_name,
    rows_to_print_order,
)
from ingest.field import flatten
from ingest.form import SectionKind
from ingest.normalize import CHOICE_MARKER, TICK
from ingest.organisation import canonical_organisation
from ingest.records import Delegation, Issue, IssueCode
from ingest.section import Section, text_to_sections

HEADING = "委託事項"
ITEM_NUMBER = 4
"""The item of Ⅱ this module reads (4 in every document kind)."""

PRESENCE_CHOICES = ("委託する", "委託しない")
SCOPE_CHOICES = ("特定個人情報ファイルの全体", "特定個人情報ファイルの一部")
SUBJECT_COUNT_CHOICES = (
    "1万人未満",
    "1万人以上10万人未満",
    "10万人以上100万人未満",
    "100万人以上1,000万人未満",
    "1,000万人以上",
)
HANDLER_CHOICES = (
    "10人未満",
    "10人以上50人未満",
    "50人以上100人未満",
    "100人以上500人未満",
    "500人以上1,000人未満",
    "1,000人以上",
)
SUBCONTRACT_CHOICES = ("再委託する", "再委託しない")

CHOICES = {
    "presence": PRESENCE_CHOICES,
    "scope": SCOPE_CHOICES,
    "subject_count": SUBJECT_COUNT_CHOICES,
    "handlers": HANDLER_CHOICES,
    "subcontract": SUBCONTRACT_CHOICES,
}
"""The ``<選択肢>`` fields of Ⅱ 4 and their choices."""

VOCABULARY = ItemVocabulary(
    headings=(HEADING,),
    labels=field_labels(
        ("presence", "委託の有無"),
        ("content", "委託内容"),
        ("scope", "取扱いを委託する特定個人情報ファイルの範囲"),
        ("subject_count", "対象となる本人の数"),
        ("subject_scope", "対象となる本人の範囲"),
        ("scope_reason", "その妥当性"),
        ("handlers", "委託先における取扱者数"),
        ("methods", "委託先への特定個人情報ファイルの提供方法"),
        ("confirmation", "委託先名の確認方法"),
        ("contractor", "委託先名"),
        ("subcontract", "再委託の有無"),
        ("subcontract_method", "再委託の許諾方法"),
        ("subcontract_content", "再委託事項"),
    ),
    block_keys=frozenset({"presence"}),
    choice_keys=frozenset(CHOICES),
    choices=tuple(CHOICES.items()),
    grid_keys=frozenset({"methods"}),
    title_words=("委託",),
)
"""The closed label vocabulary of Ⅱ 4 (wordings of the 全項目評価書 and 重点項目評価書)."""

FIELD_NAMES = {
    "content": "委託内容",
    "scope": "取扱いを委託する特定個人情報ファイルの範囲",
    "subject_count": "対象となる本人の数",
    "subject_scope": "対象となる本人の範囲",
    "scope_reason": "その妥当性",
    "handlers": "委託先における取扱者数",
    "methods": "委託先への特定個人情報ファイルの提供方法",
    "confirmation": "委託先名の確認方法",
    "contractor": "委託先名",
    "subcontract": "再委託の有無",
    "subcontract_method": "再委託の許諾方法",
    "subcontract_content": "再委託事項",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class DelegationBlock:
    """Ⅱ 4 of one file: whether it delegates, how many items it declares, and the items."""

    present: bool | None
    """委託の有無: True for 委託する, False for 委託しない, None when not readable."""
    count: int | None
    """The declared ( N ) 件."""
    delegations: tuple[Delegation, ...]
    issues: tuple[Issue, ...]


def extract_delegations(section: Section, ctx: ExtractionContext) -> DelegationBlock:
    """Read the Ⅱ 4 block of one file.

    Args:
        section: A sub-section covering only the Ⅱ 4 block of one file.
        ctx: The document context: its change history (別添3) may tell whose name a lone text
            of page text printed out of order is.

    Returns:
        The block: presence, declared count, the 委託事項 records and the issues found.
    """
    form_ref = block_form_ref(section.form_ref, ITEM_NUMBER)
    issues: list[Issue] = []
    if not section.lines:
        issues.append(issue(IssueCode.SECTION_MISSING, "Ⅱ 4 委託 is not in the text", section))
        return DelegationBlock(
            present=None, count=None, delegations=(), issues=with_form_ref(issues, form_ref)
        )
    rows = lines_to_rows(section.lines, VOCABULARY)
    block = rows_to_block(rows, VOCABULARY)
    order: PrintOrder | None = None
    if block.scattered and block.items:
        order = rows_to_print_order(rows, VOCABULARY)
        repaired = rows_to_block(order.rows, VOCABULARY) if order is not None else None
        if repaired is not None and not repaired.scattered and not repaired.duplicates:
            block = repaired
        else:
            order = None
    present, count = _presence(block, section, issues)
    item_issues: list[Issue] = []
    if block.scattered and block.items:
        delegations = tuple(_heading_only(item, section) for item in _ordered(block.items))
        issues.append(_scatter_issue(block, section))
    else:
        used: set[int] = set()
        delegations = tuple(
            _delegation(item, block, section, item_issues, order, used)
            for item in _ordered(block.items)
        )
        if order is not None:
            issues += _order_issues(order, block, section)
            delegations = _named_from_lone_texts(
                delegations, rows, order, used, section, ctx, issues
            )
    filled = [d for d in delegations if _has_content(d)]
    if filled:
        issues += item_issues
    if present is False and not filled:
        if block.items:
            issues.append(
                issue(
                    IssueCode.EMPTY_TEMPLATE,
                    "委託しない is selected and the 委託事項 template has labels but no values",
                    section,
                    block.items[0].index,
                )
            )
        delegations = ()
    elif present is not False and block.items and not filled and not block.scattered:
        issues.append(
            issue(
                IssueCode.EMPTY_TEMPLATE,
                "the 委託事項 template has labels but no values",
                section,
                block.items[0].index,
            )
        )
        delegations = ()
    issues += _duplicate_issues(block, section)
    issues += _count_issues(count, present, delegations, block, section)
    return DelegationBlock(
        present=present,
        count=count,
        delegations=delegations,
        issues=with_form_ref(issues, form_ref),
    )


def _ordered(items: Sequence[ItemReading]) -> list[ItemReading]:
    return sorted(items, key=lambda item: item.number)


# --- 委託の有無 --------------------------------------------------------------------------------


def _presence(
    block: BlockReading, section: Section, issues: list[Issue]
) -> tuple[bool | None, int | None]:
    reading = block.block_fields.get("presence")
    texts = list(reading.pieces) if reading is not None else []
    present: bool | None = None
    choice = read_choice(texts, PRESENCE_CHOICES) if texts else None
    if choice is not None:
        present = choice == "委託する"
    elif reading is not None:
        issues.append(
            issue(
                IssueCode.NO_SELECTION, "委託の有無 has no selected choice", section, reading.index
            )
        )
    else:
        issues.append(issue(IssueCode.FIELD_MISSING, "委託の有無 is not in the text", section))
    has_count, count = declared_count(" ".join(texts))
    if not has_count:
        has_count, count = declared_count(" ".join(row.text for row in block.rows))
    if has_count and count is None and present:
        count = _lone_count(block)
        if count is not None:
            issues.append(
                issue(
                    IssueCode.REPAIRED_TEXT,
                    f"委託の有無 ( ) 件 is empty; the number {count} printed on a line of its "
                    "own in the block was read as the count",
                    section,
                    reading.index if reading is not None else None,
                )
            )
    return present, count


def _lone_count(block: BlockReading) -> int | None:
    """A number printed as its own text box in PDF page text (the N of ( N ) 件)."""
    lone = [row.text.strip() for row in block.rows if not row.hits and row.text.strip().isdigit()]
    if len(lone) == 1 and 0 < int(lone[0]) < 1000:
        return int(lone[0])
    return None


# --- 委託事項N --------------------------------------------------------------------------------


def _delegation(
    item: ItemReading,
    block: BlockReading,
    section: Section,
    issues: list[Issue],
    order: PrintOrder | None = None,
    used: set[int] | None = None,
) -> Delegation:
    """The record of one item; ``used`` gains the rows read as text values."""
    fields = item.fields
    where = section.raw_line(item.index)
    if item.inferred:
        issues.append(
            issue(IssueCode.FIELD_MISSING, inferred_message(item, block.items), section, item.index)
        )

    def choice(key: str) -> str | None:
        reading = fields.get(key)
        if reading is None:
            return None
        selected = read_choice(_choice_texts(reading, section), CHOICES[key])
        if selected is None and _stated(reading):
            issues.append(
                issue(
                    IssueCode.NO_SELECTION,
                    f"{HEADING}{item.number} {FIELD_NAMES[key]} has no selected choice",
                    section,
                    reading.index,
                )
            )
        return selected

    contractor = text_value(fields.get("contractor"))
    if contractor is not None:
        contractor = canonical_organisation(contractor)
    else:
        issues.append(
            issue(
                IssueCode.FIELD_MISSING,
                f"{HEADING}{item.number} 委託先名 has no value",
                section,
                item.index,
            )
        )
    subcontract_choice = choice("subcontract")
    subcontract = None if subcontract_choice is None else subcontract_choice == "再委託する"
    method_reading = fields.get("subcontract_method")
    content_reading = fields.get("subcontract_content")
    if order is not None and subcontract is False:
        # ⑧ and ⑨ are answered only for 再委託する: in re-ordered page text the box printed
        # after their label is another item's (its name), not theirs.
        method_reading = _own_row_only(method_reading)
        content_reading = _own_row_only(content_reading)
    subcontract_content = text_value(content_reading)
    subcontract_method = text_value(method_reading)
    method_lines = [section.lines[i] for i in _method_lines(item)]
    methods = read_methods(method_lines)
    other = methods.other
    if order is not None and _torn_ticks(method_lines):
        # Page text that tears a ticked box from its option label cannot say which
        # option the tick is for: a gap, not a guess.
        methods, other = Methods(), ()
        issues.append(
            issue(
                IssueCode.FIELD_MISSING,
                f"{HEADING}{item.number} {FIELD_NAMES['methods']}: the layout prints ticked "
                "boxes apart from their option labels; the ticked options were not read",
                section,
                fields["methods"].index if "methods" in fields else item.index,
            )
        )
    elif order is not None and "その他" in methods.ticked and not other:
        other = _other_in_unit(fields.get("methods"), order, used)
    if used is not None:
        for reading in (
            *(fields.get(key) for key in _TEXT_KEYS),
            method_reading,
            content_reading,
        ):
            if reading is not None:
                used.update(reading.piece_lines)
    return Delegation(
        no=item.number,
        name=_name(item),
        content=text_value(fields.get("content")),
        subjects=choice("scope"),
        subject_count=choice("subject_count"),
        subject_scope=text_value(fields.get("subject_scope")),
        scope_reason=text_value(fields.get("scope_reason")),
        handlers=choice("handlers"),
        methods=methods.ticked + other,
        contractor=contractor,
        contractor_confirmation=text_value(fields.get("confirmation")),
        subcontract=subcontract,
        subcontract_method=subcontract_method,
        subcontract_content=subcontract_content,
        subcontractors=subcontractors(subcontract_content, subcontract_method),
        line=where,
    )


_SUBCONTRACTOR = re.compile(
    r"再委託先(?:名|の名称)?\s*(?:は|:|：)\s*(?P<names>[^。\n]+?)\s*(?:(?:であ|とす)る|。|$)"
)
_NAME_SPLIT = re.compile(r"\s*(?:[、,，]|及び|並びに|および)\s*")
_MAX_NAME = 40


def subcontractors(*texts: str | None) -> tuple[str, ...]:
    """再委託先 names, when the 再委託 fields name them (``再委託先：株式会社X、Y株式会社``).

    >>> subcontractors("帳票の印刷。再委託先：(株)みなと印刷、そら株式会社及びびわこ(有)")
    ('株式会社みなと印刷', 'そら株式会社', 'びわこ有限会社')
    >>> subcontractors("再委託先のセキュリティ管理体制を確認した上で許諾している。")
    ()
    """
    names: list[str] = []
    for text in texts:
        if text is None:
            continue
        for found in _SUBCONTRACTOR.finditer(text):
            for name in _NAME_SPLIT.split(found.group("names")):
                name = canonical_organisation(name.strip(" ・"))
                if name and len(name) <= _MAX_NAME and name not in names:
                    names.append(name)
    return tuple(names)


def _name(item: ItemReading) -> str | None:
    if item.name is None:
        return None
    return text_value(FieldReading(key="name", index=item.index, pieces=[item.name]))


def _choice_texts(reading: FieldReading, section: Section) -> list[str]:
    """The text a choice is read from: its whole lines (a PDF page prints the box on the line
    after the label), or only its own share of a merged row."""
    if reading.merged:
        return reading.pieces
    return [section.lines[i] for i in reading.lines]


def _stated(reading: FieldReading) -> bool:
    """A choice field counts as printed when its row has a value cell or a choice list."""
    return any(piece.strip() for piece in reading.pieces) or len(reading.lines) > 1


def _method_lines(item: ItemReading) -> list[int]:
    methods = item.fields.get("methods")
    lines = set(item.grid_lines)
    if methods is not None:
        lines.update(methods.lines)
    return sorted(lines)


_TICK_MARK = re.compile(rf"[\[【「]\s*{TICK}")
_WHOLE_BOX = re.compile(rf"[\[【「]\s*{TICK}\s*[\]】」]\s*\S")


def _torn_ticks(lines: Sequence[str]) -> bool:
    """Whether some ticked box of a grid is not whole on its line with a label after it
    (``[ ○`` here, ``] 専用線`` elsewhere).

    >>> _torn_ticks(["[○] その他 (", "] 電子メール [ ] 紙"]), _torn_ticks(["[ ○ [", "] 紙"])
    (False, True)
    """
    return any(len(_TICK_MARK.findall(line)) > len(_WHOLE_BOX.findall(line)) for line in lines)


def _own_row_only(reading: FieldReading | None) -> FieldReading | None:
    """The reading without the value rows printed after its label row."""
    if reading is None:
        return None
    own = [
        p for p, i in zip(reading.pieces, reading.piece_lines, strict=True) if i == reading.index
    ]
    return FieldReading(key=reading.key, index=reading.index, pieces=own, lines=[reading.index])


def _other_in_unit(
    reading: FieldReading | None, order: PrintOrder, used: set[int] | None = None
) -> tuple[str, ...]:
    """What a ticked その他 ( ) with nothing inside names, when the text box printed with the
    ④提供方法 label (between its label and the next one) is running text: PDF page text
    prints the wide parenthesis as its own box. ``used`` gains the rows read."""
    if reading is None:
        return ()
    rows = [
        row
        for row in order.trailing.get(reading.index, ())
        if not row.hits and _running_text(row.text)
    ]
    whole = flatten([row.text for row in rows])
    if whole and used is not None:
        used.update(row.index for row in rows)
    return (whole,) if whole else ()


def _running_text(text: str) -> bool:
    stripped = text.strip()
    return (
        len(stripped) > 1
        and not any(mark in stripped for mark in "[]【】「」")
        and CHOICE_MARKER not in stripped
        and not looks_like_choice_list(stripped)
    )


_TEXT_KEYS = ("content", "subject_scope", "scope_reason", "confirmation", "contractor")
"""The free-text fields of an item (⑧ and ⑨ aside: see :func:`_delegation`)."""
_FURNITURE = (
    *(choice for choices in CHOICES.values() for choice in choices),
    *METHOD_OPTIONS,
)
"""The form's own words in a block: a lone text equal to one is no item name."""


def _named_from_lone_texts(
    delegations: tuple[Delegation, ...],
    rows: Sequence[Row],
    order: PrintOrder,
    used: set[int],
    section: Section,
    ctx: ExtractionContext,
    issues: list[Issue],
) -> tuple[Delegation, ...]:
    """The items of re-ordered page text with the names printed as lone text boxes, where
    :func:`~ingest.extractors.print_order.lone_names_to_items` finds the pairing certain (the
    change history is read only when one lone text per nameless heading does not decide)."""
    nameless = [d.no for d in delegations if d.name is None]
    if not nameless:
        return delegations
    lone = _lone_texts(rows, order, used)
    if not lone:
        return delegations
    restated: dict[int, tuple[str, int]] = {}
    if not (len(lone) == 1 and len(nameless) == 1):
        restated = _restated_names(ctx)
    pairs = lone_names_to_items(
        nameless, lone, {number: name for number, (name, _line) in restated.items()}
    )
    names = {pair.number: pair for pair in pairs}
    for pair in pairs:
        issues.append(_lone_name_issue(pair, pairs, restated, section))
    return tuple(
        replace(d, name=_lone_name(names[d.no].text)) if d.no in names else d for d in delegations
    )


def _lone_name(text: str) -> str | None:
    return text_value(FieldReading(key="name", index=0, pieces=[text]))


def _lone_texts(rows: Sequence[Row], order: PrintOrder, used: set[int]) -> list[tuple[int, str]]:
    """The lines of the block that could be an item's name: a line of its own (no label, no
    line of running text next to it) that no field read as its value, not printed after a
    text label no item took, and shaped like a name (no box, choice, option or sentence)."""
    unplaced = {
        row.index
        for key, index in order.unplaced
        if key not in VOCABULARY.choice_keys and key not in VOCABULARY.grid_keys
        for row in order.trailing.get(index, ())
    }
    by_index = {row.index: row for row in rows}

    def running(index: int) -> bool:
        row = by_index.get(index)
        return (
            row is not None
            and not row.hits
            and not row.title
            and _running_text(row.text)
            and not OPTION_LINE.match(row.text)
        )

    return [
        (row.index, row.text.strip())
        for row in rows
        if not row.hits
        and not row.title
        and row.index not in used
        and row.index not in unplaced
        and not running(row.index - 1)
        and not running(row.index + 1)
        and looks_like_item_name(row.text, _FURNITURE)
    ]


def _restated_names(ctx: ExtractionContext) -> dict[int, tuple[str, int]]:
    """委託事項N → the name the newest 別添3 row naming the item and no field restates, and the
    row's raw line (rows whose 項目 was cut and numbered by their neighbours are not used)."""
    # Imported here: ingest.item_history reads this module's vocabulary.
    from ingest.item_history import change_targets

    sections = ctx.sections
    if not sections and ctx.normalized is not None:
        sections = tuple(text_to_sections(ctx.normalized))
    changes = [
        change
        for found in sections
        if found.kind is SectionKind.CHANGES
        for change in ctx.extraction_of(found, extract_changes).changes
    ]
    targets = change_targets(changes)
    newest = sorted(
        ((change.date, position) for position, change in enumerate(changes) if change.date),
        reverse=True,
    )
    names: dict[int, tuple[str, int]] = {}
    decided: set[int] = set()
    for _date, position in newest:
        target, inferred = targets[position]
        if target is None or target.heading != HEADING or target.field is not target.family.name:
            continue
        if target.number in decided:
            continue
        decided.add(target.number)  # only the newest row restating the name counts
        change = changes[position]
        value = target.field.read(change.after, change.line) if change.after else None
        if isinstance(value, str) and not inferred:
            names[target.number] = (value, change.line)
    return names


def _lone_name_issue(
    pair: NamePairing,
    pairs: Sequence[NamePairing],
    restated: dict[int, tuple[str, int]],
    section: Section,
) -> Issue:
    where = section.raw_line(pair.index)
    head = (
        f"{HEADING}{pair.number}: its name is printed as a lone text away from its heading "
        f"(line {where}); "
    )
    if pair.restated:
        how = (
            "it is the one lone text equal to the name the change history restates "
            f"(別添3 line {restated[pair.number][1]})"
        )
    elif len(pairs) > 1:
        matched = ", ".join(f"{HEADING}{p.number}" for p in pairs if p.restated)
        how = (
            f"it is the only lone name-like text left for the only nameless heading left once "
            f"the change history matched {matched}"
        )
    else:
        how = "it is the only lone name-like text and the block's only nameless heading"
    return issue(IssueCode.REPAIRED_TEXT, head + how, section, pair.index)


def _order_issues(order: PrintOrder, block: BlockReading, section: Section) -> list[Issue]:
    """Say that the fields were put back under their items, and what could not be."""
    numbers = [item.number for item in block.items]
    first = min(item.index for item in block.items)
    completed = ", ".join(
        f"{HEADING}{number} {FIELD_NAMES.get(key, key)}"
        for (_word, number), key, _index in order.completed
    )
    found = [
        issue(
            IssueCode.REPAIRED_TEXT,
            f"Ⅱ 4: the page layout prints the fields of {numbers_text(numbers, HEADING)} out of "
            f"form order (bands bottom-up, fields before their heading); {len(order.moved)} "
            "fields were put back under their items by the form's label order"
            + (f"; placed as the only item lacking them: {completed}" if completed else ""),
            section,
            first,
        )
    ]
    if order.unplaced:
        left = ", ".join(
            f"{FIELD_NAMES.get(key, key)} (line {section.raw_line(index)})"
            for key, index in order.unplaced
        )
        found.append(
            issue(
                IssueCode.FIELD_MISSING,
                f"Ⅱ 4: fields that several 委託事項 lack were left out rather than guessed: {left}",
                section,
                order.unplaced[0][1],
            )
        )
    return found


def _heading_only(item: ItemReading, section: Section) -> Delegation:
    return Delegation(no=item.number, name=_name(item), line=section.raw_line(item.index))


def _has_content(delegation: Delegation) -> bool:
    return any(
        (
            delegation.name,
            delegation.content,
            delegation.contractor,
            delegation.subjects,
            delegation.handlers,
            delegation.methods,
            delegation.subcontract is not None,
        )
    )


def _scatter_issue(block: BlockReading, section: Section) -> Issue:
    """The fields of several 委託事項 are printed away from their headings: say what was seen
    instead of guessing which item each value belongs to."""
    contractors = sorted(
        {
            canonical_organisation(value)
            for reading in _all_readings(block, "contractor")
            if (value := text_value(reading)) is not None
        }
    )
    numbers = [item.number for item in block.items]
    named = f"; ⑥委託先名 values found: {', '.join(contractors)}" if contractors else ""
    return issue(
        IssueCode.FIELD_MISSING,
        f"Ⅱ 4: the layout prints the fields of {numbers_text(numbers, HEADING)} away from their "
        f"headings (PDF page order), so their values were not assigned to items{named}",
        section,
        min(item.index for item in block.items),
    )


def _all_readings(block: BlockReading, key: str) -> list[FieldReading]:
    found = [reading for reading in block.loose if reading.key == key]
    for item in block.items:
        if key in item.fields:
            found.append(item.fields[key])
    return found


def _duplicate_issues(block: BlockReading, section: Section) -> list[Issue]:
    return [
        issue(
            IssueCode.DUPLICATE_ITEM,
            f"{heading.word}{heading.number} is printed twice; the first was kept",
            section,
            index,
        )
        for index, heading in block.duplicates
    ]


def _count_issues(
    count: int | None,
    present: bool | None,
    delegations: Sequence[Delegation],
    block: BlockReading,
    section: Section,
) -> list[Issue]:
    listed = [d.no for d in delegations]
    if count is None or not present:
        return []
    if count == len(listed):
        return []
    where = block.block_fields["presence"].index if "presence" in block.block_fields else None
    return [
        issue(
            IssueCode.COUNT_MISMATCH,
            f"委託の有無 declares ( {count} ) 件; the text lists {len(listed)} "
            f"({numbers_text(listed, HEADING)})",
            section,
            where,
        )
    ]
