"""``POST /assessments``: ingestion through the API, on only with a token, on the real server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from api.settings import SettingsError, settings_from_env

ProblemCheck = Callable[[httpx.Response, int], dict[str, Any]]

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CHIBA_45 = CORPUS / "004_2e642bc68f73afa2.txt"
TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ingest-sources") / "texts"


@pytest.fixture(scope="module")
def base(serve_store: Callable[..., str], tmp_path_factory: pytest.TempPathFactory,
         texts: Path) -> str:  # fmt: skip
    """A server with ingestion on, over a store that does not exist yet."""
    store = tmp_path_factory.mktemp("ingest-store") / "store"
    return serve_store(store, MNPIA_INGEST_TOKEN=TOKEN, MNPIA_SOURCES=str(texts))


def triples(base: str) -> int:
    response = httpx.get(base + "/sparql", params={"query": COUNT})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def post(base: str, content: bytes, headers: dict[str, str], **params: str) -> httpx.Response:
    return httpx.post(base + "/assessments", content=content, headers=headers, params=params,
                      timeout=120)  # fmt: skip


def test_read_only_server_refuses_ingestion(shared_server: str, problem: ProblemCheck) -> None:
    base = shared_server  # started without MNPIA_INGEST_TOKEN
    before = triples(base)
    body = problem(post(base, CHIBA_45.read_bytes(), AUTH), 403)
    assert "MNPIA_INGEST_TOKEN" in str(body["detail"])
    assert triples(base) == before


def test_missing_or_wrong_token_is_401(base: str, problem: ProblemCheck) -> None:
    text = CHIBA_45.read_bytes()
    missing = post(base, text, {"Content-Type": "text/plain"})
    problem(missing, 401)
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = post(base, text, {**AUTH, "Authorization": "Bearer not-the-token-at-all"})
    problem(wrong, 401)
    assert "invalid_token" in wrong.headers["www-authenticate"]
    problem(post(base, text, {**AUTH, "Authorization": f"Basic {TOKEN}"}), 401)
    assert triples(base) == 0


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("これは評価書ではありません。メモです。\n".encode(), "not a 特定個人情報保護評価書"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"   \n\n  ", "white space"),
        (b"", "empty"),
    ],
)
def test_a_bad_text_is_422_naming_the_problem_and_nothing_is_written(
    base: str, problem: ProblemCheck, content: bytes, code: str
) -> None:
    body = problem(post(base, content, AUTH, name="notes.txt"), 422)
    assert code in str(body["detail"])
    assert str(body["detail"]).startswith("notes.txt")
    assert "/tmp" not in str(body["detail"])
    assert triples(base) == 0
    assert httpx.get(base + "/assessments").json()["total"] == 0


def test_bad_requests_are_refused(base: str, problem: ProblemCheck) -> None:
    text = CHIBA_45.read_bytes()
    problem(post(base, text, {**AUTH, "Content-Type": "application/json"}), 415)
    problem(post(base, text, AUTH, name="../../etc/passwd"), 422)
    assert triples(base) == 0


def test_a_text_is_ingested_as_mnpia_ingest_does(
    base: str, texts: Path, problem: ProblemCheck
) -> None:
    assert httpx.get(base + "/entities", params={"q": "検診"}).json()["match"] != "exact"
    response = post(base, CHIBA_45.read_bytes(), AUTH, name="chiba-45.txt")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] == "千葉市/45"
    assert body["replaced"] is False
    assert body["source"] == "chiba-45.txt"
    assert body["issues"]
    assert body["text_kept"] is True
    assert (texts / "chiba-45.txt").read_bytes() == CHIBA_45.read_bytes()
    assert response.headers["location"] == "/assessments/" + quote("千葉市/45", safe="/")
    # every route sees the new assessment: the caches were dropped
    assert httpx.get(base + "/assessments").json()["total"] == 1
    assert httpx.get(base + "/assessments/" + quote("千葉市/45", safe="")).status_code == 200
    assert triples(base) > 1000
    assert httpx.get(base + "/health").json()["documents"] == 1
    found = httpx.get(base + "/entities", params={"q": "検診情報ファイル"}).json()
    assert found["total"] >= 1
    drawn = httpx.get(base + "/assessments/" + quote("千葉市/45", safe="") + "/diagram",
                      params={"view": "dataflow"}, timeout=60)  # fmt: skip
    assert drawn.status_code == 200, drawn.text
    # the same text again replaces the assessment (200), and the store holds it once
    again = post(base, CHIBA_45.read_bytes(), AUTH, name="chiba-45.txt")
    assert again.status_code == 200, again.text
    assert again.json()["replaced"] is True
    assert httpx.get(base + "/assessments").json()["total"] == 1
    # still read-only SPARQL
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
    problem(httpx.post(base + "/sparql", data={"update": update}), 400)


def test_ingest_token_must_not_be_guessable() -> None:
    with pytest.raises(SettingsError, match="MNPIA_INGEST_TOKEN"):
        settings_from_env({"MNPIA_INGEST_TOKEN": "short"})
    settings = settings_from_env({"MNPIA_INGEST_TOKEN": TOKEN})
    assert settings.ingest_enabled
    assert TOKEN not in repr(settings)
    assert not settings_from_env({}).ingest_enabled


def test_kept_look_up_answers_are_dropped_when_an_ingestion_changes_the_store(
    serve_store: Callable[..., str], tmp_path: Path
) -> None:
    """/impact, /lineage and /path answers are kept (api.cache); an ingestion drops them."""
    server = serve_store(tmp_path / "store", MNPIA_INGEST_TOKEN=TOKEN)
    pension = CORPUS / "001_36f852d2897e428a.txt"
    assert post(server, pension.read_bytes(), AUTH, name="pension.txt").status_code == 201
    article = {"article": "番号法第19条第8号"}
    first = httpx.get(server + "/impact", params=article, timeout=60)
    assert first.status_code == 200, first.text
    assert first.json()["flows"] == 0  # the pension text provides nothing under 19条8号
    assert httpx.get(server + "/impact", params=article, timeout=60).json() == first.json()
    tax = CORPUS / "002_cc86eefa057d2f96.txt"
    assert post(server, tax.read_bytes(), AUTH, name="tax.txt").status_code == 201
    after = httpx.get(server + "/impact", params=article, timeout=60).json()
    assert after["flows"] > 0
    assert [group["municipality"] for group in after["municipalities"]] == ["つくば市"]
