"""What a crawl's spider and pipelines share: the store and the settings, read once."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newscrawl.clock import Clock, clock_from_setting
from newscrawl.store.articles import ArticleStore, Policy, StoreUnavailable, open_store
from newscrawl.store.schedule import DEFAULT_TIERS, next_check

logger = logging.getLogger(__name__)
# Scrapy leaves the root logger at NOTSET, so pymongo would build a debug
# record for every command only for it to be thrown away.
logging.getLogger("pymongo").setLevel(logging.INFO)


class _Holder:
    """The store of one crawl, or why it could not be opened."""

    def __init__(self) -> None:
        self.store: ArticleStore | None = None
        self.error: StoreUnavailable | None = None

    async def close(self) -> None:
        if self.store is None:
            return
        store, self.store = self.store, None
        # Stopping the embedded server takes seconds: never block the reactor.
        await maybe_deferred_to_future(deferToThread(store.close))


def get_store(crawler: Crawler) -> ArticleStore:
    """Return the crawl's store, opening it on first use; raise StoreUnavailable."""
    holder: _Holder | None = getattr(crawler, "_newscrawl_store", None)
    if holder is None:
        holder = _Holder()
        crawler._newscrawl_store = holder  # type: ignore[attr-defined]
        # The holder lives as long as the crawler, so the weak signal
        # reference to its bound method stays valid.
        crawler.signals.connect(holder.close, signal=signals.engine_stopped)
        settings = crawler.settings
        try:
            holder.store = open_store(
                uri=settings.get("MONGO_URI", ""),
                database=settings.get("MONGO_DATABASE", "newscrawl"),
                data_dir=settings.get("NEWSCRAWL_DATA_DIR") or None,
                timeout=settings.getfloat("MONGO_CONNECT_TIMEOUT", 5.0),
            )
        except (StoreUnavailable, ValueError) as exc:
            holder.error = StoreUnavailable(str(exc))
        else:
            logger.info(
                "Storing in %s, database %r",
                holder.store.description,
                holder.store.db.name,
            )
    if holder.error is not None:
        raise holder.error
    assert holder.store is not None
    return holder.store


@dataclass(frozen=True)
class CrawlConfig:
    """newscrawl's settings of one crawl, checked and converted."""

    clock: Clock
    policy: Policy
    retire_after: int
    recheck_limit: int | None
    lease_seconds: int
    max_failures: int
    backoff: int
    max_backoff: int
    min_body_words: int
    include_liveblogs: bool
    parse_processes: int
    store_batch: int


def get_config(crawler: Crawler) -> CrawlConfig:
    """Return the crawl's checked settings; raise ValueError naming a bad one."""
    config = getattr(crawler, "_newscrawl_config", None)
    if config is None:
        config = _read_config(crawler.settings)
        crawler._newscrawl_config = config  # type: ignore[attr-defined]
    return config


def _read_config(settings: BaseSettings) -> CrawlConfig:
    def number(name: str, default: int, *, minimum: int = 0) -> int:
        try:
            value = settings.getint(name, default)
        except ValueError:
            raise ValueError(
                f"{name} must be a whole number, not {settings.get(name)!r}"
            ) from None
        if value < minimum:
            raise ValueError(f"{name} must be at least {minimum}, not {value}")
        return value

    def flag(name: str) -> bool:
        try:
            return settings.getbool(name, False)
        except ValueError:
            raise ValueError(
                f"{name} must be true or false, not {settings.get(name)!r}"
            ) from None

    retire_after = number("NEWSCRAWL_RETIRE_AFTER", 40 * 86400, minimum=1)
    return CrawlConfig(
        clock=clock_from_setting(settings.get("NEWSCRAWL_NOW")),
        policy=schedule_policy(
            _schedule_tiers(settings.get("NEWSCRAWL_SCHEDULE")), retire_after
        ),
        retire_after=retire_after,
        recheck_limit=number("NEWSCRAWL_RECHECK_LIMIT", 0) or None,
        lease_seconds=number("NEWSCRAWL_LEASE_SECONDS", 900, minimum=1),
        max_failures=number("NEWSCRAWL_MAX_FAILURES", 5, minimum=1),
        backoff=number("NEWSCRAWL_FAILURE_BACKOFF", 900, minimum=1),
        max_backoff=number("NEWSCRAWL_MAX_BACKOFF", 86400, minimum=1),
        min_body_words=number("NEWSCRAWL_MIN_BODY_WORDS", 40),
        include_liveblogs=flag("NEWSCRAWL_INCLUDE_LIVEBLOGS"),
        parse_processes=number("NEWSCRAWL_PARSE_PROCESSES", 1),
        store_batch=number("NEWSCRAWL_STORE_BATCH", 16, minimum=1),
    )


def _schedule_tiers(value: object) -> list[tuple[int, int]]:
    """Return NEWSCRAWL_SCHEDULE's tiers, given as pairs or as their JSON text."""
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
        tiers = [(int(limit), int(every)) for limit, every in value]  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise ValueError(f"{problem}, not {value!r}") from None
    limits = [limit for limit, _ in tiers]
    if not tiers or limits != sorted(set(limits)) or min(e for _, e in tiers) <= 0:
        raise ValueError(f"{problem}, not {value!r}")
    return tiers


def schedule_policy(tiers: list[tuple[int, int]], retire_after: int) -> Policy:
    """Return the re-check policy for these schedule tiers."""

    def policy(last_changed: datetime, now: datetime) -> datetime | None:
        return next_check(
            last_changed=last_changed, now=now, tiers=tiers, retire_after=retire_after
        )

    return policy
