"""Look up mnpia vocabulary concepts by the labels assessments write (pure Python, no rdflib).

The ingest layer uses this module to name what it reads: a national system, a law, a checkbox
option. It loads ``vocab/lexicon.json`` (generated from ``vocab/*.ttl`` by
``python -m ontology.generate``) once and matches labels through a *matching key*: an ordered
table of small named rules (:data:`KEY_RULES`) that erase the differences assessments show
between spellings of one name — character width of ASCII letters and digits, letter case,
spaces, the middle dots ``・･·•∙``, long-vowel marks and dashes after katakana, and full-width
brackets. The key is only for comparing; the text itself is never rewritten, and never with
blanket NFKC (which would turn ① into 1 and Ⅲ into III).

>>> national_system("中間サーバー").key
'chukan-server-platform'
>>> national_system("中間サーバ・プラットフォーム") is national_system("中間サーバー")
True
>>> law_by_name("番号法").law_id
'425AC0000000027'
>>> national_system("住民記録システム") is None
True
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final, cast

from ontology import LEXICON_JSON

__all__ = [
    "KEY_RULES",
    "Concept",
    "LawConcept",
    "LexiconError",
    "SchemeIndex",
    "concept",
    "concept_by_key",
    "concepts",
    "connection_kind",
    "document_kind",
    "fold_ascii_case",
    "fold_ascii_width",
    "fold_brackets",
    "handling_stage",
    "label_key",
    "law_by_id",
    "law_by_name",
    "load_lexicon",
    "mentions",
    "national_system",
    "rating",
    "remove_long_vowels",
    "remove_middle_dots",
    "remove_spaces",
    "scheme_labels",
    "scheme_names",
    "source_category",
    "transfer_method",
]

NATIONAL_SYSTEMS: Final = "national-systems"
LAWS: Final = "laws"
DOCUMENT_KINDS: Final = "document-kinds"
METHODS: Final = "methods"
SOURCE_CATEGORIES: Final = "source-categories"
RISK_RATINGS: Final = "risk-ratings"
HANDLING_STAGES: Final = "handling-stages"
CONNECTION_KINDS: Final = "connection-kinds"


class LexiconError(Exception):
    """The lexicon file is missing, malformed, or two concepts of a scheme share a label."""


@dataclass(frozen=True, kw_only=True)
class Concept:
    """A SKOS concept of an mnpia vocabulary (``vocab/<scheme>.ttl``).

    Attributes:
        iri: the concept IRI, ``https://w3id.org/mnpia/vocab/<scheme>/<key>``.
        scheme: the scheme name (its file name), e.g. ``national-systems``.
        key: the stable ASCII ``skos:notation``.
        pref_label: the Japanese ``skos:prefLabel``.
        pref_label_en: the English ``skos:prefLabel``, if any.
        alt_labels: the ``skos:altLabel`` values (spelling variants, abbreviations).
        hidden_labels: the ``skos:hiddenLabel`` values (OCR damage found in real texts).
        broader: IRIs of ``skos:broader`` concepts.
        exact_match: IRIs of ``skos:exactMatch`` concepts (e.g. a connection kind's system).
        national: for connection kinds, whether the label denotes a national shared system.
    """

    iri: str
    scheme: str
    key: str
    pref_label: str
    pref_label_en: str | None = None
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    exact_match: tuple[str, ...] = ()
    national: bool | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label that names this concept: preferred (ja, en), alternative, hidden."""
        english = (self.pref_label_en,) if self.pref_label_en else ()
        return (self.pref_label, *english, *self.alt_labels, *self.hidden_labels)


@dataclass(frozen=True, kw_only=True)
class LawConcept(Concept):
    """A law of ``vocab/laws.ttl``: the official title, its abbreviations, its e-Gov 法令ID.

    Attributes:
        law_id: the e-Gov 法令ID (``None`` where it is not verified yet).
        law_number: the promulgation number, e.g. ``平成二十五年法律第二十七号``.
        source: the e-Gov page ``https://laws.e-gov.go.jp/law/<法令ID>``.
    """

    law_id: str | None = None
    law_number: str | None = None
    source: str | None = None


# ---------------------------------------------------------------------------------------------
# Matching key: an ordered table of small named rules.
# ---------------------------------------------------------------------------------------------

_FULLWIDTH_ALNUM: Final = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},  # ０-９
    **{0xFF21 + i: 0x41 + i for i in range(26)},  # Ａ-Ｚ
    **{0xFF41 + i: 0x61 + i for i in range(26)},  # ａ-ｚ
}
_MIDDLE_DOTS: Final = {ord(c): None for c in "・･·•∙‧⋅"}
_BRACKETS: Final = str.maketrans({"（": "(", "）": ")", "［": "[", "］": "]", "｛": "{", "｝": "}"})
_LONG_VOWEL_LIKE: Final = frozenset("ーｰ‐‑‒–—―−－-〜～")


def _is_katakana(char: str) -> bool:
    code = ord(char)
    return 0x30A1 <= code <= 0x30FA or code == 0x30FC or 0xFF66 <= code <= 0xFF9D


def fold_ascii_width(text: str) -> str:
    """Full-width ASCII letters and digits to ASCII (nothing else: ① and Ⅲ stay).

    >>> fold_ascii_width("ｅＬＴＡＸ　第１９条①")
    'eLTAX\\u3000第19条①'
    """
    return text.translate(_FULLWIDTH_ALNUM)


def fold_ascii_case(text: str) -> str:
    """ASCII letters to lower case (``eLTAx`` and ``ELTAX`` are the same name).

    >>> fold_ascii_case("eLTAx LGWAN")
    'eltax lgwan'
    """
    return "".join(c.lower() if c.isascii() else c for c in text)


def remove_spaces(text: str) -> str:
    """Drop all white space: ASCII, ideographic U+3000, no-break, and line breaks.

    >>> remove_spaces("情報提供 ネットワーク\\u3000シス\\nテム")
    '情報提供ネットワークシステム'
    """
    return "".join(c for c in text if not c.isspace())


def remove_middle_dots(text: str) -> str:
    """Drop the middle dots that join the parts of a name: ``・ ･ · • ∙ ‧ ⋅``.

    >>> remove_middle_dots("中間サーバー・プラットフォーム"), remove_middle_dots("提供·移転")
    ('中間サーバープラットフォーム', '提供移転')
    """
    return text.translate(_MIDDLE_DOTS)


def remove_long_vowels(text: str) -> str:
    """Drop long-vowel marks and dash-like characters that follow katakana.

    Assessments write サーバ and サーバー, and OCR turns ー into ‐, －, ― or ～. A dash after
    a letter or digit is kept (``LGWAN-ASP``).

    >>> remove_long_vowels("サーバー"), remove_long_vowels("サーバ"), remove_long_vowels("サ－バ―")
    ('サバ', 'サバ', 'サバ')
    >>> remove_long_vowels("LGWAN-ASP")
    'LGWAN-ASP'
    """
    kept: list[str] = []
    for char in text:
        if char in _LONG_VOWEL_LIKE and kept and _is_katakana(kept[-1]):
            continue
        kept.append(char)
    return "".join(kept)


def fold_brackets(text: str) -> str:
    """Full-width brackets to ASCII brackets (``（…）`` and ``(…)`` are the same).

    >>> fold_brackets("電子記録媒体（フラッシュメモリを除く。）")
    '電子記録媒体(フラッシュメモリを除く。)'
    """
    return text.translate(_BRACKETS)


def _compose(text: str) -> str:
    """Unicode NFC (canonical composition only: か + ゛ → が; ① and Ⅲ stay)."""
    return unicodedata.normalize("NFC", text)


KEY_RULES: Final[tuple[tuple[str, Callable[[str], str]], ...]] = (
    ("compose", _compose),
    ("fold_ascii_width", fold_ascii_width),
    ("fold_ascii_case", fold_ascii_case),
    ("remove_spaces", remove_spaces),
    ("remove_middle_dots", remove_middle_dots),
    ("remove_long_vowels", remove_long_vowels),
    ("fold_brackets", fold_brackets),
)
"""The rules of :func:`label_key`, applied in this order."""


def label_key(label: str) -> str:
    """The matching key of a label: :data:`KEY_RULES` applied in order.

    >>> label_key("中間サーバー・プラットフォーム") == label_key("中間サーバ プラットフォーム")
    True
    >>> label_key("ｅＬＴＡＸ")
    'eltax'
    """
    for _name, rule in KEY_RULES:
        label = rule(label)
    return label


# ---------------------------------------------------------------------------------------------
# Loading and indexing lexicon.json
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SchemeIndex:
    """The concepts of one vocabulary, indexed by label matching key and by notation."""

    name: str
    concepts: tuple[Concept, ...]
    by_label: Mapping[str, Concept]
    by_key: Mapping[str, Concept]


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        msg = f"expected a list of strings, got {value!r}"
        raise LexiconError(msg)
    return tuple(cast(list[str], value))


def _optional_string(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    msg = f"expected a string or null, got {value!r}"
    raise LexiconError(msg)


def _concept_from_record(scheme: str, record: Mapping[str, object]) -> Concept:
    iri, key, pref = record.get("iri"), record.get("key"), record.get("pref_label")
    if not (isinstance(iri, str) and isinstance(key, str) and isinstance(pref, str)):
        msg = f"concept of {scheme} without iri, key or pref_label: {record!r}"
        raise LexiconError(msg)
    national = record.get("national")
    pref_en = _optional_string(record.get("pref_label_en"))
    alt = _strings(record.get("alt_labels", []))
    hidden = _strings(record.get("hidden_labels", []))
    broader = _strings(record.get("broader", []))
    exact = _strings(record.get("exact_match", []))
    is_national = national if isinstance(national, bool) else None
    if "law_id" in record:
        return LawConcept(
            iri=iri,
            scheme=scheme,
            key=key,
            pref_label=pref,
            pref_label_en=pref_en,
            alt_labels=alt,
            hidden_labels=hidden,
            broader=broader,
            exact_match=exact,
            national=is_national,
            law_id=_optional_string(record.get("law_id")),
            law_number=_optional_string(record.get("law_number")),
            source=_optional_string(record.get("source")),
        )
    return Concept(
        iri=iri,
        scheme=scheme,
        key=key,
        pref_label=pref,
        pref_label_en=pref_en,
        alt_labels=alt,
        hidden_labels=hidden,
        broader=broader,
        exact_match=exact,
        national=is_national,
    )


def _index(name: str, concepts: Sequence[Concept]) -> SchemeIndex:
    by_label: dict[str, Concept] = {}
    for item in concepts:
        for label in item.labels:
            key = label_key(label)
            other = by_label.setdefault(key, item)
            if other is not item:
                msg = f"{name}: label {label!r} names both {other.key} and {item.key}"
                raise LexiconError(msg)
    return SchemeIndex(
        name=name,
        concepts=tuple(concepts),
        by_label=by_label,
        by_key={c.key: c for c in concepts},
    )


def load_lexicon(path: Path) -> dict[str, SchemeIndex]:
    """Parse and index a lexicon file (the cached default is ``vocab/lexicon.json``).

    Args:
        path: a file written by ``python -m ontology.generate``.

    Returns:
        The schemes by name.

    Raises:
        LexiconError: when the file cannot be read or parsed, or two concepts of one scheme
            share a label's matching key.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        msg = f"cannot read the lexicon {path}: {exc}"
        raise LexiconError(msg) from exc
    schemes = document.get("schemes") if isinstance(document, dict) else None
    if not isinstance(schemes, dict):
        msg = f"{path} has no 'schemes' object"
        raise LexiconError(msg)
    indexed: dict[str, SchemeIndex] = {}
    for name, scheme in sorted(schemes.items()):
        records = scheme.get("concepts") if isinstance(scheme, dict) else None
        if not isinstance(records, list):
            msg = f"scheme {name} of {path} has no 'concepts' list"
            raise LexiconError(msg)
        indexed[name] = _index(name, [_concept_from_record(name, r) for r in records])
    return indexed


@cache
def _lexicon() -> dict[str, SchemeIndex]:
    return load_lexicon(LEXICON_JSON)


def _scheme(name: str) -> SchemeIndex:
    try:
        return _lexicon()[name]
    except KeyError:
        msg = f"no vocabulary named {name!r}; known: {', '.join(scheme_names())}"
        raise KeyError(msg) from None


# ---------------------------------------------------------------------------------------------
# Public look-ups
# ---------------------------------------------------------------------------------------------


def scheme_names() -> list[str]:
    """The names of the vocabularies (``vocab/<name>.ttl``).

    >>> scheme_names()[:3]
    ['connection-kinds', 'document-kinds', 'handling-stages']
    """
    return sorted(_lexicon())


def concepts(scheme: str) -> tuple[Concept, ...]:
    """Every concept of ``scheme``, sorted by key.

    Raises:
        KeyError: when there is no such vocabulary.
    """
    return _scheme(scheme).concepts


def concept(scheme: str, label: str) -> Concept | None:
    """The concept of ``scheme`` that ``label`` names (matching by :func:`label_key`).

    >>> concept("methods", "電子記録媒体(フラッシュメモリを除く。)").key
    'electronic-media'
    >>> concept("methods", "伝書鳩") is None
    True

    Raises:
        KeyError: when there is no such vocabulary.
    """
    return _scheme(scheme).by_label.get(label_key(label))


def concept_by_key(scheme: str, key: str) -> Concept | None:
    """The concept of ``scheme`` whose ``skos:notation`` is ``key``.

    >>> concept_by_key("risk-ratings", "sufficient").pref_label
    '十分である'
    """
    return _scheme(scheme).by_key.get(key)


def scheme_labels(scheme: str) -> list[str]:
    """Every label of ``scheme`` (preferred, alternative and hidden), sorted and unique.

    Useful to match damaged text against the closed set of labels a form item can hold.

    >>> scheme_labels("source-categories")[:2]
    ['Another department of the assessing organisation', 'Data subject or their agent']
    """
    return sorted({label for c in _scheme(scheme).concepts for label in c.labels})


def national_system(label: str) -> Concept | None:
    """The national shared system that ``label`` names, or ``None`` (e.g. a local system).

    >>> national_system("中間サーバー・ブラットフォーム").pref_label  # OCR damage
    '中間サーバー・プラットフォーム'
    >>> national_system("住基ネット").key, national_system("eLTAx").key
    ('juki-net', 'eltax')

    A name with a trailing parenthetical that qualifies it (``X(サービス検索・電子申請機能)``)
    names X when the whole name is not known:

    >>> national_system("eLTAX（地方税ポータルシステム）").key
    'eltax'
    >>> national_system("住民記録システム(既存住基システム)") is None
    True
    """
    found = concept(NATIONAL_SYSTEMS, label)
    if found is None and (match := _TRAILING_QUALIFIER.match(label.strip())):
        found = concept(NATIONAL_SYSTEMS, match.group(1))
    return found


_TRAILING_QUALIFIER = re.compile(r"^(.+?)\s*[(（][^()（）]*[)）]$")
"""A name followed by one parenthetical at its end: ``base(qualifier)``."""


def law_by_name(name: str) -> LawConcept | None:
    """The law that ``name`` (official title or abbreviation) names, or ``None``.

    >>> law = law_by_name("住基法")
    >>> law.pref_label, law.law_id, law.source
    ('住民基本台帳法', '342AC0000000081', 'https://laws.e-gov.go.jp/law/342AC0000000081')
    >>> law_by_name("提供省令").key  # the 主務省令 of 番号法第19条第8号
    'bango-ho-19-8-meirei'
    """
    found = concept(LAWS, name)
    return found if isinstance(found, LawConcept) else None


def law_by_id(law_id: str) -> LawConcept | None:
    """The law with the e-Gov 法令ID ``law_id``, or ``None``.

    >>> law_by_id("334AC0000000141").pref_label
    '国民年金法'
    """
    for item in _scheme(LAWS).concepts:
        if isinstance(item, LawConcept) and item.law_id == law_id:
            return item
    return None


def document_kind(label: str) -> Concept | None:
    """The document kind (全項目評価書, 重点項目評価書, 基礎項目評価書) that ``label`` names.

    >>> document_kind("特定個人情報保護評価書(全項目評価書)").key
    'full'
    """
    return concept(DOCUMENT_KINDS, label)


def transfer_method(label: str) -> Concept | None:
    """The 入手方法 / 提供方法 checkbox option that ``label`` names.

    >>> transfer_method("専用線").key
    'dedicated-line'
    """
    return concept(METHODS, label)


def source_category(label: str) -> Concept | None:
    """The 入手元 checkbox option that ``label`` names.

    >>> source_category("本人又は本人の代理人").key
    'data-subject'
    """
    return concept(SOURCE_CATEGORIES, label)


def rating(label: str) -> Concept | None:
    """The self-assessment rating (Ⅲ, Ⅳ) that ``label`` names.

    >>> rating("十分に行っている").key, rating("課題が残されている").key
    ('sufficient', 'issues-remain')
    """
    return concept(RISK_RATINGS, label)


def handling_stage(label: str) -> Concept | None:
    """The Ⅲ handling stage that ``label`` names.

    >>> handling_stage("特定個人情報の保管・消去").key
    'storage-erasure'
    """
    return concept(HANDLING_STAGES, label)


def connection_kind(label: str) -> Concept | None:
    """The Ⅰ 2 ③ checkbox label that ``label`` names (OCR damage included).

    >>> kind = connection_kind("空名システム等")
    >>> kind.key, kind.national
    ('atena', False)
    """
    return concept(CONNECTION_KINDS, label)


def mentions(scheme: str, text: str) -> list[Concept]:
    """The concepts of ``scheme`` whose labels occur in ``text``, in order of first occurrence.

    Matching works on :func:`label_key` of the text, longest label first, so that
    ``中間サーバー・プラットフォーム`` is one mention and not also ``中間サーバー``.

    >>> text = "中間サーバー・プラットフォーム及びガバメントクラウド"
    >>> [c.key for c in mentions("national-systems", text)]
    ['chukan-server-platform', 'government-cloud']
    """
    haystack = label_key(text)
    index = _scheme(scheme).by_label
    taken = [False] * len(haystack)
    found: list[tuple[int, Concept]] = []
    for key in sorted(index, key=len, reverse=True):
        if not key:
            continue
        start = haystack.find(key)
        while start != -1:
            end = start + len(key)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(key)
                found.append((start, index[key]))
            start = haystack.find(key, start + 1)
    seen: set[str] = set()
    ordered: list[Concept] = []
    for _start, item in sorted(found, key=lambda pair: pair[0]):
        if item.key not in seen:
            seen.add(item.key)
            ordered.append(item)
    return ordered
