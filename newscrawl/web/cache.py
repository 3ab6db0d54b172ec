"""Values the viewer keeps a while: lists and counts that are costly to read."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")

logger = logging.getLogger(__name__)


class Cache:
    """Values kept for *ttl* seconds, then renewed by a thread while still served.

    For what is costly to read and need not be exact to the second (lists
    newest first, counts): a request waits only for a value never computed or
    older than *max_age* (10 x *ttl* unless given), so a store that stopped
    answering shows after that. Requests that wait for the same value wait for
    one computation of it. A *ttl* of 0 keeps nothing.
    """

    def __init__(self, ttl: float = 60.0, max_age: float | None = None) -> None:
        self.ttl = ttl
        self.max_age = 10 * ttl if max_age is None else max_age
        self._values: dict[Hashable, tuple[float, Any]] = {}
        self._renewing: set[Hashable] = set()
        self._computing: dict[Hashable, Future[Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the value of *key*, computing it when missing or too old."""
        if self.ttl <= 0:
            return compute()
        pending: Future[Any] | None = None
        with self._lock:
            found = self._values.get(key)
            age = time.monotonic() - found[0] if found is not None else None
            if age is None or age >= self.max_age:
                # Computed now, once: the first request computes, the others
                # wait for its result (or its error).
                pending = self._computing.get(key)
                if pending is None:
                    self._computing[key] = Future()
            renew = (
                age is not None
                and self.ttl < age < self.max_age
                and key not in self._renewing
            )
            if renew:
                self._renewing.add(key)
        if age is None or age >= self.max_age:
            if pending is not None:
                return pending.result()
            return self._compute(key, compute)
        if renew:
            renewal = threading.Thread(target=self._renew, args=(key, compute))
            renewal.daemon = True
            renewal.start()
        assert found is not None
        return found[1]

    def _compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        future = self._computing[key]
        try:
            value = compute()
        except BaseException as exc:
            with self._lock:
                del self._computing[key]
            future.set_exception(exc)
            raise
        with self._lock:
            self._values[key] = (time.monotonic(), value)
            del self._computing[key]
        future.set_result(value)
        return value

    def _renew(self, key: Hashable, compute: Callable[[], Any]) -> None:
        try:
            value = compute()
        except Exception as exc:  # the old value stays until max_age; say why
            logger.warning("could not renew %r: %s", key, exc)
        else:
            with self._lock:
                self._values[key] = (time.monotonic(), value)
        finally:
            with self._lock:
                self._renewing.discard(key)
