"""The HTTP API of mnpia: :func:`create_app` builds it from :class:`api.settings.Settings`.

The store is opened when the app starts (its lifespan) and closed when it stops: read-only,
unless ingestion through the API is enabled (``MNPIA_INGEST_TOKEN``). Routes get it through the
dependencies of :mod:`api.deps`. Errors are ``application/problem+json`` (:mod:`api.problem`).
``/`` is a small page for analysts (``api/static/``: plain HTML and JavaScript, no outside
resources).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api.cache import ANSWER_SECONDS, KEPT_ANSWERS, AnswerCache
from api.deps import store_changed
from api.models import ProblemPublic
from api.problem import document_problems, install_problem_handlers
from api.routes import assessments, diagrams, entities, health, lineage, page, queries, sparql
from api.routes.diagrams import KEPT_DIAGRAMS
from api.routes.sparql import DatasetCache
from api.settings import Settings
from api.source import SourceIndex
from graph.store import open_store


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI app over the store of ``settings`` (opened at start-up: read-only unless
    ``settings.ingest_token`` enables ``POST /assessments``): the embedded store, or a SPARQL
    server when ``settings.store`` is a URL (:mod:`graph.remote`).

    Raises (at start-up):
        graph.errors.StoreError: the store cannot be opened.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(
            settings.store,
            read_only=not settings.ingest_enabled,
            timeout_s=settings.store_timeout_s,
        )
        app.state.store = store
        try:
            yield
        finally:
            app.state.store = None
            store_changed(app.state)
            store.close()

    app = FastAPI(
        title="mnpia",
        summary="My Number PIAs (特定個人情報保護評価書) as a knowledge graph",
        description="A read-only SPARQL 1.1 endpoint, look-ups of assessments, entities, "
        "lineage and legal bases, diagrams, and (with a token) ingestion of assessment texts. "
        "Errors are application/problem+json (RFC 9457). A page for analysts is at /.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = None
    app.state.projection = None
    app.state.generation = 0
    app.state.sources = SourceIndex(settings.sources)
    app.state.diagrams = AnswerCache[bytes](KEPT_DIAGRAMS)
    app.state.answers = AnswerCache[object](KEPT_ANSWERS, ANSWER_SECONDS)
    app.state.datasets = DatasetCache()
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
            expose_headers=[sparql.TRUNCATED_HEADER, "Location"],
        )
    install_problem_handlers(app)
    # diagrams first: its /…/{id:path}/diagram routes would be taken by the {id:path} ones.
    for module in (page, health, sparql, diagrams, assessments, entities, lineage, queries):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=page.STATIC_DIR), name="static")
    openapi = app.openapi

    def openapi_with_problems() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_problems(openapi(), ProblemPublic.model_json_schema())
        return app.openapi_schema

    app.openapi = openapi_with_problems  # type: ignore[method-assign]
    return app
