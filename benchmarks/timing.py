"""A Scrapy extension that times a benchmark crawl and writes the figures as JSON.

Enabled with ``-s BENCHMARK_RESULT_FILE=<path>`` and ``-s EXTENSIONS=`` naming
``benchmarks.timing.CrawlTimer`` beside ``newscrawl.crawl.tracker.CrawlTracker``
(the option replaces the project's EXTENSIONS). It records when the first article
response arrived and when the crawl next went idle after the last one (every
response parsed, every item through the pipelines), the CPU time used in
between, the process's peak RSS and total CPU time, the commands it sent to
the store until the engine stopped (pymongo's command monitoring), and the
crawl's stats.
Robots.txt and sitemaps are not articles: their URLs end in ``/robots.txt``
or ``.xml``.
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path
from typing import Any

from pymongo import monitoring
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response


def is_article_url(url: str) -> bool:
    """Return whether *url* is an article page of the test site."""
    path = url.split("?", 1)[0]
    return not (path.endswith("/robots.txt") or path.endswith(".xml"))


class _CommandCounter(monitoring.CommandListener):
    """Count the commands this process sends to the store, by name."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.counts[event.command_name] = self.counts.get(event.command_name, 0) + 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


class CrawlTimer:
    """Time article responses and the end of processing; dump them on close."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        # Registered before the crawl opens its store: clients made later
        # report to it.
        self.commands = _CommandCounter()
        monitoring.register(self.commands)
        self.articles = 0
        self.first: float | None = None
        self.last: float | None = None
        self.idle: float | None = None
        self.cpu_first = 0.0
        self.cpu_idle: float | None = None
        self.children_first = 0.0
        self.children_idle: float | None = None
        crawler.signals.connect(self.response_received, signals.response_received)
        crawler.signals.connect(self.spider_idle, signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signals.engine_stopped)
        self._result: dict[str, Any] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlTimer:
        path = crawler.settings.get("BENCHMARK_RESULT_FILE")
        if not path:
            raise NotConfigured("BENCHMARK_RESULT_FILE is not set")
        return cls(crawler, Path(path))

    def response_received(self, response: Response, request: Request) -> None:
        if not is_article_url(response.url):
            return
        now = time.monotonic()
        self.articles += 1
        if self.first is None:
            self.first = now
            self.cpu_first = _cpu_seconds()
            self.children_first = _children_cpu_seconds()
        self.last = now

    def spider_idle(self) -> None:
        # The first idle after the last article response: all work is done.
        if self.last is not None and (self.idle is None or self.idle < self.last):
            self.idle = time.monotonic()
            self.cpu_idle = _cpu_seconds()
            self.children_idle = _children_cpu_seconds()

    def spider_closed(self, reason: str) -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        end = self.idle if self.idle is not None else time.monotonic()
        cpu_end = self.cpu_idle if self.cpu_idle is not None else _cpu_seconds()
        children_end = (
            self.children_idle
            if self.children_idle is not None
            else _children_cpu_seconds()
        )
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        result: dict[str, Any] = {
            "reason": reason,
            "articles": self.articles,
            "seconds": end - self.first if self.first is not None else None,
            "response_span": (
                self.last - self.first if self.first and self.last else None
            ),
            "max_rss_kb": usage.ru_maxrss,  # kilobytes on Linux
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "window_cpu_seconds": cpu_end - self.cpu_first,
            # The parse workers (NEWSCRAWL_PARSE_PROCESSES) in the same window.
            "window_children_cpu_seconds": (children_end - self.children_first),
            "stats": {key: _plain(value) for key, value in stats.items()},
        }
        self._result = result

    def engine_stopped(self) -> None:
        # Written now, not when the spider closed: the tracker's last writes
        # (the release of the crawl's leases) are made while it closes.
        if self._result is None:
            return
        result = {**self._result, "store_commands": dict(self.commands.counts)}
        self.path.write_text(json.dumps(result, indent=1, sort_keys=True))


def _cpu_seconds() -> float:
    """Return the CPU time (user + system) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu_seconds() -> float:
    """Return the CPU time the running child processes (parse workers) have used."""
    me = str(os.getpid())
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile, or not Linux
        if fields[1] == me:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _plain(value: object) -> object:
    """Return *value* if JSON can hold it, else its string form."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
