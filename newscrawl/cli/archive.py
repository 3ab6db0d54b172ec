"""``newscrawl reparse`` and ``rejected``: the page archive read again with
today's parsers, and the pages the parsers turned down."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from contextlib import closing
from typing import Any

from scrapy.utils.project import get_project_settings

from newscrawl.changes.lookup import find_article
from newscrawl.cli import options
from newscrawl.crawl.config import CrawlConfig
from newscrawl.render.text import format_rejected
from newscrawl.render.times import plural
from newscrawl.reread import reread
from newscrawl.store import archive


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``reparse`` and ``rejected`` to the ``newscrawl`` command."""
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

    rejected = commands.add_parser(
        "rejected",
        help="the last pages each source's parser turned down, and why",
    )
    rejected.add_argument("--source", help="only this source's pages")
    rejected.add_argument("--reason", help="only pages rejected for this reason")
    rejected.add_argument(
        "--warc", metavar="FILE", help="write the pages themselves to a WARC file"
    )
    options.add_store_options(rejected)
    rejected.set_defaults(run=_rejected)


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


def _rejected(args: argparse.Namespace) -> int:
    with closing(options.store_of(args)) as store:
        pages = archive.rejected_pages(store, source=args.source, reason=args.reason)
        if args.warc:
            return write_warc_file(args, args.warc, pages)
        found = list(pages)
    if not found:
        print("No rejected pages kept.")
        return options.EXIT_OK
    print("\n".join(format_rejected(found)))
    return options.EXIT_OK


def write_warc_file(
    args: argparse.Namespace, path: str, pages: Iterable[Mapping[str, Any]]
) -> int:
    """Write *pages* to the WARC file *path*, leaving out the damaged ones with
    a line each; say what was written, or in one line why nothing was."""
    from newscrawl.render.warc import write_warc  # warcio only when asked

    damaged = 0

    def skip(page: Mapping[str, Any], exc: archive.CorruptPage) -> None:
        nonlocal damaged
        damaged += 1
        which = f"version {page['version']} of " if "version" in page else ""
        print(
            f"newscrawl {args.command}: left out {which}{page['url']}:"
            f" its archived page is damaged ({exc})",
            file=sys.stderr,
        )

    try:
        with open(path, "wb") as out:
            written = write_warc(out, pages, damaged=skip)
    except OSError as exc:
        options.cannot_write(args, path, exc)
        return options.EXIT_NOT_FOUND
    print(f"Wrote {plural(written, 'page')} to {path}.", file=sys.stderr)
    return options.EXIT_NOT_FOUND if damaged else options.EXIT_OK
