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
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pymongo import ASCENDING, DESCENDING, MongoClient, UpdateOne
from pymongo.database import Database
from pymongo.errors import (
    BulkWriteError,
    DuplicateKeyError,
    OperationFailure,
    PyMongoError,
)
from pymongo.uri_parser import parse_uri

from newscrawl.changes.diff import word_changes
from newscrawl.clock import utcnow
from newscrawl.items import ArticleItem
from newscrawl.store.embedded import EmbeddedStore, EmbeddedStoreError
from newscrawl.text.minor import is_minor_change

logger = logging.getLogger(__name__)

_MAX_ATTEMPTS = 50

#: MongoDB's error code for a duplicate key.
_DUPLICATE_KEY = 11000

#: Ids per $in filter: SecantusDB checks $in against the whole list for every
#: document, so the cost grows with the square of the list's length.
_ID_BATCH = 100

#: Earlier than any next_check: the lower bound of the due query.
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

#: The fields of an article that checking it needs (see ArticleStore.latest).
_STATE_FIELDS = {
    "latest_hash": 1,
    "last_changed": 1,
    "status": 1,
    "version_count": 1,
    "pending": 1,
    "parser_version": 1,
}

#: (last changed, now) -> next check, or None once retired.
Policy = Callable[[datetime, datetime], "datetime | None"]


def change_cause(stored_parser: str | None, parser: str) -> str:
    """Return who made a new version: ``"parser"`` or ``"publisher"``."""
    # Unknown on either side (articles stored before parser versions were
    # recorded): the difference is the publisher's, as it always was.
    if stored_parser and parser and stored_parser != parser:
        return "parser"
    return "publisher"


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
        """Return the article's state a check needs, if tracked.

        That is ``latest_hash``, ``last_changed``, ``status`` and
        ``version_count``. Finishes a version write that a killed crawler left
        ``pending``.
        """
        doc = self.articles.find_one({"_id": url}, _STATE_FIELDS)
        if doc and doc.get("pending"):
            self._roll_forward(url, doc.pop("pending"))
        return doc

    def article(self, url: str) -> dict[str, Any] | None:
        """Return the article document for *url*, if tracked."""
        return self.articles.find_one({"_id": url}, {"pending": 0})

    def history(self, url: str) -> list[dict[str, Any]]:
        """Return every version of the article, oldest first."""
        return list(self.versions.find({"article": url}).sort("version", ASCENDING))

    def summary(self, *, now: datetime | None = None) -> list[dict[str, Any]]:
        """Return per source: articles by status, versions, changes, checks, due."""
        now = now or utcnow()
        day_ago = now - timedelta(days=1)

        def count_if(condition: dict[str, Any]) -> dict[str, Any]:
            return {"$sum": {"$cond": [condition, 1, 0]}}

        def status_is(status: str) -> dict[str, Any]:
            return count_if({"$eq": ["$status", status]})

        rows = {
            row.pop("_id"): row
            for row in self.articles.aggregate(
                [
                    {
                        "$group": {
                            "_id": "$source",
                            "articles": {"$sum": 1},
                            "versions": {"$sum": "$version_count"},
                            "changes": {"$sum": "$change_count"},
                            "parser_changes": {"$sum": "$parser_change_count"},
                            "changed_articles": count_if({"$gt": ["$change_count", 0]}),
                            "live": status_is("live"),
                            "gone": status_is("gone"),
                            "failing": status_is("failing"),
                            "retired": status_is("retired"),
                            # null next_check (retired) sorts below every date.
                            "due": count_if(
                                {
                                    "$and": [
                                        {"$gt": ["$next_check", None]},
                                        {"$lte": ["$next_check", now]},
                                    ]
                                }
                            ),
                            "checked_24h": count_if(
                                {"$gte": ["$last_checked", day_ago]}
                            ),
                            "last_checked": {"$max": "$last_checked"},
                        }
                    },
                    {"$sort": {"_id": 1}},
                ]
            )
        }
        for row in rows.values():
            row["changes_24h"] = 0
        for change in self.versions.aggregate(
            [
                {
                    "$match": {
                        "fetched_at": {"$gte": day_ago},
                        "version": {"$gt": 0},
                        "cause": {"$ne": "parser"},
                    }
                },
                {"$group": {"_id": "$source", "n": {"$sum": 1}}},
            ]
        ):
            if change["_id"] in rows:
                rows[change["_id"]]["changes_24h"] = change["n"]
        return [{"source": source, **row} for source, row in rows.items()]

    # --- re-checks ------------------------------------------------------------

    def _due(self, source: str, now: datetime) -> dict[str, Any]:
        """Return the filter that selects the due articles of *source*."""
        # The explicit lower bound matters: without it SecantusDB's planner
        # walks the whole index, retired articles (null next_check) included.
        return {"source": source, "next_check": {"$gte": _EPOCH, "$lte": now}}

    def retire_stale(self, source: str, *, now: datetime, retire_after: float) -> int:
        """Retire due articles unchanged for *retire_after* seconds; return how many."""
        # Select through the index first: a filter that also names
        # last_changed makes SecantusDB scan the whole collection.
        due = [
            doc["_id"] for doc in self.articles.find(self._due(source, now), {"_id": 1})
        ]
        retired = 0
        for start in range(0, len(due), _ID_BATCH):
            retired += self.articles.update_many(
                {
                    "_id": {"$in": due[start : start + _ID_BATCH]},
                    "next_check": {"$lte": now},
                    "last_changed": {"$lte": now - timedelta(seconds=retire_after)},
                },
                {
                    "$set": {"status": "retired", "next_check": None},
                    "$unset": {"lease": ""},
                },
            ).modified_count
        return retired

    def claim_due(
        self,
        source: str,
        *,
        now: datetime,
        owner: str,
        lease_seconds: float,
        limit: int | None = None,
        batch: int = _ID_BATCH,
    ) -> list[dict[str, Any]]:
        """Lease the source's due articles to *owner*, most overdue first.

        A claimed article's ``next_check`` moves to the lease's end, so no
        other crawler sees it as due until then; if this crawler dies, the
        article is due again when the lease expires. Returns the claimed
        articles' ``_id``, ``etag``, ``last_modified`` and ``parser_version``.
        """
        until = now + timedelta(seconds=lease_seconds)
        claimed: list[dict[str, Any]] = []
        while limit is None or len(claimed) < limit:
            size = batch if limit is None else min(batch, limit - len(claimed))
            due = [
                doc["_id"]
                for doc in self.articles.find(self._due(source, now), {"_id": 1})
                .sort("next_check", ASCENDING)
                .limit(size)
            ]
            if not due:
                break
            # Per-document atomic: where two crawlers race for an article, the
            # second one's filter no longer matches it.
            self.articles.update_many(
                {"_id": {"$in": due}, "next_check": {"$lte": now}},
                {
                    "$set": {
                        "next_check": until,
                        "lease": {"owner": owner, "until": until},
                    }
                },
            )
            mine = {
                doc["_id"]: doc
                for doc in self.articles.find(
                    {"_id": {"$in": due}, "lease.owner": owner, "lease.until": until},
                    {"etag": 1, "last_modified": 1, "parser_version": 1},
                )
            }
            claimed.extend(mine[url] for url in due if url in mine)
        return claimed

    def known(self, urls: list[str]) -> set[str]:
        """Return which of *urls* are tracked already."""
        return {
            doc["_id"] for doc in self.articles.find({"_id": {"$in": urls}}, {"_id": 1})
        }

    def _after_check(
        self,
        query: dict[str, Any],
        update: dict[str, Any],
        *,
        now: datetime,
        previous_status: str | None,
    ) -> bool:
        """Apply *update* to a just-fetched article; note a return from gone/failing."""
        update.setdefault("$unset", {}).update({"lease": "", "failures": ""})
        if previous_status in ("gone", "failing"):
            update["$push"] = {
                "events": {"at": now, "event": "back", "was": previous_status}
            }
        # update_one, not find_one_and_update: the caller knows the status
        # already, and some servers run findAndModify as a collection scan.
        return self.articles.update_one(query, update).matched_count > 0

    def record_gone(
        self,
        url: str,
        *,
        now: datetime,
        event: dict[str, Any],
        next_check: datetime | None,
        previous_status: str | None = None,
    ) -> None:
        """Mark the article gone and note *event* in its history.

        *event* says why: ``{"event": "gone", "status": 404}`` or
        ``{"event": "redirected", "to": URL}``; it is noted once, not again
        on every check that finds the article still gone.
        """
        update: dict[str, Any] = {
            "$set": {"last_checked": now, "next_check": next_check, "status": "gone"},
            "$unset": {"lease": "", "failures": ""},
            "$inc": {"check_count": 1},
        }
        if previous_status != "gone":
            update["$push"] = {"events": {"at": now, **event}}
        self.articles.update_one({"_id": url}, update)

    def record_failure(
        self,
        url: str,
        *,
        now: datetime,
        reason: str,
        max_failures: int,
        backoff: float,
        max_backoff: float,
    ) -> int:
        """Count a failed fetch, back off, mark "failing" after *max_failures*.

        Returns the number of failures in a row (0 if the article is not tracked).
        """
        doc = self.articles.find_one({"_id": url}, {"failures": 1, "status": 1})
        if doc is None:
            return 0
        # The article is leased to this crawler: no one else counts its failures.
        failures = doc.get("failures", 0) + 1
        wait = min(backoff * 2 ** (failures - 1), max_backoff)
        update: dict[str, Any] = {
            "$set": {
                "failures": failures,
                "last_error": {"at": now, "reason": reason},
                "next_check": now + timedelta(seconds=wait),
            },
            "$unset": {"lease": ""},
        }
        if failures >= max_failures:
            update["$set"]["status"] = "failing"
            if doc.get("status") != "failing":
                update["$push"] = {
                    "events": {
                        "at": now,
                        "event": "failing",
                        "failures": failures,
                        "reason": reason,
                    }
                }
        self.articles.update_one({"_id": url}, update)
        return failures

    # --- writes -------------------------------------------------------------

    def record_check(
        self,
        url: str,
        *,
        now: datetime,
        next_check: datetime | None,
        etag: str | None = None,
        last_modified: str | None = None,
        expected_hash: str | None = None,
        previous_status: str | None = None,
        parser_version: str | None = None,
    ) -> bool:
        """Record that the article was fetched and found unchanged.

        With *expected_hash*, only if that is still the latest version's hash:
        returns ``False`` when a concurrent crawler stored a change meanwhile,
        so the caller compares again instead of undoing that change's schedule.
        *previous_status* is the status read before the fetch: coming back from
        ``gone`` or ``failing`` is recorded as an event. *parser_version* is
        the parser that read the page (none for a 304, which was not read).
        """
        query: dict[str, Any] = {"_id": url}
        if expected_hash is not None:
            query["latest_hash"] = expected_hash
        fields: dict[str, Any] = {
            "last_checked": now,
            "next_check": next_check,
            "status": "live" if next_check else "retired",
            "etag": etag,
            "last_modified": last_modified,
        }
        if parser_version:
            # The new parser reads the page as the old one did: a later
            # difference is the publisher's.
            fields["parser_version"] = parser_version
        return self._after_check(
            query,
            {"$set": fields, "$inc": {"check_count": 1}},
            now=now,
            previous_status=previous_status,
        )

    def save(
        self,
        item: ArticleItem,
        *,
        now: datetime,
        policy: Policy,
        known: dict[str, Any] | None | bool = False,
    ) -> SaveResult:
        """Store *item* as a new version unless its hash is the latest one's.

        *policy* maps (last changed, now) to the next check time, or ``None``
        once the article is retired. *known* is the article's state from
        latest() when the caller has just read it (``None``: not tracked), to
        save a round trip.
        """
        url = item.url
        next_check = policy(now, now)
        for attempt in range(_MAX_ATTEMPTS):
            if attempt == 0 and known is not False:
                article = known if isinstance(known, dict) else None
            else:
                article = self.articles.find_one({"_id": url}, _STATE_FIELDS)
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
                if self.record_check(
                    url,
                    now=now,
                    next_check=policy(article["last_changed"], now),
                    etag=item.etag,
                    last_modified=item.last_modified,
                    expected_hash=item.content_hash,
                    previous_status=article.get("status"),
                    parser_version=item.parser_version,
                ):
                    return SaveResult("unchanged", count - 1)
                continue  # changed under us: compare with the newer version
            previous = self.versions.find_one({"article": url, "version": count - 1})
            cause = change_cause(article.get("parser_version"), item.parser_version)
            version = self._version_doc(
                item, count, previous=previous, now=now, cause=cause
            )
            fields = {"latest_hash": item.content_hash, "pending": version}
            if cause == "parser":
                # Not the publisher's change: the schedule and "last changed"
                # still run from the publisher's last one.
                counter = "parser_change_count"
                last_changed = article["last_changed"]
                fields.update(
                    self._article_fields(item, now, policy(last_changed, now))
                )
            else:
                counter = "change_count"
                fields.update(self._article_fields(item, now, next_check))
                fields["last_changed"] = now
            update: dict[str, Any] = {
                "$set": fields,
                "$inc": {"version_count": 1, counter: 1, "check_count": 1},
                "$unset": {"lease": "", "failures": ""},
            }
            if article.get("status") in ("gone", "failing"):
                update["$push"] = {
                    "events": {"at": now, "event": "back", "was": article["status"]}
                }
            # Compare-and-set: only one writer can move version_count from N.
            claimed = self.articles.update_one(
                {"_id": url, "version_count": count}, update
            )
            if claimed.modified_count:
                self._roll_forward(url, version)
                return SaveResult("changed", count)
        raise StoreUnavailable(
            f"could not store {url}: {_MAX_ATTEMPTS} concurrent updates in a row"
        )

    def save_new(
        self, items: list[ArticleItem], *, now: datetime, policy: Policy
    ) -> list[SaveResult | Exception]:
        """Store version 0 of articles not tracked so far, in three writes for all.

        The same writes as save() makes for one new article (the article with
        its version ``pending``, the version, then ``pending`` removed), each
        sent once for the whole list: a server's cost per command is paid
        once. An article that is tracked by now (a concurrent crawler stored
        it first) goes through save(), which compares with that one. Returns
        each item's result, or the error that stopped it, in order.
        """
        next_check = policy(now, now)
        versions = [
            self._version_doc(item, 0, previous=None, now=now) for item in items
        ]
        docs = [
            self._new_article_doc(item, version, now, next_check)
            for item, version in zip(items, versions, strict=True)
        ]
        results: list[SaveResult | Exception | None] = [None] * len(items)
        taken: set[int] = set()  # tracked already: save() compares with theirs
        try:
            self.articles.insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            for error in exc.details.get("writeErrors", []):
                if error.get("code") == _DUPLICATE_KEY:
                    taken.add(error["index"])
                else:
                    results[error["index"]] = OperationFailure(
                        error.get("errmsg", "insert failed"), error.get("code")
                    )
        inserted = [i for i in range(len(items)) if results[i] is None]
        inserted = [i for i in inserted if i not in taken]
        if inserted:
            self._insert_versions([versions[i] for i in inserted])
            self.articles.bulk_write(
                [
                    UpdateOne(
                        {"_id": items[i].url, "pending.version": 0},
                        {"$unset": {"pending": ""}},
                    )
                    for i in inserted
                ],
                ordered=False,
            )
            for i in inserted:
                results[i] = SaveResult("new", 0)
        for i in sorted(taken):
            try:
                results[i] = self.save(items[i], now=now, policy=policy)
            except (PyMongoError, StoreUnavailable) as exc:
                results[i] = exc
        return [
            result
            if result is not None
            else StoreUnavailable(f"not stored: {item.url}")
            for result, item in zip(results, items, strict=True)
        ]

    def _insert_versions(self, versions: list[dict[str, Any]]) -> None:
        """Insert version documents; one inserted already (by a reader) is fine."""
        try:
            self.versions.insert_many([dict(v) for v in versions], ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(error.get("code") != _DUPLICATE_KEY for error in errors):
                raise

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
            "parser_version": item.parser_version or None,
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
            "parser_change_count": 0,
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
        cause: str = "publisher",
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

        minor = previous is not None and is_minor_change(previous, fields)
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
            "minor": minor,
            "parser_version": item.parser_version or None,
            "cause": cause,
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
        from newscrawl.store.embedded import default_data_dir

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
            raise StoreUnavailable(
                f"MONGO_URI {_redact(uri)!r} is not valid: {exc}"
            ) from None
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
    """Return *uri* without its password or query options, for messages and logs."""
    scheme, sep, rest = uri.partition("://")
    # Options may carry secrets too (tlsCertificateKeyFilePassword=...).
    rest = rest.split("?", 1)[0]
    creds, at, host = rest.rpartition("@")
    if not at:
        return f"{scheme}{sep}{rest}"
    user = creds.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}"
