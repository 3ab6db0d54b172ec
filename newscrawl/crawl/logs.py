"""Log records a crawl does without: pymongo debug, robots.txt tracebacks, repeats."""

from __future__ import annotations

import logging


class _NoTraceback(logging.Filter):
    """Keep a log record's message but drop its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class _NotOverMaxSize(logging.Filter):
    """Drop Scrapy's warnings about a body over DOWNLOAD_MAXSIZE: the spider
    says so in its own line, with the article it cost."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        return "DOWNLOAD_MAXSIZE" not in text and "download max size" not in text


_NO_TRACEBACK = _NoTraceback()
_NOT_OVER_MAX_SIZE = _NotOverMaxSize()
#: Where Scrapy warns of a body over the limit: decompressing, downloading.
_MAX_SIZE_LOGGERS = (
    "scrapy.downloadermiddlewares.httpcompression",
    "scrapy.core.downloader.handlers.http11",
    "scrapy.core.downloader.handlers._base_streaming",
)


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
    for name in _MAX_SIZE_LOGGERS:
        scrapy_logger = logging.getLogger(name)
        if _NOT_OVER_MAX_SIZE not in scrapy_logger.filters:
            scrapy_logger.addFilter(_NOT_OVER_MAX_SIZE)


def short(text: str, limit: int = 300) -> str:
    """Return *text* on one line and at most *limit* characters, for a log line."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
