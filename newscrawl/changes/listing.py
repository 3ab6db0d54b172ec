"""The most recent changes across the store, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.cursor import Cursor

from newscrawl.changes.history import VersionFacts, table
from newscrawl.render.times import utc
from newscrawl.store.articles import ArticleStore

# Only what a line of the list needs: the texts can be long.
_LISTED = {
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
_HEADLINE_WIDTH = 70
# The schema's indexes, named in hints: some servers' planners (SecantusDB's)
# would otherwise scan the whole collection for a filtered, sorted query.
BY_TIME = [("fetched_at", DESCENDING)]
BY_ARTICLE = [("article", ASCENDING), ("version", ASCENDING)]


@dataclass(frozen=True, kw_only=True)
class Change(VersionFacts):
    """One stored version after the first: a change of one article."""

    url: str
    source: str

    @property
    def version_url(self) -> str:
        """The id of this change: the article's URL and ``#v`` with the version."""
        return f"{self.url}#v{self.version}"

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Change:
        """Build from a ``versions`` document."""
        return cls(url=doc["article"], source=doc["source"], **cls.fields_of(doc))

    def as_dict(self) -> dict[str, Any]:
        """Return the change as JSON-ready data."""
        return {
            "url": self.url,
            "id": self.version_url,
            "source": self.source,
            "version": self.version,
            "fetched_at": self.fetched_at.isoformat(),
            "title": self.title,
            "words_added": self.words_added,
            "words_removed": self.words_removed,
            "changed_fields": list(self.changed_fields),
            "minor": self.minor,
            "cause": self.cause,
        }


def changes_query(
    *,
    source: str | None = None,
    since: datetime | None = None,
    article: str | None = None,
    include_minor: bool = False,
    include_parser: bool = False,
    changed_field: str | None = None,
) -> dict[str, Any]:
    """Return the ``versions`` filter for changes (never version 0).

    *changed_field* (``title``, ``standfirst``, ``byline`` or ``body``) keeps
    only the changes of that field.
    """
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


def changes_cursor(
    store: ArticleStore,
    *,
    source: str | None = None,
    since: datetime | None = None,
    limit: int = 20,
    include_minor: bool = False,
    changed_field: str | None = None,
    skip: int = 0,
    hint: bool = True,
) -> Cursor:
    """Return the cursor of the newest changes, walking the ``(fetched_at)`` index.

    *changed_field* keeps the changes of that field (the server picks the
    ``(changed_fields, fetched_at)`` index); *skip* leaves out that many of the
    newest, for pages after the first. ``hint=False`` leaves the index to the
    server: SecantusDB (0.7.0b3) walks a hinted index from end to end, so a
    list bounded by a recent *since* is much faster without the hint.
    """
    query = changes_query(
        source=source,
        since=since,
        include_minor=include_minor,
        changed_field=changed_field,
    )
    cursor = store.versions.find(query, _LISTED).sort("fetched_at", DESCENDING)
    if hint and changed_field is None:
        cursor = cursor.hint(BY_TIME)
    # else no hint: the equality on changed_fields picks its index, and a
    # hint makes SecantusDB (0.7.0b3) walk the whole of it.
    return cursor.skip(skip).limit(limit)


def recent_changes(store: ArticleStore, **options: Any) -> list[Change]:
    """Return the newest changes, newest first; *options* as for changes_cursor."""
    return [Change.from_doc(doc) for doc in changes_cursor(store, **options)]


def article_changes(
    store: ArticleStore, url: str, *, include_minor: bool = False, limit: int = 0
) -> list[Change]:
    """Return one article's changes, newest first."""
    query = changes_query(article=url, include_minor=include_minor)
    # No hint: the article's equality picks (article, version), and a hint
    # makes SecantusDB walk that whole index.
    cursor = (
        store.versions.find(query, _LISTED).sort("version", DESCENDING).limit(limit)
    )
    return [Change.from_doc(doc) for doc in cursor.limit(limit)]


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def format_changes(changes: Sequence[Change]) -> list[str]:
    """Return one line per change: when, source, headline, version, words, id."""
    if not changes:
        return ["No changes."]
    rows = [
        (
            utc(c.fetched_at),
            c.source,
            _short(c.title, _HEADLINE_WIDTH),
            f"v{c.version}",
            c.words,
            c.version_url,
        )
        for c in changes
    ]
    return table(("when", "source", "headline", "version", "words", "id"), rows)
