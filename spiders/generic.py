"""Any news site, from its feeds and/or sitemaps: the generic spider.

``scrapy crawl generic -a source=NAME -a base_url=URL -a feeds=PATH,...``
crawls a site given on the command line; every site of the sources file
(newscrawl/sources.py) is a spider of its own name made by
:func:`spider_class`, so ``scrapy crawl NAME`` crawls it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import scrapy
from scrapy.crawler import Crawler

from newscrawl.crawl import stats
from newscrawl.crawl.parse_pool import Parser
from newscrawl.crawl.sources import SiteConfig, SourcesError, site_config
from newscrawl.parsers import PARSERS, generic
from spiders.base import NewsSpider

logger = logging.getLogger(__name__)

#: Spider arguments that override a site's keys (besides base_url, feeds, sitemaps).
_ARGUMENTS = (
    "article_pattern",
    "aliases",
    "title_css",
    "body_css",
    "standfirst_css",
    "byline_css",
    "exclude_css",
)


class GenericSpider(NewsSpider):
    """Tracks any news site given its feeds or sitemaps, with the generic parser."""

    name = "generic"
    #: The site a sources-file spider was made for; None for ``generic`` itself.
    site: SiteConfig | None = None
    #: ``generic`` needs -a source=... (``newscrawl schedule`` skips it).
    needs_arguments = True
    #: Its parser is the generic extractor already.
    fallback = False
    parse_page = staticmethod(generic.parse)  # page_parser adds the selectors

    def __init__(self, *args: Any, source: str | None = None, **kwargs: Any) -> None:
        overrides = {key: kwargs.pop(key) for key in _ARGUMENTS if key in kwargs}
        super().__init__(*args, **kwargs)
        self._arg_source = source
        self._overrides = overrides
        self.problem: str | None = None
        self.config_site: SiteConfig | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> GenericSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, GenericSpider)
        try:
            spider.config_site = spider._site()
        except SourcesError as exc:
            spider.problem = str(exc)
        else:
            spider.source = spider.config_site.name
            spider.aliases = spider.config_site.aliases
            # The generic parser's version for this site's selectors.
            spider.parser_version = generic.parser_version(spider.config_site.selectors)
        return spider

    def _site(self) -> SiteConfig:
        """The site to crawl: the class's, with the spider arguments applied."""
        table: dict[str, Any] = {}
        origin = "spider arguments"
        if self.site is not None:
            name = self.site.name
            if self._arg_source not in (None, name):
                raise SourcesError(
                    f"{origin}: articles of `scrapy crawl {name}` are stored under"
                    f" {name!r}; -a source= is for `scrapy crawl generic`"
                )
            table.update(self.site.as_table())
        else:
            name = self._arg_source or ""
            if not name:
                raise SourcesError(
                    "the generic spider needs -a source=NAME: the name its"
                    " articles are stored under"
                )
        table["base_url"] = self.base_url
        table["feeds"] = list(self.feeds)
        table["sitemaps"] = list(self.sitemaps)
        for key, value in self._overrides.items():
            table[key] = value.split(",") if key == "aliases" else value
        # The built-in sources' names are their spiders': storing another
        # site's pages under one would mix two sites in one source.
        reserved = set(PARSERS) | {"generic"} if self.site is None else set()
        return site_config(name, table, origin, reserved=reserved)

    def refusal(self) -> tuple[str, str] | None:
        if self.problem:
            return stats.BAD_SOURCE, self.problem
        return super().refusal()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.problem:
            logger.info(
                "Crawling %s (%s) as source %r with parser %s",
                self.base_url,
                self.name,
                self.source,
                self.parser_version,
            )
        async for request in super().start():
            yield request

    def is_article_path(self, path: str) -> bool:
        assert self.config_site is not None
        return self.config_site.is_article_path(path)

    def page_parser(self) -> Parser:
        assert self.config_site is not None
        # A partial of a module-level function pickles: parse workers run it.
        return partial(
            generic.parse, source=self.source, selectors=self.config_site.selectors
        )


def spider_class(site: SiteConfig) -> type[GenericSpider]:
    """A spider class of the site's own name, for ``scrapy crawl NAME``."""
    class_name = "".join(part.title() for part in site.name.split("_")) + "Spider"
    return type(
        class_name,
        (GenericSpider,),
        {
            "__module__": __name__,
            "__doc__": f"Tracks {site.base_url} (from {site.origin}).",
            "name": site.name,
            "site": site,
            "needs_arguments": False,
            "default_base_url": site.base_url,
            "default_feeds": site.feeds,
            "default_sitemaps": site.sitemaps,
            "aliases": site.aliases,
        },
    )
