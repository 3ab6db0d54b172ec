"""Normalise an article's text and reject pages that are not articles."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from newscrawl.items import ArticleItem
from newscrawl.normalize import normalize_item, word_count

logger = logging.getLogger(__name__)


def reject_reason(
    item: ArticleItem, *, min_body_words: int, include_liveblogs: bool
) -> str | None:
    """Return why a normalised *item* is not an article to track, or ``None``."""
    if item.page_type == "interstitial":
        return "interstitial"
    if item.page_type == "liveblog" and not include_liveblogs:
        return "liveblog"
    if item.page_type not in ("article", "liveblog"):
        return "not_article"
    if not item.title:
        return "no_headline"
    if not item.body:
        return "empty_body"
    if word_count(item.body) < min_body_words:
        return "short_body"
    return None


class NormalizePipeline:
    """Normalise text (NFC, white space, empty paragraphs); drop non-articles."""

    def __init__(
        self, stats: StatsCollector, *, min_body_words: int, include_liveblogs: bool
    ) -> None:
        self.stats = stats
        self.min_body_words = min_body_words
        self.include_liveblogs = include_liveblogs

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        settings = crawler.settings
        return cls(
            crawler.stats,
            # Default 40: a short news brief still passes, a stub page does not.
            min_body_words=settings.getint("NEWSCRAWL_MIN_BODY_WORDS", 40),
            include_liveblogs=settings.getbool("NEWSCRAWL_INCLUDE_LIVEBLOGS", False),
        )

    def process_item(self, item: ArticleItem) -> ArticleItem:
        normalize_item(item)
        reason = reject_reason(
            item,
            min_body_words=self.min_body_words,
            include_liveblogs=self.include_liveblogs,
        )
        if reason:
            self.stats.inc_value(f"newscrawl/rejected/{reason}")
            self.stats.inc_value("newscrawl/rejected")
            logger.info("Rejected %s: %s", item.url, reason)
            raise DropItem(f"rejected: {reason}", log_level="DEBUG")
        return item
