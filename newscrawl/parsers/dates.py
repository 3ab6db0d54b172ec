"""Dates as pages give them, read into timezone-aware UTC datetimes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|GMT|UTC|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"\d{9,14}")


def parse_date(value: object) -> datetime | None:
    """A timezone-aware UTC datetime from a page's date value, or None.

    Reads ISO 8601 and its common variants (``2012-01-27T12:58GMT``), RFC 822
    and epoch seconds or milliseconds; a value without an offset is UTC.
    """
    try:
        return _to_utc(_read_date(value))
    except (ValueError, OverflowError, TypeError, IndexError):
        return None


def first_date(candidates: Iterable[object]) -> datetime | None:
    """The first readable date among *candidates* (read no further than that)."""
    for candidate in candidates:
        moment = parse_date(candidate)
        if moment is not None:
            return moment
    return None


def _read_date(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _EPOCH.fullmatch(text):
        number = int(text)
        seconds = number / 1000 if number > 10**11 else number
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    match = _DATE.fullmatch(text)
    if match is None:
        return parsedate_to_datetime(text)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    return datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        micro,
        tzinfo=_zone(zone),
    )


def _zone(text: str | None) -> timezone:
    if not text or text.upper() in ("Z", "GMT", "UTC"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _to_utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


_MONTHS = {
    name: number
    for number, name in enumerate(
        "January February March April May June July August September October"
        " November December".split(),
        start=1,
    )
}


def named_date(
    year: str | int,
    month: str,
    day: str | int,
    *,
    hour: str | int = 0,
    minute: str | int = 0,
) -> datetime | None:
    """A naive datetime of a day written with its month's English name
    ("January"), or None if there is no such day."""  # fmt: skip
    number = _MONTHS.get(month)
    if number is None:
        return None
    try:
        return datetime(int(year), number, int(day), int(hour), int(minute))
    except ValueError:  # "February 30"
        return None


def uk_to_utc(moment: datetime) -> datetime:
    """A naive UK wall-clock time as an aware UTC datetime.

    British Summer Time runs from 01:00 UTC on the last Sunday of March to
    01:00 UTC on the last Sunday of October (the rule since 1996).
    """
    start = _nth_sunday(moment.year, 3, 5).replace(hour=1)
    end = _nth_sunday(moment.year, 10, 5).replace(hour=1)
    naive = moment.replace(tzinfo=None)
    # Local wall-clock bounds: 01:00 GMT is 01:00; 01:00 UTC in October is 02:00 BST.
    summer = start <= naive < end + timedelta(hours=1)
    offset = timedelta(hours=1 if summer else 0)
    return moment.replace(tzinfo=timezone(offset)).astimezone(timezone.utc)


def us_eastern_to_utc(moment: datetime) -> datetime:
    """A naive US Eastern wall-clock time as an aware UTC datetime.

    Pages of US sites give local times without an offset; the US daylight
    saving rules (2007 on; 1987-2006 before) say whether EST or EDT applies,
    without needing a time zone database on the machine.
    """
    if moment.year >= 2007:
        start = _nth_sunday(moment.year, 3, 2)
        end = _nth_sunday(moment.year, 11, 1)
    else:
        start = _nth_sunday(moment.year, 4, 1)
        end = _nth_sunday(moment.year, 10, 5)
    # The switches happen at 02:00 local time.
    summer = start.replace(hour=2) <= moment.replace(tzinfo=None) < end.replace(hour=2)
    offset = timedelta(hours=-4 if summer else -5)
    return moment.replace(tzinfo=timezone(offset)).astimezone(timezone.utc)


def _nth_sunday(year: int, month: int, nth: int) -> datetime:
    """The nth Sunday of a month (5: the last one)."""
    first = datetime(year, month, 1)
    day = first + timedelta(days=(6 - first.weekday()) % 7)
    sundays = []
    while day.month == month:
        sundays.append(day)
        day += timedelta(days=7)
    return sundays[min(nth, len(sundays)) - 1]
