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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any

from pymongo import ASCENDING, UpdateMany, UpdateOne
from pymongo.database import Database
from pymongo.errors import (
    BulkWriteError,
    DuplicateKeyError,
    OperationFailure,
    PyMongoError,
)

from newscrawl.items import ArticleItem
from newscrawl.store import documents
from newscrawl.store.documents import Compare
from newscrawl.store.embedded import EmbeddedStore
from newscrawl.store.errors import DUPLICATE_KEY, StoreUnavailable, duplicates
from newscrawl.store.indexes import EPOCH, ID_BATCH, ensure_indexes
from newscrawl.store.leases import Leases, lease_until
from newscrawl.store.schedule import Policy

logger = logging.getLogger(__name__)

_MAX_ATTEMPTS = 50


#: The fields of an article that checking it needs (see ArticleStore.state).
_STATE_FIELDS = {
    "latest_hash": 1,
    "last_changed": 1,
    "status": 1,
    "version_count": 1,
    "pending": 1,
    "parser_version": 1,
    "page_key": 1,
    "etag": 1,
    "last_modified": 1,
}


def change_cause(stored_parser: str | None, parser: str) -> str:
    """Return who made a new version: ``"parser"`` or ``"publisher"``."""
    # Unknown on either side (articles stored before parser versions were
    # recorded): the difference is the publisher's, as it always was.
    if stored_parser and parser and stored_parser != parser:
        return "parser"
    return "publisher"


@dataclass(frozen=True)
class Stored:
    """What the store holds of a tracked article that checking a page needs."""

    latest_hash: str
    last_changed: datetime
    status: str | None
    version_count: int
    parser_version: str | None = None
    #: The key of the page last read (text.hashing.page_key), if any.
    page_key: str | None = None
    #: The HTTP validators of the latest fetch.
    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Stored:
        """Build from an ``articles`` document."""
        return cls(
            latest_hash=doc["latest_hash"],
            last_changed=doc["last_changed"],
            status=doc.get("status"),
            version_count=doc["version_count"],
            parser_version=doc.get("parser_version"),
            page_key=doc.get("page_key"),
            etag=doc.get("etag"),
            last_modified=doc.get("last_modified"),
        )


class _Unread(Enum):
    UNREAD = "unread"


#: save()'s default: the caller has not read the article, so save() reads it.
UNREAD = _Unread.UNREAD


@dataclass(frozen=True)
class Check:
    """A fetch of a tracked article that found it unchanged (a 304, or its text).

    *previous_status* is the status read before the fetch: coming back from
    ``gone`` or ``failing`` is recorded as an event. *parser_version* is the
    parser that read the page (none for a 304, which was not read).
    *expected_hash*: record it only while that is the latest version's hash.
    *page_key* is the fetched page's key (none for a 304: the page is the
    one whose key the article holds). *keep_validators*: the fetch's validators
    are the stored ones, and are not written (*etag* and *last_modified* unused).
    *due_by*: record it only while the article is due by then (the time of
    the claim that leased it), which any other crawler's check or change
    moves past: the same guard for every article of a crawl, where
    *expected_hash* is one each.
    """

    url: str
    now: datetime
    next_check: datetime | None
    etag: str | None = None
    last_modified: str | None = None
    keep_validators: bool = False
    expected_hash: str | None = None
    previous_status: str | None = None
    parser_version: str | None = None
    page_key: str | None = None
    due_by: datetime | None = None


@dataclass(frozen=True)
class Failure:
    """A failed fetch of a tracked article (a network error, a 5xx): why, when."""

    url: str
    now: datetime
    reason: str


@dataclass(frozen=True)
class Claim:
    """What claim_due did: the articles it leased (their state), how many it
    retired, and how many due ones other crawlers held."""

    articles: list[dict[str, Any]]
    retired: int = 0
    held: int = 0


@dataclass(frozen=True)
class SaveResult:
    """What saving a fetched article did: ``new``, ``changed`` or ``unchanged``."""

    outcome: str
    version: int


def _check_update(check: Check) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the filter and the update that record *check*."""
    query: dict[str, Any] = {"_id": check.url}
    if check.expected_hash is not None:
        query["latest_hash"] = check.expected_hash
    if check.due_by is not None:
        query["next_check"] = {"$lte": check.due_by}
    fields: dict[str, Any] = {
        "last_checked": check.now,
        "next_check": check.next_check,
        "status": "live" if check.next_check else "retired",
    }
    if not check.keep_validators:
        fields["etag"], fields["last_modified"] = check.etag, check.last_modified
    if check.parser_version:
        # The new parser reads the page as the old one did: a later
        # difference is the publisher's.
        fields["parser_version"] = check.parser_version
    if check.page_key:
        fields["page_key"] = check.page_key
    update: dict[str, Any] = {
        "$set": fields,
        "$inc": {"check_count": 1},
        "$unset": {"failures": ""},
    }
    if check.previous_status in ("gone", "failing"):
        update["$push"] = {
            "events": {"at": check.now, "event": "back", "was": check.previous_status}
        }
    return query, update


def _check_writes(checks: Sequence[Check]) -> list[UpdateOne | UpdateMany]:
    """Return the writes that record *checks*: one for each group of alike.

    Checks made in the same second that change the same fields alike (304s
    above all) are one update of all their articles: SecantusDB commits, and
    with ``journal=true`` syncs, each update of a bulk write apart.
    """
    groups: dict[str, tuple[dict[str, Any], dict[str, Any], list[str]]] = {}
    writes: list[UpdateOne | UpdateMany] = []
    for check in checks:
        query, update = _check_update(check)
        rest = {field: value for field, value in query.items() if field != "_id"}
        key = repr((rest, update))
        if key not in groups:
            groups[key] = (rest, update, [])
        urls = groups[key][2]
        if check.url in urls:  # twice in a batch: counted twice, as it came
            writes.append(UpdateOne(query, update))
        else:
            urls.append(check.url)
    for rest, update, urls in groups.values():
        if len(urls) == 1:
            writes.append(UpdateOne({"_id": urls[0], **rest}, update))
        else:
            writes.append(UpdateMany({"_id": {"$in": urls}, **rest}, update))
    return writes


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
        self.leases = Leases(db)
        # Not db.client.address: it waits for a server, and is a tuple.
        self.description = description or f"MongoDB database {db.name}"
        self._embedded = embedded

    def ensure_indexes(self) -> None:
        """Create the indexes of the schema (idempotent)."""
        ensure_indexes(self.db)

    def disconnect(self) -> None:
        """Close the connection now: calls waiting for a server that is gone fail."""
        self.db.client.close()

    def close(self) -> None:
        """Close the connection and release the embedded server, if any."""
        self.db.client.close()
        if self._embedded is not None:
            self._embedded.release()
            self._embedded = None

    # --- what a check reads --------------------------------------------------

    def state(self, url: str) -> Stored | None:
        """Return what checking a page of the article needs, if tracked.

        Finishes a version write that a killed crawler left ``pending``.
        """
        doc = self.articles.find_one({"_id": url}, _STATE_FIELDS)
        if doc is None:
            return None
        if doc.get("pending"):
            self._roll_forward(url, doc.pop("pending"))
        return Stored.from_doc(doc)

    def tracked(self, urls: list[str]) -> set[str]:
        """Return which of *urls* are tracked already."""
        found: set[str] = set()
        for start in range(0, len(urls), ID_BATCH):
            batch = urls[start : start + ID_BATCH]
            found.update(
                doc["_id"]
                for doc in self.articles.find({"_id": {"$in": batch}}, {"_id": 1})
            )
        return found

    # --- re-checks ------------------------------------------------------------

    def _due(self, source: str, now: datetime) -> dict[str, Any]:
        """Return the filter that selects the due articles of *source*."""
        # The explicit lower bound matters: without it SecantusDB's planner
        # walks the whole index, retired articles (null next_check) included.
        return {"source": source, "next_check": {"$gte": EPOCH, "$lte": now}}

    def claim_due(
        self,
        source: str,
        *,
        now: datetime,
        owner: str,
        lease_seconds: float,
        retire_after: float | None = None,
        limit: int | None = None,
        batch: int = ID_BATCH,
    ) -> Claim:
        """Lease the source's due articles to *owner*, most overdue first; retire
        those unchanged for *retire_after* seconds instead.

        No other crawler leases a claimed article until the lease ends (or
        *owner* releases it); if this crawler dies, the article is claimed
        again after that. Returns the claimed articles' ``_id``, ``etag``,
        ``last_modified`` and what state() reads, read once leased (the lease
        keeps other crawlers from changing them meanwhile).
        """
        until = lease_until(now, lease_seconds)
        cutoff = None if retire_after is None else now - timedelta(seconds=retire_after)
        claimed: list[dict[str, Any]] = []
        seen: set[str] = set()
        retired = held = 0
        while limit is None or len(claimed) < limit:
            # The due articles read once, then leased in batches: SecantusDB
            # sorts every match of a sorted read before its limit, so a read
            # per batch made claiming 10,000 articles take 25 s, not 1. A
            # claimed article stays due, so a read for more skips the ones seen.
            due_now = self.articles.find(
                self._due(source, now), {"last_changed": 1}
            ).sort("next_check", ASCENDING)
            if limit is not None:
                due_now = due_now.limit(len(seen) + limit - len(claimed))
            due = [doc for doc in due_now if doc["_id"] not in seen]
            seen.update(doc["_id"] for doc in due)
            stale: set[str] = set()
            if cutoff is not None:
                # Picked from the due read: a filter that also names
                # last_changed makes SecantusDB scan the whole collection, and
                # a write that matches nothing still costs a pass over its ids.
                stale = {
                    doc["_id"]
                    for doc in due
                    if _at_or_before(doc.get("last_changed"), cutoff)
                }
                retired += self._retire(sorted(stale), now=now, cutoff=cutoff)
            urls = [doc["_id"] for doc in due if doc["_id"] not in stale]
            for start in range(0, len(urls), batch):
                part = urls[start : start + batch]
                mine = self._lease(
                    part, source=source, now=now, until=until, owner=owner
                )
                claimed.extend(mine)
                held += len(part) - len(mine)
            if limit is None or not due:
                break  # all read at once, or no more due
        return Claim(claimed, retired, held)

    def _retire(self, urls: list[str], *, now: datetime, cutoff: datetime) -> int:
        """Retire those of *urls* still due and unchanged since *cutoff*: how many."""
        retired = 0
        for start in range(0, len(urls), ID_BATCH):
            retired += self.articles.update_many(
                {
                    "_id": {"$in": urls[start : start + ID_BATCH]},
                    "next_check": {"$lte": now},
                    "last_changed": {"$lte": cutoff},
                },
                {"$set": {"status": "retired", "next_check": None}},
            ).modified_count
        return retired

    def _lease(
        self,
        urls: list[str],
        *,
        source: str,
        now: datetime,
        until: datetime,
        owner: str,
    ) -> list[dict[str, Any]]:
        """Lease to *owner* those of *urls* still due; return their state, in order."""
        leased = self.leases.take(
            urls, source=source, owner=owner, now=now, until=until
        )
        if not leased:
            return []
        # Read after the lease: an article another crawler checked since the
        # due read is no longer due, and is not this crawler's to check.
        read = self.articles.find(
            {"_id": {"$in": sorted(leased)}, **self._due(source, now)}, _STATE_FIELDS
        )
        mine = {doc["_id"]: doc for doc in read}
        if len(mine) < len(leased):
            self.leases.release([url for url in leased if url not in mine], owner=owner)
        return [mine[url] for url in urls if url in mine]

    def renew_leases(self, *, owner: str, now: datetime, lease_seconds: float) -> int:
        """Extend every lease *owner* holds to *lease_seconds* from *now*; return
        how many it holds."""
        return self.leases.extend(owner=owner, until=lease_until(now, lease_seconds))

    def release(self, urls: Sequence[str], *, owner: str) -> int:
        """End *owner*'s leases of *urls* (a crawl's end): others may claim them."""
        return self.leases.release(urls, owner=owner)

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
            "$unset": {"failures": ""},
            "$inc": {"check_count": 1},
        }
        if previous_status != "gone":
            update["$push"] = {"events": {"at": now, **event}}
        self.articles.update_one({"_id": url}, update)

    def record_failures(
        self,
        failures: Sequence[Failure],
        *,
        max_failures: int,
        backoff: float,
        max_backoff: float,
    ) -> list[int]:
        """Count failed fetches in one read and one write for all: back off,
        mark "failing" after *max_failures*.

        Returns each article's failures in a row (0 if it is not tracked).
        """
        if not failures:
            return []
        # The articles are leased to this crawler: no one else counts their
        # failures between this read and the write.
        urls = list({failure.url for failure in failures})
        read = self.articles.find({"_id": {"$in": urls}}, {"failures": 1, "status": 1})
        known: dict[str, dict[str, Any]] = {doc["_id"]: doc for doc in read}
        counts, updates = [], []
        for failure in failures:
            doc = known.get(failure.url)
            if doc is None:
                counts.append(0)
                continue
            count = doc.get("failures", 0) + 1
            update = _failure_update(
                failure, count, doc.get("status"), max_failures=max_failures,
                wait=min(backoff * 2 ** (count - 1), max_backoff),
            )  # fmt: skip
            updates.append(UpdateOne({"_id": failure.url}, update))
            counts.append(count)
            # The same article twice in a batch counts twice, in order.
            known[failure.url] = {**doc, "failures": count, **update["$set"]}
        if updates:
            self.articles.bulk_write(updates, ordered=True)
        return counts

    # --- writes -------------------------------------------------------------

    def record_check(self, url: str, **check: Any) -> bool:
        """Record that the article was fetched and found unchanged (one Check)."""
        return self.record_checks([Check(url, **check)])[0]

    def record_checks(self, checks: Sequence[Check]) -> list[bool]:
        """Record each Check in one write for all; return which were recorded.

        A check with ``expected_hash`` is recorded only if that is still the
        latest version's hash: it is not when a concurrent crawler stored a
        change meanwhile, so that the caller compares again instead of
        undoing that change's schedule.
        """
        if not checks:
            return []
        written = self.articles.bulk_write(_check_writes(checks), ordered=False)
        if written.matched_count == len(checks):
            return [True] * len(checks)
        if written.matched_count == 0:
            return [False] * len(checks)
        # Some filters did not match (a concurrent change, an article no
        # longer tracked): a bulk write does not say which, the store does.
        return [self._check_recorded(check) for check in checks]

    def _check_recorded(self, check: Check) -> bool:
        """Whether the check's write took: its time is the article's last check.

        Not its hash alone: a concurrent change may have flipped the text
        back to the expected one since the write missed.
        """
        doc = self.articles.find_one(
            {"_id": check.url}, {"latest_hash": 1, "last_checked": 1}
        )
        if doc is None or not _same_instant(doc.get("last_checked"), check.now):
            return False
        return check.expected_hash in (None, doc["latest_hash"])

    def save(
        self,
        item: ArticleItem,
        *,
        now: datetime,
        policy: Policy,
        compare: Compare,
        stored: Stored | None | _Unread = UNREAD,
    ) -> SaveResult:
        """Store *item* as a new version unless its hash is the latest one's.

        *policy* maps (last changed, now) to the next check time, or ``None``
        once the article is retired; *compare* says what a new version changed
        against the one before. *stored* is what the caller has just read of
        the article (state(); ``None``: not tracked), which saves a round trip;
        should it be stale by now, the compare-and-set fails and save() reads
        the article again.
        """
        url = item.url
        next_check = policy(now, now)
        for attempt in range(_MAX_ATTEMPTS):
            article = stored if attempt == 0 and stored is not UNREAD else None
            if attempt or stored is UNREAD:
                article = self.state(url)
            assert not isinstance(article, _Unread)
            if article is None:
                version = documents.version(item, 0, now=now)
                try:
                    self.articles.insert_one(
                        documents.new_article(item, version, now, next_check)
                    )
                except DuplicateKeyError:
                    continue  # another crawler stored it first: compare with theirs
                self._roll_forward(url, version)
                return SaveResult("new", 0)
            count = article.version_count
            if article.latest_hash == item.content_hash:
                if self.record_check(
                    url,
                    now=now,
                    next_check=policy(article.last_changed, now),
                    etag=item.etag,
                    last_modified=item.last_modified,
                    expected_hash=item.content_hash,
                    previous_status=article.status,
                    parser_version=item.parser_version,
                    page_key=item.page_key,
                ):
                    return SaveResult("unchanged", count - 1)
                continue  # changed under us: compare with the newer version
            previous = self.versions.find_one({"article": url, "version": count - 1})
            cause = change_cause(article.parser_version, item.parser_version)
            version = documents.version(
                item, count, now=now, cause=cause, previous=previous, compare=compare
            )
            fields: dict[str, Any] = {
                "latest_hash": item.content_hash,
                "pending": version,
            }
            if cause == "parser":
                # Not the publisher's change: the schedule and "last changed"
                # still run from the publisher's last one.
                counter = "parser_change_count"
                last_changed = article.last_changed
                fields.update(
                    documents.article_fields(item, now, policy(last_changed, now))
                )
            else:
                counter = "change_count"
                fields.update(documents.article_fields(item, now, next_check))
                fields["last_changed"] = now
            update: dict[str, Any] = {
                "$set": fields,
                "$inc": {"version_count": 1, counter: 1, "check_count": 1},
                "$unset": {"failures": ""},
            }
            if article.status in ("gone", "failing"):
                update["$push"] = {
                    "events": {"at": now, "event": "back", "was": article.status}
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

    def save_rereading(
        self, item: ArticleItem, *, of_version: int, now: datetime, compare: Compare
    ) -> SaveResult:
        """Store a new reading of version *of_version*'s archived page as a
        parser change, if that is still the article's latest version and the
        reading differs from it.

        Neither a check nor a change of the publisher's: the schedule, the
        last check and the publisher's change count stay as they were.
        Returns ``unchanged`` (the same text), ``stale`` (a newer version came
        meanwhile) or ``changed``.
        """
        url, count = item.url, of_version + 1
        for _ in range(_MAX_ATTEMPTS):
            article = self.state(url)
            if article is None or article.version_count != count:
                return SaveResult("stale", of_version)
            if article.latest_hash == item.content_hash:
                return SaveResult("unchanged", of_version)
            previous = self.versions.find_one({"article": url, "version": of_version})
            version = documents.version(
                item, count, now=now, cause="parser", previous=previous, compare=compare
            )
            claimed = self.articles.update_one(
                {"_id": url, "version_count": count},
                {
                    "$set": {
                        "latest_hash": item.content_hash,
                        "pending": version,
                        "title": item.title,
                        "canonical_url": item.canonical_url,
                        "published": item.published,
                        "modified": item.modified,
                        "section": item.section,
                        "parser_version": item.parser_version or None,
                    },
                    "$inc": {"version_count": 1, "parser_change_count": 1},
                    # The fetched page's key no longer gives the latest text.
                    "$unset": {"page_key": ""},
                },
            )
            if claimed.modified_count:
                self._roll_forward(url, version)
                return SaveResult("changed", count)
        raise StoreUnavailable(
            f"could not store {url}: {_MAX_ATTEMPTS} concurrent updates in a row"
        )

    def save_new(
        self,
        items: list[ArticleItem],
        *,
        now: datetime,
        policy: Policy,
        compare: Compare,
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
        versions = [documents.version(item, 0, now=now) for item in items]
        docs = [
            documents.new_article(item, version, now, next_check)
            for item, version in zip(items, versions, strict=True)
        ]
        results: list[SaveResult | Exception | None] = [None] * len(items)
        taken: set[int] = set()  # tracked already: save() compares with theirs
        try:
            self.articles.insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            for error in exc.details.get("writeErrors", []):
                if error.get("code") == DUPLICATE_KEY:
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
                results[i] = self.save(
                    items[i], now=now, policy=policy, compare=compare
                )
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
            duplicates(exc)

    def _roll_forward(self, url: str, version: dict[str, Any]) -> None:
        try:
            self.versions.insert_one(dict(version))
        except DuplicateKeyError:
            pass  # already inserted, by us or by a concurrent reader
        self.articles.update_one(
            {"_id": url, "pending.version": version["version"]},
            {"$unset": {"pending": ""}},
        )


def _failure_update(
    failure: Failure, count: int, status: str | None, *, max_failures: int, wait: float
) -> dict[str, Any]:
    """The update that counts an article's *count*-th failure in a row."""
    now = failure.now
    update: dict[str, Any] = {
        "$set": {
            "failures": count,
            "last_error": {"at": now, "reason": failure.reason},
            "next_check": now + timedelta(seconds=wait),
        },
    }
    if count >= max_failures:
        update["$set"]["status"] = "failing"
        if status != "failing":
            event = {"at": now, "event": "failing", "failures": count}
            update["$push"] = {"events": {**event, "reason": failure.reason}}
    return update


def _utc(moment: datetime) -> datetime:
    """*moment* as an aware UTC time: a client without tz_aware reads naive UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _at_or_before(moment: datetime | None, cutoff: datetime) -> bool:
    """Whether a time read back is at or before *cutoff*."""
    return moment is not None and _utc(moment) <= cutoff


def _same_instant(stored: datetime | None, written: datetime) -> bool:
    """Whether a time read back is the one written: BSON keeps milliseconds."""
    if stored is None:
        return False

    def ms(moment: datetime) -> tuple[datetime, int]:
        moment = _utc(moment)
        return moment.replace(microsecond=0), moment.microsecond // 1000

    return ms(stored) == ms(written)
