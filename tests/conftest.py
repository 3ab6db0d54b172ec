"""Fixtures: one store server and test site per session, a database per test."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pymongo import MongoClient
from pymongo.database import Database

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
    env = {**os.environ, "MONGO_URI": mongo_uri, "MONGO_DATABASE": database}
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


@pytest.fixture
def crawl(site: TestSite, mongo_uri: str, db: Database):
    """Run the guardian spider against the test site into this test's database."""

    def _crawl(**kwargs: object) -> CrawlResult:
        return run_crawl(
            "guardian",
            base_url=site.base_url,
            mongo_uri=mongo_uri,
            database=db.name,
            **kwargs,  # type: ignore[arg-type]
        )

    return _crawl
