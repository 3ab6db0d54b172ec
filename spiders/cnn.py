"""CNN: rss.cnn.com feeds and the news sitemap; Stellar, zn/pg and legacy pages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newscrawl.discovery.urls import canonicalize_url, url_path
from newscrawl.parsers import cnn
from spiders.base import NewsSpider

# /YYYY/MM/DD/<section>[/<subsection>]/<slug>; 2010: /YYYY/SECTION/MM/DD/<slug>.
_ARTICLE_PATH = re.compile(
    r"^/\d{4}/\d{2}/\d{2}/[a-z-]+(?:/[a-z-]+)?/[a-z0-9][a-z0-9-]*/?$"
    r"|^/\d{4}/[A-Z]+/\d{2}/\d{2}/[A-Za-z0-9][\w.-]*/?$"
)
# Live stories: /<section>/live-news/<slug> (2020-2024) or dated (2025 on).
_LIVE_PATH = re.compile(
    r"^/(?:\d{4}/\d{2}/\d{2}/)?[a-z-]+/live-news/[a-z0-9][a-z0-9-]*/?$"
)
# Path segments of pages that are not articles (media, commerce, fronts).
_NOT_ARTICLES = frozenset(
    {
        "videos",
        "video",
        "gallery",
        "interactive",
        "profiles",
        "specials",
        "cnn-underscored",
        "markets",
        "ampstories",
        "live-news",
    }
)
_AMP_HOST = "amp.cnn.com"


def is_article_path(path: str, *, include_liveblogs: bool = False) -> bool:
    """Return whether *path* (without /index.html) is a CNN article."""
    path = cnn.article_url_form(path)
    if include_liveblogs and _LIVE_PATH.match(path):
        return True
    if not _ARTICLE_PATH.match(path):
        return False
    return not set(path.strip("/").split("/")) & _NOT_ARTICLES


def article_url(
    url: str, *, base_url: str, aliases: frozenset[str], include_liveblogs: bool
) -> str | None:
    """The stored form of a CNN article URL (no /index.html), else ``None``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    # amp.cnn.com/cnn/<path> is the AMP copy of www.cnn.com/<path>.
    if (parts.hostname or "").lower() == _AMP_HOST and parts.path.startswith("/cnn/"):
        url = parts._replace(path=parts.path[len("/cnn") :]).geturl()
    canonical = canonicalize_url(url, base_url=base_url, aliases=aliases)
    if canonical is None:
        return None
    canonical = cnn.article_url_form(canonical)
    path = url_path(canonical)
    if is_article_path(path, include_liveblogs=include_liveblogs):
        return canonical
    return None


class CnnSpider(NewsSpider):
    """Tracks cnn.com articles."""

    name = "cnn"
    default_base_url = "https://www.cnn.com"
    aliases = frozenset(
        {"cnn.com", "www.cnn.com", "edition.cnn.com", "us.cnn.com", _AMP_HOST}
    )
    # rss.cnn.com answers on https too; section feeds may go stale, the
    # "latest" feed is the one kept current.
    default_feeds = tuple(
        f"https://rss.cnn.com/rss/{name}.rss"
        for name in (
            "cnn_latest",
            "cnn_topstories",
            "cnn_allpolitics",
            "cnn_world",
            "cnn_us",
        )
    )
    default_sitemaps = ("/sitemap/news.xml",)
    parse_page = staticmethod(cnn.parse)
    parser_version = str(cnn.PARSER_VERSION)

    def is_article_path(self, path: str) -> bool:
        return is_article_path(path, include_liveblogs=self.config.include_liveblogs)

    def article_url(self, url: str) -> str | None:
        return article_url(
            url,
            base_url=self.base_url,
            aliases=self.aliases,
            include_liveblogs=self.config.include_liveblogs,
        )
