"""The crawl's progress line and its table of outcomes (newscrawl.crawl.progress)."""

from __future__ import annotations

from newscrawl.crawl.progress import outcome_table, progress_line, queued

STATS = {
    "newscrawl/due": 120,
    "newscrawl/discovered": 40,
    "newscrawl/already_tracked": 10,
    "newscrawl/fetched": 170,
    "newscrawl/not_modified": 80,
    "newscrawl/new": 12,
    "newscrawl/changed": 3,
    "newscrawl/unchanged": 95,
    "newscrawl/rejected": 2,
    "newscrawl/rejected/short_body": 2,
    "newscrawl/failed/fetch": 1,
    "newscrawl/failed/dns": 1,
    "scheduler/enqueued": 150,
    "scheduler/dequeued": 140,
}


def test_queued_is_what_is_known_still_to_fetch():
    # 150 articles due or found, 113 with an outcome: 37 more than the
    # scheduler holds yet (due ones are handed to it as it has room).
    assert queued(STATS) == 37
    assert queued({**STATS, "scheduler/enqueued": 200}) == 60
    assert queued({}) == 0


def test_the_progress_line_names_every_count_and_the_time_left():
    assert progress_line(STATS, 2.5) == (
        "Progress: due=120, queued=37, fetched=170, 304=80, new=12, changed=3,"
        " unchanged=95, rejected=2, failed=1; 2.5 pages/s, about 15 s left"
    )
    assert progress_line(STATS, 0.0).endswith("0.0 pages/s, time left unknown")
    done = {**STATS, "newscrawl/due": 33, "scheduler/dequeued": 150}
    assert progress_line(done, 0.1).endswith("0.1 pages/s, nothing queued")
    assert "about 6 min 10 s left" in progress_line(STATS, 0.1)


def test_the_table_gives_each_outcome_with_its_reasons():
    assert outcome_table(STATS, "guardian", 85.0).splitlines() == [
        "Outcome of the crawl of guardian: 170 pages fetched in 1 min 25 s"
        " (2.0 pages/s)",
        "  new             12",
        "  changed          3",
        "  unchanged       95  (304: 80)",
        "  gone             0",
        "  redirected       0",
        "  rejected         2  (short_body: 2)",
        "  failed           1  (dns: 1)",
    ]
