"""The store queries only the viewer needs: a source's articles, search, two versions.

Lists of changes come from newscrawl.changes and feeds from
newscrawl.changefeeds, so what those leave out (minor changes, changes a
parser upgrade made) the viewer leaves out too.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from pymongo import ASCENDING, DESCENDING

from newscrawl.changes import BY_ARTICLE
from newscrawl.store import ArticleStore

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
_BY_SOURCE = [("source", ASCENDING), ("last_changed", DESCENDING)]
_BY_LAST_CHANGE = [("last_changed", DESCENDING)]
_BY_SOURCE_DUE = [("source", ASCENDING), ("next_check", ASCENDING)]
#: A search without a text index reads articles newest change first and stops
#: here: a bound on its time, whatever the store's size (said on the page).
SEARCH_SCAN = 20_000
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
        hint=dict(_BY_SOURCE_DUE),
    ):
        counts["tracked"] += row["n"]
        counts["changed"] += row["changed"]
        if row["_id"] in counts:
            counts[row["_id"]] = row["n"]
    return counts


def source_articles(
    store: ArticleStore, source: str, *, skip: int = 0, limit: int = 50
) -> list[dict[str, Any]]:
    """Return a page of the source's articles, most recently changed first."""
    cursor = (
        store.articles.find({"source": source}, _ARTICLE_ROW)
        .sort("last_changed", DESCENDING)
        .hint(_BY_SOURCE)
        .skip(skip)
        .limit(limit)
    )
    return list(cursor)


def has_text_index(store: ArticleStore) -> bool:
    """Return whether the ``articles`` collection has a text index to search."""
    try:
        indexes = store.articles.index_information()
    except Exception:  # noqa: BLE001 - a server without listIndexes has none
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
    skip: int = 0,
    limit: int = 50,
) -> SearchResult:
    """Return articles whose headline or URL holds *text*, newest change first.

    With a text index, ``$text`` finds them (whole words, any order). Without
    one (SecantusDB has none) a case-insensitive regular expression is
    matched against the headline and the URL of at most SEARCH_SCAN articles,
    read through the ``(last_changed)`` index, newest change first.
    """
    query = search_filter(text, text_index=text_index)
    if text_index:
        cursor = store.articles.find(query, _ARTICLE_ROW).sort(
            "last_changed", DESCENDING
        )
        found = list(cursor.skip(skip).limit(limit + 1))
        return SearchResult(found[:limit], "text index", len(found) > limit)
    # Bound the scan: the newest SEARCH_SCAN articles by last change, then match.
    oldest = list(
        store.articles.find({}, {"last_changed": 1})
        .sort("last_changed", DESCENDING)
        .hint(_BY_LAST_CHANGE)
        .skip(SEARCH_SCAN - 1)
        .limit(1)
    )
    if oldest:
        query = {"$and": [{"last_changed": {"$gte": oldest[0]["last_changed"]}}, query]}
    cursor = (
        store.articles.find(query, _ARTICLE_ROW)
        .sort("last_changed", DESCENDING)
        .hint(_BY_LAST_CHANGE)
        .skip(skip)
        .limit(limit + 1)
    )
    found = list(cursor)
    return SearchResult(found[:limit], "scan", len(found) > limit)


def two_versions(
    store: ArticleStore, url: str, old: int, new: int
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Return versions *old* and *new* of the article (``None`` if one is missing)."""
    docs = {
        doc["version"]: doc
        for doc in store.versions.find(
            {"article": url, "version": {"$in": [old, new]}}
        ).hint(BY_ARTICLE)
    }
    if old not in docs or new not in docs:
        return None
    return docs[old], docs[new]
