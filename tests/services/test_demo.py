"""newscrawl demo: a publisher's edits, crawled into a store of its own, then shown."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from pymongo import MongoClient

from newscrawl.store.embedded import EmbeddedStore
from tests.services.test_embedded import _wait_gone
from tests.support.crawling import NO_INTERNET, ROOT

DEMO = [sys.executable, "-m", "newscrawl.cli", "demo", "--now", "2026-11-20T12:05:00Z"]
#: Any host but this machine is a closed port, and the user's store is one
#: the demo must never touch.
ENV = {**os.environ, **NO_INTERNET, "MONGO_URI": "mongodb://127.0.0.1:9/"}


def _slug(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def test_the_demo_crawls_every_kind_of_change_into_its_own_store(tmp_path):
    store_dir = tmp_path / "demo"
    started = time.monotonic()
    result = subprocess.run(
        [*DEMO, "--no-viewer", "--data-dir", str(store_dir)],
        cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    took = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert [line.split("crawl: ")[-1] for line in lines[1:6]] == [
        "5 new",
        "2 changed, 3 unchanged",
        "1 new, 1 changed, 4 unchanged",
        "2 changed, 4 unchanged",
        "5 unchanged, 1 gone",
    ]
    assert [line[:5] for line in lines[1:6]] == [
        "11:00", "11:15", "11:30", "11:45", "12:00",
    ]  # fmt: skip
    assert lines[6] == (
        "newscrawl demo: the store holds 6 articles, 5 changes, 1 gone; it stays in"
        f" {store_dir}"
    )
    assert took < 60, took
    assert _wait_gone(store_dir, timeout=5) == []  # nothing left running

    store = EmbeddedStore.acquire(store_dir, idle=0)
    try:
        db = MongoClient(store.uri, tz_aware=True)["newscrawl"]
        articles = {_slug(a["_id"]): a for a in db.articles.find()}
        versions = {}
        for v in db.versions.find().sort("version", 1):
            versions.setdefault(_slug(v["article"]), []).append(v)
        db.client.close()
    finally:
        store.release()
    counts = {slug: a["version_count"] for slug, a in articles.items()}
    assert counts == {
        "pier-rebuild-vote": 2,
        "library-sunday-opening": 2,
        "rail-operator-apology": 2,
        "bus-fares-frozen": 3,
        "school-heating-failure": 1,
        "beach-litter-clean": 1,
    }
    pier = versions["pier-rebuild-vote"]
    assert pier[1]["changed_fields"] == ["title"]
    assert (
        pier[1]["title"] == "Coastal town approves £4m plan to rebuild storm-hit pier"
    )
    library = versions["library-sunday-opening"][1]
    assert library["body"].split("\n")[-1].startswith("Update: the council said")
    assert library["words_removed"] == 0
    rail = versions["rail-operator-apology"]
    assert "We let our passengers down" in rail[0]["body"]
    assert "We let our passengers down" not in rail[1]["body"]
    assert rail[1]["words_added"] == 0
    fares = versions["bus-fares-frozen"]
    assert "£1.5m" in fares[1]["body"]
    assert fares[2]["hash"] == fares[0]["hash"] != fares[1]["hash"]  # back again
    assert articles["school-heating-failure"]["status"] == "gone"
    assert articles["school-heating-failure"]["events"][-1]["status"] == 404
    beach = versions["beach-litter-clean"][0]
    assert beach["fetched_at"].isoformat() == "2026-11-20T11:30:00+00:00"
    # Every crawl re-checked every live article, 15 minutes apart.
    assert articles["pier-rebuild-vote"]["check_count"] == 5


def test_the_demo_serves_its_store_until_ctrl_c_and_leaves_nothing_behind(tmp_path):
    proc = subprocess.Popen(
        [*DEMO, "--port", "0"],
        cwd=tmp_path, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        store_dir = Path(re.search(r"into a store in (\S+)$", first).group(1))
        for line in proc.stdout:
            if found := re.search(r"see them at (http://127\.0\.0\.1:\d+/) ", line):
                break
        else:
            raise AssertionError(proc.stderr.read())
        assert line.startswith("newscrawl demo: the store holds 6 articles")
        home = httpx.get(found.group(1), timeout=30)
        assert home.status_code == 200
        assert "Coastal town approves £4m plan to rebuild storm-hit pier" in home.text
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert out == "newscrawl demo: stopped\n" and "Traceback" not in err
    assert not store_dir.exists()
    assert _wait_gone(store_dir, timeout=5) == []


def test_the_demo_never_writes_into_a_directory_with_something_in_it(tmp_path):
    (tmp_path / "mine.txt").write_text("a store of mine")
    result = subprocess.run(
        [*DEMO, "--no-viewer", "--data-dir", str(tmp_path)],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"newscrawl demo: {tmp_path} is not empty: give a new or empty directory"
        " for the demo's store\n"
    )
    assert os.listdir(tmp_path) == ["mine.txt"]
