"""``newscrawl demo``: a news site edits articles, crawls see it, the viewer shows it.

A publisher on 127.0.0.1 (testsite.demo) rewrites a headline, adds a
paragraph, removes a quote, changes a figure and changes it back, posts an
article and deletes one, between crawls 15 minutes apart on the demo's clock
(``NEWSCRAWL_NOW``), as the schedule re-checks fresh articles. Each crawl is
``scrapy crawl guardian`` run as a user runs it, into an embedded store of
the demo's own (a temporary data directory unless ``--data-dir``), never the
user's. Then the viewer serves that store until Ctrl-C, and nothing is left
running or stored.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.cli import options
from newscrawl.cli.services import listen, run_viewer, viewer_url
from newscrawl.cli.tracking import run_spider
from newscrawl.clock import clock_from_setting
from newscrawl.store import queries
from newscrawl.store.articles import ArticleStore
from newscrawl.store.connection import open_store

if TYPE_CHECKING:
    from testsite.demo import DemoSite, Round

DATABASE = "newscrawl"
#: The counts of a crawl's summary line the demo tells, in its order.
_TOLD = ("new", "changed", "unchanged", "gone")
_SUMMARY = re.compile(r"Crawl of \w+ finished \(\w+\): (.*)$", re.MULTILINE)


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``demo`` to the ``newscrawl`` command."""
    demo = commands.add_parser(
        "demo",
        help="see newscrawl at work in a minute, without the network: a local news "
        "site edits its articles, crawls store the changes, the viewer shows them",
    )
    demo.add_argument(
        "--no-viewer", action="store_true", help="stop after the crawls, no viewer"
    )
    demo.add_argument(
        "--data-dir",
        help="keep the demo's store in DIR, new or empty (default: a temporary "
        "directory, deleted at the end)",
    )
    demo.add_argument(
        "--port",
        type=int,
        default=8000,
        help="the viewer's port (8000; another free one if that is taken; 0: any)",
    )
    # The time of the last crawl, for tests (default: now).
    demo.add_argument("--now", default="", help=argparse.SUPPRESS)
    demo.set_defaults(run=_demo)


def _demo(args: argparse.Namespace) -> int:
    # Imported here: the other commands need no test site.
    from testsite.demo import STEP, DemoSite, rounds

    try:
        now = clock_from_setting(args.now)()
    except ValueError as exc:
        print(f"newscrawl demo: {exc}", file=sys.stderr)
        return options.EXIT_USAGE
    if args.data_dir and _in_use(Path(args.data_dir)):
        print(
            f"newscrawl demo: {args.data_dir} is not empty: give a new or empty"
            " directory for the demo's store",
            file=sys.stderr,
        )
        return options.EXIT_USAGE
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="newscrawl-demo-"))
    plan = rounds()
    # The last crawl at the latest quarter hour, the first as many steps before.
    end = now.replace(minute=now.minute // 15 * 15, second=0, microsecond=0)
    site = DemoSite(end - STEP * (len(plan) - 1)).start()
    store: ArticleStore | None = None
    try:
        # Held to the end: the crawls and the viewer share its server.
        store = open_store(uri="", database=DATABASE, data_dir=data_dir, idle=0)
        print(
            f"newscrawl demo: a news site on {site.base_url} (the Guardian's page"
            " structure, text of its own) and its publisher; crawls every 15"
            f" minutes of the demo's clock into a store in {data_dir}",
            flush=True,
        )
        for number, step in enumerate(plan):
            site.now = end - STEP * (len(plan) - 1 - number)
            if not _crawl(site, step, data_dir):
                return options.EXIT_NOT_FOUND
        if args.no_viewer:
            kept = f"; it stays in {data_dir}" if args.data_dir else ""
            print(f"newscrawl demo: {_stored(store)}{kept}", flush=True)
            return options.EXIT_OK
        _view(store, args.port, end, kept=bool(args.data_dir))
        print("newscrawl demo: stopped", flush=True)
        return options.EXIT_OK
    finally:
        if store is not None:
            store.close()  # the last user: its server stops
        site.stop()
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


def _in_use(path: Path) -> bool:
    """Whether *path* is a file, or a directory with anything in it."""
    return path.exists() and (not path.is_dir() or any(path.iterdir()))


def _crawl(site: DemoSite, step: Round, data_dir: Path) -> bool:
    """Let the publisher act, crawl, say what the crawl found; False if it failed."""
    step.act(site)
    proxies_skipped = ",".join(
        filter(None, ["127.0.0.1,localhost", os.environ.get("no_proxy")])
    )
    result = run_spider(
        "guardian",
        base_url=site.base_url,
        env={
            "MONGO_URI": "",
            "MONGO_DATABASE": DATABASE,
            "NEWSCRAWL_DATA_DIR": str(data_dir),
            # Straight to the local site, whatever proxy the environment names.
            "no_proxy": proxies_skipped,
            "NO_PROXY": proxies_skipped,
        },
        settings={
            "NEWSCRAWL_NOW": site.now.isoformat(),
            # A site on this machine: no politeness delays to wait out.
            "AUTOTHROTTLE_ENABLED": "0",
            "DOWNLOAD_DELAY": "0",
            "NEWSCRAWL_PROGRESS_INTERVAL": "0",
            "LOG_LEVEL": "INFO",
        },
        capture=True,
    )
    found = _SUMMARY.search(result.stdout + result.stderr)
    if result.returncode or not found:
        errors = [
            line
            for line in (result.stdout + result.stderr).splitlines()
            if " ERROR: " in line or "Error" in line
        ]
        print(
            f"newscrawl demo: the crawl at {site.now:%H:%M} failed (exit"
            f" {result.returncode})" + (f": {errors[-1]}" if errors else ""),
            file=sys.stderr,
        )
        return False
    counts = dict(re.findall(r"(\w+)=(\d+)", found.group(1)))
    told = ", ".join(f"{counts[name]} {name}" for name in _TOLD if counts[name] != "0")
    print(f"{site.now:%H:%M}  {step.said:<48}  crawl: {told}", flush=True)
    return True


def _stored(store: ArticleStore) -> str:
    """What the demo's store holds: "6 articles, 5 changes"."""
    rows = queries.summary(store, now=datetime.now().astimezone())
    articles = sum(row["articles"] for row in rows)
    changes = sum(row["changes"] for row in rows)
    gone = sum(row["gone"] for row in rows)
    return f"the store holds {articles} articles, {changes} changes, {gone} gone"


def _view(store: ArticleStore, port: int, now: datetime, *, kept: bool) -> None:
    """Serve the viewer of the demo's store until Ctrl-C."""
    try:
        sock = listen("127.0.0.1", port)
    except OSError:
        sock = listen("127.0.0.1", 0)  # the port is taken: any other will do
    try:
        print(
            f"newscrawl demo: {_stored(store)}; see them at {viewer_url(sock)}"
            f" (Ctrl-C stops the viewer{'' if kept else ' and deletes the demo'})",
            flush=True,
        )
        run_viewer(store, sock, clock=lambda: now)
    finally:
        sock.close()
