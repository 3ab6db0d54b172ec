"""The New York Times: section RSS feeds and the news sitemap; vi and older pages."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from scrapy.http import Response

from newscrawl.items import ArticleItem
from newscrawl.parsers import nyt
from spiders.base import ARTICLE, NewsSpider

# /<yyyy>/<mm>/<dd>/<section>[/<subsection>]/<slug>.html
_ARTICLE_PATH = re.compile(r"^/\d{4}/\d{2}/\d{2}/(?:[a-z0-9-]+/){1,3}[a-z0-9-]+\.html$")
# /live/<yyyy>/<mm>/<dd>/<section>/<slug>: a live page (its posts go one deeper).
_LIVE_PATH = re.compile(r"^/live/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/[a-z0-9-]+/?$")
# Path segments of dated pages that are not articles: media, wire copy.
_NOT_ARTICLES = frozenset(
    {"interactive", "video", "slideshow", "aponline", "reuters", "crosswords"}
)


def is_article_path(path: str, *, include_liveblogs: bool = False) -> bool:
    """Return whether *path* is a New York Times article (live pages only if asked)."""
    if _LIVE_PATH.match(path):
        return include_liveblogs
    if not _ARTICLE_PATH.match(path):
        return False
    segments = path.strip("/").split("/")
    if set(segments) & _NOT_ARTICLES:
        return False
    # 2020 live pages used ordinary article URLs with "live-updates" in the slug.
    return include_liveblogs or "live-updates" not in segments[-1]


class NytSpider(NewsSpider):
    """Tracks nytimes.com articles."""

    name = "nyt"
    default_base_url = "https://www.nytimes.com"
    aliases = frozenset({"nytimes.com", "www.nytimes.com", "mobile.nytimes.com"})
    # Feeds live on their own host; their links carry ?emc=rss&partner=rss,
    # which robots.txt disallows: canonical URLs drop the query.
    default_feeds = tuple(
        f"https://rss.nytimes.com/services/xml/rss/nyt/{name}.xml"
        for name in (
            "HomePage",
            "World",
            "US",
            "Politics",
            "NYRegion",
            "Business",
            "Technology",
            "Science",
            "Health",
            "Opinion",
        )
    )
    default_sitemaps = ("/sitemaps/new/news.xml.gz",)
    parse_page = staticmethod(nyt.parse)
    requires_permission = (
        "The New York Times' terms require its written permission for"
        " scraping nytimes.com, and its robots.txt bars Scrapy"
    )
    parser_version = str(nyt.PARSER_VERSION)

    def is_article_path(self, path: str) -> bool:
        return is_article_path(path, include_liveblogs=self.config.include_liveblogs)

    async def parse_article(self, response: Response) -> AsyncIterator[ArticleItem]:
        """Parse an article page; a redirect to the login page is a wall, not a move."""
        requested = response.meta.get(ARTICLE)
        redirected = bool(response.meta.get("redirect_urls"))
        if requested and redirected and self.article_url(response.url) is None:
            item = nyt.parse(requested, response.body)
            # The shared spider would mark the article gone (redirected) and
            # stop checking it; the pipelines reject a wall and keep it due.
            if item.page_type == "interstitial":
                item.fetched_at = self.config.clock()
                yield item
                return
        async for item in super().parse_article(response):
            yield item
