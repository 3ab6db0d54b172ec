"""The record of every crawl (``crawls``) and each source's last verdict (``health``).

One document per crawl, written when it ends: what it did, in the counts of
its summary line, and how complete what it stored was (docs/schema.md).
newscrawl.health reads them to say whether a source is healthy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import DESCENDING

from newscrawl.store.articles import ArticleStore

#: How many of a source's crawls the verdict weighs (its recent history).
HISTORY = 50


def record_crawl(store: ArticleStore, doc: dict[str, Any]) -> None:
    """Keep the record of a crawl that ended."""
    store.db["crawls"].insert_one(doc)


def recent_crawls(
    store: ArticleStore, source: str, *, limit: int = HISTORY
) -> list[dict[str, Any]]:
    """Return the source's last crawls, newest first."""
    cursor = store.db["crawls"].find({"source": source}, {"_id": 0})
    return list(cursor.sort("ended", DESCENDING).limit(limit))


def crawled_sources(store: ArticleStore) -> list[str]:
    """Return the sources that have crawls on record, sorted."""
    names = store.db["crawls"].distinct("source")
    return sorted(name for name in names if isinstance(name, str))


def last_verdict(store: ArticleStore, source: str) -> dict[str, Any] | None:
    """Return the verdict on *source* that was last announced, if any."""
    return store.db["health"].find_one({"_id": source})


def set_verdict(store: ArticleStore, source: str, state: str, at: datetime) -> None:
    """Note that *source* was found *state* at *at* (and announced so)."""
    store.db["health"].update_one(
        {"_id": source}, {"$set": {"state": state, "since": at}}, upsert=True
    )
