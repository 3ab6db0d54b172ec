"""The crawl's progress: a line every 30 seconds, and a table of outcomes at the end.

Every NEWSCRAWL_PROGRESS_INTERVAL seconds (0: never), in place of Scrapy's
LogStats ("Crawled 12 pages (at 3 pages/min)"), which knows nothing of due
articles, 304s or changes. Every count is a stat newscrawl.crawl.stats names:

    Progress: due=120, queued=35, fetched=210, 304=80, new=12, changed=3,
    unchanged=95, rejected=2, failed=1; 4.2 pages/s, about 30 s left

*queued* is what the crawl knows it still has to fetch: the requests
waiting in Scrapy's scheduler, or the articles due and found that have no
outcome yet, whichever is more. The time left is that over the rate of the
last interval: an estimate, since feeds and sitemaps add work as they are
read.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from newscrawl.crawl import stats
from newscrawl.crawl.config import CrawlConfig

logger = logging.getLogger(__name__)

#: The outcomes of an article fetch, in the order the progress line and the
#: table give them.
OUTCOMES = (
    stats.NEW,
    stats.CHANGED,
    stats.UNCHANGED,
    stats.GONE,
    stats.REDIRECTED,
    stats.REJECTED,
    stats.FAILED_FETCH,
)


class CrawlProgress:
    """Extension: the crawl's progress every interval, and its outcome at the end."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.stats = crawler.stats
        self.interval = interval
        self._task: task.LoopingCall | None = None
        self._started = time.monotonic()
        self._last = (self._started, 0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        try:
            interval = CrawlConfig.from_settings(crawler.settings).progress_interval
        except ValueError:
            raise NotConfigured("a bad setting: the tracker says which") from None
        progress = cls(crawler, interval)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def spider_opened(self, spider: Spider) -> None:
        self._started = time.monotonic()
        self._last = (self._started, 0)
        if self.interval > 0:
            self._task = task.LoopingCall(self.log_progress)
            self._task.start(self.interval, now=False)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._task is not None and self._task.running:
            self._task.stop()
        if not stats.get(self.stats, stats.FETCHED):
            return  # the tracker's line says why: there is nothing to sum up
        source = getattr(spider, "source", spider.name)
        seconds = time.monotonic() - self._started
        logger.info(outcome_table(self.stats.get_stats(), source, seconds))

    def log_progress(self) -> None:
        now = time.monotonic()
        values = self.stats.get_stats()
        fetched = _count(values, stats.FETCHED)
        since, before = self._last
        self._last = (now, fetched)
        rate = (fetched - before) / (now - since) if now > since else 0.0
        logger.info(progress_line(values, rate))


def _count(values: Mapping[str, Any], count: str) -> int:
    return int(values.get(stats.name(count), 0))


def queued(values: Mapping[str, Any]) -> int:
    """How many fetches the crawl knows it has still to do."""
    waiting = values.get("scheduler/enqueued", 0) - values.get("scheduler/dequeued", 0)
    found = (
        _count(values, stats.DUE)
        + _count(values, stats.DISCOVERED)
        - _count(values, stats.ALREADY_TRACKED)
    )
    done = sum(_count(values, count) for count in OUTCOMES)
    return max(waiting, found - done, 0)


def progress_line(values: Mapping[str, Any], rate: float) -> str:
    """Return "Progress: due=..., queued=..., ...; 4.2 pages/s, about 30 s left"."""
    counts = {
        "due": _count(values, stats.DUE),
        "queued": queued(values),
        "fetched": _count(values, stats.FETCHED),
        "304": _count(values, stats.NOT_MODIFIED),
        "new": _count(values, stats.NEW),
        "changed": _count(values, stats.CHANGED),
        "unchanged": _count(values, stats.UNCHANGED),
        "rejected": _count(values, stats.REJECTED),
        "failed": _count(values, stats.FAILED_FETCH),
    }
    listed = ", ".join(f"{name}={value}" for name, value in counts.items())
    if not counts["queued"]:
        left = "nothing queued"
    elif rate > 0:
        left = f"about {_duration(counts['queued'] / rate)} left"
    else:
        left = "time left unknown"
    return f"Progress: {listed}; {rate:.1f} pages/s, {left}"


def outcome_table(values: Mapping[str, Any], source: str, seconds: float) -> str:
    """Return the crawl's outcome per article, a line each, with the reasons."""
    fetched = _count(values, stats.FETCHED)
    rate = fetched / seconds if seconds > 0 else 0.0
    details = {
        stats.UNCHANGED: {
            "304": _count(values, stats.NOT_MODIFIED),
            "same bytes, not parsed": _count(values, stats.SAME_PAGE),
        },
        stats.REJECTED: stats.under(values, stats.REJECTED),
        stats.FAILED_FETCH: {
            kind: n
            for kind, n in stats.under(values, stats.FAILED).items()
            if kind not in ("fetch", "store", "parse")
        },
    }
    rows = [(count.split("/")[0], _count(values, count)) for count in OUTCOMES]
    width = max(len(name) for name, _ in rows)
    lines = [
        f"Outcome of the crawl of {source}: {fetched} pages fetched in "
        f"{_duration(seconds)} ({rate:.1f} pages/s)"
    ]
    for (name, n), count in zip(rows, OUTCOMES, strict=True):
        shown = {key: value for key, value in details.get(count, {}).items() if value}
        why = ", ".join(f"{key}: {value}" for key, value in sorted(shown.items()))
        lines.append(f"  {name:<{width}}  {n:>6}" + (f"  ({why})" if why else ""))
    if unstored := _count(values, stats.FAILED_STORE):
        lines.append(f"  {'not stored':<{width}}  {unstored:>6}")
    return "\n".join(lines)


def _duration(seconds: float) -> str:
    """Return *seconds* as "42 s", "3 min 5 s" or "2 h 10 min"."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
