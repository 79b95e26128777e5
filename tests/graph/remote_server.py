"""A real Oxigraph server for the remote-store tests: ``oxigraph serve`` on a free loopback port.

The ``oxigraph`` program comes with the ``oxigraph`` package of the dev extras (beside the Python
interpreter). Imported by tests/graph/test_remote_store.py, test_revision.py and
tests/api/test_app_remote.py (which puts this folder on ``sys.path``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from servers import free_port, stop_process, wait_until_up

__all__ = ["OxigraphServer", "free_port", "oxigraph_program", "start_oxigraph"]


def oxigraph_program() -> str:
    """The ``oxigraph`` program of this environment; the test is skipped without one."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.skip("no oxigraph program: install the dev extras (pip install oxigraph)")
    return found


@dataclass
class OxigraphServer:
    """One ``oxigraph serve`` subprocess."""

    url: str
    location: Path
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        """Stop it (killed when it does not stop within 10 s)."""
        stop_process(self.process)

    def clear(self) -> None:
        """Drop every graph (between tests that write)."""
        response = httpx.post(
            self.url + "/update",
            content=b"DROP ALL",
            headers={"Content-Type": "application/sparql-update"},
            timeout=30,
        )
        response.raise_for_status()


def start_oxigraph(location: Path, *, union: bool = True) -> OxigraphServer:
    """Start ``oxigraph serve`` on ``location`` (``--union-default-graph`` unless told not to)
    and wait until it answers a query."""
    port = free_port()
    command = [
        oxigraph_program(), "serve", "--location", str(location),
        "--bind", f"127.0.0.1:{port}",
    ]  # fmt: skip
    if union:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(process, url + "/query?query=ASK%20%7B%7D", "oxigraph serve")
    return OxigraphServer(url=url, location=location, process=process)
