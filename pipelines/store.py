"""Store a new or changed article as a new version."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.changes.compare import compare_versions
from newscrawl.crawl import stats
from newscrawl.crawl.batch import Batcher
from newscrawl.crawl.tracker import CrawlTracker
from newscrawl.items import ArticleItem, NewVersion
from newscrawl.store import archive
from newscrawl.store.articles import SaveResult
from newscrawl.store.errors import STORE_FAILURES, describe
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
        self._pages: Batcher[dict[str, Any], None] | None = None

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
            _count_fields(tracker, item)
            logger.info(
                "Stored %s version %d of %s", result.outcome, result.version, item.url
            )
            await self._archive(item, result.version)
        return item

    async def _archive(self, item: ArticleItem, version: int) -> None:
        """Keep the page the version was read from (NEWSCRAWL_ARCHIVE)."""
        doc = archive.item_page(item, version=version)
        if doc is None:
            return
        try:
            await self._pages_batch().add(doc)
        except STORE_FAILURES as exc:
            # The version is stored; only its page is not.
            self.tracker.count(stats.FAILED_ARCHIVE)
            logger.error(
                "Could not archive the page of %s: %s", item.url, describe(exc)
            )

    def close_spider(self) -> None:
        for batch in (self._new, self._pages):
            if batch is not None:
                batch.flush()

    def _pages_batch(self) -> Batcher[dict[str, Any], None]:
        if self._pages is None:
            self._pages = Batcher(
                self._keep_pages, size=self.tracker.config.store_batch
            )
        return self._pages

    async def _keep_pages(self, docs: list[dict[str, Any]]) -> list[None | Exception]:
        tracker = self.tracker
        assert tracker.store is not None
        await tracker.write(
            archive.keep_pages,
            tracker.store,
            docs,
            versions=tracker.config.archive_versions,
        )
        return [None] * len(docs)

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


def _count_fields(tracker: CrawlTracker, item: ArticleItem) -> None:
    """Count which fields a stored version has: the source's health watches them."""
    tracker.count("fields/stored")
    for name in stats.FIELDS:
        if getattr(item, name):
            tracker.count(f"fields/{name}")
