"""Parse a Guardian page (DCR, frontend or guardian.co.uk markup) into an item."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import cached_property
from urllib.parse import urljoin, urlparse

from parsel import Selector, SelectorList
from w3lib.encoding import html_to_unicode

from newscrawl.items import ArticleItem

PARSER_VERSION = 1
SOURCE = "guardian"

# Visible headlines, newest markup first. Other h1s exist on frontend pages
# (site name, rich-link titles), so a bare "first h1" is never used.
_HEADLINES = (
    "[data-gu-name=headline] h1",
    "h1.content__headline[itemprop=headline]",
    "h1.content__headline",
    "h1[itemprop=headline]",
    "h1[articleprop=headline]",
    "#main-article-info h1",
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
)
_BODIES = (
    "[data-gu-name=body] div.article-body-commercial-selector",
    "div.article-body-commercial-selector",
    "div.article-body-viewer-selector",
    "div.content__article-body",
    "[itemprop=articleBody]",
    "#article-body-blocks",
)
_SECTIONS = ('a[data-link-name="article section"]', ".content__section-label a")

# What counts as body text is narrow: the container's own paragraphs,
# subheadings, list items and quotes. Figures, asides and the rest are
# skipped simply by not being selected.
_BODY_PARTS = "./p | ./h2 | ./h3 | ./ul/li | ./ol/li | ./blockquote"

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
_TEXT_NODES = ".//text()[not(ancestor::script or ancestor::style)]"

# A sign-in, consent or paywall wall standing in for the article.
_GATES = (
    "//*[@id='sign-in-gate' or @data-component='sign-in-gate'"
    " or starts-with(@id, 'sp_message') or contains(@id, 'consent')"
    " or contains(@class, 'consent') or contains(@id, 'paywall')"
    " or contains(@class, 'paywall') or contains(@class, 'sign-in-gate')]"
)
# guardian.co.uk pages before 2014 carry non-ISO values like 2012-01-27T12:58GMT.
_OLD_PUBDATE = "time[pubdate]::attr(datetime)"
_LIVE_BLOCKS = (
    "//*[@id='liveblog-body']//article[starts-with(@id, 'block-')]"
    "[not(ancestor::*[@id='pinned-post'])]"
)

_WS = re.compile(r"\s+")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|GMT|UTC|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"\d{9,14}")


def parse(url: str, html: str | bytes) -> ArticleItem:
    """Return what a Guardian page says about its article; never raises."""
    item = ArticleItem(url=url, source=SOURCE)
    try:
        page = _Page(url, html)
    except Exception:  # the caller wants an item for any input, even junk
        item.page_type = "other"
        return item
    for name, extract in _EXTRACTORS:
        try:
            setattr(item, name, extract(page))
        except Exception:  # one garbled field must not cost the others
            continue
    return item


class _Page:
    """One page's tree and the JSON-LD objects it carries."""

    def __init__(self, url: str, html: str | bytes) -> None:
        self.url = url
        self.sel = Selector(text=_decode(html))

    @cached_property
    def ld(self) -> list[dict]:
        """Every JSON-LD object on the page, flattened."""
        return _json_ld(self.sel)

    @cached_property
    def article_ld(self) -> dict:
        """The JSON-LD object describing the article, or an empty dict."""
        for obj in self.ld:
            if any(_is_article_type(t) for t in _types(obj)):
                return obj
        return {}

    @cached_property
    def headline(self) -> str:
        """The visible headline."""
        return _first_text(self.sel, _HEADLINES)

    @cached_property
    def body_container(self) -> Selector | None:
        """The element holding the article text."""
        for css in _BODIES:
            found = self.sel.css(css)
            if found:
                return found[0]
        return None

    @cached_property
    def paragraphs(self) -> list[str]:
        """The article text, one string per paragraph."""
        if self.body_container is None:
            return []
        return _paragraphs(self.body_container)

    @cached_property
    def is_liveblog(self) -> bool:
        """Whether the page is a live blog."""
        paths = [_path(self.url), _path(_canonical(self) or "")]
        if any("/live/" in path for path in paths):
            return True
        if any("LiveBlogPosting" in _types(obj) for obj in self.ld):
            return True
        return bool(self.sel.css("#liveblog-body"))


def _decode(html: str | bytes) -> str:
    """The page as text."""
    if isinstance(html, str):
        return html
    # Same sniffing as Scrapy's responses: BOM, then <meta charset>, then UTF-8.
    return html_to_unicode(None, bytes(html))[1]


def _clean(text: str) -> str:
    """Text with runs of whitespace made single spaces."""
    return _WS.sub(" ", text).strip()


def _text(sel: Selector) -> str:
    """All text under an element, whitespace collapsed."""
    return _clean("".join(sel.xpath(_TEXT_NODES).getall()))


def _first_text(sel: Selector | SelectorList, selectors: tuple[str, ...]) -> str:
    """Text of the first non-empty element matching one of the selectors."""
    for css in selectors:
        for found in sel.css(css):
            text = _text(found)
            if text:
                return text
    return ""


def _meta(sel: Selector, key: str) -> str:
    """Content of the first <meta> with that property or name."""
    values = sel.xpath("//meta[@property=$k or @name=$k]/@content", k=key).getall()
    for value in values:
        if value.strip():
            return _clean(value)
    return ""


def _path(url: str) -> str:
    """Path of a URL, empty when it has none."""
    try:
        return urlparse(url).path
    except ValueError:
        return ""


def _json_ld(sel: Selector) -> list[dict]:
    """The page's JSON-LD objects; unreadable blocks are skipped."""
    objects: list[dict] = []
    for raw in sel.xpath("//script[@type='application/ld+json']/text()").getall():
        # One older frontend page wraps its JSON in CDATA markers.
        raw = _CDATA.sub("", raw)
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        objects.extend(_flatten(data))
    return objects


def _flatten(data: object, depth: int = 0) -> Iterator[dict]:
    """The objects in a JSON-LD value, including those in @graph."""
    if depth > 5:
        return
    if isinstance(data, list):
        for value in data:
            yield from _flatten(value, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)


def _types(obj: dict) -> list[str]:
    """The @type values of a JSON-LD object."""
    kind = obj.get("@type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def _is_article_type(kind: str) -> bool:
    """Whether a schema.org type is an article of some kind."""
    return kind.endswith("Article") or kind in ("LiveBlogPosting", "BlogPosting")


def _ld_str(obj: dict, key: str) -> str:
    """A string property of a JSON-LD object, or ""."""
    value = obj.get(key)
    return _clean(value) if isinstance(value, str) else ""


def _parse_date(value: object) -> datetime | None:
    """A timezone-aware UTC datetime from a page's date value, or None."""
    try:
        return _to_utc(_read_date(value))
    except (ValueError, OverflowError, TypeError, IndexError):
        return None


def _read_date(value: object) -> datetime | None:
    """A datetime, possibly naive, from ISO-like, RFC 822 or epoch values."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _EPOCH.fullmatch(text):
        # Frontend data-timestamp attributes are milliseconds.
        number = int(text)
        seconds = number / 1000 if number > 10**11 else number
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    match = _DATE.fullmatch(text)
    if match is None:
        return parsedate_to_datetime(text)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    return datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        micro,
        tzinfo=_zone(zone),
    )


def _zone(text: str | None) -> timezone:
    """The timezone a date suffix names; none given means UTC."""
    if not text or text.upper() in ("Z", "GMT", "UTC"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _to_utc(moment: datetime | None) -> datetime | None:
    """The same instant in UTC; naive values are taken as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        # Guardian times without an offset are GMT/UTC in practice.
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _date(page: _Page, ld_key: str, meta_key: str, *extra: str) -> datetime | None:
    """The first readable date among JSON-LD, <time> tags and <meta>."""
    sel = page.sel
    time = f"time[itemprop={ld_key}]"
    candidates = [
        page.article_ld.get(ld_key),
        *sel.css(f"{time}::attr(datetime)").getall(),
        *sel.css(f"{time}::attr(data-timestamp)").getall(),
        *(value for css in extra for value in sel.css(css).getall()),
        _meta(sel, meta_key),
    ]
    for candidate in candidates:
        moment = _parse_date(candidate)
        if moment is not None:
            return moment
    return None


def _https(url: str) -> str:
    """The URL with an http scheme upgraded to https."""
    if url.lower().startswith("http://"):
        return "https://" + url[len("http://") :]
    return url


def _canonical(page: _Page) -> str | None:
    """The page's own URL: link[rel=canonical], else og:url."""
    hrefs = page.sel.css("link[rel~=canonical]::attr(href)").getall()
    for href in [*hrefs, _meta(page.sel, "og:url")]:
        href = href.strip()
        if href:
            return _https(urljoin(page.url, href))
    return None


def _title(page: _Page) -> str:
    """Visible headline, else JSON-LD headline, else og:title."""
    return (
        page.headline
        or _ld_str(page.article_ld, "headline")
        or _meta(page.sel, "og:title")
    )


def _standfirst(page: _Page) -> str:
    """The standfirst paragraphs, without any list of links after them."""
    for css in _STANDFIRSTS:
        for box in page.sel.css(css):
            paras = box.xpath(".//p[not(ancestor::ul or ancestor::ol)]")
            texts = [_text(p) for p in paras]
            text = " ".join(t for t in texts if t)
            if not paras:
                nodes = box.xpath(
                    ".//text()[not(ancestor::ul or ancestor::ol"
                    " or ancestor::script or ancestor::style)]"
                ).getall()
                text = _clean("".join(nodes))
            if text:
                return text
    return ""


def _ld_authors(obj: dict) -> str:
    """JSON-LD author names joined with " and "."""
    authors = obj.get("author")
    if not isinstance(authors, list):
        authors = [authors]
    names = []
    for author in authors:
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and _clean(name):
            names.append(_clean(name))
    return " and ".join(names)


def _byline(page: _Page) -> str:
    """The visible byline; else JSON-LD authors; else a non-URL meta author."""
    # Visible first: on agency copy JSON-LD names a placeholder author.
    visible = _first_text(page.sel, _BYLINES)
    if visible:
        return visible
    from_ld = _ld_authors(page.article_ld)
    if from_ld:
        return from_ld
    for key in ("article:author", "author"):
        value = _meta(page.sel, key)
        # article:author holds profile URLs on staff pieces.
        if value and "://" not in value and not value.startswith("www."):
            return value
    return ""


def _published(page: _Page) -> datetime | None:
    """When the article was first published."""
    return _date(page, "datePublished", "article:published_time", _OLD_PUBDATE)


def _modified(page: _Page) -> datetime | None:
    """When the article was last modified."""
    return _date(page, "dateModified", "article:modified_time")


def _section(page: _Page) -> str:
    """The section name."""
    return _meta(page.sel, "article:section") or _first_text(page.sel, _SECTIONS)


def _split_tags(values: list[str]) -> list[str]:
    """Comma-separated tag lists as one list, order kept, empties dropped."""
    tags = []
    for value in values:
        tags.extend(_clean(tag) for tag in value.split(","))
    return [tag for tag in tags if tag]


def _tags(page: _Page) -> list[str]:
    """The article's tags: article:tag, else frontend keywords."""
    sel = page.sel
    tags = _split_tags(sel.css('meta[property="article:tag"]::attr(content)').getall())
    if tags:
        return tags
    return _split_tags(sel.css("meta[name=keywords]::attr(content)").getall())


def _paragraphs(container: Selector) -> list[str]:
    """Paragraph texts of a body container, noise left out."""
    texts: list[str] = []
    for part in container.xpath(_BODY_PARTS):
        # DCR's "after newsletter promotion" skip-link target is a p role=note.
        if part.attrib.get("role") == "note":
            continue
        inner = part.xpath("./p") if part.root.tag == "blockquote" else []
        texts.extend(_text(p) for p in inner or [part])
    if not any(texts):
        # Unknown wrapper markup: take any paragraph that is not noise.
        texts = [_text(part) for part in container.xpath(_TEXT_PARTS)]
    return [text for text in texts if text]


def _liveblog_updates(page: _Page) -> list[str]:
    """Text of each live blog update, in page order."""
    blocks = page.sel.xpath(_LIVE_BLOCKS) or page.sel.css("[itemprop=liveBlogUpdate]")
    updates = []
    for block in blocks:
        root = block.css(".block-elements") or [block]
        parts = [_text(part) for part in root[0].xpath(_TEXT_PARTS)]
        text = " ".join(part for part in parts if part)
        if text:
            updates.append(text)
    if updates:
        return updates
    # Without blocks in the HTML, JSON-LD still has each update's plain text.
    for obj in page.ld:
        for update in _list(obj.get("liveBlogUpdate")):
            if isinstance(update, dict) and _ld_str(update, "articleBody"):
                updates.append(_ld_str(update, "articleBody"))
    return updates


def _list(value: object) -> list:
    """A JSON value as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _body(page: _Page) -> list[str]:
    """The article text, or a live blog's updates."""
    if page.is_liveblog:
        return _liveblog_updates(page) or page.paragraphs
    return page.paragraphs


def _page_type(page: _Page) -> str:
    """What kind of page this is: article, liveblog, interstitial or other."""
    if page.is_liveblog:
        return "liveblog"
    # A gate with no article text is a wall even when a headline shows: its
    # empty body must not be taken for the article's.
    if not page.paragraphs and page.sel.xpath(_GATES):
        return "interstitial"
    if not page.headline and page.body_container is None:
        return "other"
    return "article"


_EXTRACTORS: tuple[tuple[str, Callable[[_Page], object]], ...] = (
    ("canonical_url", _canonical),
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
