"""Real crawls of an invented news site by the generic spider, into a real store."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pymongo.database import Database

from newscrawl.parsers.generic import Selectors, parser_version
from tests.support.crawling import (
    ROOT,
    SiteCrawler,
    assert_changed_once,
    assert_never_fetched,
    assert_stored_as_served,
    assert_stored_once,
    site_fixtures,
    versions,
)
from testsite import generic
from testsite.server import TestSite

SOURCES = f"""
# A site of the sources file, at its real-looking address; the tests crawl
# the local copy with -a base_url.
[sites.kestrel]
base_url = "https://www.kestrelcourier.example"
feeds = ["{generic.FEED}"]
sitemaps = ["{generic.SITEMAP}"]
article_pattern = '{generic.ARTICLE_PATTERN}'
{chr(10).join(f'{key} = "{value}"' for key, value in generic.SELECTORS.items())}
"""
PATHS = sorted(generic.default_pages())
EDITED = generic.make_article(0)["path"]  # the mill race footbridge


# Each test runs the spider it is about: kestrel or generic.
_site_server, site = site_fixtures("kestrel", generic)[:2]


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES)
    return path


def test_a_configured_site_is_tracked_under_its_name_with_its_selectors(
    site: TestSite, sources: Path, mongo_uri: str, db: Database
):
    crawl = SiteCrawler(site, mongo_uri, db.name, spider="kestrel")
    settings = {"NEWSCRAWL_SOURCES": str(sources)}
    first = crawl(settings=settings)
    assert first.returncode == 0, first.log
    assert "Traceback" not in first.log
    selectors = Selectors(
        **{k.removesuffix("_css"): v for k, v in generic.SELECTORS.items()}
    )
    assert f"as source 'kestrel' with parser {parser_version(selectors)}" in first.log
    assert first.stat("new") == len(PATHS)
    assert db.articles.count_documents({}) == len(PATHS)
    assert db.articles.count_documents({"source": "kestrel"}) == len(PATHS)
    assert_stored_once(db, site, "kestrel", PATHS)
    for path in PATHS:
        byline = site.article(path)["byline"]
        assert_stored_as_served(db, site, path, source="kestrel", byline=byline)
    # The feed's other links do not match the article pattern: never fetched.
    assert_never_fetched(site, generic.NON_ARTICLE_LINKS)
    assert first.stat("skipped_links") >= len(generic.NON_ARTICLE_LINKS)

    body = site.article(EDITED)["body"]
    assert "forty thousand" in body[2]
    body[2] = body[2].replace("forty thousand", "forty-five thousand")
    site.edit(EDITED, body=body)
    second = crawl(settings=settings)
    assert (second.stat("changed"), second.stat("unchanged")) == (1, len(PATHS) - 1)
    assert_changed_once(db, site, EDITED, "body")
    v1 = versions(db, site, EDITED)[1]
    assert v1["source"] == "kestrel"
    assert "forty-five thousand" in v1["body"]

    third = crawl(settings=settings)
    assert third.stat("unchanged") == len(PATHS) and third.stat("new") == 0
    assert db.versions.count_documents({}) == len(PATHS) + 1

    # `newscrawl recheck` runs the spider the article's source names: kestrel.
    site.edit(EDITED, title="Mill race footbridge reopens to crowds")
    recheck = _python(
        "-m", "newscrawl.cli", "recheck", site.url(EDITED),
        "--mongo-uri", mongo_uri, "--database", db.name,
        sources=sources,
    )  # fmt: skip
    assert recheck.returncode == 0, recheck.stderr
    assert recheck.stdout.strip() == f"{site.url(EDITED)}: changed, now version 2"


def test_the_generic_spider_takes_a_site_from_its_arguments_and_falls_back(
    site: TestSite, mongo_uri: str, db: Database
):
    crawl = SiteCrawler(site, mongo_uri, db.name, spider="generic")
    args = {
        "source": "valley_courier",
        "feeds": generic.FEED,
        "article_pattern": generic.ARTICLE_PATTERN,
    }
    result = crawl(args=args)
    assert result.returncode == 0, result.log
    assert "Traceback" not in result.log
    assert f"with parser {parser_version()}" in result.log
    assert result.stat("new") == len(PATHS)
    assert db.articles.distinct("source") == ["valley_courier"]
    for path in PATHS:
        # No selectors: trafilatura's body, and the metadata from JSON-LD.
        assert_stored_as_served(db, site, path, byline=site.article(path)["byline"])
    assert_never_fetched(site, generic.NON_ARTICLE_LINKS)
    again = crawl(args=args)
    assert again.stat("unchanged") == len(PATHS) and again.stat("new") == 0


def test_a_generic_crawl_without_a_usable_source_stops_in_one_line(
    site: TestSite, mongo_uri: str, db: Database
):
    crawl = SiteCrawler(site, mongo_uri, db.name, spider="generic")
    missing = crawl(args={"feeds": generic.FEED})
    assert "Crawl stopped: the generic spider needs -a source=NAME" in missing.log
    taken = crawl(args={"source": "guardian", "feeds": generic.FEED})
    assert (
        "Crawl stopped: spider arguments: site 'guardian' has the name of a"
        " built-in spider; choose another name" in taken.log
    )
    for result in (missing, taken):
        assert "Traceback" not in result.log
        assert result.stat("bad_source") == 1
    assert site.requests == []
    assert db.articles.count_documents({}) == 0


def _scrapy(*args: str, sources: Path) -> subprocess.CompletedProcess[str]:
    return _python("-m", "scrapy", *args, sources=sources)


def _python(*args: str, sources: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSCRAWL_SOURCES": str(sources)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_scrapy_list_shows_configured_sites_and_a_bad_file_in_one_line(
    sources: Path, tmp_path: Path
):
    listed = _scrapy("list", sources=sources)
    assert listed.returncode == 0, listed.stderr
    assert {"generic", "guardian", "kestrel"} <= set(listed.stdout.split())
    # `newscrawl schedule` without --spider runs every spider but `generic`,
    # which has no site without its arguments.
    scheduled = _python(
        "-c",
        "from newscrawl.scrapyd.scheduler import project_spiders;"
        " print(project_spiders())",
        sources=sources,
    )
    assert scheduled.returncode == 0, scheduled.stderr
    names = ast.literal_eval(scheduled.stdout)
    assert "kestrel" in names and "guardian" in names and "generic" not in names

    bad = tmp_path / "bad.toml"
    bad.write_text(SOURCES.replace("article_pattern = '^", "article_pattern = '(^"))
    listed = _scrapy("list", sources=bad)
    assert listed.returncode == 0
    assert {"generic", "guardian"} <= set(listed.stdout.split())
    assert "kestrel" not in listed.stdout.split()
    lines = listed.stderr.strip().splitlines()
    assert len(lines) == 1, listed.stderr
    assert lines[0].startswith(
        f"newscrawl: sources file not used: {bad}: site 'kestrel': article_pattern"
    )
    assert "is not a valid regular expression" in lines[0]

    crawl = _scrapy("crawl", "kestrel", "-s", "LOG_LEVEL=ERROR", sources=bad)
    assert crawl.returncode == 1
    assert "Traceback" not in crawl.stderr
    last = crawl.stderr.strip().splitlines()[-1]
    assert last.startswith("newscrawl: no spider named 'kestrel' (the spiders are:")
    assert last.endswith(", washingtonpost; a sources file was not used, see above)")
