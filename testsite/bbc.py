"""BBC News-like pages, feeds and sitemaps for the test site (invented text).

The markup copies the structure of real BBC News pages as described in
docs/sources/bbc.md: the Next.js article (2024+), the Optimo
article (2020-24), the responsive story body (2015-20), a consent wall, the
RSS feeds of feeds.bbci.co.uk and the news sitemap index. Class names in the
hashed style of the real pages (``sc-…``, ``ssrcss-…``) are there so that a
parser selecting on them would break. All text is written here or given by
the caller, and every text is HTML-escaped.

Article dicts are those of :func:`testsite.server.sample_article` with a
BBC ``path``; ``byline`` names are joined with " and " ("" for none);
``standfirst`` is the page's one-line summary (meta description).
"""

from __future__ import annotations

import re
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
    padding,
    rfc822,
    script_json,
    sitemap_index,
    utc,
)
from testsite.server import SiteLayout, article_at, page_table

# Noise a parser must keep out of the body; tests look for these texts.
IMAGE_CAPTION = "Volunteers stacked sandbags along the riverside path."
IMAGE_CREDIT = "Testpix Agency"
RELATED_TEXT = "Bus routes to change in the new year"
PROMO_TEXT = "Council tax set to rise by five percent"
PROMO_LABEL = "READ MORE:"
AD_TEXT = "Advertisement"
EMBED_TEXT = "Chart showing river levels over the week"
TOP_STORIES_TEXT = "Airport expansion plan goes to public vote"
MOST_READ_TEXT = "Lost cat found three hundred miles from home"
FOOTER_TEXT = "Invented pages served by the newscrawl test site."
FOLLOW_TEXT = "Follow Test News on Instagram, Facebook and Twitter."
LISTEN_TEXT = "Listen to Test News live at 12:45 weekdays - or listen back here."
FEATURE_TEXT = "Timeline: how the harbour wall was built"
CONSENT_TITLE = "Choose your cookie settings"
CONSENT_TEXT = "This test site asks before it stores anything on your device."
NOISE_TEXTS = (
    IMAGE_CAPTION,
    IMAGE_CREDIT,
    RELATED_TEXT,
    PROMO_TEXT,
    AD_TEXT,
    EMBED_TEXT,
    TOP_STORIES_TEXT,
    MOST_READ_TEXT,
    FOOTER_TEXT,
    FOLLOW_TEXT,
)
#: The JSON-LD author of pages without a byline.
NEWSROOM = "BBC News"
#: The contributors' role line (not part of the byline).
ROLE = "BBC News"

#: Feed sections of the real site (feeds.bbci.co.uk/news/<section>/rss.xml).
FEED_SECTIONS = (
    "world",
    "uk",
    "business",
    "politics",
    "health",
    "education",
    "science_and_environment",
    "technology",
    "entertainment_and_arts",
)
#: Links the feeds carry that are not articles; the spider must not fetch them.
NON_ARTICLE_LINKS = [
    "/news/av/uk-67123456",
    "/news/videos/c2v3w4x5y6zo",
    "/news/av-embeds/67123457",
    "/news/topics/c1a2b3c4d5et",
    "/news/10620001",
    "/sport/football/articles/c7d8e9f0g1ho",
    "/weather/articles/c3k4l5m6n7po",
    "/iplayer/episode/m001abcd",
    "/sounds/play/m002efgh",
]
LIVE_PATH = "/news/live/c5l6i7v8e9at"
CONSENT_PATH = "/news/articles/c0n5e7t1l2ao"
# Feed links of the front page feed use the real host, as the real feed does;
# the spider moves them to its base URL.
REAL_HOST = "https://www.bbc.co.uk"


def article(path: str, **fields: Any) -> dict[str, Any]:
    """An article dict at a BBC path."""
    return article_at(path, **fields)


def default_pages() -> dict[str, dict[str, Any]]:
    """The site's starting pages: path -> {"kind", "article"}."""
    europe = article(
        "/news/articles/c4e5f6a7b8co",
        title="Harbour wall plan divides coastal town",
        section="Europe",
        section_slug="world",
    )
    health = article(
        "/news/articles/cx9y8z7w6v5o",
        title="Clinic waiting times fall for third month",
        section="Health",
        section_slug="health",
        byline="",
    )
    optimo = article(
        "/news/health-67012345",
        title="New hospital wing opens after delays",
        section="Health",
        section_slug="health",
        byline="Alex Example",
    )
    responsive = article(
        "/news/world-us-canada-52241234",
        title="River festival returns after long break",
        section="US & Canada",
        section_slug="world",
        byline="",
    )
    live = article(LIVE_PATH, title="Storm live: ferries cancelled", section="UK")
    gated = article(CONSENT_PATH, title="Cookie wall page", section="UK")
    return page_table(
        ("next", europe),
        ("next", health),
        ("optimo", optimo),
        ("responsive", responsive),
        ("next", live),
        ("consent", gated),
    )


def names(byline: str) -> list[str]:
    """The contributors of a byline."""
    return [name for name in byline.split(" and ") if name]


# -- Next.js (2024+) ---------------------------------------------------------


def render_next(article: dict, *, padding_kb: int = 0) -> str:
    """An article page in the Next.js markup (2026: main#bbc-main)."""
    url = article["url"]
    head_bulk, nav_bulk = padding(padding_kb, prefix="bbc")
    people = names(article["byline"])
    contributors = "".join(
        f'<div data-testid="byline-contributors-contributor-{n}" class="sc-b42e7a8f-1">'
        f'<span class="sc-b42e7a8f-2">{e(name)}</span>'
        f'<div class="sc-b42e7a8f-3"><span data-testid="byline-contributors-contributor'
        f'-{n}-role-location">{e(ROLE)}</span></div></div>'
        for n, name in enumerate(people)
    )
    byline = (
        '<div data-component="byline-block" class="sc-3b6b161a-0">'
        '<div data-testid="byline" class="sc-801dd632-0">'
        f'<time datetime="{iso_ms(article["modified"])}">1 day ago</time>'
        + (
            f'<div data-testid="byline-contributors">{contributors}</div>'
            if people
            else ""
        )
        + '<button type="button">Share</button><button type="button">Save</button>'
        "</div></div>"
    )
    blocks = _next_blocks(article["body"])
    noise = {
        1: _next_image(url),
        2: '<div data-component="ad-slot" class="sc-ad1"><div>'
        f"<span>{AD_TEXT}</span></div></div>",
        3: '<div data-component="links-block" class="sc-lb1"><ul><li>'
        f'<a href="/news/articles/c9r8e7l6a5to">{e(RELATED_TEXT)}</a></li></ul></div>',
    }
    body = interleave(blocks, noise)
    promo = (
        '<div data-component="text-block" class="sc-tb1"><ul><li>'
        f'<a href="/news/articles/c1p2r3o4m5oo">{e(PROMO_TEXT)}</a></li><li>'
        f'<a href="/news/articles/c6p7r8o9m0oo">{e(RELATED_TEXT)}</a></li></ul></div>'
        f'<div data-component="text-block" class="sc-tb1">{_follow()}</div>'
    )
    tags = "".join(
        f'<li><a href="/news/topics/c{n:010d}t" class="sc-tag">{e(tag)}</a></li>'
        for n, tag in enumerate(article["tags"])
    )
    ld = {
        "@context": "http://schema.org",
        "@type": "ReportageNewsArticle",
        "url": url,
        "headline": article["title"],
        "description": article["standfirst"],
        "datePublished": iso_ms(article["published"]),
        "dateModified": iso_ms(article["modified"]),
        "author": [{"@type": "Person", "name": name} for name in people]
        or {
            "@type": "NewsMediaOrganization",
            "name": NEWSROOM,
            "noBylinesPolicy": "https://www.example.org/editorial-policy",
        },
        "publisher": {"@type": "NewsMediaOrganization", "name": NEWSROOM},
        "image": {"@type": "ImageObject", "url": _image(url)},
    }
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="version" content="3.41.2">',
            f"<title>{e(article['title'])}</title>",
            f'<meta name="description" content="{e(article["standfirst"])}">',
            f'<meta property="og:title" content="{e(_promo(article))}">',
            f'<meta property="og:description" content="{e(article["standfirst"])}">',
            f'<link rel="canonical" href="{e(url)}">',
            '<meta name="page.section" content="News">',
            f'<meta name="page.subsection" content="{e(article["section"])}">',
            f'<meta property="article:modified_time"'
            f' content="{iso_ms(article["modified"])}">',
            ld_script(ld),
            head_bulk,
            "</head>",
            "<body>",
            '<div id="__next">',
            _header(nav_bulk),
            '<main id="bbc-main" class="sc-main-1">',
            '<article class="sc-article-1">',
            '<div data-component="headline-block" class="sc-hb1">'
            f'<h1 class="sc-f98b1ad2-0">{e(article["title"])}</h1></div>',
            byline,
            body,
            promo,
            '<div data-component="tag-list-block" class="sc-tl1">'
            f"<ul>{tags}</ul></div>",
            "</article>",
            _more_stories(),
            "</main>",
            _footer(),
            "</div>",
            f'<script id="__NEXT_DATA__" type="application/json">'
            f"{script_json(_next_data(article))}</script>",
            "</body>",
            "</html>",
        ]
    )


def _next_blocks(body: list[str]) -> list[str]:
    """Body paragraphs as Next.js blocks: the first bold, some p grouped."""
    blocks: list[str] = []
    group: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            group.append(f"<ul>{''.join(items)}</ul>")
            items.clear()
        if group:
            blocks.append(
                '<div data-component="text-block" class="sc-tb1">'
                f"{''.join(group)}</div>"
            )
            group.clear()

    for index, paragraph in enumerate(body):
        if paragraph.startswith("* "):
            items.append(f"<li><p>{e(paragraph[2:])}</p></li>")
            continue
        if items:
            flush()
        if paragraph.startswith("## "):
            flush()
            blocks.append(
                '<div data-component="subheadline-block" class="sc-sh1">'
                f'<h2 class="sc-9bd4bd35-0">{e(paragraph[3:])}</h2></div>'
            )
        elif paragraph.startswith("> "):
            flush()
            blocks.append(
                '<div data-component="text-block" class="sc-tb1">'
                f"<blockquote><p>{e(paragraph[2:])}</p></blockquote></div>"
            )
        elif index == 0:
            # The intro paragraph is bold, in a block of its own.
            blocks.append(
                '<div data-component="text-block" class="sc-tb1">'
                f"<p><b>{e(paragraph)}</b></p></div>"
            )
        else:
            # A text block may hold several paragraphs: two at a time here.
            group.append(f'<p class="sc-eb7bd5f6-0">{e(paragraph)}</p>')
            if len(group) == 2:
                flush()
    flush()
    return blocks


def _next_image(url: str) -> str:
    """A Next.js image block: placeholder src, srcset, credit and caption."""
    return (
        '<div data-component="image-block" class="sc-ib1"><figure>'
        '<div><img src="/bbcx/grey-placeholder.png"'
        f' srcset="{e(_image(url))} 480w" alt="Sandbags on a path">'
        f'<span role="text">{e(IMAGE_CREDIT)}</span></div>'
        f'<figcaption class="sc-cap1">{e(IMAGE_CAPTION)}</figcaption>'
        "</figure></div>"
    )


def _next_data(article: dict) -> dict:
    """The page state Next.js embeds: metadata and the block tree."""
    key = f'@"news","articles","{_path(article).rsplit("/", 1)[-1]}",'
    contents = [
        {"type": "headline", "model": {"blocks": [_text_json(article["title"])]}},
        *(
            {"type": "text", "model": {"blocks": [_text_json(paragraph)]}}
            for paragraph in pages.expected_body(article["body"])
        ),
    ]
    return {
        "props": {
            "pageProps": {
                "page": {
                    key: {
                        "contents": contents,
                        "section": [{"name": article["section"]}],
                        "topics": [
                            {
                                "title": tag,
                                "url": f"/news/topics/c{n:010d}t",
                                "id": f"c{n:010d}t",
                                "isEvent": False,
                            }
                            for n, tag in enumerate(article["tags"])
                        ],
                    }
                },
                "metadata": _metadata(article),
            }
        },
        "page": "/news/articles/[id]",
        "buildId": "test-build",
        "isFallback": False,
    }


def _metadata(article: dict) -> dict:
    """The article metadata both embedded states carry."""
    return {
        "firstPublished": epoch_ms(article["published"]),
        "lastPublished": epoch_ms(article["modified"]),
        "lastUpdated": epoch_ms(article["modified"]),
        "section": {"name": article["section"], "uri": "/news/section"},
        "seoHeadline": article["title"] + " (search wording)",
        "promoHeadline": _promo(article),
    }


def _text_json(text: str) -> dict:
    """A JSON text block: paragraph -> fragment."""
    return {
        "type": "paragraph",
        "model": {
            "text": text,
            "blocks": [{"type": "fragment", "model": {"text": text, "attributes": []}}],
        },
    }


# -- Optimo (2020-24) --------------------------------------------------------


def render_optimo(article: dict, *, padding_kb: int = 0) -> str:
    """An article page in the Optimo markup (2022-24 ``ssrcss`` generation)."""
    url = article["url"]
    head_bulk, nav_bulk = padding(padding_kb, prefix="bbc")
    people = names(article["byline"])
    byline = ""
    if people:
        byline = (
            '<div data-component="byline-block" class="ssrcss-68pt20-BylineBlock">'
            '<div class="ssrcss-1a2b3c-Stack"><div class="ssrcss-4d5e6f-Contributor">'
            f'<div class="ssrcss-68pt20-Text">By {e(" and ".join(people))}</div>'
            f'<div class="ssrcss-84ltp5-Text">{e(ROLE)}</div>'
            "</div></div></div>"
        )
    blocks = []
    for index, element in enumerate(_plain_elements(article["body"])):
        if element.startswith("<h2"):
            blocks.append(
                '<div data-component="subheadline-block"'
                f' class="ssrcss-sh1-Sub">{element}</div>'
            )
        else:
            if index == 0 and element.startswith("<p>"):
                element = f"<p><b>{element[3:-4]}</b></p>"
            blocks.append(
                '<div data-component="text-block" class="ssrcss-11r1m41-RichText">'
                f'<div class="ssrcss-7uxr49-Wrapper">{element}</div></div>'
            )
    noise = {
        1: '<div data-component="image-block" class="ssrcss-ib1"><figure>'
        f'<img src="{e(_image(url))}" alt="">'
        '<span class="ssrcss-x-Copyright"><span class="ssrcss-vh-VisuallyHidden">'
        f"Image source, </span>{e(IMAGE_CREDIT)}</span>"
        '<figcaption class="ssrcss-cap1"><span class="ssrcss-vh-VisuallyHidden">'
        f"Image caption, </span>{e(IMAGE_CAPTION)}</figcaption></figure></div>",
        2: '<div data-component="include-block" class="ssrcss-inc1">'
        f"<p>{e(EMBED_TEXT)}</p></div>",
        3: f'<div data-component="ad-slot"><div><p>{AD_TEXT}</p></div></div>',
    }
    tags = "".join(
        f'<li class="ssrcss-tl-li"><a href="/news/topics/c{n:010d}t">{e(tag)}</a></li>'
        for n, tag in enumerate(article["tags"])
    )
    ld = {
        "@context": "http://schema.org",
        "@type": "ReportageNewsArticle",
        "url": url,
        "headline": article["title"],
        "datePublished": iso_ms(article["published"]),
        "dateModified": iso_ms(article["modified"]),
        "author": [{"@type": "Person", "name": name} for name in people]
        or {"@type": "NewsMediaOrganization", "name": NEWSROOM},
        "publisher": {"@type": "NewsMediaOrganization", "name": NEWSROOM},
    }
    state = {
        "data": {
            f"article?country=gb&uri={_path(article).replace('/', '%2F')}": {
                "data": {
                    "metadata": _metadata(article),
                    "content": {
                        "model": {
                            "blocks": [
                                {"type": "text", "model": {"blocks": [_text_json(p)]}}
                                for p in pages.expected_body(article["body"])
                            ]
                        }
                    },
                },
                "contentType": "application/json; charset=utf-8",
            }
        }
    }
    # 2022-24 pages assign the state as a JSON string of the JSON.
    initial = script_json(script_json(state))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB" class="no-js">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(article['title'])} - BBC News</title>",
            f'<meta name="description" content="{e(article["standfirst"])}">',
            f'<meta property="og:title" content="{e(_promo(article))}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:url" content="{e(url)}">',
            f'<link rel="canonical" href="{e(url)}">',
            f'<link rel="amphtml" href="{e(url)}.amp">',
            '<meta property="article:author"'
            ' content="https://www.facebook.com/testnewsroom">',
            f'<meta property="article:section" content="{e(article["section"])}">',
            ld_script(ld),
            head_bulk,
            "</head>",
            "<body>",
            '<div id="main-wrapper">',
            _header(nav_bulk),
            '<main id="main-content" data-testid="main-content"'
            ' class="ssrcss-1ocoo3l-Wrap">',
            '<article class="ssrcss-pv1rh6-ArticleWrapper">',
            '<header data-component="headline-block"'
            ' class="ssrcss-1eqcsb1-HeadingWrapper">'
            f'<h1 id="main-heading" class="ssrcss-15xko80-StyledHeading" tabindex="-1">'
            f"{e(article['title'])}</h1></header>",
            byline,
            '<div data-component="metadata-block" class="ssrcss-m1"><ul><li><div>'
            '<span class="ssrcss-vh-VisuallyHidden">Published</span>'
            f'<time data-testid="timestamp" datetime="{iso_ms(article["published"])}">'
            "2 hours ago</time></div></li></ul></div>",
            interleave(blocks, noise),
            '<div data-component="text-block" class="ssrcss-11r1m41-RichText">'
            f'<div class="ssrcss-7uxr49-Wrapper">{_follow()}</div></div>',
            '<div data-component="links-block" class="ssrcss-lb1">'
            "<h2>More on this story</h2><ul><li>"
            f'<a href="/news/uk-67000001">{e(RELATED_TEXT)}</a></li></ul></div>',
            '<div data-component="topic-list" class="ssrcss-tl1"><div><div>'
            f"<h2>Related topics</h2><ul>{tags}</ul></div></div></div>",
            "</article>",
            _more_stories(),
            "</main>",
            _footer(),
            "</div>",
            f"<script>window.__INITIAL_DATA__={initial};</script>",
            "</body>",
            "</html>",
        ]
    )


# -- responsive (2015-20) ----------------------------------------------------


def render_responsive(article: dict, *, padding_kb: int = 0) -> str:
    """An article page in the responsive story-body markup (2015-20)."""
    url = article["url"]
    head_bulk, nav_bulk = padding(padding_kb, prefix="bbc")
    published = utc(article["published"])
    elements = []
    for index, element in enumerate(_plain_elements(article["body"])):
        if index == 0 and element.startswith("<p>"):
            element = '<p class="story-body__introduction">' + element[3:]
        elif element.startswith("<h2"):
            element = '<h2 class="story-body__crosshead"' + element[3:]
        elif element.startswith("<ul>"):
            element = '<ul class="story-body__unordered-list">' + element[4:]
        elements.append(element)
    noise = {
        0: '<figure class="media-landscape has-caption full-width">'
        '<span class="image-and-copyright-container">'
        f'<img class="js-image-replace" src="{e(_image(url))}" alt="">'
        '<span class="off-screen">Image copyright</span>'
        f'<span class="story-image-copyright">{e(IMAGE_CREDIT)}</span></span>'
        '<figcaption class="media-caption"><span class="off-screen">Image caption'
        f'</span><span class="media-caption__text">{e(IMAGE_CAPTION)}</span>'
        "</figcaption></figure>",
        2: '<div id="bbccom_mpu_1_2_3" class="bbccom_slot mpu-ad" aria-hidden="true">'
        f'<div class="bbccom_advert"><p>{AD_TEXT}</p></div></div>',
        3: '<div class="bbc-news-vj-embed-wrapper"><div class="idt2">'
        f"<p>{e(EMBED_TEXT)}</p></div></div>",
    }
    body = interleave(elements, noise)
    promo = (
        '<hr class="story-body__line"><ul class="story-body__unordered-list">'
        f'<li class="story-body__list-item"><strong>{PROMO_LABEL}</strong> '
        f'<a href="/news/uk-60000001" class="story-body__link">{e(PROMO_TEXT)}</a>'
        f"</li></ul>{_sign_off()}"
    )
    tags = "".join(
        f'<li class="tags-list__tags"><a href="/news/topics/c{n:010d}t">{e(tag)}</a>'
        "</li>"
        for n, tag in enumerate(article["tags"])
    )
    ld = {
        "@context": "http://schema.org",
        "@type": "ReportageNewsArticle",
        "url": url,
        "headline": article["title"],
        "datePublished": iso_offset(article["published"]),
        "dateModified": iso_offset(article["modified"]),
        "author": {"@type": "Organization", "name": NEWSROOM},
    }
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en" id="responsive-news">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(article['title'])} - BBC News</title>",
            f'<meta name="description" content="{e(article["standfirst"])}">',
            f'<meta property="og:title" content="{e(article["title"])}">',
            f'<meta property="og:description" content="{e(article["standfirst"])}">',
            f'<meta property="og:url" content="{e(url)}">',
            f'<link rel="canonical" href="{e(url)}">',
            '<meta property="article:author"'
            ' content="https://www.facebook.com/testnewsroom">',
            f'<meta property="article:section" content="{e(article["section"])}">',
            ld_script(ld),
            "<script>window.bbcredirection = {geo: true};</script>",
            head_bulk,
            "</head>",
            "<body>",
            _header(nav_bulk),
            '<div id="page" class="configurable story"><div role="main">',
            '<div class="container">',
            '<div class="container--primary-and-secondary-columns">',
            '<div class="column--primary"><div class="story-body">',
            f'<h1 class="story-body__h1">{e(article["title"])}</h1>',
            '<div class="byline"></div>',
            '<ul class="mini-info-list"><li class="mini-info-list__item">',
            f'<div class="date date--v2" data-seconds="{int(published.timestamp())}"'
            f' data-datetime="{published.day} {published:%B %Y}">'
            f"{published.day} {published:%B %Y}</div></li>",
            '<li class="mini-info-list__item">'
            '<span class="mini-info-list__section-desc">'
            'From the section</span> <a class="mini-info-list__section"'
            f' href="/news/world">{e(article["section"])}</a></li></ul>',
            '<div class="story-body__inner" property="articleBody">',
            body,
            promo,
            "</div>",
            '<div class="tags-container"><h2 class="tags-title">Related Topics</h2>'
            f'<ul class="tags-list">{tags}</ul></div>',
            "</div></div>",
            '<div class="column--secondary">',
            _more_stories(),
            "</div>",
            "</div></div></div></div>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


# -- story body (2010-14) and .stm pages (to 2010) ---------------------------


def render_story_body(article: dict, *, padding_kb: int = 0) -> str:
    """An article page in the story-body markup (bbc.co.uk/news, 2010-14)."""
    url = article["url"]
    head_bulk, nav_bulk = padding(padding_kb, prefix="bbc")
    elements = []
    for index, element in enumerate(_plain_elements(article["body"])):
        if index == 0 and element.startswith("<p>"):
            element = '<p class="introduction" id="story_continues_1">' + element[3:]
        elif element.startswith("<h2>"):
            # Crossheads are spans among the paragraphs, not headings.
            element = f'<span class="cross-head">{element[4:-5]}</span>'
        elements.append(element)
    noise = {
        1: '<div class="caption full-width"><img src="'
        f'{e(_image(url))}" width="624" height="351" alt="Sandbags" />'
        f"{e(IMAGE_CAPTION)}</div>",
        3: '<div class="story-feature related narrow"><div class="hyperpuff">'
        f'<h2>{e(FEATURE_TEXT)}</h2><ul><li><a href="/news/uk-16000001">'
        f"{e(RELATED_TEXT)}</a></li></ul></div></div>",
    }
    published = utc(article["published"])
    return "\n".join(
        [
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"'
            ' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
            '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en-GB" lang="en-GB">',
            "<head>",
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
            f"<title>BBC News - {e(article['title'])}</title>",
            *_story_metas(article),
            f'<link rel="canonical" href="{e(url)}" />',
            head_bulk,
            "</head>",
            '<body class="news">',
            f'<div id="blq-container"><div id="blq-nav">{_header(nav_bulk)}</div>',
            '<div id="main-content" class="story-page">',
            '<div class="layout-block-a">',
            '<div class="story-body">',
            '<span class="story-date"><span class="date">'
            f"{published.day} {published:%B %Y}</span>"
            '<span class="time-text">Last updated at </span>'
            f'<span class="time">{published:%H:%M} GMT</span></span>',
            f'<h1 class="story-header">{e(article["title"])}</h1>',
            interleave(elements, noise),
            _follow(),
            "</div>",
            '<div class="share-help"><h2>Share this page</h2></div>',
            "</div>",
            f'<div class="layout-block-b">{_more_stories()}</div>',
            "</div>",
            _footer(),
            "</div>",
            "</body>",
            "</html>",
        ]
    )


def render_stm(article: dict, *, padding_kb: int = 0) -> str:
    """A news.bbc.co.uk .stm page of 2008-09: the story in td.storybody."""
    head_bulk, nav_bulk = padding(padding_kb, prefix="bbc")
    parts = []
    for index, element in enumerate(_plain_elements(article["body"])):
        if index == 0 and element.startswith("<p>"):
            element = f'<!-- S SF --><p class="first"><b>{element[3:-4]}</b></p>'
            element += "<!-- E SF -->"
        elif element.startswith("<h2>"):
            element = f'<span class="cross-head">{element[4:-5]}</span>'
        parts.append(element)
    story = interleave(
        parts, {1: _stm_image(article["url"]), 3: _stm_box(), 4: _stm_links()}
    )
    return _stm_page(
        article,
        head_bulk,
        nav_bulk,
        # The headline sits in its own table, outside the story's cell.
        '<table cellspacing="0" cellpadding="0" border="0" width="629"><tr><td>'
        f'<div class="mxb"><h1>{e(article["title"])}</h1></div>'
        "<!-- S BYL --><!-- E BYL --></td></tr></table>"
        '<table cellspacing="0" cellpadding="0" border="0" width="629"><tr>'
        f'<td class="storybody">{story}{_follow()}</td></tr></table>',
    )


def render_stm_2006(article: dict, *, padding_kb: int = 0) -> str:
    """A news.bbc.co.uk .stm page of 2006: a table layout, bare <P> separators."""
    head_bulk, nav_bulk = padding(padding_kb, prefix="bbc")
    parts = []
    for index, element in enumerate(_plain_elements(article["body"])):
        match = re.match(r"<(\w+)>(.*)</\1>$", element, re.S)
        assert match is not None, element  # _plain_elements gives whole elements
        tag, inner = match.groups()
        if tag == "ul":
            parts.append(f"<UL>{inner}</UL>")
        elif index == 0:
            parts.append(
                f'<!-- S SF --><B>{inner}</B><!-- E SF --><BR clear="ALL"><BR>'
            )
        elif tag == "h2":
            parts.append(f"<P><B>{inner}</B>")
        else:
            # 2006 pages open paragraphs with a bare <P> and never close them.
            parts.append("<P>" + re.sub(r"</?p>", "", inner))
    story = interleave(parts, {1: _stm_image(article["url"]), 3: _stm_box()})
    return _stm_page(
        article,
        head_bulk,
        nav_bulk,
        f'<div class="mxb"><div class="sh">{e(article["title"])}</div></div>'
        '<table cellspacing="0" cellpadding="0" border="0" width="416"><tr>'
        f'<td valign="top"><font size="2">{story}<P><I>{e(FOLLOW_TEXT)}</I>'
        "</font></td></tr></table>",
    )


def _stm_page(article: dict, head_bulk: str, nav_bulk: str, story: str) -> str:
    """The .stm page frame: navigation table, the story between S BO and E BO."""
    return "\n".join(
        [
            '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">',
            "<HTML>",
            "<HEAD>",
            '<META http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
            f"<TITLE>BBC NEWS | {e(article['section'])} | {e(article['title'])}"
            "</TITLE>",
            *_story_metas(article),
            f'<meta name="UKFS_URL" content="{e(_path(article))}">',
            head_bulk,
            "</HEAD>",
            '<BODY marginheight="0" marginwidth="0" leftmargin="0" topmargin="0">',
            '<table width="800" border="0" cellspacing="0" cellpadding="0"><tr>',
            f'<td class="lhsdl" width="121" valign="top">{_header(nav_bulk)}</td>',
            '<td width="629" valign="top">',
            "<!-- S BO -->",
            story,
            "<!-- E BO -->",
            "</td>",
            f'<td width="200" valign="top">{_more_stories()}</td>',
            "</tr></table>",
            _footer(),
            "</BODY>",
            "</HTML>",
        ]
    )


def _story_metas(article: dict) -> list[str]:
    """The metas of story-body and .stm pages: shorter Headline, slash dates."""
    published = utc(article["published"])
    return [
        f'<meta name="Headline" content="{e(_short(article))}" />',
        f'<meta name="Description" content="{e(article["standfirst"])}" />',
        f'<meta name="Section" content="{e(article["section"])}" />',
        '<meta name="OriginalPublicationDate"'
        f' content="{published:%Y/%m/%d %H:%M:%S}" />',
        f'<meta name="CPS_SECTION_PATH" content="World/{e(article["section"])}" />',
    ]


def _stm_image(url: str) -> str:
    """An .stm picture: a right-aligned table between S IIMA and E IIMA."""
    return (
        '<!-- S IIMA --><table border="0" cellspacing="0" align="right" width="226"'
        f' cellpadding="0"><tr><td><img src="{e(_image(url))}" width="226"'
        ' height="170" alt="Sandbags" border="0" vspace="0" hspace="0"><br>'
        f'<div class="cap">{e(IMAGE_CAPTION)}</div></td></tr></table><!-- E IIMA -->'
    )


def _stm_box() -> str:
    """An .stm fact box between S IBOX and E IBOX."""
    return (
        '<!-- S IBOX --><table cellspacing="0" align="right" width="231" border="0"'
        ' cellpadding="0"><tr><td><div class="o"><b class="red">'
        f"{e(FEATURE_TEXT)}</b><p>{e(EMBED_TEXT)}</p></div></td></tr></table>"
        "<!-- E IBOX -->"
    )


def _stm_links() -> str:
    """Inline links to other stories between S ILIN and E ILIN."""
    return (
        '<!-- S ILIN --><div class="arr"><a href="/1/hi/uk/7000001.stm">'
        f"{e(RELATED_TEXT)}</a></div><!-- E ILIN -->"
    )


def _short(article: dict) -> str:
    """The shorter promo headline of meta Headline (it differs from the h1)."""
    return " ".join(article["title"].split()[:4])


# -- consent wall --------------------------------------------------------------


def render_consent(url: str) -> str:
    """A page that is only a consent banner, with no article on it."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(CONSENT_TITLE)}</title>",
            f'<link rel="canonical" href="{e(url)}">',
            "</head>",
            "<body>",
            _header(""),
            '<div id="consent-banner" data-component="consent-banner">',
            f"<h2>{e(CONSENT_TITLE)}</h2>",
            f"<p>{e(CONSENT_TEXT)}</p>",
            '<button type="button">Yes, I agree</button>',
            '<button type="button">No, take me to settings</button>',
            "</div>",
            '<main id="main-content"></main>',
            _footer(),
            "</body>",
            "</html>",
        ]
    )


# -- feeds and sitemaps ------------------------------------------------------------


def render_rss(items: list[dict], *, title: str = "BBC News") -> str:
    """A feeds.bbci.co.uk RSS 2.0 feed: CDATA texts, guid = URL + "#N"."""
    entries = []
    for number, item in enumerate(items):
        link = f"{item['url']}?at_medium=RSS&at_campaign=rss"
        entries.append(
            "<item>"
            f"<title>{cdata(item['title'])}</title>"
            f"<description>{cdata(item['standfirst'])}</description>"
            f"<link>{e(link)}</link>"
            f'<guid isPermaLink="false">{e(item["url"])}#{number % 3}</guid>'
            f"<pubDate>{rfc822(item['published'])}</pubDate>"
            '<media:thumbnail width="240" height="135"'
            f' url="{e(_image(item["url"]))}"/>'
            "</item>"
        )
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<rss xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
            ' xmlns:atom="http://www.w3.org/2005/Atom" version="2.0"'
            ' xmlns:media="http://search.yahoo.com/mrss/">',
            "<channel>",
            f"<title>{cdata(title)}</title>",
            f"<description>{cdata('Invented stories of the test site')}</description>",
            "<link>https://www.bbc.co.uk/news</link>",
            "<generator>RSS for Node</generator>",
            "<ttl>15</ttl>",
            *entries,
            "</channel>",
            "</rss>",
        ]
    )


def documents(path: str, items: list[dict]) -> tuple[str, str] | None:
    """The site's feeds and news sitemaps, at the real site's paths."""
    origin = pages.site_origin(items[0]["url"]) if items else "http://127.0.0.1"
    stories = [item for item in items if item["path"] != LIVE_PATH]
    if path == "/news/rss.xml":
        # The front page feed links to the real host, repeats a story under
        # another guid and title, and mixes in video, Sport, iPlayer, etc.
        real = [{**item, "url": REAL_HOST + item["path"]} for item in items]
        extra = [
            {**items[0], "url": REAL_HOST + link, "title": "Not an article"}
            for link in NON_ARTICLE_LINKS
            if items
        ]
        repeat = [{**real[0], "title": real[0]["title"] + ": what we know"}]
        return "application/rss+xml", render_rss(real + extra + repeat)
    if path.startswith("/news/") and path.endswith("/rss.xml"):
        section = path[len("/news/") : -len("/rss.xml")]
        chosen = [item for item in stories if item["section_slug"] == section]
        return "application/rss+xml", render_rss(chosen, title=f"BBC News - {section}")
    if path == "/sitemaps/https-index-com-news.xml":
        return "application/xml", sitemap_index(
            [f"{origin}/sitemaps/https-sitemap-com-news-{n}.xml" for n in (1, 2)]
        )
    for number in (1, 2):
        if path == f"/sitemaps/https-sitemap-com-news-{number}.xml":
            half = stories[number - 1 :: 2]
            return "application/xml", google_news_sitemap(half, "BBC News")
    return None


LAYOUT = SiteLayout(
    renderers={
        "next": render_next,
        "optimo": render_optimo,
        "responsive": render_responsive,
        "story_body": render_story_body,
        "stm": render_stm,
        "stm_2006": render_stm_2006,
    },
    documents=documents,
    robots=(
        "User-agent: *\nDisallow: /search\nDisallow: /news/0\n"
        "Disallow: /sport/videos/*\nDisallow: /userinfo\n"
    ),
    walls={"consent": render_consent},
)


# -- shared pieces -------------------------------------------------------------


def _plain_elements(body: list[str]) -> list[str]:
    """Body paragraphs as plain p, h2, ul and blockquote elements."""
    return body_html(body, heading="<h2>", quote="<blockquote>")


def _follow() -> str:
    """The closing italic line that sends readers to social networks."""
    return (
        f'<p><i>{e(FOLLOW_TEXT.split(" on ")[0])} on <a href="https://social.example'
        f'.org/testnews">{e(FOLLOW_TEXT.split(" on ")[1])}</a></i></p>'
    )


def _sign_off() -> str:
    """The close of a 2015-20 story from a programme's newsroom: a divider and
    a banner, then italic lines whose links (networks, "live") sit outside the
    italics, and the full stop after the last link."""
    banners = "".join(
        '<figure class="media-landscape no-caption full-width">'
        '<span class="image-and-copyright-container">'
        f'<div class="js-delayed-image-load" data-alt="{alt}"'
        f' data-src="https://ichef.example.org/news/{alt.lower()}.png"></div>'
        "</span></figure>"
        for alt in ("line", "Test News")
    )
    networks = ("Instagram", "Facebook", "Twitter")
    follow = "".join(
        f'<i>{glue}</i><a class="story-body__link-external"'
        f' href="https://social.example.org/{name.lower()}/testnews">{name}</a>'
        for glue, name in zip(
            ("Follow Test News on ", ", ", " and "), networks, strict=True
        )
    )
    listen = (
        '<i>Listen to Test News </i><a class="story-body__link"'
        ' href="/radio/testnews">live</a><i> at 12:45 weekdays - or listen back'
        ' </i><a class="story-body__link" href="/sounds/testnews">here</a>'
    )
    return f"{banners}<p>{follow}.</p><p>{listen}.</p>"


def _path(article: dict) -> str:
    """The article's URL path."""
    return urlsplit(article["url"]).path


def _promo(article: dict) -> str:
    """The promo headline (og:title), worded apart from the visible one."""
    return "Explained: " + article["title"]


def _image(url: str) -> str:
    """An image URL on the image host."""
    return f"https://ichef.example.org/news/480/cpsprodpb/{digest(url)[:8]}.jpg"


def _header(nav_bulk: str) -> str:
    """The site header: skip link, logo, navigation."""
    links = "".join(
        f'<li><a href="{href}">{e(name)}</a></li>'
        for name, href in (
            ("Home", "/"),
            ("News", "/news"),
            ("Sport", "/sport"),
            ("Weather", "/weather"),
            ("Sounds", "/sounds"),
        )
    )
    return (
        '<header data-testid="header-content"><a href="#main-content">'
        "Skip to content</a><nav><ul>"
        f"{links}</ul>{nav_bulk}</nav></header>"
    )


def _more_stories() -> str:
    """Top stories and most read, beside or after the article."""
    return (
        '<section data-testid="top-stories"><h2>Top stories</h2><ul><li>'
        f'<a href="/news/articles/c1t2o3p4s5to">{e(TOP_STORIES_TEXT)}</a></li></ul>'
        '</section><section data-testid="most-read"><h2>Most read</h2><ol><li>'
        f'<a href="/news/articles/c1m2o3s4t5ro">{e(MOST_READ_TEXT)}</a></li></ol>'
        "</section>"
    )


def _footer() -> str:
    """The site footer."""
    return f'<footer data-testid="footer"><p>{e(FOOTER_TEXT)}</p></footer>'
