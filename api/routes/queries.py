"""``/queries``: the named SPARQL queries of :mod:`queries`, run with bound parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import StoreDep
from api.models import NamedQueryPublic, QueryParamPublic, QueryResultPublic
from api.problem import ProblemError
from queries import NamedQuery, QueryError, named_queries, run_query

router = APIRouter(tags=["queries"])

_PAGING = {"limit", "offset"}


def named_to_public(named: NamedQuery) -> NamedQueryPublic:
    """The JSON of a named query's contract."""
    return NamedQueryPublic(
        name=named.name,
        description=named.description,
        params=[
            QueryParamPublic(name=p.name, kind=p.kind, optional=p.optional, doc=p.doc)
            for p in named.params
        ],
        columns=list(named.columns),
        example=named.example,
    )


@router.get("/queries", summary="The named queries and their parameters")
def list_queries() -> list[NamedQueryPublic]:
    """Every named query, by name."""
    return [named_to_public(q) for q in sorted(named_queries().values(), key=lambda q: q.name)]


@router.get(
    "/queries/{name}",
    summary="Run a named query; its parameters are query parameters (?assessment=…)",
    responses={
        404: {"description": "Unknown query (problem+json)"},
        400: {"description": "Unknown or invalid parameter (problem+json)"},
    },
)
def run_named_query(
    name: str,
    request: Request,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> QueryResultPublic:
    """The rows of the query, one page at a time."""
    if name not in named_queries():
        known = ", ".join(sorted(named_queries()))
        raise ProblemError(
            404, "Unknown query", f"no named query {name!r} (known: {known})", kind="unknown-query"
        )
    params = {k: v for k, v in request.query_params.items() if k not in _PAGING}
    try:
        table = run_query(store, name, params)
    except QueryError as error:
        raise ProblemError(
            400, "Invalid parameter", str(error), kind="invalid-parameter"
        ) from error
    records = table.records()
    return QueryResultPublic(
        name=name,
        columns=list(table.columns),
        total=len(records),
        limit=limit,
        offset=offset,
        rows=records[offset : offset + limit],
    )
