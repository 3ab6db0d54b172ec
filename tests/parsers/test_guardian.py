"""Unit tests for the Guardian parser, on pages from the test-site renderers."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from lxml import etree

from newscrawl.items import ArticleItem
from newscrawl.parsers import guardian
from newscrawl.parsers.guardian import PARSER_VERSION, parse
from testsite import pages

UTC = timezone.utc
BASE = "https://www.theguardian.com"

STAFF = {
    "url": f"{BASE}/world/2024/feb/24/harbour-town-counts-cost-of-storm",
    "title": "Harbour town counts the cost after overnight storm",
    "standfirst": "Boats were lifted onto the quay as winds reached 90mph.",
    "byline": "Jane Doe",
    "byline_kind": "staff",
    "published": datetime(2024, 2, 24, 10, 0, 5, tzinfo=UTC),
    "modified": datetime(2024, 2, 24, 12, 31, tzinfo=UTC),
    "section": "World news",
    "section_slug": "world",
    "tags": ["Spain", "Europe", "World news"],
    "body": [
        "The storm arrived shortly after midnight, earlier than forecast.",
        "Residents said the sea wall held, but the road behind it did not.",
        "## What happens next",
        "Engineers will inspect the wall on Monday.",
        "The mayor asked for patience while repairs were planned.",
        "Insurance assessors are expected later in the week.",
    ],
}
MULTI = {
    **STAFF,
    "url": f"{BASE}/uk-news/article/2024/mar/02/rail-timetable-shake-up",
    "title": "Rail timetable shake-up: what changes & when",
    "standfirst": "Three operators publish joint plans for the spring.",
    "byline": "Jane Doe, Sam Poe and John Roe in Leeds",
    "published": datetime(2024, 3, 2, 6, 0, tzinfo=UTC),
    "modified": datetime(2024, 3, 2, 6, 0, tzinfo=UTC),
    "section": "UK news",
    "section_slug": "uk-news",
    "tags": ["Rail transport", "Transport", "UK news"],
    "body": [
        "The changes take effect in May.",
        "Key points in the plan:",
        "* Earlier first trains on weekdays",
        "* Fewer stops on the fast service",
        "* A new late train on Fridays",
        "> We listened to passengers and changed the plan twice.",
        "Unions said they had not been consulted.",
        "The plans will be reviewed in autumn.",
    ],
    "standfirst_links": ["Explainer: how timetables are made"],
}
AGENCY = {
    **STAFF,
    "url": f"{BASE}/world/2023/oct/30/valencia-festival-cancelled",
    "title": "Festival in Valencia called off after flooding",
    "standfirst": "Organisers said the grounds could not be made safe in time.",
    "byline": "Associated Press in Valencia",
    "byline_kind": "agency",
    "published": datetime(2023, 10, 30, 17, 45, tzinfo=UTC),
    "modified": datetime(2023, 10, 31, 8, 2, 9, tzinfo=UTC),
    "tags": ["Spain", "Festivals"],
    "body": [
        "The festival had been due to open on Friday.",
        "Ticket holders will be refunded, the organisers said.",
    ],
}
TRICKY = {
    **STAFF,
    "url": f"{BASE}/technology/2022/jun/01/escaping-test",
    "title": "Why <script>alert('x')</script> & other tags matter",
    "standfirst": "Café owners in Zürich say “no” – and mean it. 東京 too 🚋",
    "byline": "Zoë Ñúñez & Ana O'Neil",
    "section": "Technology & science",
    "section_slug": "technology",
    "tags": ["Café culture", "Zürich", "Q&A"],
    "body": [
        "A paragraph with <b>not bold</b> & an ampersand.",
        "## Sub <em>heading</em> & more",
        "Naïve façade — résumé, 東京, emoji 🚋.",
        "> “Quoted” <script>x()</script> text",
        "* list & item",
        "Last line with a \"quote\" and an 'apostrophe'.",
    ],
}
ARTICLES = {"staff": STAFF, "multi": MULTI, "agency": AGENCY, "tricky": TRICKY}
RENDERERS = {"dcr": pages.render_dcr, "frontend": pages.render_frontend}


def _cases() -> list:
    """Every (renderer, article) pair, with readable ids."""
    return [
        pytest.param(render, article, id=f"{name}-{key}")
        for name, render in RENDERERS.items()
        for key, article in ARTICLES.items()
    ]


def _page(head: str = "", body: str = "") -> str:
    """A minimal HTML page."""
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _assert_utc(moment: datetime | None) -> None:
    """The datetime is aware and in UTC."""
    assert moment is not None
    assert moment.tzinfo is UTC
    assert moment.utcoffset() == timedelta(0)


def _drop(html: str, pattern: str) -> str:
    """The page with every match of a regex removed, which must match."""
    stripped, count = re.subn(pattern, "", html, flags=re.DOTALL)
    assert count, pattern
    return stripped


# -- round trip through the renderers --------------------------------------


@pytest.mark.parametrize(("render", "article"), _cases())
def test_fields_round_trip(render, article: dict) -> None:
    item = parse(article["url"], render(article))
    assert isinstance(item, ArticleItem)
    assert item.source == "guardian"
    assert item.url == article["url"]
    assert item.canonical_url == article["url"]
    assert item.title == article["title"]
    assert item.standfirst == article["standfirst"]
    assert item.byline == article["byline"]
    assert item.published == article["published"]
    assert item.modified == article["modified"]
    _assert_utc(item.published)
    _assert_utc(item.modified)
    assert item.section == article["section"]
    assert item.tags == article["tags"]
    assert item.body == pages.expected_body(article["body"])
    assert item.page_type == "article"


@pytest.mark.parametrize(("render", "article"), _cases())
def test_noise_stays_out_of_body(render, article: dict) -> None:
    html = render(article)
    text = "\n".join(parse(article["url"], html).body)
    found_in_page = [noise for noise in pages.NOISE_TEXTS if noise in html]
    # The page really carries the noise, so its absence from the body means
    # something.
    assert pages.IMAGE_CAPTION in found_in_page
    assert pages.RICH_LINK_TEXT in found_in_page
    assert pages.RELATED_TEXT in found_in_page
    for noise in found_in_page:
        assert noise not in text
    for word in ("Share on Facebook", "Related:", "Topics", "Photograph"):
        assert word not in text


def test_dcr_page_has_gate_and_promos_inside_body() -> None:
    html = pages.render_dcr(STAFF)
    body_start = html.index("article-body-commercial-selector")
    for marker in (
        'id="sign-in-gate"',
        "NewsletterSignupBlockElement",
        "RichLinkBlockElement",
        "ImageBlockElement",
        "<gu-island",
    ):
        assert html.index(marker, body_start) > body_start


def test_frontend_page_has_noise_inside_body() -> None:
    html = pages.render_frontend(STAFF)
    body_start = html.index("content__article-body")
    for marker in (
        "element-rich-link",
        "element-image",
        'class="submeta"',
        "after-article",
    ):
        assert html.index(marker, body_start) > body_start
    # The site name h1 comes before the headline h1.
    assert html.index('<h1 class="u-h">') < html.index("content__headline")


def test_standfirst_list_of_links_is_left_out() -> None:
    html = pages.render_dcr(MULTI)
    assert "Explainer: how timetables are made" in html
    item = parse(MULTI["url"], html)
    assert item.standfirst == MULTI["standfirst"]


@pytest.mark.parametrize("render", list(RENDERERS.values()), ids=list(RENDERERS))
def test_padding_adds_bulk_without_changing_fields(render) -> None:
    plain = render(STAFF)
    padded = render(STAFF, padding_kb=300)
    extra = len(padded.encode()) - len(plain.encode())
    assert 290 * 1024 <= extra <= 310 * 1024
    assert "window.guardian" in padded and "window.guardian" not in plain
    assert "<style>" in padded and "<style>" not in plain
    assert padded.count("<li") > plain.count("<li") + 100
    assert parse(STAFF["url"], padded) == parse(STAFF["url"], plain)


def test_bytes_input_matches_text_input() -> None:
    html = pages.render_dcr(TRICKY)
    assert parse(TRICKY["url"], html.encode("utf-8")) == parse(TRICKY["url"], html)


def test_bytes_in_declared_charset_are_decoded() -> None:
    html = _page(
        '<meta charset="iso-8859-1">',
        '<div data-gu-name="headline"><h1>Caf\u00e9 reopens</h1></div>',
    )
    item = parse(f"{BASE}/a", html.encode("iso-8859-1"))
    assert item.title == "Caf\u00e9 reopens"


# -- individual fields -------------------------------------------------------


def test_canonical_is_the_og_url_as_the_page_gives_it() -> None:
    html = _drop(pages.render_frontend(STAFF), r'<link rel="canonical"[^>]*>')
    assert 'property="og:url" content="http://' in html
    item = parse(STAFF["url"], html)
    assert item.canonical_url == "http://" + STAFF["url"].removeprefix("https://")


def test_canonical_missing_is_none() -> None:
    item = parse(f"{BASE}/a", _page(body="<p>x</p>"))
    assert item.canonical_url is None


def test_visible_agency_byline_beats_json_ld() -> None:
    html = pages.render_dcr(AGENCY)
    assert pages.AGENCY_LD_AUTHOR in html
    assert parse(AGENCY["url"], html).byline == "Associated Press in Valencia"


def test_byline_falls_back_to_json_ld_names() -> None:
    html = _drop(pages.render_dcr(MULTI), r"<address.*?</address>")
    assert parse(MULTI["url"], html).byline == "Jane Doe and Sam Poe and John Roe"


def test_byline_falls_back_to_meta_author_text_not_urls() -> None:
    no_visible = r"<address.*?</address>"
    no_ld = r'<script type="application/ld\+json">.*?</script>'
    agency = _drop(_drop(pages.render_dcr(AGENCY), no_visible), no_ld)
    assert parse(AGENCY["url"], agency).byline == AGENCY["byline"]
    staff = _drop(_drop(pages.render_dcr(STAFF), no_visible), no_ld)
    assert 'article:author" content="https://' in staff
    assert parse(STAFF["url"], staff).byline == ""


def test_title_falls_back_to_json_ld_then_og_title() -> None:
    html = _drop(pages.render_dcr(STAFF), r'<div data-gu-name="headline".*?</h1>')
    assert parse(STAFF["url"], html).title == STAFF["title"]
    html = html.replace('"headline": ', '"alternativeHeadline": ')
    html = html.replace(
        'og:title" content="Harbour', 'og:title" content="From og: Harbour'
    )
    assert parse(STAFF["url"], html).title.startswith("From og: Harbour")


def test_section_falls_back_to_section_link() -> None:
    for render in RENDERERS.values():
        html = _drop(render(STAFF), r'<meta property="article:section"[^>]*>')
        assert parse(STAFF["url"], html).section == "World news"


def test_tags_split_strip_and_keep_order() -> None:
    html = _page('<meta property="article:tag" content=" Zeta, ,Alpha,,  Mid tag ,">')
    assert parse(f"{BASE}/a", html).tags == ["Zeta", "Alpha", "Mid tag"]


def test_tags_fall_back_to_frontend_keywords() -> None:
    html = _drop(pages.render_frontend(STAFF), r'<meta property="article:tag"[^>]*>')
    assert parse(STAFF["url"], html).tags == STAFF["tags"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-24T10:00:00Z", datetime(2024, 2, 24, 10, 0, tzinfo=UTC)),
        ("2024-02-24T10:00:00.000Z", datetime(2024, 2, 24, 10, 0, tzinfo=UTC)),
        ("2024-02-24T11:00:00+01:00", datetime(2024, 2, 24, 10, 0, tzinfo=UTC)),
        ("2024-02-24T10:00:00+0000", datetime(2024, 2, 24, 10, 0, tzinfo=UTC)),
        ("2024-02-24T05:00:00-0500", datetime(2024, 2, 24, 10, 0, tzinfo=UTC)),
        ("2012-01-27T12:58GMT", datetime(2012, 1, 27, 12, 58, tzinfo=UTC)),
        ("2024-02-24T10:00:00", datetime(2024, 2, 24, 10, 0, tzinfo=UTC)),
        ("Sat, 24 Feb 2024 10:00:00 GMT", datetime(2024, 2, 24, 10, 0, tzinfo=UTC)),
    ],
)
def test_date_formats_become_aware_utc(value: str, expected: datetime) -> None:
    html = _page(f'<meta property="article:published_time" content="{value}">')
    item = parse(f"{BASE}/a", html)
    assert item.published == expected
    _assert_utc(item.published)


@pytest.mark.parametrize(
    "value", ["", "yesterday", "2024-13-45T99:00Z", "2024-02-24T10:00+99:00", "0"]
)
def test_unparsable_dates_are_none(value: str) -> None:
    html = _page(
        f'<meta property="article:published_time" content="{value}">'
        f'<meta property="article:modified_time" content="{value}">'
    )
    item = parse(f"{BASE}/a", html)
    assert item.published is None
    assert item.modified is None


def test_frontend_time_timestamp_is_used_when_datetime_is_bad() -> None:
    html = _page(
        body='<time itemprop="datePublished" datetime="soon"'
        ' data-timestamp="1579500318000">Mon 20 Jan 2020</time>'
    )
    item = parse(f"{BASE}/a", html)
    assert item.published == datetime(2020, 1, 20, 6, 5, 18, tzinfo=UTC)
    _assert_utc(item.published)


def test_dcr_card_times_are_not_article_dates() -> None:
    html = _drop(
        pages.render_dcr(STAFF), r'<script type="application/ld\+json">.*?</script>'
    )
    html = _drop(html, r'<meta property="article:(published|modified)_time"[^>]*>')
    assert "<time datetime=" in html
    item = parse(STAFF["url"], html)
    assert item.published is None
    assert item.modified is None


# -- JSON-LD -----------------------------------------------------------------

_LD = (
    '{"@context": "https://schema.org", "@type": "NewsArticle",'
    ' "headline": "Bridge reopens after repairs",'
    ' "datePublished": "2019-05-01T08:30:00.000Z",'
    ' "dateModified": "2019-05-01T09:00:00.000Z",'
    ' "author": {"@type": "Person", "name": "Ada Byrne"}}'
)


def test_json_ld_in_cdata_is_read() -> None:
    html = _page(f'<script type="application/ld+json"><![CDATA[{_LD}]]></script>')
    item = parse(f"{BASE}/a", html)
    assert item.title == "Bridge reopens after repairs"
    assert item.byline == "Ada Byrne"
    assert item.published == datetime(2019, 5, 1, 8, 30, tzinfo=UTC)
    assert item.modified == datetime(2019, 5, 1, 9, 0, tzinfo=UTC)


def test_json_ld_in_commented_cdata_is_read() -> None:
    script = f"//<![CDATA[\n{_LD}\n//]]>"
    html = _page(f'<script type="application/ld+json">{script}</script>')
    assert parse(f"{BASE}/a", html).title == "Bridge reopens after repairs"


def test_broken_json_ld_is_skipped() -> None:
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", "head'
    bad_types = '<script type="application/ld+json">[1, "x", {"@type": 5}]</script>'
    html = _page(
        f"{bad_types}{broken}</script>"
        f'<script type="application/ld+json">{_LD}</script>',
        '<div data-gu-name="headline"><h1>Visible headline</h1></div>',
    )
    item = parse(f"{BASE}/a", html)
    assert item.title == "Visible headline"
    assert item.byline == "Ada Byrne"
    assert item.published == datetime(2019, 5, 1, 8, 30, tzinfo=UTC)


def test_only_broken_json_ld_gives_empty_fields() -> None:
    html = _page('<script type="application/ld+json">{not json at all</script>')
    item = parse(f"{BASE}/a", html)
    assert item.title == ""
    assert item.published is None


# -- body rules on hand-written markup -------------------------------------


def test_body_takes_direct_children_and_flattens_links() -> None:
    body = (
        '<main id="maincontent"><div data-gu-name="body">'
        '<div class="article-body-commercial-selector article-body-viewer-selector">'
        '<p>Read  <a data-link-name="in body link" href="/x">the\n report</a> here.</p>'
        "<p>   </p>"
        '<figure data-spacefinder-type="model.dotcomrendering.pageElements'
        '.YoutubeBlockElement"><p>Video text</p><figcaption>Clip</figcaption>'
        "</figure>"
        '<p id="EmailSignup-skip-link-9" tabindex="0" role="note"'
        ' aria-label="after newsletter promotion">after newsletter promotion</p>'
        "<h3>Small heading</h3><ol><li>one</li><li>two <b>bold</b></li></ol>"
        "<blockquote><p>First quoted.</p><p>Second quoted.</p></blockquote>"
        "<div><p>Nested in a div</p></div>"
        "</div></div></main>"
    )
    item = parse(f"{BASE}/a", _page(body=body))
    assert item.body == [
        "Read the report here.",
        "Small heading",
        "one",
        "two bold",
        "First quoted.",
        "Second quoted.",
    ]
    assert item.page_type == "article"


def test_body_falls_back_to_nested_paragraphs_without_noise() -> None:
    body = (
        '<div class="content__article-body" itemprop="articleBody"><div>'
        "<p>Wrapped paragraph.</p>"
        '<aside class="element-rich-link"><p>Card</p></aside>'
        "</div></div>"
    )
    item = parse(f"{BASE}/a", _page(body=body))
    assert item.body == ["Wrapped paragraph."]


def test_old_guardian_co_uk_page() -> None:
    url = "http://www.guardian.co.uk/world/2012/jan/27/ferry-service-returns"
    html = _page(
        f'<link rel="canonical" href="{url}">'
        '<meta property="og:title" content="Ferry service returns to island">'
        '<meta name="keywords" content="Scotland,Transport">',
        '<div id="header"><h1 id="logo">guardian.co.uk</h1></div>'
        '<div id="main-article-info"><h1>Ferry service returns to island</h1>'
        '<div id="stand-first">Islanders welcome the first boat in a month</div>'
        '<ul id="article-attributes"><li class="byline">'
        '<a class="contributor" href="/profile/mo-kerr">Mo Kerr</a></li>'
        '<li class="publication">guardian.co.uk, <time datetime="2012-01-27T12:58GMT"'
        " pubdate>Friday 27 January 2012 12.58 GMT</time></li></ul></div>"
        '<div id="article-body-blocks"><p>The boat arrived at noon.</p>'
        "<p>A crowd waited on the pier.</p></div>",
    )
    item = parse(url, html)
    assert item.canonical_url == (
        "http://www.guardian.co.uk/world/2012/jan/27/ferry-service-returns"
    )
    assert item.title == "Ferry service returns to island"
    assert item.standfirst == "Islanders welcome the first boat in a month"
    assert item.byline == "Mo Kerr"
    assert item.published == datetime(2012, 1, 27, 12, 58, tzinfo=UTC)
    _assert_utc(item.published)
    assert item.tags == ["Scotland", "Transport"]
    assert item.body == ["The boat arrived at noon.", "A crowd waited on the pier."]
    assert item.page_type == "article"


def test_immersive_standfirst_leaves_out_its_credits_paragraph() -> None:
    html = pages.render_frontend(STAFF)
    credits = (
        '<p>by <span itemscope itemtype="http://schema.org/Person" itemprop="author">'
        '<a rel="author" itemprop="sameAs" href="/profile/mo-kerr"><span'
        ' itemprop="name">Mo Kerr</span></a></span> (reporting) and Sam Poe'
        " (photographs)</p>"
    )
    standfirst = re.search(r'<div class="content__standfirst.*?</div>', html, re.S)
    assert standfirst is not None
    html = html.replace(
        standfirst.group(0), standfirst.group(0).replace("</div>", credits + "</div>")
    )
    assert credits in html
    assert parse(STAFF["url"], html).standfirst == STAFF["standfirst"]


@pytest.mark.parametrize(
    "body",
    [
        # /feedarticle pages (2007-08).
        '<div id="wrapper"><div class="box"><div id="article-header">'
        '<h1 id="heading-alone">Ferry fares rise again</h1></div><div id="content">'
        '<ul class="article-attributes no-pic"><li>Reuters</li><li>Wednesday'
        " January 9 2008</li></ul><div>OBAN, Jan 9 (Reuters) - Fares rose.</div>"
        "<div>Riders noticed.</div></div></div></div>",
        # Sport's feedstory pages (2007-08): NewsML in a table.
        '<table><tr><td><div class="newsml-title">Ferry fares rise again</div>'
        '<div class="newsml-body"><div>OBAN, Jan 9 (Reuters) - Fares rose.</div>'
        "<div>Riders noticed.</div></div></td></tr></table>",
    ],
    ids=["feedarticle", "feedstory"],
)
def test_agency_copy_of_2007_08(body: str) -> None:
    url = "http://www.guardian.co.uk/feedarticle?id=7210554"
    item = parse(url, _page("<title>Guardian Unlimited</title>", body))
    assert item.page_type == "article"
    assert item.title == "Ferry fares rise again"
    assert item.body == ["OBAN, Jan 9 (Reuters) - Fares rose.", "Riders noticed."]


@pytest.mark.parametrize(
    "attributes",
    [
        # guardian.co.uk 2011-13: the byline in a list of attributes.
        '<ul class="article-attributes trackable-component b4"><li class="byline">'
        '<div class="contributor-full"><span itemprop="author"><a class="contributor"'
        ' rel="author" href="/profile/mo-kerr">Mo Kerr</a></span> and <span'
        ' itemprop="author"><a class="contributor" rel="author"'
        ' href="/profile/sam-poe">Sam Poe</a></span></div></li></ul>',
        # An address of author links with no data-component on it.
        '<address><div class="dcr-1"><a rel="author" href="/profile/mo-kerr">Mo Kerr'
        '</a> and <a rel="author" href="/profile/sam-poe">Sam Poe</a></div></address>',
    ],
    ids=["2012", "address"],
)
def test_byline_of_a_list_of_attributes_or_a_bare_address(attributes: str) -> None:
    url = "http://www.guardian.co.uk/world/2012/oct/29/ferry-service-returns"
    html = _page(
        '<meta property="article:author" content="http://www.guardian.co.uk/profile/mo-kerr">',
        f"<h1>Ferry service returns</h1>{attributes}"
        '<div id="article-body-blocks"><p>The boat arrived at noon.</p></div>',
    )
    assert parse(url, html).byline == "Mo Kerr and Sam Poe"


def _unlimited(standfirst: str, signature: str) -> str:
    """A Guardian Unlimited page (2001-08): P separates paragraphs, an ad
    with a script between them, the text after it the ad's tail."""
    return _page(
        "<title>Guardian Unlimited | Ferry service returns to island</title>",
        '<div id="GuardianArticle"> <h1>Ferry service returns to island</h1> <BR>'
        f"<BR> {standfirst} <BR> <BR>"
        f'<FONT FACE="Geneva,Arial,sans-serif" SIZE="2"> <B>{signature}<BR>'
        '<a href="http://www.guardian.co.uk">The Guardian</a></B> <BR> <BR> </FONT>'
        '<IMG SRC="/pics/ferry.jpg" ALT="The ferry"><BR>'
        '<FONT FACE="Geneva,Arial,sans-serif" SIZE="1">The ferry at the pier.'
        " Photograph: Test Agency<BR>&nbsp;</FONT><BR><BR>"
        '<div id="GuardianArticleBody">The boat arrived at <b>noon</b>, a month'
        " late.\n<P>A crowd waited on the pier.\n<P><script>var ad = 1;</script>\n"
        '<div id="spacedesc_mpu_div" class="MPU_display_class">Article continues'
        ' <a href="http://ads.example.org/">ad</a></div>The harbour master'
        " counted them.\n<P>Fares stay the same.\n</div></div>",
    )


@pytest.mark.parametrize(
    ("standfirst", "signature", "expected"),
    [
        (
            '<FONT FACE="arial,helvetica,sans-serif" SIZE="3"><b>&#183;</b>'
            " Islanders welcome the first boat<br><b>&#183;</b> Fares unchanged"
            "</FONT>",
            "Mo Kerr in Stornoway<BR>Thursday January 10, 2008",
            (
                "· Islanders welcome the first boat · Fares unchanged",
                "Mo Kerr in Stornoway",
            ),
        ),
        # No standfirst, no byline: the day alone (2005); a summer day.
        ("", "Saturday June 4, 2005", ("", "")),
    ],
    ids=["2008", "2005"],
)
def test_guardian_unlimited_page(
    standfirst: str, signature: str, expected: tuple[str, str]
) -> None:
    url = "http://www.guardian.co.uk/uk/story/0,,2238175,00.html"
    item = parse(url, _unlimited(standfirst, signature))
    assert item.page_type == "article"
    assert item.title == "Ferry service returns to island"
    assert (item.standfirst, item.byline) == expected
    # The day at midnight in London: GMT in January, BST in June.
    assert item.published == (
        datetime(2008, 1, 10, tzinfo=UTC)
        if "2008" in signature
        else datetime(2005, 6, 3, 23, tzinfo=UTC)
    )
    assert item.body == [
        "The boat arrived at noon, a month late.",
        "A crowd waited on the pier.",
        "The harbour master counted them.",
        "Fares stay the same.",
    ]


# -- page types --------------------------------------------------------------

LIVE = {
    **STAFF,
    "url": f"{BASE}/world/live/2024/feb/24/storm-latest-updates",
    "title": "Storm latest: ferries cancelled as winds rise – live",
    "updates": [
        {
            "id": "65d9c0ffee0123456789abcd",
            "time": datetime(2024, 2, 24, 11, 40, tzinfo=UTC),
            "text": "Ferries on all routes are now cancelled until tomorrow.",
        },
        {
            "id": "65d9c0ffee0123456789abce",
            "time": datetime(2024, 2, 24, 11, 5, tzinfo=UTC),
            "text": "Gusts of 80mph recorded on the headland & <rising>.",
        },
        {
            "id": "65d9c0ffee0123456789abcf",
            "time": datetime(2024, 2, 24, 10, 0, tzinfo=UTC),
            "text": "Welcome to our live coverage of the storm.",
        },
    ],
}


def test_liveblog_updates_are_the_body() -> None:
    html = pages.render_liveblog(LIVE)
    assert 'id="pinned-post"' in html
    item = parse(LIVE["url"], html)
    assert item.page_type == "liveblog"
    assert item.body == [update["text"] for update in LIVE["updates"]]
    assert item.title == LIVE["title"]
    assert item.byline == LIVE["byline"]
    assert item.published == LIVE["published"]
    assert item.modified == LIVE["modified"]


def test_liveblog_pinned_block_is_not_counted_twice() -> None:
    html = pages.render_liveblog(LIVE)
    # The pinned copy may itself be marked up as a block.
    pinned = html.replace('class="dcr-pinned" data-block-id="', 'id="block-')
    assert pinned != html
    item = parse(LIVE["url"], pinned)
    assert item.body == [update["text"] for update in LIVE["updates"]]


def test_liveblog_recognised_from_json_ld_alone() -> None:
    url = f"{BASE}/world/2024/feb/24/storm-coverage"
    item = parse(url, pages.render_liveblog({**LIVE, "url": url}))
    assert item.page_type == "liveblog"
    assert len(item.body) == 3


def test_liveblog_without_blocks_uses_json_ld_updates() -> None:
    html = _drop(pages.render_liveblog(LIVE), r"<article id=\"block-.*?</article>")
    item = parse(LIVE["url"], html)
    assert item.page_type == "liveblog"
    assert item.body == [update["text"] for update in LIVE["updates"]]


def test_signin_interstitial() -> None:
    url = f"{BASE}/world/2024/feb/24/gated"
    item = parse(url, pages.render_signin_interstitial(url))
    assert item.page_type == "interstitial"
    assert item.body == []
    assert item.title == ""


def test_section_front_is_other() -> None:
    links = [STAFF["url"], AGENCY["url"], MULTI["url"]]
    html = pages.render_section_front("World news", links)
    for link in links:
        assert f'href="{link}"' in html
    item = parse(f"{BASE}/world", html)
    assert item.page_type == "other"
    assert item.body == []


@pytest.mark.parametrize("render", list(RENDERERS.values()), ids=list(RENDERERS))
def test_truncated_page_keeps_what_it_has(render) -> None:
    html = render(STAFF)
    cut = html[: html.index(STAFF["body"][3])]
    item = parse(STAFF["url"], cut)
    assert item.title == STAFF["title"]
    assert item.byline == STAFF["byline"]
    assert item.body[:2] == STAFF["body"][:2]
    assert STAFF["body"][-1] not in item.body
    assert item.page_type == "article"


def test_a_failing_field_does_not_cost_the_others(monkeypatch) -> None:
    def boom(page: object) -> str:
        raise AttributeError("'NoneType' object has no attribute 'attrib'")

    monkeypatch.setattr(guardian.GuardianPage, "byline", boom)
    item = parse(STAFF["url"], pages.render_dcr(STAFF))
    assert item.byline == ""
    assert item.title == STAFF["title"]
    assert item.body == pages.expected_body(STAFF["body"])


def test_unreadable_input_gives_an_empty_other_item(monkeypatch) -> None:
    def refuse(page: object, url: str, html: object) -> None:
        raise ValueError("unreadable")

    monkeypatch.setattr(guardian.GuardianPage, "__init__", refuse)
    item = parse(STAFF["url"], pages.render_dcr(STAFF))
    assert item == ArticleItem(
        url=STAFF["url"],
        source="guardian",
        page_type="other",
        parser_version=str(PARSER_VERSION),
    )


def test_gate_with_headline_but_no_text_is_interstitial() -> None:
    html = pages.render_dcr({**STAFF, "body": []})
    item = parse(STAFF["url"], html)
    assert item.title == STAFF["title"]
    assert item.body == []
    assert item.page_type == "interstitial"


def test_items_carry_the_parser_version() -> None:
    item = parse(STAFF["url"], pages.render_dcr(STAFF))
    assert item.parser_version == str(PARSER_VERSION) == "3"


# -- feeds -------------------------------------------------------------------


def test_rss_is_well_formed_rss2() -> None:
    items = [
        {**STAFF, "tags": ["Spain", "Q&A"]},
        {**TRICKY, "byline": "Zoë Ñúñez"},
    ]
    root = etree.fromstring(pages.render_rss("World news", items).encode("utf-8"))
    ns = {
        "dc": "http://purl.org/dc/elements/1.1/",
        "media": "http://search.yahoo.com/mrss/",
    }
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    assert root.findtext("channel/title") == "World news | The Guardian"
    full = pages.render_rss("World news | The Guardian", items)
    assert etree.fromstring(full.encode()).findtext("channel/title") == (
        "World news | The Guardian"
    )
    entries = root.findall("channel/item")
    assert [e.findtext("link") for e in entries] == [STAFF["url"], TRICKY["url"]]
    assert [e.findtext("guid") for e in entries] == [STAFF["url"], TRICKY["url"]]
    assert entries[1].findtext("title") == TRICKY["title"]
    assert entries[0].findtext("pubDate") == "Sat, 24 Feb 2024 10:00:05 GMT"
    assert entries[0].findtext("dc:date", namespaces=ns) == "2024-02-24T10:00:05Z"
    assert entries[1].findtext("dc:creator", namespaces=ns) == "Zoë Ñúñez"
    description = entries[1].findtext("description")
    assert description.startswith("<p>") and "Zürich" in description
    categories = entries[0].findall("category")
    assert [c.text for c in categories] == ["Spain", "Q&A"]
    assert all(c.get("domain").startswith(f"{BASE}/") for c in categories)
    assert entries[0].find("media:content", namespaces=ns) is not None


def test_news_sitemap_is_well_formed() -> None:
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "news": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    items = [STAFF, TRICKY]
    root = etree.fromstring(pages.render_news_sitemap(items).encode("utf-8"))
    urls = root.findall("s:url", ns)
    assert [u.findtext("s:loc", namespaces=ns) for u in urls] == [
        STAFF["url"],
        TRICKY["url"],
    ]
    assert root.find(".//s:lastmod", ns) is None
    first = urls[0]
    assert first.findtext(".//news:publication/news:name", namespaces=ns)
    assert first.findtext(".//news:publication/news:language", namespaces=ns) == "en"
    date = first.findtext(".//news:publication_date", namespaces=ns)
    assert date == "2024-02-24T10:00:05Z"
    assert urls[1].findtext(".//news:title", namespaces=ns) == TRICKY["title"]
    keywords = urls[1].findtext(".//news:keywords", namespaces=ns)
    assert keywords == "Café culture, Zürich, Q&A"


def test_news_sitemap_holds_at_most_1000_urls() -> None:
    items = [{**STAFF, "url": f"{STAFF['url']}-{n}"} for n in range(1005)]
    root = etree.fromstring(pages.render_news_sitemap(items).encode("utf-8"))
    assert len(root) == 1000


def test_photo_essay_captions_in_lists_after_pictures_are_not_body() -> None:
    article = {
        **STAFF,
        "body": [*STAFF["body"][:2], "* A real list", *STAFF["body"][2:]],
    }
    html = pages.render_photo_essay(article)
    for caption in pages.ESSAY_CAPTIONS:
        assert caption in html
    body = parse(article["url"], html).body
    # A list after a paragraph or a captioned figure is still text; one after a
    # picture without a caption is its caption.
    assert body == pages.expected_body(article["body"])
    for caption in pages.ESSAY_CAPTIONS:
        assert caption not in "\n".join(body)
