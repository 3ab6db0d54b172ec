"""Every read the command line, the feeds and the viewer make: plain documents out.

The crawl's own reads and writes are ArticleStore's; these are the rest.
Each returns ``articles`` and ``versions`` documents (or parts of them) as
stored; newscrawl.changes turns them into what people read.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from pymongo import ASCENDING, DESCENDING
from pymongo.collection import Collection
from pymongo.cursor import Cursor

from newscrawl.store.archive import archive_size
from newscrawl.store.articles import ArticleStore
from newscrawl.store.indexes import BY_LAST_CHANGED, EPOCH, ID_BATCH, is_secantus

T = TypeVar("T")

#: What a line of a list of changes needs of a version: the texts can be long.
CHANGE_FIELDS = {
    "article": 1,
    "source": 1,
    "version": 1,
    "fetched_at": 1,
    "title": 1,
    "words_added": 1,
    "words_removed": 1,
    "changed_fields": 1,
    "minor": 1,
    "cause": 1,
}
#: What a row of a list of articles needs of an article.
ARTICLE_ROW = {
    "title": 1,
    "source": 1,
    "status": 1,
    "first_seen": 1,
    "last_changed": 1,
    "change_count": 1,
    "version_count": 1,
}
#: A version without its texts, for histories.
_NO_TEXTS = {"body": 0, "standfirst": 0, "byline": 0, "tags": 0}
#: Statuses an article can have, in the order the pages list them.
STATUSES = ("live", "gone", "failing", "retired")
#: Lists newest first (changes, a source's articles) are read in slices of
#: time back from now, each older than the one before, until the page is
#: full. Bounded, a slice reads only that part of the store, where an
#: unbounded sorted query reads all of it (SecantusDB 0.7.0b3 does, hint or
#: not); and no row is read twice. The first slice is the last hour (and
#: anything after now).
FIRST_SLICE = timedelta(hours=1)
#: A slice that would reach further back than this takes everything older.
ALL_OLDER = timedelta(days=324)
#: How many times further back the next slice reaches when those before
#: found too few rows to tell how far back the rest lies.
GROWTH = 6.0
#: Rows found before their count says how far back the rest lies.
_ESTIMATE_FROM = 10
#: At most this many times further back per slice, however few rows the
#: slices before found: the newest rows are a small sample (changes come
#: hours after the articles they change, so the last hours hold few) and a
#: jump on it overshot by 60%; a slice more costs a round trip, a row too
#: many a read of it.
MAX_STEP = 4.0
#: The next slice reaches for what is missing and this much more, so that one
#: more slice is seldom needed; slices never overlap, so one too short costs
#: only its round trip.
_MARGIN = 1.1
#: Later than any next check: where a null one sorts in the summary's due count.
_NEVER = datetime(9999, 12, 31, tzinfo=timezone.utc)
#: What a slice reads of each row: only its time, to place it. SecantusDB
#: reads every row of a slice, whatever the limit, and projecting and sending
#: a change's list fields took twice as long as its time alone (1,000
#: changes: 242 against 158 ms; articles 2.2 times): the page's own rows are
#: then read by id.
_PLACES = {"fetched_at": 1, "last_changed": 1}
#: How many of the most recently changed articles name the sources to look
#: past (source_names).
_SEEN = 200
#: Search without a text index looks at this many articles, the most
#: recently changed (about 250 bytes each in the viewer's memory).
SEARCH_POOL = 200_000

#: (last change, URL, headline) of an article, for search without a text index.
PoolRow = tuple[datetime, str, str]
#: Between the headlines and URLs of the pool's text: no search text holds it.
_APART = "\0"


@dataclass(frozen=True)
class SearchResult:
    """Matching articles, newest change first, and how the search was done."""

    articles: list[dict[str, Any]]
    method: str  # "text index", "scan"
    more: bool  # more matches than listed


@dataclass(frozen=True)
class SearchPool:
    """The articles search looks at without a text index, newest change first.

    Their headlines and URLs are also one text, lower-cased, so that one
    str.find() scans them all at C speed and stops at the last match a page
    needs, where matching each headline and URL with a regular expression
    took ~150 ms per 100,000 articles.
    """

    rows: list[PoolRow] = field(repr=False)
    folded: str | None = field(repr=False)  # None: one row at a time
    starts: list[int] = field(repr=False)  # where each row begins in folded

    @classmethod
    def of(cls, rows: list[PoolRow]) -> SearchPool:
        """Return the pool of *rows* (newest change first)."""
        starts, at = [], 0
        for _, url, title in rows:
            starts.append(at)
            at += len(title) + len(url) + 2 * len(_APART)
        text = "".join(f"{title}{_APART}{url}{_APART}" for _, url, title in rows)
        folded = _fold(text)
        # One for one, or a row's place in folded would not be its place in text.
        return cls(rows, folded if len(folded) == len(text) else None, starts)

    def matching(self, text: str, wanted: int) -> list[str]:
        """Return the URLs of the first *wanted* rows whose headline or URL
        holds *text*, ignoring case as a regular expression does."""
        pattern = re.compile(re.escape(text), re.IGNORECASE)

        def holds(row: int) -> bool:
            _, url, title = self.rows[row]
            return bool(pattern.search(title) or pattern.search(url))

        rows: Iterable[int] = range(len(self.rows))
        if self.folded is not None and text.isascii() and _APART not in text:
            rows = self._candidates(self.folded, text.lower())
        found = itertools.islice(filter(holds, rows), wanted)
        return [self.rows[row][1] for row in found]

    def _candidates(self, folded: str, needle: str) -> Iterator[int]:
        """Yield, in order, the rows whose folded headline or URL holds *needle*.

        Every row that holds the text (ASCII, without _APART) is one of
        them: _fold() makes each character that matches an ASCII letter
        that letter; matching() checks each row found.
        """
        at = folded.find(needle)
        while at >= 0:
            row = bisect.bisect_right(self.starts, at) - 1
            yield row
            if row + 1 == len(self.starts):
                return
            at = folded.find(needle, self.starts[row + 1])


def _fold(text: str) -> str:
    """Return *text* lower-cased so that every character a case-blind regular
    expression matches with an ASCII letter becomes that letter, one for one.

    str.lower() does, but for three: it leaves the dotless ı and the long ſ
    (which match i and s), and makes İ two characters.
    """
    folded = text.replace("\u0130", "i").lower()
    return folded.replace("\u0131", "i").replace("\u017f", "s")


# --- articles ---------------------------------------------------------------------


def article(store: ArticleStore, url: str) -> dict[str, Any] | None:
    """Return the article document for *url*, if tracked."""
    return store.articles.find_one({"_id": url}, {"pending": 0})


def article_ids(store: ArticleStore, pattern: str, *, limit: int) -> list[str]:
    """Return up to *limit* tracked URLs that the regular expression matches."""
    query = {"_id": {"$regex": pattern}}
    return [doc["_id"] for doc in store.articles.find(query, {"_id": 1}).limit(limit)]


def recently_changed_ids(store: ArticleStore, *, limit: int) -> list[str]:
    """Return the URLs of the *limit* most recently changed articles."""
    cursor = (
        store.articles.find({}, {"_id": 1})
        .sort("last_changed", DESCENDING)
        .hint(BY_LAST_CHANGED)
        .limit(limit)
    )
    return [doc["_id"] for doc in cursor]


def summary(store: ArticleStore, *, now: datetime) -> list[dict[str, Any]]:
    """Return per source: articles by status, versions, changes, checks, due."""
    day_ago = now - timedelta(days=1)
    rows: dict[str, dict[str, Any]] = {}
    for group in _summary_groups(store, now=now, day_ago=day_ago):
        key = group["_id"]
        row = rows.setdefault(
            key["source"],
            {
                "articles": 0,
                "versions": 0,
                "changes": 0,
                "parser_changes": 0,
                "changed_articles": 0,
                **dict.fromkeys(STATUSES, 0),
                "due": 0,
                "checked_24h": 0,
                "last_checked": None,
                "changes_24h": 0,
            },
        )
        n = group["articles"]
        for count in ("articles", "versions", "changes", "parser_changes"):
            row[count] += group[count]
        for count, yes in (
            ("changed_articles", key["changed"]),
            ("due", key["due"]),
            ("checked_24h", key["checked"]),
            (key["status"], key["status"] in STATUSES),
        ):
            row[count] += n if yes else 0
        if group["last_checked"] and (
            row["last_checked"] is None or group["last_checked"] > row["last_checked"]
        ):
            row["last_checked"] = group["last_checked"]
    archived = archive_size(store)
    for source, row in rows.items():
        row["archived_pages"] = archived.get(source, {}).get("pages", 0)
        row["archive_bytes"] = archived.get(source, {}).get("stored_size", 0)
    for change in store.versions.aggregate(
        [
            {"$match": _changes_filter(since=day_ago, include_minor=True)},
            {"$group": {"_id": "$source", "n": {"$sum": 1}}},
        ]
    ):
        if change["_id"] in rows:
            rows[change["_id"]]["changes_24h"] = change["n"]
    return [{"source": source, **rows[source]} for source in sorted(rows)]


#: What the summary reads of an article, where it counts them itself.
_SUMMARY_FIELDS = {
    "_id": 0,
    "source": 1,
    "status": 1,
    "version_count": 1,
    "change_count": 1,
    "parser_change_count": 1,
    "next_check": 1,
    "last_checked": 1,
}
#: The sums of a group of the summary.
_SUMMED = {
    "versions": "version_count",
    "changes": "change_count",
    "parser_changes": "parser_change_count",
}


def _summary_groups(
    store: ArticleStore, *, now: datetime, day_ago: datetime
) -> Iterable[dict[str, Any]]:
    """The articles in groups of what the summary counts: source, status,
    changed or not, due or not, checked in the last day or not."""
    if not is_secantus(store.db):
        # Grouped by what is counted, not summed with a condition per count.
        return store.articles.aggregate(
            [
                {
                    "$group": {
                        "_id": {
                            "source": "$source",
                            "status": "$status",
                            "changed": {"$gt": ["$change_count", 0]},
                            # A null next_check (retired) is never due.
                            "due": {
                                "$lte": [{"$ifNull": ["$next_check", _NEVER]}, now]
                            },
                            "checked": {"$gte": ["$last_checked", day_ago]},
                        },
                        "articles": {"$sum": 1},
                        **{
                            sum_: {"$sum": f"${field}"}
                            for sum_, field in _SUMMED.items()
                        },
                        "last_checked": {"$max": "$last_checked"},
                    }
                }
            ]
        )
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for doc in store.articles.find({}, _SUMMARY_FIELDS):
        checked, due = doc.get("last_checked"), doc.get("next_check")
        key = {
            "source": doc.get("source"),
            "status": doc.get("status"),
            "changed": doc.get("change_count", 0) > 0,
            "due": due is not None and due <= now,
            "checked": checked is not None and checked >= day_ago,
        }
        group = groups.setdefault(
            tuple(key.values()),
            {
                "_id": key,
                "articles": 0,
                **dict.fromkeys(_SUMMED, 0),
                "last_checked": None,
            },
        )
        group["articles"] += 1
        for sum_, counted in _SUMMED.items():
            group[sum_] += doc.get(counted, 0)
        if checked and (
            group["last_checked"] is None or checked > group["last_checked"]
        ):
            group["last_checked"] = checked
    return groups.values()


def has_source(store: ArticleStore, source: str) -> bool:
    """Return whether the store holds an article of *source*."""
    # One key of the (source, next_check) index.
    return store.articles.find_one({"source": source}, {"_id": 1}) is not None


def source_names(store: ArticleStore, *, now: datetime | None = None) -> list[str]:
    """Return the names of the sources with articles in the store, sorted.

    With *now*, the names of the most recently changed articles come first,
    then one distinct() for each range of names between them: bounded on the
    ``(source, ...)`` indexes, it reads only the articles of sources not
    seen yet, where one distinct() over all reads every article on
    SecantusDB (0.7.0b3 has no index-only reads).
    """

    def fetch(lower: datetime | None, upper: datetime | None, n: int) -> list[Any]:
        query = {"last_changed": _between(lower, upper)}
        cursor = store.articles.find(query, {"_id": 0, "source": 1})
        return list(cursor.sort("last_changed", DESCENDING).limit(n))

    recent = _newest_first(fetch, now=now, wanted=_SEEN) if now is not None else []
    seen = sorted(
        {doc["source"] for doc in recent if isinstance(doc.get("source"), str)}
    )
    names = set(seen)
    # The ranges before, between and after the names seen; a range's
    # lower bound is the first string after the name (name + NUL), so
    # that its scan starts past that source's entries, not at them.
    for after, before in zip([None, *seen], [*seen, None], strict=True):
        bounds: dict[str, str] = {"$gte": "" if after is None else after + "\0"}
        if before is not None:
            bounds["$lt"] = before
        names.update(store.articles.distinct("source", {"source": bounds}))
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


def source_articles(
    store: ArticleStore, source: str, *, now: datetime, skip: int = 0, limit: int = 50
) -> list[dict[str, Any]]:
    """Return a page of the source's articles, most recently changed first."""

    def fetch(lower: datetime | None, upper: datetime | None, n: int) -> list[Any]:
        # An equality and one bounded range: the (source, last_changed) index.
        query = {"source": source, "last_changed": _between(lower, upper)}
        cursor = store.articles.find(query, _PLACES)
        return list(cursor.sort("last_changed", DESCENDING).limit(n))

    # The slices place the rows; only the page's are read as rows (_PLACES).
    places = _newest_first(fetch, now=now, wanted=skip + limit)[skip:]
    return articles_by_id(store, [doc["_id"] for doc in places])


def articles_by_id(store: ArticleStore, urls: list[str]) -> list[dict[str, Any]]:
    """Return the list rows of the articles *urls* that are tracked, in that order."""
    return _by_id(store.articles, urls, ARTICLE_ROW)


def _by_id(
    collection: Collection, ids: list[Any], fields: dict[str, int] | None
) -> list[dict[str, Any]]:
    """Return the documents of *ids* that are stored, in that order."""
    docs: dict[Any, dict[str, Any]] = {}
    for start in range(0, len(ids), ID_BATCH):  # short $in lists (indexes.py)
        batch = ids[start : start + ID_BATCH]
        docs.update(
            (doc["_id"], doc)
            for doc in collection.find({"_id": {"$in": batch}}, fields)
        )
    return [docs[key] for key in ids if key in docs]


# --- versions ---------------------------------------------------------------------


def versions(
    store: ArticleStore, url: str, *, text: bool = True
) -> list[dict[str, Any]]:
    """Return the article's versions, oldest first (without texts unless *text*)."""
    cursor = store.versions.find({"article": url}, None if text else _NO_TEXTS)
    # No hint: the equality on article picks (article, version) by itself, and
    # a hint makes SecantusDB walk that whole index.
    return list(cursor.sort("version", ASCENDING))


def numbered_versions(
    store: ArticleStore, url: str, numbers: list[int]
) -> dict[int, dict[str, Any]]:
    """Return the article's versions of these numbers that are stored, by number."""
    # No hint, as in versions().
    query = {"article": url, "version": {"$in": numbers}}
    return {doc["version"]: doc for doc in store.versions.find(query)}


def with_previous(
    store: ArticleStore, changes: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Return each change's whole version with the whole one before it, in order.

    *changes* are documents of changes() or article_changes(). A change
    whose versions are not both stored yet (a crawl is writing them) is left
    out: it comes next time.
    """
    wanted = {(c["article"], c["version"] - n) for c in changes for n in (0, 1)}
    found: dict[tuple[str, int], dict[str, Any]] = {}
    urls = sorted({url for url, _ in wanted})
    for start in range(0, len(urls), ID_BATCH):
        # All the articles' versions in one read of the (article, version)
        # index (an article has a few; its own feed wants them all), where a
        # query per change took ~2 ms each on SecantusDB: a feed of 50
        # changes 110 against 20 ms. A second $in, on version, makes
        # SecantusDB scan the collection.
        query = {"article": {"$in": urls[start : start + ID_BATCH]}}
        for doc in store.versions.find(query):
            key = (doc["article"], doc["version"])
            if key in wanted:
                found[key] = doc
    pairs = []
    for change in changes:
        url, number = change["article"], change["version"]
        if (url, number - 1) in found and (url, number) in found:
            pairs.append((found[url, number - 1], found[url, number]))
    return pairs


# --- changes: versions after the first --------------------------------------------


def _changes_filter(
    *,
    source: str | None = None,
    since: datetime | None = None,
    article: str | None = None,
    include_minor: bool,
    include_parser: bool = False,
    changed_field: str | None = None,
) -> dict[str, Any]:
    """Return the ``versions`` filter for changes (never version 0)."""
    query: dict[str, Any] = {"version": {"$gt": 0}}
    if article is not None:
        query["article"] = article
    if changed_field is not None:
        query["changed_fields"] = changed_field
    if source is not None:
        query["source"] = source
    if since is not None:
        query["fetched_at"] = {"$gte": since}
    if not include_minor:
        # Versions stored before minor changes were marked have no field: not minor.
        query["minor"] = {"$ne": True}
    if not include_parser:
        # A parser upgrade's difference is not the publisher's change.
        query["cause"] = {"$ne": "parser"}
    return query


def changes(
    store: ArticleStore,
    *,
    now: datetime | None = None,
    source: str | None = None,
    since: datetime | None = None,
    changed_field: str | None = None,
    include_minor: bool = False,
    skip: int = 0,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Return a page of the newest changes (since *since*, if given), newest first.

    With *now* they are read in slices of time back from it, until the page
    is full; without, in one query. *changed_field* (``title``,
    ``standfirst``, ``byline`` or ``body``) keeps only the changes of that
    field; *skip* leaves out that many of the newest, for pages after the
    first. A *limit* of 0 lists them all.
    """
    limit = abs(limit)
    listed: dict[str, Any] = {
        "source": source,
        "changed_field": changed_field,
        "include_minor": include_minor,
    }
    if not limit:  # every change: one read of them all
        pipeline = changes_pipeline(lower=since, upper=None, **listed)
        return list(store.versions.aggregate(pipeline))[skip:]

    def fetch(lower: datetime | None, upper: datetime | None, n: int) -> list[Any]:
        pipeline = changes_pipeline(
            lower=lower, upper=upper, limit=n, fields=_PLACES, **listed
        )
        return list(store.versions.aggregate(pipeline))

    # The slices place the rows; only the page's are read as rows (_PLACES).
    places = _newest_first(fetch, now=now, since=since, wanted=skip + limit)[skip:]
    return _by_id(store.versions, [doc["_id"] for doc in places], CHANGE_FIELDS)


def changes_pipeline(
    *,
    lower: datetime | None,
    upper: datetime | None,
    source: str | None = None,
    changed_field: str | None = None,
    include_minor: bool = False,
    limit: int = 0,
    fields: dict[str, int] = CHANGE_FIELDS,
) -> list[dict[str, Any]]:
    """Return the aggregation of the changes fetched from *lower* to *upper*.

    Its first ``$match`` is what an index serves, the second the rest: a
    mongod merges the two, and SecantusDB (0.7.0b3) plans only the first,
    which it would not do for the whole filter. For one field that is
    ``(changed_fields, fetched_at)`` (an equality and one range), else the
    partial index of changes (CHANGES_BY_FETCHED_AT), which leaves out the
    first versions.
    """
    times = _between(lower, upper)
    indexed: dict[str, Any] = (
        {"changed_fields": changed_field, "fetched_at": times}
        if changed_field is not None
        else {"fetched_at": times, "version": {"$gt": 0}}
    )
    rest = {
        name: condition
        for name, condition in _changes_filter(
            source=source, include_minor=include_minor
        ).items()
        if name not in indexed
    }
    pipeline: list[dict[str, Any]] = [{"$match": indexed}]
    if rest:
        pipeline.append({"$match": rest})
    pipeline.append({"$sort": {"fetched_at": DESCENDING}})
    if limit:
        pipeline.append({"$limit": limit})
    pipeline.append({"$project": fields})
    return pipeline


def article_changes(
    store: ArticleStore, url: str, *, include_minor: bool = False, limit: int = 0
) -> list[dict[str, Any]]:
    """Return one article's changes, newest first."""
    query = _changes_filter(article=url, include_minor=include_minor)
    # No hint: the article's equality picks (article, version), and a hint
    # makes SecantusDB walk that whole index.
    cursor = store.versions.find(query, CHANGE_FIELDS).sort("version", DESCENDING)
    return list(cursor.limit(limit))


def _between(lower: datetime | None, upper: datetime | None) -> dict[str, Any]:
    """Return the condition on a time from *lower* (inclusive) to *upper*."""
    # Always a lower bound: without one SecantusDB walks the whole index
    # (indexes.py). Every stored time is after EPOCH.
    times: dict[str, Any] = {"$gte": EPOCH if lower is None else lower}
    if upper is not None:
        times["$lt"] = upper
    return times


def _newest_first(
    fetch: Callable[[datetime | None, datetime | None, int], list[T]],
    *,
    now: datetime | None,
    wanted: int,
    since: datetime | None = None,
) -> list[T]:
    """Return the *wanted* newest rows (none older than *since*), slice by slice.

    ``fetch(lower, upper, n)`` returns at most *n* rows of times from
    *lower* (inclusive, ``None``: all older) to *upper* (exclusive,
    ``None``: all newer), newest first. Each slice ends where the one before
    began, so the rows come in the order one query would give, and each is
    read once. Without *now*, one fetch reads everything since *since*.
    """
    if now is None:
        return fetch(since, None, wanted)
    rows: list[T] = []
    upper: datetime | None = None
    back = FIRST_SLICE
    while True:
        lower: datetime | None = now - back if back < ALL_OLDER else None
        last = lower is None or (since is not None and lower <= since)
        if last:
            lower = since
        rows += fetch(lower, upper, wanted - len(rows))
        if last or len(rows) >= wanted:
            return rows
        upper = lower
        back *= _growth(len(rows), wanted)


def _growth(found: int, wanted: int) -> float:
    """Return how many times further back than the last the next slice reaches."""
    if found < _ESTIMATE_FROM:
        return GROWTH
    # Rows lie about as densely further back as in the slices before.
    return min(max(_MARGIN * wanted / found, _MARGIN), MAX_STEP)


# --- export: everything in a stable order, read as it streams -------------------


def articles_in_order(
    store: ArticleStore, *, source: str | None = None, since: datetime | None = None
) -> Cursor:
    """Return the articles (of *source*, changed since *since*) by URL."""
    query: dict[str, Any] = {}
    if source is not None:
        query["source"] = source
    if since is not None:
        query["last_changed"] = {"$gte": since}
    # "lease": what crawls left on articles before leases had their collection.
    return store.articles.find(query, {"pending": 0, "lease": 0}).sort("_id", ASCENDING)


def versions_in_order(
    store: ArticleStore,
    *,
    source: str | None = None,
    since: datetime | None = None,
    text: bool = True,
) -> Cursor:
    """Return the versions (of *source*, fetched since *since*) by article URL,
    then number; without their texts unless *text*."""
    query: dict[str, Any] = {}
    if source is not None:
        query["source"] = source
    if since is not None:
        query["fetched_at"] = {"$gte": since}
    fields = None if text else CHANGE_FIELDS
    return store.versions.find(query, fields).sort(
        [("article", ASCENDING), ("version", ASCENDING)]
    )


def changes_in_order(
    store: ArticleStore,
    *,
    source: str | None = None,
    since: datetime | None = None,
    include_minor: bool = False,
) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any]]]:
    """Yield the publisher's changes (of *source*, since *since*) by article URL,
    then number, each after the version before it (None if not stored), without
    texts.

    The versions are read in one pass; the version before a change is the
    one read just before it, but for the first change of an article after
    *since*, which is read on its own.
    """
    previous: dict[str, Any] | None = None
    for doc in versions_in_order(store, source=source, since=since, text=False):
        before, previous = previous, doc
        url, number = doc["article"], doc["version"]
        if number == 0 or doc.get("cause") == "parser":
            continue
        if doc.get("minor") and not include_minor:
            continue
        if before is None or (before["article"], before["version"]) != (
            url,
            number - 1,
        ):
            query = {"article": url, "version": number - 1}
            before = store.versions.find_one(query, CHANGE_FIELDS)
        yield before, doc


# --- search -----------------------------------------------------------------------


def has_text_index(store: ArticleStore) -> bool:
    """Return whether the ``articles`` collection has a text index to search."""
    try:
        indexes = store.articles.index_information()
    except Exception:  # a server without listIndexes has no text index
        return False
    return any(kind == "text" for index in indexes.values() for _, kind in index["key"])


def search_pool(store: ArticleStore, size: int = SEARCH_POOL) -> SearchPool:
    """Return the *size* most recently changed articles' URLs and headlines."""
    # Sorted on the (last_changed) index: a mongod reads only *size*, and
    # SecantusDB, which reads them all either way, needs no count first.
    query = store.articles.find({}, {"title": 1, "last_changed": 1})
    query = query.sort("last_changed", DESCENDING).limit(size)
    rows = [
        (doc.get("last_changed") or EPOCH, doc["_id"], doc.get("title") or "")
        for doc in query
    ]
    rows.sort(reverse=True)
    return SearchPool.of(rows[:size])


def search_articles(
    store: ArticleStore,
    text: str,
    *,
    text_index: bool,
    pool: Callable[[], SearchPool] | None = None,
    skip: int = 0,
    limit: int = 50,
) -> SearchResult:
    """Return articles whose headline or URL holds *text*, newest change first.

    With a text index, ``$text`` finds them (whole words, any
    order). Without one (SecantusDB has none) the text is matched, ignoring
    case, against the headlines and URLs of the *pool* (search_pool(): held
    by the viewer and read again every minute, since the store would read
    every article for each search), and the page's articles are then read by
    their ids.
    """
    if text_index:
        query = {"$text": {"$search": text}}
        cursor = store.articles.find(query, ARTICLE_ROW).sort("last_changed", -1)
        found = list(cursor.skip(skip).limit(limit + 1))
        return SearchResult(found[:limit], "text index", len(found) > limit)
    matches = (pool() if pool is not None else search_pool(store)).matching(
        text, skip + limit + 1
    )
    page = articles_by_id(store, matches[skip : skip + limit])
    return SearchResult(page, "scan", len(matches) > skip + limit)
