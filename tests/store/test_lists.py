"""Lists newest first read in slices of time, and the sources' names, on a real store.

Each list is compared with the same list made here from every document,
sorted in Python: the slices must give it exactly, page by page, across
their edges.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pymongo.database import Database

from newscrawl.store import queries
from newscrawl.store.articles import ArticleStore
from newscrawl.store.queries import FIRST_SLICE

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
BASE = "https://www.theguardian.com/world/2026/nov/20/story-"


def _times(rng: random.Random) -> list[datetime]:
    """Times of a store that changes a lot lately, less before, a little long ago."""
    minutes = [rng.uniform(-30, 600) for _ in range(120)]  # some after now
    minutes += [rng.uniform(600, 60 * 24 * 3) for _ in range(100)]
    minutes += [rng.uniform(60 * 24 * 3, 60 * 24 * 90) for _ in range(60)]
    minutes += [60 * 24 * 500, 60 * 24 * 800]  # past the last bounded slice
    times = [NOW - timedelta(minutes=m) for m in minutes]
    # On the edge of the first slice, and two pairs at the same time.
    times += [NOW - FIRST_SLICE, NOW - FIRST_SLICE, times[5], times[70]]
    # BSON keeps milliseconds.
    return [t.replace(microsecond=t.microsecond // 1000 * 1000) for t in times]


@pytest.fixture
def store(db: Database) -> ArticleStore:
    """Changes of two sources at the times above, with first versions, minor
    ones, parser upgrades and headline changes among them."""
    store = ArticleStore(db)
    store.ensure_indexes()
    rng = random.Random(14)
    docs = []
    for n, when in enumerate(_times(rng)):
        # Every change after now and long ago is listed.
        listed = when > NOW or when < NOW - timedelta(days=324)
        version = 1 if listed else rng.choice([0, 1, 1, 2, 3])
        docs.append(
            {
                "article": f"{BASE}{n}",
                "source": rng.choice(["guardian", "bbc"]),
                "version": version,
                "fetched_at": when,
                "title": f"Story {n}",
                "words_added": n,
                "words_removed": 0,
                "changed_fields": rng.choice([["body"], ["title", "body"]])
                if version
                else [],
                "minor": not listed and version > 0 and rng.random() < 0.1,
                "cause": "parser"
                if not listed and version and rng.random() < 0.05
                else "publisher",
            }
        )
    store.versions.insert_many(docs)
    return store


def _expected(store: ArticleStore, **options: Any) -> list[dict[str, Any]]:
    """The changes *options* ask for, from every version, newest first."""
    rows = [
        doc
        for doc in store.versions.find({})
        if doc["version"] > 0
        and (options.get("include_minor") or not doc.get("minor"))
        and doc.get("cause") != "parser"
        and options.get("source") in (None, doc["source"])
        and options.get("changed_field") in (None, *doc["changed_fields"])
        and (options.get("since") is None or doc["fetched_at"] >= options["since"])
    ]
    return sorted(rows, key=lambda doc: doc["fetched_at"], reverse=True)


def _same(got: list[dict], expected: list[dict], time: str = "fetched_at") -> None:
    """Assert the same rows in the same order; rows of one time in any order."""
    assert [row[time] for row in got] == [row[time] for row in expected]
    for row in got:
        assert row["_id"] in {
            other["_id"] for other in expected if other[time] == row[time]
        }


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"source": "bbc"},
        {"changed_field": "title"},
        {"include_minor": True},
        {"source": "guardian", "changed_field": "title"},
        {"since": NOW - timedelta(days=2)},
    ],
)
def test_every_page_of_changes_is_what_one_sorted_query_gives(store, options):
    expected = _expected(store, **options)
    assert len(expected) > 30  # enough for many pages and slices
    for limit in (3, 20, 50):
        for skip in range(0, len(expected) + limit, limit):
            got = queries.changes(store, now=NOW, skip=skip, limit=limit, **options)
            _same(got, expected[skip : skip + limit])
    # Without a now: one query, the same rows.
    _same(queries.changes(store, limit=30, **options), expected[:30])
    # A limit of 0: every change.
    _same(queries.changes(store, now=NOW, limit=0, **options), expected)


def test_a_change_on_the_edge_of_a_slice_is_in_it_once(store):
    edge = NOW - FIRST_SLICE
    got = queries.changes(store, now=NOW, include_minor=True, limit=0)
    at_edge = [row for row in got if row["fetched_at"] == edge]
    expected = [
        row for row in _expected(store, include_minor=True) if row["fetched_at"] == edge
    ]
    assert len(at_edge) == len(expected) == len({row["_id"] for row in at_edge})


def test_changes_far_back_and_after_now_are_listed(store):
    got = queries.changes(store, now=NOW, include_minor=True, limit=500)
    expected = _expected(store, include_minor=True)
    _same(got, expected)
    assert got[0]["fetched_at"] > NOW
    assert got[-1]["fetched_at"] < NOW - timedelta(days=324)


@pytest.fixture
def articles(db: Database) -> ArticleStore:
    """Articles of three sources, changed at the times above."""
    store = ArticleStore(db)
    store.ensure_indexes()
    rng = random.Random(41)
    docs = [
        {
            "_id": f"{BASE}{n}",
            "source": rng.choice(["guardian", "bbc", "nyt"]),
            "title": f"Story {n}",
            "status": "live",
            "first_seen": when,
            "last_changed": when,
            "change_count": n % 3,
            "version_count": n % 3 + 1,
        }
        for n, when in enumerate(_times(rng) * 2)
    ]
    store.articles.insert_many(docs)
    return store


def test_every_page_of_a_sources_articles_is_what_one_sorted_query_gives(articles):
    expected = sorted(
        articles.articles.find({"source": "guardian"}),
        key=lambda doc: doc["last_changed"],
        reverse=True,
    )
    assert len(expected) > 60
    for limit in (4, 50):
        for skip in range(0, len(expected) + limit, limit):
            got = queries.source_articles(
                articles, "guardian", now=NOW, skip=skip, limit=limit
            )
            _same(got, expected[skip : skip + limit], time="last_changed")


def test_the_sources_are_found_whether_changed_lately_or_long_ago(db):
    store = ArticleStore(db)
    store.ensure_indexes()
    recent, old = NOW - timedelta(minutes=5), NOW - timedelta(days=400)
    docs = [
        ("guardian", recent),
        ("bbc", recent),
        ("bbc", old),
        ("bbc-news", old),  # between names seen, and sorting right after one
        ("bbca", old),
        ("aardvark", old),  # before the first seen
        ("zeit", old),  # after the last
        (5, recent),  # not a name
        (None, recent),
    ]
    store.articles.insert_many(
        [
            {"_id": f"{BASE}{n}", "source": source, "last_changed": when}
            for n, (source, when) in enumerate(docs)
        ]
    )
    store.articles.insert_one({"_id": f"{BASE}x", "last_changed": recent})
    expected = ["aardvark", "bbc", "bbc-news", "bbca", "guardian", "zeit"]
    assert queries.source_names(store, now=NOW) == expected
    assert queries.source_names(store) == expected
    # Nothing changed lately: every name comes from the ranges between.
    assert queries.source_names(store, now=NOW - timedelta(days=1000)) == expected
    assert (
        queries.source_names(ArticleStore(db.client[db.name + "_none"]), now=NOW) == []
    )


def test_the_search_pool_lists_the_most_recently_changed_first(articles):
    pool = queries.search_pool(articles, size=10)
    newest = sorted(
        (
            (doc["last_changed"], doc["_id"], doc["title"])
            for doc in articles.articles.find()
        ),
        reverse=True,
    )
    assert pool.rows == newest[:10]
    assert (
        pool.matching("STORY 1", 3)
        == [url for _, url, title in newest[:10] if "story 1" in title.lower()][:3]
    )
