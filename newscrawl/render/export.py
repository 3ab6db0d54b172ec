"""Rows for ``newscrawl export``: articles, versions or changes as JSON lines or CSV.

Each kind of row has a fixed list of columns (docs/export.md), in the same
order in both formats. Rows are written as they come, so an export of any
size needs no more memory than one row.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import IO, Any

ARTICLE_COLUMNS = (
    "url",
    "source",
    "status",
    "title",
    "section",
    "published",
    "modified",
    "first_seen",
    "last_changed",
    "last_checked",
    "next_check",
    "version_count",
    "change_count",
    "parser_change_count",
    "check_count",
)
VERSION_COLUMNS = (
    "url",
    "id",
    "source",
    "version",
    "fetched_at",
    "cause",
    "minor",
    "changed_fields",
    "words_added",
    "words_removed",
    "title",
    "alt_title",
    "standfirst",
    "byline",
    "body",
    "published",
    "modified",
    "section",
    "tags",
    "hash",
    "parser_version",
)
CHANGE_COLUMNS = (
    "url",
    "id",
    "source",
    "version",
    "fetched_at",
    "previous_fetched_at",
    "title",
    "previous_title",
    "changed_fields",
    "words_added",
    "words_removed",
    "minor",
)
#: Columns of crawled text: in CSV, one that starts like a formula is quoted.
_TEXTS = {
    "title",
    "alt_title",
    "previous_title",
    "standfirst",
    "byline",
    "body",
    "section",
}
#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: How CSV joins a list (changed fields, tags) into one cell.
LIST_SEPARATOR = ";"


def article_row(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Return an ``articles`` document as a row of ARTICLE_COLUMNS."""
    row = {column: doc.get(column) for column in ARTICLE_COLUMNS}
    row["url"] = doc["_id"]
    # Articles stored before parser versions were kept lack the count.
    row["parser_change_count"] = doc.get("parser_change_count", 0)
    return row


def version_row(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Return a ``versions`` document as a row of VERSION_COLUMNS."""
    row = {column: doc.get(column) for column in VERSION_COLUMNS}
    row.update(_version_ids(doc))
    row["cause"] = doc.get("cause") or "publisher"
    row["minor"] = bool(doc.get("minor", False))
    return row


def change_row(
    before: Mapping[str, Any] | None, doc: Mapping[str, Any]
) -> dict[str, Any]:
    """Return a change (a version and the one *before* it) as a row of
    CHANGE_COLUMNS."""
    row = {column: doc.get(column) for column in CHANGE_COLUMNS}
    row.update(_version_ids(doc))
    row["minor"] = bool(doc.get("minor", False))
    row["previous_fetched_at"] = before["fetched_at"] if before else None
    row["previous_title"] = before.get("title") if before else None
    return row


def _version_ids(doc: Mapping[str, Any]) -> dict[str, Any]:
    url = doc["article"]
    return {"url": url, "id": f"{url}#v{doc['version']}"}


def write_jsonl(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """Write one JSON object per line; return how many."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=_iso) + "\n")
        count += 1
    return count


def write_csv(
    rows: Iterable[Mapping[str, Any]], columns: tuple[str, ...], out: IO[str]
) -> int:
    """Write a header line, then one line per row; return how many rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(column, row[column]) for column in columns])
        count += 1
    return count


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _cell(column: str, value: Any) -> str:
    """Return one CSV cell: empty for null, ISO times, lists joined, texts safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    text = str(value)
    if column in _TEXTS and text.startswith(_FORMULA_STARTS):
        # A headline like "=HYPERLINK(...)" must stay text in a spreadsheet.
        return "'" + text
    return text
