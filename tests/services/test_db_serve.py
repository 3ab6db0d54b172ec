"""``newscrawl db serve``: the embedded store on a fixed port, beside on-demand use."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path

from pymongo import MongoClient

from newscrawl.store.embedded import (
    SERVER_FILE,
    EmbeddedStore,
    _free_port,
    stop_process,
)
from tests.services.test_embedded import _wait_gone
from tests.support.crawling import ROOT, run_crawl


def _serve(data_dir: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawl.cli", "db", "serve",
         "--port", str(port), "--data-dir", str(data_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _ready_uri(proc: subprocess.Popen) -> str:
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("MONGO_URI="):
            # As a shell reads it: the line is pasted before a command.
            return shlex.split(line)[0].split("=", 1)[1]
    raise AssertionError(f"no MONGO_URI line; stderr: {proc.stderr.read()}")


def test_db_serve_serves_crawls_and_stops_cleanly_on_sigterm(site, tmp_path):
    port = _free_port()
    proc = _serve(tmp_path, port)
    try:
        uri = _ready_uri(proc)
        assert uri.startswith(f"mongodb://127.0.0.1:{port}/")
        result = run_crawl(
            "guardian", base_url=site.base_url, mongo_uri=uri, database="newscrawl"
        )
        assert result.stat("new") == 3, result.log
        # A command without MONGO_URI on the same data directory uses it too,
        # and leaving does not stop it.
        store = EmbeddedStore.acquire(tmp_path)
        assert store.uri.startswith(f"mongodb://127.0.0.1:{port}/")
        store.release()
        client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=3000)
        assert client["newscrawl"].articles.count_documents({}) == 3
        client.close()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        stop_process(proc)
    assert proc.returncode == 0, err
    assert "stopped" in out
    assert "Traceback" not in err
    assert _wait_gone(tmp_path) == []
    assert not (tmp_path / SERVER_FILE).exists()


def test_db_serve_refuses_a_data_directory_an_on_demand_server_uses(tmp_path):
    store = EmbeddedStore.acquire(tmp_path)
    try:
        proc = _serve(tmp_path, _free_port())
        out, err = proc.communicate(timeout=60)
    finally:
        store.release()
    assert proc.returncode == 1
    assert err.count("\n") == 1, err
    assert "an embedded store already runs on" in err
    assert "stop that command first" in err
    assert _wait_gone(tmp_path) == []


def test_db_serve_on_a_busy_port_says_so(tmp_path):
    port = _free_port()
    first = _serve(tmp_path / "a", port)
    try:
        _ready_uri(first)
        second = _serve(tmp_path / "b", port)
        out, err = second.communicate(timeout=90)
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=60)
        stop_process(first)
    assert second.returncode == 1
    assert err.startswith("newscrawl db serve: the store did not start on"), err
    assert "Traceback" not in err
    assert _wait_gone(tmp_path) == []
    assert os.listdir(tmp_path / "b")  # the log of the failed start is kept


def test_the_printed_uri_is_one_clients_can_dial():
    from newscrawl.store.embedded import client_uri

    assert client_uri("0.0.0.0", 27017).startswith("mongodb://127.0.0.1:27017/")
    assert client_uri("10.0.0.5", 27018).startswith("mongodb://10.0.0.5:27018/")
    assert client_uri("::1", 27017).startswith("mongodb://[::1]:27017/")
    assert "directConnection=true" in client_uri("127.0.0.1", 1)


def test_a_killed_db_serve_takes_its_server_with_it_and_can_start_again(tmp_path):
    port = _free_port()
    proc = _serve(tmp_path, port)
    try:
        _ready_uri(proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # Its server does not outlive it, so the data directory is free again.
        assert _wait_gone(tmp_path) == []
        again = _serve(tmp_path, port)
        try:
            uri = _ready_uri(again)
            client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=3000)
            assert client.admin.command("ping")["ok"] == 1
            client.close()
        finally:
            again.send_signal(signal.SIGTERM)
            again.communicate(timeout=60)
        # ... and so is an on-demand server of a command without MONGO_URI.
        store = EmbeddedStore.acquire(tmp_path)
        store.release()
    finally:
        stop_process(proc)
    assert _wait_gone(tmp_path) == []


def test_serving_beyond_loopback_needs_public_and_then_warns(tmp_path):
    refused = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "db", "serve", "--host", "0.0.0.0",
         "--port", str(_free_port()), "--data-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert "readable and writable without a password" in refused.stderr
    assert "add --public" in refused.stderr
    assert not (tmp_path / "db").exists()  # nothing was started

    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.cli", "db", "serve", "--host", "0.0.0.0",
         "--public", "--port", str(_free_port()), "--data-dir", str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        _ready_uri(proc)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        stop_process(proc)
    assert "warning: --host 0.0.0.0 serves the store to other machines" in err
