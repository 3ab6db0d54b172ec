"""Parse a politico.com page (story-text, 2016, legacy or newsletter markup)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from functools import cached_property

from parsel import Selector

from newscrawl.discovery.urls import url_path
from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage
from newscrawl.parsers.dates import parse_date, us_eastern_to_utc
from newscrawl.parsers.jsonld import ld_authors, ld_str
from newscrawl.parsers.page import (
    canonical,
    clean,
    css_found,
    css_texts,
    first_match,
    first_text,
    first_trimmed,
    node_texts,
    without_by,
    xpath_found,
)

PARSER_VERSION = 3

# Visible headlines, newest markup first. On 2019-2022 pages the h1 is the
# POLITICO logo and the headline an h2, so a bare "first h1" is never used.
_HEADLINES = (
    ".media-item__summary h1.headline",
    ".media-item__summary h2.headline",
    ".summary-header .headline",
    "article.story-main-content .story-intro .summary header h1",
    ".story-intro .summary header h1",
)
_DEKS = (".media-item__summary p.dek", "p.dek", ".story-intro p.subhead")
_SECTIONS = (
    ".summary-header p.category a",
    ".summary-header p.category",
    ".story-intro p.category a",
    ".story-intro p.category",
)
_TAGS = ".story-tags li.story-tags__list-item a"
# Where the article is: 2016 pages carry sidebars full of other stories'
# bylines and times, so every selector is scoped to the story.
_SCOPES = ("article.story-main-content",)

# Body parts of one div.story-text block, in page order: classed story
# paragraphs and subheads wherever they sit in the block (outside asides and
# the story-meta box), and the bare p/h3 children of 2016 and newsletter
# blocks. Photo credits, bylines, ads, related cards, pull quotes, tags and
# newsletter promos are never selected.
_OUTSIDE_NOISE = (
    "[not(ancestor::aside or ancestor::figure"
    " or ancestor::*[contains(@class, 'story-meta')])]"
)
_STORY_PARTS = (
    f".//p[contains(@class, 'story-text__paragraph')]{_OUTSIDE_NOISE}"
    f" | .//h3[contains(@class, 'story-text__heading')]{_OUTSIDE_NOISE}"
    " | ./p[not(@class)] | ./h3[not(@class)]"
    " | ./header[contains(@class, 'block-p-header')]//h2"
)
# Blocks that sit inside asides or supplements are not the story's text.
_STORY_BLOCKS = (
    ".//div[contains(concat(' ', normalize-space(@class), ' '), ' story-text ')]"
    "[not(ancestor::aside or ancestor::*[contains(@class, 'story-supplement')"
    " or contains(@class, 'below-story-text')])]"
)
_CHALLENGE = "#challenge-form, #challenge-running, #challenge-stage, #cf-wrapper"
_CHALLENGE_TITLE = re.compile(r"^just a moment\b", re.IGNORECASE)
# Visible times: "01/20/2025 06:00 PM EST" (2019 on), "10/04/16 05:07 AM EDT"
# (2016), "10/9/10 7:15 AM EDT" (legacy byline).
_VISIBLE_TIME = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{2,4})\s+(\d{1,2}):(\d{2})\s*([AP])\.?M\.?",
    re.IGNORECASE,
)
_LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?")
_TITLE_SUFFIX = re.compile(r"\s+-\s+POLITICO(?:\.com)?\s*$", re.IGNORECASE)


def parse(url: str, html: str | bytes) -> ArticleItem:
    """Return what a Politico page says about its article; bad markup never raises."""
    return PoliticoPage.parse(url, html)


class PoliticoPage(ArticlePage):
    """A politico.com page."""

    source = "politico"
    version = PARSER_VERSION
    headlines = _HEADLINES
    sections = _SECTIONS

    @cached_property
    def story(self) -> Selector:
        """The element holding the story and nothing else of interest."""
        found = first_match(self.sel, _SCOPES)
        return self.sel if found is None else found

    @cached_property
    def blocks(self) -> list[Selector]:
        """The story's div.story-text blocks (the text is split around ads)."""
        return list(self.story.xpath(_STORY_BLOCKS))

    @cached_property
    def paragraphs(self) -> list[str]:
        """The article text, one string per paragraph."""
        return node_texts(
            part for block in self.blocks for part in xpath_found(block, _STORY_PARTS)
        )

    @cached_property
    def own_url(self) -> str | None:
        """link[rel=canonical]; og:url is a politi.co short link on some pages."""
        return canonical(self, og_url=False)

    @cached_property
    def is_liveblog(self) -> bool:
        """Whether the page is a live updates page, by its path."""
        return url_path(self.url).startswith("/live-updates/")

    @cached_property
    def head_title(self) -> str:
        """The text of the page's <title> in <head> (read once: two fields need it)."""
        return first_text(self.sel, ["head title"])

    @cached_property
    def is_challenge(self) -> bool:
        """Whether the page is Cloudflare's "Just a moment..." check, no article."""
        title = self.head_title or first_text(self.sel, ["title"])
        return bool(_CHALLENGE_TITLE.match(title) or self.sel.css(_CHALLENGE))

    def title(self) -> str:
        """Visible headline, else og:title, JSON-LD or <title> less the site's words.

        Legacy <title>s name the authors too: "Headline - A & B - POLITICO.com".
        """
        values = (
            self.meta("og:title"),
            ld_str(self.article_ld, "headline"),
            self.head_title,
        )
        found = self.headline or first_trimmed(values, _TITLE_SUFFIX)
        author = self.meta("author")
        return found.removesuffix(f" - {author}") if author else found

    def headline_data(self) -> Sequence[str]:
        """og:title, then JSON-LD headline, each without " - POLITICO"."""
        return tuple(
            _TITLE_SUFFIX.sub("", value)
            for value in (self.meta("og:title"), ld_str(self.article_ld, "headline"))
        )

    def standfirst(self) -> str:
        """The dek under the headline, else the description."""
        return first_text(self.story, _DEKS) or self.meta("description")

    def byline(self) -> str:
        """The visible byline without "By "; newsletters name authors in meta."""
        story = self.story
        visible = first_text(
            story, ["p.story-meta__authors", "footer.meta p.byline", "div.byline"]
        )
        # Legacy bylines run on into the time: "By A & B | 10/9/10 7:15 AM EDT".
        visible = without_by(visible.split(" | ")[0]).strip()
        if visible:
            return visible
        names = [
            clean(name)
            for name in css_found(
                story, "[itemprop=author] meta[itemprop=name]::attr(content)"
            )
            if clean(name)
        ]
        if names:
            return " and ".join(names)
        return ld_authors(self.article_ld) or without_by(self.meta("author"))

    def published(self) -> datetime | None:
        """When the article was first published."""
        story = self.story
        from_ld = parse_date(self.article_ld.get("datePublished"))
        if from_ld is not None:
            return from_ld
        current = next(
            iter(css_found(story, "p.story-meta__timestamp time::attr(datetime)")), None
        )
        if current:
            moment = _eastern(current)
            if moment is not None:
                return moment
        # 2016 datetime attributes put PM times 12 hours early: read the text.
        for css in ("p.story-meta__timestamp time", "footer.meta p.timestamp time"):
            moment = _visible_eastern(first_text(story, [css]))
            if moment is not None:
                return moment
        # Legacy pages: a publish_date meta, else the time in the byline.
        legacy = parse_date(self.meta("publish_date"))
        if legacy is not None:
            return legacy
        return _visible_eastern(first_text(story, ["div.byline"]))

    def modified(self) -> datetime | None:
        """When the article was last modified (JSON-LD only)."""
        return self.date("dateModified", ())

    def section(self) -> str:
        """The category shown above the headline ("White House")."""
        return first_text(self.sel, self.sections)

    def tags(self) -> list[str]:
        """The "Filed under" topics."""
        return css_texts(self.story, _TAGS)

    def body(self) -> list[str]:
        """The article text (a newsletter's sections and items included)."""
        return self.paragraphs

    def page_type(self) -> str:
        """What kind of page this is: article, liveblog, interstitial or other.

        JSON-LD calls even free articles not free (isAccessibleForFree false on
        "#main"), so it is no sign of a paywall; Politico Pro lives on another
        host the spider never follows.
        """
        if self.is_challenge:
            return "interstitial"
        if not self.headline and not self.blocks:
            return "other"
        if self.is_liveblog:
            return "liveblog"
        return "article"


def _eastern(value: str) -> datetime | None:
    """A local "YYYY-MM-DD HH:MM[:SS]" time (US Eastern, no offset) in UTC."""
    value = value.strip()
    if not _LOCAL_TIME.fullmatch(value):
        # It has an offset (or is no date): read it as it is.
        return parse_date(value)
    moment = parse_date(value)
    return us_eastern_to_utc(moment) if moment is not None else None


def _visible_eastern(text: str) -> datetime | None:
    """A visible "MM/DD/YY[YY] HH:MM AM/PM" time, US Eastern, in UTC."""
    match = _VISIBLE_TIME.search(text)
    if match is None:
        return None
    month, day, year, hour, minute, half = match.groups()
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    hour_24 = int(hour) % 12 + (12 if half.upper() == "P" else 0)
    try:
        local = datetime(full_year, int(month), int(day), hour_24, int(minute))
    except ValueError:
        return None
    return us_eastern_to_utc(local)
