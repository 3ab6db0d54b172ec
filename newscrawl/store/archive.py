"""The page archive: every response a version was read from, compressed.

One ``pages`` document per stored version (docs/schema.md): the response as
received (URL, status, headers, body) and the request's headers, when it
came, and the parser that read it. Bodies are compressed with zstandard at
level 3: on this project's 300 KB test pages it took 0.4 ms a page and
kept 8.5% of the bytes, where zlib at level 6 took 1.8 ms and kept 11.3%
(benchmarks/crawl_throughput.py prints its bytes per version). A page is a document of
its own, not a GridFS file: compressed, pages are far below MongoDB's 16 MB
document limit (responses are at most DOWNLOAD_MAXSIZE, 20 MB, before), and
one document is one insert and one read.

``rejected_pages`` keeps, per source and rejection reason, the most recent
pages the pipelines rejected, so that an operator can see what a parser
failed on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import zstandard
from bson.binary import Binary
from pymongo import ASCENDING, DESCENDING
from pymongo.errors import BulkWriteError

from newscrawl.items import ArticleItem, FetchedPage
from newscrawl.store.articles import ArticleStore
from newscrawl.store.errors import duplicates

#: The compression of archived bodies (``codec`` of a page document).
CODEC = "zstd"
_LEVEL = 3


class CorruptPage(ValueError):
    """An archived body that cannot be decompressed."""


def compress(body: bytes) -> bytes:
    """Return *body* compressed for the archive."""
    return zstandard.ZstdCompressor(level=_LEVEL).compress(body)


def decompress(doc: Mapping[str, Any]) -> bytes:
    """Return the body of an archived page; CorruptPage if it cannot be read."""
    if doc.get("codec") != CODEC:
        raise CorruptPage(f"unknown codec {doc.get('codec')!r}")
    try:
        body = zstandard.ZstdDecompressor().decompress(bytes(doc["body"]))
    except (zstandard.ZstdError, KeyError, TypeError) as exc:
        raise CorruptPage(f"cannot decompress: {exc}") from None
    if len(body) != doc.get("size"):
        raise CorruptPage(f"{len(body)} bytes, {doc.get('size')} expected")
    return body


def page_document(fetched: FetchedPage, **about: Any) -> dict[str, Any]:
    """Return the archive document of *fetched*; *about* says what it is of."""
    body = compress(fetched.body)
    return {
        **about,
        "url": fetched.url,
        "status": fetched.status,
        "headers": [list(pair) for pair in fetched.headers],
        "request_headers": [list(pair) for pair in fetched.request_headers],
        "fetched_at": fetched.fetched_at,
        "codec": CODEC,
        "size": len(fetched.body),
        "stored_size": len(body),
        "body": Binary(body),
    }


def item_page(item: ArticleItem, **about: Any) -> dict[str, Any] | None:
    """Return the archive document of the page *item* was read from, if kept."""
    if item.fetched is None:
        return None
    return page_document(
        item.fetched,
        article=item.url,
        source=item.source,
        parser_version=item.parser_version or None,
        **about,
    )


def keep_pages(
    store: ArticleStore, docs: list[dict[str, Any]], *, versions: int
) -> None:
    """Insert pages of versions; keep only each article's last *versions* (0: all)."""
    if not docs:
        return
    pages = store.db["pages"]
    try:
        pages.insert_many(docs, ordered=False)
    except BulkWriteError as exc:
        # A page archived already (a batch written again after an outage).
        duplicates(exc)
    if versions:
        for doc in docs:
            oldest = doc["version"] - versions + 1
            if oldest > 0:
                pages.delete_many(
                    {"article": doc["article"], "version": {"$lt": oldest}}
                )


def keep_rejected(store: ArticleStore, doc: dict[str, Any], *, keep: int) -> None:
    """Insert a rejected page; keep the last *keep* of its source and reason."""
    rejected = store.db["rejected_pages"]
    rejected.insert_one(doc)
    older = (
        rejected.find({"source": doc["source"], "reason": doc["reason"]}, {"_id": 1})
        .sort("fetched_at", DESCENDING)
        .skip(keep)
    )
    if ids := [old["_id"] for old in older]:
        rejected.delete_many({"_id": {"$in": ids}})


def rejected_pages(
    store: ArticleStore, *, source: str | None = None, reason: str | None = None
) -> Iterator[dict[str, Any]]:
    """Yield the kept rejected pages, newest first: of a source, for a reason."""
    query = _matching(source=source, reason=reason)
    yield from store.db["rejected_pages"].find(query).sort("fetched_at", DESCENDING)


def archive_size(store: ArticleStore) -> dict[str, dict[str, int]]:
    """Return per source: archived pages, their bytes as received and as stored."""
    rows = store.db["pages"].aggregate(
        [
            {
                "$group": {
                    "_id": "$source",
                    "pages": {"$sum": 1},
                    "size": {"$sum": "$size"},
                    "stored_size": {"$sum": "$stored_size"},
                }
            }
        ]
    )
    return {row.pop("_id"): row for row in rows}


def archived_pages(
    store: ArticleStore,
    *,
    source: str | None = None,
    article: str | None = None,
    since: datetime | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield archived pages, oldest first: of a source, an article, since a time."""
    query = _matching(source=source, article=article)
    if since is not None:
        query["fetched_at"] = {"$gte": since}
    sort = [("version", ASCENDING)] if article else [("fetched_at", ASCENDING)]
    yield from store.db["pages"].find(query).sort(sort)


def latest_page_versions(
    store: ArticleStore, *, source: str | None = None, article: str | None = None
) -> dict[str, int]:
    """Return each article's newest archived version: of a source, or one article."""
    match = _matching(source=source, article=article)
    rows = store.db["pages"].aggregate(
        [
            {"$match": match},
            {"$group": {"_id": "$article", "version": {"$max": "$version"}}},
            {"$sort": {"_id": 1}},
        ]
    )
    return {row["_id"]: row["version"] for row in rows}


def page_read_last(store: ArticleStore, article: str) -> dict[str, Any] | None:
    """Return the archived page the article's latest text was read from, if kept.

    That is the page of its latest version, or, when the versions after a
    page are all parser changes (readings of that same page), that page.
    """
    versions = store.versions.find(
        {"article": article}, {"version": 1, "cause": 1}
    ).sort("version", DESCENDING)
    for version in versions:
        page = store.db["pages"].find_one(
            {"article": article, "version": version["version"]}
        )
        if page is not None:
            return page
        if version.get("cause") != "parser":
            return None  # a publisher's version whose page was not kept
    return None


def archived_page(
    store: ArticleStore, article: str, version: int
) -> dict[str, Any] | None:
    """Return the archived page of version *version* of *article*, if kept."""
    return store.db["pages"].find_one({"article": article, "version": version})


def _matching(**fields: str | None) -> dict[str, Any]:
    """A filter on the fields given a value (None: any)."""
    return {name: value for name, value in fields.items() if value is not None}
