"""Log records a crawl does without: pymongo's debug records, robots.txt tracebacks."""

from __future__ import annotations

import logging


class _NoTraceback(logging.Filter):
    """Keep a log record's message but drop its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


_NO_TRACEBACK = _NoTraceback()


def quiet_noisy_loggers() -> None:
    """Set the levels and filters; calling again changes nothing."""
    # Scrapy leaves the root logger at NOTSET, so pymongo would build a debug
    # record for every command only for it to be thrown away.
    logging.getLogger("pymongo").setLevel(logging.INFO)
    # Scrapy logs a failed robots.txt download (no network, DNS) with a full
    # traceback; the one-line message already says what happened.
    robots = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
    if _NO_TRACEBACK not in robots.filters:
        robots.addFilter(_NO_TRACEBACK)
