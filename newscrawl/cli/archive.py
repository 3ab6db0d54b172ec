"""``newscrawl reparse``: the page archive read again with today's parsers."""

from __future__ import annotations

import argparse
import sys
from contextlib import closing

from scrapy.utils.project import get_project_settings

from newscrawl.changes.lookup import find_article
from newscrawl.cli import options
from newscrawl.crawl.config import CrawlConfig
from newscrawl.reread import reread


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``reparse`` to the ``newscrawl`` command."""
    reparse = commands.add_parser(
        "reparse",
        help="read archived pages again with today's parsers; store what differs "
        "as parser changes",
    )
    which = reparse.add_mutually_exclusive_group()
    which.add_argument("--source", help="only this source's articles")
    which.add_argument("--article", help=options.ARTICLE_HELP)
    reparse.add_argument(
        "--dry-run", action="store_true", help="say what would change; store nothing"
    )
    reparse.add_argument(
        "--verbose", action="store_true", help="a line per article read"
    )
    options.add_store_options(reparse)
    reparse.set_defaults(run=_reparse)


def _reparse(args: argparse.Namespace) -> int:
    try:
        config = CrawlConfig.from_settings(get_project_settings())
    except ValueError as exc:
        print(f"newscrawl reparse: {exc}", file=sys.stderr)
        return options.EXIT_USAGE
    rules = {
        "min_body_words": config.min_body_words,
        "include_liveblogs": True,  # a live blog tracked once is read as one
        "max_text_bytes": config.max_text_bytes,
    }

    def progress(source: str, url: str, outcome: str) -> None:
        if args.verbose or outcome.startswith("failed"):
            print(f"{source}: {url}: {outcome}", flush=True)

    with closing(options.store_of(args)) as store:
        article = find_article(store, args.article).url if args.article else None
        tallies = reread(
            store,
            now=options.now_of(args),
            rules=rules,
            source=args.source,
            article=article,
            dry_run=args.dry_run,
            progress=progress,
        )
    if not tallies:
        print("No archived pages to read.")
        return options.EXIT_OK
    would = " (dry run: nothing stored)" if args.dry_run else ""
    for source, tally in sorted(tallies.items()):
        print(
            f"{source}: {tally['read']} pages read, {tally['unchanged']} unchanged,"
            f" {tally['corrected']} corrected, {tally['failed']} failed,"
            f" {tally['skipped'] + tally['stale']} skipped{would}"
        )
    return options.EXIT_NOT_FOUND if any(t["failed"] for t in tallies.values()) else 0
