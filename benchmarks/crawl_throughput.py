"""Crawl throughput: the full guardian pipeline against a bare fetch of the same pages.

Serves N generated Guardian-like articles (about 310 KB of HTML each) from
the test site, starts one store (SecantusDB, or ``$MONGO_URI``), and runs,
each as its own ``scrapy`` process with the same concurrency settings:

* ``bare``: ``benchmarks/bare_spider.py`` reads the news sitemap, fetches
  every article and does nothing with it;
* ``full``: ``scrapy crawl guardian`` into a fresh database, discovering the
  articles from the same sitemap: parse, normalise, dedupe, store;
* ``dedupe``: the same crawl an hour later (every article due for a
  re-check) with conditional-request headers stripped, so every page is
  downloaded again, byte for byte as before, and found unchanged by its page
  key without a parse: no version is written, a check is recorded;
* ``dedupe-newbytes``: the same an hour later again, each page with a
  comment added that differs on every fetch (as a nonce or a time in a
  real page would): every page is parsed and found unchanged by the content
  hash of its text;
* ``304``: the same crawl an hour later again, as it runs in production:
  the site answers every conditional request with 304 Not Modified;
* ``full-nojournal``: ``full`` again into a database of its own, with the
  store's URI asking for unjournaled writes: what the journal costs;
* ``full-noarchive``: ``full`` again into a database of its own with the
  page archive off (NEWSCRAWL_ARCHIVE=false): what keeping the pages costs.

After the table it says how many bytes the page archive keeps per version
(the test site's pages are padded with repeated text, which compresses
better than real pages do).

Rates are article pages / seconds from the first article response until the
crawl next went idle after the last one (every page parsed and every item
through the pipelines), so process start-up, robots.txt, the sitemap and
shutdown are left out of every run. Every page is fetched once beforehand so
that the site serves all runs from its render cache. A run fails (exit status
1) unless it fetched each article exactly once, and, for the guardian runs,
counted each as it should (new, unchanged, not modified) and left the store
holding exactly N articles and N versions, each article checked once more.

    python benchmarks/crawl_throughput.py --articles 1000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from newscrawl.discovery.sitemaps import sitemap_links
from newscrawl.store.embedded import client_uri, ping, server_args, stop_process

ROOT = Path(__file__).resolve().parent.parent
#: The news sitemap lists 1,000 articles; the test site lists the next
#: thousands in /sitemaps/news-2.xml, news-3.xml, ...
SITEMAP = "/sitemaps/news.xml"
TARGET = 0.70
_SERVING = re.compile(r"serving \d+ pages on (\S+)")
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


#: Commands of the driver's own (connecting, monitoring), not of the crawl's work.
_NOT_STORE_WORK = frozenset(
    {"hello", "ismaster", "isMaster", "ping", "buildInfo", "endSessions"}
)


class BenchmarkError(RuntimeError):
    """A process did not start, a run failed, or its results do not check out."""


@dataclass(frozen=True)
class Spec:
    """What one run does and what it must leave behind.

    ``status`` is the HTTP status every article response must have;
    ``outcome`` the ``newscrawl/<outcome>`` stat that must count every
    article; ``checks`` the ``check_count`` every article must have after it.
    """

    name: str
    guardian: bool
    status: int = 200
    hours_later: int = 0
    strip_validators: bool = False
    outcome: str | None = None
    checks: int | None = None
    #: False: a database of its own, written without journaled writes, to
    #: show what the journal costs (the store's URIs ask for it).
    journal: bool = True
    #: False: a database of its own, and the page archive off: what it costs.
    archive: bool = True
    #: Serve every page with bytes it never had before (the text the same).
    new_bytes: bool = False
    #: Whether every article must be found unchanged by its page key (else none).
    same_page: bool = False

    @property
    def own_database(self) -> str:
        """The suffix of the database of a run that must start empty, or ""."""
        return "".join(
            suffix
            for suffix, off in (
                ("_nojournal", not self.journal),
                ("_noarchive", not self.archive),
            )
            if off
        )


SPECS = (
    Spec("bare", guardian=False),
    Spec("full", guardian=True, outcome="new", checks=1),
    Spec(
        "dedupe",
        guardian=True,
        hours_later=1,
        strip_validators=True,
        outcome="unchanged",
        checks=2,
        same_page=True,
    ),
    Spec(
        "dedupe-newbytes",
        guardian=True,
        hours_later=2,
        strip_validators=True,
        new_bytes=True,
        outcome="unchanged",
        checks=3,
    ),
    Spec(
        "304",
        guardian=True,
        status=304,
        hours_later=3,
        outcome="not_modified",
        checks=4,
    ),
    Spec("full-nojournal", guardian=True, outcome="new", checks=1, journal=False),
    Spec("full-noarchive", guardian=True, outcome="new", checks=1, archive=False),
)


@dataclass
class Run:
    """The figures of one crawl run."""

    name: str
    pages: int
    seconds: float
    wall: float
    crawl_cpu: float
    peak_rss_mb: float
    site_cpu: float = 0.0
    store_cpu: float | None = None
    workers_cpu: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)
    #: Commands the crawl sent to the store, by name (pymongo monitoring).
    commands: dict[str, int] = field(default_factory=dict)
    #: The pages/s of the bare fetch this run is compared with.
    bare_rate: float = 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        """CPU ms per page of every process: crawl, parse workers, site, store."""
        total = self.crawl_cpu + self.workers_cpu + self.site_cpu
        total += self.store_cpu or 0.0
        return 1000 * total / self.pages if self.pages else 0.0

    @property
    def commands_per_page(self) -> float:
        """Store commands per page (the handshake's hello and pings left out)."""
        sent = sum(
            n for name, n in self.commands.items() if name not in _NOT_STORE_WORK
        )
        return sent / self.pages if self.pages else 0.0

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    @property
    def bare_ratio(self) -> float:
        """Pages/s against those of the bare fetch it is compared with."""
        return self.rate / self.bare_rate if self.bare_rate else 0.0


def plan(rounds: int) -> list[tuple[str, Spec]]:
    """Return the runs, named, in order: SPECS, each re-check run *rounds* times.

    With more than one round, every re-check run comes right after a bare
    fetch of its own and is compared with it, so that a machine whose speed
    drifts between runs moves both alike.
    """
    if rounds == 1:
        return [(spec.name, spec) for spec in SPECS]
    bare = SPECS[0]
    runs = [(bare.name, bare)]
    later = 0  # re-check runs so far: each comes an hour after the last
    for spec in SPECS[1:]:
        if not spec.hours_later:  # a crawl of new articles: once
            runs.append((spec.name, spec))
            continue
        for round_ in range(1, rounds + 1):
            later += 1
            again = replace(spec, hours_later=later, checks=later + 1)
            runs.append((f"bare#{later}", bare))
            runs.append((f"{spec.name}#{round_}", again))
    return runs


# --- processes -----------------------------------------------------------------


class Processes:
    """The child processes this benchmark started; stops them all on exit."""

    def __init__(self) -> None:
        self._procs: list[subprocess.Popen[bytes]] = []

    def start(self, command: list[str], log: Path, **env: str) -> subprocess.Popen:
        """Start *command* in the project directory, output to *log*."""
        with log.open("wb") as out:
            proc = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**os.environ, **env},
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                # Its own session: a Ctrl-C reaches only us, and we stop it.
                start_new_session=True,
            )
        self._procs.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen) -> None:
        """Terminate *proc* (kill it if it does not exit) and forget it."""
        stop_process(proc, timeout=15)
        if proc in self._procs:
            self._procs.remove(proc)

    def stop_all(self) -> None:
        for proc in reversed(list(self._procs)):
            self.stop(proc)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _cpu_seconds(pid: int | None) -> float:
    """Return the CPU time (user + system) process *pid* has used, 0 if unknown."""
    if pid is None:
        return 0.0
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def _peak_rss_mb(pid: int | None) -> float | None:
    """Return the peak RSS (VmHWM) of running process *pid* in MB."""
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


# --- the site and the store ---------------------------------------------------


def start_site(
    procs: Processes, articles: int, padding_kb: int, workdir: Path
) -> tuple[str, int]:
    """Start the test site; return its base URL and pid once it serves."""
    log = workdir / "site.log"
    command = [
        sys.executable,
        "-m",
        "testsite.server",
        "--articles",
        str(articles),
        "--padding-kb",
        str(padding_kb),
        "--port",
        str(_free_port()),
    ]
    proc = procs.start(command, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if match := _SERVING.search(log.read_text(errors="replace")):
            return match.group(1), proc.pid
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    raise BenchmarkError(f"the test site did not start:\n{_tail(log)}")


def start_store(procs: Processes, workdir: Path) -> tuple[str, int | None]:
    """Return the store's URI and the pid of the server we started (if any)."""
    if uri := os.environ.get("MONGO_URI"):
        if not ping(uri, timeout=0.5):
            raise BenchmarkError("MONGO_URI is set but the server does not answer")
        return uri, None
    port = _free_port()
    log = workdir / "store.log"
    # The server as newscrawl's embedded store runs it.
    command = server_args(workdir, "127.0.0.1", port)
    proc = procs.start(command, log)
    # The URI newscrawl's embedded store and `newscrawl db serve` give their
    # clients (retryable writes off), so the crawls talk to it as they would
    # in production.
    uri = client_uri("127.0.0.1", port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if ping(uri, timeout=0.5):
            return uri, proc.pid
        time.sleep(0.2)
    raise BenchmarkError(f"the store server did not answer:\n{_tail(log)}")


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def sitemaps(articles: int) -> list[str]:
    """Return the sitemaps that list *articles* articles of the test site."""
    parts = range(2, (articles + 999) // 1000 + 1)
    return [SITEMAP, *(f"/sitemaps/news-{part}.xml" for part in parts)]


def warm_up(base_url: str, articles: int) -> list[int]:
    """Fetch every article once, so the site serves all runs from its cache.

    Returns the page sizes in bytes.
    """
    urls = [
        url
        for path in sitemaps(articles)
        for url in sitemap_links(_get(base_url + path))[0]
    ]
    if len(urls) != articles:
        raise BenchmarkError(f"the sitemap lists {len(urls)} pages, not {articles}")
    with ThreadPoolExecutor(max_workers=4) as pool:
        return [len(body) for body in pool.map(_get, urls)]


# --- the runs -------------------------------------------------------------------


def crawl_command(
    spec: Spec,
    base_url: str,
    concurrency: int,
    result_file: Path,
    start: datetime,
    *,
    articles: int,
) -> list[str]:
    """Return the scrapy command line of the run *spec*.

    A guardian run crawls with its clock fixed at *start* plus its hours:
    each re-check run comes when every article is due again.
    """
    settings = {
        "AUTOTHROTTLE_ENABLED": "0",
        "DOWNLOAD_DELAY": "0",
        "CONCURRENT_REQUESTS": str(concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
        "LOG_LEVEL": "INFO",
        # Replaces the project's EXTENSIONS: the tracker must be named too,
        # and the bare fetch's process is tuned as the crawl's is.
        "EXTENSIONS": json.dumps(
            {
                "newscrawl.crawl.tracker.CrawlTracker": 500,
                "newscrawl.crawl.heap.FreezeStartup": 520,
                "benchmarks.timing.CrawlTimer": 500,
            }
        ),
        "BENCHMARK_RESULT_FILE": str(result_file),
    }
    if spec.guardian:
        command = ["crawl", "guardian"]
        # The sitemap alone, as for the bare run: "," is an empty list of feeds.
        settings["GUARDIAN_FEEDS"] = ","
        now = start + timedelta(hours=spec.hours_later)
        settings["NEWSCRAWL_NOW"] = now.isoformat()
        if not spec.archive:
            settings["NEWSCRAWL_ARCHIVE"] = "false"
    else:
        command = ["runspider", "benchmarks/bare_spider.py"]
        settings["ITEM_PIPELINES"] = "{}"
    middlewares = {}
    if spec.strip_validators:
        middlewares["benchmarks.middlewares.StripValidators"] = 950
    if spec.new_bytes:
        middlewares["benchmarks.middlewares.NewBytes"] = 960
    if middlewares:
        settings["DOWNLOADER_MIDDLEWARES"] = json.dumps(middlewares)
    listed = ",".join(sitemaps(articles))
    command += ["-a", f"base_url={base_url}", "-a", f"sitemaps={listed}"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return [sys.executable, "-m", "scrapy", *command]


def run_crawl(
    procs: Processes,
    name: str,
    command: list[str],
    result_file: Path,
    *,
    workdir: Path,
    env: dict[str, str],
    pids: tuple[int | None, int | None],
    timeout: float,
) -> Run:
    """Run one crawl to its end and return its figures (unchecked)."""
    log = workdir / f"{name}.log"
    site_pid, store_pid = pids
    site_cpu, store_cpu = _cpu_seconds(site_pid), _cpu_seconds(store_pid)
    started = time.monotonic()
    proc = procs.start(command, log, **env)
    try:
        code = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        raise BenchmarkError(
            f"run {name} did not finish in {timeout:.0f} s:\n{_tail(log)}"
        ) from None
    finally:
        procs.stop(proc)
    wall = time.monotonic() - started
    if code != 0 or not result_file.exists():
        raise BenchmarkError(f"run {name} exited with status {code}:\n{_tail(log)}")
    result = json.loads(result_file.read_text())
    stats = result["stats"]
    if stats.get("log_count/ERROR"):
        raise BenchmarkError(f"run {name} logged errors (see {log}):\n{_tail(log)}")
    return Run(
        name=name,
        pages=result["articles"],
        seconds=result["seconds"] or 0.0,
        wall=wall,
        crawl_cpu=result["window_cpu_seconds"],
        workers_cpu=result.get("window_children_cpu_seconds", 0.0),
        peak_rss_mb=result["max_rss_kb"] / 1024,
        site_cpu=_cpu_seconds(site_pid) - site_cpu,
        store_cpu=(
            _cpu_seconds(store_pid) - store_cpu if store_pid is not None else None
        ),
        stats=stats,
        commands=result.get("store_commands", {}),
    )


def check_fetched(run: Run, spec: Spec, articles: int) -> None:
    """Fail unless *run* fetched every article once, with the expected status,
    and nothing besides robots.txt and the sitemaps, without failures."""
    stats = run.stats
    requests = stats.get("downloader/request_count", 0)
    ok = stats.get("downloader/response_status_count/200", 0)
    documents = 1 + len(sitemaps(articles))  # robots.txt and the sitemaps
    expected_ok = articles + documents if spec.status == 200 else documents
    answered = stats.get(f"downloader/response_status_count/{spec.status}", 0)
    if (
        run.pages != articles
        or requests != articles + documents
        or ok != expected_ok
        or (spec.status != 200 and answered != articles)
    ):
        raise BenchmarkError(
            f"run {run.name} got {run.pages} article responses ({requests} "
            f"requests, {ok} answered 200, {answered} {spec.status}); expected "
            f"{articles} articles answered {spec.status}, plus robots.txt and "
            f"{documents - 1} sitemaps"
        )
    failed = {k: v for k, v in stats.items() if k.startswith("newscrawl/failed")}
    if failed:
        raise BenchmarkError(f"run {run.name} had failures: {failed}")


def check_store(
    run: Run, spec: Spec, articles: int, client: MongoClient, database: str
) -> None:
    """Fail unless the crawl counted, and the store holds, what *spec* says."""
    counted = run.stats.get(f"newscrawl/{spec.outcome}", 0)
    if counted != articles:
        raise BenchmarkError(
            f"run {run.name} counted {counted} articles {spec.outcome}, "
            f"expected {articles}"
        )
    unread = run.stats.get("newscrawl/same_page", 0)
    if unread != (articles if spec.same_page else 0):
        raise BenchmarkError(
            f"run {run.name} found {unread} pages unchanged by their page key, "
            f"expected {articles if spec.same_page else 0}"
        )
    db = client[database]
    stored = db.articles.count_documents({"source": "guardian"})
    versions = db.versions.count_documents({})
    checked = db.articles.count_documents({"check_count": spec.checks})
    if (stored, versions, checked) != (articles, articles, articles):
        raise BenchmarkError(
            f"after run {run.name} the store holds {stored} articles, {versions} "
            f"versions, {checked} checked {spec.checks} times; expected "
            f"{articles} of each"
        )


# --- output ---------------------------------------------------------------------


def print_table(runs: list[Run]) -> None:
    """Print one line per run."""
    width = max(len(run.name) for run in runs)
    header = (
        f"{'run':<{width}} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'vs bare':>8} "
        f"{'wall s':>7} {'crawl CPU':>10} {'parse CPU':>10} {'site CPU':>9} "
        f"{'store CPU':>10} {'CPU ms/page':>12} {'cmds/page':>10} {'peak RSS MB':>12}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        ratio = run.bare_ratio
        store = f"{run.store_cpu:.1f}" if run.store_cpu is not None else "n/a"
        print(
            f"{run.name:<{width}} {run.pages:>6} {run.seconds:>8.2f} {run.rate:>8.1f} "
            f"{ratio:>8.1%} {run.wall:>7.1f} {run.crawl_cpu:>10.1f} "
            f"{run.workers_cpu:>10.1f} {run.site_cpu:>9.1f} {store:>10} "
            f"{run.cpu_ms_per_page:>12.1f} {run.commands_per_page:>10.2f} "
            f"{run.peak_rss_mb:>12.1f}"
        )
    print(
        "seconds: first article response -> crawl idle after the last one "
        "(pages/s = pages / seconds); wall s: the whole scrapy process.\n"
        "CPU: seconds used by the crawl and its parse worker processes (in that "
        "window), the test site and the store server (whole run). Peak RSS: "
        "the crawl process. CPU ms/page: all of them together. cmds/page:\n"
        "commands the crawl sent to the store per article page (connecting and\n"
        "monitoring left out); by name below."
    )
    for run in runs:
        if run.commands:
            named = ", ".join(
                f"{name} {n / run.pages:.2f}"
                for name, n in sorted(run.commands.items())
                if name not in _NOT_STORE_WORK
            )
            print(f"  {run.name}: {named}")


def _code_version() -> str:
    """Return the project's git commit, with "-dirty" if the tree has changes."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


def _verdict(full: Run) -> str:
    met = "MET" if full.bare_ratio >= TARGET else "NOT MET"
    return f"target: full >= {TARGET:.0%} of bare: {met} ({full.bare_ratio:.1%})"


def _rounds(runs: list[Run]) -> dict[str, list[Run]]:
    """Return the runs of each spec by its name, in order (the rounds' own bare
    fetches are their baselines, not rounds of ``bare``)."""
    rounds: dict[str, list[Run]] = {}
    for run in runs:
        name = run.name.split("#")[0]
        if name == "bare" and run.name != name:
            continue
        rounds.setdefault(name, []).append(run)
    return rounds


def medians(runs: list[Run]) -> dict[str, Run]:
    """Return, by the name of its spec, each spec's run of the median ratio to
    bare (the lower of the middle two for an even number of rounds)."""
    return {
        name: sorted(alike, key=lambda run: run.bare_ratio)[(len(alike) - 1) // 2]
        for name, alike in _rounds(runs).items()
    }


def print_medians(runs: list[Run], rounds: int) -> None:
    """Print each re-check run's median ratio to bare and the ratio of every round."""
    print(
        f"median of {rounds} rounds, each run against the bare fetch right before it:"
    )
    median = medians(runs)
    for name, alike in _rounds(runs).items():
        if len(alike) > 1:
            listed = ", ".join(f"{run.bare_ratio:.1%}" for run in alike)
            print(f"  {name:<16} {median[name].bare_ratio:>6.1%}  ({listed})")


# --- main -----------------------------------------------------------------------


def _archive_line(db: Any) -> str:
    """Say what the page archive of the full run holds per version."""
    rows = list(
        db.pages.aggregate(
            [
                {
                    "$group": {
                        "_id": None,
                        "pages": {"$sum": 1},
                        "size": {"$sum": "$size"},
                        "stored": {"$sum": "$stored_size"},
                    }
                }
            ]
        )
    )
    if not rows or not rows[0]["pages"]:
        return "page archive: empty"
    row = rows[0]
    return (
        f"page archive: {row['pages']} pages, {row['stored'] / row['pages'] / 1024:.1f}"
        f" KB stored per version for {row['size'] / row['pages'] / 1024:.0f} KB"
        f" received ({row['stored'] / row['size']:.1%}; target: at most 25%)"
    )


#: The runs' figures, written in the work directory (kept with --keep) for
#: benchmarks/capacity.py.
FIGURES = "figures.json"


def _write_figures(path: Path, runs: list[Run]) -> None:
    """Write each spec's (median) run's rate and CPU per page, the site's CPU
    left out."""
    figures = {
        name: {
            "pages": run.pages,
            "pages_per_second": run.rate,
            "bare_ratio": run.bare_ratio,
            # What a crawling machine spends: the crawl, its parse workers
            # and the store server; the test site is the publisher's.
            "cpu_ms_per_page": 1000
            * (run.crawl_cpu + run.workers_cpu + (run.store_cpu or 0.0))
            / max(run.pages, 1),
            "commands_per_page": run.commands_per_page,
        }
        for name, run in medians(runs).items()
    }
    path.write_text(json.dumps({"code": _code_version(), "runs": figures}, indent=1))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Pages per second of the full guardian crawl against a bare "
        "fetch of the same pages, and peak memory."
    )
    parser.add_argument("--articles", type=int, default=1000, help="N (1000)")
    parser.add_argument(
        "--padding-kb", type=int, default=300, help="page padding (300: ~310 KB)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=16, help="concurrent requests (16)"
    )
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep logs and results in DIR"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run each re-check run R times, each after a bare fetch of its own,"
        " and give the median ratios (1)",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    return args


@contextmanager
def _workdir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as tmp:
        yield Path(tmp)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _prepare(args: argparse.Namespace, procs: Processes, workdir: Path) -> dict:
    """Start the site and the store, warm the site; return what the runs need."""
    base_url, site_pid = start_site(procs, args.articles, args.padding_kb, workdir)
    uri, store_pid = start_store(procs, workdir)
    database = f"bench_{uuid.uuid4().hex[:10]}"
    print(f"site {base_url}, {args.articles} articles; store {uri}, db {database}")
    began = time.monotonic()
    sizes = warm_up(base_url, args.articles)
    print(
        f"page size KB: min {min(sizes) / 1024:.0f}, "
        f"mean {sum(sizes) / len(sizes) / 1024:.0f}, max {max(sizes) / 1024:.0f} "
        f"(site cache warmed in {time.monotonic() - began:.1f} s); "
        f"concurrency {args.concurrency}; code {_code_version()}"
    )
    return {
        "base_url": base_url,
        "uri": uri,
        "database": database,
        "pids": (site_pid, store_pid),
    }


def benchmark(args: argparse.Namespace, procs: Processes, workdir: Path) -> None:
    """Run every spec of SPECS (re-checks --rounds times), check each, and print
    the table."""
    n = args.articles
    setup = _prepare(args, procs, workdir)
    start = datetime.now(timezone.utc).replace(microsecond=0)
    print(f"runs, in {ROOT} (guardian runs with MONGO_URI and MONGO_DATABASE set):")
    client: MongoClient = MongoClient(setup["uri"])
    try:
        runs: list[Run] = []
        bare_rate = 0.0
        for name, spec in plan(args.rounds):
            uri, database = setup["uri"], setup["database"]
            if not spec.journal:
                uri = uri.replace("journal=true", "journal=false")
            database += spec.own_database
            env = {"MONGO_URI": uri, "MONGO_DATABASE": database}
            result_file = workdir / f"{name}.json"
            command = crawl_command(
                spec,
                setup["base_url"],
                args.concurrency,
                result_file,
                start,
                articles=n,
            )
            print(f"  {name}: python {shlex.join(command[1:])}", flush=True)
            run = run_crawl(
                procs,
                name,
                command,
                result_file,
                workdir=workdir,
                env=env,
                pids=setup["pids"],
                # Generous: a second per page, where the slowest run needs ~0.05.
                timeout=120 + n,
            )
            check_fetched(run, spec, n)
            if spec.guardian:
                check_store(run, spec, n, client, database)
            else:
                bare_rate = run.rate
            # Against the bare fetch that came last: the closest in time.
            run.bare_rate = bare_rate
            runs.append(run)
        print()
        print_table(runs)
        if args.rounds > 1:
            print_medians(runs, args.rounds)
        print(_archive_line(client[setup["database"]]))
        _write_figures(workdir / FIGURES, runs)
        store_peak = _peak_rss_mb(setup["pids"][1])
        if store_peak is not None:
            print(f"store server peak RSS: {store_peak:.1f} MB")
        print(_verdict(medians(runs)["full"]))
    finally:
        if setup["pids"][1] is None:  # someone else's server: leave it as it was
            with suppress(PyMongoError):
                client.drop_database(setup["database"])
                for spec in SPECS:
                    if spec.own_database:
                        client.drop_database(setup["database"] + spec.own_database)
        client.close()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    procs = Processes()
    with _workdir(args.keep) as workdir:
        try:
            benchmark(args, procs, workdir)
        except BenchmarkError as exc:
            print(f"benchmark failed: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        finally:
            procs.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
