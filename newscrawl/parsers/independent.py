"""Parse an Independent page (2024, AMP, Drupal or legacy markup) into an item."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from functools import cached_property

from parsel import Selector

from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage
from newscrawl.parsers.dates import named_date, uk_to_utc
from newscrawl.parsers.jsonld import (
    article_object,
    ld_authors,
    ld_first_str,
    ld_str,
    ld_types,
    ld_updates,
)
from newscrawl.parsers.page import (
    SOCIAL_EMBED,
    clean,
    first_text,
    meta_tags,
    split_tags,
    texts,
    without_by,
)
from newscrawl.parsers.scripts import dig, script_json

PARSER_VERSION = 3

# 2007-08 pages (article<N>.ece): div.article > div.news holds the h1, the
# standfirst (h2), the byline (h3, "By ..."), "Published: 10 January 2008"
# (h4) and div.bodyCopy > div#bodyCopyContent, whose p children are the text
# but for the closing "Interesting? Click here to explore further".
_ECE = "div.article > div.news"
_ECE_PUBLISHED = re.compile(r"^Published: (\d{1,2}) ([A-Z][a-z]+) (\d{4})$")
_ECE_TEASER = "Interesting? Click here to explore further"

# Visible headlines, newest markup first: 2020+ (2024 and AMP), Drupal
# (2015-16), legacy (to 2014), 2007-08.
_HEADLINES = (
    "header#articleHeader h1",
    "article h1[itemprop=headline]",
    "div#main h1.title",
    _ECE + " > h1",
)
_BODIES = (
    "article div#main",
    "div.text-wrapper[itemprop=articleBody]",
    "[itemprop=articleBody]",
    # Legacy pages have a div#main too, around the whole column of widgets;
    # their text is split over several widgets, one div.articleContent each.
    "div.articleContent",
    "div#main",
    "div#bodyCopyContent",
)
_BYLINES = (
    "li.author[itemprop=author] [itemprop=name]",
    "div.byline span.authorName",
    _ECE + " > h3",
)
# The standfirst is the paragraph right after the headline in the header.
_STANDFIRST = "//header[@id='articleHeader']//h1/following-sibling::p[1]"
_AUTHOR_LINKS = "header#articleHeader a[href*='/author/']"
_TOPICS = ("nav.topics a", "a[itemprop=keywords]")
# Not article text though inside the body container: React islands
# (newsletter sign-up, donation appeal), ad slots, the lead video, galleries,
# related stories, live key points, figures, AMP widgets and embedded posts.
_NOISE = (
    f"{SOCIAL_EMBED} or self::aside or self::figure or self::figcaption or self::script"
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
    f" | ./span[contains(@class, 'storyTop')]/*[not({_NOISE})][self::p or self::h2"
    " or self::h3 or self::ul or self::ol or self::blockquote]"
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
    """Return what an Independent page says; bad markup never raises."""
    return IndependentPage.parse(url, html)


class IndependentPage(ArticlePage):
    """An Independent page."""

    source = "independent"
    version = PARSER_VERSION
    headlines = _HEADLINES
    bodies = _BODIES
    bylines = _BYLINES
    topics = _TOPICS
    title_suffix = " | The Independent"
    gates = _GATES
    split_body = True

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
    def article_ld(self) -> dict:
        """The JSON-LD of the page's article: the live blog's when it is one."""
        return self.live_ld or article_object(self.ld)

    @cached_property
    def is_liveblog(self) -> bool:
        """Whether the page is a live blog."""
        if self.live_ld or dig(self.globals, "isLiveBlog") is True:
            return True
        return bool(self.sel.css("amp-live-list"))

    def paragraphs_in(self, container: Selector) -> list[str]:
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
        return [text for text in found if text and text != _ECE_TEASER]

    def headline_data(self) -> Sequence[str]:
        """JSON-LD headline (an SEO wording), og:title and twitter:title (social)."""
        return (
            *super().headline_data(),
            self.meta("twitter:title").removesuffix(self.title_suffix),
        )

    def standfirst(self) -> str:
        """The paragraph under the headline, else the JSON-LD description."""
        for paragraph in [*self.sel.xpath(_STANDFIRST), *self.sel.css(_ECE + " > h2")]:
            text = _text(paragraph)
            if text:
                return text
        description = ld_str(self.article_ld, "description")
        # Live blog descriptions carry HTML <p> tags.
        return _text(Selector(text=f"<div>{description}</div>")) if description else ""

    def byline(self) -> str:
        """The author links of the header, else older bylines, metas or JSON-LD."""
        names = texts(self.sel.css(_AUTHOR_LINKS))
        if names:
            return " and ".join(dict.fromkeys(names))
        return (
            without_by(first_text(self.sel, self.bylines))
            or self.meta("article:author_name")
            or ld_authors(self.article_ld)
        )

    def published(self) -> datetime | None:
        """When the article was first published (a live blog: when it started)."""
        # On live blogs article:published_time is the last update, so JSON-LD first.
        metas = ("article:published_time",)
        return self.date(
            "datePublished", metas, _microtimes(self, "published")
        ) or _ece_published(self)

    def modified(self) -> datetime | None:
        """When the article was last modified."""
        metas = ("article:modified_time",)
        return self.date("dateModified", metas, _microtimes(self, "changed"))

    def section(self) -> str:
        """The section: JSON-LD articleSection (the subsection), else the metas."""
        return (
            ld_first_str(self.article_ld, "articleSection")
            or self.meta("article:subsection")
            or self.meta("article:section")
        )

    def tags(self) -> list[str]:
        """The "More about" topics, else article:tag or keywords (pseudo-tags out)."""
        shown = self.shown_tags()
        if shown:
            return shown
        tags = meta_tags(self) or split_tags([self.meta("keywords")])
        return [tag for tag in tags if tag.lower() not in _PSEUDO_TAGS]

    def live_updates(self) -> list[str]:
        """Each live blog post's text: JSON-LD updates, else the posts on the page."""
        updates = ld_updates([self.live_ld])
        if updates:
            return updates
        posts = []
        for post in self.sel.xpath(_LIVE_POSTS):
            # The post's text without its heading, as in JSON-LD articleBody.
            parts = [_text(part) for part in post.xpath(".//p | .//li")]
            text = " ".join(part for part in parts if part)
            if text:
                posts.append(text)
        return posts

    def paywall_signs(self) -> list[str]:
        """["premium"] for an article for subscribers only (Independent Premium)."""
        # Premium bodies are cut short for non-subscribers: never a version.
        return ["premium"] if self._is_premium() else []

    def _is_premium(self) -> bool:
        """Whether the page, its page state or its JSON-LD flags it premium."""
        flags = self.sel.css("article::attr(data-is-premium)").getall()
        if any(flag.strip().lower() in _TRUE for flag in flags):
            return True
        if dig(self.globals, "article", "premium") is True:
            return True
        free = self.article_ld.get("isAccessibleForFree")
        return free is False or (isinstance(free, str) and free.lower() == "false")


def _text(sel: Selector) -> str:
    """Text of an element without scripts and styles, whitespace collapsed."""
    return clean("".join(sel.xpath(_TEXT).getall()))


def _ece_published(page: IndependentPage) -> datetime | None:
    """The day a 2007-08 page says it was published, from midnight in London."""
    match = _ECE_PUBLISHED.match(first_text(page.sel, [_ECE + " > h4"]))
    day = named_date(match[3], match[2], match[1]) if match else None
    return uk_to_utc(day) if day else None


def _microtimes(page: IndependentPage, key: str) -> str | None:
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
