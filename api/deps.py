"""FastAPI dependencies: the settings, the store and its networkx projection.

The app opens the store once (read-only) in its lifespan and keeps it in ``app.state``; routes
get it through :func:`get_store`, so tests can override it with ``app.dependency_overrides``.
The projection is computed on first use and kept: the store changes only through
``POST /assessments``, which calls :func:`store_changed`.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

import networkx as nx
from fastapi import Depends, Request

from api.problem import ProblemError
from api.settings import Settings
from graph.errors import GraphError
from graph.store import GraphStore
from queries.projection import store_to_networkx

_projection_lock = threading.Lock()


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> GraphStore:
    """The store the app opened."""
    store: GraphStore | None = getattr(request.app.state, "store", None)
    if store is None:
        raise ProblemError(503, "Store unavailable", "the store is not open", kind="no-store")
    return store


def get_graph(
    request: Request, store: Annotated[GraphStore, Depends(get_store)]
) -> nx.MultiDiGraph:
    """The networkx projection of the store (computed once per app)."""
    state = request.app.state
    with _projection_lock:
        graph: nx.MultiDiGraph | None = getattr(state, "projection", None)
        if graph is None:
            try:
                graph = store_to_networkx(store)
            except GraphError as error:
                raise ProblemError(
                    503, "Store unreadable", str(error), kind="store-unreadable"
                ) from error
            state.projection = graph
    return graph


def store_changed(state: Any) -> None:
    """Forget what was computed from the store (after an ingestion through the API).

    ``state`` is the app's ``app.state``: its projection is dropped, its ``generation`` (part of
    every cache key) goes up and the caches of rendered diagrams, dataset copies and look-up answers
    are emptied.
    """
    with _projection_lock:
        state.projection = None
        state.generation = getattr(state, "generation", 0) + 1
    for name in ("diagrams", "datasets", "answers"):
        cache = getattr(state, name, None)
        if cache is not None:
            cache.clear()


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
GraphDep = Annotated[nx.MultiDiGraph, Depends(get_graph)]
