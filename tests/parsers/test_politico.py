"""Unit tests for the Politico parser and URL rules, on test-site pages."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newscrawl.items import ArticleItem
from newscrawl.parsers.dates import us_eastern_to_utc
from newscrawl.parsers.politico import PARSER_VERSION, parse
from spiders.politico import PoliticoSpider, is_article_path, without_amp
from tests.support.parsers import drop, page_html
from testsite import politico as site
from testsite.pages import expected_body

UTC = timezone.utc
BASE = "https://www.politico.com"

STAFF = {
    **site.article(
        "/news/2025/01/20/harbour-wall-vote-00199487",
        section="White House",
        title="Town council votes to repair the wall",
    ),
    "url": f"{BASE}/news/2025/01/20/harbour-wall-vote-00199487",
    "byline": "Jane Doe",
    # 06:00 PM EST on the page.
    "published": datetime(2025, 1, 20, 23, 0, tzinfo=UTC),
    "modified": datetime(2025, 1, 21, 1, 30, tzinfo=UTC),
}
SUMMER = {
    **STAFF,
    "url": f"{BASE}/news/2022/07/04/ferry-strike-talks-00062145",
    "title": "Ferry strike talks: what changes & when",
    "byline": "Jane Doe, Sam Poe and John Roe",
    "section": "Elections",
    "tags": ["Elections", "Transport"],
    # 12:05 PM EDT on the page.
    "published": datetime(2022, 7, 4, 16, 5, tzinfo=UTC),
    "modified": datetime(2022, 7, 4, 18, 0, tzinfo=UTC),
    "body": [
        "The changes take effect in May.",
        "## What the unions want",
        "Unions said they had not been consulted.",
        "The plans will be reviewed in autumn.",
        "A second hearing is set for June.",
    ],
}
TRICKY = {
    **STAFF,
    "url": f"{BASE}/news/2025/03/01/escaping-test-00200001",
    "title": "Why <script>alert('x')</script> & other tags matter",
    "standfirst": "Café owners in Zürich say “no” – and mean it. 東京 too 🚋",
    "byline": "Zoë Ñúñez and Ana O'Neil",
    "section": "Q&A",
    "tags": ["Q&A", "Zürich"],
    "body": [
        "A paragraph with <b>not bold</b> & an ampersand.",
        "## Sub <em>heading</em> & more",
        "Naïve façade — résumé, 東京, emoji 🚋.",
        "Last line with a \"quote\" and an 'apostrophe'.",
    ],
}
ARTICLES = {"staff": STAFF, "summer": SUMMER, "tricky": TRICKY}
#: renderer -> whether its pages carry JSON-LD (the only source of "modified").
RENDERERS = {
    "story": (site.render_article, True),
    "story2022": (site.render_2022, False),
    "story2016": (site.render_2016, False),
}


def _cases() -> list:
    return [
        pytest.param(render, has_ld, article, id=f"{name}-{key}")
        for name, (render, has_ld) in RENDERERS.items()
        for key, article in ARTICLES.items()
    ]


# -- every field, each markup ---------------------------------------------------


@pytest.mark.parametrize(("render", "has_ld", "article"), _cases())
def test_fields_round_trip(render, has_ld: bool, article: dict) -> None:
    item = parse(article["url"], render(article))
    assert isinstance(item, ArticleItem)
    assert (item.source, item.parser_version) == ("politico", str(PARSER_VERSION))
    assert item.url == item.canonical_url == article["url"]
    assert item.title == article["title"]
    assert item.standfirst == article["standfirst"]
    assert item.byline == article["byline"]
    assert item.published == article["published"]
    assert item.published.tzinfo is UTC
    assert item.modified == (article["modified"] if has_ld else None)
    assert item.section == article["section"]
    # The 2016 template has no tag list.
    assert item.tags == (article["tags"] if render is not site.render_2016 else [])
    assert item.body == expected_body(article["body"])
    assert item.page_type == "article"


@pytest.mark.parametrize(("render", "has_ld", "article"), _cases())
def test_noise_is_left_out_of_the_body(render, has_ld: bool, article: dict) -> None:
    html = render(article)
    body = "\n".join(parse(article["url"], html).body)
    present = [text for text in site.NOISE_TEXTS if text in html]
    assert len(present) >= 4
    for text in present:
        assert text not in body


def test_story_paragraphs_nested_in_a_wrapper_count_but_not_in_an_aside() -> None:
    html = site.render_article(STAFF)
    first = f'<p class="story-text__paragraph">{STAFF["body"][0]}</p>'
    assert first in html
    html = html.replace(
        first,
        f'<div class="story-text__inner">{first}</div>'
        '<aside class="story-enhancement">'
        '<p class="story-text__paragraph">A promo for another story.</p></aside>',
    )
    assert parse(STAFF["url"], html).body == expected_body(STAFF["body"])


def test_newsletter_sections_and_items_without_promos() -> None:
    letter = site.default_pages()[
        "/newsletters/playbook/2026/11/20/harbour-wall-deal-00123454"
    ]["article"]
    url = BASE + letter["path"]
    html = site.render_newsletter({**letter, "url": url})
    item = parse(url, html)
    assert item.page_type == "article"
    assert item.canonical_url == url  # not the politi.co og:url
    assert item.title == letter["title"]
    assert item.byline == letter["byline"]
    assert item.body == expected_body(letter["body"])
    for text in (site.TWITTER_AUTHORS, site.SPONSOR_TEXT, site.INTERRUPT_TEXT):
        assert text in html
        assert text not in "\n".join(item.body)


def test_2016_pm_times_are_read_from_the_text_not_the_12_hour_attribute() -> None:
    article = {
        **STAFF,
        "url": f"{BASE}/story/2016/10/harbour-wall-vote-229112",
        "published": datetime(2016, 10, 4, 21, 29, tzinfo=UTC),
    }
    html = site.render_2016(article)
    assert 'datetime="2016-10-04T05:29-0400"' in html
    assert "10/04/16 05:29 PM EDT" in html
    assert parse(article["url"], html).published == article["published"]


def test_2016_sidebar_bylines_and_times_are_not_the_story_s() -> None:
    html = site.render_2016(STAFF)
    # The sidebar's story list comes first in the page, in the same markup.
    assert html.index(site.SIDEBAR_BYLINE) < html.index("story-main-content")
    item = parse(STAFF["url"], html)
    assert item.byline == STAFF["byline"]
    assert item.published == STAFF["published"]


def test_story_time_without_offset_is_us_eastern() -> None:
    html = site.render_2022(SUMMER)
    assert 'datetime="2022-07-04 12:05:00"' in html
    assert parse(SUMMER["url"], html).published == SUMMER["published"]


def test_json_ld_time_without_seconds_or_colon() -> None:
    html = site.render_article(STAFF)
    assert '"datePublished": "2025-01-20T18:00-0500"' in html
    html = drop(html, r'<p class="story-meta__timestamp">.*?</p>')
    assert parse(STAFF["url"], html).published == STAFF["published"]


def test_upper_case_names_are_kept_as_shown() -> None:
    article = {**STAFF, "byline": "ALLY EXAMPLE"}
    assert parse(STAFF["url"], site.render_2022(article)).byline == "ALLY EXAMPLE"


def test_title_falls_back_to_og_title_then_json_ld_without_suffix() -> None:
    html = drop(site.render_article(STAFF), r'<h1 class="headline">.*?</h1>')
    assert parse(STAFF["url"], html).title == STAFF["title"]
    html = drop(html, r'<meta property="og:title"[^>]*>')
    assert parse(STAFF["url"], html).title == STAFF["title"]


def test_short_link_og_url_is_never_the_canonical() -> None:
    html = drop(site.render_2016(STAFF), r'<link rel="canonical"[^>]*>')
    assert "https://politi.co/" in html
    assert parse(STAFF["url"], html).canonical_url is None


def test_legacy_page() -> None:
    head = (
        "<title>Harbour wall repair approved - Jane Doe - POLITICO.com</title>"
        '<meta property="og:title" content="Harbour wall repair approved">'
        '<meta name="publish_date" content="Sat, 09 Oct 2010 07:15:45 EST">'
        '<meta name="author" content="Jane Doe">'
    )
    body = (
        '<div class="story-text resize">'
        '<div class="byline">By Jane Doe &amp; Sam Poe | 10/9/10 7:15 AM EDT</div>'
        "<p>First paragraph.</p><p>Second paragraph.</p></div>"
        '<div class="comments"><p>A reader comment.</p></div>'
    )
    html = page_html(head, body, ' id="storyPage"')
    item = parse(f"{BASE}/news/stories/1010/43330.html", html)
    assert item.title == "Harbour wall repair approved"
    assert item.byline == "Jane Doe & Sam Poe"
    assert item.published == datetime(2010, 10, 9, 12, 15, 45, tzinfo=UTC)
    assert item.body == ["First paragraph.", "Second paragraph."]
    assert item.page_type == "article"


# -- page types ---------------------------------------------------------------------


def test_free_article_marked_not_free_in_json_ld_is_no_paywall() -> None:
    html = site.render_article(STAFF)
    assert '"isAccessibleForFree": false' in html
    assert parse(STAFF["url"], html).page_type == "article"


def test_cloudflare_check_is_an_interstitial() -> None:
    url = f"{BASE}/news/2026/11/20/senate-budget-deal-00123456"
    item = parse(url, site.render_challenge(url))
    assert item.page_type == "interstitial"
    assert item.body == []


def test_live_updates_are_liveblogs() -> None:
    url = BASE + site.LIVE_PATH
    article = {**STAFF, "url": url}
    assert parse(url, site.render_article(article)).page_type == "liveblog"


def test_unknown_markup_is_other() -> None:
    # A front end that renders the story from script state: nothing to read.
    html = page_html(
        '<meta property="og:title" content="A story">',
        '<div id="__nuxt"></div><script>window.__NUXT__ = {"state": {}};</script>',
    )
    assert parse(STAFF["url"], html).page_type == "other"


# -- URL rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/news/2025/01/20/trump-inauguration-executive-orders-00199487",
        "/news/2019/11/18/harbour-wall-vote-070123",
        "/news/2022/07/04/ferry-strike-talks-00062145/",
        "/story/2016/10/harbour-wall-vote-229112",
        "/news/stories/1010/43330.html",
        "/newsletters/playbook/2022/11/20/harbour-wall-deal-00070001",
        "/newsletters/weekly-trade/2025/01/20/tariff-talk-00199001",
    ],
)
def test_article_paths(path: str) -> None:
    assert is_article_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/news/ohio",
        "/news/elections",
        "/white-house-news-updates-analysis",
        "/staff/jane-doe",
        "/gallery/2026/11/20/harbour-vote-photos-00123460",
        "/rss",
        "/sitemap",
        "/about-us",
        "/minutes/congress/11-20-2026/vote",
        "/amp/news/2019/11/18/harbour-wall-vote-070123",
        "/newsletters/playbook",
        "/live-updates/2026/11/20/congress/budget-vote-live-00123455",
        "/_preview/news/2026/11/20/draft-00123499",
    ],
)
def test_non_article_paths(path: str) -> None:
    assert not is_article_path(path)


def test_live_updates_only_when_asked() -> None:
    path = "/live-updates/2026/11/20/congress/budget-vote-live-00123455"
    assert is_article_path(path, include_liveblogs=True)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            f"{BASE}/amp/news/2019/11/18/harbour-wall-vote-070123",
            f"{BASE}/news/2019/11/18/harbour-wall-vote-070123",
        ),
        (
            f"{BASE}/news/2019/11/18/harbour-wall-vote-070123",
            f"{BASE}/news/2019/11/18/harbour-wall-vote-070123",
        ),
        ("https://politi.co/3xYzAbC", "https://politi.co/3xYzAbC"),
    ],
)
def test_amp_copies_point_at_the_article(url: str, expected: str) -> None:
    assert without_amp(url) == expected


def test_spider_stays_on_politico_com() -> None:
    assert PoliticoSpider.default_base_url == BASE
    # Politico Pro and politico.eu are other sites, never followed.
    assert "subscriber.politicopro.com" not in PoliticoSpider.aliases
    assert "www.politico.eu" not in PoliticoSpider.aliases
    assert all(
        f.startswith("https://rss.politico.com/") for f in PoliticoSpider.default_feeds
    )
    assert PoliticoSpider.default_sitemaps == ("/news-sitemap.xml",)


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        (datetime(2025, 1, 20, 18, 0, 29), datetime(2025, 1, 20, 23, 0, 29)),
        (datetime(2025, 7, 4, 12, 0), datetime(2025, 7, 4, 16, 0)),
        # 2025: summer time from 9 March 02:00 to 2 November 02:00.
        (datetime(2025, 3, 9, 1, 59), datetime(2025, 3, 9, 6, 59)),
        (datetime(2025, 3, 9, 3, 0), datetime(2025, 3, 9, 7, 0)),
        (datetime(2025, 11, 2, 2, 0), datetime(2025, 11, 2, 7, 0)),
        # Before 2007: first Sunday of April to last Sunday of October.
        (datetime(2006, 4, 2, 3, 0), datetime(2006, 4, 2, 7, 0)),
        (datetime(2006, 3, 20, 12, 0), datetime(2006, 3, 20, 17, 0)),
        (datetime(2006, 10, 29, 3, 0), datetime(2006, 10, 29, 8, 0)),
    ],
)
def test_us_eastern_wall_clock_to_utc(local: datetime, utc: datetime) -> None:
    assert us_eastern_to_utc(local) == utc.replace(tzinfo=UTC)


def test_legacy_page_whole() -> None:
    article = {**STAFF, "url": "https://www.politico.com/news/stories/1010/43345.html"}
    html = site.render_legacy(article)
    item = parse(article["url"], html)
    assert item.page_type == "article"
    # No headline element is known for these pages: the <title> less the
    # site's name and the authors it adds.
    assert f"<title>{article['title']} - " in html
    assert item.title == article["title"]
    assert item.byline == article["byline"]
    assert item.published == article["published"]
    assert item.body == expected_body(article["body"])
    for noise in (*site.NOISE_TEXTS, site.COMMENT_TEXT):
        assert noise not in "\n".join(item.body)
