"""An invented news site for the generic spider: the Kestrel Valley Courier.

No real site is copied: the site, its people and all its text are made up
here. Pages come in two markups, both common on small news sites: "classic"
(a blogging platform's article with ``div.entry-content``) and "modern" (a
``div``-heavy layout whose body is split by ad slots). Both carry the usual
noise around and inside the article: navigation, a share bar, an image
caption, related links, a newsletter box, a "read more" card, comments and a
footer. The site has one RSS feed (``/feed/``) and one news sitemap
(``/news-sitemap.xml``); the feed also links a few pages that are not
articles.

Article dicts have the keys of :func:`testsite.server.sample_article`
(``path``, ``title``, ``standfirst``, ``byline``, ``published``,
``modified``, ``section``, ``tags``, ``body``); body paragraphs may start
with ``"## "`` (a subheading) or ``"> "`` (a quote), as for the Guardian
pages, and :func:`testsite.pages.expected_body` strips those markers.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

from testsite.markup import e, news_url, script_json
from testsite.pages import expected_body
from testsite.server import SiteLayout, page_table

__all__ = [
    "ARTICLE_PATTERN",
    "BYLINE_CSS",
    "FEED",
    "LAYOUT",
    "NOISE_TEXTS",
    "NON_ARTICLE_LINKS",
    "SELECTORS",
    "SITE_NAME",
    "SITEMAP",
    "default_pages",
    "expected_body",
    "render_classic",
    "render_modern",
]

SITE_NAME = "The Kestrel Valley Courier"
FEED = "/feed/"
SITEMAP = "/news-sitemap.xml"
#: The article URL rule a user would write for this site.
ARTICLE_PATTERN = r"^/news/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/?$"
T0 = datetime(2026, 11, 20, 7, 15, tzinfo=timezone.utc)

#: Selectors a user would give for both markups (a comma means "either").
SELECTORS = {
    "title_css": "h1.entry-title, h1.article__headline",
    "body_css": "div.entry-content, div.article__body",
    "standfirst_css": "p.entry-dek, p.article__summary",
    "byline_css": "span.byline a[rel=author], div.article__byline a",
    "exclude_css": ".newsletter-box, .inline-signup, .read-more",
}
BYLINE_CSS = SELECTORS["byline_css"]

# Noise a parser must keep out of the body; tests look for these texts.
NAV_TEXT = "Subscribe to the print edition"
SHARE_TEXT = "Share this story by email"
CAPTION_TEXT = "The old mill race seen from the footbridge on a wet morning."
CREDIT_TEXT = "Photo: Courier staff photographer"
RELATED_TEXT = "Parish council approves new allotment rules after long debate"
NEWSLETTER_TEXT = "Get the Courier's morning briefing in your inbox every weekday."
READ_MORE_TEXT = "Read more: how the valley's bus timetable changed this winter"
AD_TEXT = "Advertisement"
COMMENT_TEXT = (
    "I walked past the site yesterday and the fences are already up, so "
    "somebody must have known about this well before the meeting was held."
)
FOOTER_TEXT = "Copyright Kestrel Valley Courier, an invented newspaper for tests."
NOISE_TEXTS = (
    NAV_TEXT,
    SHARE_TEXT,
    CAPTION_TEXT,
    CREDIT_TEXT,
    RELATED_TEXT,
    NEWSLETTER_TEXT,
    READ_MORE_TEXT,
    COMMENT_TEXT,
    FOOTER_TEXT,
)

#: Links the feed carries that are not articles; the spider must not fetch them.
NON_ARTICLE_LINKS = [
    "/category/local-news/",
    "/video/2026/11/20/flood-barrier-from-the-air/",
    "/events/winter-craft-fair/",
    "/about-us/",
]

_ARTICLES: list[dict[str, Any]] = [
    {
        "slug": "mill-race-footbridge-reopens",
        "section": "Local news",
        "title": "Mill race footbridge reopens after eight months of repairs",
        "standfirst": "Walkers can cross the old mill race again, but the "
        "council says the towpath beyond it stays shut until the spring.",
        "byline": "Nell Harrowgate",
        "tags": ["Local news", "Roads and paths", "Kestrel Valley Council"],
        "body": [
            "The wooden footbridge over the mill race in Lower Kestrel opened "
            "again on Thursday morning, eight months after a fallen willow "
            "cracked two of its main beams during the August floods.",
            "About thirty people gathered at the northern end before eight "
            "o'clock, some of them with dogs and flasks, to be the first across "
            "since the barriers went up in the middle of the summer holidays.",
            "The repair cost the council a little over forty thousand pounds, "
            "most of it spent on oak beams cut to the size of the originals so "
            "that the bridge would keep the look it has had for a century.",
            "## What stays closed",
            "The towpath on the far side of the bridge is still fenced off, "
            "because the bank beneath it was undercut by the same flood and "
            "engineers want to watch it through the winter before deciding.",
            "> We would rather open it once and for good than open it twice",
            "A council spokesman said a decision on the towpath would be made "
            "in March, and that walkers should use the lane past the church "
            "until then, which adds about ten minutes to the circular walk.",
        ],
    },
    {
        "slug": "school-roof-funding-gap",
        "section": "Education",
        "title": "Funding gap leaves primary school roof repair in doubt",
        "standfirst": "Governors at Fernhill primary say the bid for repair "
        "money fell short by a third, and buckets are back in the hall.",
        "byline": "Tobias Wren",
        "tags": ["Education", "Schools", "Fernhill"],
        "body": [
            "Governors at Fernhill primary school have been told that their "
            "bid for money to replace the leaking hall roof was successful "
            "only in part, leaving a gap of roughly a third of the cost.",
            "The hall is used for assemblies, lunches and physical education, "
            "and staff have been putting out buckets on wet days since the "
            "autumn half term, moving the tables to the drier end each time.",
            "## Parents asked to help",
            "The parents' association has offered to run a winter fair and a "
            "sponsored walk, though its chair said that even a very good year "
            "of fundraising would cover only a small share of what is missing.",
            "The head teacher wrote to families this week to say that lessons "
            "would not be affected and that the hall would stay open, with the "
            "worst corner roped off until a temporary patch can be put on.",
            "The county's education office said it would look at the case "
            "again in its spring round, and that schools with safety concerns "
            "would be given priority over those asking for improvements.",
        ],
    },
    {
        "slug": "bus-route-eleven-saved",
        "section": "Transport",
        "title": "Route 11 bus saved by a late deal between two operators",
        "standfirst": "The hourly service to the hill villages will run "
        "until at least next autumn under a shared timetable.",
        "byline": "Priya Oakenshaw and Dan Fellowes",
        "tags": ["Transport", "Buses"],
        "body": [
            "The number 11 bus, which links the hill villages with the market "
            "town, will keep running after two operators agreed to share the "
            "route only days before it was due to stop at the end of the month.",
            "Under the deal one company will run the morning and evening "
            "journeys and the other the middle of the day, so that the service "
            "stays hourly from Monday to Saturday with nothing on Sundays.",
            "Passengers had collected more than two thousand signatures in "
            "three weeks, many of them from older people who said the bus was "
            "their only way of reaching the surgery and the weekly market.",
            "## Fares unchanged for now",
            "Fares will stay as they are until the spring, when both operators "
            "will review their prices across the valley, and the existing "
            "season tickets will be accepted on every journey of the route.",
            "The agreement runs until next autumn, and the county said it "
            "would use the time to look for a longer arrangement, possibly "
            "including a demand-responsive minibus for the smallest villages.",
        ],
    },
    {
        "slug": "orchard-cider-festival-returns",
        "section": "What's on",
        "title": "Orchard cider festival returns to Kestrel Green in May",
        "standfirst": "After two quiet years the festival will be back on "
        "the green, smaller than before and run by volunteers.",
        "byline": "Nell Harrowgate",
        "tags": ["What's on", "Festivals"],
        "body": [
            "The orchard cider festival will return to Kestrel Green next May "
            "after a gap of two years, organisers announced at a meeting in "
            "the village hall that was so full people stood in the doorway.",
            "The new committee is made up entirely of volunteers and plans a "
            "single day rather than the long weekend of earlier years, with "
            "local makers only and a tent for apple juice and food for children.",
            "Money raised will go to the upkeep of the community orchard, "
            "where more than forty old varieties grow, some of them found "
            "nowhere else in the county according to the orchard group.",
            "## Volunteers wanted",
            "The committee is still looking for people to help with parking, "
            "stewarding and clearing up, and says that anyone who can give "
            "even two hours on the day should leave their name at the shop.",
            "Stallholders have until the end of February to apply, and the "
            "organisers have promised to publish the full list of makers and "
            "the programme of music in the Courier early in the spring.",
        ],
    },
]


def make_article(index: int) -> dict[str, Any]:
    """Return article *index* of the site as a dict for the renderers."""
    data = _ARTICLES[index]
    published = T0 + timedelta(hours=index)
    day = published.strftime("%Y/%m/%d")
    return {
        "path": f"/news/{day}/{data['slug']}/",
        "title": data["title"],
        "standfirst": data["standfirst"],
        "byline": data["byline"],
        "published": published,
        "modified": published + timedelta(minutes=30),
        "section": data["section"],
        "tags": list(data["tags"]),
        "body": list(data["body"]),
    }


def default_pages() -> dict[str, dict[str, Any]]:
    """Return the site's starting pages: path -> {"kind", "article"}."""
    kinds = ("classic", "modern", "classic", "modern")
    return page_table(
        *((kind, make_article(index)) for index, kind in enumerate(kinds))
    )


# -- article pages ------------------------------------------------------------


def render_classic(article: dict, *, padding_kb: int = 0) -> str:
    """An article in a blogging platform's markup: ``div.entry-content``."""
    paragraphs = _body_elements(article["body"])
    # Noise inside the body container, as such platforms put it.
    paragraphs.insert(1, _figure())
    paragraphs.insert(4, _related_box("aside", "related-links"))
    paragraphs.insert(6, _newsletter("div", "newsletter-box"))
    names = _names(article["byline"])
    byline = " and ".join(
        f'<a href="/author/{_slug(name)}/" rel="author">{e(name)}</a>' for name in names
    )
    return "\n".join(
        [
            _head(article),
            '<body class="single single-post">',
            _masthead(),
            '<div id="page" class="site"><div class="site-content">',
            '<article class="post type-post status-publish">',
            '<header class="entry-header">',
            f'<span class="cat-links"><a href="/category/{_slug(article["section"])}/"'
            f' rel="category tag">{e(article["section"])}</a></span>',
            f'<h1 class="entry-title">{e(article["title"])}</h1>',
            f'<p class="entry-dek">{e(article["standfirst"])}</p>',
            '<div class="entry-meta">',
            f'<span class="byline">By {byline}</span>',
            f'<time class="entry-date published"'
            f' datetime="{_iso(article["published"])}">'
            f"{_human(article['published'])}</time>",
            "</div>",
            "</header>",
            _share_bar("ul", "share-bar"),
            '<div class="entry-content">',
            *paragraphs,
            "</div>",
            '<footer class="entry-footer"><span class="tags-links">Tagged: '
            + ", ".join(
                f'<a href="/tag/{_slug(t)}/" rel="tag">{e(t)}</a>'
                for t in article["tags"]
            )
            + "</span></footer>",
            "</article>",
            _comments("section", "comments-area"),
            "</div></div>",
            _footer(),
            "</body></html>",
        ]
    )


def render_modern(article: dict, *, padding_kb: int = 0) -> str:
    """An article in a ``div``-heavy layout whose body is cut by ad slots."""
    blocks = _body_elements(article["body"])
    half = len(blocks) // 2
    names = _names(article["byline"])
    byline = ", ".join(
        f'<a class="author-link" href="/people/{_slug(n)}">{e(n)}</a>' for n in names
    )
    return "\n".join(
        [
            _head(article),
            "<body>",
            _masthead(),
            '<main id="main-content"><div class="article">',
            '<div class="article__header">',
            f'<a class="article__kicker" href="/{_slug(article["section"])}">'
            f"{e(article['section'])}</a>",
            f'<h1 class="article__headline">{e(article["title"])}</h1>',
            f'<p class="article__summary">{e(article["standfirst"])}</p>',
            f'<div class="article__byline">By {byline}</div>',
            f'<div class="article__date">Published {_human(article["published"])}'
            f", updated {_human(article['modified'])}</div>",
            "</div>",
            _share_bar("div", "article__share"),
            _figure(),
            '<div class="article__body">',
            '<div class="article__text">',
            *blocks[:half],
            "</div>",
            f'<div class="ad-slot" data-ad="mid"><span>{AD_TEXT}</span></div>',
            _newsletter("div", "inline-signup"),
            '<div class="article__text">',
            *blocks[half:],
            "</div>",
            f'<div class="read-more"><a href="/news/2026/11/18/bus-timetable/">'
            f"{e(READ_MORE_TEXT)}</a></div>",
            "</div>",
            _related_box("section", "article__related"),
            _comments("div", "comments"),
            "</div></main>",
            _footer(),
            "</body></html>",
        ]
    )


def _head(article: dict) -> str:
    url = article["url"]
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "WebSite",
                "name": SITE_NAME,
                "url": url.split("/news/")[0] + "/",
            },
            {
                "@type": "NewsArticle",
                "headline": article["title"],
                "description": article["standfirst"],
                "datePublished": _iso(article["published"]),
                "dateModified": _iso(article["modified"]),
                "author": [
                    {"@type": "Person", "name": n} for n in _names(article["byline"])
                ],
                "articleSection": article["section"],
                "keywords": article["tags"],
                "mainEntityOfPage": url,
            },
        ],
    }
    tags = "\n".join(
        f'<meta property="article:tag" content="{e(t)}">' for t in article["tags"]
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB"><head>',
            '<meta charset="utf-8">',
            f"<title>{e(article['title'])} | {SITE_NAME}</title>",
            f'<link rel="canonical" href="{e(url)}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{e(article["title"])}">',
            f'<meta property="og:description" content="{e(article["standfirst"])}">',
            f'<meta property="og:url" content="{e(url)}">',
            f'<meta property="og:site_name" content="{SITE_NAME}">',
            f'<meta property="article:published_time"'
            f' content="{_iso(article["published"])}">',
            f'<meta property="article:modified_time"'
            f' content="{_iso(article["modified"])}">',
            f'<meta property="article:section" content="{e(article["section"])}">',
            tags,
            f'<meta name="author" content="{e(article["byline"])}">',
            '<script type="application/ld+json">'
            + script_json(ld, ensure_ascii=True)
            + "</script>",
            "<script>window.dataLayer = window.dataLayer || [];</script>",
            "</head>",
        ]
    )


def _body_elements(body: list[str]) -> list[str]:
    out = []
    for paragraph in body:
        if paragraph.startswith("## "):
            out.append(f"<h2>{e(paragraph[3:])}</h2>")
        elif paragraph.startswith("> "):
            out.append(f"<blockquote><p>{e(paragraph[2:])}</p></blockquote>")
        else:
            out.append(f"<p>{e(paragraph)}</p>")
    return out


def _masthead() -> str:
    links = ("Home", "Local news", "Education", "Transport", "What's on", "Sport")
    items = "".join(f'<li><a href="/{_slug(x)}/">{e(x)}</a></li>' for x in links)
    return (
        '<header class="site-header">'
        f'<a class="site-title" href="/">{SITE_NAME}</a>'
        f'<nav class="main-navigation"><ul class="menu">{items}</ul></nav>'
        f'<a class="subscribe-button" href="/subscribe/">{e(NAV_TEXT)}</a>'
        "</header>"
    )


def _share_bar(tag: str, css: str) -> str:
    item = "li" if tag == "ul" else "span"
    return (
        f'<{tag} class="{css}">'
        f'<{item}><a href="#share-facebook">Share on Facebook</a></{item}>'
        f'<{item}><a href="#share-x">Post on X</a></{item}>'
        f'<{item}><a href="#share-email">{e(SHARE_TEXT)}</a></{item}>'
        f"</{tag}>"
    )


def _figure() -> str:
    return (
        '<figure class="wp-block-image"><img src="/media/mill-race.jpg" alt="">'
        f"<figcaption>{e(CAPTION_TEXT)} <span class='credit'>{e(CREDIT_TEXT)}"
        "</span></figcaption></figure>"
    )


def _related_box(tag: str, css: str) -> str:
    return (
        f'<{tag} class="{css}"><h3>Related stories</h3><ul>'
        f'<li><a href="/news/2026/11/12/allotment-rules/">{e(RELATED_TEXT)}</a></li>'
        '<li><a href="/news/2026/11/02/library-hours/">Library opening hours '
        "to change in the new year</a></li>"
        f"</ul></{tag}>"
    )


def _newsletter(tag: str, css: str) -> str:
    return (
        f'<{tag} class="{css}"><h3>Morning briefing</h3>'
        f"<p>{e(NEWSLETTER_TEXT)}</p>"
        '<form action="/newsletter/"><input type="email" name="email">'
        "<button>Sign up</button></form>"
        f"</{tag}>"
    )


def _comments(tag: str, css: str) -> str:
    return (
        f'<{tag} id="comments" class="{css}"><h2>2 comments</h2>'
        '<ol class="comment-list">'
        '<li class="comment"><div class="comment-author">Marjorie B.</div>'
        f'<div class="comment-content"><p>{e(COMMENT_TEXT)}</p></div></li>'
        '<li class="comment"><div class="comment-author">Ken</div>'
        '<div class="comment-content"><p>Good news at last, thank you for '
        "covering it.</p></div></li>"
        "</ol></" + tag + ">"
    )


def _footer() -> str:
    return (
        '<footer class="site-footer">'
        '<ul><li><a href="/about-us/">About us</a></li>'
        '<li><a href="/contact/">Contact</a></li>'
        '<li><a href="/privacy/">Privacy</a></li></ul>'
        f"<p>{e(FOOTER_TEXT)}</p></footer>"
    )


# -- feed and sitemap -----------------------------------------------------------


def _documents(path: str, items: list[dict[str, Any]]) -> tuple[str, str] | None:
    if path == FEED:
        origin = _origin(items)
        extra = [
            {
                "url": origin + link,
                "title": "Not an article",
                "standfirst": "",
                "published": T0,
            }
            for link in NON_ARTICLE_LINKS
        ]
        return "application/rss+xml", render_rss(origin, items + extra)
    if path == SITEMAP:
        return "application/xml", render_sitemap(items)
    return None


def render_rss(origin: str, items: list[dict[str, Any]]) -> str:
    """The site's RSS 2.0 feed of *items* (each with url, title, published)."""
    entries = "".join(
        "<item>"
        f"<title>{e(item['title'])}</title>"
        f"<link>{e(item['url'])}</link>"
        f'<guid isPermaLink="true">{e(item["url"])}</guid>'
        f"<description>{e(item.get('standfirst', ''))}</description>"
        f"<pubDate>{format_datetime(item['published'], usegmt=True)}</pubDate>"
        "</item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0"><channel>'
        f"<title>{SITE_NAME}</title><link>{e(origin)}/</link>"
        "<description>News from the valley (invented for tests)</description>"
        f"{entries}</channel></rss>"
    )


def render_sitemap(items: list[dict[str, Any]]) -> str:
    """The site's news sitemap of *items* (each with url, title, published)."""
    entries = "".join(
        news_url(
            item["url"],
            publication=SITE_NAME,
            published=_iso(item["published"]),
            title=item["title"],
        )
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{entries}</urlset>"
    )


LAYOUT = SiteLayout(
    renderers={"classic": render_classic, "modern": render_modern},
    documents=_documents,
    robots="User-agent: *\nDisallow: /wp-admin/\n",
)


# -- small helpers --------------------------------------------------------------


def _names(byline: str) -> list[str]:
    return [name.strip() for name in byline.split(" and ") if name.strip()]


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _human(moment: datetime) -> str:
    return moment.strftime("%-d %B %Y, %H:%M")


def _origin(items: list[dict[str, Any]]) -> str:
    if not items:
        return "http://127.0.0.1"
    url = items[0]["url"]
    return url[: url.index("/", url.index("://") + 3)]
