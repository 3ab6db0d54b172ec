"""The ``newscrawl`` command: inspect parsers and the store without writing queries."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from contextlib import closing
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.changes.diff import diff_as_dict, diff_pairs
from newscrawl.changes.history import format_history, history_as_dict
from newscrawl.changes.listing import format_changes, recent_changes
from newscrawl.changes.lookup import (
    NotFound,
    find_article,
    load_versions,
    version_pairs,
)
from newscrawl.cli.services import add_service_commands
from newscrawl.clock import clock_from_setting
from newscrawl.parsers import PARSERS
from newscrawl.render.feeds import article_feed, source_feed
from newscrawl.render.html import page_title, render_page
from newscrawl.render.text import render_text, wants_color
from newscrawl.render.times import parse_since
from newscrawl.store.articles import ArticleStore, StoreUnavailable, open_store
from newscrawl.text.normalize import normalize_item

# 0 ok, 1 not found or not reachable, 2 usage error (argparse's own code).
EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE = 0, 1, 2


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _extract(args: argparse.Namespace) -> int:
    try:
        html = Path(args.page).read_bytes()
    except OSError as exc:
        print(
            f"newscrawl extract: cannot read {args.page}: {exc.strerror}",
            file=sys.stderr,
        )
        return EXIT_NOT_FOUND
    item = normalize_item(PARSERS[args.source](args.url, html))
    out = {
        "url": item.url,
        "canonical_url": item.canonical_url,
        "source": item.source,
        "page_type": item.page_type,
        "title": item.title,
        "standfirst": item.standfirst,
        "byline": item.byline,
        "published": _iso(item.published),
        "modified": _iso(item.modified),
        "section": item.section,
        "tags": item.tags,
        "body": "\n".join(item.body),
        "hash": item.content_hash,
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return EXIT_OK


def _summary(args: argparse.Namespace) -> int:
    store = open_store(
        uri=args.mongo_uri, database=args.database, data_dir=args.data_dir
    )
    try:
        rows = store.summary(now=clock_from_setting(args.now)())
    finally:
        store.close()
    if args.json:
        print(json.dumps(rows, default=_iso, indent=2))
        return EXIT_OK
    print(f"Store: {store.description}, database {args.database!r}")
    if not rows:
        print("No articles stored yet. Run: scrapy crawl guardian")
        return EXIT_OK
    columns = [
        ("source", "source"),
        ("articles", "articles"),
        ("live", "live"),
        ("gone", "gone"),
        ("failing", "failing"),
        ("retired", "retired"),
        ("due", "due now"),
        ("versions", "versions"),
        ("changes", "changes"),
        ("parser_changes", "parser changes"),
        ("checked_24h", "checked 24h"),
        ("changes_24h", "changes 24h"),
        ("last_checked", "last checked"),
    ]
    table = [[title for _, title in columns]]
    for row in rows:
        table.append(
            [
                row[key].strftime("%Y-%m-%d %H:%M UTC")
                if isinstance(row[key], datetime)
                else "-"
                if row[key] is None
                else str(row[key])
                for key, _ in columns
            ]
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
    for line in table:
        print(
            "  ".join(
                cell.ljust(width) for cell, width in zip(line, widths, strict=True)
            ).rstrip()
        )
    return EXIT_OK


def _recheck(args: argparse.Namespace) -> int:
    store = open_store(
        uri=args.mongo_uri, database=args.database, data_dir=args.data_dir
    )
    # Held open while the crawl runs, so an embedded store is shared, not restarted.
    try:
        articles = [store.article(url) for url in args.urls]
        missing = [url for url, doc in zip(args.urls, articles, strict=True) if not doc]
        if missing:
            for url in missing:
                print(f"newscrawl recheck: {url} is not tracked", file=sys.stderr)
            return EXIT_NOT_FOUND
        code = EXIT_OK
        for doc in articles:
            assert doc is not None
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
            after = store.article(doc["_id"]) or {}
            print(_recheck_outcome(doc, after))
            if result != 0:
                code = EXIT_NOT_FOUND
        return code
    finally:
        store.close()


def _site_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _recheck_outcome(before: dict, after: dict) -> str:
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
    source: str, *, base_url: str, urls: list[str], env: dict[str, str]
) -> int:
    """Run ``scrapy crawl <source>`` for *urls* only; return its exit code."""
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        source,
        "-a",
        f"base_url={base_url}",
        "-a",
        "urls=" + ",".join(urls),
        "-s",
        "LOG_LEVEL=WARNING",
    ]
    # The installed project, whatever the current directory.
    full_env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", **env}
    return subprocess.run(command, env=full_env, stdin=subprocess.DEVNULL).returncode


# --- seeing what changed: history, diff, changes, feed ------------------------


def _now(args: argparse.Namespace) -> datetime:
    return clock_from_setting(args.now)()


def _open_store(args: argparse.Namespace) -> ArticleStore:
    return open_store(
        uri=args.mongo_uri, database=args.database, data_dir=args.data_dir
    )


def _history(args: argparse.Namespace) -> int:
    with closing(_open_store(args)) as store:
        found = find_article(store, args.article)
        versions = load_versions(store, found.url, text=False)
    if args.json:
        out = history_as_dict(found.article, versions, _now(args))
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(format_history(found.article, versions, _now(args)))
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    with closing(_open_store(args)) as store:
        found = find_article(store, args.article)
        versions = load_versions(store, found.url)
    pairs = version_pairs(
        len(versions), args.first, args.second, named=found.version, every=args.all
    )
    diffs = diff_pairs(versions, pairs)
    if not diffs:
        print(f"{found.url} has no change to show.", file=sys.stderr)
    if args.html or args.format == "html":
        source = found.article["source"]
        page = render_page(
            diffs, title=page_title(diffs), article_url=found.url, source=source
        )
        if not args.html:
            sys.stdout.write(page)
        elif _write(args, args.html, page.encode()):
            print(f"Wrote {args.html}: {page_title(diffs)}")
        else:
            return EXIT_NOT_FOUND
    elif args.format == "json":
        out = {"url": found.url, "diffs": [diff_as_dict(d) for d in diffs]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    elif diffs:
        color = wants_color(sys.stdout, os.environ, args.color)
        print("\n\n".join(render_text(d, color=color) for d in diffs))
    return EXIT_OK


def _write(args: argparse.Namespace, path: str, data: bytes) -> bool:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        message = f"newscrawl {args.command}: cannot write {path}: {exc.strerror}"
        print(message, file=sys.stderr)
        return False
    return True


def _changes(args: argparse.Namespace) -> int:
    try:
        since = parse_since(args.since, _now(args)) if args.since else None
    except ValueError as exc:
        print(f"newscrawl changes: --since: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with closing(_open_store(args)) as store:
        found = recent_changes(
            store,
            source=args.source,
            since=since,
            limit=args.limit,
            include_minor=args.all,
        )
    if args.json:
        print(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=2))
    else:
        print("\n".join(format_changes(found)))
    return EXIT_OK


def _feed(args: argparse.Namespace) -> int:
    options = {"now": _now(args), "include_minor": args.all, "limit": args.limit}
    with closing(_open_store(args)) as store:
        if args.article:
            article = find_article(store, args.article).article
            xml = article_feed(store, article, atom=args.atom, **options)
        else:
            xml = source_feed(store, args.source, atom=args.atom, **options)
    if not args.output:
        sys.stdout.buffer.write(xml)
    elif not _write(args, args.output, xml):
        return EXIT_NOT_FOUND
    return EXIT_OK


def _add_change_commands(commands: argparse._SubParsersAction) -> None:
    article_help = "article URL, version URL (URL#v2) or a unique part of a URL"
    history = commands.add_parser(
        "history", help="an article's status and the list of its versions"
    )
    history.add_argument("article", help=article_help)
    history.add_argument("--json", action="store_true", help="print JSON")
    _add_store_options(history)
    history.set_defaults(run=_history)

    diff = commands.add_parser(
        "diff", help="what changed between two versions (default: the last two)"
    )
    diff.add_argument("article", help=article_help)
    diff.add_argument("first", nargs="?", type=int, metavar="FROM", help="version")
    diff.add_argument("second", nargs="?", type=int, metavar="TO", help="version")
    diff.add_argument("--all", action="store_true", help="every consecutive pair")
    diff.add_argument("--format", choices=("text", "html", "json"), default="text")
    diff.add_argument("--html", metavar="FILE", help="write a standalone HTML page")
    diff.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    _add_store_options(diff)
    diff.set_defaults(run=_diff)

    changes = commands.add_parser(
        "changes", help="the most recent changes across the store, newest first"
    )
    changes.add_argument("--source", help="only this source's articles")
    changes.add_argument("--since", help="an age (30m, 24h, 7d, 2w) or a date")
    changes.add_argument("--limit", type=int, default=20, help="at most N (20)")
    changes.add_argument("--all", action="store_true", help="minor changes too")
    changes.add_argument("--json", action="store_true", help="print JSON")
    _add_store_options(changes)
    changes.set_defaults(run=_changes)

    feed = commands.add_parser(
        "feed", help="an RSS (or Atom) feed of changes: one article, a source, all"
    )
    which = feed.add_mutually_exclusive_group()
    which.add_argument("--article", help=article_help)
    which.add_argument("--source", help="one source's changes (default: all)")
    feed.add_argument("--atom", action="store_true", help="Atom 1.0, not RSS 2.0")
    feed.add_argument("--limit", type=int, default=50, help="at most N entries (50)")
    feed.add_argument("--all", action="store_true", help="minor changes too")
    feed.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    _add_store_options(feed)
    feed.set_defaults(run=_feed)


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mongo-uri",
        default=os.environ.get("MONGO_URI", ""),
        help="MongoDB URI (default: $MONGO_URI, else the embedded store)",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("MONGO_DATABASE", "newscrawl"),
        help="database name (default: $MONGO_DATABASE, else newscrawl)",
    )
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("NEWSCRAWL_DATA_DIR") or None,
        help="embedded store's data directory (default: $NEWSCRAWL_DATA_DIR, "
        "else ~/.local/share/newscrawl)",
    )
    parser.add_argument(
        "--now",
        default=os.environ.get("NEWSCRAWL_NOW", ""),
        help=argparse.SUPPRESS,  # a fixed clock, for tests and replays
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``newscrawl`` command."""
    parser = argparse.ArgumentParser(
        prog="newscrawl",
        description="Inspect what newscrawl extracts and stores. "
        "Crawls run with: scrapy crawl <source>.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
    _add_store_options(summary)
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.set_defaults(run=_summary)

    recheck = commands.add_parser(
        "recheck", help="fetch tracked articles now, due or not (also retired ones)"
    )
    recheck.add_argument("urls", nargs="+", metavar="URL", help="tracked article URL")
    _add_store_options(recheck)
    recheck.set_defaults(run=_recheck)
    _add_change_commands(commands)
    add_service_commands(commands, store_options=_add_store_options)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``newscrawl`` command; return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except StoreUnavailable as exc:
        print(f"newscrawl {args.command}: {exc}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except NotFound as exc:
        print(f"newscrawl {args.command}: {exc}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except KeyboardInterrupt:
        return 130
