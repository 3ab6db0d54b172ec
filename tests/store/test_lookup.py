"""Finding an article from what a person types (changes.lookup), on a real store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pymongo.database import Database

from newscrawl.changes.lookup import (
    Ambiguous,
    NotTracked,
    VersionOutOfRange,
    closest_urls,
    find_article,
    parse_reference,
    url_variants,
    version_pairs,
)
from newscrawl.store.articles import ArticleStore

BASE = "https://www.theguardian.com"
PATHS = [
    "/world/2026/nov/20/harbour-wall-repair",
    "/politics/2026/nov/20/budget-vote-delayed",
    "/uk-news/2026/nov/20/river-festival-returns",
]
T0 = datetime(2026, 11, 20, 10, tzinfo=timezone.utc)


@pytest.fixture
def store(db: Database) -> ArticleStore:
    store = ArticleStore(db)
    store.ensure_indexes()
    store.articles.insert_many(
        [
            {"_id": BASE + path, "url": BASE + path, "source": "guardian",
             "last_changed": T0 + timedelta(minutes=n)}
            for n, path in enumerate(PATHS)
        ]
    )  # fmt: skip
    return store


def test_parse_reference():
    assert parse_reference(" https://x.test/a#v2 ").version == 2
    assert parse_reference("https://x.test/a#v2").text == "https://x.test/a"
    assert parse_reference("https://x.test/a#top").version is None


def test_url_variants():
    variants = url_variants("http://theguardian.com/world/x?CMP=share#comments")
    assert BASE + "/world/x" in variants
    assert "https://www.theguardian.com/world/x" in url_variants(
        "www.theguardian.com/world/x"
    )
    assert url_variants("harbour-wall") == ["harbour-wall"]


def test_find_by_url_version_url_and_part(store):
    url = BASE + PATHS[0]
    assert find_article(store, url).url == url
    found = find_article(store, url + "#v1")
    assert (found.url, found.version) == (url, 1)
    assert find_article(store, "harbour-wall").url == url
    assert find_article(store, "http://theguardian.com" + PATHS[0]).url == url
    # The same path on an old host of the site.
    assert find_article(store, "https://www.guardian.co.uk" + PATHS[0]).url == url


def test_ambiguous_part(store):
    with pytest.raises(Ambiguous) as caught:
        find_article(store, "/2026/nov/20/")
    assert caught.value.matches == sorted(BASE + p for p in PATHS)


def test_not_tracked_suggests_the_closest(store):
    with pytest.raises(NotTracked) as caught:
        find_article(store, BASE + "/world/2026/nov/20/harbour-wall-repairs-begin")
    assert caught.value.suggestions[0] == BASE + PATHS[0]
    assert "is not tracked. Closest tracked URLs:" in str(caught.value)
    with pytest.raises(NotTracked) as caught:
        find_article(store, "budget-votes-delayed")
    assert caught.value.suggestions[0] == BASE + PATHS[1]
    with pytest.raises(NotTracked) as caught:
        find_article(store, "zzzzqqqq")
    assert caught.value.suggestions == []
    assert str(caught.value) == "zzzzqqqq is not tracked"


def test_closest_urls_orders_by_likeness():
    urls = [BASE + p for p in PATHS]
    assert closest_urls("river-festival", urls, n=1) == [BASE + PATHS[2]]


def test_version_pairs():
    assert version_pairs(3) == [(1, 2)]
    assert version_pairs(1) == []
    assert version_pairs(4, every=True) == [(0, 1), (1, 2), (2, 3)]
    assert version_pairs(4, 0) == [(0, 3)]
    assert version_pairs(4, 2, 1) == [(2, 1)]
    assert version_pairs(4, -2, -1) == [(2, 3)]
    assert version_pairs(4, named=2) == [(1, 2)]
    assert version_pairs(4, named=0) == []
    with pytest.raises(VersionOutOfRange, match="versions 0 to 3"):
        version_pairs(4, 0, 4)
    with pytest.raises(VersionOutOfRange, match="only version 0"):
        version_pairs(1, named=1)
