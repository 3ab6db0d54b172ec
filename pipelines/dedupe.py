"""Drop a re-fetched article whose content hash equals its latest version's."""

from __future__ import annotations

from pymongo.errors import PyMongoError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newscrawl.crawl.context import get_config, get_store
from newscrawl.items import ArticleItem
from newscrawl.store.articles import StoreUnavailable


class DedupePipeline:
    """Record an unchanged re-fetch as a check and drop it; pass changes on."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.stored_state == {}:
            return item  # not tracked when the spider found it: new, nothing to read
        # pymongo blocks: in a thread, the crawl goes on while MongoDB answers.
        unchanged = await maybe_deferred_to_future(deferToThread(self._check, item))
        if unchanged:
            self.crawler.stats.inc_value("newscrawl/unchanged")
            raise DropItem("unchanged", log_level="DEBUG")
        return item

    def _check(self, item: ArticleItem) -> bool:
        """Record a check and return True if *item* is the latest version's text."""
        try:
            store = get_store(self.crawler)
            latest = store.latest(item.url)
        except (PyMongoError, StoreUnavailable):
            return False  # the store pipeline reports the failure with the URL
        item.stored_state = latest or {}
        if latest is None or latest["latest_hash"] != item.content_hash:
            return False
        config = get_config(self.crawler)
        now = config.clock()
        try:
            # False: changed meanwhile; the store pipeline compares again.
            return store.record_check(
                item.url,
                now=now,
                next_check=config.policy(latest["last_changed"], now),
                etag=item.etag,
                last_modified=item.last_modified,
                expected_hash=item.content_hash,
                previous_status=latest.get("status"),
                parser_version=item.parser_version,
            )
        except PyMongoError:
            item.stored_state = None  # the store pipeline reads it again
            return False
