"""``newscrawl extract``: the parser chosen by the URL's host, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.cli import main
from newscrawl.cli.tracking import source_hosts
from testsite import bbc, cnn, pages
from testsite.server import sample_article

GUARDIAN_URL = "https://www.theguardian.com/world/2026/nov/20/harbour-wall-repair"


def _extract(
    capsys: pytest.CaptureFixture[str], page: Path, url: str, *extra: str
) -> dict:
    assert main(["extract", str(page), "--url", url, *extra]) == 0
    return json.loads(capsys.readouterr().out)


def _article(url: str) -> dict:
    return {**sample_article("harbour-wall-repair"), "url": url}


@pytest.mark.parametrize(
    ("url", "source"),
    [
        (GUARDIAN_URL, "guardian"),
        ("http://www.guardian.co.uk/world/2012/jan/27/harbour", "guardian"),
        ("https://www.bbc.co.uk/news/uk-12345678", "bbc"),
        ("http://news.bbc.co.uk/1/hi/uk/1234567.stm", "bbc"),
        ("https://edition.cnn.com/2024/01/02/world/harbour/index.html", "cnn"),
        ("https://www.the-independent.com/news/harbour-b2650010.html", "independent"),
        ("https://www.nytimes.com/2020/01/02/world/harbour.html", "nyt"),
        ("https://www.politico.com/news/2025/01/20/harbour-00199487", "politico"),
        ("https://www.washingtonpost.com/world/2024/04/26/harbour/", "washingtonpost"),
        ("https://kestrelcourier.example/news/harbour", "generic"),
    ],
)
def test_the_parser_is_chosen_by_the_urls_host(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str, source: str
) -> None:
    page = tmp_path / "page.html"
    page.write_text(pages.render_frontend(_article(url)))
    assert _extract(capsys, page, url)["source"] == source


def test_every_spider_host_is_known() -> None:
    hosts = source_hosts()
    for host in ("www.bbc.com", "amp.cnn.com", "mobile.nytimes.com", "politico.com"):
        assert host in hosts


def test_a_bbc_page_comes_back_whole_without_source(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = "https://www.bbc.com/news/articles/c0harbour00o"
    article = _article(url)
    page = tmp_path / "page.html"
    page.write_text(bbc.render_next(article))
    out = _extract(capsys, page, url)
    assert (out["source"], out["page_type"]) == ("bbc", "article")
    assert out["title"] == article["title"]
    # The promo wording of og:title, kept beside the headline.
    assert out["alt_title"] == "Explained: " + article["title"]
    assert out["body"].split("\n") == pages.expected_body(article["body"])


@pytest.mark.parametrize(
    "url",
    [
        "https://money.cnn.com/2016/11/29/news/economy/harbour/index.html",
        "https://www.politico.eu/article/harbour-wall-vote/",
    ],
)
def test_owned_but_untracked_hosts_are_read_by_the_generic_parser(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str
) -> None:
    page = tmp_path / "page.html"
    page.write_text(pages.render_frontend(_article(url)))
    out = _extract(capsys, page, url)
    assert out["source"] == "generic"
    assert "not tracked" in out["note"] and "generic parser" in out["note"]


def test_source_still_forces_a_parser(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = "http://127.0.0.1:8000/2024/01/02/world/harbour/index.html"
    article = {**_article(url), "url": "https://www.cnn.com/2024/01/02/world/h"}
    page = tmp_path / "page.html"
    page.write_text(cnn.render_article(article))
    out = _extract(capsys, page, url, "--source", "cnn")
    assert (out["source"], out["page_type"]) == ("cnn", "article")


def test_another_sites_page_under_a_forced_source_is_other_with_a_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(pages.render_dcr(_article(GUARDIAN_URL)))
    for source in ("bbc", "cnn", "independent", "nyt", "politico", "washingtonpost"):
        out = _extract(capsys, page, GUARDIAN_URL, "--source", source)
        assert (out["source"], out["page_type"]) == (source, "other")
        assert "www.theguardian.com (guardian)" in out["note"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"  \n\t ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "binary"),
    ],
)
def test_an_empty_or_binary_file_gets_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, says: str
) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(content)
    assert main(["extract", str(page), "--url", GUARDIAN_URL]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and says in captured.err


def test_a_utf16_page_is_no_binary_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = _article(GUARDIAN_URL)
    page = tmp_path / "page.html"
    page.write_bytes(pages.render_frontend(article).encode("utf-16"))
    out = _extract(capsys, page, GUARDIAN_URL)
    assert out["title"] == article["title"]
    # Its og:title is the headline's words: no other wording.
    assert out["alt_title"] is None
