"""Entities found by name as users type them: Japanese, full- or half-width, with or without
spaces, with 株式会社 or (株) or neither, whole or in part.

:func:`find_entity` resolves a name to one node of the projection (:mod:`queries.projection`), in
this order, stopping at the first step that finds something:

1. the text is the IRI of a node;
2. exact match of the name's key (:func:`name_key`) with a node's label, other labels (the
   spellings of a national system) or label qualified by its municipality (``千葉市 税務システム``);
3. the key is part of one of those (``中間サーバー`` → 中間サーバー・プラットフォーム);
4. fuzzy match (rapidfuzz) for typos and OCR-like damage (``住民記緑システム``).

:func:`find_entity_in_store` does the same against the store without projecting it: an IRI or a
name written exactly as a label is an index look-up (``entities_named``); only other names need
the index of every name (``lineage_nodes``).

When a step finds several nodes the name is ambiguous: :class:`AmbiguousEntityError` lists them
(label, kind, municipalities, IRI) so the user can qualify the name or pass the IRI. When nothing
matches, :class:`EntityNotFoundError` says so and suggests the closest names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import networkx as nx
import pyoxigraph as ox
from rapidfuzz import fuzz, process

from graph.entity import COMPANY_TYPES, canonical_organisation_name
from ontology.lexicon import label_key
from queries.catalog import QueryError, is_iri, load_query, values_text
from queries.neighbourhood import describe_nodes, hops_to_networkx
from queries.projection import NodeKind, node_data, tables_to_networkx
from queries.table import QueryableStore, QueryTable, answer_of, run_query

FUZZY_CUTOFF: Final = 80.0
"""Least rapidfuzz score (0–100) for a fuzzy match."""
FUZZY_MARGIN: Final = 5.0
"""A fuzzy match wins alone only when it beats the next node by this much."""
SUGGESTION_CUTOFF: Final = 40.0
SEARCHABLE_KINDS: Final[frozenset[NodeKind]] = frozenset(
    {
        "national-system",
        "local-system",
        "file",
        "process",
        "delegate",
        "sub-delegate",
        "department",
        "organisation",
        "source-category",
    }
)
"""Kinds a name can denote (flow steps are found by their text only through the queries)."""

_COMPANY_TYPES: Final = re.compile(
    "|".join(re.escape(label_key(t)) for t in sorted(COMPANY_TYPES, key=len, reverse=True))
)


def name_key(text: str) -> str:
    """The matching key of a name: canonical organisation spelling, then the lexicon's key
    (:func:`ontology.lexicon.label_key`: width, case, spaces, middle dots, long vowels,
    brackets), then legal-entity types (株式会社, 有限会社 …) removed.

    >>> name_key("(株)ＡＢＣ システムズ") == name_key("ABCシステムズ株式会社") == "abcシステムズ"
    True
    >>> name_key("中間サーバ・プラットフォーム") == name_key("中間サーバー プラットフォーム")
    True
    """
    key = label_key(canonical_organisation_name(text))
    return _COMPANY_TYPES.sub("", key) or key


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A node a name may denote."""

    node: str
    label: str
    kind: NodeKind
    municipalities: tuple[str, ...]
    score: float = 100.0

    def describe(self) -> str:
        """One line for a list of candidates: label, kind, where, IRI."""
        where = ", ".join(self.municipalities) or "—"
        return f"{self.label}  [{self.kind}; {where}]  {self.node}"


class EntityError(QueryError):
    """A name that does not denote exactly one entity."""


class EntityNotFoundError(EntityError):
    """No entity matches the name."""

    def __init__(self, name: str, suggestions: tuple[Candidate, ...]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = ""
        if suggestions:
            hint = "; closest names: " + ", ".join(c.label for c in suggestions)
        super().__init__(f"no entity matches {name!r}{hint}")


class AmbiguousEntityError(EntityError):
    """Several entities match the name."""

    def __init__(self, name: str, candidates: tuple[Candidate, ...]) -> None:
        self.name = name
        self.candidates = candidates
        listed = "\n".join(f"  {c.describe()}" for c in candidates)
        super().__init__(
            f"{name!r} matches {len(candidates)} entities; qualify the name (e.g. with the "
            f"municipality) or give the IRI:\n{listed}"
        )


def _candidate(graph: nx.MultiDiGraph, node: str, score: float = 100.0) -> Candidate:
    data = node_data(graph, node)
    return Candidate(
        node=node,
        label=data.label,
        kind=data.kind,
        municipalities=data.municipalities,
        score=score,
    )


def node_keys(graph: nx.MultiDiGraph, node: str) -> set[str]:
    """Every key under which ``node`` can be found: its labels, qualified by municipality too."""
    data = node_data(graph, node)
    names = {data.label, *data.alt_labels}
    owners = {*data.municipalities, *([data.owner] if data.owner else [])}
    keys = {name_key(name) for name in names}
    keys |= {name_key(owner + name) for owner in owners for name in names}
    return {key for key in keys if key}


def _searchable(graph: nx.MultiDiGraph, kinds: Iterable[NodeKind] | None) -> dict[str, set[str]]:
    wanted = SEARCHABLE_KINDS if kinds is None else frozenset(kinds)
    return {
        node: node_keys(graph, node)
        for node in sorted(graph.nodes)
        if graph.nodes[node].get("kind") in wanted
    }


def _one(
    graph: nx.MultiDiGraph, name: str, nodes: Iterable[str], scores: dict[str, float] | None = None
) -> str:
    found = sorted(set(nodes))
    if len(found) == 1:
        return found[0]
    candidates = tuple(
        sorted(
            (_candidate(graph, n, (scores or {}).get(n, 100.0)) for n in found),
            key=lambda c: (-c.score, c.label, c.node),
        )
    )
    raise AmbiguousEntityError(name, candidates)


def find_entity(
    graph: nx.MultiDiGraph, name: str, *, kinds: Iterable[NodeKind] | None = None
) -> str:
    """The node that ``name`` denotes (see the module docstring for the order of the steps).

    Args:
        graph: the projection of :func:`queries.projection.store_to_networkx`.
        name: what the user typed, or a node IRI.
        kinds: the kinds of node to consider (default :data:`SEARCHABLE_KINDS`).

    Raises:
        AmbiguousEntityError: several nodes match at the first step that matches.
        EntityNotFoundError: nothing matches.
    """
    text = name.strip()
    if text in graph and (kinds is None or graph.nodes[text].get("kind") in set(kinds)):
        return text
    key = name_key(text)
    index = _searchable(graph, kinds)
    if not key:
        raise EntityNotFoundError(name, ())
    exact = [node for node, keys in index.items() if key in keys]
    if exact:
        return _one(graph, name, exact)
    partial = [node for node, keys in index.items() if any(key in k for k in keys)]
    if partial:
        return _one(graph, name, partial)
    scores = _fuzzy_scores(key, index)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if ranked and ranked[0][1] >= FUZZY_CUTOFF:
        best = ranked[0][1]
        close = [node for node, score in ranked if score >= best - FUZZY_MARGIN]
        return _one(graph, name, close, scores)
    suggestions = tuple(
        _candidate(graph, node, score) for node, score in ranked[:5] if score >= SUGGESTION_CUTOFF
    )
    raise EntityNotFoundError(name, suggestions)


def named_nodes(store: QueryableStore, label: str) -> list[str]:
    """The nodes labelled exactly ``label`` (untagged or ``@ja``): the ``entities_named`` query."""
    rows = [[ox.Literal(label)], [ox.Literal(label, language="ja")]]
    answer = answer_of(store.query(values_text(load_query("entities_named"), ["label"], rows)))
    if not isinstance(answer, QueryTable):  # pragma: no cover - a SELECT query
        return []
    return [row[0] for row in answer.rows if row[0]]


def name_graph(store: QueryableStore) -> nx.MultiDiGraph:
    """Every node of the lineage graph with its names, and no edges: what names are looked up in."""
    no_edges = QueryTable(columns=(), rows=())
    return tables_to_networkx(run_query(store, "lineage_nodes"), no_edges)


def find_entity_in_store(
    store: QueryableStore, name: str, *, kinds: Iterable[NodeKind] | None = None
) -> str:
    """:func:`find_entity` against the store (see the module docstring).

    Raises:
        AmbiguousEntityError: several nodes match at the first step that matches.
        EntityNotFoundError: nothing matches.
    """
    text = name.strip()
    wanted = SEARCHABLE_KINDS if kinds is None else frozenset(kinds)
    if is_iri(text):
        described = describe_nodes(store, [text])
        if text in described and (kinds is None or described[text].kind in wanted):
            return text
    if text:
        described = describe_nodes(store, named_nodes(store, text))
        matches = {node: data for node, data in described.items() if data.kind in wanted}
        if len(matches) == 1:
            return next(iter(matches))
        if matches:
            return find_entity(hops_to_networkx(matches, (), matches, {}), name, kinds=kinds)
    return find_entity(name_graph(store), name, kinds=kinds)


def _fuzzy_scores(key: str, index: dict[str, set[str]]) -> dict[str, float]:
    """The best rapidfuzz ratio of ``key`` against each node's keys."""
    choices = [(node, k) for node, keys in index.items() for k in sorted(keys)]
    scores: dict[str, float] = {}
    for _choice, score, position in process.extract(
        key, [k for _node, k in choices], scorer=fuzz.ratio, limit=None
    ):
        node = choices[position][0]
        scores[node] = max(scores.get(node, 0.0), float(score))
    return scores


__all__ = [
    "FUZZY_CUTOFF",
    "SEARCHABLE_KINDS",
    "AmbiguousEntityError",
    "Candidate",
    "EntityError",
    "EntityNotFoundError",
    "find_entity",
    "find_entity_in_store",
    "name_graph",
    "name_key",
    "named_nodes",
    "node_keys",
]
