"""Re-check speed: selecting the due articles, and a re-check crawl of 304s vs 200s.

Part A (store only): fills a store with tracked guardian articles (by
default 100,000: 2,000 due, 68,000 not yet due, 30,000 retired), then times,
as the median of several runs,

* the due query exactly as ``ArticleStore.claim_due`` issues it: its sorted
  find, recorded through pymongo's command monitoring, without its limit,
  every result read;
* the same with ``next_check <= now`` alone, as newscrawl sent it before it
  bounded the query below (a diagnostic);
* a full ``claim_due`` of every due article, as a crawl makes it (none old
  enough to retire; the due articles are put back as they were after each
  run);

and prints every distinct query ``claim_due`` sends, with
the plan the server reports for it. Then it adds 300,000 more
retired articles and times the same again: retired articles have a null
``next_check``, outside the due query's index bounds, so the ratio should
stay near 1.

Part B (crawl): serves 1,000 generated articles (~310 KB each) from the test
site, stores them all with one discovery crawl, then runs re-check-only
crawls (``-a discover=0``), each an hour later so that every article is due:
``304``, as in production (the spider sends ``If-None-Match``, the site
answers 304 Not Modified), and ``200``, the same with the validators
stripped (every page downloaded, parsed and found unchanged by its hash).
Both with the same concurrency, alternately, ``--rounds`` times each; it
prints pages/s, the medians and their ratio 304/200, and peak RSS. Each run
is checked: every article due, fetched once, counted ``not_modified`` (304)
or ``unchanged`` and not ``not_modified`` (200), no version added.

    python benchmarks/recheck_speed.py                  # the issue's numbers
    python benchmarks/recheck_speed.py --tracked 10000 --retired 3000 \\
        --extra-retired 30000 --articles 100 --rounds 1  # quicker
"""

from __future__ import annotations

import argparse
import random
import shlex
import signal
import statistics
import sys
import time
import uuid
from argparse import Namespace
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pymongo import ASCENDING, MongoClient, monitoring
from pymongo.collection import Collection
from pymongo.cursor import Cursor
from pymongo.errors import PyMongoError

# Run as a script, the benchmarks package is not importable without this.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.crawl_throughput import (  # noqa: E402
    BenchmarkError,
    Processes,
    Run,
    Spec,
    _code_version,
    _peak_rss_mb,
    _raise_interrupt,
    _workdir,
    check_fetched,
    check_store,
    crawl_command,
    run_crawl,
    start_site,
    start_store,
    warm_up,
)
from newscrawl.store.articles import ArticleStore  # noqa: E402
from newscrawl.store.indexes import ID_BATCH  # noqa: E402

SOURCE = "guardian"
#: The fixed "now" of Part A: due articles are before it, the others after.
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
OWNER = "recheck-speed"
LEASE_SECONDS = 900
RETIRE_AFTER = 40 * 86400
INSERT_BATCH = 1000
DUE_FILTER_INDEX = "source_1_next_check_1"
TARGET_SECONDS = 1.0
TARGET_GROWTH = 1.5


# --- Part A: the store ----------------------------------------------------------


@dataclass(frozen=True)
class Population:
    """How many articles of each kind a store holds."""

    due: int
    waiting: int
    retired: int

    @property
    def total(self) -> int:
        return self.due + self.waiting + self.retired


@dataclass(frozen=True)
class Timing:
    """The median of *runs* timed runs, in seconds."""

    seconds: float
    runs: int

    def cell(self) -> str:
        return f"{self.seconds * 1000:.1f} ({self.runs})"


@dataclass
class DueTimings:
    """Part A's figures for one population."""

    population: Population
    query: Timing
    lte_only: Timing
    claim: Timing
    returned: int
    keys_examined: int | None
    docs_examined: int | None


def _url(number: int) -> str:
    return f"https://www.theguardian.com/world/2026/nov/20/story-{number:07d}"


def article_doc(
    number: int, *, next_check: datetime | None, changed_ago: float
) -> dict:
    """Return an ``articles`` document as the store writes it (see docs/schema.md)."""
    url = _url(number)
    last_changed = NOW - timedelta(seconds=changed_ago)
    retired = next_check is None
    return {
        "_id": url,
        "url": url,
        "source": SOURCE,
        "title": f"Harbour wall repair plan divides town, story {number}",
        "canonical_url": url,
        "first_seen": last_changed - timedelta(hours=2),
        "last_checked": last_changed + timedelta(days=40) if retired else NOW,
        "last_changed": last_changed,
        "next_check": next_check,
        "status": "retired" if retired else "live",
        "version_count": 2,
        "change_count": 1,
        "check_count": 12,
        "latest_hash": f"v1:{number:064x}",
        "published": last_changed - timedelta(hours=3),
        "modified": last_changed,
        "section": "World news",
        "etag": f'"{number:040x}"',
        "last_modified": None,
    }


def due_docs(count: int, first: int, rng: random.Random) -> list[dict]:
    """Due articles: distinct ``next_check`` times over the last hours, in a
    shuffled order; changed within two days, so none is old enough to retire."""
    ages = list(range(1, count + 1))
    rng.shuffle(ages)
    return [
        article_doc(
            first + i,
            next_check=NOW - timedelta(seconds=5 * age),
            changed_ago=rng.randrange(3600, 2 * 86400),
        )
        for i, age in enumerate(ages)
    ]


def waiting_docs(count: int, first: int, rng: random.Random) -> Iterator[dict]:
    """Live articles due within the next day."""
    for i in range(count):
        yield article_doc(
            first + i,
            next_check=NOW + timedelta(seconds=rng.randrange(1, 86400)),
            changed_ago=rng.randrange(3600, 39 * 86400),
        )


def retired_docs(count: int, first: int, rng: random.Random) -> Iterator[dict]:
    """Articles unchanged for 40 days or more: ``next_check`` null."""
    for i in range(count):
        yield article_doc(
            first + i,
            next_check=None,
            changed_ago=RETIRE_AFTER + rng.randrange(0, 300 * 86400),
        )


def insert(store: ArticleStore, docs: Iterator[dict] | list[dict]) -> int:
    """Insert *docs* in batches; return how many."""
    batch: list[dict] = []
    count = 0
    for doc in docs:
        batch.append(doc)
        if len(batch) == INSERT_BATCH:
            store.articles.insert_many(batch, ordered=False)
            count += len(batch)
            batch = []
    if batch:
        store.articles.insert_many(batch, ordered=False)
        count += len(batch)
    return count


def timed_insert(store: ArticleStore, what: str, docs: Iterator[dict]) -> None:
    """Insert *docs* and print how long it took."""
    began = time.perf_counter()
    count = insert(store, docs)
    seconds = time.perf_counter() - began
    print(
        f"  inserted {count:,} {what} in {seconds:.1f} s "
        f"({count / seconds:,.0f} docs/s)",
        flush=True,
    )


@dataclass(frozen=True)
class Query:
    """A find, or an update's filter, that a store method sent."""

    caller: str
    operation: str
    filter: dict[str, Any]
    sort: dict[str, Any] | None = None
    projection: dict[str, Any] | None = None

    def shape(self) -> str:
        """Describe the query without its values: field and operators."""
        fields = []
        for name, value in self.filter.items():
            if isinstance(value, Mapping) and all(k.startswith("$") for k in value):
                fields.append(f"{name} {' '.join(value)}")
            else:
                fields.append(f"{name} =")
        text = "{" + ", ".join(fields) + "}"
        if self.sort:
            text += " sort " + ", ".join(f"{k} {v}" for k, v in self.sort.items())
        return text

    def cursor(self, articles: Collection) -> Cursor:
        """The same query, without a limit, as a cursor on *articles*."""
        cursor = articles.find(self.filter, self.projection)
        return cursor.sort(list(self.sort.items())) if self.sort else cursor


class CommandLog(monitoring.CommandListener):
    """Keeps the finds and updates sent while ``caller`` is set."""

    def __init__(self) -> None:
        self.caller: str | None = None
        self.queries: list[Query] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if self.caller is None:
            return
        command = event.command
        if event.command_name == "find":
            sort, projection = command.get("sort"), command.get("projection")
            self.queries.append(
                Query(
                    self.caller,
                    "find",
                    dict(command.get("filter") or {}),
                    dict(sort) if sort else None,
                    dict(projection) if projection else None,
                )
            )
        elif event.command_name == "update":
            for update in command.get("updates", []):
                self.queries.append(Query(self.caller, "update", dict(update["q"])))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def restore_due(store: ArticleStore, due: list[dict]) -> None:
    """Put the due articles back as they were before a claim: due, not leased."""
    urls = [doc["_id"] for doc in due]
    store.articles.delete_many({"_id": {"$in": urls}})
    store.articles.insert_many(due, ordered=False)
    store.release(urls, owner=OWNER)


def _claim(store: ArticleStore) -> list[dict]:
    """Claim the due articles as a crawl does; return them."""
    claim = store.claim_due(
        SOURCE,
        now=NOW,
        owner=OWNER,
        lease_seconds=LEASE_SECONDS,
        retire_after=RETIRE_AFTER,
    )
    if claim.retired:
        raise BenchmarkError(f"claim_due retired {claim.retired}, expected 0")
    return claim.articles


def record_queries(
    store: ArticleStore, log: CommandLog, due: list[dict]
) -> list[Query]:
    """Run claim_due once, recording what it sends; return each distinct
    query once, in the order first sent."""
    log.caller = "claim_due"
    _claim(store)
    log.caller = None
    restore_due(store, due)
    distinct: dict[tuple[str, str, str], Query] = {}
    for query in log.queries:
        distinct.setdefault((query.caller, query.operation, query.shape()), query)
    return list(distinct.values())


def claim_due_query(queries: list[Query]) -> Query:
    """Return the due query: claim_due's sorted find."""
    for query in queries:
        if query.caller == "claim_due" and query.operation == "find" and query.sort:
            return query
    raise BenchmarkError("claim_due sent no sorted find: what does it query?")


def lte_only_cursor(store: ArticleStore, now: datetime) -> Cursor:
    """The due query as newscrawl sent it before it bounded ``next_check`` below.

    A diagnostic: it matches the same articles (no ``next_check`` is before
    1970), but with ``$lte`` alone SecantusDB's index scan also walks the null
    ``next_check`` entries of the retired articles.
    """
    return store.articles.find(
        {"source": SOURCE, "next_check": {"$lte": now}}, {"_id": 1}
    ).sort("next_check", ASCENDING)


def timed(action: Callable[[], None], runs: int, budget: float) -> Timing:
    """Time up to *runs* calls of *action*, stopping early once they have taken
    *budget* seconds in all (at least one call)."""
    times: list[float] = []
    while len(times) < runs and sum(times) < budget:
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return Timing(statistics.median(times), len(times))


def time_query(
    cursor: Callable[[], Cursor], expected: list[str], runs: int, budget: float
) -> Timing:
    """Time a due query, every result read; check each time it returns *expected*."""

    def query() -> None:
        found = [doc["_id"] for doc in cursor()]
        if found != expected:
            raise BenchmarkError(
                f"the due query returned {len(found)} articles, expected "
                f"{len(expected)} most overdue first"
            )

    return timed(query, runs, budget)


def time_claim(
    store: ArticleStore, due: list[dict], expected: list[str], runs: int, budget: float
) -> Timing:
    """Time claim_due of every due article; after each, put them back as due
    (outside the timing)."""
    times: list[float] = []
    while len(times) < runs and sum(times) < budget:
        began = time.perf_counter()
        claimed = _claim(store)
        times.append(time.perf_counter() - began)
        if [doc["_id"] for doc in claimed] != expected:
            raise BenchmarkError(
                f"claim_due claimed {len(claimed)} articles, expected "
                f"{len(expected)} most overdue first"
            )
        restore_due(store, due)
    return Timing(statistics.median(times), len(times))


def plan_of(cursor: Cursor) -> tuple[str, dict[str, Any]]:
    """Return the winning plan's stages, outermost first, and the execution stats."""
    explained = cursor.explain()
    node: dict[str, Any] | None = explained["queryPlanner"]["winningPlan"]
    stages = []
    while node:
        name = node.get("indexName")
        stages.append(f"{node['stage']}({name})" if name else node["stage"])
        node = node.get("inputStage")
    return " > ".join(stages), explained.get("executionStats", {})


def measure_due(
    store: ArticleStore,
    population: Population,
    due: list[dict],
    due_query: Query,
    args: Namespace,
) -> DueTimings:
    """Time Part A's operations on the store as it is now."""
    print(f"  timing with {population.total:,} articles ...", flush=True)
    expected = [doc["_id"] for doc in sorted(due, key=lambda doc: doc["next_check"])]
    runs, budget = args.runs, args.budget

    def cursor() -> Cursor:
        return due_query.cursor(store.articles)

    _, stats = plan_of(cursor())
    return DueTimings(
        population=population,
        query=time_query(cursor, expected, runs, budget),
        lte_only=time_query(
            lambda: lte_only_cursor(store, NOW), expected, runs, budget
        ),
        claim=time_claim(store, due, expected, runs, budget),
        returned=stats.get("nReturned", -1),
        keys_examined=stats.get("totalKeysExamined"),
        docs_examined=stats.get("totalDocsExamined"),
    )


def print_plans(store: ArticleStore, queries: list[Query]) -> None:
    """Print the winning plan of every distinct query claim_due sent (an
    update's filter explained as a find)."""
    print(
        "  what claim_due sends, and the plans "
        "(updates' filters explained as finds; outermost stage first):"
    )
    for query in queries:
        stages, _ = plan_of(query.cursor(store.articles))
        print(f"    {query.caller} {query.operation} {query.shape()}")
        print(f"      {stages}")
    due_plan, _ = plan_of(claim_due_query(queries).cursor(store.articles))
    if f"IXSCAN({DUE_FILTER_INDEX})" not in due_plan:
        print(f"  NOTE: the due query does not scan {DUE_FILTER_INDEX}")


def print_due_table(rows: list[DueTimings]) -> None:
    """Print Part A's table: one line per population, then the ratios."""
    header = (
        f"{'articles':>9} {'due':>6} {'not due':>8} {'retired':>8} "
        f"{'due query ms':>13} {'lte-only ms':>12} "
        f"{'claim_due ms':>13} {'examined':>16}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        p = row.population
        examined = f"{row.returned}/{row.keys_examined}/{row.docs_examined}"
        print(
            f"{p.total:>9,} {p.due:>6,} {p.waiting:>8,} {p.retired:>8,} "
            f"{row.query.cell():>13} {row.lte_only.cell():>12} "
            f"{row.claim.cell():>13} {examined:>16}"
        )
    if len(rows) == 2:
        first, last = rows

        def ratio(name: str) -> str:
            before, after = getattr(first, name), getattr(last, name)
            return f"x{after.seconds / before.seconds:.2f}"

        print(
            f"{'ratio':>9} {'':>6} {'':>8} {'':>8} {ratio('query'):>13} "
            f"{ratio('lte_only'):>12} {ratio('claim'):>13}"
        )
    print(
        "ms: median wall time seen by the client, (n) timed runs (fewer than "
        "--runs once an operation has used --budget seconds). due query: "
        "claim_due's sorted find as recorded, without its limit, all results "
        "read. lte-only: the same with next_check <= now alone, as before the "
        "due query had a lower bound (a diagnostic). claim_due: lease every "
        "due article (none old enough to retire), in batches of "
        f"{ID_BATCH}. examined: returned/keys/docs of the due query, from "
        "explain(executionStats)."
    )


def due_verdict(rows: list[DueTimings]) -> str:
    """Say whether the due query stays under a second and flat in retired articles."""
    slowest = max(row.query.seconds for row in rows)
    growth = rows[-1].query.seconds / rows[0].query.seconds
    met = slowest < TARGET_SECONDS and growth <= TARGET_GROWTH
    return (
        f"target: due query < {TARGET_SECONDS:.0f} s at every size and at most "
        f"x{TARGET_GROWTH} with the retired articles added: "
        f"{'MET' if met else 'NOT MET'} (slowest {slowest * 1000:.0f} ms, "
        f"x{growth:.2f})"
    )


def server_name(client: MongoClient) -> str:
    """Name the server: SecantusDB and its version, or MongoDB's version."""
    info = client.admin.command("buildInfo")
    if "secantusVersion" in info:
        return f"SecantusDB {info['secantusVersion']}"
    return f"MongoDB {info.get('version', '?')}"


def part_due(
    args: Namespace, uri: str, database: str, client: MongoClient, log: CommandLog
) -> None:
    """Part A: fill the store, time due selection, add retired articles, again."""
    store = ArticleStore(client[database])
    store.ensure_indexes()
    rng = random.Random(20261120)
    first = Population(
        due=args.due,
        waiting=args.tracked - args.due - args.retired,
        retired=args.retired,
    )
    if first.waiting < 0:
        raise BenchmarkError("--due and --retired add up to more than --tracked")
    server = server_name(client)
    print(
        f"Part A: due selection. store {uri} ({server}), db {database}; now "
        f"{NOW:%Y-%m-%dT%H:%MZ}; {first.total:,} tracked, then "
        f"+{args.extra_retired:,} retired"
    )
    due = due_docs(first.due, 0, rng)
    timed_insert(store, "due articles", iter(due))
    timed_insert(store, "not-yet-due", waiting_docs(first.waiting, first.due, rng))
    timed_insert(
        store, "retired", retired_docs(first.retired, first.due + first.waiting, rng)
    )
    queries = record_queries(store, log, due)
    print_plans(store, queries)
    due_query = claim_due_query(queries)
    rows = [measure_due(store, first, due, due_query, args)]
    if args.extra_retired:
        timed_insert(
            store, "more retired", retired_docs(args.extra_retired, first.total, rng)
        )
        second = Population(
            due=first.due,
            waiting=first.waiting,
            retired=first.retired + args.extra_retired,
        )
        rows.append(measure_due(store, second, due, due_query, args))
    print()
    print_due_table(rows)
    if server.startswith("SecantusDB"):
        print(
            "(SecantusDB does not count the keys and documents an index scan "
            "examines: its explain reports both equal to the documents returned. "
            "Its explain also says COLLSCAN for an _id $in filter with other "
            "fields, which it runs as _id lookups: see the flat times.)"
        )
    print(due_verdict(rows))


# --- Part B: the re-check crawl ---------------------------------------------------


def recheck_spec(kind: str, round_: int, hours_later: int) -> Spec:
    """The spec of a re-check run *hours_later* hours after the discovery crawl."""
    if kind == "304":
        return Spec(
            f"304-r{round_}",
            guardian=True,
            status=304,
            hours_later=hours_later,
            outcome="not_modified",
            checks=1 + hours_later,
        )
    return Spec(
        f"200-r{round_}",
        guardian=True,
        hours_later=hours_later,
        strip_validators=True,
        outcome="unchanged",
        checks=1 + hours_later,
    )


def check_recheck(run: Run, spec: Spec, articles: int) -> None:
    """Fail unless the re-check run fetched every article, due, once, with the
    expected answer, and counted it as it should; nothing new or changed."""
    not_modified = articles if spec.status == 304 else 0
    expected = {
        "newscrawl/due": articles,
        "downloader/request_count": articles + 1,  # and robots.txt
        f"downloader/response_status_count/{spec.status}": (
            articles if spec.status == 304 else articles + 1
        ),
        "newscrawl/not_modified": not_modified,
        "newscrawl/unchanged": articles,
        "newscrawl/new": 0,
        "newscrawl/changed": 0,
    }
    got = {key: run.stats.get(key, 0) for key in expected}
    if got != expected or run.pages != articles:
        wrong = {key: value for key, value in got.items() if value != expected[key]}
        raise BenchmarkError(
            f"run {run.name}: {run.pages} article responses; expected "
            f"{articles}. Stats off: {wrong} (expected {expected})"
        )
    failed = {k: v for k, v in run.stats.items() if k.startswith("newscrawl/failed")}
    if failed:
        raise BenchmarkError(f"run {run.name} had failures: {failed}")


@dataclass(frozen=True)
class CrawlSetup:
    """What every crawl of Part B needs."""

    base_url: str
    database: str
    env: dict[str, str]
    pids: tuple[int | None, int | None]
    articles: int
    concurrency: int
    start: datetime
    workdir: Path


def crawl(
    procs: Processes, setup: CrawlSetup, spec: Spec, *, recheck_only: bool
) -> Run:
    """Run the crawl *spec* and return its figures (unchecked)."""
    result_file = setup.workdir / f"{spec.name}.json"
    command = crawl_command(
        spec,
        setup.base_url,
        setup.concurrency,
        result_file,
        setup.start,
        articles=setup.articles,
    )
    if recheck_only:
        command += ["-a", "discover=0"]
    print(f"  {spec.name}: python {shlex.join(command[1:])}", flush=True)
    return run_crawl(
        procs,
        spec.name,
        command,
        result_file,
        workdir=setup.workdir,
        env=setup.env,
        pids=setup.pids,
        # Generous: a second per page, where the slowest run needs ~0.05.
        timeout=120 + setup.articles,
    )


def print_crawl_table(runs: list[Run]) -> None:
    """Print one line per crawl run."""
    header = (
        f"{'run':<9} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'wall s':>7} "
        f"{'crawl CPU':>10} {'site CPU':>9} {'store CPU':>10} {'peak RSS MB':>12}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        store = f"{run.store_cpu:.1f}" if run.store_cpu is not None else "n/a"
        print(
            f"{run.name:<9} {run.pages:>6} {run.seconds:>8.2f} {run.rate:>8.1f} "
            f"{run.wall:>7.1f} {run.crawl_cpu:>10.1f} {run.site_cpu:>9.1f} "
            f"{store:>10} {run.peak_rss_mb:>12.1f}"
        )


def print_crawl_summary(runs: dict[str, list[Run]], store_pid: int | None) -> None:
    """Print the medians of both kinds of re-check and their ratio."""
    rates = {kind: statistics.median(r.rate for r in runs[kind]) for kind in runs}
    peaks = {kind: max(r.peak_rss_mb for r in runs[kind]) for kind in runs}
    rounds = len(runs["304"])
    print(
        f"re-check of {runs['304'][0].pages} unchanged pages, median of {rounds}: "
        f"304 {rates['304']:.1f} pages/s, 200 {rates['200']:.1f} pages/s; "
        f"ratio 304/200: {rates['304'] / rates['200']:.2f}"
    )
    print(
        f"peak RSS of the crawl: 304 {peaks['304']:.1f} MB, 200 {peaks['200']:.1f} MB",
        end="",
    )
    store_peak = _peak_rss_mb(store_pid)
    print(f"; store server {store_peak:.1f} MB" if store_peak is not None else "")
    print(
        "seconds: first article response -> crawl idle after the last one "
        "(pages/s = pages / seconds); wall s: the whole scrapy process. CPU: "
        "seconds used by the crawl (in that window), the test site and the store "
        "server (whole run). Peak RSS: the crawl process."
    )


def part_crawl(args: Namespace, procs: Processes, workdir: Path) -> None:
    """Part B: discovery crawl, then alternating 304 and 200 re-check crawls."""
    n = args.articles
    base_url, site_pid = start_site(procs, n, args.padding_kb, workdir)
    uri, store_pid = start_store(procs, workdir)
    database = f"bench_{uuid.uuid4().hex[:10]}"
    setup = CrawlSetup(
        base_url=base_url,
        database=database,
        env={"MONGO_URI": uri, "MONGO_DATABASE": database},
        pids=(site_pid, store_pid),
        articles=n,
        concurrency=args.concurrency,
        start=datetime.now(timezone.utc).replace(microsecond=0),
        workdir=workdir,
    )
    sizes = warm_up(base_url, n)
    print(
        f"Part B: re-check crawl. site {base_url}, {n} articles, page size KB: "
        f"mean {sum(sizes) / len(sizes) / 1024:.0f}; store {uri}, db {database}; "
        f"concurrency {args.concurrency}; runs in {ROOT} with MONGO_URI and "
        "MONGO_DATABASE set:"
    )
    client: MongoClient = MongoClient(uri)
    try:
        discovery = Spec("discover", guardian=True, outcome="new", checks=1)
        first = crawl(procs, setup, discovery, recheck_only=False)
        check_fetched(first, discovery, n)
        check_store(first, discovery, n, client, database)
        runs: list[Run] = [first]
        by_kind: dict[str, list[Run]] = {"304": [], "200": []}
        hours = 0
        for round_ in range(1, args.rounds + 1):
            for kind in ("304", "200"):
                hours += 1
                spec = recheck_spec(kind, round_, hours)
                run = crawl(procs, setup, spec, recheck_only=True)
                check_recheck(run, spec, n)
                check_store(run, spec, n, client, database)
                runs.append(run)
                by_kind[kind].append(run)
        print()
        print_crawl_table(runs)
        print_crawl_summary(by_kind, store_pid)
    finally:
        if store_pid is None:  # someone else's server: leave it as it was
            drop_quietly(client, database)
        client.close()


# --- main -------------------------------------------------------------------------


def drop_quietly(client: MongoClient, database: str) -> None:
    """Drop *database*, ignoring a server that no longer answers."""
    with suppress(PyMongoError):
        client.drop_database(database)


def run_part_due(args: Namespace, workdir: Path) -> None:
    """Part A, in a store server of its own that is stopped afterwards.

    With ``$MONGO_URI`` set, in a database of that server, dropped afterwards.
    """
    procs = Processes()
    try:
        uri, store_pid = start_store(procs, workdir)
        database = f"bench_due_{uuid.uuid4().hex[:10]}"
        log = CommandLog()
        client: MongoClient = MongoClient(uri, tz_aware=True, event_listeners=[log])
        try:
            part_due(args, uri, database, client, log)
            if (peak := _peak_rss_mb(store_pid)) is not None:
                print(f"store server peak RSS: {peak:.1f} MB")
        finally:
            if store_pid is None:  # someone else's server: leave it as it was
                drop_quietly(client, database)
            client.close()
    finally:
        procs.stop_all()


def run_part_crawl(args: Namespace, workdir: Path) -> None:
    """Part B, with its own test site and store server, stopped afterwards."""
    procs = Processes()
    try:
        part_crawl(args, procs, workdir)
    finally:
        procs.stop_all()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time to select the due articles of a large store, and pages/s "
        "of a re-check crawl answered 304 against the same crawl answered 200."
    )
    parser.add_argument(
        "--part", choices=("all", "due", "crawl"), default="all", help="what to run"
    )
    parser.add_argument(
        "--tracked", type=int, default=100_000, help="tracked articles (100000)"
    )
    parser.add_argument("--due", type=int, default=2000, help="of them due (2000)")
    parser.add_argument(
        "--retired", type=int, default=30_000, help="of them retired (30000)"
    )
    parser.add_argument(
        "--extra-retired",
        type=int,
        default=300_000,
        help="retired articles added for the second measurement (300000)",
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs of each operation (5)"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="seconds after which an operation is not run again (30)",
    )
    parser.add_argument("--articles", type=int, default=1000, help="pages (1000)")
    parser.add_argument(
        "--padding-kb", type=int, default=300, help="page padding (300: ~310 KB)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=16, help="concurrent requests (16)"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="304 and 200 re-check runs each (2)"
    )
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep logs, results and stores in DIR"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    print(f"recheck_speed, code {_code_version()}: {shlex.join(sys.argv[1:])}")
    began = time.monotonic()
    with _workdir(args.keep) as workdir:
        try:
            if args.part in ("all", "due"):
                (workdir / "due").mkdir(exist_ok=True)
                run_part_due(args, workdir / "due")
            if args.part == "all":
                print()
            if args.part in ("all", "crawl"):
                (workdir / "crawl").mkdir(exist_ok=True)
                run_part_crawl(args, workdir / "crawl")
        except BenchmarkError as exc:
            print(f"benchmark failed: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
    print(f"\ntotal {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
