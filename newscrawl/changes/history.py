"""An article's history: a row per version, with when it came and what it changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any


@dataclass(frozen=True, kw_only=True)
class VersionFacts:
    """What lists show of one stored version: when, headline, size of the change."""

    version: int
    fetched_at: datetime
    title: str
    words_added: int
    words_removed: int
    changed_fields: tuple[str, ...]
    minor: bool
    #: "publisher", or "parser" for a difference made by a parser upgrade.
    cause: str = "publisher"

    @staticmethod
    def fields_of(doc: Mapping[str, Any]) -> dict[str, Any]:
        """Return these fields of a ``versions`` document (older ones lack some)."""
        return {
            "version": int(doc["version"]),
            "fetched_at": doc["fetched_at"],
            "title": doc.get("title") or "",
            "words_added": int(doc.get("words_added", 0)),
            "words_removed": int(doc.get("words_removed", 0)),
            "changed_fields": tuple(doc.get("changed_fields", ())),
            "minor": bool(doc.get("minor", False)),
            "cause": doc.get("cause") or "publisher",
        }


@dataclass(frozen=True, kw_only=True)
class HistoryRow(VersionFacts):
    """One version in the history table."""

    #: How long after the previous version it was fetched; None for version 0.
    since_previous: timedelta | None


def first_seen(article: Mapping[str, Any]) -> datetime:
    """Return the earlier of the publisher's time and when newscrawl first saw it."""
    seen: datetime = article["first_seen"]
    published = article.get("published")
    return published if published and published < seen else seen


def history_rows(versions: Sequence[Mapping[str, Any]]) -> list[HistoryRow]:
    """Return a row per version document, oldest first."""
    rows: list[HistoryRow] = []
    previous: datetime | None = None
    for doc in versions:
        fetched = doc["fetched_at"]
        rows.append(
            HistoryRow(
                **VersionFacts.fields_of(doc),
                since_previous=fetched - previous if previous is not None else None,
            )
        )
        previous = fetched
    return rows
