"""The web viewer over HTTP: ``newscrawl serve`` (uvicorn) on a store of real crawls.

Every page and API endpoint is requested from a real server process, the
way a browser or a script would, including hostile text from a crawled page,
unknown URLs, bad parameters and a store that stops answering.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import feedparser
import httpx
import pytest

from newscrawl.store.articles import ArticleStore
from newscrawl.store.embedded import EmbeddedStore, _free_port
from newscrawl.web import create_app
from newscrawl.web.cache import Cache
from newscrawl.web.routes import ROUTES, warm
from tests.support.crawling import ROOT
from tests.support.viewer import (
    DCR,
    FRONTEND,
    HOSTILE_PARAGRAPH,
    HOSTILE_TITLE,
    NEW_TITLE,
    POLITICS,
    TOP,
    Viewer,
    crawled_store,
    serve,
)
from testsite.server import TestSite

OLD_TITLE = "Harbour wall repair plan divides town (harbour-wall-repair)"


@pytest.fixture(scope="module")
def store_db(_site_server: TestSite, mongo_uri: str, mongo_client) -> Iterator[str]:
    database = crawled_store(_site_server, mongo_uri)
    yield database
    mongo_client.drop_database(database)


@pytest.fixture(scope="module")
def viewer(store_db: str, mongo_uri: str) -> Iterator[Viewer]:
    yield from serve(mongo_uri, store_db)


@pytest.fixture
def http(viewer: Viewer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=viewer.base_url, timeout=30) as client:
        yield client


class Page(HTMLParser):
    """The tags, links, alternate links and visible text of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.links: list[str] = []
        self.alternates: dict[str, str] = {}
        self.text_parts: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, name, value) for name, value in attrs]
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])
        if tag == "link" and found.get("rel") == "alternate":
            self.alternates[found["type"]] = found["href"]

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())


def _changes(page: Page) -> list[str]:
    """Return the "v0 → v1" of each change a page lists."""
    return re.findall(r"v\d+ → v\d+", page.text)


def _get(http: httpx.Client, path: str, **query) -> httpx.Response:
    return http.get(path + ("?" + urlencode(query) if query else ""))


def _page(http: httpx.Client, path: str, status: int = 200, **query) -> Page:
    response = _get(http, path, **query)
    assert response.status_code == status, response.text[:2000]
    assert response.headers["content-type"].startswith("text/html")
    _assert_safe(response)
    return Page(response.text)


def _assert_safe(response: httpx.Response) -> None:
    """No script can run on any page, and no error shows a traceback."""
    assert "Traceback" not in response.text
    assert "script-src" not in response.headers["content-security-policy"]
    assert "default-src 'none'" in response.headers["content-security-policy"]
    if response.headers["content-type"].startswith("text/html"):
        parsed = Page(response.text)
        assert "script" not in parsed.tags and "img" not in parsed.tags
        assert not any(name.startswith("on") for _, name, _ in parsed.attrs)


# --- home: the latest changes -------------------------------------------------


def test_home_lists_the_latest_changes_newest_first(http, site):
    page = _page(http, "/")
    text = page.text
    assert "Latest changes" in text
    # Newest first: the hostile budget edit (10:00), then harbour v2, then v1.
    ages = ("about 1 hour ago", "about 2 hours ago", "about 23 hours ago")
    at = [text.index(age) for age in ages]
    assert at[0] < text.index(HOSTILE_TITLE) < at[1]
    assert at == sorted(at), text
    assert f"+{len(TOP.split())} −0" in text
    diffs = [link for link in page.links if link.startswith("/diff?")]
    assert "/diff?" + urlencode({"url": site.url(DCR), "to": 2}) in diffs
    assert "/diff?" + urlencode({"url": site.url(POLITICS), "to": 1}) in diffs
    assert page.alternates == {
        "application/rss+xml": "/feed.rss",
        "application/atom+xml": "/feed.atom",
    }


def test_hostile_text_is_shown_as_text(http):
    response = _get(http, "/")
    assert "<script>alert(1)</script>" not in response.text
    assert "Budget vote &lt;script&gt;alert(1)&lt;/script&gt; delayed &amp;" in (
        response.text
    )
    assert HOSTILE_TITLE in Page(response.text).text


def test_home_filters_by_headline_changed_and_by_source(http, site):
    headline = _page(http, "/", headline=1).text
    assert HOSTILE_TITLE in headline and "v0 → v1" in headline
    assert "v1 → v2" not in headline  # harbour v2 changed the body only
    assert "headline changed only" not in headline  # the filter is on
    assert len(_changes(_page(http, "/", source="guardian"))) == 3
    nothing = _page(http, "/", source="bbc")
    assert "No changes" in nothing.text and not _changes(nothing)


def test_home_pages_through_the_changes(http):
    first = _page(http, "/", limit=2)
    assert _changes(first) == ["v0 → v1", "v1 → v2"]
    assert "/?page=2&limit=2" not in first.links  # the pager keeps the filters only
    assert any(link.startswith("/?page=2") for link in first.links)
    second = _page(http, "/", limit=2, page=2)
    assert _changes(second) == ["v0 → v1"] and NEW_TITLE in second.text
    assert any(link.startswith("/?page=1") for link in second.links)
    assert "No changes on this page" in _page(http, "/", page=9).text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": "0"}, "page must be from 1 to 200, not 0"),
        ({"page": "two"}, "page must be a whole number, not &#39;two&#39;"),
        ({"headline": "maybe"}, "headline must be 1 or 0"),
        ({"source": "<b>x</b>"}, "is not a source name"),
        ({"limit": "100000"}, "limit must be from 1 to 200"),
    ],
)
def test_bad_parameters_are_a_400_page_that_says_why(http, query, message):
    response = _get(http, "/", **query)
    assert response.status_code == 400
    assert message in response.text
    _assert_safe(response)


def test_a_long_unknown_url_is_a_quick_404_and_a_too_long_one_a_400(http):
    long = "https://www.theguardian.com/" + "x" * 1500  # past the regex cap
    started = time.monotonic()
    response = _get(http, "/article", url=long)
    assert response.status_code == 404 and "is not tracked" in response.text
    assert time.monotonic() - started < 2
    api = _get(http, "/api/article", url="y" * 1000)
    assert api.status_code == 404 and "is not tracked" in api.json()["error"]
    too_long = _get(http, "/article", url="z" * 2001)
    assert too_long.status_code == 400 and "url is too long" in too_long.text


# --- sources ------------------------------------------------------------------


def test_sources_and_a_source_with_its_counts(http, site, mongo_client, store_db):
    db = mongo_client[store_db]
    tracked = db.articles.count_documents({"source": "guardian"})
    assert tracked == 3
    listing = _page(http, "/sources").text
    assert "guardian 3 2 3 0 0 0" in listing
    page = _page(http, "/source/guardian")
    assert (
        "3 tracked · 2 changed · 3 live · 0 gone · 0 failing · 0 retired" in page.text
    )
    # Most recently changed first: budget (10:00), harbour (09:00 next day), river.
    at = [page.text.index(s) for s in (HOSTILE_TITLE, NEW_TITLE, "River festival")]
    assert at == sorted(at)
    assert "/article?" + urlencode({"url": site.url(FRONTEND)}) in page.links
    assert page.alternates["application/rss+xml"] == "/feed.rss?source=guardian"
    paged = _page(http, "/source/guardian", limit=1, page=3).text
    assert "River festival" in paged and NEW_TITLE not in paged


def test_health_shows_each_source_from_its_crawls(http, viewer, mongo_client):
    page = _page(http, "/health")
    assert "/source/guardian" in page.links and "/health" in page.links
    assert "guardian ok about 1 hour ago" in page.text
    assert _json(http, "/api/health") == {
        "health": [
            {
                "source": "guardian",
                "state": "ok",
                "problems": [],
                "last_crawl": "2026-11-21T10:00:00+00:00",
            }
        ]
    }
    assert "/health#guardian" in _page(http, "/sources").links


def test_an_unhealthy_source_is_named_with_what_is_wrong(store_db, mongo_uri):
    """A week after the last crawl, the crawls have stopped coming: the page
    says so."""
    viewers = serve(mongo_uri, store_db, now="2026-11-28T10:00:00Z")
    with closing(viewers), httpx.Client(base_url=next(viewers).base_url) as client:
        (verdict,) = _json(client, "/api/health")["health"]
        page = _page(client, "/health").text
    assert verdict["state"] == "unhealthy"
    assert any(p.startswith("no crawl for") for p in verdict["problems"]), verdict
    assert "guardian unhealthy 7 days ago" in page
    for problem in verdict["problems"]:
        assert problem in page


def test_an_unknown_source_is_a_404(http):
    page = _page(http, "/source/bbc", status=404)
    assert "There is no source 'bbc' in the store." in page.text
    assert _get(http, "/source/b%3Cscript%3E").status_code == 400


# --- an article ---------------------------------------------------------------


def test_article_page_has_the_status_line_feeds_and_versions(http, site):
    page = _page(http, "/article", url=site.url(DCR))
    text = page.text
    assert (
        "This article is from the source 'guardian' and was first published or "
        "seen on 20 November 2026, 09:30 UTC. It last changed about 2 hours ago. "
        "The article has changed 2 times. There is an RSS feed of changes "
        "available" in text
    )
    feed = "/feed.rss?" + urlencode({"url": site.url(DCR)})
    assert feed in page.links
    assert page.alternates["application/rss+xml"] == feed
    rows = text[text.index("version fetched at") :]
    assert "0 2026-11-20 10:00 UTC " + OLD_TITLE in rows
    assert "1 2026-11-20 12:00 UTC about 2 hours later " + NEW_TITLE + " +5 −4" in rows
    assert (
        f"2 2026-11-21 09:00 UTC about 21 hours later {NEW_TITLE} "
        f"+{len(TOP.split())} −0" in rows
    )
    assert "/diff?" + urlencode({"url": site.url(DCR), "to": 1}) in page.links
    assert site.url(DCR) in page.links  # the article itself, on its site


def test_an_article_named_another_way_redirects_to_its_own_url(http, site):
    by_part = _get(http, "/article", url="harbour-wall-repair")
    assert by_part.status_code == 302
    assert by_part.headers["location"] == "/article?" + urlencode(
        {"url": site.url(DCR)}
    )
    version = _get(http, "/article", url=site.url(DCR) + "#v1")
    assert version.headers["location"] == "/diff?" + urlencode(
        {"url": site.url(DCR), "to": 1}
    )


def test_an_unknown_article_is_a_404_with_the_closest_urls(http, site):
    page = _page(
        http, "/article", status=404, url=site.url(DCR).replace("repair", "repairs")
    )
    assert "is not tracked" in page.text
    assert "/article?" + urlencode({"url": site.url(DCR)}) in page.links
    several = _page(http, "/article", status=404, url="/2026/nov/20/")
    assert "matches several tracked articles" in several.text
    missing = _page(http, "/article", status=400)
    assert "url is required" in missing.text


# --- diffs --------------------------------------------------------------------


def test_diff_shows_the_latest_change_side_by_side(http, site):
    response = _get(http, "/diff", url=site.url(DCR))
    assert response.status_code == 200
    page = Page(response.text)
    assert "Version 1 / Version 2 (about 21 hours later)" in page.text
    assert f"<ins>{TOP}</ins>" in response.text
    assert 'class="diff"' in response.text  # the side-by-side table
    prev = "/diff?" + urlencode({"url": site.url(DCR), "from": 0, "to": 1})
    assert prev in page.links
    assert not any("next change" in t for t in page.text_parts)
    inline = "/diff?" + urlencode(
        {"url": site.url(DCR), "from": 1, "to": 2, "view": "inline"}
    )
    assert inline in page.links
    assert page.alternates["application/atom+xml"] == "/feed.atom?" + urlencode(
        {"url": site.url(DCR)}
    )


def test_diff_of_any_two_versions_and_the_inline_view(http, site):
    first = _get(http, "/diff", url=site.url(DCR), **{"from": 0, "to": 1})
    assert "Version 0 / Version 1 (about 2 hours later)" in Page(first.text).text
    assert (
        "<p>Engineers told the meeting that a full repair would take at least "
        "<del>two</del> years" in first.text
    )
    assert "take at least <ins>three</ins> years" in first.text
    assert "<del>divides town (harbour-wall-repair)</del>" in first.text
    assert "<ins>approved after long debate</ins>" in first.text
    page = Page(first.text)
    following = "/diff?" + urlencode({"url": site.url(DCR), "from": 1, "to": 2})
    assert following in page.links
    both = _get(http, "/diff", url=site.url(DCR), **{"from": 0, "to": 2})
    assert "Version 0 / Version 2 (about 23 hours later)" in Page(both.text).text
    inline = _get(
        http, "/diff", url=site.url(DCR), view="inline", **{"from": 0, "to": 1}
    )
    assert 'class="diff"' not in inline.text
    assert "<del>two</del> <ins>three</ins>" in inline.text
    assert '<p class="unchanged">' in inline.text  # the whole text, not just changes
    # The version picker is a plain form: no script needed.
    assert "select" in Page(inline.text).tags and "form" in Page(inline.text).tags


def test_diff_of_the_hostile_edit_escapes_it(http, site):
    response = _get(http, "/diff", url=site.url(POLITICS))
    _assert_safe(response)
    assert "&lt;img src=x onerror=alert(2)&gt;" in response.text
    assert (
        '<td class="new"><p>Budget vote <ins>&lt;script&gt;alert(1)&lt;/script&gt;'
        "</ins> delayed <ins>&amp; &quot;postponed&quot;</ins></p></td>"
    ) in response.text
    assert HOSTILE_PARAGRAPH in Page(response.text).text


def test_diff_errors(http, site):
    url = site.url(DCR)
    out_of_range = _page(http, "/diff", status=404, url=url, to=7)
    assert "version 7 is out of range: this article has versions 0 to 2" in (
        out_of_range.text
    )
    assert _get(http, "/diff", url=url, to="x").status_code == 400
    assert _get(http, "/diff", url=url, view="3d").status_code == 400
    one = _page(http, "/diff", url=site.url(FRONTEND))
    assert "nothing has changed yet" in one.text


# --- search -------------------------------------------------------------------


def test_search_by_headline_or_url_ignoring_case(http, site):
    page = _page(http, "/search", q="HARBOUR wall")
    assert NEW_TITLE in page.text
    assert "/article?" + urlencode({"url": site.url(DCR)}) in page.links
    by_url = _page(http, "/search", q="river-festival").text
    assert "River festival returns" in by_url and NEW_TITLE not in by_url
    hostile = _page(http, "/search", q="<script>")
    assert HOSTILE_TITLE in hostile.text
    assert "No tracked article has “wall (” in its headline or URL" in (
        _page(http, "/search", q="wall (").text
    )
    assert "Search the headlines" in _page(http, "/search").text
    assert _get(http, "/search", q="x" * 300).status_code == 400


def test_searching_a_tracked_url_goes_to_its_page(http, site):
    response = _get(http, "/search", q=site.url(DCR) + "?CMP=share")
    assert response.status_code == 302
    assert response.headers["location"] == "/article?" + urlencode(
        {"url": site.url(DCR)}
    )


# --- feeds --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_of_all_a_source_and_an_article(http, site, kind):
    media = "application/atom+xml" if kind == "atom" else "application/rss+xml"
    every = _get(http, f"/feed.{kind}")
    assert every.headers["content-type"].startswith(media)
    parsed = feedparser.parse(every.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert [e.id for e in parsed.entries] == [
        site.url(POLITICS) + "#v1",
        site.url(DCR) + "#v2",
        site.url(DCR) + "#v1",
    ]
    assert parsed.entries[0].title == f"{HOSTILE_TITLE} (version 1)"
    source = feedparser.parse(_get(http, f"/feed.{kind}", source="guardian").content)
    assert len(source.entries) == 3
    article = feedparser.parse(_get(http, f"/feed.{kind}", url=site.url(DCR)).content)
    assert article.feed.title == f"Changes to: {NEW_TITLE}"
    assert [e.id for e in article.entries] == [
        site.url(DCR) + "#v2",
        site.url(DCR) + "#v1",
    ]


def test_feed_errors(http, site):
    assert _get(http, "/feed.xml").status_code == 404
    assert _get(http, "/feed.rss", source="bbc").status_code == 404
    both = _get(http, "/feed.rss", source="guardian", url=site.url(DCR))
    assert both.status_code == 400 and "not both" in both.text
    assert _get(http, "/feed.rss", url="no-such-article").status_code == 404


# --- the JSON API -------------------------------------------------------------


def _json(http: httpx.Client, path: str, status: int = 200, **query) -> dict:
    response = _get(http, path, **query)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def test_api_changes(http, site):
    out = _json(http, "/api/changes", limit=2)
    assert [c["id"] for c in out["changes"]] == [
        site.url(POLITICS) + "#v1",
        site.url(DCR) + "#v2",
    ]
    first = out["changes"][0]
    assert first["title"] == HOSTILE_TITLE
    assert first["fetched_at"] == "2026-11-21T10:00:00+00:00"
    assert first["changed_fields"] == ["title", "body"]
    assert first["diff"] == "/api/diff?" + urlencode(
        {"url": site.url(POLITICS), "to": 1}
    )
    assert out["next"] == "/api/changes?page=2&limit=2"
    rest = _json(http, "/api/changes", limit=2, page=2)
    assert [c["version"] for c in rest["changes"]] == [1] and rest["next"] is None
    headline = _json(http, "/api/changes", headline=1)
    assert [c["id"] for c in headline["changes"]] == [
        site.url(POLITICS) + "#v1",
        site.url(DCR) + "#v1",
    ]


def test_api_sources_and_a_source(http, site):
    (guardian,) = _json(http, "/api/sources")["sources"]
    assert guardian == {
        "source": "guardian",
        "tracked": 3,
        "changed": 2,
        "live": 3,
        "gone": 0,
        "failing": 0,
        "retired": 0,
        "health": "ok",
        "articles": "/api/sources/guardian",
    }
    out = _json(http, "/api/sources/guardian")
    assert out["counts"]["tracked"] == 3
    assert [a["url"] for a in out["articles"]] == [
        site.url(POLITICS),
        site.url(DCR),
        site.url(FRONTEND),
    ]
    assert out["articles"][1]["change_count"] == 2
    assert _json(http, "/api/sources/bbc", status=404)["error"] == (
        "There is no source 'bbc' in the store."
    )


def test_api_article(http, site):
    out = _json(http, "/api/article", url=site.url(DCR))
    assert out["url"] == site.url(DCR)
    assert out["title"] == NEW_TITLE
    assert out["status_line"].startswith("This article is from the source 'guardian'")
    assert [v["version"] for v in out["versions"]] == [0, 1, 2]
    assert out["versions"][1]["after"] == "about 2 hours later"
    assert out["versions"][1]["diff"] == "/api/diff?" + urlencode(
        {"url": site.url(DCR), "to": 1}
    )
    assert out["feeds"]["rss"] == "/feed.rss?" + urlencode({"url": site.url(DCR)})
    missing = _json(http, "/api/article", status=404, url="no-such-article")
    assert "is not tracked" in missing["error"]


def test_api_diff(http, site):
    out = _json(http, "/api/diff", url=site.url(DCR), **{"from": 0, "to": 1})
    diff = out["diff"]
    assert diff["heading"] == "Version 0 / Version 1 (about 2 hours later)"
    assert (diff["words_added"], diff["words_removed"]) == (5, 4)
    assert ["delete", "two"] in diff["paragraphs"][1]["segments"]
    hostile = _json(http, "/api/diff", url=site.url(POLITICS))["diff"]
    assert hostile["fields"][0]["new"] == HOSTILE_TITLE  # JSON carries the text as is
    assert _json(http, "/api/diff", url=site.url(FRONTEND))["diff"] is None
    assert _json(http, "/api/diff", status=400, url=site.url(DCR), to="z")["error"] == (
        "to must be a whole number, not 'z'"
    )


def test_api_search(http, site):
    out = _json(http, "/api/search", q="harbour")
    assert out["method"] == "scan"
    assert [a["url"] for a in out["articles"]] == [site.url(DCR)]
    assert _json(http, "/api/search", status=400)["error"] == "q is required"


# --- safety -------------------------------------------------------------------


def test_unknown_pages_are_a_404_page(http):
    for path in ("/nope", "/article/extra", "/api/nope", "/static/nope.css"):
        response = _get(http, path)
        assert response.status_code == 404, path
        _assert_safe(response)
    assert "There is no page at /nope." in Page(_get(http, "/nope").text).text
    assert _get(http, "/api/nope").json()["status"] == 404


def test_nothing_can_be_written(http, site):
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for path in ("/", "/article", "/api/changes", "/feed.rss"):
            response = http.request(method, path, params={"url": site.url(DCR)})
            assert response.status_code == 405, (method, path)
            assert response.headers["allow"] == "GET, HEAD"
            _assert_safe(response)


def test_the_css_is_served_and_fits_a_phone(http):
    response = _get(http, "/static/viewer.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "@media (max-width: 40em)" in response.text
    page = _page(http, "/")
    assert ("meta", "name", "viewport") in page.attrs
    assert ("link", "href", "/static/viewer.css") in page.attrs


def test_a_version_from_a_parser_upgrade_is_labelled(
    http, site, mongo_client, store_db
):
    versions = mongo_client[store_db].versions
    query = {"article": site.url(DCR), "version": 2}
    versions.update_one(query, {"$set": {"cause": "parser"}})
    try:
        article = _page(http, "/article", url=site.url(DCR)).text
        diff = _page(http, "/diff", url=site.url(DCR)).text
        api = _json(http, "/api/article", url=site.url(DCR))
        feed = _get(http, "/feed.rss", url=site.url(DCR)).text
    finally:
        versions.update_one(query, {"$unset": {"cause": ""}})
    # The article's feed (read from the store each time) keeps the
    # publisher's change only: version 1 of the two.
    assert feed.count("<item>") == 1
    assert article.count("parser") == 1
    assert "comes from a parser upgrade, not from the publisher" in diff
    assert [v["cause"] for v in api["versions"]] == ["publisher", "publisher", "parser"]


# --- the store, down ----------------------------------------------------------


def test_a_store_that_stops_answering_gives_a_clear_page(tmp_path, site):
    store = EmbeddedStore.acquire(tmp_path / "store")
    running = True
    try:
        database = "newscrawl"
        viewer_gen = serve(store.uri, database)
        viewer = next(viewer_gen)
        try:
            with httpx.Client(base_url=viewer.base_url, timeout=60) as http:
                assert "No changes" in _page(http, "/").text
                store.release()
                running = False
                # A list read a moment ago is shown as it was (see the cache
                # test); anything the viewer must read now says the store is
                # down. (Not a search: one that matches nothing in the pool
                # read ahead at start reads nothing from the store.)
                assert "No changes" in _page(http, "/").text
                page = _page(http, "/article", status=503, url="harbour")
                assert "Store unreachable" in page.text
                assert "cannot be reached just now" in page.text
                down = _get(http, "/api/changes", source="guardian")
                assert (
                    down.status_code == 503
                    and "cannot be reached" in down.json()["error"]
                )
        finally:
            viewer_gen.close()
        assert viewer.proc.returncode == 0
        _, err = viewer.proc.communicate()
        assert "Traceback" not in err
    finally:
        if running:
            store.release()


def test_serve_reads_the_counts_and_the_search_pool_ahead_and_says_so(viewer):
    # The viewer answered before (the fixture's first line says it listens);
    # this line comes when it has read what only every article can give.
    lines: list[str] = []
    # A thread, not select(): the first readline() may hold this line already.
    reader = threading.Thread(
        target=lambda: lines.append(viewer.proc.stdout.readline())
    )
    reader.daemon = True
    reader.start()
    reader.join(60)
    assert lines, "no line after the first"
    line = lines[0]
    assert re.fullmatch(
        r"Read 1 source, their counts and health, 3 articles to search in "
        r"\d+\.\d s\n",
        line,
    ), line


def test_serve_says_in_one_line_when_the_store_cannot_be_reached():
    port = _free_port()
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "serve", "--port", "0",
         "--mongo-uri", f"mongodb://127.0.0.1:{port}/"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(
        "newscrawl serve: cannot reach MongoDB at mongodb://127.0.0.1:"
    )


def test_serve_on_a_busy_port_says_so(viewer):
    port = int(viewer.base_url.rsplit(":", 1)[1])
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "serve", "--port", str(port)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        f"newscrawl serve: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )


def test_the_docs_name_every_route_and_their_examples_are_json():
    docs = (Path(ROOT) / "docs" / "viewer.md").read_text()
    for route in ROUTES:
        assert f"`{route.path}" in docs, route.path
    examples = re.findall(r"```json\n(.*?)```", docs, flags=re.S)
    assert len(examples) >= 8
    for example in examples:
        json.loads(example)


# --- the pieces that need no server ------------------------------------------


def test_the_cache_serves_a_stale_value_while_renewing_and_not_past_max_age():
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        if len(calls) == 3:
            raise ConnectionError("store down")
        return len(calls)

    cache = Cache(ttl=0.05, max_age=0.3)
    assert cache.get("k", compute) == 1
    assert cache.get("k", compute) == 1 and len(calls) == 1  # fresh: not read
    time.sleep(0.08)
    assert cache.get("k", compute) == 1  # stale: served, renewed behind
    _wait_for(lambda: cache.get("k", compute) == 2)
    time.sleep(0.08)
    assert cache.get("k", compute) == 2  # renewing fails: the old value stays
    _wait_for(lambda: len(calls) == 3)
    time.sleep(0.3)

    def down() -> int:
        raise ConnectionError("store down")

    with pytest.raises(ConnectionError):  # too old: read now, and the error shows
        cache.get("k", down)
    nothing_kept = Cache(ttl=0)
    assert [nothing_kept.get("k", compute) for _ in range(2)] == [4, 5]


def test_the_cache_computes_a_missing_value_once_for_all_who_ask_meanwhile():
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        started.set()
        release.wait(5)
        if len(calls) == 1:
            raise ConnectionError("store down")
        return "value"

    cache = Cache(ttl=60)
    got: list[object] = []

    def ask() -> None:
        try:
            got.append(cache.get("k", compute))
        except ConnectionError as exc:
            got.append(exc)

    asking = [threading.Thread(target=ask) for _ in range(4)]
    asking[0].start()
    assert started.wait(5)
    for thread in asking[1:]:
        thread.start()
    time.sleep(0.1)  # the others are waiting for the first one's computation
    release.set()
    for thread in asking:
        thread.join(5)
    assert len(calls) == 1  # one computation, and its error for all four
    assert len(got) == 4 and all(isinstance(e, ConnectionError) for e in got)
    assert cache.get("k", compute) == "value"  # not kept: computed again
    assert len(calls) == 2


def _wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition never met"
        time.sleep(0.01)


def test_the_read_ahead_compiles_every_template(store_db, mongo_client):
    app = create_app(ArticleStore(mongo_client[store_db]))
    env = app.state.templates.env
    assert not env.cache
    assert warm(app.state).startswith("1 source, their counts and health")
    compiled = {name for _, name in env.cache.keys()}
    assert compiled == set(env.list_templates(extensions=["html"]))
