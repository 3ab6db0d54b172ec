"""Fixtures: one store server and test site per session, a database per test."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from pymongo import MongoClient
from pymongo.database import Database

from newscrawl.clock import utcnow
from newscrawl.embedded import EmbeddedStore
from tests.site.server import TestSite

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def mongo_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real MongoDB wire-protocol server: MONGO_URI if set, else SecantusDB."""
    if uri := os.environ.get("MONGO_URI"):
        yield uri
        return
    store = EmbeddedStore.acquire(tmp_path_factory.mktemp("store"))
    try:
        yield store.uri
    finally:
        store.release()


@pytest.fixture(scope="session")
def mongo_client(mongo_uri: str) -> Iterator[MongoClient]:
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    yield client
    client.close()


@pytest.fixture
def db(mongo_client: MongoClient) -> Iterator[Database]:
    """A database of its own for each test, dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    yield mongo_client[name]
    mongo_client.drop_database(name)


@pytest.fixture(scope="session")
def _site_server() -> Iterator[TestSite]:
    site = TestSite().start()
    yield site
    site.stop()


@pytest.fixture
def site(_site_server: TestSite) -> TestSite:
    """The local Guardian-like site, reset to its starting pages."""
    _site_server.reset()
    return _site_server


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


@pytest.fixture
def crawl(site: TestSite, mongo_uri: str, db: Database) -> SiteCrawler:
    """Run the guardian spider against the test site into this test's database."""
    return SiteCrawler(site, mongo_uri, db.name)
