"""The articles and versions documents as newscrawl writes them (docs/schema.md)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from newscrawl.items import ArticleItem

#: (previous version, new version's texts) -> ``words_added``, ``words_removed``,
#: ``changed_fields`` and ``minor`` of the new version. The store does not diff:
#: the crawl hands it the comparison (newscrawl.changes.compare).
Compare = Callable[[Mapping[str, Any], Mapping[str, Any]], Mapping[str, Any]]


def article_fields(
    item: ArticleItem, now: datetime, next_check: datetime | None
) -> dict[str, Any]:
    """Return what a fetch of the page sets on its article."""
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
        "page_key": item.page_key,
    }


def new_article(
    item: ArticleItem,
    version: dict[str, Any],
    now: datetime,
    next_check: datetime | None,
) -> dict[str, Any]:
    """Return a new article, its version 0 *version* still ``pending``."""
    return {
        "_id": item.url,
        "source": item.source,
        "url": item.url,
        **article_fields(item, now, next_check),
        "first_seen": now,
        "last_changed": now,
        "version_count": 1,
        "change_count": 0,
        "parser_change_count": 0,
        "check_count": 1,
        "latest_hash": item.content_hash,
        "pending": version,
    }


def version(
    item: ArticleItem,
    number: int,
    *,
    now: datetime,
    cause: str = "publisher",
    previous: Mapping[str, Any] | None = None,
    compare: Compare | None = None,
) -> dict[str, Any]:
    """Return version *number* of the page; what it changed since *previous*
    comes from *compare* (nothing for version 0)."""
    texts = {
        "title": item.title,
        "standfirst": item.standfirst,
        "byline": item.byline,
        "body": "\n".join(item.body),
    }
    changes: Mapping[str, Any] = {
        "words_added": 0,
        "words_removed": 0,
        "changed_fields": [],
        "minor": False,
    }
    if previous is not None and compare is not None:
        changes = compare(previous, texts)
    return {
        "article": item.url,
        "source": item.source,
        "version": number,
        "hash": item.content_hash,
        "fetched_at": now,
        **texts,
        # Kept with the version, but outside the texts that are hashed and
        # compared: a new other wording alone is no new version.
        "alt_title": item.alt_title,
        "published": item.published,
        "modified": item.modified,
        "section": item.section,
        "tags": list(item.tags),
        "words_added": changes["words_added"],
        "words_removed": changes["words_removed"],
        "changed_fields": list(changes["changed_fields"]),
        "minor": changes["minor"],
        "parser_version": item.parser_version or None,
        "cause": cause,
    }
