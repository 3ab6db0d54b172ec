"""The store queries only the viewer needs: a source's articles, search, two versions.

Lists of changes come from newscrawl.changes and feeds from
newscrawl.changefeeds, so what those leave out (minor changes, changes a
parser upgrade made) the viewer leaves out too.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from pymongo import DESCENDING

from newscrawl.changes import Change, recent_changes
from newscrawl.store import ArticleStore

T = TypeVar("T")

logger = logging.getLogger(__name__)

#: What a row of a list of articles shows.
_ARTICLE_ROW = {
    "title": 1,
    "source": 1,
    "status": 1,
    "first_seen": 1,
    "last_changed": 1,
    "change_count": 1,
    "version_count": 1,
}
#: Lists newest first are read in growing windows of time back from now: a
#: query bounded in time walks only that part of its index, where an
#: unbounded sorted one reads the whole collection (SecantusDB 0.7.0b3 does,
#: hint or not). The last window is unbounded, so nothing is ever missed.
WINDOWS = tuple(timedelta(hours=h) for h in (1, 6, 36, 216, 1296, 7776)) + (None,)
#: Statuses an article can have, in the order the pages list them.
STATUSES = ("live", "gone", "failing", "retired")


@dataclass(frozen=True)
class SearchResult:
    """Matching articles, newest change first, and how the search was done."""

    articles: list[dict[str, Any]]
    method: str  # "text index", "scan"
    more: bool  # more matches than listed


def source_names(store: ArticleStore) -> list[str]:
    """Return the names of the sources with articles in the store, sorted."""
    # distinct() over the (source, next_check) index: the names without the documents.
    names = store.articles.distinct("source")
    return sorted(name for name in names if isinstance(name, str))


def source_counts(store: ArticleStore, source: str) -> dict[str, int]:
    """Return a source's articles: tracked, changed, and each status."""
    counts = {"tracked": 0, "changed": 0, **dict.fromkeys(STATUSES, 0)}
    for row in store.articles.aggregate(
        [
            {"$match": {"source": source}},
            {
                "$group": {
                    "_id": "$status",
                    "n": {"$sum": 1},
                    "changed": {
                        "$sum": {"$cond": [{"$gt": ["$change_count", 0]}, 1, 0]}
                    },
                }
            },
        ],
    ):
        counts["tracked"] += row["n"]
        counts["changed"] += row["changed"]
        if row["_id"] in counts:
            counts[row["_id"]] = row["n"]
    return counts


def windowed(
    fetch: Callable[[datetime | None], list[T]], now: datetime, wanted: int
) -> list[T]:
    """Return *fetch(since)* for the first window of WINDOWS that gives *wanted* rows.

    *fetch* returns the rows newer than *since* (all with ``None``), newest
    first; the last, unbounded window gives whatever there is.
    """
    for window in WINDOWS:
        rows = fetch(None if window is None else now - window)
        if len(rows) >= wanted:
            return rows
    return rows


def latest_changes(
    store: ArticleStore,
    *,
    now: datetime,
    source: str | None = None,
    headline: bool = False,
    include_minor: bool = False,
    skip: int = 0,
    limit: int = 50,
) -> list[Change]:
    """Return a page of the newest changes (newscrawl.changes decides what counts)."""

    def fetch(since: datetime | None) -> list[Change]:
        return recent_changes(
            store,
            source=source,
            since=since,
            limit=limit,
            include_minor=include_minor,
            changed_field="title" if headline else None,
            skip=skip,
        )

    return windowed(fetch, now, limit)


def source_articles(
    store: ArticleStore,
    source: str,
    *,
    now: datetime,
    skip: int = 0,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Return a page of the source's articles, most recently changed first."""

    def fetch(since: datetime | None) -> list[dict[str, Any]]:
        query: dict[str, Any] = {"source": source}
        if since is not None:
            query["last_changed"] = {"$gte": since}
        cursor = store.articles.find(query, _ARTICLE_ROW).sort("last_changed", -1)
        return list(cursor.skip(skip).limit(limit))

    return windowed(fetch, now, limit)


def has_text_index(store: ArticleStore) -> bool:
    """Return whether the ``articles`` collection has a text index to search."""
    try:
        indexes = store.articles.index_information()
    except Exception:  # a server without listIndexes has no text index
        return False
    return any(kind == "text" for index in indexes.values() for _, kind in index["key"])


def search_filter(text: str, *, text_index: bool) -> dict[str, Any]:
    """Return the ``articles`` filter for *text* in the headline or the URL."""
    if text_index:
        return {"$text": {"$search": text}}
    pattern = {"$regex": re.escape(text), "$options": "i"}
    return {"$or": [{"title": pattern}, {"_id": pattern}]}


def search_articles(
    store: ArticleStore,
    text: str,
    *,
    text_index: bool,
    now: datetime,
    skip: int = 0,
    limit: int = 50,
) -> SearchResult:
    """Return articles whose headline or URL holds *text*, newest change first.

    With a text index, ``$text`` finds them (whole words, any order). Without
    one (SecantusDB has none) a case-insensitive regular expression is
    matched against the headline and the URL, in growing windows of last
    change back from *now*, stopping at the first window with a page full.
    """
    query = search_filter(text, text_index=text_index)

    def fetch(since: datetime | None) -> list[dict[str, Any]]:
        bounded = query
        if since is not None:
            bounded = {"$and": [{"last_changed": {"$gte": since}}, query]}
        cursor = store.articles.find(bounded, _ARTICLE_ROW).sort(
            "last_changed", DESCENDING
        )
        return list(cursor.skip(skip).limit(limit + 1))

    if text_index:
        found = fetch(None)
        return SearchResult(found[:limit], "text index", len(found) > limit)
    found = windowed(fetch, now, limit + 1)
    return SearchResult(found[:limit], "scan", len(found) > limit)


def two_versions(
    store: ArticleStore, url: str, old: int, new: int
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Return versions *old* and *new* of the article (``None`` if one is missing)."""
    docs = {
        doc["version"]: doc
        for doc in store.versions.find({"article": url, "version": {"$in": [old, new]}})
    }
    if old not in docs or new not in docs:
        return None
    return docs[old], docs[new]


class Cache:
    """Values kept for *ttl* seconds; a stale one is served while a thread renews it.

    For what is costly to compute and need not be exact to the second (the
    counts per source): only the first request ever waits for it.
    """

    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._values: dict[Hashable, tuple[float, Any]] = {}
        self._renewing: set[Hashable] = set()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the value of *key*, computing it the first time."""
        with self._lock:
            found = self._values.get(key)
            stale = found is not None and time.monotonic() - found[0] > self.ttl
            renew = stale and key not in self._renewing
            if renew:
                self._renewing.add(key)
        if found is None:
            value = compute()
            with self._lock:
                self._values[key] = (time.monotonic(), value)
            return value
        if renew:
            threading.Thread(
                target=self._renew, args=(key, compute), daemon=True
            ).start()
        return found[1]

    def _renew(self, key: Hashable, compute: Callable[[], Any]) -> None:
        try:
            value = compute()
        except Exception as exc:  # the stale value stays; say why
            logger.warning("could not renew %r: %s", key, exc)
        else:
            with self._lock:
                self._values[key] = (time.monotonic(), value)
        finally:
            with self._lock:
                self._renewing.discard(key)
