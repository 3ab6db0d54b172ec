"""What a new version changed against the previous one, as the store records it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newscrawl.changes.diff import word_changes
from newscrawl.text.minor import is_minor_change

#: The texts of a version that make its content, in reading order.
TEXTS = ("title", "standfirst", "byline", "body")


def _paragraphs(version: Mapping[str, Any]) -> list[str]:
    """The version's texts as paragraphs: the fields, then the body's paragraphs."""
    fields = [version.get(name) or "" for name in TEXTS[:-1]]
    return [*fields, *(version.get("body") or "").split("\n")]


def compare_versions(
    previous: Mapping[str, Any], new: Mapping[str, Any]
) -> dict[str, Any]:
    """Return the new version's ``words_added``, ``words_removed``,
    ``changed_fields`` and ``minor``.

    Both are versions as stored: ``title``, ``standfirst``, ``byline`` and
    ``body`` (paragraphs joined by newlines).
    """
    added, removed = word_changes(_paragraphs(previous), _paragraphs(new))
    return {
        "words_added": added,
        "words_removed": removed,
        "changed_fields": [name for name in TEXTS if new[name] != previous.get(name)],
        "minor": is_minor_change(previous, new),
    }
