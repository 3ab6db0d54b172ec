"""CNN-like pages, feeds and sitemaps for the test site (invented text).

The markup follows the structure of real CNN pages as described in
docs/sources/cnn.md: Stellar articles (2022 on), zn/pg articles
(2015-2022), Stellar live stories, the rss.cnn.com feeds (plain and
FeedBurner) and the Google News sitemap. Every text is written here or given
by the caller, and HTML-escaped. Article dicts are those of
:func:`testsite.server.sample_article`; ``path`` has no ``/index.html``
(the form the spider stores), while pages and feeds add it as CNN does.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from testsite.markup import (
    byline_names,
    byline_parts,
    digest,
    e,
    escaped_ld_script,
    iso_ms,
    iso_z,
    news_url,
    news_urlset,
    rfc822,
    script_padding,
    slugify,
    utc,
)
from testsite.pages import expected_body as pages_expected
from testsite.pages import site_origin
from testsite.server import T0, SiteLayout, page_table, sample_article

# Noise a parser must keep out of the body; tests look for these texts.
#: The place of a dateline ("Washington (CNN) — ..."); articles with a
#: ``dateline`` key show one.
DATELINE = "Washington"
IMAGE_CAPTION = "Workers stack sandbags along the old quay before the vote."
IMAGE_CREDIT = "Testfoto Agency"
RELATED_TEXT = "Ferry timetable cut for winter as crew numbers fall"
VIDEO_TEXT = "Watch: how the harbour wall cracked in three minutes"
AD_TEXT = "Advertisement"
AD_FEEDBACK = "Ad Feedback"
CONTRIBUTORS = "Jo Tester contributed to this report."
READ_TIME = "3 min read"
READ_MORE = "Read More"
KEY_POINT = "Counting continues in the eastern districts."
#: The call-out legacy pages put ahead of the story (a p.cnnEditorialNote).
EDITOR_NOTE = "Were you at the quay this week? Send us your photos."
#: A legacy page's box of topics among the paragraphs.
TOPICS_TEXT = "RELATED TOPICS Harbours Local government"
FOOTER_TEXT = "All rights reserved by the test site."
NOISE_TEXTS = (
    IMAGE_CAPTION,
    IMAGE_CREDIT,
    RELATED_TEXT,
    VIDEO_TEXT,
    AD_TEXT,
    AD_FEEDBACK,
    CONTRIBUTORS,
    EDITOR_NOTE,
    READ_TIME,
    READ_MORE,
    FOOTER_TEXT,
)
#: What the paywall page shows of its article, and JSON-LD's full text.
PAYWALL_TEASER = "The first paragraph is all a reader without a subscription sees."
PAYWALL_FULL_TEXT = " ".join(
    [PAYWALL_TEASER]
    + [
        f"Paragraph {n} of the full story, which the page itself leaves out."
        for n in range(2, 9)
    ]
)

#: Feeds the test site serves, at the paths the spider's default feeds have.
FEED_NAMES = (
    "cnn_latest",
    "cnn_topstories",
    "cnn_allpolitics",
    "cnn_world",
    "cnn_us",
)
#: The FeedBurner-style feed (items <link> to rss.cnn.com/~r redirects).
FEEDBURNER_FEED = "cnn_world"

#: Links the feeds carry that are not articles; the spider must not fetch them.
NON_ARTICLE_LINKS = [
    "/videos/politics/2026/11/20/harbour-vote-explainer.cnn",
    "/gallery/storm-damage-in-pictures",
    "/profiles/alex-example",
    "/interactive/2026/11/politics/harbour-vote-map",
    "/world/live-news/election-night-11-20-26/index.html",
]
LIVE_PATH = "/world/live-news/election-night-11-20-26"

_NAV = (("US", "/us"), ("World", "/world"), ("Politics", "/politics"))
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def article(slug: str, *, section: str = "politics", **fields: Any) -> dict[str, Any]:
    """An article dict at a CNN path: /YYYY/MM/DD/<section>/<slug>."""
    return sample_article(
        slug,
        section_slug=section,
        section=section,
        path="/{published:%Y/%m/%d}/{section_slug}/{slug}",
        tags=[],
        **fields,
    )


def expected_body(article: dict, kind: str = "article") -> list[str]:
    """The body a parser should return: the dateline, if any, leading it.

    An article with a ``dateline`` (its place, "" for none) shows one:
    Stellar sets it apart, zn/pg puts it in a cite that runs into the first
    paragraph, and both give "Washington (CNN) — The council…"; legacy pages
    bold it ahead of a double dash ("Washington (CNN) -- The council…").
    """
    body = pages_expected(article["body"])
    if not body or kind == "live" or "dateline" not in article:
        return body
    joiner = " -- " if kind.startswith("legacy") else " — "
    place = f"{article['dateline']} " if article["dateline"] else ""
    return [f"{place}(CNN){joiner}{body[0]}", *body[1:]]


def _zn_cite(article: dict) -> str:
    """The zn/pg dateline cite that starts the first paragraph, if any."""
    if "dateline" not in article:
        return ""
    place = f"{article['dateline']} " if article["dateline"] else " "
    return f'<cite class="el-editorial-source">{e(place)}(CNN)</cite>'


def expected_byline(article: dict) -> str:
    """The byline a parser should return: the names and the affiliation."""
    return f"{article['byline']}, CNN"


# -- pages -------------------------------------------------------------------


def render_article(article: dict, *, padding_kb: int = 0) -> str:
    """An article page in Stellar markup (2022 on)."""
    return _stellar(article, padding_kb=padding_kb, paragraph_class="paragraph")


def render_elevate(article: dict, *, padding_kb: int = 0) -> str:
    """A Stellar page as of late 2025: paragraphs of class "paragraph-elevate"."""
    return _stellar(article, padding_kb=padding_kb, paragraph_class="paragraph-elevate")


def _stellar(article: dict, *, padding_kb: int, paragraph_class: str) -> str:
    """A Stellar article page with the given paragraph class."""
    url = article["url"]
    page_url = url + "/index.html"
    paragraphs = _stellar_body(article["body"], paragraph_class)
    noise = []
    if "dateline" in article:
        noise.append(
            '<div class="source inline-placeholder"><cite class="source__cite">'
            f'<span class="source__location">{e(article["dateline"])}</span>'
            '<span class="source__text">CNN</span> — </cite></div>'
        )
    body = _interleave(paragraphs, _stellar_noise(url))
    return "\n".join(
        [
            _stellar_head(article, page_url, _news_article_ld(article, page_url)),
            script_padding(padding_kb),
            "</head>",
            f'<body class="layout layout-with-rail__body {e(article["section_slug"])}"'
            ' data-page-type="article">',
            _header(),
            '<section class="layout__wrapper layout-with-rail__wrapper">',
            _stellar_headline(article, "headline__text"),
            '<section class="layout__main layout-with-rail__main">',
            '<main class="article__main">',
            _lede(url),
            '<div class="article__content-container">',
            '<div class="article__content" data-editable="content"'
            ' itemprop="articleBody" data-reorderable="content">',
            *noise,
            body,
            '<p class="paragraph inline-placeholder paragraph_contributors'
            ' vossi-paragraph"'
            f' data-component-name="paragraph"><em>{e(CONTRIBUTORS)}</em></p>',
            "</div>",
            "</div>",
            '<div class="ad-feedback-link-container">'
            f'<div class="ad-feedback-link">{e(AD_FEEDBACK)}</div></div>',
            "</main>",
            "</section>",
            "</section>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def render_zn(article: dict, *, padding_kb: int = 0) -> str:
    """An article page in the zn/pg markup (about 2015-2022)."""
    url = article["url"]
    page_url = url + "/index.html"
    title = article["title"]
    section = article["section_slug"]
    suffix = " - CNNPolitics" if section == "politics" else " - CNN"
    first, *rest = article["body"] or [""]
    paragraphs = [
        '<div class="zn-body__paragraph speakable"'
        f' data-paragraph-id="p{index}">{_zn_paragraph(text)}</div>'
        for index, text in enumerate(rest, start=2)
    ]
    embed = (
        '<div class="el__embedded el__embedded--standard">'
        '<div class="el__article--embed"><a href="/2020/01/01/world/ferry/index.html">'
        f'<h3 class="cd__headline">{e(RELATED_TEXT)}</h3></a></div></div>'
    )
    ad = f'<div class="ad ad--epic"><span>{e(AD_TEXT)}</span></div>'
    body = _interleave(paragraphs, [(1, ad), (2, embed)])
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html class="no-js">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(title + suffix)}</title>",
            f'<meta name="description" content="{e(article["standfirst"])}">',
            f'<meta name="keywords" content="{e(section + ", " + title + suffix)}">',
            f'<meta name="author" content="{e(expected_byline(article))}">',
            f'<meta name="pubdate" content="{iso_z(article["published"])}">',
            f'<meta name="lastmod" content="{iso_z(article["modified"])}">',
            f'<meta name="section" content="{e(section)}">',
            f'<meta property="og:title" content="{e(title)}">',
            f'<meta property="og:description" content="{e(article["standfirst"])}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:url" content="{e(page_url)}">',
            f'<meta property="og:pubdate" content="{iso_z(article["published"])}">',
            f'<meta itemprop="datePublished" content="{iso_z(article["published"])}">',
            f'<meta itemprop="dateModified" content="{iso_z(article["modified"])}">',
            f'<meta itemprop="articleSection" content="{e(section)}">',
            f'<meta itemprop="headline" content="{e(title + suffix)}">',
            f'<link rel="canonical" href="{e(page_url)}">',
            f'<meta name="vr:canonical" content="{e(page_url)}">',
            escaped_ld_script(
                {
                    "@context": "http://schema.org",
                    "@type": "WebPage",
                    "speakable": {
                        "@type": "SpeakableSpecification",
                        "cssSelector": [".pg-headline", ".speakable"],
                    },
                }
            ),
            script_padding(padding_kb),
            "</head>",
            '<body class="pg pg-hidden pg-article'
            f' pg-section-{e(section)} pg-wrapper">',
            _header(),
            '<div class="pg-right-rail-tall pg-wrapper">',
            '<article class="pg-rail-tall pg-rail--align-right">',
            '<div class="l-container">',
            f'<h1 class="pg-headline">{e(title)}</h1>',
            '<div class="metadata"><div class="metadata__info js-byline-images">',
            '<p class="metadata__byline"><span class="metadata__byline__author">By '
            f"{_byline_links(article['byline'], 'a')}, CNN</span></p>",
            '<p class="update-time">Updated'
            f" {e(_visible_time(article['modified']))}</p>",
            "</div></div>",
            '<div class="js-gigya-sharebar gigya-sharebar"><a>Share</a></div>',
            '<section id="body-text"'
            ' class="zn zn-body-text zn-body zn--idx-0 zn--ordinary">',
            '<div class="l-container">',
            '<div class="el__leafmedia el__leafmedia--sourced-paragraph">'
            '<p class="zn-body__paragraph speakable" data-paragraph-id="p1">'
            f"{_zn_cite(article)}{e(first)}</p></div>",
            '<div class="zn-body__read-all">',
            body,
            '<p class="zn-body__footer"></p>',
            "</div>",
            f'<div class="zn-body__read-more"><a>{e(READ_MORE)}</a></div>',
            '<ul class="cn-list-hierarchical-xs"><li><article>'
            f'<h3 class="cd__headline">{e(RELATED_TEXT)}</h3></article></li></ul>',
            "</div>",
            "</section>",
            "</div>",
            "</article>",
            "</div>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def render_live(article: dict, *, padding_kb: int = 0) -> str:
    """A Stellar live story; ``updates`` (id, time, text) render newest first."""
    url = article["url"]
    page_url = url + "/index.html"
    ld = _news_article_ld(article, page_url)
    ld["@type"] = "LiveBlogPosting"
    posts = "\n".join(_live_post(update) for update in article.get("updates", []))
    return "\n".join(
        [
            _stellar_head(article, page_url, ld),
            script_padding(padding_kb),
            "</head>",
            '<body class="layout layout-with-rail__body" data-page-type="live-story">',
            _header(),
            '<section class="layout__wrapper">',
            _stellar_headline(article, "headline_live-story__text"),
            '<div class="live-story__key-points">',
            f'<ul class="list_live-story__items"><li>{e(KEY_POINT)}</li></ul></div>',
            '<div class="live-story__items-container">',
            posts,
            "</div>",
            "</section>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def render_paywall(url: str) -> str:
    """A Stellar page whose body is cut to a teaser for non-subscribers."""
    page_url = url + "/index.html"
    teaser = sample_article("paywalled-story", title="A story for subscribers only")
    teaser.update(url=url, section_slug="politics", byline="Alex Example")
    ld = _news_article_ld(teaser, page_url)
    ld["articleBody"] = PAYWALL_FULL_TEXT
    return "\n".join(
        [
            _stellar_head(teaser, page_url, ld),
            "</head>",
            '<body class="layout politics" data-page-type="article">',
            _header(),
            _stellar_headline(teaser, "headline__text"),
            '<main class="article__main"><div class="article__content-container">',
            '<div class="article__content" data-editable="content"'
            ' itemprop="articleBody">',
            '<p class="paragraph inline-placeholder" data-component-name="paragraph">'
            f"{e(PAYWALL_TEASER)}</p>",
            "</div>",
            '<div class="subscription-offer"><p>Subscribe to keep reading.</p>'
            '<a href="/account/subscribe">Subscribe</a></div>',
            "</div></main>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def render_legacy(article: dict, *, padding_kb: int = 0, year: int = 2013) -> str:
    """An article page in the cnn_ markup (to 2014).

    The story's paragraphs are the p children of div.cnn_strycntntlft, among
    boxes (div.cnn_strylftcntnt: highlights, topics) and after an editor's
    call-out (p.cnnEditorialNote). From 2011 all but the first carry
    p.cnn_storypgraphtxt; in 2010 none has a class but the last (p.cnnInline),
    the meta names are in capitals, and the only time is the one a script
    writes ("August 13, 2010 -- Updated 2308 GMT (0708 HKT)").
    """
    url = article["url"]
    page_url = "http://www.cnn.com" + urlsplit(url).path + "/index.html"
    body = pages_expected(article["body"])
    paragraphs = []
    for index, text in enumerate(body):
        inner = e(text)
        if index == 0 and "dateline" in article:
            place = f"{article['dateline']} " if article["dateline"] else ""
            inner = f"<strong>{e(place)}(CNN)</strong> -- {inner}"
        if year <= 2010:
            cls = ' class="cnnInline"' if index and index == len(body) - 1 else ""
        else:
            cls = f' class="cnn_storypgraphtxt cnn_storypgraph{index + 1}"'
        paragraphs.append(f"<p{cls if index else ''}>{inner}</p>")
    highlights = (
        '<div class="cnn_strylftcntnt"><ul class="cnn_bulletbin cnnStryHghLght">'
        f"<li>STORY HIGHLIGHTS</li><li>{e(KEY_POINT)}</li></ul></div>"
    )
    note = (
        '<p class="cnnEditorialNote"><em>'
        f'<a href="http://ireport.cnn.com/">{e(EDITOR_NOTE)}</a></em></p>'
    )
    sidebar = (
        '<div class="cnn_stryspcvbx"><div class="cnn_strylctcntr">'
        f'<h4>{e(RELATED_TEXT)}</h4><img src="/i/x.jpg" alt="">'
        f"<p>{e(IMAGE_CAPTION)}</p></div></div>"
    )
    topics = (
        '<div class="cnn_strylftcntnt"><script>var cnnRelatedTopicKeys = [];</script>'
        f"<p>{e(TOPICS_TEXT)}</p></div>"
    )
    return "\n".join(
        [
            '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">',
            '<html lang="en">',
            "<head>",
            '<meta http-equiv="content-type" content="text/html; charset=utf-8">',
            f"<title>{e(article['title'])} - CNN.com</title>",
            _legacy_metas(article, year=year),
            f'<link rel="canonical" href="{e(page_url)}">',
            script_padding(padding_kb),
            "</head>",
            "<body>",
            '<div id="cnnContainer">',
            _header(),
            '<div id="cnnContentContainer" class="cnn_storyarea">',
            f"<h1>{e(article['title'])}</h1>",
            _legacy_time(article["modified"], year=year),
            '<div class="cnnByline">By '
            + "".join(
                f"<strong>{e(text)}</strong>" if is_name else e(text)
                for text, is_name in byline_parts(article["byline"])
            )
            + ", CNN</div>",
            '<div class="cnn_strycntntlft">',
            highlights,
            note if year > 2010 else "",
            "\n".join(paragraphs[:2]),
            sidebar,
            "\n".join(paragraphs[2:3]),
            topics,
            "\n".join(paragraphs[3:]),
            f'<p class="cnn_strycbftrtxt">{e(CONTRIBUTORS)}</p>',
            "</div>",
            "</div>",
            "</div>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def _legacy_metas(article: dict, *, year: int) -> str:
    """The head's metas of a legacy page: from 2011 with the times."""
    if year <= 2010:
        return (
            f'<meta name="TITLE" content="{e(article["title"])} - CNN.com">'
            f'<meta name="description" content="{e(article["standfirst"])}">'
            '<meta name="KEYWORDS" content="">'
            f'<meta name="AUTHOR" content="By  {e(expected_byline(article))}">'
            f'<meta name="SECTION" content="{e(article["section_slug"].upper())}">'
            '<meta property="og:type" content="article" />'
        )
    return (
        f'<meta name="description" content="{e(article["standfirst"])}">'
        f'<meta name="author" content="{e(expected_byline(article))}">'
        f'<meta name="pubdate" content="{iso_z(article["published"])}">'
        f'<meta name="lastmod" content="{iso_z(article["modified"])}">'
        f'<meta name="section" content="{e(article["section_slug"])}">'
        '<meta name="keywords" content="Harbours, Local government">'
        f'<meta property="og:title" content="{e(article["title"])}">'
    )


def _legacy_time(moment: datetime, *, year: int) -> str:
    """The time a legacy page shows: in 2010 written by a script, per edition."""
    if year > 2010:
        return f'<div class="cnn_strytmstmp">updated {e(_visible_time(moment))}</div>'
    at = utc(moment)
    day = f"{_MONTHS[at.month - 1]} {at.day}, {at.year}"
    hong_kong = at + timedelta(hours=8)
    # Summer time roughly as the US keeps it (April to October): the
    # parser reads the edition's GMT, not this.
    zone, offset = ("EDT", 4) if 4 <= at.month <= 10 else ("EST", 5)
    eastern = at - timedelta(hours=offset)
    clock = eastern.strftime("%I:%M").lstrip("0")
    noon = "a.m." if eastern.hour < 12 else "p.m."
    return (
        '<div class="cnn_strytmstmp"><script type="text/javascript">'
        "if(location.hostname.indexOf( 'edition.' ) > -1) {document.write('"
        f"{day} -- Updated {at:%H%M} GMT ({hong_kong:%H%M} HKT)');}}"
        f" else {{document.write('{day} {clock} {noon} {zone}');}}</script></div>"
    )


def render_legacy_2010(article: dict, *, padding_kb: int = 0) -> str:
    """An article page in the 2010 cnn_ markup: no class on the paragraphs."""
    return render_legacy(article, padding_kb=padding_kb, year=2010)


# -- feeds and sitemaps ---------------------------------------------------------


def render_rss(name: str, items: list[dict], *, feedburner: bool = False) -> str:
    """An rss.cnn.com feed: plain (link = guid) or FeedBurner (link redirects)."""
    entries = []
    for number, item in enumerate(items):
        url = item["url"]
        page_url = url if urlsplit(url).path.endswith(".cnn") else url + "/index.html"
        if feedburner:
            redirect = f"http://rss.cnn.com/~r/rss/{name}/~3/{number:06x}/index.html"
            link = (
                f"<link>{e(redirect)}</link>"
                f'<guid isPermaLink="false">{e(page_url)}</guid>'
                f"<feedburner:origLink>{e(page_url)}</feedburner:origLink>"
            )
        else:
            # Items link with a tracking query, which the spider drops.
            tracked = f"{page_url}?eref=rss_latest"
            link = (
                f'<link>{e(tracked)}</link><guid isPermaLink="true">{e(tracked)}</guid>'
            )
        entries.append(
            "<item>"
            f"<title><![CDATA[{item['title']}]]></title>"
            f"<description>{e(item['standfirst'])}</description>"
            f"{link}"
            f"<pubDate>{rfc822(item['published'])}</pubDate>"
            '<media:group><media:content medium="image"'
            f' url="{e(_image_url(url))}" height="619" width="1100"'
            ' type="image/jpeg"/>'
            "</media:group>"
            "</item>"
        )
    newest = max((item["published"] for item in items), default=T0)
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<rss xmlns:media="http://search.yahoo.com/mrss/"'
            ' xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"'
            ' version="2.0">',
            "<channel>",
            f"<title><![CDATA[CNN.com - RSS Channel - {name}]]></title>",
            "<description><![CDATA[Test feed of invented stories.]]></description>",
            "<link>https://www.cnn.com/index.html</link>",
            "<generator>coredev-bumblebee</generator>",
            f"<lastBuildDate>{rfc822(newest)}</lastBuildDate>",
            "<ttl>10</ttl>",
            *entries,
            "</channel>",
            "</rss>",
        ]
    )


def render_news_sitemap(items: list[dict]) -> str:
    """The Google News sitemap at /sitemap/news.xml."""
    entries = [
        news_url(
            item["url"],
            publication="CNN",
            published=iso_z(item["published"]),
            title=item["title"],
            lastmod=iso_z(item["modified"]),
        )
        for item in items
    ]
    return news_urlset(entries, sep="")


def documents(path: str, items: list[dict[str, Any]]) -> tuple[str, str] | None:
    """Feeds at /rss/<name>.rss and the news sitemap at /sitemap/news.xml.

    World stories are only in the FeedBurner feed, so a crawl that stores
    them has read its origLink; the other stories are in cnn_latest and the
    sitemap, and the remaining section feeds are stale (empty), as real ones
    can be.
    """
    world = [item for item in items if item.get("section_slug") == "world"]
    others = [item for item in items if item.get("section_slug") != "world"]
    if path == "/sitemap/news.xml":
        return "application/xml", render_news_sitemap(others)
    match = re.fullmatch(r"/rss/([a-z_]+)\.rss", path)
    if match is None or match.group(1) not in FEED_NAMES:
        return None
    name = match.group(1)
    if name == FEEDBURNER_FEED:
        return "application/rss+xml", render_rss(name, world, feedburner=True)
    chosen: list[dict[str, Any]] = []
    if name == "cnn_latest" and others:
        origin = site_origin(others[0]["url"])
        extra = [
            {**others[0], "url": origin + link.removesuffix("/index.html")}
            for link in NON_ARTICLE_LINKS
        ]
        chosen = [i for i in others if i.get("section_slug") == "politics"] + extra
    return "application/rss+xml", render_rss(name, chosen)


LAYOUT = SiteLayout(
    renderers={
        "stellar": render_article,
        "elevate": render_elevate,
        "zn": render_zn,
        "live": render_live,
        "legacy": render_legacy,
        "legacy2010": render_legacy_2010,
    },
    documents=documents,
    robots=(
        "User-agent: *\n"
        "Allow: /partners/ipad/live-video.json\n"
        "Disallow: /ads/\n"
        "Disallow: /search/\n"
        "Disallow: /terms\n"
        "Disallow: /privacy\n"
        "Sitemap: /sitemap/news.xml\n"
    ),
    walls={"paywall": render_paywall},
)


def default_pages() -> dict[str, dict[str, Any]]:
    """The site's starting pages: path -> {"kind", "article"}."""
    politics = article(
        "harbour-wall-vote",
        title="Town council votes to repair the harbour wall",
    )
    world = article(
        "ferry-strike-talks-intl",
        section="world",
        title="Ferry strike talks resume after a week of cancellations",
    )
    older = article(
        "river-festival-returns",
        section="us",
        title="River festival returns after three-year break",
    )
    live = article("election-night", section="world", title="Election night: live")
    live["path"] = LIVE_PATH
    live["updates"] = [
        {
            "id": f"{n:032x}",
            "time": T0 + timedelta(minutes=10 * n),
            "title": f"Result {n} is in",
            "text": f"Update {n}: the count in the eastern districts is done, and"
            " turnout was higher than at any election of the last decade.",
        }
        for n in (3, 2, 1)
    ]
    paywalled = article("harbour-budget-details")
    return page_table(
        ("stellar", politics),
        ("elevate", world),
        ("zn", older),
        ("live", live),
        ("paywall", paywalled),
    )


# -- pieces ---------------------------------------------------------------------


def _stellar_head(article: dict, page_url: str, ld: dict) -> str:
    """<head> of a Stellar page, up to the padding."""
    url = article["url"]
    title = article["title"]
    section = article.get("section_slug", "")
    origin = site_origin(url)
    path = urlsplit(url).path
    content_id = digest(url)[:25]
    model = {
        "techStack": "stellar2.0",
        "section": section,
        "sourceId": f"cms.cnn.com/_pages/{content_id}@published",
    }
    metadata = {
        "content": {
            "author": byline_names(article.get("byline", "")),
            "topics": ["t_0a1b2c"],
            "tags": [],
            "enablePaywall": True,
            "enableRegwall": False,
        }
    }
    published = article.get("published", T0)
    modified = article.get("modified", published)
    names = byline_names(article.get("byline", ""))
    standfirst = article.get("standfirst", "")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="en" data-uri="cms.cnn.com/_pages/{content_id}@published"'
            ' data-layout-uri="cms.cnn.com/_layouts/layout-with-rail/instances/'
            f'{e(section)}-article-v1@published">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(title)} | CNN Politics</title>",
            f'<meta name="description" content="{e(standfirst)}">',
            '<meta name="keywords" content="">',
            f'<meta name="author" content="{e(", ".join(names))}">',
            f'<meta name="meta-section" content="{e(section)}">',
            '<meta name="template_type" content="article_leaf">',
            '<meta name="type" content="article">',
            f'<meta property="og:title" content="{e(title)} | CNN Politics">',
            f'<meta property="og:description" content="{e(standfirst)}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:url" content="{e(page_url)}">',
            f'<meta property="article:published_time" content="{iso_ms(published)}">',
            f'<meta property="article:modified_time" content="{iso_ms(modified)}">',
            f'<link rel="canonical" href="{e(page_url)}">',
            f'<link rel="alternate" hreflang="en-us" href="{e(page_url)}">',
            f'<link rel="amphtml" href="{e(origin)}/cnn{e(path)}">',
            escaped_ld_script([ld]),
            "<script>window.CNN = window.CNN || {};"
            f" window.CNN.contentModel = {json.dumps(model)};"
            f" window.CNN.metadata = {json.dumps(metadata)};</script>",
        ]
    )


def _news_article_ld(article: dict, page_url: str) -> dict:
    """Stellar's NewsArticle JSON-LD (the full text in articleBody)."""
    body = [text.removeprefix("## ") for text in article.get("body", [])]
    return {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "url": page_url,
        "headline": article["title"],
        "description": article.get("standfirst", ""),
        "author": [
            {
                "@type": "Person",
                "name": name,
                "url": f"{site_origin(page_url)}/profiles/{slugify(name)}",
            }
            for name in byline_names(article.get("byline", ""))
        ],
        "datePublished": iso_ms(article.get("published", T0)),
        "dateModified": iso_ms(article.get("modified", T0)),
        "articleSection": [article.get("section_slug", "")],
        "articleBody": " ".join([*body, CONTRIBUTORS]),
        "wordCount": sum(len(text.split()) for text in body),
        "timeRequired": "PT3M",
        "isAccessibleForFree": False,
        "hasPart": {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".article__content",
        },
        "publisher": {"@type": "Organization", "name": "CNN"},
    }


def _stellar_headline(article: dict, h1_class: str) -> str:
    """The headline block with the byline and the visible timestamp."""
    byline = _byline_links(article.get("byline", ""), "stellar")
    return "\n".join(
        [
            '<div class="headline headline--has-lowertext">',
            '<div class="headline__wrapper">',
            f'<h1 data-editable="headlineText" class="{h1_class} inline-placeholder'
            f' vossi-headline-text" id="maincontent">\n'
            f"      {e(article['title'])}\n    </h1>",
            "</div>",
            '<div class="headline__footer"><div class="headline__sub-container">',
            "<div>",
            '<div class="byline vossi-byline" data-editable="byline">',
            '<div class="byline__images"><img class="byline__image" alt=""'
            ' src="/img/byline.jpg"></div>',
            '<div class="byline__names vossi-byline__names">'
            f'<span class="byline__sub-text">By </span>{byline}'
            '<span class="byline__sub-text">, CNN</span></div>',
            "</div>",
            '<div class="headline__byline-sub-text">',
            '<div class="timestamp vossi-timestamp" data-editable="settings">\n'
            f"      Updated\n        {e(_visible_time(article.get('modified', T0)))}\n"
            "    </div>",
            f'<div class="headline__sub-description">{e(READ_TIME)}</div>',
            "</div>",
            "</div>",
            "</div></div>",
            "</div>",
        ]
    )


def _byline_links(byline: str, style: str) -> str:
    """Author links between the joiners " and " / ", "."""
    parts = []
    for text, is_name in byline_parts(byline):
        if not is_name:
            parts.append(e(text))
        elif style == "stellar":
            # Names carry a non-breaking space between first and last name.
            parts.append(
                f'<a class="byline__link" href="/profiles/{slugify(text)}">'
                f'<span class="byline__name">{e(text).replace(" ", "&nbsp;")}'
                "</span></a>"
            )
        else:
            parts.append(f'<a href="/profiles/{slugify(text)}">{e(text)}</a>')
    return "".join(parts)


def _stellar_body(body: list[str], paragraph_class: str) -> list[str]:
    """Stellar paragraphs and subheaders."""
    out = []
    for text in body:
        if text.startswith("## "):
            out.append(
                '<h2 class="subheader inline-placeholder" data-editable="text">'
                f"{e(text[3:])}</h2>"
            )
        else:
            out.append(
                f'<p class="{paragraph_class} inline-placeholder vossi-paragraph"'
                ' data-component-name="paragraph" data-editable="text"'
                ' data-article-gutter="true">\n'
                f"      {e(text)}\n    </p>"
            )
    return out


def _zn_paragraph(text: str) -> str:
    """A zn/pg paragraph's content: subheads are an h3 inside the div."""
    if text.startswith("## "):
        return f"<h3>{e(text[3:])}</h3>"
    return e(text)


def _stellar_noise(url: str) -> list[tuple[int, str]]:
    """What Stellar puts between the paragraphs: ads, images, cards, video."""
    origin = site_origin(url)
    ad = (
        '<div class="ad-slot-dynamic ad-slot-dynamic--in-article">'
        f'<div class="ad-slot__label">{e(AD_TEXT)}</div></div>'
    )
    image = (
        '<div class="image image__hide-placeholder" data-component-name="image">'
        f'<picture><img src="{e(_image_url(url))}" alt=""></picture>'
        '<div class="image__metadata"><div itemprop="caption" class="image__caption'
        f' attribution"><span data-editable="metaCaption">{e(IMAGE_CAPTION)}</span>'
        f'</div><figcaption class="image__credit">{e(IMAGE_CREDIT)}</figcaption>'
        "</div></div>"
    )
    related = (
        '<div class="related-content related-content--article">'
        f'<a href="{e(origin)}/2020/01/01/world/ferry-timetable/index.html">'
        '<div class="related-content__image"><img alt="" src="/img/r.jpg"></div>'
        f'<span class="related-content__headline-text">{e(RELATED_TEXT)}</span>'
        "</a></div>"
    )
    video = (
        '<div class="video-resource" data-video-id="politics/2026/11/20/wall.cnn">'
        f'<div class="video-resource__headline">{e(VIDEO_TEXT)}</div>'
        '<div class="video-resource__description"><p>A short clip.</p></div>'
        '<div class="video-resource__duration">01:12</div></div>'
    )
    return [(1, ad), (2, image), (3, related), (4, video)]


def _lede(url: str) -> str:
    """The lead image outside the body container."""
    return (
        '<div class="image__lede article__lede-wrapper">'
        f'<div class="image"><img src="{e(_image_url(url))}" alt="">'
        f'<div class="image__caption"><span>{e(IMAGE_CAPTION)}</span></div>'
        f'<figcaption class="image__credit">{e(IMAGE_CREDIT)}</figcaption>'
        "</div></div>"
    )


def _live_post(update: dict) -> str:
    """One live story post."""
    return (
        '<article class="live-story-post" data-component-name="live-story-post"'
        f' id="h_{e(update["id"])}" data-last-updated="{iso_ms(update["time"])}">'
        '<header class="live-story-post__header">'
        f'<h2 class="live-story-post__headline">{e(update["title"])}</h2>'
        '<span class="live-story-post__byline">From CNN\'s Test Reporter</span>'
        f'<span class="live-story-post__timestamp">{e(_visible_time(update["time"]))}'
        "</span></header>"
        '<section class="live-story-post__body"><div class="live-story-post__content">'
        '<p class="paragraph inline-placeholder" data-component-name="paragraph">'
        f"{e(update['text'])}</p></div></section>"
        '<div class="live-story-post__share"><button>Share</button></div>'
        "</article>"
    )


def _header() -> str:
    """The site header and navigation."""
    links = "".join(
        f'<a class="header__nav-item-link" href="{href}">{name}</a>'
        for name, href in _NAV
    )
    return f'<header class="header" data-editable="header"><nav>{links}</nav></header>'


def _footer() -> str:
    """The site footer."""
    return (
        '<footer class="footer"><a href="/terms">Terms of Use</a>'
        f"<p>{e(FOOTER_TEXT)}</p></footer>"
    )


def _interleave(elements: list[str], noise: list[tuple[int, str]]) -> str:
    """Elements with noise inserted after the given element counts."""
    out = list(elements)
    for position, html in sorted(noise, reverse=True):
        out.insert(min(position, len(out)), html)
    return "\n".join(out)


def _image_url(url: str) -> str:
    """A stable image URL for an article."""
    return f"{site_origin(url)}/img/{digest(url)[:16]}.jpg"


def _visible_time(moment: datetime) -> str:
    """Stellar's visible time, in US Eastern standard time: 4:30 AM EST, Fri ..."""
    at = utc(moment) - timedelta(hours=5)
    clock = at.strftime("%I:%M %p").lstrip("0")
    day, month = _DAYS[at.weekday()], _MONTHS[at.month - 1]
    return f"{clock} EST, {day} {month} {at.day}, {at.year}"
