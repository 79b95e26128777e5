"""Rendering with the real Graphviz: valid PNG/SVG/PDF of sensible size, CJK font, no half files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import graphviz
import pytest
from viz_testdata import collection_result, pension_result, tax_records_result

from viz.errors import RenderError
from viz.render import OutputFormat, dot_to_bytes, write_dot
from viz.style import FONT
from viz.view import View, result_to_dot

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

VIEWS = {
    "flow": lambda: result_to_dot(pension_result(), View.flow),
    "flow-fragment": lambda: result_to_dot(collection_result(), View.flow),
    "dataflow": lambda: result_to_dot(tax_records_result(), View.dataflow),
    "lineage": lambda: result_to_dot(
        tax_records_result(), View.lineage, entity="株式会社サンプル計算センター", depth=2
    ),
}


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk of a PNG (which must come first)."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_each_view_renders_to_a_png_of_sensible_size(view: str, tmp_path: Path) -> None:
    path = write_dot(VIEWS[view](), tmp_path / f"{view}.png", OutputFormat.png)
    data = path.read_bytes()
    width, height = png_size(data)
    assert 300 <= width <= 8000
    assert 200 <= height <= 8000
    assert data.endswith(b"IEND\xaeB`\x82")


def test_svg_and_pdf(tmp_path: Path) -> None:
    graph = VIEWS["flow"]()
    svg = write_dot(graph, tmp_path / "flow.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml")
    assert "</svg>" in svg
    assert f'font-family="{FONT}' in svg
    assert "日本年金機構" in svg
    assert "特定個人情報の流れ" in svg
    pdf = write_dot(graph, tmp_path / "flow.pdf", OutputFormat.pdf).read_bytes()
    assert pdf.startswith(b"%PDF-")


def test_dot_output_is_the_source(tmp_path: Path) -> None:
    graph = VIEWS["dataflow"]()
    assert write_dot(graph, tmp_path / "d.dot", "dot").read_text(encoding="utf-8") == graph.source


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
def test_the_cjk_font_is_installed() -> None:
    # Without it Graphviz falls back to a font without kana and draws boxes (tofu).
    families = subprocess.run(
        ["fc-list", ":lang=ja", "family"], capture_output=True, text=True, check=True
    ).stdout
    assert FONT in families


def test_a_failed_rendering_writes_nothing(tmp_path: Path) -> None:
    broken = graphviz.Digraph(body=["this is { not dot"])
    target = tmp_path / "broken.png"
    with pytest.raises(RenderError, match="Graphviz failed"):
        write_dot(broken, target, OutputFormat.png)
    assert list(tmp_path.iterdir()) == []


def test_rendering_is_repeatable() -> None:
    assert dot_to_bytes(VIEWS["flow"](), "svg") == dot_to_bytes(VIEWS["flow"](), "svg")
