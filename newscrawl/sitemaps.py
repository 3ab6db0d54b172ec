"""Article links from XML sitemaps, news sitemaps and sitemap indexes."""

from __future__ import annotations

from lxml import etree

from newscrawl.feeds import FeedError, parse_xml


def sitemap_links(body: bytes) -> tuple[list[str], list[str]]:
    """Return (page URLs, nested sitemap URLs) of a sitemap or sitemap index."""
    root = parse_xml(body, kind="sitemap")
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        raise FeedError(f"root element <{kind}> is not a sitemap")
    locs = [
        el.text.strip()
        for el in root.iter("{*}loc")
        # <image:loc> lives in another namespace and is no page of ours.
        if el.text and etree.QName(el.getparent()).localname in ("url", "sitemap")
    ]
    return (locs, []) if kind == "urlset" else ([], locs)
