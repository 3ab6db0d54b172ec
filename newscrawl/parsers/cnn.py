"""Parse a CNN page (Stellar, zn/pg or legacy cnn_ markup) into an item."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from urllib.parse import urljoin

from parsel import Selector

from newscrawl.discovery.urls import url_path
from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage
from newscrawl.parsers.dates import first_date
from newscrawl.parsers.jsonld import ld_authors, ld_list, ld_str
from newscrawl.parsers.page import (
    clean,
    extract,
    first_text,
    https,
    split_tags,
    text_of,
)

PARSER_VERSION = 1
SOURCE = "cnn"

# Visible headlines, newest markup first; legacy pages have a bare h1 in
# the story area.
_HEADLINES = (
    "h1.headline__text",
    "h1[data-editable=headlineText]",
    "h1.headline_live-story__text",
    "h1.pg-headline",
    "#cnnContentContainer h1",
    ".cnn_storyarea h1",
)
_BYLINES = (
    ".headline__footer .byline__names",
    ".byline__names",
    ".headline__footer .byline",
    ".byline:has(.byline__name)",
    ".metadata__byline__author",
    "p.metadata__byline",
    "div.cnnByline",
)
_BODIES = (
    "div.article__content[itemprop=articleBody]",
    "div.article__content",
    "section#body-text",
    "#cnnContentContainer",
    ".cnn_storyarea",
)

# Stellar: the text is the body's own paragraphs and subheads, named by
# data-component-name (late 2025 pages say "paragraph-elevate" where older
# ones say "paragraph"); end notes (contributors, "this story has been
# updated") are left out, as the publisher's own articleBody checks do.
_STELLAR_PARTS = (
    "./p[@data-component-name='paragraph'"
    " or contains(concat(' ', normalize-space(@class), ' '), ' paragraph ')"
    " or starts-with(normalize-space(@class), 'paragraph-')]"
    "[not(contains(@class, 'paragraph_contributors') or contains(@class, 'footnote'))]"
    " | ./h2[contains(@class, 'subheader') or @data-component-name='subheader']"
    " | ./h3[contains(@class, 'subheader') or @data-component-name='subheader']"
)
# zn/pg: paragraphs are divs (and the first a p); teaser cards and the
# "read more" box hold their own copies of other stories' text.
_ZN_PARTS = (
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' zn-body__paragraph ')]"
    "[not(ancestor::*[contains(@class, 'el__embedded')"
    " or contains(@class, 'el__article--embed')"
    " or contains(@class, 'zn-body__read-more')])]"
)
_LEGACY_PARTS = ".//p[contains(@class, 'cnn_storypgraphtxt')]"
_LIVE_POSTS = (
    "article.live-story-post, [data-component-name=live-story-post]:not(article)"
)

# og:title / <title> decorations around the headline.
_TITLE_SUFFIX = re.compile(r"\s*[|-]\s*CNN(?:\s*[A-Za-z]+)?(?:\.com)?\s*$")
_BY = re.compile(r"^(?:By)\s+", re.IGNORECASE)
_LEADING_DASH = re.compile(r"^[\s\u2013\u2014-]+")
_INDEX = re.compile(r"/index\.html?$")
_WORD = re.compile(r"\w+")
# Pages that are not articles declare it: video, gallery, section fronts.
_ARTICLE_PAGE_TYPES = ("article", "live-story")


def parse(url: str, html: str | bytes) -> ArticleItem:
    """Return what a CNN page says about its article; never raises."""
    item = ArticleItem(url=url, source=SOURCE, parser_version=str(PARSER_VERSION))
    return extract(item, _Page, html, _EXTRACTORS)


def article_url_form(url: str) -> str:
    """The URL without a trailing ``/index.html`` (CNN serves both forms)."""
    return _INDEX.sub("", url)


class _Page(ArticlePage):
    """A CNN page."""

    headlines = _HEADLINES
    bodies = _BODIES

    @cached_property
    def page_kind(self) -> str:
        """``body[data-page-type]`` (Stellar), lower case, or ""."""
        value = self.sel.css("body::attr(data-page-type)").get() or ""
        return value.strip().lower()

    @cached_property
    def paragraphs(self) -> list[str]:
        """The article text, one string per paragraph."""
        box = self.body_container
        if box is None:
            return []
        parts = box.xpath(_STELLAR_PARTS)
        if parts:
            return [t for t in (text_of(p) for p in parts) if t]
        parts = box.xpath(_ZN_PARTS)
        if parts:
            return [t for t in (_zn_text(p) for p in parts) if t]
        return [t for t in (text_of(p) for p in box.xpath(_LEGACY_PARTS)) if t]

    @cached_property
    def is_liveblog(self) -> bool:
        """Whether the page is a live story."""
        if self.page_kind == "live-story":
            return True
        if self.sel.css("h1.headline_live-story__text, .live-story-post"):
            return True
        return "/live-news/" in url_path(self.url)

    @cached_property
    def is_legacy(self) -> bool:
        """Whether the page is in the pre-2015 cnn_ markup."""
        return bool(self.sel.css("p.cnn_storypgraphtxt, div.cnnByline"))


def _zn_text(part: Selector) -> str:
    """A zn/pg paragraph without its dateline cite ("London (CNN)")."""
    nodes = part.xpath(
        ".//text()[not(ancestor::script or ancestor::style"
        " or ancestor::cite[contains(@class, 'el-editorial-source')])]"
    ).getall()
    text = clean("".join(nodes))
    if part.css("cite.el-editorial-source"):
        # Stellar renders the dateline apart from the paragraph: match it.
        text = _LEADING_DASH.sub("", text)
    return text


def _canonical(page: _Page) -> str | None:
    """link[rel=canonical] (www.cnn.com even on edition pages), no /index.html."""
    hrefs = page.sel.css("link[rel~=canonical]::attr(href)").getall()
    for href in [*hrefs, page.meta("og:url")]:
        if href.strip():
            return article_url_form(https(urljoin(page.url, href.strip())))
    return None


def _title(page: _Page) -> str:
    """Visible headline, else JSON-LD headline, else og:title without " | CNN"."""
    if page.headline:
        return page.headline
    from_ld = ld_str(page.article_ld, "headline")
    if from_ld:
        return from_ld
    for value in (page.meta("og:title"), first_text(page.sel, ["title"])):
        value = _TITLE_SUFFIX.sub("", value)
        if value:
            return value
    return ""


def _standfirst(page: _Page) -> str:
    """The description CNN gives every article (it shows no standfirst)."""
    return (
        page.meta("description")
        or ld_str(page.article_ld, "description")
        or page.meta("og:description")
    )


def _byline(page: _Page) -> str:
    """The visible byline without "By "; else JSON-LD or meta authors."""
    visible = _BY.sub("", first_text(page.sel, _BYLINES))
    if visible:
        return visible
    from_ld = ld_authors(page.article_ld)
    if from_ld:
        return from_ld
    return _BY.sub("", page.meta("author"))


def _date(page: _Page, ld_key: str, metas: tuple[str, ...]) -> datetime | None:
    """The first readable date among JSON-LD, <meta> and itemprop values."""
    sel = page.sel
    return first_date(
        [
            page.article_ld.get(ld_key),
            *(page.meta(key) for key in metas),
            *sel.css(f"[itemprop={ld_key}]::attr(content)").getall(),
        ]
    )


def _published(page: _Page) -> datetime | None:
    """When the article was first published."""
    return _date(
        page, "datePublished", ("article:published_time", "pubdate", "og:pubdate")
    )


def _modified(page: _Page) -> datetime | None:
    """When the article was last modified."""
    return _date(page, "dateModified", ("article:modified_time", "lastmod"))


def _section(page: _Page) -> str:
    """The section slug CNN gives the page ("politics")."""
    value = page.meta("meta-section") or page.meta("section")
    if value:
        return value
    for section in ld_list(page.article_ld.get("articleSection")):
        if isinstance(section, str) and clean(section):
            return clean(section)
    return clean(page.sel.css("meta[itemprop=articleSection]::attr(content)").get(""))


def _tags(page: _Page) -> list[str]:
    """Topic keywords: only legacy pages have real ones.

    Stellar's keywords meta is empty and zn/pg's repeats the section and
    title, so neither is a tag list.
    """
    if not page.is_legacy:
        return []
    for key in ("news_keywords", "keywords"):
        tags = split_tags([page.meta(key)])
        if tags:
            return tags
    return []


def _live_posts(page: _Page) -> list[str]:
    """Text of each live story post, in page order: headline, then paragraphs."""
    posts = []
    for post in page.sel.css(_LIVE_POSTS):
        parts = [first_text(post, [".live-story-post__headline"])]
        content = post.css(".live-story-post__content") or [post]
        parts += [text_of(p) for p in content[0].css("p, h2.subheader, h3")]
        text = " ".join(part for part in parts if part)
        if text:
            posts.append(text)
    return posts


def _body(page: _Page) -> list[str]:
    """The article text, or a live story's posts."""
    if page.is_liveblog:
        return _live_posts(page) or page.paragraphs
    return page.paragraphs


def _is_free(page: _Page) -> bool:
    """Whether JSON-LD leaves the article free to read (the default)."""
    value = page.article_ld.get("isAccessibleForFree", True)
    return str(value).strip().lower() not in ("false", "0", "no")


def _cut_short(page: _Page) -> bool:
    """Whether the served text is much shorter than JSON-LD's articleBody.

    CNN meters in the browser and serves the whole text; a body cut to a
    teaser for non-subscribers would store a false version, so it is caught.
    """
    full = len(_WORD.findall(ld_str(page.article_ld, "articleBody")))
    shown = sum(len(_WORD.findall(p)) for p in page.paragraphs)
    # No text at all is more likely markup the parser does not know: the
    # page then goes to the pipeline with an empty body, rejected as such.
    return 0 < shown and shown * 2 < full


def _page_type(page: _Page) -> str:
    """What kind of page this is: article, liveblog, paywall or other."""
    if page.is_liveblog:
        return "liveblog"
    # Variants such as "article-…" are still articles; video, gallery and
    # section pages are not.
    if page.page_kind and not page.page_kind.startswith(_ARTICLE_PAGE_TYPES):
        return "other"
    if not page.headline and page.body_container is None:
        return "other"
    if page.headline and not _is_free(page) and _cut_short(page):
        return "paywall"
    return "article"


_EXTRACTORS: tuple[tuple[str, Callable[[_Page], object]], ...] = (
    ("canonical_url", _canonical),
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
