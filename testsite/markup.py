"""Small helpers for writing any source's test pages: escaping, dates, JSON, bulk."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape

UTC = timezone.utc


def e(text: object) -> str:
    """Text escaped for HTML content and attributes."""
    return escape(str(text), quote=True)


def script_json(data: object, *, ensure_ascii: bool = False) -> str:
    """JSON safe inside a <script> element (no ``</`` to end it early).

    With *ensure_ascii*, characters beyond ASCII are written as ``\\u`` escapes.
    """
    return json.dumps(data, ensure_ascii=ensure_ascii).replace("</", "<\\/")


def ld_script(data: object) -> str:
    """A JSON-LD <script> element."""
    return f'<script type="application/ld+json">{script_json(data)}</script>'


def escaped_ld_script(data: object) -> str:
    """A JSON-LD <script> whose <, > and & are ``\\u`` escapes, so no text ends it."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def digest(text: str) -> str:
    """The SHA-1 of a text in hex: stable ids and file names made from URLs."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


_JOINER = re.compile(r"( and |, )")


def byline_parts(byline: str) -> list[tuple[str, bool]]:
    """A byline cut into (text, is_name) runs: the names and the joiners between."""
    return [
        (piece, not _JOINER.fullmatch(piece))
        for piece in _JOINER.split(byline)
        if piece
    ]


def byline_names(byline: str) -> list[str]:
    """The names of a byline whose names are joined by " and " or ", "."""
    return [text for text, is_name in byline_parts(byline) if is_name]


def utc(moment: datetime) -> datetime:
    """The moment in UTC, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0)


def iso_ms(moment: datetime) -> str:
    """ISO 8601 with milliseconds and Z: 2024-11-22T08:49:59.000Z."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def iso_z(moment: datetime) -> str:
    """ISO 8601 with Z: 2024-11-22T08:49:59Z."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_offset(moment: datetime, hours: int = 1) -> str:
    """ISO 8601 in a zone *hours* east of UTC: 2020-04-10T17:58:15+01:00."""
    return utc(moment).astimezone(timezone(timedelta(hours=hours))).isoformat()


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since the epoch."""
    return int(utc(moment).timestamp()) * 1000


def rfc822(moment: datetime) -> str:
    """RSS pubDate: Sat, 24 Feb 2024 10:00:00 GMT."""
    return format_datetime(utc(moment), usegmt=True)


def long_date(moment: datetime) -> str:
    """Friday 22 November 2024 08:49 (UTC)."""
    moment = utc(moment)
    return moment.strftime(f"%A {moment.day} %B %Y %H:%M")


def padding(kb: int, *, prefix: str) -> tuple[str, str]:
    """Inline config, CSS and a menu adding about ``kb`` KB: (head, nav) HTML."""
    if kb <= 0:
        return "", ""
    target = kb * 1024
    # Real pages carry a large inline JSON config, inline CSS and long
    # navigation menus; a third of the bulk goes to each.
    switches: dict[str, object] = {}
    number = 0
    while len(json.dumps(switches)) < target // 3:
        switches[f"toggle{number:05d}"] = number % 3 != 0
        number += 1
    script = f'<script id="{prefix}-toggles">window.{prefix}Toggles = '
    script += f"{json.dumps(switches)};</script>"
    rules, number = fill(
        target // 3,
        lambda n: f".{prefix}-{n:06x}{{margin:0 0 {n % 24}px;padding:0}}",
        number,
    )
    style = f"<style>{rules}</style>"
    menu, number = fill(
        target - len(script) - len(style),
        lambda n: f'<li><a href="/topics/subject-{n}">Subject {n}</a></li>',
        number,
    )
    return script + "\n" + style, f'<ul role="menu">{menu}</ul>'


def fill(size: int, make: Callable[[int], str], number: int) -> tuple[str, int]:
    """Pieces ``make(number)``, counting up, until they make *size* characters.

    Returns the pieces joined and the next number, so that the next bulk
    goes on with fresh names.
    """
    pieces = []
    total = 0
    while total < size:
        piece = make(number)
        pieces.append(piece)
        total += len(piece)
        number += 1
    return "".join(pieces), number


def news_url(
    url: str,
    *,
    publication: str,
    published: str,
    title: str,
    lastmod: str | None = None,
    changefreq: str | None = None,
    keywords: list[str] | None = None,
    image: str | None = None,
    title_cdata: bool = False,
) -> str:
    """One <url> of a Google News sitemap, its dates formatted as the site has them.

    The optional parts are written only when given; *title_cdata* puts the
    title in a CDATA section as it is, unescaped.
    """
    parts = [f"<url><loc>{e(url)}</loc>"]
    if lastmod is not None:
        parts.append(f"<lastmod>{lastmod}</lastmod>")
    if changefreq is not None:
        parts.append(f"<changefreq>{changefreq}</changefreq>")
    parts.append(
        "<news:news><news:publication>"
        f"<news:name>{e(publication)}</news:name><news:language>en</news:language>"
        "</news:publication>"
        f"<news:publication_date>{published}</news:publication_date>"
    )
    parts.append(
        f"<news:title><![CDATA[{title}]]></news:title>"
        if title_cdata
        else f"<news:title>{e(title)}</news:title>"
    )
    if keywords is not None:
        parts.append(f"<news:keywords>{e(', '.join(keywords))}</news:keywords>")
    parts.append("</news:news>")
    if image is not None:
        parts.append(f"<image:image><image:loc>{e(image)}</image:loc></image:image>")
    parts.append("</url>")
    return "".join(parts)


def news_urlset(entries: list[str], *, sep: str = "\n", images: bool = False) -> str:
    """A Google News sitemap document around its <url> entries.

    *sep* goes between the urlset tags and the entries ("" writes them on
    the line of the urlset); *images* declares the image namespace.
    """
    namespaces = (
        ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    )
    if images:
        namespaces += ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + sep.join(
        [f"<urlset{namespaces}>", *entries, "</urlset>"]
    )


def google_news_sitemap(items: list[dict], publication: str) -> str:
    """A Google News sitemap of the items (url, title, published)."""
    return news_urlset(
        [
            news_url(
                item["url"],
                publication=publication,
                published=iso_z(item["published"]),
                title=item["title"],
            )
            for item in items
        ]
    )


def gzipped(text: str) -> bytes:
    """The text gzipped as a file is, with no time in its header (stable bytes)."""
    return gzip.compress(text.encode("utf-8"), mtime=0)


def sitemap_index(urls: list[str]) -> str:
    """A sitemap index listing the given sitemaps."""
    entries = "".join(f"<sitemap><loc>{e(url)}</loc></sitemap>" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</sitemapindex>"
    )


def cdata(text: str) -> str:
    """Text in a CDATA section (split where it holds ``]]>``)."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def slugify(text: str) -> str:
    """A URL slug for a name."""
    words = "".join(c.lower() if c.isalnum() else " " for c in text).split()
    return "-".join(words) or "x"


def strip_marker(paragraph: str) -> str:
    """A body paragraph without its "## ", "> " or "* " marker."""
    for marker in ("## ", "> ", "* "):
        if paragraph.startswith(marker):
            return paragraph[len(marker) :]
    return paragraph


def body_html(
    body: list[str],
    *,
    heading: str = '<h2 id="sub-{index}">',
    quote: str = '<blockquote class="quoted">',
) -> list[str]:
    """Body paragraphs as top-level HTML elements (lists grouped).

    *heading* opens a subheading (``{index}`` is the paragraph's number) and
    *quote* a blockquote, as each site's markup has them.
    """
    elements: list[str] = []
    items: list[str] = []
    for index, paragraph in enumerate(body):
        if paragraph.startswith("* "):
            items.append(f"<li>{e(paragraph[2:])}</li>")
            continue
        if items:
            elements.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if paragraph.startswith("## "):
            opening = heading.format(index=index)
            elements.append(f"{opening}{e(paragraph[3:])}</h2>")
        elif paragraph.startswith("> "):
            elements.append(f"{quote}<p>{e(paragraph[2:])}</p></blockquote>")
        else:
            elements.append(f"<p>{e(paragraph)}</p>")
    if items:
        elements.append(f"<ul>{''.join(items)}</ul>")
    return elements


def interleave(elements: list[str], noise: dict[int, str]) -> str:
    """Elements with noise inserted after the given element counts."""
    out = list(elements)
    for position in sorted(noise, reverse=True):
        out.insert(min(position, len(out)), noise[position])
    return "\n".join(out)


def script_padding(kb: int) -> str:
    """Inline script bulk of about *kb* KB, as real pages carry."""
    if kb <= 0:
        return ""
    filler = json.dumps({f"flag{n:05d}": n % 3 == 0 for n in range(kb * 60)})
    return f"<script>window.__FLAGS__ = {filler};</script>"
