"""What the per-source crawl tests share: the served test site and store reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

import pytest
from pymongo.database import Database

from tests.site.server import TestSite


def serve(site_module: ModuleType) -> Callable[[], Iterator[TestSite]]:
    """A module-scoped fixture serving *site_module*'s default pages in its layout."""

    @pytest.fixture(scope="module")
    def server() -> Iterator[TestSite]:
        site = TestSite(site_module.default_pages(), layout=site_module.LAYOUT).start()
        yield site
        site.stop()

    return server


def versions(db: Database, site: TestSite, path: str) -> list[dict]:
    """The stored versions of the site's article at *path*, oldest first."""
    return list(db.versions.find({"article": site.url(path)}).sort("version", 1))


def snapshot(db: Database) -> tuple[list[dict], list[tuple]]:
    """What a crawl may not change: versions, and each article's version state."""
    stored = list(db.versions.find({}, {"_id": 0}).sort([("article", 1)]))
    articles = [
        (a["_id"], a["version_count"], a["change_count"], a["latest_hash"])
        for a in db.articles.find().sort("_id", 1)
    ]
    return stored, articles


def assert_stored_once(db: Database, site: TestSite, source: str, tracked) -> None:
    """Exactly the tracked articles are stored, each of *source* with one version 0."""
    assert {a["_id"] for a in db.articles.find()} == {site.url(p) for p in tracked}
    for path in tracked:
        article = db.articles.find_one({"_id": site.url(path)})
        assert article["source"] == source
        assert (article["version_count"], article["change_count"]) == (1, 0)
        assert article["title"] == site.article(path)["title"]
        assert [v["version"] for v in versions(db, site, path)] == [0]
