"""``/``: the page for analysts (``api/static/index.html`` and its script and style sheet).

The page is plain HTML with a little JavaScript that calls the API of the same server; it loads
nothing from elsewhere, and its Content-Security-Policy says so to the browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from fastapi import APIRouter
from fastapi.responses import FileResponse

router = APIRouter(tags=["page"])

STATIC_DIR: Final = Path(__file__).resolve().parents[1] / "static"
"""The page's files, shipped as package data of :mod:`api`."""

CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""Only this server's script, style sheet and API; inline styles for Graphviz's SVG."""


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    """The page for analysts."""
    return FileResponse(
        STATIC_DIR / "index.html",
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-cache",
        },
    )
