"""Reading a choice field (``[ 値 ] <選択肢> 1) … 2) …``).

The form prints the selected value in brackets beside a list that repeats every choice. Damaged
texts lose the brackets' halves (``[ 30万人以上``, ``6年以上10年未満 ]``) or both
(``<選択肢> 100項目以上 1) 10項目未満 …``: the value stands unnumbered before the numbered list).
:func:`read_choice` finds the selection in all three shapes and says how it was found, so that a
value read without its brackets is reported as a repair.

>>> read_choice(["[ 委託する ] <選択肢> 1) 委託する 2) 委託しない"], ("委託する", "委託しない"))
ChoiceReading(value='委託する', bracketed=True)
>>> read_choice(["期間 6年以上10年未満 ] 7) 6年以上10年未満"], ("1年", "6年以上10年未満"))
ChoiceReading(value='6年以上10年未満', bracketed=False)
>>> read_choice(["<選択肢> <選択肢> 100項目以上 100項目未満 2)10項目以上50項目未満"],
...             ("10項目未満", "10項目以上50項目未満", "100項目以上"))
ChoiceReading(value='100項目以上', bracketed=False)
>>> read_choice(["<選択肢>"], ("委託する", "委託しない")) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ingest.label import FUZZY_THRESHOLD
from ingest.normalize import CHOICE_MARKER, TICK


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceReading:
    """The value selected in a choice field."""

    value: str
    """The choice, in the form's wording."""
    bracketed: bool
    """False when the value was found without its brackets (a repair to report)."""


_BRACKETED = re.compile(
    rf"[\[［「【]\s*(?P<value>[^\[\]［］「」【】{TICK}<>]+?)\s*(?:[\]］」】]|$)"
)
_ENUMERATOR = re.compile(r"(?:^|(?<=\s))\d{1,2}\s*[)）]")
_DAMAGED_MARKER = re.compile(r"[<＜く〈《(（]\s*選\s*択\s*[肢限枝技支]\S?")


def read_choice(texts: Sequence[str], choices: Sequence[str]) -> ChoiceReading | None:
    """The choice selected in ``texts`` (the field's value and the lines after it).

    Args:
        texts: The text after the label and the lines that follow it, in order.
        choices: The field's choices in the form's wording.

    Returns:
        The selection, or None when the texts select nothing.
    """
    for text in texts:
        for found in _BRACKETED.finditer(text):
            value = _canonical(found.group("value"), choices)
            if value is not None:
                return ChoiceReading(value=value, bracketed=True)
    for text in texts:
        value = _closed_only(text, choices) or _unnumbered_first(text, choices)
        if value is not None:
            return ChoiceReading(value=value, bracketed=False)
    return None


def _canonical(value: str, choices: Sequence[str]) -> str | None:
    value = re.sub(r"\s+", "", value)
    squeezed = {re.sub(r"\s+", "", choice): choice for choice in choices}
    if value in squeezed:
        return squeezed[value]
    best = max(squeezed, key=lambda choice: Levenshtein.normalized_similarity(value, choice))
    if Levenshtein.normalized_similarity(value, best) * 100.0 >= FUZZY_THRESHOLD:
        return squeezed[best]
    return None


def _alternation(choices: Sequence[str]) -> str:
    return "|".join(re.escape(choice) for choice in sorted(choices, key=len, reverse=True))


def _closed_only(text: str, choices: Sequence[str]) -> str | None:
    """``値 ]``: a choice followed by a closer whose opener was lost."""
    found = re.search(rf"(?:^|(?<=[\s\t]))(?P<value>{_alternation(choices)})\s*[\]］」】]", text)
    if found is None or _ENUMERATOR.search(text[max(0, found.start() - 4) : found.start()]):
        return None
    return found.group("value")


def _unnumbered_first(text: str, choices: Sequence[str]) -> str | None:
    """``<選択肢> 値 1) …``: a choice standing unnumbered before the numbered list."""
    marker = text.rfind(CHOICE_MARKER)
    if marker < 0:
        return None
    after = text[marker + len(CHOICE_MARKER) :]
    enumerator = _ENUMERATOR.search(after)
    head = after[: enumerator.start()] if enumerator else after
    words = head.split()
    found = [word for word in words if word in choices]
    if len(found) == 1 and words and words[0] == found[0]:
        return found[0]
    return None


def drop_choice_furniture(text: str) -> str:
    """``text`` up to the choice list that follows it (a damaged ``<選択肢>`` marker included).

    >>> drop_choice_furniture("紙で保管する。 く選択肢と 1) 1年未満")
    '紙で保管する。'
    """
    cut = len(text)
    position = text.find(CHOICE_MARKER)
    if position >= 0:
        cut = position
    damaged = _DAMAGED_MARKER.search(text)
    if damaged is not None:
        cut = min(cut, damaged.start())
    return text[:cut].rstrip()
