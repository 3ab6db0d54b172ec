"""The parser template: a source that only declares selectors gets every field."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from newscrawl.items import ArticleItem
from newscrawl.parsers.base import FIELDS, ArticlePage
from tests.support.parsers import page_html

URL = "http://news.example/2026/11/20/harbour-wall"
LIVE_URL = "https://news.example/live/2026/11/20/election-night"


class _Minimal(ArticlePage):
    """A source that declares selectors and nothing else."""

    source = "minimal"
    version = 3
    headlines = ("h1.headline",)
    bodies = ("div.story",)
    standfirsts = ("p.dek",)
    bylines = ("p.byline",)
    sections = ("a.section",)
    topics = ("ul.tags a",)
    title_suffix = " - Example News"
    live_path = re.compile(r"^/live/")
    gates = "//*[@id='consent']"


STORY = (
    '<div class="story">'
    "<p>First  paragraph.</p>"
    "<figure><figcaption>A caption, not text.</figcaption></figure>"
    "<h2>A subheading</h2>"
    "<ul><li>One item</li><li>Another item</li></ul>"
    "<blockquote><p>A quoted line.</p></blockquote>"
    '<p role="note">Skip to the end</p>'
    "<p>Last paragraph.</p>"
    "</div>"
)
PARAGRAPHS = [
    "First paragraph.",
    "A subheading",
    "One item",
    "Another item",
    "A quoted line.",
    "Last paragraph.",
]
VISIBLE = page_html(
    head='<link rel="canonical" href="/2026/11/20/harbour-wall">'
    '<meta property="article:published_time" content="2026-11-20T09:30:00Z">'
    '<meta property="article:modified_time" content="2026-11-20T10:15:00+01:00">',
    body='<a class="section" href="/world">World</a>'
    '<h1 class="headline">Harbour wall to reopen</h1>'
    '<p class="dek">A barrier could open part of the path by spring.</p>'
    '<p class="byline">Alex Example</p>'
    + STORY
    + '<ul class="tags"><li><a>Harbours</a></li><li><a>Councils</a></li>'
    "<li><a>Harbours</a></li></ul>",
)


def _ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_a_source_that_declares_only_selectors_gets_every_field() -> None:
    item = _Minimal.parse(URL, VISIBLE)
    assert item == ArticleItem(
        url=URL,
        source="minimal",
        canonical_url=URL,  # the page's own, as it gives it
        title="Harbour wall to reopen",
        standfirst="A barrier could open part of the path by spring.",
        byline="Alex Example",
        published=datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc),
        modified=datetime(2026, 11, 20, 9, 15, tzinfo=timezone.utc),
        section="World",
        tags=["Harbours", "Councils"],
        body=PARAGRAPHS,
        page_type="article",
        parser_version="3",
    )


def test_fields_the_page_does_not_show_come_from_json_ld_and_meta() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Harbour wall to reopen",
        "author": [{"@type": "Person", "name": "Alex Example"}, "Sam Sample"],
        "datePublished": "2026-11-20T09:30:00Z",
        "dateModified": "2026-11-20T10:15:00Z",
    }
    html = page_html(
        head='<meta property="og:url" content="https://news.example/a">'
        '<meta property="article:section" content="World news">'
        '<meta name="keywords" content="Harbours, Councils">' + _ld({"@graph": [ld]}),
        body=STORY,
    )
    item = _Minimal.parse(URL, html)
    assert item.canonical_url == "https://news.example/a"
    assert item.title == "Harbour wall to reopen"
    assert item.byline == "Alex Example and Sam Sample"
    assert item.published == datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
    assert item.modified == datetime(2026, 11, 20, 10, 15, tzinfo=timezone.utc)
    assert (item.section, item.tags) == ("World news", ["Harbours", "Councils"])
    assert (item.body, item.page_type) == (PARAGRAPHS, "article")


def test_og_title_loses_the_site_suffix() -> None:
    html = page_html(
        head='<meta property="og:title" content="Harbour wall - Example News">',
        body=STORY,
    )
    assert _Minimal.parse(URL, html).title == "Harbour wall"


def test_a_live_blog_by_its_path_has_its_json_ld_updates_as_body() -> None:
    ld = {
        "@type": "NewsArticle",
        "liveBlogUpdate": [{"articleBody": "Second"}, {"articleBody": "First"}],
    }
    html = page_html(head=_ld(ld), body='<h1 class="headline">Election night</h1>')
    item = _Minimal.parse(LIVE_URL, html)
    assert (item.page_type, item.body) == ("liveblog", ["Second", "First"])


def test_a_live_blog_by_its_json_ld_type() -> None:
    html = page_html(head=_ld({"@type": "LiveBlogPosting"}), body=STORY)
    item = _Minimal.parse(URL, html)
    # Without updates in JSON-LD the body is the page's own text.
    assert (item.page_type, item.body) == ("liveblog", PARAGRAPHS)


def test_a_gate_without_article_text_is_an_interstitial() -> None:
    html = page_html(
        body='<h1 class="headline">Harbour wall</h1><div class="story"></div>'
        '<div id="consent">Accept cookies to read on</div>'
    )
    assert _Minimal.parse(URL, html).page_type == "interstitial"
    # With its text on the page, a consent banner is no wall.
    assert _Minimal.parse(URL, VISIBLE + '<div id="consent"></div>').page_type == (
        "article"
    )


def test_paywall_signs_come_first() -> None:
    class _Walled(_Minimal):
        def paywall_signs(self) -> list[str]:
            return ["subscribe"] if "Subscribe" in self.sel.get() else []

    assert _Walled.parse(URL, VISIBLE).page_type == "article"
    html = VISIBLE.replace("Last paragraph.", "Subscribe to read on.")
    assert _Walled.parse(LIVE_URL, html).page_type == "paywall"


def test_a_page_without_headline_or_body_container_is_other() -> None:
    item = _Minimal.parse(URL, page_html(body="<p>Hello</p>"))
    assert (item.page_type, item.title, item.body) == ("other", "", [])


def test_a_field_that_raises_costs_only_that_field() -> None:
    class _Broken(_Minimal):
        def byline(self) -> str:
            raise ValueError("garbled byline")

    item = _Broken.parse(URL, VISIBLE)
    expected = _Minimal.parse(URL, VISIBLE)
    assert item.byline == ""
    assert [getattr(item, f) for f in FIELDS if f != "byline"] == [
        getattr(expected, f) for f in FIELDS if f != "byline"
    ]


@pytest.mark.parametrize(
    "error",
    [
        ImportError("No module named 'lxml_html_clean'"),
        NameError("name 'paragraphs' is not defined"),
        MemoryError(),
    ],
)
def test_an_error_no_markup_causes_goes_up(error: Exception) -> None:
    # A bug or a broken installation fails every page alike: the crawl must
    # hear of it, not read every page as empty.
    class _Broken(_Minimal):
        def body(self) -> list[str]:
            raise error

    with pytest.raises(type(error)):
        _Broken.parse(URL, VISIBLE)


def test_a_page_that_cannot_be_built_gives_an_empty_other_item() -> None:
    class _Unreadable(_Minimal):
        def __init__(self, url: str, html: str | bytes) -> None:
            raise ValueError("unreadable")

    item = _Unreadable.parse(URL, VISIBLE)
    assert item == ArticleItem(
        url=URL, source="minimal", page_type="other", parser_version="3"
    )


@pytest.mark.parametrize(
    "junk", ["", b"", b"\xff\xfe junk", "<<<>>>", bytes(range(256)), "not html"]
)
def test_junk_gives_an_empty_other_item(junk: str | bytes) -> None:
    item = _Minimal.parse(URL, junk)
    assert (item.page_type, item.title, item.body) == ("other", "", [])
    assert (item.source, item.parser_version) == ("minimal", "3")


def test_the_template_reads_every_item_field_a_parser_fills() -> None:
    filled_elsewhere = {"url", "source", "parser_version", "fetched_at"}
    filled_elsewhere |= {"content_hash", "etag", "last_modified", "fetched", "page_key"}
    assert set(FIELDS) == set(ArticleItem.__dataclass_fields__) - filled_elsewhere
    assert all(callable(getattr(ArticlePage, field)) for field in FIELDS)
