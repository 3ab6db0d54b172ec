"""Real `scrapy crawl cnn` runs against a local CNN-like site into a real store."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from pymongo.database import Database

from spiders.cnn import CnnSpider
from tests.support.crawling import (
    CrawlResult,
    SiteCrawler,
    assert_stored_once,
    serve,
    versions,
)
from testsite import cnn as cnn_site
from testsite.pages import expected_body
from testsite.server import TestSite

POLITICS = "/2026/11/20/politics/harbour-wall-vote"
WORLD = "/2026/11/20/world/ferry-strike-talks-intl"
ZN = "/2026/11/20/us/river-festival-returns"
PAYWALL = "/2026/11/20/politics/harbour-budget-details"
TRACKED = (POLITICS, WORLD, ZN)
# The spider's default feeds live on rss.cnn.com; the test site serves the
# same paths, so the crawl asks it for them instead of the real host.
FEEDS = ",".join(urlsplit(feed).path for feed in CnnSpider.default_feeds)


_cnn_server = serve(cnn_site)


@pytest.fixture
def site(_cnn_server: TestSite) -> TestSite:
    """The local CNN-like site, reset to its starting pages."""
    _cnn_server.reset()
    return _cnn_server


@pytest.fixture
def crawl(site: TestSite, mongo_uri: str, db: Database):
    """Run the cnn spider against the test site into this test's database."""
    crawler = SiteCrawler(site, mongo_uri, db.name, spider="cnn")

    def run(**settings: str) -> CrawlResult:
        result = crawler(settings=settings, args={"feeds": FEEDS})
        assert result.returncode == 0, result.log
        assert "Traceback" not in result.log
        return result

    return run


def test_first_crawl_stores_articles_and_rejects_the_paywall(crawl, site, db):
    result = crawl()
    assert_stored_once(db, site, "cnn", TRACKED)
    for path in TRACKED:
        article = site.article(path)
        (v0,) = versions(db, site, path)
        assert v0["title"] == article["title"]
        assert v0["standfirst"] == article["standfirst"]
        assert v0["byline"] == cnn_site.expected_byline(article)
        assert v0["section"] == article["section_slug"]
        assert v0["published"] == article["published"]
        assert v0["body"].split("\n") == expected_body(article["body"])
    # The world story is only in the FeedBurner feed: read through origLink.
    assert site.requested(WORLD) == 1
    assert result.stat("discovered") == 4  # 3 articles and the paywalled one
    assert result.stat("new") == 3
    assert result.stat("rejected/paywall") == 1
    assert db.articles.find_one({"_id": site.url(PAYWALL)}) is None
    assert site.requested(PAYWALL) == 1
    # Video, gallery, profile, interactive and live pages are never fetched.
    for link in cnn_site.NON_ARTICLE_LINKS:
        path = link.removesuffix("/index.html")
        assert site.requested(path) == site.requested(path + "/index.html") == 0


def test_edit_makes_version_one_and_unchanged_recrawls_add_nothing(crawl, site, db):
    crawl()
    result = crawl()
    assert result.stat("new") == 0 and result.stat("unchanged") == len(TRACKED)
    assert db.versions.count_documents({}) == len(TRACKED)
    body = site.article(POLITICS)["body"]
    body[1] = body[1].replace("two years", "three years")
    site.edit(POLITICS, body=body)
    # The same text re-rendered in the current markup is no change.
    site.set_kind(ZN, "stellar")
    result = crawl()
    assert result.stat("changed") == 1 and result.stat("unchanged") == 2
    doc = db.articles.find_one({"_id": site.url(POLITICS)})
    assert (doc["version_count"], doc["change_count"]) == (2, 1)
    v1 = versions(db, site, POLITICS)[1]
    assert v1["version"] == 1 and v1["changed_fields"] == ["body"]
    assert len(versions(db, site, ZN)) == 1


def test_live_stories_are_tracked_when_the_setting_asks(crawl, site, db):
    crawl(NEWSCRAWL_INCLUDE_LIVEBLOGS="1")
    assert site.requested(cnn_site.LIVE_PATH) == 1
    (v0,) = versions(db, site, cnn_site.LIVE_PATH)
    live = site.article(cnn_site.LIVE_PATH)
    assert v0["body"].split("\n") == [
        f"{u['title']} {u['text']}" for u in live["updates"]
    ]
