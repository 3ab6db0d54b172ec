"""Downloader middlewares for benchmark runs that must see every page in full."""

from __future__ import annotations

import itertools
import uuid

from scrapy.http import Request, Response

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


class NewBytes:
    """Add to every page a comment it never had before; the text stays the same.

    As a nonce or a time in a real page: the page's bytes differ on every
    fetch, so a re-check must parse it to find its text unchanged. Enabled
    with ``-s 'DOWNLOADER_MIDDLEWARES={"benchmarks.middlewares.NewBytes":
    960}'``.
    """

    def __init__(self) -> None:
        self._served = itertools.count()
        # Unlike any other run's: a count alone repeats in the next crawl.
        self._crawl = uuid.uuid4().hex

    def process_response(self, request: Request, response: Response) -> Response:
        if not response.body:
            return response  # a 304: nothing to add to
        comment = f"<!-- fetch {self._crawl} {next(self._served)} -->".encode()
        return response.replace(body=response.body + comment)
