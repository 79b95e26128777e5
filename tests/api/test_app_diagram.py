"""Diagrams over HTTP: ``/assessments/{id}/diagram`` and ``/lineage/{id}/diagram`` of the real
server, drawn by the same functions as ``mnpia diagram``."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from ingest.pipeline import extract_file
from viz.render import OutputFormat, dot_to_bytes
from viz.view import View, result_to_dot

ProblemCheck = Callable[[httpx.Response, int], dict[str, Any]]

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CHIBA_27 = "001_36f852d2897e428a.txt"
OKAYAMA_4 = "003_7e3c8c24cfb8176d.txt"
CHUKAN = "https://w3id.org/mnpia/vocab/national-systems/chukan-server-platform"
SVG = "{http://www.w3.org/2000/svg}svg"


@pytest.fixture(scope="module")
def base(serve: Callable[..., str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """A server whose MNPIA_SOURCES holds every corpus text but 岡山市/4's."""
    texts = tmp_path_factory.mktemp("sources")
    for path in CORPUS.glob("*.txt"):
        if path.name != OKAYAMA_4:
            shutil.copy(path, texts / path.name)
    return serve(MNPIA_SOURCES=str(texts), MNPIA_INGEST_TOKEN="")


def diagram(base: str, assessment: str, **params: str) -> httpx.Response:
    return httpx.get(f"{base}/assessments/{quote(assessment, safe='')}/diagram", params=params,
                     timeout=60)  # fmt: skip


def svg_root(response: httpx.Response) -> ET.Element:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == SVG
    return root


def test_flow_view_is_the_drawing_of_mnpia_diagram(base: str) -> None:
    response = diagram(base, "千葉市/27", view="flow")
    svg_root(response)
    expected = dot_to_bytes(result_to_dot(extract_file(CORPUS / CHIBA_27), View.flow))
    assert response.content == expected


def test_dataflow_view_as_png(base: str) -> None:
    response = diagram(base, "千葉市/27", view="dataflow", format="png")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    expected = dot_to_bytes(
        result_to_dot(extract_file(CORPUS / CHIBA_27), View.dataflow), OutputFormat.png
    )
    assert response.content == expected


def test_the_default_view_is_the_flow(base: str) -> None:
    assert diagram(base, "千葉市/27").content == diagram(base, "千葉市/27", view="flow").content


def test_lineage_view_comes_from_the_store(base: str) -> None:
    whole = svg_root(diagram(base, "千葉市/27", view="lineage"))
    assert "国民年金システム" in "".join(whole.itertext())
    around = svg_root(
        diagram(base, "千葉市/27", view="lineage", entity="国民年金システム", depth="1")
    )
    assert "国民年金システム" in "".join(around.itertext())
    # 岡山市/4's text is not in MNPIA_SOURCES, but its lineage is drawn from the store alone.
    svg_root(diagram(base, "岡山市/4", view="lineage"))


def test_text_views_need_the_text(base: str, problem: ProblemCheck) -> None:
    body = problem(diagram(base, "岡山市/4", view="flow"), 404)
    assert body["type"] == "https://w3id.org/mnpia/problem/source-unavailable"
    assert "MNPIA_SOURCES" in str(body["detail"])


def test_empty_view_is_a_clear_problem(base: str, problem: ProblemCheck) -> None:
    body = problem(diagram(base, "千葉市/45", view="flow"), 404)  # no 別添1 steps in the text
    assert body["type"] == "https://w3id.org/mnpia/problem/empty-view"
    assert "nothing" in str(body["detail"]).lower()


def test_unknown_assessment_or_entity_is_404(base: str, problem: ProblemCheck) -> None:
    body = problem(diagram(base, "どこか市/999", view="flow"), 404)
    assert body["type"] == "https://w3id.org/mnpia/problem/unknown-assessment"
    body = problem(diagram(base, "千葉市/27", view="lineage", entity="存在しない架空XYZ"), 404)
    assert body["type"] == "https://w3id.org/mnpia/problem/unknown-entity"


@pytest.mark.parametrize(
    "params",
    [{"view": "sideways"}, {"format": "pdf"}, {"format": "dot"}, {"view": "lineage", "depth": "0"},
     {"view": "lineage", "depth": "many"}, {"view": "lineage", "depth": "1000"}],
)  # fmt: skip
def test_bad_view_format_or_depth_is_422(
    base: str, problem: ProblemCheck, params: dict[str, str]
) -> None:
    body = problem(diagram(base, "千葉市/27", **params), 422)
    assert body["errors"]


def test_entity_for_a_text_view_is_400(base: str, problem: ProblemCheck) -> None:
    body = problem(diagram(base, "千葉市/27", view="flow", entity="国民年金システム"), 400)
    assert body["parameter"] == "entity"


def test_assessment_route_is_not_taken_by_the_diagram_route(base: str) -> None:
    response = httpx.get(f"{base}/assessments/{quote('千葉市/27', safe='')}")
    assert response.status_code == 200
    assert response.json()["number"] == "27"


def test_lineage_diagram_of_an_entity(base: str) -> None:
    url = f"{base}/lineage/{quote(CHUKAN, safe='')}/diagram"
    root = svg_root(httpx.get(url, params={"direction": "up", "depth": "1"}, timeout=60))
    text = "".join(root.itertext())
    assert "中間サーバー" in text
    name = quote("中間サーバー・プラットフォーム", safe="")
    by_name = httpx.get(f"{base}/lineage/{name}/diagram", params={"direction": "up", "depth": "1"},
                        timeout=60)  # fmt: skip
    assert by_name.content == httpx.get(url, params={"direction": "up", "depth": "1"}).content
    png = httpx.get(url, params={"format": "png"}, timeout=60)
    assert png.content.startswith(b"\x89PNG")
    # the JSON lineage is still its own route
    assert httpx.get(f"{base}/lineage/{quote(CHUKAN, safe='')}").json()["start"]["node"] == CHUKAN


def test_lineage_diagram_refusals(base: str, problem: ProblemCheck) -> None:
    unknown = f"{base}/lineage/{quote('存在しない架空のシステムXYZ', safe='')}/diagram"
    problem(httpx.get(unknown), 404)
    url = f"{base}/lineage/{quote(CHUKAN, safe='')}/diagram"
    for params in ({"depth": "0"}, {"depth": "x"}, {"direction": "sideways"}, {"format": "gif"}):
        problem(httpx.get(url, params=params), 422)
