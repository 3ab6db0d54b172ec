"""Search without a text index: the pool of headlines and URLs (store.queries)."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.store.queries import PoolRow, SearchPool

T0 = datetime(2026, 11, 21, tzinfo=timezone.utc)
#: Characters that a case-blind regular expression matches with an ASCII
#: letter although str.lower() does not make them one, and others.
ODD = "İıſKßẞµΣσςÅ\u0307\0\t\n"
WORDS = ["Harbour", "wall", "STORY", "i", "s", "k", "ss", "é", "”", "-", " ", *ODD]


def _row(n: int, title: str) -> PoolRow:
    return (T0 - timedelta(minutes=n), f"https://www.example.com/news/{n}-x", title)


def _rows(count: int, seed: int = 3) -> list[PoolRow]:
    rng = random.Random(seed)
    return [
        _row(n, "".join(rng.choice(WORDS) for _ in range(rng.randint(0, 8))))
        for n in range(count)
    ]


def _regex(rows: list[PoolRow], text: str, wanted: int) -> list[str]:
    """What search gave before the pool was one text: each row in turn."""
    pattern = re.compile(re.escape(text), re.IGNORECASE)
    found = [
        url for _, url, title in rows if pattern.search(title) or pattern.search(url)
    ]
    return found[:wanted]


@pytest.mark.parametrize(
    "text",
    ["i", "I", "s", "S", "k", "ss", "SS", "harbour", "HARBOUR WALL", "story i",
     "é", "É", "ß", "σ", "ı", "İ", "ſ", "K", "x", "/4", "example.com/news/1",
     "wall\0", "\0", "\t", "-x\0", "no such text"],
)  # fmt: skip
def test_matches_what_a_case_blind_regular_expression_matches(text):
    rows = _rows(600)
    pool = SearchPool.of(rows)
    for wanted in (1, 5, 10_000):
        assert pool.matching(text, wanted) == _regex(rows, text, wanted), wanted


def test_each_row_once_newest_first():
    rows = [_row(n, f"wall wall {n} Wall") for n in range(5)]
    assert SearchPool.of(rows).matching("wall", 10) == [url for _, url, _ in rows]


def test_stops_at_the_last_match_wanted():
    rows = [_row(n, "harbour") for n in range(100_000)]
    pool = SearchPool.of(rows)
    assert pool.matching("HARBOUR", 51) == [url for _, url, _ in rows[:51]]


def test_an_empty_pool_matches_nothing():
    assert SearchPool.of([]).matching("harbour", 5) == []


def test_its_repr_is_short():
    assert len(repr(SearchPool.of(_rows(1000)))) < 100
