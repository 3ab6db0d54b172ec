"""Hosts that cannot be reached: once given up on, their requests fail at once.

Without network (no DNS, or every connection refused) each request to the
site failed on its own, after Scrapy's retries and the polite delays between
them: about 50 s and 25 error lines before the crawl's one clear line. This
downloader middleware gives up on a host that has not answered once in this
crawl when its requests have failed to connect three times in a row, or when
one such request fails for good (no retries left). It says so in one line;
every later request to that host then fails at once, unsent and without
retries, and is counted as failed like the ones that were sent.
"""

from __future__ import annotations

import logging

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.crawl.stats import failure_kind

logger = logging.getLogger(__name__)

#: The failures (newscrawl.crawl.stats kinds) that say a host cannot be reached.
CONNECT_FAILURES = frozenset({"dns", "connection_refused"})
#: Failed connections in a row, with no answer in between, after which a
#: host is given up on.
GIVE_UP_AFTER = 3
#: Meta key of a request that failed because its host was given up on: the
#: line that said so stands for it, so the spider logs it at DEBUG only.
UNREACHABLE = "newscrawl_unreachable"

#: Where Scrapy logs failed downloads that the middleware's line already covers.
_ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


class HostUnreachable(IgnoreRequest):
    """A request not sent: its host could not be reached earlier in the crawl."""

    def __init__(self, host: str, kind: str, reason: str) -> None:
        super().__init__(f"{host} could not be reached: {reason}")
        self.host = host
        self.kind = kind
        self.reason = reason


class UnreachableHosts:
    """Downloader middleware: give up on hosts that cannot be reached.

    Listed in DOWNLOADER_MIDDLEWARES after RetryMiddleware (a higher number),
    so that it sees a failed download first and can tell the retry not to
    happen.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.retry_enabled = settings.getbool("RETRY_ENABLED")
        self.max_retry_times = settings.getint("RETRY_TIMES")
        self.answered: set[str] = set()
        self.failures: dict[str, int] = {}
        #: Hosts given up on: host -> (kind, reason).
        self.unreachable: dict[str, tuple[str, str]] = {}
        self._filter = _SaidAlready(self)
        logging.getLogger(_ROBOTS_LOGGER).addFilter(self._filter)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UnreachableHosts:
        return cls(crawler)

    def engine_stopped(self) -> None:
        logging.getLogger(_ROBOTS_LOGGER).removeFilter(self._filter)

    def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).netloc
        if host in self.unreachable:
            request.meta["dont_retry"] = True
            request.meta[UNREACHABLE] = True
            raise HostUnreachable(host, *self.unreachable[host])

    def process_response(self, request: Request, response: Response) -> Response:
        host = urlparse_cached(request).netloc
        self.answered.add(host)
        self.failures.pop(host, None)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest):
            return
        host = urlparse_cached(request).netloc
        kind, reason = failure_kind(exception, max_size=0)
        if kind not in CONNECT_FAILURES or host in self.answered:
            return
        if host in self.unreachable:
            request.meta[UNREACHABLE] = True
            return
        self.failures[host] = self.failures.get(host, 0) + 1
        if self.failures[host] < GIVE_UP_AFTER and self._retried(request):
            return
        self.unreachable[host] = (kind, reason)
        request.meta["dont_retry"] = True
        request.meta[UNREACHABLE] = True
        logger.warning(
            "Cannot reach %s (%s): its other requests of this crawl are not sent",
            host,
            reason,
        )

    def _retried(self, request: Request) -> bool:
        """Whether Scrapy's RetryMiddleware will send *request* again."""
        if not self.retry_enabled or request.meta.get("dont_retry"):
            return False
        most = request.meta.get("max_retry_times", self.max_retry_times)
        return request.meta.get("retry_times", 0) < most


class _SaidAlready(logging.Filter):
    """Drop Scrapy's lines about downloads from hosts the middleware gave up on."""

    def __init__(self, hosts: UnreachableHosts) -> None:
        super().__init__()
        self.hosts = hosts

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        request = args.get("request") if isinstance(args, dict) else None
        if not isinstance(request, Request):
            return True
        return urlparse_cached(request).netloc not in self.hosts.unreachable
