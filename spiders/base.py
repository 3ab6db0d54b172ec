"""The shared spider: discovery from feeds and sitemaps, fetch, parse, count."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import scrapy
from pymongo.errors import PyMongoError
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from newscrawl.crawl.context import CrawlConfig, get_config, get_store
from newscrawl.crawl.parse_pool import ParsePool, Parser
from newscrawl.discovery.feeds import FeedError, feed_links
from newscrawl.discovery.sitemaps import sitemap_links
from newscrawl.discovery.urls import canonicalize_url, rebase_url, url_path
from newscrawl.items import ArticleItem
from newscrawl.store.articles import ArticleStore, StoreUnavailable

logger = logging.getLogger(__name__)

#: Meta key of article requests: the canonical URL that was asked for.
ARTICLE = "newscrawl_article"
#: Meta key of article requests for URLs the store did not track at discovery.
UNTRACKED = "newscrawl_untracked"

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
        self._fetched = 0
        self._failures: Counter[str] = Counter()
        self._parse_pool: ParsePool | None = None
        # Names this crawl in the leases it takes, so two crawls never share one.
        self.lease_owner = (
            f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        )

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
    def config(self) -> CrawlConfig:
        """newscrawl's settings of this crawl (start() reports a bad one)."""
        return get_config(self.crawler)

    @property
    def parse_pool(self) -> ParsePool:
        """The processes that parse this crawl's pages (NEWSCRAWL_PARSE_PROCESSES)."""
        if self._parse_pool is None:
            self._parse_pool = ParsePool(self.config.parse_processes)
        return self._parse_pool

    # --- URLs ----------------------------------------------------------------

    def _needs_permission(self) -> str | None:
        """Say why this crawl may not start: the site asks for permission first."""
        permitted = _split(self.settings.get("NEWSCRAWL_PERMITTED_SOURCES") or "")
        if not self.requires_permission or self.name in permitted:
            return None
        if self.base_url != type(self).default_base_url.rstrip("/"):
            return None  # a local copy, not the publisher's site
        return (
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

    def _absolute(self, path_or_url: str) -> str:
        if "://" in path_or_url:
            return path_or_url
        return f"{self.base_url}/{path_or_url.lstrip('/')}"

    # --- crawl ---------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        try:
            get_config(self.crawler)
        except ValueError as exc:
            logger.error("Crawl stopped: bad setting: %s", exc)
            self.crawler.stats.set_value("newscrawl/bad_setting", 1)
            return
        if reason := self._needs_permission():
            logger.error("Crawl stopped: %s", reason)
            self.crawler.stats.set_value("newscrawl/needs_permission", 1)
            return
        try:
            store = get_store(self.crawler)
        except StoreUnavailable as exc:
            logger.error("Crawl stopped: %s", exc)
            self.crawler.stats.set_value("newscrawl/store_unreachable", 1)
            return
        # Started now, so the workers are ready when the first page arrives.
        self.parse_pool.start(self.page_parser())
        if self.urls:
            for url in self.urls:
                yield self._article_request(self.article_url(url) or url)
            return
        if self.recheck:
            for doc in self._claim_due(store):
                # After a parser upgrade, fetch the page whole once: a 304
                # would hide from the new parser the text it must compare.
                stored = doc.get("parser_version")
                stale = bool(stored and self.parser_version) and (
                    stored != self.parser_version
                )
                yield self._article_request(
                    doc["_id"],
                    etag=None if stale else doc.get("etag"),
                    modified=None if stale else doc.get("last_modified"),
                )
        if self.discover:
            for feed in self.feeds:
                yield self._request(self._absolute(feed), self.parse_feed)
            for sitemap in self.sitemaps:
                yield self._request(self._absolute(sitemap), self.parse_sitemap)

    def _claim_due(self, store: ArticleStore) -> list[dict[str, Any]]:
        now = self.config.clock()
        retired = self._store_call(
            store.retire_stale,
            self.source,
            now=now,
            retire_after=self.config.retire_after,
        )
        claimed = self._store_call(
            store.claim_due,
            self.source,
            now=now,
            owner=self.lease_owner,
            lease_seconds=self.config.lease_seconds,
            limit=self.config.recheck_limit,
        )
        claimed, retired = claimed or [], retired or 0
        self.crawler.stats.set_value("newscrawl/due", len(claimed))
        self.crawler.stats.set_value("newscrawl/retired", retired)
        logger.info(
            "%d articles due for a re-check, %d retired (unchanged for %d days)",
            len(claimed),
            retired,
            self.config.retire_after // 86400,
        )
        return claimed

    def _request(self, url: str, callback: Callable[..., Any]) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.fetch_failed)

    def _article_request(
        self,
        url: str,
        *,
        etag: str | None = None,
        modified: str | None = None,
        untracked: bool = False,
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
            meta={ARTICLE: url, UNTRACKED: untracked, "handle_httpstatus_list": [304]},
        )

    def _discover(self, links: Iterable[str]) -> Iterable[scrapy.Request]:
        found = []
        for link in links:
            url = self.article_url(link)
            if url is None:
                self.crawler.stats.inc_value("newscrawl/skipped_links")
            elif url not in self._discovered:
                self._discovered.add(url)
                found.append(url)
        self.crawler.stats.inc_value("newscrawl/discovered", len(found))
        # Tracked articles are fetched when the schedule says, not per sighting.
        tracked = self._store_call(get_store(self.crawler).known, found) or set()
        self.crawler.stats.inc_value("newscrawl/already_tracked", len(tracked))
        for url in found:
            if url not in tracked:
                yield self._article_request(url, untracked=True)

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

    async def parse_article(self, response: Response) -> AsyncIterator[ArticleItem]:
        """Parse an article page into an item for the pipelines."""
        self._fetched += 1
        requested = response.meta.get(ARTICLE) or response.url
        if response.status == 304:
            self.crawler.stats.inc_value("newscrawl/not_modified")
            self.crawler.stats.inc_value("newscrawl/unchanged")
            await _in_thread(self._not_modified, requested, response)
            return
        url = self.article_url(response.url)
        if url != requested and response.meta.get("redirect_urls"):
            self.crawler.stats.inc_value("newscrawl/redirected")
            logger.info(
                "%s now redirects to %s%s",
                requested,
                response.url,
                "" if url else " (not an article: not followed)",
            )
            await _in_thread(self._redirected, requested, response.url)
            if url is None:
                return
        url = url or requested
        try:
            item = await self.parse_pool.parse(self.page_parser(), url, response.body)
        except Exception as exc:  # a parser bug must cost one page, not the crawl
            self.crawler.stats.inc_value("newscrawl/failed/parse")
            logger.error("Could not parse %s: %s: %s", url, type(exc).__name__, exc)
            return
        item.url = url
        item.source = self.source
        if url == requested and response.meta.get(UNTRACKED):
            # The store said at discovery that it does not track this article,
            # so the dedupe pipeline need not ask again; should another crawler
            # store it meanwhile, ArticleStore.save's insert fails and it
            # compares with theirs.
            item.stored_state = {}
        item.fetched_at = self.config.clock()
        item.etag = _header(response, b"ETag")
        item.last_modified = _header(response, b"Last-Modified")
        yield item

    def _not_modified(self, url: str, response: Response) -> None:
        store = get_store(self.crawler)
        latest = self._store_call(store.latest, url)
        if latest is None:
            return
        now = self.config.clock()
        request = response.request
        self._store_call(
            store.record_check,
            url,
            now=now,
            next_check=self.config.policy(latest["last_changed"], now),
            # Keep the validators we sent unless the server gave new ones.
            etag=_header(response, b"ETag") or _header(request, b"If-None-Match"),
            last_modified=_header(response, b"Last-Modified")
            or _header(request, b"If-Modified-Since"),
            previous_status=latest.get("status"),
        )

    def _redirected(self, url: str, target: str) -> None:
        # Not re-checked: the article lives at its new URL now.
        self._mark_gone(url, {"event": "redirected", "to": target}, keep_checking=False)

    def _store_call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a store method; log a store failure in one line instead of raising."""
        try:
            return method(*args, **kwargs)
        except (PyMongoError, StoreUnavailable) as exc:
            self.crawler.stats.inc_value("newscrawl/failed/store")
            logger.error("Store update failed (%s): %s", method.__name__, exc)
            return None

    def fetch_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
            kind, reason = f"http_{status}", f"HTTP {status}"
        else:
            name = type(failure.value).__name__
            kind = _FAILURE_KINDS.get(name, name)
            reason = str(failure.value) or name
        self._failures[kind] += 1
        stats = self.crawler.stats
        url = request.meta.get(ARTICLE)
        if url and status in (404, 410):
            stats.inc_value("newscrawl/gone")
            logger.info("Gone: %s (HTTP %d)", url, status)
            # Keep looking on the usual schedule: pages do come back.
            self._mark_gone(
                url, {"event": "gone", "status": status}, keep_checking=True
            )
            return
        stats.inc_value("newscrawl/failed/fetch")
        stats.inc_value(f"newscrawl/failed/{kind}")
        logger.warning("Could not fetch %s: %s", request.url, reason)
        if url:
            self._store_call(
                get_store(self.crawler).record_failure,
                url,
                now=self.config.clock(),
                reason=reason,
                max_failures=self.config.max_failures,
                backoff=self.config.backoff,
                max_backoff=self.config.max_backoff,
            )

    def _mark_gone(
        self, url: str, event: dict[str, Any], *, keep_checking: bool
    ) -> None:
        store = get_store(self.crawler)
        latest = self._store_call(store.latest, url)
        if latest is None:
            return  # never stored: nothing to mark
        now = self.config.clock()
        next_check = (
            self.config.policy(latest["last_changed"], now) if keep_checking else None
        )
        self._store_call(
            store.record_gone,
            url,
            now=now,
            event=event,
            next_check=next_check,
            previous_status=latest.get("status"),
        )

    def closed(self, reason: str) -> None:
        if self._parse_pool is not None:
            self._parse_pool.close()
        stats = self.crawler.stats
        counts = {
            key: stats.get_value(f"newscrawl/{key}", 0)
            for key in (
                "due",
                "discovered",
                "new",
                "changed",
                "unchanged",
                "gone",
                "rejected",
            )
        }
        failed = stats.get_value("newscrawl/failed/fetch", 0)
        rejected = {
            key.rsplit("/", 1)[1]: value
            for key, value in stats.get_stats().items()
            if key.startswith("newscrawl/rejected/")
        }
        logger.info(
            "Crawl of %s finished (%s): %s, failed=%d%s",
            self.source,
            reason,
            ", ".join(f"{key}={value}" for key, value in counts.items()),
            failed,
            f" (rejected: {rejected})" if rejected else "",
        )
        if failed and not self._fetched:
            self.crawler.stats.set_value("newscrawl/nothing_fetched", 1)
            kinds = ", ".join(f"{k}: {n}" for k, n in self._failures.most_common())
            logger.error(
                "Nothing could be fetched from %s (%s). Is the network up and "
                "the base URL right?",
                self.base_url,
                kinds,
            )


async def _in_thread(function: Callable[..., Any], *args: Any) -> Any:
    """Run a blocking (pymongo) call in a thread, so the crawl goes on meanwhile."""
    return await maybe_deferred_to_future(deferToThread(function, *args))


def _header(message: Response | scrapy.Request, name: bytes) -> str | None:
    value = message.headers.get(name)
    return value.decode("latin-1") if value else None
