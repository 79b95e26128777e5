"""Repairing OCR damage in names, with evidence rather than guesses.

Two general mechanisms, both limited to characters OCR is known to confuse
(:data:`CONFUSABLE`, e.g. 宛/空/死, 収/取):

* against a vocabulary (the form's checkbox labels, the national-systems lexicon): a name that
  differs from a vocabulary entry only in confusable characters is that entry;
* against the document itself: a name whose confusable character appears, in the same
  surroundings, far more often with its partner elsewhere in the text is repaired to the
  partner (``取滞納事務`` in a text that writes 収滞納 forty times).

>>> repair_by_vocabulary("空名システム等", ["宛名システム等", "税務システム"])
'宛名システム等'
>>> repair_by_consensus("取滞納事務", "収滞納 " * 10 + "取滞納")
'収滞納事務'
"""

from __future__ import annotations

from collections.abc import Iterable

_CONFUSABLE_GROUPS: tuple[str, ...] = (
    "宛空死苑",
    "収取",
    "未末",
    "満满",
    "己已巳",
    "土士",
    "人入",
    "力カ",
    "口ロ",
    "工エ",
    "二ニ",
    "八ハ",
    "卜ト",
    "夕タ",
    "一ー",
    "千干",
    "日曰",
    "問間",
    "令今",
    "輪輸",
    "険剣",
    "課果",
    "係系",
    "録緑",
    "帳張",
    "籍藉",
    "健建",
)
"""Groups of characters that OCR confuses with each other (visual look-alikes)."""

CONFUSABLE: dict[str, frozenset[str]] = {
    char: frozenset(group) - {char} for group in _CONFUSABLE_GROUPS for char in group
}
"""Character → the characters OCR mistakes it for."""

MAX_CONFUSIONS = 2
"""At most this many characters of a name are repaired."""
_CONSENSUS_MIN_COUNT = 3
_CONSENSUS_RATIO = 3


def _confusable(a: str, b: str) -> bool:
    return b in CONFUSABLE.get(a, frozenset())


def repair_by_vocabulary(name: str, vocabulary: Iterable[str]) -> str | None:
    """The vocabulary entry ``name`` is an OCR-damaged spelling of, or None.

    Only names that differ from an entry in one or two confusable characters (and in nothing
    else) are repaired; an exact entry is not a repair.

    >>> repair_by_vocabulary("宛名管理システム", ["宛名システム等"]) is None
    True
    """
    for entry in vocabulary:
        if len(entry) != len(name) or entry == name:
            continue
        differences = [(a, b) for a, b in zip(name, entry, strict=True) if a != b]
        if len(differences) <= MAX_CONFUSIONS and all(_confusable(a, b) for a, b in differences):
            return entry
    return None


def repair_by_consensus(name: str, text: str) -> str | None:
    """``name`` with confusable characters replaced where the text itself says so, or None.

    For each character of ``name`` that has confusable partners, the two-character contexts
    around it (with the character and with each partner) are counted in ``text``. The partner
    wins when its contexts occur at least three times and three times as often as the
    character's own.

    Args:
        name: A short value (a name), as extracted.
        text: The whole document text.

    >>> repair_by_consensus("国民年金システム", "国民年金システム " * 3) is None
    True
    """
    repaired = list(name)
    changes = 0
    for position, char in enumerate(name):
        partners = CONFUSABLE.get(char)
        if not partners:
            continue
        best: tuple[int, str] | None = None
        own = _context_count(text, name, position, char)
        for partner in sorted(partners):
            count = _context_count(text, name, position, partner)
            strong = count >= _CONSENSUS_MIN_COUNT and count >= _CONSENSUS_RATIO * max(own, 1)
            if strong and (best is None or count > best[0]):
                best = (count, partner)
        if best is not None:
            repaired[position] = best[1]
            changes += 1
    if not changes or changes > MAX_CONFUSIONS:
        return None
    return "".join(repaired)


def _context_count(text: str, name: str, position: int, char: str) -> int:
    """Occurrences in ``text`` of ``char`` with its neighbours in ``name`` (both sides)."""
    left = name[position - 1] if position > 0 else ""
    right = name[position + 1] if position + 1 < len(name) else ""
    if not left and not right:
        return 0
    total = 0
    if left:
        total += text.count(left + char + right) if right else text.count(left + char)
    else:
        total += text.count(char + right)
    return total
