"""Unit tests for the CNN parser and URL rules, on test-site pages."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from html import escape

import pytest

from newscrawl.items import ArticleItem
from newscrawl.parsers.cnn import _DASHES, _ZN_PARTS, PARSER_VERSION, CNNPage, parse
from spiders.cnn import CnnSpider, article_url, is_article_path
from tests.support.parsers import drop, page_html
from testsite import cnn as site

UTC = timezone.utc
BASE = "https://www.cnn.com"

STAFF = {
    **site.article("harbour-wall-vote", title="Town council votes to repair the wall"),
    "url": f"{BASE}/2025/01/24/politics/harbour-wall-vote",
    "byline": "Jane Doe",
    "dateline": site.DATELINE,
    "published": datetime(2025, 1, 24, 22, 19, 42, tzinfo=UTC),
    "modified": datetime(2025, 1, 24, 23, 14, 5, tzinfo=UTC),
}
MULTI = {
    **STAFF,
    "url": f"{BASE}/2024/06/02/world/ferry-strike-talks-intl",
    "title": "Ferry strike talks: what changes & when",
    "byline": "Jane Doe, Sam Poe and John Roe",
    "section_slug": "world",
    "body": [
        "The changes take effect in May.",
        "## What the unions want",
        "Unions said they had not been consulted.",
        "The plans will be reviewed in autumn.",
    ],
}
TRICKY = {
    **STAFF,
    "url": f"{BASE}/2023/03/01/us/escaping-test",
    "title": "Why <script>alert('x')</script> & other tags matter",
    "standfirst": "Café owners in Zürich say “no” – and mean it. 東京 too 🚋",
    "byline": "Zoë Ñúñez and Ana O'Neil",
    "section_slug": "us",
    "body": [
        "A paragraph with <b>not bold</b> & an ampersand.",
        "## Sub <em>heading</em> & more",
        "Naïve façade — résumé, 東京, emoji 🚋.",
    ],
}
ARTICLES = {"staff": STAFF, "multi": MULTI, "tricky": TRICKY}
RENDERERS = {
    "stellar": site.render_article,
    "elevate": site.render_elevate,
    "zn": site.render_zn,
    "legacy": site.render_legacy,
    "legacy2010": site.render_legacy_2010,
}
KINDS = {render: kind for kind, render in RENDERERS.items()}


def _cases() -> list:
    return [
        pytest.param(render, article, id=f"{name}-{key}")
        for name, render in RENDERERS.items()
        for key, article in ARTICLES.items()
    ]


# -- every field, both markups ------------------------------------------------


@pytest.mark.parametrize(("render", "article"), _cases())
def test_fields_round_trip(render, article: dict) -> None:
    item = parse(article["url"], render(article))
    assert isinstance(item, ArticleItem)
    assert (item.source, item.parser_version) == ("cnn", str(PARSER_VERSION))
    assert item.url == article["url"]
    kind = KINDS[render]
    # The page's canonical ends in /index.html; the stored form does not.
    # Legacy pages (to 2014) give it with http, as they were served.
    scheme = "http://" if kind.startswith("legacy") else "https://"
    assert item.canonical_url == scheme + article["url"].removeprefix("https://")
    assert item.title == article["title"]
    assert item.standfirst == article["standfirst"]
    assert item.byline == site.expected_byline(article)
    if kind == "legacy2010":
        # Its only time is the update a script writes, to the minute; its
        # section meta is in capitals, as the site wrote it.
        assert item.published is None
        assert item.modified == article["modified"].replace(second=0, microsecond=0)
        assert item.section == article["section_slug"].upper()
    else:
        assert item.published == article["published"]
        assert item.modified == article["modified"]
        assert item.published.tzinfo is UTC
        assert item.section == article["section_slug"]
    assert item.modified.tzinfo is UTC
    # Legacy pages of 2011-14 carry real keywords (2010's are empty).
    assert item.tags == ([] if kind != "legacy" else ["Harbours", "Local government"])
    # The dateline is kept as each markup shows it.
    assert item.body == site.expected_body(article, KINDS[render])
    assert item.page_type == "article"


@pytest.mark.parametrize(("render", "article"), _cases())
def test_noise_is_left_out_of_the_body(render, article: dict) -> None:
    html = render(article)
    body = "\n".join(parse(article["url"], html).body)
    present = [text for text in site.NOISE_TEXTS if text in html]
    # Each markup carries most of the noise; the test is void otherwise.
    assert len(present) >= 4
    for text in present:
        assert text not in body


def test_stellar_dateline_leads_the_first_paragraph_and_notes_are_not_body() -> None:
    html = site.render_article(STAFF)
    assert site.DATELINE in html and site.CONTRIBUTORS in html
    item = parse(STAFF["url"], html)
    assert item.body[0] == f"{site.DATELINE} (CNN) — {STAFF['body'][0]}"
    assert site.CONTRIBUTORS not in item.body


def test_zn_dateline_cite_stays_in_the_first_paragraph() -> None:
    html = site.render_zn(STAFF)
    assert f"{site.DATELINE} (CNN)</cite>" in html
    first = parse(STAFF["url"], html).body[0]
    # The same text as the Stellar copy of the story gives.
    assert first == parse(STAFF["url"], site.render_article(STAFF)).body[0]


@pytest.mark.parametrize(
    ("cite", "dateline"),
    [(" (CNN)", "(CNN)"), ("Hong Kong (CNN Business)", "Hong Kong (CNN Business)")],
)
def test_zn_dateline_with_or_without_a_place(cite: str, dateline: str) -> None:
    html = site.render_zn(STAFF).replace(
        f'<cite class="el-editorial-source">{site.DATELINE} (CNN)</cite>',
        f'<cite class="el-editorial-source">{cite}</cite>',
    )
    assert f"{cite}</cite>" in html
    body = parse(STAFF["url"], html).body
    assert body[0] == f"{dateline} — {STAFF['body'][0]}"


# The XPath zn paragraphs were read with before _ZN_PARTS was written for
# speed: both must keep the same paragraphs, in the same order.
_ZN_PARTS_XPATH = (
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' zn-body__paragraph ')]"
    "[not(ancestor::*[contains(@class, 'el__embedded')"
    " or contains(@class, 'el__article--embed')"
    " or contains(@class, 'zn-body__read-more')])]"
)
_CARD = '<div class="zn-body__paragraph">Card text.</div>'


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('<div class="zn-body__read-all">', f'<div class="el__embedded">{_CARD}</div>'),
        (
            '<div class="zn-body__read-all">',
            f'<div class="x"><div class="el__article--embed">{_CARD}</div></div>',
        ),
        ('<div class="zn-body__read-more"><a>', _CARD),
        (
            '<section id="body-text"',
            '<div class="el__embedded"><section id="body-text"',
        ),
    ],
)
def test_zn_paragraphs_in_cards_and_boxes_are_not_the_story(
    before: str, after: str
) -> None:
    html = site.render_zn(STAFF).replace(before, before + after, 1)
    assert html.count(after) == 1
    page = CNNPage(STAFF["url"], html)
    container = page.body_container
    assert container is not None
    found = [part.root for part in container.xpath(_ZN_PARTS)]
    assert found == [part.root for part in container.xpath(_ZN_PARTS_XPATH)]
    assert "Card text." not in page.body()


def test_a_dateline_loses_the_characters_the_pattern_took_off_its_ends() -> None:
    # Stripped with str.strip: the same characters as r"[\s\u2013\u2014-]".
    every = "".join(map(chr, range(0x110000))).encode("utf-8", "replace").decode()
    assert set(_DASHES) == set(re.findall(r"[\s\u2013\u2014-]", every))


def test_stellar_dateline_without_a_place_or_spans() -> None:
    html = site.render_article(STAFF).replace(
        f'<span class="source__location">{site.DATELINE}</span>',
        '<span class="source__location"></span>',
    )
    assert parse(STAFF["url"], html).body[0] == f"(CNN) — {STAFF['body'][0]}"


@pytest.mark.parametrize("render", [site.render_legacy, site.render_legacy_2010])
def test_legacy_dateline_is_part_of_the_first_paragraph(render) -> None:
    body = parse(STAFF["url"], render(STAFF)).body
    assert body[0] == f"{site.DATELINE} (CNN) -- {STAFF['body'][0]}"
    for noise in (
        site.CONTRIBUTORS,
        site.KEY_POINT,
        site.EDITOR_NOTE,
        site.TOPICS_TEXT,
    ):
        assert all(noise not in text for text in body)


def test_legacy_paragraphs_are_read_with_or_without_their_class() -> None:
    # 2011-14: all but the first paragraph carry cnn_storypgraphtxt, after an
    # editor's call-out; 2010: none does but the last, among boxes.
    html = site.render_legacy(STAFF)
    assert f"<p><strong>{site.DATELINE} (CNN)</strong> -- " in html
    assert '<p class="cnnEditorialNote">' in html
    old = site.render_legacy_2010(STAFF)
    assert "cnn_storypgraphtxt" not in old and '<p class="cnnInline">' in old
    assert '<meta name="SECTION"' in old and "pubdate" not in old
    for page in (html, old):
        assert parse(STAFF["url"], page).body == site.expected_body(STAFF, "legacy")


def test_stellar_headline_whitespace_and_nbsp_in_names_are_collapsed() -> None:
    html = site.render_article(STAFF)
    assert "Jane&nbsp;Doe" in html
    assert re.search(r'id="maincontent">\s+\w', html)
    item = parse(STAFF["url"], html)
    assert item.title == STAFF["title"]
    assert item.byline == "Jane Doe, CNN"


def test_edition_page_gives_the_www_canonical() -> None:
    html = site.render_article(STAFF)
    edition = STAFF["url"].replace("www.", "edition.") + "/index.html"
    item = parse(edition, html)
    assert item.url == edition
    assert item.canonical_url == STAFF["url"]


def test_bytes_input_is_decoded() -> None:
    item = parse(TRICKY["url"], site.render_article(TRICKY).encode("utf-8"))
    assert item.title == TRICKY["title"]
    assert item.standfirst == TRICKY["standfirst"]


# -- fallbacks -------------------------------------------------------------------


def test_title_falls_back_to_json_ld_then_og_title_without_suffix() -> None:
    html = drop(site.render_article(STAFF), r"<h1 .*?</h1>")
    assert parse(STAFF["url"], html).title == STAFF["title"]
    html = drop(html, r'<script type="application/ld\+json">.*?</script>')
    assert parse(STAFF["url"], html).title == STAFF["title"]


def test_byline_falls_back_to_json_ld_authors() -> None:
    html = drop(site.render_article(MULTI), r'<div class="byline__names.*?</div>')
    assert parse(MULTI["url"], html).byline == "Jane Doe and Sam Poe and John Roe"


def test_dates_of_migrated_archive_pages_at_second_precision() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "headline": "Old story", "datePublished": "2016-12-18T15:43:31Z",'
        ' "dateModified": "2016-12-18T16:00:00Z"}</script>'
    )
    body = (
        '<h1 class="headline__text">Old story</h1>'
        '<div class="article__content" itemprop="articleBody">'
        '<p class="paragraph" data-component-name="paragraph">Text.</p></div>'
    )
    item = parse(f"{BASE}/2016/12/18/us/old-story", page_html(ld, body))
    assert item.published == datetime(2016, 12, 18, 15, 43, 31, tzinfo=UTC)
    assert item.modified == datetime(2016, 12, 18, 16, 0, tzinfo=UTC)


def test_2007_page_reads_the_text_components_paragraphs() -> None:
    url = "http://www.cnn.com/2007/WORLD/europe/11/29/harbour.wall/index.html"
    body = (
        '<div class="cnnHeaderLeftCol"><h1>Harbour wall repair approved</h1></div>'
        '<div id="cnnTxtCmpnt" class="cnnContentContainer">'
        '<script>var clickExpire = "-1";</script><div id="cnnSCFontButtons"></div>'
        "<p>(CNN) -- The council approved the repair on Thursday.</p>"
        '<div class="cnnStoryPhotoBox"><p>The wall after the storm.</p></div>'
        "<p>Work starts in the spring.</p>"
        '<div class="cnnStoryElementBox"><h4>Don\'t Miss</h4><ul><li>Ferry cut'
        "</li></ul></div><p>The path reopens in June.</p>"
        '<p class="cnnAttribution">CNN\'s Jo Tester contributed to this report.</p>'
        '<p class="cnnTopics">All About Harbours • Local government</p></div>'
    )
    item = parse(url, page_html("<title>CNN.com - Harbour wall</title>", body))
    assert item.page_type == "article"
    assert item.title == "Harbour wall repair approved"
    assert item.body == [
        "(CNN) -- The council approved the repair on Thursday.",
        "Work starts in the spring.",
        "The path reopens in June.",
    ]


def test_legacy_cnn_page() -> None:
    head = (
        "<title>Harbour wall repair approved - CNN.com</title>"
        '<meta name="description" content="The wall will be mended.">'
        '<meta name="news_keywords" content="Harbours, Local government">'
        '<meta name="keywords" content="harbour, wall">'
        '<meta name="pubdate" content="2013-11-27T08:36:32Z">'
        '<meta name="lastmod" content="2013-11-27T10:00:00Z">'
        '<meta name="section" content="travel">'
        '<link rel="canonical" href="http://www.cnn.com/2013/11/27/travel/harbour-wall/index.html">'
    )
    body = (
        '<div id="cnnContentContainer" class="cnn_storyarea">'
        "<h1>Harbour wall repair approved</h1>"
        '<div class="cnnByline">By <strong>Jane Doe</strong>, CNN</div>'
        '<ul class="cnnStryHghLght"><li>A highlight, not body text</li></ul>'
        '<div class="cnn_strycntntlft">'
        '<p class="cnn_storypgraphtxt">First paragraph.</p>'
        '<div class="cnn_stryspcvbx">A sidebar box.</div>'
        '<p class="cnn_storypgraphtxt">Second paragraph.</p>'
        '<p class="cnn_strycbftrtxt">Jo Tester contributed to this report.</p>'
        "</div></div>"
    )
    item = parse(f"{BASE}/2013/11/27/travel/harbour-wall", page_html(head, body))
    assert item.title == "Harbour wall repair approved"
    assert item.canonical_url == (
        f"{BASE}/2013/11/27/travel/harbour-wall".replace("https://", "http://")
    )
    assert item.byline == "Jane Doe, CNN"
    assert item.standfirst == "The wall will be mended."
    assert item.published == datetime(2013, 11, 27, 8, 36, 32, tzinfo=UTC)
    assert item.modified == datetime(2013, 11, 27, 10, 0, tzinfo=UTC)
    assert item.section == "travel"
    assert item.tags == ["Harbours", "Local government"]
    assert item.body == ["First paragraph.", "Second paragraph."]
    assert item.page_type == "article"


def test_zn_keywords_are_not_taken_for_tags() -> None:
    html = site.render_zn(STAFF)
    assert '<meta name="keywords" content="politics, ' in html
    assert parse(STAFF["url"], html).tags == []


# -- page types -------------------------------------------------------------------


def test_live_story_posts_are_the_body_newest_first() -> None:
    live = site.default_pages()[site.LIVE_PATH]["article"]
    url = BASE + site.LIVE_PATH
    html = site.render_live({**live, "url": url})
    assert site.KEY_POINT in html
    item = parse(url, html)
    assert item.page_type == "liveblog"
    assert item.title == live["title"]
    assert item.body == [f"{u['title']} {u['text']}" for u in live["updates"]]
    assert not any(site.KEY_POINT in post for post in item.body)
    assert not any("Test Reporter" in post for post in item.body)


def test_page_cut_short_for_non_subscribers_is_a_paywall() -> None:
    url = f"{BASE}/2026/11/20/politics/harbour-budget-details"
    item = parse(url, site.render_paywall(url))
    assert item.page_type == "paywall"
    assert item.title == "A story for subscribers only"


def test_metered_article_with_its_full_text_is_no_paywall() -> None:
    # CNN marks every article not free in JSON-LD but serves the whole text.
    html = site.render_article(STAFF)
    assert '"isAccessibleForFree": false' in html
    assert parse(STAFF["url"], html).page_type == "article"


def test_body_cut_to_a_teaser_is_a_paywall_when_not_free() -> None:
    html = site.render_article(STAFF)
    # Only the first paragraph is left on the page; JSON-LD keeps the text.
    for paragraph in STAFF["body"][1:]:
        if not paragraph.startswith("## "):
            shown = re.escape(escape(paragraph))
            html = drop(html, rf"<p class=[^>]*>\s*{shown}\s*</p>")
    html = drop(html, r'<h2 class="subheader.*?</h2>')
    assert parse(STAFF["url"], html).body == site.expected_body(STAFF)[:1]
    assert parse(STAFF["url"], html).page_type == "paywall"
    html = html.replace('"isAccessibleForFree": false', '"isAccessibleForFree": true')
    assert parse(STAFF["url"], html).page_type == "article"


def test_no_body_text_at_all_is_no_paywall_but_an_empty_article() -> None:
    # Unknown paragraph markup must not pass for a paywall: the empty body is
    # rejected by the pipeline as such, which points at the parser.
    html = drop(site.render_article(STAFF), r'<p class="paragraph[^"]*"[^>]*>.*?</p>')
    html = drop(html, r'<h2 class="subheader.*?</h2>')
    item = parse(STAFF["url"], html)
    assert item.page_type == "article"
    assert item.body == []


@pytest.mark.parametrize("kind", ["video", "gallery", "section"])
def test_non_article_page_types_are_other(kind: str) -> None:
    html = page_html(
        '<meta property="og:title" content="Some page | CNN">',
        '<h1 class="headline__text">Some page</h1>',
        f' data-page-type="{kind}"',
    )
    assert parse(f"{BASE}/videos/x", html).page_type == "other"


# -- URL rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/2025/01/24/politics/trump-executive-orders-analysis",
        "/2025/01/24/politics/trump-executive-orders-analysis/index.html",
        "/2024/06/02/world/ferry-strike-talks-intl/index.html",
        "/2023/05/01/europe/harbour-wall-scli-gbr-intl",
        "/2016/11/29/us/river-festival-returns/",
        "/2010/POLITICS/08/13/harbour.wall.vote/index.html",
    ],
)
def test_article_paths(path: str) -> None:
    assert is_article_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/politics",
        "/world/europe",
        "/videos/politics/2025/01/24/harbour-vote-explainer.cnn",
        "/video/data/2.0/video/us/2013/11/27/harbour.cnn.html",
        "/gallery/storm-damage-in-pictures",
        "/interactive/2026/11/politics/harbour-vote-map",
        "/profiles/jane-doe",
        "/specials/politics/harbour",
        "/cnn-underscored/reviews/best-raincoats",
        "/markets/fear-and-greed",
        "/world/live-news/election-night-11-20-26/index.html",
        "/2026/11/20/world/live-news/election-night",
        "/world/live-news/election-night-11-20-26/h_0123456789abcdef0123456789abcdef",
        "/search/?q=harbour",
        "/2025/01/24/politics",
    ],
)
def test_non_article_paths(path: str) -> None:
    assert not is_article_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "/world/live-news/election-night-11-20-26",
        "/world/live-news/election-night-11-20-26/index.html",
        "/2026/11/20/world/live-news/election-night",
    ],
)
def test_live_stories_only_when_asked(path: str) -> None:
    assert not is_article_path(path)
    assert is_article_path(path, include_liveblogs=True)


_ALIASES = CnnSpider.aliases


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.cnn.com/2025/01/24/politics/harbour-vote/index.html",
            f"{BASE}/2025/01/24/politics/harbour-vote",
        ),
        (
            "http://edition.cnn.com/2025/01/24/politics/harbour-vote/index.html"
            "?eref=rss_latest#comments",
            f"{BASE}/2025/01/24/politics/harbour-vote",
        ),
        (
            "https://amp.cnn.com/cnn/2025/01/24/politics/harbour-vote",
            f"{BASE}/2025/01/24/politics/harbour-vote",
        ),
        (
            "https://us.cnn.com/2016/11/29/us/river-festival/index.html",
            f"{BASE}/2016/11/29/us/river-festival",
        ),
        ("https://cnn.it/3xYzAbC", None),
        ("http://rss.cnn.com/~r/rss/edition_world/~3/AbC/index.html", None),
        ("https://arabic.cnn.com/2025/01/24/world/harbour-vote", None),
        ("https://www.cnn.com/videos/us/2025/01/24/harbour.cnn", None),
    ],
)
def test_article_url_forms(url: str, expected: str | None) -> None:
    got = article_url(url, base_url=BASE, aliases=_ALIASES, include_liveblogs=False)
    assert got == expected


def test_spider_defaults_point_at_the_real_site() -> None:
    assert CnnSpider.default_base_url == BASE
    assert all(
        f.startswith("https://rss.cnn.com/rss/") for f in CnnSpider.default_feeds
    )
    assert CnnSpider.default_sitemaps == ("/sitemap/news.xml",)


def test_visible_time_is_not_needed_for_dates() -> None:
    # A page with no machine-readable dates gives None, not a guess.
    html = drop(
        drop(
            site.render_article(STAFF),
            r'<script type="application/ld\+json">.*?</script>',
        ),
        r'<meta property="article:(published|modified)_time"[^>]*>',
    )
    item = parse(STAFF["url"], html)
    assert item.published is None and item.modified is None
    assert item.title == STAFF["title"]


def test_dates_are_utc_whatever_the_offset() -> None:
    ld = (
        '<script type="application/ld+json">[{"@type": "NewsArticle",'
        ' "headline": "X", "datePublished": "2025-01-24T17:19:42-05:00"}]</script>'
    )
    item = parse(
        f"{BASE}/2025/01/24/us/x", page_html(ld, '<h1 class="headline__text">X</h1>')
    )
    assert item.published == datetime(2025, 1, 24, 22, 19, 42, tzinfo=UTC)
    assert item.published.utcoffset() == timedelta(0)


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_a_story_without_a_dateline_starts_with_its_text(kind: str) -> None:
    article = {key: value for key, value in STAFF.items() if key != "dateline"}
    body = parse(article["url"], RENDERERS[kind](article)).body
    assert body[0] == STAFF["body"][0]
