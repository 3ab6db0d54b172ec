"""A version diff as HTML: side by side for pages, inline for feed entries.

A run of two or more unchanged paragraphs is folded into one line ("12
unchanged paragraphs") that opens to show them, without JavaScript (a
``<details>`` element): a long article's page starts at its first change.
Every text from the store is escaped (``html.escape`` with quotes), so a
headline or paragraph holding ``<script>`` shows as text. Standalone pages
carry their CSS inline, load nothing, and forbid scripts in their
Content-Security-Policy as a second line of defence.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import urlsplit

from newscrawl.changes.diff import Block, Segment, VersionDiff, side
from newscrawl.render.text import heading
from newscrawl.render.times import utc

_CSS = """
body { font: 16px/1.5 Georgia, serif; margin: 2em auto; max-width: 72em;
       padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 2em; }
.meta, .note, th { font: 0.85em/1.4 system-ui, sans-serif; color: #555; }
table.diff { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.diff th { width: 6em; text-align: left; vertical-align: top;
                padding: 0.5em 0.5em 0.5em 0; font-weight: normal; }
table.diff td { width: 50%; vertical-align: top; padding: 0.5em;
                border-top: 1px solid #eee; }
table.diff td p { margin: 0 0 0.5em; }
thead th, thead td { font: 0.85em system-ui, sans-serif; color: #555; }
tr.unchanged td { color: #777; }
del { background: #fdd; color: #900; }
ins { background: #dfd; color: #060; text-decoration: none; }
tr.deleted td.old { background: #fff4f4; }
tr.inserted td.new { background: #f4fff4; }
tr.moved_out td.old, tr.moved_in td.new { background: #f4f8ff; }
.pilcrow { color: #999; }
details.unchanged > summary { cursor: pointer; color: #555;
                              font: 0.85em system-ui, sans-serif; padding: 0.5em 0; }
tr.folded > td { padding: 0; }
"""


def content_security_policy(*, page: str) -> str:
    """Return the Content-Security-Policy of a ``standalone`` or ``viewer`` page.

    No scripts, nothing from elsewhere: a second line of defence behind the
    escaping. A standalone page carries its CSS in a ``<style>``; the viewer
    serves its stylesheet and icon itself, and its search is a form.
    """
    own = "'unsafe-inline'" if page == "standalone" else "'self'"
    policy = f"default-src 'none'; style-src {own}"
    if page == "viewer":
        policy += (
            "; img-src 'self'; form-action 'self'; base-uri 'none';"
            " frame-ancestors 'none'"
        )
    return policy


_CSP = content_security_policy(page="standalone")


def _e(text: str) -> str:
    return escape(text, quote=True)


def _segments_html(segments: Sequence[Segment]) -> str:
    out = []
    for segment in segments:
        if segment.op == "delete":
            out.append(f"<del>{_e(segment.text)}</del>")
        elif segment.op == "insert":
            out.append(f"<ins>{_e(segment.text)}</ins>")
        elif segment.op == "split":
            out.append('<ins class="pilcrow">¶</ins>')
        elif segment.op == "join":
            out.append('<del class="pilcrow">¶</del>')
        else:
            out.append(_e(segment.text))
    return " ".join(out)


def _side_html(segments: Sequence[Segment], which: str) -> str:
    """One side of a block: its paragraphs, each with its marked words."""
    return "".join(f"<p>{_segments_html(p)}</p>" for p in side(segments, which) if p)


def _numbers(indexes: Sequence[int]) -> str:
    if not indexes:
        return ""
    first, last = indexes[0] + 1, indexes[-1] + 1
    return f"¶{first}" if first == last else f"¶{first}–{last}"


def _row(block: Block) -> str:
    old = _side_html(block.segments, "old") if block.old else ""
    new = _side_html(block.segments, "new") if block.new else ""
    if block.kind == "moved_out":
        note = f"moved to ¶{(block.partner or 0) + 1}"
        old = f'<p class="note">{note}</p>{old}'
    elif block.kind == "moved_in":
        note = f"moved from ¶{(block.partner or 0) + 1}"
        new = f'<p class="note">{note}</p>{new}'
    label = _numbers(block.new) or f"was {_numbers(block.old)}"
    return (
        f'<tr class="{block.kind}"><th>{label}</th>'
        f'<td class="old">{old}</td><td class="new">{new}</td></tr>'
    )


def _runs(blocks: Sequence[Block]) -> list[list[Block]]:
    """Split *blocks* into runs: each changed block alone, unchanged ones together."""
    runs: list[list[Block]] = []
    for block in blocks:
        if block.kind == "unchanged" and runs and runs[-1][-1].kind == "unchanged":
            runs[-1].append(block)
        else:
            runs.append([block])
    return runs


def _folded(run: Sequence[Block], shown: str) -> str:
    """A ``<details>`` holding a run of unchanged paragraphs, *shown* when opened."""
    count = len(run)
    where = _numbers([run[0].new[0], run[-1].new[0]])
    return (
        f'<details class="unchanged"><summary>{where}: {count} unchanged'
        f" paragraphs</summary>{shown}</details>"
    )


def _paragraph_rows(blocks: Sequence[Block]) -> list[str]:
    """The table rows of the paragraphs, runs of unchanged ones folded."""
    rows = []
    for run in _runs(blocks):
        if len(run) < 2 or run[0].kind != "unchanged":
            rows += [_row(block) for block in run]
            continue
        inner = "".join(_row(block) for block in run)
        table = f'<table class="diff"><tbody>{inner}</tbody></table>'
        rows.append(
            f'<tr class="folded"><td colspan="3">{_folded(run, table)}</td></tr>'
        )
    return rows


def render_side_by_side(diff: VersionDiff) -> str:
    """Return a ``<section>``: heading, summary and the two versions side by side."""
    old, new = diff.old, diff.new
    rows = [
        f'<tr class="field {"changed" if f.changed else "unchanged"}">'
        f"<th>{_e(f.label)}</th>"
        f'<td class="old">{_side_html(f.segments, "old")}</td>'
        f'<td class="new">{_side_html(f.segments, "new")}</td></tr>'
        for f in diff.fields
        if f.old or f.new
    ]
    rows += _paragraph_rows(diff.blocks)
    minor = " A minor change: timestamps or typography only." if new.minor else ""
    return (
        f'<section class="version-diff" id="v{old.number}-v{new.number}">'
        f"<h2>{_e(heading(diff))}</h2>"
        f'<p class="meta">{diff.words_added} words added, '
        f"{diff.words_removed} removed.{minor}</p>"
        '<table class="diff"><thead><tr><th></th>'
        f"<td>Version {old.number}, {_e(utc(old.fetched_at))}</td>"
        f"<td>Version {new.number}, {_e(utc(new.fetched_at))}</td></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def render_inline(diff: VersionDiff, *, unchanged: bool = False) -> str:
    """Return the changes inline, for a feed entry: no table, no CSS.

    With *unchanged*, the unchanged fields and paragraphs too, each in a
    ``class="unchanged"`` paragraph: the whole new text with its changes marked.
    """
    parts = [f"<p>{diff.words_added} words added, {diff.words_removed} removed.</p>"]
    for f in diff.fields:
        if f.changed:
            parts.append(f"<p><b>{_e(f.label)}:</b> {_segments_html(f.segments)}</p>")
        elif unchanged and f.new:
            parts.append(f'<p class="unchanged"><b>{_e(f.label)}:</b> {_e(f.new)}</p>')
    for run in _runs(diff.blocks):
        block = run[0]
        if block.kind == "unchanged":
            if unchanged:
                shown = "".join(
                    f'<p class="unchanged">{_segments_html(b.segments)}</p>'
                    for b in run
                )
                parts.append(_folded(run, shown) if len(run) > 1 else shown)
            continue
        if block.kind == "moved_out":
            parts.append(
                f"<p><i>{_numbers(block.old)} moved to "
                f"¶{(block.partner or 0) + 1}.</i></p>"
            )
            continue
        where = _numbers(block.new) or f"was {_numbers(block.old)}"
        parts.append(f"<p><i>{where}:</i> {_segments_html(block.segments)}</p>")
    return "".join(parts)


def safe_link(url: str) -> str | None:
    """Return *url* if a page may link to it (http or https), else ``None``."""
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def page_title(diffs: Sequence[VersionDiff]) -> str:
    """Return the page's title: the one comparison's heading, or how many."""
    if len(diffs) == 1:
        return heading(diffs[0])
    headline = diffs[-1].new.title if diffs else ""
    return f"Every change, {len(diffs)} in all: {headline}"


def render_page(
    diffs: Sequence[VersionDiff], *, title: str, article_url: str, source: str
) -> str:
    """Return a complete standalone HTML page showing *diffs* of one article."""
    headline = diffs[-1].new.title if diffs else ""
    href = safe_link(article_url)
    link = f'<a href="{_e(href)}">{_e(article_url)}</a>' if href else _e(article_url)
    sections = "".join(render_side_by_side(d) for d in diffs) or "<p>No changes.</p>"
    # The page's heading is the article's; each comparison's is its section's.
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
        f"<body><header><h1>{_e(headline or article_url)}</h1>"
        f'<p class="meta">{link} · source {_e(source)}</p></header>'
        f"{sections}</body></html>\n"
    )
