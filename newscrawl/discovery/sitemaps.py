"""Article links from XML sitemaps, news sitemaps and sitemap indexes."""

from __future__ import annotations

import zlib

from lxml import etree

from newscrawl.discovery.feeds import FeedError, parse_xml

_GZIP_MAGIC = b"\x1f\x8b"
#: The sitemap protocol's limit on an uncompressed sitemap file.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


def sitemap_links(
    body: bytes, *, max_bytes: int = MAX_SITEMAP_BYTES
) -> tuple[list[str], list[str]]:
    """Return (page URLs, nested sitemap URLs) of a sitemap or sitemap index.

    A gzipped sitemap larger than *max_bytes* unzipped is a FeedError.
    """
    # A .xml.gz file is often served as is, with no Content-Encoding for
    # Scrapy to undo (that one Scrapy bounds by DOWNLOAD_MAXSIZE).
    if body.startswith(_GZIP_MAGIC):
        body = _gunzip(body, min(max_bytes, MAX_SITEMAP_BYTES))
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


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    """The gzip file's content, at most *max_bytes*; else FeedError."""
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        data = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise FeedError(f"broken gzip data ({exc})") from None
    if not inflater.eof and len(data) <= max_bytes:
        raise FeedError("gzip data cut short")
    if len(data) > max_bytes:
        raise FeedError(f"larger than {max_bytes:,} bytes uncompressed")
    return data
