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

from graph.entity import canonical_organisation_name

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
REVISION_GRAPH_BASE: Final = GRAPH_BASE + "revision/"
"""Named graphs that keep the earlier versions of assessments (see :mod:`graph.revision`)."""
E_GOV_LAW_BASE: Final = "https://laws.e-gov.go.jp/law/"
"""The e-Gov 法令検索 page of a law, by 法令ID: the ``dct:source`` of a law IRI."""

_UNRESERVED_ASCII: Final = frozenset(string.ascii_letters + string.digits + "-._~")
_SHA256: Final = re.compile(r"[0-9a-f]{64}")
_LAW_ID: Final = re.compile(r"[0-9A-Za-z]+")
_LAW_KEY: Final = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*")
_LEGAL_NUMBER: Final = re.compile(r"[0-9]+(?:_[0-9]+)*")
_APPENDIX_TABLE: Final = re.compile(r"別表(?:第(?P<n>[0-9]+))?")


def _is_ucschar(codepoint: int) -> bool:
    """RFC 3987 ``ucschar``: the non-ASCII characters an IRI may hold unencoded."""
    if 0xA0 <= codepoint <= 0xD7FF or 0xF900 <= codepoint <= 0xFDCF:
        return True
    if 0xFDF0 <= codepoint <= 0xFFEF:
        return True
    # Planes 1 to 14, minus the two non-characters at the end of each plane; plane 14 only from
    # U+E1000 (RFC 3987 leaves out U+E0000-E0FFF: tags and variation selectors).
    plane, offset = divmod(codepoint, 0x10000)
    if plane == 14:
        return 0x1000 <= offset <= 0xFFFD
    return 1 <= plane <= 13 and offset <= 0xFFFD


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
    """An organisation: ``id/organisation/{slug(canonical_organisation_name(name))}``.

    The assessing organisation (評価実施機関, e.g. 千葉市長), a recipient, a named source, a
    delegate. The name is canonicalised first (:func:`graph.entity.canonical_organisation_name`),
    so that ``株式会社X``, ``(株)X`` and ``㈱X`` are one node in every assessment.

    >>> str(organisation_iri("千葉市長"))
    'https://w3id.org/mnpia/id/organisation/千葉市長'
    >>> organisation_iri("㈱ミナト情報") == organisation_iri("（株）ミナト 情報")
    True
    """
    return _id(f"organisation/{slug(canonical_organisation_name(name))}")


def department_iri(name: str, *, municipality: str | None, key: str) -> URIRef:
    """A department of the assessing body: ``id/organisation/{slug(municipality)}/{slug(name)}``.

    The name is canonicalised like an organisation's. Minted per municipality like a local
    system (two cities each have a 市民税課), and per
    assessment (``id/organisation/{key}/{slug(name)}``) when the municipality is unknown.

    >>> str(department_iri("市民税課", municipality="千葉市", key="千葉市/27"))
    'https://w3id.org/mnpia/id/organisation/千葉市/市民税課'
    """
    owner = _present(municipality)
    scope = slug(owner) if owner is not None else key
    return _id(f"organisation/{scope}/{slug(canonical_organisation_name(name))}")


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


def _part(key: str, path: str) -> URIRef:
    return _id(f"assessment/{key}/{path}")


def _ordinal(n: int, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        msg = f"{what} must be a 1-based integer: {n!r}"
        raise ValueError(msg)
    return n


def file_iri(key: str, n: int) -> URIRef:
    """The n-th file (特定個人情報ファイル) of an assessment: ``…/file/{n}``.

    ``n`` is the file's order in Ⅱ (``InformationFile.no``); a file only Ⅰ 3 names takes its
    position in Ⅰ 3 when that number is free, else the next free number.

    >>> str(file_iri("千葉市/27", 1))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/file/1'
    """
    return _part(key, f"file/{_ordinal(n, 'file')}")


def data_item_iri(key: str, file_no: int | None, m: int) -> URIRef:
    """The m-th recorded data item (記録項目, 別添2) of file ``file_no``: ``…/file/{n}/item/{m}``.

    Items of no known file are items of the process: ``…/item/{m}`` (``file_no`` None).

    >>> str(data_item_iri("千葉市/27", 1, 3))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/file/1/item/3'
    >>> str(data_item_iri("千葉市/27", None, 3))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/item/3'
    """
    head = "" if file_no is None else f"file/{_ordinal(file_no, 'file')}/"
    return _part(key, f"{head}item/{_ordinal(m, 'item')}")


def inbound_flow_iri(key: str, file_no: int, m: int) -> URIRef:
    """The m-th inbound flow (入手元, Ⅱ 3 ①) of a file: ``…/file/{n}/inbound/{m}``.

    >>> str(inbound_flow_iri("千葉市/27", 1, 2))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/file/1/inbound/2'
    """
    return _part(key, f"file/{_ordinal(file_no, 'file')}/inbound/{_ordinal(m, 'inbound flow')}")


def delegation_iri(key: str, file_no: int, no: int) -> URIRef:
    """委託事項{no} (Ⅱ 4) of a file: ``…/file/{n}/delegation/{no}``.

    >>> str(delegation_iri("千葉市/27", 1, 2))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/file/1/delegation/2'
    """
    return _part(key, f"file/{_ordinal(file_no, 'file')}/delegation/{_ordinal(no, 'delegation')}")


def sub_delegation_iri(delegation: URIRef | str, m: int) -> URIRef:
    """The m-th 再委託 of a delegation: ``{delegation}/sub/{m}`` (``…/delegation/{no}/sub/{m}``).

    >>> str(sub_delegation_iri(delegation_iri("千葉市/27", 1, 2), 1))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/file/1/delegation/2/sub/1'
    """
    return URIRef(f"{delegation}/sub/{_ordinal(m, 'sub-delegation')}")


def provision_iri(key: str, file_no: int, no: int) -> URIRef:
    """提供先{no} (Ⅱ 5) of a file: ``…/file/{n}/provision/{no}``.

    >>> str(provision_iri("千葉市/27", 1, 4))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/file/1/provision/4'
    """
    return _part(key, f"file/{_ordinal(file_no, 'file')}/provision/{_ordinal(no, 'provision')}")


def transfer_iri(key: str, file_no: int, no: int) -> URIRef:
    """移転先{no} (Ⅱ 5) of a file: ``…/file/{n}/transfer/{no}``.

    >>> str(transfer_iri("千葉市/27", 1, 1))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/file/1/transfer/1'
    """
    return _part(key, f"file/{_ordinal(file_no, 'file')}/transfer/{_ordinal(no, 'transfer')}")


def annex_provision_iri(key: str, m: int) -> URIRef:
    """The m-th provision of the 別紙 annex tables: ``…/annex-provision/{m}``.

    >>> str(annex_provision_iri("千葉市/31", 2))
    'https://w3id.org/mnpia/id/assessment/千葉市/31/annex-provision/2'
    """
    return _part(key, f"annex-provision/{_ordinal(m, 'annex provision')}")


def requester_iri(key: str, n: int) -> URIRef:
    """The n-th 条例 requester (別紙) as a provision: ``…/requester/{n}``.

    >>> str(requester_iri("千葉市/31", 1))
    'https://w3id.org/mnpia/id/assessment/千葉市/31/requester/1'
    """
    return _part(key, f"requester/{_ordinal(n, 'requester')}")


def citation_iri(key: str, n: int) -> URIRef:
    """The n-th legal citation (法令上の根拠) of an assessment, in form order: ``…/citation/{n}``.

    >>> str(citation_iri("千葉市/27", 5))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/citation/5'
    """
    return _part(key, f"citation/{_ordinal(n, 'citation')}")


def step_iri(key: str, no: int) -> URIRef:
    """Step {no} (① = 1) of the 別添1 flow: ``…/step/{no}``.

    >>> str(step_iri("千葉市/31", 3))
    'https://w3id.org/mnpia/id/assessment/千葉市/31/step/3'
    """
    return _part(key, f"step/{_ordinal(no, 'step')}")


def risk_iri(key: str, stage: str, no: int | None = None) -> URIRef:
    """リスク{no} of a handling stage (Ⅲ) or Ⅳ item: ``…/risk/{slug(stage)}[/{no}]``.

    ``stage`` is the concept key of vocab/handling-stages (``acquisition``) or, for an item the
    vocabulary does not know, the section as written; a risk without a number has no ``/{no}``.

    >>> str(risk_iri("千葉市/27", "acquisition", 2))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/risk/acquisition/2'
    >>> str(risk_iri("千葉市/27", "従業者に対する教育・啓発"))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/risk/従業者に対する教育・啓発'
    """
    tail = "" if no is None else f"/{_ordinal(no, 'risk')}"
    return _part(key, f"risk/{slug(stage)}{tail}")


def measure_iri(owner: URIRef | str, m: int) -> URIRef:
    """The m-th measure (措置) of a risk or incident ``owner``: ``{owner}/measure/{m}``.

    >>> str(measure_iri(risk_iri("千葉市/27", "use", 1), 2))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/risk/use/1/measure/2'
    """
    return URIRef(f"{owner}/measure/{_ordinal(m, 'measure')}")


def change_iri(key: str, n: int) -> URIRef:
    """The n-th row of 別添3 変更箇所: ``…/change/{n}``.

    >>> str(change_iri("千葉市/27", 12))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/change/12'
    """
    return _part(key, f"change/{_ordinal(n, 'change')}")


def incident_iri(key: str, n: int) -> URIRef:
    """The n-th serious incident (重大事故, Ⅲ 7 ⑨ / 別紙): ``…/incident/{n}``.

    >>> str(incident_iri("千葉市/31", 1))
    'https://w3id.org/mnpia/id/assessment/千葉市/31/incident/1'
    """
    return _part(key, f"incident/{_ordinal(n, 'incident')}")


def repeat_iri(first: URIRef | str, k: int) -> URIRef:
    """The k-th (k ≥ 2) repeat of a numbered item the text states more than once: ``{first}-{k}``.

    The first keeps its IRI; a repeat (the same 提供先N twice, Ⅲ repeated for a second file)
    gets ``-{k}`` on its last segment, so that two items never merge into one node.

    >>> str(repeat_iri(risk_iri("千葉市/27", "use", 1), 2))
    'https://w3id.org/mnpia/id/assessment/千葉市/27/risk/use/1-2'
    """
    if k < 2:
        msg = f"a repeat is the 2nd or a later occurrence: {k!r}"
        raise ValueError(msg)
    return URIRef(f"{first}-{k}")


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


def _law_key(law_key: str) -> str:
    if not _LAW_KEY.fullmatch(law_key):
        msg = f"not an e-Gov 法令ID or a key of vocab/laws: {law_key!r}"
        raise ValueError(msg)
    return law_key


def legal_number(value: int | str) -> str:
    """A legal number as an IRI segment: 枝番 joined with ``_`` as e-Gov numbers them.

    >>> legal_number("30の9"), legal_number(19), legal_number("9_2")
    ('30_9', '19', '9_2')
    >>> legal_number("十九")
    Traceback (most recent call last):
    ...
    ValueError: a legal number must be ASCII digits, with の or _ for 枝番: '十九'

    Raises:
        ValueError: when ``value`` is not digits with optional branch numbers.
    """
    text = str(value).replace("の", "_")
    if not _LEGAL_NUMBER.fullmatch(text):
        msg = f"a legal number must be ASCII digits, with の or _ for 枝番: {value!r}"
        raise ValueError(msg)
    return text


def law_iri(law_key: str) -> URIRef:
    """A law, by its e-Gov 法令ID, or by its key of vocab/laws when it has none: ``id/law/{key}``.

    A law the vocabulary knows without a verified 法令ID (the 主務省令 of 番号法第19条第8号) is
    keyed by its concept key, which cannot be mistaken for a 法令ID (lower case, hyphens).

    >>> str(law_iri("425AC0000000027"))
    'https://w3id.org/mnpia/id/law/425AC0000000027'
    >>> str(law_iri("bango-ho-19-8-meirei"))
    'https://w3id.org/mnpia/id/law/bango-ho-19-8-meirei'
    """
    return _id(f"law/{_law_key(law_key)}")


def ordinance_iri(name: str, *, municipality: str | None, key: str) -> URIRef:
    """A local ordinance or rule (条例, 規則): ``id/ordinance/{municipality}/{slug(name)}``.

    Ordinances have no e-Gov 法令ID; they are minted per municipality (per assessment,
    ``id/ordinance/{key}/{slug(name)}``, when the municipality is unknown).

    >>> str(ordinance_iri("千葉市個人情報保護条例", municipality="千葉市", key="千葉市/27"))
    'https://w3id.org/mnpia/id/ordinance/千葉市/千葉市個人情報保護条例'
    """
    owner = _present(municipality)
    scope = slug(owner) if owner is not None else key
    return _id(f"ordinance/{scope}/{slug(name)}")


def law_source_iri(law_id: str) -> URIRef:
    """The e-Gov page of a law, the ``dct:source`` of its IRI.

    >>> str(law_source_iri("425AC0000000027"))
    'https://laws.e-gov.go.jp/law/425AC0000000027'
    """
    return URIRef(E_GOV_LAW_BASE + _law_id(law_id))


def legal_part_iri(
    law: URIRef | str,
    article: int | str,
    *,
    paragraph: int | str | None = None,
    item: int | str | None = None,
    supplementary: bool = False,
) -> URIRef:
    """An article (条), paragraph (項) or item (号) of the law or ordinance ``law`` (its IRI).

    ``{law}[/supplementary]/article/{n}[/paragraph/{n}][/item/{n}]``, numbers by
    :func:`legal_number`; an article of the supplementary provisions (附則) has
    ``/supplementary`` before ``/article``.

    >>> str(legal_part_iri(law_iri("325AC0000000226"), "3の2", supplementary=True))
    'https://w3id.org/mnpia/id/law/325AC0000000226/supplementary/article/3_2'
    """
    path = f"{law}{'/supplementary' if supplementary else ''}/article/{legal_number(article)}"
    if paragraph is not None:
        path += f"/paragraph/{legal_number(paragraph)}"
    if item is not None:
        path += f"/item/{legal_number(item)}"
    return URIRef(path)


def article_iri(
    law_key: str,
    article: int | str,
    *,
    paragraph: int | str | None = None,
    item: int | str | None = None,
    supplementary: bool = False,
) -> URIRef:
    """An article (条), paragraph (項) or item (号) of a law, ELI style.

    ``id/law/{key}/article/{n}[/paragraph/{n}][/item/{n}]``; 枝番 are joined with ``_``
    as e-Gov numbers them (第9条の2 → ``9_2``). An item without a paragraph is an item of the
    article's only paragraph and is written without one, as the citation does.

    >>> str(article_iri("425AC0000000027", 19, item=8))
    'https://w3id.org/mnpia/id/law/425AC0000000027/article/19/item/8'
    >>> str(article_iri("425AC0000000027", 9, paragraph=1))
    'https://w3id.org/mnpia/id/law/425AC0000000027/article/9/paragraph/1'
    >>> str(article_iri("425AC0000000027", "9_2"))
    'https://w3id.org/mnpia/id/law/425AC0000000027/article/9_2'
    """
    return legal_part_iri(
        law_iri(law_key), article, paragraph=paragraph, item=item, supplementary=supplementary
    )


def table_row_iri(
    law: URIRef | str,
    row: int | str,
    *,
    table: int | str | None = None,
    article: int | str | None = None,
) -> URIRef:
    """A row (の項) of a table of the law or ordinance ``law`` (its IRI).

    - the table of an article (主務省令第2条の表, ``article`` given):
      ``{law}/article/{a}/table/row/{r}``;
    - an appended table 別表第{t}: ``{law}/appendix-table/{t}/row/{r}``;
    - the one appended table a law cites without a number (番号法 別表 since 2024):
      ``{law}/appendix-table/row/{r}``.

    >>> str(table_row_iri(law_iri("bango-ho-19-8-meirei"), 48, article=2))
    'https://w3id.org/mnpia/id/law/bango-ho-19-8-meirei/article/2/table/row/48'
    >>> str(table_row_iri(law_iri("425AC0000000027"), 24))
    'https://w3id.org/mnpia/id/law/425AC0000000027/appendix-table/row/24'
    """
    if article is not None:
        return URIRef(f"{law}/article/{legal_number(article)}/table/row/{legal_number(row)}")
    head = "appendix-table" if table is None else f"appendix-table/{legal_number(table)}"
    return URIRef(f"{law}/{head}/row/{legal_number(row)}")


def appendix_table_row_iri(law_key: str, table: int | str | None, row: int | str) -> URIRef:
    """A row (項) of an appended table (別表第{t}, or 別表 without number): ``…/appendix-table…``.

    >>> str(appendix_table_row_iri("425AC0000000027", 1, 24))
    'https://w3id.org/mnpia/id/law/425AC0000000027/appendix-table/1/row/24'
    """
    return table_row_iri(law_iri(law_key), row, table=table)


def appendix_table_number(table: str) -> str | None:
    """The number of an appended table as a citation writes it (``別表第1`` → ``1``).

    >>> appendix_table_number("別表第2"), appendix_table_number("別表")
    ('2', None)

    Raises:
        ValueError: when ``table`` is not ``別表`` or ``別表第N``.
    """
    found = _APPENDIX_TABLE.fullmatch(table)
    if found is None:
        msg = f"not an appended table (別表, 別表第N): {table!r}"
        raise ValueError(msg)
    return found.group("n")


def staging_graph_iri(token: str) -> URIRef:
    """A store-internal staging graph (see :mod:`graph.store`); ``token`` is an opaque hex id."""
    return URIRef(STAGING_GRAPH_BASE + token)


def revision_iri(key: str, sha256: str) -> URIRef:
    """An earlier version of an assessment, by the SHA-256 of the source text it was read from.

    >>> str(revision_iri("千葉市/27", "0" * 64)).removeprefix(ID_BASE)[:36]
    'assessment/千葉市/27/revision/000000000'
    """
    return _part(key, f"revision/{_checked_sha256(sha256)}")


def revision_graph_iri(key: str, sha256: str) -> URIRef:
    """The named graph that keeps an earlier version: ``graph/revision/{key}/{sha256}``.

    Not under ``graph/assessment/``: a revision is not an assessment graph, and what it keeps is
    held as triple terms, never asserted (see :mod:`graph.revision`).

    >>> str(revision_graph_iri("千葉市/27", "0" * 64)).removeprefix(GRAPH_BASE)[:24]
    'revision/千葉市/27/00000000'
    """
    return URIRef(f"{REVISION_GRAPH_BASE}{key}/{_checked_sha256(sha256)}")


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
