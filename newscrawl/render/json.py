"""JSON-ready data for ``--json`` and the viewer's API: each shape written once.

Times are ISO 8601 strings (UTC), paragraph indexes count from 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from newscrawl.changes.diff import Segment, VersionDiff, VersionText
from newscrawl.changes.history import HistoryRow, VersionFacts, history_rows
from newscrawl.changes.listing import Change
from newscrawl.health import Verdict
from newscrawl.items import ArticleItem
from newscrawl.render.text import heading, status_line
from newscrawl.render.times import later


def iso(value: datetime | None) -> str | None:
    """Return *value* as ISO 8601, or ``None``."""
    return value.isoformat() if value else None


def _facts(facts: VersionFacts) -> dict[str, Any]:
    return {
        "version": facts.version,
        "fetched_at": iso(facts.fetched_at),
        "title": facts.title,
        "words_added": facts.words_added,
        "words_removed": facts.words_removed,
        "changed_fields": list(facts.changed_fields),
        "minor": facts.minor,
        "cause": facts.cause,
    }


def change_data(change: Change) -> dict[str, Any]:
    """Return one change of a list of changes."""
    return {
        "url": change.url,
        "id": change.version_url,
        "source": change.source,
        **_facts(change),
    }


def history_data(
    article: Mapping[str, Any], versions: Sequence[Mapping[str, Any]], now: datetime
) -> dict[str, Any]:
    """Return an article's status and its versions, oldest first."""
    return {
        "url": article["_id"],
        "source": article["source"],
        "status": article.get("status"),
        "status_line": status_line(article, now),
        "first_seen": iso(article["first_seen"]),
        "last_changed": iso(article["last_changed"]),
        "next_check": iso(article.get("next_check")),
        "change_count": article.get("change_count", 0),
        "parser_change_count": article.get("parser_change_count", 0),
        "versions": [_history_row(row) for row in history_rows(versions)],
    }


def _history_row(row: HistoryRow) -> dict[str, Any]:
    facts = _facts(row)
    after = later(row.since_previous) if row.since_previous is not None else ""
    return {
        "version": facts.pop("version"),
        "fetched_at": facts.pop("fetched_at"),
        "after": after,
        **facts,
    }


def article_row(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Return an article of a list of articles."""
    return {
        "url": doc["_id"],
        "source": doc.get("source"),
        "title": doc.get("title"),
        "status": doc.get("status"),
        "first_seen": iso(doc.get("first_seen")),
        "last_changed": iso(doc.get("last_changed")),
        "change_count": doc.get("change_count", 0),
    }


def diff_data(diff: VersionDiff) -> dict[str, Any]:
    """Return what changed between two versions."""

    def segments(items: tuple[Segment, ...]) -> list[list[str]]:
        return [[s.op, s.text] for s in items]

    def version(v: VersionText) -> dict[str, Any]:
        return {
            "version": v.number,
            "fetched_at": iso(v.fetched_at),
            "title": v.title,
            "minor": v.minor,
        }

    return {
        "heading": heading(diff),
        "from": version(diff.old),
        "to": version(diff.new),
        "words_added": diff.words_added,
        "words_removed": diff.words_removed,
        "changed_fields": diff.changed_fields,
        "fields": [
            {
                "name": f.name,
                "changed": f.changed,
                "old": f.old,
                "new": f.new,
                "segments": segments(f.segments),
            }
            for f in diff.fields
        ],
        "paragraphs": [
            {
                "kind": b.kind,
                "old": list(b.old),
                "new": list(b.new),
                "partner": b.partner,
                "segments": segments(b.segments),
            }
            for b in diff.blocks
        ],
    }


def item_data(item: ArticleItem, *, note: str = "") -> dict[str, Any]:
    """Return a parsed page as ``newscrawl extract`` prints it (and why, if told)."""
    data = {
        "url": item.url,
        "canonical_url": item.canonical_url,
        "source": item.source,
        "page_type": item.page_type,
        "title": item.title,
        "alt_title": item.alt_title,
        "standfirst": item.standfirst,
        "byline": item.byline,
        "published": iso(item.published),
        "modified": iso(item.modified),
        "section": item.section,
        "tags": item.tags,
        "body": "\n".join(item.body),
        "hash": item.content_hash,
    }
    if note:
        data["note"] = note
    return data


def verdict_data(verdict: Verdict) -> dict[str, Any]:
    """A source's health."""
    return {
        "source": verdict.source,
        "state": verdict.state,
        "problems": verdict.problems,
        "last_crawl": iso(verdict.last_crawl),
    }
