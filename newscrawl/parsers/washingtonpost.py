"""Parse a Washington Post page (Arc, PageBuilder or Methode markup) into an item."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from functools import cached_property

from parsel import Selector

from newscrawl.discovery.urls import url_path
from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage, cut_short
from newscrawl.parsers.dates import first_date
from newscrawl.parsers.jsonld import ld_authors, ld_list, ld_str, ld_types
from newscrawl.parsers.page import (
    canonical,
    clean,
    extract,
    first_match,
    first_text,
    split_tags,
    text_of,
)
from newscrawl.parsers.scripts import js_value
from newscrawl.text.normalize import word_count

PARSER_VERSION = 1
SOURCE = "washingtonpost"

# Visible headlines, newest markup first: Arc (2019+), PageBuilder, Methode.
# <title> and JSON-LD alternativeHeadline carry a different SEO headline.
_HEADLINES = (
    "h1[data-qa=headline]",
    "h1[data-testid=headline]",
    "#topper-headline-wrapper h1",
    "h1[itemprop=headline]",
    'h1[property="dc.title"]',
    "#article-topper h1",
)
_DEKS = ("h2[data-qa=subheadline]",)
# One element per author, newest markup first: 2025, 2024, 2019-20, PB.
_AUTHORS = (
    "[data-testid=article-byline] [data-testid=author-name-with-optional-link]",
    "[data-qa=author-byline] a[data-qa=author-name]",
    "a[data-qa=author-name]",
    "div[data-qa=byline] a.author-name-link",
    "span.pb-byline[itemprop=author] span[itemprop=name]",
    ".pb-author-name",
)
# Arc 2024+: one div per paragraph, some inside the metered teaser.
_ARC_PARAGRAPHS = "div[data-qa=article-body]"
# Single containers: the metered block itself (should the per-paragraph
# divs go), then Fusion 2019-20, PageBuilder, early PB, Methode.
_BODIES = (
    "div.meteredContent",
    "div.article-body",
    "article[itemprop=articleBody]",
    "div#article-body > article",
    "div.article_body article",
)
# Elements inside the body containers whose text is not story text.
_NOISE = (
    "self::figure or self::figcaption or self::aside or self::script"
    " or self::style or self::form or self::nav or self::button"
    " or @data-qa='interstitial-link' or @data-qa='subscribe-promo'"
    " or @data-qa='article-body-ad' or @data-qa='link-box'"
    " or @data-qa='newsletter' or @data-qa='article-actions'"
    " or @data-qa='lede-art' or starts-with(@data-testid, 'article-body-ad')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' interstitial-link ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' pin-and-stack ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' inline-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' wp-ad ')"
)
_TEXT_PARTS = (
    ".//*[self::p[not(ancestor::li)] or self::h2 or self::h3 or self::h4"
    " or self::li or self::blockquote[not(.//p)]]"
    f"[not(ancestor-or-self::*[{_NOISE}])]"
)
# PageBuilder's fixed "-500" offset: one hour digit too few for ISO 8601.
_SHORT_OFFSET = re.compile(r"([+-])(\d)(\d{2})$")
_FUSION = "Fusion.globalContent"


def parse(url: str, html: str | bytes) -> ArticleItem:
    """Return what a Washington Post page says about its article; never raises."""
    item = ArticleItem(url=url, source=SOURCE, parser_version=str(PARSER_VERSION))
    return extract(item, _Page, html, _EXTRACTORS)


class _Page(ArticlePage):
    """A Washington Post page."""

    headlines = _HEADLINES

    @cached_property
    def ans(self) -> dict:
        """The story as Arc ANS JSON (Next.js or Fusion pages), or an empty dict."""
        raw = self.sel.css("script#__NEXT_DATA__::text").get()
        if raw:
            try:
                data = json.loads(raw, strict=False)
            except (ValueError, RecursionError):
                data = None
            content = _dig(data, "props", "pageProps", "globalContent")
            if isinstance(content, dict):
                return content
        for script in self.sel.xpath(f"//script[contains(., '{_FUSION}')]/text()"):
            content = js_value(script.get(), _FUSION)
            if isinstance(content, dict):
                return content
        return {}

    @cached_property
    def body_parts(self) -> list[Selector]:
        """The story's text elements, in page order."""
        containers = list(self.sel.css(_ARC_PARAGRAPHS))
        if not containers:
            found = first_match(self.sel, _BODIES)
            containers = [found] if found is not None else []
        return [part for box in containers for part in box.xpath(_TEXT_PARTS)]

    @cached_property
    def paragraphs(self) -> list[str]:
        """The story text, one string per paragraph."""
        texts = (text_of(part) for part in self.body_parts)
        return [text for text in texts if text]

    @cached_property
    def is_liveblog(self) -> bool:
        """Whether the page is live coverage."""
        paths = [url_path(self.url), url_path(canonical(self) or "")]
        if any("live-updates" in path for path in paths):
            return True
        return any("LiveBlogPosting" in ld_types(obj) for obj in self.ld)


def _dig(data: object, *keys: str) -> object:
    """data[k1][k2]..., or None where a step is missing."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _ans_str(page: _Page, *keys: str) -> str:
    value = _dig(page.ans, *keys)
    return clean(value) if isinstance(value, str) else ""


def _title(page: _Page) -> str:
    """Visible headline, else ANS/JSON-LD headline, else og:title."""
    return (
        page.headline
        or _ans_str(page, "headlines", "basic")
        or ld_str(page.article_ld, "headline")
        or page.meta("og:title")
    )


def _standfirst(page: _Page) -> str:
    """The visible subheadline (often absent or blank)."""
    return first_text(page.sel, _DEKS)


def _byline(page: _Page) -> str:
    """Visible author names joined, else ANS credits, JSON-LD, DC.creator."""
    for css in _AUTHORS:
        names = [text_of(found) for found in page.sel.css(css)]
        names = [name for name in names if name]
        if names:
            return _join_names(names)
    credits = ld_list(_dig(page.ans, "credits", "by"))
    names = [clean(c["name"]) for c in credits if isinstance(c, dict) and c.get("name")]
    if names:
        return _join_names([name for name in names if isinstance(name, str)])
    # meta[property=author] holds Facebook profile URLs, never a name.
    return ld_authors(page.article_ld) or page.meta("DC.creator")


def _join_names(names: list[str]) -> str:
    """Names as a byline: "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _pb_time(value: str | None) -> str | None:
    """A PageBuilder timestamp with its "-500" offset made ISO ("-0500")."""
    return _SHORT_OFFSET.sub(r"\g<1>0\2\3", value.strip()) if value else None


def _published(page: _Page) -> datetime | None:
    """When the story was first published (ANS publish_date is the latest one)."""
    return first_date(
        [
            page.article_ld.get("datePublished"),
            page.meta("article:published_time"),
            _dig(page.ans, "first_publish_date"),
        ]
    )


def _modified(page: _Page) -> datetime | None:
    """When the story was last updated."""
    pb_time = page.sel.css("span.pb-timestamp[itemprop=datePublished]::attr(content)")
    return first_date(
        [
            page.article_ld.get("dateModified"),
            page.meta("article:modified_time"),
            _dig(page.ans, "last_updated_date"),
            # PageBuilder's "datePublished" is in fact the last update.
            _pb_time(pb_time.get()),
        ]
    )


def _section(page: _Page) -> str:
    """The section's name ("Politics")."""
    return (
        page.meta("article:section")
        or _ans_str(page, "taxonomy", "primary_section", "name")
        or ld_str(page.article_ld, "articleSection")
        or page.meta("section")
    )


def _tags(page: _Page) -> list[str]:
    """ANS taxonomy tags, else the keywords metas."""
    tags = [
        clean(tag["text"])
        for tag in ld_list(_dig(page.ans, "taxonomy", "tags"))
        if isinstance(tag, dict) and isinstance(tag.get("text"), str)
    ]
    if any(tags):
        return [tag for tag in tags if tag]
    sel = page.sel
    return split_tags(
        sel.css("meta[name=keywords]::attr(content)").getall()
        or sel.css("meta[name=news_keywords]::attr(content)").getall()
    )


def _body(page: _Page) -> list[str]:
    """The story text; corrections lead it, as on the page."""
    return page.paragraphs


def paywall_signs(url: str, html: str | bytes) -> list[str]:
    """Names of the signs of a copy cut for non-subscribers that a page shows."""
    return _paywall_signs(_Page(url, html))


def _paywall_signs(page: _Page) -> list[str]:
    """Which signs of a copy cut for non-subscribers the page shows."""
    signs = []
    elements = ld_list(page.ans.get("content_elements"))
    declared = sum(
        1 for el in elements if isinstance(el, dict) and el.get("type") == "text"
    )
    shown = sum(1 for part in page.body_parts if part.root.tag == "p")
    if cut_short(shown, declared):
        signs.append("fewer_paragraphs_than_declared")
    words = _dig(page.ans, "planning", "story_length", "word_count_actual")
    if isinstance(words, int) and cut_short(word_count(page.paragraphs), words):
        signs.append("fewer_words_than_declared")
    # Without the story's data, the teaser alone is the only sign left.
    if not declared and _teaser_only(page):
        signs.append("teaser_only")
    return signs


def _teaser_only(page: _Page) -> bool:
    """Whether the page has the metered teaser and nothing after it."""
    sel = page.sel
    metered = sel.css(".meteredContent")
    if metered and metered.css("div.teaser-content"):
        rest = metered.xpath(
            ".//div[@data-qa='article-body'][not(ancestor::div"
            "[contains(concat(' ', @class, ' '), ' teaser-content ')])]"
        )
        return not rest
    fusion = sel.css("div.article-body")
    return bool(
        fusion
        and fusion.css("div.teaser-content")
        and not fusion.css("div.remainder-content")
    )


def _page_type(page: _Page) -> str:
    """article, liveblog, paywall (a copy cut for non-subscribers) or other."""
    # JSON-LD isAccessibleForFree is false on every story, cut or not: only
    # signs that the text itself is missing make a paywall.
    if _paywall_signs(page):
        return "paywall"
    if page.is_liveblog:
        return "liveblog"
    if not page.headline and not page.paragraphs:
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
