"""The shared spider: finds articles in feeds and sitemaps, requests and parses them.

What the store holds comes from the crawl's tracker (newscrawl.crawl.tracker),
which also records what a fetch found when it brought no page to store; the
pipelines store the pages the spider yields.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable
from concurrent.futures.process import BrokenProcessPool
from functools import cached_property, partial
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.crawl import stats
from newscrawl.crawl.config import CrawlConfig
from newscrawl.crawl.logs import short
from newscrawl.crawl.parse_pool import ParsePool, Parser
from newscrawl.crawl.tracker import MISSING_TRACKER, CrawlTracker
from newscrawl.crawl.unreachable import UNREACHABLE, HostUnreachable
from newscrawl.discovery.feeds import FeedError, feed_links
from newscrawl.discovery.sitemaps import sitemap_links
from newscrawl.discovery.urls import canonicalize_url, rebase_url, url_path
from newscrawl.items import ArticleItem, FetchedPage
from newscrawl.parsers import fallback
from newscrawl.text.hashing import page_key

logger = logging.getLogger(__name__)

#: Meta key of article requests: the canonical URL that was asked for.
ARTICLE = "newscrawl_article"
#: Links looked up in the store at once (in batches of its own inside).
_LOOKUP_CHUNK = 1000


def _split(value: str | Iterable[str]) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(part) for part in value]


class NewsSpider(scrapy.Spider):
    """Re-checks a source's due articles and finds new ones in its feeds and sitemaps.

    A source module sets ``name``, ``default_base_url``, ``aliases`` (other
    hosts of the site), ``default_feeds`` and ``default_sitemaps`` (paths or
    URLs), ``parse_page`` (its parser), ``parser_version`` and
    ``is_article_path``. Articles are stored under ``source``, the spider's
    ``name`` unless a subclass sets it (the generic spider stores each site
    under the site's name). Settings ``<NAME>_BASE_URL``, ``<NAME>_FEEDS`` and
    ``<NAME>_SITEMAPS`` (or the spider arguments ``base_url``, ``feeds``,
    ``sitemaps``) override the defaults, so
    the same spider crawls the real site or a local copy of it. Spider
    arguments ``discover=0`` and ``recheck=0`` turn either half off;
    ``urls=URL,URL`` fetches just those articles, due or not.
    """

    default_base_url: str = ""
    aliases: frozenset[str] = frozenset()
    default_feeds: tuple[str, ...] = ()
    default_sitemaps: tuple[str, ...] = ()
    parse_page: Callable[[str, str | bytes], ArticleItem]
    #: The parser's version, as its items carry it ("": unknown).
    parser_version: str = ""
    #: Why the publisher's site may only be crawled with its permission ("":
    #: it may be); the crawl of the real site then waits for the user's word.
    requires_permission: str = ""
    #: The name articles are stored under; empty means the spider's name.
    source: str = ""
    #: Whether a page the parser finds no article in, but that says it is
    #: one, is read by the generic extractor (newscrawl.parsers.fallback).
    fallback: bool = True
    #: Where this crawl finds the site, its feeds and sitemaps (from_crawler).
    base_url: str
    feeds: list[str]
    sitemaps: list[str]

    def __init__(
        self,
        *args: Any,
        base_url: str | None = None,
        feeds: str | None = None,
        sitemaps: str | None = None,
        discover: str = "1",
        recheck: str = "1",
        urls: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.source = type(self).source or self.name
        self._arg_base_url = base_url
        self._arg_feeds = feeds
        self._arg_sitemaps = sitemaps
        self.discover = discover.lower() not in ("0", "false", "no", "")
        self.recheck = recheck.lower() not in ("0", "false", "no", "")
        self.urls = _split(urls)
        self._discovered: set[str] = set()
        self._parse_pool: ParsePool | None = None
        self._config: CrawlConfig | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        prefix = cls.name.upper()
        settings = crawler.settings

        def choose(argument: str | None, name: str, default: Any) -> Any:
            if argument is not None:
                return argument
            value = settings.get(f"{prefix}_{name}")
            return default if value is None else value

        spider.base_url = choose(
            spider._arg_base_url, "BASE_URL", cls.default_base_url
        ).rstrip("/")
        local_copy = spider.base_url != cls.default_base_url.rstrip("/")

        def endpoints(
            argument: str | None, name: str, default: tuple[str, ...]
        ) -> list[str]:
            chosen = choose(argument, name, default)
            if chosen is default and local_copy:
                # A copy of the site serves its feeds too, wherever the real
                # site keeps them (feeds.bbci.co.uk, rss.cnn.com, ...).
                return [rebase_url(url, spider.base_url) for url in default]
            return _split(chosen)

        spider.feeds = endpoints(spider._arg_feeds, "FEEDS", cls.default_feeds)
        spider.sitemaps = endpoints(
            spider._arg_sitemaps, "SITEMAPS", cls.default_sitemaps
        )
        return spider

    @property
    def tracker(self) -> CrawlTracker:
        """The crawl's link to the store."""
        return CrawlTracker.of(self.crawler)

    @property
    def config(self) -> CrawlConfig:
        """newscrawl's settings of this crawl (the tracker reports a bad one)."""
        if self._config is None:
            self._config = CrawlConfig.from_settings(self.settings)
        return self._config

    @property
    def parse_pool(self) -> ParsePool:
        """The processes that parse this crawl's pages (NEWSCRAWL_PARSE_PROCESSES)."""
        if self._parse_pool is None:
            self._parse_pool = ParsePool(self.config.parse_processes)
        return self._parse_pool

    # --- URLs ----------------------------------------------------------------

    def refusal(self) -> tuple[str, str] | None:
        """Say why this crawl may not start, as (the stat, the message), or None.

        A publisher that asks for permission before any crawl must have it.
        """
        permitted = _split(self.settings.get("NEWSCRAWL_PERMITTED_SOURCES") or "")
        if not self.requires_permission or self.name in permitted:
            return None
        if self.base_url != type(self).default_base_url.rstrip("/"):
            return None  # a local copy, not the publisher's site
        return stats.NEEDS_PERMISSION, (
            f"{self.requires_permission} (docs/sources/{self.name}.md). If you"
            f" have it, add {self.name} to NEWSCRAWL_PERMITTED_SOURCES."
        )

    def is_article_path(self, path: str) -> bool:
        """Return whether a URL path of this site is an article to track."""
        raise NotImplementedError

    def article_url(self, url: str) -> str | None:
        """Return the canonical form of an article URL of this site, else ``None``."""
        canonical = canonicalize_url(url, base_url=self.base_url, aliases=self.aliases)
        if canonical and self.is_article_path(url_path(canonical)):
            return canonical
        return None

    def page_parser(self) -> Parser:
        """Return this crawl's parser: a module-level function a worker can run."""
        # Through the class: parse_page is a plain function of (url, html).
        return type(self).parse_page

    def fallback_parser(self) -> Parser | None:
        """Return the reading of pages this crawl's parser misses, if any."""
        if not self.fallback:
            return None
        return partial(fallback.read, source=self.source)

    @cached_property
    def parser_versions(self) -> tuple[str, ...]:
        """The versions of the parsers that read this crawl's pages (none: unknown)."""
        if not self.parser_version:
            return ()  # no version to tell an upgrade by: read every page
        if self.fallback:
            return (self.parser_version, fallback.version())
        return (self.parser_version,)

    def parser_for(self, parser_version: str) -> Parser:
        """Return the parser that reads as *parser_version* says (re-reads)."""
        reading = self.fallback_parser()
        if reading is not None and fallback.is_fallback(parser_version):
            return reading
        return self.page_parser()

    def _absolute(self, path_or_url: str) -> str:
        if "://" in path_or_url:
            return path_or_url
        return f"{self.base_url}/{path_or_url.lstrip('/')}"

    # --- crawl ---------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        tracker = self.crawler.get_extension(CrawlTracker)
        if tracker is None:
            # Without it nothing would be stored: a settings file or a
            # -s EXTENSIONS=... that replaces the project's left it out.
            logger.error("Crawl stopped: bad setting: %s", MISSING_TRACKER)
            stats.mark(self.crawler.stats, stats.BAD_SETTING)
            return
        if not await tracker.open(refusal=self.refusal()):
            return
        # Started now, so the workers are ready when the first page arrives.
        self.parse_pool.start(self.page_parser())
        if self.urls:
            for url in self.urls:
                yield self._article_request(self.article_url(url) or url)
            return
        if self.recheck:
            for due in await tracker.claim_due(self.source):
                # After a parser upgrade, fetch the page whole once: a 304
                # would hide from the new parser the text it must compare.
                stale = bool(due.parser_version and self.parser_version) and (
                    due.parser_version != self.parser_version
                )
                yield self._article_request(
                    due.url,
                    etag=None if stale else due.etag,
                    modified=None if stale else due.last_modified,
                )
        if self.discover:
            for feed in self.feeds:
                yield self._request(self._absolute(feed), self.parse_feed)
            for sitemap in self.sitemaps:
                yield self._request(self._absolute(sitemap), self.parse_sitemap)

    def _request(self, url: str, callback: Callable[..., Any]) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.fetch_failed)

    def _article_request(
        self, url: str, *, etag: str | None = None, modified: str | None = None
    ) -> scrapy.Request:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.fetch_failed,
            headers=headers,
            # Conditional requests: a 304 means "checked, unchanged", not an error.
            meta={ARTICLE: url, "handle_httpstatus_list": [304]},
            # Articles are requested once a crawl already (claimed or newly
            # discovered). Scrapy's duplicate filter would silently drop a
            # redirect back to a URL already asked for: a redirect loop then
            # reaches the redirect limit and fails, counted and logged.
            dont_filter=True,
        )

    async def _discover(self, links: Iterable[str]) -> AsyncIterator[scrapy.Request]:
        """Request the articles among *links* that the store does not track.

        In chunks: a feed of many thousands of links starts being fetched
        once its first chunk is looked up, not after the last.
        """
        found: list[str] = []
        for link in links:
            url = self.article_url(link)
            if url is None:
                stats.inc(self.crawler.stats, stats.SKIPPED_LINKS)
            elif url not in self._discovered:
                self._discovered.add(url)
                found.append(url)
        stats.inc(self.crawler.stats, stats.DISCOVERED, len(found))
        for start in range(0, len(found), _LOOKUP_CHUNK):
            # Tracked articles are fetched when the schedule says, not per
            # sighting.
            chunk = found[start : start + _LOOKUP_CHUNK]
            for url in await self.tracker.untracked(chunk):
                yield self._article_request(url)

    async def parse_feed(self, response: Response) -> AsyncIterator[scrapy.Request]:
        stats.inc(self.crawler.stats, stats.FETCHED)
        try:
            links = feed_links(response.body)
        except FeedError as exc:
            self._bad_document(response, "feed", exc)
            return
        async for request in self._discover(links):
            yield request

    async def parse_sitemap(self, response: Response) -> AsyncIterator[scrapy.Request]:
        stats.inc(self.crawler.stats, stats.FETCHED)
        try:
            pages, nested = sitemap_links(
                response.body, max_bytes=self.settings.getint("DOWNLOAD_MAXSIZE")
            )
        except FeedError as exc:
            self._bad_document(response, "sitemap", exc)
            return
        for url in nested:
            yield self._request(url, self.parse_sitemap)
        async for request in self._discover(pages):
            yield request

    def _bad_document(self, response: Response, kind: str, exc: Exception) -> None:
        stats.inc(self.crawler.stats, f"{stats.FAILED}/bad_{kind}")
        logger.warning("Malformed %s %s: %s", kind, response.url, short(str(exc)))

    async def parse_article(self, response: Response) -> AsyncIterator[ArticleItem]:
        """Parse an article page into an item for the pipelines."""
        stats.inc(self.crawler.stats, stats.FETCHED)
        requested = response.meta.get(ARTICLE) or response.url
        if response.status == 304:
            request = response.request
            assert request is not None
            await self.tracker.not_modified(
                requested,
                # Keep the validators we sent unless the server gave new ones.
                etag=_header(response, b"ETag") or _header(request, b"If-None-Match"),
                last_modified=_header(response, b"Last-Modified")
                or _header(request, b"If-Modified-Since"),
            )
            return
        url = self.article_url(response.url)
        if url != requested and response.meta.get("redirect_urls"):
            await self.tracker.redirected(requested, response.url, followed=bool(url))
            if url is None:
                return
        url = url or requested
        content_type = _header(response, b"Content-Type")
        etag = _header(response, b"ETag")
        last_modified = _header(response, b"Last-Modified")
        key = None
        if self.parser_versions:
            key = page_key(
                response.body,
                url=url,
                content_type=content_type,
                reader=" | ".join(self.parser_versions),
            )
            if await self.tracker.same_page(
                url,
                page_key=key,
                parser_versions=self.parser_versions,
                etag=etag,
                last_modified=last_modified,
            ):
                return
        try:
            item = await self.parse_pool.parse(
                self.page_parser(),
                url,
                response.body,
                content_type=content_type,
                fallback=self.fallback_parser(),
            )
        except BrokenProcessPool:
            # A worker died (killed, out of memory); the pool starts afresh.
            stats.inc(self.crawler.stats, stats.FAILED_PARSE)
            logger.error("Could not parse %s: its parse worker died", url)
            return
        except Exception as exc:
            # Garbled markup never raises out of a parser (parsers.base.fill):
            # this is a bug or a broken installation, and every page would
            # fail alike.
            self.tracker.stop(
                stats.PARSER_FAILED,
                f"the {self.source} parser failed on {url}:"
                f" {type(exc).__name__}: {short(str(exc))}. This is a bug or a"
                " broken installation, not the page.",
            )
            return
        if fallback.is_fallback(item.parser_version):
            stats.inc(self.crawler.stats, stats.FALLBACK)
        item.url = url
        item.source = self.source
        item.fetched_at = self.config.clock()
        item.etag = etag
        item.last_modified = last_modified
        item.page_key = key
        if self.config.archive:
            item.fetched = FetchedPage(
                url=response.url,
                status=response.status,
                headers=_pairs(response.headers),
                body=response.body,
                fetched_at=item.fetched_at,
                request_headers=_pairs(response.request.headers)
                if response.request is not None
                else [],
            )
        yield item

    async def fetch_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        url = request.meta.get(ARTICLE)
        if failure.check(HttpError):
            status = failure.value.response.status
            if url and status in (404, 410) and await self.tracker.gone(url, status):
                return
            kind, reason = f"http_{status}", f"HTTP {status}"
        elif failure.check(HostUnreachable):
            kind, reason = failure.value.kind, failure.value.reason
            # Not sent, so no failure of the article's: its lease ends and
            # it is due again, with no back-off for a network that was down.
            url = None
        else:
            kind, reason = stats.failure_kind(
                failure.value, max_size=self.settings.getint("DOWNLOAD_MAXSIZE")
            )
        # A host given up on was said in one line (newscrawl.crawl.unreachable).
        level = logging.DEBUG if request.meta.get(UNREACHABLE) else logging.WARNING
        logger.log(level, "Could not fetch %s: %s", request.url, reason)
        await self.tracker.failed(url, kind=kind, reason=reason)

    def closed(self, reason: str) -> None:
        if self._parse_pool is not None:
            self._parse_pool.close()


def _pairs(headers: Headers) -> list[tuple[str, str]]:
    """Return HTTP headers as (name, value) pairs, as sent (latin-1)."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


def _header(message: Response | scrapy.Request, name: bytes) -> str | None:
    value = message.headers.get(name)
    return value.decode("latin-1") if value else None
