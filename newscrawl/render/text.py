"""Text for terminals: diffs, histories, lists of changes and the store's summary.

A diff is coloured where the terminal can show colour. Without colour,
deleted words read ``[-like this-]`` and inserted words ``{+like this+}``
(the markers of ``git diff --word-diff=plain``); each paragraph line starts
with ``~`` changed, ``+`` inserted, ``-`` deleted, ``<`` moved away and ``>``
moved here. Runs of unchanged paragraphs are folded into
one line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import IO, Any

from newscrawl.changes.diff import Block, Segment, VersionDiff
from newscrawl.changes.history import VersionFacts, first_seen, history_rows
from newscrawl.changes.listing import Change
from newscrawl.health import Verdict
from newscrawl.render.times import ago, later, long_date, utc

_RED, _GREEN, _CYAN, _BOLD, _DIM, _RESET = (
    "\x1b[31m",
    "\x1b[32m",
    "\x1b[36m",
    "\x1b[1m",
    "\x1b[2m",
    "\x1b[0m",
)
# Control characters in a stored text must not reach the terminal as commands.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PREFIX = {
    "changed": "~",
    "split": "~",
    "merged": "~",
    "inserted": "+",
    "deleted": "-",
    "moved_out": "<",
    "moved_in": ">",
}


def wants_color(stream: IO[str], environ: Mapping[str, str], choice: str) -> bool:
    """Return whether to colour: *choice* is ``always``, ``never`` or ``auto``.

    ``auto`` colours a terminal unless ``NO_COLOR`` is set or ``TERM`` is
    ``dumb`` (https://no-color.org).
    """
    if choice in ("always", "never"):
        return choice == "always"
    isatty = getattr(stream, "isatty", None)
    return bool(
        isatty
        and isatty()
        and "NO_COLOR" not in environ
        and environ.get("TERM", "") != "dumb"
    )


def safe(text: str) -> str:
    """Return *text* with control characters (terminal escapes) made visible."""
    return _CONTROL_RE.sub("\ufffd", text)


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def paint(self, code: str, text: str) -> str:
        text = safe(text)
        return f"{code}{text}{_RESET}" if self.color and text else text

    def segment(self, segment: Segment) -> str:
        if segment.op == "delete":
            return (
                self.paint(_RED, segment.text)
                if self.color
                else f"[-{safe(segment.text)}-]"
            )
        if segment.op == "insert":
            return (
                self.paint(_GREEN, segment.text)
                if self.color
                else f"{{+{safe(segment.text)}+}}"
            )
        if segment.op == "split":
            return self.paint(_GREEN, "¶") if self.color else "{+¶+}"
        if segment.op == "join":
            return self.paint(_RED, "¶") if self.color else "[-¶-]"
        return safe(segment.text)

    def inline(self, segments: Sequence[Segment]) -> str:
        return " ".join(self.segment(s) for s in segments)


def _paragraph_numbers(indexes: Sequence[int]) -> str:
    if not indexes:
        return ""
    first, last = indexes[0] + 1, indexes[-1] + 1
    return f"¶{first}" if first == last else f"¶{first}-{last}"


def _block_line(block: Block, style: _Style) -> str:
    prefix = _PREFIX[block.kind]
    where = _paragraph_numbers(block.new)
    was = f"(was {_paragraph_numbers(block.old)})"
    if block.kind == "inserted":
        text = style.paint(_GREEN, " ".join(s.text for s in block.segments))
        return f"{prefix} {where}  {text}"
    if block.kind == "deleted":
        text = style.paint(_RED, " ".join(s.text for s in block.segments))
        return f"{prefix} {was}  {text}"
    if block.kind == "moved_out":
        note = style.paint(_CYAN, f"moved to ¶{(block.partner or 0) + 1}")
        return f"{prefix} {was}  {note}"
    text = style.inline(block.segments)
    if block.kind == "moved_in":
        note = style.paint(_CYAN, f"moved from ¶{(block.partner or 0) + 1}:")
        return f"{prefix} {where}  {note} {text}"
    return f"{prefix} {where}  {text}"


def render_text(diff: VersionDiff, *, color: bool = False) -> str:
    """Return *diff* as text for a terminal, with ANSI colours when *color*."""
    style = _Style(color)
    old, new = diff.old, diff.new
    summary = f"{utc(old.fetched_at)} -> {utc(new.fetched_at)}, "
    summary += f"+{diff.words_added} -{diff.words_removed} words"
    if new.minor:
        summary += " (a minor change: timestamps or typography only)"
    lines = [
        style.paint(_BOLD, heading(diff)),
        summary,
        "",
    ]
    if not diff.changed_fields:
        lines.append("No differences.")
        return "\n".join(lines)
    for field in diff.fields:
        if field.changed or field.name == "title":
            lines.append(f"{field.label + ':':<12}{style.inline(field.segments)}")
    lines.append("")
    unchanged: list[Block] = []
    for block in [*diff.blocks, None]:
        if block is not None and block.kind == "unchanged":
            unchanged.append(block)
            continue
        if unchanged:
            count = len(unchanged)
            numbers = _paragraph_numbers([unchanged[0].new[0], unchanged[-1].new[0]])
            plural = "paragraph" if count == 1 else "paragraphs"
            lines.append(
                style.paint(_DIM, f"  {numbers}  ({count} unchanged {plural})")
            )
            unchanged = []
        if block is not None:
            lines.append(_block_line(block, style))
    return "\n".join(lines)


def heading(diff: VersionDiff) -> str:
    """Return "Version N / Version M (about 2 hours later)" for *diff*."""
    old, new = diff.old, diff.new
    text = f"Version {old.number} / Version {new.number}"
    if new.fetched_at and old.fetched_at:
        text += f" ({later(new.fetched_at - old.fetched_at)})"
    return text


# --- histories and lists ----------------------------------------------------------

_HEADLINE_WIDTH = 70


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return *rows* under *header* in columns two spaces apart."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in [header, *rows]
    ]


def words(facts: VersionFacts) -> str:
    """Words added and removed, "+4 -5", marked "minor" or "parser update"."""
    if facts.version == 0:
        return ""
    text = f"+{facts.words_added} -{facts.words_removed}"
    if facts.cause == "parser":
        return f"{text} parser update"
    return f"{text} minor" if facts.minor else text


def _times(count: int) -> str:
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
    if changes:  # else the sentence before said so
        parts.append(f"The article {_times(changes)}.")
    parser_changes = int(article.get("parser_change_count", 0))
    if parser_changes:
        versions = "version comes" if parser_changes == 1 else "versions come"
        parts.append(
            f"{parser_changes} more {versions} from updates of newscrawl's"
            " parser, not from the publisher."
        )
    return " ".join(parts)


def event_text(event: Mapping[str, Any]) -> str:
    """Return an article's event (gone, redirected, failing, back) in words."""
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


def format_history(
    article: Mapping[str, Any], versions: Sequence[Mapping[str, Any]], now: datetime
) -> str:
    """Return the status line, the article's URL and the table of versions."""
    rows = history_rows(versions)
    lines = [status_line(article, now), article["_id"], ""]
    lines += table(
        ("version", "fetched at", "after the previous", "headline", "words"),
        [
            (
                str(r.version),
                utc(r.fetched_at),
                later(r.since_previous) if r.since_previous is not None else "",
                r.title,
                words(r),
            )
            for r in rows
        ],
    )
    for event in article.get("events", ()):
        lines.append(f"{utc(event['at'])}  {event_text(event)}")
    return "\n".join(lines)


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
            words(c),
            c.version_url,
        )
        for c in changes
    ]
    return table(("when", "source", "headline", "version", "words", "id"), rows)


#: The summary's columns: (key of a row, heading).
_SUMMARY_COLUMNS = (
    ("source", "source"),
    ("health", "health"),
    ("articles", "articles"),
    ("live", "live"),
    ("gone", "gone"),
    ("failing", "failing"),
    ("retired", "retired"),
    ("due", "due now"),
    ("versions", "versions"),
    ("changes", "changes"),
    ("parser_changes", "parser changes"),
    ("checked_24h", "checked 24h"),
    ("changes_24h", "changes 24h"),
    ("last_checked", "last checked"),
    ("archived_pages", "archived pages"),
    ("archive_bytes", "archive MB"),
)


def format_summary(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Return the store's summary as a table: one line per source."""

    def cell(key: str, value: Any) -> str:
        if isinstance(value, datetime):
            return utc(value)
        if value is None:
            return "-"
        if key == "archive_bytes":
            return f"{value / 1_000_000:.1f}"
        return str(value)

    cells = [[cell(key, row[key]) for key, _ in _SUMMARY_COLUMNS] for row in rows]
    return table([title for _, title in _SUMMARY_COLUMNS], cells)


def format_health(verdicts: Sequence[Verdict]) -> list[str]:
    """Return a line per source with its health, and a line per problem."""
    if not verdicts:
        return ["No crawls on record yet. Run: scrapy crawl guardian"]
    lines = []
    for verdict in verdicts:
        last = f" (last crawl {utc(verdict.last_crawl)})" if verdict.last_crawl else ""
        lines.append(f"{verdict.source}: {verdict.state}{last}")
        lines += [f"  - {problem}" for problem in verdict.problems]
    return lines


def format_rejected(pages: Sequence[Mapping[str, Any]]) -> list[str]:
    """Return the kept rejected pages as a table, one line each."""
    rows = [
        [
            utc(page.get("fetched_at")),
            str(page.get("source", "")),
            str(page.get("reason", "")),
            str(page.get("parser_version") or "-"),
            f"{math.ceil((page.get('size') or 0) / 1000)} KB",
            safe(str(page.get("url", ""))),
        ]
        for page in pages
    ]
    return table(["fetched at", "source", "reason", "parser", "size", "URL"], rows)
