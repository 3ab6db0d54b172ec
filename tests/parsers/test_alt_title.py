"""alt_title: the page's other headline wording, per source and page generation.

Each source's title is its visible headline (docs/sources/<site>.md); where
the page's headline data words it otherwise, that wording is ``alt_title``.
The pages are the test site's, in each publisher's real structure, with
headline data of our own wording where the site's pages agree with the h1.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

import pytest

from newscrawl.parsers import PARSERS
from newscrawl.text.normalize import normalize_item
from testsite import bbc, cnn, independent, nyt, pages, politico, washingtonpost
from testsite.server import sample_article

#: Our own second wording of a headline, as SEO or promo data would give it.
REWORDED = "Harbour wall: what the council's repair plan means"


def _at(url: str) -> dict[str, Any]:
    slug = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    return {**sample_article(slug), "url": url}


def _guardian() -> dict[str, Any]:
    return _at("https://www.theguardian.com/world/2026/nov/20/harbour")


def _bbc() -> dict[str, Any]:
    return _at("https://www.bbc.co.uk/news/uk-england-67012345")


def _cnn() -> dict[str, Any]:
    item = {**cnn.article("harbour-wall-repair"), "dateline": cnn.DATELINE}
    return {**item, "url": "https://www.cnn.com" + item["path"]}


def _independent() -> dict[str, Any]:
    return _at("https://www.independent.co.uk/news/world/harbour-b2650010.html")


def _nyt() -> dict[str, Any]:
    item = nyt.default_pages()["/2026/11/20/us/budget-vote-delayed.html"]["article"]
    return {**item, "url": "https://www.nytimes.com" + item["path"]}


def _politico() -> dict[str, Any]:
    item = politico.article("/news/2026/11/20/harbour-wall-deal-00123454")
    return {**item, "url": "https://www.politico.com" + item["path"]}


def _washingtonpost() -> dict[str, Any]:
    path = "/politics/2026/11/20/budget-vote-delayed/"
    item = washingtonpost.default_pages()[path]["article"]
    return {**item, "url": "https://www.washingtonpost.com" + item["path"]}


def _read(source: str, article: dict[str, Any], page: str) -> tuple[str, str | None]:
    item = normalize_item(PARSERS[source](article["url"], page))
    return item.title, item.alt_title


def _first_words(title: str) -> str:
    return " ".join(title.split()[:4])


# source, generation, article, renderer, the alt_title the site's page gives
# (from the article's title; None where its data agrees with the h1).
_AS_PUBLISHED: list[tuple[str, str, Callable, Callable, Callable]] = [
    ("guardian", "dcr", _guardian, pages.render_dcr, lambda t: None),
    ("guardian", "frontend", _guardian, pages.render_frontend, lambda t: None),
    ("bbc", "next", _bbc, bbc.render_next, lambda t: "Explained: " + t),
    ("bbc", "optimo", _bbc, bbc.render_optimo, lambda t: "Explained: " + t),
    ("bbc", "responsive", _bbc, bbc.render_responsive, lambda t: None),
    ("bbc", "story-body", _bbc, bbc.render_story_body, _first_words),
    ("bbc", "stm", _bbc, bbc.render_stm, _first_words),
    ("bbc", "stm 2006", _bbc, bbc.render_stm_2006, _first_words),
    ("cnn", "stellar", _cnn, cnn.render_article, lambda t: None),
    ("cnn", "zn", _cnn, cnn.render_zn, lambda t: None),
    ("cnn", "legacy", _cnn, cnn.render_legacy, lambda t: None),
    ("independent", "2024", _independent, independent.render_article,
     lambda t: t + " - latest"),
    ("independent", "amp", _independent, independent.render_amp,
     lambda t: t + " - latest"),
    ("independent", "drupal", _independent, independent.render_drupal,
     lambda t: None),
    ("nyt", "vi", _nyt, nyt.render_article,
     lambda t: "Why the Budget Vote Was Delayed Again"),
    ("nyt", "nyt5", _nyt, nyt.render_nyt5, lambda t: None),
    ("politico", "story-text", _politico, politico.render_article, lambda t: None),
    ("politico", "2016", _politico, politico.render_2016, lambda t: None),
    ("politico", "legacy", _politico, politico.render_legacy, lambda t: None),
    ("washingtonpost", "arc", _washingtonpost, washingtonpost.render_article,
     lambda t: "Why the council budget vote was delayed again"),
    ("washingtonpost", "pagebuilder", _washingtonpost,
     washingtonpost.render_pagebuilder,
     lambda t: "Why the council budget vote was delayed again"),
    ("washingtonpost", "methode", _washingtonpost, washingtonpost.render_methode,
     lambda t: "Why the council budget vote was delayed again"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "make", "render", "expected"),
    [pytest.param(s, m, r, x, id=f"{s}-{g}") for s, g, m, r, x in _AS_PUBLISHED],
)
def test_the_title_is_the_visible_headline_and_the_datas_other_wording_is_kept(
    source: str, make: Callable, render: Callable, expected: Callable
) -> None:
    article = make()
    title, alt_title = _read(source, article, render(article))
    assert title == article["title"]
    assert alt_title == expected(article["title"])


def _reword(page: str, old: str, new: str) -> str:
    """The page with its one piece of headline data *old* worded as *new*."""
    assert page.count(old) == 1, old
    return page.replace(old, new)


def _ld(title: str) -> str:
    return f'"headline": {json.dumps(title)}'


def _og(title: str) -> str:
    return f'property="og:title" content="{html.escape(title)}"'


# Pages whose headline data agrees with the h1 on the site, given data of
# another wording: source, generation, article, renderer, the data reworded.
_REWORDED: list[tuple[str, str, Callable, Callable, Callable]] = [
    ("guardian", "dcr", _guardian, pages.render_dcr, _ld),
    ("guardian", "frontend", _guardian, pages.render_frontend, _og),
    ("bbc", "responsive", _bbc, bbc.render_responsive, _ld),
    ("cnn", "stellar", _cnn, cnn.render_article, _ld),
    ("cnn", "zn", _cnn, cnn.render_zn, _og),
    ("independent", "drupal", _independent, independent.render_drupal, _og),
    ("nyt", "nyt5", _nyt, nyt.render_nyt5, _og),
    ("politico", "story-text", _politico, politico.render_article, _og),
    ("politico", "2016", _politico, politico.render_2016, _og),
    ("washingtonpost", "arc", _washingtonpost, washingtonpost.render_article, _og),
]


@pytest.mark.parametrize(
    ("source", "make", "render", "data"),
    [pytest.param(s, m, r, d, id=f"{s}-{g}") for s, g, m, r, d in _REWORDED],
)
def test_headline_data_worded_apart_from_the_h1_is_the_alt_title(
    source: str, make: Callable, render: Callable, data: Callable
) -> None:
    article = make()
    page = render(article)
    if source == "washingtonpost":
        # Arc pages repeat the headline in og:title, JSON-LD and the ANS
        # data: the visible h1 stays the title whichever of them is reworded.
        page = page.replace(_og(article["title"]), _og(REWORDED))
    else:
        page = _reword(page, data(article["title"]), data(REWORDED))
    assert _read(source, article, page) == (article["title"], REWORDED)


def test_site_additions_to_the_data_are_no_other_wording() -> None:
    # NYT og:title: "Opinion | " in front, " (Published YYYY)" after.
    article = _nyt()
    page = nyt.render_nyt5(article)
    for added in (
        f"Opinion | {article['title']}",
        f"{article['title']} (Published 2012)",
    ):
        reworded = _reword(page, _og(article["title"]), _og(added))
        assert _read("nyt", article, reworded) == (article["title"], None)
    # CNN og:title: " | CNN Politics" after.
    article = _cnn()
    page = _reword(
        cnn.render_zn(article),
        _og(article["title"]),
        _og(article["title"] + " | CNN Politics"),
    )
    assert _read("cnn", article, page) == (article["title"], None)


def test_curly_and_straight_quotes_are_one_wording() -> None:
    article = {**_politico(), "title": "Mayor\u2019s \u201cfinal\u201d harbour offer"}
    page = _reword(
        politico.render_article(article),
        _og(article["title"]),
        _og('Mayor\'s "final" harbour offer'),
    )
    assert _read("politico", article, page) == (article["title"], None)
