"""Parse pages in worker processes, beside the crawl's reactor thread, not in it.

Parsing a page is pure CPU in Python and lxml: in the crawl's own process it
holds the GIL and stalls downloads, the pipelines and the store's replies.
A worker process parses on another core. A parser is a pure function of
(url, html) at module level, so it is sent to a worker by name.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from newscrawl.items import ArticleItem
from newscrawl.parsers.fallback import looks_like_article, missed
from newscrawl.parsers.page import decode

logger = logging.getLogger(__name__)

#: Seconds between a worker's checks that the crawl process still runs.
_PARENT_POLL = 0.5

#: A source parser: (url, html) -> item; a module-level function (or a
#: functools.partial of one) so that it pickles.
Parser = Callable[[str, str | bytes], ArticleItem]


class ParsePool:
    """*size* worker processes that parse pages; with size 0, parse in-process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._executor: ProcessPoolExecutor | None = None

    def start(self, parser: Parser) -> None:
        """Start the workers and have them import *parser*'s module now."""
        if self.size:
            # A functools.partial names its function in .func.
            self._pool().submit(_import, getattr(parser, "func", parser).__module__)

    async def parse(
        self,
        parser: Parser,
        url: str,
        body: bytes,
        *,
        content_type: str | None,
        fallback: Parser | None = None,
    ) -> ArticleItem:
        """Return *parser*'s item for the page; raise what the parser raised.

        *content_type* is the response's header: its charset decodes the page.
        *fallback* reads a page *parser* finds no article in but that says it
        is one (newscrawl.parsers.fallback).
        """
        if not self.size:
            return read_page(parser, url, body, content_type, fallback)
        executor = self._pool()
        task = executor.submit(read_page, parser, url, body, content_type, fallback)
        try:
            return await maybe_deferred_to_future(_deferred(task))
        except BrokenProcessPool:
            # A worker died (killed, out of memory): start afresh next time.
            if self._executor is executor:
                self._executor = None
                executor.shutdown(wait=False, cancel_futures=True)
            raise

    def close(self) -> None:
        """Stop the workers."""
        if self._executor is not None:
            executor, self._executor = self._executor, None
            executor.shutdown(wait=True, cancel_futures=True)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # spawn, not fork: the crawl process runs threads (pymongo, the
            # reactor's pool), and a fork copies their locks mid-use.
            self._executor = ProcessPoolExecutor(
                max_workers=self.size,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_watch_parent,
                initargs=(os.getpid(),),
            )
        return self._executor


def _watch_parent(parent: int) -> None:
    """In a worker: exit as soon as the crawl process is gone, even if killed."""
    # A killed crawl never says goodbye, and the worker holds both ends of its
    # task queue, so it would wait for work forever.

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def read_page(
    parser: Parser,
    url: str,
    body: bytes,
    content_type: str | None,
    fallback: Parser | None = None,
) -> ArticleItem:
    """Decode the page as a browser would, then parse it (in a worker, or here);
    with *fallback*, read a page *parser* missed but that says it is an article."""
    text = decode(body, content_type=content_type)
    item = parser(url, text)
    if fallback is not None and missed(item) and looks_like_article(text):
        other = fallback(url, text)
        if not missed(other):
            return other
    return item


def _import(module: str) -> None:
    importlib.import_module(module)


def _deferred(future: Future) -> Deferred:
    """A Deferred that fires, in the reactor thread, with *future*'s outcome."""
    deferred: Deferred = Deferred()

    def fire(done: Future) -> None:
        error = done.exception()
        if error is not None:
            deferred.errback(error)
        else:
            deferred.callback(done.result())

    def done(done_future: Future) -> None:
        # Imported here: importing it at module level would install a reactor.
        from twisted.internet import reactor

        reactor.callFromThread(fire, done_future)  # type: ignore[attr-defined]

    future.add_done_callback(done)
    return deferred
