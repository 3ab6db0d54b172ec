"""Source parsers: pure functions of (url, html) that return an ArticleItem."""

from __future__ import annotations

from collections.abc import Callable

from newscrawl.items import ArticleItem
from newscrawl.parsers import (
    bbc,
    cnn,
    generic,
    guardian,
    independent,
    nyt,
    politico,
    washingtonpost,
)

#: source name -> parse(url, html)
PARSERS: dict[str, Callable[[str, str | bytes], ArticleItem]] = {
    "bbc": bbc.parse,
    "cnn": cnn.parse,
    # Any site, no selectors: trafilatura (what `newscrawl extract` offers).
    "generic": generic.parse,
    "guardian": guardian.parse,
    "independent": independent.parse,
    "nyt": nyt.parse,
    "politico": politico.parse,
    "washingtonpost": washingtonpost.parse,
}
