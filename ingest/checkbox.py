"""Reading checkbox grids (``[○] 庁内連携システム [ ] 税務システム …``) in any damage state.

After normalisation a box is ``[○]`` (ticked) or ``[ ]`` (empty). PDF-layout text breaks
boxes apart: the opener ``[`` ends one line, the closer and the label start another
(``] 税務システム``), and the mark may float alone on a line (``○``). A grid is therefore read in
two steps:

1. :func:`line_to_tokens` cuts each line into tokens (boxes, openers, closers, marks, option
   labels recognised fuzzily, other text);
2. :func:`tokens_to_grid` decides each option's state from the tokens of one grid: a box right
   before a label is definite; a label after a bare closer is open, and open labels receive the
   marks that float nearby (a mark in an opener at the end of a row goes to the row partner,
   a lone mark to the next open label). Every such placement is reported, since it is an
   inference.

>>> tokens = line_to_tokens("[ ] 情報提供ネットワークシステム [○] 庁内連携システム", line=0)
>>> grid = tokens_to_grid(tokens)
>>> grid.ticked
('庁内連携システム',)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ingest.label import CONNECTION_OPTIONS, OTHER_OPTION, ROW_PARTNER, match_option
from ingest.normalize import TICK


class TokenKind(StrEnum):
    """What a piece of a grid line is."""

    BOX = "box"
    """A complete box: ``[○]`` or ``[ ]``."""
    OPEN = "open"
    """An opener whose closer is on another line: ``[`` or ``[○``."""
    CLOSE = "close"
    """A closer whose opener is on another line: ``]``."""
    MARK = "mark"
    """A tick mark outside any bracket: ``○``."""
    OPTION = "option"
    """An option label (recognised against the grid's options)."""
    TEXT = "text"
    """Anything else."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Token:
    """One piece of a grid line."""

    kind: TokenKind
    line: int
    """Index of the line (as the caller numbers lines)."""
    position: int
    """Offset in the line."""
    ticked: bool = False
    """For BOX and OPEN: whether it holds a mark."""
    option: str | None = None
    """For OPTION: the canonical option label."""
    written: str = ""
    """The text as written."""
    names: tuple[str, ...] = ()
    """For the その他 option: the names inside its parentheses."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Placement:
    """A mark whose box was inferred rather than read (reported as a repair)."""

    option: str
    line: int
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Grid:
    """The reading of one checkbox grid."""

    ticked: tuple[str, ...] = ()
    """Ticked options, in form order."""
    other_names: tuple[str, ...] = ()
    """Names inside その他（…）, when その他 is ticked."""
    seen: tuple[str, ...] = ()
    """Options present in the grid (ticked or not), in form order."""
    placements: tuple[Placement, ...] = ()
    repairs: tuple[Placement, ...] = ()
    """Option labels repaired (``空名システム等`` → ``宛名システム等``); reason says from what."""
    conflicts: tuple[str, ...] = ()
    """Options read both ticked and unticked (the ticked reading is kept)."""


_BOX_RE = re.compile(r"\[(○| )\]")
_OPEN_MARK_RE = re.compile(r"\[" + TICK + r"(?!\])")
_NAMES_RE = re.compile(r"\s*[(（]([^()（）\t\[\]]*)(?:[)）]([^\t\[\]]*))?")
_NAME_SPLIT = re.compile(r"[、,，;；]")
_STOP_CHARS = "[]" + TICK + "\t"


def line_to_tokens(
    line_text: str, *, line: int, options: Sequence[str] = CONNECTION_OPTIONS
) -> list[Token]:
    """Cut one normalised line into grid tokens.

    >>> [t.kind.value for t in line_to_tokens("] 宛名システム等 [", line=3)]
    ['close', 'option', 'open']
    """
    tokens: list[Token] = []
    position = 0
    length = len(line_text)
    while position < length:
        char = line_text[position]
        if char in " \t":
            position += 1
            continue
        box = _BOX_RE.match(line_text, position)
        if box:
            tokens.append(
                Token(kind=TokenKind.BOX, line=line, position=position, ticked=box.group(1) == TICK)
            )
            position = box.end()
            continue
        if char == "[":
            ticked = bool(_OPEN_MARK_RE.match(line_text, position))
            tokens.append(Token(kind=TokenKind.OPEN, line=line, position=position, ticked=ticked))
            position += 2 if ticked else 1
            continue
        if char == "]":
            tokens.append(Token(kind=TokenKind.CLOSE, line=line, position=position))
            position += 1
            continue
        if char == TICK:
            tokens.append(Token(kind=TokenKind.MARK, line=line, position=position))
            position += 1
            continue
        found = match_option(line_text[position:], options)
        if found is not None:
            option, end = found
            end += position
            names: tuple[str, ...] = ()
            if option == OTHER_OPTION:
                names, end = _other_names(line_text, end)
            tokens.append(
                Token(
                    kind=TokenKind.OPTION,
                    line=line,
                    position=position,
                    option=option,
                    written=line_text[position:end].strip(),
                    names=names,
                )
            )
            position = end
            continue
        end = position + 1
        while end < length and line_text[end] not in _STOP_CHARS:
            end += 1
        written = line_text[position:end].strip()
        tokens.append(Token(kind=TokenKind.TEXT, line=line, position=position, written=written))
        position = end
    return tokens


def _other_names(line_text: str, start: int) -> tuple[tuple[str, ...], int]:
    """Read ``（名前、名前）`` after その他; a list cut by its closing parenthesis
    (``（A、B、 ） C``) continues after it."""
    found = _NAMES_RE.match(line_text, start)
    if not found:
        return (), start
    inside = found.group(1)
    after = found.group(2)
    if after and inside.rstrip().endswith(tuple("、,，")):
        inside = inside + after
    names = tuple(name.strip() for name in _NAME_SPLIT.split(inside) if name.strip())
    return names, found.end()


def is_grid_line(tokens: Sequence[Token]) -> bool:
    """True when a line's tokens are checkbox-grid material (an option, or only bracket parts)."""
    if not tokens:
        return False
    if any(token.kind is TokenKind.OPTION for token in tokens):
        return any(t.kind is not TokenKind.TEXT for t in tokens if t.kind is not TokenKind.OPTION)
    return all(token.kind in (TokenKind.OPEN, TokenKind.MARK, TokenKind.BOX) for token in tokens)


@dataclass(slots=True)
class _OptionState:
    ticked: bool | None = None
    tokens: list[int] = field(default_factory=list)
    names: tuple[str, ...] = ()
    conflict: bool = False


def tokens_to_grid(tokens: Iterable[Token], *, options: Sequence[str] = CONNECTION_OPTIONS) -> Grid:
    """Decide the state of every option of one grid from its tokens (in reading order).

    Args:
        tokens: The tokens of every line of the grid, in line order.
        options: The grid's options in form order.

    Returns:
        The ticked options in form order, the names in その他（…） and the inferences made.
    """
    ordered = list(tokens)
    ordered = _repair_duplicates(ordered, options)
    states: dict[str, _OptionState] = {}
    repairs: list[Placement] = []
    open_labels: list[int] = []  # indices into ``ordered`` of labels without a box
    for index, token in enumerate(ordered):
        if token.kind is not TokenKind.OPTION or token.option is None:
            continue
        option = token.option
        state = states.setdefault(option, _OptionState())
        state.tokens.append(index)
        if token.names and not state.names:
            state.names = token.names
        if token.written and not _written_is(token.written, option):
            repairs.append(
                Placement(option=option, line=token.line, reason=f"{token.written} → {option}")
            )
        previous = ordered[index - 1] if index else None
        if previous is not None and previous.line == token.line and previous.kind is TokenKind.BOX:
            _set(state, previous.ticked)
        else:
            open_labels.append(index)
    placements: list[Placement] = []
    open_set = [i for i in open_labels if states[_opt(ordered[i])].ticked is None]
    # A mark in an opener at the end of a row belongs to the right-hand box of that row.
    for index, token in enumerate(ordered):
        if token.kind is not TokenKind.OPEN or not token.ticked:
            continue
        row_option = _previous_option_on_line(ordered, index)
        partner = ROW_PARTNER.get(row_option) if row_option else None
        if row_option is None or partner is None:
            continue
        reason = f"mark opened after {row_option}"
        if partner not in states:
            states[partner] = _OptionState(ticked=True)
        elif states[partner].ticked is None:
            _set(states[partner], True)
            open_set = [i for i in open_set if _opt(ordered[i]) != partner]
        else:
            continue
        placements.append(Placement(option=partner, line=token.line, reason=reason))
    # A lone mark belongs to the next label still without a box (else the last one before it).
    for index, token in enumerate(ordered):
        if token.kind is not TokenKind.MARK:
            continue
        after = [i for i in open_set if i > index]
        before = [i for i in open_set if i < index]
        target = after[0] if after else (before[-1] if before else None)
        if target is None:
            continue
        option = _opt(ordered[target])
        _set(states[option], True)
        placements.append(Placement(option=option, line=token.line, reason="lone mark"))
        open_set = [i for i in open_set if _opt(ordered[i]) != option]
    ticked: list[str] = []
    for option in options:
        option_state = states.get(option)
        if option_state is None:
            continue
        if option_state.ticked is None and option == OTHER_OPTION and option_state.names:
            option_state.ticked = True  # names are written in その他（…） only when ticked
        if option_state.ticked:
            ticked.append(option)
    other = states.get(OTHER_OPTION)
    return Grid(
        ticked=tuple(ticked),
        other_names=other.names if other is not None and other.ticked else (),
        seen=tuple(option for option in options if option in states),
        placements=tuple(placements),
        repairs=tuple(repairs),
        conflicts=tuple(o for o in options if o in states and states[o].conflict),
    )


def _opt(token: Token) -> str:
    assert token.option is not None
    return token.option


def _set(state: _OptionState, ticked: bool) -> None:
    if state.ticked is None:
        state.ticked = ticked
    elif state.ticked != ticked:
        state.conflict = True
        state.ticked = True


def _previous_option_on_line(tokens: Sequence[Token], index: int) -> str | None:
    line = tokens[index].line
    for token in reversed(tokens[:index]):
        if token.line != line:
            return None
        if token.kind is TokenKind.OPTION:
            return token.option
    return None


def _written_is(written: str, option: str) -> bool:
    squeezed = re.sub(r"\s", "", written)
    return squeezed.startswith(option) or option.startswith(squeezed)


def _repair_duplicates(tokens: list[Token], options: Sequence[str]) -> list[Token]:
    """Repair a label read twice in a row of form-ordered boxes on one line.

    The first of the two stands for the one option missing between its neighbours (OCR
    repeated ``税務システム`` over ``宛名システム等``).
    """
    rank: Mapping[str, int] = {option: i for i, option in enumerate(options)}
    result = list(tokens)
    by_line: dict[int, list[int]] = {}
    for index, token in enumerate(result):
        if token.kind is TokenKind.OPTION:
            by_line.setdefault(token.line, []).append(index)
    for indices in by_line.values():
        labels = [_opt(result[i]) for i in indices]
        for position, index in enumerate(indices):
            option = labels[position]
            if labels.count(option) < 2 or position + 1 >= len(indices):
                continue
            if labels[position + 1] != option:
                continue
            low = rank[labels[position - 1]] if position else -1
            missing = [o for o in options if low < rank[o] < rank[option] and o not in labels]
            if len(missing) == 1:
                labels[position] = missing[0]
                token = result[index]
                result[index] = Token(
                    kind=token.kind,
                    line=token.line,
                    position=token.position,
                    option=missing[0],
                    written=token.written,
                    names=token.names,
                )
    return result
