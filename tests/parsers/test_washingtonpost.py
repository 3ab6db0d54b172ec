"""Unit tests for the Washington Post parser and URL filter, on test-site pages."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from newscrawl.parsers.washingtonpost import PARSER_VERSION, parse, paywall_signs
from spiders.washingtonpost import is_article_path
from tests.support.parsers import page_html
from testsite import washingtonpost as site

UTC = timezone.utc
BASE = "https://www.washingtonpost.com"
WORLD = "/world/2026/11/20/harbour-wall-repair/"
POLITICS = "/politics/2026/11/20/budget-vote-delayed/"


def _item(path: str = POLITICS, **changes: object) -> dict:
    article = {**site.default_pages()[path]["article"], **changes}
    return {**article, "url": BASE + article["path"]}


def _html(kind: str = "article", path: str = POLITICS, **changes: object):
    item = _item(path, **changes)
    return item["url"], site.LAYOUT.renderers[kind](item)


def _without(html: str, pattern: str) -> str:
    changed = re.sub(pattern, "", html, flags=re.S)
    assert changed != html, pattern
    return changed


def _edit_ans(html: str, edit) -> str:
    """The page with its __NEXT_DATA__ story changed by *edit*(story)."""
    match = re.search(r'(<script id="__NEXT_DATA__"[^>]*>)(.*?)(</script>)', html, re.S)
    assert match
    data = json.loads(match.group(2))
    edit(data["props"]["pageProps"]["globalContent"])
    text = json.dumps(data).replace("</", "<\\/")
    return html[: match.start(2)] + text + html[match.end(2) :]


def test_fields_of_a_current_page() -> None:
    item = _item()
    result = parse(item["url"], site.render_article(item))
    assert result.source == "washingtonpost"
    assert result.parser_version == str(PARSER_VERSION)
    assert result.page_type == "article"
    assert result.canonical_url == item["url"]
    # The h1, not the SEO headline of <title> and JSON-LD alternativeHeadline.
    assert result.title == "Budget vote delayed after a late amendment"
    assert result.standfirst == item["standfirst"]
    assert result.byline == "Alex Example and Sam Sample"
    assert result.published == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert result.modified == datetime(2026, 11, 20, 10, 15, tzinfo=UTC)
    assert result.published.tzinfo is UTC
    assert result.section == "Politics"
    assert result.tags == ["harbour", "local government", "storms"]
    assert result.body == site.expected_body(item)


def test_correction_leads_and_trailer_ends_the_body() -> None:
    politics = _item()
    body = parse(politics["url"], site.render_article(politics)).body
    assert body[0] == politics["correction"]
    world = _item(WORLD)
    body = parse(world["url"], site.render_article(world)).body
    assert body[-1] == "Jordan Other contributed to this report."
    assert "What happens next" in body  # an h3 subhead is a paragraph


def test_noise_stays_out_of_the_body() -> None:
    url, html = _html()
    joined = "\n".join(parse(url, html).body)
    for text in site.NOISE_TEXTS:
        assert text in html, text  # the page does carry it
        assert text not in joined, text


def test_padding_changes_no_field() -> None:
    item = _item()
    plain = parse(item["url"], site.render_article(item))
    assert parse(item["url"], site.render_article(item, padding_kb=40)) == plain


def test_paragraphs_without_their_wrapper_divs_are_still_read() -> None:
    url, html = _html()
    bare = re.sub(
        r'<div data-qa="article-body" class="wpds-c-body">(.*?)</div>', r"\1", html
    )
    assert bare != html
    assert parse(url, bare).body == site.expected_body(_item())
    assert parse(url, bare).page_type == "article"


def test_not_free_flag_alone_is_no_paywall() -> None:
    url, html = _html()
    assert '"isAccessibleForFree": false' in html and ".meteredContent" in html
    assert parse(url, html).page_type == "article"
    assert paywall_signs(url, html) == []


def test_teaser_copy_is_a_paywall() -> None:
    url, html = _html("teaser")
    result = parse(url, html)
    assert result.page_type == "paywall"
    assert len(result.body) == 2
    assert paywall_signs(url, html) == [
        "fewer_paragraphs_than_declared",
        "fewer_words_than_declared",
    ]


def test_fewer_paragraphs_than_declared_alone_marks_a_paywall() -> None:
    url, html = _html("teaser")
    html = _edit_ans(html, lambda story: story.pop("planning"))
    assert paywall_signs(url, html) == ["fewer_paragraphs_than_declared"]
    assert parse(url, html).page_type == "paywall"


def test_fewer_words_than_declared_alone_marks_a_paywall() -> None:
    url, html = _html("teaser")

    def cut(story: dict) -> None:
        story["content_elements"] = story["content_elements"][:2]

    html = _edit_ans(html, cut)
    assert paywall_signs(url, html) == ["fewer_words_than_declared"]
    assert parse(url, html).page_type == "paywall"


def test_word_count_within_a_few_percent_is_no_paywall() -> None:
    url, html = _html()

    def inflate(story: dict) -> None:
        length = story["planning"]["story_length"]
        length["word_count_actual"] = int(length["word_count_actual"] * 1.08)

    assert parse(url, _edit_ans(html, inflate)).page_type == "article"


def test_teaser_without_story_data_marks_a_paywall() -> None:
    url, html = _html("teaser")
    html = _without(html, r'<script id="__NEXT_DATA__".*?</script>')
    assert paywall_signs(url, html) == ["teaser_only"]
    assert parse(url, html).page_type == "paywall"
    url, full = _html()
    full = _without(full, r'<script id="__NEXT_DATA__".*?</script>')
    assert parse(url, full).page_type == "article"
    assert parse(url, full).body == site.expected_body(_item())


FUSION = """<!DOCTYPE html><html lang="en"><head>
<title>Harbour plan stalls - The Washington Post</title>
<link rel="canonical" href="https://www.washingtonpost.com/local/2019/11/05/harbour-plan/">
<script type="application/ld+json">{"@type": "NewsArticle",
 "headline": "Harbour plan stalls", "datePublished": "2019-11-05T14:00:00Z",
 "dateModified": "2019-11-05T16:30:00Z", "isAccessibleForFree": false,
 "author": {"@type": "Person", "name": "Alex Example, Sam Sample"}}</script>
</head><body>
<h1 data-qa="headline">Harbour plan stalls</h1>
<div data-qa="byline"><a class="author-name-link" href="/people/alex-example/">Alex
 Example</a> and <a class="author-name-link" href="/people/sam/">Sam Sample</a></div>
<div class="article-body">
<div class="teaser-content"><section><div><p>First teaser paragraph.</p></div>
<div><p>Second teaser paragraph.</p></div></section></div>
REMAINDER
</div>
<script>var Fusion=Fusion||{};Fusion.arcSite="washpost";Fusion.globalContent=STORY;
Fusion.globalContentConfig={"source":"content-api"};</script>
</body></html>
"""
_REMAINDER = """<div class="remainder-content"><section><div><p>Third paragraph.</p>
</div><div data-qa="interstitial-link"><p>[Read: a related story]</p></div>
<div><p>Fourth paragraph.</p></div></section></div>"""


def _fusion(remainder: bool, story: dict | None) -> str:
    html = FUSION.replace("REMAINDER", _REMAINDER if remainder else "")
    return html.replace("STORY", json.dumps(story) if story is not None else "{}")


def test_2019_fusion_page() -> None:
    url = BASE + "/local/2019/11/05/harbour-plan/"
    story = {
        "taxonomy": {"primary_section": {"name": "Local"}, "tags": []},
        "content_elements": [{"type": "text"} for _ in range(4)],
    }
    result = parse(url, _fusion(True, story))
    assert result.page_type == "article"
    assert result.title == "Harbour plan stalls"
    assert result.byline == "Alex Example and Sam Sample"
    assert result.published == datetime(2019, 11, 5, 14, 0, tzinfo=UTC)
    assert result.section == "Local"
    assert result.body == [
        "First teaser paragraph.",
        "Second teaser paragraph.",
        "Third paragraph.",
        "Fourth paragraph.",
    ]


def test_2019_teaser_without_remainder() -> None:
    url = BASE + "/local/2019/11/05/harbour-plan/"
    assert parse(url, _fusion(False, None)).page_type == "paywall"
    declared = {"content_elements": [{"type": "text"} for _ in range(4)]}
    assert paywall_signs(url, _fusion(False, declared)) == [
        "fewer_paragraphs_than_declared"
    ]
    # A genuinely two-paragraph story declared as such is no paywall.
    short = {"content_elements": [{"type": "text"} for _ in range(2)]}
    assert parse(url, _fusion(False, short)).page_type == "article"


PAGEBUILDER = """<!DOCTYPE html>
<html class="article layout_article rendering-context-www outputtype_default-article">
<head><title>Ferry fares rise - The Washington Post</title>
<meta name="keywords" content="ferries, fares, local">
<meta property="author" content="https://www.facebook.com/alex.example">
<meta name="section" content="/local/transport">
</head><body>
<div id="topper-headline-wrapper"><h1 itemprop="headline">Ferry fares rise</h1></div>
<span class="pb-byline" itemprop="author"><span itemprop="name">Alex Example</span>
</span>
<span class="pb-timestamp" itemprop="datePublished"
 content="2018-06-12T11:47-500">June 12</span>
<article itemprop="articleBody" class="paywall">
<p><b>Correction:</b> An earlier version misstated the fare.</p>
<p><span class="dateline">ANNAPOLIS, Md. &mdash;</span> Fares rise next month.</p>
<p class="interstitial-link"><i>[Read more: ferry timetable]</i></p>
<div class="inline-content"><p>Video caption text</p></div>
<p>The council approved it.</p>
</article></body></html>
"""


def test_2018_pagebuilder_page() -> None:
    url = (
        BASE + "/local/transport/ferry-fares/2018/06/12/"
        "0d9c1e2f-1111-4c4c-9999-aaaabbbbcccc_story.html"
    )
    result = parse(url, PAGEBUILDER)
    assert result.page_type == "article"
    assert result.title == "Ferry fares rise"
    assert result.byline == "Alex Example"  # not the Facebook URL
    # A fixed "-500" offset: 11:47 at UTC-5 is 16:47 UTC.
    assert result.modified == datetime(2018, 6, 12, 16, 47, tzinfo=UTC)
    assert result.section == "/local/transport"
    assert result.tags == ["ferries", "fares", "local"]
    assert result.body == [
        "Correction: An earlier version misstated the fare.",
        "ANNAPOLIS, Md. \u2014 Fares rise next month.",
        "The council approved it.",
    ]


OLDER = {
    "pagebuilder": site.render_pagebuilder,
    "early_pagebuilder": site.render_early_pagebuilder,
    "methode": site.render_methode,
}


@pytest.mark.parametrize("kind", list(OLDER))
@pytest.mark.parametrize("slug", [WORLD, POLITICS])
def test_older_generations_whole(kind: str, slug: str) -> None:
    item = _item(slug)
    html = OLDER[kind](item)
    result = parse(item["url"], html)
    assert result.page_type == "article"
    assert result.title == item["title"]
    assert result.byline == item["byline"]
    # 2014-15 pages show a time without a year, and no machine-readable one.
    assert result.modified == (item["modified"] if kind == "pagebuilder" else None)
    assert result.tags == item["tags"]
    # The correction with its label first, div.subhead crossheads, the trailer.
    assert result.body == site.expected_body(item)
    joined = "\n".join(result.body)
    noises = (*site.NOISE_TEXTS, site.SIDE_RAIL_TEXT, "pin-and-stack", "By staff")
    if kind.endswith("pagebuilder"):
        # They end with "Read more:" and a paragraph per link.
        assert all(title in html for title in site.READ_MORE)
        noises += (*site.READ_MORE, "Read more")
    for noise in noises:
        assert noise not in joined, noise


_TEXT = ["Fares went up twice this year.", "Riders noticed the second time."]


@pytest.mark.parametrize(
    ("body", "byline"),
    [
        # wp-dyn 2008: the first paragraph in div#article_body, the rest in
        # its div#body_after_content_column, the story's links box between.
        (
            '<div id="article"><div><h1>Ferry fares rise again</h1></div>'
            '<div id="byline">By Alex Example</div><div id="article_body">'
            f"<p>{_TEXT[0]}</p>"
            '<div class="story-navigation-vertical-wrapper hide"><p>This Story</p>'
            "<ul><li>Port plan stalls</li></ul></div>"
            f'<div id="body_after_content_column"><p>{_TEXT[1]}</p><p></p></div>'
            "</div></div>",
            "Alex Example",
        ),
        # wp-dyn 2004: a picture's table among the paragraphs.
        (
            '<div id="article"><h1>Ferry fares rise again</h1>'
            '<div id="byline">By Alex Example</div><div id="article_body">'
            f'<p>{_TEXT[0]}</p><table id="contentColumn"><tr><td><p>The ferry at'
            f" the pier.</p></td></tr></table><p>{_TEXT[1]}</p>"
            '<p class="lastPar"></p></div></div>',
            "Alex Example",
        ),
        # The blogs (WordPress, 2012): the first h1 is the blog's name.
        (
            '<div class="worldviews"><h1>TestViews</h1></div><div id="content">'
            '<article id="post-1056" class="post-1056 post type-post hentry">'
            '<header class="entry-header"><h1 class="entry-title">Ferry fares'
            ' rise again</h1></header><div class="entry-content"><p></p>'
            f"<p>{_TEXT[0]}</p><p>{_TEXT[1]}</p></div></article></div>",
            "",
        ),
    ],
    ids=["wp-dyn-2008", "wp-dyn-2004", "blog-2012"],
)
def test_wp_dyn_and_blog_pages(body: str, byline: str) -> None:
    url = BASE + "/wp-dyn/content/article/2008/01/05/AR2008010502038.html"
    item = parse(url, page_html("<title>Ferry fares rise again</title>", body))
    assert item.page_type == "article"
    assert item.title == "Ferry fares rise again"
    assert item.byline == byline
    assert item.body == _TEXT


def test_methode_story_is_split_over_two_article_body_blocks() -> None:
    item = _item(WORLD)
    html = site.render_methode(item)
    assert html.count('<div class="article_body entry-content">') == 2
    assert html.index(site.SIDE_RAIL_TEXT) < html.index(item["body"][-2])
    assert item["body"][-2] in parse(item["url"], html).body


def test_embedded_post_is_no_story_text() -> None:
    for render in (site.render_article, *OLDER.values()):
        html = render(_item(WORLD))
        assert 'class="twitter-tweet"' in html
        body = parse(_item(WORLD)["url"], html).body
        assert site.SOCIAL_TEXT not in "\n".join(body)


def test_live_coverage_is_a_liveblog() -> None:
    path = "/politics/2026/11/20/election-night-live-updates/"
    item = {**_item(), "path": path, "url": BASE + path}
    assert parse(item["url"], site.render_article(item)).page_type == "liveblog"
    url, html = _html()
    html = html.replace('"@type": "NewsArticle"', '"@type": "LiveBlogPosting"')
    assert parse(url, html).page_type == "liveblog"


def test_broken_story_data_is_ignored() -> None:
    url, html = _html()
    html = html.replace('"props": {', '"props": {{', 1)
    result = parse(url, html)
    assert result.page_type == "article"
    assert result.body == site.expected_body(_item())


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/politics/2026/11/20/budget-vote-delayed/", True),
        ("/world/2026/11/20/harbour-wall-repair", True),
        ("/world/middle_east/2026/11/20/port-talks/", True),
        ("/news/opinions/wp/2018/10/29/a-blog-post/", True),
        (
            "/world/national-security/talks-resume/2014/01/19/"
            "0d9c1e2f-1111-4c4c-9999-aaaabbbbcccc_story.html",
            True,
        ),
        ("/politics/talks-resume/2011/03/02/gIQAbC1234_story.html", True),
        (
            "/politics/talks-resume/2014/01/19/"
            "0d9c1e2f-1111-4c4c-9999-aaaabbbbcccc_print.html",
            False,
        ),
        ("/politics/2026/11/20/election-night-live-updates/", False),
        ("/graphics/2026/politics/harbour-vote-tracker/", False),
        ("/terms-of-service/2011/11/18/gIQAldiYiN_story.html", False),
        ("/privacy-policy/2011/11/18/gIQASIiaiN_story.html", False),
        ("/people/alex-example/", False),
        ("/politics/", False),
        ("/video/politics/harbour/2026/11/20/abc_video.html", False),
        ("/elections/results/2026/11/20/maryland/", False),
        ("/", False),
    ],
)
def test_article_paths(path: str, expected: bool) -> None:
    assert is_article_path(path) is expected


def test_live_coverage_passes_when_asked() -> None:
    path = "/politics/2026/11/20/election-night-live-updates/"
    assert is_article_path(path, include_liveblogs=True)
