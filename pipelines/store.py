"""Store a new or changed article as a new version."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.changes.compare import compare_versions
from newscrawl.crawl.batch import Batcher
from newscrawl.items import ArticleItem, NewVersion
from newscrawl.store.articles import SaveResult
from newscrawl.store.errors import STORE_FAILURES
from pipelines.base import CrawlPipeline

logger = logging.getLogger(__name__)


class StorePipeline(CrawlPipeline):
    """Write each new version; count new, changed and unchanged articles.

    Articles not tracked so far are written in batches of up to
    NEWSCRAWL_STORE_BATCH (ArticleStore.save_new): three writes per batch
    instead of three per article.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._new: Batcher[ArticleItem, SaveResult] | None = None

    async def process_item(self, version: NewVersion) -> ArticleItem:
        item, tracker = version.page, self.tracker
        try:
            if version.stored is None and tracker.config.store_batch > 1:
                result = await self._new_articles().add(item)
            else:
                result = await tracker.write(self._save, version)
        except STORE_FAILURES as exc:
            tracker.store_failed(item.url, exc)
            raise DropItem(f"store failed: {exc}", log_level="DEBUG") from None
        tracker.count(result.outcome)
        if result.outcome != "unchanged":
            logger.info(
                "Stored %s version %d of %s", result.outcome, result.version, item.url
            )
        return item

    def close_spider(self) -> None:
        if self._new is not None:
            self._new.flush()

    def _new_articles(self) -> Batcher[ArticleItem, SaveResult]:
        if self._new is None:
            self._new = Batcher(self._save_new, size=self.tracker.config.store_batch)
        return self._new

    def _save(self, version: NewVersion) -> SaveResult:
        tracker = self.tracker
        config = tracker.config
        assert tracker.store is not None
        return tracker.store.save(
            version.page,
            now=config.clock(),
            policy=config.policy,
            compare=compare_versions,
            stored=version.stored,
        )

    async def _save_new(self, items: list[ArticleItem]) -> list[SaveResult | Exception]:
        tracker = self.tracker
        config = tracker.config
        assert tracker.store is not None
        return await tracker.write(
            tracker.store.save_new,
            items,
            now=config.clock(),
            policy=config.policy,
            compare=compare_versions,
        )
