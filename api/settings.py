"""Settings read from the environment (prefix ``MNPIA_``): the only place besides the CLI that does.

``MNPIA_STORE``
    Path of the embedded store. Default: ``$XDG_DATA_HOME/mnpia/store``, that is
    ``~/.local/share/mnpia/store`` when ``XDG_DATA_HOME`` is not set.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


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

    store: Path


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``MNPIA_*`` variables, with documented defaults.

    >>> settings_from_env({"MNPIA_STORE": "/tmp/s"}).store
    PosixPath('/tmp/s')
    """
    env = os.environ if environ is None else environ
    store = env.get("MNPIA_STORE")
    return Settings(store=Path(store) if store else default_store_path(env))
