"""Parse a New York Times page (vi, NYT5 or legacy markup) into an item."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from parsel import Selector

from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage, cut_short
from newscrawl.parsers.jsonld import ld_authors, ld_str
from newscrawl.parsers.page import (
    clean,
    first_text,
    is_promotion,
    is_set_off,
    join_names,
    split_tags,
    text_of,
    texts,
    without_by,
)
from newscrawl.parsers.scripts import js_value

PARSER_VERSION = 3

# Visible headlines, newest markup first: vi 2022+, vi 2020-21, vi 2018-21 and
# NYT5, legacy. og:title and <title> differ from it ("Opinion | ", SEO titles).
# What og:title adds around the display headline: "Opinion | " in front, and
# " (Published 2012)" after it on pages of earlier years.
_OG_ADDITIONS = re.compile(r"^Opinion \| |\s*\(Published \d{4}\)$")
_HEADLINES = (
    "h1[data-testid=headline]",
    "h1[data-test-id=headline]",
    "h1[itemprop=headline]",
    "h1#headline",
    "h1.articleHeadline",
    "nyt_headline",
    # The blogs (*.blogs.nytimes.com, WordPress): 2008-14, Well, 2007.
    "div.hentry h1.entry-title",
    "article.post h1.postHeading",
    "div.blog_post h2.post-title",
)
_SUMMARIES = (
    "p#article-summary",
    # vi 2018-19: the header's own paragraph right after the h1's block.
    "article#story > header > div:has(h1) + p",
)
_BYLINES = (
    "div[data-testid=byline-timestamp] p",
    "p[itemprop~=author]",
    "nyt_byline",
)
# vi columns sit in section[name=articleBody] from 2019, directly in the
# article in mid-2018.
_COLUMNS = (
    "section[name=articleBody] div.StoryBodyCompanionColumn",
    "div.StoryBodyCompanionColumn",
)
# Older generations: NYT5 (its correction box reuses p.story-body-text, so
# the story-body divs come first), then legacy, then the blogs. 2012 pages
# split the text over two or more div.articleBody with a picture or
# multimedia box between, and NYT_TEXT, which opens in the first, ends with
# it in an HTML parser: so the articleBody paragraphs come before NYT_TEXT's.
_OLD_BODIES = (
    "div.story-body p.story-body-text",
    "article#story p.story-body-text",
    "div.articleBody p[itemprop=articleBody]",
    "nyt_text p",
    "div#articleBody p",
    # The blogs: a post's own paragraphs, subheads, quotes and list items
    # (boxes and modules among them are divs): 2008-14, Well, 2007.
    *(
        ", ".join(
            f"{post} > {part}"
            for part in ("p", "h2", "h3", "blockquote", "ul > li", "ol > li")
        )
        for post in (
            "div.hentry div.entry-content",
            "article.post div.postContent",
            "div.blog_post div.post-content",
        )
    ),
)
# 2007-08 pages set a box inside NYT_TEXT, among the paragraphs: a picture's
# caption (p.caption), another story's summary (p.summary). Not text.
_INLINE_BOX = "ancestor::div[@id='articleInline']"
# A column's text is its inner div's direct children; promos, ad slots,
# figures and the empty companion aside are other elements and not selected.
_COLUMN_PARTS = "./div/p | ./div/h2 | ./div/h3 | ./div/ul/li | ./div/ol/li"
_PRINT_LINE = "A version of this article appears in print"
# Correction boxes: each holds the correction's paragraphs and, outside
# them, its label ("Correction:", or "Correction: January 14").
_TOP_CORRECTIONS = ("nyt_correction_top",)
_BOTTOM_CORRECTIONS = (
    "div.story-addendum.theme-correction",
    "nyt_correction_bottom",
)
# vi pages end with div.bottom-of-article. Text of the story in it: each
# correction (the innermost block with a strong label and paragraphs; 2019
# pages put several side by side in one block) and the credit line ("Reporting
# was contributed by ...", a block's own paragraph). Not text: the reporter's
# note (paragraphs deeper down), a section's blurb ("The Upshot provides
# ..."), the print line, share tools.
_VI_BOTTOM = (
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' bottom-of-article ')]"
)
_VI_BOTTOM_PARTS = (
    ".//div[.//strong and .//p][not(.//div[.//strong and .//p])]"
    " | ./div[not(.//strong)]/p"
)
_CREDIT = re.compile(r"\bcontributed\b|^(?:additional )?reporting by\b", re.IGNORECASE)
_LABEL_NODES = (
    ".//text()[not(ancestor::p or ancestor::script or ancestor::style)]"
    f"[not(ancestor::*[starts-with(normalize-space(.), '{_PRINT_LINE}')])]"
)
# Legacy ptime/utime metas: New York local time, no zone.
_NY_COMPACT = re.compile(r"\d{14}")
_NEW_YORK = ZoneInfo("America/New_York")
# A link to the subscription offer: the meter's "Subscribe to read" note.
_SUBSCRIBE_HREF = re.compile(
    r"^(?:https?://(?:www\.)?nytimes\.com)?/subscription(?:[/?#]|$)", re.IGNORECASE
)
# The "verifying access" cut: a login link marked as an optional truncation.
_TRUNCATION_LOGIN = "//a[contains(@href, 'asset=opttrunc')]"
_LOGIN_HOST = "myaccount.nytimes.com"
_BLOCKS_KEY = re.compile(r"sprinkledBody\.content\.\d+$")


def parse(url: str, html: str | bytes) -> ArticleItem:
    """Return what a New York Times page says; bad markup never raises."""
    return NYTPage.parse(url, html)


def paywall_signs(url: str, html: str | bytes) -> list[str]:
    """Names of the signs of a copy cut for non-subscribers that a page shows."""
    return NYTPage(url, html).paywall_signs()


class NYTPage(ArticlePage):
    """A New York Times page."""

    source = "nyt"
    version = PARSER_VERSION
    headlines = _HEADLINES
    standfirsts = _SUMMARIES
    bylines = _BYLINES
    live_path = re.compile(r"^/live/|live-updates")

    @cached_property
    def columns(self) -> list[Selector]:
        """The vi story body's companion columns, in page order."""
        for css in _COLUMNS:
            found = self.sel.css(css)
            if found:
                return list(found)
        return []

    @cached_property
    def column_parts(self) -> list[Selector]:
        """The text elements of the vi columns, the meter's note left out."""
        parts = []
        for column in self.columns:
            for part in column.xpath(_COLUMN_PARTS):
                # The Opinion footer ("…letters to the editor", "Follow…")
                # is a promotion, set in italics like other notes, and so is
                # a bracketed line in italics ("[What you need to know to
                # start the day: …]").
                if part.attrib.get("role") != "note" and not _is_promotion(part):
                    parts.append(part)
        return parts

    @cached_property
    def paragraphs(self) -> list[str]:
        """The story text, one string per paragraph, without corrections."""
        parts = self.column_parts
        if not parts:
            for css in _OLD_BODIES:
                parts = [
                    p
                    for p in self.sel.css(css)
                    if not _is_promotion(p) and not p.xpath(_INLINE_BOX)
                ]
                if parts:
                    break
        return texts(parts)

    @cached_property
    def declared_paragraphs(self) -> int:
        """How many paragraphs the page's own data says the story has (0: unknown)."""
        for script in self.sel.xpath(
            "//script[contains(., '__preloadedData')]/text()"
        ).getall():
            data = js_value(script, "__preloadedData")
            if data is not None:
                return _count_paragraph_blocks(data)
        return 0

    def title(self) -> str:
        """Visible headline, else JSON-LD alternativeHeadline, headline, og:title."""
        alternative = ld_str(self.article_ld, "alternativeHeadline")
        return self.headline or alternative or super().title()

    def headline_data(self) -> Sequence[str]:
        """JSON-LD alternativeHeadline, og:title less additions, JSON-LD headline."""
        return (
            ld_str(self.article_ld, "alternativeHeadline"),
            _OG_ADDITIONS.sub("", self.meta("og:title")),
            ld_str(self.article_ld, "headline"),
        )

    def byline(self) -> str:
        """The visible byline without its "By", else NYT5 names, metas, JSON-LD."""
        visible = first_text(self.sel, self.bylines)
        if not visible:
            names = self.sel.css("span.byline-author::attr(data-byline-name)").getall()
            visible = join_names([name.strip() for name in names if name.strip()])
        # "By" is presentation: the metas and JSON-LD of the same page omit it.
        byline = without_by(visible or self.meta("byl") or ld_authors(self.article_ld))
        # So are capitals: NYT5 and the blogs set names in them ("JEFFREY
        # GETTLEMAN"), where the author meta writes them as names.
        written = self.meta("author")
        if written.casefold() == byline.casefold() and _capitals(byline) > _capitals(
            written
        ):
            return written
        return byline

    def published(self) -> datetime | None:
        """When the article was first published."""
        metas = ("article:published_time", "article:published")
        return self._date("datePublished", metas, "ptime", 0)

    def modified(self) -> datetime | None:
        """When the article was last modified."""
        metas = ("article:modified_time", "article:modified")
        return self._date("dateModified", metas, "utime", 1)

    def _date(
        self, ld_key: str, metas: tuple[str, ...], legacy: str, nth: int
    ) -> datetime | None:
        """The first readable date among JSON-LD, <meta>, legacy metas and <time>."""
        times = self.sel.css("div[data-testid=byline-timestamp] time::attr(datetime)")
        # The byline block's first <time> is the publication, a second one
        # the update.
        return self.date(
            ld_key,
            metas,
            _new_york_time(self.meta(legacy)),
            *times.getall()[nth : nth + 1],
        )

    def section(self) -> str:
        """The section's display name ("World"), else its slug."""
        return (
            self.meta("article:section")
            or ld_str(self.article_ld, "articleSection")
            or self.meta("CG")
        )

    def tags(self) -> list[str]:
        """article:tag values, else news_keywords, else keywords ("null" dropped)."""
        sel = self.sel
        for values in (
            sel.css('meta[property="article:tag"]::attr(content)').getall(),
            sel.css("meta[name=news_keywords]::attr(content)").getall(),
            sel.css("meta[name=keywords]::attr(content)").getall(),
        ):
            tags = [tag for tag in split_tags(values) if tag.lower() != "null"]
            if tags:
                return tags
        return []

    def body(self) -> list[str]:
        """Story text with its corrections (top ones first, bottom ones last)."""
        return [
            *self._corrections(_TOP_CORRECTIONS),
            *self.paragraphs,
            *self._vi_bottom(),
            *self._corrections(_BOTTOM_CORRECTIONS),
        ]

    def _vi_bottom(self) -> list[str]:
        """The corrections and credit line at the bottom of a vi page, in order."""
        found: list[str] = []
        for bottom in self.sel.xpath(_VI_BOTTOM):
            for part in bottom.xpath(_VI_BOTTOM_PARTS):
                if part.root.tag != "p":
                    found.extend(_correction(part))
                elif _CREDIT.search(text := text_of(part)):
                    found.append(text)
        return found

    def _corrections(self, selectors: tuple[str, ...]) -> list[str]:
        """Correction paragraphs with their label, the print-edition line left out."""
        found = []
        for css in selectors:
            for box in self.sel.css(css):
                found.extend(_correction(box))
        return found

    def page_type(self) -> str:
        """article, liveblog, interstitial (login wall), paywall (cut copy) or other."""
        if not self.paragraphs and self._is_login_wall():
            return "interstitial"
        return super().page_type()

    def _is_login_wall(self) -> bool:
        """Whether the page is the account login/registration page, not an article."""
        title = self.sel.xpath("string(//title)").get() or ""
        if title.strip().lower().startswith("log in"):
            return True
        return _LOGIN_HOST in (self.own_url or "")

    def is_empty(self) -> bool:
        """Whether the page shows neither headline nor story text."""
        return not self.headline and not self.paragraphs

    def paywall_signs(self) -> list[str]:
        """Which signs of a copy cut for non-subscribers the page shows."""
        # JSON-LD isAccessibleForFree is false on every article, cut or not:
        # only signs that the text itself is missing count.
        signs = []
        body = self.sel.css("section[name=articleBody]") or self.columns
        hrefs = [href for part in body for href in part.css("a::attr(href)").getall()]
        if any(_SUBSCRIBE_HREF.match(href.strip()) for href in hrefs):
            signs.append("subscribe_link_in_body")
        if self.sel.xpath(_TRUNCATION_LOGIN):
            signs.append("truncation_login")
        gateway = self.sel.css("#gateway-content")
        if gateway and text_of(gateway[0]):
            signs.append("gateway")
        shown = sum(1 for part in self.column_parts if part.root.tag == "p")
        if self.columns and cut_short(shown, self.declared_paragraphs):
            signs.append("fewer_paragraphs_than_declared")
        return signs


def _capitals(text: str) -> int:
    """How many capital letters *text* has."""
    return sum(1 for char in text if char.isupper())


def _is_promotion(part: Selector) -> bool:
    """Whether a paragraph of the story is a set-off promotion, bracketed or not."""
    text = text_of(part)
    if text.startswith("[") and text.endswith("]"):
        return is_set_off(part)
    return is_promotion(part, text)


def _correction(box: Selector) -> list[str]:
    """A correction box's paragraphs, its label kept as the page shows it.

    A label that ends in a colon ("Correction:") leads the first paragraph;
    one with more in it ("Correction: January 14") is a line of its own.
    The print line is added a day later: it is no edit to the story.
    """
    # A 2012 correction nests its text's p in another (p > span > p): each
    # text once.
    paragraphs = [
        text
        for text in texts(box.xpath(".//p[not(.//p)]"))
        if not text.startswith(_PRINT_LINE)
    ]
    label = clean("".join(box.xpath(_LABEL_NODES).getall()))
    if not label:
        return paragraphs
    if label.endswith(":") and paragraphs:
        return [f"{label} {paragraphs[0]}", *paragraphs[1:]]
    return [label, *paragraphs]


def _count_paragraph_blocks(data: object) -> int:
    """ParagraphBlocks in an article's sprinkledBody, in either data layout."""
    if not isinstance(data, dict):
        return 0
    # 2020-21: a flat cache keyed "...Article:<id>.sprinkledBody.content.<n>".
    flat = _flat_blocks(data)
    if flat:
        return flat
    body = _find_key(data, "sprinkledBody", depth=0)
    if isinstance(body, dict) and isinstance(body.get("content"), list):
        return sum(
            1
            for block in body["content"]
            if isinstance(block, dict) and block.get("__typename") == "ParagraphBlock"
        )
    return 0


def _flat_blocks(data: dict) -> int:
    """ParagraphBlocks of a flat (normalised) cache, wherever the cache sits."""
    for cache in (data, data.get("initialState"), data.get("initialData")):
        if not isinstance(cache, dict):
            continue
        count = sum(
            1
            for key, value in cache.items()
            if isinstance(key, str)
            and _BLOCKS_KEY.search(key)
            and isinstance(value, dict)
            and value.get("__typename") == "ParagraphBlock"
        )
        if count:
            return count
    return 0


def _find_key(data: object, key: str, *, depth: int) -> object:
    """The first value under *key* in nested JSON, breadth first, or None."""
    level = [data]
    while level and depth < 8:
        following: list[object] = []
        for node in level:
            if isinstance(node, dict):
                if key in node:
                    return node[key]
                values: Iterable[object] = node.values()
            elif isinstance(node, list):
                values = node
            else:
                continue
            following.extend(v for v in values if isinstance(v, (dict, list)))
        level, depth = following, depth + 1
    return None


def _new_york_time(value: str) -> str | None:
    """A legacy YYYYMMDDhhmmss New York time as ISO 8601 with its offset."""
    if not _NY_COMPACT.fullmatch(value):
        return None
    moment = datetime.strptime(value, "%Y%m%d%H%M%S")
    return moment.replace(tzinfo=_NEW_YORK).isoformat()
