"""The HTTP API of mnpia: :func:`create_app` builds it from :class:`api.settings.Settings`.

The store is opened read-only when the app starts (its lifespan) and closed when it stops;
routes get it through the dependencies of :mod:`api.deps`. Errors are
``application/problem+json`` (:mod:`api.problem`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.problem import install_problem_handlers
from api.routes import assessments, entities, health, lineage, queries, sparql
from api.settings import Settings
from graph.store import open_store


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI app over the store of ``settings`` (opened read-only at start-up).

    Raises (at start-up):
        graph.errors.StoreError: the store cannot be opened.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings.store, read_only=True)
        app.state.store = store
        try:
            yield
        finally:
            app.state.store = None
            app.state.projection = None
            app.state.sparql_db = None
            store.close()

    app = FastAPI(
        title="mnpia",
        summary="My Number PIAs (特定個人情報保護評価書) as a knowledge graph",
        description="A read-only SPARQL 1.1 endpoint and look-ups of assessments, entities, "
        "lineage and legal bases. Errors are application/problem+json (RFC 9457).",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = None
    app.state.projection = None
    app.state.sparql_db = None
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
            expose_headers=[sparql.TRUNCATED_HEADER],
        )
    install_problem_handlers(app)
    for module in (health, sparql, assessments, entities, lineage, queries):
        app.include_router(module.router)
    return app
