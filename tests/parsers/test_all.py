"""What every source parser promises: junk in, an empty "other" item out; registered."""

from __future__ import annotations

import importlib
import pickle
from functools import partial

import pytest

from newscrawl.items import ArticleItem
from newscrawl.parsers import PARSERS, generic
from newscrawl.parsers.base import ArticlePage

# Every kind of unreadable input the sources' own tests used to try one by one.
JUNK = {
    "empty": "",
    "empty-bytes": b"",
    "bom-junk": b"\xff\xfe junk",
    "bom-nul": b"\xff\xfe\x00<\x00h\x00",
    "bom-garbage": b"\xff\xfe\x00garbage",
    "all-bytes": bytes(range(256)) * 4,
    "control": "\x00\x01<<<>>>&&&",
    "angles": "<<<>>>",
    "lt": "<",
    "many-lt": "<" * 5000,
    "text": "not html at all",
    "empty-html": "<html></html>",
    "empty-body": "<html><body></body></html>",
    "open-ld": "<html><head><script type='application/ld+json'>{",
    "open-ld-article": '<script type="application/ld+json">{"@type": "NewsArticle", ',
}
URL = "https://news.example/2026/11/20/world/junk"
SPIDERS = {name: f"spiders.{name}" for name in PARSERS if name != "generic"}
# A paragraph but no article markup: "other" for a source's own parser. The
# generic parser has no page model and takes the paragraph as a body; the
# pipelines then reject the page for its missing headline.
NO_ARTICLE = "<html><body><p>Hello</p></body></html>"


@pytest.mark.parametrize("source", sorted(PARSERS))
@pytest.mark.parametrize("junk", list(JUNK.values()), ids=list(JUNK))
def test_junk_is_an_empty_other_item_and_never_raises(source, junk):
    item = PARSERS[source](URL, junk)
    assert isinstance(item, ArticleItem)
    assert (item.url, item.page_type, item.body, item.title) == (URL, "other", [], "")
    assert item.source == source


@pytest.mark.parametrize("source", sorted(SPIDERS))
def test_a_page_without_article_markup_is_other(source):
    item = PARSERS[source](URL, NO_ARTICLE)
    assert (item.page_type, item.body, item.title) == ("other", [], "")


@pytest.mark.parametrize("source", sorted(SPIDERS))
def test_each_source_spider_uses_its_registered_parser_and_version(source):
    parser = importlib.import_module(f"newscrawl.parsers.{source}")
    spider = next(
        value
        for value in vars(importlib.import_module(SPIDERS[source])).values()
        if getattr(value, "name", None) == source
    )
    assert PARSERS[source] is parser.parse is spider.parse_page
    assert spider.parser_version == str(parser.PARSER_VERSION)


@pytest.mark.parametrize("source", sorted(PARSERS))
def test_each_parser_pickles_by_reference_to_its_own_module(source):
    # The parse pool sends the parser to its workers by name, and has them
    # import the parser's module ahead of the first page.
    parse = PARSERS[source]
    assert parse.__module__ == f"newscrawl.parsers.{source}"
    assert pickle.loads(pickle.dumps(parse)) is parse


def test_a_generic_parser_with_a_sites_selectors_pickles():
    selectors = generic.Selectors(body="div.story", title="h1")
    parse = partial(generic.parse, source="courier", selectors=selectors)
    clone = pickle.loads(pickle.dumps(parse))
    assert (clone.func, clone.keywords) == (generic.parse, parse.keywords)
    assert clone(URL, NO_ARTICLE).parser_version == generic.parser_version(selectors)


@pytest.mark.parametrize("source", sorted(PARSERS))
def test_each_parser_module_fills_in_the_template_once(source):
    module = importlib.import_module(f"newscrawl.parsers.{source}")
    pages = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, ArticlePage)
        and value.__module__ == module.__name__
    ]
    assert len(pages) == 1
    assert (pages[0].source, pages[0].version) == (source, module.PARSER_VERSION)
