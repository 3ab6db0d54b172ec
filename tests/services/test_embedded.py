"""The embedded store: started on demand, shared, never left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pymongo import MongoClient

from newscrawl.store.embedded import (
    SERVER_FILE,
    EmbeddedStore,
    _alive,
    _free_port,
    stop_process,
)
from tests.support.crawling import ROOT, run_crawl


def _processes_using(data_dir: Path) -> list[str]:
    """Return the command lines of live processes that name *data_dir*."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (proc / "stat").read_text().split()[2]
        except OSError:
            continue
        if str(data_dir) in cmdline and state != "Z":
            found.append(cmdline)
    return found


def _wait_gone(data_dir: Path, timeout: float = 20) -> list[str]:
    deadline = time.monotonic() + timeout
    while (left := _processes_using(data_dir)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def _embedded_crawl(site, data_dir: Path, *, now: str = "2026-11-20T10:00:00Z"):
    result = run_crawl(
        "guardian",
        base_url=site.base_url,
        mongo_uri="",
        database="newscrawl",
        settings={"NEWSCRAWL_DATA_DIR": str(data_dir), "NEWSCRAWL_NOW": now},
    )
    assert "Traceback" not in result.log, result.log
    return result


def test_handles_share_one_server_and_the_last_release_stops_it(tmp_path):
    first = EmbeddedStore.acquire(tmp_path)
    second = EmbeddedStore.acquire(tmp_path)
    assert first.uri == second.uri
    first.release()
    # Still served for the second user.
    client = MongoClient(second.uri, serverSelectionTimeoutMS=2000)
    assert client.admin.command("ping")["ok"] == 1
    client.close()
    second.release()
    assert _wait_gone(tmp_path) == []
    assert not (tmp_path / SERVER_FILE).exists()


def test_the_embedded_server_keeps_no_oplog(tmp_path):
    store = EmbeddedStore.acquire(tmp_path)
    client: MongoClient = MongoClient(store.uri, serverSelectionTimeoutMS=2000)
    try:
        client.newscrawl.articles.insert_one({"_id": "a"})
        client.newscrawl.articles.update_one({"_id": "a"}, {"$set": {"b": 1}})
        # A standalone server: no replica set, so no oplog to write to.
        assert "setName" not in client.admin.command("hello")
        assert client.local["oplog.rs"].count_documents({}) == 0
    finally:
        client.close()
        store.release()


def test_crawl_without_mongo_uri_uses_the_embedded_store_and_keeps_its_data(
    site, tmp_path
):
    first = _embedded_crawl(site, tmp_path)
    assert "Embedded store started" in first.log
    assert first.stat("new") == 3, first.log
    assert _wait_gone(tmp_path) == []
    second = _embedded_crawl(site, tmp_path, now="2026-11-20T10:20:00Z")
    assert second.stat("unchanged") == 3 and second.stat("new") == 0
    assert _wait_gone(tmp_path) == []


def test_two_commands_on_one_embedded_store_both_work(site, tmp_path):
    env = {**os.environ, "MONGO_URI": "", "NEWSCRAWL_DATA_DIR": str(tmp_path)}
    command = [
        sys.executable, "-m", "scrapy", "crawl", "guardian",
        "-a", f"base_url={site.base_url}",
        "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
    ]  # fmt: skip
    crawls = [
        subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    summary = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "summary"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    logs = [proc.communicate(timeout=120)[1] for proc in crawls]
    assert [proc.returncode for proc in crawls] == [0, 0], logs
    assert summary.returncode == 0, summary.stderr
    for log in logs:
        assert "Traceback" not in log
    assert _wait_gone(tmp_path) == []
    store = EmbeddedStore.acquire(tmp_path)
    try:
        db = MongoClient(store.uri)["newscrawl"]
        assert db.articles.count_documents({}) == 3
        assert db.versions.count_documents({}) == 3
        assert {a["change_count"] for a in db.articles.find()} == {0}
    finally:
        store.release()


def test_a_killed_crawl_leaves_no_server_behind_and_no_damage(site, tmp_path):
    _embedded_crawl(site, tmp_path)
    env = {**os.environ, "MONGO_URI": "", "NEWSCRAWL_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "guardian",
         "-a", f"base_url={site.base_url}", "-s", "DOWNLOAD_DELAY=2",
         "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "NEWSCRAWL_NOW=2026-11-20T10:30:00Z"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not (tmp_path / SERVER_FILE).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (tmp_path / SERVER_FILE).exists()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # The supervisor sees its last client gone and stops the server.
    assert _wait_gone(tmp_path) == []
    # Whatever the killed crawl leased (until 10:45) is due again after that.
    again = _embedded_crawl(site, tmp_path, now="2026-11-20T10:50:00Z")
    assert again.stat("unchanged") == 3, again.log


@contextmanager
def _foreign_server(data_dir: Path) -> Iterator[None]:
    """A SecantusDB server of no newscrawl command's on *data_dir*'s data."""
    from newscrawl.store.embedded import _server_command

    squatter = subprocess.Popen(
        [*_server_command(), "--host", "127.0.0.1", "--port", "0",
         "--storage-path", str(data_dir / "db")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(3)
        assert squatter.poll() is None
        yield
    finally:
        squatter.terminate()
        squatter.wait(30)


def test_a_foreign_server_on_the_data_directory_gives_a_clear_message(site, tmp_path):
    with _foreign_server(tmp_path):
        result = _embedded_crawl(site, tmp_path)
        command = subprocess.run(
            [sys.executable, "-m", "newscrawl.cli", "changes", "--data-dir",
             str(tmp_path)],
            cwd=ROOT, env={**os.environ, "MONGO_URI": ""},
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert "Traceback" not in result.log
    assert "another process is using this data directory" in result.log
    assert site.requests == [] or site.requests == ["/robots.txt"]
    assert command.returncode == 1 and command.stdout == ""
    assert command.stderr == (
        "newscrawl changes: the embedded store did not start (data directory"
        f" {tmp_path}): another process is using this data directory\n"
    )


def test_a_data_directory_that_cannot_be_made_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "summary", "--data-dir",
         str(blocker / "store")],
        cwd=ROOT, env={**os.environ, "MONGO_URI": ""},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        "newscrawl summary: the embedded store cannot use data directory"
        f" {blocker / 'store'}: Not a directory\n"
    )


@pytest.mark.parametrize("bad", ["/proc/forbidden/newscrawl"])
def test_an_unusable_data_directory_is_named(bad):
    from newscrawl.store.embedded import EmbeddedStoreError

    with pytest.raises(EmbeddedStoreError, match="cannot use data directory"):
        EmbeddedStore.acquire(Path(bad))


def test_with_mongo_uri_set_no_embedded_server_is_started(crawl, tmp_path):
    result = crawl(settings={"NEWSCRAWL_DATA_DIR": str(tmp_path)})
    assert result.stat("new") == 3
    assert "Embedded store started" not in result.log
    assert list(tmp_path.iterdir()) == []


def _supervisor_pid(data_dir: Path) -> int:
    return json.loads((data_dir / SERVER_FILE).read_text())["pid"]


def test_an_idle_server_serves_the_next_user_then_stops_after_its_idle_period(
    tmp_path,
):
    first = EmbeddedStore.acquire(tmp_path, idle=3)
    started = time.monotonic()
    first.release()
    assert time.monotonic() - started < 1  # no server stopped on the way out
    pid = _supervisor_pid(tmp_path)
    second = EmbeddedStore.acquire(tmp_path, idle=0)
    assert second.uri == first.uri and _supervisor_pid(tmp_path) == pid
    # A user the server has keeps it up past the idle period.
    time.sleep(4)
    client = MongoClient(second.uri, serverSelectionTimeoutMS=2000)
    assert client.admin.command("ping")["ok"] == 1
    client.close()
    second.release()  # its own period (3 s) holds, not the releaser's
    assert (tmp_path / SERVER_FILE).exists()
    assert _wait_gone(tmp_path) == []
    assert not (tmp_path / SERVER_FILE).exists()


def test_commands_in_a_row_share_one_server_and_leave_none_past_the_idle_period(
    tmp_path,
):
    env = {
        **os.environ,
        "MONGO_URI": "",
        "NEWSCRAWL_DATA_DIR": str(tmp_path),
        "NEWSCRAWL_STORE_IDLE": "4",
    }
    runs = [
        subprocess.run(
            [sys.executable, "-m", "newscrawl.cli", "summary"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )  # fmt: skip
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    log = (tmp_path / "server.log").read_text()
    assert _processes_using(tmp_path)  # still up: idle, not yet 4 s
    assert _wait_gone(tmp_path) == []
    assert (tmp_path / "server.log").read_text() == log  # started once


def test_db_serve_takes_over_a_data_directory_whose_server_is_only_idle(tmp_path):
    from tests.services.test_db_serve import _ready_uri, _serve

    EmbeddedStore.acquire(tmp_path, idle=600).release()
    idle_pid = _supervisor_pid(tmp_path)
    proc = _serve(tmp_path, _free_port())
    try:
        uri = _ready_uri(proc)
        assert not _alive(idle_pid)
        client = MongoClient(uri, serverSelectionTimeoutMS=3000)
        assert client.admin.command("ping")["ok"] == 1
        client.close()
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    finally:
        stop_process(proc)
    assert proc.returncode == 0
    assert _wait_gone(tmp_path) == []


def test_a_bad_idle_period_is_one_line(tmp_path):
    env = {
        **os.environ,
        "MONGO_URI": "",
        "NEWSCRAWL_DATA_DIR": str(tmp_path),
        "NEWSCRAWL_STORE_IDLE": "a while",
    }
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "changes"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "newscrawl changes: NEWSCRAWL_STORE_IDLE must be a number"
        " of seconds (0 or more), not 'a while'\n"
    )
