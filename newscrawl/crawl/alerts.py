"""Tell a webhook when a source turns unhealthy or recovers (NEWSCRAWL_ALERT_WEBHOOK).

After each crawl its source is judged (newscrawl.health) on its recent
crawls. When the verdict differs from the one last announced (``ok`` and
``unhealthy``; ``unknown`` is never announced), a JSON object is POSTed:
``{"source", "state", "problems", "at", "last_crawl"}``. A webhook that does
not answer costs a log line, and the change is announced again after the
next crawl.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from urllib.error import URLError
from urllib.request import Request, urlopen

from newscrawl.crawl.config import CrawlConfig
from newscrawl.health import Verdict, verdicts
from newscrawl.render.json import iso, verdict_data
from newscrawl.store import crawls
from newscrawl.store.articles import ArticleStore

logger = logging.getLogger(__name__)

#: Seconds the webhook has to answer.
_TIMEOUT = 10


def judge(
    store: ArticleStore, source: str, *, now: datetime, config: CrawlConfig
) -> Verdict:
    """Judge *source* now; announce a change of its health. Blocks: run in a thread."""
    (verdict,) = verdicts(store, source, now=now)
    if verdict.state == "unknown":
        return verdict
    last = crawls.last_verdict(store, source)
    if last is not None and last["state"] == verdict.state:
        return verdict
    if last is None and verdict.state == "ok":
        # A source's first verdict is news only when it is bad.
        crawls.set_verdict(store, source, verdict.state, now)
        return verdict
    if verdict.state == "unhealthy":
        logger.warning("%s is unhealthy: %s", source, "; ".join(verdict.problems))
    else:
        logger.info("%s is healthy again", source)
    if not config.alert_webhook or _post(config.alert_webhook, verdict, now):
        crawls.set_verdict(store, source, verdict.state, now)
    return verdict


def _post(url: str, verdict: Verdict, now: datetime) -> bool:
    """POST the verdict; say whether the webhook took it."""
    body = json.dumps({**verdict_data(verdict), "at": iso(now)}).encode()
    request = Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urlopen(request, timeout=_TIMEOUT) as response:
            ok = 200 <= response.status < 300
    except (URLError, OSError, ValueError) as exc:
        logger.error("The alert webhook %s did not take the alert: %s", url, exc)
        return False
    if not ok:
        logger.error("The alert webhook %s answered HTTP %d", url, response.status)
    return ok
