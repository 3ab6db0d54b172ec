"""How many new articles a day one machine can keep tracked, from measured costs.

Run: python benchmarks/capacity.py [--articles 1000] [--figures FILE]

Takes the CPU per page of a new page, an unchanged page and a 304 from a run
of benchmarks/crawl_throughput.py (it runs one, or reads the figures.json a
run left with --keep DIR), and the default re-check schedule, and prints:

- how many fetches one article costs over its tracked life, and how much
  CPU, when its page never changes and the site answers with 304s (or with
  the whole page, if the site ignores conditional requests);
- the politeness ceiling: how many new articles a day one source can have
  when each site is fetched with today's politeness settings (one request
  per DOWNLOAD_DELAY seconds per site at the most);
- the CPU ceiling of a machine of --cores cores, all sources together;
- the capacity, the lower of the two for seven sources at once, and the
  CPU share of a realistic load (--per-source new articles a day each).

It reports and does not judge. The crawl's CPU is what the benchmark
measured on this machine; the site's own CPU is left out (it is the
publisher's).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = 7
DAY = 86_400.0


def fetches_per_life() -> int:
    """Return how many fetches an article that never changes gets until retired."""
    sys.path.insert(0, str(ROOT))
    from newscrawl.store.schedule import next_check

    first = datetime(2026, 1, 1, tzinfo=timezone.utc)
    now, fetches = first, 1
    while (then := next_check(last_changed=first, now=now)) is not None:
        now, fetches = then, fetches + 1
    return fetches


def politeness() -> tuple[float, int]:
    """Return the per-site delay and concurrency of newscrawl's settings."""
    sys.path.insert(0, str(ROOT))
    from newscrawl import settings

    return float(settings.DOWNLOAD_DELAY), int(settings.CONCURRENT_REQUESTS_PER_DOMAIN)


def measured(args: argparse.Namespace) -> dict:
    """Return the figures of a throughput run: read, or measured now."""
    if args.figures:
        return json.loads(Path(args.figures).read_text())
    with tempfile.TemporaryDirectory(prefix="newscrawl-capacity-") as keep:
        command = [
            sys.executable,
            str(ROOT / "benchmarks" / "crawl_throughput.py"),
            "--articles",
            str(args.articles),
            "--keep",
            keep,
        ]
        print("$", " ".join(command), flush=True)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return json.loads((Path(keep) / "figures.json").read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="run size (1000)")
    parser.add_argument("--figures", help="a figures.json of crawl_throughput --keep")
    parser.add_argument("--cores", type=int, default=2, help="the machine's (2)")
    parser.add_argument(
        "--per-source", type=int, default=300, help="new articles a day each (300)"
    )
    args = parser.parse_args()
    figures = measured(args)
    runs = figures["runs"]
    new = runs["full"]["cpu_ms_per_page"] / 1000
    # An unchanged page is parsed unless its bytes are the ones read last
    # time; real pages often carry a nonce or a time, so count every one read.
    unchanged = runs.get("dedupe-newbytes", runs["dedupe"])["cpu_ms_per_page"] / 1000
    same_bytes = runs["dedupe"]["cpu_ms_per_page"] / 1000
    not_modified = runs["304"]["cpu_ms_per_page"] / 1000
    fetches = fetches_per_life()
    delay, concurrency = politeness()

    print(f"measured at {figures['code']}: CPU per page, crawl + parse + store")
    print(
        f"  new page {new * 1000:.1f} ms, unchanged page {unchanged * 1000:.1f} ms"
        f" (parsed) or {same_bytes * 1000:.1f} ms\n  (the same bytes as last time,"
        f" not parsed), 304 {not_modified * 1000:.1f} ms"
    )
    print(f"an article's life: {fetches} fetches (1 new, {fetches - 1} re-checks)")
    lives = {
        "with 304s": new + (fetches - 1) * not_modified,
        "whole pages": new + (fetches - 1) * unchanged,
    }
    for name, seconds in lives.items():
        print(f"  CPU per article, {name}: {seconds:.2f} s")

    # Scrapy waits DOWNLOAD_DELAY (on average) between two requests to one
    # site, whatever the concurrency: the ceiling of one site.
    per_site = DAY / delay
    polite = per_site / fetches
    print(
        f"politeness: one request per {delay:g} s per site (concurrency"
        f" {concurrency}): {per_site:,.0f} requests a day,"
        f" {polite:,.0f} new articles a day per source"
    )
    budget = args.cores * DAY
    for name, seconds in lives.items():
        by_cpu = budget / seconds
        capacity = min(by_cpu, SOURCES * polite)
        bound = "politeness" if SOURCES * polite <= by_cpu else "CPU"
        load = SOURCES * args.per_source * seconds / budget
        print(
            f"{name}: CPU allows {by_cpu:,.0f} new articles a day on {args.cores}"
            f" cores; {SOURCES} sources at once: {capacity:,.0f} a day"
            f" ({bound} bound); {args.per_source} a day per source uses"
            f" {load:.1%} of the CPU"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
