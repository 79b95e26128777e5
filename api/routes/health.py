"""``/health``: the API is up and can read its store."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.models import HealthPublic

router = APIRouter(tags=["health"])


@router.get("/health", summary="Whether the API can read its store")
def health(store: StoreDep) -> HealthPublic:
    """The store path and how much it holds."""
    return HealthPublic(
        status="ok",
        store=str(store.path),
        documents=len(store.graph_names()),
        triples=store.triple_count(),
    )
