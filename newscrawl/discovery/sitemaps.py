"""Article links from XML sitemaps, news sitemaps and sitemap indexes."""

from __future__ import annotations

import zlib

from lxml import etree

from newscrawl.discovery.feeds import FeedError, parse_xml

_GZIP_MAGIC = b"\x1f\x8b"
#: The sitemap protocol's limit on an uncompressed sitemap file.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


def sitemap_links(body: bytes) -> tuple[list[str], list[str]]:
    """Return (page URLs, nested sitemap URLs) of a sitemap or sitemap index."""
    # A .xml.gz file is often served as is, with no Content-Encoding for
    # Scrapy to undo.
    if body.startswith(_GZIP_MAGIC):
        body = _gunzip(body)
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


def _gunzip(body: bytes) -> bytes:
    """The gzip file's content, at most MAX_SITEMAP_BYTES; else FeedError."""
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        data = inflater.decompress(body, MAX_SITEMAP_BYTES + 1)
    except zlib.error as exc:
        raise FeedError(f"broken gzip data ({exc})") from None
    if not inflater.eof and len(data) <= MAX_SITEMAP_BYTES:
        raise FeedError("gzip data cut short")
    if len(data) > MAX_SITEMAP_BYTES:
        raise FeedError(f"larger than {MAX_SITEMAP_BYTES:,} bytes uncompressed")
    return data
