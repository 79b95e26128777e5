"""Reading one checkbox grid of Ⅱ (入手元, 入手方法, 主な記録項目, 提供・移転の有無) in any layout.

:mod:`ingest.checkbox` cuts lines into tokens; this module decides the state of each box of one
grid from its tokens, using only what the text shows and the printed form's layout:

1. a box right before its label on the same line (``[○] 紙``) is read as it is;
2. an opener at the end of a line (``[ ] 電子メール [``, ``] 個人番号対応符号 [○``) is the box
   of the label printed right of that label in the form's row
   (:func:`ingest.overview.row_partners`);
3. an opener alone on its line, followed by a line that starts with a closer and a label
   (``[○`` / ``] 本人又は本人の代理人``), is that label's box torn in two;
4. names written in a box's parentheses (``他部署 ( 区政推進課 )``) tick it: the form asks for
   them only for ticked boxes;
5. when the marks not yet placed are exactly as many as the labels still without a box, and no
   empty opener is left, the marks are theirs.

Everything else stays unread: a label whose box was not found is not ticked, and the marks that
could not be placed are counted (:attr:`BoxReading.unplaced`) so that the caller can say so.

>>> from ingest.checkbox import line_to_tokens
>>> options = ("紙", "電子メール", "専用線", "その他")
>>> lines = [(0, line_to_tokens("[○] 紙 [", line=0, options=options)),
...          (1, line_to_tokens("] 電子メール [ ] 専用線", line=1, options=options))]
>>> reading = read_boxes(lines, options=options, partners={"紙": "電子メール"})
>>> reading.ticked, [p.reason for p in reading.inferred]
(('紙',), ['box opened after 紙'])
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from ingest.checkbox import Token, TokenKind

OTHER = "その他"


@dataclass(frozen=True, slots=True, kw_only=True)
class Inference:
    """A box state that was inferred rather than read (the caller reports it)."""

    option: str
    ticked: bool
    line: int
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BoxReading:
    """The reading of one grid."""

    ticked: tuple[str, ...] = ()
    """Ticked box labels, in form order."""
    names: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Box label → the names written in its parentheses (ticked boxes only)."""
    seen: tuple[str, ...] = ()
    """Box labels the grid shows, in form order."""
    inferred: tuple[Inference, ...] = ()
    unresolved: tuple[str, ...] = ()
    """Labels shown without any box that could be found (read as not ticked)."""
    unplaced: int = 0
    """Marks that could not be placed on a box while :attr:`unresolved` labels remain."""
    conflicts: tuple[str, ...] = ()
    """Labels read both ticked and unticked (the ticked reading is kept)."""
    line: int | None = None
    """The first line (as the caller numbers lines) of the grid."""


_NAME_SPLIT = re.compile(r"[、,，;；]")
_PARENTHESES = re.compile(r"^\s*[(（](?P<inside>[^()（）]*)(?:[)）].*)?$")


def names_in(text: str) -> tuple[str, ...] | None:
    """The names inside parentheses that open ``text``; None when ``text`` opens none.

    >>> names_in("( 区政推進課、課税管理課 )")
    ('区政推進課', '課税管理課')
    >>> names_in("( )")
    ()
    >>> names_in("件") is None
    True
    """
    found = _PARENTHESES.match(text)
    if found is None:
        return None
    return tuple(name.strip() for name in _NAME_SPLIT.split(found.group("inside")) if name.strip())


@dataclass(slots=True)
class _State:
    ticked: bool | None = None
    conflict: bool = False
    names: tuple[str, ...] = ()
    parentheses: bool = False


def read_boxes(
    lines: Sequence[tuple[int, Sequence[Token]]],
    *,
    options: Sequence[str],
    partners: Mapping[str, str] = MappingProxyType({}),
    named: Collection[str] = (OTHER,),
) -> BoxReading:
    """Decide the state of every box of one grid.

    Args:
        lines: The grid's lines in text order: (line number, tokens of that line). A line of
            tokens that are only a text in parentheses (``( 区政推進課``) gives names to the
            nearest label before it that has no parentheses.
        options: The grid's box labels in form order.
        partners: Box label → the label printed right of it in its row.
        named: The boxes that take names in parentheses (``( 区政推進課 )``); only
            その他 in most grids.

    Returns:
        The ticked labels, the names, and what was inferred or could not be read.
    """
    rows = [(number, _merged(tokens)) for number, tokens in lines]
    states: dict[str, _State] = {}
    inferred: list[Inference] = []
    used: set[tuple[int, int]] = set()
    order: list[tuple[int, str]] = []  # (line number, option) of every label, in text order

    def settle(option: str, ticked: bool, line: int, reason: str | None) -> None:
        state = states.setdefault(option, _State())
        if state.ticked is None:
            state.ticked = ticked
            if reason is not None:
                inferred.append(Inference(option=option, ticked=ticked, line=line, reason=reason))
        elif state.ticked != ticked and reason is None:
            state.conflict = True
            state.ticked = True

    # 1. boxes right before their labels; names after labels
    for number, tokens in rows:
        if _is_orphan_names(tokens):
            target = _give_orphan_names(tokens[0].written, order, states, named=named)
            if target is not None:
                reason = "names printed on a line of their own"
                inferred.append(Inference(option=target, ticked=True, line=number, reason=reason))
            continue
        for position, token in enumerate(tokens):
            if token.kind is not TokenKind.OPTION or token.option is None:
                continue
            option = token.option
            state = states.setdefault(option, _State())
            order.append((number, option))
            previous = tokens[position - 1] if position else None
            if previous is not None and previous.kind in (TokenKind.BOX, TokenKind.OPEN):
                settle(option, previous.ticked, number, None)
                used.add((number, position - 1))
            if option in named:
                _read_names(tokens, position, state)
    # 2. an opener after a label at the end of a line is the box right of it in its row
    for number, tokens in rows:
        for position, token in enumerate(tokens):
            if token.kind is not TokenKind.OPEN or (number, position) in used:
                continue
            if any(t.kind is TokenKind.OPTION for t in tokens[position + 1 :]):
                continue
            left = next(
                (t.option for t in reversed(tokens[:position]) if t.kind is TokenKind.OPTION),
                None,
            )
            partner = partners.get(left) if left else None
            if partner is None:
                continue
            used.add((number, position))
            settle(partner, token.ticked, number, f"box opened after {left}")
    # 3. an opener alone on its line and a closer starting the next line: one box torn in two
    by_number = dict(rows)
    for number, tokens in rows:
        if len(tokens) != 1 or tokens[0].kind is not TokenKind.OPEN or (number, 0) in used:
            continue
        following = by_number.get(number + 1, ())
        if (
            len(following) >= 2
            and following[0].kind is TokenKind.CLOSE
            and following[1].kind is TokenKind.OPTION
            and following[1].option is not None
            and states[following[1].option].ticked is None
        ):
            used.add((number, 0))
            settle(following[1].option, tokens[0].ticked, number, "box torn over two lines")
    # 4. names written in parentheses tick the box
    for number, option in order:
        state = states[option]
        if state.names and not state.ticked:
            was_read = state.ticked is False
            state.ticked = True
            reason = "names in its parentheses" + (
                ", though its box reads empty" if was_read else ""
            )
            inferred.append(Inference(option=option, ticked=True, line=number, reason=reason))
    # 5. the marks left over, when they fit the labels left over exactly
    marks = [
        (number, position)
        for number, tokens in rows
        for position, token in enumerate(tokens)
        if (number, position) not in used
        and (token.kind is TokenKind.MARK or (token.kind is TokenKind.OPEN and token.ticked))
    ]
    empty_openers = sum(
        1
        for number, tokens in rows
        for position, token in enumerate(tokens)
        if (number, position) not in used and token.kind is TokenKind.OPEN and not token.ticked
    )
    open_labels = [
        option for option in dict.fromkeys(o for _, o in order) if states[option].ticked is None
    ]
    if marks and open_labels and len(marks) == len(open_labels) and not empty_openers:
        for (number, _position), option in zip(marks, open_labels, strict=True):
            settle(option, True, number, "the only box left for a mark")
        marks, open_labels = [], []
    ticked = tuple(option for option in options if option in states and states[option].ticked)
    return BoxReading(
        ticked=ticked,
        names=MappingProxyType(
            {option: states[option].names for option in ticked if states[option].names}
        ),
        seen=tuple(option for option in options if option in states),
        inferred=tuple(inferred),
        unresolved=tuple(option for option in options if option in open_labels),
        unplaced=len(marks) if open_labels else 0,
        conflicts=tuple(
            option for option in options if option in states and states[option].conflict
        ),
        line=rows[0][0] if rows else None,
    )


def _merged(tokens: Sequence[Token]) -> list[Token]:
    """Tokens with an opener followed by a mark (``[ ○``) read as one ticked opener."""
    merged: list[Token] = []
    for token in tokens:
        if (
            token.kind is TokenKind.MARK
            and merged
            and merged[-1].kind is TokenKind.OPEN
            and not merged[-1].ticked
        ):
            last = merged.pop()
            merged.append(
                Token(kind=TokenKind.OPEN, line=last.line, position=last.position, ticked=True)
            )
            continue
        merged.append(token)
    return merged


def _is_orphan_names(tokens: Sequence[Token]) -> bool:
    return (
        len(tokens) >= 1
        and all(token.kind is TokenKind.TEXT for token in tokens)
        and names_in(tokens[0].written) is not None
    )


def _give_orphan_names(
    text: str,
    order: Sequence[tuple[int, str]],
    states: Mapping[str, _State],
    *,
    named: Collection[str],
) -> str | None:
    """Give the names of a line of their own to the nearest label before it that takes names
    and has no parentheses (a ticked one first); return that label."""
    names = names_in(text) or ()
    if not names:
        return None
    candidates = [
        option
        for _, option in reversed(order)
        if option in named and not states[option].parentheses
    ]
    target = next(
        (o for o in candidates if states[o].ticked), candidates[0] if candidates else None
    )
    if target is not None:
        states[target].names = names
        states[target].parentheses = True
    return target


def _read_names(tokens: Sequence[Token], position: int, state: _State) -> None:
    token = tokens[position]
    if token.option == OTHER:
        written_after = token.written[len(OTHER) :].strip()
        if names_in(written_after) is not None:
            state.parentheses = True
            state.names = state.names or token.names
        return
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    if following is None or following.kind is not TokenKind.TEXT:
        return
    names = names_in(following.written)
    if names is not None:
        state.parentheses = True
        state.names = state.names or names
