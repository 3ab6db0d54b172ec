"""How long the query commands take on the embedded store of 10,000 articles.

Run: python benchmarks/cli_speed.py [--articles 10000] [--runs 5] [--keep DIR]

Fills an embedded store (a data directory of its own: a temporary one, or DIR
with --keep so that a second run skips the filling) as viewer_speed.py does,
then runs each command as a user does (``newscrawl ...`` in a process of its
own, without MONGO_URI) ``--runs`` times, twice over: with
``NEWSCRAWL_STORE_IDLE=0``, where every command starts the store's server
and stops it as it ends (how every command ran before the idle period), and
with the default idle period, where the first command starts the server
and the others find it running. It prints the median wall time of each,
beside that of ``newscrawl --help`` (starting Python and importing
newscrawl), and whether every query command stays under the target of 1 s.
It reports and does not judge: the exit status is 0 whatever the figures.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscrawl.store.connection import open_store
from newscrawl.store.embedded import DEFAULT_IDLE, EmbeddedStore, stop_idle

# Run as a script, the benchmarks package is not importable without this.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.viewer_speed import NOW, arguments, fill_once  # noqa: E402

TARGET_S = 1.0


def _commands(url: str) -> list[list[str]]:
    """The commands to time: --help first, then every query command."""
    slug = url.rsplit("/", 1)[-1]
    return [
        ["--help"],
        ["summary"],
        ["changes"],
        ["changes", "--source", "bbc", "--since", "7d"],
        ["history", url],
        ["diff", slug],
        ["feed", "--source", "guardian"],
        ["export", "--format", "csv", "--source", "nyt", "--since", "24h"],
    ]


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def measure(
    commands: list[list[str]], data_dir: Path, *, idle: float, runs: int
) -> tuple[float, list[float]]:
    """Return the first command's time (it may start the server), then the
    median time of each command."""
    env = {
        **os.environ,
        "MONGO_URI": "",
        "NEWSCRAWL_DATA_DIR": str(data_dir),
        "NEWSCRAWL_STORE_IDLE": f"{idle:g}",
        "NEWSCRAWL_NOW": NOW.isoformat(),
    }
    stop_idle(data_dir)  # a server left from before keeps its own idle period
    try:
        first = _time(["summary"], env)
        return first, [
            statistics.median(_time(command, env) for _ in range(runs))
            for command in commands
        ]
    finally:
        stop_idle(data_dir)


def main() -> int:
    args = arguments(__doc__, runs=5)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(args.keep or tmp)
        embedded = EmbeddedStore.acquire(data_dir, idle=0)
        try:
            store = open_store(uri=embedded.uri, database="newscrawl")
            fill_once(store, args.articles)
            articles = store.articles.count_documents({})
            versions = store.versions.count_documents({})
            url = store.versions.find_one({"version": 2}, {"article": 1})["article"]
            store.db.client.close()
        finally:
            embedded.release()
        print(f"Store: {articles} articles, {versions} versions, in {data_dir}")
        commands = _commands(url)
        before_first, before = measure(commands, data_dir, idle=0, runs=args.runs)
        after_first, after = measure(
            commands, data_dir, idle=DEFAULT_IDLE, runs=args.runs
        )
    width = max(len(" ".join(command)) for command in commands)
    print(
        f"\n{'newscrawl ...':<{width}}  idle 0 (s)  idle {DEFAULT_IDLE:g} (s)"
        f"\n{'(first command: starts the server)':<{width}}"
        f"  {before_first:>10.2f}  {after_first:>12.2f}"
    )
    for command, slow, fast in zip(commands, before, after, strict=True):
        print(f"{' '.join(command):<{width}}  {slow:>10.2f}  {fast:>12.2f}")
    over = [
        " ".join(command)
        for command, seconds in zip(commands[1:], after[1:], strict=True)
        if seconds >= TARGET_S
    ]
    verdict = "MET" if not over else "NOT MET (" + ", ".join(over) + ")"
    print(
        f"\ntarget: every query command under {TARGET_S:g} s with the idle period"
        f" (--help: {after[0]:.2f} s): {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
