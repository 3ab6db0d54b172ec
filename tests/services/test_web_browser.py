"""The viewer in a real headless browser: Debian's chromium driven by Playwright.

No browser is downloaded: Playwright's Python client drives the system's
/usr/bin/chromium (``apt-get install chromium``; .ci/run installs it). The
pages are read with JavaScript off, as the viewer promises they can be.
Screenshots are saved under test-artifacts/ (ignored by git) and their paths
printed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.crawling import ROOT
from tests.support.viewer import DCR, Viewer, crawled_store, serve
from testsite.server import TestSite

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def viewer(_site_server: TestSite, mongo_uri: str, mongo_client) -> Iterator[Viewer]:
    database = crawled_store(_site_server, mongo_uri)
    try:
        yield from serve(mongo_uri, database)
    finally:
        mongo_client.drop_database(database)


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        message = f"{CHROMIUM} is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: .ci/run should have installed it")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        yield browser
        browser.close()


def _screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def test_a_reader_follows_a_change_to_its_diff(browser, viewer, site):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    try:
        page.goto(viewer.base_url + "/")
        assert page.title() == "Latest changes · newscrawl"
        # The hostile headline is on the page as text, not run as a script.
        budget = page.locator("td.headline a", has_text="<script>alert(1)</script>")
        assert budget.is_visible()
        assert page.locator("script").count() == 0
        _screenshot(page, "viewer-home.png")

        # Follow the harbour-wall article's first change (the oldest listed).
        row = page.locator("tr", has_text="Harbour wall repair plan").filter(
            has_text="v0 → v1"
        )
        row.locator("a.difflink").click()
        page.wait_for_url("**/diff?*")
        heading = page.locator("h1")
        assert heading.inner_text() == "Version 0 / Version 1 (about 2 hours later)"

        removed = page.locator("td.old del", has_text="two")
        added = page.locator("td.new ins", has_text="three")
        assert removed.is_visible() and added.is_visible()
        # Marked: coloured backgrounds from the app's stylesheet.
        assert removed.evaluate("e => getComputedStyle(e).backgroundColor") == (
            "rgb(255, 221, 221)"
        )
        assert added.evaluate("e => getComputedStyle(e).backgroundColor") == (
            "rgb(221, 255, 221)"
        )
        old_headline = page.locator("tr.field.changed td.old del")
        assert old_headline.inner_text() == "divides town (harbour-wall-repair)"
        shot = _screenshot(page, "viewer-diff.png")
        assert shot.stat().st_size > 10_000

        # The inline view, and the next change, by links alone.
        page.get_by_role("link", name="inline").click()
        assert page.locator(".diff-view.inline del", has_text="two").is_visible()
        page.get_by_role("link", name="next change →").click()
        assert heading.inner_text() == "Version 1 / Version 2 (about 21 hours later)"
        assert errors == []
    finally:
        context.close()


def test_a_diff_fits_a_phone_screen(browser, viewer, site):
    context = browser.new_context(
        java_script_enabled=False,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
    )
    page = context.new_page()
    try:
        page.goto(f"{viewer.base_url}/diff?url={site.url(DCR)}&from=0&to=1")
        added = page.locator("td.new ins", has_text="three")
        assert added.is_visible()
        # Nothing wider than the screen: no sideways scrolling to read it.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, width
        # The two versions stand one above the other, the old one first.
        old = page.locator("td.old del", has_text="two").bounding_box()
        new = added.bounding_box()
        assert old is not None and new is not None
        assert new["y"] > old["y"]
        _screenshot(page, "viewer-diff-phone.png")
    finally:
        context.close()
