"""Re-reading archived pages with a fixed parser (reread, `newscrawl reparse`)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest
from bson.binary import Binary
from pymongo.database import Database

from newscrawl.items import ArticleItem
from newscrawl.parsers import guardian
from newscrawl.reread import reread
from newscrawl.store.articles import ArticleStore
from tests.support.crawling import ROOT

DCR = "/world/2026/nov/20/harbour-wall-repair"
NOW = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
RULES = {"min_body_words": 40, "include_liveblogs": True, "max_text_bytes": 2**22}
FIX = "(read again)"
# The "fixed" parser's version: another than the crawls' own, whatever that is.
FIXED_VERSION = f"{guardian.PARSER_VERSION}-fixed"


def fixed(url: str, html: str | bytes) -> ArticleItem:
    """The Guardian parser "fixed": it reads one more thing in every headline."""
    item = guardian.parse(url, html)
    item.title = f"{item.title} {FIX}"
    item.parser_version = FIXED_VERSION
    return item


def _reread(db: Database, **options) -> dict:
    return reread(
        ArticleStore(db), now=NOW, rules=RULES, parser_of=lambda _: fixed, **options
    )


def test_a_fixed_parser_corrects_history_as_parser_changes_once(crawl, site, db):
    assert crawl().returncode == 0
    assert _reread(db, dry_run=True)["guardian"]["corrected"] == 3
    assert db.versions.count_documents({}) == 3  # a dry run stores nothing

    tally = _reread(db)["guardian"]
    assert (tally["read"], tally["corrected"], tally["failed"]) == (3, 3, 0)
    article = db.articles.find_one({"_id": site.url(DCR)})
    assert (article["change_count"], article["parser_change_count"]) == (0, 1)
    assert article["version_count"] == 2 and article["title"].endswith(FIX)
    assert article["check_count"] == 1  # a re-read is no check
    v0, v1 = db.versions.find({"article": site.url(DCR)}).sort("version", 1)
    assert v1["cause"] == "parser" and v1["title"] == f"{v0['title']} {FIX}"
    assert v1["parser_version"] == FIXED_VERSION and v1["changed_fields"] == ["title"]

    again = _reread(db)["guardian"]
    assert (again["corrected"], again["unchanged"]) == (0, 3)  # idempotent
    # The next crawl's parser is another again (the crawls' own): it reads
    # the archived pages first, so that the upgrade is a parser change, and
    # a publisher's edit in the same fetch is the publisher's.
    site.edit(DCR, title="Harbour wall plan approved")
    result = crawl()
    assert (result.stat("reread"), result.stat("changed")) == (3, 1)
    causes = [
        (v["version"], v["cause"])
        for v in db.versions.find({"article": site.url(DCR)}).sort("version", 1)
    ]
    assert causes == [(0, "publisher"), (1, "parser"), (2, "parser"), (3, "publisher")]
    article = db.articles.find_one({"_id": site.url(DCR)})
    assert (article["change_count"], article["parser_change_count"]) == (1, 2)


def test_a_damaged_page_is_reported_with_its_version_and_skipped(crawl, site, db):
    assert crawl().returncode == 0
    db.pages.update_one(
        {"article": site.url(DCR)}, {"$set": {"body": Binary(b"broken")}}
    )
    outcomes = []
    tally = reread(
        ArticleStore(db),
        now=NOW,
        rules=RULES,
        parser_of=lambda _: fixed,
        progress=lambda source, url, outcome: outcomes.append((url, outcome)),
    )["guardian"]
    assert (tally["corrected"], tally["failed"]) == (2, 1)
    (damaged,) = [outcome for url, outcome in outcomes if url == site.url(DCR)]
    assert damaged.startswith("failed: version 0's page is damaged")


def test_reparse_command_reads_with_todays_parser_and_says_what_it_did(
    crawl, db, mongo_uri
):
    assert crawl().returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "reparse",
         "--mongo-uri", mongo_uri, "--database", db.name],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # Today's parser is the one that read them: nothing to correct.
    assert result.stdout.strip() == (
        "guardian: 3 pages read, 3 unchanged, 0 corrected, 0 failed, 0 skipped"
    )


class _Killed(Exception):
    """reparse killed between two articles."""


def test_a_reparse_killed_midway_is_finished_by_the_next_run(crawl, site, db):
    assert crawl().returncode == 0

    def killed(source: str, url: str, outcome: str) -> None:
        raise _Killed

    with pytest.raises(_Killed):
        _reread(db, progress=killed)
    assert db.articles.count_documents({"parser_change_count": 1}) == 1
    tally = _reread(db)["guardian"]
    assert (tally["corrected"], tally["unchanged"]) == (2, 1)
    assert [a.get("parser_change_count") for a in db.articles.find()] == [1, 1, 1]
    assert db.versions.count_documents({"cause": "parser"}) == 3


def test_a_reparse_racing_a_crawl_leaves_the_crawls_version_alone(crawl, site, db):
    assert crawl().returncode == 0
    site.edit(DCR, title="Harbour wall plan approved")

    def racing(url: str, html: str | bytes) -> ArticleItem:
        if url == site.url(DCR):
            # Meanwhile a crawl stores the publisher's edit.
            assert crawl().stat("changed") == 1
        return fixed(url, html)

    outcomes = {}
    reread(
        ArticleStore(db),
        now=NOW,
        rules=RULES,
        parser_of=lambda _: racing,
        progress=lambda source, url, outcome: outcomes.update({url: outcome}),
    )
    assert outcomes[site.url(DCR)] == "stale"
    versions = db.versions.find({"article": site.url(DCR)}).sort("version", 1)
    assert [v["cause"] for v in versions] == ["publisher", "publisher"]
    article = db.articles.find_one({"_id": site.url(DCR)})
    assert (article["change_count"], article["version_count"]) == (1, 2)
    assert not article.get("parser_change_count")
