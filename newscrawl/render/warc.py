"""Archived pages as WARC 1.1: a request and a response record per fetch.

The records open in ordinary web-archive tools (replay, indexing): each
response record carries the page as the site served it, its headers and
status, at its fetch time (WARC-Date); its request record says what was
asked. The body is stored as received after transfer and content decoding,
so the headers that named an encoding Scrapy undid are left out.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from http import HTTPStatus
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.store.archive import CorruptPage, decompress

#: Headers that describe the bytes as they travelled, not as kept.
_TRANSPORT = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def write_warc(
    out: IO[bytes],
    pages: Iterable[Mapping[str, Any]],
    *,
    damaged: Callable[[Mapping[str, Any], CorruptPage], None] | None = None,
) -> int:
    """Write a request and a response record for each archived page; return
    how many pages were written.

    A damaged page is handed to *damaged* and left out; without it,
    CorruptPage is raised.
    """
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    written = 0
    for page in pages:
        try:
            body = decompress(page)
        except CorruptPage as exc:
            if damaged is None:
                raise
            damaged(page, exc)
            continue
        date = _warc_date(page["fetched_at"])
        response = writer.create_warc_record(
            page["url"],
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=_response_headers(page, len(body)),
            warc_headers_dict={"WARC-Date": date},
        )
        request = writer.create_warc_record(
            page["url"],
            "request",
            http_headers=_request_headers(page),
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_request_response_pair(request, response)
        written += 1
    return written


def _response_headers(page: Mapping[str, Any], length: int) -> StatusAndHeaders:
    status = int(page["status"])
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    headers = [
        (name, value)
        for name, value in page["headers"]
        if name.lower() not in _TRANSPORT
    ]
    headers.append(("Content-Length", str(length)))
    return StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol="HTTP/1.1")


def _request_headers(page: Mapping[str, Any]) -> StatusAndHeaders:
    parts = urlsplit(page["url"])
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    headers = [("Host", parts.netloc)]
    headers += [
        (name, value)
        for name, value in page.get("request_headers", [])
        if name.lower() != "host"
    ]
    return StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)


def _warc_date(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
