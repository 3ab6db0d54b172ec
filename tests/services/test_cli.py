"""The newscrawl command as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.crawling import ROOT
from testsite import pages
from testsite.server import sample_article

NEWSCRAWL = [sys.executable, "-m", "newscrawl.cli"]


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*NEWSCRAWL, *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env=env,
    )  # fmt: skip


def test_the_console_script_is_installed():
    script = Path(sys.executable).with_name("newscrawl")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "extract" in result.stdout and "summary" in result.stdout


def test_extract_prints_the_parsed_article_as_json(tmp_path):
    article = sample_article("harbour-wall-repair")
    url = "https://www.theguardian.com" + article["path"]
    page = tmp_path / "page.html"
    page.write_text(pages.render_frontend({**article, "url": url}))
    result = _run("extract", str(page), "--url", url)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["title"] == article["title"]
    assert out["byline"] == article["byline"]
    assert out["standfirst"] == article["standfirst"]
    assert out["published"] == article["published"].isoformat()
    assert out["modified"] == article["modified"].isoformat()
    assert out["section"] == "World news"
    assert out["tags"] == article["tags"]
    assert out["body"].split("\n") == pages.expected_body(article["body"])
    assert out["hash"].startswith("v1:")


def test_extract_of_a_missing_file_says_so(tmp_path):
    result = _run("extract", str(tmp_path / "nope.html"), "--url", "https://x.test/")
    assert result.returncode == 1
    assert "cannot read" in result.stderr and "Traceback" not in result.stderr


def test_usage_errors_exit_2():
    assert _run("extract", "page.html").returncode == 2  # --url missing
    assert _run("frobnicate").returncode == 2


def test_summary_shows_what_a_crawl_stored(crawl, site, db, mongo_uri):
    crawl()
    site.edit("/world/2026/nov/20/harbour-wall-repair", title="A new headline here")
    crawl()
    store_args = ["--mongo-uri", mongo_uri, "--database", db.name]
    result = _run("summary", *store_args, "--now", crawl.now.isoformat())
    assert result.returncode == 0, result.stderr
    header, row = result.stdout.splitlines()[1:3]
    assert header.split()[0:4] == ["source", "health", "articles", "live"]
    assert "due now" in header and "changes 24h" in header
    assert header.endswith("archived pages  archive MB")
    # source articles live gone failing retired due versions changes
    # parser-changes checked changes24h
    assert row.split()[:13] == [
        "guardian",
        "ok",
        "3",
        "3",
        "0",
        "0",
        "0",
        "0",
        "4",
        "1",
        "0",
        "3",
        "1",
    ]
    as_json = _run("summary", "--json", *store_args, "--now", crawl.now.isoformat())
    (row,) = json.loads(as_json.stdout)
    assert (row["source"], row["articles"], row["versions"], row["changes"]) == (
        "guardian", 3, 4, 1,
    )  # fmt: skip
    assert (row["live"], row["gone"], row["failing"], row["retired"]) == (3, 0, 0, 0)
    assert (row["checked_24h"], row["changes_24h"]) == (3, 1)
    assert row["health"] == "ok"
    # The page archive: one page per version, and what it takes.
    assert row["archived_pages"] == 4 and row["archive_bytes"] > 0


def test_summary_with_an_unreachable_store_says_so_in_one_line():
    result = _run(
        "summary", "--mongo-uri", "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=1000"
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "cannot reach MongoDB at mongodb://127.0.0.1:9" in result.stderr


def test_the_test_site_and_the_viewer_default_to_different_ports():
    from newscrawl.cli.main import build_parser
    from testsite.server import DEFAULT_PORT
    from testsite.server import build_parser as site_parser

    viewer = build_parser().parse_args(["serve"]).port
    assert site_parser().parse_args([]).port == DEFAULT_PORT != viewer
    shown = subprocess.run(
        [sys.executable, "-m", "testsite.server", "--help"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "base_url=http://127.0.0.1:8001" in " ".join(shown.stdout.split())
