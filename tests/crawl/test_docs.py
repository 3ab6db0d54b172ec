"""The pymongo queries in docs/schema.md run as written against a crawled store."""

from __future__ import annotations

import re

from tests.support.crawling import ROOT

DCR = "/world/2026/nov/20/harbour-wall-repair"


def _python_blocks() -> list[str]:
    text = (ROOT / "docs" / "schema.md").read_text()
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_schema_examples_run_and_answer_correctly(crawl, site, db, mongo_uri, capsys):
    crawl()
    site.edit(DCR, title="Harbour wall plan approved")
    crawl()
    site.edit(DCR, title="Harbour wall plan approved, with conditions")
    crawl()
    namespace = {"MONGO_URI": mongo_uri, "url": site.url(DCR)}
    blocks = _python_blocks()
    assert len(blocks) >= 4
    for block in blocks:
        # The docs connect to the default database; run them on this test's.
        exec(block.replace('["newscrawl"]', f'["{db.name}"]'), namespace)
    assert [row["changes"] for row in namespace["most_changed"]] == [2]
    assert namespace["most_changed"][0]["_id"] == site.url(DCR)
    assert [v["version"] for v in namespace["history"]] == [0, 1, 2]
    assert [(before, after) for _, before, after in namespace["headline_changes"]] == [
        ("Harbour wall plan approved", "Harbour wall plan approved, with conditions"),
        ("Harbour wall repair plan divides town (harbour-wall-repair)",
         "Harbour wall plan approved"),
    ]  # fmt: skip
    assert {row["_id"]: row["changes"] for row in namespace["per_source"]} == {
        "guardian": 2
    }
    assert "Harbour wall plan approved, with conditions" in capsys.readouterr().out


def test_the_headline_query_is_served_by_an_index(crawl, db):
    crawl()
    plan = (
        db.versions.find({"changed_fields": "title"}).sort("fetched_at", -1).explain()
    )
    assert "IXSCAN" in str(plan["queryPlanner"]["winningPlan"])
    assert "COLLSCAN" not in str(plan["queryPlanner"]["winningPlan"])
