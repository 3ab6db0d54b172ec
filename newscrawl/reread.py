"""Re-read archived pages with today's parsers, and store what they read anew.

A parser fixed today can correct yesterday's readings: for each article, the
page of its newest archived version is read again; where the reading differs
from the version stored from it (and no publisher's version came since), the
new reading is stored as a parser change (docs/schema.md "Parser changes").
The earlier reading stays in the history. Running it again changes nothing;
a run killed half-way is finished by the next; crawls may run meanwhile
(every write is a compare-and-set).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from newscrawl.changes.compare import compare_versions
from newscrawl.crawl.parse_pool import Parser, read_page
from newscrawl.items import ArticleItem
from newscrawl.parsers import PARSERS
from newscrawl.store import archive, queries
from newscrawl.store.articles import ArticleStore
from newscrawl.text.normalize import normalize_item, reject_reason

logger = logging.getLogger(__name__)

#: What one re-read did: read (pages), unchanged, corrected, failed, skipped.
Tally = Counter


def parser_for(source: str) -> Parser | None:
    """Return today's parser of *source*: a built-in one, or a configured site's."""
    if source in PARSERS and source != "generic":
        return PARSERS[source]
    from scrapy.utils.project import get_project_settings

    from newscrawl.crawl.sources import load_sources
    from newscrawl.parsers import generic

    sites, _ = load_sources(get_project_settings())
    site = sites.get(source)
    if site is None:
        return None
    return partial(generic.parse, source=source, selectors=site.selectors)


def read_again(page: dict, parser: Parser) -> ArticleItem:
    """Return what *parser* reads in an archived page today, normalised."""
    content_type = next(
        (value for name, value in page["headers"] if name.lower() == "content-type"),
        None,
    )
    item = read_page(parser, page["article"], archive.decompress(page), content_type)
    item.url, item.source = page["article"], page["source"]
    return normalize_item(item)


def reread_article(
    store: ArticleStore,
    url: str,
    parser: Parser,
    *,
    now: datetime,
    rules: dict[str, Any],
    dry_run: bool = False,
) -> str:
    """Read the page of the article's latest text again; return what was done.

    ``unchanged``, ``corrected`` (stored as a parser change; with
    *dry_run*, would be), ``skipped`` (its page was not kept), ``stale`` (a
    newer version came meanwhile) or ``failed: <why>``.
    """
    page = archive.page_read_last(store, url)
    article = queries.article(store, url)
    if page is None or article is None:
        return "skipped"
    try:
        item = read_again(page, parser)
    except archive.CorruptPage as exc:
        return f"failed: version {page['version']}'s page is damaged ({exc})"
    if reason := reject_reason(item, **rules):
        return f"failed: today's parser reads no article in it ({reason})"
    if item.content_hash == article["latest_hash"]:
        return "unchanged"
    if dry_run:
        return "corrected"
    result = store.save_rereading(
        item,
        of_version=article["version_count"] - 1,
        now=now,
        compare=compare_versions,
    )
    return "corrected" if result.outcome == "changed" else result.outcome


def reread(
    store: ArticleStore,
    *,
    now: datetime,
    rules: dict[str, Any],
    source: str | None = None,
    article: str | None = None,
    dry_run: bool = False,
    parser_of: Callable[[str], Parser | None] = parser_for,
    progress: Callable[[str, str, str], None] | None = None,
) -> dict[str, Tally]:
    """Re-read the newest archived page of every article asked for.

    *rules* are reject_reason()'s: what today's reading must be to count as
    an article. Returns per source what was done; *progress* hears (source,
    url, outcome) for each article.
    """
    tallies: dict[str, Tally] = {}
    parsers: dict[str, Parser | None] = {}
    newest = archive.latest_page_versions(store, source=source, article=article)
    for url in newest:
        doc = queries.article(store, url)
        if doc is None:
            continue
        name = doc["source"]
        if name not in parsers:
            parsers[name] = parser_of(name)
        parser = parsers[name]
        if parser is None:
            outcome = f"failed: no parser for the source {name!r}"
        else:
            outcome = reread_article(
                store, url, parser, now=now, rules=rules, dry_run=dry_run
            )
        tally = tallies.setdefault(name, Tally())
        tally["read"] += outcome != "skipped" and parser is not None
        tally[outcome.split(":")[0]] += 1
        if progress is not None:
            progress(name, url, outcome)
    return tallies
