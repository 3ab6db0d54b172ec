"""Unit tests for the BBC News parser and URL filter, on test-site pages."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from html import escape as html_escape

import pytest

from newscrawl.items import ArticleItem
from newscrawl.parsers.bbc import PARSER_VERSION, parse
from spiders.bbc import is_article_path
from tests.support.parsers import assert_utc, drop, page_html
from testsite import bbc as site
from testsite import pages

UTC = timezone.utc
BASE = "https://www.bbc.com"

STAFF = {
    "url": f"{BASE}/news/articles/c8q2w3e4r5to",
    "title": "Harbour town counts the cost after overnight storm",
    "standfirst": "Boats were lifted onto the quay as winds reached 90mph.",
    "byline": "Jane Doe",
    "published": datetime(2024, 2, 24, 10, 0, 5, tzinfo=UTC),
    "modified": datetime(2024, 2, 24, 12, 31, tzinfo=UTC),
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
        "Insurance assessors are expected later in the week.",
    ],
}
MULTI = {
    **STAFF,
    "url": f"{BASE}/news/uk-politics-68123456",
    "title": "Rail timetable shake-up: what changes & when",
    "byline": "Jane Doe and Sam Poe",
    "section": "UK Politics",
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
UNSIGNED = {**STAFF, "url": f"{BASE}/news/articles/c1u2n3s4i5go", "byline": ""}
TRICKY = {
    **STAFF,
    "url": f"{BASE}/news/technology-60123456",
    "title": "Why <script>alert('x')</script> & other tags matter",
    "standfirst": "Café owners in Zürich say “no” – and mean it.",
    "byline": "Zoë Ñúñez",
    "section": "Technology & science",
    "tags": ["Café culture", "Q&A"],
    "body": [
        "A paragraph with <b>not bold</b> & an ampersand.",
        "## Sub <em>heading</em> & more",
        "Naïve façade — résumé, 東京, emoji 🚋.",
        "Last line with a \"quote\" and an 'apostrophe' </script>.",
    ],
}
ARTICLES = {"staff": STAFF, "multi": MULTI, "unsigned": UNSIGNED, "tricky": TRICKY}
RENDERERS = {
    "next": site.render_next,
    "optimo": site.render_optimo,
    "responsive": site.render_responsive,
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
    assert (item.source, item.parser_version) == ("bbc", str(PARSER_VERSION))
    assert item.canonical_url == article["url"]
    assert item.title == article["title"]
    assert item.standfirst == article["standfirst"]
    # Responsive pages have no byline element; JSON-LD names the newsroom.
    assert item.byline == ("" if kind == "responsive" else article["byline"])
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
    for expected in (site.IMAGE_CAPTION, site.IMAGE_CREDIT, site.AD_TEXT):
        assert expected in found
    for noise in found:
        assert noise not in text
    for word in ("Image caption", "Related topics", "Share", "Top stories", "ago"):
        assert word not in text


def test_next_page_has_its_noise_inside_the_article() -> None:
    html = site.render_next(STAFF)
    start, end = html.index("<article"), html.index("</article>")
    for marker in (
        'data-component="image-block"',
        'data-component="ad-slot"',
        'data-component="links-block"',
        'data-component="tag-list-block"',
        site.PROMO_TEXT,
    ):
        assert start < html.index(marker) < end
    # The bold intro and a block holding two paragraphs.
    assert f"<p><b>{STAFF['body'][0]}</b></p>" in html
    assert re.search(r'data-component="text-block"[^>]*><p[^>]*>[^<]*</p><p', html)


def test_next_promo_list_is_left_out_but_a_real_list_is_kept() -> None:
    html = site.render_next(MULTI)
    assert site.PROMO_TEXT in html
    body = parse(MULTI["url"], html).body
    assert "Earlier first trains on weekdays" in body
    assert site.PROMO_TEXT not in "\n".join(body)


def test_responsive_promo_list_with_a_label_is_left_out() -> None:
    html = site.render_responsive(STAFF)
    assert f"<strong>{site.PROMO_LABEL}</strong>" in html
    text = "\n".join(parse(STAFF["url"], html).body)
    assert site.PROMO_TEXT not in text and site.PROMO_LABEL not in text


def test_a_list_item_with_text_beside_its_link_is_body() -> None:
    body = (
        '<main id="bbc-main"><article><div data-component="text-block">'
        "<ul><li>Fares rise in March, <a href='/x'>the operator said</a>.</li>"
        "<li>Other news</li></ul></div></article></main>"
    )
    item = parse(f"{BASE}/news/articles/c1a2b3c4d5eo", page_html(body=body))
    assert item.body == ["Fares rise in March, the operator said.", "Other news"]


def test_unknown_block_kind_is_read_when_no_text_block_has_text() -> None:
    body = (
        '<main id="bbc-main" data-testid="main"><article>'
        '<div data-component="headline-block"><h1>Ferry returns</h1></div>'
        '<div data-component="image-block"><figure><figcaption><p>A caption</p>'
        "</figcaption></figure></div>"
        '<div data-component="story-block"><p>The boat came back.</p>'
        "<h2>Next steps</h2><p>Timetables follow.</p>"
        '<div data-testid="promo-grid"><p>Another story card</p></div></div>'
        '<div data-component="links-block"><p>More on this story</p></div>'
        "</article></main>"
    )
    item = parse(f"{BASE}/news/articles/c1a2b3c4d5eo", page_html(body=body))
    assert item.body == ["The boat came back.", "Next steps", "Timetables follow."]
    # With a known text block on the page, the unknown block is not read.
    known = body.replace(
        "</article>", '<div data-component="text-block"><p>Known.</p></div></article>'
    )
    assert parse(f"{BASE}/news/articles/c1a2b3c4d5eo", page_html(body=known)).body == [
        "Known."
    ]


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_padding_adds_bulk_without_changing_fields(kind: str) -> None:
    render = RENDERERS[kind]
    plain, padded = render(STAFF), render(STAFF, padding_kb=200)
    assert len(padded) - len(plain) > 190 * 1024
    assert parse(STAFF["url"], padded) == parse(STAFF["url"], plain)


def test_bytes_input_matches_text_input() -> None:
    html = site.render_next(TRICKY)
    assert parse(TRICKY["url"], html.encode("utf-8")) == parse(TRICKY["url"], html)


# -- other page generations ----------------------------------------------------


def test_next_2024_layout_main_content_and_tags_component() -> None:
    html = site.render_next(STAFF)
    html = html.replace('<main id="bbc-main"', '<main id="main-content"')
    html = html.replace('data-component="tag-list-block"', 'data-component="tags"')
    item = parse(STAFF["url"], html)
    assert item.body == pages.expected_body(STAFF["body"])
    assert item.tags == STAFF["tags"]


def test_optimo_2020_byline_from_json_ld_without_by_and_state_literal() -> None:
    ld = (
        '{"@type": "ReportageNewsArticle", "headline": "Ferry returns",'
        ' "author": {"@type": "Person", "name": "By Mo Kerr"}}'
    )
    state = (
        'window.__INITIAL_DATA__={"data":{"article?uri=%2Fnews%2Fuk-50000001":'
        '{"data":{"metadata":{"firstPublished":1579500318000,'
        '"lastPublished":1579503918000,"section":{"name":"Scotland"}}}}}};'
    )
    html = page_html(
        f'<script type="application/ld+json">{ld}</script>',
        '<main id="main-content"><article><header><h1 id="main-heading">'
        "Ferry returns</h1><p>By Mo Kerr</p></header>"
        '<div data-component="text-block"><p><b>The boat came back.</b></p>'
        "<style>.x{color:red}</style></div>"
        '<div data-component="crosshead-block"><h2>Next steps</h2></div>'
        '<div data-component="unordered-list-block"><ul><li>HEADLINE: '
        '<a href="/news/uk-1">Another story</a></li></ul></div>'
        "</article></main>"
        f"<script>{state}</script>",
    )
    item = parse(f"{BASE}/news/uk-50000001", html)
    assert item.title == "Ferry returns"
    assert item.byline == "Mo Kerr"
    assert item.section == "Scotland"
    assert item.published == datetime(2020, 1, 20, 6, 5, 18, tzinfo=UTC)
    assert item.modified == datetime(2020, 1, 20, 7, 5, 18, tzinfo=UTC)
    assert item.body == ["The boat came back.", "Next steps"]


def test_story_body_page_2010_to_2014() -> None:
    html = page_html(
        '<meta name="OriginalPublicationDate" content="2012/03/05 14:10:22">'
        '<meta name="Section" content="Scotland">'
        '<meta name="Headline" content="Ferry back">',
        '<div id="header"><h1>BBC</h1></div>'
        '<div class="story-body"><span class="story-date">5 March 2012</span>'
        '<h1 class="story-header">Ferry service returns to island</h1>'
        '<div class="caption"><p>The boat at the pier</p></div>'
        '<p class="introduction">Islanders welcomed the first boat in a month.</p>'
        "<p>A crowd waited on the pier.</p>"
        '<div class="story-feature"><h2>Timeline</h2><p>Old events</p></div>'
        "</div>",
    )
    item = parse("https://www.bbc.co.uk/news/uk-scotland-17251234", html)
    assert item.title == "Ferry service returns to island"
    assert item.published == datetime(2012, 3, 5, 14, 10, 22, tzinfo=UTC)
    assert_utc(item.published)
    assert item.section == "Scotland"
    assert item.body == [
        "Islanders welcomed the first boat in a month.",
        "A crowd waited on the pier.",
    ]
    assert item.page_type == "article"


OLDER = {
    "story_body": site.render_story_body,
    "stm": site.render_stm,
    "stm_2006": site.render_stm_2006,
}
STM_URL = "http://news.bbc.co.uk/1/hi/world/europe/7123456.stm"


@pytest.mark.parametrize("kind", list(OLDER))
@pytest.mark.parametrize("key", ["staff", "multi", "tricky"])
def test_story_body_and_stm_pages_whole(kind: str, key: str) -> None:
    article = {**ARTICLES[key], "url": STM_URL}
    html = OLDER[kind](article)
    item = parse(STM_URL, html)
    assert item.page_type == "article"
    assert item.title == article["title"]
    assert item.standfirst == article["standfirst"]
    assert item.published == article["published"]
    assert item.section == article["section"]
    # Crossheads (spans, or a bold paragraph in 2006) are text.
    assert item.body == pages.expected_body(article["body"])
    text = "\n".join(item.body)
    found = [noise for noise in site.NOISE_TEXTS if noise in html]
    assert site.IMAGE_CAPTION in found and "Follow Test News on" in html
    for noise in [*found, site.FEATURE_TEXT, "Follow Test News"]:
        assert noise not in text


def test_stm_story_reads_bare_text_after_a_box_and_boxes_inside_an_open_p() -> None:
    # 2005-08 .stm pages: <P> opens paragraphs and is never closed, so a box
    # (S IBOX ... E IBOX) can sit inside a paragraph, the text after the box
    # stands bare before the next <P>, and the story's end can fall inside a
    # paragraph that runs on into the page's links.
    story = (
        "<!-- S BO --><div class='mxb'><h1>Ferry returns</h1></div>"
        "<!-- S SF --><B>The ferry is back.</B><!-- E SF --><BR>"
        "<P>Crowds waited on the pier."
        "<P><!-- S IBOX --><table><tr><td class='sibtbg'><div class='mva'>"
        "<b>We missed it so much</b></div></td></tr></table><!-- E IBOX -->"
        " The first boat was <b>late</b>, as ever."
        "<P>Fares are unchanged.<!-- E BO --> Related to this story"
        "<P>Back to top"
    )
    html = page_html("<title>BBC NEWS | UK | Ferry returns</title>", story)
    assert parse(STM_URL, html).body == [
        "The ferry is back.",
        "Crowds waited on the pier.",
        "The first boat was late, as ever.",
        "Fares are unchanged.",
    ]


def test_stm_headline_sits_outside_the_story_cell() -> None:
    html = site.render_stm({**STAFF, "url": STM_URL})
    start, end = html.index("<!-- S BO -->"), html.index('<td class="storybody">')
    assert start < html.index(f"<h1>{STAFF['title']}</h1>") < end


@pytest.mark.parametrize("kind", list(OLDER))
def test_old_headline_falls_back_to_the_title_then_meta_headline(kind: str) -> None:
    article = {**STAFF, "url": STM_URL}
    html = drop(OLDER[kind](article), r'<h1 class="story-header">.*?</h1>'
                if kind == "story_body" else r'<div class="mxb">.*?</div></div>'
                if kind == "stm_2006" else r'<div class="mxb">.*?</div>')  # fmt: skip
    assert parse(STM_URL, html).title == STAFF["title"]
    untitled = drop(html, r"(?i)<title>.*?</title>")
    assert parse(STM_URL, untitled).title == " ".join(STAFF["title"].split()[:4])


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("BBC NEWS | UK | England | Ferry returns", "Ferry returns"),
        ("BBC News - Ferry returns", "Ferry returns"),
        ("Ferry returns - BBC News", "Ferry returns"),
    ],
)
def test_title_less_the_sites_words(title: str, headline: str) -> None:
    html = page_html(f"<title>{title}</title>", "<p>Text.</p>")
    assert parse(STM_URL, html).title == headline


def test_a_page_title_without_the_sites_words_is_no_headline() -> None:
    html = page_html("<title>Choose your cookie settings</title>", "<p>Text.</p>")
    assert parse(STM_URL, html).title == ""


@pytest.mark.parametrize("kind", [*RENDERERS, *OLDER])
def test_follow_line_is_a_promotion_but_a_sentence_about_a_network_is_text(
    kind: str,
) -> None:
    article = {**STAFF, "url": STM_URL}
    body = [*STAFF["body"], "Police said they would follow the case on Twitter."]
    item = parse(STM_URL, {**RENDERERS, **OLDER}[kind]({**article, "body": body}))
    assert item.body[-1] == body[-1]
    assert "Follow Test News" not in "\n".join(item.body)


def test_a_description_cut_short_by_its_own_quotes_gives_way_to_og() -> None:
    # 2015: the description meta's unescaped quotes end it early (the rest
    # becomes attributes); og:description holds the whole summary.
    standfirst = 'The mayor calls the "common sense repair plan" overdue.'
    article = {**STAFF, "standfirst": standfirst}
    html = site.render_responsive(article)
    meta = f'<meta name="description" content="{html_escape(standfirst)}">'
    assert meta in html
    html = html.replace(meta, f'<meta name="description" content="{standfirst}">')
    assert parse(STAFF["url"], html).standfirst == standfirst


def test_a_programmes_sign_off_with_links_outside_its_italics_is_a_promotion() -> None:
    html = site.render_responsive(STAFF)
    # As the 2015-20 pages have it: the networks and "live" are links
    # outside the italics, the last full stop is plain.
    assert "<i>Follow Test News on </i><a" in html and "</a>.</p>" in html
    item = parse(STAFF["url"], html)
    assert item.body == pages.expected_body(STAFF["body"])
    # A sentence that names a network, with a link in it, stays text.
    sentence = "Follow the inquiry on Twitter, the council said."
    first = f'<p class="story-body__introduction">{STAFF["body"][0]}</p>'
    linked = html.replace(
        first,
        f'{first}<p>Follow the inquiry on <a href="/t">Twitter</a>, the council'
        " said.</p>",
    )
    assert parse(STAFF["url"], linked).body[1] == sentence


# -- field fallbacks ------------------------------------------------------------


def test_title_falls_back_to_json_ld_then_og_title_without_suffix() -> None:
    html = drop(site.render_optimo(STAFF), r"<h1 .*?</h1>")
    assert parse(STAFF["url"], html).title == STAFF["title"]
    og_only = page_html('<meta property="og:title" content="Ferry returns - BBC News">')
    assert parse(STAFF["url"], og_only).title == "Ferry returns"


def test_next_byline_falls_back_to_json_ld_people_only() -> None:
    contributors = r'<div data-testid="byline-contributors">.*?</div></div></div>'
    html = drop(site.render_next(MULTI), contributors + "(?=<button)")
    assert parse(MULTI["url"], html).byline == "Jane Doe and Sam Poe"
    unsigned = site.render_next(UNSIGNED)
    assert f'"name": "{site.NEWSROOM}"' in unsigned
    assert "Share" in unsigned and "1 day ago" in unsigned
    assert parse(UNSIGNED["url"], unsigned).byline == ""


def test_next_dates_and_section_from_embedded_state() -> None:
    html = drop(site.render_next(STAFF), _NO_LD)
    html = drop(html, r'<meta property="article:modified_time"[^>]*>')
    html = drop(html, r"<time [^>]*>")
    item = parse(STAFF["url"], html)
    assert item.published == STAFF["published"].replace(microsecond=0)
    assert item.modified == STAFF["modified"]
    assert_utc(item.published)
    html = html.replace(
        f'"section": {{"name": "{STAFF["section"]}"', '"section": {"name": "Spain"'
    )
    assert parse(STAFF["url"], html).section == "Spain"
    no_state = drop(html, r'<script id="__NEXT_DATA__".*?</script>')
    assert parse(STAFF["url"], no_state).section == STAFF["section"]  # page.subsection


def test_next_modified_from_byline_time_when_metadata_is_gone() -> None:
    html = drop(site.render_next(STAFF), _NO_LD)
    html = drop(html, r'<meta property="article:modified_time"[^>]*>')
    html = drop(html, r'<script id="__NEXT_DATA__".*?</script>')
    item = parse(STAFF["url"], html)
    assert item.modified == STAFF["modified"]
    assert item.published is None


def test_next_tags_fall_back_to_embedded_topics() -> None:
    html = drop(
        site.render_next(STAFF), r'<div data-component="tag-list-block".*?</ul></div>'
    )
    assert parse(STAFF["url"], html).tags == STAFF["tags"]


def test_optimo_dates_from_double_encoded_state() -> None:
    html = drop(site.render_optimo(STAFF), _NO_LD)
    assert 'window.__INITIAL_DATA__="{' in html
    item = parse(STAFF["url"], html)
    assert item.published == datetime(2024, 2, 24, 10, 0, 5, tzinfo=UTC)
    assert item.modified == STAFF["modified"]


def test_responsive_date_from_data_seconds() -> None:
    html = drop(site.render_responsive(STAFF), _NO_LD)
    item = parse(STAFF["url"], html)
    assert item.published == datetime(2024, 2, 24, 10, 0, 5, tzinfo=UTC)
    assert item.modified is None


def test_responsive_json_ld_offset_is_converted_to_utc() -> None:
    html = site.render_responsive(STAFF)
    assert '"datePublished": "2024-02-24T11:00:05+01:00"' in html
    assert parse(STAFF["url"], html).published == STAFF["published"]


def test_unreadable_embedded_state_is_ignored() -> None:
    html = page_html(
        body='<main id="bbc-main"><article><div data-component="headline-block">'
        "<h1>Headline</h1></div></article></main>"
        '<script id="__NEXT_DATA__" type="application/json">{broken</script>'
        '<script>window.__INITIAL_DATA__="{also broken";</script>'
    )
    item = parse(f"{BASE}/news/articles/c1a2b3c4d5eo", html)
    assert item.title == "Headline"
    assert item.published is None and item.section == ""


# -- page types ------------------------------------------------------------------


def test_live_page_is_a_liveblog_with_json_ld_updates_as_body() -> None:
    url = f"{BASE}/news/live/c5l6i7v8e9at"
    ld = (
        '{"@type": "LiveBlogPosting", "headline": "Storm live",'
        ' "liveBlogUpdate": [{"@type": "BlogPosting", "articleBody": "Ferries stop."},'
        ' {"@type": "BlogPosting", "articleBody": "Winds rise."}]}'
    )
    html = site.render_next({**STAFF, "url": url}).replace(
        "</head>", f'<script type="application/ld+json">{ld}</script></head>'
    )
    item = parse(url, html)
    assert item.page_type == "liveblog"
    assert item.body == ["Ferries stop.", "Winds rise."]
    plain = parse(url, site.render_next({**STAFF, "url": url}))
    assert plain.page_type == "liveblog"
    assert plain.body == pages.expected_body(STAFF["body"])


def test_consent_wall_is_an_interstitial() -> None:
    url = f"{BASE}/news/articles/c0n5e7t1l2ao"
    item = parse(url, site.render_consent(url))
    assert item.page_type == "interstitial"
    assert item.body == [] and item.title == ""


def test_consent_banner_beside_an_article_is_still_an_article() -> None:
    html = site.render_next(STAFF).replace(
        "<body>", '<body><div id="consent-banner"><p>Cookies?</p></div>'
    )
    assert parse(STAFF["url"], html).page_type == "article"


def test_index_page_is_other() -> None:
    html = page_html(
        body='<main id="main-content"><h2>Top stories</h2><ul><li>'
        '<a href="/news/articles/c1a2b3c4d5eo">A story</a></li></ul></main>'
    )
    item = parse(f"{BASE}/news", html)
    assert item.page_type == "other" and item.body == []


# -- URL filter -------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/news/articles/cden3j9d1r7o",
        "/news/health-54528983",
        "/news/uk-politics-48199725",
        "/news/world-us-canada-52241234",
        "/news/uk-england-london-12345678",
        "/news/explainers-51234567",
        "/news/science_and_environment-12345678",
    ],
)
def test_article_paths(path: str) -> None:
    assert is_article_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "/news",
        "/news/world",
        "/news/world/africa",
        "/news/10628994",
        "/news/av/uk-67123456",
        "/news/videos/c2v3w4x5y6zo",
        "/news/av-embeds/67123457",
        "/news/topics/c1a2b3c4d5et",
        "/news/topics/c1a2b3c4d5et/harbours",
        "/news/health-54528983.amp",
        "/sport/football/articles/c7d8e9f0g1ho",
        "/sport/football/67000000",
        "/weather/articles/c3k4l5m6n7po",
        "/iplayer/episode/m001abcd",
        "/sounds/play/m002efgh",
        "/ukrainian/articles/c1a2b3c4d5eo",
        "/1/hi/world/europe/1234567.stm",
    ],
)
def test_non_article_paths(path: str) -> None:
    assert not is_article_path(path)
    assert not is_article_path(path, include_liveblogs=True)


@pytest.mark.parametrize(
    "path", ["/news/live/c5l6i7v8e9at", "/news/live/uk-politics-12345678"]
)
def test_live_pages_only_when_asked(path: str) -> None:
    assert not is_article_path(path)
    assert is_article_path(path, include_liveblogs=True)
