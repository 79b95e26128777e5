"""Legal provisions typed as users write them (番号法第19条第8号, 番号法19条8号,
主務省令第2条の表48の項) resolved to the legal resource IRIs of ontology/NAMING.md, for the
``legal_basis_impact`` query.

The text is read by the citation parser of the ingest layer
(:func:`ingest.citation.parse_citations`, so anything an assessment may write is understood:
full-width digits, kanji numerals, spaces, の branches) and the IRIs are minted by
:mod:`graph.iri`, the one implementation of the naming rules, the way :mod:`graph.law` mints them
for the citations of an assessment:

- a citation of table rows (別表24の項, 主務省令第2条の表48の項) names those rows: rows of the table
  of an article belong to the law that holds the table (the 主務省令 of a
  ``番号法第19条第8号に基づく主務省令第2条の表…`` chain);
- otherwise its deepest article, paragraph or item (番号法第19条第8号 → ``…/article/19/item/8``);
- a bare law name (番号法) names the whole law.

The impact query then matches every citation that cites the provision or anything beneath it.

>>> [p.label for p in text_to_provisions("番号法19条8号")]
['番号法19条8号']
>>> text_to_provisions("番号法第１９条第８号")[0].iri.endswith("/425AC0000000027/article/19/item/8")
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Final

from graph import iri
from graph.law import law_short_name
from ingest.citation import Citation, parse_citations
from ontology.lexicon import LawConcept, law_by_name
from ontology.namespace import MNPIA
from queries.catalog import QueryError
from queries.neighbourhood import municipalities
from queries.table import Cell, QueryableStore, QueryTable, bound_tables


class ProvisionError(QueryError):
    """A provision typed by a user that cannot be resolved to a legal resource IRI."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LegalProvision:
    """A legal resource a user named: its IRI and a short label."""

    iri: str
    label: str


def _law(name: str | None) -> LawConcept | None:
    return law_by_name(name) if name else None


def _law_key(concept: LawConcept) -> str:
    return concept.law_id or concept.key


def _numbered(number: str, unit: str) -> str:
    main, _, branch = number.replace("_", "の").partition("の")
    return f"{main}{unit}" + (f"の{branch}" if branch else "")


def citation_to_provisions(citation: Citation) -> list[LegalProvision]:
    """The legal resources one parsed citation names (see the module docstring).

    Raises:
        ProvisionError: the law is a local ordinance or unknown to the vocabulary, or a number
            cannot be an IRI segment.
    """
    law = _law(citation.law) or _law(citation.law_abbrev)
    if citation.local:
        msg = (
            f"{citation.text!r} is a local ordinance: name it by IRI "
            "(ordinances are minted per municipality)"
        )
        raise ProvisionError(msg)
    try:
        if citation.table is not None and citation.rows:
            return _rows(citation, law)
        if law is None:
            msg = f"the law of {citation.text!r} is not in the vocabulary of laws"
            raise ProvisionError(msg)
        if citation.article is None:
            return [LegalProvision(iri=str(iri.law_iri(_law_key(law))), label=law_short_name(law))]
        node = iri.article_iri(
            _law_key(law),
            citation.article,
            paragraph=citation.paragraph,
            item=citation.item,
            supplementary=citation.supplementary,
        )
    except ValueError as error:
        msg = f"cannot name {citation.text!r} as a legal resource: {error}"
        raise ProvisionError(msg) from error
    label = law_short_name(law) + ("附則" if citation.supplementary else "")
    label += _numbered(citation.article, "条")
    if citation.paragraph is not None:
        label += f"{citation.paragraph}項"
    if citation.item is not None:
        label += _numbered(citation.item, "号")
    return [LegalProvision(iri=str(node), label=label)]


def _rows(citation: Citation, law: LawConcept | None) -> list[LegalProvision]:
    table = citation.table or ""
    if table.isdecimal():
        holder = _law(citation.table_law) or law
        if holder is None:
            msg = f"the law that holds the table of {citation.text!r} is not in the vocabulary"
            raise ProvisionError(msg)
        base = iri.law_iri(_law_key(holder))
        return [
            LegalProvision(
                iri=str(iri.table_row_iri(base, row, article=table)),
                label=f"{law_short_name(holder)}{_numbered(table, '条')}表{_numbered(row, '項')}",
            )
            for row in citation.rows
        ]
    if law is None:
        msg = f"the law of {citation.text!r} is not in the vocabulary of laws"
        raise ProvisionError(msg)
    number = iri.appendix_table_number(table)
    shown = "別表" if number is None else f"別表第{number}の"
    base = iri.law_iri(_law_key(law))
    return [
        LegalProvision(
            iri=str(iri.table_row_iri(base, row, table=number)),
            label=f"{law_short_name(law)}{shown}{_numbered(row, '項')}",
        )
        for row in citation.rows
    ]


def text_to_provisions(text: str) -> list[LegalProvision]:
    """The legal resources named by ``text``, as a user types a provision.

    >>> [p.label for p in text_to_provisions("番号法第19条第8号に基づく主務省令第2条の表48の項")]
    ['主務省令2条表48項']
    >>> text_to_provisions("番号法")[0].iri
    'https://w3id.org/mnpia/id/law/425AC0000000027'

    Raises:
        ProvisionError: nothing in ``text`` reads as a provision of a known law.
    """
    if text.strip().startswith(("https://", "http://")):
        # Already an IRI (an ordinance's, or one copied from a query's answer): taken as it is.
        return [LegalProvision(iri=text.strip(), label=text.strip())]
    parsed = parse_citations(text)
    if not parsed.citations:
        law = law_by_name(text.strip()) if text.strip() else None
        if law is not None:
            return [LegalProvision(iri=str(iri.law_iri(_law_key(law))), label=law_short_name(law))]
        msg = (
            f"cannot read {text!r} as a legal provision: write it as an assessment does, "
            "e.g. 番号法第19条第8号, 番号法19条8号, 番号法別表24の項 or 主務省令第2条の表48の項"
        )
        raise ProvisionError(msg)
    found: dict[str, LegalProvision] = {}
    for citation in parsed.citations:
        for provision in citation_to_provisions(citation):
            found.setdefault(provision.iri, provision)
    return list(found.values())


@dataclass(frozen=True, slots=True, kw_only=True)
class Impact:
    """The flows that rest on the provisions a text names (``legal_basis_impact``, merged)."""

    text: str
    provisions: tuple[LegalProvision, ...]
    table: QueryTable
    """Rows of ``legal_basis_impact`` for every provision, one per flow and citation, ordered by
    municipality, assessment and kind."""

    def by_municipality(self) -> dict[str, list[dict[str, str | None]]]:
        """The rows grouped by municipality, in the table's order."""
        groups: dict[str, list[dict[str, str | None]]] = {}
        for record in self.table.records():
            groups.setdefault(record["municipality"] or "(unknown)", []).append(record)
        return groups


IMPACT_COLUMNS: Final = (
    "municipality",
    "title",
    "kind",
    "file_label",
    "counterpart",
    "citation",
    "cited_label",
    "purpose",
    "assessment",
    "flow",
    "cited",
)
"""The columns of ``legal_basis_impact``, which :func:`provision_flows` gives too."""


def _batched_records(
    store: QueryableStore, name: str, variable: str, values: Iterable[str]
) -> Iterator[dict[str, Cell]]:
    """The rows of named query ``name`` with ``variable`` bound to each value."""
    for table in bound_tables(store, name, [variable], [(v,) for v in sorted(values)]):
        yield from table.records()


_RDFS_LABEL: Final = "http://www.w3.org/2000/01/rdf-schema#label"
_DCT_TITLE: Final = "http://purl.org/dc/terms/title"


def _graph_values(
    store: QueryableStore, pairs: set[tuple[str, str]], prop: str
) -> dict[tuple[str, str], set[str]]:
    """(graph, node) → the values that graph gives ``prop`` of the node (``graph_values``)."""
    found: dict[tuple[str, str], set[str]] = {}
    rows = [(g, node, prop) for g, node in sorted(pairs)]
    for table in bound_tables(store, "graph_values", ["g", "node", "property"], rows):
        for row in table.records():
            if row["g"] and row["node"] and row["value"] is not None:
                found.setdefault((row["g"], row["node"]), set()).add(row["value"])
    return found


def _pairs(rows: Iterable[dict[str, Cell]], column: str) -> set[tuple[str, str]]:
    """The (graph, node) pairs of ``column`` in ``rows`` (rows lacking either left out)."""
    return {(g, node) for row in rows if (g := row["g"]) and (node := row[column])}


def _with_purposes_and_titles(
    store: QueryableStore, base: list[dict[str, Cell]]
) -> list[dict[str, Cell]]:
    """``base`` with each flow's ``purpose`` and its assessment's ``title``, read in the row's
    graph: one row per purpose and title, as ``OPTIONAL`` would give them (no purpose: unbound;
    no title: ``(no title)``)."""
    purposes = _graph_values(store, _pairs(base, "flow"), str(MNPIA.purpose))
    titles = _graph_values(store, _pairs(base, "assessment"), _DCT_TITLE)
    return [
        {**row, "purpose": purpose, "title": title}
        for row in base
        for purpose in _or_unbound(sorted(purposes.get((row["g"] or "", row["flow"] or ""), ())))
        for title in sorted(titles.get((row["g"] or "", row["assessment"] or ""), ()))
        or ["(no title)"]
    ]


def _or_unbound(values: list[str]) -> list[Cell]:
    """``values``, or one unbound value: what an OPTIONAL that matched nothing leaves."""
    return list(values) if values else [None]


def provision_resources(store: QueryableStore, provision: str) -> set[str]:
    """The provision and everything beneath it (``dct:isPartOf``, any depth): ``legal_parts``
    a level at a time, as ``?resource dct:isPartOf* ?provision`` reads it."""
    found = {provision}
    frontier = {provision}
    while frontier:
        parts = {
            row["part"]
            for row in _batched_records(store, "legal_parts", "whole", frontier)
            if row["part"]
        }
        frontier = {part for part in parts if part is not None} - found
        found |= frontier
    return found


@dataclass(slots=True)
class _Group:
    resources: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    unlabelled: bool = False


def _order(row: tuple[Cell, ...]) -> tuple[tuple[bool, str], ...]:
    """``ORDER BY ?municipality ?title ?kind ?file_label ?counterpart ?flow ?citation`` (unbound
    values first, as SPARQL orders them)."""
    at = {name: i for i, name in enumerate(IMPACT_COLUMNS)}
    keys = ("municipality", "title", "kind", "file_label", "counterpart", "flow", "citation")
    return tuple((row[at[k]] is not None, row[at[k]] or "") for k in keys)


def provision_flows(store: QueryableStore, provision: str) -> QueryTable:
    """The rows of ``legal_basis_impact`` for one provision IRI, read with small look-ups.

    The provision's parts (:func:`provision_resources`), the flows that cite them
    (``provision_flows``), the labels of the resources (``resource_labels``), the parties of
    the flows (``flow_parties``) and the file labels, purposes and titles (``graph_values``, in
    the graph that states them) are read separately and grouped here as the named query groups
    them, so the cost follows the citations of the provision, not the store. The two aggregated
    columns are sorted (``GROUP_CONCAT`` leaves their order to the engine); a resource without
    a label leaves ``cited_label`` unbound, as the aggregate of an unbound value is.
    """
    resources = provision_resources(store, provision)
    base = _with_purposes_and_titles(
        store, list(_batched_records(store, "provision_flows", "resource", resources))
    )
    file_labels = _graph_values(store, _pairs(base, "file"), _RDFS_LABEL)
    places = municipalities(store, {r["assessment"] for r in base if r["assessment"]})
    labels: dict[str, set[str]] = {}
    for row in _batched_records(store, "resource_labels", "resource", resources):
        if row["resource"] and row["label"] is not None:
            labels.setdefault(row["resource"], set()).add(row["label"])
    flows = {row["flow"] for row in base if row["flow"]}
    parties: dict[str, set[str]] = {}
    for row in _batched_records(store, "flow_parties", "flow", (f for f in flows if f)):
        if row["flow"] and row["label"] is not None:
            parties.setdefault(row["flow"], set()).add(row["label"])
    groups: dict[tuple[Cell, ...], _Group] = {}
    expanded = (
        (row, place, file_label, party)
        for row in base
        for place in sorted(places.get(row["assessment"] or "", ())) or ["(unknown)"]
        for file_label in _or_unbound(
            sorted(file_labels.get((row["g"] or "", row["file"] or ""), ()))
        )
        for party in sorted(parties.get(row["flow"] or "", ())) or [""]
    )
    for row, place, file_label, party in expanded:
        resource = row["resource"] or ""
        key = (
            place,
            row["title"],
            row["kind"],
            file_label,
            party,
            row["citation"],
            row["purpose"],
            row["assessment"],
            row["flow"],
        )
        group = groups.setdefault(key, _Group())
        group.resources.add(resource)
        named = labels.get(resource)
        if named:
            group.labels |= named
        else:
            group.unlabelled = True
    rows = [
        (
            *key[:6],
            None if group.unlabelled else ", ".join(sorted(group.labels)),
            *key[6:],
            " ".join(sorted(group.resources)),
        )
        for key, group in groups.items()
    ]
    return QueryTable(columns=IMPACT_COLUMNS, rows=tuple(sorted(rows, key=_order)))


def provision_impact(store: QueryableStore, text: str) -> Impact:
    """Every flow in every assessment that rests on the provision(s) ``text`` names.

    ``text`` is a provision as written (番号法第19条第8号, 番号法19条8号 …) or a legal resource
    IRI; the rows of ``legal_basis_impact`` are read for each provision it names
    (:func:`provision_flows`) and merged (a citation that cites two of them counts once).

    Raises:
        ProvisionError: ``text`` names no provision of a known law.
    """
    provisions = tuple(text_to_provisions(text))
    columns: tuple[str, ...] = ()
    seen: set[tuple[str | None, str | None]] = set()
    rows: list[tuple[str | None, ...]] = []
    for provision in provisions:
        answer = provision_flows(store, provision.iri)
        columns = answer.columns
        for record, row in zip(answer.records(), answer.rows, strict=True):
            key = (record["flow"], record["citation"])
            if key not in seen:
                seen.add(key)
                rows.append(row)
    if columns:
        order = [columns.index(c) for c in ("municipality", "title", "assessment", "kind", "flow")]
        rows.sort(key=lambda row: tuple(row[i] or "" for i in order))
    return Impact(
        text=text, provisions=provisions, table=QueryTable(columns=columns, rows=tuple(rows))
    )


__all__ = [
    "IMPACT_COLUMNS",
    "Impact",
    "LegalProvision",
    "ProvisionError",
    "citation_to_provisions",
    "provision_flows",
    "provision_impact",
    "provision_resources",
    "text_to_provisions",
]
