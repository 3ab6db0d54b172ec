"""Real `scrapy crawl guardian` runs against the local test site into a real store."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from pymongo.database import Database

from tests.support.crawling import (
    ROOT,
    assert_changed_once,
    assert_never_fetched,
    crawl_command,
    crawl_env,
    edit_one_word,
    run_crawl,
    versions,
)
from testsite.server import NON_ARTICLE_LINKS

DCR = "/world/2026/nov/20/harbour-wall-repair"
POLITICS = "/politics/2026/nov/20/budget-vote-delayed"
FRONTEND = "/uk-news/2026/nov/20/river-festival-returns"
LIVE = "/world/live/2026/nov/20/election-night-live"
SHORT = "/world/2026/nov/20/stub-page"
GATED = "/world/2026/nov/20/members-only-briefing"
TRACKED = (DCR, POLITICS, FRONTEND)


def test_first_crawl_stores_version_zero_of_each_article(crawl, site, db):
    result = crawl()
    assert result.returncode == 0, result.log
    assert "Traceback" not in result.log
    # No remote control of a crawl: Scrapy's telnet console (a port, a
    # password in the log) is not started.
    assert "Telnet" not in result.log and "telnet" not in result.log
    assert db.articles.count_documents({}) == len(TRACKED)
    for path in TRACKED:
        article = db.articles.find_one({"_id": site.url(path)})
        assert article["source"] == "guardian"
        assert article["status"] == "live"
        assert (article["version_count"], article["change_count"]) == (1, 0)
        assert article["title"] == site.article(path)["title"]
        assert article["next_check"] > article["last_checked"]
        stored = versions(db, site, path)
        assert [v["version"] for v in stored] == [0]
        assert stored[0]["hash"] == article["latest_hash"]
    frontend = versions(db, site, FRONTEND)[0]
    assert frontend["byline"] == "Press Association"
    assert frontend["section"] == "UK news"
    assert frontend["body"].split("\n")[2] == "What happens next"
    assert frontend["published"] == site.article(FRONTEND)["published"]
    assert result.stat("discovered") == 5  # 3 articles, the stub and the gate
    assert result.stat("new") == 3


def test_non_articles_are_rejected_with_their_reason_and_never_stored(crawl, site, db):
    result = crawl()
    assert result.stat("rejected/short_body") == 1
    assert result.stat("rejected/interstitial") == 1
    assert "Rejected " + site.url(SHORT) + ": short_body" in result.log
    for path in (SHORT, GATED, LIVE):
        assert db.articles.find_one({"_id": site.url(path)}) is None
    # Live blogs and media pages are filtered by URL, never even fetched.
    assert site.requested(LIVE) == 0
    assert_never_fetched(site, NON_ARTICLE_LINKS)


def test_a_crawl_logs_its_progress_every_interval_and_a_table_at_the_end(crawl):
    crawl()
    # Slowed down, so that the half-second interval comes round several times.
    result = crawl(
        settings={"NEWSCRAWL_PROGRESS_INTERVAL": "0.5", "DOWNLOAD_DELAY": "0.3"}
    )
    lines = result.log.splitlines()
    progress = [line for line in lines if "INFO: Progress: " in line]
    assert len(progress) >= 3, result.log
    assert re.search(
        r"Progress: due=3, queued=\d+, fetched=\d+, 304=\d, new=0, changed=0,"
        r" unchanged=\d, rejected=\d, failed=0; [\d.]+ pages/s, ",
        progress[0],
    )
    assert progress[-1].split("; ")[0].endswith("failed=0")
    assert "Crawled 0 pages" not in result.log  # Scrapy's LogStats is off
    start = next(n for n, line in enumerate(lines) if "Outcome of the crawl" in line)
    table = [line.split()[:2] for line in lines[start + 1 : start + 8]]
    assert table == [
        ["new", "0"],
        ["changed", "0"],
        ["unchanged", "3"],
        ["gone", "0"],
        ["redirected", "0"],
        ["rejected", "2"],
        ["failed", "0"],
    ]
    assert "(304: 3)" in lines[start + 3]
    assert "(interstitial: 1, short_body: 1)" in lines[start + 6]


def test_live_blogs_are_tracked_when_the_setting_asks(crawl, site, db):
    crawl(settings={"NEWSCRAWL_INCLUDE_LIVEBLOGS": "1"})
    assert site.requested(LIVE) == 1
    assert db.articles.find_one({"_id": site.url(LIVE)}) is not None


def test_edited_headline_makes_version_one(crawl, site, db):
    crawl(settings={"NEWSCRAWL_NOW": "2026-11-20T10:00:00Z"})
    site.edit(DCR, title="Harbour wall repair plan approved after long debate")
    result = crawl(settings={"NEWSCRAWL_NOW": "2026-11-20T10:20:00Z"})
    assert result.stat("changed") == 1 and result.stat("unchanged") == 2
    article = db.articles.find_one({"_id": site.url(DCR)})
    assert (article["version_count"], article["change_count"]) == (2, 1)
    assert article["title"] == "Harbour wall repair plan approved after long debate"
    assert article["last_changed"].isoformat() == "2026-11-20T10:20:00+00:00"
    v0, v1 = versions(db, site, DCR)
    assert v1["version"] == 1 and v1["changed_fields"] == ["title"]
    assert v1["words_added"] > 0 and v1["words_removed"] > 0
    assert v0["title"] != v1["title"] and v0["body"] == v1["body"]


def test_edited_paragraph_makes_version_one(crawl, site, db):
    crawl()
    edit_one_word(site, POLITICS)
    crawl()
    assert_changed_once(db, site, POLITICS, "body")
    v1 = versions(db, site, POLITICS)[1]
    assert (v1["words_added"], v1["words_removed"]) == (1, 1)


def test_recrawl_without_edits_adds_nothing_and_records_the_check(crawl, site, db):
    crawl(settings={"NEWSCRAWL_NOW": "2026-11-20T10:00:00Z"})
    result = crawl(settings={"NEWSCRAWL_NOW": "2026-11-20T11:00:00Z"})
    assert result.stat("unchanged") == 3 and result.stat("new") == 0
    assert db.versions.count_documents({}) == 3
    for article in db.articles.find():
        assert (article["version_count"], article["change_count"]) == (1, 0)
        assert article["check_count"] == 2
        assert article["last_checked"].isoformat() == "2026-11-20T11:00:00+00:00"
        assert article["last_changed"].isoformat() == "2026-11-20T10:00:00+00:00"


def test_whitespace_and_markup_only_changes_add_nothing(crawl, site, db):
    crawl()
    article = site.article(DCR)
    site.edit(
        DCR,
        title="  " + article["title"].replace(" ", "\u00a0 ", 2) + "\n",
        body=["", *(p.replace(" ", "  ") for p in article["body"]), "   "],
    )
    # The same text in the older "frontend" markup generation.
    site.set_kind(POLITICS, "frontend")
    result = crawl()
    assert result.stat("changed") == 0 and result.stat("unchanged") == 3
    assert db.versions.count_documents({}) == 3


def test_flip_back_to_earlier_text_is_a_new_version(crawl, site, db):
    original = site.article(DCR)["title"]
    crawl()
    site.edit(DCR, title="A headline that did not last")
    crawl()
    site.edit(DCR, title=original)
    crawl()
    article = db.articles.find_one({"_id": site.url(DCR)})
    assert (article["version_count"], article["change_count"]) == (3, 2)
    stored = versions(db, site, DCR)
    assert [v["version"] for v in stored] == [0, 1, 2]
    assert stored[2]["hash"] == stored[0]["hash"] != stored[1]["hash"]


def test_unreachable_mongodb_stops_the_crawl_with_one_clear_line(site):
    result = run_crawl(
        "guardian",
        base_url=site.base_url,
        mongo_uri="mongodb://127.0.0.1:9",
        database="unused",
        settings={"MONGO_CONNECT_TIMEOUT": "1"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.log
    lines = [line for line in result.log.splitlines() if "Crawl stopped" in line]
    assert len(lines) == 1
    assert "cannot reach MongoDB at mongodb://127.0.0.1:9" in lines[0]
    assert [p for p in site.requests if p != "/robots.txt"] == []


def test_malformed_feed_is_reported_and_the_crawl_goes_on(crawl, site, db):
    site.override("/world/rss", b"<html><body>Service unavailable</body></html>")
    site.override("/uk/rss", b"\x00\xff not xml at all")
    result = crawl()
    assert "Traceback" not in result.log
    assert "Malformed feed " + site.url("/world/rss") in result.log
    assert result.stat("failed/bad_feed") == 2
    # The sitemap still lists every article.
    assert db.articles.count_documents({}) == len(TRACKED)


def _crawl_unreachable(base_url: str, mongo_uri: str, db: Database) -> None:
    """A crawl of a site that does not answer fails with one clear line."""
    result = run_crawl(
        "guardian",
        base_url=base_url,
        mongo_uri=mongo_uri,
        database=db.name,
        settings={"RETRY_ENABLED": "0"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.log
    assert f"Nothing could be fetched from {base_url}" in result.log
    assert result.stat("failed/connection_refused") > 0


def test_a_dead_server_is_reported_clearly(mongo_uri, db):
    _crawl_unreachable("http://127.0.0.1:9", mongo_uri, db)


def test_two_crawls_at_once_leave_exact_counts(site, mongo_uri, db):
    site.edit(DCR, title="Both crawlers see this headline")
    procs = [
        subprocess.Popen(
            crawl_command("guardian", base_url=site.base_url),
            cwd=ROOT,
            env=crawl_env(mongo_uri, db.name),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    assert [proc.wait(120) for proc in procs] == [0, 0]
    assert db.articles.count_documents({}) == len(TRACKED)
    assert db.versions.count_documents({}) == len(TRACKED)
    for article in db.articles.find():
        assert (article["version_count"], article["change_count"]) == (1, 0)
        assert "pending" not in article


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("NEWSCRAWL_NOW", "yesterday", "NEWSCRAWL_NOW must be an ISO 8601 time"),
        ("NEWSCRAWL_MAX_FAILURES", "many", "NEWSCRAWL_MAX_FAILURES must be a whole"),
        ("NEWSCRAWL_SCHEDULE", "[[5, 1], [3, 2]]", "NEWSCRAWL_SCHEDULE must be a list"),
        ("NEWSCRAWL_INCLUDE_LIVEBLOGS", "perhaps", "must be true or false"),
        ("MONGO_CONNECT_TIMEOUT", "soon", "MONGO_CONNECT_TIMEOUT must be a number"),
        ("NEWSCRAWL_STORE_IDLE", "-1", "NEWSCRAWL_STORE_IDLE must be a number"),
        # Settings that replace the project's, leaving out what stores pages.
        ("EXTENSIONS", "{}", "EXTENSIONS must name newscrawl.crawl.tracker"),
        (
            "ITEM_PIPELINES",
            '{"pipelines.normalize.NormalizePipeline": 100}',
            "ITEM_PIPELINES must name pipelines.dedupe.DedupePipeline,"
            " pipelines.store.StorePipeline",
        ),
    ],
)
def test_a_bad_setting_stops_the_crawl_with_one_line_naming_it(
    crawl, site, name, value, message
):
    result = crawl(settings={name: value, "NEWSCRAWL_NOW": "2026-11-20T10:00:00Z"}
                   if name != "NEWSCRAWL_NOW" else {name: value})  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.log
    lines = [line for line in result.log.splitlines() if "Crawl stopped" in line]
    assert len(lines) == 1 and message in lines[0], result.log
    assert [p for p in site.requests if p != "/robots.txt"] == []


def test_without_network_the_crawl_stops_within_10_s_after_a_few_lines(mongo_uri, db):
    # Retries and polite delays as in a real crawl; every connection refused.
    started = time.monotonic()
    result = run_crawl(
        "guardian",
        base_url="https://www.theguardian.com",
        mongo_uri=mongo_uri,
        database=db.name,
        settings={"AUTOTHROTTLE_ENABLED": "1", "DOWNLOAD_DELAY": "0.5"},
    )
    took = time.monotonic() - started
    assert result.returncode == 1 and "Traceback" not in result.log
    lines = result.log.splitlines()
    (last,) = [
        n
        for n, line in enumerate(lines)
        if "ERROR: Nothing could be fetched from https://www.theguardian.com"
        " (connection_refused: 12)" in line
    ]
    said = [line for line in lines[:last] if " WARNING: " in line or "ERROR" in line]
    assert len(said) == 1 and "Cannot reach www.theguardian.com" in said[0], said
    assert took < 10, took


def test_crawls_in_tests_cannot_reach_the_internet(mongo_uri, db):
    # run_crawl routes every host but 127.0.0.1 to a closed port (NO_INTERNET).
    _crawl_unreachable("https://www.theguardian.com", mongo_uri, db)
    assert db.articles.count_documents({}) == 0


@pytest.mark.parametrize(
    ("spider", "site"),
    [("nyt", "https://www.nytimes.com"), ("bbc", "https://www.bbc.com")],
)
def test_a_site_that_asks_for_permission_is_crawled_only_with_it(
    mongo_uri, db, spider, site
):
    refused = run_crawl(spider, base_url=site, mongo_uri=mongo_uri, database=db.name)
    assert refused.returncode == 1
    lines = [line for line in refused.log.splitlines() if "Crawl stopped" in line]
    assert len(lines) == 1, refused.log
    assert f"add {spider} to NEWSCRAWL_PERMITTED_SOURCES" in lines[0]
    assert f"docs/sources/{spider}.md" in lines[0]
    assert "Traceback" not in refused.log
    assert "Nothing could be fetched" not in refused.log  # nothing was asked

    # With the user's word the crawl goes ahead (and here meets NO_INTERNET).
    permitted = run_crawl(
        spider,
        base_url=site,
        mongo_uri=mongo_uri,
        database=db.name,
        settings={"NEWSCRAWL_PERMITTED_SOURCES": f"cnn,{spider}", "RETRY_ENABLED": "0"},
    )
    assert "Crawl stopped" not in permitted.log
    assert permitted.stat("failed/connection_refused") > 0


@pytest.mark.parametrize("processes", ["0", "2"])
def test_pages_parsed_in_or_out_of_the_crawl_process_store_the_same_text(
    crawl, site, db, processes
):
    from newscrawl.parsers import guardian
    from newscrawl.text.normalize import normalize_item

    result = crawl(settings={"NEWSCRAWL_PARSE_PROCESSES": processes})
    assert result.returncode == 0, result.log
    assert result.stat("new") == len(TRACKED)
    for path in TRACKED:
        url = site.url(path)
        _status, _type, html = site.render(path)
        expected = normalize_item(guardian.parse(url, html)).content_hash
        assert [v["hash"] for v in versions(db, site, path)] == [expected]


def test_an_unknown_spider_is_one_line_with_the_closest_name():
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "guardain", "-s", "LOG_LEVEL=ERROR"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "newscrawl: no spider named 'guardain' (did you mean 'guardian'? the spiders"
        " are: bbc, cnn, generic, guardian, independent, nyt, politico,"
        " washingtonpost)"
    ]
