"""An article's history as people read it: a status line and a table of versions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newscrawl.render.times import ago, later, long_date, utc


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

    @property
    def words(self) -> str:
        """Words added and removed, "+4 -5", marked "minor" or "parser update"."""
        if self.version == 0:
            return ""
        text = f"+{self.words_added} -{self.words_removed}"
        if self.cause == "parser":
            return f"{text} parser update"
        return f"{text} minor" if self.minor else text


@dataclass(frozen=True, kw_only=True)
class HistoryRow(VersionFacts):
    """One version in the history table."""

    after: str  # "about 2 hours later"; empty for version 0


def first_seen(article: Mapping[str, Any]) -> datetime:
    """Return the earlier of the publisher's time and when newscrawl first saw it."""
    seen: datetime = article["first_seen"]
    published = article.get("published")
    return published if published and published < seen else seen


def _times(count: int) -> str:
    if count == 0:
        return "has not changed"
    if count == 1:
        return "has changed once"
    return f"has changed {count} times"


def status_line(article: Mapping[str, Any], now: datetime) -> str:
    """Return the sentence that sums up an article's history, as of *now*."""
    changes = int(article.get("change_count", 0))
    retired = article.get("next_check") is None or article.get("status") == "retired"
    parts = [
        f"This article is from the source '{article['source']}' and was first "
        f"published or seen on {long_date(first_seen(article))}."
    ]
    if changes:
        last = f"It last changed {ago(article['last_changed'], now)}"
    else:
        seen = ago(article["first_seen"], now)
        last = f"It has not changed since it was first seen {seen}"
    if retired:
        last += " and won't be checked again for changes"
    parts.append(last + ".")
    if article.get("status") == "gone":
        parts.append("It was no longer on the site when last checked.")
    parts.append(f"The article {_times(changes)}.")
    parser_changes = int(article.get("parser_change_count", 0))
    if parser_changes:
        versions = "version comes" if parser_changes == 1 else "versions come"
        parts.append(
            f"{parser_changes} more {versions} from updates of newscrawl's"
            " parser, not from the publisher."
        )
    return " ".join(parts)


def history_rows(versions: Sequence[Mapping[str, Any]]) -> list[HistoryRow]:
    """Return a row per version document, oldest first."""
    rows: list[HistoryRow] = []
    previous: datetime | None = None
    for doc in versions:
        fetched = doc["fetched_at"]
        rows.append(
            HistoryRow(
                **VersionFacts.fields_of(doc),
                after=later(fetched - previous) if previous is not None else "",
            )
        )
        previous = fetched
    return rows


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return *rows* under *header* in columns two spaces apart."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in [header, *rows]
    ]


def format_history(
    article: Mapping[str, Any], versions: Sequence[Mapping[str, Any]], now: datetime
) -> str:
    """Return the status line, the article's URL and the table of versions."""
    rows = history_rows(versions)
    lines = [status_line(article, now), article["_id"], ""]
    lines += table(
        ("version", "fetched at", "after the previous", "headline", "words"),
        [(str(r.version), utc(r.fetched_at), r.after, r.title, r.words) for r in rows],
    )
    for event in article.get("events", ()):
        lines.append(f"{utc(event['at'])}  {_event_text(event)}")
    return "\n".join(lines)


def _event_text(event: Mapping[str, Any]) -> str:
    name = event.get("event", "")
    if name == "gone":
        return f"gone from the site (HTTP {event.get('status', '?')})"
    if name == "redirected":
        return f"gone: redirects to {event.get('to', '?')}"
    if name == "failing":
        return f"failing: {event.get('failures', '?')} failed fetches in a row"
    if name == "back":
        return f"back on the site after being {event.get('was', '?')}"
    return str(name)


def history_as_dict(
    article: Mapping[str, Any], versions: Sequence[Mapping[str, Any]], now: datetime
) -> dict[str, Any]:
    """Return the history as JSON-ready data."""
    return {
        "url": article["_id"],
        "source": article["source"],
        "status": article.get("status"),
        "status_line": status_line(article, now),
        "first_seen": article["first_seen"].isoformat(),
        "last_changed": article["last_changed"].isoformat(),
        "next_check": _iso(article.get("next_check")),
        "change_count": article.get("change_count", 0),
        "parser_change_count": article.get("parser_change_count", 0),
        "versions": [
            {
                "version": r.version,
                "fetched_at": r.fetched_at.isoformat(),
                "after": r.after,
                "title": r.title,
                "words_added": r.words_added,
                "words_removed": r.words_removed,
                "changed_fields": list(r.changed_fields),
                "minor": r.minor,
                "cause": r.cause,
            }
            for r in history_rows(versions)
        ],
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def event_text(event: Mapping[str, Any]) -> str:
    """Return an article's event (gone, redirected, failing, back) in words."""
    return _event_text(event)
