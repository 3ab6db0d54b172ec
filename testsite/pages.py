"""Guardian-like pages, feeds and sitemaps for the test site (invented text).

The markup copies the structure of real Guardian pages as described in
docs/sources/guardian.md: the DCR and frontend article markup,
DCR live blogs, a sign-in gate, a section front, section RSS and the news
sitemap. All text is written here or given by the caller, and every text is
HTML-escaped.

An ``article`` dict has the keys ``url``, ``title``, ``standfirst``,
``byline``, ``byline_kind`` (``"staff"`` or ``"agency"``), ``published``,
``modified`` (aware datetimes; rendered to the second), ``section``,
``section_slug``, ``tags`` and ``body``, and optionally ``updates`` (live
blogs: dicts of ``id``, ``time``, ``text``) and ``standfirst_links`` (link
texts shown as a list after the standfirst). Body paragraphs may start with
a marker: ``"## "`` renders an h2 subheading, ``"> "`` a blockquote and
``"* "`` a list item (consecutive items share one list). ``expected_body``
gives the paragraphs a parser should return. Texts should be single-spaced
and unpadded, as a parser collapses whitespace.
"""

from __future__ import annotations

import functools
import json
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlsplit

from testsite.markup import (
    body_html,
    byline_parts,
    digest,
    e,
    escaped_ld_script,
    fill,
    iso_ms,
    iso_z,
    news_url,
    news_urlset,
    rfc822,
    slugify,
    strip_marker,
    utc,
)

SITE_NAME = "The Guardian"

# Noise a parser must keep out of the body; tests look for these texts.
IMAGE_CAPTION = "Fishing boats tied up in the inner harbour before the storm."
IMAGE_CREDIT = "Photograph: Testfoto Agency"
NEWSLETTER_TITLE = "Morning Roundup"
NEWSLETTER_TEXT = "Get the five stories you need each morning, sent before breakfast."
NEWSLETTER_PRIVACY = (
    "Privacy note: our newsletters may mention charities and paid content."
)
RICH_LINK_TEXT = "Tram extension approved after a year of hearings"
SIGN_IN_TEXT = "Registration is free and keeps your reading going."
SIGN_IN_TITLE = "Register to keep reading"
ISLAND_TEXT = "Interactive chart loading, please wait."
SHARE_TEXT = "Share via Email"
REUSE_TEXT = "Reuse this content"
RELATED_TEXT = "Ferry timetable cut for winter as crew numbers fall"
AFTER_ARTICLE_TEXT = "Most viewed across the site"
#: Captions of a photo essay: list items after each picture, no figcaption.
ESSAY_CAPTIONS = (
    "The harbour wall at dawn, a week after the storm opened the crack.",
    "Volunteers carry sandbags along the northern path.",
)
FOOTER_TEXT = "All rights reserved by the test site."
NOISE_TEXTS = (
    IMAGE_CAPTION,
    IMAGE_CREDIT,
    NEWSLETTER_TITLE,
    NEWSLETTER_TEXT,
    NEWSLETTER_PRIVACY,
    RICH_LINK_TEXT,
    SIGN_IN_TEXT,
    SIGN_IN_TITLE,
    ISLAND_TEXT,
    SHARE_TEXT,
    REUSE_TEXT,
    RELATED_TEXT,
    AFTER_ARTICLE_TEXT,
    FOOTER_TEXT,
)

# JSON-LD author DCR gives agency copy, whatever the visible byline says.
AGENCY_LD_AUTHOR = "Guardian staff reporter"

_NAV = (
    ("News", "/"),
    ("Opinion", "/commentisfree"),
    ("Sport", "/sport"),
    ("Culture", "/culture"),
    ("Lifestyle", "/lifeandstyle"),
)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_NEWSLETTER_TYPE = "model.dotcomrendering.pageElements.NewsletterSignupBlockElement"
_RICH_LINK_TYPE = "model.dotcomrendering.pageElements.RichLinkBlockElement"
_IMAGE_TYPE = "model.dotcomrendering.pageElements.ImageBlockElement"


def expected_body(body: list[str]) -> list[str]:
    """Body paragraphs as a parser should return them: markers stripped."""
    return [strip_marker(paragraph) for paragraph in body]


def render_dcr(article: dict, *, padding_kb: int = 0) -> str:
    """An article page in DCR (dotcom-rendering) markup."""
    url = article["url"]
    body = _with_noise(body_html(article["body"]), _dcr_noise(url))
    return _dcr_page(
        article,
        ld=[_news_article_ld(article, "NewsArticle"), _webpage_ld(url)],
        published=iso_ms(article["published"]),
        padding_kb=padding_kb,
        layout="StandardLayout",
        css="dcr-1a2b3c",
        content=[
            _dcr_main_media(),
            _dcr_meta(article),
            '<div data-gu-name="body" class="dcr-4d5e6f">',
            '<div class="article-body-commercial-selector'
            ' article-body-viewer-selector dcr-7g8h9i">',
            body,
            "</div>",
            _dcr_submeta(article),
            "</div>",
        ],
    )


def render_liveblog(article: dict, *, padding_kb: int = 0) -> str:
    """A DCR live blog page; ``updates`` render in list order (newest first)."""
    url = article["url"]
    updates = article.get("updates", [])
    ld_obj = _news_article_ld(article, "LiveBlogPosting")
    ld_obj["coverageStartTime"] = iso_ms(article["published"])
    ld_obj["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "@id": f"block-{update['id']}",
            "articleBody": update["text"],
            "datePublished": iso_ms(update["time"]),
            "dateModified": iso_ms(update["time"]),
            "url": f"{url}#block-{update['id']}",
        }
        for update in updates
    ]
    last = max([u["time"] for u in updates] or [article["modified"]])
    pinned = ""
    if updates:
        oldest = updates[-1]
        pinned = (
            '<div id="pinned-post" data-gu-name="pinned-post" class="dcr-pin">'
            '<div class="dcr-pin-label">Pinned post</div>'
            f'<article class="dcr-pinned" data-block-id="{e(oldest["id"])}">'
            f"<p>{e(oldest['text'])}</p></article></div>"
        )
    blocks = "\n".join(_live_block(update) for update in updates)
    return _dcr_page(
        article,
        ld=[ld_obj, _webpage_ld(url)],
        published=iso_z(article["published"]),
        padding_kb=padding_kb,
        layout="LiveLayout",
        css="dcr-live",
        content=[
            _dcr_meta(article),
            _key_events(updates),
            '<div data-gu-name="body" class="dcr-live-body">',
            '<div class="dcr-live-updated">Updated ',
            f'<time data-gu-marker="liveblog-last-updated" datetime="{_js_date(last)}">'
            f"{e(_human(last))}</time></div>",
            '<div id="liveblog-body" class="dcr-blocks">',
            pinned,
            blocks,
            "</div>",
            "</div>",
        ],
    )


def _dcr_page(
    article: dict,
    *,
    ld: list[dict],
    published: str,
    padding_kb: int,
    layout: str,
    css: str,
    content: list[str],
) -> str:
    """A DCR page of the given layout: *content* after the headline and standfirst.

    Around it go the head, the masthead, the related cards and the footer.
    """
    url = article["url"]
    head_bulk, nav_bulk = guardian_padding(padding_kb)
    return "\n".join(
        [
            _dcr_head(article, ld, published),
            head_bulk,
            "</head>",
            '<body class="dcr-body">',
            _dcr_header(url, nav_bulk),
            f'<main data-layout="{layout}" id="maincontent">',
            f'<article class="{css}">',
            _dcr_title_block(article),
            _dcr_standfirst(article),
            *content,
            "</article>",
            "</main>",
            _related(url, article["published"]),
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def render_frontend(article: dict, *, padding_kb: int = 0) -> str:
    """An article page in the older frontend markup (about 2014-2020)."""
    url = article["url"]
    title = article["title"]
    origin = site_origin(url)
    head_bulk, nav_bulk = guardian_padding(padding_kb)
    published, modified = article["published"], article["modified"]
    http_url = "http://" + url.split("://", 1)[-1]
    ld_org = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": SITE_NAME,
        "url": f"{origin}/",
        "logo": {"@type": "ImageObject", "url": f"{origin}/static/logo.png"},
        "sameAs": [f"{origin}/about"],
    }
    body = _with_noise(body_html(article["body"]), _frontend_noise(url))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html id="js-context" class="js-off is-not-modern" lang="en"'
            f' data-page-path="{e(urlsplit(url).path)}">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(_page_title(article))}</title>",
            f'<meta name="description" content="{e(article["standfirst"])}">',
            f'<meta name="keywords" content="{e(",".join(article["tags"]))}">',
            f'<meta name="author" content="{e(article["byline"])}">',
            f'<link rel="canonical" href="{e(url)}">',
            f'<meta property="og:url" content="{e(http_url)}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{e(title)}">',
            f'<meta property="og:description" content="{e(article["standfirst"])}">',
            f'<meta property="article:author" content="{e(_meta_author(article))}">',
            '<meta property="article:published_time"'
            f' content="{_iso_offset(published)}">',
            f'<meta property="article:modified_time" content="{iso_z(modified)}">',
            f'<meta property="article:section" content="{e(article["section"])}">',
            f'<meta property="article:tag" content="{e(",".join(article["tags"]))}">',
            escaped_ld_script(ld_org),
            escaped_ld_script(_webpage_ld(url)),
            head_bulk,
            "</head>",
            '<body id="top" class="has-page-skin">',
            '<a class="u-h skip" href="#maincontent"'
            ' data-link-name="skip : main content">Skip to main content</a>',
            '<header id="header" class="l-header" role="banner">',
            '<div class="new-header__logo"><a href="/" data-link-name="nav2 : logo">',
            f'<h1 class="u-h">{SITE_NAME}</h1></a></div>',
            _nav_list("new-header__nav", nav_bulk),
            "</header>",
            '<div id="maincontent" tabindex="0"></div>',
            '<article id="article" data-test-id="article-root"'
            ' class="content content--article tonal tonal--tone-news"'
            ' itemscope itemtype="http://schema.org/NewsArticle" role="main">',
            f'<meta itemprop="mainEntityOfPage" content="{e(url)}">',
            '<div class="content__main tonal__main tonal__main--tone-news">',
            '<div class="gs-container"><div class="content__main-column">',
            '<header class="content__head tonal__head tonal__head--tone-news">',
            '<div class="content__labels"><div class="content__section-label">',
            '<a class="content__section-label__link" data-link-name="article section"'
            f' href="{e(origin)}/{e(article["section_slug"])}">'
            f"{e(article['section'])}</a></div></div>",
            '<div class="content__header tonal__header"><div class="u-cf">',
            f'<h1 class="content__headline js-score" itemprop="headline">{e(title)}'
            "</h1></div></div>",
            '<div class="tonal__standfirst u-cf">',
            '<div class="content__standfirst" data-link-name="standfirst"'
            ' data-component="standfirst">',
            f"<p>{e(article['standfirst'])}</p></div></div>",
            "</header>",
            '<div class="content__meta-container js-content-meta u-cf">',
            '<div class="meta__contact-wrap">',
            '<p class="byline" data-link-name="byline" data-component="meta-byline">',
            _frontend_byline(article),
            "</p></div>",
            '<p class="content__dateline">',
            f'<time itemprop="datePublished" datetime="{_iso_compact(published)}"'
            f' data-timestamp="{_ms(published)}" class="content__dateline-wpd js-wpd">'
            f"{e(_human(published))}</time>",
            f'<time itemprop="dateModified" datetime="{_iso_compact(modified)}"'
            f' data-timestamp="{_ms(modified)}" class="content__dateline-lm js-lm u-h">'
            f"Last modified on {e(_human(modified))}</time>",
            "</p>",
            _share_list("meta__social"),
            "</div>",
            '<div class="content__article-body from-content-api js-article__body"'
            ' itemprop="articleBody" data-test-id="article-review-body">',
            body,
            _frontend_submeta(article),
            '<div class="after-article js-after-article">',
            f"<p>{e(AFTER_ARTICLE_TEXT)}</p></div>",
            "</div>",
            "</div></div></div>",
            "</article>",
            _related(url, published),
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def render_photo_essay(article: dict, *, padding_kb: int = 0) -> str:
    """A frontend photo essay: each caption a list item after its picture.

    Photo essays have no figcaptions: the caption is a one-item list right
    after the figure, which the page styles as a caption.
    """
    html = render_frontend(article, padding_kb=padding_kb)
    url = article["url"]
    figures = []
    for number, caption in enumerate(ESSAY_CAPTIONS):
        figures.append(
            '<figure class="element element-image element--immersive"'
            f' data-media-id="essay{number}"><img class="gu-image"'
            f' src="{e(_image_url(url + str(number), 1300))}" alt=""></figure>'
            f"<ul><li><p>{e(caption)}</p></li></ul>"
        )
    marker = '<div class="content__article-body'
    start = html.index(">", html.index(marker)) + 1
    essay = html[:start] + figures[0] + html[start:]
    # The second picture and caption sit before the closing paragraphs.
    last = essay.index(f"<p>{e(article['body'][-1])}</p>")
    return essay[:last] + figures[1] + essay[last:]


def render_signin_interstitial(url: str) -> str:
    """A page that is only a sign-in gate, with no article on it."""
    origin = site_origin(url)
    return_url = e(quote(url, safe=""))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{SIGN_IN_TITLE} | {SITE_NAME}</title>",
            f'<link rel="canonical" href="{e(url)}">',
            '<meta name="robots" content="noindex">',
            "</head>",
            '<body class="dcr-body">',
            _dcr_header(url, ""),
            '<main id="maincontent">',
            '<div id="sign-in-gate" data-component="sign-in-gate" class="dcr-gate">',
            f"<h2>{e(SIGN_IN_TITLE)}</h2>",
            f"<p>{e(SIGN_IN_TEXT)}</p>",
            f'<a data-link-name="register" href="{e(origin)}/register'
            f'?returnUrl={return_url}">Register for free</a>',
            f'<a data-link-name="sign-in" href="{e(origin)}/signin'
            f'?returnUrl={return_url}">Sign in</a>',
            '<button data-link-name="not-now" type="button">Not now</button>',
            "</div>",
            "</main>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def render_section_front(title: str, links: list[str]) -> str:
    """A section front (no article) whose cards link to the given URLs."""
    cards = []
    for index, link in enumerate(links, start=1):
        cards.append(
            f'<li class="dcr-card"><div class="dcr-card-body">'
            f'<a href="{e(link)}" data-link-name="news | group-0 | card-@{index}"'
            f' aria-label="{e(_headline_from_url(link))}"></a>'
            f"<h3><span>{e(_headline_from_url(link))}</span></h3>"
            "</div></li>"
        )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(title)} | {SITE_NAME}</title>",
            f'<meta property="og:title" content="{e(title)} | {SITE_NAME}">',
            '<meta property="og:type" content="website">',
            "</head>",
            '<body class="dcr-body">',
            _dcr_header("https://www.theguardian.com/", ""),
            '<main data-layout="FrontLayout" id="maincontent">',
            f'<h1 class="dcr-visually-hidden">{e(title)}</h1>',
            '<section id="container-headlines" data-link-name="container-1 | headlines"'
            ' data-component="headlines">',
            f"<h2>{e(title)}</h2>",
            f'<ul class="dcr-cards">{"".join(cards)}</ul>',
            "</section>",
            "</main>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def render_rss(title: str, items: list[dict]) -> str:
    """A section RSS 2.0 feed; items need url, title, standfirst, published, tags."""
    # Callers may pass the full channel title ("World news | The Guardian").
    name = title.removesuffix(f" | {SITE_NAME}")
    origin = site_origin(items[0]["url"]) if items else "https://www.theguardian.com"
    slug = (items[0].get("section_slug") if items else None) or slugify(name)
    newest = max((item["published"] for item in items), default=None)
    entries = []
    for item in items:
        url = item["url"]
        categories = "".join(
            f'<category domain="{e(_tag_url(url, item, tag))}">{e(tag)}</category>'
            for tag in item.get("tags", [])
        )
        creator = item.get("byline", "")
        entries.append(
            "<item>"
            f"<title>{e(item['title'])}</title>"
            f"<link>{e(url)}</link>"
            f"<description>{e('<p>' + e(item['standfirst']) + '</p>')}</description>"
            f"{categories}"
            f"<pubDate>{rfc822(item['published'])}</pubDate>"
            f"<guid>{e(url)}</guid>"
            f'<media:content width="140" url="{e(_image_url(url, 140))}">'
            f'<media:credit scheme="urn:ebu">{e(IMAGE_CREDIT)}</media:credit>'
            "</media:content>"
            f"<dc:creator>{e(creator)}</dc:creator>"
            f"<dc:date>{iso_z(item['published'])}</dc:date>"
            "</item>"
        )
    channel_date = ""
    if newest is not None:
        channel_date = (
            f"<pubDate>{rfc822(newest)}</pubDate><dc:date>{iso_z(newest)}</dc:date>"
        )
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<rss xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:media="http://search.yahoo.com/mrss/" version="2.0">',
            "<channel>",
            f"<title>{e(name)} | {SITE_NAME}</title>",
            f"<link>{e(origin)}/{e(slug)}</link>",
            f"<description>Latest {e(name)} from the test site</description>",
            "<language>en-gb</language>",
            "<copyright>Test site content, invented for testing.</copyright>",
            channel_date,
            "<dc:language>en-gb</dc:language>",
            "<dc:rights>Test site content, invented for testing.</dc:rights>",
            f"<image><title>{SITE_NAME}</title><url>{e(origin)}/static/logo.png</url>"
            f"<link>{e(origin)}</link></image>",
            *entries,
            "</channel>",
            "</rss>",
        ]
    )


def render_news_sitemap(items: list[dict], *, part: int = 1) -> str:
    """A Google news sitemap (at most 1,000 URLs, no lastmod), as the site has.

    *part* 2, 3, ... lists the next thousands (a benchmark's larger site).
    """
    entries = [
        news_url(
            item["url"],
            publication=SITE_NAME,
            published=iso_z(item["published"]),
            title=item["title"],
            keywords=item.get("tags", []),
            image=_image_url(item["url"], 1200),
        )
        for item in items[(part - 1) * 1000 : part * 1000]
    ]
    return news_urlset(entries, images=True)


# -- shared pieces ---------------------------------------------------------


def _with_noise(elements: list[str], noise: list[tuple[int, str]]) -> str:
    """Body elements with noise inserted after the given element counts."""
    out = list(elements)
    for position, html in sorted(noise, key=lambda pair: pair[0], reverse=True):
        out.insert(min(position, len(out)), html)
    return "\n".join(out)


def _dcr_noise(url: str) -> list[tuple[int, str]]:
    """What DCR puts inside the body container besides the article text."""
    image = (
        '<figure id="img-2" data-spacefinder-role="inline"'
        f' data-spacefinder-type="{_IMAGE_TYPE}" class="dcr-fig">'
        f'<div class="dcr-pic"><picture><img src="{e(_image_url(url, 620))}"'
        ' alt="" width="620" height="372" loading="lazy"></picture></div>'
        f'<figcaption class="dcr-cap"><span>{e(IMAGE_CAPTION)}</span> '
        f"<span>{e(IMAGE_CREDIT)}</span></figcaption></figure>"
    )
    newsletter = (
        '<figure data-spacefinder-role="inline"'
        f' data-spacefinder-type="{_NEWSLETTER_TYPE}" class="dcr-news">'
        '<a href="#EmailSignup-skip-link-4" class="dcr-skip">skip past newsletter'
        " promotion</a>"
        '<div class="dcr-signup"><div><span>Sign up to</span>'
        f"<h2>{e(NEWSLETTER_TITLE)}</h2></div>"
        f"<p>{e(NEWSLETTER_TEXT)}</p>"
        '<gu-island name="SecureSignup" priority="feature" deferuntil="visible">'
        '<form><input type="email" aria-label="Enter your email address">'
        "<button>Sign up</button></form></gu-island>"
        f"<p>{e(NEWSLETTER_PRIVACY)}</p></div></figure>"
    )
    rich_link = (
        '<figure data-spacefinder-role="richLink"'
        f' data-spacefinder-type="{_RICH_LINK_TYPE}" class="dcr-rich">'
        '<gu-island name="RichLinkComponent" priority="feature"'
        ' deferuntil="idle"><div data-component="rich-link"'
        ' data-link-name="rich-link-1 | 1">'
        f'<a href="{e(site_origin(url))}/world/2024/jan/01/tram-extension">'
        f"<div>Related: </div><div>{e(RICH_LINK_TEXT)}</div></a>"
        "</div></gu-island></figure>"
    )
    gate = (
        '<div id="sign-in-gate"><gu-island name="SignInGateSelector"'
        ' priority="feature" deferuntil="visible">'
        f"<h2>{e(SIGN_IN_TITLE)}</h2><p>{e(SIGN_IN_TEXT)}</p>"
        "</gu-island></div>"
    )
    island = (
        '<gu-island name="InteractiveBlockComponent" priority="critical">'
        f"<p>{e(ISLAND_TEXT)}</p></gu-island>"
    )
    return [(1, image), (2, gate), (3, newsletter), (4, rich_link), (5, island)]


def _frontend_noise(url: str) -> list[tuple[int, str]]:
    """What frontend puts inside the body container besides the article text."""
    image = (
        '<figure class="element element-image" data-media-id="abc123"'
        ' itemprop="associatedMedia image" itemscope'
        ' itemtype="http://schema.org/ImageObject">'
        f'<img class="gu-image" itemprop="contentUrl" src="{e(_image_url(url, 620))}"'
        ' alt="">'
        '<figcaption class="caption caption--img" itemprop="description">'
        f"{e(IMAGE_CAPTION)} {e(IMAGE_CREDIT)}</figcaption></figure>"
    )
    rich_link = (
        '<aside class="element element-rich-link element--thumbnail"'
        ' data-component="rich-link"><div class="rich-link">'
        '<div class="rich-link__container">'
        '<a class="rich-link__link"'
        f' href="{e(site_origin(url))}/world/2018/jan/01/tram">'
        "</a>"
        '<div class="rich-link__header"><h1 class="rich-link__title">'
        '<span class="rich-link__kicker">Related: </span>'
        f"{e(RICH_LINK_TEXT)}</h1></div></div></div></aside>"
    )
    interactive = (
        '<figure class="element element-interactive interactive"'
        ' data-interactive="chart" data-canonical-url="/embed/chart">'
        f"<p>{e(ISLAND_TEXT)}</p></figure>"
    )
    return [(1, image), (3, rich_link), (5, interactive)]


def _dcr_head(article: dict, ld: list[dict], published: str) -> str:
    """<head> of a DCR article page, left open for padding."""
    url = article["url"]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(_page_title(article))}</title>",
            f'<meta name="description" content="{e(article["standfirst"])}">',
            '<meta name="viewport" content="width=device-width,initial-scale=1">',
            f'<link rel="canonical" href="{e(url)}">',
            f'<meta property="og:url" content="{e(url)}">',
            f'<meta property="article:author" content="{e(_meta_author(article))}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{e(article["title"])}">',
            f'<meta property="og:description" content="{e(article["standfirst"])}">',
            f'<meta property="article:published_time" content="{published}">',
            '<meta property="article:modified_time"'
            f' content="{iso_ms(article["modified"])}">',
            f'<meta property="article:section" content="{e(article["section"])}">',
            f'<meta property="article:tag" content="{e(",".join(article["tags"]))}">',
            '<meta name="twitter:card" content="summary_large_image">',
            escaped_ld_script(ld),
        ]
    )


def _dcr_header(url: str, nav_bulk: str) -> str:
    """The DCR masthead and navigation."""
    origin = site_origin(url)
    return "\n".join(
        [
            '<div id="bannerandheader"><header class="dcr-head">',
            f'<a href="{e(origin)}/" data-link-name="nav3 : logo">'
            f'<span class="dcr-visually-hidden">{SITE_NAME} - Back to home</span>'
            '<svg viewBox="0 0 295 95" aria-hidden="true"></svg></a>',
            _nav_list("dcr-nav", nav_bulk),
            "</header></div>",
        ]
    )


def _nav_list(css_class: str, bulk: str) -> str:
    """The pillar navigation, plus any padding menus."""
    links = "".join(
        f'<li><a href="{path}" data-link-name="nav3 : primary : {name}">{name}</a></li>'
        for name, path in _NAV
    )
    return (
        f'<nav class="{css_class}" aria-label="Guardian sections"'
        f' data-component="nav3"><ul>{links}</ul>{bulk}</nav>'
    )


def _dcr_title_block(article: dict) -> str:
    """DCR section label and headline."""
    origin = site_origin(article["url"])
    return (
        '<div data-gu-name="title" class="dcr-title">'
        f'<a data-link-name="article section" href="{e(origin)}/'
        f'{e(article["section_slug"])}"><span>{e(article["section"])}</span></a>'
        "</div>"
        '<div data-gu-name="headline" class="dcr-headline"><div>'
        f'<h1 class="dcr-h1">{e(article["title"])}</h1></div></div>'
    )


def _dcr_standfirst(article: dict) -> str:
    """DCR standfirst, with its optional list of links."""
    links = article.get("standfirst_links") or []
    items = "".join(
        f'<li><a href="#" data-link-name="in standfirst link">{e(text)}</a></li>'
        for text in links
    )
    listing = f"<ul>{items}</ul>" if items else ""
    return (
        '<div data-gu-name="standfirst" class="dcr-standfirst">'
        f'<div class="dcr-sf"><p>{e(article["standfirst"])}</p>{listing}</div></div>'
    )


def _dcr_main_media() -> str:
    """The main image above the byline, outside the body."""
    return (
        '<div data-gu-name="media" class="dcr-media"><figure id="img-1"'
        f' data-spacefinder-type="{_IMAGE_TYPE}"><picture><img src="/img/main.jpg"'
        f' alt=""></picture><figcaption>{e(IMAGE_CAPTION)}</figcaption></figure>'
        "</div>"
    )


def _dcr_meta(article: dict) -> str:
    """DCR byline and visible (localised) dates."""
    published, modified = article["published"], article["modified"]
    return (
        '<div data-gu-name="meta" class="dcr-meta"><div class="dcr-meta-inner">'
        '<address aria-label="Contributor info" data-component="meta-byline"'
        f' data-link-name="byline"><div class="dcr-byline">{_dcr_byline(article)}'
        "</div></address>"
        f'<details class="dcr-dateline"><summary><span>{e(_human(published))}'
        f"</span></summary><span>Last modified on {e(_human(modified))}</span>"
        f"</details>{_share_list('dcr-share')}</div></div>"
    )


def _dcr_submeta(article: dict) -> str:
    """DCR topics and share bar after the body, outside the container."""
    origin = site_origin(article["url"])
    tags = "".join(
        f'<li><a href="{e(origin)}/{e(slugify(tag))}">{e(tag)}</a></li>'
        for tag in article["tags"]
    )
    return (
        '<div data-print-layout="hide" class="dcr-submeta">'
        f"<span>Explore more on these topics</span><ul>{tags}</ul>"
        f"{_share_list('dcr-share-bottom')}"
        f'<a href="{e(origin)}/help/syndication">{e(REUSE_TEXT)}</a></div>'
    )


def _frontend_submeta(article: dict) -> str:
    """Frontend topics, share buttons and reuse link, inside the body."""
    origin = site_origin(article["url"])
    tags = "".join(
        f'<li class="submeta__link-item"><a class="submeta__link"'
        f' href="{e(origin)}/{e(slugify(tag))}">{e(tag)}</a></li>'
        for tag in article["tags"]
    )
    return (
        '<div class="submeta"><div class="submeta__section-labels">'
        '<span class="submeta__label">Topics</span>'
        f'<ul class="submeta__links">{tags}</ul></div>'
        f'<div class="submeta__share">{_share_list("social")}</div>'
        f'<a class="submeta__syndication" href="{e(origin)}/help/syndication">'
        f"<span>{e(REUSE_TEXT)}</span></a></div>"
    )


def _share_list(css_class: str) -> str:
    """A row of share buttons."""
    return (
        f'<ul class="{css_class}">'
        '<li><a data-link-name="facebook" href="#"><span>Share on Facebook</span></a>'
        '</li><li><a data-link-name="email" href="#"><span>'
        f"{e(SHARE_TEXT)}</span></a></li></ul>"
    )


def _people(byline: str) -> list[tuple[str, bool]]:
    """A byline cut into (text, is_name) runs: names, joiners, place."""
    names, place = byline, ""
    if " in " in byline:
        names, rest = byline.split(" in ", 1)
        place = " in " + rest
    runs = byline_parts(names)
    if place:
        runs.append((place, False))
    return runs


def _names(byline: str) -> list[str]:
    """The people named in a staff byline."""
    return [text for text, is_name in _people(byline) if is_name]


def _profile_url(url: str, name: str) -> str:
    """A contributor profile URL on the same site."""
    return f"{site_origin(url)}/profile/{slugify(name)}"


def _dcr_byline(article: dict) -> str:
    """DCR byline: author links for staff, a plain span for agencies."""
    if article.get("byline_kind") != "staff":
        return f"<span>{e(article['byline'])}</span>"
    parts = []
    for text, is_name in _people(article["byline"]):
        if is_name:
            href = _profile_url(article["url"], text)
            parts.append(f'<a rel="author" href="{e(href)}">{e(text)}</a>')
        else:
            parts.append(e(text))
    return "".join(parts)


def _frontend_byline(article: dict) -> str:
    """Frontend byline: schema.org Person spans around author links."""
    if article.get("byline_kind") != "staff":
        return f"<span>{e(article['byline'])}</span>"
    parts = []
    for text, is_name in _people(article["byline"]):
        if not is_name:
            parts.append(e(text))
            continue
        href = _profile_url(article["url"], text)
        parts.append(
            '<span itemscope itemtype="http://schema.org/Person" itemprop="author">'
            '<a rel="author" class="tone-colour" itemprop="sameAs"'
            f' data-link-name="auto tag link" href="{e(href)}">'
            f'<span itemprop="name">{e(text)}</span></a></span>'
        )
    return "".join(parts)


def _meta_author(article: dict) -> str:
    """article:author: profile URLs for staff, the byline text for agencies."""
    if article.get("byline_kind") != "staff":
        return article["byline"]
    names = _names(article["byline"])
    return ",".join(_profile_url(article["url"], name) for name in names)


def _ld_authors(article: dict) -> list[dict]:
    """JSON-LD authors; agency copy gets the placeholder staff author."""
    if article.get("byline_kind") != "staff":
        return [{"@type": "Person", "name": AGENCY_LD_AUTHOR}]
    return [
        {
            "@type": "Person",
            "name": name,
            "sameAs": _profile_url(article["url"], name),
        }
        for name in _names(article["byline"])
    ]


def _news_article_ld(article: dict, kind: str) -> dict:
    """The DCR JSON-LD object for the article itself."""
    url = article["url"]
    origin = site_origin(url)
    return {
        "@context": "https://schema.org",
        "@type": kind,
        "@id": url,
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "url": f"{origin}/",
            "logo": {"@type": "ImageObject", "url": f"{origin}/static/logo.png"},
        },
        "isAccessibleForFree": True,
        "isPartOf": {
            "@type": ["CreativeWork", "Product"],
            "name": SITE_NAME,
            "productID": "theguardian.com:basic",
        },
        "image": [_image_url(url, 1200)],
        "author": _ld_authors(article),
        "datePublished": iso_ms(article["published"]),
        "headline": article["title"],
        "dateModified": iso_ms(article["modified"]),
        "mainEntityOfPage": url,
    }


def _webpage_ld(url: str) -> dict:
    """The WebPage JSON-LD object both markups carry."""
    return {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "@id": url,
        "potentialAction": {
            "@type": "ViewAction",
            "target": "android-app://com.example.test/https/" + url.split("://")[-1],
        },
    }


def _live_block(update: dict) -> str:
    """One live blog update block."""
    block_id = e(update["id"])
    moment = update["time"]
    return (
        f'<article id="block-{block_id}" data-block-contributor=""'
        ' class="dcr-block">'
        '<header class="dcr-block-head">'
        f'<a href="?page=with:block-{block_id}#block-{block_id}"'
        ' data-link-name="timestamp link">'
        f'<time datetime="{iso_ms(moment)}" data-relativeformat="med">'
        f"{_clock(moment)} GMT</time></a></header>"
        f'<div class="dcr-block-body"><p>{e(update["text"])}</p></div>'
        '<footer class="dcr-block-foot">'
        f"{_share_list('dcr-block-share')}"
        f"<span>Updated at {_clock(moment)} GMT</span></footer>"
        "</article>"
    )


def _key_events(updates: list[dict]) -> str:
    """The key events carousel above the blocks, outside the body."""
    links = "".join(
        f'<li><a href="#block-{e(u["id"])}" data-link-name="key event card">'
        f'<time datetime="{iso_ms(u["time"])}">{_clock(u["time"])}</time>'
        f"<span>{e(u['text'][:40])}</span></a></li>"
        for u in updates[:3]
    )
    return (
        '<div id="keyevents-carousel" data-gu-name="key-events">'
        f"<h2>Key events</h2><ul>{links}</ul></div>"
    )


def _related(url: str, published: datetime) -> str:
    """Onward cards outside the article, each with its own <time>."""
    origin = site_origin(url)
    earlier = published - timedelta(days=1, hours=3)
    return (
        '<section data-component="more-on-this-story" data-link-name="related">'
        "<h2>More on this story</h2><ul>"
        f'<li><a href="{e(origin)}/world/2020/jan/01/ferry-timetable">'
        f"<h3>{e(RELATED_TEXT)}</h3></a>"
        f'<time datetime="{iso_ms(earlier)}">{e(_human(earlier))}</time></li>'
        "</ul></section>"
    )


def _footer() -> str:
    """The site footer."""
    return (
        '<footer data-component="footer" data-link-name="footer">'
        '<ul><li><a href="/help">Help</a></li>'
        '<li><a href="/info/privacy">Privacy policy</a></li></ul>'
        f"<p>{e(FOOTER_TEXT)}</p></footer>"
    )


@functools.cache  # the same for every page, and slow to build
def guardian_padding(kb: int) -> tuple[str, str]:
    """Inline config, CSS and menus adding about ``kb`` KB: (head, nav) HTML."""
    if kb <= 0:
        return "", ""
    target = kb * 1024
    # Real pages carry a large inline JSON config, inline CSS and long
    # navigation menus; a third of the bulk goes to each.
    switches: dict[str, object] = {}
    config = {"page": {"edition": "UK", "contentType": "Article"}, "switches": switches}
    number = 0
    while len(json.dumps(switches)) < target // 3:
        switches[f"featureSwitch{number:05d}"] = number % 3 != 0
        switches[f"abTestVariant{number:05d}"] = f"variant-{number % 7}"
        number += 1
    script = f'<script id="gu-config">window.guardian = {json.dumps(config)};</script>'
    rules, number = fill(target // 3, _padding_rule, number)
    style = f"<style>{rules}</style>"
    menu, number = fill(target - len(script) - len(style), _padding_entry, number)
    nav = f'<ul class="dcr-all-sections" role="menu">{menu}</ul>'
    return script + "\n" + style, nav


def _padding_rule(number: int) -> str:
    """One CSS rule of the padding, its colour and size made from *number*."""
    colour = (number * 2654435761) % 0xFFFFFF
    return (
        f".dcr-{number:06x}{{margin:0 0 {number % 24}px;padding:0;"
        f"color:#{colour:06x};font-size:{number % 9 + 12}px}}"
    )


def _padding_entry(number: int) -> str:
    """One menu entry of the padding."""
    return (
        f'<li class="dcr-menu-item"><a href="/topic/subject-{number}"'
        f' data-link-name="nav3 : secondary : subject-{number}">'
        f"Subject {number}</a></li>"
    )


# -- formatting helpers ----------------------------------------------------


def _iso_offset(moment: datetime) -> str:
    """The instant as British summer time: 2024-02-24T11:00:00+01:00."""
    return utc(moment).astimezone(timezone(timedelta(hours=1))).isoformat()


def _iso_compact(moment: datetime) -> str:
    """Frontend <time> form: 2020-01-20T06:05:18+0000."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _ms(moment: datetime) -> int:
    """Milliseconds since the epoch."""
    return int(utc(moment).timestamp()) * 1000


def _clock(moment: datetime) -> str:
    """Guardian clock style: 10.05."""
    return utc(moment).strftime("%H.%M")


def _human(moment: datetime) -> str:
    """Localised visible date: Sat 24 Feb 2024 10.00 GMT."""
    at = utc(moment)
    day, month = _DAYS[at.weekday()], _MONTHS[at.month - 1]
    return f"{day} {at.day} {month} {at.year} {_clock(at)} GMT"


def _js_date(moment: datetime) -> str:
    """A JavaScript Date string, as the live blog "last updated" marker has."""
    at = utc(moment)
    day, month = _DAYS[at.weekday()], _MONTHS[at.month - 1]
    return (
        f"{day} {month} {at.day:02d} {at.year} {at:%H:%M:%S} GMT+0000"
        " (Coordinated Universal Time)"
    )


def site_origin(url: str) -> str:
    """scheme://host of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def _tag_url(url: str, item: dict, tag: str) -> str:
    """The tag page URL a feed category points to."""
    section = item.get("section_slug")
    prefix = f"{site_origin(url)}/{section}" if section else site_origin(url)
    return f"{prefix}/{slugify(tag)}"


def _image_url(url: str, width: int) -> str:
    """A stable image URL for an article, on the same host."""
    return f"{site_origin(url)}/img/media/{digest(url)}/0_0_2000_1200/{width}.jpg"


def _headline_from_url(url: str) -> str:
    """A card headline made from a URL's slug."""
    slug = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return slug.replace("-", " ").capitalize() or "Untitled"


def _page_title(article: dict) -> str:
    """<title>: headline | section | The Guardian."""
    return f"{article['title']} | {article['section']} | {SITE_NAME}"
