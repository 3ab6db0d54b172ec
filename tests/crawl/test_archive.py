"""The page archive: every stored version's page as served, the last rejected ones."""

from __future__ import annotations

import subprocess
import sys

from pymongo.database import Database
from warcio.archiveiterator import ArchiveIterator

from newscrawl.parsers import guardian
from newscrawl.store.archive import decompress
from tests.support.crawling import ROOT
from testsite.server import TestSite

DCR = "/world/2026/nov/20/harbour-wall-repair"
TRACKED = (
    DCR,
    "/politics/2026/nov/20/budget-vote-delayed",
    "/uk-news/2026/nov/20/river-festival-returns",
)
SHORT = "/world/2026/nov/20/stub-page"


def _pages(db: Database) -> dict[tuple[str, int], dict]:
    return {(p["article"], p["version"]): p for p in db.pages.find()}


def test_each_stored_version_keeps_the_page_it_was_read_from(crawl, site, db):
    assert crawl().returncode == 0
    pages = _pages(db)
    assert set(pages) == {(site.url(path), 0) for path in TRACKED}
    for path in TRACKED:
        page = pages[(site.url(path), 0)]
        _, content_type, served = site.render(path)
        assert decompress(page) == served
        assert page["url"] == site.url(path) and page["status"] == 200
        assert ["Content-Type", content_type] in page["headers"]
        assert page["parser_version"] == str(guardian.PARSER_VERSION)
        assert page["source"] == "guardian"
        assert page["stored_size"] < page["size"]  # compressed
        version = db.versions.find_one({"article": site.url(path), "version": 0})
        assert page["fetched_at"] == version["fetched_at"]
    # An unchanged re-check keeps nothing more; an edit keeps its page.
    assert crawl().returncode == 0
    assert len(_pages(db)) == 3
    site.edit(DCR, title="Harbour wall plan approved")
    assert crawl().returncode == 0
    edited = _pages(db)[(site.url(DCR), 1)]
    assert b"Harbour wall plan approved" in decompress(edited)


def test_the_last_rejected_pages_are_kept_per_source_and_reason(crawl, site, db):
    assert crawl(settings={"NEWSCRAWL_ARCHIVE_REJECTED": "1"}).returncode == 0
    kept = {(p["reason"], p["article"]) for p in db.rejected_pages.find()}
    assert ("short_body", site.url(SHORT)) in kept
    reasons = [p["reason"] for p in db.rejected_pages.find()]
    assert len(reasons) == len(set(reasons))  # one of each reason: the last


def test_the_archive_keeps_the_last_versions_asked_for_or_nothing(
    crawl, site: TestSite, db
):
    keep_one = {"NEWSCRAWL_ARCHIVE_VERSIONS": "1"}
    crawl(settings=keep_one)
    site.edit(DCR, title="Harbour wall plan approved")
    crawl(settings=keep_one)
    assert [v for a, v in _pages(db) if a == site.url(DCR)] == [1]

    db.pages.delete_many({})
    db.rejected_pages.delete_many({})
    site.edit(DCR, title="Harbour wall plan approved, again")
    off = crawl(settings={"NEWSCRAWL_ARCHIVE": "false"})
    assert off.stat("changed") == 1
    assert db.pages.count_documents({}) == 0
    assert db.rejected_pages.count_documents({}) == 0


def _cli(db: Database, mongo_uri: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *args,
         "--mongo-uri", mongo_uri, "--database", db.name],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_rejected_lists_the_pages_a_parser_turned_down_and_writes_them_as_warc(
    crawl, site, db, mongo_uri, tmp_path
):
    assert crawl().returncode == 0
    listed = _cli(db, mongo_uri, "rejected", "--source", "guardian")
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split() == [
        "fetched",
        "at",
        "source",
        "reason",
        "parser",
        "size",
        "URL",
    ]
    short = [row for row in rows if row.endswith(site.url(SHORT))]
    assert len(short) == 1 and "short_body" in short[0].split()
    assert len(rows) == db.rejected_pages.count_documents({})

    out = tmp_path / "rejected.warc.gz"
    written = _cli(
        db, mongo_uri, "rejected", "--reason", "short_body", "--warc", str(out)
    )
    assert written.returncode == 0, written.stderr
    assert written.stderr == f"Wrote 1 page to {out}.\n"
    with out.open("rb") as stream:
        responses = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert responses == [(site.url(SHORT), site.render(SHORT)[2])]

    unwritable = _cli(
        db, mongo_uri, "rejected", "--warc", str(tmp_path / "no" / "x.warc.gz")
    )
    assert unwritable.returncode == 1 and unwritable.stdout == ""
    assert unwritable.stderr == (
        f"newscrawl rejected: cannot write {tmp_path / 'no' / 'x.warc.gz'}:"
        " No such file or directory\n"
    )


def _warc(path) -> list[tuple[str, str, str, bytes]]:
    """Each record of a WARC file: type, URL, WARC-Date, payload."""
    with open(path, "rb") as stream:
        return [
            (
                record.rec_type,
                record.rec_headers.get_header("WARC-Target-URI"),
                record.rec_headers.get_header("WARC-Date"),
                record.content_stream().read(),
            )
            for record in ArchiveIterator(stream)
        ]


def test_export_warc_writes_every_archived_page_as_the_store_holds_it(
    crawl, site, db, mongo_uri, tmp_path
):
    assert crawl().returncode == 0
    site.edit(DCR, title="Harbour wall plan approved")
    assert crawl().returncode == 0
    out = tmp_path / "all.warc.gz"
    result = _cli(db, mongo_uri, "export", "--warc", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"Wrote 4 pages to {out}.\n"
    records = _warc(out)
    pages = sorted(db.pages.find(), key=lambda p: p["fetched_at"])
    assert [r[0] for r in records] == ["response", "request"] * len(pages)
    responses = [r[1:] for r in records if r[0] == "response"]
    assert sorted(responses) == sorted(
        (
            p["url"],
            p["fetched_at"].strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z",
            decompress(p),
        )
        for p in pages
    )

    # One article's pages, oldest first; a damaged page is named and left out.
    one = tmp_path / "one.warc.gz"
    db.pages.update_one(
        {"article": site.url(DCR), "version": 0}, {"$set": {"body": b"broken"}}
    )
    result = _cli(
        db, mongo_uri, "export", "--warc", str(one), "--article", "harbour-wall"
    )
    assert result.returncode == 1
    damaged, wrote = result.stderr.splitlines()
    assert damaged.startswith(
        f"newscrawl export: left out version 0 of {site.url(DCR)}: its archived"
        " page is damaged (cannot decompress: "
    )
    assert wrote == f"Wrote 1 page to {one}."
    (response,) = [r for r in _warc(one) if r[0] == "response"]
    assert b"Harbour wall plan approved" in response[3]

    unwritable = _cli(db, mongo_uri, "export", "--warc", str(tmp_path / "no/x.gz"))
    assert (unwritable.returncode, unwritable.stdout) == (1, "")
    assert unwritable.stderr == (
        f"newscrawl export: cannot write {tmp_path / 'no/x.gz'}: No such file or"
        " directory\n"
    )
    clash = _cli(db, mongo_uri, "export", "--warc", str(out), "--versions")
    assert clash.returncode == 2
    assert (
        clash.stderr
        == "newscrawl export: --warc writes pages; it takes no --versions\n"
    )
