"""Lists newest first, read in slices of time back from now (store.queries)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.store.queries import (
    ALL_OLDER,
    FIRST_SLICE,
    GROWTH,
    MAX_STEP,
    _growth,
    _newest_first,
)

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)


class Rows:
    """Rows at the given times, fetched the way the store fetches a slice."""

    def __init__(self, times: list[datetime]) -> None:
        self.times = sorted(times, reverse=True)
        self.slices: list[tuple[datetime | None, datetime | None]] = []
        self.read = 0  # rows the store would read: all of each slice

    def fetch(
        self, lower: datetime | None, upper: datetime | None, n: int
    ) -> list[datetime]:
        self.slices.append((lower, upper))
        inside = [
            t
            for t in self.times
            if (lower is None or t >= lower) and (upper is None or t < upper)
        ]
        self.read += len(inside)
        return inside[:n]


def _every_minute(days: float) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in range(int(days * 24 * 60))]


@pytest.mark.parametrize("wanted", [1, 50, 61, 1001, 5000])
def test_the_newest_rows_in_order_from_slices_that_meet(wanted):
    rows = Rows(_every_minute(30) + [NOW + timedelta(hours=2)])
    got = _newest_first(rows.fetch, now=NOW, wanted=wanted)
    assert got == rows.times[:wanted]
    first_lower, first_upper = rows.slices[0]
    assert first_upper is None  # the first slice takes what is after now too
    assert first_lower == NOW - FIRST_SLICE
    for (lower, _), (_, upper) in zip(rows.slices, rows.slices[1:], strict=False):
        assert upper == lower  # each slice ends where the one before began


def test_a_store_that_changes_evenly_is_read_little_more_than_the_page():
    rows = Rows(_every_minute(30))
    _newest_first(rows.fetch, now=NOW, wanted=1001)
    # 1 h, 4 h, 16 h, then what 960 rows in 16 h say is missing, a tenth more.
    assert len(rows.slices) == 4
    assert rows.read <= 1.1 * 1001 + 1


def test_few_rows_reach_back_by_growth_then_take_all_that_is_older():
    times = [NOW - timedelta(days=d) for d in (3, 40, 400, 900)]
    rows = Rows(times)
    assert _newest_first(rows.fetch, now=NOW, wanted=10) == sorted(times, reverse=True)
    lowers = [lower for lower, _ in rows.slices]
    assert lowers[-1] is None  # all older
    backs = [NOW - lower for lower in lowers[:-1] if lower is not None]
    assert backs[0] == FIRST_SLICE and backs[1] == FIRST_SLICE * GROWTH
    assert backs[-1] < ALL_OLDER


def test_nothing_older_than_since():
    rows = Rows(_every_minute(3))
    since = NOW - timedelta(hours=5, minutes=30)
    got = _newest_first(rows.fetch, now=NOW, wanted=10_000, since=since)
    assert got == [t for t in rows.times if t >= since]
    assert rows.slices[-1][0] == since


def test_without_now_one_fetch_since_since():
    rows = Rows(_every_minute(1))
    since = NOW - timedelta(hours=2)
    assert _newest_first(rows.fetch, now=None, wanted=5, since=since) == rows.times[:5]
    assert rows.slices == [(since, None)]


def test_growth_from_what_was_found():
    assert _growth(0, 50) == GROWTH
    assert _growth(9, 1000) == GROWTH  # too few to tell
    assert _growth(400, 1000) == pytest.approx(2.75)  # what is missing, a tenth more
    assert _growth(45, 50) == pytest.approx(1.1 * 50 / 45)
    assert _growth(100, 1000) == MAX_STEP  # at most
    assert _growth(10, 100_000) == MAX_STEP
