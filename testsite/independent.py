"""Independent-like pages, feeds and the news sitemap for the test site (invented text).

The markup copies the structure of real independent.co.uk pages as
described in docs/sources/independent.md: the 2024 article, the
self-transformed AMP article of 2020 (every paragraph in its own div), a
live blog, an Independent Premium page cut short for non-subscribers, the
section RSS feeds and the Google News sitemap. Class names in the hashed
styled-components form (``sc-…``) are there so that a parser selecting on
them would break. All text is written here or given by the caller, and
every text is HTML-escaped.

Article dicts are those of :func:`testsite.server.sample_article` with an
Independent ``path``; ``section`` is the subsection ("World"), ``byline``
names are joined with " and ". Live blogs also have ``updates`` (dicts of
``id``, ``time``, ``text``, newest first).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from testsite import pages
from testsite.markup import (
    body_html,
    cdata,
    digest,
    e,
    epoch_ms,
    google_news_sitemap,
    interleave,
    iso_ms,
    iso_offset,
    ld_script,
    long_date,
    padding,
    rfc822,
    script_json,
)
from testsite.server import T0, SiteLayout, article_at, page_table

SITE_NAME = "The Independent"

# Noise a parser must keep out of the body; tests look for these texts.
NEWSLETTER_TEXT = "Get our morning briefing of breaking stories in your inbox"
DONATION_TEXT = "Readers like you keep this test newsroom going"
RELATED_TEXT = "Tram extension approved after a year of hearings"
IMAGE_CAPTION = "Sandbags piled high along the seafront on Tuesday"
IMAGE_CREDIT = "(Testpix Agency)"
VIDEO_TEXT = "Watch: drone footage of the harbour wall"
KEY_POINTS_TEXT = "Key points: ferries cancelled, roads closed"
TOPICS_LABEL = "More about"
COMMENTS_TEXT = "Join the discussion on this test site"
BOOKMARK_TEXT = "Subscribe to read and save this article later"
MOST_POPULAR_TEXT = "Lost cat found three hundred miles from home"
FOOTER_TEXT = "Invented pages served by the newscrawl test site."
PREMIUM_TEXT = "This story is for subscribers. Join today to keep reading."
SOCIAL_TEXT = "Waves over the harbour wall again tonight, stay away from the front"
SLIDESHOW_TEXT = "In pictures: the storm along the coast"
NOISE_TEXTS = (
    NEWSLETTER_TEXT,
    DONATION_TEXT,
    RELATED_TEXT,
    IMAGE_CAPTION,
    IMAGE_CREDIT,
    VIDEO_TEXT,
    TOPICS_LABEL,
    COMMENTS_TEXT,
    BOOKMARK_TEXT,
    MOST_POPULAR_TEXT,
    FOOTER_TEXT,
    SOCIAL_TEXT,
)
#: The author's job title and handle, shown beside the name (not the byline).
JOB_TITLE = "Senior Correspondent"
#: The pseudo-tag the keywords meta carries.
PSEUDO_TAG = "Internal"

#: Feed paths of the real site's defaults in the spider.
FEEDS = ("/rss", "/news/uk/rss", "/news/world/rss")
SITEMAP = "/sitemaps/googlenews"
#: Links the feeds carry that are not articles; the spider must not fetch them.
NON_ARTICLE_LINKS = [
    "/topic/harbours",
    "/author/alex-example",
    "/tv/news/harbour-wall-drone-footage-b2650001.html",
    "/extras/indybest/gadgets-tech/best-storm-lanterns-b2650002.html",
    "/vouchercodes/testshop",
    "/betting/free-bets",
    "/voices",
    "/news/world",
]
LIVE_PATH = "/news/uk/home-news/storm-news-live-updates-b2650020.html"
PREMIUM_PATH = "/news/uk/politics/budget-inside-story-b2650030.html"


def article(path: str, **fields: Any) -> dict[str, Any]:
    """An article dict at an Independent path."""
    return article_at(path, **fields)


def default_pages() -> dict[str, dict[str, Any]]:
    """The site's starting pages: path -> {"kind", "article"}."""
    world = article(
        "/news/world/europe/harbour-wall-plan-divides-town-b2650010.html",
        title="Harbour wall plan divides coastal town",
        section="Europe",
        section_slug="world",
    )
    uk = article(
        "/news/uk/home-news/clinic-waiting-times-fall-b2650011.html",
        title="Clinic waiting times fall for third month",
        section="Home News",
        section_slug="uk",
        byline="Alex Example",
    )
    amp = article(
        "/news/world/americas/river-festival-returns-b2650012.html",
        title="River festival returns after long break",
        section="Americas",
        section_slug="world",
    )
    live = article(
        LIVE_PATH,
        title="Storm news live: ferries cancelled as winds rise",
        section="Home News",
        section_slug="uk",
        updates=sample_updates(),
    )
    premium = article(
        PREMIUM_PATH,
        title="Inside the budget: how the deal was done",
        section="Politics",
        section_slug="uk",
    )
    return page_table(
        ("indy", world),
        ("indy", uk),
        ("amp", amp),
        ("live", live),
        ("premium", premium),
    )


def sample_updates() -> list[dict[str, Any]]:
    """Three live blog posts, newest first."""
    return [
        {
            "id": f"{1700 + n}",
            "time": T0 + timedelta(minutes=10 * n),
            "text": f"Post {n}: ferry operators say crossings stay cancelled until "
            "the wind drops below gale force on the western routes.",
        }
        for n in (3, 2, 1)
    ]


def names(byline: str) -> list[str]:
    """The authors of a byline."""
    return [name for name in byline.split(" and ") if name]


def article_id(url: str) -> str:
    """The numeric article id of a URL (b2651790 -> 2651790)."""
    match = re.search(r"-b(\d+)\.html$", url)
    return match.group(1) if match else "0"


# -- 2024 markup ---------------------------------------------------------------


def render_article(article: dict, *, padding_kb: int = 0) -> str:
    """An article page in the 2024 markup (direct p children of div#main)."""
    return _render(article, padding_kb=padding_kb, amp=False, premium=False)


def render_amp(article: dict, *, padding_kb: int = 0) -> str:
    """An article page in the 2020 self-transformed AMP markup."""
    return _render(article, padding_kb=padding_kb, amp=True, premium=False)


def render_premium(article: dict, *, padding_kb: int = 0) -> str:
    """An Independent Premium page as a non-subscriber gets it: two paragraphs."""
    return _render(article, padding_kb=padding_kb, amp=False, premium=True)


def render_liveblog(article: dict, *, padding_kb: int = 0) -> str:
    """A live blog: intro paragraphs, then the posts in an amp-live-list."""
    return _render(article, padding_kb=padding_kb, amp=False, premium=False)


def _render(article: dict, *, padding_kb: int, amp: bool, premium: bool) -> str:
    url = article["url"]
    head_bulk, nav_bulk = padding(padding_kb, prefix="indy")
    updates = article.get("updates", [])
    body = pages.expected_body(article["body"])
    elements = _elements(article["body"][:2] if premium else article["body"])
    if amp:
        # 2020 AMP pages wrap every paragraph in a div of its own.
        elements = [f'<div class="sc-wrap">{element}</div>' for element in elements]
    noise = {
        0: '<div id="indy-top-container-wrapper"><div class="video-player">'
        f"<p>{e(VIDEO_TEXT)}</p></div></div>"
        '<div class="hydrate-root" data-component="Donation">'
        f"<p>{e(DONATION_TEXT)}</p></div>",
        1: '<div class="hydrate-root" data-component="Newsletter">'
        f'<div class="sc-nl"><p>{e(NEWSLETTER_TEXT)}</p>'
        '<form><input type="email"><button>Sign up</button></form></div></div>',
        2: '<div data-mpu1="true" class="desktop-only"><div class="teads"></div></div>'
        '<div class="mobile-only"><p>Advertisement</p></div>',
        3: '<figure class="sc-fig"><div><img src="https://static.example.org/2026/11/'
        f'20/09/harbour.jpg?width=1200&amp;auto=webp" alt=""></div>'
        f"<figcaption><p>{e(IMAGE_CAPTION)} {e(IMAGE_CREDIT)}</p></figcaption>"
        "</figure>",
        4: (
            '<aside class="related"><h5>Read more</h5><ul>'
            if amp
            else '<div class="related"><h5>Recommended</h5><ul>'
        )
        + '<li class="related-item"><a href="/news/uk/tram-extension-b2600001.html">'
        + f"{e(RELATED_TEXT)}</a></li></ul>"
        + ("</aside>" if amp else "</div>"),
        5: _tweet(amp=amp),
    }
    live = ""
    if updates:
        noise[1] += f'<aside class="js-key-points"><p>{e(KEY_POINTS_TEXT)}</p></aside>'
        posts = "".join(
            f'<div id="post-{e(u["id"])}" data-sort-time="{epoch_ms(u["time"])}"'
            f' data-update-time="{epoch_ms(u["time"])}"><div class="sc-post">'
            f"<h3>Update</h3><p>{e(u['text'])}</p></div></div>"
            for u in updates
        )
        live = (
            '<amp-live-list id="live-list" data-poll-interval="15000"'
            f' data-max-items-per-page="10"><div update></div><div items>{posts}'
            "</div></amp-live-list>"
        )
    wall = ""
    if premium:
        wall = (
            '<div id="piano-register-wall" class="premium-wall">'
            f"<p>{e(PREMIUM_TEXT)}</p></div>"
        )
    people = names(article["byline"])
    authors = "".join(
        f'<div class="sc-author"><a href="/author/{pages_slug(name)}">{e(name)}</a>'
        f"<span>{e(JOB_TITLE)}</span>"
        f'<a href="https://social.example.org/{pages_slug(name)}">'
        f"@{pages_slug(name)}</a></div>"
        for name in people
    )
    ld = _ld(article, premium=premium, updates=updates)
    tags = [PSEUDO_TAG, *article["tags"]]
    topics = "".join(
        f'<a href="/topic/{pages_slug(tag)}">{e(tag)}</a>' for tag in article["tags"]
    )
    globals_ = {
        "article": {
            "authors": [{"name": name} for name in people],
            "topics": [
                {"name": tag, "path": f"/topic/{pages_slug(tag)}"}
                for tag in article["tags"]
            ],
            "premium": premium,
            "isCommercial": False,
            "isBest": False,
        },
        "isLiveBlog": bool(updates),
        "cmp": {"enabled": True},
    }
    analytics = {
        "article_id": article_id(url),
        "article_premium_status": "premium" if premium else "free",
        "article_word_count": sum(len(p.split()) for p in body),
    }
    # Live blogs give their last update as article:published_time.
    first = updates[0]["time"] if updates else article["published"]
    piano = {"contentAuthor": article["byline"], "tags": article["tags"]}
    html_open = (
        '<html lang="en" i-amphtml-layout="" i-amphtml-no-boilerplate=""'
        ' transformed="self;v=1">'
        if amp
        else '<html lang="en">'
    )
    amp_head = (
        '<script async src="https://cdn.ampproject.org/v0.js"></script>'
        '<script async custom-element="amp-timeago"'
        ' src="https://cdn.ampproject.org/v0/amp-timeago-0.1.js"></script>'
        f'<link rel="amphtml" href="{e(url)}?amp">'
        if amp
        else ""
    )
    visible_date = (
        # 2020 AMP shows the modified time in UK local time without a zone.
        f"<span>{e(long_date(article['modified']))}</span>"
        if amp
        else f'<div id="article-published-date">'
        f"{e(long_date(article['published']))} GMT</div>"
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            html_open,
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(_seo(article))} | {SITE_NAME}</title>",
            amp_head,
            f'<meta name="description" content="{e(article["standfirst"])}">',
            f'<meta name="keywords" content="{e(", ".join(tags))}">',
            f'<link rel="canonical" href="{e(url)}">',
            f'<meta property="og:url" content="{e(url)}">',
            f'<meta property="og:title" content="{e(_social(article))}">',
            f'<meta name="twitter:title" content="{e(_social(article))}">',
            '<meta property="og:type" content="article">',
            f'<meta property="article:published_time" content="{iso_ms(first)}">',
            f'<meta property="article:modified_time"'
            f' content="{iso_ms(article["modified"])}">',
            f'<meta property="date" content="{iso_ms(article["published"])}">',
            '<meta property="article:section" content="News">',
            f'<meta property="article:subsection" content="{e(article["section"])}">',
            f'<meta property="article:author_name" content="{e(article["byline"])}">',
            '<meta property="article:content_type" content="story">',
            '<meta property="article:word_count"'
            f' content="{analytics["article_word_count"]}">',
            '<meta name="page type" content="Article">',
            *(ld_script(obj) for obj in ld),
            f'<script id="js-globals" type="application/json">{script_json(globals_)}'
            "</script>",
            '<script id="analytics-data" type="application/json">'
            f"{script_json(analytics)}</script>",
            '<script id="piano-meta" type="application/json">'
            f"{script_json(piano)}"
            "</script>",
            head_bulk,
            "</head>",
            "<body>",
            '<div class="hydrate-root" data-component="Header"><header class="sc-hdr">'
            '<a href="/">The Independent</a><nav><ul>'
            '<li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>'
            '<li><a href="/voices">Voices</a></li>'
            f"</ul>{nav_bulk}</nav></header></div>",
            '<main class="sc-main">',
            f'<article data-is-premium="{str(premium).lower()}"'
            ' data-is-sensitive="false"'
            ' data-is-commercial="false" data-is-best="false" class="sc-1xt8011-0">',
            '<header id="articleHeader" class="sc-hdr-1">',
            f'<div class="sc-kicker"><a href="/news/{e(article["section_slug"])}">'
            f"{e(article['section'])}</a></div>",
            f'<h1 class="sc-h1">{e(article["title"])}</h1>',
            f'<p class="sc-standfirst">{e(article["standfirst"])}</p>',
            f'<div class="sc-byline">{authors}</div>',
            visible_date,
            "</header>",
            '<div class="main-wrapper"><div id="main">',
            interleave(elements, noise),
            live,
            "</div></div>",
            wall,
            f'<nav class="topics"><span>{TOPICS_LABEL}</span>{topics}</nav>',
            f'<div class="show-comments"><p>{e(COMMENTS_TEXT)}</p></div>',
            f'<div class="sc-bookmark"><p>{e(BOOKMARK_TEXT)}</p></div>',
            "</article>",
            '<aside class="sidebar"><h2>Most Popular</h2><ul><li>'
            f'<a href="/news/uk/lost-cat-b2600002.html">{e(MOST_POPULAR_TEXT)}</a>'
            "</li></ul></aside>",
            "</main>",
            f'<footer class="sc-footer"><p>{e(FOOTER_TEXT)}</p></footer>',
            "</body>",
            "</html>",
        ]
    )


def _ld(article: dict, *, premium: bool, updates: list[dict]) -> list[dict]:
    """The page's JSON-LD: Organization, the article, BreadcrumbList."""
    url = article["url"]
    people = names(article["byline"])
    authors = [
        {"@type": "Person", "name": name, "url": f"/author/{pages_slug(name)}"}
        for name in people
    ]
    news = {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "headline": _seo(article),
        "description": article["standfirst"],
        "url": url,
        "datePublished": iso_ms(article["published"]),
        "dateModified": iso_ms(article["modified"]),
        "author": authors[0] if len(authors) == 1 else authors,
        "articleSection": article["section"],
        "isAccessibleForFree": not premium,
        "isPartOf": {
            "@type": ["CreativeWork", "Product"],
            "productID": "independent.co.uk:showcase",
        },
    }
    objects = [
        {"@context": "http://schema.org", "@type": "Organization", "name": SITE_NAME},
        news,
    ]
    if updates:
        # 2023 live blogs add a LiveBlogPosting with its real start time.
        objects.append(
            {
                "@context": "http://schema.org",
                "@type": "LiveBlogPosting",
                "headline": article["title"],
                "description": f"<p>{e(article['standfirst'])}</p>",
                "datePublished": iso_ms(article["published"]),
                "dateModified": iso_ms(updates[0]["time"]),
                "coverageStartTime": iso_ms(article["published"]),
                "liveBlogUpdate": [
                    {
                        "@type": "BlogPosting",
                        "headline": "Update",
                        "url": f"{url}/#liveblogPost{u['id']}",
                        "datePublished": iso_ms(u["time"]),
                        "dateModified": iso_ms(u["time"]),
                        "articleBody": u["text"],
                    }
                    for u in updates
                ],
            }
        )
    objects.append(
        {
            "@context": "http://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "News"},
                {"@type": "ListItem", "position": 2, "name": article["section"]},
            ],
        }
    )
    return objects


# -- Drupal (2015-16) and legacy (to 2014) markup ---------------------------------


def render_drupal(article: dict, *, padding_kb: int = 0) -> str:
    """A 2015-16 page: schema.org microdata, the body in div.text-wrapper."""
    head_bulk, nav_bulk = padding(padding_kb, prefix="indy")
    url = _http(article["url"])
    # Drupal crossheads are h3s among the paragraphs.
    elements = [
        el.replace('<h2 class="sc-sub">', "<h3>").replace("</h2>", "</h3>")
        for el in _elements(article["body"])
    ]
    noise = {
        1: '<div class="dnd-widget-wrapper context-sdl_editor_representation'
        ' type-image"><div class="dnd-atom-rendered"><img src="'
        f'{e(_image(url))}" alt=""><div class="image-caption">'
        f"<p>{e(IMAGE_CAPTION)} {e(IMAGE_CREDIT)}</p></div></div></div>",
        3: '<div class="inline-block-related-list"><h5>Read more</h5><ul><li>'
        f'<a href="/news/uk/tram-a6600001.html">{e(RELATED_TEXT)}</a></li></ul></div>',
        4: _tweet(amp=False),
    }
    published, modified = article["published"], article["modified"]
    microtimes = script_json(
        {"published": epoch_ms(published), "changed": epoch_ms(modified)}
    )
    tags = "".join(
        f'<li><a itemprop="keywords" href="/topic/{pages_slug(tag)}">{e(tag)}</a></li>'
        for tag in article["tags"]
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<!--[if lt IE 9]><html class="lt-ie9" lang="en"><![endif]-->',
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(article['title'])} | {e(article['section'])} | News |"
            f" {SITE_NAME}</title>",
            f'<meta name="description" content="{e(_first(article))}">',
            f'<link rel="canonical" href="{e(url)}">',
            f'<meta property="og:url" content="{e(url)}">',
            f'<meta property="og:title" content="{e(article["title"])}">',
            '<meta property="article:published_time"'
            f' content="{iso_offset_uk(published)}">',
            '<meta property="article:modified_time"'
            f' content="{iso_offset_uk(modified)}">',
            # The datePublished meta holds the modified time.
            f'<meta itemprop="datePublished" content="{iso_offset_uk(modified)}">',
            f'<meta property="article:section" content="{e(article["section"])}">',
            *(
                f'<meta property="article:tag" content="{e(tag)}">'
                for tag in article["tags"]
            ),
            f'<meta property="article:author_name" content="{e(article["byline"])}">',
            head_bulk,
            "</head>",
            '<body class="node-type-article">',
            f'<div id="header"><a href="/">{SITE_NAME}</a>{nav_bulk}</div>',
            '<div id="main-content">',
            '<article itemscope itemtype="http://schema.org/NewsArticle"'
            ' class="node-article">',
            f'<h1 itemprop="headline">{e(article["title"])}</h1>',
            '<ul class="meta">'
            + "".join(
                '<li class="author" itemprop="author"><span itemprop="name">'
                f'<a href="/author/{pages_slug(name)}">{e(name)}</a></span>'
                f" {e(JOB_TITLE)}</li>"
                for name in names(article["byline"])
            )
            + f'<li><time datetime="{published:%H:%M, %d %B %Y}"'
            f" data-microtimes='{microtimes}'>{e(long_date(published))} GMT</time>"
            "</li></ul>",
            '<div class="text-wrapper" itemprop="articleBody">',
            interleave(elements, noise),
            f'<ul class="inline-pipes-list"><li>More about:</li>{tags}</ul>',
            '<a class="syndication-btn" href="/syndication">Reuse content</a>',
            "</div>",
            "</article>",
            f'<div class="show-comments"><p>{e(COMMENTS_TEXT)}</p></div>',
            "</div>",
            '<aside class="sidebar"><h2>Most Popular</h2><ul><li>'
            f'<a href="/news/uk/lost-cat-a6600002.html">{e(MOST_POPULAR_TEXT)}</a>'
            "</li></ul></aside>",
            f'<div id="footer"><p>{e(FOOTER_TEXT)}</p></div>',
            "</body>",
            "</html>",
        ]
    )


def render_legacy(article: dict, *, padding_kb: int = 0) -> str:
    """A page to 2014: the text split over several div.widget.storyContent.

    Video and slideshow widgets sit between the story's widgets, each of
    which holds a div.articleContent; the first wraps its paragraphs in
    span.storyTop.
    """
    head_bulk, nav_bulk = padding(padding_kb, prefix="indy")
    url = _http(article["url"])
    elements = _elements(article["body"])
    parts = [elements[:3], elements[3:5], elements[5:]]
    widgets = [
        '<div class="widget storyContent viziwyg-section-1 with-padding">'
        f'<h1 class="title">{e(article["title"])}</h1>'
        '<div class="byline"><span class="authorName">'
        f"{e(names(article['byline'])[0] if article['byline'] else '')}</span></div>"
        '<div class="articleByTimeLocation"><p class="dateline">'
        f"{article['published']:%A %d %B %Y}</p></div>"
        '<div class="articleContent"><span class="storyTop">'
        f"{''.join(parts[0])}</span></div></div>",
        '<div class="widget brightcove viziwyg-section-2"><div class="video-player">'
        f"<p>{e(VIDEO_TEXT)}</p></div></div>",
        '<div class="widget storyContent viziwyg-section-3">'
        f'<div class="articleContent">{"".join(parts[1])}</div></div>',
        '<div class="widget slideshow viziwyg-section-4"><div class="slideshow-inner">'
        f"<h3>{e(SLIDESHOW_TEXT)}</h3><p>{e(IMAGE_CAPTION)}</p></div></div>",
        '<div class="widget storyContent viziwyg-section-5">'
        f'<div class="articleContent">{"".join(parts[2])}</div></div>',
        '<div class="widget related viziwyg-section-6"><h3>Related articles</h3><ul>'
        f'<li><a href="/news/uk/tram-9000001.html">{e(RELATED_TEXT)}</a></li></ul>'
        "</div>",
    ]
    return "\n".join(
        [
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"'
            ' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
            '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">',
            "<head>",
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
            f"<title>{e(article['title'])} - {e(article['section'])} - News -"
            f" {SITE_NAME}</title>",
            f'<meta name="description" content="{e(_first(article))}" />',
            f'<link rel="canonical" href="{e(url)}" />',
            f'<meta property="og:title" content="{e(article["title"])}" />',
            '<meta property="article:published_time"'
            f' content="{article["published"]:%Y-%m-%d}" />',
            f'<meta property="article:section" content="{e(article["section"])}" />',
            *(
                f'<meta property="article:tag" content="{e(tag)}" />'
                for tag in article["tags"]
            ),
            head_bulk,
            "</head>",
            "<body>",
            f'<div id="masthead"><a href="/">{SITE_NAME}</a>{nav_bulk}</div>',
            '<div id="content"><div id="main" class="column">',
            "\n".join(widgets),
            "</div>",
            '<div id="sidebar" class="column"><h2>Most Popular</h2><ul><li>'
            f'<a href="/news/uk/lost-cat-9000002.html">{e(MOST_POPULAR_TEXT)}</a>'
            "</li></ul></div></div>",
            f'<div id="footer"><p>{e(FOOTER_TEXT)}</p></div>',
            "</body>",
            "</html>",
        ]
    )


def iso_offset_uk(moment: datetime) -> str:
    """ISO 8601 in UK summer time (+01:00), as 2015 pages write it."""
    return iso_offset(moment, 1)


def _first(article: dict) -> str:
    """The first body paragraph: what the description meta of 2014-16 repeats."""
    return pages.expected_body(article["body"])[0]


def _http(url: str) -> str:
    """2014-16 pages name http:// URLs."""
    return "http://" + url.split("://", 1)[-1]


def _tweet(*, amp: bool) -> str:
    """An embedded post from a social network: its blockquote and script."""
    quote = (
        '<blockquote class="twitter-tweet" data-lang="en"'
        + (" placeholder" if amp else "")
        + f'><p lang="en" dir="ltr">{e(SOCIAL_TEXT)}</p>&mdash; Test Desk'
        ' (@testdesk) <a href="https://social.example.org/testdesk/status/1">'
        "November 20, 2026</a></blockquote>"
    )
    if amp:
        return (
            '<amp-twitter data-tweetid="1" width="375" height="472">'
            f"{quote}</amp-twitter>"
        )
    return (
        quote + '<script async src="https://platform.example.org/widgets.js"></script>'
    )


# -- feeds and sitemap -----------------------------------------------------------


def render_rss(items: list[dict], *, title: str) -> str:
    """An RSS 2.0 feed: CDATA texts, guid = the article id, media:content."""
    entries = "".join(
        "<item>"
        f"<title>{cdata(item['title'])}</title>"
        f"<description>{cdata(item['standfirst'])}</description>"
        f"<link>{e(item['url'])}</link>"
        f"<pubDate>{rfc822(item['published'])}</pubDate>"
        f'<guid isPermaLink="false">b{article_id(item["url"])}</guid>'
        f'<media:content url="{e(_image(item["url"]))}" medium="image"/>'
        "</item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">'
        f"<channel><title>{cdata(title)}</title><link>https://www.independent.co.uk"
        f"</link><description>{cdata('Invented stories of the test site')}"
        f"</description>{entries}</channel></rss>"
    )


def documents(path: str, items: list[dict]) -> tuple[str, str] | None:
    """The site's section feeds and Google News sitemap, at the real paths."""
    if path == SITEMAP:
        stories = [item for item in items if item["path"] != LIVE_PATH]
        return "application/xml", google_news_sitemap(stories, SITE_NAME)
    if path not in FEEDS:
        return None
    section = path.removesuffix("/rss").rsplit("/", 1)[-1]
    chosen = [item for item in items if not section or item["section_slug"] == section]
    extra = [
        {**chosen[0], "url": pages.site_origin(chosen[0]["url"]) + link}
        for link in NON_ARTICLE_LINKS
        if chosen and not section
    ]
    return "application/rss+xml", render_rss(chosen + extra, title=SITE_NAME)


LAYOUT = SiteLayout(
    renderers={
        "indy": render_article,
        "amp": render_amp,
        "live": render_liveblog,
        "premium": render_premium,
        "drupal": render_drupal,
        "legacy": render_legacy,
    },
    documents=documents,
)


# -- shared pieces -------------------------------------------------------------


def pages_slug(text: str) -> str:
    """A URL slug for a name."""
    return "-".join("".join(c.lower() if c.isalnum() else " " for c in text).split())


def _elements(body: list[str]) -> list[str]:
    """Body paragraphs as p, h2, ul and blockquote elements."""
    return body_html(body, heading='<h2 class="sc-sub">', quote="<blockquote>")


def _seo(article: dict) -> str:
    """The JSON-LD and <title> headline: a third wording (as in 2024)."""
    return article["title"] + " - latest"


def _social(article: dict) -> str:
    """The og:title headline, worded apart from the visible one."""
    return "Explained: " + article["title"]


def _image(url: str) -> str:
    """An image URL on the static host."""
    name = digest(urlsplit(url).path)[:8]
    return f"https://static.example.org/2026/11/20/09/{name}.jpg?width=1200"
