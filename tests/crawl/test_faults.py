"""Faults during a crawl, end to end: the store killed or restarted mid-crawl.

Each test runs a real store server and a real `scrapy crawl`, and kills or
restarts the server while the crawl stores pages (docs/reliability.md).
"""

from __future__ import annotations

import re
import signal
import subprocess
import threading
import time
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pymongo import MongoClient

from newscrawl.store.embedded import _free_port, client_uri, ping, server_args
from tests.support.crawling import ROOT, SiteCrawler, crawl_command, crawl_env
from testsite import generic
from testsite.server import TestSite, generated_pages

ARTICLES = 300
DCR = "/world/2026/nov/20/harbour-wall-repair"
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
            server_args(self.data_dir, "127.0.0.1", self.port),
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
    """Start a crawl of *site*'s sitemap; its log comes on stderr."""
    return subprocess.Popen(
        crawl_command(
            "guardian", base_url=site.base_url, settings=settings, args={"feeds": ""}
        ),
        cwd=ROOT,
        env=crawl_env(uri, "newscrawl"),
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


# --- hostile responses ------------------------------------------------------------


def _gzip_bomb(size: int) -> bytes:
    """*size* bytes of zeros, gzipped: about a thousandth of that on the wire."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = bytes(1024 * 1024)
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join([*parts, packer.flush()])


def test_oversized_and_bomb_bodies_are_refused_in_one_line_and_the_crawl_goes_on(
    crawl, site
):
    bomb = _gzip_bomb(1024**3)  # 1 GiB unpacked, 1 MB sent
    gzipped = {"Content-Encoding": "gzip"}
    site.override(
        "/sitemaps/news.xml", bomb, content_type="application/xml", headers=gzipped
    )
    site.override(DCR, bomb, headers=gzipped)
    site.override("/politics/2026/nov/20/budget-vote-delayed", b"<p>" * 7 * 1024**2)
    result = crawl()
    assert result.returncode == 0, result.log[-3000:]
    said = [
        line
        for line in result.log.splitlines()
        if ("WARNING" in line or "ERROR" in line)
        and ("DOWNLOAD_MAXSIZE" in line or "max size" in line)
    ]
    # One line each, the spider's; Scrapy's own warning is not repeated.
    assert len(said) == 3 and all("Could not fetch" in line for line in said), said
    assert all(len(line) < 500 for line in said)
    assert result.stat("failed/too_large") == 3
    assert result.stat("new") == 1  # the rest of the site is stored
    peak = re.search(r"'memusage/max': (\d+)", result.log)
    assert peak and int(peak.group(1)) < 300 * 1024**2


def test_a_redirect_loop_is_a_failure_of_the_article_with_a_line_and_a_back_off(
    crawl, site, db
):
    crawl()
    loop = "/world/2026/nov/20/harbour-wall-repair-loop"
    site.redirect(DCR, loop)
    site.redirect(loop, DCR)
    result = crawl()
    assert result.returncode == 0
    assert result.stat("failed/redirect_loop") == 1
    lines = [line for line in result.log.splitlines() if "Could not fetch" in line]
    assert len(lines) == 1 and "too many redirects" in lines[0], result.log[-3000:]
    article = db.articles.find_one({"_id": site.url(DCR)})
    assert article["failures"] == 1
    assert article["last_error"]["reason"] == "too many redirects (a redirect loop?)"
    assert article["status"] == "live" and article["version_count"] == 1


def test_an_article_too_large_to_store_is_rejected_in_one_line(crawl, site, db):
    huge = ["A paragraph that goes on and on. " * 3000] * 50  # about 5 MB
    site.edit(DCR, body=huge)
    result = crawl()
    assert result.returncode == 0
    assert result.stat("rejected/too_large") == 1 and result.stat("new") == 2
    lines = [line for line in result.log.splitlines() if "too_large" in line]
    assert any(f"Rejected {site.url(DCR)}: too_large" in line for line in lines)
    assert max(len(line) for line in result.log.splitlines()) < 4000
    assert db.articles.find_one({"_id": site.url(DCR)}) is None


def test_a_page_in_the_charset_its_http_header_names_is_stored_as_published(
    crawl, site, db
):
    _, _, page = site.render(DCR)
    text = page.decode().replace("The council met", "The café “council” met")
    # The page's own <meta charset="utf-8"> says otherwise: the header wins.
    site.override(
        DCR, text.encode("windows-1252"), content_type="text/html; charset=windows-1252"
    )
    result = crawl()
    assert result.stat("new") == 3
    body = db.versions.find_one({"article": site.url(DCR)})["body"]
    assert "The café “council” met" in body and "\ufffd" not in body


# --- a broken installation ----------------------------------------------------------


def test_a_parser_that_cannot_run_stops_the_crawl_instead_of_reading_junk(
    tmp_path, monkeypatch, mongo_uri, db
):
    # An environment without lxml_html_clean, as an older pip leaves it: the
    # generic parser's fallback (trafilatura, justext) cannot import it.
    shim = tmp_path / "shim" / "lxml_html_clean"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text('raise ImportError("lxml_html_clean: gone")\n')
    monkeypatch.setenv("PYTHONPATH", str(shim.parent))
    site = TestSite(generic.default_pages(), layout=generic.LAYOUT).start()
    try:
        crawler = SiteCrawler(site, mongo_uri, db.name, spider="generic")
        result = crawler(
            args={
                "source": "valley_courier",
                "feeds": generic.FEED,
                "article_pattern": generic.ARTICLE_PATTERN,
            }
        )
    finally:
        site.stop()
    assert result.returncode == 1
    stopped = [line for line in result.log.splitlines() if "Crawl stopped" in line]
    assert len(stopped) == 1, result.log[-3000:]
    assert "the valley_courier parser failed on" in stopped[0]
    assert "ImportError" in stopped[0] and "not the page" in stopped[0]
    assert "Traceback" not in result.log
    assert result.stat("rejected/empty_body") == 0


def test_a_link_that_was_never_tracked_and_answers_404_is_a_failed_fetch_not_gone(
    crawl, site
):
    site.remove("/uk-news/2026/nov/20/river-festival-returns")
    result = crawl()
    assert result.stat("gone") == 0
    assert result.stat("failed/http_404") == 1 and result.stat("new") == 2


# --- a huge feed --------------------------------------------------------------------


def test_a_feed_of_100000_links_half_tracked_starts_being_fetched_at_once(
    crawl, site, db
):
    base = site.url("/world/2026/nov/20/story-")
    links = [f"{base}{n}" for n in range(100_000)]
    items = "".join(f"<item><link>{link}</link></item>" for link in links)
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    site.override("/world/rss", feed.encode(), content_type="application/rss+xml")
    tracked = [
        {"_id": link, "source": "guardian", "next_check": None} for link in links[::2]
    ]
    for start in range(0, len(tracked), 10_000):
        db.articles.insert_many(tracked[start : start + 10_000])

    seen: dict[str, float] = {}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for path in list(site.requests):
                if path == "/world/rss" or "/story-" in path:
                    seen.setdefault(
                        "feed" if path == "/world/rss" else "article", time.monotonic()
                    )
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        result = crawl(
            args={"feeds": "/world/rss", "sitemaps": ""},
            settings={"CLOSESPIDER_PAGECOUNT": "20"},
        )
    finally:
        done.set()
        watcher.join()
    assert "Traceback" not in result.log
    assert result.stat("discovered") == 100_000
    assert "article" in seen, result.log[-3000:]
    assert seen["article"] - seen["feed"] < 10
    # Only untracked links were asked for: odd numbers.
    asked = [int(path.rsplit("-", 1)[1]) for path in site.requests if "/story-" in path]
    assert asked and all(n % 2 for n in asked)


def test_a_crawl_killed_with_checks_in_flight_counts_none_twice_and_loses_none(
    server, big_site
):
    start = datetime(2026, 11, 20, 10, tzinfo=timezone.utc)

    def crawl_at(minutes: int) -> subprocess.Popen:
        now = start + timedelta(minutes=minutes)
        return _crawl(big_site, server.uri, NEWSCRAWL_NOW=now.isoformat())

    first = crawl_at(0)
    assert first.wait(300) == 0
    # Twenty minutes on, every article is due: the site answers each with 304.
    before = big_site.not_modified
    killed = crawl_at(20)
    deadline = time.monotonic() + 120
    while big_site.not_modified - before < ARTICLES // 3:
        assert time.monotonic() < deadline and killed.poll() is None
        time.sleep(0.01)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    # A batch the crawl sent just before it died may still be applied: read
    # once the counts have settled.
    after_kill, settled = {}, _check_counts(server.uri)
    while after_kill != settled:
        time.sleep(0.5)
        after_kill, settled = settled, _check_counts(server.uri)
    assert set(after_kill.values()) <= {1, 2}  # no check counted twice
    assert 0 < sum(after_kill.values()) - ARTICLES < ARTICLES  # cut mid-way

    # Once the killed crawl's leases end, the next crawl checks every article:
    # the ones it had checked, and the ones it had not.
    last = crawl_at(40)
    assert last.wait(300) == 0
    after = _check_counts(server.uri)
    assert {url: n - after_kill[url] for url, n in after.items()} == dict.fromkeys(
        after, 1
    )
    assert all(numbers == [0] for numbers in _stored(server.uri).values())


def _check_counts(uri: str) -> dict[str, int]:
    client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=10_000)
    try:
        articles = client["newscrawl"].articles.find({}, {"check_count": 1})
        return {a["_id"]: a["check_count"] for a in articles}
    finally:
        client.close()
