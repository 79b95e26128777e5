"""The look of the diagrams: font, colours, shapes, and the wrapping of Japanese labels.

Labels are Japanese, so every graph, node and edge uses a CJK font (:data:`FONT`, installed by
``fonts-noto-cjk``; Graphviz falls back to a font without kana and draws boxes otherwise).
Japanese is written without spaces, so :func:`wrap_label` breaks long labels itself: after
punctuation, at the seams between kanji, kana and Latin runs, and never before a character that
may not start a line (、。）ー small kana …, the 行頭禁則 of Japanese typesetting).

>>> wrap_label("住民基本台帳ネットワークシステム", width=10)
['住民基本台帳', 'ネットワークシステム']
>>> circled_number(7), circled_number(21), circled_number(60)
('⑦', '㉑', '(60)')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Final

from viz.actor import Group, NodeKind

__all__ = [
    "CLUSTER_ATTRS",
    "EDGE_KIND_ATTRS",
    "EDGE_KIND_LABELS",
    "FOCUS_ATTRS",
    "FONT",
    "GRAPH_ATTRS",
    "NODE_KIND_ATTRS",
    "circled_number",
    "label_lines",
    "shorten",
    "text_width",
    "wrap_label",
]

FONT: Final = "Noto Sans CJK JP"
"""The font of every label (package fonts-noto-cjk; ``fc-list :lang=ja`` lists it)."""

GRAPH_ATTRS: Final[Mapping[str, str]] = {
    "fontname": FONT,
    "fontsize": "12",
    "rankdir": "LR",
    "newrank": "true",
    "compound": "true",
    "nodesep": "0.35",
    "ranksep": "0.7",
    "pad": "0.3",
    "labelloc": "b",
    "labeljust": "c",
    "bgcolor": "white",
    "charset": "UTF-8",
}
NODE_ATTRS: Final[Mapping[str, str]] = {
    "fontname": FONT,
    "fontsize": "11",
    "shape": "box",
    "style": "rounded,filled",
    "fillcolor": "white",
    "color": "#4a4a4a",
    "margin": "0.12,0.06",
}
EDGE_ATTRS: Final[Mapping[str, str]] = {
    "fontname": FONT,
    "fontsize": "10",
    "color": "#333333",
    "arrowsize": "0.7",
}

NODE_KIND_ATTRS: Final[Mapping[NodeKind, Mapping[str, str]]] = {
    NodeKind.PROCESS: {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#fff3c4"},
    NodeKind.DEPARTMENT: {"shape": "box", "style": "rounded,filled", "fillcolor": "#fff9e0"},
    NodeKind.LOCAL_SYSTEM: {"shape": "box", "style": "filled", "fillcolor": "#e3effb"},
    NodeKind.NATIONAL_SYSTEM: {"shape": "box", "style": "filled", "fillcolor": "#d7ecd9"},
    NodeKind.FILE: {"shape": "note", "style": "filled", "fillcolor": "#fde2d0"},
    NodeKind.STORAGE: {"shape": "cylinder", "style": "filled", "fillcolor": "#eeeeee"},
    NodeKind.AGENCY: {"shape": "box", "style": "rounded,filled", "fillcolor": "#ece3f5"},
    NodeKind.RESIDENT: {"shape": "ellipse", "style": "filled", "fillcolor": "#ffffff"},
    NodeKind.BUSINESS: {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff"},
    NodeKind.DELEGATE: {"shape": "box", "style": "rounded,filled", "fillcolor": "#f6e6c8"},
    NodeKind.SUB_DELEGATE: {
        "shape": "box",
        "style": "rounded,filled,dashed",
        "fillcolor": "#fbf1de",
    },
    NodeKind.NOTE: {
        "shape": "note",
        "style": "filled",
        "fillcolor": "#f4f4f4",
        "color": "#888888",
        "fontcolor": "#444444",
    },
    NodeKind.OTHER: {"shape": "box", "style": "rounded,filled", "fillcolor": "#f7f7f7"},
}
"""Shape and fill per node kind (kinds of a foreign graph are drawn as :attr:`NodeKind.OTHER`)."""

FOCUS_ATTRS: Final[Mapping[str, str]] = {
    "penwidth": "3",
    "color": "#c0392b",
    "fontcolor": "#7b1d12",
}
"""Added to the focus entity of a lineage view."""

CLUSTER_ATTRS: Final[Mapping[Group, Mapping[str, str]]] = {
    Group.MUNICIPALITY: {"style": "rounded,bold", "color": "#b8860b", "bgcolor": "#fffdf4"},
    Group.NATIONAL: {"style": "rounded", "color": "#2e7d32", "bgcolor": "#f5fbf5"},
    Group.AGENCY: {"style": "rounded", "color": "#6a1b9a", "bgcolor": "#fbf8fd"},
    Group.PEOPLE: {"style": "rounded", "color": "#555555", "bgcolor": "#fafafa"},
    Group.DELEGATE: {"style": "rounded,dashed", "color": "#a0522d", "bgcolor": "#fffaf3"},
}

EDGE_KIND_ATTRS: Final[Mapping[str, Mapping[str, str]]] = {
    "specific": {"style": "solid", "penwidth": "1.6", "color": "#1f1f1f"},
    "other": {"style": "dashed", "penwidth": "1.0", "color": "#555555"},
    "unknown": {"style": "dotted", "penwidth": "1.4", "color": "#8c8c8c"},
    "inbound": {"style": "solid", "color": "#1f5fa8", "penwidth": "1.4"},
    "delegation": {"style": "solid", "color": "#d68910", "penwidth": "1.4"},
    "sub-delegation": {"style": "dashed", "color": "#d68910"},
    "provision": {"style": "solid", "color": "#b03a2e", "penwidth": "1.4"},
    "transfer": {"style": "solid", "color": "#2e7d32", "penwidth": "1.4"},
    "connection": {"style": "dotted", "color": "#777777", "dir": "both", "arrowsize": "0.5"},
    "storage": {"style": "dashed", "color": "#777777"},
    "uses": {"style": "dotted", "color": "#777777", "dir": "none"},
}
"""Line style per edge kind: flow-view steps are ``specific`` (solid), ``other`` (dashed) or
``unknown`` (dotted grey: the text does not say whether the step carries 特定個人情報); data-flow
and lineage edges carry the kind of the flow they draw."""

EDGE_KIND_LABELS: Final[Mapping[str, str]] = {
    "specific": "特定個人情報の流れ",
    "other": "その他の流れ",
    "unknown": "特定個人情報か記載なし",
    "inbound": "入手",
    "delegation": "委託",
    "sub-delegation": "再委託",
    "provision": "提供",
    "transfer": "移転",
    "connection": "システム間の接続",
    "storage": "保管",
    "uses": "使用",
}
"""Legend text per edge kind."""

# --- numbers ------------------------------------------------------------------------------------


def circled_number(number: int) -> str:
    """The circled numeral of a step (①–㊿), or ``(n)`` beyond fifty.

    >>> circled_number(1), circled_number(20), circled_number(36), circled_number(50)
    ('①', '⑳', '㊱', '㊿')
    >>> circled_number(0)
    '(0)'
    """
    if 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    if 21 <= number <= 35:
        return chr(0x3251 + number - 21)
    if 36 <= number <= 50:
        return chr(0x32B1 + number - 36)
    return f"({number})"


# --- wrapping -----------------------------------------------------------------------------------

_NO_LINE_START: Final = frozenset(
    "、。，．,.;:：；？！?!・）)〕］]｝}〉》」』】ー～…‥々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%％"
)
"""Characters that may not begin a line (行頭禁則)."""
_NO_LINE_END: Final = frozenset("（(〔［[｛{〈《「『【")
"""Characters that may not end a line (行末禁則)."""
_BREAK_AFTER: Final = frozenset("、。，,・/／)）」』】 \u3000")
"""Characters after which a line breaks best."""
_WORDS: Final = (
    "プラットフォーム",
    "ネットワーク",
    "ソフトウェア",
    "マイナポータル",
    "システム",
    "サーバー",
    "サーバ",
    "ファイル",
    "データ",
    "クラウド",
    "ポータル",
    "センター",
    "インターフェイス",
)
"""Katakana words kept whole when wrapping (Japanese compound nouns break best between them)."""


def text_width(text: str) -> float:
    """Width of ``text`` in full-width characters (a Latin letter is half).

    >>> text_width("eLTAX連携"), text_width("①")
    (4.5, 1.0)
    """
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def _script(char: str) -> str:
    code = ord(char)
    if char.isascii() and char.isalnum():
        return "latin"
    if 0x30A0 <= code <= 0x30FF or 0xFF66 <= code <= 0xFF9F:
        return "katakana"
    if 0x3040 <= code <= 0x309F:
        return "hiragana"
    if 0x4E00 <= code <= 0x9FFF or char in "々〆ヶ":
        return "kanji"
    return "other"


def _tokens(text: str) -> list[str]:
    """Units that are never split: Latin words, the katakana words of :data:`_WORDS`, chars."""
    tokens: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isascii() and (char.isalnum() or char in "-_."):
            j = i
            while j < len(text) and text[j].isascii() and (text[j].isalnum() or text[j] in "-_."):
                j += 1
            tokens.append(text[i:j])
            i = j
            continue
        word = next((w for w in _WORDS if text.startswith(w, i)), None)
        if word:
            tokens.append(word)
            i += len(word)
            continue
        tokens.append(char)
        i += 1
    return tokens


def _good_break(before: str, after: str) -> bool:
    """Whether a line may break between tokens ``before`` and ``after`` (seams, punctuation)."""
    if before[-1] in _BREAK_AFTER:
        return True
    if after[0] in "(（「『【":
        return True
    if len(before) > 1 or len(after) > 1:
        return True
    return _script(before[-1]) != _script(after[0]) and "other" not in (
        _script(before[-1]),
        _script(after[0]),
    )


def _split_long(token: str, width: float) -> list[str]:
    """A token wider than a line, cut into line-wide pieces."""
    pieces: list[str] = []
    current = ""
    for char in token:
        if current and text_width(current + char) > width:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def wrap_label(
    text: str, width: float = 12, *, max_lines: int | None = None, balance: bool = True
) -> list[str]:
    """Break ``text`` into lines at most ``width`` full-width characters wide.

    Lines break at spaces and after punctuation first, then at the seams between kanji, kana
    and Latin runs (and between the katakana words of :data:`_WORDS`), and only as a last
    resort inside a run. A character that may not start a line (、。）ー small kana) stays on
    the line before, even if that line then runs one character over. White space runs become
    one space; a line never starts or ends with one.

    Args:
        text: the label.
        width: the line width in full-width characters (a Latin letter counts half).
        max_lines: keep at most this many lines; the last one then ends with ``…``.
        balance: make the lines about equally wide when that does not add a line.

    Returns:
        The lines; ``[]`` for an empty or blank text.

    >>> wrap_label("賦課決定・更正情報、収納情報", width=8)
    ['賦課決定・', '更正情報、', '収納情報']
    >>> wrap_label("マルチペイメントネットワーク(MPN)", width=8)  # ) hangs over the width
    ['マルチペイメント', 'ネットワーク(MPN)']
    >>> wrap_label("年金相談用可搬型窓口装置", width=11)
    ['年金相談用可搬', '型窓口装置']
    >>> wrap_label("とても長い説明の文章がここに続きます", width=6, max_lines=2)
    ['とても長い', '説明の文章…']
    """
    text = " ".join(text.split())
    if not text:
        return []
    tokens: list[str] = []
    for token in _tokens(text):
        tokens.extend(_split_long(token, width) if text_width(token) > width else [token])
    lines: list[list[str]] = [[]]
    for token in tokens:
        line = lines[-1]
        if token.isspace():
            if line:
                line.append(" ")
            continue
        if not line or text_width("".join(line) + token) <= width:
            line.append(token)
            continue
        if token[0] in _NO_LINE_START and text_width("".join(line) + token) <= width + 1.5:
            line.append(token)  # hangs over the width: it may not start the next line
            continue
        # Look back for a good break in the last part of the line; carry the rest over.
        cut = len(line)
        if not _good_break(line[-1], token):
            floor = width * 0.4
            for k in range(len(line) - 1, 0, -1):
                if text_width("".join(line[:k])) < floor:
                    break
                if _good_break(line[k - 1], line[k]) and line[k][0] not in _NO_LINE_START:
                    if text_width("".join(line[k:]) + token) <= width:
                        cut = k
                    break
        while cut > 1 and line[cut - 1][-1] in _NO_LINE_END:
            cut -= 1
        carried = line[cut:]
        del line[cut:]
        while carried and carried[0].isspace():
            carried.pop(0)
        lines.append([*carried, token])
    result = ["".join(line).strip() for line in lines if "".join(line).strip()]
    if balance and len(result) > 1:
        # Even the lines out: a short last line (年金相談用可搬型窓口装 / 置) reads badly.
        even = -(-text_width(text) // len(result)) + 1
        if even < width:
            balanced = wrap_label(text, even, max_lines=None, balance=False)
            if len(balanced) == len(result):
                result = balanced
    if max_lines is not None and len(result) > max_lines:
        result = result[:max_lines]
        last = result[-1].rstrip("…")
        while last and text_width(last + "…") > width + 1:
            last = last[:-1]
        result[-1] = last + "…"
    return result


def label_lines(lines: list[str]) -> str:
    r"""Join wrapped lines into a Graphviz label (``\n`` breaks, centred).

    Backslashes in the text are drawn as ``＼`` so that they never form an escape.

    >>> label_lines(["a", "b"])
    'a\\nb'
    """
    return "\\n".join(line.replace("\\", "＼") for line in lines)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with ``…`` when longer.

    >>> shorten("番号法第19条第8号", 6), shorten("短い", 6)
    ('番号法第1…', '短い')
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"
