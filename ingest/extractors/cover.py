"""表紙 (cover): 評価書番号, 評価書名, 評価実施機関名, 公表日, the document kind and 様式 marker.

Cover values normally follow their labels, on the same line, on the next line, or in the next
tab row under a header row of labels (``評価書番号⇥評価書名`` over ``2⇥個人住民税…⇥全項目評価書``).
PDF-layout text also prints values away from their labels (``A市長`` under ``公表日``), so
every value is checked against what the field can hold (digits, a date, the head of an
organisation), and a field whose neighbour fails the check takes the cover line that passes
it and that no other field has taken.

>>> org_to_municipality("A市長"), org_to_municipality("BB県CC市長")
('A市', 'CC市')
>>> org_to_municipality("DD都知事"), org_to_municipality("E郡山市長")
('DD都', 'E郡山市')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.extractors.base import Extraction, ExtractionContext, issue
from ingest.form import DOCUMENT_KINDS
from ingest.label import COVER_LABELS, LABELS_BY_KEY, Label, match_label
from ingest.records import Document, IssueCode
from ingest.section import Section, detect_document_kind
from ingest.wareki import WAREKI_PATTERN, find_wareki_date

FORM_REF = "cover"

_PREFECTURE = re.compile(r"^(?:.{2}[都道府]|.{2,3}県)")
"""A prefecture printed before a municipality: two characters and 都/道/府, or two or three
and 県 (all 47 have this shape)."""

_HEAD = re.compile(
    r"^(?P<body>.*?)(?P<head>知事|大臣|長官|委員会|管理者|議会|広域連合長|組合長|長)$"
)
_LOCAL_SUFFIXES = "市区町村"
_FORM_MARKER = re.compile(
    r"(?P<era>令和|平成|昭和)\s*(?P<year>\d{1,2}|元)\s*年\s*(?P<month>\d{1,2})\s*月\s*様式\s*(?P<no>\d)"
)
_NUMBER = re.compile(r"^(?:No\.?|第)?\s*(\d{1,6})\s*(?:号)?$")
_BRACKETS = "[]「」【】()（）"


def org_to_municipality(org: str) -> str | None:
    """The body whose head the 評価実施機関 is: ``○○市長`` → ``○○市``, ``○○県知事`` → ``○○県``.

    A prefecture printed before a municipality (``○○県○○市長``) and a county before a town or
    village (``○○郡○○町長``) are dropped. Organs of a municipality (教育委員会, 水道事業管理者)
    give the municipality; a national agency head gives the agency (``○○庁長官`` → ``○○庁``,
    ``○○大臣`` → ``○○省``).

    >>> org_to_municipality("A市教育委員会"), org_to_municipality("B庁長官")
    ('A市', 'B庁')
    >>> org_to_municipality("CD郡EF町長"), org_to_municipality("GH府市長")
    ('EF町', 'GH府市')
    """
    text = re.sub(r"\s", "", org)
    head = _HEAD.match(text)
    body = head.group("body") if head else text
    found = _PREFECTURE.match(body)
    prefecture = found.group(0) if found else None
    rest = body[len(prefecture) :] if prefecture else body
    municipality = _local_body(rest)
    if municipality is None and prefecture and rest:
        # Not a prefecture after all (a city whose name ends in 府, say): read the whole body.
        prefecture, municipality = None, _local_body(body)
    if municipality is not None:
        return municipality
    if prefecture:
        return prefecture
    if head and head.group("head") == "大臣" and body:
        return body + "省"
    return body or None


def _local_body(text: str) -> str | None:
    """The municipality a text starts with (up to its last 市/区/町/村), without a county."""
    cut = max(text.rfind(suffix) for suffix in _LOCAL_SUFFIXES)
    if cut < 1:
        return None
    municipality = text[: cut + 1]
    county = municipality.find("郡")
    if municipality[-1] in "町村" and 0 < county < len(municipality) - 2:
        municipality = municipality[county + 1 :]
    return municipality


def looks_like_org(text: str) -> bool:
    """True for a short line naming the head of an organisation (``A市長``)."""
    squeezed = re.sub(r"\s", "", text)
    return 2 < len(squeezed) <= 30 and bool(_HEAD.match(squeezed)) and "。" not in squeezed


@dataclass(slots=True)
class _Field:
    label: Label
    index: int
    value: str = ""
    value_index: int | None = None


def extract_cover(section: Section, context: ExtractionContext) -> Extraction:
    """Read the cover of an assessment."""
    lines = section.lines
    matches = [match_label(line, COVER_LABELS) for line in lines]
    label_lines = {i for i, m in enumerate(matches) if m is not None}
    fields: dict[str, _Field] = {}
    claimed: set[int] = set()

    for index, line in enumerate(lines):
        header = _header_row(line)
        if header and index + 1 < len(lines) and index + 1 not in label_lines:
            cells = [cell.strip() for cell in lines[index + 1].split("\t") if cell.strip()]
            for position, label in enumerate(header):
                if position >= len(cells):
                    break
                value = cells[position]
                if position == len(header) - 1:
                    value = " ".join(cells[position:])
                fields.setdefault(label.key, _Field(label, index, value, index + 1))
            claimed.add(index + 1)
            continue
        found = matches[index]
        if found is None or found.label.key in fields:
            continue
        field = _Field(found.label, index)
        if found.value:
            field.value, field.value_index = found.value, index
        elif index + 1 < len(lines) and index + 1 not in label_lines:
            field.value, field.value_index = lines[index + 1], index + 1
        fields[found.label.key] = field

    def value_of(
        key: str, check: Callable[[str], bool], fallback: Callable[[str], bool] | None = None
    ) -> tuple[str | None, int | None]:
        field = fields.get(key)
        if field and field.value and check(field.value) and field.value_index is not None:
            claimed.add(field.value_index)
            return field.value, field.value_index
        # The value is not where the label is: take the one unclaimed cover line that fits.
        strict = fallback or check
        for index, line in enumerate(lines):
            if index in claimed or index in label_lines or not strict(line):
                continue
            claimed.add(index)
            return line, index
        return None, None

    issues = []
    number_text, _ = value_of("cover.number", lambda v: bool(_NUMBER.match(v.strip())))
    number_match = _NUMBER.match(number_text.strip()) if number_text else None
    number = number_match.group(1) if number_match else None
    if number is None:
        issues.append(issue(IssueCode.FIELD_MISSING, "評価書番号 has no value", section))
    title, _ = value_of("cover.name", _is_title, _looks_like_title)
    if title is None:
        issues.append(issue(IssueCode.FIELD_MISSING, "評価書名 has no value", section))
    org, _ = value_of("cover.org", looks_like_org)
    if org is None:
        issues.append(issue(IssueCode.FIELD_MISSING, "評価実施機関名 has no value", section))
    else:
        org = re.sub(r"\s", "", org)

    form, form_index = _form_marker(lines)
    published, published_index = value_of("cover.published", _is_date_line)
    published_date = None
    if published is not None:
        found_date = find_wareki_date(published)
        published = published.strip(_BRACKETS + " ")
        if found_date is None:
            issues.append(
                issue(
                    IssueCode.UNPARSED_DATE,
                    f"公表日 {published!r} is not a calendar date",
                    section,
                    published_index,
                )
            )
        else:
            published, published_date = found_date
    elif form is not None:
        issues.append(
            issue(
                IssueCode.FORM_MARKER_NOT_DATE,
                f"公表日 has only the form version marker [{form}], not a date",
                section,
                form_index,
            )
        )
    else:
        issues.append(issue(IssueCode.FIELD_MISSING, "公表日 has no value", section))

    kind = detect_document_kind(lines) or _kind_from_title(title) or context.document_kind
    document = Document(
        kind=kind,
        org=org,
        municipality=org_to_municipality(org) if org else None,
        number=number,
        title=title,
        form=form,
        published=published,
        published_date=published_date,
        line=section.raw_line(0),
    )
    return Extraction(document=document, issues=tuple(issues))


def _header_row(line: str) -> list[Label] | None:
    """The labels of a header row (``評価書番号⇥評価書名``), or None if the line is not one."""
    cells = [cell for cell in line.split("\t") if cell.strip()]
    if len(cells) < 2:
        return None
    labels: list[Label] = []
    for cell in cells:
        found = match_label(cell, COVER_LABELS)
        if found is None or found.value:
            return None
        labels.append(found.label)
    return labels


def _is_title(value: str) -> bool:
    text = value.strip()
    if not text or _NUMBER.match(text) or _is_date_line(text) or _FORM_MARKER.search(text):
        return False
    return match_label(text, (LABELS_BY_KEY["contents"],)) is None and len(text) <= 120


def _looks_like_title(value: str) -> bool:
    """A line that can only be the 評価書名: it names a 事務 or ends with the document kind."""
    text = value.strip()
    return (
        _is_title(text)
        and "。" not in text
        and len(text) <= 60
        and text.endswith((*DOCUMENT_KINDS, "事務"))
    )


def _is_date_line(value: str) -> bool:
    """A line that is a date and nothing else (brackets aside): never prose mentioning one."""
    text = value.strip().strip(_BRACKETS + " ")
    return bool(WAREKI_PATTERN.fullmatch(text)) or bool(
        re.fullmatch(r"(令和|平成|昭和)\s*(\d{1,2}|元)\s*年.*日", text)
    )


def _form_marker(lines: Sequence[str]) -> tuple[str | None, int | None]:
    for index, line in enumerate(lines):
        found = _FORM_MARKER.search(line)
        if found:
            text = (
                f"{found.group('era')}{found.group('year')}年{found.group('month')}月 "
                f"様式{found.group('no')}"
            )
            return text, index
    return None, None


def _kind_from_title(title: str | None) -> str | None:
    if not title:
        return None
    return next((kind for kind in DOCUMENT_KINDS if title.endswith(kind)), None)
