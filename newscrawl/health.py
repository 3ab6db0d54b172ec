"""Whether a source is healthy, judged from its crawls against its own history.

A source is unhealthy when, compared with what is usual for it:

- its crawls stopped coming, or its last crawl stopped without doing its work;
- the share of fetched pages rejected, or read by the fallback extractor,
  jumped (its parser no longer understands its pages);
- it stored no new article for much longer than its usual gap;
- a field its articles carried (byline, standfirst, publication time) went
  missing from most of what it stores now.

assess() is pure: crawl documents (newscrawl.store.crawls, docs/schema.md)
in, a verdict out; verdicts() reads them from the store.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from newscrawl.render.times import duration
from newscrawl.store import crawls as crawl_records
from newscrawl.store.articles import ArticleStore

#: A share (of rejected or fallback pages) this far above its usual one, and
#: at least FLAGGED_SHARE of the pages, is a jump.
JUMP = 0.3
FLAGGED_SHARE = 0.5
#: Pages a crawl must have read for its shares to count.
MIN_PAGES = 5
#: A gap this many times the usual one is unusual...
GAP_FACTOR = 3.0
#: ... and never shorter than these.
MIN_CRAWL_GAP = timedelta(hours=1)
MIN_NEW_GAP = timedelta(hours=6)
#: The fields whose coverage is watched, and the window of "now".
FIELDS = ("byline", "standfirst", "published")
RECENT = timedelta(days=1)
#: Coverage this much lower than before (as a ratio) is a fall.
FALL = 0.5


@dataclass(frozen=True)
class Verdict:
    """A source's health: ``ok``, ``unhealthy`` or ``unknown`` (no crawls yet)."""

    source: str
    state: str
    problems: list[str] = field(default_factory=list)
    last_crawl: datetime | None = None


def assess(source: str, crawls: Sequence[Mapping[str, Any]], now: datetime) -> Verdict:
    """Return the verdict on *source* from its *crawls*, newest first."""
    if not crawls:
        return Verdict(source, "unknown")
    latest, history = crawls[0], crawls[1:]
    problems = [
        *_stopped(crawls, now),
        *_jumps(latest, history),
        *_no_new(crawls, now),
        *_coverage(crawls, now),
    ]
    return Verdict(
        source, "unhealthy" if problems else "ok", problems, latest.get("ended")
    )


def verdicts(
    store: ArticleStore, source: str | None = None, *, now: datetime
) -> list[Verdict]:
    """Return the verdict on each source with crawls on record (or on *source*)."""
    names = [source] if source else crawl_records.crawled_sources(store)
    return [
        assess(name, crawl_records.recent_crawls(store, name), now) for name in names
    ]


def _stopped(crawls: Sequence[Mapping[str, Any]], now: datetime) -> list[str]:
    problems = []
    latest = crawls[0]
    if latest.get("stopped"):
        problems.append(
            f"its last crawl stopped without doing its work ({latest.get('reason')})"
        )
    ends = [c["ended"] for c in crawls if c.get("ended")]
    gaps = [a - b for a, b in zip(ends, ends[1:], strict=False) if a > b]
    if gaps:
        usual = statistics.median(gaps)
        since = now - ends[0]
        if since > max(GAP_FACTOR * usual, MIN_CRAWL_GAP):
            problems.append(
                f"no crawl for {duration(since)}"
                f" (usually {duration(usual)} between crawls)"
            )
    return problems


def _share(crawl: Mapping[str, Any], count: str) -> float | None:
    counts = crawl.get("counts", {})
    read = sum(counts.get(name, 0) for name in ("new", "changed", "unchanged"))
    read += counts.get("rejected", 0)
    if read < MIN_PAGES:
        return None
    return counts.get(count, 0) / read


def _jumps(
    latest: Mapping[str, Any], history: Sequence[Mapping[str, Any]]
) -> list[str]:
    problems = []
    for count, what in (("rejected", "rejected"), ("fallback", "read by the fallback")):
        share = _share(latest, count)
        if share is None or share < FLAGGED_SHARE:
            continue
        usual_shares = [s for c in history if (s := _share(c, count)) is not None]
        usual = statistics.median(usual_shares) if usual_shares else 0.0
        if share - usual >= JUMP:
            problems.append(
                f"{share:.0%} of the pages of its last crawl were {what},"
                f" usually {usual:.0%}"
            )
    return problems


def _no_new(crawls: Sequence[Mapping[str, Any]], now: datetime) -> list[str]:
    with_new = [
        c["ended"] for c in crawls if c.get("counts", {}).get("new") and c.get("ended")
    ]
    gaps = [a - b for a, b in zip(with_new, with_new[1:], strict=False) if a > b]
    if not gaps:
        return []
    usual = statistics.median(gaps)
    since = now - with_new[0]
    if since <= max(GAP_FACTOR * usual, MIN_NEW_GAP):
        return []
    return [
        f"no new article for {duration(since)}, where one usually comes within"
        f" {duration(usual)}"
    ]


def _coverage(crawls: Sequence[Mapping[str, Any]], now: datetime) -> list[str]:
    recent = [c for c in crawls if c.get("ended") and now - c["ended"] <= RECENT]
    before = [c for c in crawls if c.get("ended") and now - c["ended"] > RECENT]

    def covered(group: Sequence[Mapping[str, Any]], name: str) -> float | None:
        stored = sum(c.get("fields", {}).get("stored", 0) for c in group)
        if stored < MIN_PAGES:
            return None
        return sum(c.get("fields", {}).get(name, 0) for c in group) / stored

    problems = []
    for name in FIELDS:
        now_share, then_share = covered(recent, name), covered(before, name)
        if now_share is None or then_share is None or then_share < FLAGGED_SHARE:
            continue
        if now_share < then_share * FALL:
            problems.append(
                f"{name} found on {now_share:.0%} of what it stored in the last day,"
                f" {then_share:.0%} before"
            )
    return problems
