"""Parse an Independent page (2024, AMP, Drupal or legacy markup) into an item."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import cached_property

from parsel import Selector

from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage
from newscrawl.parsers.dates import first_date
from newscrawl.parsers.jsonld import ld_authors, ld_list, ld_str, ld_types, ld_updates
from newscrawl.parsers.page import (
    canonical,
    clean,
    extract,
    first_text,
    meta_tags,
    split_tags,
    texts,
)
from newscrawl.parsers.scripts import dig, script_json

PARSER_VERSION = 1
SOURCE = "independent"

# Visible headlines, newest markup first: 2020+ (2024 and AMP), Drupal
# (2015-16), legacy (to 2014).
_HEADLINES = (
    "header#articleHeader h1",
    "article h1[itemprop=headline]",
    "div#main h1.title",
)
_BODIES = (
    "article div#main",
    "div.text-wrapper[itemprop=articleBody]",
    "[itemprop=articleBody]",
    # Legacy pages have a div#main too, around the whole column of widgets.
    "div.articleContent",
    "div#main",
)
_BYLINES = (
    "li.author[itemprop=author] [itemprop=name]",
    "div.byline span.authorName",
)
# The standfirst is the paragraph right after the headline in the header.
_STANDFIRST = "//header[@id='articleHeader']//h1/following-sibling::p[1]"
_AUTHOR_LINKS = "header#articleHeader a[href*='/author/']"
_TOPICS = ("nav.topics a", "a[itemprop=keywords]")
# Not article text though inside the body container: React islands
# (newsletter sign-up, donation appeal), ad slots, the lead video, galleries,
# related stories, live key points, figures and AMP widgets.
_NOISE = (
    "self::aside or self::figure or self::figcaption or self::script"
    " or self::style or self::noscript or self::form or self::nav"
    " or starts-with(name(), 'amp-') or @data-mpu1 or @data-mpu2"
    " or @id='indy-top-container-wrapper'"
    " or contains(concat(' ', normalize-space(@class), ' '), ' hydrate-root ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' teads ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' desktop-only ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' mobile-only ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' related ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' gallery-btn ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' dnd-widget-wrapper ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' inline-pipes-list ')"
    " or contains(concat(' ', normalize-space(@class), ' '),"
    " ' inline-block-related-list ')"
)
# Body parts: the container's own paragraphs, subheadings, lists and quotes,
# and those of plain wrapper divs (2020 AMP wraps every paragraph in a div).
_BODY_PARTS = (
    f"./*[not({_NOISE})][self::p or self::h2 or self::h3 or self::ul or self::ol"
    " or self::blockquote]"
    f" | ./div[not({_NOISE})]/*[not({_NOISE})][self::p or self::h2 or self::h3"
    " or self::ul or self::ol or self::blockquote]"
    f" | ./span[contains(@class, 'storyTop')]/p"
)
_ANY_PARTS = (
    ".//*[self::p or self::h2 or self::h3 or self::li][not(ancestor::li)]"
    f"[not(ancestor-or-self::*[{_NOISE}])]"
)
_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"
_LIVE_POSTS = "//amp-live-list//div[starts-with(@id, 'post-')]"
# A consent or sign-in wall standing in for the article.
_GATES = (
    "//*[starts-with(@id, 'sp_message') or contains(@id, 'consent')"
    " or contains(@class, 'consent') or @id='piano-register-wall'"
    " or contains(@class, 'register-wall')]"
)
# The keywords meta carries pseudo-tags for the site's own use.
_PSEUDO_TAGS = frozenset({"internal"})
_TRUE = ("true", "1", "yes")


def parse(url: str, html: str | bytes) -> ArticleItem:
    """Return what an Independent page says about its article; never raises."""
    item = ArticleItem(url=url, source=SOURCE, parser_version=str(PARSER_VERSION))
    return extract(item, _Page, html, _EXTRACTORS)


class _Page(ArticlePage):
    """An Independent page."""

    headlines = _HEADLINES
    bodies = _BODIES

    @cached_property
    def paragraphs(self) -> list[str]:
        """The article text, one string per paragraph."""
        if self.body_container is None:
            return []
        return _paragraphs(self.body_container)

    @cached_property
    def globals(self) -> dict:
        """The js-globals page state (2024), or an empty dict."""
        found = script_json(self.sel, "script#js-globals")
        return found if isinstance(found, dict) else {}

    @cached_property
    def live_ld(self) -> dict:
        """The LiveBlogPosting JSON-LD object, or an empty dict."""
        for obj in self.ld:
            if "LiveBlogPosting" in ld_types(obj):
                return obj
        return {}

    @cached_property
    def main_ld(self) -> dict:
        """The JSON-LD of the page's article: the live blog's when it is one."""
        return self.live_ld or self.article_ld

    @cached_property
    def is_liveblog(self) -> bool:
        """Whether the page is a live blog."""
        if self.live_ld or dig(self.globals, "isLiveBlog") is True:
            return True
        return bool(self.sel.css("amp-live-list"))

    @cached_property
    def is_premium(self) -> bool:
        """Whether the article is for subscribers only (Independent Premium)."""
        flags = self.sel.css("article::attr(data-is-premium)").getall()
        if any(flag.strip().lower() in _TRUE for flag in flags):
            return True
        if dig(self.globals, "article", "premium") is True:
            return True
        free = self.main_ld.get("isAccessibleForFree")
        return free is False or (isinstance(free, str) and free.lower() == "false")


def _text(sel: Selector) -> str:
    """Text of an element without scripts and styles, whitespace collapsed."""
    return clean("".join(sel.xpath(_TEXT).getall()))


def _paragraphs(container: Selector) -> list[str]:
    """Paragraph texts of a body container, noise left out."""
    found: list[str] = []
    # Unknown wrapper markup: any paragraph that is not inside noise.
    parts = container.xpath(_BODY_PARTS) or container.xpath(_ANY_PARTS)
    for part in parts:
        tag = part.root.tag
        if tag in ("ul", "ol"):
            found.extend(_text(li) for li in part.xpath("./li"))
        elif tag == "blockquote":
            found.extend(_text(p) for p in part.xpath(".//p") or [part])
        else:
            found.append(_text(part))
    return [text for text in found if text]


def _title(page: _Page) -> str:
    """Visible headline, else JSON-LD headline, else og:title."""
    return (
        page.headline
        or ld_str(page.main_ld, "headline")
        or page.meta("og:title").removesuffix(" | The Independent")
    )


def _standfirst(page: _Page) -> str:
    """The paragraph under the headline, else the JSON-LD description."""
    for paragraph in page.sel.xpath(_STANDFIRST):
        text = _text(paragraph)
        if text:
            return text
    description = ld_str(page.main_ld, "description")
    # Live blog descriptions carry HTML <p> tags.
    return _text(Selector(text=f"<div>{description}</div>")) if description else ""


def _byline(page: _Page) -> str:
    """The author links of the header, else older bylines, metas or JSON-LD."""
    names = texts(page.sel.css(_AUTHOR_LINKS))
    if names:
        return " and ".join(dict.fromkeys(names))
    return (
        first_text(page.sel, _BYLINES)
        or page.meta("article:author_name")
        or ld_authors(page.main_ld)
    )


def _microtimes(page: _Page, key: str) -> str | None:
    """A value of the Drupal time[data-microtimes] JSON (epoch milliseconds)."""
    for raw in page.sel.css("time[data-microtimes]::attr(data-microtimes)").getall():
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        found = value.get(key) if isinstance(value, dict) else None
        if isinstance(found, (int, str)) and not isinstance(found, bool):
            return str(found)
    return None


def _published(page: _Page) -> datetime | None:
    """When the article was first published (a live blog: when it started)."""
    # On live blogs article:published_time is the last update, so JSON-LD first.
    return first_date(
        [
            page.main_ld.get("datePublished"),
            page.meta("article:published_time"),
            _microtimes(page, "published"),
        ]
    )


def _modified(page: _Page) -> datetime | None:
    """When the article was last modified."""
    return first_date(
        [
            page.main_ld.get("dateModified"),
            page.meta("article:modified_time"),
            _microtimes(page, "changed"),
        ]
    )


def _section(page: _Page) -> str:
    """The section: JSON-LD articleSection (the subsection), else the metas."""
    for value in ld_list(page.main_ld.get("articleSection")):
        if isinstance(value, str) and clean(value):
            return clean(value)
    return page.meta("article:subsection") or page.meta("article:section")


def _tags(page: _Page) -> list[str]:
    """The "More about" topics, else article:tag or keywords (pseudo-tags out)."""
    for css in _TOPICS:
        found = texts(page.sel.css(css))
        if found:
            return list(dict.fromkeys(found))
    tags = meta_tags(page) or split_tags([page.meta("keywords")])
    return [tag for tag in tags if tag.lower() not in _PSEUDO_TAGS]


def _liveblog_updates(page: _Page) -> list[str]:
    """Each live blog post's text: JSON-LD updates, else the posts on the page."""
    updates = ld_updates([page.live_ld])
    if updates:
        return updates
    posts = []
    for post in page.sel.xpath(_LIVE_POSTS):
        # The post's text without its heading, as in JSON-LD articleBody.
        parts = [_text(part) for part in post.xpath(".//p | .//li")]
        text = " ".join(part for part in parts if part)
        if text:
            posts.append(text)
    return posts


def _body(page: _Page) -> list[str]:
    """The article text, or a live blog's posts."""
    if page.is_liveblog:
        return _liveblog_updates(page) or page.paragraphs
    return page.paragraphs


def _page_type(page: _Page) -> str:
    """What kind of page this is: article, liveblog, paywall, interstitial, other."""
    # Premium bodies are cut short for non-subscribers: never a version.
    if page.is_premium:
        return "paywall"
    if page.is_liveblog:
        return "liveblog"
    if not page.paragraphs and page.sel.xpath(_GATES):
        return "interstitial"
    if not page.headline and page.body_container is None:
        return "other"
    return "article"


_EXTRACTORS: tuple[tuple[str, Callable[[_Page], object]], ...] = (
    ("canonical_url", canonical),
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
