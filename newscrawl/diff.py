"""Word-level differences between two versions of an article."""

from __future__ import annotations

from difflib import SequenceMatcher


def _words(paragraphs: list[str]) -> list[str]:
    return [word for paragraph in paragraphs for word in paragraph.split()]


def word_changes(old: list[str], new: list[str]) -> tuple[int, int]:
    """Return (words added, words removed) going from *old* to *new* texts."""
    matcher = SequenceMatcher(None, _words(old), _words(new), autojunk=False)
    added = removed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return added, removed
