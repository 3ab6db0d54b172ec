"""The Independent: section RSS feeds and the Google News sitemap; id'd articles."""

from __future__ import annotations

import re

from newscrawl.parsers import independent
from spiders.base import NewsSpider

# Article pages end in their id: -b<6-8 digits>.html (2020+), -a<7 digits>.html
# (late 2015) or -<7-8 digits>.html (to 2015).
_ARTICLE_PATH = re.compile(
    r"^/(?:[a-z0-9-]+/)+([a-z0-9-]+)-(?:b\d{6,8}|a\d{7}|\d{7,8})\.html$"
)
# First path segments that are never articles: topic, author and video hubs,
# shopping (IndyBest), vouchers, betting, advice, competitions, profiles.
_NOT_ARTICLES = frozenset(
    {
        "topic",
        "author",
        "tv",
        "extras",
        "vouchercodes",
        "betting",
        "advisor",
        "competitions",
        "profile",
    }
)
# Live blogs have no path segment of their own; their slugs say so.
_LIVE_SLUG = re.compile(
    r"(?:^|-)(?:live-updates?|live-blog|news-live|live-news|news-latest|latest-news"
    r"|live-latest|latest-live)(?:-|$)|-live$"
)


def is_article_path(path: str, *, include_liveblogs: bool = False) -> bool:
    """Return whether *path* is an Independent article (live blogs only if asked)."""
    match = _ARTICLE_PATH.match(path)
    if match is None or path.split("/")[1] in _NOT_ARTICLES:
        return False
    return include_liveblogs or not _LIVE_SLUG.search(match.group(1))


class IndependentSpider(NewsSpider):
    """Tracks independent.co.uk articles."""

    name = "independent"
    default_base_url = "https://www.independent.co.uk"
    aliases = frozenset(
        {
            "independent.co.uk",
            "www.independent.co.uk",
            "the-independent.com",
            "www.the-independent.com",
        }
    )
    default_feeds = ("/rss", "/news/uk/rss", "/news/world/rss")
    default_sitemaps = ("/sitemaps/googlenews",)
    parse_page = staticmethod(independent.parse)
    parser_version = str(independent.PARSER_VERSION)

    def is_article_path(self, path: str) -> bool:
        return is_article_path(path, include_liveblogs=self.config.include_liveblogs)
