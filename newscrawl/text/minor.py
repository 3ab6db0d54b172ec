"""Minor changes: a new version that differs only in a timestamp line or typography.

Such a version is still stored (its hash differs, and the record must be
complete), but it is marked ``minor`` so that lists of changes and feeds can
leave it out. Typography means curly against straight quotes and apostrophes,
the kinds of dash and the ellipsis; a timestamp line is a paragraph (or field)
that holds nothing but a date or time and words like "Last modified on".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u00b4`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u2026": "...",
    }
)
# "a - b", "a -- b" and "a—b" are the same text set differently.
_DASH_RE = re.compile(r"\s*-+\s*")

_MONTHS = (
    "jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
    "sep(t|tember)?|oct(ober)?|nov(ember)?|dec(ember)?"
)
_DAYS = (
    "mon(day)?|tue(s|sday)?|wed(nesday)?|thu(r|rs|rsday)?|fri(day)?|"
    "sat(urday)?|sun(day)?"
)
_DATE_TOKEN_RE = re.compile(
    rf"""^(
        \d{{4}}-\d{{2}}-\d{{2}}([t\s]\d{{2}}:\d{{2}}(:\d{{2}})?(\.\d+)?(z|[+-]\d{{2}}:?\d{{2}})?)?
      | \d{{1,2}}[:.]\d{{2}}([:.]\d{{2}})?(am|pm)?
      | \d{{1,2}}(am|pm)
      | \d{{1,2}}(st|nd|rd|th)?
      | \d{{4}}
      | \d{{1,2}}/\d{{1,2}}/\d{{2,4}}
      | {_MONTHS} | {_DAYS}
      | am | pm | gmt | bst | utc | cet | cest | est | edt | pst | pdt | aest | aedt
    )$""",
    re.X,
)
# Words that label a timestamp; any other word makes the line real text.
_LABELS = frozenset(
    "last first modified updated update published posted edited changed on at "
    "this article was is as of time date".split()
)
# Longer than this, a line is prose even when it is full of dates.
_MAX_TIMESTAMP_WORDS = 14


def is_timestamp_line(text: str) -> bool:
    """Return whether *text* is only a date or time, perhaps with a label."""
    tokens = [t.strip(".,;:()[]|–—-") for t in text.lower().split()]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > _MAX_TIMESTAMP_WORDS:
        return False
    dated = False
    for token in tokens:
        if _DATE_TOKEN_RE.match(token):
            dated = dated or any(c.isdigit() for c in token)
        elif token not in _LABELS:
            return False
    return dated


def typographic_form(text: str) -> str:
    """Return *text* with quotes, dashes and ellipses in plain ASCII form."""
    return _DASH_RE.sub("-", text.translate(_TYPOGRAPHY))


def _comparable(version: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
    def plain(texts: list[str]) -> tuple[str, ...]:
        return tuple(typographic_form(t) for t in texts if not is_timestamp_line(t))

    body = [p for p in (version.get("body") or "").split("\n") if p]
    fields = [version.get(name) or "" for name in ("title", "standfirst", "byline")]
    return (*(plain([f]) for f in fields), plain(body))


def is_minor_change(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Return whether *new* differs from *old* only in timestamps or typography.

    Both are versions as stored: ``title``, ``standfirst``, ``byline`` and
    ``body`` (paragraphs joined by newlines). Identical texts are no change
    at all, so not a minor one either.
    """
    texts = ("title", "standfirst", "byline", "body")
    if all((old.get(k) or "") == (new.get(k) or "") for k in texts):
        return False
    return _comparable(old) == _comparable(new)
