"""The HTTP API ships whole: its route modules and the page's files are in the built package."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
API = ROOT / "api"


def setuptools_config() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    tool: dict[str, object] = config["tool"]["setuptools"]
    return tool


def test_every_api_package_is_listed() -> None:
    packages = setuptools_config()["packages"]
    assert isinstance(packages, list)
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in API.rglob("__init__.py")}
    assert found <= set(packages)


def test_the_page_files_are_package_data() -> None:
    package_data = setuptools_config()["package-data"]
    assert isinstance(package_data, dict)
    patterns: list[str] = package_data["api"]
    static = [p.relative_to(API).as_posix() for p in (API / "static").iterdir() if p.is_file()]
    assert {"index.html", "app.js", "style.css"} <= {Path(p).name for p in static}
    for name in static:
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name


def test_the_page_loads_nothing_from_elsewhere() -> None:
    html = (API / "static" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert links
    assert all("://" not in link and not link.startswith("//") for link in links), links
    css = (API / "static" / "style.css").read_text(encoding="utf-8")
    assert "url(" not in css
    assert "@import" not in css
    script = (API / "static" / "app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script  # data reaches the page as text only
    assert all("://" not in line for line in script.splitlines() if "fetch(" in line)
