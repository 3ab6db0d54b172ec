"""The Washington Post: section RSS feeds and the news sitemap; Arc and older pages."""

from __future__ import annotations

import re

from newscrawl.parsers import washingtonpost
from spiders.base import NewsSpider

# Arc stories and blog posts: /<section>[/<sub>]/<yyyy>/<mm>/<dd>/<slug>/
_ARC_PATH = re.compile(r"^/(?:[a-z0-9_-]+/){1,3}\d{4}/\d{2}/\d{2}/[a-z0-9-]+/?$")
# Methode stories: /<section>[/<sub>]/<slug>/<yyyy>/<mm>/<dd>/<id>_story.html
# (a UUID, or a short gIQ... id on 2011-era stories). _print.html and the
# other robots-disallowed variants do not match.
_STORY_PATH = re.compile(
    r"^/(?:[a-z0-9_-]+/){1,3}\d{4}/\d{2}/\d{2}/[A-Za-z0-9-]+_story\.html$"
)
# Leading segments of dated pages that are not stories.
_NOT_ARTICLES = frozenset(
    {
        "graphics",
        "terms-of-service",
        "privacy-policy",
        "video",
        "podcasts",
        "people",
        "subscribe",
        "elections",
        "blogs",
        "archive",
    }
)


def is_article_path(path: str, *, include_liveblogs: bool = False) -> bool:
    """Return whether *path* is a Washington Post story (live ones only if asked)."""
    if not (_ARC_PATH.match(path) or _STORY_PATH.match(path)):
        return False
    segments = path.strip("/").split("/")
    if segments[0] in _NOT_ARTICLES:
        return False
    return include_liveblogs or "live-updates" not in segments[-1]


class WashingtonPostSpider(NewsSpider):
    """Tracks washingtonpost.com stories."""

    name = "washingtonpost"
    default_base_url = "https://www.washingtonpost.com"
    aliases = frozenset({"washingtonpost.com", "www.washingtonpost.com"})
    # Feeds live on their own host; links carry ?wprss=rss_<section>, dropped.
    default_feeds = tuple(
        f"https://feeds.washingtonpost.com/rss/{section}"
        for section in (
            "world",
            "national",
            "politics",
            "business",
            "opinions",
            "local",
            "technology",
        )
    )
    default_sitemaps = ("/sitemaps/news-sitemap.xml.gz",)
    parse_page = staticmethod(washingtonpost.parse)
    parser_version = str(washingtonpost.PARSER_VERSION)

    def is_article_path(self, path: str) -> bool:
        return is_article_path(path, include_liveblogs=self.config.include_liveblogs)
