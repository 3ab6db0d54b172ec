"""The re-check schedule (the tiers the README gives) and the crawl's clock setting."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.clock import clock_from_setting, utcnow
from newscrawl.store.schedule import DEFAULT_RETIRE_AFTER, DEFAULT_TIERS, next_check

NOW = datetime(2026, 1, 31, 12, 0, tzinfo=timezone.utc)
SECOND = timedelta(seconds=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def _interval(age: timedelta, **kwargs: object) -> timedelta | None:
    due = next_check(last_changed=NOW - age, now=NOW, **kwargs)  # type: ignore[arg-type]
    return None if due is None else due - NOW


# --- the default tiers --------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "every"),
    [
        # under 3 hours: every 15 minutes
        (timedelta(0), timedelta(minutes=15)),
        (timedelta(minutes=1), timedelta(minutes=15)),
        (3 * HOUR - SECOND, timedelta(minutes=15)),
        # under 1 day: every hour
        (3 * HOUR, HOUR),
        (3 * HOUR + SECOND, HOUR),
        (DAY - SECOND, HOUR),
        # under 7 days: every 3 hours
        (DAY, 3 * HOUR),
        (DAY + SECOND, 3 * HOUR),
        (7 * DAY - SECOND, 3 * HOUR),
        # under 40 days: every day
        (7 * DAY, DAY),
        (7 * DAY + SECOND, DAY),
        (40 * DAY - SECOND, DAY),
        (40 * DAY - timedelta(milliseconds=1), DAY),
    ],
)
def test_interval_follows_the_design_table(age, every):
    assert _interval(age) == every


@pytest.mark.parametrize(
    "age",
    [40 * DAY, 40 * DAY + SECOND, 41 * DAY, 365 * DAY, 10 * 365 * DAY],
)
def test_retired_at_and_after_40_days(age):
    assert next_check(last_changed=NOW - age, now=NOW) is None


def test_due_time_is_counted_from_now_not_from_last_changed():
    due = next_check(last_changed=NOW - 2 * DAY, now=NOW)
    assert due == NOW + 3 * HOUR
    assert due.tzinfo is not None


def test_defaults_are_the_design_numbers():
    assert DEFAULT_RETIRE_AFTER == 40 * 24 * 3600
    assert [tuple(tier) for tier in DEFAULT_TIERS] == [
        (3 * 3600, 15 * 60),
        (24 * 3600, 3600),
        (7 * 24 * 3600, 3 * 3600),
        (40 * 24 * 3600, 24 * 3600),
    ]


def test_a_change_just_seen_is_rechecked_soonest():
    intervals = [_interval(age) for age in (timedelta(0), 5 * HOUR, 2 * DAY, 20 * DAY)]
    assert intervals == sorted(intervals)


# --- custom tiers and retire_after ---------------------------------------------

CUSTOM = ((600, 60), (3600, 300))


@pytest.mark.parametrize(
    ("age", "every"),
    [
        (timedelta(seconds=0), timedelta(seconds=60)),
        (timedelta(seconds=599), timedelta(seconds=60)),
        (timedelta(seconds=600), timedelta(seconds=300)),
        (timedelta(seconds=3599), timedelta(seconds=300)),
        # past every tier but not yet retired: the last tier's interval
        (timedelta(seconds=3600), timedelta(seconds=300)),
        (timedelta(seconds=7199), timedelta(seconds=300)),
        (timedelta(seconds=7200), None),
        (timedelta(days=3), None),
    ],
)
def test_custom_tiers_and_retire_after(age, every):
    assert _interval(age, tiers=CUSTOM, retire_after=7200) == every


def test_tiers_may_be_lists_as_read_from_settings():
    tiers = [[600, 60], [3600, 300]]
    assert _interval(timedelta(seconds=10), tiers=tiers) == timedelta(seconds=60)


def test_custom_retire_after_with_default_tiers():
    assert _interval(2 * DAY, retire_after=2 * 24 * 3600) is None
    assert _interval(2 * DAY - SECOND, retire_after=2 * 24 * 3600) == 3 * HOUR
    # Never retired within the default tiers: the last tier's interval after them.
    assert _interval(100 * DAY, retire_after=1000 * 24 * 3600) == DAY


def test_retire_after_zero_retires_everything():
    assert _interval(timedelta(0), retire_after=0) is None


def test_a_last_changed_in_the_future_is_treated_as_just_changed():
    # Clock skew between crawlers must not retire or starve an article.
    assert _interval(-HOUR) == timedelta(minutes=15)


# --- clock_from_setting ---------------------------------------------------------


@pytest.mark.parametrize("value", [None, ""])
def test_empty_setting_gives_the_real_clock(value):
    clock = clock_from_setting(value)
    assert clock is utcnow
    before = datetime.now(timezone.utc) - SECOND
    now = clock()
    assert before <= now <= datetime.now(timezone.utc) + SECOND
    assert now.utcoffset() == timedelta(0)
    assert now.microsecond % 1000 == 0  # MongoDB keeps milliseconds


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-31T12:00:00Z",
        "2026-01-31T12:00:00+00:00",
        "2026-01-31T13:00:00+01:00",
        "2026-01-31T07:00:00-05:00",
        "2026-01-31T17:30:00+05:30",
        "2026-01-31T12:00:00",  # naive: taken as UTC
        "2026-01-31 12:00:00",
    ],
)
def test_fixed_clock_is_aware_utc(value):
    clock = clock_from_setting(value)
    now = clock()
    assert now == NOW
    assert now.tzinfo is not None
    assert now.utcoffset() == timedelta(0)
    assert now.tzinfo == timezone.utc
    assert clock() == now  # fixed: it does not move


def test_fixed_clock_keeps_fractions_of_a_second():
    assert clock_from_setting("2026-01-31T12:00:00.250Z")() == NOW + timedelta(
        milliseconds=250
    )


@pytest.mark.parametrize(
    "value",
    ["yesterday", "2026-13-01T00:00:00Z", "31/01/2026", "2026-01-31T25:00:00", "Z"],
)
def test_bad_value_raises_value_error_naming_the_setting(value):
    with pytest.raises(ValueError, match="NEWSCRAWL_NOW") as info:
        clock_from_setting(value)
    assert repr(value) in str(info.value)
