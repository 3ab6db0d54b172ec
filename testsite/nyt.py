"""New York Times-like pages, feeds and sitemaps for the test site (invented text).

The markup copies the structure of real nytimes.com pages as described in
docs/sources/nyt.md: the vi (2022-2025) article with its
companion columns, JSON-LD, metas, ``window.__preloadedData`` and noise (ad
slots, share tools, figures, promos, the print line), the same page cut
short for a non-subscriber (the meter's subscribe note after a few
paragraphs), the account login page, section RSS and the gzipped news
sitemap index. All text is written here or given by the caller.

Article dicts are those of :func:`testsite.server.sample_article` with a
NYT path; optional keys: ``seo_title`` (JSON-LD headline and <title>),
``correction`` (a correction paragraph under the story) and ``shown``
(how many paragraphs a cut copy keeps).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from testsite import pages
from testsite.markup import (
    body_html,
    digest,
    e,
    gzipped,
    iso_ms,
    iso_z,
    news_url,
    news_urlset,
    script_json,
    slugify,
    utc,
)
from testsite.server import (
    T0,
    SiteLayout,
    TestSite,
    feed_documents,
    page_table,
    sample_article,
)

SITE_NAME = "The New York Times"
RSS_PATH = "/services/xml/rss/nyt/{name}.xml"
FEEDS = ("HomePage", "World", "US", "Politics")
SITEMAP_INDEX = "/sitemaps/new/news.xml.gz"
SITEMAP_PART = "/sitemaps/new/news-1.xml.gz"

# Noise a parser must keep out of the body; tests look for these texts.
AD_LABEL = "Advertisement"
SKIP_AD = "SKIP ADVERTISEMENT"
SUPPORTED_BY = "Supported by"
IMAGE_CAPTION = "Ferry passengers wait on the pier as the evening fog comes in."
IMAGE_CREDIT = "Testphoto Staff for The Test Times"
SHARE_TEXT = "Share full article"
PROMO_TEXT = "Tracking the harbour repairs, street by street."
PROMO_UPDATED = "Updated Nov. 20, 2026"
TRUST_TEXT = "How our reporters verify what residents tell them."
NEWSLETTER_TEXT = "Sign up for the Morning Test briefing, sent each weekday."
PRINT_LINE = (
    "A version of this article appears in print on Nov. 21, 2026, Section A, "
    "Page 8 of the New York edition with the headline: Harbour Wall Plan."
)
RELATED_TEXT = "Inside the town that voted to rebuild its pier"
SUBSCRIBE_NOTE = "Subscribe to The Test Times to keep reading as much as you like."
FOOTER_TEXT = "Test site pages, invented for testing."
#: The Opinion section's closing lines, in italics under every opinion piece.
LETTERS_TEXT = (
    "The Test Times is committed to publishing a diversity of letters to the editor."
)
LETTERS_FOLLOW = "Follow the Test Times Opinion section on Facebook and Instagram."
MULTIMEDIA_TEXT = "Multimedia: the harbour at night"
#: A newsletter's bracketed line in italics that opens a vi story.
BRACKET_PROMO = "[What you need to know this morning: "
BRACKET_PROMO_LINK = "Get Test Today in your inbox."
#: The reporter's note a vi page ends with, after the correction.
BIO_TEXT = "Jane Doe covers harbours and the towns that keep them for Metro."
NOISE_TEXTS = (
    AD_LABEL,
    SKIP_AD,
    SUPPORTED_BY,
    IMAGE_CAPTION,
    IMAGE_CREDIT,
    SHARE_TEXT,
    PROMO_TEXT,
    PROMO_UPDATED,
    TRUST_TEXT,
    NEWSLETTER_TEXT,
    PRINT_LINE,
    RELATED_TEXT,
    SUBSCRIBE_NOTE,
    FOOTER_TEXT,
    BIO_TEXT,
    BRACKET_PROMO,
)
LOGIN_TITLE = "Log In - The New York Times"
LOGIN_TEXT = "Log in or create a free account to continue."

#: Dated links the feeds carry that are not articles; never fetched.
NON_ARTICLE_LINKS = [
    "/interactive/2026/11/20/us/harbour-flood-map.html",
    "/video/world/100000009999999/harbour-drone-view.html",
    "/2026/11/20/world/live-updates-harbour-storm.html",
    "/live/2026/11/20/us/election-night",
    "/by/alex-example",
    "/section/world",
]
_AP_MONTHS = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
_NAV = ("World", "U.S.", "Politics", "N.Y.", "Business", "Opinion")


def article(
    slug: str, *, body: list[str] | None = None, **fields: Any
) -> dict[str, Any]:
    """An article dict at a NYT-shaped path (World unless *fields* say), invented."""
    return sample_article(
        slug,
        **{"section_slug": "world", "section": "World", **fields},
        paragraphs=body,
        path="/{published:%Y/%m/%d}/{section_slug}/{slug}.html",
        tags=["Harbors", "Local Government", "Storms"],
    )


def default_pages() -> dict[str, dict[str, Any]]:
    """The site's starting pages: path -> {"kind", "article"}."""
    world = article("harbour-wall-repair")
    politics = article(
        "budget-vote-delayed",
        section_slug="us",
        section="U.S.",
        title="Budget Vote Delayed After a Late Amendment",
    )
    politics["seo_title"] = "Why the Budget Vote Was Delayed Again"
    politics["correction"] = (
        "Correction: An earlier version of this article misstated the day of "
        "the next council meeting. It is on Thursday, not Wednesday."
    )
    walled = article("members-only-analysis", title="What the Harbour Vote Means")
    login = article("sign-in-required", title="Sign in required")
    return page_table(
        ("article", world),
        ("article", politics),
        ("truncated", walled),
        ("login", login),
    )


def expected_body(item: dict[str, Any]) -> list[str]:
    """The paragraphs a parser should return for a full page of *item*."""
    body = pages.expected_body(item["body"])
    return body + ([item["correction"]] if item.get("correction") else [])


def render_article(item: dict[str, Any], *, padding_kb: int = 0) -> str:
    """A vi (2022-2025) article page with the full text."""
    return _render(item, cut=None, padding_kb=padding_kb)


def render_truncated(item: dict[str, Any], *, padding_kb: int = 0) -> str:
    """The same page as a non-subscriber gets it: a few paragraphs and the note."""
    return _render(item, cut=item.get("shown", 2), padding_kb=padding_kb)


def render_login(url: str) -> str:
    """The account login page a reader is sent to instead of the article."""
    login = f"https://myaccount.nytimes.com/auth/login?redirect_uri={e(url)}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(LOGIN_TITLE)}</title>",
            '<link rel="canonical" href="https://myaccount.nytimes.com/auth/login">',
            '<meta name="robots" content="noindex">',
            "</head>",
            "<body>",
            '<main id="site-content">',
            '<h1 class="css-l0g1n">Log in or create an account</h1>',
            f'<p class="css-l0g1n">{e(LOGIN_TEXT)}</p>',
            f'<form method="post" action="{login}">',
            '<label for="email">Email address</label>',
            '<input id="email" name="email" type="email">',
            '<button type="submit">Continue</button>',
            "</form>",
            "</main>",
            "</body>",
            "</html>",
        ]
    )


def render_rss(name: str, items: list[dict[str, Any]]) -> str:
    """A section feed: RSS 2.0 items with tracking queries, as the site adds."""
    chosen = [
        item
        for item in items
        if name in ("HomePage", "World") or item["section_slug"] == name.lower()
    ]
    origin = pages.site_origin(items[0]["url"]) if items else ""
    entries = [_rss_item(item["url"], item) for item in chosen]
    if chosen:
        entries += [_rss_item(origin + link, chosen[0]) for link in NON_ARTICLE_LINKS]
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<rss xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:atom="http://www.w3.org/2005/Atom"'
            ' xmlns:media="http://search.yahoo.com/mrss/"'
            ' xmlns:nyt="http://www.nytimes.com/namespaces/rss/2.0" version="2.0">',
            "<channel>",
            f"<title>NYT &gt; {e(name)}</title>",
            f"<link>{e(origin)}/section/{e(name.lower())}</link>",
            f'<atom:link href="{e(origin)}{RSS_PATH.format(name=name)}"'
            ' rel="self" type="application/rss+xml"></atom:link>',
            "<description>Test feed, invented for testing.</description>",
            "<language>en-us</language>",
            "<copyright>Copyright 2026 The Test Times</copyright>",
            *entries,
            "</channel>",
            "</rss>",
        ]
    )


#: Section RSS feeds at the real feed paths (the sitemaps are gzip files).
documents = feed_documents({RSS_PATH.format(name=n): n for n in FEEDS}, render_rss)


def _rss_item(url: str, item: dict[str, Any]) -> str:
    categories = "".join(
        f'<category domain="http://www.nytimes.com/namespaces/keywords/des">'
        f"{e(tag)}</category>"
        for tag in item.get("tags", [])
    )
    return (
        "<item>"
        f"<title>{e(item['title'])}</title>"
        f"<link>{e(url)}?emc=rss&amp;partner=rss</link>"
        f'<guid isPermaLink="true">{e(url)}</guid>'
        f'<atom:link href="{e(url)}?emc=rss&amp;partner=rss" rel="standout"/>'
        f"<description>{e(item['standfirst'])}</description>"
        f"<dc:creator>{e(item['byline'])}</dc:creator>"
        f"<pubDate>{utc(item['published']):%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
        f"{categories}"
        f'<media:content height="151" medium="image" url="{e(_image(url))}"'
        ' width="151"/>'
        "<media:credit>Testphoto Staff</media:credit>"
        "</item>"
    )


def render_sitemap_index(origin: str) -> bytes:
    """The news sitemap index, gzipped, pointing at one gzipped part."""
    text = "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            f"<sitemap><loc>{e(origin)}{SITEMAP_PART}</loc>"
            f"<lastmod>{iso_z(T0)}</lastmod></sitemap>",
            "</sitemapindex>",
        ]
    )
    return gzipped(text)


def render_sitemap_part(items: list[dict[str, Any]]) -> bytes:
    """A gzipped news sitemap with the given articles (url, title, tags...)."""
    entries = [
        news_url(
            item["url"],
            publication=SITE_NAME,
            published=iso_z(item["published"]),
            title=item["title"],
            lastmod=iso_z(item["modified"]),
            keywords=item.get("tags", []),
            image=_image(item["url"]),
        )
        for item in items
    ]
    return gzipped(news_urlset(entries, images=True))


def serve_sitemaps(site: TestSite) -> None:
    """Serve the gzipped sitemap files for the site's current articles."""
    gz = "application/x-gzip"
    site.override(SITEMAP_INDEX, render_sitemap_index(site.base_url), content_type=gz)
    site.override(SITEMAP_PART, render_sitemap_part(site.articles()), content_type=gz)


# The real file's shape: scraping needs written permission; Scrapy is named.
ROBOTS = """\
# Automated scraping or data mining of the test site's content is prohibited
# without written permission (see the terms of service).

User-agent: *
Disallow: /search
Disallow: /svc
Disallow: /ads/
Disallow: /video/embedded/
Disallow: /*.pdf$
Disallow: /*?*query=
Disallow: /*?*partner=
Disallow: /*?*smid=

User-agent: Scrapy
Disallow: /

Sitemap: /sitemaps/new/news.xml.gz
"""


# -- the page ------------------------------------------------------------------


def _render(item: dict[str, Any], *, cut: int | None, padding_kb: int) -> str:
    url = item["url"]
    head_bulk, nav_bulk = pages.guardian_padding(padding_kb)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en" class="story nytapp-vi-article"'
            ' xmlns:og="http://opengraphprotocol.org/schema/">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(item.get('seo_title') or item['title'])} - {SITE_NAME}</title>",
            _head(item),
            head_bulk,
            "</head>",
            "<body>",
            '<div id="app"><div class="css-1x2y3z">',
            _masthead(url, nav_bulk),
            '<div id="site-content" class="css-4a5b6c">',
            _ad("top"),
            '<main id="main" class="css-7d8e9f">',
            '<article id="story" class="css-0g1h2i">',
            _header(item),
            '<section name="articleBody" itemprop="articleBody"'
            ' class="meteredContent css-3j4k5l">',
            _columns(item, cut),
            "</section>",
            "" if cut is not None else _bottom(item),
            "</article>",
            "</main>",
            _ad("bottom"),
            _related(url),
            "</div>",
            f'<footer class="css-9z8y7x"><p>{e(FOOTER_TEXT)}</p></footer>',
            "</div></div>",
            _preloaded(item),
            "</body>",
            "</html>",
        ]
    )


def _head(item: dict[str, Any]) -> str:
    url, byline = item["url"], item["byline"]
    published, modified = iso_ms(item["published"]), iso_ms(item["modified"])
    metas = [
        ("name", "robots", "noarchive, max-image-preview:large"),
        ("name", "description", item["standfirst"]),
        ("property", "og:url", url),
        ("property", "og:type", "article"),
        ("property", "og:title", item["title"]),
        ("property", "og:description", item["standfirst"]),
        ("name", "articleid", str(int(digest(url)[:12], 16))),
        ("name", "nyt_uri", f"nyt://article/{_uuid(url)}"),
        ("name", "pdate", f"{item['published']:%Y%m%d}"),
        ("name", "byl", f"By {byline}"),
        ("name", "news_keywords", ",".join([*item["tags"], "null"])),
        ("property", "article:published_time", published),
        ("property", "article:modified_time", modified),
        ("property", "article:section", item["section"]),
        *(("property", "article:tag", tag) for tag in item["tags"]),
        ("name", "CG", item["section_slug"]),
        ("name", "SCG", ""),
        ("name", "PT", "article"),
        ("name", "PST", "News"),
    ]
    tags = [
        f'<meta data-rh="true" {a}="{e(k)}" content="{e(v)}"/>' for a, k, v in metas
    ]
    tags.append(f'<link data-rh="true" rel="canonical" href="{e(url)}"/>')
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "description": item["standfirst"],
        "image": [{"@type": "ImageObject", "url": _image(url)}],
        "mainEntityOfPage": url,
        "url": url,
        "author": [
            {
                "@type": "Person",
                "name": name,
                "url": f"https://www.nytimes.com/by/{slugify(name)}",
            }
            for name in _names(byline)
        ],
        "dateModified": modified,
        "datePublished": published,
        "headline": item.get("seo_title") or item["title"],
        "alternativeHeadline": item["title"],
        "publisher": {"@id": "https://www.nytimes.com/#publisher"},
        "copyrightHolder": {"@id": "https://www.nytimes.com/#publisher"},
        "sourceOrganization": {"@id": "https://www.nytimes.com/#publisher"},
        "copyrightYear": item["published"].year,
        # Every article, cut or not, says this.
        "isAccessibleForFree": False,
        "hasPart": {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".meteredContent",
        },
        "isPartOf": {
            "@type": ["CreativeWork", "Product"],
            "name": SITE_NAME,
            "productID": "nytimes.com:basic",
        },
    }
    org = {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "name": SITE_NAME,
        "@id": "https://www.nytimes.com/#publisher",
    }
    for data in (ld, org):
        text = script_json(data, ensure_ascii=True)
        tags.append(
            f'<script data-rh="true" type="application/ld+json">{text}</script>'
        )
    return "\n".join(tags)


def _masthead(url: str, nav_bulk: str) -> str:
    origin = pages.site_origin(url)
    links = "".join(
        f'<li class="css-nav1"><a href="{e(origin)}/section/{slugify(name)}">'
        f"{e(name)}</a></li>"
        for name in _NAV
    )
    return (
        '<header class="css-ahe4g0 e1m0pzr40">'
        '<a href="https://www.nytimes.com/subscription?campaignId=8HHXJ"'
        ' data-testid="masthead-subscribe">Subscribe for $1 a week</a>'
        '<a href="https://myaccount.nytimes.com/auth/login?response_type=cookie'
        '&amp;client_id=vi" data-testid="login-button">Log in</a>'
        f'<nav aria-label="Main" data-testid="masthead-nested-nav"><ul>{links}</ul>'
        f"{nav_bulk}</nav>"
        "</header>"
    )


def _ad(where: str) -> str:
    return (
        f'<div id="{where}-wrapper" class="css-ad1">'
        f'<div id="{where}-slug" class="css-ad2"><p>{AD_LABEL}</p></div>'
        f'<a href="#after-{where}" class="css-ad3">{SKIP_AD}</a>'
        f'<div class="ad {where}-wrapper" style="min-height:250px"></div>'
        f'<div id="after-{where}"></div></div>'
    )


def _header(item: dict[str, Any]) -> str:
    url = item["url"]
    byline = _byline_html(item["byline"])
    published, modified = item["published"], item["modified"]
    return (
        '<header class="css-head1">'
        f'<div id="sponsor-wrapper" class="css-sp1"><p>{SUPPORTED_BY}</p></div>'
        f'<p class="css-kicker"><a href="{e(pages.site_origin(url))}/section/'
        f'{e(item["section_slug"])}">{e(item["section"])}</a></p>'
        f'<h1 data-testid="headline" class="css-h1x e1h9rw200">{e(item["title"])}'
        "</h1>"
        f'<p id="article-summary" class="css-sum1 e1wiw3jv0">{e(item["standfirst"])}'
        "</p>"
        '<div data-testid="imageblock-wrapper"><figure class="css-fig1"'
        ' aria-label="media" role="group">'
        '<div data-testid="photoviewer-wrapper">'
        '<div data-testid="photoviewer-children">'
        f'<img alt="Ferry passengers" src="{e(_image(url))}"></div></div>'
        f'<figcaption class="css-cap1"><span class="css-cap2">{e(IMAGE_CAPTION)}'
        '</span><span class="css-cap3"><span class="css-cap4">Credit...</span>'
        f"<span>{e(IMAGE_CREDIT)}</span></span></figcaption></figure></div>"
        '<div class="css-meta1">'
        '<div data-testid="byline-timestamp" class="css-bt1"><div class="css-bt2">'
        f'<div class="css-bt3"><p class="css-bt4 e1jsehar1">{byline}</p></div>'
        '<div class="css-bt5">'
        f'<time class="css-t1" datetime="{_iso_ny(published)}">'
        f"<span>Published {_human(published)}</span></time>"
        f'<time class="css-t2" datetime="{_iso_ny(modified)}">'
        f"<span>Updated {_human(modified)}</span></time>"
        "</div></div></div>"
        '<div data-testid="share-tools" class="css-share1">'
        f'<button aria-label="{SHARE_TEXT}" type="button"><span>{SHARE_TEXT}</span>'
        "</button></div>"
        "</div>"
        "</header>"
    )


def _byline_html(byline: str) -> str:
    names = _names(byline)
    parts = []
    for index, name in enumerate(names):
        last = ' class="last-byline"' if index == len(names) - 1 else ""
        parts.append(
            '<span itemprop="author" itemscope itemtype="http://schema.org/Person">'
            f'<a href="https://www.nytimes.com/by/{slugify(name)}"{last}'
            f' itemprop="name">{e(name)}</a></span>'
        )
    joined = (
        parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    )
    return f'<span class="byline-prefix">By </span>{joined}'


def _columns(item: dict[str, Any], cut: int | None) -> str:
    """The body in companion columns of three elements, with noise between."""
    elements = body_html(item["body"])
    if cut is not None:
        elements = elements[:cut]
    groups = [elements[i : i + 3] for i in range(0, len(elements), 3)]
    columns = []
    for index, group in enumerate(groups):
        inner = list(group)
        if index == 0 and cut is None:
            inner.insert(
                0,
                f"<p><em>{e(BRACKET_PROMO)}<a"
                ' href="https://www.nytimes.com/newsletters/test-today">'
                f"{e(BRACKET_PROMO_LINK)}</a>]</em></p>",
            )
        if index == 0 and len(groups) > 1:
            inner.append(_promo())
        if index == 1:
            inner.append(
                f'<div id="NYT_MAIN_CONTENT_{index}_REGION" class="css-ad4">'
                f"<p>{AD_LABEL}</p></div>"
            )
            inner.append(
                '<div class="css-trust" role="complementary">'
                f"<p>{e(TRUST_TEXT)}</p></div>"
            )
        if cut is None and index == len(groups) - 1 and _is_opinion(item):
            inner.extend(_letters())
        if cut is not None and index == len(groups) - 1:
            inner.append(
                '<p role="note" aria-live="polite" class="css-note1">'
                '<a href="https://www.nytimes.com/subscription?campaignId=7JFJX">'
                f"{e(SUBSCRIBE_NOTE)}</a></p>"
            )
        columns.append(
            f'<div class="StoryBodyCompanionColumn css-col1"'
            f' data-testid="companionColumn-{index}">'
            f'<div class="css-col2">{"".join(inner)}</div>'
            '<aside class="css-aside1" aria-label="companion column"></aside></div>'
        )
        if index == 0 and cut is None:
            columns.append(
                '<div class="css-nl1"><div data-testid="newsletter-promo">'
                f"<p>{e(NEWSLETTER_TEXT)}</p></div></div>"
            )
    return "\n".join(columns)


def _promo() -> str:
    return (
        '<section class="interactive-content css-promo1">'
        '<div class="css-promo2" role="complementary">'
        f"<p>{e(PROMO_TEXT)}</p><p>{e(PROMO_UPDATED)}</p></div></section>"
    )


def _bottom(item: dict[str, Any]) -> str:
    correction = ""
    if item.get("correction"):
        label, text = _correction_parts(item["correction"])
        correction = (
            f'<div class="css-cor1"><div class="css-cor2"><strong>{e(label)}</strong>'
            f'</div><p class="css-cor3">{e(text)}</p></div>'
        )
    # The reporter's note: paragraphs alone, no label; its links and handle
    # sit inside the paragraph.
    bio = (
        '<div class="css-bio1 e17092zo0"><div class="css-bio2 e1e7j8ap0"><div>'
        f'<p>{e(BIO_TEXT)} <a href="/column/test-study">Test Study</a>'
        '<span class="css-bio3"><a href="https://social.example.org/janedoe">'
        "@janedoe</a> • Facebook</span></p></div></div></div>"
    )
    return (
        f'<div class="bottom-of-article"><div class="css-bio0"></div>{correction}'
        f'{bio}<div class="css-print1">{e(PRINT_LINE)}</div></div>'
    )


def _related(url: str) -> str:
    origin = pages.site_origin(url)
    return (
        '<aside class="css-rel1" aria-label="More in this section">'
        '<h2 class="css-rel2">Related Content</h2><ul>'
        f'<li><a href="{e(origin)}/2026/11/19/world/pier-rebuild-vote.html">'
        f"<p>{e(RELATED_TEXT)}</p></a></li></ul></aside>"
    )


def _preloaded(item: dict[str, Any]) -> str:
    """The page data as the app ships it: the full story's blocks, always."""
    blocks: list[dict[str, Any]] = []
    for paragraph in item["body"]:
        if paragraph.startswith("## "):
            blocks.append(
                {"__typename": "Heading2Block", "content": [_inline(paragraph[3:])]}
            )
        else:
            blocks.append(
                {"__typename": "ParagraphBlock", "content": [_inline(paragraph)]}
            )
    data = {
        "initialData": {
            "data": {
                "article": {
                    "__typename": "Article",
                    "id": _uuid(item["url"]),
                    "sprinkledBody": {"__typename": "DocumentBlock", "content": blocks},
                }
            }
        },
        "config": {"gqlUrlClient": "https://samizdat-graphql.nytimes.com/graphql/v2"},
    }
    # The app's data has JavaScript `undefined` values; keep one for realism.
    text = script_json(data, ensure_ascii=True).replace(
        '"config": {', '"abra": undefined, "config": {', 1
    )
    return f"<script>window.__preloadedData = {text};</script>"


def _inline(text: str) -> dict[str, Any]:
    return {"__typename": "TextInline", "text": text, "formats": []}


# -- NYT5 (2014-18) and legacy (to 2013) pages ----------------------------------


def render_nyt5(item: dict[str, Any], *, padding_kb: int = 0) -> str:
    """A NYT5 page: article#story, p.story-body-text in story-body blocks."""
    url = item["url"]
    head_bulk, nav_bulk = pages.guardian_padding(padding_kb)
    paragraphs = [
        f'<p class="story-body-text story-content">{_inline_html(text)}</p>'
        for text in item["body"]
    ]
    blocks = [paragraphs[:3], paragraphs[3:]]
    story = (
        f'<div class="story-body story-body-1">{"".join(blocks[0])}</div>'
        f'<div class="story-ad"><p>{AD_LABEL}</p></div>'
        '<figure class="media photo embedded"><div class="image">'
        f'<img src="{e(_image(url))}" alt=""></div><figcaption class="caption">'
        f'<span class="caption-text">{e(IMAGE_CAPTION)}</span>'
        f'<span class="credit">{e(IMAGE_CREDIT)}</span></figcaption></figure>'
        f'<div class="story-body story-body-2">{"".join(blocks[1])}</div>'
    )
    correction = ""
    if item.get("correction"):
        label, text = _correction_parts(item["correction"])
        correction = (
            '<div class="story-addendum story-content theme-correction">'
            f'{e(label)}<p class="story-body-text">{e(text)}</p></div>'
        )
    names = [name.upper() for name in _names(item["byline"])]
    byline = " and ".join(
        f'<span class="byline-author" data-byline-name="{e(name)}">{e(name)}</span>'
        for name in names
    )
    ptime = _ny_compact(item["published"])
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en" class="no-js section-world format-medium tone-news'
            ' app-article page-theme-standard has-top-ad" itemid="'
            f'{e(url)}" itemtype="http://schema.org/NewsArticle" itemscope>',
            "<head>",
            f"<title>{e(item['title'])} - The New York Times</title>",
            f'<link rel="canonical" href="{e(url)}">',
            f'<meta property="og:url" content="{e(_http(url))}">',
            f'<meta property="og:title" content="{e(item["title"])}">',
            f'<meta name="description" content="{e(item["standfirst"])}">',
            f'<meta name="hdl" content="{e(item["title"])}">',
            f'<meta name="byl" content="By {e(" and ".join(names))}">',
            # The names as names; the page sets them in capitals.
            f'<meta name="author" content="{e(item["byline"])}">',
            f'<meta name="ptime" content="{ptime}">',
            f'<meta name="utime" content="{_ny_compact(item["modified"])}">',
            '<meta property="article:published" itemprop="datePublished"'
            f' content="{_iso_ny(item["published"])}">',
            '<meta property="article:modified" itemprop="dateModified"'
            f' content="{_iso_ny(item["modified"])}">',
            f'<meta property="article:section" content="{e(item["section"])}">',
            f'<meta name="CG" content="{e(item["section_slug"])}">',
            f'<meta name="news_keywords" content="{e(",".join(item["tags"]))}">',
            head_bulk,
            "</head>",
            '<body><div id="shell">',
            f'<header id="masthead"><nav>{nav_bulk}</nav></header>',
            '<div id="page" class="page"><main id="main" class="main">',
            '<article id="story" class="story theme-main">',
            '<header id="story-header" class="story-header">',
            f'<h1 id="headline" class="headline" itemprop="headline">{e(item["title"])}'
            "</h1>",
            '<p class="byline-dateline"><span class="byline" itemprop="author'
            f' creator">By {byline}</span></p>',
            "</header>",
            f'<div class="story-body-supplemental">{story}</div>',
            correction,
            '<footer class="story-footer"><p class="story-print-citation">'
            f"{e(PRINT_LINE)}</p></footer>",
            "</article>",
            "</main>",
            _related(url),
            "</div>",
            f'<footer id="page-footer"><p>{e(FOOTER_TEXT)}</p></footer>',
            "</div></body>",
            "</html>",
        ]
    )


def render_legacy(item: dict[str, Any], *, padding_kb: int = 0) -> str:
    """A 2012 page: NYT_ tags, the text in two div.articleBody with a box between.

    NYT_TEXT opens in the first articleBody and closes in the second, so an
    HTML parser ends it with the first block.
    """
    url = item["url"]
    head_bulk, nav_bulk = pages.guardian_padding(padding_kb)
    paragraphs = [
        f'<p itemprop="articleBody">\n{_inline_html(text)}\n</p>'
        for text in item["body"]
    ]
    correction = ""
    if item.get("correction"):
        correction = (
            f'<div class="articleCorrection"><p>{e(item["correction"])}</p></div>'
        )
    names = [name.upper() for name in _names(item["byline"])]
    return "\n".join(
        [
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"'
            ' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
            '<html xmlns="http://www.w3.org/1999/xhtml" lang="en"'
            ' itemscope itemtype="http://schema.org/NewsArticle">',
            "<head>",
            f"<title>{e(item['title'])} - NYTimes.com</title>",
            f'<link rel="canonical" href="{e(_http(url))}?pagewanted=all">',
            f'<meta name="description" content="{e(item["standfirst"])}">',
            f'<meta name="hdl" content="{e(item["title"])}">',
            f'<meta name="hdl_p" content="{e(item["title"].upper())}">',
            f'<meta name="byl" content="By {e(" and ".join(names))}">',
            f'<meta name="dat" content="{item["published"]:%B %d, %Y}">',
            f'<meta name="ptime" content="{_ny_compact(item["published"])}">',
            f'<meta name="utime" content="{_ny_compact(item["modified"])}">',
            f'<meta name="CG" content="{e(item["section_slug"])}">',
            f'<meta name="keywords" content="{e(",".join(item["tags"]))}">',
            head_bulk,
            "</head>",
            "<body>",
            f'<div id="shell"><div id="masthead">{nav_bulk}</div>',
            '<div id="page" class="tabContent active"><div id="main">',
            '<div class="spanAB wrap closing"><div id="abColumn" class="abColumn">',
            '<div id="article">',
            '<div class="columnGroup first">',
            '<h1 itemprop="headline" class="articleHeadline"><NYT_HEADLINE'
            f' version="1.0" type=" ">{e(item["title"])}</NYT_HEADLINE></h1>',
            "<NYT_BYLINE >",
            '<h6 class="byline">By <span itemprop="author creator" itemscope'
            ' itemtype="http://schema.org/Person"><span itemprop="name">'
            f"{e(' and '.join(names))}</span></span></h6>",
            "</NYT_BYLINE>",
            f'<h6 class="dateline">Published: {item["published"]:%B %d, %Y}</h6>',
            '<div class="articleBody">',
            "<NYT_TEXT >",
            "<NYT_CORRECTION_TOP>",
            "</NYT_CORRECTION_TOP>",
            "\n".join(paragraphs[:3]),
            "</div>",
            '<!--forceinline--><div class="articleInline runaroundLeft">',
            '<div class="inlineImage module"><div class="image">'
            f'<img src="{e(_image(url))}" alt=""></div>'
            f'<div class="caption">{e(IMAGE_CAPTION)} <span class="credit">'
            f"{e(IMAGE_CREDIT)}</span></div></div>",
            '<div class="doubleRule"><div class="module"><h4>Multimedia</h4><ul>'
            f'<li><a href="/interactive/2012/01/26/x.html">{e(MULTIMEDIA_TEXT)}'
            "</a></li></ul></div></div></div>",
            '<div class="articleBody">',
            "\n".join(paragraphs[3:]),
            "</NYT_TEXT>",
            "<NYT_UPDATE_BOTTOM>",
            "</NYT_UPDATE_BOTTOM>",
            f"<NYT_CORRECTION_BOTTOM>{correction}</NYT_CORRECTION_BOTTOM>",
            "</div>",
            '<div class="articleFooter"><div class="articleMeta">'
            f'<h6 class="metadata">{e(PRINT_LINE)}</h6></div></div>',
            "</div></div></div></div>",
            f'<div id="bColumn">{_related(url)}</div>',
            "</div></div>",
            f'<div id="footer"><p>{e(FOOTER_TEXT)}</p></div>',
            "</div></body>",
            "</html>",
        ]
    )


def _inline_html(paragraph: str) -> str:
    """A body paragraph's text for a page that marks up no subheads or lists."""
    return e(pages.expected_body([paragraph])[0])


def _correction_parts(correction: str) -> tuple[str, str]:
    """A correction as the page sets it: its label ("Correction:") and its text."""
    label, _, text = correction.partition(": ")
    return (label + ":", text) if text else ("", correction)


def _is_opinion(item: dict[str, Any]) -> bool:
    return item["section_slug"] == "opinion"


def _letters() -> list[str]:
    """The Opinion footer: italic lines inviting letters and follows."""
    return [
        f'<p class="css-ft1"><em>{e(LETTERS_TEXT.split(" a diversity")[0])} </em>'
        '<a href="https://www.nytimes.com/2019/02/01/opinion/letters/letters-to-'
        'editor-new-york-times-women.html"><em>a diversity of letters</em></a>'
        f"<em>{e(LETTERS_TEXT.split('of letters')[1])}</em></p>",
        f'<p class="css-ft1"><em>{e(LETTERS_FOLLOW.split(" on ")[0])} on </em>'
        '<a href="https://www.facebook.com/nytopinion"><em>Facebook</em></a>'
        "<em> and </em>"
        '<a href="https://www.instagram.com/nytopinion/"><em>Instagram</em></a>'
        "<em>.</em></p>",
    ]


def _ny_compact(moment: datetime) -> str:
    """Legacy ptime/utime: YYYYMMDDhhmmss in New York local time (EST here)."""
    return f"{utc(moment).astimezone(timezone(timedelta(hours=-5))):%Y%m%d%H%M%S}"


def _http(url: str) -> str:
    return "http://" + url.split("://", 1)[-1]


# -- helpers --------------------------------------------------------------------


def _names(byline: str) -> list[str]:
    return [n for n in byline.replace(" and ", ", ").split(", ") if n]


def _uuid(url: str) -> str:
    return str(uuid.UUID(digest(url)[:32]))


def _image(url: str) -> str:
    return f"{pages.site_origin(url)}/images/2026/11/20/{digest(url)[:10]}.jpg"


def _iso_ny(moment: datetime) -> str:
    """The byline <time> form: New York local time with its offset (EST here)."""
    return utc(moment).astimezone(timezone(timedelta(hours=-5))).isoformat()


def _human(moment: datetime) -> str:
    local = utc(moment).astimezone(timezone(timedelta(hours=-5)))
    hour = local.hour % 12 or 12
    half = "a.m." if local.hour < 12 else "p.m."
    month = _AP_MONTHS[local.month - 1]
    return f"{month} {local.day}, {local.year}, {hour}:{local.minute:02d} {half} ET"


LAYOUT = SiteLayout(
    renderers={
        "article": render_article,
        "truncated": render_truncated,
        "nyt5": render_nyt5,
        "legacy": render_legacy,
    },
    documents=documents,
    robots=ROBOTS,
    walls={"login": render_login},
)
