"""The fallback reading: what a source's parser misses in a redesigned page."""

from __future__ import annotations

import pytest

from newscrawl.crawl.parse_pool import read_page
from newscrawl.parsers import PARSERS, fallback, guardian
from testsite.markup import e, ld_script
from testsite.pages import render_dcr
from testsite.server import sample_article

URL = "https://www.theguardian.com/world/2026/nov/20/harbour-wall-repair"
TITLE = "Harbour wall repair plan divides town"
PARAGRAPHS = [
    f"Paragraph {n} of our own about the harbour wall: the council met on"
    " Tuesday evening, heard the engineers' report on the storm damage and"
    " argued for two hours about who should pay for the repair of the stones."
    for n in range(1, 9)
]
LD = ld_script(
    {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE}
)
OG = "<meta property='og:type' content='article'>"


def redesigned(*, head: str = "", paragraphs: list[str] = PARAGRAPHS) -> bytes:
    """A Guardian article in markup no parser of newscrawl knows."""
    body = "".join(f"<p>{e(p)}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{e(TITLE)} | The Guardian</title>{head}"
        f"</head><body><main class='y-story'><h1 class='y-title'>{e(TITLE)}</h1>"
        f"<div class='y-copy'>{body}</div></main></body></html>"
    ).encode()


def _read(page: bytes, *, fall_back: bool = True):
    return read_page(
        PARSERS["guardian"],
        URL,
        page,
        "text/html; charset=utf-8",
        fallback=(lambda url, html: fallback.read(url, html, source="guardian"))
        if fall_back
        else None,
    )


@pytest.mark.parametrize(
    "page",
    [redesigned(head=LD), redesigned(head=OG), redesigned()],
    ids=["json-ld", "og-type", "substantial-text"],
)
def test_a_page_that_is_an_article_by_its_signs_is_read_by_the_fallback(page):
    item = _read(page)
    assert fallback.is_fallback(item.parser_version)
    assert item.title == TITLE
    assert item.body == PARAGRAPHS


def test_without_signs_the_parsers_miss_stands():
    """A short page with no metadata (a section front, an error page) is left
    to the parser, which rejects it."""
    item = _read(redesigned(paragraphs=PARAGRAPHS[:1]))
    assert not fallback.is_fallback(item.parser_version)
    assert not item.body


def test_a_spider_without_fallback_keeps_its_parsers_reading():
    item = _read(redesigned(head=LD), fall_back=False)
    assert not fallback.is_fallback(item.parser_version)
    assert not item.body


def test_a_page_the_parser_reads_is_never_read_by_the_fallback():
    article = sample_article("harbour-wall-repair")
    page = render_dcr({**article, "url": URL}).encode()
    item = _read(page)
    assert item.title and item.body
    assert item.parser_version == str(guardian.PARSER_VERSION)


def test_fallback_versions_are_told_apart():
    assert fallback.is_fallback(fallback.version())
    assert not fallback.is_fallback("3")
    assert not fallback.is_fallback(None)
