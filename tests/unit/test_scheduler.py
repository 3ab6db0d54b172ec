"""The scheduler's decisions: intervals, spiders, node choice, overlap, bad input."""

from __future__ import annotations

import logging

import pytest

from newscrawl.scrapyd.client import Node, ScrapydError
from newscrawl.scrapyd.scheduler import (
    NodeState,
    Scheduler,
    busy_with,
    choose_node,
    parse_every,
    parse_pairs,
    parse_spiders,
    state_from_jobs,
)
from newscrawl.store.embedded import _free_port

A = Node("http://a:6800/")
B = Node("http://b:6800/")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15m", 900), ("1h", 3600), ("30s", 30), ("2", 120), ("1d", 86400), ("0.5s", 0.5)],
)
def test_parse_every(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "-5m", "15 minutes", "m"])
def test_parse_every_rejects_nonsense(text):
    with pytest.raises(ValueError, match="not an interval"):
        parse_every(text)


def test_parse_spiders_uses_the_default_interval():
    assert parse_spiders(["guardian", "bbc=1h"], default_every="15m") == {
        "guardian": 900,
        "bbc": 3600,
    }
    with pytest.raises(ValueError, match="needs a name"):
        parse_spiders(["=5m"], default_every="15m")


def test_parse_pairs_keeps_equals_signs_in_values():
    assert parse_pairs(["MONGO_URI=mongodb://h/?a=b"], "--setting") == {
        "MONGO_URI": "mongodb://h/?a=b"
    }
    with pytest.raises(ValueError, match="--setting needs NAME=VALUE"):
        parse_pairs(["MONGO_URI"], "--setting")


def test_node_urls_take_credentials_from_userinfo_or_the_environment():
    node = Node.parse("http://bob:s3cret@10.0.0.5:6800", env={})
    assert (node.url, node.username, node.password) == (
        "http://10.0.0.5:6800/",
        "bob",
        "s3cret",
    )
    assert "s3cret" not in node.name
    env = {"SCRAPYD_USERNAME": "amy", "SCRAPYD_PASSWORD": "pw"}
    assert Node.parse("127.0.0.1:6800", env=env) == Node(
        "http://127.0.0.1:6800/", "amy", "pw"
    )
    with pytest.raises(ValueError, match="not a Scrapyd URL"):
        Node.parse("ftp://x/", env={})


def test_a_spider_pending_or_running_anywhere_is_busy():
    jobs_a = {"pending": [], "running": [{"id": "j1", "spider": "guardian"}]}
    jobs_b = {"pending": [{"id": "j2", "spider": "bbc"}], "running": []}
    states = [state_from_jobs(A, jobs_a), state_from_jobs(B, jobs_b)]
    assert busy_with("guardian", states) == (A, {"id": "j1", "spider": "guardian"})
    assert busy_with("bbc", states) == (B, {"id": "j2", "spider": "bbc"})
    assert busy_with("other", states) is None


def test_choose_node_prefers_the_least_loaded_then_takes_turns():
    idle_a, idle_b = NodeState(A), NodeState(B)
    busy_a = NodeState(A, [{"id": "j", "spider": "x"}])
    assert choose_node([busy_a, idle_b], 0).node == B
    assert choose_node([busy_a, idle_b], 1).node == B
    assert [choose_node([idle_a, idle_b], turn).node for turn in range(4)] == [
        A,
        B,
        A,
        B,
    ]
    assert choose_node([], 0) is None


class _IdleNode(Node):
    """A node whose jobs finish at once: it is idle at every poll."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.started: list[str] = []

    def list_jobs(self, project: str) -> dict:
        return {"pending": [], "running": [], "finished": []}

    def schedule(self, project: str, spider: str, **_: object) -> str:
        self.started.append(spider)
        return f"job{len(self.started)}"


def test_spiders_ticking_in_step_each_take_turns_across_nodes():
    # Regression: one shared turn counter sent guardian to a, and the other
    # spider to b, on every round.
    a, b = _IdleNode("http://a:6800/"), _IdleNode("http://b:6800/")
    scheduler = Scheduler([a, b], project="newscrawl")
    for _ in range(4):
        scheduler.tick("guardian")
        scheduler.tick("bbc")
    assert a.started == b.started == ["guardian", "bbc", "guardian", "bbc"]


def test_a_node_that_does_not_answer_is_one_clear_line_and_no_crash(caplog):
    node = Node(f"http://127.0.0.1:{_free_port()}/")
    with pytest.raises(
        ScrapydError, match=r"^Scrapyd 127\.0\.0\.1:\d+ does not answer"
    ):
        node.list_jobs("newscrawl")
    scheduler = Scheduler([node], project="newscrawl")
    with caplog.at_level(logging.INFO, logger="newscrawl.scrapyd.scheduler"):
        first = scheduler.tick("guardian")
        second = scheduler.tick("guardian")
    assert first == second == "guardian: not started, no Scrapyd node available"
    # The node going down is logged once, not on every tick.
    down = [r for r in caplog.records if "does not answer" in r.getMessage()]
    assert len(down) == 1
    assert "\n" not in down[0].getMessage()


def test_without_spider_options_every_spider_of_the_project_is_scheduled():
    from newscrawl.scrapyd.scheduler import project_spiders

    spiders = project_spiders()
    # Other sources join over time; these must be among them, in name order.
    assert {"bbc", "guardian", "independent"} <= set(spiders)
    assert spiders == sorted(spiders)
