"""Many small store writes of a crawl as a few large ones: one write per batch.

A server's cost per command is paid once per batch instead of once per
article. Each caller waits for its own entry's result, so nothing is
counted or logged as done before its batch is written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred

E = TypeVar("E")
R = TypeVar("R")


class Batcher(Generic[E, R]):
    """Collect entries; write them *size* at a time, or after *wait* seconds.

    *write* takes a batch and returns each entry's result, or the exception
    that stopped that entry, in order; an exception it raises fails them all.
    """

    def __init__(
        self,
        write: Callable[[list[E]], Awaitable[list[R | Exception]]],
        *,
        size: int,
        wait: float = 0.05,
    ) -> None:
        self._write = write
        self._size = size
        self._wait = wait
        self._pending: list[tuple[E, Deferred]] = []
        self._timer: Any = None

    async def add(self, entry: E) -> R:
        """Queue *entry*; return its result once its batch is written."""
        done: Deferred = Deferred()
        self._pending.append((entry, done))
        if len(self._pending) >= self._size:
            self.flush()
        elif self._timer is None:
            from twisted.internet import reactor

            self._timer = reactor.callLater(self._wait, self.flush)  # type: ignore[attr-defined,arg-type]
        return await maybe_deferred_to_future(done)

    def flush(self) -> None:
        """Start writing what is queued (the crawl's end calls it too)."""
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
        batch, self._pending = self._pending, []
        if not batch:
            return
        written = deferred_from_coro(self._write([entry for entry, _ in batch]))

        def deliver(results: list[R | Exception]) -> None:
            for (_, done), result in zip(batch, results, strict=True):
                if isinstance(result, Exception):
                    done.errback(result)
                else:
                    done.callback(result)

        def fail(failure: Any) -> None:
            for _, done in batch:
                done.errback(failure)

        written.addCallbacks(deliver, fail)
