"""The crawl's clock: the real UTC time, or a fixed one a test or a replay sets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """Return the current time, timezone-aware UTC, to the millisecond."""
    now = datetime.now(timezone.utc)
    # MongoDB keeps milliseconds: round here so stored and in-memory times agree.
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def clock_from_setting(value: str | None) -> Clock:
    """Return a clock fixed at the ISO 8601 time *value*, or the real one if empty."""
    if not value:
        return utcnow
    try:
        fixed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"NEWSCRAWL_NOW must be an ISO 8601 time like 2026-01-31T12:00:00Z, "
            f"not {value!r}"
        ) from None
    if fixed.tzinfo is None:
        fixed = fixed.replace(tzinfo=timezone.utc)
    fixed = fixed.astimezone(timezone.utc)
    fixed = fixed.replace(microsecond=fixed.microsecond // 1000 * 1000)
    return lambda: fixed
