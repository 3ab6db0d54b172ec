"""The baseline of the throughput benchmark: fetch the articles, do nothing.

It reads the same news sitemap as the guardian spider, with the same sitemap
parser, requests every page in it and ignores the responses: no parsing, no
items, no pipelines. Run from the project directory, so that the project's
settings (robots.txt, user agent, middlewares) apply as they do to the real
crawl::

    python -m scrapy runspider benchmarks/bare_spider.py \
        -a base_url=http://127.0.0.1:8000
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from newscrawl.discovery.feeds import FeedError
from newscrawl.discovery.sitemaps import sitemap_links


class BareSpider(scrapy.Spider):
    """Fetch every page of the site's sitemaps and discard it."""

    name = "bare"
    # No pipelines: the project's store pipeline would connect to the store.
    custom_settings: ClassVar[dict[str, Any]] = {"ITEM_PIPELINES": {}}

    def __init__(
        self,
        *args: Any,
        base_url: str = "http://127.0.0.1:8000",
        sitemaps: str = "/sitemaps/news.xml",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.base_url = base_url.rstrip("/")
        self.sitemaps = [part.strip() for part in sitemaps.split(",") if part.strip()]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for path in self.sitemaps:
            url = path if "://" in path else f"{self.base_url}/{path.lstrip('/')}"
            yield scrapy.Request(url, callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        try:
            pages, nested = sitemap_links(response.body)
        except FeedError as exc:
            self.logger.error("Malformed sitemap %s: %s", response.url, exc)
            return
        for url in nested:
            yield scrapy.Request(url, callback=self.parse_sitemap)
        for url in pages:
            yield scrapy.Request(url, callback=self.parse_article)

    def parse_article(self, response: Response) -> None:
        """Discard the page."""
        return None
