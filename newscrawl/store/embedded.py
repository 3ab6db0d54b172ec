"""The embedded store: a SecantusDB server on loopback, shared by local commands.

Several newscrawl commands (a crawl, a summary, a second crawl) may use the
same data directory at once. The first one starts a small supervisor process
(``python -m newscrawl.store.embedded``) which runs ``secantusd-py`` on a free
loopback port and records it in ``server.json``; later ones find it there
and connect to it. Every command holds a shared lock on ``clients.lock``
while it uses the server; once no command has held that lock for the idle
period (``NEWSCRAWL_STORE_IDLE``, set by the command that starts the server),
the supervisor stops the server, also when its users were killed. Meanwhile
the next command finds it running and starts at once instead of waiting
seconds for a server to start and stop. WiredTiger's own lock keeps a second
server off the same data.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)

SERVER_FILE = "server.json"
_POLL = 0.25
#: Seconds an on-demand server stays up after its last command ended.
DEFAULT_IDLE = 300.0
IDLE_VARIABLE = "NEWSCRAWL_STORE_IDLE"


class EmbeddedStoreError(RuntimeError):
    """The embedded store could not be started or reached."""


def default_data_dir() -> Path:
    """Return ``$NEWSCRAWL_DATA_DIR``, else the per-user data directory."""
    if env := os.environ.get("NEWSCRAWL_DATA_DIR"):
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(xdg) / "newscrawl"


def idle_period(value: str | float | None = None) -> float:
    """Return the idle period: *value*, else ``$NEWSCRAWL_STORE_IDLE``, else 300 s.

    Raises ValueError naming a value that is no number of seconds.
    """
    if value is None or value == "":
        value = os.environ.get(IDLE_VARIABLE) or DEFAULT_IDLE
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ValueError(
            f"{IDLE_VARIABLE} must be a number of seconds (0 or more), not {value!r}"
        )
    return seconds


def _server_command() -> list[str]:
    # Prefer the launcher beside this interpreter: the one from our own venv.
    beside = Path(sys.executable).with_name("secantusd-py")
    found = str(beside) if beside.exists() else shutil.which("secantusd-py")
    if not found:
        raise EmbeddedStoreError(
            "the embedded store needs SecantusDB (pip install SecantusDB), "
            "or set MONGO_URI to a MongoDB server"
        )
    return [found]


def server_args(data_dir: Path, host: str, port: int) -> list[str]:
    """The command that runs the server on *host*:*port* with its data in *data_dir*."""
    return [
        *_server_command(),
        "--host",
        host,
        "--port",
        str(port),
        "--storage-path",
        str(data_dir / "db"),
        "--log-level",
        "WARNING",
        # No replica-set advertisement: the server then keeps no oplog, which
        # only change streams read and newscrawl opens none. Without it every
        # write costs about a fifth less of the server's CPU.
        "--standalone",
    ]


#: The options of every URI of the embedded server. One local node: retryable
#: writes buy nothing and cost the server a scan of its recent-writes table on
#: every write. Journaled writes: a write is acknowledged once it is in the
#: journal on disk, so a server killed at any moment loses no write it
#: acknowledged (without it, a kill -9 lost some: docs/reliability.md).
URI_OPTIONS = "directConnection=true&retryWrites=false&journal=true"


def _die_with_parent() -> None:
    """In a server about to start: get SIGTERM when the process that started it
    dies, however it dies (Linux), so that no server outlives its keeper."""
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def _uri(port: int) -> str:
    return f"mongodb://127.0.0.1:{port}/?{URI_OPTIONS}"


def ping(uri: str, *, timeout: float = 1.0) -> bool:
    """Return whether a MongoDB server answers at *uri* within *timeout* seconds."""
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    client: MongoClient = MongoClient(
        uri, serverSelectionTimeoutMS=int(timeout * 1000), connect=False
    )
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


def _alive(pid: int) -> bool:
    # The supervisor may be our own child: reap it, or it lingers as a zombie.
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # Exited, but another process's child not yet reaped (an idle supervisor
    # outlives the command that started it): a zombie is no server.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc: take the signal's word for it
    return stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]


def _read_server(data_dir: Path) -> dict | None:
    try:
        info = json.loads((data_dir / SERVER_FILE).read_text())
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lock_file(path: Path) -> IO[str]:
    return open(path, "a+")  # noqa: SIM115 - held open for the lock's lifetime


def _open_start_lock(data_dir: Path) -> IO[str]:
    """Create *data_dir* if needed and open its start lock."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        return _lock_file(data_dir / "start.lock")
    except OSError as exc:
        raise EmbeddedStoreError(
            f"the embedded store cannot use data directory {data_dir}: {exc.strerror}"
        ) from None


class EmbeddedStore:
    """A handle on the embedded server of one data directory."""

    def __init__(self, data_dir: Path, uri: str, clients: IO[str]) -> None:
        self.data_dir = data_dir
        self.uri = uri
        self._clients = clients

    @classmethod
    def acquire(
        cls, data_dir: Path, *, idle: float | None = None, timeout: float = 60.0
    ) -> EmbeddedStore:
        """Connect to the data directory's server, starting one if none runs.

        A server started here stays up *idle* seconds (default: idle_period())
        after its last user released it; a running one keeps its own period.
        """
        try:
            idle = idle_period(idle)
        except ValueError as exc:
            raise EmbeddedStoreError(str(exc)) from None
        start = _open_start_lock(data_dir)
        clients = _lock_file(data_dir / "clients.lock")
        try:
            fcntl.flock(start, fcntl.LOCK_EX)
            # Shared lock first, so the supervisor never sees zero clients
            # between our start and our first query.
            fcntl.flock(clients, fcntl.LOCK_SH)
            info = _read_server(data_dir)
            if info and _alive(info["pid"]) and ping(_uri(info["port"])):
                return cls(data_dir, _uri(info["port"]), clients)
            (data_dir / SERVER_FILE).unlink(missing_ok=True)
            uri = _start_supervisor(data_dir, idle=idle, timeout=timeout)
            return cls(data_dir, uri, clients)
        except BaseException:
            clients.close()
            raise
        finally:
            start.close()

    def release(self, *, wait: float = 30.0) -> None:
        """Stop using the server; stop it too if no other command uses it and
        its idle period is 0 (else its supervisor stops it after that period)."""
        if self._clients.closed:
            return
        with _lock_file(self.data_dir / "start.lock") as start:
            fcntl.flock(start, fcntl.LOCK_EX)
            fcntl.flock(self._clients, fcntl.LOCK_UN)
            unused = _try_lock(self._clients, fcntl.LOCK_EX)
            self._clients.close()
            info = _read_server(self.data_dir)
            if unused and info and not info.get("idle"):
                _stop_supervisor(info, wait=wait)


def _try_lock(file: IO[str], kind: int) -> bool:
    """Take the lock *kind* on *file* if no one holds a conflicting one; say so."""
    try:
        fcntl.flock(file, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _stop_supervisor(info: dict, *, wait: float) -> None:
    """Ask the supervisor of *info* to stop its server; wait until it has."""
    if not _alive(info["pid"]):
        return
    os.kill(info["pid"], signal.SIGTERM)
    deadline = time.monotonic() + wait
    while _alive(info["pid"]) and time.monotonic() < deadline:
        time.sleep(0.05)


def stop_idle(data_dir: Path, *, wait: float = 30.0) -> None:
    """Stop the data directory's on-demand server now, unless a command uses it."""
    with _open_start_lock(data_dir) as start:
        fcntl.flock(start, fcntl.LOCK_EX)
        with _lock_file(data_dir / "clients.lock") as clients:
            info = _read_server(data_dir)
            if (
                info
                and not info.get("standalone")
                and _try_lock(clients, fcntl.LOCK_EX)
            ):
                _stop_supervisor(info, wait=wait)


def _start_supervisor(data_dir: Path, *, idle: float, timeout: float) -> str:
    port = _free_port()
    log = open(data_dir / "server.log", "ab")  # noqa: SIM115 - child keeps it
    with log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newscrawl.store.embedded",
                str(data_dir),
                str(port),
                f"--idle={idle:g}",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            # Its own session: a Ctrl-C meant for one crawl must not stop a
            # server that other commands are using.
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise EmbeddedStoreError(
                f"the embedded store did not start (data directory {data_dir}): "
                f"{_last_error(data_dir / 'server.log')}"
            )
        if _read_server(data_dir) and ping(_uri(port), timeout=0.5):
            logger.info("Embedded store started on 127.0.0.1:%d (%s)", port, data_dir)
            return _uri(port)
        time.sleep(_POLL)
    proc.terminate()
    raise EmbeddedStoreError(
        f"the embedded store did not answer within {timeout:.0f}s "
        f"(see {data_dir / 'server.log'})"
    )


def _last_error(log_path: Path) -> str:
    try:
        lines = log_path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return "no log"
    for line in reversed(lines):
        if "already being managed by another process" in line:
            return "another process is using this data directory"
    return lines[-1] if lines else "no output"


def _supervise(data_dir: Path, port: int, idle: float) -> int:
    """Run the server until no command has held the clients lock for *idle*
    seconds; return an exit code."""
    server = subprocess.Popen(
        server_args(data_dir, "127.0.0.1", port),
        stdin=subprocess.DEVNULL,
        preexec_fn=_die_with_parent,  # safe: no threads run here yet
    )
    stopping = False

    def _stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    info = {"pid": os.getpid(), "server_pid": server.pid, "port": port, "idle": idle}
    try:
        while not ping(_uri(port), timeout=0.5):
            if server.poll() is not None or stopping:
                return 1
            time.sleep(_POLL)
        (data_dir / SERVER_FILE).write_text(json.dumps(info))
        unused_since: float | None = None
        with _lock_file(data_dir / "clients.lock") as clients:
            while not stopping and server.poll() is None:
                time.sleep(_POLL)
                unused_since = _stop_if_idle(
                    data_dir, clients, server, info, unused_since
                )
                if server.poll() is not None:
                    return 0
        return 0 if stopping else 1
    finally:
        _stop_server(data_dir, server, info)


def _stop_if_idle(
    data_dir: Path,
    clients: IO[str],
    server: subprocess.Popen,
    info: dict,
    unused_since: float | None,
) -> float | None:
    """Stop the server once no command has used it for its idle period.

    Returns since when (monotonic) it has been unused, None while in use.
    """
    with _lock_file(data_dir / "start.lock") as start:
        # Never block here: the last client may hold this lock while it
        # waits for us to act on its SIGTERM.
        if not _try_lock(start, fcntl.LOCK_EX):
            return unused_since
        if not _try_lock(clients, fcntl.LOCK_EX):
            return None
        now = time.monotonic()
        if unused_since is None:
            unused_since = now
        if now - unused_since >= info["idle"]:
            # Still under the start lock: no new client can attach to a
            # server that is going away, nor start a second one on data
            # still locked.
            _stop_server(data_dir, server, info)
        else:
            fcntl.flock(clients, fcntl.LOCK_UN)
        return unused_since


def stop_process(proc: subprocess.Popen, *, timeout: float = 30) -> None:
    """Terminate *proc*, and kill it if it has not exited after *timeout* seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _stop_server(data_dir: Path, server: subprocess.Popen, info: dict) -> None:
    stop_process(server)
    if _read_server(data_dir) == info:
        with contextlib.suppress(OSError):
            (data_dir / SERVER_FILE).unlink()


def client_uri(host: str, port: int) -> str:
    """Return the URI clients use for a standalone server on *host*:*port*."""
    # A wildcard address is not one a client can dial; loopback reaches it.
    dial = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    if ":" in dial:
        dial = f"[{dial}]"
    return f"mongodb://{dial}:{port}/?{URI_OPTIONS}"


def serve(
    data_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 27017,
    on_ready: Callable[[str], None] | None = None,
    timeout: float = 60.0,
) -> None:
    """Serve *data_dir* on *host*:*port* until SIGTERM or SIGINT (``db serve``).

    Raises EmbeddedStoreError if a command uses an on-demand server of the
    data directory (one only waiting out its idle period is stopped) or the
    server does not start. While it runs, local commands on
    the same data directory find it in ``server.json`` and use it, and its
    shared hold on ``clients.lock`` keeps them from stopping it.
    """
    start = _open_start_lock(data_dir)
    clients = _lock_file(data_dir / "clients.lock")
    stopping = False

    def _stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {
        sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)
    }
    server: subprocess.Popen | None = None
    info: dict = {}
    try:
        with start:
            fcntl.flock(start, fcntl.LOCK_EX)
            running = _read_server(data_dir)
            if running and _alive(running["pid"]) and ping(_uri(running["port"])):
                if running.get("standalone") or not _try_lock(clients, fcntl.LOCK_EX):
                    by = (
                        "newscrawl db serve"
                        if running.get("standalone")
                        else "another newscrawl command; stop that command first"
                    )
                    raise EmbeddedStoreError(
                        f"an embedded store already runs on {data_dir} (pid "
                        f"{running['pid']}, port {running['port']}), started by {by}"
                    )
                # Only waiting out its idle period: served by us from now on.
                _stop_supervisor(running, wait=timeout)
                fcntl.flock(clients, fcntl.LOCK_UN)
            # Else our readiness ping could be answered by whatever holds it.
            _check_port_free(host, port)
            fcntl.flock(clients, fcntl.LOCK_SH)
            server = _start_standalone(data_dir, host, port)
            uri = client_uri(host, port)
            deadline = time.monotonic() + timeout
            while not ping(uri, timeout=0.5):
                if server.poll() is not None:
                    raise EmbeddedStoreError(
                        f"the store did not start on {host}:{port}: "
                        f"{_last_error(data_dir / 'server.log')}"
                    )
                if stopping or time.monotonic() > deadline:
                    raise EmbeddedStoreError(
                        f"the store did not answer on {host}:{port} "
                        f"(see {data_dir / 'server.log'})"
                    )
                time.sleep(_POLL)
            info = {"pid": os.getpid(), "server_pid": server.pid, "port": port}
            info["standalone"] = True
            (data_dir / SERVER_FILE).write_text(json.dumps(info))
        if on_ready:
            on_ready(uri)
        while not stopping and server.poll() is None:
            time.sleep(_POLL)
        if not stopping:
            last = _last_error(data_dir / "server.log")
            raise EmbeddedStoreError(f"the store stopped unexpectedly: {last}")
    finally:
        if server is not None:
            _stop_server(data_dir, server, info)
        clients.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        # As a server binds: closed connections in TIME_WAIT do not count.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise EmbeddedStoreError(
                f"the store did not start on {host}:{port}: {exc.strerror}"
            ) from None


def _start_standalone(data_dir: Path, host: str, port: int) -> subprocess.Popen:
    log = open(data_dir / "server.log", "ab")  # noqa: SIM115 - child keeps it
    with log:
        return subprocess.Popen(
            server_args(data_dir, host, port),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            # Signals go to us, not straight to the server: we stop it in order.
            start_new_session=True,
            # Killed (kill -9) before we could stop it, we take it with us.
            preexec_fn=_die_with_parent,  # safe: db serve runs no threads
        )


def main(argv: list[str] | None = None) -> int:
    """Entry point of the supervisor process."""
    parser = argparse.ArgumentParser(prog="python -m newscrawl.store.embedded")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("port", type=int)
    parser.add_argument("--idle", type=float, default=0.0)
    args = parser.parse_args(argv)
    try:
        return _supervise(args.data_dir, args.port, args.idle)
    except EmbeddedStoreError as exc:
        print(f"newscrawl embedded store: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
