"""Real `scrapy crawl nyt` runs against a local NYT-like site into a real store."""

from __future__ import annotations

from tests.support.crawling import (
    assert_changed_once,
    assert_never_fetched,
    assert_stored_once,
    edit_one_word,
    site_fixtures,
    snapshot,
    versions,
)
from testsite import nyt

WORLD = "/2026/11/20/world/harbour-wall-repair.html"
POLITICS = "/2026/11/20/us/budget-vote-delayed.html"
WALLED = "/2026/11/20/world/members-only-analysis.html"
LOGIN = "/2026/11/20/world/sign-in-required.html"
TRACKED = (WORLD, POLITICS)
# The feeds' real paths, on the test site's host instead of rss.nytimes.com.
FEEDS = ",".join(nyt.RSS_PATH.format(name=name) for name in nyt.FEEDS)


_site_server, site, crawl = site_fixtures(
    "nyt", nyt, feeds=FEEDS, prepare=nyt.serve_sitemaps, check=True
)


def test_first_crawl_stores_articles_and_rejects_walls(crawl, site, db) -> None:
    result = crawl()
    assert result.stat("discovered") == 4
    assert result.stat("new") == 2
    assert result.stat("rejected/paywall") == 1
    assert result.stat("rejected/interstitial") == 1
    assert_stored_once(db, site, "nyt", TRACKED)
    (politics,) = versions(db, site, POLITICS)
    source = site.article(POLITICS)
    assert politics["version"] == 0
    assert politics["byline"] == "Alex Example and Sam Sample"
    assert politics["section"] == "U.S."
    assert politics["tags"] == ["Harbors", "Local Government", "Storms"]
    assert politics["published"] == source["published"]
    assert politics["body"].split("\n")[-1] == source["correction"]
    # Found through the gzipped sitemap as well as the feeds.
    assert site.requested(nyt.SITEMAP_INDEX) == 1
    assert site.requested(nyt.SITEMAP_PART) == 1
    assert_never_fetched(site, nyt.NON_ARTICLE_LINKS)


def test_edit_makes_one_version_and_a_quiet_recrawl_none(crawl, site, db) -> None:
    crawl()
    again = crawl()
    assert again.stat("unchanged") == 2 and again.stat("new") == 0
    assert db.versions.count_documents({}) == 2
    edit_one_word(site, WORLD)
    edited = crawl()
    assert edited.stat("changed") == 1 and edited.stat("unchanged") == 1
    assert_changed_once(db, site, WORLD, "body")
    v1 = versions(db, site, WORLD)[1]
    assert (v1["words_added"], v1["words_removed"]) == (1, 1)


def test_tracked_article_served_cut_or_walled_changes_nothing(crawl, site, db) -> None:
    crawl()
    before = snapshot(db)
    # The stored articles now reach us cut for non-subscribers, or redirect
    # to the login page.
    site.set_kind(WORLD, "truncated")
    site.override("/auth/login", nyt.render_login(site.url(POLITICS)).encode())
    site.redirect(POLITICS, "/auth/login", status=302)
    walled = crawl()
    assert walled.stat("rejected/paywall") == 2  # WORLD and the always-cut page
    assert walled.stat("rejected/interstitial") == 2  # POLITICS and LOGIN
    assert walled.stat("changed") == 0 and walled.stat("new") == 0
    assert walled.stat("redirected") == 0
    assert snapshot(db) == before
    politics = db.articles.find_one({"_id": site.url(POLITICS)})
    assert politics["status"] == "live" and politics["next_check"] is not None
    # Full text again: still the same version, no flip back and forth.
    site.set_kind(WORLD, "article")
    site.restore(POLITICS)
    restored = crawl()
    assert restored.stat("unchanged") == 2 and restored.stat("changed") == 0
    assert snapshot(db) == before


def test_robots_rules_for_scrapy_bar_the_whole_site_when_applied(
    crawl, site, db
) -> None:
    # robots.txt names Scrapy; a user who applies those rules fetches nothing.
    # A crawl that fetched nothing may exit 1 to tell cron about it.
    result = crawl(settings={"ROBOTSTXT_USER_AGENT": "Scrapy"}, check=False)
    assert "Traceback" not in result.log, result.log
    assert "Forbidden by robots.txt" in result.log
    assert db.articles.count_documents({}) == 0
    assert_never_fetched(site, (WORLD, POLITICS, nyt.SITEMAP_INDEX, *FEEDS.split(",")))
