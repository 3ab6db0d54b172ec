"""Deploy with scrapyd-deploy to a real Scrapyd and run the guardian spider there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pymongo.database import Database

from tests.support.scrapyd import ScrapydNode, deploy, untracked_files

pytestmark = pytest.mark.slow


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[ScrapydNode]:
    """A real scrapyd on a free 127.0.0.1 port, stopped after the test."""
    node = ScrapydNode(tmp_path / "scrapyd")
    try:
        yield node.start()
    finally:
        node.stop()


def test_deploy_and_schedule_a_crawl_on_scrapyd(scrapyd, site, mongo_uri, db: Database):
    before = untracked_files()
    deployed = deploy(scrapyd.url)
    output = deployed.stdout + deployed.stderr
    assert deployed.returncode == 0, output
    assert '"status": "ok"' in deployed.stdout
    # The entry point comes from pyproject.toml, and setuptools has no complaint.
    assert not re.search(r"entry.?points?\W.*(ignored|overwritten)", output, re.I)
    assert "writing entry points" in output  # the build's own output was seen
    assert untracked_files() == before
    # Every source, from the egg: the spiders package and newscrawl's loader.
    assert scrapyd.get("listspiders.json", project="newscrawl")["spiders"] == [
        "bbc",
        "cnn",
        "generic",
        "guardian",
        "independent",
        "nyt",
        "politico",
        "washingtonpost",
    ]

    scheduled = scrapyd.post(
        "schedule.json",
        [
            ("project", "newscrawl"),
            ("spider", "guardian"),
            ("base_url", site.base_url),
            ("setting", f"MONGO_URI={mongo_uri}"),
            ("setting", f"MONGO_DATABASE={db.name}"),
            ("setting", "AUTOTHROTTLE_ENABLED=0"),
            ("setting", "DOWNLOAD_DELAY=0"),
        ],
    )
    assert scheduled["status"] == "ok", scheduled
    jobs = scrapyd.wait_idle()
    [job] = jobs["finished"]
    assert job["id"] == scheduled["jobid"]
    log = scrapyd.job_log(job)
    assert "Crawl of guardian finished" in log, log
    assert "new=3" in log, log
    assert db.articles.count_documents({"source": "guardian"}) == 3
    assert db.versions.count_documents({}) == 3
    assert {a["change_count"] for a in db.articles.find()} == {0}
