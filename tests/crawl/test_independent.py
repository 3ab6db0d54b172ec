"""Real `scrapy crawl independent` runs against a local Independent-like site."""

from __future__ import annotations

from spiders.independent import IndependentSpider
from tests.support.crawling import (
    assert_changed_once,
    assert_never_fetched,
    assert_rejected,
    assert_serves,
    assert_stored_once,
    edit_one_word,
    site_fixtures,
    versions,
)
from testsite import independent

WORLD = "/news/world/europe/harbour-wall-plan-divides-town-b2650010.html"
UK = "/news/uk/home-news/clinic-waiting-times-fall-b2650011.html"
AMP = "/news/world/americas/river-festival-returns-b2650012.html"
TRACKED = (WORLD, UK, AMP)


_site_server, site, crawl = site_fixtures("independent", independent, check=True)


def test_the_site_serves_the_spiders_default_discovery_paths(site):
    spider = IndependentSpider
    assert_serves(independent, site, (*spider.default_feeds, *spider.default_sitemaps))


def test_first_crawl_stores_each_article_and_skips_the_rest(crawl, site, db):
    result = crawl()
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
    assert_rejected(db, site, independent.PREMIUM_PATH)
    # Topic, author, video, shopping and live blog links are never fetched.
    assert_never_fetched(site, (independent.LIVE_PATH, *independent.NON_ARTICLE_LINKS))
    assert result.stat("new") == len(TRACKED)


def test_an_edit_is_version_one_and_a_recrawl_or_new_markup_adds_nothing(
    crawl, site, db
):
    crawl()
    edit_one_word(site, AMP)
    site.edit(WORLD, standfirst="Engineers now say the barrier will not be ready.")
    result = crawl()
    assert result.stat("changed") == 2 and result.stat("unchanged") == 1
    assert_changed_once(db, site, AMP, "body")
    assert_changed_once(db, site, WORLD, "standfirst")
    # No edit, but one story now served in the 2020 AMP markup: the same
    # text is no new version.
    site.set_kind(WORLD, "amp")
    result = crawl()
    assert site.requested(WORLD) == 3
    assert result.stat("changed") == 0 and result.stat("unchanged") == len(TRACKED)
    assert db.versions.count_documents({}) == len(TRACKED) + 2


def test_live_blogs_are_tracked_when_the_setting_asks(crawl, site, db):
    crawl(settings={"NEWSCRAWL_INCLUDE_LIVEBLOGS": "1"})
    assert site.requested(independent.LIVE_PATH) == 1
    live = db.articles.find_one({"_id": site.url(independent.LIVE_PATH)})
    assert live is not None
    version = versions(db, site, independent.LIVE_PATH)[0]
    updates = site.article(independent.LIVE_PATH)["updates"]
    assert version["body"].split("\n") == [update["text"] for update in updates]
