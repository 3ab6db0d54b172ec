"""Drop a re-fetched article whose content hash equals its latest version's."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from newscrawl.items import ArticleItem, NewVersion
from newscrawl.store.errors import STORE_FAILURES
from pipelines.base import CrawlPipeline


class DedupePipeline(CrawlPipeline):
    """Record an unchanged re-fetch as a check and drop it; pass changes on."""

    async def process_item(self, item: ArticleItem) -> NewVersion:
        tracker = self.tracker
        try:
            stored = await tracker.stored(item.url)
        except STORE_FAILURES as exc:
            tracker.store_failed(item.url, exc)
            raise DropItem(f"store failed: {exc}", log_level="DEBUG") from None
        if stored is not None and stored.latest_hash == item.content_hash:
            if await tracker.unchanged(item, stored):
                raise DropItem("unchanged", log_level="DEBUG")
            # Else changed meanwhile: the store compares with the newer version.
        return NewVersion(item, stored)
