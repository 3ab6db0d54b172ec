"""Faults during a crawl, end to end: the store killed or restarted mid-crawl.

Each test runs a real store server and a real `scrapy crawl`, and kills or
restarts the server while the crawl stores pages (docs/reliability.md).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pymongo import MongoClient

from newscrawl.store.embedded import _free_port, _server_args, client_uri, ping
from tests.support.crawling import NO_INTERNET, ROOT
from testsite.server import TestSite, generated_pages

ARTICLES = 300
STORED = re.compile(r"Stored new version 0 of (\S+)")


class Server:
    """A store server on a fixed port over a data directory, killed and restarted."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = _free_port()
        self.uri = client_uri("127.0.0.1", self.port)
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            _server_args(self.data_dir, "127.0.0.1", self.port),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not ping(self.uri, timeout=0.5):
            assert time.monotonic() < deadline, "the store server did not start"
            time.sleep(0.1)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.kill()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    store = Server(tmp_path / "store")
    store.data_dir.mkdir()
    store.start()
    yield store
    store.stop()


@pytest.fixture(scope="module")
def big_site() -> Iterator[TestSite]:
    site = TestSite(generated_pages(ARTICLES)).start()
    yield site
    site.stop()


def _crawl(site: TestSite, uri: str, **settings: str) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "guardian",
        "-a", f"base_url={site.base_url}", "-a", "feeds=",
    ]  # fmt: skip
    merged = {"AUTOTHROTTLE_ENABLED": "0", "DOWNLOAD_DELAY": "0", **settings}
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "MONGO_URI": uri, "MONGO_DATABASE": "newscrawl"}
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, **NO_INTERNET},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_until_stored(crawl: subprocess.Popen, count: int) -> list[str]:
    """Read the crawl's log until it has stored *count* new articles."""
    assert crawl.stderr is not None
    lines = []
    for line in crawl.stderr:
        lines.append(line)
        if len(STORED.findall("".join(lines))) >= count:
            return lines
    raise AssertionError("the crawl ended before storing:\n" + "".join(lines[-30:]))


def _stored(uri: str) -> dict[str, list[int]]:
    """Each article's stored versions, a version a killed writer left ``pending``
    (inside the article, rolled forward by the next reader) included."""
    client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=10_000)
    try:
        db = client["newscrawl"]
        stored: dict[str, list[int]] = {}
        for version in db.versions.find({}, {"article": 1, "version": 1}):
            stored.setdefault(version["article"], []).append(version["version"])
        for article in db.articles.find({}, {"version_count": 1, "pending": 1}):
            numbers = stored.setdefault(article["_id"], [])
            if "pending" in article and article["pending"]["version"] not in numbers:
                numbers.append(article["pending"]["version"])
            assert sorted(numbers) == list(range(article["version_count"]))
        return stored
    finally:
        client.close()


def test_a_store_killed_mid_crawl_loses_nothing_it_acknowledged_and_the_crawl_stops(
    server, big_site
):
    crawl = _crawl(big_site, server.uri, NEWSCRAWL_STORE_OUTAGE="3")
    lines = _read_until_stored(crawl, 20)
    server.kill()
    killed = time.monotonic()
    _, rest = crawl.communicate(timeout=120)
    took = time.monotonic() - killed
    log = "".join(lines) + rest

    assert crawl.returncode == 1
    # The outage window, a try that waits MONGO_CONNECT_TIMEOUT, closing down.
    assert took < 3 + 5 + 15, f"the crawl went on {took:.0f}s after the store died"
    stopped = [line for line in log.splitlines() if "Crawl stopped" in line]
    assert len(stopped) == 1 and "did not answer for 3s" in stopped[0], log
    assert "not stored=" in log
    assert "Traceback" not in log
    assert max(len(line) for line in log.splitlines()) < 2000

    server.start()
    logged = set(STORED.findall(log))
    stored = _stored(server.uri)
    # Every article the crawl said it stored is there, as version 0, once.
    assert logged and logged <= set(stored)
    assert all(numbers == [0] for numbers in stored.values())

    # The next crawl fetches what the first could not store.
    again = _crawl(big_site, server.uri)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err[-3000:]
    stored = _stored(server.uri)
    assert len(stored) == ARTICLES
    assert all(numbers == [0] for numbers in stored.values())


def test_a_store_restarted_mid_crawl_is_waited_for_and_nothing_is_lost(
    server, big_site
):
    crawl = _crawl(big_site, server.uri, NEWSCRAWL_STORE_OUTAGE="60")
    lines = _read_until_stored(crawl, 20)
    server.kill()
    time.sleep(2)
    server.start()
    _, rest = crawl.communicate(timeout=300)
    log = "".join(lines) + rest

    assert crawl.returncode == 0, log[-3000:]
    assert "does not answer" in log and "The store answers again" in log
    assert "Crawl stopped" not in log and "Traceback" not in log
    stored = _stored(server.uri)
    assert len(stored) == ARTICLES
    assert all(numbers == [0] for numbers in stored.values())
