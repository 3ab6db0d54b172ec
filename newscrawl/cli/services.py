"""The long-running ``newscrawl`` services: ``db serve``, ``serve`` and ``schedule``."""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import os
import shlex
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from newscrawl.cli import options
from newscrawl.clock import Clock, clock_from_setting
from newscrawl.store.articles import ArticleStore
from newscrawl.store.embedded import EmbeddedStoreError, default_data_dir, serve

logger = logging.getLogger(__name__)


def _db_serve(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    if not _loopback(args.host):
        # The embedded store has no users and no passwords: anyone who
        # reaches the port can read and change every article.
        exposure = (
            f"--host {args.host} serves the store to other machines, readable"
            " and writable without a password"
        )
        if not args.public:
            print(
                f"newscrawl db serve: {exposure}; add --public if that is what you"
                " want, or use a MongoDB server with users and TLS"
                " (docs/deployment.md)",
                file=sys.stderr,
            )
            return options.EXIT_USAGE
        print(f"newscrawl db serve: warning: {exposure}", file=sys.stderr, flush=True)

    def ready(uri: str) -> None:
        print(
            f"Serving the store in {data_dir} on {args.host}:{args.port} "
            "until Ctrl-C or SIGTERM. Clients use:",
            flush=True,
        )
        # Quoted: pasted before a command, an unquoted & would end it there.
        print(f"MONGO_URI={shlex.quote(uri)}", flush=True)

    try:
        serve(data_dir, host=args.host, port=args.port, on_ready=ready)
    except EmbeddedStoreError as exc:
        print(f"newscrawl db serve: {exc}", file=sys.stderr)
        return options.EXIT_NOT_FOUND
    print("newscrawl db serve: stopped", flush=True)
    return options.EXIT_OK


def _loopback(host: str) -> bool:
    """Whether *host* is an address of this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: it may resolve anywhere


def listen(host: str, port: int) -> socket.socket:
    """Return a socket listening on *host*:*port*; OSError when it cannot."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _server_class(base: type) -> type:
    """Return uvicorn's Server, stopping on SIGINT/SIGTERM without dying of them."""

    class Server(base):  # type: ignore[misc, valid-type]
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            # uvicorn re-raises the signal after shutting down, which would
            # skip closing the store (and releasing an embedded server).
            handled = (signal.SIGINT, signal.SIGTERM)
            previous = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

    return Server


def _serve(args: argparse.Namespace) -> int:
    try:
        clock = clock_from_setting(args.now)
    except ValueError as exc:
        print(f"newscrawl serve: {exc}", file=sys.stderr)
        return options.EXIT_USAGE
    try:
        sock = listen(args.host, args.port)
    except OSError as exc:
        print(
            f"newscrawl serve: cannot listen on {args.host}:{args.port}: "
            f"{exc.strerror or exc}",
            file=sys.stderr,
        )
        return options.EXIT_NOT_FOUND
    # StoreUnavailable goes up to main(), which prints it in one line.
    try:
        store = options.store_of(args)
    except BaseException:
        sock.close()
        raise
    try:
        print(
            f"Serving the viewer of {store.description} (database "
            f"{args.database!r}) at {viewer_url(sock)} until Ctrl-C or SIGTERM",
            flush=True,
        )
        run_viewer(
            store,
            sock,
            clock=clock,
            cache_seconds=args.cache_seconds,
            on_ready=lambda said: print(said, flush=True),
            log_level=args.log_level,
        )
    finally:
        sock.close()
        store.close()
    print("newscrawl serve: stopped", flush=True)
    return options.EXIT_OK


def viewer_url(sock: socket.socket) -> str:
    """Return the address of the viewer listening on *sock*."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run_viewer(
    store: ArticleStore,
    sock: socket.socket,
    *,
    clock: Clock,
    cache_seconds: float = 15.0,
    log_level: str = "warning",
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the viewer of *store* on *sock* until Ctrl-C or SIGTERM."""
    # Imported here: the other commands need neither the web stack nor uvicorn.
    import uvicorn

    from newscrawl.web import create_app

    config = uvicorn.Config(
        create_app(store, clock=clock, cache_seconds=cache_seconds, on_ready=on_ready),
        log_level=log_level,
        access_log=log_level == "debug",
        server_header=False,
    )
    _server_class(uvicorn.Server)(config).run(sockets=[sock])


def _schedule(args: argparse.Namespace) -> int:
    # Imported here: the other commands need no scheduler.
    from newscrawl.scrapyd import scheduler
    from newscrawl.scrapyd.client import Node

    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(message)s",
    )
    # Our own line per decision says it all; APScheduler's per-run lines repeat it.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    every = os.environ.get("NEWSCRAWL_SCHEDULE_EVERY") or scheduler.DEFAULT_EVERY
    try:
        nodes = [Node.parse(url) for url in args.scrapyd]
        chosen = args.spider or scheduler.project_spiders()
        spiders = scheduler.parse_spiders(chosen, default_every=every)
        settings = scheduler.parse_pairs(args.setting, "--setting")
        spider_args = scheduler.parse_pairs(args.arg, "--arg")
    except ValueError as exc:
        print(f"newscrawl schedule: {exc}", file=sys.stderr)
        return options.EXIT_USAGE
    for spider, seconds in spiders.items():
        logger.info("%s: every %gs on %d node(s)", spider, seconds, len(nodes))
    jobs = scheduler.Scheduler(
        nodes, project=args.project, settings=settings, args=spider_args
    )
    scheduler.run(jobs, spiders)
    return options.EXIT_OK


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``db serve``, ``schedule`` and ``serve`` to the ``newscrawl`` command."""
    db = commands.add_parser("db", help="the embedded store as a standalone server")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    db_serve = db_commands.add_parser(
        "serve",
        help="serve the embedded store on a fixed host and port until stopped",
    )
    db_serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address (127.0.0.1); another than loopback needs --public",
    )
    db_serve.add_argument(
        "--public",
        action="store_true",
        help="serve on an address other machines reach: the store has no "
        "passwords, so only on a network you trust",
    )
    db_serve.add_argument("--port", type=int, default=27017, help="port (27017)")
    options.add_data_dir_option(db_serve, help="data directory")
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

    serve = commands.add_parser(
        "serve", help="the web viewer: latest changes, histories, diffs, feeds, JSON"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address (127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=8000, help="port (8000; 0 picks a free one)"
    )
    serve.add_argument(
        "--log-level",
        default="warning",
        choices=("critical", "error", "warning", "info", "debug"),
        help="server log level (warning; debug also logs every request)",
    )
    serve.add_argument(
        "--cache-seconds",
        type=float,
        default=15.0,
        metavar="S",
        help="read the lists of latest changes and the source feeds again after "
        "S seconds, the counts per source after 4 x S (15; 0: on every request)",
    )
    options.add_store_options(serve)
    serve.set_defaults(run=_serve)
