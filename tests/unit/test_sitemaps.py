"""Sitemaps served as .xml.gz files: read after unzipping, bad ones reported."""

from __future__ import annotations

import gzip

import pytest

from newscrawl.discovery import sitemaps
from newscrawl.discovery.feeds import FeedError
from newscrawl.discovery.sitemaps import sitemap_links

URLSET = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc>https://www.example.com/2026/11/20/world/a.html</loc></url>"
    b"</urlset>"
)
INDEX = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<sitemap><loc>https://www.example.com/sitemaps/new/news-1.xml.gz</loc>"
    b"</sitemap></sitemapindex>"
)


def test_gzipped_urlset_and_index_read_like_plain_ones() -> None:
    assert sitemap_links(gzip.compress(URLSET)) == sitemap_links(URLSET)
    assert sitemap_links(gzip.compress(INDEX)) == (
        [],
        ["https://www.example.com/sitemaps/new/news-1.xml.gz"],
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (gzip.compress(URLSET)[:40], "gzip data cut short"),
        (b"\x1f\x8b" + b"\x00" * 30, "broken gzip data"),
        (gzip.compress(b"<html><body>Sign in</body></html>"), "an HTML page"),
    ],
    # gzip stamps the time: ids from the bodies would differ between workers.
    ids=["cut-short", "broken", "html"],
)
def test_bad_gzip_is_a_one_line_feed_error(body: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        sitemap_links(body)


def test_gzip_larger_than_the_limit_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(sitemaps, "MAX_SITEMAP_BYTES", len(URLSET) - 1)
    with pytest.raises(FeedError, match="larger than"):
        sitemap_links(gzip.compress(URLSET))
