"""The store queries only the viewer needs: a source's articles, search, two versions.

Lists of changes come from newscrawl.changes.listing and feeds from
newscrawl.render.feeds, so what those leave out (minor changes, changes a
parser upgrade made) the viewer leaves out too.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from pymongo import DESCENDING

from newscrawl.changes.listing import Change, recent_changes
from newscrawl.store.articles import ArticleStore

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
#: Lists newest first (changes, a source's articles, search results) are
#: read in growing windows of time back from now: bounded, the query reads
#: only that part of the store, where an unbounded sorted one reads all of
#: it (SecantusDB 0.7.0b3 does, hint or not). The last window is unbounded,
#: so nothing is ever missed.
WINDOWS = tuple(timedelta(hours=h) for h in (1, 6, 36, 216, 1296, 7776)) + (None,)
#: Search without a text index looks at this many articles, the most
#: recently changed (about 150 bytes each in the viewer's memory).
SEARCH_POOL = 200_000
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
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
    """Return a page of the newest changes (changes.listing decides what counts)."""

    def fetch(since: datetime | None) -> list[Change]:
        return recent_changes(
            store,
            source=source,
            since=since,
            limit=limit,
            include_minor=include_minor,
            changed_field="title" if headline else None,
            skip=skip,
            hint=since is None,
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


#: (last change, URL, headline) of an article, for search without a text index.
PoolRow = tuple[datetime, str, str]


def search_pool(store: ArticleStore, size: int = SEARCH_POOL) -> list[PoolRow]:
    """Return the *size* most recently changed articles' URLs and headlines."""
    query = store.articles.find({}, {"title": 1, "last_changed": 1})
    if store.articles.estimated_document_count() > size:
        query = query.sort("last_changed", DESCENDING).limit(size)
    rows = [
        (doc.get("last_changed") or _EPOCH, doc["_id"], doc.get("title") or "")
        for doc in query
    ]
    rows.sort(reverse=True)
    return rows[:size]


def search_articles(
    store: ArticleStore,
    text: str,
    *,
    text_index: bool,
    pool: Callable[[], list[PoolRow]] | None = None,
    skip: int = 0,
    limit: int = 50,
) -> SearchResult:
    """Return articles whose headline or URL holds *text*, newest change first.

    With a text index, ``$text`` finds them (whole words, any order). Without
    one (SecantusDB has none) the text is matched, ignoring case, against the
    headlines and URLs of the *pool* (search_pool(): held by the viewer and
    read again every minute, since the store would read every article for
    each search), and the page's articles are then read by their ids.
    """
    if text_index:
        query = {"$text": {"$search": text}}
        cursor = store.articles.find(query, _ARTICLE_ROW).sort("last_changed", -1)
        found = list(cursor.skip(skip).limit(limit + 1))
        return SearchResult(found[:limit], "text index", len(found) > limit)
    pattern = re.compile(re.escape(text), re.IGNORECASE)
    rows = pool() if pool is not None else search_pool(store)
    matches = [
        url for _, url, title in rows if pattern.search(title) or pattern.search(url)
    ]
    page = matches[skip : skip + limit]
    docs = {
        doc["_id"]: doc
        for doc in store.articles.find({"_id": {"$in": page}}, _ARTICLE_ROW)
    }
    found = [docs[url] for url in page if url in docs]
    return SearchResult(found, "scan", len(matches) > skip + limit)


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
    """Values kept for *ttl* seconds, then renewed by a thread while still served.

    For what is costly to read and need not be exact to the second (lists
    newest first, counts): a request waits only for a value never computed or
    older than *max_age* (10 x *ttl* unless given), so a store that stopped
    answering shows after that. A *ttl* of 0 keeps nothing.
    """

    def __init__(self, ttl: float = 60.0, max_age: float | None = None) -> None:
        self.ttl = ttl
        self.max_age = 10 * ttl if max_age is None else max_age
        self._values: dict[Hashable, tuple[float, Any]] = {}
        self._renewing: set[Hashable] = set()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the value of *key*, computing it when missing or too old."""
        if self.ttl <= 0:
            return compute()
        with self._lock:
            found = self._values.get(key)
            age = time.monotonic() - found[0] if found is not None else None
            renew = (
                age is not None
                and self.ttl < age < self.max_age
                and key not in self._renewing
            )
            if renew:
                self._renewing.add(key)
        if age is None or age >= self.max_age:
            value = compute()
            with self._lock:
                self._values[key] = (time.monotonic(), value)
            return value
        if renew:
            renewal = threading.Thread(target=self._renew, args=(key, compute))
            renewal.daemon = True
            renewal.start()
        assert found is not None
        return found[1]

    def _renew(self, key: Hashable, compute: Callable[[], Any]) -> None:
        try:
            value = compute()
        except Exception as exc:  # the old value stays until max_age; say why
            logger.warning("could not renew %r: %s", key, exc)
        else:
            with self._lock:
                self._values[key] = (time.monotonic(), value)
        finally:
            with self._lock:
                self._renewing.discard(key)
