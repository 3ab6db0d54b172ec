"""A store filled by real crawls of the test site, and ``newscrawl serve`` on it.

Shared by the viewer's HTTP and browser tests. The store holds:

- the harbour-wall article in versions 0, 1 (headline and a word changed) and
  2 (a paragraph added at the top), as in tests/test_changes_cli.py;
- the budget-vote article in versions 0 and 1, version 1 a hostile edit: its
  headline holds ``<script>alert(1)</script>`` and a paragraph an ``<img>``
  with an ``onerror`` handler;
- the river-festival article, unchanged.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from newscrawl.store.embedded import stop_process
from tests.services.test_changes_cli import (
    DCR,
    NEW_TITLE,
    POLITICS,
    TOP,
    _crawl_three_versions,
    crawl_at,
)
from tests.support.crawling import ROOT
from testsite.server import TestSite

NOW = "2026-11-21T11:00:00Z"
HOSTILE_TITLE = 'Budget vote <script>alert(1)</script> delayed & "postponed"'
HOSTILE_PARAGRAPH = (
    "Ministers said the vote would wait <img src=x onerror=alert(2)> until the "
    "amendment had been read by every member of the committee."
)
FRONTEND = "/uk-news/2026/nov/20/river-festival-returns"

__all__ = [
    "DCR",
    "FRONTEND",
    "HOSTILE_PARAGRAPH",
    "HOSTILE_TITLE",
    "NEW_TITLE",
    "NOW",
    "POLITICS",
    "TOP",
    "Viewer",
    "crawled_store",
    "serve",
]


def crawled_store(site: TestSite, mongo_uri: str) -> str:
    """Crawl the test site into a new database; return its name."""
    database = f"test_{uuid.uuid4().hex[:12]}"
    site.reset()
    crawl = crawl_at(site, mongo_uri, database)
    _crawl_three_versions(crawl, site)
    body = site.article(POLITICS)["body"]
    site.edit(
        POLITICS, title=HOSTILE_TITLE, body=[*body[:1], HOSTILE_PARAGRAPH, *body[1:]]
    )
    result = crawl("2026-11-21T10:00:00Z")
    assert result.stat("changed") == 1, result.log
    site.reset()
    return database


@dataclass
class Viewer:
    """A running ``newscrawl serve``: its base URL and process."""

    base_url: str
    proc: subprocess.Popen
    database: str


def serve(
    mongo_uri: str, database: str, *, now: str = NOW, extra_env: dict | None = None
) -> Iterator[Viewer]:
    """Run ``newscrawl serve --port 0`` on the database until the generator closes."""
    env = {
        **os.environ,
        "MONGO_URI": mongo_uri,
        "MONGO_DATABASE": database,
        "NEWSCRAWL_NOW": now,
        **(extra_env or {}),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.cli", "serve", "--port", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"at (http://\S+/) until", line)
        if not match:
            proc.kill()
            raise AssertionError(
                f"no address in {line!r}; stderr: {proc.stderr.read()}"
            )
        yield Viewer(match.group(1).rstrip("/"), proc, database)
    finally:
        stop_process(proc)
