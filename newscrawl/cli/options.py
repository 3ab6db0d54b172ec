"""What the ``newscrawl`` subcommands share: store options, exit codes, output files."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from newscrawl.clock import clock_from_setting
from newscrawl.store.articles import ArticleStore
from newscrawl.store.connection import open_store

# 0 ok, 1 not found or not reachable, 2 usage error (argparse's own code).
EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE = 0, 1, 2

ARTICLE_HELP = "article URL, version URL (URL#v2) or a unique part of a URL"


def add_store_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that say which store to open (and the hidden fixed clock)."""
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
    add_data_dir_option(parser, help="embedded store's data directory")
    parser.add_argument(
        "--now",
        default=os.environ.get("NEWSCRAWL_NOW", ""),
        help=argparse.SUPPRESS,  # a fixed clock, for tests and replays
    )


def add_data_dir_option(parser: argparse.ArgumentParser, *, help: str) -> None:
    """Add ``--data-dir``, defaulting to $NEWSCRAWL_DATA_DIR."""
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("NEWSCRAWL_DATA_DIR") or None,
        help=f"{help} (default: $NEWSCRAWL_DATA_DIR, else ~/.local/share/newscrawl)",
    )


def store_of(args: argparse.Namespace) -> ArticleStore:
    """Open the store the options name; StoreUnavailable says why not."""
    return open_store(
        uri=args.mongo_uri, database=args.database, data_dir=args.data_dir
    )


def now_of(args: argparse.Namespace) -> datetime:
    """Return "now": the real time, or the fixed one of ``--now``."""
    return clock_from_setting(args.now)()


def write_file(args: argparse.Namespace, path: str, data: bytes) -> bool:
    """Write *data* to *path*; say why not in one line and return False."""
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        cannot_write(args, path, exc)
        return False
    return True


def cannot_write(args: argparse.Namespace, path: str, exc: OSError) -> None:
    """Say in one line that *path* could not be written, and why."""
    message = f"newscrawl {args.command}: cannot write {path}: {exc.strerror}"
    print(message, file=sys.stderr)


def positive(text: str) -> int:
    """argparse type: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return value
