"""Real `scrapy crawl bbc` runs against a local BBC-like site into a real store."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from pymongo.database import Database

from spiders.bbc import BbcSpider
from tests.support.crawling import SiteCrawler, assert_stored_once, serve, versions
from testsite import bbc
from testsite.server import TestSite

EUROPE = "/news/articles/c4e5f6a7b8co"
HEALTH = "/news/articles/cx9y8z7w6v5o"
OPTIMO = "/news/health-67012345"
RESPONSIVE = "/news/world-us-canada-52241234"
TRACKED = (EUROPE, HEALTH, OPTIMO, RESPONSIVE)
# The real feeds live on feeds.bbci.co.uk; the local site serves them at the
# same paths, so the crawl is told those paths (and never leaves 127.0.0.1).
FEEDS = ",".join(urlsplit(url).path for url in BbcSpider.default_feeds)


bbc_site = serve(bbc)


@pytest.fixture
def crawl(bbc_site: TestSite, mongo_uri: str, db: Database) -> Iterator[SiteCrawler]:
    bbc_site.reset()
    crawler = SiteCrawler(bbc_site, mongo_uri, db.name, spider="bbc")
    yield lambda **kw: crawler(args={"feeds": FEEDS}, **kw)


def test_the_site_serves_the_spiders_default_discovery_paths(bbc_site):
    items = [
        {**page["article"], "url": bbc_site.url(path)}
        for path, page in bbc.default_pages().items()
    ]
    for path in (*FEEDS.split(","), *BbcSpider.default_sitemaps):
        assert bbc.documents(path, items) is not None, path
    feeds_host = "https://feeds.bbci.co.uk/news/"
    assert all(url.startswith(feeds_host) for url in BbcSpider.default_feeds)


def test_first_crawl_stores_each_article_and_skips_the_rest(crawl, bbc_site, db):
    site = bbc_site
    result = crawl()
    assert result.returncode == 0, result.log
    assert "Traceback" not in result.log
    assert result.stat("failed/fetch") == 0
    assert site.requested("/news/rss.xml") == 1
    assert site.requested("/sitemaps/https-sitemap-com-news-2.xml") == 1
    assert_stored_once(db, site, "bbc", TRACKED)
    for path in TRACKED:
        # Found in several feeds, under two guids, and in the sitemap: one fetch.
        assert site.requested(path) == 1
    europe = versions(db, site, EUROPE)[0]
    assert europe["version"] == 0
    assert europe["byline"] == "Alex Example and Sam Sample"
    assert europe["section"] == "Europe"
    assert europe["body"].split("\n")[2] == "What happens next"
    assert europe["published"] == site.article(EUROPE)["published"]
    assert versions(db, site, OPTIMO)[0]["byline"] == "Alex Example"
    assert versions(db, site, RESPONSIVE)[0]["section"] == "US & Canada"
    # The consent wall is fetched, rejected with its reason, never stored.
    assert result.stat("rejected/interstitial") == 1
    assert site.requested(bbc.CONSENT_PATH) == 1
    assert db.articles.find_one({"_id": site.url(bbc.CONSENT_PATH)}) is None
    # Video, Sport, iPlayer, topic and live links are never fetched.
    assert site.requested(bbc.LIVE_PATH) == 0
    for link in bbc.NON_ARTICLE_LINKS:
        assert site.requested(link) == 0
    assert result.stat("new") == len(TRACKED)


def test_an_edit_is_version_one_and_a_recrawl_or_new_markup_adds_nothing(
    crawl, bbc_site, db
):
    site = bbc_site
    crawl()
    body = site.article(OPTIMO)["body"]
    body[1] = body[1].replace("two years", "three years")
    site.edit(OPTIMO, body=body)
    site.edit(EUROPE, title="Harbour wall plan approved after long debate")
    result = crawl()
    assert result.stat("changed") == 2 and result.stat("unchanged") == 2
    for path, field in ((OPTIMO, "body"), (EUROPE, "title")):
        article = db.articles.find_one({"_id": site.url(path)})
        assert (article["version_count"], article["change_count"]) == (2, 1)
        assert versions(db, site, path)[1]["changed_fields"] == [field]
    # No edit, but one story now served in the older Optimo markup, as the
    # BBC re-renders stories: the same text is no new version.
    site.set_kind(EUROPE, "optimo")
    result = crawl()
    assert site.requested(EUROPE) == 3
    assert result.stat("changed") == 0 and result.stat("unchanged") == len(TRACKED)
    assert db.versions.count_documents({}) == len(TRACKED) + 2


def test_live_pages_are_tracked_when_the_setting_asks(crawl, bbc_site, db):
    crawl(settings={"NEWSCRAWL_INCLUDE_LIVEBLOGS": "1"})
    assert bbc_site.requested(bbc.LIVE_PATH) == 1
    assert db.articles.find_one({"_id": bbc_site.url(bbc.LIVE_PATH)}) is not None
