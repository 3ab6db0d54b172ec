"""Archived pages as WARC 1.1 (newscrawl.render.warc), read back with warcio."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from bson.binary import Binary
from warcio.archiveiterator import ArchiveIterator

from newscrawl.items import FetchedPage
from newscrawl.render.warc import write_warc
from newscrawl.store.archive import CorruptPage, page_document

T0 = datetime(2026, 11, 20, 10, 0, 0, 123000, tzinfo=timezone.utc)


def _page(n: int, body: bytes) -> dict:
    fetched = FetchedPage(
        url=f"https://www.theguardian.com/world/2026/nov/20/story-{n}?page=2",
        status=200,
        headers=[
            ("Content-Type", "text/html; charset=utf-8"),
            ("ETag", f'"v{n}"'),
            ("Content-Encoding", "gzip"),  # undone by the crawl: left out
        ],
        body=body,
        fetched_at=T0,
        request_headers=[("User-Agent", "newscrawl/0.1"), ("If-None-Match", '"v0"')],
    )
    return page_document(fetched, article=fetched.url, version=n, source="guardian")


def test_each_page_is_a_request_and_a_response_as_the_site_served_it():
    pages = [_page(n, f"<html><p>Café {n}</p></html>".encode()) for n in range(3)]
    out = io.BytesIO()
    assert write_warc(out, pages) == 3
    out.seek(0)
    records = [
        (
            record.rec_type,
            record.rec_headers.get_header("WARC-Target-URI"),
            record.rec_headers.get_header("WARC-Date"),
            record.http_headers,
            record.content_stream().read(),
        )
        for record in ArchiveIterator(out)
    ]
    # warcio writes each response, then the request it answered (linked by
    # WARC-Concurrent-To).
    assert [kind for kind, *_ in records] == ["response", "request"] * 3
    responses = [r for r in records if r[0] == "response"]
    for n, (_, url, date, http, payload) in enumerate(responses):
        assert url == pages[n]["url"] and date == "2026-11-20T10:00:00.123Z"
        assert payload == f"<html><p>Café {n}</p></html>".encode()
        assert http.get_statuscode() == "200"
        assert http.get_header("ETag") == f'"v{n}"'
        assert http.get_header("Content-Encoding") is None
    requests = [r for r in records if r[0] == "request"]
    assert requests[0][3].get_header("If-None-Match") == '"v0"'
    assert requests[0][3].protocol == "GET"


def test_a_damaged_page_is_said_so():
    page = {**_page(0, b"<p>x</p>"), "body": Binary(b"broken")}
    with pytest.raises(CorruptPage):
        write_warc(io.BytesIO(), [page])


def test_a_damaged_page_is_left_out_and_handed_over_when_asked():
    good = [_page(n, f"<p>page {n}</p>".encode()) for n in range(3)]
    broken = {**good[1], "body": Binary(b"broken")}
    heard = []
    out = io.BytesIO()
    written = write_warc(
        out,
        [good[0], broken, good[2]],
        damaged=lambda page, exc: heard.append(page["version"]),
    )
    assert (written, heard) == (2, [1])
    out.seek(0)
    urls = [
        r.rec_headers.get_header("WARC-Target-URI")
        for r in ArchiveIterator(out)
        if r.rec_type == "response"
    ]
    assert urls == [good[0]["url"], good[2]["url"]]
