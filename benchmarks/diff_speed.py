"""How fast two versions of an article are compared, and how that grows with length.

Run: python benchmarks/diff_speed.py [--runs 51]

Prints the median time to diff two 2,000-word versions with 5% of their words
changed (the full comparison that `newscrawl diff` shows, and the word counts
the store computes for every new version), then the same for a text ten times
as long, and the ratio: near-linear diffing keeps it near 10, far under the
100 a quadratic diff would take.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from newscrawl.changes.diff import VersionText, diff_versions, word_changes

# Natural text repeats its common words a lot, which is what makes naive word
# diffs slow: sample from a Zipf-like vocabulary, not uniformly.
_COMMON = (
    "the of and to a in that is was he for it with as his on be at by had "
    "are but from or have an they which one you were all we her she there "
    "would their will when who him been has more if no out so said what up "
    "its about into than them can only other new some could time these two"
).split()


def _vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    rare = {
        "".join(rng.choice(letters) for _ in range(rng.randint(4, 11)))
        for _ in range(size)
    }
    return _COMMON + sorted(rare)


def _article(rng: random.Random, vocabulary: list[str], words: int) -> list[str]:
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    stream = rng.choices(vocabulary, weights=weights, k=words)
    paragraphs, at = [], 0
    while at < len(stream):
        length = rng.randint(25, 70)
        paragraphs.append(" ".join(stream[at : at + length]))
        at += length
    return paragraphs


def _edit(
    rng: random.Random, vocabulary: list[str], paragraphs: list[str], share: float
) -> list[str]:
    """Replace *share* of the words, at random places, with other words."""
    words = [p.split() for p in paragraphs]
    places = [(i, j) for i, p in enumerate(words) for j in range(len(p))]
    for i, j in rng.sample(places, round(share * len(places))):
        words[i][j] = rng.choice(vocabulary)
    return [" ".join(p) for p in words]


def _pair(words: int, seed: int) -> tuple[VersionText, VersionText]:
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    old = _article(rng, vocabulary, words)
    new = _edit(rng, vocabulary, old, 0.05)
    t0 = datetime(2026, 11, 20, 10, tzinfo=timezone.utc)
    title = "Harbour wall repair plan divides town"
    return (
        VersionText(0, t0, title, "A standfirst.", "A. Byline", tuple(old)),
        VersionText(
            1, t0 + timedelta(hours=2), title, "A standfirst.", "A. Byline", tuple(new)
        ),
    )


def _median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Time the diffs and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=51, help="runs per figure")
    args = parser.parse_args()

    small_old, small_new = _pair(2000, seed=1)
    large_old, large_new = _pair(20000, seed=2)

    def texts(v: VersionText) -> list[str]:
        return [v.title, v.standfirst, v.byline, *v.paragraphs]

    small = _median_seconds(lambda: diff_versions(small_old, small_new), args.runs)
    small_counts = _median_seconds(
        lambda: word_changes(texts(small_old), texts(small_new)), args.runs
    )
    large_runs = max(5, args.runs // 5)
    large = _median_seconds(lambda: diff_versions(large_old, large_new), large_runs)
    diff = diff_versions(small_old, small_new)
    print(
        f"2,000 words, 5% changed ({len(small_old.paragraphs)} paragraphs; "
        f"+{diff.words_added} -{diff.words_removed} words):"
    )
    print(f"  full diff (diff_versions)    median {small * 1000:8.2f} ms")
    print(f"  stored counts (word_changes) median {small_counts * 1000:8.2f} ms")
    print(f"20,000 words, 5% changed ({len(large_old.paragraphs)} paragraphs):")
    print(f"  full diff (diff_versions)    median {large * 1000:8.2f} ms")
    ratio = large / small
    verdict = "near-linear" if ratio < 30 else "NOT near-linear"
    print(f"10x the text took {ratio:.1f}x the time ({verdict}; quadratic is ~100x)")


if __name__ == "__main__":
    main()
