"""The re-check schedule: when to look at an article again."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

#: (last changed, now) -> next check, or None once retired.
Policy = Callable[[datetime, datetime], "datetime | None"]

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


def policy(tiers: Sequence[Sequence[int]], retire_after: int) -> Policy:
    """Return the re-check policy of these schedule tiers."""

    def next_of(last_changed: datetime, now: datetime) -> datetime | None:
        return next_check(
            last_changed=last_changed, now=now, tiers=tiers, retire_after=retire_after
        )

    return next_of


def parse_tiers(value: object) -> list[tuple[int, int]]:
    """Return NEWSCRAWL_SCHEDULE's tiers, given as pairs or as their JSON text.

    Raises ValueError, naming the setting and what it should look like.
    """
    problem = (
        "NEWSCRAWL_SCHEDULE must be a list of [changed less than N seconds ago, "
        "re-check every M seconds] pairs with growing N, like "
        "[[10800, 900], [86400, 3600]]"
    )
    if value is None:
        return list(DEFAULT_TIERS)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValueError(f"{problem}, not {value!r}") from None
    try:
        tiers = [(int(limit), int(every)) for limit, every in value]  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise ValueError(f"{problem}, not {value!r}") from None
    limits = [limit for limit, _ in tiers]
    if not tiers or limits != sorted(set(limits)) or min(e for _, e in tiers) <= 0:
        raise ValueError(f"{problem}, not {value!r}")
    return tiers
