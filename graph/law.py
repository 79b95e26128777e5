"""法令上の根拠 → RDF: legal citations and the legal resources they cite (Ⅰ 5, Ⅰ 6 ②, Ⅱ 5 ①, 別紙).

A citation as written becomes a per-assessment ``mnpia:LegalCitation`` node
(``…/citation/{n}``) with its text, its parsed numbers and ``mnpia:cites`` links to *shared*
legal resources, minted ELI style by :mod:`graph.iri` so that the same article cited by two
assessments is one node:

- the law ``id/law/{法令ID}`` (or ``id/law/{vocab key}`` for a law the vocabulary knows without
  a verified 法令ID, such as the 主務省令 of 番号法第19条第8号), with ``mnpia:law`` to its concept
  of vocab/laws and ``dct:source`` to its e-Gov page when it has a 法令ID;
- a municipality's ordinance ``id/ordinance/{municipality}/{name}`` (条例 have no 法令ID);
- its articles, paragraphs and items (``…/article/19/item/8``), 附則 articles
  (``…/supplementary/article/3_2``), rows of an appended table (``…/appendix-table/1/row/24``,
  ``…/appendix-table/row/24`` for a 別表 without number) and rows of the table of an article
  (``…/article/2/table/row/48``: rows of the 主務省令第2条の表 belong to the 主務省令, even when
  the citation reads 番号法第19条第8号に基づく主務省令第2条の表48の項).

Each resource is typed (``mnpia:Law``/``Ordinance``/``Article``/``Paragraph``/``Item``/
``AppendedTableRow``), labelled with a short form (``番号法19条8号``, ``主務省令2条表48項``),
linked to its law (``mnpia:law``) and to its parent (``dct:isPartOf``).

A citation ``mnpia:cites`` each table row it names and the deepest of its article, paragraph and
item (``番号法第9条第1項 別表24の項`` cites ``…/article/9/paragraph/1`` and
``…/appendix-table/row/24``), or the law itself when it names no part. A law the vocabulary does
not know (``政令``, an unlisted 施行規則) gets no IRI — its name alone is ambiguous — and the
citation keeps its name in ``mnpia:lawName``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from graph import iri
from graph.context import MappingContext, Triple, literal, text
from ingest.citation import Citation, citation_key
from ontology.lexicon import LawConcept, law_by_name
from ontology.namespace import MNPIA

__all__ = [
    "LawRef",
    "LegalResource",
    "citation_resources",
    "citation_to_triples",
    "citations_to_triples",
    "law_short_name",
    "linkage_to_triples",
    "use_basis_to_triples",
]

_NOT_SHORT: re.Pattern[str] = re.compile(r"[0-9０-９条第]")


@dataclass(frozen=True, slots=True)
class LawRef:
    """A cited law as the graph names it."""

    iri: URIRef
    """``id/law/{key}`` or ``id/ordinance/{municipality}/{name}``."""
    concept: URIRef
    """The concept of vocab/laws; an ordinance is its own concept."""
    short: str
    """The short name used in labels (番号法, 主務省令, the ordinance's name)."""
    title: str
    """The full title."""
    law_id: str | None
    ordinance: bool


@dataclass(frozen=True, slots=True)
class LegalResource:
    """A law, article, paragraph, item or table row, with its place in the law."""

    iri: URIRef
    kind: URIRef
    label: str
    law: LawRef
    parent: URIRef | None


def law_short_name(concept: LawConcept) -> str:
    """The short name of a law for labels: its shortest abbreviation without numbers, or its title.

    Ties go to the abbreviation listed first, so that the label of a shared node is the same
    whichever assessment states it.

    >>> law = law_by_name("番号法")
    >>> law_short_name(law)
    '番号法'
    >>> law_short_name(law_by_name("提供省令")), law_short_name(law_by_name("地方税法"))
    ('主務省令', '地方税法')
    """
    candidates = [a for a in concept.alt_labels if not _NOT_SHORT.search(a)]
    if not candidates:
        return concept.pref_label
    return min(candidates, key=len)


def _law_ref(
    ctx: MappingContext, title: str | None, *, local: bool, abbrev: str | None
) -> LawRef | None:
    """The law a citation names: a law of the vocabulary, or a local ordinance, or None."""
    concept = law_by_name(title) if title else None
    if concept is None and abbrev:
        concept = law_by_name(abbrev)
    if concept is not None:
        law_key = concept.law_id or concept.key
        return LawRef(
            iri=iri.law_iri(law_key),
            concept=URIRef(concept.iri),
            short=law_short_name(concept),
            title=concept.pref_label,
            law_id=concept.law_id,
            ordinance=False,
        )
    name = text(abbrev)
    if local and name is not None:
        node = iri.ordinance_iri(name, municipality=ctx.result.document.municipality, key=ctx.key)
        return LawRef(iri=node, concept=node, short=name, title=name, law_id=None, ordinance=True)
    return None


def _numbered(number: str, unit: str) -> str:
    """``"30の9"``, ``"条"`` → ``"30条の9"`` (how a short label writes a branch number)."""
    main, _, branch = number.replace("_", "の").partition("の")
    return f"{main}{unit}" + (f"の{branch}" if branch else "")


def _law_resource(law: LawRef) -> LegalResource:
    kind = MNPIA.Ordinance if law.ordinance else MNPIA.Law
    return LegalResource(law.iri, kind, law.short, law, None)


def _part_resources(law: LawRef, citation: Citation) -> list[LegalResource]:
    """The article, paragraph and item a citation names (outermost first); [] when none."""
    article = citation.article
    if article is None:
        return []
    supplementary = citation.supplementary
    head = law.short + ("附則" if supplementary else "")
    label = head + _numbered(article, "条")
    found = [
        LegalResource(
            iri.legal_part_iri(law.iri, article, supplementary=supplementary),
            MNPIA.Article,
            label,
            law,
            law.iri,
        )
    ]
    if citation.paragraph is not None:
        label += f"{citation.paragraph}項"
        node = iri.legal_part_iri(
            law.iri, article, paragraph=citation.paragraph, supplementary=supplementary
        )
        found.append(LegalResource(node, MNPIA.Paragraph, label, law, found[-1].iri))
    if citation.item is not None:
        label += _numbered(citation.item, "号")
        node = iri.legal_part_iri(
            law.iri,
            article,
            paragraph=citation.paragraph,
            item=citation.item,
            supplementary=supplementary,
        )
        found.append(LegalResource(node, MNPIA.Item, label, law, found[-1].iri))
    return found


def _row_resources(
    ctx: MappingContext, law: LawRef | None, citation: Citation
) -> list[LegalResource]:
    """The table rows a citation names, with the article that holds an article's table."""
    table = citation.table
    if table is None or not citation.rows:
        return []
    if table.isdecimal():
        # 第N条の表: the table of article N of the 主務省令 named in the chain, or of the law.
        holder = law
        if citation.table_law is not None:
            holder = _law_ref(ctx, citation.table_law, local=False, abbrev=None)
        if holder is None:
            return []
        article = LegalResource(
            iri.legal_part_iri(holder.iri, table),
            MNPIA.Article,
            f"{holder.short}{_numbered(table, '条')}",
            holder,
            holder.iri,
        )
        rows = [
            LegalResource(
                iri.table_row_iri(holder.iri, row, article=table),
                MNPIA.AppendedTableRow,
                f"{holder.short}{_numbered(table, '条')}表{_numbered(row, '項')}",
                holder,
                article.iri,
            )
            for row in citation.rows
        ]
        return [article, *rows]
    if law is None:
        return []
    number = iri.appendix_table_number(table)
    shown = "別表" if number is None else f"別表第{number}の"
    return [
        LegalResource(
            iri.table_row_iri(law.iri, row, table=number),
            MNPIA.AppendedTableRow,
            f"{law.short}{shown}{_numbered(row, '項')}",
            law,
            law.iri,
        )
        for row in citation.rows
    ]


def citation_resources(
    ctx: MappingContext, citation: Citation
) -> tuple[LawRef | None, list[LegalResource], list[LegalResource]]:
    """The law of ``citation``, the resources it cites, and every resource to state.

    Numbers that cannot be an IRI segment (a numeral OCR left unreadable) leave those parts
    out; the citation keeps them as literals.
    """
    law = _law_ref(ctx, citation.law, local=citation.local, abbrev=citation.law_abbrev)
    try:
        parts = _part_resources(law, citation) if law is not None else []
    except ValueError:
        parts = []
    try:
        rows = _row_resources(ctx, law, citation)
    except ValueError:
        rows = []
    cited = [r for r in rows if r.kind == MNPIA.AppendedTableRow]
    if parts:
        cited.insert(0, parts[-1])
    if not cited and law is not None:
        cited = [_law_resource(law)]
    laws = {r.law.iri: _law_resource(r.law) for r in [*parts, *rows, *cited]}
    if law is not None:
        laws.setdefault(law.iri, _law_resource(law))
    everything = {r.iri: r for r in [*laws.values(), *parts, *rows]}
    return law, cited, [everything[k] for k in sorted(everything)]


def _resource_triples(resource: LegalResource) -> Iterator[Triple]:
    node = resource.iri
    yield node, RDF.type, resource.kind
    yield node, RDFS.label, Literal(resource.label)
    law = resource.law
    if resource.parent is None:
        if not law.ordinance:
            yield node, MNPIA.law, law.concept
    else:
        yield node, MNPIA.law, law.concept
        yield node, DCTERMS.isPartOf, resource.parent
    if law.law_id is not None:
        if resource.parent is None:
            yield node, MNPIA.lawId, Literal(law.law_id)
        yield node, DCTERMS.source, iri.law_source_iri(law.law_id)


def _number_literal(value: str | None) -> Literal | None:
    """A legal number as a string literal, branch numbers as e-Gov writes them (30の9 → 30_9)."""
    if value is None:
        return None
    try:
        return Literal(iri.legal_number(value))
    except ValueError:
        return literal(value)


def citation_to_triples(
    ctx: MappingContext, citation: Citation, n: int, line: int | None
) -> tuple[URIRef, list[Triple]]:
    """The LegalCitation node ``…/citation/{n}`` of ``citation`` and every triple it needs.

    ``line`` is where the citation starts (``Citation.line``, else the line of the item that
    states it).
    """
    node = iri.citation_iri(ctx.key, n)
    at = citation.line if citation.line is not None else line
    ctx.mention(node, at)
    triples: list[Triple] = [
        (node, RDF.type, MNPIA.LegalCitation),
        (node, MNPIA.citationText, Literal(citation.text)),
    ]
    label = citation_key(citation)
    if label:
        triples.append((node, RDFS.label, Literal(label)))
    if (name := literal(citation.law_abbrev)) is not None:
        triples.append((node, MNPIA.lawName, name))
    law, cited, resources = citation_resources(ctx, citation)
    if law is not None:
        triples.append((node, MNPIA.law, law.concept))
    if (article := _number_literal(citation.article)) is not None:
        triples.append((node, MNPIA.articleNo, article))
    if citation.paragraph is not None and citation.paragraph.isdecimal():
        triples.append((node, MNPIA.paragraphNo, Literal(int(citation.paragraph))))
    if (item := _number_literal(citation.item)) is not None:
        triples.append((node, MNPIA.itemNo, item))
    if (table := literal(citation.table)) is not None:
        triples.append((node, MNPIA.tableNo, table))
    for row in citation.rows:
        if (number := _number_literal(row)) is not None:
            triples.append((node, MNPIA.rowNo, number))
    for resource in resources:
        ctx.mention(resource.iri, at)
        triples += _resource_triples(resource)
    triples += [(node, MNPIA.cites, resource.iri) for resource in cited]
    return node, triples


def citations_to_triples(
    ctx: MappingContext,
    citations: Iterable[Citation],
    path: tuple[str | int, ...],
    *,
    owner: URIRef,
    predicate: URIRef,
    line: int | None,
) -> Iterator[Triple]:
    """The citations at ``path`` of the records, each linked from ``owner`` by ``predicate``."""
    for i, citation in enumerate(citations):
        node, triples = citation_to_triples(ctx, citation, ctx.citation_no(*path, i), line)
        yield from triples
        yield owner, predicate, node


def use_basis_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """Ⅰ 5 個人番号の利用 法令上の根拠: ``mnpia:numberUseBasis`` citations of the assessment."""
    yield from citations_to_triples(
        ctx,
        ctx.result.mynumber_use_basis,
        ("use",),
        owner=ctx.assessment,
        predicate=MNPIA.numberUseBasis,
        line=None,
    )


def linkage_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """Ⅰ 6 情報提供ネットワークシステムによる情報連携: ①実施の有無 and ②法令上の根拠."""
    linkage = ctx.result.network_linkage
    if (status := literal(linkage.status)) is not None:
        ctx.mention(ctx.assessment, linkage.line)
        yield ctx.assessment, MNPIA.networkLinkage, status
    yield from citations_to_triples(
        ctx,
        linkage.basis,
        ("linkage",),
        owner=ctx.assessment,
        predicate=MNPIA.linkageBasis,
        line=linkage.line,
    )
