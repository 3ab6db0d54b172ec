"""A downloader middleware for benchmark runs that must see every page in full."""

from __future__ import annotations

from scrapy.http import Request

_VALIDATORS = (b"If-None-Match", b"If-Modified-Since")


class StripValidators:
    """Send every request unconditionally, so no page comes back as a 304.

    A re-check then downloads and parses each page and finds it unchanged by
    its content hash: the dedupe path, rather than the not-modified one.
    Enabled with ``-s 'DOWNLOADER_MIDDLEWARES={"benchmarks.middlewares.
    StripValidators": 950}'`` (after the spider's own headers are set).
    """

    def process_request(self, request: Request) -> None:
        for name in _VALIDATORS:
            request.headers.pop(name, None)
        return None
