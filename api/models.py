"""The JSON shapes of the look-up routes (pydantic, documented in the OpenAPI schema)."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class _Public(BaseModel):
    model_config = ConfigDict(frozen=True)


class PagePublic(_Public, Generic[T]):
    """One page of a long list."""

    total: int = Field(description="Items in the whole list.")
    limit: int
    offset: int
    items: list[T]


class ProblemPublic(BaseModel):
    """An error (RFC 9457 ``application/problem+json``); routes add members of their own."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="A URI naming the kind of problem.")
    title: str
    status: int
    detail: str = Field(description="What went wrong this time (the parser's message …).")
    instance: str | None = Field(default=None, description="The path of the request.")


class HealthPublic(_Public):
    """Whether the API can read its store."""

    status: Literal["ok"]
    store: str
    documents: int
    triples: int


class AssessmentPublic(_Public):
    """An assessment held by the store."""

    id: str = Field(description="The assessment key (千葉市/27), usable in /assessments/{id}.")
    iri: str
    graph: str
    title: str | None
    municipality: str | None
    number: str | None
    status: str | None = Field(description="Extraction status: success, partial or failure.")
    triples: int
    source: str | None = Field(description="File name of the source text.")


class IssuePublic(_Public):
    """An extraction issue of an assessment."""

    code: str | None
    message: str | None
    form_ref: str | None
    line: int | None


class SystemPublic(_Public):
    """A system of an assessment (Ⅰ 2) and what it connects to."""

    system: str | None
    system_no: str | None
    label: str | None
    kind: str | None
    connects_to: str | None


class AssessmentDetailPublic(AssessmentPublic):
    """An assessment with its systems and extraction issues."""

    systems: list[SystemPublic]
    issues: list[IssuePublic]


class IngestedPublic(AssessmentDetailPublic):
    """An assessment just ingested through ``POST /assessments``."""

    replaced: bool = Field(description="Whether it replaced a version of the same assessment.")
    text_kept: bool = Field(
        description="Whether its text was saved into MNPIA_SOURCES (for the flow diagrams)."
    )


class CandidatePublic(_Public):
    """An entity a name may denote."""

    node: str
    label: str
    kind: str
    municipalities: list[str]
    score: float = 100.0


class EntitySearchPublic(PagePublic[CandidatePublic]):
    """Entities found by a name as users type it."""

    q: str | None
    match: Literal["all", "exact", "candidates", "suggestions"] = Field(
        description="all: no q; exact: one entity; candidates: several match; "
        "suggestions: none matches, the closest names."
    )


class EntityPublic(_Public):
    """One entity of the lineage projection."""

    node: str
    label: str
    kind: str
    assessments: list[str]
    municipalities: list[str]
    alt_labels: list[str]
    owner: str | None
    data_items: list[str]
    upstream: int = Field(description="Distinct nodes with an edge into this one.")
    downstream: int = Field(description="Distinct nodes this one has an edge to.")


class EdgePublic(_Public):
    """An edge of the projection: a flow, delegation, connection …"""

    source: str
    target: str
    kind: str
    assessment: str
    fact: str
    line: int | None
    label: str | None = None
    information: str | None = None
    basis: list[str] = []
    cites: list[str] = []
    methods: list[str] = []
    via: list[str] = []
    parent: str | None = None


class LineageNodePublic(_Public):
    """A node reached by a lineage."""

    node: str
    label: str
    kind: str
    hops: int
    direction: Literal["up", "down", "both"]
    municipalities: list[str]


class TruncationPublic(_Public):
    """What the depth left out."""

    depth: int
    left_out: int
    left_out_by_hops: list[tuple[int, int]]
    frontier: list[str]
    truncated: bool


class StartPublic(_Public):
    """The start of a lineage."""

    node: str
    label: str
    kind: str


class ScopePublic(_Public):
    """The municipality whose assessments a lineage or a path followed."""

    municipality: str
    assessments: list[str]


class LineagePublic(_Public):
    """Upstream or downstream lineage of an entity to a depth."""

    start: StartPublic
    direction: Literal["up", "down", "both"]
    depth: int
    nodes: list[LineageNodePublic]
    edges: list[EdgePublic]
    truncation: TruncationPublic
    scope: ScopePublic | None = None
    """None: the flows of every assessment were followed."""


class ProvisionPublic(_Public):
    """A legal provision."""

    iri: str
    label: str


class ImpactGroupPublic(_Public):
    """The flows of one municipality that rest on the provision."""

    municipality: str
    assessments: int
    flows: list[dict[str, str | None]]


class ImpactPublic(_Public):
    """Every flow that rests on a legal provision, by municipality."""

    text: str
    provisions: list[ProvisionPublic]
    flows: int
    municipalities: list[ImpactGroupPublic]


class PathHopPublic(_Public):
    """One hop of a path, with the legal bases of its edges."""

    source: str
    source_label: str
    target: str
    target_label: str
    forward: bool
    bases: list[str]
    edges: list[EdgePublic]


class PathPublic(_Public):
    """The shortest path between two entities."""

    source: str
    target: str
    connected: bool
    directed: bool | None
    hops: list[PathHopPublic]
    scope: ScopePublic | None = None
    """None: the flows of every assessment were crossed."""


class QueryParamPublic(_Public):
    """A parameter of a named query."""

    name: str
    kind: str
    optional: bool
    doc: str


class NamedQueryPublic(_Public):
    """A named SPARQL query."""

    name: str
    description: str
    params: list[QueryParamPublic]
    columns: list[str]
    example: str | None


class QueryResultPublic(_Public):
    """One page of the rows of a named query."""

    name: str
    columns: list[str]
    total: int
    limit: int
    offset: int
    rows: list[dict[str, str | None]]
