"""Ⅱ 特定個人情報ファイルの概要: one :class:`~ingest.records.InformationFile` per file.

Ⅱ is cut into files and items by :mod:`ingest.extractors.file_block` (evidence-based, so that
PDF layout that prints an item's boxes before its title, or Ⅱ's first page before its heading,
still reads). Each field is then found by its own label inside its item, never by position:

- choice fields (①ファイルの種類, ②対象となる本人の数, ④記録される項目, ②保管期間) by the value
  in brackets beside their ``<選択肢>`` list (:mod:`ingest.extractors.choice`);
- checkbox grids (主な記録項目, ①入手元, ②入手方法, 提供・移転の有無) by their box labels, whose
  vocabularies do not overlap, so a grid's pieces are gathered wherever the layout put them
  (:mod:`ingest.extractors.grid` decides the boxes);
- free text (③対象となる本人の範囲, ⑥事務担当部署, 使用部署, 保管場所, 消去方法) from the label to
  the next line of structure; a value printed before its label (OCR of a vertically centred
  label cell) is taken from before it when nothing follows the label.

The items 4 委託 and 5 提供・移転 of each file are handed to
:func:`~ingest.extractors.delegation.extract_delegations` and
:func:`~ingest.extractors.provision.extract_provisions` (their entries, declared counts and the
checks COUNT_MISMATCH and EMPTY_TEMPLATE); the 提供・移転の有無 boxes are read here, so that a
box left empty, or 行っていない, declares 0 flows. Items 2–6 missing from a file are
SECTION_MISSING (with the form item, e.g. ``Ⅱ 5``).

Converters of HTML tables differ in how they write a ticked box: with the ``checked`` attribute,
or by writing a control only where the printed box holds a mark (and the empty boxes as bracket
text ``[ ]``). The second convention is recognised in the raw text (no control outside brackets
is ever ``checked``, and one line shows both a control and an empty bracket box); in such a text
a control outside brackets is a ticked box (:func:`presence_marks`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache

from ingest.checkbox import Token, TokenKind, line_to_tokens
from ingest.extractors.base import Extraction, ExtractionContext
from ingest.extractors.choice import drop_choice_furniture, read_choice
from ingest.extractors.delegation import DelegationBlock, extract_delegations
from ingest.extractors.file_block import (
    GRID_OPTIONS,
    FileBlocks,
    OverviewLine,
    analyse_lines,
    file_blocks,
    section_with_preface,
)
from ingest.extractors.grid import BoxReading, read_boxes
from ingest.extractors.provision import ProvisionBlock, extract_provisions
from ingest.field import flatten
from ingest.form import FOCUSED
from ingest.normalize import CHOICE_MARKER, normalize_line
from ingest.overview import (
    ACQUISITION_ITEM,
    BASIC_ITEM,
    DELEGATION_ITEM,
    ITEM_CHOICES,
    ITEM_TITLES,
    MAIN_ITEM_OPTIONS,
    MAIN_ITEM_ROWS,
    METHOD_OPTIONS,
    METHOD_ROWS,
    NAME_ITEM,
    NOT_PROVIDING,
    OTHER,
    PROVIDING,
    PROVISION_ITEM,
    PROVISION_STATUS_OPTIONS,
    RETENTION_CHOICES,
    SOURCE_OPTIONS,
    STORAGE_ITEM,
    SUBJECT_CHOICES,
    TRANSFERRING,
    TYPE_CHOICES,
    row_partners,
)
from ingest.records import InformationFile, Issue, IssueCode, Storage
from ingest.section import Section
from ingest.wareki import find_wareki_date
from ontology.lexicon import national_system, source_category, transfer_method

FORM_REF = "Ⅱ"

REQUIRED_ITEMS = (BASIC_ITEM, ACQUISITION_ITEM, DELEGATION_ITEM, PROVISION_ITEM, STORAGE_ITEM)
"""The items every file of Ⅱ has (1 is the file's title, 7 備考 is often left out)."""


def extract_files(section: Section, context: ExtractionContext) -> Extraction:
    """Read every 特定個人情報ファイル of Ⅱ.

    A Ⅱ section that holds nothing but its heading gives no file and no issue (the text ends
    there); a file whose content is damaged gives what could be read and issues for the rest.
    """
    whole = section_with_preface(section, context.normalized)
    files: list[InformationFile] = []
    issues: list[Issue] = []
    for blocks in file_blocks(whole):
        reader = _FileReader(blocks, context)
        files.append(reader.read())
        issues += reader.issues
    return Extraction(files=tuple(files), issues=tuple(issues))


# --- reading one file ------------------------------------------------------------------------

_MAIN_PARTNERS = row_partners(MAIN_ITEM_ROWS)
_METHOD_PARTNERS = row_partners(METHOD_ROWS)
_STATUS_PARTNERS = row_partners((PROVISION_STATUS_OPTIONS,))

_CHOICE_REACH = 8
"""Lines after a choice label searched for its selection (PDF layout prints it apart)."""
_SKIP_LINE = re.compile(r"^[※*＊\s]+$")
_CHOICE_LINE = re.compile(rf"^(?:{re.escape(CHOICE_MARKER)}|\d{{1,2}}\s*[)）])")
_DAMAGED_LABEL = re.compile(r"^[\u2460-\u2473][^\t]{0,7}\t")
"""A short numbered first cell of a tab row: a field label too damaged to read (⑦使用のヨ⇥…)."""
_LIST_SEPARATOR = re.compile(r"[、,，]")
_PLACE = re.compile(
    r"(?:[<＜〈《【]|(?:^|(?<=\s))く)\s*(?P<name>[^<>＜＞〈〉《》【】。\s]{1,80}?)\s*における措置\s*[>＞〉》】]"
)
_TRAILING_PARENTHETICAL = re.compile(
    r"\s*[(（][^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*[)）]\s*$"
)
_EMBEDDED_PLACES_LABEL = re.compile(r"①\s*保管場所\s*[※*＊]?|保管場所\s*[※*＊]")
_PERIOD = re.compile(
    r"期間\s*[\[［「【]?\s*(?P<value>"
    + "|".join(re.escape(c) for c in sorted(RETENTION_CHOICES, key=len, reverse=True))
    + r")(?![0-9年以上未満])"
)


class _FileReader:
    """Reads the fields of one file; collects its issues."""

    def __init__(self, blocks: FileBlocks, context: ExtractionContext) -> None:
        self.blocks = blocks
        self.context = context
        self.section = blocks.section
        self.lines = analyse_lines(self.section.lines)
        base = self.section.start
        self.spans = {
            number: (item.start - base, item.end - base) for number, item in blocks.items.items()
        }
        self.issues: list[Issue] = []
        self.focused = self.section.document_kind == FOCUSED
        self.routed: dict[str, list[tuple[int, Sequence[Token]]]] | None = None

    # -- locations and issues

    def issue(self, code: IssueCode, message: str, index: int | None, item: int | None) -> None:
        if code is IssueCode.FIELD_MISSING and item in REQUIRED_ITEMS and item not in self.spans:
            return  # the item's SECTION_MISSING says it
        line = self.section.raw_line(index) if index is not None and self.section.lines else None
        reference = f"{FORM_REF} {item}" if item is not None else FORM_REF
        name = f"ファイル{self.blocks.no} " if self.blocks.no > 1 else ""
        self.issues.append(
            Issue(code=code, message=f"{name}{message}", line=line, form_ref=reference)
        )

    def span(self, item: int) -> range:
        low, high = self.spans.get(item, (0, 0))
        return range(low, high)

    def labelled(self, key: str, item: int) -> OverviewLine | None:
        """The first line of ``item`` that carries the label ``key``."""
        for index in self.span(item):
            line = self.lines[index]
            if line.label is not None and line.label.spec.key == key:
                return line
        return None

    def following(self, index: int, limit: int | None = None) -> list[OverviewLine]:
        """The plain lines that go on with the field labelled at ``index``."""
        found: list[OverviewLine] = []
        for line in self.lines[index + 1 : limit]:
            if _SKIP_LINE.match(line.text):
                continue
            if not _is_plain(line):
                break
            found.append(line)
        return found

    def field_text(self, line: OverviewLine) -> str:
        assert line.label is not None
        pieces = [line.label.value] + [f.text for f in self.following(line.index)]
        pieces = [piece for piece in pieces if piece and not _SKIP_LINE.match(piece)]
        return drop_choice_furniture(flatten(pieces)).strip(" ※")

    def choice(
        self, line: OverviewLine, choices: Sequence[str], what: str, item: int
    ) -> str | None:
        """The selection of the choice field labelled at ``line``."""
        assert line.label is not None
        texts = [line.label.value]
        for following in self.lines[line.index + 1 : line.index + 1 + _CHOICE_REACH]:
            if following.label is not None or following.title is not None:
                break
            if following.numbered_heading is not None:
                break
            texts.append(following.text)
        reading = read_choice(texts, choices)
        if reading is None:
            self.issue(IssueCode.NO_SELECTION, f"{what} has no selected choice", line.index, item)
            return None
        if not reading.bracketed:
            self.issue(
                IssueCode.REPAIRED_TEXT,
                f"{what}: the selection {reading.value!r} was read without its brackets",
                line.index,
                item,
            )
        return reading.value

    # -- the record

    def read(self) -> InformationFile:
        """The file's record; fields are read (and their issues raised) in form order."""
        name, line = self.name()
        for item in REQUIRED_ITEMS:
            if item not in self.spans:
                self.issue(
                    IssueCode.SECTION_MISSING,
                    f"{FORM_REF} {item} {ITEM_TITLES[item]} is not in the text",
                    None,
                    item,
                )
        file_type = self.choice_field("file.type", TYPE_CHOICES, "①ファイルの種類")
        subjects = self.choice_field("file.subjects", SUBJECT_CHOICES, "②対象となる本人の数")
        scope = self.text_field("file.subject_scope", BASIC_ITEM, "③対象となる本人の範囲")
        items = self.choice_field("file.items", ITEM_CHOICES, "④記録される項目")
        main_items = self.main_items()
        holding_start, holding_start_date = self.holding_start()
        department = self.text_field("file.department", BASIC_ITEM, "⑥事務担当部署")
        sources = self.sources()
        methods = self.methods()
        users = self.users()
        delegation = self.delegation_block()
        provision = self.provision_block()
        storage = self.storage()
        return InformationFile(
            no=self.blocks.no,
            name=name or "",
            type=file_type,
            subjects=subjects,
            subject_scope=scope,
            items=items,
            main_items=main_items,
            holding_start=holding_start,
            holding_start_date=holding_start_date,
            department=department,
            sources=sources,
            acquisition_methods=methods,
            users=users,
            delegation_present=delegation.present,
            delegation_count=delegation.count,
            delegations=delegation.delegations,
            provision_count=provision.provision_count,
            transfer_count=provision.transfer_count,
            provisions=provision.provisions,
            transfers=provision.transfers,
            storage=storage,
            line=self.section.raw_line(line),
        )

    # -- 1. ファイル名

    def name(self) -> tuple[str | None, int]:
        for index in self.span(NAME_ITEM):
            line = self.lines[index]
            if line.title is None or line.title.number != NAME_ITEM:
                continue
            name = line.title.rest or next((f.text for f in self.following(index)), "")
            name = re.sub(r"^[(（]\s*\d{1,2}\s*[)）]\s*", "", name).strip()
            if name:
                return name, index
            self.issue(IssueCode.FIELD_MISSING, "1. 特定個人情報ファイル名 has no value", index, 1)
            return None, index
        self.issue(IssueCode.FIELD_MISSING, "1. 特定個人情報ファイル名 is not in the text", None, 1)
        return None, 0

    # -- 2. 基本情報

    def choice_field(self, key: str, choices: Sequence[str], what: str) -> str | None:
        line = self.labelled(key, BASIC_ITEM)
        if line is None:
            self.issue(IssueCode.FIELD_MISSING, f"{what} is not in the text", None, BASIC_ITEM)
            return None
        return self.choice(line, choices, what, BASIC_ITEM)

    def text_field(self, key: str, item: int, what: str) -> str | None:
        line = self.labelled(key, item)
        text = self.field_text(line) if line is not None else ""
        if not text:
            where = line.index if line is not None else None
            self.issue(IssueCode.FIELD_MISSING, f"{what} has no value", where, item)
            return None
        return text

    def holding_start(self) -> tuple[str | None, date | None]:
        text = self.text_field("file.holding_start", BASIC_ITEM, "⑤保有開始日")
        if text is None:
            return None, None
        found = find_wareki_date(text)
        if found is None:
            line = self.labelled("file.holding_start", BASIC_ITEM)
            self.issue(
                IssueCode.UNPARSED_DATE,
                f"⑤保有開始日 {text!r} is not a date",
                line.index if line else None,
                BASIC_ITEM,
            )
            return text, None
        return found

    def main_items(self) -> tuple[str, ...]:
        reading = self.grid(
            "main",
            MAIN_ITEM_OPTIONS,
            BASIC_ITEM,
            "file.main_items",
            "主な記録項目",
            partners=_MAIN_PARTNERS,
        )
        if reading is None:
            return ()
        found: list[str] = []
        for option in reading.ticked:
            found.append(option)
            found += [f"{option}: {name}" for name in reading.names.get(option, ())]
        return tuple(found)

    # -- 3. 入手・使用

    def sources(self) -> tuple[str, ...]:
        reading = self.grid(
            "source",
            SOURCE_OPTIONS,
            ACQUISITION_ITEM,
            "acquisition.sources",
            "①入手元",
            partners={},
            named=SOURCE_OPTIONS,
        )
        if reading is None:
            return ()
        found: list[str] = []
        for option in reading.ticked:
            concept = source_category(option)
            label = concept.pref_label if concept is not None else option
            found.append(label)
            found += [f"{label}: {name}" for name in reading.names.get(option, ())]
        return tuple(found)

    def methods(self) -> tuple[str, ...]:
        reading = self.grid(
            "method",
            METHOD_OPTIONS,
            ACQUISITION_ITEM,
            "acquisition.methods",
            "②入手方法",
            partners=_METHOD_PARTNERS,
        )
        if reading is None:
            return ()
        found: list[str] = []
        for option in reading.ticked:
            concept = transfer_method(option)
            found.append(concept.pref_label if concept is not None else option)
        found += list(reading.names.get(OTHER, ()))
        return tuple(found)

    def users(self) -> tuple[str, ...]:
        text = self.text_field("use.departments", ACQUISITION_ITEM, "使用部署")
        if text is None:
            return ()
        names = (name.strip(" ・") for name in _LIST_SEPARATOR.split(text))
        return tuple(dict.fromkeys(name for name in names if name))

    # -- grids

    def grid(
        self,
        grid: str,
        options: Sequence[str],
        item: int,
        label_key: str,
        what: str,
        *,
        partners: Mapping[str, str],
        named: Collection[str] = (OTHER,),
    ) -> BoxReading | None:
        """Read the grid of ``options`` inside ``item`` and report what could not be read."""
        if self.routed is None:
            self.routed = _route(self.lines, self.span(ACQUISITION_ITEM), self.tokens)
        lines = self.routed.get(grid, [])
        reading = read_boxes(lines, options=options, partners=partners, named=named)
        label = self.labelled(label_key, item)
        where = label.index if label is not None else reading.line
        if not reading.seen:
            self.issue(
                IssueCode.FIELD_MISSING, f"{what}: no box of the grid is in the text", where, item
            )
            return None
        if reading.inferred:
            details = "; ".join(
                f"{i.option} {'ticked' if i.ticked else 'not ticked'} ({i.reason})"
                for i in reading.inferred
            )
            self.issue(
                IssueCode.REPAIRED_TEXT,
                f"{what}: boxes read from the printed layout: {details}",
                where,
                item,
            )
        if reading.unplaced:
            self.issue(
                IssueCode.FIELD_MISSING,
                f"{what}: {reading.unplaced} mark(s) could not be placed on their boxes; "
                f"unread: {', '.join(reading.unresolved)}",
                where,
                item,
            )
        for option in reading.conflicts:
            self.issue(
                IssueCode.DUPLICATE_ITEM,
                f"{what}: {option} is printed twice, ticked and unticked; read as ticked",
                where,
                item,
            )
        return reading

    def tokens(self, line: OverviewLine) -> tuple[Token, ...]:
        """The box tokens of a line, with the raw text's convention for HTML controls applied."""
        raw = _raw_line(self.context, self.section.raw_line(line.index))
        if raw is not None and presence_marks(self.context.source_text):
            marked = mark_present_controls(raw)
            if marked != raw:
                return tuple(
                    line_to_tokens(normalize_line(marked), line=line.index, options=GRID_OPTIONS)
                )
        return line.tokens

    # -- 4. 委託 and 5. 提供・移転

    def delegation_block(self) -> DelegationBlock:
        """4 委託, read by :func:`~ingest.extractors.delegation.extract_delegations`: 委託の有無,
        ( N ) 件, every 委託事項N and the block's checks (COUNT_MISMATCH, EMPTY_TEMPLATE …).
        委託しない declares no entry: its count is 0."""
        section = self.blocks.delegation
        if section is None:
            return DelegationBlock(present=None, count=None, delegations=(), issues=())
        found = extract_delegations(section, self.context)
        self.issues += found.issues
        if found.present is False and found.count is None:
            return replace(found, count=0)
        return found

    def provision_block(self) -> ProvisionBlock:
        """5 提供・移転, read by :func:`~ingest.extractors.provision.extract_provisions` (the flows,
        the numbers written in ( N ) 件 and the block's checks), with the 提供・移転の有無 boxes
        read here: an unticked box, or 行っていない, declares no flow (0)."""
        section = self.blocks.provision
        if section is None:
            return ProvisionBlock(
                provision_count=None, transfer_count=None, provisions=(), transfers=(), issues=()
            )
        provision_count, transfer_count = self.provision_status()
        found = extract_provisions(section, self.context)
        self.issues += found.issues
        return replace(
            found,
            provision_count=0 if provision_count == 0 else found.provision_count,
            transfer_count=0 if transfer_count == 0 else found.transfer_count,
        )

    def provision_status(self) -> tuple[int | None, int | None]:
        """The counts the 提供・移転の有無 boxes declare: 0 for 提供 / 移転 not ticked (or
        行っていない ticked), None where the number is to be read from ( N ) 件."""
        reading = self.grid(
            "status",
            PROVISION_STATUS_OPTIONS,
            PROVISION_ITEM,
            "provision.status",
            "提供・移転の有無",
            partners=_STATUS_PARTNERS,
            named=(),
        )
        if reading is None:
            return None, None
        if not reading.ticked:
            status = self.labelled("provision.status", PROVISION_ITEM)
            where = status.index if status is not None else None
            self.issue(
                IssueCode.NO_SELECTION, "提供・移転の有無 has no ticked box", where, PROVISION_ITEM
            )
            return None, None
        if NOT_PROVIDING in reading.ticked:
            return 0, 0
        return (
            None if PROVIDING in reading.ticked else 0,
            None if TRANSFERRING in reading.ticked else 0,
        )

    # -- 6. 保管・消去

    def storage(self) -> Storage:
        item = STORAGE_ITEM
        if item not in self.spans:
            return Storage()
        places_text = self.places_text()
        places = _places(places_text or "")
        if not places_text:
            self.issue(IssueCode.FIELD_MISSING, "①保管場所 has no value", None, item)
        retention = self.retention()
        reason_line = self.labelled("reason", item)
        reason = self.field_text(reason_line) if reason_line is not None else None
        erasure = self.erasure()
        start = min(self.span(item), default=0)
        return Storage(
            places=places,
            places_text=places_text,
            retention=retention,
            retention_reason=reason or None,
            erasure=erasure,
            line=self.section.raw_line(start),
        )

    def places_text(self) -> str | None:
        line = self.labelled("storage.places", STORAGE_ITEM)
        if line is not None:
            text = self.field_text(line)
            if text:
                return text
        # OCR of a tall table row: the content goes on after the title, the label sits inside.
        for index in self.span(STORAGE_ITEM):
            title = self.lines[index].title
            if title is not None and title.number == STORAGE_ITEM and title.rest:
                text = _EMBEDDED_PLACES_LABEL.sub(" ", title.rest, count=1)
                return re.sub(r"\s+", " ", drop_choice_furniture(text)).strip() or None
        return None

    def retention(self) -> str | None:
        for index in self.span(STORAGE_ITEM):
            found = _PERIOD.search(self.lines[index].text)
            if found is not None:
                value = found.group("value")
                before = self.lines[index].text[found.start() : found.start("value")]
                if not re.search(r"[\[［「【]", before):
                    # As with every choice: a lost closer is ordinary layout, a lost opener is not.
                    self.issue(
                        IssueCode.REPAIRED_TEXT,
                        f"②保管期間: the selection {value!r} was read without its opening bracket",
                        index,
                        STORAGE_ITEM,
                    )
                return value
        line = self.labelled("storage.retention", STORAGE_ITEM)
        if line is not None:
            return self.choice(line, RETENTION_CHOICES, "②保管期間", STORAGE_ITEM)
        if not self.focused:
            self.issue(IssueCode.FIELD_MISSING, "②保管期間 is not in the text", None, STORAGE_ITEM)
        return None

    def erasure(self) -> str | None:
        line = self.labelled("storage.erasure", STORAGE_ITEM)
        if line is None:
            if not self.focused:
                self.issue(
                    IssueCode.FIELD_MISSING, "③消去方法 is not in the text", None, STORAGE_ITEM
                )
            return None
        text = self.field_text(line)
        if not text:
            text = self.text_before(line.index)
        if not text:
            self.issue(IssueCode.FIELD_MISSING, "③消去方法 has no value", line.index, STORAGE_ITEM)
        return text or None

    def text_before(self, index: int) -> str:
        """The plain lines right before ``index`` (a value printed above its label)."""
        pieces: list[str] = []
        for line in reversed(self.lines[:index]):
            if line.title is not None and not line.title.rest and not pieces:
                continue  # the next item's title, printed between the value and its label
            if _SKIP_LINE.match(line.text):
                continue
            if not _is_plain(line):
                break
            pieces.append(line.text)
        return flatten(list(reversed(pieces)))


def _is_plain(line: OverviewLine) -> bool:
    return (
        not _DAMAGED_LABEL.match(line.text)
        and line.title is None
        and line.label is None
        and line.numbered_heading is None
        and not line.has_boxes
        and not _CHOICE_LINE.match(line.text)
    )


def _places(text: str) -> tuple[str, ...]:
    """The platforms of ①保管場所: one per ``<…における措置>`` block, canonical where national."""
    found: list[str] = []
    for match in _PLACE.finditer(text):
        name = match.group("name").strip()
        concept = national_system(name)
        if concept is None:
            bare = _TRAILING_PARENTHETICAL.sub("", name)
            concept = national_system(bare) if bare and bare != name else None
        place = concept.pref_label if concept is not None else name
        if place not in found:
            found.append(place)
    return tuple(found)


_GRIDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("main", frozenset(MAIN_ITEM_OPTIONS) - {OTHER}),
    ("source", frozenset(SOURCE_OPTIONS) - {OTHER}),
    ("method", frozenset(METHOD_OPTIONS) - {OTHER}),
    ("status", frozenset(PROVISION_STATUS_OPTIONS)),
)
"""The grids of a file and the box labels only each of them prints (その他 is in all)."""


def _route(
    lines: Sequence[OverviewLine],
    method_span: range,
    tokens_of: Callable[[OverviewLine], Sequence[Token]],
) -> dict[str, list[tuple[int, Sequence[Token]]]]:
    """The lines (with their tokens) of each grid of a file, by grid name.

    A line belongs to the grid whose box labels it shows (入手方法's only inside item 3: the same
    boxes in items 4 and 5 belong to other grids). A line of bracket halves and marks belongs to
    the grid of the next line that shows labels (else of the line before); a line showing only
    その他 to the grid of the line before, unless that grid has its その他 already (then to the
    grid of the line after); a line of names in parentheses to the grid of the line before.
    """
    kinds: list[tuple[OverviewLine, str, Sequence[Token]]] = []
    for line in lines:
        tokens: Sequence[Token] = tokens_of(line) if line.tokens else ()
        labels = [t.option for t in tokens if t.kind is TokenKind.OPTION and t.option]
        specific = [label for label in labels if label != OTHER]
        if specific:
            name = max(_GRIDS, key=lambda grid: sum(label in grid[1] for label in specific))[0]
            if name == "method" and line.index not in method_span:
                name = "method elsewhere"
            kind = f"grid:{name}"
        elif labels:
            kind = "other-only"
        elif tokens and all(t.kind in _STATE_TOKENS for t in tokens):
            kind = "brackets"
        elif _orphan_names(line.text):
            kind = "names"
            tokens = (Token(kind=TokenKind.TEXT, line=line.index, position=0, written=line.text),)
        else:
            continue
        kinds.append((line, kind, tokens))
    routed: dict[str, list[tuple[int, Sequence[Token]]]] = {}
    with_other: set[str] = set()

    def grid_near(position: int, step: int, reach: int | None = None) -> str | None:
        indices = range(position - 1, -1, -1) if step < 0 else range(position + 1, len(kinds))
        here = kinds[position][0].index
        return next(
            (
                kinds[i][1][5:]
                for i in indices
                if kinds[i][1].startswith("grid:")
                and (reach is None or abs(kinds[i][0].index - here) <= reach)
            ),
            None,
        )

    for position, (line, kind, tokens) in enumerate(kinds):
        previous, following = grid_near(position, -1), grid_near(position, 1)
        if kind.startswith("grid:"):
            target: str | None = kind[5:]
        elif kind == "other-only":
            target = previous if previous not in (None, *with_other) else following
        elif kind == "brackets":
            target = following or previous
        else:  # names in parentheses follow their box closely
            target = grid_near(position, -1, _NAMES_REACH)
        if target is None:
            continue
        routed.setdefault(target, []).append((line.index, tokens))
        if any(t.option == OTHER for t in tokens):
            with_other.add(target)
    return routed


_NAMES_REACH = 3
"""Lines between a box and the names of its parentheses printed on a line of their own."""
_STATE_TOKENS = frozenset({TokenKind.BOX, TokenKind.OPEN, TokenKind.MARK})
"""Tokens that can carry a box's state (a lone closer cannot)."""


def _orphan_names(text: str) -> bool:
    stripped = text.strip()
    return (
        stripped.startswith(("(", "（"))
        and len(stripped) > 2
        and not stripped.endswith("件")
        and "。" not in stripped
    )


# --- raw-text conventions for HTML controls ------------------------------------------------------

_CONTROL = re.compile(r"<input\b[^<>\n]*>", re.IGNORECASE)
_CHECKED = re.compile(r"\bchecked\b", re.IGNORECASE)
_EMPTY_BOX = re.compile(r"[\[［]\s*[\]］]")


def _raw_line(context: ExtractionContext, number: int) -> str | None:
    raw = context.raw_lines
    return raw[number - 1] if 0 < number <= len(raw) else None


def _bare_controls(line: str) -> list[re.Match[str]]:
    """Checkbox controls of a raw line that stand outside brackets."""
    found: list[re.Match[str]] = []
    for match in _CONTROL.finditer(line):
        if "checkbox" not in match.group(0).lower():
            continue
        before = line[: match.start()].rstrip()
        after = line[match.end() :].lstrip()
        if before.endswith(("[", "［")) and after.startswith(("]", "］")):
            continue
        found.append(match)
    return found


@lru_cache(maxsize=16)
def presence_marks(source_text: str) -> bool:
    """True when the converter wrote a control only where the printed box holds a mark.

    Such a text never writes ``checked`` on a control outside brackets, and at least one of its
    lines shows both a control outside brackets and an empty box written as bracket text.

    >>> presence_marks('<input type="checkbox"/> 紙 [ ] 専用線')
    True
    >>> checked = '<input checked="" type="checkbox"/>'
    >>> presence_marks(f'<input type="checkbox"/> 紙 [ ] 専用線 {checked} x')
    False
    """
    if "<input" not in source_text.lower():
        return False
    mixed = False
    for line in source_text.splitlines():
        controls = _bare_controls(line)
        if any(_CHECKED.search(control.group(0)) for control in controls):
            return False
        if controls and _EMPTY_BOX.search(line):
            mixed = True
    return mixed


def mark_present_controls(line: str) -> str:
    """``line`` with each unchecked checkbox control outside brackets written as a ticked box.

    >>> mark_present_controls('<input type="checkbox"/> 紙 [ ] 専用線')
    '[○] 紙 [ ] 専用線'
    """
    pieces: list[str] = []
    last = 0
    for match in _bare_controls(line):
        if _CHECKED.search(match.group(0)):
            continue
        pieces += [line[last : match.start()], "[○]"]
        last = match.end()
    pieces.append(line[last:])
    return "".join(pieces)
