"""Unit tests for the New York Times parser and URL filter, on test-site pages."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from newscrawl.parsers.nyt import PARSER_VERSION, parse, paywall_signs
from spiders.nyt import is_article_path
from tests.support.parsers import page_html
from testsite import nyt as site

UTC = timezone.utc
BASE = "https://www.nytimes.com"


def _item(**changes: object) -> dict:
    article = site.default_pages()["/2026/11/20/us/budget-vote-delayed.html"]["article"]
    article = {**article, **changes}
    return {**article, "url": BASE + article["path"]}


def _html(kind: str = "article", **changes: object) -> tuple[str, str]:
    item = _item(**changes)
    return item["url"], site.LAYOUT.renderers[kind](item)


def _without(html: str, pattern: str) -> str:
    changed = re.sub(pattern, "", html, flags=re.S)
    assert changed != html, pattern
    return changed


def _into_body(html: str, extra: str) -> str:
    """*extra* appended inside the first companion column's text div."""
    marker = '<div class="css-col2">'
    assert marker in html
    return html.replace(marker, marker + extra, 1)


def test_fields_of_a_current_page() -> None:
    item = _item()
    result = parse(item["url"], site.render_article(item))
    assert result.source == "nyt" and result.parser_version == str(PARSER_VERSION)
    assert result.page_type == "article"
    assert result.canonical_url == item["url"]
    # The visible h1, not the SEO headline of <title> and JSON-LD.
    assert result.title == "Budget Vote Delayed After a Late Amendment"
    assert result.standfirst == item["standfirst"]
    assert result.byline == "Alex Example and Sam Sample"
    assert result.published == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert result.modified == datetime(2026, 11, 20, 10, 15, tzinfo=UTC)
    assert result.published.tzinfo is UTC
    assert result.section == "U.S."
    assert result.tags == ["Harbors", "Local Government", "Storms"]
    assert result.body == site.expected_body(item)


def test_correction_is_kept_and_the_print_line_dropped() -> None:
    item = _item()
    body = parse(item["url"], site.render_article(item)).body
    assert body[-1] == item["correction"]
    assert "What happens next" in body  # an h2 subhead is a paragraph
    assert not any(site.PRINT_LINE[:30] in paragraph for paragraph in body)


def test_noise_stays_out_of_the_body() -> None:
    url, html = _html(padding_kb=0)
    for text in site.NOISE_TEXTS:
        if text != site.SUBSCRIBE_NOTE:
            assert text in html, text  # the page does carry it
    joined = "\n".join(parse(url, html).body)
    for text in site.NOISE_TEXTS:
        assert text not in joined, text


def test_padding_changes_no_field() -> None:
    item = _item()
    plain = parse(item["url"], site.render_article(item))
    padded = parse(item["url"], site.render_article(item, padding_kb=40))
    assert padded == plain


def test_not_free_flag_alone_is_no_paywall() -> None:
    url, html = _html()
    ld = parse(url, html)
    assert '"isAccessibleForFree": false' in html and ".meteredContent" in html
    # Every article says so, and the masthead links to /subscription too.
    assert "/subscription?campaignId" in html
    assert ld.page_type == "article"
    assert paywall_signs(url, html) == []


def test_cut_copy_is_a_paywall_with_both_signs() -> None:
    url, html = _html("truncated")
    result = parse(url, html)
    assert result.page_type == "paywall"
    assert paywall_signs(url, html) == [
        "subscribe_link_in_body",
        "fewer_paragraphs_than_declared",
    ]
    assert site.SUBSCRIBE_NOTE not in "\n".join(result.body)


def test_subscribe_note_alone_marks_a_paywall() -> None:
    url, html = _html("truncated")
    html = _without(html, r"<script>window\.__preloadedData.*?</script>")
    assert paywall_signs(url, html) == ["subscribe_link_in_body"]
    assert parse(url, html).page_type == "paywall"


def test_relative_subscribe_link_in_body_counts() -> None:
    url, html = _html()
    html = _into_body(html, '<p><a href="/subscription/all-access">Subscribe</a></p>')
    assert paywall_signs(url, html) == ["subscribe_link_in_body"]


def test_other_links_in_body_do_not_count() -> None:
    url, html = _html()
    html = _into_body(
        html,
        '<p>See <a href="https://www.nytimes.com/subscriptions-report.html">this</a>'
        ' and <a href="https://example.com/subscription">that</a>.</p>',
    )
    assert parse(url, html).page_type == "article"


def test_fewer_paragraphs_than_declared_alone_marks_a_paywall() -> None:
    url, html = _html("truncated")
    html = _without(html, r'<p role="note".*?</p>')
    assert paywall_signs(url, html) == ["fewer_paragraphs_than_declared"]
    assert parse(url, html).page_type == "paywall"


def test_one_paragraph_short_of_the_declared_count_is_no_paywall() -> None:
    body = [f"Paragraph {n} of a long story about the harbour wall." for n in range(12)]
    url, html = _html(body=body)
    html = _without(html, r"<p>Paragraph 11 of .*?</p>")
    assert parse(url, html).page_type == "article"


def test_flat_2020_page_data_is_counted_too() -> None:
    url, html = _html()
    blocks = {
        f"$Article:nyt://article/x.sprinkledBody.content.{n}": {
            "__typename": "ParagraphBlock"
        }
        for n in range(20)
    }
    blocks["$Article:nyt://article/x.sprinkledBody.content.20"] = {
        "__typename": "ImageBlock"
    }
    flat = json.dumps({"initialState": blocks})
    html = re.sub(
        r"window\.__preloadedData = .*?;</script>",
        f"window.__preloadedData = {flat};</script>",
        html,
        flags=re.S,
    )
    assert paywall_signs(url, html) == ["fewer_paragraphs_than_declared"]


def test_unreadable_page_data_gives_no_sign() -> None:
    url, html = _html("truncated")
    html = _without(html, r'<p role="note".*?</p>')
    html = html.replace("window.__preloadedData = {", "window.__preloadedData = {{")
    assert paywall_signs(url, html) == []


def test_gateway_with_text_marks_a_paywall_and_empty_one_does_not() -> None:
    url, html = _html()
    empty = html.replace("</main>", '<div id="gateway-content"></div></main>')
    assert parse(url, empty).page_type == "article"
    full = html.replace(
        "</main>",
        '<div id="gateway-content"><p>You have used your free articles.</p></div>'
        "</main>",
    )
    assert paywall_signs(url, full) == ["gateway"]
    assert parse(url, full).page_type == "paywall"


def test_verify_access_cut_marks_a_paywall() -> None:
    url, html = _html()
    html = _into_body(
        html,
        "<p>Thank you for your patience while we verify access. "
        '<a href="https://myaccount.nytimes.com/auth/login?response_type=cookie'
        '&amp;asset=opttrunc">Already a subscriber? Log in.</a></p>',
    )
    assert paywall_signs(url, html) == ["truncation_login"]
    assert parse(url, html).page_type == "paywall"


def test_login_page_is_an_interstitial() -> None:
    url = BASE + "/2026/11/20/world/sign-in-required.html"
    result = parse(url, site.render_login(url))
    assert result.page_type == "interstitial"
    assert result.body == []


def test_live_pages_are_liveblogs() -> None:
    path = "/live/2026/11/20/us/election-night"
    item = {**_item(), "path": path, "url": BASE + path}
    assert parse(item["url"], site.render_article(item)).page_type == "liveblog"
    url, html = _html()
    html = html.replace('"@type": "NewsArticle"', '"@type": "LiveBlogPosting"')
    assert parse(url, html).page_type == "liveblog"


NYT5 = """<!DOCTYPE html>
<html lang="en" class="no-js section-us format-medium tone-news app-article"
 itemid="https://www.nytimes.com/2017/01/13/us/ferry-timetable.html"
 itemtype="http://schema.org/NewsArticle" itemscope>
<head>
<title>Ferry Timetable Is Cut for Winter - The New York Times</title>
<link rel="canonical" href="https://www.nytimes.com/2017/01/13/us/ferry-timetable.html">
<meta property="og:url" content="http://www.nytimes.com/2017/01/13/us/ferry-timetable.html">
<meta property="og:title" content="Ferry Timetable Is Cut for Winter">
<meta name="byl" content="By ALEX EXAMPLE and SAM SAMPLE">
<meta property="article:published" itemprop="datePublished"
 content="2017-01-13T00:00:04-05:00">
<meta property="article:modified" itemprop="dateModified"
 content="2017-01-13T08:30:00-05:00">
<meta property="article:section" content="U.S.">
<meta name="keywords" content="Ferries,Winter,null">
</head>
<body>
<article id="story" class="story theme-main">
<header id="story-header">
<h1 id="headline" class="headline" itemprop="headline">Ferry Timetable Is Cut for
 Winter</h1>
<p class="byline-dateline"><span class="byline" itemprop="author creator">By
 <span class="byline-author" data-byline-name="ALEX EXAMPLE">ALEX EXAMPLE</span>
 and <span class="byline-author" data-byline-name="SAM SAMPLE">SAM SAMPLE</span>
</span></p>
</header>
<div class="story-body-supplemental"><div class="story-body story-body-1">
<p class="story-body-text story-content">The winter timetable starts on Monday.</p>
<div class="story-ad"><p>Advertisement</p></div>
<p class="story-body-text story-content">Two crossings a day are dropped.</p>
</div></div>
<div class="story-addendum story-content theme-correction">Correction: January 14
<p class="story-body-text">An earlier version misstated the first crossing time.</p>
</div>
<footer class="story-footer"><p class="story-print-citation">A version of this
 article appears in print on January 14, 2017.</p></footer>
</article>
</body></html>
"""

LEGACY = """<html><head>
<title>Harbor Ferry Resumes - NYTimes.com</title>
<meta name="hdl" content="Harbor Ferry Resumes">
<meta name="byl" content="By ALEX EXAMPLE">
<meta name="ptime" content="20120126231456">
<meta name="utime" content="20120127080000">
<meta name="CG" content="nyregion">
<meta name="keywords" content="Ferries,Harbors">
<link rel="canonical"
 href="http://www.nytimes.com/2012/01/27/nyregion/harbor-ferry.html?pagewanted=all">
</head><body><div id="article">
<NYT_CORRECTION_TOP><p>Correction: the ferry runs daily.</p></NYT_CORRECTION_TOP>
<h1 class="articleHeadline"><NYT_HEADLINE>Harbor Ferry Resumes</NYT_HEADLINE></h1>
<NYT_BYLINE><h6 class="byline">By ALEX EXAMPLE</h6></NYT_BYLINE>
<div class="articleBody"><NYT_TEXT>
<p itemprop="articleBody">The ferry runs again from today.</p>
<p itemprop="articleBody">Tickets cost the same as last year.</p>
</NYT_TEXT></div></div></body></html>
"""


def test_nyt5_page() -> None:
    url = BASE + "/2017/01/13/us/ferry-timetable.html"
    result = parse(url, NYT5)
    assert result.page_type == "article"
    assert result.title == "Ferry Timetable Is Cut for Winter"
    assert result.byline == "ALEX EXAMPLE and SAM SAMPLE"
    assert result.published == datetime(2017, 1, 13, 5, 0, 4, tzinfo=UTC)
    assert result.modified == datetime(2017, 1, 13, 13, 30, tzinfo=UTC)
    assert result.section == "U.S."
    assert result.tags == ["Ferries", "Winter"]
    # The correction's label, a line of its own with its date, is kept.
    assert result.body == [
        "The winter timetable starts on Monday.",
        "Two crossings a day are dropped.",
        "Correction: January 14",
        "An earlier version misstated the first crossing time.",
    ]


def test_legacy_page_with_new_york_local_times() -> None:
    url = BASE + "/2012/01/27/nyregion/harbor-ferry.html"
    result = parse(url, LEGACY)
    assert result.title == "Harbor Ferry Resumes"
    assert result.byline == "ALEX EXAMPLE"
    # ptime/utime are New York local time: EST is UTC-5.
    assert result.published == datetime(2012, 1, 27, 4, 14, 56, tzinfo=UTC)
    assert result.modified == datetime(2012, 1, 27, 13, 0, tzinfo=UTC)
    assert result.section == "nyregion"
    assert result.canonical_url.startswith("http://www.nytimes.com/2012/01/27/")
    assert result.body == [
        "Correction: the ferry runs daily.",
        "The ferry runs again from today.",
        "Tickets cost the same as last year.",
    ]


OLDER = {"nyt5": site.render_nyt5, "legacy": site.render_legacy}


@pytest.mark.parametrize("kind", list(OLDER))
def test_older_generations_whole(kind: str) -> None:
    item = _item()
    html = OLDER[kind](item)
    result = parse(item["url"], html)
    assert result.page_type == "article"
    assert result.title == item["title"]
    # NYT5 sets the names in capitals; its author meta writes them as names.
    assert "ALEX EXAMPLE</span>" in html or kind != "nyt5"
    assert result.byline == (
        item["byline"] if kind == "nyt5" else "ALEX EXAMPLE and SAM SAMPLE"
    )
    assert result.published == item["published"]
    assert result.modified == item["modified"]
    assert result.tags == item["tags"]
    # Every block of the split text, and the correction with its label.
    assert result.body == site.expected_body(item)
    joined = "\n".join(result.body)
    for noise in (*site.NOISE_TEXTS, site.MULTIMEDIA_TEXT):
        assert noise not in joined, noise


def test_legacy_correction_whose_text_nests_in_another_paragraph_is_read_once() -> None:
    item = _item(correction=None)
    html = site.render_legacy(item)
    box = (
        '<NYT_CORRECTION_BOTTOM><div class="articleCorrection"><p><span'
        ' class="italic">This article has been revised to reflect the following'
        " correction:</span></p><p><strong>Correction: July 24, 2012</strong></p>"
        '<p><span class="italic"><p>The ferry sails at nine.</p></span></p>'
        "</div></NYT_CORRECTION_BOTTOM>"
    )
    html = html.replace("</body>", box + "</body>")
    assert parse(item["url"], html).body[-3:] == [
        "This article has been revised to reflect the following correction:",
        "Correction: July 24, 2012",
        "The ferry sails at nine.",
    ]


def test_2007_inline_box_in_the_text_is_not_text() -> None:
    url = BASE + "/2007/12/06/world/middleeast/06ferry.html"
    body = (
        '<div id="article"><h1>Ferry Returns</h1><div class="articleBody">'
        "<NYT_TEXT><p>The ferry runs again from today.</p>"
        '<div id="articleInline"><div id="inlineBox"><a href="#secondParagraph"'
        ' class="jumpLink">Skip to next paragraph</a><div class="image">'
        '<img src="/i.jpg" alt=""><div class="credit">Test Agency</div>'
        '<p class="caption">The ferry at the pier.</p></div><div class="story">'
        '<p class="summary"><a href="/blog">Interviews and analysis from the'
        " Test Desk.</a></p></div></div></div>"
        "<p>Tickets cost the same.</p></NYT_TEXT></div></div>"
    )
    assert parse(url, page_html("", body)).body == [
        "The ferry runs again from today.",
        "Tickets cost the same.",
    ]


def test_legacy_text_sits_in_two_blocks_and_nyt_text_ends_with_the_first() -> None:
    item = _item()
    html = site.render_legacy(item)
    assert html.count('<div class="articleBody">') == 2
    first, second = (html.index(p) for p in (item["body"][0], item["body"][3]))
    assert first < html.index(site.MULTIMEDIA_TEXT) < second
    assert parse(item["url"], html).body[3] == item["body"][3]


@pytest.mark.parametrize("kind", ["article", *OLDER])
def test_opinion_footer_is_a_promotion(kind: str) -> None:
    item = _item(section_slug="opinion", section="Opinion")
    html = site.LAYOUT.renderers[kind](item)
    body = parse(item["url"], html).body
    if kind == "article":
        assert "committed to publishing" in html and "Opinion section on" in html
    joined = "\n".join(body)
    assert "committed to publishing" not in joined
    assert "Opinion section on" not in joined


def test_vi_correction_label_leads_its_text() -> None:
    item = _item()
    html = site.render_article(item)
    assert "<strong>Correction:</strong>" in html
    label, text = item["correction"].split(": ", 1)
    assert f">{text}</p>" in html
    assert parse(item["url"], html).body[-1] == f"{label}: {text}"


def test_vi_bio_and_bracketed_promotion_are_not_text_but_bracketed_words_are() -> None:
    item = _item()
    html = site.render_article(item)
    # As 2018-19 vi pages have them: the reporter's note by the correction
    # at the bottom, paragraphs without a label; a bracketed italic line.
    assert f"<p>{site.BIO_TEXT} <a" in html and "<p><em>[" in html
    assert parse(item["url"], html).body == site.expected_body(item)
    # A bracketed aside in plain type is the reporter's words.
    aside = "[Inaudible] was all the ferry's captain said."
    first = re.search(r"<p><em>\[.*?</em></p>", html)
    assert first is not None
    plain = html.replace(first.group(0), first.group(0) + f"<p>{aside}</p>")
    assert parse(item["url"], plain).body[0] == aside


def test_vi_2019_bottom_keeps_each_correction_and_the_credit_line() -> None:
    item = _item(correction=None)
    html = site.render_article(item)
    # 2019: two corrections side by side in one block (label, time, text),
    # the credit line a block's own paragraph, a section's blurb with links.
    corrections = "".join(
        f'<div class="css-c2"><strong class="css-c3">Correction:</strong>&nbsp;'
        f'<time class="css-c4">Nov. {day}, 2026</time><p class="css-c5">{text}</p>'
        "</div>"
        for day, text in (
            (21, "The pier is 80 metres long."),
            (22, "It opened in 1904."),
        )
    )
    bottom = (
        f'<div class="bottom-of-article"><div class="css-c0"></div>'
        f'<div class="css-c1">{corrections}</div>'
        '<div class="css-c6"><p>Reporting was contributed by Sam Poe.</p></div>'
        '<div class="css-c7"><p>The Test Desk explains the news. Follow us on'
        ' <a href="/f">Facebook</a>.</p></div>'
        f'<div class="css-print1">{site.PRINT_LINE}</div></div>'
    )
    assert site._bottom(item) in html
    html = html.replace(site._bottom(item), bottom)
    body = parse(item["url"], html).body
    assert body[-5:] == [
        "Correction: Nov. 21, 2026",
        "The pier is 80 metres long.",
        "Correction: Nov. 22, 2026",
        "It opened in 1904.",
        "Reporting was contributed by Sam Poe.",
    ]
    assert body[:-5] == site.expected_body(item)


def test_vi_2019_summary_is_the_headers_paragraph_after_the_headline() -> None:
    item = _item()
    html = site.render_article(item)
    # 2018-19 pages: no id on the summary; the h1 in a block of its own.
    summary = re.search(r'<p id="article-summary"[^>]*>.*?</p>', html, re.S)
    headline = re.search(r"<h1 [^>]*>.*?</h1>", html, re.S)
    assert summary is not None and headline is not None
    html = html.replace(summary.group(0), "").replace(
        headline.group(0),
        f'<div class="css-h1box">{headline.group(0)}</div>'
        f'<p class="css-z6dj7x e1wiw3jv0">{item["standfirst"]}</p>',
    )
    assert parse(item["url"], html).standfirst == item["standfirst"]


_BLOG_HEAD = (
    '<meta property="og:title" content="Ferry Fares, Revisited">'
    '<meta name="byl" content="By ALEX EXAMPLE">'
    '<meta name="ptime" content="20121029060030">'
)
_BLOG_TEXT = [
    "Fares went up twice this year.",
    "Riders noticed the second time.",
    "The answer",
    "A quoted answer from a reader.",
    "First fare",
    "Second fare",
]


def _blog_post(text: list[str]) -> str:
    """A post's paragraphs, a subhead, a quote and a list, with a module and
    a floated box among them (Well's diagnosis posts quote their answers)."""
    return (
        '<div class="w50 left"><img src="/b.jpg" alt=""></div>'
        f"<p>{text[0]}</p>"
        '<div class="inlineModule"><h4>Today’s Tester</h4><p>Perspectives from'
        " expert contributors.</p></div>"
        f"<p>{text[1]}</p><h3>{text[2]}</h3><blockquote>{text[3]}</blockquote>"
        f"<ul><li>{text[4]}</li><li>{text[5]}</li></ul>"
    )


@pytest.mark.parametrize(
    "body",
    [
        # 2008-14 WordPress blogs (economix, thecaucus, gadgetwise, ...).
        '<div id="content" class="hfeed"><div id="entry-157" class="post-157 post'
        ' type-post hentry entry"><div class="entry-meta"><span class="date">'
        "October 29, 2012, 6:00 am</span></div>"
        '<h1 class="entry-title">Ferry Fares, Revisited</h1>'
        '<address class="byline author vcard">By <a class="url fn">ALEX EXAMPLE</a>'
        f'</address><div class="entry-content">{_blog_post(_BLOG_TEXT)}</div>'
        '<div class="entry-meta">Fares, Ferries</div></div></div>',
        # The Well blog: an article per post.
        '<article id="post-158" class="post"><header class="postHeader">'
        '<h1 class="postHeading">Ferry Fares, Revisited</h1></header>'
        f'<div class="postContent">{_blog_post(_BLOG_TEXT)}</div></article>',
        # 2007 blogs (opinionator): no og:title on them.
        '<div class="blog_post"><div class="post-info"><h2 class="post-title">'
        'Ferry Fares, Revisited</h2></div><div class="post-content">'
        f"{_blog_post(_BLOG_TEXT)}</div></div>",
    ],
    ids=["2008-14", "well", "2007"],
)
def test_blog_posts(body: str) -> None:
    url = "https://economix.blogs.nytimes.com/2012/10/29/ferry-fares-revisited/"
    head = _BLOG_HEAD if "hentry" in body else ""
    item = parse(url, page_html(head, body))
    assert item.page_type == "article"
    assert item.title == "Ferry Fares, Revisited"
    assert item.body == _BLOG_TEXT


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/2026/11/20/world/europe/harbour-wall-repair.html", True),
        ("/2026/11/20/us/budget-vote-delayed.html", True),
        ("/2018/09/25/business/economy/rates-hold.html", True),
        ("/2026/11/20/opinion/harbour-wall-column.html", True),
        ("/2026/11/20/briefing/morning-briefing.html", True),
        ("/2026/11/20/world/live-updates-harbour-storm.html", False),
        ("/live/2026/11/20/us/election-night", False),
        ("/live/2026/11/20/us/election-night/first-results", False),
        ("/interactive/2026/11/20/us/harbour-flood-map.html", False),
        ("/2026/11/20/interactive/us/flood-map.html", False),
        ("/video/world/100000009999999/harbour-drone-view.html", False),
        ("/slideshow/2026/11/20/world/storm-pictures.html", False),
        ("/2026/11/20/aponline/us/ap-storm.html", False),
        ("/2026/11/20/reuters/world/reuters-storm.html", False),
        ("/es/2026/11/20/espanol/muro-del-puerto.html", False),
        ("/section/world", False),
        ("/by/alex-example", False),
        ("/topic/subject/storms", False),
        ("/2026/11/20/world/harbour-wall-repair", False),
        ("/", False),
    ],
)
def test_article_paths(path: str, expected: bool) -> None:
    assert is_article_path(path) is expected


def test_live_pages_pass_when_asked() -> None:
    assert is_article_path("/live/2026/11/20/us/election-night", include_liveblogs=True)
    assert is_article_path(
        "/2026/11/20/world/live-updates-harbour-storm.html", include_liveblogs=True
    )
    assert not is_article_path(
        "/live/2026/11/20/us/election-night/first-results", include_liveblogs=True
    )
