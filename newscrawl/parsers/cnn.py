"""Parse a CNN page (Stellar, zn/pg or legacy cnn_ markup) into an item."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone
from functools import cached_property

from lxml import etree
from parsel import Selector

from newscrawl.discovery.urls import url_path
from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage, cut_short
from newscrawl.parsers.dates import named_date
from newscrawl.parsers.jsonld import ld_authors, ld_first_str, ld_str
from newscrawl.parsers.page import (
    canonical,
    clean,
    css_found,
    element_text,
    first_text,
    first_trimmed,
    node_texts,
    split_tags,
    text_of,
    without_by,
    xpath_found,
)

PARSER_VERSION = 3

# Visible headlines, newest markup first; legacy pages have a bare h1 in
# the story area.
_HEADLINES = (
    "h1.headline__text",
    "h1[data-editable=headlineText]",
    "h1.headline_live-story__text",
    "h1.pg-headline",
    "#cnnContentContainer h1",
    ".cnn_storyarea h1",
    # 2007-09: in the header's left column, above div#cnnTxtCmpnt.
    "div.cnnHeaderLeftCol h1",
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
    "div#cnnTxtCmpnt",
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
# "read more" box hold their own copies of other stories' text. (The plain
# contains() first and the ancestors' @class nodes: libxml2 builds the
# concat() and each class's text only for the elements that can match.)
_ZN_PARTS = (
    ".//*[contains(@class, 'zn-body__paragraph')]"
    "[contains(concat(' ', normalize-space(@class), ' '), ' zn-body__paragraph ')]"
    "[not(ancestor::*/@class[contains(., 'el__embedded')"
    " or contains(., 'el__article--embed')"
    " or contains(., 'zn-body__read-more')])]"
)
# Legacy: the story is the p children of its left column, between boxes
# (highlights, topics: divs); from 2011 they carry cnn_storypgraphtxt but
# for the first, in 2010 none has a class. Not text: the editor's call-out
# ahead of the story and the contributors' line after it.
_LEGACY_PARTS = (
    ".//div[contains(concat(' ', normalize-space(@class), ' '), ' cnn_strycntntlft ')]"
    "/p[not(contains(@class, 'cnnEditorialNote')"
    " or contains(@class, 'cnn_strycbftrtxt'))]"
    " | .//p[contains(@class, 'cnn_storypgraphtxt')]"
    # 2007-09: the p children of div#cnnTxtCmpnt (photo and link boxes among
    # them are divs), less the credit or copyright line and the topics.
    " | descendant-or-self::div[@id='cnnTxtCmpnt']"
    "/p[not(contains(@class, 'cnnAttribution') or contains(@class, 'cnnTopics'))]"
)
# The dateline: Stellar sets it apart before the first paragraph (a cite of
# a location span, a source span and a dash), zn/pg in a cite at the start
# of the first paragraph. Readers see it lead that paragraph.
_STELLAR_DATELINE = (
    "./div[contains(concat(' ', normalize-space(@class), ' '), ' source ')]"
    "//cite[contains(@class, 'source__cite')]"
)
_ZN_DATELINE = "cite[contains(@class, 'el-editorial-source')]"
_ZN_DATELINE_CLASS = "el-editorial-source"
# What a dateline's ends lose: white space (str.isspace()'s, as re's \s;
# U+3000 is the last) and dashes.
_DASHES = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\u2013\u2014-"
_LIVE_POSTS = (
    "article.live-story-post, [data-component-name=live-story-post]:not(article)"
)

# The only time of a 2010 page: a script writes it, in GMT for the edition
# ("August 13, 2010 -- Updated 2308 GMT (0708 HKT)"), in US Eastern time
# for the rest ("August 13, 2010 7:08 p.m. EDT"); the GMT one is read.
_LEGACY_TIME_SCRIPT = "//div[contains(@class, 'cnn_strytmstmp')]/script/text()"
_LEGACY_UPDATED = re.compile(
    r"\b([A-Z][a-z]+) (\d{1,2}), (\d{4}) -- Updated (\d{2})(\d{2}) GMT\b"
)

# og:title / <title> decorations around the headline.
_TITLE_SUFFIX = re.compile(r"\s*[|-]\s*CNN(?:\s*[A-Za-z]+)?(?:\.com)?\s*$")
_INDEX = re.compile(r"/index\.html?$")
_WORD = re.compile(r"\w+")
# Pages that are not articles declare it: video, gallery, section fronts.
_ARTICLE_PAGE_TYPES = ("article", "live-story")


def parse(url: str, html: str | bytes) -> ArticleItem:
    """Return what a CNN page says about its article; bad markup never raises."""
    return CNNPage.parse(url, html)


def article_url_form(url: str) -> str:
    """The URL without a trailing ``/index.html`` (CNN serves both forms)."""
    return _INDEX.sub("", url)


class CNNPage(ArticlePage):
    """A CNN page."""

    source = "cnn"
    version = PARSER_VERSION
    headlines = _HEADLINES
    bodies = _BODIES
    bylines = _BYLINES

    @cached_property
    def page_kind(self) -> str:
        """``body[data-page-type]`` (Stellar), lower case, or ""."""
        value = next(iter(css_found(self.sel, "body::attr(data-page-type)")), "")
        return value.strip().lower()

    @cached_property
    def own_url(self) -> str | None:
        """link[rel=canonical] (www.cnn.com even on edition pages), no /index.html."""
        found = canonical(self)
        return None if found is None else article_url_form(found)

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

    def paragraphs_in(self, container: Selector) -> list[str]:
        """The article text: Stellar, else zn/pg, else legacy paragraphs."""
        parts = xpath_found(container, _STELLAR_PARTS)
        if parts:
            found = node_texts(parts)
            dateline = _stellar_dateline(container)
            if found and dateline:
                found[0] = f"{dateline} — {found[0]}"
            return found
        parts = xpath_found(container, _ZN_PARTS)
        if parts:
            return [text for text in (_zn_text(part) for part in parts) if text]
        return node_texts(xpath_found(container, _LEGACY_PARTS))

    def title(self) -> str:
        """Visible headline, else JSON-LD headline, else og:title without " | CNN"."""
        return (
            self.headline
            or ld_str(self.article_ld, "headline")
            or first_trimmed(
                (self.meta("og:title"), first_text(self.sel, ["title"])), _TITLE_SUFFIX
            )
        )

    def headline_data(self) -> Sequence[str]:
        """JSON-LD headline and alternativeHeadline, og:title without " | CNN"."""
        return (
            ld_str(self.article_ld, "headline"),
            ld_str(self.article_ld, "alternativeHeadline"),
            _TITLE_SUFFIX.sub("", self.meta("og:title")),
        )

    def standfirst(self) -> str:
        """The description CNN gives every article (it shows no standfirst)."""
        return (
            self.meta("description")
            or ld_str(self.article_ld, "description")
            or self.meta("og:description")
        )

    def byline(self) -> str:
        """The visible byline without "By "; else JSON-LD or meta authors."""
        return (
            without_by(first_text(self.sel, self.bylines))
            or ld_authors(self.article_ld)
            or without_by(self.meta("author"))
        )

    def published(self) -> datetime | None:
        """When the article was first published."""
        metas = ("article:published_time", "pubdate", "og:pubdate")
        return self.date("datePublished", metas, *self._itemprops("datePublished"))

    def modified(self) -> datetime | None:
        """When the article was last modified."""
        metas = ("article:modified_time", "lastmod")
        return self.date(
            "dateModified", metas, *self._itemprops("dateModified")
        ) or _legacy_updated(self.sel)

    def _itemprops(self, key: str) -> list[str]:
        """The content of the page's itemprop elements for *key*."""
        return css_found(self.sel, f"[itemprop={key}]::attr(content)")

    def section(self) -> str:
        """The section slug CNN gives the page ("politics")."""
        return (
            self.meta("meta-section")
            or self.meta("section")
            or ld_first_str(self.article_ld, "articleSection")
            or clean(
                self.sel.css("meta[itemprop=articleSection]::attr(content)").get("")
            )
        )

    def tags(self) -> list[str]:
        """Topic keywords: only legacy pages have real ones.

        Stellar's keywords meta is empty and zn/pg's repeats the section and
        title, so neither is a tag list.
        """
        if not self.is_legacy:
            return []
        for key in ("news_keywords", "keywords"):
            tags = split_tags([self.meta(key)])
            if tags:
                return tags
        return []

    def live_updates(self) -> list[str]:
        """Text of each live story post, in page order: headline, then paragraphs."""
        posts = []
        for post in self.sel.css(_LIVE_POSTS):
            parts = [first_text(post, [".live-story-post__headline"])]
            content = post.css(".live-story-post__content") or [post]
            parts += [text_of(p) for p in content[0].css("p, h2.subheader, h3")]
            text = " ".join(part for part in parts if part)
            if text:
                posts.append(text)
        return posts

    def is_empty(self) -> bool:
        """Whether the page is no article: its type says so, or nothing shows."""
        # Variants such as "article-…" are still articles; video, gallery and
        # section pages are not.
        if self.page_kind and not self.page_kind.startswith(_ARTICLE_PAGE_TYPES):
            return True
        return super().is_empty()

    def paywall_signs(self) -> list[str]:
        """["cut_short"] when JSON-LD says not free and the text is cut well short.

        CNN meters in the browser and serves the whole text; a body cut to a
        teaser for non-subscribers would store a false version, so it is caught.
        """
        # A live story or a page that is no article is never taken for a
        # paywall, whatever its JSON-LD says.
        if self.is_liveblog or self.is_empty():
            return []
        if not self.headline or _is_free(self):
            return []
        full = len(_WORD.findall(ld_str(self.article_ld, "articleBody")))
        shown = sum(len(_WORD.findall(p)) for p in self.paragraphs)
        # No text at all is more likely markup the parser does not know: the
        # page then goes to the pipeline with an empty body, rejected as such.
        return ["cut_short"] if 0 < shown and cut_short(shown, full, ratio=0.5) else []


def _stellar_dateline(container: Selector) -> str:
    """Stellar's dateline as "Location (Source)", or ""."""
    cites = container.xpath(_STELLAR_DATELINE)
    if not cites:
        return ""
    cite = cites[0]
    location = first_text(cite, ["span.source__location"])
    source = first_text(cite, ["span.source__text"])
    if source:
        return f"{location} ({source})".strip()
    return text_of(cite).strip(_DASHES)


def _zn_text(part: etree._Element) -> str:
    """A zn/pg paragraph; its dateline cite, if any, leads it as in Stellar."""
    cite = _zn_dateline(part)
    if cite is None:
        return element_text(part)
    # The cite's own text runs into the paragraph's ("(CNN)Stocks fell"):
    # set apart as Stellar sets it, so both generations give one text.
    rest = xpath_found(
        part,
        ".//text()[not(ancestor::script or ancestor::style"
        f" or ancestor::{_ZN_DATELINE})]",
    )
    body = clean("".join(rest)).strip(_DASHES)
    return f"{element_text(cite).strip(_DASHES)} — {body}"


def _zn_dateline(part: etree._Element) -> etree._Element | None:
    """The first dateline cite inside a zn/pg paragraph (_ZN_DATELINE), or None."""
    # A paragraph holds a few elements: walking them costs less than a query.
    for cite in part.iterdescendants("cite"):
        if _ZN_DATELINE_CLASS in (cite.get("class") or ""):
            return cite
    return None


def _legacy_updated(sel: Selector) -> datetime | None:
    """The time a 2010 page's script writes for the edition, if it has one."""
    for script in sel.xpath(_LEGACY_TIME_SCRIPT).getall():
        match = _LEGACY_UPDATED.search(script)
        if match:
            month, day, year, hour, minute = match.groups()
            moment = named_date(year, month, day, hour=hour, minute=minute)
            return moment.replace(tzinfo=timezone.utc) if moment else None
    return None


def _is_free(page: CNNPage) -> bool:
    """Whether JSON-LD leaves the article free to read (the default)."""
    value = page.article_ld.get("isAccessibleForFree", True)
    return str(value).strip().lower() not in ("false", "0", "no")
