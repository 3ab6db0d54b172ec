"""``newscrawl schedule`` with real Scrapyd processes: spread, no overlap, failover."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from pymongo.database import Database

from newscrawl.scrapyd.client import Node, ScrapydError
from newscrawl.scrapyd.scheduler import Scheduler
from newscrawl.store.embedded import _free_port, stop_process
from tests.support.crawling import ROOT
from tests.support.scrapyd import ScrapydNode, deploy

pytestmark = pytest.mark.slow

DCR = "/world/2026/nov/20/harbour-wall-repair"


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[list[ScrapydNode]]:
    """Two real scrapyd processes with the project deployed, stopped afterwards."""
    started = [ScrapydNode(tmp_path / name) for name in ("a", "b")]
    try:
        for node in started:
            node.start()
            result = deploy(node.url)
            assert result.returncode == 0, result.stderr
        yield started
    finally:
        for node in started:
            node.stop()


def _wait(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.3)


def _finished(node: ScrapydNode) -> list[dict]:
    return [j for j in node.jobs()["finished"] if j["spider"] == "guardian"]


def _running_on(node: ScrapydNode) -> bool:
    jobs = node.jobs()
    return any(j["spider"] == "guardian" for j in jobs["running"] + jobs["pending"])


def _run_scenario(a: ScrapydNode, b: ScrapydNode, site) -> list[dict]:
    """Edit the site, then stop *b*; return b's finished jobs before it stopped."""
    _wait(lambda: bool(_finished(a) and _finished(b)), "jobs on both nodes")
    site.edit(DCR, title="Harbour wall repair plan approved")
    # One job may have fetched before the edit; the one after it has not.
    seen = len(_finished(a)) + len(_finished(b))
    _wait(
        lambda: len(_finished(a)) + len(_finished(b)) >= seen + 2,
        "two more jobs after the edit",
    )
    # Stop b while the spider runs on a, so no job of b is cut short.
    _wait(lambda: _running_on(a), "a job running on a")
    b_jobs = _finished(b)
    b.stop()
    on_a = len(_finished(a))
    _wait(lambda: len(_finished(a)) >= on_a + 2, "jobs on a after b stopped")
    return b_jobs


def test_scheduler_spreads_jobs_never_overlaps_and_survives_a_node_going_down(
    nodes, site, mongo_uri, db: Database, tmp_path
):
    a, b = nodes
    nowhere = f"http://127.0.0.1:{_free_port()}/"
    log_path = tmp_path / "schedule.log"
    command = [
        sys.executable, "-m", "newscrawl.cli", "schedule",
        "--scrapyd", a.url, "--scrapyd", b.url, "--scrapyd", nowhere,
        "--spider", "guardian=1s", "--spider", "nosuch=1s",
        "--arg", f"base_url={site.base_url}",
        "--setting", f"MONGO_URI={mongo_uri}",
        "--setting", f"MONGO_DATABASE={db.name}",
        "--setting", "AUTOTHROTTLE_ENABLED=0",
        "--setting", "DOWNLOAD_DELAY=0",
        # Every article is due again a second after its last check.
        "--setting", "NEWSCRAWL_SCHEDULE=[[3456000, 1]]",
    ]  # fmt: skip
    with log_path.open("w") as log:
        scheduler = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        b_jobs = _run_scenario(a, b, site)
        scheduler.send_signal(signal.SIGTERM)
        assert scheduler.wait(60) == 0
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nscheduler log:\n{log_path.read_text()}") from None
    finally:
        stop_process(scheduler)
    a.wait_idle()
    log = log_path.read_text()
    assert "Traceback" not in log, log
    assert "Stopping the scheduler" in log

    jobs = _finished(a) + b_jobs
    assert {j["id"] for j in _finished(a)}.isdisjoint({j["id"] for j in b_jobs})
    spans = sorted(
        (datetime.fromisoformat(j["start_time"]), datetime.fromisoformat(j["end_time"]))
        for j in jobs
    )
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start, f"guardian jobs overlapped: {spans}"
    for job in _finished(a):
        assert "Crawl of guardian finished" in a.job_log(job)

    # Exact counts: three articles, one of them changed once.
    articles = {doc["_id"]: doc for doc in db.articles.find()}
    assert len(articles) == 3
    assert articles[site.url(DCR)]["change_count"] == 1
    assert sorted(doc["change_count"] for doc in articles.values()) == [0, 0, 1]
    assert db.versions.count_documents({}) == 4

    # Bad input: one line each, said once per state change, the rest served.
    # (A job started on b as it went down says so in a line of its own.)
    down = [
        line
        for line in log.splitlines()
        if "does not answer" in line and "not started" not in line
    ]
    assert len([line for line in down if nowhere[7:-1] in line]) == 1
    assert len([line for line in down if b.url[7:-1] in line]) == 1
    assert "nosuch: not started: Scrapyd" in log
    assert "spider 'nosuch' not found" in log


def test_wrong_credentials_are_one_clear_line(tmp_path):
    node = ScrapydNode(tmp_path / "auth", auth="admin:right")
    try:
        node.start()
        good = Node.parse(f"http://admin:right@127.0.0.1:{node.port}/", env={})
        bad = Node.parse(f"http://admin:wrong@127.0.0.1:{node.port}/", env={})
        assert good.call("daemonstatus.json")["status"] == "ok"
        decision = Scheduler([bad], project="newscrawl").tick("guardian")
        with pytest.raises(ScrapydError, match=r"refused the username or password"):
            bad.call("daemonstatus.json")
    finally:
        node.stop()
    assert decision == "guardian: not started, no Scrapyd node available"
