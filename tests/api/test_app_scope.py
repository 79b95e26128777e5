"""``/lineage`` and ``/path`` walk the store with the scope ``mnpia lineage`` and ``path`` use,
and give the same answer as the command (real server, over HTTP)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

FILE = "https://w3id.org/mnpia/id/assessment/千葉市/27/file/1"
CLOUD = "https://w3id.org/mnpia/vocab/national-systems/government-cloud"
MNPIA = Path(sys.executable).with_name("mnpia")


@pytest.fixture(scope="module")
def scope_base(serve: Callable[..., str]) -> str:
    return serve()


def _get(url: str, **params: Any) -> Any:
    response = httpx.get(url, params=params, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def _cli(store: Path, *args: str) -> Any:
    done = subprocess.run(
        [str(MNPIA), "--store", str(store), *args, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_lineage_of_a_file_follows_its_municipality(scope_base: str, api_store: Path) -> None:
    scoped = _get(f"{scope_base}/lineage/{quote(FILE, safe='')}", depth=4)
    assert scoped["scope"]["municipality"] == "千葉市"
    assert all(e["assessment"] in scoped["scope"]["assessments"] for e in scoped["edges"])
    everywhere = _get(f"{scope_base}/lineage/{quote(FILE, safe='')}", depth=4, scope="all")
    assert everywhere["scope"] is None
    assert {n["node"] for n in scoped["nodes"]} <= {n["node"] for n in everywhere["nodes"]}
    command = _cli(api_store, "lineage", FILE, "--depth", "4")
    assert [(n["node"], n["hops"]) for n in command["nodes"]] == [
        (n["node"], n["hops"]) for n in scoped["nodes"]
    ]
    assert command["scope"]["municipality"] == "千葉市"


def test_path_reports_its_scope_like_the_command(scope_base: str, api_store: Path) -> None:
    answer = _get(f"{scope_base}/path", **{"from": FILE, "to": CLOUD})
    command = _cli(api_store, "path", FILE, CLOUD)
    assert answer["connected"] == command["connected"]
    assert len(answer["hops"]) == len(command["hops"])
    assert (answer["scope"] or {}).get("municipality") == (command["scope"] or {}).get(
        "municipality"
    )
