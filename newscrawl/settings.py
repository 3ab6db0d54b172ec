"""Scrapy settings for newscrawl; every one can be overridden with ``-s NAME=VALUE``.

Settings a deployment needs also read an environment variable of the same
name (``MONGO_URI``, ``MONGO_DATABASE``, ``NEWSCRAWL_DATA_DIR``, ...), so that
Scrapyd jobs, cron lines and containers configure the crawl without editing
this file. The full table is in docs/settings.md.
"""

from __future__ import annotations

import os

from newscrawl.store.schedule import DEFAULT_RETIRE_AFTER, DEFAULT_TIERS

BOT_NAME = "newscrawl"

SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy crawl` exits 1 when a crawl stopped or fetched nothing.
COMMANDS_MODULE = "newscrawl.crawl.commands"
# Adds a spider for each site of the sources files (newscrawl/sources.py).
SPIDER_LOADER_CLASS = "newscrawl.crawl.spiderloader.SourcesSpiderLoader"
# A sources file of your own (TOML, docs/sources/generic.md), read after the
# one shipped in the package; empty: only the package's.
NEWSCRAWL_SOURCES = os.environ.get("NEWSCRAWL_SOURCES", "")

# Values from the environment stay strings here: newscrawl checks and converts
# them when a crawl starts, so a bad one gets a one-line message naming it.

# --- Storage ---------------------------------------------------------------
# Empty MONGO_URI means the embedded store: a SecantusDB server started on
# loopback as a child process, its data under NEWSCRAWL_DATA_DIR.
MONGO_URI = os.environ.get("MONGO_URI", "")
MONGO_DATABASE = os.environ.get("MONGO_DATABASE", "newscrawl")
# How long to wait for MongoDB to answer before the crawl stops (seconds).
MONGO_CONNECT_TIMEOUT = os.environ.get("MONGO_CONNECT_TIMEOUT", "5")
# A store that stops answering during a crawl is waited for this long
# (seconds), every write kept; after that the crawl stops and exits 1.
NEWSCRAWL_STORE_OUTAGE = os.environ.get("NEWSCRAWL_STORE_OUTAGE", "15")
# Default: $XDG_DATA_HOME/newscrawl, else ~/.local/share/newscrawl.
NEWSCRAWL_DATA_DIR = os.environ.get("NEWSCRAWL_DATA_DIR", "")
# An embedded server started by a crawl stays up this long (seconds) after the
# last command using it ends, so that the next one need not start it again.
NEWSCRAWL_STORE_IDLE = os.environ.get("NEWSCRAWL_STORE_IDLE", "300")

# --- What counts as an article ---------------------------------------------
# Live blogs change with every new update block, so they are not tracked
# unless asked for.
NEWSCRAWL_INCLUDE_LIVEBLOGS = os.environ.get("NEWSCRAWL_INCLUDE_LIVEBLOGS", "False")
# A page whose body has fewer words than this is rejected ("short_body").
NEWSCRAWL_MIN_BODY_WORDS = os.environ.get("NEWSCRAWL_MIN_BODY_WORDS", "40")
# A page whose text is larger than this (bytes of UTF-8) is rejected
# ("too_large"): no article is, and MongoDB documents end at 16 MB.
NEWSCRAWL_MAX_TEXT_BYTES = os.environ.get("NEWSCRAWL_MAX_TEXT_BYTES", "4194304")

# --- Re-check schedule (seconds); see newscrawl/schedule.py ----------------
# (changed less than N seconds ago, re-check every M seconds): 15 min under
# 3 h, 1 h under a day, 3 h under a week, daily under 40 days.
NEWSCRAWL_SCHEDULE = os.environ.get("NEWSCRAWL_SCHEDULE") or [
    list(tier) for tier in DEFAULT_TIERS
]
# Articles unchanged this long are retired: never re-checked again.
NEWSCRAWL_RETIRE_AFTER = os.environ.get(
    "NEWSCRAWL_RETIRE_AFTER", str(DEFAULT_RETIRE_AFTER)
)
# At most this many due articles re-checked per crawl (0: all that are due).
NEWSCRAWL_RECHECK_LIMIT = os.environ.get("NEWSCRAWL_RECHECK_LIMIT", "0")
# A crawl leases the due articles it will fetch for this long (seconds); a
# crawler that dies loses nothing, its articles are claimed again afterwards.
NEWSCRAWL_LEASE_SECONDS = os.environ.get("NEWSCRAWL_LEASE_SECONDS", "900")
# Failed fetches (network errors, 5xx) back off: the first wait, doubled on
# each further failure up to the maximum; after MAX_FAILURES in a row the
# article is "failing" (still retried at the maximum wait).
NEWSCRAWL_FAILURE_BACKOFF = os.environ.get("NEWSCRAWL_FAILURE_BACKOFF", "900")
NEWSCRAWL_MAX_BACKOFF = os.environ.get("NEWSCRAWL_MAX_BACKOFF", "86400")
NEWSCRAWL_MAX_FAILURES = os.environ.get("NEWSCRAWL_MAX_FAILURES", "5")
# A fixed "now" (ISO 8601, UTC) instead of the real clock: for tests and
# replays of the schedule. Empty means the real time.
NEWSCRAWL_NOW = os.environ.get("NEWSCRAWL_NOW", "")

# --- Parsing ---------------------------------------------------------------
# Worker processes that parse the fetched pages, so that parsing (CPU-bound)
# runs on another core instead of holding up the crawl's own process. 0 parses
# in the crawl's process.
NEWSCRAWL_PARSE_PROCESSES = os.environ.get("NEWSCRAWL_PARSE_PROCESSES", "1")

# --- Storing ---------------------------------------------------------------
# Articles seen for the first time are written to the store in batches of up
# to this many (three writes per batch instead of three per article); 1 writes
# each on its own.
NEWSCRAWL_STORE_BATCH = os.environ.get("NEWSCRAWL_STORE_BATCH", "16")

# --- The page archive (docs/schema.md "pages") ------------------------------
# Keep the response each stored version was read from (compressed), so that
# history can be re-read with a fixed parser and exported as WARC.
NEWSCRAWL_ARCHIVE = os.environ.get("NEWSCRAWL_ARCHIVE", "True")
# Keep the pages of only the last N versions of each article (0: all).
NEWSCRAWL_ARCHIVE_VERSIONS = os.environ.get("NEWSCRAWL_ARCHIVE_VERSIONS", "0")
# Keep the last N rejected pages per source and reason (what a parser failed on).
NEWSCRAWL_ARCHIVE_REJECTED = os.environ.get("NEWSCRAWL_ARCHIVE_REJECTED", "20")

# --- Health ------------------------------------------------------------------
# A URL that gets a JSON POST when a source turns unhealthy or recovers
# (newscrawl/crawl/alerts.py); empty: none.
NEWSCRAWL_ALERT_WEBHOOK = os.environ.get("NEWSCRAWL_ALERT_WEBHOOK", "")

# --- The crawl's link to the store, and the pipelines that store pages -------
# The tracker opens and closes the store, leases the due articles and records
# what a fetch found when it brought no page (newscrawl/crawl/tracker.py).
# The crawl's progress line and table of outcomes replace Scrapy's LogStats,
# which counted pages and items only (newscrawl/crawl/progress.py).
EXTENSIONS = {
    "newscrawl.crawl.tracker.CrawlTracker": 500,
    "newscrawl.crawl.progress.CrawlProgress": 510,
    "newscrawl.crawl.heap.FreezeStartup": 520,
    "scrapy.extensions.logstats.LogStats": None,
}
# Seconds between two lines of the crawl's progress (0: none).
NEWSCRAWL_PROGRESS_INTERVAL = os.environ.get("NEWSCRAWL_PROGRESS_INTERVAL", "30")
# normalise -> dedupe -> store (docs/architecture.md).
ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.dedupe.DedupePipeline": 200,
    "pipelines.store.StorePipeline": 300,
}
# Unchanged re-fetches are dropped on purpose; they are counted, not warned.
DEFAULT_DROPITEM_LOG_LEVEL = "DEBUG"

# --- Politeness and identity -----------------------------------------------
# Sources whose publishers ask for permission before any crawl (nyt, bbc):
# list the ones you have it for, comma-separated.
NEWSCRAWL_PERMITTED_SOURCES = os.environ.get("NEWSCRAWL_PERMITTED_SOURCES", "")
NEWSCRAWL_CONTACT_URL = os.environ.get(
    "NEWSCRAWL_CONTACT_URL", "https://github.com/newscrawl/newscrawl"
)
USER_AGENT = os.environ.get(
    "NEWSCRAWL_USER_AGENT",
    f"newscrawl/0.1 (+{NEWSCRAWL_CONTACT_URL}; news change tracker)",
)
ROBOTSTXT_OBEY = True
# Scrapy's robots.txt check let some of a host's first requests through
# unchecked (see newscrawl/robots.py); this one checks them all. A host that
# cannot be reached is given up on after three failed connections, its
# other requests failing at once (newscrawl/crawl/unreachable.py): after
# Scrapy's RetryMiddleware (550), so that it sees failures first.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.crawl.robots.RobotsTxtMiddleware": 100,
    "newscrawl.crawl.unreachable.UnreachableHosts": 560,
}
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
TELNETCONSOLE_ENABLED = False
# Scrapy's HTTP remote control of a running crawl: not needed to run one, and
# a killed crawl leaves its token file behind.
REMOTE_CONTROL_ENABLED = False
COOKIES_ENABLED = False

# The largest response a crawl reads, after decompression (gzip, deflate,
# brotli, and a .gz sitemap): news pages are under a few MB, and a
# compressed bomb must not become gigabytes (Scrapy's default is 1 GiB).
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
# Scrapy stops downloading while the responses being processed add up to
# more than this: with its default (5 MB) one large feed, looked up in the
# store chunk by chunk, held every download back until its last link.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 2 * DOWNLOAD_MAXSIZE
# Scrapy starts this many tasks for every response's output, however little
# it yields: at its default (100) that is 0.4 ms of CPU a response, more than
# a tenth of a 304 re-check. An article page yields one item; a feed's links
# are queued as fast with four.
CONCURRENT_ITEMS = 4

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"
