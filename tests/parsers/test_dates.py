"""Dates as pages write them: month names, UK wall-clock times."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newscrawl.parsers.dates import named_date, uk_to_utc

UTC = timezone.utc


def test_named_date_reads_english_month_names_and_refuses_what_is_no_day() -> None:
    assert named_date("2008", "January", "10") == datetime(2008, 1, 10)
    assert named_date(2010, "August", 13, hour="23", minute="08") == datetime(
        2010, 8, 13, 23, 8
    )
    assert named_date(2008, "Janvier", 10) is None
    assert named_date(2007, "February", 30) is None


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        # GMT in winter, BST (UTC+1) from the last Sunday of March at 01:00
        # UTC to the last Sunday of October at 01:00 UTC.
        (datetime(2008, 1, 10), datetime(2008, 1, 10, tzinfo=UTC)),
        (datetime(2005, 6, 4), datetime(2005, 6, 3, 23, tzinfo=UTC)),
        (datetime(2008, 3, 30, 0, 30), datetime(2008, 3, 30, 0, 30, tzinfo=UTC)),
        (datetime(2008, 3, 30, 2, 30), datetime(2008, 3, 30, 1, 30, tzinfo=UTC)),
        (datetime(2008, 10, 26, 1, 30), datetime(2008, 10, 26, 0, 30, tzinfo=UTC)),
        (datetime(2008, 10, 26, 2, 30), datetime(2008, 10, 26, 2, 30, tzinfo=UTC)),
    ],
)
def test_uk_wall_clock_times_in_utc(local: datetime, utc: datetime) -> None:
    assert uk_to_utc(local) == utc
