"""Real `scrapy crawl independent` runs against a local Independent-like site."""

from __future__ import annotations

from spiders.independent import IndependentSpider
from tests.support.crawling import (
    assert_never_fetched,
    assert_rejected,
    assert_serves,
    assert_stored_once,
    check_edits_then_new_markup,
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


def test_an_edit_is_version_one_and_a_recrawl_or_new_markup_adds_nothing(crawl, db):
    # The story with the new standfirst is then served in the 2020 AMP
    # markup: the same text is no new version.
    standfirst = "Engineers now say the barrier will not be ready."
    check_edits_then_new_markup(
        crawl,
        db,
        TRACKED,
        body_of=AMP,
        edited=(WORLD, "standfirst", standfirst),
        new_kind="amp",
    )


def test_live_blogs_are_tracked_when_the_setting_asks(crawl, site, db):
    crawl(settings={"NEWSCRAWL_INCLUDE_LIVEBLOGS": "1"})
    assert site.requested(independent.LIVE_PATH) == 1
    live = db.articles.find_one({"_id": site.url(independent.LIVE_PATH)})
    assert live is not None
    version = versions(db, site, independent.LIVE_PATH)[0]
    updates = site.article(independent.LIVE_PATH)["updates"]
    assert version["body"].split("\n") == [update["text"] for update in updates]
