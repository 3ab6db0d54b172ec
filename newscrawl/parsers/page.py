"""A page's tree and what every parser reads straight off it: text, <meta>, links.

A source parser subclasses :class:`Page` (through the template in
:mod:`newscrawl.parsers.base`) with its selectors; the functions here read
text and tags off any element.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HTMLParser
from parsel import Selector, SelectorList
from w3lib.encoding import html_to_unicode

_BY = re.compile(r"^by(?:\s+|$)", re.IGNORECASE)
TEXT_NODES = ".//text()[not(ancestor::script or ancestor::style)]"
#: Elements that sit inside a line of text rather than end it: old pages that
#: separate their paragraphs with <P> or leave text bare between boxes run
#: them on into the line.
INLINE_TAGS = frozenset(
    "a b i em strong span font u sup sub small big cite q abbr".split()
)
# TEXT_NODES compiled once, giving plain strings (see text_of), without the
# EXSLT regular expressions lxml registers on every call otherwise.
_TEXT_NODES_OF = etree.XPath(TEXT_NODES, smart_strings=False, regexp=False)

#: An XPath test true of posts embedded from social networks (X/Twitter,
#: Instagram, TikTok, Facebook, Threads, Bluesky): the network's own
#: blockquote, which its script turns into a card. Another account's words,
#: not the article's.
SOCIAL_EMBED = (
    "contains(@class, 'twitter-tweet') or contains(@class, 'instagram-media')"
    " or contains(@class, 'tiktok-embed') or contains(@class, 'fb-xfbml-parse')"
    " or contains(@class, 'text-post-media') or contains(@class, 'bluesky-embed')"
    " or @data-instgrm-permalink or contains(@class, 'twitter-video')"
)
# A line that sends the reader elsewhere rather than telling the story:
# "Follow Newsbeat on Instagram…", "Listen to Newsbeat live…", the NYT
# Opinion footer ("The Times is committed to publishing a diversity of
# letters…", "Follow the New York Times Opinion section on…").
_PROMOTION = re.compile(
    r"^(?:follow\b.{0,80}\bon\b.{0,40}\b(?:twitter|x|facebook|instagram|tiktok"
    r"|youtube|snapchat|threads|bluesky|whatsapp)\b"
    r"|listen to (?:[\w']+ ){1,4}live\b"
    r"|sign up for (?:our|the) [\w ]{0,40}newsletter\b"
    r"|the (?:\w+ )?times is committed to publishing a diversity of letters\b)",
    re.IGNORECASE,
)


# What cssselect makes of a selector whose first compound tests an attribute:
# "descendant-or-self::TAG[@NAME = 'VALUE']...", "...[@NAME]..." or, for a class,
# "descendant-or-self::TAG[@class and contains(concat(' ', normalize-space(@class),
# ' '), ' NAME ')]..." (cssselect 1.3 and later test "contains(@class, 'NAME')"
# before the concat); as the whole test, or as the first of "(A) and (B)".
_FIRST_ATTRIBUTE = re.compile(
    r"^descendant-or-self::(?P<tag>\*|[\w-]+)\["
    r"(?:(?P<copen>\()?@class and (?:contains\(@class, '[\w-]+'\) and )?"
    r"contains\(concat\(' ', normalize-space\(@class\), ' '\), ' (?P<cls>[\w-]+) '\)"
    r"|(?P<open>\()?@(?P<name>[\w-]+)(?: = (?P<value>'[^']*'))?)"
)


@dataclass(frozen=True)
class DocumentQuery:
    """How a CSS query from the document element runs: its XPath and what it needs.

    ``attribute`` (with ``value``, or ``token`` of a class) is what the
    first element it steps to must carry: a page without it has no match.
    ``if_read``: the query is as quick as reading what the page carries, so
    that is looked up only when some other query has read it already.
    """

    xpath: str
    attribute: str | None = None
    value: str | None = None
    token: str | None = None
    if_read: bool = False


@lru_cache(maxsize=512)
def document_query(xpath: str) -> DocumentQuery:
    """An XPath from the document element that reaches the same elements faster.

    libxml2 tests a predicate such as ``[@data-component = 'x']`` on every
    element of the page, some 4,000 on a real one, and a source tries a dozen
    such selectors per field; ``//@data-component[. = 'x']/..`` asks only the
    elements that carry the attribute. The step keeps its whole test, so the
    result is the same node set, in the same (document) order.
    """
    match = _FIRST_ATTRIBUTE.match(xpath)
    if match is None or " | " in xpath:
        return DocumentQuery(xpath)
    rest = xpath[match.end() :]
    # Only a test that must hold: the whole predicate, or the first of an "and".
    opened = match["open"] or match["copen"]
    if not rest.startswith(") and (" if opened else "]"):
        return DocumentQuery(xpath)
    token, name, quoted = match["cls"], match["name"], match["value"]
    value = quoted[1:-1] if quoted else None
    # A first step with a tag name (h1[...], div.x) is quick as it is: libxml2
    # tests the name first, and only that tag's elements for the rest.
    if match["tag"] != "*":
        if token is not None:
            return DocumentQuery(xpath, "class", token=token, if_read=True)
        return DocumentQuery(xpath, name, value=value, if_read=True)
    step = "/self::" + xpath.removeprefix("descendant-or-self::")
    if token is not None:
        # A necessary condition on the attribute; the step's test is exact.
        return DocumentQuery(
            f"//@class[contains(., '{token}')]/..{step}", "class", token=token
        )
    test = f"[. = {quoted}]" if quoted else ""
    return DocumentQuery(f"//@{name}{test}/..{step}", name, value=value)


@lru_cache(maxsize=512)
def document_queries(xpath: str) -> tuple[DocumentQuery, ...]:
    """A plan for each selector of a group ("a, b"), those read up front first.

    cssselect writes a group as the union of its selectors' XPaths: it has
    no match when none of them can have one.
    """
    plans = [document_query(member) for member in _union_members(xpath)]
    return tuple(sorted(plans, key=lambda plan: plan.if_read))


def _union_members(xpath: str) -> list[str]:
    """The operands of an XPath's top-level unions ("A | B"), in order."""
    members: list[str] = []
    start, depth, quote = 0, 0, ""
    for at, char in enumerate(xpath):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            members.append(xpath[start:at].strip())
            start = at + 1
    members.append(xpath[start:].strip())
    return members


class PageSelector(Selector):
    """A parsel Selector whose CSS queries from the document element run faster.

    A source tries many selectors, one per page generation, and most find
    nothing: the values each attribute takes on the page (one quick query
    per attribute name) rule those out before their query runs.
    """

    def css(self, query: str) -> SelectorList:
        """The elements matching the CSS selector *query*, as parsel finds them."""
        if not self._is_document():
            return super().css(query)
        xpath = self._document_xpath(query)
        if xpath is None:
            return self.selectorlist_cls([])
        return self.xpath(xpath)

    def css_xpath(self, query: str) -> str | None:
        """The XPath that finds what :meth:`css` does, or None for nothing."""
        if not self._is_document():
            return self._css2xpath(query)
        return self._document_xpath(query)

    def _is_document(self) -> bool:
        """Whether this is an HTML page's document element (the fast path's)."""
        getparent = getattr(self.root, "getparent", None)
        return self.type == "html" and getparent is not None and getparent() is None

    def _document_xpath(self, query: str) -> str | None:
        """The XPath to run for *query* from the document element, or None."""
        xpath = self._css2xpath(query)
        plans = document_queries(xpath)
        if not any(self._may_hold(plan) for plan in plans):
            return None
        return plans[0].xpath if len(plans) == 1 else xpath

    def _may_hold(self, plan: DocumentQuery) -> bool:
        """Whether some element of the page may carry what *plan* needs."""
        name = plan.attribute
        if name is None:
            return True
        if plan.token is not None:
            if plan.if_read and "_classes" not in self.__dict__:
                return True
            return f" {plan.token} " in self._classes
        if plan.if_read and name not in self._seen:
            return True
        values = self._values(name)
        return bool(values) if plan.value is None else plan.value in values

    @cached_property
    def _classes(self) -> str:
        """Every class token of the page, each between spaces."""
        values = self.root.xpath("//@class", smart_strings=False)
        return " " + " ".join(" ".join(values).split()) + " "

    def _values(self, name: str) -> frozenset[str]:
        """The values attribute *name* takes on the page."""
        found = self._seen.get(name)
        if found is None:
            found = self._seen[name] = frozenset(
                self.root.xpath(f"//@{name}", smart_strings=False)
            )
        return found

    @cached_property
    def _seen(self) -> dict[str, frozenset[str]]:
        """The attribute values read so far, by attribute name."""
        return {}


def page_selector(text: str) -> PageSelector:
    """The page's tree, as parsel builds it from *text*, to query.

    parsel encodes the text to UTF-8 for lxml, which costs as much as
    lxml's whole parse of a page with many non-ASCII characters; lxml reads
    the text as it is. A page is HTML even when it opens with an XML
    declaration (XHTML served as a web page, as many were until about 2012):
    parsel would read it as XML, its elements namespaced, and no selector
    would match. Text parsel would read otherwise (JSON) or that lxml
    refuses as text is left to parsel.
    """
    text = _XML_DECLARATION.sub("", text.strip(), count=1).strip()
    if not text.startswith("<"):
        return PageSelector(text=text)
    if "\x00" in text:
        text = text.replace("\x00", "")
    parser = HTMLParser(recover=True, huge_tree=True)
    try:
        root = etree.fromstring(text, parser=parser)
    except ValueError:  # a declared encoding, which lxml takes only in bytes
        return PageSelector(text=text, type="html")
    # Text no encoding can hold (a lone surrogate): lxml cuts it short where
    # parsel raises; leave it to parsel.
    if parser.error_log.filter_types([etree.ErrorTypes.ERR_INVALID_ENCODING]):
        return PageSelector(text=text, type="html")
    if root is None:
        root = etree.fromstring("<html/>", parser=parser)
    return PageSelector(root=root, type="html")


# An XML declaration at the start of a page: parsel would read it as XML.
_XML_DECLARATION = re.compile(r"^[\s\ufeff]*<\?xml\s[^>]*>")


class Page:
    """One page's tree, its <meta> and the elements its selectors name."""

    #: CSS selectors of the visible headline, most specific first.
    headlines: Sequence[str] = ()
    #: CSS selectors of the element holding the article text, most specific first.
    bodies: Sequence[str] = ()

    def __init__(self, url: str, html: str | bytes) -> None:
        self.url = url
        self.sel: Selector = page_selector(decode(html))

    @cached_property
    def metas(self) -> dict[str, list[str]]:
        """Every <meta>'s content by its property and by its name (lower case),
        in page order."""
        # One pass over the tree instead of one per key a parser asks for.
        # Names are case-insensitive (HTML): 2010 pages wrote SECTION, AUTHOR.
        index: dict[str, list[str]] = {}
        for element in self.sel.root.iter("meta"):
            content = element.get("content")
            if content is None:
                continue
            keys = {element.get("property"), element.get("name")} - {None}
            for key in {key.lower() for key in keys if key}:
                index.setdefault(key, []).append(content)
        return index

    def meta(self, key: str) -> str:
        """Content of the first non-empty <meta> with that property or name
        (in any case)."""
        for value in self.metas.get(key.lower(), ()):
            if value.strip():
                return clean(value)
        return ""

    @cached_property
    def headline(self) -> str:
        """The visible headline: the first non-empty match of :attr:`headlines`."""
        return first_text(self.sel, self.headlines)

    @cached_property
    def body_container(self) -> Selector | None:
        """The element holding the article text: the first match of :attr:`bodies`."""
        return first_match(self.sel, self.bodies)

    @cached_property
    def body_containers(self) -> list[Selector]:
        """Every element of the article text, where older templates split it.

        All matches of the first of :attr:`bodies` that matches, in page
        order, less those inside another match: the parts of one body that a
        template set apart with adverts, pictures or side rails between them.
        """
        for css in self.bodies:
            found = self.sel.css(css)
            if found:
                return outermost(list(found))
        return []


def decode(html: str | bytes, *, content_type: str | None = None) -> str:
    """The page as text, decoded as a browser would.

    That is Scrapy's and the HTML standard's order: a byte order mark, then
    the charset of the HTTP *content_type* header, then ``<meta charset>``,
    then detection (UTF-8 when nothing says otherwise).
    """
    if isinstance(html, str):
        return html
    return html_to_unicode(content_type, bytes(html))[1]


def clean(text: str) -> str:
    """Text with runs of whitespace made single spaces."""
    # What re.sub(r"\s+", " ", text).strip() gives, three to four times
    # faster: both take str.isspace()'s characters for white space.
    return " ".join(text.split())


def text_of(sel: Selector) -> str:
    """All text under an element, whitespace collapsed."""
    root = sel.root
    if isinstance(root, etree._Element):
        # The same strings parsel gives, half the cost on a paragraph: parsel
        # compiles the query on every call and wraps each string in a Selector.
        return element_text(root)
    return clean("".join(sel.xpath(TEXT_NODES).getall()))


def element_text(element: etree._Element) -> str:
    """All text under an lxml element, whitespace collapsed, as text_of reads it."""
    return clean("".join(_TEXT_NODES_OF(element)))


def is_promotion(part: Selector, text: str | None = None) -> bool:
    """Whether a paragraph is a set-off promotion ("Follow Newsbeat on…").

    Publishers set these apart in italics (or bold): a paragraph whose every
    word is emphasised or a link (the networks' names are often links outside
    the italics) and that reads as an invitation to follow, listen or write
    in. Ordinary sentences that mention a network stay text. *text* is the
    part's :func:`text_of`, when the caller has read it already.
    """
    text = text_of(part) if text is None else text
    return bool(_PROMOTION.match(text)) and is_set_off(part)


def is_set_off(part: Selector) -> bool:
    """Whether every word of a paragraph is in italics or bold, or a link."""
    plain = part.xpath(
        ".//text()[not(ancestor::i or ancestor::em or ancestor::b"
        " or ancestor::strong or ancestor::a)]"
    ).getall()
    return not any(char.isalnum() for char in "".join(plain))


def texts(parts: SelectorList | Sequence[Selector]) -> list[str]:
    """The non-empty texts of *parts*, in order."""
    return node_texts(part.root for part in parts)


def without_by(byline: str) -> str:
    """A byline without the "By " some pages put in front of the names."""
    return _BY.sub("", byline)


def first_trimmed(values: Iterable[str], suffix: re.Pattern[str]) -> str:
    """The first of *values* still non-empty once *suffix* is cut off it."""
    for value in values:
        value = suffix.sub("", value)
        if value:
            return value
    return ""


def join_names(names: Sequence[str]) -> str:
    """Names as a byline: "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def first_text(sel: Selector | SelectorList, selectors: Sequence[str]) -> str:
    """Text of the first non-empty element matching one of the CSS selectors."""
    for css in selectors:
        for found in css_found(sel, css):
            text = node_text(found)
            if text:
                return text
    return ""


def css_texts(sel: Selector | SelectorList, query: str) -> list[str]:
    """The non-empty texts of what CSS *query* finds: texts(sel.css(query))."""
    return node_texts(css_found(sel, query))


def node_texts(nodes: Iterable[object]) -> list[str]:
    """The non-empty texts of lxml nodes, in order (a string node has none)."""
    found = (node_text(node) for node in nodes)
    return [text for text in found if text]


def node_text(node: object) -> str:
    """text_of a Selector around *node*: an element's text; a string has none."""
    return element_text(node) if isinstance(node, etree._Element) else ""


def css_found(sel: Selector | SelectorList, query: str) -> list[Any]:
    """The nodes ``sel.css(query)`` finds, as lxml gives them: elements, strings.

    The same nodes in the same order, without parsel's work per query and
    a Selector made around each node, for helpers that only read them.
    """
    if not isinstance(sel, PageSelector) or not isinstance(sel.root, etree._Element):
        return [found.root for found in sel.css(query)]
    xpath = sel.css_xpath(query)
    return [] if xpath is None else xpath_found(sel, xpath)


def xpath_found(sel: Selector | etree._Element, xpath: str) -> list[Any]:
    """The nodes ``sel.xpath(xpath)`` finds, as lxml gives them (see css_found).

    *sel* may be an lxml element, as a Selector around it.
    """
    if isinstance(sel, etree._Element):
        root = sel
    elif isinstance(sel.root, etree._Element) and sel.type in ("html", "xml"):
        root = sel.root
    else:
        return [found.root for found in sel.xpath(xpath)]
    try:
        return _evaluator(xpath)(root)
    except etree.XPathError as exc:  # as parsel reports it
        raise ValueError(f"XPath error: {exc} in {xpath}") from exc


@lru_cache(maxsize=1024)
def _evaluator(xpath: str) -> etree.XPath:
    """*xpath* compiled as parsel compiles it for an HTML page's queries."""
    # parsel's EXSLT regular expressions, not its EXSLT sets: an evaluator that
    # maps those grows its error log on every call (libxml2 2.13+), and
    # parsel maps them only for a query that uses them (no CSS query does).
    # lxml registers the regular expressions' functions on every call: only
    # for a query that uses them.
    namespaces = {"re": Selector._default_namespaces["re"]}
    return etree.XPath(
        xpath, namespaces=namespaces, smart_strings=False, regexp="re:" in xpath
    )


def outermost(elements: list[Selector]) -> list[Selector]:
    """The elements that are not inside another of them, in order."""
    roots = {element.root for element in elements}
    return [
        element
        for element in elements
        if not any(parent in roots for parent in element.root.iterancestors())
    ]


def first_match(sel: Selector, selectors: Sequence[str]) -> Selector | None:
    """The first element matching one of the CSS selectors, or None."""
    for css in selectors:
        found = sel.css(css)
        if found:
            return found[0]
    return None


def canonical(page: Page, *, og_url: bool = True) -> str | None:
    """The page's own URL as the page gives it (made absolute):
    link[rel=canonical], else og:url (unless told not to)."""
    hrefs = css_found(page.sel, "link[rel~=canonical]::attr(href)")
    if og_url:
        hrefs.append(page.meta("og:url"))
    for href in hrefs:
        href = href.strip()
        if href:
            return urljoin(page.url, href)
    return None


def split_tags(values: Iterable[str]) -> list[str]:
    """Comma-separated tag lists as one list, order kept, empties dropped."""
    tags: list[str] = []
    for value in values:
        tags.extend(clean(tag) for tag in value.split(","))
    return [tag for tag in tags if tag]


def meta_tags(page: Page) -> list[str]:
    """article:tag values, else the keywords meta, as one list."""
    sel = page.sel
    tags = split_tags(css_found(sel, 'meta[property="article:tag"]::attr(content)'))
    if tags:
        return tags
    return split_tags(css_found(sel, "meta[name=keywords]::attr(content)"))
