"""The page archive's documents on a real store (newscrawl.store.archive)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from bson.binary import Binary
from pymongo.database import Database

from newscrawl.items import FetchedPage
from newscrawl.store import archive
from newscrawl.store.articles import ArticleStore

T0 = datetime(2026, 11, 20, 10, tzinfo=timezone.utc)
URL = "https://www.theguardian.com/world/2026/nov/20/harbour-wall-repair"


def _fetched(body: bytes, minutes: int = 0) -> FetchedPage:
    return FetchedPage(
        url=URL,
        status=200,
        headers=[("Content-Type", "text/html; charset=utf-8")],
        body=body,
        fetched_at=T0 + timedelta(minutes=minutes),
        request_headers=[("User-Agent", "newscrawl")],
    )


@pytest.fixture
def store(db: Database) -> ArticleStore:
    store = ArticleStore(db)
    store.ensure_indexes()
    return store


def test_a_page_comes_back_byte_for_byte(store):
    body = "<html><p>Café “quoted”</p></html>".encode() * 100
    doc = archive.page_document(_fetched(body), article=URL, version=0, source="g")
    archive.keep_pages(store, [doc], versions=0)
    kept = archive.archived_page(store, URL, 0)
    assert archive.decompress(kept) == body
    assert kept["size"] == len(body) and kept["stored_size"] < len(body) / 4
    assert archive.archive_size(store) == {
        "g": {"pages": 1, "size": len(body), "stored_size": kept["stored_size"]}
    }
    # The same batch written again (after an outage) is no error.
    archive.keep_pages(store, [doc], versions=0)


@pytest.mark.parametrize(
    "damage",
    [
        {"body": Binary(b"not zstd at all")},
        {"codec": "rot13"},
        {"size": 1},
    ],
)
def test_a_damaged_page_is_said_so(damage):
    doc = archive.page_document(_fetched(b"<p>text</p>"), article=URL, version=0)
    with pytest.raises(archive.CorruptPage):
        archive.decompress({**doc, **damage})


def test_only_the_last_versions_asked_for_are_kept(store):
    docs = [
        archive.page_document(_fetched(b"v%d" % n), article=URL, version=n, source="g")
        for n in range(4)
    ]
    for doc in docs:
        archive.keep_pages(store, [doc], versions=2)
    assert [p["version"] for p in archive.archived_pages(store, article=URL)] == [2, 3]


def test_rejected_pages_keep_the_last_of_each_source_and_reason(store):
    for n in range(5):
        for reason in ("short_body", "no_headline"):
            doc = archive.page_document(
                _fetched(b"page %d" % n, minutes=n), source="g", reason=reason
            )
            archive.keep_rejected(store, doc, keep=2)
    kept = sorted(
        (p["reason"], archive.decompress(p)) for p in store.db["rejected_pages"].find()
    )
    assert kept == [
        ("no_headline", b"page 3"),
        ("no_headline", b"page 4"),
        ("short_body", b"page 3"),
        ("short_body", b"page 4"),
    ]
