"""The ``newscrawl`` command: inspect parsers and the store without writing queries."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from newscrawl.normalize import normalize_item
from newscrawl.parsers import PARSERS
from newscrawl.store import StoreUnavailable, open_store

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
        rows = store.summary()
    finally:
        store.close()
    if args.json:
        print(json.dumps(rows, default=_iso, indent=2))
        return EXIT_OK
    print(f"Store: {store.description}, database {args.database!r}")
    if not rows:
        print("No articles stored yet. Run: scrapy crawl guardian")
        return EXIT_OK
    header = ("source", "articles", "versions", "changes", "changed", "last checked")
    table = [
        (
            row["source"],
            str(row["articles"]),
            str(row["versions"]),
            str(row["changes"]),
            str(row["changed_articles"]),
            row["last_checked"].strftime("%Y-%m-%d %H:%M UTC")
            if row["last_checked"]
            else "-",
        )
        for row in rows
    ]
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
    for row in [header, *table]:
        print(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
        )
    return EXIT_OK


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``newscrawl`` command; return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except StoreUnavailable as exc:
        print(f"newscrawl {args.command}: {exc}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
