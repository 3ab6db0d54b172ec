"""Diffs rendered as terminal text, HTML and JSON; hostile text stays text."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

from newscrawl.changes.diff import VersionText, diff_versions
from newscrawl.render.html import page_title, render_inline, render_page
from newscrawl.render.json import diff_data
from newscrawl.render.text import heading, render_text, wants_color

T0 = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
BODY = [
    "The council met on Tuesday evening to discuss the harbour wall.",
    "Engineers said the repair would take two years and cost a lot.",
    "A final decision is expected at the next meeting in January.",
]
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def _pair(title: str, body: list[str]) -> tuple[VersionText, VersionText]:
    old = VersionText(0, T0, "Harbour wall plan", "S", "B", tuple(BODY))
    new = VersionText(1, T0 + timedelta(hours=2), title, "S", "B", tuple(body))
    return old, new


class _Collect(HTMLParser):
    """The elements of a page and its text, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_text_without_colour_marks_words_and_paragraphs():
    body = [BODY[0], BODY[1].replace("two", "three"), "A new paragraph here.", BODY[2]]
    text = render_text(diff_versions(*_pair("Harbour wall plan approved", body)))
    lines = text.splitlines()
    assert lines[0] == "Version 0 / Version 1 (about 2 hours later)"
    assert lines[1] == "2026-11-20 10:00 UTC -> 2026-11-20 12:00 UTC, +6 -1 words"
    assert "Headline:   Harbour wall plan {+approved+}" in lines
    assert "  ¶1  (1 unchanged paragraph)" in lines
    marked = "[-two-] {+three+} years and cost a lot."
    assert "~ ¶2  Engineers said the repair would take " + marked in lines
    assert "+ ¶3  A new paragraph here." in lines
    assert "\x1b" not in text


def test_text_with_colour_uses_ansi_and_no_markers():
    body = [BODY[0], BODY[1].replace("two", "three"), BODY[2]]
    text = render_text(diff_versions(*_pair("Harbour wall plan", body)), color=True)
    assert "\x1b[31mtwo\x1b[0m \x1b[32mthree\x1b[0m" in text
    assert "[-" not in text and "{+" not in text


def test_text_neutralises_terminal_escapes_in_stored_text():
    evil = "Headline \x1b]0;pwned\x07 with \x1b[2J escapes"
    text = render_text(diff_versions(*_pair(evil, BODY)))
    assert "\x1b" not in text and "\x07" not in text
    assert "\ufffd" in text


def test_deleted_and_moved_paragraphs_in_text():
    text = render_text(diff_versions(*_pair("Harbour wall plan", [BODY[2], BODY[0]])))
    lines = text.splitlines()
    assert "- (was ¶2)  " + BODY[1] in lines
    assert "< (was ¶3)  moved to ¶1" in lines
    assert "> ¶1  moved from ¶3: " + BODY[2] in lines


def test_no_differences():
    old, _ = _pair("Harbour wall plan", BODY)
    assert render_text(diff_versions(old, old)).endswith("No differences.")


def test_colour_only_on_a_terminal_that_wants_it():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wants_color(Tty(), {"TERM": "xterm"}, "auto")
    assert not wants_color(Tty(), {"TERM": "xterm", "NO_COLOR": "1"}, "auto")
    assert not wants_color(Tty(), {"TERM": "dumb"}, "auto")
    assert not wants_color(io.StringIO(), {"TERM": "xterm"}, "auto")
    assert wants_color(io.StringIO(), {}, "always")
    assert not wants_color(Tty(), {"TERM": "xterm"}, "never")


def test_html_side_by_side_marks_deletions_and_insertions():
    body = [BODY[0], BODY[1].replace("two", "three"), BODY[2], "Added at the end."]
    diff = diff_versions(*_pair("Harbour wall plan approved", body))
    page = render_page(
        [diff],
        title=page_title([diff]),
        article_url="https://x.test/a",
        source="guardian",
    )
    assert "<title>Version 0 / Version 1 (about 2 hours later)</title>" in page
    assert '<td class="old">' in page and '<td class="new">' in page
    assert "<del>two</del>" in page and "<ins>three</ins>" in page
    assert '<tr class="inserted"><th>¶4</th><td class="old"></td>' in page
    assert '<a href="https://x.test/a">' in page


def test_hostile_text_is_shown_as_text_everywhere():
    old = VersionText(0, T0, "Plan", "S", "B", tuple(BODY))
    new = VersionText(
        1, T0 + timedelta(hours=1), HOSTILE, HOSTILE, "B", (BODY[0], HOSTILE, *BODY[1:])
    )
    diff = diff_versions(old, new)
    for html in (
        render_page(
            [diff], title=HOSTILE, article_url="javascript:alert(1)", source=HOSTILE
        ),
        render_inline(diff),
    ):
        parsed = _Collect()
        parsed.feed(html)
        assert "script" not in parsed.tags and "img" not in parsed.tags
        assert not any(name.startswith("on") for name, _ in parsed.attrs)
        assert not any("javascript:" in (value or "") for _, value in parsed.attrs)
        assert HOSTILE in "".join(parsed.text).replace("\n", "")
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_page_loads_nothing_and_forbids_scripts():
    diff = diff_versions(*_pair("Harbour wall plan", BODY))
    page = render_page([diff], title="t", article_url="https://x.test/a", source="g")
    parsed = _Collect()
    parsed.feed(page)
    assert not {"script", "link", "img", "iframe", "object"} & set(parsed.tags)
    assert "default-src 'none'" in page
    assert "src=" not in page and "@import" not in page


def test_page_title_for_several_diffs():
    old, new = _pair("Harbour wall plan approved", BODY)
    newer = VersionText(2, T0 + timedelta(days=1), "Final", "S", "B", tuple(BODY))
    diffs = [diff_versions(old, new), diff_versions(new, newer)]
    assert page_title(diffs) == "Every change, 2 in all: Final"
    assert page_title(diffs[:1]) == "Version 0 / Version 1 (about 2 hours later)"


def test_heading_says_which_versions_and_how_far_apart():
    old, new = _pair("Harbour wall plan", BODY)
    assert heading(diff_versions(old, new)) == (
        "Version 0 / Version 1 (about 2 hours later)"
    )
    undated = VersionText(2, None, "T", "S", "B", tuple(BODY))
    assert heading(diff_versions(undated, undated)) == "Version 2 / Version 2"


def test_json_shape():
    old = VersionText(0, T0, "Old headline here", "S", "B", tuple(BODY))
    new = VersionText(
        1, T0 + timedelta(hours=2), "New headline here", "S", "B", (BODY[0], BODY[2])
    )
    out = diff_data(diff_versions(old, new))
    assert out["heading"] == "Version 0 / Version 1 (about 2 hours later)"
    assert out["from"] == {
        "version": 0,
        "fetched_at": "2026-11-20T10:00:00+00:00",
        "title": "Old headline here",
        "minor": False,
    }
    assert out["changed_fields"] == ["title", "body"]
    kinds = [p["kind"] for p in out["paragraphs"]]
    assert kinds == ["unchanged", "deleted", "unchanged"]
    assert out["fields"][0]["segments"] == [
        ["delete", "Old"],
        ["insert", "New"],
        ["equal", "headline here"],
    ]


def _long_article_diff():
    """40 paragraphs; version 1 changes a word of the last one only."""
    body = [
        f"Paragraph {n} of the long report says what happened on day {n}."
        for n in range(1, 41)
    ]
    old = VersionText(0, T0, "Long report", "S", "B", tuple(body))
    changed = [*body[:-1], body[-1].replace("happened", "went on")]
    new = VersionText(
        1, T0 + timedelta(hours=1), "Long report", "S", "B", tuple(changed)
    )
    return diff_versions(old, new)


def test_the_diff_page_folds_unchanged_runs_and_starts_at_the_first_change():
    page = render_page(
        [_long_article_diff()],
        title="Version 0 / Version 1",
        article_url="https://x.test/a",
        source="g",
    )
    rows = page.split("<tbody>", 1)[1]
    folded, rest = rows.split("</details>", 1)
    # The fields, then one line for ¶1-39 that opens (no script) to show them.
    assert '<tr class="folded"><td colspan="3"><details class="unchanged">' in folded
    assert "<summary>¶1–39: 39 unchanged paragraphs</summary>" in folded
    assert folded.count('<tr class="unchanged">') == 39
    assert rest.startswith('</td></tr><tr class="changed"><th>¶40</th>')
    inline = render_inline(_long_article_diff(), unchanged=True)
    assert "<summary>¶1–39: 39 unchanged paragraphs</summary>" in inline
    assert inline.count('<p class="unchanged">') == 39 + 3  # and the 3 fields


def test_the_standalone_page_says_its_heading_once():
    diff = _long_article_diff()
    page = render_page(
        [diff], title=page_title([diff]), article_url="https://x.test/a", source="g"
    )
    parsed = _Collect()
    parsed.feed(page)
    text = "".join(parsed.text)
    # In the window's title and over the comparison; the page's heading is the
    # article's.
    assert text.count("Version 0 / Version 1 (about 1 hour later)") == 2
    assert "<h1>Long report</h1>" in page
