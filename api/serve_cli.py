"""``mnpia serve``: the HTTP API (:func:`api.app.create_app`) under uvicorn.

This module registers its command on :data:`api.cli.app` when imported; ``api/cli.py`` imports
it at its end.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from api.app import create_app
from api.cli import EXIT_STORE, EXIT_USAGE, app, fail, state
from api.settings import SettingsError, settings_from_env
from graph.errors import GraphError
from graph.store import open_store, store_location


@app.command("serve")
def serve_command(
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            "-s",
            help="Path of the store, or the URL of a SPARQL server (default: the global --store).",
        ),
    ] = None,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535)] = 8000,
    sources: Annotated[
        list[Path] | None,
        typer.Option(
            "--sources",
            help="A folder of the assessment texts (repeatable; default: MNPIA_SOURCES): "
            "the flow and data-flow diagrams are drawn from them.",
        ),
    ] = None,
) -> None:
    """Serve the SPARQL endpoint, the look-ups, the diagrams and the page for analysts.

    The store is opened read-only unless ``MNPIA_INGEST_TOKEN`` enables ingestion through
    ``POST /assessments``. Settings come from ``MNPIA_*`` (see :mod:`api.settings`);
    ``--store`` wins over ``MNPIA_STORE`` and ``--sources`` over ``MNPIA_SOURCES``.
    """
    try:
        settings = settings_from_env()
    except SettingsError as error:
        fail(str(error), EXIT_USAGE)
    settings = dataclasses.replace(
        settings,
        store=store_location(store) if store else state.store_path,
        store_timeout_s=state.store_timeout_s or settings.store_timeout_s,
        sources=tuple(sources) if sources else settings.sources,
    )
    try:
        open_store(
            settings.store,
            read_only=not settings.ingest_enabled,
            timeout_s=settings.store_timeout_s,
        ).close()
    except GraphError as error:
        fail(str(error), EXIT_STORE)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
