"""The re-check schedule: when to look at an article again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

#: (changed less than this many seconds ago, re-check every this many seconds)
DEFAULT_TIERS: tuple[tuple[int, int], ...] = (
    (3 * 3600, 15 * 60),
    (24 * 3600, 3600),
    (7 * 24 * 3600, 3 * 3600),
    (40 * 24 * 3600, 24 * 3600),
)
DEFAULT_RETIRE_AFTER = 40 * 24 * 3600


def next_check(
    *,
    last_changed: datetime,
    now: datetime,
    tiers: Sequence[Sequence[int]] = DEFAULT_TIERS,
    retire_after: int = DEFAULT_RETIRE_AFTER,
) -> datetime | None:
    """Return when to re-check an article last changed at *last_changed*.

    ``None`` means retired: unchanged for *retire_after* seconds, it will not
    be checked again. The interval is that of the first tier whose age limit
    the article is still under; past every tier, the last tier's interval.
    """
    age = (now - last_changed).total_seconds()
    if age >= retire_after:
        return None
    interval = tiers[-1][1]
    for limit, every in tiers:
        if age < limit:
            interval = every
            break
    return now + timedelta(seconds=interval)
