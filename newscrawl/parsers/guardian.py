"""Parse a Guardian page (DCR, frontend, guardian.co.uk or Guardian Unlimited
markup) into an item."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from lxml import etree
from parsel import Selector

from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage
from newscrawl.parsers.dates import first_date, named_date, uk_to_utc
from newscrawl.parsers.page import INLINE_TAGS, clean, element_text, texts

PARSER_VERSION = 3

# Visible headlines, newest markup first. Other h1s exist on frontend pages
# (site name, rich-link titles), so a bare "first h1" is never used.
_HEADLINES = (
    "[data-gu-name=headline] h1",
    "h1.content__headline[itemprop=headline]",
    "h1.content__headline",
    "h1[itemprop=headline]",
    "h1[articleprop=headline]",
    "#main-article-info h1",
    "div#GuardianArticle > h1",
    # Agency copy of 2007-08 (/feedarticle, feedstory pages).
    "div#article-header > h1#heading-alone",
    "div.newsml-title",
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
    # guardian.co.uk 2011-13: a list of the article's attributes.
    "ul.article-attributes li.byline",
    # A page whose byline lost its data-component (some 2025 pages as saved).
    "address:has(a[rel=author])",
)
_BODIES = (
    "[data-gu-name=body] div.article-body-commercial-selector",
    "div.article-body-commercial-selector",
    "div.article-body-viewer-selector",
    "div.content__article-body",
    "[itemprop=articleBody]",
    "#article-body-blocks",
    "div#GuardianArticleBody",
    # Agency copy of 2007-08: a div per paragraph.
    "div#article-header ~ div#content",
    "div.newsml-body",
)
_SECTIONS = ('a[data-link-name="article section"]', ".content__section-label a")

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
# Guardian Unlimited (2001-08): div#GuardianArticle holds the h1, the
# standfirst (a font of size 3, its points split by <br>), a font of size 2
# whose bold lines are the byline (when there is one), the day and the paper
# ("Thursday January 10, 2008", "The Guardian"), and div#GuardianArticleBody,
# whose paragraphs <P> separates instead of wrapping: the first is the div's
# own text, and the one after the ad is the ad's tail.
_GU_STANDFIRST = "div#GuardianArticle > font[size='3']"
_GU_SIGNATURE = "div#GuardianArticle > font[size='2'] > b"
_GU_BODY_ID = "GuardianArticleBody"
_GU_DAY = re.compile(
    r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day ([A-Z][a-z]+) (\d{1,2}),? (\d{4})$"
)
# guardian.co.uk pages before 2014 carry non-ISO values like 2012-01-27T12:58GMT.
_OLD_PUBDATE = "time[pubdate]::attr(datetime)"
_LIVE_BLOCKS = (
    "//*[@id='liveblog-body']//article[starts-with(@id, 'block-')]"
    "[not(ancestor::*[@id='pinned-post'])]"
)


def parse(url: str, html: str | bytes) -> ArticleItem:
    """Return what a Guardian page says about its article; bad markup never raises."""
    return GuardianPage.parse(url, html)


class GuardianPage(ArticlePage):
    """A Guardian page."""

    source = "guardian"
    version = PARSER_VERSION
    headlines = _HEADLINES
    bodies = _BODIES
    bylines = _BYLINES
    sections = _SECTIONS
    live_path = re.compile(r"/live/")
    live_markup = "#liveblog-body"
    gates = _GATES

    def paragraphs_in(self, container: Selector) -> list[str]:
        """Paragraph texts of a body container, noise left out."""
        if container.root.get("id") == _GU_BODY_ID:
            return _separated_paragraphs(container.root)
        if (
            container.root.get("id") == "content"
            or "newsml-body" in (container.root.get("class") or "").split()
        ):
            return texts(container.xpath("./div"))
        # Unknown wrapper markup: take any paragraph that is not noise.
        return super().paragraphs_in(container) or texts(container.xpath(_TEXT_PARTS))

    def standfirst(self) -> str:
        """The standfirst paragraphs, without any list of links after them."""
        for css in _STANDFIRSTS:
            for box in self.sel.css(css):
                # Immersive pages credit their authors in a paragraph of the
                # standfirst ("by <author> (reporting) and ..."): not its words.
                paras = box.xpath(
                    ".//p[not(ancestor::ul or ancestor::ol)]"
                    "[not(.//*[@itemprop='author'])]"
                )
                text = " ".join(texts(paras))
                if not paras:
                    nodes = box.xpath(
                        ".//text()[not(ancestor::ul or ancestor::ol"
                        " or ancestor::script or ancestor::style)]"
                    ).getall()
                    text = clean("".join(nodes))
                if text:
                    return text
        for font in self.sel.css(_GU_STANDFIRST)[:1]:
            return " ".join(_lines(font.root))
        return ""

    def byline(self) -> str:
        """The visible byline; else JSON-LD authors; else a non-URL meta author."""
        # Visible first: on agency copy JSON-LD names a placeholder author.
        found = super().byline() or " ".join(_gu_signature(self)[0])
        if found:
            return found
        for key in ("article:author", "author"):
            value = self.meta(key)
            # article:author holds profile URLs on staff pieces.
            if value and "://" not in value and not value.startswith("www."):
                return value
        return ""

    def published(self) -> datetime | None:
        """When the article was first published."""
        return _date(
            self, "datePublished", "article:published_time", _OLD_PUBDATE
        ) or _gu_day(self)

    def modified(self) -> datetime | None:
        """When the article was last modified."""
        return _date(self, "dateModified", "article:modified_time")

    def live_updates(self) -> list[str]:
        """Text of each live blog update, in page order."""
        sel = self.sel
        blocks = sel.xpath(_LIVE_BLOCKS) or sel.css("[itemprop=liveBlogUpdate]")
        updates = []
        for block in blocks:
            root = block.css(".block-elements") or [block]
            text = " ".join(texts(root[0].xpath(_TEXT_PARTS)))
            if text:
                updates.append(text)
        # Without blocks in the HTML, JSON-LD still has each update's plain text.
        return updates or super().live_updates()


def _lines(element: etree._Element) -> list[str]:
    """The non-empty lines of an element whose text <br> breaks."""
    lines, line = [], [element.text or ""]
    for child in element:
        if child.tag == "br":
            lines.append(clean("".join(line)))
            line = []
        elif isinstance(child.tag, str):
            line.append(element_text(child))
        line.append(child.tail or "")
    lines.append(clean("".join(line)))
    return [text for text in lines if text]


def _separated_paragraphs(body: etree._Element) -> list[str]:
    """Paragraphs that <P> separates: the box's own text, each p, and the text
    after any other block (an ad, a script, a line break)."""
    found: list[str] = []
    current = [body.text or ""]
    for child in body:
        if not isinstance(child.tag, str):  # a comment: its tail runs on
            current.append(child.tail or "")
        elif child.tag in INLINE_TAGS:
            current += [element_text(child), child.tail or ""]
        else:
            found.append(clean("".join(current)))
            if child.tag == "p":
                found.append(element_text(child))
            current = [child.tail or ""]
    found.append(clean("".join(current)))
    return [text for text in found if text]


def _gu_signature(page: GuardianPage) -> tuple[list[str], str]:
    """A Guardian Unlimited page's byline lines and its day line ("" if none)."""
    for bold in page.sel.css(_GU_SIGNATURE)[:1]:
        lines = _lines(bold.root)
        for index, line in enumerate(lines):
            if _GU_DAY.match(line):
                return lines[:index], line
    return [], ""


def _gu_day(page: GuardianPage) -> datetime | None:
    """The day a Guardian Unlimited page gives, from midnight in London."""
    match = _GU_DAY.match(_gu_signature(page)[1])
    day = named_date(match[3], match[1], match[2]) if match else None
    return uk_to_utc(day) if day else None


def _date(
    page: GuardianPage, ld_key: str, meta_key: str, *extra: str
) -> datetime | None:
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
