"""``newscrawl schedule``: run each spider on Scrapyd nodes every N minutes.

Scrapyd has no periodic scheduling of its own. This scheduler asks the nodes
what is pending and running before each start, so a spider never runs twice
at once anywhere, and starts it on the least loaded node that answers
(round robin among equals). A node that does not answer is logged once and
tried again on the next tick; the others keep working.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from newscrawl.scrapyd.client import Node, ScrapydError

logger = logging.getLogger(__name__)

DEFAULT_EVERY = "15m"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Return the seconds in an interval: ``30s``, ``15m``, ``1h`` (bare: minutes)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"not an interval: {text!r} (examples: 30s, 15m, 1h)")
    return float(match.group(1)) * _UNITS[match.group(2) or "m"]


def parse_spiders(options: Sequence[str], *, default_every: str) -> dict[str, float]:
    """Return {spider: seconds} from ``--spider NAME[=EVERY]`` options."""
    spiders = {}
    for option in options:
        name, _, every = option.partition("=")
        if not name.strip():
            raise ValueError(f"--spider needs a name: {option!r}")
        spiders[name.strip()] = parse_every(every or default_every)
    return spiders


def parse_pairs(options: Sequence[str], flag: str) -> dict[str, str]:
    """Return {name: value} from repeated ``NAME=VALUE`` options."""
    pairs = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not name:
            raise ValueError(f"{flag} needs NAME=VALUE: {option!r}")
        pairs[name] = value
    return pairs


@dataclass
class NodeState:
    """What one node reported: its pending and running jobs."""

    node: Node
    active: list[dict] = field(default_factory=list)

    @property
    def load(self) -> int:
        return len(self.active)

    def job_of(self, spider: str) -> dict | None:
        """Return the pending or running job of *spider* on this node, if any."""
        return next((job for job in self.active if job.get("spider") == spider), None)


def state_from_jobs(node: Node, jobs: Mapping[str, list[dict]]) -> NodeState:
    """Return the node's state from its listjobs.json answer."""
    return NodeState(node, [*jobs.get("pending", []), *jobs.get("running", [])])


def busy_with(spider: str, states: Sequence[NodeState]) -> tuple[Node, dict] | None:
    """Return (node, job) where *spider* is pending or running, if anywhere."""
    for state in states:
        if job := state.job_of(spider):
            return state.node, job
    return None


def choose_node(states: Sequence[NodeState], turn: int) -> NodeState | None:
    """Return the least loaded node; among equals, the one whose turn it is."""
    if not states:
        return None
    least = min(state.load for state in states)
    candidates = [state for state in states if state.load == least]
    return candidates[turn % len(candidates)]


class Scheduler:
    """Starts spiders on Scrapyd nodes; ``tick(spider)`` is one scheduling decision."""

    def __init__(
        self,
        nodes: Sequence[Node],
        *,
        project: str,
        settings: Mapping[str, str] | None = None,
        args: Mapping[str, str] | None = None,
    ) -> None:
        self.nodes = list(nodes)
        self.project = project
        self.settings = dict(settings or {})
        self.args = dict(args or {})
        # Turns are counted per spider: with one shared count, two spiders
        # ticking in step would each land on the same node every time.
        self._turns: dict[str, int] = {}
        self._down: dict[str, str] = {}
        # One decision at a time: two spiders' ticks must see each other's jobs.
        self._lock = threading.Lock()

    def poll(self) -> list[NodeState]:
        """Return the state of every node that answers; log nodes going down or up."""
        states = []
        for node in self.nodes:
            try:
                jobs = node.list_jobs(self.project)
            except ScrapydError as exc:
                if self._down.get(node.url) != str(exc):
                    logger.warning("%s; will retry", exc)
                self._down[node.url] = str(exc)
                continue
            if self._down.pop(node.url, None):
                logger.info("Scrapyd %s answers again", node.name)
            states.append(state_from_jobs(node, jobs))
        return states

    def tick(self, spider: str) -> str:
        """Start *spider* unless it is pending or running anywhere; say what."""
        with self._lock:
            decision = self._decide(spider)
        logger.info("%s", decision)
        return decision

    def _decide(self, spider: str) -> str:
        # A node that does not answer is left out. Were it still running the
        # spider (cut off, not down), two crawls would overlap: wasteful, but
        # safe, as leases split the due articles between them.
        states = self.poll()
        if busy := busy_with(spider, states):
            node, job = busy
            return f"{spider}: not started, job {job['id']} still on {node.name}"
        turn = self._turns.get(spider, 0)
        chosen = choose_node(states, turn)
        if chosen is None:
            return f"{spider}: not started, no Scrapyd node available"
        self._turns[spider] = turn + 1
        try:
            job_id = chosen.node.schedule(
                self.project, spider, settings=self.settings, args=self.args
            )
        except ScrapydError as exc:
            return f"{spider}: not started: {exc}"
        return f"{spider}: started job {job_id} on {chosen.node.name}"


def run(
    scheduler: Scheduler,
    spiders: Mapping[str, float],
    *,
    stop: threading.Event | None = None,
) -> None:
    """Tick each spider at its interval, first at once, until a signal or *stop*."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.background import BackgroundScheduler

    stop = stop or threading.Event()
    timer = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(1)}, timezone="UTC"
    )
    for spider, seconds in spiders.items():
        timer.add_job(
            scheduler.tick,
            "interval",
            args=[spider],
            seconds=seconds,
            id=spider,
            # A tick that falls due while another runs is merged, never queued.
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            next_run_time=_now(),
        )
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda signum, frame: stop.set())
    timer.start()
    try:
        stop.wait()
    finally:
        logger.info("Stopping the scheduler")
        timer.shutdown(wait=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def project_spiders() -> list[str]:
    """Return the project's spiders that run without arguments, sorted."""
    from scrapy.spiderloader import get_spider_loader
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    # The project's loader: it adds the sites of the sources file.
    loader = get_spider_loader(get_project_settings())
    # `generic` crawls only the site its arguments give: nothing to run alone.
    return sorted(
        name
        for name in loader.list()
        if not getattr(loader.load(name), "needs_arguments", False)
    )
