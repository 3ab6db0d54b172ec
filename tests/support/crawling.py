"""What the crawl tests share: `scrapy crawl` runs, the test site, store reads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import pytest
from pymongo.database import Database

from newscrawl.clock import utcnow
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
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        spider,
        "-a",
        f"base_url={base_url}",
    ]
    for name, value in (args or {}).items():
        command += ["-a", f"{name}={value}"]
    merged = {
        "AUTOTHROTTLE_ENABLED": "0",
        "DOWNLOAD_DELAY": "0",
        "LOG_LEVEL": "INFO",
        **(settings or {}),
    }
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    env = {
        **os.environ,
        "MONGO_URI": mongo_uri,
        "MONGO_DATABASE": database,
        **NO_INTERNET,
    }
    proc = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
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
    after a real scheduled wait.
    """

    STEP = timedelta(minutes=20)

    def __init__(
        self, site: TestSite, mongo_uri: str, database: str, *, spider: str = "guardian"
    ) -> None:
        self.site = site
        self.spider = spider
        self.mongo_uri = mongo_uri
        self.database = database
        self.now = utcnow().replace(microsecond=0)

    def __call__(
        self,
        *,
        settings: dict[str, str] | None = None,
        args: dict[str, str] | None = None,
        advance: timedelta | None = None,
    ) -> CrawlResult:
        settings = dict(settings or {})
        if "NEWSCRAWL_NOW" not in settings:
            self.now += self.STEP if advance is None else advance
            settings["NEWSCRAWL_NOW"] = self.now.isoformat()
        return run_crawl(
            self.spider,
            base_url=self.site.base_url,
            mongo_uri=self.mongo_uri,
            database=self.database,
            settings=settings,
            args=args,
        )


def serve(site_module: ModuleType) -> Callable[[], Iterator[TestSite]]:
    """A module-scoped fixture serving *site_module*'s default pages in its layout."""

    @pytest.fixture(scope="module")
    def server() -> Iterator[TestSite]:
        site = TestSite(site_module.default_pages(), layout=site_module.LAYOUT).start()
        yield site
        site.stop()

    return server


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
