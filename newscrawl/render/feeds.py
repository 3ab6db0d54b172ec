"""RSS 2.0 and Atom 1.0 feeds of changes: one entry per stored change, newest first.

(newscrawl.discovery.feeds is the other direction: it reads publishers'
feeds to discover articles.) An entry's id is the change's version URL, the article's
URL followed by ``#v`` and the version number: stable, and what ``newscrawl
diff`` takes to show that change. Its time is when the new version was
fetched, its title the new headline, and its content the diff as HTML, which
the feed carries escaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from newscrawl.changes.diff import VersionText, diff_versions
from newscrawl.changes.listing import Change
from newscrawl.render.html import render_inline

# XML 1.0 cannot carry these at all, escaped or not.
_NOT_XML_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    """One change as a feed shows it."""

    id: str
    link: str
    title: str
    updated: datetime
    summary: str
    content_html: str


def _xml_safe(text: str) -> str:
    return _NOT_XML_RE.sub("", text)


def change_entry(previous: Mapping[str, Any], version: Mapping[str, Any]) -> FeedEntry:
    """Return the feed entry for *version*, diffed against *previous*."""
    diff = diff_versions(VersionText.from_doc(previous), VersionText.from_doc(version))
    change = Change.from_doc(dict(version))
    fields = ", ".join(change.changed_fields) or "nothing"
    summary = (
        f"Version {change.version}: +{diff.words_added} -{diff.words_removed} words; "
        f"changed: {fields}" + (" (minor)" if change.minor else "")
    )
    return FeedEntry(
        id=change.version_url,
        link=change.url,
        title=f"{change.title} (version {change.version})",
        updated=change.fetched_at,
        summary=summary,
        content_html=render_inline(diff),
    )


def render_feed(
    entries: Sequence[FeedEntry],
    *,
    title: str,
    link: str,
    feed_id: str,
    description: str,
    updated: datetime,
    atom: bool = False,
) -> bytes:
    """Return the feed as RSS 2.0 (or Atom 1.0 with *atom*), UTF-8 XML."""
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(_xml_safe(title))
    feed.link(href=link, rel="alternate")
    feed.description(_xml_safe(description))
    feed.language("en")
    feed.generator("newscrawl")
    # Atom requires an author for the feed; the changes are newscrawl's record.
    feed.author({"name": "newscrawl"})
    # The feed's own time is its newest entry's, so the same store gives the
    # same bytes: no churn for readers or for files kept under version control.
    feed.updated(updated)
    feed.lastBuildDate(updated)
    for item in entries:
        entry = feed.add_entry(order="append")
        entry.id(item.id)
        entry.guid(item.id, permalink=False)
        entry.title(_xml_safe(item.title))
        entry.link(href=item.link)
        entry.published(item.updated)
        entry.updated(item.updated)
        entry.summary(_xml_safe(item.summary))
        entry.content(_xml_safe(item.content_html), type="html")
    return feed.atom_str(pretty=True) if atom else feed.rss_str(pretty=True)


def article_feed(
    article: Mapping[str, Any],
    changes: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]],
    *,
    now: datetime,
    atom: bool = False,
) -> bytes:
    """Return the feed of one article's changes, each a (previous, version) pair."""
    url = article["_id"]
    return _feed(
        changes,
        now=now,
        atom=atom,
        title=f"Changes to: {article.get('title') or url}",
        link=url,
        feed_id=f"{url}#changes",
        description=f"Every change newscrawl stored of {url}",
    )


def source_feed(
    source: str | None,
    changes: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]],
    *,
    now: datetime,
    atom: bool = False,
) -> bytes:
    """Return the feed of the latest changes of a source, or of all with ``None``."""
    name = f"source '{source}'" if source else "all sources"
    return _feed(
        changes,
        now=now,
        atom=atom,
        title=f"Changes to articles of {name}",
        # The site the changes are on, once there are any: the feed is about it.
        link=None,
        feed_id=f"urn:newscrawl:changes:{source or 'all'}",
        description=f"The latest changes newscrawl stored in articles of {name}",
    )


def _feed(
    changes: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]],
    *,
    now: datetime,
    atom: bool,
    link: str | None,
    **about: str,
) -> bytes:
    entries = [change_entry(previous, version) for previous, version in changes]
    if link is None:
        link = (
            "{0.scheme}://{0.netloc}/".format(urlsplit(entries[0].link))
            if entries
            else "https://github.com/newscrawl/newscrawl"
        )
    return render_feed(
        entries,
        link=link,
        updated=entries[0].updated if entries else now,
        atom=atom,
        **about,
    )
