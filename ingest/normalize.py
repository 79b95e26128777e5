"""Normalisation of an extracted assessment text: an ordered table of small named rules.

Blanket NFKC is unsafe here (it turns ① into 1 and Ⅲ into III, the very markers the form is
segmented on), so every change is a small rule with a name, a one-line description and an
example that its test replays. The first rule defines what a line is (CRLF, CR and LF all end a
line); every later rule maps one line to one line, so the line map from normalised lines to raw
lines stays exact. Lines that are empty after the rules are dropped (the line map keeps the
raw numbers of the lines that remain).

Normalisation is idempotent: normalising the joined normalised lines gives the same lines.

>>> text = normalize_text("評価書番号\\r\\n\\r\\n２７\\r\\n[ 〇 ] 宛名システム等")
>>> text.lines
('評価書番号', '27', '[○] 宛名システム等')
>>> text.raw_line(2)
4
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

TICK = "○"
"""The canonical tick mark: a ticked box is ``[○]``, an unticked one ``[ ]``."""
TICKED_BOX = "[○]"
UNTICKED_BOX = "[ ]"
CHOICE_MARKER = "<選択肢>"
"""The canonical form of the marker that introduces a list of choices."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One named normalisation step, with an example that doubles as its test."""

    name: str
    description: str
    example_in: str
    example_out: str
    fn: Callable[[str], str]
    whole_text: bool = False
    """True for the rule that runs before the text is split into lines (line ends)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NormalizedText:
    """A text after normalisation, with the map back to the raw lines."""

    lines: tuple[str, ...]
    line_map: tuple[int, ...]
    """``line_map[i]`` is the 1-based raw line of normalised line ``i``."""

    def raw_line(self, index: int) -> int:
        """The 1-based raw source line of normalised line ``index`` (0-based)."""
        return self.line_map[index]


# Every per-line rule below runs on a whole text at once for speed, so its patterns never match
# a line end: ``_S`` is "white space except a line end" and ``re.M`` anchors at each line.
_S = r"[^\S\n]"

# --- line ends ------------------------------------------------------------------------------


def _line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- invisible and control characters --------------------------------------------------------

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE_LIKE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\u00a0\u2000-\u200a\u202f\u205f]")


def _control_characters(text: str) -> str:
    return _SPACE_LIKE.sub(" ", _INVISIBLE.sub("", text))


# --- character widths ----------------------------------------------------------------------------

_FULLWIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5E)}
"""U+FF01–U+FF5D (！ to ｝) → ASCII. ～ (U+FF5E) stays: it is the form's range dash."""
_FULLWIDTH_ASCII_RUN = re.compile("[\uff01-\uff5d]+")


def _full_width_ascii(text: str) -> str:
    return _FULLWIDTH_ASCII_RUN.sub(lambda m: m.group(0).translate(_FULLWIDTH_ASCII), text)


_HALFWIDTH_KATAKANA = re.compile("[\uff61-\uff9f]+")


def _half_width_katakana(text: str) -> str:
    return _HALFWIDTH_KATAKANA.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


# --- HTML ------------------------------------------------------------------------------------

_ENTITIES = {
    "&lt;": "<",
    "&gt;": ">",
    "&quot;": '"',
    "&#39;": "'",
    "&apos;": "'",
    "&nbsp;": " ",
}
_ENTITY = re.compile(r"&(?:lt|gt|quot|#39|apos|nbsp);|&#(?:x[0-9a-fA-F]{2,6}|[0-9]{2,7});")
_BARE_AMP = re.compile(r"&amp;(?![a-zA-Z#][a-zA-Z0-9]{0,8};)")


def _numeric_entity(ref: str) -> str:
    decoded = html.unescape(ref)
    # A decoded entity must not create markup, entities or line ends.
    return ref if len(decoded) != 1 or decoded in "<>&\n" else decoded


def _html_entities(text: str) -> str:
    if "&" not in text:
        return text
    text = _ENTITY.sub(lambda m: _ENTITIES.get(m.group(0)) or _numeric_entity(m.group(0)), text)
    # ``&amp;`` is decoded only where the result cannot be read as another entity, so that a
    # second pass finds nothing left to decode (idempotence).
    return _BARE_AMP.sub("&", text)


_INPUT_IN_BOX = re.compile(rf"[\[［]{_S}*(<input\b[^<>\n]*>){_S}*[\]］]", re.IGNORECASE)
_INPUT = re.compile(r"<input\b[^<>\n]*>", re.IGNORECASE)
_CHECKED = re.compile(r"\bchecked\b", re.IGNORECASE)


def _input_to_box(tag: str, *, boxed: bool) -> str:
    if _CHECKED.search(tag):
        return TICKED_BOX
    if "radio" in tag.lower():
        # Converters print the mark of a ticked box of the printed form as a radio control
        # inside the brackets (``[ <input type="radio"/> ]``); an unticked box stays ``[ ]``.
        return TICKED_BOX if boxed else TICK
    return UNTICKED_BOX


def _html_inputs(text: str) -> str:
    if "<input" not in text.lower():
        return text
    text = _INPUT_IN_BOX.sub(lambda m: _input_to_box(m.group(1), boxed=True), text)
    return _INPUT.sub(lambda m: _input_to_box(m.group(0), boxed=False), text)


_CELL_TAGS = "tr|td|th|table|thead|tbody|tfoot|caption"
_BLOCK_TAGS = (
    "p|div|br|li|ul|ol|dl|dt|dd|h[1-6]|hr|section|article|header|footer|blockquote|pre|body"
    "|html|head"
)
_INLINE_TAGS = (
    "b|i|u|s|em|strong|span|font|a|sup|sub|small|big|mark|code|abbr|label|center|strike|del"
    "|ins|tt|nobr|wbr|img|col|colgroup|select|option|textarea|button|form|meta|link"
)
_TAG_ATTRS = (
    rf"(?:{_S}+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    rf"(?:{_S}*={_S}*(?:\"[^\"<>\n]*\"|'[^'<>\n]*'|[^\s\"'<>=]+))?)*"
)
_CELL_TAG = re.compile(rf"</?(?:{_CELL_TAGS})\b{_TAG_ATTRS}{_S}*/?>", re.IGNORECASE)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS})\b{_TAG_ATTRS}{_S}*/?>", re.IGNORECASE)
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_TAGS})\b{_TAG_ATTRS}{_S}*/?>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->")
_CELL_BREAKS = re.compile(r"[ \t]*(?:\x1e[ \t]*)+")
_PARAGRAPH_BREAKS = re.compile(r" *(?:\x1f *)+")
_LINE_WITH_TAG = re.compile(r"^[^\n<]*<[^\n]*$", re.M)


def _line_tags(match: re.Match[str]) -> str:
    line = match.group(0)
    line = _COMMENT.sub("", line)
    line = _INLINE_TAG.sub("", line)
    line = _CELL_TAG.sub("\x1e", line)
    line = _BLOCK_TAG.sub("\x1f", line)
    # In a tab-separated row, paragraph tags break a cell's text, not the row: a space.
    # Without tabs the tags are the only structure the line has: they separate cells.
    paragraph = " " if "\t" in line else "\t"
    line = _PARAGRAPH_BREAKS.sub(paragraph, line)
    return _CELL_BREAKS.sub("\t", line)


def _html_tags(text: str) -> str:
    if "<" not in text:
        return text
    return _LINE_WITH_TAG.sub(_line_tags, text)


# --- Markdown -----------------------------------------------------------------------------------

_MD_TABLE_RULE = re.compile(
    rf"^{_S}*\|?{_S}*:?-{{3,}}:?{_S}*(?:\|{_S}*:?-{{3,}}:?{_S}*)*\|?{_S}*$", re.M
)
_MD_HEADING = re.compile(rf"^{_S}*(?:#{{1,6}}(?:{_S}+|$))+", re.M)
_MD_BULLET = re.compile(rf"^{_S}*(?:[-*+]{_S}+)+(?=\S)", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_TABLE_ROW = re.compile(rf"^{_S}*\|(.*)\|{_S}*$", re.M)


def _table_row(match: re.Match[str]) -> str:
    return "\t".join(cell.strip() for cell in match.group(1).split("|"))


def _markdown(text: str) -> str:
    text = _MD_TABLE_RULE.sub("", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_BULLET.sub("", text)
    if "**" in text or "__" in text:
        text = _MD_EMPHASIS.sub(r"\2", text)
    if "|" in text:
        text = _MD_TABLE_ROW.sub(_table_row, text)
    return text


# --- symbols -----------------------------------------------------------------------------------

_MIDDLE_DOT_VARIANTS = re.compile("[·•∙‧⋅･]")


def _middle_dots(text: str) -> str:
    return _MIDDLE_DOT_VARIANTS.sub("・", text)


# --- choice lists and checkboxes ----------------------------------------------------------------

_CHOICE = re.compile(
    rf"[<＜く〈《(（]{_S}*選{_S}*択{_S}*[肢限枝技支]{_S}*[^\s<>]?{_S}*[>＞〉》)）プ]"
)


def _choice_marker(text: str) -> str:
    return _CHOICE.sub(CHOICE_MARKER, text)


_MARKS = "○〇◯OoＯｏ●◎✓✔☑xXｘＸ"
_OPENERS = "\\[［【〔「"
_CLOSERS = "\\]］】〕」"
_BOX = re.compile(rf"[{_OPENERS}]{_S}*([{_MARKS}])?{_S}*[{_CLOSERS}]")
_OPEN_WITH_MARK_AT_END = re.compile(rf"[{_OPENERS}]{_S}*[{_MARKS}]{_S}*$", re.M)
_LONE_MARK = re.compile(rf"^{_S}*[○〇◯Ｏ●◎]{_S}*$", re.M)


def _box(match: re.Match[str]) -> str:
    mark = match.group(1)
    if mark is None:
        return UNTICKED_BOX
    text = match.group(0)
    # A Latin o/x in 「」 is prose in quotes, not a box.
    if text[0] == "「" and text[-1] == "」" and mark in "OoxXｘＸＯｏ":
        return text
    return TICKED_BOX


def _checkboxes(text: str) -> str:
    text = _BOX.sub(_box, text)
    text = _OPEN_WITH_MARK_AT_END.sub("[" + TICK, text)
    return _LONE_MARK.sub(TICK, text)


# --- OCR confusions of the form's own vocabulary ------------------------------------------------

_OCR_FIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("未满"), "未満"),
    (re.compile("ブラットフォーム"), "プラットフォーム"),
    (re.compile("ー(?=括|覧)"), "一"),
)


def _ocr_vocabulary(text: str) -> str:
    for pattern, replacement in _OCR_FIXES:
        text = pattern.sub(replacement, text)
    return text


# --- white space -------------------------------------------------------------------------------

_SPACES = re.compile(r"[ \u3000]{2,}|\u3000")
_SPACED_TAB = re.compile(r" ?\t[\t ]*")
_LINE_EDGES = re.compile(r"[ \t]*\n[ \t]*")


def _white_space(text: str) -> str:
    text = _SPACES.sub(" ", text)
    text = _SPACED_TAB.sub("\t", text)
    return _LINE_EDGES.sub("\n", text).strip(" \t")


RULES: tuple[Rule, ...] = (
    Rule(
        name="line_ends",
        description="CRLF and CR end lines like LF (this defines the raw line numbers)",
        example_in="公表日\r\n令和7年11月26日\r評価書番号",
        example_out="公表日\n令和7年11月26日\n評価書番号",
        fn=_line_ends,
        whole_text=True,
    ),
    Rule(
        name="control_characters",
        description="form feeds, NBSP and other control or space-like characters become a "
        "space; zero-width characters and soft hyphens are removed",
        example_in="\x0c評価書\u200b名\u00a0A市長",
        example_out=" 評価書名 A市長",
        fn=_control_characters,
    ),
    Rule(
        name="full_width_ascii",
        description="full-width ASCII (digits, letters, brackets, punctuation) becomes ASCII; "
        "①–⑳, Ⅰ–Ⅵ, ・ and the range dash ～ stay",
        example_in="システム２～５ ①（１）Ⅲ・ＡＰＰＬＩＣ",
        example_out="システム2～5 ①(1)Ⅲ・APPLIC",
        fn=_full_width_ascii,
    ),
    Rule(
        name="half_width_katakana",
        description="half-width katakana becomes full-width katakana",
        example_in="ｼｽﾃﾑ",
        example_out="システム",
        fn=_half_width_katakana,
    ),
    Rule(
        name="html_entities",
        description="&lt; &gt; &amp; &quot; &#39; &nbsp; and numeric entities are decoded",
        example_in="&lt;選択肢&gt; 1) 実施する &amp; 2)",
        example_out="<選択肢> 1) 実施する & 2)",
        fn=_html_entities,
    ),
    Rule(
        name="html_inputs",
        description="checkbox and radio controls become boxes: checked or a radio mark inside "
        "brackets is ticked [○], an unchecked checkbox is [ ]",
        example_in='[ <input type="radio"/> ] 庁内連携 <input checked="" type="checkbox"/> 紙',
        example_out="[○] 庁内連携 [○] 紙",
        fn=_html_inputs,
    ),
    Rule(
        name="html_tags",
        description="table-cell tags (<td>, <tr> …) become a tab; paragraph tags (<p>, <li>, "
        "<br> …) become a tab too, except inside a tab-separated row, where they break a "
        "cell's text and become a space; inline tags (<b>, <span> …) and comments go",
        example_in="<p>[ <b>〇</b> ] 紙</p> <p>[ ] 専用線</p>",
        example_out="\t[ 〇 ] 紙\t[ ] 専用線\t",
        fn=_html_tags,
    ),
    Rule(
        name="markdown",
        description="Markdown heading marks, list bullets, emphasis and table pipes are removed "
        "(table cells become tab-separated)",
        example_in="## 公表日",
        example_out="公表日",
        fn=_markdown,
    ),
    Rule(
        name="middle_dots",
        description="the middle-dot family · • ∙ ‧ ⋅ ･ becomes ・",
        example_in="国税庁·年金保険者•企業",
        example_out="国税庁・年金保険者・企業",
        fn=_middle_dots,
    ),
    Rule(
        name="choice_marker",
        description="the choice-list marker, also as OCR damaged it (く選択肢>, (選択肢>, "
        "〈選択肢〉, く選択限プ), becomes <選択肢>",
        example_in="③対象人数 く選択限プ [ 30万人以上 ]",
        example_out="③対象人数 <選択肢> [ 30万人以上 ]",
        fn=_choice_marker,
    ),
    Rule(
        name="checkboxes",
        description="every box encoding becomes [○] (ticked: ○ 〇 ◯ O ● ✓ x) or [ ] (empty), "
        "broken brackets 【 」 〔 included; an opener with a mark at the end of a line "
        "becomes [○ and a line holding only a mark becomes ○",
        example_in="[ O ] 宛名 [ 〇] 税務 【 ] その他 〔〇〕既存 [ ○",
        example_out="[○] 宛名 [○] 税務 [ ] その他 [○]既存 [○",
        fn=_checkboxes,
    ),
    Rule(
        name="ocr_vocabulary",
        description="OCR confusions that can only be errors: 未满 → 未満, ブラットフォーム → "
        "プラットフォーム, バッチー括 → バッチ一括",
        example_in="1,000人未满 中間サーバー・ブラットフォーム バッチー括",
        example_out="1,000人未満 中間サーバー・プラットフォーム バッチ一括",
        fn=_ocr_vocabulary,
    ),
    Rule(
        name="white_space",
        description="runs of spaces and ideographic spaces become one space, spaces around a "
        "tab are dropped, and the line is stripped",
        example_in="　①部署　保健福祉局 \t 健康保険課  ",
        example_out="①部署 保健福祉局\t健康保険課",
        fn=_white_space,
    ),
)
"""The rules, in the order they run."""

_LINE_RULES = tuple(rule for rule in RULES if not rule.whole_text)


_MAX_PASSES = 8


def _apply_line_rules(text: str) -> str:
    """Run the per-line rules over ``text`` until nothing changes (at most a few passes).

    Repeating the table makes normalisation idempotent even where one rule's output is another
    rule's input (an entity that decodes to a full-width digit, nested markup).
    """
    lines = text.split("\n")
    pending = list(range(len(lines)))
    for _ in range(_MAX_PASSES):
        if not pending:
            break
        before = [lines[i] for i in pending]
        joined = "\n".join(before)
        for rule in _LINE_RULES:
            joined = rule.fn(joined)
        after = joined.split("\n")
        if len(after) != len(before):  # pragma: no cover - a defect in a rule
            raise AssertionError("a normalisation rule added or removed a line end")
        changed = []
        for index, old, new in zip(pending, before, after, strict=True):
            if new != old:
                lines[index] = new
                changed.append(index)
        # A line the rules left unchanged is a fixed point: only changed lines run again.
        pending = changed
    return "\n".join(lines)


def normalize_line(line: str) -> str:
    """Apply the per-line rules to one line.

    >>> normalize_line("<p>③対象人数</p>\\t[ ３０万人以上 ]")
    '③対象人数\\t[ 30万人以上 ]'
    """
    return _apply_line_rules(line.replace("\n", " "))


def normalize_text(text: str) -> NormalizedText:
    """Normalise a decoded source text into lines with a map back to the raw lines.

    Args:
        text: The text as decoded from the source file.

    Returns:
        The non-empty normalised lines and, for each, its 1-based raw line number.
    """
    for rule in RULES:
        if rule.whole_text:
            text = rule.fn(text)
    text = _apply_line_rules(text)
    lines: list[str] = []
    line_map: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line:
            lines.append(line)
            line_map.append(number)
    return NormalizedText(lines=tuple(lines), line_map=tuple(line_map))
