"""Parse a Guardian page (DCR, frontend or guardian.co.uk markup) into an item."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cached_property

from parsel import Selector

from newscrawl.discovery.urls import url_path
from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage
from newscrawl.parsers.dates import first_date
from newscrawl.parsers.jsonld import ld_authors, ld_str, ld_types, ld_updates
from newscrawl.parsers.page import (
    canonical,
    clean,
    extract,
    first_text,
    meta_tags,
    text_of,
)

PARSER_VERSION = 1
SOURCE = "guardian"

# Visible headlines, newest markup first. Other h1s exist on frontend pages
# (site name, rich-link titles), so a bare "first h1" is never used.
_HEADLINES = (
    "[data-gu-name=headline] h1",
    "h1.content__headline[itemprop=headline]",
    "h1.content__headline",
    "h1[itemprop=headline]",
    "h1[articleprop=headline]",
    "#main-article-info h1",
)
_STANDFIRSTS = (
    "[data-gu-name=standfirst]",
    "div.content__standfirst[data-component=standfirst]",
    "div.content__standfirst",
    "#stand-first",
)
_BYLINES = (
    "[data-gu-name=meta] address[data-component=meta-byline]",
    "address[data-component=meta-byline]",
    "p.byline",
    "#article-attributes .byline",
    "#main-article-info .byline",
)
_BODIES = (
    "[data-gu-name=body] div.article-body-commercial-selector",
    "div.article-body-commercial-selector",
    "div.article-body-viewer-selector",
    "div.content__article-body",
    "[itemprop=articleBody]",
    "#article-body-blocks",
)
_SECTIONS = ('a[data-link-name="article section"]', ".content__section-label a")

# What counts as body text is narrow: the container's own paragraphs,
# subheadings, list items and quotes. Figures, asides and the rest are
# skipped simply by not being selected.
_BODY_PARTS = "./p | ./h2 | ./h3 | ./ul/li | ./ol/li | ./blockquote"

# Elements whose text is never article text, wherever they sit.
_NOISE = (
    "self::figure or self::figcaption or self::aside or self::gu-island"
    " or self::header or self::footer or self::script or self::style"
    " or self::form or self::nav or @id='sign-in-gate' or @id='pinned-post'"
    " or @role='note'"
    " or contains(concat(' ', normalize-space(@class), ' '), ' submeta ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' after-article ')"
)
_TEXT_PARTS = (
    ".//*[self::p or self::h2 or self::h3 or self::li or self::blockquote[not(.//p)]]"
    f"[not(ancestor-or-self::*[{_NOISE}])]"
)

# A sign-in, consent or paywall wall standing in for the article.
_GATES = (
    "//*[@id='sign-in-gate' or @data-component='sign-in-gate'"
    " or starts-with(@id, 'sp_message') or contains(@id, 'consent')"
    " or contains(@class, 'consent') or contains(@id, 'paywall')"
    " or contains(@class, 'paywall') or contains(@class, 'sign-in-gate')]"
)
# guardian.co.uk pages before 2014 carry non-ISO values like 2012-01-27T12:58GMT.
_OLD_PUBDATE = "time[pubdate]::attr(datetime)"
_LIVE_BLOCKS = (
    "//*[@id='liveblog-body']//article[starts-with(@id, 'block-')]"
    "[not(ancestor::*[@id='pinned-post'])]"
)


def parse(url: str, html: str | bytes) -> ArticleItem:
    """Return what a Guardian page says about its article; never raises."""
    item = ArticleItem(url=url, source=SOURCE, parser_version=str(PARSER_VERSION))
    return extract(item, _Page, html, _EXTRACTORS)


class _Page(ArticlePage):
    """A Guardian page."""

    headlines = _HEADLINES
    bodies = _BODIES

    @cached_property
    def paragraphs(self) -> list[str]:
        """The article text, one string per paragraph."""
        if self.body_container is None:
            return []
        return _paragraphs(self.body_container)

    @cached_property
    def own_url(self) -> str | None:
        """The page's canonical URL (read once: is_liveblog needs it too)."""
        return canonical(self)

    @cached_property
    def is_liveblog(self) -> bool:
        """Whether the page is a live blog."""
        paths = [url_path(self.url), url_path(self.own_url or "")]
        if any("/live/" in path for path in paths):
            return True
        if any("LiveBlogPosting" in ld_types(obj) for obj in self.ld):
            return True
        return bool(self.sel.css("#liveblog-body"))


def _date(page: _Page, ld_key: str, meta_key: str, *extra: str) -> datetime | None:
    """The first readable date among JSON-LD, <time> tags and <meta>."""
    sel = page.sel
    time = f"time[itemprop={ld_key}]"

    # Lazily, in order: each later source is a scan of the page, and most
    # pages have their dates in JSON-LD.
    def candidates() -> Iterator[object]:
        yield page.article_ld.get(ld_key)
        yield from sel.css(f"{time}::attr(datetime)").getall()
        # Frontend data-timestamp attributes are epoch milliseconds.
        yield from sel.css(f"{time}::attr(data-timestamp)").getall()
        for css in extra:
            yield from sel.css(css).getall()
        yield page.meta(meta_key)

    return first_date(candidates())


def _title(page: _Page) -> str:
    """Visible headline, else JSON-LD headline, else og:title."""
    return page.headline or ld_str(page.article_ld, "headline") or page.meta("og:title")


def _standfirst(page: _Page) -> str:
    """The standfirst paragraphs, without any list of links after them."""
    for css in _STANDFIRSTS:
        for box in page.sel.css(css):
            paras = box.xpath(".//p[not(ancestor::ul or ancestor::ol)]")
            texts = [text_of(p) for p in paras]
            text = " ".join(t for t in texts if t)
            if not paras:
                nodes = box.xpath(
                    ".//text()[not(ancestor::ul or ancestor::ol"
                    " or ancestor::script or ancestor::style)]"
                ).getall()
                text = clean("".join(nodes))
            if text:
                return text
    return ""


def _byline(page: _Page) -> str:
    """The visible byline; else JSON-LD authors; else a non-URL meta author."""
    # Visible first: on agency copy JSON-LD names a placeholder author.
    visible = first_text(page.sel, _BYLINES)
    if visible:
        return visible
    from_ld = ld_authors(page.article_ld)
    if from_ld:
        return from_ld
    for key in ("article:author", "author"):
        value = page.meta(key)
        # article:author holds profile URLs on staff pieces.
        if value and "://" not in value and not value.startswith("www."):
            return value
    return ""


def _published(page: _Page) -> datetime | None:
    """When the article was first published."""
    return _date(page, "datePublished", "article:published_time", _OLD_PUBDATE)


def _modified(page: _Page) -> datetime | None:
    """When the article was last modified."""
    return _date(page, "dateModified", "article:modified_time")


def _section(page: _Page) -> str:
    """The section name."""
    return page.meta("article:section") or first_text(page.sel, _SECTIONS)


def _tags(page: _Page) -> list[str]:
    """The article's tags: article:tag, else frontend keywords."""
    return meta_tags(page)


def _paragraphs(container: Selector) -> list[str]:
    """Paragraph texts of a body container, noise left out."""
    texts: list[str] = []
    for part in container.xpath(_BODY_PARTS):
        # DCR's "after newsletter promotion" skip-link target is a p role=note.
        if part.attrib.get("role") == "note":
            continue
        inner = part.xpath("./p") if part.root.tag == "blockquote" else []
        texts.extend(text_of(p) for p in inner or [part])
    if not any(texts):
        # Unknown wrapper markup: take any paragraph that is not noise.
        texts = [text_of(part) for part in container.xpath(_TEXT_PARTS)]
    return [text for text in texts if text]


def _liveblog_updates(page: _Page) -> list[str]:
    """Text of each live blog update, in page order."""
    blocks = page.sel.xpath(_LIVE_BLOCKS) or page.sel.css("[itemprop=liveBlogUpdate]")
    updates = []
    for block in blocks:
        root = block.css(".block-elements") or [block]
        parts = [text_of(part) for part in root[0].xpath(_TEXT_PARTS)]
        text = " ".join(part for part in parts if part)
        if text:
            updates.append(text)
    # Without blocks in the HTML, JSON-LD still has each update's plain text.
    return updates or ld_updates(page.ld)


def _body(page: _Page) -> list[str]:
    """The article text, or a live blog's updates."""
    if page.is_liveblog:
        return _liveblog_updates(page) or page.paragraphs
    return page.paragraphs


def _page_type(page: _Page) -> str:
    """What kind of page this is: article, liveblog, interstitial or other."""
    if page.is_liveblog:
        return "liveblog"
    # A gate with no article text is a wall even when a headline shows: its
    # empty body must not be taken for the article's.
    if not page.paragraphs and page.sel.xpath(_GATES):
        return "interstitial"
    if not page.headline and page.body_container is None:
        return "other"
    return "article"


_EXTRACTORS: tuple[tuple[str, Callable[[_Page], object]], ...] = (
    ("canonical_url", lambda page: page.own_url),
    ("title", _title),
    ("standfirst", _standfirst),
    ("byline", _byline),
    ("published", _published),
    ("modified", _modified),
    ("section", _section),
    ("tags", _tags),
    ("body", _body),
    ("page_type", _page_type),
)
