"""Real servers for the tests and benchmarks: a free loopback port, waiting until a server just
started answers, stopping it.

Used by tests/api/conftest.py (``mnpia serve``), tests/graph/remote_server.py (``oxigraph
serve``), tests/robustness/test_concurrent_readers.py and benchmarks/bench_api.py. This
folder (tests/support) is on ``sys.path``: pytest's ``pythonpath``; the benchmark puts it there.
"""

from __future__ import annotations

import socket
import subprocess
import time

import httpx

START_SECONDS = 60.0
STOP_SECONDS = 10.0


class ServerStartError(RuntimeError):
    """A server exited, or did not answer, before it was up."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 at the time of asking."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(
    process: subprocess.Popen[bytes], url: str, what: str, *, seconds: float = START_SECONDS
) -> None:
    """Wait until a GET of ``url`` answers 200; raise :class:`ServerStartError` (with the
    server's error output when it is piped) if ``process`` exits first or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise ServerStartError(f"{what} exited with {process.returncode}: {err}".strip())
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    stop_process(process)
    raise ServerStartError(f"{what} did not answer within {seconds:.0f} s")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Stop a server: terminated, and killed when it has not stopped within 10 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
