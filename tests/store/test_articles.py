"""ArticleStore against a real MongoDB wire-protocol server (conftest's ``db``)."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pymongo import MongoClient, UpdateMany, UpdateOne
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from newscrawl.changes.compare import compare_versions
from newscrawl.changes.diff import word_changes
from newscrawl.items import ArticleItem
from newscrawl.store import documents, queries
from newscrawl.store.articles import (
    ArticleStore,
    Check,
    Claim,
    Failure,
    SaveResult,
    Stored,
    _check_update,
    _check_writes,
    change_cause,
)
from newscrawl.store.connection import open_store
from newscrawl.store.errors import StoreUnavailable
from newscrawl.store.leases import lease_until
from newscrawl.store.schedule import next_check
from newscrawl.text.normalize import normalize_item

URL = "https://www.theguardian.com/world/2024/feb/24/harbour-wall-repair"
NOW = datetime(2026, 1, 31, 12, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(hours=2)
HOUR = timedelta(hours=1)
PUBLISHED = datetime(2026, 1, 31, 9, 30, tzinfo=timezone.utc)

BODY0 = ["Work starts in March.", "Café owners welcome it."]
BODY1 = ["Work starts in April.", "Café owners welcome it.", "More to come."]


def policy(last_changed: datetime, now: datetime) -> datetime | None:
    return now + timedelta(minutes=15)


def _item(
    *,
    url: str = URL,
    source: str = "guardian",
    title: str = "Harbour wall to be repaired",
    standfirst: str = "Council approves £2m plan",
    byline: str = "Jane Smith",
    body: list[str] | None = None,
    **extra: Any,
) -> ArticleItem:
    item = ArticleItem(
        url=url,
        source=source,
        title=title,
        standfirst=standfirst,
        byline=byline,
        body=list(BODY0 if body is None else body),
        section=extra.pop("section", "World news"),
        tags=extra.pop("tags", ["World news", "UK news"]),
        published=extra.pop("published", PUBLISHED),
        **extra,
    )
    return normalize_item(item)


@pytest.fixture
def store(db: Database) -> ArticleStore:
    store = ArticleStore(db)
    store.ensure_indexes()
    return store


def _numbers(db: Database, url: str = URL) -> list[int]:
    return [v["version"] for v in db.versions.find({"article": url}).sort("version")]


def _texts(version: dict[str, Any]) -> list[str]:
    return [
        version["title"],
        version["standfirst"],
        version["byline"],
        *version["body"].split("\n"),
    ]


# --- save: new, unchanged, changed, flip back --------------------------------------


def test_save_new_article_stores_version_zero(store, db):
    item = _item(etag='"abc"', last_modified="Sat, 31 Jan 2026 11:00:00 GMT")
    assert store.save(
        item, now=NOW, policy=policy, compare=compare_versions
    ) == SaveResult("new", 0)

    article = db.articles.find_one({"_id": URL})
    assert article["source"] == "guardian"
    assert article["url"] == URL
    assert article["title"] == "Harbour wall to be repaired"
    assert article["first_seen"] == NOW
    assert article["last_checked"] == NOW
    assert article["last_changed"] == NOW
    assert article["next_check"] == NOW + timedelta(minutes=15)
    assert article["status"] == "live"
    assert article["version_count"] == 1
    assert article["change_count"] == 0
    assert article["check_count"] == 1
    assert article["latest_hash"] == item.content_hash
    assert article["published"] == PUBLISHED
    assert article["etag"] == '"abc"'
    assert article["last_modified"] == "Sat, 31 Jan 2026 11:00:00 GMT"
    assert "pending" not in article

    [version] = list(db.versions.find({"article": URL}))
    assert version["source"] == "guardian"
    assert version["version"] == 0
    assert version["hash"] == item.content_hash
    assert version["fetched_at"] == NOW
    assert version["title"] == item.title
    assert version["standfirst"] == "Council approves £2m plan"
    assert version["byline"] == "Jane Smith"
    assert version["body"] == "\n".join(BODY0)
    assert version["published"] == PUBLISHED
    assert version["section"] == "World news"
    assert version["tags"] == ["World news", "UK news"]
    assert version["words_added"] == 0
    assert version["words_removed"] == 0


def test_save_same_text_is_unchanged_and_counts_a_check(store, db):
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    result = store.save(_item(), now=LATER, policy=policy, compare=compare_versions)
    assert result == SaveResult("unchanged", 0)

    article = db.articles.find_one({"_id": URL})
    assert article["check_count"] == 2
    assert article["version_count"] == 1
    assert article["change_count"] == 0
    assert article["last_checked"] == LATER
    assert article["last_changed"] == NOW
    assert article["first_seen"] == NOW
    assert article["next_check"] == LATER + timedelta(minutes=15)
    assert db.versions.count_documents({"article": URL}) == 1


def test_whitespace_only_difference_is_unchanged(store, db):
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    messy = _item(
        title=" Harbour\u00a0wall to be  repaired\n", body=["", *BODY0, "\u200b"]
    )
    assert (
        store.save(messy, now=LATER, policy=policy, compare=compare_versions).outcome
        == "unchanged"
    )
    assert _numbers(db) == [0]


def test_unchanged_check_passes_last_changed_to_the_policy(store):
    seen: list[tuple[datetime, datetime]] = []

    def recording(last_changed: datetime, now: datetime) -> datetime:
        seen.append((last_changed, now))
        return now + timedelta(hours=1)

    store.save(_item(), now=NOW, policy=recording, compare=compare_versions)
    seen.clear()
    store.save(_item(), now=LATER, policy=recording, compare=compare_versions)
    assert (NOW, LATER) in seen
    assert queries.article(store, URL)["next_check"] == LATER + timedelta(hours=1)


def test_save_changed_text_stores_version_one_with_its_changes(store, db):
    first = _item()
    store.save(first, now=NOW, policy=policy, compare=compare_versions)
    changed = _item(body=BODY1)
    assert store.save(
        changed, now=LATER, policy=policy, compare=compare_versions
    ) == SaveResult("changed", 1)

    article = db.articles.find_one({"_id": URL})
    assert article["version_count"] == 2
    assert article["change_count"] == 1
    assert article["check_count"] == 2
    assert article["latest_hash"] == changed.content_hash
    assert article["last_changed"] == LATER
    assert article["last_checked"] == LATER
    assert article["first_seen"] == NOW
    assert article["next_check"] == LATER + timedelta(minutes=15)
    assert "pending" not in article

    v0, v1 = queries.versions(store, URL)
    assert (v0["version"], v1["version"]) == (0, 1)
    assert v0["hash"] == first.content_hash
    assert v1["hash"] == changed.content_hash
    assert v1["fetched_at"] == LATER
    assert v1["body"] == "\n".join(BODY1)
    assert v1["changed_fields"] == ["body"]
    # "March." -> "April." and a new paragraph "More to come."
    assert (v1["words_added"], v1["words_removed"]) == (4, 1)


def test_changed_fields_name_every_field_that_changed(store):
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    store.save(
        _item(title="Harbour wall repair delayed", byline="John Smith"),
        now=LATER,
        policy=policy,
        compare=compare_versions,
    )
    v1 = queries.versions(store, URL)[1]
    assert v1["changed_fields"] == ["title", "byline"]
    assert (v1["words_added"], v1["words_removed"]) == (3, 4)
    # Check against the project's own word diff of the two full texts.
    assert (v1["words_added"], v1["words_removed"]) == word_changes(
        _texts(queries.versions(store, URL)[0]), _texts(v1)
    )


def test_a_section_or_tag_change_alone_is_no_new_version(store, db):
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    result = store.save(
        _item(section="Opinion", tags=["Other"]),
        now=LATER,
        policy=policy,
        compare=compare_versions,
    )
    assert result.outcome == "unchanged"
    assert _numbers(db) == [0]


def test_alt_title_is_kept_with_its_version_but_never_hashed(store, db):
    first = _item(alt_title="Harbour wall: what the repair means for you")
    assert first.content_hash == _item().content_hash
    store.save(first, now=NOW, policy=policy, compare=compare_versions)
    [version] = db.versions.find({"article": URL})
    assert version["alt_title"] == "Harbour wall: what the repair means for you"

    # The other wording alone changes, or goes: no new version, no change.
    for alt_title in ("Harbour wall repair: the council's plan", None):
        result = store.save(
            _item(alt_title=alt_title),
            now=LATER,
            policy=policy,
            compare=compare_versions,
        )
        assert result.outcome == "unchanged"
    assert _numbers(db) == [0]
    assert db.articles.find_one({"_id": URL})["change_count"] == 0

    # A new version of the text keeps the wording its page had, outside the
    # changed fields and word counts.
    changed = _item(body=BODY1, alt_title="Harbour wall repair: the council's plan")
    assert store.save(changed, now=LATER, policy=policy, compare=compare_versions)
    latest = db.versions.find_one({"article": URL, "version": 1})
    assert latest["alt_title"] == "Harbour wall repair: the council's plan"
    assert latest["changed_fields"] == ["body"]


def test_flip_back_to_the_first_text_is_a_new_version(store, db):
    first, second = _item(), _item(body=BODY1)
    store.save(first, now=NOW, policy=policy, compare=compare_versions)
    store.save(
        second, now=NOW + timedelta(hours=1), policy=policy, compare=compare_versions
    )
    result = store.save(
        _item(), now=NOW + timedelta(hours=2), policy=policy, compare=compare_versions
    )
    assert result == SaveResult("changed", 2)

    versions = queries.versions(store, URL)
    assert [v["version"] for v in versions] == [0, 1, 2]
    assert [v["hash"] for v in versions] == [
        first.content_hash,
        second.content_hash,
        first.content_hash,
    ]
    assert (versions[2]["words_added"], versions[2]["words_removed"]) == (1, 4)
    article = queries.article(store, URL)
    assert (article["version_count"], article["change_count"]) == (3, 2)
    assert article["latest_hash"] == first.content_hash
    # ... and the same text again is then unchanged.
    again = store.save(
        _item(), now=NOW + timedelta(hours=3), policy=policy, compare=compare_versions
    )
    assert again == SaveResult("unchanged", 2)


def test_retiring_policy_marks_the_article_retired(store):
    store.save(
        _item(),
        now=NOW,
        policy=lambda last_changed, now: None,
        compare=compare_versions,
    )
    article = queries.article(store, URL)
    assert article["next_check"] is None
    assert article["status"] == "retired"


def test_articles_are_kept_apart_by_url(store, db):
    other = URL.replace("harbour-wall-repair", "budget-vote")
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    assert store.save(
        _item(url=other), now=NOW, policy=policy, compare=compare_versions
    ) == SaveResult("new", 0)
    assert _numbers(db, URL) == [0]
    assert _numbers(db, other) == [0]


def test_state_and_article_reads(store):
    assert store.state(URL) is None
    assert queries.article(store, URL) is None
    item = _item()
    store.save(item, now=NOW, policy=policy, compare=compare_versions)
    assert store.state(URL) == Stored(
        latest_hash=item.content_hash,
        last_changed=NOW,
        status="live",
        version_count=1,
        parser_version=None,
    )
    assert queries.versions(store, URL)[0]["version"] == 0
    assert queries.versions(store, "https://www.theguardian.com/nope") == []


# --- record_check ------------------------------------------------------------------


def test_record_check_counts_a_check_and_schedules_the_next(store, db):
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    store.record_check(
        URL, now=LATER, next_check=LATER + timedelta(hours=1), etag='"v2"'
    )
    article = queries.article(store, URL)
    assert article["check_count"] == 2
    assert article["last_checked"] == LATER
    assert article["next_check"] == LATER + timedelta(hours=1)
    assert article["status"] == "live"
    assert article["etag"] == '"v2"'
    assert article["last_changed"] == NOW
    assert (article["version_count"], article["change_count"]) == (1, 0)
    assert db.versions.count_documents({}) == 1


def test_record_check_without_next_check_retires_the_article(store):
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    store.record_check(URL, now=LATER, next_check=None)
    article = queries.article(store, URL)
    assert article["status"] == "retired"
    assert article["next_check"] is None
    assert article["check_count"] == 2


def test_record_check_of_an_unknown_url_creates_nothing(store, db):
    store.record_check(URL, now=NOW, next_check=LATER)
    assert db.articles.count_documents({}) == 0


# --- summary -----------------------------------------------------------------------


def test_failures_are_counted_in_one_batch_and_end_in_failing(store, db):
    other = URL.replace("harbour-wall-repair", "budget-vote")
    for url in (URL, other):
        store.save(_item(url=url), now=NOW, policy=policy, compare=compare_versions)
    rules = {"max_failures": 2, "backoff": 60.0, "max_backoff": 90.0}
    untracked = URL + "-unknown"
    counts = store.record_failures(
        [
            Failure(URL, NOW, "timeout"),
            Failure(untracked, NOW, "dns"),
            Failure(other, NOW, "HTTP 503"),
            Failure(URL, LATER, "HTTP 500"),  # twice in one batch: counted in order
        ],
        **rules,
    )
    assert counts == [1, 0, 1, 2]
    assert db.articles.find_one({"_id": untracked}) is None
    article = db.articles.find_one({"_id": URL})
    assert (article["failures"], article["status"]) == (2, "failing")
    assert article["last_error"] == {"at": LATER, "reason": "HTTP 500"}
    assert article["next_check"] == LATER + timedelta(seconds=90)  # capped
    (event,) = [e for e in article["events"] if e["event"] == "failing"]
    assert event == {
        "at": LATER,
        "event": "failing",
        "failures": 2,
        "reason": "HTTP 500",
    }
    article = db.articles.find_one({"_id": other})
    assert (article["failures"], article["status"]) == (1, "live")
    assert article["next_check"] == NOW + timedelta(seconds=60)
    # Failing already: no second event.
    assert store.record_failures([Failure(URL, LATER, "timeout")], **rules) == [3]
    events = db.articles.find_one({"_id": URL})["events"]
    assert [e["event"] for e in events].count("failing") == 1
    assert store.record_failures([], **rules) == []


@pytest.mark.parametrize("counted_here", [True, False])
def test_summary_counts_per_source(store, monkeypatch, counted_here):
    # On SecantusDB the summary counts the articles itself; elsewhere the
    # server groups them. Both ways on the one server the tests run on.
    monkeypatch.setattr(queries, "is_secantus", lambda db: counted_here)
    assert queries.summary(store, now=NOW) == []
    g1, g2 = URL, URL.replace("harbour-wall-repair", "budget-vote")
    bbc = "https://www.bbc.co.uk/news/world-12345678"
    store.save(_item(url=g1), now=NOW, policy=policy, compare=compare_versions)
    store.save(
        _item(url=g1, body=BODY1),
        now=NOW + timedelta(hours=1),
        policy=policy,
        compare=compare_versions,
    )
    store.save(
        _item(url=g1),
        now=NOW + timedelta(hours=2),
        policy=policy,
        compare=compare_versions,
    )
    store.save(_item(url=g2), now=NOW, policy=policy, compare=compare_versions)
    store.save(
        _item(url=g2),
        now=LATER + timedelta(hours=1),
        policy=policy,
        compare=compare_versions,
    )
    store.save(
        _item(url=bbc, source="bbc"), now=NOW, policy=policy, compare=compare_versions
    )

    rows = queries.summary(store, now=NOW)
    assert [row["source"] for row in rows] == ["bbc", "guardian"]
    bbc_row, guardian = rows
    assert guardian["articles"] == 2
    assert guardian["versions"] == 4
    assert guardian["changes"] == 2
    assert guardian["changed_articles"] == 1
    assert guardian["last_checked"] == LATER + timedelta(hours=1)
    assert (bbc_row["articles"], bbc_row["versions"], bbc_row["changes"]) == (1, 1, 0)
    assert bbc_row["changed_articles"] == 0
    assert bbc_row["last_checked"] == NOW
    # Each next check 15 minutes after the last: bbc's is past at LATER,
    # the guardian's (after NOW + 2 h and NOW + 3 h) only hours later.
    due = [queries.summary(store, now=at)[1]["due"] for at in (LATER, NOW + 4 * HOUR)]
    assert [row["due"] for row in rows] == [0, 0] and due == [0, 2]
    assert queries.summary(store, now=LATER)[0]["due"] == 1
    assert [row["checked_24h"] for row in rows] == [1, 2]
    assert (guardian["live"], guardian["gone"]) == (2, 0)


@pytest.mark.skipif(bool(os.environ.get("MONGO_URI")), reason="MONGO_URI's server")
def test_the_tests_own_server_is_known_for_secantusdb(store):
    from newscrawl.store.indexes import is_secantus

    assert is_secantus(store.db)


# --- crash recovery -----------------------------------------------------------------


def _crash_after_claim(store: ArticleStore, item: ArticleItem, now: datetime) -> dict:
    """Do what ``save`` does up to its claim of the next version, then "die".

    The article document gets the compare-and-set update with ``pending``, but
    the version document is never inserted.
    """
    article = store.articles.find_one({"_id": item.url})
    count = article["version_count"]
    previous = store.versions.find_one({"article": item.url, "version": count - 1})
    pending = documents.version(
        item, count, now=now, previous=previous, compare=compare_versions
    )
    claimed = store.articles.update_one(
        {"_id": item.url, "version_count": count},
        {
            "$set": {
                **documents.article_fields(item, now, policy(now, now)),
                "last_changed": now,
                "latest_hash": item.content_hash,
                "pending": pending,
            },
            "$inc": {"version_count": 1, "change_count": 1, "check_count": 1},
            "$unset": {"failures": ""},
        },
    )
    assert claimed.modified_count == 1
    assert store.versions.count_documents({"article": item.url}) == count
    return pending


def _texts_of(item: ArticleItem) -> list[str]:
    return [item.title, item.standfirst, item.byline, *item.body]


def _assert_consistent(store: ArticleStore, url: str = URL) -> list[dict]:
    article = store.articles.find_one({"_id": url})
    versions = queries.versions(store, url)
    assert "pending" not in article
    assert [v["version"] for v in versions] == list(range(article["version_count"]))
    assert article["change_count"] == article["version_count"] - 1
    assert article["latest_hash"] == versions[-1]["hash"]
    for older, newer in zip(versions[:-1], versions[1:], strict=True):
        assert older["hash"] != newer["hash"]
        assert (newer["words_added"], newer["words_removed"]) == word_changes(
            _texts(older), _texts(newer)
        )
    return versions


def test_crash_after_claim_then_same_text_inserts_the_missing_version(store, db):
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    changed = _item(body=BODY1)
    pending = _crash_after_claim(store, changed, LATER)

    # The next crawl fetches the page again, still with the claimed text.
    result = store.save(
        _item(body=BODY1),
        now=LATER + timedelta(hours=1),
        policy=policy,
        compare=compare_versions,
    )
    assert result == SaveResult("unchanged", 1)
    versions = _assert_consistent(store)
    assert len(versions) == 2
    v1 = versions[1]
    v1.pop("_id")
    assert v1 == pending
    assert db.versions.count_documents({"article": URL, "version": 1}) == 1


def test_crash_after_claim_then_another_text_keeps_every_version(store):
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    _crash_after_claim(store, _item(body=BODY1), LATER)

    third = _item(title="Harbour wall repair delayed", body=BODY1)
    result = store.save(
        third, now=LATER + timedelta(hours=1), policy=policy, compare=compare_versions
    )
    assert result == SaveResult("changed", 2)
    versions = _assert_consistent(store)
    assert [v["hash"] for v in versions][1:] == [
        _item(body=BODY1).content_hash,
        third.content_hash,
    ]
    # Version 2 is diffed against the recovered version 1, not version 0.
    assert versions[2]["changed_fields"] == ["title"]


def test_crash_after_inserting_a_new_article_recovers_version_zero(store, db):
    item = _item()
    # What save's first insert_one writes, and the writer dies before the version.
    store.articles.insert_one(
        {
            "_id": URL,
            "source": "guardian",
            "url": URL,
            "title": item.title,
            "last_checked": NOW,
            "next_check": policy(NOW, NOW),
            "status": "live",
            "first_seen": NOW,
            "last_changed": NOW,
            "version_count": 1,
            "change_count": 0,
            "check_count": 1,
            "latest_hash": item.content_hash,
            "pending": {
                "article": URL,
                "source": "guardian",
                "version": 0,
                "hash": item.content_hash,
                "fetched_at": NOW,
                "title": item.title,
                "standfirst": item.standfirst,
                "byline": item.byline,
                "body": "\n".join(item.body),
                "published": item.published,
                "modified": None,
                "section": item.section,
                "tags": item.tags,
                "words_added": 0,
                "words_removed": 0,
                "changed_fields": [],
            },
        }
    )
    assert store.save(
        _item(), now=LATER, policy=policy, compare=compare_versions
    ) == SaveResult("unchanged", 0)
    _assert_consistent(store)
    assert db.versions.count_documents({"article": URL}) == 1


def test_crash_recovery_by_concurrent_readers_inserts_the_version_once(
    store, db, mongo_uri
):
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    _crash_after_claim(store, _item(body=BODY1), LATER)

    results = _run_concurrently(
        mongo_uri, db.name, [[_item(body=BODY1)] for _ in range(8)]
    )
    assert Counter(r.outcome for r in results) == Counter({"unchanged": 8})
    _assert_consistent(store)
    assert db.versions.count_documents({"article": URL}) == 2
    assert db.versions.count_documents({"article": URL, "version": 1}) == 1


def test_crash_recovery_through_the_dedupe_path_of_an_unchanged_refetch(store):
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    _crash_after_claim(store, _item(body=BODY1), LATER)

    # Exactly what pipelines/dedupe.py does with an unchanged re-fetch.
    refetch = _item(body=BODY1)
    stored = store.state(URL)
    assert stored.latest_hash == refetch.content_hash
    now = LATER + timedelta(hours=1)
    store.record_check(
        URL, now=now, next_check=policy(stored.last_changed, now), etag=None
    )
    _assert_consistent(store)


# --- concurrency --------------------------------------------------------------------


def _in_threads(
    mongo_uri: str,
    database: str,
    work: Callable[[ArticleStore, Any], Any],
    inputs: list[Any],
) -> list[Any]:
    """Call ``work(store, input)`` for every input at once: a thread and a
    client each, started together; return the results, in order."""
    barrier = threading.Barrier(len(inputs))
    results: list[Any] = [None] * len(inputs)
    errors: list[BaseException] = []

    def worker(n: int, value: Any) -> None:
        client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
        try:
            own = ArticleStore(client[database])
            barrier.wait(timeout=60)
            results[n] = work(own, value)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            client.close()

    threads = [
        threading.Thread(target=worker, args=(n, value))
        for n, value in enumerate(inputs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert errors == []
    return results


def _run_concurrently(
    mongo_uri: str, database: str, plans: list[list[ArticleItem]]
) -> list[SaveResult]:
    """Save each plan's items in order, one thread and one client per plan."""

    def save(own: ArticleStore, items: list[ArticleItem]) -> list[SaveResult]:
        return [
            own.save(item, now=NOW, policy=policy, compare=compare_versions)
            for item in items
        ]

    saved = _in_threads(mongo_uri, database, save, plans)
    return [result for results in saved for result in results]


def test_crawlers_claiming_at_once_split_the_due_articles(store, db, mongo_uri):
    urls = _tracked(store, 400)
    db.articles.update_many({}, {"$set": {"next_check": NOW}})
    owners = [f"crawler-{n}" for n in range(4)]

    def claim(own: ArticleStore, owner: str) -> list[str]:
        claim = own.claim_due(
            "guardian", now=LATER, owner=owner, lease_seconds=600, batch=40
        )
        return [doc["_id"] for doc in claim.articles]

    claims = dict(
        zip(owners, _in_threads(mongo_uri, db.name, claim, owners), strict=True)
    )
    # Each article claimed by exactly one crawler, and leased to it.
    claimed = Counter(url for urls_of in claims.values() for url in urls_of)
    assert claimed == Counter(urls)
    leases = {doc["_id"]: doc["owner"] for doc in db.leases.find()}
    assert leases == {url: owner for owner in owners for url in claims[owner]}


TEXTS = [
    BODY0,
    BODY1,
    ["Work starts in May.", "Café owners are unhappy."],
    ["The repair is cancelled."],
]


def test_concurrent_writers_number_versions_without_gaps_or_duplicates(
    store, db, mongo_uri
):
    # 8 writers, each with its own client: some save the same text, some not.
    plans = [[_item(body=TEXTS[i % len(TEXTS)])] for i in range(8)]
    results = _run_concurrently(mongo_uri, db.name, plans)

    versions = _assert_consistent(store)
    article = store.articles.find_one({"_id": URL})
    n = article["version_count"]
    assert 1 <= n <= 8
    assert article["check_count"] == 8
    outcomes = Counter(r.outcome for r in results)
    assert outcomes["new"] == 1
    assert outcomes["changed"] == n - 1 == article["change_count"]
    assert outcomes["unchanged"] == 8 - n
    stored = {i.content_hash for p in plans for i in p}
    assert {v["hash"] for v in versions} <= stored
    # Each "new"/"changed" result names a distinct version that exists.
    created = sorted(r.version for r in results if r.outcome != "unchanged")
    assert created == list(range(n))


def test_concurrent_writers_over_many_rounds(store, db, mongo_uri):
    # Each writer cycles through the texts from its own starting point, so
    # the same URL sees many concurrent changes, flips back and repeats.
    plans = [
        [_item(body=TEXTS[(i + k) % len(TEXTS)]) for k in range(6)] for i in range(8)
    ]
    results = _run_concurrently(mongo_uri, db.name, plans)
    assert len(results) == 48

    versions = _assert_consistent(store)
    article = store.articles.find_one({"_id": URL})
    n = article["version_count"]
    assert n == len(versions)
    assert article["check_count"] == 48
    outcomes = Counter(r.outcome for r in results)
    assert outcomes["new"] == 1
    assert outcomes["changed"] == n - 1 == article["change_count"]
    assert outcomes["unchanged"] == 48 - n
    assert sorted(r.version for r in results if r.outcome != "unchanged") == list(
        range(n)
    )
    assert db.versions.count_documents({}) == n
    assert db.articles.count_documents({"pending": {"$exists": True}}) == 0


def test_a_stale_unchanged_check_does_not_undo_a_concurrent_change(store, db):
    def schedule(last_changed: datetime, now: datetime) -> datetime | None:
        return next_check(last_changed=last_changed, now=now)

    old = NOW - timedelta(days=2)
    store.save(_item(etag='"A"'), now=old, policy=schedule, compare=compare_versions)
    other = ArticleStore(db)
    calls = []

    def interleaving(last_changed: datetime, now: datetime) -> datetime | None:
        # save() calls the policy with the article's last_changed only on its
        # unchanged branch, after it read the article and before record_check:
        # exactly then, another crawler stores a real change.
        calls.append(last_changed)
        if last_changed == old:
            result = other.save(
                _item(body=BODY1, etag='"B"'),
                now=NOW,
                policy=schedule,
                compare=compare_versions,
            )
            assert result == SaveResult("changed", 1)
        return schedule(last_changed, now)

    # The stale "unchanged" check no longer matches the latest hash, so save()
    # compares again: against version 1, its text is a flip back, version 2.
    result = store.save(
        _item(etag='"A"'), now=NOW, policy=interleaving, compare=compare_versions
    )
    assert result == SaveResult("changed", 2)
    assert old in calls
    article = queries.article(store, URL)
    assert (article["version_count"], article["change_count"]) == (3, 2)
    assert article["latest_hash"] == _item().content_hash
    assert article["last_changed"] == NOW
    # Not the 3 h interval the stale check computed from the old last_changed.
    assert article["next_check"] == NOW + timedelta(minutes=15)
    assert article["etag"] == '"A"'


def test_a_batch_of_checks_says_exactly_which_were_recorded(store, db):
    urls = [URL.replace("harbour", f"harbour-{n}") for n in range(3)]
    for url in urls:
        store.save(_item(url=url), now=NOW, policy=policy, compare=compare_versions)
    stored = _item().content_hash
    # Microseconds, as the crawl's clock gives them: BSON keeps milliseconds.
    at = LATER + timedelta(microseconds=123_456)
    checks = [
        Check(urls[0], now=at, next_check=None, expected_hash=stored),
        Check(urls[1], now=at, next_check=None, expected_hash="a stale hash"),
        Check(urls[2], now=at, next_check=None),
        Check(URL + "-untracked", now=at, next_check=None),
    ]
    assert store.record_checks(checks) == [True, False, True, False]
    counts = {a["_id"]: a["check_count"] for a in db.articles.find()}
    assert counts == {urls[0]: 2, urls[1]: 1, urls[2]: 2}
    # The same article twice in a batch: the missed check is told from the
    # recorded one by the time of the article's last check.
    again = Check(urls[1], now=at + timedelta(seconds=1), next_check=None)
    assert store.record_checks([checks[1], again]) == [False, True]
    assert db.articles.find_one({"_id": urls[1]})["check_count"] == 2


# --- indexes ------------------------------------------------------------------------


def _stages(plan: Any) -> list[dict[str, Any]]:
    """Every stage in an explain() plan tree (classic or SBE, any nesting)."""
    found: list[dict[str, Any]] = []
    if isinstance(plan, dict):
        if "stage" in plan:
            found.append(plan)
        for value in plan.values():
            found.extend(_stages(value))
    elif isinstance(plan, list):
        for value in plan:
            found.extend(_stages(value))
    return found


def _winning_stages(explain: dict[str, Any]) -> list[dict[str, Any]]:
    planner = explain.get("queryPlanner", explain)
    stages = _stages(planner["winningPlan"])
    assert stages, explain
    return stages


def _index_scans(explain: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in _winning_stages(explain) if s["stage"] == "IXSCAN"]


def _fill(db: Database) -> None:
    db.articles.insert_many(
        {
            "_id": f"https://example.test/{i}",
            "source": ("guardian", "bbc", "nyt")[i % 3],
            "next_check": NOW + timedelta(minutes=i - 50),
            "last_changed": NOW - timedelta(hours=i),
        }
        for i in range(120)
    )
    db.versions.insert_many(
        {"article": f"https://example.test/{i % 30}", "version": i // 30}
        for i in range(120)
    )


def test_due_query_uses_the_source_next_check_index(store, db):
    _fill(db)
    explain = (
        db.articles.find({"source": "guardian", "next_check": {"$lte": NOW}})
        .sort("next_check", 1)
        .explain()
    )
    scans = _index_scans(explain)
    assert any(dict(s["keyPattern"]) == {"source": 1, "next_check": 1} for s in scans)
    assert "COLLSCAN" not in {s["stage"] for s in _winning_stages(explain)}
    due = list(
        db.articles.find({"source": "guardian", "next_check": {"$lte": NOW}}).sort(
            "next_check", 1
        )
    )
    assert [d["next_check"] for d in due] == sorted(d["next_check"] for d in due)
    assert {d["source"] for d in due} == {"guardian"}
    assert len(due) == 17  # i = 0, 3, ..., 48


def test_history_query_uses_the_unique_article_version_index(store, db):
    _fill(db)
    explain = db.versions.find({"article": "https://example.test/1"}).sort("version", 1)
    scans = _index_scans(explain.explain())
    assert any(dict(s["keyPattern"]) == {"article": 1, "version": 1} for s in scans), (
        scans
    )
    assert "COLLSCAN" not in {s["stage"] for s in _winning_stages(explain.explain())}


def test_recent_changes_per_source_uses_an_index(store, db):
    _fill(db)
    explain = (
        db.articles.find({"source": "guardian"})
        .sort("last_changed", -1)
        .limit(10)
        .explain()
    )
    assert _index_scans(explain)
    assert "COLLSCAN" not in {s["stage"] for s in _winning_stages(explain)}


def test_article_version_index_is_unique(store, db):
    info = db.versions.index_information()
    unique = [
        spec
        for spec in info.values()
        if spec["key"] == [("article", 1), ("version", 1)]
    ]
    assert unique and unique[0].get("unique") is True
    assert [("source", 1), ("next_check", 1)] in [
        spec["key"] for spec in db.articles.index_information().values()
    ]


def test_duplicate_article_version_raises_duplicate_key_error(store, db):
    store.save(_item(), now=NOW, policy=policy, compare=compare_versions)
    with pytest.raises(DuplicateKeyError):
        db.versions.insert_one({"article": URL, "version": 0, "hash": "v1:x"})
    # The same version number of another article is fine.
    db.versions.insert_one({"article": URL + "-2", "version": 0})
    assert db.versions.count_documents({"version": 0}) == 2


def test_ensure_indexes_is_idempotent(store, db):
    before = sorted(db.articles.index_information())
    store.ensure_indexes()
    store.ensure_indexes()
    assert sorted(db.articles.index_information()) == before


# --- open_store ---------------------------------------------------------------------


def test_open_store_on_the_test_server_works(mongo_uri, db):
    store = open_store(uri=mongo_uri, database=db.name, timeout=10)
    try:
        assert store.db.name == db.name
        assert (
            store.save(
                _item(), now=NOW, policy=policy, compare=compare_versions
            ).outcome
            == "new"
        )
        keys = [spec["key"] for spec in db.versions.index_information().values()]
        assert [("article", 1), ("version", 1)] in keys
    finally:
        store.close()


def _unavailable(uri: str) -> str:
    """The message of the StoreUnavailable that opening a store at *uri* raises."""
    with pytest.raises(StoreUnavailable) as info:
        open_store(uri=uri, database="x", timeout=1)
    return str(info.value)


def test_unreachable_server_raises_store_unavailable_naming_the_uri():
    message = _unavailable("mongodb://127.0.0.1:9")
    assert "mongodb://127.0.0.1:9" in message
    assert "cannot reach" in message
    assert "\n" not in message


def test_unreachable_server_message_never_shows_the_password():
    uri = "mongodb://reporter:hunter2secret@127.0.0.1:9/?authSource=admin"
    message = _unavailable(uri)
    assert "hunter2secret" not in message
    assert "127.0.0.1:9" in message
    assert "cannot reach" in message


def test_a_uri_that_is_no_uri_raises_store_unavailable_naming_mongo_uri():
    message = _unavailable("not-a-uri")
    assert "MONGO_URI" in message
    assert "not-a-uri" in message


def test_an_invalid_uri_message_never_shows_the_password():
    uri = "mongodb://reporter:hunter2secret@127.0.0.1:notaport/"
    message = _unavailable(uri)
    assert "MONGO_URI" in message
    assert "hunter2secret" not in message


def test_a_password_option_in_the_uri_is_not_shown_either():
    uri = "mongodb://127.0.0.1:9/?tlsCertificateKeyFilePassword=hunter2secret"
    assert "hunter2secret" not in _unavailable(uri)


def test_save_new_stores_version_zero_of_each_in_one_batch(store, db):
    items = [_item(url=f"{URL}-{n}", title=f"Story {n}") for n in range(3)]
    results = store.save_new(items, now=NOW, policy=policy, compare=compare_versions)
    assert results == [SaveResult("new", 0)] * 3
    for item in items:
        article = db.articles.find_one({"_id": item.url})
        assert "pending" not in article
        assert (article["version_count"], article["change_count"]) == (1, 0)
        assert article["latest_hash"] == item.content_hash
        assert article["next_check"] == policy(NOW, NOW)
        assert _numbers(db, item.url) == [0]
    single = _item(url=f"{URL}-single", title="Story 0")
    store.save(single, now=NOW, policy=policy, compare=compare_versions)
    batched = db.versions.find_one({"article": items[0].url}, {"_id": 0, "article": 0})
    alone = db.versions.find_one({"article": single.url}, {"_id": 0, "article": 0})
    assert batched == alone  # the same version document as save() writes


def test_save_new_of_an_article_stored_meanwhile_compares_with_that_one(store, db):
    store.save(
        _item(), now=NOW, policy=policy, compare=compare_versions
    )  # another crawler, first
    changed = _item(body=BODY1)
    results = store.save_new(
        [_item(), changed, _item(url=f"{URL}-other")],
        now=LATER,
        policy=policy,
        compare=compare_versions,
    )
    # The same text is a check, another text a new version: never a second v0.
    assert results[0] == SaveResult("unchanged", 0)
    assert results[1] == SaveResult("changed", 1)
    assert results[2] == SaveResult("new", 0)
    assert _numbers(db) == [0, 1]
    article = db.articles.find_one({"_id": URL})
    assert (article["version_count"], article["change_count"]) == (2, 1)
    assert article["check_count"] == 3
    assert "pending" not in article


# --- who made a version ---------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "current", "cause"),
    [
        ("1", "2", "parser"),
        ("2", "2", "publisher"),
        (None, "2", "publisher"),  # stored before parser versions were kept
        ("1", "", "publisher"),  # a parser that names no version
    ],
)
def test_change_cause(stored, current, cause):
    assert change_cause(stored, current) == cause


def test_claims_lease_each_due_article_once_most_overdue_first(store, db):
    urls = [f"{URL}-{n:03d}" for n in range(250)]  # more than a batch
    items = [_item(url=url) for url in urls]
    store.save_new(items, now=NOW, policy=policy, compare=compare_versions)
    # Due at different times, in an order other than the URLs'.
    for n, url in enumerate(urls):
        due = NOW + timedelta(seconds=(n * 37) % 250)
        db.articles.update_one({"_id": url}, {"$set": {"next_check": due}})
    overdue_first = sorted(urls, key=lambda url: (urls.index(url) * 37) % 250)
    articles = list(db.articles.find())
    at = NOW + HOUR

    def claim(owner: str, limit: int | None = None) -> list[str]:
        claim = store.claim_due(
            "guardian", now=at, owner=owner, lease_seconds=600, limit=limit, batch=40
        )
        return [doc["_id"] for doc in claim.articles]

    assert claim("a", limit=120) == overdue_first[:120]
    assert claim("b") == overdue_first[120:]
    assert claim("c") == []  # every one leased ...
    held = store.claim_due("guardian", now=at, owner="c", lease_seconds=600)
    assert (held.articles, held.retired, held.held) == ([], 0, 250)  # ... to others
    leases = list(db.leases.find())
    assert Counter(lease["owner"] for lease in leases) == {"a": 120, "b": 130}
    assert {lease["until"] for lease in leases} == {lease_until(at, 600)}
    # A lease is a document of its own: claiming writes no article.
    assert list(db.articles.find()) == articles
    # Once the leases end, the articles are due to whoever claims them.
    assert claim("c", limit=10) == []  # reads on past the held ones, and ends
    later = at + timedelta(seconds=600)
    again = store.claim_due("guardian", now=later, owner="d", lease_seconds=600)
    assert [doc["_id"] for doc in again.articles] == overdue_first


def test_claims_return_only_what_this_owner_leased_when_another_took_some(store, db):
    urls = _tracked(store, 10)
    at = NOW + HOUR
    db.articles.update_many({}, {"$set": {"next_check": NOW}})
    # Between this crawler's due read and its lease, another leased three ...
    held = urls[2:5]
    db.leases.insert_many(
        [{"_id": url, "source": "guardian", "owner": "b", "until": at + HOUR}
         for url in held]
    )  # fmt: skip
    # ... one's lease had ended (its crawler died) ...
    db.leases.insert_one(
        {"_id": urls[6], "source": "guardian", "owner": "c", "until": at}
    )
    # ... and another crawler, late on its own lease, checked one.
    checked = urls[8]
    db.articles.update_one({"_id": checked}, {"$set": {"next_check": at + HOUR}})
    mine = store._lease(urls, source="guardian", now=at, until=at + HOUR, owner="a")
    expected = [url for url in urls if url not in held and url != checked]
    assert [doc["_id"] for doc in mine] == expected
    assert all(doc["latest_hash"] for doc in mine)
    owners = {doc["_id"]: doc["owner"] for doc in db.leases.find()}
    assert owners == {
        url: "b" if url in held else "a" for url in urls if url != checked
    }
    # A crawl's end releases its own leases, not another's.
    assert store.release(urls, owner="a") == len(expected)
    assert sorted(doc["_id"] for doc in db.leases.find()) == held


def test_renewed_leases_keep_their_articles_from_other_claims(store, db):
    urls = _tracked(store, 6)
    db.articles.update_many({}, {"$set": {"next_check": NOW}})

    def claim(owner: str, at: datetime) -> Claim:
        return store.claim_due("guardian", now=at, owner=owner, lease_seconds=600)

    assert len(claim("a", NOW).articles) == 6
    # Another crawl leased one of them after a's lease on it ended.
    db.leases.update_one({"_id": urls[0]}, {"$set": {"owner": "b"}})
    later = NOW + timedelta(seconds=500)
    assert store.renew_leases(owner="a", now=later, lease_seconds=600) == 5
    until = {doc["_id"]: (doc["owner"], doc["until"]) for doc in db.leases.find()}
    assert until[urls[0]] == ("b", NOW + timedelta(seconds=600))  # not a's to renew
    assert all(until[url] == ("a", later + timedelta(seconds=600)) for url in urls[1:])
    # Past the leases' first end, before the renewed one: a's are held.
    past = NOW + timedelta(seconds=700)
    taken = claim("c", past)
    assert ([doc["_id"] for doc in taken.articles], taken.held) == ([urls[0]], 5)
    # A crawl that holds none renews none.
    assert store.renew_leases(owner="d", now=past, lease_seconds=600) == 0


def test_a_claim_retires_only_due_articles_unchanged_that_long(store, db):
    urls = _tracked(store, 4)
    day = timedelta(days=1)
    at = NOW + 50 * day
    # 0 and 1 unchanged for 45 days and due; 2 changed 5 days ago; 3 not due.
    changed = {urls[0]: at - 45 * day, urls[1]: at - 45 * day, urls[2]: at - 5 * day}
    for url, when in changed.items():
        db.articles.update_one(
            {"_id": url}, {"$set": {"last_changed": when, "next_check": at - HOUR}}
        )
    db.articles.update_one(
        {"_id": urls[3]},
        {"$set": {"last_changed": at - 45 * day, "next_check": at + HOUR}},
    )

    def claim(owner: str) -> tuple[list[str], int]:
        claim = store.claim_due(
            "guardian", now=at, owner=owner, lease_seconds=600, retire_after=40 * 86400
        )
        return [doc["_id"] for doc in claim.articles], claim.retired

    assert claim("a") == ([urls[2]], 2)  # the stale ones retired, not leased
    status = {doc["_id"]: doc["status"] for doc in db.articles.find()}
    assert status == {
        urls[0]: "retired",
        urls[1]: "retired",
        urls[2]: "live",
        urls[3]: "live",
    }
    assert {doc["_id"] for doc in db.leases.find()} == {urls[2]}
    assert claim("b") == ([], 0)


def test_alike_checks_are_written_as_one_update_and_the_rest_one_each():
    at = LATER
    alike = [Check(f"{URL}-{n}", now=at, next_check=at + HOUR) for n in range(5)]
    later = Check(f"{URL}-5", now=at + timedelta(seconds=1), next_check=at + HOUR)
    hashed = Check(f"{URL}-6", now=at, next_check=at + HOUR, expected_hash="v1:x")
    twice = Check(f"{URL}-0", now=at, next_check=at + HOUR)
    writes = _check_writes([*alike, later, hashed, twice])
    update = _check_update(alike[0])[1]
    assert sorted(writes, key=repr) == sorted(
        [
            UpdateMany({"_id": {"$in": [check.url for check in alike]}}, update),
            UpdateOne(*_check_update(later)),
            UpdateOne(*_check_update(hashed)),
            UpdateOne(*_check_update(twice)),
        ],
        key=repr,
    )


def test_a_batch_of_304s_keeps_the_validators_the_server_did_not_change(store, db):
    urls = _tracked(store, 3)
    db.articles.update_many({}, {"$set": {"etag": '"old"', "last_modified": "Mon"}})
    checks = [
        Check(url, now=LATER, next_check=LATER + HOUR, keep_validators=True)
        for url in urls[:2]
    ]
    checks.append(
        Check(
            urls[2],
            now=LATER,
            next_check=LATER + HOUR,
            etag='"new"',
            last_modified="Mon",
        )
    )
    assert store.record_checks(checks) == [True, True, True]
    found = {
        doc["_id"]: (doc["etag"], doc["last_modified"], doc["check_count"])
        for doc in db.articles.find()
    }
    assert found == {
        urls[0]: ('"old"', "Mon", 2),
        urls[1]: ('"old"', "Mon", 2),
        urls[2]: ('"new"', "Mon", 2),
    }
    assert all(doc["last_checked"] == LATER for doc in db.articles.find())


def test_checks_guarded_by_the_claim_are_one_write_and_miss_once_checked(store, db):
    urls = _tracked(store, 3)
    db.articles.update_many({}, {"$set": {"next_check": NOW}})
    claimed = store.claim_due("guardian", now=LATER, owner="a", lease_seconds=600)
    assert [doc["_id"] for doc in claimed.articles] == urls
    # The lease ran out, and another crawler claimed and checked the last one.
    other = LATER + timedelta(seconds=600)
    assert [doc["_id"] for doc in store.claim_due(
        "guardian", now=other, owner="b", lease_seconds=600
    ).articles] == urls  # fmt: skip
    store.record_check(urls[2], now=other, next_check=other + HOUR, due_by=other)
    checks = [
        Check(url, now=LATER, next_check=LATER + HOUR, due_by=LATER) for url in urls
    ]
    writes = _check_writes(checks)
    assert [type(write) for write in writes] == [UpdateMany]
    assert store.record_checks(checks) == [True, True, False]
    counts = {doc["_id"]: doc["check_count"] for doc in db.articles.find()}
    assert counts == {urls[0]: 2, urls[1]: 2, urls[2]: 2}


def _tracked(store: ArticleStore, count: int) -> list[str]:
    """Store *count* new articles at NOW; return their URLs, in order."""
    urls = [f"{URL}-{n:03d}" for n in range(count)]
    store.save_new(
        [_item(url=url) for url in urls],
        now=NOW,
        policy=policy,
        compare=compare_versions,
    )
    return urls
