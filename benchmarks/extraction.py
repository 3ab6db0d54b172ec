"""Compare newscrawl's source parsers with generic extractors on real-structure pages.

For every source and every page generation its parser supports, renders the
test site's page of one article (``testsite/<source>.py``: the publisher's
real markup, text of our own, padded to the size of a real page) and runs
newscrawl's source parser, trafilatura, readability-lxml and newspaper4k on
it, in this process. Per page and per extractor it prints:

- body F1: word-level F1 of the extracted body against the body the page
  was rendered from (lower-cased ``\\w+`` tokens, as a multiset);
- title: whether the extracted title is the article's headline, exactly;
- passages: how many of the asserted passages (every body paragraph, with
  the crossheads, datelines and correction labels the page shows) appear
  whole in the extracted text;
- boilerplate: how many of the page's known boilerplate passages (captions,
  related links, promotions, embedded posts, side rails...) it let through;
- ms/page: the median in-process time of one extraction; beside it, lxml's
  own parse of the same page (``lxml.html.document_fromstring``), timed in
  turn with each extraction, and the median ratio of each such pair (x lxml),
  which a busy machine's other jobs stretch less than either time alone.

Then one summary line per source and extractor. It prints and does not
judge: the exit status is 0 whatever the figures. readability-lxml and
newspaper4k are not project dependencies (``pip install -e '.[bench]'``); a
library that is not installed is listed as such and skipped. Nothing here
touches the network.

    python -m benchmarks.extraction                 # 300 KB of padding, 5 runs
    python -m benchmarks.extraction --runs 20 --padding-kb 0
    python -m benchmarks.extraction --only newscrawl --clock cpu --runs 50
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from lxml import html as lxml_html

from benchmarks.extractors import scores
from newscrawl.parsers import PARSERS
from testsite import bbc, cnn, independent, nyt, pages, politico, washingtonpost
from testsite.server import sample_article

#: An extractor: (url, html) -> (title, body text).
Extractor = Callable[[str, str], tuple[str, str]]
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Case:
    """One page of one generation of one source, and what it must give."""

    source: str
    generation: str
    url: str
    html: str
    title: str
    body: list[str]
    boilerplate: tuple[str, ...]


# -- the pages ------------------------------------------------------------------

# Paragraph kinds every page should carry where its markup has them: a
# crosshead, a list and a quote (markers as in testsite.markup.body_html).
_RICH = [
    "* Earlier first buses on weekdays",
    "* A second ramp at the northern steps",
    "> We listened to residents and changed the plan twice.",
]


def _rich(article: dict[str, Any]) -> dict[str, Any]:
    body = article["body"]
    return {**article, "body": [*body[:2], *_RICH, *body[2:]]}


def _article(url: str, **fields: Any) -> dict[str, Any]:
    slug = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    return {**sample_article(slug), "url": url, **fields}


@dataclass(frozen=True)
class Source:
    """A source's test article, its page generations and its boilerplate."""

    name: str
    article: dict[str, Any]
    generations: dict[str, Callable[..., str]]
    boilerplate: tuple[str, ...]
    #: The body a page of that generation shows (default: the article's).
    body: Callable[[dict[str, Any], str], list[str]] | None = None


def _sources() -> list[Source]:
    """Each source's article in every page generation its parser supports."""
    guardian = _rich(_article("https://www.theguardian.com/world/2026/nov/20/harbour"))
    story = _rich(_article("https://www.bbc.co.uk/news/uk-england-67012345"))
    cnn_item = {**cnn.article("harbour-wall-repair"), "dateline": cnn.DATELINE}
    cnn_item["url"] = "https://www.cnn.com" + cnn_item["path"]
    indy = _rich(
        _article("https://www.independent.co.uk/news/world/harbour-b2650010.html")
    )
    # An opinion piece with a correction: the letters footer and the label.
    nyt_item = nyt.default_pages()["/2026/11/20/us/budget-vote-delayed.html"]
    nyt_item = {**nyt_item["article"], "section_slug": "opinion"}
    nyt_item["url"] = "https://www.nytimes.com" + nyt_item["path"]
    letter = politico.article("/news/2026/11/20/harbour-wall-deal-00123454")
    letter["url"] = "https://www.politico.com" + letter["path"]
    post = washingtonpost.default_pages()["/politics/2026/11/20/budget-vote-delayed/"]
    post = {**post["article"], "trailer": "Jordan Other contributed to this report."}
    post["url"] = "https://www.washingtonpost.com" + post["path"]
    return [
        Source(
            "guardian",
            guardian,
            {
                "dcr": pages.render_dcr,
                "frontend": pages.render_frontend,
                "photo essay": pages.render_photo_essay,
            },
            (*pages.NOISE_TEXTS, *pages.ESSAY_CAPTIONS),
        ),
        Source(
            "bbc",
            story,
            {
                "next 2024+": bbc.render_next,
                "optimo 2020-24": bbc.render_optimo,
                "responsive 2015-20": bbc.render_responsive,
                "story-body 2010-14": bbc.render_story_body,
                "stm 2008-09": bbc.render_stm,
                "stm 2006": bbc.render_stm_2006,
            },
            (*bbc.NOISE_TEXTS, bbc.FEATURE_TEXT, "Follow Test News on"),
        ),
        Source(
            "cnn",
            cnn_item,
            {
                "stellar 2022+": cnn.render_article,
                "elevate 2025": cnn.render_elevate,
                "zn 2015-22": cnn.render_zn,
                "legacy to 2014": cnn.render_legacy,
            },
            cnn.NOISE_TEXTS,
            lambda article, generation: cnn.expected_body(
                article, generation.split()[0]
            ),
        ),
        Source(
            "independent",
            indy,
            {
                "2024": independent.render_article,
                "amp 2020-23": independent.render_amp,
                "drupal 2015-16": independent.render_drupal,
                "legacy to 2014": independent.render_legacy,
            },
            (*independent.NOISE_TEXTS, independent.SLIDESHOW_TEXT),
        ),
        Source(
            "nyt",
            nyt_item,
            {"vi 2018+": nyt.render_article, "nyt5 2014-18": nyt.render_nyt5},
            (*nyt.NOISE_TEXTS, nyt.LETTERS_TEXT, nyt.MULTIMEDIA_TEXT),
            lambda article, _: nyt.expected_body(article),
        ),
        # 2012 pages: the same story, with a list and a quote in its text.
        Source(
            "nyt",
            _rich(nyt_item),
            {"legacy 2012": nyt.render_legacy},
            (*nyt.NOISE_TEXTS, nyt.MULTIMEDIA_TEXT),
            lambda article, _: nyt.expected_body(article),
        ),
        Source(
            "politico",
            letter,
            {
                "story-text 2025": politico.render_article,
                "story-text 2019-22": politico.render_2022,
                "story-main 2016": politico.render_2016,
                "newsletter": politico.render_newsletter,
                "legacy to 2014": politico.render_legacy,
            },
            (*politico.NOISE_TEXTS, politico.COMMENT_TEXT),
        ),
        Source(
            "washingtonpost",
            post,
            {
                "arc 2020+": washingtonpost.render_article,
                "pagebuilder 2015-19": washingtonpost.render_pagebuilder,
                "methode to 2014": washingtonpost.render_methode,
            },
            (*washingtonpost.NOISE_TEXTS, washingtonpost.SIDE_RAIL_TEXT),
            lambda article, _: washingtonpost.expected_body(article),
        ),
    ]


def test_cases(padding_kb: int) -> list[Case]:
    """Every source's article in every page generation its parser supports."""
    return [
        Case(
            source=source.name,
            generation=generation,
            url=source.article["url"],
            html=render(source.article, padding_kb=padding_kb),
            title=source.article["title"],
            body=(
                source.body(source.article, generation)
                if source.body
                else pages.expected_body(source.article["body"])
            ),
            boilerplate=source.boilerplate,
        )
        for source in _sources()
        for generation, render in source.generations.items()
    ]


# -- the extractors -------------------------------------------------------------


def _newscrawl(source: str) -> Extractor:
    parse = PARSERS[source]

    def run(url: str, html: str) -> tuple[str, str]:
        item = parse(url, html)
        return item.title, "\n".join(item.body)

    return run


def _trafilatura() -> Extractor:
    import trafilatura

    def run(url: str, html: str) -> tuple[str, str]:
        found = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False
        )
        if found is None:
            return "", ""
        return found.title or "", found.text or ""

    return run


def _readability() -> Extractor:
    from readability import Document

    def run(url: str, html: str) -> tuple[str, str]:
        document = Document(html, url=url)
        summary = document.summary(html_partial=True)
        text = " ".join(lxml_html.fromstring(summary).itertext())
        return document.short_title(), text

    return run


def _newspaper() -> Extractor:
    import newspaper

    def run(url: str, html: str) -> tuple[str, str]:
        article = newspaper.Article(url)
        article.download(input_html=html)
        article.parse()
        return article.title or "", article.text or ""

    return run


#: name -> (pip package, factory); newscrawl's row uses each case's source.
GENERIC: dict[str, tuple[str, Callable[[], Extractor]]] = {
    "trafilatura": ("trafilatura", _trafilatura),
    "readability-lxml": ("readability-lxml", _readability),
    "newspaper4k": ("newspaper4k", _newspaper),
}


# -- measuring --------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """What one extractor made of one page."""

    f1: float
    title: bool
    passages: int
    passages_total: int
    leaked: int
    boilerplate_total: int
    ms: float
    #: lxml's parse of the same page, timed in turn with each extraction.
    lxml_ms: float
    #: The median over the runs of extraction time / lxml's parse time.
    x_lxml: float


def flat(text: str) -> str:
    """Text with runs of white space made one space."""
    return _WS.sub(" ", text).strip()


#: What a run's time is read on: the wall clock, or this process's CPU time,
#: which other jobs on a busy machine do not stretch (``--clock cpu``).
CLOCKS: dict[str, Callable[[], float]] = {
    "wall": time.perf_counter,
    "cpu": time.process_time,
}


def paired_ms(
    run: Callable[[], object],
    baseline: Callable[[], object],
    runs: int,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[float, float, float]:
    """Median ms of *run* and of *baseline*, called in turn *runs* times, and
    the median ratio of each pair: a busy machine slows both of a pair alike."""
    times, bases, ratios = [], [], []
    for _ in range(runs):
        start = clock()
        baseline()
        middle = clock()
        run()
        end = clock()
        bases.append(middle - start)
        times.append(end - middle)
        ratios.append((end - middle) / max(middle - start, 1e-9))
    return (
        statistics.median(times) * 1000,
        statistics.median(bases) * 1000,
        statistics.median(ratios),
    )


def measure(
    extractor: Extractor,
    case: Case,
    page_text: str,
    runs: int,
    clock: Callable[[], float] = time.perf_counter,
) -> Row:
    """Run *extractor* on the case's page and score what it found."""
    title, text = extractor(case.url, case.html)
    found = flat(text)
    passages = [flat(p) for p in case.body if flat(p)]
    shown = [noise for noise in case.boilerplate if noise in page_text]
    ms, lxml_ms, x_lxml = paired_ms(
        lambda: extractor(case.url, case.html),
        partial(lxml_html.document_fromstring, case.html),
        runs,
        clock,
    )
    return Row(
        f1=scores(text, case.body)[2],
        title=flat(title) == flat(case.title),
        passages=sum(passage in found for passage in passages),
        passages_total=len(passages),
        leaked=sum(noise in found for noise in shown),
        boilerplate_total=len(shown),
        ms=ms,
        lxml_ms=lxml_ms,
        x_lxml=x_lxml,
    )


def _available(names: list[str]) -> dict[str, Extractor | str]:
    """Each generic extractor of *names*, or why it cannot run here."""
    found: dict[str, Extractor | str] = {}
    for name, (package, factory) in GENERIC.items():
        if name not in names:
            continue
        try:
            found[name] = factory()
        except ImportError:
            found[name] = f"not installed (pip install {package})"
    return found


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "-"


def main() -> None:
    """Run every extractor on every case and print the table and the summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page")
    parser.add_argument(
        "--padding-kb", type=int, default=300, help="bulk added to each page"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=["newscrawl", *GENERIC],
        help="run only this extractor (repeatable); default: all",
    )
    parser.add_argument(
        "--clock",
        choices=list(CLOCKS),
        default="wall",
        help="time runs on the wall clock (default) or this process's CPU time",
    )
    args = parser.parse_args()
    clock = CLOCKS[args.clock]
    # newspaper4k warns that nltk is missing and dateutil about zone names.
    warnings.simplefilter("ignore")
    cases = test_cases(args.padding_kb)
    generic = _available(args.only or list(GENERIC))
    print(
        f"{len(cases)} pages of 7 sources (testsite/), {args.padding_kb} KB padding,"
        f" median of {args.runs} runs ({args.clock} clock); lxml {_version('lxml')}"
    )
    for name, state in generic.items():
        package = GENERIC[name][0]
        print(f"  {name}: {_version(package) if callable(state) else state}")
    header = (
        f"{'source':15}{'generation':20}{'extractor':18}{'F1':>6}{'title':>6}"
        f"{'passages':>10}{'boilerpl.':>10}{'ms/page':>9}{'lxml ms':>9}{'x lxml':>8}"
    )
    print(header)
    print("-" * len(header))
    totals: dict[tuple[str, str], list[Row]] = {}
    for case in cases:
        tree = lxml_html.document_fromstring(case.html)
        page_text = flat(" ".join(tree.itertext()))
        extractors: dict[str, Extractor] = {}
        if not args.only or "newscrawl" in args.only:
            extractors["newscrawl"] = _newscrawl(case.source)
        extractors.update({n: x for n, x in generic.items() if callable(x)})
        for name, extractor in extractors.items():
            row = measure(extractor, case, page_text, args.runs, clock)
            totals.setdefault((case.source, name), []).append(row)
            print(
                f"{case.source:15}{case.generation:20}{name:18}{row.f1:6.3f}"
                f"{'yes' if row.title else 'no':>6}"
                f"{f'{row.passages}/{row.passages_total}':>10}"
                f"{f'{row.leaked}/{row.boilerplate_total}':>10}"
                f"{row.ms:9.2f}{row.lxml_ms:9.2f}{row.x_lxml:8.1f}"
            )
    print()
    print("Per source: F1 mean (min), titles exact, passages found, boilerplate")
    print(
        "let through, median ms/page and median of the pages' ratios to lxml's parse."
    )
    summary = (
        f"{'source':15}{'extractor':18}{'F1 mean':>8}{'min':>7}{'titles':>8}"
        f"{'passages':>10}{'boilerpl.':>10}{'ms/page':>9}{'x lxml':>8}"
    )
    print(summary)
    print("-" * len(summary))
    for (source, name), rows in totals.items():
        ms = statistics.median(row.ms for row in rows)
        x_lxml = statistics.median(row.x_lxml for row in rows)
        titles = f"{sum(r.title for r in rows)}/{len(rows)}"
        passages = _ratio(rows, "passages", "passages_total")
        leaked = _ratio(rows, "leaked", "boilerplate_total")
        print(
            f"{source:15}{name:18}{statistics.mean(r.f1 for r in rows):8.3f}"
            f"{min(r.f1 for r in rows):7.3f}{titles:>8}{passages:>10}{leaked:>10}"
            f"{ms:9.2f}{x_lxml:8.1f}"
        )


def _ratio(rows: list[Row], part: str, whole: str) -> str:
    """Two counts summed over *rows*, as found/total."""
    return (
        f"{sum(getattr(r, part) for r in rows)}/{sum(getattr(r, whole) for r in rows)}"
    )


if __name__ == "__main__":
    main()
