"""IRIs of the mnpia graph: the one implementation of ontology/NAMING.md.

Every IRI the graph layer writes for an instance, a named graph or a legal resource is made here,
deterministically, from the names the assessment states. Vocabulary concepts (national systems,
document kinds …) are not minted here: they come from :mod:`ontology.lexicon`.

>>> key = assessment_key(municipality="千葉市", org="千葉市長", number="12345", sha256="ab" * 32)
>>> key
'千葉市/12345'
>>> str(assessment_iri(key))
'https://w3id.org/mnpia/id/assessment/千葉市/12345'
>>> str(local_system_iri("住民記録 システム", municipality="千葉市", key=key))
'https://w3id.org/mnpia/id/system/千葉市/住民記録システム'
"""

from __future__ import annotations

import re
import string
import unicodedata
from typing import Final

from rdflib import URIRef

BASE: Final = "https://w3id.org/mnpia/"
"""Root of every mnpia IRI."""
ID_BASE: Final = BASE + "id/"
"""Instance data (assessments, processes, systems, laws …)."""
GRAPH_BASE: Final = BASE + "graph/"
"""Named graphs of the store."""
VOCAB_BASE: Final = BASE + "vocab/"
"""SKOS vocabulary concepts (minted by the ontology package, listed here for reference)."""
ONTOLOGY_GRAPH: Final = URIRef(GRAPH_BASE + "ontology")
"""Named graph that holds the ontology and the vocabularies in a store."""
STAGING_GRAPH_BASE: Final = GRAPH_BASE + "staging/"
"""Named graphs a store writes into before it swaps them in (never seen by readers for long)."""
E_GOV_LAW_BASE: Final = "https://laws.e-gov.go.jp/law/"
"""The e-Gov 法令検索 page of a law, by 法令ID: the ``dct:source`` of a law IRI."""

_UNRESERVED_ASCII: Final = frozenset(string.ascii_letters + string.digits + "-._~")
_SHA256: Final = re.compile(r"[0-9a-f]{64}")
_LAW_ID: Final = re.compile(r"[0-9A-Za-z]+")
_LEGAL_NUMBER: Final = re.compile(r"[0-9]+(?:_[0-9]+)*")


def _is_ucschar(codepoint: int) -> bool:
    """RFC 3987 ``ucschar``: the non-ASCII characters an IRI may hold unencoded."""
    if 0xA0 <= codepoint <= 0xD7FF or 0xF900 <= codepoint <= 0xFDCF:
        return True
    if 0xFDF0 <= codepoint <= 0xFFEF:
        return True
    # Planes 1 to 14, minus the two non-characters at the end of each plane.
    plane, offset = divmod(codepoint, 0x10000)
    return 1 <= plane <= 14 and offset <= 0xFFFD


def _keeps(char: str) -> bool:
    """Whether ``char`` stays as it is in a slug (else it is percent-encoded)."""
    if char in _UNRESERVED_ASCII:
        return True
    # Control, format, private-use and unassigned characters are invisible or unstable: encode.
    return _is_ucschar(ord(char)) and unicodedata.category(char)[0] not in "CZ"


def slug(text: str) -> str:
    """One IRI path segment for a name as the assessment writes it.

    Rules, in order: Unicode NFC (never NFKC: ① and Ⅲ and half-width kana stay as written);
    remove all white space (ASCII, U+3000 ideographic space, NBSP …); keep ASCII letters, digits
    and ``-._~`` and every RFC 3987 ``ucschar`` (so Japanese stays readable); percent-encode
    everything else as UTF-8 with upper-case hex (``/ ? # % ( ) :`` and other ASCII punctuation,
    control and format characters). A segment that would be ``.`` or ``..`` has its dots encoded.

    >>> slug("千葉市")
    '千葉市'
    >>> slug(" 住民記録　システム ")
    '住民記録システム'
    >>> slug("中間サーバー・プラットフォーム")
    '中間サーバー・プラットフォーム'
    >>> slug("宛名/税務 (A#1)")
    '宛名%2F税務%28A%231%29'
    >>> slug("か\\u3099")  # NFC composes が; NFKC would also fold ① and Ⅲ, which NFC keeps
    'が'
    >>> slug("システム①Ⅲ"), slug("ｶﾅ")
    ('システム①Ⅲ', 'ｶﾅ')
    >>> slug("100%"), slug("..")
    ('100%25', '%2E%2E')
    >>> slug("  ")
    Traceback (most recent call last):
    ...
    ValueError: cannot make an IRI segment of a blank name: '  '

    Raises:
        ValueError: when ``text`` is empty or only white space.
    """
    compact = "".join(ch for ch in unicodedata.normalize("NFC", text) if not ch.isspace())
    if not compact:
        msg = f"cannot make an IRI segment of a blank name: {text!r}"
        raise ValueError(msg)
    if compact in {".", ".."}:
        return compact.replace(".", "%2E")
    parts: list[str] = []
    for char in compact:
        if _keeps(char):
            parts.append(char)
        else:
            parts.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return "".join(parts)


def _present(value: str | None) -> str | None:
    """``value`` when it holds something other than white space."""
    return value if value is not None and value.strip() else None


def assessment_key(
    *, municipality: str | None, org: str | None, number: str | None, sha256: str
) -> str:
    """The key of an assessment: the path that its IRI, named graph and parts share.

    ``{slug(municipality or org)}/{slug(評価書番号)}`` when both are known, else
    ``source/{sha256[:16]}`` (fragments without a cover).

    >>> assessment_key(municipality=None, org="千葉市長", number="12", sha256="0" * 64)
    '千葉市長/12'
    >>> assessment_key(municipality="千葉市", org=None, number=None, sha256="0123456789abcdef" * 4)
    'source/0123456789abcdef'
    """
    owner = _present(municipality) or _present(org)
    num = _present(number)
    if owner is not None and num is not None:
        return f"{slug(owner)}/{slug(num)}"
    return f"source/{_checked_sha256(sha256)[:16]}"


def _checked_sha256(sha256: str) -> str:
    if not _SHA256.fullmatch(sha256):
        msg = f"not a lower-case hex SHA-256 digest: {sha256!r}"
        raise ValueError(msg)
    return sha256


def _id(path: str) -> URIRef:
    return URIRef(ID_BASE + path)


def assessment_iri(key: str) -> URIRef:
    """The assessment (評価書) with ``key``: ``id/assessment/{key}``."""
    return _id(f"assessment/{key}")


def assessment_graph_iri(key: str) -> URIRef:
    """The named graph that holds everything one assessment states: ``graph/assessment/{key}``.

    >>> str(assessment_graph_iri("千葉市/12345"))
    'https://w3id.org/mnpia/graph/assessment/千葉市/12345'
    """
    return URIRef(f"{GRAPH_BASE}assessment/{key}")


def process_iri(key: str) -> URIRef:
    """The process (事務, Ⅰ 1) an assessment assesses: ``id/process/{key}``."""
    return _id(f"process/{key}")


def municipality_iri(name: str) -> URIRef:
    """A municipality or agency (e.g. 千葉市): ``id/municipality/{slug}``.

    >>> str(municipality_iri("千葉市"))
    'https://w3id.org/mnpia/id/municipality/千葉市'
    """
    return _id(f"municipality/{slug(name)}")


def organisation_iri(name: str) -> URIRef:
    """An assessing organisation (評価実施機関, e.g. 千葉市長): ``id/organisation/{slug}``.

    >>> str(organisation_iri("千葉市長"))
    'https://w3id.org/mnpia/id/organisation/千葉市長'
    """
    return _id(f"organisation/{slug(name)}")


def local_system_iri(name: str, *, municipality: str | None, key: str) -> URIRef:
    """A municipality's own system: ``id/system/{slug(municipality)}/{slug(name)}``.

    Minted per municipality so that its assessments meet at one node; per assessment
    (``id/system/{key}/{slug(name)}``) when the municipality is unknown.

    >>> str(local_system_iri("宛名システム等", municipality=None, key="source/0123456789abcdef"))
    'https://w3id.org/mnpia/id/system/source/0123456789abcdef/宛名システム等'
    """
    owner = _present(municipality)
    scope = slug(owner) if owner is not None else key
    return _id(f"system/{scope}/{slug(name)}")


def connection_iri(key: str, system_no: int, n: int) -> URIRef:
    """The n-th (1-based) connection of システム{system_no} in one assessment.

    >>> str(connection_iri("千葉市/12345", 2, 1))
    'https://w3id.org/mnpia/id/assessment/千葉市/12345/system/2/connection/1'
    """
    return _id(f"assessment/{key}/system/{system_no}/connection/{n}")


def source_iri(sha256: str) -> URIRef:
    """The source text an assessment was read from, by the SHA-256 of its bytes.

    >>> str(source_iri("0123456789abcdef" * 4)).removeprefix(ID_BASE)[:23]
    'source/0123456789abcdef'
    """
    return _id(f"source/{_checked_sha256(sha256)}")


def issue_iri(key: str, n: int) -> URIRef:
    """The n-th (1-based, in report order) extraction issue of an assessment.

    >>> str(issue_iri("千葉市/12345", 3))
    'https://w3id.org/mnpia/id/assessment/千葉市/12345/issue/3'
    """
    return _id(f"assessment/{key}/issue/{n}")


def _law_id(law_id: str) -> str:
    if not _LAW_ID.fullmatch(law_id):
        msg = f"not an e-Gov 法令ID: {law_id!r}"
        raise ValueError(msg)
    return law_id


def _legal_number(value: int | str, what: str) -> str:
    text = str(value)
    if not _LEGAL_NUMBER.fullmatch(text):
        msg = f"{what} must be digits, with _ for 枝番 (第9条の2 → 9_2): {value!r}"
        raise ValueError(msg)
    return text


def law_iri(law_id: str) -> URIRef:
    """A law, by its e-Gov 法令ID: ``id/law/{法令ID}``.

    >>> str(law_iri("425AC0000000027"))
    'https://w3id.org/mnpia/id/law/425AC0000000027'
    """
    return _id(f"law/{_law_id(law_id)}")


def law_source_iri(law_id: str) -> URIRef:
    """The e-Gov page of a law, the ``dct:source`` of its IRI.

    >>> str(law_source_iri("425AC0000000027"))
    'https://laws.e-gov.go.jp/law/425AC0000000027'
    """
    return URIRef(E_GOV_LAW_BASE + _law_id(law_id))


def article_iri(
    law_id: str,
    article: int | str,
    *,
    paragraph: int | str | None = None,
    item: int | str | None = None,
) -> URIRef:
    """An article (条), paragraph (項) or item (号) of a law, ELI style.

    ``id/law/{法令ID}/article/{n}[/paragraph/{n}][/item/{n}]``; 枝番 are joined with ``_``
    as e-Gov numbers them (第9条の2 → ``9_2``). An item without a paragraph is an item of the
    article's only paragraph and is written without one, as the citation does.

    >>> str(article_iri("425AC0000000027", 19, item=8))
    'https://w3id.org/mnpia/id/law/425AC0000000027/article/19/item/8'
    >>> str(article_iri("425AC0000000027", 9, paragraph=1))
    'https://w3id.org/mnpia/id/law/425AC0000000027/article/9/paragraph/1'
    >>> str(article_iri("425AC0000000027", "9_2"))
    'https://w3id.org/mnpia/id/law/425AC0000000027/article/9_2'
    """
    path = f"law/{_law_id(law_id)}/article/{_legal_number(article, 'article')}"
    if paragraph is not None:
        path += f"/paragraph/{_legal_number(paragraph, 'paragraph')}"
    if item is not None:
        path += f"/item/{_legal_number(item, 'item')}"
    return _id(path)


def appendix_table_row_iri(law_id: str, table: int | str, row: int | str) -> URIRef:
    """A row (項) of an appended table (別表, or 主務省令の表): ``…/appendix-table/{t}/row/{n}``.

    >>> str(appendix_table_row_iri("425AC0000000027", 1, 24))
    'https://w3id.org/mnpia/id/law/425AC0000000027/appendix-table/1/row/24'
    """
    return _id(
        f"law/{_law_id(law_id)}/appendix-table/{_legal_number(table, 'table')}"
        f"/row/{_legal_number(row, 'row')}"
    )


def staging_graph_iri(token: str) -> URIRef:
    """A store-internal staging graph (see :mod:`graph.store`); ``token`` is an opaque hex id."""
    return URIRef(STAGING_GRAPH_BASE + token)


def assessment_iri_to_key(value: str) -> str | None:
    """The key of an assessment IRI, or None when ``value`` is not one.

    >>> assessment_iri_to_key("https://w3id.org/mnpia/id/assessment/千葉市/12345")
    '千葉市/12345'
    >>> assessment_iri_to_key("https://w3id.org/mnpia/id/process/千葉市/12345") is None
    True
    """
    prefix = str(assessment_iri(""))
    if not value.startswith(prefix):
        return None
    key = value[len(prefix) :]
    return key or None
