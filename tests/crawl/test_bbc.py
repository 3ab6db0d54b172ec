"""Real `scrapy crawl bbc` runs against a local BBC-like site into a real store."""

from __future__ import annotations

from spiders.bbc import BbcSpider
from tests.support.crawling import (
    assert_never_fetched,
    assert_rejected,
    assert_serves,
    assert_stored_once,
    check_edits_then_new_markup,
    feed_paths,
    site_fixtures,
    versions,
)
from testsite import bbc

EUROPE = "/news/articles/c4e5f6a7b8co"
HEALTH = "/news/articles/cx9y8z7w6v5o"
OPTIMO = "/news/health-67012345"
RESPONSIVE = "/news/world-us-canada-52241234"
TRACKED = (EUROPE, HEALTH, OPTIMO, RESPONSIVE)
# The real feeds live on feeds.bbci.co.uk; the crawl is told their paths on
# the local site (and never leaves 127.0.0.1).
FEEDS = feed_paths(BbcSpider.default_feeds)


_site_server, site, crawl = site_fixtures("bbc", bbc, feeds=FEEDS, check=True)


def test_the_site_serves_the_spiders_default_discovery_paths(site):
    assert_serves(bbc, site, (*FEEDS.split(","), *BbcSpider.default_sitemaps))
    feeds_host = "https://feeds.bbci.co.uk/news/"
    assert all(url.startswith(feeds_host) for url in BbcSpider.default_feeds)


def test_first_crawl_stores_each_article_and_skips_the_rest(crawl, site, db):
    result = crawl()
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
    assert_rejected(db, site, bbc.CONSENT_PATH)
    # Video, Sport, iPlayer, topic and live links are never fetched.
    assert_never_fetched(site, (bbc.LIVE_PATH, *bbc.NON_ARTICLE_LINKS))
    assert result.stat("new") == len(TRACKED)


def test_an_edit_is_version_one_and_a_recrawl_or_new_markup_adds_nothing(crawl, db):
    # The edited headline's story is then served in the older Optimo markup,
    # as the BBC re-renders stories: the same text is no new version.
    check_edits_then_new_markup(
        crawl,
        db,
        TRACKED,
        body_of=OPTIMO,
        edited=(EUROPE, "title", "Harbour wall plan approved after long debate"),
        new_kind="optimo",
    )


def test_live_pages_are_tracked_when_the_setting_asks(crawl, site, db):
    crawl(settings={"NEWSCRAWL_INCLUDE_LIVEBLOGS": "1"})
    assert site.requested(bbc.LIVE_PATH) == 1
    assert db.articles.find_one({"_id": site.url(bbc.LIVE_PATH)}) is not None
