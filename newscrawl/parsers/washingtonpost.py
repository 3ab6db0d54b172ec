"""Parse a Washington Post page (Arc, PageBuilder or Methode markup) into an item."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from functools import cached_property

from parsel import Selector

from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage, cut_short
from newscrawl.parsers.jsonld import ld_authors, ld_list, ld_str
from newscrawl.parsers.page import (
    SOCIAL_EMBED,
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
from newscrawl.parsers.scripts import dig, js_value
from newscrawl.text.normalize import word_count

PARSER_VERSION = 3

# Visible headlines, newest markup first: Arc (2019+), PageBuilder, Methode.
# <title> and JSON-LD alternativeHeadline carry a different SEO headline.
_HEADLINES = (
    "h1[data-qa=headline]",
    "h1[data-testid=headline]",
    "#topper-headline-wrapper h1",
    "h1[itemprop=headline]",
    'h1[property="dc.title"]',
    "#article-topper h1",
    # wp-dyn (2004-08) and the blogs (WordPress, 2008-14); the first h1 of a
    # blog page is the blog's name.
    "div#article h1",
    "article.post h1.entry-title",
)
_DEKS = ("h2[data-qa=subheadline]",)
# One element per author, newest markup first: 2025, 2024, 2019-20, PB
# (2015-19 with itemprop, 2014-15 the links of a plain span).
_AUTHORS = (
    "[data-testid=article-byline] [data-testid=author-name-with-optional-link]",
    "[data-qa=author-byline] a[data-qa=author-name]",
    "a[data-qa=author-name]",
    "div[data-qa=byline] a.author-name-link",
    "span.pb-byline[itemprop=author] span[itemprop=name]",
    "div.pb-sig-line span.pb-byline a",
    ".pb-author-name",
)
# Arc 2024+: one div per paragraph, some inside the metered teaser.
_ARC_PARAGRAPHS = "div[data-qa=article-body]"
# Containers: the metered block itself (should the per-paragraph divs go),
# then Fusion 2019-20, PageBuilder, early PB, Methode, wp-dyn, the blogs.
# Methode pages split the story over two or more div.article_body with a
# video box and the side rail between: every match of the first selector
# that matches is read.
_BODIES = (
    "div.meteredContent",
    "div.article-body",
    "article[itemprop=articleBody]",
    "div#article-body > article",
    "div.article_body article",
    # wp-dyn 2004-08: the first paragraph in div#article_body, the rest in its
    # div#body_after_content_column; the blogs, 2008-14.
    "div#article_body",
    "article.post div.entry-content",
)
# Elements inside the body containers whose text is not story text.
_NOISE = (
    f"{SOCIAL_EMBED} or self::figure or self::figcaption or self::aside or self::script"
    " or self::style or self::form or self::nav or self::button"
    " or @data-qa='interstitial-link' or @data-qa='subscribe-promo'"
    " or @data-qa='article-body-ad' or @data-qa='link-box'"
    " or @data-qa='newsletter' or @data-qa='article-actions'"
    " or @data-qa='lede-art' or starts-with(@data-testid, 'article-body-ad')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' interstitial-link ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' pin-and-stack ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' inline-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' wp-ad ')"
    # wp-dyn: the story's links box, a picture's table beside the text.
    " or contains(@class, 'story-navigation-vertical-wrapper')"
    " or @id='contentColumn'"
)
# Text: paragraphs, subheads (h2-h4; div.subhead on 2014-19 pages), list
# items and quotes.
_TEXT_PARTS = (
    ".//*[self::p[not(ancestor::li)] or self::h2 or self::h3 or self::h4"
    " or self::li or self::blockquote[not(.//p)]"
    " or self::div[contains(concat(' ', normalize-space(@class), ' '), ' subhead ')]]"
    f"[not(ancestor-or-self::*[{_NOISE}])]"
)
# 2014-19 stories end with a bold "Read more:" ("Read more from <section>:")
# and a paragraph per link to other stories: not the story's text.
_READ_MORE = re.compile(r"^read more\b[^:]{0,60}:$", re.IGNORECASE)
# PageBuilder's fixed "-500" offset: one hour digit too few for ISO 8601.
_SHORT_OFFSET = re.compile(r"([+-])(\d)(\d{2})$")
_FUSION = "Fusion.globalContent"


def parse(url: str, html: str | bytes) -> ArticleItem:
    """Return what a Washington Post page says; bad markup never raises."""
    return WashingtonPostPage.parse(url, html)


def paywall_signs(url: str, html: str | bytes) -> list[str]:
    """Names of the signs of a copy cut for non-subscribers that a page shows."""
    return WashingtonPostPage(url, html).paywall_signs()


class WashingtonPostPage(ArticlePage):
    """A Washington Post page."""

    source = "washingtonpost"
    version = PARSER_VERSION
    headlines = _HEADLINES
    bodies = _BODIES
    standfirsts = _DEKS
    live_path = re.compile(r"live-updates")

    @cached_property
    def ans(self) -> dict:
        """The story as Arc ANS JSON (Next.js or Fusion pages), or an empty dict."""
        raw = self.sel.css("script#__NEXT_DATA__::text").get()
        if raw:
            try:
                data = json.loads(raw, strict=False)
            except (ValueError, RecursionError):
                data = None
            content = dig(data, "props", "pageProps", "globalContent")
            if isinstance(content, dict):
                return content
        # Python finds the marker in a script's text faster than XPath's
        # contains(), which walks every script of the page (some 100 KB).
        for script in self.sel.root.iter("script"):
            if script.text and _FUSION in script.text:
                content = js_value(script.text, _FUSION)
                if isinstance(content, dict):
                    return content
        return {}

    @cached_property
    def body_texts(self) -> list[tuple[Selector, str]]:
        """The story's text elements and their texts, in page order."""
        containers = list(self.sel.css(_ARC_PARAGRAPHS)) or self.body_containers
        found = []
        for box in containers:
            for part in box.xpath(_TEXT_PARTS):
                # Each text read once, for the promotion test and the story.
                text = text_of(part)
                if not is_promotion(part, text):
                    found.append((part, text))
        return _without_read_more(found)

    @cached_property
    def body_parts(self) -> list[Selector]:
        """The story's text elements, in page order."""
        return [part for part, _ in self.body_texts]

    @cached_property
    def paragraphs(self) -> list[str]:
        """The story text, one string per paragraph."""
        return [text for _, text in self.body_texts if text]

    def _ans_str(self, *keys: str) -> str:
        """A string of the ANS story at that path of keys, or ""."""
        value = dig(self.ans, *keys)
        return clean(value) if isinstance(value, str) else ""

    def title(self) -> str:
        """Visible headline, else ANS/JSON-LD headline, else og:title."""
        return self.headline or self._ans_str("headlines", "basic") or super().title()

    def headline_data(self) -> Sequence[str]:
        """ANS headlines.basic, JSON-LD headline, og:title, then the SEO wording."""
        return (
            self._ans_str("headlines", "basic"),
            *super().headline_data(),
            ld_str(self.article_ld, "alternativeHeadline"),
        )

    def byline(self) -> str:
        """Visible author names joined, else ANS credits, JSON-LD, DC.creator."""
        for css in _AUTHORS:
            names = texts(self.sel.css(css))
            if names:
                return join_names(names)
        credits = ld_list(dig(self.ans, "credits", "by"))
        names = [
            clean(c["name"]) for c in credits if isinstance(c, dict) and c.get("name")
        ]
        if names:
            return join_names([name for name in names if isinstance(name, str)])
        # meta[property=author] holds Facebook profile URLs, never a name.
        return (
            ld_authors(self.article_ld)
            or self.meta("DC.creator")
            # wp-dyn (2004-08): "By T.R. Reid", the whole line.
            or without_by(first_text(self.sel, ["div#article div#byline"]))
        )

    def published(self) -> datetime | None:
        """When the story was first published (ANS publish_date is the latest one)."""
        metas = ("article:published_time",)
        return self.date("datePublished", metas, dig(self.ans, "first_publish_date"))

    def modified(self) -> datetime | None:
        """When the story was last updated."""
        pb_time = self.sel.css(
            "span.pb-timestamp[itemprop=datePublished]::attr(content)"
        )
        return self.date(
            "dateModified",
            ("article:modified_time",),
            dig(self.ans, "last_updated_date"),
            # PageBuilder's "datePublished" is in fact the last update.
            _pb_time(pb_time.get()),
        )

    def section(self) -> str:
        """The section's name ("Politics")."""
        return (
            self.meta("article:section")
            or self._ans_str("taxonomy", "primary_section", "name")
            or ld_str(self.article_ld, "articleSection")
            or self.meta("section")
        )

    def tags(self) -> list[str]:
        """ANS taxonomy tags, else the keywords metas."""
        tags = [
            clean(tag["text"])
            for tag in ld_list(dig(self.ans, "taxonomy", "tags"))
            if isinstance(tag, dict) and isinstance(tag.get("text"), str)
        ]
        if any(tags):
            return [tag for tag in tags if tag]
        sel = self.sel
        return split_tags(
            sel.css("meta[name=keywords]::attr(content)").getall()
            or sel.css("meta[name=news_keywords]::attr(content)").getall()
        )

    def body(self) -> list[str]:
        """The story text; corrections lead it, as on the page."""
        return self.paragraphs

    def is_empty(self) -> bool:
        """Whether the page shows neither headline nor story text."""
        return not self.headline and not self.paragraphs

    def paywall_signs(self) -> list[str]:
        """Which signs of a copy cut for non-subscribers the page shows."""
        # JSON-LD isAccessibleForFree is false on every story, cut or not: only
        # signs that the text itself is missing count.
        signs = []
        elements = ld_list(self.ans.get("content_elements"))
        declared = sum(
            1 for el in elements if isinstance(el, dict) and el.get("type") == "text"
        )
        shown = sum(1 for part in self.body_parts if part.root.tag == "p")
        if cut_short(shown, declared):
            signs.append("fewer_paragraphs_than_declared")
        words = dig(self.ans, "planning", "story_length", "word_count_actual")
        if isinstance(words, int) and cut_short(word_count(self.paragraphs), words):
            signs.append("fewer_words_than_declared")
        # Without the story's data, the teaser alone is the only sign left.
        if not declared and _teaser_only(self):
            signs.append("teaser_only")
        return signs


def _without_read_more(
    found: list[tuple[Selector, str]],
) -> list[tuple[Selector, str]]:
    """The story's texts less a closing "Read more:" label and its links."""
    for index, (part, text) in enumerate(found):
        if (
            _READ_MORE.match(text)
            and is_set_off(part)
            and all(_is_one_link(link, words) for link, words in found[index + 1 :])
        ):
            return found[:index]
    return found


def _is_one_link(part: Selector, text: str) -> bool:
    """Whether a paragraph is a single link and nothing else."""
    links = part.xpath(".//a")
    return len(links) == 1 and text_of(links[0]) == text


def _pb_time(value: str | None) -> str | None:
    """A PageBuilder timestamp with its "-500" offset made ISO ("-0500")."""
    return _SHORT_OFFSET.sub(r"\g<1>0\2\3", value.strip()) if value else None


def _teaser_only(page: WashingtonPostPage) -> bool:
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
