"""Rows of newscrawl export: columns, cells, and what a spreadsheet must not run."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

from newscrawl.render.export import (
    CHANGE_COLUMNS,
    VERSION_COLUMNS,
    change_row,
    version_row,
    write_csv,
    write_jsonl,
)

AT = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
VERSION = {
    "article": "https://example.com/a",
    "source": "example",
    "version": 1,
    "fetched_at": AT,
    "title": '=HYPERLINK("https://evil.example", "click")',
    "words_added": 2,
    "words_removed": 0,
    "changed_fields": ["title", "body"],
    "minor": True,
}


def test_a_text_that_starts_like_a_formula_stays_text_in_csv_and_exact_in_jsonl():
    out = io.StringIO()
    write_csv([change_row(None, VERSION)], CHANGE_COLUMNS, out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["title"] == "'" + VERSION["title"]
    assert row["previous_title"] == "" and row["previous_fetched_at"] == ""
    assert row["changed_fields"] == "title;body" and row["minor"] == "true"
    assert row["fetched_at"] == "2026-11-20T10:00:00+00:00"
    lines = io.StringIO()
    assert write_jsonl([change_row(None, VERSION)], lines) == 1
    assert json.loads(lines.getvalue())["title"] == VERSION["title"]


def test_rows_are_written_as_they_come():
    written: list[int] = []
    out = io.StringIO()

    def rows():
        for n in range(3):
            # Each row is written before the next is asked for.
            written.append(out.getvalue().count("\n"))
            yield version_row({**VERSION, "version": n, "cause": None})

    assert write_jsonl(rows(), out) == 3
    assert written == [0, 1, 2]
    assert [json.loads(line)["cause"] for line in out.getvalue().splitlines()] == [
        "publisher"
    ] * 3


def test_a_versions_other_headline_wording_is_exported_and_guarded_in_csv():
    doc = {**VERSION, "title": "Harbour wall to reopen", "alt_title": "-Wall reopens"}
    out = io.StringIO()
    write_csv([version_row(doc)], VERSION_COLUMNS, out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["title"] == "Harbour wall to reopen"
    assert row["alt_title"] == "'-Wall reopens"
    lines = io.StringIO()
    write_jsonl([version_row({**VERSION, "alt_title": None})], lines)
    assert json.loads(lines.getvalue())["alt_title"] is None
