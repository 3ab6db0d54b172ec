"""Store a new or changed article as a new version."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred

from newscrawl.changes.compare import compare_versions
from newscrawl.items import ArticleItem, NewVersion
from newscrawl.store.articles import SaveResult
from newscrawl.store.errors import STORE_FAILURES
from pipelines.base import CrawlPipeline

logger = logging.getLogger(__name__)

#: Seconds a new article waits for others to be written with it.
_BATCH_WAIT = 0.05


class StorePipeline(CrawlPipeline):
    """Write each new version; count new, changed and unchanged articles.

    Articles not tracked so far are written in batches of up to
    NEWSCRAWL_STORE_BATCH (ArticleStore.save_new): three writes per batch
    instead of three per article.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._batch: list[tuple[ArticleItem, Deferred]] = []
        self._timer: Any = None

    async def process_item(self, version: NewVersion) -> ArticleItem:
        item, tracker = version.page, self.tracker
        try:
            if version.stored is None and tracker.config.store_batch > 1:
                result = await maybe_deferred_to_future(self._batched(item))
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
        self._flush()

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

    def _batched(self, item: ArticleItem) -> Deferred:
        """Queue a new article for the next batch; fires with its SaveResult."""
        done: Deferred = Deferred()
        self._batch.append((item, done))
        if len(self._batch) >= self.tracker.config.store_batch:
            self._flush()
        elif self._timer is None:
            from twisted.internet import reactor

            self._timer = reactor.callLater(_BATCH_WAIT, self._flush)  # type: ignore[attr-defined,arg-type]
        return done

    def _flush(self) -> None:
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
        batch, self._batch = self._batch, []
        if not batch:
            return
        items = [item for item, _ in batch]
        written = deferred_from_coro(self.tracker.write(self._save_new, items))

        def deliver(results: list[SaveResult | Exception]) -> None:
            for (_, done), result in zip(batch, results, strict=True):
                if isinstance(result, Exception):
                    done.errback(result)
                else:
                    done.callback(result)

        def fail(failure: Any) -> None:
            for _, done in batch:
                done.errback(failure)

        written.addCallbacks(deliver, fail)

    def _save_new(self, items: list[ArticleItem]) -> list[SaveResult | Exception]:
        tracker = self.tracker
        config = tracker.config
        assert tracker.store is not None
        return tracker.store.save_new(
            items, now=config.clock(), policy=config.policy, compare=compare_versions
        )
