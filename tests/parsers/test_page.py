"""The shared page helpers every source parser uses: headline and live updates."""

from __future__ import annotations

from newscrawl.parsers.jsonld import ld_updates
from newscrawl.parsers.page import Page


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
