"""Store a new or changed article as a new version."""

from __future__ import annotations

import logging

from pymongo.errors import PyMongoError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.crawler_store import crawl_clock, get_store, schedule_policy
from newscrawl.items import ArticleItem
from newscrawl.store import StoreUnavailable

logger = logging.getLogger(__name__)


class StorePipeline:
    """Write each new version; count new, changed and unchanged articles."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.clock = crawl_clock(crawler.settings)
        self.policy = schedule_policy(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        try:
            get_store(self.crawler)
        except StoreUnavailable:
            pass  # the spider reports it and stops before requesting anything

    def process_item(self, item: ArticleItem) -> ArticleItem:
        stats = self.crawler.stats
        try:
            result = get_store(self.crawler).save(
                item, now=self.clock(), policy=self.policy
            )
        except (PyMongoError, StoreUnavailable) as exc:
            stats.inc_value("newscrawl/failed/store")
            logger.error("Could not store %s: %s", item.url, exc)
            raise DropItem(f"store failed: {exc}", log_level="DEBUG") from None
        stats.inc_value(f"newscrawl/{result.outcome}")
        if result.outcome != "unchanged":
            logger.info(
                "Stored %s version %d of %s", result.outcome, result.version, item.url
            )
        return item
