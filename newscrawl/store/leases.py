"""Leases: which crawler re-checks which article, one small document each.

Crawlers of one source that run at once split its due articles: each leases
the ones it will re-check, and no other takes them until the lease ends. A
lease is a document of its own in the ``leases`` collection, ``{_id: url,
source, owner, until}``, not a field of the article: SecantusDB rewrites
every index entry of a document it updates, so leasing an article in place
cost as much as recording its check, and about seven times what inserting a
lease here and deleting it costs. The unique ``_id`` makes each lease atomic: of
two crawlers that lease one article, the second one's insert fails. A crawl
extends its leases while it runs, so that one that outlasts a lease keeps
its articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import BulkWriteError

from newscrawl.store.errors import duplicates
from newscrawl.store.indexes import ID_BATCH


def lease_until(now: datetime, lease_seconds: float) -> datetime:
    """Return when a lease taken at *now* ends."""
    return now + timedelta(seconds=lease_seconds)


class Leases:
    """The ``leases`` collection of one database."""

    def __init__(self, db: Database) -> None:
        self.collection: Collection = db["leases"]

    def take(
        self,
        urls: Sequence[str],
        *,
        source: str,
        owner: str,
        now: datetime,
        until: datetime,
    ) -> set[str]:
        """Lease to *owner* those of *urls* no one else holds at *now*; return them."""
        held = self._insert(urls, source=source, owner=owner, until=until)
        if held:
            # An ended lease is no one's: its crawler died, or ran out of
            # time. Looked for only where an insert failed: most claims find
            # none, as a crawl's end deletes its leases.
            retry = sorted(held)
            self.collection.delete_many({"_id": {"$in": retry}, "until": {"$lte": now}})
            held = self._insert(retry, source=source, owner=owner, until=until)
        return {url for url in urls if url not in held}

    def _insert(
        self, urls: Sequence[str], *, source: str, owner: str, until: datetime
    ) -> set[str]:
        """Insert a lease of each of *urls*; return those another lease holds."""
        if not urls:
            return set()
        leases = [
            {"_id": url, "source": source, "owner": owner, "until": until}
            for url in urls
        ]
        try:
            self.collection.insert_many(leases, ordered=False)
        except BulkWriteError as exc:
            return {urls[position] for position in duplicates(exc)}
        return set()

    def extend(self, *, owner: str, until: datetime) -> int:
        """End every lease *owner* holds at *until*; return how many it holds."""
        return self.collection.update_many(
            {"owner": owner}, {"$set": {"until": until}}
        ).matched_count

    def release(self, urls: Sequence[str], *, owner: str) -> int:
        """End *owner*'s leases of *urls*; return how many there were."""
        released = 0
        for start in range(0, len(urls), ID_BATCH):
            batch = list(urls[start : start + ID_BATCH])
            released += self.collection.delete_many(
                {"_id": {"$in": batch}, "owner": owner}
            ).deleted_count
        return released
