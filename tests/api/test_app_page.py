"""The page for analysts in a real browser: headless Debian Chromium driven by Playwright against
the real server (no browser download: Playwright uses /usr/bin/chromium, which
``scripts/ensure-system-deps.sh`` installs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def base(shared_server: str) -> str:
    return shared_server  # its MNPIA_SOURCES is the corpus


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-system-deps.sh (make test does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, base: str) -> Iterator[Page]:
    """The page, loaded; fails the test on a script error or a request to another server."""
    errors: list[str] = []
    elsewhere: list[str] = []
    context = browser.new_context()
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on(
        "request",
        lambda r: None if r.url.startswith((base, "data:")) else elsewhere.append(r.url),
    )
    opened.goto(base + "/")
    yield opened
    context.close()
    assert errors == []
    assert elsewhere == []


def test_search_an_entity_and_see_its_lineage(page: Page) -> None:
    page.fill("#entity-q", "住民税賦課情報ファイル")
    page.click("#entity-form button[type=submit]")
    page.wait_for_selector("#lineage-diagram svg")
    assert page.locator("#entity-title").text_content() == "住民税賦課情報ファイル (file)"
    rows = page.locator("#flows tbody tr")
    assert rows.count() > 10
    bases = [b.strip() for b in page.locator("#flows tbody td.basis").all_text_contents()]
    assert any(b.startswith("番号法") for b in bases)
    assert "住民税賦課情報ファイル" in page.locator("#lineage-diagram svg").text_content()


def test_a_name_matching_several_entities_lists_them(page: Page) -> None:
    page.fill("#entity-q", "ファイル")
    page.click("#entity-form button[type=submit]")
    page.wait_for_selector("#entity-results button")
    candidates = page.locator("#entity-results button")
    assert candidates.count() >= 2
    candidates.first.click()
    page.wait_for_selector("#lineage-diagram svg")


def test_run_a_query_and_see_the_table(page: Page) -> None:
    page.click("#sparql-form button[type=submit]")
    page.wait_for_selector("#sparql-results tbody tr")
    assert page.locator("#sparql-results thead th").all_text_contents() == [
        "assessment", "number", "title",
    ]  # fmt: skip
    numbers = page.locator("#sparql-results tbody tr td:nth-child(2)").all_text_contents()
    assert numbers == ["2", "27", "4", "45"]
    assert page.locator("#sparql-status").text_content().startswith("4 rows")


def test_query_results_are_shown_as_text_never_as_html(page: Page) -> None:
    payload = '<img src="x" onerror="document.title=1"><b>bold</b>'
    page.fill("#sparql-query", f"SELECT ?x WHERE {{ BIND('{payload}' AS ?x) }}")
    page.click("#sparql-form button[type=submit]")
    page.wait_for_selector("#sparql-results tbody tr")
    assert page.locator("#sparql-results tbody td").text_content() == payload
    assert page.locator("#sparql-results img, #sparql-results b").count() == 0


def test_a_refused_query_shows_the_problem(page: Page) -> None:
    page.fill("#sparql-query", "SELECT ?s WHERE { ?s ?p")
    page.click("#sparql-form button[type=submit]")
    page.wait_for_selector("#sparql-status.error")
    assert page.locator("#sparql-status").text_content().startswith("Malformed query")


def test_assessments_with_their_diagrams_and_issues(page: Page) -> None:
    page.wait_for_selector("#assessment-list tbody tr")
    assert page.locator("#assessment-list tbody tr").count() == 5
    row = page.locator('#assessment-list tbody tr[data-id="千葉市/27"]')
    row.locator("button[data-view=flow]").click()
    page.wait_for_selector("#assessment-diagram svg")
    assert "国民年金" in page.locator("#assessment-diagram svg").text_content()
    row.locator("button[data-view=issues]").click()
    page.wait_for_selector("#issues tbody tr")
    assert page.locator("#issues tbody tr").count() > 0
    assert page.locator("#assessment-diagram svg").count() == 0
