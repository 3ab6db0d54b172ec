"""Unit tests for the Independent parser and URL filter, on test-site pages."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newscrawl.items import ArticleItem
from newscrawl.parsers.independent import PARSER_VERSION, parse
from spiders.independent import is_article_path
from tests.support.parsers import assert_utc, drop, page_html
from testsite import independent as site
from testsite import pages

UTC = timezone.utc
BASE = "https://www.independent.co.uk"

STAFF = {
    "url": f"{BASE}/news/world/europe/storm-harbour-town-b2651790.html",
    "title": "Harbour town counts the cost after overnight storm",
    "standfirst": "Boats were lifted onto the quay as winds reached 90mph.",
    "byline": "Jane Doe",
    "published": datetime(2024, 11, 22, 8, 49, 59, tzinfo=UTC),
    "modified": datetime(2024, 11, 22, 10, 2, tzinfo=UTC),
    "section": "Europe",
    "section_slug": "world",
    "tags": ["Spain", "Storms"],
    "body": [
        "The storm arrived shortly after midnight, earlier than forecast.",
        "Residents said the sea wall held, but the road behind it did not.",
        "The harbour master said three boats had sunk at their moorings.",
        "## What happens next",
        "Engineers will inspect the wall on Monday.",
        "The mayor asked for patience while repairs were planned.",
        "This is a breaking news story and will be updated.",
    ],
}
MULTI = {
    **STAFF,
    "url": f"{BASE}/news/uk/politics/rail-timetable-shake-up-b2651791.html",
    "title": "Rail timetable shake-up: what changes & when",
    "byline": "Jane Doe and Sam Poe",
    "section": "Politics",
    "tags": ["Rail transport"],
    "body": [
        "The changes take effect in May.",
        "Key points in the plan:",
        "* Earlier first trains on weekdays",
        "* Fewer stops on the fast service",
        "> We listened to passengers and changed the plan twice.",
        "Unions said they had not been consulted.",
    ],
}
TRICKY = {
    **STAFF,
    "url": f"{BASE}/tech/escaping-test-b2651792.html",
    "title": "Why <script>alert('x')</script> & other tags matter",
    "standfirst": "Café owners in Zürich say “no” – and mean it.",
    "byline": "Zoë Ñúñez",
    "section": "Tech",
    "tags": ["Café culture", "Q&A"],
    "body": [
        "A paragraph with <b>not bold</b> & an ampersand.",
        "## Sub <em>heading</em> & more",
        "Naïve façade — résumé, 東京, emoji 🚋.",
        "Last line with a \"quote\" and an 'apostrophe' </script>.",
    ],
}
ARTICLES = {"staff": STAFF, "multi": MULTI, "tricky": TRICKY}
RENDERERS = {"2024": site.render_article, "amp": site.render_amp}
LIVE = {
    **STAFF,
    "url": f"{BASE}/news/uk/home-news/storm-news-live-updates-b2651793.html",
    "updates": site.sample_updates(),
}


def _cases() -> list:
    return [
        pytest.param(kind, article, id=f"{kind}-{key}")
        for kind in RENDERERS
        for key, article in ARTICLES.items()
    ]


_NO_LD = r'<script type="application/ld\+json">.*?</script>'


# -- every field on each markup ----------------------------------------------


@pytest.mark.parametrize(("kind", "article"), _cases())
def test_fields_round_trip(kind: str, article: dict) -> None:
    item = parse(article["url"], RENDERERS[kind](article))
    assert isinstance(item, ArticleItem)
    assert (item.source, item.parser_version) == ("independent", str(PARSER_VERSION))
    assert item.canonical_url == article["url"]
    assert item.title == article["title"]
    assert item.standfirst == article["standfirst"]
    assert item.byline == article["byline"]
    assert item.published == article["published"]
    assert item.modified == article["modified"]
    assert_utc(item.published)
    assert_utc(item.modified)
    assert item.section == article["section"]
    assert item.tags == article["tags"]
    assert item.body == pages.expected_body(article["body"])
    assert item.page_type == "article"


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_noise_stays_out_of_body(kind: str) -> None:
    html = RENDERERS[kind](STAFF)
    text = "\n".join(parse(STAFF["url"], html).body)
    found = [noise for noise in site.NOISE_TEXTS if noise in html]
    # The page really carries the noise, so its absence from the body counts.
    assert set(found) == set(site.NOISE_TEXTS)
    for noise in found:
        assert noise not in text
    for word in ("Advertisement", site.JOB_TITLE, "Recommended", "Read more"):
        assert word not in text


def test_noise_sits_inside_the_body_container() -> None:
    for render in RENDERERS.values():
        html = render(STAFF)
        start = html.index('<div id="main">')
        end = html.index('<nav class="topics">')
        for noise in (
            site.NEWSLETTER_TEXT,
            site.DONATION_TEXT,
            site.RELATED_TEXT,
            site.IMAGE_CAPTION,
            site.VIDEO_TEXT,
        ):
            assert start < html.index(noise) < end


def test_amp_pages_wrap_each_paragraph_in_a_div() -> None:
    html = site.render_amp(STAFF)
    assert 'transformed="self;v=1"' in html
    assert f'<div class="sc-wrap"><p>{STAFF["body"][0]}</p></div>' in html
    assert '<aside class="related">' in html


def test_headlines_differ_and_the_visible_one_wins() -> None:
    html = site.render_article(STAFF)
    assert f'"headline": "{STAFF["title"]} - latest"' in html
    assert f'og:title" content="Explained: {STAFF["title"]}' in html
    assert parse(STAFF["url"], html).title == STAFF["title"]


def test_body_in_unknown_wrappers_falls_back_to_paragraphs_outside_noise() -> None:
    body = (
        '<article><header id="articleHeader"><h1>Ferry returns</h1></header>'
        '<div class="main-wrapper"><div id="main"><section><div>'
        "<p>The boat came back.</p><p>Timetables follow.</p>"
        '<div class="hydrate-root" data-component="Newsletter"><p>Sign up</p></div>'
        "</div></section></div></div></article>"
    )
    item = parse(f"{BASE}/news/uk/ferry-b2651800.html", page_html(body=body))
    assert item.body == ["The boat came back.", "Timetables follow."]


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_padding_adds_bulk_without_changing_fields(kind: str) -> None:
    render = RENDERERS[kind]
    plain, padded = render(STAFF), render(STAFF, padding_kb=200)
    assert len(padded) - len(plain) > 190 * 1024
    assert parse(STAFF["url"], padded) == parse(STAFF["url"], plain)


def test_bytes_input_matches_text_input() -> None:
    html = site.render_article(TRICKY)
    assert parse(TRICKY["url"], html.encode("utf-8")) == parse(TRICKY["url"], html)


# -- field fallbacks ------------------------------------------------------------


def test_title_falls_back_to_json_ld_then_og_title() -> None:
    html = drop(site.render_article(STAFF), r'<h1 class="sc-h1">.*?</h1>')
    assert parse(STAFF["url"], html).title == STAFF["title"] + " - latest"
    og = page_html(
        '<meta property="og:title" content="Ferry returns | The Independent">'
    )
    assert parse(STAFF["url"], og).title == "Ferry returns"


def test_standfirst_falls_back_to_json_ld_description_without_tags() -> None:
    html = drop(site.render_article(STAFF), r'<p class="sc-standfirst">.*?</p>')
    assert parse(STAFF["url"], html).standfirst == STAFF["standfirst"]
    ld = '{"@type": "LiveBlogPosting", "description": "<p>Ferries&nbsp;stop</p>"}'
    live = page_html(f'<script type="application/ld+json">{ld}</script>')
    assert parse(STAFF["url"], live).standfirst == "Ferries stop"


def test_byline_falls_back_to_meta_then_json_ld() -> None:
    html = drop(site.render_article(MULTI), r'<a href="/author/[^"]*">[^<]*</a>')
    html = html.replace(
        'author_name" content="Jane Doe and Sam Poe"',
        'author_name" content="Jane Doe, Sam Poe"',
    )
    assert parse(MULTI["url"], html).byline == "Jane Doe, Sam Poe"
    no_meta = drop(html, r'<meta property="article:author_name"[^>]*>')
    assert parse(MULTI["url"], no_meta).byline == "Jane Doe and Sam Poe"


def test_section_falls_back_to_subsection_then_section() -> None:
    html = drop(site.render_article(STAFF), _NO_LD)
    assert parse(STAFF["url"], html).section == "Europe"
    html = drop(html, r'<meta property="article:subsection"[^>]*>')
    assert parse(STAFF["url"], html).section == "News"


def test_tags_fall_back_to_keywords_without_pseudo_tags() -> None:
    html = drop(site.render_article(STAFF), r'<nav class="topics">.*?</nav>')
    assert f'content="{site.PSEUDO_TAG}, Spain' in html
    assert parse(STAFF["url"], html).tags == STAFF["tags"]


def test_dates_fall_back_to_meta_tags() -> None:
    html = drop(site.render_article(STAFF), _NO_LD)
    item = parse(STAFF["url"], html)
    assert item.published == STAFF["published"]
    assert item.modified == STAFF["modified"]


def test_visible_amp_date_without_zone_is_not_used() -> None:
    html = drop(site.render_amp(STAFF), _NO_LD)
    html = drop(html, r'<meta property="article:(published|modified)_time"[^>]*>')
    assert "Friday 22 November 2024 10:02" in html
    item = parse(STAFF["url"], html)
    assert item.published is None and item.modified is None


# -- older generations as whole pages --------------------------------------------

OLDER = {"drupal": site.render_drupal, "legacy": site.render_legacy}


@pytest.mark.parametrize("kind", list(OLDER))
@pytest.mark.parametrize("key", ["staff", "multi", "tricky"])
def test_older_pages_whole(kind: str, key: str) -> None:
    article = ARTICLES[key]
    html = OLDER[kind](article)
    item = parse(article["url"], html)
    assert item.page_type == "article"
    assert item.title == article["title"]
    assert item.byline == article["byline"].split(" and ")[0]
    assert item.section == article["section"]
    assert item.tags == article["tags"]
    assert item.body == pages.expected_body(article["body"])
    text = "\n".join(item.body)
    found = [noise for noise in site.NOISE_TEXTS if noise in html]
    assert site.IMAGE_CAPTION in found and site.RELATED_TEXT in found
    for noise in [*found, site.SLIDESHOW_TEXT]:
        assert noise not in text


def test_legacy_text_is_split_over_widgets_with_others_between() -> None:
    html = site.render_legacy(STAFF)
    assert html.count('<div class="articleContent">') == 3
    body = parse(STAFF["url"], html).body
    # Every part is read: the last paragraph sits in the third widget.
    assert body[-1] == STAFF["body"][-1]
    assert html.index(site.VIDEO_TEXT) < html.index(STAFF["body"][4])


def test_drupal_dates_and_canonical() -> None:
    item = parse(STAFF["url"], site.render_drupal(STAFF))
    assert item.published == STAFF["published"]
    assert item.modified == STAFF["modified"]
    # As the page gives it: the 2015-16 site was served over http.
    assert item.canonical_url == "http://" + STAFF["url"].removeprefix("https://")


def test_embedded_post_is_no_body_text() -> None:
    for render in RENDERERS.values():
        html = render(STAFF)
        assert 'class="twitter-tweet"' in html
        assert site.SOCIAL_TEXT not in "\n".join(parse(STAFF["url"], html).body)


# -- older markup ----------------------------------------------------------------


def test_drupal_2015_page() -> None:
    url = "http://www.independent.co.uk/news/uk/politics/ferry-vote-a6694321.html"
    html = page_html(
        f'<link rel="canonical" href="{url}">'
        '<meta property="article:published_time" content="2015-10-14T11:11:46+01:00">'
        '<meta property="article:modified_time" content="2015-10-14T12:00:00+01:00">'
        '<meta itemprop="datePublished" content="2015-10-14T12:00:00+01:00">'
        '<meta property="article:section" content="UK Politics">'
        '<meta property="article:tag" content="Ferries">'
        '<meta property="article:tag" content="Islands">'
        '<meta property="article:author_name" content="Mo Kerr">',
        '<article itemscope itemtype="http://schema.org/NewsArticle">'
        '<h1 itemprop="headline">Ferry vote passes after long debate</h1>'
        '<ul><li class="author" itemprop="author"><span itemprop="name">'
        '<a href="/author/mo-kerr">Mo Kerr</a></span> Political Editor</li></ul>'
        '<time datetime="09:44, 14 October 2015"'
        " data-microtimes='{\"published\": 1444815106000}'>Wednesday</time>"
        '<div class="text-wrapper" itemprop="articleBody">'
        "<p>Islanders voted by a wide margin.</p><h3></h3>"
        '<div class="dnd-widget-wrapper"><p>Image caption text</p></div>'
        "<h3>Reaction</h3><p>The council welcomed the result.</p>"
        '<div class="inline-block-related-list"><p>Read more</p></div>'
        '<ul class="inline-pipes-list"><li>More about:</li><li>Ferries</li></ul>'
        "</div></article>",
    )
    item = parse(url, html)
    assert item.canonical_url == url  # as the page gives it: http
    assert item.title == "Ferry vote passes after long debate"
    assert item.byline == "Mo Kerr"
    # article:published_time, not the datePublished meta (the modified time).
    assert item.published == datetime(2015, 10, 14, 10, 11, 46, tzinfo=UTC)
    assert item.modified == datetime(2015, 10, 14, 11, 0, tzinfo=UTC)
    assert item.section == "UK Politics"
    assert item.tags == ["Ferries", "Islands"]
    assert item.body == [
        "Islanders voted by a wide margin.",
        "Reaction",
        "The council welcomed the result.",
    ]
    assert item.page_type == "article"


def test_drupal_microtimes_give_the_dates_without_metas() -> None:
    html = page_html(
        body='<article><h1 itemprop="headline">Ferry</h1>'
        '<time data-microtimes=\'{"published": 1444815106000,'
        ' "changed": 1444818706000}\'>x</time>'
        '<div class="text-wrapper" itemprop="articleBody"><p>Text.</p></div>'
        "</article>"
    )
    item = parse(f"{BASE}/news/a-a6694321.html", html)
    assert item.published == datetime(2015, 10, 14, 9, 31, 46, tzinfo=UTC)
    assert item.modified == datetime(2015, 10, 14, 10, 31, 46, tzinfo=UTC)


def test_legacy_2014_page() -> None:
    html = page_html(
        '<meta property="article:published_time" content="2014-01-16">'
        '<meta property="article:section" content="World">',
        '<div id="main"><div class="widget storyContent viziwyg-section-1">'
        '<h1 class="title">Ferry service returns to island</h1>'
        '<div class="byline"><span class="authorName">Mo Kerr</span></div>'
        '<p class="dateline">Thursday 16 January 2014</p>'
        '<div class="articleContent"><span class="storyTop">'
        "<p>Islanders welcomed the first boat in a month.</p>"
        "<p>A crowd waited on the pier.</p></span></div></div>"
        '<div class="widget"><p>Slideshow</p></div></div>',
    )
    item = parse(f"{BASE}/news/world/ferry-returns-9063001.html", html)
    assert item.title == "Ferry service returns to island"
    assert item.byline == "Mo Kerr"
    assert item.published == datetime(2014, 1, 16, tzinfo=UTC)
    assert_utc(item.published)
    assert item.section == "World"
    assert item.body == [
        "Islanders welcomed the first boat in a month.",
        "A crowd waited on the pier.",
    ]


# -- page types ------------------------------------------------------------------


def test_live_blog_posts_are_the_body_and_its_start_is_published() -> None:
    html = site.render_liveblog(LIVE)
    assert "<amp-live-list" in html
    item = parse(LIVE["url"], html)
    assert item.page_type == "liveblog"
    assert item.body == [update["text"] for update in LIVE["updates"]]
    # article:published_time is the last update on live blogs.
    assert item.published == LIVE["published"]
    assert item.modified == LIVE["updates"][0]["time"]
    assert site.KEY_POINTS_TEXT not in "\n".join(item.body)


def test_live_blog_without_json_ld_uses_the_posts_on_the_page() -> None:
    html = drop(site.render_liveblog(LIVE), _NO_LD)
    item = parse(LIVE["url"], html)
    assert item.page_type == "liveblog"
    assert item.body == [update["text"] for update in LIVE["updates"]]


def test_premium_page_is_a_paywall() -> None:
    html = site.render_premium(STAFF)
    assert site.PREMIUM_TEXT in html
    item = parse(STAFF["url"], html)
    assert item.page_type == "paywall"
    assert item.body == STAFF["body"][:2]


@pytest.mark.parametrize(
    "flag",
    [
        ('data-is-premium="false"', 'data-is-premium="true"'),
        ('"premium": false', '"premium": true'),
        ('"isAccessibleForFree": true', '"isAccessibleForFree": "False"'),
    ],
    ids=["article-attribute", "js-globals", "json-ld"],
)
def test_any_premium_flag_makes_a_paywall(flag: tuple[str, str]) -> None:
    html = site.render_article(STAFF)
    assert flag[0] in html
    assert parse(STAFF["url"], html.replace(flag[0], flag[1])).page_type == "paywall"


def test_register_wall_after_a_free_body_is_still_an_article() -> None:
    html = site.render_article(STAFF).replace(
        '<nav class="topics">',
        '<div id="piano-register-wall"></div><nav class="topics">',
    )
    assert parse(STAFF["url"], html).page_type == "article"


def test_consent_wall_is_an_interstitial() -> None:
    html = page_html(
        body='<div id="sp_message_container_1"><p>We value your privacy</p>'
        "<button>Accept</button></div>"
    )
    item = parse(f"{BASE}/news/uk/a-b2651799.html", html)
    assert item.page_type == "interstitial"


def test_topic_page_is_other() -> None:
    html = page_html(
        body='<main><h1 class="sc-x">Harbours</h1><ul><li>'
        '<a href="/news/uk/a-b2651799.html">A story</a></li></ul></main>'
    )
    assert parse(f"{BASE}/topic/harbours", html).page_type == "other"


# -- URL filter -------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/news/world/europe/storm-harbour-town-b2651790.html",
        "/news/uk/politics/budget-vote-b265179.html",
        "/voices/harbour-wall-opinion-b2650042.html",
        "/life-style/people-live-longer-b2650041.html",
        "/news/uk/politics/ferry-vote-a6694321.html",
        "/news/world/europe/old-story-10245678.html",
        "/news/world/ferry-returns-9063001.html",
    ],
)
def test_article_paths(path: str) -> None:
    assert is_article_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/news/world",
        "/voices",
        "/us",
        "/topic/harbours",
        "/author/jane-doe",
        "/tv/news/drone-footage-b2650001.html",
        "/extras/indybest/gadgets-tech/best-lanterns-b2650002.html",
        "/vouchercodes/testshop",
        "/betting/free-bets-b2650003.html",
        "/independentpremium",
        "/news/world/europe/storm-harbour-town-b2651790.html/amp",
        "/news/world/europe/storm-harbour-town.html",
    ],
)
def test_non_article_paths(path: str) -> None:
    assert not is_article_path(path)
    assert not is_article_path(path, include_liveblogs=True)


@pytest.mark.parametrize(
    "path",
    [
        "/news/uk/home-news/storm-news-live-updates-b2647029.html",
        "/news/world/australasia/australia-news-latest-fires-b2392480.html",
        "/news/uk/politics/election-results-live-b2650040.html",
    ],
)
def test_live_blogs_only_when_asked(path: str) -> None:
    assert not is_article_path(path)
    assert is_article_path(path, include_liveblogs=True)


def test_2008_ece_page_in_xhtml() -> None:
    url = "http://news.independent.co.uk/uk/transport/article3255693.ece"
    html = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE html PUBLIC'
        ' "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en-UK"><head>'
        "<title>Ferry fares rise - Independent Online Edition &gt; Transport</title>"
        '</head><body><div class="content"><div class="article"><div class="news">'
        '<div class="date"><script>document.write(getDateString());</script></div>'
        '<div class="breadCrumbs">Home &gt; News &gt; UK</div>'
        "<h1>Ferry fares rise again</h1><h2>Riders pay more from Monday</h2>"
        "<h3>By Alex Example in Oban</h3><h4>Published: 10 July 2008</h4>"
        '<div class="bodyCopy"><div id="bodyCopyContent"><p>Fares went up twice'
        " this year.</p><p>Riders noticed the second time.</p><p>Interesting?"
        ' Click here to explore further</p></div></div><div class="thisSection">'
        "<h2>Also in this section</h2><p>Port plan stalls</p></div></div></div>"
        "</div></body></html>"
    ).encode("iso-8859-1")
    item = parse(url, html)
    assert item.page_type == "article"
    assert item.title == "Ferry fares rise again"
    assert item.standfirst == "Riders pay more from Monday"
    assert item.byline == "Alex Example in Oban"
    # Midnight in London: BST in July.
    assert item.published == datetime(2008, 7, 9, 23, tzinfo=timezone.utc)
    assert item.body == [
        "Fares went up twice this year.",
        "Riders noticed the second time.",
    ]
