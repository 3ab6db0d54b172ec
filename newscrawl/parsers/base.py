"""The template every source parser fills in: an article page and its fields.

A source subclasses :class:`ArticlePage`, names itself (``source``,
``version``), declares its CSS selectors and overrides only the fields and
hooks its pages need; ``parse(url, html)`` then reads every field of
:data:`FIELDS`; bad markup never makes it raise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cached_property
from typing import ClassVar

from lxml import etree
from parsel import Selector

from newscrawl.discovery.urls import url_path
from newscrawl.items import ArticleItem
from newscrawl.parsers.dates import first_date
from newscrawl.parsers.jsonld import (
    article_object,
    is_live,
    json_ld,
    ld_authors,
    ld_str,
    ld_updates,
)
from newscrawl.parsers.page import (
    SOCIAL_EMBED,
    Page,
    canonical,
    css_texts,
    first_text,
    is_promotion,
    meta_tags,
    text_of,
)
from newscrawl.text.normalize import other_title

#: The item fields a parser reads, in order: each is a method of the page.
FIELDS = (
    "canonical_url",
    "title",
    "alt_title",
    "standfirst",
    "byline",
    "published",
    "modified",
    "section",
    "tags",
    "body",
    "page_type",
)

# What counts as body text by default is narrow: the container's own
# paragraphs, subheadings, list items and quotes. Figures, asides and the
# rest are skipped simply by not being selected.
# A list right after a picture without a caption of its own is that
# picture's caption: photo essays put each caption in a one-item list
# instead of a figcaption. A list after a captioned figure is text.
_AFTER_FIGURE = (
    "[not(preceding-sibling::*[1]"
    "[self::figure[(.//img or .//picture) and not(.//figcaption)]])]"
)
_BODY_PARTS = (
    f"./p | ./h2 | ./h3 | ./ul{_AFTER_FIGURE}/li | ./ol{_AFTER_FIGURE}/li"
    f" | ./blockquote[not({SOCIAL_EMBED})]"
)


class ArticlePage(Page):
    """A news site's article page: each item field, read with common defaults."""

    #: The source's name, stored on every item.
    source: ClassVar[str] = ""
    #: The parser's version: raise it when a change alters what is extracted.
    version: ClassVar[int] = 0

    #: CSS selectors of the visible standfirst, most specific first.
    standfirsts: Sequence[str] = ()
    #: CSS selectors of the visible byline, most specific first.
    bylines: Sequence[str] = ()
    #: CSS selectors of the visible section name, most specific first.
    sections: Sequence[str] = ()
    #: CSS selectors of the visible tags, one element a tag, most specific first.
    topics: Sequence[str] = ()
    #: What the site appends to og:title (" - Site"), left out of the title.
    title_suffix: str = ""
    #: A pattern a live blog's URL path matches (searched), or None for none.
    live_path: re.Pattern[str] | None = None
    #: CSS selector of markup only live blogs carry.
    live_markup: str = ""
    #: XPath of a consent, sign-in or paywall wall standing in for the article.
    gates: str = ""
    #: Whether the body may be split over several matches of :attr:`bodies`
    #: (older templates put adverts and boxes between its parts).
    split_body: bool = False

    @classmethod
    def parse(cls, url: str, html: str | bytes) -> ArticleItem:
        """Return what the page says about its article; bad markup never raises."""
        item = ArticleItem(url=url, source=cls.source, parser_version=str(cls.version))
        return fill(item, lambda: cls(url, html))

    # -- what the fields are read from -----------------------------------------

    @cached_property
    def ld(self) -> list[dict]:
        """Every JSON-LD object on the page, flattened."""
        return json_ld(self.sel)

    @cached_property
    def article_ld(self) -> dict:
        """The JSON-LD object describing the article, or an empty dict."""
        return article_object(self.ld)

    @cached_property
    def own_url(self) -> str | None:
        """The page's canonical URL (read once: is_liveblog needs it too)."""
        return canonical(self)

    @cached_property
    def paragraphs(self) -> list[str]:
        """The article text, one string per paragraph."""
        if self.body_container is None:
            return []
        if not self.split_body:
            return self.paragraphs_in(self.body_container)
        return [
            text
            for container in self.body_containers
            for text in self.paragraphs_in(container)
        ]

    def paragraphs_in(self, container: Selector) -> list[str]:
        """Paragraph texts of the body container: its own text elements."""
        found: list[str] = []
        for part in container.xpath(_BODY_PARTS):
            # A note (a skip link's target, the meter's message) is no text.
            if part.attrib.get("role") == "note" or is_promotion(part):
                continue
            inner = part.xpath("./p") if part.root.tag == "blockquote" else []
            found.extend(text_of(p) for p in inner or [part])
        return [text for text in found if text]

    @cached_property
    def is_liveblog(self) -> bool:
        """Whether the page is a live blog: by its URL paths, JSON-LD or markup."""
        if self.live_path is not None:
            paths = [url_path(self.url), url_path(self.own_url or "")]
            if any(self.live_path.search(path) for path in paths):
                return True
        if is_live(self.ld):
            return True
        return bool(self.live_markup) and bool(self.sel.css(self.live_markup))

    # -- the fields -----------------------------------------------------------

    def canonical_url(self) -> str | None:
        """link[rel=canonical], else og:url."""
        return self.own_url

    def title(self) -> str:
        """Visible headline, else JSON-LD headline, else og:title."""
        return (
            self.headline
            or ld_str(self.article_ld, "headline")
            or self.meta("og:title").removesuffix(self.title_suffix)
        )

    def alt_title(self, title: str) -> str | None:
        """The first wording of :meth:`headline_data` that differs from *title*."""
        for wording in self.headline_data():
            other = other_title(title, wording)
            if other:
                return other
        return None

    def headline_data(self) -> Sequence[str]:
        """The headline wordings the page's data gives, in the source's order."""
        return (
            ld_str(self.article_ld, "headline"),
            self.meta("og:title").removesuffix(self.title_suffix),
        )

    def standfirst(self) -> str:
        """The visible standfirst."""
        return first_text(self.sel, self.standfirsts)

    def byline(self) -> str:
        """The visible byline, else the JSON-LD authors."""
        return first_text(self.sel, self.bylines) or ld_authors(self.article_ld)

    def published(self) -> datetime | None:
        """When the article was first published."""
        return self.date("datePublished", ("article:published_time",))

    def modified(self) -> datetime | None:
        """When the article was last modified."""
        return self.date("dateModified", ("article:modified_time",))

    def section(self) -> str:
        """The article:section meta, else the visible section."""
        return self.meta("article:section") or first_text(self.sel, self.sections)

    def tags(self) -> list[str]:
        """The visible tags, else article:tag or keywords."""
        return self.shown_tags() or meta_tags(self)

    def body(self) -> list[str]:
        """The article text, or a live blog's updates."""
        if self.is_liveblog:
            return self.live_updates() or self.paragraphs
        return self.paragraphs

    def page_type(self) -> str:
        """What the page is: paywall, liveblog, interstitial, other or article."""
        if self.paywall_signs():
            return "paywall"
        if self.is_liveblog:
            return "liveblog"
        # A gate with no article text is a wall even when a headline shows: its
        # empty body must not be taken for the article's.
        if self.is_gate():
            return "interstitial"
        if self.is_empty():
            return "other"
        return "article"

    # -- hooks the fields use -------------------------------------------------

    def date(
        self, ld_key: str, meta_keys: Sequence[str], *extra: object
    ) -> datetime | None:
        """The first readable date among JSON-LD, <meta> and the given values."""
        metas = [self.meta(key) for key in meta_keys]
        return first_date([self.article_ld.get(ld_key), *metas, *extra])

    def shown_tags(self) -> list[str]:
        """The tags :attr:`topics` shows, duplicates left out."""
        for css in self.topics:
            found = css_texts(self.sel, css)
            if found:
                return list(dict.fromkeys(found))
        return []

    def live_updates(self) -> list[str]:
        """Each live blog update's text, in page order: JSON-LD's."""
        return ld_updates(self.ld)

    def paywall_signs(self) -> list[str]:
        """Names of the signs of a copy cut for non-subscribers the page shows."""
        return []

    def is_gate(self) -> bool:
        """Whether a wall of :attr:`gates` stands in for the article text."""
        if not self.gates or self.paragraphs:
            return False
        return bool(self.sel.xpath(self.gates))

    def is_empty(self) -> bool:
        """Whether the page shows no article: neither headline nor body container."""
        return not self.headline and self.body_container is None


#: What reading a field of a garbled page can raise: an element or a key that
#: is not there, a value of another type, a tree too deep, text lxml cannot
#: take. Anything else (ImportError, NameError, MemoryError...) is a bug or a
#: broken installation: it goes up, and the crawl stops and says so, rather
#: than reading every page as empty.
MARKUP_ERRORS: tuple[type[Exception], ...] = (
    AttributeError,
    LookupError,
    TypeError,
    ValueError,
    RecursionError,
    etree.Error,
)


def fill(item: ArticleItem, make_page: Callable[[], ArticlePage]) -> ArticleItem:
    """Fill *item* field by field from the page *make_page* builds.

    Junk input gives an ``other`` item, and a field that garbled markup makes
    fail is left empty; only errors that no markup causes are raised.
    """
    try:
        page = make_page()
    except MARKUP_ERRORS:  # the caller wants an item for any input, even junk
        item.page_type = "other"
        return item
    for name in FIELDS:
        try:
            if name == "alt_title":
                # Told the title read rather than reading it again.
                value = page.alt_title(item.title)
            else:
                value = getattr(page, name)()
            setattr(item, name, value)
        except MARKUP_ERRORS:  # one garbled field must not cost the others
            continue
    return item


def cut_short(shown: int, expected: int, *, ratio: float = 0.75) -> bool:
    """Whether a page shows clearly less than the total it declares for itself.

    *shown* and *expected* count the same thing (paragraphs, words): what the
    page's HTML carries and what its own data says the article holds. Real
    full pages stay within a few percent of their declared totals, so only a
    shortfall beyond *ratio* counts as a copy cut short.
    """
    return expected > 0 and shown < expected * ratio
