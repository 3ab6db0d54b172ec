"""Real `scrapy crawl politico` runs against a local Politico-like site."""

from __future__ import annotations

from spiders.politico import PoliticoSpider
from tests.support.crawling import (
    assert_changed_once,
    assert_never_fetched,
    assert_rejected,
    assert_stored_as_served,
    assert_stored_once,
    feed_paths,
    site_fixtures,
    versions,
)
from testsite import politico as politico_site

STORY = "/news/2026/11/20/harbour-wall-vote-00123451"
STORY_2022 = "/news/2026/11/20/ferry-strike-talks-00123452"
STORY_2016 = "/story/2026/11/river-festival-returns-123453"
LETTER = "/newsletters/playbook/2026/11/20/harbour-wall-deal-00123454"
CHALLENGE = "/news/2026/11/20/senate-budget-deal-00123456"
TRACKED = (STORY, STORY_2022, STORY_2016, LETTER)
# The default feeds live on rss.politico.com; the test site serves the same
# paths, so the crawl asks it for them instead of the real host.
FEEDS = feed_paths(PoliticoSpider.default_feeds)


_site_server, site, crawl = site_fixtures(
    "politico", politico_site, feeds=FEEDS, check=True
)


def test_first_crawl_stores_articles_and_rejects_the_challenge(crawl, site, db):
    result = crawl()
    # robots.txt shuts out "Scrapy" by name; newscrawl's own agent is let in.
    assert_stored_once(db, site, "politico", TRACKED)
    for path in TRACKED:
        assert_stored_as_served(db, site, path, byline=site.article(path)["byline"])
    story = versions(db, site, STORY)[0]
    assert story["section"] == "Congress"
    assert story["tags"] == site.article(STORY)["tags"]
    # The sitemap index leads to both news sitemaps.
    assert site.requested("/news-sitemap-latest.xml") == 1
    assert site.requested("/news-sitemap-content.xml") == 1
    assert result.stat("discovered") == 5  # 4 articles and the challenge page
    assert result.stat("new") == 4
    assert result.stat("rejected/interstitial") == 1
    assert_rejected(db, site, CHALLENGE)
    assert_never_fetched(site, politico_site.NON_ARTICLE_LINKS)


def test_edit_makes_version_one_and_unchanged_recrawls_add_nothing(crawl, site, db):
    crawl()
    result = crawl()
    assert result.stat("new") == 0 and result.stat("unchanged") == len(TRACKED)
    assert db.versions.count_documents({}) == len(TRACKED)
    site.edit(LETTER, title="Playbook: The harbour wall deal falls apart")
    # The same story re-rendered in the older markup is no change.
    site.set_kind(STORY, "story2022")
    result = crawl()
    assert result.stat("changed") == 1 and result.stat("unchanged") == 3
    assert_changed_once(db, site, LETTER, "title")
    assert len(versions(db, site, STORY)) == 1
