"""Politico-like pages, feeds and sitemaps for the test site (invented text).

The markup follows the structure of real politico.com pages as described in
docs/sources/politico.md: story-text articles (2025 with JSON-LD,
2022 with an h2 headline and no JSON-LD), the 2016 story-main-content
template, newsletter issues, Cloudflare's "Just a moment..." check, the
rss.politico.com feeds and the news sitemap index. Every text is written
here or given by the caller, and HTML-escaped. Article dicts are those of
:func:`testsite.server.sample_article` with a Politico ``path``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Any

from newscrawl.parsers.dates import us_eastern_to_utc
from testsite.markup import (
    byline_names,
    byline_parts,
    digest,
    e,
    escaped_ld_script,
    news_url,
    news_urlset,
    script_padding,
    sitemap_index,
    slugify,
    utc,
)
from testsite.pages import site_origin
from testsite.server import SiteLayout, page_table, sample_article

# Noise a parser must keep out of the body; tests look for these texts.
PHOTO_CREDIT = "Boats in the inner harbour before the storm. | Testfoto Agency"
AD_TEXT = "Advertisement"
RELATED_TEXT = "Ferry timetable cut for winter as crew numbers fall"
PULL_QUOTE = "We listened to residents and changed the plan twice."
PHOTO_CAPTION = "The council chamber during the vote."
SHARE_TEXT = "Share on Facebook"
BELOW_TEXT = "More from the newsroom"
CONTINUED = "Story Continued Below"
SUPPLEMENT = "Jo Tester contributed to this report."
TWITTER_AUTHORS = "Follow us on Twitter"
SPONSOR_TEXT = "Presented by the Test Sponsor Foundation"
INTERRUPT_TEXT = "An embedded post from a reader."
SIDEBAR_BYLINE = "By Other Writer"
FOOTER_TEXT = "All rights reserved by the test site."
COMMENT_TEXT = "A reader writes: this plan will never pass the council."
NOISE_TEXTS = (
    PHOTO_CREDIT,
    AD_TEXT,
    RELATED_TEXT,
    PULL_QUOTE,
    PHOTO_CAPTION,
    SHARE_TEXT,
    BELOW_TEXT,
    CONTINUED,
    SUPPLEMENT,
    TWITTER_AUTHORS,
    SPONSOR_TEXT,
    INTERRUPT_TEXT,
    SIDEBAR_BYLINE,
    FOOTER_TEXT,
)
CHALLENGE_TEXT = "Checking the connection before the page loads."

#: Feeds at the paths of the spider's defaults on rss.politico.com.
FEED_NAMES = ("politics-news", "congress", "economy", "defense", "technology")

#: Links the feeds carry that are not articles; the spider must not fetch them.
NON_ARTICLE_LINKS = [
    "/news/elections",
    "/staff/alex-example",
    "/gallery/2026/11/20/harbour-vote-photos-00123460",
    "/white-house-news-updates-analysis",
    "/live-updates/2026/11/20/congress/budget-vote-live-00123455",
]
LIVE_PATH = "/live-updates/2026/11/20/congress/budget-vote-live-00123455"


def article(path: str, *, section: str = "Congress", **fields: Any) -> dict[str, Any]:
    """An article dict at a Politico path, with "Filed under" tags."""
    return sample_article(
        path.rstrip("/").rsplit("/", 1)[-1],
        section_slug=section.lower().replace(" ", "-"),
        section=section,
        path=path,
        tags=[section, "Local government", "Budget"],
        **fields,
    )


# -- pages -------------------------------------------------------------------


def render_article(article: dict, *, padding_kb: int = 0) -> str:
    """A story-text article as in 2025: h1 headline, NewsArticle JSON-LD."""
    return _story_text(article, padding_kb=padding_kb, generation=2025)


def render_2022(article: dict, *, padding_kb: int = 0) -> str:
    """A story-text article as in 2019-2022: h2 headline, logo h1, no JSON-LD."""
    return _story_text(article, padding_kb=padding_kb, generation=2022)


def render_2016(article: dict, *, padding_kb: int = 0) -> str:
    """The 2015-2018 story-main-content template, sidebar lists included."""
    url, title = article["url"], article["title"]
    published = article["published"]
    local = _eastern(published)
    # The datetime attribute's hour is on a 12-hour clock (a bug of the site).
    buggy = local.strftime("%Y-%m-%dT%I:%M") + _offset(published)
    visible = local.strftime("%m/%d/%y %I:%M %p ") + _zone(published)
    body = "\n".join(
        _paragraph(text, "2016")
        + (f'<p class="story-continued">{e(CONTINUED)}</p>' if index == 1 else "")
        + (
            f'<div class="story-interrupt"><p>{e(AD_TEXT)}</p></div>'
            if index == 2
            else ""
        )
        for index, text in enumerate(article["body"])
    )
    sidebar = (
        '<aside class="sidebar"><ul class="story-frag-list">'
        '<li><article class="story-frag"><h3><a href="/story/2016/10/other-000001">'
        f"{e(RELATED_TEXT)}</a></h3>"
        f'<footer class="meta"><p class="byline">{e(SIDEBAR_BYLINE)}</p>'
        '<p class="timestamp"><time datetime="2016-10-01T09:00-0400">'
        "10/01/16 09:00 AM EDT</time></p></footer></article></li></ul></aside>"
    )
    return "\n".join(
        [
            _head(
                article,
                padding_kb,
                f'<meta property="og:title" content="{e(title)}">',
                '<meta property="og:type" content="article">',
                f'<meta property="og:url" content="https://politi.co/{_short(url)}">',
                f'<link rel="canonical" href="{e(url)}">',
            ),
            '<body id="pageStory" class="template-story">',
            _header(),
            sidebar,
            '<div class="content-groupset">',
            '<article class="story-main-content">',
            '<div class="story-intro"><div class="summary">',
            f'<p class="category"><a href="/politics">{e(article["section"])}</a></p>',
            f"<header><h1>{e(title)}</h1>",
            f'<p class="subhead">{e(article["standfirst"])}</p></header></div>',
            '<figure class="art"><img src="/img/lead.jpg" alt="">'
            f"<figcaption>{e(PHOTO_CAPTION)}</figcaption></figure></div>",
            '<footer class="meta">',
            f'<p class="byline">By {_authors(article["byline"], rel=True)}</p>',
            f'<p class="timestamp"><time datetime="{buggy}">{e(visible)}</time></p>',
            "</footer>",
            '<div class="story-text">',
            body,
            f'<aside class="story-related"><a href="/story/2016/10/other-000002">'
            f"{e(RELATED_TEXT)}</a></aside>",
            f'<div class="story-supplement"><p>{e(SUPPLEMENT)}</p></div>',
            "</div>",
            f'<div class="story-share"><a>{e(SHARE_TEXT)}</a></div>',
            "</article>",
            "</div>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def render_legacy(article: dict, *, padding_kb: int = 0) -> str:
    """A page to 2014: body#storyPage, div.story-text.resize, readers' comments.

    The <title> is "Headline - Authors - POLITICO.com"; the byline runs on
    into the time ("By A and B | 10/9/10 7:15 AM EDT").
    """
    title, byline = article["title"], article["byline"]
    local = _eastern(article["published"])
    visible = f"{local.month}/{local.day}/{local:%y} {local.hour % 12 or 12}:"
    visible += f"{local:%M} {local:%p} " + _zone(article["published"])
    body = "\n".join(
        _paragraph(text, "2016")
        + (f'<div class="ad"><p>{e(AD_TEXT)}</p></div>' if index == 2 else "")
        for index, text in enumerate(article["body"])
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
            f"<title>{e(title)} - {e(byline)} - POLITICO.com</title>",
            f'<meta name="description" content="{e(article["standfirst"])}">',
            f'<meta name="author" content="{e(byline)}">',
            '<meta name="publish_date" content="'
            f'{local:%a, %d %b %Y %H:%M:%S} {_zone(article["published"])}">',
            '<link rel="alternate" type="application/rss+xml" title="Top Stories"'
            ' href="http://www.politico.com/rss/politicopicks.xml">',
            script_padding(padding_kb),
            "</head>",
            '<body id="storyPage">',
            _header(),
            '<div id="widgetPrimary" class="widget">',
            f'<h1 class="story-headline">{e(title)}</h1>',
            f'<div class="byline">By {e(byline)} | {e(visible)}</div>',
            '<div class="story-text resize">',
            body,
            "</div>",
            '<div id="comments"><h3>Readers\' comments</h3>'
            f'<div class="comment"><p>{e(COMMENT_TEXT)}</p></div></div>',
            "</div>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def render_newsletter(article: dict, *, padding_kb: int = 0) -> str:
    """A newsletter issue: sections under block-p-header heads, sponsor boxes."""
    url, title = article["url"], article["title"]
    parts = []
    for index, text in enumerate(article["body"]):
        if text.startswith("## "):
            parts.append(
                '<header class="block-p-header">'
                f'<h2 class="headline">{e(text[3:])}</h2></header>'
            )
        else:
            parts.append(f"<p>{e(text)}</p>")
        if index == 1:
            parts.append(
                '<aside class="story-related"><div class="market-ad">'
                f"<p>{e(SPONSOR_TEXT)}</p></div></aside>"
            )
        if index == 2:
            parts.append(
                f'<div class="story-interrupt"><p>{e(INTERRUPT_TEXT)}</p></div>'
            )
    authors = "".join(
        '<div itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f'<meta itemprop="name" content="{e(name)}"></div>'
        for name in byline_names(article["byline"])
    )
    return "\n".join(
        [
            _head(
                article,
                padding_kb,
                f'<meta name="brightspot.contentId" content="{_content_id(url)}">',
                f'<meta property="og:title" content="{e(title)}">',
                '<meta property="og:type" content="website">',
                f'<meta property="og:url" content="https://politi.co/{_short(url)}">',
                f'<link rel="canonical" href="{e(url)}">',
                escaped_ld_script(_news_article_ld(article)),
            ),
            '<body id="pageNewsletter" class="template-newsletter">',
            _header(),
            '<main id="main">',
            authors,
            '<div class="story-text">',
            f'<ul class="twitter-authors"><li>{e(TWITTER_AUTHORS)}</li></ul>',
            *parts,
            '<ul class="pb-fam"><li><a href="/newsletters/playbook">Playbook</a></li>'
            "</ul>",
            "</div>",
            f'<div class="story-supplement"><p>{e(SUPPLEMENT)}</p></div>',
            "</main>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def render_challenge(url: str) -> str:
    """Cloudflare's "Just a moment..." check, served with status 200."""
    host = url.split("://", 1)[-1].split("/", 1)[0]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-US">',
            "<head>",
            "<title>Just a moment...</title>",
            '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">',
            '<meta name="robots" content="noindex,nofollow">',
            "</head>",
            "<body>",
            '<div class="main-wrapper" role="main"><div class="main-content">',
            f'<h1 class="zone-name-title h1">{e(host)}</h1>',
            f'<h2 class="h2" id="challenge-running">{e(CHALLENGE_TEXT)}</h2>',
            '<div id="challenge-stage"></div>',
            "<noscript><p>Scripts are needed to go on.</p></noscript>",
            "</div></div>",
            "<script>window._cf_chl_opt = {cType: 'managed'};</script>",
            "</body>",
            "</html>",
        ]
    )


# -- feeds and sitemaps ---------------------------------------------------------


def render_rss(name: str, items: list[dict]) -> str:
    """An rss.politico.com feed (RSS 2.0)."""
    entries = "".join(
        "<item>"
        f"<title>{e(item['title'])}</title>"
        f"<link>{e(item['url'])}</link>"
        f'<guid isPermaLink="true">{e(item["url"])}</guid>'
        f"<description>{e(item['standfirst'])}</description>"
        f"<pubDate>{format_datetime(utc(item['published']), usegmt=True)}</pubDate>"
        f"<dc:creator>{e(item['byline'])}</dc:creator>"
        "</item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>{e(name)} - POLITICO</title>"
        "<link>https://www.politico.com/</link>"
        "<description>Test feed of invented stories.</description>"
        f"{entries}</channel></rss>"
    )


def render_sitemap_index(origin: str) -> str:
    """/news-sitemap.xml: an index of the news sitemaps."""
    names = ("news-sitemap-content", "news-sitemap-latest")
    return sitemap_index([f"{origin}/{name}.xml" for name in names])


def render_news_sitemap(items: list[dict]) -> str:
    """A Google News sitemap."""
    entries = [
        news_url(
            item["url"],
            publication="POLITICO",
            published=utc(item["published"]).isoformat(),
            title=item["title"],
        )
        for item in items
    ]
    return news_urlset(entries, sep="")


def documents(path: str, items: list[dict[str, Any]]) -> tuple[str, str] | None:
    """Feeds at /<name>.xml, the news sitemap index and its two sitemaps."""
    origin = site_origin(items[0]["url"]) if items else "http://127.0.0.1"
    if path == "/news-sitemap.xml":
        return "application/xml", render_sitemap_index(origin)
    if path == "/news-sitemap-latest.xml":
        stories = [i for i in items if not i["path"].startswith("/newsletters/")]
        return "application/xml", render_news_sitemap(stories)
    if path == "/news-sitemap-content.xml":
        return "application/xml", render_news_sitemap(items)
    name = path.strip("/").removesuffix(".xml")
    if not path.endswith(".xml") or name not in FEED_NAMES:
        return None
    chosen = items
    if name != "politics-news":
        chosen = [i for i in items if i["section_slug"] == name]
    extra = []
    if chosen and name == "politics-news":
        extra = [{**chosen[0], "url": origin + link} for link in NON_ARTICLE_LINKS]
    return "application/rss+xml", render_rss(name, chosen + extra)


LAYOUT = SiteLayout(
    renderers={
        "story": render_article,
        "story2022": render_2022,
        "story2016": render_2016,
        "newsletter": render_newsletter,
        "legacy": render_legacy,
    },
    documents=documents,
    # Politico names Scrapy's own agent among the bots it blocks; newscrawl's
    # honest agent is not Scrapy's, and it still obeys the rules for "*".
    robots=(
        "User-agent: Scrapy\n"
        "Disallow: /\n"
        "\n"
        "User-agent: GPTBot\n"
        "Disallow: /\n"
        "\n"
        "User-agent: *\n"
        "Disallow: /_preview\n"
    ),
    walls={"challenge": render_challenge},
)


def default_pages() -> dict[str, dict[str, Any]]:
    """The site's starting pages: path -> {"kind", "article"}."""
    story = article(
        "/news/2026/11/20/harbour-wall-vote-00123451",
        title="Town council votes to repair the harbour wall",
    )
    older = article(
        "/news/2026/11/20/ferry-strike-talks-00123452",
        section="Economy",
        title="Ferry strike talks resume after a week of cancellations",
    )
    archive = article(
        "/story/2026/11/river-festival-returns-123453",
        section="Economy",
        title="River festival returns after three-year break",
    )
    letter = article(
        "/newsletters/playbook/2026/11/20/harbour-wall-deal-00123454",
        section="Playbook",
        title="Playbook: The harbour wall deal and what comes next",
        paragraphs=[
            "Good Friday morning. The harbour wall is back on the agenda.",
            "## Driving the day",
            "The council votes at noon on the repair plan and its budget.",
            "## Talk of the town",
            "Residents queued outside the library to read the engineers' report.",
        ],
    )
    live = article(LIVE_PATH, title="Budget vote: live updates")
    gated = article("/news/2026/11/20/senate-budget-deal-00123456")
    return page_table(
        ("story", story),
        ("story2022", older),
        ("story2016", archive),
        ("newsletter", letter),
        ("story", live),
        ("challenge", gated),
    )


# -- pieces ---------------------------------------------------------------------


def _story_text(article: dict, *, padding_kb: int, generation: int) -> str:
    """A story-text page of the given generation (2022 or 2025)."""
    url, title = article["url"], article["title"]
    standfirst = article["standfirst"]
    published = article["published"]
    local = _eastern(published)
    first, rest = article["body"][:3], article["body"][3:]
    ld = escaped_ld_script(_news_article_ld(article)) if generation >= 2025 else ""
    logo = '<h1 class="logo"><a href="/">POLITICO</a></h1>' if generation < 2025 else ""
    headline_tag = "h1" if generation >= 2025 else "h2"
    tags = "".join(
        f'<li class="story-tags__list-item"><a href="/news/{slugify(tag)}">'
        f"{e(tag)}</a></li>"
        for tag in article["tags"]
    )
    return "\n".join(
        [
            _head(
                article,
                padding_kb,
                f'<meta name="brightspot.contentId" content="{_content_id(url)}">',
                f'<meta property="og:title" content="{e(title)}">',
                f'<meta property="og:description" content="{e(standfirst)}">',
                '<meta property="og:type" content="article">',
                f'<meta property="og:url" content="{e(url)}">',
                f'<meta name="twitter:title" content="{e(title)}">',
                f'<link rel="canonical" href="{e(url)}">',
                ld,
            ),
            '<body class="page-story">',
            _header(logo),
            '<main id="main" class="story-layout">',
            '<div class="container container--story">',
            '<section class="media-item media-item--story">',
            '<div class="media-item__summary">',
            '<div class="summary-header"><p class="category">'
            f'<a href="/news/{slugify(article["section"])}">{e(article["section"])}</a>'
            "</p></div>",
            f'<{headline_tag} class="headline">{e(title)}</{headline_tag}>',
            f'<p class="dek">{e(standfirst)}</p>',
            "</div>",
            "</section>",
            '<div class="story-text">',
            '<div class="story-meta">',
            f'<p class="story-meta__credit">{e(PHOTO_CREDIT)}</p>',
            '<div class="story-meta__details">',
            f'<p class="story-meta__authors">By {_authors(article["byline"])}</p>',
            '<p class="story-meta__timestamp">'
            f'<time datetime="{local:%Y-%m-%d %H:%M:%S}">'
            f"{local:%m/%d/%Y %I:%M %p} {_zone(published)}</time></p>",
            "</div>",
            f'<div class="story-share"><a>{e(SHARE_TEXT)}</a></div>',
            "</div>",
            *(_paragraph(text, "story") for text in first[:2]),
            '<aside class="story-enhancement"><article class="media-item">'
            f'<p class="parenthetical"><a href="/news/2020/01/01/ferry-00000001">'
            f"{e(RELATED_TEXT)}</a></p></article></aside>",
            *(_paragraph(text, "story") for text in first[2:]),
            "</div>",
            '<div class="content-group ad"><aside class="story-enhancement">'
            f'<div class="ad-slot">{e(AD_TEXT)}</div></aside></div>',
            '<div class="story-text">',
            '<aside class="story-enhancement"><figure class="story-photo">'
            f'<img src="/img/photo.jpg" alt=""><figcaption>{e(PHOTO_CAPTION)}'
            "</figcaption></figure></aside>",
            *(_paragraph(text, "story") for text in rest[:1]),
            '<aside class="story-enhancement"><blockquote class="pullquote">'
            f"<p>{e(PULL_QUOTE)}</p></blockquote></aside>",
            *(_paragraph(text, "story") for text in rest[1:]),
            '<aside class="story-enhancement"><div class="story-tags">'
            '<ul aria-label="Filed Under:">'
            '<li class="story-tags__list-item">Filed under:</li>'
            f"{tags}</ul></div></aside>",
            "<style>.story-text p { margin: 0 }</style>",
            "</div>",
            f'<div class="below-story-text"><p>{e(BELOW_TEXT)}</p></div>',
            "</div>",
            "</main>",
            _footer(),
            "</body>",
            "</html>",
        ]
    )


def _head(article: dict, padding_kb: int, *lines: str) -> str:
    """The <head> of an article page: title and description, *lines*, padding."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{e(article['title'])} - POLITICO</title>",
            f'<meta name="description" content="{e(article["standfirst"])}">',
            *lines,
            script_padding(padding_kb),
            "</head>",
        ]
    )


def _news_article_ld(article: dict) -> dict:
    """The 2025 NewsArticle JSON-LD (headline with " - POLITICO")."""
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": f"{article['title']} - POLITICO",
        "description": article["standfirst"],
        "author": [
            {"@type": "Person", "name": n} for n in byline_names(article["byline"])
        ],
        "datePublished": _ld_time(article["published"]),
        "dateModified": _ld_time(article["modified"]),
        "copyrightYear": str(article["published"].year),
        "isAccessibleForFree": False,
        "hasPart": {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": "#main",
        },
    }


def _paragraph(text: str, style: str) -> str:
    """One body element: a story-text paragraph or subhead (2016: bare tags)."""
    if text.startswith("## "):
        css = ' class="story-text__heading"' if style == "story" else ""
        return f"<h3{css}>{e(text[3:])}</h3>"
    css = ' class="story-text__paragraph"' if style == "story" else ""
    return f"<p{css}>{e(text)}</p>"


def _authors(byline: str, *, rel: bool = False) -> str:
    """vcard spans around staff links, between the joiners."""
    parts = []
    for text, is_name in byline_parts(byline):
        if not is_name:
            parts.append(e(text))
            continue
        rel_attr = ' rel="author"' if rel else ""
        parts.append(
            f'<span class="vcard"><a{rel_attr} href="/staff/{slugify(text)}">'
            f"{e(text)}</a></span>"
        )
    return "".join(parts)


def _header(logo: str = "") -> str:
    """The site header."""
    return (
        '<header class="global-header">'
        f"{logo}"
        '<nav><a href="/congress">Congress</a><a href="/white-house">White House</a>'
        "</nav></header>"
    )


def _footer() -> str:
    """The site footer."""
    return f'<footer class="global-footer"><p>{e(FOOTER_TEXT)}</p></footer>'


def _content_id(url: str) -> str:
    """A Brightspot-like content id, stable per URL."""
    hexed = digest(url)
    return f"00000194-{hexed[:4]}-{hexed[4:8]}-{hexed[8:12]}-{hexed[12:24]}"


def _short(url: str) -> str:
    """A politi.co-like short code."""
    return digest(url)[:7]


def _eastern(moment: datetime) -> datetime:
    """The instant as naive US Eastern wall-clock time."""
    at = utc(moment).replace(tzinfo=None)
    # Try EDT first: it is right when converting back gives the same instant.
    for hours in (4, 5):
        local = at - timedelta(hours=hours)
        if us_eastern_to_utc(local).replace(tzinfo=None) == at:
            return local
    return at - timedelta(hours=5)


def _zone(moment: datetime) -> str:
    """EST or EDT, as the visible times say."""
    local = _eastern(moment)
    instant = utc(moment).replace(tzinfo=None)
    return "EDT" if instant - local == timedelta(hours=4) else "EST"


def _offset(moment: datetime) -> str:
    """-0500 or -0400."""
    return "-0400" if _zone(moment) == "EDT" else "-0500"


def _ld_time(moment: datetime) -> str:
    """JSON-LD's form: 2025-01-20T18:00-0500 (no seconds, no colon)."""
    return _eastern(moment).strftime("%Y-%m-%dT%H:%M") + _offset(moment)
