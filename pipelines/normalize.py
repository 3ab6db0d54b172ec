"""Normalise an article's text and reject pages that are not articles."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from newscrawl.crawl import stats
from newscrawl.items import ArticleItem
from newscrawl.store import archive
from newscrawl.store.errors import STORE_FAILURES
from newscrawl.text.normalize import normalize_item, reject_reason
from pipelines.base import CrawlPipeline

logger = logging.getLogger(__name__)


class NormalizePipeline(CrawlPipeline):
    """Normalise text (NFC, white space, empty paragraphs); drop non-articles."""

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        tracker = self.tracker
        config = tracker.config
        normalize_item(item)
        reason = reject_reason(
            item,
            min_body_words=config.min_body_words,
            include_liveblogs=config.include_liveblogs,
            max_text_bytes=config.max_text_bytes,
        )
        if reason:
            tracker.count(f"{stats.REJECTED}/{reason}")
            tracker.count(stats.REJECTED)
            logger.info("Rejected %s: %s", item.url, reason)
            await self._keep_rejected(item, reason)
            raise DropItem(f"rejected: {reason}", log_level="DEBUG")
        return item

    async def _keep_rejected(self, item: ArticleItem, reason: str) -> None:
        """Keep the page, among the last of its source and reason (an operator
        sees what a parser failed on)."""
        tracker = self.tracker
        keep = tracker.config.archive_rejected
        doc = archive.item_page(item, reason=reason)
        if doc is None or not keep or tracker.store is None:
            return
        try:
            await tracker.write(archive.keep_rejected, tracker.store, doc, keep=keep)
        except STORE_FAILURES as exc:
            tracker.count(stats.FAILED_ARCHIVE)
            logger.error("Could not keep the rejected page %s: %s", item.url, exc)
