"""Source parsers: pure functions of (url, html) that return an ArticleItem."""

from __future__ import annotations

from collections.abc import Callable

from newscrawl.items import ArticleItem
from newscrawl.parsers import generic, guardian

#: source name -> parse(url, html)
PARSERS: dict[str, Callable[[str, str | bytes], ArticleItem]] = {
    # Any site, no selectors: trafilatura (what `newscrawl extract` offers).
    "generic": generic.parse,
    "guardian": guardian.parse,
}
