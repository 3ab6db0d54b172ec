"""Real Scrapyd processes on 127.0.0.1 for the deployment tests; deploying to them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import urlopen

from newscrawl.store.embedded import _free_port, stop_process
from tests.support.crawling import ROOT


class ScrapydNode:
    """One ``scrapyd`` with its own config, eggs, logs and dbs under *home*."""

    def __init__(self, home: Path, *, port: int | None = None, auth: str = "") -> None:
        self.home = home
        self.auth = auth  # "user:password" that scrapyd requires, if any
        self.port = port or _free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, *, timeout: float = 60) -> ScrapydNode:
        """Start scrapyd and wait until it answers daemonstatus.json."""
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {self.port}\n"
            f"eggs_dir = {self.home / 'eggs'}\n"
            f"logs_dir = {self.home / 'logs'}\n"
            f"dbs_dir = {self.home / 'dbs'}\n"
            "poll_interval = 0.5\n"
            "max_proc = 4\n"
            "jobs_to_keep = 1000\n"
        )
        if self.auth:
            user, password = self.auth.split(":", 1)
            with (self.home / "scrapyd.conf").open("a") as conf:
                conf.write(f"username = {user}\npassword = {password}\n")
        log = open(self.home / "scrapyd.out", "ab")  # noqa: SIM115 - child keeps it
        with log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "scrapyd", "--pidfile="],
                cwd=self.home,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"scrapyd exited: {self.output()}")
            try:
                self.get("daemonstatus.json")
                return self
            except HTTPError:
                return self  # it answers, asking for credentials
            except (URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"scrapyd did not answer: {self.output()}")

    def stop(self) -> None:
        """Stop scrapyd (its running jobs end with it)."""
        if self.proc is not None:
            stop_process(self.proc)

    def output(self) -> str:
        return (self.home / "scrapyd.out").read_text(errors="replace")

    def get(self, endpoint: str, **params: str) -> dict:
        url = self.url + endpoint + ("?" + urlencode(params) if params else "")
        with urlopen(url, timeout=5) as response:
            return json.load(response)

    def post(self, endpoint: str, data: list[tuple[str, str]]) -> dict:
        with urlopen(self.url + endpoint, urlencode(data).encode(), timeout=5) as resp:
            return json.load(resp)

    def jobs(self, project: str = "newscrawl") -> dict:
        return self.get("listjobs.json", project=project)

    def wait_idle(self, project: str = "newscrawl", *, timeout: float = 120) -> dict:
        """Wait until no job is pending or running; return listjobs.json."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            jobs = self.jobs(project)
            if not jobs["pending"] and not jobs["running"]:
                return jobs
            time.sleep(0.3)
        raise AssertionError(f"jobs still running: {jobs}")

    def job_log(self, job: dict, project: str = "newscrawl") -> str:
        path = self.home / "logs" / project / job["spider"] / f"{job['id']}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def untracked_files() -> set[str]:
    """Return the files git would list as untracked (not ignored) in the repository."""
    out = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line[3:] for line in out.splitlines() if line.startswith("??")}


def deploy(url: str, *, version: str = "1") -> subprocess.CompletedProcess:
    """Run ``scrapyd-deploy env`` from the repository to *url*, build output shown."""
    env = {
        **os.environ,
        "SCRAPYD_URL": url,
        "SCRAPYD_USERNAME": "",
        "SCRAPYD_PASSWORD": "",
    }
    command = [str(Path(sys.executable).with_name("scrapyd-deploy"))]
    proc = subprocess.run(
        [*command, "env", "-v", version, "-d"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # -d shows the build's output and keeps its directory: remove it.
    if kept := re.search(r"Output dir not removed: (\S+)", proc.stderr):
        shutil.rmtree(kept.group(1), ignore_errors=True)
    return proc
