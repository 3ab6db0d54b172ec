"""The Guardian: section RSS feeds and the news sitemap; DCR and frontend pages."""

from __future__ import annotations

import re

from newscrawl.parsers import guardian
from spiders.base import NewsSpider

# /<section>[/<series>][/article|/live]/<yyyy>/<mon>/<dd>/<slug>
_ARTICLE_PATH = re.compile(
    r"^/(?:[a-z0-9-]+/){1,3}(?:article/|live/)?\d{4}"
    r"/(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/\d{1,2}/[a-z0-9-]+/?$"
)
# Path segments of pages that are not articles (media, puzzles, interactives).
_NOT_ARTICLES = frozenset(
    {"video", "audio", "gallery", "picture", "crosswords", "ng-interactive", "profile"}
)


def is_article_path(path: str, *, include_liveblogs: bool = False) -> bool:
    """Return whether *path* is a Guardian article (live blogs only if asked)."""
    if not _ARTICLE_PATH.match(path):
        return False
    segments = path.strip("/").split("/")
    # /<section>/<yyyy>/<mon>/<dd>/all is the day's archive page, no article.
    if segments[-1] == "all" or set(segments) & _NOT_ARTICLES:
        return False
    return include_liveblogs or "live" not in segments


class GuardianSpider(NewsSpider):
    """Tracks theguardian.com articles."""

    name = "guardian"
    default_base_url = "https://www.theguardian.com"
    aliases = frozenset(
        {
            "theguardian.com",
            "www.theguardian.com",
            "amp.theguardian.com",
            "guardian.co.uk",
            "www.guardian.co.uk",
            "m.guardian.co.uk",
        }
    )
    default_feeds = (
        "/uk/rss",
        "/world/rss",
        "/uk-news/rss",
        "/us-news/rss",
        "/politics/rss",
        "/business/rss",
        "/environment/rss",
        "/science/rss",
        "/technology/rss",
        "/society/rss",
        "/commentisfree/rss",
    )
    default_sitemaps = ("/sitemaps/news.xml",)
    parse_page = staticmethod(guardian.parse)
    parser_version = str(guardian.PARSER_VERSION)

    def is_article_path(self, path: str) -> bool:
        return is_article_path(path, include_liveblogs=self.config.include_liveblogs)
