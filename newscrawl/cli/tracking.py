"""``newscrawl extract``, ``summary`` and ``recheck``: parsers and what is tracked."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.changes.lookup import NotFound, find_article
from newscrawl.cli import options
from newscrawl.parsers import PARSERS
from newscrawl.render.json import iso, item_data
from newscrawl.render.text import format_summary
from newscrawl.store import queries
from newscrawl.text.normalize import normalize_item


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``extract``, ``summary`` and ``recheck`` to the ``newscrawl`` command."""
    extract = commands.add_parser(
        "extract", help="parse a saved page and print the article as JSON"
    )
    extract.add_argument("page", help="the saved HTML file")
    extract.add_argument("--url", required=True, help="the URL the page was saved from")
    extract.add_argument(
        "--source", default="guardian", choices=sorted(PARSERS), help="which parser"
    )
    extract.set_defaults(run=_extract)

    summary = commands.add_parser(
        "summary", help="articles, versions and changes stored, per source"
    )
    options.add_store_options(summary)
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.set_defaults(run=_summary)

    recheck = commands.add_parser(
        "recheck", help="fetch tracked articles now, due or not (also retired ones)"
    )
    recheck.add_argument("urls", nargs="+", metavar="URL", help=options.ARTICLE_HELP)
    options.add_store_options(recheck)
    recheck.set_defaults(run=_recheck)


def _extract(args: argparse.Namespace) -> int:
    try:
        html = Path(args.page).read_bytes()
    except OSError as exc:
        print(
            f"newscrawl extract: cannot read {args.page}: {exc.strerror}",
            file=sys.stderr,
        )
        return options.EXIT_NOT_FOUND
    item = normalize_item(PARSERS[args.source](args.url, html))
    print(json.dumps(item_data(item), ensure_ascii=False, indent=2))
    return options.EXIT_OK


def _summary(args: argparse.Namespace) -> int:
    with closing(options.store_of(args)) as store:
        rows = queries.summary(store, now=options.now_of(args))
    if args.json:
        print(json.dumps(rows, default=iso, indent=2))
        return options.EXIT_OK
    print(f"Store: {store.description}, database {args.database!r}")
    if not rows:
        print("No articles stored yet. Run: scrapy crawl guardian")
        return options.EXIT_OK
    print("\n".join(format_summary(rows)))
    return options.EXIT_OK


def _recheck(args: argparse.Namespace) -> int:
    # Held open while the crawl runs, so an embedded store is shared, not restarted.
    with closing(options.store_of(args)) as store:
        articles = []
        for reference in args.urls:
            try:
                articles.append(find_article(store, reference).article)
            except NotFound as exc:
                print(f"newscrawl recheck: {exc}", file=sys.stderr)
        if len(articles) < len(args.urls):
            return options.EXIT_NOT_FOUND
        code = options.EXIT_OK
        for doc in articles:
            result = run_spider(
                doc["source"],
                base_url=_site_of(doc["_id"]),
                urls=[doc["_id"]],
                env={
                    "MONGO_URI": args.mongo_uri,
                    "MONGO_DATABASE": args.database,
                    **({"NEWSCRAWL_DATA_DIR": args.data_dir} if args.data_dir else {}),
                    **({"NEWSCRAWL_NOW": args.now} if args.now else {}),
                },
            )
            after = queries.article(store, doc["_id"]) or {}
            print(_recheck_outcome(doc, after))
            if result.returncode != 0:
                code = options.EXIT_NOT_FOUND
        return code


def _site_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _recheck_outcome(before: dict[str, Any], after: dict[str, Any]) -> str:
    url = before["_id"]
    if after.get("version_count", 0) > before["version_count"]:
        return f"{url}: changed, now version {after['version_count'] - 1}"
    if after.get("check_count", 0) > before.get("check_count", 0):
        status = after.get("status")
        if status == "gone":
            event = (after.get("events") or [{}])[-1]
            detail = (
                f"HTTP {event['status']}"
                if event.get("status")
                else f"redirected to {event.get('to')}"
            )
            return f"{url}: gone ({detail})"
        return f"{url}: unchanged (version {after['version_count'] - 1}, {status})"
    reason = (after.get("last_error") or {}).get("reason", "see the log above")
    return f"{url}: could not be fetched ({reason})"


def run_spider(
    source: str,
    *,
    base_url: str,
    urls: list[str] | None = None,
    env: dict[str, str],
    settings: dict[str, str] | None = None,
    capture: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run ``scrapy crawl <source>`` (for *urls* only, if given) and wait for it.

    Its log (warnings and errors) goes to stderr, or with *capture* into
    the result.
    """
    command = [sys.executable, "-m", "scrapy", "crawl", source]
    command += ["-a", f"base_url={base_url}"]
    if urls is not None:
        command += ["-a", "urls=" + ",".join(urls)]
    for name, value in {"LOG_LEVEL": "WARNING", **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    # The installed project, whatever the current directory.
    full_env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", **env}
    return subprocess.run(
        command,
        env=full_env,
        stdin=subprocess.DEVNULL,
        capture_output=capture,
        text=True,
    )
