"""Drop a re-fetched article whose content hash equals its latest version's."""

from __future__ import annotations

from pymongo.errors import PyMongoError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.crawler_store import crawl_clock, get_store, schedule_policy
from newscrawl.items import ArticleItem
from newscrawl.store import StoreUnavailable


class DedupePipeline:
    """Record an unchanged re-fetch as a check and drop it; pass changes on."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.clock = crawl_clock(crawler.settings)
        self.policy = schedule_policy(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        try:
            store = get_store(self.crawler)
            latest = store.latest(item.url)
        except (PyMongoError, StoreUnavailable):
            return item  # the store pipeline reports the failure with the URL
        if latest is None or latest["latest_hash"] != item.content_hash:
            return item
        now = self.clock()
        store.record_check(
            item.url,
            now=now,
            next_check=self.policy(latest["last_changed"], now),
            etag=item.etag,
            last_modified=item.last_modified,
        )
        self.crawler.stats.inc_value("newscrawl/unchanged")
        raise DropItem("unchanged", log_level="DEBUG")
