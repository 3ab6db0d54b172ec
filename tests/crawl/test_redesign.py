"""A publisher redesigns its pages: the crawl keeps tracking through the fallback,
health says so, and a parser for the new markup corrects the history."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from parsel import Selector
from pymongo.database import Database

from newscrawl.items import ArticleItem
from newscrawl.parsers import guardian
from newscrawl.reread import reread
from newscrawl.store.articles import ArticleStore
from tests.support.crawling import ROOT
from testsite.markup import e, ld_script, strip_marker
from testsite.server import TestSite, sample_article

DCR = "/world/2026/nov/20/harbour-wall-repair"
NOW = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
RULES = {"min_body_words": 40, "include_liveblogs": True, "max_text_bytes": 2**22}


def _redesigned(article: dict) -> str:
    """The article in a markup no parser of newscrawl knows (our own invention)."""
    body = "".join(f"<p>{e(strip_marker(p))}</p>" for p in article["body"])
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article["title"],
        "datePublished": article["published"].isoformat(),
    }
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{e(article['title'])} | The Guardian</title>"
        "<meta property='og:type' content='article'>"
        f"{ld_script(ld)}</head><body><div id='app'><section class='x-story'>"
        f"<h1 class='x-head'>{e(article['title'])}</h1>"
        f"<div class='x-byline'>{e(article['byline'])}</div>"
        f"<div class='x-text'>{body}</div></section></div></body></html>"
    )


def redesign(site: TestSite) -> None:
    """Serve every article page (both generations) in the new markup, its text
    as it was; the live blog and the sign-in wall stay as they were."""
    for path in list(site.pages):
        if site.pages[path]["kind"] in ("dcr", "frontend"):
            site.edit(path, html=_redesigned(site.article(path)))
            site.set_kind(path, "raw")


def new_markup_parser(url: str, html: str | bytes) -> ArticleItem:
    """The Guardian parser, fixed for the new markup: a test-only parser."""
    sel = Selector(text=html if isinstance(html, str) else html.decode())
    return ArticleItem(
        url=url,
        source="guardian",
        title=sel.css("h1.x-head::text").get(""),
        byline=sel.css(".x-byline::text").get(""),
        body=sel.css(".x-text p::text").getall(),
        parser_version=f"{guardian.PARSER_VERSION}-new-markup",
    )


class _Receiver(BaseHTTPRequestHandler):
    alerts: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers["Content-Length"])
        self.alerts.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict]]]:
    alerts: list[dict] = []
    handler = type("Receiver", (_Receiver,), {"alerts": alerts})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/alerts", alerts
    server.shutdown()


def _causes(db: Database, site: TestSite, path: str) -> list[str]:
    versions = db.versions.find({"article": site.url(path)}).sort("version", 1)
    return [v["cause"] for v in versions]


def test_a_redesign_is_read_by_the_fallback_flagged_and_corrected_later(
    crawl, site, db, mongo_uri, webhook
):
    url, alerts = webhook
    for n in range(3):  # more articles: health weighs shares of five pages or more
        site.add(sample_article(f"coastal-path-update-{n}"))
    settings = {"NEWSCRAWL_ALERT_WEBHOOK": url}
    for _ in range(3):  # a usual history
        usual = crawl(settings=settings)
        assert usual.returncode == 0
    assert alerts == []
    tracked = db.articles.count_documents({})

    redesign(site)
    result = crawl(settings=settings)
    assert result.returncode == 0
    # Every article was read by the fallback (and the stub, then rejected as
    # too short): the switch is the parser's doing, never a publisher's change.
    assert result.stat("fallback") == tracked + 1
    assert result.stat("rejected") == usual.stat("rejected")  # the stub, the wall
    assert _causes(db, site, DCR) == ["publisher", "parser"]
    assert {a["change_count"] for a in db.articles.find()} == {0}
    # health says so, and the webhook heard it.
    health = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "health", "--json", "--now",
         crawl.now.isoformat(), "--mongo-uri", mongo_uri, "--database", db.name],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert health.returncode == 1, health.stderr
    (verdict,) = json.loads(health.stdout)
    assert verdict["state"] == "unhealthy"
    assert any("read by the fallback" in p for p in verdict["problems"])
    assert [(a["source"], a["state"]) for a in alerts] == [("guardian", "unhealthy")], (
        result.log[-4000:]
    )

    # A publisher's edit after the redesign is the publisher's change.
    page = site.article(DCR)
    site.edit(DCR, html=page["html"].replace("divides town", "splits the town"))
    edited = crawl(settings=settings)
    assert edited.stat("changed") == 1 and edited.stat("fallback") == tracked + 1
    assert _causes(db, site, DCR)[-1] == "publisher"

    # A parser for the new markup re-reads the archived pages: parser changes.
    before = {a["_id"]: a["change_count"] for a in db.articles.find()}
    outcomes: list[tuple[str, str, str]] = []
    tally = reread(
        ArticleStore(db),
        now=NOW,
        rules=RULES,
        parser_of=lambda _: new_markup_parser,
        progress=lambda *heard: outcomes.append(heard),
    )["guardian"]
    assert dict(tally) == {"read": tracked, "corrected": tracked}, outcomes
    after = {a["_id"]: a["change_count"] for a in db.articles.find()}
    assert after == before  # no publisher's change
    assert _causes(db, site, DCR) == ["publisher", "parser", "publisher", "parser"]
