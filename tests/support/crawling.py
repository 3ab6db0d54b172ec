"""What the crawl tests share: `scrapy crawl` runs, the test site, store reads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from pymongo.database import Database

from newscrawl.clock import utcnow
from testsite.pages import expected_body
from testsite.server import TestSite

ROOT = Path(__file__).resolve().parents[2]

#: Environment that keeps a crawl on this machine: Scrapy sends any request
#: for another host to a closed local port instead of the internet.
NO_INTERNET = {
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "no_proxy": "127.0.0.1,localhost",
}


@dataclass
class CrawlResult:
    returncode: int
    log: str

    def stat(self, name: str) -> int:
        """Return stat ``newscrawl/<name>`` from the stats dump (0 if absent)."""
        match = re.search(rf"'newscrawl/{re.escape(name)}': (\d+)", self.log)
        return int(match.group(1)) if match else 0


def crawl_command(
    spider: str,
    *,
    base_url: str,
    settings: dict[str, str] | None = None,
    args: dict[str, str] | None = None,
) -> list[str]:
    """The ``scrapy crawl`` command line of a test run: politeness delays off."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for name, value in {"base_url": base_url, **(args or {})}.items():
        command += ["-a", f"{name}={value}"]
    merged = {
        "AUTOTHROTTLE_ENABLED": "0",
        "DOWNLOAD_DELAY": "0",
        "LOG_LEVEL": "INFO",
        **(settings or {}),
    }
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return command


def crawl_env(mongo_uri: str, database: str) -> dict[str, str]:
    """The environment of a test crawl: its store, and no way to the internet."""
    return {
        **os.environ,
        "MONGO_URI": mongo_uri,
        "MONGO_DATABASE": database,
        **NO_INTERNET,
    }


def run_crawl(
    spider: str,
    *,
    base_url: str,
    mongo_uri: str,
    database: str,
    settings: dict[str, str] | None = None,
    args: dict[str, str] | None = None,
    timeout: float = 120,
) -> CrawlResult:
    """Run ``scrapy crawl`` as a user would, with politeness delays off for speed."""
    proc = subprocess.run(
        crawl_command(spider, base_url=base_url, settings=settings, args=args),
        cwd=ROOT,
        env=crawl_env(mongo_uri, database),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    return CrawlResult(proc.returncode, proc.stdout + proc.stderr)


class SiteCrawler:
    """Runs a spider (guardian unless told) against a test site, on a clock of its own.

    Each run is 20 minutes after the previous one (unless a test sets
    ``NEWSCRAWL_NOW`` itself), so every tracked article is due again, as
    after a real scheduled wait. *args* go with every run; with *check*, every
    run must end well (exit 0, no traceback) unless a call says otherwise.
    """

    STEP = timedelta(minutes=20)

    def __init__(
        self,
        site: TestSite,
        mongo_uri: str,
        database: str,
        *,
        spider: str = "guardian",
        args: dict[str, str] | None = None,
        check: bool = False,
    ) -> None:
        self.site = site
        self.spider = spider
        self.mongo_uri = mongo_uri
        self.database = database
        self.args = dict(args or {})
        self.check = check
        self.now = utcnow().replace(microsecond=0)

    def __call__(
        self,
        *,
        settings: dict[str, str] | None = None,
        args: dict[str, str] | None = None,
        advance: timedelta | None = None,
        check: bool | None = None,
    ) -> CrawlResult:
        settings = dict(settings or {})
        if "NEWSCRAWL_NOW" not in settings:
            self.now += self.STEP if advance is None else advance
            settings["NEWSCRAWL_NOW"] = self.now.isoformat()
        result = run_crawl(
            self.spider,
            base_url=self.site.base_url,
            mongo_uri=self.mongo_uri,
            database=self.database,
            settings=settings,
            args={**self.args, **(args or {})},
        )
        if self.check if check is None else check:
            assert "Traceback" not in result.log, result.log
            assert result.returncode == 0, result.log
        return result


def site_fixtures(
    spider: str,
    site_module: ModuleType | None = None,
    *,
    feeds: str | None = None,
    prepare: Callable[[TestSite], None] | None = None,
    check: bool = False,
    scope: Literal["session", "module"] = "module",
) -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """The ``_site_server``, ``site`` and ``crawl`` fixtures for one source's tests.

    The server holds *site_module*'s default pages in its layout (the
    Guardian-like site without one) for the whole *scope*; ``site`` resets it
    for each test and then calls *prepare*; ``crawl`` is a :class:`SiteCrawler`
    of *spider* that reads *feeds* (``-a feeds=``) when given. Assign the three
    to those names in a test module (or conftest) to use them.
    """

    @pytest.fixture(scope=scope)
    def server() -> Iterator[TestSite]:
        if site_module is None:
            started = TestSite().start()
        else:
            pages, layout = site_module.default_pages(), site_module.LAYOUT
            started = TestSite(pages, layout=layout).start()
        yield started
        started.stop()

    @pytest.fixture
    def site(_site_server: TestSite) -> TestSite:
        """The local test site, reset to its starting pages."""
        _site_server.reset()
        if prepare is not None:
            prepare(_site_server)
        return _site_server

    @pytest.fixture
    def crawl(site: TestSite, mongo_uri: str, db: Database) -> SiteCrawler:
        """Run the spider against the test site into this test's database."""
        args = {"feeds": feeds} if feeds else None
        return SiteCrawler(
            site, mongo_uri, db.name, spider=spider, args=args, check=check
        )

    return server, site, crawl


def feed_paths(urls: Iterable[str]) -> str:
    """The paths of a spider's feed URLs, as ``-a feeds=`` takes them.

    The test site serves a source's feeds at the paths they have on the
    source's own feed host, so a crawl asks it for them instead.
    """
    return ",".join(urlsplit(url).path for url in urls)


def versions(db: Database, site: TestSite, path: str) -> list[dict]:
    """The stored versions of the site's article at *path*, oldest first."""
    return list(db.versions.find({"article": site.url(path)}).sort("version", 1))


def snapshot(db: Database) -> tuple[list[dict], list[tuple]]:
    """What a crawl may not change: versions, and each article's version state."""
    stored = list(db.versions.find({}, {"_id": 0}).sort([("article", 1)]))
    articles = [
        (a["_id"], a["version_count"], a["change_count"], a["latest_hash"])
        for a in db.articles.find().sort("_id", 1)
    ]
    return stored, articles


def assert_stored_once(db: Database, site: TestSite, source: str, tracked) -> None:
    """Exactly the tracked articles are stored, each of *source* with one version 0."""
    assert {a["_id"] for a in db.articles.find()} == {site.url(p) for p in tracked}
    for path in tracked:
        article = db.articles.find_one({"_id": site.url(path)})
        assert article["source"] == source
        assert (article["version_count"], article["change_count"]) == (1, 0)
        assert article["title"] == site.article(path)["title"]
        assert [v["version"] for v in versions(db, site, path)] == [0]


def assert_stored_as_served(
    db: Database, site: TestSite, path: str, **fields: object
) -> None:
    """The article at *path* has one version, with the served texts and time.

    The body is the served one without its paragraph markers; *fields* give
    what other fields (byline, section, ...) must hold.
    """
    served = site.article(path)
    (v0,) = versions(db, site, path)
    assert v0["title"] == served["title"]
    assert v0["standfirst"] == served["standfirst"]
    assert v0["published"] == served["published"]
    assert v0["body"].split("\n") == expected_body(served["body"])
    for name, value in fields.items():
        assert v0[name] == value, name


def edit_one_word(site: TestSite, path: str) -> None:
    """Edit one word of the article's second paragraph: "two years" -> "three"."""
    body = site.article(path)["body"]
    assert "two years" in body[1]
    body[1] = body[1].replace("two years", "three years")
    site.edit(path, body=body)


def assert_changed_once(db: Database, site: TestSite, path: str, field: str) -> None:
    """The article at *path* has changed once, in *field*: its version 1."""
    article = db.articles.find_one({"_id": site.url(path)})
    assert (article["version_count"], article["change_count"]) == (2, 1)
    v1 = versions(db, site, path)[1]
    assert v1["version"] == 1 and v1["changed_fields"] == [field]


def check_edits_then_new_markup(
    crawl: SiteCrawler,
    db: Database,
    tracked: tuple[str, ...],
    *,
    body_of: str,
    edited: tuple[str, str, str],
    new_kind: str,
) -> None:
    """Two edits make version 1 of two articles; the same text in new markup, none.

    *body_of* gets one word of its body changed and *edited* is (path, field,
    new value); then the latter is served as *new_kind*, unchanged in text.
    """
    site = crawl.site
    crawl()
    path, field, value = edited
    edit_one_word(site, body_of)
    site.edit(path, **{field: value})
    result = crawl()
    assert result.stat("changed") == 2
    assert result.stat("unchanged") == len(tracked) - 2
    assert_changed_once(db, site, body_of, "body")
    assert_changed_once(db, site, path, field)
    site.set_kind(path, new_kind)
    result = crawl()
    assert site.requested(path) == 3
    assert result.stat("changed") == 0 and result.stat("unchanged") == len(tracked)
    assert db.versions.count_documents({}) == len(tracked) + 2


def assert_rejected(db: Database, site: TestSite, path: str) -> None:
    """The page at *path* was fetched once and, rejected, never stored."""
    assert site.requested(path) == 1
    assert db.articles.find_one({"_id": site.url(path)}) is None


def assert_never_fetched(site: TestSite, paths: Iterable[str]) -> None:
    """None of *paths* was requested from the site."""
    for path in paths:
        assert site.requested(path) == 0, path


def assert_serves(
    site_module: ModuleType, site: TestSite, paths: Iterable[str]
) -> None:
    """*site_module*'s layout has a document (feed, sitemap) at each of *paths*."""
    items = site.articles()
    for path in paths:
        assert site_module.LAYOUT.documents(path, items) is not None, path
