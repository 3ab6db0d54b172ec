"""The list of recent changes (store.queries.changes) on a real store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pymongo.database import Database

from newscrawl.changes.listing import Change
from newscrawl.render.text import format_changes
from newscrawl.store import queries
from newscrawl.store.articles import ArticleStore
from newscrawl.store.indexes import CHANGES_INDEX

T0 = datetime(2026, 11, 20, 10, tzinfo=timezone.utc)
BASE = "https://www.theguardian.com/world/2026/nov/20/story-"


def recent_changes(store: ArticleStore, **options) -> list[Change]:
    return [Change.from_doc(doc) for doc in queries.changes(store, **options)]


@pytest.fixture
def store(db: Database) -> ArticleStore:
    """Two sources; every third version minor; version n at T0 + n hours."""
    store = ArticleStore(db)
    store.ensure_indexes()
    docs = []
    for n in range(12):
        article, version = n % 3, n // 3
        docs.append(
            {
                "article": f"{BASE}{article}",
                "source": "guardian" if article else "bbc",
                "version": version,
                "fetched_at": T0 + timedelta(hours=n),
                "title": f"Story {article}, version {version}",
                "words_added": n,
                "words_removed": 1,
                "changed_fields": ["body"] if version else [],
                **({"minor": n == 7} if n != 10 else {}),  # 10: stored before `minor`
            }
        )
    store.versions.insert_many(docs)
    return store


def test_newest_first_without_first_versions_or_minor_ones(store):
    changes = recent_changes(store)
    assert [c.fetched_at for c in changes] == [
        T0 + timedelta(hours=n) for n in (11, 10, 9, 8, 6, 5, 4, 3)
    ]
    assert all(c.version > 0 for c in changes)
    assert changes[0].version_url == f"{BASE}2#v3"


def test_filters_and_limit(store):
    hours = [c.fetched_at.hour for c in recent_changes(store, include_minor=True)]
    assert hours == [21, 20, 19, 18, 17, 16, 15, 14, 13]  # 17 is the minor one
    assert {c.source for c in recent_changes(store, source="bbc")} == {"bbc"}
    since = T0 + timedelta(hours=8)
    assert [c.fetched_at.hour for c in recent_changes(store, since=since)] == [
        21, 20, 19, 18,
    ]  # fmt: skip
    assert len(recent_changes(store, limit=2)) == 2


@pytest.mark.parametrize("hours", [2, 8, 11, 100])
def test_slices_back_from_now_never_reach_past_since(store, hours):
    now = T0 + timedelta(days=30)  # every slice but the oldest ones is empty
    since = T0 + timedelta(hours=hours)
    for limit in (1, 3, 20):
        sliced = queries.changes(store, now=now, since=since, limit=limit)
        # Without now: one sorted query, the reference.
        assert sliced == queries.changes(store, since=since, limit=limit)
    assert all(
        doc["fetched_at"] >= since
        for doc in queries.changes(store, now=now, since=since)
    )


def _plan(store: ArticleStore, **options) -> str:
    """The winning plan of the aggregation that reads a slice of changes."""
    pipeline = queries.changes_pipeline(lower=T0, upper=None, limit=5, **options)
    explained = store.db.command(
        "aggregate", "versions", pipeline=pipeline, explain=True
    )
    return str(explained)


def test_served_by_the_index_of_changes_or_of_changed_fields(store):
    # Only changes, not the first versions that outnumber them.
    for options in ({}, {"source": "guardian"}, {"include_minor": True}):
        plan = _plan(store, **options)
        assert "IXSCAN" in plan and CHANGES_INDEX in plan, options
        assert "COLLSCAN" not in plan
    # An equality and one bounded range: the (changed_fields, fetched_at) index.
    plan = _plan(store, changed_field="title")
    assert "changed_fields_1_fetched_at_-1" in plan and "COLLSCAN" not in plan


def test_lines():
    assert format_changes([]) == ["No changes."]


def test_lines_have_when_source_headline_version_words_and_id(store):
    header, first, *_ = format_changes(recent_changes(store, limit=3))
    assert header.split() == ["when", "source", "headline", "version", "words", "id"]
    assert first.split() == [
        "2026-11-20", "21:00", "UTC", "guardian", "Story", "2,", "version", "3",
        "v3", "+11", "-1", f"{BASE}2#v3",
    ]  # fmt: skip


def test_each_change_with_the_whole_version_before_it(store):
    changes = queries.changes(store, now=T0 + timedelta(days=1), limit=50)
    pairs = queries.with_previous(store, changes)
    assert [(new["article"], new["version"]) for _, new in pairs] == [
        (change["article"], change["version"]) for change in changes
    ]
    for old, new in pairs:
        assert (old["article"], old["version"]) == (new["article"], new["version"] - 1)
        assert "title" in old and "words_added" in new and "_id" in new
    # A change whose version before is not stored (a crawl is writing it)
    # is left out; so is that version's own change.
    gone = (changes[0]["article"], changes[0]["version"] - 1)
    store.versions.delete_one({"article": gone[0], "version": gone[1]})
    left = queries.with_previous(store, changes)
    assert [new["_id"] for _, new in left] == [
        change["_id"]
        for change in changes
        if gone not in {(change["article"], change["version"] - n) for n in (0, 1)}
    ]
    assert len(left) == len(changes) - 2
