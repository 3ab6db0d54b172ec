"""Times for people: "about 2 hours", "3 days later", and "24h" read back as a time."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

_MINUTE = 60
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_MONTH = 30 * _DAY
_YEAR = 365 * _DAY


def plural(count: int, unit: str) -> str:
    """Return "1 hour", "2 hours": *count* and *unit*, plural unless *count* is 1."""
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def duration(delta: timedelta) -> str:
    """Return *delta* in words, rounded as people say it ("about 2 hours").

    The steps are those of Rails' ``distance_of_time_in_words``, which
    readers of change trackers already know.
    """
    seconds = abs(delta.total_seconds())
    minutes = round(seconds / _MINUTE)
    if minutes < 1:
        return "less than a minute"
    if minutes < 45:
        return plural(minutes, "minute")
    if minutes < 90:
        return "about 1 hour"
    if seconds < _DAY:
        return f"about {round(seconds / _HOUR)} hours"
    if seconds < 42 * _HOUR:
        return "1 day"
    if seconds < _MONTH:
        return plural(round(seconds / _DAY), "day")
    if seconds < 2 * _MONTH:
        return f"about {plural(round(seconds / _MONTH), 'month')}"
    if seconds < _YEAR:
        return plural(round(seconds / _MONTH), "month")
    years, rest = divmod(seconds, _YEAR)
    if rest < _YEAR / 4:
        return f"about {plural(int(years), 'year')}"
    if rest < _YEAR * 3 / 4:
        return f"over {plural(int(years), 'year')}"
    return f"almost {plural(int(years) + 1, 'year')}"


def later(delta: timedelta) -> str:
    """Return how long after the previous thing: "about 2 hours later"."""
    if delta.total_seconds() < 0:
        return f"{duration(delta)} earlier"
    return f"{duration(delta)} later"


def ago(then: datetime, now: datetime) -> str:
    """Return how long before *now* *then* was: "about 2 hours ago"."""
    return f"{duration(now - then)} ago"


def utc(value: datetime | None) -> str:
    """Return *value* as "2026-11-20 10:00 UTC" ("-" for none)."""
    if value is None:
        return "-"
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def long_date(value: datetime) -> str:
    """Return *value* as "20 November 2026, 09:30 UTC"."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    value = value.astimezone(timezone.utc)
    return f"{value.day} {value:%B %Y, %H:%M} UTC"


_AGE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w)\s*$", re.I)
_AGE_UNITS = {"m": _MINUTE, "min": _MINUTE, "h": _HOUR, "d": _DAY, "w": 7 * _DAY}


def parse_since(text: str, now: datetime) -> datetime:
    """Read "24h", "30m", "7d", "2w" or an ISO 8601 date or time as a UTC time.

    Raises ValueError, with a message for the user, for anything else.
    """
    if match := _AGE_RE.match(text):
        seconds = float(match.group(1)) * _AGE_UNITS[match.group(2).lower()]
        try:
            return now - timedelta(seconds=seconds)
        except OverflowError:
            raise ValueError(f"{text!r} goes back further than any date") from None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"{text!r} is not a time: give an age like 30m, 24h, 7d, 2w "
            "or a date like 2026-11-20"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)
