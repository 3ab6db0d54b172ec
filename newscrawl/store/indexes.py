"""The schema's indexes, and the work-arounds some servers' query planners need.

Every query newscrawl sends is served by one of these indexes. SecantusDB
(0.7.0b3), the embedded store's server, plans some queries worse than a
mongod would; what the store package does about it is noted where it does
it, and named here once:

- a range query on an indexed time needs both bounds (``$gte`` EPOCH), or
  the planner walks the whole index, nulls included;
- a long ``$in`` list is checked against every document, so id lists go in
  batches of ID_BATCH;
- a hinted index is walked from end to end, so a hint helps only where the
  query has no equality that picks the index by itself;
- an aggregation evaluates its expressions article by article in Python, so
  the summary reads the few fields it counts and counts them itself there
  (0.3 s on 10,000 articles, against 0.45 s for the same ``$group``);
- every document an index gives is read whole, and only the filter's first
  usable clause picks the index (a compound index needs equalities and one
  range, nothing else): the changes' aggregation puts what an index serves
  in a ``$match`` of its own, which a mongod merges with the next;
- of two single-field indexes on a field, the one whose name sorts first is
  tried first: the partial CHANGES_BY_FETCHED_AT is named to come before
  ``fetched_at_-1``.
- a sorted read with a limit sorts every document that matches before it
  stops, so claim_due reads the due articles once, not a batch at a time.
- each update of a bulk write is committed apart, and with ``journal=true``
  synced apart, so alike checks are one update of all their articles
  (articles._check_writes); a transaction would commit them once, but one
  left open by a killed crawler holds up the next crawl's writes.

None of these makes a real MongoDB slower: is_secantus() tells the servers
apart where the work-around would.
"""

from __future__ import annotations

from datetime import datetime, timezone

from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

#: Earlier than any stored time: the lower bound of range queries on times.
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

#: Ids per ``$in`` filter.
ID_BATCH = 100

#: Hints, by the index they name.
BY_FETCHED_AT = [("fetched_at", DESCENDING)]
BY_LAST_CHANGED = [("last_changed", DESCENDING)]

#: The changes (versions after the first) by when they were fetched: lists of
#: changes read only changes, not the first versions that outnumber them.
#: Ascending only so that its key differs from BY_FETCHED_AT's (either
#: direction serves a sort either way).
CHANGES_BY_FETCHED_AT = [("fetched_at", ASCENDING)]
CHANGES_INDEX = "changes_by_fetched_at"


def ensure_indexes(db: Database) -> None:
    """Create the indexes of the schema (idempotent)."""
    articles, versions = db["articles"], db["versions"]
    articles.create_index([("source", ASCENDING), ("next_check", ASCENDING)])
    articles.create_index(BY_LAST_CHANGED)
    articles.create_index([("source", ASCENDING), ("last_changed", DESCENDING)])
    versions.create_index([("article", ASCENDING), ("version", ASCENDING)], unique=True)
    versions.create_index(BY_FETCHED_AT)
    versions.create_index(
        CHANGES_BY_FETCHED_AT,
        name=CHANGES_INDEX,
        partialFilterExpression={"version": {"$gt": 0}},
    )
    versions.create_index([("changed_fields", ASCENDING), ("fetched_at", DESCENDING)])
    # The record of crawls (store/crawls.py).
    db["crawls"].create_index([("source", ASCENDING), ("ended", DESCENDING)])
    # The page archive (store/archive.py).
    pages, rejected = db["pages"], db["rejected_pages"]
    pages.create_index([("article", ASCENDING), ("version", ASCENDING)], unique=True)
    pages.create_index([("source", ASCENDING), ("fetched_at", DESCENDING)])
    rejected.create_index(
        [("source", ASCENDING), ("reason", ASCENDING), ("fetched_at", DESCENDING)]
    )


def is_secantus(db: Database) -> bool:
    """Whether *db* is served by SecantusDB (the embedded store, db serve)."""
    return "secantusVersion" in db.client.admin.command("buildInfo")
