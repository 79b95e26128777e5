"""The data-flow view of an assessment from its records (for assessments without 別添1 steps).

Part Ⅱ of the form says where each 特定個人情報ファイル comes from (入手元), who processes it
for the municipality (委託先, 再委託先), and to whom it goes (提供先, 移転先) on which legal
basis. :func:`records_to_networkx` turns that into a graph following the attribute contract of
:mod:`viz.lineage`, and :func:`records_to_dot` draws it:

* 入手元 → the file: one arrow per named source (``行政機関・独立行政法人等: 日本年金機構``), or
  per ticked category when it names none;
* the systems of Ⅰ 2 in the municipality's box (the records do not say which system holds
  which file, so systems are not tied to files), their connections to national systems and
  to each other (③他のシステムとの接続); the file → its 保管場所 (a listed or national system,
  or a place of its own);
* the file → 委託先 (labelled with the 委託事項) → 再委託先;
* the file → 提供先 and 移転先, labelled with the legal basis in short form
  (:func:`ingest.citation.citation_key`, e.g. ``番号法19条8号 表5項``); 別紙 annex recipients
  and 条例 requesters likewise.

Every system, contractor and recipient the records name is a node; crowded clusters are folded
into a note (see :func:`viz.diagram.cap_diagram`).

>>> from ingest.records import InformationFile, SourceDocument, ExtractionResult
>>> src = SourceDocument(id="x.txt", path="x.txt", sha256="0", encoding="utf-8", text="")
>>> file = InformationFile(name="○○ファイル", sources=("本人又は本人の代理人",), line=5)
>>> g = records_to_networkx(ExtractionResult(source=src, files=(file,)))
>>> sorted((g.nodes[a]["label"], g.nodes[b]["label"], k["kind"]) for a, b, k in g.edges(data=True))
[('本人又は本人の代理人', '○○ファイル', 'inbound')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import graphviz
import networkx as nx

from ingest.citation import Citation, citation_key
from ingest.records import ExtractionResult, InformationFile, Provision, Requester
from ontology.lexicon import (
    connection_kind,
    label_key,
    mentions,
    national_system,
    source_category,
)
from viz.actor import ActorContext, NodeKind, actor_kind, is_own_body, source_category_kind
from viz.diagram import DEFAULT_CLUSTER_CAP, Diagram
from viz.errors import EmptyViewError
from viz.lineage import networkx_to_diagram
from viz.render import diagram_to_dot
from viz.style import shorten

__all__ = [
    "basis_keys",
    "dataflow_caption",
    "records_to_diagram",
    "records_to_dot",
    "records_to_networkx",
]

_EDGE_RANK: Final = {
    "inbound": 0,
    "connection": 2,
    "storage": 3,
    "delegation": 4,
    "sub-delegation": 5,
    "provision": 6,
    "transfer": 7,
}
"""Order of the kinds of arrows in the DOT output (then document order)."""


def basis_keys(citations: Sequence[Citation], text: str | None = None) -> list[str]:
    """The short forms of a flow's legal bases; the text as written (cut) when none parsed.

    >>> from ingest.citation import text_to_citations
    >>> basis_keys(text_to_citations("番号法第19条第8号に基づく主務省令第2条の表5の項"))
    ['番号法19条8号 表5項']
    >>> basis_keys((), "条例第4条に基づく照会に対する提供")
    ['条例第4条に基づく照会に対する提供']
    """
    keys = list(dict.fromkeys(key for key in (citation_key(c) for c in citations) if key))
    if not keys and text:
        keys = [shorten(text, 24)]
    return keys


@dataclass
class _Builder:
    """Collects nodes and edges; ids are stable (kind and matching key of the name)."""

    context: ActorContext
    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    process_label: str = "事務担当部署"

    def node(self, node_id: str, label: str, kind: NodeKind, tooltip: str = "") -> str:
        if node_id not in self.graph:
            self.graph.add_node(node_id, label=label, kind=kind.value, tooltip=tooltip)
        return node_id

    def process(self) -> str:
        return self.node("process", self.process_label, NodeKind.PROCESS)

    def actor(self, name: str, *, default: NodeKind | None = None) -> str:
        """The node of an organisation, system or person named ``name``."""
        name = " ".join(name.split())
        if is_own_body(name, self.context):
            return self.process()
        concept = national_system(name)
        if concept is not None:
            return self.node(
                f"national/{concept.key}",
                concept.pref_label,
                NodeKind.NATIONAL_SYSTEM,
                tooltip=name,
            )
        kind = actor_kind(name, self.context)
        if kind is NodeKind.OTHER and default is not None:
            kind = default
        return self.node(f"{kind.value}/{label_key(name)}", name, kind)

    def edge(
        self, tail: str, head: str, kind: str, order: tuple[int, ...], **attrs: object
    ) -> None:
        self.graph.add_edge(tail, head, kind=kind, order=(_EDGE_RANK.get(kind, 9), *order), **attrs)


_CATEGORY_NAME: Final = re.compile(r"^(?P<category>[^:：]+)[:：]\s*(?P<name>.+)$")


def _add_sources(builder: _Builder, file: InformationFile, file_id: str) -> None:
    named: set[str] = set()
    entries: list[tuple[str, str | None]] = []
    for entry in file.sources:
        match = _CATEGORY_NAME.match(entry)
        if match:
            category = match.group("category").strip()
            named.add(label_key(category))
            for name in re.split(r"[、,，]\s*", match.group("name")):
                if name.strip():
                    entries.append((category, name.strip()))
        else:
            entries.append((entry.strip(), None))
    for i, (category, name) in enumerate(entries):
        concept = source_category(category)
        default = source_category_kind(concept.key) if concept else NodeKind.OTHER
        if name is None:
            if label_key(category) in named:
                continue  # the category's names stand for it
            key = concept.key if concept else label_key(category)
            label = concept.pref_label if concept else category
            tail = builder.node(f"source/{key}", label, default)
        else:
            tail = builder.actor(name, default=default)
        builder.edge(tail, file_id, "inbound", (file.no, i), tooltip=category)


def _system_targets(builder: _Builder, label: str, systems: dict[str, str]) -> str | None:
    """The node a ③ connection label names: a national system, or a listed system."""
    concept = national_system(label)
    kind = connection_kind(label)
    if concept is None and kind is not None:
        for iri in kind.exact_match:
            concept = national_system(iri.rsplit("/", 1)[-1]) or concept
    if concept is not None:
        return builder.actor(concept.pref_label)
    stem = label_key(label).removesuffix("等")
    if len(stem) < 2:
        return None
    for key, node_id in systems.items():
        if stem in key or key in stem:
            return node_id
    return None


def _add_systems(builder: _Builder, result: ExtractionResult) -> dict[str, str]:
    """Nodes of the systems of Ⅰ 2 and their connections; the node ids by name key."""
    systems: dict[str, str] = {}
    for system in result.systems:
        if national_system(system.name) is not None:
            node_id = builder.actor(system.name)
        else:
            key = label_key(system.name)
            node_id = builder.node(
                f"local-system/{key}",
                system.name,
                NodeKind.LOCAL_SYSTEM,
                tooltip=f"システム{system.no} (line {system.line})",
            )
        systems[label_key(system.name)] = node_id
    for system in result.systems:
        node_id = systems[label_key(system.name)]
        seen: set[str] = set()
        for label in (*system.connections, *system.connections_other):
            target = _system_targets(builder, label, systems)
            if target is None or target == node_id or target in seen:
                continue
            if builder.graph.has_edge(target, node_id):
                continue  # a connection is drawn once, both ways
            seen.add(target)
            builder.edge(node_id, target, "connection", (system.no,), tooltip=label)
    return systems


def _add_delegations(builder: _Builder, file: InformationFile, file_id: str) -> None:
    for delegation in file.delegations:
        task = delegation.name or delegation.content or f"委託事項{delegation.no}"
        if delegation.contractor:
            delegate = builder.actor(delegation.contractor, default=NodeKind.DELEGATE)
            if builder.graph.nodes[delegate]["kind"] != NodeKind.DELEGATE.value:
                delegate = builder.node(
                    f"delegate/{label_key(delegation.contractor)}",
                    delegation.contractor,
                    NodeKind.DELEGATE,
                )
        else:
            delegate = builder.node(
                f"delegate/unnamed/{file.no}/{delegation.no}",
                f"{shorten(task, 20)} の委託先",
                NodeKind.DELEGATE,
            )
        builder.edge(
            file_id,
            delegate,
            "delegation",
            (file.no, delegation.no),
            label=shorten(task, 24),
            tooltip=delegation.content or "",
        )
        subs = list(delegation.subcontractors)
        if delegation.subcontract and not subs:
            subs = [""]
        for m, name in enumerate(subs, start=1):
            if name:
                sub = builder.node(f"sub-delegate/{label_key(name)}", name, NodeKind.SUB_DELEGATE)
            else:
                sub = builder.node(
                    f"sub-delegate/unnamed/{file.no}/{delegation.no}",
                    "再委託先",
                    NodeKind.SUB_DELEGATE,
                )
            content = delegation.subcontract_content or "再委託"
            builder.edge(
                delegate,
                sub,
                "sub-delegation",
                (file.no, delegation.no, m),
                label=shorten(content, 20),
                tooltip=content,
            )


def _add_outbound(
    builder: _Builder,
    tail: str,
    flows: Sequence[Provision | Requester],
    *,
    kind: str,
    order: int,
    noun: str,
) -> None:
    for i, flow in enumerate(flows):
        if isinstance(flow, Requester):
            name: str | None = flow.name
            number = i + 1
            flow_kind = kind
        else:
            name, number = flow.recipient, flow.no
            flow_kind = "transfer" if kind == "transfer" or flow.direction == "移転" else kind
        name = " ".join((name or "").split())
        if not name:
            default = NodeKind.DEPARTMENT if flow_kind == "transfer" else NodeKind.AGENCY
            head = builder.node(f"recipient/{kind}/{order}/{number}", f"{noun}{number}", default)
        elif is_own_body(name, builder.context) or flow_kind == "transfer":
            # 移転 stays inside the assessing body, and a flow to the body itself (市長) goes to
            # another of its organs: a node inside the box, not the process node.
            found = actor_kind(name, builder.context)
            if found in (NodeKind.PROCESS, NodeKind.AGENCY, NodeKind.OTHER):
                found = NodeKind.DEPARTMENT
            head = builder.node(f"{found.value}/{label_key(name)}", name, found)
        else:
            head = builder.actor(name, default=NodeKind.AGENCY)
        builder.edge(
            tail,
            head,
            flow_kind,
            (order, i),
            basis=basis_keys(flow.basis, flow.basis_text),
            tooltip=flow.basis_text or "",
        )


def _add_storage(
    builder: _Builder, file: InformationFile, file_id: str, systems: dict[str, str]
) -> None:
    for i, place in enumerate(file.storage.places):
        for target in _storage_targets(builder, place, systems):
            builder.edge(file_id, target, "storage", (file.no, i), tooltip=place)


def _storage_targets(builder: _Builder, place: str, systems: dict[str, str]) -> list[str]:
    """The nodes a 保管場所 names: a listed or national system; else the systems it mentions
    (``○○市(Aシステム、Bシステム及び…)``); else a storage place of its own."""
    key = label_key(place)
    if key in systems:
        return [systems[key]]
    if national_system(place) is not None:
        return [builder.actor(place)]
    found = [
        node_id
        for name_key, node_id in systems.items()
        if len(_base_key(name_key)) >= _MIN_MENTION and _base_key(name_key) in key
    ]
    found += [builder.actor(c.pref_label) for c in mentions("national-systems", place)]
    if found:
        return list(dict.fromkeys(found))
    return [builder.node(f"storage/{key}", place, NodeKind.STORAGE)]


_MIN_MENTION: Final = 4
"""Shortest system name looked for inside a storage place (shorter names match by chance)."""


def _base_key(key: str) -> str:
    """A name key without its trailing parenthesis: ``業務共通システム(庁内連携…)`` → the base."""
    return re.sub(r"\([^()]*\)$", "", key)


def records_to_networkx(result: ExtractionResult) -> nx.MultiDiGraph:
    """The flows of one assessment's records as a graph (the contract of :mod:`viz.lineage`).

    Node ids are stable: ``file/<n>``, ``national/<vocabulary key>``, ``<kind>/<name key>``
    (``agency/日本年金機構``, ``local-system/収納システム``), ``process`` for the assessing
    body when something hangs from it (annex recipients of an assessment without files).
    """
    document = result.document
    delegates = [
        name
        for file in result.files
        for d in file.delegations
        for name in (d.contractor, *d.subcontractors)
        if name
    ]
    context = ActorContext(
        municipality=document.municipality,
        organisation=document.org,
        department=result.affair.department,
        systems=tuple(s.name for s in result.systems),
        delegates=tuple(delegates),
    )
    builder = _Builder(
        context=context,
        process_label=result.affair.department or result.affair.name or "事務担当部署",
    )
    systems = _add_systems(builder, result)
    file_ids: list[str] = []
    for file in result.files:
        file_id = builder.node(
            f"file/{file.no}",
            file.name,
            NodeKind.FILE,
            tooltip=f"特定個人情報ファイル (line {file.line})",
        )
        file_ids.append(file_id)
        _add_sources(builder, file, file_id)
        _add_delegations(builder, file, file_id)
        _add_outbound(
            builder, file_id, file.provisions, kind="provision", order=file.no, noun="提供先"
        )
        _add_outbound(
            builder, file_id, file.transfers, kind="transfer", order=file.no, noun="移転先"
        )
        _add_storage(builder, file, file_id, systems)
    annex_tail = file_ids[0] if len(file_ids) == 1 else None
    if result.annex_provisions or result.requesters:
        tail = annex_tail or builder.process()
        _add_outbound(
            builder, tail, result.annex_provisions, kind="provision", order=1000, noun="別紙提供先"
        )
        _add_outbound(
            builder, tail, result.requesters, kind="provision", order=2000, noun="条例照会者"
        )
    return builder.graph


def dataflow_caption(result: ExtractionResult) -> str:
    """The caption: title, データフロー, and the publication date.

    >>> from ingest.records import Document, SourceDocument
    >>> src = SourceDocument(id="x.txt", path="x.txt", sha256="0", encoding="utf-8", text="")
    >>> document = Document(title="T", published="令和7年1月1日")
    >>> dataflow_caption(ExtractionResult(source=src, document=document))
    'T データフロー(入手・委託・提供・移転) ― 令和7年1月1日'
    """
    head = result.document.title or result.source.id
    caption = f"{head} データフロー(入手・委託・提供・移転)"
    published = result.document.published
    return f"{caption} ― {published}" if published else caption


def records_to_diagram(
    result: ExtractionResult, *, per_cluster: int = DEFAULT_CLUSTER_CAP
) -> Diagram:
    """The data-flow view of one assessment as a :class:`~viz.diagram.Diagram`.

    Raises:
        EmptyViewError: when the records name no file, system or recipient.
    """
    graph = records_to_networkx(result)
    if graph.number_of_nodes() == 0:
        raise EmptyViewError(
            f"{result.document.title or result.source.id} has no files, systems or recipients "
            "to draw"
        )
    document = result.document
    return networkx_to_diagram(
        graph,
        caption=dataflow_caption(result),
        box_label=document.municipality or document.org,
        name=f"dataflow/{result.source.id}",
        per_cluster=per_cluster,
    )


def records_to_dot(
    result: ExtractionResult, *, per_cluster: int = DEFAULT_CLUSTER_CAP
) -> graphviz.Digraph:
    """The data-flow view of one assessment, as Graphviz (see :func:`records_to_diagram`).

    Raises:
        EmptyViewError: when the records name no file, system or recipient.
    """
    return diagram_to_dot(records_to_diagram(result, per_cluster=per_cluster))
