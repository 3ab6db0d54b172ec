"""Real `scrapy crawl independent` runs against a local Independent-like site."""

from __future__ import annotations

import pytest
from pymongo.database import Database

from spiders.independent import IndependentSpider
from tests.support.crawling import SiteCrawler, assert_stored_once, serve, versions
from testsite import independent
from testsite.server import TestSite

WORLD = "/news/world/europe/harbour-wall-plan-divides-town-b2650010.html"
UK = "/news/uk/home-news/clinic-waiting-times-fall-b2650011.html"
AMP = "/news/world/americas/river-festival-returns-b2650012.html"
TRACKED = (WORLD, UK, AMP)


indy_site = serve(independent)


@pytest.fixture
def crawl(indy_site: TestSite, mongo_uri: str, db: Database) -> SiteCrawler:
    indy_site.reset()
    return SiteCrawler(indy_site, mongo_uri, db.name, spider="independent")


def test_the_site_serves_the_spiders_default_discovery_paths(indy_site):
    items = [
        {**page["article"], "url": indy_site.url(path)}
        for path, page in independent.default_pages().items()
    ]
    for path in (*IndependentSpider.default_feeds, *IndependentSpider.default_sitemaps):
        assert independent.documents(path, items) is not None, path


def test_first_crawl_stores_each_article_and_skips_the_rest(crawl, indy_site, db):
    site = indy_site
    result = crawl()
    assert result.returncode == 0, result.log
    assert "Traceback" not in result.log
    assert result.stat("failed/fetch") == 0
    assert_stored_once(db, site, "independent", TRACKED)
    for path in TRACKED:
        assert site.requested(path) == 1
    world = versions(db, site, WORLD)[0]
    assert world["version"] == 0
    assert world["byline"] == "Alex Example and Sam Sample"
    assert world["section"] == "Europe"
    assert world["standfirst"] == site.article(WORLD)["standfirst"]
    assert world["body"].split("\n")[2] == "What happens next"
    assert world["published"] == site.article(WORLD)["published"]
    assert versions(db, site, UK)[0]["byline"] == "Alex Example"
    # The Premium page is fetched, rejected as a paywall, never stored.
    assert result.stat("rejected/paywall") == 1
    assert site.requested(independent.PREMIUM_PATH) == 1
    assert db.articles.find_one({"_id": site.url(independent.PREMIUM_PATH)}) is None
    # Topic, author, video, shopping and live blog links are never fetched.
    assert site.requested(independent.LIVE_PATH) == 0
    for link in independent.NON_ARTICLE_LINKS:
        assert site.requested(link) == 0
    assert result.stat("new") == len(TRACKED)


def test_an_edit_is_version_one_and_a_recrawl_or_new_markup_adds_nothing(
    crawl, indy_site, db
):
    site = indy_site
    crawl()
    body = site.article(AMP)["body"]
    body[1] = body[1].replace("two years", "three years")
    site.edit(AMP, body=body)
    site.edit(WORLD, standfirst="Engineers now say the barrier will not be ready.")
    result = crawl()
    assert result.stat("changed") == 2 and result.stat("unchanged") == 1
    for path, field in ((AMP, "body"), (WORLD, "standfirst")):
        article = db.articles.find_one({"_id": site.url(path)})
        assert (article["version_count"], article["change_count"]) == (2, 1)
        assert versions(db, site, path)[1]["changed_fields"] == [field]
    # No edit, but one story now served in the 2020 AMP markup: the same
    # text is no new version.
    site.set_kind(WORLD, "amp")
    result = crawl()
    assert site.requested(WORLD) == 3
    assert result.stat("changed") == 0 and result.stat("unchanged") == len(TRACKED)
    assert db.versions.count_documents({}) == len(TRACKED) + 2


def test_live_blogs_are_tracked_when_the_setting_asks(crawl, indy_site, db):
    crawl(settings={"NEWSCRAWL_INCLUDE_LIVEBLOGS": "1"})
    assert indy_site.requested(independent.LIVE_PATH) == 1
    live = db.articles.find_one({"_id": indy_site.url(independent.LIVE_PATH)})
    assert live is not None
    version = versions(db, indy_site, independent.LIVE_PATH)[0]
    updates = indy_site.article(independent.LIVE_PATH)["updates"]
    assert version["body"].split("\n") == [update["text"] for update in updates]
