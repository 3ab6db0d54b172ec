"""Washington Post-like pages, feeds and sitemaps for the test site (invented text).

The markup copies the structure of real washingtonpost.com pages as described
in docs/sources/washingtonpost.md: the Arc/Next.js (2024-2025)
story with ``div.meteredContent``, its teaser, one ``div[data-qa=article-body]``
per paragraph, JSON-LD, metas, the story as ANS JSON in ``__NEXT_DATA__`` and
noise (lede art, share bar, ads, subscribe promo, related links, link box,
newsletter), the same page cut to its teaser for a non-subscriber, section
RSS and the gzipped news sitemap. All text is written here or given by the
caller.

Article dicts are those of :func:`testsite.server.sample_article` with a
WaPo path; optional keys: ``seo_title`` (<title>, JSON-LD
alternativeHeadline), ``correction`` (shown first, as the site does) and
``trailer`` (a "contributed to this report" line, kept as the last paragraph).
"""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from testsite import pages
from testsite.markup import (
    digest,
    e,
    gzipped,
    iso_ms,
    news_url,
    news_urlset,
    script_json,
    slugify,
    strip_marker,
    utc,
)
from testsite.server import (
    SiteLayout,
    TestSite,
    feed_documents,
    page_table,
    sample_article,
)

SITE_NAME = "The Washington Post"
RSS_PATH = "/rss/{section}"
FEEDS = ("world", "national", "politics")
SITEMAP = "/sitemaps/news-sitemap.xml.gz"

AD_LABEL = "Advertisement"
CAPTION = "Dock workers tie up a cargo ship in the early morning."
CREDIT = "(Test Photographer/For The Test Post)"
SHARE_TEXT = "Gift Article"
LISTEN_TEXT = "Listen"
PROMO_TEXT = "Support our journalism. Subscribe today."
RELATED_TEXT = "Port authority approves a second crane"
LINK_BOX_TITLE = "More on the harbour"
LINK_BOX_UPDATED = "Updated November 20, 2026"
NEWSLETTER_TEXT = "Sign up for the Daily Test, delivered every morning."
#: The links a 2014-19 story ends with, under a bold "Read more:".
READ_MORE = ("Harbour dredging to start in spring", "Why ferry crews are leaving")
FOOTER_TEXT = "Test site pages, invented for testing."
SOCIAL_TEXT = "Cranes idle at the port this morning as the wind picks up"
SIDE_RAIL_TEXT = "Most read: the busiest ferry crossings of the week"
NOISE_TEXTS = (
    AD_LABEL,
    CAPTION,
    CREDIT,
    SHARE_TEXT,
    LISTEN_TEXT,
    PROMO_TEXT,
    RELATED_TEXT,
    LINK_BOX_TITLE,
    LINK_BOX_UPDATED,
    NEWSLETTER_TEXT,
    FOOTER_TEXT,
    SOCIAL_TEXT,
)

#: Links the feeds carry that are not stories; never fetched.
NON_ARTICLE_LINKS = [
    "/graphics/2026/politics/harbour-vote-tracker/",
    "/politics/2026/11/20/election-night-live-updates/",
    "/video/politics/harbour-wall-explained/2026/11/20/0d9c1e2f-1111-4c4c-9999-aaaabbbbcccc_video.html",
    "/people/alex-example/",
    "/politics/",
]


def article(
    slug: str, *, body: list[str] | None = None, **fields: Any
) -> dict[str, Any]:
    """An article dict at an Arc-shaped path (World unless *fields* say), invented."""
    return sample_article(
        slug,
        **{"section_slug": "world", "section": "World", **fields},
        paragraphs=body,
        path="/{section_slug}/{published:%Y/%m/%d}/{slug}/",
        tags=["harbour", "local government", "storms"],
    )


def default_pages() -> dict[str, dict[str, Any]]:
    """The site's starting pages: path -> {"kind", "article"}."""
    world = article("harbour-wall-repair")
    world["trailer"] = "Jordan Other contributed to this report."
    politics = article(
        "budget-vote-delayed",
        section_slug="politics",
        section="Politics",
        title="Budget vote delayed after a late amendment",
    )
    politics["seo_title"] = "Why the council budget vote was delayed again"
    politics["correction"] = (
        "Correction: An earlier version of this article misstated the day of "
        "the next council meeting. It is on Thursday, not Wednesday."
    )
    walled = article("members-only-analysis", title="What the harbour vote means")
    return page_table(("article", world), ("article", politics), ("teaser", walled))


def expected_body(item: dict[str, Any]) -> list[str]:
    """The paragraphs a parser should return for a full page of *item*."""
    body = pages.expected_body(item["body"])
    if item.get("correction"):
        body = [item["correction"], *body]
    if item.get("trailer"):
        body = [*body, item["trailer"]]
    return body


def render_article(item: dict[str, Any], *, padding_kb: int = 0) -> str:
    """An Arc/Next.js (2024-2025) story page with the full text."""
    return _render(item, teaser_only=False, padding_kb=padding_kb)


def render_teaser(item: dict[str, Any], *, padding_kb: int = 0) -> str:
    """The same page cut to its two-paragraph teaser, data still declaring all."""
    return _render(item, teaser_only=True, padding_kb=padding_kb)


def render_rss(section: str, items: list[dict[str, Any]]) -> str:
    """A section feed; links carry the ?wprss= tracking query."""
    chosen = [
        item for item in items if section == "world" or item["section_slug"] == section
    ]
    origin = pages.site_origin(items[0]["url"]) if items else ""
    entries = [_rss_item(item["url"], item, section) for item in chosen]
    if chosen:
        entries += [
            _rss_item(origin + link, chosen[0], section) for link in NON_ARTICLE_LINKS
        ]
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<rss xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:media="http://search.yahoo.com/mrss/" version="2.0">',
            "<channel>",
            f"<title>{e(section.title())}</title>",
            f"<link>{e(origin)}/{e(section)}/</link>",
            "<description>Test feed, invented for testing.</description>",
            "<language>en-US</language>",
            *entries,
            "</channel>",
            "</rss>",
        ]
    )


#: Section RSS feeds at the real feed paths (the sitemap is a gzip file).
documents = feed_documents({RSS_PATH.format(section=n): n for n in FEEDS}, render_rss)


def _rss_item(url: str, item: dict[str, Any], section: str) -> str:
    # One author reports zone abbreviations ("EST") in pubDate.
    published = utc(item["published"])
    return (
        "<item>"
        f"<title>{e(item['title'])}</title>"
        f"<link>{e(url)}?wprss=rss_{e(section)}</link>"
        f'<guid isPermaLink="true">{e(url)}?wprss=rss_{e(section)}</guid>'
        f"<description>{e(item['standfirst'])}</description>"
        f"<dc:creator>{e(item['byline'])}</dc:creator>"
        f"<pubDate>{published:%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
        f'<media:content url="{e(_image(url))}" medium="image"/>'
        "</item>"
    )


def render_sitemap(items: list[dict[str, Any]]) -> bytes:
    """The gzipped news sitemap (lastmod equals publication_date, as seen)."""
    entries = [
        news_url(
            item["url"],
            publication="Washington Post",
            published=iso_ms(item["modified"]),
            title=item["title"],
            lastmod=iso_ms(item["modified"]),
            changefreq="hourly",
            title_cdata=True,
        )
        for item in items
    ]
    return gzipped(news_urlset(entries))


def serve_sitemaps(site: TestSite) -> None:
    """Serve the gzipped news sitemap for the site's current articles."""
    sitemap = render_sitemap(site.articles())
    site.override(SITEMAP, sitemap, content_type="application/x-gzip")


# The real file's shape: story variants and subscription APIs are disallowed,
# named AI crawlers are shut out; Scrapy is not named.
ROBOTS = """\
User-agent: *
Disallow: /*_print.html
Disallow: /*_email.html
Disallow: /*_singlePage.html
Disallow: /*_allComments.html
Disallow: /*_json.json
Disallow: /search
Disallow: /subscribe/paywall/
Disallow: /newsletter/
Disallow: /blogs/*
Disallow: /archive/*

User-agent: GPTBot
Disallow: /

User-agent: CCBot
Disallow: /

Sitemap: /sitemaps/news-sitemap.xml.gz
"""


# -- the page ------------------------------------------------------------------


def _render(item: dict[str, Any], *, teaser_only: bool, padding_kb: int) -> str:
    url = item["url"]
    head_bulk, nav_bulk = pages.guardian_padding(padding_kb)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en" dir="ltr">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(item.get('seo_title') or item['title'])} - {SITE_NAME}</title>",
            _head(item),
            head_bulk,
            "</head>",
            "<body>",
            '<div id="__next">',
            _masthead(url, nav_bulk),
            '<main class="wpds-c-PJLV">',
            '<article data-qa="main" class="wpds-c-kNYzPE">',
            _lede_art(url),
            _topper(item),
            _body(item, teaser_only),
            _after(url),
            "</article>",
            "</main>",
            f'<footer class="wpds-c-foot"><p>{e(FOOTER_TEXT)}</p></footer>',
            "</div>",
            _next_data(item),
            "</body>",
            "</html>",
        ]
    )


def _head(item: dict[str, Any]) -> str:
    url = item["url"]
    published, modified = iso_ms(item["published"]), iso_ms(item["modified"])
    authors = _names(item["byline"])
    metas = [
        ("name", "description", "A test summary that differs from the subheadline."),
        ("property", "og:title", item["title"]),
        ("property", "og:url", url),
        ("property", "og:type", "article"),
        ("property", "og:description", "A test summary for sharing."),
        ("property", "article:published_time", published),
        ("property", "article:section", item["section"]),
        *(
            (
                "property",
                "article:author",
                f"https://www.washingtonpost.com/people/{slugify(a)}/",
            )
            for a in authors
        ),
    ]
    out = [f'<meta {a}="{e(k)}" content="{e(v)}"/>' for a, k, v in metas]
    out.append(f'<link rel="canonical" href="{e(url)}"/>')
    ld = [
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": item["title"],
            "alternativeHeadline": item.get("seo_title") or item["title"],
            "datePublished": published,
            # dateModified can be a few ms before datePublished; here later.
            "dateModified": modified,
            "author": [
                {
                    "@type": "Person",
                    "name": a,
                    "url": f"https://www.washingtonpost.com/people/{slugify(a)}/",
                }
                for a in authors
            ],
            # Every story, cut or not, says this.
            "isAccessibleForFree": False,
            "hasPart": {
                "@type": "WebPageElement",
                "isAccessibleForFree": False,
                "cssSelector": ".meteredContent",
            },
            "publisher": {"@type": "NewsMediaOrganization", "name": SITE_NAME},
        },
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": 1,
                    "name": item["section"],
                    "item": f"https://www.washingtonpost.com/{item['section_slug']}/",
                }
            ],
        },
    ]
    text = script_json(ld, ensure_ascii=True)
    out.append(f'<script type="application/ld+json">{text}</script>')
    return "\n".join(out)


def _masthead(url: str, nav_bulk: str) -> str:
    origin = pages.site_origin(url)
    links = "".join(
        f'<li><a href="{e(origin)}/{s}/" class="wpds-c-nav">{s.title()}</a></li>'
        for s in ("politics", "world", "business", "opinions")
    )
    return (
        '<header data-qa="site-header" class="wpds-c-hdr">'
        f'<nav aria-label="Sections"><ul>{links}</ul>{nav_bulk}</nav>'
        f'<a href="{e(origin)}/subscribe/signin/" data-qa="sc-subscribe-button">'
        "Subscribe</a>"
        "</header>"
    )


def _lede_art(url: str) -> str:
    return (
        '<div data-qa="lede-art" class="wpds-c-lede">'
        f'<figure><img src="{e(_image(url))}" alt="Dock workers">'
        f'<figcaption class="wpds-c-cap">{e(CAPTION)} <span>{e(CREDIT)}</span>'
        "</figcaption></figure></div>"
    )


def _topper(item: dict[str, Any]) -> str:
    origin = pages.site_origin(item["url"])
    authors = []
    for name in _names(item["byline"]):
        authors.append(
            '<span data-testid="author-name-with-optional-link" class="wpds-c-au">'
            f'<a data-qa="author-name" rel="author" class="wpds-c-au1"'
            f' href="{e(origin)}/people/{slugify(name)}/">{e(name)}</a></span>'
        )
    joined = (
        authors[0]
        if len(authors) == 1
        else ", ".join(authors[:-1]) + " and " + authors[-1]
    )
    when = utc(item["published"])
    local = when.astimezone(timezone(timedelta(hours=-5)))
    half = "a.m." if local.hour < 12 else "p.m."
    return (
        '<div class="wpds-c-top">'
        f'<div data-qa="kicker"><a href="{e(origin)}/{e(item["section_slug"])}/">'
        f"{e(item['section'])}</a></div>"
        '<h1 id="main-content" data-qa="headline" data-testid="headline"'
        f' class="wpds-c-h1"><span data-qa="headline-text">{e(item["title"])}</span>'
        "</h1>"
        f'<h2 data-qa="subheadline" class="wpds-c-sub">{e(item["standfirst"])}</h2>'
        '<div data-qa="author-byline" data-testid="article-byline" class="wpds-c-by">'
        f"By {joined}</div>"
        f'<div data-testid="timestamp"><time datetime="{iso_ms(when)}">'
        f'<span data-testid="published-date">{local:%B} {local.day}, {local.year}'
        f" at {local.hour % 12 or 12}:{local.minute:02d} {half} EST</span>"
        '<span data-testid="relative-date">2 hours ago</span></time></div>'
        '<div data-qa="article-actions" class="wpds-c-act">'
        f'<button type="button"><span>{LISTEN_TEXT}</span></button>'
        f'<div id="gift-share-inline"><button type="button">{SHARE_TEXT}</button>'
        "</div></div>"
        "</div>"
    )


def _paragraphs(item: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(ANS type, ANS _id, HTML) for each body element, in order."""
    texts = []
    if item.get("correction"):
        texts.append(("correction", item["correction"]))
    texts += [("body", p) for p in item["body"]]
    if item.get("trailer"):
        texts.append(("trailer", item["trailer"]))
    out = []
    for index, (kind, text) in enumerate(texts):
        ans_id = digest(f"{item['url']}#{index}")[:26].upper()
        if text.startswith("## "):
            html = f'<h3 data-qa="article-header" class="wpds-c-h3">{e(text[3:])}</h3>'
            out.append(("header", ans_id, html))
            continue
        css = "wpds-c-p trailer" if kind == "trailer" else "wpds-c-p"
        if kind == "correction":
            head, _, rest = text.partition(": ")
            inner = f"<b>{e(head)}:</b> {e(rest)}"
        else:
            inner = e(text)
        html = (
            f'<p data-el="text" data-apitype="text" data-contentid="{ans_id}"'
            f' class="{css}" dir="null">{inner}</p>'
        )
        out.append(("text", ans_id, html))
    return out


def _body(item: dict[str, Any], teaser_only: bool) -> str:
    origin = pages.site_origin(item["url"])
    blocks = [
        f'<div data-qa="article-body" class="wpds-c-body">{html}</div>'
        for _, _, html in _paragraphs(item)
    ]
    teaser, rest = blocks[:2], blocks[2:]
    promo = f'<div data-qa="subscribe-promo" class="wpds-c-promo">{e(PROMO_TEXT)}</div>'
    ad = (
        '<div data-qa="article-body-ad" data-testid="article-body-ad-desktop">'
        f"<span>{AD_LABEL}</span></div>"
    )
    related = (
        '<div data-qa="interstitial-link" class="wpds-c-il"><p>'
        f'<a href="{e(origin)}/world/2026/11/19/port-crane-approved/">'
        f"{e(RELATED_TEXT)}</a></p></div>"
    )
    parts = ['<div class="meteredContent grid-center">']
    parts.append(f'<div class="teaser-content">{"".join(teaser)}{promo}</div>')
    if not teaser_only:
        for index, block in enumerate(rest):
            if index == 1:
                parts.append(ad)
            if index == 2:
                parts.append(related)
            if index == 3:
                parts.append(
                    f'<div data-qa="article-body" class="wpds-c-body">{_tweet()}</div>'
                )
            parts.append(block)
    parts.append("</div>")
    return "\n".join(parts)


def _after(url: str) -> str:
    origin = pages.site_origin(url)
    return (
        '<div id="link-box" data-qa="link-box" class="wpds-c-lb">'
        f"<h3>{e(LINK_BOX_TITLE)}</h3><p>{e(LINK_BOX_UPDATED)}</p><ul>"
        f'<li><a href="{e(origin)}/world/2026/11/18/pier-vote/">Pier vote</a></li>'
        "</ul></div>"
        f'<div data-qa="newsletter" class="wpds-c-nl"><p>{e(NEWSLETTER_TEXT)}</p>'
        "</div>"
    )


def _next_data(item: dict[str, Any]) -> str:
    """__NEXT_DATA__ with the story as ANS: always the full story, cut page or not."""
    elements = [
        {
            "_id": ans_id,
            "type": kind,
            "content": html,
            **({"level": 3} if kind == "header" else {}),
        }
        for kind, ans_id, html in _paragraphs(item)
    ]
    words = sum(len(strip_marker(p).split()) for p in item["body"])
    words += len((item.get("correction") or "").split())
    words += len((item.get("trailer") or "").split())
    story = {
        "_id": digest(item["url"])[:26].upper(),
        "type": "story",
        "canonical_url": urlsplit(item["url"]).path,
        "headlines": {"basic": item["title"], "meta_title": item.get("seo_title", "")},
        "subheadlines": {"basic": item["standfirst"]},
        "credits": {
            "by": [{"type": "author", "name": n} for n in _names(item["byline"])]
        },
        "first_publish_date": iso_ms(item["published"]),
        "publish_date": iso_ms(item["modified"]),
        "display_date": iso_ms(item["modified"]),
        "last_updated_date": iso_ms(item["modified"]),
        "taxonomy": {
            "primary_section": {
                "_id": f"/{item['section_slug']}",
                "name": item["section"],
            },
            "tags": [{"text": tag, "slug": slugify(tag)} for tag in item["tags"]],
        },
        "content_elements": elements,
        "planning": {"story_length": {"word_count_actual": words}},
        "content_restrictions": {"content_code": "default"},
        "corrections": [],
    }
    data = {
        "props": {"pageProps": {"globalContent": story}},
        "page": "/story",
        "buildId": "test-build",
    }
    text = script_json(data, ensure_ascii=True)
    return f'<script id="__NEXT_DATA__" type="application/json">{text}</script>'


# -- helpers --------------------------------------------------------------------


def _names(byline: str) -> list[str]:
    return [n for n in byline.replace(" and ", ", ").split(", ") if n]


def _image(url: str) -> str:
    return f"{pages.site_origin(url)}/wp-apps/imrs.php?src={digest(url)[:12]}.jpg"


# -- PageBuilder (2015-19) and Methode (to 2014) pages --------------------------


def render_pagebuilder(item: dict[str, Any], *, padding_kb: int = 0) -> str:
    """A PageBuilder story: article[itemprop=articleBody] > p, pb-* byline."""
    url = item["url"]
    head_bulk, nav_bulk = pages.guardian_padding(padding_kb)
    parts = _old_parts(item)
    parts.insert(2, f'<p class="interstitial-link"><i>[<a href="{e(url)}x/">'
                 f"{e(RELATED_TEXT)}</a>]</i></p>")  # fmt: skip
    parts.insert(
        4,
        '<div class="inline-content inline-photo inline-photo-normal">'
        f'<img src="{e(_image(url))}" alt=""><span class="pb-caption">{e(CAPTION)}'
        f" {e(CREDIT)}</span></div>",
    )
    parts.insert(6, f'<div class="wp-ad"><p>{AD_LABEL}</p></div>')
    parts.append(_read_more(url, "Read more from the Test Desk:"))
    authors = " and ".join(
        '<span class="pb-byline" itemprop="author" itemscope'
        ' itemtype="http://schema.org/Person"><span itemprop="name">'
        f"{e(name)}</span></span>"
        for name in _names(item["byline"])
    )
    stamp = utc(item["modified"]).astimezone(timezone(timedelta(hours=-5)))
    return _old_page(
        item,
        head_bulk,
        '<html lang="en" class="article layout_article rendering-context-www'
        ' outputtype_default-article">',
        f'<header>{nav_bulk}</header><div id="pb-root">'
        '<div id="topper-headline-wrapper">'
        f'<h1 itemprop="headline">{e(item["title"])}</h1></div>'
        f'<div class="pb-sig-line">By {authors}'
        f' <span class="pb-timestamp" itemprop="datePublished"'
        f' content="{stamp:%Y-%m-%dT%H:%M}-500">{stamp:%B %d}</span></div>'
        '<article itemprop="articleBody" class="paywall">'
        + "\n".join(parts)
        + "</article>"
        + f'<div class="pb-f-page-newsletter"><p>{e(NEWSLETTER_TEXT)}</p></div>'
        "</div>",
    )


def render_early_pagebuilder(item: dict[str, Any], *, padding_kb: int = 0) -> str:
    """A 2014-15 PageBuilder story: div#article-body holds the signature line
    (its byline links without itemprop, a time with no year and no
    machine-readable date) and article > p, ending with "Read more:" links."""
    url = item["url"]
    head_bulk, nav_bulk = pages.guardian_padding(padding_kb)
    parts = _old_parts(item)
    parts.insert(2, f'<p class="interstitial-link"><i>[<a href="{e(url)}x/">'
                 f"{e(RELATED_TEXT)}</a>]</i></p>")  # fmt: skip
    parts.append(_read_more(url, "Read more:", channel=True))
    authors = " and ".join(
        f'<a href="https://www.washingtonpost.com/people/{slugify(name)}">{e(name)}</a>'
        for name in _names(item["byline"])
    )
    stamp = utc(item["modified"]).astimezone(timezone(timedelta(hours=-5)))
    clock = stamp.strftime("%I:%M %p").lstrip("0")
    return _old_page(
        item,
        head_bulk,
        '<html lang="en" class="wp-volt">',
        f'<header>{nav_bulk}</header><div id="pb-root">'
        '<div id="topper-headline-wrapper">'
        f"<h1>{e(item['title'])}</h1></div>"
        '<div id="article-body" class="article-body">'
        '<div class="pb-sig-line hasnt-headshot has-0-headshots is-not-column">'
        f'<span class="pb-byline">By {authors}</span>'
        f' <span class="pb-timestamp">{stamp:%B} {stamp.day} at {clock}</span>'
        f'<a class="pb-twitter" href="https://social.example.org/testpost">Follow'
        " @testpost</a></div>"
        "<article>" + "\n".join(parts) + "</article></div>"
        f'<div class="pb-f-page-newsletter"><p>{e(NEWSLETTER_TEXT)}</p></div>'
        "</div>",
    )


def _read_more(url: str, label: str, *, channel: bool = False) -> str:
    """The "Read more:" label in bold and a paragraph per link, as stories end."""
    attr = ' channel="wp.com"' if channel else ""
    origin = pages.site_origin(url)
    links = "".join(
        f'<p{attr}><a href="{origin}/local/2015/03/1{n}/{slugify(title)}/">'
        f"{e(title)}</a></p>"
        for n, title in enumerate(READ_MORE)
    )
    return f"<p{attr}><b>{e(label)}</b></p>{links}"


def render_methode(item: dict[str, Any], *, padding_kb: int = 0) -> str:
    """A Methode (EOM) story of 2014: the text in two div.article_body blocks.

    A video box and the side rail sit between the two halves of the story.
    """
    url = item["url"]
    head_bulk, nav_bulk = pages.guardian_padding(padding_kb)
    parts = _old_parts(item, indented=True)
    half = len(parts) // 2
    first, second = parts[:half], parts[half:]
    first.insert(
        1 if item.get("correction") else 0,
        '<p class="pin-and-stack">By staff <script>var x = 1;</script></p>',
    )
    middle = (
        '<div class="inline-content inline-video"><div class="video-player">'
        f"<p>{e(CAPTION)} {e(CREDIT)}</p></div></div>"
        f'<div id="article-side-rail"><h3>{e(SIDE_RAIL_TEXT)}</h3><ul><li>'
        f'<a href="{e(url)}rail/">{e(RELATED_TEXT)}</a></li></ul></div>'
    )
    return _old_page(
        item,
        head_bulk,
        '<html lang="en">',
        f'<div id="shell"><div id="header">{nav_bulk}</div>'
        f'<div id="article-topper"><h1 property="dc.title">{e(item["title"])}</h1>'
        "</div>"
        '<div class="article_body entry-content"><article>'
        + "\n".join(first)
        + "</article></div>"
        + middle
        + '<div class="article_body entry-content"><article>'
        + "\n".join(second)
        + "</article></div>"
        + f'<div class="wp-ad"><p>{AD_LABEL}</p></div></div>',
    )


def _old_page(item: dict[str, Any], head_bulk: str, html_open: str, body: str) -> str:
    """The frame of a 2014-19 story page: Methode and PageBuilder metas."""
    url = item["url"]
    names = _names(item["byline"])
    updated = utc(item["modified"]).astimezone(timezone(timedelta(hours=-5)))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            html_open,
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(item.get('seo_title') or item['title'])} - {SITE_NAME}</title>",
            f'<meta name="eomportal-uuid" content="{e(digest(url)[:32])}">',
            '<meta name="eomportal-lastUpdate"'
            f' content="{updated:%a %b %d %H:%M:%S} EST {updated:%Y}">',
            f'<meta name="DC.title" content="{e(item["title"])}">',
            f'<meta name="DC.creator" content="{e(" and ".join(names))}">',
            f'<meta name="DC.date.issued" content="{updated:%Y-%m-%d}">',
            # EOM og:title differed from the h1: the SEO wording.
            '<meta property="og:title"'
            f' content="{e(item.get("seo_title") or item["title"])}">',
            *(
                '<meta property="author"'
                f' content="https://www.facebook.com/{slugify(n)}">'
                for n in names
            ),
            f'<meta name="keywords" content="{e(", ".join(item["tags"]))}">',
            f'<meta name="section" content="/{e(item["section_slug"])}">',
            f'<link rel="canonical" href="{e(url)}">',
            head_bulk,
            "</head>",
            "<body>",
            body,
            f'<div id="footer"><p>{e(FOOTER_TEXT)}</p></div>',
            "</body>",
            "</html>",
        ]
    )


def _old_parts(item: dict[str, Any], *, indented: bool = False) -> list[str]:
    """Body paragraphs as 2014-19 pages set them: p, div.subhead, a tweet."""
    parts = []
    if item.get("correction"):
        head, _, rest = item["correction"].partition(": ")
        css = ' class="indented"' if indented else ""
        parts.append(f"<p{css}><strong>{e(head)}:</strong> {e(rest)}</p>")
    for text in item["body"]:
        if text.startswith("## "):
            parts.append(f'<div class="subhead">{e(text[3:])}</div>')
        else:
            parts.append(f"<p>{e(strip_marker(text))}</p>")
    parts.insert(len(parts) - 1, _tweet())
    if item.get("trailer"):
        parts.append(f'<p class="trailer"><i>{e(item["trailer"])}</i></p>')
    return parts


def _tweet() -> str:
    """An embedded post from a social network, as its script expects it."""
    return (
        '<blockquote class="twitter-tweet" data-lang="en"><p lang="en" dir="ltr">'
        f"{e(SOCIAL_TEXT)}</p>&mdash; Test Port (@testport)"
        ' <a href="https://social.example.org/testport/status/2">November 20, 2026</a>'
        '</blockquote><script async src="https://platform.example.org/widgets.js">'
        "</script>"
    )


LAYOUT = SiteLayout(
    renderers={
        "article": render_article,
        "teaser": render_teaser,
        "pagebuilder": render_pagebuilder,
        "early_pagebuilder": render_early_pagebuilder,
        "methode": render_methode,
    },
    documents=documents,
    robots=ROBOTS,
)
