"""BBC News: the feeds.bbci.co.uk RSS feeds and the news sitemap; /news articles."""

from __future__ import annotations

import re

from newscrawl.parsers import bbc
from spiders.base import NewsSpider

# /news/<section-slug>-<digits> (2010+; also explainers-<digits>) and
# /news/articles/<id>, id = "c" + lowercase letters and digits + "o" (2022+).
_ARTICLE_PATH = re.compile(
    r"^/news/(?:[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*-\d{7,9}|articles/c[a-z0-9]{8,12}o)/?$"
)
# Live pages: /news/live/<section>-<digits> (to 2023), /news/live/<id>t (2024+).
_LIVE_PATH = re.compile(
    r"^/news/live/(?:[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*-\d{7,9}|c[a-z0-9]{8,12}t)/?$"
)


def is_article_path(path: str, *, include_liveblogs: bool = False) -> bool:
    """Return whether *path* is a BBC News article (live pages only if asked)."""
    # Video (/news/av/, /news/videos/), topic pages, Sport, Weather, iPlayer,
    # Sounds and World Service pages have other shapes and fail both patterns.
    if _LIVE_PATH.match(path):
        return include_liveblogs
    return bool(_ARTICLE_PATH.match(path))


class BbcSpider(NewsSpider):
    """Tracks BBC News articles (www.bbc.com and www.bbc.co.uk)."""

    name = "bbc"
    # Current pages name bbc.com in link[rel=canonical]; bbc.co.uk serves the
    # same articles at the same paths.
    default_base_url = "https://www.bbc.com"
    aliases = frozenset({"bbc.com", "www.bbc.com", "bbc.co.uk", "www.bbc.co.uk"})
    default_feeds = tuple(
        f"https://feeds.bbci.co.uk/news/{section}rss.xml"
        for section in (
            "",
            "world/",
            "uk/",
            "business/",
            "politics/",
            "health/",
            "education/",
            "science_and_environment/",
            "technology/",
            "entertainment_and_arts/",
        )
    )
    default_sitemaps = ("/sitemaps/https-index-com-news.xml",)
    parse_page = staticmethod(bbc.parse)
    parser_version = str(bbc.PARSER_VERSION)
    requires_permission = (
        "The BBC's robots.txt forbids scraping or systematic extraction of"
        " bbc.com without its permission"
    )

    def is_article_path(self, path: str) -> bool:
        return is_article_path(path, include_liveblogs=self.config.include_liveblogs)
