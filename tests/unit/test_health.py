"""A source's health from its crawls against its own history (newscrawl.health)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newscrawl.health import assess

NOW = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)
EVERY = timedelta(minutes=15)


def _crawl(ago: timedelta, *, stopped: bool = False, **counts: int) -> dict:
    fields = counts.pop("fields", None)
    base = {"new": 1, "changed": 0, "unchanged": 10, "rejected": 0, "fallback": 0}
    return {
        "ended": NOW - ago,
        "stopped": stopped,
        "reason": "store_lost" if stopped else "finished",
        "counts": {**base, **counts},
        "fields": fields or {"stored": 10, "byline": 10, "standfirst": 9},
    }


def _history(n: int = 20, start: timedelta = EVERY, **counts: int) -> list[dict]:
    return [_crawl(start + i * EVERY, **counts) for i in range(n)]


def test_a_source_doing_as_usual_is_ok_and_one_never_crawled_unknown():
    verdict = assess("g", [_crawl(timedelta(minutes=1)), *_history()], NOW)
    assert (verdict.state, verdict.problems) == ("ok", [])
    assert assess("g", [], NOW).state == "unknown"


def test_a_jump_of_rejected_or_fallback_pages_is_unhealthy():
    broken = _crawl(timedelta(minutes=1), unchanged=2, rejected=9)
    verdict = assess("g", [broken, *_history()], NOW)
    assert verdict.state == "unhealthy"
    assert verdict.problems == [
        "75% of the pages of its last crawl were rejected, usually 0%"
    ]
    fallen = _crawl(timedelta(minutes=1), fallback=8)
    assert "read by the fallback" in assess("g", [fallen, *_history()], NOW).problems[0]
    # A source that always rejects half its pages (a site full of videos) is as usual.
    usual = _history(rejected=10)
    assert (
        assess("g", [_crawl(timedelta(minutes=1), rejected=10), *usual], NOW).state
        == "ok"
    )


def test_crawls_that_stopped_coming_or_stopped_short_are_unhealthy():
    late = assess("g", _history(start=timedelta(hours=5)), NOW)
    assert late.problems == [
        "no crawl for about 5 hours (usually 15 minutes between crawls)"
    ]
    stopped = assess(
        "g", [_crawl(timedelta(minutes=1), stopped=True), *_history()], NOW
    )
    assert stopped.problems == [
        "its last crawl stopped without doing its work (store_lost)"
    ]


def test_no_new_article_for_much_longer_than_usual_is_unhealthy():
    quiet = [_crawl(timedelta(minutes=15 * i), new=0) for i in range(1, 40)]
    older = [_crawl(timedelta(hours=10, minutes=15 * i)) for i in range(10)]
    verdict = assess("g", quiet + older, NOW)
    assert verdict.problems == [
        "no new article for about 10 hours, where one usually comes within 15 minutes"
    ]


def test_a_field_that_went_missing_is_unhealthy():
    today = [
        _crawl(timedelta(hours=h), fields={"stored": 10, "byline": 1, "standfirst": 9})
        for h in range(1, 5)
    ]
    before = [_crawl(timedelta(days=2, hours=h)) for h in range(10)]
    verdict = assess("g", today + before, NOW)
    assert verdict.problems == [
        "byline found on 10% of what it stored in the last day, 100% before"
    ]
