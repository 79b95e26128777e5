"""A real Oxigraph server for the remote-store tests: ``oxigraph serve`` on a free loopback port.

The ``oxigraph`` program comes with the ``oxigraph`` package of the dev extras (beside the Python
interpreter). Imported by tests/graph/test_remote_store.py, test_revision.py and
tests/api/test_app_remote.py (which puts this folder on ``sys.path``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest


def oxigraph_program() -> str:
    """The ``oxigraph`` program of this environment; the test is skipped without one."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.skip("no oxigraph program: install the dev extras (pip install oxigraph)")
    return found


def free_port() -> int:
    """A TCP port free on 127.0.0.1 at the time of asking."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class OxigraphServer:
    """One ``oxigraph serve`` subprocess."""

    url: str
    location: Path
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        """Stop it (killed when it does not stop within 10 s)."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

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
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode() if process.stderr else ""
            pytest.fail(f"oxigraph serve exited with {process.returncode}: {err}")
        try:
            answer = httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=2)
            if answer.status_code == 200:
                return OxigraphServer(url=url, location=location, process=process)
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    process.kill()
    pytest.fail("oxigraph serve did not answer within 60 s")
