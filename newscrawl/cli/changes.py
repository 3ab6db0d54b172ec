"""``newscrawl history``, ``diff``, ``changes`` and ``feed``: seeing what changed."""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import closing
from datetime import datetime
from typing import Any

from newscrawl.changes.diff import diff_pairs
from newscrawl.changes.listing import Change
from newscrawl.changes.lookup import (
    check_source,
    check_version,
    find_article,
    version_pairs,
)
from newscrawl.cli import options
from newscrawl.render.html import page_title, render_page
from newscrawl.render.json import change_data, diff_data, history_data
from newscrawl.render.text import (
    format_changes,
    format_history,
    render_text,
    wants_color,
)
from newscrawl.render.times import parse_since, plural
from newscrawl.store import queries
from newscrawl.store.articles import ArticleStore


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``history``, ``diff``, ``changes`` and ``feed`` to ``newscrawl``."""
    history = commands.add_parser(
        "history", help="an article's status and the list of its versions"
    )
    history.add_argument("article", help=options.ARTICLE_HELP)
    history.add_argument("--json", action="store_true", help="print JSON")
    options.add_store_options(history)
    history.set_defaults(run=_history)

    diff = commands.add_parser(
        "diff", help="what changed between two versions (default: the last two)"
    )
    diff.add_argument("article", help=options.ARTICLE_HELP)
    diff.add_argument("first", nargs="?", type=int, metavar="FROM", help="version")
    diff.add_argument("second", nargs="?", type=int, metavar="TO", help="version")
    diff.add_argument("--all", action="store_true", help="every consecutive pair")
    diff.add_argument("--format", choices=("text", "html", "json"), default="text")
    diff.add_argument("--html", metavar="FILE", help="write a standalone HTML page")
    diff.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    options.add_store_options(diff)
    diff.set_defaults(run=_diff)

    changes = commands.add_parser(
        "changes", help="the most recent changes across the store, newest first"
    )
    changes.add_argument("--source", help="only this source's articles")
    changes.add_argument("--since", help="an age (30m, 24h, 7d, 2w) or a date")
    changes.add_argument(
        "--limit", type=options.positive, default=20, help="at most N (20)"
    )
    changes.add_argument("--all", action="store_true", help="minor changes too")
    changes.add_argument("--json", action="store_true", help="print JSON")
    options.add_store_options(changes)
    changes.set_defaults(run=_changes)

    feed = commands.add_parser(
        "feed", help="an RSS (or Atom) feed of changes: one article, a source, all"
    )
    which = feed.add_mutually_exclusive_group()
    which.add_argument("--article", help=options.ARTICLE_HELP)
    which.add_argument("--source", help="one source's changes (default: all)")
    feed.add_argument("--atom", action="store_true", help="Atom 1.0, not RSS 2.0")
    feed.add_argument(
        "--limit", type=options.positive, default=50, help="at most N entries (50)"
    )
    feed.add_argument("--all", action="store_true", help="minor changes too")
    feed.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    options.add_store_options(feed)
    feed.set_defaults(run=_feed)


def _history(args: argparse.Namespace) -> int:
    with closing(options.store_of(args)) as store:
        found = find_article(store, args.article)
        versions = queries.versions(store, found.url, text=False)
    if found.version is not None:  # URL#vN: a version the article must have
        check_version(found.version, len(versions))
    if args.json:
        out = history_data(found.article, versions, options.now_of(args))
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(format_history(found.article, versions, options.now_of(args)))
    return options.EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    with closing(options.store_of(args)) as store:
        found = find_article(store, args.article)
        versions = queries.versions(store, found.url)
    pairs = version_pairs(
        len(versions), args.first, args.second, named=found.version, every=args.all
    )
    if same := [old for old, new in pairs if old == new]:
        latest = len(versions) - 1
        hint = f"{latest - 1} {latest}" if latest else "0 0"
        print(
            f"newscrawl diff: both sides are version {same[0]}: nothing to compare."
            f" Give two versions (newscrawl diff {found.url} {hint}) or none"
            " (the latest change)",
            file=sys.stderr,
        )
        return options.EXIT_USAGE
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
        elif options.write_file(args, args.html, page.encode()):
            print(f"Wrote {args.html}: {page_title(diffs)}")
        else:
            return options.EXIT_NOT_FOUND
    elif args.format == "json":
        out = {"url": found.url, "diffs": [diff_data(d) for d in diffs]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    elif diffs:
        color = wants_color(sys.stdout, os.environ, args.color)
        print("\n\n".join(render_text(d, color=color) for d in diffs))
    return options.EXIT_OK


def _changes(args: argparse.Namespace) -> int:
    now = options.now_of(args)
    try:
        since = parse_since(args.since, now) if args.since else None
    except ValueError as exc:
        print(f"newscrawl changes: --since: {exc}", file=sys.stderr)
        return options.EXIT_USAGE
    with closing(options.store_of(args)) as store:
        docs = _latest(store, args, now=now, since=since)
        if not docs:
            check_source(store, args.source)
    found = [Change.from_doc(doc) for doc in docs]
    if args.json:
        out = [change_data(c) for c in found]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print("\n".join(format_changes(found)))
    return options.EXIT_OK


def _latest(
    store: ArticleStore,
    args: argparse.Namespace,
    *,
    now: datetime,
    since: datetime | None = None,
) -> list[dict[str, Any]]:
    """The newest changes the options ask for (source, since, limit, minor ones)."""
    return queries.changes(
        store,
        now=now,
        source=args.source,
        since=since,
        limit=args.limit,
        include_minor=args.all,
    )


def _feed(args: argparse.Namespace) -> int:
    # Imported here: the other commands need no feed generator.
    from newscrawl.render.feeds import article_feed, source_feed

    now = options.now_of(args)
    shown = {"now": now, "atom": args.atom}
    with closing(options.store_of(args)) as store:
        if args.article:
            article = find_article(store, args.article).article
            changes = queries.article_changes(
                store, article["_id"], include_minor=args.all, limit=args.limit
            )
            pairs = queries.with_previous(store, changes)
            xml = article_feed(article, pairs, **shown)
        else:
            changes = _latest(store, args, now=now)
            if not changes:
                check_source(store, args.source)
            pairs = queries.with_previous(store, changes)
            xml = source_feed(args.source, pairs, **shown)
    if not args.output:
        sys.stdout.buffer.write(xml)
        return options.EXIT_OK
    if not options.write_file(args, args.output, xml):
        return options.EXIT_NOT_FOUND
    kind = "Atom" if args.atom else "RSS"
    print(f"Wrote {args.output}: {kind} feed of {plural(len(pairs), 'change')}")
    return options.EXIT_OK
