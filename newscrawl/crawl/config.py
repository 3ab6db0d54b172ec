"""newscrawl's settings of one crawl, read from Scrapy's settings and checked once."""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.settings import BaseSettings

from newscrawl.clock import Clock, clock_from_setting
from newscrawl.store.embedded import idle_period
from newscrawl.store.schedule import DEFAULT_RETIRE_AFTER, Policy, parse_tiers, policy


@dataclass(frozen=True)
class CrawlConfig:
    """newscrawl's settings of one crawl, checked and converted (docs/settings.md)."""

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
    max_text_bytes: int
    parse_processes: int
    store_batch: int
    mongo_uri: str
    database: str
    data_dir: str | None
    store_idle: float
    connect_timeout: float
    store_outage: float
    archive: bool
    archive_versions: int
    archive_rejected: int
    alert_webhook: str
    progress_interval: float

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> CrawlConfig:
        """Read the settings; raise ValueError naming the first bad one."""

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

        def flag(name: str, *, default: bool = False) -> bool:
            try:
                return settings.getbool(name, default)
            except ValueError:
                raise ValueError(
                    f"{name} must be true or false, not {settings.get(name)!r}"
                ) from None

        def seconds(name: str, default: float, *, zero: bool = False) -> float:
            try:
                value = settings.getfloat(name, default)
            except ValueError:
                raise ValueError(
                    f"{name} must be a number of seconds, not {settings.get(name)!r}"
                ) from None
            if value < 0 or (value == 0 and not zero):
                least = "0 or more" if zero else "more than 0"
                raise ValueError(f"{name} must be {least}, not {value}")
            return value

        def webhook(url: str) -> str:
            if url and not url.startswith(("http://", "https://")):
                raise ValueError(
                    f"NEWSCRAWL_ALERT_WEBHOOK must be an http(s) URL, not {url!r}"
                )
            return url

        retire_after = number("NEWSCRAWL_RETIRE_AFTER", DEFAULT_RETIRE_AFTER, minimum=1)
        tiers = parse_tiers(settings.get("NEWSCRAWL_SCHEDULE"))
        return cls(
            clock=clock_from_setting(settings.get("NEWSCRAWL_NOW")),
            policy=policy(tiers, retire_after),
            retire_after=retire_after,
            recheck_limit=number("NEWSCRAWL_RECHECK_LIMIT", 0) or None,
            lease_seconds=number("NEWSCRAWL_LEASE_SECONDS", 900, minimum=1),
            max_failures=number("NEWSCRAWL_MAX_FAILURES", 5, minimum=1),
            backoff=number("NEWSCRAWL_FAILURE_BACKOFF", 900, minimum=1),
            max_backoff=number("NEWSCRAWL_MAX_BACKOFF", 86400, minimum=1),
            min_body_words=number("NEWSCRAWL_MIN_BODY_WORDS", 40),
            include_liveblogs=flag("NEWSCRAWL_INCLUDE_LIVEBLOGS"),
            max_text_bytes=number(
                "NEWSCRAWL_MAX_TEXT_BYTES", 4 * 1024 * 1024, minimum=1024
            ),
            parse_processes=number("NEWSCRAWL_PARSE_PROCESSES", 1),
            store_batch=number("NEWSCRAWL_STORE_BATCH", 16, minimum=1),
            mongo_uri=settings.get("MONGO_URI", "") or "",
            database=settings.get("MONGO_DATABASE", "newscrawl") or "newscrawl",
            data_dir=settings.get("NEWSCRAWL_DATA_DIR") or None,
            store_idle=idle_period(settings.get("NEWSCRAWL_STORE_IDLE")),
            connect_timeout=seconds("MONGO_CONNECT_TIMEOUT", 5.0),
            store_outage=seconds("NEWSCRAWL_STORE_OUTAGE", 15.0),
            archive=flag("NEWSCRAWL_ARCHIVE", default=True),
            archive_versions=number("NEWSCRAWL_ARCHIVE_VERSIONS", 0),
            archive_rejected=number("NEWSCRAWL_ARCHIVE_REJECTED", 20),
            alert_webhook=webhook(settings.get("NEWSCRAWL_ALERT_WEBHOOK") or ""),
            progress_interval=seconds("NEWSCRAWL_PROGRESS_INTERVAL", 30.0, zero=True),
        )
