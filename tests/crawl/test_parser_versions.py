"""A parser upgrade's difference is a parser change, never the publisher's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone

from pymongo.database import Database

from newscrawl.parsers.guardian import PARSER_VERSION
from newscrawl.render.text import status_line
from newscrawl.text.hashing import content_hash
from tests.crawl.test_guardian import DCR
from tests.support.crawling import ROOT, SiteCrawler
from testsite.server import TestSite

# What an older parser might have taken for body text: a photo caption.
CAPTION = "The harbour wall seen from the north beach. Photograph: Agency"


def _as_if_read_by_an_old_parser(db: Database, url: str) -> None:
    """Make the stored article look as an older parser (version "0") read it."""
    version = db.versions.find_one({"article": url, "version": 0})
    body = [CAPTION, *version["body"].split("\n")]
    old_hash = content_hash(
        title=version["title"],
        standfirst=version["standfirst"],
        byline=version["byline"],
        body=body,
    )
    db.versions.update_one(
        {"_id": version["_id"]},
        {"$set": {"body": "\n".join(body), "hash": old_hash, "parser_version": "0"}},
    )
    db.articles.update_one(
        {"_id": url}, {"$set": {"latest_hash": old_hash, "parser_version": "0"}}
    )


def test_a_parser_upgrade_is_a_parser_change_then_edits_are_the_publishers(
    site: TestSite, crawl: SiteCrawler, db: Database, mongo_uri: str
):
    url = site.url(DCR)
    assert crawl().returncode == 0
    article = db.articles.find_one({"_id": url})
    assert article["parser_version"] == str(PARSER_VERSION)
    assert db.versions.find_one({"article": url})["cause"] == "publisher"

    _as_if_read_by_an_old_parser(db, url)
    assert crawl().returncode == 0
    # The page was fetched whole (no 304), though the server offers an ETag;
    # the other articles, unchanged parser, were asked conditionally.
    assert DCR not in site.not_modified_paths
    assert site.not_modified_paths
    article = db.articles.find_one({"_id": url})
    assert article["version_count"] == 2
    assert (article["change_count"], article["parser_change_count"]) == (0, 1)
    assert article["parser_version"] == str(PARSER_VERSION)
    # "Last changed" is still the publisher's: the first crawl's time.
    assert article["last_changed"] == article["first_seen"]
    upgrade = db.versions.find_one({"article": url, "version": 1})
    assert upgrade["cause"] == "parser"
    assert upgrade["words_removed"] == len(CAPTION.split())

    # The next re-check is conditional again and the page is unchanged.
    answered = len(site.not_modified_paths)
    assert crawl().returncode == 0
    assert DCR in site.not_modified_paths[answered:]

    site.edit(DCR, title="Harbour wall repair plan approved")
    assert crawl().returncode == 0
    article = db.articles.find_one({"_id": url})
    assert (article["version_count"], article["change_count"]) == (3, 1)
    assert article["parser_change_count"] == 1
    assert db.versions.find_one({"article": url, "version": 2})["cause"] == "publisher"

    now = datetime.now(timezone.utc)
    line = status_line(article, now)
    assert "The article has changed once." in line
    assert "1 more version comes from updates of newscrawl's parser" in line

    env = {**os.environ, "MONGO_URI": mongo_uri, "MONGO_DATABASE": db.name}

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "newscrawl.cli", *args],
            cwd=ROOT,
            env={**env, "NO_COLOR": "1"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    # Change lists and feeds carry the publisher's change only.
    changes = json.loads(cli("changes", "--json"))
    assert [(c["url"], c["version"]) for c in changes] == [(url, 2)]
    feed = cli("feed", "--article", url)
    assert feed.count("<item>") == 1
    # The history shows the parser's version apart.
    history = cli("history", url)
    assert "parser update" in history
    summary = cli("summary")
    assert "parser changes" in summary
