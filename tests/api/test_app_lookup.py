"""The look-up routes of the real server (``mnpia serve``) on the corpus store, over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
import pytest

ProblemCheck = Callable[[httpx.Response, int], dict[str, Any]]

CHUKAN = "https://w3id.org/mnpia/vocab/national-systems/chukan-server-platform"
CHIBA_27 = "https://w3id.org/mnpia/id/assessment/千葉市/27"


@pytest.fixture(scope="module")
def base(serve: Callable[..., str]) -> str:
    return serve()


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def test_health(base: str) -> None:
    body = ok(httpx.get(base + "/health"))
    assert body["status"] == "ok"
    assert body["documents"] == 5
    assert body["triples"] > 10_000


def test_assessments_are_listed_a_page_at_a_time(base: str) -> None:
    everything = ok(httpx.get(base + "/assessments"))
    assert everything["total"] == 5
    assert {a["id"] for a in everything["items"]} >= {"千葉市/27", "千葉市/45", "岡山市/4"}
    page = ok(httpx.get(base + "/assessments", params={"limit": 2, "offset": 1}))
    assert page["total"] == 5
    assert page["limit"] == 2
    assert page["offset"] == 1
    assert page["items"] == everything["items"][1:3]


@pytest.mark.parametrize(
    "ref", [quote("千葉市/27", safe=""), "千葉市/27", quote(CHIBA_27, safe="")]
)
def test_assessment_by_key_or_iri(base: str, ref: str) -> None:
    body = ok(httpx.get(f"{base}/assessments/{ref}"))
    assert body["iri"] == CHIBA_27
    assert body["municipality"] == "千葉市"
    assert body["number"] == "27"
    assert any(s["label"] == "国民年金システム" for s in body["systems"])
    assert body["issues"]
    assert all(i["code"] for i in body["issues"])


def test_unknown_assessment_is_404(base: str, problem: ProblemCheck) -> None:
    problem(httpx.get(base + "/assessments/" + quote("どこか市/999", safe="")), 404)


def test_entity_search_as_users_type(base: str) -> None:
    body = ok(httpx.get(base + "/entities", params={"q": "中間サーバ"}))
    assert body["match"] == "exact"
    assert [c["node"] for c in body["items"]] == [CHUKAN]
    typo = ok(httpx.get(base + "/entities", params={"q": "国民年金システム"}))
    assert typo["total"] >= 1
    listing = ok(httpx.get(base + "/entities", params={"limit": 5, "offset": 5}))
    assert listing["match"] == "all"
    assert listing["total"] > 10
    assert len(listing["items"]) == 5
    nothing = ok(httpx.get(base + "/entities", params={"q": "zzzzqqqq"}))
    assert nothing["match"] == "suggestions"


def test_entity_by_iri_or_name(base: str) -> None:
    by_iri = ok(httpx.get(base + "/entities/" + quote(CHUKAN, safe="")))
    by_name = ok(httpx.get(base + "/entities/" + quote("中間サーバー・プラットフォーム", safe="")))
    assert by_iri == by_name
    assert by_iri["kind"] == "national-system"
    assert set(by_iri["municipalities"]) >= {"千葉市", "岡山市"}
    assert by_iri["upstream"] > 0


def test_unknown_entity_is_404_everywhere(base: str, problem: ProblemCheck) -> None:
    unknown = quote("存在しない架空のシステムXYZ", safe="")
    problem(httpx.get(f"{base}/entities/{unknown}"), 404)
    problem(httpx.get(f"{base}/lineage/{unknown}"), 404)
    body = problem(
        httpx.get(base + "/path", params={"from": CHUKAN, "to": "存在しない架空XYZ"}), 404
    )
    assert body["parameter"] == "to"


def test_lineage_up_and_down_with_depth(base: str) -> None:
    up = ok(httpx.get(f"{base}/lineage/{quote(CHUKAN, safe='')}",
                      params={"direction": "up", "depth": 1}))  # fmt: skip
    assert up["start"]["node"] == CHUKAN
    assert up["direction"] == "up"
    assert up["depth"] == 1
    assert up["nodes"]
    assert all(n["hops"] == 1 and n["direction"] == "up" for n in up["nodes"])
    assert all(e["target"] == CHUKAN for e in up["edges"])
    deeper = ok(httpx.get(f"{base}/lineage/{quote(CHUKAN, safe='')}",
                          params={"direction": "both", "depth": 3}))  # fmt: skip
    assert len(deeper["nodes"]) >= len(up["nodes"])
    zero = ok(httpx.get(f"{base}/lineage/{quote(CHUKAN, safe='')}", params={"depth": 0}))
    assert zero["nodes"] == []
    assert zero["truncation"]["truncated"] is True


@pytest.mark.parametrize(
    "params", [{"depth": "-1"}, {"depth": "deep"}, {"depth": "1000"}, {"direction": "sideways"}]
)
def test_bad_lineage_parameters_are_422(
    base: str, problem: ProblemCheck, params: dict[str, str]
) -> None:
    body = problem(httpx.get(f"{base}/lineage/{quote(CHUKAN, safe='')}", params=params), 422)
    assert body["errors"]


def test_impact_of_a_provision(base: str) -> None:
    body = ok(httpx.get(base + "/impact", params={"article": "番号法第19条第8号"}))
    assert body["provisions"][0]["label"] == "番号法19条8号"
    assert body["flows"] == sum(len(g["flows"]) for g in body["municipalities"]) > 0
    assert len(body["municipalities"]) >= 2


def test_impact_of_an_unreadable_provision_is_400(base: str, problem: ProblemCheck) -> None:
    problem(httpx.get(base + "/impact", params={"article": "foo"}), 400)
    problem(httpx.get(base + "/impact"), 422)


def test_path_between_two_entities(base: str) -> None:
    body = ok(httpx.get(base + "/path", params={"from": CHUKAN, "to": "千葉市 国民年金システム"}))
    assert body["connected"] is True
    assert body["hops"]
    assert body["hops"][0]["source"] == CHUKAN
    assert body["hops"][-1]["target"] == body["target"]
    for hop in body["hops"]:
        assert hop["edges"]


def test_named_queries_are_listed_and_run(base: str) -> None:
    catalog = ok(httpx.get(base + "/queries"))
    names = [q["name"] for q in catalog]
    assert "systems_of_assessment" in names
    assert names == sorted(names)
    one = ok(httpx.get(base + "/queries/systems_of_assessment", params={"assessment": CHIBA_27}))
    assert one["total"] > 0
    assert {r["assessment"] for r in one["rows"]} == {CHIBA_27}
    page = ok(httpx.get(base + "/queries/systems_of_assessment", params={"limit": 2, "offset": 1}))
    assert len(page["rows"]) == 2
    assert page["total"] > 2


def test_named_query_refusals(base: str, problem: ProblemCheck) -> None:
    problem(httpx.get(base + "/queries/no_such_query"), 404)
    problem(httpx.get(base + "/queries/systems_of_assessment", params={"bogus": "1"}), 400)


def test_openapi_documents_every_route(base: str) -> None:
    schema = ok(httpx.get(base + "/openapi.json"))
    paths = set(schema["paths"])
    assert paths >= {
        "/health", "/sparql", "/assessments", "/assessments/{assessment_id}", "/entities",
        "/entities/{entity_id}", "/lineage/{entity_id}", "/impact", "/path", "/queries",
        "/queries/{name}",
    }  # fmt: skip
    assert "LineagePublic" in schema["components"]["schemas"]
