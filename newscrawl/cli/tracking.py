"""``newscrawl extract``, ``summary`` and ``recheck``: parsers and what is tracked."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.changes.lookup import NotFound, find_article
from newscrawl.cli import options
from newscrawl.health import verdicts
from newscrawl.items import ArticleItem
from newscrawl.parsers import PARSERS
from newscrawl.parsers.page import Page, canonical
from newscrawl.render.json import iso, item_data
from newscrawl.render.text import format_summary
from newscrawl.store import queries
from newscrawl.text.normalize import normalize_item


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``extract``, ``summary`` and ``recheck`` to the ``newscrawl`` command."""
    extract = commands.add_parser(
        "extract", help="parse a saved page and print the article as JSON"
    )
    extract.add_argument("page", help="the saved HTML file")
    extract.add_argument("--url", required=True, help="the URL the page was saved from")
    extract.add_argument(
        "--source",
        choices=sorted(PARSERS),
        help="which parser (default: the source whose site the URL is on, else"
        " generic)",
    )
    extract.set_defaults(run=_extract)

    summary = commands.add_parser(
        "summary", help="articles, versions and changes stored, per source"
    )
    options.add_store_options(summary)
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.set_defaults(run=_summary)

    recheck = commands.add_parser(
        "recheck", help="fetch tracked articles now, due or not (also retired ones)"
    )
    recheck.add_argument("urls", nargs="+", metavar="URL", help=options.ARTICLE_HELP)
    options.add_store_options(recheck)
    recheck.set_defaults(run=_recheck)


def _extract(args: argparse.Namespace) -> int:
    try:
        html = Path(args.page).read_bytes()
    except OSError as exc:
        print(
            f"newscrawl extract: cannot read {args.page}: {exc.strerror}",
            file=sys.stderr,
        )
        return options.EXIT_NOT_FOUND
    refusal = _not_a_page(html)
    if refusal:
        print(f"newscrawl extract: {args.page} {refusal}", file=sys.stderr)
        return options.EXIT_USAGE
    source, note = _parser_for(args.url, args.source)
    item = PARSERS[source](args.url, html)
    if args.source:
        foreign = _foreign_site(args.url, html, args.source)
        if foreign:
            item.page_type, note = "other", foreign
    item = normalize_item(item)
    note = note or _why_no_article(item)
    print(json.dumps(item_data(item, note=note), ensure_ascii=False, indent=2))
    return options.EXIT_OK


#: Hosts of sources' archives that their spiders no longer follow but whose
#: pages the source's parser reads (BBC News .stm pages of 1997-2010).
_ARCHIVE_HOSTS = {"news.bbc.co.uk": "bbc"}
#: Hosts a source's publisher owns but newscrawl does not track: other
#: templates, read by the generic parser.
_UNTRACKED_HOSTS = {
    "money.cnn.com": "cnn",
    "politico.eu": "politico",
    "www.politico.eu": "politico",
    "subscriber.politicopro.com": "politico",
}
_NOT_ARTICLES = {
    "paywall": "a copy cut short for subscribers: not stored",
    "interstitial": "a consent, sign-in or challenge page instead of the article:"
    " not stored",
    "other": "no article found in this parser's markup: not stored",
}
# A byte order mark says the NUL bytes of UTF-16 or UTF-32 text are text.
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


@cache
def source_hosts() -> dict[str, str]:
    """Every host a source's spider follows (its base URL's and aliases) -> source."""
    hosts = dict(_ARCHIVE_HOSTS)
    for source in PARSERS:
        # The spiders own their host lists; the generic one has none of its own.
        module = importlib.import_module(f"spiders.{source}")
        for value in vars(module).values():
            if getattr(value, "name", None) != source or not hasattr(value, "aliases"):
                continue
            for host in (urlsplit(value.default_base_url).hostname, *value.aliases):
                if host:
                    hosts[host.lower()] = source
    return hosts


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return ""


def _parser_for(url: str, forced: str | None) -> tuple[str, str]:
    """The parser for a page of *url*, and a note when the host is not tracked."""
    if forced:
        return forced, ""
    host = _host(url)
    owner = _UNTRACKED_HOSTS.get(host)
    if owner:
        return "generic", (
            f"{host} is {owner}'s but not tracked by newscrawl (another template):"
            " read by the generic parser"
        )
    return source_hosts().get(host, "generic"), ""


def _foreign_site(url: str, html: bytes, forced: str) -> str:
    """Why a page given to a forced parser is another site's, or ""."""
    if forced == "generic":
        return ""
    try:
        own = canonical(Page(url, html)) or ""
    except ValueError:  # lxml refuses the document: nothing to compare
        own = ""
    for where in (own, url):
        host = _host(where)
        owner = source_hosts().get(host) or _UNTRACKED_HOSTS.get(host)
        if owner and owner != forced:
            return f"the page is of {host} ({owner}), not {forced}: read as other"
    return ""


def _not_a_page(html: bytes) -> str:
    """Why the file is no page to parse (empty, binary), or ""."""
    if not html.strip():
        return "is empty"
    head = html[:65536]
    if b"\x00" in head and not head.startswith(_BOMS):
        return "is not an HTML page (binary data)"
    return ""


def _why_no_article(item: ArticleItem) -> str:
    return _NOT_ARTICLES.get(item.page_type, "")


def _summary(args: argparse.Namespace) -> int:
    now = options.now_of(args)
    with closing(options.store_of(args)) as store:
        rows = queries.summary(store, now=now)
        states = {v.source: v.state for v in verdicts(store, now=now)}
    for row in rows:
        row["health"] = states.get(row["source"], "unknown")
    if args.json:
        print(json.dumps(rows, default=iso, indent=2))
        return options.EXIT_OK
    print(f"Store: {store.description}, database {args.database!r}")
    if not rows:
        print("No articles stored yet. Run: scrapy crawl guardian")
        return options.EXIT_OK
    print("\n".join(format_summary(rows)))
    return options.EXIT_OK


def _recheck(args: argparse.Namespace) -> int:
    # Held open while the crawl runs, so an embedded store is shared, not restarted.
    with closing(options.store_of(args)) as store:
        articles = []
        for reference in args.urls:
            try:
                articles.append(find_article(store, reference).article)
            except NotFound as exc:
                print(f"newscrawl recheck: {exc}", file=sys.stderr)
        if len(articles) < len(args.urls):
            return options.EXIT_NOT_FOUND
        code = options.EXIT_OK
        for doc in articles:
            result = run_spider(
                doc["source"],
                base_url=_site_of(doc["_id"]),
                urls=[doc["_id"]],
                env={
                    "MONGO_URI": args.mongo_uri,
                    "MONGO_DATABASE": args.database,
                    **({"NEWSCRAWL_DATA_DIR": args.data_dir} if args.data_dir else {}),
                    **({"NEWSCRAWL_NOW": args.now} if args.now else {}),
                },
            )
            after = queries.article(store, doc["_id"]) or {}
            print(_recheck_outcome(doc, after))
            if result.returncode != 0:
                code = options.EXIT_NOT_FOUND
        return code


def _site_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _recheck_outcome(before: dict[str, Any], after: dict[str, Any]) -> str:
    url = before["_id"]
    if after.get("version_count", 0) > before["version_count"]:
        return f"{url}: changed, now version {after['version_count'] - 1}"
    if after.get("check_count", 0) > before.get("check_count", 0):
        status = after.get("status")
        if status == "gone":
            event = (after.get("events") or [{}])[-1]
            detail = (
                f"HTTP {event['status']}"
                if event.get("status")
                else f"redirected to {event.get('to')}"
            )
            return f"{url}: gone ({detail})"
        return f"{url}: unchanged (version {after['version_count'] - 1}, {status})"
    reason = (after.get("last_error") or {}).get("reason", "see the log above")
    return f"{url}: could not be fetched ({reason})"


def run_spider(
    source: str,
    *,
    base_url: str,
    urls: list[str] | None = None,
    env: dict[str, str],
    settings: dict[str, str] | None = None,
    capture: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run ``scrapy crawl <source>`` (for *urls* only, if given) and wait for it.

    Its log (warnings and errors) goes to stderr, or with *capture* into
    the result.
    """
    command = [sys.executable, "-m", "scrapy", "crawl", source]
    command += ["-a", f"base_url={base_url}"]
    if urls is not None:
        command += ["-a", "urls=" + ",".join(urls)]
    for name, value in {"LOG_LEVEL": "WARNING", **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    # The installed project, whatever the current directory.
    full_env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", **env}
    return subprocess.run(
        command,
        env=full_env,
        stdin=subprocess.DEVNULL,
        capture_output=capture,
        text=True,
    )
