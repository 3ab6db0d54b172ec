"""Source parsers: pure functions of (url, html) that return an ArticleItem."""

from __future__ import annotations

from collections.abc import Callable

from newscrawl.items import ArticleItem
from newscrawl.parsers import guardian, nyt, washingtonpost

#: source name -> parse(url, html)
PARSERS: dict[str, Callable[[str, str | bytes], ArticleItem]] = {
    "guardian": guardian.parse,
    "nyt": nyt.parse,
    "washingtonpost": washingtonpost.parse,
}
