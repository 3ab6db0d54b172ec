"""Scrapy settings for newscrawl; every one can be overridden with ``-s NAME=VALUE``.

Settings a deployment needs also read an environment variable of the same
name (``MONGO_URI``, ``MONGO_DATABASE``, ``NEWSCRAWL_DATA_DIR``, ...), so that
Scrapyd jobs, cron lines and containers configure the crawl without editing
this file. The full table is in docs/settings.md.
"""

from __future__ import annotations

import os

BOT_NAME = "newscrawl"

SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- Storage ---------------------------------------------------------------
# Empty MONGO_URI means the embedded store: a SecantusDB server started on
# loopback as a child process, its data under NEWSCRAWL_DATA_DIR.
MONGO_URI = os.environ.get("MONGO_URI", "")
MONGO_DATABASE = os.environ.get("MONGO_DATABASE", "newscrawl")
# How long to wait for MongoDB to answer before the crawl stops (seconds).
MONGO_CONNECT_TIMEOUT = float(os.environ.get("MONGO_CONNECT_TIMEOUT", "5"))
# Default: $XDG_DATA_HOME/newscrawl, else ~/.local/share/newscrawl.
NEWSCRAWL_DATA_DIR = os.environ.get("NEWSCRAWL_DATA_DIR", "")

# --- What counts as an article ---------------------------------------------
# Live blogs change with every new update block, so they are not tracked
# unless asked for.
NEWSCRAWL_INCLUDE_LIVEBLOGS = False
# A page whose body has fewer words than this is rejected ("short_body").
NEWSCRAWL_MIN_BODY_WORDS = int(os.environ.get("NEWSCRAWL_MIN_BODY_WORDS", "40"))

# --- Re-check schedule (seconds); see newscrawl/schedule.py ----------------
NEWSCRAWL_SCHEDULE = [
    # (changed less than this long ago, re-check this often)
    (3 * 3600, 15 * 60),
    (24 * 3600, 3600),
    (7 * 24 * 3600, 3 * 3600),
    (40 * 24 * 3600, 24 * 3600),
]
# Articles unchanged this long are retired: never re-checked again.
NEWSCRAWL_RETIRE_AFTER = 40 * 24 * 3600
# A fixed "now" (ISO 8601, UTC) instead of the real clock: for tests and
# replays of the schedule. Empty means the real time.
NEWSCRAWL_NOW = os.environ.get("NEWSCRAWL_NOW", "")

# --- Pipelines, in the order of docs/DESIGN: normalise -> dedupe -> store ---
ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.dedupe.DedupePipeline": 200,
    "pipelines.store.StorePipeline": 300,
}
# Unchanged re-fetches are dropped on purpose; they are counted, not warned.
DEFAULT_DROPITEM_LOG_LEVEL = "DEBUG"

# --- Politeness and identity -----------------------------------------------
NEWSCRAWL_CONTACT_URL = os.environ.get(
    "NEWSCRAWL_CONTACT_URL", "https://github.com/newscrawl/newscrawl"
)
USER_AGENT = os.environ.get(
    "NEWSCRAWL_USER_AGENT",
    f"newscrawl/0.1 (+{NEWSCRAWL_CONTACT_URL}; news change tracker)",
)
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
TELNETCONSOLE_ENABLED = False
COOKIES_ENABLED = False

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"
