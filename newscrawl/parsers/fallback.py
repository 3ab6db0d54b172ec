"""The fallback reading: a source's page read by the generic extractor.

When a site redesigns its pages, its parser may find no article in a page
that is one by its own signs: its URL is an article's by the source's rule
(the spider requests no other), and it has JSON-LD of an article, an
``og:type`` of article, or paragraphs of substantial text.
The generic extractor (trafilatura with newscrawl's boilerplate pruning,
newscrawl.parsers.generic) then reads it instead, under its own parser
version, so that the source stays tracked while its parser is fixed; the
switch either way is a parser change (docs/schema.md "Parser changes").
"""

from __future__ import annotations

from parsel import Selector

from newscrawl.items import ArticleItem
from newscrawl.parsers import generic
from newscrawl.parsers.jsonld import article_object, json_ld
from newscrawl.parsers.page import decode

#: The start of a fallback reading's parser version.
PREFIX = "fallback "
#: Words in paragraphs that make a page with no metadata look like an article.
SUBSTANTIAL_WORDS = 150


def version() -> str:
    """The parser version of a fallback reading."""
    return PREFIX + generic.parser_version()


def is_fallback(parser_version: str | None) -> bool:
    """Whether a reading (an item, a version) came from the fallback."""
    return bool(parser_version and parser_version.startswith(PREFIX))


def missed(item: ArticleItem) -> bool:
    """Whether a source's parser found no article where it may be one.

    A wall, a live blog or a paywalled copy is something the parser
    recognised: those are no misses.
    """
    if item.page_type in ("paywall", "interstitial", "liveblog"):
        return False
    return item.page_type == "other" or not item.title or not item.body


def looks_like_article(html: str | bytes) -> bool:
    """Whether the page says of itself that it is an article."""
    sel = Selector(text=decode(html))
    if article_object(json_ld(sel)):
        return True
    kinds = sel.xpath("//meta[@property='og:type']/@content").getall()
    if any(kind.strip().lower() == "article" for kind in kinds):
        return True
    words = 0
    for text in sel.xpath("//body//p//text()").getall():
        words += len(text.split())
        if words >= SUBSTANTIAL_WORDS:
            return True
    return False


def read(url: str, html: str | bytes, *, source: str) -> ArticleItem:
    """Read a source's page with the generic extractor, as a fallback reading."""
    item = generic.parse(url, html, source=source)
    item.parser_version = version()
    return item
