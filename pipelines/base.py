"""What every newscrawl pipeline has: its crawl, and the crawl's tracker."""

from __future__ import annotations

from typing import TypeVar

from scrapy.crawler import Crawler

from newscrawl.crawl.tracker import CrawlTracker

_P = TypeVar("_P", bound="CrawlPipeline")


class CrawlPipeline:
    """An item pipeline of one crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls: type[_P], crawler: Crawler) -> _P:
        return cls(crawler)

    @property
    def tracker(self) -> CrawlTracker:
        """The crawl's link to the store, its settings and its counts."""
        return CrawlTracker.of(self.crawler)
