"""Start-up objects left out of garbage collection."""

from __future__ import annotations

import gc
import weakref

from newscrawl.crawl.heap import freeze


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _walked(obj: object) -> bool:
    """Whether the collector's generations hold *obj* (the frozen are not)."""
    return any(tracked is obj for tracked in gc.get_objects())


def test_freezing_collects_the_garbage_then_leaves_the_living_out():
    garbage = _Cycle()  # freed only by the collector, once deleted
    gone = weakref.ref(garbage)
    del garbage
    alive = _Cycle()
    try:
        frozen = freeze()
        # The modules loaded so far; a frozen object that is freed leaves the
        # count (another thread's, at any moment), so it can only shrink.
        assert 1000 < gc.get_freeze_count() <= frozen
        assert gone() is None  # collected, not frozen for ever
        assert not _walked(alive)
        later = _Cycle()
        assert _walked(later)  # what comes after is collected as usual
    finally:
        gc.unfreeze()
    assert _walked(alive)
