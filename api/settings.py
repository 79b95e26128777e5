"""Settings read from the environment (prefix ``MNPIA_``): the only place besides the CLI that does.

``MNPIA_STORE``
    Path of the embedded store, or the URL of a SPARQL 1.1 server holding the graph (for
    example ``http://localhost:7878``, an Oxigraph server; see :mod:`graph.remote` for the forms
    for Fuseki, GraphDB, Virtuoso and others). Default: ``$XDG_DATA_HOME/mnpia/store``, that is
    ``~/.local/share/mnpia/store`` when ``XDG_DATA_HOME`` is not set.
``MNPIA_STORE_TIMEOUT_S``
    Seconds a SPARQL server may take to answer one request of mnpia's (remote store only).
    Default 60.
``MNPIA_SPARQL_TIMEOUT_S``
    Seconds a query on ``/sparql`` may run before the API gives up on it (422). Default 10.
``MNPIA_SPARQL_MAX_ROWS``
    Most solutions (or triples) ``/sparql`` returns; the rest is cut and the response says so
    in ``X-MNPIA-Truncated``. Default 10000.
``MNPIA_SPARQL_MAX_QUERY_BYTES``
    Longest query text ``/sparql`` accepts, in UTF-8 bytes (413 beyond). Default 65536.
``MNPIA_CORS_ORIGINS``
    Comma-separated origins allowed by CORS (``*`` for any). Default: none (CORS off).
``MNPIA_SOURCES``
    Folders (separated by ``os.pathsep``, ``:`` on POSIX) holding the assessment texts the store
    was built from. The flow and data-flow diagrams are drawn from an assessment's text, found
    there by the SHA-256 the store recorded; texts ingested through ``POST /assessments`` are
    saved into the first folder. Default: none (only the lineage diagrams, drawn from the store).
``MNPIA_INGEST_TOKEN``
    Enables ``POST /assessments``: a request must carry ``Authorization: Bearer <token>``. The
    store is then opened for writing; without the token it is opened read-only and ingestion
    is refused (403). Default: none.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graph.store import DEFAULT_TIMEOUT_S, store_location


class SettingsError(ValueError):
    """An ``MNPIA_*`` variable holds a value that cannot be used."""


def default_store_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the embedded store lives when neither ``--store`` nor ``MNPIA_STORE`` says.

    >>> default_store_path({"XDG_DATA_HOME": "/srv/data"})
    PosixPath('/srv/data/mnpia/store')
    """
    env = os.environ if environ is None else environ
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mnpia" / "store"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Configuration of the interfaces."""

    store: Path | str
    """A folder (the embedded store) or the URL of a SPARQL server."""
    store_timeout_s: float = DEFAULT_TIMEOUT_S
    sparql_timeout_s: float = 10.0
    sparql_max_rows: int = 10_000
    sparql_max_query_bytes: int = 65_536
    cors_origins: tuple[str, ...] = ()
    sources: tuple[Path, ...] = ()
    ingest_token: str | None = field(default=None, repr=False)

    @property
    def ingest_enabled(self) -> bool:
        """Whether ``POST /assessments`` is on (and the store opened for writing)."""
        return bool(self.ingest_token)


def _number(
    env: Mapping[str, str], name: str, default: float, kind: type[float] | type[int]
) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError as error:
        msg = f"{name} must be a {kind.__name__} greater than 0, not {raw!r}"
        raise SettingsError(msg) from error
    if value <= 0:
        msg = f"{name} must be greater than 0, not {raw!r}"
        raise SettingsError(msg)
    return value


MIN_TOKEN_LENGTH = 16
"""Shortest ``MNPIA_INGEST_TOKEN`` accepted: a guessable token would open the store to writes."""


def _token(env: Mapping[str, str]) -> str | None:
    token = env.get("MNPIA_INGEST_TOKEN", "").strip()
    if not token:
        return None
    if len(token) < MIN_TOKEN_LENGTH:
        msg = f"MNPIA_INGEST_TOKEN must be at least {MIN_TOKEN_LENGTH} characters long"
        raise SettingsError(msg)
    return token


def store_path_from_env(environ: Mapping[str, str] | None = None) -> Path | str:
    """The store of ``MNPIA_STORE`` (a folder, or a server's URL), else
    :func:`default_store_path` (all the CLI needs).

    >>> store_path_from_env({"MNPIA_STORE": "/tmp/s"})
    PosixPath('/tmp/s')
    >>> store_path_from_env({"MNPIA_STORE": "http://localhost:7878"})
    'http://localhost:7878'
    """
    env = os.environ if environ is None else environ
    store = env.get("MNPIA_STORE")
    return store_location(store) if store else default_store_path(env)


def store_timeout_from_env(environ: Mapping[str, str] | None = None) -> float:
    """``MNPIA_STORE_TIMEOUT_S``, else the default (60 s).

    >>> store_timeout_from_env({"MNPIA_STORE_TIMEOUT_S": "5"})
    5.0

    Raises:
        SettingsError: the value is not a number greater than 0.
    """
    env = os.environ if environ is None else environ
    return float(_number(env, "MNPIA_STORE_TIMEOUT_S", DEFAULT_TIMEOUT_S, float))


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``MNPIA_*`` variables, with documented defaults.

    >>> settings_from_env({"MNPIA_STORE": "/tmp/s"}).store
    PosixPath('/tmp/s')
    >>> settings_from_env({"MNPIA_STORE": "/tmp/s", "MNPIA_CORS_ORIGINS": "http://a, http://b"}).cors_origins
    ('http://a', 'http://b')
    >>> settings_from_env({"MNPIA_STORE": "/tmp/s", "MNPIA_SOURCES": "/a:/b"}).sources
    (PosixPath('/a'), PosixPath('/b'))

    Raises:
        SettingsError: a numeric variable is not a positive number, or the ingest token is
            shorter than :data:`MIN_TOKEN_LENGTH`.
    """
    env = os.environ if environ is None else environ
    origins = tuple(o.strip() for o in env.get("MNPIA_CORS_ORIGINS", "").split(",") if o.strip())
    return Settings(
        store=store_path_from_env(env),
        store_timeout_s=store_timeout_from_env(env),
        sparql_timeout_s=float(_number(env, "MNPIA_SPARQL_TIMEOUT_S", 10.0, float)),
        sparql_max_rows=int(_number(env, "MNPIA_SPARQL_MAX_ROWS", 10_000, int)),
        sparql_max_query_bytes=int(_number(env, "MNPIA_SPARQL_MAX_QUERY_BYTES", 65_536, int)),
        cors_origins=origins,
        sources=tuple(Path(p) for p in env.get("MNPIA_SOURCES", "").split(os.pathsep) if p),
        ingest_token=_token(env),
    )
