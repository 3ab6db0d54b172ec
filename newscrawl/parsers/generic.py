"""Parse any news site's page: the user's CSS selectors, else trafilatura.

A site added through the sources file (or ``scrapy crawl generic``) may name
CSS selectors for its title, body, standfirst and byline, and for elements to
leave out. A field without a selector is read from what most news pages
carry: JSON-LD and ``<meta>`` for the title, standfirst, byline, dates,
section and tags, and trafilatura (chosen by ``benchmarks/extractors.py``)
for the body.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version

from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage, fill
from newscrawl.parsers.jsonld import ld_authors, ld_first_str, ld_list, ld_str
from newscrawl.parsers.page import (
    clean,
    decode,
    first_text,
    split_tags,
    text_of,
    texts,
    without_by,
)

PARSER_VERSION = 1
SOURCE = "generic"

# Body parts inside a selected body container; the same narrow set as the
# Guardian's: paragraphs, subheadings, list items and quotes.
_PARTS = (
    "self::p or self::h2 or self::h3 or self::h4 or self::li"
    " or self::blockquote[not(.//p)]"
)
# Elements whose text is never article text, wherever they sit.
_NOISE = (
    "self::figure or self::figcaption or self::aside or self::nav or self::form"
    " or self::header or self::footer or self::script or self::style"
    " or self::noscript or self::button or self::iframe or self::template"
    " or self::svg"
)
_BODY_PARTS = f".//*[{_PARTS}][not(ancestor-or-self::*[{_NOISE}])]"

# Boxes that most sites mark with these words in a class or id: newsletter
# sign-ups, share bars, related links, comments, ads. trafilatura drops many
# of them itself, but not all (benchmarks/README.md). A box that holds the
# page's h1 or more than three paragraphs is kept: it is the article or its
# wrapper, whatever its class says ("comments-open", "has-ads").
_BOILERPLATE_WORDS = (
    "newsletter",
    "signup",
    "subscribe",
    "promo",
    "related",
    "share",
    "sharing",
    "social",
    "comments",
    "advert",
    "ad",
    "ads",
)


def _word_test(attribute: str, word: str) -> str:
    return f"contains(concat(' ', translate({attribute}, '-_', '  '), ' '), ' {word} ')"


_BOILERPLATE = (
    "//*[not(self::html or self::body or self::main or self::article)]"
    "[not(.//h1)][count(.//p) <= 3]["
    + " or ".join(
        _word_test(attr, word)
        for word in _BOILERPLATE_WORDS
        for attr in ("@class", "@id")
    )
    + " or "
    + _word_test("@class", "read more")
    + "]"
)


@dataclass(frozen=True)
class Selectors:
    """A site's CSS selectors; an empty one means "find it without"."""

    title: str = ""
    body: str = ""
    standfirst: str = ""
    byline: str = ""
    #: Elements to leave out of every field (newsletter boxes, ad slots...).
    exclude: str = ""

    def fingerprint(self) -> str:
        """A short hash of the selectors; equal selectors, equal hash."""
        text = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:8]

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NO_SELECTORS = Selectors()


def css_problem(css: str) -> str | None:
    """Why *css* is no usable CSS selector, or ``None`` when it is one."""
    try:
        HTMLTranslator().css_to_xpath(css)
    except Exception as exc:  # cssselect raises several kinds
        return str(exc) or type(exc).__name__
    return None


def library_version() -> str:
    """The installed trafilatura's version."""
    try:
        return version("trafilatura")
    except PackageNotFoundError:
        return "missing"


def parser_version(selectors: Selectors = NO_SELECTORS) -> str:
    """The parser version for a site: changes whenever its extraction would.

    This parser's own version, trafilatura's when it reads the body, and a
    hash of the site's selectors when it has any.
    """
    parts = [f"generic/{PARSER_VERSION}"]
    if not selectors.body:
        parts.append(f"trafilatura/{library_version()}")
    if selectors:
        parts.append(f"css/{selectors.fingerprint()}")
    return " ".join(parts)


def parse(
    url: str,
    html: str | bytes,
    *,
    source: str = SOURCE,
    selectors: Selectors = NO_SELECTORS,
) -> ArticleItem:
    """Return what a news page says about its article; bad markup never raises."""
    return GenericPage.parse(url, html, source=source, selectors=selectors)


class GenericPage(ArticlePage):
    """A news page and the site's selectors."""

    source = SOURCE
    version = PARSER_VERSION

    def __init__(
        self, url: str, html: str | bytes, selectors: Selectors = NO_SELECTORS
    ) -> None:
        self.url = url
        self.html = decode(html)
        self.selectors = selectors
        self.sel = Selector(text=self.html)
        if selectors.exclude:
            self.sel.css(selectors.exclude).drop()

    @classmethod
    def parse(
        cls,
        url: str,
        html: str | bytes,
        *,
        source: str = SOURCE,
        selectors: Selectors = NO_SELECTORS,
    ) -> ArticleItem:
        """Return what the page says about its article, read with a site's selectors."""
        version = parser_version(selectors)
        item = ArticleItem(url=url, source=source, parser_version=version)
        return fill(item, lambda: cls(url, html, selectors))

    def selected(self, css: str) -> str:
        """Text of the first non-empty element the site's selector matches."""
        return first_text(self.sel, [css]) if css else ""

    @cached_property
    def paragraphs(self) -> list[str]:
        """The article text, one string per paragraph."""
        if self.selectors.body:
            return _selected_body(self.sel.css(self.selectors.body))
        paragraphs = _fallback_body(self)
        # trafilatura keeps a headline or standfirst that sits inside the
        # article element; they are fields of their own, not body text.
        heading = {_key(self.title()), _key(self.standfirst())}
        while paragraphs and _key(paragraphs[0]) in heading:
            paragraphs.pop(0)
        return paragraphs

    def title(self) -> str:
        """The selector's headline, else JSON-LD's, og:title, the first h1, <title>."""
        return (
            self.selected(self.selectors.title)
            or ld_str(self.article_ld, "headline")
            or self.meta("og:title")
            or first_text(self.sel, ["article h1", "h1", "title"])
        )

    def standfirst(self) -> str:
        """The selector's standfirst, else the article's description."""
        if self.selectors.standfirst:
            return self.selected(self.selectors.standfirst)
        return (
            ld_str(self.article_ld, "description")
            or self.meta("og:description")
            or self.meta("description")
        )

    def byline(self) -> str:
        """The selector's byline (all matches), else JSON-LD authors or meta author."""
        if self.selectors.byline:
            names = texts(self.sel.css(self.selectors.byline))
            names = [without_by(name) for name in names]
            return " and ".join(dict.fromkeys(name for name in names if name))
        from_ld = ld_authors(self.article_ld)
        if from_ld:
            return from_ld
        value = self.meta("author")
        return "" if "://" in value else value

    def published(self) -> datetime | None:
        """When the article was first published."""
        times = self.sel.css("time[datetime]::attr(datetime)").getall()
        return self.date("datePublished", ("article:published_time",), *times[:1])

    def section(self) -> str:
        """JSON-LD articleSection, else the article:section meta."""
        section = ld_first_str(self.article_ld, "articleSection")
        return section or self.meta("article:section")

    def tags(self) -> list[str]:
        """article:tag or keywords meta, else JSON-LD keywords."""
        tags = super().tags()
        if tags:
            return tags
        keywords = ld_list(self.article_ld.get("keywords"))
        return split_tags([k for k in keywords if isinstance(k, str)])

    def body(self) -> list[str]:
        """The article text (the generic parser knows no live blogs)."""
        return self.paragraphs

    def page_type(self) -> str:
        """ "article", or "other" for a page with neither headline nor text."""
        if not self.paragraphs and not self.title():
            return "other"
        return "article"


def _selected_body(matches: list[Selector]) -> list[str]:
    """Paragraphs of the elements the body selector matched, in page order."""
    out: list[str] = []
    for match in matches:
        if match.xpath(f"self::*[{_PARTS}]"):
            # The selector names the paragraphs themselves ("div.story > p").
            parts = [match]
        else:
            parts = match.xpath(_BODY_PARTS)
            # A paragraph inside a list item or a quote is read with it.
            parts = [p for p in parts if not p.xpath(f"ancestor::*[{_PARTS}]")]
        texts = [text_of(part) for part in parts]
        if not parts:
            texts = [text_of(match)]
        out.extend(text for text in texts if text)
    return out


def _fallback_body(page: GenericPage) -> list[str]:
    """The body as trafilatura finds it, one string per paragraph."""
    import trafilatura  # imported on use: it takes a while to load

    prune = [_BOILERPLATE]
    document = trafilatura.bare_extraction(
        page.sel.get() if page.selectors.exclude else page.html,
        url=page.url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=False,
        prune_xpath=prune,
    )
    body = getattr(document, "body", None)
    if body is None:
        return []
    out = []
    for element in body:
        if element.tag == "list":
            items = element.iter("item")
        elif element.tag == "quote" and element.find("p") is not None:
            items = element.iter("p")
        else:
            items = iter([element])
        for part in items:
            text = clean(" ".join(part.itertext()))
            if text:
                out.append(text)
    return out


def _key(text: str) -> str:
    return clean(text).casefold()
