"""``newscrawl health``: which sources are unhealthy, judged on their own history."""

from __future__ import annotations

import argparse
import json
from contextlib import closing

from newscrawl.cli import options
from newscrawl.health import verdicts
from newscrawl.render.json import verdict_data
from newscrawl.render.text import format_health


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``health`` to the ``newscrawl`` command."""
    health = commands.add_parser(
        "health",
        help="each source's health from its recent crawls; exit 1 if one is unhealthy",
    )
    health.add_argument("--source", help="only this source")
    health.add_argument("--json", action="store_true", help="print JSON")
    options.add_store_options(health)
    health.set_defaults(run=_health)


def _health(args: argparse.Namespace) -> int:
    now = options.now_of(args)
    with closing(options.store_of(args)) as store:
        found = verdicts(store, args.source, now=now)
    if args.json:
        rows = [verdict_data(v) for v in found]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print("\n".join(format_health(found)))
    unhealthy = any(v.state == "unhealthy" for v in found)
    return options.EXIT_NOT_FOUND if unhealthy else options.EXIT_OK
