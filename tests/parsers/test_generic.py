"""The generic source: its sources file, its parser with and without selectors."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newscrawl.crawl.sources import (
    SourcesError,
    load_sources,
    package_sources,
    parse_sources,
    site_config,
)
from newscrawl.parsers import generic
from newscrawl.parsers.generic import Selectors, parse, parser_version
from tests.support.crawling import ROOT
from testsite import generic as site
from testsite.pages import expected_body

ORIGIN = "/home/me/sources.toml"
GOOD = """
[sites.kestrel]
base_url = "https://www.kestrelcourier.example"
feeds = ["/feed/"]
sitemaps = "/news-sitemap.xml"
article_pattern = '^/news/\\d{4}/\\d{2}/\\d{2}/[a-z0-9-]+/?$'
aliases = ["KestrelCourier.example"]
title_css = "h1.entry-title"
body_css = "div.entry-content"
byline_css = "span.byline a[rel=author]"
exclude_css = ".newsletter-box"

[sites.valley_post]
base_url = "https://valleypost.example/"
sitemaps = ["https://valleypost.example/sitemap.xml"]
"""
SELECTORS = Selectors(**{k.removesuffix("_css"): v for k, v in site.SELECTORS.items()})
BASE = "https://www.kestrelcourier.example"


def _page(index: int, kind: str) -> tuple[dict, str]:
    article = site.make_article(index)
    article["url"] = BASE + article["path"]
    render = site.render_classic if kind == "classic" else site.render_modern
    return article, render(article)


# --- the sources file -------------------------------------------------------


def test_a_sources_file_gives_one_checked_site_per_table():
    sites = parse_sources(GOOD, ORIGIN)
    assert list(sites) == ["kestrel", "valley_post"]
    kestrel = sites["kestrel"]
    assert kestrel.base_url == BASE
    assert kestrel.feeds == ("/feed/",)
    assert kestrel.sitemaps == ("/news-sitemap.xml",)  # a string is a list of one
    assert kestrel.aliases == frozenset({"kestrelcourier.example"})
    assert kestrel.selectors.title == "h1.entry-title"
    assert kestrel.selectors.standfirst == ""
    assert kestrel.origin == ORIGIN
    assert kestrel.is_article_path("/news/2026/11/20/mill-race-footbridge-reopens/")
    assert not kestrel.is_article_path("/category/local-news/")
    post = sites["valley_post"]
    assert post.base_url == "https://valleypost.example"
    assert post.feeds == () and not post.selectors
    # Without a pattern every linked page is taken but the home page.
    assert post.is_article_path("/2026/11/anything")
    assert not post.is_article_path("/")


def test_a_site_survives_a_round_trip_through_its_table():
    kestrel = parse_sources(GOOD, ORIGIN)["kestrel"]
    again = site_config("kestrel", kestrel.as_table(), ORIGIN)
    assert again == kestrel


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[sites.kestrel\nbase_url = 1",
            # The parsers' own words end these lines; they vary by version.
            f"{ORIGIN}: not valid TOML: ",
        ),
        (
            'base_url = "https://x.example"',
            f"{ORIGIN}: unknown top-level key 'base_url'"
            " (each site is a table [sites.NAME])",
        ),
        ('sites = "kestrel"', f"{ORIGIN}: 'sites' must be tables [sites.NAME]"),
        (
            '[sites.Kestrel-News]\nbase_url = "https://x.example"\nfeeds = ["/f"]',
            f"{ORIGIN}: site name 'Kestrel-News' must be lower-case letters,"
            " digits and _, starting with a letter",
        ),
        (
            '[sites]\nkestrel = "https://x.example"',
            f"{ORIGIN}: site 'kestrel': must be a table of keys"
            " ([sites.NAME] then key = value lines)",
        ),
        (
            '[sites.kestrel]\nfeeds = ["/feed/"]',
            f"{ORIGIN}: site 'kestrel': missing base_url",
        ),
        (
            '[sites.kestrel]\nbase_url = "www.kestrel.example"\nfeeds = ["/f"]',
            f"{ORIGIN}: site 'kestrel': base_url must be an http(s) URL like"
            " https://news.example.com, not 'www.kestrel.example'",
        ),
        (
            '[sites.kestrel]\nbase_url = "https://x.example"',
            f"{ORIGIN}: site 'kestrel': give feeds or sitemaps (or both):"
            " where to find its articles",
        ),
        (
            '[sites.kestrel]\nbase_url = "https://x.example"\nfeeds = [1, 2]',
            f"{ORIGIN}: site 'kestrel': feeds must be a list of strings",
        ),
        (
            '[sites.kestrel]\nbase_url = "https://x.example"\nfeeds = ["/f"]\n'
            'body_selector = "div.story"',
            f"{ORIGIN}: site 'kestrel': unknown key 'body_selector' (known keys:"
            " base_url, feeds, sitemaps, article_pattern, aliases, title_css,"
            " body_css, standfirst_css, byline_css, exclude_css)",
        ),
        (
            '[sites.kestrel]\nbase_url = "https://x.example"\nfeeds = ["/f"]\n'
            "article_pattern = '^/news/(\\d+'",
            f"{ORIGIN}: site 'kestrel': article_pattern '^/news/(\\\\d+' is not a"
            " valid regular expression: missing ),",
        ),
        (
            '[sites.kestrel]\nbase_url = "https://x.example"\nfeeds = ["/f"]\n'
            "article_pattern = 12",
            f"{ORIGIN}: site 'kestrel': article_pattern must be a string"
            " (a regular expression)",
        ),
        (
            '[sites.kestrel]\nbase_url = "https://x.example"\nfeeds = ["/f"]\n'
            'body_css = "div.story["',
            f"{ORIGIN}: site 'kestrel': body_css 'div.story[' is not a valid CSS"
            " selector: ",
        ),
        (
            '[sites.kestrel]\nbase_url = "https://x.example"\nfeeds = ["/f"]\n'
            "title_css = ['h1']",
            f"{ORIGIN}: site 'kestrel': title_css must be a string (a CSS selector)",
        ),
    ],
)
def test_every_bad_sources_file_gets_one_line_naming_file_and_problem(text, message):
    with pytest.raises(SourcesError) as caught:
        parse_sources(text, ORIGIN)
    line = str(caught.value)
    assert line == message or (line.startswith(message) and message[-1] in " ,")
    assert "\n" not in line


def test_a_site_may_not_take_a_built_in_spiders_name():
    text = '[sites.guardian]\nbase_url = "https://x.example"\nfeeds = ["/f"]'
    with pytest.raises(SourcesError) as caught:
        parse_sources(text, ORIGIN, reserved={"guardian", "generic"})
    assert str(caught.value) == (
        f"{ORIGIN}: site 'guardian' has the name of a built-in spider;"
        " choose another name"
    )


def test_the_shipped_sources_file_is_valid_and_its_example_works():
    assert parse_sources(package_sources(), "newscrawl/sources.toml") == {}
    # The commented example in it is a working site once uncommented.
    lines = package_sources().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# [sites."))
    example = "\n".join(line.removeprefix("# ") for line in lines[start:])
    sites = parse_sources(example, "example")
    assert list(sites) == ["kestrel_courier"]
    assert sites["kestrel_courier"].selectors.exclude


def test_load_sources_reads_the_users_file_and_reports_a_bad_one(tmp_path: Path):
    good = tmp_path / "sources.toml"
    good.write_text(GOOD)
    sites, problems = load_sources(Settings({"NEWSCRAWL_SOURCES": str(good)}))
    assert (list(sites), problems) == (["kestrel", "valley_post"], [])
    missing = tmp_path / "nope.toml"
    sites, problems = load_sources(Settings({"NEWSCRAWL_SOURCES": str(missing)}))
    assert sites == {}
    assert problems == [
        f"NEWSCRAWL_SOURCES: cannot read {missing}: No such file or directory"
    ]
    sites, problems = load_sources(
        Settings({"NEWSCRAWL_SOURCES": str(good)}), reserved={"kestrel"}
    )
    assert sites == {}
    assert problems == [
        f"{good}: site 'kestrel' has the name of a built-in spider; choose another name"
    ]


def test_the_package_data_ships_the_sources_file():
    # A Scrapyd egg holds only package data that pyproject names.
    text = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'newscrawl = \[[^]]*"sources\.toml"', text)


# --- parser versions --------------------------------------------------------


def test_parser_version_names_what_decides_the_extraction():
    library = generic.library_version()
    assert parser_version() == f"generic/1 trafilatura/{library}"
    with_body = Selectors(title="h1", body="div.story")
    version = parser_version(with_body)
    # The body comes from the selector: trafilatura's version does not matter.
    assert re.fullmatch(r"generic/1 css/[0-9a-f]{8}", version)
    assert parser_version(Selectors(title="h1")).startswith(
        f"generic/1 trafilatura/{library} css/"
    )
    assert parser_version(Selectors(title="h1", body="div.story")) == version
    assert parser_version(Selectors(title="h1", body="div.text")) != version
    assert parser_version(Selectors(title="h2", body="div.story")) != version


# --- the parser with selectors -----------------------------------------------


@pytest.mark.parametrize("kind", ["classic", "modern"])
@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_selectors_read_every_field(index: int, kind: str):
    article, html = _page(index, kind)
    item = parse(article["url"], html, source="kestrel", selectors=SELECTORS)
    assert item.source == "kestrel"
    assert item.page_type == "article"
    assert item.parser_version == parser_version(SELECTORS)
    assert item.canonical_url == article["url"]
    assert item.title == article["title"]
    assert item.standfirst == article["standfirst"]
    assert item.byline == article["byline"]
    assert item.published == article["published"]
    assert item.modified == article["modified"]
    assert item.section == article["section"]
    assert item.tags == article["tags"]
    assert item.body == expected_body(article["body"])


def test_a_selector_may_name_the_paragraphs_themselves():
    article, html = _page(0, "classic")
    selectors = Selectors(body="div.entry-content > p, div.entry-content > h2")
    item = parse(article["url"], html, selectors=selectors)
    # The quote is no "p" child of the container, so it is not selected.
    assert item.body == [
        p for p in expected_body(article["body"]) if not p.startswith("We would")
    ]


def test_without_exclude_a_box_inside_the_body_container_is_read_as_text():
    article, html = _page(0, "classic")
    selectors = Selectors(body="div.entry-content")
    body = parse(article["url"], html, selectors=selectors).body
    # Figures, asides and forms are left out by themselves; a plain div of
    # newsletter text is not, which is what exclude_css is for.
    assert site.CAPTION_TEXT not in " ".join(body)
    assert site.RELATED_TEXT not in " ".join(body)
    assert site.NEWSLETTER_TEXT in body
    excluded = Selectors(body="div.entry-content", exclude=".newsletter-box")
    assert parse(article["url"], html, selectors=excluded).body == expected_body(
        article["body"]
    )


def test_a_selector_that_matches_nothing_gives_an_empty_field():
    article, html = _page(1, "modern")
    selectors = Selectors(body="div.no-such-thing", byline=".nobody")
    item = parse(article["url"], html, selectors=selectors)
    assert item.body == [] and item.byline == ""
    assert item.title == article["title"]  # no title selector: JSON-LD


# --- the fallback: no selectors -----------------------------------------------


@pytest.mark.parametrize("kind", ["classic", "modern"])
@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_the_fallback_finds_the_written_body_and_leaves_the_noise_out(
    index: int, kind: str
):
    article, html = _page(index, kind)
    item = parse(article["url"], html, source="kestrel")
    assert item.body == expected_body(article["body"])
    text = " ".join([item.title, item.standfirst, item.byline, *item.body])
    for noise in site.NOISE_TEXTS:
        assert noise not in text
    assert item.title == article["title"]
    assert item.standfirst == article["standfirst"]
    assert item.byline == article["byline"]
    assert item.published == article["published"]
    assert item.parser_version.startswith("generic/1 trafilatura/")


def test_the_fallback_keeps_an_article_whose_wrapper_has_a_noisy_class():
    paragraphs = [
        f"Paragraph {n} of a story about the valley's new footpath signs, which"
        " walkers say are easier to read than the old wooden ones were."
        for n in range(1, 6)
    ]
    html = (
        "<html><head><title>Footpath signs</title></head><body>"
        '<div class="content has-ads comments-open" id="share-root">'
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + '<div class="newsletter-signup"><p>Sign up for the weekly email.</p></div>'
        "</div></body></html>"
    )
    assert parse("https://x.example/signs", html).body == paragraphs


def test_the_fallback_reads_meta_when_the_page_has_no_json_ld():
    html = """<html><head><title>Site name</title>
    <meta property="og:title" content="Lock keeper retires after forty years">
    <meta property="og:description" content="A life spent on the canal.">
    <meta property="article:published_time" content="2026-11-19T08:00:00+01:00">
    <meta name="author" content="Ada Example">
    <meta name="keywords" content="Canals, People">
    </head><body><article><h1>Lock keeper retires after forty years</h1>
    <p>The keeper of the top lock on the valley canal worked his last shift on
    Friday, forty years after he first opened its gates for a passing boat.</p>
    <p>He says he will still walk the towpath every morning, though he has
    promised his family that he will leave the gates to his successor now.</p>
    </article></body></html>"""
    item = parse("https://x.example/lock-keeper", html)
    assert item.title == "Lock keeper retires after forty years"
    assert item.standfirst == "A life spent on the canal."
    assert item.byline == "Ada Example"
    assert item.published == datetime(2026, 11, 19, 7, 0, tzinfo=timezone.utc)
    assert item.tags == ["Canals", "People"]
    assert len(item.body) == 2 and item.body[1].startswith("He says he will")


@pytest.mark.parametrize(
    "junk", [b"", b"\x00\xff\xfe garbage", "<html><body></body></html>", "plain"]
)
def test_junk_is_no_article_and_never_raises(junk: str | bytes):
    for selectors in (Selectors(), SELECTORS):
        item = parse("https://x.example/a", junk, selectors=selectors)
        assert item.body == []
        assert item.page_type == "other"
