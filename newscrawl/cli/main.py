"""The ``newscrawl`` command: its parser, and one line for each error a user meets."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from newscrawl.changes.lookup import NotFound
from newscrawl.cli import archive, changes, demo, export, health, services, tracking
from newscrawl.cli.options import EXIT_NOT_FOUND
from newscrawl.store.connection import exit_without_waiting
from newscrawl.store.errors import StoreUnavailable


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``newscrawl`` command."""
    parser = argparse.ArgumentParser(
        prog="newscrawl",
        description="Inspect what newscrawl extracts and stores. "
        "Crawls run with: scrapy crawl <source>.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (demo, tracking, changes, export, archive, health, services):
        group.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``newscrawl`` command; return its exit code."""
    args = build_parser().parse_args(argv)
    exit_without_waiting()
    try:
        return args.run(args)
    except (StoreUnavailable, NotFound) as exc:
        print(f"newscrawl {args.command}: {exc}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (newscrawl export | head): stop without a word,
        # and without Python's own complaint as it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_NOT_FOUND
