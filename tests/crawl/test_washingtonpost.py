"""Real `scrapy crawl washingtonpost` runs against a local WaPo-like site."""

from __future__ import annotations

from tests.support.crawling import (
    assert_changed_once,
    assert_never_fetched,
    assert_stored_once,
    site_fixtures,
    snapshot,
    versions,
)
from testsite import washingtonpost as wapo

WORLD = "/world/2026/11/20/harbour-wall-repair/"
POLITICS = "/politics/2026/11/20/budget-vote-delayed/"
WALLED = "/world/2026/11/20/members-only-analysis/"
TRACKED = (WORLD, POLITICS)
# The feeds' real paths, on the test site's host instead of feeds.washingtonpost.com.
FEEDS = ",".join(wapo.RSS_PATH.format(section=name) for name in wapo.FEEDS)


_site_server, site, crawl = site_fixtures(
    "washingtonpost", wapo, feeds=FEEDS, prepare=wapo.serve_sitemaps, check=True
)


def test_first_crawl_stores_stories_and_rejects_the_teaser(crawl, site, db) -> None:
    result = crawl()
    assert result.stat("discovered") == 3
    assert result.stat("new") == 2
    assert result.stat("rejected/paywall") == 1
    assert_stored_once(db, site, "washingtonpost", TRACKED)
    (politics,) = versions(db, site, POLITICS)
    source = site.article(POLITICS)
    assert politics["title"] == source["title"]
    # The SEO wording of its data, kept beside the visible headline.
    assert politics["alt_title"] == source["seo_title"]
    assert politics["byline"] == "Alex Example and Sam Sample"
    assert politics["section"] == "Politics"
    assert politics["published"] == source["published"]
    assert politics["body"].split("\n")[0] == source["correction"]
    (world,) = versions(db, site, WORLD)
    assert world["body"].split("\n")[-1] == "Jordan Other contributed to this report."
    assert site.requested(wapo.SITEMAP) == 1
    assert_never_fetched(site, wapo.NON_ARTICLE_LINKS)


def test_edit_makes_one_version_and_a_quiet_recrawl_none(crawl, site, db) -> None:
    crawl()
    again = crawl()
    assert again.stat("unchanged") == 2 and again.stat("new") == 0
    site.edit(POLITICS, title="Budget vote delayed again after a second amendment")
    edited = crawl()
    assert edited.stat("changed") == 1 and edited.stat("unchanged") == 1
    assert_changed_once(db, site, POLITICS, "title")


def test_a_new_seo_wording_alone_makes_no_version(crawl, site, db) -> None:
    crawl()
    before = snapshot(db)
    site.edit(POLITICS, seo_title="Council budget vote: why it slipped again")
    again = crawl()
    assert again.stat("unchanged") == 2 and again.stat("changed") == 0
    assert [v["alt_title"] for v in versions(db, site, POLITICS)] == [
        "Why the council budget vote was delayed again"
    ]
    assert snapshot(db) == before


def test_tracked_story_served_as_teaser_changes_nothing(crawl, site, db) -> None:
    crawl()
    before = snapshot(db)
    site.set_kind(WORLD, "teaser")
    cut = crawl()
    assert cut.stat("rejected/paywall") == 2  # WORLD and the always-cut story
    assert cut.stat("changed") == 0 and cut.stat("unchanged") == 1
    assert snapshot(db) == before
    site.set_kind(WORLD, "article")
    restored = crawl()
    assert restored.stat("unchanged") == 2 and restored.stat("changed") == 0
    assert snapshot(db) == before
