"""Real `scrapy crawl cnn` runs against a local CNN-like site into a real store."""

from __future__ import annotations

from spiders.cnn import CnnSpider
from tests.support.crawling import (
    assert_changed_once,
    assert_never_fetched,
    assert_rejected,
    assert_stored_as_served,
    assert_stored_once,
    edit_one_word,
    feed_paths,
    site_fixtures,
    versions,
)
from testsite import cnn as cnn_site

POLITICS = "/2026/11/20/politics/harbour-wall-vote"
WORLD = "/2026/11/20/world/ferry-strike-talks-intl"
ZN = "/2026/11/20/us/river-festival-returns"
PAYWALL = "/2026/11/20/politics/harbour-budget-details"
TRACKED = (POLITICS, WORLD, ZN)
# The spider's default feeds live on rss.cnn.com; the test site serves the
# same paths, so the crawl asks it for them instead of the real host.
FEEDS = feed_paths(CnnSpider.default_feeds)


_site_server, site, crawl = site_fixtures("cnn", cnn_site, feeds=FEEDS, check=True)


def test_first_crawl_stores_articles_and_rejects_the_paywall(crawl, site, db):
    result = crawl()
    assert_stored_once(db, site, "cnn", TRACKED)
    for path in TRACKED:
        article = site.article(path)
        byline, section = cnn_site.expected_byline(article), article["section_slug"]
        assert_stored_as_served(db, site, path, byline=byline, section=section)
    # The world story is only in the FeedBurner feed: read through origLink.
    assert site.requested(WORLD) == 1
    assert result.stat("discovered") == 4  # 3 articles and the paywalled one
    assert result.stat("new") == 3
    assert result.stat("rejected/paywall") == 1
    assert_rejected(db, site, PAYWALL)
    # Video, gallery, profile, interactive and live pages are never fetched.
    paths = [link.removesuffix("/index.html") for link in cnn_site.NON_ARTICLE_LINKS]
    assert_never_fetched(site, (*paths, *(path + "/index.html" for path in paths)))


def test_edit_makes_version_one_and_unchanged_recrawls_add_nothing(crawl, site, db):
    crawl()
    result = crawl()
    assert result.stat("new") == 0 and result.stat("unchanged") == len(TRACKED)
    assert db.versions.count_documents({}) == len(TRACKED)
    edit_one_word(site, POLITICS)
    # The same text re-rendered in the current markup is no change.
    site.set_kind(ZN, "stellar")
    result = crawl()
    assert result.stat("changed") == 1 and result.stat("unchanged") == 2
    assert_changed_once(db, site, POLITICS, "body")
    assert len(versions(db, site, ZN)) == 1


def test_live_stories_are_tracked_when_the_setting_asks(crawl, site, db):
    crawl(settings={"NEWSCRAWL_INCLUDE_LIVEBLOGS": "1"})
    assert site.requested(cnn_site.LIVE_PATH) == 1
    (v0,) = versions(db, site, cnn_site.LIVE_PATH)
    live = site.article(cnn_site.LIVE_PATH)
    assert v0["body"].split("\n") == [
        f"{u['title']} {u['text']}" for u in live["updates"]
    ]
