"""Politico: rss.politico.com feeds and the news sitemap; politico.com pages."""

from __future__ import annotations

import re

from newscrawl.parsers import politico
from spiders.base import NewsSpider

_SLUG_ID = r"[a-z0-9][a-z0-9-]*-\d{5,}"
# Articles (2019 on, 2014-2019, up to 2014) and newsletter issues.
_ARTICLE_PATH = re.compile(
    rf"^/news/\d{{4}}/\d{{2}}/\d{{2}}/{_SLUG_ID}/?$"
    rf"|^/story/\d{{4}}/\d{{2}}/{_SLUG_ID}/?$"
    r"|^/news/stories/\d{4}/\d+\.html$"
    rf"|^/newsletters/[a-z0-9-]+/\d{{4}}/\d{{2}}/\d{{2}}/{_SLUG_ID}/?$"
)
_LIVE_PATH = re.compile(
    rf"^/live-updates/\d{{4}}/\d{{2}}/\d{{2}}/[a-z0-9-]+/{_SLUG_ID}/?$"
)
_AMP = re.compile(r"^(https?://[^/?#]+)/amp/", re.IGNORECASE)


def without_amp(url: str) -> str:
    """The article's URL for its AMP copy (/amp/news/... is /news/...)."""
    return _AMP.sub(r"\1/", url, count=1)


def is_article_path(path: str, *, include_liveblogs: bool = False) -> bool:
    """Return whether *path* is a politico.com article (live updates only if asked)."""
    if _ARTICLE_PATH.match(path):
        return True
    return include_liveblogs and bool(_LIVE_PATH.match(path))


class PoliticoSpider(NewsSpider):
    """Tracks politico.com articles and newsletters (not Pro, not politico.eu)."""

    name = "politico"
    default_base_url = "https://www.politico.com"
    aliases = frozenset({"politico.com", "www.politico.com"})
    default_feeds = tuple(
        f"https://rss.politico.com/{name}.xml"
        for name in ("politics-news", "congress", "economy", "defense", "technology")
    )
    default_sitemaps = ("/news-sitemap.xml",)
    parse_page = staticmethod(politico.parse)
    parser_version = str(politico.PARSER_VERSION)

    def is_article_path(self, path: str) -> bool:
        return is_article_path(path, include_liveblogs=self.config.include_liveblogs)

    def article_url(self, url: str) -> str | None:
        return super().article_url(without_amp(url))
