"""Store a new or changed article as a new version."""

from __future__ import annotations

import logging

from pymongo.errors import PyMongoError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newscrawl.crawl_context import get_config, get_store
from newscrawl.items import ArticleItem
from newscrawl.store import SaveResult, StoreUnavailable

logger = logging.getLogger(__name__)


class StorePipeline:
    """Write each new version; count new, changed and unchanged articles."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        stats = self.crawler.stats
        try:
            # pymongo blocks: in a thread, the crawl goes on while MongoDB answers.
            result = await maybe_deferred_to_future(deferToThread(self._save, item))
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

    def _save(self, item: ArticleItem) -> SaveResult:
        config = get_config(self.crawler)
        state = item.stored_state
        return get_store(self.crawler).save(
            item,
            now=config.clock(),
            policy=config.policy,
            # The dedupe pipeline's read, if it made one: {} means not tracked.
            known=False if state is None else (state or None),
        )
