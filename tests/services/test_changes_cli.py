"""`newscrawl history, diff, changes, feed` on an article crawled into 3 versions."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import feedparser
import pytest

from tests.support.crawling import ROOT, CrawlResult, run_crawl
from testsite.server import TestSite

Completed = subprocess.CompletedProcess

DCR = "/world/2026/nov/20/harbour-wall-repair"
POLITICS = "/politics/2026/nov/20/budget-vote-delayed"
NOW = "2026-11-21T11:00:00Z"
NEW_TITLE = "Harbour wall repair plan approved after long debate"
TOP = (
    "Update: the council confirmed on Saturday morning that the northern "
    "path will reopen before Christmas."
)


def _run(mongo_uri: str, database: str, *args: str, now: str = NOW) -> Completed:
    env = {
        **os.environ,
        "MONGO_URI": mongo_uri,
        "MONGO_DATABASE": database,
        "NEWSCRAWL_NOW": now,
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def crawl_at(
    site: TestSite, mongo_uri: str, database: str
) -> Callable[[str], CrawlResult]:
    """Return a function that crawls *site* into *database* at a given time."""

    def crawl(now: str) -> CrawlResult:
        return run_crawl(
            "guardian",
            base_url=site.base_url,
            mongo_uri=mongo_uri,
            database=database,
            settings={"NEWSCRAWL_NOW": now},
        )

    return crawl


def _crawl_three_versions(crawl: Callable[[str], CrawlResult], site: TestSite) -> None:
    """Crawl the harbour-wall article into versions 0, 1 and 2."""
    assert crawl("2026-11-20T10:00:00Z").returncode == 0
    body = site.article(DCR)["body"]
    body[1] = body[1].replace("two years", "three years")
    site.edit(DCR, title=NEW_TITLE, body=body)
    assert crawl("2026-11-20T12:00:00Z").stat("changed") == 1
    site.edit(DCR, body=[TOP, *body])
    assert crawl("2026-11-21T09:00:00Z").stat("changed") == 1


@pytest.fixture(scope="module")
def _crawled(_site_server: TestSite, mongo_uri: str, mongo_client) -> Iterator[str]:
    """One database with the 3-version article, shared by the read-only tests."""
    database = f"test_{uuid.uuid4().hex[:12]}"
    _site_server.reset()
    _crawl_three_versions(crawl_at(_site_server, mongo_uri, database), _site_server)
    _site_server.reset()
    yield database
    mongo_client.drop_database(database)


@pytest.fixture
def three_versions(_crawled: str, mongo_uri: str) -> Callable[..., Completed]:
    """Run ``newscrawl`` on the shared 3-version store (do not change it)."""

    def run(*args: str, now: str = NOW) -> Completed:
        return _run(mongo_uri, _crawled, *args, now=now)

    return run


@pytest.fixture
def own_three_versions(crawl, site, db, mongo_uri) -> Callable[..., Completed]:
    """Run ``newscrawl`` on a 3-version store of this test's own, to change."""
    _crawl_three_versions(lambda now: crawl(settings={"NEWSCRAWL_NOW": now}), site)

    def run(*args: str, now: str = NOW) -> Completed:
        return _run(mongo_uri, db.name, *args, now=now)

    return run


def test_history_prints_the_status_line_and_a_row_per_version(three_versions, site):
    result = three_versions("history", site.url(DCR))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "This article is from the source 'guardian' and was first published or "
        "seen on 20 November 2026, 09:30 UTC. It last changed about 2 hours ago. "
        "The article has changed 2 times."
    )
    assert lines[1] == site.url(DCR)
    header, *rows = lines[3:]
    assert header.split() == [
        "version", "fetched", "at", "after", "the", "previous", "headline", "words",
    ]  # fmt: skip
    assert len(rows) == 3
    assert rows[0].split()[:4] == ["0", "2026-11-20", "10:00", "UTC"]
    assert "Harbour wall repair plan divides town" in rows[0]
    assert "about 2 hours later" in rows[1] and NEW_TITLE in rows[1]
    assert "about 21 hours later" in rows[2]
    # v1: headline 7 words -> 8 words sharing 4, and "two" -> "three".
    assert rows[1].endswith("+5 -4")
    assert rows[2].endswith(f"+{len(TOP.split())} -0")


def test_history_of_a_retired_article_says_it_wont_be_checked_again(
    own_three_versions, site, db
):
    db.articles.update_one(
        {"_id": site.url(DCR)}, {"$set": {"status": "retired", "next_check": None}}
    )
    result = own_three_versions("history", site.url(DCR))
    assert (
        "It last changed about 2 hours ago and won't be checked again for changes."
        in result.stdout
    )


def test_history_finds_the_article_by_a_part_of_its_url_or_a_version_url(
    three_versions, site
):
    by_part = three_versions("history", "harbour-wall-repair")
    assert by_part.returncode == 0, by_part.stderr
    assert by_part.stdout.splitlines()[1] == site.url(DCR)
    by_version = three_versions("history", site.url(DCR) + "#v1")
    assert by_version.stdout == by_part.stdout
    with_query = three_versions("history", site.url(DCR) + "?CMP=share_btn_tw")
    assert with_query.stdout == by_part.stdout
    as_json = json.loads(three_versions("history", "harbour-wall", "--json").stdout)
    assert [v["version"] for v in as_json["versions"]] == [0, 1, 2]
    assert as_json["versions"][1]["changed_fields"] == ["title", "body"]
    assert as_json["change_count"] == 2


def test_an_unknown_url_is_not_tracked_and_the_closest_are_suggested(
    three_versions, site
):
    result = three_versions("history", site.url(DCR).replace("repair", "repairs"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "is not tracked" in result.stderr
    assert "Closest tracked URLs:\n  " + site.url(DCR) in result.stderr
    ambiguous = three_versions("history", "/2026/nov/20/")
    assert ambiguous.returncode == 1
    assert "matches several tracked articles" in ambiguous.stderr
    assert site.url(POLITICS) in ambiguous.stderr


def test_diff_shows_the_last_change_by_default(three_versions, site):
    result = three_versions("diff", site.url(DCR))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Version 1 / Version 2 (about 21 hours later)"
    assert lines[1] == (
        f"2026-11-20 12:00 UTC -> 2026-11-21 09:00 UTC, +{len(TOP.split())} -0 words"
    )
    assert f"Headline:   {NEW_TITLE}" in lines
    assert f"+ ¶1  {TOP}" in lines
    assert "\x1b[" not in result.stdout  # NO_COLOR, and no terminal anyway
    # Negative numbers count back from the latest; a version URL names a change.
    assert three_versions("diff", site.url(DCR), "-2", "-1").stdout == result.stdout
    assert three_versions("diff", site.url(DCR) + "#v2").stdout == result.stdout


def test_diff_of_two_named_versions_marks_the_changed_words(three_versions, site):
    result = three_versions("diff", site.url(DCR), "0", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Version 0 / Version 1 (about 2 hours later)\n")
    assert (
        "Headline:   Harbour wall repair plan [-divides town (harbour-wall-repair)-] "
        "{+approved after long debate+}" in result.stdout
    )
    assert "take at least [-two-] {+three+} years" in result.stdout
    coloured = three_versions("diff", site.url(DCR), "0", "1", "--color", "always")
    assert "\x1b[31mtwo\x1b[0m \x1b[32mthree\x1b[0m" in coloured.stdout


def test_diff_all_walks_every_pair_and_json_carries_the_structure(three_versions, site):
    text = three_versions("diff", site.url(DCR), "--all")
    headings = [line for line in text.stdout.splitlines() if line.startswith("Version")]
    assert headings == [
        "Version 0 / Version 1 (about 2 hours later)",
        "Version 1 / Version 2 (about 21 hours later)",
    ]
    out = json.loads(
        three_versions("diff", site.url(DCR) + "#v1", "--format", "json").stdout
    )
    assert out["url"] == site.url(DCR)
    (diff,) = out["diffs"]
    assert (diff["from"]["version"], diff["to"]["version"]) == (0, 1)
    assert (diff["words_added"], diff["words_removed"]) == (5, 4)
    assert diff["changed_fields"] == ["title", "body"]
    kinds = [p["kind"] for p in diff["paragraphs"]]
    assert kinds == ["unchanged", "changed", "unchanged", "unchanged", "unchanged"]
    assert ["delete", "two"] in diff["paragraphs"][1]["segments"]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False


def test_diff_html_writes_a_standalone_page(three_versions, site, tmp_path):
    out = tmp_path / "diff.html"
    result = three_versions("diff", site.url(DCR), "0", "1", "--html", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    parsed = _Page()
    parsed.feed(page)
    assert parsed.title == "Version 0 / Version 1 (about 2 hours later)"
    assert page.startswith("<!DOCTYPE html>")
    assert "style" in parsed.tags and "table" in parsed.tags
    # Nothing is loaded from elsewhere: no scripts, stylesheets, images.
    assert not {"script", "link", "img", "iframe"} & set(parsed.tags)
    assert "<del>two</del>" in page and "<ins>three</ins>" in page
    # The article's headline over the page; the comparison's heading once.
    assert f"<h1>{NEW_TITLE}</h1>" in page
    assert page.count("Version 0 / Version 1 (about 2 hours later)") == 2
    assert three_versions("diff", site.url(DCR), "--format", "html").stdout.startswith(
        "<!DOCTYPE html>"
    )


def test_a_version_out_of_range_names_the_valid_range(three_versions, site):
    result = three_versions("diff", site.url(DCR), "0", "7")
    assert result.returncode == 1
    assert "version 7 is out of range: this article has versions 0 to 2" in (
        result.stderr
    )
    assert three_versions("diff", site.url(DCR) + "#v9").returncode == 1
    history = three_versions("history", site.url(DCR) + "#v9")
    assert history.returncode == 1 and history.stdout == ""
    assert history.stderr == (
        "newscrawl history: version 9 is out of range: this article has versions"
        " 0 to 2\n"
    )
    assert three_versions("diff", site.url(DCR), "zero").returncode == 2
    both = three_versions("feed", "--article", site.url(DCR), "--source", "guardian")
    assert both.returncode == 2 and "not allowed with" in both.stderr
    first = three_versions("diff", site.url(DCR) + "#v0")
    assert first.returncode == 0
    assert first.stdout == "" and "has no change to show" in first.stderr


@pytest.mark.parametrize("versions", [["-1"], ["2"], ["1", "1"]])
def test_a_version_compared_with_itself_is_a_usage_error(
    three_versions, site, versions
):
    result = three_versions("diff", site.url(DCR), *versions)
    assert result.returncode == 2 and result.stdout == ""
    same = versions[-1].replace("-1", "2")
    assert result.stderr == (
        f"newscrawl diff: both sides are version {same}: nothing to compare. Give"
        f" two versions (newscrawl diff {site.url(DCR)} 1 2) or none (the latest"
        " change)\n"
    )


@pytest.mark.parametrize("command", ["changes", "feed"])
def test_a_source_not_in_the_store_is_named_with_those_that_are(
    three_versions, command
):
    result = three_versions(command, "--source", "nosuch")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"newscrawl {command}: there is no source 'nosuch' in the store"
        " (sources: guardian)\n"
    )


def test_history_of_an_unchanged_article_says_so_once(three_versions, site):
    result = three_versions("history", site.url(POLITICS))
    first = result.stdout.splitlines()[0]
    assert first.endswith("It has not changed since it was first seen 1 day ago.")
    assert "has not changed" not in result.stdout.split(first, 1)[1]


def test_changes_lists_the_newest_first_and_filters(three_versions, site):
    result = three_versions("changes")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["when", "source", "headline", "version", "words", "id"]
    assert len(rows) == 2
    assert rows[0].startswith("2026-11-21 09:00 UTC  guardian  " + NEW_TITLE)
    assert rows[0].split()[-4:] == [
        "v2",
        f"+{len(TOP.split())}",
        "-0",
        f"{site.url(DCR)}#v2",
    ]
    assert rows[1].startswith("2026-11-20 12:00 UTC")
    recent = json.loads(three_versions("changes", "--since", "3h", "--json").stdout)
    assert [c["id"] for c in recent] == [site.url(DCR) + "#v2"]
    assert three_versions("changes", "--since", "1h").stdout == "No changes.\n"
    assert (
        len(json.loads(three_versions("changes", "--limit", "1", "--json").stdout)) == 1
    )
    bad = three_versions("changes", "--since", "yesterday")
    assert bad.returncode == 2 and "not a time" in bad.stderr
    for args in (["--since", "999999999d"], ["--limit", "-5"], ["--limit", "0"]):
        bad = three_versions("changes", *args)
        assert bad.returncode == 2 and bad.stdout == "", args
        assert bad.stderr.splitlines()[-1].startswith("newscrawl changes: "), args
        assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("atom", [False, True])
def test_feed_of_an_article_has_one_entry_per_change(three_versions, site, atom):
    args = ["feed", "--article", site.url(DCR)] + (["--atom"] if atom else [])
    result = three_versions(*args)
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse(result.stdout.encode())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("atom10" if atom else "rss20")
    assert feed.feed.title == f"Changes to: {NEW_TITLE}"
    assert [e.id for e in feed.entries] == [
        site.url(DCR) + "#v2",
        site.url(DCR) + "#v1",
    ]
    newest = feed.entries[0]
    assert newest.title == f"{NEW_TITLE} (version 2)"
    assert newest.link == site.url(DCR)
    assert tuple(newest.published_parsed)[:5] == (2026, 11, 21, 9, 0)
    assert f"<ins>{TOP}</ins>" in newest.content[0].value
    # The same store gives the same feed, byte for byte.
    assert three_versions(*args).stdout == result.stdout


def test_feed_of_a_source_and_of_all_sources(three_versions, site, tmp_path):
    out = tmp_path / "guardian.xml"
    result = three_versions("feed", "--source", "guardian", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Wrote {out}: RSS feed of 2 changes\n"
    feed = feedparser.parse(out.read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == 2
    assert feed.feed.link == site.base_url + "/"
    every = feedparser.parse(three_versions("feed", "--atom").stdout.encode())
    assert [e.id for e in every.entries] == [e.id for e in feed.entries]


def test_a_minor_change_is_stored_but_left_out_unless_all(
    own_three_versions, site, db, crawl
):
    body = site.article(DCR)["body"]
    assert "engineers' full report" in body[-1]
    body[-1] = body[-1].replace("engineers' full report", "engineers\u2019 full report")
    site.edit(DCR, body=body)
    crawl(settings={"NEWSCRAWL_NOW": "2026-11-21T10:00:00Z"})
    v3 = db.versions.find_one({"article": site.url(DCR), "version": 3})
    assert v3["minor"] is True and v3["changed_fields"] == ["body"]
    assert db.versions.count_documents({"minor": False}) == 5  # 3 v0s, v1, v2
    listed = json.loads(own_three_versions("changes", "--json").stdout)
    assert [c["version"] for c in listed] == [2, 1]
    everything = json.loads(own_three_versions("changes", "--all", "--json").stdout)
    assert [c["version"] for c in everything] == [3, 2, 1]
    assert everything[0]["minor"] is True
    feed = feedparser.parse(
        own_three_versions("feed", "--article", "harbour-wall").stdout
    )
    assert len(feed.entries) == 2
    feed = feedparser.parse(
        own_three_versions("feed", "--article", "harbour-wall", "--all").stdout
    )
    assert len(feed.entries) == 3
    history = own_three_versions("history", site.url(DCR)).stdout
    assert history.splitlines()[-1].endswith("+1 -1 minor")


def test_an_unreachable_store_is_one_line(site):
    result = _run(
        "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=1000", "x", "changes"
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "cannot reach MongoDB at mongodb://127.0.0.1:9" in result.stderr


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_writes_a_row_per_article_version_or_change(three_versions, site):
    from newscrawl.render.export import (
        ARTICLE_COLUMNS,
        CHANGE_COLUMNS,
        VERSION_COLUMNS,
    )

    articles = [
        json.loads(line) for line in three_versions("export").stdout.splitlines()
    ]
    assert [tuple(row) for row in articles] == [ARTICLE_COLUMNS] * 3
    (dcr,) = [row for row in articles if row["url"] == site.url(DCR)]
    assert (dcr["version_count"], dcr["change_count"], dcr["title"]) == (
        3, 2, NEW_TITLE,
    )  # fmt: skip
    assert dcr["first_seen"] == "2026-11-20T10:00:00+00:00"

    versions = three_versions("export", "--versions", "--format", "csv").stdout
    assert versions.splitlines()[0] == ",".join(VERSION_COLUMNS)
    rows = _csv(versions)
    # By URL, then version: politics/..., uk-news/..., then world/... v0 to v2.
    assert [row["url"] for row in rows] == sorted(row["url"] for row in rows)
    assert [row["version"] for row in rows[2:]] == ["0", "1", "2"]
    assert rows[4]["body"].split("\n")[0] == TOP
    assert rows[3]["changed_fields"] == "title;body" and rows[3]["minor"] == "false"

    changes = three_versions("export", "--changes", "--format", "csv").stdout
    assert changes.splitlines()[0] == ",".join(CHANGE_COLUMNS)
    first, second = _csv(changes)
    assert first["id"] == site.url(DCR) + "#v1"
    assert first["previous_title"] == site.article(DCR)["title"]
    assert first["title"] == NEW_TITLE
    assert (first["words_added"], first["words_removed"]) == ("5", "4")
    assert second["previous_fetched_at"] == "2026-11-20T12:00:00+00:00"


def test_export_since_a_time_of_one_source_to_a_file(three_versions, site, tmp_path):
    out = tmp_path / "recent.jsonl"
    result = three_versions(
        "export", "--changes", "--since", "3h", "--source", "guardian", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Wrote {out}: 1 row\n"
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    # Version 1 is older than 3 hours: read on its own for the headline before.
    assert (row["version"], row["previous_title"]) == (2, NEW_TITLE)
    unknown = three_versions("export", "--source", "nosuch")
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert "there is no source 'nosuch' in the store" in unknown.stderr
    assert three_versions("export", "--versions", "--changes").returncode == 2
