"""The shared page helpers every source parser uses: headline and live updates."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from parsel import Selector

from newscrawl.parsers.jsonld import ld_updates
from newscrawl.parsers.page import (
    Page,
    PageSelector,
    clean,
    css_found,
    css_texts,
    decode,
    document_query,
    first_text,
    page_selector,
    texts,
    without_by,
    xpath_found,
)
from tests.support.parsers import page_html


def test_ld_updates_reads_each_update_body_in_order_and_skips_empty_ones() -> None:
    objects = [
        {
            "@type": "LiveBlogPosting",
            "liveBlogUpdate": [
                {"articleBody": " First  update "},
                {"articleBody": ""},
                "not an object",
                {"headline": "no body"},
            ],
        },
        {"liveBlogUpdate": {"articleBody": "Second update"}},
        {"@type": "NewsArticle"},
    ]
    assert ld_updates(objects) == ["First update", "Second update"]
    assert ld_updates([]) == []


def test_page_headline_is_the_first_non_empty_match_of_its_selectors() -> None:
    class _Headlined(Page):
        headlines = ("h1.missing", "h1.empty", "h1.title")

    html = '<h1 class="empty"> </h1><h1 class="title"> The  headline </h1>'
    assert _Headlined("https://example.com/a", html).headline == "The headline"
    assert Page("https://example.com/a", html).headline == ""


# --- decoding as a browser does -----------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "content_type", "text"),
    [
        ("windows-1252", "text/html; charset=windows-1252", "Café “élan” – déjà"),
        ("iso-8859-1", "text/html; charset=ISO-8859-1", "Crème brûlée à côté"),
        ("shift_jis", "text/html; charset=Shift_JIS", "港の防波堤の修理"),
    ],
)
def test_the_http_header_charset_decodes_the_page(encoding, content_type, text):
    body = f"<html><body><p>{text}</p></body></html>".encode(encoding)
    assert text in decode(body, content_type=content_type)


def test_the_header_wins_over_a_meta_charset_that_disagrees():
    html = '<html><head><meta charset="utf-8"></head><body><p>Café</p></body></html>'
    body = html.encode("windows-1252")
    assert "Café" in decode(body, content_type="text/html; charset=windows-1252")


def test_without_a_header_the_meta_charset_then_utf8_decide():
    html = '<html><head><meta charset="windows-1252"></head><p>Café</p></html>'
    assert "Café" in decode(html.encode("windows-1252"))
    assert "Café" in decode("<p>Café</p>".encode())


# Selectors of each kind the fast path rewrites or leaves alone: an attribute
# value, an attribute's presence, a class (alone, first of several tests, in a
# descendant chain), an id, pseudo-elements, and what it must not touch.
_SELECTORS = (
    "[data-component=text] p",
    "[data-testid] span",
    "div.story",
    "div.story.lead p",
    "p.lead[data-x]",
    "div[data-x].story",
    "#main p",
    "main#main p::text",
    "a.more::attr(href)",
    "div.story p, aside p",
    "#absent, div.absent, p[data-absent]",
    "p.absent, [data-testid] span",
    "div.absent, p.lead",
    "[title='a | b'], div.story > p",
    "div:not(.story) p",
    "p",
    "[data-component=absent] p",
    "div.absent",
    "[data-absent]",
)
_SAMPLE = page_html(
    body=(
        '<main id="main"><div class="story  lead" data-component="text">'
        '<p class="lead" data-x="1">One</p><p>Two <a class="more" href="/x">more</a>'
        '</p></div><div class="\tstory\n" data-x=""><p data-testid="t">Three'
        '<span>s</span></p><div class="story"><p>Nested</p></div></div></main>'
        '<aside class="story-aside"><p>Aside</p><div data-testid="u"><span>u</span>'
        "</div></aside>"
    )
)


@pytest.mark.parametrize("css", _SELECTORS)
def test_document_queries_find_what_parsel_finds_in_the_same_order(css: str) -> None:
    fast = PageSelector(text=_SAMPLE)
    plain = Selector(text=_SAMPLE)
    assert fast.css(css).getall() == plain.css(css).getall()
    # Below the document element the queries are parsel's own.
    assert (
        fast.css("main")[0].css(css).getall() == plain.css("main")[0].css(css).getall()
    )


@pytest.mark.parametrize(
    ("css", "attribute", "value", "token", "if_read"),
    [
        (".story", "class", None, "story", False),
        (".story.lead p", "class", None, "story", False),
        (".story:has(.lead)", "class", None, "story", False),
        ("[data-component=text] p", "data-component", "text", None, False),
        ("[data-testid] span", "data-testid", None, None, False),
        ("#main p", "id", "main", None, False),
        ("div.story p", "class", None, "story", True),
        ("h1[data-x=y]", "data-x", "y", None, True),
        ("div p", None, None, None, False),
    ],
)
def test_queries_from_an_attribute_take_the_fast_path(
    css: str, attribute: str | None, value: str | None, token: str | None, if_read: bool
) -> None:
    # The XPath is the installed cssselect's: a change in how it writes a
    # class or an attribute test must not quietly turn the fast path off.
    plan = document_query(Selector(text="<html/>")._css2xpath(css))
    found = (plan.attribute, plan.value, plan.token, plan.if_read)
    assert found == (attribute, value, token, if_read)
    # A query whose first step names a tag runs as cssselect wrote it.
    as_written = plan.xpath == Selector(text="<html/>")._css2xpath(css)
    assert as_written == (if_read or attribute is None)


def test_a_class_test_as_cssselect_before_1_3_wrote_it_takes_the_fast_path() -> None:
    xpath = (
        "descendant-or-self::*[@class and contains(concat(' ', "
        "normalize-space(@class), ' '), ' story ')]/descendant::p"
    )
    assert document_query(xpath).token == "story"


def _shown(nodes: list) -> list:
    """Nodes as comparable values: an element's markup, a string as it is."""
    return [etree.tostring(n) if isinstance(n, etree._Element) else n for n in nodes]


@pytest.mark.parametrize("css", _SELECTORS)
def test_the_nodes_found_without_selectors_are_parsels(css: str) -> None:
    fast = PageSelector(text=_SAMPLE)
    plain = Selector(text=_SAMPLE)
    for mine, theirs in ((fast, plain), (fast.css("main")[0], plain.css("main")[0])):
        found = css_found(mine, css)
        assert _shown(found) == _shown([node.root for node in theirs.css(css)])
        assert css_texts(mine, css) == texts(theirs.css(css))
        assert first_text(mine, [css]) == next(iter(texts(theirs.css(css))), "")


def test_a_query_with_exslt_regular_expressions_finds_what_parsel_finds() -> None:
    query = "//p[re:test(@class, '^le')] | //div[re:test(@class, 'story\\s')]"
    theirs = [node.root for node in Selector(text=_SAMPLE).xpath(query)]
    assert len(theirs) == 3
    assert _shown(xpath_found(PageSelector(text=_SAMPLE), query)) == _shown(theirs)


def test_a_bad_xpath_fails_as_in_parsel() -> None:
    with pytest.raises(ValueError, match="XPath error"):
        Selector(text=_SAMPLE).xpath("//p[")
    with pytest.raises(ValueError, match="XPath error"):
        xpath_found(PageSelector(text=_SAMPLE), "//p[")


def test_queries_find_what_parsel_finds_after_others_read_the_page() -> None:
    # Guards read by one query serve the next (a tag's class, a union's).
    fast = PageSelector(text=_SAMPLE)
    plain = Selector(text=_SAMPLE)
    for css in (*_SELECTORS, *_SELECTORS):
        assert fast.css(css).getall() == plain.css(css).getall(), css


@pytest.mark.parametrize(
    "text",
    [
        _SAMPLE,
        '<html><head><meta charset="iso-8859-1"></head><body><p>Café “quotes” 東京 🚋'
        "</p></body></html>",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<p>Привет</p>",
        "<p>a\x00b</p>",
        "",
        "   ",
        "<!-- only a comment -->",
        "plain text <b>bold</b>",
        "\ufeff<html><body><p>after a byte order mark</p></body></html>",
        '{"a": [1, 2]}',
        "<p>ok &amp; &nbsp; &#x1F68B; &bogus;</p><div>unclosed <span>x</p>",
        "<p>" * 3000 + "deep",
    ],
)
def test_the_page_tree_is_the_one_parsel_builds(text: str) -> None:
    fast, plain = page_selector(text), Selector(text=text)
    assert fast.type == plain.type
    if plain.type == "json":
        assert fast.root == plain.root
    else:
        assert etree.tostring(fast.root) == etree.tostring(plain.root)


@pytest.mark.parametrize(
    "declaration",
    ['<?xml version="1.0" encoding="ISO-8859-1"?>', "\ufeff <?xml version='1.0'?>"],
)
def test_a_page_that_opens_with_an_xml_declaration_is_html(declaration: str) -> None:
    # XHTML served as a web page (The Independent, 2008): parsel alone reads
    # it as XML, every element namespaced, and no selector matches.
    page = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "xhtml11.dtd">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>'
        '<body><div class="news"><h1>Headline</h1><p>Text.</p></div></body></html>'
    )
    assert Selector(text=declaration + page).css("div.news h1") == []
    tree = page_selector(declaration + page)
    assert tree.type == "html"
    assert tree.css("div.news h1::text").getall() == ["Headline"]
    assert etree.tostring(tree.root) == etree.tostring(Selector(text=page).root)


def test_text_no_encoding_holds_fails_as_parsel_fails() -> None:
    # A lone surrogate (only a str can carry one, never a fetched page).
    text = "<p>lone \ud800 surrogate</p>"
    with pytest.raises(UnicodeEncodeError):
        Selector(text=text)
    with pytest.raises(UnicodeEncodeError):
        page_selector(text)


def test_clean_collapses_every_white_space_the_pattern_would() -> None:
    # U+3000 is the last character str.isspace() or re's \s takes for space.
    spaced = re.compile(r"\s+")
    for char in map(chr, range(0x3001)):
        text = f"{char} a{char}{char}b {char}"
        assert clean(text) == spaced.sub(" ", text).strip(), hex(ord(char))


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("BY  JANE DOE", "JANE DOE"),
        ("Byron Smith", "Byron Smith"),
        # A byline meta with no name after it (NYT feature pages, 2016).
        ("By", ""),
    ],
)
def test_without_by(byline: str, names: str) -> None:
    assert without_by(byline) == names
