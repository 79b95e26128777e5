"""法令上の根拠: legal citations in assessment text, parsed into structured fields.

Assessments cite the provisions that allow them to use and exchange My Number data in a
handful of forms (番号法第9条第1項 別表24の項; 番号法第19条第8号に基づく主務省令第2条の表48の項;
地方税法第294条第3項; 住民基本台帳法第30条の9; ○○市…条例第4条; 同法第二条第二号 …), written
with kanji or full-width numerals, broken by OCR spaces and line breaks, and mixed with HTML
fragments. :func:`parse_citations` finds every citation in a text and returns each as a
:class:`Citation`; what looks like a citation but cannot be read is returned as an
:class:`UnparsedCitation`, so that the caller can report an ``UNPARSED_CITATION`` issue instead
of dropping it.

>>> [citation_key(c) for c in text_to_citations("番号法第9条第1項 別表24の項")]
['番号法9条1項 別表24項']
>>> c = text_to_citations("番号法第19条第8号に基づく主務省令第2条の表(第1、2、5～7の項)")[0]
>>> c.law_id, c.article, c.item, c.table, c.rows
('425AC0000000027', '19', '8', '2', ('1', '2', '5', '6', '7'))

How it works, in order:

1. A *scan copy* of the text is made by :data:`SCAN_RULES`, small named rules that each keep the
   length of the text (HTML tags become spaces, full-width digits become ASCII …), so that a
   position in the copy is the same position in the text and ``Citation.text`` is cut from the
   text as written.
2. *Anchors* are found: an article (``第N条``), an appended table (``別表``), ``同条``, or a row
   reference (``表N の項``). Anchors are read left to right.
3. For an article or table anchor the law name is read *backwards* from the anchor (skipping
   parentheses such as ``(以下「番号法」という。)`` or a promulgation number, and a closing
   ``」``), then the provision is read *forwards* (paragraph, item, captions such as
   ``(利用範囲)``, a table and its rows, the ``に基づく主務省令第2条の表`` chain).
4. Law names are resolved to the lexicon of :mod:`ontology.lexicon` by :func:`resolve_law`
   (exact label, then a small edit distance for long titles damaged by OCR); ``同法``, ``同条``,
   ``同第N条`` and a bare ``法`` refer to the law cited or named just before; an article without
   a law (``、第373条``) continues the citation before it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Final

from rapidfuzz.distance import Levenshtein

from ontology import lexicon

__all__ = [
    "SCAN_RULES",
    "Citation",
    "CitationParse",
    "UnparsedCitation",
    "citation_key",
    "kanji_to_int",
    "parse_citations",
    "resolve_law",
    "text_to_citations",
]


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """法令上の根拠: one cited provision, as written and as structured fields.

    Numbers are ASCII strings; a branch number keeps its ``の`` (``"30の9"``, ``"102の2"``).
    """

    text: str
    """The citation as written: white space runs made one space, line breaks and HTML removed."""
    law: str | None = None
    """The canonical full title of the law (the lexicon's preferred label), when known."""
    law_abbrev: str | None = None
    """The law's name as written, spaces removed (``番号法``, a full title, ``政令``). For
    ``同法``/``同第N条`` and for an article that continues a list, the name it refers to."""
    law_id: str | None = None
    """The e-Gov 法令ID, only when the lexicon states it."""
    article: str | None = None
    """条: ``"19"``, ``"30の9"``; ``None`` for a citation of a table alone (``番号法別表``)."""
    paragraph: str | None = None
    """項."""
    item: str | None = None
    """号."""
    table: str | None = None
    """The table whose rows are cited: ``"別表"`` (番号法 別表), ``"別表第1"``/``"別表第2"`` (the
    tables of 番号法 before 2024), or the article number of a ``第N条の表`` (``"2"`` for
    主務省令第2条の表)."""
    rows: tuple[str, ...] = ()
    """The rows (の項) of ``table``, ranges expanded: ``("1", "2", "5")``."""
    local: bool = False
    """An ordinance or rule of a local government (条例, or a 規則/細則/要綱 of a municipality)."""
    supplementary: bool = False
    """The article is one of the supplementary provisions (附則)."""
    table_law: str | None = None
    """The law that holds ``table`` when it is not ``law``: the 主務省令 of a
    ``番号法第19条第8号に基づく主務省令第2条の表`` citation (canonical title, when known)."""
    table_law_id: str | None = None
    """The e-Gov 法令ID of ``table_law``, only when the lexicon states it."""
    law_number: str | None = None
    """The promulgation number written with the law (``平成15年法律第57号``), if any."""
    line: int | None = None
    """1-based line of the source where the citation starts, when the caller gave one."""


@dataclass(frozen=True, slots=True, kw_only=True)
class UnparsedCitation:
    """Text that looks like a citation but could not be read as one (an UNPARSED_CITATION)."""

    text: str
    """The fragment as written, white space normalised like :attr:`Citation.text`."""
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CitationParse:
    """The citations found in a text and the fragments that could not be read."""

    citations: tuple[Citation, ...] = ()
    unparsed: tuple[UnparsedCitation, ...] = ()


# ---------------------------------------------------------------------------------------------
# Numerals
# ---------------------------------------------------------------------------------------------

_KANJI_DIGITS: Final = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4,
                        "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_KANJI_UNITS: Final = {"十": 10, "百": 100, "千": 1000}


def kanji_to_int(numeral: str) -> int:
    """The value of a numeral written in kanji (or in ASCII or full-width digits).

    Both the counting form (二百九十四) and the positional form (二〇二四) are read.

    >>> kanji_to_int("二百九十四")
    294
    >>> kanji_to_int("十九"), kanji_to_int("百"), kanji_to_int("三十"), kanji_to_int("千八")
    (19, 100, 30, 1008)
    >>> kanji_to_int("二〇二四"), kanji_to_int("１９"), kanji_to_int("48")
    (2024, 19, 48)
    >>> kanji_to_int("十十")
    Traceback (most recent call last):
    ...
    ValueError: not a numeral: '十十'

    Raises:
        ValueError: when ``numeral`` is empty or not a well-formed numeral.
    """
    if numeral.isdecimal():
        return int(numeral)
    if numeral and all(c in _KANJI_DIGITS for c in numeral):
        return int("".join(str(_KANJI_DIGITS[c]) for c in numeral))
    total = 0
    pending: int | None = None
    last_unit = 10_000
    for char in numeral:
        if char in _KANJI_DIGITS:
            if pending is not None:
                break
            pending = _KANJI_DIGITS[char]
        elif char in _KANJI_UNITS and _KANJI_UNITS[char] < last_unit:
            last_unit = _KANJI_UNITS[char]
            total += (1 if pending is None else pending) * last_unit
            pending = None
        else:
            break
    else:
        if numeral:
            return total + (pending or 0)
    msg = f"not a numeral: {numeral!r}"
    raise ValueError(msg)


def _number(raw: str) -> str:
    """A numeral as an ASCII string; spaces (OCR) dropped; kept as written if malformed."""
    compact = re.sub(r"\s+", "", raw)
    try:
        return str(kanji_to_int(compact))
    except ValueError:
        return compact


def _numbers_with_branches(raw: str) -> str:
    """``"百二 の 2"`` → ``"102の2"``: each numeral of a の-joined number made ASCII."""
    return "の".join(_number(part) for part in re.split(r"\s*の\s*", raw.strip()))


# ---------------------------------------------------------------------------------------------
# Scan copy: an ordered table of small named rules that keep the length of the text
# ---------------------------------------------------------------------------------------------


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _html_tags(text: str) -> str:
    """HTML tags become spaces: ``<li>番号法`` → ``    番号法``."""
    return re.sub(r"<[^<>\n]{1,200}>", _blank, text)


def _html_entities(text: str) -> str:
    """An entity becomes its character padded with spaces: ``&lt;`` → ``<   ``."""

    def one(match: re.Match[str]) -> str:
        char = html.unescape(match.group(0))
        return char + " " * (len(match.group(0)) - len(char)) if len(char) == 1 else _blank(match)

    return re.sub(r"&(?:[a-zA-Z]{2,8}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});", one, text)


_WIDTH: Final = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "（": "(",
        "）": ")",
        "，": ",",
        "：": ":",
        "～": "~",
        "〜": "~",
        "\u3000": " ",
    }
)


def _character_width(text: str) -> str:
    """Full-width digits, brackets, comma, colon, wave dash and space made ASCII: ``第１９条``.

    Kanji, circled numbers and Roman numerals are left alone (no NFKC).
    """
    return text.translate(_WIDTH)


def _ocr_dash_for_one(text: str) -> str:
    """A dash read for 一 after 別表第: ``別表第-の16の項`` → ``別表第一の16の項``."""
    return re.sub(r"(?<=別表第)[-－ー‐―−](?=[の\s項(]|$)", "一", text)


def _ocr_go_for_rei(text: str) -> str:
    """合 read for 令 in 省令/政令: ``主務省合`` → ``主務省令``."""
    return re.sub(r"(?<=[省政])合", "令", text)


_GRAMMAR_WORDS: Final = (
    "別表", "に基づく", "主務省令", "施行規則", "施行令", "省令", "命令", "政令", "府令", "条例",
    "規則", "法律", "同条", "同法",
)  # fmt: skip
"""Words the citation grammar reads as one token (a line break inside one hides it)."""
_BREAK: Final = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
_WORD_CUTS: Final = tuple(
    (word[:cut], word[cut:]) for word in _GRAMMAR_WORDS for cut in range(1, len(word))
)
_NUMBER_GOES_ON: Final = re.compile(r"[0-9]+(?=[ \t]*(?:の|項|号|条|[、,・~]))")
"""Digits at the start of a line that go on with a row, an item or an article (``4の項``), not
a list number (``2.``, ``2)``)."""


def _line_break_in_word(text: str) -> str:
    """A line break inside a word of the grammar or a number moves to the word's end:
    ``別⏎表の24の項`` → ``別表⏎の24の項``, ``表の2⏎4の項`` → ``表の24⏎の項`` (the break is
    kept, so lines and positions after the word stay).

    >>> _line_break_in_word("主務省\\n令第2条の表1\\n20の項")
    '主務省令\\n第2条の表120\\nの項'
    """
    if "\n" not in text:
        return text
    pieces: list[str] = []
    done = 0
    for found in _BREAK.finditer(text):
        start, end = found.span()
        if start < done:
            continue
        tail = ""
        if start and text[start - 1].isascii() and text[start - 1].isdigit():
            number = _NUMBER_GOES_ON.match(text, end)
            tail = number.group(0) if number else ""
        else:
            tail = next(
                (
                    second
                    for first, second in _WORD_CUTS
                    if text.startswith(second, end) and text.endswith(first, 0, start)
                ),
                "",
            )
        if tail:
            pieces += [text[done:start], tail, found.group(0)]
            done = end + len(tail)
    return "".join(pieces) + text[done:] if pieces else text


SCAN_RULES: Final[tuple[tuple[str, Callable[[str], str]], ...]] = (
    ("html_tags", _html_tags),
    ("html_entities", _html_entities),
    ("character_width", _character_width),
    ("ocr_dash_for_one", _ocr_dash_for_one),
    ("ocr_go_for_rei", _ocr_go_for_rei),
    ("line_break_in_word", _line_break_in_word),
)
"""The rules that make the scan copy, in order. Each keeps the text's length."""


def _scan_copy(text: str) -> str:
    for _name, rule in SCAN_RULES:
        text = rule(text)
    return text


def _as_written(raw: str) -> str:
    """Cut text as a citation shows it: HTML removed, line breaks joined, spaces collapsed."""
    text = html.unescape(re.sub(r"<[^<>\n]{1,200}>", " ", raw))
    text = re.sub(r"[ \t\u3000\xa0]*\n[ \t\u3000\xa0\n]*", "", text)
    return re.sub(r"[ \t\u3000\xa0]+", " ", text).strip()


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------------------------
# Grammar pieces (applied to the scan copy)
# ---------------------------------------------------------------------------------------------

_WS: Final = r"[ \t\u3000]*(?:\n[ \t\u3000]*)?"
"""Optional white space with at most one line break (a wrapped line, not a new paragraph)."""
_KANJI_NUM: Final = "〇一二三四五六七八九十百千"
_N: Final = rf"(?:[0-9]+|[{_KANJI_NUM}]+)"
_KANJI_END: Final = r"(?=$|[^一-鿿々]|[第項号条及又並若])"
_BRANCH: Final = rf"(?:{_WS}の{_WS}(?:[0-9]+|[{_KANJI_NUM}]+{_KANJI_END}))*"
_ROWNUM: Final = rf"{_N}(?:{_WS}の{_WS}{_N})*"
_LOOSE_ROWNUM: Final = rf"(?:[0-9](?: ?[0-9])*(?:{_WS}の{_WS}[0-9]+)*|{_ROWNUM})"

_ARTICLE: Final = re.compile(
    rf"(?P<dai>第{_WS})?(?P<num>{_N}(?:{_WS}・{_WS}(?:第{_WS})?{_N})*){_WS}条(?P<br>{_BRANCH})"
)
_ARTICLE_RANGE: Final = re.compile(rf"{_WS}~{_WS}(?:第{_WS})?(?P<num>{_N}){_WS}条")
_PARAGRAPH: Final = re.compile(rf"{_WS}(?:第{_WS})?(?P<num>{_N}){_WS}項(?![目番])")
_ITEM: Final = re.compile(rf"{_WS}(?:第{_WS})?(?P<num>{_N}){_WS}号(?P<br>{_BRANCH})")
_CAPTION: Final = re.compile(rf"{_WS}\((?P<cap>[^()\n0-9第]{{1,30}})\)")
_BEPPYO: Final = re.compile(
    rf"別表(?!{_WS}(?:第{_WS}[一二三1-3])?{_WS}項番)"
    rf"(?:{_WS}第{_WS}(?P<tn>[一二三](?![{_KANJI_NUM}])|[1-3](?![0-9])))?"
)
_BEPPYO_GLUE: Final = re.compile(rf"{_WS}(?:(?:の|及び|並びに){_WS})?(?=別表)")
_BEPPYO_IN_NAME: Final = re.compile(r"別表(?:第[一二三1-3])?の[^\s、。,()「」]{0,20}?(?:省令|命令)")
_PAREN_CAPTION: Final = re.compile(rf"{_WS}\((?P<cap>[^()\n]{{0,40}})\)(?:{_WS}:)?")
_CHAIN: Final = re.compile(
    rf"{_WS}に基づく{_WS}(?P<ord>[^\s、。,()「」0-9]{{1,40}}?(?:省令|命令))"
    rf"{_WS}(?:の{_WS})?第{_WS}(?P<tart>{_N}){_WS}条{_WS}の{_WS}表"
)
_OWN_TABLE: Final = re.compile(rf"{_WS}の{_WS}表(?![記示])")
_ROW_ITEM: Final = re.compile(
    rf"(?:第{_WS})?(?P<a>{_ROWNUM})(?:{_WS}~{_WS}(?:第{_WS})?(?P<b>{_ROWNUM}))?"
    rf"(?P<end>{_WS}(?:の{_WS})?(?P<mark>[項号]))?"
)
_LOOSE_ROW_ITEM: Final = re.compile(
    rf"(?:第{_WS})?(?P<a>{_LOOSE_ROWNUM})(?:{_WS}~{_WS}(?:第{_WS})?(?P<b>{_LOOSE_ROWNUM}))?"
    rf"(?P<end>{_WS}(?:の{_WS})?(?P<mark>[項号]))?"
)
_ROW_SEP: Final = re.compile(rf"{_WS}[、,・]{_WS}(?=(?:第{_WS})?[0-9{_KANJI_NUM}])")
_NO: Final = re.compile(rf"{_WS}の{_WS}")
_ROWS_LOOK: Final = (
    rf"(?:\((?:第{_WS})?[0-9{_KANJI_NUM}][^()\n]{{0,600}}?項{_WS}\)"
    rf"|(?:第{_WS})?[0-9]+{_WS}(?:の{_WS})?項(?![目番]))"
)
"""What rows look like, read or not: ``(第1～600の項)``, ``48の項``."""
_DANGLING: Final = re.compile(
    rf"{_WS}(?:第{_WS}{_N}{_WS}[項号](?![目番])|(?:の{_WS})?{_ROWS_LOOK})"
)
"""Provision text left right after a citation: 第1項 of 第12条第1項第1項, unreadable rows."""
_LAW_NUMBER: Final = re.compile(
    rf"(?:明治|大正|昭和|平成|令和)\s*(?:元|{_N})\s*年\s*[^\s、。()「」]{{0,12}}?"
    rf"(?:法律|政令|条例|規則|省令|府令)\s*第\s*{_N}\s*号"
)
_LAW_NUMBER_TAIL: Final = re.compile(_LAW_NUMBER.pattern + r"\Z")
_DEFINITION: Final = re.compile(r"以下[、,]?\s*「(?P<abbr>[^」]{1,30})」")
_ORPHAN_ROW: Final = re.compile(rf"表{_WS}(?:の{_WS})?{_ROWS_LOOK}")
"""Rows of a table without the citation they belong to (表39の項 on a line of its own)."""
_WS_RX: Final = re.compile(_WS)
_WS_TAIL: Final = re.compile(rf"{_WS}\Z")
_OPEN_PAREN: Final = re.compile(rf"{_WS}\(")
_CLOSE_PAREN: Final = re.compile(rf"{_WS}\)")
_ANCHOR: Final = re.compile(
    rf"(?P<doujou>同条)(?={_WS}(?:第{_WS})?{_N}{_WS}[項号])"
    rf"|(?<![0-9{_KANJI_NUM}])(?P<article>(?:第{_WS})?{_N}(?:{_WS}・{_WS}(?:第{_WS})?{_N})*{_WS}条)"
    rf"|(?P<beppyo>別表)"
)

_SUFFIXES: Final = ("施行規則", "施行細則", "施行令", "施行法", "規則", "細則", "政令", "省令",
                    "府令", "命令", "条例", "要綱", "要網", "規程", "法律", "法", "令")  # fmt: skip
"""How law names end, longest first; also the *kind* of a name compared by fuzzy resolution."""
_SUFFIX_END: Final = re.compile("(?:" + "|".join(_SUFFIXES) + r")\Z")
_NOT_LAWS: Final = ("方法", "手法", "用法", "技法", "作法", "寸法", "文法", "違法", "適法", "合法",
                    "不法", "便法", "論法", "工法", "療法", "話法", "算法", "製法", "司法", "立法",
                    "説法", "法令", "指令", "辞令", "年令", "号令", "発令")  # fmt: skip
"""Words that end like a law name but are not one (for law *mentions* only)."""
_BREAKER: Final = re.compile(
    r"であ[っつ]て|について(?:は)?|においては|において|としては|として|により|によって|に基づき"
    r"|又は|若しくは|には|では|ては|とは|(?<=[ぁ-ゖ])は(?=[一-鿿ァ-ヺ])|が(?![ぁ-ゖ])|で(?!定め)"
)
"""Where a clause ends inside a run of name characters: the law name starts after it."""
_LEADING: Final = re.compile(
    r"\A(?:(?:に基づく|に基づき|による|により|及び|並びに|又は|若しくは)|[のはがをでと](?=[一-鿿]))+"
)
_MENTION_END: Final = re.compile(
    "(?:"
    + "|".join(_SUFFIXES)
    + r")(?=による|及び|又は|並びに|等|第|[にのをでがはとへやも、。,・「」『』()\[\]【】\s]|\Z)"
)
"""The end of a law named without an article (公営住宅法による…): for 同法 and a bare 法."""
_MUNICIPALITY: Final = re.compile(
    r"\A(?!都市|市町|市区|町村)[一-鿿ぁ-ゖァ-ヺ]{1,6}?[都道府県市区町村]"
)
"""A municipality's name at the start of a name (○○市…, ○○町…), not 都市… or 市町村…."""
_LOCAL_SUFFIXES: Final = ("規則", "細則", "要綱", "要網", "規程")


def _skip_space(s: str, p: int) -> int:
    match = _WS_RX.match(s, p)
    return match.end() if match else p


def _is_name_char(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF  # CJK ideographs (kanji numerals included)
        or 0x3400 <= code <= 0x4DBF
        or char in "々〆〇ヵヶー"
        or 0x3041 <= code <= 0x3096  # hiragana
        or 0x30A1 <= code <= 0x30FA  # katakana
        or ("A" <= char <= "Z")
        or ("a" <= char <= "z")
    )


def _suffix_of(name: str) -> str | None:
    match = _SUFFIX_END.search(name)
    return match.group(0) if match else None


# ---------------------------------------------------------------------------------------------
# Law resolution (through ontology.lexicon)
# ---------------------------------------------------------------------------------------------


def _fold_numerals(text: str) -> str:
    """Kanji numerals after 第 made ASCII, for comparing names: 第十九条 → 第19条."""
    return re.sub(rf"第([{_KANJI_NUM}]+)", lambda m: "第" + _number(m.group(1)), text)


def _law_key(name: str) -> str:
    return _fold_numerals(lexicon.label_key(name))


@dataclass(frozen=True, slots=True)
class _LawIndex:
    by_key: dict[str, lexicon.LawConcept]
    long_keys: tuple[tuple[str, str | None, lexicon.LawConcept], ...]
    by_number: dict[tuple[str, int, str, int], lexicon.LawConcept]
    span_labels: tuple[str, ...]
    """Labels used to find names in text (compact, no article numbers), longest first."""


def _number_key(text: str) -> tuple[str, int, str, int] | None:
    """``平成15年法律第57号`` and ``平成十五年法律第五十七号`` → ``("平成", 15, "法律", 57)``."""
    match = re.fullmatch(
        rf"(明治|大正|昭和|平成|令和)(元|{_N})年(.*?)第({_N})号", _compact(_character_width(text))
    )
    if match is None:
        return None
    try:
        year = 1 if match.group(2) == "元" else kanji_to_int(match.group(2))
        return match.group(1), year, match.group(3), kanji_to_int(match.group(4))
    except ValueError:  # a malformed numeral (十十年): not a number we can look up
        return None


@cache
def _law_index() -> _LawIndex:
    by_key: dict[str, lexicon.LawConcept] = {}
    by_number: dict[tuple[str, int, str, int], lexicon.LawConcept] = {}
    span_labels: set[str] = set()
    for concept in lexicon.concepts("laws"):
        if not isinstance(concept, lexicon.LawConcept):
            continue
        for label in concept.labels:
            by_key.setdefault(_law_key(label), concept)
            if "条" not in label and _suffix_of(label):
                span_labels.add(_fold_beppyo(_compact(label)))
        number = _number_key(concept.law_number) if concept.law_number else None
        if number is not None:
            by_number.setdefault(number, concept)
    long_keys = tuple((key, _suffix_of(key), c) for key, c in by_key.items() if len(key) >= 10)
    return _LawIndex(
        by_key=by_key,
        long_keys=long_keys,
        by_number=by_number,
        span_labels=tuple(sorted(span_labels, key=len, reverse=True)),
    )


def _law_concept(name: str) -> lexicon.LawConcept | None:
    index = _law_index()
    key = _law_key(name)
    found = index.by_key.get(key)
    if found is not None or len(key) < 10:
        return found
    # Long titles damaged by OCR (識別するため番号 / 行政手続き): a small edit distance to a label
    # of the same kind (法律 is never taken for its 施行令).
    limit = 1 if len(key) < 20 else 2
    kind = _suffix_of(key)
    best: dict[str, lexicon.LawConcept] = {}
    best_distance = limit + 1
    for label_key, label_kind, concept in index.long_keys:
        if label_kind != kind or abs(len(label_key) - len(key)) > limit:
            continue
        distance = Levenshtein.distance(key, label_key, score_cutoff=limit)
        if distance > limit:
            continue
        if distance < best_distance:
            best_distance, best = distance, {concept.key: concept}
        elif distance == best_distance:
            best[concept.key] = concept
    return next(iter(best.values())) if len(best) == 1 else None


def resolve_law(name: str) -> tuple[str | None, str | None]:
    """The canonical title and e-Gov 法令ID of the law ``name`` names, through the lexicon.

    Either may be ``None``: the title when the lexicon has no such law, the ID when the lexicon
    has the law but not a verified ID. A 法令ID is never made up here.

    >>> resolve_law("番号法")
    ('行政手続における特定の個人を識別するための番号の利用等に関する法律', '425AC0000000027')
    >>> resolve_law("行政手続における特定の個人を識別するため番号の利用等に関する法律")[1]  # OCR
    '425AC0000000027'
    >>> resolve_law("番号法施行令")[1], resolve_law("○○市個人情報保護条例")
    ('426CO0000000155', (None, None))
    """
    concept = _law_concept(name)
    return (concept.pref_label, concept.law_id) if concept else (None, None)


def _resolve_number(number: str) -> tuple[str | None, str | None]:
    key = _number_key(number)
    concept = _law_index().by_number.get(key) if key else None
    return (concept.pref_label, concept.law_id) if concept else (None, None)


def _fold_beppyo(text: str) -> str:
    """``別表第一`` → ``別表第1`` (one character for one, so positions stay)."""
    return re.sub(
        r"(?<=別表第)[一二三](?![十百千〇一二三四五六七八九])",
        lambda m: str(_KANJI_DIGITS[m.group(0)]),
        text,
    )


# ---------------------------------------------------------------------------------------------
# Reading law names backwards from an anchor
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Law:
    """A law as a citation refers to it."""

    abbrev: str | None
    law: str | None = None
    law_id: str | None = None
    local: bool = False
    number: str | None = None


@dataclass(slots=True)
class _Name:
    """A law name found in the text, or a reference to one (同法, 同, a bare 法)."""

    start: int
    end: int
    name: str
    kind: str  # "name" | "number" | "same_law" | "same" | "bare"


def _is_soft_break(s: str, newline: int) -> bool:
    """A line break inside a wrapped paragraph: name characters on both sides, no table row."""
    if newline <= 0 or newline + 1 >= len(s):
        return False
    if not (_is_name_char(s[newline - 1]) and _is_name_char(s[newline + 1])):
        return False
    line_start = s.rfind("\n", 0, newline) + 1
    return "\t" not in s[line_start:newline]


def _generic_run(s: str, q: int, floor: int) -> int:
    """Start of the run of name characters that ends at ``q``."""
    i = q
    while i > floor:
        char = s[i - 1]
        inner_dot = char == "・" and i < q and i - 2 >= floor and _is_name_char(s[i - 2])
        soft_break = char == "\n" and _is_soft_break(s, i - 1)
        if not (_is_name_char(char) or inner_dot or soft_break):
            break
        i -= 1
    return i


def _trim(run: str) -> int:
    """How many leading characters of a run of name characters are not part of the name."""
    body_end = len(run) - len(_suffix_of(run) or "")
    cut = 0
    for match in _BREAKER.finditer(run, 0, body_end):
        if match.start() > 0 or len(match.group(0)) > 1:
            cut = match.end()
    lead = _LEADING.match(run, cut)
    return lead.end() if lead and lead.end() < body_end else cut


def _known_name(s: str, q: int, floor: int) -> tuple[int, str] | None:
    """The longest lexicon label (white space and OCR slips allowed) that ends at ``q``."""
    positions = [i for i in range(max(floor, q - 120), q) if not s[i].isspace()]
    compact = _fold_beppyo("".join(s[i] for i in positions))
    if not compact:
        return None
    for label in _law_index().span_labels:
        if compact.endswith(label):
            return positions[len(compact) - len(label)], label
    kind = _suffix_of(compact)
    best: tuple[int, int] | None = None  # (distance, length)
    for label in _law_index().span_labels:
        if len(label) < 12 or _suffix_of(label) != kind:
            continue
        for length in (len(label), len(label) - 1, len(label) + 1, len(label) - 2, len(label) + 2):
            if length > len(compact):
                continue
            distance = Levenshtein.distance(compact[-length:], label, score_cutoff=2)
            if distance <= 2 and (best is None or distance < best[0]):
                best = (distance, length)
    if best is None:
        return None
    start = positions[len(compact) - best[1]]
    return (start, compact[-best[1] :]) if _is_name_char(s[start]) else None


def _name_before(s: str, q: int, floor: int) -> _Name | None:
    """The law name that ends at ``q`` (exclusive), not reaching before ``floor``."""
    if q <= floor:
        return None
    if s[q - 1] == "」":
        opening = s.rfind("「", floor, q - 1)
        if opening >= 0 and _suffix_of(_compact(s[opening + 1 : q - 1])):
            return _Name(opening, q, _compact(s[opening + 1 : q - 1]), "name")
        return None
    tail = s[max(floor, q - 40) : q]
    number = _LAW_NUMBER_TAIL.search(tail)
    if number:
        start = max(floor, q - 40) + number.start()
        return _Name(start, q, _compact(number.group(0)), "number")
    if s[max(floor, q - 2) : q] == "同法":
        return _Name(q - 2, q, "同法", "same_law")
    if s[q - 1] == "同" and (q - 1 == floor or not _is_name_char(s[q - 2])):
        return _Name(q - 1, q, "同", "same")
    if s[q - 1] == "法" and (q - 1 == floor or not _is_name_char(s[q - 2])):
        return _Name(q - 1, q, "法", "bare")
    start = _generic_run(s, q, floor)
    generic: tuple[int, str] | None = None
    run = s[start:q]
    # OCR puts spaces inside names (…提供に関 する条例, 支給要 綱): join across one space,
    # unless what follows the space is a known name (厚生労働大臣 番号法).
    if start - 2 >= floor and s[start - 1] == " " and _is_name_char(s[start - 2]):
        joined = _generic_run(s, start - 1, floor)
        if (_suffix_of(run) is None and _suffix_of(_compact(s[joined:q]))) or (
            _suffix_of(run) is not None and resolve_law(run)[0] is None
        ):
            start, run = joined, s[joined:q]
    if _suffix_of(_compact(run)) is not None:
        offset = _trim(run.replace(" ", "").replace("\n", "")) if run else 0
        # map the offset in the compact run back to the scan copy
        seen = 0
        begin = start
        while begin < q and seen < offset:
            if not s[begin].isspace():
                seen += 1
            begin += 1
        name = _compact(s[begin:q])
        if len(name) >= 2 and name not in _SUFFIXES[-1:]:
            generic = (begin, name)
    known = _known_name(s, q, floor)
    if known is not None and (
        generic is None
        or known[0] < generic[0]
        # 精神保健…に関する法律に番号法: a known name after a particle is the name
        or (known[0] > generic[0] and "\u3041" <= _last_visible(s, known[0]) <= "\u3096")
    ):
        return _Name(known[0], q, _compact(s[known[0] : q]), "name")
    if generic is not None:
        return _Name(generic[0], q, generic[1], "name")
    return None


def _last_visible(s: str, position: int) -> str:
    """The last character before ``position`` that is not white space ('' if none)."""
    stripped = s[:position].rstrip()
    return stripped[-1] if stripped else ""


def _is_local(name: str) -> bool:
    if name.endswith("条例"):
        return True
    return name.endswith(_LOCAL_SUFFIXES) and _MUNICIPALITY.match(name) is not None


# ---------------------------------------------------------------------------------------------
# Reading provisions forwards
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Provision:
    articles: list[str] = field(default_factory=list)
    paragraph: str | None = None
    item: str | None = None
    table: str | None = None
    rows: tuple[str, ...] = ()
    ordinance: str | None = None
    end: int = 0


def _expand(first: str, last: str | None) -> list[str] | None:
    if last is None:
        return [first]
    if first.isdecimal() and last.isdecimal() and 0 <= int(last) - int(first) <= 500:
        return [str(n) for n in range(int(first), int(last) + 1)]
    return None


def _row_list(s: str, p: int, *, marks: str, bare_ok: bool) -> tuple[tuple[str, ...], int] | None:
    """Rows of a table at ``p``: ``48の項``, ``の第1項``, ``(第1、2、5の項)``, ``46項、116項``.

    ``bare_ok`` accepts one row without 項 after の (``別表第1の76``).
    """
    no = _NO.match(s, p)
    had_no = no is not None
    if no:
        p = no.end()
    opening = _OPEN_PAREN.match(s, p)
    if opening:
        rows: list[str] = []
        q = _skip_space(s, opening.end())
        while True:
            item = _LOOSE_ROW_ITEM.match(s, q)
            if item is None:
                return None
            expanded = _expand(_loose_number(item.group("a")), _optional_loose(item.group("b")))
            if expanded is None:
                return None
            rows += expanded
            q = item.end()
            sep = _ROW_SEP.match(s, q)
            if sep is None:
                break
            q = sep.end()
        closing = _closing(marks).match(s, q)
        if closing is None:
            return None
        return tuple(rows), closing.end()
    rows = []
    q = _skip_space(s, p)
    marked = False
    while True:
        item = _ROW_ITEM.match(s, q)
        if item is None or (item.group("mark") and item.group("mark") not in marks):
            break
        expanded = _expand(_numbers_with_branches(item.group("a")), _optional(item.group("b")))
        if expanded is None:
            break
        rows += expanded
        q = item.end()
        marked = item.group("end") is not None
        sep = _ROW_SEP.match(s, q)
        if sep is None:
            break
        following = _ROW_ITEM.match(s, sep.end())
        if following is None:
            break
        q = sep.end()
    if rows and marked:
        return tuple(rows), q
    if rows and bare_ok and had_no and len(rows) == 1:
        return tuple(rows), q
    return None


@cache
def _closing(marks: str) -> re.Pattern[str]:
    """The end of a parenthesised row list: ``…173の項)``."""
    return re.compile(rf"{_WS}(?:の{_WS})?(?:[{marks}])?{_WS}\)")


def _optional(raw: str | None) -> str | None:
    return _numbers_with_branches(raw) if raw else None


def _loose_number(raw: str) -> str:
    return _numbers_with_branches(raw.replace(" ", ""))


def _optional_loose(raw: str | None) -> str | None:
    return _loose_number(raw) if raw else None


def _table_at(s: str, p: int, prov: _Provision) -> bool:
    """Read ``別表[第N][(caption)][rows]`` at ``p`` into ``prov``; ``p`` is at 別表."""
    match = _BEPPYO.match(s, p)
    if match is None or _BEPPYO_IN_NAME.match(s, p):
        return False
    number = match.group("tn")
    prov.table = f"別表第{_number(number)}" if number else "別表"
    prov.end = match.end()
    rows = _row_list(s, prov.end, marks="項号", bare_ok=number is not None)
    if rows is None:
        caption = _PAREN_CAPTION.match(s, prov.end)
        if caption:
            prov.end = caption.end()
            rows = _row_list(s, prov.end, marks="項号", bare_ok=False)
    if rows is not None:
        prov.rows, prov.end = rows
    return True


def _provision_at(s: str, p: int) -> _Provision | None:
    """Read an article and what follows it (項, 号, captions, table, rows) at ``p``."""
    article = _ARTICLE.match(s, p)
    if article is None:
        return None
    prov = _Provision(end=article.end())
    numbers = [_number(n) for n in re.split(rf"{_WS}・{_WS}(?:第{_WS})?", article.group("num"))]
    branch = _numbers_with_branches(article.group("br")[article.group("br").find("の") + 1 :])
    if article.group("br"):
        numbers[-1] = f"{numbers[-1]}の{branch}"
    prov.articles = numbers
    span = _ARTICLE_RANGE.match(s, prov.end)
    if span and len(numbers) == 1:
        expanded = _expand(numbers[0], _number(span.group("num")))
        if expanded:
            prov.articles, prov.end = expanded, span.end()
    own_table = _OWN_TABLE.match(s, prov.end)
    if own_table and len(prov.articles) == 1:
        prov.table = prov.articles[0]
        prov.end = own_table.end()
        rows = _row_list(s, prov.end, marks="項", bare_ok=False)
        if rows:
            prov.rows, prov.end = rows
        return prov
    pos = prov.end
    caption = _CAPTION.match(s, pos)
    if caption:
        pos = caption.end()
    paragraph = _PARAGRAPH.match(s, pos)
    if paragraph:
        prov.paragraph = _number(paragraph.group("num"))
        prov.end = pos = paragraph.end()
        caption = _CAPTION.match(s, pos)
        if caption:
            pos = caption.end()
    item = _ITEM.match(s, pos)
    if item:
        prov.item = _number(item.group("num"))
        if item.group("br"):
            prov.item += "の" + _numbers_with_branches(
                item.group("br")[item.group("br").find("の") + 1 :]
            )
        prov.end = pos = item.end()
    elif not paragraph and caption is None:
        pos = prov.end
    caption = _CAPTION.match(s, pos)
    after = caption.end() if caption else pos
    chain = _CHAIN.match(s, after) or _CHAIN.match(s, prov.end)
    if chain:
        prov.ordinance = _compact(chain.group("ord"))
        prov.table = _number(chain.group("tart"))
        prov.end = chain.end()
        rows = _row_list(s, prov.end, marks="項", bare_ok=False)
        if rows:
            prov.rows, prov.end = rows
        return prov
    glue = _BEPPYO_GLUE.match(s, after)
    if glue and _table_at(s, glue.end(), table := _Provision()):
        prov.table, prov.rows, prov.end = table.table, table.rows, table.end
    return prov


# ---------------------------------------------------------------------------------------------
# The scan
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mention:
    end: int
    law: _Law


@dataclass(slots=True)
class _Scan:
    text: str
    s: str
    line: int | None
    citations: list[tuple[int, int, Citation]] = field(default_factory=list)
    unparsed: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[_Mention] = field(default_factory=list)
    aliases: dict[str, _Law] = field(default_factory=dict)

    def line_at(self, position: int) -> int | None:
        """The line of the first character written at or after ``position``: a citation whose
        span starts at the line break before it (a name read across a wrap) is on the next line.
        """
        if self.line is None:
            return None
        written = len(self.text) - len(self.text[position:].lstrip())
        return self.line + self.text.count("\n", 0, written)

    def last_end(self) -> int:
        return self.citations[-1][1] if self.citations else 0

    def cursor(self) -> int:
        """Where reading goes on: after the last citation or unreadable fragment."""
        return max([self.last_end(), *(end for _start, end in self.unparsed)])

    def last_law_before(self, position: int) -> tuple[int, _Law] | None:
        best: tuple[int, _Law] | None = None
        for mention in self.mentions:
            if mention.end <= position and (best is None or mention.end > best[0]):
                best = (mention.end, mention.law)
        for _start, end, cited in self.citations:
            if end <= position and (best is None or end > best[0]) and cited.law_abbrev:
                best = (end, _law_of(cited))
        return best


def _law_of(cited: Citation) -> _Law:
    return _Law(
        abbrev=cited.law_abbrev,
        law=cited.law,
        law_id=cited.law_id,
        local=cited.local,
        number=cited.law_number,
    )


def _named_law(name: str, scan: _Scan, number: str | None = None) -> _Law:
    law, law_id = resolve_law(name)
    if law is None and name in scan.aliases:
        alias = scan.aliases[name]
        law, law_id = alias.law, alias.law_id
    if law is None and number:
        law, law_id = _resolve_number(number)
    return _Law(abbrev=name, law=law, law_id=law_id, local=_is_local(name), number=number)


def _skip_back_space(s: str, q: int, floor: int) -> int:
    """Where the white space (at most one line break) that ends at ``q`` starts."""
    match = _WS_TAIL.search(s[max(floor, q - 12) : q])
    return q - len(match.group(0)) if match else q


def _skip_back_parens(s: str, q: int, floor: int) -> tuple[int, list[str]]:
    """Skip parentheses that stand between a law name and its article, keeping their text."""
    contents: list[str] = []
    while q > floor and s[q - 1] == ")":
        depth = 0
        i = q - 1
        while i >= floor:
            if s[i] == ")":
                depth += 1
            elif s[i] == "(":
                depth -= 1
                if depth == 0:
                    break
            elif s[i] == "\n" and i > 0 and s[i - 1] == "\n":
                return q, contents
            i -= 1
        if i < floor or depth != 0 or q - i > 120:
            return q, contents
        contents.append(s[i + 1 : q - 1])
        q = _skip_back_space(s, i, floor)
    return q, contents


@dataclass(slots=True)
class _Head:
    """What stands before an article or table anchor: the law and where the citation starts."""

    start: int
    law: _Law | None
    kind: str
    supplementary: bool = False
    closing_paren: bool = False


def _head_before(scan: _Scan, anchor: int, floor: int) -> _Head | None:
    s = scan.s
    q = _skip_back_space(s, anchor, floor)
    supplementary = False
    if s[max(floor, q - 2) : q] == "附則":
        supplementary = True
        q = _skip_back_space(s, q - 2, floor)
    closing_paren = False
    if q > floor and s[q - 1] == "(" and not supplementary:
        closing_paren = True
        q = _skip_back_space(s, q - 1, floor)
    q, parens = _skip_back_parens(s, q, floor)
    name = _name_before(s, q, floor)
    if name is None:
        return None
    number = next((m.group(0) for p in parens if (m := _LAW_NUMBER.search(p))), None)
    if name.kind == "name":
        law = _named_law(name.name, scan, _compact(number) if number else None)
        for paren in parens:
            definition = _DEFINITION.search(paren)
            if definition:
                scan.aliases[definition.group("abbr")] = law
    elif name.kind == "number":
        law_title, law_id = _resolve_number(name.name)
        law = _Law(abbrev=name.name, law=law_title, law_id=law_id, number=name.name)
    else:
        previous = (
            scan.last_law_before(name.start)
            if name.kind in ("same_law", "bare")
            else (
                (scan.citations[-1][1], _law_of(scan.citations[-1][2])) if scan.citations else None
            )
        )
        if previous is None:
            return _Head(name.start, None, name.kind, supplementary, closing_paren)
        law = previous[1]
    return _Head(name.start, law, name.kind, supplementary, closing_paren)


_CONNECTOR: Final = re.compile(rf"{_WS}(?:[、,・(]|及び|並びに|又は|若しくは)?{_WS}\Z")


def _inherited(scan: _Scan, anchor: int) -> _Law | None:
    """The law an article without a law name continues: the citation just before it, or a law
    named a few characters before it in the same sentence (番号法第9章罰則(第48条~57条))."""
    floor = scan.last_end()
    if scan.citations and _CONNECTOR.search(scan.s[floor:anchor]) and anchor - floor <= 8:
        return _law_of(scan.citations[-1][2])
    previous = scan.last_law_before(anchor)
    if previous is not None:
        gap = scan.s[previous[0] : anchor]
        if len(gap) <= 12 and not re.search(r"[。\t\n]", gap):
            return previous[1]
    return None


def _emit(scan: _Scan, start: int, prov: _Provision, law: _Law | None, *, supplementary: bool,
          closing_paren: bool, article_from: Citation | None = None) -> None:  # fmt: skip
    end = prov.end
    if closing_paren:
        close = _CLOSE_PAREN.match(scan.s, end)
        if close:
            end = close.end()
    text = _as_written(scan.text[start:end])
    table_law = table_law_id = None
    if prov.ordinance:
        table_law, table_law_id = _chain_ordinance(prov, law)
    articles: list[str | None] = list(prov.articles) or [None]
    if article_from is not None:
        articles = [article_from.article]
    for article in articles:
        cited = Citation(
            text=text,
            law=law.law if law else None,
            law_abbrev=law.abbrev if law else None,
            law_id=law.law_id if law else None,
            article=article,
            paragraph=prov.paragraph,
            item=prov.item,
            table=prov.table,
            rows=tuple(dict.fromkeys(prov.rows)),
            local=law.local if law else False,
            supplementary=supplementary,
            table_law=table_law,
            table_law_id=table_law_id,
            law_number=law.number if law else None,
            line=scan.line_at(start),
        )
        scan.citations.append((start, end, cited))
    dangling = _DANGLING.match(scan.s, end)
    if dangling:
        scan.unparsed.append((end, dangling.end()))


def _chain_ordinance(prov: _Provision, law: _Law | None) -> tuple[str | None, str | None]:
    """The 主務省令 ``に基づく`` a provision: named with its base provision when the lexicon knows
    that name (番号法第19条第8号に基づく主務省令), else by its own name."""
    ordinance = prov.ordinance or ""
    if law is not None and prov.articles:
        base = f"第{prov.articles[0]}条" + (f"第{prov.item}号" if prov.item else "")
        for name in (law.abbrev, law.law):
            if name:
                found = resolve_law(f"{name}{base}に基づく{ordinance}")
                if found[0]:
                    return found
    return resolve_law(ordinance)


def _collect_mentions(scan: _Scan) -> None:
    """Laws named without an article (公営住宅法による…), for 同法 and a bare 法."""
    s = scan.s
    numbers = [(m.start(), m.end()) for m in _LAW_NUMBER.finditer(s)]
    for match in _MENTION_END.finditer(s):
        if any(a <= match.start() < b for a, b in numbers):
            continue
        name = _name_before(s, match.end(), max(0, match.end() - 120))
        if name is None or name.kind != "name" or name.name.endswith(_NOT_LAWS):
            continue
        law = _named_law(name.name, scan)
        if law.law is None and len(name.name) < 3:
            continue
        scan.mentions.append(_Mention(match.end(), law))


def _name_regions(scan: _Scan, anchors: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Spans of law names that end at an article (a 別表 inside them is part of the name)."""
    regions: list[tuple[int, int]] = []
    for anchor in anchors:
        if anchor.group("article") is None:
            continue
        q = _skip_back_space(scan.s, anchor.start(), 0)
        q, _parens = _skip_back_parens(scan.s, q, 0)
        name = _name_before(scan.s, q, 0)
        if name is not None and name.kind == "name":
            regions.append((name.start, name.end))
    return regions


def _scan(scan: _Scan) -> None:
    s = scan.s
    _collect_mentions(scan)
    anchors = list(_ANCHOR.finditer(s))
    regions = _name_regions(scan, anchors)
    for anchor in anchors:
        position = anchor.start()
        floor = scan.cursor()
        if position < floor:
            continue
        if anchor.group("doujou"):
            _read_doujou(scan, anchor)
        elif anchor.group("beppyo"):
            if any(a < position < b for a, b in regions) or _BEPPYO_IN_NAME.match(s, position):
                continue
            _read_beppyo(scan, position, floor)
        else:
            _read_article(scan, anchor, floor)
    consumed = [(a, b) for a, b, _c in scan.citations] + scan.unparsed
    for orphan in _ORPHAN_ROW.finditer(s):
        if not any(a <= orphan.start() < b for a, b in consumed):
            scan.unparsed.append((orphan.start(), orphan.end()))
    _damaged_items(scan, consumed)


def _read_article(scan: _Scan, anchor: re.Match[str], floor: int) -> None:
    s = scan.s
    position = anchor.start()
    prov = _provision_at(s, position)
    if prov is None:
        return
    head = _head_before(scan, position, floor)
    if head is not None and head.law is not None:
        _emit(scan, head.start, prov, head.law, supplementary=head.supplementary,
              closing_paren=head.closing_paren)  # fmt: skip
        return
    if head is not None:  # 同法/同 with nothing before it
        scan.unparsed.append((head.start, prov.end))
        return
    if anchor.group("article") and not anchor.group("article").startswith("第"):
        return  # "22条" without 第 and without a law: not a citation
    law = _inherited(scan, position)
    if law is None:
        scan.unparsed.append((position, prov.end))
        return
    supplementary = s[max(floor, position - 2) : position] == "附則"
    _emit(scan, position, prov, law, supplementary=supplementary, closing_paren=False)


def _read_beppyo(scan: _Scan, position: int, floor: int) -> None:
    s = scan.s
    prov = _Provision()
    if not _table_at(s, position, prov):
        return
    q = _skip_back_space(s, position, floor)
    if s[max(floor, q - 1) : q] == "の":
        q = _skip_back_space(s, q - 1, floor)
    name = _name_before(s, q, floor)
    if name is not None and name.kind == "name":
        _emit(scan, name.start, prov, _named_law(name.name, scan),
              supplementary=False, closing_paren=False)  # fmt: skip
        return
    law = _inherited(scan, position)
    if law is None:
        previous = scan.last_law_before(position)
        if previous and not re.search(r"[。\t\n]", s[previous[0] : position]):
            law = previous[1]
    _emit(scan, position, prov, law, supplementary=False, closing_paren=False)


def _read_doujou(scan: _Scan, anchor: re.Match[str]) -> None:
    """``同条第十六号``: the article of the citation before, with its own 項/号."""
    s = scan.s
    if not scan.citations:
        scan.unparsed.append((anchor.start(), anchor.end()))
        return
    before = scan.citations[-1][2]
    prov = _Provision(end=anchor.end())
    pos = anchor.end()
    paragraph = _PARAGRAPH.match(s, pos)
    if paragraph:
        prov.paragraph = _number(paragraph.group("num"))
        prov.end = pos = paragraph.end()
    item = _ITEM.match(s, pos)
    if item:
        prov.item = _number(item.group("num"))
        prov.end = item.end()
    _emit(scan, anchor.start(), prov, _law_of(before), supplementary=before.supplementary,
          closing_paren=False, article_from=before)  # fmt: skip


def _damaged_items(scan: _Scan, consumed: list[tuple[int, int]]) -> None:
    """A known law followed by 第N号/第N項 without 条 (番号法第19号第1号) is a damaged citation."""
    pattern = re.compile(rf"第{_WS}{_N}{_WS}[号項](?:{_WS}第{_WS}{_N}{_WS}[号項])*")
    for match in pattern.finditer(scan.s):
        if any(a <= match.start() < b for a, b in consumed):
            continue
        name = _name_before(scan.s, match.start(), 0)
        if name is None or name.kind != "name" or resolve_law(name.name)[0] is None:
            continue
        scan.unparsed.append((name.start, match.end()))


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def parse_citations(text: str, *, line: int | None = None) -> CitationParse:
    """Every citation in ``text`` (a cell, a paragraph or a whole document), in text order.

    Args:
        text: text as extracted, damage included.
        line: the 1-based source line of the first line of ``text``; each citation gets the line
            where it starts.

    Returns:
        The citations, and the fragments that look like citations but could not be read.

    >>> result = parse_citations("番号法第19条10号、番号法第19号第1号、政令22条")
    >>> [citation_key(c) for c in result.citations], [u.text for u in result.unparsed]
    (['番号法19条10号', '政令22条'], ['番号法第19号第1号'])
    """
    scan = _Scan(text=text, s=_scan_copy(text), line=line)
    _scan(scan)
    unparsed = sorted(set(scan.unparsed))
    kept: list[tuple[int, int]] = []
    for start, end in unparsed:
        if kept and start < kept[-1][1]:
            kept[-1] = (kept[-1][0], max(end, kept[-1][1]))
        else:
            kept.append((start, end))
    return CitationParse(
        citations=tuple(c for _s, _e, c in sorted(scan.citations, key=lambda t: t[0])),
        unparsed=tuple(
            UnparsedCitation(text=_as_written(text[a:b]), line=scan.line_at(a)) for a, b in kept
        ),
    )


def text_to_citations(text: str, *, line: int | None = None) -> list[Citation]:
    """The citations in ``text`` (see :func:`parse_citations`; unreadable fragments are left out).

    >>> [(c.law_abbrev, c.article, c.paragraph) for c in text_to_citations(
    ...     "番号法第9条、地方税法第331条、第373条")]
    [('番号法', '9', None), ('地方税法', '331', None), ('地方税法', '373', None)]
    """
    return list(parse_citations(text, line=line).citations)


def parse_citation_lines(pieces: Sequence[str], lines: Sequence[int]) -> CitationParse:
    """The citations of a value printed over several lines, each with the line where it starts.

    ``pieces[i]`` is the text of source line ``lines[i]`` (the lines need not be consecutive:
    a cell's lines may have others between them). A citation that starts on a continuation
    line carries that line, not the first line of the value.

    >>> pieces = ["番号法第19条第8号", "主務省令第2条の表", "39の項"]
    >>> parsed = parse_citation_lines(pieces, [40, 42, 43])
    >>> [(c.text, c.line) for c in parsed.citations]
    [('番号法第19条第8号', 40), ('主務省令第2条の表39の項', 42)]
    """
    parsed = parse_citations("\n".join(pieces), line=1)
    if not lines:
        return parsed

    def source_line(relative: int | None) -> int | None:
        if relative is None:
            return None
        return lines[min(max(relative - 1, 0), len(lines) - 1)]

    return CitationParse(
        citations=tuple(replace(c, line=source_line(c.line)) for c in parsed.citations),
        unparsed=tuple(replace(u, line=source_line(u.line)) for u in parsed.unparsed),
    )


def _short_name(citation: Citation) -> str:
    """The shortest name of the cited law: as written, or an abbreviation the lexicon knows."""
    names = [citation.law_abbrev] if citation.law_abbrev else []
    concept = _law_concept(citation.law) if citation.law else None
    if concept is not None:
        names += [a for a in concept.alt_labels if not re.search(r"[0-9条]", a)]
    if not names:
        return ""
    name = min(names, key=len)
    return name if len(name) <= 16 else f"{name[:6]}…{name[-6:]}"


def _numbered(number: str, unit: str) -> str:
    """``"30の9"``, ``"条"`` → ``"30条の9"``."""
    main, _, branch = number.partition("の")
    return f"{main}{unit}" + (f"の{branch}" if branch else "")


def citation_key(citation: Citation) -> str:
    """A short display form of a citation, for diagrams and messages.

    >>> citation_key(text_to_citations("番号法第19条第8号に基づく主務省令第2条の表5の項")[0])
    '番号法19条8号 表5項'
    >>> citation_key(text_to_citations("住民基本台帳法第30条の9")[0])
    '住基法30条の9'
    >>> citation_key(text_to_citations("番号法第19条第8号 別表第二 27の項")[0])
    '番号法19条8号 別表第2の27項'
    """
    head = _short_name(citation)
    if citation.supplementary:
        head += "附則"
    if citation.article:
        head += _numbered(citation.article, "条")
    if citation.paragraph:
        head += f"{citation.paragraph}項"
    if citation.item:
        head += _numbered(citation.item, "号")
    table = citation.table
    if table is None:
        return head
    rows = list(citation.rows)
    shown = ",".join(rows) if len(rows) <= 4 else f"{rows[0]},{rows[1]}…{rows[-1]}({len(rows)})"
    if table[:1].isdecimal():
        tail = f"表{shown}項" if rows else f"{table}条の表"
    elif rows:
        tail = f"{table}の{shown}項" if table != "別表" else f"別表{shown}項"
    else:
        tail = table
    if citation.article is None:
        return f"{head}{tail}"
    return f"{head} {tail}"
