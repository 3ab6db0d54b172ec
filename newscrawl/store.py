"""The MongoDB store: an ``articles`` document per article, a ``versions`` per version.

The schema is a public interface, documented in docs/schema.md. Every write
is safe against concurrent crawlers: a new version is claimed by a
compare-and-set on the article's ``version_count``, so two writers can never
both create version N nor count one change twice, and the version document
travels inside that same atomic update (``pending``) so that a writer killed
before inserting it loses nothing: the next reader of the article inserts it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pymongo import ASCENDING, DESCENDING, MongoClient
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, PyMongoError
from pymongo.uri_parser import parse_uri

from newscrawl.diff import word_changes
from newscrawl.embedded import EmbeddedStore, EmbeddedStoreError
from newscrawl.items import ArticleItem

logger = logging.getLogger(__name__)

_MAX_ATTEMPTS = 50

#: (last changed, now) -> next check, or None once retired.
Policy = Callable[[datetime, datetime], "datetime | None"]


class StoreUnavailable(RuntimeError):
    """MongoDB (or the embedded store) cannot be reached; the message says which."""


@dataclass(frozen=True)
class SaveResult:
    """What saving a fetched article did: ``new``, ``changed`` or ``unchanged``."""

    outcome: str
    version: int


def _texts(title: str, standfirst: str, byline: str, body: list[str]) -> list[str]:
    return [title, standfirst, byline, *body]


class ArticleStore:
    """The articles and versions collections of one database."""

    def __init__(
        self,
        db: Database,
        *,
        description: str = "",
        embedded: EmbeddedStore | None = None,
    ) -> None:
        self.db = db
        self.articles = db["articles"]
        self.versions = db["versions"]
        self.description = description or db.client.address
        self._embedded = embedded

    def ensure_indexes(self) -> None:
        """Create the indexes of the schema (idempotent)."""
        self.articles.create_index([("source", ASCENDING), ("next_check", ASCENDING)])
        self.articles.create_index([("last_changed", DESCENDING)])
        self.articles.create_index(
            [("source", ASCENDING), ("last_changed", DESCENDING)]
        )
        self.versions.create_index(
            [("article", ASCENDING), ("version", ASCENDING)], unique=True
        )
        self.versions.create_index([("fetched_at", DESCENDING)])
        self.versions.create_index(
            [("changed_fields", ASCENDING), ("fetched_at", DESCENDING)]
        )

    def close(self) -> None:
        """Close the connection and release the embedded server, if any."""
        self.db.client.close()
        if self._embedded is not None:
            self._embedded.release()
            self._embedded = None

    # --- reads --------------------------------------------------------------

    def latest(self, url: str) -> dict[str, Any] | None:
        """Return the article's ``latest_hash`` and ``last_changed``, if tracked."""
        return self.articles.find_one(
            {"_id": url}, {"latest_hash": 1, "last_changed": 1}
        )

    def article(self, url: str) -> dict[str, Any] | None:
        """Return the article document for *url*, if tracked."""
        return self.articles.find_one({"_id": url}, {"pending": 0})

    def history(self, url: str) -> list[dict[str, Any]]:
        """Return every version of the article, oldest first."""
        return list(self.versions.find({"article": url}).sort("version", ASCENDING))

    def summary(self) -> list[dict[str, Any]]:
        """Return per source: articles, versions and changes stored."""
        rows = self.articles.aggregate(
            [
                {
                    "$group": {
                        "_id": "$source",
                        "articles": {"$sum": 1},
                        "versions": {"$sum": "$version_count"},
                        "changes": {"$sum": "$change_count"},
                        "changed_articles": {
                            "$sum": {"$cond": [{"$gt": ["$change_count", 0]}, 1, 0]}
                        },
                        "last_checked": {"$max": "$last_checked"},
                    }
                },
                {"$sort": {"_id": 1}},
            ]
        )
        return [{"source": row.pop("_id"), **row} for row in rows]

    # --- writes -------------------------------------------------------------

    def record_check(
        self,
        url: str,
        *,
        now: datetime,
        next_check: datetime | None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        """Record that the article was fetched and found unchanged."""
        self.articles.update_one(
            {"_id": url},
            {
                "$set": {
                    "last_checked": now,
                    "next_check": next_check,
                    "status": "live" if next_check else "retired",
                    "etag": etag,
                    "last_modified": last_modified,
                },
                "$inc": {"check_count": 1},
            },
        )

    def save(self, item: ArticleItem, *, now: datetime, policy: Policy) -> SaveResult:
        """Store *item* as a new version unless its hash is the latest one's.

        *policy* maps (last changed, now) to the next check time, or ``None``
        once the article is retired.
        """
        url = item.url
        next_check = policy(now, now)
        for _ in range(_MAX_ATTEMPTS):
            article = self.articles.find_one({"_id": url})
            if article is None:
                version = self._version_doc(item, 0, previous=None, now=now)
                try:
                    self.articles.insert_one(
                        self._new_article_doc(item, version, now, next_check)
                    )
                except DuplicateKeyError:
                    continue  # another crawler stored it first: compare with theirs
                self._roll_forward(url, version)
                return SaveResult("new", 0)
            if article.get("pending"):
                self._roll_forward(url, article["pending"])
            count = article["version_count"]
            if article["latest_hash"] == item.content_hash:
                self.record_check(
                    url,
                    now=now,
                    next_check=policy(article["last_changed"], now),
                    etag=item.etag,
                    last_modified=item.last_modified,
                )
                return SaveResult("unchanged", count - 1)
            previous = self.versions.find_one({"article": url, "version": count - 1})
            version = self._version_doc(item, count, previous=previous, now=now)
            claimed = self.articles.update_one(
                {"_id": url, "version_count": count},
                {
                    "$set": {
                        **self._article_fields(item, now, next_check),
                        "last_changed": now,
                        "latest_hash": item.content_hash,
                        "pending": version,
                    },
                    "$inc": {"version_count": 1, "change_count": 1, "check_count": 1},
                },
            )
            if claimed.modified_count:
                self._roll_forward(url, version)
                return SaveResult("changed", count)
        raise StoreUnavailable(
            f"could not store {url}: {_MAX_ATTEMPTS} concurrent updates in a row"
        )

    def _roll_forward(self, url: str, version: dict[str, Any]) -> None:
        try:
            self.versions.insert_one(dict(version))
        except DuplicateKeyError:
            pass  # already inserted, by us or by a concurrent reader
        self.articles.update_one(
            {"_id": url, "pending.version": version["version"]},
            {"$unset": {"pending": ""}},
        )

    @staticmethod
    def _article_fields(
        item: ArticleItem, now: datetime, next_check: datetime | None
    ) -> dict[str, Any]:
        return {
            "title": item.title,
            "canonical_url": item.canonical_url,
            "last_checked": now,
            "next_check": next_check,
            "status": "live" if next_check else "retired",
            "published": item.published,
            "modified": item.modified,
            "section": item.section,
            "etag": item.etag,
            "last_modified": item.last_modified,
        }

    def _new_article_doc(
        self,
        item: ArticleItem,
        version: dict[str, Any],
        now: datetime,
        next_check: datetime | None,
    ) -> dict[str, Any]:
        return {
            "_id": item.url,
            "source": item.source,
            "url": item.url,
            **self._article_fields(item, now, next_check),
            "first_seen": now,
            "last_changed": now,
            "version_count": 1,
            "change_count": 0,
            "check_count": 1,
            "latest_hash": item.content_hash,
            "pending": version,
        }

    @staticmethod
    def _version_doc(
        item: ArticleItem,
        number: int,
        *,
        previous: dict[str, Any] | None,
        now: datetime,
    ) -> dict[str, Any]:
        fields = {
            "title": item.title,
            "standfirst": item.standfirst,
            "byline": item.byline,
            "body": "\n".join(item.body),
        }
        if previous is None:
            added = removed = 0
            changed: list[str] = []
        else:
            added, removed = word_changes(
                _texts(
                    previous["title"],
                    previous["standfirst"],
                    previous["byline"],
                    previous["body"].split("\n"),
                ),
                _texts(item.title, item.standfirst, item.byline, item.body),
            )
            changed = [name for name in fields if fields[name] != previous.get(name)]
        return {
            "article": item.url,
            "source": item.source,
            "version": number,
            "hash": item.content_hash,
            "fetched_at": now,
            **fields,
            "published": item.published,
            "modified": item.modified,
            "section": item.section,
            "tags": list(item.tags),
            "words_added": added,
            "words_removed": removed,
            "changed_fields": changed,
        }


def open_store(
    *,
    uri: str,
    database: str,
    data_dir: str | Path | None = None,
    timeout: float = 5.0,
) -> ArticleStore:
    """Connect to *uri*, or to the embedded store when *uri* is empty; check it answers.

    Raises StoreUnavailable with a one-line reason when it does not.
    """
    embedded = None
    if not uri:
        from newscrawl.embedded import default_data_dir

        directory = Path(data_dir).expanduser() if data_dir else default_data_dir()
        try:
            embedded = EmbeddedStore.acquire(directory)
        except EmbeddedStoreError as exc:
            raise StoreUnavailable(f"embedded store: {exc}") from None
        uri, description = embedded.uri, f"embedded store in {directory}"
    else:
        try:
            parse_uri(uri)
        except (PyMongoError, ValueError) as exc:
            raise StoreUnavailable(f"MONGO_URI {uri!r} is not valid: {exc}") from None
        description = _redact(uri)
    client: MongoClient = MongoClient(
        uri, serverSelectionTimeoutMS=int(timeout * 1000), tz_aware=True
    )
    try:
        client.admin.command("ping")
        store = ArticleStore(
            client[database], description=description, embedded=embedded
        )
        store.ensure_indexes()
    except PyMongoError as exc:
        client.close()
        if embedded is not None:
            embedded.release()
        reason = str(exc).split(",")[0].split(" (configured")[0]
        raise StoreUnavailable(
            f"cannot reach MongoDB at {description} ({reason})"
        ) from None
    return store


def _redact(uri: str) -> str:
    """Return *uri* without its password, for messages and logs."""
    scheme, sep, rest = uri.partition("://")
    creds, at, host = rest.rpartition("@")
    if not at:
        return uri
    user = creds.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}"
