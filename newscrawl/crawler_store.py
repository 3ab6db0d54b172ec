"""What a crawl's spider and pipelines share: the store, the clock, the schedule."""

from __future__ import annotations

import logging
from datetime import datetime

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread

from newscrawl.clock import Clock, clock_from_setting
from newscrawl.schedule import next_check
from newscrawl.store import ArticleStore, Policy, StoreUnavailable, open_store

logger = logging.getLogger(__name__)


class _Holder:
    """The store of one crawl, or why it could not be opened."""

    def __init__(self) -> None:
        self.store: ArticleStore | None = None
        self.error: StoreUnavailable | None = None

    def close(self) -> Deferred | None:
        if self.store is None:
            return None
        store, self.store = self.store, None
        # Stopping the embedded server takes seconds: never block the reactor.
        return deferToThread(store.close)


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
        except StoreUnavailable as exc:
            holder.error = exc
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


def crawl_clock(settings: BaseSettings) -> Clock:
    """Return the clock set by ``NEWSCRAWL_NOW``, else the real UTC clock."""
    return clock_from_setting(settings.get("NEWSCRAWL_NOW"))


def schedule_policy(settings: BaseSettings) -> Policy:
    """Return the re-check policy configured by the ``NEWSCRAWL_SCHEDULE`` settings."""
    tiers = [tuple(map(int, tier)) for tier in settings.getlist("NEWSCRAWL_SCHEDULE")]
    retire_after = settings.getint("NEWSCRAWL_RETIRE_AFTER")

    def policy(last_changed: datetime, now: datetime) -> datetime | None:
        return next_check(
            last_changed=last_changed, now=now, tiers=tiers, retire_after=retire_after
        )

    return policy
