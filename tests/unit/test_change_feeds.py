"""RSS and Atom feeds of changes (newscrawl.render.feeds), checked with feedparser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import feedparser
import pytest

from newscrawl.render.feeds import change_entry, render_feed

URL = "https://www.theguardian.com/world/2026/nov/20/harbour-wall-repair"
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
ATOM = "{http://www.w3.org/2005/Atom}"


def _version(number: int, title: str, body: str, **extra: object) -> dict:
    return {
        "article": URL,
        "source": "guardian",
        "version": number,
        "fetched_at": T0 + timedelta(hours=2 * number),
        "title": title,
        "standfirst": "Engineers say a barrier could help.",
        "byline": "Alex Example",
        "body": body,
        "words_added": 0,
        "words_removed": 0,
        "changed_fields": ["title"] if number else [],
        **extra,
    }


V0 = _version(0, "Harbour wall plan", "The council met.\nEngineers spoke.")
V1 = _version(1, "Harbour wall plan approved", "The council met.\nEngineers spoke.")
V2 = _version(
    2,
    'Plan <script>alert("x")</script> & more',
    "The council met.\nEngineers spoke at length.\n<b>bold</b> \x0b claim",
)


def _feed(atom: bool) -> bytes:
    entries = [change_entry(V1, V2), change_entry(V0, V1)]
    return render_feed(
        entries,
        title="Changes to: Harbour wall plan",
        link=URL,
        feed_id=URL + "#changes",
        description="Every change",
        updated=entries[0].updated,
        atom=atom,
    )


@pytest.mark.parametrize("atom", [False, True])
def test_feed_is_valid_with_one_entry_per_change(atom):
    parsed = feedparser.parse(_feed(atom))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == ("atom10" if atom else "rss20")
    assert parsed.feed.title == "Changes to: Harbour wall plan"
    assert parsed.feed.link == URL
    assert [e.id for e in parsed.entries] == [URL + "#v2", URL + "#v1"]
    newest, older = parsed.entries
    assert older.title == "Harbour wall plan approved (version 1)"
    assert older.link == URL
    assert tuple(older.published_parsed)[:5] == (2026, 11, 20, 12, 0)
    assert tuple(newest.published_parsed)[:5] == (2026, 11, 20, 14, 0)
    assert "<ins>approved</ins>" in older.content[0].value
    assert older.summary.startswith("Version 1: +1 -0 words; changed: title")


@pytest.mark.parametrize("atom", [False, True])
def test_hostile_text_is_escaped_in_entries(atom):
    parsed = feedparser.parse(_feed(atom))
    newest = parsed.entries[0]
    # The title is plain text; the content's HTML shows the markup as text.
    assert newest.title == 'Plan <script>alert("x")</script> & more (version 2)'
    content = newest.content[0].value
    assert "<script>" not in content
    assert "&lt;script&gt;" in content and "&lt;b&gt;bold&lt;/b&gt;" in content


def test_atom_structure():
    root = ET.fromstring(_feed(atom=True))
    assert root.tag == ATOM + "feed"
    assert root.find(ATOM + "id").text == URL + "#changes"
    assert root.find(ATOM + "updated").text == "2026-11-20T14:00:00+00:00"
    assert root.find(f"{ATOM}author/{ATOM}name").text == "newscrawl"
    entries = root.findall(ATOM + "entry")
    assert len(entries) == 2
    for entry in entries:
        for child in ("id", "title", "updated", "content", "link"):
            assert entry.find(ATOM + child) is not None, child
        assert entry.find(ATOM + "content").get("type") == "html"


def test_rss_structure():
    channel = ET.fromstring(_feed(atom=False)).find("channel")
    assert channel.find("lastBuildDate").text == "Fri, 20 Nov 2026 14:00:00 +0000"
    items = channel.findall("item")
    assert [i.find("guid").text for i in items] == [URL + "#v2", URL + "#v1"]
    assert all(i.find("guid").get("isPermaLink") == "false" for i in items)
    assert items[1].find("pubDate").text == "Fri, 20 Nov 2026 12:00:00 +0000"


def test_the_same_changes_give_the_same_bytes():
    assert _feed(atom=False) == _feed(atom=False)
    assert _feed(atom=True) == _feed(atom=True)
