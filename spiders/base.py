"""The shared spider: discovery from feeds and sitemaps, fetch, parse, count."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.crawler_store import crawl_clock, get_store
from newscrawl.feeds import FeedError, feed_links
from newscrawl.items import ArticleItem
from newscrawl.sitemaps import sitemap_links
from newscrawl.store import StoreUnavailable
from newscrawl.urls import canonicalize_url, url_path

logger = logging.getLogger(__name__)

#: Exception class names (Scrapy's own and Twisted's) -> the reason counted in stats.
_FAILURE_KINDS = {
    "CannotResolveHostError": "dns",
    "DNSLookupError": "dns",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused",
    "DownloadTimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "TimeoutError": "timeout",
    "ResponseDataLossError": "connection_lost",
    "ConnectionLost": "connection_lost",
    "ResponseNeverReceived": "connection_lost",
    "DownloadFailedError": "download_failed",
    "ConnectError": "connect_error",
}


class _NoTraceback(logging.Filter):
    """Keep a log record's message but drop its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


# Scrapy logs a failed robots.txt download (no network, DNS) with a full
# traceback; the one-line message already says what happened.
logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_NoTraceback())


def _split(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(part) for part in value]


class NewsSpider(scrapy.Spider):
    """Finds a source's articles in its feeds and sitemaps and parses each one.

    A source module sets ``name``, ``default_base_url``, ``aliases`` (other
    hosts of the site), ``default_feeds`` and ``default_sitemaps`` (paths or
    URLs), ``parse_page`` (its parser) and ``is_article_path``. Settings
    ``<NAME>_BASE_URL``, ``<NAME>_FEEDS`` and ``<NAME>_SITEMAPS`` (or the spider
    arguments ``base_url``, ``feeds``, ``sitemaps``) override the defaults, so
    the same spider crawls the real site or a local copy of it.
    """

    default_base_url: str = ""
    aliases: frozenset[str] = frozenset()
    default_feeds: tuple[str, ...] = ()
    default_sitemaps: tuple[str, ...] = ()
    parse_page: Callable[[str, str | bytes], ArticleItem]

    def __init__(
        self,
        *args: Any,
        base_url: str | None = None,
        feeds: str | None = None,
        sitemaps: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._arg_base_url = base_url
        self._arg_feeds = feeds
        self._arg_sitemaps = sitemaps
        self._discovered: set[str] = set()
        self._fetched = 0
        self._failures: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        prefix = cls.name.upper()
        settings = crawler.settings
        spider.base_url = (
            spider._arg_base_url
            or settings.get(f"{prefix}_BASE_URL")
            or cls.default_base_url
        ).rstrip("/")
        spider.feeds = _split(spider._arg_feeds) or _split(
            settings.get(f"{prefix}_FEEDS") or cls.default_feeds
        )
        spider.sitemaps = _split(spider._arg_sitemaps) or _split(
            settings.get(f"{prefix}_SITEMAPS") or cls.default_sitemaps
        )
        spider.include_liveblogs = settings.getbool("NEWSCRAWL_INCLUDE_LIVEBLOGS")
        spider.clock = crawl_clock(settings)
        return spider

    # --- URLs ----------------------------------------------------------------

    def is_article_path(self, path: str) -> bool:
        """Return whether a URL path of this site is an article to track."""
        raise NotImplementedError

    def article_url(self, url: str) -> str | None:
        """Return the canonical form of an article URL of this site, else ``None``."""
        canonical = canonicalize_url(url, base_url=self.base_url, aliases=self.aliases)
        if canonical and self.is_article_path(url_path(canonical)):
            return canonical
        return None

    def _absolute(self, path_or_url: str) -> str:
        if "://" in path_or_url:
            return path_or_url
        return f"{self.base_url}/{path_or_url.lstrip('/')}"

    # --- crawl ---------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        try:
            get_store(self.crawler)
        except StoreUnavailable as exc:
            logger.error("Crawl stopped: %s", exc)
            self.crawler.stats.set_value("newscrawl/store_unreachable", 1)
            return
        for feed in self.feeds:
            yield self._request(self._absolute(feed), self.parse_feed)
        for sitemap in self.sitemaps:
            yield self._request(self._absolute(sitemap), self.parse_sitemap)

    def _request(self, url: str, callback: Callable[..., Any]) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.fetch_failed)

    def _discover(self, links: Iterable[str]) -> Iterable[scrapy.Request]:
        for link in links:
            url = self.article_url(link)
            if url is None:
                self.crawler.stats.inc_value("newscrawl/skipped_links")
                continue
            if url in self._discovered:
                continue
            self._discovered.add(url)
            self.crawler.stats.inc_value("newscrawl/discovered")
            yield self._request(url, self.parse_article)

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        self._fetched += 1
        try:
            links = feed_links(response.body)
        except FeedError as exc:
            self._bad_document(response, "feed", exc)
            return
        yield from self._discover(links)

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        self._fetched += 1
        try:
            pages, nested = sitemap_links(response.body)
        except FeedError as exc:
            self._bad_document(response, "sitemap", exc)
            return
        for url in nested:
            yield self._request(url, self.parse_sitemap)
        yield from self._discover(pages)

    def _bad_document(self, response: Response, kind: str, exc: Exception) -> None:
        self.crawler.stats.inc_value(f"newscrawl/failed/bad_{kind}")
        logger.warning("Malformed %s %s: %s", kind, response.url, exc)

    def parse_article(self, response: Response) -> Iterable[ArticleItem]:
        """Parse an article page into an item for the pipelines."""
        self._fetched += 1
        url = self.article_url(response.url) or response.url
        try:
            item = type(self).parse_page(url, response.body)
        except Exception as exc:  # a parser bug must cost one page, not the crawl
            self.crawler.stats.inc_value("newscrawl/failed/parse")
            logger.error("Could not parse %s: %s: %s", url, type(exc).__name__, exc)
            return
        item.url = url
        item.fetched_at = self.clock()
        item.etag = _header(response, b"ETag")
        item.last_modified = _header(response, b"Last-Modified")
        yield item

    def fetch_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):
            status = failure.value.response.status
            kind, reason = f"http_{status}", f"HTTP {status}"
        else:
            name = type(failure.value).__name__
            kind = _FAILURE_KINDS.get(name, name)
            reason = str(failure.value) or name
        self._failures[kind] += 1
        self.crawler.stats.inc_value("newscrawl/failed/fetch")
        self.crawler.stats.inc_value(f"newscrawl/failed/{kind}")
        logger.warning("Could not fetch %s: %s", request.url, reason)

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats
        counts = {
            key: stats.get_value(f"newscrawl/{key}", 0)
            for key in ("discovered", "new", "changed", "unchanged", "rejected")
        }
        failed = stats.get_value("newscrawl/failed/fetch", 0)
        rejected = {
            key.rsplit("/", 1)[1]: value
            for key, value in stats.get_stats().items()
            if key.startswith("newscrawl/rejected/")
        }
        logger.info(
            "Crawl of %s finished (%s): %s, failed=%d%s",
            self.name,
            reason,
            ", ".join(f"{key}={value}" for key, value in counts.items()),
            failed,
            f" (rejected: {rejected})" if rejected else "",
        )
        if failed and not self._fetched:
            kinds = ", ".join(f"{k}: {n}" for k, n in self._failures.most_common())
            logger.error(
                "Nothing could be fetched from %s (%s). Is the network up and "
                "the base URL right?",
                self.base_url,
                kinds,
            )


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
