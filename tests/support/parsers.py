"""What the per-source parser tests share: small pages, cut pages, UTC checks."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone


def page_html(head: str = "", body: str = "", body_attrs: str = "") -> str:
    """A minimal HTML page with that head and body (and <body> attributes)."""
    return (
        f"<!DOCTYPE html><html><head>{head}</head>"
        f"<body{body_attrs}>{body}</body></html>"
    )


def drop(html: str, pattern: str) -> str:
    """The page with every match of a regex removed, which must match."""
    stripped, count = re.subn(pattern, "", html, flags=re.DOTALL)
    assert count, pattern
    return stripped


def assert_utc(moment: datetime | None) -> None:
    """The datetime is aware and in UTC."""
    assert moment is not None
    assert moment.utcoffset() == timedelta(0)
    assert moment.tzinfo is timezone.utc
