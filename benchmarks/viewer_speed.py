"""How fast the web viewer answers, page by page, on a store of 10,000 articles or more.

Run: python benchmarks/viewer_speed.py [--articles 10000] [--runs 20] [--keep DIR]

Fills a fresh store (a SecantusDB server in a temporary directory, or in DIR
with --keep so that a second run skips the filling; or the server in
$MONGO_URI, in a database of its own, dropped at the end) through the
store's own API (ArticleStore.save_new per 15-minute crawl for the new
articles, and save for their changes, as the crawl's pipeline calls them; no
crawl, for speed): N articles over three sources, 30% of them changed once
and 10% twice, a third of the changes with a new headline, spread over the
20 days before "now" whatever N. Then it runs ``newscrawl serve`` (uvicorn)
on it, waits for the line that says it has read ahead what it keeps (the
sources' counts, the search pool), and requests every page type ``--runs``
+ 1 times. Per page it prints the server time of the first request (caches
cold) and, of the others, the median and the slowest server time and the
median time the client waited. Server time is the app's ``Server-Timing``
header: from the request reaching the app to the start of its response.
The targets: every page's median under 100 ms of server time, its first
request under 300 ms. Then it checks the lists, counts, feed and search the
viewer served against a plain read of the store (SystemExit if they
differ). It reports the figures and does not judge them: the exit status is
0 whatever they are.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from newscrawl.changes.compare import compare_versions
from newscrawl.items import ArticleItem
from newscrawl.store.articles import ArticleStore, SaveResult
from newscrawl.store.connection import open_store
from newscrawl.store.embedded import EmbeddedStore, stop_process
from newscrawl.store.schedule import next_check
from newscrawl.text.normalize import normalize_item

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 11, 1, 6, 0, tzinfo=timezone.utc)
#: Articles appear evenly over the 20 days before NOW, however many there are,
#: and a crawl every CRAWL stores the new ones in one batch, as the pipeline
#: does; a change that would come after NOW has not happened yet.
SPAN = timedelta(days=20)
NOW = T0 + SPAN
CRAWL = timedelta(minutes=15)
SOURCES = (("guardian", 0.5), ("bbc", 0.3), ("nyt", 0.2))
TARGET_MS = 100.0
FIRST_TARGET_MS = 300.0

_WORDS = (
    "council harbour wall repair plan town engineers meeting barrier path spring "
    "residents money library bus service budget decision january report minister "
    "vote amendment committee election results turnout district festival river "
    "police court judge hospital school teachers strike weather storm flood rail "
    "the of and to a in that is was for on with as by at from said would could"
).split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def _published(index: int, count: int) -> datetime:
    """When article *index* of *count* appeared: evenly over SPAN, whatever *count*."""
    return T0 + SPAN * index / count


def _article(rng: random.Random, index: int, count: int, source: str) -> ArticleItem:
    day = _published(index, count)
    slug = f"story-{index}-{rng.choice(_WORDS)}-{rng.choice(_WORDS)}"
    return ArticleItem(
        url=f"https://www.{source}.example/news/2026/nov/{day.day:02d}/{slug}",
        source=source,
        title=f"Story {index}: {_text(rng, 8)[:-1]}",
        standfirst=_text(rng, 25),
        byline="Alex Example",
        published=day,
        section="News",
        tags=["News"],
        body=[_text(rng, rng.randint(30, 70)) for _ in range(rng.randint(8, 16))],
    )


def _edit(rng: random.Random, item: ArticleItem, *, headline: bool) -> ArticleItem:
    body = list(item.body)
    at = rng.randrange(len(body))
    words = body[at].split()
    for _ in range(3):
        words[rng.randrange(len(words))] = rng.choice(_WORDS)
    body[at] = " ".join(words)
    if rng.random() < 0.5:
        body.insert(rng.randrange(len(body)), _text(rng, 40))
    title = (
        f"{item.title.split(':')[0]}: {_text(rng, 9)[:-1]}" if headline else item.title
    )
    return ArticleItem(**{**item.__dict__, "title": title, "body": body})


def _policy(last_changed: datetime, now: datetime) -> datetime | None:
    return next_check(last_changed=last_changed, now=now)


def fill(store: ArticleStore, count: int, seed: int = 7) -> int:
    """Store *count* articles and their changes; return how many changes."""
    rng = random.Random(seed)
    names = [name for name, _ in SOURCES]
    weights = [share for _, share in SOURCES]
    items = [
        _article(rng, i, count, rng.choices(names, weights)[0]) for i in range(count)
    ]
    crawls: dict[datetime, list[ArticleItem]] = {}
    for i, item in enumerate(items):
        # Seen by the first crawl after it appeared.
        crawl = T0 + CRAWL * ((_published(i, count) - T0) // CRAWL + 1)
        crawls.setdefault(crawl, []).append(normalize_item(item))
    for crawl, batch in crawls.items():
        results = store.save_new(
            batch, now=crawl, policy=_policy, compare=compare_versions
        )
        if any(not isinstance(r, SaveResult) or r.outcome != "new" for r in results):
            raise SystemExit(f"the fill could not store the crawl of {crawl}")
    edits = []
    changed = rng.sample(range(count), int(count * 0.3))
    for n, i in enumerate(changed):
        edited = _edit(rng, items[i], headline=n % 3 == 0)
        when = _published(i, count) + timedelta(minutes=60 + n % 600)
        edits.append((edited, when))
        if n < count * 0.1:
            again = _edit(rng, edited, headline=False)
            edits.append((again, when + timedelta(hours=2)))
    stored = 0
    for edited, when in edits:
        if when > NOW:
            continue
        result = store.save(
            normalize_item(edited), now=when, policy=_policy, compare=compare_versions
        )
        if result.outcome != "changed":
            raise SystemExit(f"the fill's edit of {edited.url} was {result.outcome}")
        stored += 1
    return stored


def _pages(url: str) -> list[tuple[str, str]]:
    """Return (name, path) of every page type to time."""
    q = urlencode
    return [
        ("home", "/"),
        ("home, headline changed", "/?headline=1"),
        ("home, one source", "/?source=bbc"),
        ("home, page 20", "/?page=20"),
        ("sources", "/sources"),
        ("source", "/source/guardian"),
        ("source, page 50", "/source/guardian?page=50"),
        ("article", "/article?" + q({"url": url})),
        ("diff, side by side", "/diff?" + q({"url": url})),
        (
            "diff, inline",
            "/diff?" + q({"url": url, "from": 0, "to": 2, "view": "inline"}),
        ),
        ("search, found", "/search?q=story+42"),
        ("search, nothing found", "/search?q=no+such+headline"),
        ("feed, all (RSS)", "/feed.rss"),
        ("feed, source (Atom)", "/feed.atom?source=guardian"),
        ("feed, article", "/feed.rss?" + q({"url": url})),
        ("api changes", "/api/changes"),
        ("api sources", "/api/sources"),
        ("api source", "/api/sources/guardian"),
        ("api article", "/api/article?" + q({"url": url})),
        ("api diff", "/api/diff?" + q({"url": url})),
        ("api search", "/api/search?q=story+42"),
        ("not found (404)", "/no/such/page"),
        ("bad parameter (400)", "/?page=zero"),
        ("css", "/static/viewer.css"),
    ]


#: Pages that answer other than 200.
_STATUS = {"not found (404)": 404, "bad parameter (400)": 400}


def _serve(uri: str, database: str) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "MONGO_URI": uri, "MONGO_DATABASE": database}
    env["NEWSCRAWL_NOW"] = NOW.isoformat()
    command = [sys.executable, "-m", "newscrawl.cli", "serve", "--port", "0"]
    print("$", " ".join(command), flush=True)
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"at (http://\S+)/ until", line)
    if not match:
        stop_process(proc)
        raise SystemExit(f"newscrawl serve did not start: {line!r}")
    return proc, match.group(1)


def _read_ahead(proc: subprocess.Popen) -> str:
    """Wait for the viewer's second line: it has read the counts and the search pool.

    It answers from the start; a request for those that comes sooner waits
    for the reading. The pages are timed after it, as a reader who is not
    the very first after a start finds them.
    """
    assert proc.stdout is not None
    lines: list[str] = []
    # A thread, not select(): the first readline() may hold this line already.
    reader = threading.Thread(target=lambda: lines.append(proc.stdout.readline()))
    reader.daemon = True
    reader.start()
    reader.join(600)
    line = lines[0].strip() if lines else ""
    if not line.startswith("Read "):
        raise SystemExit(f"newscrawl serve did not read ahead: {line!r}")
    return line


def _server_ms(response: httpx.Response) -> float:
    match = re.search(r"dur=([\d.]+)", response.headers.get("server-timing", ""))
    return float(match.group(1)) if match else float("nan")


def measure(base: str, pages: list[tuple[str, str]], runs: int) -> list[tuple]:
    """Return per page: name, status, first request's server ms, then of the
    others the median and the largest server ms and the median client ms."""
    rows = []
    # A connection per request, as curl makes: over a kept-alive connection
    # httpx waits ~40 ms for delayed ACKs, which would hide the server's time.
    fresh = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(base_url=base, timeout=60, limits=fresh) as client:
        for name, path in pages:
            expected = _STATUS.get(name, 200)
            # The first request: a cold cache, imports, the server's plans.
            response = client.get(path)
            first = _server_ms(response)
            server, waited = [], []
            status = response.status_code
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(path)
                waited.append((time.perf_counter() - start) * 1000)
                server.append(_server_ms(response))
                if response.status_code != status:
                    status = response.status_code
                    break
            if status != expected:
                raise SystemExit(f"{name}: {path} answered {status}, not {expected}")
            rows.append(
                (
                    name,
                    status,
                    first,
                    statistics.median(server),
                    max(server),
                    statistics.median(waited),
                )
            )
    return rows


#: Requests that make the viewer compare a long text with many URLs or
#: headlines: an unknown URL (suggestions) and long searches.
_HOSTILE = [
    "/article?" + urlencode({"url": "https://www.theguardian.com/" + "x-y" * 300}),
    "/search?" + urlencode({"q": "headline that matches nothing " * 6}),
    "/api/article?" + urlencode({"url": "zq" * 450}),
    "/search?" + urlencode({"q": "a" * 200}),
]


def under_attack(
    base: str, path: str, burst: list[str], *, runs: int
) -> tuple[float, float, list[int], float]:
    """Return *path*'s median client ms alone, then while the requests of
    *burst*, sent at once, are answered, with their statuses and how long
    they took."""
    fresh = httpx.Limits(max_keepalive_connections=0)
    statuses: list[int] = []

    def attack(n: int) -> None:
        with httpx.Client(base_url=base, timeout=120, limits=fresh) as client:
            statuses.append(client.get(burst[n]).status_code)

    with httpx.Client(base_url=base, timeout=120, limits=fresh) as client:

        def timed() -> float:
            start = time.perf_counter()
            client.get(path).raise_for_status()
            return (time.perf_counter() - start) * 1000

        alone = statistics.median(timed() for _ in range(runs))
        threads = [
            threading.Thread(target=attack, args=(n,)) for n in range(len(burst))
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        during = []
        while any(thread.is_alive() for thread in threads) or len(during) < 3:
            during.append(timed())
        burst = time.perf_counter() - start
        for thread in threads:
            thread.join()
    return alone, statistics.median(during), sorted(set(statuses)), burst


def _by_time(rows: list[dict], time: str, key: str) -> list[tuple]:
    """Return (time, key) of *rows*, for comparing lists newest first."""
    return [(row[time], row[key]) for row in rows]


def _same_list(name: str, got: list[tuple], reference: list[tuple]) -> None:
    """Raise unless *got* lists *reference*'s rows, newest first.

    Rows of the same time may come in any order (neither server promises
    one), also across a page boundary, so each must be one of the
    reference's rows of its time.
    """
    of_time: dict[Any, set] = {}
    for when, key in reference:
        of_time.setdefault(when, set()).add(key)
    if [when for when, _ in got] != [when for when, _ in reference] or any(
        key not in of_time[when] for when, key in got
    ):
        raise SystemExit(f"check failed: {name} is not what the store holds")


def check(base: str, store: ArticleStore) -> list[str]:
    """Compare what the viewer lists with what the store holds, read plainly.

    The reference reads every article and every change with no index and no
    window, sorts them here and counts them here. Raises SystemExit at the
    first list that differs; returns what was checked.
    """
    per_page = 50
    changes = [
        {
            "fetched_at": doc["fetched_at"].replace(tzinfo=timezone.utc),
            "id": f"{doc['article']}#v{doc['version']}",
            "source": doc["source"],
            "title": "title" in doc.get("changed_fields", []),
        }
        for doc in store.versions.find(
            {},
            {
                "article": 1,
                "version": 1,
                "fetched_at": 1,
                "source": 1,
                "changed_fields": 1,
                "minor": 1,
                "cause": 1,
            },
        )
        if doc["version"] > 0 and not doc.get("minor") and doc.get("cause") != "parser"
    ]
    changes.sort(key=lambda row: row["fetched_at"], reverse=True)
    articles = list(
        store.articles.find(
            {},
            {
                "source": 1,
                "status": 1,
                "change_count": 1,
                "last_changed": 1,
                "title": 1,
            },
        )
    )
    for doc in articles:
        doc["last_changed"] = doc["last_changed"].replace(tzinfo=timezone.utc)
    checked = []

    def get(path: str) -> Any:
        with httpx.Client(base_url=base, timeout=120) as client:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"check failed: {path} answered {response.status_code}")
        checked.append(path)
        return response.json() if path.startswith("/api/") else response.text

    def times(rows: list[dict]) -> list[dict]:
        for row in rows:
            for field in ("fetched_at", "last_changed"):
                if field in row:
                    row[field] = datetime.fromisoformat(row[field])
        return rows

    for query, rows in [
        ({}, changes),
        ({"headline": 1}, [c for c in changes if c["title"]]),
        ({"source": "bbc"}, [c for c in changes if c["source"] == "bbc"]),
    ]:
        for page in (1, 2, 20):
            got = times(
                get("/api/changes?" + urlencode({**query, "page": page}))["changes"]
            )
            start = (page - 1) * per_page
            _same_list(
                f"/api/changes {query} page {page}",
                _by_time(got, "fetched_at", "id"),
                _by_time(rows[start : start + per_page], "fetched_at", "id"),
            )
    feed = get("/feed.rss")
    ids = re.findall(r"<guid[^>]*>([^<]+)</guid>", feed)
    if ids != [row["id"] for row in times(get("/api/changes")["changes"])]:
        raise SystemExit("check failed: the feed of all changes is not the latest 50")
    fields = ("tracked", "changed", "live", "gone", "failing", "retired")
    counts: dict[str, dict[str, int]] = {}
    for doc in articles:
        row = counts.setdefault(doc["source"], dict.fromkeys(fields, 0))
        row["tracked"] += 1
        row["changed"] += doc.get("change_count", 0) > 0
        row[doc["status"]] += 1
    shown = {
        row["source"]: {field: row[field] for field in fields}
        for row in get("/api/sources")["sources"]
    }
    if shown != counts:
        raise SystemExit(f"check failed: /api/sources {shown} != {counts}")
    guardian = sorted(
        (doc for doc in articles if doc["source"] == "guardian"),
        key=lambda doc: doc["last_changed"],
        reverse=True,
    )
    for page in (1, 50):
        got = times(get(f"/api/sources/guardian?page={page}")["articles"])
        start = (page - 1) * per_page
        _same_list(
            f"/api/sources/guardian page {page}",
            _by_time(got, "last_changed", "url"),
            [(d["last_changed"], d["_id"]) for d in guardian[start : start + per_page]],
        )
    for text in ("story 42", "no such headline"):
        pattern = re.compile(re.escape(text), re.IGNORECASE)
        found = sorted(
            (
                (doc["last_changed"], doc["_id"], doc.get("title") or "")
                for doc in articles
                if pattern.search(doc.get("title") or "") or pattern.search(doc["_id"])
            ),
            reverse=True,
        )
        got = get("/api/search?" + urlencode({"q": text}))["articles"]
        if [row["url"] for row in got] != [url for _, url, _ in found[:per_page]]:
            raise SystemExit(f"check failed: /api/search?q={text}")
    return checked


def arguments(doc: str, *, runs: int) -> argparse.Namespace:
    """The options of a benchmark on a filled store: --articles, --runs, --keep."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the embedded store in DIR; a later run with the same DIR "
        "and --articles times the same store without filling it again",
    )
    return parser.parse_args()


def fill_once(store: ArticleStore, count: int) -> dict[str, Any]:
    """Fill *store* with *count* articles unless filled before; return the record."""
    # The fill's record, written last: a store whose fill did not finish, or
    # of another size, is filled again, where a count of articles would pass.
    filled = store.db["benchmark_fill"].find_one({"_id": "fill"})
    if filled and filled["articles"] == count:
        return filled
    store.db.client.drop_database(store.db.name)
    store.ensure_indexes()
    start = time.perf_counter()
    changes = fill(store, count)
    print(f"Filled the store in {time.perf_counter() - start:.0f} s")
    filled = {"_id": "fill", "articles": count, "changes": changes}
    store.db["benchmark_fill"].insert_one(filled)
    return filled


def main() -> int:
    args = arguments(__doc__, runs=20)
    uri = os.environ.get("MONGO_URI", "")
    database = (
        f"viewer_bench_{args.articles}" if args.keep else f"viewer_bench_{os.getpid()}"
    )
    embedded = None
    with tempfile.TemporaryDirectory() as tmp:
        if not uri:
            embedded = EmbeddedStore.acquire(Path(args.keep or tmp))
            uri = embedded.uri
        store = open_store(uri=uri, database=database)
        proc = None
        try:
            filled = fill_once(store, args.articles)
            articles = store.articles.count_documents({})
            versions = store.versions.count_documents({})
            print(
                f"Store: {articles} articles, {versions} versions "
                f"({versions - articles} changes)",
                flush=True,
            )
            expected = args.articles + filled["changes"]
            if (articles, versions) != (args.articles, expected):
                raise SystemExit(
                    f"the store should hold {args.articles} articles and "
                    f"{expected} versions"
                )
            url = store.versions.find_one({"version": 2}, {"article": 1})["article"]
            proc, base = _serve(uri, database)
            start = time.perf_counter()
            print(_read_ahead(proc), flush=True)
            print(
                f"(that line came {time.perf_counter() - start:.1f} s after the first)"
            )
            load = os.getloadavg()
            rows = measure(base, _pages(url), args.runs)
            load_after = os.getloadavg()
            article = "/api/article?" + urlencode({"url": url})
            # The same burst of ordinary requests, for comparison: sixteen
            # requests at once cost something whatever they ask.
            bursts = [
                under_attack(base, article, [article] * 16, runs=args.runs),
                under_attack(base, article, (_HOSTILE * 4)[:16], runs=args.runs),
            ]
            start = time.perf_counter()
            checked = check(base, store)
            print(
                f"Checked {len(checked)} lists, counts and feeds against the store "
                f"in {time.perf_counter() - start:.0f} s: all as the store holds"
            )
        finally:
            if proc is not None:
                stop_process(proc)
            if not embedded or not args.keep:
                store.db.client.drop_database(database)
            store.close()
            if embedded:
                embedded.release()
    width = max(len(row[0]) for row in rows)
    print(
        f"\n{'page':<{width}}  status  first (ms)  server median  server max"
        "  client median"
    )
    for name, status, first, median, slowest, waited in rows:
        print(
            f"{name:<{width}}  {status:>6}  {first:>10.1f}  {median:>10.1f} ms"
            f"  {slowest:>7.1f} ms  {waited:>10.1f} ms"
        )
    print(
        "\nload average (1, 5, 15 min) before timing: "
        + ", ".join(f"{n:.2f}" for n in load)
        + "; after: "
        + ", ".join(f"{n:.2f}" for n in load_after)
    )
    over = [row[0] for row in rows if row[3] >= TARGET_MS]
    verdict = "MET" if not over else "NOT MET (" + ", ".join(over) + ")"
    print(
        f"target: every page's median server time under {TARGET_MS:.0f} ms: {verdict}"
    )
    over = [row[0] for row in rows if row[2] >= FIRST_TARGET_MS]
    verdict = "MET" if not over else "NOT MET (" + ", ".join(over) + ")"
    print(
        f"target: every page's first request under {FIRST_TARGET_MS:.0f} ms: {verdict}"
    )
    print("\nan article's JSON, median client time, alone and while 16 requests")
    print("sent at once are answered (how long they took, their statuses):")
    (alone, ordinary, _, took), (_, costly, statuses, took_costly) = bursts
    print(f"  alone: {alone:.1f} ms")
    print(f"  16 ordinary requests: {ordinary:.1f} ms ({took:.2f} s)")
    print(
        f"  16 costly requests: {costly:.1f} ms ({took_costly:.2f} s, {statuses});"
        f" {costly / ordinary:.1f}x the ordinary burst's (target: within 2x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
