"""Times in words (newscrawl.render.times)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.render.times import (
    ago,
    duration,
    later,
    long_date,
    parse_since,
    utc,
)

NOW = datetime(2026, 11, 21, 11, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=20), "less than a minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=20), "20 minutes"),
        (timedelta(minutes=50), "about 1 hour"),
        (timedelta(hours=2), "about 2 hours"),
        (timedelta(hours=21), "about 21 hours"),
        (timedelta(hours=30), "1 day"),
        (timedelta(days=3), "3 days"),
        (timedelta(days=40), "about 1 month"),
        (timedelta(days=100), "3 months"),
        (timedelta(days=370), "about 1 year"),
        (timedelta(days=600), "over 1 year"),
        (timedelta(days=700), "almost 2 years"),
    ],
)
def test_duration(delta, words):
    assert duration(delta) == words


def test_later_and_ago():
    assert later(timedelta(hours=2)) == "about 2 hours later"
    assert ago(NOW - timedelta(days=41), NOW) == "about 1 month ago"


def test_dates():
    assert utc(NOW) == "2026-11-21 11:00 UTC"
    assert utc(None) == "-"
    assert long_date(datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)) == (
        "2 November 2026, 09:30 UTC"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", NOW - timedelta(hours=24)),
        ("30m", NOW - timedelta(minutes=30)),
        ("7d", NOW - timedelta(days=7)),
        ("2w", NOW - timedelta(weeks=2)),
        ("1.5h", NOW - timedelta(minutes=90)),
        ("2026-11-20", datetime(2026, 11, 20, tzinfo=timezone.utc)),
        ("2026-11-20T10:00:00Z", datetime(2026, 11, 20, 10, tzinfo=timezone.utc)),
    ],
)
def test_parse_since(text, expected):
    assert parse_since(text, NOW) == expected


def test_parse_since_rejects_what_is_no_time():
    with pytest.raises(ValueError, match="not a time"):
        parse_since("yesterday", NOW)


def test_an_age_beyond_any_date_is_a_message_not_an_overflow():
    with pytest.raises(ValueError, match="goes back further than any date"):
        parse_since("999999999d", datetime(2026, 11, 20, tzinfo=timezone.utc))
