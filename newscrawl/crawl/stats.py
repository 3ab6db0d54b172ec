"""The crawl's counts in Scrapy's stats, by name, and the line that sums them up.

Every count newscrawl keeps is a stat ``newscrawl/<name>``; docs/settings.md
and the README list them. A crawl that could not do its work sets one of
STOPPED, which makes ``scrapy crawl`` exit 1 (newscrawl.crawl.commands).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scrapy.statscollectors import StatsCollector

from newscrawl.crawl.logs import short

PREFIX = "newscrawl/"

# What the crawl fetched, and what happened to each article.
FETCHED = "fetched"
DUE = "due"
RETIRED = "retired"
DISCOVERED = "discovered"
SKIPPED_LINKS = "skipped_links"
ALREADY_TRACKED = "already_tracked"
NEW = "new"
REREAD = "reread"
FALLBACK = "fallback"
CHANGED = "changed"
UNCHANGED = "unchanged"
#: Unchanged pages found so by their bytes (text.hashing.page_key), not parsed.
SAME_PAGE = "same_page"
NOT_MODIFIED = "not_modified"
REDIRECTED = "redirected"
GONE = "gone"
REJECTED = "rejected"
FAILED = "failed"
FAILED_FETCH = "failed/fetch"
FAILED_STORE = "failed/store"
FAILED_PARSE = "failed/parse"
FAILED_ARCHIVE = "failed/archive"

# Why a crawl did not do its work.
BAD_SETTING = "bad_setting"
STORE_UNREACHABLE = "store_unreachable"
STORE_LOST = "store_lost"
PARSER_FAILED = "parser_failed"
NEEDS_PERMISSION = "needs_permission"
BAD_SOURCE = "bad_source"
NOTHING_FETCHED = "nothing_fetched"
STOPPED = (
    BAD_SETTING,
    STORE_UNREACHABLE,
    STORE_LOST,
    PARSER_FAILED,
    NEEDS_PERMISSION,
    BAD_SOURCE,
    NOTHING_FETCHED,
)

#: The counts of the summary line, in its order.
_SUMMED_UP = (DUE, DISCOVERED, NEW, CHANGED, UNCHANGED, GONE, REJECTED)

#: Exception class names (Scrapy's own and Twisted's) -> the reason counted.
FAILURE_KINDS = {
    "CannotResolveHostError": "dns",
    "DNSLookupError": "dns",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused",
    "DownloadTimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "TimeoutError": "timeout",
    "ResponseDataLossError": "connection_lost",
    "ConnectionLost": "connection_lost",
    "ResponseNeverReceived": "connection_lost",
    "DownloadFailedError": "download_failed",
    "ConnectError": "connect_error",
}


def failure_kind(exc: BaseException, *, max_size: int) -> tuple[str, str]:
    """Return the count of a failed fetch (under ``failed/``) and its reason."""
    name = type(exc).__name__
    text = str(exc)
    if "max size" in text or "DOWNLOAD_MAXSIZE" in text:
        # Scrapy's own messages for a body over the limit, before or after
        # decompression.
        return "too_large", f"larger than {max_size:,} bytes (DOWNLOAD_MAXSIZE)"
    if "max redirections" in text:
        return "redirect_loop", "too many redirects (a redirect loop?)"
    return FAILURE_KINDS.get(name, name), short(text) or name


#: The counts a crawl's record keeps (docs/schema.md "crawls").
_RECORDED = (
    DUE,
    FETCHED,
    NEW,
    CHANGED,
    UNCHANGED,
    NOT_MODIFIED,
    SAME_PAGE,
    GONE,
    REJECTED,
    FALLBACK,
    REREAD,
    FAILED_FETCH,
    FAILED_STORE,
)
#: Of every version a crawl stored, which fields it found (health watches them).
FIELDS = ("byline", "standfirst", "published")


def record(stats: StatsCollector) -> dict[str, Any]:
    """Return a crawl's counts as its record keeps them."""
    values = stats.get_stats()
    return {
        "counts": {count.replace("/", "_"): get(stats, count) for count in _RECORDED},
        "rejected": under(values, REJECTED),
        "fields": {
            "stored": get(stats, "fields/stored"),
            **{name: get(stats, f"fields/{name}") for name in FIELDS},
        },
    }


def name(count: str) -> str:
    """Return the stat's full name: ``newscrawl/<count>``."""
    return PREFIX + count


def inc(stats: StatsCollector, count: str, by: int = 1) -> None:
    """Add *by* to the count."""
    stats.inc_value(PREFIX + count, by)


def mark(stats: StatsCollector, count: str, value: int = 1) -> None:
    """Set the count (due, retired, and why a crawl stopped)."""
    stats.set_value(PREFIX + count, value)


def get(stats: StatsCollector, count: str) -> int:
    """Return the count (0 when not counted)."""
    return stats.get_value(PREFIX + count, 0)


def stopped(stats: StatsCollector) -> bool:
    """Return whether the crawl could not do its work (then it exits 1)."""
    return any(stats.get_value(PREFIX + reason) for reason in STOPPED)


def under(values: Mapping[str, Any], count: str) -> dict[str, Any]:
    """Return the counts below ``newscrawl/<count>/``, by their last name part."""
    prefix = f"{PREFIX}{count}/"
    return {
        key[len(prefix) :]: value
        for key, value in values.items()
        if key.startswith(prefix) and "/" not in key[len(prefix) :]
    }


def summary_line(stats: StatsCollector, *, source: str, reason: str) -> str:
    """Return "Crawl of guardian finished (finished): due=0, ..., failed=0 (...)"."""
    counts = ", ".join(f"{count}={get(stats, count)}" for count in _SUMMED_UP)
    rejected = under(stats.get_stats(), REJECTED)
    unstored = get(stats, FAILED_STORE)
    return (
        f"Crawl of {source} finished ({reason}): {counts},"
        f" failed={get(stats, FAILED_FETCH)}"
        + (f", not stored={unstored}" if unstored else "")
        + (f" (rejected: {rejected})" if rejected else "")
    )
