"""Parse a BBC News page (Next.js, Optimo, responsive or older markup) into an item."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cached_property

from lxml import etree
from parsel import Selector

from newscrawl.items import ArticleItem
from newscrawl.parsers.base import ArticlePage
from newscrawl.parsers.jsonld import ld_list, ld_str, ld_types
from newscrawl.parsers.page import (
    INLINE_TAGS,
    clean,
    is_promotion,
    meta_tags,
    without_by,
)
from newscrawl.parsers.scripts import dig, script_json

PARSER_VERSION = 3

# Visible headlines, newest markup first: Next.js (2024+), Optimo (2020-24),
# responsive (2015-20), story-body (2010-14), then the .stm pages of
# news.bbc.co.uk (2008-10: an h1 in div.mxb, outside the story's cell; 2006:
# div.mxb div.sh). A bare "first h1" is never used.
_HEADLINES = (
    "[data-component=headline-block] h1",
    "h1#main-heading",
    "h1.story-body__h1",
    "h1.story-header",
    "div#story-body h1",
    "td.storybody h1",
    "div.mxb h1",
    "div.mxb div.sh",
)
# What the <title> adds around the headline: "... - BBC News" (2015+),
# "BBC News - ..." (2010-14), "BBC NEWS | Section | ..." (.stm pages).
_TITLE_AFFIXES = re.compile(
    r"\s+-\s+BBC News\s*$|^\s*BBC News\s+-\s+|^\s*BBC NEWS\s*(?:\|[^|]*)*\|\s*",
    re.IGNORECASE,
)
# Each holds the article's blocks as children, in reading order.
_ARTICLES = (
    "main#bbc-main article",
    "main#main-content article",
    "#main-content article",
    "div.story-body__inner",
    "div.story-body",
    "div#story-body",
    "td.storybody",
)
_BYLINE_BLOCK = "[data-component=byline-block]"
# One element per person, data-testid "byline-contributors-contributor-<N>";
# inner parts such as "…-contributor-<N>-role-location" share the prefix. The
# list is reached through its attribute: "//*[@data-testid=…]" would test
# every element of the page.
_CONTRIBUTORS = (
    "//@data-testid[. = 'byline-contributors']/..//*[starts-with(@data-testid,"
    " 'byline-contributors-contributor-') and translate(substring-after(@data-testid,"
    " 'byline-contributors-contributor-'), '0123456789', '') = '']"
)
_TAGS = (
    "[data-component=tag-list-block] a",
    "[data-component=tags] a",
    "[data-component=topic-list] a",
    "[data-component=tag-list] a",
    "ul.tags-list li.tags-list__tags",
)
_NEXT_DATA = "script#__NEXT_DATA__"
_STATE_NAME = "window.__INITIAL_DATA__"
_INITIAL_DATA = re.compile(re.escape(_STATE_NAME) + r"\s*=\s*")

# Blocks of the Next.js and Optimo article whose text is article text; the
# rest (headline, byline, images and captions, ads, links, tags, embeds) is not.
_TEXT_BLOCKS = frozenset(
    {"text-block", "subheadline-block", "crosshead-block", "unordered-list-block"}
)
# Blocks that never hold article text.
_NOT_TEXT_BLOCKS = frozenset(
    {
        "headline-block",
        "byline-block",
        "metadata-block",
        "image-block",
        "caption-block",
        "media-block",
        "video-block",
        "ad-slot",
        "include-block",
        "links-block",
        "tag-list-block",
        "tags",
        "tag-list",
        "topic-list",
        "see-alsos",
    }
)
# The text inside such a block: paragraphs, subheadings, whole lists, quotes.
_BLOCK_PARTS = (
    ".//p[not(ancestor::li or ancestor::blockquote)] | .//h2 | .//h3"
    " | .//ul[not(ancestor::li)] | .//ol[not(ancestor::li)] | .//blockquote"
)
# Children of the responsive and older story bodies that are article text;
# 2008-14 crossheads are spans among the paragraphs.
_OLD_PARTS = (
    "./p | ./h2 | ./h3 | ./ul | ./ol | ./blockquote"
    " | ./span[contains(concat(' ', normalize-space(@class), ' '), ' cross-head ')]"
)
# .stm pages mark the story with comments: "S BO"/"E BO" around the body,
# "S SF"/"E SF" around the intro, and "S I…"/"E I…" around its boxes (IBOX
# fact boxes, IIMA pictures, ILIN links, IANC anchors).
_STM_START, _STM_END = "S BO", "E BO"
# .stm elements never read, wherever they sit: boxes set apart by class, and
# what holds no text.
_STM_BOXES = frozenset(
    {"story-feature", "caption", "cap", "embedded-hyper", "hyperpuff", "o", "arr"}
    # The headline's box (read as the headline, not as text).
    | {"mxb"}
)
_STM_SKIPPED = frozenset(
    {"script", "style", "noscript", "form", "object", "embed", "iframe", "img"}
)
# An inline element (INLINE_TAGS) holding blocks or markers is walked, not
# run into the line (2006 pages wrap the whole story in a <font>).
_STM_BLOCKS = (
    ".//p | .//div | .//table | .//ul | .//ol | .//blockquote | .//br | .//comment()"
)
# The markers a paragraph may hold when its <P> was never closed.
_STM_MARKS = (
    ".//comment()[starts-with(normalize-space(.), 'S I')"
    f" or normalize-space(.) = '{_STM_END}']"
)
# Text never taken, wherever it sits: scripts, inline styles (2020 pages put
# <style> inside blocks) and the visually hidden labels of old captions.
_TEXT = (
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::*[contains(concat(' ', normalize-space(@class), ' '),"
    " ' off-screen ')])]"
)

# A consent or sign-in wall standing in for the article (no article blocks).
_GATES = (
    "//*[@id='consent-banner' or @data-component='consent-banner'"
    " or contains(@id, 'cookie-banner') or contains(@class, 'cookie-banner')"
    " or @id='sign-in-banner' or @data-testid='sign-in-gate']"
)
_SLASH_DATE = re.compile(r"^(\d{4})/(\d{2})/(\d{2}) (\d{2}:\d{2}:\d{2})$")


def parse(url: str, html: str | bytes) -> ArticleItem:
    """Return what a BBC News page says about its article; bad markup never raises."""
    return BBCPage.parse(url, html)


class BBCPage(ArticlePage):
    """A BBC News page."""

    source = "bbc"
    version = PARSER_VERSION
    headlines = _HEADLINES
    bodies = _ARTICLES
    topics = _TAGS
    title_suffix = " - BBC News"
    live_path = re.compile(r"^/news/live/")
    gates = _GATES

    @cached_property
    def next_props(self) -> object:
        """``props.pageProps`` of the Next.js page state, or None."""
        return dig(script_json(self.sel, _NEXT_DATA), "props", "pageProps")

    @cached_property
    def metadata(self) -> dict:
        """The article metadata of the embedded page state (Next.js or Optimo)."""
        found = dig(self.next_props, "metadata")
        if isinstance(found, dict):
            return found
        return _optimo_metadata(self.sel)

    @cached_property
    def next_page(self) -> dict:
        """The Next.js page entry (topics, section), or an empty dict."""
        pages = dig(self.next_props, "page")
        if isinstance(pages, dict):
            for value in pages.values():
                if isinstance(value, dict):
                    return value
        return {}

    @cached_property
    def paragraphs(self) -> list[str]:
        """The article text: the .stm story between its comments, else the body."""
        marked = _stm_texts(self.sel.root)
        if marked is not None:
            return [text for text in marked if text]
        return super().paragraphs

    def paragraphs_in(self, container: Selector) -> list[str]:
        """Paragraph texts of the article container, noise left out."""
        blocks = container.xpath("./*[@data-component] | ./div/*[@data-component]")
        if not blocks:
            # Responsive and older: the body's own children; figures, ads and
            # embeds are divs and figures, skipped by not being selected.
            parts = container.xpath(_OLD_PARTS)
            return [text for text in _texts_of(parts) if text]
        # Next.js and Optimo: only text blocks, whatever else sits between; a
        # block kind not seen before is read only when they hold no text.
        found = _block_texts(blocks, lambda kind: kind in _TEXT_BLOCKS)
        return found or _block_texts(blocks, lambda kind: kind not in _NOT_TEXT_BLOCKS)

    def title(self) -> str:
        """Visible headline, else JSON-LD's, og:title, <title> or meta Headline.

        The <title> counts only with what the site adds around the headline
        (which it loses), so a consent page's own title is never taken; meta
        Headline (2006-14) is a shorter promo wording, so it comes last.
        """
        return super().title() or self._title_less_affixes() or self.meta("Headline")

    def _title_less_affixes(self) -> str:
        """The <title> less what the site adds, or "" if it adds nothing."""
        shown = clean(self.sel.xpath("string(//title)").get() or "")
        return _TITLE_AFFIXES.sub("", shown) if _TITLE_AFFIXES.search(shown) else ""

    def headline_data(self) -> Sequence[str]:
        """JSON-LD headline, then the promo wordings: og:title, meta Headline."""
        return (*super().headline_data(), self.meta("Headline"))

    def standfirst(self) -> str:
        """The page's one-line summary (BBC pages show no standfirst)."""
        description, social = self.meta("description"), self.meta("og:description")
        # A description meta whose quotes the page left unescaped ends at the
        # first of them (2015: 'content="... failure to pass "common'), where
        # og:description has it all.
        if description and social.startswith(description):
            return social
        return description or social

    def is_empty(self) -> bool:
        """Whether the page shows neither headline nor article text."""
        return not self.headline and not self.paragraphs

    def byline(self) -> str:
        """Names of the visible contributors, else the JSON-LD people."""
        names = []
        for contributor in self.sel.xpath(_CONTRIBUTORS):
            # Each contributor is a name, then maybe a role line ("BBC News").
            found = [clean(t) for t in contributor.xpath(".//text()").getall()]
            found = [t for t in found if t]
            if found:
                names.append(without_by(found[0]))
        # Optimo's block is a name line and a role line; Next.js pages without
        # contributors have a block holding only a time and buttons.
        if not names and not self.sel.css(_NEXT_DATA):
            block = self.sel.css(_BYLINE_BLOCK)
            if block:
                found = [clean(t) for t in block[0].xpath(_TEXT).getall()]
                found = [t for t in found if t and not _is_time_text(t)]
                if found:
                    names.append(without_by(found[0]))
        if not names:
            names = _ld_people(self)
        return " and ".join(name for name in names if name)

    def published(self) -> datetime | None:
        """When the article was first published."""
        return self.date(
            "datePublished",
            ("article:published_time", "cXenseParse:publishtime"),
            _epoch(self.metadata.get("firstPublished")),
            *self.sel.css("div.date[data-seconds]::attr(data-seconds)").getall(),
            _slash_date(self.meta("OriginalPublicationDate")),
        )

    def modified(self) -> datetime | None:
        """When the article was last modified."""
        return self.date(
            "dateModified",
            ("article:modified_time",),
            _epoch(self.metadata.get("lastPublished")),
            _epoch(self.metadata.get("lastUpdated")),
            # The Next.js byline time is the last update (its text is relative).
            *self.sel.css("[data-testid=byline] time::attr(datetime)").getall(),
        )

    def section(self) -> str:
        """The section name."""
        section = self.metadata.get("section")
        name = section.get("name") if isinstance(section, dict) else section
        return (
            self.meta("article:section")
            or (clean(name) if isinstance(name, str) else "")
            or self.meta("page.subsection")
            or self.meta("page.section")
            or self.meta("Section")
        )

    def tags(self) -> list[str]:
        """The "Related topics" of the page, else embedded topics, else keywords."""
        return self.shown_tags() or self._next_topics() or meta_tags(self)

    def _next_topics(self) -> list[str]:
        """The topics of the Next.js page entry."""
        topics = [
            clean(topic["title"])
            for topic in ld_list(self.next_page.get("topics"))
            if isinstance(topic, dict) and isinstance(topic.get("title"), str)
        ]
        return [topic for topic in topics if topic]


def _optimo_metadata(sel: Selector) -> dict:
    """metadata of the article entry in window.__INITIAL_DATA__, or {}."""
    for script in sel.xpath("//script[not(@src)]/text()").getall():
        # A substring test first: the pattern's search is slower over the
        # 100 KB of the page's other scripts.
        match = _INITIAL_DATA.search(script) if _STATE_NAME in script else None
        if match is None:
            continue
        try:
            value, _ = json.JSONDecoder(strict=False).raw_decode(script, match.end())
            # 2022-24 pages assign a JSON string holding the JSON.
            if isinstance(value, str):
                value = json.loads(value, strict=False)
        except (ValueError, RecursionError):
            return {}
        entries = dig(value, "data")
        if not isinstance(entries, dict):
            return {}
        for key, entry in entries.items():
            found = dig(entry, "data", "metadata")
            if key.startswith("article") and isinstance(found, dict):
                return found
        return {}
    return {}


def _text(sel: Selector) -> str:
    """Text of an element without scripts, styles and hidden labels."""
    return clean("".join(sel.xpath(_TEXT).getall()))


def _is_promo_list(items: list[Selector]) -> bool:
    """Whether a list's every item is one link to another story (a promo list)."""
    if not items:
        return False
    for li in items:
        links = li.xpath(".//a")
        if len(links) != 1:
            return False
        rest = _text(li).replace(_text(links[0]), "", 1).strip(" :-|")
        # 2020 promo lists put an upper-case label ("READ MORE:") before the link.
        if rest and not rest.isupper():
            return False
    return True


def _list_items(lst: Selector) -> list[str]:
    """The items of one list, unless it is a promo list."""
    items = lst.xpath("./li")
    return [] if _is_promo_list(items) else [_text(li) for li in items]


def _texts_of(parts: list[Selector]) -> list[str]:
    """Texts of paragraphs, subheadings, lists and quotes, in order."""
    found: list[str] = []
    for part in parts:
        tag = part.root.tag
        if is_promotion(part):
            continue
        if tag in ("ul", "ol"):
            found.extend(_list_items(part))
        elif tag == "blockquote":
            found.extend(_text(p) for p in part.xpath("./p") or [part])
        else:
            found.append(_text(part))
    return found


def _block_texts(blocks: list[Selector], wanted: Callable[[str], bool]) -> list[str]:
    """Paragraph texts of the blocks whose data-component is *wanted*."""
    parts: list[Selector] = []
    for block in blocks:
        if not wanted(block.attrib.get("data-component", "")):
            continue
        # Cards and figures nested in a block are never text.
        nested = {
            node.root
            for node in block.xpath(
                ".//*[@data-testid or self::figure or self::aside]//*"
            )
        }
        parts.extend(p for p in block.xpath(_BLOCK_PARTS) if p.root not in nested)
    return [text for text in _texts_of(parts) if text]


def _stm_texts(root: etree._Element) -> list[str] | None:
    """The texts of a .stm story, in order; None if no comments mark one.

    From the "S BO" comment to "E BO" (its siblings and their subtrees):
    paragraphs, lists, quotes, cross-heads, the intro (a bare <b> in 2006)
    and text that stands bare between them (after a box, before the next
    <P>), leaving out the comment-marked boxes and :data:`_STM_BOXES`.
    """
    # One XPath in C finds the marker; pages without it cost no more.
    starts = root.xpath(f"//comment()[normalize-space(.) = '{_STM_START}']")
    if not starts:
        return None
    walk = _StoryWalk()
    walk.bare(starts[0].tail)
    for node in starts[0].itersiblings():
        if not walk.visit(node):
            break
        walk.bare(node.tail)
    walk.flush()
    found: list[str] = []
    for part in walk.found:
        if isinstance(part, str):
            found.append(part)
        else:
            found.extend(_texts_of([Selector(root=part)]))
    return found


class _StoryWalk:
    """The state of a walk through a .stm story: its boxes, intro and finds."""

    def __init__(self) -> None:
        self.found: list[etree._Element | str] = []
        # Bare text and inline elements not yet ended by a block.
        self.run: list[str] = []
        self.boxes = 0
        self.intro = False

    def visit(self, node: etree._Element) -> bool:
        """Take what *node* holds; False once the story's end is reached."""
        if node.tag is etree.Comment:
            return self.mark((node.text or "").strip())
        if self.boxes or not isinstance(node.tag, str):
            return True
        classes = set((node.get("class") or "").split())
        if node.tag in _STM_SKIPPED or classes & _STM_BOXES:
            return True  # nothing inside it is read
        if self.intro and node.tag == "b":
            self.flush()
            self.found.append(node)
            return True
        if (
            node.tag in INLINE_TAGS
            and "cross-head" not in classes
            and not node.xpath(_STM_BLOCKS)
        ):
            self.run.append(_text(Selector(root=node)))
            return True
        self.flush()
        is_text = node.tag in ("p", "ul", "ol", "blockquote") or "cross-head" in classes
        # An unclosed <P> can hold a box or the story's end: walked, not taken.
        if is_text and not node.xpath(_STM_MARKS):
            self.found.append(node)
            return True
        self.bare(node.text)
        for child in node:
            if not self.visit(child):
                return False
            self.bare(child.tail)
        self.flush()
        return True

    def bare(self, text: str | None) -> None:
        """Take text that stands between the story's elements."""
        if text and not self.boxes:
            self.run.append(text)

    def flush(self) -> None:
        """End the run of bare text: a paragraph, if it holds any words."""
        text = clean("".join(self.run))
        self.run = []
        if text:
            self.found.append(text)

    def mark(self, mark: str) -> bool:
        """Follow a comment marker; False at the story's end."""
        if mark == _STM_END:
            return False
        if mark in ("S SF", "E SF"):
            self.intro = mark == "S SF"
        elif re.match(r"S I[A-Z]", mark):
            self.flush()
            self.boxes += 1
        elif re.match(r"E I[A-Z]", mark):
            self.boxes = max(self.boxes - 1, 0)
        return True


def _slash_date(value: str) -> str:
    """A story-body era ``YYYY/MM/DD HH:MM:SS`` (UTC) value as ISO 8601."""
    match = _SLASH_DATE.match(value.strip())
    return f"{match[1]}-{match[2]}-{match[3]}T{match[4]}Z" if match else value


def _epoch(value: object) -> str | None:
    """An embedded epoch-milliseconds number as text for parse_date."""
    return (
        str(value) if isinstance(value, int) and not isinstance(value, bool) else None
    )


def _is_time_text(text: str) -> bool:
    """Whether a byline-block string is its relative time ("2 hours ago")."""
    return text.endswith(" ago") or text.startswith(("Published", "Updated"))


def _ld_people(page: BBCPage) -> list[str]:
    """JSON-LD authors that are people (pages without a byline name the BBC)."""
    names = []
    for author in ld_list(page.article_ld.get("author")):
        if isinstance(author, dict) and "Person" in ld_types(author):
            # 2020 pages put "By " in front of the name.
            name = without_by(ld_str(author, "name"))
            if name:
                names.append(name)
    return names
