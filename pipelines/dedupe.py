"""Drop a re-fetched article whose content hash equals its latest version's."""

from __future__ import annotations

import dataclasses
import logging

from scrapy.exceptions import DropItem

from newscrawl.changes.compare import compare_versions
from newscrawl.crawl import stats
from newscrawl.items import ArticleItem, NewVersion
from newscrawl.parsers import fallback
from newscrawl.store import archive
from newscrawl.store.articles import Stored
from newscrawl.store.errors import STORE_FAILURES
from newscrawl.text.normalize import normalize_item
from pipelines.base import CrawlPipeline

logger = logging.getLogger(__name__)


class DedupePipeline(CrawlPipeline):
    """Record an unchanged re-fetch as a check and drop it; pass changes on.

    After a parser upgrade, the page the latest version was read from is
    read again with the new parser first (when the archive has it): what
    the upgrade alone changes is stored as a parser change, and what the
    fetched page changes besides is the publisher's.
    """

    async def process_item(self, item: ArticleItem) -> NewVersion:
        tracker = self.tracker
        try:
            stored = await tracker.stored(item.url)
            if stored is not None and _upgraded(stored, item):
                stored = await self._read_again(item, stored)
        except STORE_FAILURES as exc:
            tracker.store_failed(item.url, exc)
            raise DropItem(f"store failed: {exc}", log_level="DEBUG") from None
        if stored is not None and stored.latest_hash == item.content_hash:
            if await tracker.unchanged(item, stored):
                raise DropItem("unchanged", log_level="DEBUG")
            # Else changed meanwhile: the store compares with the newer version.
        return NewVersion(item, stored)

    async def _read_again(self, item: ArticleItem, stored: Stored) -> Stored:
        """Read the latest version's archived page with *item*'s parser; store a
        reading that differs as a parser change; return what the store holds."""
        tracker = self.tracker
        store = tracker.store
        assert store is not None
        latest = stored.version_count - 1
        page = await tracker.write(archive.page_read_last, store, item.url)
        # A NewsSpider's (pipelines know the crawl layer, not the spiders).
        parse_pool = getattr(self.crawler.spider, "parse_pool", None)
        parser_for = getattr(self.crawler.spider, "parser_for", None)
        if page is None or parse_pool is None or parser_for is None:
            return stored  # no page to read again: as before the archive
        try:
            body = archive.decompress(page)
        except archive.CorruptPage as exc:
            logger.warning("Archived page of %s: %s", item.url, exc)
            return stored
        content_type = dict((k.lower(), v) for k, v in page["headers"]).get(
            "content-type"
        )
        # Read by the parser that read the fetched page: what that reading
        # alone changes is the parser's doing.
        reading = await parse_pool.parse(
            parser_for(item.parser_version),
            item.url,
            body,
            content_type=content_type,
        )
        reading.url, reading.source = item.url, item.source
        normalize_item(reading)
        # The new parser reads the old page as it stands, or differently.
        upgraded = dataclasses.replace(stored, parser_version=item.parser_version)
        if reading.content_hash == stored.latest_hash:
            return upgraded
        result = await tracker.write(
            store.save_rereading,
            reading,
            of_version=latest,
            now=tracker.config.clock(),
            compare=compare_versions,
        )
        if result.outcome != "changed":
            return stored  # a newer version came meanwhile: compare with it
        tracker.count(stats.REREAD)
        logger.info("Stored parser change version %d of %s", result.version, item.url)
        return dataclasses.replace(
            upgraded,
            latest_hash=reading.content_hash,
            version_count=stored.version_count + 1,
        )


def _upgraded(stored: Stored, item: ArticleItem) -> bool:
    """Whether a newer parser of the same kind read the page than the latest
    version's.

    A switch to the fallback reading or back is no upgrade: two markups read
    by one extractor differ anyway, so the switch is a parser change whole.
    """
    if not (stored.parser_version and item.parser_version):
        return False
    switched = fallback.is_fallback(stored.parser_version) != fallback.is_fallback(
        item.parser_version
    )
    return stored.parser_version != item.parser_version and not switched
