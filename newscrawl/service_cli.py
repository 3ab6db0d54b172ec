"""The long-running ``newscrawl`` services: ``db serve`` and ``schedule``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from newscrawl.embedded import EmbeddedStoreError, default_data_dir, serve

logger = logging.getLogger(__name__)


def _db_serve(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()

    def ready(uri: str) -> None:
        print(
            f"Serving the store in {data_dir} on {args.host}:{args.port} "
            "until Ctrl-C or SIGTERM. Clients use:",
            flush=True,
        )
        print(f"MONGO_URI={uri}", flush=True)

    try:
        serve(data_dir, host=args.host, port=args.port, on_ready=ready)
    except EmbeddedStoreError as exc:
        print(f"newscrawl db serve: {exc}", file=sys.stderr)
        return 1
    print("newscrawl db serve: stopped", flush=True)
    return 0


def _schedule(args: argparse.Namespace) -> int:
    from newscrawl.scheduler import run_from_args

    return run_from_args(args)


def add_service_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``db serve`` and ``schedule`` to the ``newscrawl`` command."""
    db = commands.add_parser("db", help="the embedded store as a standalone server")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    db_serve = db_commands.add_parser(
        "serve",
        help="serve the embedded store on a fixed host and port until stopped",
    )
    db_serve.add_argument("--host", default="127.0.0.1", help="address (127.0.0.1)")
    db_serve.add_argument("--port", type=int, default=27017, help="port (27017)")
    db_serve.add_argument(
        "--data-dir",
        default=os.environ.get("NEWSCRAWL_DATA_DIR") or None,
        help="data directory (default: $NEWSCRAWL_DATA_DIR, "
        "else ~/.local/share/newscrawl)",
    )
    db_serve.set_defaults(run=_db_serve)

    schedule = commands.add_parser(
        "schedule", help="run spiders on Scrapyd nodes every N minutes, until stopped"
    )
    schedule.add_argument(
        "--scrapyd",
        action="append",
        required=True,
        metavar="URL",
        help="a Scrapyd node (repeat for several; user:password@ for basic auth)",
    )
    schedule.add_argument(
        "--spider",
        action="append",
        default=[],
        metavar="NAME[=EVERY]",
        help="a spider to run, with its interval (guardian=15m); "
        "default: every spider of the project at $NEWSCRAWL_SCHEDULE_EVERY",
    )
    schedule.add_argument("--project", default="newscrawl", help="Scrapyd project")
    schedule.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting passed to every job (repeatable)",
    )
    schedule.add_argument(
        "--arg",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a spider argument passed to every job, e.g. base_url=... (repeatable)",
    )
    schedule.set_defaults(run=_schedule)
