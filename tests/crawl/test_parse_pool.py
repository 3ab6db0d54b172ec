"""The parse worker processes: they never outlive the crawl that started them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_CRAWL = """
import time
from newscrawl.crawl.parse_pool import ParsePool
from newscrawl.parsers import guardian

pool = ParsePool(1)
pool.start(guardian.parse)
executor = pool._pool()
executor.submit(len, "warm").result()
print(*executor._processes, flush=True)
time.sleep(120)
"""


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "zombie" not in status


def test_workers_exit_when_the_crawl_process_is_killed():
    crawl = subprocess.Popen(
        [sys.executable, "-c", _CRAWL],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        workers = [int(pid) for pid in crawl.stdout.readline().split()]
        assert workers and all(_running(pid) for pid in workers)
    finally:
        crawl.kill()  # no clean-up code runs: as with kill -9
        crawl.wait()
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _running(pid)]
    for pid in left:  # leave no stray process, even when failing
        os.kill(pid, 9)
    assert not left, "a parse worker outlived the crawl process"
