"""The crawl's link to the store: one extension that opens and closes it, leases
the due articles and records every fetch that brings no new page.

Spiders find articles and make requests; they never speak to the store. They
ask the tracker which articles are due and which links are new, and tell it
what a fetch found when it found no page to store: a 304, a 404 or 410, a
redirect, a failure. The pipelines (normalize, dedupe, store) write the
pages. Every store call runs in a thread, so the crawl goes on while MongoDB
answers, and every one that fails costs that article's update only: it is
logged in one line and counted as ``newscrawl/failed/store``.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.task import LoopingCall, deferLater
from twisted.internet.threads import deferToThread

from newscrawl.crawl import alerts, stats
from newscrawl.crawl.batch import Batcher
from newscrawl.crawl.config import CrawlConfig
from newscrawl.crawl.logs import quiet_noisy_loggers
from newscrawl.items import ArticleItem
from newscrawl.parsers import fallback
from newscrawl.store import crawls
from newscrawl.store.articles import ArticleStore, Check, Claim, Failure, Stored
from newscrawl.store.connection import exit_without_waiting, open_store
from newscrawl.store.errors import (
    STORE_FAILURES,
    StoreDown,
    StoreUnavailable,
    describe,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Seconds between tries of a store that does not answer (each try itself
#: waits up to MONGO_CONNECT_TIMEOUT for the server).
_RETRY_PAUSE = 1.0

#: What a crawl without the tracker is told.
MISSING_TRACKER = (
    "EXTENSIONS must name newscrawl.crawl.tracker.CrawlTracker, which opens the"
    " store (a -s EXTENSIONS=... replaces the project's setting: name it there too)"
)
#: The pipelines that store the pages, in their order (newscrawl.settings).
PIPELINES = (
    "pipelines.normalize.NormalizePipeline",
    "pipelines.dedupe.DedupePipeline",
    "pipelines.store.StorePipeline",
)


@dataclass(frozen=True)
class Due:
    """An article leased to this crawl for a re-check, with its validators."""

    url: str
    etag: str | None
    last_modified: str | None
    parser_version: str | None


class CrawlTracker:
    """Opens and closes the crawl's store; records leases, checks, gone and failures.

    Listed in EXTENSIONS (newscrawl.settings); spiders and pipelines reach it
    with ``CrawlTracker.of(crawler)``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store: ArticleStore | None = None
        self._config: CrawlConfig | None = None
        # Discovered links the store said it does not track: the dedupe
        # pipeline need not ask again when their pages arrive.
        self._untracked: set[str] = set()
        # What the store held of each article this crawl leased (claim_due).
        self._claimed: dict[str, Stored] = {}
        # Every article this crawl leased: tracked, so a feed or sitemap that
        # lists it again needs no lookup (most of a news sitemap is due).
        self._leased: set[str] = set()
        # When claim_due leased them: a check of one is recorded only while
        # it is still due by then (no other crawler has checked it since).
        self._due_by: datetime | None = None
        # Extends this crawl's leases while it runs (claim_due starts it), and
        # how many it held at the last count.
        self._renewal: LoopingCall | None = None
        self._holding = 0
        self._check_batches: Batcher[Check, bool] | None = None
        self._failure_batches: Batcher[Failure, int] | None = None
        # When the store stopped answering (monotonic), and whether the crawl
        # gave up on it.
        self._down_since: float | None = None
        self._lost = False
        self._started: datetime | None = None
        # Names this crawl in the leases it takes, so two crawls never share one.
        self.lease_owner = (
            f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlTracker:
        tracker = cls(crawler)
        crawler.signals.connect(tracker.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(tracker.engine_stopped, signal=signals.engine_stopped)
        quiet_noisy_loggers()
        return tracker

    @classmethod
    def of(cls, crawler: Crawler) -> CrawlTracker:
        """Return the crawl's tracker."""
        tracker = crawler.get_extension(cls)
        if tracker is None:
            raise RuntimeError(MISSING_TRACKER)
        return tracker

    @property
    def config(self) -> CrawlConfig:
        """newscrawl's settings of this crawl; ValueError names a bad one."""
        if self._config is None:
            self._config = CrawlConfig.from_settings(self.crawler.settings)
        return self._config

    # --- starting and stopping ----------------------------------------------------

    async def open(self, *, refusal: tuple[str, str] | None = None) -> bool:
        """Check the settings and open the store; say why not and return False.

        *refusal* is the spider's own reason not to crawl, as (the stat that
        counts it, the message), checked once the settings are.
        """
        try:
            config = self.config
        except ValueError as exc:
            return self._stop(stats.BAD_SETTING, f"bad setting: {exc}")
        enabled = self.crawler.settings.getwithbase("ITEM_PIPELINES")
        if missing := [name for name in PIPELINES if not enabled.get(name)]:
            # Pages would be fetched and parsed, then stored nowhere.
            return self._stop(
                stats.BAD_SETTING,
                "bad setting: ITEM_PIPELINES must name "
                + ", ".join(missing)
                + " (a -s ITEM_PIPELINES=... replaces the project's setting)",
            )
        if refusal is not None:
            return self._stop(*refusal)
        try:
            self.store = await _in_thread(
                open_store,
                uri=config.mongo_uri,
                database=config.database,
                data_dir=config.data_dir,
                timeout=config.connect_timeout,
                idle=config.store_idle,
            )
        except StoreUnavailable as exc:
            return self._stop(stats.STORE_UNREACHABLE, str(exc))
        logger.info(
            "Storing in %s, database %r", self.store.description, self.store.db.name
        )
        self._started = config.clock()
        return True

    def _stop(self, reason: str, message: str) -> bool:
        logger.error("Crawl stopped: %s", message)
        stats.mark(self.stats, reason)
        return False

    def stop(self, reason: str, message: str) -> None:
        """Stop a running crawl: say why in one line, count it, close the spider.

        *reason* is one of newscrawl.crawl.stats.STOPPED: the crawl exits 1.
        """
        if stats.get(self.stats, reason):
            return  # said already
        self._stop(reason, message)
        engine = self.crawler.engine
        if engine is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        self._stop_renewal()
        source = getattr(spider, "source", spider.name)
        logger.info(stats.summary_line(self.stats, source=source, reason=reason))
        self._nothing_fetched(spider)
        if self.store is not None and not self._lost:
            await self._release_leases()
            await self._record_crawl(spider, source, reason)

    def _start_renewal(self) -> None:
        """Renew this crawl's leases every third of their length until it ends."""
        self._holding = len(self._leased)
        if self._renewal is not None:
            return
        self._renewal = LoopingCall(lambda: deferred_from_coro(self._renew_leases()))
        # A third: a renewal that fails or comes late leaves time for another
        # before the leases end.
        self._renewal.start(self.config.lease_seconds / 3, now=False).addErrback(
            lambda failure: logger.error(
                "This crawl stopped renewing its leases: %s", failure.getErrorMessage()
            )
        )

    async def _renew_leases(self) -> None:
        """Extend this crawl's leases: a crawl that outlasts one keeps its
        articles, and no other crawl fetches them as well."""
        if self._lost or self.store is None:
            return
        config = self.config
        try:
            holding = await _in_thread(
                self._unless_lost,
                self.store.renew_leases,
                owner=self.lease_owner,
                now=config.clock(),
                lease_seconds=config.lease_seconds,
            )
        except STORE_FAILURES as exc:
            logger.warning(
                "Could not renew this crawl's leases (%s); should they end first,"
                " another crawl may re-check its articles as well",
                describe(exc),
            )
            return
        if holding < self._holding:
            # Ended before a renewal came (the store was down, the process
            # stalled) and claimed by another crawl.
            logger.warning(
                "%d of this crawl's leases ended and other crawls claimed the"
                " articles: those may be re-checked twice",
                self._holding - holding,
            )
        self._holding = holding

    def _stop_renewal(self) -> None:
        if self._renewal is not None and self._renewal.running:
            self._renewal.stop()

    async def _release_leases(self) -> None:
        """End this crawl's leases: what it did not check is due to the next one.

        Every check it made is written by now (the spider closes once its
        responses and items are done).
        """
        if self._leased:
            await self._call(
                self._store().release, sorted(self._leased), owner=self.lease_owner
            )

    def _nothing_fetched(self, spider: Spider) -> None:
        failed = stats.get(self.stats, stats.FAILED_FETCH)
        if failed and not stats.get(self.stats, stats.FETCHED):
            stats.mark(self.stats, stats.NOTHING_FETCHED)
            kinds = stats.under(self.stats.get_stats(), stats.FAILED)
            for count in ("fetch", "store", "parse"):
                kinds.pop(count, None)
            listed = ", ".join(
                f"{kind}: {n}" for kind, n in sorted(kinds.items(), key=_most)
            )
            logger.error(
                "Nothing could be fetched from %s (%s). Is the network up and "
                "the base URL right?",
                getattr(spider, "base_url", ""),
                listed,
            )

    async def _record_crawl(self, spider: Spider, source: str, reason: str) -> None:
        """Keep the record of this crawl; tell the webhook if the source's health
        changed (NEWSCRAWL_ALERT_WEBHOOK)."""
        now = self.config.clock()
        doc = {
            "spider": spider.name,
            "source": source,
            "node": socket.gethostname(),
            "started": self._started or now,
            "ended": now,
            "reason": reason,
            "stopped": stats.stopped(self.stats),
            **stats.record(self.stats),
        }
        try:
            await self.write(crawls.record_crawl, self._store(), doc)
            await self.write(
                alerts.judge, self._store(), source, now=now, config=self.config
            )
        except STORE_FAILURES as exc:
            logger.error(
                "Could not keep the record of this crawl of %s: %s",
                source,
                describe(exc),
            )

    async def engine_stopped(self) -> None:
        self._stop_renewal()
        if self.store is None:
            return
        store, self.store = self.store, None
        # Stopping the embedded server takes seconds: never block the reactor.
        await _in_thread(store.close)
        exit_without_waiting()

    # --- what a crawl asks ----------------------------------------------------------

    async def claim_due(self, source: str) -> list[Due]:
        """Lease the due articles to this crawl; retire the stale ones."""
        config, store = self.config, self._store()
        now = config.clock()
        claim = await self._call(
            store.claim_due,
            source,
            now=now,
            owner=self.lease_owner,
            lease_seconds=config.lease_seconds,
            retire_after=config.retire_after,
            limit=config.recheck_limit,
        ) or Claim([])  # the store did not answer: nothing claimed
        claimed = claim.articles
        self._due_by = now
        stats.mark(self.stats, stats.DUE, len(claimed))
        stats.mark(self.stats, stats.RETIRED, claim.retired)
        logger.info(
            "%d articles due for a re-check, %d retired (unchanged for %d days)",
            len(claimed),
            claim.retired,
            config.retire_after // 86400,
        )
        if claim.held:
            logger.info(
                "%d more due articles are leased to other crawls of %s: left to them",
                claim.held,
                source,
            )
        for doc in claimed:
            self._leased.add(doc["_id"])
            # What the claim read is what dedupe and a 304 need: no second
            # read. (A version a killed writer left pending is rolled forward
            # by state() when the page comes.)
            if not doc.get("pending"):
                self._claimed[doc["_id"]] = Stored.from_doc(doc)
        if claimed:
            self._start_renewal()
        return [
            Due(
                url=doc["_id"],
                etag=doc.get("etag"),
                last_modified=doc.get("last_modified"),
                parser_version=doc.get("parser_version"),
            )
            for doc in claimed
        ]

    async def untracked(self, urls: list[str]) -> list[str]:
        """Return the *urls* the store does not track, in order."""
        unknown = [url for url in urls if url not in self._leased]
        tracked = await self._call(self._store().tracked, unknown) if unknown else set()
        if tracked is None:
            return []  # the store did not answer: fetch nothing it may track
        stats.inc(
            self.stats, stats.ALREADY_TRACKED, len(urls) - len(unknown) + len(tracked)
        )
        new = [url for url in unknown if url not in tracked]
        self._untracked.update(new)
        return new

    async def stored(self, url: str) -> Stored | None:
        """Return what the store holds of the article (None: not tracked).

        Raises one of STORE_FAILURES when the store does not answer.
        """
        if url in self._untracked:
            # Not tracked when it was found. Should another crawler store it
            # meanwhile, ArticleStore.save's insert fails and it compares then.
            self._untracked.discard(url)
            return None
        if url in self._claimed:
            # Read when this crawl leased it: no other crawl changes it since.
            return self._claimed.pop(url)
        return await self.write(self._store().state, url)

    # --- what a fetch found, when it brought no page to store ----------------------

    async def same_page(
        self,
        url: str,
        *,
        page_key: str,
        parser_versions: tuple[str, ...],
        etag: str | None,
        last_modified: str | None,
    ) -> bool:
        """Record a re-check whose page is, byte for byte, the one last read.

        The same bytes read by the same parsers (*parser_versions*, which the
        key includes) give the same text: the page is unchanged without a
        parse. Only for articles this crawl claimed (their key is in hand)
        whose latest text one of those parsers read (not a re-read's). False
        when that is not so, another crawler has claimed the article since
        (this crawl's lease ran out), or the store did not answer: the page
        is then parsed and compared as any other.
        """
        stored = self._claimed.get(url)
        if (
            stored is None
            or stored.page_key != page_key
            or stored.parser_version not in parser_versions
        ):
            return False
        # Guarded by the claim's time, not the text's hash: alike, a batch of
        # such checks is one write (ArticleStore.record_checks).
        check = self._check(
            url,
            stored,
            due_by=self._due_by,
            **_validators(stored, etag=etag, last_modified=last_modified),
        )
        recorded = await self._add_check(check)
        if recorded:
            self._claimed.pop(url, None)
            self.count(stats.SAME_PAGE)
            self.count(stats.UNCHANGED)
            if fallback.is_fallback(stored.parser_version):
                # Read as the fallback read it: health weighs such pages.
                self.count(stats.FALLBACK)
        return recorded

    async def unchanged(self, item: ArticleItem, stored: Stored) -> bool:
        """Record a page whose text is the stored latest version's.

        False when that is no longer so (a concurrent crawler stored a change)
        or the store did not answer: the store pipeline then compares again,
        and reports a store that still does not answer.
        """
        check = self._check(
            item.url,
            stored,
            etag=item.etag,
            last_modified=item.last_modified,
            expected_hash=item.content_hash,
            parser_version=item.parser_version,
            page_key=item.page_key,
        )
        recorded = await self._add_check(check)
        if recorded:
            self.count(stats.UNCHANGED)
        return recorded

    def _check(self, url: str, stored: Stored, **found: Any) -> Check:
        """Return a check of *url* now, next due by the schedule of *stored*."""
        # To the second: the checks of a batch made in the same second are
        # then alike, and written as one (ArticleStore.record_checks).
        now = self.config.clock().replace(microsecond=0)
        return Check(
            url,
            now=now,
            next_check=self.config.policy(stored.last_changed, now),
            previous_status=stored.status,
            **found,
        )

    async def _add_check(self, check: Check) -> bool:
        """Record *check* in the next batch; False if it did not take."""
        try:
            return await self._checks().add(check)
        except STORE_FAILURES:
            return False

    async def not_modified(
        self, url: str, *, etag: str | None, last_modified: str | None
    ) -> None:
        """Record a 304: checked, unchanged; keep the validators.

        Of an article this crawl claimed, only while no other crawl has
        checked it since (its lease ran out): that check, or the change it
        stored, has set the schedule, and this one would undo it.
        """
        claimed = url in self._claimed
        try:
            stored = await self.stored(url)
        except STORE_FAILURES as exc:
            self.store_failed(url, exc)
            return
        if stored is None:
            return
        check = self._check(
            url,
            stored,
            due_by=self._due_by if claimed else None,
            **_validators(stored, etag=etag, last_modified=last_modified),
        )
        try:
            recorded = await self._checks().add(check)
        except STORE_FAILURES as exc:
            self.store_failed(url, exc)
            return
        if not recorded:
            logger.info(
                "%s was checked by another crawl after this one claimed it:"
                " this crawl's 304 is not recorded",
                url,
            )
            return
        # Counted once written: a crawl killed before says nothing it did not do.
        self.count(stats.NOT_MODIFIED)
        self.count(stats.UNCHANGED)

    async def gone(self, url: str, status: int) -> bool:
        """Record a 404 or 410 of a tracked article; False if it is not tracked.

        A gone article is looked at again on its usual schedule: pages come
        back. A link never stored that answers 404 is no article gone; the
        spider counts it as a failed fetch.
        """
        stored = await self._call(self._store().state, url)
        if stored is None:
            return False
        self.count(stats.GONE)
        logger.info("Gone: %s (HTTP %d)", url, status)
        await self._record_gone(
            url, stored, {"event": "gone", "status": status}, keep_checking=True
        )
        return True

    async def redirected(self, url: str, target: str, *, followed: bool) -> None:
        """Record that the article now redirects to *target*; no more re-checks."""
        self.count(stats.REDIRECTED)
        logger.info(
            "%s now redirects to %s%s",
            url,
            target,
            "" if followed else " (not an article: not followed)",
        )
        stored = await self._call(self._store().state, url)
        if stored is None:
            return  # never stored: nothing to mark
        # Not re-checked: the article lives at its new URL now.
        await self._record_gone(
            url, stored, {"event": "redirected", "to": target}, keep_checking=False
        )

    async def failed(self, url: str | None, *, kind: str, reason: str) -> None:
        """Count a failed fetch; for a tracked article, back off and maybe mark
        it failing."""
        self.count(stats.FAILED_FETCH)
        self.count(f"{stats.FAILED}/{kind}")
        if url is None:
            return
        try:
            await self._failures().add(Failure(url, self.config.clock(), reason))
        except STORE_FAILURES as exc:
            self.count(stats.FAILED_STORE)
            logger.error("Could not record the failure of %s: %s", url, describe(exc))

    def count(self, count: str, by: int = 1) -> None:
        """Add to one of the crawl's counts (newscrawl.crawl.stats)."""
        stats.inc(self.stats, count, by)

    def store_failed(self, url: str, exc: Exception) -> None:
        """Count and log, in one line, a page the store could not take.

        While the store is down, the outage's own lines say why; one line
        per page would bury them.
        """
        self.count(stats.FAILED_STORE)
        level = logging.DEBUG if self._down_since is not None else logging.ERROR
        logger.log(level, "Could not store %s: %s", url, describe(exc))

    # --- the store's outages ------------------------------------------------------

    async def write(self, method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call a store method in a thread; while the store does not answer, try
        again, for up to NEWSCRAWL_STORE_OUTAGE seconds.

        Raises the store's error, or StoreUnavailable once the store has been
        down that long: the crawl then stops.
        """
        while True:
            if self._lost:  # the crawl is stopping: no more waits on the store
                raise StoreUnavailable("the store stopped answering")
            try:
                result = await _in_thread(self._unless_lost, method, *args, **kwargs)
            except StoreDown as exc:
                if not self._wait_for_store(exc):
                    raise StoreUnavailable(
                        f"the store stopped answering: {describe(exc)}"
                    ) from None
                await _pause(_RETRY_PAUSE)
                continue
            if self._down_since is not None and not self._lost:
                self._down_since = None
                logger.warning("The store answers again; the crawl goes on")
            return result

    def _wait_for_store(self, exc: Exception) -> bool:
        """Note that the store did not answer; say whether to try again."""
        if self._lost:
            return False
        now = time.monotonic()
        if self._down_since is None:
            self._down_since = now
            logger.warning(
                "The store (%s) does not answer (%s); waiting up to %gs for it",
                self._store_name(),
                describe(exc),
                self.config.store_outage,
            )
        if now - self._down_since < self.config.store_outage:
            return True
        self._lost = True
        if self.store is not None:
            # Calls still waiting for the server give up now, not one by one.
            deferToThread(self.store.disconnect)
        self.stop(
            stats.STORE_LOST,
            f"the store ({self._store_name()}) did not answer for"
            f" {self.config.store_outage:g}s ({describe(exc)}). What was fetched"
            " since is not stored; the next crawl fetches it again.",
        )
        return False

    def _store_name(self) -> str:
        return self.store.description if self.store is not None else "not open"

    # --- helpers --------------------------------------------------------------------

    def _checks(self) -> Batcher[Check, bool]:
        """The batches of checks: one write for many articles' checks."""
        if self._check_batches is None:
            self._check_batches = Batcher(
                self._write_checks, size=self.config.store_batch
            )
        return self._check_batches

    async def _write_checks(self, checks: list[Check]) -> list[bool | Exception]:
        return list(await self.write(self._store().record_checks, checks))

    def _failures(self) -> Batcher[Failure, int]:
        """The batches of failed fetches: one read and one write for many."""
        if self._failure_batches is None:
            self._failure_batches = Batcher(
                self._write_failures, size=self.config.store_batch
            )
        return self._failure_batches

    async def _write_failures(self, failures: list[Failure]) -> list[int | Exception]:
        config = self.config
        counts = await self.write(
            self._store().record_failures,
            failures,
            max_failures=config.max_failures,
            backoff=config.backoff,
            max_backoff=config.max_backoff,
        )
        return list(counts)

    def _store(self) -> ArticleStore:
        if self.store is None:
            raise StoreUnavailable("the crawl's store is not open")
        return self.store

    async def _record_gone(
        self, url: str, stored: Stored, event: dict[str, Any], *, keep_checking: bool
    ) -> None:
        now = self.config.clock()
        next_check = (
            self.config.policy(stored.last_changed, now) if keep_checking else None
        )
        await self._call(
            self._store().record_gone,
            url,
            now=now,
            event=event,
            next_check=next_check,
            previous_status=stored.status,
        )

    async def _call(
        self, method: Callable[..., T], *args: Any, **kwargs: Any
    ) -> T | None:
        """Call a store method in a thread; log a failure in one line, return None."""
        if self._lost:  # the crawl is stopping: no more waits on the store
            self.count(stats.FAILED_STORE)
            return None
        try:
            return await _in_thread(self._unless_lost, method, *args, **kwargs)
        except STORE_FAILURES as exc:
            self.count(stats.FAILED_STORE)
            # Once the store is lost, its one line has said so.
            level = logging.DEBUG if self._lost else logging.ERROR
            logger.log(level, "Store update failed (%s): %s", method.__name__, exc)
            return None

    def _unless_lost(self, method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Make the call, unless the store was lost while it waited for a thread.

        Each call to a store that is gone waits MONGO_CONNECT_TIMEOUT in
        pymongo's server selection; calls queued for the thread pool would
        hold the crawl's end up by that, round after round.
        """
        if self._lost:
            raise StoreUnavailable("the store stopped answering")
        return method(*args, **kwargs)


def _validators(
    stored: Stored, *, etag: str | None, last_modified: str | None
) -> dict[str, Any]:
    """What a check writes of a fetch's validators: nothing where they are the
    stored ones, so that alike checks are one write (ArticleStore.record_checks)."""
    if (etag, last_modified) == (stored.etag, stored.last_modified):
        return {"keep_validators": True}
    return {"etag": etag, "last_modified": last_modified}


async def _in_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking (pymongo) call in a thread, so the crawl goes on meanwhile."""
    return await maybe_deferred_to_future(deferToThread(function, *args, **kwargs))


async def _pause(seconds: float) -> None:
    from twisted.internet import reactor

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


def _most(pair: tuple[str, int]) -> tuple[int, str]:
    return -pair[1], pair[0]
