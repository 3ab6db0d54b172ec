"""Scrapy's robots.txt middleware, fixed so that no request skips the check."""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import (
    RobotsTxtMiddleware as _ScrapyRobotsTxtMiddleware,
)
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsTxtMiddleware(_ScrapyRobotsTxtMiddleware):
    """Checks every request against its host's robots.txt, however many wait for it.

    Scrapy's own middleware (2.13+) has the requests that arrive while a
    host's robots.txt is downloading await one shared Deferred; the first
    waiter's callback returns None, so the second and later waiters got None,
    which means "no robots.txt", and were sent unchecked. A crawl's first
    burst (feeds and sitemaps on one host) could so fetch disallowed URLs.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        # Once the download settled, the host's entry is the parser (or None
        # when robots.txt could not be fetched): use it, not the chain's value.
        settled = self._parsers.get(urlparse_cached(request).netloc, parser)
        return parser if isinstance(settled, Deferred) else settled
