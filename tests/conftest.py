"""Fixtures: one store server and test site per session, a database per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from pymongo import MongoClient
from pymongo.database import Database

from newscrawl.store.embedded import EmbeddedStore
from tests.support.crawling import site_fixtures

#: Test folders whose tests start processes or servers of their own.
_SLOW_FOLDERS = ("crawl", "services")

# Embedded servers stop as soon as their last user does (tests of the idle
# period set their own), so that no test leaves one running behind it.
os.environ["NEWSCRAWL_STORE_IDLE"] = "0"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow every test that runs a crawl, a command, a server or a browser."""
    for item in items:
        if item.path.parent.name in _SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def mongo_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real MongoDB wire-protocol server: MONGO_URI if set, else SecantusDB."""
    if uri := os.environ.get("MONGO_URI"):
        yield uri
        return
    store = EmbeddedStore.acquire(tmp_path_factory.mktemp("store"))
    try:
        yield store.uri
    finally:
        store.release()


@pytest.fixture(scope="session")
def mongo_client(mongo_uri: str) -> Iterator[MongoClient]:
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    yield client
    client.close()


@pytest.fixture
def db(mongo_client: MongoClient) -> Iterator[Database]:
    """A database of its own for each test, dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    yield mongo_client[name]
    mongo_client.drop_database(name)


# The local Guardian-like site for the whole session, reset for each test,
# and the guardian spider's crawls of it into each test's own database.
_site_server, site, crawl = site_fixtures("guardian", scope="session")
