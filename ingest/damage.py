"""Damage transforms: the families of damage the real corpus shows, applied to a clean text.

The synthetic corpus (:mod:`ingest.synthetic`) writes assessments in the printed form's layout
and then damages them the way PDF-to-text tools, OCR and HTML converters damage real ones
(corpus/README.md, "Families of damage"). Each family is one small function that takes the
lines of a text (each with the 1-based line of the clean text it came from) and a seeded
:class:`random.Random`, changes a few places and says where: the damage applied is data
(:class:`AppliedDamage`), so that an accuracy report can be read against it.

Lines keep their *origin* (the clean line they came from) through every transform, so that
the records the generator wrote can be moved to the lines where the damaged text holds them
(:meth:`DamagedText.line_of`).

>>> import random
>>> lines = ["評価書番号\\t評価書名", "12\\t介護保険に関する事務 全項目評価書"]
>>> damaged = lines_to_damaged(lines, random.Random(3), profile=PROFILES[DamageLevel.HEAVY])
>>> len(damaged.lines) >= 1 and all(1 <= origin <= 2 for origin in damaged.origins)
True
>>> lines_to_damaged(lines, random.Random(3), profile=PROFILES[DamageLevel.NONE]).lines == (
...     tuple(lines))
True
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "FAMILIES",
    "PROFILES",
    "AppliedDamage",
    "DamageLevel",
    "DamageProfile",
    "DamagedText",
    "lines_to_damaged",
]


class DamageLevel(StrEnum):
    """How damaged a synthetic corpus is."""

    NONE = "none"
    """Clean text in the form's layout: extraction must recover every record."""
    CORPUS = "corpus"
    """About as damaged as the five real texts: most documents show a few families."""
    HEAVY = "heavy"
    """Every family, more often and at more places, and order damage on top."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AppliedDamage:
    """One family of damage applied at one place of a document."""

    family: str
    """The family (a key of :data:`FAMILIES`)."""
    line: int
    """The 1-based line of the *clean* text where it was applied."""
    detail: str
    """What was done, e.g. ``'宛名' → '空名'``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DamageProfile:
    """How often each family strikes a document, and at how many places."""

    rates: Mapping[str, float]
    """Family → probability that a document shows it."""
    sites: tuple[int, int] = (1, 3)
    """Least and most places a family that strikes damages (drawn uniformly)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DamagedText:
    """The lines of a damaged text, where each came from, and the damage applied."""

    lines: tuple[str, ...]
    origins: tuple[int, ...]
    """``origins[i]`` is the 1-based clean line that damaged line ``i`` came from."""
    applied: tuple[AppliedDamage, ...] = ()

    def line_of(self, clean_line: int) -> int:
        """The 1-based damaged line that holds what clean line ``clean_line`` held.

        A line that damage removed maps to the first surviving line after it (where an
        extractor would look for what followed).

        >>> DamagedText(lines=("a", "c", "c2"), origins=(1, 3, 3)).line_of(2)
        2
        """
        return self.line_map()(clean_line)

    def line_map(self) -> Callable[[int], int]:
        """:meth:`line_of` as a function that answers in constant time (for many lines).

        >>> DamagedText(lines=("b", "a"), origins=(2, 1)).line_map()(1)
        2
        """
        last = max(self.origins, default=0)
        size = len(self.origins)
        exact = [0] * (last + 2)
        """The first damaged line holding each clean line (0: damage removed it)."""
        for index in range(size - 1, -1, -1):
            exact[self.origins[index]] = index + 1
        later = [size] * (last + 2)
        """The first damaged line holding any later clean line."""
        for origin in range(last - 1, 0, -1):
            found = exact[origin + 1]
            later[origin] = min(found, later[origin + 1]) if found else later[origin + 1]

        def line_of(clean_line: int) -> int:
            if clean_line > last:
                return size
            clean_line = max(clean_line, 1)
            return exact[clean_line] or later[clean_line]

        return line_of


# --- the families --------------------------------------------------------------------------------

_Family = Callable[[list[tuple[str, int]], random.Random, int], list[AppliedDamage]]


def _pick(rng: random.Random, candidates: Sequence[int], count: int) -> list[int]:
    if not candidates:
        return []
    return sorted(rng.sample(list(candidates), min(count, len(candidates))))


_TICKED = re.compile(r"\[○\]|\[ ○ \]")
_UNTICKED = re.compile(r"\[ \]")

_TICK_ENCODINGS: tuple[tuple[str, str], ...] = (
    ("[ O ]", "[ ]"),
    ("[ 〇 ]", "[]"),
    ("[〇]", "【 ]"),
    ("[ <b>〇</b> ]", "[ ]"),
    ("[ ◯ ]", "[ ]"),
    ('<input checked="" type="checkbox"/>', '<input type="checkbox"/>'),
)
"""(ticked, unticked) box encodings the corpus shows; a document uses one pair throughout."""


def checkbox_encoding(
    lines: list[tuple[str, int]], rng: random.Random, sites: int
) -> list[AppliedDamage]:
    """Checkbox encodings: every box of the document written as another tool writes it.

    >>> lines = [("[○] 紙 [ ] 専用線", 1)]
    >>> checkbox_encoding(lines, random.Random(1), 1)[0].family
    'checkbox_encoding'
    >>> lines[0][0] != "[○] 紙 [ ] 専用線"
    True
    """
    del sites
    ticked, unticked = rng.choice(_TICK_ENCODINGS)
    changed = 0
    first = 0
    for index, (text, origin) in enumerate(lines):
        if "[○]" not in text and "[ ]" not in text and "[ ○ ]" not in text:
            continue
        new = _UNTICKED.sub(lambda _m: unticked, _TICKED.sub(lambda _m: ticked, text))
        if new != text:
            lines[index] = (new, origin)
            changed += 1
            first = first or origin
    if not changed:
        return []
    return [AppliedDamage(family="checkbox_encoding", line=first, detail=f"{ticked} / {unticked}")]


OCR_CONFUSIONS: tuple[tuple[str, str, str], ...] = (
    ("宛名システム等", "空名システム等", "any"),
    ("宛名システム等", "死名システム等", "any"),
    ("プラットフォーム", "ブラットフォーム", "any"),
    ("未満", "未满", "any"),
    ("<選択肢>", "く選択肢>", "any"),
    ("<選択肢>", "(選択肢>", "any"),
    ("特定個人情報が", "特定個人情報 that ", "risk"),
    ("システムの名称", "システムの名秋", "label"),
    ("委託先名", "委詫先名", "label"),
    ("委託内容", "委託内客", "label"),
    ("対象となる本人の範囲", "対象と なる本人の範囲", "label"),
    ("提供先における用途", "提供先における用逢", "label"),
    ("事務の名称", "事務の名秋", "label"),
    ("法令上の根拠", "法令上の根拁", "label"),
    ("リスクへの対策は十分か", "リスクへの対策は十分カ", "label"),
    ("保有開始日", "保有開始曰", "label"),
    ("事務担当部署", "事務担当部暑", "label"),
)
"""(written, as OCR read it, where): visually similar characters and English words pasted for
が, in the form's own wording: its labels (``label``: the first cell of a row), its risk
headings (``risk``) and its box labels and markers (``any``). Values the author wrote are left
alone: no extractor can know what they should have said."""


def _confusable(text: str, written: str, where: str) -> bool:
    if where == "label":
        return written in text.split("\t", 1)[0]
    if where == "risk":
        return text.startswith("リスク") and written in text
    return written in text


def ocr_confusion(
    lines: list[tuple[str, int]], rng: random.Random, sites: int
) -> list[AppliedDamage]:
    """OCR confusions of visually similar characters in the form's labels and vocabulary.

    >>> lines = [("①システムの名称\t住民記録システム", 4)]
    >>> ocr_confusion(lines, random.Random(0), 1)[0].detail
    "'システムの名称' → 'システムの名秋'"
    """
    whole = "\n".join(text for text, _origin in lines)
    present = [entry for entry in OCR_CONFUSIONS if entry[0] in whole]
    candidates = [
        (index, written, damaged)
        for written, damaged, where in present
        for index, (text, _origin) in enumerate(lines)
        if written in text and _confusable(text, written, where)
    ]
    applied: list[AppliedDamage] = []
    for position in _pick(rng, range(len(candidates)), sites):
        index, written, damaged = candidates[position]
        text, origin = lines[index]
        if written not in text:
            continue
        lines[index] = (text.replace(written, damaged, 1), origin)
        applied.append(
            AppliedDamage(family="ocr_confusion", line=origin, detail=f"{written!r} → {damaged!r}")
        )
    return applied


_LABEL_CELL = re.compile(r"^(?P<label>[①-⑳]?[^\t\[\]<>]{6,30})\t")


def split_label(
    lines: list[tuple[str, int]], rng: random.Random, sites: int
) -> list[AppliedDamage]:
    """Split labels: a label cell cut mid-word by a tab (``委託事 ⇥ 項1``).

    >>> lines = [("②取扱いを委託する特定個人情報ファイルの範囲\\t[ 全体 ]", 9)]
    >>> split_label(lines, random.Random(2), 1)[0].family
    'split_label'
    >>> "\\t" in lines[0][0].split("\\t[")[0]
    True
    """
    candidates = [
        index
        for index, (text, _o) in enumerate(lines)
        if _LABEL_CELL.match(text) and not _DATE_ROW.match(text)
    ]
    applied: list[AppliedDamage] = []
    for index in _pick(rng, candidates, sites):
        text, origin = lines[index]
        found = _LABEL_CELL.match(text)
        if found is None:
            continue
        label = found.group("label")
        cut = rng.randrange(3, len(label) - 1)
        lines[index] = (label[:cut] + "\t" + label[cut:] + text[found.end("label") :], origin)
        applied.append(
            AppliedDamage(family="split_label", line=origin, detail=f"{label[:cut]}⇥{label[cut:]}")
        )
    return applied


_BREAKABLE = re.compile(r"[。、]")
_GRID = re.compile(r"\[|<input")
"""Checkbox grids are not broken (their boxes stay on their rows); nor are cells holding two
citations, since the second one would move to the next line, which records cannot follow."""
_MIN_BREAK_LENGTH = 40


def line_break_in_value(
    lines: list[tuple[str, int]], rng: random.Random, sites: int
) -> list[AppliedDamage]:
    """Wrapped cells: a long free-text value broken over two lines, no separator.

    >>> lines = [("②事務の内容\\t" + "住民の記録を管理する。" * 6, 30)]
    >>> line_break_in_value(lines, random.Random(4), 1)[0].family
    'line_break_in_value'
    >>> len(lines), lines[1][1]
    (2, 30)
    """
    candidates = [
        index
        for index, (text, _o) in enumerate(lines)
        if "\t" in text
        and len(text.rsplit("\t", 1)[1]) >= _MIN_BREAK_LENGTH
        and not _GRID.search(text)
        and text.count("条") < 2
    ]
    applied: list[AppliedDamage] = []
    for index in reversed(_pick(rng, candidates, sites)):
        text, origin = lines[index]
        head, value = text.rsplit("\t", 1)
        breaks = [m.end() for m in _BREAKABLE.finditer(value) if 8 < m.end() < len(value) - 4]
        cut = rng.choice(breaks) if breaks else len(value) // 2
        lines[index : index + 1] = [(f"{head}\t{value[:cut]}", origin), (value[cut:], origin)]
        applied.append(AppliedDamage(family="line_break_in_value", line=origin, detail=f"at {cut}"))
    return applied


def lost_line(lines: list[tuple[str, int]], rng: random.Random, sites: int) -> list[AppliedDamage]:
    """Missing content: a line the converter lost.

    >>> lines = [("a", 1), ("b", 2), ("c", 3)]
    >>> lost_line(lines, random.Random(1), 1)[0].family, len(lines)
    ('lost_line', 2)
    """
    candidates = [index for index, (text, _o) in enumerate(lines) if text.strip()]
    applied: list[AppliedDamage] = []
    for index in reversed(_pick(rng, candidates[1:], max(1, sites // 2))):
        text, origin = lines.pop(index)
        applied.append(AppliedDamage(family="lost_line", line=origin, detail=text[:30]))
    return applied


def duplicated_line(
    lines: list[tuple[str, int]], rng: random.Random, sites: int
) -> list[AppliedDamage]:
    """Repetition: a line printed twice (a duplicated row, a page-break repeat).

    >>> lines = [("a", 1), ("b", 2)]
    >>> duplicated_line(lines, random.Random(1), 1)[0].family, len(lines)
    ('duplicated_line', 3)
    """
    candidates = [index for index, (text, _o) in enumerate(lines) if text.strip()]
    applied: list[AppliedDamage] = []
    for index in reversed(_pick(rng, candidates, sites)):
        text, origin = lines[index]
        lines.insert(index + 1, (text, origin))
        applied.append(AppliedDamage(family="duplicated_line", line=origin, detail=text[:30]))
    return applied


_CHANGE_HEADER = "変更日\t項目\t変更前の記載\t変更後の記載\t提出時期\t提出時期に係る説明"
_DATE_ROW = re.compile(r"^(?:令和|平成)\S*年\S*月\S*日\t")


def page_header(
    lines: list[tuple[str, int]], rng: random.Random, sites: int
) -> list[AppliedDamage]:
    """Repetition: the change table's header row repeated inside the table at page breaks.

    >>> lines = [(_CHANGE_HEADER, 1), ("令和5年4月1日\\tⅠ 7\\tA\\tB\\t事後\\t異動", 2),
    ...          ("令和5年4月1日\\tⅠ 8\\tC\\tD\\t事後\\t異動", 3)]
    >>> page_header(lines, random.Random(0), 1)[0].family, len(lines)
    ('page_header', 4)
    """
    if not any(text == _CHANGE_HEADER for text, _o in lines):
        return []
    rows = [index for index, (text, _o) in enumerate(lines) if _DATE_ROW.match(text)]
    applied: list[AppliedDamage] = []
    for index in reversed(_pick(rng, rows[1:], sites)):
        # The repeated header belongs to the page break, after the row above it.
        lines.insert(index, (_CHANGE_HEADER, lines[index - 1][1]))
        applied.append(
            AppliedDamage(family="page_header", line=lines[index + 1][1], detail="header row")
        )
    return applied


_FULL_DIGITS = str.maketrans("0123456789()", "０１２３４５６７８９（）")
_DIGITS = re.compile(r"\d+")
_ROMAN_ASCII = (("Ⅱ", "II"), ("Ⅲ", "III"), ("Ⅳ", "IV"), ("Ⅰ", "I"), ("Ⅲ", "皿"), ("Ⅱ", "п"))
_MIDDLE_DOTS = "·•∙"
_WIDTH_CANDIDATE = re.compile(r"[0-9ⅠⅡⅢⅣ・]")


def character_widths(
    lines: list[tuple[str, int]], rng: random.Random, sites: int
) -> list[AppliedDamage]:
    """Mixed widths and symbols: full-width digits, Roman numerals as Latin letters (or OCR'd
    ``皿``/``п``), other middle dots.

    >>> lines = [("⑤保有開始日\\t令和2年4月1日", 7)]
    >>> [d.detail for d in character_widths(lines, random.Random(5), 1)], lines[0][0]
    (['full-width digits'], '⑤保有開始日\\t令和２年４月１日')
    """
    candidates = [index for index, (text, _o) in enumerate(lines) if _WIDTH_CANDIDATE.search(text)]
    applied: list[AppliedDamage] = []
    for index in _pick(rng, candidates, sites * 3):
        text, origin = lines[index]
        romans = [(r, a) for r, a in _ROMAN_ASCII if text.startswith(r)]
        if romans and rng.random() < 0.5:
            roman, written = rng.choice(romans)
            new = written + text[len(roman) :]
            detail = f"{roman} → {written}"
        elif "・" in text and rng.random() < 0.3:
            new = text.replace("・", rng.choice(_MIDDLE_DOTS))
            detail = "・ → another middle dot"
        else:
            new = _DIGITS.sub(lambda m: m.group(0).translate(_FULL_DIGITS), text)
            detail = "full-width digits"
        if new != text:
            lines[index] = (new, origin)
            applied.append(AppliedDamage(family="character_widths", line=origin, detail=detail))
    return applied


_CELL_WRAPS: tuple[tuple[str, str], ...] = (
    ("<p>", "</p>"),
    ('<ul style="list-style-type: none"> <li>', "</li> </ul>"),
    ("<p><b>", "</b></p>"),
)


def html_fragments(
    lines: list[tuple[str, int]], rng: random.Random, sites: int
) -> list[AppliedDamage]:
    """HTML fragments in table rows: cells of 別添3 rows (and other tab rows) wrapped in
    ``<p>``/``<ul><li>``, the choice marker written as entities.

    >>> lines = [("令和5年4月1日\\tⅠ 7 ②所属長の役職名\\t課長\\t部長\\t事後\\t組織改正", 3)]
    >>> html_fragments(lines, random.Random(0), 1)[0].family
    'html_fragments'
    >>> "<" in lines[0][0]
    True
    """
    rows = [index for index, (text, _o) in enumerate(lines) if _DATE_ROW.match(text)]
    others = [index for index, (text, _o) in enumerate(lines) if "<選択肢>" in text]
    applied: list[AppliedDamage] = []
    for index in _pick(rng, rows, sites * 2):
        text, origin = lines[index]
        cells = text.split("\t")
        opening, closing = rng.choice(_CELL_WRAPS)
        for position in (2, 3):
            if position < len(cells) and cells[position]:
                cells[position] = f"{opening}{cells[position]}{closing}"
        lines[index] = ("\t".join(cells), origin)
        applied.append(AppliedDamage(family="html_fragments", line=origin, detail=opening))
    for index in _pick(rng, others, sites):
        text, origin = lines[index]
        lines[index] = (text.replace("<選択肢>", "&lt;選択肢&gt;"), origin)
        applied.append(AppliedDamage(family="html_fragments", line=origin, detail="&lt;選択肢&gt;"))
    return applied


def swapped_lines(
    lines: list[tuple[str, int]], rng: random.Random, sites: int
) -> list[AppliedDamage]:
    """Order damage: two neighbouring lines printed in reverse order (a value before its
    label, a rating before its risk).

    >>> lines = [("a", 1), ("b", 2), ("c", 3)]
    >>> swapped_lines(lines, random.Random(0), 1)[0].family
    'swapped_lines'
    """
    applied: list[AppliedDamage] = []
    for index in _pick(rng, range(1, len(lines) - 1), sites):
        lines[index], lines[index + 1] = lines[index + 1], lines[index]
        applied.append(AppliedDamage(family="swapped_lines", line=lines[index + 1][1], detail=""))
    return applied


FAMILIES: Mapping[str, _Family] = MappingProxyType(
    {
        "checkbox_encoding": checkbox_encoding,
        "ocr_confusion": ocr_confusion,
        "split_label": split_label,
        "line_break_in_value": line_break_in_value,
        "character_widths": character_widths,
        "html_fragments": html_fragments,
        "page_header": page_header,
        "duplicated_line": duplicated_line,
        "lost_line": lost_line,
        "swapped_lines": swapped_lines,
    }
)
"""Every damage family, in the order they are applied (line-count changes last)."""

PROFILES: Mapping[DamageLevel, DamageProfile] = MappingProxyType(
    {
        DamageLevel.NONE: DamageProfile(rates=MappingProxyType({})),
        DamageLevel.CORPUS: DamageProfile(
            rates=MappingProxyType(
                {
                    "checkbox_encoding": 0.5,
                    "ocr_confusion": 0.5,
                    "split_label": 0.3,
                    "line_break_in_value": 0.4,
                    "character_widths": 0.5,
                    "html_fragments": 0.4,
                    "page_header": 0.4,
                    "duplicated_line": 0.2,
                    "lost_line": 0.15,
                }
            ),
            sites=(1, 3),
        ),
        DamageLevel.HEAVY: DamageProfile(
            rates=MappingProxyType(
                {
                    "checkbox_encoding": 0.9,
                    "ocr_confusion": 0.9,
                    "split_label": 0.8,
                    "line_break_in_value": 0.8,
                    "character_widths": 0.9,
                    "html_fragments": 0.8,
                    "page_header": 0.8,
                    "duplicated_line": 0.6,
                    "lost_line": 0.5,
                    "swapped_lines": 0.5,
                }
            ),
            sites=(2, 8),
        ),
    }
)
"""How often each family strikes a document at each level (``CORPUS`` is tuned so that a
document shows three or four families, as the real texts do)."""


def lines_to_damaged(
    lines: Sequence[str],
    rng: random.Random,
    *,
    profile: DamageProfile,
    protect: int = 0,
) -> DamagedText:
    """Damage the lines of a clean text as ``profile`` says.

    Args:
        lines: The clean lines.
        rng: The generator that decides what strikes where (seeded by the caller).
        profile: How often each family strikes and at how many places.
        protect: Lines at the start that no family may touch (none by default).

    Returns:
        The damaged lines, their origins and the damage applied, in the order applied.
    """
    head = [(text, number) for number, text in enumerate(lines[:protect], start=1)]
    working = [(text, number) for number, text in enumerate(lines, start=1)][protect:]
    applied: list[AppliedDamage] = []
    low, high = profile.sites
    for name, family in FAMILIES.items():
        rate = profile.rates.get(name, 0.0)
        if rate <= 0.0 or rng.random() >= rate:
            continue
        applied += family(working, rng, rng.randint(low, high))
    merged = head + working
    return DamagedText(
        lines=tuple(text for text, _o in merged),
        origins=tuple(origin for _t, origin in merged),
        applied=tuple(applied),
    )
