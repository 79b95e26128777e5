"""``/health``: the API is up and can read its store."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.models import HealthPublic

router = APIRouter(tags=["health"])


@router.get("/health", summary="Whether the API can read its store")
def health(store: StoreDep) -> HealthPublic:
    """The store (its folder, or its server's URL) and how much it holds."""
    return HealthPublic(
        status="ok",
        store=store.location,
        documents=len(store.graph_names()),
        triples=store.triple_count(),
    )
