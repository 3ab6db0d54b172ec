"""What every source parser reads off a page: text, <meta>, JSON-LD, dates, links.

A source parser is a module with ``SOURCE``, ``PARSER_VERSION`` and
``parse(url, html)``; it subclasses :class:`Page` with its selectors and hands
its field extractors to :func:`extract`, which never raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import cached_property
from urllib.parse import urljoin, urlparse

from parsel import Selector, SelectorList
from w3lib.encoding import html_to_unicode

from newscrawl.items import ArticleItem

#: A field extractor: (item field name, function of the page).
Extractor = tuple[str, Callable[["Page"], object]]

_WS = re.compile(r"\s+")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|GMT|UTC|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"\d{9,14}")
# `undefined` where a JSON value would be, in inline JavaScript data.
_UNDEFINED = re.compile(r"([:,\[]\s*)undefined\b")
TEXT_NODES = ".//text()[not(ancestor::script or ancestor::style)]"


class Page:
    """One page's tree and the JSON-LD objects it carries."""

    #: CSS selectors of the visible headline, most specific first.
    headlines: Sequence[str] = ()
    #: CSS selectors of the element holding the article text, most specific first.
    bodies: Sequence[str] = ()

    def __init__(self, url: str, html: str | bytes) -> None:
        self.url = url
        self.sel = Selector(text=decode(html))

    @cached_property
    def ld(self) -> list[dict]:
        """Every JSON-LD object on the page, flattened."""
        return json_ld(self.sel)

    @cached_property
    def article_ld(self) -> dict:
        """The JSON-LD object describing the article, or an empty dict."""
        for obj in self.ld:
            if any(is_article_type(t) for t in ld_types(obj)):
                return obj
        return {}

    @cached_property
    def metas(self) -> dict[str, list[str]]:
        """Every <meta>'s content by its property and by its name, in page order."""
        # One pass over the tree instead of one per key a parser asks for.
        index: dict[str, list[str]] = {}
        for element in self.sel.root.iter("meta"):
            content = element.get("content")
            if content is None:
                continue
            keys = {element.get("property"), element.get("name")}
            for key in keys - {None}:
                index.setdefault(key, []).append(content)
        return index

    def meta(self, key: str) -> str:
        """Content of the first non-empty <meta> with that property or name."""
        return _first_value(self.metas.get(key, ()))

    @cached_property
    def headline(self) -> str:
        """The visible headline: the first non-empty match of :attr:`headlines`."""
        return first_text(self.sel, self.headlines)

    @cached_property
    def body_container(self) -> Selector | None:
        """The element holding the article text: the first match of :attr:`bodies`."""
        return first_match(self.sel, self.bodies)


def extract(
    item: ArticleItem,
    make_page: Callable[[str, str | bytes], Page],
    html: str | bytes,
    extractors: Sequence[Extractor],
) -> ArticleItem:
    """Fill *item* field by field from the page; never raises."""
    try:
        page = make_page(item.url, html)
    except Exception:  # the caller wants an item for any input, even junk
        item.page_type = "other"
        return item
    for name, field_of in extractors:
        try:
            setattr(item, name, field_of(page))
        except Exception:  # one garbled field must not cost the others
            continue
    return item


def decode(html: str | bytes) -> str:
    """The page as text."""
    if isinstance(html, str):
        return html
    # Same sniffing as Scrapy's responses: BOM, then <meta charset>, then UTF-8.
    return html_to_unicode(None, bytes(html))[1]


def clean(text: str) -> str:
    """Text with runs of whitespace made single spaces."""
    return _WS.sub(" ", text).strip()


def text_of(sel: Selector) -> str:
    """All text under an element, whitespace collapsed."""
    return clean("".join(sel.xpath(TEXT_NODES).getall()))


def first_text(sel: Selector | SelectorList, selectors: Sequence[str]) -> str:
    """Text of the first non-empty element matching one of the CSS selectors."""
    for css in selectors:
        for found in sel.css(css):
            text = text_of(found)
            if text:
                return text
    return ""


def first_match(sel: Selector, selectors: Sequence[str]) -> Selector | None:
    """The first element matching one of the CSS selectors, or None."""
    for css in selectors:
        found = sel.css(css)
        if found:
            return found[0]
    return None


def meta(sel: Selector, key: str) -> str:
    """Content of the first non-empty <meta> with that property or name."""
    values = sel.xpath("//meta[@property=$k or @name=$k]/@content", k=key).getall()
    return _first_value(values)


def _first_value(values: Iterable[str]) -> str:
    for value in values:
        if value.strip():
            return clean(value)
    return ""


def url_path(url: str) -> str:
    """Path of a URL, empty when it has none."""
    try:
        return urlparse(url).path
    except ValueError:
        return ""


def json_ld(sel: Selector) -> list[dict]:
    """The page's JSON-LD objects, @graph members included; bad blocks skipped."""
    objects: list[dict] = []
    for raw in sel.xpath("//script[@type='application/ld+json']/text()").getall():
        # Some pages wrap their JSON in CDATA markers.
        raw = _CDATA.sub("", raw)
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        objects.extend(_flatten(data))
    return objects


def _flatten(data: object, depth: int = 0) -> Iterator[dict]:
    if depth > 5:
        return
    if isinstance(data, list):
        for value in data:
            yield from _flatten(value, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)


def ld_updates(objects: Iterable[dict]) -> list[str]:
    """The text of each liveBlogUpdate of these JSON-LD objects, in page order."""
    updates = []
    for obj in objects:
        for update in ld_list(obj.get("liveBlogUpdate")):
            if isinstance(update, dict) and ld_str(update, "articleBody"):
                updates.append(ld_str(update, "articleBody"))
    return updates


def cut_short(shown: int, expected: int, *, ratio: float = 0.75) -> bool:
    """Whether a page shows clearly less than the total it declares for itself.

    *shown* and *expected* count the same thing (paragraphs, words): what the
    page's HTML carries and what its own data says the article holds. Real
    full pages stay within a few percent of their declared totals, so only a
    shortfall beyond *ratio* counts as a copy cut short.
    """
    return expected > 0 and shown < expected * ratio


def js_value(script: str, marker: str) -> object:
    """The JSON value assigned just after *marker* in an inline script, or None.

    Reads ``window.__data = {...};`` style assignments: the text after the
    marker, an optional ``=`` and white space is decoded as one JSON value;
    JavaScript's ``undefined`` is read as null. Anything else gives None.
    """
    start = script.find(marker)
    if start < 0:
        return None
    rest = script[start + len(marker) :].lstrip().removeprefix("=").lstrip()
    rest = _UNDEFINED.sub(r"\1null", rest)
    try:
        value, _ = json.JSONDecoder(strict=False).raw_decode(rest)
    except (ValueError, RecursionError):
        return None
    return value


def ld_types(obj: dict) -> list[str]:
    """The @type values of a JSON-LD object."""
    kind = obj.get("@type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def is_article_type(kind: str) -> bool:
    """Whether a schema.org type is an article of some kind."""
    return kind.endswith("Article") or kind in ("LiveBlogPosting", "BlogPosting")


def ld_str(obj: dict, key: str) -> str:
    """A string property of a JSON-LD object, or ""."""
    value = obj.get(key)
    return clean(value) if isinstance(value, str) else ""


def ld_list(value: object) -> list:
    """A JSON value as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def ld_authors(obj: dict) -> str:
    """JSON-LD author names joined with " and "."""
    names = []
    for author in ld_list(obj.get("author")):
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and clean(name):
            names.append(clean(name))
    return " and ".join(names)


def parse_date(value: object) -> datetime | None:
    """A timezone-aware UTC datetime from a page's date value, or None.

    Reads ISO 8601 and its common variants (``2012-01-27T12:58GMT``), RFC 822
    and epoch seconds or milliseconds; a value without an offset is UTC.
    """
    try:
        return _to_utc(_read_date(value))
    except (ValueError, OverflowError, TypeError, IndexError):
        return None


def _read_date(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _EPOCH.fullmatch(text):
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
    if not text or text.upper() in ("Z", "GMT", "UTC"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _to_utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def first_date(candidates: Iterable[object]) -> datetime | None:
    """The first readable date among *candidates* (read no further than that)."""
    for candidate in candidates:
        moment = parse_date(candidate)
        if moment is not None:
            return moment
    return None


def https(url: str) -> str:
    """The URL with an http scheme upgraded to https."""
    if url.lower().startswith("http://"):
        return "https://" + url[len("http://") :]
    return url


def canonical(page: Page) -> str | None:
    """The page's own URL: link[rel=canonical], else og:url."""
    hrefs = page.sel.css("link[rel~=canonical]::attr(href)").getall()
    for href in [*hrefs, page.meta("og:url")]:
        href = href.strip()
        if href:
            return https(urljoin(page.url, href))
    return None


def split_tags(values: Sequence[str]) -> list[str]:
    """Comma-separated tag lists as one list, order kept, empties dropped."""
    tags = []
    for value in values:
        tags.extend(clean(tag) for tag in value.split(","))
    return [tag for tag in tags if tag]


def meta_tags(page: Page) -> list[str]:
    """article:tag values, else the keywords meta, as one list."""
    sel = page.sel
    tags = split_tags(sel.css('meta[property="article:tag"]::attr(content)').getall())
    if tags:
        return tags
    return split_tags(sel.css("meta[name=keywords]::attr(content)").getall())


def texts(parts: SelectorList | Sequence[Selector]) -> list[str]:
    """The non-empty texts of *parts*, in order."""
    found = (text_of(part) for part in parts)
    return [text for text in found if text]


def us_eastern_to_utc(moment: datetime) -> datetime:
    """A naive US Eastern wall-clock time as an aware UTC datetime.

    Pages of US sites give local times without an offset; the US daylight
    saving rules (2007 on; 1987-2006 before) say whether EST or EDT applies,
    without needing a time zone database on the machine.
    """
    if moment.year >= 2007:
        start = _nth_sunday(moment.year, 3, 2)
        end = _nth_sunday(moment.year, 11, 1)
    else:
        start = _nth_sunday(moment.year, 4, 1)
        end = _nth_sunday(moment.year, 10, 5)
    # The switches happen at 02:00 local time.
    summer = start.replace(hour=2) <= moment.replace(tzinfo=None) < end.replace(hour=2)
    offset = timedelta(hours=-4 if summer else -5)
    return moment.replace(tzinfo=timezone(offset)).astimezone(timezone.utc)


def _nth_sunday(year: int, month: int, nth: int) -> datetime:
    """The nth Sunday of a month (5: the last one)."""
    first = datetime(year, month, 1)
    day = first + timedelta(days=(6 - first.weekday()) % 7)
    sundays = []
    while day.month == month:
        sundays.append(day)
        day += timedelta(days=7)
    return sundays[min(nth, len(sundays)) - 1]


def script_json(sel: Selector, css: str) -> object:
    """The JSON in the first script matching *css*, or None when there is none."""
    for raw in sel.css(f"{css}::text").getall():
        try:
            return json.loads(_CDATA.sub("", raw), strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def dig(data: object, *keys: str | int) -> object:
    """The value at a path of keys and indexes in parsed JSON, or None."""
    for key in keys:
        if isinstance(data, dict) and isinstance(key, str):
            data = data.get(key)
        elif (
            isinstance(data, list)
            and isinstance(key, int)
            and -len(data) <= key < len(data)
        ):
            data = data[key]
        else:
            return None
    return data
