"""Real `scrapy crawl politico` runs against a local Politico-like site."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from pymongo.database import Database

from spiders.politico import PoliticoSpider
from tests.support.crawling import (
    CrawlResult,
    SiteCrawler,
    assert_stored_once,
    serve,
    versions,
)
from testsite import politico as politico_site
from testsite.pages import expected_body
from testsite.server import TestSite

STORY = "/news/2026/11/20/harbour-wall-vote-00123451"
STORY_2022 = "/news/2026/11/20/ferry-strike-talks-00123452"
STORY_2016 = "/story/2026/11/river-festival-returns-123453"
LETTER = "/newsletters/playbook/2026/11/20/harbour-wall-deal-00123454"
CHALLENGE = "/news/2026/11/20/senate-budget-deal-00123456"
TRACKED = (STORY, STORY_2022, STORY_2016, LETTER)
# The default feeds live on rss.politico.com; the test site serves the same
# paths, so the crawl asks it for them instead of the real host.
FEEDS = ",".join(urlsplit(feed).path for feed in PoliticoSpider.default_feeds)


_politico_server = serve(politico_site)


@pytest.fixture
def site(_politico_server: TestSite) -> TestSite:
    """The local Politico-like site, reset to its starting pages."""
    _politico_server.reset()
    return _politico_server


@pytest.fixture
def crawl(site: TestSite, mongo_uri: str, db: Database):
    """Run the politico spider against the test site into this test's database."""
    crawler = SiteCrawler(site, mongo_uri, db.name, spider="politico")

    def run(**settings: str) -> CrawlResult:
        result = crawler(settings=settings, args={"feeds": FEEDS})
        assert result.returncode == 0, result.log
        assert "Traceback" not in result.log
        return result

    return run


def test_first_crawl_stores_articles_and_rejects_the_challenge(crawl, site, db):
    result = crawl()
    # robots.txt shuts out "Scrapy" by name; newscrawl's own agent is let in.
    assert_stored_once(db, site, "politico", TRACKED)
    for path in TRACKED:
        article = site.article(path)
        (v0,) = versions(db, site, path)
        assert v0["title"] == article["title"]
        assert v0["standfirst"] == article["standfirst"]
        assert v0["byline"] == article["byline"]
        assert v0["published"] == article["published"]
        assert v0["body"].split("\n") == expected_body(article["body"])
    story = versions(db, site, STORY)[0]
    assert story["section"] == "Congress"
    assert story["tags"] == site.article(STORY)["tags"]
    # The sitemap index leads to both news sitemaps.
    assert site.requested("/news-sitemap-latest.xml") == 1
    assert site.requested("/news-sitemap-content.xml") == 1
    assert result.stat("discovered") == 5  # 4 articles and the challenge page
    assert result.stat("new") == 4
    assert result.stat("rejected/interstitial") == 1
    assert db.articles.find_one({"_id": site.url(CHALLENGE)}) is None
    for link in politico_site.NON_ARTICLE_LINKS:
        assert site.requested(link) == 0


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
    doc = db.articles.find_one({"_id": site.url(LETTER)})
    assert (doc["version_count"], doc["change_count"]) == (2, 1)
    v1 = versions(db, site, LETTER)[1]
    assert v1["version"] == 1 and v1["changed_fields"] == ["title"]
    assert len(versions(db, site, STORY)) == 1
