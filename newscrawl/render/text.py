"""A version diff as terminal text: coloured where the terminal can, marked where not.

Without colour, deleted words read ``[-like this-]`` and inserted words
``{+like this+}`` (the markers of ``git diff --word-diff=plain``); each
paragraph line starts with ``~`` changed, ``+`` inserted, ``-`` deleted, ``<``
moved away and ``>`` moved here. Runs of unchanged paragraphs are folded into
one line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import IO

from newscrawl.changes.diff import Block, Segment, VersionDiff, heading
from newscrawl.render.times import utc

_RED, _GREEN, _CYAN, _BOLD, _DIM, _RESET = (
    "\x1b[31m",
    "\x1b[32m",
    "\x1b[36m",
    "\x1b[1m",
    "\x1b[2m",
    "\x1b[0m",
)
# Control characters in a stored text must not reach the terminal as commands.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PREFIX = {
    "changed": "~",
    "split": "~",
    "merged": "~",
    "inserted": "+",
    "deleted": "-",
    "moved_out": "<",
    "moved_in": ">",
}


def wants_color(stream: IO[str], environ: Mapping[str, str], choice: str) -> bool:
    """Return whether to colour: *choice* is ``always``, ``never`` or ``auto``.

    ``auto`` colours a terminal unless ``NO_COLOR`` is set or ``TERM`` is
    ``dumb`` (https://no-color.org).
    """
    if choice in ("always", "never"):
        return choice == "always"
    isatty = getattr(stream, "isatty", None)
    return bool(
        isatty
        and isatty()
        and "NO_COLOR" not in environ
        and environ.get("TERM", "") != "dumb"
    )


def safe(text: str) -> str:
    """Return *text* with control characters (terminal escapes) made visible."""
    return _CONTROL_RE.sub("\ufffd", text)


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def paint(self, code: str, text: str) -> str:
        text = safe(text)
        return f"{code}{text}{_RESET}" if self.color and text else text

    def segment(self, segment: Segment) -> str:
        if segment.op == "delete":
            return (
                self.paint(_RED, segment.text)
                if self.color
                else f"[-{safe(segment.text)}-]"
            )
        if segment.op == "insert":
            return (
                self.paint(_GREEN, segment.text)
                if self.color
                else f"{{+{safe(segment.text)}+}}"
            )
        if segment.op == "split":
            return self.paint(_GREEN, "¶") if self.color else "{+¶+}"
        if segment.op == "join":
            return self.paint(_RED, "¶") if self.color else "[-¶-]"
        return safe(segment.text)

    def inline(self, segments: Sequence[Segment]) -> str:
        return " ".join(self.segment(s) for s in segments)


def _paragraph_numbers(indexes: Sequence[int]) -> str:
    if not indexes:
        return ""
    first, last = indexes[0] + 1, indexes[-1] + 1
    return f"¶{first}" if first == last else f"¶{first}-{last}"


def _block_line(block: Block, style: _Style) -> str:
    prefix = _PREFIX[block.kind]
    where = _paragraph_numbers(block.new)
    was = f"(was {_paragraph_numbers(block.old)})"
    if block.kind == "inserted":
        text = style.paint(_GREEN, " ".join(s.text for s in block.segments))
        return f"{prefix} {where}  {text}"
    if block.kind == "deleted":
        text = style.paint(_RED, " ".join(s.text for s in block.segments))
        return f"{prefix} {was}  {text}"
    if block.kind == "moved_out":
        note = style.paint(_CYAN, f"moved to ¶{(block.partner or 0) + 1}")
        return f"{prefix} {was}  {note}"
    text = style.inline(block.segments)
    if block.kind == "moved_in":
        note = style.paint(_CYAN, f"moved from ¶{(block.partner or 0) + 1}:")
        return f"{prefix} {where}  {note} {text}"
    return f"{prefix} {where}  {text}"


def render_text(diff: VersionDiff, *, color: bool = False) -> str:
    """Return *diff* as text for a terminal, with ANSI colours when *color*."""
    style = _Style(color)
    old, new = diff.old, diff.new
    summary = f"{utc(old.fetched_at)} -> {utc(new.fetched_at)}, "
    summary += f"+{diff.words_added} -{diff.words_removed} words"
    if new.minor:
        summary += " (a minor change: timestamps or typography only)"
    lines = [
        style.paint(_BOLD, heading(diff)),
        summary,
        "",
    ]
    if not diff.changed_fields:
        lines.append("No differences.")
        return "\n".join(lines)
    for field in diff.fields:
        if field.changed or field.name == "title":
            lines.append(f"{field.label + ':':<12}{style.inline(field.segments)}")
    lines.append("")
    unchanged: list[Block] = []
    for block in [*diff.blocks, None]:
        if block is not None and block.kind == "unchanged":
            unchanged.append(block)
            continue
        if unchanged:
            count = len(unchanged)
            numbers = _paragraph_numbers([unchanged[0].new[0], unchanged[-1].new[0]])
            plural = "paragraph" if count == 1 else "paragraphs"
            lines.append(
                style.paint(_DIM, f"  {numbers}  ({count} unchanged {plural})")
            )
            unchanged = []
        if block is not None:
            lines.append(_block_line(block, style))
    return "\n".join(lines)


def render_texts(
    diffs: Sequence[VersionDiff], *, title: str, color: bool = False
) -> str:
    """Return several diffs of one article, under its headline, one after another."""
    parts = [safe(title), ""] if title else []
    parts.append(("\n\n").join(render_text(d, color=color) for d in diffs))
    return "\n".join(parts)
