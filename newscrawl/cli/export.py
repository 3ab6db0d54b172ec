"""``newscrawl export``: articles, versions or changes as JSON lines or CSV, or
the archived pages as WARC."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from contextlib import closing, nullcontext
from typing import IO, Any

from newscrawl.changes.lookup import check_source, find_article
from newscrawl.cli import options
from newscrawl.cli.archive import write_warc_file
from newscrawl.render import export
from newscrawl.render.times import parse_since, plural
from newscrawl.store import archive, queries


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``export`` to the ``newscrawl`` command."""
    parser = commands.add_parser(
        "export",
        help="articles, versions or changes as JSON lines or CSV, for pandas, "
        "spreadsheets and the like (columns: docs/export.md)",
    )
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    rows = parser.add_mutually_exclusive_group()
    rows.add_argument(
        "--versions", action="store_true", help="a row per version, with its text"
    )
    rows.add_argument(
        "--changes",
        action="store_true",
        help="a row per change by the publisher (default: a row per article)",
    )
    parser.add_argument("--source", help="only this source's")
    parser.add_argument(
        "--since",
        help="only those fetched (articles: changed) since an age (30m, 24h, 7d) "
        "or a date",
    )
    parser.add_argument("--all", action="store_true", help="--changes: minor ones too")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    parser.add_argument(
        "--warc",
        metavar="FILE",
        help="instead: the archived pages, as they were served, as WARC 1.1 "
        "(FILE.warc.gz; docs/operations.md)",
    )
    parser.add_argument(
        "--article", help=f"--warc: only this article's pages ({options.ARTICLE_HELP})"
    )
    options.add_store_options(parser)
    parser.set_defaults(run=_export)


def _export(args: argparse.Namespace) -> int:
    try:
        since = parse_since(args.since, options.now_of(args)) if args.since else None
    except ValueError as exc:
        print(f"newscrawl export: --since: {exc}", file=sys.stderr)
        return options.EXIT_USAGE
    if clash := _warc_clash(args):
        print(f"newscrawl export: {clash}", file=sys.stderr)
        return options.EXIT_USAGE
    filters = {"source": args.source, "since": since}
    with closing(options.store_of(args)) as store:
        check_source(store, args.source)
        if args.warc:
            article = find_article(store, args.article).url if args.article else None
            pages = archive.archived_pages(
                store, source=args.source, article=article, since=since
            )
            return write_warc_file(args, args.warc, pages)
        if args.changes:
            pairs = queries.changes_in_order(store, include_minor=args.all, **filters)
            rows = (export.change_row(before, doc) for before, doc in pairs)
            columns: tuple[str, ...] = export.CHANGE_COLUMNS
        elif args.versions:
            docs = queries.versions_in_order(store, **filters)
            rows = (export.version_row(doc) for doc in docs)
            columns = export.VERSION_COLUMNS
        else:
            docs = queries.articles_in_order(store, **filters)
            rows = (export.article_row(doc) for doc in docs)
            columns = export.ARTICLE_COLUMNS
        try:
            target = (
                open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
                if args.output
                else nullcontext(sys.stdout)
            )
        except OSError as exc:
            options.cannot_write(args, args.output, exc)
            return options.EXIT_NOT_FOUND
        with target as out:
            count = _write(args.format, rows, columns, out)
    if args.output:
        print(f"Wrote {args.output}: {plural(count, 'row')}")
    return options.EXIT_OK


def _write(
    kind: str, rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: IO[str]
) -> int:
    """Write *rows* to *out* in the format *kind*; return how many."""
    if kind == "csv":
        return export.write_csv(rows, columns, out)
    return export.write_jsonl(rows, out)


def _warc_clash(args: argparse.Namespace) -> str | None:
    """Say which options do not go with --warc (or --article without it)."""
    if not args.warc:
        return "--article goes with --warc" if args.article else None
    given = [
        name
        for name, value in (
            ("--versions", args.versions),
            ("--changes", args.changes),
            ("--all", args.all),
            ("-o", args.output),
            ("--format", args.format != "jsonl"),
        )
        if value
    ]
    return f"--warc writes pages; it takes no {', '.join(given)}" if given else None
