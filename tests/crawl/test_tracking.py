"""Re-checks over time: schedule, 304s, gone and failing, leases, recheck."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

from newscrawl.clock import utcnow
from tests.crawl.test_guardian import DCR, FRONTEND, POLITICS, TRACKED
from tests.support.crawling import ROOT, CrawlResult, crawl_command, crawl_env
from testsite.server import sample_article


def _article(db, site, path):
    return db.articles.find_one({"_id": site.url(path)})


def _scrapy(site, mongo_uri, db, now: datetime, *extra: str) -> subprocess.Popen:
    command = crawl_command(
        "guardian",
        base_url=site.base_url,
        args={"discover": "0"},
        settings={"NEWSCRAWL_NOW": now.isoformat()},
    )
    command += extra  # last, so a test's own settings win
    return subprocess.Popen(
        command, cwd=ROOT, env=crawl_env(mongo_uri, db.name),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_tracked_articles_are_fetched_again_only_when_due(crawl, site, db):
    crawl()
    assert site.requested(DCR) == 1
    early = crawl(advance=timedelta(minutes=5))
    assert early.stat("due") == 0
    assert site.requested(DCR) == 1  # next check is 15 minutes after the first
    due = crawl(advance=timedelta(minutes=15))
    assert due.stat("due") == 3
    assert due.stat("already_tracked") == 3  # seen in the feeds, not fetched twice
    assert site.requested(DCR) == 2
    article = _article(db, site, DCR)
    assert article["check_count"] == 2
    assert article["next_check"] == crawl.now + timedelta(minutes=15)
    assert db.leases.count_documents({}) == 0  # released at the crawl's end


def test_links_of_articles_the_crawl_leased_are_not_looked_up(crawl, site, db):
    crawl()
    db.command("profile", 2)  # the server lists every command it serves
    try:
        due = crawl(advance=timedelta(minutes=15))
    finally:
        db.command("profile", 0)
    assert due.stat("due") == 3 and due.stat("already_tracked") == 3
    looked_up = [
        url
        for op in db["system.profile"].find({"ns": f"{db.name}.articles"})
        if op.get("command", {}).get("find") == "articles"
        # A lookup names the links alone (the claim's reads name the source).
        and set(op["command"]["filter"]) == {"_id"}
        for url in op["command"]["filter"]["_id"].get("$in", [])
    ]
    # The feeds' other links (a stub, a members-only page) are looked up.
    assert looked_up and site.url(DCR) not in looked_up
    assert not set(looked_up) & {doc["_id"] for doc in db.articles.find()}
    assert site.requested(DCR) == 2


def test_the_due_query_is_an_index_scan(crawl, db):
    crawl()
    # The due query exactly as ArticleStore.claim_due issues it.
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    due = {"source": "guardian", "next_check": {"$gte": epoch, "$lte": crawl.now}}
    plan = (
        db.articles.find(due)
        .sort("next_check", 1)
        .explain()["queryPlanner"]["winningPlan"]
    )
    assert "'stage': 'IXSCAN'" in str(plan)
    assert "source_1_next_check_1" in str(plan)
    assert "COLLSCAN" not in str(plan)


def test_an_unchanged_recheck_is_a_304_and_counts_as_checked(crawl, site, db):
    crawl()
    etag = _article(db, site, DCR)["etag"]
    assert etag and etag.startswith('"')
    result = crawl()
    assert site.not_modified == 3
    assert result.stat("not_modified") == 3 and result.stat("unchanged") == 3
    article = _article(db, site, DCR)
    assert article["check_count"] == 2 and article["version_count"] == 1
    assert article["etag"] == etag
    assert article["last_checked"] == crawl.now
    # A real change gets a 200 with the new page, and a new version.
    site.edit(DCR, title="Harbour wall opens again to walkers")
    changed = crawl()
    assert changed.stat("changed") == 1 and changed.stat("not_modified") == 2
    assert _article(db, site, DCR)["etag"] != etag


def test_servers_without_validators_still_work(crawl, site, db):
    site.validators = False
    crawl()
    result = crawl()
    assert result.stat("not_modified") == 0 and result.stat("unchanged") == 3
    assert _article(db, site, DCR)["etag"] is None


def test_a_page_served_again_byte_for_byte_is_found_unchanged_without_a_parse(
    crawl, site, db
):
    site.validators = False
    crawl()
    key = _article(db, site, DCR)["page_key"]
    result = crawl()
    assert result.stat("same_page") == 3 and result.stat("unchanged") == 3
    article = _article(db, site, DCR)
    assert article["page_key"] == key and article["last_checked"] == crawl.now
    assert article["check_count"] == 2 and article["version_count"] == 1
    # New bytes, the same text (a nonce, a time in a script): read, unchanged,
    # and the new bytes' key kept for the next check.
    _, content_type, page = site.render(DCR)
    site.override(DCR, page + b"<!-- served at 10:42 -->", content_type=content_type)
    result = crawl()
    assert result.stat("same_page") == 2 and result.stat("unchanged") == 3
    article = _article(db, site, DCR)
    assert article["page_key"] not in (None, key) and article["version_count"] == 1
    assert crawl().stat("same_page") == 3
    # A change of the text always changes the bytes: read, and stored.
    site.restore(DCR)
    site.edit(DCR, title="Harbour wall opens again to walkers")
    result = crawl()
    assert result.stat("changed") == 1 and result.stat("same_page") == 2
    assert _article(db, site, DCR)["title"] == "Harbour wall opens again to walkers"


def test_404_and_410_mark_articles_gone_and_a_later_200_brings_them_back(
    crawl, site, db
):
    crawl()
    site.remove(DCR, status=404)
    site.remove(POLITICS, status=410)
    result = crawl()
    assert "Traceback" not in result.log
    assert result.stat("gone") == 2 and result.stat("failed/fetch") == 0
    for path, status in ((DCR, 404), (POLITICS, 410)):
        article = _article(db, site, path)
        assert article["status"] == "gone"
        assert article["events"] == [
            {"at": crawl.now, "event": "gone", "status": status}
        ]
        assert article["version_count"] == 1
    gone_at = crawl.now
    site.restore(DCR)
    crawl()
    article = _article(db, site, DCR)
    assert article["status"] == "live"
    assert article["events"][-1] == {"at": crawl.now, "event": "back", "was": "gone"}
    assert article["events"][0]["at"] == gone_at
    assert article["version_count"] == 1  # the same text came back
    assert _article(db, site, POLITICS)["status"] == "gone"


def test_server_errors_back_off_and_end_in_failing(crawl, site, db):
    settings = {
        "RETRY_ENABLED": "0",
        "NEWSCRAWL_MAX_FAILURES": "3",
        "NEWSCRAWL_FAILURE_BACKOFF": "600",
    }
    crawl()
    site.remove(DCR, status=503)
    crawl(settings=settings)
    article = _article(db, site, DCR)
    assert (article["failures"], article["status"]) == (1, "live")
    assert article["next_check"] == crawl.now + timedelta(seconds=600)
    assert article["last_error"]["reason"] == "HTTP 503"
    crawl(settings=settings, advance=timedelta(minutes=5))
    assert site.requested(DCR) == 2  # backing off: not yet
    crawl(settings=settings, advance=timedelta(minutes=6))
    article = _article(db, site, DCR)
    assert article["failures"] == 2
    assert article["next_check"] == crawl.now + timedelta(seconds=1200)
    crawl(settings=settings, advance=timedelta(minutes=21))
    article = _article(db, site, DCR)
    assert (article["failures"], article["status"]) == (3, "failing")
    assert article["events"][-1]["event"] == "failing"
    summary = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "summary", "--json",
         "--mongo-uri", crawl.mongo_uri, "--database", db.name,
         "--now", crawl.now.isoformat()],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert '"failing": 1' in summary.stdout
    site.restore(DCR)
    crawl(settings=settings, advance=timedelta(minutes=41))
    article = _article(db, site, DCR)
    assert article["status"] == "live" and "failures" not in article
    assert article["events"][-1]["event"] == "back"


def test_a_redirect_to_another_article_is_recorded_not_stored_as_a_version(
    crawl, site, db
):
    crawl()
    moved = sample_article("harbour-wall-repair-approved", title="Harbour wall moved")
    moved["path"] = "/world/2026/nov/21/harbour-wall-repair-approved"
    site.add(moved)
    site.redirect(DCR, moved["path"])
    result = crawl()
    assert result.stat("redirected") == 1
    old = _article(db, site, DCR)
    assert old["status"] == "gone" and old["version_count"] == 1
    assert old["events"][-1]["event"] == "redirected"
    assert old["events"][-1]["to"] == site.url(moved["path"])
    new = _article(db, site, moved["path"])
    assert new["title"] == "Harbour wall moved" and new["version_count"] == 1
    assert db.versions.count_documents({"article": site.url(DCR)}) == 1


def test_articles_unchanged_for_40_days_retire_without_a_request(crawl, site, db):
    crawl()
    result = crawl(advance=timedelta(days=41))
    assert result.stat("retired") == 3 and result.stat("due") == 0
    assert site.requested(DCR) == 1
    article = _article(db, site, DCR)
    assert (article["status"], article["next_check"]) == ("retired", None)
    # ... until a user asks, naming it as history and diff take it.
    site.edit(DCR, title="An old story, corrected")
    recheck = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "recheck", "harbour-wall-repair",
         "--mongo-uri", crawl.mongo_uri, "--database", db.name],
        cwd="/", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert recheck.returncode == 0, recheck.stderr
    assert site.requested(DCR) == 2
    assert recheck.stdout.strip() == f"{site.url(DCR)}: changed, now version 1"
    assert _article(db, site, DCR)["status"] == "live"


def test_recheck_of_an_untracked_url_says_so():
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "recheck", "https://x.test/a",
         "--mongo-uri", "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=500"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_recheck_of_an_unknown_or_ambiguous_reference_fetches_nothing(crawl, site, db):
    crawl()
    before = len(site.requests)
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "recheck", "harbour-wall-repair",
         "/2026/nov/20/", "no-such-story", "--mongo-uri", crawl.mongo_uri,
         "--database", db.name],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    assert "'/2026/nov/20/' matches several tracked articles" in result.stderr
    assert "no-such-story is not tracked" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(site.requests) == before


def test_the_per_run_cap_takes_the_most_overdue_first(crawl, site, db):
    crawl()
    db.articles.update_one(
        {"_id": site.url(FRONTEND)}, {"$set": {"next_check": crawl.now}}
    )
    capped = crawl(settings={"NEWSCRAWL_RECHECK_LIMIT": "1"})
    assert capped.stat("due") == 1
    assert site.requested(FRONTEND) == 2 and site.requested(DCR) == 1
    rest = crawl(settings={"NEWSCRAWL_RECHECK_LIMIT": "0"}, advance=timedelta(0))
    assert rest.stat("due") == 2


def test_two_crawls_at_once_fetch_each_due_article_exactly_once(
    crawl, site, db, mongo_uri
):
    crawl()
    site.edit(DCR, title="A headline both crawlers could see")
    when = crawl.now + timedelta(minutes=20)
    procs = [_scrapy(site, mongo_uri, db, when) for _ in range(2)]
    logs = [proc.communicate(timeout=120)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], logs
    for path in TRACKED:
        assert site.requested(path) == 2, path
        article = _article(db, site, path)
        assert article["check_count"] == 2
    assert db.leases.count_documents({}) == 0
    article = _article(db, site, DCR)
    assert (article["version_count"], article["change_count"]) == (2, 1)
    assert db.versions.count_documents({}) == 4


def test_a_killed_crawls_leases_expire_and_its_articles_are_picked_up(
    crawl, site, db, mongo_uri
):
    crawl()
    site.edit(DCR, title="Changed while a crawler died")
    when = crawl.now + timedelta(minutes=20)
    proc = _scrapy(site, mongo_uri, db, when, "-s", "DOWNLOAD_DELAY=30")
    deadline = time.monotonic() + 60
    while db.leases.count_documents({}) < 3:
        assert time.monotonic() < deadline, "the crawl never leased its articles"
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # Leased for 15 minutes: a crawl one minute later leaves them alone ...
    soon = crawl(advance=timedelta(minutes=21))
    assert soon.stat("due") == 0
    assert "3 more due articles are leased to other crawls of guardian" in soon.log
    # ... one after the lease has expired fetches them.
    later = crawl(advance=timedelta(minutes=15))
    assert later.stat("due") == 3
    article = _article(db, site, DCR)
    assert (article["version_count"], article["change_count"]) == (2, 1)
    assert db.versions.count_documents({"article": site.url(DCR)}) == 2
    assert db.leases.count_documents({}) == 0


def test_a_304_of_an_article_another_crawl_checked_since_is_not_recorded(
    crawl, site, db, mongo_uri
):
    crawl()
    when = crawl.now + timedelta(minutes=20)
    # A page every 2 s: time to play the other crawl between claim and fetch.
    proc = _scrapy(
        site, mongo_uri, db, when,
        "-s", "DOWNLOAD_DELAY=2", "-s", "RANDOMIZE_DOWNLOAD_DELAY=False",
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while db.leases.count_documents({}) < 3:
        assert time.monotonic() < deadline, "the crawl never leased its articles"
        time.sleep(0.05)
    # Another crawl, whose lease this one's replaced when it ran out, checks
    # one article and stores a change of another: both move next_check.
    checked, changed = site.url(DCR), site.url(POLITICS)
    assert site.requested(DCR) == site.requested(POLITICS) == 1  # not yet
    later = when + timedelta(minutes=1)
    db.articles.update_one(
        {"_id": checked},
        {"$set": {"last_checked": later, "next_check": later + timedelta(minutes=15)},
         "$inc": {"check_count": 1}},
    )  # fmt: skip
    db.articles.update_one(
        {"_id": changed},
        {"$set": {"last_changed": later, "next_check": later + timedelta(minutes=15)},
         "$inc": {"check_count": 1}},
    )  # fmt: skip
    _, log = proc.communicate(timeout=60)
    result = CrawlResult(proc.returncode, log)
    assert result.returncode == 0, log
    assert site.requested(DCR) == site.requested(POLITICS) == 2  # both 304s
    for url in (checked, changed):
        assert f"{url} was checked by another crawl after this one claimed it" in log
        article = db.articles.find_one({"_id": url})
        assert article["next_check"] == later + timedelta(minutes=15)  # theirs
        assert article["check_count"] == 2
    # The third, checked by no other crawl, is recorded as ever.
    third = _article(db, site, FRONTEND)
    assert (third["last_checked"], third["check_count"]) == (when, 2)
    assert result.stat("not_modified") == 1


def test_a_crawl_that_outlasts_its_leases_renews_them(crawl, site, db, mongo_uri):
    # Stored an hour ago, so due now by the real clock that these crawls keep.
    crawl(settings={"NEWSCRAWL_NOW": (utcnow() - timedelta(hours=1)).isoformat()})
    # Leases of 2 s, renewed every third of that, and a page every 30 s: the
    # crawl holds its three articles long after its first leases end.
    slow = _scrapy(
        site, mongo_uri, db, utcnow(), "-s", "NEWSCRAWL_NOW=",
        "-s", "NEWSCRAWL_LEASE_SECONDS=2", "-s", "DOWNLOAD_DELAY=30",
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while db.leases.count_documents({}) < 3:
            assert time.monotonic() < deadline, "the crawl never leased its articles"
            time.sleep(0.1)
        first = {doc["_id"]: doc["until"] for doc in db.leases.find()}
        time.sleep(3)
        now = utcnow()
        assert max(first.values()) < now  # the first leases have ended ...
        renewed = {doc["_id"]: doc["until"] for doc in db.leases.find()}
        assert renewed.keys() == first.keys()
        assert min(renewed.values()) > now  # ... and were renewed
        fetched = [site.requested(path) for path in TRACKED]
        other = crawl(settings={"NEWSCRAWL_NOW": ""})
        assert other.stat("due") == 0
        assert "3 more due articles are leased to other crawls of guardian" in other.log
        assert [site.requested(path) for path in TRACKED] == fetched
        # Had one of its leases ended unrenewed and been claimed by another
        # crawl, its next renewal says so.
        db.leases.update_one({"_id": site.url(DCR)}, {"$set": {"owner": "other"}})
        time.sleep(1.5)
    finally:
        slow.kill()
        slow.wait()
    log = slow.stderr.read()
    assert "1 of this crawl's leases ended and other crawls claimed" in log
    assert "Traceback" not in log
